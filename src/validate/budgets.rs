//! Budget years printed without an amount ([`Check::NotProvided`], info): "not provided",
//! never zero (field guide §3.4, §8 "Budgets").
//!
//! The extract stage gives an empty year cell no amount and notes it as
//! `extract.budget_year_empty` (info), naming the year column (`R7 (2025)`). A column empty in
//! every budget card of the document (`004`'s R7 in all 22 cards) is one finding, at the first
//! card's empty cell; a column empty in some cards only gives one finding per card.

use std::collections::BTreeMap;

use crate::model::{Diagnostic, Document, Location, Record};

use super::{Check, Findings, Subject};

/// The extract stage's code for an empty budget year.
const EMPTY_YEAR: &str = "extract.budget_year_empty";

/// Runs the check.
pub(super) fn check(document: &Document, out: &mut Findings<'_>) {
    let budgets: Vec<&Record> =
        document.records.iter().filter(|r| matches!(r, Record::Budget(_))).collect();
    let mut by_column: BTreeMap<&str, Vec<(&Diagnostic, &Location)>> = BTreeMap::new();
    for diagnostic in document.diagnostics.iter().filter(|d| d.code == EMPTY_YEAR) {
        let (Some(column), Some(at)) =
            (column_of(&diagnostic.message), diagnostic.provenance.as_ref())
        else {
            continue;
        };
        by_column.entry(column).or_default().push((diagnostic, at));
    }
    for (column, empty) in by_column {
        let cards: Vec<&Record> =
            empty.iter().filter_map(|(_, at)| card_at(&budgets, at)).collect();
        let every = budgets.len() >= 2 && cards.len() >= budgets.len();
        if every {
            let (Some((_, at)), Some(card)) = (empty.first(), cards.first()) else { continue };
            let n = budgets.len();
            out.push(
                Check::NotProvided,
                &Subject { at, raw: None, record: Some(&card.common().id) },
                format!(
                    "no budget amount is given under {column} in any of the {n} budget cards: \
                     not provided (not zero)"
                ),
                format!(
                    "{column}の予算額は{n}件の事業すべてで空欄です(未記載であり、0ではありません)"
                ),
            );
            continue;
        }
        for (_, at) in &empty {
            let record = card_at(&budgets, at);
            let name = record.map_or("", |r| super::record_name(r));
            out.push(
                Check::NotProvided,
                &Subject { at, raw: None, record: record.map(|r| r.common().id.as_str()) },
                format!(
                    "the budget amount under {column} of {name:?} is empty: not provided (not zero)"
                ),
                format!("「{name}」の{column}の予算額が空欄です(未記載であり、0ではありません)"),
            );
        }
    }
}

/// The year column an `extract.budget_year_empty` note names: `R7 (2025)` of "no amount under
/// R7 (2025); …", `R7` of "… no entry for R7".
fn column_of(message: &str) -> Option<&str> {
    if let Some((_, rest)) = message.split_once("under ") {
        let column = rest.split(';').next()?.trim();
        if !column.is_empty() && !column.contains("header") {
            return Some(column);
        }
    }
    let (_, rest) = message.split_once("no entry for ")?;
    Some(rest.trim()).filter(|c| !c.is_empty())
}

/// The budget card a cell belongs to: the last card starting at or before it.
fn card_at<'a>(budgets: &[&'a Record], at: &Location) -> Option<&'a Record> {
    let line = |l: &Location| l.line.or(l.row).unwrap_or(0);
    budgets
        .iter()
        .copied()
        .filter(|r| {
            let start = &r.common().provenance;
            start.sheet == at.sheet && line(start) <= line(at)
        })
        .max_by_key(|r| line(&r.common().provenance))
}

#[cfg(test)]
mod tests {
    use super::column_of;

    #[test]
    fn the_column_is_read_from_the_note() {
        assert_eq!(
            column_of("no amount under R7 (2025); no entry for that year"),
            Some("R7 (2025)")
        );
        assert_eq!(
            column_of("no amounts row under the 事業費 header: no entry for R7"),
            Some("R7")
        );
        assert_eq!(column_of("something else"), None);
    }
}
