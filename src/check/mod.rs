//! Consistency checks. The rules of a report kind are data ([`Rule`]) declared with the kind;
//! running them returns findings and never fails: a rule whose inputs are empty is not
//! evaluated, and one broken rule does not stop the others.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::frame::path;
use crate::kind::{FieldType, Kind, Period};

pub mod file;
use crate::model::Draft;
use crate::text;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// lỗi: the report is wrong
    Error,
    /// cảnh báo: unusual; the author confirms
    Warning,
    /// lưu ý
    Info,
}

impl Severity {
    /// `ERROR` / `WARNING` / `INFO`, as the command line prints it.
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
            Severity::Info => "INFO",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "Lỗi",
            Severity::Warning => "Cảnh báo",
            Severity::Info => "Lưu ý",
        }
    }

    /// From its JSON name (`error` / `warning` / `info`).
    pub fn from_id(s: &str) -> Option<Self> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// One thing the author should look at.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    /// Draft paths of the fields involved (the form controls' `name`s).
    pub fields: Vec<String>,
    /// Vietnamese message naming the figures.
    pub message: String,
    pub values: Map<String, Value>,
}

impl Finding {
    /// A finding from its JSON (as serialised, e.g. by `baocao check --json` or the web
    /// page's worker); `None` when it is not one.
    pub fn from_json(v: &Value) -> Option<Finding> {
        let fields =
            v.get("fields")?.as_array()?.iter().map(|f| f.as_str().map(str::to_string)).collect::<Option<_>>()?;
        Some(Finding {
            rule: v.get("rule")?.as_str()?.to_string(),
            severity: Severity::from_id(v.get("severity")?.as_str()?)?,
            fields,
            message: v.get("message")?.as_str()?.to_string(),
            values: v.get("values").and_then(Value::as_object).cloned().unwrap_or_default(),
        })
    }
}

/// Id of the rule "required fields are filled" (the form holds its findings back for steps
/// the author has not opened yet).
pub const REQUIRED: &str = "required";

/// A figure with the words a message uses for it.
#[derive(Clone, Debug)]
pub struct Fig {
    pub path: String,
    /// e.g. `tổng số lượt tiếp`
    pub label: String,
}

pub fn fig(path: impl Into<String>, label: impl Into<String>) -> Fig {
    Fig { path: path.into(), label: label.into() }
}

/// A library check's parameters, as the kind file gives them.
pub type Params = Map<String, Value>;

/// A library check: (fields, message, values) per finding.
pub type CustomTest = fn(&Kind, &Draft, &Params) -> Vec<(Vec<String>, String, Map<String, Value>)>;

/// What a rule tests.
pub enum Test {
    /// `total = Σ parts` (the unit names the difference: `lượt`). `message`, when not empty,
    /// is the kind's own wording (see [`fill_message`]).
    Sum { total: Fig, parts: Vec<Fig>, unit: String, message: String },
    /// `small ≤ big`; `why` ends the message.
    AtMost { small: Fig, big: Fig, why: String, message: String },
    /// `a = b + c = d + e + f`: every group after the first sums to the first.
    Chain { groups: Vec<Vec<Fig>>, unit: String },
    /// `field` is filled when the figure `when` is more than 0.
    RequiredIf { field: Fig, when: Fig, message: String },
    /// The test in every row of the table at `table` (unit rows and Tổng); its figures'
    /// paths are columns (`.c4`), and each message starts with the row's name.
    EachRow { table: String, test: Box<Test> },
    /// The Tổng row of a table with one row per unit is the sum of its unit rows, in every
    /// figure column.
    TotalRow { table: String },
    /// Every MS relation of the table's columns (`1=4+13+22`), in every row.
    MsRelations { table: String },
    /// A named check of the library, with its parameters.
    Custom(CustomTest, Params),
}

impl std::fmt::Debug for Test {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Test::Sum { total, .. } => write!(f, "Sum({})", total.path),
            Test::AtMost { small, big, .. } => write!(f, "AtMost({} ≤ {})", small.path, big.path),
            Test::Chain { groups, .. } => write!(f, "Chain({})", groups.len()),
            Test::RequiredIf { field, when, .. } => write!(f, "RequiredIf({} if {})", field.path, when.path),
            Test::EachRow { table, test } => write!(f, "EachRow({table}: {test:?})"),
            Test::TotalRow { table } => write!(f, "TotalRow({table})"),
            Test::MsRelations { table } => write!(f, "MsRelations({table})"),
            Test::Custom(..) => write!(f, "Custom"),
        }
    }
}

/// A rule of a report kind.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub severity: Severity,
    /// What it checks, for the rule table an administrator reviews.
    pub description: String,
    pub test: Test,
    /// A library check that may read the figures of tables (see [`LibraryCheck::reads_cells`]);
    /// true for every other test, which says what it reads ([`Rule::reads`]).
    pub cells: bool,
}

type Found = (Vec<String>, String, Map<String, Value>);

