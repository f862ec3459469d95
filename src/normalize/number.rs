//! Numbers: digits with thousands separators and decimals, and the kanji scale words
//! 十 百 千 万 億 兆 mixed with digits (`23億3千5百万円`, `2億5千百万円`, `38.8万人`).
//!
//! Takes folded text (ASCII digits and commas) and returns an exact [`Decimal`] and the
//! number of bytes read; units, signs and qualifiers are left to the callers. All
//! arithmetic is checked: a digit run too long for a `Decimal` is not a number.

use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A number read at the start of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Amount {
    /// The exact value, scale words applied.
    pub value: Decimal,
    /// Bytes read.
    pub len: usize,
}

/// The multiplier of a small scale word (within a 万 group).
fn small_scale(c: char) -> Option<Decimal> {
    match c {
        '十' => Some(Decimal::from(10)),
        '百' => Some(Decimal::from(100)),
        '千' => Some(Decimal::from(1000)),
        _ => None,
    }
}

/// The multiplier of a large scale word (closing a group).
fn large_scale(c: char) -> Option<Decimal> {
    match c {
        '万' => Some(Decimal::from(10_000)),
        '億' => Some(Decimal::from(100_000_000_i64)),
        '兆' => Some(Decimal::from(1_000_000_000_000_i64)),
        _ => None,
    }
}

/// The product of the scale words a unit starts with (`千円` → 1000, `百万円` → 1000000)
/// and the unit left over.
pub(crate) fn unit_scale(unit: &str) -> (Decimal, &str) {
    let mut factor = Decimal::ONE;
    for (i, c) in unit.char_indices() {
        let Some(m) = small_scale(c).or_else(|| large_scale(c)) else {
            return (factor, unit.get(i..).unwrap_or_default());
        };
        factor = factor.checked_mul(m).unwrap_or(factor);
    }
    (factor, "")
}

/// Reads a numeral: digits, optional `,ddd` groups, optional `.digits`.
fn numeral(s: &str) -> Option<(Decimal, usize)> {
    let b = s.as_bytes();
    let head = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if head == 0 {
        return None;
    }
    let mut digits = String::with_capacity(s.len().min(64));
    digits.push_str(s.get(..head)?);
    let mut pos = head;
    while head <= 3 && is_group(b, pos) {
        digits.push_str(s.get(pos + 1..pos + 4)?);
        pos += 4;
    }
    if b.get(pos) == Some(&b'.') && b.get(pos + 1).is_some_and(u8::is_ascii_digit) {
        let frac = b.get(pos + 1..)?.iter().take_while(|c| c.is_ascii_digit()).count();
        digits.push_str(s.get(pos..pos + 1 + frac)?);
        pos += 1 + frac;
    }
    let value = Decimal::from_str(&digits).ok()?;
    Some((value, pos))
}

/// True when `,ddd` (exactly three digits) starts at `pos`.
fn is_group(b: &[u8], pos: usize) -> bool {
    b.get(pos) == Some(&b',')
        && b.get(pos + 1..pos + 4).is_some_and(|g| g.iter().all(u8::is_ascii_digit))
        && !b.get(pos + 4).is_some_and(u8::is_ascii_digit)
}

/// Reads a number with scale words at the start of `s`; it must start with a digit.
pub(crate) fn leading_amount(s: &str) -> Option<Amount> {
    let (first, mut pos) = numeral(s)?;
    let mut current = Some(first);
    let (mut total, mut group) = (Decimal::ZERO, Decimal::ZERO);
    loop {
        let rest = s.get(pos..)?;
        let Some(c) = rest.chars().next() else { break };
        if c.is_ascii_digit() && current.is_none() {
            let (n, len) = numeral(rest)?;
            current = Some(n);
            pos += len;
        } else if let Some(m) = small_scale(c) {
            group = group.checked_add(current.take().unwrap_or(Decimal::ONE).checked_mul(m)?)?;
            pos += c.len_utf8();
        } else if let Some(m) = large_scale(c) {
            let g = group.checked_add(current.take().unwrap_or(Decimal::ZERO))?;
            total = total.checked_add(g.checked_mul(m)?)?;
            group = Decimal::ZERO;
            pos += c.len_utf8();
        } else {
            break;
        }
    }
    let value = total.checked_add(group)?.checked_add(current.unwrap_or(Decimal::ZERO))?;
    Some(Amount { value: value.normalize(), len: pos })
}

/// The JSON number of an exact decimal.
pub(crate) fn to_f64(d: Decimal) -> Option<f64> {
    d.to_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(s: &str) -> Option<(f64, usize)> {
        leading_amount(s).map(|a| (to_f64(a.value).unwrap(), a.len))
    }

    // Digits and separators
    #[test]
    fn digits() {
        assert_eq!(amount("304,705"), Some((304_705.0, 7)));
        assert_eq!(amount("95.60%"), Some((95.6, 5)));
        assert_eq!(amount("1,2"), Some((1.0, 1)));
        assert_eq!(amount("5072"), Some((5072.0, 4)));
        assert_eq!(amount("x"), None);
        assert_eq!(amount(&"9".repeat(200)), None);
    }

    // Kanji scales (§4.6)
    #[test]
    fn scales() {
        let cases = [
            ("23億3千5百万円", 2_335_000_000.0),
            ("2億5千百万円", 251_000_000.0),
            ("16億1千万円", 1_610_000_000.0),
            ("18億2千万円", 1_820_000_000.0),
            ("30万5千人", 305_000.0),
            ("38.8万人", 388_000.0),
            ("780百万円", 780_000_000.0),
            ("45,413千円", 45_413_000.0),
            ("177.4億円", 17_740_000_000.0),
        ];
        for (s, want) in cases {
            assert_eq!(amount(s).map(|a| a.0), Some(want), "{s}");
        }
        assert_eq!(unit_scale("千円").1, "円");
        assert_eq!(unit_scale("百万円").0, Decimal::from(1_000_000));
    }
}
