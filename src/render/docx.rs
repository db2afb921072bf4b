//! The .docx renderer: a [`Document`] laid out per Nghị định 30/2020/NĐ-CP, Phụ lục I
//! (see `docs/nd30-format.md`), with docx-rs.
//!
//! Pure core: no filesystem, no threads, no web crates; it runs natively and in wasm32.
//! It never panics on any text the document holds: every string goes through docx-rs's
//! text escaping (`&`, `<`, `>`, `"`, `'`; so `]]>` comes out as `]]&gt;`), newlines become
//! line breaks and tabs become tabs.
//!
//! Layout summary (all lengths in twentieths of a point, "twips" = dxa; 1 mm ≈ 56.7):
//! - A4 portrait; margins from [`MARGIN_TOP`] .. [`MARGIN_RIGHT`]; Times New Roman, black.
//! - Letterhead: a borderless two-column table (fixed layout, explicit grid, cell and table
//!   widths) — issuer and `Số:` left, Quốc hiệu / Tiêu ngữ / place and date right. The rule
//!   lines under the issuer, the tiêu ngữ and the trích yếu are tiny empty paragraphs with a top
//!   border, narrowed by left/right indents (Word and LibreOffice both draw a paragraph
//!   border between the paragraph's indents).
//! - `BÁO CÁO`, trích yếu, `Kính gửi`, the body (justified, first-line indent).
//! - Closing: a borderless two-column table — `Nơi nhận` left, signature right.
//! - Page number: PAGE field centred in the header, from page 2 on (`w:titlePg`, empty
//!   first-page header).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, FieldCharType, Header, InstrPAGE, InstrText, LineSpacing,
    LineSpacingType, PageMargin, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts,
    SpecialIndentType, Table, TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};

use crate::document::{Document, Para, ParaStyle, MOTTO, NATIONAL_TITLE};
use crate::kind::Level;

// ---------------------------------------------------------------------------------------------
// Layout values (ND30 Phụ lục I; see docs/nd30-format.md). Lengths in twips (dxa).
// ---------------------------------------------------------------------------------------------

/// A4 portrait, 210 × 297 mm.
pub const PAGE_WIDTH: u32 = 11906;
pub const PAGE_HEIGHT: u32 = 16838;
/// Margins: top 20 mm (ND30: 20–25).
pub const MARGIN_TOP: i32 = 1134;
/// Bottom 20 mm (ND30: 20–25).
pub const MARGIN_BOTTOM: i32 = 1134;
/// Left 30 mm (ND30: 30–35).
pub const MARGIN_LEFT: i32 = 1701;
/// Right 15 mm (ND30: 15–20).
pub const MARGIN_RIGHT: i32 = 851;
/// Distance of the header (page number) from the top edge: 10 mm, inside the top margin.
pub const HEADER_DISTANCE: i32 = 567;
pub const FOOTER_DISTANCE: i32 = 567;
/// Text width: 210 − 30 − 15 = 165 mm.
pub const TEXT_WIDTH: i32 = PAGE_WIDTH as i32 - MARGIN_LEFT - MARGIN_RIGHT;

pub const FONT: &str = "Times New Roman";
pub const COLOR: &str = "000000";

/// Font sizes in half-points (ND30 size set 13 / 14 / 14).
pub const SIZE_PARENT: usize = 26; // tên cơ quan chủ quản, regular 13
pub const SIZE_ISSUER: usize = 26; // tên cơ quan ban hành, bold 13
pub const SIZE_NUMBER: usize = 26; // Số: …, regular 13
pub const SIZE_NATIONAL: usize = 26; // Quốc hiệu, bold 13
pub const SIZE_MOTTO: usize = 28; // Tiêu ngữ, bold 14
pub const SIZE_DATE: usize = 28; // địa danh, ngày, italic 14
pub const SIZE_TYPE: usize = 28; // BÁO CÁO, bold 14
pub const SIZE_TITLE: usize = 28; // trích yếu, bold 14
pub const SIZE_BODY: usize = 28; // body and Kính gửi, 14
pub const SIZE_CC_HEAD: usize = 24; // Nơi nhận:, bold italic 12
pub const SIZE_CC: usize = 22; // recipients, regular 11
pub const SIZE_SIGN: usize = 28; // quyền hạn, chức vụ, signer, bold 14
pub const SIZE_PAGE_NUM: usize = 28; // page number, 14

