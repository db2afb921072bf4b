//! Reading a kind file (format: `docs/kind-format.md`, schema: `docs/kind.schema.json`) into
//! a [`Kind`]. The reader takes a JSON value, so the web page can hand it what the browser's
//! `JSON.parse` made, and walks it by hand: every problem becomes one Vietnamese sentence that
//! names its place in the file (and, given the text, its line), and reading goes on to find the
//! others. It never panics. The rules and the sample of the file are read above this layer.

use serde_json::{Map, Value};

use super::{Axis, Block, Field, FieldType, FigureTable, Kind, Level, Step};
use crate::frame::PERIOD_TYPES;

/// The `format` marker of a kind file.
pub const FORMAT: &str = "baocao-kind";
/// The kind file format version this build reads.
pub const VERSION: u64 = 1;

/// One problem of a kind file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where: `steps[3].fields[0].type` (empty: the file as a whole).
    pub at: String,
    /// The line in the file, when the text is known.
    pub line: Option<usize>,
    /// What is wrong, in one Vietnamese sentence.
    pub message: String,
}

impl Problem {
    pub fn new(at: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { at: at.into(), line: None, message: message.into() }
    }

    /// The problem as the author reads it: `Dòng 12 (steps[3].fields[0].type): …`.
    pub fn sentence(&self) -> String {
        match (self.line, self.at.is_empty()) {
            (Some(l), false) => format!("Dòng {l} ({}): {}", self.at, self.message),
            (Some(l), true) => format!("Dòng {l}: {}", self.message),
            (None, false) => format!("Tại {}: {}", self.at, self.message),
            (None, true) => self.message.clone(),
        }
    }
}

/// Give each problem the line of its place in `src`.
pub fn locate(problems: &mut [Problem], src: &str) {
    for p in problems {
        if p.line.is_none() {
            p.line = super::locate::line_of(src, &p.at);
        }
    }
}

/// Keys a kind file may hold at its top.
const TOP_KEYS: &[&str] = &[
    "format",
    "version",
    "id",
    "name",
    "basis",
    "doc_type",
    "doc_abbr",
    "file_subject",
    "periods",
    "title_template",
    "closing_template",
    "steps",
    "body",
    "rules",
    "blank",
    "sample",
    "carry_over",
    "aggregate",
];

/// The field types, as written in a file.
pub const FIELD_TYPES: &[&str] =
    &["line", "text", "paragraphs", "items", "count", "date", "choice", "period", "table", "records"];

/// The block types of `body`.
pub const BLOCK_TYPES: &[&str] =
    &["heading", "sentence", "paragraphs", "bullets", "numbered", "run_in", "row_bullets", "table"];

/// The variables a template may quote.
pub const TEMPLATE_VARS: &[&str] = &["$period", "$next_period", "$window"];

/// The template filters.
pub const FILTERS: &[&str] = &["count", "date", "date_long", "upper", "sentence", "citations", "change"];

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

fn leak_slice<T>(v: Vec<T>) -> &'static [T] {
    Box::leak(v.into_boxed_slice())
}

fn quote_list(items: &[&str]) -> String {
    items.iter().map(|s| format!("“{s}”")).collect::<Vec<_>>().join(", ")
}

/// What a value is, in words (for "… là số, cần là chuỗi").
fn what(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "giá trị đúng/sai",
        Value::Number(_) => "số",
        Value::String(_) => "chuỗi",
        Value::Array(_) => "danh sách",
        Value::Object(_) => "đối tượng",
    }
}

/// The reader. `LOUD`: collect each problem's sentence; the web page reads only files the
/// worker has already checked, quietly, so that its wasm carries none of the messages (the
/// compiler drops the closures that build them).
struct Reader<const LOUD: bool> {
    problems: Vec<Problem>,
    /// Problems met (also when quiet).
    count: usize,
}

impl<const LOUD: bool> Reader<LOUD> {
    fn bad(&mut self, at: &str, message: impl FnOnce() -> String) {
        self.count += 1;
        if LOUD {
            self.problems.push(Problem::new(at, message()));
        }
    }

