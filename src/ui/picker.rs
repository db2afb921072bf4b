//! "Báo cáo mới": a modal dialog listing every kind the page knows — its name, the legal
//! basis it follows and its periods — each with its "Bắt đầu" button, which starts a blank
//! draft of that kind; and "Mở mẫu báo cáo…" to add a kind from a file (`kinds.rs`), marked
//! "mở từ tệp". Its buttons are handled by the app's one click handler (`data-act`).

use yew::prelude::*;

use super::act_button;
use super::state::{control_id, kind_start_id, Picker};
use crate::kind::Kind;
use crate::kinds;

pub const DIALOG_ID: &str = "kind-picker";
/// The hidden file input behind "Mở mẫu báo cáo…".
pub const INPUT_ID: &str = "open-kind-input";
pub const ACCEPT: &str = ".json,application/json";

fn option(k: &Kind) -> Html {
    let id = control_id(&format!("kind.{}", k.id));
    let start = kind_start_id(k.id);
    let periods: Vec<&str> = k.periods.iter().map(|(_, label)| *label).collect();
    html! {
        <li class="kind-option" aria-labelledby={id.clone()}>
            <h3 id={id.clone()}>
                { k.name }
                if kinds::is_own(k) {
                    <span class="badge own">{ "mở từ tệp" }</span>
                }
            </h3>
            <p>{ "Kỳ báo cáo: " }{ periods.join(", ") }</p>
            if !k.basis.is_empty() {
                <p>{ "Căn cứ:" }</p>
                <ul>{ for k.basis.iter().map(|b| html! { <li>{ *b }</li> }) }</ul>
            }
            { act_button("btn primary", Some(start), "start", Some(k.id.to_string()), Some(format!("Bắt đầu báo cáo mới: {}", k.name)), "Bắt đầu") }
        </li>
    }
}

/// The dialog. `on_act`: the app's click handler; `onclose`: the dialog has closed (Esc,
/// "Hủy", or a report was started).
pub fn view(p: &Picker, on_act: Callback<MouseEvent>, onclose: Callback<()>) -> Html {
    let onclose = Callback::from(move |_: Event| onclose.emit(()));
    html! {
        <dialog id={DIALOG_ID} class="app-dialog" aria-labelledby="picker-title" aria-describedby="picker-note" {onclose} onclick={on_act}>
            <div class="dialog-head">
                <h2 id="picker-title" tabindex="-1">{ "Báo cáo mới" }</h2>
                { act_button("btn small", None, "close", Some(DIALOG_ID.into()), None, "Đóng") }
            </div>
            <p id="picker-note" class="dialog-note">
                { "Chọn loại báo cáo để bắt đầu một bản trống; bản đang soạn vẫn được giữ trong danh sách “Bản nháp”. Có mẫu riêng của tỉnh, của ngành (tệp .json) thì bấm “Mở mẫu báo cáo…”." }
            </p>
            <ul class="kind-list" aria-label="Các loại báo cáo">
                { for kinds::all().into_iter().map(option) }
            </ul>
            <p class="dialog-status" role="status" aria-live="polite">{ p.status.clone() }</p>
            <div class="dialog-error" role="alert">
                if !p.problems.is_empty() {
                    <p>{ "Không dùng được tệp mẫu báo cáo này:" }</p>
                    <ul>{ for p.problems.iter().map(|s| html! { <li>{ s.clone() }</li> }) }</ul>
                }
            </div>
            <div class="dialog-buttons">
                <button type="button" class="btn" aria-busy={p.busy.then_some("true")} data-act="kind-file">{ "Mở mẫu báo cáo…" }</button>
                { act_button("btn", None, "close", Some(DIALOG_ID.into()), None, "Hủy") }
            </div>
        </dialog>
    }
}
