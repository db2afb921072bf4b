//! The WordprocessingML elements the reports use, as typed values whose serialisers write
//! every child in the order the schema requires (ECMA-376 Part 1, §17; Transitional, with
//! `w:rPr` children in Office's sequence). Each property container is a struct with one field
//! per child element and one `write` method that visits the fields in schema order, so no
//! caller can emit them out of order: adding an element is adding a field and one line in
//! the right place of its `write`.
//!
//! Text is safe by construction too: [`Run::text`] takes any string, and the serialiser turns
//! newlines into `w:br`, tabs into `w:tab` and drops characters XML forbids, so no literal
//! line break ever reaches a `w:t`.

use super::xml::Xml;

pub const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// ---------------------------------------------------------------------------------------------
// Run properties (CT_RPr, §17.3.2.28).
// ---------------------------------------------------------------------------------------------

/// Run properties, written as rFonts, b, bCs, i, iCs, color, sz, szCs, lang (the order of
/// EG_RPrBase, §17.3.2.28).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RPr {
    /// One font for the ascii, hAnsi, eastAsia and cs slots (`w:rFonts`, §17.3.2.26).
    pub font: Option<&'static str>,
    /// `w:b` and `w:bCs`.
    pub bold: bool,
    /// `w:i` and `w:iCs`.
    pub italic: bool,
    /// `w:color`, hex RGB.
    pub color: Option<&'static str>,
    /// `w:sz` and `w:szCs`, in half-points.
    pub size: Option<u32>,
    /// `w:lang` (BCP 47), e.g. `vi-VN`.
    pub lang: Option<&'static str>,
}

impl RPr {
    pub fn is_empty(&self) -> bool {
        *self == RPr::default()
    }

    pub fn write(&self, x: &mut Xml) {
        if self.is_empty() {
            return;
        }
        x.start("w:rPr").open();
        if let Some(f) = self.font {
            x.start("w:rFonts").attr("w:ascii", f).attr("w:eastAsia", f).attr("w:hAnsi", f).attr("w:cs", f).empty();
        }
        if self.bold {
            x.leaf("w:b");
            x.leaf("w:bCs");
        }
        if self.italic {
            x.leaf("w:i");
            x.leaf("w:iCs");
        }
        if let Some(c) = self.color {
            x.val("w:color", c);
        }
        if let Some(s) = self.size {
            x.val("w:sz", s);
            x.val("w:szCs", s);
        }
        if let Some(l) = self.lang {
            x.start("w:lang").attr("w:val", l).attr("w:eastAsia", l).empty();
        }
        x.end("w:rPr");
    }
}

// ---------------------------------------------------------------------------------------------
// Paragraph properties (CT_PPr, §17.3.1.26).
// ---------------------------------------------------------------------------------------------

/// `w:jc` values used (ST_Jc, §17.18.44).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jc {
    Left,
    Center,
    Both,
}

impl Jc {
    fn as_str(self) -> &'static str {
        match self {
            Jc::Left => "left",
            Jc::Center => "center",
            Jc::Both => "both",
        }
    }
}

/// `w:lineRule` (ST_LineSpacingRule, §17.18.48).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineRule {
    Auto,
    Exact,
}

/// `w:spacing` (§17.3.1.33): before/after in twips, line in 240ths (auto) or twips.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spacing {
    pub before: u32,
    pub after: u32,
    pub line: u32,
    pub rule: LineRule,
}

impl Spacing {
    fn write(&self, x: &mut Xml) {
        let rule = match self.rule {
            LineRule::Auto => "auto",
            LineRule::Exact => "exact",
        };
        x.start("w:spacing")
            .attr("w:before", self.before)
            .attr("w:after", self.after)
            .attr("w:line", self.line)
            .attr("w:lineRule", rule)
            .empty();
    }
}

/// `w:ind` (§17.3.1.12), twips.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ind {
    pub left: i32,
    pub right: i32,
    pub first_line: u32,
}

/// One side of a border (CT_Border, §17.3.4): a single line `size` eighths of a point wide,
/// `space` points from the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Border {
    pub size: u32,
    pub space: u32,
    pub color: &'static str,
}

