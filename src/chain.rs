//! A report in its chain: the next period's report started from this one, the link that lets
//! the checks compare the two, and the summary of units' reports a higher level writes.
//! Generic over kinds: what carries over and what adds up is the kind file's (`carry_over`,
//! `aggregate`).

use serde_json::{Map, Value};

use crate::frame::{path, Period, PeriodType};
use crate::kind::{FieldType, Kind, TOTAL_ROW, UNITS, UNIT_NAME};
use crate::model::Draft;
use crate::text;

/// The period after `p` among those the kind allows: quý II → quý III, quý IV → quý I of the
/// next year, năm 2025 → năm 2026; 6 tháng → 9 tháng or năm (there is no "6 tháng cuối năm"
/// report: the year's covers it); 9 tháng → năm.
pub fn next_period(kind: &Kind, p: Period) -> Period {
    let allows = |t: &str| kind.periods.iter().any(|(id, _)| *id == t);
    let (ty, year, number) = match p.ty {
        PeriodType::Month if p.number >= 12 => (PeriodType::Month, p.year + 1, 1),
        PeriodType::Month => (PeriodType::Month, p.year, p.number + 1),
        PeriodType::Quarter if p.number >= 4 => (PeriodType::Quarter, p.year + 1, 1),
        PeriodType::Quarter => (PeriodType::Quarter, p.year, p.number + 1),
        PeriodType::FirstHalf if allows("nine-months") => (PeriodType::NineMonths, p.year, 0),
        PeriodType::FirstHalf | PeriodType::NineMonths => (PeriodType::Annual, p.year, 0),
        PeriodType::Annual => (PeriodType::Annual, p.year + 1, 0),
    };
    Period { ty, year, number }
}

fn period_id(t: PeriodType) -> &'static str {
    match t {
        PeriodType::Month => "month",
        PeriodType::Quarter => "quarter",
        PeriodType::FirstHalf => "first-half",
        PeriodType::NineMonths => "nine-months",
        PeriodType::Annual => "annual",
    }
}

/// The link to `prev` that the next report keeps at `previous`: its period, number, date,
/// issuer and fields (without its own link, so a chain does not grow).
pub fn link(prev: &Draft) -> Value {
    let mut fields = prev.fields.clone();
    fields.remove(path::PREVIOUS);
    let mut m = Map::new();
    m.insert("number".into(), prev.text(path::NUMBER).trim().into());
    m.insert("symbol".into(), prev.text(path::SYMBOL).trim().into());
    m.insert("date".into(), prev.text(path::DATE).trim().into());
    m.insert("issuer".into(), prev.text(path::ISSUER_NAME).trim().into());
    m.insert("fields".into(), Value::Object(fields));
    Value::Object(m)
}

/// Link `d` to the previous period's draft `prev` (as `--previous FILE` does).
pub fn link_previous(d: &mut Draft, prev: &Draft) {
    d.set(path::PREVIOUS, link(prev));
}

/// A figure of the linked previous report.
pub fn previous_count(d: &Draft, figure: &str) -> Option<u64> {
    d.count(&format!("{}.fields.{figure}", path::PREVIOUS))
}

/// How the previous report is named in messages: `Báo cáo số 12/BC-UBND ngày 20/9/2026`
/// (`Báo cáo kỳ trước` when it has no number yet).
pub fn previous_name(d: &Draft) -> String {
    let p = path::PREVIOUS;
    let number = d.text(&format!("{p}.number")).trim();
    let symbol = d.text(&format!("{p}.symbol")).trim();
    let mut s = if number.is_empty() {
        "báo cáo kỳ trước".to_string()
    } else {
        format!("Báo cáo số {number}/{symbol}")
    };
    if let Some(date) = text::parse_iso_date(d.text(&format!("{p}.date"))) {
        s.push_str(&format!(" ngày {}", text::date_short(date)));
    }
    s
}

