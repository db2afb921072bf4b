//! The web app (Yew, wasm32 only): a thin layer that renders the state and turns events into
//! actions. Report logic comes from the core; everything here is generic over [`crate::kind::Kind`].
//!
//! - `state`: the state and its reducer (pure, no web APIs)
//! - `findings`: the core's findings arranged for the form (`crate::findings`), with the id
//!   of the element the form shows them in
//! - `sheet`: the preview's pages as HTML, drawn by the worker (pure)
//! - `app`: the root component: the header, the notices, what each button does
//! - `hooks`: its effects as custom hooks (start-up, preview and pages, findings, autosave,
//!   shortcuts, focus, the kinds from the worker)
//! - `nav`, `form`, `outline`, `preview`, `checks`, `picker`: views (`outline`: the author's
//!   edits of the headings; `picker`: "Báo cáo mới", which kind)
//! - `kinds`: the kinds the page gets from the worker (bundled forms it does not embed, the
//!   kind files the author opened)
//! - `pages`: the preview's page breaks, from the blocks measured in the page (pure)
//! - `drafts`: the drafts kept in the browser, as pure data (index, records, names, tab rules)
//! - `storage`: localStorage: start-up and migration, autosave between tabs, the drafts list
//! - `files`, `library`: drafts as files (save, open, drag-and-drop) and the drafts dialog
//! - `web`: other side effects (download, print, focus, text controls)
//! - `worker`: the core's heavy half in a Web Worker of its own (checks, sample, opening
//!   files, the .docx writer), and the page's requests to it
//! - `update`: service worker registration and the "new version" notice

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod checks;
/// Pure: compiles and tests natively too.
pub mod drafts;
#[cfg(target_arch = "wasm32")]
mod files;
/// Pure: compiles and tests natively too.
pub mod findings;
#[cfg(target_arch = "wasm32")]
mod form;
#[cfg(target_arch = "wasm32")]
mod grid;
#[cfg(target_arch = "wasm32")]
mod hooks;
#[cfg(target_arch = "wasm32")]
mod kinds;
#[cfg(target_arch = "wasm32")]
mod library;
#[cfg(target_arch = "wasm32")]
mod nav;
#[cfg(target_arch = "wasm32")]
mod outline;
/// Pure: compiles and tests natively too.
pub mod pages;
#[cfg(target_arch = "wasm32")]
mod picker;
#[cfg(target_arch = "wasm32")]
mod preview;
/// Pure: compiles and tests natively too.
pub mod sheet;
/// Pure: compiles and tests natively too.
pub mod state;
#[cfg(target_arch = "wasm32")]
mod storage;
#[cfg(target_arch = "wasm32")]
mod update;
#[cfg(target_arch = "wasm32")]
mod web;
#[cfg(target_arch = "wasm32")]
mod worker;

/// The browser's `normalize`, `toUpperCase` and `toLowerCase`, for the core built without
/// `unicode-tables` (see `text.rs`).
#[cfg(target_arch = "wasm32")]
fn browser_unicode(s: &str, t: crate::text::Transform) -> String {
    use crate::text::Transform;
    let js = js_sys::JsString::from(s);
    match t {
        Transform::Nfc => js.normalize("NFC"),
        Transform::Nfd => js.normalize("NFD"),
        Transform::Upper => js.to_upper_case(),
        Transform::Lower => js.to_lower_case(),
    }
    .into()
}

/// A class attribute from its parts, empty ones left out. A plain string: Yew's `classes!`
/// builds an ordered set at every use, kilobytes of the page's wasm in all.
#[cfg(target_arch = "wasm32")]
fn css_class(parts: &[&str]) -> String {
    let mut s = String::new();
    for p in parts.iter().filter(|p| !p.is_empty()) {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(p);
    }
    s
}

/// A part of the view that Yew draws again only when its stamp (what it shows, as text)
/// changed: a component whose props are equal is skipped whole.
#[cfg(target_arch = "wasm32")]
#[derive(yew::Properties)]
struct MemoProps {
    stamp: String,
    html: yew::Html,
}

#[cfg(target_arch = "wasm32")]
impl PartialEq for MemoProps {
    fn eq(&self, other: &Self) -> bool {
        self.stamp == other.stamp
    }
}

#[cfg(target_arch = "wasm32")]
#[yew::function_component]
fn Memo(props: &MemoProps) -> yew::Html {
    props.html.clone()
}

/// A button that says what it does in `data-act` (and `data-arg`), handled by the app's one
/// click handler. One function for every such button: each `html!` element is code of its
/// own in the page's wasm.
#[cfg(target_arch = "wasm32")]
#[inline(never)]
fn act_button(
    class: &'static str,
    id: Option<String>,
    act: &'static str,
    arg: Option<String>,
    label: Option<String>,
    text: &'static str,
) -> yew::Html {
    yew::html! {
        <button type="button" {class} {id} data-act={act} data-arg={arg} aria-label={label}>{ text }</button>
    }
}

/// Mount the app on the page's body.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    // Before anything reads a draft: text is stored in NFC.
    crate::text::set_unicode(browser_unicode);
    // The default kind's form, parsed by the browser (the page carries no JSON parser); the
    // worker reads the whole files, rules and samples with them, and hands the page the other
    // kinds' forms once it runs (`kinds.rs`).
    for text in crate::kinds::BUNDLED_FORMS {
        if let Some(v) = web::parse_json(text) {
            let _ = crate::kinds::install_form(&v, false);
        }
    }
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("loading")) {
        el.remove();
    }
    yew::Renderer::<app::App>::new().render();
}