/// A kind's own wording of a message: `{name}` is replaced by the value the rule gives it
/// (`{total}`, `{total_value}`, `{parts}`, `{sum}`, `{difference}`, `{unit}`, `{small}`,
/// `{small_value}`, `{big}`, `{big_value}`, `{field}`, `{when}`, `{when_value}`).
pub fn fill_message(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

fn sum_finding(total: &Fig, parts: &[Fig], unit: &str, message: &str, d: &Draft) -> Option<Found> {
    sum_finding_by(total, parts, unit, message, &|p| d.count(p))
}

/// [`sum_finding`] with the figures looked up by `count`.
fn sum_finding_by(
    total: &Fig,
    parts: &[Fig],
    unit: &str,
    message: &str,
    count: &dyn Fn(&str) -> Option<u64>,
) -> Option<Found> {
    let t = count(&total.path)?;
    let ps = parts.iter().map(|p| count(&p.path)).collect::<Option<Vec<u64>>>()?;
    let sum: u64 = ps.iter().sum();
    if sum == t {
        return None;
    }
    let terms: Vec<String> =
        parts.iter().zip(&ps).map(|(p, v)| format!("{} ({})", p.label, text::group_thousands(*v))).collect();
    let diff = t.abs_diff(sum);
    let unit_sp = if unit.is_empty() { String::new() } else { format!(" {unit}") };
    let message = if message.is_empty() {
        format!(
            "{} ({}) khác {} = {}; chênh lệch {}{unit_sp}.",
            capitalise(&total.label),
            text::group_thousands(t),
            terms.join(" + "),
            text::group_thousands(sum),
            text::group_thousands(diff)
        )
    } else {
        fill_message(
            message,
            &[
                ("total", total.label.clone()),
                ("total_value", text::group_thousands(t)),
                ("parts", terms.join(" + ")),
                ("sum", text::group_thousands(sum)),
                ("difference", text::group_thousands(diff)),
                ("unit", unit.to_string()),
            ],
        )
    };
    let mut values = Map::new();
    values.insert(total.path.clone(), t.into());
    for (p, v) in parts.iter().zip(&ps) {
        values.insert(p.path.clone(), (*v).into());
    }
    values.insert("sum".into(), sum.into());
    values.insert("difference".into(), diff.into());
    let fields = std::iter::once(total).chain(parts).map(|f| f.path.clone()).collect();
    Some((fields, message, values))
}

/// A figure of a row: `.c4` in the row at `row`.
fn in_row(f: &Fig, row: &str) -> Fig {
    match f.path.strip_prefix('.') {
        Some(col) => Fig { path: format!("{row}.{col}"), label: f.label.clone() },
        None => f.clone(),
    }
}

fn row_test(t: &Test, row: &str) -> Test {
    let r = |f: &Fig| in_row(f, row);
    match t {
        Test::Sum { total, parts, unit, message } => Test::Sum {
            total: r(total),
            parts: parts.iter().map(r).collect(),
            unit: unit.clone(),
            message: message.clone(),
        },
        Test::AtMost { small, big, why, message } => {
            Test::AtMost { small: r(small), big: r(big), why: why.clone(), message: message.clone() }
        }
        Test::Chain { groups, unit } => {
            Test::Chain { groups: groups.iter().map(|g| g.iter().map(r).collect()).collect(), unit: unit.clone() }
        }
        Test::RequiredIf { field, when, message } => {
            Test::RequiredIf { field: r(field), when: r(when), message: message.clone() }
        }
        Test::EachRow { .. } | Test::TotalRow { .. } | Test::MsRelations { .. } | Test::Custom(..) => {
            Test::Custom(|_, _, _| Vec::new(), Map::new())
        }
    }
}

/// A column's name in messages: `cột [4] Số lượt tiếp`.
fn col_label(c: &crate::kind::Axis) -> String {
    let mut s = if c.ms > 0 { format!("cột [{}] ", c.ms) } else { "cột ".to_string() };
    s.push_str(&text::lower_first(c.label));
    if let Some(g) = c.groups.last() {
        s.push_str(&format!(" ({})", text::lower_first(g)));
    }
    s
}

fn eval_test(test: &Test, kind: &Kind, d: &Draft) -> Vec<Found> {
    match test {
        Test::Sum { total, parts, unit, message } => sum_finding(total, parts, unit, message, d).into_iter().collect(),
        Test::Chain { groups, unit } => {
            let Some((first, rest)) = groups.split_first() else { return Vec::new() };
            let Some(total) = first.first() else { return Vec::new() };
            rest.iter().filter_map(|g| sum_finding(total, g, unit, "", d)).collect()
        }
        Test::AtMost { small, big, why, message } => {
            let (Some(a), Some(b)) = (d.count(&small.path), d.count(&big.path)) else {
                return Vec::new();
            };
            if a <= b {
                return Vec::new();
            }
            let message = if message.is_empty() {
                format!(
                    "{} ({}) lớn hơn {} ({}){}{why}",
                    capitalise(&small.label),
                    text::group_thousands(a),
                    big.label,
                    text::group_thousands(b),
                    if why.is_empty() { "." } else { ": " }
                )
            } else {
                fill_message(
                    message,
                    &[
                        ("small", small.label.clone()),
                        ("small_value", text::group_thousands(a)),
                        ("big", big.label.clone()),
                        ("big_value", text::group_thousands(b)),
                    ],
                )
            };
            let mut values = Map::new();
            values.insert(small.path.clone(), a.into());
            values.insert(big.path.clone(), b.into());
            vec![(vec![small.path.clone(), big.path.clone()], message, values)]
        }
        Test::RequiredIf { field, when, message } => {
            let Some(w) = d.count(&when.path).filter(|w| *w > 0) else { return Vec::new() };
            let filled = d.count(&field.path).is_some() || !d.is_empty(&field.path);
            if filled {
                return Vec::new();
            }
            let message = if message.is_empty() {
                format!("Có {} ({}) thì cần nhập {}.", when.label, text::group_thousands(w), field.label)
            } else {
                fill_message(
                    message,
                    &[("field", field.label.clone()), ("when", when.label.clone()), ("when_value", w.to_string())],
                )
            };
            vec![(vec![field.path.clone(), when.path.clone()], message, Map::new())]
        }
        Test::EachRow { table, test } => {
            let Some(t) = kind.table(table) else { return Vec::new() };
            let mut out = Vec::new();
            for (row, name) in t.row_paths(table, d) {
                for (fields, m, v) in eval_test(&row_test(test, &row), kind, d) {
                    out.push((fields, format!("{name}: {}", lower_start(&m)), v));
                }
            }
            out
        }
        Test::MsRelations { table } => {
            let Some(t) = kind.table(table) else { return Vec::new() };
            let mut out = Vec::new();
            for (row, name) in t.row_paths(table, d) {
                for c in t.cols.iter().filter(|c| !c.sum_of.is_empty()) {
                    let total = Fig { path: format!("{row}.{}", c.id), label: col_label(c) };
                    for g in c.sum_of {
                        let parts: Vec<Fig> = g
                            .iter()
                            .filter_map(|ms| t.col_by_ms(*ms))
                            .map(|p| Fig { path: format!("{row}.{}", p.id), label: format!("[{}]", p.ms) })
                            .collect();
                        if let Some((f, m, v)) = sum_finding(&total, &parts, c.word, "", d) {
                            out.push((f, format!("{name}: {}", lower_start(&m)), v));
                        }
                    }
                }
            }
            out
        }
        Test::TotalRow { table } => {
            let Some(t) = kind.table(table) else { return Vec::new() };
            let rows = t.row_paths(table, d);
            let Some(((total_row, _), units)) = rows.split_last() else { return Vec::new() };
            if units.is_empty() {
                return Vec::new();
            }
            let mut out = Vec::new();
            for c in t.cols.iter().filter(|c| !c.text) {
                let total =
                    Fig { path: format!("{total_row}.{}", c.id), label: format!("dòng Tổng, {}", col_label(c)) };
                let parts: Vec<Fig> =
                    units.iter().map(|(r, name)| Fig { path: format!("{r}.{}", c.id), label: name.clone() }).collect();
                // Unit rows left empty count as 0 once any unit has the figure.
                if parts.iter().all(|p| d.count(&p.path).is_none()) {
                    continue;
                }
                let count = |p: &str| if p == total.path { d.count(p) } else { Some(d.count(p).unwrap_or(0)) };
                out.extend(sum_finding_by(&total, &parts, c.word, "", &count).map(|(f, m, v)| (f, capitalise(&m), v)));
            }
            out
        }
        Test::Custom(f, params) => f(kind, d, params),
    }
}

impl Rule {
    pub fn new(id: impl Into<String>, severity: Severity, description: impl Into<String>, test: Test) -> Self {
        Rule { id: id.into(), severity, description: description.into(), test, cells: true }
    }

    /// May the rule's findings change when the value at `path` does? `cells`: `path` is a
    /// figure of a table (`is_figure_cell`).
    pub fn may_read(&self, path: &str, cells: bool) -> bool {
        match self.test {
            Test::Custom(..) => !cells || self.cells,
            // The path is a field the rule reads, a part of one, or a table holding one.
            _ => {
                let under = |a: &str, b: &str| a == b || a.strip_prefix(b).is_some_and(|rest| rest.starts_with('.'));
                self.reads().iter().any(|r| under(path, r) || under(r, path))
            }
        }
    }

    /// Fields the rule reads (empty for library checks, which read what they need); a table
    /// path stands for every cell of the table.
    pub fn reads(&self) -> Vec<&str> {
        fn of(t: &Test) -> Vec<&str> {
            match t {
                Test::Sum { total, parts, .. } => {
                    std::iter::once(total).chain(parts).map(|f| f.path.as_str()).collect()
                }
                Test::AtMost { small, big, .. } => vec![small.path.as_str(), big.path.as_str()],
                Test::Chain { groups, .. } => groups.iter().flatten().map(|f| f.path.as_str()).collect(),
                Test::RequiredIf { field, when, .. } => vec![field.path.as_str(), when.path.as_str()],
                Test::EachRow { table, .. } | Test::TotalRow { table } | Test::MsRelations { table } => {
                    vec![table.as_str()]
                }
                Test::Custom(..) => Vec::new(),
            }
        }
        of(&self.test)
    }

    /// Does the rule read the field at `path` (or the table that holds it)?
    pub fn reads_path(&self, path: &str) -> bool {
        self.reads().iter().any(|r| path == *r || path.strip_prefix(r).is_some_and(|rest| rest.starts_with('.')))
    }

    pub fn eval(&self, kind: &Kind, d: &Draft) -> Vec<Finding> {
        eval_test(&self.test, kind, d)
            .into_iter()
            .map(|(fields, message, values)| Finding {
                rule: self.id.clone(),
                severity: self.severity,
                fields,
                message,
                values,
            })
            .collect()
    }
}

/// `Tổng số …` → `tổng số …` after a row's name, keeping acronyms (`UBND`).
fn lower_start(s: &str) -> String {
    text::lower_first(s)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => text::upper(f.encode_utf8(&mut [0; 4])) + c.as_str(),
        None => String::new(),
    }
}

