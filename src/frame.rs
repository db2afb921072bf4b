//! The ND30 frame every report kind shares: its reporting periods (Nghị định 09/2019/NĐ-CP)
//! and the signature block's lines as printed. It sits at the bottom of the core with the
//! model and the kind vocabulary: it names draft paths of the frame (`period.*`,
//! `signature.*`) and nothing above it.

use crate::model::Draft;
use crate::text;

/// The draft paths of the ND30 frame, declared here once: the rest of the core, the UI and
/// the kind files name them through these constants (`tests/tidy.rs` holds that no other
/// Rust file writes them out).
pub mod path {
    /// Kỳ báo cáo: its type, year and (month, quarter) number.
    pub const PERIOD_TYPE: &str = "period.type";
    pub const PERIOD_YEAR: &str = "period.year";
    pub const PERIOD_NUMBER: &str = "period.number";
    /// Cơ quan chủ quản (the line above the issuer).
    pub const PARENT: &str = "letterhead.parent";
    /// Tên cơ quan ban hành, a line each.
    pub const ISSUER: &str = "letterhead.issuer";
    /// The issuer's name as the closing sentence says it (`UBND xã Bình Sơn`).
    pub const ISSUER_NAME: &str = "letterhead.issuer_name";
    /// How the report names its issuer inside the text (`UBND xã`).
    pub const ISSUER_SELF: &str = "letterhead.issuer_self";
    /// Số, ký hiệu, địa danh, ngày ban hành.
    pub const NUMBER: &str = "letterhead.number";
    pub const SYMBOL: &str = "letterhead.symbol";
    pub const PLACE: &str = "letterhead.place";
    pub const DATE: &str = "letterhead.date";
    /// Trích yếu.
    pub const TITLE: &str = "title";
    /// Kính gửi, a recipient a line.
    pub const TO: &str = "recipients.to";
    /// The closing sentence.
    pub const CLOSING: &str = "closing";
    /// Nơi nhận.
    pub const CC: &str = "recipients.cc";
    /// Quyền hạn ký (TM., KT., …), the body it refers to, the title lines, the signer.
    pub const AUTHORITY: &str = "signature.authority";
    pub const REFERS_TO: &str = "signature.refers_to";
    pub const TITLE_LINES: &str = "signature.title_lines";
    pub const SIGNER: &str = "signature.name";
    /// The outline edits the author made (renamed headings, added sections, left out ones).
    pub const OUTLINE: &str = "outline";
    /// The link to the previous period's report this one was started from (its period,
    /// number, date and fields), for carry-over checks and comparisons.
    pub const PREVIOUS: &str = "previous";
    /// What a summary of units' reports keeps beside its figures: the units summed
    /// (`aggregate.units`) and their texts as material (`aggregate.material`).
    pub const AGGREGATE: &str = "aggregate";
}

/// The frame fields every kind declares, with what each is (a kind file that lacks one gets
/// a problem naming it).
pub const FIELDS: [(&str, &str); 13] = [
    (path::PERIOD_TYPE, "kỳ báo cáo"),
    (path::PERIOD_YEAR, "năm báo cáo"),
    (path::ISSUER, "tên cơ quan ban hành"),
    (path::NUMBER, "số văn bản"),
    (path::SYMBOL, "ký hiệu"),
    (path::PLACE, "địa danh"),
    (path::DATE, "ngày ban hành"),
    (path::TITLE, "trích yếu"),
    (path::TO, "kính gửi"),
    (path::CLOSING, "câu kết"),
    (path::CC, "nơi nhận"),
    (path::TITLE_LINES, "chức vụ người ký"),
    (path::SIGNER, "họ tên người ký"),
];

/// Reporting periods (Nghị định 09/2019/NĐ-CP): month, quarter, 6 months, 9 months, year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodType {
    /// báo cáo tháng (`period.number` is the month)
    Month,
    /// báo cáo quý (`period.number` is the quarter)
    Quarter,
    /// báo cáo 6 tháng đầu năm
    FirstHalf,
    /// báo cáo 9 tháng đầu năm
    NineMonths,
    /// báo cáo năm
    Annual,
}

/// Each period type as a choice of the field `period.type`: (id, label). A kind offers the
/// ones it allows (e.g. `[ANNUAL, FIRST_HALF]`).
pub const MONTH: (&str, &str) = ("month", "Tháng");
pub const QUARTER: (&str, &str) = ("quarter", "Quý");
pub const FIRST_HALF: (&str, &str) = ("first-half", "6 tháng đầu năm");
pub const NINE_MONTHS: (&str, &str) = ("nine-months", "9 tháng đầu năm");
pub const ANNUAL: (&str, &str) = ("annual", "Cả năm");
pub const PERIOD_TYPES: [(&str, &str); 5] = [MONTH, QUARTER, FIRST_HALF, NINE_MONTHS, ANNUAL];

