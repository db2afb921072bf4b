//! Checking again after a change (`kinds::check_since`) gives the findings of checking the
//! whole draft (`kinds::check`), whatever changed: every value of every kind's sample, of the
//! sample with its previous period linked, and of a summary of units, changed one after the
//! other (figures up, to 0 and cleared; texts given an earlier year, a huyện, a placeholder;
//! dates moved), each time checked again from the findings before it.

use baocao::check::{self, Memo};
use baocao::kinds;
use baocao::model::Draft;
use serde_json::{json, Value};

/// Every leaf of a draft: its path and value.
fn leaves(v: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| leaves(x, &join(path, k), out)),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| leaves(x, &join(path, &i.to_string()), out)),
        _ => out.push((path.to_string(), v.clone())),
    }
}

fn join(path: &str, k: &str) -> String {
    if path.is_empty() {
        k.to_string()
    } else {
        format!("{path}.{k}")
    }
}

/// The ways a value is changed.
fn edits(v: &Value) -> Vec<Value> {
    match v {
        Value::Number(n) => {
            let n = n.as_u64().unwrap_or(0);
            vec![json!(n + 1), json!(0), json!({"raw": "1x", "value": n}), Value::Null]
        }
        Value::String(s) if s.len() == 10 && s.as_bytes()[4] == b'-' => vec![json!("2019-01-31"), json!("")],
        Value::String(s) => vec![json!(format!("{s} của huyện năm 2019 xxx")), json!("")],
        _ => vec![json!("")],
    }
}

/// Change each value in turn, checking again after each change from the last findings.
fn holds_for(kind: &'static baocao::kind::Kind, start: Draft, what: &str) {
    let mut d = start.clone();
    let mut memo = Memo::default();
    assert_eq!(kinds::check_since(kind, &d, None, &mut memo), kinds::check(kind, &d), "{what}: the first check");
    let mut paths = Vec::new();
    for (k, v) in &start.fields {
        leaves(v, k, &mut paths);
    }
    let mut n = 0;
    for (path, value) in paths {
        for new in edits(&value) {
            let before = d.clone();
            if new.is_null() {
                d.remove(&path);
            } else {
                d.set(&path, new.clone());
            }
            let changed: Vec<String> = d.changes(&before).expect("same kind").into_iter().map(|(p, _)| p).collect();
            let since = kinds::check_since(kind, &d, Some(&changed), &mut memo);
            let whole = kinds::check(kind, &d);
            assert_eq!(since, whole, "{what}: after {path} = {new} (changed {changed:?})");
            n += 1;
        }
        // Back to the value it had, checked again.
        let before = d.clone();
        d.set(&path, value.clone());
        let changed: Vec<String> = d.changes(&before).expect("same kind").into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            kinds::check_since(kind, &d, Some(&changed), &mut memo),
            kinds::check(kind, &d),
            "{what}: {path} back"
        );
    }
    assert!(n > 100, "{what}: {n} changes");
}

#[test]
fn checking_again_after_a_change_finds_what_checking_the_whole_draft_finds() {
    for kind in kinds::all() {
        holds_for(kind, kinds::sample(kind), kind.id);
    }
}

#[test]
fn the_same_with_a_previous_period_and_for_a_summary_of_units() {
    for kind in kinds::all() {
        let sample = kinds::sample(kind);
        let next = baocao::chain::next(kind, &sample);
        holds_for(kind, next, &format!("{}: next period", kind.id));
        let units: Vec<(String, Draft)> = (1..=3)
            .map(|i| {
                let mut u = sample.clone();
                u.set("letterhead.issuer_name", json!(format!("UBND xã {i}")));
                (format!("xa-{i}.json"), u)
            })
            .collect();
        let (sum, _, _) = kinds::aggregate(kind, &sample, &units);
        holds_for(kind, sum, &format!("{}: summary", kind.id));
    }
}

#[test]
fn only_library_checks_said_to_read_figures_of_tables_run_after_a_figure_changes() {
    let kind = kinds::by_id("tiep-cong-dan").expect("the KNTC kind");
    let path = "reception.figures.total.c1";
    assert!(check::is_figure_cell(kind, path));
    assert!(check::is_figure_cell(kind, "reception.figures.units.0.c1.raw"));
    assert!(!check::is_figure_cell(kind, "reception.figures.units.0.unit"));
    assert!(!check::is_figure_cell(kind, "reception.figures"));
    assert!(!check::is_figure_cell(kind, "period.year"));
    let reads: Vec<&str> = check::LIBRARY.iter().filter(|c| c.reads_cells()).map(|c| c.name).collect();
    assert_eq!(reads, ["required", "figure.whole", "table.note", "carry_over", "aggregate.units", "aggregate.missing"]);
}
