//! Small scanning helpers shared by the parsers: digits, brackets, calendar facts.
//!
//! Every helper works on folded text (ASCII digits and brackets) and never panics.

/// Reads 1..=`max` ASCII digits at the start of `s`; `None` if there are none or more than
/// `max` (a longer digit run is a different token). Returns the number and its byte length.
pub(crate) fn leading_digits(s: &str, max: usize) -> Option<(u32, usize)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > max {
        return None;
    }
    let n = s.get(..len)?.parse().ok()?;
    Some((n, len))
}

/// Days in a month of the proleptic Gregorian calendar (0 for an invalid month).
pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The closing bracket for an opening one.
pub(crate) fn closing(open: char) -> Option<char> {
    match open {
        '(' => Some(')'),
        '[' => Some(']'),
        '<' => Some('>'),
        '【' => Some('】'),
        '〔' => Some('〕'),
        '＜' => Some('＞'),
        _ => None,
    }
}

/// Byte index just past the bracket that closes the one `s` starts with, respecting
/// nesting; `None` when `s` does not start with a bracket or it is not closed.
pub(crate) fn bracket_end(s: &str) -> Option<usize> {
    let open = s.chars().next()?;
    let close = closing(open)?;
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(i + c.len_utf8());
            }
        }
    }
    None
}

/// The text inside one pair of brackets that encloses all of `s`, or `s` itself.
pub(crate) fn strip_outer_brackets(s: &str) -> &str {
    match bracket_end(s) {
        Some(end) if end == s.len() => {
            let open = s.chars().next().map_or(0, char::len_utf8);
            let close = s.chars().next_back().map_or(0, char::len_utf8);
            s.get(open..s.len() - close).unwrap_or(s).trim()
        }
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits() {
        assert_eq!(leading_digits("30年", 2), Some((30, 2)));
        assert_eq!(leading_digits("300", 2), None);
        assert_eq!(leading_digits("x", 2), None);
    }

    #[test]
    fn brackets() {
        assert_eq!(strip_outer_brackets("(R1)"), "R1");
        assert_eq!(strip_outer_brackets("(a)(b)"), "(a)(b)");
        assert_eq!(bracket_end("(a(b))c"), Some(6));
        assert_eq!(bracket_end("(a"), None);
        assert_eq!(days_in_month(2020, 2), 29);
        assert_eq!(days_in_month(2019, 2), 28);
    }
}
