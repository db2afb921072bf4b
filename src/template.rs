//! Sentence templates: how a kind turns figures and fields into text.
//!
//! - `{path}` inserts the field at `path`; `{path|filter}` formats it first. Filters:
//!   `count` (01–09 padded, `1.234` grouped), `date` (`15/3/2021`), `date_long`
//!   (`ngày 05 tháng 01 năm 2022`), `upper`, `citations` (a list of cited documents).
//! - `{a+b+c|count}` inserts the sum of the figures at `a`, `b` and `c`.
//! - `{path|change:lượt}`: the figure against the linked previous report, `tăng 12 lượt
//!   (10,8 %)`, `giảm 3 lượt (2,5 %)`, `bằng` (`crate::chain::change`).
//! - `{$period}` / `{$next_period}`: `năm 2021` / `năm 2022`, `quý III năm 2026` / `quý IV năm 2026`, … (`frame::Period`).
//! - `{$window}`: the data window, `từ ngày 15/12/2025 đến ngày 14/9/2026`.
//! - In a row template, `{.col}` is the row's cell `table.row.col` and `{@word}` the row's word.
//! - `[ … ]` is kept only when every placeholder directly inside it has a value that is
//!   neither empty nor zero; `[!path …]` is kept only when the figure at `path` is 0.
//! - `*…*` marks italics, as in any text field.
//! - Outside a group, a placeholder with no value prints as `…`.

use crate::kind::{Axis, Period};
use crate::model::Draft;
use crate::text;

/// What a template reads.
pub struct Ctx<'a> {
    pub draft: &'a Draft,
    pub period: Option<Period>,
    /// For row templates: the table path and the row.
    pub row: Option<(&'a str, &'a Axis)>,
}

impl<'a> Ctx<'a> {
    pub fn new(draft: &'a Draft) -> Self {
        Ctx { draft, period: Period::of(draft), row: None }
    }

    fn path(&self, p: &str) -> String {
        match (p.strip_prefix('.'), self.row) {
            (Some(col), Some((table, row))) => format!("{table}.{}.{col}", row.id),
            _ => p.to_string(),
        }
    }

    /// The value of one placeholder: `None` when empty; the flag is true for a zero figure.
    fn resolve(&self, expr: &str) -> (Option<String>, bool) {
        let (name, filter) = match expr.split_once('|') {
            Some((n, f)) => (n.trim(), f.trim()),
            None => (expr.trim(), ""),
        };
        let raw = match name {
            "$period" => self.period.map(|p| p.phrase()),
            "$next_period" => self.period.map(|p| p.next_phrase()),
            "$window" => self.period.and_then(|p| p.window()),
            "@word" => self.row.map(|(_, r)| r.word.to_string()),
            _ => None,
        };
        if let Some(v) = raw {
            return (Some(apply_text_filter(&v, filter)), false);
        }
        if name.starts_with('$') || name.starts_with('@') {
            return (None, false);
        }
        let d = self.draft;
        if name.contains('+') {
            // A sum of figures: `{t.c6+t.c15+t.c24|count}`.
            let parts: Option<Vec<u64>> = name.split('+').map(|p| d.count(&self.path(p.trim()))).collect();
            return match parts {
                Some(v) => {
                    let n: u64 = v.iter().sum();
                    (Some(if filter == "count" { text::count(n) } else { n.to_string() }), n == 0)
                }
                None => (None, false),
            };
        }
        let path = self.path(name);
        match filter {
            "count" => match d.count(&path) {
                Some(n) => (Some(text::count(n)), n == 0),
                None => (None, false),
            },
            "date" => (d.date(&path).map(text::date_short), false),
            f if f == "change" || f.starts_with("change:") => {
                let unit = f.strip_prefix("change:").unwrap_or("").trim();
                (crate::chain::change(d, &path, unit), false)
            }
            "date_long" => (d.date(&path).map(text::date_long), false),
            "citations" => {
                let s = citations(d, &path);
                ((!s.is_empty()).then_some(s), false)
            }
            f => {
                let t = d.text(&path).trim();
                ((!t.is_empty()).then(|| apply_text_filter(t, f)), false)
            }
        }
    }
}

fn apply_text_filter(s: &str, filter: &str) -> String {
    match filter {
        "upper" => text::upper(s),
        "sentence" if !s.ends_with(['.', '!', '?', '…']) => format!("{s}."),
        _ => s.to_string(),
    }
}

