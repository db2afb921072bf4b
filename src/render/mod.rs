//! Renderers of a [`crate::document::Document`].

pub mod docx;
pub mod plain;
