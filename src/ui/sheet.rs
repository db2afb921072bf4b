//! The preview's pages as HTML, written by the worker (pure: tested natively). The page's
//! first load carries no code that draws a document: the worker builds the document, cuts it
//! over the pages the page measured (`pages::paginate`), and sends each page as HTML, only
//! the pages that changed since its last answer ([`Sheet::update`]); the page sets them as
//! they are (`preview.rs`). The markup is the one `styles/app.css` lays out: the page measures
//! its blocks in a hidden copy of the whole document ([`measure`]) and LibreOffice's pages of
//! the .docx start on the same lines (`tests/browser/pages.test.mjs`).
//!
//! A part linked to the form carries `data-act="jump"` and `data-arg` (its field), which the
//! app's one click handler follows; the paragraphs of the current step have the class `cur`.

use crate::document::{Appendix, Document, HeaderCell, Para, ParaStyle, MOTTO, NATIONAL_TITLE};
use crate::kind::{Kind, Level};
use crate::text::Run;

/// Blocks before the body: letterhead, title, Kính gửi.
pub const HEAD: usize = 3;

/// Rows of an appendix table on its first landscape page, and on each page after it (the
/// header repeated), as the .docx's rows of about 7 mm fit A4 landscape.
pub const APPENDIX_ROWS: (usize, usize) = (12, 18);

/// Each page's first block, and the UTF-16 offset where it starts in a split paragraph.
pub type Start = (usize, u32);

fn escape(s: &str, out: &mut String) {
    crate::text::escape_markup(out, s);
}

/// `<tag class="…" attrs>` with the class's empty parts left out (no class attribute when
/// all are).
fn open(out: &mut String, tag: &str, classes: &[&str], attrs: &str) {
    out.push('<');
    out.push_str(tag);
    let mut first = true;
    for c in classes.iter().filter(|c| !c.is_empty()) {
        out.push_str(if first { " class=\"" } else { " " });
        out.push_str(c);
        first = false;
    }
    if !first {
        out.push('"');
    }
    out.push_str(attrs);
    out.push('>');
}

/// `<tag class="class">text</tag>`.
fn text_el(out: &mut String, tag: &str, class: &str, text: &str) {
    open(out, tag, &[class], "");
    escape(text, out);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

fn lines(out: &mut String, ls: &[String], class: &str) {
    for l in ls {
        text_el(out, "p", class, l);
    }
}

fn runs(out: &mut String, rs: &[Run]) {
    for r in rs {
        match (r.italic, r.bold) {
            (false, false) => escape(&r.text, out),
            (i, b) => {
                open(out, "span", &[if i { "it" } else { "" }, if b { "bd" } else { "" }], "");
                escape(&r.text, out);
                out.push_str("</span>");
            }
        }
    }
}

/// The runs of a paragraph from UTF-16 offset `from` to `to` (as the DOM counts), cut inside
/// runs where needed.
pub fn slice_runs(runs: &[Run], from: u32, to: u32) -> Vec<Run> {
    let mut out = Vec::new();
    let mut pos = 0u32;
    for r in runs {
        let mut text = String::new();
        for c in r.text.chars() {
            if pos >= from && pos < to {
                text.push(c);
            }
            pos += c.len_utf16() as u32;
        }
        if !text.is_empty() {
            out.push(Run { text, ..r.clone() });
        }
    }
    out
}

fn para_class(p: &Para) -> &'static str {
    match p.style {
        ParaStyle::Body => "p-body",
        ParaStyle::Heading(Level::Section) => "p-section",
        ParaStyle::Heading(Level::Clause) => "p-clause",
        ParaStyle::Heading(Level::Point) => "p-point",
    }
}

/// The document of one kind, drawn.
struct Draw<'a> {
    kind: &'a Kind,
    doc: &'a Document,
    /// The current step, on a page; `None` in the measuring copy.
    live: Option<usize>,
}

