//! The app's effects as custom hooks: start-up, the preview and its pages, the findings from
//! the worker and their announcement, autosave and the page's events, the step's memory and
//! focus, and the kinds that come from the worker.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::findings::{announcement, Announced, Checked};
use super::preview::{Layout, PreviewData};
use super::state::{self, lower_first, Action, State};
use super::storage::{self, Boot, StoreRef};
use super::{files, kinds, update, web, worker};
use crate::model::Draft;

/// How long the preview of a very long draft waits for typing to pause.
const PREVIEW_DELAY_MS: u32 = 250;
/// How long page breaks wait for typing to pause.
const LAYOUT_DELAY_MS: u32 = 120;
/// The live region tells the findings' count this long after the last change.
const ANNOUNCE_DELAY_MS: u32 = 1000;

/// The state, from what storage held at start-up (read once), and the store behind it.
#[hook]
pub fn use_boot() -> (UseReducerHandle<State>, StoreRef) {
    let boot = use_mut_ref(Boot::start);
    let state = use_reducer({
        let boot = boot.clone();
        move || boot.borrow_mut().state.take().expect("the state at start-up")
    });
    let store = boot.borrow().store.clone();
    store.borrow_mut().set_dispatcher(state.dispatcher());
    (state, store)
}

/// The kind as a number, for the dependencies of effects (a kind replaced by an opened file
/// is another one).
fn kind_key(state: &State) -> usize {
    state.kind as *const crate::kind::Kind as usize
}

/// The preview: its document (from the worker) and its pages.
pub struct Pages {
    /// The document shown, once the worker has built one.
    pub data: Option<Rc<PreviewData>>,
    /// The draft it was built from.
    pub of: Option<Rc<Draft>>,
    /// The text of each heading of the kind (id, text), as the worker rendered them.
    pub headings: Rc<Vec<(String, String)>>,
    /// Why the worker could not build the document, if it could not.
    pub problem: Option<String>,
    pub layout: Rc<RefCell<Layout>>,
    /// The measuring copy of the document is drawn in this render.
    pub measuring: bool,
    /// The pages of the draft shown are not laid out yet (its first document is on its way
    /// from the worker, or being measured): the preview is `aria-busy`.
    pub busy: bool,
}

/// What the preview keeps between renders.
#[derive(Default)]
struct PreviewRefs {
    /// The draft the preview shows, and its generation.
    shown: Option<(Rc<Draft>, u64)>,
    preview_timer: Option<Timeout>,
    layout_timer: Option<Timeout>,
    /// Draw the measuring copy (set by the layout timer, taken after the render).
    measuring: bool,
    /// The first layout is measured at once.
    measured_once: bool,
    /// Documents asked for and taken (an answer is taken unless a later one is in).
    sent: u32,
    taken: u32,
    data: Option<Rc<PreviewData>>,
    of: Option<Rc<Draft>>,
    headings: Rc<Vec<(String, String)>>,
    problem: Option<String>,
    /// The generation of the draft of `data`, and that of the last document measured.
    data_generation: u64,
    laid_out: Option<u64>,
}

