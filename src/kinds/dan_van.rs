//! The first report kind: the annual (or half-year) report on "công tác dân vận chính quyền"
//! (mass mobilisation work of the government) of a People's Committee. Reproduces
//! `tests/fixtures/bao-cao-dan-van-2021.txt`.

use crate::check::{common_rules, fig, Rule, Severity::*, Test};
use crate::frame::{ANNUAL, FIRST_HALF};
use crate::kind::{Axis, Block, Field, FieldType as T, FigureTable, Kind, Level, Step};
use crate::model::Draft;

pub const ID: &str = "dan-van-chinh-quyen";

/// The periods of this report: the year and its first half.
const PERIODS: [(&str, &str); 2] = [ANNUAL, FIRST_HALF];

/// The reference report (UBND huyện Bình Sơn, 2021) as a draft.
const SAMPLE: &str = include_str!("dan_van_sample.json");

pub fn sample() -> Draft {
    serde_json::from_str(SAMPLE).expect("the bundled sample is a valid draft")
}

/// A new draft: empty, but with the standing parts every such report has.
pub fn blank() -> Draft {
    // Values built directly rather than with `json!`, whose leaves go through serde's
    // serializer (kilobytes of the web page's wasm).
    use serde_json::Value;
    let mut d = Draft::new(ID);
    d.set("period.type", Value::from("annual"));
    d.set("letterhead.issuer", Value::from(vec!["ỦY BAN NHÂN DÂN", ""]));
    d.set("letterhead.symbol", Value::from("BC-UBND"));
    d.set("recipients.cc", Value::from(vec!["Như trên;", "Lưu: VT."]));
    d.set("signature.authority", Value::from("TM."));
    d.set("signature.refers_to", Value::from("ỦY BAN NHÂN DÂN"));
    d.set("signature.title_lines", Value::from(vec!["CHỦ TỊCH"]));
    d
}

const fn f(path: &'static str, label: &'static str, ty: T) -> Field {
    Field::new(path, label, ty)
}

/// tiếp công dân: total / regular / periodic × visits / people / cases.
pub const RECEPTION_TABLE: FigureTable = FigureTable {
    rows: &[
        Axis::new("total", "Tổng số", "tổng số"),
        Axis::new("regular", "Tiếp thường xuyên", "tiếp thường xuyên"),
        Axis::new("periodic", "Tiếp định kỳ và đột xuất", "tiếp định kỳ, đột xuất"),
    ],
    cols: &[
        Axis::new("visits", "Lượt", "lượt"),
        Axis::new("people", "Người", "người"),
        Axis::new("cases", "Vụ việc", "vụ việc"),
    ],
};

/// giải quyết đơn thư: one row per case kind.
pub const CASES_TABLE: FigureTable = FigureTable {
    rows: &[
        Axis::new("complaints", "Khiếu nại", "khiếu nại"),
        Axis::new("denunciations", "Tố cáo", "tố cáo"),
        Axis::new("land", "Tranh chấp đất đai", "tranh chấp đất đai"),
        Axis::new("petitions", "Phản ánh, kiến nghị", "phản ánh, kiến nghị"),
    ],
    cols: &[
        Axis::new("letters", "Số đơn", "đơn"),
        Axis::new("cases", "Số vụ", "vụ"),
        Axis::optional("carried", "Kỳ trước chuyển sang", "vụ"),
        Axis::new("resolved", "Đã giải quyết", "vụ"),
        Axis::optional("in_progress", "Đang giải quyết", "vụ"),
        Axis::optional("note_count", "Số vụ trong ghi chú", "vụ"),
        Axis::text("note", "Ghi chú (sau “có … vụ”)"),
    ],
};

/// Columns of a cited document (văn bản thực hiện).
const CITATION_COLUMNS: &[Field] = &[
    f("type", "Loại văn bản", T::Line).help("Ví dụ: Chỉ thị, Quyết định, Kế hoạch"),
    f("number", "Số, ký hiệu", T::Line).help("Ví dụ: 26/CT-TTg, 31-CT/TU"),
    f("date", "Ngày ban hành", T::Date),
    f("issuer", "Cơ quan ban hành", T::Line),
    f("subject", "Trích yếu", T::Text).help("Thường bắt đầu bằng “về …”"),
];

