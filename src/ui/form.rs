//! The form of one step, generic over the kind's fields: every control is labelled and
//! named by the draft path of its value.

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::checks;
use super::css_class;
use super::findings::{message_id, Checked};
use super::state::{add_button_id, control_id, help_id, item_button_id, item_id, lower_first, Action, State};
use super::web;
use crate::check::Severity;
use crate::kind::{self, Field, FieldType, Kind, StepState};
use crate::model::Draft;

/// What the views of a step read.
pub struct Ctx<'a> {
    pub kind: &'static Kind,
    pub state: &'a State,
    pub draft: &'a Draft,
    pub dispatch: Callback<Action>,
    /// The findings of the draft, by the field they name.
    pub checks: &'a Checked,
}

/// The form of step `index`, with the previous/next buttons.
pub fn step_view(ctx: &Ctx, index: usize) -> Html {
    let kind = ctx.kind;
    let step = &kind.steps[index];
    let state = kind::step_state(step, ctx.draft);
    let total = kind.steps.len();
    let any_required = step.fields.iter().any(|f| f.required);
    let d = ctx.dispatch.clone();
    let prev = Callback::from(move |_: MouseEvent| d.emit(Action::Prev));
    let d = ctx.dispatch.clone();
    let next = Callback::from(move |_: MouseEvent| d.emit(Action::Next));
    html! {
        <section class="step" aria-labelledby="step-title">
            <div class="step-head">
                <p class="step-count">{ format!("Phần {}/{}", index + 1, total) }</p>
                <h2 id="step-title" tabindex="-1">{ step.title }</h2>
                <p class={css_class(&["step-state", state_class(state)])}>
                    <span class="mark" aria-hidden="true">{ state_mark(state) }</span>
                    { state.label() }
                </p>
            </div>
            if !step.intro.is_empty() {
                <p class="intro">{ step.intro }</p>
            }
            if any_required {
                <p class="req-note">
                    { "Các mục có dấu " }<span class="req" aria-hidden="true">{ "*" }</span>
                    <span class="sr-only">{ "sao" }</span>
                    { " cần nhập để phần này được tính là đã xong." }
                </p>
            }
            <div class="fields" key={step.id}>
                { for step.fields.iter().map(|f| field_view(ctx, f, f.path, "")) }
            </div>
            <div class="step-buttons">
                <button type="button" class="btn" disabled={index == 0} onclick={prev}>{ "← Phần trước" }</button>
                <button type="button" class="btn primary" disabled={index + 1 >= total} onclick={next}>{ "Phần tiếp →" }</button>
            </div>
        </section>
    }
}

pub fn state_class(s: StepState) -> &'static str {
    match s {
        StepState::Empty => "st-empty",
        StepState::InProgress => "st-progress",
        StepState::Complete => "st-done",
    }
}

pub fn state_mark(s: StepState) -> &'static str {
    match s {
        StepState::Empty => "○",
        StepState::InProgress => "◐",
        StepState::Complete => "✓",
    }
}

/// The class of a required field's label: CSS draws the `*` (kept out of the label's text,
/// so the accessible name is exactly the field's label; `aria-required` tells it instead).
fn req_class(required: bool) -> Option<&'static str> {
    required.then_some("required")
}

/// A label's hidden prefix, so that repeated labels ("Số, ký hiệu") stay distinct when read
/// out of context: the accessible name is the core's `Kind::label_of(path)`.
fn sr_prefix(prefix: &str) -> Html {
    if prefix.is_empty() {
        html! {}
    } else {
        html! { <span class="sr-only">{ prefix }</span> }
    }
}

pub(super) fn describedby(ids: &[Option<String>]) -> Option<String> {
    let v: Vec<&str> = ids.iter().flatten().map(String::as_str).collect();
    (!v.is_empty()).then(|| v.join(" "))
}

/// The findings shown at one anchor path: one message element listing them.
pub(super) struct Marks {
    pub html: Html,
    /// The message element's id, for `aria-describedby`.
    pub id: Option<String>,
    pub severity: Option<Severity>,
}

