//! The live preview: a column of A4 pages, drawn by the worker as HTML (`ui::sheet`) and set
//! here as they are; clicking a part opens the step that holds it (`data-act="jump"`, the
//! app's click handler).
//!
//! The pages are laid out here: after a change, once typing pauses, the worker sends the whole
//! document as one flow of blocks (letterhead, title, Kính gửi, each body paragraph, the
//! closing table), which is drawn hidden in a measuring container of the text width; its
//! blocks are measured ([`Layout::next`], `web::block_tops`) and `pages::paginate` places
//! them again from the page before the first block whose size changed. A paragraph split
//! across pages is its first part, with the rest of its text hidden (so that it still holds
//! the whole paragraph, as one element), then the continuation on the next pages.

use yew::prelude::*;

use super::pages::{self, Measure, Start};
use super::sheet::HEAD;
use super::web;

/// Line height of the body (14 pt, single: 1.15 em, as styles/app.css sets it), CSS px.
const LINE_PX: f64 = 14.0 * 1.15 * 96.0 / 72.0;
/// Space after a body paragraph (6 pt), CSS px.
const AFTER_PX: f64 = 8.0;

/// The pages of the preview.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// Each page's first block, and the UTF-16 offset where it starts in a split paragraph.
    pub starts: Vec<(usize, u32)>,
    /// The same in lines, as `pages::paginate` gives them.
    lines: Vec<Start>,
    measures: Vec<Measure>,
    /// Tables taller than a page, with their page.
    too_tall: Vec<(usize, usize)>,
}

impl Layout {
    /// The layout of the document now in the measuring container (its body paragraphs'
    /// `styles`: `h` a heading, `p` not): the pages before the page that holds the first
    /// changed block are kept.
    pub fn next(&self, styles: &str) -> Layout {
        let list = web::measured();
        let tops = web::block_tops(list.as_ref());
        let n = styles.len();
        if tops.len() != n + HEAD + 2 {
            return self.clone();
        }
        let measures: Vec<Measure> = (0..n + HEAD + 1)
            .map(|i| {
                let body = i.checked_sub(HEAD).and_then(|b| styles.as_bytes().get(b));
                let heading = body == Some(&b'h');
                let last = i == n + HEAD - 1;
                Measure {
                    height: tops[i + 1] - tops[i],
                    after: if body.is_some() { AFTER_PX } else { 0.0 },
                    line: if body.is_some() && !heading && !last { LINE_PX } else { 0.0 },
                    // The title keeps with Kính gửi; headings and the last paragraph with what follows.
                    keep_next: i == 1 || heading || last,
                }
            })
            .collect();
        let same = measures.iter().zip(&self.measures).take_while(|(a, b)| a == b).count();
        let keep = self.lines.iter().rposition(|&(b, _)| b < same).unwrap_or(0);
        let (lines, later) = pages::paginate(&measures, self.lines.get(..=keep).unwrap_or_default().to_vec());
        let mut too_tall: Vec<(usize, usize)> = self.too_tall.iter().copied().filter(|&(_, p)| p < keep).collect();
        too_tall.extend(later);
        let starts = lines
            .iter()
            .map(|&(b, l)| {
                (
                    b,
                    if l > 0 {
                        web::line_start(list.as_ref(), b as u32, tops[b] + (l as f64 - 0.5) * LINE_PX)
                    } else {
                        0
                    },
                )
            })
            .collect();
        Layout { starts, lines, measures, too_tall }
    }

    /// The tables split across pages, for the worker's `layout.split` warnings
    /// (`pages::split_pages`).
    pub fn split(&self) -> (u32, u32) {
        pages::split_pages(&self.too_tall, self.measures.len())
    }
}

/// The pages, as the worker drew them; `on_act` follows a click on a linked part.
pub fn view(pages: &[AttrValue], on_act: &Callback<MouseEvent>) -> Html {
    html! {
        <article class="sheet" aria-label="Trang báo cáo xem trước" lang="vi" onclick={on_act.clone()}>
            { for pages.iter().map(|p| Html::from_html_unchecked(p.clone())) }
        </article>
    }
}
