//! The root component: holds the state, wires the views to actions and runs the effects
//! (autosave, step memory, keyboard shortcuts, focus).

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::findings::{announcement, Announced, Checked};
use super::form::{self, Ctx};
use super::library::{DraftsDialog, StoreProp};
use super::preview::{self, Layout, PreviewData};
use super::state::{self, blank_draft, has_content, lower_first, Action, NoticeLevel, State};
use super::storage::{self, Boot};
use super::{checks, files, nav, update, web, worker};
use crate::document;
use crate::model::Draft;

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

/// How long the preview of a very long draft waits for typing to pause.
const PREVIEW_DELAY_MS: u32 = 250;
/// How long page breaks wait for typing to pause.
const LAYOUT_DELAY_MS: u32 = 120;
/// The live region tells the findings' count this long after the last change.
const ANNOUNCE_DELAY_MS: u32 = 1000;

#[function_component]
pub fn App() -> Html {
    // Start-up reads storage once: the state to show and the store behind it.
    let boot = use_mut_ref(Boot::start);
    let state = use_reducer({
        let boot = boot.clone();
        move || boot.borrow_mut().state.take().expect("the state at start-up")
    });
    let store = boot.borrow().store.clone();
    store.borrow_mut().set_dispatcher(state.dispatcher());
    let kind = state.kind;
    let dispatcher = state.dispatcher();
    let dispatch = {
        let d = dispatcher.clone();
        Callback::from(move |a: Action| d.dispatch(a))
    };

    // The draft the preview shows: the current one, except while a very long draft is being
    // typed, when it follows once typing pauses (see `state::preview_should_lag`).
    let shown = use_mut_ref(|| (state.draft.clone(), state.generation));
    let redraw = use_force_update();
    let lag = state::preview_should_lag(&state.draft);
    if !lag || shown.borrow().1 != state.generation {
        *shown.borrow_mut() = (state.draft.clone(), state.generation);
    }
    let preview_timer = use_mut_ref(|| None::<Timeout>);
    {
        let (shown, timer) = (shown.clone(), preview_timer.clone());
        use_effect_with((state.draft.clone(), state.generation), move |(draft, generation)| {
            let behind = !Rc::ptr_eq(&shown.borrow().0, draft);
            *timer.borrow_mut() = behind.then(|| {
                let (draft, generation) = (draft.clone(), *generation);
                Timeout::new(PREVIEW_DELAY_MS, move || {
                    *shown.borrow_mut() = (draft, generation);
                    redraw.force_update();
                })
            });
        });
    }
    let preview_draft = shown.borrow().0.clone();

    // The document, rebuilt on every change of the previewed draft.
    let data = use_memo(preview_draft.clone(), move |d| {
        let doc = document::build(kind, d);
        let para_steps = state::para_steps(kind, &doc);
        PreviewData { doc, para_steps }
    });

    // The pages: measured and broken after each change of the document (preview.rs). The
    // measuring container (the whole document once more, hidden) exists only while it is
    // measured: right after the first render (which shows the form, and the document on one
    // page, as soon as it can), then LAYOUT_DELAY_MS after the last change of the previewed
    // draft. A keystroke redraws the pages alone (in their breaks as they were), and
    // the breaks follow after the pause.
    let layout = use_mut_ref(Layout::default);
    let measuring = use_mut_ref(|| false);
    let layout_timer = use_mut_ref(|| None::<Timeout>);
    let redraw = use_force_update();
    {
        let (layout, data, measuring, redraw) = (layout.clone(), data.clone(), measuring.clone(), redraw.clone());
        // After a render that drew the measuring container: measure, then take it away.
        use_effect(move || {
            if std::mem::take(&mut *measuring.borrow_mut()) {
                let next = layout.borrow().next(&data.doc);
                *layout.borrow_mut() = next;
                redraw.force_update();
            }
        });
    }
    {
        let (measuring, redraw, timer) = (measuring.clone(), redraw.clone(), layout_timer.clone());
        let first = use_mut_ref(|| true);
        use_effect_with(preview_draft.clone(), move |_| {
            let delay = if std::mem::take(&mut *first.borrow_mut()) { 0 } else { LAYOUT_DELAY_MS };
            *timer.borrow_mut() = Some(Timeout::new(delay, move || {
                *measuring.borrow_mut() = true;
                redraw.force_update();
            }));
        });
    }
    let layout = layout.borrow();

    // The findings. The checks run in the worker (worker.rs) on every change of the draft
    // (and of the steps opened: "required" findings wait for their step, findings::shown);
    // an answer is taken unless the answer for a later request is already there.
    // `answered`: (number of the request, the findings shown, the draft, all its errors).
    let answered = use_state(|| (0u32, Rc::new(Checked::pending(kind)), None::<Rc<Draft>>, 0usize));
    let check_problem = use_state_eq(|| None::<String>);
    let check_seq = use_mut_ref(|| (0u32, 0u32)); // (sent, taken)
    {
        let (answered, problem, seq) = (answered.setter(), check_problem.setter(), check_seq.clone());
        use_effect_with(
            // With the tables the page found split across pages (`layout.split`).
            (state.draft.clone(), state.opened(), state.reveal_required, layout.split()),
            move |(draft, opened, reveal, split)| {
                let n = {
                    let mut seq = seq.borrow_mut();
                    seq.0 += 1;
                    seq.0
                };
                let checked_draft = draft.clone();
                worker::check(draft, *opened, *reveal, *split, move |result| match result {
                    Ok((findings, errors)) => {
                        problem.set(None);
                        let newer = n > seq.borrow().1;
                        if newer {
                            seq.borrow_mut().1 = n;
                            let c = Rc::new(Checked::from_findings(kind, &checked_draft, findings));
                            answered.set((n, c, Some(checked_draft), errors));
                        }
                    }
                    Err(why) => problem.set(Some(format!("Chưa kiểm tra được số liệu: {}", lower_first(&why)))),
                });
            },
        );
    }
    // Until the findings of the draft shown arrive, the panel is `aria-busy`.
    let checks_busy = !answered.2.as_ref().is_some_and(|d| Rc::ptr_eq(d, &state.draft));
    let checked = answered.1.clone();

    // Announce the findings' count politely, once typing has paused.
    let live = use_state(String::new);
    let announced = use_mut_ref(|| None::<Announced>);
    let announce_timer = use_mut_ref(|| None::<Timeout>);
    {
        let (live, announced, announce_timer) = (live.clone(), announced.clone(), announce_timer.clone());
        // Every answer restarts the delay.
        let checked = checked.clone();
        use_effect_with(answered.0, move |_| {
            if checked.pending {
                return;
            }
            if announced.borrow().is_none() {
                // The first findings: what is there is not news.
                *announced.borrow_mut() = Some(Announced::of(&checked));
                return;
            }
            *announce_timer.borrow_mut() = Some(Timeout::new(ANNOUNCE_DELAY_MS, move || {
                let prev = announced.borrow().clone().unwrap_or_default();
                if let Some((text, now)) = announcement(&prev, &checked) {
                    *announced.borrow_mut() = Some(now);
                    live.set(text);
                }
            }));
        });
    }
    let checks_open = use_state(|| false);

    // Autosave (storage.rs): debounced, flushed when the page is hidden or left; other tabs'
    // saves of the same draft arrive through the `storage` event.
    {
        let store = store.clone();
        use_effect_with(state.draft.clone(), move |draft| storage::schedule(&store, draft));
    }
    {
        let (store, dispatcher) = (store.clone(), dispatcher.clone());
        use_effect_with((), move |_| {
            let mut listeners = Vec::new();
            if let Some(w) = web_sys::window() {
                let s = store.clone();
                listeners.push(EventListener::new(&w, "pagehide", move |_| storage::flush(&s)));
                let s = store.clone();
                listeners.push(EventListener::new(&w, "storage", move |e| {
                    if let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() {
                        storage::on_storage_event(&s, e);
                    }
                }));
                if let Some(doc) = w.document() {
                    let s = store.clone();
                    listeners.push(EventListener::new(&doc, "visibilitychange", move |_| {
                        if web::page_hidden() {
                            storage::flush(&s);
                        }
                    }));
                    let opts = EventListenerOptions::run_in_capture_phase();
                    listeners.push(EventListener::new_with_options(&doc, "compositionend", opts, |e| {
                        web::resend_after_composition(e);
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
                storage::save_step(id);
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

    // Header actions. A new or sample report goes into a new draft; the one being written
    // stays in the drafts list (or, without storage, is replaced). When the draft being
    // written has content, the author is asked first either way.
    let replace_or_add = {
        let (state, store, d) = (state.clone(), store.clone(), dispatcher.clone());
        move |draft: Draft, question: &str, notice: String| {
            let content = has_content(state.kind, &state.draft, worker::cached_sample().as_deref());
            let kept = store.borrow().enabled;
            let consequence = if kept {
                "Bản đang soạn vẫn được giữ trong danh sách “Bản nháp”."
            } else {
                "Trình duyệt không lưu được bản nháp nên nội dung đang soạn sẽ mất; hãy “Lưu tệp” trước nếu cần."
            };
            if content && !web::confirm(&format!("{question} {consequence}")) {
                return;
            }
            if content && kept {
                storage::start_new(
                    &store,
                    draft,
                    None,
                    format!("{notice} Bản đang soạn vẫn ở trong danh sách “Bản nháp”."),
                );
            } else {
                d.dispatch(Action::Replace { draft, notice: Some(notice) });
            }
        }
    };
    // The sample comes from the worker (it is not in the page's code). On a first visit the
    // worker may still be loading: meanwhile the button is `aria-busy` and more clicks wait
    // for the same answer.
    let sample_wait = use_state_eq(|| false);
    let load_sample = {
        let (kind, add, d, wait) = (state.kind, replace_or_add.clone(), dispatcher.clone(), sample_wait.clone());
        Callback::from(move |_: MouseEvent| {
            if *wait {
                return;
            }
            wait.set(true);
            let (add, d, wait) = (add.clone(), d.clone(), wait.setter());
            worker::sample(kind, move |result| match result {
                Ok(sample) => {
                    wait.set(false);
                    add(
                        (*sample).clone(),
                        "Mở báo cáo mẫu?",
                        "Đã tải báo cáo mẫu. Sửa từng phần cho báo cáo của cơ quan mình.".into(),
                    )
                }
                Err(why) => {
                    wait.set(false);
                    d.dispatch(Action::Notify(
                        NoticeLevel::Error,
                        format!("Chưa mở được báo cáo mẫu: {}", lower_first(&why)),
                    ))
                }
            });
        })
    };
    let new_report = {
        let (kind, add) = (state.kind, replace_or_add);
        Callback::from(move |_: MouseEvent| {
            add(blank_draft(kind, web::current_year()), "Bắt đầu báo cáo mới?", "Đã bắt đầu báo cáo mới.".into());
        })
    };
    let print = Callback::from(|_: MouseEvent| web::print());
    // The worker (checks, sample, files, .docx) starts right after the first render.
    use_effect_with((), |_| worker::start_soon());
    // The .docx, or (true) the .xlsx of the figure tables.
    let download = {
        let (state, d) = (state.clone(), dispatcher.clone());
        // The errors of the draft as it is (all of them, also those not shown yet), when its
        // findings are in (else asked for first).
        let known_errors = (!checks_busy).then_some(answered.3);
        Callback::from(move |xlsx: bool| {
            // From the current draft (the preview of a long one may be a moment behind); the
            // worker builds the same document from it.
            let (draft, kind, d) = (state.draft.clone(), state.kind, d.clone());
            let to_check = draft.clone();
            let then = move |errors: usize| {
                if errors > 0 {
                    // From now on every step's missing parts are shown.
                    d.dispatch(Action::RevealRequired);
                }
                if errors > 0 && !web::confirm(&format!("Báo cáo còn {errors} lỗi. Vẫn tải về?")) {
                    d.dispatch(Action::Notify(
                        NoticeLevel::Info,
                        format!("Chưa tải về: báo cáo còn {errors} lỗi. Xem danh sách ở mục “Kiểm tra số liệu”."),
                    ));
                    return;
                }
                let mut file_name = document::build(kind, &draft).file_name;
                if xlsx {
                    file_name = format!("{}.xlsx", file_name.trim_end_matches(".docx"));
                }
                worker::docx(&draft, xlsx, move |result| match result {
                    Ok(bytes) => {
                        if !web::download(&bytes, &file_name, if xlsx { web::XLSX_MIME } else { web::DOCX_MIME }) {
                            d.dispatch(Action::Notify(NoticeLevel::Error, "Trình duyệt không cho tải tệp về.".into()));
                        }
                    }
                    Err(message) => d.dispatch(Action::Notify(NoticeLevel::Error, message)),
                });
            };
            match known_errors {
                Some(errors) => then(errors),
                None => worker::check(&to_check, 0, true, (0, 0), move |result| {
                    then(result.map_or(0, |(_, errors)| errors))
                }),
            }
        })
    };

    // Drafts as files, and the list of drafts.
    let save_file = {
        let (state, store, dispatch) = (state.clone(), store.clone(), dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let doc = document::build(state.kind, &state.draft);
            files::save(&store, &state.draft, &doc.file_name, &dispatch);
        })
    };
    let open_file = {
        let (state, store, dispatch) = (state.clone(), store.clone(), dispatch.clone());
        Callback::from(move |f: web_sys::File| files::open(f, store.clone(), &state, dispatch.clone()))
    };
    let file_chosen = {
        let open_file = open_file.clone();
        Callback::from(move |e: Event| {
            if let Some(f) = files::take_chosen(&e) {
                open_file.emit(f);
            }
        })
    };
    let dragging = files::use_drop(open_file);
    let drafts_open = use_state_eq(|| false);
    let show_drafts = {
        let (store, open) = (store.clone(), drafts_open.setter());
        Callback::from(move |_: MouseEvent| {
            // Save first, so that the list shows the draft as it is now.
            storage::flush(&store);
            open.set(true);
        })
    };
    let close_drafts = {
        let open = drafts_open.setter();
        Callback::from(move |_: ()| open.set(false))
    };

    let ctx = Ctx { kind, state: &state, draft: &state.draft, dispatch: dispatch.clone(), checks: &checked };
    let toggle_checks = {
        let open = checks_open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };

    html! {
        <>
            <a class="skip" href="#main">{ "Bỏ qua đến nội dung" }</a>
            <header class="app-header">
                <div class="brand">
                    <h1>{ "Báo cáo" }</h1>
                    <p class="kind-name">{ kind.name }</p>
                </div>
                <div class="actions">
                    if store.borrow().enabled {
                        <button type="button" class="btn" aria-haspopup="dialog" onclick={show_drafts}>{ "Bản nháp" }</button>
                    }
                    <button type="button" class="btn" title="Hoặc kéo thả tệp .baocao.json vào trang"
                        onclick={Callback::from(|_: MouseEvent| files::pick())}>{ "Mở tệp" }</button>
                    <button type="button" class="btn" onclick={save_file}>{ "Lưu tệp" }</button>
                    { files::input(file_chosen) }
                    <button type="button" class="btn" aria-busy={sample_wait.then_some("true")} onclick={load_sample}>{ "Tải báo cáo mẫu" }</button>
                    <button type="button" class="btn" onclick={new_report}>{ "Báo cáo mới" }</button>
                    <button type="button" class="btn" onclick={print}>{ "In" }</button>
                    <button type="button" class="btn primary" onclick={download.reform(|_| false)}>{ "Tải về .docx" }</button>
                    if kind.tables().next().is_some() {
                        <button type="button" class="btn" onclick={download.reform(|_| true)}>{ "Tải biểu số liệu (.xlsx)" }</button>
                    }
                </div>
            </header>
            { notices_view(&state, &dispatch) }
            <update::UpdateNotice saved={state.storage_ok} />
            { checks::live_region(&live) }
            <div class="layout">
                { nav::view(kind, &state.draft, state.step, &checked.steps, &dispatch) }
                <main id="main" class="form-col" tabindex="-1">
                    { checks::panel(kind, &checked, checks_busy, check_problem.as_deref(), *checks_open, toggle_checks, &dispatch) }
                    { form::step_view(&ctx, state.step) }
                </main>
                // Focusable: on wide screens the preview scrolls on its own.
                <section class="preview-col" aria-labelledby="preview-title" tabindex="0">
                    <h2 id="preview-title" class="preview-title">{ "Xem trước bản in" }</h2>
                    <p class="page-count">{ preview::page_count(&layout, &data.doc) }</p>
                    <div class="preview-zoom">
                        { preview::view(kind, &data, &layout, state.step, &dispatch) }
                    </div>
                    if *measuring.borrow() {
                        { preview::measure_view(kind, &data) }
                    }
                </section>
            </div>
            if *drafts_open {
                <DraftsDialog store={StoreProp(store.clone())} on_close={close_drafts} />
            }
            { files::drop_hint(dragging) }
        </>
    }
}

fn notices_view(state: &State, dispatch: &Callback<Action>) -> Html {
    let notice = |n: &state::Notice| {
        let d = dispatch.clone();
        let id = n.id;
        let close = Callback::from(move |_: MouseEvent| d.emit(Action::Dismiss(id)));
        let cls = match n.level {
            NoticeLevel::Info => "info",
            NoticeLevel::Warning => "warning",
            NoticeLevel::Error => "error",
        };
        html! {
            <div class={super::css_class(&["notice", cls])} key={n.id.to_string()}>
                <p>{ n.text.clone() }</p>
                <button type="button" class="btn small" aria-label="Đóng thông báo" onclick={close}>{ "Đóng" }</button>
            </div>
        }
    };
    let is_error = |n: &&state::Notice| n.level == NoticeLevel::Error;
    html! {
        <div class="notices">
            // Errors (a file that cannot be opened, …) are announced at once.
            <div class="notice-group" role="alert">
                { for state.notices.iter().filter(is_error).map(notice) }
            </div>
            <div class="notice-group" role="status" aria-live="polite">
                if !state.storage_ok {
                    <p class="notice warning storage-warning">
                        { "Không lưu được vào trình duyệt (bộ nhớ đầy hoặc bị tắt): bản nháp chỉ được giữ đến khi đóng hoặc tải lại trang. Hãy bấm “Lưu tệp” để giữ bản nháp thành tệp trên máy." }
                    </p>
                }
                { for state.notices.iter().filter(|n| !is_error(n)).map(notice) }
            </div>
        </div>
    }
}
