//! The .docx writer runs in a Web Worker of its own (`src/bin/docx-worker.rs`): the writer is
//! more than half of the code, so the page's first load leaves it out. The worker is started
//! in the background once the form is usable ([`warm_up_when_idle`]) or on first use
//! ([`build`]); a draft goes in as JSON, the file's bytes come back.
//!
//! The worker's script URL is read from `<meta name="baocao-docx-worker">`, which the
//! post-build hook (`scripts/post-build.mjs`) writes with the content-hashed file name; it
//! falls back to Trunk's unhashed name. It is relative, so any sub-path works.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

use crate::model::Draft;

/// Trunk's name for the worker's loader (`data-loader-shim`) when the hook did not rename it.
const DEFAULT_URL: &str = "./docx-worker_loader.js";
/// How long the worker may take to load before a request fails.
const START_TIMEOUT_MS: u32 = 30_000;

const LOAD_FAILED: &str =
    "Chưa tải được bộ tạo tệp .docx. Kiểm tra kết nối mạng rồi bấm “Tải về .docx” lại; bản đang soạn vẫn được giữ.";
const CRASHED: &str = "Bộ tạo tệp .docx gặp lỗi và đã dừng. Bấm “Tải về .docx” lại; bản đang soạn vẫn được giữ.";

type Done = Box<dyn FnOnce(Result<Vec<u8>, String>)>;

struct Running {
    worker: Worker,
    ready: bool,
    /// Requests sent before the worker said it was ready.
    queue: Vec<(u32, String)>,
    /// Requests sent, waiting for their answer (a Vec: there are one or two at most).
    pending: Vec<(u32, Done)>,
    _listeners: [EventListener; 2],
    _start_timeout: Option<Timeout>,
}

thread_local! {
    static RUNNING: RefCell<Option<Running>> = const { RefCell::new(None) };
    static NEXT_ID: RefCell<u32> = const { RefCell::new(1) };
}

fn worker_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=\"baocao-docx-worker\"]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| DEFAULT_URL.to_string())
}

/// Stop the worker and fail every request still waiting for it.
fn fail_all(message: &str) {
    let stopped = RUNNING.with(|r| r.borrow_mut().take());
    if let Some(run) = stopped {
        run.worker.terminate();
        for (_, done) in run.pending {
            done(Err(message.to_string()));
        }
    }
}

fn post(worker: &Worker, id: u32, draft: &str) -> bool {
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"id".into(), &JsValue::from(id));
    let _ = Reflect::set(&msg, &"draft".into(), &JsValue::from_str(draft));
    worker.post_message(&msg).is_ok()
}

fn on_message(e: &MessageEvent) {
    let data = e.data();
    let get = |k: &str| Reflect::get(&data, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    if get("type").as_string().as_deref() == Some("ready") {
        let failed = RUNNING.with(|r| {
            let mut r = r.borrow_mut();
            let Some(run) = r.as_mut() else { return false };
            run.ready = true;
            run._start_timeout = None;
            let queue = std::mem::take(&mut run.queue);
            !queue.iter().all(|(id, draft)| post(&run.worker, *id, draft))
        });
        if failed {
            fail_all(CRASHED);
        }
        return;
    }
    let Some(id) = get("id").as_f64().map(|n| n as u32) else { return };
    let done = RUNNING.with(|r| {
        let mut r = r.borrow_mut();
        let run = r.as_mut()?;
        let i = run.pending.iter().position(|(k, _)| *k == id)?;
        Some(run.pending.swap_remove(i).1)
    });
    let Some(done) = done else { return };
    let bytes = get("bytes");
    if let Some(buf) = bytes.dyn_ref::<js_sys::ArrayBuffer>() {
        done(Ok(Uint8Array::new(buf).to_vec()));
    } else {
        done(Err(get("error").as_string().unwrap_or_else(|| CRASHED.to_string())));
    }
}

/// Start the worker if it is not running. False when the browser refuses to start it.
fn ensure_started() -> bool {
    if RUNNING.with(|r| r.borrow().is_some()) {
        return true;
    }
    let Ok(worker) = Worker::new(&worker_url()) else { return false };
    let message = EventListener::new(&worker, "message", |e| {
        if let Some(e) = e.dyn_ref::<MessageEvent>() {
            on_message(e);
        }
    });
    // A script that fails to load, or an uncaught error (a panic) inside the worker.
    let error = EventListener::new(&worker, "error", |_| {
        let ready = RUNNING.with(|r| r.borrow().as_ref().is_some_and(|run| run.ready));
        fail_all(if ready { CRASHED } else { LOAD_FAILED });
    });
    let timeout = Timeout::new(START_TIMEOUT_MS, || fail_all(LOAD_FAILED));
    RUNNING.with(|r| {
        *r.borrow_mut() = Some(Running {
            worker,
            ready: false,
            queue: Vec::new(),
            pending: Vec::new(),
            _listeners: [message, error],
            _start_timeout: Some(timeout),
        })
    });
    true
}

/// Start the worker in the background when the page is idle (or after a second where
/// `requestIdleCallback` does not exist), so the first download does not wait for it.
pub fn warm_up_when_idle() {
    let Some(window) = web_sys::window() else { return };
    let start = wasm_bindgen::closure::Closure::once_into_js(|| {
        ensure_started();
    });
    let idle = Reflect::get(&window, &"requestIdleCallback".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match idle {
        Some(f) => {
            let opts = Object::new();
            let _ = Reflect::set(&opts, &"timeout".into(), &JsValue::from(2000));
            let _ = f.call2(&window, &start, &opts);
        }
        None => {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(start.unchecked_ref(), 1000);
        }
    }
}

/// Build the .docx of `draft` in the worker; `done` gets the bytes or a Vietnamese sentence
/// saying why not. `done` is called exactly once, never before this returns.
pub fn build(draft: &Draft, done: impl FnOnce(Result<Vec<u8>, String>) + 'static) {
    let done: Rc<RefCell<Option<Done>>> = Rc::new(RefCell::new(Some(Box::new(done))));
    let later = |msg: &'static str, done: Rc<RefCell<Option<Done>>>| {
        Timeout::new(0, move || {
            if let Some(f) = done.borrow_mut().take() {
                f(Err(msg.to_string()));
            }
        })
        .forget();
    };
    let Ok(json) = serde_json::to_string(draft) else {
        return later(CRASHED, done);
    };
    if !ensure_started() {
        return later(LOAD_FAILED, done);
    }
    let id = NEXT_ID.with(|n| {
        let mut n = n.borrow_mut();
        let id = *n;
        *n = n.wrapping_add(1);
        id
    });
    let f = done.borrow_mut().take().expect("set above");
    let sent = RUNNING.with(|r| {
        let mut r = r.borrow_mut();
        let run = r.as_mut().expect("started above");
        run.pending.push((id, f));
        if run.ready {
            post(&run.worker, id, &json)
        } else {
            run.queue.push((id, json));
            true
        }
    });
    if !sent {
        // Fail asynchronously, like every other outcome.
        Timeout::new(0, || fail_all(CRASHED)).forget();
    }
}