/// Body: first-line indent 1.27 cm, 6 pt after, single line spacing ("auto" 240; ND30 allows
/// single to 1.5). With these values LibreOffice breaks pages 1 and 2 of the sample exactly
/// where the reference report breaks them.
pub const BODY_FIRST_LINE: i32 = 720;
pub const BODY_AFTER: u32 = 120;
pub const BODY_LINE: i32 = 240;
/// Single line spacing (tables, header).
pub const SINGLE: i32 = 240;

/// Letterhead table: 38 % / 62 % of the text width (the decree's models: about 40 / 60; the
/// right column needs ≥ 96 mm for the Quốc hiệu at 13 pt bold on one line).
pub const HEAD_LEFT: i32 = 3555;
pub const HEAD_RIGHT: i32 = TEXT_WIDTH - HEAD_LEFT;
/// Closing table: 45 % / 55 %.
pub const CLOSE_LEFT: i32 = 4210;
pub const CLOSE_RIGHT: i32 = TEXT_WIDTH - CLOSE_LEFT;
/// Cell padding left/right in both tables (1 mm; Word's default is 1.9 mm).
pub const CELL_PAD: i32 = 57;
/// Rule lines: 0.5 pt (sz in eighths of a point).
pub const RULE_SIZE: usize = 4;
/// Gap between a line of text and the rule under it: 3 pt.
pub const RULE_GAP: u32 = 60;
/// Empty paragraphs left for the handwritten signature and the seal.
pub const SIGNATURE_ROOM: usize = 5;

// ---------------------------------------------------------------------------------------------

/// The .docx file for `doc`. Never panics; returns an empty vector only if the in-memory
/// zip writer fails, which it does not in practice.
pub fn render(doc: &Document) -> Vec<u8> {
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(HEADER_DISTANCE)
                .footer(FOOTER_DISTANCE)
                .gutter(0),
        )
        .default_fonts(fonts())
        .default_size(SIZE_BODY)
        .default_line_spacing(LineSpacing::new().line_rule(LineSpacingType::Auto).line(SINGLE).before(0).after(0))
        .header(page_number_header())
        .first_header(Header::new().add_paragraph(Paragraph::new().size(SIZE_PAGE_NUM).fonts(fonts())));

    docx = docx.add_table(letterhead(doc));

    // Tên loại and trích yếu.
    docx = docx.add_paragraph(
        centred(line(&doc.doc_type, SIZE_TYPE).bold_all()).line_spacing(spacing(SINGLE, 360, 0)).keep_next(true),
    );
    if !doc.title.trim().is_empty() {
        docx = docx.add_paragraph(
            centred(line(&doc.title, SIZE_TITLE).bold_all()).line_spacing(spacing(SINGLE, 0, 0)).keep_next(true),
        );
        let w = text_width(&doc.title, SIZE_TITLE, true).min(TEXT_WIDTH);
        docx = docx.add_paragraph(rule(TEXT_WIDTH, w / 3, 0));
    }

    // Kính gửi.
    for p in kinh_gui(&doc.to) {
        docx = docx.add_paragraph(p);
    }

    // Body; the last paragraph stays on the page of the signature.
    let n = doc.body.len();
    for (i, p) in doc.body.iter().enumerate() {
        let mut para = body_paragraph(p);
        if i + 1 == n {
            para = para.keep_next(true);
        }
        docx = docx.add_paragraph(para);
    }

    docx = docx.add_table(closing(doc));

    let mut xml = docx.build();
    xml.doc_props.core = core_xml(&doc.title);
    let mut out = Cursor::new(Vec::new());
    match xml.pack(&mut out) {
        Ok(()) => out.into_inner(),
        Err(_) => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Runs and paragraphs.
// ---------------------------------------------------------------------------------------------

fn fonts() -> RunFonts {
    RunFonts::new().ascii(FONT).hi_ansi(FONT).east_asia(FONT).cs(FONT)
}

/// A formatted run; `\n` becomes a line break and `\t` a tab so no control character
/// reaches `w:t`.
fn run(text: &str, size: usize, bold: bool, italic: bool) -> Run {
    let mut r = Run::new().fonts(fonts()).size(size).color(COLOR);
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    let text = xml_safe(text);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                r = r.add_tab();
            }
            if !piece.is_empty() {
                r = r.add_text(piece);
            }
        }
    }
    r
}