impl PeriodType {
    pub fn from_id(s: &str) -> Option<Self> {
        Some(match s {
            "month" => Self::Month,
            "quarter" => Self::Quarter,
            "first-half" => Self::FirstHalf,
            "nine-months" => Self::NineMonths,
            "annual" => Self::Annual,
            _ => return None,
        })
    }

    /// How many periods of this type a year has, when they are numbered.
    fn numbered(self) -> Option<u8> {
        match self {
            Self::Month => Some(12),
            Self::Quarter => Some(4),
            _ => None,
        }
    }
}

/// The report's period, from `period.type`, `period.year` and, for a month or a quarter,
/// `period.number`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub ty: PeriodType,
    pub year: i32,
    /// The month (1–12) or the quarter (1–4); 0 for the other types.
    pub number: u8,
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl Period {
    pub fn of(d: &Draft) -> Option<Period> {
        let ty = PeriodType::from_id(d.text(path::PERIOD_TYPE))?;
        let year = i32::try_from(d.count(path::PERIOD_YEAR)?).ok().filter(|y| (1945..=9999).contains(y))?;
        let number = match ty.numbered() {
            Some(n) => u8::try_from(d.count(path::PERIOD_NUMBER)?).ok().filter(|k| (1..=n).contains(k))?,
            None => 0,
        };
        Some(Period { ty, year, number })
    }

    /// `tháng 9 năm 2026`, `quý III năm 2026`, `6 tháng đầu năm 2026`, `9 tháng đầu năm
    /// 2026`, `năm 2026`.
    pub fn phrase(&self) -> String {
        let y = self.year;
        match self.ty {
            PeriodType::Month => format!("tháng {} năm {y}", self.number),
            PeriodType::Quarter => format!("quý {} năm {y}", ROMAN[usize::from(self.number.clamp(1, 4)) - 1]),
            PeriodType::FirstHalf => format!("6 tháng đầu năm {y}"),
            PeriodType::NineMonths => format!("9 tháng đầu năm {y}"),
            PeriodType::Annual => format!("năm {y}"),
        }
    }

    /// The period whose tasks the report sets: the next month or quarter, `6 tháng cuối năm
    /// 2026`, `3 tháng cuối năm 2026`, `năm 2027`.
    pub fn next_phrase(&self) -> String {
        let y = self.year;
        match (self.ty, self.ty.numbered()) {
            (PeriodType::FirstHalf, _) => format!("6 tháng cuối năm {y}"),
            (PeriodType::NineMonths, _) => format!("3 tháng cuối năm {y}"),
            (PeriodType::Annual, _) => format!("năm {}", y + 1),
            (_, Some(n)) if self.number >= n => Period { number: 1, year: y + 1, ..*self }.phrase(),
            _ => Period { number: self.number + 1, ..*self }.phrase(),
        }
    }

    /// First day the figures cover: the 15th of the month before the period (15/12 of the
    /// previous year for the 6-month, 9-month and annual reports).
    pub fn start(&self) -> Option<time::Date> {
        let first_month = match self.ty {
            PeriodType::Month => self.number,
            PeriodType::Quarter => 3 * self.number - 2,
            _ => 1,
        };
        let (year, month) = if first_month <= 1 { (self.year - 1, 12) } else { (self.year, first_month - 1) };
        time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, 15).ok()
    }

    /// Last day the figures cover (the cut-off): the 14th of the period's last month.
    pub fn cutoff(&self) -> Option<time::Date> {
        let last_month = match self.ty {
            PeriodType::Month => self.number,
            PeriodType::Quarter => 3 * self.number,
            PeriodType::FirstHalf => 6,
            PeriodType::NineMonths => 9,
            PeriodType::Annual => 12,
        };
        time::Date::from_calendar_date(self.year, time::Month::try_from(last_month).ok()?, 14).ok()
    }

    /// The data window as a report states it: `từ ngày 15/12/2025 đến ngày 14/9/2026`.
    pub fn window(&self) -> Option<String> {
        Some(format!("từ ngày {} đến ngày {}", text::date_short(self.start()?), text::date_short(self.cutoff()?)))
    }

    /// The period in a file name: `thang-9-2026`, `quy-3-2026`, `6-thang-2026`,
    /// `9-thang-2026`, `2026`.
    pub fn file_part(&self) -> String {
        let y = self.year;
        match self.ty {
            PeriodType::Month => format!("thang-{}-{y}", self.number),
            PeriodType::Quarter => format!("quy-{}-{y}", self.number),
            PeriodType::FirstHalf => format!("6-thang-{y}"),
            PeriodType::NineMonths => format!("9-thang-{y}"),
            PeriodType::Annual => y.to_string(),
        }
    }
}

