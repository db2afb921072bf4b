//! The drafts kept in the browser, as pure data: the index of named drafts with their
//! last-changed time, the record stored for each draft, names and file names, and the rules
//! autosave follows when several tabs share a draft. Ids, times and whatever storage holds
//! are passed in, so all of it is tested natively; `storage.rs` does the reading and writing.
//!
//! Storage layout (localStorage):
//!
//! | key | value |
//! |---|---|
//! | `baocao.drafts` | [`Index`]: every draft's id, name, last change and revision |
//! | `baocao.draft.<id>` | [`Record`]: revision, last change, name and the draft itself |
//! | `baocao.current` | id of the draft opened last (sessionStorage holds each tab's own) |
//! | `baocao.draft` | the single draft of earlier versions: moved into the list on first load |
//!
//! The record is the truth for a draft's content and revision; the index is a small summary
//! for the list, repaired from the records when they disagree.
//!
//! What storage holds comes in as parsed JSON ([`Value`]): the page parses it with the
//! browser's `JSON.parse` (`web::parse_json`), so its wasm carries no JSON parser; natively,
//! serde_json parses.

use serde_json::Value;

#[cfg(doc)]
use crate::draft_io;
use crate::draft_io::LoadError;
use crate::model::Draft;
use crate::text;

/// localStorage key of the index.
pub const INDEX_KEY: &str = "baocao.drafts";
/// Prefix of a draft's record key (`baocao.draft.<id>`).
pub const RECORD_PREFIX: &str = "baocao.draft.";
/// Key of the draft opened last (localStorage: any tab; sessionStorage: this tab).
pub const CURRENT_KEY: &str = "baocao.current";
/// Version of the index layout.
pub const INDEX_VERSION: u32 = 1;
/// Longest draft name kept.
pub const MAX_NAME_CHARS: usize = 120;
/// Name of a draft whose report has no title yet.
pub const UNTITLED: &str = "Bản nháp chưa có tên";

/// A draft in the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub name: String,
    /// True once the author chose the name; until then it follows the report's title.
    pub named: bool,
    /// Last change, milliseconds since 1970 (UTC).
    pub updated: u64,
    /// Revision of the record (each save adds one).
    pub rev: u64,
    /// The id of the draft's report kind (empty in an index of earlier versions, until the
    /// records are read again: [`Index::reconcile`]).
    pub kind: String,
}

impl Entry {
    /// The entry of the record `id` with this head.
    pub fn new(id: &str, head: &RecordHead) -> Entry {
        Entry {
            id: id.to_string(),
            name: if head.name.is_empty() { UNTITLED.into() } else { head.name.clone() },
            named: head.named,
            updated: head.updated,
            rev: head.rev,
            kind: head.kind.clone(),
        }
    }

    /// An entry as stored: `id`, `name` and `updated` required, `named` and `rev` optional.
    fn of(v: &Value) -> Option<Entry> {
        Some(Entry {
            id: v.get("id")?.as_str()?.to_string(),
            name: v.get("name")?.as_str()?.to_string(),
            named: opt_bool(v, "named")?,
            updated: v.get("updated")?.as_u64()?,
            rev: opt_u64(v, "rev")?,
            kind: opt(v, "kind", |k| k.as_str().map(str::to_string))?,
        })
    }
}

/// An optional member: missing or null gives the default; another type, `None`.
fn opt<T: Default>(v: &Value, key: &str, get: impl Fn(&Value) -> Option<T>) -> Option<T> {
    match v.get(key) {
        None | Some(Value::Null) => Some(T::default()),
        Some(x) => get(x),
    }
}

fn opt_bool(v: &Value, key: &str) -> Option<bool> {
    opt(v, key, Value::as_bool)
}

fn opt_u64(v: &Value, key: &str) -> Option<u64> {
    opt(v, key, Value::as_u64)
}

/// Every draft kept in this browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Index {
    pub version: u32,
    pub drafts: Vec<Entry>,
}

impl Default for Index {
    fn default() -> Self {
        Index { version: INDEX_VERSION, drafts: Vec::new() }
    }
}

