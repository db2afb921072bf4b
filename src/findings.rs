//! The findings of the checks, arranged for the form: where each finding is shown (the
//! anchor path of its control or group), how many each step has, which ones wait for their
//! step, what the live region announces. A core layer above `kinds`: the findings come from
//! [`crate::kinds::check`], unchanged. The web page's worker arranges them
//! ([`Checked::from_findings`]) and hands them to the page ([`Checked::to_value`],
//! [`Checked::from_value`]); [`Checked::pending`] stands in until its first answer.

use serde_json::Value;

use crate::check::{self, Finding, Severity};
use crate::kind::{step_state, FieldType, Kind, StepState, TOTAL_ROW, UNITS, UNIT_NAME};
use crate::model::Draft;

/// Errors, warnings and notes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Counts {
    fn add(&mut self, s: Severity) {
        match s {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.notes += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.notes
    }

    /// `2 lỗi, 1 cảnh báo` (zero counts left out; empty when there is nothing).
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(format!("{} lỗi", self.errors));
        }
        if self.warnings > 0 {
            parts.push(format!("{} cảnh báo", self.warnings));
        }
        if self.notes > 0 {
            parts.push(format!("{} lưu ý", self.notes));
        }
        parts.join(", ")
    }
}

/// The accessible name of a step's button in the step list, exactly
/// `<title>, <state>[, N lỗi][, N cảnh báo]`: the step's title, its state ("Chưa nhập",
/// "Đang soạn", "Đã xong"), then its error and warning counts when not zero (notes are not
/// counted in the step list). The browser tests parse this form (tests/browser/helpers/app.mjs).
pub fn step_name(title: &str, state: &str, counts: Counts) -> String {
    let counts = Counts { notes: 0, ..counts };
    if counts.total() == 0 {
        format!("{title}, {state}")
    } else {
        format!("{title}, {state}, {}", counts.text())
    }
}

/// The findings of a draft with what the form needs to show them.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// As [`crate::kinds::check`] returns them: errors first.
    pub findings: Vec<Finding>,
    /// Per finding: the message as the form shows it.
    pub messages: Vec<String>,
    /// Anchor path → indices into `findings`, in order. A few dozen anchors at most: a list
    /// searched in order (a hash map's code weighs more in the page's wasm).
    by_anchor: Vec<(String, Vec<usize>)>,
    /// Per step of the kind (errors, warnings, notes of the findings naming a field in it).
    pub steps: Vec<Counts>,
    pub total: Counts,
    /// No findings yet: the checks have not run (the worker is still loading).
    pub pending: bool,
    /// With a linked previous report: each figure, last period against this one, worded
    /// (`chain::compared`), for the comparison view.
    pub compared: Vec<String>,
}

impl Checked {
    /// Before the first findings arrive.
    pub fn pending(kind: &Kind) -> Self {
        Checked {
            findings: Vec::new(),
            messages: Vec::new(),
            by_anchor: Vec::new(),
            steps: vec![Counts::default(); kind.steps.len()],
            total: Counts::default(),
            pending: true,
            compared: Vec::new(),
        }
    }

