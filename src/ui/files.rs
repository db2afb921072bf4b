//! Drafts as files: "Lưu tệp" downloads the draft as `<name>.baocao.json`; "Mở tệp" (file
//! picker) and drag-and-drop open one, or a .docx baocao wrote (its draft is inside), as a
//! new draft. A file that cannot be used is refused
//! with the core's one-sentence reason and the current draft stays exactly as it was.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use super::drafts;
use super::state::{has_content, lower_first, Action, NoticeLevel, State};
use super::storage::{self, StoreRef};
use super::{web, worker};
use crate::draft_io;
use crate::model::Draft;

/// What the file picker accepts: draft files, and the .docx baocao writes (each carries its
/// draft).
pub const ACCEPT: &str =
    ".json,.baocao.json,application/json,.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document";
/// Id of the hidden file input behind the "Mở tệp" button.
pub const INPUT_ID: &str = "open-file-input";
/// Id of the hidden file input (several files) behind "Tổng hợp báo cáo đơn vị".
pub const UNITS_ID: &str = "units-file-input";
const JSON_MIME: &str = "application/json";

/// The draft as pretty JSON, as "Lưu tệp" writes it.
pub fn draft_json(d: &Draft) -> String {
    let mut s = web::stringify_draft(d, true);
    s.push('\n');
    s
}

/// "Lưu tệp": download the current draft.
pub fn save(store: &StoreRef, draft: &Draft, docx_name: &str, dispatch: &Callback<Action>) {
    let name = drafts::file_name(storage::author_name(store).as_deref(), docx_name);
    if web::download(draft_json(draft).as_bytes(), &name, JSON_MIME) {
        dispatch.emit(Action::Notify(NoticeLevel::Info, format!("Đã lưu bản nháp thành tệp “{name}”.")));
    } else {
        dispatch.emit(Action::Notify(NoticeLevel::Error, "Trình duyệt không cho tải tệp về.".into()));
    }
}

/// "Mở tệp" (or "Mở mẫu báo cáo…"): open the picker of the hidden file input `id`.
pub fn pick(id: &str) {
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok());
    if let Some(input) = input {
        input.click();
    }
}

fn refuse(dispatch: &Callback<Action>, file_name: &str, reason: &str) {
    dispatch
        .emit(Action::Notify(NoticeLevel::Error, format!("Không mở được tệp “{file_name}”: {}", lower_first(reason))));
}

/// Open a file as a new draft. Its size is checked before anything is read.
pub fn open(file: web_sys::File, store: StoreRef, state: &State, dispatch: Callback<Action>) {
    let file_name = file.name();
    // Storage disabled: the new draft replaces the one in memory, so ask first.
    let ask = !store.borrow().enabled && has_content(state.kind, &state.draft, worker::cached_sample().as_deref());
    read_bytes(
        file,
        Box::new(move |bytes| {
            let bytes = match bytes {
                Ok(b) => b,
                Err(reason) => return refuse(&dispatch, &file_name, &reason),
            };
            // Read in the worker (like `baocao render` reads a file: the line and column of a
            // JSON error, version migration, field types, NFC; a .docx gives its draft).
            worker::open(
                bytes,
                Box::new(move |result| match result {
                    Ok((draft, edited)) => {
                        if ask && !web::confirm("Mở tệp này thay cho bản đang soạn? Trình duyệt không lưu được bản nháp, nên nội dung đang soạn sẽ mất nếu chưa lưu thành tệp.") {
                    return;
                }
                        let name = drafts::name_from_file(&file_name);
                        let notice = format!("Đã mở tệp “{file_name}” thành bản nháp “{name}”.");
                        storage::start_new(&store, draft, Some(name), notice);
                        if let Some(edited) = edited {
                            dispatch.emit(Action::Notify(NoticeLevel::Warning, edited));
                        }
                    }
                    Err(reason) => refuse(&dispatch, &file_name, &reason),
                }),
            );
        }),
    );
}

/// A file's bytes, or why they cannot be used (its size is checked before anything is read).
fn read_bytes(file: web_sys::File, done: Box<dyn FnOnce(Result<Vec<u8>, String>)>) {
    if let Err(e) = draft_io::check_size(file.size() as u64) {
        return done(Err(e.0));
    }
    let done = Rc::new(std::cell::RefCell::new(Some(done)));
    let failed = {
        let done = done.clone();
        Closure::once_into_js(move |_: JsValue| {
            if let Some(f) = done.borrow_mut().take() {
                f(Err("Trình duyệt không đọc được tệp.".into()));
            }
        })
    };
    let read = {
        let done = done.clone();
        Closure::once_into_js(move |buffer: JsValue| {
            if let Some(f) = done.borrow_mut().take() {
                f(Ok(js_sys::Uint8Array::new(&buffer).to_vec()));
            }
        })
    };
    // promise.then(read, failed), with self-freeing one-shot functions.
    let promise: JsValue = file.array_buffer().into();
    let then = js_sys::Reflect::get(&promise, &JsValue::from_str("then")).ok();
    match then.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        Some(then) => {
            let _ = then.call2(&promise, &read, &failed);
        }
        None => {
            let _ = failed.unchecked_ref::<js_sys::Function>().call1(&JsValue::NULL, &JsValue::NULL);
        }
    }
}