/// The rule id of the note that stands for a rule which panicked (natively; see
/// [`check_rules`]). No rule of any kind has this id, so a test can tell a caught panic from
/// a finding; the id of the rule that panicked is in the note's `values["rule"]`.
pub const RULE_PANICKED: &str = "internal.rule_panicked";

/// Run the given rules on the draft: errors first, then warnings, then notes.
pub fn check_rules(kind: &Kind, rules: &[Rule], d: &Draft) -> Vec<Finding> {
    check_rules_since(kind, rules, d, None, &mut Memo::default())
}

/// The findings of each rule for the draft checked last ([`check_rules_since`]).
#[derive(Default)]
pub struct Memo {
    /// The kind and its rules (their address: a kind file opened again has new ones).
    kind: (String, usize),
    per_rule: Vec<Vec<Finding>>,
}

/// Is `path` a figure of a figure table (a cell of a column that is not text, or a part of
/// one: `raw`, `value`)?
pub fn is_figure_cell(kind: &Kind, path: &str) -> bool {
    kind.fields().any(|(_, f)| {
        let FieldType::Table(t) = &f.ty else { return false };
        let Some(rest) = path.strip_prefix(f.path).and_then(|r| r.strip_prefix('.')) else { return false };
        let parts: Vec<&str> = rest.split('.').collect();
        let (row, col, tail) = match parts.as_slice() {
            [units, i, col, tail @ ..] if *units == crate::kind::UNITS && i.parse::<usize>().is_ok() => {
                (None, *col, tail)
            }
            [row, col, tail @ ..] => (Some(*row), *col, tail),
            _ => return false,
        };
        let known_row = row.is_none_or(|r| r == crate::kind::TOTAL_ROW || t.rows.iter().any(|x| x.id == r));
        known_row && matches!(tail, [] | ["raw" | "value"]) && t.cols.iter().any(|c| c.id == col && !c.text)
    })
}

/// [`check_rules`], after the values at `changed` (paths, as `Draft::changes` gives them)
/// changed since the draft `memo` holds the findings of: the rules that cannot read them
/// keep their findings. `None`: every rule runs.
pub fn check_rules_since(
    kind: &Kind,
    rules: &[Rule],
    d: &Draft,
    changed: Option<&[String]>,
    memo: &mut Memo,
) -> Vec<Finding> {
    let of = (kind.id.to_string(), rules.as_ptr() as usize);
    let known = memo.kind == of && memo.per_rule.len() == rules.len();
    let changed = changed.filter(|_| known);
    let cells = changed.is_some_and(|c| c.iter().all(|p| is_figure_cell(kind, p)));
    let mut per_rule = std::mem::take(&mut memo.per_rule);
    per_rule.resize_with(rules.len(), Vec::new);
    let mut out = Vec::new();
    for (rule, found) in rules.iter().zip(&mut per_rule) {
        if changed.is_none_or(|c| c.iter().any(|p| rule.may_read(p, cells))) {
            *found = run_guarded(rule, kind, d);
        }
        out.extend(found.iter().cloned());
    }
    *memo = Memo { kind: of, per_rule };
    // Stable by severity.
    crate::small_sort::sort_by(&mut out, |a, b| a.severity < b.severity);
    out
}

#[cfg(not(target_arch = "wasm32"))]
fn run_guarded(rule: &Rule, kind: &Kind, d: &Draft) -> Vec<Finding> {
    // A rule that panics is a bug; report it as a note of its own rule id and go on with
    // the others.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rule.eval(kind, d))).unwrap_or_else(|_| {
        let mut values = Map::new();
        values.insert("rule".into(), Value::String(rule.id.clone()));
        vec![Finding {
            rule: RULE_PANICKED.into(),
            severity: Severity::Info,
            fields: Vec::new(),
            message: format!("Không kiểm tra được quy tắc {} (lỗi của ứng dụng).", rule.id),
            values,
        }]
    })
}

#[cfg(target_arch = "wasm32")]
fn run_guarded(rule: &Rule, kind: &Kind, d: &Draft) -> Vec<Finding> {
    rule.eval(kind, d)
}

// ---------------------------------------------------------------------------------------
// Rules every report kind shares: the ND30 frame (letterhead, signature, recipients), the
// form of figures, dates and citations, required fields, years.

type Out = Vec<(Vec<String>, String, Map<String, Value>)>;

fn one(field: &str, message: String) -> (Vec<String>, String, Map<String, Value>) {
    (vec![field.to_string()], message, Map::new())
}

/// A named check of the library: what is not arithmetic (ND30 dates, document symbols,
/// citations, the signature block, Nơi nhận, cut-off dates). A kind file switches each on
/// by its name, with parameters where it takes them.
pub struct LibraryCheck {
    pub name: &'static str,
    pub severity: Severity,
    pub description: &'static str,
    pub test: CustomTest,
    /// The parameters it takes (`documents`, `table`, …), for the kind file's reader.
    pub params: &'static [&'static str],
}

impl LibraryCheck {
    /// Does it read the figures of tables? Those that do not keep their findings while only
    /// figures of tables change (`check_rules_since`); `tests/incremental.rs` holds each to it.
    pub fn reads_cells(&self) -> bool {
        [REQUIRED, "figure.whole", "table.note", "carry_over", "aggregate.units", "aggregate.missing"]
            .contains(&self.name)
    }
}

/// The library, in the order a kind usually lists it.
pub const LIBRARY: &[LibraryCheck] = {
    use Severity::*;
    &[
        LibraryCheck { name: REQUIRED, severity: Error, description: "Các phần bắt buộc không được để trống", test: required, params: &[] },
        LibraryCheck { name: "placeholder", severity: Error, description: "Không còn chữ giữ chỗ (xxx, […], …/…)", test: placeholders, params: &[] },
        LibraryCheck { name: "text.leftover", severity: Warning, description: "Bài không còn chữ sót từ báo cáo khác: năm của kỳ trước, cấp hành chính đã bỏ (cấp huyện, từ 01/7/2025) hoặc của đơn vị khác cấp", test: leftovers, params: &[] },
        LibraryCheck { name: "figure.whole", severity: Error, description: "Mọi số liệu là số nguyên từ 0 đến 1.000.000.000", test: whole_figures, params: &[] },
        LibraryCheck { name: "date.valid", severity: Error, description: "Ngày tháng là ngày có thật", test: valid_dates, params: &[] },
        LibraryCheck { name: "date.format", severity: Warning, description: "Ngày viết tay trong bài theo quy tắc NĐ 30 (05/9/2016, 05/02/2021)", test: typed_dates, params: &[] },
        LibraryCheck { name: "period.year", severity: Error, description: "Năm báo cáo ở trích yếu và câu kết khớp với kỳ báo cáo; nhiệm vụ là của kỳ sau", test: period_years, params: &[] },
        LibraryCheck { name: "period.issue_start", severity: Error, description: "Ngày ban hành không trước ngày bắt đầu kỳ báo cáo", test: issue_before_start, params: &[] },
        LibraryCheck { name: "period.issue_date", severity: Warning, description: "Ngày ban hành sau ngày chốt số liệu của kỳ (NĐ 09/2019: ngày 14 của tháng cuối kỳ)", test: issue_date, params: &[] },
        LibraryCheck { name: "letterhead.symbol", severity: Error, description: "Ký hiệu văn bản bắt đầu bằng chữ viết tắt tên loại (BC-)", test: symbol, params: &[] },
        LibraryCheck { name: "letterhead.number", severity: Error, description: "Số văn bản (nếu có) là số, từ 01 đến 09 có số 0 đứng trước", test: number, params: &[] },
        LibraryCheck { name: "citation.number", severity: Error, description: "Số, ký hiệu văn bản trích dẫn đúng thể thức (26/CT-TTg, 31-CT/TU)", test: citation_numbers, params: &["documents"] },
        LibraryCheck { name: "citation.type", severity: Error, description: "Chữ viết tắt trong ký hiệu khớp với tên loại văn bản (Chỉ thị ↔ CT)", test: citation_types, params: &["documents"] },
        LibraryCheck { name: "citation.date", severity: Error, description: "Văn bản trích dẫn không ban hành sau báo cáo", test: citation_dates, params: &["documents"] },
        LibraryCheck { name: "signature.kt", severity: Error, description: "“KT.” có chức vụ cấp phó ở dòng sau", test: signature_kt, params: &[] },
        LibraryCheck { name: "signature.tm", severity: Error, description: "“TM.” đi với tên tập thể", test: signature_tm, params: &[] },
        LibraryCheck { name: "signature.name", severity: Error, description: "Họ tên người ký không kèm học hàm, học vị, danh xưng", test: signature_name, params: &[] },
        LibraryCheck { name: "recipients.first", severity: Error, description: "Có “Kính gửi” thì Nơi nhận bắt đầu bằng “Như trên”", test: recipients_first, params: &[] },
        LibraryCheck { name: "recipients.last", severity: Error, description: "Dòng cuối Nơi nhận là “Lưu: VT, …”", test: recipients_last, params: &[] },
        LibraryCheck { name: "recipients.punctuation", severity: Warning, description: "Mỗi dòng Nơi nhận kết thúc bằng “;”, dòng cuối bằng “.”", test: recipients_punct, params: &[] },
        LibraryCheck {
            name: "table.note",
            severity: Warning,
            description: "Ghi chú của mỗi dòng có cả số vụ và nội dung",
            test: table_note,
            params: &["table", "count", "text"],
        },
        LibraryCheck {
            name: "carry_over",
            severity: Error,
            description: "Số liệu kỳ trước chuyển sang bằng số liệu còn lại của báo cáo kỳ trước",
            test: carry_over,
            params: &[],
        },
        LibraryCheck {
            name: "carry_over.texts",
            severity: Warning,
            description: "Đoạn văn giữ từ báo cáo kỳ trước được sửa cho kỳ này hoặc xác nhận giữ nguyên",
            test: kept_texts,
            params: &[],
        },
        LibraryCheck {
            name: "aggregate.units",
            severity: Warning,
            description: "Báo cáo đơn vị được tổng hợp không còn lỗi",
            test: unit_errors,
            params: &[],
        },
        LibraryCheck {
            name: "aggregate.missing",
            severity: Warning,
            description: "Bản tổng hợp có báo cáo của mọi đơn vị phải báo cáo",
            test: missing_units,
            params: &[],
        },
        LibraryCheck {
            name: "citation.year",
            severity: Warning,
            description: "Văn bản trích dẫn là của năm báo cáo",
            test: citation_year,
            params: &["date", "subject", "what"],
        },
    ]
};

