//! The live preview: the document IR drawn as a column of A4 pages, built as Yew nodes (never
//! HTML strings). Clicking a part opens the step that holds it.
//!
//! The document is drawn twice: whole, as a flow of blocks (letterhead, title, Kính gửi, each
//! body paragraph, the closing table) in a hidden measuring container of the text width
//! ([`measure_view`]), and over pages ([`view`]) where [`Layout`] breaks them. After each
//! change the blocks are measured ([`Layout::next`], `web::block_tops`) and `pages::paginate`
//! places them again from the page before the first block whose size changed. A paragraph
//! split across pages is its first part, with the rest of its text hidden (so that it still
//! holds the whole paragraph, as one element), then the continuation on the next pages.

use yew::prelude::*;

use super::css_class;
use super::pages::{self, Measure, Start};
use super::state::{step_index_of, Action};
use super::web;
use crate::document::{Document, Para, ParaStyle};
use crate::kind::{Kind, Level};
use crate::text::Run;

/// The document and the step of each body paragraph (memoized together).
pub struct PreviewData {
    pub doc: Document,
    pub para_steps: Vec<Option<usize>>,
}

/// A click handler that opens the step holding `path`, if the kind has such a field.
fn jump(kind: &Kind, path: &str, dispatch: &Callback<Action>) -> Option<Callback<MouseEvent>> {
    step_index_of(kind, path)?;
    let d = dispatch.clone();
    let path = path.to_string();
    Some(Callback::from(move |e: MouseEvent| {
        // Leave a text selection alone.
        let selected =
            web_sys::window().and_then(|w| w.get_selection().ok().flatten()).is_some_and(|s| !s.is_collapsed());
        if !selected {
            e.prevent_default();
            d.emit(Action::JumpTo(path.clone()));
        }
    }))
}

fn runs(rs: &[Run]) -> Html {
    html! {
        { for rs.iter().map(|r| match (r.italic, r.bold) {
            (false, false) => html! { { r.text.clone() } },
            (i, b) => html! { <span class={css_class(&[if i { "it" } else { "" }, if b { "bd" } else { "" }])}>{ r.text.clone() }</span> },
        }) }
    }
}

fn para_class(p: &Para) -> &'static str {
    match p.style {
        ParaStyle::Body => "p-body",
        ParaStyle::Heading(Level::Section) => "p-section",
        ParaStyle::Heading(Level::Clause) => "p-clause",
        ParaStyle::Heading(Level::Point) => "p-point",
    }
}

/// Lines, each its own block.
fn lines(ls: &[String], class: &'static str) -> Html {
    html! { { for ls.iter().map(|l| html! { <p class={class}>{ l.clone() }</p> }) } }
}

