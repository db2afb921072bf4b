//! The figure tables of a report as an Excel workbook (.xlsx), one sheet per table of the
//! kind, written with `rust_xlsxwriter`.
//!
//! Each sheet is laid out like the table's appendix (Phụ lục) in the .docx: the appendix
//! heading and the line naming the report it is attached to (tables printed as appendices),
//! the form code, the title, the data window ("Số liệu tính từ ngày … đến ngày …"), the merged
//! header (the same tree as `document::header_cells`), the MS row, then the rows — the unit
//! rows and Tổng for a table with one row per unit, else the fixed rows. Figures are numbers;
//! a note column is text. So that Excel recomputes when a figure is changed there:
//!
//! - a total column (an [`Axis`] with `sum_of`) is a formula over its first group of parts
//!   (`=E8+N8+W8`) in every row;
//! - the Tổng row is `SUM` over the unit rows (`=SUM(B8:B10)`), in every figure column;
//!
//! each with its value cached, so a reader that does not recompute shows it too. A formula is
//! written only where it gives the figure the report states: a total that disagrees with its
//! parts (the checks' `*.ms` / `*.total` errors) is written as the number the author entered,
//! not replaced by the sum, and an empty total stays empty — the workbook says what the report
//! says, never a figure the author did not enter.
//!
//! The same draft gives the same bytes: the workbook's creation time is the report's issue
//! date, or [`FIXED_DATE`] without one (and the zip entries are dated by `rust_xlsxwriter`
//! itself, at the zip epoch).
//!
//! Sheet names are the form codes (`Biểu số 01/TCD` → `01-TCD`); a table without a form code
//! is named by its label, cut to Excel's 31 characters.

use rust_xlsxwriter::{
    column_number_to_name, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook,
    Worksheet, XlsxError,
};

use crate::document::{self, Appendix, Document};
use crate::kind::{FieldType, FigureTable, Kind, TOTAL_ROW};
use crate::model::Draft;
use crate::template::Ctx;

/// The creation date of a workbook whose report has no issue date (as the .docx's).
pub const FIXED_DATE: (u16, u8, u8) = (2020, 3, 5);
/// The MIME type of an .xlsx file.
pub const MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const FONT: &str = "Times New Roman";

/// The .xlsx of a draft's figure tables (every table field of its kind, in form order), or why
/// it could not be written.
pub fn render(kind: &Kind, d: &Draft) -> Result<Vec<u8>, String> {
    let doc = document::build(kind, d);
    write(kind, d, &doc).map_err(|e| format!("Bộ tạo tệp .xlsx gặp lỗi: {e}."))
}

/// The file name of the workbook: the .docx's with `.xlsx`.
pub fn file_name(doc: &Document) -> String {
    let stem = doc.file_name.strip_suffix(".docx").unwrap_or(&doc.file_name);
    format!("{stem}.xlsx")
}

/// Does the kind have a figure table (and so a workbook to offer)?
pub fn has_tables(kind: &Kind) -> bool {
    kind.tables().next().is_some()
}

/// The name of a table's sheet: the form code (`Biểu số 01/TCD` → `01-TCD`), else the label.
pub fn sheet_name(t: &FigureTable, label: &str) -> String {
    let code = t.form.rsplit(' ').next().unwrap_or("").trim();
    let raw = if code.is_empty() { label } else { code };
    let cleaned: String =
        raw.chars().map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '[' | ']') { '-' } else { c }).collect();
    let cleaned = cleaned.trim().trim_matches('\'');
    let mut name: String = cleaned.chars().take(31).collect();
    // Cut at a word's end (`Số liệu giải quyết khiếu nại`, not `… khiếu nại, t`).
    if name.len() < cleaned.len() {
        if let Some(i) = name.rfind(' ').filter(|&i| i > 0) {
            name.truncate(i);
        }
    }
    let name = name.trim_end_matches([' ', ',', ';', '.', '-', '—', '–']);
    if name.is_empty() {
        "Biểu".to_string()
    } else {
        name.to_string()
    }
}

/// A cell's address, 0-based row and column: `(7, 4)` → `E8`.
pub fn cell_ref(row: u32, col: u16) -> String {
    format!("{}{}", column_number_to_name(col), row + 1)
}