pub fn library(name: &str) -> Option<&'static LibraryCheck> {
    LIBRARY.iter().find(|c| c.name == name)
}

fn required(kind: &Kind, d: &Draft, _: &Params) -> Out {
    let mut out = Vec::new();
    for (step, f) in kind.fields() {
        if !f.required {
            continue;
        }
        if let FieldType::Table(t) = &f.ty {
            let mut any = false;
            for (r, _) in t.row_paths(f.path, d) {
                let cell = |c: &crate::kind::Axis| format!("{r}.{}", c.id);
                let figures: Vec<_> = t.cols.iter().filter(|c| !c.text).collect();
                if !figures.iter().any(|c| d.get(&cell(c)).is_some_and(|v| !v.is_null())) {
                    continue;
                }
                any = true;
                for c in figures.iter().filter(|c| !c.optional) {
                    if d.get(&cell(c)).is_none_or(Value::is_null) {
                        out.push(one(
                            &cell(c),
                            format!("Chưa nhập “{}” (phần {}).", kind.label_of(&cell(c)), step.title),
                        ));
                    }
                }
            }
            if !any {
                out.push(one(f.path, format!("Chưa nhập “{}” (phần {}).", f.label, step.title)));
            }
            continue;
        }
        let filled = match &f.ty {
            FieldType::Count => d.get(f.path).is_some_and(|v| !v.is_null()),
            _ => !d.is_empty(f.path),
        };
        if !filled {
            out.push(one(f.path, format!("Chưa nhập “{}” (phần {}).", f.label, step.title)));
        }
    }
    out
}

/// Where a text sits: a field path, with an optional list index and record column. The path
/// string is only built for texts that produce a finding.
#[derive(Clone, Copy)]
struct TextAt<'k> {
    field: &'k str,
    index: Option<usize>,
    row: Option<RowAt<'k>>,
    column: Option<&'k str>,
}

/// The row of a table a text sits in: a fixed row, or a unit row (`units.<i>`).
#[derive(Clone, Copy)]
enum RowAt<'k> {
    Fixed(&'k str),
    Unit(usize),
}

impl std::fmt::Display for TextAt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.field)?;
        if let Some(i) = self.index {
            write!(f, ".{i}")?;
        }
        match self.row {
            Some(RowAt::Fixed(r)) => write!(f, ".{r}")?,
            Some(RowAt::Unit(i)) => write!(f, ".{}.{i}", crate::kind::UNITS)?,
            None => {}
        }
        if let Some(c) = self.column {
            write!(f, ".{c}")?;
        }
        Ok(())
    }
}

