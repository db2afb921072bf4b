//! A minimal XML writer for the .docx parts: start tags with attributes, empty elements, end
//! tags and text, into a `String`. It never panics and never writes malformed XML, whatever
//! the text: characters XML 1.0 forbids are dropped and `&`, `<`, `>`, `"` are escaped (in
//! text and attribute values alike, so `]]>` comes out as `]]&gt;`).
//!
//! Element order is not this module's concern: the serialisers in [`super::wml`] write each
//! property container's children in schema order by construction.

use std::fmt::{Display, Write};

/// The XML declaration every part starts with.
pub const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

pub struct Xml {
    out: String,
}

impl Xml {
    /// A new part, starting with [`DECLARATION`].
    pub fn new() -> Self {
        let mut out = String::with_capacity(4096);
        out.push_str(DECLARATION);
        Xml { out }
    }

    /// `<name` — follow with [`Xml::attr`] calls, then [`Xml::open`] or [`Xml::empty`].
    pub fn start(&mut self, name: &str) -> &mut Self {
        self.out.push('<');
        self.out.push_str(name);
        self
    }

    /// ` name="value"`, the value escaped.
    pub fn attr(&mut self, name: &str, value: impl Display) -> &mut Self {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        let start = self.out.len();
        // Numbers and constants need no escaping; text goes through `escape_into`.
        let _ = write!(self.out, "{value}");
        if self.out[start..].contains(['&', '<', '>', '"']) || self.out[start..].chars().any(is_xml_forbidden) {
            let raw = self.out.split_off(start);
            escape_into(&mut self.out, &raw);
        }
        self.out.push('"');
        self
    }

    /// Ends a start tag: `>`.
    pub fn open(&mut self) {
        self.out.push('>');
    }

    /// Ends an empty element: `/>`.
    pub fn empty(&mut self) {
        self.out.push_str("/>");
    }

    /// `<name/>`.
    pub fn leaf(&mut self, name: &str) {
        self.start(name).empty();
    }

    /// `<name w:val="value"/>`.
    pub fn val(&mut self, name: &str, value: impl Display) {
        self.start(name).attr("w:val", value).empty();
    }

    /// `</name>`.
    pub fn end(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Character data, escaped; forbidden characters dropped.
    pub fn text(&mut self, s: &str) {
        escape_into(&mut self.out, s);
    }

    /// Character data as CDATA sections, written as is (no entity escaping), for text meant
    /// to stay readable in the part (the draft JSON). A `]]>` in the text is split over two
    /// sections (`]]` ends one, `>` starts the next); characters XML forbids cannot be in
    /// CDATA and are dropped, as everywhere else: a caller that needs them escapes them first.
    pub fn cdata(&mut self, s: &str) {
        self.out.push_str("<![CDATA[");
        let mut rest = s;
        while let Some(i) = rest.find("]]>") {
            push_allowed(&mut self.out, &rest[..i + 2]);
            self.out.push_str("]]><![CDATA[");
            rest = &rest[i + 2..];
        }
        push_allowed(&mut self.out, rest);
        self.out.push_str("]]>");
    }

    /// `<name>text</name>`.
    pub fn text_element(&mut self, name: &str, s: &str) {
        self.start(name).open();
        self.text(s);
        self.end(name);
    }

    pub fn finish(self) -> String {
        self.out
    }
}

pub use crate::text::is_xml_forbidden;

fn push_allowed(out: &mut String, s: &str) {
    if s.chars().any(is_xml_forbidden) {
        out.extend(s.chars().filter(|c| !is_xml_forbidden(*c)));
    } else {
        out.push_str(s);
    }
}

use crate::text::escape_markup as escape_into;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut x = Xml::new();
        x.start("a").attr("v", "x\"<&>\u{1}y").open();
        x.text("]]> <b> & \u{0}\u{fffe}z");
        x.end("a");
        let s = x.finish();
        assert!(s.ends_with(r#"<a v="x&quot;&lt;&amp;&gt;y">]]&gt; &lt;b&gt; &amp; z</a>"#), "{s}");
        assert!(s.starts_with(DECLARATION));
    }

    #[test]
    fn cdata_splits_its_end_marker() {
        let mut x = Xml::new();
        x.start("a").open();
        x.cdata("x]]>y]]]>z\u{1}<&");
        x.end("a");
        let s = x.finish();
        assert!(s.ends_with("<a><![CDATA[x]]]]><![CDATA[>y]]]]]><![CDATA[>z<&]]></a>"), "{s}");
        // Read back, the sections join to the text (the forbidden character dropped).
        let body = &s[s.find("<a>").unwrap() + 3..s.len() - 4];
        let joined: String = body.split("<![CDATA[").map(|p| p.strip_suffix("]]>").unwrap_or(p)).collect();
        assert_eq!(joined, "x]]>y]]]>z<&");
    }
}
