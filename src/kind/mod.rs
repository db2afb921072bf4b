//! Report kinds as data. A kind declares, in one place, the steps of the guided form with
//! their fields, the figure tables, the document layout with its sentence templates, and the
//! consistency rules. Form, preview, DOCX and checks are generic over [`Kind`].
//!
//! A kind is a data file (`kinds/*.json`, format in `docs/kind-format.md`), read by
//! [`file::read`] into these types. Its strings and slices are `'static`: a kind is read once
//! and lives as long as the page or the command, so the rest of the core borrows it freely.

use crate::model::Draft;

pub mod file;
pub mod locate;

// The periods are the ND30 frame's; the kind vocabulary names them too.
pub use crate::frame::{Period, PeriodType, PERIOD_TYPES};

/// What kind of value a field holds, and so which control edits it.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldType {
    /// One line of text.
    Line,
    /// One paragraph of text (a growing textarea).
    Text,
    /// A list of paragraphs (each a textarea; add, remove, move).
    Paragraphs,
    /// A list of short items: bullets, recipients, title lines (add, remove, move).
    Items,
    /// A whole number ≥ 0 (a figure).
    Count,
    /// A calendar date, stored ISO `YYYY-MM-DD`.
    Date,
    /// One of fixed options: (stored value, Vietnamese label).
    Choice(&'static [(&'static str, &'static str)]),
    /// A table of figures: cells at `path.<row>.<column>`.
    Table(FigureTable),
    /// A list of records with the given columns (e.g. cited documents), at `path.<i>.<column>`.
    Records(&'static [Field]),
}

/// One input of the form. `path` is its place in the draft JSON and the control's `name`.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub path: &'static str,
    pub label: &'static str,
    pub ty: FieldType,
    /// Must be filled for the step to be complete (and for the checks).
    pub required: bool,
    /// A short hint under the control.
    pub help: &'static str,
}

impl Field {
    pub const fn new(path: &'static str, label: &'static str, ty: FieldType) -> Self {
        Field { path, label, ty, required: false, help: "" }
    }
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub const fn help(mut self, help: &'static str) -> Self {
        self.help = help;
        self
    }
}

/// A row or column of a figure table.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub id: &'static str,
    pub label: &'static str,
    /// The word used in sentences and messages (row: `khiếu nại`; column: unit `lượt`).
    pub word: &'static str,
    /// Text column (e.g. a note) instead of a figure.
    pub text: bool,
    /// A figure column that may stay empty in a row that has other figures.
    pub optional: bool,
    /// The column's number in the form's "MS" row (0: none).
    pub ms: u32,
    /// The merged headers above the column, outermost first (`Tiếp thường xuyên`, `Số vụ việc`).
    pub groups: &'static [&'static str],
    /// The MS relation of a total column: each group of MS numbers sums to this column
    /// (`9 = 11+12+13 = 14+15+16+17 = 18+22` is three groups).
    pub sum_of: &'static [&'static [u32]],
}

impl Axis {
    /// The column's full header, outermost first: `Tiếp thường xuyên – Số vụ việc – Tiếp lần đầu`.
    pub fn header_path(&self) -> String {
        let mut s = String::new();
        for g in self.groups {
            s.push_str(g);
            s.push_str(" – ");
        }
        s.push_str(self.label);
        s
    }

    /// The MS row's cell: `1=4+13+22`, `9=11+12+13=14+15+16+17=18+22`, or the bare number.
    pub fn ms_text(&self) -> String {
        let mut s = self.ms.to_string();
        for group in self.sum_of {
            s.push('=');
            let terms: Vec<String> = group.iter().map(u32::to_string).collect();
            s.push_str(&terms.join("+"));
        }
        s
    }
}

/// The row id of the Tổng row of a table with one row per unit.
pub const TOTAL_ROW: &str = "total";
/// Where the rows of a table with one row per unit live: `path.units.<i>.<col>`.
pub const UNITS: &str = "units";
/// The column of a unit row that holds the unit's name (Đơn vị).
pub const UNIT_NAME: &str = "unit";

#[derive(Clone, Debug, PartialEq)]
pub struct FigureTable {
    /// Fixed rows; empty for a table with one row per unit.
    pub rows: &'static [Axis],
    /// The figure columns, in order (leaves of the header tree).
    pub cols: &'static [Axis],
    /// One row per reporting unit (`path.units.<i>`), plus a Tổng row (`path.total`).
    pub units: bool,
    /// The form's code and title, for the appendix (`Biểu 01/TCD`, `Tổng hợp kết quả …`).
    pub form: &'static str,
    pub title: &'static str,
}

