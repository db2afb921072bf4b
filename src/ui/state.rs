//! The app's state and its reducer: pure Rust over the core (no web APIs, no Yew), so the
//! logic of every action can be read and tested on its own. Side effects (storage, focus,
//! downloads) live in `web.rs`; the views only render a [`State`] and emit [`Action`]s.

use std::rc::Rc;

use serde_json::{Map, Value};

use crate::draft_io;
use crate::kind::{self, Field, FieldType, Kind, StepState};
use crate::kinds;
use crate::model::Draft;
use crate::text;

/// localStorage key where versions before the drafts list kept their single draft (its
/// JSON); it is moved into the list on first load (`storage.rs`).
pub const DRAFT_KEY: &str = "baocao.draft";
/// localStorage key of the current step (the step's id).
pub const STEP_KEY: &str = "baocao.step";
/// localStorage key keeping a saved draft that could not be read, so it is not lost.
pub const BROKEN_KEY: &str = "baocao.draft.unreadable";

/// Where keyboard focus should go after an action has been rendered.
#[derive(Clone, Debug, PartialEq)]
pub enum Focus {
    /// The heading of the current step.
    StepHeading,
    /// The control whose `name` is this draft path (or the first control under it).
    Path(String),
    /// The element with this id.
    Id(String),
}

/// A focus request; `seq` makes two requests for the same target distinct.
#[derive(Clone, Debug, PartialEq)]
pub struct FocusRequest {
    pub seq: u64,
    pub target: Focus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Warning,
    Error,
}

/// A message shown under the header until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub level: NoticeLevel,
    pub text: String,
}

/// A dialog open over the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    None,
    /// "Bản nháp": the drafts kept in this browser (`library.rs`).
    Drafts(Drafts),
    /// "Báo cáo mới": which kind of report (`picker.rs`).
    Picker(Picker),
}

/// The drafts dialog's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drafts {
    /// Every draft, most recently changed first.
    pub entries: Vec<super::drafts::Entry>,
    /// The draft being renamed and the name typed so far.
    pub renaming: Option<(String, String)>,
    /// What the last operation did, or why it could not.
    pub status: String,
    pub error: String,
}

/// The kind picker's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picker {
    /// What the last kind file opened gave: a status, or its problems (one sentence each).
    pub status: String,
    pub problems: Vec<String>,
    /// A kind file is being read.
    pub busy: bool,
}

#[derive(Clone, Debug)]
pub struct State {
    pub kind: &'static Kind,
    pub draft: Rc<Draft>,
    /// Index of the current step in `kind.steps`.
    pub step: usize,
    pub focus: Option<FocusRequest>,
    pub notices: Vec<Notice>,
    /// False when localStorage cannot be used: the app keeps working in memory.
    pub storage_ok: bool,
    /// Bumped when the whole draft is replaced (new report, sample).
    pub generation: u64,
    /// The text last typed into each valid figure (`1.234`), so the input keeps showing it.
    /// (path, text); a few dozen figures: a list, lighter in the page's wasm than a map.
    typed: Vec<(String, String)>,
    /// Steps the author has opened since this draft was loaded (bit i: step i; the current
    /// step counts too, see [`State::opened`]).
    opened: u64,
    /// Show every "required" finding, also of steps not opened yet (after a download was
    /// tried); see [`super::findings::shown`].
    pub reveal_required: bool,
    pub dialog: Dialog,
    /// The findings panel's list is open.
    pub checks_open: bool,
    /// The field whose units' texts (a summary's material) are shown.
    pub material: Option<String>,
    /// The sample was asked for and has not come yet.
    pub sample_wait: bool,
    /// The draft restored at start-up is of this kind, which the page has not got yet: it
    /// opens once the worker has handed the page its kinds (see `kinds.rs`).
    pub waiting: Option<String>,
    /// A file is being dragged over the page.
    pub dragging: bool,
    /// A new version of the app is ready: shown (`Some(true)`) or put off (`Some(false)`).
    pub new_version: Option<bool>,
    seq: u64,
}

/// Everything the author can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Text, date or choice at a path (stored NFC-clean).
    SetText {
        path: String,
        value: String,
    },
    /// A figure as typed: a number when valid, else kept raw (see [`Draft::raw_count`]).
    SetCount {
        path: String,
        text: String,
    },
    /// Append an item to a list field (Items, Paragraphs, Records).
    AddItem {
        list: String,
    },
    /// Insert an empty item into a text list at `at`.
    InsertItem {
        list: String,
        at: usize,
    },
    RemoveItem {
        list: String,
        index: usize,
    },
    /// Move an item one place: swap `from` and `to`.
    MoveItem {
        list: String,
        from: usize,
        to: usize,
    },
    GoTo(usize),
    Next,
    Prev,
    /// Open the step holding a path (or `#step-id`) and focus its control.
    JumpTo(String),
    /// Show the "required" findings of every step (a download was tried).
    RevealRequired,
    /// Replace the whole draft (new report, sample), with an optional notice.
    Replace {
        draft: Draft,
        notice: Option<String>,
    },
    Notify(NoticeLevel, String),
    Dismiss(u64),
    /// Saving to localStorage failed.
    StorageFailed,
    /// Saving to localStorage works (again).
    StorageOk,
    /// Take the same draft as saved by another tab: the step and focus stay.
    Sync {
        draft: Rc<Draft>,
        notice: Option<(NoticeLevel, String)>,
    },
    /// The kinds known changed (forms from the worker, a kind file opened): take the current
    /// draft's kind anew, it may have been replaced.
    KindsChanged,
    /// Open the draft that waited for its kind, on the step it was left at.
    Resume {
        draft: Draft,
        step: Option<String>,
    },
    /// Open a dialog, or close it (`Dialog::None`).
    Dialog(Dialog),
    /// The kind picker: a kind file is being read, was read (its kind's id and the file
    /// name), or has problems.
    KindFileBusy,
    KindFileRead {
        id: String,
        file: String,
    },
    KindFileProblems(Vec<String>),
    /// The drafts dialog: renaming a draft (its id and the name typed so far) or not; what an
    /// operation did (the list as it is now, and where focus goes); the list changed.
    Renaming(Option<(String, String)>),
    DraftsSaid {
        status: String,
        error: String,
        entries: Vec<super::drafts::Entry>,
        focus: Option<Focus>,
    },
    DraftsList(Vec<super::drafts::Entry>),
    ToggleChecks,
    /// Show the units' texts for a field, or hide them (the field shown again).
    ToggleMaterial(String),
    SampleWait(bool),
    Dragging(bool),
    /// A new version is ready; the author put it off ("Để sau").
    NewVersion,
    Later,
    /// An edit of the outline (`outline` in the draft; see `document::Outline`).
    Outline(OutlineEdit),
}

