//! An Open Packaging Conventions package (ECMA-376 Part 2) as a zip: parts, the
//! relationships between them, and `[Content_Types].xml`, all derived from one list so that
//! every relationship resolves to a part that exists, relationship ids are unique per source,
//! and every part has a content type.
//!
//! Bytes are deterministic: entries in the order added (content types and package
//! relationships first), each deflated, all dated 1980-01-01 00:00 (the zip epoch).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::xml::Xml;

pub const NS_CONTENT_TYPES: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
pub const NS_RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// A part name without the leading `/`, e.g. `word/document.xml`.
pub type PartName = &'static str;

struct Part {
    name: PartName,
    content_type: &'static str,
    data: Vec<u8>,
}

struct Rel {
    id: String,
    ty: &'static str,
    target: PartName,
}

/// The package being built. The package itself is the source `""`.
#[derive(Default)]
pub struct Package {
    parts: Vec<Part>,
    rels: Vec<(PartName, Vec<Rel>)>,
}

impl Package {
    pub fn new() -> Self {
        Package::default()
    }

    /// Add a part.
    pub fn add(&mut self, name: PartName, content_type: &'static str, data: Vec<u8>) {
        self.parts.push(Part { name, content_type, data });
    }

    /// Relate `source` (a part name, or `""` for the package) to `target`; returns the new
    /// relationship id (`rId1`, `rId2`, … per source). The target may be added later, before
    /// [`Package::finish`].
    pub fn relate(&mut self, source: PartName, ty: &'static str, target: PartName) -> String {
        let list = match self.rels.iter().position(|(s, _)| *s == source) {
            Some(i) => &mut self.rels[i].1,
            None => {
                self.rels.push((source, Vec::new()));
                &mut self.rels.last_mut().expect("just pushed").1
            }
        };
        let id = format!("rId{}", list.len() + 1);
        list.push(Rel { id: id.clone(), ty, target });
        id
    }

    /// The zip. Relationships whose target was never added are left out (there are none by
    /// construction in this crate; tests check it from the outside). Returns an empty vector
    /// only if the in-memory zip writer fails.
    pub fn finish(self) -> Vec<u8> {
        let mut entries: Vec<(String, Vec<u8>)> = Vec::with_capacity(self.parts.len() * 2 + 1);
        entries.push(("[Content_Types].xml".into(), self.content_types().into_bytes()));
        // Package relationships first, then each part followed by its own relationships.
        if let Some(x) = self.rels_xml("") {
            entries.push(("_rels/.rels".into(), x.into_bytes()));
        }
        for p in &self.parts {
            entries.push((p.name.to_string(), p.data.clone()));
            if let Some(x) = self.rels_xml(p.name) {
                entries.push((rels_name(p.name), x.into_bytes()));
            }
        }
        zip(&entries).unwrap_or_default()
    }

    fn content_types(&self) -> String {
        let mut x = Xml::new();
        x.start("Types").attr("xmlns", NS_CONTENT_TYPES).open();
        x.start("Default")
            .attr("Extension", "rels")
            .attr("ContentType", "application/vnd.openxmlformats-package.relationships+xml")
            .empty();
        x.start("Default").attr("Extension", "xml").attr("ContentType", "application/xml").empty();
        for p in &self.parts {
            x.start("Override").attr("PartName", format!("/{}", p.name)).attr("ContentType", p.content_type).empty();
        }
        x.end("Types");
        x.finish()
    }

    fn rels_xml(&self, source: PartName) -> Option<String> {
        let (_, list) = self.rels.iter().find(|(s, _)| *s == source)?;
        let mut x = Xml::new();
        x.start("Relationships").attr("xmlns", NS_RELATIONSHIPS).open();
        for r in list.iter().filter(|r| self.parts.iter().any(|p| p.name == r.target)) {
            x.start("Relationship")
                .attr("Id", &r.id)
                .attr("Type", r.ty)
                .attr("Target", relative(source, r.target))
                .empty();
        }
        x.end("Relationships");
        Some(x.finish())
    }
}

/// `word/document.xml` → `word/_rels/document.xml.rels`.
fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The target as a URI relative to the source's folder (§9.3 of Part 2): `header1.xml` from
/// `word/document.xml`; absolute (`/…`) when it is not under that folder.
fn relative(source: &str, target: &str) -> String {
    let dir = source.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    if dir.is_empty() {
        target.to_string()
    } else if let Some(rest) = target.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
        rest.to_string()
    } else {
        format!("/{target}")
    }
}

fn zip(entries: &[(String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (name, data) in entries {
        w.start_file(name.as_str(), options)?;
        w.write_all(data)?;
    }
    Ok(w.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_targets() {
        assert_eq!(relative("", "word/document.xml"), "word/document.xml");
        assert_eq!(relative("word/document.xml", "word/header1.xml"), "header1.xml");
        assert_eq!(relative("word/document.xml", "word/theme/theme1.xml"), "theme/theme1.xml");
        assert_eq!(relative("word/document.xml", "customXml/item1.xml"), "/customXml/item1.xml");
        assert_eq!(rels_name("word/document.xml"), "word/_rels/document.xml.rels");
    }
}
