//! The consistency rules, data-driven: a table of draft patches and the rule ids each must
//! and must not trigger, covering every rule of the reference kind; and the ±1 sweep over
//! every figure that takes part in a sum.

use std::collections::BTreeSet;

use baocao::check::{self, Severity, Test};
use baocao::kind::Kind;
use baocao::kinds;
use baocao::model::Draft;
use serde_json::{json, Value};

fn kind() -> &'static Kind {
    kinds::by_id("dan-van-chinh-quyen").unwrap()
}

fn sample() -> Draft {
    kinds::sample(kind())
}

fn ids(d: &Draft, sev: Option<Severity>) -> BTreeSet<String> {
    kinds::check(kind(), d).into_iter().filter(|f| sev.is_none_or(|s| f.severity == s)).map(|f| f.rule).collect()
}

#[test]
fn the_reference_report_has_no_error() {
    let findings = kinds::check(kind(), &sample());
    let errors: Vec<_> = findings.iter().filter(|f| f.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Its one warning: the reference forgot the ";" after "UBND các xã, thị trấn".
    let warnings: Vec<_> = findings.iter().map(|f| (f.rule.as_str(), f.fields.join(","))).collect();
    assert_eq!(warnings, vec![("recipients.punctuation", "recipients.cc.6".to_string())]);
}

/// Figures that take part in a sum.
fn summed_figures() -> BTreeSet<String> {
    kinds::rules(kind())
        .iter()
        .filter(|r| matches!(r.test, Test::Sum { .. }))
        .flat_map(|r| r.reads().into_iter().map(str::to_string))
        .collect()
}

#[test]
fn plus_or_minus_one_on_any_summed_figure_is_an_error_naming_it() {
    let figures = summed_figures();
    assert_eq!(figures.len(), 9 + 4 * 3, "reception 3×3, cases 4×(cases, resolved, in progress)");
    for path in &figures {
        for delta in [1i64, -1] {
            let mut d = sample();
            let v = d.count(path).unwrap() as i64 + delta;
            d.set(path, json!(v));
            let hits: Vec<_> = kinds::check(kind(), &d)
                .into_iter()
                .filter(|f| f.severity == Severity::Error && f.fields.contains(path))
                .collect();
            assert!(!hits.is_empty(), "{path} {delta:+}: no error names it");
        }
    }
}

#[test]
fn every_figure_changed_by_one_is_noticed_only_by_rules_that_read_it() {
    // A figure changed by ±1 may only bring findings of rules that read it (or of the
    // library rules, which read what they need); every figure is read by some declared rule
    // or by `figure.whole`; and every summed figure is noticed (see the test above).
    let rules = kinds::rules(kind());
    let base: BTreeSet<(String, Vec<String>)> =
        kinds::check(kind(), &sample()).into_iter().map(|f| (f.rule, f.fields)).collect();
    let figures = check::figure_paths(kind(), &sample());
    assert!(figures.len() > 30, "the sample's figures: {}", figures.len());
    let mut changed = 0;
    for path in &figures {
        let Some(v) = sample().count(path) else {
            continue;
        };
        for delta in [1i64, -1] {
            let mut d = sample();
            d.set(path, json!(v as i64 + delta));
            changed += 1;
            for f in kinds::check(kind(), &d) {
                if base.contains(&(f.rule.clone(), f.fields.clone())) {
                    continue;
                }
                let rule = rules
                    .iter()
                    .find(|r| r.id == f.rule)
                    .unwrap_or_else(|| panic!("{path} {delta:+}: unknown rule {}", f.rule));
                let reads = rule.reads();
                assert!(
                    matches!(rule.test, Test::Custom(..)) || rule.reads_path(path),
                    "{path} {delta:+}: {} fired but does not read it (reads {reads:?})",
                    f.rule
                );
                for field in &f.fields {
                    assert!(
                        kind().field(field).is_some() || d.get(field).is_some(),
                        "{} names unknown {field}",
                        f.rule
                    );
                }
            }
        }
    }
    assert!(changed >= 2 * 30, "figures changed: {changed}");
}

/// (patches, rule ids that must fire, rule ids that must not).
type Case = (&'static str, Vec<(&'static str, Value)>, Vec<&'static str>, Vec<&'static str>);