impl FigureTable {
    pub fn col(&self, id: &str) -> Option<&Axis> {
        self.cols.iter().find(|c| c.id == id)
    }

    pub fn col_by_ms(&self, ms: u32) -> Option<&Axis> {
        self.cols.iter().find(|c| c.ms == ms && ms > 0)
    }

    /// The row paths of the table at `path` in the draft, with each row's name: the fixed
    /// rows, or each unit row then the Tổng row.
    pub fn row_paths(&self, path: &str, d: &Draft) -> Vec<(String, String)> {
        if self.units {
            let units = format!("{path}.{UNITS}");
            let mut out: Vec<(String, String)> = (0..d.len(&units))
                .map(|i| {
                    let name = d.text(&format!("{units}.{i}.{UNIT_NAME}")).trim().to_string();
                    let name = if name.is_empty() { format!("Đơn vị {}", i + 1) } else { name };
                    (format!("{units}.{i}"), name)
                })
                .collect();
            out.push((format!("{path}.{TOTAL_ROW}"), "Tổng".to_string()));
            out
        } else {
            self.rows.iter().map(|r| (format!("{path}.{}", r.id), r.label.to_string())).collect()
        }
    }
}

/// One step of the guided form.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub id: &'static str,
    /// Short name in the step list, e.g. `II.4.a Tiếp công dân`.
    pub title: &'static str,
    /// What the step is about, shown at its top.
    pub intro: &'static str,
    pub fields: &'static [Field],
}

/// Heading levels inside the body (ND30: mục, khoản, điểm), outermost first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Level {
    /// `I. CÔNG TÁC …` — bold capitals.
    Section,
    /// `1. Công tác …` — bold.
    Clause,
    /// `a) Về …` — italic.
    Point,
}

