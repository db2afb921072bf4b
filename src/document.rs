//! The finished document, independent of any output format: what the preview, the .docx and
//! the plain-text renderers all draw. Built from a draft by its kind's layout.

use serde::Serialize;
use time::Date;

use crate::kind::{Block, Kind, Level, Period};
use crate::model::Draft;
use crate::template::{self, Ctx};
use crate::text::{self, Run};

/// Quốc hiệu.
pub const NATIONAL_TITLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// Tiêu ngữ.
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
/// Room left for the registration number while it is blank.
const BLANK: &str = "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ParaStyle {
    Heading(Level),
    Body,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Para {
    pub style: ParaStyle,
    pub runs: Vec<Run>,
    /// The draft field this paragraph comes from (the preview links back to it).
    pub field: Option<String>,
}

impl Para {
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Document {
    /// Tên cơ quan chủ quản (may be empty).
    pub parent: String,
    /// Tên cơ quan ban hành, one line each, capitals.
    pub issuer: Vec<String>,
    /// `Số: 123/BC-UBND`.
    pub number_line: String,
    /// `Bình Sơn, ngày 05 tháng 01 năm 2022`.
    pub place_date: String,
    /// The issue date (ngày ban hành) when the draft has one: the .docx dates its core
    /// properties with it.
    #[serde(skip)]
    pub issued: Option<Date>,
    /// Tên loại: `BÁO CÁO`.
    pub doc_type: String,
    /// Trích yếu.
    pub title: String,
    /// Kính gửi lines.
    pub to: Vec<String>,
    pub body: Vec<Para>,
    /// Nơi nhận lines, `- …` each.
    pub cc: Vec<String>,
    /// Quyền hạn and chức vụ lines, capitals.
    pub signature: Vec<String>,
    /// Signer's name.
    pub signer: String,
    /// Suggested file name, e.g. `BC-UBND-dan-van-2021.docx`.
    pub file_name: String,
}

/// Build the document a draft describes.
pub fn build(kind: &Kind, d: &Draft) -> Document {
    let ctx = Ctx::new(d);
    let period = ctx.period;
    let symbol = d.text("letterhead.symbol").trim();
    let number = d.text("letterhead.number").trim();
    let number_line =
        if number.is_empty() { format!("Số:{BLANK}/{symbol}") } else { format!("Số: {number}/{symbol}") };
    let place = d.text("letterhead.place").trim();
    let issued = d.date("letterhead.date");
    let date = match issued {
        Some(date) => text::date_long(date),
        None => format!("ngày{BLANK}tháng{BLANK}năm{BLANK}"),
    };
    let title = override_or(d.text("title"), kind.title_template, &ctx);
    let to = recipients_to(&d.list("recipients.to"));

    let mut body = Vec::new();
    for block in kind.body {
        layout(kind, block, &ctx, &mut body);
    }
    let closing = override_or(d.text("closing"), kind.closing_template, &ctx);
    if !closing.is_empty() {
        body.push(para(ParaStyle::Body, &closing, Some("closing".into())));
    }
    end_with_slash(&mut body);

    let signature = crate::frame::signature_lines(d).into_iter().map(|(_, line)| line).collect();

    Document {
        parent: text::upper(d.text("letterhead.parent").trim()),
        issuer: nonempty(&d.list("letterhead.issuer")).map(text::upper).collect(),
        number_line,
        place_date: if place.is_empty() { date } else { format!("{place}, {date}") },
        issued,
        doc_type: kind.doc_type.to_string(),
        title,
        to,
        body,
        cc: nonempty(&d.list("recipients.cc")).map(|l| format!("- {l}")).collect(),
        signature,
        signer: d.text("signature.name").trim().to_string(),
        file_name: file_name(kind, symbol, period),
    }
}

fn nonempty<'a>(items: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
    items.iter().map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn override_or(typed: &str, template: &str, ctx: &Ctx) -> String {
    let typed = typed.trim();
    if typed.is_empty() {
        template::render(template, ctx).trim().to_string()
    } else {
        typed.to_string()
    }
}

/// One recipient: `Kính gửi: X.`; several: `Kính gửi:` then `- A;` … `- Z.`
fn recipients_to(items: &[&str]) -> Vec<String> {
    let items: Vec<&str> = nonempty(items).collect();
    match items.as_slice() {
        [] => Vec::new(),
        [one] => vec![format!("Kính gửi: {}.", text::trim_end_punct(one))],
        many => {
            let mut out = vec!["Kính gửi:".to_string()];
            for (i, r) in many.iter().enumerate() {
                let end = if i + 1 == many.len() { "." } else { ";" };
                out.push(format!("- {}{end}", text::trim_end_punct(r)));
            }
            out
        }
    }
}

fn para(style: ParaStyle, s: &str, field: Option<String>) -> Para {
    Para { style, runs: text::emphasis_runs(s), field }
}

fn layout(kind: &Kind, block: &Block, ctx: &Ctx, out: &mut Vec<Para>) {
    let d = ctx.draft;
    let items = |path: &str| -> Vec<(usize, String)> {
        d.list(path)
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.trim().is_empty())
            .map(|(i, s)| (i, s.trim().to_string()))
            .collect()
    };
    match block {
        Block::Heading { level, number, text: t, step } => {
            let t = template::render(t, ctx);
            out.push(Para {
                style: ParaStyle::Heading(*level),
                runs: vec![Run::plain(format!("{number} {t}"))],
                field: Some(format!("#{step}")),
            });
        }
        Block::Sentence { template: t, field } => {
            let s = template::render(t, ctx);
            let s = s.trim();
            if !s.is_empty() {
                out.push(para(ParaStyle::Body, s, Some(field.to_string())));
            }
        }
        Block::Paragraphs { path } => {
            for (i, s) in items(path) {
                out.push(para(ParaStyle::Body, &s, Some(format!("{path}.{i}"))));
            }
        }
        Block::Bullets { path } => {
            for (i, s) in items(path) {
                out.push(para(ParaStyle::Body, &format!("- {s}"), Some(format!("{path}.{i}"))));
            }
        }
        Block::Numbered { path } => {
            for (n, (i, s)) in items(path).into_iter().enumerate() {
                out.push(para(ParaStyle::Body, &format!("{}. {s}", n + 1), Some(format!("{path}.{i}"))));
            }
        }
        Block::RunIn { number, path } => {
            let list = items(path);
            if list.is_empty() {
                out.push(para(ParaStyle::Body, number, Some(format!("{path}.0"))));
            }
            for (n, (i, s)) in list.into_iter().enumerate() {
                let s = if n == 0 { format!("{number} {s}") } else { s };
                out.push(para(ParaStyle::Body, &s, Some(format!("{path}.{i}"))));
            }
        }
        Block::RowBullets { table, template: t } => {
            let Some(crate::kind::FieldType::Table(ft)) = kind.field(table).map(|f| &f.ty) else { return };
            for row in ft.rows {
                let prefix = format!("{table}.{}", row.id);
                let any = ft.cols.iter().any(|c| !c.text && d.count(&format!("{prefix}.{}", c.id)).is_some());
                if !any {
                    continue;
                }
                let rctx = Ctx { draft: d, period: ctx.period, row: Some((table, row)) };
                let s = template::render(t, &rctx);
                out.push(para(ParaStyle::Body, &format!("- {}", s.trim()), Some(prefix)));
            }
        }
    }
}

/// ND30: the last line of the body ends with `./.`.
fn end_with_slash(body: &mut [Para]) {
    let Some(last) = body.iter_mut().rev().find(|p| p.style == ParaStyle::Body) else { return };
    if last.text().trim_end().ends_with("./.") {
        return;
    }
    if let Some(run) = last.runs.last_mut() {
        let t = run.text.trim_end().trim_end_matches(['.', ';', ',']).to_string();
        run.text = format!("{t}./.");
    }
}

/// `BC-UBND-dan-van-2021.docx`.
fn file_name(kind: &Kind, symbol: &str, period: Option<Period>) -> String {
    let symbol: String = text::slug(symbol).to_ascii_uppercase(); // the slug is ASCII
    let mut parts = Vec::new();
    if !symbol.is_empty() {
        parts.push(symbol);
    }
    parts.push(kind.file_subject.to_string());
    if let Some(p) = period {
        parts.push(p.file_part());
    }
    format!("{}.docx", parts.join("-"))
}
