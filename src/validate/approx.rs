//! Approximate totals stated in words (field guide §8, `001` "(A), (B) and the total"):
//!
//! * a table titled `収入額 約 15 億 7 千万円 (A) (千円)` must hold amounts that come to about
//!   that: the sum of its amount column (in the scale the title or header states), rounded
//!   *or* truncated to the last digit the words give (here 千万), must be the stated amount —
//!   `001` prints (B) = 258,024千円 as 約 2 億 5 千万円, truncated;
//! * a text naming labelled tables, `効果額の総額 約 18 億 2 千万円 (A) + (B)`, must be about
//!   the sum of the tables labelled (A) and (B), in the same way.
//!
//! The amount column is the last column whose every data cell is a number (a `合計` row is
//! left out). A disagreement is a [`Check::SumMismatch`]: at the table for a title, at the cell
//! for a text.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Document, Table, ValueKind};
use crate::normalize::{self, ValueContext};

use super::repeats::{subject, texts};
use super::sums::stated_scale;
use super::tables::{Printed, cell, header_text, is_total_label, row_label, shown, tables};
use super::{Check, Findings, Subject};

/// `約15億7千万円 (A)`, `約18億2千万円 (A) + (B)`: the amount and the labels after it.
static STATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"約\s*([0-9][0-9,.\s]*(?:[億万千百十]\s*[0-9,.\s]*)*[億万千百十]?)\s*円\s*((?:\([A-Z]\)\s*\+?\s*)*)")
        .unwrap_or_else(|_| unreachable!())
});

/// An amount stated in words and the labels that follow it.
#[derive(Debug, Clone, PartialEq)]
struct Stated {
    /// The words as printed (folded), for messages.
    words: String,
    /// The amount in yen.
    yen: f64,
    /// The labels after it: `["A"]` names the table it titles, `["A", "B"]` sums tables.
    labels: Vec<String>,
}

/// Runs the check.
pub(super) fn check(document: &Document, out: &mut Findings<'_>) {
    let mut labelled: BTreeMap<String, f64> = BTreeMap::new();
    for (record, table) in tables(&document.records) {
        let Some(title) = table.title.as_deref() else { continue };
        let Some(stated) = stated(title) else { continue };
        let Some((sum, column)) = amount_sum(table) else { continue };
        if let [label] = stated.labels.as_slice() {
            labelled.insert(label.clone(), sum);
        }
        if !agrees(sum, stated.yen) {
            let subject = Subject { raw: Some(title), ..Subject::record(record) };
            report(&subject, &stated, sum, &format!("its column {column}"), out);
        }
    }
    for record in &document.records {
        for text in texts(record) {
            let Some(stated) = stated(text.body).filter(|s| s.labels.len() > 1) else { continue };
            let parts: Option<Vec<f64>> =
                stated.labels.iter().map(|l| labelled.get(l).copied()).collect();
            let Some(sum) = parts.map(|p| p.iter().sum::<f64>()) else { continue };
            if !agrees(sum, stated.yen) {
                let names = stated.labels.iter().map(|l| format!("({l})")).collect::<Vec<_>>();
                report(&subject(record, &text), &stated, sum, &names.join(" + "), out);
            }
        }
    }
}

/// Adds the finding of an amount in words that its parts do not give.
fn report(subject: &Subject<'_>, stated: &Stated, sum: f64, parts: &str, out: &mut Findings<'_>) {
    let (words, sum) = (&stated.words, shown(sum));
    out.push(
        Check::SumMismatch,
        subject,
        format!("\"{words}\" is not what {parts} gives: {sum} yen, rounded or truncated"),
        format!("「{words}」は {parts} の合計 {sum}円 の概数(四捨五入・切り捨て)と合いません"),
    );
}

/// The first amount in words of a text, with its labels.
fn stated(text: &str) -> Option<Stated> {
    if !text.contains('約') {
        return None;
    }
    let folded = normalize::fold_text(text);
    let captures = STATED.captures(&folded)?;
    let words = captures.get(0)?.as_str().trim().to_owned();
    let amount = format!("{}円", captures.get(1)?.as_str());
    let value = normalize::parse(&amount, &ValueContext::default()).value;
    let yen = value.value.filter(|n| value.kind == ValueKind::Money && *n > 0.0)?;
    let labels = captures.get(2).map_or("", |m| m.as_str());
    let labels = labels.split(['(', ')', '+']).map(str::trim).filter(|l| !l.is_empty());
    Some(Stated { words, yen, labels: labels.map(str::to_owned).collect() })
}

/// The sum of a table's amount column in yen, with the column's header; `None` when the
/// table has no column of numbers or no scale for them.
fn amount_sum(table: &Table) -> Option<(f64, String)> {
    let data: Vec<&Vec<Option<crate::model::Value>>> = table
        .rows
        .iter()
        .filter(|row| !row_label(row).is_some_and(|label| is_total_label(&label.text)))
        .collect();
    let width = data.iter().map(|row| row.len()).max()?;
    let column = (0..width)
        .rev()
        .find(|&col| data.iter().all(|row| cell(row, col).and_then(Printed::additive).is_some()))?;
    let values = data.iter().filter_map(|row| cell(row, column));
    let money = data.iter().filter_map(|row| cell(row, column)).all(|v| v.kind == ValueKind::Money);
    let scale = if money { 1.0 } else { stated_scale(table)? };
    let sum: f64 = values.filter_map(Printed::additive).map(|p| p.value * scale).sum();
    Some((sum, header_text(table, column).to_owned()))
}

/// True when `sum`, rounded or truncated to the last digit of `stated` (its trailing zeros:
/// 10^7 for 15億7千万), is `stated`.
pub(super) fn agrees(sum: f64, stated: f64) -> bool {
    let mut step = 1.0;
    while stated % (step * 10.0) == 0.0 && step * 10.0 <= stated {
        step *= 10.0;
    }
    let same = |n: f64| (n * step - stated).abs() < 0.5;
    same((sum / step).round()) || same((sum / step).trunc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_words_and_their_labels() {
        let s = stated("1 収入額 約 15 億 7 千万円 (A) (千円)").unwrap();
        assert!((s.yen - 1_570_000_000.0).abs() < 0.5);
        assert_eq!(s.labels, ["A"]);
        let s = stated("効果額の総額 約 18 億 2 千万円 (A) + (B)").unwrap();
        assert_eq!(s.labels, ["A", "B"]);
        assert!((s.yen - 1_820_000_000.0).abs() < 0.5);
        assert!(
            stated("ふるさと納税の推進 (寄附額：約 23 億 7 千万円)").unwrap().labels.is_empty()
        );
        assert!(stated("約 3 割").is_none());
    }

    #[test]
    fn rounded_or_truncated_to_the_last_stated_digit() {
        // 001 (B): 258,024千円 is 約2億5千万円 (truncated), (A) 1,571,381千円 約15億7千万円.
        assert!(agrees(258_024_000.0, 250_000_000.0));
        assert!(agrees(1_571_381_000.0, 1_570_000_000.0));
        assert!(agrees(266_000_000.0, 270_000_000.0));
        assert!(!agrees(1_561_381_000.0, 1_570_000_000.0));
        // A + B = 1,829,405千円: 約18億2千万円 (truncated) or 約18億3千万円 (rounded).
        assert!(agrees(1_829_405_000.0, 1_820_000_000.0));
        assert!(agrees(1_829_405_000.0, 1_830_000_000.0));
        assert!(!agrees(1_829_405_000.0, 1_810_000_000.0));
        assert!(!agrees(2_000_000.0, 1_000_000.0));
    }
}
