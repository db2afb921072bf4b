//! The drafts in the browser's localStorage (layout and rules in `drafts.rs`): start-up with
//! the move of the single draft earlier versions kept, autosave with revisions shared between
//! tabs, the operations of the drafts list, and the kind files the author opened. When
//! storage refuses (disabled, private mode, full), the app keeps working in memory and says
//! so; nothing here panics.
//!
//! One way in and one way out: the index is read by [`index`] (repaired from the records by
//! [`load_index`]), a record by [`read_record`]; a record is written only by [`put`], which
//! writes it and its index entry together or not at all (one rollback policy: when the index
//! cannot be written, the record goes back to what it was), and the index alone by
//! [`put_index`].

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsValue;
use web_sys::{Storage, StorageEvent};
use yew::UseReducerDispatcher;

use super::drafts::{self, Entry, Index, LocalTime, Record, RecordHead, Remote, CURRENT_KEY, INDEX_KEY};
use super::state::{blank_draft, Action, NoticeLevel, State, BROKEN_KEY, DRAFT_KEY, STEP_KEY};
use super::web::{current_year, parse_json, stringify};
use crate::model::Draft;
use crate::{draft_io, kinds};

/// Autosave delay after the last change.
pub const SAVE_DELAY_MS: u32 = 300;

/// Said when another tab changed the draft open here.
pub const CHANGED_ELSEWHERE: &str = "Bản nháp vừa được sửa ở một thẻ khác; đã tải bản mới nhất.";
/// Said when an operation on the list cannot be saved.
const REFUSED: &str = "Trình duyệt không cho lưu (bộ nhớ đầy hoặc bị tắt).";
/// Said when a draft of the list is gone.
const GONE: &str = "Bản nháp không còn trong trình duyệt.";
/// Prefix of the keys keeping the kind files the author opened (`baocao.kind.<kind id>`:
/// the file's text).
const KIND_PREFIX: &str = "baocao.kind.";

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session() -> Option<Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Can this storage be written (it throws in some private modes and sandboxes, or when full)?
fn writable(s: &Storage) -> bool {
    let probe = "baocao.probe";
    s.set_item(probe, "1").is_ok() && s.remove_item(probe).is_ok()
}

fn get(s: &Storage, key: &str) -> Option<String> {
    s.get_item(key).ok().flatten()
}

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

fn random() -> u32 {
    (js_sys::Math::random() * 4_294_967_296.0) as u32
}

/// Local date and time of a timestamp, in the browser's time zone.
pub fn local_time(ms: u64) -> LocalTime {
    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    LocalTime {
        year: d.get_full_year() as i32,
        month: d.get_month() + 1,
        day: d.get_date(),
        hour: d.get_hours(),
        minute: d.get_minutes(),
    }
}

thread_local! {
    /// The title of the last document the worker built, and the draft it is of.
    static TITLE: RefCell<Option<(Rc<Draft>, String)>> = const { RefCell::new(None) };
}

/// The name a draft gets while the author has not named it: its report's title (the one
/// typed, else the document's, which the worker builds: known once the preview has it).
fn auto_name(d: &Draft) -> String {
    let typed = d.text(crate::frame::path::TITLE).trim();
    if !typed.is_empty() {
        return drafts::auto_name(typed);
    }
    let built = TITLE.with(|t| t.borrow().as_ref().filter(|(of, _)| **of == *d).map(|(_, title)| title.clone()));
    drafts::auto_name(&built.unwrap_or_default())
}

/// The worker built the document of `draft`, titled `title`: the draft open here, when
/// stored and not named by the author, is named after it.
pub fn title_known(store: &StoreRef, draft: &Rc<Draft>, title: &str) {
    TITLE.with(|t| *t.borrow_mut() = Some((draft.clone(), title.to_string())));
    let s = store.borrow();
    if !s.enabled || s.waiting.is_some() || !s.is_saved(draft) {
        return;
    }
    let Some(ls) = local() else { return };
    let mut index = index(&ls);
    let name = drafts::auto_name(title);
    if let Some(mut e) = index.get(&s.id).filter(|e| !e.named && e.name != name).cloned() {
        e.name = name;
        index.upsert(e);
        let _ = put_index(&ls, &index);
    }
}

