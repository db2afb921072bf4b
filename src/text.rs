//! Vietnamese text conventions shared by every renderer: counts, dates, NFC, inline emphasis.

use std::sync::OnceLock;

use time::{Date, Month};

/// A count as the reference report writes it: 1–9 take a leading zero (`04 vụ`), thousands
/// are grouped with "." (`1.234`).
pub fn count(n: u64) -> String {
    if (1..10).contains(&n) {
        return format!("0{n}");
    }
    group_thousands(n)
}

/// `1234567` → `1.234.567` (Vietnamese thousands separator).
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Read a figure as officials type it: `1.234` and `1 234` (Vietnamese thousands), full-width
/// digits, surrounding spaces. Anything else gets a Vietnamese reason for the field.
pub fn parse_count(raw: &str) -> Result<Option<u64>, String> {
    let s: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '\u{a0}' | '\u{202f}' | '\u{2009}' | '　' => ' ',
            '．' => '.',
            '，' => ',',
            '－' | '−' => '-',
            c => c,
        })
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    if s.starts_with('-') {
        return Err("Số liệu không được âm.".into());
    }
    if s.contains(',') {
        return Err("Số liệu là số nguyên; không nhập phần thập phân.".into());
    }
    // Thousands groups: "1.234.567" or "1 234 567" — every group after the first has 3 digits.
    let grouped = s.contains(['.', ' ']);
    let digits: String = s.chars().filter(|c| *c != '.' && *c != ' ').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("Chỉ nhập chữ số (ví dụ 1.234).".into());
    }
    if grouped {
        let groups: Vec<&str> = s.split(['.', ' ']).collect();
        let ok = groups.len() > 1 && (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return Err("Dấu chấm chỉ dùng để tách hàng nghìn (1.234); số liệu là số nguyên.".into());
        }
    }
    match digits.parse::<u64>() {
        Ok(n) if n <= 1_000_000_000 => Ok(Some(n)),
        _ => Err("Số liệu quá lớn (tối đa 1.000.000.000).".into()),
    }
}

/// Day of month per ND30: 1–9 padded (`05`).
fn day2(d: u8) -> String {
    format!("{d:02}")
}

/// Month per ND30: January and February padded (`01`, `02`), 3–12 not (`6`, `12`).
fn month_nd30(m: u8) -> String {
    if m <= 2 {
        format!("{m:02}")
    } else {
        m.to_string()
    }
}

/// Short date as used in citations: `05/9/2016`, `05/02/2021`, `15/3/2021`.
pub fn date_short(d: Date) -> String {
    format!("{}/{}/{}", day2(d.day()), month_nd30(d.month() as u8), d.year())
}

/// Full date as in the header: `ngày 05 tháng 01 năm 2022`.
pub fn date_long(d: Date) -> String {
    format!("ngày {} tháng {} năm {}", day2(d.day()), month_nd30(d.month() as u8), d.year())
}

/// Parse an ISO `YYYY-MM-DD` date (what `<input type="date">` gives and the draft stores).
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let mut it = s.splitn(3, '-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.parse().ok()?;
    if !(1000..=9999).contains(&y) {
        return None;
    }
    Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
}

pub fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

// ---------------------------------------------------------------------------------------------
// Unicode tables: normalisation (NFC/NFD) and case mapping. With the `unicode-tables` feature
// (on by default: the command line, the tests, the core worker) the core uses the
// unicode-normalization crate and std's case mapping. Their tables are about 57 KB brotli, more
// than a third of the web page's budget, so the page's main wasm is built without the feature
// and installs the browser's own `String.prototype.normalize` / `toUpperCase` /
// `toLowerCase` through [`set_unicode`] at start-up (`ui::start`); the core itself stays free of
// web APIs. Built without the feature and without [`set_unicode`], text is left as it is.
// Core code calls [`nfc`], [`nfd`], [`upper`] and [`lower`], never `str::to_uppercase` and
// friends (which would pull the tables back into the page).
// ---------------------------------------------------------------------------------------------

/// A Unicode transformation of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transform {
    Nfc,
    Nfd,
    Upper,
    Lower,
}