    /// The findings arranged, as the worker sends them to the page (which reads them with
    /// [`Checked::from_value`]: arranging them needs the kind's fields, and is done where the
    /// checks run): `[[[rule, severity (0 error, 1 warning, 2 note), [field…], message]…],
    /// [[anchor, [index…]]…], [[errors, warnings, notes] per step], [compared line…]]`.
    pub fn to_value(&self) -> Value {
        let n = |x: usize| Value::from(x as u64);
        let findings = self.findings.iter().map(|f| {
            let sev = match f.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            };
            let fields = f.fields.iter().map(|p| Value::from(p.as_str())).collect();
            Value::Array(vec![
                Value::from(f.rule.as_str()),
                Value::from(sev),
                Value::Array(fields),
                Value::from(f.message.as_str()),
            ])
        });
        let anchors = self
            .by_anchor
            .iter()
            .map(|(a, ix)| Value::Array(vec![Value::from(a.as_str()), ix.iter().map(|&i| n(i)).collect()]));
        let steps = self.steps.iter().map(|c| Value::Array(vec![n(c.errors), n(c.warnings), n(c.notes)]));
        let compared = self.compared.iter().map(|s| Value::from(s.as_str())).collect();
        Value::Array(vec![findings.collect(), anchors.collect(), steps.collect(), compared])
    }

    /// The findings the worker arranged ([`Checked::to_value`]); `None` when they are not.
    pub fn from_value(v: &Value) -> Option<Checked> {
        let part = |i: usize| v.get(i).and_then(Value::as_array);
        let text = |v: &Value, i: usize| v.get(i).and_then(Value::as_str).map(str::to_string);
        let num = |v: &Value, i: usize| v.get(i).and_then(Value::as_u64).map(|x| x as usize);
        let mut total = Counts::default();
        let mut findings = Vec::new();
        for f in part(0)? {
            let severity = [Severity::Error, Severity::Warning, Severity::Info].get(num(f, 1)?).copied()?;
            total.add(severity);
            let fields = f.get(2)?.as_array()?.iter().map(|p| p.as_str().map(str::to_string)).collect::<Option<_>>()?;
            findings.push(Finding {
                rule: text(f, 0)?,
                severity,
                fields,
                message: text(f, 3)?,
                values: Default::default(),
            });
        }
        let by_anchor = part(1)?
            .iter()
            .map(|a| {
                Some((
                    text(a, 0)?,
                    a.get(1)?.as_array()?.iter().map(|i| i.as_u64().map(|x| x as usize)).collect::<Option<_>>()?,
                ))
            })
            .collect::<Option<_>>()?;
        let steps = part(2)?
            .iter()
            .map(|c| Some(Counts { errors: num(c, 0)?, warnings: num(c, 1)?, notes: num(c, 2)? }))
            .collect::<Option<_>>()?;
        let messages = findings.iter().map(|f| f.message.clone()).collect();
        let compared =
            part(3).map_or(Vec::new(), |c| c.iter().filter_map(|s| s.as_str().map(str::to_string)).collect());
        Some(Checked { findings, messages, by_anchor, steps, total, pending: false, compared })
    }

    /// Run the kind's checks on the draft and arrange the findings (natively; the page gets
    /// its findings from the worker).
    #[cfg(test)]
    pub fn new(kind: &Kind, d: &Draft) -> Self {
        Self::from_findings(kind, d, crate::kinds::check(kind, d))
    }

    pub fn from_findings(kind: &Kind, d: &Draft, findings: Vec<Finding>) -> Self {
        let mut by_anchor: Vec<(String, Vec<usize>)> = Vec::new();
        let mut steps = vec![Counts::default(); kind.steps.len()];
        let mut total = Counts::default();
        for (i, f) in findings.iter().enumerate() {
            total.add(f.severity);
            // Each step and anchor once per finding (a few fields: a Vec, not a set, whose
            // code would weigh more in the page's wasm).
            let mut seen_steps = Vec::new();
            let mut seen_anchors = Vec::new();
            for p in &f.fields {
                if let Some(s) = step_index(kind, p).filter(|s| !seen_steps.contains(s)) {
                    seen_steps.push(s);
                }
                if let Some(a) = anchor(kind, d, p).filter(|a| !seen_anchors.contains(a)) {
                    seen_anchors.push(a);
                }
            }
            for s in seen_steps {
                steps[s].add(f.severity);
            }
            for a in seen_anchors {
                match by_anchor.iter_mut().find(|(k, _)| *k == a) {
                    Some((_, ix)) => ix.push(i),
                    None => by_anchor.push((a, vec![i])),
                }
            }
        }
        let messages = findings.iter().map(|f| f.message.clone()).collect();
        let compared = crate::chain::compared(kind, d);
        Checked { findings, messages, by_anchor, steps, total, pending: false, compared }
    }

    /// Indices of the findings shown at exactly this anchor path.
    pub fn at(&self, anchor: &str) -> &[usize] {
        self.by_anchor.iter().find(|(a, _)| a == anchor).map_or(&[], |(_, ix)| ix.as_slice())
    }

    /// Indices of the findings shown at `path` or anywhere under it (`path.…`), in order.
    pub fn under(&self, path: &str) -> Vec<usize> {
        let prefix = format!("{path}.");
        let mut v: Vec<usize> = self
            .by_anchor
            .iter()
            .filter(|(a, _)| *a == path || a.starts_with(&prefix))
            .flat_map(|(_, ix)| ix.iter().copied())
            .collect();
        crate::small_sort::sort_by(&mut v, |a, b| a < b);
        v.dedup();
        v
    }

    /// The worst severity among findings `ix`.
    pub fn worst(&self, ix: &[usize]) -> Option<Severity> {
        ix.iter().map(|&i| self.findings[i].severity).min()
    }

    /// Where choosing finding `i` goes: the first field it names that the form has.
    pub fn target(&self, kind: &Kind, i: usize) -> Option<&str> {
        self.findings[i].fields.iter().map(String::as_str).find(|p| step_index(kind, p).is_some())
    }

    /// The title of the step finding `i` goes to.
    pub fn step_title(&self, kind: &Kind, i: usize) -> Option<&'static str> {
        let p = self.target(kind, i)?;
        step_index(kind, p).map(|s| kind.steps[s].title)
    }
}