/// The author's edits of the kind's headings, each undone by its opposite.
#[derive(Clone, Debug, PartialEq)]
pub enum OutlineEdit {
    /// Give the heading `id` a text of its own (an empty one until typed: the kind's text).
    Rename(String),
    /// Back to the kind's text.
    Unrename(String),
    /// Add a sub-section (a title and paragraphs) at the end of the section headed `id`.
    Add(String),
    /// Remove the added sub-section at this index of `outline.added`.
    Remove(usize),
    /// Leave the optional section out of the report, or put it back.
    Omit(String),
    Restore(String),
}

/// How a list field's items look.
enum ListKind {
    /// Text items; an empty list still shows one (empty) item.
    Text,
    /// Records; focus goes to the first column.
    Records(Option<String>),
}

impl State {
    /// A state for `draft` on its first step.
    pub fn new(kind: &'static Kind, draft: Draft, storage_ok: bool) -> Self {
        State {
            kind,
            draft: Rc::new(draft),
            step: 0,
            focus: None,
            notices: Vec::new(),
            storage_ok,
            generation: 0,
            typed: Vec::new(),
            opened: 0,
            reveal_required: false,
            dialog: Dialog::None,
            checks_open: false,
            material: None,
            sample_wait: false,
            waiting: None,
            dragging: false,
            new_version: None,
            seq: 0,
        }
    }

    /// The steps the author has opened since the draft loaded, the current one included, as
    /// a bit set (bit i: step i; a kind has fewer than 64 steps).
    pub fn opened(&self) -> u64 {
        self.opened | step_bit(self.step)
    }

    /// Has the author opened step `i`?
    pub fn step_opened(&self, i: usize) -> bool {
        self.opened() & step_bit(i) != 0
    }

    fn mark_opened(&mut self) {
        self.opened |= step_bit(self.step);
    }

    /// The state at start-up, from the draft localStorage held, as read (`None` when nothing
    /// was saved or storage is unavailable). `year` is the current year, for a new draft.
    pub fn restore(
        saved: Option<Result<Draft, draft_io::LoadError>>,
        saved_step: Option<&str>,
        year: i32,
        storage_ok: bool,
    ) -> Self {
        let default_kind = kinds::default_kind();
        let mut notice = None;
        let (kind, draft) = match saved {
            None => (default_kind, blank_draft(default_kind, year)),
            Some(Ok(d)) => match kinds::by_id(&d.kind) {
                Some(k) => (k, d),
                None => {
                    notice = Some(format!(
                        "Bản nháp đã lưu thuộc loại báo cáo “{}” mà phiên bản này không có; đã bắt đầu một báo cáo mới.",
                        d.kind
                    ));
                    (default_kind, blank_draft(default_kind, year))
                }
            },
            Some(Err(e)) => {
                notice = Some(format!(
                    "Không đọc được bản nháp đã lưu: {}. Đã bắt đầu một báo cáo mới.",
                    e.to_string().trim_end_matches('.')
                ));
                (default_kind, blank_draft(default_kind, year))
            }
        };
        let mut s = State::new(kind, draft, storage_ok);
        if let Some(id) = saved_step {
            if let Some(i) = kind.steps.iter().position(|st| st.id == id) {
                s.step = i;
            }
        }
        if let Some(text) = notice {
            s.notify(NoticeLevel::Error, text);
        }
        s
    }