fn fresh_id(index: &Index) -> String {
    drafts::new_id(now_ms(), random(), |id| index.contains(id))
}

/// The draft this tab edits and its autosave.
pub struct Store {
    /// Id of the draft this tab edits.
    pub id: String,
    /// False when localStorage could not be used at start-up: everything stays in memory.
    pub enabled: bool,
    /// Revision this tab last loaded or wrote (0: not in storage).
    rev: u64,
    /// The draft as last loaded or written.
    saved: Option<Rc<Draft>>,
    /// A change waiting for the timer.
    pending: Option<Rc<Draft>>,
    timer: Option<Timeout>,
    dispatcher: Option<UseReducerDispatcher<State>>,
    /// The draft `id` waits for its kind (see [`resume`]), with the step it was left at:
    /// nothing is saved meanwhile.
    waiting: Option<Option<String>>,
}

pub type StoreRef = Rc<RefCell<Store>>;

/// What start-up found: the state to show and the store behind it.
pub struct Boot {
    pub state: Option<State>,
    pub store: StoreRef,
}

fn dispatch(store: &StoreRef, action: Action) {
    let d = store.borrow().dispatcher.clone();
    if let Some(d) = d {
        d.dispatch(action);
    }
}

fn notify(store: &StoreRef, level: NoticeLevel, text: impl Into<String>) {
    dispatch(store, Action::Notify(level, text.into()));
}

/// "Không mở được bản nháp “X”: … Bản nháp đó vẫn được giữ …; đã bắt đầu một báo cáo mới."
fn unopened(name: &str, why: &str) -> String {
    format!(
        "Không mở được bản nháp “{name}”: {} Bản nháp đó vẫn được giữ trong danh sách “Bản nháp”; đã bắt đầu một báo cáo mới.",
        super::state::lower_first(why)
    )
}

impl Boot {
    /// Read storage: move the draft of earlier versions into the list, repair the index,
    /// open the draft this tab (or the last tab) had open. A draft of a kind the page does
    /// not have yet waits for it ([`resume`]).
    pub fn start() -> Boot {
        let year = current_year();
        let default_kind = kinds::default_kind();
        let blank = || blank_draft(default_kind, year);
        let Some(ls) = local().filter(writable) else {
            let state = State::restore(None, None, year, false);
            let store = Store::new(drafts::new_id(now_ms(), random(), |_| false), false);
            return Boot { state: Some(state), store: Rc::new(RefCell::new(store)) };
        };
        let mut notices = Vec::new();
        let mut index = load_index(&ls);
        let mut current = get_current();
        if let Some(id) = migrate_legacy(&ls, &mut index, &mut notices) {
            current = Some(id);
        }
        let current = current.filter(|id| index.contains(id)).or_else(|| index.most_recent(None).map(|e| e.id.clone()));
        let step = get(&ls, STEP_KEY);
        let mut store = Store::new(fresh_id(&index), true);
        let mut state = State::new(default_kind, blank(), true);
        if let Some(id) = current {
            let kind_id = index.get(&id).map(|e| e.kind.clone()).unwrap_or_default();
            if !kind_id.is_empty() && kinds::by_id(&kind_id).is_none() {
                // Its kind comes from the worker (a bundled one the page does not embed, or
                // one the author opened): open it then.
                state.waiting = Some(kind_id);
                store.id = id;
                store.waiting = Some(step);
            } else {
                match read_record(&ls, &id) {
                    Ok(rec) => {
                        state = State::new(kinds::by_id(&rec.draft.kind).unwrap_or(default_kind), rec.draft, true);
                        if let Some(i) = step.and_then(|st| state.kind.steps.iter().position(|s| s.id == st)) {
                            state.step = i;
                        }
                        store.id = id;
                        store.rev = rec.head.rev;
                        store.saved = Some(state.draft.clone());
                    }
                    Err(e) => notices.push(unopened(&index.get(&id).map(|e| e.name.clone()).unwrap_or_default(), &e.0)),
                }
            }
        }
        for n in notices {
            state.apply(Action::Notify(NoticeLevel::Error, n));
        }
        set_current(&store.id);
        Boot { state: Some(state), store: Rc::new(RefCell::new(store)) }
    }
}

