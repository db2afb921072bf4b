//! The root component: holds the state and wires the views to actions. Its effects are custom
//! hooks (`hooks.rs`); the header, the notices and the kind picker are plain views here and in
//! `picker.rs`, whose buttons say what they do in `data-act` (and `data-arg`) and are
//! handled by one click handler, [`perform`].

use std::rc::Rc;

use yew::prelude::*;

use super::form::{self, Ctx};
use super::hooks::{use_announcement, use_boot, use_findings, use_page_life, use_pages, use_step_effects};
use super::state::{
    self, blank_draft, has_content, lower_first, Action, Dialog, NoticeLevel, OutlineEdit, Picker, State,
};
use super::storage::{self, StoreRef};
use super::{act_button, checks, files, kinds, library, nav, outline, picker, preview, update, web, worker};
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

#[function_component]
pub fn App() -> Html {
    let (state, store) = use_boot();
    let kind = state.kind;
    let dispatcher = state.dispatcher();
    let dispatch = dispatcher.to_callback();
    let pages = use_pages(&state, &store);
    let findings = use_findings(&state, pages.layout.borrow().split());
    let live = use_announcement(&findings);
    use_page_life(&store, &state);
    use_step_effects(&state, &store);

    let on_act = {
        let env = Env {
            state: state.clone(),
            store: store.clone(),
            known_errors: (!findings.busy).then_some(findings.errors),
            doc: pages.of.clone(),
        };
        Callback::from(move |e: MouseEvent| {
            if let Some((act, arg)) = web::action_of(&e) {
                perform(&act, &arg, &env);
            }
        })
    };
    let (file_chosen, kind_chosen, units_chosen) = file_inputs(&state, &store);
    let close_dialog = {
        let d = dispatcher.clone();
        Callback::from(move |_: ()| d.dispatch(Action::Dialog(Dialog::None)))
    };

    let main = if let Some(id) = &state.waiting {
        html! {
            <main id="main" class="form-col waiting" tabindex="-1">
                <p class="loading-kind" role="status">{ format!("Đang tải mẫu báo cáo “{id}” của bản nháp đang mở…") }</p>
            </main>
        }
    } else {
        let ctx =
            Ctx { kind, state: &state, draft: &state.draft, dispatch: dispatch.clone(), checks: &findings.checked };
        let toggle = Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::ToggleChecks));
        html! {
            <div class="layout">
                { nav::view(kind, &state.draft, state.step, &findings.checked.steps, &dispatch) }
                <main id="main" class="form-col" tabindex="-1">
                    { checks::panel(kind, &findings.checked, findings.busy, findings.problem.as_deref(), state.checks_open, toggle, &dispatch) }
                    { form::step_view(&ctx, state.step) }
                    { outline::view(&ctx, &pages.headings, on_act.clone()) }
                </main>
                // Focusable: on wide screens the preview scrolls on its own.
                <section class="preview-col" aria-labelledby="preview-title" tabindex="0" aria-busy={pages.busy.then_some("true")}>
                    <h2 id="preview-title" class="preview-title">{ "Xem trước bản in" }</h2>
                    if !pages.pages.is_empty() {
                        <p class="page-count">{ format!("{} trang", pages.pages.len()) }</p>
                        <div class="preview-zoom">
                            { preview::view(&pages.pages, &on_act) }
                        </div>
                        if let Some(m) = &pages.measure {
                            { Html::from_html_unchecked(m.clone()) }
                        }
                    } else {
                        <p class="preview-wait" role="status">
                            { pages.problem.clone().unwrap_or_else(|| "Đang dựng bản xem trước…".into()) }
                        </p>
                    }
                </section>
            </div>
        }
    };

    html! {
        <>
            <a class="skip" href="#main">{ "Bỏ qua đến nội dung" }</a>
            { header_view(&state, &store, on_act.clone(), [file_chosen, kind_chosen, units_chosen]) }
            { notices_view(&state, on_act.clone()) }
            { update::view(state.new_version == Some(true), state.storage_ok, on_act.clone()) }
            { checks::live_region(&live) }
            { main }
            { match &state.dialog {
                Dialog::Drafts(dl) => library::view(dl, &store.borrow().id, on_act, &dispatch, close_dialog),
                Dialog::Picker(p) => picker::view(p, on_act, close_dialog),
                Dialog::None => html! {},
            } }
            { files::drop_hint(state.dragging) }
        </>
    }
}