    fn keys(&mut self, m: &Map<String, Value>, at: &str, allowed: &[&str]) {
        // Unknown keys are only reported: a file read quietly was checked before.
        if !LOUD {
            return;
        }
        for k in m.keys() {
            if !allowed.contains(&k.as_str()) && k != "$schema" && k != "$comment" {
                let at = join(at, k);
                self.bad(&at, || format!("Khóa “{k}” không dùng ở đây; các khóa dùng được: {}.", quote_list(allowed)));
            }
        }
    }

    fn obj<'v>(&mut self, v: &'v Value, at: &str, what_it_is: &str) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.bad(at, || format!("{what_it_is} phải là một đối tượng {{…}}, không phải {}.", what(other)));
                None
            }
        }
    }

    fn list<'v>(&mut self, m: &'v Map<String, Value>, at: &str, key: &str, required: bool) -> &'v [Value] {
        match m.get(key) {
            Some(Value::Array(a)) => a,
            Some(other) => {
                self.bad(&join(at, key), || format!("“{key}” phải là một danh sách […], không phải {}.", what(other)));
                &[]
            }
            None => {
                if required {
                    self.bad(at, || format!("Thiếu “{key}”."));
                }
                &[]
            }
        }
    }

    fn string(&mut self, m: &Map<String, Value>, at: &str, key: &str, required: bool) -> &'static str {
        match m.get(key) {
            Some(Value::String(s)) => {
                if required && s.trim().is_empty() {
                    self.bad(&join(at, key), || format!("“{key}” không được để trống."));
                }
                leak(s)
            }
            Some(other) => {
                self.bad(&join(at, key), || format!("“{key}” phải là chuỗi chữ, không phải {}.", what(other)));
                ""
            }
            None => {
                if required {
                    self.bad(at, || format!("Thiếu “{key}”."));
                }
                ""
            }
        }
    }

    fn flag(&mut self, m: &Map<String, Value>, at: &str, key: &str) -> bool {
        match m.get(key) {
            Some(Value::Bool(b)) => *b,
            None => false,
            Some(other) => {
                self.bad(&join(at, key), || format!("“{key}” phải là true hoặc false, không phải {}.", what(other)));
                false
            }
        }
    }

    fn strings(&mut self, m: &Map<String, Value>, at: &str, key: &str) -> &'static [&'static str] {
        let items = self.list(m, at, key, false);
        let mut out = Vec::new();
        for (i, v) in items.iter().enumerate() {
            match v.as_str() {
                Some(s) => out.push(leak(s)),
                None => {
                    self.bad(&format!("{}[{i}]", join(at, key)), || format!("Mỗi mục của “{key}” là một chuỗi chữ."))
                }
            }
        }
        leak_slice(out)
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

/// Read a kind from its file's JSON value. `Err` lists every problem found.
pub fn read(v: &Value) -> Result<&'static Kind, Vec<Problem>> {
    read_with::<true>(v)
}

/// Read a kind file that was checked before (the web page's bundled forms, and the files the
/// worker read first); `None` if it has a problem after all.
pub fn read_checked(v: &Value) -> Option<&'static Kind> {
    read_with::<false>(v).ok()
}

