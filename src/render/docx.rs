//! The .docx renderer: a [`Document`] laid out per Nghị định 30/2020/NĐ-CP, Phụ lục I
//! (see `docs/nd30-format.md`), as schema-valid WordprocessingML (ECMA-376 Transitional).
//!
//! Pure core: no filesystem, no threads, no web crates; it runs natively and in wasm32.
//! The elements come from [`super::wml`], whose serialisers write every child in schema
//! order; the package (parts, relationships, content types, deflated zip) from
//! [`super::package`]. It never panics on any text the document holds: the XML writer
//! escapes `&`, `<`, `>`, `"` and drops characters XML forbids, newlines become `w:br` and
//! tabs `w:tab`.
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
//! - Page flow: headings keep with the next paragraph (and their lines together); the last
//!   body paragraph keeps with the closing table, whose row never splits, so the signature
//!   and `Nơi nhận` never start a page alone.
//!
//! Parts: document, styles, settings, fontTable, theme (Word and the OOXML validators expect
//! one), the two headers, core and app properties. No numbering, comments or footnotes part.
//!
//! Core properties: `dc:title` is the trích yếu, `dc:creator` the issuing body (the
//! letterhead's issuer lines), `dcterms:created`/`modified` the issue date at 00:00 UTC, or
//! [`FIXED_DATE`] when the draft has none, so the same draft always gives the same bytes.

use super::package::Package;
use super::wml::{
    self, Block, Border, Cell, CellMargins, HeightRule, Ind, Jc, LineRule, Lines, PPr, PageMargins, Para, RPr, Row,
    Run, SectPr, Spacing, Table, TblPr, TcPr, TextDirection, TrPr, VAlign, VMerge,
};
use super::xml::Xml;
use crate::document::{Appendix, Document, Para as DocPara, ParaStyle, MOTTO, NATIONAL_TITLE};
use crate::kind::Level;
use crate::model::Draft;

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
pub const MARGIN_LEFT: u32 = 1701;
/// Right 15 mm (ND30: 15–20).
pub const MARGIN_RIGHT: u32 = 851;
/// Distance of the header (page number) from the top edge: 10 mm, inside the top margin.
pub const HEADER_DISTANCE: u32 = 567;
pub const FOOTER_DISTANCE: u32 = 567;
/// Text width: 210 − 30 − 15 = 165 mm.
pub const TEXT_WIDTH: i32 = (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT) as i32;

pub const FONT: &str = "Times New Roman";
pub const COLOR: &str = "000000";

/// Font sizes in half-points (ND30 size set 13 / 14 / 14).
pub const SIZE_PARENT: u32 = 26; // tên cơ quan chủ quản, regular 13
pub const SIZE_ISSUER: u32 = 26; // tên cơ quan ban hành, bold 13
pub const SIZE_NUMBER: u32 = 26; // Số: …, regular 13
pub const SIZE_NATIONAL: u32 = 26; // Quốc hiệu, bold 13
pub const SIZE_MOTTO: u32 = 28; // Tiêu ngữ, bold 14
pub const SIZE_DATE: u32 = 28; // địa danh, ngày, italic 14
pub const SIZE_TYPE: u32 = 28; // BÁO CÁO, bold 14
pub const SIZE_TITLE: u32 = 28; // trích yếu, bold 14
pub const SIZE_BODY: u32 = 28; // body and Kính gửi, 14
pub const SIZE_CC_HEAD: u32 = 24; // Nơi nhận:, bold italic 12
pub const SIZE_CC: u32 = 22; // recipients, regular 11
pub const SIZE_SIGN: u32 = 28; // quyền hạn, chức vụ, signer, bold 14
pub const SIZE_PAGE_NUM: u32 = 28; // page number, 14

/// Body: first-line indent 1.27 cm, 6 pt after, single line spacing ("auto" 240; ND30 allows
/// single to 1.5). With these values LibreOffice breaks pages 1 and 2 of the sample exactly
/// where the reference report breaks them.
pub const BODY_FIRST_LINE: u32 = 720;
pub const BODY_AFTER: u32 = 120;
pub const BODY_LINE: u32 = 240;
/// Single line spacing (tables, header).
pub const SINGLE: u32 = 240;

/// Letterhead table: 38 % / 62 % of the text width (the decree's models: about 40 / 60; the
/// right column needs ≥ 96 mm for the Quốc hiệu at 13 pt bold on one line).
pub const HEAD_LEFT: i32 = 3555;
pub const HEAD_RIGHT: i32 = TEXT_WIDTH - HEAD_LEFT;
/// Closing table: 45 % / 55 %.
pub const CLOSE_LEFT: i32 = 4210;
pub const CLOSE_RIGHT: i32 = TEXT_WIDTH - CLOSE_LEFT;
/// Cell padding left/right in both tables (1 mm; Word's default is 1.9 mm).
pub const CELL_PAD: u32 = 57;
/// Rule lines: 0.5 pt (sz in eighths of a point).
pub const RULE_SIZE: u32 = 4;
/// Gap between a line of text and the rule under it: 3 pt.
pub const RULE_GAP: u32 = 60;
/// Empty paragraphs left for the handwritten signature and the seal.
pub const SIGNATURE_ROOM: usize = 5;

/// Appendices (Phụ lục: the figure tables) are on A4 landscape, 297 × 210 mm, each in a
/// section of its own after the report's portrait section. Top margin 20 mm (the edge that
/// is bound when the landscape pages are bound with the portrait ones), the others 15 mm.
pub const LAND_WIDTH: u32 = PAGE_HEIGHT;
pub const LAND_HEIGHT: u32 = PAGE_WIDTH;
pub const LAND_MARGIN_TOP: i32 = 1134;
pub const LAND_MARGIN_BOTTOM: i32 = 851;
pub const LAND_MARGIN_LEFT: u32 = 851;
pub const LAND_MARGIN_RIGHT: u32 = 851;
/// Landscape text width: 297 − 15 − 15 = 267 mm.
pub const LAND_TEXT_WIDTH: i32 = (LAND_WIDTH - LAND_MARGIN_LEFT - LAND_MARGIN_RIGHT) as i32;

