//! Values with a number: `number`, `quantity`, `percent` and `money` (field guide §4.4–§4.7).
//!
//! Grammar of a cell, on folded text with range marks unified:
//! `[era で|は] [(qualifier)] [prefix qualifiers] [sign] amount [unit] [suffix qualifiers]
//! [(annotation)]…`. An annotation is a reference year (`(H27)`, `(R3調査)`), a bracketed
//! qualifier (`(累計)`), labelled parts (`(小学校:2.9点 中学校:3.1点)`, `(16/14)`) or a note
//! (`(予定)`, `(R4年度までの累計)`). Anything that does not fit is not a measure: the caller
//! keeps it as text.

use rust_decimal::Decimal;

use crate::model::{Severity, Value, ValueKind};

use super::era::{EraReading, parse_era};
use super::number::{leading_amount, to_f64, unit_scale};
use super::scan::{bracket_end, strip_outer_brackets};
use super::unit::{kind_of, leading_unit};
use super::{ColumnHint, ValueContext, ValueIssue, fold_text, qualifier};

/// A value read from a cell, with the issues found.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Measured {
    /// The value's fields (`raw` and `text` are filled by the caller).
    pub value: Value,
    /// Issues found while reading.
    pub issues: Vec<ValueIssue>,
}

/// Reads a whole cell as a measure; `None` when it is not one.
pub(crate) fn parse_measure(s: &str, ctx: &ValueContext<'_>) -> Option<Measured> {
    let mut m = Measured::default();
    let rest = anchored_era(s, &mut m).unwrap_or(s);
    let rest = leading_brackets(rest, &mut m.value);
    let mut rest = rest;
    while let Some((q, after)) = qualifier::strip_prefix(rest) {
        qualifier::add(&mut m.value, q);
        rest = after;
    }
    let (negative, rest) = sign(rest);
    let amount = leading_amount(rest)?;
    let rest = rest.get(amount.len..)?;
    let (unit, rest) = read_unit(rest);
    annotations(rest, &mut m)?;
    let value = if negative { -amount.value } else { amount.value };
    finish(&mut m, value, unit, ctx)?;
    Some(m)
}

/// A typed number cell (`CellContent::Number`): a bare number, taking the context's unit.
pub(crate) fn from_number(value: Decimal, ctx: &ValueContext<'_>) -> Option<Measured> {
    let mut m = Measured::default();
    finish(&mut m, value, None, ctx)?;
    Some(m)
}

/// Reads `H31.4.1で` / `H30年は` before a value: the era goes to the value's era fields.
fn anchored_era<'a>(s: &'a str, m: &mut Measured) -> Option<&'a str> {
    // Every separator holds one of these characters; a character test is much cheaper than
    // the four substring searches, and most values have none of them.
    if !s.contains(['で', 'は', ':']) {
        return None;
    }
    for sep in ["時点で", "で", "は", ":"] {
        let Some((left, right)) = s.split_once(sep) else { continue };
        let Some(reading) = parse_era(left).filter(|r| r.value.kind != ValueKind::Period) else {
            continue;
        };
        copy_era(&reading, &mut m.value);
        m.issues.extend(reading.issues);
        return Some(right.trim_start());
    }
    None
}

/// Copies the era fields of a reading (year, fiscal, date, month). A reference month or
/// date also gives the value its year (`13.6% (R2年1月)` → year 2020, month 2020-01).
fn copy_era(reading: &EraReading, value: &mut Value) {
    let year_of_month = reading.value.date.as_deref().or(reading.value.month.as_deref());
    let year_of_month = year_of_month.and_then(|d| d.get(..4)).and_then(|y| y.parse().ok());
    value.year = reading.value.year.or(year_of_month).or(value.year);
    value.fiscal = reading.value.fiscal.or(value.fiscal);
    value.date.clone_from(&reading.value.date);
    value.month.clone_from(&reading.value.month);
}

/// Reads bracketed qualifiers before the number (`(速報値) 81.7%`).
fn leading_brackets<'a>(mut s: &'a str, value: &mut Value) -> &'a str {
    while let Some(end) = bracket_end(s) {
        let Some(q) = s.get(..end).map(strip_outer_brackets).and_then(qualifier::bracketed) else {
            break;
        };
        qualifier::add(value, q);
        s = s.get(end..).unwrap_or_default().trim_start();
    }
    s
}

