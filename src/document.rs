//! The finished document, independent of any output format: what the preview, the .docx and
//! the plain-text renderers all draw. Built from a draft by its kind's layout.

use serde::Serialize;
use time::Date;

use crate::frame::path;
use crate::kind::{Axis, Block, FieldType, FigureTable, Kind, Level, Period};
use crate::model::Draft;
use crate::template::{self, Ctx};
use crate::text::{self, Run};

/// Quốc hiệu.
pub const NATIONAL_TITLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// Tiêu ngữ.
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
/// Room left for the registration number while it is blank.
const BLANK: &str = "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ParaStyle {
    Heading(Level),
    Body,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Para {
    pub style: ParaStyle,
    pub runs: Vec<Run>,
    /// The draft field this paragraph comes from (the preview links back to it).
    pub field: Option<String>,
}

impl Para {
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Document {
    /// Tên cơ quan chủ quản (may be empty).
    pub parent: String,
    /// Tên cơ quan ban hành, one line each, capitals.
    pub issuer: Vec<String>,
    /// `Số: 123/BC-UBND`.
    pub number_line: String,
    /// `Bình Sơn, ngày 05 tháng 01 năm 2022`.
    pub place_date: String,
    /// The issue date (ngày ban hành) when the draft has one: the .docx dates its core
    /// properties with it.
    #[serde(skip)]
    pub issued: Option<Date>,
    /// Tên loại: `BÁO CÁO`.
    pub doc_type: String,
    /// Trích yếu.
    pub title: String,
    /// Kính gửi lines.
    pub to: Vec<String>,
    pub body: Vec<Para>,
    /// Nơi nhận lines, `- …` each.
    pub cc: Vec<String>,
    /// Quyền hạn and chức vụ lines, capitals.
    pub signature: Vec<String>,
    /// Signer's name.
    pub signer: String,
    /// Suggested file name, e.g. `BC-UBND-dan-van-2021.docx`.
    pub file_name: String,
    /// The figure tables printed after the signature, each on landscape pages (Phụ lục).
    pub appendices: Vec<Appendix>,
}

/// A cell of a table's merged header: its place in the header's grid and its span. Column 0
/// is Đơn vị (or the row label), which spans every header row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeaderCell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub text: String,
}

/// One row of an appendix table: its name and its cells as printed (`56`, `01`, empty).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AppendixRow {
    pub name: String,
    pub cells: Vec<String>,
    /// The Tổng row (printed in bold).
    pub total: bool,
    /// Where its cells are in the draft (`tcd.units.0`).
    pub path: String,
}

/// A figure table as an appendix: `Phụ lục 01`, the form's title, the data window, the merged
/// header, the MS row and the rows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Appendix {
    /// `PHỤ LỤC 01`.
    pub heading: String,
    /// `Biểu 01/TCD`.
    pub form: String,
    pub title: String,
    /// `Số liệu tính từ ngày 15/6/2026 đến ngày 14/9/2026` (empty without a period).
    pub window: String,
    /// `(Kèm theo Báo cáo số …/BC-UBND ngày … của …)`.
    pub attached_to: String,
    pub header: Vec<HeaderCell>,
    /// How many rows the header has.
    pub header_rows: usize,
    /// The MS row: `1=4+13+22`, … (empty strings where a column has no number); its first
    /// cell is `MS`.
    pub ms: Vec<String>,
    pub rows: Vec<AppendixRow>,
    /// The table's field path.
    pub field: String,
}