impl Index {
    /// The index as stored (`None`: missing or not JSON); anything unreadable gives an empty
    /// index (the records are still there and [`Index::reconcile`] brings them back).
    pub fn parse(v: Option<Value>) -> Index {
        let read = |v: &Value| -> Option<Index> {
            let version = u32::try_from(v.get("version")?.as_u64()?).ok()?;
            let drafts = v.get("drafts")?.as_array()?.iter().map(Entry::of).collect::<Option<Vec<_>>>()?;
            Some(Index { version, drafts })
        };
        let mut index = v.as_ref().and_then(read).unwrap_or_default();
        index.drafts.retain(|e| is_valid_id(&e.id));
        let mut seen: Vec<String> = Vec::new();
        index.drafts.retain(|e| {
            let new = !seen.contains(&e.id);
            seen.push(e.id.clone());
            new
        });
        index
    }

    /// The index as stored (turned into text by the caller: `JSON.stringify` in the page).
    pub fn to_value(&self) -> Value {
        let entries = self.drafts.iter().map(|e| {
            let mut m = serde_json::Map::new();
            m.insert("id".into(), Value::from(e.id.as_str()));
            m.insert("name".into(), Value::from(e.name.as_str()));
            m.insert("named".into(), Value::from(e.named));
            m.insert("updated".into(), Value::from(e.updated));
            m.insert("rev".into(), Value::from(e.rev));
            m.insert("kind".into(), Value::from(e.kind.as_str()));
            Value::Object(m)
        });
        let mut m = serde_json::Map::new();
        m.insert("version".into(), Value::from(self.version));
        m.insert("drafts".into(), Value::Array(entries.collect()));
        Value::Object(m)
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.drafts.iter().find(|e| e.id == id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Add or replace the entry with this id.
    pub fn upsert(&mut self, entry: Entry) {
        match self.drafts.iter_mut().find(|e| e.id == entry.id) {
            Some(e) => *e = entry,
            None => self.drafts.push(entry),
        }
    }

    pub fn remove(&mut self, id: &str) -> Option<Entry> {
        let i = self.drafts.iter().position(|e| e.id == id)?;
        Some(self.drafts.remove(i))
    }

    /// Entries, most recently changed first (then by name).
    pub fn sorted(&self) -> Vec<Entry> {
        let mut v = self.drafts.clone();
        crate::small_sort::sort_by(&mut v, |a, b| (b.updated, &a.name, &a.id) < (a.updated, &b.name, &b.id));
        v
    }

    /// The most recently changed draft other than `except`.
    pub fn most_recent(&self, except: Option<&str>) -> Option<&Entry> {
        self.drafts.iter().filter(|e| Some(e.id.as_str()) != except).max_by_key(|e| e.updated)
    }

    /// Make the index agree with the records found in storage (`id`, head if readable):
    /// entries without a record go, records without an entry come back (an unreadable record
    /// too, so that it is not forgotten; opening it says why it cannot be used). Returns true
    /// when something changed.
    pub fn reconcile(&mut self, found: &[(String, Option<RecordHead>)]) -> bool {
        let before = self.clone();
        self.drafts.retain(|e| found.iter().any(|(id, _)| *id == e.id));
        for (id, head) in found {
            match (self.drafts.iter_mut().find(|e| e.id == *id), head) {
                (Some(e), Some(h)) => {
                    if h.rev > e.rev {
                        e.rev = h.rev;
                        e.updated = h.updated;
                        if !h.name.is_empty() && !e.named {
                            e.name = h.name.clone();
                            e.named = h.named;
                        }
                    }
                    if e.kind != h.kind {
                        e.kind = h.kind.clone();
                    }
                }
                (Some(_), None) => {}
                (None, Some(h)) => self.drafts.push(Entry::new(id, h)),
                (None, None) => self.drafts.push(Entry::new(id, &RecordHead::default())),
            }
        }
        *self != before
    }
}

/// Ids are lowercase hexadecimal, 8 to 32 digits (so `baocao.draft.unreadable`, kept by
/// earlier versions, is never taken for a record).
pub fn is_valid_id(id: &str) -> bool {
    (8..=32).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub fn record_key(id: &str) -> String {
    format!("{RECORD_PREFIX}{id}")
}

/// The id of a record key, if it is one.
pub fn id_of_key(key: &str) -> Option<&str> {
    key.strip_prefix(RECORD_PREFIX).filter(|id| is_valid_id(id))
}

/// A new id from the time and a random number, not in `taken`.
pub fn new_id(now_ms: u64, random: u32, taken: impl Fn(&str) -> bool) -> String {
    let mut n: u64 = 0;
    loop {
        let id = format!("{:011x}{:08x}", now_ms & 0xfff_ffff_ffff, random.wrapping_add(n as u32));
        if !taken(&id) {
            return id;
        }
        n += 1;
    }
}

/// What a record says about itself, and its draft's kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordHead {
    pub rev: u64,
    pub updated: u64,
    pub name: String,
    pub named: bool,
    /// The draft's kind id (read from the draft; not written on its own).
    pub kind: String,
}

/// A draft as stored under `baocao.draft.<id>`.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub head: RecordHead,
    pub draft: Draft,
}

/// A record as stored (turned into text by the caller: `JSON.stringify` in the page).
pub fn record_value(head: &RecordHead, draft: &Draft) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("rev".into(), Value::from(head.rev));
    m.insert("updated".into(), Value::from(head.updated));
    m.insert("name".into(), Value::from(head.name.as_str()));
    m.insert("named".into(), Value::from(head.named));
    m.insert("draft".into(), draft.to_value());
    Value::Object(m)
}