/// What the hidden file inputs do with the files chosen: open one as a draft ("Mở tệp"), read
/// one as a kind ("Mở mẫu báo cáo…"), sum the units' reports ("Tổng hợp báo cáo đơn vị").
fn file_inputs(
    state: &UseReducerHandle<State>,
    store: &StoreRef,
) -> (Callback<Event>, Callback<Event>, Callback<Event>) {
    let draft = {
        let (state, store) = (state.clone(), store.clone());
        Callback::from(move |e: Event| {
            if let Some(f) = files::take_chosen(&e) {
                files::open(f, store.clone(), &state, state.dispatcher().to_callback());
            }
        })
    };
    let d = state.dispatcher();
    let kind = Callback::from(move |e: Event| {
        if let Some(f) = files::take_chosen(&e) {
            kinds::open_file(f, d.to_callback());
        }
    });
    let (state, store) = (state.clone(), store.clone());
    let units = Callback::from(move |e: Event| {
        files::aggregate(files::take_all(&e), store.clone(), state.draft.clone(), state.dispatcher().to_callback());
    });
    (draft, kind, units)
}

/// The header: the app's name, the open draft's kind, the actions.
fn header_view(state: &State, store: &StoreRef, on_act: Callback<MouseEvent>, inputs: [Callback<Event>; 3]) -> Html {
    let [file, kind_file, units] = inputs;
    let kind = state.kind;
    let own = crate::kinds::is_own(kind);
    html! {
        <header class="app-header">
            <div class="brand">
                <h1>{ "Báo cáo" }</h1>
                <p class="kind-name">
                    { kind.name }
                    if own {
                        <span class="badge own">{ "mẫu mở từ tệp" }</span>
                    }
                </p>
            </div>
            <div class="actions" onclick={on_act}>
                if store.borrow().enabled {
                    <button type="button" class="btn" aria-haspopup="dialog" data-act="drafts">{ "Bản nháp" }</button>
                }
                <button type="button" class="btn" title="Bản nháp .baocao.json hoặc tệp .docx do baocao tạo; có thể kéo thả vào trang" data-act="open">{ "Mở tệp" }</button>
                { act_button("btn", None, "save", None, None, "Lưu tệp") }
                { files::input(files::INPUT_ID, files::ACCEPT, false, file) }
                { files::input(picker::INPUT_ID, picker::ACCEPT, false, kind_file) }
                { files::input(files::UNITS_ID, files::ACCEPT, true, units) }
                <button type="button" class="btn" aria-busy={state.sample_wait.then_some("true")} data-act="sample">{ "Tải báo cáo mẫu" }</button>
                <button type="button" class="btn" aria-haspopup="dialog" data-act="new">{ "Báo cáo mới" }</button>
                { act_button("btn", None, "next", None, None, "Báo cáo kỳ tiếp theo") }
                <button type="button" class="btn" title="Chọn các tệp báo cáo của đơn vị trực thuộc (cùng loại, cùng kỳ); bản đang soạn là khung của bản tổng hợp" data-act="units">{ "Tổng hợp báo cáo đơn vị" }</button>
                { act_button("btn", None, "print", None, None, "In") }
                { act_button("btn primary", None, "docx", None, None, "Tải về .docx") }
                if kind.tables().next().is_some() {
                    { act_button("btn", None, "xlsx", None, None, "Tải biểu số liệu (.xlsx)") }
                }
            </div>
        </header>
    }
}

