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
use super::preview::Layout;
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

/// A draft as a dependency of effects: the same draft, not an equal one (comparing two long
/// drafts value by value on every render costs more than the effect).
#[derive(Clone)]
struct Same(Rc<Draft>);

impl PartialEq for Same {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The kind as a number, for the dependencies of effects (a kind replaced by an opened file
/// is another one).
fn kind_key(state: &State) -> usize {
    state.kind as *const crate::kind::Kind as usize
}

/// The preview: its pages (drawn by the worker) and their layout.
pub struct Pages {
    /// The pages shown, as HTML, once the worker has drawn them.
    pub pages: Rc<Vec<AttrValue>>,
    /// The draft they are of, and the file name its document suggests.
    pub of: Option<(Rc<Draft>, String)>,
    /// The text of each heading of the kind (id, text), as the worker rendered them.
    pub headings: Rc<Vec<(String, String)>>,
    /// Why the worker could not draw the preview, if it could not.
    pub problem: Option<String>,
    pub layout: Rc<RefCell<Layout>>,
    /// The measuring copy of the document, drawn in this render.
    pub measure: Option<AttrValue>,
    /// The pages of the draft shown are not laid out yet (its first pages are on their way
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
    /// The measuring copy to draw (taken after the render that drew it).
    measure: Option<AttrValue>,
    /// The first layout is measured at once.
    measured_once: bool,
    /// Requests sent, and the last answered.
    sent: u32,
    taken: u32,
    pages: Rc<Vec<AttrValue>>,
    /// `p`/`h` for each body paragraph of the last pages.
    styles: String,
    of: Option<(Rc<Draft>, String)>,
    headings: Rc<Vec<(String, String)>>,
    problem: Option<String>,
    /// The generation and step of the draft of `pages`, and the generation last measured.
    generation: u64,
    step: usize,
    laid_out: Option<u64>,
    /// Scroll the preview to the current step after the next render.
    scroll: bool,
    /// The draft, generation and step asked for last: the measuring and the pages after it
    /// are of these (an answer about an earlier draft is not measured).
    wanted: Option<(Rc<Draft>, u64, usize)>,
}

type Refs = Rc<RefCell<PreviewRefs>>;

/// Ask the worker for the pages of `draft` (generation `generation`, step `step`) over the
/// layout as it is, and, `measure`, for the measuring copy; take what it answers (every
/// answer, in order: the worker sends only the pages that changed since its last one), and,
/// `then_measure`, measure once typing pauses.
fn ask_pages(
    refs: &Refs,
    layout: &Rc<RefCell<Layout>>,
    redraw: &UseForceUpdateHandle,
    store: &StoreRef,
    (draft, generation, step): (Rc<Draft>, u64, usize),
    (measure, then_measure): (bool, bool),
) {
    let n = {
        let mut r = refs.borrow_mut();
        r.sent += 1;
        r.sent
    };
    let fresh = refs.borrow().pages.is_empty();
    let (refs2, layout2, redraw2, store2) = (refs.clone(), layout.clone(), redraw.clone(), store.clone());
    let of = draft.clone();
    worker::preview(&draft, &layout.borrow().starts, step, fresh, measure, move |answer| {
        let first = {
            let mut r = refs2.borrow_mut();
            match answer {
                Ok(sheet) => {
                    let pages = Rc::make_mut(&mut r.pages);
                    pages.truncate(sheet.count);
                    pages.resize(sheet.count, AttrValue::default());
                    for (i, html) in sheet.pages {
                        if let Some(p) = pages.get_mut(i) {
                            *p = AttrValue::from(html);
                        }
                    }
                    if n > r.taken {
                        r.taken = n;
                        storage::title_known(&store2, &of, &sheet.title);
                        r.scroll |= r.step != step;
                        (r.generation, r.step) = (generation, step);
                        r.styles = sheet.styles;
                        let latest = r.wanted.as_ref().is_some_and(|(d, g, _)| Rc::ptr_eq(d, &of) && *g == generation);
                        r.of = Some((of, sheet.file_name));
                        r.headings = Rc::new(sheet.headings);
                        r.problem = None;
                        if let Some(m) = sheet.measure.filter(|_| latest) {
                            r.measure = Some(AttrValue::from(m));
                        }
                        if latest && !measure && !then_measure {
                            // The pages over the breaks just measured.
                            r.laid_out = Some(generation);
                        }
                    }
                }
                Err(why) => r.problem = Some(format!("Chưa dựng được bản xem trước: {}", lower_first(&why))),
            }
            !std::mem::replace(&mut r.measured_once, true)
        };
        if then_measure {
            // Measure the pages at once the first time, then once typing pauses.
            let (r, l, rd, st) = (refs2.clone(), layout2.clone(), redraw2.clone(), store2.clone());
            refs2.borrow_mut().layout_timer = Some(Timeout::new(if first { 0 } else { LAYOUT_DELAY_MS }, move || {
                let wanted = r.borrow().wanted.clone();
                if let Some(w) = wanted {
                    ask_pages(&r, &l, &rd, &st, w, (true, false));
                }
            }));
        }
        redraw2.force_update();
    });
}

/// The pages of the draft the preview shows — the current one, except while a draft with a
/// very long text is being typed, when it follows once typing pauses
/// (`state::preview_should_lag`) — drawn by the worker (`ui::sheet`), which sends the pages
/// that changed. Once typing pauses ([`LAYOUT_DELAY_MS`]; at once the first time) the worker
/// also sends the whole document as one flow, which is drawn hidden, measured and taken away
/// (preview.rs); the pages are then asked for again over the new breaks. A keystroke redraws
/// the pages it changed alone, in their breaks as they were, and the breaks follow after the
/// pause.
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
        use_effect_with((Same(state.draft.clone()), state.generation), move |(Same(draft), generation)| {
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
    {
        let (refs, layout, redraw, store) = (refs.clone(), layout.clone(), redraw.clone(), store.clone());
        // With the generation: a new draft equal to the one shown is new pages too.
        let deps = (kind_key(state), Same(shown), state.generation, state.step);
        use_effect_with(deps, move |(_, Same(draft), generation, step)| {
            let w = (draft.clone(), *generation, *step);
            refs.borrow_mut().wanted = Some(w.clone());
            ask_pages(&refs, &layout, &redraw, &store, w, (false, true));
        });
    }
    let measure = refs.borrow().measure.clone();
    {
        let (layout, refs, store) = (layout.clone(), refs.clone(), store.clone());
        // After a render that drew the measuring copy: measure, take it away, and ask for the
        // pages over the new breaks if they moved.
        use_effect(move || {
            let measured = refs.borrow_mut().measure.take().is_some();
            if measured {
                let next = layout.borrow().next(&refs.borrow().styles);
                let moved = next.starts != layout.borrow().starts;
                *layout.borrow_mut() = next;
                let wanted = {
                    let mut r = refs.borrow_mut();
                    if !moved {
                        r.laid_out = Some(r.generation);
                    }
                    r.wanted.clone()
                };
                match wanted {
                    Some(w) if moved => ask_pages(&refs, &layout, &redraw, &store, w, (false, false)),
                    _ => redraw.force_update(),
                }
            }
            if std::mem::take(&mut refs.borrow_mut().scroll) {
                web::scroll_preview_to_current();
            }
        });
    }
    let r = refs.borrow();
    let busy = r.problem.is_none() && r.laid_out != Some(state.generation);
    Pages {
        pages: r.pages.clone(),
        of: r.of.clone(),
        headings: r.headings.clone(),
        problem: r.problem.clone(),
        layout,
        measure,
        busy,
    }
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
        let deps = (Same(state.draft.clone()), state.opened(), state.reveal_required, split, kind_key(state));
        use_effect_with(deps, move |(Same(draft), opened, reveal, split, _)| {
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
        use_effect_with(Same(state.draft.clone()), move |Same(draft)| storage::schedule(&store, draft));
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