fn cases() -> Vec<Case> {
    vec![
        (
            "carried over ≠ the previous report's open cases",
            vec![("previous", json!({"fields": {"cases": {"complaints": {"in_progress": 3}}}}))],
            vec!["carry_over"],
            vec![],
        ),
        (
            "a text kept from the previous report, unchanged",
            vec![
                (
                    "previous",
                    json!({"texts": ["leadership.paragraphs"], "fields": {"leadership": {"paragraphs": ["Đoạn cũ."]}}}),
                ),
                ("leadership.paragraphs", json!(["Đoạn cũ."])),
            ],
            vec!["carry_over.texts"],
            vec![],
        ),
        (
            "a text kept from the previous report, edited",
            vec![
                (
                    "previous",
                    json!({"texts": ["leadership.paragraphs"], "fields": {"leadership": {"paragraphs": ["Đoạn cũ."]}}}),
                ),
                ("leadership.paragraphs", json!(["Đoạn mới của kỳ này."])),
            ],
            vec![],
            vec!["carry_over.texts"],
        ),
        (
            "a summary keeps a unit's errors",
            vec![("aggregate.unit_errors", json!([{"unit": "UBND xã A", "message": "Tổng số lượt tiếp sai."}]))],
            vec!["aggregate.units"],
            vec!["aggregate.missing"],
        ),
        (
            "a summary without a unit that must report",
            vec![("aggregate.units", json!(["UBND xã A"])), ("aggregate.expected", json!(["UBND xã A", "UBND xã B"]))],
            vec!["aggregate.missing"],
            vec!["aggregate.units"],
        ),
        (
            "visits off by one",
            vec![("reception.figures.periodic.visits", json!(10))],
            vec!["reception.visits.sum"],
            vec!["reception.people.sum"],
        ),
        ("people sum", vec![("reception.figures.total.people", json!(150))], vec!["reception.people.sum"], vec![]),
        ("cases sum", vec![("reception.figures.regular.cases", json!(110))], vec!["reception.cases.sum"], vec![]),
        (
            "fewer people than visits",
            vec![("reception.figures.periodic.people", json!(10)), ("reception.figures.total.people", json!(142))],
            vec!["reception.periodic.people"],
            vec!["reception.people.sum"],
        ),
        (
            "total row people",
            vec![("reception.figures.total.people", json!(100)), ("reception.figures.regular.people", json!(80))],
            vec!["reception.total.people", "reception.regular.people"],
            vec!["reception.people.sum"],
        ),
        (
            "more cases than visits",
            vec![("reception.figures.regular.cases", json!(120)), ("reception.figures.total.cases", json!(131))],
            vec!["reception.regular.cases"],
            vec!["reception.cases.sum"],
        ),
        (
            "total cases over visits",
            vec![("reception.figures.total.cases", json!(125)), ("reception.figures.regular.cases", json!(114))],
            vec!["reception.total.cases"],
            vec![],
        ),
        (
            "periodic cases over visits",
            vec![("reception.figures.periodic.cases", json!(12)), ("reception.figures.total.cases", json!(123))],
            vec!["reception.periodic.cases"],
            vec!["reception.cases.sum"],
        ),
        (
            "complaints sum",
            vec![("cases.complaints.resolved", json!(7))],
            vec!["cases.complaints.sum"],
            vec!["cases.denunciations.sum"],
        ),
        (
            "denunciations sum",
            vec![("cases.denunciations.in_progress", json!(1))],
            vec!["cases.denunciations.sum"],
            vec![],
        ),
        (
            "land sum",
            vec![("cases.land.cases", json!(6)), ("cases.land.letters", json!(6))],
            vec!["cases.land.sum"],
            vec!["cases.land.letters"],
        ),
        ("petitions sum", vec![("cases.petitions.in_progress", json!(2))], vec!["cases.petitions.sum"], vec![]),
        (
            "carried over more than cases",
            vec![("cases.complaints.carried", json!(13))],
            vec!["cases.complaints.carried"],
            vec![],
        ),
        (
            "carried denunciations",
            vec![("cases.denunciations.carried", json!(6))],
            vec!["cases.denunciations.carried"],
            vec![],
        ),
        ("carried land", vec![("cases.land.carried", json!(6))], vec!["cases.land.carried"], vec![]),
        ("carried petitions", vec![("cases.petitions.carried", json!(22))], vec!["cases.petitions.carried"], vec![]),
        (
            "note over in progress",
            vec![("cases.complaints.note_count", json!(5))],
            vec!["cases.complaints.note"],
            vec![],
        ),
        (
            "note denunciations",
            vec![("cases.denunciations.note_count", json!(1)), ("cases.denunciations.note", json!("x"))],
            vec!["cases.denunciations.note"],
            vec!["cases.note_text"],
        ),
        (
            "note land",
            vec![("cases.land.note_count", json!(4)), ("cases.land.note", json!("x"))],
            vec!["cases.land.note"],
            vec![],
        ),
        (
            "note petitions",
            vec![("cases.petitions.note_count", json!(2)), ("cases.petitions.note", json!("x"))],
            vec!["cases.petitions.note"],
            vec![],
        ),
        (
            "fewer letters than cases",
            vec![("cases.complaints.letters", json!(11))],
            vec!["cases.complaints.letters"],
            vec!["cases.complaints.sum"],
        ),
        (
            "letters denunciations",
            vec![("cases.denunciations.letters", json!(4))],
            vec!["cases.denunciations.letters"],
            vec![],
        ),
        ("letters land", vec![("cases.land.letters", json!(4))], vec!["cases.land.letters"], vec![]),
        ("letters petitions", vec![("cases.petitions.letters", json!(20))], vec!["cases.petitions.letters"], vec![]),
        (
            "note without text",
            vec![("cases.complaints.note", json!(""))],
            vec!["cases.note_text"],
            vec!["cases.complaints.note"],
        ),
        ("negative figure", vec![("reception.delegations", json!(-1))], vec!["figure.whole"], vec![]),
        ("fractional figure", vec![("reception.delegations", json!(1.5))], vec!["figure.whole"], vec![]),
        ("huge figure", vec![("reception.delegations", json!(2_000_000_000u64))], vec!["figure.whole"], vec![]),
        (
            "typed text kept raw",
            vec![("reception.delegations", json!({"raw": "hai", "value": null}))],
            vec!["figure.whole"],
            vec![],
        ),
        (
            "empty inputs are not evaluated",
            vec![("reception.figures.total.visits", Value::Null)],
            vec!["required"],
            vec!["reception.visits.sum", "reception.total.people", "reception.total.cases"],
        ),
        (
            "title of another year",
            vec![(
                "title",
                json!("Kết quả thực hiện công tác dân vận chính quyền năm 2020, một số nhiệm vụ chủ yếu năm 2021"),
            )],
            vec!["period.year"],
            vec![],
        ),
        (
            "closing of another year",
            vec![("closing", json!("Trên đây là báo cáo năm 2021 và nhiệm vụ năm 2023./."))],
            vec!["period.year"],
            vec![],
        ),
        (
            "typed title agreeing",
            vec![("title", json!("Kết quả công tác dân vận năm 2021, nhiệm vụ năm 2022"))],
            vec![],
            vec!["period.year"],
        ),
        (
            "6-month report, annual title",
            vec![("period.type", json!("first-half")), ("title", json!("Kết quả năm 2021, nhiệm vụ năm 2022"))],
            vec!["period.year"],
            vec![],
        ),
        (
            "issued before the period",
            vec![("letterhead.date", json!("2020-11-01"))],
            vec!["period.issue_start"],
            vec!["period.issue_date"],
        ),
        (
            "issued before the cut-off",
            vec![("letterhead.date", json!("2021-12-10"))],
            vec!["period.issue_date"],
            vec!["period.issue_start"],
        ),
        (
            "6-month report after 14/6",
            vec![("period.type", json!("first-half")), ("letterhead.date", json!("2021-06-20"))],
            vec![],
            vec!["period.issue_date"],
        ),
        ("plan of another year", vec![("leadership.plan.date", json!("2020-03-15"))], vec!["plan.year"], vec![]),
        (
            "plan subject of another year",
            vec![("leadership.plan.subject", json!("thực hiện Quy chế dân chủ năm 2020"))],
            vec!["plan.year"],
            vec![],
        ),
        ("impossible date", vec![("letterhead.date", json!("2022-02-30"))], vec!["date.valid"], vec![]),
        (
            "impossible citation date",
            vec![("discipline.citations.0.date", json!("2016-13-05"))],
            vec!["date.valid"],
            vec![],
        ),
        (
            "typed date without padding",
            vec![("reform.paragraphs.0", json!("Theo Kế hoạch ngày 5/9/2016 và ngày 05/02/2021."))],
            vec!["date.format"],
            vec![],
        ),
        (
            "typed month padded wrongly",
            vec![("reform.paragraphs.0", json!("Ngày 15/03/2021."))],
            vec!["date.format"],
            vec![],
        ),
        (
            "malformed citation",
            vec![("discipline.citations.0.number", json!("26 CT TTg"))],
            vec!["citation.number"],
            vec!["citation.type"],
        ),
        (
            "malformed plan number",
            vec![("leadership.plan.number", json!("31/KHUBND"))],
            vec!["citation.number"],
            vec![],
        ),
        (
            "type disagrees",
            vec![("discipline.citations.0.type", json!("Quyết định"))],
            vec!["citation.type"],
            vec!["citation.number"],
        ),
        (
            "plan symbol of a directive",
            vec![("leadership.plan.number", json!("31/CT-UBND"))],
            vec!["citation.type"],
            vec![],
        ),
        (
            "party form is fine",
            vec![("discipline.citations.0.number", json!("26-CT/TW"))],
            vec![],
            vec!["citation.number", "citation.type"],
        ),
        (
            "cited after the report",
            vec![("discipline.citations.1.date", json!("2022-03-01"))],
            vec!["citation.date"],
            vec![],
        ),
        ("report symbol", vec![("letterhead.symbol", json!("KH-UBND"))], vec!["letterhead.symbol"], vec![]),
        ("unpadded number", vec![("letterhead.number", json!("5"))], vec!["letterhead.number"], vec![]),
        ("padded number", vec![("letterhead.number", json!("05"))], vec![], vec!["letterhead.number"]),
        ("number with symbol", vec![("letterhead.number", json!("12/BC"))], vec!["letterhead.number"], vec![]),
        ("no place", vec![("letterhead.place", json!(""))], vec!["required"], vec![]),
        (
            "KT. without deputy",
            vec![("signature.title_lines", json!(["KT. CHỦ TỊCH", "CHỦ TỊCH"]))],
            vec!["signature.kt"],
            vec![],
        ),
        ("KT. last line", vec![("signature.title_lines", json!(["KT. CHỦ TỊCH"]))], vec!["signature.kt"], vec![]),
        ("TM. without body", vec![("signature.refers_to", json!(""))], vec!["signature.tm"], vec![]),
        ("TM. of a person", vec![("signature.refers_to", json!("CHỦ TỊCH"))], vec!["signature.tm"], vec![]),
        ("title before name", vec![("signature.name", json!("TS. Phạm Quang Sự"))], vec!["signature.name"], vec![]),
        ("Ông before name", vec![("signature.name", json!("Ông Phạm Quang Sự"))], vec!["signature.name"], vec![]),
        ("cc without Như trên", vec![("recipients.cc.0", json!("Sở Nội vụ;"))], vec!["recipients.first"], vec![]),
        (
            "no Kính gửi, no Như trên needed",
            vec![("recipients.to", json!([])), ("recipients.cc.0", json!("Sở Nội vụ;"))],
            vec!["required"],
            vec!["recipients.first"],
        ),
        ("cc without Lưu", vec![("recipients.cc.8", json!("Website."))], vec!["recipients.last"], vec![]),
        ("cc punctuation", vec![("recipients.cc.1", json!("TT.Huyện ủy"))], vec!["recipients.punctuation"], vec![]),
        ("empty section", vec![("tasks.items", json!([]))], vec!["required"], vec![]),
        ("blank paragraph list", vec![("governance.paragraphs", json!(["", " "]))], vec!["required"], vec![]),
        ("placeholder text", vec![("reform.paragraphs.0", json!("Kết quả: xxx hồ sơ."))], vec!["placeholder"], vec![]),
        (
            "a year of an earlier period",
            vec![("reform.paragraphs.0", json!("Trong năm 2019, huyện đã làm tốt."))],
            vec!["text.leftover"],
            vec![],
        ),
        (
            "an earlier year by nature",
            vec![(
                "reform.paragraphs.0",
                json!("Thực hiện Luật Tiếp công dân năm 2013; so với năm 2020 tăng 5%; từ năm 2016 đến nay ổn định."),
            )],
            vec![],
            vec!["text.leftover"],
        ),
    ]
}

