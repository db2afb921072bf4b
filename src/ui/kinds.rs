//! The kinds the page gets from the worker: the page embeds only the default kind's form (the
//! first load stays small); the other bundled kinds' forms come from the worker once it runs
//! (op `kinds`), and so do the kind files the author opened ("Mở mẫu báo cáo", op `kind`),
//! which are kept in localStorage beside the drafts and read again at every start.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

use super::state::{lower_first, Action, NoticeLevel};
use super::{storage, worker};
use crate::kinds;

/// The longest kind file read (the bundled ones are about 40 KB).
const MAX_BYTES: f64 = 1024.0 * 1024.0;

/// Install a form the worker read, unless the page has that kind already (`own`: a file the
/// author opened, which replaces a kind of the same id).
fn install(form: &serde_json::Value, own: bool) -> Option<&'static str> {
    let id = form.get("id").and_then(|i| i.as_str())?;
    if !own && kinds::by_id(id).is_some() {
        return Some(kinds::by_id(id)?.id);
    }
    kinds::install_form(form, own).map(|k| k.id)
}

/// At start-up (once the form shows): the forms of the bundled kinds the page does not embed,
/// then the kind files kept in this browser; `done` once all are installed (or the worker
/// could not be asked).
pub fn load(dispatch: Callback<Action>, done: impl FnOnce() + 'static) {
    worker::kinds(move |forms| {
        for f in forms.iter().flatten() {
            install(f, false);
        }
        read_kept(storage::kind_texts(), dispatch, Box::new(done));
    });
}

/// The kind files kept in this browser, one after the other, then `done`.
fn read_kept(mut texts: Vec<String>, dispatch: Callback<Action>, done: Box<dyn FnOnce()>) {
    let Some(text) = texts.pop() else { return done() };
    worker::kind(text, move |answer| {
        match answer {
            Ok(Ok(form)) => {
                install(&form, true);
            }
            Ok(Err(problems)) => dispatch.emit(Action::Notify(
                NoticeLevel::Error,
                format!(
                    "Mẫu báo cáo đã mở trước đây không còn đọc được: {}",
                    lower_first(problems.first().map_or("", String::as_str))
                ),
            )),
            Err(_) => {}
        }
        read_kept(texts, dispatch, done);
    });
}

/// "Mở mẫu báo cáo": read a kind file in the worker; when it reads, install its kind, keep
/// the file in this browser and select it in the picker; else show its problems there.
pub fn open_file(file: web_sys::File, dispatch: Callback<Action>) {
    let file_name = file.name();
    if file.size() > MAX_BYTES {
        dispatch.emit(Action::KindFileProblems(vec![format!(
            "Tệp “{file_name}” quá lớn; tệp mẫu báo cáo không vượt quá 1 MB."
        )]));
        return;
    }
    dispatch.emit(Action::KindFileBusy);
    let failed = {
        let d = dispatch.clone();
        Closure::once_into_js(move |_: JsValue| {
            d.emit(Action::KindFileProblems(vec!["Trình duyệt không đọc được tệp.".into()]))
        })
    };
    let read = Closure::once_into_js(move |text: JsValue| {
        let text = text.as_string().unwrap_or_default();
        worker::kind(text.clone(), move |answer| {
            let problems = match answer {
                Ok(Ok(form)) => match install(&form, true) {
                    Some(id) => {
                        if storage::keep_kind(id, &text).is_err() {
                            dispatch.emit(Action::Notify(
                                NoticeLevel::Warning,
                                format!("Trình duyệt không lưu được mẫu báo cáo từ tệp “{file_name}”; sau khi tải lại trang cần mở lại tệp này."),
                            ));
                        }
                        dispatch.emit(Action::KindFileRead { id: id.to_string(), file: file_name });
                        return;
                    }
                    None => vec!["Trang không dùng được mẫu báo cáo này.".to_string()],
                },
                Ok(Err(problems)) => problems,
                Err(why) => vec![why],
            };
            dispatch.emit(Action::KindFileProblems(problems));
        });
    });
    // file.text().then(read, failed), with self-freeing one-shot functions.
    let promise: JsValue = file.text().into();
    let then = js_sys::Reflect::get(&promise, &JsValue::from_str("then")).ok();
    if let Some(then) = then.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        let _ = then.call2(&promise, &read, &failed);
    }
}
