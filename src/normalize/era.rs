//! Japanese era (和暦) years, dates and periods.
//!
//! Takes folded text with range marks unified ([`super::text::unify_marks`]) and reads the
//! forms of field guide §4.2: `H30`, `R1`, `令和元年度`, `H31.4.1`, `R6.4現在`,
//! `H30.10月~R1.9月`, `(H24~26年度平均)`, `2020R2~2024R6年`, `(R4~)`, `2020年度`, …
//! It fills the era fields of a [`Value`] (`year`, `fiscal`, `date`, `month`, `start`,
//! `end`) and reports overflows, impossible ranges and mismatches. Prose that merely
//! contains an era year is left to the caller (it is not an era expression).

use crate::model::{PeriodBound, Severity, Value, ValueKind};

use super::ValueIssue;
use super::scan::{self, strip_outer_brackets};

/// A Japanese era of the modern calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Era {
    /// 明治 (Meiji, M), 1868–1912.
    Meiji,
    /// 大正 (Taishō, T), 1912–1926.
    Taisho,
    /// 昭和 (Shōwa, S), 1926–1989.
    Showa,
    /// 平成 (Heisei, H), 1989-01-08 – 2019-04-30.
    Heisei,
    /// 令和 (Reiwa, R), from 2019-05-01.
    Reiwa,
}

impl Era {
    /// Every era, oldest first.
    pub const ALL: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

    /// The Gregorian year of the era's first year (元年).
    pub fn first_year(self) -> i32 {
        match self {
            Era::Meiji => 1868,
            Era::Taisho => 1912,
            Era::Showa => 1926,
            Era::Heisei => 1989,
            Era::Reiwa => 2019,
        }
    }

    /// The era's last day `(year, month, day)`; `None` for the current era.
    pub fn last_day(self) -> Option<(i32, u32, u32)> {
        match self {
            Era::Meiji => Some((1912, 7, 29)),
            Era::Taisho => Some((1926, 12, 24)),
            Era::Showa => Some((1989, 1, 7)),
            Era::Heisei => Some((2019, 4, 30)),
            Era::Reiwa => None,
        }
    }

    /// The highest era year that existed (`H31`); `None` for the current era.
    pub fn last_era_year(self) -> Option<u32> {
        let (year, _, _) = self.last_day()?;
        u32::try_from(year - self.first_year() + 1).ok()
    }

    /// The era's one-letter abbreviation (`H`, `R`).
    pub fn letter(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// The era's name in kanji (`平成`).
    pub fn name(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }
}

/// The Gregorian year of era year `n` (元年 = 1), by arithmetic: `H32` gives 2020 even
/// though Heisei ended in 2019. `None` for year 0 or an overflow.
pub fn era_to_gregorian(era: Era, n: u32) -> Option<i32> {
    if n == 0 {
        return None;
    }
    era.first_year().checked_add(i32::try_from(n).ok()?)?.checked_sub(1)
}

/// The era year that a Gregorian year is written as: the era in force at the end of the
/// year (2019 → `R1`, 1989 → `H1`). `None` before 1868.
pub fn gregorian_to_era(year: i32) -> Option<(Era, u32)> {
    let era = Era::ALL.iter().rev().find(|e| e.first_year() <= year)?;
    let n = u32::try_from(year - era.first_year() + 1).ok()?;
    Some((*era, n))
}

/// Era names at the start of text, longest first, with their era.
const ERA_NAMES: [(&str, Era); 15] = [
    ("明治", Era::Meiji),
    ("大正", Era::Taisho),
    ("昭和", Era::Showa),
    ("平成", Era::Heisei),
    ("令和", Era::Reiwa),
    ("㍾", Era::Meiji),
    ("㍽", Era::Taisho),
    ("㍼", Era::Showa),
    ("㍻", Era::Heisei),
    ("㋿", Era::Reiwa),
    ("M", Era::Meiji),
    ("T", Era::Taisho),
    ("S", Era::Showa),
    ("H", Era::Heisei),
    ("R", Era::Reiwa),
];

/// How a point's year was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// With an era (`H30`, `令和元`), possibly after a Western year (`2020R2`).
    Era(Era),
    /// A four-digit Western year.
    Western,
    /// Digits only (`26` in `H24~26年度`): valid only as the end of a range.
    Bare,
}

