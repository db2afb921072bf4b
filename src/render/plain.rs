//! Plain text, laid out like the reference text file: paragraphs separated by a blank line,
//! italics as `*…*`, Nơi nhận and signature lines one per line. Each appendix follows: its
//! heading, form, title, data window and `(Kèm theo …)` lines, then the table as
//! tab-separated lines — the header as one line of column paths (`Tiếp thường xuyên / Số
//! vụ việc / Tiếp lần đầu`), the MS row, one line per row.

use crate::document::{Appendix, Document};

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
    for a in &doc.appendices {
        blocks.push(appendix(a));
    }
    blocks.join("\n\n") + "\n"
}

/// Each column's header path: the labels of the header cells above it, top to bottom.
pub fn column_paths(a: &Appendix) -> Vec<String> {
    let n =
        a.ms.len()
            .max(a.header.iter().map(|c| c.col + c.col_span.max(1)).max().unwrap_or(0))
            .max(a.rows.iter().map(|r| r.cells.len() + 1).max().unwrap_or(0));
    (0..n)
        .map(|j| {
            let mut cells: Vec<_> = a.header.iter().filter(|c| c.col <= j && j < c.col + c.col_span.max(1)).collect();
            cells.sort_by_key(|c| c.row);
            cells.iter().map(|c| c.text.trim()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" / ")
        })
        .collect()
}

fn appendix(a: &Appendix) -> String {
    let mut lines: Vec<String> = [&a.heading, &a.form, &a.title, &a.window, &a.attached_to]
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .cloned()
        .collect();
    let one =
        |cells: Vec<&str>| cells.iter().map(|c| c.replace(['\t', '\n', '\r'], " ")).collect::<Vec<_>>().join("\t");
    lines.push(String::new());
    lines.push(one(column_paths(a).iter().map(String::as_str).collect()));
    lines.push(one(a.ms.iter().map(String::as_str).collect()));
    for r in &a.rows {
        let mut cells = vec![r.name.as_str()];
        cells.extend(r.cells.iter().map(String::as_str));
        lines.push(one(cells));
    }
    lines.join("\n")
}
