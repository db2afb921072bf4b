//! baocao — write a Vietnamese administrative report (báo cáo) and get an ND30 .docx.
//!
//! The core (everything but `ui`) is plain Rust with no web dependency: it compiles and tests
//! natively and is shared by the web app and the `baocao` command line.

pub mod check;
pub mod document;
pub mod draft_io;
pub mod kind;
pub mod model;
pub mod render;
pub mod schema;
pub mod template;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod ui;
