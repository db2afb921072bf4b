//! The "Bản nháp" dialog: every draft kept in this browser with its last change; open,
//! duplicate, rename, delete (after confirmation).

use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, HtmlInputElement, KeyboardEvent, StorageEvent};
use yew::prelude::*;

use super::drafts::{self, Entry};
use super::state::Focus;
use super::storage::{self, StoreRef};
use super::web;

/// The store, compared by identity (it is the same for the app's whole life).
#[derive(Clone)]
pub struct StoreProp(pub StoreRef);

impl PartialEq for StoreProp {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub store: StoreProp,
    /// The dialog has closed (Esc, "Đóng", or a draft was opened).
    pub on_close: Callback<()>,
}

fn button_id(id: &str, what: &str) -> String {
    format!("draft-{id}-{what}")
}

#[function_component]
pub fn DraftsDialog(props: &Props) -> Html {
    let store = props.store.0.clone();
    let entries = use_state(storage::list);
    let renaming = use_state(|| None::<(String, String)>);
    let status = use_state(String::new);
    let error = use_state(String::new);
    let focus = use_state(|| None::<Focus>);
    let dialog = use_node_ref();

    // Open as a modal dialog; follow changes made in other tabs while open.
    {
        let (dialog, entries) = (dialog.clone(), entries.setter());
        use_effect_with((), move |_| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                let _ = d.show_modal();
            }
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "storage", move |e| {
                    if e.dyn_ref::<StorageEvent>().is_some_and(storage::is_list_event) {
                        entries.set(storage::list());
                    }
                })
            });
            move || drop(listener)
        });
    }
    use_effect_with((*focus).clone(), |f| {
        if let Some(f) = f {
            web::focus(f);
        }
    });

    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                d.close();
            }
        })
    };
    let onclose = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: Event| on_close.emit(()))
    };
    let refresh = {
        let entries = entries.setter();
        move || entries.set(storage::list())
    };
    let current = store.borrow().id.clone();
    let count = entries.len();

    let item = |e: &Entry| -> Html {
        let id = e.id.clone();
        let name = e.name.clone();
        let is_current = id == current;
        let when = drafts::format_time(storage::local_time(e.updated));
        let open = {
            let (store, dialog, error, id) = (store.clone(), dialog.clone(), error.clone(), id.clone());
            Callback::from(move |_: MouseEvent| match storage::open(&store, &id) {
                Ok(()) => {
                    if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                        d.close();
                    }
                }
                Err(msg) => error.set(msg),
            })
        };
        let duplicate = {
            let (store, status, error, refresh, id) =
                (store.clone(), status.clone(), error.clone(), refresh.clone(), id.clone());
            Callback::from(move |_: MouseEvent| match storage::duplicate(&store, &id) {
                Ok(copy) => {
                    error.set(String::new());
                    status.set(format!("Đã tạo bản nháp “{copy}”."));
                    refresh();
                }
                Err(msg) => error.set(msg),
            })
        };
        let start_rename = {
            let (renaming, focus, id, name) = (renaming.clone(), focus.clone(), id.clone(), name.clone());
            Callback::from(move |_: MouseEvent| {
                renaming.set(Some((id.clone(), name.clone())));
                focus.set(Some(Focus::Id(button_id(&id, "name"))));
            })
        };
        let delete = {
            let (store, status, error, refresh, focus, id, name) = (
                store.clone(),
                status.clone(),
                error.clone(),
                refresh.clone(),
                focus.clone(),
                id.clone(),
                name.clone(),
            );
            Callback::from(move |_: MouseEvent| {
                let question = if is_current {
                    format!("Xóa bản nháp “{name}” đang mở? Không thể hoàn tác.")
                } else {
                    format!("Xóa bản nháp “{name}”? Không thể hoàn tác.")
                };
                if !web::confirm(&question) {
                    return;
                }
                match storage::delete(&store, &id) {
                    Ok(()) => {
                        error.set(String::new());
                        status.set(format!("Đã xóa bản nháp “{name}”."));
                        refresh();
                        focus.set(Some(Focus::Id("drafts-title".into())));
                    }
                    Err(msg) => error.set(msg),
                }
            })
        };
        let editing = renaming.as_ref().filter(|(rid, _)| *rid == id).map(|(_, text)| text.clone());
        let name_view = match editing {
            Some(text) => {
                let input_id = button_id(&id, "name");
                let oninput = {
                    let (renaming, id) = (renaming.clone(), id.clone());
                    Callback::from(move |e: InputEvent| {
                        let v = e.target_unchecked_into::<HtmlInputElement>().value();
                        renaming.set(Some((id.clone(), v)));
                    })
                };
                let cancel_rename = {
                    let (renaming, focus, id) = (renaming.clone(), focus.clone(), id.clone());
                    move || {
                        renaming.set(None);
                        focus.set(Some(Focus::Id(button_id(&id, "rename"))));
                    }
                };
                let onkeydown = {
                    let cancel_rename = cancel_rename.clone();
                    Callback::from(move |e: KeyboardEvent| {
                        if e.key() == "Escape" {
                            // Cancel the renaming, not the dialog.
                            e.prevent_default();
                            e.stop_propagation();
                            cancel_rename();
                        }
                    })
                };
                let onsubmit = {
                    let (renaming, status, error, refresh, focus, id) =
                        (renaming.clone(), status.clone(), error.clone(), refresh.clone(), focus.clone(), id.clone());
                    let text = text.clone();
                    Callback::from(move |e: SubmitEvent| {
                        e.prevent_default();
                        match storage::rename(&id, &text) {
                            Ok(new) => {
                                error.set(String::new());
                                status.set(format!("Đã đổi tên thành “{new}”."));
                                renaming.set(None);
                                refresh();
                                focus.set(Some(Focus::Id(button_id(&id, "rename"))));
                            }
                            Err(msg) => error.set(msg),
                        }
                    })
                };
                let cancel = Callback::from(move |_: MouseEvent| cancel_rename());
                let select_all = Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select());
                html! {
                    <form class="rename" {onsubmit}>
                        <label for={input_id.clone()}>{ format!("Tên mới cho “{name}”") }</label>
                        <input type="text" id={input_id} value={text} maxlength={drafts::MAX_NAME_CHARS.to_string()}
                            autocomplete="off" {oninput} {onkeydown} onfocus={select_all} />
                        <button type="submit" class="btn small primary">{ "Lưu tên" }</button>
                        <button type="button" class="btn small" onclick={cancel}>{ "Hủy" }</button>
                    </form>
                }
            }
            None => html! {
                <p class="draft-name">
                    <span class="name">{ name.clone() }</span>
                    if is_current {
                        <span class="badge">{ "Đang mở" }</span>
                    }
                </p>
            },
        };
        html! {
            <li class={if is_current { "draft-item current" } else { "draft-item" }} key={id.clone()}
                aria-current={is_current.then_some("true")}>
                <div class="draft-info">
                    { name_view }
                    <p class="draft-time">{ format!("Sửa lần cuối: {when}") }</p>
                </div>
                <div class="draft-actions">
                    if !is_current {
                        <button type="button" class="btn small primary" id={button_id(&id, "open")}
                            aria-label={format!("Mở bản nháp “{name}”")} onclick={open}>{ "Mở" }</button>
                    }
                    <button type="button" class="btn small" id={button_id(&id, "copy")}
                        aria-label={format!("Nhân bản bản nháp “{name}”")} onclick={duplicate}>{ "Nhân bản" }</button>
                    <button type="button" class="btn small" id={button_id(&id, "rename")}
                        aria-label={format!("Đổi tên bản nháp “{name}”")} onclick={start_rename}>{ "Đổi tên" }</button>
                    <button type="button" class="btn small danger" id={button_id(&id, "delete")}
                        aria-label={format!("Xóa bản nháp “{name}”")} onclick={delete}>{ "Xóa" }</button>
                </div>
            </li>
        }
    };

    html! {
        <dialog ref={dialog.clone()} class="drafts-dialog" aria-labelledby="drafts-title" aria-describedby="drafts-note" {onclose}>
            <div class="dialog-head">
                <h2 id="drafts-title" tabindex="-1">{ "Bản nháp" }</h2>
                <button type="button" class="btn small" onclick={close.clone()}>{ "Đóng" }</button>
            </div>
            <p id="drafts-note" class="dialog-note">
                { "Các bản nháp được tự động lưu trong trình duyệt này, trên máy này. Để chuyển sang máy khác hoặc cất giữ lâu dài, dùng “Lưu tệp” rồi “Mở tệp” (có thể kéo thả tệp .baocao.json vào trang)." }
            </p>
            <p class="dialog-status" role="status" aria-live="polite">{ (*status).clone() }</p>
            <p class="dialog-error" role="alert">{ (*error).clone() }</p>
            if count == 0 {
                <p class="empty">{ "Chưa có bản nháp nào được lưu trong trình duyệt này." }</p>
            } else {
                <ul class="draft-list" aria-label={format!("{count} bản nháp")}>
                    { for entries.iter().map(item) }
                </ul>
            }
        </dialog>
    }
}