/// Appendix font sizes (half-points): `PHỤ LỤC 01` bold 14, the form code 13, the title bold
/// 14, the data window and `(Kèm theo …)` italic 13; in the table the header and the MS row
/// 9 (bold header), the unit names and figures 10 (9 when a column is too narrow for its
/// widest figure at 10).
pub const SIZE_APX_HEADING: u32 = 28;
pub const SIZE_APX_FORM: u32 = 26;
pub const SIZE_APX_TITLE: u32 = 28;
pub const SIZE_APX_NOTE: u32 = 26;
pub const SIZE_APX_HEAD: u32 = 18;
pub const SIZE_APX_CELL: u32 = 20;
pub const SIZE_APX_CELL_SMALL: u32 = 18;
/// Appendix table: cell padding left and right 0.35 mm; the Đơn vị column between 24 and
/// 46 mm (two lines of the longest unit name); a text column (Ghi chú) 14 mm; the figure
/// columns share the rest (see `appendix_layout`). The header label of a figure column
/// narrower than [`APX_ROTATE_BELOW`] is rotated (read bottom to top), its lines
/// [`APX_ROT_LINE`] apart.
pub const APX_PAD: u32 = 20;
pub const APX_UNIT_MIN: i32 = 1361;
pub const APX_UNIT_MAX: i32 = 2608;
pub const APX_NOTE: i32 = 794;
pub const APX_ROTATE_BELOW: i32 = 800;
pub const APX_ROT_LINE: u32 = 200;
/// Grid lines of the appendix tables: 0.5 pt.
pub const APX_BORDER: u32 = 4;

/// Language of the text (proofing, hyphenation).
pub const LANG: &str = "vi-VN";
/// The date in `docProps/core.xml` when the document has no issue date: the day Nghị định
/// 30/2020/NĐ-CP was signed (a fixed value, so output does not depend on the clock).
pub const FIXED_DATE: &str = "2020-03-05";

const CT_DOCUMENT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const CT_STYLES: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml";
const CT_SETTINGS: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml";
const CT_FONTS: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml";
const CT_THEME: &str = "application/vnd.openxmlformats-officedocument.theme+xml";
const CT_HEADER: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml";
const CT_CORE: &str = "application/vnd.openxmlformats-package.core-properties+xml";
const CT_APP: &str = "application/vnd.openxmlformats-officedocument.extended-properties+xml";

const REL_DOCUMENT: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
const REL_CORE: &str = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
const REL_APP: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties";
const REL_STYLES: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
const REL_SETTINGS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings";
const REL_FONTS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable";
const REL_THEME: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";
const REL_HEADER: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header";
const REL_CUSTOM_XML: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml";
const REL_CUSTOM_XML_PROPS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps";
/// A Custom XML Data Storage part may have any XML content type (Part 1, §15.2.5).
const CT_XML: &str = "application/xml";
const CT_CUSTOM_XML_PROPS: &str = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml";

const DOCUMENT: &str = "word/document.xml";

/// The namespace of the draft kept in every .docx: `customXml/item1.xml` holds one
/// `<baocao:draft xmlns:baocao="urn:baocao:draft:1">` element whose text (CDATA) is the draft
/// JSON, `customXml/itemProps1.xml` names the namespace (ECMA-376 Part 1, §22.5). Word and
/// LibreOffice keep custom XML parts when they save the file.
pub const DRAFT_NS: &str = "urn:baocao:draft:1";
/// The draft's element (local name) in [`DRAFT_NS`].
pub const DRAFT_ELEMENT: &str = "draft";
pub const DRAFT_PART: &str = "customXml/item1.xml";
const DRAFT_PROPS: &str = "customXml/itemProps1.xml";

// ---------------------------------------------------------------------------------------------

/// The .docx file for `doc`, without its draft (see [`render_with_draft`]). Never panics;
/// returns an empty vector only if the in-memory zip writer fails, which it does not in
/// practice.
pub fn render(doc: &Document) -> Vec<u8> {
    render_with_draft(doc, None)
}

/// The .docx file for `doc`, carrying `draft` (the draft it was built from) as a custom XML
/// part, so that opening the .docx opens the draft (`draft_io::parse_bytes`). The same
/// document and draft always give the same bytes.
pub fn render_with_draft(doc: &Document, draft: Option<&Draft>) -> Vec<u8> {
    let mut pkg = Package::new();
    let (header_default, header_first) = relate_parts(&mut pkg);
    pkg.add(DOCUMENT, CT_DOCUMENT, document_part(doc, header_default, header_first).into_bytes());
    let defaults = RPr { font: Some(FONT), size: Some(SIZE_BODY), lang: Some(LANG), ..RPr::default() };
    let para_defaults = PPr { spacing: Some(spacing(SINGLE, 0, 0)), ..PPr::default() };
    pkg.add("word/styles.xml", CT_STYLES, wml::styles(&defaults, &para_defaults).into_bytes());
    pkg.add("word/settings.xml", CT_SETTINGS, wml::settings(LANG).into_bytes());
    pkg.add("word/fontTable.xml", CT_FONTS, wml::font_table(FONT).into_bytes());
    pkg.add("word/theme/theme1.xml", CT_THEME, theme_xml().into_bytes());
    pkg.add("word/header1.xml", CT_HEADER, wml::header(&[page_number_header()]).into_bytes());
    let first = Para { ppr: PPr { mark: rpr(SIZE_PAGE_NUM, false, false), ..PPr::default() }, runs: vec![] };
    pkg.add("word/header2.xml", CT_HEADER, wml::header(&[Block::Para(first)]).into_bytes());
    pkg.add("docProps/core.xml", CT_CORE, core_xml(&doc.title, &doc.issuer, doc.issued).into_bytes());
    pkg.add("docProps/app.xml", CT_APP, app_xml().into_bytes());
    if let Some(json) = draft.and_then(draft_json) {
        pkg.relate(DOCUMENT, REL_CUSTOM_XML, DRAFT_PART);
        pkg.relate(DRAFT_PART, REL_CUSTOM_XML_PROPS, DRAFT_PROPS);
        pkg.add(DRAFT_PART, CT_XML, draft_part(&json).into_bytes());
        pkg.add(DRAFT_PROPS, CT_CUSTOM_XML_PROPS, draft_props(&guid(json.as_bytes())).into_bytes());
    }
    pkg.finish()
}

/// `word/document.xml` of `doc`, as [`render`] writes it (the draft reader compares a
/// .docx's paragraphs with it).
pub fn document_xml(doc: &Document) -> String {
    let (header_default, header_first) = relate_parts(&mut Package::new());
    document_part(doc, header_default, header_first)
}