#[test]
fn table_of_drafts_and_the_rules_they_trigger() {
    let mut covered = BTreeSet::new();
    for (name, patches, must, must_not) in cases() {
        let mut d = sample();
        for (path, v) in patches {
            d.set(path, v);
        }
        let got = ids(&d, None);
        for id in &must {
            assert!(got.contains(*id), "{name}: expected {id}, got {got:?}");
            covered.insert(id.to_string());
        }
        for id in &must_not {
            assert!(!got.contains(*id), "{name}: did not expect {id}");
        }
    }
    let all: BTreeSet<String> = kinds::rules(kind()).iter().map(|r| r.id.clone()).collect();
    covered.insert("recipients.punctuation".into()); // the reference itself triggers it
    let missing: Vec<_> = all.difference(&covered).collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
}

#[test]
fn messages_show_the_figures_and_the_difference() {
    let mut d = sample();
    d.set("reception.figures.periodic.visits", json!(10));
    let f = kinds::check(kind(), &d).into_iter().find(|f| f.rule == "reception.visits.sum").unwrap();
    assert_eq!(
        f.message,
        "Tổng số lượt tiếp (124) khác tiếp thường xuyên (113) + tiếp định kỳ, đột xuất (10) = 123; chênh lệch 1 lượt."
    );
    assert_eq!(f.values["sum"], json!(123));
    assert_eq!(f.fields[0], "reception.figures.total.visits");
}

