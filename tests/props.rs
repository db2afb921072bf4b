//! Property tests: arbitrary drafts — any Unicode in every text, any number in every figure,
//! any list length, values of the wrong type — go through check and render without a panic,
//! and every .docx is a valid zip of well-formed XML.

use std::io::{Cursor, Read};

use baocao::check::{self, Severity};
use baocao::kind::{FieldType, Kind};
use baocao::kinds;
use baocao::model::Draft;
use baocao::{document, render};
use proptest::prelude::*;
use serde_json::{json, Value};

fn kind() -> &'static Kind {
    kinds::by_id("dan-van-chinh-quyen").unwrap()
}

/// Any text, weighted towards what breaks things: XML specials, controls, combining marks,
/// surrogate-adjacent and non-BMP characters, very long runs.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        2 => "[<>&\"'\\]\\[*{}\\\\\u{0}-\u{1f}\u{7f}\u{fffe}\u{ffff}a-zđĐ \u{300}-\u{36f}]{0,40}",
        1 => Just("]]><![CDATA[x]]>&amp;<w:t>".to_string()),
        1 => Just("Pha\u{323}m \u{1F600} *nghiêng* **".to_string()),
        1 => (0usize..20_000).prop_map(|n| "ạ".repeat(n)),
    ]
}

/// The largest magnitude a figure may have in a draft file (`draft_io`); beyond it the file
/// is refused.
const BEYOND: f64 = 1e15;

fn any_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0..=BEYOND as u64).prop_map(Value::from),
        (-(BEYOND as i64)..=BEYOND as i64).prop_map(Value::from),
        (-BEYOND..=BEYOND).prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        (0u64..30).prop_map(Value::from),
        any_text().prop_map(|raw| json!({"raw": raw, "value": null})),
    ]
}

/// A value of the field's type, or (1 in 10) a value of a wrong type.
fn any_value(ty: &FieldType) -> BoxedStrategy<Value> {
    let wrong =
        prop_oneof![Just(Value::Null), Just(json!(true)), Just(json!({"x": [1]})), any::<i32>().prop_map(Value::from)];
    prop_oneof![9 => right_value(ty), 1 => wrong].boxed()
}

/// A value of the field's type: any text, any number the file format takes (a figure may be
/// negative, fractional or too large — the rule `figure.whole` says so — but within ±10¹⁵),
/// any raw typed text.
fn right_value(ty: &FieldType) -> BoxedStrategy<Value> {
    let right: BoxedStrategy<Value> = match ty {
        FieldType::Line | FieldType::Text => any_text().prop_map(Value::String).boxed(),
        FieldType::Date => prop_oneof![
            any_text().prop_map(Value::String),
            (1i32..10_000, 0u8..14, 0u8..33).prop_map(|(y, m, d)| Value::String(format!("{y:04}-{m:02}-{d:02}")))
        ]
        .boxed(),
        FieldType::Choice(opts) => {
            let opts: Vec<Value> = opts.iter().map(|(v, _)| Value::from(*v)).collect();
            prop_oneof![proptest::sample::select(opts), any_text().prop_map(Value::String)].boxed()
        }
        FieldType::Count => any_number().boxed(),
        FieldType::Items | FieldType::Paragraphs => {
            proptest::collection::vec(any_text().prop_map(Value::String), 0..12).prop_map(Value::Array).boxed()
        }
        FieldType::Table(t) => {
            let cells: Vec<(String, String, bool)> = t
                .rows
                .iter()
                .flat_map(|r| t.cols.iter().map(move |c| (r.id.to_string(), c.id.to_string(), c.text)))
                .collect();
            let n = cells.len();
            (proptest::collection::vec(any_number(), n), proptest::collection::vec(any_text(), n))
                .prop_map(move |(nums, texts)| {
                    let mut v = json!({});
                    for (i, (r, c, is_text)) in cells.iter().enumerate() {
                        v[r] = if v[r].is_object() { v[r].take() } else { json!({}) };
                        v[r][c] = if *is_text { Value::String(texts[i].clone()) } else { nums[i].clone() };
                    }
                    v
                })
                .boxed()
        }
        FieldType::Records(cols) => {
            let cols = *cols;
            proptest::collection::vec(
                proptest::collection::vec(any_text(), cols.len()).prop_map(move |vals| {
                    let mut m = serde_json::Map::new();
                    for (c, v) in cols.iter().zip(vals) {
                        m.insert(c.path.to_string(), Value::String(v));
                    }
                    Value::Object(m)
                }),
                0..6,
            )
            .prop_map(Value::Array)
            .boxed()
        }
    };
    right
}

fn any_draft() -> impl Strategy<Value = Draft> {
    draft_of(any_value)
}

/// Drafts whose every value has its field's type.
fn well_typed_draft() -> impl Strategy<Value = Draft> {
    draft_of(right_value)
}

