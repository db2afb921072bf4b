//! The outline edits of the current step, within any kind: at each of its headings, "Đổi tên
//! đề mục" (a text of the author's; empty keeps the kind's), "Thêm mục con" (a sub-section of
//! free paragraphs at the end of that section) and, for a heading the kind marks optional,
//! "Bỏ mục này". Each edit is undone in one click ("Hoàn tác", "Khôi phục"). The edits live
//! in the draft at `outline` (`document::Outline`), so the preview, the .docx and the text
//! follow. The buttons are handled by the app's one click handler (`data-act`).

use web_sys::InputEvent;
use yew::prelude::*;

use super::form::{self, Ctx};
use super::state::{control_id, outline_button_id, Action};
use super::web;
use crate::frame::path::OUTLINE;
use crate::kind::{Block, Field, FieldType};
use crate::model::Draft;

/// The paragraphs of an added sub-section, edited like every list of paragraphs.
static ADDED_PARAGRAPHS: Field = Field::new("", "Các đoạn của mục con", FieldType::Paragraphs);

/// The index in `list` of the record whose `key` is `value`.
fn index_of(d: &Draft, list: &str, key: &str, value: &str) -> Option<usize> {
    (0..d.len(list)).find(|i| d.text(&format!("{list}.{i}.{key}")) == value)
}

/// A text input editing the draft at `path`.
fn text_field(ctx: &Ctx, path: &str, label: String, placeholder: Option<String>) -> Html {
    let id = control_id(path);
    let d = ctx.dispatch.clone();
    let p = path.to_string();
    let oninput = Callback::from(move |e: InputEvent| {
        if let Some(value) = web::clean_value(&e) {
            d.emit(Action::SetText { path: p.clone(), value });
        }
    });
    html! {
        <div class="field t-line">
            <label for={id.clone()}>{ label }</label>
            <input type="text" id={id} name={path.to_string()} value={ctx.draft.text(path).to_string()}
                autocomplete="off" {placeholder} {oninput} />
        </div>
    }
}

/// A button of the outline acting on the heading `id` (`act`: `ol-…`), named
/// "`text``what` `heading`" ("Đổi tên đề mục II. KẾT QUẢ THỰC HIỆN").
fn button(id: &str, act: &'static str, text: &'static str, what: &str, heading: &str) -> Html {
    let label = format!("{text}{what} {heading}");
    super::act_button("btn small", Some(outline_button_id(id, &act[3..])), act, Some(id.to_string()), Some(label), text)
}

/// The sub-sections the author added at the end of the section headed `id` (`heading`, its
/// `number`).
fn added_view(ctx: &Ctx, id: &str, number: &str, heading: &str) -> Html {
    let list = format!("{OUTLINE}.added");
    let d = ctx.draft;
    html! {
        { for (0..d.len(&list)).filter(|i| d.text(&format!("{list}.{i}.after")) == id).enumerate().map(|(k, i)| {
            let p = format!("{list}.{i}");
            let name = format!("Mục con {} thêm vào {heading}", k + 1);
            html! {
                <fieldset class="outline-added" key={p.clone()}>
                    <legend>{ name.clone() }</legend>
                    { text_field(ctx, &format!("{p}.title"), format!("Tên mục con {} của đề mục {number}", k + 1), None) }
                    { form::list_view(ctx, &ADDED_PARAGRAPHS, &format!("{p}.paragraphs"), &format!("{name} — "), true) }
                    { super::act_button("btn small", None, "ol-remove", Some(i.to_string()), Some(format!("Hoàn tác: bỏ {}", super::state::lower_first(&name))), "Hoàn tác") }
                </fieldset>
            }
        }) }
    }
}

/// One heading of the step, with its edits. `kind_text`: its text in the kind (a template,
/// rendered by the worker).
fn heading_view(ctx: &Ctx, id: &str, number: &str, kind_text: String, optional: bool) -> Html {
    let d = ctx.draft;
    let renamed_list = format!("{OUTLINE}.renamed");
    let renamed = index_of(d, &renamed_list, "id", id);
    let omitted = d.list(&format!("{OUTLINE}.omitted")).contains(&id);
    let text_path = renamed.map(|i| format!("{renamed_list}.{i}.text"));
    let typed = text_path.as_deref().map_or("", |p| d.text(p).trim());
    let heading = format!("{number} {}", if typed.is_empty() { &kind_text } else { typed });
    html! {
        <li class={if omitted { "outline-item omitted" } else { "outline-item" }} key={id.to_string()}>
            <p class="outline-head">
                { heading.clone() }
                if omitted {
                    <span class="outline-note">{ " — đã bỏ khỏi báo cáo (cả các mục bên trong)" }</span>
                }
            </p>
            if let Some(p) = &text_path {
                { text_field(ctx, p, format!("Tên mới của đề mục {number}"), Some(kind_text)) }
            }
            <div class="outline-buttons">
                if renamed.is_some() {
                    { button(id, "ol-unrename", "Hoàn tác", " đổi tên đề mục", number) }
                } else {
                    { button(id, "ol-rename", "Đổi tên đề mục", "", &heading) }
                }
                { button(id, "ol-add", "Thêm mục con", " vào đề mục", &heading) }
                if optional {
                    if omitted {
                        { button(id, "ol-restore", "Khôi phục", " đề mục", &heading) }
                    } else {
                        { button(id, "ol-omit", "Bỏ mục này", ":", &heading) }
                    }
                }
            </div>
            { added_view(ctx, id, number, &heading) }
        </li>
    }
}

/// The headings the current step writes under, with their edits (nothing for a step without
/// a heading of its own). `texts`: each heading's text as the worker rendered it (until it
/// has, a text that quotes nothing is shown as it is, else only the number).
pub fn view(ctx: &Ctx, texts: &[(String, String)], on_act: Callback<MouseEvent>) -> Html {
    let text_of = |id: &str, text: &str| match texts.iter().find(|(i, _)| i == id) {
        Some((_, t)) => t.clone(),
        None if !text.contains('{') => text.to_string(),
        None => String::new(),
    };
    let step = ctx.kind.steps[ctx.state.step].id;
    let heads: Vec<Html> = ctx
        .kind
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading { id, number, text, step: s, optional, .. } if *s == step => {
                Some(heading_view(ctx, id, number, text_of(id, text), *optional))
            }
            _ => None,
        })
        .collect();
    if heads.is_empty() {
        return html! {};
    }
    html! {
        <section class="outline" aria-labelledby="outline-title" onclick={on_act}>
            <h3 id="outline-title">{ "Đề mục trong báo cáo" }</h3>
            <p class="hint">{ "Đổi tên đề mục, thêm mục con hoặc bỏ mục không cần của phần này; bản xem trước và tệp .docx theo ngay." }</p>
            <ul class="outline-list">{ for heads }</ul>
        </section>
    }
}