/// The document of the draft the preview shows — the current one, except while a very long
/// draft is being typed, when it follows once typing pauses (`state::preview_should_lag`) —
/// built by the worker, and its pages: measured and broken after each new document
/// (preview.rs). The measuring container (the whole document once more, hidden) exists only
/// while it is measured: right after the first document, then [`LAYOUT_DELAY_MS`] after the
/// last one. A keystroke redraws the pages alone (in their breaks as they were), and the
/// breaks follow after the pause.
#[hook]
pub fn use_pages(state: &State, store: &StoreRef) -> Pages {
    let refs = use_mut_ref(PreviewRefs::default);
    let layout = use_mut_ref(Layout::default);
    let redraw = use_force_update();
    let shown = {
        let mut r = refs.borrow_mut();
        let lag = state::preview_should_lag(&state.draft);
        if !lag || r.shown.as_ref().is_none_or(|(_, g)| *g != state.generation) {
            r.shown = Some((state.draft.clone(), state.generation));
        }
        r.shown.as_ref().map(|(d, _)| d.clone()).expect("set above")
    };
    {
        let (refs, redraw) = (refs.clone(), redraw.clone());
        use_effect_with((state.draft.clone(), state.generation), move |(draft, generation)| {
            let behind = !refs.borrow().shown.as_ref().is_some_and(|(d, _)| Rc::ptr_eq(d, draft));
            let timer = behind.then(|| {
                let (draft, generation, refs) = (draft.clone(), *generation, refs.clone());
                Timeout::new(PREVIEW_DELAY_MS, move || {
                    refs.borrow_mut().shown = Some((draft, generation));
                    redraw.force_update();
                })
            });
            refs.borrow_mut().preview_timer = timer;
        });
    }
    let kind = state.kind;
    {
        let (refs, redraw, store) = (refs.clone(), redraw.clone(), store.clone());
        // With the generation: a new draft equal to the one shown is a new document too.
        use_effect_with((kind_key(state), shown, state.generation), move |(_, draft, generation)| {
            let generation = *generation;
            let n = {
                let mut r = refs.borrow_mut();
                r.sent += 1;
                r.sent
            };
            let of = draft.clone();
            worker::document(draft, move |answer| {
                let first = {
                    let mut r = refs.borrow_mut();
                    match answer {
                        Ok(_) if n <= r.taken => return,
                        Ok((doc, headings)) => {
                            r.taken = n;
                            storage::title_known(&store, &of, &doc.title);
                            let para_steps = state::para_steps(kind, &doc);
                            r.data = Some(Rc::new(PreviewData { doc, para_steps }));
                            r.of = Some(of);
                            r.data_generation = generation;
                            r.headings = Rc::new(headings);
                            r.problem = None;
                        }
                        Err(why) => r.problem = Some(format!("Chưa dựng được bản xem trước: {}", lower_first(&why))),
                    }
                    !std::mem::replace(&mut r.measured_once, true)
                };
                // Measure the pages at once the first time, then once documents stop coming.
                let r = refs.clone();
                let redraw2 = redraw.clone();
                refs.borrow_mut().layout_timer =
                    Some(Timeout::new(if first { 0 } else { LAYOUT_DELAY_MS }, move || {
                        let has = r.borrow().data.is_some();
                        r.borrow_mut().measuring = has;
                        redraw2.force_update();
                    }));
                redraw.force_update();
            });
        });
    }
    let (data, measuring) = {
        let r = refs.borrow();
        (r.data.clone(), r.measuring)
    };
    {
        let (layout, data, refs) = (layout.clone(), data.clone(), refs.clone());
        // After a render that drew the measuring container: measure, then take it away.
        use_effect(move || {
            if std::mem::take(&mut refs.borrow_mut().measuring) {
                if let Some(data) = data {
                    let next = layout.borrow().next(&data.doc);
                    *layout.borrow_mut() = next;
                    let mut r = refs.borrow_mut();
                    r.laid_out = Some(r.data_generation);
                }
                redraw.force_update();
            }
        });
    }
    let r = refs.borrow();
    let busy = r.problem.is_none() && r.laid_out != Some(state.generation);
    Pages { data, of: r.of.clone(), headings: r.headings.clone(), problem: r.problem.clone(), layout, measuring, busy }
}

/// The findings the form shows, from the worker.
pub struct Findings {
    pub checked: Rc<Checked>,
    /// The findings of the draft shown are not in yet (the panel is `aria-busy`).
    pub busy: bool,
    /// Why the checks could not run, if they could not.
    pub problem: Option<String>,
    /// Every error of the draft checked, shown or not.
    pub errors: usize,
    /// The number of the request answered (each answer restarts the announcement's delay).
    pub seq: u32,
}

