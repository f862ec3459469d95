//! Compound cells: several values in one cell (field guide §4.8, §4.10).
//!
//! Takes folded text with its spaces kept and splits it into `parts`:
//! `平日:241,724人 休日:240,408人`, `(小)0.25 (中)2.91`, `計53回 2,021名`,
//! `36事業/39事業(92.3%)`, a label before a value (`国保年金課 18,475`), and grade counts
//! (`○ 9`, `○ 2 △ 4 × 3 - 2`). A cell whose pieces do not all read as values is not a
//! compound.
//!
//! A short text cell that carries numbers beside its words — a reference target
//! `県平均以上 (89.1%)`, a parenthesised reference actual `(29.0%)`, a relative target
//! `10%増 (対平成26年比)` — stays `text`, and its numbers are kept in `parts`
//! ([`parse_annotated_text`]).

use rust_decimal::Decimal;

use crate::model::{Value, ValueKind};

use super::ValueContext;
use super::era::parse_era;
use super::grade::grade_symbol;
use super::measure::{Measured, is_label, labelled, parse_measure};
use super::number::{leading_amount, to_f64};
use super::scan::{bracket_end, strip_outer_brackets};

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
fn grade_count(written_grade: &str, count: &str) -> Option<Value> {
    let grade = grade_symbol(written_grade)?;
    let amount = leading_amount(count).filter(|a| a.len == count.len())?;
    if amount.value.fract() != Decimal::ZERO {
        return None;
    }
    let written = format!("{written_grade} {count}");
    Some(Value {
        raw: written.clone(),
        text: written,
        kind: ValueKind::Grade,
        grade: Some(grade.to_owned()),
        value: Some(to_f64(amount.value)?),
        ..Value::default()
    })
}

/// How long (in characters) a text cell may be for its numbers to become parts: longer
/// cells are prose, whose numbers are not the cell's value.
const ANNOTATED_MAX_CHARS: usize = 40;

/// Words after a number that say it is a change, not a level (`10%増`).
const CHANGE_SUFFIXES: [&str; 5] = ["増加", "減少", "削減", "増", "減"];

/// A short text cell with numbers beside its words: `県平均以上 (89.1%)`, `(29.0%)`,
/// `10%増 (対平成26年比)`. The cell stays `text`; its numbers become parts. The shape is
/// words, then one or more numbers (bracketed or not, with a short label or a change word),
/// then at most one bracketed note; anything else (prose with a number in its middle) is
/// `None`, as is a cell long enough to be prose.
pub(crate) fn parse_annotated_text(spaced: &str) -> Option<Measured> {
    if spaced.chars().count() > ANNOTATED_MAX_CHARS {
        return None;
    }
    let pieces: Vec<&str> = spaced.split(' ').filter(|s| !s.is_empty()).collect();
    let first = pieces.iter().position(|p| numeric_piece(p).is_some())?;
    let tail = pieces.get(first..)?;
    let mut parts = Vec::new();
    for (i, piece) in tail.iter().enumerate() {
        match numeric_piece(piece) {
            Some(part) => parts.push(part),
            None if i + 1 == tail.len() && is_bracketed(piece) => {}
            None => return None,
        }
    }
    Some(Measured { value: Value { parts, ..Value::default() }, issues: Vec::new() })
}

/// Whether one pair of brackets encloses all of `piece`.
fn is_bracketed(piece: &str) -> bool {
    bracket_end(piece).is_some_and(|end| end == piece.len())
}

/// One piece of an annotated text cell read as a number: `(89.1%)`, `(小)0.47`, `10%増`,
/// `平成30年度10%増`.
fn numeric_piece(piece: &str) -> Option<Value> {
    let inner = if is_bracketed(piece) { strip_outer_brackets(piece) } else { piece };
    let value = labelled(inner).or_else(|| changed(inner)).or_else(|| era_prefixed(inner))?;
    // A bare number without unit or label (`1 神奈川県`, `(1) 人口推移`) is an ordinal.
    let numeric = match value.kind {
        ValueKind::Quantity | ValueKind::Percent | ValueKind::Money => true,
        ValueKind::Number => value.label.is_some(),
        _ => false,
    };
    numeric.then(|| Value { raw: piece.to_owned(), text: piece.to_owned(), ..value })
}

/// `10%増`: a number followed by a change word, which becomes the note.
fn changed(inner: &str) -> Option<Value> {
    let (stem, suffix) =
        CHANGE_SUFFIXES.iter().find_map(|s| inner.strip_suffix(s).map(|stem| (stem, *s)))?;
    let mut value = labelled(stem)?;
    value.note = Some(suffix.to_owned());
    Some(value)
}

/// `平成30年度10%増`: an era year, then a number; the year is the value's reference year.
fn era_prefixed(inner: &str) -> Option<Value> {
    ["年度", "年"].iter().find_map(|sep| {
        let (left, right) = inner.split_once(sep)?;
        let reading = parse_era(&format!("{left}{sep}"))?;
        if reading.value.kind == ValueKind::Period || reading.value.year.is_none() {
            return None;
        }
        let mut value = labelled(right).or_else(|| changed(right))?;
        value.year = reading.value.year;
        value.fiscal = reading.value.fiscal;
        Some(value)
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

    fn a(s: &str) -> Option<Value> {
        parse_annotated_text(s).map(|m| m.value)
    }

    // Numbers beside words (field guide §3.5 reference targets and actuals)
    #[test]
    fn annotated_text() {
        let reference = a("県平均以上 (89.1%)").unwrap();
        assert_eq!(reference.kind, ValueKind::Text);
        assert_eq!(reference.parts.len(), 1);
        assert_eq!(reference.parts[0].value, Some(89.1));
        assert_eq!(reference.parts[0].raw, "(89.1%)");
        assert_eq!(a("(29.0%)").unwrap().parts[0].value, Some(29.0));
        let relative = a("10%増 (対平成26年比)").unwrap();
        assert_eq!(relative.parts[0].value, Some(10.0));
        assert_eq!(relative.parts[0].note.as_deref(), Some("増"));
        let dated = a("平成30年度10%増").unwrap();
        assert_eq!((dated.parts[0].value, dated.parts[0].year), (Some(10.0), Some(2018)));
        assert_eq!(dated.parts[0].fiscal, Some(true));
        let both = a("小・中それぞれで 全国平均以下 (小)0.47 (中)3.14").unwrap();
        assert_eq!(both.parts[1].label.as_deref(), Some("中"));
        assert!(a("R4 事業完了 R5 共用開始").is_none());
        assert!(a("県平均以上").is_none());
        assert!(a("(H26年度) (H31年度)").is_none());
        assert!(a("(1) 人口推移").is_none());
        assert!(a("(空き家活用件数: H27年度 2件 ⇒ R1年度 10件)").is_none());
    }
}
