//! Reading drafts: size limit, JSON, format marker, version migration, kind, and the type of
//! every field the kind declares. A draft that cannot be used gets one Vietnamese sentence
//! saying why; the caller's current draft is never touched.
//!
//! A .docx baocao wrote carries its draft (a custom XML part, `render::docx::DRAFT_NS`), so
//! opening the .docx opens the draft ([`parse_bytes`], [`parse_docx`]); when the document's
//! text no longer matches what that draft renders (it was edited in Word), [`parse_docx`]
//! says which paragraphs differ, and the draft opens as baocao wrote it.

mod docx;

use serde_json::{Map, Value};

use crate::kind::{FieldType, Kind};
use crate::kinds;
use crate::model::{Draft, FORMAT, VERSION};
use crate::text;

/// Largest draft file accepted (bytes).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Largest figure accepted.
pub use crate::model::MAX_COUNT;

/// Why a draft cannot be used, as one Vietnamese sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(s: impl Into<String>) -> Result<T, LoadError> {
    Err(LoadError(s.into()))
}

pub use docx::{MAX_DOCUMENT_PART, MAX_DRAFT_PART, NO_DRAFT, REMOVED};

/// Read a draft from raw bytes (a file): draft JSON, or a .docx baocao wrote (its draft, as
/// written; see [`parse_docx`] for the paragraphs edited since).
pub fn parse_bytes(bytes: &[u8]) -> Result<Draft, LoadError> {
    check_size(bytes.len() as u64)?;
    if docx::is_zip(bytes) {
        return open_docx(bytes, false).map(|(d, _)| d);
    }
    let s = std::str::from_utf8(bytes)
        .map_err(|_| LoadError("Tệp không phải văn bản UTF-8 nên không phải bản nháp báo cáo.".into()))?;
    parse(s)
}

/// Read a draft from a file, JSON or .docx, with the notice of a .docx whose text was edited
/// since baocao wrote it (the paragraphs [`parse_docx`] finds; empty for JSON).
pub fn parse_file(bytes: &[u8]) -> Result<(Draft, Vec<String>), LoadError> {
    check_size(bytes.len() as u64)?;
    if docx::is_zip(bytes) {
        open_docx(bytes, true)
    } else {
        parse_bytes(bytes).map(|d| (d, Vec::new()))
    }
}

/// Read the draft a .docx carries, and compare the document's paragraphs with what that draft
/// renders: the paragraphs that differ, each as it now reads in the .docx (a paragraph of the
/// draft's that the .docx lost is prefixed [`REMOVED`]). The draft is returned as baocao
/// wrote it, whatever the differences. A .docx without baocao's draft gets [`NO_DRAFT`].
pub fn parse_docx(bytes: &[u8]) -> Result<(Draft, Vec<String>), LoadError> {
    check_size(bytes.len() as u64)?;
    open_docx(bytes, true)
}

fn open_docx(bytes: &[u8], compare: bool) -> Result<(Draft, Vec<String>), LoadError> {
    let file = docx::read(bytes, compare)?;
    let draft =
        parse(&file.json).map_err(|e| LoadError(format!("Bản nháp kèm trong tệp .docx không dùng được: {e}")))?;
    let differs = match file.document {
        None => Vec::new(),
        Some(Err(why)) => vec![format!("(Không so được nội dung văn bản với bản nháp: {why}.)")],
        Some(Ok(xml)) => {
            let kind = kinds::by_id(&draft.kind).expect("parse checked the kind");
            let expected = crate::render::docx::document_xml(&crate::document::build(kind, &draft));
            match (docx::paragraphs(&xml), docx::paragraphs(&expected)) {
                (Some(now), Some(then)) => docx::differing(&now, &then),
                _ => vec!["(Không so được nội dung văn bản với bản nháp: word/document.xml bị hỏng.)".to_string()],
            }
        }
    };
    Ok((draft, differs))
}

