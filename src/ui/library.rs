//! The "Bản nháp" dialog: every draft kept in this browser with its kind and last change;
//! open, duplicate, rename, delete (after confirmation). A plain view of
//! [`super::state::Drafts`]; its buttons say what they do in `data-act` (`d-…`, with the
//! draft's id in `data-arg`) and are handled by the app's one click handler, which calls
//! [`perform`].

use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::act_button;
use super::drafts::{self, Entry};
use super::state::{Action, Dialog, Drafts, Focus, State};
use super::storage::{self, StoreRef};
use super::web;
use crate::kinds;

pub const DIALOG_ID: &str = "drafts-dialog";

fn button_id(id: &str, what: &str) -> String {
    format!("draft-{id}-{what}")
}

/// The dialog's state as it opens.
pub fn open() -> Dialog {
    Dialog::Drafts(Drafts { entries: storage::list(), renaming: None, status: String::new(), error: String::new() })
}

/// What a `d-…` button does to the draft `id`.
pub fn perform(act: &str, id: &str, state: &UseReducerHandle<State>, store: &StoreRef) {
    let Dialog::Drafts(dl) = &state.dialog else { return };
    let name = dl.entries.iter().find(|e| e.id == id).map(|e| e.name.clone()).unwrap_or_default();
    let said = |result: Result<String, String>, focus: Option<Focus>| {
        let (status, error) = match result {
            Ok(s) => (s, String::new()),
            Err(e) => (String::new(), e),
        };
        state.dispatch(Action::DraftsSaid { status, error, entries: storage::list(), focus });
    };
    match act {
        "d-open" => match storage::open(store, id) {
            Ok(()) => web::close_dialog(DIALOG_ID),
            Err(msg) => said(Err(msg), None),
        },
        "d-copy" => said(storage::duplicate(store, id).map(|copy| format!("Đã tạo bản nháp “{copy}”.")), None),
        "d-rename" => state.dispatch(Action::Renaming(Some((id.to_string(), name)))),
        "d-cancel" => state.dispatch(Action::Renaming(None)),
        "d-save-name" => {
            let text = dl.renaming.as_ref().map(|(_, t)| t.clone()).unwrap_or_default();
            match storage::rename(id, &text) {
                Ok(new) => {
                    said(Ok(format!("Đã đổi tên thành “{new}”.")), None);
                    state.dispatch(Action::Renaming(None));
                }
                Err(msg) => said(Err(msg), None),
            }
        }
        "d-delete" => {
            let open_here = store.borrow().id == id;
            let question = if open_here {
                format!("Xóa bản nháp “{name}” đang mở? Không thể hoàn tác.")
            } else {
                format!("Xóa bản nháp “{name}”? Không thể hoàn tác.")
            };
            if !web::confirm(&question) {
                return;
            }
            let result = storage::delete(store, id).map(|()| format!("Đã xóa bản nháp “{name}”."));
            let ok = result.is_ok();
            said(result, ok.then(|| Focus::Id("drafts-title".into())));
        }
        _ => {}
    }
}

/// The name of an entry, or the form renaming it.
fn name_view(e: &Entry, editing: Option<&str>, is_current: bool, dispatch: &Callback<Action>) -> Html {
    let Some(text) = editing else {
        return html! {
            <p class="draft-name">
                <span class="name">{ e.name.clone() }</span>
                if is_current {
                    <span class="badge">{ "Đang mở" }</span>
                }
            </p>
        };
    };
    let input_id = button_id(&e.id, "name");
    let oninput = {
        let (d, id) = (dispatch.clone(), e.id.clone());
        Callback::from(move |ev: InputEvent| {
            let v = ev.target_unchecked_into::<HtmlInputElement>().value();
            d.emit(Action::Renaming(Some((id.clone(), v))));
        })
    };
    let onkeydown = {
        let d = dispatch.clone();
        Callback::from(move |ev: KeyboardEvent| {
            if ev.key() == "Escape" {
                // Cancel the renaming, not the dialog.
                ev.prevent_default();
                ev.stop_propagation();
                d.emit(Action::Renaming(None));
            }
        })
    };
    // Enter submits: the app's click handler takes the submit button's click.
    let onsubmit = Callback::from(|ev: SubmitEvent| ev.prevent_default());
    let select_all = Callback::from(|ev: FocusEvent| ev.target_unchecked_into::<HtmlInputElement>().select());
    html! {
        <form class="rename" {onsubmit}>
            <label for={input_id.clone()}>{ format!("Tên mới cho “{}”", e.name) }</label>
            <input type="text" id={input_id} value={text.to_string()} maxlength={drafts::MAX_NAME_CHARS.to_string()}
                autocomplete="off" {oninput} {onkeydown} onfocus={select_all} />
            <button type="submit" class="btn small primary" data-act="d-save-name" data-arg={e.id.clone()}>{ "Lưu tên" }</button>
            { act_button("btn small", None, "d-cancel", Some(e.id.clone()), None, "Hủy") }
        </form>
    }
}

