//! The report in its chain: the next period's report, the checks against the previous one,
//! rows of zeros in words, and the summary of units' reports.

use std::process::Command;

use baocao::chain;
use baocao::check::Severity;
use baocao::frame::{Period, PeriodType};
use baocao::kinds;
use baocao::model::Draft;
use serde_json::json;

fn kind(id: &str) -> &'static baocao::kind::Kind {
    kinds::by_id(id).unwrap()
}

fn dan_van() -> Draft {
    kinds::sample(kind("dan-van-chinh-quyen"))
}

fn kntc() -> Draft {
    kinds::sample(kind("tiep-cong-dan"))
}

#[test]
fn the_period_advances_by_the_kinds_periods() {
    let p = |ty, year, number| Period { ty, year, number };
    use PeriodType::*;
    let dv = kind("dan-van-chinh-quyen");
    let tc = kind("tiep-cong-dan");
    for (k, from, to) in [
        (dv, p(Annual, 2025, 0), p(Annual, 2026, 0)),
        (dv, p(FirstHalf, 2026, 0), p(Annual, 2026, 0)),
        (tc, p(FirstHalf, 2026, 0), p(NineMonths, 2026, 0)),
        (tc, p(NineMonths, 2026, 0), p(Annual, 2026, 0)),
        (tc, p(Quarter, 2026, 2), p(Quarter, 2026, 3)),
        (tc, p(Quarter, 2026, 4), p(Quarter, 2027, 1)),
        (tc, p(Month, 2026, 12), p(Month, 2027, 1)),
    ] {
        assert_eq!(chain::next_period(k, from), to, "{}", from.phrase());
    }
}

#[test]
fn the_next_dan_van_report_carries_the_open_cases_and_empties_the_figures() {
    let k = kind("dan-van-chinh-quyen");
    let d = dan_van();
    let n = chain::next(k, &d);
    assert_eq!(Period::of(&n).unwrap().phrase(), "năm 2022");
    for (row, carried) in [("complaints", 4), ("land", 3), ("petitions", 1), ("denunciations", 0)] {
        assert_eq!(n.count(&format!("cases.{row}.carried")), Some(carried), "{row}");
    }
    // Every other figure is empty; the number and the date are cleared; texts are kept.
    for p in baocao::check::figure_paths(k, &n) {
        if !p.ends_with(".carried") && !p.starts_with("period.") {
            assert_eq!(n.count(&p), None, "{p} is emptied");
        }
    }
    assert_eq!(n.text("letterhead.number"), "");
    assert_eq!(n.text("letterhead.date"), "");
    assert_eq!(n.list("governance.paragraphs"), d.list("governance.paragraphs"));
    // It links the previous report, and lists the texts taken from it.
    assert_eq!(chain::previous_count(&n, "cases.complaints.in_progress"), Some(4));
    assert!(n.list("previous.texts").contains(&"governance.paragraphs"));
    // The reused texts are flagged.
    let leftovers = kinds::check(k, &n).into_iter().filter(|f| f.rule == "text.leftover").count();
    assert!(leftovers >= 3, "“năm 2021” in a 2022 report: {leftovers}");
}

#[test]
fn the_next_kntc_report_carries_the_unresolved_cases() {
    let k = kind("tiep-cong-dan");
    let n = chain::next(k, &kntc());
    assert_eq!(Period::of(&n).unwrap().phrase(), "quý IV năm 2026");
    assert_eq!(n.count("resolution.figures.complaints.carried"), Some(2));
    assert_eq!(n.count("resolution.figures.denunciations.carried"), Some(0));
    assert_eq!(n.count("reception.figures.total.c1"), None);
    assert_eq!(n.text("reception.figures.units.0.unit"), "UBND xã Hòa An", "the unit rows stay, emptied");
}

#[test]
fn a_carried_figure_off_by_one_is_an_error_naming_the_field_and_both_values() {
    let k = kind("dan-van-chinh-quyen");
    let prev = dan_van();
    let mut n = chain::next(k, &prev);
    n.set("cases.land.carried", json!(2));
    let f: Vec<_> = kinds::check(k, &n).into_iter().filter(|f| f.rule == "carry_over").collect();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].fields, vec!["cases.land.carried"]);
    assert!(f[0].message.contains("(2)") && f[0].message.contains("(3)"), "{}", f[0].message);
    assert!(f[0].message.contains("ngày 05/01/2022"), "names the previous report: {}", f[0].message);
    // Without a link, no such check.
    n.remove("previous");
    assert!(kinds::check(k, &n).iter().all(|f| f.rule != "carry_over"));
}