/// The merged header of a table: the label column, then each column's groups and label.
pub fn header_cells(first: &str, cols: &[Axis]) -> (Vec<HeaderCell>, usize) {
    let depth = cols.iter().map(|c| c.groups.len() + 1).max().unwrap_or(1);
    let mut cells = vec![HeaderCell { row: 0, col: 0, row_span: depth, col_span: 1, text: first.to_string() }];
    for level in 0..depth {
        let mut i = 0;
        while i < cols.len() {
            let c = &cols[i];
            if level < c.groups.len() {
                // A group: the run of columns with the same groups down to this level.
                let prefix = &c.groups[..=level];
                let mut j = i + 1;
                while j < cols.len() && cols[j].groups.len() > level && &cols[j].groups[..=level] == prefix {
                    j += 1;
                }
                cells.push(HeaderCell {
                    row: level,
                    col: i + 1,
                    row_span: 1,
                    col_span: j - i,
                    text: c.groups[level].to_string(),
                });
                i = j;
            } else {
                if level == c.groups.len() {
                    cells.push(HeaderCell {
                        row: level,
                        col: i + 1,
                        row_span: depth - level,
                        col_span: 1,
                        text: c.label.to_string(),
                    });
                }
                i += 1;
            }
        }
    }
    (cells, depth)
}

fn appendix(n: usize, path: &str, t: &FigureTable, label: &str, ctx: &Ctx, issued: &str) -> Appendix {
    let d = ctx.draft;
    let (header, header_rows) = header_cells(if t.units { "Đơn vị" } else { "Nội dung" }, t.cols);
    let mut ms = vec!["MS".to_string()];
    ms.extend(t.cols.iter().map(|c| if c.ms > 0 { c.ms_text() } else { String::new() }));
    let rows = t
        .row_paths(path, d)
        .into_iter()
        .map(|(row, name)| {
            let cells = t
                .cols
                .iter()
                .map(|c| {
                    let p = format!("{row}.{}", c.id);
                    if c.text {
                        d.text(&p).trim().to_string()
                    } else {
                        d.count(&p).map(text::group_thousands).unwrap_or_default()
                    }
                })
                .collect();
            let total = t.units && row.ends_with(&format!(".{}", crate::kind::TOTAL_ROW));
            AppendixRow { name, cells, total, path: row }
        })
        .collect();
    Appendix {
        heading: format!("PHỤ LỤC {}", text::count(n as u64)),
        form: t.form.to_string(),
        title: if t.title.is_empty() { label.to_string() } else { t.title.to_string() },
        window: ctx.period.and_then(|p| p.window()).map(|w| format!("Số liệu tính {w}")).unwrap_or_default(),
        attached_to: issued.to_string(),
        header,
        header_rows,
        ms,
        rows,
        field: path.to_string(),
    }
}

/// Build the document a draft describes.
pub fn build(kind: &Kind, d: &Draft) -> Document {
    let ctx = Ctx::new(d);
    let period = ctx.period;
    let symbol = d.text(path::SYMBOL).trim();
    let number = d.text(path::NUMBER).trim();
    let number_line =
        if number.is_empty() { format!("Số:{BLANK}/{symbol}") } else { format!("Số: {number}/{symbol}") };
    let place = d.text(path::PLACE).trim();
    let issued = d.date(path::DATE);
    let date = match issued {
        Some(date) => text::date_long(date),
        None => format!("ngày{BLANK}tháng{BLANK}năm{BLANK}"),
    };
    let title = override_or(d.text(path::TITLE), kind.title_template, &ctx);
    let to = recipients_to(&d.list(path::TO));

    let outline = Outline::of(d);
    let mut body = Vec::new();
    let mut tables = Vec::new();
    let mut skip: Option<Level> = None;
    let mut added_for: Vec<(&str, Level)> = Vec::new();
    for block in kind.body {
        if let Block::Heading { id, level, .. } = block {
            // A heading ends the sections above it at its level or deeper.
            flush_added(&outline, &mut added_for, *level, &mut body);
            if skip.is_some_and(|l| *level <= l) {
                skip = None;
            }
            if skip.is_none() && outline.omitted.iter().any(|o| o == id) {
                skip = Some(*level);
            }
            if skip.is_none() {
                added_for.push((id, *level));
            }
        }
        if skip.is_some() {
            continue;
        }
        if let Block::Table { path } = block {
            if let Some((label, t)) = kind.field(path).and_then(|f| match &f.ty {
                FieldType::Table(t) => Some((f.label, t)),
                _ => None,
            }) {
                tables.push((*path, label, t));
                let n = tables.len();
                body.push(para(
                    ParaStyle::Body,
                    &format!("(Số liệu chi tiết tại Phụ lục {} kèm theo.)", text::count(n as u64)),
                    Some(path.to_string()),
                ));
            }
            continue;
        }
        layout(kind, block, &ctx, &outline, &mut body);
    }
    flush_added(&outline, &mut added_for, Level::Section, &mut body);
    let closing = override_or(d.text(path::CLOSING), kind.closing_template, &ctx);
    if !closing.is_empty() {
        body.push(para(ParaStyle::Body, &closing, Some(path::CLOSING.into())));
    }
    end_with_slash(&mut body);

    let signature = crate::frame::signature_lines(d).into_iter().map(|(_, line)| line).collect();
    let attached = attached_to(kind, d, &number_line, issued);
    let appendices =
        tables.iter().enumerate().map(|(i, (p, label, t))| appendix(i + 1, p, t, label, &ctx, &attached)).collect();

    Document {
        parent: text::upper(d.text(path::PARENT).trim()),
        issuer: nonempty(&d.list(path::ISSUER)).map(text::upper).collect(),
        number_line,
        place_date: if place.is_empty() { date } else { format!("{place}, {date}") },
        issued,
        doc_type: kind.doc_type.to_string(),
        title,
        to,
        body,
        cc: nonempty(&d.list(path::CC)).map(|l| format!("- {l}")).collect(),
        signature,
        signer: d.text(path::SIGNER).trim().to_string(),
        file_name: file_name(kind, symbol, period),
        appendices,
    }
}