/// The signature block's authority and title lines as printed (capitals), each with the
/// draft path it comes from: `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`, `PHÓ CHỦ TỊCH`.
pub fn signature_lines(d: &Draft) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let authority = d.text(path::AUTHORITY).trim();
    let refers_to = d.text(path::REFERS_TO).trim();
    if !authority.is_empty() || !refers_to.is_empty() {
        out.push((path::REFERS_TO.to_string(), text::upper(format!("{authority} {refers_to}").trim())));
    }
    for (i, l) in d.list(path::TITLE_LINES).iter().enumerate() {
        if !l.trim().is_empty() {
            out.push((format!("{}.{i}", path::TITLE_LINES), text::upper(l.trim())));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn period(ty: &str, year: u64, number: Option<u64>) -> Option<Period> {
        let mut d = Draft::new("x");
        d.set("period.type", json!(ty));
        d.set("period.year", json!(year));
        if let Some(n) = number {
            d.set("period.number", json!(n));
        }
        Period::of(&d)
    }

    /// Every NĐ 09 period: its phrase, the next one, and its data window.
    #[test]
    fn every_period_has_its_phrase_and_window() {
        let cases = [
            ("annual", None, "năm 2026", "năm 2027", "từ ngày 15/12/2025 đến ngày 14/12/2026", "2026"),
            (
                "first-half",
                None,
                "6 tháng đầu năm 2026",
                "6 tháng cuối năm 2026",
                "từ ngày 15/12/2025 đến ngày 14/6/2026",
                "6-thang-2026",
            ),
            (
                "nine-months",
                None,
                "9 tháng đầu năm 2026",
                "3 tháng cuối năm 2026",
                "từ ngày 15/12/2025 đến ngày 14/9/2026",
                "9-thang-2026",
            ),
            (
                "quarter",
                Some(1),
                "quý I năm 2026",
                "quý II năm 2026",
                "từ ngày 15/12/2025 đến ngày 14/3/2026",
                "quy-1-2026",
            ),
            (
                "quarter",
                Some(3),
                "quý III năm 2026",
                "quý IV năm 2026",
                "từ ngày 15/6/2026 đến ngày 14/9/2026",
                "quy-3-2026",
            ),
            (
                "quarter",
                Some(4),
                "quý IV năm 2026",
                "quý I năm 2027",
                "từ ngày 15/9/2026 đến ngày 14/12/2026",
                "quy-4-2026",
            ),
            (
                "month",
                Some(1),
                "tháng 1 năm 2026",
                "tháng 2 năm 2026",
                "từ ngày 15/12/2025 đến ngày 14/01/2026",
                "thang-1-2026",
            ),
            (
                "month",
                Some(9),
                "tháng 9 năm 2026",
                "tháng 10 năm 2026",
                "từ ngày 15/8/2026 đến ngày 14/9/2026",
                "thang-9-2026",
            ),
            (
                "month",
                Some(12),
                "tháng 12 năm 2026",
                "tháng 1 năm 2027",
                "từ ngày 15/11/2026 đến ngày 14/12/2026",
                "thang-12-2026",
            ),
        ];
        for (ty, n, phrase, next, window, file) in cases {
            let p = period(ty, 2026, n).unwrap_or_else(|| panic!("{ty} {n:?}"));
            assert_eq!(p.phrase(), phrase);
            assert_eq!(p.next_phrase(), next, "{phrase}");
            assert_eq!(p.window().as_deref(), Some(window), "{phrase}");
            assert_eq!(p.file_part(), file, "{phrase}");
        }
    }

    #[test]
    fn a_numbered_period_needs_its_number() {
        assert_eq!(period("quarter", 2026, None), None);
        assert_eq!(period("quarter", 2026, Some(5)), None);
        assert_eq!(period("month", 2026, Some(0)), None);
        assert_eq!(period("month", 2026, Some(13)), None);
        assert_eq!(period("weekly", 2026, None), None);
        assert_eq!(period("annual", 1900, None), None);
        // The number of a type that has none is ignored.
        assert_eq!(period("annual", 2026, Some(3)).map(|p| p.number), Some(0));
    }
}
