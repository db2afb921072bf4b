//! The .xlsx of the figure tables (`render::xlsx`): one sheet per table named by its form
//! code, the merged header as the header tree, the MS row, the figures as numbers, a formula
//! in every total column (its first group of parts) and `SUM` over the unit rows in the Tổng
//! row, each with its value cached; a total that disagrees with its parts is the number
//! entered; the same draft gives the same bytes. The sheets are read from the package's XML
//! (zip + roxmltree). `tests/docx/xlsx.py` reads the same workbooks with LibreOffice.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use baocao::document;
use baocao::kind::{FieldType, FigureTable, Kind};
use baocao::kinds;
use baocao::model::Draft;
use baocao::render::xlsx;
use serde_json::json;

const S: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

fn kntc() -> &'static Kind {
    kinds::by_id("tiep-cong-dan").expect("the tiếp công dân kind")
}

fn tinh() -> Draft {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiep-cong-dan-tinh.baocao.json"))
            .expect("the three-unit fixture");
    baocao::draft_io::parse(&text).expect("the fixture reads")
}

fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("the .xlsx is a zip");
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("zip entry");
        let mut s = String::new();
        f.read_to_string(&mut s).expect("a UTF-8 part");
        parts.insert(f.name().to_string(), s);
    }
    parts
}

/// One cell as written: its formula, its (cached) value, whether it is a shared string.
#[derive(Debug, Clone, Default, PartialEq)]
struct Cell {
    formula: Option<String>,
    value: Option<String>,
    string: bool,
}

struct Sheet {
    name: String,
    cells: BTreeMap<String, Cell>,
    merges: Vec<String>,
    /// Shared strings resolved: the text of each string cell.
    texts: BTreeMap<String, String>,
}

impl Sheet {
    fn text(&self, r: &str) -> &str {
        self.texts.get(r).map_or("", String::as_str)
    }
    /// The first row (1-based) whose column A reads `s`.
    fn row_of(&self, s: &str) -> u32 {
        self.texts
            .iter()
            .filter(|(r, t)| r.starts_with('A') && r[1..].chars().all(|c| c.is_ascii_digit()) && t.as_str() == s)
            .map(|(r, _)| r[1..].parse::<u32>().unwrap())
            .min()
            .unwrap_or_else(|| panic!("no row “{s}” in {}", self.name))
    }
}

fn sheets(bytes: &[u8]) -> Vec<Sheet> {
    let parts = unzip(bytes);
    for (name, xml) in &parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{name} is not well formed: {e}"));
        }
    }
    let sst = roxmltree::Document::parse(&parts["xl/sharedStrings.xml"]).unwrap();
    let strings: Vec<String> = sst
        .descendants()
        .filter(|n| n.has_tag_name((S, "si")))
        .map(|si| si.descendants().filter(|n| n.has_tag_name((S, "t"))).filter_map(|t| t.text()).collect())
        .collect();
    let wb = roxmltree::Document::parse(&parts["xl/workbook.xml"]).unwrap();
    let names: Vec<String> = wb
        .descendants()
        .filter(|n| n.has_tag_name((S, "sheet")))
        .map(|n| n.attribute("name").unwrap().into())
        .collect();
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let x = roxmltree::Document::parse(&parts[&format!("xl/worksheets/sheet{}.xml", i + 1)]).unwrap();
            let mut cells = BTreeMap::new();
            let mut texts = BTreeMap::new();
            for c in x.descendants().filter(|n| n.has_tag_name((S, "c"))) {
                let r = c.attribute("r").unwrap().to_string();
                let child = |tag: &str| {
                    c.children().find(|n| n.has_tag_name((S, tag))).and_then(|n| n.text()).map(String::from)
                };
                let cell = Cell { formula: child("f"), value: child("v"), string: c.attribute("t") == Some("s") };
                if cell.string {
                    let i: usize = cell.value.as_deref().unwrap().parse().unwrap();
                    texts.insert(r.clone(), strings[i].clone());
                }
                cells.insert(r, cell);
            }
            let merges = x
                .descendants()
                .filter(|n| n.has_tag_name((S, "mergeCell")))
                .map(|n| n.attribute("ref").unwrap().to_string())
                .collect();
            Sheet { name, cells, merges, texts }
        })
        .collect()
}