fn read_with<const LOUD: bool>(v: &Value) -> Result<&'static Kind, Vec<Problem>> {
    let mut r = Reader::<LOUD> { problems: Vec::new(), count: 0 };
    let Some(top) = r.obj(v, "", "Tệp mẫu báo cáo") else { return Err(r.problems) };
    match top.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        _ => {
            r.bad("format", || format!("Đây không phải tệp mẫu báo cáo: thiếu “\"format\": \"{FORMAT}\"”."));
            return Err(r.problems);
        }
    }
    match top.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(n) => {
            r.bad("version", || format!("Tệp theo phiên bản {n} của định dạng; ứng dụng này đọc phiên bản {VERSION}."))
        }
        None => r.bad("", || format!("Thiếu “version” (phiên bản định dạng, hiện là {VERSION}).")),
    }
    r.keys(top, "", TOP_KEYS);
    let id = r.string(top, "", "id", true);
    if !id.is_empty() && !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        r.bad("id", || format!("Mã mẫu “{id}” chỉ gồm chữ thường không dấu, chữ số và dấu “-”."));
    }
    let name = r.string(top, "", "name", true);
    let basis = r.strings(top, "", "basis");
    let doc_type = r.string(top, "", "doc_type", true);
    let doc_abbr = r.string(top, "", "doc_abbr", true);
    let file_subject = r.string(top, "", "file_subject", false);
    let title_template = r.string(top, "", "title_template", LOUD);
    let closing_template = r.string(top, "", "closing_template", LOUD);

    let mut periods = Vec::new();
    let period_ids = r.list(top, "", "periods", true);
    for (i, p) in period_ids.iter().enumerate() {
        match p.as_str().and_then(|s| PERIOD_TYPES.iter().find(|(id, _)| *id == s)) {
            Some(&choice) => periods.push(choice),
            None => {
                let ids: Vec<&str> = PERIOD_TYPES.iter().map(|(id, _)| *id).collect();
                r.bad(&format!("periods[{i}]"), || {
                    let shown = p.as_str().map_or_else(|| what(p).to_string(), |s| format!("“{s}”"));
                    format!("Kỳ báo cáo {shown} không có; chọn trong {}.", quote_list(&ids))
                });
            }
        }
    }
    if period_ids.is_empty() && top.contains_key("periods") {
        r.bad("periods", || "Mẫu báo cáo cần ít nhất một kỳ báo cáo.".into());
    }
    let periods = leak_slice(periods);

    let mut steps = Vec::new();
    for (i, s) in r.list(top, "", "steps", true).iter().enumerate() {
        if let Some(step) = read_step(&mut r, s, &format!("steps[{i}]"), periods) {
            steps.push(step);
        }
    }
    let steps = leak_slice(steps);
    let mut body = Vec::new();
    let mut numbers: Vec<&str> = Vec::new();
    for (i, b) in r.list(top, "", "body", true).iter().enumerate() {
        if let Some(block) = read_block(&mut r, b, &format!("body[{i}]"), &mut numbers) {
            body.push(block);
        }
    }
    let blank = match top.get("blank") {
        Some(Value::Object(m)) => m.clone(),
        None => Map::new(),
        Some(other) => {
            r.bad("blank", || format!("“blank” (bản trống) phải là một đối tượng {{…}}, không phải {}.", what(other)));
            Map::new()
        }
    };
    // What carries over and what adds up: the worker's (the page reads files quietly).
    let (carry_over, aggregate) = if LOUD { read_chain(&mut r, top, steps) } else { (&[][..], &[][..]) };
    let kind = Kind {
        carry_over,
        aggregate,
        id,
        name,
        basis,
        periods,
        doc_type,
        doc_abbr,
        file_subject: if file_subject.is_empty() { id } else { file_subject },
        steps,
        title_template,
        closing_template,
        body: leak_slice(body),
        blank,
    };
    // Cross-checks only on a file whose parts read well (else one slip would echo).
    if LOUD && r.count == 0 {
        cross_check(&mut r, &kind);
    }
    if r.count == 0 {
        Ok(Box::leak(Box::new(kind)))
    } else {
        Err(r.problems)
    }
}

fn read_step<const LOUD: bool>(
    r: &mut Reader<LOUD>,
    v: &Value,
    at: &str,
    periods: &'static [(&'static str, &'static str)],
) -> Option<Step> {
    let m = r.obj(v, at, "Mỗi bước")?;
    r.keys(m, at, &["id", "title", "intro", "fields"]);
    let id = r.string(m, at, "id", true);
    let title = r.string(m, at, "title", true);
    let intro = r.string(m, at, "intro", false);
    let mut fields = Vec::new();
    for (i, f) in r.list(m, at, "fields", true).iter().enumerate() {
        if let Some(f) = read_field(r, f, &format!("{at}.fields[{i}]"), periods, true) {
            fields.push(f);
        }
    }
    Some(Step { id, title, intro, fields: leak_slice(fields) })
}