/// `(Kèm theo Báo cáo số 12/BC-UBND ngày 20/9/2026 của UBND xã Bình Minh)`.
fn attached_to(kind: &Kind, d: &Draft, number_line: &str, issued: Option<Date>) -> String {
    // While the number is blank, room for it, as on the number line: `số      /BC-UBND`.
    let number = number_line.trim_start_matches("Số:").trim_start_matches(' ').to_string();
    let name = text::lower_first(&text::upper(kind.doc_type));
    let mut s = format!("(Kèm theo {} số {number}", capital_first(&name));
    if let Some(date) = issued {
        s.push_str(&format!(" ngày {}", text::date_short(date)));
    }
    let issuer = d.text(path::ISSUER_NAME).trim();
    if !issuer.is_empty() {
        s.push_str(&format!(" của {issuer}"));
    }
    s.push(')');
    s
}

fn capital_first(s: &str) -> String {
    let lower = text::lower(s);
    let mut c = lower.chars();
    match c.next() {
        Some(f) => text::upper(f.encode_utf8(&mut [0; 4])) + c.as_str(),
        None => String::new(),
    }
}

/// The author's edits to the kind's outline, kept in the draft at `outline`: headings renamed
/// (`renamed`: `{id, text}`), sections left out (`omitted`: ids), sections added (`added`:
/// `{after, title, paragraphs}`, placed at the end of the section headed `after`).
pub struct Outline {
    pub renamed: Vec<(String, String)>,
    pub omitted: Vec<String>,
    /// (index in the draft, after, title, paragraphs)
    pub added: Vec<(usize, String, String, Vec<String>)>,
}

impl Outline {
    pub fn of(d: &Draft) -> Outline {
        let o = path::OUTLINE;
        let renamed = (0..d.len(&format!("{o}.renamed")))
            .map(|i| {
                (
                    d.text(&format!("{o}.renamed.{i}.id")).to_string(),
                    d.text(&format!("{o}.renamed.{i}.text")).trim().to_string(),
                )
            })
            .filter(|(_, t)| !t.is_empty())
            .collect();
        let omitted = d.list(&format!("{o}.omitted")).into_iter().map(str::to_string).collect();
        let added = (0..d.len(&format!("{o}.added")))
            .map(|i| {
                let p = format!("{o}.added.{i}");
                (
                    i,
                    d.text(&format!("{p}.after")).to_string(),
                    d.text(&format!("{p}.title")).trim().to_string(),
                    d.list(&format!("{p}.paragraphs")).into_iter().map(|s| s.trim().to_string()).collect(),
                )
            })
            .collect();
        Outline { renamed, omitted, added }
    }