/// One year, month or date as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Point {
    written: Written,
    /// Era year, Western year or bare number.
    n: u32,
    /// The Western year written before the era (`2020` in `2020R2`).
    western: Option<u32>,
    month: Option<u32>,
    day: Option<u32>,
    /// `Some(true)` for 年度, `Some(false)` for 年.
    fiscal: Option<bool>,
}

/// Reads the era name at the start of `s`, unless it is a Latin letter inside a word.
fn era_name(s: &str) -> Option<(Era, &str)> {
    ERA_NAMES.iter().find_map(|(name, era)| s.strip_prefix(name).map(|rest| (*era, rest)))
}

/// Reads the year after an era name: `元` or one or two digits.
fn era_year_number(s: &str) -> Option<(u32, &str)> {
    if let Some(rest) = s.strip_prefix('元') {
        return Some((1, rest));
    }
    let (n, len) = scan::leading_digits(s, 2)?;
    Some((n, s.get(len..)?))
}

/// Reads the year part of a point: `2020R2`, `H30`, `令和元`, `2020`, `26`.
fn point_year(s: &str) -> Option<(Written, u32, Option<u32>, &str)> {
    if let Some((era, rest)) = era_name(s) {
        let (n, rest) = era_year_number(rest)?;
        return Some((Written::Era(era), n, None, rest));
    }
    let (n, len) = scan::leading_digits(s, 4)?;
    let rest = s.get(len..)?;
    if len == 4 {
        if let Some((era, after)) = era_name(rest) {
            let (en, after) = era_year_number(after)?;
            return Some((Written::Era(era), en, Some(n), after));
        }
        return Some((Written::Western, n, None, rest));
    }
    (len <= 2).then_some((Written::Bare, n, None, rest))
}

/// Reads `.m`, `.m.d` and `.m月` after a year.
fn dotted(s: &str) -> (Option<u32>, Option<u32>, &str) {
    let Some(after) = s.strip_prefix('.') else { return (None, None, s) };
    let Some((m, len)) = scan::leading_digits(after, 2) else { return (None, None, s) };
    let rest = after.get(len..).unwrap_or_default();
    if let Some(after_d) = rest.strip_prefix('.')
        && let Some((d, dlen)) = scan::leading_digits(after_d, 2)
    {
        return (Some(m), Some(d), after_d.get(dlen..).unwrap_or_default());
    }
    (Some(m), None, rest.strip_prefix('月').unwrap_or(rest))
}

/// Reads `年度`, or `年` with an optional `m月` and `d日`.
fn year_suffix(s: &str) -> (Option<bool>, Option<u32>, Option<u32>, &str) {
    if let Some(rest) = s.strip_prefix("年度") {
        return (Some(true), None, None, rest);
    }
    let Some(rest) = s.strip_prefix('年') else { return (None, None, None, s) };
    let (month, rest) = unit_number(rest, '月');
    let (day, rest) = if month.is_some() { unit_number(rest, '日') } else { (None, rest) };
    (Some(false), month, day, rest)
}

/// Reads `digits` + `unit` (`2月`) at the start of `s`.
fn unit_number(s: &str, unit: char) -> (Option<u32>, &str) {
    if let Some((n, len)) = scan::leading_digits(s, 2)
        && let Some(rest) = s.get(len..).and_then(|r| r.strip_prefix(unit))
    {
        return (Some(n), rest);
    }
    (None, s)
}

/// Reads one point at the start of `s`.
fn point(s: &str) -> Option<(Point, &str)> {
    let (written, n, western, rest) = point_year(s)?;
    let (mut month, mut day, rest) = dotted(rest);
    let (fiscal, rest) = if month.is_some() {
        (None, rest)
    } else {
        let (fiscal, m, d, rest) = year_suffix(rest);
        month = m;
        day = d;
        (fiscal, rest)
    };
    if month.is_some_and(|m| !(1..=12).contains(&m)) || day.is_some_and(|d| !(1..=31).contains(&d))
    {
        return None;
    }
    if matches!(written, Written::Era(_)) && n == 0 {
        return None;
    }
    Some((Point { written, n, western, month, day, fiscal }, rest))
}

