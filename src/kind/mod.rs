//! Report kinds as data. A kind declares, in one place, the steps of the guided form with
//! their fields, the figure tables, the document layout with its sentence templates, and the
//! consistency rules. Form, preview, DOCX and checks are generic over [`Kind`].
//!
//! Kinds are declared as constants (static slices and strings), so a build holds them as
//! data rather than as code that builds them at start-up.

use crate::model::Draft;

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
}

impl Axis {
    pub const fn new(id: &'static str, label: &'static str, word: &'static str) -> Self {
        Axis { id, label, word, text: false, optional: false }
    }
    pub const fn optional(id: &'static str, label: &'static str, word: &'static str) -> Self {
        Axis { id, label, word, text: false, optional: true }
    }
    pub const fn text(id: &'static str, label: &'static str) -> Self {
        Axis { id, label, word: "", text: true, optional: true }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FigureTable {
    pub rows: &'static [Axis],
    pub cols: &'static [Axis],
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

/// Heading levels inside the body (ND30: mục, khoản, điểm).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
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
    /// A heading; its text is a template (it may quote the period).
    Heading { level: Level, number: &'static str, text: &'static str, step: &'static str },
    /// One body paragraph from a sentence template.
    Sentence { template: &'static str, field: &'static str },
    /// Each item of a list field as a body paragraph.
    Paragraphs { path: &'static str },
    /// Each item of a list field as a `- ` bullet paragraph.
    Bullets { path: &'static str },
    /// Each item as a numbered paragraph `1. …`.
    Numbered { path: &'static str },
    /// A numbered clause whose number runs into its first paragraph (`6. Công tác …`).
    RunIn { number: &'static str, path: &'static str },
    /// One bullet per row of a figure table, from a template where `{.col}` is the row's
    /// cell and `{@word}` the row's word.
    RowBullets { table: &'static str, template: &'static str },
}

/// A report kind.
#[derive(Debug)]
pub struct Kind {
    pub id: &'static str,
    /// Name shown to the author.
    pub name: &'static str,
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
    /// A new, blank draft (with the kind's standing texts).
    pub blank: fn() -> Draft,
}

impl Kind {
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
                FieldType::Table(t) => {
                    let row = t.rows.iter().find(|r| r.id == a).map_or(a, |r| r.label);
                    let col = b.and_then(|b| t.cols.iter().find(|c| c.id == b)).map_or("", |c| c.label);
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
            .rows
            .iter()
            .any(|r| t.cols.iter().any(|c| !c.text && d.count(&format!("{}.{}.{}", f.path, r.id, c.id)).is_some())),
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