impl Marks {
    /// `aria-invalid` of the control: errors only.
    pub fn invalid(&self) -> Option<&'static str> {
        (self.severity == Some(Severity::Error)).then_some("true")
    }

    /// The class marking a control that has findings (warnings have no `aria-invalid`).
    pub fn class(&self) -> Option<&'static str> {
        checks::marked_class(self.severity)
    }
}

fn marks(ctx: &Ctx, anchor: &str) -> Marks {
    let ix = ctx.checks.at(anchor);
    if ix.is_empty() {
        return Marks { html: html! {}, id: None, severity: None };
    }
    let id = message_id(anchor);
    Marks { html: checks::messages(ctx.checks, ix, &id), id: Some(id), severity: ctx.checks.worst(ix) }
}

pub(super) fn help_view(f: &Field, path: &str) -> (Html, Option<String>) {
    if f.help.is_empty() {
        return (html! {}, None);
    }
    let id = help_id(path);
    (html! { <p class="help" id={id.clone()}>{ f.help }</p> }, Some(id))
}

/// Any field at `path` (a record's column has `path` = `list.i.col`).
fn field_view(ctx: &Ctx, f: &Field, path: &str, prefix: &str) -> Html {
    match &f.ty {
        FieldType::Items => list_view(ctx, f, path, prefix, false),
        FieldType::Paragraphs => list_view(ctx, f, path, prefix, true),
        FieldType::Table(t) => super::grid::view(ctx, f, t),
        FieldType::Records(cols) => records_view(ctx, f, cols, path, prefix),
        _ => scalar_view(ctx, f, path, prefix),
    }
}

pub(super) fn text_input(ctx: &Ctx, path: &str) -> Callback<InputEvent> {
    text_changed(ctx, path, false)
}

fn textarea_input(ctx: &Ctx, path: &str) -> Callback<InputEvent> {
    text_changed(ctx, path, true)
}

/// Cleaned text into the draft; a textarea also grows with its content.
fn text_changed(ctx: &Ctx, path: &str, grow: bool) -> Callback<InputEvent> {
    let d = ctx.dispatch.clone();
    let path = path.to_string();
    Callback::from(move |e: InputEvent| {
        if grow {
            web::autosize(&e.target_unchecked_into::<HtmlTextAreaElement>());
        }
        if let Some(v) = web::clean_value(&e) {
            d.emit(Action::SetText { path: path.clone(), value: v });
        }
    })
}

fn count_input(ctx: &Ctx, path: &str) -> Callback<InputEvent> {
    let d = ctx.dispatch.clone();
    let path = path.to_string();
    Callback::from(move |e: InputEvent| {
        let v = e.target_unchecked_into::<HtmlInputElement>().value();
        d.emit(Action::SetCount { path: path.clone(), text: v });
    })
}

/// A figure's input.
pub(super) fn count_control(
    ctx: &Ctx,
    path: &str,
    id: &str,
    label: Option<String>,
    described_by: Option<String>,
    req: Option<&'static str>,
    m: &Marks,
) -> Html {
    html! {
        <input type="text" inputmode="numeric" id={id.to_string()} name={path.to_string()} class={css_class(&["count", m.class().unwrap_or("")])}
            value={ctx.state.count_text(path)} autocomplete="off" aria-label={label}
            aria-invalid={m.invalid()} aria-describedby={described_by} aria-required={req}
            oninput={count_input(ctx, path)} />
    }
}