/// Every text value of the draft with where it sits.
fn texts<'k, 'd>(kind: &'k Kind, d: &'d Draft) -> Vec<(TextAt<'k>, &'d str)> {
    let mut out = Vec::new();
    let at = |field, index, column| TextAt { field, index, row: None, column };
    for (_, f) in kind.fields() {
        let field = f.path;
        match &f.ty {
            FieldType::Line | FieldType::Text => out.push((at(field, None, None), d.text(field))),
            FieldType::Items | FieldType::Paragraphs => {
                for (i, s) in d.list(field).into_iter().enumerate() {
                    out.push((at(field, Some(i), None), s));
                }
            }
            FieldType::Records(cols) => {
                let Some(Value::Array(items)) = d.get(field) else {
                    continue;
                };
                for (i, item) in items.iter().enumerate() {
                    for c in cols.iter().filter(|c| matches!(c.ty, FieldType::Line | FieldType::Text)) {
                        if let Some(s) = item.get(c.path).and_then(Value::as_str) {
                            out.push((at(field, Some(i), Some(c.path)), s));
                        }
                    }
                }
            }
            FieldType::Table(t) if t.units => {
                let units = d.get(field).and_then(|v| v.get(crate::kind::UNITS)).and_then(Value::as_array);
                for (i, u) in units.into_iter().flatten().enumerate() {
                    for c in t.cols.iter().filter(|c| c.text).map(|c| c.id).chain([crate::kind::UNIT_NAME]) {
                        if let Some(s) = u.get(c).and_then(Value::as_str) {
                            out.push((TextAt { field, index: None, row: Some(RowAt::Unit(i)), column: Some(c) }, s));
                        }
                    }
                }
                for c in t.cols.iter().filter(|c| c.text) {
                    let total = d.get(field).and_then(|v| v.get(crate::kind::TOTAL_ROW));
                    if let Some(s) = total.and_then(|v| v.get(c.id)).and_then(Value::as_str) {
                        let row = Some(RowAt::Fixed(crate::kind::TOTAL_ROW));
                        out.push((TextAt { field, index: None, row, column: Some(c.id) }, s));
                    }
                }
            }
            FieldType::Table(t) => {
                for r in t.rows {
                    for c in t.cols.iter().filter(|c| c.text) {
                        if let Some(s) =
                            d.get(field).and_then(|v| v.get(r.id)).and_then(|v| v.get(c.id)).and_then(Value::as_str)
                        {
                            out.push((
                                TextAt { field, index: None, row: Some(RowAt::Fixed(r.id)), column: Some(c.id) },
                                s,
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn placeholders(kind: &Kind, d: &Draft, _: &Params) -> Out {
    texts(kind, d)
        .into_iter()
        .filter_map(|(p, s)| {
            let m = placeholder_mark(s)?;
            let p = p.to_string();
            Some(one(&p, format!("“{}” còn chữ giữ chỗ “{m}”; hãy thay bằng nội dung thật.", kind.label_of(&p))))
        })
        .collect()
}

/// The first placeholder mark in a text (`xxx`, `XXX`, `[…]`, `[...]`, `…/…`, `<nhập`), in
/// one pass over the bytes (this runs on every keystroke over the whole report).
pub fn placeholder_mark(s: &str) -> Option<&'static str> {
    const MARKS: [&str; 6] = ["xxx", "XXX", "[…]", "[...]", "…/…", "<nhập"];
    let b = s.as_bytes();
    let at = |i: usize| MARKS.iter().find(|m| b[i..].starts_with(m.as_bytes())).copied();
    let first = memchr::memchr3_iter(b'x', b'X', b'[', b).find_map(at);
    let second = memchr::memchr2_iter(b'<', 0xE2, b).find_map(at);
    first.or(second)
}

/// Every figure path of the kind in the draft: counts and table cells (of each unit row).
pub fn figure_paths(kind: &Kind, d: &Draft) -> Vec<String> {
    let mut out = Vec::new();
    for (_, f) in kind.fields() {
        match &f.ty {
            FieldType::Count => out.push(f.path.to_string()),
            FieldType::Table(t) => {
                for (r, _) in t.row_paths(f.path, d) {
                    for c in t.cols.iter().filter(|c| !c.text) {
                        out.push(format!("{r}.{}", c.id));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn whole_figures(kind: &Kind, d: &Draft, _: &Params) -> Out {
    let mut out = Vec::new();
    for p in figure_paths(kind, d) {
        let label = || kind.label_of(&p);
        let bad = match d.get(&p) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => match n.as_u64() {
                Some(v) if v <= crate::model::MAX_COUNT => None,
                Some(v) => Some(format!("{}: {} vượt quá 1.000.000.000.", label(), text::group_thousands(v))),
                None => Some(format!("{}: {n} không phải số nguyên không âm.", label())),
            },
            Some(Value::Object(m)) => {
                // What the author typed and why it is not a figure yet (the same reason the
                // form gives while typing).
                let raw = m.get("raw").and_then(Value::as_str).unwrap_or("");
                let why = match text::parse_count(raw) {
                    Err(reason) => reason,
                    Ok(_) => "Nhập lại số liệu.".to_string(),
                };
                Some(format!("{}: “{raw}” chưa phải số liệu hợp lệ. {why}", label()))
            }
            Some(other) => Some(format!("{}: “{other}” không phải số.", label())),
        };
        if let Some(m) = bad {
            out.push(one(&p, m));
        }
    }
    out
}

/// Every date field (also inside records) with its path.
fn date_paths(kind: &Kind, d: &Draft) -> Vec<String> {
    let mut out = Vec::new();
    for (_, f) in kind.fields() {
        match &f.ty {
            FieldType::Date => out.push(f.path.to_string()),
            FieldType::Records(cols) => {
                for i in 0..d.len(f.path) {
                    for c in cols.iter().filter(|c| c.ty == FieldType::Date) {
                        out.push(format!("{}.{i}.{}", f.path, c.path));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn valid_dates(kind: &Kind, d: &Draft, _: &Params) -> Out {
    date_paths(kind, d)
        .into_iter()
        .filter(|p| !d.text(p).trim().is_empty() && d.date(p).is_none())
        .map(|p| one(&p, format!("{}: “{}” không phải ngày có thật.", kind.label_of(&p), d.text(&p))))
        .collect()
}

/// Dates typed inside text (`5/9/2016`) against the ND30 padding rule.
/// Levels of local government no longer in use since 1 July 2025 (Luật Tổ chức chính quyền
/// địa phương 2025: two levels, tỉnh and xã/phường/đặc khu).
const ABOLISHED_LEVELS: [&str; 4] = ["huyện", "quận", "thị xã", "thị trấn"];
/// The commune tier (cấp xã) since 1 July 2025.
const COMMUNE_LEVELS: [&str; 3] = ["xã", "phường", "đặc khu"];
/// Words just before "năm 2021" that make an earlier year belong there (a span of time, a
/// comparison) …
const EARLIER_JUST_BEFORE: [&str; 4] = ["từ", "so với", "cùng kỳ", "đến"];
/// … or anywhere before it in its clause (a law's name, a term, a comparison).
const EARLIER_IN_CLAUSE: [&str; 7] = ["so với", "cùng kỳ", "luật", "hiến pháp", "giai đoạn", "nhiệm kỳ", "trước đây"];

/// Whole-word occurrences of `word` in `s` (both lower case), as byte offsets.
fn word_at(s: &str, word: &str) -> Vec<usize> {
    let is_letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    s.match_indices(word)
        .map(|(i, _)| i)
        .filter(|&i| !is_letter(s[..i].chars().next_back()) && !is_letter(s[i + word.len()..].chars().next()))
        .collect()
}

/// Texts a report carried over from another one may still hold: an earlier period's year
/// ("năm 2021" in a report for 2026), a level of government that no longer exists ("huyện"
/// after 1 July 2025), or another commune-tier level than the issuer's ("của xã" in a phường's
/// report). Only the body's texts: the frame (letterhead, Kính gửi, Nơi nhận, signature), the
/// trích yếu and the closing have rules of their own, and cited documents are earlier by nature.
fn leftovers(kind: &Kind, d: &Draft, _: &Params) -> Out {
    let Some(period) = Period::of(d) else { return Vec::new() };
    let issuer = text::lower(&d.list(path::ISSUER).join(" "));
    let own_level = COMMUNE_LEVELS.iter().find(|l| !word_at(&issuer, l).is_empty());
    let after_reform = d
        .date(path::DATE)
        .or(period.cutoff())
        .is_some_and(|date| date >= time::Date::from_calendar_date(2025, time::Month::July, 1).expect("a date"));
    // Each text's result depends only on it and on this context: kept across calls, so that a
    // keystroke re-reads the one text it changed (a long summary has thousands).
    let context = format!("{}|{issuer}|{after_reform}", period.phrase());
    let mut out = Vec::new();
    for (at, s) in texts(kind, d) {
        // Prose only: paragraphs, items, texts; single lines are names and subjects.
        let prose = kind
            .field(at.field)
            .is_some_and(|f| matches!(f.ty, FieldType::Text | FieldType::Paragraphs | FieldType::Items));
        let frame = ["letterhead.", "recipients.", "signature.", "period."].iter().any(|p| at.field.starts_with(p));
        if !prose || frame || at.column.is_some() || matches!(at.field, "title" | "closing") || s.trim().is_empty() {
            continue;
        }
        let path = at.to_string();
        let found = memo::get_or("text.leftover", &context, &path, s, || {
            leftover_words(s, period, own_level.copied(), after_reform)
        });
        let Some(words) = found else { continue };
        let listed: Vec<String> = words.iter().map(|(w, why)| format!("“{w}” ({why})")).collect();
        let mut values = Map::new();
        values.insert("words".into(), Value::Array(words.iter().map(|(w, _)| Value::String(w.clone())).collect()));
        out.push((
            vec![path.clone()],
            format!("{}: còn {}; có phải chữ sót lại từ báo cáo khác?", kind.label_of(&path), listed.join(", ")),
            values,
        ));
    }
    out
}

/// The leftover words of one text, with why each is one (`None`: none).
fn leftover_words(
    s: &str,
    period: Period,
    own_level: Option<&str>,
    after_reform: bool,
) -> Option<Vec<(String, String)>> {
    let lower = text::lower(s);
    let mut words: Vec<(String, String)> = Vec::new();
    // Years of earlier periods.
    for i in word_at(&lower, "năm") {
        let digits: String = lower[i + "năm".len()..].trim_start().chars().take(5).collect();
        let year: String = digits.chars().take_while(char::is_ascii_digit).collect();
        let Ok(y) = year.parse::<i32>() else { continue };
        let before = lower[..i].trim_end();
        let clause = before.rsplit(['.', ';', ',', ':']).next().unwrap_or(before);
        let by_nature = EARLIER_JUST_BEFORE.iter().any(|cue| before.ends_with(cue))
            || EARLIER_IN_CLAUSE.iter().any(|cue| clause.contains(cue));
        if year.len() == 4 && (1945..period.year).contains(&y) && !by_nature {
            words.push((format!("năm {y}"), format!("kỳ trước; báo cáo là {}", period.phrase())));
        }
    }
    // Levels of government that no longer exist.
    if after_reform {
        for level in ABOLISHED_LEVELS {
            let hits = word_at(&lower, level);
            if hits.iter().any(|&i| !lower[i + level.len()..].starts_with(" cũ")) {
                words.push((level.to_string(), "không còn cấp này từ ngày 01/7/2025".into()));
            }
        }
    }
    // Another commune-tier level than the issuer's, as the place the report speaks of.
    if let Some(own) = own_level {
        for level in COMMUNE_LEVELS.iter().filter(|l| **l != own) {
            if !lower.contains(level) {
                continue;
            }
            for lead in ["của", "toàn", "địa bàn", "ubnd", "ủy ban nhân dân"] {
                let phrase = format!("{lead} {level}");
                // ("của xã hội": society, not a commune.)
                let named =
                    word_at(&lower, &phrase).into_iter().any(|i| !lower[i + phrase.len()..].starts_with(" hội"));
                if named && !words.iter().any(|(w, _)| *w == phrase) {
                    words.push((phrase, format!("báo cáo là của một {own}")));
                }
            }
        }
    }
    (!words.is_empty()).then_some(words)
}

/// Per-text results of the checks that read one text at a time, kept across calls (the
/// worker's thread keeps them between keystrokes; tests get the same results either way).
mod memo {
    use std::cell::RefCell;
    use std::collections::HashMap;

    type Words = Option<Vec<(String, String)>>;
    /// The context key, and by path: the text read and its result.
    type Memo = (String, HashMap<String, (String, Words)>);

    thread_local! {
        static MEMO: RefCell<Memo> = RefCell::new((String::new(), HashMap::new()));
    }

    /// The result for (`rule`, `context`, `path`, `text`), computed by `f` the first time.
    pub fn get_or(rule: &str, context: &str, path: &str, text: &str, f: impl FnOnce() -> Words) -> Words {
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            // A new context (another period, issuer, rule) starts afresh; so does a full memo.
            if !(m.0.len() == rule.len() + 1 + context.len() && m.0.starts_with(rule) && m.0.ends_with(context))
                || m.1.len() > 100_000
            {
                m.0 = format!("{rule}|{context}");
                m.1.clear();
            }
            if let Some((t, v)) = m.1.get(path) {
                if t == text {
                    return v.clone();
                }
            }
            let v = f();
            m.1.insert(path.to_string(), (text.to_string(), v.clone()));
            v
        })
    }
}

fn typed_dates(kind: &Kind, d: &Draft, _: &Params) -> Out {
    let mut out = Vec::new();
    for (p, s) in texts(kind, d) {
        if !s.contains('/') {
            continue;
        }
        for (found, right) in misformatted_dates(s) {
            let p = p.to_string();
            out.push(one(
                &p,
                format!("{}: ngày “{found}” nên viết “{right}” (Nghị định 30/2020/NĐ-CP).", kind.label_of(&p)),
            ));
        }
    }
    out
}

/// `d/m/yyyy` dates in a text that do not follow the padding rule, with the right form.
pub fn misformatted_dates(s: &str) -> Vec<(String, String)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'/')) {
            i += 1;
            continue;
        }
        let num = |j: &mut usize| {
            let st = *j;
            while *j < b.len() && b[*j].is_ascii_digit() {
                *j += 1;
            }
            (st, *j)
        };
        let mut j = i;
        let (d0, d1) = num(&mut j);
        if j >= b.len() || b[j] != b'/' || d1 - d0 > 2 {
            i = j.max(i + 1);
            continue;
        }
        j += 1;
        let (m0, m1) = num(&mut j);
        if m1 == m0 || m1 - m0 > 2 || j >= b.len() || b[j] != b'/' {
            i = j.max(i + 1);
            continue;
        }
        j += 1;
        let (y0, y1) = num(&mut j);
        if y1 - y0 != 4 || (j < b.len() && (b[j].is_ascii_digit() || b[j] == b'/')) {
            i = j.max(i + 1);
            continue;
        }
        let (day, month) = (&s[d0..d1], &s[m0..m1]);
        if let (Ok(dd), Ok(mm), Ok(yy)) = (day.parse::<u8>(), month.parse::<u8>(), s[y0..y1].parse::<i32>()) {
            if let Ok(date) =
                time::Date::from_calendar_date(yy, time::Month::try_from(mm).unwrap_or(time::Month::January), dd)
            {
                if (1..=12).contains(&mm) {
                    let right = text::date_short(date);
                    if right != s[d0..y1] {
                        out.push((s[d0..y1].to_string(), right));
                    }
                }
            }
        }
        i = j;
    }
    out
}

fn period_years(kind: &Kind, d: &Draft, _: &Params) -> Out {
    let Some(p) = Period::of(d) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, what) in [("title", "Trích yếu"), ("closing", "Câu kết")] {
        let s = d.text(path).trim();
        if s.is_empty() {
            continue; // generated from the period: always agrees
        }
        let lower = text::lower(s);
        for (want, role) in [(p.phrase(), "kỳ báo cáo"), (p.next_phrase(), "kỳ nhiệm vụ")] {
            if !lower.contains(&want) {
                let mut values = Map::new();
                values.insert("expected".into(), want.clone().into());
                out.push((
                    vec![path.to_string(), path::PERIOD_YEAR.into()],
                    format!("{what} không nêu “{want}” ({role}) của báo cáo {}.", p.phrase()),
                    values,
                ));
            }
        }
    }
    let _ = kind;
    out
}

fn issue_before_start(_: &Kind, d: &Draft, _: &Params) -> Out {
    let (Some(p), Some(date)) = (Period::of(d), d.date(path::DATE)) else {
        return Vec::new();
    };
    match p.start() {
        Some(start) if date < start => vec![(
            vec![path::DATE.into(), path::PERIOD_YEAR.into()],
            format!(
                "Ngày ban hành {} trước khi kỳ báo cáo {} bắt đầu ({}).",
                text::date_short(date),
                p.phrase(),
                text::date_short(start)
            ),
            Map::new(),
        )],
        _ => Vec::new(),
    }
}

fn issue_date(_: &Kind, d: &Draft, _: &Params) -> Out {
    let (Some(p), Some(date)) = (Period::of(d), d.date(path::DATE)) else {
        return Vec::new();
    };
    match (p.start(), p.cutoff()) {
        (Some(start), Some(cut)) if date >= start && date < cut => vec![(
            vec![path::DATE.into(), path::PERIOD_YEAR.into()],
            format!(
                "Ngày ban hành {} trước ngày chốt số liệu {} của kỳ báo cáo {} (Nghị định 09/2019/NĐ-CP).",
                text::date_short(date),
                text::date_short(cut),
                p.phrase()
            ),
            Map::new(),
        )],
        _ => Vec::new(),
    }
}

fn symbol(kind: &Kind, d: &Draft, _: &Params) -> Out {
    let s = d.text(path::SYMBOL).trim();
    let want = format!("{}-", kind.doc_abbr);
    if s.is_empty() || s.starts_with(&want) {
        return Vec::new();
    }
    vec![one(path::SYMBOL, format!("Ký hiệu “{s}” phải bắt đầu bằng “{want}” ({}).", text::lower(kind.doc_type)))]
}

fn number(_: &Kind, d: &Draft, _: &Params) -> Out {
    let s = d.text(path::NUMBER).trim();
    if s.is_empty() {
        return Vec::new();
    }
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return vec![one(path::NUMBER, format!("Số văn bản “{s}” chỉ gồm chữ số (ký hiệu nhập ở ô riêng)."))];
    }
    if s.len() == 1 && s != "0" {
        return vec![one(path::NUMBER, format!("Số văn bản dưới 10 viết có số 0 đứng trước: “0{s}”."))];
    }
    Vec::new()
}

/// Every cited document: (path prefix, type, number/symbol). Records with a `number` column
/// (lists of cited documents), and the single documents the check's `documents` parameter
/// names: `[{"at": "leadership.plan", "type": "Kế hoạch"}]`, whose number is at `at.number`,
/// date at `at.date` and type at `at.type` or, when the form has none, the given type.
fn cited(kind: &Kind, d: &Draft, p: &Params) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (_, f) in kind.fields() {
        if let FieldType::Records(cols) = &f.ty {
            if cols.iter().any(|c| c.path == "number") {
                for i in 0..d.len(f.path) {
                    let p = format!("{}.{i}", f.path);
                    out.push((
                        p.clone(),
                        d.text(&format!("{p}.type")).trim().to_string(),
                        d.text(&format!("{p}.number")).trim().to_string(),
                    ));
                }
            }
        }
    }
    for doc in p.get("documents").and_then(Value::as_array).into_iter().flatten() {
        let Some(at) = doc.get("at").and_then(Value::as_str) else { continue };
        let ty = d.text(&format!("{at}.type")).trim();
        let ty = if ty.is_empty() { doc.get("type").and_then(Value::as_str).unwrap_or("") } else { ty };
        out.push((at.to_string(), ty.to_string(), d.text(&format!("{at}.number")).trim().to_string()));
    }
    out
}

/// State form `26/CT-TTg`, `20/2013/QĐ-UBND`; party form `31-CT/TU`. Returns the type
/// abbreviation when the number/symbol is well formed.
pub fn citation_abbr(s: &str) -> Option<&str> {
    let word = |w: &str| {
        !w.is_empty() && w.chars().all(|c| c.is_alphanumeric()) && w.chars().next().is_some_and(|c| c.is_uppercase())
    };
    let digits = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    if let Some((n, rest)) = s.split_once('-') {
        if digits(n) {
            // party form: 31-CT/TU, 15-NQ/TW
            let (abbr, issuer) = rest.split_once('/')?;
            return (word(abbr) && !issuer.is_empty() && issuer.split(['/', '-']).all(word)).then_some(abbr);
        }
    }
    let mut parts: Vec<&str> = s.split('/').collect();
    if parts.len() < 2 || parts.len() > 3 || !digits(parts[0]) {
        return None;
    }
    if parts.len() == 3 {
        if !(digits(parts[1]) && parts[1].len() == 4) {
            return None;
        }
        parts.remove(1);
    }
    let groups: Vec<&str> = parts[1].split('-').collect();
    (groups.len() >= 2 && groups.iter().all(|g| word(g))).then_some(groups[0])
}

/// Type abbreviations of Phụ lục III, NĐ 30/2020.
pub const TYPE_ABBR: [(&str, &str); 27] = [
    ("Nghị quyết", "NQ"),
    ("Quyết định", "QĐ"),
    ("Chỉ thị", "CT"),
    ("Quy chế", "QC"),
    ("Quy định", "QyĐ"),
    ("Thông cáo", "TC"),
    ("Thông báo", "TB"),
    ("Hướng dẫn", "HD"),
    ("Chương trình", "CTr"),
    ("Kế hoạch", "KH"),
    ("Phương án", "PA"),
    ("Đề án", "ĐA"),
    ("Dự án", "DA"),
    ("Báo cáo", "BC"),
    ("Biên bản", "BB"),
    ("Tờ trình", "TTr"),
    ("Hợp đồng", "HĐ"),
    ("Công điện", "CĐ"),
    ("Bản ghi nhớ", "BGN"),
    ("Bản thỏa thuận", "BTT"),
    ("Giấy ủy quyền", "GUQ"),
    ("Giấy mời", "GM"),
    ("Giấy giới thiệu", "GGT"),
    ("Giấy nghỉ phép", "GNP"),
    ("Phiếu gửi", "PG"),
    ("Phiếu chuyển", "PC"),
    ("Phiếu báo", "PB"),
];

fn citation_numbers(kind: &Kind, d: &Draft, p: &Params) -> Out {
    cited(kind, d, p)
        .into_iter()
        .filter(|(_, _, n)| !n.is_empty() && citation_abbr(n).is_none())
        .map(|(p, _, n)| {
            one(
                &format!("{p}.number"),
                format!("Số, ký hiệu “{n}” không đúng thể thức (ví dụ 26/CT-TTg, 20/2013/QĐ-UBND, 31-CT/TU)."),
            )
        })
        .collect()
}

fn citation_types(kind: &Kind, d: &Draft, p: &Params) -> Out {
    let mut out = Vec::new();
    for (p, ty, n) in cited(kind, d, p) {
        let Some(abbr) = citation_abbr(&n) else {
            continue;
        };
        let lower = text::lower(&ty);
        let Some((name, want)) = TYPE_ABBR.iter().find(|(name, _)| text::lower(name) == lower) else {
            continue;
        };
        if abbr != *want {
            let fields = if d.get(&format!("{p}.type")).is_some() {
                vec![format!("{p}.type"), format!("{p}.number")]
            } else {
                vec![format!("{p}.number")]
            };
            out.push((fields, format!("{name} viết tắt là “{want}”, nhưng ký hiệu “{n}” ghi “{abbr}”."), Map::new()));
        }
    }
    out
}

fn citation_dates(kind: &Kind, d: &Draft, p: &Params) -> Out {
    let Some(report) = d.date(path::DATE) else {
        return Vec::new();
    };
    cited(kind, d, p)
        .into_iter()
        .filter_map(|(p, ty, n)| {
            let date = d.date(&format!("{p}.date"))?;
            (date > report).then(|| {
                (
                    vec![format!("{p}.date"), path::DATE.into()],
                    format!(
                        "{ty} {n} ngày {} ban hành sau báo cáo (ngày {}).",
                        text::date_short(date),
                        text::date_short(report)
                    ),
                    Map::new(),
                )
            })
        })
        .collect()
}

fn signature_kt(_: &Kind, d: &Draft, _: &Params) -> Out {
    let lines = crate::frame::signature_lines(d);
    let mut out = Vec::new();
    for (i, (p, l)) in lines.iter().enumerate() {
        if let Some(head) = l.strip_prefix("KT.") {
            match lines.get(i + 1) {
                Some((_, next)) if next.starts_with("PHÓ") => {}
                Some((np, next)) => out.push((vec![p.clone(), np.clone()], format!("Sau “KT.{head}” phải là chức vụ cấp phó của người ký (ví dụ “PHÓ{head}”), không phải “{next}”."), Map::new())),
                None => out.push((vec![p.clone(), path::TITLE_LINES.into()], format!("Sau “KT.{head}” thiếu dòng chức vụ của người ký (ví dụ “PHÓ{head}”)."), Map::new())),
            }
        }
    }
    out
}

fn signature_tm(_: &Kind, d: &Draft, _: &Params) -> Out {
    const PERSONAL: [&str; 6] = ["CHỦ TỊCH", "GIÁM ĐỐC", "TRƯỞNG", "THỦ TRƯỞNG", "BÍ THƯ", "CHÁNH"];
    let authority = d.text(path::AUTHORITY).trim();
    let refers = text::upper(d.text(path::REFERS_TO).trim());
    if authority != "TM." {
        return Vec::new();
    }
    if refers.is_empty() {
        return vec![one(
            path::REFERS_TO,
            "“TM.” (thay mặt) phải đi với tên tập thể, ví dụ “TM. ỦY BAN NHÂN DÂN”.".into(),
        )];
    }
    if PERSONAL.iter().any(|p| refers.starts_with(p)) {
        return vec![one(
            path::REFERS_TO,
            format!("“TM.” thay mặt một tập thể, không phải chức vụ “{refers}”; dùng “KT.” hoặc bỏ quyền hạn."),
        )];
    }
    Vec::new()
}

fn signature_name(_: &Kind, d: &Draft, _: &Params) -> Out {
    const TITLES: [&str; 12] = ["ông", "bà", "ts.", "ths.", "pgs.", "gs.", "ks.", "bs.", "cn.", "ts", "ths", "đ/c"];
    let name = d.text(path::SIGNER).trim();
    let first = text::lower(name.split_whitespace().next().unwrap_or(""));
    if TITLES.contains(&first.as_str()) {
        let word = name.split_whitespace().next().unwrap_or("");
        return vec![one(path::SIGNER, format!("Họ tên người ký không ghi danh xưng, học hàm, học vị (“{word}”)."))];
    }
    Vec::new()
}

fn has_to(d: &Draft) -> bool {
    d.list(path::TO).iter().any(|s| !s.trim().is_empty())
}

fn cc(d: &Draft) -> Vec<(usize, String)> {
    d.list(path::CC)
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.trim().is_empty())
        .map(|(i, s)| (i, s.trim().to_string()))
        .collect()
}

fn recipients_first(_: &Kind, d: &Draft, _: &Params) -> Out {
    let lines = cc(d);
    match lines.first() {
        Some((i, l)) if has_to(d) && !l.starts_with("Như trên") => vec![one(
            &format!("{}.{i}", path::CC),
            format!("Báo cáo có “Kính gửi” nên dòng đầu Nơi nhận là “Như trên;”, không phải “{l}”."),
        )],
        _ => Vec::new(),
    }
}

fn recipients_last(_: &Kind, d: &Draft, _: &Params) -> Out {
    let lines = cc(d);
    match lines.last() {
        Some((i, l)) if !l.starts_with("Lưu: VT") && !l.starts_with("Lưu VT") => vec![one(
            &format!("{}.{i}", path::CC),
            format!("Dòng cuối Nơi nhận phải là “Lưu: VT, …”, không phải “{l}”."),
        )],
        _ => Vec::new(),
    }
}

fn recipients_punct(_: &Kind, d: &Draft, _: &Params) -> Out {
    let lines = cc(d);
    let n = lines.len();
    let mut out = Vec::new();
    for (k, (i, l)) in lines.iter().enumerate() {
        let want = if k + 1 == n { '.' } else { ';' };
        if !l.ends_with(want) {
            out.push(one(&format!("{}.{i}", path::CC), format!("Dòng Nơi nhận “{l}” nên kết thúc bằng “{want}”.")));
        }
    }
    out
}

fn param<'p>(p: &'p Params, key: &str) -> &'p str {
    p.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `table.note`: in every row of the table, a note's count (column `count`) and its text
/// (column `text`) come together.
fn table_note(kind: &Kind, d: &Draft, p: &Params) -> Out {
    let (table, count_col, text_col) = (param(p, "table"), param(p, "count"), param(p, "text"));
    let Some(t) = kind.table(table) else { return Vec::new() };
    let mut out = Vec::new();
    for row in t.rows {
        let (n, tp) = (format!("{table}.{}.{count_col}", row.id), format!("{table}.{}.{text_col}", row.id));
        let count = d.count(&n).filter(|&c| c > 0);
        let text = d.text(&tp).trim();
        let m = match (count, text.is_empty()) {
            (Some(c), true) => format!("Đơn {}: ghi chú có {} vụ nhưng chưa ghi nội dung.", row.word, text::count(c)),
            (None, false) => format!("Đơn {}: ghi chú “{text}” chưa có số vụ nên sẽ không được in.", row.word),
            _ => continue,
        };
        out.push((vec![n, tp], m, Map::new()));
    }
    out
}

/// `citation.year`: the document cited at `date` (its date) and `subject` (its subject, where
/// `năm 2021` is looked for) is of the report's year; `what` names it in messages.
fn citation_year(_: &Kind, d: &Draft, p: &Params) -> Out {
    let Some(period) = Period::of(d) else { return Vec::new() };
    let (date_path, subject_path) = (param(p, "date"), param(p, "subject"));
    let what = match param(p, "what") {
        "" => "Văn bản trích dẫn",
        w => w,
    };
    let mut out = Vec::new();
    if let Some(date) = d.date(date_path) {
        if date.year() != period.year {
            out.push((
                vec![date_path.to_string(), path::PERIOD_YEAR.to_string()],
                format!("{what} ban hành năm {}, khác năm báo cáo {}.", date.year(), period.year),
                Map::new(),
            ));
        }
    }
    if !subject_path.is_empty() {
        for y in years_in(d.text(subject_path)) {
            if y != period.year {
                out.push((
                    vec![subject_path.to_string(), path::PERIOD_YEAR.to_string()],
                    format!("Nội dung {} nói “năm {y}”, khác năm báo cáo {}.", text::lower_first(what), period.year),
                    Map::new(),
                ));
            }
        }
    }
    out
}

/// Years written as `năm 2021` in a text.
fn years_in(s: &str) -> Vec<i32> {
    s.match_indices("năm ")
        .filter_map(|(i, m)| {
            let rest = &s[i + m.len()..];
            let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            (digits.len() == 4).then(|| digits.parse().ok()).flatten()
        })
        .collect()
}

/// `carry_over.texts`: each text the next period's draft kept from the previous report
/// (`previous.texts`, written by `chain::next`) that is still as it was there, until the
/// author edits it or confirms it ("Giữ nguyên", which takes it off the list).
fn kept_texts(_: &Kind, d: &Draft, _: &Params) -> Out {
    let list = format!("{}.texts", path::PREVIOUS);
    d.list(&list)
        .into_iter()
        .filter(|p| d.get(p).is_some() && d.get(p) == d.get(&format!("{}.fields.{p}", path::PREVIOUS)))
        .map(|p| {
            let message = format!(
                "Nội dung này giữ nguyên từ {}: sửa cho kỳ này, hoặc bấm “Giữ nguyên” nếu vẫn đúng.",
                text::lower_first(&crate::chain::previous_name(d))
            );
            (vec![p.to_string()], message, Map::new())
        })
        .collect()
}

/// `aggregate.units`: in a summary, each error the units' reports had when they were summed
/// (`kinds::aggregate` keeps them at `aggregate.unit_errors`), named by its unit, at the
/// first figure table the kind sums.
fn unit_errors(kind: &Kind, d: &Draft, _: &Params) -> Out {
    let Some(Value::Array(list)) = d.get(&format!("{}.unit_errors", path::AGGREGATE)) else { return Vec::new() };
    let at = kind.aggregate.first().map_or(path::AGGREGATE, |p| *p).to_string();
    list.iter()
        .map(|e| {
            let s = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or_default().trim().to_string();
            let mut values = Map::new();
            values.insert("unit".into(), s("unit").into());
            // A unit's row findings already start with its name.
            let (unit, message) = (s("unit"), s("message"));
            let said = if message.starts_with(&format!("{unit}:")) { message } else { format!("{unit}: {message}") };
            (vec![at.clone()], said, values)
        })
        .collect()
}

/// `aggregate.missing`: in a summary, each unit of the list of units that must report
/// (`aggregate.expected`) whose report was not summed.
fn missing_units(_: &Kind, d: &Draft, _: &Params) -> Out {
    let summed = format!("{}.units", path::AGGREGATE);
    if d.get(&summed).is_none() {
        return Vec::new();
    }
    let expected = format!("{}.expected", path::AGGREGATE);
    let list = d.list(&expected).join("\n");
    crate::chain::missing_units(&list, d)
        .into_iter()
        .map(|unit| {
            let mut values = Map::new();
            values.insert("unit".into(), unit.clone().into());
            (vec![expected.clone()], format!("Chưa có báo cáo của {unit} trong bản tổng hợp."), values)
        })
        .collect()
}

/// `carry_over`: with a linked previous report, each of the kind's carried-over figures
/// equals the previous report's open figure it comes from.
fn carry_over(kind: &Kind, d: &Draft, _: &Params) -> Out {
    if d.get(path::PREVIOUS).is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (from, to) in kind.carry_over {
        let Some(now) = d.count(to) else { continue };
        let before = crate::chain::previous_count(d, from).unwrap_or(0);
        if now == before {
            continue;
        }
        let mut values = Map::new();
        values.insert((*to).to_string(), now.into());
        values.insert(format!("{}.fields.{from}", path::PREVIOUS), before.into());
        out.push((
            vec![(*to).to_string()],
            format!(
                "{} ({}) khác {} của {} ({}).",
                capitalise(&crate::chain::short_label(kind, to)),
                text::group_thousands(now),
                text::lower_first(&crate::chain::short_label(kind, from)),
                crate::chain::previous_name(d),
                text::group_thousands(before)
            ),
            values,
        ));
    }
    out
}
