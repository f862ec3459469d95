//! The same KPI printed in two places with values that disagree
//! ([`Check::ConflictingDuplicate`]): `空き家バンク登録物件数` moved to 2(1) but still listed in
//! 2(4) with other actuals, or a goal restated on another page with another baseline.
//!
//! KPIs are the same when their phase and their indicator agree (spaces, a trailing `。` and
//! a `再掲` mark ignored). Their baselines, final targets, and the actuals and yearly targets of
//! each year are compared where both give a number in the same unit: a plain number, the
//! labelled parts of a compound cell (`平日:241,724人 休日:240,408人`), or, in a text cell,
//! `label:number` pairs (`…を維持する。 平日：241,724人 休日：239,602人`). Two numbers agree
//! when they round to each other (`12%` and `12.1%`); blanks and placeholders never disagree.
//!
//! Each later occurrence is compared with the first earlier one that gives the field, and
//! each disagreeing field is reported once, at the later cell, naming the earlier one. A
//! repeat inside one table is [`Check::DuplicateKpi`]'s finding and is not compared again;
//! identical repeats (a KPI shared by two measures) give nothing.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Document, Kpi, Record, Value, YearValue};

use super::structure::{RELISTED_IN_NAME, is_relisted, match_key, table_runs};
use super::tables::{Printed, same, shown};
use super::values::written_unit;
use super::{Check, Findings, Subject};

/// One number of a cell: its label (for a part of a compound cell), unit and printed number.
#[derive(Debug, Clone, PartialEq)]
struct Figure {
    label: Option<String>,
    unit: Option<String>,
    printed: Printed,
}

/// The KPIs of a document grouped by phase and indicator, in printed order.
type Groups<'a> = BTreeMap<(Option<&'a str>, String), Vec<(&'a Record, &'a Kpi)>>;

/// Runs the check.
pub(super) fn check(document: &Document, out: &mut Findings<'_>) {
    let runs = table_runs(document);
    let mut groups: Groups<'_> = BTreeMap::new();
    let mut in_table: BTreeSet<(usize, Option<&str>, Option<&str>, String)> = BTreeSet::new();
    for (record, run) in document.records.iter().zip(runs) {
        let Record::Kpi(kpi) = record else { continue };
        let key = indicator_key(&kpi.indicator);
        if key.is_empty() {
            continue;
        }
        let table_key = (run, kpi.common.section.as_deref(), kpi.phase.as_deref(), key.clone());
        if !in_table.insert(table_key) && !is_relisted(record) {
            // A repeat within one table: reported as validate.duplicate_kpi.
            continue;
        }
        groups.entry((kpi.phase.as_deref(), key)).or_default().push((record, kpi));
    }
    for group in groups.values() {
        for (i, later) in group.iter().enumerate().skip(1) {
            compare(later, group.get(..i).unwrap_or(&[]), out);
        }
    }
}

/// An indicator folded for matching: spaces, a trailing `。` and a 再掲 mark dropped.
fn indicator_key(indicator: &str) -> String {
    let mut name = indicator.to_owned();
    for mark in RELISTED_IN_NAME {
        name = name.replace(mark, "");
    }
    match_key(&name).trim_end_matches('。').to_owned()
}

/// The fields of a KPI that are compared: (name, Japanese name, year, Value).
fn fields(kpi: &Kpi) -> Vec<(&'static str, &'static str, Option<i32>, &Value)> {
    let mut out: Vec<(&'static str, &'static str, Option<i32>, &Value)> = Vec::new();
    out.extend(kpi.baseline.iter().map(|v| ("baseline", "基準値", None, v)));
    out.extend(kpi.actuals.iter().map(|y| ("actual", "実績", Some(y.year), &y.value)));
    out.extend(kpi.targets.iter().map(|y| ("target", "目標値", Some(y.year), &y.value)));
    out.extend(kpi.target.iter().map(|v| ("final target", "最終目標値", None, v)));
    out
}

/// The Value of the same field in another KPI.
fn same_field<'a>(kpi: &'a Kpi, name: &str, year: Option<i32>) -> Option<&'a Value> {
    let find = |list: &'a [YearValue]| list.iter().find(|y| Some(y.year) == year).map(|y| &y.value);
    match name {
        "baseline" => kpi.baseline.as_ref(),
        "actual" => find(&kpi.actuals),
        "target" => find(&kpi.targets),
        _ => kpi.target.as_ref(),
    }
}

/// Compares a later occurrence with the earlier ones, field by field.
fn compare(later: &(&Record, &Kpi), earlier: &[(&Record, &Kpi)], out: &mut Findings<'_>) {
    let (record, kpi) = *later;
    for (name, name_ja, year, value) in fields(kpi) {
        let mine = figures(value);
        if mine.is_empty() {
            continue;
        }
        let verdict = earlier.iter().find_map(|(_, other)| {
            let theirs = same_field(other, name, year)?;
            Some((theirs, disagreement(&mine, &figures(theirs))?))
        });
        let Some((theirs, Some((label, a, b)))) = verdict else { continue };
        let at = theirs.provenance.as_deref().map_or_else(String::new, |at| format!(" at {at}"));
        let field = year.map_or_else(|| name.to_owned(), |y| format!("{y} {name}"));
        let field_ja = year.map_or_else(|| name_ja.to_owned(), |y| format!("{y}年度{name_ja}"));
        let part = label.map_or_else(String::new, |l| format!("{l} "));
        out.push(
            Check::ConflictingDuplicate,
            &Subject::value(record, value),
            format!(
                "{:?} is given twice with different values: {field} {part}{} here, {}{at} ({:?})",
                kpi.indicator,
                shown(a),
                shown(b),
                theirs.raw
            ),
            format!(
                "「{}」が2か所に異なる値で記載されています: {field_ja} {part}{}(ここ)と{}{at}(「{}」)",
                kpi.indicator,
                shown(a),
                shown(b),
                theirs.raw
            ),
        );
    }
}