fn item(e: &Entry, dl: &Drafts, current: &str, dispatch: &Callback<Action>) -> Html {
    let id = &e.id;
    let name = &e.name;
    let is_current = *id == current;
    let editing = dl.renaming.as_ref().filter(|(rid, _)| rid == id).map(|(_, t)| t.as_str());
    let when = drafts::format_time(storage::local_time(e.updated));
    let kind = kinds::by_id(&e.kind).map_or(e.kind.as_str(), |k| k.name);
    let act = |act: &'static str, what: &str, text: &'static str, class: &'static str| {
        let label = format!("{text} bản nháp “{name}”");
        act_button(class, Some(button_id(id, what)), act, Some(id.clone()), Some(label), text)
    };
    html! {
        <li class={if is_current { "draft-item current" } else { "draft-item" }} key={id.clone()}
            aria-current={is_current.then_some("true")}>
            <div class="draft-info">
                { name_view(e, editing, is_current, dispatch) }
                if !kind.is_empty() {
                    <p class="draft-kind">{ kind.to_string() }</p>
                }
                <p class="draft-time">{ format!("Sửa lần cuối: {when}") }</p>
            </div>
            <div class="draft-actions">
                if !is_current {
                    { act("d-open", "open", "Mở", "btn small primary") }
                }
                { act("d-copy", "copy", "Nhân bản", "btn small") }
                { act("d-rename", "rename", "Đổi tên", "btn small") }
                { act("d-delete", "delete", "Xóa", "btn small danger") }
            </div>
        </li>
    }
}

/// The dialog. `current`: the id of the draft open in this tab; `on_act`: the app's click
/// handler; `onclose`: the dialog has closed (Esc, "Đóng", or a draft was opened).
pub fn view(
    dl: &Drafts,
    current: &str,
    on_act: Callback<MouseEvent>,
    dispatch: &Callback<Action>,
    onclose: Callback<()>,
) -> Html {
    let onclose = Callback::from(move |_: Event| onclose.emit(()));
    let count = dl.entries.len();
    html! {
        <dialog id={DIALOG_ID} class="app-dialog" aria-labelledby="drafts-title" aria-describedby="drafts-note" {onclose} onclick={on_act}>
            <div class="dialog-head">
                <h2 id="drafts-title" tabindex="-1">{ "Bản nháp" }</h2>
                { act_button("btn small", None, "close", Some(DIALOG_ID.into()), None, "Đóng") }
            </div>
            <p id="drafts-note" class="dialog-note">
                { "Các bản nháp được tự động lưu trong trình duyệt này, trên máy này. Để chuyển sang máy khác hoặc cất giữ lâu dài, dùng “Lưu tệp” rồi “Mở tệp” (có thể kéo thả tệp .baocao.json vào trang)." }
            </p>
            <p class="dialog-status" role="status" aria-live="polite">{ dl.status.clone() }</p>
            <p class="dialog-error" role="alert">{ dl.error.clone() }</p>
            if count == 0 {
                <p class="empty">{ "Chưa có bản nháp nào được lưu trong trình duyệt này." }</p>
            } else {
                <ul class="draft-list" aria-label={format!("{count} bản nháp")}>
                    { for dl.entries.iter().map(|e| item(e, dl, current, dispatch)) }
                </ul>
            }
        </dialog>
    }
}