/// The package's and the main document's relationships; the ids of the two headers.
fn relate_parts(pkg: &mut Package) -> (String, String) {
    pkg.relate("", REL_DOCUMENT, DOCUMENT);
    pkg.relate("", REL_CORE, "docProps/core.xml");
    pkg.relate("", REL_APP, "docProps/app.xml");
    pkg.relate(DOCUMENT, REL_STYLES, "word/styles.xml");
    pkg.relate(DOCUMENT, REL_SETTINGS, "word/settings.xml");
    pkg.relate(DOCUMENT, REL_FONTS, "word/fontTable.xml");
    pkg.relate(DOCUMENT, REL_THEME, "word/theme/theme1.xml");
    let header_default = pkg.relate(DOCUMENT, REL_HEADER, "word/header1.xml");
    let header_first = pkg.relate(DOCUMENT, REL_HEADER, "word/header2.xml");
    (header_default, header_first)
}

fn document_part(doc: &Document, header_default: String, header_first: String) -> String {
    let portrait = SectPr {
        header_default: Some(header_default),
        header_first: Some(header_first),
        page: (PAGE_WIDTH, PAGE_HEIGHT),
        margins: PageMargins {
            top: MARGIN_TOP,
            right: MARGIN_RIGHT,
            bottom: MARGIN_BOTTOM,
            left: MARGIN_LEFT,
            header: HEADER_DISTANCE,
            footer: FOOTER_DISTANCE,
        },
    };
    let mut blocks = body(doc);
    if doc.appendices.is_empty() {
        return wml::document(&blocks, &portrait);
    }
    // The portrait section ends with the report; each appendix is a landscape section, the
    // last one's properties being the body's.
    blocks.push(Block::Para(section_break(portrait)));
    let n = doc.appendices.len();
    for (i, a) in doc.appendices.iter().enumerate() {
        blocks.extend(appendix(a));
        if i + 1 < n {
            blocks.push(Block::Para(section_break(landscape())));
        }
    }
    wml::document(&blocks, &landscape())
}

/// An appendix's section: A4 landscape, the report's headers (page number) carried on.
fn landscape() -> SectPr {
    SectPr {
        header_default: None,
        header_first: None,
        page: (LAND_WIDTH, LAND_HEIGHT),
        margins: PageMargins {
            top: LAND_MARGIN_TOP,
            right: LAND_MARGIN_RIGHT,
            bottom: LAND_MARGIN_BOTTOM,
            left: LAND_MARGIN_LEFT,
            header: HEADER_DISTANCE,
            footer: FOOTER_DISTANCE,
        },
    }
}

/// The empty paragraph that ends a section (it carries the section's properties): 1 pt
/// high, so it never pushes anything onto a page of its own.
fn section_break(sect: SectPr) -> Para {
    Para {
        ppr: PPr {
            spacing: Some(Spacing { before: 0, after: 0, line: 20, rule: LineRule::Exact }),
            mark: RPr { font: Some(FONT), size: Some(2), ..RPr::default() },
            section: Some(Box::new(sect)),
            ..PPr::default()
        },
        runs: vec![],
    }
}

/// The body's blocks, top to bottom.
fn body(doc: &Document) -> Vec<Block> {
    let mut out = vec![Block::Table(letterhead(doc))];

    // Tên loại and trích yếu: kept with what follows.
    let mut p = centred(line(&doc.doc_type, SIZE_TYPE).bold_all(), spacing(SINGLE, 360, 0));
    p.ppr.keep_next = true;
    out.push(Block::Para(p));
    if !doc.title.trim().is_empty() {
        let mut p = centred(line(&doc.title, SIZE_TITLE).bold_all(), spacing(SINGLE, 0, 0));
        p.ppr.keep_next = true;
        out.push(Block::Para(p));
        let w = text_width(&doc.title, SIZE_TITLE, true).min(TEXT_WIDTH);
        let mut r = rule(TEXT_WIDTH, w / 3, 0);
        r.ppr.keep_next = true;
        out.push(Block::Para(r));
    }

    // Kính gửi.
    out.extend(kinh_gui(&doc.to).into_iter().map(Block::Para));

    // Body; the last paragraph stays on the page of the signature.
    let n = doc.body.len();
    for (i, p) in doc.body.iter().enumerate() {
        let mut para = body_paragraph(p);
        if i + 1 == n {
            para.ppr.keep_next = true;
            para.ppr.keep_lines = true;
        }
        out.push(Block::Para(para));
    }

    out.push(Block::Table(closing(doc)));
    out
}

// ---------------------------------------------------------------------------------------------
// Runs and paragraphs.
// ---------------------------------------------------------------------------------------------

fn rpr(size: u32, bold: bool, italic: bool) -> RPr {
    RPr { font: Some(FONT), bold, italic, color: Some(COLOR), size: Some(size), lang: None }
}

/// A one-run paragraph builder, so callers can say `line(..).bold_all()`.
struct Line<'a> {
    text: &'a str,
    size: u32,
    bold: bool,
    italic: bool,
}

fn line(text: &str, size: u32) -> Line<'_> {
    Line { text, size, bold: false, italic: false }
}

impl Line<'_> {
    fn bold_all(mut self) -> Self {
        self.bold = true;
        self
    }
    fn italic_all(mut self) -> Self {
        self.italic = true;
        self
    }
    /// The paragraph mark carries the same formatting, so an empty line keeps its height.
    fn paragraph(self, jc: Jc, spacing: Spacing) -> Para {
        let f = rpr(self.size, self.bold, self.italic);
        let runs = if self.text.is_empty() { vec![] } else { vec![Run::text(f.clone(), self.text)] };
        Para { ppr: PPr { spacing: Some(spacing), jc: Some(jc), mark: f, ..PPr::default() }, runs }
    }
}

fn centred(l: Line, spacing: Spacing) -> Para {
    l.paragraph(Jc::Center, spacing)
}

fn spacing(line: u32, before: u32, after: u32) -> Spacing {
    Spacing { before, after, line, rule: LineRule::Auto }
}

/// A horizontal rule `width` long, centred in a space `avail` wide: an empty 1 pt paragraph
/// whose top border is narrowed by indents. `after` is the space below it.
fn rule(avail: i32, width: i32, after: u32) -> Para {
    let width = width.clamp(567.min(avail), avail.max(0));
    let side = ((avail - width) / 2).max(0);
    Para {
        ppr: PPr {
            border_top: Some(Border { size: RULE_SIZE, space: 1, color: COLOR }),
            spacing: Some(Spacing { before: RULE_GAP, after, line: 40, rule: LineRule::Exact }),
            ind: Some(Ind { left: side, right: side, first_line: 0 }),
            jc: Some(Jc::Center),
            mark: RPr { font: Some(FONT), size: Some(2), ..RPr::default() },
            ..PPr::default()
        },
        runs: vec![],
    }
}