/// A one-run paragraph builder, so callers can say `line(..).bold_all()`.
struct Line {
    text: String,
    size: usize,
    bold: bool,
    italic: bool,
}

fn line(text: &str, size: usize) -> Line {
    Line { text: text.to_string(), size, bold: false, italic: false }
}

impl Line {
    fn bold_all(mut self) -> Self {
        self.bold = true;
        self
    }
    fn italic_all(mut self) -> Self {
        self.italic = true;
        self
    }
    fn paragraph(self) -> Paragraph {
        // The paragraph mark carries the same formatting, so an empty line keeps its height.
        let mut p = Paragraph::new().fonts(fonts()).size(self.size).color(COLOR);
        if self.bold {
            p = p.bold();
        }
        if self.italic {
            p = p.italic();
        }
        if !self.text.is_empty() {
            p = p.add_run(run(&self.text, self.size, self.bold, self.italic));
        }
        p
    }
}

fn centred(l: Line) -> Paragraph {
    l.paragraph().align(AlignmentType::Center)
}

fn spacing(line: i32, before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Auto).line(line).before(before).after(after)
}

/// A horizontal rule `width` long, centred in a space `avail` wide: an empty 1 pt paragraph
/// whose top border is narrowed by indents. `after` is the space below it.
fn rule(avail: i32, width: i32, after: u32) -> Paragraph {
    let width = width.clamp(567.min(avail), avail.max(0));
    let side = ((avail - width) / 2).max(0);
    let mut p = Paragraph::new()
        .size(2)
        .fonts(fonts())
        .align(AlignmentType::Center)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(40).before(RULE_GAP).after(after));
    // Only the top border (docx-rs's default border set has all four sides).
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Top)
                .val(BorderType::Single)
                .size(RULE_SIZE)
                .space(1)
                .color(COLOR),
        ),
    );
    p
}

