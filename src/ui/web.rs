//! Side effects at the edge: localStorage, focus and scrolling, file download, print, dialogs.
//! Every function fails quietly (returns false/None) when the browser refuses.

use std::cell::OnceCell;

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, ScrollIntoViewOptions, ScrollLogicalPosition, Storage, Window};

use super::state::{Focus, State, BROKEN_KEY, DRAFT_KEY, STEP_KEY};
use crate::model::Draft;

pub const DOCX_MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn window() -> Option<Window> {
    web_sys::window()
}

fn document() -> Option<Document> {
    window()?.document()
}

/// localStorage, if it can be read and written (it throws in some private modes and sandboxes).
fn storage() -> Option<Storage> {
    let s = window()?.local_storage().ok()??;
    let probe = "baocao.probe";
    s.set_item(probe, "1").ok()?;
    s.remove_item(probe).ok()?;
    Some(s)
}

/// The current year, for a new draft.
pub fn current_year() -> i32 {
    js_sys::Date::new_0().get_full_year() as i32
}

/// The state at start-up: the autosaved draft and step, if any.
pub fn initial_state() -> State {
    let year = current_year();
    match storage() {
        Some(s) => {
            let saved = s.get_item(DRAFT_KEY).ok().flatten();
            let step = s.get_item(STEP_KEY).ok().flatten();
            let state = State::restore(saved.as_deref(), step.as_deref(), year, true);
            // Keep an unreadable save aside instead of overwriting it with the next autosave.
            if let (Some(raw), false) = (&saved, state.notices.is_empty()) {
                let _ = s.set_item(BROKEN_KEY, raw);
            }
            state
        }
        None => State::restore(None, None, year, false),
    }
}

/// Save the draft's JSON; false when storage refused.
pub fn save_draft(d: &Draft) -> bool {
    let Ok(json) = serde_json::to_string(d) else { return false };
    storage().is_some_and(|s| s.set_item(DRAFT_KEY, &json).is_ok())
}

pub fn save_step(id: &str) -> bool {
    storage().is_some_and(|s| s.set_item(STEP_KEY, id).is_ok())
}

/// Is the page being hidden (tab switched, window minimised, page closing)?
pub fn page_hidden() -> bool {
    document().is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

pub fn confirm(message: &str) -> bool {
    window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
}

pub fn print() {
    if let Some(w) = window() {
        let _ = w.print();
    }
}

/// Offer `bytes` as a download named `file_name`.
pub fn download(bytes: &[u8], file_name: &str, mime: &str) -> bool {
    fn go(bytes: &[u8], file_name: &str, mime: &str) -> Option<()> {
        let doc = document()?;
        let body = doc.body()?;
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let a: web_sys::HtmlAnchorElement = doc.create_element("a").ok()?.dyn_into().ok()?;
        a.set_href(&url);
        a.set_download(file_name);
        a.set_hidden(true);
        body.append_child(&a).ok()?;
        a.click();
        a.remove();
        // Revoke once the browser has started the download.
        gloo::timers::callback::Timeout::new(10_000, move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        })
        .forget();
        Some(())
    }
    go(bytes, file_name, mime).is_some()
}

fn css_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn query(root: &Document, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

/// The control for a draft path: the one named so, else the first named under it, else the
/// first control of the nearest enclosing field.
fn find_path(doc: &Document, path: &str) -> Option<Element> {
    let p = css_escape(path);
    if let Some(e) = query(doc, &format!("main [name=\"{p}\"]")) {
        return Some(e);
    }
    if let Some(e) = query(doc, &format!("main [name^=\"{p}.\"]")) {
        return Some(e);
    }
    let mut p = path;
    loop {
        if let Some(w) = query(doc, &format!("main [data-field=\"{}\"]", css_escape(p))) {
            return w.query_selector("input, textarea, select, button:not([disabled])").ok().flatten();
        }
        p = p.rsplit_once('.')?.0;
    }
}

/// Move keyboard focus as requested, scrolling the target into view.
pub fn focus(target: &Focus) {
    let Some(doc) = document() else { return };
    let (el, block) = match target {
        Focus::StepHeading => (doc.get_element_by_id("step-title"), ScrollLogicalPosition::Nearest),
        Focus::Id(id) => (doc.get_element_by_id(id), ScrollLogicalPosition::Nearest),
        Focus::Path(path) => (find_path(&doc, path), ScrollLogicalPosition::Center),
    };
    let Some(el) = el.and_then(|e| e.dyn_into::<HtmlElement>().ok()) else { return };
    let opts = ScrollIntoViewOptions::new();
    opts.set_block(block);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    let _ = el.focus();
}

/// Does the browser size textareas to their content by itself (CSS `field-sizing`)?
fn field_sizing() -> bool {
    thread_local!(static SUPPORTED: OnceCell<bool> = const { OnceCell::new() });
    SUPPORTED.with(|c| *c.get_or_init(|| web_sys::css::supports_with_value("field-sizing", "content").unwrap_or(false)))
}

/// Grow a textarea to its content (only where CSS cannot).
pub fn autosize(el: &HtmlElement) {
    if field_sizing() {
        return;
    }
    let style = el.style();
    let _ = style.set_property("height", "auto");
    let h = el.scroll_height();
    let _ = style.set_property("height", &format!("{}px", h + 2));
}

/// Grow every textarea of the form to its content (after a step change or a new draft).
pub fn autosize_all() {
    if field_sizing() {
        return;
    }
    let Some(doc) = document() else { return };
    let Ok(list) = doc.query_selector_all("main textarea") else { return };
    for i in 0..list.length() {
        if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
            autosize(&el);
        }
    }
}

/// Scroll the preview pane (when it scrolls on its own, i.e. on wide screens) to the first
/// paragraph of the current step.
pub fn scroll_preview_to_current() {
    let Some(doc) = document() else { return };
    let Some(pane) = query(&doc, ".preview-col") else { return };
    if pane.scroll_height() <= pane.client_height() + 1 {
        return;
    }
    let Some(target) = query(&doc, ".sheet .cur") else { return };
    let top = target.get_bounding_client_rect().top() - pane.get_bounding_client_rect().top();
    let new = f64::from(pane.scroll_top()) + top - 56.0;
    pane.set_scroll_top(new.max(0.0) as i32);
}