/// A figure's name without its table's: `Tranh chấp đất đai — kỳ trước chuyển sang` for a
/// cell, the label for a field.
pub fn short_label(kind: &Kind, figure: &str) -> String {
    for (table, t) in kind.tables() {
        let Some(rest) = figure.strip_prefix(table).and_then(|r| r.strip_prefix('.')) else { continue };
        let (row, col) = rest.rsplit_once('.').unwrap_or((rest, ""));
        let row = t.rows.iter().find(|r| r.id == row).map_or(row.to_string(), |r| r.label.to_string());
        let col = t.col(col).map_or(col.to_string(), |c| text::lower_first(c.label));
        return format!("{row} — {col}");
    }
    kind.label_of(figure)
}

/// Every figure path of a kind in a draft: counts and table cells (not the period's year
/// and number, which are the frame's).
fn figures(kind: &Kind, d: &Draft) -> Vec<String> {
    let mut out = Vec::new();
    for (_, f) in kind.fields() {
        match &f.ty {
            FieldType::Count if f.path == path::PERIOD_YEAR || f.path == path::PERIOD_NUMBER => {}
            FieldType::Count => out.push(f.path.to_string()),
            FieldType::Table(t) => {
                for (row, _) in t.row_paths(f.path, d) {
                    out.extend(t.cols.iter().filter(|c| !c.text).map(|c| format!("{row}.{}", c.id)));
                }
            }
            _ => {}
        }
    }
    out
}

/// The texts of the draft that the next report keeps (paths of non-empty text fields and
/// lists), which the form marks as taken from the previous period until edited or confirmed.
fn kept_texts(kind: &Kind, d: &Draft) -> Vec<String> {
    kind.fields()
        .filter(|(_, f)| matches!(f.ty, FieldType::Text | FieldType::Paragraphs | FieldType::Items))
        .filter(|(_, f)| !d.is_empty(f.path))
        .filter(|(_, f)| ![path::TITLE, path::CLOSING, path::CC, path::TO, path::ISSUER].contains(&f.path))
        .map(|(_, f)| f.path.to_string())
        .collect()
}

/// "Báo cáo kỳ tiếp theo": the next period's draft, started from `d`. The period advances,
/// the number and date are cleared, the figures are emptied, the kind's carry-over figures are
/// filled from this report's open ones, the texts are kept (listed at `previous.texts` for the
/// form to mark), and the new draft links this one.
pub fn next(kind: &Kind, d: &Draft) -> Draft {
    let mut n = d.clone();
    n.fields.remove(path::PREVIOUS);
    // A summary's units, their texts and errors are this period's; the list of the units
    // that must report is kept.
    for k in ["units", "material", "unit_errors"] {
        n.remove(&format!("{}.{k}", path::AGGREGATE));
    }
    // Figures emptied, and the notes of the tables with them.
    for f in figures(kind, d) {
        n.remove(&f);
    }
    for (table, t) in kind.tables() {
        for (row, _) in t.row_paths(table, d) {
            for c in t.cols.iter().filter(|c| c.text) {
                n.remove(&format!("{row}.{}", c.id));
            }
        }
    }
    if let Some(p) = Period::of(d) {
        let np = next_period(kind, p);
        n.set(path::PERIOD_TYPE, Value::from(period_id(np.ty)));
        n.set(path::PERIOD_YEAR, Value::from(np.year));
        if np.number > 0 {
            n.set(path::PERIOD_NUMBER, Value::from(np.number));
        } else {
            n.remove(path::PERIOD_NUMBER);
        }
    }
    n.set(path::NUMBER, Value::from(""));
    n.set(path::DATE, Value::from(""));
    for (from, to) in kind.carry_over {
        // An empty open figure carries as 0 once the row has figures (nothing open).
        let row_has = |p: &str| p.rsplit_once('.').is_some_and(|(row, _)| d.get(row).is_some_and(|v| !v.is_null()));
        match d.count(from) {
            Some(v) => n.set(to, Value::from(v)),
            None if row_has(from) => n.set(to, Value::from(0)),
            None => {}
        }
    }
    let mut link = link(d);
    link["texts"] = Value::from(kept_texts(kind, d));
    n.set(path::PREVIOUS, link);
    n
}