fn step_index(kind: &Kind, path: &str) -> Option<usize> {
    let id = kind.step_of(path)?.id;
    kind.steps.iter().position(|s| s.id == id)
}

/// The path of the form element where a finding naming `path` is shown: the control named
/// `path` (a field, table cell, list item or record column), else the nearest group the form
/// draws for it (the record, the list, the table). `None` when the kind has no such field.
pub fn anchor(kind: &Kind, d: &Draft, path: &str) -> Option<String> {
    // The longest field path that is `path` or a prefix of it.
    let f = kind
        .fields()
        .map(|(_, f)| f)
        .filter(|f| path == f.path || path.strip_prefix(f.path).is_some_and(|r| r.starts_with('.')))
        .max_by_key(|f| f.path.len())?;
    if path == f.path {
        return Some(path.to_string());
    }
    let rest = &path[f.path.len() + 1..];
    let mut parts = rest.splitn(2, '.');
    let (a, b) = (parts.next().unwrap_or(""), parts.next());
    Some(match &f.ty {
        FieldType::Table(t) => {
            let cell = if t.units {
                // `units.<i>.<col>` of a unit row that is there (its name too), `total.<col>`.
                match (a, b.map(|b| b.split_once('.').unwrap_or((b, "")))) {
                    (UNITS, Some((i, col))) => {
                        i.parse::<usize>().is_ok_and(|i| i < d.len(&format!("{}.{UNITS}", f.path)))
                            && (col == UNIT_NAME || t.col(col).is_some())
                    }
                    (TOTAL_ROW, Some((col, ""))) => t.col(col).is_some(),
                    _ => false,
                }
            } else {
                t.rows.iter().any(|r| r.id == a) && b.is_some_and(|b| t.cols.iter().any(|c| c.id == b))
            };
            if cell {
                path.to_string()
            } else {
                f.path.to_string()
            }
        }
        FieldType::Items | FieldType::Paragraphs => match a.parse::<usize>() {
            // An empty list still shows one (empty) item.
            Ok(i) if i < d.len(f.path).max(1) => format!("{}.{i}", f.path),
            _ => f.path.to_string(),
        },
        FieldType::Records(cols) => match a.parse::<usize>() {
            Ok(i) if i < d.len(f.path) => {
                let record = format!("{}.{i}", f.path);
                match b.and_then(|b| cols.iter().find(|c| b == c.path || b.starts_with(&format!("{}.", c.path)))) {
                    // A column: its control (a list or table column is not nested further).
                    Some(c) => format!("{record}.{}", c.path),
                    None => record,
                }
            }
            _ => f.path.to_string(),
        },
        _ => f.path.to_string(),
    })
}

/// The findings the form shows. A "required" finding ([`check::REQUIRED`]) waits until the
/// author has opened a step it names, or that step has content, or `reveal` (a download was
/// tried): a new report does not open on a wall of errors about steps not reached yet. The
/// download still counts every error.
/// `opened`: the steps opened, as the page's state gives them (bit i: step i).
pub fn shown(kind: &Kind, d: &Draft, findings: &[Finding], opened: u64, reveal: bool) -> Vec<Finding> {
    let reached = |s: usize| (opened >> s) & 1 == 1 || step_state(&kind.steps[s], d) != StepState::Empty;
    findings
        .iter()
        .filter(|f| {
            reveal
                || f.rule != check::REQUIRED
                || f.fields.is_empty()
                || f.fields.iter().any(|p| step_index(kind, p).is_none_or(reached))
        })
        .cloned()
        .collect()
}

