//! Compound cells: several values in one cell (field guide §4.8, §4.10).
//!
//! Takes folded text with its spaces kept and splits it into `parts`:
//! `平日:241,724人 休日:240,408人`, `(小)0.25 (中)2.91`, `計53回 2,021名`,
//! `36事業/39事業(92.3%)`, a label before a value (`国保年金課 18,475`), and grade counts
//! (`○ 9`, `○ 2 △ 4 × 3 - 2`). A cell whose pieces do not all read as values is not a
//! compound.

use rust_decimal::Decimal;

use crate::model::{Value, ValueKind};

use super::ValueContext;
use super::grade::grade_symbol;
use super::measure::{Measured, is_label, labelled, parse_measure};
use super::number::{leading_amount, to_f64};

/// Reads a compound cell; `None` when it is not one.
pub(crate) fn parse_compound(spaced: &str, ctx: &ValueContext<'_>) -> Option<Measured> {
    let segments: Vec<&str> = spaced.split(' ').filter(|s| !s.is_empty()).collect();
    if let Some(m) = grade_counts(&segments) {
        return Some(m);
    }
    match segments.as_slice() {
        [one] => ratio(one),
        [label, value] if is_label(label) && !label.contains(|c: char| c.is_ascii_alphabetic()) => {
            let mut m = parse_measure(value, ctx)?;
            m.value.label = Some((*label).to_owned());
            Some(m)
        }
        _ => all_parts(&segments),
    }
}

/// Every segment a (labelled) value: parts without a headline.
fn all_parts(segments: &[&str]) -> Option<Measured> {
    if segments.len() < 2 {
        return None;
    }
    let parts = segments.iter().map(|s| labelled(s)).collect::<Option<Vec<_>>>()?;
    Some(Measured { value: Value { parts, ..Value::default() }, issues: Vec::new() })
}

/// `36事業/39事業(92.3%)`: two values side by side; the second's annotations follow.
fn ratio(seg: &str) -> Option<Measured> {
    let (a, b) = seg.split_once('/')?;
    let first = labelled(a)?;
    let mut second = labelled(b)?;
    let extra = std::mem::take(&mut second.parts);
    let mut parts = vec![first, second];
    parts.extend(extra);
    Some(Measured { value: Value { parts, ..Value::default() }, issues: Vec::new() })
}

/// `○ 9` (a grade with its count) or `○ 2 △ 4 × 3 - 2` (parts, one per grade).
fn grade_counts(segments: &[&str]) -> Option<Measured> {
    if segments.is_empty() || segments.len() % 2 != 0 {
        return None;
    }
    let parts = segments
        .chunks(2)
        .map(|pair| match pair {
            [g, n] => grade_count(g, n),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let value = match <[Value; 1]>::try_from(parts) {
        Ok([one]) => one,
        Err(parts) => Value { parts, ..Value::default() },
    };
    Some(Measured { value, issues: Vec::new() })
}

/// One grade and its count.
fn grade_count(grade: &str, count: &str) -> Option<Value> {
    let grade = grade_symbol(grade)?;
    let amount = leading_amount(count).filter(|a| a.len == count.len())?;
    if amount.value.fract() != Decimal::ZERO {
        return None;
    }
    Some(Value {
        kind: ValueKind::Grade,
        grade: Some(grade.to_owned()),
        value: Some(to_f64(amount.value)?),
        ..Value::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Option<Value> {
        parse_compound(s, &ValueContext::default()).map(|m| m.value)
    }

    #[test]
    fn compounds() {
        assert_eq!(c("平日:241,724人 休日:240,408人").unwrap().parts.len(), 2);
        assert_eq!(c("(小)0.25 (中)2.91").unwrap().parts[1].label.as_deref(), Some("中"));
        assert_eq!(c("○ 9").unwrap().grade.as_deref(), Some("○"));
        assert_eq!(c("○ 2 △ 4 × 3 - 2").unwrap().parts[3].grade.as_deref(), Some("—"));
        assert_eq!(c("36事業/39事業(92.3%)").unwrap().parts.len(), 3);
        assert!(c("R4 事業完了 R5 共用開始").is_none());
    }
}