fn body_paragraph(p: &DocPara) -> Para {
    let (bold, italic, outline) = match p.style {
        ParaStyle::Body => (false, false, None),
        ParaStyle::Heading(Level::Section) => (true, false, Some(0)),
        ParaStyle::Heading(Level::Clause) => (true, false, Some(1)),
        ParaStyle::Heading(Level::Point) => (false, true, Some(2)),
    };
    let heading = outline.is_some();
    let runs = p
        .runs
        .iter()
        .filter(|r| !r.text.is_empty())
        .map(|r| Run::text(rpr(SIZE_BODY, bold || r.bold, italic || r.italic), &r.text))
        .collect();
    Para {
        ppr: PPr {
            // A heading never ends a page: it keeps with the paragraph after it.
            keep_next: heading,
            keep_lines: heading,
            widow_control: Some(true),
            spacing: Some(spacing(BODY_LINE, 0, BODY_AFTER)),
            ind: Some(Ind { left: 0, right: 0, first_line: BODY_FIRST_LINE }),
            jc: Some(Jc::Both),
            outline_level: outline,
            mark: rpr(SIZE_BODY, bold, italic),
            ..PPr::default()
        },
        runs,
    }
}

// ---------------------------------------------------------------------------------------------
// Tables.
// ---------------------------------------------------------------------------------------------

fn cell(width: u32, paras: Vec<Para>) -> Cell {
    Cell {
        tcpr: TcPr { width, borders: Some(Lines::Nil), ..TcPr::default() },
        blocks: paras.into_iter().map(Block::Para).collect(),
    }
}

/// A borderless two-column table, fixed layout, explicit grid and widths; one row for each
/// (left, right) pair of cell contents; rows never split across pages.
fn two_columns(left: i32, right: i32, rows: Vec<(Vec<Para>, Vec<Para>)>) -> Table {
    let (left, right) = (left.max(0) as u32, right.max(0) as u32);
    Table {
        tblpr: TblPr {
            width: left + right,
            jc: Some(Jc::Left),
            borders: Some(Lines::Nil),
            fixed: true,
            cell_margins: Some(CellMargins { top: 0, left: CELL_PAD, bottom: 0, right: CELL_PAD }),
        },
        grid: vec![left, right],
        rows: rows
            .into_iter()
            .map(|(l, r)| Row {
                trpr: TrPr { cant_split: true, ..TrPr::default() },
                cells: vec![cell(left, l), cell(right, r)],
            })
            .collect(),
    }
}

fn letterhead(doc: &Document) -> Table {
    let tight = || spacing(SINGLE, 0, 0);
    let left_avail = HEAD_LEFT - 2 * CELL_PAD as i32;
    let right_avail = HEAD_RIGHT - 2 * CELL_PAD as i32;

    let mut left = Vec::new();
    if !doc.parent.trim().is_empty() {
        left.push(centred(line(&doc.parent, SIZE_PARENT), tight()));
    }
    for l in &doc.issuer {
        left.push(centred(line(l, SIZE_ISSUER).bold_all(), tight()));
    }
    if !doc.issuer.is_empty() {
        // ND30: a short rule under the issuer, 1/3 to 1/2 of its width.
        let widest = doc.issuer.iter().map(|l| text_width(l, SIZE_ISSUER, true)).max().unwrap_or(0);
        left.push(rule(left_avail, (widest.min(left_avail) * 2) / 5, 80));
    }
    let number = vec![centred(line(&doc.number_line, SIZE_NUMBER), tight())];

    let motto_w = text_width(MOTTO, SIZE_MOTTO, true);
    let right = vec![
        centred(line(NATIONAL_TITLE, SIZE_NATIONAL).bold_all(), tight()),
        centred(line(MOTTO, SIZE_MOTTO).bold_all(), tight()),
        // ND30: a rule as long as the tiêu ngữ.
        rule(right_avail, motto_w, 80),
    ];
    let date = vec![centred(line(&doc.place_date, SIZE_DATE).italic_all(), tight())];
    // Two rows, so that `Số:` and the date share a line whatever the names above them.
    two_columns(HEAD_LEFT, HEAD_RIGHT, vec![(left, right), (number, date)])
}

/// `Kính gửi`: one line centred; several as a block centred on the page, `Kính gửi:` first
/// and the `- …;` lines under it, aligned after the words `Kính gửi: `.
fn kinh_gui(to: &[String]) -> Vec<Para> {
    let to: Vec<&String> = to.iter().filter(|l| !l.trim().is_empty()).collect();
    let before = 240;
    let after_last = 240;
    match to.as_slice() {
        [] => Vec::new(),
        [one] => vec![centred(line(one, SIZE_BODY), spacing(SINGLE, before, after_last))],
        many => {
            let head = text_width("Kính gửi: ", SIZE_BODY, false);
            let widest = many[1..].iter().map(|l| text_width(l, SIZE_BODY, false)).max().unwrap_or(0);
            let left = ((TEXT_WIDTH - head - widest) / 2).clamp(0, TEXT_WIDTH / 3);
            let n = many.len();
            many.iter()
                .enumerate()
                .map(|(i, l)| {
                    let indent = if i == 0 { left } else { left + head };
                    let mut p = line(l, SIZE_BODY).paragraph(
                        Jc::Left,
                        spacing(SINGLE, if i == 0 { before } else { 0 }, if i + 1 == n { after_last } else { 0 }),
                    );
                    p.ppr.ind = Some(Ind { left: indent, right: 0, first_line: 0 });
                    p.ppr.keep_next = i + 1 < n;
                    p
                })
                .collect()
        }
    }
}