/// What was last announced in the live region.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Announced {
    pub counts: Counts,
    /// Rule id and fields of each error and warning, sorted, each once.
    keys: Vec<String>,
}

fn key(f: &Finding) -> String {
    format!("{} {}", f.rule, f.fields.join(","))
}

impl Announced {
    /// The state of `checked`, announced or not (e.g. at start-up).
    pub fn of(checked: &Checked) -> Self {
        let mut counts = Counts::default();
        let mut keys = Vec::new();
        for f in checked.findings.iter().filter(|f| f.severity != Severity::Info) {
            counts.add(f.severity);
            keys.push(key(f));
        }
        crate::small_sort::sort_by(&mut keys, |a, b| a < b);
        keys.dedup();
        Announced { counts, keys }
    }
}

/// What the live region says when the findings became `next` after `prev` was announced:
/// `None` when no error or warning came or went. A short summary (`Có 1 lỗi, 1 cảnh báo.`,
/// `Không còn lỗi.`), followed by the message of the one new finding when exactly one came.
pub fn announcement(prev: &Announced, next: &Checked) -> Option<(String, Announced)> {
    let now = Announced::of(next);
    if now == *prev {
        return None;
    }
    let c = now.counts;
    let mut s = if c.errors > 0 {
        format!("Có {}.", Counts { notes: 0, ..c }.text())
    } else if prev.counts.errors > 0 {
        if c.warnings > 0 {
            format!("Không còn lỗi; còn {} cảnh báo.", c.warnings)
        } else {
            "Không còn lỗi.".to_string()
        }
    } else if c.warnings > 0 {
        format!("Có {} cảnh báo.", c.warnings)
    } else {
        "Không còn cảnh báo.".to_string()
    };
    let new: Vec<&Finding> =
        next.findings.iter().filter(|f| f.severity != Severity::Info && !prev.keys.contains(&key(f))).collect();
    if let [one] = new.as_slice() {
        s.push(' ');
        s.push_str(&format!("{}: {}", one.severity.label(), one.message));
    }
    Some((s, now))
}

#[cfg(test)]
mod wire_tests {
    use super::*;
    use crate::kinds;