/// The control of a one-value field (Line, Text, Count, Date, Choice), without its label;
/// `m` are the findings shown at it.
fn control(ctx: &Ctx, f: &Field, path: &str, id: &str, label: Option<String>, help: Option<String>, m: &Marks) -> Html {
    let draft = ctx.draft;
    let req = f.required.then_some("true");
    let help = describedby(&[help, m.id.clone()]);
    let (invalid, cls) = (m.invalid(), m.class());
    match &f.ty {
        FieldType::Line => html! {
            <input type="text" id={id.to_string()} name={path.to_string()} class={cls} value={draft.text(path).to_string()}
                autocomplete="off" aria-label={label} aria-describedby={help} aria-required={req} aria-invalid={invalid}
                oninput={text_input(ctx, path)} />
        },
        FieldType::Text => html! {
            <textarea id={id.to_string()} name={path.to_string()} class={css_class(&["grow", cls.unwrap_or("")])} rows="2" value={draft.text(path).to_string()}
                aria-label={label} aria-describedby={help} aria-required={req} aria-invalid={invalid}
                oninput={textarea_input(ctx, path)} />
        },
        FieldType::Count => count_control(ctx, path, id, label, help, req, m),
        FieldType::Date => html! {
            <input type="date" id={id.to_string()} name={path.to_string()} class={cls} value={draft.text(path).to_string()}
                aria-label={label} aria-describedby={help} aria-required={req} aria-invalid={invalid}
                oninput={text_input(ctx, path)} />
        },
        FieldType::Choice(options) => {
            let cur = draft.text(path);
            let known = draft.get(path).is_some() && options.iter().any(|(v, _)| *v == cur);
            let d = ctx.dispatch.clone();
            let p = path.to_string();
            let onchange = Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                d.emit(Action::SetText { path: p.clone(), value: v });
            });
            html! {
                <select id={id.to_string()} name={path.to_string()} class={cls} aria-label={label} aria-describedby={help}
                    aria-required={req} aria-invalid={invalid} {onchange}>
                    if !known {
                        <option value="" selected=true disabled=true>{ "— Chọn —" }</option>
                    }
                    { for options.iter().map(|(v, l)| html! {
                        <option value={*v} selected={known && *v == cur}>{ *l }</option>
                    }) }
                </select>
            }
        }
        // Lists inside a one-value slot do not occur; show them as text.
        _ => html! {
            <input type="text" id={id.to_string()} name={path.to_string()} class={cls} value={draft.text(path).to_string()}
                aria-label={label} aria-describedby={help} aria-invalid={invalid} oninput={text_input(ctx, path)} />
        },
    }
}

fn scalar_view(ctx: &Ctx, f: &Field, path: &str, prefix: &str) -> Html {
    let id = control_id(path);
    let (help, help_ref) = help_view(f, path);
    let m = marks(ctx, path);
    html! {
        <div class={format!("field t-{}", type_class(&f.ty))} data-field={path.to_string()}>
            <label for={id.clone()} class={req_class(f.required)}>{ sr_prefix(prefix) }{ f.label }</label>
            { control(ctx, f, path, &id, None, help_ref, &m) }
            { m.html.clone() }
            { keep_button(ctx, path, f.label) }
            { help }
            { material_view(ctx, path, f.label) }
        </div>
    }
}

/// "Giữ nguyên": while a text kept from the previous report is as it was there (the finding
/// `carry_over.texts` at it), confirm it: it leaves `previous.texts`, and the finding goes.
fn keep_button(ctx: &Ctx, path: &str, label: &str) -> Html {
    let kept = ctx.checks.at(path).iter().any(|&i| ctx.checks.findings[i].rule == "carry_over.texts");
    let list = format!("{}.texts", crate::frame::path::PREVIOUS);
    let Some(index) = ctx.draft.list(&list).iter().position(|p| *p == path).filter(|_| kept) else {
        return html! {};
    };
    let (d, at) = (ctx.dispatch.clone(), path.to_string());
    let onclick = Callback::from(move |_: MouseEvent| {
        d.emit(Action::RemoveItem { list: list.clone(), index });
        d.emit(Action::JumpTo(at.clone()));
    });
    let name = format!("Giữ nguyên nội dung kỳ trước: {label}");
    html! { <button type="button" class="btn small keep" aria-label={name} {onclick}>{ "Giữ nguyên" }</button> }
}

