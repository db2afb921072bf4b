//! The .docx renderer: the sample is a valid package whose XML parts are well formed, and so is
//! a document full of hostile text. Writes `target/test-output/sample.docx` for a look by hand
//! (`tests/docx/readback.py` builds its own copy through the CLI).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::time::Instant;

use baocao::document::{self, Document, Para, ParaStyle};
use baocao::kind::{self, Level};
use baocao::render;
use baocao::text::Run;
use proptest::prelude::*;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn sample() -> Document {
    let k = kind::by_id("dan-van-chinh-quyen").unwrap();
    document::build(k, &baocao::kind::sample(k))
}

/// Every part of the package, by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("the .docx is a zip");
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("zip entry");
        if f.is_dir() {
            continue;
        }
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).expect("zip entry reads");
        parts.insert(f.name().to_string(), buf);
    }
    parts
}

/// Unzip and check every XML part is UTF-8 and well formed; return the parts as text.
fn valid_package(bytes: &[u8]) -> BTreeMap<String, String> {
    assert!(!bytes.is_empty(), "render gave no bytes");
    let parts = unzip(bytes);
    for required in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "docProps/core.xml",
    ] {
        assert!(
            parts.contains_key(required),
            "missing {required}; parts: {:?}",
            parts.keys().collect::<Vec<_>>()
        );
    }
    let mut text = BTreeMap::new();
    for (name, data) in parts {
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let s = String::from_utf8(data).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"));
        if let Err(e) = roxmltree::Document::parse(&s) {
            let pos = e.pos();
            let line = s.lines().nth(pos.row.saturating_sub(1) as usize).unwrap_or("");
            let col = pos.col as usize;
            let around: String = line.chars().skip(col.saturating_sub(80)).take(160).collect();
            panic!("{name} is not well formed: {e}\n…{around}…");
        }
        text.insert(name, s);
    }
    text
}

/// The text of each `w:p` of a part, in document order (tables included), tabs as `\t` and
/// breaks as `\n`.
fn paragraphs(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            let mut s = String::new();
            for n in p.descendants() {
                if n.has_tag_name((W, "t")) {
                    s.push_str(n.text().unwrap_or(""));
                } else if n.has_tag_name((W, "tab")) && n.parent().is_some_and(|r| r.has_tag_name((W, "r"))) {
                    s.push('\t');
                } else if n.has_tag_name((W, "br")) {
                    s.push('\n');
                }
            }
            s
        })
        .collect()
}

fn out_dir() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("test-output");
    std::fs::create_dir_all(&dir).expect("create target/test-output");
    dir
}