/// Choices of `signature.authority` (quyền hạn ký, ND30).
const AUTHORITIES: &[(&str, &str)] = &[
    ("TM.", "TM. — thay mặt tập thể"),
    ("KT.", "KT. — ký thay người đứng đầu"),
    ("Q.", "Q. — quyền"),
    ("TL.", "TL. — thừa lệnh"),
    ("TUQ.", "TUQ. — thừa ủy quyền"),
    ("", "Không có"),
];

/// The steps of the guided form, in order.
const STEPS: &[Step] = &[
    Step {
        id: "general",
        title: "Thông tin chung",
        intro: "Kỳ báo cáo, cơ quan ban hành, số và ngày văn bản, nơi gửi.",
        fields: &[
            f("period.type", "Kỳ báo cáo", T::Choice(&PERIODS)).required(),
            f("period.year", "Năm báo cáo", T::Count).required(),
            f("letterhead.parent", "Cơ quan chủ quản (nếu có)", T::Line),
            f("letterhead.issuer", "Tên cơ quan ban hành (mỗi dòng in một dòng)", T::Items)
                .required()
                .help("Ví dụ: ỦY BAN NHÂN DÂN / XÃ BÌNH SƠN"),
            f("letterhead.issuer_name", "Tên cơ quan trong câu kết", T::Line)
                .required()
                .help("Ví dụ: UBND xã Bình Sơn — dùng trong “… kính báo cáo”"),
            f("letterhead.issuer_self", "Cơ quan tự xưng trong bài", T::Line)
                .required()
                .help("Ví dụ: UBND xã — dùng trong “… đã xây dựng, ban hành …”"),
            f("letterhead.number", "Số văn bản", T::Line).help("Để trống đến khi văn thư cấp số"),
            f("letterhead.symbol", "Ký hiệu", T::Line).required().help("Ví dụ: BC-UBND"),
            f("letterhead.place", "Địa danh", T::Line).required().help("Ví dụ: Bình Sơn"),
            f("letterhead.date", "Ngày ban hành", T::Date).required(),
            f("title", "Trích yếu", T::Text).help("Để trống để dùng câu mặc định theo kỳ báo cáo"),
            f("recipients.to", "Kính gửi", T::Items).required().help("Mỗi cơ quan nhận một dòng"),
        ],
    },
    Step {
        id: "leadership",
        title: "I. Lãnh đạo, chỉ đạo",
        intro: "Kế hoạch của cơ quan về công tác dân vận chính quyền và việc chỉ đạo triển khai.",
        fields: &[
            f("leadership.plan.number", "Số, ký hiệu kế hoạch", T::Line).required().help("Ví dụ: 31/KH-UBND"),
            f("leadership.plan.date", "Ngày ban hành kế hoạch", T::Date).required(),
            f("leadership.plan.subject", "Nội dung kế hoạch (sau chữ “về”)", T::Text).required(),
            f("leadership.paragraphs", "Các đoạn tiếp theo", T::Paragraphs),
        ],
    },
    Step {
        id: "governance",
        title: "II.1 Quản lý nhà nước",
        intro: "Nâng cao hiệu lực, hiệu quả quản lý nhà nước, thực hiện mục tiêu phát triển kinh tế - xã hội.",
        fields: &[f("governance.paragraphs", "Nội dung", T::Paragraphs).required()],
    },
    Step {
        id: "reform",
        title: "II.2 Cải cách hành chính",
        intro: "Kết quả công tác cải cách hành chính.",
        fields: &[f("reform.paragraphs", "Nội dung", T::Paragraphs).required()],
    },
    Step {
        id: "democracy",
        title: "II.3 Quy chế dân chủ",
        intro: "Đoạn đầu tự trích dẫn kế hoạch ở mục I; nhập phần tiếp theo của câu.",
        fields: &[
            f("democracy.lead", "Tiếp nối câu “Trên cơ sở Kế hoạch số …,”", T::Text).required(),
            f("democracy.paragraphs", "Các đoạn tiếp theo", T::Paragraphs),
        ],
    },
    Step {
        id: "reception",
        title: "II.4.a Tiếp công dân",
        intro: "Nhập số liệu một lần; câu văn trong báo cáo được tạo từ bảng số liệu.",
        fields: &[
            f("reception.intro", "Câu mở đầu", T::Text),
            f("reception.host", "Người tiếp công dân", T::Line).required().help("Ví dụ: Chủ tịch UBND xã"),
            f("reception.figures", "Số liệu tiếp công dân", T::Table(RECEPTION_TABLE)).required(),
            f("reception.delegations", "Số đoàn đông người", T::Count).required().help("0: in “không có đoàn đông người”"),
            f("reception.subjects", "Nội dung tiếp công dân chủ yếu là", T::Text),
            f("reception.follow_up", "Kết quả sau tiếp công dân", T::Text),
        ],
    },
    Step {
        id: "cases",
        title: "II.4.b Khiếu nại, tố cáo",
        intro: "Mỗi loại đơn một dòng; câu văn được tạo từ bảng. Để trống cả dòng nếu không có.",
        fields: &[f("cases", "Số liệu giải quyết đơn thư thuộc thẩm quyền", T::Table(CASES_TABLE)).required()],
    },
    Step {
        id: "discipline",
        title: "II.5 Kỷ luật, kỷ cương",
        intro: "Tinh thần trách nhiệm, kỷ luật, kỷ cương hành chính và các văn bản đã thực hiện.",
        fields: &[
            f("discipline.intro", "Nội dung", T::Text).required(),
            f("discipline.citations", "Văn bản thực hiện", T::Records(CITATION_COLUMNS)),
            f("discipline.paragraphs", "Các đoạn tiếp theo", T::Paragraphs),
        ],
    },
    Step {
        id: "coordination",
        title: "II.6 Phối hợp với Mặt trận",
        intro: "Phối hợp, tạo điều kiện để Mặt trận, các tổ chức chính trị - xã hội và Nhân dân giám sát, phản biện. Đoạn đầu in liền sau số “6.”.",
        fields: &[f("coordination.paragraphs", "Nội dung", T::Paragraphs).required()],
    },
    Step {
        id: "assessment",
        title: "III. Đánh giá chung",
        intro: "Kết quả đạt được, hạn chế và nguyên nhân — mỗi ý một dòng gạch đầu dòng.",
        fields: &[
            f("assessment.results", "1. Kết quả đạt được", T::Items).required(),
            f("assessment.limits_intro", "2. Hạn chế — câu dẫn", T::Text),
            f("assessment.limits", "2. Hạn chế, vướng mắc", T::Items).required(),
            f("assessment.causes", "3. Nguyên nhân", T::Items).required(),
        ],
    },
    Step {
        id: "tasks",
        title: "IV. Nhiệm vụ kỳ tới",
        intro: "Các nhiệm vụ chủ yếu của kỳ sau, được đánh số tự động.",
        fields: &[f("tasks.items", "Nhiệm vụ", T::Items).required()],
    },
    Step {
        id: "closing",
        title: "Nơi nhận và chữ ký",
        intro: "Câu kết, nơi nhận và khối chữ ký.",
        fields: &[
            f("closing", "Câu kết", T::Text).help("Để trống để dùng câu mặc định; luôn kết thúc bằng “./.”"),
            f("recipients.cc", "Nơi nhận", T::Items).required().help("Dòng đầu “Như trên;”, dòng cuối “Lưu: VT, …”"),
            f("signature.authority", "Quyền hạn ký", T::Choice(AUTHORITIES)),
            f("signature.refers_to", "Tập thể hoặc người đứng đầu", T::Line).help("Ví dụ: ỦY BAN NHÂN DÂN"),
            f("signature.title_lines", "Chức vụ (mỗi dòng in một dòng)", T::Items)
                .required()
                .help("Ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"),
            f("signature.name", "Họ và tên người ký", T::Line).required(),
        ],
    },
];