/// A summary's units' texts for the field at `path` (`state::material_for`): a button that
/// shows them, and, shown, each unit's text with "Thêm vào báo cáo". Material to write
/// from: nothing of it is in the report until the author adds it.
fn material_view(ctx: &Ctx, path: &str, label: &str) -> Html {
    let items = super::state::material_for(ctx.draft, path);
    if items.is_empty() {
        return html! {};
    }
    let open = ctx.state.material.as_deref() == Some(path);
    let list_id = format!("{}--units", control_id(path));
    let (d, at) = (ctx.dispatch.clone(), path.to_string());
    let toggle = Callback::from(move |_: MouseEvent| d.emit(Action::ToggleMaterial(at.clone())));
    let add = |i: usize| {
        let (d, kind, draft) = (ctx.dispatch.clone(), ctx.kind, ctx.state.draft.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(a) = super::state::take_material(kind, &draft, i) {
                d.emit(a);
            }
        })
    };
    html! {
        <div class="material">
            <button type="button" class="btn small" aria-expanded={if open { "true" } else { "false" }} aria-controls={list_id.clone()} onclick={toggle}>
                { format!("Nội dung báo cáo của các đơn vị ({})", items.len()) }
            </button>
            if open {
                <ul class="material-list" id={list_id} aria-label={format!("Nội dung của các đơn vị cho “{label}”")}>
                    { for items.iter().map(|&(i, unit, text)| html! {
                        <li>
                            <p><strong>{ format!("{unit}: ") }</strong>{ text.to_string() }</p>
                            <button type="button" class="btn small" aria-label={format!("Thêm vào báo cáo nội dung của {unit}")} onclick={add(i)}>
                                { "Thêm vào báo cáo" }
                            </button>
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}

fn type_class(t: &FieldType) -> &'static str {
    match t {
        FieldType::Line => "line",
        FieldType::Text => "text",
        FieldType::Paragraphs => "paragraphs",
        FieldType::Items => "items",
        FieldType::Count => "count",
        FieldType::Date => "date",
        FieldType::Choice(_) => "choice",
        FieldType::Table(_) => "table",
        FieldType::Records(_) => "records",
    }
}

/// Lên / Xuống / Xóa for item `i` of `n` (`n` = 0: the placeholder item of an empty list).
fn item_buttons(ctx: &Ctx, list: &str, i: usize, n: usize, noun: &str) -> Html {
    let num = i + 1;
    let mk = |action: Action| {
        let d = ctx.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(action.clone()))
    };
    let up = mk(Action::MoveItem { list: list.to_string(), from: i, to: i.wrapping_sub(1) });
    let down = mk(Action::MoveItem { list: list.to_string(), from: i, to: i + 1 });
    let del = mk(Action::RemoveItem { list: list.to_string(), index: i });
    html! {
        <div class="item-buttons">
            <button type="button" class="btn small" id={item_button_id(list, i, "up")}
                aria-label={format!("Đưa {noun} {num} lên")} disabled={i == 0 || i >= n} onclick={up}>{ "Lên" }</button>
            <button type="button" class="btn small" id={item_button_id(list, i, "down")}
                aria-label={format!("Đưa {noun} {num} xuống")} disabled={i + 1 >= n} onclick={down}>{ "Xuống" }</button>
            <button type="button" class="btn small danger" id={item_button_id(list, i, "del")}
                aria-label={format!("Xóa {noun} {num}")} disabled={i >= n} onclick={del}>{ "Xóa" }</button>
        </div>
    }
}

/// Items (short lines, bullets) and Paragraphs: an ordered list of growing text boxes.
/// Enter in a box starts a new item after it.
pub fn list_view(ctx: &Ctx, f: &Field, path: &str, prefix: &str, paragraphs: bool) -> Html {
    let items = ctx.draft.list(path);
    let n = items.len();
    let shown: Vec<&str> = if n == 0 { vec![""] } else { items };
    let noun = if paragraphs { "đoạn" } else { "mục" };
    let (help, help_ref) = help_view(f, path);
    let hint_id = format!("{}--hint", control_id(path));
    // Findings about the whole list: at the group, and told with each item.
    let group = marks(ctx, path);
    let add = add_item(ctx, path);
    html! {
        <fieldset class={if paragraphs { "field list t-paragraphs" } else { "field list t-items" }}
            data-field={path.to_string()} aria-describedby={describedby(&[help_ref.clone(), group.id.clone()])}>
            <legend class={req_class(f.required)}>{ sr_prefix(prefix) }{ f.label }</legend>
            { help }
            { group.html.clone() }
            { keep_button(ctx, path, f.label) }
            <ol class="items">
                { for shown.iter().enumerate().map(|(i, text)| {
                    let ipath = format!("{path}.{i}");
                    let id = control_id(&ipath);
                    let m = marks(ctx, &ipath);
                    let d = ctx.dispatch.clone();
                    let list = path.to_string();
                    let onkeydown = Callback::from(move |e: KeyboardEvent| {
                        if e.key() == "Enter" && !e.shift_key() && !e.alt_key() && !e.ctrl_key() && !e.meta_key()
                            && !e.is_composing() && e.key_code() != 229
                        {
                            e.prevent_default();
                            d.emit(Action::InsertItem { list: list.clone(), at: i + 1 });
                        }
                    });
                    html! {
                        <li class="item" key={i}>
                            <label for={id.clone()} class="item-label">
                                <span class="sr-only">{ format!("{}{} — ", prefix, f.label) }</span>
                                <span class="cap">{ format!("{noun} {}", i + 1) }</span>
                            </label>
                            <textarea id={id} name={ipath.clone()}
                                class={css_class(&["grow", if paragraphs { "para" } else { "line" }, m.class().unwrap_or("")])}
                                rows={if paragraphs { "3" } else { "1" }} value={text.to_string()}
                                aria-describedby={describedby(&[m.id.clone(), group.id.clone(), Some(hint_id.clone())])}
                                aria-invalid={m.invalid()}
                                oninput={textarea_input(ctx, &ipath)} {onkeydown} />
                            if m.id.is_some() {
                                <div class="item-msgs">{ m.html.clone() }</div>
                            }
                            { item_buttons(ctx, path, i, n, noun) }
                        </li>
                    }
                }) }
            </ol>
            <p class="hint" id={hint_id.clone()}>{ format!("Enter: thêm {noun} mới ngay sau.") }</p>
            <button type="button" class="btn add" id={add_button_id(path)} onclick={add}>
                { if paragraphs { "Thêm đoạn" } else { "Thêm mục" } }
            </button>
            { material_view(ctx, path, f.label) }
        </fieldset>
    }
}

/// "Thêm …": append an item to the list (or record list) at `path`.
fn add_item(ctx: &Ctx, path: &str) -> Callback<MouseEvent> {
    let d = ctx.dispatch.clone();
    let list = path.to_string();
    Callback::from(move |_: MouseEvent| d.emit(Action::AddItem { list: list.clone() }))
}

/// A list of records: one fieldset per record ("Văn bản thực hiện 1") with its columns.
fn records_view(ctx: &Ctx, f: &Field, cols: &[Field], path: &str, prefix: &str) -> Html {
    let n = ctx.draft.len(path);
    let noun = lower_first(f.label);
    let (help, help_ref) = help_view(f, path);
    let group = marks(ctx, path);
    let add = add_item(ctx, path);
    html! {
        <fieldset class="field t-records" data-field={path.to_string()}
            aria-describedby={describedby(&[help_ref, group.id.clone()])}>
            <legend class={req_class(f.required)}>{ sr_prefix(prefix) }{ f.label }</legend>
            { help }
            { group.html.clone() }
            if n == 0 {
                <p class="empty">{ "Chưa có mục nào." }</p>
            }
            { for (0..n).map(|i| {
                let rname = format!("{} {}", f.label, i + 1);
                let rprefix = format!("{prefix}{rname} — ");
                let m = marks(ctx, &format!("{path}.{i}"));
                html! {
                    <fieldset class={css_class(&["record", m.class().unwrap_or("")])} key={i} id={item_id(path, i)} aria-describedby={m.id.clone()}>
                        <legend>{ sr_prefix(prefix) }{ rname.clone() }</legend>
                        { m.html.clone() }
                        { for cols.iter().map(|c| field_view(ctx, c, &format!("{path}.{i}.{}", c.path), &rprefix)) }
                        { item_buttons(ctx, path, i, n, &noun) }
                    </fieldset>
                }
            }) }
            <button type="button" class="btn add" id={add_button_id(path)} onclick={add}>
                { format!("Thêm {noun}") }
            </button>
        </fieldset>
    }
}