    pub fn renamed(&self, id: &str) -> Option<&str> {
        self.renamed.iter().find(|(i, _)| i == id).map(|(_, t)| t.as_str())
    }
}

/// The level under a heading's: a section's clauses, a clause's points.
fn child_level(l: Level) -> Level {
    match l {
        Level::Section => Level::Clause,
        _ => Level::Point,
    }
}

/// Print the sections the author added at the end of each open section whose level is `level`
/// or deeper (the body's next heading is at `level`).
fn flush_added(outline: &Outline, open: &mut Vec<(&str, Level)>, level: Level, body: &mut Vec<Para>) {
    while let Some(&(id, l)) = open.last() {
        if l < level {
            break;
        }
        open.pop();
        for (i, _, title, paragraphs) in outline.added.iter().filter(|(_, after, _, _)| after == id) {
            let cl = child_level(l);
            let field = format!("{}.added.{i}", path::OUTLINE);
            // Numbered after the last heading of that level in the section.
            let last = body
                .iter()
                .rev()
                .take_while(|p| !matches!(p.style, ParaStyle::Heading(x) if x < cl))
                .find(|p| p.style == ParaStyle::Heading(cl))
                .map(|p| p.text());
            let number = next_number(cl, last.as_deref());
            body.push(Para {
                style: ParaStyle::Heading(cl),
                runs: vec![Run::plain(format!("{number} {title}"))],
                field: Some(format!("{field}.title")),
            });
            for (j, p) in paragraphs.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
                body.push(para(ParaStyle::Body, p, Some(format!("{field}.paragraphs.{j}"))));
            }
        }
    }
}

/// The number after `last` (`3. …` → `4.`, `b) …` → `c)`, `II. …` → `III.`), or the first.
fn next_number(level: Level, last: Option<&str>) -> String {
    const ROMAN: [&str; 20] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
        "XVIII", "XIX", "XX",
    ];
    let head = last.and_then(|t| t.split_whitespace().next()).unwrap_or("");
    match level {
        Level::Section => {
            let n = ROMAN.iter().position(|r| format!("{r}.") == head).map_or(0, |i| i + 1);
            format!("{}.", ROMAN.get(n).unwrap_or(&"XX"))
        }
        Level::Clause => format!("{}.", head.trim_end_matches('.').parse::<u32>().map_or(1, |n| n + 1)),
        Level::Point => {
            let c = head.trim_end_matches(')').chars().next().filter(char::is_ascii_lowercase);
            let next = c.map_or('a', |c| char::from_u32(c as u32 + 1).unwrap_or('z'));
            format!("{next})")
        }
    }
}

fn nonempty<'a>(items: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
    items.iter().map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn override_or(typed: &str, template: &str, ctx: &Ctx) -> String {
    let typed = typed.trim();
    if typed.is_empty() {
        template::render(template, ctx).trim().to_string()
    } else {
        typed.to_string()
    }
}

/// One recipient: `Kính gửi: X.`; several: `Kính gửi:` then `- A;` … `- Z.`
fn recipients_to(items: &[&str]) -> Vec<String> {
    let items: Vec<&str> = nonempty(items).collect();
    match items.as_slice() {
        [] => Vec::new(),
        [one] => vec![format!("Kính gửi: {}.", text::trim_end_punct(one))],
        many => {
            let mut out = vec!["Kính gửi:".to_string()];
            for (i, r) in many.iter().enumerate() {
                let end = if i + 1 == many.len() { "." } else { ";" };
                out.push(format!("- {}{end}", text::trim_end_punct(r)));
            }
            out
        }
    }
}

fn para(style: ParaStyle, s: &str, field: Option<String>) -> Para {
    Para { style, runs: text::emphasis_runs(s), field }
}