impl Border {
    fn write(&self, x: &mut Xml, side: &str) {
        x.start(side)
            .attr("w:val", "single")
            .attr("w:sz", self.size)
            .attr("w:space", self.space)
            .attr("w:color", self.color)
            .empty();
    }
}

/// Paragraph properties, written in the order of CT_PPrBase then CT_PPr (§17.3.1.26):
/// pStyle, keepNext, keepLines, pageBreakBefore, widowControl, pBdr, spacing, ind, jc,
/// outlineLvl, rPr, sectPr.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PPr {
    pub style: Option<&'static str>,
    pub keep_next: bool,
    pub keep_lines: bool,
    pub page_break_before: bool,
    /// `w:widowControl`: `Some(true)` on, `Some(false)` explicitly off.
    pub widow_control: Option<bool>,
    /// `w:pBdr/w:top` (the rule lines).
    pub border_top: Option<Border>,
    pub spacing: Option<Spacing>,
    pub ind: Option<Ind>,
    pub jc: Option<Jc>,
    /// `w:outlineLvl` (0 = level 1), for the navigation pane and the table of contents.
    pub outline_level: Option<u8>,
    /// Formatting of the paragraph mark.
    pub mark: RPr,
    /// A section break: this paragraph ends a section laid out so.
    pub section: Option<Box<SectPr>>,
}

impl PPr {
    pub fn is_empty(&self) -> bool {
        *self == PPr::default()
    }

    pub fn write(&self, x: &mut Xml) {
        if self.is_empty() {
            return;
        }
        x.start("w:pPr").open();
        if let Some(s) = self.style {
            x.val("w:pStyle", s);
        }
        if self.keep_next {
            x.leaf("w:keepNext");
        }
        if self.keep_lines {
            x.leaf("w:keepLines");
        }
        if self.page_break_before {
            x.leaf("w:pageBreakBefore");
        }
        match self.widow_control {
            Some(true) => x.leaf("w:widowControl"),
            Some(false) => x.val("w:widowControl", "0"),
            None => {}
        }
        if let Some(b) = &self.border_top {
            x.start("w:pBdr").open();
            b.write(x, "w:top");
            x.end("w:pBdr");
        }
        if let Some(s) = &self.spacing {
            s.write(x);
        }
        if let Some(i) = &self.ind {
            x.start("w:ind").attr("w:left", i.left).attr("w:right", i.right);
            if i.first_line > 0 {
                x.attr("w:firstLine", i.first_line);
            }
            x.empty();
        }
        if let Some(j) = self.jc {
            x.val("w:jc", j.as_str());
        }
        if let Some(l) = self.outline_level {
            x.val("w:outlineLvl", l);
        }
        self.mark.write(x);
        if let Some(s) = &self.section {
            s.write(x);
        }
        x.end("w:pPr");
    }
}

// ---------------------------------------------------------------------------------------------
// Runs and paragraphs (§17.3.2, §17.3.1).
// ---------------------------------------------------------------------------------------------

/// `w:fldChar` types (ST_FldCharType, §17.18.29).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FldChar {
    Begin,
    Separate,
    End,
}

/// What a run holds (EG_RunInnerContent, §17.3.3).
#[derive(Clone, Debug, PartialEq)]
pub enum RunItem {
    /// Any text: the serialiser writes `w:t`, `w:br` for a line break, `w:tab` for a tab.
    Text(String),
    FldChar(FldChar),
    /// A field code, e.g. ` PAGE ` (`w:instrText`).
    InstrText(&'static str),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    pub rpr: RPr,
    pub items: Vec<RunItem>,
}

impl Run {
    pub fn text(rpr: RPr, text: &str) -> Run {
        Run { rpr, items: vec![RunItem::Text(text.to_string())] }
    }

    /// A complete field (§17.16.18): begin, the code, separate, the cached result, end.
    pub fn field(rpr: RPr, code: &'static str, cached: &str) -> Run {
        Run {
            rpr,
            items: vec![
                RunItem::FldChar(FldChar::Begin),
                RunItem::InstrText(code),
                RunItem::FldChar(FldChar::Separate),
                RunItem::Text(cached.to_string()),
                RunItem::FldChar(FldChar::End),
            ],
        }
    }

