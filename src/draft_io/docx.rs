//! Reading a .docx: the draft baocao keeps in it (a custom XML part, see
//! `render::docx::DRAFT_NS`) and the text of its paragraphs, to notice a document edited
//! after baocao wrote it.
//!
//! The package is read with the `zip` crate; its XML with the small tolerant scanner below
//! (start and end tags, text, CDATA, entity and character references; comments, processing
//! instructions and doctype skipped), enough for the parts Word, LibreOffice and baocao
//! write. Every part is read through a cap on its decompressed size, so a small file that
//! inflates to gigabytes (a zip bomb) is refused rather than read.

use std::io::{Cursor, Read};

use super::{LoadError, MAX_BYTES};
use crate::render::docx::{DRAFT_ELEMENT, DRAFT_NS};

/// Largest custom XML part read (decompressed): a draft of [`MAX_BYTES`] with room for
/// entity escaping, should another program have rewritten the part.
pub const MAX_DRAFT_PART: u64 = 2 * MAX_BYTES as u64 + 64 * 1024;
/// Largest `word/document.xml` read (decompressed) to compare the text with the draft.
pub const MAX_DOCUMENT_PART: u64 = 64 * 1024 * 1024;
/// Largest `_rels/.rels` read.
const MAX_RELS: u64 = 1024 * 1024;

const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const REL_OFFICE_DOCUMENT: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

/// A zip file (a .docx) rather than JSON text.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK")
}

/// What a .docx holds for the draft reader.
pub struct Docx {
    /// The draft JSON of baocao's custom XML part.
    pub json: String,
    /// The main document part, when asked for and not too large (`Err`: why not).
    pub document: Option<Result<String, String>>,
}

fn err<T>(s: impl Into<String>) -> Result<T, LoadError> {
    Err(LoadError(s.into()))
}

const BROKEN: &str = "Tệp có dạng tệp nén (.docx) nhưng không đọc được: tệp bị hỏng hoặc không phải tệp .docx.";
/// The sentence for a .docx without baocao's draft.
pub const NO_DRAFT: &str = "Tệp .docx này không do baocao tạo nên không có bản nháp kèm theo; nếu tệp do baocao \
     tạo rồi được lưu lại bằng một chương trình khác thì chương trình đó đã bỏ mất bản nháp, hãy mở tệp .docx \
     gốc hoặc tệp bản nháp (.json).";

/// One entry of the zip, decompressed, at most `cap` bytes (`Ok(None)`: larger than that).
fn entry(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, cap: u64) -> Result<Option<Vec<u8>>, LoadError> {
    let f = zip.by_name(name).map_err(|_| LoadError(BROKEN.into()))?;
    if f.size() > cap {
        return Ok(None);
    }
    let mut buf = Vec::new();
    f.take(cap + 1).read_to_end(&mut buf).map_err(|_| LoadError(BROKEN.into()))?;
    Ok((buf.len() as u64 <= cap).then_some(buf))
}

fn text_of(bytes: Vec<u8>) -> Option<String> {
    let s = String::from_utf8(bytes).ok()?;
    Some(s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s))
}

