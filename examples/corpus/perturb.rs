//! Perturbs one line of seed text the way another year's or another office's edition of the
//! same sheet differs from it: numbers scaled (format kept: full-width digits, `△`, commas,
//! decimals), era years shifted (`R2` → `R3`, `令和 5 年` → `令和 6 年`, across `H31`/`R1`),
//! and departments swapped among those the seeds name. Words, units and layout are kept.
//!
//! All arithmetic is on integers, so the output is the same on every machine.
#![allow(clippy::expect_used, reason = "only the static patterns of this file are compiled")]

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::generate::Rng;

/// Departments named in the seed dumps; a file swaps them by a permutation of this list.
pub(crate) const DEPARTMENTS: [&str; 36] = [
    "経営戦略課",
    "商工観光課",
    "都市計画課",
    "農業振興課",
    "学校教育課",
    "産学振興課",
    "こども家庭課",
    "生涯学習課",
    "人事法制課",
    "スポーツ振興課",
    "コミュニティ推進課",
    "高齢者支援課",
    "防災安全課",
    "総務広報課",
    "生活環境課",
    "教育総務課",
    "建設政策課",
    "子ども家庭支援課",
    "国際政策課",
    "健康課",
    "保育課",
    "財政課",
    "新公共マネジメント推進課",
    "地域開発推進課",
    "商工・企業立地課",
    "保育所・幼稚園課",
    "企業誘致推進課",
    "下水道課",
    "農林振興課",
    "行政管理課",
    "文化課",
    "市民活動支援課",
    "子育て支援課",
    "収納課",
    "医療保険課",
    "まちづくり推進課",
];

/// How one file departs from its seed; fixed for the whole file so that its years and
/// departments stay consistent with each other.
#[derive(Debug, Clone)]
pub(crate) struct Perturbation {
    /// Years added to every era or Western year (may be negative).
    pub(crate) year_shift: i32,
    /// `departments[i]` replaces [`DEPARTMENTS`]`[i]`.
    pub(crate) departments: Vec<&'static str>,
    /// The file's overall scale of numbers, in per mille (800–1250).
    pub(crate) scale_permille: u64,
}

impl Perturbation {
    /// A random perturbation.
    pub(crate) fn random(rng: &mut Rng) -> Self {
        let year_shift = i32::try_from(rng.below(5)).unwrap_or(0) - 2;
        let mut departments = DEPARTMENTS.to_vec();
        rng.shuffle(&mut departments);
        Self { year_shift, departments, scale_permille: 800 + rng.below(451) }
    }
}

/// One alternation, tried left to right: era ranges and years first, so that their digits
/// are never scaled as quantities.
static TOKENS: LazyLock<Regex> = LazyLock::new(|| {
    let departments: Vec<String> = {
        let mut names: Vec<&str> = DEPARTMENTS.to_vec();
        // Longest first: leftmost-first alternation then prefers the longer name.
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        names.into_iter().map(regex::escape).collect()
    };
    let pattern = format!(
        r"(?P<kera>令和|平成|昭和)(?P<ksp>\s*)(?P<kyear>元|[0-9０-９]{{1,2}})(?P<krest>\s*[-～~]\s*(?:令和|平成)?\s*[0-9０-９]{{1,2}})?|(?P<lera>[RH])(?P<lyear>元|[0-9]{{1,2}})(?P<lrest>[-～~][RH]?[0-9]{{1,2}})?|(?P<west>(?:19|20)[0-9]{{2}})(?P<wsuf>\s*年)|(?P<dept>{})|(?P<neg>[△▲]?)(?P<num>[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?)",
        departments.join("|")
    );
    Regex::new(&pattern).expect("the token pattern compiles")
});

