//! A figure table in the form: a real table, one input per cell, in a container that
//! scrolls both ways, whose header (the merged rows of `document::header_cells`, then the MS
//! row) stays at the top and whose first column stays at the left (CSS `position: sticky`).
//!
//! A table with one row per reporting unit (`units: true`, e.g. Biểu 01/TCD's 29 columns) has
//! a row per unit (`<table>.units.<i>`, its name at `.unit`, "Xóa đơn vị …"), "Thêm đơn vị",
//! and the Tổng row (`<table>.total`); a fixed table has its rows. Every input is named by its
//! draft path and typed into like any other figure (`form::count_control`); in a unit table
//! its accessible name is the row and the column's whole header,
//! `UBND xã Hòa An: Tiếp thường xuyên – Số vụ việc – Tiếp lần đầu (cột 6)` (in a fixed table,
//! the kind's `label_of`). The arrow keys move between cells (left and right once the caret is
//! at the edge of the text); Tab keeps its order. A total cell (a column with `sum_of`, and
//! every cell of the Tổng row) has a small button "Tính từ các cột thành phần" that fills it
//! from its parts when pressed — never by itself. The findings about the table or its cells
//! are listed once under it, numbered; a cell shows the numbers of those naming it and is
//! described by them.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::checks;
use super::css_class;
use super::findings::message_id;
use super::form::{count_control, describedby, help_view, text_input, Ctx, Marks};
use super::state::{add_button_id, control_id, Action};
use crate::document::{header_cells, HeaderCell};
use crate::kind::{Axis, Field, FigureTable, UNITS, UNIT_NAME};
use crate::model::Draft;

/// The rows of a table's header: the merged cells, then the MS row (`ms`, its first cell
/// `MS`; left out when no column has a number). Shared with the preview's appendices.
pub fn head_rows(cells: &[HeaderCell], depth: usize, ms: &[String]) -> Html {
    html! {
        <>
            { for (0..depth).map(|r| html! {
                <tr>
                    { for cells.iter().filter(|h| h.row == r).map(|h| html! {
                        <th scope={if h.col_span > 1 { "colgroup" } else { "col" }} colspan={h.col_span.to_string()}
                            rowspan={h.row_span.to_string()}>{ h.text.clone() }</th>
                    }) }
                </tr>
            }) }
            if ms.iter().skip(1).any(|m| !m.is_empty()) {
                <tr class="ms">{ for ms.iter().map(|m| html! { <td>{ m.clone() }</td> }) }</tr>
            }
        </>
    }
}

/// The parts a total cell is computed from: the unit rows' cells for the Tổng row, else the
/// columns of the first group of its MS relation. Empty when the cell is no total.
fn parts(t: &FigureTable, units: &[(String, String)], row: &str, c: &Axis, total: bool) -> Vec<String> {
    if c.text {
        return Vec::new();
    }
    if total {
        return units.iter().map(|(r, _)| format!("{r}.{}", c.id)).collect();
    }
    let Some(group) = c.sum_of.first() else { return Vec::new() };
    group.iter().filter_map(|ms| t.col_by_ms(*ms)).map(|p| format!("{row}.{}", p.id)).collect()
}

/// The sum of the parts, when any of them has a figure (empty ones count 0, as in the checks
/// of the Tổng row).
fn sum_of(d: &Draft, parts: &[String]) -> Option<u64> {
    let figures: Vec<Option<u64>> = parts.iter().map(|p| d.count(p)).collect();
    figures.iter().any(Option::is_some).then(|| figures.iter().flatten().sum())
}

/// Arrow keys in the table: move to the neighbouring cell (left and right only from the edge
/// of the text, so the caret still moves inside a figure), selecting its content. `rows` are
/// the rows' paths, `units` how many of them are unit rows (whose column 0 is the name).
fn on_keydown(rows: Vec<String>, cols: &'static [Axis], units: usize) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        if e.alt_key() || e.ctrl_key() || e.meta_key() || e.shift_key() || e.is_composing() {
            return;
        }
        let (dr, dc): (isize, isize) = match e.key().as_str() {
            "ArrowUp" => (-1, 0),
            "ArrowDown" => (1, 0),
            "ArrowLeft" => (0, -1),
            "ArrowRight" => (0, 1),
            _ => return,
        };
        let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
        if dc != 0 {
            let len = input.value().encode_utf16().count() as u32;
            let start = input.selection_start().ok().flatten().unwrap_or(0);
            let end = input.selection_end().ok().flatten().unwrap_or(len);
            if (dc < 0 && start > 0) || (dc > 0 && end < len) {
                return;
            }
        }
        // Where the input is: (row, column), column 0 being a unit's name.
        let name = input.name();
        let Some((r, rest)) = rows
            .iter()
            .enumerate()
            .find_map(|(i, r)| name.strip_prefix(r.as_str()).and_then(|s| s.strip_prefix('.')).map(|s| (i, s)))
        else {
            return;
        };
        let Some(c) = (if rest == UNIT_NAME { Some(0) } else { cols.iter().position(|c| c.id == rest).map(|c| c + 1) })
        else {
            return;
        };
        let (Some(r), Some(c)) = (r.checked_add_signed(dr), c.checked_add_signed(dc)) else { return };
        let col = match c {
            0 if r < units => UNIT_NAME,
            0 => return,
            c => match cols.get(c - 1) {
                Some(col) => col.id,
                None => return,
            },
        };
        let Some(row) = rows.get(r) else { return };
        let el = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&control_id(&format!("{row}.{col}"))))
            .and_then(|el| el.dyn_into::<HtmlInputElement>().ok());
        if let Some(el) = el {
            e.prevent_default();
            let _ = el.focus();
            el.select();
        }
    })
}