/// The head of a stored record (`None` when it is not one).
pub fn parse_head(v: &Value) -> Option<RecordHead> {
    Some(RecordHead {
        rev: v.get("rev")?.as_u64()?,
        updated: opt_u64(v, "updated")?,
        name: opt(v, "name", |n| n.as_str().map(str::to_string))?,
        named: opt_bool(v, "named")?,
        kind: v.get("draft").and_then(|d| d.get("kind")).and_then(Value::as_str).unwrap_or_default().to_string(),
    })
}

/// A stored record (`None`: missing or not JSON), its draft read by [`read_draft`].
pub fn parse_record(v: Option<Value>) -> Result<Record, LoadError> {
    let damaged = || LoadError("Bản nháp lưu trong trình duyệt bị hỏng, không đọc được.".into());
    let mut v = v.ok_or_else(damaged)?;
    let head = parse_head(&v).ok_or_else(damaged)?;
    let draft = v.get_mut("draft").map(Value::take).ok_or_else(damaged)?;
    Ok(Record { head, draft: read_draft(Some(draft))? })
}

/// A draft the page itself wrote (a record of localStorage, the single draft of earlier
/// versions) or the worker read (an opened file, a sample: read there by
/// [`draft_io::parse`]): `None` when it is not JSON. What another version of the app may
/// have written is checked, with the words [`draft_io::from_value`] uses — the format marker,
/// a version this build reads, a kind it knows — and the fields are taken as they are: their
/// text was cleaned when typed or read, and every reader of a draft copes with a value of
/// another type. (`draft_io::from_value`'s field-by-field checks weigh 2.5 KB brotli of the
/// page's first load.) A stored draft of an older format version would need
/// `draft_io`'s migration: there is none yet (the test `stored_drafts_read_as_the_core_reads_them` fails when
/// there is, so that they are sent to the worker then).
pub fn read_draft(v: Option<Value>) -> Result<Draft, LoadError> {
    use crate::model::{FORMAT, RESERVED_KEYS, VERSION};
    let e = |s: String| Err(LoadError(s));
    let Some(v) = v else {
        return e("Nội dung không phải JSON hợp lệ nên không phải bản nháp báo cáo.".into());
    };
    let Value::Object(mut obj) = v else {
        return e("Tệp không phải bản nháp báo cáo (thiếu thông tin loại báo cáo).".into());
    };
    if obj.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return e("Tệp không phải bản nháp báo cáo của ứng dụng này (thiếu dấu hiệu “baocao-draft”).".into());
    }
    let version = match obj.get("version") {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(u64::MAX),
        _ => return e("Tệp thiếu số phiên bản định dạng bản nháp.".into()),
    };
    if version > VERSION as u64 {
        return e(format!(
            "Tệp được lưu bằng phiên bản mới hơn (định dạng {version}); hãy mở bằng phiên bản ứng dụng mới nhất."
        ));
    }
    if version == 0 {
        return e("Số phiên bản định dạng bản nháp không hợp lệ.".into());
    }
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
    if crate::kinds::by_id(&kind).is_none() {
        return e(if kind.is_empty() {
            "Tệp không cho biết loại báo cáo.".to_string()
        } else {
            format!("Ứng dụng chưa hỗ trợ loại báo cáo “{kind}”.")
        });
    }
    for k in RESERVED_KEYS {
        obj.remove(k);
    }
    let mut d = Draft::new(&kind);
    d.fields = obj;
    Ok(d)
}

/// A draft's name while the author has not chosen one: the report's title, shortened.
pub fn auto_name(title: &str) -> String {
    let t = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return UNTITLED.into();
    }
    shorten(&t, 90)
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max - 1).collect();
    // End on a word when there is one.
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// A name the author typed, cleaned: one line, NFC, at most [`MAX_NAME_CHARS`].
pub fn clean_name(input: &str) -> Result<String, &'static str> {
    let s = text::clean(input).split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return Err("Tên bản nháp không được để trống.");
    }
    Ok(s.chars().take(MAX_NAME_CHARS).collect())
}