/// The kinds are in (`kinds.rs`): open the draft that waited for its kind, or say why it
/// cannot be and go on with a new report (the draft stays in the list).
pub fn resume(store: &StoreRef) {
    let Some(step) = store.borrow_mut().waiting.take() else { return };
    let id = store.borrow().id.clone();
    let read = local().ok_or_else(|| REFUSED.to_string()).and_then(|ls| read_record(&ls, &id).map_err(|e| e.0));
    match read {
        Ok(rec) => {
            let draft = Rc::new(rec.draft);
            {
                let mut s = store.borrow_mut();
                s.rev = rec.head.rev;
                s.saved = Some(draft.clone());
            }
            dispatch(store, Action::Resume { draft: (*draft).clone(), step });
        }
        Err(why) => {
            let name = local().and_then(|ls| index(&ls).get(&id).map(|e| e.name.clone())).unwrap_or_default();
            {
                let mut s = store.borrow_mut();
                s.id = drafts::new_id(now_ms(), random(), |i| i == id);
                s.rev = 0;
                s.saved = None;
            }
            set_current(&store.borrow().id.clone());
            dispatch(
                store,
                Action::Replace { draft: blank_draft(kinds::default_kind(), current_year()), notice: None },
            );
            notify(store, NoticeLevel::Error, unopened(&name, &why));
        }
    }
}

fn index_json(index: &Index) -> String {
    stringify(&index.to_value(), false)
}

// ------------------------------------------------------------------ the one way in

/// The index as stored (empty when missing or unreadable).
fn index(ls: &Storage) -> Index {
    Index::parse(get(ls, INDEX_KEY).as_deref().and_then(parse_json))
}

/// The index, repaired from the records actually in storage (and saved back if it changed).
fn load_index(ls: &Storage) -> Index {
    let mut index = index(ls);
    let mut found = Vec::new();
    let n = ls.length().unwrap_or(0);
    for i in 0..n {
        let Some(key) = ls.key(i).ok().flatten() else { continue };
        if let Some(id) = drafts::id_of_key(&key) {
            let head = get(ls, &key).as_deref().and_then(parse_json).as_ref().and_then(drafts::parse_head);
            found.push((id.to_string(), head));
        }
    }
    if index.reconcile(&found) {
        let _ = put_index(ls, &index);
    }
    index
}

fn read_record(ls: &Storage, id: &str) -> Result<Record, draft_io::LoadError> {
    match get(ls, &drafts::record_key(id)) {
        Some(s) => drafts::parse_record(parse_json(&s)),
        None => Err(draft_io::LoadError(GONE.into())),
    }
}

// ------------------------------------------------------------------ the one way out

/// Write the index.
fn put_index(ls: &Storage, index: &Index) -> Result<(), String> {
    ls.set_item(INDEX_KEY, &index_json(index)).map_err(|_| REFUSED.to_string())
}

/// Write the record `id` (`head`, `draft`) and its entry in `index`, both or neither: the
/// record first, then the index; when the index cannot be written, the record goes back to
/// what it was (removed when it is new) and so does `index`.
fn put(ls: &Storage, index: &mut Index, id: &str, head: &RecordHead, draft: &Draft) -> Result<(), String> {
    let key = drafts::record_key(id);
    let before = get(ls, &key);
    ls.set_item(&key, &stringify(&drafts::record_value(head, draft), false)).map_err(|_| REFUSED.to_string())?;
    let entry_before = index.get(id).cloned();
    index.upsert(Entry::new(id, &RecordHead { kind: draft.kind.clone(), ..head.clone() }));
    let written = put_index(ls, index);
    if written.is_err() {
        let _ = match before {
            Some(text) => ls.set_item(&key, &text),
            None => ls.remove_item(&key),
        };
        match entry_before {
            Some(e) => index.upsert(e),
            None => drop(index.remove(id)),
        }
    }
    written
}