struct Formats {
    heading: Format,
    attached: Format,
    form: Format,
    title: Format,
    window: Format,
    header: Format,
    ms: Format,
    name: Format,
    number: Format,
    text: Format,
    total_name: Format,
    total_number: Format,
    total_text: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name(FONT).set_font_size(12);
        let cell = base.clone().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        let centred = |f: Format| f.set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter);
        Formats {
            heading: centred(base.clone().set_bold()),
            attached: centred(base.clone().set_italic()),
            form: base.clone().set_bold(),
            title: centred(base.clone().set_bold().set_text_wrap()),
            window: centred(base.clone().set_italic()),
            header: centred(cell.clone().set_bold().set_text_wrap().set_font_size(10)),
            ms: centred(cell.clone().set_italic().set_font_size(9)),
            name: cell.clone().set_text_wrap(),
            number: cell.clone().set_num_format("0").set_align(FormatAlign::Center),
            text: cell.clone().set_text_wrap(),
            total_name: cell.clone().set_bold().set_align(FormatAlign::Center),
            total_number: cell.clone().set_bold().set_num_format("0").set_align(FormatAlign::Center),
            total_text: cell.set_bold().set_text_wrap(),
        }
    }
}

fn write(kind: &Kind, d: &Draft, doc: &Document) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let (y, m, day) = match doc.issued {
        Some(date) => (date.year().clamp(1900, 9999) as u16, u8::from(date.month()), date.day()),
        None => FIXED_DATE,
    };
    let mut props = DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(y, m, day)?);
    if !doc.title.is_empty() {
        props = props.set_title(doc.title.as_str());
    }
    let author = doc.issuer.join(" ");
    if !author.is_empty() {
        props = props.set_author(author.as_str());
    }
    wb.set_properties(&props);
    let f = Formats::new();
    let window = Ctx::new(d).period.and_then(|p| p.window()).map(|w| format!("Số liệu tính {w}")).unwrap_or_default();
    let mut names: Vec<String> = Vec::new();
    for (path, label) in kind.fields().filter_map(|(_, fl)| match &fl.ty {
        FieldType::Table(_) => Some((fl.path, fl.label)),
        _ => None,
    }) {
        let Some(t) = kind.table(path) else { continue };
        let mut name = sheet_name(t, label);
        let mut n = 2;
        while names.iter().any(|o| o.to_lowercase() == name.to_lowercase()) {
            let suffix = format!(" ({n})");
            name = name.chars().take(31 - suffix.chars().count()).collect::<String>() + &suffix;
            n += 1;
        }
        names.push(name.clone());
        let appendix = doc.appendices.iter().find(|a| a.field == path);
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        sheet(ws, &f, t, path, label, d, appendix, &window)?;
    }
    wb.save_to_buffer()
}

/// Where a sheet's parts are: the first row of the header, of the MS row, of the data.
struct Grid {
    header: u32,
    depth: u32,
    ms: u32,
    data: u32,
}