/// `Nơi nhận` and the signature: one row that never splits; inside each cell every paragraph
/// but the last keeps with the next, so the block moves to a new page whole.
fn closing(doc: &Document) -> Table {
    let mut left =
        vec![line("Nơi nhận:", SIZE_CC_HEAD).bold_all().italic_all().paragraph(Jc::Left, spacing(SINGLE, 120, 0))];
    for l in &doc.cc {
        left.push(line(l, SIZE_CC).paragraph(Jc::Left, spacing(SINGLE, 0, 0)));
    }

    let mut right = Vec::new();
    for (i, l) in doc.signature.iter().enumerate() {
        right.push(centred(line(l, SIZE_SIGN).bold_all(), spacing(SINGLE, if i == 0 { 120 } else { 0 }, 0)));
    }
    for _ in 0..SIGNATURE_ROOM {
        right.push(centred(line("", SIZE_SIGN), spacing(SINGLE, 0, 0)));
    }
    right.push(centred(line(&doc.signer, SIZE_SIGN).bold_all(), spacing(SINGLE, 0, 0)));
    for cell in [&mut left, &mut right] {
        let n = cell.len();
        for p in &mut cell[..n.saturating_sub(1)] {
            p.ppr.keep_next = true;
            p.ppr.keep_lines = true;
        }
    }
    two_columns(CLOSE_LEFT, CLOSE_RIGHT, vec![(left, right)])
}

// ---------------------------------------------------------------------------------------------
// Appendices: the figure tables on landscape pages.
// ---------------------------------------------------------------------------------------------

/// An appendix's blocks: its heading lines (kept with the table) and the table.
fn appendix(a: &Appendix) -> Vec<Block> {
    let mut lines = vec![
        centred(line(&a.heading, SIZE_APX_HEADING).bold_all(), spacing(SINGLE, 0, 0)),
        centred(line(&a.form, SIZE_APX_FORM), spacing(SINGLE, 0, 60)),
        centred(line(&a.title, SIZE_APX_TITLE).bold_all(), spacing(SINGLE, 0, 0)),
    ];
    for l in [&a.window, &a.attached_to] {
        if !l.trim().is_empty() {
            lines.push(centred(line(l, SIZE_APX_NOTE).italic_all(), spacing(SINGLE, 0, 0)));
        }
    }
    let lines: Vec<Para> = lines.into_iter().filter(|p| !p.runs.is_empty()).collect();
    let n = lines.len();
    let mut out: Vec<Block> = lines
        .into_iter()
        .enumerate()
        .map(|(i, mut p)| {
            p.ppr.keep_next = true;
            p.ppr.keep_lines = true;
            if i + 1 == n {
                if let Some(s) = &mut p.ppr.spacing {
                    s.after = 120;
                }
            }
            Block::Para(p)
        })
        .collect();
    out.push(Block::Table(appendix_table(a)));
    out
}

/// How many grid columns an appendix table has: Đơn vị and each of its columns.
fn appendix_columns(a: &Appendix) -> usize {
    let header = a.header.iter().map(|c| c.col + c.col_span.max(1)).max().unwrap_or(0);
    let rows = a.rows.iter().map(|r| r.cells.len() + 1).max().unwrap_or(0);
    a.ms.len().max(header).max(rows).max(1)
}

/// A text column (Ghi chú): a column without a number in the MS row.
fn is_text_column(a: &Appendix, j: usize) -> bool {
    j > 0 && a.ms.get(j).is_none_or(|m| m.trim().is_empty())
}

/// The column widths and the figures' font size. Đơn vị fits the longest unit name on two
/// lines (within [`APX_UNIT_MIN`]..[`APX_UNIT_MAX`]), a text column (Ghi chú) gets
/// [`APX_NOTE`], and the figure columns share the rest equally, except that a column whose
/// widest figure needs more gets what it needs (at 10 pt, else at 9 pt; if even that does
/// not fit, shares in proportion to the needs at 9 pt, and the widest figures wrap). Đơn vị
/// takes what rounding leaves, so the table is exactly the landscape text width.
fn appendix_layout(a: &Appendix) -> (Vec<i32>, u32) {
    let n = appendix_columns(a);
    let notes = (1..n).filter(|&j| is_text_column(a, j)).count() as i32;
    let figures: Vec<usize> = (1..n).filter(|&j| !is_text_column(a, j)).collect();
    let pad = 2 * APX_PAD as i32;
    let widest = a.rows.iter().map(|r| text_width(&r.name, SIZE_APX_CELL, r.total)).max().unwrap_or(0);
    let unit = (widest / 2 + pad + 120).clamp(APX_UNIT_MIN, APX_UNIT_MAX);
    let note_w =
        if figures.is_empty() && notes > 0 { ((LAND_TEXT_WIDTH - unit) / notes).max(pad + 1) } else { APX_NOTE };
    let avail = LAND_TEXT_WIDTH - unit - notes * note_w;
    // What a figure column needs: its widest figure (digits and the grouping dot have exact
    // widths in Times New Roman, so little slack), its MS number when it is one (a relation
    // like `1=4+13+22` wraps), and one line of a rotated label.
    let need = |j: usize, size: u32| {
        let w = a.rows.iter().map(|r| r.cells.get(j - 1).map_or(0, |t| text_width(t, size, r.total))).max();
        let ms = a.ms.get(j).filter(|m| !m.contains('=')).map_or(0, |m| text_width(m, SIZE_APX_HEAD, false));
        (w.unwrap_or(0).max(ms) + pad + 10).max(rotated_min())
    };
    let (widths, size) = [SIZE_APX_CELL, SIZE_APX_CELL_SMALL]
        .into_iter()
        .find_map(|size| share(avail, &figures.iter().map(|&j| need(j, size)).collect::<Vec<_>>()).map(|w| (w, size)))
        .unwrap_or_else(|| {
            let needs: Vec<i64> = figures.iter().map(|&j| need(j, SIZE_APX_CELL_SMALL) as i64).collect();
            let sum = needs.iter().sum::<i64>().max(1);
            let w = needs.iter().map(|n| ((n * avail as i64 / sum) as i32).max(pad + 1)).collect();
            (w, SIZE_APX_CELL_SMALL)
        });
    let mut grid = vec![note_w; n];
    grid[0] = 0;
    for (&j, w) in figures.iter().zip(widths) {
        grid[j] = w;
    }
    let used: i32 = grid.iter().sum();
    grid[0] = (LAND_TEXT_WIDTH - used).max(pad + 1);
    (grid, size)
}

/// `avail` split over columns that need at least `needs` each: equal shares, except that a
/// column needing more than the share gets its need and the others share the rest. `None`
/// when the needs do not fit.
fn share(avail: i32, needs: &[i32]) -> Option<Vec<i32>> {
    let mut fixed = vec![false; needs.len()];
    loop {
        let free = fixed.iter().filter(|f| !**f).count() as i32;
        let used: i32 = needs.iter().zip(&fixed).filter(|(_, f)| **f).map(|(w, _)| *w).sum();
        if free == 0 {
            return (used <= avail).then(|| needs.to_vec());
        }
        let each = (avail - used) / free;
        let mut more = false;
        for (f, w) in fixed.iter_mut().zip(needs) {
            if !*f && *w > each {
                *f = true;
                more = true;
            }
        }
        if !more {
            return Some(needs.iter().zip(&fixed).map(|(w, f)| if *f { *w } else { each }).collect());
        }
    }
}