/// Reads a sign: `△`, `▲` and `-` make a number negative; `+` is dropped. The digit must
/// follow at once: `- 1` is a bullet and `△ 4` a grade with its count.
fn sign(s: &str) -> (bool, &str) {
    let digit_follows = |r: &str| r.starts_with(|c: char| c.is_ascii_digit());
    for (mark, negative) in [("△", true), ("▲", true), ("-", true), ("+", false)] {
        if let Some(rest) = s.strip_prefix(mark)
            && digit_follows(rest)
        {
            return (negative, rest);
        }
    }
    (false, s)
}

/// Reads the unit after a number, allowing one space before it (`304,705 人`).
fn read_unit(s: &str) -> (Option<String>, &str) {
    let trimmed = s.trim_start();
    match leading_unit(trimmed) {
        Some(u) => (Some(u.text), trimmed.get(u.len..).unwrap_or_default()),
        None => (None, s),
    }
}

/// Reads suffix qualifiers and bracketed annotations up to the end of the cell.
fn annotations(mut rest: &str, m: &mut Measured) -> Option<()> {
    loop {
        let r = rest.trim_start();
        if r.is_empty() {
            return Some(());
        }
        if let Some((q, after)) = qualifier::strip_suffix(r) {
            qualifier::add(&mut m.value, q);
            rest = after;
            continue;
        }
        let end = bracket_end(r)?;
        annotate(strip_outer_brackets(r.get(..end)?), m);
        rest = r.get(end..)?;
    }
}

/// Reads one bracketed annotation into the value. Parts are split on the spaced text;
/// notes and eras are read on the folded text.
fn annotate(spaced: &str, m: &mut Measured) {
    let folded = fold_text(spaced);
    let content = folded.as_ref();
    if content.is_empty() {
        return;
    }
    if let Some(q) = qualifier::bracketed(content) {
        qualifier::add(&mut m.value, q);
    } else if let Some(reading) = parse_era(content) {
        annotate_era(content, reading, m);
    } else if let Some(parts) = parts_of(spaced) {
        m.value.parts.extend(parts);
    } else {
        qualifier::add_note(&mut m.value, content);
        if content.contains("累計") {
            qualifier::add(&mut m.value, "累計");
        }
    }
}

/// An era in brackets after a value: a reference year (`(H27)`, `(R3調査)`), or a note
/// when it is a period or carries more words (`(R4年度までの累計)`).
fn annotate_era(content: &str, reading: EraReading, m: &mut Measured) {
    let survey = content.ends_with("調査");
    if reading.value.kind == ValueKind::Period && !reading.suffixed {
        // A reference period (`1,070人 (H27～R1)`): its bounds, and the period as written.
        m.value.start.clone_from(&reading.value.start);
        m.value.end.clone_from(&reading.value.end);
        m.value.fiscal = reading.value.fiscal.or(m.value.fiscal);
    }
    if reading.value.kind == ValueKind::Period || (reading.suffixed && !survey) {
        qualifier::add_note(&mut m.value, content);
        if let Some(q) = reading.qualifier {
            qualifier::add(&mut m.value, q);
        }
        return;
    }
    copy_era(&reading, &mut m.value);
    m.issues.extend(reading.issues);
    if survey {
        qualifier::add_note(&mut m.value, content);
    }
}

/// Splits an annotation into labelled parts: by spaces, or `a/b`.
pub(crate) fn parts_of(content: &str) -> Option<Vec<Value>> {
    let by_space: Option<Vec<Value>> = content.split(' ').map(labelled).collect();
    if let Some(parts) = by_space.filter(|p| !p.is_empty()) {
        return Some(parts);
    }
    let (a, b) = content.split_once('/')?;
    Some(vec![labelled(a)?, labelled(b)?])
}