/// Perturbs one line. `rng` draws the factor of each scaled number.
pub(crate) fn line(text: &str, p: &Perturbation, rng: &mut Rng) -> String {
    TOKENS
        .replace_all(text, |caps: &Captures<'_>| {
            let whole = caps.get(0).map_or("", |m| m.as_str());
            let start = caps.get(0).map_or(0, |m| m.start());
            let before = text.get(..start).and_then(|s| s.chars().next_back());
            if caps.name("kera").is_some() {
                kanji_era(caps, p.year_shift)
            } else if caps.name("lera").is_some() {
                if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
                    whole.to_owned()
                } else {
                    letter_era(caps, p.year_shift)
                }
            } else if let Some(year) = caps.name("west") {
                let suffix = caps.name("wsuf").map_or("", |m| m.as_str());
                let shifted = year.as_str().parse::<i32>().map_or(0, |y| y + p.year_shift);
                format!("{shifted}{suffix}")
            } else if let Some(dept) = caps.name("dept") {
                department(dept.as_str(), p)
            } else {
                let after = caps.get(0).and_then(|m| text.get(m.end()..)).unwrap_or("");
                number(caps, before, after, p, rng).unwrap_or_else(|| whole.to_owned())
            }
        })
        .into_owned()
}

fn department(name: &str, p: &Perturbation) -> String {
    DEPARTMENTS
        .iter()
        .position(|d| *d == name)
        .and_then(|i| p.departments.get(i))
        .map_or_else(|| name.to_owned(), |d| (*d).to_owned())
}

/// `令和 5 年` shifted; a range `令和 3～5` shifts both ends.
fn kanji_era(caps: &Captures<'_>, shift: i32) -> String {
    let era = caps.name("kera").map_or("", |m| m.as_str());
    let space = caps.name("ksp").map_or("", |m| m.as_str());
    let year = caps.name("kyear").map_or("", |m| m.as_str());
    let Some(gregorian) = era_year(era, year) else { return whole(caps) };
    let (new_era, new_year) = encode(gregorian + shift, year, true);
    let rest = caps.name("krest").map_or(String::new(), |m| shift_digits(m.as_str(), shift));
    format!("{new_era}{space}{new_year}{rest}")
}

/// `R6`, `H30`, `R7-11` shifted.
fn letter_era(caps: &Captures<'_>, shift: i32) -> String {
    let era = caps.name("lera").map_or("", |m| m.as_str());
    let year = caps.name("lyear").map_or("", |m| m.as_str());
    let Some(gregorian) = era_year(era, year) else { return whole(caps) };
    let (new_era, new_year) = encode(gregorian + shift, year, false);
    let rest = caps.name("lrest").map_or(String::new(), |m| shift_digits(m.as_str(), shift));
    format!("{new_era}{new_year}{rest}")
}

fn whole(caps: &Captures<'_>) -> String {
    caps.get(0).map_or(String::new(), |m| m.as_str().to_owned())
}

/// The Gregorian year of an era year (`R`/`令和` 1 = 2019, `H`/`平成` 1 = 1989, `昭和` 1 = 1926).
fn era_year(era: &str, year: &str) -> Option<i32> {
    let n = if year == "元" { 1 } else { parse_digits(year)? };
    let first = match era {
        "R" | "令和" => 2019,
        "H" | "平成" => 1989,
        "昭和" => 1926,
        _ => return None,
    };
    i32::try_from(n).ok().map(|n| first + n - 1)
}

/// A Gregorian year as an era and a year number written like `like` (full-width or not).
fn encode(gregorian: i32, like: &str, kanji: bool) -> (&'static str, String) {
    let (era, first) = match (gregorian >= 2019, kanji) {
        (true, true) => ("令和", 2019),
        (true, false) => ("R", 2019),
        (false, true) => ("平成", 1989),
        (false, false) => ("H", 1989),
    };
    let n = gregorian - first + 1;
    let text = if n == 1 && like == "元" { "元".to_owned() } else { n.max(1).to_string() };
    (era, if is_full_width(like) { to_full_width(&text) } else { text })
}

/// Shifts every digit run in `text` (the far end of a range) by `shift`.
fn shift_digits(text: &str, shift: i32) -> String {
    static DIGITS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new("[0-9０-９]+").expect("the digit pattern compiles"));
    DIGITS
        .replace_all(text, |caps: &Captures<'_>| {
            let digits = caps.get(0).map_or("", |m| m.as_str());
            let shifted = parse_digits(digits)
                .and_then(|n| i64::try_from(n).ok())
                .map_or(1, |n| (n + i64::from(shift)).max(1));
            let text = shifted.to_string();
            if is_full_width(digits) { to_full_width(&text) } else { text }
        })
        .into_owned()
}

/// Words after which a number is an ordinal, a code or a date part, never a quantity.
const NOT_A_QUANTITY_AFTER: [&str; 6] = ["年", "月", "日", "期", "次", "号"];

