//! Kind files: the bundled ones read and check clean; every file of the broken corpus
//! (`tests/kinds/broken/`) gets its sentence with its place and line, and no panic; an edited
//! copy of a kind passed with `--kind-file` renders and checks with the edit; the second kind's
//! MS relations catch ±1 on every figure of every row.

use std::process::{Command, Output};

use baocao::check::Severity;
use baocao::kind::file::Problem;
use baocao::kinds;
use baocao::model::Draft;
use proptest::prelude::*;
use serde_json::{json, Value};

const BROKEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/kinds/broken");
const MINIMAL: &str = include_str!("kinds/minimal.json");

fn read(text: &str) -> Result<(), Vec<Problem>> {
    let v = kinds::parse(text)?;
    kinds::read_file(&v).map(|_| ()).map_err(|mut p| {
        baocao::kind::file::locate(&mut p, text);
        p
    })
}

/// (file, a words of its first sentence, its line).
const CORPUS: &[(&str, &str, Option<usize>)] = &[
    ("01-not-json", "Tệp không phải JSON hợp lệ", Some(77)),
    ("02-empty", "Tệp rỗng", None),
    ("03-a-draft", "Đây không phải tệp mẫu báo cáo", Some(2)),
    ("04-newer-version", "phiên bản 2 của định dạng", Some(4)),
    ("05-unknown-field-type", "Kiểu trường “lines” không có", Some(84)),
    ("06-missing-frame-field", "Thiếu trường “signature.name” (họ tên người ký)", Some(17)),
    ("07-duplicate-field", "Trường “work.count” đã khai báo ở steps[1].fields[0]", Some(97)),
    ("08-heading-unknown-step", "trỏ tới bước “works”", Some(131)),
    ("09-template-unknown-field", "nhắc tới “{work.cout}”", Some(135)),
    ("10-template-unclosed", "dấu “[” chưa được đóng", Some(135)),
    ("11-unknown-library-check", "không có phép kiểm tra “signature.kx”", Some(156)),
    ("12-rule-on-text", "“work.paragraphs” không phải số liệu", Some(161)),
    ("13-rule-two-tests", "chỉ có một phép kiểm tra", Some(155)),
    ("14-ms-unknown-column", "cộng cột MS 99", Some(102)),
    ("15-unknown-period", "Kỳ báo cáo “weekly” không có", Some(13)),
    ("16-steps-not-a-list", "“steps” phải là một danh sách", Some(17)),
    ("17-sample-unknown-field", "Bản mẫu điền trường “wrok.count”", Some(171)),
    ("18-top-is-a-list", "phải là một đối tượng", Some(1)),
    ("19-deep-nesting", "lồng nhau quá sâu", Some(1)),
    ("20-unknown-key", "Khóa “step” không dùng ở đây", Some(171)),
    ("21-bad-severity", "Mức độ là “error”", Some(154)),
    ("22-block-unknown-type", "Loại khối “picture” không có", Some(143)),
];

#[test]
fn the_minimal_kind_and_the_bundled_kinds_read_clean() {
    read(MINIMAL).unwrap();
    for (id, text) in kinds::BUNDLED {
        read(text).unwrap_or_else(|p| panic!("{id}: {p:#?}"));
        let k = kinds::by_id(id).unwrap();
        assert!(!kinds::rules(k).is_empty(), "{id} has rules");
    }
}

#[test]
fn every_broken_kind_file_gets_its_sentence_with_place_and_line() {
    let mut files: Vec<_> = std::fs::read_dir(BROKEN).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), CORPUS.len(), "every file of the corpus has its case below");
    for (name, words, line) in CORPUS {
        let text = std::fs::read_to_string(format!("{BROKEN}/{name}.json")).unwrap();
        let problems = read(&text).expect_err(name);
        let first = &problems[0];
        let sentence = first.sentence();
        assert!(sentence.contains(words), "{name}: {sentence}");
        assert_eq!(first.line, *line, "{name}: {sentence}");
        if let Some(l) = line {
            assert!(sentence.starts_with(&format!("Dòng {l}")), "{name}: {sentence}");
        }
        // One sentence per problem, in Vietnamese, ending as a sentence.
        for p in &problems {
            let s = p.sentence();
            assert!(s.ends_with('.') || s.ends_with(".)") || s.ends_with('?'), "{name}: {s}");
            assert!(!s.contains("Error") && !s.contains("expected"), "{name}: not English: {s}");
        }
    }
}