/// Reads one labelled value: `(小)0.25`, `平日:241,724人`, `年3人`, `年度内最大61人`, or
/// a plain value without a label.
pub(crate) fn labelled(seg: &str) -> Option<Value> {
    let mut value = labelled_value(seg)?;
    // A part keeps the piece of the cell it was read from, as every Value keeps its raw text.
    seg.clone_into(&mut value.raw);
    seg.clone_into(&mut value.text);
    Some(value)
}

/// [`labelled`] before the part's own text is attached.
fn labelled_value(seg: &str) -> Option<Value> {
    let plain = ValueContext::default();
    if let Some(end) = bracket_end(seg) {
        let label = strip_outer_brackets(seg.get(..end)?);
        let mut m = parse_measure(seg.get(end..)?.trim_start(), &plain)?;
        m.value.label = is_label(label).then(|| label.to_owned());
        return Some(m.value);
    }
    if let Some(m) = parse_measure(seg, &plain) {
        return Some(m.value);
    }
    let cut = seg.find(|c: char| c.is_ascii_digit() || matches!(c, '△' | '▲' | '+'))?;
    let (label, rest) = seg.split_at(cut);
    let label = label.strip_suffix(':').unwrap_or(label);
    let (label, q) = qualifier::split_label(label);
    if !is_label(label) && !label.is_empty() {
        return None;
    }
    let mut m = parse_measure(rest, &plain)?;
    if let Some(q) = q {
        qualifier::add(&mut m.value, q);
    }
    m.value.label = (!label.is_empty()).then(|| label.to_owned());
    Some(m.value)
}

/// True for a short label without digits or brackets.
pub(crate) fn is_label(label: &str) -> bool {
    let n = label.chars().count();
    (1..=12).contains(&n)
        && !label
            .chars()
            .any(|c| c.is_ascii_alphanumeric() || matches!(c, '(' | ')' | '/' | ' ' | ':'))
}

/// Sets kind, value and unit; a bare number takes the context's unit.
fn finish(
    m: &mut Measured,
    value: Decimal,
    unit: Option<String>,
    ctx: &ValueContext<'_>,
) -> Option<()> {
    let inherit = !matches!(ctx.hint, Some(ColumnHint::Year | ColumnHint::Grade));
    let (value, unit) = match (unit, ctx.unit.filter(|_| inherit)) {
        (Some(u), _) => (value, Some(u)),
        (None, Some(ctx_unit)) => inherit_unit(m, value, ctx_unit)?,
        (None, None) => (value, None),
    };
    m.value.kind = unit.as_deref().map_or(ValueKind::Number, kind_of);
    m.value.value = Some(to_f64(value)?);
    m.value.unit = unit;
    Some(())
}

/// Applies a unit from a header or column (`千円` → ×1000, `円`).
fn inherit_unit(
    m: &mut Measured,
    value: Decimal,
    ctx_unit: &str,
) -> Option<(Decimal, Option<String>)> {
    let written = strip_outer_brackets(ctx_unit.trim());
    let (factor, rest) = unit_scale(written);
    m.issues.push(ValueIssue {
        code: "normalize.unit_inherited",
        severity: Severity::Info,
        message: format!("unit {written} taken from the context"),
    });
    let unit = (!rest.is_empty()).then(|| rest.replace(' ', ""));
    Some((value.checked_mul(factor)?, unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Value {
        parse_measure(s, &ValueContext::default()).unwrap_or_else(|| panic!("{s}")).value
    }

    // Headline values
    #[test]
    fn headlines() {
        assert_eq!(m("△1,064人").value, Some(-1064.0));
        assert_eq!(m("45,413千円").kind, ValueKind::Money);
        assert_eq!(m("17,891人 (H27)").year, Some(2015));
        assert_eq!(m("81.7%(R3調査)").note.as_deref(), Some("R3調査"));
        assert_eq!(m("46人(年3人)").parts.len(), 1);
        assert_eq!(m("計100件以上").qualifier.as_deref(), Some("以上"));
    }

    // Not measures
    #[test]
    fn rejects() {
        for s in ["1号事業", "4市2町", "3D都市モデル", "411-6", "17-2-11で包含", "TPP11"]
        {
            assert!(parse_measure(s, &ValueContext::default()).is_none(), "{s}");
        }
    }
}
