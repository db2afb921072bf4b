//! The core's heavy half as a Web Worker (built by Trunk for wasm32, `data-type="worker"`):
//! the consistency checks, the sample report, reading opened files, the .docx writer and the
//! .xlsx writer of the figure tables.
//!
//! None of these is needed to show the form, and together they are most of the app's code,
//! so they live in a wasm of their own that the page starts
//! as soon as the form is usable (see `ui::worker`); the page's first load stays small.
//!
//! Protocol (plain objects over `postMessage`; drafts and findings are plain JS data shaped
//! like their JSON, read and written here with serde-wasm-bindgen):
//! - worker → page, once, when ready to work: `{ type: "ready" }`
//! - page → worker: `{ id: number, op, … }` with
//!   - `op: "check", draft, opened: number, reveal: boolean, split_head, split_closing:
//!     number` → `{ id, value: { checked, errors } }`: the findings the form shows, arranged
//!     for it (`findings::Checked::to_value`; errors first; "required" ones only for the
//!     steps `opened`, a bit set, unless `reveal`: `findings::shown`; `layout.split` warnings for the
//!     letterhead or the closing table when the page found it split, starting on page
//!     `split_*` ≥ 1: `ui::pages::split_findings`) and the number of all errors
//!     Instead of `draft`, `changes: [{path, value}]` (value absent: removed) apply to the
//!     draft sent last (by `check` or `preview`); without one the answer is `{ id, error: "resend" }`, and the page
//!     sends the whole draft.
//!   - `op: "docx", draft` → `{ id, bytes: ArrayBuffer, name }` (transferred; `name`: the
//!     file name the document suggests): the .docx, carrying the draft
//!     (`render::docx::render_with_draft`)
//!   - `op: "xlsx", draft` → `{ id, bytes: ArrayBuffer, name }` (transferred): the figure
//!     tables as an Excel workbook, one sheet per table (`render::xlsx`)
//!   - `op: "preview", draft` (or `changes`, as for `check`), `starts: [block, offset, …]`
//!     (the first block of each page and the UTF-16 offset where it starts in a split
//!     paragraph, as the page laid them out last), `current` (the step shown), `fresh` (the
//!     page holds no pages), `measure` (also draw the measuring copy) → `{ id, value: { count,
//!     pages: [[i, html], …], styles, measure, title, file_name, headings } }`: the preview's
//!     pages as HTML (`ui::sheet`; only those that changed since the last answer), how many
//!     pages there are, `p`/`h` for each body paragraph (a heading or not, for the page's
//!     layout), the measuring copy when asked, the document's title and file name, and the
//!     text of every heading of the kind (`[[id, text], …]`, its template rendered), for the
//!     outline edits
//!   - `op: "name", draft` → `{ id, value: string }`: the file name its document suggests
//!   - `op: "sample", kind: string` → `{ id, value }`: the kind's sample draft
//!   - `op: "open", bytes: ArrayBuffer` (a file's content: draft JSON or a .docx baocao
//!     wrote) → `{ id, value }`: the draft, read, migrated and cleaned like `baocao render`
//!     reads a file; for a .docx edited since, also `notice`: the sentence that says so and
//!     lists the paragraphs that differ
//!   - `op: "next", draft` → `{ id, value, notice }`: the next period's draft (`chain::next`)
//!     and the sentence the page shows with it
//!   - `op: "aggregate", draft, files: [ArrayBuffer], names: [string]` (the units' files,
//!     each a draft file or a baocao .docx, read as `open` reads one) →
//!     `{ id, value: { draft, said, notices } }`: the units summed into `draft`
//!     (`kinds::aggregate`: the summary keeps each summed unit's errors, which its checks
//!     show), the sentence the page shows with it, and the files unreadable and the units
//!     refused or doubled
//!   - `op: "kinds"` → `{ id, value: [form, …] }`: the form of every kind the worker knows
//!     (`kinds::form_value`: its file without rules and sample), for the page to install
//!     those it does not embed
//!   - `op: "kind", text: string` (a kind file the author opened) → `{ id, value: { form } }`
//!     when the whole file reads (`kinds::add_text`: it is kept here beside the bundled ones,
//!     replacing one of the same id), else `{ id, value: { problems: [string, …] } }`, one
//!     Vietnamese sentence per problem, each naming its place and line
//! - or, for any of them, `{ id, error: string }` (one Vietnamese sentence)
#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("core-worker is part of the browser app: build it with `trunk build` (see README).");
    std::process::exit(2);
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use baocao::model::Draft;
    use baocao::ui::{pages, sheet};
    use baocao::{chain, check, document, draft_io, findings, kind, kinds, render, template};
    use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// The answer to `check`.
    #[derive(serde::Serialize)]
    struct CheckAnswer {
        checked: serde_json::Value,
        errors: usize,
    }

    /// The answer to `aggregate`.
    #[derive(serde::Serialize)]
    struct AggregateAnswer<'a> {
        draft: &'a Draft,
        /// What the page says when the summary opens.
        said: String,
        notices: &'a [String],
    }

    enum Answer {
        /// A file's bytes and its name.
        Bytes(Vec<u8>, String),
        Value(JsValue),
        /// A value and a notice for the author (`{ id, value, notice }`).
        Noticed(JsValue, String),
    }

    thread_local! {
        /// The draft sent last (checked or previewed), which `changes` apply to.
        static LAST: std::cell::RefCell<Option<Draft>> = const { std::cell::RefCell::new(None) };
        /// The paths changed since the draft checked last (`None`: not known, a whole draft
        /// came), and the findings of each rule for it: a check runs again only the rules that
        /// may read them (`check::check_rules_since`).
        static SINCE_CHECK: std::cell::RefCell<Option<Vec<String>>> = const { std::cell::RefCell::new(None) };
        static CHECKED: std::cell::RefCell<check::Memo> = std::cell::RefCell::new(check::Memo::default());
        /// The preview's pages the page holds.
        static SHEET: std::cell::RefCell<sheet::Sheet> = std::cell::RefCell::new(sheet::Sheet::default());
    }

    /// The draft a `check` or `preview` request carries: whole, or as its changes since the
    /// draft sent last (a long report need not cross over on every keystroke). Changes apply
    /// only to the draft of a request that went through: the handler puts it back in `LAST`
    /// once done ([`keep`]; a request that fails on the way leaves none, and the page is
    /// asked for the whole draft next time).
    fn sent(data: &JsValue) -> Result<(&'static kind::Kind, Draft), String> {
        let get = |k: &str| Reflect::get(data, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
        let (kind, d, paths) = match get("changes").dyn_ref::<Array>() {
            Some(changes) => patched(changes).map(|(k, d, p)| (k, d, Some(p))),
            None => draft(get("draft")).map(|(k, d)| (k, d, None)),
        }
        .inspect_err(|_| LAST.with(|l| *l.borrow_mut() = None))?;
        SINCE_CHECK.with(|s| {
            let mut s = s.borrow_mut();
            match (s.as_mut(), paths) {
                (Some(since), Some(p)) => since.extend(p),
                _ => *s = None,
            }
        });
        Ok((kind, d))
    }

    /// The draft a request went through with, for the next request's changes.
    fn keep(d: Draft) {
        LAST.with(|l| *l.borrow_mut() = Some(d));
    }

    /// The draft sent last with `changes` (`[{path, value}]`, `value` absent or null to
    /// remove) applied. Without one the page is told to send the whole draft.
    fn patched(changes: &Array) -> Result<(&'static kind::Kind, Draft, Vec<String>), String> {
        let mut d = LAST.with(|l| l.borrow_mut().take()).ok_or(RESEND)?;
        let mut paths = Vec::new();
        for c in changes.iter() {
            let path = Reflect::get(&c, &JsValue::from_str("path")).ok().and_then(|p| p.as_string()).ok_or(RESEND)?;
            paths.push(path.clone());
            let v = Reflect::get(&c, &JsValue::from_str("value")).unwrap_or(JsValue::UNDEFINED);
            if v.is_undefined() || v.is_null() {
                d.remove(&path);
            } else {
                let v: serde_json::Value = serde_wasm_bindgen::from_value(v).map_err(|_| RESEND)?;
                d.set(&path, v);
            }
        }
        let kind = kinds::by_id(&d.kind).ok_or_else(|| format!("Không có loại báo cáo “{}”.", d.kind))?;
        Ok((kind, d, paths))
    }

    /// The error that asks the page to send the whole draft again.
    pub const RESEND: &str = "resend";

    /// The answer to `preview`.
    #[derive(serde::Serialize)]
    struct PreviewAnswer<'a> {
        count: usize,
        pages: Vec<(usize, String)>,
        styles: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        measure: Option<String>,
        title: &'a str,
        file_name: &'a str,
        headings: Vec<(&'a str, String)>,
    }

    /// The draft the page sent (the one it holds, as a plain object).
    fn draft(value: JsValue) -> Result<(&'static kind::Kind, Draft), String> {
        if value.is_undefined() {
            return Err("Yêu cầu gửi tới bộ xử lý không có bản nháp.".into());
        }
        let draft: Draft = serde_wasm_bindgen::from_value(value)
            .map_err(|e| format!("Bản nháp gửi tới bộ xử lý không đọc được: {e}."))?;
        let kind = kinds::by_id(&draft.kind).ok_or_else(|| format!("Không có loại báo cáo “{}”.", draft.kind))?;
        Ok((kind, draft))
    }

    /// `v` as plain JS data shaped like its JSON (objects, not `Map`s).
    fn value<T: serde::Serialize>(v: &T) -> Result<Answer, String> {
        v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map(Answer::Value)
            .map_err(|e| format!("Bộ xử lý không ghi được kết quả: {e}."))
    }

    fn answer(data: &JsValue) -> Result<Answer, String> {
        let get = |k: &str| Reflect::get(data, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
        match get("op").as_string().as_deref() {
            Some("check") => {
                let (kind, d) = sent(data)?;
                let opened = get("opened").as_f64().unwrap_or(0.0) as u64;
                let reveal = get("reveal").as_bool().unwrap_or(true);
                let changed = SINCE_CHECK.with(|s| s.borrow_mut().replace(Vec::new()));
                let mut all = CHECKED.with(|m| kinds::check_since(kind, &d, changed.as_deref(), &mut m.borrow_mut()));
                let errors = all.iter().filter(|f| f.severity == check::Severity::Error).count();
                // The tables the page found split across pages: warnings, after the errors.
                let page = |k: &str| get(k).as_f64().unwrap_or(0.0) as u32;
                let split = pages::split_findings((page("split_head"), page("split_closing")));
                all.splice(errors..errors, split);
                let shown = findings::shown(kind, &d, &all, opened, reveal);
                let answer = value(&CheckAnswer {
                    checked: findings::Checked::from_findings(kind, &d, shown).to_value(),
                    errors,
                });
                keep(d);
                answer
            }
            Some("docx") => {
                let (kind, d) = draft(get("draft"))?;
                let doc = document::build(kind, &d);
                // The .docx keeps its draft, so that opening it opens the draft.
                let bytes = render::docx::render_with_draft(&doc, Some(&d));
                if bytes.is_empty() {
                    return Err("Bộ tạo tệp .docx gặp lỗi khi nén tệp.".into());
                }
                Ok(Answer::Bytes(bytes, doc.file_name))
            }
            Some("preview") => {
                let (kind, d) = sent(data)?;
                let doc = document::build(kind, &d);
                let ctx = template::Ctx::new(&d);
                let headings = kind
                    .body
                    .iter()
                    .filter_map(|b| match b {
                        kind::Block::Heading { id, text, .. } => Some((*id, template::render(text, &ctx))),
                        _ => None,
                    })
                    .collect();
                keep(d);
                let starts: Vec<sheet::Start> = get("starts")
                    .dyn_ref::<Array>()
                    .map(|a| {
                        let n: Vec<f64> = a.iter().filter_map(|v| v.as_f64()).collect();
                        n.chunks_exact(2).map(|c| (c[0] as usize, c[1] as u32)).collect()
                    })
                    .unwrap_or_default();
                let current = get("current").as_f64().unwrap_or(0.0) as usize;
                let measure = get("measure").is_truthy().then(|| sheet::measure(kind, &doc));
                let styles = sheet::body_styles(&doc);
                SHEET.with(|sh| {
                    let mut sh = sh.borrow_mut();
                    if get("fresh").is_truthy() {
                        sh.clear();
                    }
                    let (count, pages) = sh.update(kind, doc, &starts, current);
                    let doc = sh.document().expect("just updated");
                    value(&PreviewAnswer {
                        count,
                        pages,
                        styles,
                        measure,
                        title: &doc.title,
                        file_name: &doc.file_name,
                        headings,
                    })
                })
            }
            Some("name") => {
                let (kind, d) = draft(get("draft"))?;
                Ok(Answer::Value(JsValue::from_str(&document::build(kind, &d).file_name)))
            }
            // "Báo cáo kỳ tiếp theo": the next period's draft, started from this one.
            Some("next") => {
                let (kind, d) = draft(get("draft"))?;
                let Answer::Value(v) = value(&chain::next(kind, &d))? else {
                    return Err("Bộ xử lý không ghi được kết quả.".into());
                };
                let said = "Đã bắt đầu báo cáo kỳ tiếp theo: số liệu kỳ trước chuyển sang đã điền, các số liệu khác để trống; các đoạn văn giữ từ kỳ trước được đánh dấu, hãy sửa cho kỳ này hoặc bấm “Giữ nguyên”.";
                Ok(Answer::Noticed(v, said.into()))
            }
            // "Tổng hợp báo cáo đơn vị": the units' `files` summed into `draft` (the higher
            // level's own); the answer holds the summary, the notices (unreadable files,
            // refused or doubled units) and each unit's errors, named.
            Some("aggregate") => {
                let (kind, base) = draft(get("draft"))?;
                // The units' files as the author chose them: each read here as "Mở tệp" reads
                // one (a draft file or a baocao .docx); one that cannot be read is named.
                let (files, names) = (get("files"), get("names"));
                let files = files.dyn_ref::<Array>().ok_or("Chưa có báo cáo đơn vị nào để tổng hợp.")?;
                let mut units = Vec::new();
                let mut unreadable = Vec::new();
                for (i, f) in files.iter().enumerate() {
                    let file = Reflect::get(&names, &JsValue::from(i as u32))
                        .ok()
                        .and_then(|n| n.as_string())
                        .unwrap_or_else(|| format!("Báo cáo {}", i + 1));
                    let bytes = f.dyn_ref::<ArrayBuffer>().map(|b| Uint8Array::new(b).to_vec()).unwrap_or_default();
                    match draft_io::parse_file(&bytes) {
                        Ok((d, _)) => units.push((file, d)),
                        Err(e) => {
                            unreadable.push(format!("Không mở được tệp “{file}”: {}", baocao::text::lower_first(&e.0)))
                        }
                    }
                }
                // The units' errors stay in the summary (`aggregate.unit_errors`), shown by its checks.
                let (sum, notices, _) = kinds::aggregate(kind, &base, &units);
                let notices: Vec<String> =
                    unreadable.into_iter().chain(notices.into_iter().map(|n| n.message)).collect();
                let n = sum.list(&format!("{}.units", baocao::frame::path::AGGREGATE)).len();
                let said = format!("Đã tổng hợp báo cáo của {n} đơn vị thành bản nháp mới; bản đang soạn vẫn ở trong danh sách “Bản nháp”.");
                value(&AggregateAnswer { draft: &sum, said, notices: &notices })
            }
            Some("xlsx") => {
                let (kind, d) = draft(get("draft"))?;
                let name = document::build(kind, &d).file_name.replace(".docx", ".xlsx");
                render::xlsx::render(kind, &d).map(|b| Answer::Bytes(b, name))
            }
            Some("sample") => {
                let id = get("kind").as_string().unwrap_or_default();
                let kind = kinds::by_id(&id).ok_or_else(|| format!("Không có loại báo cáo “{id}”."))?;
                value(&kinds::sample(kind))
            }
            Some("open") => {
                let bytes = get("bytes");
                let buf = bytes.dyn_ref::<ArrayBuffer>().ok_or("Trình duyệt không đọc được tệp.")?;
                let (d, edited) = draft_io::parse_file(&Uint8Array::new(buf).to_vec()).map_err(|e| e.0)?;
                let Answer::Value(v) = value(&d)? else {
                    return Err("Bộ xử lý không ghi được kết quả.".into());
                };
                if edited.is_empty() {
                    return Ok(Answer::Value(v));
                }
                // Edited in Word since baocao wrote it: the draft opens as written, and says so.
                let listed: Vec<String> = edited.iter().take(5).map(|p| format!("“{p}”")).collect();
                let more =
                    if edited.len() > 5 { format!(" và {} đoạn khác", edited.len() - 5) } else { String::new() };
                let notice = format!(
                    "Văn bản trong tệp .docx đã được sửa sau khi baocao tạo ra; bản nháp được mở đúng như baocao đã ghi, không có các chỗ sửa ở {} đoạn: {}{more}.",
                    edited.len(),
                    listed.join("; ")
                );
                Ok(Answer::Noticed(v, notice))
            }
            Some("kinds") => {
                let forms: Vec<serde_json::Value> =
                    kinds::all().iter().filter_map(|k| kinds::form_value(k.id)).collect();
                value(&forms)
            }
            Some("kind") => {
                let text = get("text").as_string().unwrap_or_default();
                let mut m = serde_json::Map::new();
                match kinds::add_text(&text) {
                    Ok(k) => {
                        m.insert("form".into(), kinds::form_value(k.id).unwrap_or_default());
                    }
                    Err(problems) => {
                        let sentences = problems.iter().map(|p| serde_json::Value::from(p.sentence())).collect();
                        m.insert("problems".into(), serde_json::Value::Array(sentences));
                    }
                }
                value(&m)
            }
            _ => Err("Yêu cầu gửi tới bộ xử lý không hợp lệ.".into()),
        }
    }

    fn set(obj: &Object, key: &str, value: &JsValue) {
        let _ = Reflect::set(obj, &JsValue::from_str(key), value);
    }

    pub fn start() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let reply_scope = scope.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let reply = Object::new();
            set(&reply, "id", &Reflect::get(&data, &JsValue::from_str("id")).unwrap_or(JsValue::NULL));
            match answer(&data) {
                Ok(Answer::Bytes(bytes, name)) => {
                    let buffer = Uint8Array::from(bytes.as_slice()).buffer();
                    set(&reply, "bytes", &buffer);
                    set(&reply, "name", &JsValue::from_str(&name));
                    // Transfer the buffer: no copy on the way back.
                    if reply_scope.post_message_with_transfer(&reply, &Array::of1(&buffer)).is_err() {
                        let _ = reply_scope.post_message(&reply);
                    }
                }
                Ok(Answer::Value(v)) => {
                    set(&reply, "value", &v);
                    let _ = reply_scope.post_message(&reply);
                }
                Ok(Answer::Noticed(v, notice)) => {
                    set(&reply, "value", &v);
                    set(&reply, "notice", &JsValue::from_str(&notice));
                    let _ = reply_scope.post_message(&reply);
                }
                Err(msg) => {
                    set(&reply, "error", &JsValue::from_str(&msg));
                    let _ = reply_scope.post_message(&reply);
                }
            }
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();

        let ready = Object::new();
        set(&ready, "type", &JsValue::from_str("ready"));
        let _ = scope.post_message(&ready);
    }
}
