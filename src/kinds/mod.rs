//! The registry of report kinds: the top of the core. Every kind is a data file
//! (`src/kinds/*.json`, embedded at build time, or one the author opens); this module reads
//! each with [`crate::kind::file`] (form) and [`crate::check::file`] (rules), keeps them, and
//! answers what needs a kind's rules or sample.
//!
//! The web page's wasm is built without the `json` feature: it embeds only the form of each
//! bundled file (`build.rs`) and installs the kinds with [`install_form`] from what the
//! browser's `JSON.parse` made. Everything else (command line, worker, tests) reads the
//! whole files on first use.

use std::sync::Mutex;

use serde_json::Value;

use crate::check::{self, Finding, Rule};
use crate::kind::file::{self as kind_file, Problem};
use crate::kind::Kind;
use crate::model::Draft;

/// The id of the reference kind (the annual dân vận report), the default for a new draft.
pub const DEFAULT_ID: &str = "dan-van-chinh-quyen";

/// The bundled kind files, whole.
pub const BUNDLED: &[(&str, &str)] = &[
    ("dan-van-chinh-quyen", include_str!("dan-van-chinh-quyen.json")),
    ("tiep-cong-dan", include_str!("tiep-cong-dan.json")),
];

/// The bundled kind files without their rules and sample, as the web page embeds them: only
/// the default kind's (each form is ~3.7 KB brotli of the page's first load); the page gets
/// the other kinds' forms from the worker once it runs (op `kinds`).
pub const BUNDLED_FORMS: &[&str] = &[include_str!(concat!(env!("OUT_DIR"), "/dan-van-chinh-quyen.form.json"))];

/// A kind the registry holds, with its rules and sample when its whole file was read.
struct Entry {
    kind: &'static Kind,
    rules: &'static [Rule],
    sample: Option<&'static Value>,
    /// Opened by the author rather than bundled.
    own: bool,
    /// The file's text, when the whole file was read.
    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    source: Option<&'static str>,
}

static REGISTRY: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

fn registry() -> std::sync::MutexGuard<'static, Vec<Entry>> {
    #[cfg_attr(not(feature = "json"), allow(unused_mut))]
    let mut r = REGISTRY.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    #[cfg(feature = "json")]
    if r.is_empty() {
        for (name, text) in BUNDLED {
            match read_text(text) {
                Ok(e) => r.push(e),
                // The tests read every bundled file and fail on this; a build never ships one.
                Err(p) => debug_assert!(false, "the bundled kind {name} has problems: {p:?}"),
            }
        }
    }
    r
}

fn put(r: &mut Vec<Entry>, e: Entry) {
    match r.iter_mut().find(|x| x.kind.id == e.kind.id) {
        Some(x) => *x = e,
        None => r.push(e),
    }
}

/// A whole kind file as read: its form, its rules and its sample draft (as JSON).
pub type KindFile = (&'static Kind, Vec<Rule>, Option<Value>);

/// Read a whole kind file's value: its form, rules and sample.
pub fn read_file(v: &Value) -> Result<KindFile, Vec<Problem>> {
    let kind = kind_file::read(v)?;
    let rules = check::file::read(kind, v.get("rules"))?;
    let sample = match v.get("sample") {
        None => None,
        Some(Value::Object(m)) => {
            let mut d = kind.blank();
            d.fields = m.clone();
            let mut leaves = Vec::new();
            kind_file::leaf_paths(&Value::Object(m.clone()), String::new(), &mut leaves);
            let unknown: Vec<Problem> = leaves
                .iter()
                .filter(|p| kind.step_of(p).is_none() && kind.field(p).is_none())
                .map(|p| {
                    Problem::new(
                        format!("sample.{p}"),
                        format!("Bản mẫu điền trường “{p}”, nhưng mẫu báo cáo không có trường này."),
                    )
                })
                .collect();
            if !unknown.is_empty() {
                return Err(unknown);
            }
            Some(d.to_value())
        }
        Some(_) => return Err(vec![Problem::new("sample", "“sample” (bản mẫu) phải là một đối tượng {…}.")]),
    };
    Ok((kind, rules, sample))
}

/// The text of a kind file parsed and read; a syntax error is one problem with its line.
#[cfg(feature = "json")]
pub fn parse(text: &str) -> Result<Value, Vec<Problem>> {
    if text.trim().is_empty() {
        return Err(vec![Problem::new("", "Tệp rỗng: không có mẫu báo cáo nào trong tệp.")]);
    }
    serde_json::from_str(text).map_err(|e| {
        vec![Problem {
            at: String::new(),
            line: Some(e.line()),
            message: format!("Tệp không phải JSON hợp lệ (cột {}): {}.", e.column(), json_error(&e)),
        }]
    })
}

#[cfg(feature = "json")]
fn json_error(e: &serde_json::Error) -> &'static str {
    use serde_json::error::Category;
    if e.to_string().starts_with("recursion limit") {
        return "các ngoặc lồng nhau quá sâu (quá 128 cấp)";
    }
    match e.classify() {
        Category::Eof => "tệp kết thúc giữa chừng (thiếu dấu đóng “}” hoặc “]”?)",
        Category::Syntax => "sai cú pháp (thừa hoặc thiếu dấu phẩy, ngoặc kép, ngoặc?)",
        Category::Data | Category::Io => "dữ liệu không đọc được",
    }
}

