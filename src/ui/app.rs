//! The root component: holds the state, wires the views to actions and runs the effects
//! (autosave, step memory, keyboard shortcuts, focus).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::form::{self, Ctx};
use super::preview::{self, PreviewData};
use super::state::{self, blank_draft, has_content, Action, NoticeLevel, State};
use super::{docx_worker, nav, update, web};
use crate::model::Draft;
use crate::{check, document};

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        if next.apply(action) {
            Rc::new(next)
        } else {
            self
        }
    }
}

/// Autosave delay after the last change.
const SAVE_DELAY_MS: u32 = 300;

/// Save the draft waiting in `pending`, if any.
fn flush(pending: &RefCell<Option<Rc<Draft>>>, failed: &UseReducerDispatcher<State>) {
    let draft = pending.borrow_mut().take();
    if let Some(d) = draft {
        if !web::save_draft(&d) {
            failed.dispatch(Action::StorageFailed);
        }
    }
}

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(web::initial_state);
    let kind = state.kind;
    let dispatcher = state.dispatcher();
    let dispatch = {
        let d = dispatcher.clone();
        Callback::from(move |a: Action| d.dispatch(a))
    };

    // The document, rebuilt on every change of the draft.
    let data = use_memo(state.draft.clone(), move |d| {
        let doc = document::build(kind, d);
        let para_steps = state::para_steps(kind, &doc);
        PreviewData { doc, para_steps }
    });
    let findings = use_memo(state.draft.clone(), move |d| check::check(kind, d));

    // Autosave: debounced, flushed when the page is hidden or left.
    let pending = use_mut_ref(|| None::<Rc<Draft>>);
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        let (pending, timer, dispatcher) = (pending.clone(), timer.clone(), dispatcher.clone());
        use_effect_with((state.draft.clone(), state.storage_ok), move |(draft, ok)| {
            if *ok {
                *pending.borrow_mut() = Some(draft.clone());
                let p = pending.clone();
                *timer.borrow_mut() = Some(Timeout::new(SAVE_DELAY_MS, move || flush(&p, &dispatcher)));
            }
        });
    }
    {
        let (pending, dispatcher) = (pending.clone(), dispatcher.clone());
        use_effect_with((), move |_| {
            let mut listeners = Vec::new();
            if let Some(w) = web_sys::window() {
                let (p, d) = (pending.clone(), dispatcher.clone());
                listeners.push(EventListener::new(&w, "pagehide", move |_| flush(&p, &d)));
                if let Some(doc) = w.document() {
                    let (p, d) = (pending.clone(), dispatcher.clone());
                    listeners.push(EventListener::new(&doc, "visibilitychange", move |_| {
                        if web::page_hidden() {
                            flush(&p, &d);
                        }
                    }));
                }
                // Alt+PageDown / Alt+PageUp: next / previous step, from anywhere.
                let d = dispatcher.clone();
                let opts = EventListenerOptions::enable_prevent_default();
                listeners.push(EventListener::new_with_options(&w, "keydown", opts, move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                    if !e.alt_key() || e.ctrl_key() || e.meta_key() || e.shift_key() {
                        return;
                    }
                    let action = match e.key().as_str() {
                        "PageDown" => Action::Next,
                        "PageUp" => Action::Prev,
                        _ => return,
                    };
                    e.prevent_default();
                    d.dispatch(action);
                }));
            }
            move || drop(listeners)
        });
    }

    // Remember the current step.
    {
        let ok = state.storage_ok;
        use_effect_with(state.current_step().id, move |id| {
            if ok {
                web::save_step(id);
            }
        });
    }
    // Move focus where the last action asked.
    use_effect_with(state.focus.clone(), |f| {
        if let Some(f) = f {
            web::focus(&f.target);
        }
    });
    // After a step change or a new draft: size the text boxes, show the step in the preview.
    use_effect_with((state.step, state.generation), |_| {
        web::autosize_all();
        web::scroll_preview_to_current();
    });

    // Header actions.
    let load_sample = {
        let (state, d) = (state.clone(), dispatcher.clone());
        Callback::from(move |_: MouseEvent| {
            if has_content(state.kind, &state.draft)
                && !web::confirm("Thay bản đang soạn bằng báo cáo mẫu? Nội dung đang soạn sẽ bị xóa.")
            {
                return;
            }
            d.dispatch(Action::Replace {
                draft: (state.kind.sample)(),
                notice: Some("Đã tải báo cáo mẫu. Sửa từng phần cho báo cáo của cơ quan mình.".into()),
            });
        })
    };
    let new_report = {
        let (state, d) = (state.clone(), dispatcher.clone());
        Callback::from(move |_: MouseEvent| {
            if has_content(state.kind, &state.draft)
                && !web::confirm("Bắt đầu báo cáo mới? Nội dung đang soạn sẽ bị xóa.")
            {
                return;
            }
            d.dispatch(Action::Replace {
                draft: blank_draft(state.kind, web::current_year()),
                notice: Some("Đã bắt đầu báo cáo mới.".into()),
            });
        })
    };
    let print = Callback::from(|_: MouseEvent| web::print());
    // The .docx is built in a worker (docx_worker.rs), started in the background once the
    // form is usable, so the writer stays out of the first load.
    use_effect_with((), |_| docx_worker::warm_up_when_idle());
    let download = {
        let (state, data, d) = (state.clone(), data.clone(), dispatcher.clone());
        Callback::from(move |_: MouseEvent| {
            let (file_name, d) = (data.doc.file_name.clone(), d.clone());
            docx_worker::build(&state.draft, move |result| match result {
                Ok(bytes) => {
                    if !web::download(&bytes, &file_name, web::DOCX_MIME) {
                        d.dispatch(Action::Notify(NoticeLevel::Error, "Trình duyệt không cho tải tệp về.".into()));
                    }
                }
                Err(message) => d.dispatch(Action::Notify(NoticeLevel::Error, message)),
            });
        })
    };

    let ctx = Ctx { kind, state: &state, draft: &state.draft, dispatch: dispatch.clone() };
    let step_findings = state::findings_for_step(kind, state.step, &findings);

    html! {
        <>
            <a class="skip" href="#main">{ "Bỏ qua đến nội dung" }</a>
            <header class="app-header">
                <div class="brand">
                    <h1>{ "Báo cáo" }</h1>
                    <p class="kind-name">{ kind.name }</p>
                </div>
                <div class="actions">
                    <button type="button" class="btn" onclick={load_sample}>{ "Tải báo cáo mẫu" }</button>
                    <button type="button" class="btn" onclick={new_report}>{ "Báo cáo mới" }</button>
                    <button type="button" class="btn" onclick={print}>{ "In" }</button>
                    <button type="button" class="btn primary" onclick={download}>{ "Tải về .docx" }</button>
                </div>
            </header>
            { notices_view(&state, &dispatch) }
            <update::UpdateNotice saved={state.storage_ok} />
            <div class="layout">
                { nav::view(kind, &state.draft, state.step, &dispatch) }
                <main id="main" class="form-col" tabindex="-1">
                    { form::step_view(&ctx, state.step, &step_findings) }
                </main>
                // Focusable: on wide screens the preview scrolls on its own.
                <section class="preview-col" aria-labelledby="preview-title" tabindex="0">
                    <h2 id="preview-title" class="preview-title">{ "Xem trước bản in" }</h2>
                    <div class="preview-zoom">
                        { preview::view(kind, &data, state.step, &dispatch) }
                    </div>
                </section>
            </div>
        </>
    }
}

fn notices_view(state: &State, dispatch: &Callback<Action>) -> Html {
    html! {
        <div class="notices" role="status" aria-live="polite">
            if !state.storage_ok {
                <p class="notice warning">
                    { "Không lưu được vào trình duyệt: bản nháp chỉ được giữ đến khi đóng hoặc tải lại trang. Hãy tải về .docx trước khi đóng." }
                </p>
            }
            { for state.notices.iter().map(|n| {
                let d = dispatch.clone();
                let id = n.id;
                let close = Callback::from(move |_: MouseEvent| d.emit(Action::Dismiss(id)));
                let cls = match n.level {
                    NoticeLevel::Info => "info",
                    NoticeLevel::Warning => "warning",
                    NoticeLevel::Error => "error",
                };
                html! {
                    <div class={classes!("notice", cls)} key={n.id.to_string()}>
                        <p>{ n.text.clone() }</p>
                        <button type="button" class="btn small" aria-label="Đóng thông báo" onclick={close}>{ "Đóng" }</button>
                    </div>
                }
            }) }
        </div>
    }
}
