//! baocao — write a Vietnamese administrative report (báo cáo) and get an ND30 .docx.
//!
//! The core (everything but `ui`) is plain Rust with no web dependency: it compiles and tests
//! natively and is shared by the web app and the `baocao` command line. Its modules form
//! layers, each using only the layers below it (`tests/tidy.rs` holds the order):
//!
//! 1. `text`, `small_sort` — Vietnamese conventions, helpers;
//! 2. `model` — the draft;
//! 3. `kind`, `frame` — the kind vocabulary and the ND30 frame;
//! 4. `template`, `check`, `chain` — sentence templates, the rule engine and the library of
//!    checks, the report in its chain (next period, the previous one, summaries of units);
//! 5. `document` — the finished report;
//! 6. `render` — its .docx and text;
//! 7. `kinds` — the kinds this build knows, their rules and samples;
//! 8. `draft_io`, `schema`, `findings` — reading drafts, their JSON Schema, the findings
//!    arranged for the form.

pub mod chain;
pub mod check;
pub mod document;
pub mod draft_io;
pub mod findings;
pub mod frame;
pub mod kind;
pub mod kinds;
pub mod model;
pub mod render;
pub mod schema;
pub mod small_sort;
pub mod template;
pub mod text;

/// The Yew app. Its pure parts (`ui::state`, `ui::drafts`, `ui::sheet`) compile natively;
/// the views and effects are wasm32 only.
pub mod ui;