/// The notice for a .docx whose text differs from its draft (`None` when it does not), in
/// Vietnamese: one sentence, then the paragraphs (at most `shown`, each cut at 160
/// characters), one per line.
pub fn edited_notice(differs: &[String], shown: usize) -> Option<String> {
    if differs.is_empty() {
        return None;
    }
    let mut s = format!(
        "Nội dung tệp .docx khác với bản nháp kèm theo ở {} đoạn (có thể đã được sửa sau khi tạo, \
         ví dụ trong Word); bản nháp được mở như baocao đã ghi, các đoạn khác:",
        differs.len()
    );
    for p in differs.iter().take(shown) {
        let one: String = p.split_whitespace().collect::<Vec<_>>().join(" ");
        let cut: String = one.chars().take(160).collect();
        s.push_str("\n  “");
        s.push_str(&cut);
        if cut.len() < one.len() {
            s.push('…');
        }
        s.push('”');
    }
    if differs.len() > shown {
        s.push_str(&format!("\n  … và {} đoạn nữa.", differs.len() - shown));
    }
    Some(s)
}

/// Refuse a file over [`MAX_BYTES`] before reading it (the browser checks `File.size`).
pub fn check_size(len: u64) -> Result<(), LoadError> {
    if len > MAX_BYTES as u64 {
        return err(format!(
            "Tệp quá lớn ({} MB); bản nháp báo cáo không vượt quá {} MB.",
            len.div_ceil(1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        ));
    }
    Ok(())
}

/// Read a draft from JSON text.
pub fn parse(s: &str) -> Result<Draft, LoadError> {
    if s.len() > MAX_BYTES {
        return parse_bytes(s.as_bytes());
    }
    let s = s.trim_start_matches('\u{feff}');
    if s.trim().is_empty() {
        return err("Tệp rỗng nên không phải bản nháp báo cáo.");
    }
    let value: Value = match serde_json::from_str(s) {
        Ok(v) => v,
        Err(e) if e.is_eof() || e.is_syntax() => {
            if e.to_string().contains("recursion limit") {
                return err("Tệp lồng quá nhiều cấp nên không phải bản nháp báo cáo.");
            }
            return err(format!("Tệp không phải JSON hợp lệ (dòng {}, cột {}).", e.line(), e.column()));
        }
        Err(e) => return err(format!("Không đọc được tệp: {e}.")),
    };
    from_value(value)
}

/// A draft from JSON the caller parsed (`None`: the text was not JSON). The web page parses
/// with the browser's `JSON.parse` and so has no line and column to give.
pub fn from_parsed(value: Option<Value>) -> Result<Draft, LoadError> {
    match value {
        Some(v) => from_value(v),
        None => err("Nội dung không phải JSON hợp lệ nên không phải bản nháp báo cáo."),
    }
}

/// Validate and migrate a parsed JSON value.
pub fn from_value(value: Value) -> Result<Draft, LoadError> {
    let Value::Object(mut obj) = value else {
        return err("Tệp không phải bản nháp báo cáo (thiếu thông tin loại báo cáo).");
    };
    if obj.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return err("Tệp không phải bản nháp báo cáo của ứng dụng này (thiếu dấu hiệu “baocao-draft”).");
    }
    let version = match obj.get("version") {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(u64::MAX),
        _ => return err("Tệp thiếu số phiên bản định dạng bản nháp."),
    };
    if version > VERSION as u64 {
        return err(format!(
            "Tệp được lưu bằng phiên bản mới hơn (định dạng {version}); hãy mở bằng phiên bản ứng dụng mới nhất."
        ));
    }
    if version == 0 {
        return err("Số phiên bản định dạng bản nháp không hợp lệ.");
    }
    migrate(&mut obj, version);
    let kind_id = obj.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
    let Some(kind) = kinds::by_id(&kind_id) else {
        return err(if kind_id.is_empty() {
            "Tệp không cho biết loại báo cáo.".to_string()
        } else {
            format!("Ứng dụng chưa hỗ trợ loại báo cáo “{kind_id}”.")
        });
    };
    let mut fields = Map::new();
    for (k, v) in obj {
        if !crate::model::RESERVED_KEYS.contains(&k.as_str()) {
            fields.insert(k, v);
        }
    }
    let mut draft = Draft { format: FORMAT.into(), version: VERSION, kind: kind_id, fields };
    check_types(kind, &mut draft)?;
    Ok(draft)
}

