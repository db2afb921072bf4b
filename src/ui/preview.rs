//! The live preview: the document IR drawn as an A4 page, built as Yew nodes (never HTML
//! strings). Clicking a part opens the step that holds it.

use yew::prelude::*;

use super::css_class;
use super::state::{step_index_of, Action};
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

pub fn view(kind: &Kind, data: &PreviewData, current: usize, dispatch: &Callback<Action>) -> Html {
    let doc = &data.doc;
    // Parts of the frame link to the fields every kind's layout reads (see `document::build`).
    let link = |path: &str| jump(kind, path, dispatch);
    let linked = |path: &str, own: &str| {
        css_class(&["part", if step_index_of(kind, path).is_some() { "linked" } else { "" }, own])
    };
    let kinh_gui = match doc.to.as_slice() {
        [] => html! {},
        [one] => html! { <p class="to-one">{ one.clone() }</p> },
        [first, rest @ ..] => html! {
            <div class="to-many">
                <span class="to-head">{ first.clone() }</span>
                <div class="to-list">{ lines(rest, "to-line") }</div>
            </div>
        },
    };
    html! {
        <article class="sheet" aria-label="Trang báo cáo xem trước" lang="vi">
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
            <div class={linked("title", "heading-block")} onclick={link("title")}>
                <p class="doc-type">{ doc.doc_type.clone() }</p>
                <p class="doc-title">{ doc.title.clone() }</p>
                <div class="rule short" aria-hidden="true"></div>
            </div>
            <div class={linked("recipients.to", "to")} onclick={link("recipients.to")}>
                { kinh_gui }
            </div>
            <div class="body">
                { for doc.body.iter().zip(&data.para_steps).map(|(p, step)| {
                    let onclick = p.field.as_deref().and_then(|f| jump(kind, f, dispatch));
                    let cls = css_class(&[
                        "para",
                        para_class(p),
                        if onclick.is_some() { "linked" } else { "" },
                        if *step == Some(current) { "cur" } else { "" },
                    ]);
                    html! { <p class={cls} data-field={p.field.clone()} {onclick}>{ runs(&p.runs) }</p> }
                }) }
            </div>
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
        </article>
    }
}