#[test]
fn the_cli_checks_against_a_previous_file() {
    let dir = std::env::temp_dir().join(format!("baocao-chain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let prev = dir.join("prev.json");
    std::fs::write(&prev, serde_json::to_string(&dan_van()).unwrap()).unwrap();
    let next = dir.join("next.json");
    let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["next", prev.to_str().unwrap(), "-o", next.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let mut n: Draft = serde_json::from_str(&std::fs::read_to_string(&next).unwrap()).unwrap();
    assert_eq!(n.count("cases.complaints.carried"), Some(4));
    n.remove("previous");
    n.set("cases.complaints.carried", json!(5));
    std::fs::write(&next, serde_json::to_string(&n).unwrap()).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["check", next.to_str().unwrap(), "--previous", prev.to_str().unwrap()])
        .output()
        .unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    let line = out.lines().find(|l| l.starts_with("ERROR carry_over")).unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains("cases.complaints.carried") && line.contains("(5)") && line.contains("(4)"), "{line}");
}

#[test]
fn a_change_is_worded_with_its_percentage() {
    let mut d = dan_van();
    chain::link_previous(&mut d, &dan_van());
    let p = "reception.figures.total.visits";
    assert_eq!(chain::change(&d, p, "lượt").as_deref(), Some("bằng"));
    d.set(p, json!(124 + 12));
    assert_eq!(chain::change(&d, p, "lượt").as_deref(), Some("tăng 12 lượt (9,7 %)"));
    d.set(p, json!(100));
    assert_eq!(chain::change(&d, p, "lượt").as_deref(), Some("giảm 24 lượt (19,4 %)"));
    let ctx = baocao::template::Ctx::new(&d);
    assert_eq!(
        baocao::template::render("Đã tiếp {reception.figures.total.visits|count} lượt, {reception.figures.total.visits|change:lượt} so với kỳ trước.", &ctx),
        "Đã tiếp 100 lượt, giảm 24 lượt (19,4 %) so với kỳ trước."
    );
    d.remove("previous");
    assert_eq!(chain::change(&d, p, "lượt"), None);
}

#[test]
fn a_row_of_zeros_prints_the_kinds_none_wording() {
    let k = kind("dan-van-chinh-quyen");
    let mut d = dan_van();
    for c in ["letters", "cases", "carried", "resolved", "in_progress"] {
        d.set(&format!("cases.land.{c}"), json!(0));
    }
    let text: Vec<String> = baocao::document::build(k, &d).body.iter().map(|p| p.text()).collect();
    assert!(text.contains(&"- Không có đơn tranh chấp đất đai thuộc thẩm quyền.".to_string()), "{text:#?}");
    assert!(!text.iter().any(|t| t.contains("0 đơn/0 vụ")));
}

/// The xã sample as unit `name` with every figure times `times`.
fn unit(name: &str, times: u64) -> Draft {
    let k = kind("tiep-cong-dan");
    let mut d = kntc();
    d.set("letterhead.issuer_name", json!(name));
    d.set("reception.figures.units.0.unit", json!(name));
    d.set("letters.figures.units.0.unit", json!(name));
    for p in baocao::check::figure_paths(k, &d).into_iter().filter(|p| !p.starts_with("period.")) {
        if let Some(v) = d.count(&p) {
            d.set(&p, json!(v * times));
        }
    }
    d
}

#[test]
fn three_units_aggregate_to_the_sums_and_odd_ones_are_named() {
    let k = kind("tiep-cong-dan");
    let mut broken = unit("UBND xã C", 3);
    broken.set("reception.figures.units.0.c1", json!(1));
    let mut other_period = unit("UBND xã D", 1);
    other_period.set("period.number", json!(2));
    let units = vec![
        ("a.json".to_string(), unit("UBND xã A", 1)),
        ("b.json".to_string(), unit("UBND xã B", 2)),
        ("c.json".to_string(), broken),
        ("d.json".to_string(), other_period),
        ("dv.json".to_string(), dan_van()),
        ("a2.json".to_string(), unit("UBND xã A", 1)),
    ];
    let base = unit("UBND tỉnh", 0);
    let (sum, notices) = chain::aggregate(k, &base, &units);
    // Rows: one per unit summed, then Tổng.
    assert_eq!(sum.list("aggregate.units"), vec!["UBND xã A", "UBND xã B", "UBND xã C"]);
    assert_eq!(sum.text("reception.figures.units.2.unit"), "UBND xã C");
    assert_eq!(sum.count("reception.figures.units.1.c4"), Some(80));
    assert_eq!(sum.count("reception.figures.total.c4"), Some(40 + 80 + 120));
    assert_eq!(sum.count("letters.figures.total.c1"), Some(35 * 6));
    assert_eq!(sum.count("resolution.figures.complaints.cases"), Some(6 * 6));
    // Refused: another period, another kind, a unit twice — each with one sentence.
    let refused: Vec<&str> = notices.iter().filter(|n| n.refused).map(|n| n.unit.as_str()).collect();
    assert_eq!(refused, vec!["d.json", "dv.json", "a2.json"]);
    assert!(notices[0].message.contains("quý II năm 2026, không phải quý III năm 2026"), "{}", notices[0].message);
    assert!(notices[2].message.contains("UBND xã A có hai báo cáo"), "{}", notices[2].message);
    // The broken unit's totals show in its own findings, not summed away.
    let (_, c) = &units[2];
    let errors: Vec<_> = kinds::check(k, c).into_iter().filter(|f| f.rule == "tcd.ms").collect();
    assert!(errors[0].message.starts_with("UBND xã C: cột [1]"), "{}", errors[0].message);
    // The summary itself adds up: its Tổng rows are the sums of its unit rows.
    let summary_errors: Vec<_> = kinds::check(k, &sum).into_iter().filter(|f| f.rule.ends_with(".total")).collect();
    assert!(summary_errors.is_empty(), "{summary_errors:#?}");
    // The units' texts are material beside the report.
    assert!(sum.len("aggregate.material") >= 3);
    // Expected units: who has not reported.
    assert_eq!(chain::missing_units("UBND xã A\nUBND xã B\nUBND xã E\n", &sum), vec!["UBND xã E"]);
}

#[test]
fn the_cli_aggregates_and_names_a_unit_whose_totals_do_not_add_up() {
    let dir = std::env::temp_dir().join(format!("baocao-agg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (i, (name, times)) in [("UBND xã A", 1), ("UBND xã B", 2), ("UBND xã C", 3)].into_iter().enumerate() {
        let mut d = unit(name, times);
        if i == 2 {
            d.set("reception.figures.units.0.c4", json!(121));
        }
        let p = dir.join(format!("u{i}.json"));
        std::fs::write(&p, serde_json::to_string(&d).unwrap()).unwrap();
        files.push(p.to_string_lossy().into_owned());
    }
    let out = dir.join("sum.json");
    let mut args = vec!["aggregate".to_string()];
    args.extend(files);
    args.extend(["-o".into(), out.to_string_lossy().into_owned()]);
    let o = Command::new(env!("CARGO_BIN_EXE_baocao")).args(&args).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "a unit has errors");
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.lines().any(|l| l.starts_with("ERROR UBND xã C: UBND xã C: cột [1]")), "{err}");
    let sum: Draft = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    // Each unit counts with its own Tổng row (C's row of 121 is its error to fix).
    assert_eq!(sum.count("reception.figures.total.c4"), Some(40 + 80 + 120));
}

