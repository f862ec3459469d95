//! Spreadsheet number-format codes (`0.00%`, `[$-ja-JP-x-gannen]ggge"年"m"月"d"日"`)
//! classified into what decode needs: percent with its decimals, date (era or not), time.
//!
//! Only the first section (before an unquoted `;`) is read. Quoted literals, `\x` escapes,
//! `_x` widths and `*x` fills are skipped; `[...]` brackets are read only for locale tags.

/// What a number format shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormatKind {
    /// A percentage with this many decimals.
    Percent {
        /// Decimals shown (`0.00%` → 2).
        decimals: u8,
    },
    /// A date, possibly with a time part; `era` for Japanese era (和暦) formats.
    Date {
        /// Shown with a Japanese era (`g`/`e` tokens, or a `-x-gannen` locale).
        era: bool,
        /// Also shows a time of day.
        time: bool,
    },
    /// A time of day or elapsed time without a date.
    Time,
    /// Anything else (General, plain numbers, text).
    Other,
}

/// The tokens of a format's first section outside quotes, escapes and brackets, plus the
/// bracket contents.
#[derive(Default)]
struct Scan {
    /// Unquoted format characters.
    tokens: String,
    /// Contents of `[...]` groups.
    brackets: Vec<String>,
}

/// Splits the first section of a format code into tokens and bracket groups.
fn scan(code: &str) -> Scan {
    let mut out = Scan::default();
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            ';' => break,
            '"' => {
                chars.by_ref().take_while(|&q| q != '"').for_each(drop);
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => out.brackets.push(chars.by_ref().take_while(|&b| b != ']').collect()),
            _ => out.tokens.push(c),
        }
    }
    out
}

/// Classifies a number-format code.
pub(crate) fn classify(code: &str) -> FormatKind {
    let scan = scan(code);
    let lower = scan.tokens.to_ascii_lowercase().replace("general", "");
    if lower.contains('%') {
        return FormatKind::Percent { decimals: percent_decimals(&lower) };
    }
    let era_token = has_era_token(&lower);
    let elapsed = scan.brackets.iter().any(|b| is_elapsed(b));
    let time = has_time(&lower) || elapsed;
    // A lone `m` is a month in a date format and a minute next to hours or seconds.
    let has_date = era_token || lower.contains(['y', 'd']) || (lower.contains('m') && !time);
    let era = era_token || scan.brackets.iter().any(|b| b.to_ascii_lowercase().contains("gannen"));
    match (has_date, time) {
        (true, _) => FormatKind::Date { era, time },
        (false, true) => FormatKind::Time,
        (false, false) => FormatKind::Other,
    }
}

/// Decimals before the `%`: the `0`/`#`/`?` after the decimal point.
fn percent_decimals(tokens: &str) -> u8 {
    let before = tokens.split('%').next().unwrap_or_default();
    let Some((_, fraction)) = before.split_once('.') else { return 0 };
    let count = fraction.chars().filter(|c| matches!(c, '0' | '#' | '?')).count();
    u8::try_from(count).unwrap_or(u8::MAX)
}

/// `g` (era name) or `e` (era year) tokens; `e+`/`e-` is a scientific exponent, not an era.
fn has_era_token(tokens: &str) -> bool {
    let chars: Vec<char> = tokens.chars().collect();
    chars
        .iter()
        .enumerate()
        .any(|(i, &c)| c == 'g' || (c == 'e' && !matches!(chars.get(i + 1), Some('+' | '-'))))
}

/// `h` or `s` tokens, or an AM/PM marker.
fn has_time(tokens: &str) -> bool {
    tokens.contains(['h', 's']) || tokens.contains("am/pm") || tokens.contains("a/p")
}

/// `[h]`, `[mm]`, `[ss]`: elapsed time.
fn is_elapsed(bracket: &str) -> bool {
    !bracket.is_empty() && bracket.chars().all(|c| matches!(c, 'h' | 'H' | 'm' | 'M' | 's' | 'S'))
}

/// Percent value of a fraction, with float noise rounded away (0.956 → 95.6, not
/// 95.60000000000001): the product is rounded to 10 decimals.
pub(crate) fn percent_value(fraction: f64) -> f64 {
    let value = fraction * 100.0;
    format!("{value:.10}").parse().unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Percentages
    #[test]
    fn percent_formats() {
        assert_eq!(classify("0.00%"), FormatKind::Percent { decimals: 2 });
        assert_eq!(classify("0%"), FormatKind::Percent { decimals: 0 });
        assert_eq!(classify("#,##0.0%;[Red]-#,##0.0%"), FormatKind::Percent { decimals: 1 });
        assert_eq!(classify("0\"%\""), FormatKind::Other);
        assert!((percent_value(0.956) - 95.6).abs() < f64::EPSILON);
        assert_eq!(percent_value(0.956).to_string(), "95.6");
        assert_eq!(percent_value(0.5).to_string(), "50");
    }

    // Dates and eras
    #[test]
    fn date_formats() {
        let era = FormatKind::Date { era: true, time: false };
        assert_eq!(classify("[$-ja-JP-x-gannen]ggge\"年\"m\"月\"d\"日\""), era);
        assert_eq!(classify("[$-411]ggge\"年\"m\"月\"d\"日\""), era);
        assert_eq!(classify("[$-411]ge.m.d"), era);
        // As LibreOffice writes it.
        assert_eq!(classify("[$-1030411]ggge\\年m\\月d\\日"), era);
        assert_eq!(classify("[$-ja-JP-x-gannen]yyyy/m/d"), era);
        let plain = FormatKind::Date { era: false, time: false };
        assert_eq!(classify("yyyy/m/d"), plain);
        assert_eq!(classify("[$-411]yyyy\"年\"m\"月\"d\"日\""), plain);
        assert_eq!(classify("mm-dd-yy"), plain);
        assert_eq!(classify("yyyy-mm-dd hh:mm"), FormatKind::Date { era: false, time: true });
        assert_eq!(classify("h:mm:ss"), FormatKind::Time);
        assert_eq!(classify("[h]:mm"), FormatKind::Time);
    }

    // Not dates
    #[test]
    fn other_formats() {
        assert_eq!(classify("General"), FormatKind::Other);
        assert_eq!(classify("0.00E+00"), FormatKind::Other);
        assert_eq!(classify("#,##0\"人\""), FormatKind::Other);
        assert_eq!(classify("@"), FormatKind::Other);
    }
}