/// The name of a copy: `X (bản sao)`, then `X (bản sao 2)`, … — one no draft has yet.
pub fn copy_name(name: &str, existing: &[&str]) -> String {
    let base = shorten(name, MAX_NAME_CHARS - 16);
    let first = format!("{base} (bản sao)");
    if !existing.contains(&first.as_str()) {
        return first;
    }
    (2..).map(|n| format!("{base} (bản sao {n})")).find(|c| !existing.contains(&c.as_str())).expect("a free name")
}

/// The name of the copy keeping what this tab had typed when another tab changed the draft.
pub fn conflict_name(name: &str, existing: &[&str]) -> String {
    let base = format!("{} (bản ở thẻ khác)", shorten(name, MAX_NAME_CHARS - 24));
    if !existing.contains(&base.as_str()) {
        return base;
    }
    (2..).map(|n| format!("{base} {n}")).find(|c| !existing.contains(&c.as_str())).expect("a free name")
}

/// A draft's name from the file it was opened from: `bao-cao.baocao.json` → `bao-cao`.
pub fn name_from_file(file_name: &str) -> String {
    // ASCII only: the extensions are ASCII, and byte offsets must stay those of `file_name`.
    let lower = file_name.to_ascii_lowercase();
    let stem = [".baocao.json", ".json", ".docx"]
        .iter()
        .find(|ext| lower.ends_with(*ext))
        .map_or(file_name, |ext| &file_name[..file_name.len() - ext.len()]);
    clean_name(stem).unwrap_or_else(|_| UNTITLED.into())
}

/// The file name "Lưu tệp" offers: the author's name for the draft when there is one,
/// else the name of the report's .docx, with `.baocao.json`.
pub fn file_name(author_name: Option<&str>, docx_name: &str) -> String {
    let stem = match author_name.map(text::slug).filter(|s| !s.is_empty()) {
        Some(s) => s,
        None => docx_name.strip_suffix(".docx").unwrap_or(docx_name).to_string(),
    };
    let stem = if stem.is_empty() { "ban-nhap".to_string() } else { stem.chars().take(100).collect() };
    format!("{stem}.baocao.json")
}

/// A local date and time (from the browser's clock and time zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalTime {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

/// `14:05 ngày 29/11/2026`.
pub fn format_time(t: LocalTime) -> String {
    format!("{:02}:{:02} ngày {:02}/{:02}/{}", t.hour, t.minute, t.day, t.month, t.year)
}

/// What to do when another tab has saved the draft open here (revision `remote_rev`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remote {
    /// Nothing new (an old or repeated event).
    Ignore,
    /// Take the other tab's draft: this tab had nothing unsaved.
    Adopt,
    /// This tab has unsaved changes of its own: keep them as a copy, then take the other
    /// tab's draft.
    KeepCopyThenAdopt,
}

/// `my_rev`: the revision this tab last loaded or wrote; `unsaved`: this tab's draft when
/// it holds changes not written yet.
pub fn on_remote(remote_rev: u64, my_rev: u64, unsaved: Option<&Draft>, remote: &Draft) -> Remote {
    if remote_rev <= my_rev {
        return Remote::Ignore;
    }
    match unsaved {
        Some(mine) if mine != remote => Remote::KeepCopyThenAdopt,
        _ => Remote::Adopt,
    }
}