#[test]
fn a_summary_names_its_units_errors_and_the_units_that_have_not_reported() {
    let k = kind("tiep-cong-dan");
    let mut broken = unit("UBND xã C", 3);
    broken.set("reception.figures.units.0.c1", json!(1));
    let units = vec![("a.json".to_string(), unit("UBND xã A", 1)), ("c.json".to_string(), broken)];
    let mut base = unit("UBND tỉnh", 0);
    base.set("aggregate.expected", json!(["UBND xã A", "UBND xã C", "UBND xã E"]));
    let (sum, _, errors) = kinds::aggregate(k, &base, &units);
    assert!(!errors.is_empty() && errors.iter().all(|(u, _)| u == "UBND xã C"), "{errors:?}");
    let f = kinds::check(k, &sum);
    let named: Vec<&str> = f.iter().filter(|f| f.rule == "aggregate.units").map(|f| f.message.as_str()).collect();
    assert_eq!(named.len(), errors.len());
    assert!(named[0].starts_with("UBND xã C: cột [1]"), "{named:?}");
    let missing: Vec<&str> = f.iter().filter(|f| f.rule == "aggregate.missing").map(|f| f.message.as_str()).collect();
    assert_eq!(missing, vec!["Chưa có báo cáo của UBND xã E trong bản tổng hợp."]);
    // The next period keeps the list of units, not this period's summary.
    let n = chain::next(k, &sum);
    assert!(n.get("aggregate.units").is_none() && n.get("aggregate.unit_errors").is_none());
    assert_eq!(n.list("aggregate.expected").len(), 3);
}

#[test]
fn the_comparison_view_words_each_figure_against_the_previous_report() {
    let k = kind("dan-van-chinh-quyen");
    let d = dan_van();
    assert!(chain::compared(k, &d).is_empty(), "no link, no comparison");
    let mut n = chain::next(k, &d);
    let before = d.count("reception.figures.total.visits").unwrap();
    n.set("reception.figures.total.visits", json!(before + 12));
    let lines = chain::compared(k, &n);
    let want = format!("kỳ trước {before}, kỳ này {} (tăng 12, ", before + 12);
    assert!(lines.iter().any(|l| l.contains(&want)), "{want} in {lines:#?}");
    // A carried-over figure equal to last period's open one, and an emptied one.
    assert!(
        lines.iter().any(|l| l.ends_with("kỳ trước 0, kỳ này 0 (bằng kỳ trước)") || l.contains("kỳ này —")),
        "{lines:#?}"
    );
}