/// Store `draft` as a new record named `name` (`named`: the author's name). Returns its id.
fn put_new(ls: &Storage, index: &mut Index, draft: &Draft, name: String, named: bool) -> Result<String, String> {
    let id = fresh_id(index);
    let head = RecordHead { rev: 1, updated: now_ms(), name, named, kind: String::new() };
    put(ls, index, &id, &head, draft)?;
    Ok(id)
}

/// Move the single draft earlier versions kept (`baocao.draft`) into the list. Returns its
/// new id. The old key goes only once the draft is safely stored under the new one; an
/// unreadable old draft is kept aside under `baocao.draft.unreadable`.
fn migrate_legacy(ls: &Storage, index: &mut Index, notices: &mut Vec<String>) -> Option<String> {
    let legacy = get(ls, DRAFT_KEY)?;
    match drafts::read_draft(parse_json(&legacy)) {
        Ok(d) => {
            let id = put_new(ls, index, &d, auto_name(&d), false).ok()?;
            let _ = ls.remove_item(DRAFT_KEY);
            Some(id)
        }
        Err(e) => {
            if ls.set_item(BROKEN_KEY, &legacy).is_ok() {
                let _ = ls.remove_item(DRAFT_KEY);
            }
            notices.push(format!(
                "Không đọc được bản nháp đã lưu: {} Bản nháp đó được giữ riêng trong trình duyệt; đã bắt đầu một báo cáo mới.",
                super::state::lower_first(&e.0)
            ));
            None
        }
    }
}

/// The draft this tab had open (sessionStorage), else the one opened last in any tab.
fn get_current() -> Option<String> {
    session().and_then(|s| get(&s, CURRENT_KEY)).or_else(|| local().and_then(|s| get(&s, CURRENT_KEY)))
}

fn set_current(id: &str) {
    for s in [session(), local()].into_iter().flatten() {
        let _ = s.set_item(CURRENT_KEY, id);
    }
}

/// How a save went.
enum Saved {
    Ok,
    Failed,
    /// Another tab saved a newer revision (readable or not): nothing was written.
    Newer(Option<Record>),
}

impl Store {
    fn new(id: String, enabled: bool) -> Store {
        Store { id, enabled, rev: 0, saved: None, pending: None, timer: None, dispatcher: None, waiting: None }
    }

    pub fn set_dispatcher(&mut self, d: UseReducerDispatcher<State>) {
        if self.dispatcher.is_none() {
            self.dispatcher = Some(d);
        }
    }

    fn is_saved(&self, d: &Rc<Draft>) -> bool {
        self.saved.as_ref().is_some_and(|s| Rc::ptr_eq(s, d) || **s == **d)
    }

    /// From now on this tab edits the draft `id`, as stored at revision `rev` (0: not stored).
    fn switch(&mut self, id: String, rev: u64, saved: Option<Rc<Draft>>) {
        self.id = id;
        self.rev = rev;
        self.saved = saved;
        self.pending = None;
        self.timer = None;
        self.waiting = None;
        set_current(&self.id);
    }