/// The fewest lines `text` wraps into at `width` (greedy, by words, widths estimated).
fn wrapped_lines(text: &str, size: u32, bold: bool, width: i32) -> usize {
    let space = text_width(" ", size, bold);
    let (mut lines, mut at) = (0, 0);
    for w in text.split_whitespace() {
        let ww = text_width(w, size, bold);
        if lines == 0 || at + space + ww > width {
            lines += 1;
            at = ww;
        } else {
            at += space + ww;
        }
    }
    lines
}

/// The narrowest column a rotated label fits in: one line, its padding and 2 pt to spare.
fn rotated_min() -> i32 {
    APX_ROT_LINE as i32 + 2 * APX_PAD as i32 + 40
}

/// The length a rotated label needs (twips along the column) so that it wraps into no more
/// lines than fit across a column `width` wide (with 2 pt to spare); with a margin for the
/// width estimate.
fn rotated_length(text: &str, width: i32) -> i32 {
    let fit = ((width - rotated_min() + APX_ROT_LINE as i32) / APX_ROT_LINE as i32).max(1) as usize;
    let longest = text.split_whitespace().map(|w| text_width(w, SIZE_APX_HEAD, true)).max().unwrap_or(0);
    let (mut lo, mut hi) = (longest.max(1), text_width(text, SIZE_APX_HEAD, true).max(longest).max(1));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if wrapped_lines(text, SIZE_APX_HEAD, true, mid) <= fit {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo * 108 / 100 + 2 * CELL_PAD as i32 + 60
}

/// A paragraph of a table cell: one run, no spacing.
fn cell_line(text: &str, size: u32, bold: bool, jc: Jc) -> Para {
    let l = Line { text, size, bold, italic: false };
    l.paragraph(jc, spacing(SINGLE, 0, 0))
}

/// A rotated header label: lines [`APX_ROT_LINE`] apart.
fn rotated_line(text: &str) -> Para {
    let l = Line { text, size: SIZE_APX_HEAD, bold: true, italic: false };
    l.paragraph(Jc::Center, Spacing { before: 0, after: 0, line: APX_ROT_LINE, rule: LineRule::Exact })
}

/// The table of an appendix: the merged header (every row repeated on each page), the MS row
/// (repeated too), one row per unit, the Tổng row in bold; fixed layout, grid lines on every
/// cell, no row split across pages.
fn appendix_table(a: &Appendix) -> Table {
    let (grid, size) = appendix_layout(a);
    let n = grid.len();
    let span_width = |col: usize, span: usize| -> u32 {
        grid[col.min(n)..(col + span.max(1)).min(n)].iter().sum::<i32>().max(0) as u32
    };
    let head_rows = a.header_rows.max(a.header.iter().map(|c| c.row + c.row_span.max(1)).max().unwrap_or(0));

    // Which header cell covers each place of the header's grid.
    let mut owner: Vec<Vec<Option<usize>>> = vec![vec![None; n]; head_rows];
    for (i, c) in a.header.iter().enumerate() {
        for row in owner.iter_mut().skip(c.row).take(c.row_span.max(1)) {
            for place in row.iter_mut().skip(c.col).take(c.col_span.max(1)) {
                place.get_or_insert(i);
            }
        }
    }
    // The label of a single figure column narrower than APX_ROTATE_BELOW is rotated (the
    // figure columns alike); Đơn vị and text columns (Ghi chú) are not.
    let rotated = |c: &crate::document::HeaderCell| {
        c.col > 0
            && c.col_span <= 1
            && !is_text_column(a, c.col)
            && grid.get(c.col).is_some_and(|w| *w < APX_ROTATE_BELOW)
    };
    // The bottom row of each rotated label is tall enough for it, counting a line of 9 pt
    // for each row above it in its span.
    const UPPER_ROW: i32 = 260;
    let mut heights = vec![0i32; head_rows];
    for c in a.header.iter().filter(|c| rotated(c) && !c.text.trim().is_empty()) {
        let bottom = (c.row + c.row_span.max(1) - 1).min(head_rows.saturating_sub(1));
        let need = rotated_length(&c.text, grid[c.col]) - UPPER_ROW * (c.row_span.max(1) as i32 - 1);
        heights[bottom] = heights[bottom].max(need);
    }

    let lines = Lines::Single(Border { size: APX_BORDER, space: 0, color: COLOR });
    let mut rows = Vec::new();
    for (r, places) in owner.iter().enumerate() {
        let mut cells = Vec::new();
        let mut j = 0;
        while j < n {
            let Some(i) = places[j] else {
                cells.push(Cell { tcpr: TcPr { width: span_width(j, 1), ..TcPr::default() }, blocks: vec![] });
                j += 1;
                continue;
            };
            let c = &a.header[i];
            let span = c.col_span.max(1).min(n - j);
            let turn = rotated(c);
            let first = c.row == r;
            let tcpr = TcPr {
                width: span_width(j, span),
                grid_span: span as u32,
                v_merge: match (c.row_span > 1, first) {
                    (false, _) => None,
                    (true, true) => Some(VMerge::Restart),
                    (true, false) => Some(VMerge::Continue),
                },
                text_direction: turn.then_some(TextDirection::BottomToTop),
                v_align: Some(VAlign::Center),
                ..TcPr::default()
            };
            let p = match (first, turn) {
                (false, _) => cell_line("", SIZE_APX_HEAD, true, Jc::Center),
                (true, true) => rotated_line(&c.text),
                (true, false) => cell_line(&c.text, SIZE_APX_HEAD, true, Jc::Center),
            };
            cells.push(Cell { tcpr, blocks: vec![Block::Para(p)] });
            j += span;
        }
        let height = (heights[r] > 0).then_some((heights[r] as u32, HeightRule::AtLeast));
        rows.push(Row { trpr: TrPr { cant_split: true, height, header: true }, cells });
    }

    // The MS row.
    let plain = |j: usize, p: Para| Cell {
        tcpr: TcPr { width: span_width(j, 1), v_align: Some(VAlign::Center), ..TcPr::default() },
        blocks: vec![Block::Para(p)],
    };
    let ms: Vec<Cell> = (0..n)
        .map(|j| plain(j, cell_line(a.ms.get(j).map_or("", |s| s.as_str()), SIZE_APX_HEAD, false, Jc::Center)))
        .collect();
    rows.push(Row { trpr: TrPr { cant_split: true, header: true, ..TrPr::default() }, cells: ms });

    for r in &a.rows {
        let mut cells = vec![plain(0, cell_line(&r.name, size, r.total, if r.total { Jc::Center } else { Jc::Left }))];
        for j in 1..n {
            let t = r.cells.get(j - 1).map_or("", |s| s.as_str());
            let jc = if is_text_column(a, j) { Jc::Left } else { Jc::Center };
            cells.push(plain(j, cell_line(t, size, r.total, jc)));
        }
        rows.push(Row { trpr: TrPr { cant_split: true, ..TrPr::default() }, cells });
    }

    Table {
        tblpr: TblPr {
            width: span_width(0, n),
            jc: Some(Jc::Center),
            borders: Some(lines),
            fixed: true,
            cell_margins: Some(CellMargins { top: 0, left: APX_PAD, bottom: 0, right: APX_PAD }),
        },
        grid: grid.iter().map(|w| (*w).max(0) as u32).collect(),
        rows,
    }
}

// ---------------------------------------------------------------------------------------------
// The draft, kept in the package as custom XML (Part 1, §15.2.5, §22.5).
// ---------------------------------------------------------------------------------------------

/// The draft as JSON text fit for XML: serde_json escapes every control character; the two
/// other characters XML forbids that JSON text can hold raw (U+FFFE, U+FFFF, only ever inside
/// a string) are written as `\u` escapes, which JSON reads back as the same characters.
fn draft_json(d: &Draft) -> Option<String> {
    let json = serde_json::to_string(d).ok()?;
    Some(if json.contains(['\u{fffe}', '\u{ffff}']) {
        json.replace('\u{fffe}', "\\ufffe").replace('\u{ffff}', "\\uffff")
    } else {
        json
    })
}

/// `customXml/item1.xml`: `<baocao:draft xmlns:baocao="urn:baocao:draft:1">` holding the JSON
/// as CDATA (readable as is; a `]]>` inside a string is split over two sections).
fn draft_part(json: &str) -> String {
    let mut x = Xml::new();
    x.start("baocao:draft").attr("xmlns:baocao", DRAFT_NS).open();
    x.cdata(json);
    x.end("baocao:draft");
    x.finish()
}

/// `customXml/itemProps1.xml` (§22.5.2.1 datastoreItem): the item's id and its namespace.
fn draft_props(item_id: &str) -> String {
    let mut x = Xml::new();
    x.start("ds:datastoreItem")
        .attr("ds:itemID", item_id)
        .attr("xmlns:ds", "http://schemas.openxmlformats.org/officeDocument/2006/customXml")
        .open();
    x.start("ds:schemaRefs").open();
    x.start("ds:schemaRef").attr("ds:uri", DRAFT_NS).empty();
    x.end("ds:schemaRefs");
    x.end("ds:datastoreItem");
    x.finish()
}

/// A GUID (`{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, ST_Guid, §22.9.2) derived from `bytes`:
/// two 64-bit FNV-1a hashes, marked as an RFC 9562 version 8 (custom) UUID. The same draft
/// has the same id, so the bytes of the .docx stay deterministic.
fn guid(bytes: &[u8]) -> String {
    let fnv = |basis: u64| bytes.iter().fold(basis, |h, b| (h ^ *b as u64).wrapping_mul(0x0000_0100_0000_01b3));
    let hi = fnv(0xcbf2_9ce4_8422_2325);
    let lo = fnv(0x6c62_272e_07bb_0142 ^ hi);
    let hi = (hi & !0xf000) | 0x8000; // version 8
    let lo = (lo & !(0b11 << 62)) | (0b10 << 62); // variant 10
    format!(
        "{{{:08X}-{:04X}-{:04X}-{:04X}-{:012X}}}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

// ---------------------------------------------------------------------------------------------
// Header, properties, theme.
// ---------------------------------------------------------------------------------------------

/// The default header: the page number, centred (a PAGE field). The first page has its own
/// empty header.
fn page_number_header() -> Block {
    let f = rpr(SIZE_PAGE_NUM, false, false);
    Block::Para(Para {
        ppr: PPr { jc: Some(Jc::Center), mark: f.clone(), ..PPr::default() },
        runs: vec![Run::field(f, " PAGE ", "2")],
    })
}

/// `docProps/core.xml` (ECMA-376 Part 2, §11): title, creator (the issuing body), the dates.
fn core_xml(title: &str, issuer: &[String], issued: Option<time::Date>) -> String {
    let title = one_line(title);
    let creator = one_line(&issuer.join(" "));
    let date = match issued {
        Some(d) => crate::text::iso_date(d),
        None => FIXED_DATE.to_string(),
    };
    let mut x = Xml::new();
    x.start("cp:coreProperties")
        .attr("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties")
        .attr("xmlns:dc", "http://purl.org/dc/elements/1.1/")
        .attr("xmlns:dcterms", "http://purl.org/dc/terms/")
        .attr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
        .open();
    if !title.is_empty() {
        x.text_element("dc:title", &title);
    }
    if !creator.is_empty() {
        x.text_element("dc:creator", &creator);
        x.text_element("cp:lastModifiedBy", &creator);
    }
    x.text_element("dc:language", LANG);
    x.text_element("cp:revision", "1");
    for el in ["dcterms:created", "dcterms:modified"] {
        x.start(el).attr("xsi:type", "dcterms:W3CDTF").open();
        x.text(&format!("{date}T00:00:00Z"));
        x.end(el);
    }
    x.end("cp:coreProperties");
    x.finish()
}

/// `docProps/app.xml` (Part 1, §22.2): the application.
fn app_xml() -> String {
    let mut x = Xml::new();
    x.start("Properties")
        .attr("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties")
        .open();
    x.text_element("Application", "baocao");
    x.text_element("DocSecurity", "0");
    x.end("Properties");
    x.finish()
}

/// `word/theme/theme1.xml` (Part 1, §20.1.6): black and white colours, Times New Roman as
/// both theme fonts, plain formatting lists (each needs three entries).
fn theme_xml() -> String {
    let mut x = Xml::new();
    x.start("a:theme")
        .attr("xmlns:a", "http://schemas.openxmlformats.org/drawingml/2006/main")
        .attr("name", "baocao")
        .open();
    x.start("a:themeElements").open();
    x.start("a:clrScheme").attr("name", "baocao").open();
    for (name, rgb) in [
        ("a:dk1", "000000"),
        ("a:lt1", "FFFFFF"),
        ("a:dk2", "000000"),
        ("a:lt2", "FFFFFF"),
        ("a:accent1", "000000"),
        ("a:accent2", "000000"),
        ("a:accent3", "000000"),
        ("a:accent4", "000000"),
        ("a:accent5", "000000"),
        ("a:accent6", "000000"),
        ("a:hlink", "0000FF"),
        ("a:folHlink", "800080"),
    ] {
        x.start(name).open();
        x.start("a:srgbClr").attr("val", rgb).empty();
        x.end(name);
    }
    x.end("a:clrScheme");
    x.start("a:fontScheme").attr("name", "baocao").open();
    for name in ["a:majorFont", "a:minorFont"] {
        x.start(name).open();
        x.start("a:latin").attr("typeface", FONT).empty();
        x.start("a:ea").attr("typeface", "").empty();
        x.start("a:cs").attr("typeface", "").empty();
        x.end(name);
    }
    x.end("a:fontScheme");
    x.start("a:fmtScheme").attr("name", "baocao").open();
    let solid = |x: &mut Xml| {
        x.start("a:solidFill").open();
        x.start("a:schemeClr").attr("val", "phClr").empty();
        x.end("a:solidFill");
    };
    x.start("a:fillStyleLst").open();
    (0..3).for_each(|_| solid(&mut x));
    x.end("a:fillStyleLst");
    x.start("a:lnStyleLst").open();
    for _ in 0..3 {
        x.start("a:ln").attr("w", 6350).open();
        solid(&mut x);
        x.end("a:ln");
    }
    x.end("a:lnStyleLst");
    x.start("a:effectStyleLst").open();
    for _ in 0..3 {
        x.start("a:effectStyle").open();
        x.leaf("a:effectLst");
        x.end("a:effectStyle");
    }
    x.end("a:effectStyleLst");
    x.start("a:bgFillStyleLst").open();
    (0..3).for_each(|_| solid(&mut x));
    x.end("a:bgFillStyleLst");
    x.end("a:fmtScheme");
    x.end("a:themeElements");
    x.end("a:theme");
    x.finish()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// Text width estimate, for the rule lines and the Kính gửi block: Times New Roman advance
// widths (per 1000 em) of the base letter, diacritics ignored. Rough, never load-bearing.
// ---------------------------------------------------------------------------------------------

fn text_width(s: &str, half_points: u32, bold: bool) -> i32 {
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
        assert!(w < HEAD_RIGHT - 2 * CELL_PAD as i32, "{w}");
        assert_eq!(text_width("", 28, true), 0);
    }

    #[test]
    fn margins_are_in_the_nd30_ranges() {
        let mm = |t: u32| t as f64 / 56.6929;
        assert!((19.9..=25.1).contains(&mm(MARGIN_TOP.unsigned_abs())));
        assert!((19.9..=25.1).contains(&mm(MARGIN_BOTTOM.unsigned_abs())));
        assert!((29.9..=35.1).contains(&mm(MARGIN_LEFT)));
        assert!((14.9..=20.1).contains(&mm(MARGIN_RIGHT)));
        assert_eq!(HEAD_LEFT + HEAD_RIGHT, TEXT_WIDTH);
        assert_eq!(CLOSE_LEFT + CLOSE_RIGHT, TEXT_WIDTH);
    }

    #[test]
    fn guids_are_well_formed_and_stable() {
        let g = guid(b"{}");
        assert_eq!(g, guid(b"{}"));
        assert_ne!(g, guid(b"{ }"));
        assert_eq!(g.len(), 38, "{g}");
        let hex = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase());
        let parts: Vec<&str> = g.trim_start_matches('{').trim_end_matches('}').split('-').collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{g}");
        assert!(parts.iter().all(|p| hex(p)), "{g}");
        assert!(parts[2].starts_with('8') && "89AB".contains(&parts[3][..1]), "version 8, variant 10: {g}");
    }

    #[test]
    fn draft_json_has_no_character_xml_forbids() {
        let mut d = Draft::new("k");
        d.fields.insert("a".into(), serde_json::Value::String("x\u{fffe}\u{ffff}\u{1}]]>y".into()));
        let json = draft_json(&d).unwrap();
        assert!(!json.chars().any(crate::text::is_xml_forbidden), "{json}");
        let back: Draft = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
        let part = draft_part(&json);
        assert!(part.contains("]]]]><![CDATA[>y"), "{part}");
    }

    #[test]
    fn appendix_widths_fill_the_landscape_text_width() {
        assert_eq!(LAND_TEXT_WIDTH, 15136);
        let mm = |t: i32| t as f64 / 56.6929;
        assert!((14.9..=20.1).contains(&mm(LAND_MARGIN_LEFT as i32)) && (14.9..=20.1).contains(&mm(LAND_MARGIN_TOP)));
        assert_eq!(wrapped_lines("Số người được tiếp", SIZE_APX_HEAD, true, 100_000), 1);
        assert_eq!(wrapped_lines("Số người được tiếp", SIZE_APX_HEAD, true, 1), 4);
        assert!(rotated_length("Số người được tiếp", 440) > rotated_length("Số người được tiếp", 900));
        // Equal shares, a column that needs more gets it, needs that do not fit: none.
        assert_eq!(share(900, &[100, 100, 100]), Some(vec![300, 300, 300]));
        assert_eq!(share(900, &[100, 500, 100]), Some(vec![200, 500, 200]));
        assert_eq!(share(900, &[100, 500, 450]), None);
        assert_eq!(share(900, &[]), Some(vec![]));
    }

    #[test]
    fn core_title_is_escaped() {
        let x = core_xml("a < b & \"c\" ]]> 'd'\n e", &["UBND <X>".into()], None);
        assert!(x.contains("<dc:title>a &lt; b &amp; &quot;c&quot; ]]&gt; 'd' e</dc:title>"), "{x}");
        assert!(x.contains("<dc:creator>UBND &lt;X&gt;</dc:creator>"), "{x}");
        assert!(x.contains(&format!(">{FIXED_DATE}T00:00:00Z</dcterms:created>")), "{x}");
    }
}
