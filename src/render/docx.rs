//! The .docx renderer (written by the DOCX task).
use crate::document::Document;

pub fn render(_doc: &Document) -> Vec<u8> {
    Vec::new()
}