/// What an era expression says, before it is written into a [`Value`].
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct EraReading {
    /// The fields to copy into the Value (kind and era fields only).
    pub value: Value,
    /// A qualifier found in the suffix (`平均`, `累計`).
    pub qualifier: Option<&'static str>,
    /// Issues found.
    pub issues: Vec<ValueIssue>,
    /// True when words followed the era expression (`現在`, `までの累計`).
    pub suffixed: bool,
    /// Free words after an era expression in brackets (`会計年度任用` in `(R2.4月~会計年度任用)`).
    pub note: Option<String>,
}

/// Words allowed before an era expression (`(計画期間H29~R3)`).
const PREFIXES: [&str; 6] = ["計画期間", "期間", "基準年", "基準", "対象期間", "調査"];

/// Words allowed after an era expression; the second field is the qualifier it carries.
const SUFFIXES: [(&str, Option<&str>); 30] = [
    ("年度末現在", None),
    ("末現在", None),
    ("現在", None),
    ("時点", None),
    ("実績値", None),
    ("実績", None),
    ("目標値", None),
    ("目標", None),
    ("基準値", None),
    ("基準", None),
    ("担当課", None),
    ("当初", None),
    ("末", None),
    ("調査", None),
    ("以降", None),
    ("まで", None),
    ("から", None),
    ("にかけて", None),
    ("比", None),
    ("平均", Some("平均")),
    ("累計", Some("累計")),
    ("見込み", Some("見込")),
    ("見込", Some("見込")),
    ("予定", None),
    ("開始", None),
    ("の", None),
    ("ヵ年", None),
    ("か年", None),
    ("ヶ年", None),
    ("間", None),
];

/// The words after an era expression, all from the allowed list.
struct Suffix {
    /// The qualifier one of them carries.
    qualifier: Option<&'static str>,
}

/// Strips the allowed suffix words; `None` if anything else is left.
fn suffix_words(mut s: &str) -> Option<Suffix> {
    let mut qualifier = None;
    while !s.is_empty() {
        if let Some((n, len)) = scan::leading_digits(s, 2)
            && n > 0
        {
            s = s.get(len..)?; // the 5 of "の5ヵ年"
            continue;
        }
        let (word, q) = SUFFIXES.iter().find(|(w, _)| s.starts_with(w))?;
        qualifier = qualifier.or(*q);
        s = s.get(word.len()..)?;
    }
    Some(Suffix { qualifier })
}

/// Reads a whole cell as an era year, date or period; `None` when it is not one.
pub(crate) fn parse_era(s: &str) -> Option<EraReading> {
    let trimmed = s.trim();
    let inner = strip_outer_brackets(trimmed);
    let bracketed = inner.len() < trimmed.len();
    let inner = PREFIXES.iter().find_map(|p| inner.strip_prefix(p)).unwrap_or(inner).trim_start();
    let (start, rest) = if inner.starts_with('~') {
        (None, inner)
    } else {
        let (p, rest) = point(inner)?;
        (Some(p), rest)
    };
    let mut reading = EraReading::default();
    let rest = read_range(start, rest, &mut reading)?;
    let rest = rest.trim();
    reading.suffixed = !rest.is_empty();
    match suffix_words(rest) {
        Some(suffix) => reading.qualifier = suffix.qualifier,
        None if bracketed && reading.value.kind == ValueKind::Period && is_free_note(rest) => {
            reading.note = Some(rest.to_owned());
        }
        None => return None,
    }
    Some(reading)
}

/// True for a few words without digits or brackets, allowed after an era in brackets.
fn is_free_note(rest: &str) -> bool {
    let n = rest.chars().count();
    (1..=12).contains(&n) && !rest.chars().any(|c| c.is_ascii_alphanumeric() || "()~-".contains(c))
}