    fn write(&self, x: &mut Xml) {
        x.start("w:r").open();
        self.rpr.write(x);
        for item in &self.items {
            match item {
                RunItem::Text(t) => write_text(x, t),
                RunItem::FldChar(f) => {
                    let t = match f {
                        FldChar::Begin => "begin",
                        FldChar::Separate => "separate",
                        FldChar::End => "end",
                    };
                    x.start("w:fldChar").attr("w:fldCharType", t).empty();
                }
                RunItem::InstrText(code) => {
                    x.start("w:instrText").attr("xml:space", "preserve").open();
                    x.text(code);
                    x.end("w:instrText");
                }
            }
        }
        x.end("w:r");
    }
}

/// Text as `w:t` pieces: `\r\n`, `\r` and `\n` become `w:br`, `\t` becomes `w:tab`;
/// forbidden characters are dropped by the XML writer.
fn write_text(x: &mut Xml, s: &str) {
    let mut piece_start = 0;
    let mut chars = s.char_indices().peekable();
    let flush = |x: &mut Xml, piece: &str| {
        if !piece.is_empty() {
            x.start("w:t").attr("xml:space", "preserve").open();
            x.text(piece);
            x.end("w:t");
        }
    };
    while let Some((i, c)) = chars.next() {
        match c {
            '\n' | '\r' | '\t' => {
                flush(x, &s[piece_start..i]);
                let mut next = i + 1;
                if c == '\r' {
                    if let Some(&(j, '\n')) = chars.peek() {
                        chars.next();
                        next = j + 1;
                    }
                }
                x.leaf(if c == '\t' { "w:tab" } else { "w:br" });
                piece_start = next;
            }
            _ => {}
        }
    }
    flush(x, &s[piece_start..]);
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Para {
    pub ppr: PPr,
    pub runs: Vec<Run>,
}

impl Para {
    fn write(&self, x: &mut Xml) {
        x.start("w:p").open();
        self.ppr.write(x);
        for r in &self.runs {
            r.write(x);
        }
        x.end("w:p");
    }
}

// ---------------------------------------------------------------------------------------------
// Tables (§17.4).
// ---------------------------------------------------------------------------------------------

/// Cell margins (`w:tblCellMar`, §17.4.42), twips.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CellMargins {
    pub top: u32,
    pub left: u32,
    pub bottom: u32,
    pub right: u32,
}

/// The lines of a table's or a cell's borders: every side the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    /// `w:val="nil"`: no line (a layout table).
    Nil,
    /// A single line on every side (a figure table).
    Single(Border),
}

impl Lines {
    fn write(&self, x: &mut Xml, side: &str) {
        match self {
            Lines::Nil => x.val(side, "nil"),
            Lines::Single(b) => b.write(x, side),
        }
    }
}

/// Table properties, written in the order of CT_TblPrBase (§17.4.60): tblW, jc, tblBorders,
/// tblLayout, tblCellMar.
#[derive(Clone, Debug, PartialEq)]
pub struct TblPr {
    /// `w:tblW` in twips (type dxa).
    pub width: u32,
    pub jc: Option<Jc>,
    /// The six table borders (top, left, bottom, right, insideH, insideV), all alike.
    pub borders: Option<Lines>,
    /// `w:tblLayout w:type="fixed"`: column widths from the grid, not from the content.
    pub fixed: bool,
    pub cell_margins: Option<CellMargins>,
}

impl TblPr {
    fn write(&self, x: &mut Xml) {
        x.start("w:tblPr").open();
        x.start("w:tblW").attr("w:w", self.width).attr("w:type", "dxa").empty();
        if let Some(j) = self.jc {
            x.val("w:jc", j.as_str());
        }
        if let Some(lines) = &self.borders {
            x.start("w:tblBorders").open();
            for side in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
                lines.write(x, side);
            }
            x.end("w:tblBorders");
        }
        if self.fixed {
            x.start("w:tblLayout").attr("w:type", "fixed").empty();
        }
        if let Some(m) = &self.cell_margins {
            x.start("w:tblCellMar").open();
            for (side, w) in [("w:top", m.top), ("w:left", m.left), ("w:bottom", m.bottom), ("w:right", m.right)] {
                x.start(side).attr("w:w", w).attr("w:type", "dxa").empty();
            }
            x.end("w:tblCellMar");
        }
        x.end("w:tblPr");
    }
}