    pub fn current_step(&self) -> &'static kind::Step {
        &self.kind.steps[self.step]
    }

    fn request_focus(&mut self, target: Focus) {
        self.seq += 1;
        self.focus = Some(FocusRequest { seq: self.seq, target });
    }

    fn notify(&mut self, level: NoticeLevel, text: String) {
        self.seq += 1;
        // One informational message at a time; warnings and errors stay until dismissed.
        if level == NoticeLevel::Info {
            self.notices.retain(|n| n.level != NoticeLevel::Info);
        }
        self.notices.retain(|n| n.text != text);
        self.notices.push(Notice { id: self.seq, level, text });
    }

    fn go_to(&mut self, step: usize) {
        self.step = step.min(self.kind.steps.len().saturating_sub(1));
        self.request_focus(Focus::StepHeading);
    }

    /// Apply an action. Returns false when nothing changed (no re-render needed).
    pub fn apply(&mut self, action: Action) -> bool {
        // The step being left counts as opened.
        self.mark_opened();
        match action {
            Action::SetText { .. }
            | Action::SetCount { .. }
            | Action::AddItem { .. }
            | Action::InsertItem { .. }
            | Action::RemoveItem { .. }
            | Action::MoveItem { .. } => self.edit(action),
            Action::GoTo(..) | Action::Next | Action::Prev | Action::JumpTo(..) | Action::RevealRequired => {
                self.navigate(action)
            }
            Action::Replace { .. } | Action::Sync { .. } | Action::KindsChanged | Action::Resume { .. } => {
                self.load(action)
            }
            Action::Dialog(..)
            | Action::KindFileBusy
            | Action::KindFileRead { .. }
            | Action::KindFileProblems(..)
            | Action::Renaming(..)
            | Action::DraftsSaid { .. }
            | Action::DraftsList(..) => self.dialog(action),
            Action::Notify(..)
            | Action::Dismiss(..)
            | Action::StorageFailed
            | Action::StorageOk
            | Action::ToggleChecks
            | Action::ToggleMaterial(..)
            | Action::SampleWait(..)
            | Action::Dragging(..)
            | Action::NewVersion
            | Action::Later => self.page(action),
            Action::Outline(edit) => self.edit_outline(edit),
        }
    }

    /// The draft edited: text, figures, list items.
    fn edit(&mut self, action: Action) -> bool {
        let kind = self.kind;
        match action {
            Action::SetText { path, value } => {
                let value = text::clean(&value);
                if self.draft.get(&path).and_then(Value::as_str) == Some(value.as_str()) {
                    return false;
                }
                Rc::make_mut(&mut self.draft).set(&path, Value::String(value));
            }
            Action::SetCount { path, text } => return self.set_count(path, text),
            Action::AddItem { list } => {
                let Some(lk) = list_kind(kind, &list) else { return false };
                let d = Rc::make_mut(&mut self.draft);
                let n = d.len(&list);
                let focus = match lk {
                    ListKind::Text => {
                        // An empty list shows one empty item: keep it and add one after it.
                        let target = n.max(1) + 1;
                        for _ in n..target {
                            d.push(&list, Value::String(String::new()));
                        }
                        Focus::Path(format!("{list}.{}", target - 1))
                    }
                    ListKind::Records(first) => {
                        d.push(&list, Value::Object(Map::new()));
                        match first {
                            Some(col) => Focus::Path(format!("{list}.{n}.{col}")),
                            None => Focus::Id(item_id(&list, n)),
                        }
                    }
                };
                self.request_focus(focus);
            }
            Action::InsertItem { list, at } => {
                let d = Rc::make_mut(&mut self.draft);
                if d.len(&list) == 0 {
                    d.push(&list, Value::String(String::new()));
                }
                let Some(Value::Array(a)) = d.get_mut(&list) else { return false };
                let at = at.min(a.len());
                a.insert(at, Value::String(String::new()));
                self.request_focus(Focus::Path(format!("{list}.{at}")));
            }
            Action::RemoveItem { list, index } => {
                let n = self.draft.len(&list);
                if index >= n {
                    return false;
                }
                Rc::make_mut(&mut self.draft).remove(&format!("{list}.{index}"));
                let left = n - 1;
                let focus = match list_kind(kind, &list) {
                    Some(ListKind::Records(first)) if left > 0 => {
                        let i = index.min(left - 1);
                        match first {
                            Some(col) => Focus::Path(format!("{list}.{i}.{col}")),
                            None => Focus::Id(item_id(&list, i)),
                        }
                    }
                    Some(ListKind::Records(_)) => Focus::Id(add_button_id(&list)),
                    _ => Focus::Path(format!("{list}.{}", index.min(left.saturating_sub(1)))),
                };
                self.request_focus(focus);
            }
            Action::MoveItem { list, from, to } => {
                let n = self.draft.len(&list);
                if from >= n || to >= n || from == to {
                    return false;
                }
                Rc::make_mut(&mut self.draft).swap(&list, from, to);
                // Focus follows the moved item: the same button, or the other one at an end.
                let up = to < from;
                let dir = match (up, to == 0, to + 1 == n) {
                    (true, true, _) => "down",
                    (true, false, _) => "up",
                    (false, _, true) => "up",
                    (false, _, false) => "down",
                };
                self.request_focus(Focus::Id(item_button_id(&list, to, dir)));
            }
            _ => return false,
        }
        true
    }

    /// A figure as typed (see [`Action::SetCount`]); false when nothing changed.
    fn set_count(&mut self, path: String, text: String) -> bool {
        let new = count_value(&self.draft, &path, &text);
        let at = self.typed.iter().position(|(p, _)| *p == path);
        let typed_changed = match (&new, at) {
            (Some(Value::Number(_)), Some(i)) if self.typed[i].1 == text => false,
            (Some(Value::Number(_)), Some(i)) => {
                self.typed[i].1 = text;
                true
            }
            (Some(Value::Number(_)), None) => {
                self.typed.push((path.clone(), text));
                true
            }
            (_, Some(i)) => {
                self.typed.swap_remove(i);
                true
            }
            (_, None) => false,
        };
        if self.draft.get(&path) == new.as_ref() {
            return typed_changed;
        }
        let d = Rc::make_mut(&mut self.draft);
        match new {
            Some(v) => d.set(&path, v),
            None => d.remove(&path),
        }
        true
    }

    /// Moving between steps (focus follows), and revealing what is missing.
    fn navigate(&mut self, action: Action) -> bool {
        let kind = self.kind;
        match action {
            Action::GoTo(i) => {
                if i >= kind.steps.len() {
                    return false;
                }
                self.go_to(i);
            }
            Action::Next => {
                if self.step + 1 >= kind.steps.len() {
                    return false;
                }
                self.go_to(self.step + 1);
            }
            Action::Prev => {
                if self.step == 0 {
                    return false;
                }
                self.go_to(self.step - 1);
            }
            Action::JumpTo(path) => {
                let Some(i) = step_index_of(kind, &path) else { return false };
                self.step = i;
                if path.starts_with('#') {
                    self.request_focus(Focus::StepHeading);
                } else {
                    self.request_focus(Focus::Path(path));
                }
            }
            Action::RevealRequired => {
                if self.reveal_required {
                    return false;
                }
                self.reveal_required = true;
            }
            _ => return false,
        }
        true
    }

    /// A whole draft taken (new report, sample, another tab's save, a draft that waited), or
    /// its kind anew.
    fn load(&mut self, action: Action) -> bool {
        match action {
            Action::Replace { draft, notice } => {
                if let Some(k) = kinds::by_id(&draft.kind) {
                    self.kind = k;
                }
                self.draft = Rc::new(draft);
                self.waiting = None;
                self.typed.clear();
                self.step = 0;
                self.opened = 0;
                self.reveal_required = false;
                self.generation += 1;
                if let Some(text) = notice {
                    self.notify(NoticeLevel::Info, text);
                }
            }
            Action::Sync { draft, notice } => {
                if let Some(k) = kinds::by_id(&draft.kind) {
                    self.kind = k;
                    self.step = self.step.min(k.steps.len().saturating_sub(1));
                }
                self.draft = draft;
                if let Some((level, text)) = notice {
                    self.notify(level, text);
                }
            }
            Action::KindsChanged => {
                let Some(k) = kinds::by_id(&self.draft.kind).filter(|k| !std::ptr::eq(*k, self.kind)) else {
                    return false;
                };
                self.kind = k;
                self.step = self.step.min(k.steps.len().saturating_sub(1));
            }
            Action::Resume { draft, step } => {
                let Some(k) = kinds::by_id(&draft.kind) else { return false };
                self.apply(Action::Replace { draft, notice: None });
                self.step = step.and_then(|id| k.steps.iter().position(|s| s.id == id)).unwrap_or(0);
                self.waiting = None;
            }
            _ => return false,
        }
        true
    }

    /// The dialogs: which is open, the kind picker's kind files, the drafts dialog.
    fn dialog(&mut self, action: Action) -> bool {
        match action {
            Action::Dialog(d) => {
                if self.dialog == d {
                    return false;
                }
                self.dialog = d;
            }
            Action::KindFileBusy => {
                let Dialog::Picker(p) = &mut self.dialog else { return false };
                p.busy = true;
                p.status = "Đang đọc mẫu báo cáo…".into();
                p.problems.clear();
            }
            Action::KindFileRead { id, file } => {
                // The open draft may be of the kind the file replaced.
                self.apply(Action::KindsChanged);
                if let Dialog::Picker(p) = &mut self.dialog {
                    let name = kinds::by_id(&id).map_or("", |k| k.name);
                    p.status = format!("Đã mở mẫu “{name}” từ tệp “{file}”.");
                    p.busy = false;
                    p.problems.clear();
                    self.request_focus(Focus::Id(kind_start_id(&id)));
                }
            }
            Action::KindFileProblems(problems) => {
                let Dialog::Picker(p) = &mut self.dialog else { return false };
                p.busy = false;
                p.status.clear();
                p.problems = problems;
            }
            Action::Renaming(r) => {
                let Dialog::Drafts(dl) = &mut self.dialog else { return false };
                let was = dl.renaming.as_ref().map(|(id, _)| id.clone());
                let now = r.as_ref().map(|(id, _)| id.clone());
                dl.renaming = r;
                // Focus to the name field when renaming starts, back to its button when it ends.
                match (was, now) {
                    (w, Some(id)) if w.as_ref() != Some(&id) => {
                        self.request_focus(Focus::Id(format!("draft-{id}-name")))
                    }
                    (Some(id), None) => self.request_focus(Focus::Id(format!("draft-{id}-rename"))),
                    _ => {}
                }
            }
            Action::DraftsSaid { status, error, entries, focus } => {
                let Dialog::Drafts(dl) = &mut self.dialog else { return false };
                if error.is_empty() {
                    dl.status = status;
                }
                dl.error = error;
                dl.entries = entries;
                if let Some(f) = focus {
                    self.request_focus(f);
                }
            }
            Action::DraftsList(entries) => {
                let Dialog::Drafts(dl) = &mut self.dialog else { return false };
                dl.entries = entries;
            }
            _ => return false,
        }
        true
    }

    /// Notices, storage, and the page's own flags.
    fn page(&mut self, action: Action) -> bool {
        match action {
            Action::Notify(level, text) => self.notify(level, text),
            Action::Dismiss(id) => {
                let before = self.notices.len();
                self.notices.retain(|n| n.id != id);
                return self.notices.len() != before;
            }
            Action::StorageFailed => {
                if !self.storage_ok {
                    return false;
                }
                self.storage_ok = false;
            }
            Action::StorageOk => {
                if self.storage_ok {
                    return false;
                }
                self.storage_ok = true;
            }
            Action::ToggleChecks => self.checks_open = !self.checks_open,
            Action::ToggleMaterial(path) => {
                self.material = (self.material.as_ref() != Some(&path)).then_some(path);
            }
            Action::Dragging(d) => {
                if self.dragging == d {
                    return false;
                }
                self.dragging = d;
            }
            Action::NewVersion => {
                if self.new_version.is_some() {
                    return false;
                }
                self.new_version = Some(true);
            }
            Action::Later => self.new_version = Some(false),
            Action::SampleWait(w) => {
                if self.sample_wait == w {
                    return false;
                }
                self.sample_wait = w;
            }
            _ => return false,
        }
        true
    }

    /// Apply an outline edit; false when it changes nothing.
    fn edit_outline(&mut self, edit: OutlineEdit) -> bool {
        let o = crate::frame::path::OUTLINE;
        let renamed = format!("{o}.renamed");
        let added = format!("{o}.added");
        let omitted = format!("{o}.omitted");
        let d = Rc::make_mut(&mut self.draft);
        let at = |d: &Draft, list: &str, key: &str, id: &str| {
            (0..d.len(list)).find(|i| d.text(&format!("{list}.{i}.{key}")) == id)
        };
        let focus = match edit {
            OutlineEdit::Rename(id) => {
                let i = match at(d, &renamed, "id", &id) {
                    Some(i) => i,
                    None => {
                        d.push(&renamed, record(&[("id", &id), ("text", "")]));
                        d.len(&renamed) - 1
                    }
                };
                Focus::Path(format!("{renamed}.{i}.text"))
            }
            OutlineEdit::Unrename(id) => {
                let Some(i) = at(d, &renamed, "id", &id) else { return false };
                d.remove(&format!("{renamed}.{i}"));
                Focus::Id(outline_button_id(&id, "rename"))
            }
            OutlineEdit::Add(after) => {
                let mut m = record(&[("after", &after), ("title", "")]);
                if let Value::Object(m) = &mut m {
                    m.insert("paragraphs".into(), Value::Array(vec![Value::String(String::new())]));
                }
                d.push(&added, m);
                Focus::Path(format!("{added}.{}.title", d.len(&added) - 1))
            }
            OutlineEdit::Remove(i) => {
                if i >= d.len(&added) {
                    return false;
                }
                let after = d.text(&format!("{added}.{i}.after")).to_string();
                d.remove(&format!("{added}.{i}"));
                Focus::Id(outline_button_id(&after, "add"))
            }
            OutlineEdit::Omit(id) => {
                if d.list(&omitted).contains(&id.as_str()) {
                    return false;
                }
                d.push(&omitted, Value::String(id.clone()));
                Focus::Id(outline_button_id(&id, "restore"))
            }
            OutlineEdit::Restore(id) => {
                let Some(i) = d.list(&omitted).iter().position(|x| *x == id) else { return false };
                d.remove(&format!("{omitted}.{i}"));
                Focus::Id(outline_button_id(&id, "omit"))
            }
        };
        self.request_focus(focus);
        true
    }
}

