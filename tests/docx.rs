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