fn read_field<const LOUD: bool>(
    r: &mut Reader<LOUD>,
    v: &Value,
    at: &str,
    periods: &'static [(&'static str, &'static str)],
    top: bool,
) -> Option<Field> {
    let m = r.obj(v, at, "Mỗi trường")?;
    r.keys(m, at, &["path", "label", "type", "required", "help", "choices", "table", "columns"]);
    let path = r.string(m, at, "path", true);
    let label = r.string(m, at, "label", true);
    let ty_name = r.string(m, at, "type", true);
    let required = r.flag(m, at, "required");
    let help = r.string(m, at, "help", false);
    let path_ok = !path.is_empty()
        && path.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        && (!top || !crate::model::RESERVED_KEYS.contains(&path.split('.').next().unwrap_or("")));
    if !path_ok && !path.is_empty() {
        r.bad(
            &join(at, "path"), || format!("Đường dẫn “{path}” chỉ gồm chữ không dấu, chữ số, “_” và các dấu chấm ngăn các phần; không dùng “format”, “version”, “kind”."));
    }
    let ty = match ty_name {
        "line" => FieldType::Line,
        "text" => FieldType::Text,
        "paragraphs" => FieldType::Paragraphs,
        "items" => FieldType::Items,
        "count" => FieldType::Count,
        "date" => FieldType::Date,
        "period" => FieldType::Choice(periods),
        "choice" => {
            let mut choices = Vec::new();
            for (i, c) in r.list(m, at, "choices", true).iter().enumerate() {
                match c.as_array().map(Vec::as_slice) {
                    Some([Value::String(v), Value::String(l)]) => choices.push((leak(v), leak(l))),
                    _ => r.bad(&format!("{at}.choices[{i}]"), || {
                        "Mỗi lựa chọn là một cặp [\"giá trị lưu\", \"nhãn hiện ra\"].".into()
                    }),
                }
            }
            FieldType::Choice(leak_slice(choices))
        }
        "table" => match m.get("table") {
            Some(t) => FieldType::Table(read_table(r, t, &join(at, "table"))?),
            None => {
                r.bad(at, || "Trường kiểu “table” cần khóa “table” mô tả bảng số liệu.".into());
                return None;
            }
        },
        "records" => {
            let mut cols = Vec::new();
            for (i, c) in r.list(m, at, "columns", true).iter().enumerate() {
                if let Some(c) = read_field(r, c, &format!("{at}.columns[{i}]"), periods, false) {
                    cols.push(c);
                }
            }
            FieldType::Records(leak_slice(cols))
        }
        "" => return None,
        other => {
            r.bad(&join(at, "type"), || {
                format!("Kiểu trường “{other}” không có; chọn trong {}.", quote_list(FIELD_TYPES))
            });
            return None;
        }
    };
    Some(Field { path, label, ty, required, help })
}

fn read_axis<const LOUD: bool>(
    r: &mut Reader<LOUD>,
    m: &Map<String, Value>,
    at: &str,
    groups: &'static [&'static str],
) -> Axis {
    r.keys(m, at, &["id", "label", "word", "optional", "text", "ms", "sum_of"]);
    let id = r.string(m, at, "id", true);
    if !id.is_empty() && !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        r.bad(&join(at, "id"), || format!("Mã “{id}” chỉ gồm chữ không dấu, chữ số và “_”."));
    }
    let label = r.string(m, at, "label", true);
    let word = r.string(m, at, "word", false);
    let text = r.flag(m, at, "text");
    let optional = r.flag(m, at, "optional") || text;
    let ms = match m.get("ms") {
        None => 0,
        Some(v) => match v.as_u64().and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0) {
            Some(n) => n,
            None => {
                r.bad(&join(at, "ms"), || "“ms” (số thứ tự cột ở dòng MS) là số nguyên dương.".into());
                0
            }
        },
    };
    let mut sum_of = Vec::new();
    let groups_v = r.list(m, at, "sum_of", false);
    // `[4, 13, 22]` is one group; `[[11, 12, 13], [14, 15, 16, 17]]` several.
    let as_groups: Vec<(String, &Value)> = if groups_v.iter().all(Value::is_number) && !groups_v.is_empty() {
        vec![(join(at, "sum_of"), &m["sum_of"])]
    } else {
        groups_v.iter().enumerate().map(|(i, g)| (format!("{}[{i}]", join(at, "sum_of")), g)).collect()
    };
    for (gat, g) in as_groups {
        let nums: Option<Vec<u32>> = g
            .as_array()
            .map(|a| a.iter().map(|n| n.as_u64().and_then(|n| u32::try_from(n).ok())).collect::<Option<Vec<u32>>>())
            .unwrap_or(None);
        match nums {
            Some(n) if !n.is_empty() => sum_of.push(leak_slice(n)),
            _ => r.bad(&gat, || {
                "Mỗi nhóm của “sum_of” là một danh sách số MS của các cột thành phần, ví dụ [4, 13, 22].".into()
            }),
        }
    }
    Axis { id, label, word, text, optional, ms, groups, sum_of: leak_slice(sum_of) }
}