/// The body of the report, from mục I to mục IV.
const BODY: &[Block] = {
    use Block::*;
    use Level::*;
    &[
        Heading { level: Section, number: "I.", text: "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO TRIỂN KHAI THỰC HIỆN", step: "leadership" },
        Sentence {
            template: "Để triển khai thực hiện đạt kết quả về công tác dân vận trong hệ thống các cơ quan Nhà nước trên địa bàn {$period}, {letterhead.issuer_self} đã xây dựng, ban hành và tổ chức triển khai thực hiện Kế hoạch số {leadership.plan.number} ngày {leadership.plan.date|date} về {leadership.plan.subject}.",
            field: "leadership.plan.number",
        },
        Paragraphs { path: "leadership.paragraphs" },
        Heading { level: Section, number: "II.", text: "KẾT QUẢ THỰC HIỆN", step: "governance" },
        Heading {
            level: Clause,
            number: "1.",
            text: "Việc nâng cao hiệu lực, hiệu quả công tác quản lý nhà nước, thực hiện các mục tiêu phát triển kinh tế - xã hội",
            step: "governance",
        },
        Paragraphs { path: "governance.paragraphs" },
        Heading { level: Clause, number: "2.", text: "Công tác cải cách hành chính", step: "reform" },
        Paragraphs { path: "reform.paragraphs" },
        Heading { level: Clause, number: "3.", text: "Việc thực hiện Quy chế dân chủ ở cơ sở", step: "democracy" },
        Sentence {
            template: "Trên cơ sở Kế hoạch số {leadership.plan.number} ngày {leadership.plan.date|date} của {letterhead.issuer_self} về {leadership.plan.subject}, {democracy.lead}",
            field: "democracy.lead",
        },
        Paragraphs { path: "democracy.paragraphs" },
        Heading { level: Clause, number: "4.", text: "Công tác tiếp công dân, giải quyết khiếu nại, tố cáo", step: "reception" },
        Heading { level: Point, number: "a)", text: "Về công tác tiếp công dân", step: "reception" },
        Sentence {
            template: "[{reception.intro} ]Từ đầu năm đến nay, {reception.host} đã tiếp {reception.figures.total.visits|count} lượt/{reception.figures.total.people|count} người với {reception.figures.total.cases|count} vụ việc[ (*có {reception.delegations|count} đoàn đông người*)][!reception.delegations  (*không có đoàn đông người*)]; cụ thể: Tiếp thường xuyên: {reception.figures.regular.visits|count} lượt/{reception.figures.regular.people|count} người với {reception.figures.regular.cases|count} vụ việc; tiếp định kỳ và đột xuất: {reception.figures.periodic.visits|count} lượt/{reception.figures.periodic.people|count} người với {reception.figures.periodic.cases|count} vụ việc.[ Nội dung tiếp công dân chủ yếu là {reception.subjects|sentence}][ {reception.follow_up}]",
            field: "reception.figures",
        },
        Heading { level: Point, number: "b)", text: "Về giải quyết khiếu nại, tố cáo", step: "cases" },
        RowBullets {
            table: "cases",
            template: "Tổng số đơn {@word} thuộc thẩm quyền: {.letters|count} đơn/{.cases|count} vụ[ (*có {.carried|count} vụ kỳ trước chuyển sang*)]. Số vụ việc đã giải quyết: {.resolved|count} vụ[; số vụ việc đang giải quyết: {.in_progress|count} vụ[ việc (*có {.note_count|count} vụ {.note}*)]].",
        },
        Heading {
            level: Clause,
            number: "5.",
            text: "Về tinh thần trách nhiệm, kỷ luật, kỷ cương hành chính của cán bộ, công chức",
            step: "discipline",
        },
        Sentence {
            template: "[{discipline.intro} ][Thực hiện nghiêm túc {discipline.citations|citations}.]",
            field: "discipline.intro",
        },
        Paragraphs { path: "discipline.paragraphs" },
        RunIn { number: "6.", path: "coordination.paragraphs" },
        Heading { level: Section, number: "III.", text: "ĐÁNH GIÁ CHUNG", step: "assessment" },
        Heading { level: Clause, number: "1.", text: "Kết quả đạt được", step: "assessment" },
        Bullets { path: "assessment.results" },
        Heading { level: Clause, number: "2.", text: "Hạn chế, vướng mắc", step: "assessment" },
        Sentence { template: "[{assessment.limits_intro}]", field: "assessment.limits_intro" },
        Bullets { path: "assessment.limits" },
        Heading { level: Clause, number: "3.", text: "Nguyên nhân của những hạn chế, vướng mắc", step: "assessment" },
        Bullets { path: "assessment.causes" },
        Heading { level: Section, number: "IV.", text: "MỘT SỐ NHIỆM VỤ CHỦ YẾU {$next_period|upper}", step: "tasks" },
        Numbered { path: "tasks.items" },
    ]
};