/// "Tổng hợp báo cáo đơn vị": the files chosen (the units' drafts, or the .docx baocao wrote
/// for them), read here and handed together to the worker, which reads and sums them into `base` (the draft being written: the
/// higher level's letterhead, period and texts). The summary opens as a new draft; a file
/// that cannot be read, and a unit refused or doubled, each get their sentence.
pub fn aggregate(files: Vec<web_sys::File>, store: StoreRef, base: Rc<Draft>, dispatch: Callback<Action>) {
    read_units(files.into_iter().rev().collect(), Vec::new(), store, base, dispatch);
}

fn read_units(
    mut rest: Vec<web_sys::File>,
    mut units: Vec<(String, Vec<u8>)>,
    store: StoreRef,
    base: Rc<Draft>,
    dispatch: Callback<Action>,
) {
    let Some(file) = rest.pop() else {
        return sum_units(units, store, base, dispatch);
    };
    let name = file.name();
    read_bytes(
        file,
        Box::new(move |bytes| {
            match bytes {
                Ok(bytes) => units.push((name, bytes)),
                Err(reason) => refuse(&dispatch, &name, &reason),
            }
            read_units(rest, units, store, base, dispatch);
        }),
    );
}

/// The units' files read and summed by the worker; the summary opens as a new draft.
fn sum_units(units: Vec<(String, Vec<u8>)>, store: StoreRef, base: Rc<Draft>, dispatch: Callback<Action>) {
    if units.is_empty() {
        let why = "Chưa có báo cáo đơn vị nào đọc được để tổng hợp.";
        return dispatch.emit(Action::Notify(NoticeLevel::Error, why.into()));
    }
    worker::aggregate(&base, units, move |result| match result {
        Ok(summary) => {
            storage::start_new(&store, summary.draft, None, summary.said);
            for notice in summary.notices {
                dispatch.emit(Action::Notify(NoticeLevel::Warning, notice));
            }
        }
        Err(why) => {
            dispatch.emit(Action::Notify(NoticeLevel::Error, format!("Chưa tổng hợp được: {}", lower_first(&why))))
        }
    });
}

/// The files chosen in the hidden input (then cleared, so the same files can be chosen again).
pub fn take_all(e: &Event) -> Vec<web_sys::File> {
    let Some(input) = e.target_dyn_into::<HtmlInputElement>() else { return Vec::new() };
    let list = input.files();
    let files = list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default();
    input.set_value("");
    files
}

/// The file chosen in the hidden input (then cleared, so the same file can be chosen again).
pub fn take_chosen(e: &Event) -> Option<web_sys::File> {
    let input: HtmlInputElement = e.target_dyn_into()?;
    let file = input.files().and_then(|l| l.get(0));
    input.set_value("");
    file
}

/// Does a drag carry files?
fn has_files(e: &DragEvent) -> bool {
    e.data_transfer().is_some_and(|dt| dt.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
}

/// Drag-and-drop of a file anywhere on the page: the listeners, added to `listeners` (kept
/// for the page's life). `dragging` is told whether a file is being dragged over the page
/// (to show the drop hint); `on_file` gets the file dropped.
pub fn listen_drop(listeners: &mut Vec<EventListener>, dragging: Callback<bool>, on_file: Callback<web_sys::File>) {
    let Some(w) = web_sys::window() else { return };
    let depth = std::rc::Rc::new(std::cell::Cell::new(0i32));
    let opts = EventListenerOptions::enable_prevent_default();
    let (d, s) = (depth.clone(), dragging.clone());
    listeners.push(EventListener::new_with_options(&w, "dragenter", opts, move |e| {
        let Some(e) = e.dyn_ref::<DragEvent>() else { return };
        if has_files(e) {
            e.prevent_default();
            d.set(d.get() + 1);
            s.emit(true);
        }
    }));
    listeners.push(EventListener::new_with_options(&w, "dragover", opts, move |e| {
        let Some(e) = e.dyn_ref::<DragEvent>() else { return };
        if has_files(e) {
            // Without this the browser would open the file itself.
            e.prevent_default();
            if let Some(dt) = e.data_transfer() {
                dt.set_drop_effect("copy");
            }
        }
    }));
    let (d, s) = (depth.clone(), dragging.clone());
    listeners.push(EventListener::new(&w, "dragleave", move |e| {
        let Some(e) = e.dyn_ref::<DragEvent>() else { return };
        if has_files(e) {
            d.set((d.get() - 1).max(0));
            if d.get() == 0 {
                s.emit(false);
            }
        }
    }));
    listeners.push(EventListener::new_with_options(&w, "drop", opts, move |e| {
        let Some(e) = e.dyn_ref::<DragEvent>() else { return };
        if !has_files(e) {
            return;
        }
        e.prevent_default();
        depth.set(0);
        dragging.emit(false);
        if let Some(f) = e.data_transfer().and_then(|dt| dt.files()).and_then(|l| l.get(0)) {
            on_file.emit(f);
        }
    }));
}

/// The hint shown while a file is dragged over the page.
pub fn drop_hint(dragging: bool) -> Html {
    if !dragging {
        return html! {};
    }
    html! {
        <div class="drop-hint" aria-hidden="true">
            <p>{ "Thả tệp bản nháp (.baocao.json) hoặc tệp .docx do baocao tạo vào đây để mở" }</p>
        </div>
    }
}

/// A hidden file input a button opens ("Mở tệp", "Mở mẫu báo cáo…"; `multiple`: "Tổng hợp
/// báo cáo đơn vị").
pub fn input(id: &'static str, accept: &'static str, multiple: bool, onchange: Callback<Event>) -> Html {
    html! {
        <input type="file" {id} {accept} {multiple} hidden=true tabindex="-1" aria-hidden="true" {onchange} />
    }
}