fn body_paragraph(p: &Para) -> Paragraph {
    let (bold, italic) = match p.style {
        ParaStyle::Body => (false, false),
        ParaStyle::Heading(Level::Section) | ParaStyle::Heading(Level::Clause) => (true, false),
        ParaStyle::Heading(Level::Point) => (false, true),
    };
    let mut out = Paragraph::new()
        .fonts(fonts())
        .size(SIZE_BODY)
        .color(COLOR)
        .align(AlignmentType::Both)
        .indent(Some(0), Some(SpecialIndentType::FirstLine(BODY_FIRST_LINE)), Some(0), None)
        .line_spacing(spacing(BODY_LINE, 0, BODY_AFTER))
        .widow_control(true);
    if matches!(p.style, ParaStyle::Heading(_)) {
        out = out.keep_next(true);
    }
    for r in &p.runs {
        if r.text.is_empty() {
            continue;
        }
        out = out.add_run(run(&r.text, SIZE_BODY, bold || r.bold, italic || r.italic));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Tables.
// ---------------------------------------------------------------------------------------------

fn cell(width: i32, paras: Vec<Paragraph>) -> TableCell {
    let mut c = TableCell::new().width(width as usize, WidthType::Dxa).clear_all_border();
    if paras.is_empty() {
        c = c.add_paragraph(Paragraph::new());
    }
    for p in paras {
        c = c.add_paragraph(p);
    }
    c
}

/// A borderless two-column table, fixed layout, explicit grid and widths; one row for each
/// (left, right) pair of cell contents.
fn two_columns(left: i32, right: i32, rows: Vec<(Vec<Paragraph>, Vec<Paragraph>)>) -> Table {
    let rows = rows.into_iter().map(|(l, r)| TableRow::new(vec![cell(left, l), cell(right, r)]).cant_split()).collect();
    Table::new(rows)
        .set_grid(vec![left as usize, right as usize])
        .width((left + right) as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, CELL_PAD as usize, 0, CELL_PAD as usize))
        .clear_all_border()
}

fn letterhead(doc: &Document) -> Table {
    let tight = || spacing(SINGLE, 0, 0);
    let left_avail = HEAD_LEFT - 2 * CELL_PAD;
    let right_avail = HEAD_RIGHT - 2 * CELL_PAD;

    let mut left = Vec::new();
    if !doc.parent.trim().is_empty() {
        left.push(centred(line(&doc.parent, SIZE_PARENT)).line_spacing(tight()));
    }
    for l in &doc.issuer {
        left.push(centred(line(l, SIZE_ISSUER).bold_all()).line_spacing(tight()));
    }
    if !doc.issuer.is_empty() {
        // ND30: a short rule under the issuer, 1/3 to 1/2 of its width.
        let widest = doc.issuer.iter().map(|l| text_width(l, SIZE_ISSUER, true)).max().unwrap_or(0);
        left.push(rule(left_avail, (widest.min(left_avail) * 2) / 5, 80));
    }
    let number = vec![centred(line(&doc.number_line, SIZE_NUMBER)).line_spacing(tight())];

    let motto_w = text_width(MOTTO, SIZE_MOTTO, true);
    let right = vec![
        centred(line(NATIONAL_TITLE, SIZE_NATIONAL).bold_all()).line_spacing(tight()),
        centred(line(MOTTO, SIZE_MOTTO).bold_all()).line_spacing(tight()),
        // ND30: a rule as long as the tiêu ngữ.
        rule(right_avail, motto_w, 80),
    ];
    let date = vec![centred(line(&doc.place_date, SIZE_DATE).italic_all()).line_spacing(tight())];
    // Two rows, so that `Số:` and the date share a line whatever the names above them.
    two_columns(HEAD_LEFT, HEAD_RIGHT, vec![(left, right), (number, date)])
}

/// `Kính gửi`: one line centred; several as a block centred on the page, `Kính gửi:` first
/// and the `- …;` lines under it, aligned after the words `Kính gửi: `.
fn kinh_gui(to: &[String]) -> Vec<Paragraph> {
    let to: Vec<&String> = to.iter().filter(|l| !l.trim().is_empty()).collect();
    let before = 240;
    let after_last = 240;
    match to.as_slice() {
        [] => Vec::new(),
        [one] => vec![centred(line(one, SIZE_BODY)).line_spacing(spacing(SINGLE, before, after_last))],
        many => {
            let head = text_width("Kính gửi: ", SIZE_BODY, false);
            let widest = many[1..].iter().map(|l| text_width(l, SIZE_BODY, false)).max().unwrap_or(0);
            let left = ((TEXT_WIDTH - head - widest) / 2).clamp(0, TEXT_WIDTH / 3);
            let n = many.len();
            many.iter()
                .enumerate()
                .map(|(i, l)| {
                    let indent = if i == 0 { left } else { left + head };
                    line(l, SIZE_BODY)
                        .paragraph()
                        .align(AlignmentType::Left)
                        .indent(Some(indent), None, Some(0), None)
                        .line_spacing(spacing(
                            SINGLE,
                            if i == 0 { before } else { 0 },
                            if i + 1 == n { after_last } else { 0 },
                        ))
                        .keep_next(i + 1 < n)
                })
                .collect()
        }
    }
}

fn closing(doc: &Document) -> Table {
    let mut left = vec![line("Nơi nhận:", SIZE_CC_HEAD)
        .bold_all()
        .italic_all()
        .paragraph()
        .align(AlignmentType::Left)
        .line_spacing(spacing(SINGLE, 120, 0))];
    for l in &doc.cc {
        left.push(line(l, SIZE_CC).paragraph().align(AlignmentType::Left).line_spacing(spacing(SINGLE, 0, 0)));
    }

    let mut right = Vec::new();
    for (i, l) in doc.signature.iter().enumerate() {
        right.push(centred(line(l, SIZE_SIGN).bold_all()).line_spacing(spacing(
            SINGLE,
            if i == 0 { 120 } else { 0 },
            0,
        )));
    }
    for _ in 0..SIGNATURE_ROOM {
        right.push(centred(line("", SIZE_SIGN)).line_spacing(spacing(SINGLE, 0, 0)));
    }
    right.push(centred(line(&doc.signer, SIZE_SIGN).bold_all()).line_spacing(spacing(SINGLE, 0, 0)));
    two_columns(CLOSE_LEFT, CLOSE_RIGHT, vec![(left, right)])
}

// ---------------------------------------------------------------------------------------------
// Header, core properties.
// ---------------------------------------------------------------------------------------------

/// The default header: the page number, centred. The first page has its own empty header.
fn page_number_header() -> Header {
    let field = Run::new()
        .fonts(fonts())
        .size(SIZE_PAGE_NUM)
        .color(COLOR)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("2")
        .add_field_char(FieldCharType::End, false);
    Header::new()
        .add_paragraph(Paragraph::new().fonts(fonts()).size(SIZE_PAGE_NUM).align(AlignmentType::Center).add_run(field))
}

/// `docProps/core.xml` with the trích yếu as the title (docx-rs has no setter for it).
fn core_xml(title: &str) -> Vec<u8> {
    let title = one_line(title);
    let mut s = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
        r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
        r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    ));
    if !title.is_empty() {
        s.push_str("<dc:title>");
        s.push_str(&escape(&title));
        s.push_str("</dc:title>");
    }
    s.push_str("<dc:creator>baocao</dc:creator>");
    s.push_str("<cp:lastModifiedBy>baocao</cp:lastModifiedBy>");
    s.push_str("<cp:revision>1</cp:revision>");
    s.push_str("</cp:coreProperties>");
    s.into_bytes()
}