/// What the buttons' actions work with.
struct Env {
    state: UseReducerHandle<State>,
    store: StoreRef,
    /// The errors of the draft as it is, when its findings are in.
    known_errors: Option<usize>,
    /// The draft the preview shows, and the file name its document suggests.
    doc: Option<(Rc<Draft>, String)>,
}

/// What a button with `data-act` does (`arg`: its `data-arg`).
fn perform(act: &str, arg: &str, env: &Env) {
    let (state, store) = (&env.state, &env.store);
    let d = state.dispatcher();
    let outline = |e: OutlineEdit| d.dispatch(Action::Outline(e));
    match act {
        "drafts" => {
            // Save first, so that the list shows the draft as it is now.
            storage::flush(store);
            d.dispatch(Action::Dialog(library::open()));
        }
        "open" => files::pick(files::INPUT_ID),
        "save" => save_file(env),
        "sample" => load_sample(state, store),
        "new" => d.dispatch(Action::Dialog(Dialog::Picker(Picker::default()))),
        "kind-file" => files::pick(picker::INPUT_ID),
        "units" => files::pick(files::UNITS_ID),
        // A part of the preview: the step that holds it (a text being selected is left alone).
        "jump" if !web::selecting() => d.dispatch(Action::JumpTo(arg.to_string())),
        "next" => next_period(state, store),
        "start" => {
            let Some(kind) = crate::kinds::by_id(arg) else { return };
            web::close_dialog(picker::DIALOG_ID);
            // The state too: the dialog's `close` event may not reach it (Firefox), and the
            // next "Báo cáo mới" would then change nothing.
            d.dispatch(Action::Dialog(Dialog::None));
            let draft = blank_draft(kind, web::current_year());
            replace_or_add(state, store, draft, "Bắt đầu báo cáo mới?", "Đã bắt đầu báo cáo mới.".into());
        }
        "close" => web::close_dialog(arg),
        "print" => web::print(),
        "docx" => download(state, env.known_errors, false),
        "xlsx" => download(state, env.known_errors, true),
        "dismiss" => d.dispatch(Action::Dismiss(arg.parse().unwrap_or(0))),
        "sw-reload" => update::reload_now(),
        "sw-later" => d.dispatch(Action::Later),
        "ol-rename" => outline(OutlineEdit::Rename(arg.into())),
        "ol-unrename" => outline(OutlineEdit::Unrename(arg.into())),
        "ol-add" => outline(OutlineEdit::Add(arg.into())),
        "ol-remove" => outline(OutlineEdit::Remove(arg.parse().unwrap_or(usize::MAX))),
        "ol-omit" => outline(OutlineEdit::Omit(arg.into())),
        "ol-restore" => outline(OutlineEdit::Restore(arg.into())),
        _ if act.starts_with("d-") => library::perform(act, arg, state, store),
        _ => {}
    }
}

/// A new or sample report goes into a new draft; the one being written stays in the drafts
/// list (or, without storage, is replaced). When the draft being written has content, the
/// author is asked first either way. `state` is read now (Yew's reducer handle is current).
fn replace_or_add(state: &UseReducerHandle<State>, store: &StoreRef, draft: Draft, question: &str, notice: String) {
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
        storage::start_new(store, draft, None, format!("{notice} Bản đang soạn vẫn ở trong danh sách “Bản nháp”."));
    } else {
        state.dispatch(Action::Replace { draft, notice: Some(notice) });
    }
}

/// "Báo cáo kỳ tiếp theo": the next period's draft, from the worker (`chain::next`), as a new
/// draft; the one being written (last period's report) stays in the drafts list. Without
/// storage it replaces the draft in memory, after asking.
fn next_period(state: &UseReducerHandle<State>, store: &StoreRef) {
    let (state, store) = (state.clone(), store.clone());
    let draft = state.draft.clone();
    worker::next(
        &draft,
        Box::new(move |result| match result {
            Ok((next, said)) => {
                let said = said.unwrap_or_default();
                if store.borrow().enabled {
                    storage::start_new(&store, next, None, said);
                } else {
                    replace_or_add(&state, &store, next, "Bắt đầu báo cáo kỳ tiếp theo từ báo cáo này?", said);
                }
            }
            Err(why) => state.dispatch(Action::Notify(
                NoticeLevel::Error,
                format!("Chưa bắt đầu được báo cáo kỳ tiếp theo: {}", lower_first(&why)),
            )),
        }),
    );
}