    /// Write `draft` as the next revision, unless another tab saved a newer one.
    fn write(&mut self, draft: &Rc<Draft>) -> Saved {
        let Some(ls) = local() else { return Saved::Failed };
        let key = drafts::record_key(&self.id);
        let Ok(stored) = ls.get_item(&key) else { return Saved::Failed };
        let present = stored.is_some();
        let stored = stored.as_deref().and_then(parse_json);
        let head = stored.as_ref().and_then(drafts::parse_head);
        if present && head.is_none() && self.rev > 0 {
            // Something this version cannot read replaced the draft: leave it alone.
            return Saved::Newer(None);
        }
        if !drafts::may_write(head.as_ref().map(|h| h.rev), self.rev) {
            return Saved::Newer(drafts::parse_record(stored).ok());
        }
        let mut index = index(&ls);
        let (name, named) = match index.get(&self.id) {
            Some(e) if e.named => (e.name.clone(), true),
            _ => (auto_name(draft), false),
        };
        let rev = head.map_or(0, |h| h.rev).max(self.rev) + 1;
        let head = RecordHead { rev, updated: now_ms(), name, named, kind: String::new() };
        if put(&ls, &mut index, &self.id, &head, draft).is_err() {
            return Saved::Failed;
        }
        self.rev = rev;
        self.saved = Some(draft.clone());
        let _ = ls.set_item(CURRENT_KEY, &self.id);
        Saved::Ok
    }
}

/// Autosave: remember the draft's latest state and save it [`SAVE_DELAY_MS`] after the last
/// change (nothing when it is what storage already holds, or while the draft waits for its
/// kind).
pub fn schedule(store: &StoreRef, draft: &Rc<Draft>) {
    let mut s = store.borrow_mut();
    if !s.enabled || s.waiting.is_some() {
        return;
    }
    if s.is_saved(draft) {
        s.pending = None;
        s.timer = None;
        return;
    }
    s.pending = Some(draft.clone());
    let st = store.clone();
    s.timer = Some(Timeout::new(SAVE_DELAY_MS, move || flush(&st)));
}

/// Save the waiting change now (timer, page hidden or left, before switching drafts).
pub fn flush(store: &StoreRef) {
    let draft = {
        let mut s = store.borrow_mut();
        s.timer = None;
        s.pending.take()
    };
    let Some(draft) = draft else { return };
    let outcome = store.borrow_mut().write(&draft);
    match outcome {
        Saved::Ok => dispatch(store, Action::StorageOk),
        Saved::Failed => dispatch(store, Action::StorageFailed),
        Saved::Newer(Some(rec)) => take_remote(store, rec, Some(draft)),
        Saved::Newer(None) => {
            // Keep this tab's work as a draft of its own.
            keep_copy(store, &draft);
        }
    }
}

/// Another tab saved revision `rec` of the draft open here.
fn take_remote(store: &StoreRef, rec: Record, unsaved: Option<Rc<Draft>>) {
    let my_rev = store.borrow().rev;
    match drafts::on_remote(rec.head.rev, my_rev, unsaved.as_deref(), &rec.draft) {
        Remote::Ignore => {
            if let Some(d) = unsaved {
                schedule(store, &d);
            }
        }
        Remote::Adopt => adopt(store, rec, (NoticeLevel::Info, CHANGED_ELSEWHERE.to_string())),
        Remote::KeepCopyThenAdopt => {
            let mine = unsaved.expect("unsaved changes");
            match keep_copy(store, &mine) {
                Some(name) => adopt(
                    store,
                    rec,
                    (
                        NoticeLevel::Warning,
                        format!("{CHANGED_ELSEWHERE} Những gì vừa gõ ở thẻ này được giữ trong bản nháp “{name}”."),
                    ),
                ),
                // No room for a copy: keep this tab's work on screen rather than lose it,
                // and never write it over the newer revision.
                None => dispatch(store, Action::StorageFailed),
            }
        }
    }
}

fn adopt(store: &StoreRef, rec: Record, notice: (NoticeLevel, String)) {
    let draft = Rc::new(rec.draft);
    {
        let mut s = store.borrow_mut();
        s.rev = rec.head.rev;
        s.saved = Some(draft.clone());
        s.pending = None;
        s.timer = None;
    }
    dispatch(store, Action::Sync { draft, notice: Some(notice) });
}