/// Bring an older draft up to [`VERSION`]. Version 1 is the first; each later version adds
/// a step here, and `tests/drafts/v<N>.baocao.json` keeps a file of each version opening.
fn migrate(obj: &mut Map<String, Value>, from: u64) {
    let _ = from;
    obj.insert("version".into(), Value::from(VERSION));
}

fn type_err(kind: &Kind, path: &str, want: &str, got: &Value) -> LoadError {
    let shown = match got {
        Value::String(s) => format!("“{}”", s.chars().take(40).collect::<String>()),
        Value::Array(_) => "một danh sách".into(),
        Value::Object(_) => "một nhóm giá trị".into(),
        // Written out rather than with `Value`'s Display, which brings serde's serializer
        // into the web page's wasm.
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.to_string(),
            (_, Some(i)) => i.to_string(),
            _ => "một số có phần thập phân hoặc quá lớn".into(),
        },
    };
    LoadError(format!("Trường “{}” ({path}) phải là {want}, nhưng tệp ghi {shown}.", kind.label_of(path)))
}

/// Check every declared field's JSON type and clean its text (NFC, no forbidden characters).
fn check_types(kind: &Kind, d: &mut Draft) -> Result<(), LoadError> {
    let paths: Vec<(String, FieldType)> = kind.fields().map(|(_, f)| (f.path.to_string(), f.ty.clone())).collect();
    for (path, ty) in paths {
        check_field(kind, d, &path, &ty)?;
    }
    Ok(())
}

fn check_field(kind: &Kind, d: &mut Draft, path: &str, ty: &FieldType) -> Result<(), LoadError> {
    let Some(v) = d.get(path).cloned() else {
        return Ok(());
    };
    if v.is_null() {
        return Ok(());
    }
    match ty {
        FieldType::Line | FieldType::Text | FieldType::Date | FieldType::Choice(_) => match v {
            Value::String(s) => d.set(path, Value::String(text::clean(&s))),
            other => return Err(type_err(kind, path, "văn bản", &other)),
        },
        FieldType::Count => {
            check_count(kind, path, &v)?;
            // The text the author was typing is cleaned like every other text.
            if let Some(raw) = v.get("raw").and_then(Value::as_str) {
                let clean = text::clean(raw);
                if clean != raw {
                    d.set(&format!("{path}.raw"), Value::String(clean));
                }
            }
        }
        FieldType::Items | FieldType::Paragraphs => match v {
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, it) in items.into_iter().enumerate() {
                    match it {
                        Value::String(s) => out.push(Value::String(text::clean(&s))),
                        Value::Null => out.push(Value::String(String::new())),
                        other => return Err(type_err(kind, &format!("{path}.{i}"), "văn bản", &other)),
                    }
                }
                d.set(path, Value::Array(out));
            }
            other => return Err(type_err(kind, path, "một danh sách", &other)),
        },
        FieldType::Table(t) => {
            if !v.is_object() {
                return Err(type_err(kind, path, "một bảng số liệu", &v));
            }
            if t.units {
                let units = format!("{path}.{}", crate::kind::UNITS);
                match d.get(&units) {
                    None | Some(Value::Null) | Some(Value::Array(_)) => {}
                    Some(other) => return Err(type_err(kind, &units, "một danh sách đơn vị", &other.clone())),
                }
                for i in 0..d.len(&units) {
                    let row = format!("{units}.{i}");
                    if d.get(&row).is_some_and(|v| !v.is_object()) {
                        return Err(type_err(
                            kind,
                            &row,
                            "một dòng của bảng",
                            &d.get(&row).cloned().unwrap_or_default(),
                        ));
                    }
                    check_field(kind, d, &format!("{row}.{}", crate::kind::UNIT_NAME), &FieldType::Line)?;
                }
            }
            for (row, _) in t.row_paths(path, d) {
                for c in t.cols {
                    let cell = format!("{row}.{}", c.id);
                    let cty = if c.text { FieldType::Text } else { FieldType::Count };
                    check_field(kind, d, &cell, &cty)?;
                }
            }
        }
        FieldType::Records(cols) => {
            let Value::Array(items) = &v else {
                return Err(type_err(kind, path, "một danh sách", &v));
            };
            for (i, it) in items.iter().enumerate() {
                if !it.is_object() {
                    return Err(type_err(kind, &format!("{path}.{i}"), "một văn bản trích dẫn", it));
                }
                for c in cols.iter() {
                    check_field(kind, d, &format!("{path}.{i}.{}", c.path), &c.ty)?;
                }
            }
        }
    }
    Ok(())
}