/// The reference kind. A `const` so that [`super::all`] can hold it in a `static` array.
pub const KIND: Kind = Kind {
        id: ID,
        name: "Báo cáo công tác dân vận chính quyền",
        doc_type: "BÁO CÁO",
        doc_abbr: "BC",
        file_subject: "dan-van",
        steps: STEPS,
        title_template: "Kết quả thực hiện công tác dân vận chính quyền {$period}, một số nhiệm vụ chủ yếu {$next_period}",
        closing_template: "Trên đây là báo cáo kết quả thực hiện công tác dân vận chính quyền {$period} và một số nhiệm vụ chủ yếu {$next_period}, {letterhead.issuer_name} kính báo cáo./.",
        body: BODY,
        blank,
};

/// The rules of this kind: the shared ND30 rules plus the figures of II.4.
pub fn rules() -> Vec<Rule> {
    let mut rules = common_rules();
    let r = |row: &str, col: &str| format!("reception.figures.{row}.{col}");
    // Tiếp công dân: the total is the sum of the two ways of receiving, in every column.
    for (col, total_label, unit) in [
        ("visits", "tổng số lượt tiếp", "lượt"),
        ("people", "tổng số người được tiếp", "người"),
        ("cases", "tổng số vụ việc", "vụ việc"),
    ] {
        rules.push(Rule::new(
            format!("reception.{col}.sum"),
            Error,
            format!("Tiếp công dân: {total_label} = tiếp thường xuyên + tiếp định kỳ, đột xuất"),
            Test::Sum {
                total: fig(r("total", col), total_label),
                parts: vec![
                    fig(r("regular", col), "tiếp thường xuyên"),
                    fig(r("periodic", col), "tiếp định kỳ, đột xuất"),
                ],
                unit,
            },
        ));
    }
    for row in RECEPTION_TABLE.rows {
        let w = row.word;
        rules.push(Rule::new(
            format!("reception.{}.people", row.id),
            Error,
            format!("Tiếp công dân ({w}): số người ≥ số lượt"),
            Test::AtMost {
                small: fig(r(row.id, "visits"), format!("số lượt ({w})")),
                big: fig(r(row.id, "people"), "số người"),
                why: "mỗi lượt tiếp có ít nhất một người.",
            },
        ));
        rules.push(Rule::new(
            format!("reception.{}.cases", row.id),
            Warning,
            format!("Tiếp công dân ({w}): số vụ việc ≤ số lượt"),
            Test::AtMost {
                small: fig(r(row.id, "cases"), format!("số vụ việc ({w})")),
                big: fig(r(row.id, "visits"), "số lượt"),
                why: "thường mỗi vụ việc có ít nhất một lượt tiếp; hãy xác nhận.",
            },
        ));
    }
    // Giải quyết đơn thư: each case kind.
    for row in CASES_TABLE.rows {
        let (id, w) = (row.id, row.word);
        let c = |col: &str| format!("cases.{id}.{col}");
        rules.push(Rule::new(
            format!("cases.{id}.sum"),
            Error,
            format!("Đơn {w}: số vụ = đã giải quyết + đang giải quyết"),
            Test::Sum {
                total: fig(c("cases"), format!("số vụ {w}")),
                parts: vec![fig(c("resolved"), "đã giải quyết"), fig(c("in_progress"), "đang giải quyết")],
                unit: "vụ",
            },
        ));
        rules.push(Rule::new(
            format!("cases.{id}.carried"),
            Error,
            format!("Đơn {w}: số vụ kỳ trước chuyển sang ≤ số vụ"),
            Test::AtMost {
                small: fig(c("carried"), format!("số vụ {w} kỳ trước chuyển sang")),
                big: fig(c("cases"), "tổng số vụ"),
                why: "",
            },
        ));
        rules.push(Rule::new(
            format!("cases.{id}.note"),
            Error,
            format!("Đơn {w}: số vụ trong ghi chú ≤ số vụ đang giải quyết"),
            Test::AtMost {
                small: fig(c("note_count"), format!("số vụ {w} trong ghi chú")),
                big: fig(c("in_progress"), "số vụ đang giải quyết"),
                why: "",
            },
        ));
        rules.push(Rule::new(
            format!("cases.{id}.letters"),
            Warning,
            format!("Đơn {w}: số đơn ≥ số vụ"),
            Test::AtMost {
                small: fig(c("cases"), format!("số vụ {w}")),
                big: fig(c("letters"), "số đơn"),
                why: "thường mỗi vụ có ít nhất một đơn; hãy xác nhận.",
            },
        ));
    }
    rules.push(Rule::new("cases.note_text", Warning, "Ghi chú có cả số vụ và nội dung", Test::Custom(note_text)));
    rules.push(Rule::new(
        "plan.year",
        Warning,
        "Kế hoạch trích dẫn ở mục I là của năm báo cáo",
        Test::Custom(plan_year),
    ));
    rules
}