/// An object of text members.
fn record(members: &[(&str, &str)]) -> Value {
    let mut m = Map::new();
    for (k, v) in members {
        m.insert((*k).into(), Value::from(*v));
    }
    Value::Object(m)
}

/// The id of an outline button of the heading `id` (`act`: rename, add, omit, restore).
pub fn outline_button_id(id: &str, act: &str) -> String {
    format!("{}--{act}", control_id(&format!("outline.{id}")))
}

fn list_kind(kind: &Kind, list: &str) -> Option<ListKind> {
    // The unit rows of a table with one row per unit: records whose first column is the name.
    if let Some(table) = list.strip_suffix(&format!(".{}", kind::UNITS)) {
        if kind.table(table).is_some_and(|t| t.units) {
            return Some(ListKind::Records(Some(kind::UNIT_NAME.to_string())));
        }
    }
    // The paragraphs of a sub-section the author added (`outline.added.<i>.paragraphs`).
    if list
        .strip_prefix(crate::frame::path::OUTLINE)
        .is_some_and(|r| r.starts_with(".added.") && r.ends_with(".paragraphs"))
    {
        return Some(ListKind::Text);
    }
    match &kind.field(list)?.ty {
        FieldType::Items | FieldType::Paragraphs => Some(ListKind::Text),
        FieldType::Records(cols) => Some(ListKind::Records(cols.first().map(|c| c.path.to_string()))),
        _ => None,
    }
}