#[test]
fn a_blank_draft_checks_without_panicking() {
    let d = kind().blank();
    let found = kinds::check(kind(), &d);
    assert!(found.iter().any(|f| f.rule == "required"));
    assert!(!found.iter().any(|f| f.rule.ends_with(".sum")), "empty inputs are not evaluated");
}

#[test]
fn findings_are_sorted_errors_first() {
    let mut d = sample();
    d.set("recipients.cc.1", json!("x"));
    d.set("cases.complaints.resolved", json!(1));
    let sev: Vec<Severity> = kinds::check(kind(), &d).iter().map(|f| f.severity).collect();
    assert!(sev.contains(&Severity::Error) && sev.contains(&Severity::Warning), "both kinds present: {sev:?}");
    let first_warning = sev.iter().position(|s| *s == Severity::Warning).unwrap();
    let last_error = sev.iter().rposition(|s| *s == Severity::Error).unwrap();
    assert!(last_error < first_warning, "errors first: {sev:?}");
    let mut sorted = sev.clone();
    sorted.sort();
    assert_eq!(sev, sorted);
}

fn panicking_rule(
    _: &Kind,
    _: &Draft,
    _: &check::Params,
) -> Vec<(Vec<String>, String, serde_json::Map<String, Value>)> {
    panic!("a bug in a rule")
}

