//! The step list with each step's state, and the overall progress.

use yew::prelude::*;

use super::form::{state_class, state_mark};
use super::state::{progress, Action};
use crate::kind::{self, Kind};
use crate::model::Draft;

pub fn view(kind: &Kind, draft: &Draft, current: usize, dispatch: &Callback<Action>) -> Html {
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
                    html! {
                        <li key={step.id}>
                            <button type="button" class={classes!("step-btn", state_class(st), cur.then_some("current"))}
                                aria-current={cur.then_some("step")} {onclick}>
                                <span class="mark" aria-hidden="true">{ state_mark(st) }</span>
                                <span class="title">{ step.title }</span>
                                <span class="sr-only">{ ", " }</span>
                                <span class="state">{ st.label() }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
            <p class="shortcut-hint">{ "Phím tắt: Alt+PageDown / Alt+PageUp để sang phần tiếp / phần trước." }</p>
        </nav>
    }
}
