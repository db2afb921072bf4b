//! A JSON Schema of a kind's draft, generated from the kind's declaration, so other tools can
//! write drafts (`baocao schema`, committed as `docs/draft.schema.json`).

use serde_json::{json, Map, Value};

use crate::kind::{Field, FieldType, Kind};
use crate::model::{FORMAT, VERSION};

fn figure() -> Value {
    json!({
        "description": "Số liệu: số nguyên ≥ 0, hoặc {raw, value} khi người soạn đang gõ dở một giá trị chưa hợp lệ",
        "oneOf": [
            { "type": "integer", "minimum": 0, "maximum": 1_000_000_000 },
            { "type": "null" },
            { "type": "object", "required": ["raw"], "properties": { "raw": { "type": "string" }, "value": { "type": ["integer", "null"] } } }
        ]
    })
}

fn field_schema(f: &Field) -> Value {
    let mut s = match &f.ty {
        FieldType::Line | FieldType::Text => json!({ "type": "string" }),
        FieldType::Date => json!({ "type": "string", "format": "date", "description": "YYYY-MM-DD" }),
        FieldType::Choice(opts) => json!({ "enum": opts.iter().map(|(v, _)| *v).collect::<Vec<_>>() }),
        FieldType::Count => figure(),
        FieldType::Items | FieldType::Paragraphs => json!({ "type": "array", "items": { "type": "string" } }),
        FieldType::Table(t) => {
            let mut cols = Map::new();
            for c in t.cols {
                let cell = if c.text {
                    json!({ "type": "string", "title": c.header_path() })
                } else {
                    let mut v = figure();
                    v["title"] = c.header_path().into();
                    v
                };
                cols.insert(c.id.into(), cell);
            }
            let mut rows = Map::new();
            if t.units {
                let mut unit = cols.clone();
                unit.insert(crate::kind::UNIT_NAME.into(), json!({ "type": "string", "title": "Đơn vị" }));
                rows.insert(
                    crate::kind::UNITS.into(),
                    json!({ "type": "array", "title": "Các đơn vị", "items": { "type": "object", "properties": unit } }),
                );
                rows.insert(
                    crate::kind::TOTAL_ROW.into(),
                    json!({ "type": "object", "title": "Tổng", "properties": cols }),
                );
            }
            for r in t.rows {
                rows.insert(r.id.into(), json!({ "type": "object", "title": r.label, "properties": cols }));
            }
            json!({ "type": "object", "properties": rows })
        }
        FieldType::Records(cols) => {
            let mut props = Map::new();
            for c in cols.iter() {
                props.insert(c.path.to_string(), field_schema(c));
            }
            json!({ "type": "array", "items": { "type": "object", "properties": props } })
        }
    };
    s["title"] = f.label.into();
    if !f.help.is_empty() {
        s["description"] = f.help.into();
    }
    s
}

/// Insert `schema` at a dotted path of nested object schemas.
fn insert(root: &mut Map<String, Value>, path: &str, schema: Value) {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    match rest {
        None => {
            root.insert(head.into(), schema);
        }
        Some(rest) => {
            let node = root.entry(head.to_string()).or_insert_with(|| json!({ "type": "object", "properties": {} }));
            if let Some(Value::Object(props)) = node.get_mut("properties") {
                insert(props, rest, schema);
            }
        }
    }
}

pub fn json_schema(kind: &Kind) -> Value {
    let mut props = Map::new();
    props.insert("format".into(), json!({ "const": FORMAT }));
    props.insert(
        "version".into(),
        json!({ "const": VERSION, "description": "Phiên bản định dạng; tệp cũ hơn được chuyển đổi khi mở" }),
    );
    props.insert("kind".into(), json!({ "const": kind.id }));
    for (_, f) in kind.fields() {
        insert(&mut props, f.path, field_schema(f));
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("Bản nháp — {}", kind.name),
        "description": "Mỗi giá trị nằm ở đường dẫn chấm (ví dụ reception.figures.total.visits); đường dẫn này cũng là thuộc tính name của ô nhập trong biểu mẫu và là trường mà các phát hiện kiểm tra nêu ra.",
        "type": "object",
        "required": ["format", "version", "kind"],
        "properties": props
    })
}