/// A rule that panics is caught (natively) and stands as a note of its own rule id, which
/// the property tests look for; the other rules still run.
#[test]
fn a_panicking_rule_is_a_note_of_its_own_id_and_the_others_still_run() {
    let mut rules = vec![check::Rule::new(
        "test.boom",
        Severity::Error,
        "panics",
        Test::Custom(panicking_rule, Default::default()),
    )];
    rules.extend(kinds::rules(kind()).iter().filter(|r| r.id == "reception.visits.sum").map(|r| {
        check::Rule::new(
            r.id.clone(),
            r.severity,
            r.description.clone(),
            match &r.test {
                Test::Sum { total, parts, unit, message } => Test::Sum {
                    total: total.clone(),
                    parts: parts.clone(),
                    unit: unit.clone(),
                    message: message.clone(),
                },
                _ => unreachable!(),
            },
        )
    }));
    let mut d = sample();
    d.set("reception.figures.periodic.visits", json!(10));
    // (The panic's message on stderr is expected.)
    let found = check::check_rules(kind(), &rules, &d);
    let ids: Vec<&str> = found.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(ids, vec!["reception.visits.sum", check::RULE_PANICKED]);
    assert_eq!(found[1].severity, Severity::Info);
    assert_eq!(found[1].values["rule"], json!("test.boom"));
    // No rule of the kind uses the id.
    assert!(kinds::rules(kind()).iter().all(|r| r.id != check::RULE_PANICKED));
}

