//! Side effects at the edge: focus and scrolling, text controls, file download, print,
//! dialogs (localStorage is in `storage.rs`).
//! Every function fails quietly (returns false/None) when the browser refuses.

use std::cell::OnceCell;

use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement, InputEvent, ScrollIntoViewOptions,
    ScrollLogicalPosition, Window,
};

use super::state::Focus;
use crate::text;

pub const DOCX_MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn window() -> Option<Window> {
    web_sys::window()
}

fn document() -> Option<Document> {
    window()?.document()
}

/// The current year, for a new draft.
pub fn current_year() -> i32 {
    js_sys::Date::new_0().get_full_year() as i32
}

/// Is the page being hidden (tab switched, window minimised, page closing)?
pub fn page_hidden() -> bool {
    document().is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

pub fn confirm(message: &str) -> bool {
    window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
}

/// Add `<link rel={rel} href={href}>` to the page's head (what the first load leaves out).
pub fn link(rel: &str, href: &str) {
    let Some(doc) = document() else { return };
    let (Ok(link), Some(head)) = (doc.create_element("link"), doc.head()) else { return };
    let _ = link.set_attribute("rel", rel);
    let _ = link.set_attribute("href", href);
    let _ = head.append_child(&link);
}

/// The action a click asks for: the `data-act` (and `data-arg`) of the element clicked or
/// the nearest one around it that has one.
pub fn action_of(e: &web_sys::MouseEvent) -> Option<(String, String)> {
    let target: Element = e.target()?.dyn_into().ok()?;
    let el = target.closest("[data-act]").ok()??;
    Some((el.get_attribute("data-act")?, el.get_attribute("data-arg").unwrap_or_default()))
}

fn dialog(id: &str) -> Option<web_sys::HtmlDialogElement> {
    document()?.get_element_by_id(id)?.dyn_into().ok()
}

/// Show the dialog `id` as a modal (unless it is open already).
pub fn show_modal(id: &str) {
    if let Some(d) = dialog(id).filter(|d| !d.open()) {
        let _ = d.show_modal();
    }
}

/// Close the dialog `id` (its `close` event follows).
pub fn close_dialog(id: &str) {
    if let Some(d) = dialog(id) {
        d.close();
    }
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

/// Is a text selected in the page (a click then ends a selection, and does nothing else)?
pub fn selecting() -> bool {
    window().and_then(|w| w.get_selection().ok().flatten()).is_some_and(|s| !s.is_collapsed())
}

/// The blocks of the preview's measuring container (`ui::sheet::measure`).
pub fn measured() -> Option<web_sys::NodeList> {
    document()?.query_selector_all("#measure > *").ok()
}

/// The top of each block of the measuring container, then the bottom of the last, CSS px.
pub fn block_tops(list: Option<&web_sys::NodeList>) -> Vec<f64> {
    let mut out = Vec::new();
    let mut bottom = 0.0;
    if let Some(list) = list {
        for i in 0..list.length() {
            if let Some(n) = list.item(i) {
                let r = n.unchecked_into::<Element>().get_bounding_client_rect();
                out.push(r.top());
                bottom = r.bottom();
            }
        }
    }
    out.push(bottom);
    out
}

/// The UTF-16 offset, in the text of block `block` of the measuring container, of the first
/// character laid out below `y` (the start of a line), found by bisection over the characters'
/// boxes; the text's length when there is none.
pub fn line_start(list: Option<&web_sys::NodeList>, block: u32, y: f64) -> u32 {
    let (Some(doc), Some(el)) = (document(), list.and_then(|l| l.item(block))) else { return 0 };
    // The paragraph's text nodes (runs: bare, or in a span), with their lengths.
    let mut nodes = Vec::new();
    let children = el.child_nodes();
    for i in 0..children.length() {
        let Some(c) = children.item(i) else { continue };
        let text = if c.node_value().is_some() { Some(c) } else { c.child_nodes().item(0) };
        if let Some(t) = text {
            let len = t.node_value().map_or(0, |v| v.encode_utf16().count() as u32);
            nodes.push((t, len));
        }
    }
    let Ok(range) = doc.create_range() else { return 0 };
    let below = |mut at: u32| {
        for (t, len) in &nodes {
            if at < *len {
                let ok = range.set_start(t, at).is_ok() && range.set_end(t, at + 1).is_ok();
                return ok && range.get_bounding_client_rect().top() > y;
            }
            at -= len;
        }
        true
    };
    let (mut lo, mut hi) = (0, nodes.iter().map(|(_, l)| l).sum::<u32>());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if below(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// A text control (input or textarea).
trait TextControl {
    fn get(&self) -> String;
    fn put(&self, v: &str);
    fn caret(&self) -> Option<u32>;
    fn set_caret(&self, at: u32);
}

macro_rules! text_control {
    ($($t:ty),*) => {$(
        impl TextControl for $t {
            fn get(&self) -> String {
                self.value()
            }
            fn put(&self, v: &str) {
                self.set_value(v)
            }
            fn caret(&self) -> Option<u32> {
                self.selection_end().ok().flatten()
            }
            fn set_caret(&self, at: u32) {
                let _ = self.set_selection_range(at, at);
            }
        }
    )*};
}
text_control!(HtmlInputElement, HtmlTextAreaElement);

/// The first `units` UTF-16 code units of `s` (as the DOM counts a caret position).
fn utf16_prefix(s: &str, units: usize) -> &str {
    let mut n = 0;
    for (i, c) in s.char_indices() {
        if n >= units {
            return &s[..i];
        }
        n += c.len_utf16();
    }
    s
}

fn clean_in(el: &impl TextControl, composing: bool) -> Option<String> {
    let raw = el.get();
    let clean = text::clean(&raw);
    if clean == raw {
        return Some(clean);
    }
    if composing {
        return None;
    }
    let caret = el.caret();
    el.put(&clean);
    if let Some(c) = caret {
        let at = text::clean(utf16_prefix(&raw, c as usize)).encode_utf16().count();
        el.set_caret(at as u32);
    }
    Some(clean)
}

/// The text of the control an input event came from, cleaned as the draft stores it (NFC,
/// Windows/old-Mac line ends, no characters XML forbids). When cleaning changed it, the
/// control shows the clean text with the caret kept in place — except during an IME
/// composition, which must not be disturbed: then `None`, and the input is sent again when
/// the composition ends (see `resend_after_composition`).
pub fn clean_value(e: &InputEvent) -> Option<String> {
    let target = e.target()?;
    if let Some(el) = target.dyn_ref::<HtmlTextAreaElement>() {
        return clean_in(el, e.is_composing());
    }
    if let Some(el) = target.dyn_ref::<HtmlInputElement>() {
        return clean_in(el, e.is_composing());
    }
    None
}

/// At the end of an IME composition, send the control's input again (outside the
/// composition), so that text held back by [`clean_value`] reaches the draft.
pub fn resend_after_composition(e: &web_sys::Event) {
    let Some(target) = e.target() else { return };
    if target.dyn_ref::<HtmlTextAreaElement>().is_none() && target.dyn_ref::<HtmlInputElement>().is_none() {
        return;
    }
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    if let Ok(ev) = InputEvent::new_with_event_init_dict("input", &init) {
        let _ = target.dispatch_event(&ev);
    }
}

/// Deepest nesting [`parse_json`] converts (serde_json's own limit).
const JSON_DEPTH: usize = 128;

/// JSON text parsed by the browser's `JSON.parse` into a [`serde_json::Value`] (`None`: not
/// JSON, or nested deeper than serde_json allows). The page reads storage and the worker's
/// answers with it, so its wasm carries no JSON parser; files are read in the worker, which
/// gives the line and column of a syntax error.
pub fn parse_json(text: &str) -> Option<serde_json::Value> {
    js_json(&js_sys::JSON::parse(text).ok()?)
}

/// A JS value made of plain objects, arrays, strings, numbers, booleans and null (what
/// `JSON.parse` gives, or what the worker posts) as a [`serde_json::Value`].
pub fn js_json(v: &wasm_bindgen::JsValue) -> Option<serde_json::Value> {
    js_to_json(v, 0)
}

fn js_to_json(v: &wasm_bindgen::JsValue, depth: usize) -> Option<serde_json::Value> {
    use serde_json::{Map, Number, Value};
    if depth > JSON_DEPTH {
        return None;
    }
    Some(if v.is_null() || v.is_undefined() {
        Value::Null
    } else if let Some(b) = v.as_bool() {
        Value::Bool(b)
    } else if let Some(n) = v.as_f64() {
        // Whole numbers stay integers, as serde_json reads them; others are floats.
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
        if n.fract() == 0.0 && n.abs() <= EXACT {
            if n >= 0.0 {
                Value::from(n as u64)
            } else {
                Value::from(n as i64)
            }
        } else {
            Number::from_f64(n).map_or(Value::Null, Value::Number)
        }
    } else if let Some(s) = v.as_string() {
        Value::String(s)
    } else if js_sys::Array::is_array(v) {
        let a: &js_sys::Array = v.unchecked_ref();
        let mut out = Vec::with_capacity(a.length() as usize);
        for item in a.iter() {
            out.push(js_to_json(&item, depth + 1)?);
        }
        Value::Array(out)
    } else {
        let mut out = Map::new();
        for entry in js_sys::Object::entries(v.unchecked_ref()).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            let key = pair.get(0).as_string()?;
            out.insert(key, js_to_json(&pair.get(1), depth + 1)?);
        }
        Value::Object(out)
    })
}

/// A value as JSON text, written by the browser's `JSON.stringify` (indented by two spaces
/// when `pretty`), so the page's wasm carries no JSON writer. Object keys come out in the
/// value's order (serde_json keeps them sorted).
pub fn stringify(v: &serde_json::Value, pretty: bool) -> String {
    js_text(&json_to_js(v), pretty)
}

/// A draft as JSON text: `format`, `version` and `kind` first, then the fields.
pub fn stringify_draft(d: &crate::model::Draft, pretty: bool) -> String {
    js_text(&draft_js(d), pretty)
}

fn js_text(js: &wasm_bindgen::JsValue, pretty: bool) -> String {
    let text = if pretty {
        js_sys::JSON::stringify_with_replacer_and_space(
            js,
            &wasm_bindgen::JsValue::NULL,
            &wasm_bindgen::JsValue::from(2),
        )
    } else {
        js_sys::JSON::stringify(js)
    };
    text.ok().and_then(|s| s.as_string()).unwrap_or_default()
}

/// A draft as a plain JS object (`format`, `version` and `kind` first, then the fields).
pub fn draft_js(d: &crate::model::Draft) -> wasm_bindgen::JsValue {
    use wasm_bindgen::JsValue;
    // A JS object keeps the order its (non-numeric) keys were set in.
    let js = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(&js, &JsValue::from_str(k), v);
    };
    set("format", &JsValue::from_str(&d.format));
    set("version", &JsValue::from(d.version));
    set("kind", &JsValue::from_str(&d.kind));
    for (k, v) in &d.fields {
        set(k, &json_to_js(v));
    }
    js.into()
}

pub fn json_to_js(v: &serde_json::Value) -> wasm_bindgen::JsValue {
    use serde_json::Value;
    use wasm_bindgen::JsValue;
    match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from(*b),
        Value::Number(n) => JsValue::from(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(a) => a.iter().map(json_to_js).collect::<js_sys::Array>().into(),
        Value::Object(m) => {
            let o = js_sys::Object::new();
            for (k, v) in m {
                let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &json_to_js(v));
            }
            o.into()
        }
    }
}
