//! Reading the `rules` of a kind file into [`Rule`]s. Arithmetic is declared (`sum`, `chain`,
//! `at_most`, `required_if`, over one row or in every row of a table with `each_row`, the Tổng
//! row with `total_row`, a table's MS relations with `ms_relations`); everything else is a
//! named check of the [`super::LIBRARY`], switched on with `check`. Every problem is one
//! Vietnamese sentence naming its place, as for the rest of the file.

use serde_json::{Map, Value};

use super::{library, Fig, Params, Rule, Severity, Test, LIBRARY};
use crate::kind::file::Problem;
use crate::kind::{FieldType, FigureTable, Kind};
use crate::text;

/// The keys a rule may have besides its test's.
const COMMON: &[&str] = &["id", "severity", "description", "each_row", "rows", "message", "unit", "why"];
/// The tests of a declared rule.
pub const TESTS: &[&str] = &["sum", "chain", "at_most", "required_if", "total_row", "ms_relations", "check"];

/// Read the `rules` list of a kind file.
pub fn read(kind: &Kind, v: Option<&Value>) -> Result<Vec<Rule>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut rules = Vec::new();
    let list = match v {
        None => &[][..],
        Some(Value::Array(a)) => a,
        Some(_) => return Err(vec![Problem::new("rules", "“rules” phải là một danh sách […] các quy tắc.")]),
    };
    for (i, r) in list.iter().enumerate() {
        let at = format!("rules[{i}]");
        match read_rule(kind, r, &at) {
            Ok(mut rs) => rules.append(&mut rs),
            Err(mut p) => problems.append(&mut p),
        }
    }
    for (i, r) in rules.iter().enumerate() {
        if rules[..i].iter().any(|q| q.id == r.id) {
            problems.push(Problem::new("rules", format!("Mã quy tắc “{}” dùng hai lần.", r.id)));
        }
    }
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(problems)
    }
}

fn bad(at: &str, m: impl Into<String>) -> Vec<Problem> {
    vec![Problem::new(at, m)]
}

fn str_of<'v>(m: &'v Map<String, Value>, key: &str) -> &'v str {
    m.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A row of a table the family runs over: its id and the words a rule may quote.
struct Row {
    id: String,
    word: String,
    label: String,
}

/// `{@row}`, `{@word}`, `{@label}` of a fixed row.
fn subst(s: &str, row: Option<&Row>) -> String {
    match row {
        Some(r) => s.replace("{@row}", &r.id).replace("{@word}", &r.word).replace("{@label}", &r.label),
        None => s.to_string(),
    }
}

fn read_rule(kind: &Kind, v: &Value, at: &str) -> Result<Vec<Rule>, Vec<Problem>> {
    let Some(m) = v.as_object() else {
        return Err(bad(at, "Mỗi quy tắc là một đối tượng {…}."));
    };
    let tests: Vec<&str> = TESTS.iter().copied().filter(|t| m.contains_key(*t)).collect();
    let test = match tests.as_slice() {
        [t] => *t,
        [] => return Err(bad(at, format!("Quy tắc chưa nói kiểm tra gì: cần một trong các khóa {}.", quote(TESTS)))),
        many => return Err(bad(at, format!("Một quy tắc chỉ có một phép kiểm tra; ở đây có {}.", quote(many)))),
    };
    if test == "check" {
        return read_library(m, at).map(|r| vec![r]);
    }
    let allowed: Vec<&str> = COMMON.iter().copied().chain([test]).collect();
    for k in m.keys() {
        if !allowed.contains(&k.as_str()) && k != "$comment" {
            return Err(bad(
                &format!("{at}.{k}"),
                format!("Khóa “{k}” không dùng trong quy tắc “{test}”; các khóa dùng được: {}.", quote(&allowed)),
            ));
        }
    }
    let severity = severity(m, at, Severity::Error)?;
    let id = str_of(m, "id");
    if id.is_empty() {
        return Err(bad(at, "Quy tắc cần “id” (mã, ví dụ “reception.visits.sum”)."));
    }
    let description = str_of(m, "description");
    if description.is_empty() {
        return Err(bad(at, "Quy tắc cần “description” (nó kiểm tra gì, cho bảng quy tắc)."));
    }
    if matches!(test, "total_row" | "ms_relations") {
        let table = str_of(m, test);
        let t = table_of(kind, table, &format!("{at}.{test}"))?;
        if test == "total_row" && !t.units {
            return Err(bad(
                &format!("{at}.{test}"),
                format!("Bảng “{table}” không có dòng theo đơn vị nên không có dòng Tổng."),
            ));
        }
        if test == "ms_relations" && !t.cols.iter().any(|c| !c.sum_of.is_empty()) {
            return Err(bad(&format!("{at}.{test}"), format!("Bảng “{table}” chưa có cột nào khai báo “sum_of”.")));
        }
        let table = table.to_string();
        let test = if test == "total_row" { Test::TotalRow { table } } else { Test::MsRelations { table } };
        return Ok(vec![Rule::new(id, severity, description, test)]);
    }
    // A family over the rows of a table, or one rule.
    let family = m.get("each_row").and_then(Value::as_str);
    let Some(table_path) = family else {
        if m.contains_key("each_row") {
            return Err(bad(&format!("{at}.each_row"), "“each_row” là đường dẫn của một bảng số liệu."));
        }
        let test = read_test(kind, m, test, at, None, None)?;
        return Ok(vec![Rule::new(id, severity, description, test)]);
    };
    let t = table_of(kind, table_path, &format!("{at}.each_row"))?;
    if t.units {
        // Rows known only from the draft: one rule that runs in every row.
        let inner = read_test(kind, m, test, at, Some(t), None)?;
        let test = Test::EachRow { table: table_path.to_string(), test: Box::new(inner) };
        return Ok(vec![Rule::new(id, severity, description, test)]);
    }
    // Fixed rows: a rule per row, its id and words with the row's.
    let wanted: Option<Vec<&str>> =
        m.get("rows").and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).collect());
    let mut out = Vec::new();
    for r in t.rows {
        if wanted.as_ref().is_some_and(|w| !w.contains(&r.id)) {
            continue;
        }
        let row = Row { id: r.id.to_string(), word: r.word.to_string(), label: r.label.to_string() };
        let test = read_test(kind, m, test, at, Some(t), Some((&row, table_path)))?;
        out.push(Rule::new(subst(id, Some(&row)), severity, subst(description, Some(&row)), test));
    }
    if let Some(w) = wanted {
        for id in w {
            if !t.rows.iter().any(|r| r.id == id) {
                return Err(bad(&format!("{at}.rows"), format!("Bảng “{table_path}” không có dòng “{id}”.")));
            }
        }
    }
    Ok(out)
}

