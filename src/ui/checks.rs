//! The findings in the form: the messages next to the fields, the "Kiểm tra số liệu" panel
//! listing them all, and the live region announcing their count. Severity is always written
//! out ("Lỗi:", "Cảnh báo:"), never told by colour alone.

use yew::prelude::*;

use super::css_class;
use super::findings::{Checked, Counts};
use super::state::Action;
use crate::check::Severity;
use crate::kind::Kind;

pub fn sev_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

/// The class of a control (or cell, record) with findings of this worst severity.
pub fn marked_class(s: Option<Severity>) -> Option<&'static str> {
    match s? {
        Severity::Error => Some("has-error"),
        Severity::Warning => Some("has-warning"),
        Severity::Info => None,
    }
}

fn severity_word(s: Severity) -> Html {
    html! { <span class="sev">{ s.label() }{ ":" }</span> }
}

/// The message element of one field: the findings `ix` of `checked`, one line each.
pub fn messages(checked: &Checked, ix: &[usize], id: &str) -> Html {
    html! {
        <div class="msgs" id={id.to_string()}>
            { for ix.iter().map(|&i| {
                let f = &checked.findings[i];
                html! {
                    <p class={css_class(&["msg", sev_class(f.severity)])}>
                        { severity_word(f.severity) }{ " " }{ checked.messages[i].clone() }
                    </p>
                }
            }) }
        </div>
    }
}

/// The findings of a table, listed once under it and numbered (1), (2)…; item `n` has the id
/// `id(n)`, which the cells it names use in `aria-describedby`.
pub fn numbered_messages(checked: &Checked, listed: &[usize], id: impl Fn(usize) -> String) -> Html {
    if listed.is_empty() {
        return html! {};
    }
    html! {
        <ul class="msgs numbered">
            { for listed.iter().enumerate().map(|(n, &i)| {
                let f = &checked.findings[i];
                html! {
                    <li id={id(n)} class={css_class(&["msg", sev_class(f.severity)])}>
                        <span class="num">{ format!("({})", n + 1) }</span>{ " " }
                        { severity_word(f.severity) }{ " " }{ checked.messages[i].clone() }
                    </li>
                }
            }) }
        </ul>
    }
}

/// What a table cell shows when findings name it: the severity and their numbers in the
/// list under the table ("Lỗi (1)"). Hidden from assistive technologies: the cell's
/// `aria-describedby` reads the messages themselves.
pub fn cell_flag(worst: Option<Severity>, numbers: &[usize]) -> Html {
    let Some(s) = worst else { return html! {} };
    if numbers.is_empty() {
        return html! {};
    }
    let nums: Vec<String> = numbers.iter().map(|n| (n + 1).to_string()).collect();
    html! {
        <span class={css_class(&["cell-flag", sev_class(s)])} aria-hidden="true">
            { format!("{} ({})", s.label(), nums.join(", ")) }
        </span>
    }
}

/// Badges "1 lỗi", "2 cảnh báo" (notes are not counted here).
pub fn count_badges(c: &Counts) -> Html {
    let mut parts = Vec::new();
    if c.errors > 0 {
        parts.push(("sev-error", format!("{} lỗi", c.errors)));
    }
    if c.warnings > 0 {
        parts.push(("sev-warning", format!("{} cảnh báo", c.warnings)));
    }
    html! {
        { for parts.into_iter().map(|(cls, text)| html! { <>{ " " }<span class={css_class(&["badge", cls])}>{ text }</span></> }) }
    }
}

/// The panel "Kiểm tra số liệu": the counts, and (when opened) every finding, errors first;
/// choosing one opens its step and focuses the first field it names. `busy`: the findings of
/// the latest change are still on their way from the worker. `problem`: why the checks cannot
/// run (the worker did not load).
pub fn panel(
    kind: &Kind,
    checked: &Checked,
    busy: bool,
    problem: Option<&str>,
    open: bool,
    toggle: Callback<MouseEvent>,
    dispatch: &Callback<Action>,
) -> Html {
    let c = checked.total;
    let n = c.total();
    html! {
        <section class={if c.errors > 0 { "checks has-errors" } else { "checks" }} aria-labelledby="checks-title"
            aria-busy={busy.then_some("true")}>
            <div class="checks-head">
                <h2 id="checks-title">{ "Kiểm tra số liệu" }</h2>
                <p class="checks-count">
                    if let Some(p) = problem {
                        <span class="checks-problem">{ p.to_string() }</span>
                    } else if checked.pending {
                        { "Đang chuẩn bị kiểm tra số liệu…" }
                    } else if n == 0 {
                        <span class="ok-mark" aria-hidden="true">{ "✓ " }</span>{ "Không có lỗi hay cảnh báo." }
                    } else {
                        { count_badges(&c) }
                        if c.notes > 0 {
                            <span class="badge sev-info">{ format!("{} lưu ý", c.notes) }</span>
                        }
                    }
                </p>
                if n > 0 {
                    <button type="button" class="btn small" aria-expanded={if open { "true" } else { "false" }}
                        aria-controls="checks-list" onclick={toggle}>
                        { if open { "Ẩn danh sách" } else { "Xem danh sách cần xem lại" } }
                    </button>
                }
            </div>
            if n > 0 {
                <ol id="checks-list" class="checks-list" hidden={!open}>
                    { for checked.findings.iter().enumerate().map(|(i, f)| {
                        let body = html! {
                            <>
                                { severity_word(f.severity) }{ " " }{ checked.messages[i].clone() }
                                if let Some(title) = checked.step_title(kind, i) {
                                    <span class="where">{ format!(" — {title}") }</span>
                                }
                            </>
                        };
                        let item = match checked.target(kind, i) {
                            Some(path) => {
                                let d = dispatch.clone();
                                let path = path.to_string();
                                let go = Callback::from(move |_: MouseEvent| d.emit(Action::JumpTo(path.clone())));
                                html! { <button type="button" class="finding" onclick={go}>{ body }</button> }
                            }
                            None => html! { <p class="finding">{ body }</p> },
                        };
                        html! { <li class={sev_class(f.severity)}>{ item }</li> }
                    }) }
                </ol>
            }
            if !checked.compared.is_empty() {
                <details class="compared">
                    <summary>{ format!("So sánh với kỳ trước ({} số liệu)", checked.compared.len()) }</summary>
                    <ul>{ for checked.compared.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                </details>
            }
        </section>
    }
}

/// The one polite live region of the findings: a short summary, set a moment after typing stops.
pub fn live_region(text: &str) -> Html {
    html! {
        <div id="checks-live" class="sr-only" role="status" aria-live="polite" aria-atomic="true">{ text.to_string() }</div>
    }
}