fn step_bit(i: usize) -> u64 {
    1u64.checked_shl(i as u32).unwrap_or(0)
}

/// A new, blank draft of `kind` for `year`.
pub fn blank_draft(kind: &Kind, year: i32) -> Draft {
    let mut d = kind.blank();
    d.set("period.year", Value::from(year));
    d
}

/// The value to store for a figure typed as `text` (`None`: remove it), read by the core's
/// [`text::parse_count`]. An invalid text is kept as `{"raw": text, "value": <last valid or
/// null>}`.
pub fn count_value(d: &Draft, path: &str, text: &str) -> Option<Value> {
    match text::parse_count(text) {
        Ok(None) => None,
        Ok(Some(n)) => Some(Value::from(n)),
        Err(_) => {
            // Built directly (`json!` goes through serde's serializer: kilobytes of wasm).
            let mut m = Map::new();
            m.insert("raw".into(), Value::from(text));
            m.insert("value".into(), d.count(path).map_or(Value::Null, Value::from));
            Some(Value::Object(m))
        }
    }
}

impl State {
    /// What a figure's input shows: the raw text while invalid; else the text as the author
    /// typed it in this session (`1.234`) while it still reads as the stored number; else the
    /// number.
    pub fn count_text(&self, path: &str) -> String {
        let d = &self.draft;
        if let Some(raw) = d.raw_count(path) {
            return raw.to_string();
        }
        let n = d.count(path);
        if let Some((_, t)) = self.typed.iter().find(|(p, _)| p == path) {
            if n.is_some() && text::parse_count(t).ok().flatten() == n {
                return t.clone();
            }
        }
        n.map(|n| n.to_string()).unwrap_or_default()
    }
}

/// The index of the step holding `path` (or `#step-id`).
pub fn step_index_of(kind: &Kind, path: &str) -> Option<usize> {
    let id = match path.strip_prefix('#') {
        Some(id) => id,
        None => kind.step_of(path)?.id,
    };
    kind.steps.iter().position(|s| s.id == id)
}

/// The units' texts a summary keeps for the field at `path` (`aggregate.material`, written
/// by `chain::aggregate`): each one's index there, its unit and its text.
pub fn material_for<'d>(d: &'d Draft, path: &str) -> Vec<(usize, &'d str, &'d str)> {
    let list = d.get(&format!("{}.material", crate::frame::path::AGGREGATE)).and_then(Value::as_array);
    let text = |m: &'d Value, k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default();
    list.map_or_else(Vec::new, |l| {
        l.iter()
            .enumerate()
            .filter(|(_, m)| text(m, "field") == path)
            .map(|(i, m)| (i, text(m, "unit"), text(m, "text")))
            .collect()
    })
}

/// "Thêm vào báo cáo": the unit's text `index` of the material taken into the report, as a
/// new paragraph of its field (in the list's last item when that is empty), or after the
/// text of a text field.
pub fn take_material(kind: &Kind, d: &Draft, index: usize) -> Option<Action> {
    let m = d.get(&format!("{}.material.{index}", crate::frame::path::AGGREGATE))?;
    let (field, text) = (m.get("field")?.as_str()?, m.get("text")?.as_str()?);
    let (path, value) = match kind.field(field)?.ty {
        FieldType::Paragraphs | FieldType::Items => {
            let items = d.list(field);
            let at = if items.last().is_some_and(|t| t.trim().is_empty()) { items.len() - 1 } else { items.len() };
            (format!("{field}.{at}"), text.to_string())
        }
        _ => match d.text(field).trim_end() {
            "" => (field.to_string(), text.to_string()),
            before => (field.to_string(), format!("{before}\n{text}")),
        },
    };
    Some(Action::SetText { path, value })
}

/// (steps done, steps in all).
pub fn progress(kind: &Kind, d: &Draft) -> (usize, usize) {
    let done = kind.steps.iter().filter(|s| kind::step_state(s, d) == StepState::Complete).count();
    (done, kind.steps.len())
}

/// Is a text of the draft so long that redrawing the preview on every keystroke would make
/// typing lag? Then the preview follows a moment after typing pauses. What costs is laying out
/// a long paragraph again (a 100,000-character one takes tens of milliseconds); many short
/// paragraphs do not, as only the pages whose blocks changed are drawn again
/// (`preview::Memo`).
pub fn preview_should_lag(d: &Draft) -> bool {
    const LONGEST: usize = 10_000;
    fn longest(v: &Value) -> usize {
        match v {
            Value::String(s) => s.len(),
            Value::Array(a) => a.iter().map(longest).max().unwrap_or(0),
            Value::Object(m) => m.values().map(longest).max().unwrap_or(0),
            _ => 0,
        }
    }
    d.fields.values().map(longest).max().unwrap_or(0) >= LONGEST
}

/// Does the draft hold something the author would lose by replacing it? A draft equal to a
/// blank one or to the sample (whatever its year, ignoring empty values) holds nothing.
/// `sample`: the kind's sample if the page has it (it comes from the worker when asked for).
pub fn has_content(kind: &Kind, d: &Draft, sample: Option<&Draft>) -> bool {
    let norm = |d: &Draft| {
        let mut d = d.clone();
        d.remove("period.year");
        prune(&Value::Object(d.fields))
    };
    let mine = norm(d);
    mine != norm(&kind.blank()) && sample.is_none_or(|s| mine != norm(s))
}

