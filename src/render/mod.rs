//! Renderers of a [`crate::document::Document`].

pub mod docx;
mod package;
pub mod plain;
mod wml;
mod xml;