/// Line height of the body (14 pt, single: 1.15 em, as styles/app.css sets it), CSS px.
const LINE_PX: f64 = 14.0 * 1.15 * 96.0 / 72.0;
/// Space after a body paragraph (6 pt), CSS px.
const AFTER_PX: f64 = 8.0;
/// Blocks before the body: letterhead, title, Kính gửi.
const HEAD: usize = 3;

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
    /// The layout of the document now in the measuring container: the pages before the page
    /// that holds the first changed block are kept.
    pub fn next(&self, doc: &Document) -> Layout {
        let tops = web::block_tops();
        let n = doc.body.len();
        if tops.len() != n + HEAD + 2 {
            return self.clone();
        }
        let measures: Vec<Measure> = (0..n + HEAD + 1)
            .map(|i| {
                let body = i.checked_sub(HEAD).and_then(|b| doc.body.get(b));
                let heading = body.is_some_and(|p| p.style != ParaStyle::Body);
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
            .map(|&(b, l)| (b, if l > 0 { web::line_start(b as u32, tops[b] + (l as f64 - 0.5) * LINE_PX) } else { 0 }))
            .collect();
        Layout { starts, lines, measures, too_tall }
    }

    /// The tables split across pages, for the worker's `layout.split` warnings
    /// (`pages::split_pages`).
    pub fn split(&self) -> (u32, u32) {
        pages::split_pages(&self.too_tall, self.measures.len())
    }
}

/// Block `i` of the document (see [`HEAD`]), from UTF-16 offset `from` to `to` when it is a
/// split paragraph; `live`: on a page (linked to the form, the current step highlighted),
/// else in the measuring container.
fn block(
    kind: &Kind,
    data: &PreviewData,
    i: usize,
    (from, to): (u32, u32),
    live: Option<(usize, &Callback<Action>)>,
) -> Html {
    let doc = &data.doc;
    let link = |path: &str| live.and_then(|(_, d)| jump(kind, path, d));
    let linked = |path: &str, own: &str| {
        css_class(&["part", if step_index_of(kind, path).is_some() { "linked" } else { "" }, own])
    };
    let n = doc.body.len();
    match i {
        0 => html! {
            <div class="letterhead">
                <div class={linked("letterhead.issuer", "lh-issuer")} onclick={link("letterhead.issuer")}>
                    if !doc.parent.is_empty() {
                        <p class="lh-parent">{ doc.parent.clone() }</p>
                    }
                    { lines(&doc.issuer, "lh-issuer-line") }
                    <div class="rule short" aria-hidden="true"></div>
                </div>
                <div class="part lh-nation">
                    <p class="lh-national">{ crate::document::NATIONAL_TITLE }</p>
                    <p class="lh-motto"><span>{ crate::document::MOTTO }</span></p>
                </div>
                <div class={linked("letterhead.number", "lh-number")} onclick={link("letterhead.number")}>
                    <p>{ doc.number_line.clone() }</p>
                </div>
                <div class={linked("letterhead.date", "lh-date")} onclick={link("letterhead.date")}>
                    <p>{ doc.place_date.clone() }</p>
                </div>
            </div>
        },
        1 => html! {
            <div class={linked("title", "heading-block")} onclick={link("title")}>
                <p class="doc-type">{ doc.doc_type.clone() }</p>
                <p class="doc-title">{ doc.title.clone() }</p>
                <div class="rule short" aria-hidden="true"></div>
            </div>
        },
        2 => html! {
            <div class={linked("recipients.to", "to")} onclick={link("recipients.to")}>
                { match doc.to.as_slice() {
                    [] => html! {},
                    [one] => html! { <p class="to-one">{ one.clone() }</p> },
                    [first, rest @ ..] => html! {
                        <div class="to-many">
                            <span class="to-head">{ first.clone() }</span>
                            <div class="to-list">{ lines(rest, "to-line") }</div>
                        </div>
                    },
                } }
            </div>
        },
        i if i < n + HEAD => {
            let p = &doc.body[i - HEAD];
            let onclick = p.field.as_deref().and_then(|f| live.and_then(|(_, d)| jump(kind, f, d)));
            let current = live.is_some_and(|(c, _)| data.para_steps[i - HEAD] == Some(c));
            let cls = |part: &str| {
                css_class(&[
                    "para",
                    para_class(p),
                    part,
                    if onclick.is_some() { "linked" } else { "" },
                    if current { "cur" } else { "" },
                ])
            };
            if from > 0 {
                // The continuation of a paragraph begun on an earlier page.
                html! { <div class={cls("cont")} {onclick}>{ runs(&pages::slice_runs(&p.runs, from, to)) }</div> }
            } else if to < u32::MAX {
                html! {
                    <p class={cls("cut")} data-field={p.field.clone()} {onclick}>
                        { runs(&pages::slice_runs(&p.runs, 0, to)) }
                        <span hidden={true}>{ runs(&pages::slice_runs(&p.runs, to, u32::MAX)) }</span>
                    </p>
                }
            } else {
                html! { <p class={cls("")} data-field={p.field.clone()} {onclick}>{ runs(&p.runs) }</p> }
            }
        }
        _ => html! {
            <div class="closing">
                <div class={linked("recipients.cc", "cc")} onclick={link("recipients.cc")}>
                    <p class="cc-head">{ "Nơi nhận:" }</p>
                    { lines(&doc.cc, "cc-line") }
                </div>
                <div class={linked("signature.name", "sign")} onclick={link("signature.name")}>
                    { lines(&doc.signature, "sign-line") }
                    <div class="sign-space" aria-hidden="true"></div>
                    <p class="signer">{ doc.signer.clone() }</p>
                </div>
            </div>
        },
    }
}

/// The whole document as one flow of blocks, hidden, for measuring (`web::block_tops`).
pub fn measure_view(kind: &Kind, data: &PreviewData) -> Html {
    html! {
        <div class="measure-box" aria-hidden="true">
            <div class="doc measure" id="measure">
                { for (0..data.doc.body.len() + HEAD + 1).map(|i| block(kind, data, i, (0, u32::MAX), None)) }
            </div>
        </div>
    }
}

/// The pages. `layout` may be that of an earlier version of the document until it is
/// measured again: it is used as far as it fits.
pub fn view(kind: &Kind, data: &PreviewData, layout: &Layout, current: usize, dispatch: &Callback<Action>) -> Html {
    let count = data.doc.body.len() + HEAD + 1;
    let mut starts = vec![(0usize, 0u32)];
    for &s in &layout.starts {
        if s > starts[starts.len() - 1] && s.0 < count {
            starts.push(s);
        }
    }
    let live = Some((current, dispatch));
    let first_appendix_page = starts.len() + 1;
    html! {
        <article class="sheet" aria-label="Trang báo cáo xem trước" lang="vi">
            { for (0..starts.len()).map(|p| {
                let (b0, o0) = starts[p];
                let (b1, o1) = starts.get(p + 1).copied().unwrap_or((count, 0));
                let range = |b: usize| (if b == b0 { o0 } else { 0 }, if b == b1 { o1 } else { u32::MAX });
                let part = |r: std::ops::Range<usize>| html! {
                    { for r.filter(|&b| b < b1 || o1 > 0).map(|b| block(kind, data, b, range(b), live)) }
                };
                let body = HEAD.max(b0)..(count - 1).min(b1 + 1);
                html! {
                    <div class="page" role="group" aria-label={format!("Trang {}", p + 1)} key={p}>
                        if p > 0 {
                            <p class="page-no" aria-hidden="true">{ (p + 1).to_string() }</p>
                        }
                        <div class="doc page-body">
                            { part(b0..HEAD.min(b1 + 1)) }
                            if !body.is_empty() {
                                <div class="body">{ part(body) }</div>
                            }
                            { part((count - 1).max(b0)..count.min(b1 + 1)) }
                        </div>
                    </div>
                }
            }) }
            { appendix_pages(kind, &data.doc, first_appendix_page, dispatch) }
        </article>
    }
}

/// Rows of an appendix table on its first landscape page, and on each page after it (the
/// header repeated), as the .docx's rows of about 7 mm fit A4 landscape.
const APPENDIX_ROWS: (usize, usize) = (12, 18);

/// The pages of each appendix (Phụ lục) after the signature, as the .docx has them: landscape
/// A4, the heading, the form code, the title, the data window and the line naming the report,
/// then the table with its merged header (the columns' own labels turned upright) and MS row
/// (repeated on every page) and its rows, Tổng in bold.
fn appendix_pages(kind: &Kind, doc: &Document, first: usize, dispatch: &Callback<Action>) -> Html {
    let mut n = first;
    let mut pages = Vec::new();
    for a in &doc.appendices {
        let header = html! { <thead>{ super::grid::head_rows(&a.header, a.header_rows, &a.ms) }</thead> };
        let (per_first, per_next) = APPENDIX_ROWS;
        let mut from = 0;
        loop {
            let take = if from == 0 { per_first } else { per_next };
            let rows = &a.rows[from..(from + take).min(a.rows.len())];
            let onclick = jump(kind, &a.field, dispatch);
            // In the .docx's order (render::docx::appendix); empty lines left out.
            let lines = [
                ("ax-heading", &a.heading),
                ("ax-form", &a.form),
                ("ax-title", &a.title),
                ("ax-note", &a.window),
                ("ax-note", &a.attached_to),
            ];
            pages.push(html! {
                <div class="page landscape" role="group" aria-label={format!("Trang {n}")} key={format!("ax-{n}")}>
                    <p class="page-no" aria-hidden="true">{ n.to_string() }</p>
                    <div class={css_class(&["doc", "appendix", "part", if onclick.is_some() { "linked" } else { "" }])} {onclick}>
                        { for lines.iter().filter(|(_, t)| from == 0 && !t.trim().is_empty()).map(|(class, t)| html! { <p class={*class}>{ (*t).clone() }</p> }) }
                        <table class="ax-table">
                            { header.clone() }
                            <tbody>
                                { for rows.iter().map(|r| html! {
                                    <tr class={r.total.then_some("ax-total")}>
                                        { for std::iter::once(&r.name).chain(&r.cells).map(|c| html! { <td>{ c.clone() }</td> }) }
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                </div>
            });
            n += 1;
            from += take;
            if from >= a.rows.len() {
                break;
            }
        }
    }
    html! { { for pages } }
}

/// "6 trang": the pages of the text, then those of the appendices.
pub fn page_count(layout: &Layout, doc: &Document) -> String {
    let (first, next) = APPENDIX_ROWS;
    let appendix: usize = doc.appendices.iter().map(|a| 1 + a.rows.len().saturating_sub(first).div_ceil(next)).sum();
    format!("{} trang", layout.starts.len().max(1) + appendix)
}