fn quote(items: &[&str]) -> String {
    items.iter().map(|s| format!("“{s}”")).collect::<Vec<_>>().join(", ")
}

fn severity(m: &Map<String, Value>, at: &str, default: Severity) -> Result<Severity, Vec<Problem>> {
    match m.get("severity") {
        None => Ok(default),
        Some(v) => v.as_str().and_then(Severity::from_id).ok_or_else(|| {
            bad(&format!("{at}.severity"), "Mức độ là “error” (lỗi), “warning” (cảnh báo) hoặc “info” (lưu ý).")
        }),
    }
}

fn table_of<'k>(kind: &'k Kind, path: &str, at: &str) -> Result<&'k FigureTable, Vec<Problem>> {
    match kind.field(path).map(|f| &f.ty) {
        Some(FieldType::Table(t)) => Ok(t),
        Some(_) => Err(bad(at, format!("Trường “{path}” không phải bảng số liệu."))),
        None => Err(bad(at, format!("Mẫu báo cáo không có bảng số liệu “{path}”."))),
    }
}

fn read_library(m: &Map<String, Value>, at: &str) -> Result<Rule, Vec<Problem>> {
    let name = str_of(m, "check");
    let Some(c) = library(name) else {
        let names: Vec<&str> = LIBRARY.iter().map(|c| c.name).collect();
        return Err(bad(
            &format!("{at}.check"),
            format!("Thư viện không có phép kiểm tra “{name}”; các phép có: {}.", quote(&names)),
        ));
    };
    let mut params = Params::new();
    for (k, v) in m {
        match k.as_str() {
            "check" | "$comment" => {}
            "id" | "severity" | "description" => {}
            p if c.params.contains(&p) => {
                params.insert(k.clone(), v.clone());
            }
            _ => {
                let mut allowed = vec!["check", "id", "severity", "description"];
                allowed.extend_from_slice(c.params);
                return Err(bad(
                    &format!("{at}.{k}"),
                    format!("Phép kiểm tra “{name}” không nhận khóa “{k}”; các khóa dùng được: {}.", quote(&allowed)),
                ));
            }
        }
    }
    let severity = severity(m, at, c.severity)?;
    let id = match str_of(m, "id") {
        "" => name,
        id => id,
    };
    let description = match str_of(m, "description") {
        "" => c.description,
        d => d,
    };
    let mut rule = Rule::new(id, severity, description, Test::Custom(c.test, params));
    rule.cells = c.reads_cells();
    Ok(rule)
}