/// `w:hRule` (ST_HeightRule): only the rule used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeightRule {
    /// The row is at least this high and grows with its content.
    AtLeast,
}

/// Row properties (CT_TrPrBase, §17.4.82, a choice in any order), written in Office's order:
/// cantSplit, trHeight, tblHeader.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrPr {
    /// `w:cantSplit`: the row never breaks across pages.
    pub cant_split: bool,
    /// `w:trHeight` (§17.4.81): the row's height in twips and how it is meant.
    pub height: Option<(u32, HeightRule)>,
    /// `w:tblHeader`: a header row, repeated at the top of every page the table
    /// runs onto (the header rows must be the table's first rows).
    pub header: bool,
}

impl TrPr {
    fn write(&self, x: &mut Xml) {
        if *self == TrPr::default() {
            return;
        }
        x.start("w:trPr").open();
        if self.cant_split {
            x.leaf("w:cantSplit");
        }
        if let Some((h, rule)) = self.height {
            let rule = match rule {
                HeightRule::AtLeast => "atLeast",
            };
            x.start("w:trHeight").attr("w:val", h).attr("w:hRule", rule).empty();
        }
        if self.header {
            x.leaf("w:tblHeader");
        }
        x.end("w:trPr");
    }
}

/// `w:vMerge` (§17.4.85): a cell merged with the cells above or below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VMerge {
    /// The first (top) cell of a vertically merged run: it holds the text.
    Restart,
    /// A cell continuing the run above it (left empty).
    Continue,
}

/// `w:textDirection` (ST_TextDirection): only the rotated direction used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextDirection {
    /// Lines run bottom to top, stacked left to right (`btLr`): a narrow column's label
    /// rotated a quarter turn to the left.
    BottomToTop,
}

/// `w:vAlign` (ST_VerticalJc): only the value used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VAlign {
    Center,
}

/// Cell properties, written in the order of CT_TcPrBase (§17.4.70): tcW, gridSpan, vMerge,
/// tcBorders, textDirection, vAlign.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TcPr {
    /// `w:tcW` in twips (type dxa).
    pub width: u32,
    /// `w:gridSpan`: how many grid columns the cell spans (written when more than 1).
    pub grid_span: u32,
    pub v_merge: Option<VMerge>,
    /// The four cell borders, all alike.
    pub borders: Option<Lines>,
    pub text_direction: Option<TextDirection>,
    pub v_align: Option<VAlign>,
}

