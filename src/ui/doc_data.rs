//! The document as the worker sends it. The page does not build documents itself (the layout
//! engine, the templates and the sentences are the worker's: `document::build` weighs about
//! 10 KB brotli of the page's first load); the worker answers op `document` with the
//! [`Document`] written by [`to_value`] — its parts in order, in arrays, which the page reads
//! back with little code ([`document`]) — and the text of every heading of the kind (for the
//! outline edits). Pure: tested natively (every kind's sample comes back as built).

use serde_json::Value;

use crate::document::{Appendix, AppendixRow, Document, HeaderCell, Para, ParaStyle};
use crate::kind::Level;
use crate::text::Run;

fn text(s: &str) -> Value {
    Value::from(s)
}

fn texts(v: &[String]) -> Value {
    Value::Array(v.iter().map(|s| text(s)).collect())
}

fn array<T>(v: &[T], f: impl Fn(&T) -> Value) -> Value {
    Value::Array(v.iter().map(f).collect())
}

/// 0 body, 1 section, 2 clause, 3 point.
fn style_code(s: ParaStyle) -> u64 {
    match s {
        ParaStyle::Body => 0,
        ParaStyle::Heading(Level::Section) => 1,
        ParaStyle::Heading(Level::Clause) => 2,
        ParaStyle::Heading(Level::Point) => 3,
    }
}

/// The document as the worker sends it (its issue date left out: the page shows the date
/// line, which is text).
pub fn to_value(d: &Document) -> Value {
    let para = |p: &Para| {
        let runs = array(&p.runs, |r| Value::Array(vec![text(&r.text), Value::from(r.italic), Value::from(r.bold)]));
        Value::Array(vec![Value::from(style_code(p.style)), p.field.as_deref().map_or(Value::Null, text), runs])
    };
    let cell = |c: &HeaderCell| {
        let n = |x: usize| Value::from(x as u64);
        Value::Array(vec![n(c.row), n(c.col), n(c.row_span), n(c.col_span), text(&c.text)])
    };
    let row = |r: &AppendixRow| Value::Array(vec![text(&r.name), texts(&r.cells), Value::from(r.total), text(&r.path)]);
    let appendix = |a: &Appendix| {
        Value::Array(vec![
            text(&a.heading),
            text(&a.form),
            text(&a.title),
            text(&a.window),
            text(&a.attached_to),
            array(&a.header, cell),
            Value::from(a.header_rows as u64),
            texts(&a.ms),
            array(&a.rows, row),
            text(&a.field),
        ])
    };
    Value::Array(vec![
        text(&d.parent),
        texts(&d.issuer),
        text(&d.number_line),
        text(&d.place_date),
        text(&d.doc_type),
        text(&d.title),
        texts(&d.to),
        array(&d.body, para),
        texts(&d.cc),
        texts(&d.signature),
        text(&d.signer),
        text(&d.file_name),
        array(&d.appendices, appendix),
    ])
}

/// Reads an array's items in order.
struct Items<'a>(std::slice::Iter<'a, Value>);

impl<'a> Items<'a> {
    fn of(v: &'a Value) -> Option<Items<'a>> {
        Some(Items(v.as_array()?.iter()))
    }

    fn value(&mut self) -> Option<&'a Value> {
        self.0.next()
    }

    fn text(&mut self) -> Option<String> {
        self.value()?.as_str().map(str::to_string)
    }

    fn number(&mut self) -> Option<u64> {
        self.value()?.as_u64()
    }

    fn flag(&mut self) -> Option<bool> {
        self.value()?.as_bool()
    }

    fn list<T>(&mut self, item: impl Fn(Items<'a>) -> Option<T>) -> Option<Vec<T>> {
        self.value()?.as_array()?.iter().map(|v| item(Items::of(v)?)).collect()
    }

    fn texts(&mut self) -> Option<Vec<String>> {
        self.value()?.as_array()?.iter().map(|s| s.as_str().map(str::to_string)).collect()
    }
}

fn para(mut p: Items) -> Option<Para> {
    let style = match p.number()? {
        0 => ParaStyle::Body,
        1 => ParaStyle::Heading(Level::Section),
        2 => ParaStyle::Heading(Level::Clause),
        _ => ParaStyle::Heading(Level::Point),
    };
    let field = p.value()?.as_str().map(str::to_string);
    let runs = p.list(|mut r| Some(Run { text: r.text()?, italic: r.flag()?, bold: r.flag()? }))?;
    Some(Para { style, runs, field })
}

fn appendix(mut a: Items) -> Option<Appendix> {
    let n = |i: &mut Items| i.number().map(|x| x as usize);
    Some(Appendix {
        heading: a.text()?,
        form: a.text()?,
        title: a.text()?,
        window: a.text()?,
        attached_to: a.text()?,
        header: a.list(|mut c| {
            Some(HeaderCell {
                row: n(&mut c)?,
                col: n(&mut c)?,
                row_span: n(&mut c)?,
                col_span: n(&mut c)?,
                text: c.text()?,
            })
        })?,
        header_rows: n(&mut a)?,
        ms: a.texts()?,
        rows: a.list(|mut r| {
            Some(AppendixRow { name: r.text()?, cells: r.texts()?, total: r.flag()?, path: r.text()? })
        })?,
        field: a.text()?,
    })
}

/// The document the worker sent ([`to_value`]; `None` when it is not one).
pub fn document(v: &Value) -> Option<Document> {
    let mut d = Items::of(v)?;
    Some(Document {
        parent: d.text()?,
        issuer: d.texts()?,
        number_line: d.text()?,
        place_date: d.text()?,
        issued: None,
        doc_type: d.text()?,
        title: d.text()?,
        to: d.texts()?,
        body: d.list(para)?,
        cc: d.texts()?,
        signature: d.texts()?,
        signer: d.text()?,
        file_name: d.text()?,
        appendices: d.list(appendix)?,
    })
}

/// The headings' texts the worker sent with the document: `[[id, text], …]`.
pub fn headings(v: &Value) -> Option<Vec<(String, String)>> {
    Items::of(v)?.0.map(|h| Items::of(h).and_then(|mut h| Some((h.text()?, h.text()?)))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{document, kinds};

    #[test]
    fn every_kinds_sample_comes_back_as_built() {
        for kind in kinds::all() {
            let mut want = document::build(kind, &kinds::sample(kind));
            let v = to_value(&want);
            // Through JSON text, as between the worker and the page.
            let v: Value = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
            want.issued = None;
            assert_eq!(document(&v), Some(want), "{}", kind.id);
        }
        assert_eq!(document(&serde_json::json!({"title": "x"})), None);
        assert_eq!(document(&serde_json::json!(["x"])), None);
        let h = serde_json::json!([["I", "CÔNG TÁC"], ["IV", "NHIỆM VỤ NĂM 2022"]]);
        assert_eq!(headings(&h).unwrap()[1], ("IV".to_string(), "NHIỆM VỤ NĂM 2022".to_string()));
    }
}