#[cfg(feature = "json")]
fn read_text(text: &str) -> Result<Entry, Vec<Problem>> {
    let v = parse(text)?;
    let (kind, rules, sample) = read_file(&v).map_err(|mut p| {
        kind_file::locate(&mut p, text);
        p
    })?;
    let source = Some(&*Box::leak(text.to_owned().into_boxed_str()));
    Ok(Entry { kind, rules: rules.leak(), sample: sample.map(|s| &*Box::leak(Box::new(s))), own: false, source })
}

/// Read a kind file's text and keep the kind beside the bundled ones (replacing one of the
/// same id). Each problem names its place and line.
#[cfg(feature = "json")]
pub fn add_text(text: &str) -> Result<&'static Kind, Vec<Problem>> {
    let mut e = read_text(text)?;
    e.own = true;
    let kind = e.kind;
    put(&mut registry(), e);
    Ok(kind)
}

/// The form part of a known kind's file (the file without its rules and sample), as the
/// worker hands it to the web page for kinds the page does not embed.
#[cfg(feature = "json")]
pub fn form_value(id: &str) -> Option<Value> {
    let text = registry().iter().find(|e| e.kind.id == id).and_then(|e| e.source)?;
    let mut v: Value = serde_json::from_str(text).ok()?;
    if let Some(m) = v.as_object_mut() {
        m.remove("rules");
        m.remove("sample");
    }
    Some(v)
}

/// Keep a kind the web page read from a file's form, which was checked before: a bundled
/// one, or one the worker read whole first (the rules run in the worker).
pub fn install_form(v: &Value, own: bool) -> Option<&'static Kind> {
    let kind = kind_file::read_checked(v)?;
    put(&mut registry(), Entry { kind, rules: &[], sample: None, own, source: None });
    Some(kind)
}

/// Every report kind known now: the bundled ones first, then those the author opened.
pub fn all() -> Vec<&'static Kind> {
    let r = registry();
    let mut out: Vec<&'static Kind> = r.iter().filter(|e| !e.own).map(|e| e.kind).collect();
    out.extend(r.iter().filter(|e| e.own).map(|e| e.kind));
    out
}

/// Was this kind opened from a file by the author (not bundled)?
pub fn is_own(kind: &Kind) -> bool {
    registry().iter().any(|e| e.own && e.kind.id == kind.id)
}

pub fn by_id(id: &str) -> Option<&'static Kind> {
    registry().iter().find(|e| e.kind.id == id).map(|e| e.kind)
}

/// The reference kind, or the first kind known.
pub fn default_kind() -> &'static Kind {
    let all = all();
    all.iter().find(|k| k.id == DEFAULT_ID).or(all.first()).copied().expect("a build knows at least one kind")
}

/// The bundled file of a kind, as a province starts its own version from it.
pub fn bundled_text(id: &str) -> Option<&'static str> {
    BUNDLED.iter().find(|(i, _)| *i == id).map(|(_, t)| *t)
}

/// The consistency rules of a kind, as its file declares them.
pub fn rules(kind: &Kind) -> &'static [Rule] {
    registry().iter().find(|e| e.kind.id == kind.id).map_or(&[], |e| e.rules)
}

/// The kind's sample report (for the reference kind, the reference report as a draft);
/// its blank draft when the file has no sample.
pub fn sample(kind: &Kind) -> Draft {
    let v = registry().iter().find(|e| e.kind.id == kind.id).and_then(|e| e.sample);
    match v.and_then(|v| v.as_object()) {
        Some(m) => {
            let mut d = Draft::new(kind.id);
            d.fields = m.clone();
            for k in crate::model::RESERVED_KEYS {
                d.fields.remove(k);
            }
            d
        }
        None => kind.blank(),
    }
}

/// Run every rule of the kind on the draft: errors first, then warnings, then notes.
pub fn check(kind: &Kind, d: &Draft) -> Vec<Finding> {
    check::check_rules(kind, rules(kind), d)
}

/// [`check`], after the values at `changed` changed since the draft `memo` holds the
/// findings of (`check::check_rules_since`).
pub fn check_since(kind: &Kind, d: &Draft, changed: Option<&[String]>, memo: &mut check::Memo) -> Vec<Finding> {
    check::check_rules_since(kind, rules(kind), d, changed, memo)
}

/// "Tổng hợp báo cáo đơn vị" (`chain::aggregate`), with each summed unit checked: the errors of
/// every unit not refused, as (unit, message), are returned and kept in the summary at
/// `aggregate.unit_errors` (`[{unit, message}]`), where the check `aggregate.units` shows them
/// as warnings until the units send corrected reports.
pub fn aggregate(
    kind: &Kind,
    base: &Draft,
    units: &[(String, Draft)],
) -> (Draft, Vec<crate::chain::Notice>, Vec<(String, String)>) {
    use crate::frame::path;
    let (mut sum, notices) = crate::chain::aggregate(kind, base, units);
    let mut errors = Vec::new();
    for (file, d) in units {
        if d.kind != kind.id || notices.iter().any(|n| n.refused && &n.unit == file) {
            continue;
        }
        let name = match d.text(path::ISSUER_NAME).trim() {
            "" => file.clone(),
            n => n.to_string(),
        };
        for f in check(kind, d).into_iter().filter(|f| f.severity == check::Severity::Error) {
            errors.push((name.clone(), f.message));
        }
    }
    let list: Vec<Value> =
        errors.iter().map(|(unit, message)| serde_json::json!({ "unit": unit, "message": message })).collect();
    sum.set(&format!("{}.unit_errors", path::AGGREGATE), Value::Array(list));
    (sum, notices, errors)
}