impl TcPr {
    fn write(&self, x: &mut Xml) {
        x.start("w:tcPr").open();
        x.start("w:tcW").attr("w:w", self.width).attr("w:type", "dxa").empty();
        if self.grid_span > 1 {
            x.val("w:gridSpan", self.grid_span);
        }
        match self.v_merge {
            Some(VMerge::Restart) => x.val("w:vMerge", "restart"),
            Some(VMerge::Continue) => x.leaf("w:vMerge"),
            None => {}
        }
        if let Some(lines) = &self.borders {
            x.start("w:tcBorders").open();
            for side in ["w:top", "w:left", "w:bottom", "w:right"] {
                lines.write(x, side);
            }
            x.end("w:tcBorders");
        }
        if let Some(TextDirection::BottomToTop) = self.text_direction {
            x.val("w:textDirection", "btLr");
        }
        if let Some(v) = self.v_align {
            let v = match v {
                VAlign::Center => "center",
            };
            x.val("w:vAlign", v);
        }
        x.end("w:tcPr");
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub tcpr: TcPr,
    pub blocks: Vec<Block>,
}

impl Cell {
    fn write(&self, x: &mut Xml) {
        x.start("w:tc").open();
        self.tcpr.write(x);
        for b in &self.blocks {
            b.write(x);
        }
        // A cell must end with a paragraph (§17.4.66).
        if !matches!(self.blocks.last(), Some(Block::Para(_))) {
            Para::default().write(x);
        }
        x.end("w:tc");
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub trpr: TrPr,
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub tblpr: TblPr,
    /// `w:tblGrid`: the column widths, twips.
    pub grid: Vec<u32>,
    pub rows: Vec<Row>,
}

impl Table {
    fn write(&self, x: &mut Xml) {
        x.start("w:tbl").open();
        self.tblpr.write(x);
        x.start("w:tblGrid").open();
        for w in &self.grid {
            x.start("w:gridCol").attr("w:w", w).empty();
        }
        x.end("w:tblGrid");
        for row in &self.rows {
            x.start("w:tr").open();
            row.trpr.write(x);
            for c in &row.cells {
                c.write(x);
            }
            x.end("w:tr");
        }
        x.end("w:tbl");
    }
}

/// A block-level element (EG_BlockLevelElts, §17.3.1 / §17.4).
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Para(Para),
    Table(Table),
}

impl Block {
    fn write(&self, x: &mut Xml) {
        match self {
            Block::Para(p) => p.write(x),
            Block::Table(t) => t.write(x),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sections (CT_SectPr, §17.6.17).
// ---------------------------------------------------------------------------------------------

/// Page margins (`w:pgMar`, §17.6.11), twips.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageMargins {
    pub top: i32,
    pub right: u32,
    pub bottom: i32,
    pub left: u32,
    pub header: u32,
    pub footer: u32,
}

/// Section properties, written in the order of CT_SectPr (§17.6.17): headerReference
/// (default, then first), pgSz, pgMar, cols, titlePg. A section without header references
/// has the headers of the section before it (§17.10.5).
#[derive(Clone, Debug, PartialEq)]
pub struct SectPr {
    /// Relationship id of the header on every page (or every page after the first).
    pub header_default: Option<String>,
    /// Relationship id of the first page's header; with it, `w:titlePg` is written.
    pub header_first: Option<String>,
    /// Page width and height, twips (`w:pgSz`, §17.6.13); wider than high is written with
    /// `w:orient="landscape"`.
    pub page: (u32, u32),
    pub margins: PageMargins,
}

impl SectPr {
    fn write(&self, x: &mut Xml) {
        x.start("w:sectPr").open();
        for (ty, id) in [("default", &self.header_default), ("first", &self.header_first)] {
            if let Some(id) = id {
                x.start("w:headerReference").attr("w:type", ty).attr("r:id", id).empty();
            }
        }
        x.start("w:pgSz").attr("w:w", self.page.0).attr("w:h", self.page.1);
        if self.page.0 > self.page.1 {
            x.attr("w:orient", "landscape");
        }
        x.empty();
        let m = &self.margins;
        x.start("w:pgMar")
            .attr("w:top", m.top)
            .attr("w:right", m.right)
            .attr("w:bottom", m.bottom)
            .attr("w:left", m.left)
            .attr("w:header", m.header)
            .attr("w:footer", m.footer)
            .attr("w:gutter", 0)
            .empty();
        x.start("w:cols").attr("w:space", 720).empty();
        if self.header_first.is_some() {
            x.leaf("w:titlePg");
        }
        x.end("w:sectPr");
    }
}

// ---------------------------------------------------------------------------------------------
// Parts (§17.2 document, §17.10 headers, §17.7 styles, §17.15 settings, §17.8 fonts).
// ---------------------------------------------------------------------------------------------

fn root(x: &mut Xml, name: &str) {
    x.start(name).attr("xmlns:w", NS_W).attr("xmlns:r", NS_R).open();
}

/// `word/document.xml`: the body's blocks, then the final section's properties.
pub fn document(blocks: &[Block], sect: &SectPr) -> String {
    let mut x = Xml::new();
    root(&mut x, "w:document");
    x.start("w:body").open();
    for b in blocks {
        b.write(&mut x);
    }
    sect.write(&mut x);
    x.end("w:body");
    x.end("w:document");
    x.finish()
}

/// A header part (`w:hdr`, §17.10.4); it must hold at least one block, so an empty one gets
/// an empty paragraph.
pub fn header(blocks: &[Block]) -> String {
    let mut x = Xml::new();
    root(&mut x, "w:hdr");
    for b in blocks {
        b.write(&mut x);
    }
    if blocks.is_empty() {
        Para::default().write(&mut x);
    }
    x.end("w:hdr");
    x.finish()
}

/// `word/styles.xml` (§17.7.4.18): document defaults (run properties, paragraph properties)
/// and the Normal paragraph style.
pub fn styles(run: &RPr, para: &PPr) -> String {
    let mut x = Xml::new();
    root(&mut x, "w:styles");
    x.start("w:docDefaults").open();
    x.start("w:rPrDefault").open();
    run.write(&mut x);
    x.end("w:rPrDefault");
    x.start("w:pPrDefault").open();
    // CT_PPrDefault holds CT_PPrGeneral: no rPr, no sectPr.
    let general = PPr { mark: RPr::default(), section: None, ..para.clone() };
    general.write(&mut x);
    x.end("w:pPrDefault");
    x.end("w:docDefaults");
    // CT_Style (§17.7.4.17): name, …, qFormat, …, pPr, rPr.
    x.start("w:style").attr("w:type", "paragraph").attr("w:default", 1).attr("w:styleId", "Normal").open();
    x.val("w:name", "Normal");
    x.leaf("w:qFormat");
    x.end("w:style");
    x.end("w:styles");
    x.finish()
}

/// `word/settings.xml` (§17.15.1.78), in CT_Settings order: zoom, defaultTabStop,
/// characterSpacingControl, compat, themeFontLang, decimalSymbol, listSeparator.
pub fn settings(lang: &str) -> String {
    let mut x = Xml::new();
    root(&mut x, "w:settings");
    x.start("w:zoom").attr("w:percent", 100).empty();
    x.val("w:defaultTabStop", 720);
    x.val("w:characterSpacingControl", "doNotCompress");
    x.start("w:compat").open();
    // Word 2013+ layout, not compatibility mode.
    x.start("w:compatSetting")
        .attr("w:name", "compatibilityMode")
        .attr("w:uri", "http://schemas.microsoft.com/office/word")
        .attr("w:val", 15)
        .empty();
    x.end("w:compat");
    x.val("w:themeFontLang", lang);
    // Vietnamese conventions: decimal comma, list separator semicolon.
    x.val("w:decimalSymbol", ",");
    x.val("w:listSeparator", ";");
    x.end("w:settings");
    x.finish()
}

/// `word/fontTable.xml` (§17.8.3.11): the one font the document uses.
pub fn font_table(font: &str) -> String {
    let mut x = Xml::new();
    root(&mut x, "w:fonts");
    x.start("w:font").attr("w:name", font).open();
    x.val("w:family", "roman");
    x.val("w:pitch", "variable");
    x.end("w:font");
    x.end("w:fonts");
    x.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_xml(r: &Run) -> String {
        let mut x = Xml::new();
        r.write(&mut x);
        x.finish()
    }

    #[test]
    fn text_breaks_and_tabs() {
        let s = run_xml(&Run::text(RPr::default(), "a\r\nb\rc\nd\te\n"));
        assert!(
            s.ends_with(concat!(
                r#"<w:r><w:t xml:space="preserve">a</w:t><w:br/><w:t xml:space="preserve">b</w:t><w:br/>"#,
                r#"<w:t xml:space="preserve">c</w:t><w:br/><w:t xml:space="preserve">d</w:t><w:tab/>"#,
                r#"<w:t xml:space="preserve">e</w:t><w:br/></w:r>"#
            )),
            "{s}"
        );
    }

    #[test]
    fn run_properties_in_schema_order() {
        let rpr = RPr {
            font: Some("F"),
            bold: true,
            italic: true,
            color: Some("000000"),
            size: Some(28),
            lang: Some("vi-VN"),
        };
        let s = run_xml(&Run::text(rpr, ""));
        let order: Vec<usize> =
            ["<w:rFonts", "<w:b/>", "<w:bCs/>", "<w:i/>", "<w:iCs/>", "<w:color", "<w:sz ", "<w:szCs", "<w:lang"]
                .iter()
                .map(|t| s.find(t).unwrap_or_else(|| panic!("{t} missing in {s}")))
                .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{s}");
    }
}
