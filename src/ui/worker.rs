//! The core's heavy half runs in a Web Worker of its own (`src/bin/core-worker.rs`): the
//! consistency checks, the sample report, reading opened files and the .docx writer. None of
//! them is needed to show the form, and together they are most of the code, so the page's
//! first load leaves them out. The worker is started as soon as the form is usable
//! (the page asks it for the kinds it does not embed: `kinds.rs`) or on first use. Drafts go in as plain JS objects (structured clone) and
//! answers come back the same way (read with [`super::web::js_json`]; the worker uses
//! serde-wasm-bindgen on its side) or, for the .docx, as bytes.
//!
//! The worker's script URL is read from `<meta name="baocao-worker">`, which the post-build
//! hook (`scripts/post-build.mjs`) writes with the content-hashed file name; it falls back to
//! Trunk's unhashed name. It is relative, so any sub-path works.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

use super::findings::Checked;
use super::web::{draft_js, js_json};
use crate::kind::Kind;
use crate::model::Draft;

/// Trunk's name for the worker's loader (`data-loader-shim`) when the hook did not rename it.
const DEFAULT_URL: &str = "./core-worker_loader.js";
/// How long the worker may take to load before a request fails.
const START_TIMEOUT_MS: u32 = 30_000;

const LOAD_FAILED: &str =
    "Chưa tải được bộ xử lý của ứng dụng (kiểm tra số liệu, báo cáo mẫu, mở tệp, tạo tệp .docx). Kiểm tra kết nối mạng rồi thử lại; bản đang soạn vẫn được giữ.";
const CRASHED: &str = "Bộ xử lý của ứng dụng gặp lỗi và đã dừng. Thử lại; bản đang soạn vẫn được giữ.";
const BAD_ANSWER: &str = "Bộ xử lý của ứng dụng trả lời không đúng dạng. Thử lại; bản đang soạn vẫn được giữ.";