/// A text input of the table (a unit's name, a note).
fn text_cell(ctx: &Ctx, path: &str, label: String, class: &str, m: &Marks) -> Html {
    html! {
        <input type="text" id={control_id(path)} name={path.to_string()} class={css_class(&[class, m.class().unwrap_or("")])}
            value={ctx.draft.text(path).to_string()} autocomplete="off" aria-label={label}
            aria-describedby={m.id.clone()} aria-invalid={m.invalid()} oninput={text_input(ctx, path)} />
    }
}

/// The rows of a table drawn last: each row's stamp and drawing.
type Drawn = Vec<(String, Html)>;

thread_local! {
    /// The rows drawn last of each table shown (its path).
    static ROWS: std::cell::RefCell<Vec<(String, Drawn)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The table of field `f`.
pub fn view(ctx: &Ctx, f: &Field, t: &FigureTable) -> Html {
    let (d, path) = (ctx.draft, f.path);
    let units_path = format!("{path}.{UNITS}");
    let rows: Vec<(String, String)> = t.row_paths(path, d);
    // Unit rows, then Tổng; or the fixed rows.
    let units = if t.units { rows.len() - 1 } else { 0 };
    let (help, help_ref) = help_view(f, path);
    let caption = format!("{}--caption", control_id(path));
    // The findings under the table, numbered; those about the whole table describe every cell.
    let listed = ctx.checks.under(path);
    let number = |i: &usize| listed.iter().position(|j| j == i);
    let msg_id = |n: usize| format!("{}-{}", message_id(path), n + 1);
    let whole: Vec<Option<String>> = ctx.checks.at(path).iter().filter_map(number).map(|n| Some(msg_id(n))).collect();
    let table_desc: Vec<Option<String>> = std::iter::once(help_ref).chain(whole.iter().cloned()).collect();
    let marks = |cpath: &str| -> (Marks, Vec<usize>) {
        let ix = ctx.checks.at(cpath);
        let nums: Vec<usize> = ix.iter().filter_map(number).collect();
        let ids: Vec<Option<String>> = nums.iter().map(|&n| Some(msg_id(n))).chain(whole.iter().cloned()).collect();
        let severity = ctx.checks.worst(ix);
        (Marks { html: html! {}, id: describedby(&ids), severity }, nums)
    };

    // The first column's header as in the appendix: Đơn vị, or Nội dung (the rows' labels).
    let (head, depth) = header_cells(if t.units { "Đơn vị" } else { "Nội dung" }, t.cols);
    let mut ms = vec!["MS".to_string()];
    ms.extend(t.cols.iter().map(|c| if c.ms > 0 { c.ms_text() } else { String::new() }));

    // A cell: what it shows (its value as typed, its findings, the sum of its parts when it
    // is a total), then, when that changed, the cell drawn.
    struct CellIn {
        cpath: String,
        m: Marks,
        nums: Vec<usize>,
        fill: Option<Option<u64>>,
    }
    let cell_in = |row: &str, c: &Axis, total: bool| -> CellIn {
        let cpath = format!("{row}.{}", c.id);
        let (m, nums) = marks(&cpath);
        let from = parts(t, &rows[..units], row, c, total);
        let fill = (!from.is_empty()).then(|| sum_of(d, &from));
        CellIn { cpath, m, nums, fill }
    };
    let cell = |name: &str, c: &Axis, x: &CellIn| -> Html {
        let cpath = &x.cpath;
        let label = if t.units {
            let n = if c.ms > 0 { format!(" (cột {})", c.ms) } else { String::new() };
            format!("{name}: {}{n}", c.header_path())
        } else {
            ctx.kind.label_of(cpath)
        };
        let m = &x.m;
        let input = if c.text {
            text_cell(ctx, cpath, label.clone(), "cell-text", m)
        } else {
            count_control(ctx, cpath, &control_id(cpath), Some(label.clone()), m.id.clone(), None, m)
        };
        let fill = x.fill.map(|sum| {
            let dispatch = ctx.dispatch.clone();
            let target = cpath.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                if let Some(s) = sum {
                    dispatch.emit(Action::SetCount { path: target.clone(), text: s.to_string() });
                }
            });
            html! {
                <button type="button" class="fill" aria-label={format!("Tính từ các cột thành phần: {label}")}
                    title="Tính từ các cột thành phần" disabled={sum.is_none()} {onclick}>{ "Σ" }</button>
            }
        });
        html! {
            <td class={css_class(&[m.class().unwrap_or(""), if fill.is_some() { "sum" } else { "" }])}>
                <div class="cell">{ input }{ for fill }{ checks::cell_flag(m.severity, &x.nums) }</div>
            </td>
        }
    };

    // Each row is drawn again only when what it shows changed (a table of 200 units has
    // thousands of inputs): `ROWS` keeps each row's stamp and drawing, and `Memo` skips it.
    let mut old = ROWS.with(|r| {
        let mut r = r.borrow_mut();
        r.iter().position(|(p, _)| p == path).map(|i| r.swap_remove(i).1).unwrap_or_default()
    });
    let mut kept = Vec::with_capacity(rows.len());
    let body: Vec<Html> = rows
        .iter()
        .enumerate()
        .map(|(i, (row, name))| {
            let total = t.units && i == units;
            let npath = format!("{row}.{UNIT_NAME}");
            let head_in = (i < units).then(|| marks(&npath));
            let cells: Vec<CellIn> = t.cols.iter().map(|c| cell_in(row, c, total)).collect();
            let mut stamp = String::new();
            let mut put = |v: &str| {
                stamp.push_str(v);
                stamp.push('\u{1}');
            };
            // A cell's findings: their ids, the worst severity, their numbers.
            let marked = |m: &Marks, nums: &[usize], put: &mut dyn FnMut(&str)| {
                put(m.id.as_deref().unwrap_or_default());
                put(m.severity.map_or("", |s| s.code()));
                nums.iter().for_each(|n| put(&n.to_string()));
            };
            for v in [row.as_str(), name.as_str(), &i.to_string(), &units.to_string(), &whole.len().to_string()] {
                put(v);
            }
            if let Some((m, nums)) = &head_in {
                put(d.text(&npath));
                marked(m, nums, &mut put);
            }
            for (c, x) in t.cols.iter().zip(&cells) {
                put(&if c.text { d.text(&x.cpath).to_string() } else { ctx.state.count_text(&x.cpath) });
                marked(&x.m, &x.nums, &mut put);
                put(&match x.fill {
                    None => String::new(),
                    Some(None) => "-".into(),
                    Some(Some(n)) => n.to_string(),
                });
            }
            let html = match old.get_mut(i) {
                Some((s, h)) if *s == stamp => std::mem::take(h),
                _ => {
                    let head = match &head_in {
                        Some((m, nums)) => {
                            let dispatch = ctx.dispatch.clone();
                            let list = units_path.clone();
                            let remove = Callback::from(move |_: MouseEvent| {
                                dispatch.emit(Action::RemoveItem { list: list.clone(), index: i })
                            });
                            html! {
                                <th scope="row" class={m.class()}>
                                    <div class="cell">
                                        { text_cell(ctx, &npath, format!("Tên đơn vị, dòng {}", i + 1), "unit-name", m) }
                                        <button type="button" class="btn small danger" aria-label={format!("Xóa đơn vị {name}")} onclick={remove}>{ "Xóa" }</button>
                                        { checks::cell_flag(m.severity, nums) }
                                    </div>
                                </th>
                            }
                        }
                        None => html! { <th scope="row">{ name.clone() }</th> },
                    };
                    html! {
                        <tr class={total.then_some("total")}>
                            { head }
                            { for t.cols.iter().zip(&cells).map(|(c, x)| cell(name, c, x)) }
                        </tr>
                    }
                }
            };
            kept.push((stamp.clone(), html.clone()));
            html! { <super::Memo key={row.clone()} {stamp} {html} /> }
        })
        .collect();
    ROWS.with(|r| r.borrow_mut().push((path.to_string(), kept)));

    let add = t.units.then(|| {
        let dispatch = ctx.dispatch.clone();
        let list = units_path.clone();
        let onclick = Callback::from(move |_: MouseEvent| dispatch.emit(Action::AddItem { list: list.clone() }));
        html! {
            <>
                <p class="hint">{ "Mũi tên: sang ô bên cạnh. Σ: tính ô tổng từ các cột thành phần." }</p>
                <button type="button" class="btn add" id={add_button_id(&units_path)} {onclick}>{ "Thêm đơn vị" }</button>
            </>
        }
    });
    let keys = on_keydown(rows.iter().map(|(r, _)| r.clone()).collect(), t.cols, units);
    html! {
        <div class="field t-table" data-field={path}>
            <p class={css_class(&["table-caption", if f.required { "required" } else { "" }])} id={caption.clone()}>{ f.label }</p>
            <div class="grid-wrap">
                <table class={if t.units { "grid units" } else { "grid" }} aria-labelledby={caption}
                    aria-describedby={describedby(&table_desc)} onkeydown={keys}>
                    <thead>{ head_rows(&head, depth, &ms) }</thead>
                    <tbody>{ for body }</tbody>
                </table>
            </div>
            { for add }
            { checks::numbered_messages(ctx.checks, &listed, msg_id) }
            { help }
        </div>
    }
}