/// `tăng 12 lượt (10,8 %)`, `giảm 3 vụ việc (5,0 %)`, `bằng` (kỳ trước): the change of a
/// figure against the linked previous report; `None` without both values.
pub fn change(d: &Draft, figure: &str, unit: &str) -> Option<String> {
    let now = d.count(figure)?;
    let before = previous_count(d, figure)?;
    let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
    let diff = now.abs_diff(before);
    if diff == 0 {
        return Some("bằng".into());
    }
    let word = if now > before { "tăng" } else { "giảm" };
    let pct = match (diff * 1000 + before / 2).checked_div(before) {
        None => String::new(),
        Some(tenths) => format!(" ({},{} %)", text::group_thousands(tenths / 10), tenths % 10),
    };
    Some(format!("{word} {}{unit}{pct}", text::group_thousands(diff)))
}

/// One figure compared: (path, label, previous, now).
pub type Compared = (String, String, Option<u64>, Option<u64>);

/// Each figure of the draft against the linked previous report (the comparison view).
pub fn compare(kind: &Kind, d: &Draft) -> Vec<Compared> {
    figures(kind, d)
        .into_iter()
        .map(|f| {
            let label = kind.label_of(&f);
            let (before, now) = (previous_count(d, &f), d.count(&f));
            (f, label, before, now)
        })
        .filter(|(_, _, b, n)| b.is_some() || n.is_some())
        .collect()
}

/// The comparison view's lines: with a linked previous report, each figure of either,
/// `Tiếp công dân — tổng số lượt tiếp: kỳ trước 112, kỳ này 124 (tăng 12, 10,7 %)`. Empty
/// without a link.
pub fn compared(kind: &Kind, d: &Draft) -> Vec<String> {
    if d.get(path::PREVIOUS).is_none() {
        return Vec::new();
    }
    let num = |v: Option<u64>| v.map_or("—".to_string(), text::group_thousands);
    compare(kind, d)
        .into_iter()
        .map(|(f, label, before, now)| {
            let change = match change(d, &f, "") {
                Some(c) if c == "bằng" => " (bằng kỳ trước)".to_string(),
                Some(c) => format!(" ({})", c.replacen(" (", ", ", 1).trim_end_matches(')')),
                None => String::new(),
            };
            format!("{label}: kỳ trước {}, kỳ này {}{change}", num(before), num(now))
        })
        .collect()
}

/// Why a unit's report was left out of a summary, or what is odd about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The unit's file or name.
    pub unit: String,
    pub message: String,
    /// Left out of the sums.
    pub refused: bool,
}

