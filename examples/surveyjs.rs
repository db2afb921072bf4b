//! A SurveyJS JSON model of a report kind's form, for the benchmark's comparison page
//! (`bench/surveyjs/`, see `scripts/bench`): one page per step, one question per field, figure
//! tables as `matrixdropdown`, lists as `paneldynamic`, records as `matrixdynamic`.
//!
//!   cargo run --example surveyjs [KIND_ID] > bench/surveyjs/model.json
use baocao::kind::{Field, FieldType};
use baocao::kinds;
use serde_json::{json, Value};

fn question(f: &Field) -> Value {
    let mut q = match &f.ty {
        FieldType::Line => json!({ "type": "text" }),
        FieldType::Text => json!({ "type": "comment", "autoGrow": true }),
        FieldType::Paragraphs | FieldType::Items => json!({
            "type": "paneldynamic",
            "templateElements": [{ "type": "comment", "name": "text", "titleLocation": "hidden", "autoGrow": true }],
            "panelCount": 1,
            "panelAddText": "Thêm",
            "panelRemoveText": "Xóa",
        }),
        FieldType::Count => json!({ "type": "text", "inputType": "number", "min": 0 }),
        FieldType::Date => json!({ "type": "text", "inputType": "date" }),
        FieldType::Choice(options) => json!({
            "type": "dropdown",
            "choices": options.iter().map(|(v, l)| json!({ "value": v, "text": l })).collect::<Vec<_>>(),
        }),
        FieldType::Table(t) => json!({
            "type": "matrixdropdown",
            "rows": t.rows.iter().map(|r| json!({ "value": r.id, "text": r.label })).collect::<Vec<_>>(),
            "columns": t.cols.iter().map(|c| if c.text {
                json!({ "name": c.id, "title": c.label, "cellType": "text" })
            } else {
                json!({ "name": c.id, "title": c.label, "cellType": "text", "inputType": "number", "min": 0 })
            }).collect::<Vec<_>>(),
        }),
        FieldType::Records(cols) => json!({
            "type": "matrixdynamic",
            "rowCount": 1,
            "addRowText": "Thêm",
            "removeRowText": "Xóa",
            "columns": cols.iter().map(|c| json!({ "name": c.path, "title": c.label, "cellType": "text" })).collect::<Vec<_>>(),
        }),
    };
    q["name"] = json!(f.path);
    q["title"] = json!(f.label);
    if f.required {
        q["isRequired"] = json!(true);
    }
    if !f.help.is_empty() {
        q["description"] = json!(f.help);
    }
    q
}

fn main() {
    let id = std::env::args().nth(1).unwrap_or_else(|| kinds::DEFAULT_ID.to_string());
    let Some(k) = kinds::by_id(&id) else {
        eprintln!("surveyjs: no kind {id}");
        std::process::exit(2);
    };
    let pages: Vec<Value> = k
        .steps
        .iter()
        .map(|s| {
            let mut p = json!({
                "name": s.id,
                "title": s.title,
                "elements": s.fields.iter().map(question).collect::<Vec<_>>(),
            });
            if !s.intro.is_empty() {
                p["description"] = json!(s.intro);
            }
            p
        })
        .collect();
    let model = json!({
        "title": k.name,
        "locale": "vi",
        "showProgressBar": "top",
        "progressBarType": "pages",
        "showTOC": true,
        "checkErrorsMode": "onValueChanged",
        "textUpdateMode": "onTyping",
        "pages": pages,
    });
    println!("{}", serde_json::to_string_pretty(&model).expect("JSON"));
}