/// Read a .docx: baocao's draft JSON, and, if `want_document`, the main document part.
pub fn read(bytes: &[u8], want_document: bool) -> Result<Docx, LoadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| LoadError(BROKEN.into()))?;
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();

    // Custom XML parts: customXml/item1.xml, item2.xml, … (LibreOffice and Word may number
    // them anew); ours is the one whose root is baocao's element, the lowest-numbered if
    // there are several. (No sort: std's sorts weigh kilobytes of the worker's wasm.)
    let mut json: Option<(u32, String)> = None;
    for name in &names {
        let Some(num) = name
            .strip_prefix("customXml/item")
            .and_then(|r| r.strip_suffix(".xml"))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if json.as_ref().is_some_and(|(n, _)| *n < num) {
            continue;
        }
        let Some(data) = entry(&mut zip, name, MAX_DRAFT_PART)? else {
            return err(format!(
                "Bản nháp kèm trong tệp .docx quá lớn (hơn {} MB khi giải nén) nên không mở.",
                MAX_DRAFT_PART / (1024 * 1024)
            ));
        };
        let Some(text) = text_of(data) else { continue };
        match draft_text(&text) {
            Some(Ok(j)) => json = Some((num, j)),
            Some(Err(())) => return err("Bản nháp kèm trong tệp .docx bị hỏng (phần customXml không đọc được)."),
            None => {}
        }
    }
    let Some((_, json)) = json else {
        return err(NO_DRAFT);
    };

    let document = if want_document {
        let main = main_part(&mut zip).unwrap_or_else(|| "word/document.xml".to_string());
        Some(if !names.contains(&main) {
            Err(format!("tệp không có phần {main}"))
        } else {
            match entry(&mut zip, &main, MAX_DOCUMENT_PART)? {
                None => Err(format!("phần {main} quá lớn (hơn {} MB)", MAX_DOCUMENT_PART / (1024 * 1024))),
                Some(data) => text_of(data).ok_or_else(|| format!("phần {main} không phải UTF-8")),
            }
        })
    } else {
        None
    };
    Ok(Docx { json, document })
}

/// The main document's part name, from the package relationships.
fn main_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<String> {
    let rels = text_of(entry(zip, "_rels/.rels", MAX_RELS).ok()??)?;
    for tok in Tokens::new(&rels) {
        if let Tok::Start { name, attrs, .. } = tok {
            if local(name) != "Relationship" {
                continue;
            }
            let a = attributes(attrs);
            let get = |k: &str| a.iter().find(|(n, _)| *n == k).map(|(_, v)| unescape(v));
            if get("Type").as_deref() == Some(REL_OFFICE_DOCUMENT) {
                let target = get("Target")?;
                return Some(target.trim_start_matches('/').to_string());
            }
        }
    }
    None
}

/// The draft JSON, if `xml`'s root is baocao's element (`Some(Err)`: it is, but broken).
fn draft_text(xml: &str) -> Option<Result<String, ()>> {
    let mut toks = Tokens::new(xml);
    let (root, attrs, empty) = loop {
        match toks.next()? {
            Tok::Start { name, attrs, empty } => break (name, attrs, empty),
            Tok::Text(t) if t.trim().is_empty() => {}
            _ => return None,
        }
    };
    if local(root) != DRAFT_ELEMENT || namespace_of(root, attrs).as_deref() != Some(DRAFT_NS) {
        return None;
    }
    if empty {
        return Some(Err(()));
    }
    let mut out = String::new();
    let mut depth = 0usize;
    for tok in toks.by_ref() {
        match tok {
            Tok::Text(t) => unescape_into(&mut out, t),
            Tok::CData(t) => out.push_str(t),
            Tok::Start { empty: true, .. } => {}
            Tok::Start { .. } => depth += 1,
            Tok::End { .. } if depth == 0 => return Some(if toks.broken { Err(()) } else { Ok(out) }),
            Tok::End { .. } => depth -= 1,
        }
    }
    Some(Err(()))
}