#[test]
fn sample_is_a_valid_docx() {
    let doc = sample();
    // Time it: the median of 7 renders (the first one warms up).
    let mut bytes = render::docx::render(&doc);
    let mut times = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        bytes = render::docx::render(&doc);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    println!(
        "docx: sample rendered in {:.2} ms (median of 7, {profile} build), {} bytes",
        times[3],
        bytes.len()
    );

    let parts = valid_package(&bytes);
    let headers: Vec<&String> = parts.keys().filter(|k| k.starts_with("word/header")).collect();
    assert_eq!(headers.len(), 2, "a default and a first-page header: {headers:?}");

    let d = &parts["word/document.xml"];
    assert!(d.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4 portrait");
    assert!(d.contains("<w:titlePg"), "different first page");
    assert!(
        d.contains(r#"w:type="first""#) && d.contains(r#"w:type="default""#),
        "both header references"
    );
    assert!(d.contains("<w:tblGrid>"), "explicit table grids");
    assert!(d.contains(r#"<w:tblLayout w:type="fixed""#), "fixed table layout");
    assert!(d.contains(r#"w:ascii="Times New Roman""#) && d.contains(r#"w:eastAsia="Times New Roman""#));
    let s = &parts["word/styles.xml"];
    assert!(
        s.contains(r#"w:hAnsi="Times New Roman""#) && s.contains(r#"w:cs="Times New Roman""#),
        "doc defaults use TNR"
    );

    // One header holds the PAGE field, the other (first page) is empty.
    let with_page: Vec<&&String> = headers
        .iter()
        .filter(|h| parts[h.as_str()].contains("> PAGE </w:instrText>"))
        .collect();
    assert_eq!(with_page.len(), 1, "exactly one header has the PAGE field");

    assert!(parts["docProps/core.xml"].contains(&format!("<dc:title>{}</dc:title>", doc.title)));

    // Every paragraph of the IR is there, in order, with its text intact.
    let ps = paragraphs(d);
    let mut at = 0;
    let mut expect: Vec<String> = Vec::new();
    // Letterhead: a row issuer | Quốc hiệu + Tiêu ngữ, then a row Số | place and date.
    expect.extend(doc.issuer.iter().cloned());
    expect.push(document::NATIONAL_TITLE.into());
    expect.push(document::MOTTO.into());
    expect.push(doc.number_line.clone());
    expect.push(doc.place_date.clone());
    expect.push(doc.doc_type.clone());
    expect.push(doc.title.clone());
    expect.extend(doc.to.iter().cloned());
    expect.extend(doc.body.iter().map(|p| p.text()));
    expect.push("Nơi nhận:".into());
    expect.extend(doc.cc.iter().cloned());
    expect.extend(doc.signature.iter().cloned());
    expect.push(doc.signer.clone());
    for e in &expect {
        match ps[at..].iter().position(|p| p == e) {
            Some(i) => at += i + 1,
            None => panic!("paragraph missing or out of order: {e:?}"),
        }
    }

    let path = out_dir().join("sample.docx");
    std::fs::write(&path, &bytes).expect("write sample.docx");
    println!("docx: wrote {}", path.display());
}

/// The sample with a parent body, a long issuer name, several Kính gửi lines and a
/// chairman's signature: written to `target/test-output/variant.docx` for a look by hand.
#[test]
fn variant_layout_is_valid() {
    let mut doc = sample();
    doc.parent = "UBND TỈNH QUẢNG NGÃI".into();
    doc.issuer = vec!["SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN".into()];
    doc.number_line = "Số: 07/BC-SNNPTNT".into();
    doc.to = vec![
        "Kính gửi:".into(),
        "- Ủy ban nhân dân tỉnh Quảng Ngãi;".into(),
        "- Sở Nội vụ tỉnh Quảng Ngãi;".into(),
        "- Ban Dân vận Tỉnh ủy.".into(),
    ];
    doc.signature = vec!["GIÁM ĐỐC".into()];
    let bytes = render::docx::render(&doc);
    let parts = valid_package(&bytes);
    let ps = paragraphs(&parts["word/document.xml"]);
    for t in doc.to.iter().chain([&doc.parent]) {
        assert!(ps.contains(t), "{t:?} missing");
    }
    std::fs::write(out_dir().join("variant.docx"), &bytes).expect("write variant.docx");
}

fn para(style: ParaStyle, runs: Vec<Run>) -> Para {
    Para {
        style,
        runs,
        field: None,
    }
}

fn hostile() -> Document {
    let nasty = "<w:p>&amp; \"q\" 'a' ]]> <![CDATA[x]]> &#x0; & < > 🇻🇳👩‍👩‍👧 \u{200b}\u{feff}\u{a0}";
    let long: String = "Cải cách hành chính <&> ".repeat(20_000);
    Document {
        parent: format!("CHỦ QUẢN {nasty}"),
        issuer: vec![nasty.into(), "".into(), "RẤT DÀI ".repeat(40)],
        number_line: format!("Số: {nasty}/BC-UBND"),
        place_date: format!("{nasty}, ngày 05 tháng 01 năm 2022"),
        issued: None,
        doc_type: "BÁO CÁO".into(),
        title: format!("Tiêu đề {nasty}\nhai dòng\ttab"),
        to: vec!["Kính gửi:".into(), format!("- {nasty};"), "- B.".into()],
        body: vec![
            para(
                ParaStyle::Heading(Level::Section),
                vec![Run::plain(format!("I. {nasty}"))],
            ),
            para(ParaStyle::Heading(Level::Clause), vec![Run::plain("1. khoản")]),
            para(ParaStyle::Heading(Level::Point), vec![Run::plain("a) điểm")]),
            para(
                ParaStyle::Body,
                vec![
                    Run::plain("x\u{1}\u{8}\u{b}\u{c}\u{1f}\u{fffe}\u{ffff}y\r\nz\rw"),
                    Run {
                        text: nasty.into(),
                        italic: true,
                        bold: true,
                    },
                    Run::plain(""),
                ],
            ),
            para(ParaStyle::Body, vec![Run::plain(long)]),
            para(ParaStyle::Body, vec![]),
        ],
        cc: vec![format!("- {nasty};"), "- Lưu: VT.".into()],
        signature: vec![nasty.into(), "".into()],
        signer: nasty.into(),
        file_name: nasty.into(),
    }
}

fn empty() -> Document {
    Document {
        parent: String::new(),
        issuer: vec![],
        number_line: String::new(),
        place_date: String::new(),
        issued: None,
        doc_type: String::new(),
        title: String::new(),
        to: vec![],
        body: vec![],
        cc: vec![],
        signature: vec![],
        signer: String::new(),
        file_name: String::new(),
    }
}

#[test]
fn hostile_text_stays_text() {
    let doc = hostile();
    let bytes = render::docx::render(&doc);
    std::fs::write(out_dir().join("hostile.docx"), &bytes).expect("write hostile.docx");
    let parts = valid_package(&bytes);
    let ps = paragraphs(&parts["word/document.xml"]);
    let nasty = &doc.signer;
    // XML specials come back as the very same text.
    assert!(ps.iter().any(|p| p == nasty), "signer text did not survive");
    assert!(ps.iter().any(|p| p == &format!("I. {nasty}")));
    assert!(
        ps.iter().any(|p| p == &format!("Tiêu đề {nasty}\nhai dòng\ttab")),
        "newline → break, tab → tab"
    );
    // Forbidden characters are dropped, CR/LF become breaks.
    assert!(
        ps.iter().any(|p| p.starts_with("xy\nz\nw")),
        "{:?}",
        ps.iter().find(|p| p.starts_with('x'))
    );
    assert!(ps.iter().any(|p| p.len() > 400_000), "the long paragraph is whole");
    let core = &parts["docProps/core.xml"];
    assert!(
        core.contains("]]&gt;") && !core.contains("]]>"),
        "title escaped in core.xml"
    );
}

#[test]
fn empty_document_is_valid() {
    let bytes = render::docx::render(&empty());
    std::fs::write(out_dir().join("empty.docx"), &bytes).expect("write empty.docx");
    let parts = valid_package(&bytes);
    assert!(parts.keys().filter(|k| k.starts_with("word/header")).count() == 2);
}

proptest! {
    // No failure file: tests/ has no lib.rs for proptest to put one beside.
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]
    /// Any text in any field: still a valid package, and the text is there.
    #[test]
    fn any_text_gives_a_valid_docx(a in any::<String>(), b in "\\PC{0,40}", c in any::<String>(), bold: bool, italic: bool) {
        let mut doc = empty();
        doc.issuer = vec![a.clone(), b.clone()];
        doc.title = c.clone();
        doc.to = vec![b.clone()];
        doc.body = vec![para(ParaStyle::Body, vec![Run { text: c.clone(), bold, italic }, Run::plain(a.clone())])];
        doc.cc = vec![c.clone()];
        doc.signature = vec![a.clone()];
        doc.signer = b.clone();
        let parts = valid_package(&render::docx::render(&doc));
        let ps = paragraphs(&parts["word/document.xml"]);
        prop_assert!(ps.iter().any(|p| p == &b), "{:?} not found", b);
    }
}
