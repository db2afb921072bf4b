//! The .docx renderer: the sample is a valid package whose XML parts are well formed, and so is
//! a document full of hostile text. Writes `target/test-output/sample.docx` for a look by hand
//! (`tests/docx/readback.py` builds its own copy through the CLI).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::time::Instant;

use baocao::document::{self, Document, Para, ParaStyle};
use baocao::kind::Level;
use baocao::kinds;
use baocao::render;
use baocao::text::Run;
use proptest::prelude::*;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn sample() -> Document {
    let k = kinds::by_id("dan-van-chinh-quyen").unwrap();
    document::build(k, &kinds::sample(k))
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
    for required in ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "docProps/core.xml"]
    {
        assert!(parts.contains_key(required), "missing {required}; parts: {:?}", parts.keys().collect::<Vec<_>>());
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
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("test-output");
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
    println!("docx: sample rendered in {:.2} ms (median of 7, {profile} build), {} bytes", times[3], bytes.len());

    let parts = valid_package(&bytes);
    word_traps(&bytes, &doc);
    let headers: Vec<&String> = parts.keys().filter(|k| k.starts_with("word/header")).collect();
    assert_eq!(headers.len(), 2, "a default and a first-page header: {headers:?}");

    let d = &parts["word/document.xml"];
    assert!(d.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4 portrait");
    assert!(d.contains("<w:titlePg"), "different first page");
    assert!(d.contains(r#"w:type="first""#) && d.contains(r#"w:type="default""#), "both header references");
    assert!(d.contains("<w:tblGrid>"), "explicit table grids");
    assert!(d.contains(r#"<w:tblLayout w:type="fixed""#), "fixed table layout");
    assert!(d.contains(r#"w:ascii="Times New Roman""#) && d.contains(r#"w:eastAsia="Times New Roman""#));
    let s = &parts["word/styles.xml"];
    assert!(
        s.contains(r#"w:hAnsi="Times New Roman""#) && s.contains(r#"w:cs="Times New Roman""#),
        "doc defaults use TNR"
    );

    // One header holds the PAGE field, the other (first page) is empty.
    let with_page: Vec<&&String> =
        headers.iter().filter(|h| parts[h.as_str()].contains("> PAGE </w:instrText>")).collect();
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
    word_traps(&bytes, &doc);
    let ps = paragraphs(&parts["word/document.xml"]);
    for t in doc.to.iter().chain([&doc.parent]) {
        assert!(ps.contains(t), "{t:?} missing");
    }
    std::fs::write(out_dir().join("variant.docx"), &bytes).expect("write variant.docx");
}

fn para(style: ParaStyle, runs: Vec<Run>) -> Para {
    Para { style, runs, field: None }
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
            para(ParaStyle::Heading(Level::Section), vec![Run::plain(format!("I. {nasty}"))]),
            para(ParaStyle::Heading(Level::Clause), vec![Run::plain("1. khoản")]),
            para(ParaStyle::Heading(Level::Point), vec![Run::plain("a) điểm")]),
            para(
                ParaStyle::Body,
                vec![
                    Run::plain("x\u{1}\u{8}\u{b}\u{c}\u{1f}\u{fffe}\u{ffff}y\r\nz\rw"),
                    Run { text: nasty.into(), italic: true, bold: true },
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
        appendices: Vec::new(),
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
        appendices: Vec::new(),
    }
}

#[test]
fn hostile_text_stays_text() {
    let doc = hostile();
    let bytes = render::docx::render(&doc);
    std::fs::write(out_dir().join("hostile.docx"), &bytes).expect("write hostile.docx");
    let parts = valid_package(&bytes);
    word_traps(&bytes, &doc);
    let ps = paragraphs(&parts["word/document.xml"]);
    let nasty = &doc.signer;
    // XML specials come back as the very same text.
    assert!(ps.iter().any(|p| p == nasty), "signer text did not survive");
    assert!(ps.iter().any(|p| p == &format!("I. {nasty}")));
    assert!(ps.iter().any(|p| p == &format!("Tiêu đề {nasty}\nhai dòng\ttab")), "newline → break, tab → tab");
    // Forbidden characters are dropped, CR/LF become breaks.
    assert!(ps.iter().any(|p| p.starts_with("xy\nz\nw")), "{:?}", ps.iter().find(|p| p.starts_with('x')));
    assert!(ps.iter().any(|p| p.len() > 400_000), "the long paragraph is whole");
    let core = &parts["docProps/core.xml"];
    assert!(core.contains("]]&gt;") && !core.contains("]]>"), "title escaped in core.xml");
}

#[test]
fn empty_document_is_valid() {
    let bytes = render::docx::render(&empty());
    std::fs::write(out_dir().join("empty.docx"), &bytes).expect("write empty.docx");
    let parts = valid_package(&bytes);
    word_traps(&bytes, &empty());
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
        let bytes = render::docx::render(&doc);
        let parts = valid_package(&bytes);
        word_traps(&bytes, &doc);
        let ps = paragraphs(&parts["word/document.xml"]);
        prop_assert!(ps.iter().any(|p| p == &b), "{:?} not found", b);
    }
}

// ---------------------------------------------------------------------------------------------
// Word's traps: what makes Word refuse a file or "repair" it, checked on every package above.
// ---------------------------------------------------------------------------------------------

const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT_NS: &str = "http://schemas.openxmlformats.org/package/2006/content-types";

fn xml(s: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(s).expect("well formed")
}

/// The `.rels` part of a part: `word/document.xml` → `word/_rels/document.xml.rels`.
fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The part a relationship target names, resolved against its source part's folder.
fn resolve(source: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut path: Vec<&str> = source.rsplit_once('/').map(|(d, _)| d.split('/').collect()).unwrap_or_default();
    for seg in target.split('/') {
        match seg {
            ".." => {
                path.pop();
            }
            "." | "" => {}
            s => path.push(s),
        }
    }
    path.join("/")
}

/// Every check of issue "A Word-grade .docx" that reads the package back.
fn word_traps(bytes: &[u8], doc: &Document) {
    let raw = unzip(bytes);
    let parts = valid_package(bytes);

    // Entries deflated.
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        assert_eq!(f.compression(), zip::CompressionMethod::Deflated, "{} stored, not deflated", f.name());
    }

    // No comments parts; numbering either absent or complete.
    for unwanted in ["word/comments.xml", "word/commentsExtended.xml"] {
        assert!(!raw.contains_key(unwanted), "{unwanted} is written");
    }
    let d = &parts["word/document.xml"];
    let used_num_ids: Vec<String> = xml(d)
        .descendants()
        .filter(|n| n.has_tag_name((W, "numId")))
        .filter_map(|n| n.attribute((W, "val")).map(str::to_string))
        .collect();
    match parts.get("word/numbering.xml") {
        None => assert!(used_num_ids.is_empty(), "numIds {used_num_ids:?} without a numbering part"),
        Some(n) => {
            let n = xml(n);
            let abstracts: Vec<&str> = n
                .descendants()
                .filter(|e| e.has_tag_name((W, "abstractNum")))
                .filter_map(|e| e.attribute((W, "abstractNumId")))
                .collect();
            for num in n.descendants().filter(|e| e.has_tag_name((W, "num"))) {
                let a =
                    num.children().find(|c| c.has_tag_name((W, "abstractNumId"))).and_then(|c| c.attribute((W, "val")));
                assert!(a.is_some_and(|a| abstracts.contains(&a)), "w:num without its abstractNum");
            }
            for id in &used_num_ids {
                assert!(
                    n.descendants().any(|e| e.has_tag_name((W, "num")) && e.attribute((W, "numId")) == Some(id)),
                    "numId {id} has no w:num"
                );
            }
        }
    }

    // Content types cover every part.
    let ct = xml(&parts["[Content_Types].xml"]);
    let defaults: Vec<String> = ct
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((CT_NS, "Default")))
        .map(|n| n.attribute("Extension").unwrap().to_ascii_lowercase())
        .collect();
    let overrides: Vec<&str> = ct
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((CT_NS, "Override")))
        .map(|n| n.attribute("PartName").unwrap())
        .collect();
    for name in raw.keys().filter(|n| *n != "[Content_Types].xml") {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        // The generic `xml` default (application/xml) does not make a part Word reads: each
        // XML part needs its own content type.
        let own = overrides.contains(&format!("/{name}").as_str()) || (ext != "xml" && defaults.contains(&ext));
        assert!(own, "{name} has no content type of its own");
    }
    for o in &overrides {
        assert!(raw.contains_key(o.trim_start_matches('/')), "content type for a missing part {o}");
    }

    // Relationships: ids unique per source, every internal target exists; the main document
    // relates to its styles, settings, font table, theme and headers.
    let mut doc_rels = Vec::new();
    for (name, text) in parts.iter().filter(|(n, _)| n.ends_with(".rels")) {
        let source = match name.strip_suffix(".rels").and_then(|s| s.rsplit_once("_rels/")) {
            Some((dir, file)) => format!("{dir}{file}"),
            None => panic!("odd rels part name {name}"),
        };
        assert!(source.is_empty() || raw.contains_key(&source), "{name} belongs to no part");
        let mut ids = Vec::new();
        for r in xml(text).descendants().filter(|n| n.has_tag_name((REL_NS, "Relationship"))) {
            let id = r.attribute("Id").unwrap().to_string();
            assert!(!ids.contains(&id), "{name}: relationship id {id} twice");
            ids.push(id.clone());
            if r.attribute("TargetMode") == Some("External") {
                continue;
            }
            let target = resolve(&source, r.attribute("Target").unwrap());
            assert!(raw.contains_key(&target), "{name}: {id} points to missing part {target}");
            if source == "word/document.xml" {
                doc_rels.push((id, r.attribute("Type").unwrap().rsplit('/').next().unwrap().to_string()));
            }
        }
    }
    for ty in ["styles", "settings", "fontTable", "theme", "header"] {
        assert!(doc_rels.iter().any(|(_, t)| t == ty), "document has no {ty} relationship");
    }
    // Every r:id the document uses is one of its relationships.
    let r_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    for n in xml(d).descendants() {
        if let Some(id) = n.attribute((r_ns, "id")) {
            assert!(doc_rels.iter().any(|(i, _)| i == id), "r:id {id} is not a relationship of the document");
        }
    }
    assert!(raw.contains_key(&rels_of("word/document.xml")));

    // No literal line break inside w:t, in any part; fields well formed.
    for (name, text) in parts.iter().filter(|(n, _)| n.starts_with("word/") && n.ends_with(".xml")) {
        let x = xml(text);
        for t in x.descendants().filter(|n| n.has_tag_name((W, "t")) || n.has_tag_name((W, "instrText"))) {
            let s = t.text().unwrap_or("");
            assert!(!s.contains(['\n', '\r']), "{name}: line break inside {}: {s:?}", t.tag_name().name());
        }
        // fldChar begin → instrText → separate → end, balanced, in document order.
        let mut state: Vec<&str> = Vec::new();
        for n in x.descendants() {
            let step = if n.has_tag_name((W, "fldChar")) {
                n.attribute((W, "fldCharType")).unwrap()
            } else if n.has_tag_name((W, "instrText")) {
                "instr"
            } else {
                continue;
            };
            match (state.last().copied(), step) {
                (_, "begin") => state.push("begin"),
                (Some("begin" | "instr"), "instr") => *state.last_mut().unwrap() = "instr",
                (Some("instr"), "separate") => *state.last_mut().unwrap() = "separate",
                (Some("instr" | "separate"), "end") => {
                    state.pop();
                }
                (s, step) => panic!("{name}: field {step} after {s:?}"),
            }
        }
        assert!(state.is_empty(), "{name}: unfinished field {state:?}");
        for f in x.descendants().filter(|n| n.has_tag_name((W, "fldSimple"))) {
            assert!(f.attribute((W, "instr")).is_some_and(|i| !i.trim().is_empty()), "{name}: fldSimple without code");
        }
    }

    // Core properties: title, the issuing body as creator, deterministic dates.
    let core = xml(&parts["docProps/core.xml"]);
    let el = |ns: &str, name: &str| {
        core.descendants().find(|n| n.has_tag_name((ns, name))).map(|n| n.text().unwrap_or("").to_string())
    };
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let dc = "http://purl.org/dc/elements/1.1/";
    let title = one_line(&doc.title.chars().filter(|c| !forbidden(*c)).collect::<String>());
    assert_eq!(el(dc, "title").unwrap_or_default(), title, "dc:title is the trích yếu");
    let issuer = one_line(&doc.issuer.join(" ").chars().filter(|c| !forbidden(*c)).collect::<String>());
    assert_eq!(el(dc, "creator").unwrap_or_default(), issuer, "dc:creator is the issuing body");
    let date = match doc.issued {
        Some(d) => baocao::text::iso_date(d),
        None => render::docx::FIXED_DATE.to_string(),
    };
    for name in ["created", "modified"] {
        assert_eq!(el("http://purl.org/dc/terms/", name), Some(format!("{date}T00:00:00Z")), "dcterms:{name}");
    }
}

fn forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// The kind's blank draft (a new report): valid, and written for tests/docx/validate.py.
#[test]
fn blank_draft_gives_a_valid_docx() {
    let k = kinds::by_id("dan-van-chinh-quyen").unwrap();
    let doc = document::build(k, &k.blank());
    let bytes = render::docx::render(&doc);
    word_traps(&bytes, &doc);
    assert_eq!(doc.issuer, vec!["ỦY BAN NHÂN DÂN".to_string()]);
    std::fs::write(out_dir().join("blank.docx"), &bytes).expect("write blank.docx");
}

/// The same document gives the same bytes; the sample is dated by its issue date.
#[test]
fn output_is_deterministic_and_dated_by_the_issue_date() {
    let doc = sample();
    assert_eq!(doc.issued.map(baocao::text::iso_date).as_deref(), Some("2022-01-05"));
    let a = render::docx::render(&doc);
    assert_eq!(a, render::docx::render(&doc), "two renders differ");
    let parts = valid_package(&a);
    assert!(parts["docProps/core.xml"].contains(">2022-01-05T00:00:00Z</dcterms:created>"));
    assert!(parts["docProps/core.xml"].contains("<dc:creator>ỦY BAN NHÂN DÂN HUYỆN BÌNH SƠN</dc:creator>"));
}

/// Page flow (ND30 practice): a heading never ends a page, and the signature block with
/// "Nơi nhận" never starts a page alone.
#[test]
fn headings_and_the_signature_block_keep_with_their_text() {
    let doc = sample();
    let parts = valid_package(&render::docx::render(&doc));
    let x = xml(&parts["word/document.xml"]);
    let body = x.descendants().find(|n| n.has_tag_name((W, "body"))).unwrap();
    let has = |p: roxmltree::Node, name: &str| {
        p.children().find(|c| c.has_tag_name((W, "pPr"))).is_some_and(|ppr| {
            ppr.children()
                .any(|c| c.has_tag_name((W, name)) && c.attribute((W, "val")).is_none_or(|v| v != "0" && v != "false"))
        })
    };
    let text = |p: roxmltree::Node| -> String {
        p.descendants().filter(|n| n.has_tag_name((W, "t"))).map(|n| n.text().unwrap_or("")).collect()
    };
    let top: Vec<roxmltree::Node> = body.children().filter(|n| n.is_element()).collect();

    // Headings: every body paragraph that is a heading in the document keeps with the next.
    let headings: Vec<String> =
        doc.body.iter().filter(|p| matches!(p.style, ParaStyle::Heading(_))).map(|p| p.text()).collect();
    assert!(headings.len() >= 10, "{headings:?}");
    for h in &headings {
        let p = top.iter().find(|p| p.has_tag_name((W, "p")) && &text(**p) == h).unwrap_or_else(|| panic!("{h:?}"));
        assert!(has(*p, "keepNext") && has(*p, "keepLines"), "heading {h:?} may end a page");
    }

    // The closing table is last before sectPr; the paragraph before it keeps with it.
    let tables: Vec<usize> =
        top.iter().enumerate().filter(|(_, n)| n.has_tag_name((W, "tbl"))).map(|(i, _)| i).collect();
    let closing = *tables.last().unwrap();
    assert!(top[closing + 1].has_tag_name((W, "sectPr")), "the closing table ends the body");
    let last = top[closing - 1];
    assert_eq!(text(last), doc.body.last().unwrap().text(), "last body paragraph right before the closing");
    assert!(has(last, "keepNext") && has(last, "keepLines"), "the last body paragraph may stay behind");

    // Inside the closing table: rows never split, paragraphs keep together.
    let closing = top[closing];
    let rows: Vec<roxmltree::Node> = closing.children().filter(|n| n.has_tag_name((W, "tr"))).collect();
    assert!(!rows.is_empty());
    for row in &rows {
        let cant_split = row
            .children()
            .find(|c| c.has_tag_name((W, "trPr")))
            .is_some_and(|t| t.children().any(|c| c.has_tag_name((W, "cantSplit"))));
        assert!(cant_split, "a closing row may split across pages");
        for cell in row.children().filter(|c| c.has_tag_name((W, "tc"))) {
            let ps: Vec<roxmltree::Node> = cell.children().filter(|c| c.has_tag_name((W, "p"))).collect();
            for p in &ps[..ps.len() - 1] {
                assert!(has(*p, "keepNext"), "closing paragraph {:?} does not keep with the next", text(*p));
            }
        }
    }
    assert!(text(closing).contains("Nơi nhận:"));
}

// ---------------------------------------------------------------------------------------------
// Appendices: the figure tables of tiếp công dân on landscape sections.
// ---------------------------------------------------------------------------------------------

fn tcd_xa() -> baocao::model::Draft {
    kinds::sample(kinds::by_id("tiep-cong-dan").unwrap())
}

fn tcd_tinh() -> baocao::model::Draft {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiep-cong-dan-tinh.baocao.json");
    baocao::draft_io::parse_bytes(&std::fs::read(path).unwrap()).unwrap()
}

fn build(d: &baocao::model::Draft) -> Document {
    document::build(kinds::by_id(&d.kind).unwrap(), d)
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name((W, name)))
}

fn children<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    n.children().filter(move |c| c.has_tag_name((W, name)))
}

fn wval<'a>(n: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

fn texts(n: roxmltree::Node) -> String {
    n.descendants().filter(|t| t.has_tag_name((W, "t"))).map(|t| t.text().unwrap_or("")).collect()
}

/// A table cell as placed on the grid: (first column, span, vMerge value, text).
type GridCell = (usize, usize, Option<String>, String);

/// The section properties of a document, in order: (width, height, orient, has header refs).
fn sections(x: &roxmltree::Document) -> Vec<(u32, u32, Option<String>, bool)> {
    x.descendants()
        .filter(|n| n.has_tag_name((W, "sectPr")))
        .map(|s| {
            let sz = child(s, "pgSz").unwrap();
            let num = |a: &str| wval(sz, a).unwrap().parse::<u32>().unwrap();
            (num("w"), num("h"), wval(sz, "orient").map(str::to_string), child(s, "headerReference").is_some())
        })
        .collect()
}

#[test]
fn appendices_are_landscape_sections_with_merged_headers() {
    for (name, d, units) in [("tcd-xa.docx", tcd_xa(), 1), ("tcd-tinh.docx", tcd_tinh(), 3)] {
        let doc = build(&d);
        assert_eq!(doc.appendices.len(), 2, "{name}: Biểu 01/TCD and 01/XLD");
        let bytes = render::docx::render_with_draft(&doc, Some(&d));
        std::fs::write(out_dir().join(name), &bytes).expect("write");
        let parts = valid_package(&bytes);
        word_traps(&bytes, &doc);
        let x = xml(&parts["word/document.xml"]);
        let body = x.descendants().find(|n| n.has_tag_name((W, "body"))).unwrap();

        // One portrait section ending the report (in a paragraph), then one landscape section
        // per appendix; the body's own sectPr is the last appendix's.
        let secs = sections(&x);
        assert_eq!(secs.len(), 1 + doc.appendices.len(), "{name}: {secs:?}");
        assert_eq!(secs[0], (11906, 16838, None, true), "{name}: the report stays A4 portrait");
        for s in &secs[1..] {
            assert_eq!(s, &(16838, 11906, Some("landscape".into()), false), "{name}: an appendix on A4 landscape");
        }
        let last = body.children().rfind(|n| n.is_element()).unwrap();
        assert!(last.has_tag_name((W, "sectPr")) && wval(child(last, "pgSz").unwrap(), "orient") == Some("landscape"));
        let breaks: Vec<roxmltree::Node> = body
            .children()
            .filter(|p| p.has_tag_name((W, "p")) && child(*p, "pPr").and_then(|ppr| child(ppr, "sectPr")).is_some())
            .collect();
        assert_eq!(breaks.len(), doc.appendices.len(), "{name}: section breaks in paragraphs");
        let top: Vec<roxmltree::Node> = body.children().filter(|n| n.is_element()).collect();
        let first_break = top.iter().position(|n| *n == breaks[0]).unwrap();
        assert!(texts(top[first_break - 1]).contains("Nơi nhận:"), "{name}: the report ends before the break");

        let tables: Vec<roxmltree::Node> =
            top[first_break..].iter().copied().filter(|n| n.has_tag_name((W, "tbl"))).collect();
        assert_eq!(tables.len(), doc.appendices.len(), "{name}");
        for (a, tbl) in doc.appendices.iter().zip(&tables) {
            // The heading lines before the table, kept with it.
            let i = top.iter().position(|n| n == tbl).unwrap();
            let before: Vec<String> = top[i - 5..i].iter().map(|p| texts(*p)).collect();
            assert_eq!(
                before,
                [a.heading.clone(), a.form.clone(), a.title.clone(), a.window.clone(), a.attached_to.clone()],
                "{name}"
            );

            let tblpr = child(*tbl, "tblPr").unwrap();
            assert_eq!(wval(child(tblpr, "tblLayout").unwrap(), "type"), Some("fixed"));
            let borders = child(tblpr, "tblBorders").unwrap();
            for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
                assert_eq!(wval(child(borders, side).unwrap(), "val"), Some("single"), "{name}: border {side}");
            }
            let grid: Vec<u32> = children(child(*tbl, "tblGrid").unwrap(), "gridCol")
                .map(|g| wval(g, "w").unwrap().parse().unwrap())
                .collect();
            let numbers = a.ms.iter().skip(1).filter(|m| !m.is_empty()).count();
            assert!(numbers == 29 || numbers == 26, "{name}: {numbers} number columns");
            assert_eq!(grid.len(), numbers + 2, "{name}: Đơn vị, {numbers} numbers, Ghi chú");
            assert_eq!(grid.iter().sum::<u32>(), render::docx::LAND_TEXT_WIDTH as u32, "{name}: fits the text width");
            assert!(grid[1..=numbers].windows(2).all(|w| w[0] == w[1]), "{name}: equal number columns {grid:?}");

            let rows: Vec<roxmltree::Node> = children(*tbl, "tr").collect();
            assert_eq!(rows.len(), a.header_rows + 1 + units + 1, "{name}: header, MS, units, Tổng");
            // Every row spans the whole grid; every row is cantSplit; the header rows and the
            // MS row (and only they) repeat on each page.
            let mut place: Vec<Vec<GridCell>> = Vec::new();
            for (r, row) in rows.iter().enumerate() {
                let trpr = child(*row, "trPr").unwrap();
                assert!(child(trpr, "cantSplit").is_some(), "{name}: row {r} may split");
                assert_eq!(child(trpr, "tblHeader").is_some(), r <= a.header_rows, "{name}: row {r} tblHeader");
                let mut col = 0;
                let mut cells = Vec::new();
                for tc in children(*row, "tc") {
                    let tcpr = child(tc, "tcPr").unwrap();
                    let span = child(tcpr, "gridSpan").map_or(1, |g| wval(g, "val").unwrap().parse().unwrap());
                    let width: u32 = wval(child(tcpr, "tcW").unwrap(), "w").unwrap().parse().unwrap();
                    assert_eq!(width, grid[col..col + span].iter().sum::<u32>(), "{name}: row {r} cell width");
                    let vmerge = child(tcpr, "vMerge").map(|v| wval(v, "val").unwrap_or("continue").to_string());
                    cells.push((col, span, vmerge, texts(tc)));
                    col += span;
                }
                assert_eq!(col, grid.len(), "{name}: row {r} covers the grid");
                place.push(cells);
            }
            // The merged header as the document describes it.
            for c in &a.header {
                let at = |r: usize| place[r].iter().find(|p| p.0 == c.col).unwrap_or_else(|| panic!("{name}: {c:?}"));
                let first = at(c.row);
                assert_eq!((first.1, first.3.as_str()), (c.col_span, c.text.as_str()), "{name}: {c:?}");
                if c.row_span > 1 {
                    assert_eq!(first.2.as_deref(), Some("restart"), "{name}: {c:?}");
                    for r in c.row + 1..c.row + c.row_span {
                        let cont = at(r);
                        assert_eq!((cont.1, cont.2.as_deref(), cont.3.as_str()), (c.col_span, Some("continue"), ""));
                    }
                } else {
                    assert_eq!(first.2, None, "{name}: {c:?}");
                }
            }
            // MS row, unit rows, Tổng in bold.
            let ms: Vec<&str> = place[a.header_rows].iter().map(|p| p.3.as_str()).collect();
            assert_eq!(ms, a.ms, "{name}: MS row");
            for (k, r) in a.rows.iter().enumerate() {
                let row = &place[a.header_rows + 1 + k];
                let got: Vec<&str> = row.iter().map(|p| p.3.as_str()).collect();
                let mut want = vec![r.name.as_str()];
                want.extend(r.cells.iter().map(String::as_str));
                assert_eq!(got, want, "{name}: row {}", r.name);
                let tr = rows[a.header_rows + 1 + k];
                let runs: Vec<roxmltree::Node> = tr.descendants().filter(|n| n.has_tag_name((W, "r"))).collect();
                assert!(!runs.is_empty());
                for run in runs {
                    let rpr = child(run, "rPr").unwrap();
                    assert_eq!(child(rpr, "b").is_some(), r.total, "{name}: bold only in Tổng");
                    let sz: u32 = wval(child(rpr, "sz").unwrap(), "val").unwrap().parse().unwrap();
                    assert!((18..=22).contains(&sz), "{name}: {sz} half-points");
                }
            }
            assert!(a.rows.last().unwrap().total && a.rows.last().unwrap().name == "Tổng");
            // Header labels of the narrow number columns are rotated; others are not.
            for tc in rows[..a.header_rows].iter().flat_map(|r| children(*r, "tc")) {
                let tcpr = child(tc, "tcPr").unwrap();
                let span = child(tcpr, "gridSpan").is_some();
                let turned = child(tcpr, "textDirection").map(|t| wval(t, "val").unwrap());
                let t = texts(tc);
                if turned.is_some() {
                    assert_eq!(turned, Some("btLr"));
                    assert!(!span && t != "Đơn vị" && t != "Ghi chú", "{name}: {t:?} rotated");
                } else if !span && !t.is_empty() {
                    assert!(t == "Đơn vị" || t == "Ghi chú", "{name}: {t:?} not rotated");
                }
            }
        }
    }
}

/// The dân vận report has no appendix: one portrait section, as before.
#[test]
fn a_report_without_tables_has_one_portrait_section() {
    let parts = valid_package(&render::docx::render(&sample()));
    let x = xml(&parts["word/document.xml"]);
    assert_eq!(sections(&x), vec![(11906, 16838, None, true)]);
}

#[test]
fn plain_text_prints_the_appendices() {
    let doc = build(&tcd_tinh());
    let text = render::plain::render(&doc);
    let a = &doc.appendices[0];
    for l in [&a.heading, &a.form, &a.title, &a.window, &a.attached_to] {
        assert!(text.lines().any(|t| t == l), "{l:?} missing");
    }
    assert!(text.contains("\nMS\t1=4+13+22\t2=5+14+23\t3=6+7+15+16+24+25\t4\t"), "the MS row");
    assert!(text.contains("\tTiếp thường xuyên / Số vụ việc / Tiếp lần đầu\t"), "a column's header path");
    let total = text.lines().find(|l| l.starts_with("Tổng\t264\t346\t226\t")).expect("the Tổng row of 01/TCD");
    assert_eq!(total.split('\t').count(), 31);
    assert!(text.contains("\nPHỤ LỤC 02\nBiểu số 01/XLD\n"));
}

// ---------------------------------------------------------------------------------------------
// The draft kept in the .docx.
// ---------------------------------------------------------------------------------------------

/// Rewrite one part of a zip (a .docx), the others copied as they are.
fn patch_zip(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) -> Vec<u8> {
    use std::io::Write;
    let mut zin = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if let Some(data) = edit(&name, data) {
            w.start_file(name, opts).unwrap();
            w.write_all(&data).unwrap();
        }
    }
    w.finish().unwrap().into_inner()
}

fn every_draft() -> Vec<(String, baocao::model::Draft)> {
    let mut out: Vec<(String, baocao::model::Draft)> =
        kinds::all().into_iter().map(|k| (format!("{} sample", k.id), kinds::sample(k))).collect();
    out.extend(kinds::all().into_iter().map(|k| (format!("{} blank", k.id), k.blank())));
    out.push(("tiep-cong-dan tỉnh".into(), tcd_tinh()));
    out
}

#[test]
fn every_docx_carries_its_draft() {
    let drafts = every_draft();
    assert!(drafts.len() >= 5, "{}", drafts.len());
    for (name, d) in drafts {
        let doc = build(&d);
        let bytes = render::docx::render_with_draft(&doc, Some(&d));
        assert_eq!(bytes, render::docx::render_with_draft(&doc, Some(&d)), "{name}: deterministic");
        let parts = valid_package(&bytes);
        word_traps(&bytes, &doc);
        // The part, its properties, the relationships and the content types.
        let item = xml(&parts["customXml/item1.xml"]);
        let root = item.root_element();
        assert_eq!((root.tag_name().namespace(), root.tag_name().name()), (Some("urn:baocao:draft:1"), "draft"));
        let props = xml(&parts["customXml/itemProps1.xml"]);
        let id = props
            .root_element()
            .attribute(("http://schemas.openxmlformats.org/officeDocument/2006/customXml", "itemID"));
        let id = id.unwrap_or_else(|| panic!("{name}: no itemID"));
        assert!(id.len() == 38 && id.starts_with('{') && id.ends_with('}'), "{name}: {id}");
        assert!(parts["word/_rels/document.xml.rels"].contains(
            r#"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="/customXml/item1.xml""#
        ));
        assert!(parts["customXml/_rels/item1.xml.rels"]
            .contains("relationships/customXmlProps\" Target=\"itemProps1.xml\""));
        assert!(parts["[Content_Types].xml"].contains(
            r#"<Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/>"#
        ));
        // Opening the .docx opens the draft, as it was rendered, and the text matches it.
        assert_eq!(baocao::draft_io::parse_bytes(&bytes).as_ref(), Ok(&d), "{name}: round trip");
        let (back, differs) = baocao::draft_io::parse_docx(&bytes).unwrap();
        assert_eq!(back, d, "{name}");
        assert!(differs.is_empty(), "{name}: {differs:?}");
    }
}

/// Text no CDATA section can hold as is: `]]>`, and U+FFFE (in a field no kind declares,
/// so the reader keeps it as written).
#[test]
fn a_draft_with_cdata_traps_comes_back_exactly() {
    let mut d = tcd_tinh();
    let trap = "a ]]> b ]]]]> c <![CDATA[ d \u{fffe}\u{ffff} e & < \" 🇻🇳";
    d.fields.insert("x-note".into(), serde_json::Value::String(trap.into()));
    d.set("signature.name", serde_json::Value::String("Trần ]]> Minh".into()));
    let bytes = render::docx::render_with_draft(&build(&d), Some(&d));
    let parts = valid_package(&bytes);
    assert!(!parts["customXml/item1.xml"].contains('\u{fffe}'));
    assert_eq!(baocao::draft_io::parse_bytes(&bytes), Ok(d));
}

#[test]
fn a_docx_without_the_draft_says_why() {
    let bytes = render::docx::render(&sample());
    let e = baocao::draft_io::parse_bytes(&bytes).unwrap_err();
    assert!(e.0.starts_with("Tệp .docx này không do baocao tạo nên không có bản nháp kèm theo; "), "{e}");
    assert_eq!(e.0, baocao::draft_io::NO_DRAFT);
    // A broken zip, and a custom XML part that is someone else's.
    let e = baocao::draft_io::parse_bytes(b"PK\x03\x04 not really a zip").unwrap_err();
    assert!(e.0.contains("không đọc được"), "{e}");
    let d = tcd_xa();
    let with = render::docx::render_with_draft(&build(&d), Some(&d));
    let other = patch_zip(&with, |n, data| {
        Some(if n == "customXml/item1.xml" { br#"<b:Sources xmlns:b="urn:other"/>"#.to_vec() } else { data })
    });
    assert_eq!(baocao::draft_io::parse_bytes(&other).unwrap_err().0, baocao::draft_io::NO_DRAFT);
}

#[test]
fn an_edited_docx_opens_its_draft_with_the_paragraphs_that_differ() {
    let d = tcd_tinh();
    let doc = build(&d);
    let bytes = render::docx::render_with_draft(&doc, Some(&d));
    let old = doc.body.iter().map(|p| p.text()).find(|t| t.starts_with("- Một số vụ việc")).unwrap();
    let cell = &doc.appendices[0].rows[0].name;
    let edited = patch_zip(&bytes, |n, data| {
        if n != "word/document.xml" {
            return Some(data);
        }
        let s = String::from_utf8(data).unwrap();
        assert!(s.contains(&old) && s.contains(cell.as_str()));
        // One paragraph reworded, one table cell renamed, the signer's paragraph removed.
        let s = s.replacen(&old, "- Đoạn này đã sửa trong Word.", 1).replacen(cell.as_str(), "Ban TCD (sửa)", 1);
        let signer = format!(">{}<", doc.signer);
        Some(s.replacen(&signer, "><", 1).into_bytes())
    });
    let (back, differs) = baocao::draft_io::parse_docx(&edited).unwrap();
    assert_eq!(back, d, "the draft opens as baocao wrote it");
    assert_eq!(
        differs,
        vec!["- Đoạn này đã sửa trong Word.".to_string(), format!("[đã xóa] {}", doc.signer), "Ban TCD (sửa)".into()]
    );
    let notice = baocao::draft_io::edited_notice(&differs, 20).unwrap();
    assert!(notice.contains("ở 3 đoạn") && notice.contains("“- Đoạn này đã sửa trong Word.”"), "{notice}");
    // parse_bytes (the web app's Mở tệp) opens it too.
    assert_eq!(baocao::draft_io::parse_bytes(&edited), Ok(d));
}

/// A zip bomb: a small .docx whose draft part inflates past the cap is refused unread.
#[test]
fn a_draft_part_too_large_when_inflated_is_refused() {
    let d = tcd_xa();
    let bytes = render::docx::render_with_draft(&build(&d), Some(&d));
    let huge = (baocao::draft_io::MAX_DRAFT_PART + 1) as usize;
    let bomb = patch_zip(&bytes, |n, data| Some(if n == "customXml/item1.xml" { vec![b' '; huge] } else { data }));
    assert!(bomb.len() < 200_000, "{} bytes", bomb.len());
    let e = baocao::draft_io::parse_bytes(&bomb).unwrap_err();
    assert!(e.0.contains("quá lớn"), "{e}");
}

/// A column whose figures are wider than its equal share gets what it needs; the others
/// share the rest, the table still the landscape text width.
#[test]
fn a_column_of_wide_figures_is_wider() {
    let mut d = tcd_tinh();
    for i in 0..3 {
        let p = format!("reception.figures.units.{i}.c1");
        let v = d.count(&p).unwrap();
        d.set(&p, serde_json::json!(v * 1000));
    }
    d.set("reception.figures.total.c1", serde_json::json!(264_000));
    let doc = build(&d);
    assert_eq!(doc.appendices[0].rows.last().unwrap().cells[0], "264.000");
    let parts = valid_package(&render::docx::render_with_draft(&doc, Some(&d)));
    let x = xml(&parts["word/document.xml"]);
    let tbl = x.descendants().filter(|n| n.has_tag_name((W, "tbl"))).nth(2).unwrap();
    let grid: Vec<u32> =
        children(child(tbl, "tblGrid").unwrap(), "gridCol").map(|g| wval(g, "w").unwrap().parse().unwrap()).collect();
    assert_eq!(grid.len(), 31);
    assert_eq!(grid.iter().sum::<u32>(), render::docx::LAND_TEXT_WIDTH as u32);
    assert!(grid[1] > grid[2] && grid[2..30].windows(2).all(|w| w[0] == w[1]), "{grid:?}");
    // "264.000" at 10 pt bold is about 33 pt = 660 twips, plus the cell padding.
    assert!(grid[1] >= 700, "{grid:?}");
}

/// Another program's custom XML parts beside ours, ours renumbered: the draft is still found.
#[test]
fn the_draft_is_found_among_other_custom_xml_parts() {
    use std::io::Write;
    let d = tcd_xa();
    let bytes = render::docx::render_with_draft(&build(&d), Some(&d));
    let ours = unzip(&bytes)["customXml/item1.xml"].clone();
    // customXml/item1.xml becomes someone else's; ours moves to item3.xml.
    let moved = patch_zip(&bytes, |n, data| {
        Some(if n == "customXml/item1.xml" { br#"<b:Sources xmlns:b="urn:other"/>"#.to_vec() } else { data })
    });
    let mut zin = zip::ZipArchive::new(Cursor::new(moved.as_slice())).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.raw_copy_file(zin.by_name("[Content_Types].xml").unwrap()).unwrap();
    for i in 0..zin.len() {
        let f = zin.by_index(i).unwrap();
        if f.name() != "[Content_Types].xml" {
            w.raw_copy_file(f).unwrap();
        }
    }
    w.start_file("customXml/item3.xml", zip::write::SimpleFileOptions::default()).unwrap();
    w.write_all(&ours).unwrap();
    let both = w.finish().unwrap().into_inner();
    assert_eq!(baocao::draft_io::parse_bytes(&both), Ok(d));
}