/// The text of each paragraph (`w:p`) of a WordprocessingML part, in document order: the
/// runs' `w:t` text, `w:tab` as a tab, `w:br` and `w:cr` as a line break (deleted text,
/// field codes and properties are not text). `None`: the part is not well formed.
pub fn paragraphs(xml: &str) -> Option<Vec<String>> {
    let mut toks = Tokens::new(xml);
    // The prefix the part binds to WordprocessingML (Word and LibreOffice: `w`).
    let mut prefix: Option<String> = None;
    let mut out = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let (mut run, mut in_text) = (0usize, false);
    let q = |p: &Option<String>, l: &str| match p.as_deref() {
        Some("") => l.to_string(),
        Some(p) => format!("{p}:{l}"),
        None => format!("w:{l}"),
    };
    let mut names: Option<[String; 6]> = None;
    for tok in toks.by_ref() {
        match tok {
            Tok::Start { name, attrs, empty } => {
                if prefix.is_none() {
                    prefix = Some(prefix_for(attrs, NS_W).unwrap_or_else(|| "w".into()));
                }
                let [p, r, t, tab, br, cr] =
                    names.get_or_insert_with(|| ["p", "r", "t", "tab", "br", "cr"].map(|l| q(&prefix, l)));
                if name == p.as_str() {
                    if empty {
                        out.push(String::new());
                    } else {
                        open.push(String::new());
                    }
                } else if name == r.as_str() && !empty {
                    run += 1;
                } else if name == t.as_str() && !empty && run > 0 {
                    in_text = true;
                } else if run > 0 && !in_text {
                    if let Some(cur) = open.last_mut() {
                        if name == tab.as_str() {
                            cur.push('\t');
                        } else if name == br.as_str() || name == cr.as_str() {
                            cur.push('\n');
                        }
                    }
                }
            }
            Tok::End { name } => {
                let Some([p, r, t, ..]) = &names else { continue };
                if name == p.as_str() {
                    out.push(open.pop()?);
                } else if name == r.as_str() {
                    run = run.saturating_sub(1);
                } else if name == t.as_str() {
                    in_text = false;
                }
            }
            Tok::Text(s) if in_text => {
                if let Some(cur) = open.last_mut() {
                    unescape_into(cur, s);
                }
            }
            Tok::CData(s) if in_text => {
                if let Some(cur) = open.last_mut() {
                    cur.push_str(s);
                }
            }
            _ => {}
        }
    }
    (!toks.broken && open.is_empty()).then_some(out)
}

// ---------------------------------------------------------------------------------------------
// Comparing the document's paragraphs with the draft's.
// ---------------------------------------------------------------------------------------------

/// Prefix of a paragraph of the draft that the .docx no longer has.
pub const REMOVED: &str = "[đã xóa] ";
/// Largest number of paragraph pairs compared one by one (beyond it, the differing middle of
/// the document is listed whole).
const MAX_CELLS: usize = 4_000_000;

/// The paragraphs of `file` (the .docx) that are not, in order, paragraphs of `draft` (what
/// the draft renders): each as it now reads; and the draft's paragraphs missing from the
/// file where nothing stands in their place, prefixed [`REMOVED`]. Empty paragraphs are not
/// compared.
pub fn differing(file: &[String], draft: &[String]) -> Vec<String> {
    let a: Vec<&str> = file.iter().map(String::as_str).filter(|s| !s.trim().is_empty()).collect();
    let b: Vec<&str> = draft.iter().map(String::as_str).filter(|s| !s.trim().is_empty()).collect();
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..].iter().rev().zip(b[pre..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut out = Vec::new();
    fn hunk(fa: &[&str], fb: &[&str], out: &mut Vec<String>) {
        if fa.is_empty() {
            out.extend(fb.iter().map(|s| format!("{REMOVED}{s}")));
        } else {
            out.extend(fa.iter().map(|s| s.to_string()));
        }
    }
    if a.is_empty() && b.is_empty() {
        return out;
    }
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        hunk(a, b, &mut out);
        return out;
    }
    // Longest common subsequence, then the runs between its matches.
    let (n, m) = (a.len(), b.len());
    let mut len = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[at(i, j)] =
                if a[i] == b[j] { len[at(i + 1, j + 1)] + 1 } else { len[at(i + 1, j)].max(len[at(i, j + 1)]) };
        }
    }
    let (mut i, mut j, mut si, mut sj) = (0, 0, 0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            hunk(&a[si..i], &b[sj..j], &mut out);
            i += 1;
            j += 1;
            (si, sj) = (i, j);
        } else if len[at(i + 1, j)] >= len[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    hunk(&a[si..], &b[sj..], &mut out);
    out
}