/// May this tab write its draft over what storage holds? Not when storage holds a revision
/// this tab has not seen (another tab saved since).
pub fn may_write(stored_rev: Option<u64>, my_rev: u64) -> bool {
    stored_rev.is_none_or(|r| r <= my_rev)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Storage text parsed as the page does (there with the browser's JSON.parse).
    fn json(s: &str) -> Option<Value> {
        serde_json::from_str(s).ok()
    }

    fn draft(title: &str) -> Draft {
        let mut d = Draft::new("dan-van-chinh-quyen");
        d.set("title", json!(title));
        d
    }

    fn entry(id: &str, name: &str, updated: u64) -> Entry {
        Entry { id: id.into(), name: name.into(), named: true, updated, rev: 1, kind: String::new() }
    }

    #[test]
    fn ids() {
        let id = new_id(1_790_000_000_000, 7, |_| false);
        assert!(is_valid_id(&id), "{id}");
        assert_eq!(id_of_key(&record_key(&id)), Some(id.as_str()));
        assert_eq!(id_of_key("baocao.draft.unreadable"), None);
        assert_eq!(id_of_key("baocao.draft"), None);
        assert_eq!(id_of_key("baocao.drafts"), None);
        let taken = id.clone();
        let other = new_id(1_790_000_000_000, 7, |s| s == taken);
        assert_ne!(other, id);
        assert!(is_valid_id(&other));
    }

    #[test]
    fn index_round_trip_and_order() {
        let mut ix = Index::default();
        ix.upsert(entry("0000000a", "A", 10));
        ix.upsert(entry("0000000b", "B", 30));
        ix.upsert(entry("0000000c", "C", 20));
        ix.upsert(Entry { name: "A2".into(), ..entry("0000000a", "A", 40) });
        let names: Vec<String> = ix.sorted().into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["A2", "B", "C"]);
        assert_eq!(ix.most_recent(Some("0000000a")).unwrap().name, "B");
        let back = Index::parse(Some(ix.to_value()));
        assert_eq!(back, ix);
        assert_eq!(ix.remove("0000000b").unwrap().name, "B");
        assert!(!ix.contains("0000000b"));
        // Unreadable or foreign content: an empty index.
        assert_eq!(Index::parse(json("{oops")), Index::default());
        assert_eq!(Index::parse(json(r#"{"version":1,"drafts":[{"id":"0000000a"}]}"#)), Index::default());
        assert_eq!(Index::parse(None), Index::default());
        let bad = r#"{"version":1,"drafts":[{"id":"../x","name":"x","updated":1},{"id":"0000000a","name":"a","updated":1},{"id":"0000000a","name":"dup","updated":2}]}"#;
        assert_eq!(Index::parse(json(bad)).drafts.len(), 1);
    }

    #[test]
    fn reconcile_with_records() {
        let mut ix = Index::default();
        ix.upsert(entry("0000000a", "A", 10));
        ix.upsert(entry("0000000b", "B (gone)", 10));
        let head = |rev, name: &str| {
            Some(RecordHead { rev, updated: 99, name: name.into(), named: false, kind: String::new() })
        };
        let found = vec![
            ("0000000a".to_string(), head(5, "ignored: named")),
            ("0000000c".to_string(), head(2, "C")),
            ("0000000d".to_string(), None),
        ];
        assert!(ix.reconcile(&found));
        let a = ix.get("0000000a").unwrap();
        assert_eq!((a.rev, a.updated, a.name.as_str()), (5, 99, "A"));
        assert!(!ix.contains("0000000b"));
        assert_eq!(ix.get("0000000c").unwrap().name, "C");
        assert_eq!(ix.get("0000000d").unwrap().name, UNTITLED);
        assert!(!ix.reconcile(&found));
        // The kind comes from the record (an index of earlier versions has none).
        let found =
            vec![("0000000c".to_string(), Some(RecordHead { kind: "tiep-cong-dan".into(), ..head(2, "C").unwrap() }))];
        assert!(ix.reconcile(&found));
        assert_eq!(ix.get("0000000c").unwrap().kind, "tiep-cong-dan");
    }

    #[test]
    fn records_round_trip_and_reject_damage() {
        let d = draft("Báo cáo");
        let head =
            RecordHead { rev: 3, updated: 1234, name: "Tên".into(), named: true, kind: "dan-van-chinh-quyen".into() };
        let s = serde_json::to_string(&record_value(&head, &d)).unwrap();
        assert_eq!(parse_head(&json(&s).unwrap()), Some(head.clone()));
        assert_eq!(
            parse_head(&json(r#"{"rev":2}"#).unwrap()),
            Some(RecordHead { rev: 2, updated: 0, name: String::new(), named: false, kind: String::new() })
        );
        assert_eq!(parse_head(&json(r#"{"rev":"2"}"#).unwrap()), None);
        let r = parse_record(json(&s)).unwrap();
        assert_eq!(r.head, head);
        assert_eq!(r.draft, d);
        assert!(parse_record(json("{")).unwrap_err().0.contains("bị hỏng"));
        assert!(parse_record(json(r#"{"rev":1}"#)).unwrap_err().0.contains("bị hỏng"));
        let newer = s.replace(r#""version":1"#, r#""version":99"#);
        assert!(parse_record(json(&newer)).unwrap_err().0.contains("phiên bản mới hơn"));
        // Its fields are taken as they were written (their text was cleaned when typed).
        let decomposed = serde_json::to_string(&record_value(&head, &draft("Vie\u{302}\u{323}t"))).unwrap();
        assert_eq!(parse_record(json(&decomposed)).unwrap().draft.text("title"), "Vie\u{302}\u{323}t");
    }

    #[test]
    fn stored_drafts_read_as_the_core_reads_them() {
        // The page reads stored drafts without draft_io's migration: there is none to do.
        assert_eq!(crate::model::VERSION, 1, "stored drafts of older versions must now be migrated (read_draft)");
        let ok = draft("Báo cáo").to_value();
        assert_eq!(read_draft(Some(ok.clone())), crate::draft_io::from_value(ok));
        let mut cases = vec![None, Some(json!([1])), Some(json!({"format": "x"}))];
        for (k, v) in [
            ("version", json!(null)),
            ("version", json!(99)),
            ("version", json!(0)),
            ("kind", json!("")),
            ("kind", json!("khac")),
        ] {
            let mut d = draft("x").to_value();
            d[k] = v;
            cases.push(Some(d));
        }
        for v in cases {
            let core = match &v {
                Some(v) => crate::draft_io::from_value(v.clone()),
                None => crate::draft_io::from_parsed(None),
            };
            assert!(core.is_err(), "{v:?}");
            assert_eq!(read_draft(v.clone()), core, "{v:?}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(auto_name("  Kết quả   công tác\ndân vận  "), "Kết quả công tác dân vận");
        assert_eq!(auto_name(""), UNTITLED);
        let long = "chữ ".repeat(60);
        let a = auto_name(&long);
        assert!(a.chars().count() <= 90 && a.ends_with('…'), "{a}");
        assert_eq!(clean_name("  Quý\r\n3 \u{1}"), Ok("Quý 3".into()));
        assert!(clean_name(" \n ").is_err());
        assert_eq!(clean_name(&"a".repeat(500)).unwrap().len(), MAX_NAME_CHARS);
        assert_eq!(copy_name("X", &[]), "X (bản sao)");
        assert_eq!(copy_name("X", &["X (bản sao)", "X (bản sao 2)"]), "X (bản sao 3)");
        assert_eq!(conflict_name("X", &[]), "X (bản ở thẻ khác)");
        assert_eq!(conflict_name("X", &["X (bản ở thẻ khác)"]), "X (bản ở thẻ khác) 2");
        assert_eq!(name_from_file("Báo cáo quý 3.baocao.json"), "Báo cáo quý 3");
        assert_eq!(name_from_file("x.JSON"), "x");
        assert_eq!(name_from_file("BC-UBND-dan-van-2021.docx"), "BC-UBND-dan-van-2021");
        assert_eq!(name_from_file(".json"), UNTITLED);
    }

    #[test]
    fn file_names() {
        assert_eq!(
            file_name(Some("Báo cáo quý 3 (gửi huyện)"), "BC-UBND-dan-van-2025.docx"),
            "bao-cao-quy-3-gui-huyen.baocao.json"
        );
        assert_eq!(file_name(None, "BC-UBND-dan-van-2025.docx"), "BC-UBND-dan-van-2025.baocao.json");
        assert_eq!(file_name(Some("…"), "dan-van.docx"), "dan-van.baocao.json");
        assert_eq!(file_name(None, ""), "ban-nhap.baocao.json");
    }

    #[test]
    fn times() {
        let t = LocalTime { year: 2026, month: 11, day: 29, hour: 14, minute: 5 };
        assert_eq!(format_time(t), "14:05 ngày 29/11/2026");
        let t = LocalTime { year: 2026, month: 1, day: 5, hour: 9, minute: 3 };
        assert_eq!(format_time(t), "09:03 ngày 05/01/2026");
    }

    #[test]
    fn tabs_never_overwrite_newer_work() {
        let (a, b) = (draft("A"), draft("B"));
        assert_eq!(on_remote(3, 3, None, &a), Remote::Ignore);
        assert_eq!(on_remote(2, 3, Some(&b), &a), Remote::Ignore);
        assert_eq!(on_remote(4, 3, None, &a), Remote::Adopt);
        assert_eq!(on_remote(4, 3, Some(&a), &a), Remote::Adopt);
        assert_eq!(on_remote(4, 3, Some(&b), &a), Remote::KeepCopyThenAdopt);
        assert!(may_write(None, 0));
        assert!(may_write(Some(3), 3));
        assert!(!may_write(Some(4), 3));
    }
}