/// Store `draft` as a new draft next to the current one (what this tab had typed when
/// another tab changed the same draft). Returns its name, or `None` (and a warning) when
/// storage refused.
fn keep_copy(store: &StoreRef, draft: &Draft) -> Option<String> {
    let id = store.borrow().id.clone();
    let result = local().and_then(|ls| {
        let mut index = index(&ls);
        let base = index.get(&id).map(|e| e.name.clone()).unwrap_or_else(|| auto_name(draft));
        let names: Vec<&str> = index.drafts.iter().map(|e| e.name.as_str()).collect();
        let name = drafts::conflict_name(&base, &names);
        put_new(&ls, &mut index, draft, name.clone(), true).ok().map(|_| name)
    });
    if result.is_none() {
        notify(
            store,
            NoticeLevel::Error,
            "Bản nháp vừa được sửa ở một thẻ khác, nhưng trình duyệt không cho lưu bản của thẻ này. Hãy bấm “Lưu tệp” để giữ nội dung đang thấy.",
        );
    }
    result
}

/// A `storage` event (another tab wrote localStorage). `list_changed` is called when the
/// list of drafts may have changed.
pub fn on_storage_event(store: &StoreRef, e: &StorageEvent) {
    let Some(key) = e.key() else { return };
    let id = store.borrow().id.clone();
    if key != drafts::record_key(&id) || store.borrow().waiting.is_some() {
        return;
    }
    match e.new_value() {
        None => {
            {
                let mut s = store.borrow_mut();
                s.rev = 0;
                s.saved = None;
            }
            notify(
                store,
                NoticeLevel::Warning,
                "Bản nháp này vừa bị xóa ở một thẻ khác. Nội dung vẫn còn ở thẻ này; nếu sửa tiếp, bản nháp sẽ được lưu lại.",
            );
        }
        Some(v) => {
            let v = parse_json(&v);
            let Some(head) = v.as_ref().and_then(drafts::parse_head) else { return };
            if head.rev <= store.borrow().rev {
                return;
            }
            let Ok(rec) = drafts::parse_record(v) else { return };
            let unsaved = {
                let mut s = store.borrow_mut();
                s.timer = None;
                s.pending.take()
            };
            take_remote(store, rec, unsaved);
        }
    }
}

/// Is a storage event about the list (the index or any draft)?
pub fn is_list_event(e: &StorageEvent) -> bool {
    e.key().is_none_or(|k| k == INDEX_KEY || drafts::id_of_key(&k).is_some())
}

// ------------------------------------------------------------------ the drafts list

/// Every draft, most recently changed first. The index is checked against the records
/// first: two tabs writing it at the same moment can drop an entry (never a record).
pub fn list() -> Vec<Entry> {
    local().map(|ls| load_index(&ls).sorted()).unwrap_or_default()
}

/// The name the author gave the current draft, if any.
pub fn author_name(store: &StoreRef) -> Option<String> {
    let id = store.borrow().id.clone();
    index(&local()?).get(&id).filter(|e| e.named).map(|e| e.name.clone())
}

/// Open a draft of the list in this tab (after saving the current one).
pub fn open(store: &StoreRef, id: &str) -> Result<(), String> {
    flush(store);
    let ls = local().ok_or(REFUSED)?;
    let name = index(&ls).get(id).map(|e| e.name.clone()).unwrap_or_default();
    let rec = read_record(&ls, id)
        .map_err(|e| format!("Không mở được bản nháp “{name}”: {}", super::state::lower_first(&e.0)))?;
    let draft = Rc::new(rec.draft);
    store.borrow_mut().switch(id.to_string(), rec.head.rev, Some(draft.clone()));
    dispatch(store, Action::Replace { draft: (*draft).clone(), notice: Some(format!("Đã mở bản nháp “{name}”.")) });
    Ok(())
}

/// Start a new draft in this tab (new report, sample, opened file), keeping the current one
/// in the list. `name`: the author's name for it, if any.
pub fn start_new(store: &StoreRef, draft: Draft, name: Option<String>, notice: String) {
    flush(store);
    let enabled = store.borrow().enabled;
    let stored = local().filter(|_| enabled).and_then(|ls| {
        let mut index = index(&ls);
        let named = name.is_some();
        let name = name.unwrap_or_else(|| auto_name(&draft));
        put_new(&ls, &mut index, &draft, name, named).ok()
    });
    let saved = stored.is_some().then(|| Rc::new(draft.clone()));
    let id = stored.unwrap_or_else(|| drafts::new_id(now_ms(), random(), |_| false));
    store.borrow_mut().switch(id, saved.as_ref().map_or(0, |_| 1), saved);
    dispatch(store, Action::Replace { draft, notice: Some(notice) });
}

