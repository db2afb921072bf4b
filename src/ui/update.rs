//! Offline use and updates: registers the service worker (`sw.js`, written by the post-build
//! hook `scripts/post-build.mjs`) and tells the author when a new version has been deployed.
//!
//! The service worker keeps every built file in a cache named after the build; a new
//! deployment installs beside the old one and waits. The author sees "Đã có phiên bản mới" and
//! chooses when to reload (the draft is autosaved); nothing reloads on its own.
//!
//! Registration happens only when the page carries `<meta name="baocao-sw" content="./sw.js">`,
//! which the hook writes for `trunk build` but not for `trunk serve` (live reload and a cache
//! of the previous build do not mix). The URL is relative, so any sub-path works.

use std::cell::{Cell, RefCell};

use gloo::events::EventListener;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};
use yew::prelude::*;

thread_local! {
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    /// Set when the author asked for the new version: the next controller change reloads.
    static RELOAD_REQUESTED: Cell<bool> = const { Cell::new(false) };
}

fn container() -> Option<ServiceWorkerContainer> {
    let nav = web_sys::window()?.navigator();
    // Missing outside secure contexts (plain http on another host) and in some private modes.
    if !Reflect::has(&nav, &"serviceWorker".into()).unwrap_or(false) {
        return None;
    }
    let c = nav.service_worker();
    (!c.is_undefined()).then_some(c)
}

fn meta(name: &str) -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()??
        .get_attribute("content")
        .filter(|s| !s.is_empty())
}

/// Ignore a promise's outcome without an "uncaught rejection" (e.g. update checks offline).
fn ignore(p: &js_sys::Promise) {
    thread_local!(static NOOP: Closure<dyn FnMut(JsValue)> = Closure::new(|_| {}));
    NOOP.with(|f| {
        let _ = p.catch(f);
    });
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// Register the service worker; `on_update` runs when a new version is ready to be used.
fn register(on_update: Callback<()>) {
    let (Some(url), Some(container)) = (meta("baocao-sw"), container()) else { return };
    // A page that was not controlled yet is the first visit: its new worker is no "update".
    let had_controller = container.controller().is_some();

    {
        let on_update = on_update.clone();
        EventListener::new(&container, "controllerchange", move |_| {
            if RELOAD_REQUESTED.get() {
                reload();
            } else if had_controller {
                // Another tab switched to the new version: this one still runs the old.
                on_update.emit(());
            }
        })
        .forget();
    }

    let registered: Closure<dyn FnMut(JsValue)> = Closure::once(move |reg: JsValue| {
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        if had_controller && reg.waiting().is_some() {
            on_update.emit(());
        }
        // Tell when a worker being installed is ready (it then waits for the author).
        let watch = move |reg: &ServiceWorkerRegistration| {
            let Some(installing) = reg.installing() else { return };
            let w = installing.clone();
            let on_update = on_update.clone();
            EventListener::new(&installing, "statechange", move |_| {
                if w.state() == ServiceWorkerState::Installed && had_controller {
                    on_update.emit(());
                }
            })
            .forget();
        };
        // The check run by this page load may already be installing one.
        watch(&reg);
        let r = reg.clone();
        EventListener::new(&reg, "updatefound", move |_| watch(&r)).forget();
        // Look for a new deployment whenever the author comes back to the tab.
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            let r = reg.clone();
            EventListener::new(&doc, "visibilitychange", move |_| {
                if !super::web::page_hidden() {
                    if let Ok(p) = r.update() {
                        ignore(&p);
                    }
                }
            })
            .forget();
        }
        REGISTRATION.with(|cell| *cell.borrow_mut() = Some(reg));
    });
    let p = container.register(&url).then(&registered);
    registered.forget();
    ignore(&p);
}

/// Switch to the waiting version and reload once it controls the page.
fn switch_to_new_version() {
    let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|r| r.waiting()));
    match waiting {
        Some(w) => {
            RELOAD_REQUESTED.set(true);
            let msg = Object::new();
            let _ = Reflect::set(&msg, &"type".into(), &"skip-waiting".into());
            if w.post_message(&msg).is_err() {
                reload();
            }
        }
        // Already active (another tab switched): a reload picks it up.
        None => reload(),
    }
}

/// Once the form is usable: link the manifest and register the service worker; `ready` is
/// told when a new version is ready to be used.
pub fn start(ready: Callback<()>) {
    // The web app manifest (installing the app): the browser fetches it, and the icons it
    // names, after the first load instead of during it (and not in a race with it).
    super::web::link("manifest", "manifest.webmanifest");
    register(ready);
}

/// "Tải lại" on the notice: switch to the new version.
pub fn reload_now() {
    switch_to_new_version();
}

/// The "a new version is ready" notice, while `shown`. `saved`: is the draft autosaved (so a
/// reload keeps it)? Its buttons are handled by the app's click handler (`data-act`).
pub fn view(shown: bool, saved: bool, on_act: Callback<MouseEvent>) -> Html {
    html! {
        <div class="notices" role="status" onclick={on_act}>
            if shown {
                <div class="notice info update">
                    <p>
                        { "Đã có phiên bản mới — tải lại để dùng. " }
                        if saved {
                            { "Bản đang soạn được giữ nguyên." }
                        } else {
                            { "Trình duyệt không cho lưu bản nháp: hãy tải về .docx trước khi tải lại." }
                        }
                    </p>
                    <span class="notice-actions">
                        { super::act_button("btn small primary", None, "sw-reload", None, None, "Tải lại") }
                        { super::act_button("btn small", None, "sw-later", None, None, "Để sau") }
                    </span>
                </div>
            }
        </div>
    }
}