    #[test]
    fn the_findings_come_back_as_arranged() {
        for kind in kinds::all() {
            let d = kind.blank();
            let mut c = Checked::new(kind, &d);
            assert!(!c.findings.is_empty(), "{}", kind.id);
            let v: Value = serde_json::from_str(&serde_json::to_string(&c.to_value()).unwrap()).unwrap();
            // The page does not use the figures a finding names (`values`).
            for f in &mut c.findings {
                f.values.clear();
            }
            assert_eq!(Checked::from_value(&v), Some(c));
        }
        assert_eq!(Checked::from_value(&serde_json::json!([[["r", 7, [], "m"]], [], []])), None);
        assert_eq!(Checked::pending(kinds::default_kind()).steps.len(), kinds::default_kind().steps.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds;
    use serde_json::json;

    fn k() -> &'static Kind {
        kinds::default_kind()
    }

    fn sample() -> Draft {
        kinds::sample(k())
    }

    #[test]
    fn anchors_of_fields_cells_items_and_records() {
        let d = sample();
        let a = |p: &str| anchor(k(), &d, p);
        assert_eq!(a("letterhead.symbol").as_deref(), Some("letterhead.symbol"));
        assert_eq!(a("reception.figures.total.visits").as_deref(), Some("reception.figures.total.visits"));
        assert_eq!(a("reception.figures").as_deref(), Some("reception.figures"));
        assert_eq!(a("reception.figures.total").as_deref(), Some("reception.figures"));
        assert_eq!(a("reception.figures.nope.visits").as_deref(), Some("reception.figures"));
        assert_eq!(a("cases.complaints.note").as_deref(), Some("cases.complaints.note"));
        assert_eq!(a("recipients.cc.6").as_deref(), Some("recipients.cc.6"));
        assert_eq!(a("recipients.cc").as_deref(), Some("recipients.cc"));
        assert_eq!(a("recipients.cc.99").as_deref(), Some("recipients.cc"));
        assert_eq!(a("discipline.citations.0.number").as_deref(), Some("discipline.citations.0.number"));
        assert_eq!(a("discipline.citations.0").as_deref(), Some("discipline.citations.0"));
        assert_eq!(a("discipline.citations.0.nope").as_deref(), Some("discipline.citations.0"));
        assert_eq!(a("discipline.citations.50.number").as_deref(), Some("discipline.citations"));
        assert_eq!(a("nowhere.at.all"), None);
        // An empty list shows one empty item.
        let mut e = d.clone();
        e.set("tasks.items", json!([]));
        assert_eq!(anchor(k(), &e, "tasks.items.0").as_deref(), Some("tasks.items.0"));
        assert_eq!(anchor(k(), &e, "tasks.items.1").as_deref(), Some("tasks.items"));
    }

    /// Every path any finding names in the drafts of the rule tests resolves to an anchor.
    #[test]
    fn every_finding_field_has_an_anchor_and_a_step() {
        let mut d = sample();
        // Break a little of everything.
        d.set("reception.figures.periodic.visits", json!(10));
        d.set("cases.land.carried", json!({"raw": "2a", "value": 2}));
        d.set("recipients.cc", json!(["Nơi khác;", "Lưu VT"]));
        d.set("discipline.citations.0.number", json!("26-CT/TTG"));
        d.set("letterhead.symbol", json!("UBND"));
        d.set("signature.name", json!("Ông Nguyễn Văn A"));
        d.set("governance.paragraphs", json!([]));
        let c = Checked::new(k(), &d);
        assert!(c.total.errors >= 6, "{:#?}", c.findings);
        for (i, f) in c.findings.iter().enumerate() {
            for p in &f.fields {
                let a = anchor(k(), &d, p).unwrap_or_else(|| panic!("no anchor for {p}"));
                assert!(c.at(&a).contains(&i), "{p} → {a}");
            }
            assert!(f.fields.is_empty() || c.target(k(), i).is_some(), "{f:?}");
        }
    }

    #[test]
    fn counts_per_step_and_in_all() {
        let mut d = sample();
        let c = Checked::new(k(), &d);
        // The reference report: one warning (a recipient line without “;”).
        assert_eq!(c.total, Counts { errors: 0, warnings: 1, notes: 0 });
        let closing = k().steps.iter().position(|s| s.id == "closing").unwrap();
        assert_eq!(c.steps[closing], Counts { errors: 0, warnings: 1, notes: 0 });
        assert_eq!(c.at("recipients.cc.6").len(), 1);

        d.set("reception.figures.periodic.visits", json!(10));
        let c = Checked::new(k(), &d);
        let reception = k().steps.iter().position(|s| s.id == "reception").unwrap();
        // The sum (error) and periodic cases ≤ visits (warning).
        assert_eq!(c.steps[reception], Counts { errors: 1, warnings: 1, notes: 0 });
        assert_eq!(c.total.text(), "1 lỗi, 2 cảnh báo");
        let sum = c.findings.iter().position(|f| f.rule == "reception.visits.sum").unwrap();
        assert_eq!(sum, 0, "errors first");
        for p in
            ["reception.figures.total.visits", "reception.figures.regular.visits", "reception.figures.periodic.visits"]
        {
            assert!(c.at(p).contains(&sum), "{p}");
        }
        assert_eq!(c.target(k(), sum), Some("reception.figures.total.visits"));
        assert_eq!(c.step_title(k(), sum), Some("II.4.a Tiếp công dân"));
        // Everything under the table, once each, in order.
        let under = c.under("reception.figures");
        assert_eq!(under.len(), 2);
        assert!(under.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(c.worst(&under), Some(Severity::Error));
        assert!(c.steps.iter().enumerate().all(|(i, s)| i == reception || i == closing || s.total() == 0));
    }

    #[test]
    fn step_names_have_one_form() {
        let c = |errors, warnings, notes| Counts { errors, warnings, notes };
        assert_eq!(step_name("Thông tin chung", "Đã xong", c(0, 0, 0)), "Thông tin chung, Đã xong");
        assert_eq!(
            step_name("Thông tin chung", "Đã xong", c(0, 0, 3)),
            "Thông tin chung, Đã xong",
            "notes are not counted"
        );
        assert_eq!(
            step_name("II.4.a Tiếp công dân", "Đang soạn", c(1, 0, 0)),
            "II.4.a Tiếp công dân, Đang soạn, 1 lỗi"
        );
        assert_eq!(
            step_name("II.5 Kỷ luật, kỷ cương", "Chưa nhập", c(0, 2, 1)),
            "II.5 Kỷ luật, kỷ cương, Chưa nhập, 2 cảnh báo"
        );
        assert_eq!(step_name("Nơi nhận", "Đã xong", c(2, 1, 0)), "Nơi nhận, Đã xong, 2 lỗi, 1 cảnh báo");
    }

    #[test]
    fn raw_figures_say_why() {
        let mut d = sample();
        d.set("reception.delegations", json!({"raw": "1,5", "value": 0}));
        let c = Checked::new(k(), &d);
        let i = c.at("reception.delegations")[0];
        assert_eq!(c.findings[i].rule, "figure.whole");
        assert!(c.messages[i].contains("“1,5” chưa phải số liệu hợp lệ. "), "{}", c.messages[i]);
        assert!(c.messages[i].contains("thập phân"), "says why: {}", c.messages[i]);
    }

    #[test]
    fn announcements_summarise_changes_only() {
        let k = k();
        let mut d = sample();
        let start = Checked::new(k, &d);
        let prev = Announced::of(&start);
        assert_eq!(announcement(&prev, &start), None);

        d.set("reception.figures.periodic.visits", json!(10));
        let broken = Checked::new(k, &d);
        let (text, prev) = announcement(&prev, &broken).unwrap();
        // Two findings came (the sum and the periodic cases): the summary alone.
        assert_eq!(text, "Có 1 lỗi, 2 cảnh báo.");
        // The same findings with other figures: nothing new to say.
        d.set("reception.figures.periodic.visits", json!(9));
        assert_eq!(announcement(&prev, &Checked::new(k, &d)), None);

        d.set("reception.figures.periodic.visits", json!(11));
        let fixed = Checked::new(k, &d);
        let (text, prev) = announcement(&prev, &fixed).unwrap();
        assert_eq!(text, "Không còn lỗi; còn 1 cảnh báo.");

        // One new error: its message follows the summary.
        d.set("cases.complaints.note_count", json!(5));
        let (text, _) = announcement(&prev, &Checked::new(k, &d)).unwrap();
        assert!(text.starts_with("Có 1 lỗi, 1 cảnh báo. Lỗi: "), "{text}");

        // Warnings only.
        let c = Counts { errors: 0, warnings: 0, notes: 0 };
        let none = Announced { counts: c, keys: Vec::new() };
        assert_eq!(
            announcement(&none, &fixed).unwrap().0,
            format!("Có 1 cảnh báo. Cảnh báo: {}", fixed.findings[0].message)
        );
    }

    #[test]
    fn required_findings_wait_for_their_step() {
        let k = k();
        let mut d = k.blank();
        d.set(crate::frame::path::PERIOD_YEAR, serde_json::Value::from(2030));
        let all = kinds::check(k, &d);
        let required_steps = |fs: &[Finding]| -> Vec<usize> {
            let mut v: Vec<usize> = fs
                .iter()
                .filter(|f| f.rule == check::REQUIRED)
                .flat_map(|f| f.fields.iter().filter_map(|p| step_index(k, p)))
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        assert!(required_steps(&all).len() > 3, "a blank report misses something in most steps");
        // Only the first step opened: its findings, and those of steps that have content.
        let first = shown(k, &d, &all, 1, false);
        for s in required_steps(&first) {
            assert!(s == 0 || step_state(&k.steps[s], &d) != StepState::Empty, "step {s} not reached");
        }
        assert!(first.len() < all.len());
        // Every other finding stays.
        assert!(all.iter().filter(|f| f.rule != check::REQUIRED).all(|f| first.contains(f)));
        // Opening a step shows its findings; a download tried shows all.
        let tasks = k.steps.iter().position(|s| s.id == "tasks").unwrap();
        assert!(required_steps(&shown(k, &d, &all, 1 | 1 << tasks, false)).contains(&tasks));
        assert_eq!(shown(k, &d, &all, 0, true), all);
    }
}