/// A figure of a rule: a path (`reception.figures.total.visits`), or in a family a column
/// (`.visits`, or `[4]` by its MS number); as a string or `{"path": …, "label": …}`.
fn read_fig(
    kind: &Kind,
    v: &Value,
    at: &str,
    table: Option<&FigureTable>,
    row: Option<(&Row, &str)>,
) -> Result<Fig, Vec<Problem>> {
    let (raw, label) = match v {
        Value::String(s) => (s.as_str(), ""),
        Value::Object(o) => (str_of(o, "path"), str_of(o, "label")),
        _ => return Err(bad(at, "Mỗi số liệu của quy tắc là một đường dẫn, hoặc {\"path\": …, \"label\": …}.")),
    };
    let raw = raw.trim();
    // A column of the family's table.
    let col = if let Some(ms) = raw.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        let Some(t) = table else {
            return Err(bad(at, format!("“{raw}” (cột theo số MS) chỉ dùng trong quy tắc có “each_row”.")));
        };
        let c = ms.parse::<u32>().ok().and_then(|n| t.col_by_ms(n));
        Some(c.ok_or_else(|| bad(at, format!("Bảng không có cột MS {ms}.")))?)
    } else if let Some(id) = raw.strip_prefix('.') {
        let Some(t) = table else {
            return Err(bad(at, format!("“{raw}” (cột của dòng) chỉ dùng trong quy tắc có “each_row”.")));
        };
        Some(t.col(id).ok_or_else(|| bad(at, format!("Bảng không có cột “{id}”.")))?)
    } else {
        None
    };
    if let Some(c) = col {
        if c.text {
            return Err(bad(at, format!("Cột “{}” là cột chữ, không phải số liệu.", c.label)));
        }
        let label = if label.is_empty() {
            if c.ms > 0 {
                format!("[{}] {}", c.ms, text::lower_first(c.label))
            } else {
                text::lower_first(c.label)
            }
        } else {
            subst(label, row.map(|(r, _)| r))
        };
        let path = match row {
            Some((r, table_path)) => format!("{table_path}.{}.{}", r.id, c.id),
            None => format!(".{}", c.id),
        };
        return Ok(Fig { path, label });
    }
    let path = subst(raw, row.map(|(r, _)| r));
    let is_figure = matches!(kind.field(&path).map(|f| &f.ty), Some(FieldType::Count))
        || kind.tables().any(|(p, t)| {
            path.strip_prefix(p).and_then(|r| r.strip_prefix('.')).is_some_and(|rest| {
                let mut it = rest.rsplitn(2, '.');
                let col = it.next().unwrap_or("");
                t.col(col).is_some_and(|c| !c.text)
            })
        });
    if !is_figure {
        return Err(bad(
            at,
            format!("“{path}” không phải số liệu của mẫu báo cáo (trường kiểu “count” hoặc ô của bảng)."),
        ));
    }
    let label =
        if label.is_empty() { text::lower_first(&kind.label_of(&path)) } else { subst(label, row.map(|(r, _)| r)) };
    Ok(Fig { path, label })
}

fn figs(
    kind: &Kind,
    v: Option<&Value>,
    at: &str,
    table: Option<&FigureTable>,
    row: Option<(&Row, &str)>,
) -> Result<Vec<Fig>, Vec<Problem>> {
    let Some(Value::Array(a)) = v else {
        return Err(bad(at, "Cần một danh sách […] các số liệu."));
    };
    if a.is_empty() {
        return Err(bad(at, "Danh sách số liệu không được rỗng."));
    }
    a.iter().enumerate().map(|(i, f)| read_fig(kind, f, &format!("{at}[{i}]"), table, row)).collect()
}

fn read_test(
    kind: &Kind,
    m: &Map<String, Value>,
    test: &str,
    at: &str,
    table: Option<&FigureTable>,
    row: Option<(&Row, &str)>,
) -> Result<Test, Vec<Problem>> {
    let tat = format!("{at}.{test}");
    let body = m.get(test).unwrap_or(&Value::Null);
    let part = |key: &str| -> Result<Fig, Vec<Problem>> {
        match body.get(key) {
            Some(v) => read_fig(kind, v, &format!("{tat}.{key}"), table, row),
            None => Err(bad(&tat, format!("Thiếu “{key}”."))),
        }
    };
    let unit = subst(str_of(m, "unit"), row.map(|(r, _)| r));
    let message = subst(str_of(m, "message"), row.map(|(r, _)| r));
    match test {
        "sum" => Ok(Test::Sum {
            total: part("total")?,
            parts: figs(kind, body.get("parts"), &format!("{tat}.parts"), table, row)?,
            unit,
            message,
        }),
        "at_most" => Ok(Test::AtMost {
            small: part("small")?,
            big: part("big")?,
            why: subst(str_of(m, "why"), row.map(|(r, _)| r)),
            message,
        }),
        "required_if" => Ok(Test::RequiredIf { field: part("field")?, when: part("when")?, message }),
        "chain" => {
            let Value::Array(groups) = body else {
                return Err(bad(
                    &tat,
                    "“chain” là danh sách các nhóm, ví dụ [[\"[9]\"], [\"[11]\", \"[12]\", \"[13]\"]].",
                ));
            };
            if groups.len() < 2 {
                return Err(bad(&tat, "Một chuỗi bằng nhau cần ít nhất hai nhóm."));
            }
            let groups = groups
                .iter()
                .enumerate()
                .map(|(i, g)| figs(kind, Some(g), &format!("{tat}[{i}]"), table, row))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Test::Chain { groups, unit })
        }
        _ => Err(bad(&tat, format!("“{test}” không dùng được ở đây."))),
    }
}