/// A request to the worker.
pub enum Request {
    /// Run the kind's checks on a draft (as a JS object, [`draft_js`]); the steps opened
    /// (bit set) and whether to reveal every "required" finding (see `findings::shown`).
    /// The draft, the steps opened, whether to reveal every "required" finding, and the
    /// pages of the tables split across pages (`pages::split_pages`).
    /// The draft is sent whole, or as the changes (`[{path, value}]`, `changes_js`) since the
    /// draft checked last (`Request::Check(…)` with `true`).
    Check(JsValue, bool, u64, bool, (u32, u32)),
    /// Write the .docx of a draft (as a JS object).
    Docx(JsValue),
    /// Write the .xlsx of a draft's figure tables (as a JS object).
    Xlsx(JsValue),
    /// The preview's pages of a draft (sent as for `Check`), over the page starts (flat:
    /// block, offset, …), with the current step; `fresh`: all pages (the page holds none);
    /// `measure`: and the measuring copy.
    Preview(JsValue, bool, js_sys::Array, usize, bool, bool),
    /// The file name the document of a draft (as a JS object) suggests.
    Name(JsValue),
    /// The sample draft of a kind (its id).
    Sample(&'static str),
    /// Read a file's bytes as a draft.
    Open(Vec<u8>),
    /// The forms of every kind the worker knows.
    Kinds,
    /// Read a kind file's text (and keep the kind in the worker).
    Kind(String),
    /// The next period's draft, started from a draft (as a JS object).
    Next(JsValue),
    /// The units' files (their bytes) and names, summed into a draft (the higher level's own).
    Aggregate(JsValue, js_sys::Array, js_sys::Array),
}

/// What the worker answered.
pub enum Answer {
    /// A file's bytes and its name.
    Bytes(Vec<u8>, String),
    /// Plain JS data (findings, a draft), and a sentence the worker adds about it (an opened
    /// .docx edited in Word since baocao wrote it).
    Value(JsValue, Option<String>),
}

type Done = Box<dyn FnOnce(Result<Answer, String>)>;

struct Running {
    worker: Worker,
    ready: bool,
    /// Requests made before the worker said it was ready.
    queue: Vec<(u32, Object)>,
    /// Requests sent, waiting for their answer.
    pending: Vec<(u32, Done)>,
    _listeners: [EventListener; 2],
    _start_timeout: Option<Timeout>,
}

thread_local! {
    static RUNNING: RefCell<Option<Running>> = const { RefCell::new(None) };
    static NEXT_ID: RefCell<u32> = const { RefCell::new(1) };
    /// The sample draft, once fetched (see [`cached_sample`]).
    static SAMPLE: RefCell<Option<Rc<Draft>>> = const { RefCell::new(None) };
    /// The draft last sent to be checked or previewed: the next one goes as its changes from
    /// it.
    static SENT: RefCell<Option<Rc<Draft>>> = const { RefCell::new(None) };
    /// The kind files sent to the worker: sent again, in order, first to a worker started
    /// anew, so that it knows their kinds too (a file with problems changes nothing there).
    static OWN_KINDS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn worker_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=\"baocao-worker\"]").ok().flatten())
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

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn message(id: u32, req: Request) -> Object {
    let msg = Object::new();
    set(&msg, "id", &JsValue::from(id));
    let (op, key, value) = match req {
        Request::Check(draft, changes, opened, reveal, (split_head, split_closing)) => {
            set(&msg, "opened", &JsValue::from(opened as f64));
            set(&msg, "reveal", &JsValue::from(reveal));
            set(&msg, "split_head", &JsValue::from(split_head));
            set(&msg, "split_closing", &JsValue::from(split_closing));
            ("check", if changes { "changes" } else { "draft" }, draft)
        }
        Request::Docx(draft) => ("docx", "draft", draft),
        Request::Xlsx(draft) => ("xlsx", "draft", draft),
        Request::Preview(draft, changes, starts, current, fresh, measure) => {
            set(&msg, "starts", &starts);
            set(&msg, "current", &JsValue::from(current as u32));
            set(&msg, "fresh", &JsValue::from(fresh));
            set(&msg, "measure", &JsValue::from(measure));
            ("preview", if changes { "changes" } else { "draft" }, draft)
        }
        Request::Name(draft) => ("name", "draft", draft),
        Request::Sample(kind) => ("sample", "kind", JsValue::from_str(kind)),
        Request::Open(bytes) => ("open", "bytes", Uint8Array::from(bytes.as_slice()).buffer().into()),
        Request::Kinds => ("kinds", "kinds", JsValue::TRUE),
        Request::Kind(text) => ("kind", "text", JsValue::from_str(&text)),
        Request::Next(draft) => ("next", "draft", draft),
        Request::Aggregate(draft, files, names) => {
            set(&msg, "files", &files);
            set(&msg, "names", &names);
            ("aggregate", "draft", draft)
        }
    };
    set(&msg, "op", &JsValue::from_str(op));
    set(&msg, key, &value);
    msg
}

