//! baocao — write a Vietnamese administrative report (báo cáo) and get an ND30 .docx.
//!
//! The core (everything but `ui`, whose state module is pure too) is plain Rust with no web dependency: it compiles and tests
//! natively and is shared by the web app and the `baocao` command line.

pub mod check;
pub mod document;
pub mod draft_io;
pub mod kind;
pub mod model;
pub mod render;
pub mod schema;
pub mod small_sort;
pub mod template;
pub mod text;

/// The Yew app. Only `ui::state` (the pure state and reducer) compiles natively; the views
/// and effects are wasm32 only.
pub mod ui;
