//! The step list with each step's state and count of errors and warnings, and the overall
//! progress.

use yew::prelude::*;

use super::checks::count_badges;
use super::findings::{step_name, Counts};
use super::form::{state_class, state_mark};
use super::state::{progress, Action};
use crate::kind::{self, Kind};
use crate::model::Draft;

/// `counts`: the findings of each step.
pub fn view(kind: &Kind, draft: &Draft, current: usize, counts: &[Counts], dispatch: &Callback<Action>) -> Html {
    let (done, total) = progress(kind, draft);
    html! {
        <nav class="steps" aria-label="Các phần của báo cáo">
            <div class="progress">
                <p id="progress-text">{ format!("{done}/{total} phần đã xong") }</p>
                <progress max={total.to_string()} value={done.to_string()} aria-labelledby="progress-text"></progress>
            </div>
            <ol>
                { for kind.steps.iter().enumerate().map(|(i, step)| {
                    let st = kind::step_state(step, draft);
                    let cur = i == current;
                    let d = dispatch.clone();
                    let onclick = Callback::from(move |_: MouseEvent| d.emit(Action::GoTo(i)));
                    let c = Counts { notes: 0, ..counts.get(i).copied().unwrap_or_default() };
                    // The name spelled out in its one documented form (`findings::step_name`):
                    // the parts are laid out as blocks, which would put stray spaces into a
                    // computed name.
                    let name = step_name(step.title, st.label(), c);
                    html! {
                        <li key={step.id}>
                            <button type="button" class={super::css_class(&["step-btn", state_class(st), if cur { "current" } else { "" }])}
                                aria-current={cur.then_some("step")} aria-label={name} {onclick}>
                                <span class="mark" aria-hidden="true">{ state_mark(st) }</span>
                                <span class="title">{ step.title }</span>
                                // Spaces between the parts keep the visible words apart for tools
                                // comparing them with the name (label-content-name-mismatch).
                                { " " }
                                <span class="meta">
                                    <span class="state">{ st.label() }</span>
                                    { count_badges(&c) }
                                </span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
            <p class="shortcut-hint">{ "Phím tắt: Alt+PageDown / Alt+PageUp để sang phần tiếp / phần trước." }</p>
        </nav>
    }
}