fn baocao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).output().unwrap()
}

#[test]
fn kind_check_prints_each_problem_and_exits_1() {
    let o = baocao(&["kind", "check", &format!("{BROKEN}/05-unknown-field-type.json")]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("05-unknown-field-type.json: Dòng 84 (steps[1].fields[0].type): Kiểu trường “lines”"),
        "{out}"
    );
    let o = baocao(&["kind", "check", concat!(env!("CARGO_MANIFEST_DIR"), "/tests/kinds/minimal.json")]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
    // A broken --kind-file makes any command unusable, with the sentence on stderr.
    let o = baocao(&["--kind-file", &format!("{BROKEN}/09-template-unknown-field.json"), "kinds"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("nhắc tới “{work.cout}”"));
}

#[test]
fn kind_export_prints_the_bundled_file() {
    for (id, text) in kinds::BUNDLED {
        let o = baocao(&["kind", "export", id]);
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(String::from_utf8(o.stdout).unwrap().trim_end(), text.trim_end());
    }
    assert_eq!(baocao(&["kind", "export", "khong-co"]).status.code(), Some(2));
}

/// The bundled dân vận file, edited, written to a temporary file.
fn edited(name: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(kinds::bundled_text("dan-van-chinh-quyen").unwrap()).unwrap();
    edit(&mut v);
    let dir = std::env::temp_dir().join(format!("baocao-kinds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    path.to_string_lossy().into_owned()
}

fn sample_file(kind_file: Option<&str>) -> String {
    let mut args = vec!["sample"];
    if let Some(f) = kind_file {
        args = vec!["--kind-file", f, "sample"];
    }
    let o = baocao(&args);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let dir = std::env::temp_dir().join(format!("baocao-kinds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("sample-{}.json", kind_file.map_or(0, str::len)));
    std::fs::write(&path, o.stdout).unwrap();
    path.to_string_lossy().into_owned()
}

fn text_of(kind_file: &str, draft: &str) -> String {
    let o = baocao(&["--kind-file", kind_file, "render", draft, "-o", "-", "--format", "text"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn an_edited_kind_file_renders_and_checks_with_the_edit() {
    let sample = sample_file(None);
    // A renamed heading.
    let renamed = edited("renamed", |v| {
        v["body"][0]["text"] = json!("CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO NĂM {$period|upper}");
    });
    let text = text_of(&renamed, &sample);
    assert!(text.contains("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO NĂM NĂM 2021"), "{}", &text[..800]);
    assert!(!text.contains("CHỈ ĐẠO TRIỂN KHAI THỰC HIỆN"));
    // An added rule: at most 100 delegations' worth of visits — fires on the sample.
    let ruled = edited("ruled", |v| {
        v["rules"].as_array_mut().unwrap().push(json!({
            "id": "province.visits", "severity": "error", "description": "Tỉnh giới hạn số lượt tiếp thường xuyên",
            "at_most": {"small": {"path": "reception.figures.regular.visits", "label": "số lượt tiếp thường xuyên"},
                        "big": {"path": "reception.delegations", "label": "số đoàn"}}
        }));
    });
    let o = baocao(&["--kind-file", &ruled, "check", &sample]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("ERROR province.visits"), "{out}");
    let o = baocao(&["--kind-file", &ruled, "rules"]);
    assert!(String::from_utf8(o.stdout).unwrap().contains("| `province.visits` | Lỗi |"));
    // A removed step (II.2 cải cách hành chính) with its blocks: gone from the form and the text.
    let removed = edited("removed", |v| {
        let steps = v["steps"].as_array_mut().unwrap();
        steps.retain(|s| s["id"] != "reform");
        let body = v["body"].as_array_mut().unwrap();
        body.retain(|b| b["step"] != "reform" && b["path"] != "reform.paragraphs");
        v["sample"].as_object_mut().unwrap().remove("reform");
    });
    let o = baocao(&["--kind-file", &removed, "sample"]);
    let d: Draft = serde_json::from_slice(&o.stdout).unwrap();
    assert!(d.get("reform").is_none());
    let removed_sample = sample_file(Some(&removed));
    let text = text_of(&removed, &removed_sample);
    assert!(!text.contains("Công tác cải cách hành chính"), "the heading is gone");
    let o = baocao(&["--kind-file", &removed, "check", &removed_sample]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
    // Without the file, the bundled kind is as it was.
    assert!(text_of(&renamed, &sample).len() > 1000);
    let o = baocao(&["render", &sample, "-o", "-", "--format", "text"]);
    assert!(String::from_utf8(o.stdout).unwrap().contains("CHỈ ĐẠO TRIỂN KHAI THỰC HIỆN"));
}

fn mutate(v: &mut Value, pick: usize, how: u8) {
    // Walk to the pick-th node (pre-order) and damage it.
    fn walk(v: &mut Value, n: &mut usize, how: u8) -> bool {
        if *n == 0 {
            *v = match how % 5 {
                0 => Value::Null,
                1 => json!(12),
                2 => json!("x"),
                3 => json!([]),
                _ => json!({}),
            };
            return true;
        }
        *n -= 1;
        match v {
            Value::Array(a) => a.iter_mut().any(|x| walk(x, n, how)),
            Value::Object(m) => m.values_mut().any(|x| walk(x, n, how)),
            _ => false,
        }
    }
    let mut n = pick;
    walk(v, &mut n, how);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
    /// Damaging any one node of a kind file gives problems or a kind, never a panic.
    #[test]
    fn a_damaged_kind_file_never_panics(kind in 0..2usize, pick in 0..4000usize, how in 0..5u8) {
        let (_, text) = kinds::BUNDLED[kind];
        let mut v: Value = serde_json::from_str(text).unwrap();
        mutate(&mut v, pick, how);
        if let Err(problems) = kinds::read_file(&v) {
            prop_assert!(!problems.is_empty());
            for p in problems {
                prop_assert!(!p.message.is_empty());
            }
        }
    }
}

fn kntc() -> &'static baocao::kind::Kind {
    kinds::by_id("tiep-cong-dan").unwrap()
}

fn province() -> Draft {
    baocao::draft_io::parse(include_str!("fixtures/tiep-cong-dan-tinh.baocao.json")).unwrap()
}

#[test]
fn both_samples_of_the_second_kind_check_with_no_error() {
    for d in [kinds::sample(kntc()), province()] {
        let errors: Vec<_> = kinds::check(kntc(), &d).into_iter().filter(|f| f.severity != Severity::Info).collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

/// Every figure of both tables that takes part in an MS relation, in every row (units and
/// Tổng) of both samples: +1 is an error of the table's MS or Tổng rule naming that field.
#[test]
fn plus_one_on_any_figure_of_an_ms_relation_is_an_error_naming_it() {
    let mut tried = 0;
    for d in [kinds::sample(kntc()), province()] {
        for (path, t) in kntc().tables().filter(|(_, t)| t.units) {
            let related: Vec<&str> = t
                .cols
                .iter()
                .filter(|c| !c.sum_of.is_empty() || t.cols.iter().any(|s| s.sum_of.iter().any(|g| g.contains(&c.ms))))
                .map(|c| c.id)
                .collect();
            assert!(related.len() >= 15, "{path}: {related:?}");
            for (row, _) in t.row_paths(path, &d) {
                for col in &related {
                    let cell = format!("{row}.{col}");
                    let mut e = d.clone();
                    e.set(&cell, json!(d.count(&cell).unwrap() + 1));
                    // The MS rule itself names it (the Tổng rule may too).
                    let hit = kinds::check(kntc(), &e)
                        .into_iter()
                        .any(|f| f.severity == Severity::Error && f.rule.ends_with(".ms") && f.fields.contains(&cell));
                    assert!(hit, "{cell} + 1: no MS error names it");
                    tried += 1;
                }
            }
        }
    }
    assert!(tried > 200, "cells tried: {tried}");
}

#[test]
fn ms_and_total_messages_name_the_unit_the_values_and_the_difference() {
    let mut d = province();
    let c4 = "reception.figures.units.0.c4";
    d.set(c4, json!(d.count(c4).unwrap() + 1));
    let f = kinds::check(kntc(), &d);
    let ms = f.iter().find(|f| f.rule == "tcd.ms").unwrap();
    assert_eq!(
        ms.message,
        "Ban Tiếp công dân tỉnh: cột [1] tổng số lượt tiếp (164) khác [4] (121) + [13] (30) + [22] (14) = 165; chênh lệch 1 lượt."
    );
    let total = f.iter().find(|f| f.rule == "tcd.total").unwrap();
    assert!(
        total.message.starts_with("Dòng Tổng, cột [4] số lượt tiếp (tiếp thường xuyên) (195) khác"),
        "{}",
        total.message
    );
    assert!(total.message.ends_with("= 196; chênh lệch 1 lượt."), "{}", total.message);
}

#[test]
fn the_text_quotes_the_tables() {
    let doc = baocao::document::build(kntc(), &kinds::sample(kntc()));
    let text: Vec<String> = doc.body.iter().map(|p| p.text()).collect();
    assert!(text.iter().any(|p| {
        p.starts_with(
        "Trong kỳ, UBND xã đã tiếp 56 lượt/71 người với 49 vụ việc (tiếp lần đầu 40 vụ việc, tiếp nhiều lần 09 vụ việc)"
    )
    }));
    assert_eq!(doc.appendices.len(), 2);
    assert_eq!(doc.appendices[0].ms[1], "1=4+13+22");
    assert_eq!(doc.appendices[1].ms[9], "9=11+12+13=14+15+16+17=18+22");
    assert_eq!(doc.appendices[0].rows.len(), 2, "the unit, then Tổng");
    assert!(doc.appendices[0].rows[1].total);
}

/// The page's copy of the default kind (build.rs: no rules, no sample, no sentence
/// templates) reads, quietly as the page reads it, to the same form: the same steps, fields
/// and figure tables as the whole file.
#[test]
fn the_pages_copy_of_the_default_kind_is_the_same_form() {
    for text in kinds::BUNDLED_FORMS {
        let v: Value = serde_json::from_str(text).unwrap();
        assert!(v.get("rules").is_none() && v.get("sample").is_none());
        let page = baocao::kind::file::read_checked(&v).expect("the page's copy reads");
        // Read loudly (a kind file), it lacks its sentences.
        assert!(baocao::kind::file::read(&v).is_err());
        let whole = kinds::by_id(page.id).unwrap();
        assert_eq!(format!("{:?}", page.steps), format!("{:?}", whole.steps), "{}", page.id);
        assert_eq!(page.blank, whole.blank);
        assert!(!text.contains("{leadership.plan.subject}"), "no sentence templates in the page's copy");
    }
}

/// The JSON Schema of kind files lists the library's checks by name: every one, no other.
#[test]
fn the_kind_schema_names_every_library_check() {
    let schema: Value = serde_json::from_str(include_str!("../docs/kind.schema.json")).unwrap();
    fn find(v: &Value) -> Option<Vec<String>> {
        match v {
            Value::Object(m) => {
                if let Some(Value::Array(e)) = m.get("enum") {
                    if e.iter().any(|x| x == "carry_over") {
                        return Some(e.iter().filter_map(|x| x.as_str().map(String::from)).collect());
                    }
                }
                m.values().find_map(find)
            }
            Value::Array(a) => a.iter().find_map(find),
            _ => None,
        }
    }
    let mut listed = find(&schema).expect("the schema lists the library");
    let mut library: Vec<String> = baocao::check::LIBRARY.iter().map(|c| c.name.to_string()).collect();
    listed.sort();
    library.sort();
    assert_eq!(listed, library);
}