fn answered(e: &MessageEvent) {
    let data = e.data();
    let get = |k: &str| Reflect::get(&data, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    if get("type").as_string().as_deref() == Some("ready") {
        let failed = RUNNING.with(|r| {
            let mut r = r.borrow_mut();
            let Some(run) = r.as_mut() else { return false };
            run.ready = true;
            run._start_timeout = None;
            let queue = std::mem::take(&mut run.queue);
            !queue.iter().all(|(_, msg)| run.worker.post_message(msg).is_ok())
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
        Some(run.pending.remove(i).1)
    });
    let Some(done) = done else { return };
    let has = |k: &str| Reflect::has(&data, &JsValue::from_str(k)).unwrap_or(false);
    if let Some(buf) = get("bytes").dyn_ref::<js_sys::ArrayBuffer>() {
        done(Ok(Answer::Bytes(Uint8Array::new(buf).to_vec(), get("name").as_string().unwrap_or_default())));
    } else if has("value") {
        done(Ok(Answer::Value(get("value"), get("notice").as_string())));
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
    let on_message = EventListener::new(&worker, "message", |e| {
        if let Some(e) = e.dyn_ref::<MessageEvent>() {
            answered(e);
        }
    });
    // A script that fails to load, or an uncaught error (a panic) inside the worker.
    let error = EventListener::new(&worker, "error", |_| {
        let ready = RUNNING.with(|r| r.borrow().as_ref().is_some_and(|run| run.ready));
        fail_all(if ready { CRASHED } else { LOAD_FAILED });
    });
    let timeout = Timeout::new(START_TIMEOUT_MS, || fail_all(LOAD_FAILED));
    // The kinds the author opened, first: the worker knows only the bundled ones.
    let queue =
        OWN_KINDS.with(|k| k.borrow().iter().map(|text| (0, message(0, Request::Kind(text.clone())))).collect());
    RUNNING.with(|r| {
        *r.borrow_mut() = Some(Running {
            worker,
            ready: false,
            queue,
            pending: Vec::new(),
            _listeners: [on_message, error],
            _start_timeout: Some(timeout),
        })
    });
    true
}

/// Send `req` to the worker; `done` gets its answer or a Vietnamese sentence saying why not.
/// `done` is called exactly once, never before this returns. A failed worker is started
/// again by the next request.
pub fn request(req: Request, done: impl FnOnce(Result<Answer, String>) + 'static) {
    send(req, Box::new(done));
}

/// [`request`], once for every kind of `done` (the page's wasm holds one copy of it).
fn send(req: Request, done: Done) {
    if !ensure_started() {
        Timeout::new(0, move || done(Err(LOAD_FAILED.to_string()))).forget();
        return;
    }
    let id = NEXT_ID.with(|n| {
        let mut n = n.borrow_mut();
        let id = *n;
        *n = n.wrapping_add(1);
        id
    });
    let msg = message(id, req);
    let sent = RUNNING.with(|r| {
        let mut r = r.borrow_mut();
        let run = r.as_mut().expect("started above");
        run.pending.push((id, done));
        if run.ready {
            run.worker.post_message(&msg).is_ok()
        } else {
            run.queue.push((id, msg));
            true
        }
    });
    if !sent {
        // Fail asynchronously, like every other outcome.
        Timeout::new(0, || fail_all(CRASHED)).forget();
    }
}

fn json_of(answer: Result<Answer, String>) -> Result<serde_json::Value, String> {
    match answer? {
        Answer::Value(v, _) => js_json(&v).ok_or_else(|| BAD_ANSWER.to_string()),
        Answer::Bytes(..) => Err(BAD_ANSWER.to_string()),
    }
}

/// The findings of `draft` the form shows, arranged for it (errors first; `opened`,
/// `reveal`: see `findings::shown`), and the number of all its errors, shown or not, from the
/// worker.
///
/// A draft that differs from the one checked last by a few values (a keystroke) goes as those
/// changes (`Draft::changes`); the worker asks for the whole draft when it does not hold the
/// one they apply to (it was started anew, or its last check failed).
pub fn check(
    draft: &Rc<Draft>,
    opened: u64,
    reveal: bool,
    split: (u32, u32),
    done: impl FnOnce(Result<(Checked, usize), String>) + 'static,
) {
    let (js, changes) = draft_or_changes(draft);
    let draft = draft.clone();
    request(Request::Check(js, changes, opened, reveal, split), move |answer| {
        if resend(&answer) {
            return check(&draft, opened, reveal, split, done);
        }
        done(json_of(answer).and_then(|v| {
            let checked = v.get("checked").and_then(Checked::from_value);
            let errors = v.get("errors").and_then(|e| e.as_u64());
            checked.zip(errors).map(|(c, e)| (c, e as usize)).ok_or_else(|| BAD_ANSWER.to_string())
        }))
    });
}

/// `draft` as the worker reads it: its changes from the draft sent last (true), or whole.
fn draft_or_changes(draft: &Rc<Draft>) -> (JsValue, bool) {
    let last = SENT.with(|c| c.borrow_mut().replace(draft.clone()));
    match last.and_then(|old| draft.changes(&old)) {
        Some(changes) => (changes_js(&changes), true),
        None => (draft_js(draft), false),
    }
}

/// Is this the worker asking for the whole draft (it does not hold the one the changes apply
/// to)? Then the next request sends it.
fn resend(answer: &Result<Answer, String>) -> bool {
    let again = matches!(answer, Err(e) if e == "resend");
    if again {
        SENT.with(|c| c.borrow_mut().take());
    }
    again
}

/// Changes as the worker reads them: `[{path, value}]`, without `value` to remove.
fn changes_js(changes: &[(String, Option<serde_json::Value>)]) -> JsValue {
    let list = js_sys::Array::new();
    for (path, value) in changes {
        let c = Object::new();
        set(&c, "path", &JsValue::from_str(path));
        if let Some(v) = value {
            set(&c, "value", &super::web::json_to_js(v));
        }
        list.push(&c);
    }
    list.into()
}

/// The .docx of `draft` (or, `xlsx`, the .xlsx of its figure tables) and the file name its
/// document suggests, from the worker.
pub fn docx(draft: &Draft, xlsx: bool, done: impl FnOnce(Result<(Vec<u8>, String), String>) + 'static) {
    let draft = draft_js(draft);
    request(if xlsx { Request::Xlsx(draft) } else { Request::Docx(draft) }, move |answer| {
        done(match answer {
            Ok(Answer::Bytes(b, name)) => Ok((b, name)),
            Ok(Answer::Value(..)) => Err(BAD_ANSWER.to_string()),
            Err(e) => Err(e),
        })
    });
}

/// The preview's pages of a draft, as the worker draws them (`ui::sheet`).
pub struct Sheet {
    /// How many pages there are.
    pub count: usize,
    /// The pages that changed since the last answer, with their index.
    pub pages: Vec<(usize, String)>,
    /// `p` or `h` for each body paragraph (a heading or not).
    pub styles: String,
    /// The measuring copy, when asked for.
    pub measure: Option<String>,
    pub title: String,
    pub file_name: String,
    /// The text of each heading of the kind (id, text).
    pub headings: Vec<(String, String)>,
}

/// The preview's pages of `draft` over `starts` (see `Request::Preview`), from the worker.
pub fn preview(
    draft: &Rc<Draft>,
    starts: &[(usize, u32)],
    current: usize,
    fresh: bool,
    measure: bool,
    done: impl FnOnce(Result<Sheet, String>) + 'static,
) {
    let (js, changes) = draft_or_changes(draft);
    let flat: js_sys::Array = starts.iter().flat_map(|&(b, o)| [JsValue::from(b as u32), JsValue::from(o)]).collect();
    let (draft, starts) = (draft.clone(), starts.to_vec());
    request(Request::Preview(js, changes, flat, current, fresh, measure), move |answer| {
        if resend(&answer) {
            return preview(&draft, &starts, current, true, measure, done);
        }
        let read = |v: JsValue| -> Option<Sheet> {
            let get = |k: &str| Reflect::get(&v, &JsValue::from_str(k)).ok();
            let text = |k: &str| get(k).and_then(|t| t.as_string());
            let pairs = |k: &str| -> Option<Vec<(JsValue, String)>> {
                let list: js_sys::Array = get(k)?.dyn_into().ok()?;
                list.iter()
                    .map(|p| {
                        let p: js_sys::Array = p.dyn_into().ok()?;
                        Some((p.get(0), p.get(1).as_string()?))
                    })
                    .collect()
            };
            Some(Sheet {
                count: get("count")?.as_f64()? as usize,
                pages: pairs("pages")?
                    .into_iter()
                    .map(|(i, h)| Some((i.as_f64()? as usize, h)))
                    .collect::<Option<_>>()?,
                styles: text("styles")?,
                measure: text("measure"),
                title: text("title")?,
                file_name: text("file_name")?,
                headings: pairs("headings")?
                    .into_iter()
                    .map(|(i, h)| Some((i.as_string()?, h)))
                    .collect::<Option<_>>()?,
            })
        };
        done(match answer {
            Ok(Answer::Value(v, _)) => read(v).ok_or_else(|| BAD_ANSWER.to_string()),
            Ok(Answer::Bytes(..)) => Err(BAD_ANSWER.to_string()),
            Err(e) => Err(e),
        })
    });
}

/// The file name the document of `draft` suggests, from the worker ("" when it cannot say).
pub fn file_name(draft: &Draft, done: impl FnOnce(String) + 'static) {
    request(Request::Name(draft_js(draft)), move |answer| {
        done(match answer {
            Ok(Answer::Value(v, _)) => v.as_string().unwrap_or_default(),
            _ => String::new(),
        })
    });
}

/// A draft the worker read (an opened file, the sample), as a stored one is read.
fn draft_of(answer: Result<Answer, String>) -> Result<Draft, String> {
    super::drafts::read_draft(Some(json_of(answer)?)).map_err(|e| e.0)
}

/// The kind's sample report (fetched from the worker once, then kept).
pub fn sample(kind: &'static Kind, done: impl FnOnce(Result<Rc<Draft>, String>) + 'static) {
    if let Some(d) = cached_sample().filter(|d| d.kind == kind.id) {
        Timeout::new(0, move || done(Ok(d))).forget();
        return;
    }
    request(Request::Sample(kind.id), move |answer| {
        done(draft_of(answer).map(|d| {
            let d = Rc::new(d);
            SAMPLE.with(|s| *s.borrow_mut() = Some(d.clone()));
            d
        }))
    });
}

/// The sample, if it was fetched in this page (for [`super::state::has_content`]).
pub fn cached_sample() -> Option<Rc<Draft>> {
    SAMPLE.with(|s| s.borrow().clone())
}

/// What [`open`] gives its caller: the draft and the worker's sentence about it, or why not.
pub type Opened = Box<dyn FnOnce(Result<(Draft, Option<String>), String>)>;

/// A file's bytes (a draft file, or a .docx baocao wrote) read as a draft by the worker, with
/// the worker's sentence when the .docx was edited since; or the one-sentence reason it cannot
/// be used.
pub fn open(bytes: Vec<u8>, done: Opened) {
    request(Request::Open(bytes), |answer| noticed(answer, done));
}

/// A draft the worker sent, with its sentence if it has one.
fn noticed(answer: Result<Answer, String>, done: Opened) {
    let notice = match &answer {
        Ok(Answer::Value(_, n)) => n.clone(),
        _ => None,
    };
    done(draft_of(answer).map(|d| (d, notice)))
}

/// The forms of every kind the worker knows (their files without rules and sample).
pub fn kinds(done: impl FnOnce(Result<Vec<serde_json::Value>, String>) + 'static) {
    request(Request::Kinds, move |answer| {
        done(json_of(answer).and_then(|v| match v {
            serde_json::Value::Array(a) => Ok(a),
            _ => Err(BAD_ANSWER.to_string()),
        }))
    });
}

/// A kind file's text read by the worker: its form (the worker keeps the kind, and gets the
/// text again whenever it starts anew), or the file's problems, one sentence each.
pub fn kind(text: String, done: impl FnOnce(Result<Result<serde_json::Value, Vec<String>>, String>) + 'static) {
    OWN_KINDS.with(|k| k.borrow_mut().push(text.clone()));
    request(Request::Kind(text), move |answer| {
        done(json_of(answer).map(|mut v| match v.get_mut("form") {
            Some(form) => Ok(form.take()),
            None => {
                Err(
                    v.get("problems").and_then(|p| p.as_array()).map_or_else(Vec::new, |p| {
                        p.iter().map(|s| s.as_str().unwrap_or_default().to_string()).collect()
                    }),
                )
            }
        }))
    });
}

/// "Báo cáo kỳ tiếp theo": the next period's draft, started from `draft`.
pub fn next(draft: &Draft, done: Opened) {
    request(Request::Next(draft_js(draft)), |answer| noticed(answer, done));
}

/// What "Tổng hợp báo cáo đơn vị" gives: the summary, and the sentences about the units
/// (refused or doubled ones).
pub struct Summary {
    pub draft: Draft,
    /// What to say when it opens.
    pub said: String,
    pub notices: Vec<String>,
}

/// "Tổng hợp báo cáo đơn vị": the units' files (name, bytes), read and summed into `base` by
/// the worker.
pub fn aggregate(base: &Draft, units: Vec<(String, Vec<u8>)>, done: impl FnOnce(Result<Summary, String>) + 'static) {
    let list: js_sys::Array =
        units.iter().map(|(_, b)| JsValue::from(Uint8Array::from(b.as_slice()).buffer())).collect();
    let names: js_sys::Array = units.iter().map(|(n, _)| JsValue::from_str(n)).collect();
    request(Request::Aggregate(draft_js(base), list, names), move |answer| {
        done(json_of(answer).and_then(|mut v| {
            let notices = match v.get("notices") {
                Some(serde_json::Value::Array(a)) => a.iter().filter_map(|s| s.as_str().map(String::from)).collect(),
                _ => Vec::new(),
            };
            let draft = super::drafts::read_draft(v.get_mut("draft").map(serde_json::Value::take)).map_err(|e| e.0)?;
            let said = v.get("said").and_then(|s| s.as_str()).unwrap_or_default().to_string();
            Ok(Summary { draft, said, notices })
        }))
    });
}