#[allow(clippy::too_many_arguments)]
fn sheet(
    ws: &mut Worksheet,
    f: &Formats,
    t: &FigureTable,
    path: &str,
    label: &str,
    d: &Draft,
    appendix: Option<&Appendix>,
    window: &str,
) -> Result<(), XlsxError> {
    let last_col = t.cols.len() as u16;
    let mut row = 0u32;
    // The lines above the table, each merged over its width.
    let mut line = |ws: &mut Worksheet, text: &str, fmt: &Format, height: f64| -> Result<(), XlsxError> {
        if !text.is_empty() {
            if last_col > 0 {
                ws.merge_range(row, 0, row, last_col, text, fmt)?;
            } else {
                ws.write_string_with_format(row, 0, text, fmt)?;
            }
            ws.set_row_height(row, height)?;
            row += 1;
        }
        Ok(())
    };
    let title = appendix.map_or(if t.title.is_empty() { label } else { t.title }, |a| a.title.as_str());
    if let Some(a) = appendix {
        line(ws, &a.heading, &f.heading, 18.0)?;
        line(ws, &a.attached_to, &f.attached, 18.0)?;
    }
    line(ws, t.form, &f.form, 18.0)?;
    line(ws, title, &f.title, 33.0)?;
    line(ws, window, &f.window, 18.0)?;
    row += 1;

    // The merged header.
    let (cells, depth) = document::header_cells(if t.units { "Đơn vị" } else { "Nội dung" }, t.cols);
    let g = Grid { header: row, depth: depth as u32, ms: row + depth as u32, data: row + depth as u32 + 1 };
    for c in &cells {
        let (r0, c0) = (g.header + c.row as u32, c.col as u16);
        let (r1, c1) = (r0 + c.row_span as u32 - 1, c0 + c.col_span as u16 - 1);
        if r0 == r1 && c0 == c1 {
            ws.write_string_with_format(r0, c0, &c.text, &f.header)?;
        } else {
            ws.merge_range(r0, c0, r1, c1, &c.text, &f.header)?;
        }
    }
    for r in 0..g.depth {
        ws.set_row_height(g.header + r, if r + 1 == g.depth { 66.0 } else { 30.0 })?;
    }
    // The MS row.
    ws.write_string_with_format(g.ms, 0, "MS", &f.ms)?;
    for (i, c) in t.cols.iter().enumerate() {
        let text = if c.ms > 0 { c.ms_text() } else { String::new() };
        ws.write_string_with_format(g.ms, i as u16 + 1, &text, &f.ms)?;
    }

    // The rows.
    let rows = t.row_paths(path, d);
    let units = if t.units { rows.len().saturating_sub(1) } else { 0 };
    for (i, (rpath, name)) in rows.iter().enumerate() {
        let r = g.data + i as u32;
        let total = t.units && rpath.ends_with(&format!(".{TOTAL_ROW}"));
        ws.write_string_with_format(r, 0, name, if total { &f.total_name } else { &f.name })?;
        for (j, c) in t.cols.iter().enumerate() {
            let col = j as u16 + 1;
            let cpath = format!("{rpath}.{}", c.id);
            if c.text {
                let text = d.text(&cpath).trim();
                ws.write_string_with_format(r, col, text, if total { &f.total_text } else { &f.text })?;
                continue;
            }
            let fmt = if total { &f.total_number } else { &f.number };
            let value = d.count(&cpath);
            // Tổng: SUM over the unit rows; a total column: its first group of parts.
            let formula = if total && units > 0 {
                let parts: Vec<Option<u64>> =
                    rows[..units].iter().map(|(u, _)| d.count(&format!("{u}.{}", c.id))).collect();
                let range = format!("=SUM({}:{})", cell_ref(g.data, col), cell_ref(g.data + units as u32 - 1, col));
                Some((range, parts))
            } else {
                c.sum_of.first().map(|group| {
                    let parts: Vec<(u16, Option<u64>)> = group
                        .iter()
                        .filter_map(|ms| t.cols.iter().position(|p| p.ms == *ms && *ms > 0))
                        .map(|k| (k as u16 + 1, d.count(&format!("{rpath}.{}", t.cols[k].id))))
                        .collect();
                    let terms: Vec<String> = parts.iter().map(|(k, _)| cell_ref(r, *k)).collect();
                    (format!("={}", terms.join("+")), parts.into_iter().map(|(_, v)| v).collect())
                })
            };
            match (value, formula) {
                (Some(v), Some((formula, parts))) if agrees(v, &parts) => {
                    ws.write_formula_with_format(r, col, Formula::new(formula).set_result(v.to_string()), fmt)?;
                }
                (Some(v), _) => {
                    ws.write_number_with_format(r, col, v as f64, fmt)?;
                }
                (None, _) => {
                    ws.write_blank(r, col, fmt)?;
                }
            }
        }
    }

    // Layout: the label column wide, the figures narrow; landscape A4, one page wide, the
    // header repeated on every printed page and frozen on screen.
    ws.set_column_width(0, if t.units { 24.0 } else { 30.0 })?;
    for (j, c) in t.cols.iter().enumerate() {
        ws.set_column_width(
            j as u16 + 1,
            if c.text {
                16.0
            } else if t.units {
                7.5
            } else {
                12.0
            },
        )?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_repeat_rows(g.header, g.ms)?;
    ws.set_freeze_panes(g.data, 1)?;
    Ok(())
}

/// Does a formula over `parts` (empty cells count 0) give `v`? Never for no parts at all.
pub fn agrees(v: u64, parts: &[Option<u64>]) -> bool {
    !parts.is_empty() && parts.iter().map(|p| p.unwrap_or(0)).sum::<u64>() == v
}