fn layout(kind: &Kind, block: &Block, ctx: &Ctx, outline: &Outline, out: &mut Vec<Para>) {
    let d = ctx.draft;
    let items = |path: &str| -> Vec<(usize, String)> {
        d.list(path)
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.trim().is_empty())
            .map(|(i, s)| (i, s.trim().to_string()))
            .collect()
    };
    match block {
        Block::Heading { id, level, number, text: t, step, .. } => {
            let t = match outline.renamed(id) {
                Some(r) => r.to_string(),
                None => template::render(t, ctx),
            };
            out.push(Para {
                style: ParaStyle::Heading(*level),
                runs: vec![Run::plain(format!("{number} {t}"))],
                field: Some(format!("#{step}")),
            });
        }
        Block::Sentence { template: t, field } => {
            let s = template::render(t, ctx);
            let s = s.trim();
            if !s.is_empty() {
                out.push(para(ParaStyle::Body, s, Some(field.to_string())));
            }
        }
        Block::Paragraphs { path } => {
            for (i, s) in items(path) {
                out.push(para(ParaStyle::Body, &s, Some(format!("{path}.{i}"))));
            }
        }
        Block::Bullets { path } => {
            for (i, s) in items(path) {
                out.push(para(ParaStyle::Body, &format!("- {s}"), Some(format!("{path}.{i}"))));
            }
        }
        Block::Numbered { path } => {
            for (n, (i, s)) in items(path).into_iter().enumerate() {
                out.push(para(ParaStyle::Body, &format!("{}. {s}", n + 1), Some(format!("{path}.{i}"))));
            }
        }
        Block::RunIn { number, path } => {
            let list = items(path);
            if list.is_empty() {
                out.push(para(ParaStyle::Body, number, Some(format!("{path}.0"))));
            }
            for (n, (i, s)) in list.into_iter().enumerate() {
                let s = if n == 0 { format!("{number} {s}") } else { s };
                out.push(para(ParaStyle::Body, &s, Some(format!("{path}.{i}"))));
            }
        }
        Block::RowBullets { table, template: t, none } => {
            let Some(FieldType::Table(ft)) = kind.field(table).map(|f| &f.ty) else { return };
            for row in ft.rows {
                let prefix = format!("{table}.{}", row.id);
                let figures: Vec<Option<u64>> =
                    ft.cols.iter().filter(|c| !c.text).map(|c| d.count(&format!("{prefix}.{}", c.id))).collect();
                if figures.iter().all(Option::is_none) {
                    continue;
                }
                // A row of zeros says so in words ("Không có đơn …"), never "0 đơn/0 vụ".
                let zero = figures.iter().all(|f| f.is_none_or(|n| n == 0));
                let t = if zero && !none.is_empty() { none } else { t };
                let rctx = Ctx { draft: d, period: ctx.period, row: Some((table, row)) };
                let s = template::render(t, &rctx);
                out.push(para(ParaStyle::Body, &format!("- {}", s.trim()), Some(prefix)));
            }
        }
        Block::Table { .. } => {}
    }
}

/// ND30: the last line of the body ends with `./.`.
fn end_with_slash(body: &mut [Para]) {
    let Some(last) = body.iter_mut().rev().find(|p| p.style == ParaStyle::Body) else { return };
    if last.text().trim_end().ends_with("./.") {
        return;
    }
    if let Some(run) = last.runs.last_mut() {
        let t = run.text.trim_end().trim_end_matches(['.', ';', ',']).to_string();
        run.text = format!("{t}./.");
    }
}

/// `BC-UBND-dan-van-2021.docx`.
fn file_name(kind: &Kind, symbol: &str, period: Option<Period>) -> String {
    let symbol: String = text::slug(symbol).to_ascii_uppercase(); // the slug is ASCII
    let mut parts = Vec::new();
    if !symbol.is_empty() {
        parts.push(symbol);
    }
    parts.push(kind.file_subject.to_string());
    if let Some(p) = period {
        parts.push(p.file_part());
    }
    format!("{}.docx", parts.join("-"))
}