/// `None` when two cells share no number to compare; `Some(None)` when every shared number
/// agrees; `Some(Some((label, mine, theirs)))` for the first that does not.
#[expect(clippy::option_option, reason = "not comparable / agreeing / disagreeing")]
fn disagreement(mine: &[Figure], theirs: &[Figure]) -> Option<Option<(Option<String>, f64, f64)>> {
    let mut compared = false;
    for a in mine {
        for b in theirs.iter().filter(|b| b.label == a.label && b.unit == a.unit) {
            compared = true;
            // Two printed numbers agree when one rounds to the other.
            let tolerance = a.printed.step.max(b.printed.step) / 2.0;
            if !same(a.printed.value, b.printed.value, tolerance) {
                return Some(Some((a.label.clone(), a.printed.value, b.printed.value)));
            }
        }
    }
    compared.then_some(None)
}

/// The numbers of a cell: its own number, the labelled parts of a compound cell, and, in a
/// text cell, `label:number` pairs.
fn figures(value: &Value) -> Vec<Figure> {
    if value.is_missing() {
        return Vec::new();
    }
    let mut out: Vec<Figure> = Printed::of(value)
        .map(|printed| Figure { label: None, unit: written_unit(value), printed })
        .into_iter()
        .collect();
    out.extend(value.parts.iter().filter_map(|part| {
        let label = part.label.clone()?;
        Some(Figure { label: Some(label), unit: written_unit(part), printed: Printed::of(part)? })
    }));
    if out.is_empty() {
        out = labelled_in_text(&value.raw);
    }
    out
}

/// `label:number unit` pairs written in running text (`平日：241,724人`), one per
/// whitespace-separated word.
fn labelled_in_text(text: &str) -> Vec<Figure> {
    text.split_whitespace()
        .filter_map(|word| {
            let (label, rest) = word.split_once([':', '：'])?;
            let label_ok = (1..=8).contains(&label.chars().count())
                && !label.chars().any(|c| c.is_ascii_digit() || c.is_ascii_punctuation());
            if !label_ok {
                return None;
            }
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
                .unwrap_or(rest.len());
            let (literal, unit) = (rest.get(..end)?, rest.get(end..)?);
            let value: f64 = literal.replace(',', "").parse().ok()?;
            let decimals = literal.split_once('.').map_or(0, |(_, d)| d.len());
            let step = 10f64.powi(-i32::try_from(decimals).unwrap_or(0));
            let unit = Some(unit.to_owned()).filter(|u| !u.is_empty());
            Some(Figure {
                label: Some(label.to_owned()),
                unit,
                printed: Printed { value, step, rounded: decimals > 0 },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{common, document, quantity};
    use super::super::{Rules, validate};
    use super::labelled_in_text;
    use crate::model::{Kpi, Record, YearValue};

    fn kpi(id: &str, line: u32, section: &str, actuals: &[(i32, &str, f64)]) -> Record {
        let actuals = actuals
            .iter()
            .zip(4u32..)
            .map(|(&(year, raw, n), col)| YearValue {
                year,
                fiscal: true,
                value: quantity(raw, n, "件", line, col),
            })
            .collect();
        let mut common = common(id, line);
        common.section = Some(section.into());
        Record::Kpi(Kpi {
            common,
            indicator: "空き家バンク登録物件数".into(),
            actuals,
            ..Kpi::default()
        })
    }

    fn found(records: Vec<Record>) -> Vec<(String, u32, u32)> {
        let found = validate(&document(records), &Rules::default());
        found
            .into_iter()
            .map(|f| (f.code, f.provenance.line.unwrap(), f.provenance.col.unwrap()))
            .collect()
    }

    #[test]
    fn each_disagreeing_year_is_reported_once_at_the_later_cell() {
        let moved =
            kpi("a", 56, "2(1)", &[(2020, "4件", 4.0), (2021, "5件", 5.0), (2022, "6件", 6.0)]);
        let original =
            kpi("b", 95, "2(4)", &[(2020, "4件", 4.0), (2021, "0件", 0.0), (2022, "1件", 1.0)]);
        let code = "validate.conflicting_duplicate".to_owned();
        assert_eq!(found(vec![moved, original]), [(code.clone(), 95, 5), (code, 95, 6)]);
    }

    #[test]
    fn identical_and_rounded_repeats_agree() {
        let a = kpi("a", 10, "1", &[(2020, "12.1件", 12.1)]);
        let b = kpi("b", 90, "2", &[(2020, "12件", 12.0)]);
        let c = kpi("c", 99, "3", &[(2020, "12.1件", 12.1)]);
        assert!(found(vec![a, b, c]).is_empty());
    }

    #[test]
    fn labelled_numbers_in_text() {
        let found =
            labelled_in_text("基準年の滞在人口を維持する。 平日：241,724人 休日：239,602人");
        let pairs: Vec<(String, f64)> =
            found.iter().map(|f| (f.label.clone().unwrap(), f.printed.value)).collect();
        assert_eq!(pairs, [("平日".to_owned(), 241_724.0), ("休日".to_owned(), 239_602.0)]);
        assert!(labelled_in_text("(R2:見込)").is_empty());
    }
}