impl Draw<'_> {
    fn linked(&self, path: &str) -> bool {
        super::state::step_index_of(self.kind, path).is_some()
    }

    /// ` data-act="jump" data-arg="path"` on a page, for a part of a step.
    fn jump(&self, path: &str) -> String {
        let mut s = String::new();
        if self.live.is_some() && self.linked(path) {
            s.push_str(" data-act=\"jump\" data-arg=\"");
            escape(path, &mut s);
            s.push('"');
        }
        s
    }

    /// A part of the letterhead, the title, Kính gửi or the closing, linked to `path`.
    fn part(&self, out: &mut String, tag: &str, path: &str, own: &str) {
        open(out, tag, &["part", if self.linked(path) { "linked" } else { "" }, own], &self.jump(path));
    }

    /// Block `i` (see [`HEAD`]), from UTF-16 offset `from` to `to` when it is a split
    /// paragraph.
    fn block(&self, out: &mut String, i: usize, (from, to): (u32, u32)) {
        let doc = self.doc;
        let n = doc.body.len();
        match i {
            0 => {
                out.push_str("<div class=\"letterhead\">");
                self.part(out, "div", "letterhead.issuer", "lh-issuer");
                if !doc.parent.is_empty() {
                    text_el(out, "p", "lh-parent", &doc.parent);
                }
                lines(out, &doc.issuer, "lh-issuer-line");
                out.push_str("<div class=\"rule short\" aria-hidden=\"true\"></div></div>");
                out.push_str("<div class=\"part lh-nation\">");
                text_el(out, "p", "lh-national", NATIONAL_TITLE);
                out.push_str("<p class=\"lh-motto\"><span>");
                escape(MOTTO, out);
                out.push_str("</span></p></div>");
                self.part(out, "div", "letterhead.number", "lh-number");
                text_el(out, "p", "", &doc.number_line);
                out.push_str("</div>");
                self.part(out, "div", "letterhead.date", "lh-date");
                text_el(out, "p", "", &doc.place_date);
                out.push_str("</div></div>");
            }
            1 => {
                self.part(out, "div", "title", "heading-block");
                text_el(out, "p", "doc-type", &doc.doc_type);
                text_el(out, "p", "doc-title", &doc.title);
                out.push_str("<div class=\"rule short\" aria-hidden=\"true\"></div></div>");
            }
            2 => {
                self.part(out, "div", "recipients.to", "to");
                match doc.to.as_slice() {
                    [] => {}
                    [one] => text_el(out, "p", "to-one", one),
                    [first, rest @ ..] => {
                        out.push_str("<div class=\"to-many\">");
                        text_el(out, "span", "to-head", first);
                        out.push_str("<div class=\"to-list\">");
                        lines(out, rest, "to-line");
                        out.push_str("</div></div>");
                    }
                }
                out.push_str("</div>");
            }
            i if i < n + HEAD => {
                let p = &doc.body[i - HEAD];
                let field = p.field.as_deref().unwrap_or_default();
                // The paragraph's step, on a page.
                let step = self.live.and(p.field.as_deref()).and_then(|f| super::state::step_index_of(self.kind, f));
                let linked = step.is_some();
                let current = step.is_some() && step == self.live;
                let mut attrs = String::new();
                if p.field.is_some() && from == 0 {
                    attrs.push_str(" data-field=\"");
                    escape(field, &mut attrs);
                    attrs.push('"');
                }
                if linked {
                    attrs.push_str(&self.jump(field));
                }
                let cls = |part: &'static str| {
                    ["para", para_class(p), part, if linked { "linked" } else { "" }, if current { "cur" } else { "" }]
                };
                if from > 0 {
                    // The continuation of a paragraph begun on an earlier page.
                    open(out, "div", &cls("cont"), &attrs);
                    runs(out, &slice_runs(&p.runs, from, to));
                    out.push_str("</div>");
                } else if to < u32::MAX {
                    open(out, "p", &cls("cut"), &attrs);
                    runs(out, &slice_runs(&p.runs, 0, to));
                    out.push_str("<span hidden=\"\">");
                    runs(out, &slice_runs(&p.runs, to, u32::MAX));
                    out.push_str("</span></p>");
                } else {
                    open(out, "p", &cls(""), &attrs);
                    runs(out, &p.runs);
                    out.push_str("</p>");
                }
            }
            _ => {
                out.push_str("<div class=\"closing\">");
                self.part(out, "div", "recipients.cc", "cc");
                text_el(out, "p", "cc-head", "Nơi nhận:");
                lines(out, &doc.cc, "cc-line");
                out.push_str("</div>");
                self.part(out, "div", "signature.name", "sign");
                lines(out, &doc.signature, "sign-line");
                out.push_str("<div class=\"sign-space\" aria-hidden=\"true\"></div>");
                text_el(out, "p", "signer", &doc.signer);
                out.push_str("</div></div>");
            }
        }
    }

    /// Text page `p` of those starting at `starts`.
    fn page(&self, p: usize, starts: &[Start]) -> String {
        let count = self.doc.body.len() + HEAD + 1;
        let (b0, o0) = starts[p];
        let (b1, o1) = starts.get(p + 1).copied().unwrap_or((count, 0));
        let mut out = format!("<div class=\"page\" role=\"group\" aria-label=\"Trang {}\">", p + 1);
        if p > 0 {
            out.push_str(&format!("<p class=\"page-no\" aria-hidden=\"true\">{}</p>", p + 1));
        }
        out.push_str("<div class=\"doc page-body\">");
        let part = |out: &mut String, r: std::ops::Range<usize>| {
            for b in r.filter(|&b| b < b1 || o1 > 0) {
                self.block(out, b, (if b == b0 { o0 } else { 0 }, if b == b1 { o1 } else { u32::MAX }));
            }
        };
        part(&mut out, b0..HEAD.min(b1 + 1));
        let body = HEAD.max(b0)..(count - 1).min(b1 + 1);
        if !body.is_empty() {
            out.push_str("<div class=\"body\">");
            part(&mut out, body);
            out.push_str("</div>");
        }
        part(&mut out, (count - 1).max(b0)..count.min(b1 + 1));
        out.push_str("</div></div>");
        out
    }

    /// Page `n` of appendix `a`: its rows from `from`.
    fn appendix_page(&self, a: &Appendix, n: usize, from: usize, take: usize) -> String {
        let mut out = format!(
            "<div class=\"page landscape\" role=\"group\" aria-label=\"Trang {n}\"><p class=\"page-no\" aria-hidden=\"true\">{n}</p>"
        );
        let linked = self.linked(&a.field);
        open(&mut out, "div", &["doc", "appendix", "part", if linked { "linked" } else { "" }], &self.jump(&a.field));
        // In the .docx's order (render::docx::appendix); empty lines left out.
        if from == 0 {
            for (class, t) in [
                ("ax-heading", &a.heading),
                ("ax-form", &a.form),
                ("ax-title", &a.title),
                ("ax-note", &a.window),
                ("ax-note", &a.attached_to),
            ] {
                if !t.trim().is_empty() {
                    text_el(&mut out, "p", class, t);
                }
            }
        }
        out.push_str("<table class=\"ax-table\"><thead>");
        head_rows(&mut out, &a.header, a.header_rows, &a.ms);
        out.push_str("</thead><tbody>");
        for r in &a.rows[from..(from + take).min(a.rows.len())] {
            open(&mut out, "tr", &[if r.total { "ax-total" } else { "" }], "");
            for c in std::iter::once(&r.name).chain(&r.cells) {
                text_el(&mut out, "td", "", c);
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div></div>");
        out
    }
}

/// The header rows of a figure table (its merged header, then the MS row when it has one).
fn head_rows(out: &mut String, cells: &[HeaderCell], depth: usize, ms: &[String]) {
    for r in 0..depth {
        out.push_str("<tr>");
        for h in cells.iter().filter(|h| h.row == r) {
            let scope = if h.col_span > 1 { "colgroup" } else { "col" };
            out.push_str(&format!("<th scope=\"{scope}\" colspan=\"{}\" rowspan=\"{}\">", h.col_span, h.row_span));
            escape(&h.text, out);
            out.push_str("</th>");
        }
        out.push_str("</tr>");
    }
    if ms.iter().skip(1).any(|m| !m.is_empty()) {
        out.push_str("<tr class=\"ms\">");
        for m in ms {
            text_el(out, "td", "", m);
        }
        out.push_str("</tr>");
    }
}

/// The whole document as one flow of blocks, hidden, for measuring (`web::block_tops`).
pub fn measure(kind: &Kind, doc: &Document) -> String {
    let d = Draw { kind, doc, live: None };
    let mut out =
        String::from("<div class=\"measure-box\" aria-hidden=\"true\"><div class=\"doc measure\" id=\"measure\">");
    for i in 0..doc.body.len() + HEAD + 1 {
        d.block(&mut out, i, (0, u32::MAX));
    }
    out.push_str("</div></div>");
    out
}

/// Which body paragraphs are headings (`h`) and which are not (`p`), for the page's layout.
pub fn body_styles(doc: &Document) -> String {
    doc.body.iter().map(|p| if p.style == ParaStyle::Body { 'p' } else { 'h' }).collect()
}

/// The first block of each page: the page's `layout` as far as it fits the document (it may
/// be that of an earlier version until the page measures again).
pub fn page_starts(doc: &Document, layout: &[Start]) -> Vec<Start> {
    let count = doc.body.len() + HEAD + 1;
    let mut starts = vec![(0usize, 0u32)];
    for &s in layout {
        if s > starts[starts.len() - 1] && s.0 < count {
            starts.push(s);
        }
    }
    starts
}

/// What one page shows, to tell whether it changed.
#[derive(Clone, PartialEq)]
enum Shows {
    Text { from: Start, to: Start },
    Appendix { table: usize, from: usize, n: usize },
}

/// The pages the page holds: the last ones sent, and what they were drawn from.
#[derive(Default)]
pub struct Sheet {
    kind: String,
    current: usize,
    doc: Option<Document>,
    shows: Vec<Shows>,
    pages: Vec<String>,
}

/// Did the blocks `from..=to` of a page stay the same from `old` to `new`?
fn same_blocks(old: &Document, new: &Document, (b0, _): Start, (b1, o1): Start) -> bool {
    let (n, m) = (new.body.len(), old.body.len());
    let last = if o1 > 0 { b1 } else { b1.saturating_sub(1) };
    (b0..=last).all(|i| match i {
        0 => {
            (&new.parent, &new.issuer, &new.number_line, &new.place_date)
                == (&old.parent, &old.issuer, &old.number_line, &old.place_date)
        }
        1 => (&new.doc_type, &new.title) == (&old.doc_type, &old.title),
        2 => new.to == old.to,
        i if i < n + HEAD => i < m + HEAD && old.body[i - HEAD] == new.body[i - HEAD],
        _ => m == n && (&new.cc, &new.signature, &new.signer) == (&old.cc, &old.signature, &old.signer),
    })
}

fn same_appendix_page(old: &Document, new: &Document, table: usize, from: usize, n: usize) -> bool {
    let (Some(a), Some(b)) = (old.appendices.get(table), new.appendices.get(table)) else { return false };
    let to = (from + n).min(b.rows.len());
    (&a.heading, &a.form, &a.title, &a.window, &a.attached_to, &a.header, &a.ms, &a.field)
        == (&b.heading, &b.form, &b.title, &b.window, &b.attached_to, &b.header, &b.ms, &b.field)
        && a.rows.get(from..to) == Some(&b.rows[from..to])
}

impl Sheet {
    /// The pages of `doc` over `layout`, with the current step's paragraphs marked: how many
    /// there are, and those that differ from the ones sent last, with their index (all of
    /// them after [`Sheet::clear`]). Pages whose blocks did not change are not drawn again.
    pub fn update(
        &mut self,
        kind: &Kind,
        doc: Document,
        layout: &[Start],
        current: usize,
    ) -> (usize, Vec<(usize, String)>) {
        let starts = page_starts(&doc, layout);
        let count = doc.body.len() + HEAD + 1;
        let mut shows: Vec<Shows> = (0..starts.len())
            .map(|p| Shows::Text { from: starts[p], to: starts.get(p + 1).copied().unwrap_or((count, 0)) })
            .collect();
        for (table, a) in doc.appendices.iter().enumerate() {
            let mut from = 0;
            loop {
                let n = if from == 0 { APPENDIX_ROWS.0 } else { APPENDIX_ROWS.1 };
                shows.push(Shows::Appendix { table, from, n });
                from += n;
                if from >= a.rows.len() {
                    break;
                }
            }
        }
        let draw = Draw { kind, doc: &doc, live: Some(current) };
        let keep = self.kind == kind.id && self.current == current;
        let mut changed = Vec::new();
        let mut pages = Vec::with_capacity(shows.len());
        for (p, s) in shows.iter().enumerate() {
            let old = self.doc.as_ref().filter(|_| keep && self.shows.get(p) == Some(s));
            let same = old.is_some_and(|o| match *s {
                Shows::Text { from, to } => same_blocks(o, &doc, from, to),
                Shows::Appendix { table, from, n } => same_appendix_page(o, &doc, table, from, n),
            });
            if same {
                pages.push(std::mem::take(&mut self.pages[p]));
                continue;
            }
            let html = match *s {
                Shows::Text { .. } => draw.page(p, &starts),
                Shows::Appendix { table, from, n } => draw.appendix_page(&doc.appendices[table], p + 1, from, n),
            };
            if self.pages.get(p) != Some(&html) {
                changed.push((p, html.clone()));
            }
            pages.push(html);
        }
        *self = Sheet { kind: kind.id.to_string(), current, doc: Some(doc), shows, pages };
        (self.pages.len(), changed)
    }

    /// Forget the pages sent: the next update sends them all (the page has none).
    pub fn clear(&mut self) {
        *self = Sheet::default();
    }

    /// The document of the last update.
    pub fn document(&self) -> Option<&Document> {
        self.doc.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::build;
    use crate::kinds;

    /// The text of some HTML: its tags left out, its entities read, hidden spans skipped
    /// unless `hidden`.
    fn text_of(html: &str, hidden: bool) -> String {
        let mut out = String::new();
        let mut rest = html;
        let mut skip = 0;
        while let Some(i) = rest.find('<') {
            if skip == 0 {
                out.push_str(&rest[..i]);
            }
            let j = rest[i..].find('>').expect("tag closes") + i;
            let tag = &rest[i..=j];
            if (tag.starts_with("<span hidden") && !hidden) || (skip > 0 && tag.starts_with("<span")) {
                skip += 1;
            } else if skip > 0 && tag == "</span>" {
                skip -= 1;
            }
            rest = &rest[j + 1..];
        }
        out.push_str(rest);
        out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
    }

    fn body_text(doc: &Document) -> String {
        doc.body.iter().flat_map(|p| p.runs.iter().map(|r| r.text.as_str())).collect()
    }

    #[test]
    fn every_kinds_sample_is_drawn_whole_and_in_order() {
        for kind in kinds::all() {
            let doc = build(kind, &kinds::sample(kind));
            let html = measure(kind, &doc);
            let text = text_of(&html, true);
            let mut at = 0;
            for p in &doc.body {
                let t: String = p.runs.iter().map(|r| r.text.as_str()).collect();
                let found = text[at..].find(&t).unwrap_or_else(|| panic!("{}: “{t}” missing or out of order", kind.id));
                at += found + t.len();
            }
            assert!(text.contains(&doc.signer), "{}", kind.id);
            assert_eq!(body_styles(&doc).len(), doc.body.len());
            // One page, and the appendices' pages.
            let (n, pages) = Sheet::default().update(kind, doc.clone(), &[], 0);
            assert_eq!(n, pages.len());
            assert_eq!(pages.iter().filter(|(_, h)| h.contains("landscape")).count(), n - 1, "{}", kind.id);
            assert!(text_of(&pages[0].1, false).contains(&body_text(&doc)), "{}", kind.id);
        }
    }

    #[test]
    fn a_split_paragraph_is_cut_where_the_page_says() {
        let kind = kinds::default_kind();
        let doc = build(kind, &kinds::sample(kind));
        let b = HEAD + doc.body.iter().position(|p| p.style == ParaStyle::Body).expect("a body paragraph");
        let whole: String = doc.body[b - HEAD].runs.iter().map(|r| r.text.as_str()).collect();
        let cut = whole.chars().take(20).map(char::len_utf16).sum::<usize>() as u32;
        let (n, pages) = Sheet::default().update(kind, doc.clone(), &[(b, cut)], 0);
        assert_eq!(n, 2);
        let (first, second) = (text_of(&pages[0].1, false), text_of(&pages[1].1, false));
        let head: String = whole.chars().take(20).collect();
        let tail: String = whole.chars().skip(20).collect();
        assert!(first.ends_with(&head), "the first page ends with the cut part");
        assert!(!first.contains(&tail));
        assert!(second.contains(&tail));
        // The first part holds the rest hidden, so that its element is the whole paragraph.
        assert!(text_of(&pages[0].1, true).contains(&whole));
        assert!(pages[1].1.contains("page-no"));
    }

    #[test]
    fn only_the_pages_that_changed_are_sent() {
        let kind = kinds::default_kind();
        let mut draft = kinds::sample(kind);
        let doc = build(kind, &draft);
        let layout = [(HEAD + 2, 0), (HEAD + 6, 0)];
        let mut sheet = Sheet::default();
        let (n, all) = sheet.update(kind, doc.clone(), &layout, 0);
        assert_eq!(all.len(), n);
        assert_eq!(sheet.update(kind, doc.clone(), &layout, 0), (n, vec![]));
        // A text of the last page's paragraphs: that page alone.
        let last = doc.body.len() - 1;
        let path = doc.body[last].field.clone().expect("a field");
        let at = path.clone() + ".0";
        let target = if draft.get(&at).is_some() { at } else { path };
        draft.set(&target, serde_json::json!("Đoạn văn <mới> & khác."));
        let (m, changed) = sheet.update(kind, build(kind, &draft), &layout, 0);
        assert_eq!(m, n);
        assert_eq!(changed.iter().map(|(p, _)| *p).collect::<Vec<_>>(), vec![2], "{target}");
        assert!(changed[0].1.contains("Đoạn văn &lt;mới&gt; &amp; khác."));
        // Another current step marks other paragraphs: every page is drawn again.
        let (_, again) = sheet.update(kind, build(kind, &draft), &layout, 1);
        assert!(again.iter().any(|(_, h)| h.contains(" cur")));
        sheet.clear();
        assert_eq!(sheet.update(kind, build(kind, &draft), &layout, 1).1.len(), n);
    }

    #[test]
    fn runs_are_sliced_by_utf16_offsets() {
        let runs = vec![Run::plain("ab𝔸".to_string()), Run { italic: true, ..Run::plain("cd".to_string()) }];
        let s = slice_runs(&runs, 2, 5);
        assert_eq!(s.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(), ["𝔸", "c"]);
        assert!(s[1].italic);
        assert_eq!(slice_runs(&runs, 0, u32::MAX).len(), 2);
    }
}
