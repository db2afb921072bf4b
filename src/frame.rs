//! The ND30 frame every report kind shares: its reporting periods (Nghị định 09/2019/NĐ-CP)
//! and the signature block's lines as printed. It sits at the bottom of the core with the
//! model and the kind vocabulary: it names draft paths of the frame (`period.*`,
//! `signature.*`) and nothing above it.

use crate::model::Draft;
use crate::text;

/// Reporting periods (Nghị định 09/2019/NĐ-CP).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodType {
    /// báo cáo năm
    Annual,
    /// báo cáo 6 tháng đầu năm
    FirstHalf,
}

pub const PERIOD_TYPES: [(&str, &str); 2] = [("annual", "Cả năm"), ("first-half", "6 tháng đầu năm")];

impl PeriodType {
    pub fn from_id(s: &str) -> Option<Self> {
        match s {
            "annual" => Some(Self::Annual),
            "first-half" => Some(Self::FirstHalf),
            _ => None,
        }
    }
}

/// The report's period, from `period.type` and `period.year`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub ty: PeriodType,
    pub year: i32,
}

impl Period {
    pub fn of(d: &Draft) -> Option<Period> {
        let ty = PeriodType::from_id(d.text("period.type"))?;
        let year = i32::try_from(d.count("period.year")?).ok().filter(|y| (1945..=9999).contains(y))?;
        Some(Period { ty, year })
    }

    /// `năm 2021` / `6 tháng đầu năm 2021`.
    pub fn phrase(&self) -> String {
        match self.ty {
            PeriodType::Annual => format!("năm {}", self.year),
            PeriodType::FirstHalf => format!("6 tháng đầu năm {}", self.year),
        }
    }

    /// The period whose tasks the report sets: `năm 2022` / `6 tháng cuối năm 2021`.
    pub fn next_phrase(&self) -> String {
        match self.ty {
            PeriodType::Annual => format!("năm {}", self.year + 1),
            PeriodType::FirstHalf => format!("6 tháng cuối năm {}", self.year),
        }
    }

    /// First day the figures cover: 15/12 of the previous year.
    pub fn start(&self) -> Option<time::Date> {
        time::Date::from_calendar_date(self.year - 1, time::Month::December, 15).ok()
    }

    /// Last day the figures cover: 14/12 (annual) or 14/6 (first half).
    pub fn cutoff(&self) -> Option<time::Date> {
        let m = match self.ty {
            PeriodType::Annual => time::Month::December,
            PeriodType::FirstHalf => time::Month::June,
        };
        time::Date::from_calendar_date(self.year, m, 14).ok()
    }
}

/// The signature block's authority and title lines as printed (capitals), each with the
/// draft path it comes from: `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`, `PHÓ CHỦ TỊCH`.
pub fn signature_lines(d: &Draft) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let authority = d.text("signature.authority").trim();
    let refers_to = d.text("signature.refers_to").trim();
    if !authority.is_empty() || !refers_to.is_empty() {
        out.push(("signature.refers_to".to_string(), text::upper(format!("{authority} {refers_to}").trim())));
    }
    for (i, l) in d.list("signature.title_lines").iter().enumerate() {
        if !l.trim().is_empty() {
            out.push((format!("signature.title_lines.{i}"), text::upper(l.trim())));
        }
    }
    out
}