/// Figures load whatever number they hold, so that a negative, fractional or too large
/// figure becomes a finding the author can fix (rule `figure.whole`); only a number no
/// figure could ever be, or text, makes the draft unusable.
fn check_count(kind: &Kind, path: &str, v: &Value) -> Result<(), LoadError> {
    const BEYOND: f64 = 1e15;
    let in_range = |n: &Value| n.is_null() || n.as_f64().is_some_and(|f| f.is_finite() && f.abs() <= BEYOND);
    match v {
        Value::Number(_) if in_range(v) => Ok(()),
        Value::Number(_) => Err(type_err(kind, path, "một số trong khoảng cho phép", v)),
        // A figure the author was still typing: the raw text and the last valid value.
        Value::Object(m) if m.get("raw").is_some_and(Value::is_string) && m.get("value").is_none_or(in_range) => Ok(()),
        other => Err(type_err(kind, path, "số", other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_json() -> String {
        let k = kinds::by_id("dan-van-chinh-quyen").unwrap();
        serde_json::to_string(&crate::kinds::sample(k)).unwrap()
    }

    #[test]
    fn the_sample_round_trips() {
        let k = kinds::by_id("dan-van-chinh-quyen").unwrap();
        let d = parse(&sample_json()).unwrap();
        assert_eq!(d, crate::kinds::sample(k));
    }

    #[test]
    fn unusable_files_say_why() {
        let cases: Vec<(String, &str)> = vec![
            ("not json".into(), "JSON"),
            (" \n".into(), "Tệp rỗng"),
            ("[1,2]".into(), "không phải bản nháp"),
            (r#"{"a":1}"#.into(), "baocao-draft"),
            (r#"{"format":"baocao-draft","version":99,"kind":"dan-van-chinh-quyen"}"#.into(), "phiên bản mới hơn"),
            (r#"{"format":"baocao-draft","version":1,"kind":"khac"}"#.into(), "chưa hỗ trợ"),
            (sample_json().replace(r#""year":2021"#, r#""year":"hai nghìn""#), "Năm báo cáo"),
            (sample_json().replace(r#""visits":124"#, r#""visits":1e300"#), "khoảng cho phép"),
            (sample_json().replace(r#""visits":124"#, r#""visits":"124""#), "phải là số"),
            ("[".repeat(100_000), "lồng quá nhiều"),
        ];
        for (input, want) in cases {
            let e = parse(&input).unwrap_err();
            assert!(e.0.contains(want), "{:?} → {e}", &input[..input.len().min(60)]);
        }
        assert!(parse_bytes(&[0xff, 0xfe, 0x00]).unwrap_err().0.contains("UTF-8"));
        assert!(parse_bytes(&vec![b' '; MAX_BYTES + 1]).unwrap_err().0.contains("quá lớn"));
    }

    #[test]
    fn text_is_normalised_on_load() {
        let s = sample_json().replace("Phạm Quang Sự", "Pha\u{323}m Quang Sư\u{323}\\u0001");
        let d = parse(&s).unwrap();
        assert_eq!(d.text("signature.name"), "Phạm Quang Sự");
    }
}