/// The value without empty texts, nulls, and lists or objects left empty.
fn prune(v: &Value) -> Value {
    match v {
        Value::String(s) if s.trim().is_empty() => Value::Null,
        Value::Array(a) => {
            let items: Vec<Value> = a.iter().map(prune).filter(|v| !v.is_null()).collect();
            if items.is_empty() {
                Value::Null
            } else {
                Value::Array(items)
            }
        }
        Value::Object(m) => {
            // Inserted one by one: collecting into a Map sorts, with std's stable sort (~3 KB of
            // wasm for the web page); the keys come sorted anyway.
            let mut out = Map::new();
            for (k, v) in m {
                let v = prune(v);
                if !v.is_null() {
                    out.insert(k.clone(), v);
                }
            }
            let m = out;
            if m.is_empty() {
                Value::Null
            } else {
                Value::Object(m)
            }
        }
        other => other.clone(),
    }
}

/// The id of the control editing `path`: `f-` and the path with `.` → `-`.
pub fn control_id(path: &str) -> String {
    let mut id = String::with_capacity(path.len() + 2);
    id.push_str("f-");
    for c in path.chars() {
        id.push(match c {
            '.' => '-',
            c if c.is_ascii_alphanumeric() || c == '_' || c == '-' => c,
            _ => '_',
        });
    }
    id
}

/// The id of item `i` of a list (the record's fieldset).
pub fn item_id(list: &str, i: usize) -> String {
    control_id(&format!("{list}.{i}"))
}

/// The id of an item's button: `dir` is `up`, `down` or `del`.
pub fn item_button_id(list: &str, i: usize, dir: &str) -> String {
    format!("{}--{dir}", item_id(list, i))
}

/// The id of the kind picker's "Bắt đầu" button for the kind `id`.
pub fn kind_start_id(id: &str) -> String {
    format!("{}--start", control_id(&format!("kind.{id}")))
}

pub fn add_button_id(list: &str) -> String {
    format!("{}--add", control_id(list))
}

pub fn help_id(path: &str) -> String {
    format!("{}--help", control_id(path))
}

pub use crate::text::lower_first;