/// What the findings hook keeps: the requests sent and taken, the last answer.
struct Answered {
    sent: u32,
    taken: u32,
    checked: Rc<Checked>,
    draft: Option<Rc<Draft>>,
    errors: usize,
    problem: Option<String>,
}

/// The checks run in the worker (worker.rs) on every change of the draft (and of the steps
/// opened: "required" findings wait for their step, `findings::shown`; and of the tables the
/// page found split across pages, `layout.split`); an answer is taken unless the answer for
/// a later request is already there.
#[hook]
pub fn use_findings(state: &State, split: (u32, u32)) -> Findings {
    let kind = state.kind;
    let answered = use_mut_ref(|| Answered {
        sent: 0,
        taken: 0,
        checked: Rc::new(Checked::pending(kind)),
        draft: None,
        errors: 0,
        problem: None,
    });
    let redraw = use_force_update();
    {
        let answered = answered.clone();
        let deps = (state.draft.clone(), state.opened(), state.reveal_required, split, kind_key(state));
        use_effect_with(deps, move |(draft, opened, reveal, split, _)| {
            let n = {
                let mut a = answered.borrow_mut();
                a.sent += 1;
                a.sent
            };
            let checked_draft = draft.clone();
            worker::check(draft, *opened, *reveal, *split, move |result| {
                {
                    let mut a = answered.borrow_mut();
                    match result {
                        Ok((checked, errors)) => {
                            a.problem = None;
                            if n > a.taken {
                                a.taken = n;
                                a.checked = Rc::new(checked);
                                a.draft = Some(checked_draft);
                                a.errors = errors;
                            }
                        }
                        Err(why) => a.problem = Some(format!("Chưa kiểm tra được số liệu: {}", lower_first(&why))),
                    }
                }
                redraw.force_update();
            });
        });
    }
    let a = answered.borrow();
    Findings {
        checked: a.checked.clone(),
        busy: !a.draft.as_ref().is_some_and(|d| Rc::ptr_eq(d, &state.draft)),
        problem: a.problem.clone(),
        errors: a.errors,
        seq: a.taken,
    }
}

/// The findings' count, told politely once typing has paused: the live region's text.
#[hook]
pub fn use_announcement(findings: &Findings) -> String {
    // (what was told last, the text told, the timer)
    let announced = use_mut_ref(|| (None::<Announced>, String::new(), None::<Timeout>));
    let redraw = use_force_update();
    {
        let announced = announced.clone();
        // Every answer restarts the delay.
        let checked = findings.checked.clone();
        use_effect_with(findings.seq, move |_| {
            if checked.pending {
                return;
            }
            if announced.borrow().0.is_none() {
                // The first findings: what is there is not news.
                announced.borrow_mut().0 = Some(Announced::of(&checked));
                return;
            }
            let a = announced.clone();
            announced.borrow_mut().2 = Some(Timeout::new(ANNOUNCE_DELAY_MS, move || {
                let prev = a.borrow().0.clone().unwrap_or_default();
                if let Some((text, now)) = announcement(&prev, &checked) {
                    let mut a = a.borrow_mut();
                    a.0 = Some(now);
                    a.1 = text;
                    drop(a);
                    redraw.force_update();
                }
            }));
        });
    }
    let live = announced.borrow().1.clone();
    live
}