/// Characters XML 1.0 forbids are dropped (upstream already removes them; this keeps the
/// output valid whatever the document holds); `\r\n` and `\r` become `\n`.
fn xml_safe(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n").chars().filter(|&c| !is_xml_forbidden(c)).collect()
}

fn is_xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Text width estimate, for the rule lines and the Kính gửi block: Times New Roman advance
// widths (per 1000 em) of the base letter, diacritics ignored. Rough, never load-bearing.
// ---------------------------------------------------------------------------------------------

fn text_width(s: &str, half_points: usize, bold: bool) -> i32 {
    let mut em: u64 = 0;
    for c in crate::text::nfd(s).chars() {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        em += advance(c, bold) as u64;
    }
    // twips = em/1000 × size in pt × 20; half_points / 2 = pt.
    let twips = em * half_points as u64 * 10 / 1000;
    twips.min(i32::MAX as u64) as i32
}

fn advance(c: char, bold: bool) -> u32 {
    const UPPER_R: [u32; 26] = [
        722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722,
        944, 722, 722, 611,
    ];
    const UPPER_B: [u32; 26] = [
        722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722,
        1000, 722, 722, 667,
    ];
    const LOWER_R: [u32; 26] = [
        444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500,
        722, 500, 500, 444,
    ];
    const LOWER_B: [u32; 26] = [
        500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500,
        722, 500, 500, 444,
    ];
    let c = match c {
        'Đ' => 'D',
        'đ' => 'd',
        c => c,
    };
    match c {
        'A'..='Z' => (if bold { UPPER_B } else { UPPER_R })[(c as u8 - b'A') as usize],
        'a'..='z' => (if bold { LOWER_B } else { LOWER_R })[(c as u8 - b'a') as usize],
        '0'..='9' => 500,
        ' ' | '\u{a0}' | ',' | '.' => 250,
        '-' | ':' | ';' | '(' | ')' | '!' => 333,
        '/' => 278,
        c if (c as u32) < 0x2e80 => 556,
        _ => 1000,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_plausible() {
        // Quốc hiệu, 13 pt bold: about 95 mm = 5400 twips.
        let w = text_width(NATIONAL_TITLE, SIZE_NATIONAL, true);
        assert!((5000..5800).contains(&w), "{w}");
        // It fits the right letterhead column.
        assert!(w < HEAD_RIGHT - 2 * CELL_PAD, "{w}");
        assert_eq!(text_width("", 28, true), 0);
    }

    #[test]
    fn margins_are_in_the_nd30_ranges() {
        let mm = |t: i32| t as f64 / 56.6929;
        assert!((19.9..=25.1).contains(&mm(MARGIN_TOP)));
        assert!((19.9..=25.1).contains(&mm(MARGIN_BOTTOM)));
        assert!((29.9..=35.1).contains(&mm(MARGIN_LEFT)));
        assert!((14.9..=20.1).contains(&mm(MARGIN_RIGHT)));
        assert_eq!(HEAD_LEFT + HEAD_RIGHT, TEXT_WIDTH);
        assert_eq!(CLOSE_LEFT + CLOSE_RIGHT, TEXT_WIDTH);
    }

    #[test]
    fn core_title_is_escaped() {
        let x = String::from_utf8(core_xml("a < b & \"c\" ]]> 'd'\n e")).unwrap();
        assert!(x.contains("<dc:title>a &lt; b &amp; &quot;c&quot; ]]&gt; &apos;d&apos; e</dc:title>"), "{x}");
    }
}