/// The sample comes from the worker (it is not in the page's code). On a first visit the
/// worker may still be loading: meanwhile the button is `aria-busy` and more clicks wait for
/// the same answer.
fn load_sample(state: &UseReducerHandle<State>, store: &StoreRef) {
    if state.sample_wait {
        return;
    }
    state.dispatch(Action::SampleWait(true));
    let (state, store) = (state.clone(), store.clone());
    worker::sample(state.kind, move |result| {
        state.dispatch(Action::SampleWait(false));
        match result {
            Ok(sample) => replace_or_add(
                &state,
                &store,
                (*sample).clone(),
                "Mở báo cáo mẫu?",
                "Đã tải báo cáo mẫu. Sửa từng phần cho báo cáo của cơ quan mình.".into(),
            ),
            Err(why) => state.dispatch(Action::Notify(
                NoticeLevel::Error,
                format!("Chưa mở được báo cáo mẫu: {}", lower_first(&why)),
            )),
        }
    });
}

/// "Tải về .docx" (or, `xlsx`, "Tải biểu số liệu (.xlsx)"): from the current draft (the
/// preview of a long one may be a moment behind; the worker builds the same document from
/// it), after asking when it has errors — all of them, also those not shown yet:
/// `known_errors` when its findings are in, else asked first.
fn download(state: &UseReducerHandle<State>, known_errors: Option<usize>, xlsx: bool) {
    let (draft, d) = (state.draft.clone(), state.dispatcher());
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
        worker::docx(&draft, xlsx, move |result| match result {
            Ok((bytes, file_name)) => {
                if !web::download(&bytes, &file_name, if xlsx { web::XLSX_MIME } else { web::DOCX_MIME }) {
                    d.dispatch(Action::Notify(NoticeLevel::Error, "Trình duyệt không cho tải tệp về.".into()));
                }
            }
            Err(message) => d.dispatch(Action::Notify(NoticeLevel::Error, message)),
        });
    };
    match known_errors {
        Some(errors) => then(errors),
        None => worker::check(&to_check, 0, true, (0, 0), move |result| then(result.map_or(0, |(_, errors)| errors))),
    }
}

/// "Lưu tệp": the draft as a file, named after the author's name for it or its .docx (the
/// document's file name: the preview's when it is of this draft, else asked of the worker).
fn save_file(env: &Env) {
    let (draft, store, d) = (env.state.draft.clone(), env.store.clone(), env.state.dispatcher().to_callback());
    if let Some((_, file_name)) = env.doc.as_ref().filter(|(of, _)| Rc::ptr_eq(of, &draft)) {
        files::save(&store, &draft, file_name, &d);
        return;
    }
    worker::file_name(&draft.clone(), move |name| files::save(&store, &draft, &name, &d));
}

fn notices_view(state: &State, on_act: Callback<MouseEvent>) -> Html {
    let notice = |n: &state::Notice| {
        let cls = match n.level {
            NoticeLevel::Info => "info",
            NoticeLevel::Warning => "warning",
            NoticeLevel::Error => "error",
        };
        html! {
            <div class={super::css_class(&["notice", cls])} key={n.id.to_string()}>
                <p>{ n.text.clone() }</p>
                { act_button("btn small", None, "dismiss", Some(n.id.to_string()), Some("Đóng thông báo".into()), "Đóng") }
            </div>
        }
    };
    let is_error = |n: &&state::Notice| n.level == NoticeLevel::Error;
    html! {
        <div class="notices" onclick={on_act}>
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