/// What the page listens to for its whole life, set up once the form shows: autosave
/// (storage.rs) flushed when the page is hidden or left; other tabs' saves of the same draft
/// through the `storage` event (which also refreshes the drafts dialog while it is open); the
/// keyboard shortcuts Alt+PageDown / Alt+PageUp (next / previous step, from anywhere); files
/// dropped on the page. Then, right after the first render: the worker (checks, sample,
/// files, .docx) is started and asked for the kinds the page does not embed and those the
/// author opened, and the draft that waited for its kind, if one did, is opened; the styles
/// the first view does not need (`styles/later.css`) and the manifest are linked and the
/// service worker registered.
#[hook]
pub fn use_page_life(store: &StoreRef, state: &UseReducerHandle<State>) {
    let (store, state) = (store.clone(), state.clone());
    use_effect_with((), move |_| {
        let mut listeners = Vec::new();
        if let Some(w) = web_sys::window() {
            let (s, st) = (store.clone(), state.clone());
            listeners.push(EventListener::new(&w, "pagehide", move |_| save_now(&s, &st)));
            let (s, st) = (store.clone(), state.clone());
            listeners.push(EventListener::new(&w, "storage", move |e| {
                if let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() {
                    storage::on_storage_event(&s, e);
                    if matches!(st.dialog, state::Dialog::Drafts(_)) && storage::is_list_event(e) {
                        st.dispatch(Action::DraftsList(storage::list()));
                    }
                }
            }));
            if let Some(doc) = w.document() {
                let (s, st) = (store.clone(), state.clone());
                listeners.push(EventListener::new(&doc, "visibilitychange", move |_| {
                    if web::page_hidden() {
                        save_now(&s, &st);
                    }
                }));
                let opts = EventListenerOptions::run_in_capture_phase();
                listeners.push(EventListener::new_with_options(&doc, "compositionend", opts, |e| {
                    web::resend_after_composition(e);
                }));
            }
            let opts = EventListenerOptions::enable_prevent_default();
            let st = state.clone();
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
                st.dispatch(action);
            }));
        }
        let d = state.dispatcher();
        let dragging = Callback::from(move |on| d.dispatch(Action::Dragging(on)));
        let (st, s) = (state.clone(), store.clone());
        let dropped = Callback::from(move |f| files::open(f, s.clone(), &st, st.dispatcher().to_callback()));
        files::listen_drop(&mut listeners, dragging, dropped);
        Timeout::new(0, move || {
            // The styles the first view does not need (dialogs, outline edits, printing).
            web::link("stylesheet", "later.css");
            let d = state.dispatcher();
            kinds::load(d.to_callback(), move || {
                d.dispatch(Action::KindsChanged);
                storage::resume(&store);
            });
            let d = state.dispatcher();
            update::start(Callback::from(move |_| d.dispatch(Action::NewVersion)));
        })
        .forget();
        move || drop(listeners)
    });
}

/// Save the draft as it is now, when the page is hidden or left. The handle reads the
/// reducer's latest state, which the autosave effect may not have seen yet: Yew renders in a
/// microtask and, after 16 ms of work, leaves the effects for a later task, so a reload right
/// after a keystroke can come first.
fn save_now(store: &StoreRef, state: &UseReducerHandle<State>) {
    storage::schedule(store, &state.draft);
    storage::flush(store);
}

/// Autosave of each change; the current step remembered; focus moved where the last action
/// asked; after a step change or a new draft, the text boxes sized and the step shown in the
/// preview; a dialog opened as a modal.
#[hook]
pub fn use_step_effects(state: &State, store: &StoreRef) {
    {
        let store = store.clone();
        use_effect_with(state.draft.clone(), move |draft| storage::schedule(&store, draft));
    }
    {
        let (ok, store) = (state.storage_ok, store.clone());
        use_effect_with(state.current_step().id, move |id| {
            if ok {
                storage::save_step(&store, id);
            }
        });
    }
    use_effect_with(state.focus.clone(), |f| {
        if let Some(f) = f {
            web::focus(&f.target);
        }
    });
    use_effect_with((state.step, state.generation), |_| {
        web::autosize_all();
        web::scroll_preview_to_current();
    });
    let dialog = match state.dialog {
        state::Dialog::None => "",
        state::Dialog::Drafts(_) => super::library::DIALOG_ID,
        state::Dialog::Picker(_) => super::picker::DIALOG_ID,
    };
    use_effect_with(dialog, |id| web::show_modal(id));
}