/// "Tổng hợp báo cáo đơn vị": the summary of `units` (name of the file or unit, draft) for
/// the higher level, in a draft started from `base` (its letterhead, texts and period).
/// Tables the kind aggregates: a table with one row per unit gets a row per unit report (its
/// Tổng) and a Tổng of them; a table of fixed rows and the figures are summed cell by cell.
/// Units of another kind or period are refused, a unit named twice is flagged and counted
/// once; the units' texts are kept beside the report at `aggregate.material`.
pub fn aggregate(kind: &Kind, base: &Draft, units: &[(String, Draft)]) -> (Draft, Vec<Notice>) {
    let mut notices = Vec::new();
    let mut out = base.clone();
    out.fields.remove(path::PREVIOUS);
    let period = Period::of(base);
    let mut taken: Vec<(String, &Draft)> = Vec::new();
    for (file, u) in units {
        let name = match u.text(path::ISSUER_NAME).trim() {
            "" => file.clone(),
            n => n.to_string(),
        };
        let notice = |message: String, refused: bool| Notice { unit: file.clone(), message, refused };
        if u.kind != kind.id {
            notices.push(notice(
                format!("{file}: báo cáo loại “{}”, không phải “{}”; không cộng.", u.kind, kind.name),
                true,
            ));
            continue;
        }
        if Period::of(u) != period {
            let said = Period::of(u).map_or("chưa rõ kỳ".to_string(), |p| p.phrase());
            let want = period.map_or("chưa rõ kỳ".to_string(), |p| p.phrase());
            notices.push(notice(format!("{file}: báo cáo {said}, không phải {want}; không cộng."), true));
            continue;
        }
        if let Some((first, _)) = taken.iter().find(|(n, _)| *n == name) {
            let _ = first;
            notices.push(notice(format!("{name} có hai báo cáo (tệp {file} là bản thứ hai); chỉ cộng bản đầu."), true));
            continue;
        }
        taken.push((name, u));
    }
    for agg in kind.aggregate {
        match kind.field(agg).map(|f| &f.ty) {
            Some(FieldType::Table(t)) if t.units => {
                out.remove(agg);
                let mut total: Vec<u64> = vec![0; t.cols.len()];
                let mut any = vec![false; t.cols.len()];
                for (i, (name, u)) in taken.iter().enumerate() {
                    let row = format!("{agg}.{UNITS}.{i}");
                    out.set(&format!("{row}.{UNIT_NAME}"), Value::from(name.as_str()));
                    for (j, c) in t.cols.iter().enumerate().filter(|(_, c)| !c.text) {
                        if let Some(v) = u.count(&format!("{agg}.{TOTAL_ROW}.{}", c.id)) {
                            out.set(&format!("{row}.{}", c.id), Value::from(v));
                            total[j] += v;
                            any[j] = true;
                        }
                    }
                }
                for (j, c) in t.cols.iter().enumerate().filter(|(j, c)| !c.text && any[*j]) {
                    out.set(&format!("{agg}.{TOTAL_ROW}.{}", c.id), Value::from(total[j]));
                }
            }
            Some(FieldType::Table(t)) => {
                out.remove(agg);
                for r in t.rows {
                    for c in t.cols.iter().filter(|c| !c.text) {
                        let cell = format!("{agg}.{}.{}", r.id, c.id);
                        sum_into(&mut out, &cell, taken.iter().map(|(_, u)| u.count(&cell)));
                    }
                }
            }
            Some(FieldType::Count) => {
                out.remove(agg);
                sum_into(&mut out, agg, taken.iter().map(|(_, u)| u.count(agg)));
            }
            _ => {}
        }
    }
    // The units' texts as material beside the report (not summed into it).
    let mut material = Vec::new();
    for (name, u) in &taken {
        for (_, f) in kind.fields().filter(|(_, f)| matches!(f.ty, FieldType::Text | FieldType::Paragraphs)) {
            let texts: Vec<String> = match f.ty {
                FieldType::Text => vec![u.text(f.path).trim().to_string()],
                _ => u.list(f.path).into_iter().map(|s| s.trim().to_string()).collect(),
            };
            for t in texts.into_iter().filter(|t| !t.is_empty()) {
                let mut m = Map::new();
                m.insert("unit".into(), Value::from(name.as_str()));
                m.insert("field".into(), Value::from(f.path));
                m.insert("text".into(), Value::from(t));
                material.push(Value::Object(m));
            }
        }
    }
    let names: Vec<Value> = taken.iter().map(|(n, _)| Value::from(n.as_str())).collect();
    out.set(&format!("{}.units", path::AGGREGATE), Value::Array(names));
    out.set(&format!("{}.material", path::AGGREGATE), Value::Array(material));
    (out, notices)
}

fn sum_into(out: &mut Draft, cell: &str, values: impl Iterator<Item = Option<u64>>) {
    let mut any = false;
    let mut sum = 0;
    for v in values.flatten() {
        any = true;
        sum += v;
    }
    if any {
        out.set(cell, Value::from(sum));
    }
}

/// The units of `expected` (one name a line) that are not among the summed ones.
pub fn missing_units(expected: &str, summed: &Draft) -> Vec<String> {
    let have: Vec<String> =
        summed.list(&format!("{}.units", path::AGGREGATE)).iter().map(|s| text::lower(s.trim())).collect();
    expected
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| !have.contains(&text::lower(l)))
        .map(str::to_string)
        .collect()
}