/// Reads what follows the first point (a range mark and an end, or nothing) and fills
/// `reading`; returns the text left over.
fn read_range<'a>(
    start: Option<Point>,
    rest: &'a str,
    reading: &mut EraReading,
) -> Option<&'a str> {
    let open_start = start.is_none();
    let (mark, after) = match rest.chars().next() {
        Some(c @ ('~' | '-')) => (Some(c), rest.get(1..)?),
        _ => (None, rest),
    };
    match (start, mark) {
        (Some(p), None) => {
            single(p, reading)?;
            Some(rest)
        }
        (start, Some(mark)) => {
            let end = point(after);
            if end.is_none() && (mark == '-' || open_start) {
                return None;
            }
            let (end, left) = end.map_or((None, after), |(p, l)| (Some(p), l));
            period(start, end, reading)?;
            Some(left)
        }
        (None, None) => None,
    }
}

/// A resolved point: Gregorian year with its month and day.
#[derive(Debug, Clone, Copy)]
struct Resolved {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

/// Converts a point to a Gregorian year, checking overflow and a Western year written
/// beside the era. `inherit` is the era of the range's start, for a bare end.
fn resolve(p: Point, inherit: Option<Era>, issues: &mut Vec<ValueIssue>) -> Option<Resolved> {
    let year = match p.written {
        Written::Western => i32::try_from(p.n).ok().filter(|y| (1868..=2100).contains(y))?,
        Written::Era(era) => {
            let year = era_to_gregorian(era, p.n)?;
            check_overflow(era, p, year, issues);
            check_western(era, p, year, issues);
            p.western.and_then(|w| i32::try_from(w).ok()).unwrap_or(year)
        }
        Written::Bare => {
            let era = inherit?;
            let year = era_to_gregorian(era, p.n)?;
            check_overflow(era, p, year, issues);
            year
        }
    };
    if let (Some(m), Some(d)) = (p.month, p.day)
        && d > scan::days_in_month(year, m)
    {
        return None;
    }
    Some(Resolved { year, month: p.month, day: p.day })
}

/// Flags an era year or date past the era's end (`平成33年度`, `H31.5.1`).
fn check_overflow(era: Era, p: Point, year: i32, issues: &mut Vec<ValueIssue>) {
    let Some((ly, lm, ld)) = era.last_day() else { return };
    let past = match (p.month, p.day) {
        _ if year > ly => true,
        (Some(m), Some(d)) => year == ly && (m, d) > (lm, ld),
        (Some(m), None) => year == ly && m > lm,
        _ => false,
    };
    if past {
        issues.push(ValueIssue {
            code: "normalize.era_overflow",
            severity: Severity::Warning,
            message: format!(
                "{}{} is past the end of {} ({ly}): read as {year}",
                era.letter(),
                p.n,
                era.name()
            ),
        });
    }
}

/// Flags `2020R3`: a Western year that disagrees with the era year beside it.
fn check_western(era: Era, p: Point, year: i32, issues: &mut Vec<ValueIssue>) {
    let Some(western) = p.western else { return };
    if i32::try_from(western).ok() != Some(year) {
        issues.push(ValueIssue {
            code: "normalize.era_mismatch",
            severity: Severity::Warning,
            message: format!(
                "{western}{}{} disagree: {}{} is {year}",
                era.letter(),
                p.n,
                era.letter(),
                p.n
            ),
        });
    }
}

/// Fills `reading` for a single point: an era year, a month or a date.
fn single(p: Point, reading: &mut EraReading) -> Option<()> {
    if p.written == Written::Bare || (p.written == Written::Western && p.fiscal.is_none()) {
        return None;
    }
    let resolved = resolve(p, None, &mut reading.issues)?;
    let year = resolved.year;
    let value = &mut reading.value;
    match (resolved.month, resolved.day) {
        (Some(month), Some(day)) => {
            value.kind = ValueKind::EraDate;
            value.date = Some(format!("{year:04}-{month:02}-{day:02}"));
        }
        (Some(month), None) => {
            value.kind = ValueKind::EraDate;
            value.month = Some(format!("{year:04}-{month:02}"));
        }
        _ => {
            value.kind = ValueKind::EraYear;
            value.year = Some(year);
            value.fiscal = Some(p.fiscal.unwrap_or_else(|| assume_fiscal(&mut reading.issues)));
        }
    }
    Some(())
}

/// Records that a bare era label was read as a fiscal year.
fn assume_fiscal(issues: &mut Vec<ValueIssue>) -> bool {
    issues.push(ValueIssue {
        code: "normalize.fiscal_assumed",
        severity: Severity::Info,
        message: "no 年 or 年度: read as a fiscal year".to_owned(),
    });
    true
}

/// Fills `reading` for a period; an impossible start (after the end) is left absent.
fn period(start: Option<Point>, end: Option<Point>, reading: &mut EraReading) -> Option<()> {
    let issues = &mut reading.issues;
    let start_era = start.and_then(|p| match p.written {
        Written::Era(e) => Some(e),
        _ => None,
    });
    let western_range = start.is_some_and(|p| p.written == Written::Western);
    let s = match start {
        Some(p) if p.written == Written::Bare => return None,
        Some(p) => Some(resolve(p, None, issues)?),
        None => None,
    };
    let e = match end {
        Some(p) if p.written == Written::Western && !western_range && start.is_some() => {
            return None;
        }
        Some(p) if p.written == Written::Bare && western_range => return None,
        Some(p) => Some(resolve(p, start_era, issues)?),
        None => None,
    };
    let v = &mut reading.value;
    v.kind = ValueKind::Period;
    v.fiscal = end.and_then(|p| p.fiscal).or(start.and_then(|p| p.fiscal));
    v.start = s.map(bound);
    v.end = Some(e.map(bound));
    if let (Some(s), Some(e)) = (s, e)
        && s.year > e.year
    {
        v.start = None;
        reading.issues.push(ValueIssue {
            code: "normalize.era_impossible",
            severity: Severity::Warning,
            message: format!("a range cannot start in {} and end in {}: start left out (probably a misread era letter, e.g. H for R)", s.year, e.year),
        });
    }
    Some(())
}

/// A period bound: a year, or `yyyy-mm` when a month is given.
fn bound(r: Resolved) -> PeriodBound {
    match r.month {
        Some(m) => PeriodBound::Month(format!("{:04}-{m:02}", r.year)),
        None => PeriodBound::Year(r.year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn era(s: &str) -> Value {
        parse_era(s).unwrap_or_else(|| panic!("{s} is not an era expression")).value
    }

    // Conversion
    #[test]
    fn converts() {
        assert_eq!(era_to_gregorian(Era::Heisei, 30), Some(2018));
        assert_eq!(era_to_gregorian(Era::Reiwa, 1), Some(2019));
        assert_eq!(era_to_gregorian(Era::Meiji, 1), Some(1868));
        assert_eq!(era_to_gregorian(Era::Heisei, 0), None);
        assert_eq!(gregorian_to_era(2019), Some((Era::Reiwa, 1)));
        assert_eq!(gregorian_to_era(1989), Some((Era::Heisei, 1)));
        assert_eq!(gregorian_to_era(1867), None);
        for y in 1868..=2100 {
            let (e, n) = gregorian_to_era(y).unwrap();
            assert_eq!(era_to_gregorian(e, n), Some(y));
        }
    }

    // Single points
    #[test]
    fn points() {
        assert_eq!(era("H30").year, Some(2018));
        assert_eq!(era("令和元年度").fiscal, Some(true));
        assert_eq!(era("H31.4.1").date.as_deref(), Some("2019-04-01"));
        assert_eq!(era("R6.4現在").month.as_deref(), Some("2024-04"));
        assert_eq!(era("令和5年2月").month.as_deref(), Some("2023-02"));
        assert_eq!(era("2020年度").year, Some(2020));
        assert!(parse_era("2020").is_none());
        assert!(parse_era("1.45").is_none());
        assert!(parse_era("TPP11").is_none());
    }

    // Periods
    #[test]
    fn periods() {
        let v = era("(H24~26年度平均)");
        assert_eq!(
            (v.start, v.end),
            (Some(PeriodBound::Year(2012)), Some(Some(PeriodBound::Year(2014))))
        );
        let v = era("R7-11");
        assert_eq!(v.end, Some(Some(PeriodBound::Year(2029))));
        let v = era("(H28~)");
        assert_eq!(v.end, Some(None));
        let r = parse_era("(R29~R1)").unwrap();
        assert_eq!(r.value.start, None);
        assert_eq!(r.issues[0].code, "normalize.era_impossible");
    }
}