/// The document body, as a sequence of blocks that read the draft.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading; its text is a template (it may quote the period). `id` names it in the
    /// draft's outline edits (`II.4.a`); an `optional` section the author may leave out.
    Heading {
        id: &'static str,
        level: Level,
        number: &'static str,
        text: &'static str,
        step: &'static str,
        optional: bool,
    },
    /// One body paragraph from a sentence template.
    Sentence { template: &'static str, field: &'static str },
    /// Each item of a list field as a body paragraph.
    Paragraphs { path: &'static str },
    /// Each item of a list field as a `- ` bullet paragraph.
    Bullets { path: &'static str },
    /// Each item as a numbered paragraph `1. …`.
    Numbered { path: &'static str },
    /// A figure table, printed as an appendix (Phụ lục) on landscape pages after the
    /// signature, and referred to where it stands.
    Table { path: &'static str },
    /// A numbered clause whose number runs into its first paragraph (`6. Công tác …`).
    RunIn { number: &'static str, path: &'static str },
    /// One bullet per row of a figure table, from a template where `{.col}` is the row's
    /// cell and `{@word}` the row's word; a row whose figures are all 0 prints `none` instead
    /// (`Không có đơn {@word} thuộc thẩm quyền.`), when the kind gives it.
    RowBullets { table: &'static str, template: &'static str, none: &'static str },
}

/// A report kind.
#[derive(Debug)]
pub struct Kind {
    pub id: &'static str,
    /// Name shown to the author.
    pub name: &'static str,
    /// The legal basis (căn cứ) the kind follows, one document a line.
    pub basis: &'static [&'static str],
    /// The periods the kind allows, as choices of `period.type`.
    pub periods: &'static [(&'static str, &'static str)],
    /// Document type printed as the title (`BÁO CÁO`) and its abbreviation (`BC`).
    pub doc_type: &'static str,
    pub doc_abbr: &'static str,
    /// Subject words for the file name (`dan-van`).
    pub file_subject: &'static str,
    pub steps: &'static [Step],
    /// Trích yếu when the author leaves the title blank.
    pub title_template: &'static str,
    /// Closing sentence when the author leaves it blank.
    pub closing_template: &'static str,
    pub body: &'static [Block],
    /// The fields of a new, blank draft (the kind's standing texts).
    pub blank: serde_json::Map<String, serde_json::Value>,
    /// The next period's report starts with these figures taken from this one: (from, to),
    /// e.g. `cases.complaints.in_progress` → `cases.complaints.carried` (kỳ trước chuyển sang).
    pub carry_over: &'static [(&'static str, &'static str)],
    /// The tables and figures a summary of units' reports adds up.
    pub aggregate: &'static [&'static str],
}

impl Kind {
    /// A new, blank draft (with the kind's standing texts).
    pub fn blank(&self) -> Draft {
        let mut d = Draft::new(self.id);
        d.fields = self.blank.clone();
        d
    }

    /// Every figure table of the kind with its path.
    pub fn tables(&self) -> impl Iterator<Item = (&'static str, &FigureTable)> {
        self.fields().filter_map(|(_, f)| match &f.ty {
            FieldType::Table(t) => Some((f.path, t)),
            _ => None,
        })
    }

    pub fn table(&self, path: &str) -> Option<&FigureTable> {
        self.tables().find(|(p, _)| *p == path).map(|(_, t)| t)
    }

    /// Every field of the kind, in form order.
    pub fn fields(&self) -> impl Iterator<Item = (&Step, &Field)> {
        self.steps.iter().flat_map(|s| s.fields.iter().map(move |f| (s, f)))
    }

    pub fn field(&self, path: &str) -> Option<&Field> {
        self.fields().map(|(_, f)| f).find(|f| f.path == path)
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// The step that holds the field at `path` (also for table cells, list items and records).
    pub fn step_of(&self, path: &str) -> Option<&Step> {
        self.fields().find(|(_, f)| path == f.path || path.starts_with(&format!("{}.", f.path))).map(|(s, _)| s)
    }

    /// A human label for any path (field, table cell, list item, record column).
    pub fn label_of(&self, path: &str) -> String {
        for (_, f) in self.fields() {
            if path == f.path {
                return f.label.to_string();
            }
            let Some(rest) = path.strip_prefix(&format!("{}.", f.path)) else { continue };
            let mut parts = rest.split('.');
            let (a, b) = (parts.next().unwrap_or(""), parts.next());
            return match &f.ty {
                FieldType::Table(t) if t.units && a == UNITS => {
                    let i = b.and_then(|b| b.parse::<usize>().ok()).unwrap_or(0);
                    let col = parts.next().and_then(|c| t.col(c)).map_or(String::new(), Axis::header_path);
                    format!("{} — đơn vị {}, {col}", f.label, i + 1)
                }
                FieldType::Table(t) => {
                    let row = t
                        .rows
                        .iter()
                        .find(|r| r.id == a)
                        .map_or(if a == TOTAL_ROW { "Tổng" } else { a }, |r| r.label);
                    let col = b.and_then(|b| t.col(b)).map_or(String::new(), |c| {
                        if c.groups.is_empty() {
                            c.label.to_string()
                        } else {
                            c.header_path()
                        }
                    });
                    format!("{} — {row}, {col}", f.label)
                }
                FieldType::Records(cols) => {
                    let n = a.parse::<usize>().map_or(0, |i| i + 1);
                    let col = b.and_then(|b| cols.iter().find(|c| c.path == b)).map_or("", |c| c.label);
                    format!("{} {n} — {col}", f.label)
                }
                _ => format!("{} — mục {}", f.label, a.parse::<usize>().map_or(0, |i| i + 1)),
            };
        }
        path.to_string()
    }
}

/// How far the author has got with a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum StepState {
    /// trống
    Empty,
    /// đang soạn
    InProgress,
    /// đã xong
    Complete,
}

impl StepState {
    pub fn label(self) -> &'static str {
        match self {
            StepState::Empty => "Chưa nhập",
            StepState::InProgress => "Đang soạn",
            StepState::Complete => "Đã xong",
        }
    }
}

/// Empty when no field of the step has a value; complete when every required field has one.
pub fn step_state(step: &Step, d: &Draft) -> StepState {
    let filled = |f: &Field| match &f.ty {
        FieldType::Table(t) => t
            .row_paths(f.path, d)
            .iter()
            .any(|(r, _)| t.cols.iter().any(|c| !c.text && d.count(&format!("{r}.{}", c.id)).is_some())),
        FieldType::Count => d.count(f.path).is_some(),
        _ => !d.is_empty(f.path),
    };
    let any = step.fields.iter().any(filled);
    let all_required = step.fields.iter().filter(|f| f.required).all(filled);
    match (any, all_required) {
        (false, _) => StepState::Empty,
        (true, true) => StepState::Complete,
        (true, false) => StepState::InProgress,
    }
}