fn note_text(_: &Kind, d: &Draft) -> Vec<(Vec<String>, String, serde_json::Map<String, serde_json::Value>)> {
    let mut out = Vec::new();
    for row in CASES_TABLE.rows {
        let (n, t) = (format!("cases.{}.note_count", row.id), format!("cases.{}.note", row.id));
        let count = d.count(&n).filter(|&c| c > 0);
        let text = d.text(&t).trim();
        let m = match (count, text.is_empty()) {
            (Some(c), true) => {
                format!("Đơn {}: ghi chú có {} vụ nhưng chưa ghi nội dung.", row.word, crate::text::count(c))
            }
            (None, false) => format!("Đơn {}: ghi chú “{text}” chưa có số vụ nên sẽ không được in.", row.word),
            _ => continue,
        };
        out.push((vec![n, t], m, serde_json::Map::new()));
    }
    out
}

fn plan_year(_: &Kind, d: &Draft) -> Vec<(Vec<String>, String, serde_json::Map<String, serde_json::Value>)> {
    let Some(p) = crate::frame::Period::of(d) else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(date) = d.date("leadership.plan.date") {
        if date.year() != p.year {
            out.push((
                vec!["leadership.plan.date".to_string(), "period.year".to_string()],
                format!("Kế hoạch ở mục I ban hành năm {}, khác năm báo cáo {}.", date.year(), p.year),
                serde_json::Map::new(),
            ));
        }
    }
    let subject = d.text("leadership.plan.subject");
    for y in years_in(subject) {
        if y != p.year {
            out.push((
                vec!["leadership.plan.subject".to_string(), "period.year".to_string()],
                format!("Nội dung kế hoạch nói “năm {y}”, khác năm báo cáo {}.", p.year),
                serde_json::Map::new(),
            ));
        }
    }
    out
}

/// Years written as `năm 2021` in a text.
fn years_in(s: &str) -> Vec<i32> {
    s.match_indices("năm ")
        .filter_map(|(i, m)| {
            let rest = &s[i + m.len()..];
            let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            (digits.len() == 4).then(|| digits.parse().ok()).flatten()
        })
        .collect()
}