// ---------------------------------------------------------------------------------------------
// A tolerant XML scanner.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, PartialEq)]
enum Tok<'a> {
    /// A start tag (`empty`: `<a/>`), its attributes as written.
    Start {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    End {
        name: &'a str,
    },
    /// Character data as written (entities not yet replaced).
    Text(&'a str),
    CData(&'a str),
}

struct Tokens<'a> {
    s: &'a str,
    at: usize,
    /// The text ended inside a tag, a comment or a CDATA section.
    broken: bool,
}

impl<'a> Tokens<'a> {
    fn new(s: &'a str) -> Self {
        Tokens { s, at: 0, broken: false }
    }

    /// Skip past `end` (from `at`); false if it never comes.
    fn skip_past(&mut self, end: &str) -> bool {
        match self.s[self.at..].find(end) {
            Some(i) => {
                self.at += i + end.len();
                true
            }
            None => {
                self.broken = true;
                self.at = self.s.len();
                false
            }
        }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Tok<'a>;

    fn next(&mut self) -> Option<Tok<'a>> {
        loop {
            let rest = &self.s[self.at..];
            if rest.is_empty() {
                return None;
            }
            if !rest.starts_with('<') {
                let end = rest.find('<').unwrap_or(rest.len());
                self.at += end;
                return Some(Tok::Text(&rest[..end]));
            }
            if rest.starts_with("<!--") {
                self.at += 4;
                if !self.skip_past("-->") {
                    return None;
                }
                continue;
            }
            if let Some(body) = rest.strip_prefix("<![CDATA[") {
                let Some(end) = body.find("]]>") else {
                    self.broken = true;
                    self.at = self.s.len();
                    return None;
                };
                self.at += 9 + end + 3;
                return Some(Tok::CData(&body[..end]));
            }
            if rest.starts_with("<?") {
                if !self.skip_past("?>") {
                    return None;
                }
                continue;
            }
            if rest.starts_with("<!") {
                if !self.skip_past(">") {
                    return None;
                }
                continue;
            }
            // A tag: up to the '>' outside quotes.
            let mut quote = None;
            let mut gt = None;
            for (i, c) in rest.char_indices().skip(1) {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, '>') => {
                        gt = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let Some(gt) = gt else {
                self.broken = true;
                self.at = self.s.len();
                return None;
            };
            self.at += gt + 1;
            let inner = &rest[1..gt];
            if let Some(name) = inner.strip_prefix('/') {
                return Some(Tok::End { name: name.trim() });
            }
            let (inner, empty) = match inner.strip_suffix('/') {
                Some(i) => (i, true),
                None => (inner, false),
            };
            let split = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
            return Some(Tok::Start { name: &inner[..split], attrs: &inner[split..], empty });
        }
    }
}

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// `(name, raw value)` of each attribute.
fn attributes(s: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        rest = rest.trim_start();
        let Some(eq) = rest.find('=') else { break };
        let name = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else { break };
        let Some(end) = after[1..].find(q) else { break };
        out.push((name, &after[1..1 + end]));
        rest = &after[1 + end + 1..];
    }
    out
}

/// The namespace an element's name is in, from the declarations on that element.
fn namespace_of(name: &str, attrs: &str) -> Option<String> {
    let decl = match name.split_once(':') {
        Some((p, _)) => format!("xmlns:{p}"),
        None => "xmlns".to_string(),
    };
    attributes(attrs).into_iter().find(|(n, _)| *n == decl).map(|(_, v)| unescape(v))
}

/// The prefix bound to `ns` on an element (`""` for the default namespace).
fn prefix_for(attrs: &str, ns: &str) -> Option<String> {
    attributes(attrs).into_iter().find(|(_, v)| unescape(v) == ns).and_then(|(n, _)| {
        if n == "xmlns" {
            Some(String::new())
        } else {
            n.strip_prefix("xmlns:").map(str::to_string)
        }
    })
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    unescape_into(&mut out, s);
    out
}

/// Character data with the five predefined entities and character references replaced
/// (anything else is kept as written).
fn unescape_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            n => {
                let code = match n.strip_prefix("#x").or_else(|| n.strip_prefix("#X")) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => n.strip_prefix('#').and_then(|d| d.parse::<u32>().ok()),
                };
                code.and_then(char::from_u32)
            }
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scanner_reads_tags_text_and_cdata() {
        let x = r#"<?xml version="1.0"?><!-- c --><a x="1>2" y='q'><b/>t&amp;&#x41;&#66;&bogus;<![CDATA[<]]]]></a>"#;
        let toks: Vec<Tok> = Tokens::new(x).collect();
        assert_eq!(
            toks,
            vec![
                Tok::Start { name: "a", attrs: r#" x="1>2" y='q'"#, empty: false },
                Tok::Start { name: "b", attrs: "", empty: true },
                Tok::Text("t&amp;&#x41;&#66;&bogus;"),
                Tok::CData("<]]"),
                Tok::End { name: "a" },
            ]
        );
        assert_eq!(unescape("t&amp;&#x41;&#66;&bogus; & x"), "t&AB&bogus; & x");
        assert_eq!(attributes(r#" x="1>2" y='q'"#), vec![("x", "1>2"), ("y", "q")]);
        let mut t = Tokens::new("<a><b");
        while t.next().is_some() {}
        assert!(t.broken);
    }

    #[test]
    fn the_draft_element_is_found_by_its_namespace() {
        let ours = r#"<?xml version="1.0"?><x:draft xmlns:x="urn:baocao:draft:1"><![CDATA[{"a":"]]]]><![CDATA[>"}]]></x:draft>"#;
        assert_eq!(draft_text(ours), Some(Ok(r#"{"a":"]]>"}"#.to_string())));
        // Rewritten as escaped text by another program.
        let text = r#"<draft xmlns="urn:baocao:draft:1">{&quot;a&quot;:&quot;&lt;&quot;}</draft>"#;
        assert_eq!(draft_text(text), Some(Ok(r#"{"a":"<"}"#.to_string())));
        assert_eq!(draft_text(r#"<draft xmlns="urn:other">{}</draft>"#), None);
        assert_eq!(draft_text(r#"<b:sources xmlns:b="urn:baocao:draft:1"/>"#), None);
        assert_eq!(draft_text(r#"<draft xmlns="urn:baocao:draft:1">{"#), Some(Err(())));
    }

    #[test]
    fn paragraphs_are_read_as_word_writes_them() {
        let x = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>a</w:t><w:tab/><w:t xml:space="preserve">b &lt; c</w:t><w:br/></w:r><w:del><w:r><w:delText>x</w:delText></w:r></w:del><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>
<w:p/><w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
        assert_eq!(paragraphs(x), Some(vec!["a\tb < c\n".to_string(), String::new(), "cell".to_string()]));
        let other =
            r#"<d xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><p><r><t>z</t></r></p></d>"#;
        assert_eq!(paragraphs(other), Some(vec!["z".to_string()]));
        assert_eq!(paragraphs("<w:p><w:r><w:t>a"), None);
    }

    #[test]
    fn differing_paragraphs_are_listed() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let draft = v(&["A", "B", "", "C", "D"]);
        assert!(differing(&v(&["A", "B", "C", "", "D"]), &draft).is_empty());
        assert_eq!(differing(&v(&["A", "B2", "C", "D"]), &draft), v(&["B2"]));
        assert_eq!(differing(&v(&["A", "B", "X", "C", "D"]), &draft), v(&["X"]));
        assert_eq!(differing(&v(&["A", "C", "D"]), &draft), v(&["[đã xóa] B"]));
        assert_eq!(differing(&v(&["D", "A", "B", "C"]), &draft), v(&["D", "[đã xóa] D"]));
    }
}