fn read_columns<const LOUD: bool>(
    r: &mut Reader<LOUD>,
    list: &[Value],
    at: &str,
    groups: &[&'static str],
    out: &mut Vec<Axis>,
) {
    for (i, c) in list.iter().enumerate() {
        let cat = format!("{at}[{i}]");
        let Some(m) = r.obj(c, &cat, "Mỗi cột") else { continue };
        if m.contains_key("columns") {
            r.keys(m, &cat, &["label", "columns"]);
            let label = r.string(m, &cat, "label", true);
            let mut g = groups.to_vec();
            g.push(label);
            let inner = r.list(m, &cat, "columns", true);
            if inner.is_empty() {
                r.bad(&cat, || format!("Nhóm cột “{label}” chưa có cột nào."));
            }
            read_columns(r, inner, &format!("{cat}.columns"), &g, out);
        } else {
            let groups = leak_slice(groups.to_vec());
            out.push(read_axis(r, m, &cat, groups));
        }
    }
}

fn read_table<const LOUD: bool>(r: &mut Reader<LOUD>, v: &Value, at: &str) -> Option<FigureTable> {
    let m = r.obj(v, at, "Bảng số liệu")?;
    r.keys(m, at, &["form", "title", "units", "rows", "columns"]);
    let form = r.string(m, at, "form", false);
    let title = r.string(m, at, "title", false);
    let units = r.flag(m, at, "units");
    let mut rows = Vec::new();
    for (i, row) in r.list(m, at, "rows", !units).iter().enumerate() {
        let rat = format!("{at}.rows[{i}]");
        if let Some(rm) = r.obj(row, &rat, "Mỗi dòng") {
            rows.push(read_axis(r, rm, &rat, &[]));
        }
    }
    if units && !rows.is_empty() {
        r.bad(&join(at, "rows"), || "Bảng theo đơn vị (“units”: true) không khai báo dòng cố định.".into());
    }
    let mut cols = Vec::new();
    let list = r.list(m, at, "columns", true);
    read_columns(r, list, &join(at, "columns"), &[], &mut cols);
    let t = FigureTable { rows: leak_slice(rows), cols: leak_slice(cols), units, form, title };
    // Ids unique, MS numbers unique, sums name columns that exist and are figures.
    for (what_, axes, key) in [("dòng", t.rows, "rows"), ("cột", t.cols, "columns")] {
        for (i, a) in axes.iter().enumerate() {
            if axes[..i].iter().any(|b| b.id == a.id) && !a.id.is_empty() {
                r.bad(&join(at, key), || format!("Mã {what_} “{}” dùng hai lần.", a.id));
            }
        }
    }
    for (i, c) in t.cols.iter().enumerate() {
        if c.ms > 0 && t.cols[..i].iter().any(|b| b.ms == c.ms) {
            r.bad(&join(at, "columns"), || format!("Số MS {} dùng cho hai cột.", c.ms));
        }
        for g in c.sum_of {
            for n in *g {
                match t.col_by_ms(*n) {
                    None => r.bad(&join(at, "columns"), || {
                        format!("Cột “{}” (MS {}) cộng cột MS {n}, nhưng bảng không có cột này.", c.label, c.ms)
                    }),
                    Some(p) if p.text => {
                        r.bad(&join(at, "columns"), || format!("Cột “{}” cộng cột chữ “{}”.", c.label, p.label))
                    }
                    Some(_) => {}
                }
            }
        }
        if !c.sum_of.is_empty() && c.ms == 0 {
            r.bad(&join(at, "columns"), || format!("Cột “{}” có “sum_of” nên cần số “ms”.", c.label));
        }
    }
    Some(t)
}

fn level_of(s: &str) -> Option<Level> {
    Some(match s {
        "section" => Level::Section,
        "clause" => Level::Clause,
        "point" => Level::Point,
        _ => return None,
    })
}

/// The default id of a heading: its number under the numbers of the headings above it
/// (`II.4.a` for `a)` under `4.` under `II.`).
fn heading_id(level: Level, number: &str, numbers: &mut Vec<&'static str>) -> String {
    let depth = match level {
        Level::Section => 0,
        Level::Clause => 1,
        Level::Point => 2,
    };
    numbers.truncate(depth);
    numbers.push(leak(number.trim_end_matches(['.', ')'])));
    numbers.join(".")
}

fn read_block<const LOUD: bool>(
    r: &mut Reader<LOUD>,
    v: &Value,
    at: &str,
    numbers: &mut Vec<&'static str>,
) -> Option<Block> {
    let m = r.obj(v, at, "Mỗi khối của bài")?;
    let ty = r.string(m, at, "block", true);
    let s = |r: &mut Reader<LOUD>, key: &str| r.string(m, at, key, true);
    Some(match ty {
        "heading" => {
            r.keys(m, at, &["block", "id", "level", "number", "text", "step", "optional"]);
            let level_name = s(r, "level");
            let Some(level) = level_of(level_name) else {
                r.bad(&join(at, "level"), || {
                    format!("Cấp đề mục “{level_name}” không có; chọn “section” (I.), “clause” (1.) hoặc “point” (a).")
                });
                return None;
            };
            let number = r.string(m, at, "number", false);
            let text = s(r, "text");
            let step = s(r, "step");
            let optional = r.flag(m, at, "optional");
            let auto = heading_id(level, number, numbers);
            let id = match r.string(m, at, "id", false) {
                "" => leak(&auto),
                given => given,
            };
            Block::Heading { id, level, number, text, step, optional }
        }
        "sentence" => {
            r.keys(m, at, &["block", "template", "field"]);
            // The sentence templates are the worker's: the page's copies leave them out.
            Block::Sentence { template: r.string(m, at, "template", LOUD), field: s(r, "field") }
        }
        "paragraphs" | "bullets" | "numbered" | "table" => {
            r.keys(m, at, &["block", "path"]);
            let path = s(r, "path");
            match ty {
                "paragraphs" => Block::Paragraphs { path },
                "bullets" => Block::Bullets { path },
                "numbered" => Block::Numbered { path },
                _ => Block::Table { path },
            }
        }
        "run_in" => {
            r.keys(m, at, &["block", "number", "path"]);
            let number = s(r, "number");
            heading_id(Level::Clause, number, numbers);
            Block::RunIn { number, path: s(r, "path") }
        }
        "row_bullets" => {
            r.keys(m, at, &["block", "table", "template", "none"]);
            let none = r.string(m, at, "none", false);
            Block::RowBullets { table: s(r, "table"), template: r.string(m, at, "template", LOUD), none }
        }
        "" => return None,
        other => {
            r.bad(&join(at, "block"), || {
                format!("Loại khối “{other}” không có; chọn trong {}.", quote_list(BLOCK_TYPES))
            });
            return None;
        }
    })
}

/// `carry_over` (each `{from, to}`, or with `each_row` over a table's fixed rows, `{@row}`
/// standing for each row's id) and `aggregate` (paths of tables and figures).
#[allow(clippy::type_complexity)]
fn read_chain<const LOUD: bool>(
    r: &mut Reader<LOUD>,
    top: &Map<String, Value>,
    steps: &[Step],
) -> (&'static [(&'static str, &'static str)], &'static [&'static str]) {
    let fields: Vec<&Field> = steps.iter().flat_map(|s| s.fields.iter()).collect();
    let table = |p: &str| {
        fields.iter().find(|f| f.path == p).and_then(|f| match &f.ty {
            FieldType::Table(t) => Some(t.clone()),
            _ => None,
        })
    };
    let is_figure = |p: &str| {
        fields.iter().any(|f| f.path == p && f.ty == FieldType::Count)
            || fields.iter().any(|f| match &f.ty {
                FieldType::Table(t) => p.strip_prefix(f.path).and_then(|x| x.strip_prefix('.')).is_some_and(|rest| {
                    let col = rest.rsplit('.').next().unwrap_or("");
                    t.col(col).is_some_and(|c| !c.text)
                }),
                _ => false,
            })
    };
    let mut pairs = Vec::new();
    for (i, c) in r.list(top, "", "carry_over", false).iter().enumerate() {
        let at = format!("carry_over[{i}]");
        let Some(m) = r.obj(c, &at, "Mỗi số liệu chuyển kỳ") else { continue };
        r.keys(m, &at, &["from", "to", "each_row"]);
        let (from, to) = (r.string(m, &at, "from", true), r.string(m, &at, "to", true));
        let rows: Vec<&str> = match m.get("each_row").and_then(Value::as_str) {
            Some(t) => match table(t) {
                Some(t) => t.rows.iter().map(|r| r.id).collect(),
                None => {
                    r.bad(&join(&at, "each_row"), || {
                        format!("Mẫu báo cáo không có bảng số liệu “{t}” có dòng cố định.")
                    });
                    continue;
                }
            },
            None => vec![""],
        };
        for row in rows {
            let (f, t) = (leak(&from.replace("{@row}", row)), leak(&to.replace("{@row}", row)));
            for (key, p) in [("from", f), ("to", t)] {
                if !p.is_empty() && !is_figure(p) {
                    r.bad(&join(&at, key), || format!("“{p}” không phải số liệu của mẫu báo cáo."));
                }
            }
            pairs.push((f, t));
        }
    }
    let mut agg = Vec::new();
    for (i, a) in r.list(top, "", "aggregate", false).iter().enumerate() {
        match a.as_str() {
            Some(p) if table(p).is_some() || is_figure(p) => agg.push(leak(p)),
            _ => r.bad(&format!("aggregate[{i}]"), || {
                format!("“{}” không phải bảng số liệu hay số liệu của mẫu báo cáo.", a.as_str().unwrap_or("?"))
            }),
        }
    }
    (leak_slice(pairs), leak_slice(agg))
}

/// The placeholders of a template: each `{name|filter}` as (name, filter).
pub fn placeholders(template: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let Some(j) = rest[i..].find('}') else { break };
        let inner = &rest[i + 1..i + j];
        let (name, filter) = inner.split_once('|').unwrap_or((inner, ""));
        out.push((name.trim(), filter.trim()));
        rest = &rest[i + j + 1..];
    }
    out
}

/// Is every `{` closed by `}` and every `[` by `]`, in order?
fn balanced(template: &str) -> Result<(), String> {
    let mut stack = Vec::new();
    for c in template.chars() {
        match c {
            '{' | '[' => stack.push(c),
            '}' | ']' => {
                let open = if c == '}' { '{' } else { '[' };
                if stack.pop() != Some(open) {
                    return Err(format!("dấu “{c}” không có dấu mở tương ứng"));
                }
            }
            _ => {}
        }
    }
    match stack.last() {
        Some(c) => Err(format!("dấu “{c}” chưa được đóng")),
        None => Ok(()),
    }
}

/// Checks across the parts: unique ids, blocks that name steps and fields the kind has,
/// templates that quote fields the kind has, the ND30 frame's fields present.
fn cross_check<const LOUD: bool>(r: &mut Reader<LOUD>, k: &Kind) {
    for (i, s) in k.steps.iter().enumerate() {
        if k.steps[..i].iter().any(|t| t.id == s.id) && !s.id.is_empty() {
            r.bad(&format!("steps[{i}].id"), || format!("Mã bước “{}” dùng hai lần.", s.id));
        }
    }
    let all: Vec<(usize, usize, &Field)> = k
        .steps
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.fields.iter().enumerate().map(move |(j, f)| (i, j, f)))
        .collect();
    for (n, (i, j, f)) in all.iter().enumerate() {
        if f.path.is_empty() {
            continue;
        }
        if let Some((a, b, _)) = all[..n].iter().find(|(_, _, g)| g.path == f.path) {
            r.bad(&format!("steps[{i}].fields[{j}].path"), || {
                format!("Trường “{}” đã khai báo ở steps[{a}].fields[{b}].", f.path)
            });
        }
    }
    for (path, label) in crate::frame::FIELDS {
        if k.field(path).is_none() {
            r.bad("steps", || format!("Thiếu trường “{path}” ({label}) của khung văn bản theo NĐ 30."));
        }
    }
    let known = |p: &str| k.step_of(p).is_some() || k.field(p).is_some();
    let template_ok = |r: &mut Reader<LOUD>, at: &str, t: &str, row: bool| {
        if let Err(e) = balanced(t) {
            r.bad(at, || format!("Mẫu câu lỗi: {e}."));
        }
        for (name, filter) in placeholders(t) {
            let name = name.trim_start_matches('!');
            let filter = filter.split(':').next().unwrap_or("");
            if !filter.is_empty() && !FILTERS.contains(&filter) {
                r.bad(at, || format!("Bộ lọc “|{filter}” không có; chọn trong {}.", quote_list(FILTERS)));
            }
            let ok = if name.starts_with('$') {
                TEMPLATE_VARS.contains(&name)
            } else if name.starts_with('.') || name.starts_with('@') {
                row
            } else {
                name.split('+').all(|p| known(p.trim()))
            };
            if !ok {
                r.bad(at, || format!("Mẫu câu nhắc tới “{{{name}}}”, nhưng mẫu báo cáo không có trường này."));
            }
        }
    };
    template_ok(r, "title_template", k.title_template, false);
    template_ok(r, "closing_template", k.closing_template, false);
    let mut heading_ids: Vec<&str> = Vec::new();
    for (i, b) in k.body.iter().enumerate() {
        let at = format!("body[{i}]");
        let field = |r: &mut Reader<LOUD>, key: &str, p: &str| {
            if !p.is_empty() && k.field(p).is_none() {
                r.bad(&join(&at, key), || format!("Khối này đọc trường “{p}”, nhưng không bước nào có trường này."));
            }
        };
        match b {
            Block::Heading { id, text, step, .. } => {
                if !step.is_empty() && k.step(step).is_none() {
                    r.bad(&join(&at, "step"), || format!("Đề mục trỏ tới bước “{step}”, nhưng không có bước này."));
                }
                if heading_ids.contains(id) {
                    r.bad(&join(&at, "id"), || {
                        format!("Mã đề mục “{id}” dùng hai lần; đặt “id” riêng cho đề mục này.")
                    });
                }
                heading_ids.push(id);
                template_ok(r, &join(&at, "text"), text, false);
            }
            Block::Sentence { template, field: f } => {
                template_ok(r, &join(&at, "template"), template, false);
                if !f.is_empty() && !known(f) {
                    field(r, "field", f);
                }
            }
            Block::Paragraphs { path }
            | Block::Bullets { path }
            | Block::Numbered { path }
            | Block::RunIn { path, .. } => field(r, "path", path),
            Block::Table { path } => match k.field(path).map(|f| &f.ty) {
                Some(FieldType::Table(_)) | None => field(r, "path", path),
                Some(_) => r.bad(&join(&at, "path"), || format!("Trường “{path}” không phải bảng số liệu.")),
            },
            Block::RowBullets { table, template, none } => {
                template_ok(r, &join(&at, "none"), none, true);
                match k.field(table).map(|f| &f.ty) {
                    Some(FieldType::Table(_)) => {}
                    Some(_) => r.bad(&join(&at, "table"), || format!("Trường “{table}” không phải bảng số liệu.")),
                    None => field(r, "table", table),
                }
                template_ok(r, &join(&at, "template"), template, true);
            }
        }
    }
    // The blank draft fills fields the kind has.
    let mut leaves = Vec::new();
    leaf_paths(&Value::Object(k.blank.clone()), String::new(), &mut leaves);
    for p in leaves {
        if !known(&p) {
            r.bad(&format!("blank.{p}"), || {
                format!("Bản trống điền trường “{p}”, nhưng mẫu báo cáo không có trường này.")
            });
        }
    }
}

/// The paths of the values in a tree; a list of texts counts as one value.
pub fn leaf_paths(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                leaf_paths(x, if at.is_empty() { k.clone() } else { format!("{at}.{k}") }, out);
            }
        }
        Value::Array(a) if a.iter().any(|x| x.is_object()) => {
            for (i, x) in a.iter().enumerate() {
                leaf_paths(x, format!("{at}.{i}"), out);
            }
        }
        _ => out.push(at),
    }
}