/// Is a field one of the list kinds shown as a group?
pub fn is_group(f: &Field) -> bool {
    matches!(f.ty, FieldType::Items | FieldType::Paragraphs | FieldType::Records(_) | FieldType::Table(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn state() -> State {
        let k = kinds::default_kind();
        State::new(k, blank_draft(k, 2025), true)
    }

    fn set_count(s: &mut State, path: &str, text: &str) {
        s.apply(Action::SetCount { path: path.into(), text: text.into() });
    }

    #[test]
    fn counts_keep_raw_text_and_last_valid_value() {
        let mut s = state();
        set_count(&mut s, "reception.delegations", "12");
        assert_eq!(s.draft.count("reception.delegations"), Some(12));
        set_count(&mut s, "reception.delegations", "12a");
        assert_eq!(s.draft.count("reception.delegations"), Some(12));
        assert_eq!(s.draft.raw_count("reception.delegations"), Some("12a"));
        assert_eq!(s.count_text("reception.delegations"), "12a");
        set_count(&mut s, "reception.delegations", "-3");
        assert_eq!(s.draft.count("reception.delegations"), Some(12));
        set_count(&mut s, "reception.delegations", " 7 ");
        assert_eq!(s.draft.get("reception.delegations"), Some(&json!(7)));
        assert_eq!(s.draft.raw_count("reception.delegations"), None);
        set_count(&mut s, "reception.delegations", "");
        assert_eq!(s.draft.get("reception.delegations"), None);
        set_count(&mut s, "x.y", "abc");
        assert_eq!(s.draft.get("x.y"), Some(&json!({"raw": "abc", "value": null})));
    }

    #[test]
    fn counts_show_the_text_as_typed() {
        let mut s = state();
        set_count(&mut s, "reception.delegations", "1.234");
        assert_eq!(s.draft.get("reception.delegations"), Some(&json!(1234)));
        assert_eq!(s.count_text("reception.delegations"), "1.234");
        // Same number, other spelling: still a change for the input.
        assert!(s.apply(Action::SetCount { path: "reception.delegations".into(), text: "1234".into() }));
        assert_eq!(s.count_text("reception.delegations"), "1234");
        assert!(!s.apply(Action::SetCount { path: "reception.delegations".into(), text: "1234".into() }));
        // A new draft forgets what was typed.
        s.apply(Action::Replace { draft: crate::kinds::sample(s.kind), notice: None });
        assert_eq!(s.count_text("reception.delegations"), s.draft.count("reception.delegations").unwrap().to_string());
    }

    #[test]
    fn text_is_stored_nfc() {
        let mut s = state();
        // "Việt" typed with combining marks.
        s.apply(Action::SetText { path: "title".into(), value: "Vie\u{323}\u{302}t".into() });
        assert_eq!(s.draft.text("title"), "Việt");
        assert!(!s.apply(Action::SetText { path: "title".into(), value: "Việt".into() }));
    }

    #[test]
    fn lists_add_insert_move_remove() {
        let mut s = state();
        // Empty list: one empty item is shown; adding makes a second.
        s.apply(Action::AddItem { list: "governance.paragraphs".into() });
        assert_eq!(s.draft.list("governance.paragraphs"), vec!["", ""]);
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Path("governance.paragraphs.1".into()));
        s.apply(Action::SetText { path: "governance.paragraphs.0".into(), value: "A".into() });
        s.apply(Action::SetText { path: "governance.paragraphs.1".into(), value: "B".into() });
        s.apply(Action::InsertItem { list: "governance.paragraphs".into(), at: 1 });
        assert_eq!(s.draft.list("governance.paragraphs"), vec!["A", "", "B"]);
        s.apply(Action::MoveItem { list: "governance.paragraphs".into(), from: 2, to: 1 });
        assert_eq!(s.draft.list("governance.paragraphs"), vec!["A", "B", ""]);
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Id("f-governance-paragraphs-1--up".into()));
        s.apply(Action::MoveItem { list: "governance.paragraphs".into(), from: 1, to: 0 });
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Id("f-governance-paragraphs-0--down".into()));
        s.apply(Action::RemoveItem { list: "governance.paragraphs".into(), index: 2 });
        assert_eq!(s.draft.list("governance.paragraphs"), vec!["B", "A"]);
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Path("governance.paragraphs.1".into()));
        // Records.
        s.apply(Action::AddItem { list: "discipline.citations".into() });
        assert_eq!(s.draft.len("discipline.citations"), 1);
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Path("discipline.citations.0.type".into()));
        s.apply(Action::RemoveItem { list: "discipline.citations".into(), index: 0 });
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Id("f-discipline-citations--add".into()));
    }

    #[test]
    fn unit_rows_add_and_remove() {
        let k = kinds::by_id("tiep-cong-dan").unwrap();
        let mut s = State::new(k, crate::kinds::sample(k), true);
        let units = "reception.figures.units";
        assert_eq!(s.draft.len(units), 1);
        assert!(s.apply(Action::AddItem { list: units.into() }));
        assert_eq!(s.draft.len(units), 2);
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Path(format!("{units}.1.unit")));
        s.apply(Action::RemoveItem { list: units.into(), index: 0 });
        assert_eq!(s.draft.len(units), 1);
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Path(format!("{units}.0.unit")));
        s.apply(Action::RemoveItem { list: units.into(), index: 0 });
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Id(add_button_id(units)));
        // Not a unit table: nothing to add.
        assert!(!s.apply(Action::AddItem { list: "resolution.figures.units".into() }));
    }

    #[test]
    fn steps_and_jumps() {
        let mut s = state();
        assert!(!s.apply(Action::Prev));
        assert!(s.apply(Action::Next));
        assert_eq!(s.step, 1);
        s.apply(Action::JumpTo("cases.complaints".into()));
        assert_eq!(s.current_step().id, "cases");
        s.apply(Action::JumpTo("#tasks".into()));
        assert_eq!(s.current_step().id, "tasks");
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::StepHeading);
        assert!(!s.apply(Action::JumpTo("nowhere".into())));
        let last = s.kind.steps.len() - 1;
        s.apply(Action::GoTo(last));
        assert!(!s.apply(Action::Next));
    }

    #[test]
    fn restore_handles_bad_and_good_saves() {
        let s = State::restore(Some(draft_io::parse("{not json")), Some("cases"), 2024, true);
        assert_eq!(s.notices.len(), 1);
        assert_eq!(s.draft.count("period.year"), Some(2024));
        assert_eq!(s.current_step().id, "cases");
        let k = kinds::default_kind();
        let s = State::restore(Some(Ok(crate::kinds::sample(k))), Some("nope"), 2024, true);
        assert!(s.notices.is_empty());
        assert_eq!(s.step, 0);
        assert_eq!(s.draft.count("period.year"), Some(2021));
    }

    #[test]
    fn sync_keeps_the_step_and_storage_recovers() {
        let mut s = state();
        s.apply(Action::GoTo(3));
        let mut d = (*s.draft).clone();
        d.set("title", json!("Từ thẻ khác"));
        let d = Rc::new(d);
        assert!(s.apply(Action::Sync { draft: d.clone(), notice: None }));
        assert!(Rc::ptr_eq(&s.draft, &d));
        assert_eq!(s.step, 3);
        assert!(s.apply(Action::StorageFailed));
        assert!(!s.apply(Action::StorageFailed));
        assert!(s.apply(Action::StorageOk));
        assert!(s.storage_ok);
    }

    #[test]
    fn long_drafts_let_the_preview_lag() {
        let k = kinds::default_kind();
        assert!(!preview_should_lag(&crate::kinds::sample(k)));
        let mut d = crate::kinds::sample(k);
        d.set("governance.paragraphs.0", json!("chữ ".repeat(3000)));
        assert!(preview_should_lag(&d));
        // Many short paragraphs (a summary of many units) do not.
        let mut many = crate::kinds::sample(k);
        many.set("governance.paragraphs", json!(vec!["Một đoạn văn ngắn của đơn vị."; 5000]));
        assert!(!preview_should_lag(&many));
    }

    #[test]
    fn units_texts_are_taken_into_the_report_on_request() {
        let k = kinds::default_kind();
        let (list, text) = k
            .fields()
            .find(|(_, f)| f.ty == FieldType::Paragraphs)
            .zip(k.fields().find(|(_, f)| f.ty == FieldType::Text))
            .map(|((_, l), (_, t))| (l.path, t.path))
            .expect("a paragraphs field and a text field");
        let mut d = blank_draft(k, 2026);
        d.set(
            "aggregate.material",
            json!([
                {"unit": "UBND xã A", "field": list, "text": "Đoạn của xã A."},
                {"unit": "UBND xã B", "field": text, "text": "Lời của xã B."},
                {"unit": "UBND xã B", "field": list, "text": "Đoạn của xã B."},
            ]),
        );
        assert_eq!(
            material_for(&d, list),
            vec![(0, "UBND xã A", "Đoạn của xã A."), (2, "UBND xã B", "Đoạn của xã B.")]
        );
        assert_eq!(material_for(&d, "nowhere"), vec![]);
        let mut s = State::new(k, d.clone(), true);
        s.apply(Action::ToggleMaterial(list.into()));
        assert_eq!(s.material.as_deref(), Some(list));
        s.apply(Action::ToggleMaterial(list.into()));
        assert_eq!(s.material, None);
        for i in [0, 2, 1, 1] {
            let a = take_material(k, &s.draft, i).expect("an action");
            s.apply(a);
        }
        let paras: Vec<&str> = s.draft.list(list).into_iter().filter(|t| !t.is_empty()).collect();
        assert!(paras.ends_with(&["Đoạn của xã A.", "Đoạn của xã B."]), "{paras:?}");
        assert!(s.draft.text(text).ends_with("Lời của xã B.\nLời của xã B."), "{}", s.draft.text(text));
        assert_eq!(take_material(k, &s.draft, 9), None);
    }

    #[test]
    fn content_detection() {
        let k = kinds::default_kind();
        let sample = crate::kinds::sample(k);
        assert!(!has_content(k, &blank_draft(k, 2030), None));
        assert!(!has_content(k, &sample, Some(&sample)));
        // Before the page has the sample, an untouched sample counts as content.
        assert!(has_content(k, &sample, None));
        let mut d = blank_draft(k, 2030);
        d.set("title", json!("  "));
        assert!(!has_content(k, &d, None));
        d.set("title", json!("Báo cáo"));
        assert!(has_content(k, &d, None));
    }

    #[test]
    fn ids_and_words() {
        assert_eq!(control_id("reception.figures.total.visits"), "f-reception-figures-total-visits");
        assert_eq!(item_button_id("a.b", 2, "del"), "f-a-b-2--del");
        assert_eq!(lower_first("Văn bản thực hiện"), "văn bản thực hiện");
        assert_eq!(lower_first("UBND"), "UBND");
    }

    fn body_text(s: &State) -> Vec<String> {
        crate::document::build(s.kind, &s.draft).body.iter().map(|p| p.text()).collect()
    }

    #[test]
    fn outline_edits_are_undone_in_one_step() {
        let mut s = state();
        let outline = |s: &mut State, e: OutlineEdit| s.apply(Action::Outline(e));
        // Rename: a text of its own (empty: the kind's), and back.
        assert!(outline(&mut s, OutlineEdit::Rename("II".into())));
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Path("outline.renamed.0.text".into()));
        assert!(body_text(&s).contains(&"II. KẾT QUẢ THỰC HIỆN".to_string()), "empty: the kind's text");
        s.apply(Action::SetText { path: "outline.renamed.0.text".into(), value: "KẾT QUẢ ĐẠT ĐƯỢC".into() });
        assert!(body_text(&s).contains(&"II. KẾT QUẢ ĐẠT ĐƯỢC".to_string()));
        outline(&mut s, OutlineEdit::Rename("II".into()));
        assert_eq!(s.draft.len("outline.renamed"), 1, "renaming again edits the same entry");
        assert!(outline(&mut s, OutlineEdit::Unrename("II".into())));
        assert_eq!(s.draft.len("outline.renamed"), 0);
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Id(outline_button_id("II", "rename")));
        assert!(body_text(&s).contains(&"II. KẾT QUẢ THỰC HIỆN".to_string()));
        assert!(!outline(&mut s, OutlineEdit::Unrename("II".into())));

        // A sub-section: a title and paragraphs edited like any list, and removed.
        assert!(outline(&mut s, OutlineEdit::Add("II".into())));
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Path("outline.added.0.title".into()));
        assert_eq!(s.draft.list("outline.added.0.paragraphs"), vec![""]);
        s.apply(Action::SetText {
            path: "outline.added.0.title".into(), value: "Công tác chuyển đổi số".into()
        });
        s.apply(Action::SetText { path: "outline.added.0.paragraphs.0".into(), value: "Đoạn một.".into() });
        assert!(s.apply(Action::AddItem { list: "outline.added.0.paragraphs".into() }));
        assert_eq!(s.draft.len("outline.added.0.paragraphs"), 2);
        let body = body_text(&s);
        assert!(body.iter().any(|t| t.ends_with(" Công tác chuyển đổi số")), "{body:?}");
        assert!(body.contains(&"Đoạn một.".to_string()));
        assert!(outline(&mut s, OutlineEdit::Remove(0)));
        assert_eq!(s.draft.len("outline.added"), 0);
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Id(outline_button_id("II", "add")));
        assert!(!outline(&mut s, OutlineEdit::Remove(0)));

        // Leaving out an optional section, and putting it back.
        let k = kinds::by_id("tiep-cong-dan").unwrap();
        let mut s = State::new(k, blank_draft(k, 2026), true);
        let heading = |s: &State| body_text(s).iter().any(|t| t.starts_with("VI. "));
        assert!(heading(&s));
        assert!(outline(&mut s, OutlineEdit::Omit("VI".into())));
        assert!(!outline(&mut s, OutlineEdit::Omit("VI".into())));
        assert!(!heading(&s));
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Id(outline_button_id("VI", "restore")));
        assert!(outline(&mut s, OutlineEdit::Restore("VI".into())));
        assert!(heading(&s));
    }

    #[test]
    fn dialogs_and_kinds() {
        let mut s = state();
        assert!(s.apply(Action::Dialog(Dialog::Picker(Picker::default()))));
        assert!(!s.apply(Action::Dialog(Dialog::Picker(Picker::default()))));
        assert!(s.apply(Action::KindFileBusy));
        assert!(s.apply(Action::KindFileProblems(vec!["Dòng 3: …".into()])));
        let Dialog::Picker(p) = &s.dialog else { panic!() };
        assert_eq!((p.busy, p.problems.len()), (false, 1));
        s.apply(Action::KindFileRead { id: "tiep-cong-dan".into(), file: "mau.json".into() });
        let Dialog::Picker(p) = &s.dialog else { panic!() };
        assert!(p.problems.is_empty() && p.status.contains("mau.json"), "{p:?}");
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Id(kind_start_id("tiep-cong-dan")));
        // Renaming in the drafts dialog: focus to the field as it starts, back as it ends.
        s.apply(Action::Dialog(Dialog::Drafts(Drafts::default())));
        s.apply(Action::Renaming(Some(("0000000a".into(), "A".into()))));
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Id("draft-0000000a-name".into()));
        let seq = s.focus.as_ref().unwrap().seq;
        s.apply(Action::Renaming(Some(("0000000a".into(), "AB".into()))));
        assert_eq!(s.focus.as_ref().unwrap().seq, seq, "typing moves no focus");
        s.apply(Action::Renaming(None));
        assert_eq!(s.focus.as_ref().unwrap().target, Focus::Id("draft-0000000a-rename".into()));
        // A draft waiting for its kind opens on the step it was left at.
        let k = kinds::by_id("tiep-cong-dan").unwrap();
        s.waiting = Some(k.id.into());
        assert!(s.apply(Action::Resume { draft: blank_draft(k, 2026), step: Some(k.steps[2].id.into()) }));
        assert_eq!((s.kind.id, s.step, s.waiting.is_none()), (k.id, 2, true));
        assert!(!s.apply(Action::KindsChanged));
    }

    #[test]
    fn opened_steps_and_revealing() {
        let mut s = state();
        assert!(s.step_opened(0) && !s.step_opened(2));
        s.apply(Action::GoTo(2));
        s.apply(Action::GoTo(4));
        assert!(s.step_opened(0) && s.step_opened(2) && s.step_opened(4) && !s.step_opened(3));
        assert!(s.apply(Action::RevealRequired));
        assert!(!s.apply(Action::RevealRequired));
        // A new draft starts over.
        s.apply(Action::Replace { draft: blank_draft(s.kind, 2030), notice: None });
        assert!(!s.reveal_required && !s.step_opened(2) && s.step_opened(0));
    }
}
