//! Plain text, laid out like the reference text file: paragraphs separated by a blank line,
//! italics as `*…*`, Nơi nhận and signature lines one per line.

use crate::document::Document;

pub fn render(doc: &Document) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut head = Vec::new();
    if !doc.parent.is_empty() {
        head.push(doc.parent.clone());
    }
    head.extend(doc.issuer.iter().cloned());
    head.push(doc.number_line.clone());
    blocks.push(head.join("\n"));
    blocks.push(format!("{}\n{}\n{}", crate::document::NATIONAL_TITLE, crate::document::MOTTO, doc.place_date));
    blocks.push(doc.doc_type.clone());
    blocks.push(doc.title.clone());
    if !doc.to.is_empty() {
        blocks.push(doc.to.join("\n"));
    }
    for p in &doc.body {
        let mut s = String::new();
        for r in &p.runs {
            if r.italic {
                s.push('*');
                s.push_str(&r.text);
                s.push('*');
            } else {
                s.push_str(&r.text);
            }
        }
        blocks.push(s);
    }
    blocks.push("Nơi nhận:".into());
    blocks.push(doc.cc.join("\n"));
    blocks.push(doc.signature.join("\n"));
    blocks.push(doc.signer.clone());
    blocks.join("\n\n") + "\n"
}