/// `Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ về …; Quyết định số …`
pub fn citations(d: &Draft, path: &str) -> String {
    let mut out = Vec::new();
    for i in 0..d.len(path) {
        let f = |c: &str| d.text(&format!("{path}.{i}.{c}")).trim().to_string();
        let (ty, number, issuer, subject) = (f("type"), f("number"), f("issuer"), f("subject"));
        if ty.is_empty() && number.is_empty() && subject.is_empty() {
            continue;
        }
        let mut s = ty;
        if !number.is_empty() {
            s.push_str(" số ");
            s.push_str(&number);
        }
        if let Some(date) = d.date(&format!("{path}.{i}.date")) {
            s.push_str(" ngày ");
            s.push_str(&text::date_short(date));
        }
        if !issuer.is_empty() {
            s.push_str(" của ");
            s.push_str(&issuer);
        }
        if !subject.is_empty() {
            s.push(' ');
            s.push_str(&subject);
        }
        out.push(s.trim().to_string());
    }
    out.join("; ")
}

/// Fill a template.
pub fn render(template: &str, ctx: &Ctx) -> String {
    let chars: Vec<char> = template.chars().collect();
    let mut pos = 0;
    let (out, _) = eval(&chars, &mut pos, ctx, false);
    out
}

/// Evaluate until the end or a closing `]` (when `in_group`). Returns the text and whether
/// every placeholder met had a non-empty, non-zero value.
fn eval(chars: &[char], pos: &mut usize, ctx: &Ctx, in_group: bool) -> (String, bool) {
    let mut out = String::new();
    let mut all_present = true;
    while *pos < chars.len() {
        let c = chars[*pos];
        *pos += 1;
        match c {
            ']' if in_group => return (out, all_present),
            '[' => {
                let zero_test = if chars.get(*pos) == Some(&'!') {
                    *pos += 1;
                    let start = *pos;
                    while *pos < chars.len() && !chars[*pos].is_whitespace() && chars[*pos] != ']' {
                        *pos += 1;
                    }
                    let path: String = chars[start..*pos].iter().collect();
                    if chars.get(*pos) == Some(&' ') {
                        *pos += 1; // the one space that ends the path
                    }
                    Some(ctx.draft.count(&ctx.path(&path)) == Some(0))
                } else {
                    None
                };
                let (inner, present) = eval(chars, pos, ctx, true);
                let keep = zero_test.unwrap_or(present);
                if keep {
                    out.push_str(&inner);
                }
            }
            '{' => {
                let start = *pos;
                while *pos < chars.len() && chars[*pos] != '}' {
                    *pos += 1;
                }
                let expr: String = chars[start..*pos].iter().collect();
                *pos += 1; // the closing brace
                let (value, zero) = ctx.resolve(&expr);
                if value.is_none() || zero {
                    all_present = false;
                }
                // Outside a group a missing value shows as "…", so the gap is visible.
                out.push_str(value.as_deref().unwrap_or(if in_group { "" } else { "…" }));
            }
            c => out.push(c),
        }
    }
    (out, all_present)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn draft() -> Draft {
        let mut d = Draft::new("k");
        d.set("period.type", json!("annual"));
        d.set("period.year", json!(2021));
        d.set("f.a", json!(4));
        d.set("f.z", json!(0));
        d.set("f.t", json!("chữ"));
        d
    }

    #[test]
    fn placeholders_and_groups() {
        let d = draft();
        let c = Ctx::new(&d);
        assert_eq!(render("{$period} → {$next_period|upper}", &c), "năm 2021 → NĂM 2022");
        assert_eq!(render("Số liệu tính {$window}.", &c), "Số liệu tính từ ngày 15/12/2020 đến ngày 14/12/2021.");
        assert_eq!(render("x[ (có {f.a|count} vụ)]", &c), "x (có 04 vụ)");
        assert_eq!(render("x[ (có {f.z|count} vụ)]", &c), "x");
        assert_eq!(render("x[ (có {f.none|count} vụ)]", &c), "x");
        assert_eq!(render("x[!f.z  (không có)][!f.a  (không)]", &c), "x (không có)");
        assert_eq!(render("[a {f.a|count}[ b {f.z|count}]]", &c), "a 04");
        assert_eq!(render("{f.t}", &c), "chữ");
        assert_eq!(render("{f.a+f.z+f.a|count}", &c), "08");
        assert_eq!(render("x[ {f.z+f.z|count}]", &c), "x");
        assert_eq!(render("{f.a+f.none|count}", &c), "…");
    }
}