fn col(i: usize) -> String {
    // 0 → A; the tables have fewer than 702 columns.
    if i < 26 {
        ((b'A' + i as u8) as char).to_string()
    } else {
        format!("{}{}", (b'A' + (i / 26 - 1) as u8) as char, (b'A' + (i % 26) as u8) as char)
    }
}

fn tables(k: &Kind) -> Vec<(&'static str, &'static str, &FigureTable)> {
    k.fields()
        .filter_map(|(_, f)| match &f.ty {
            FieldType::Table(t) => Some((f.path, f.label, t)),
            _ => None,
        })
        .collect()
}

#[test]
fn one_sheet_per_table_named_by_its_form_code() {
    let k = kntc();
    let bytes = xlsx::render(k, &kinds::sample(k)).unwrap();
    let names: Vec<String> = sheets(&bytes).into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["01-TCD", "01-XLD", "Số liệu giải quyết khiếu nại"]);
    // Fixed-row tables get a sheet too.
    let dv = kinds::by_id("dan-van-chinh-quyen").unwrap();
    let names: Vec<String> =
        sheets(&xlsx::render(dv, &kinds::sample(dv)).unwrap()).into_iter().map(|s| s.name).collect();
    assert_eq!(names.len(), tables(dv).len(), "{names:?}");
    assert!(names.iter().all(|n| n.chars().count() <= 31), "{names:?}");
    assert!(xlsx::has_tables(k) && xlsx::has_tables(dv));
}

#[test]
fn the_header_is_merged_as_the_header_tree() {
    let k = kntc();
    let d = tinh();
    let all = sheets(&xlsx::render(k, &d).unwrap());
    for ((path, _, t), s) in tables(k).into_iter().zip(&all).filter(|((_, _, t), _)| t.units) {
        let ms = s.row_of("MS");
        let (cells, depth) = document::header_cells("Đơn vị", t.cols);
        let top = ms - depth as u32; // 1-based row of the header's first row
        for c in &cells {
            let (r0, c0) = (top + c.row as u32, c.col);
            let (r1, c1) = (r0 + c.row_span as u32 - 1, c0 + c.col_span - 1);
            let at = format!("{}{r0}", col(c0));
            assert_eq!(s.text(&at), c.text, "{path}: header cell {at}");
            if (r0, c0) != (r1, c1) {
                let want = format!("{at}:{}{r1}", col(c1));
                assert!(s.merges.contains(&want), "{path}: merge {want} in {:?}", s.merges);
            }
        }
        // The MS row: `1=4+13+22` and the bare numbers.
        for (j, c) in t.cols.iter().enumerate() {
            let want = if c.ms > 0 { c.ms_text() } else { String::new() };
            assert_eq!(s.text(&format!("{}{ms}", col(j + 1))), want, "{path}: MS of {}", c.id);
        }
        // The title and the window above.
        let above: Vec<&str> = (1..top).map(|r| s.text(&format!("A{r}"))).collect();
        assert!(above.contains(&t.title) && above.contains(&t.form), "{above:?}");
        assert!(above.iter().any(|l| l.starts_with("Số liệu tính từ ngày 15/6/2026 đến ngày 14/9/2026")), "{above:?}");
    }
}