/// A quantity, scaled; `None` keeps it as it is (ordinals, codes, dates, single digits).
fn number(
    caps: &Captures<'_>,
    before: Option<char>,
    after: &str,
    p: &Perturbation,
    rng: &mut Rng,
) -> Option<String> {
    let sign = caps.name("neg").map_or("", |m| m.as_str());
    let raw = caps.name("num")?.as_str();
    let digits = raw.chars().filter(|c| c.is_ascii_digit() || is_full_width_digit(*c)).count();
    let decimal = raw.contains(['.', '．']);
    let glued =
        before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '第');
    let date_like = NOT_A_QUANTITY_AFTER.iter().any(|w| after.trim_start().starts_with(w));
    let code = after.starts_with(['-', '.']) && !decimal;
    let unit_after =
        after.chars().next().is_some_and(|c| c == '%' || (c.is_alphabetic() && !c.is_ascii()));
    let single = digits < 2 && !decimal && !(before.is_none_or(char::is_whitespace) && unit_after);
    if single || glued || date_like || code || digits > 15 {
        return None;
    }
    let rest = raw.replace([',', '，'], "");
    let (int_part, frac_part) = rest.split_once(['.', '．']).unwrap_or((&rest, ""));
    let places = frac_part.chars().count();
    let mantissa = parse_digits(&format!("{int_part}{frac_part}"))?;
    let factor = p.scale_permille * (850 + rng.below(301)) / 1000;
    let scaled = (u128::from(mantissa) * u128::from(factor) + 500) / 1000;
    let text = format_scaled(scaled, places, raw.contains([',', '，']));
    let text = if is_full_width(raw) { to_full_width(&text) } else { text };
    Some(format!("{sign}{text}"))
}

/// `mantissa` with `places` decimals, grouped by thousands when `commas`.
fn format_scaled(mantissa: u128, places: usize, commas: bool) -> String {
    let mut digits = mantissa.to_string();
    while digits.len() <= places {
        digits.insert(0, '0');
    }
    let (int_part, frac_part) = digits.split_at(digits.len() - places);
    let int_part = if commas { group_thousands(int_part) } else { int_part.to_owned() };
    if places == 0 { int_part } else { format!("{int_part}.{frac_part}") }
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn parse_digits(text: &str) -> Option<u64> {
    let mut n: u64 = 0;
    for c in text.chars() {
        let d = if c.is_ascii_digit() {
            u64::from(c) - u64::from('0')
        } else if is_full_width_digit(c) {
            u64::from(c) - u64::from('０')
        } else {
            return None;
        };
        n = n.checked_mul(10)?.checked_add(d)?;
    }
    Some(n)
}

fn is_full_width_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

fn is_full_width(text: &str) -> bool {
    text.chars().any(is_full_width_digit)
}

/// ASCII digits, commas and points to their full-width forms.
fn to_full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => {
                char::from_u32(u32::from(c) - u32::from('0') + u32::from('０')).unwrap_or(c)
            }
            ',' => '，',
            '.' => '．',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(shift: i32) -> Perturbation {
        Perturbation { year_shift: shift, departments: DEPARTMENTS.to_vec(), scale_permille: 1000 }
    }

    #[test]
    fn eras_shift_across_heisei_and_reiwa() {
        let mut rng = Rng::new(1);
        assert_eq!(line("H30基準値\tR2実績", &fixed(1), &mut rng), "R1基準値\tR3実績");
        assert_eq!(line("令和 5 年 2 月", &fixed(-1), &mut rng), "令和 4 年 2 月");
        assert_eq!(line("(R7-11)", &fixed(2), &mut rng), "(R9-13)");
    }

    #[test]
    fn numbers_keep_their_format() {
        let mut rng = Rng::new(7);
        let out = line("△1,064\t13.6%\t１２３人\tNo.12\t411-6", &fixed(0), &mut rng);
        let cells: Vec<&str> = out.split('\t').collect();
        assert!(cells[0].starts_with('△') && cells[0].contains(','), "{out}");
        assert!(cells[1].ends_with('%') && cells[1].contains('.'), "{out}");
        assert!(cells[2].chars().all(|c| is_full_width_digit(c) || c == '人'), "{out}");
        assert_eq!(&cells[3..], ["No.12", "411-6"]);
    }
}