/// The web page gets its findings from the worker as JSON: they come back exactly.
#[test]
fn findings_survive_the_trip_through_json() {
    let mut d = sample();
    d.set("reception.figures.total.visits", json!(11));
    d.set("title", json!("xxx"));
    let findings = kinds::check(kind(), &d);
    assert!(findings.iter().any(|f| f.severity == Severity::Error) && findings.len() >= 3);
    let text = serde_json::to_string(&findings).unwrap();
    let back: Vec<_> = serde_json::from_str::<Vec<Value>>(&text)
        .unwrap()
        .iter()
        .map(|v| check::Finding::from_json(v).expect("a finding"))
        .collect();
    assert_eq!(back, findings);
    assert_eq!(
        check::Finding::from_json(&json!({"rule": "x", "severity": "fatal", "fields": [], "message": ""})),
        None
    );
    assert_eq!(
        check::Finding::from_json(&json!({"rule": "x", "severity": "info", "fields": [1], "message": ""})),
        None
    );
}

/// A phường's report for 2026 made from the 2021 sample of a huyện: its reused paragraphs
/// still say "năm 2021" and "của huyện", and the leftover warnings name them; "xã hội" is
/// not a level, and a phường's own "của phường" is its own.
#[test]
fn a_report_made_from_another_units_report_gets_leftover_warnings() {
    let mut d = sample();
    d.set("letterhead.issuer", json!(["ỦY BAN NHÂN DÂN", "PHƯỜNG TÂN AN"]));
    d.set("period.year", json!(2026));
    d.set("period.type", json!("first-half"));
    d.set("letterhead.date", json!("2026-06-20"));
    d.set("title", json!(""));
    d.set("closing", json!(""));
    d.set("reform.paragraphs.0", json!("Phát triển kinh tế - xã hội của phường năm 2026 và sự tiến bộ của xã hội."));
    d.set("reform.paragraphs.1", json!("Công tác dân vận của huyện trong năm 2021 được tăng cường; của xã cũng vậy."));
    let found: Vec<_> = kinds::check(kind(), &d).into_iter().filter(|f| f.rule == "text.leftover").collect();
    let at = |path: &str| found.iter().find(|f| f.fields == [path]);
    let f = at("reform.paragraphs.1").expect("the reused paragraph is named");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.values["words"], json!(["năm 2021", "huyện", "của xã"]), "{}", f.message);
    assert!(f.message.contains("“năm 2021” (kỳ trước; báo cáo là 6 tháng đầu năm 2026)"), "{}", f.message);
    assert!(f.message.contains("“huyện” (không còn cấp này từ ngày 01/7/2025)"), "{}", f.message);
    assert!(f.message.contains("“của xã” (báo cáo là của một phường)"), "{}", f.message);
    assert!(at("reform.paragraphs.0").is_none(), "“xã hội” and the phường's own words are not leftovers");
    // The sample's own paragraphs say "huyện" everywhere: each is named once.
    assert!(found.len() > 10, "{} paragraphs named", found.len());
    assert!(found.iter().all(|f| !f.fields[0].starts_with("recipients") && !f.fields[0].starts_with("signature")));
    // Before the reform, a huyện's report of its own year has none (the reference report).
    assert!(!ids(&sample(), None).contains("text.leftover"));
}

/// The leftover check keeps each text's result across calls: its answers must be those of a
/// fresh run after any change of the text or of what it depends on (period, issuer).
#[test]
fn kept_results_follow_the_text_and_its_context() {
    let leftover = |d: &Draft| -> Vec<String> {
        kinds::check(kind(), d).into_iter().filter(|f| f.rule == "text.leftover").map(|f| f.message).collect()
    };
    let mut d = sample();
    d.set("period.year", json!(2026));
    let first = leftover(&d);
    assert!(first.iter().any(|m| m.contains("báo cáo là năm 2026")), "{first:#?}");
    // Another period type: the messages say so.
    d.set("period.type", json!("first-half"));
    let second = leftover(&d);
    assert!(second.iter().all(|m| !m.contains("báo cáo là năm 2026")), "{second:#?}");
    assert!(second.iter().any(|m| m.contains("báo cáo là 6 tháng đầu năm 2026")), "{second:#?}");
    // A text changed: its finding goes, the others stay.
    let before = second.len();
    d.set("governance.paragraphs.1", json!("Không còn năm cũ ở đây."));
    assert_eq!(leftover(&d).len(), before - 1);
    // Back to the first state: the same answers as the first time.
    let mut e = sample();
    e.set("period.year", json!(2026));
    assert_eq!(leftover(&e), first);
}