/// A function applying a [`Transform`] to a text.
pub type UnicodeFn = fn(&str, Transform) -> String;

static UNICODE: OnceLock<UnicodeFn> = OnceLock::new();

/// Install the implementation used when the crate is built without `unicode-tables` (first
/// call wins). With the tables built in, they are used and this has no effect.
pub fn set_unicode(f: UnicodeFn) {
    let _ = UNICODE.set(f);
}

/// `s` transformed by `t`.
pub fn transform(s: &str, t: Transform) -> String {
    #[cfg(feature = "unicode-tables")]
    {
        use unicode_normalization::UnicodeNormalization;
        match t {
            Transform::Nfc => s.nfc().collect(),
            Transform::Nfd => s.nfd().collect(),
            Transform::Upper => s.to_uppercase(),
            Transform::Lower => s.to_lowercase(),
        }
    }
    #[cfg(not(feature = "unicode-tables"))]
    match UNICODE.get() {
        Some(f) => f(s, t),
        None => s.to_string(),
    }
}

/// `s` in NFC (composed: what Vietnamese keyboards type on most systems).
pub fn nfc(s: &str) -> String {
    transform(s, Transform::Nfc)
}

/// `s` in NFD (decomposed: base letters followed by combining marks).
pub fn nfd(s: &str) -> String {
    transform(s, Transform::Nfd)
}

/// Upper-case Vietnamese text (`năm 2022` → `NĂM 2022`).
pub fn upper(s: &str) -> String {
    transform(s, Transform::Upper)
}

/// Lower-case text.
pub fn lower(s: &str) -> String {
    transform(s, Transform::Lower)
}

/// `Văn bản thực hiện` → `văn bản thực hiện` (but `UBND …` stays).
pub fn lower_first(s: &str) -> String {
    let mut cs = s.chars();
    match (cs.next(), cs.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            lower(a.encode_utf8(&mut [0; 4])) + &s[a.len_utf8()..]
        }
        _ => s.to_string(),
    }
}

/// Text as stored and printed: NFC, Windows/old-Mac line ends normalised, characters XML
/// forbids removed (C0 controls other than tab and newline; U+FFFE/U+FFFF).
pub fn clean(s: &str) -> String {
    // Fast path (the web form cleans a whole field on every keystroke): text that is
    // already clean is copied after one cheap scan instead of being decomposed and recomposed.
    if is_clean(s) {
        return s.to_string();
    }
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    nfc(&s).chars().filter(|&c| !is_xml_forbidden(c)).collect()
}

/// `s` appended to `out` as XML or HTML text: `&`, `<`, `>` and `"` escaped, and the
/// characters XML forbids ([`is_xml_forbidden`]) left out. The .docx writer and the preview's
/// pages (`ui::sheet`) write text with it.
pub fn escape_markup(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if is_xml_forbidden(c) => {}
            c => out.push(c),
        }
    }
}

/// Characters XML 1.0 does not allow in a document (§2.2 `Char`): C0 controls other than tab,
/// newline and carriage return, and U+FFFE/U+FFFF. (Surrogates cannot occur in a `str`.) A
/// draft's text never holds them ([`clean`]), nor does a .docx (`render::xml`).
pub fn is_xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Is `s` already what [`clean`] makes of it? (NFC quick check: "maybe" counts as no.)
fn is_clean(s: &str) -> bool {
    // A carriage return is allowed in XML but becomes a newline here.
    if s.chars().any(|c| c == '\r' || is_xml_forbidden(c)) {
        return false;
    }
    #[cfg(feature = "unicode-tables")]
    return unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes;
    // Without the tables only ASCII is known to be NFC; other text goes to the installed
    // normaliser (the browser's, which has its own quick check).
    #[cfg(not(feature = "unicode-tables"))]
    return s.is_ascii();
}

/// One stretch of text with its emphasis.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Run {
    pub text: String,
    pub italic: bool,
    pub bold: bool,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Self {
        Run { text: text.into(), italic: false, bold: false }
    }
    pub fn bold(text: impl Into<String>) -> Self {
        Run { text: text.into(), italic: false, bold: true }
    }
}

