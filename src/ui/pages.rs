//! Page breaks for the preview (pure Rust, tested natively): the document's blocks, measured
//! in the page (`web::measure`), distributed over A4 pages by the flow rules the .docx sets
//! (`render::docx`), as LibreOffice applies them:
//!
//! - a block that does not fit moves to the next page;
//! - a body paragraph may split by lines, keeping at least two lines on each page
//!   (`w:widowControl`: LibreOffice's orphans 2 / widows 2);
//! - a heading (`w:keepNext`, `w:keepLines`) never ends a page, nor does the last body
//!   paragraph, which keeps with the closing table: when the block after such a chain cannot
//!   start on the page, the whole chain moves to the next page (unless it fills the page);
//! - tables (the letterhead, the closing: rows that never split) move whole; one taller than
//!   a page cannot, and is reported as split (a `layout.split` warning).

use crate::check::{Finding, Severity};

/// Page text height: 297 − 20 − 20 mm, in CSS px.
pub const PAGE_PX: f64 = 257.0 * 96.0 / 25.4;

/// One block as laid out in the measuring container.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measure {
    /// From the block's top to the next block's top, px (its space after included).
    pub height: f64,
    /// Its space after, px (not needed at the foot of a page).
    pub after: f64,
    /// Line height, px, when the block may split by lines; 0 when it moves whole.
    pub line: f64,
    /// Keeps with the next block.
    pub keep_next: bool,
}

impl Measure {
    fn lines(&self) -> u32 {
        if self.line > 0.0 {
            ((self.height - self.after) / self.line).round() as u32
        } else {
            0
        }
    }
}

/// Where a page starts: a block, and the lines of it already on earlier pages (0 but for a
/// paragraph split across pages).
pub type Start = (usize, u32);

/// The page starts of `blocks`, continuing from the last of `starts` (the pages before it are
/// kept as they are: pass the starts up to the page before the first changed block). The
/// second list holds the blocks that do not fit on a page, with the page they start on.
pub fn paginate(blocks: &[Measure], mut starts: Vec<Start>) -> (Vec<Start>, Vec<(usize, usize)>) {
    const EPS: f64 = 0.5;
    if starts.is_empty() {
        starts.push((0, 0));
    }
    let mut too_tall = Vec::new();
    let (mut i, mut at) = starts[starts.len() - 1];
    let mut first = i; // the first block on the page
    let mut y = 0.0;
    while let Some(m) = blocks.get(i) {
        let rest = if m.line > 0.0 { m.lines().saturating_sub(at) as f64 * m.line } else { m.height - m.after };
        if y + rest <= PAGE_PX + EPS {
            y += rest + m.after;
            i += 1;
            at = 0;
            continue;
        }
        // Split by lines: at least two on this page and two on the next.
        if m.line > 0.0 {
            let fit = ((PAGE_PX - y + EPS) / m.line) as u32;
            let k = fit.min(m.lines().saturating_sub(at).saturating_sub(2));
            if k >= 2 {
                at += k;
                starts.push((i, at));
                (first, y) = (i, 0.0);
                continue;
            }
        }
        // Move to the next page, with the chain of blocks on this page that keep with it.
        let mut j = i;
        while j > first && blocks[j - 1].keep_next {
            j -= 1;
        }
        if i == first {
            // Taller than a page, at the top of one: it stays, and overflows.
            too_tall.push((i, starts.len() - 1));
            (y, i, at) = (PAGE_PX + 1.0, i + 1, 0);
            continue;
        }
        let to = if j > first { j } else { i };
        starts.push((to, 0));
        (i, at, first, y) = (to, 0, to, 0.0);
    }
    (starts, too_tall)
}

/// The tables split across pages, as the check request carries them to the worker: the
/// page (from 1) on which the letterhead, then the closing table (Nơi nhận and signature),
/// starts when it is taller than a page, else 0. `too_tall` is from [`paginate`]; block 0 is
/// the letterhead, block `blocks - 1` the closing table.
pub fn split_pages(too_tall: &[(usize, usize)], blocks: usize) -> (u32, u32) {
    let page = |block: usize| too_tall.iter().find(|t| t.0 == block).map_or(0, |t| t.1 as u32 + 1);
    (page(0), page(blocks.wrapping_sub(1)))
}