fn draft_of(value: fn(&FieldType) -> BoxedStrategy<Value>) -> impl Strategy<Value = Draft> {
    let fields: Vec<(String, FieldType)> = kind().fields().map(|(_, f)| (f.path.to_string(), f.ty.clone())).collect();
    let strategies: Vec<BoxedStrategy<Option<Value>>> =
        fields.iter().map(|(_, ty)| proptest::option::weighted(0.85, value(ty)).boxed()).collect();
    strategies.prop_map(move |values| {
        let mut d = Draft::new(kind().id);
        for ((path, _), v) in fields.iter().zip(values) {
            if let Some(v) = v {
                d.set(path, v);
            }
        }
        d
    })
}

/// Every part of the .docx that is XML parses.
fn assert_valid_docx(bytes: &[u8]) {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    assert!(zip.by_name("word/document.xml").is_ok());
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap_or_else(|e| panic!("{name}: not UTF-8: {e}"));
            roxmltree::Document::parse(&s).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

/// Every text of a JSON tree as the draft reader cleans it (NFC, no forbidden characters).
fn cleaned(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(baocao::text::clean(s)),
        Value::Array(a) => Value::Array(a.iter().map(cleaned).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), cleaned(v))).collect()),
        other => other.clone(),
    }
}

/// Where two JSON trees first differ, as `path: got … want …` (values cut short).
fn first_difference(path: &str, got: &Value, want: &Value) -> String {
    match (got, want) {
        (Value::Object(a), Value::Object(b)) => {
            for k in a.keys().chain(b.keys()) {
                let (x, y) = (a.get(k).unwrap_or(&Value::Null), b.get(k).unwrap_or(&Value::Null));
                if x != y {
                    return first_difference(&format!("{path}.{k}"), x, y);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                if x != y {
                    return first_difference(&format!("{path}.{i}"), x, y);
                }
            }
        }
        _ => {}
    }
    let short = |v: &Value| format!("{v:?}").chars().take(120).collect::<String>();
    format!("{path}: got {} want {}", short(got), short(want))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_drafts_check_and_render(d in any_draft()) {
        let findings = kinds::check(kind(), &d);
        for f in &findings {
            // A rule that panicked shows as a note of its own rule id: none may.
            prop_assert!(f.rule != check::RULE_PANICKED, "a rule panicked: {:?}", f.values);
            prop_assert!(f.severity != Severity::Info, "no rule gives notes: {f:?}");
            prop_assert!(!f.message.is_empty());
            prop_assert!(!f.rule.is_empty());
        }
        let doc = document::build(kind(), &d);
        let _ = render::plain::render(&doc);
        assert_valid_docx(&render::docx::render(&doc));
        // A draft file holding a value of the wrong type is refused with a sentence naming
        // the field by its path.
        let json = serde_json::to_string(&d).unwrap();
        if let Err(e) = baocao::draft_io::parse(&json) {
            let named = kind().fields().any(|(_, f)| e.0.contains(&format!("({}", f.path)));
            prop_assert!(named, "the reason names no field: {e}");
        }
    }

    /// A well-typed draft survives a trip through its JSON file form: every field comes back
    /// as it was, its texts cleaned.
    #[test]
    fn a_well_typed_draft_survives_its_file(d in well_typed_draft()) {
        let json = serde_json::to_string(&d).unwrap();
        let back = baocao::draft_io::parse(&json);
        prop_assert!(back.is_ok(), "refused: {:?}", back.err());
        let back = back.unwrap();
        prop_assert_eq!(&back.kind, &d.kind);
        for (_, f) in kind().fields() {
            let want = d.get(f.path).map(cleaned).unwrap_or(Value::Null);
            let got = back.get(f.path).cloned().unwrap_or(Value::Null);
            prop_assert!(got == want, "{}", first_difference(f.path, &got, &want));
        }
        let mut want = d.clone();
        want.fields = cleaned(&Value::Object(d.fields.clone())).as_object().unwrap().clone();
        prop_assert_eq!(back, want);
    }
}

#[test]
fn the_sample_docx_is_valid() {
    let doc = document::build(kind(), &kinds::sample(kind()));
    assert_valid_docx(&render::docx::render(&doc));
}

/// Write a few arbitrary drafts' .docx files for `tests/docx/open_arbitrary.py`, which opens
/// them in LibreOffice (a fixed seed, so the files are the same on every run).
#[test]
fn write_arbitrary_docx_samples_for_libreoffice() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-output/arbitrary");
    std::fs::create_dir_all(&out).unwrap();
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    for i in 0..5 {
        let d = any_draft().new_tree(&mut runner).unwrap().current();
        let bytes = render::docx::render(&document::build(kind(), &d));
        assert_valid_docx(&bytes);
        std::fs::write(out.join(format!("arbitrary-{i}.docx")), bytes).unwrap();
    }
}