/// Split inline emphasis: `*chữ nghiêng*` is italic. An unpaired `*` stays as text.
pub fn emphasis_runs(s: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('*') {
        let after = &rest[open + 1..];
        match after.find('*') {
            Some(close) if close > 0 => {
                if open > 0 {
                    runs.push(Run::plain(&rest[..open]));
                }
                runs.push(Run { text: after[..close].to_string(), italic: true, bold: false });
                rest = &after[close + 1..];
            }
            _ => break,
        }
    }
    if !rest.is_empty() {
        runs.push(Run::plain(rest));
    }
    merge_runs(runs)
}

/// Join neighbouring runs of the same style.
pub fn merge_runs(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for r in runs {
        if r.text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.italic == r.italic && last.bold == r.bold => last.text.push_str(&r.text),
            _ => out.push(r),
        }
    }
    out
}

/// Strip trailing sentence punctuation so a renderer can add its own.
pub fn trim_end_punct(s: &str) -> &str {
    s.trim_end().trim_end_matches(['.', ';', ',', ':']).trim_end()
}

/// A slug for file names: ASCII letters and digits joined by "-" (`Dân vận` → `dan-van`).
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in nfd(s).chars() {
        let c = match c {
            'đ' => 'd',
            'Đ' => 'd',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            c if c.is_ascii() => '-',
            _ => continue, // combining marks
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_follow_the_reference() {
        assert_eq!(count(0), "0");
        assert_eq!(count(4), "04");
        assert_eq!(count(12), "12");
        assert_eq!(count(1234), "1.234");
        assert_eq!(count(1_000_000_000), "1.000.000.000");
    }

    #[test]
    fn dates_follow_nd30_padding() {
        let d = |s| parse_iso_date(s).unwrap();
        assert_eq!(date_short(d("2016-09-05")), "05/9/2016");
        assert_eq!(date_short(d("2021-02-05")), "05/02/2021");
        assert_eq!(date_short(d("2021-03-15")), "15/3/2021");
        assert_eq!(date_long(d("2022-01-05")), "ngày 05 tháng 01 năm 2022");
        assert_eq!(date_long(d("2019-06-29")), "ngày 29 tháng 6 năm 2019");
        assert!(parse_iso_date("2021-02-30").is_none());
        assert!(parse_iso_date("abc").is_none());
    }

    #[test]
    fn emphasis() {
        let r = emphasis_runs("a (*không có*) b * c");
        assert_eq!(r.len(), 3);
        assert!(r[1].italic);
        assert_eq!(r[2].text, ") b * c");
    }

    #[test]
    fn clean_text() {
        assert_eq!(clean("Vie\u{0302}\u{0323}t\r\nx\u{1}"), "Việt\nx");
        // The fast path and the full one agree.
        for s in
            ["Việt Nam\tvà\n", "a\r", "a\rb", "\u{fffe}x", "e\u{301}", "\u{1ec7}", "\u{1f}", "x\u{0}y", "Å", "\u{212b}"]
        {
            let slow: String = nfc(&s.replace("\r\n", "\n").replace('\r', "\n")).chars().filter(|&c| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')).collect();
            assert_eq!(clean(s), slow, "{s:?}");
        }
    }

    #[test]
    fn figures_as_typed() {
        for (raw, want) in [
            ("124", 124),
            (" 1.234 ", 1234),
            ("1 234 567", 1_234_567),
            ("１２３", 123),
            ("0", 0),
            ("1\u{a0}000", 1000),
            ("1.000.000.000", 1_000_000_000),
        ] {
            assert_eq!(parse_count(raw), Ok(Some(want)), "{raw}");
        }
        assert_eq!(parse_count("  "), Ok(None));
        for raw in ["12a", "-3", "1,5", "1.5", "12.34", "1000000001", "99999999999999999999999", "1..234", ".123"] {
            assert!(parse_count(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Dân vận chính quyền"), "dan-van-chinh-quyen");
        assert_eq!(slug("BC-UBND"), "bc-ubnd");
    }
}