/// The `layout.split` warnings for [`split_pages`]' answer (in the worker: the page only
/// measures).
pub fn split_findings((letterhead, closing): (u32, u32)) -> Vec<Finding> {
    [
        (letterhead, "Phần đầu văn bản (tên cơ quan, quốc hiệu, số và ngày)", "letterhead.issuer"),
        (closing, "Phần nơi nhận và chữ ký", "recipients.cc"),
    ]
    .into_iter()
    .filter(|&(page, _, _)| page > 0)
    .map(|(page, part, field)| Finding {
        rule: "layout.split".into(),
        severity: Severity::Warning,
        fields: vec![field.into()],
        message: format!(
            "{part} dài hơn một trang nên bị tách ra hai trang (trang {page} và trang {}); hãy rút gọn để cả phần nằm trên một trang.",
            page + 1
        ),
        values: Default::default(),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: f64 = 21.47;
    const AFTER: f64 = 8.0;

    fn para(lines: u32) -> Measure {
        Measure { height: lines as f64 * LINE + AFTER, after: AFTER, line: LINE, keep_next: false }
    }
    fn heading() -> Measure {
        Measure { height: LINE + AFTER, after: AFTER, line: 0.0, keep_next: true }
    }
    fn unit(height: f64) -> Measure {
        Measure { height, after: 0.0, line: 0.0, keep_next: false }
    }

    /// Lines that fit on a page.
    fn per_page() -> u32 {
        (PAGE_PX / LINE) as u32
    }

    #[test]
    fn one_page_and_splits_by_lines() {
        let (s, tall) = paginate(&[para(3), para(3)], vec![]);
        assert_eq!(s, vec![(0, 0)]);
        assert!(tall.is_empty());
        // A paragraph longer than what is left splits: the lines that fit stay.
        let n = per_page();
        let (s, _) = paginate(&[unit(PAGE_PX - 5.0 * LINE), para(10)], vec![]);
        assert_eq!(s, vec![(0, 0), (1, 5)], "{n}");
        // A long paragraph over three pages.
        let (s, _) = paginate(&[para(2 * n + 10)], vec![]);
        assert_eq!(s, vec![(0, 0), (0, n), (0, 2 * n)]);
    }

    #[test]
    fn widows_and_orphans() {
        // One line left: the paragraph moves whole (no orphan).
        let (s, _) = paginate(&[unit(PAGE_PX - 1.5 * LINE), para(5)], vec![]);
        assert_eq!(s, vec![(0, 0), (1, 0)]);
        // Four lines left for five: three stay, two go (no widow).
        let (s, _) = paginate(&[unit(PAGE_PX - 4.2 * LINE), para(5)], vec![]);
        assert_eq!(s, vec![(0, 0), (1, 3)]);
        // Three lines: too short to split 2 + 2, it moves.
        let (s, _) = paginate(&[unit(PAGE_PX - 2.5 * LINE), para(3)], vec![]);
        assert_eq!(s, vec![(0, 0), (1, 0)]);
    }

    #[test]
    fn headings_keep_with_the_next_paragraph() {
        // The heading fits, the paragraph's first two lines do not: both move.
        let (s, _) = paginate(&[unit(PAGE_PX - 2.5 * LINE), heading(), para(4)], vec![]);
        assert_eq!(s, vec![(0, 0), (1, 0)]);
        // Two headings in a row move together.
        let (s, _) = paginate(&[unit(PAGE_PX - 3.6 * LINE), heading(), heading(), para(4)], vec![]);
        assert_eq!(s, vec![(0, 0), (1, 0)]);
        // With room for two lines of it, the paragraph splits and the heading stays.
        let (s, _) = paginate(&[unit(PAGE_PX - 3.9 * LINE), heading(), para(6)], vec![]);
        assert_eq!(s, vec![(0, 0), (2, 2)]);
    }

    #[test]
    fn the_last_paragraph_keeps_with_the_closing_table() {
        let last = Measure { line: 0.0, keep_next: true, ..para(3) };
        let (s, tall) = paginate(&[unit(PAGE_PX - 5.0 * LINE), last, unit(8.0 * LINE)], vec![]);
        assert_eq!(s, vec![(0, 0), (1, 0)]);
        assert!(tall.is_empty());
    }

    #[test]
    fn a_table_taller_than_a_page_is_reported() {
        let (s, tall) = paginate(&[para(2), unit(PAGE_PX + 50.0), para(2)], vec![]);
        assert_eq!(s, vec![(0, 0), (1, 0), (2, 0)]);
        assert_eq!(tall, vec![(1, 1)]);
    }

    #[test]
    fn continuing_from_a_kept_page_gives_the_same_breaks() {
        let blocks: Vec<Measure> = (0..60).map(|i| if i % 7 == 0 { heading() } else { para(1 + i % 9) }).collect();
        let (all, _) = paginate(&blocks, vec![]);
        assert!(all.len() > 3);
        for p in 0..all.len() {
            let (again, _) = paginate(&blocks, all[..=p].to_vec());
            assert_eq!(again, all, "from page {p}");
        }
    }

    #[test]
    fn split_tables_are_warnings_naming_the_part_and_the_page() {
        let split = split_pages(&[(9, 2), (4, 1)], 10);
        assert_eq!(split, (0, 3), "only the letterhead and the closing table are named");
        let f = split_findings(split);
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].rule.as_str(), f[0].severity), ("layout.split", Severity::Warning));
        assert_eq!(f[0].fields, ["recipients.cc"]);
        assert!(f[0].message.starts_with("Phần nơi nhận và chữ ký dài hơn một trang"), "{}", f[0].message);
        assert!(f[0].message.contains("(trang 3 và trang 4)"), "{}", f[0].message);
        assert_eq!(split_findings(split_pages(&[(0, 0)], 10))[0].fields, ["letterhead.issuer"]);
        assert!(split_findings((0, 0)).is_empty());
    }
}