#[test]
fn figures_are_numbers_totals_are_formulas_with_cached_values() {
    let k = kntc();
    let d = tinh();
    let all = sheets(&xlsx::render(k, &d).unwrap());
    for ((path, _, t), s) in tables(k).into_iter().zip(&all).filter(|((_, _, t), _)| t.units) {
        let first = s.row_of("MS") + 1;
        let rows = t.row_paths(path, &d);
        let units = rows.len() - 1;
        assert_eq!(units, 3);
        for (i, (rpath, name)) in rows.iter().enumerate() {
            let r = first + i as u32;
            assert_eq!(s.text(&format!("A{r}")), name);
            let total = i == units;
            for (j, c) in t.cols.iter().enumerate() {
                let at = format!("{}{r}", col(j + 1));
                let cell = s.cells.get(&at).cloned().unwrap_or_default();
                let p = format!("{rpath}.{}", c.id);
                if c.text {
                    assert!(cell.formula.is_none(), "{at}");
                    continue;
                }
                let v = d.count(&p).map(|v| v.to_string());
                assert_eq!(cell.value, v, "{path} {at} ({p}): the draft's figure");
                assert!(!cell.string, "{at} is a number");
                let want = if total {
                    Some(format!("SUM({}{first}:{}{})", col(j + 1), col(j + 1), first + units as u32 - 1))
                } else {
                    c.sum_of.first().map(|g| {
                        g.iter()
                            .map(|ms| format!("{}{r}", col(t.cols.iter().position(|x| x.ms == *ms).unwrap() + 1)))
                            .collect::<Vec<_>>()
                            .join("+")
                    })
                };
                assert_eq!(cell.formula, want, "{path} {at} ({p})");
            }
        }
    }
    // `=E12+N12+W12`: Tổng số lượt tiếp of the first unit is [4]+[13]+[22].
    let tcd = &all[0];
    let r = tcd.row_of("MS") + 1;
    assert_eq!(tcd.cells[&format!("B{r}")].formula.as_deref(), Some(format!("E{r}+N{r}+W{r}").as_str()));
}

#[test]
fn a_total_that_disagrees_stays_the_number_entered() {
    let k = kntc();
    let mut d = tinh();
    let c1 = d.count("reception.figures.units.0.c1").unwrap();
    d.set("reception.figures.units.0.c1", json!(c1 + 1));
    d.set("reception.figures.units.1.c2", serde_json::Value::Null);
    let s = &sheets(&xlsx::render(k, &d).unwrap())[0];
    let r = s.row_of("MS") + 1;
    let cell = &s.cells[&format!("B{r}")];
    assert_eq!((cell.formula.as_deref(), cell.value.as_deref()), (None, Some((c1 + 1).to_string().as_str())));
    // The Tổng of that column no longer sums the units: the number entered, too.
    let total = s.row_of("Tổng");
    assert!(s.cells[&format!("B{total}")].formula.is_none());
    // An empty total stays empty (no formula fills it).
    let cell = s.cells.get(&format!("C{}", r + 1)).cloned().unwrap_or_default();
    assert_eq!((cell.formula, cell.value), (None, None));
}

#[test]
fn the_same_draft_gives_the_same_bytes_dated_by_the_report() {
    let k = kntc();
    let d = tinh();
    let a = xlsx::render(k, &d).unwrap();
    assert_eq!(a, xlsx::render(k, &d).unwrap());
    let core = &unzip(&a)["docProps/core.xml"];
    assert!(core.contains(">2026-09-18T00:00:00Z</dcterms:created>"), "{core}");
    let mut undated = d.clone();
    undated.remove("letterhead.date");
    let core = &unzip(&xlsx::render(k, &undated).unwrap())["docProps/core.xml"];
    assert!(core.contains(">2020-03-05T00:00:00Z</dcterms:created>"), "{core}");
}

#[test]
fn the_file_name_is_the_docx_one() {
    let k = kntc();
    let doc = document::build(k, &tinh());
    assert_eq!(xlsx::file_name(&doc), doc.file_name.replace(".docx", ".xlsx"));
    assert!(xlsx::file_name(&doc).ends_with(".xlsx"));
}

#[test]
fn a_blank_draft_gives_empty_sheets() {
    for k in kinds::all() {
        let bytes = xlsx::render(k, &k.blank()).unwrap();
        assert_eq!(sheets(&bytes).len(), tables(k).len(), "{}", k.id);
    }
}

#[test]
fn the_command_line_writes_the_same_workbook() {
    let dir = std::env::temp_dir().join(format!("baocao-xlsx-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out.xlsx");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiep-cong-dan-tinh.baocao.json");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["render", fixture, "--format", "xlsx", "-o"])
        .arg(&out)
        .output()
        .expect("baocao runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let written = std::fs::read(&out).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(written, xlsx::render(kntc(), &tinh()).unwrap());
}