/// Rename a draft (the author's name from now on).
pub fn rename(id: &str, name: &str) -> Result<String, String> {
    let name = drafts::clean_name(name)?;
    let ls = local().ok_or(REFUSED)?;
    let mut index = index(&ls);
    let mut e = index.get(id).cloned().ok_or(GONE)?;
    e.name = name.clone();
    e.named = true;
    index.upsert(e);
    put_index(&ls, &index)?;
    Ok(name)
}

/// Copy a draft under a new name. Returns the copy's name.
pub fn duplicate(store: &StoreRef, id: &str) -> Result<String, String> {
    if store.borrow().id == id {
        flush(store);
    }
    let ls = local().ok_or(REFUSED)?;
    let mut index = index(&ls);
    let src = index.get(id).cloned().ok_or(GONE)?;
    let rec = read_record(&ls, id)
        .map_err(|e| format!("Không nhân bản được “{}”: {}", src.name, super::state::lower_first(&e.0)))?;
    let names: Vec<&str> = index.drafts.iter().map(|e| e.name.as_str()).collect();
    let name = drafts::copy_name(&src.name, &names);
    put_new(&ls, &mut index, &rec.draft, name.clone(), true)?;
    Ok(name)
}

/// Delete a draft. When it is the one open here, the most recent other draft opens (or a
/// new report starts).
pub fn delete(store: &StoreRef, id: &str) -> Result<(), String> {
    let ls = local().ok_or(REFUSED)?;
    let mut index = index(&ls);
    let name = index.get(id).map(|e| e.name.clone()).unwrap_or_default();
    let current = store.borrow().id == id;
    if current {
        let mut s = store.borrow_mut();
        s.pending = None;
        s.timer = None;
    }
    ls.remove_item(&drafts::record_key(id)).map_err(|_| REFUSED.to_string())?;
    index.remove(id);
    // An index that could not be written is repaired from the records on the next read.
    let _ = put_index(&ls, &index);
    if current {
        let next = index.most_recent(None).cloned();
        match next {
            Some(n) if open(store, &n.id).is_ok() => {
                notify(store, NoticeLevel::Info, format!("Đã xóa bản nháp “{name}”; đã mở bản nháp “{}”.", n.name));
            }
            _ => {
                let k = kinds::default_kind();
                let notice = format!("Đã xóa bản nháp “{name}”; đã bắt đầu một báo cáo mới.");
                start_new(store, blank_draft(k, current_year()), None, notice);
            }
        }
        return Ok(());
    }
    notify(store, NoticeLevel::Info, format!("Đã xóa bản nháp “{name}”."));
    Ok(())
}

/// Save the current step (restored at start-up); not while the draft waits for its kind.
pub fn save_step(store: &StoreRef, id: &str) {
    if store.borrow().waiting.is_some() {
        return;
    }
    if let Some(s) = local() {
        let _ = s.set_item(STEP_KEY, id);
    }
}

// ------------------------------------------------------------------ kind files

/// The texts of the kind files the author opened in this browser.
pub fn kind_texts() -> Vec<String> {
    let Some(ls) = local() else { return Vec::new() };
    let n = ls.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| ls.key(i).ok().flatten())
        .filter(|k| k.starts_with(KIND_PREFIX))
        .filter_map(|k| get(&ls, &k))
        .collect()
}

/// Keep a kind file's text beside the drafts (replacing the one of the same kind id).
pub fn keep_kind(id: &str, text: &str) -> Result<(), String> {
    let ls = local().ok_or(REFUSED)?;
    ls.set_item(&format!("{KIND_PREFIX}{id}"), text).map_err(|_| REFUSED.to_string())
}
