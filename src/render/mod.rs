//! Renderers of a [`crate::document::Document`] (and, for the figure tables, of the draft:
//! `xlsx`).

pub mod docx;
mod package;
pub mod plain;
mod wml;
pub mod xlsx;
mod xml;
