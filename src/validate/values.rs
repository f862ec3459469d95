//! Checks on the values of one KPI: an actual written as prose, units or scales that
//! disagree, a value ×10 or more off its neighbours, and years out of order, duplicated or
//! outside the plan's period.

use std::collections::BTreeMap;

use crate::model::{Document, Kpi, Record, Value, ValueKind, YearValue};

use super::{Check, Findings, Subject, number};

/// A jump is flagged from this factor on (×10, ×1000 …).
const JUMP: f64 = 9.5;

/// Runs the value checks on every KPI.
pub(super) fn check(document: &Document, out: &mut Findings<'_>) {
    for record in &document.records {
        let Record::Kpi(kpi) = record else { continue };
        not_numeric(record, kpi, out);
        units(record, kpi, out);
        jumps(record, kpi, out);
        years(document, record, kpi, out);
    }
}

// Prose where a number belongs

/// An actual written as prose (`整備完了`) instead of a number or a placeholder.
fn not_numeric(record: &Record, kpi: &Kpi, out: &mut Findings<'_>) {
    for actual in &kpi.actuals {
        let value = &actual.value;
        if value.kind != ValueKind::Text || !value.parts.is_empty() || value.raw.trim().is_empty() {
            continue;
        }
        out.push(
            Check::NotNumeric,
            &Subject::value(record, value),
            format!(
                "the {} actual of {:?} is not a number: {:?}",
                actual.year, kpi.indicator, value.text
            ),
            format!(
                "「{}」の{}年度実績が数値ではありません:「{}」",
                kpi.indicator, actual.year, value.text
            ),
        );
    }
}

// Units and scales

/// Every numeric Value of a KPI, in printed order: baseline, actuals, yearly targets, target.
fn numeric_values(kpi: &Kpi) -> Vec<&Value> {
    let mut all: Vec<&Value> = kpi.baseline.iter().collect();
    all.extend(kpi.actuals.iter().map(|y| &y.value));
    all.extend(kpi.targets.iter().map(|y| &y.value));
    all.extend(kpi.target.iter());
    all.retain(|v| number(v).is_some());
    all
}

/// The unit as written, with its scale (`千人`, `万人`, `%`); `None` for a bare number. A rate
/// suffix (`人/年`, `人/日`) is left out: it is often printed on one value of a KPI only.
pub(super) fn written_unit(value: &Value) -> Option<String> {
    if value.kind == ValueKind::Percent {
        return Some("%".to_owned());
    }
    let unit = value.unit.as_deref()?;
    let unit = unit.split(['/', '／']).next().unwrap_or(unit);
    let Some(at) = value.text.find(unit) else { return Some(unit.to_owned()) };
    let before = value.text.get(..at).unwrap_or("");
    let scale: String = before
        .chars()
        .rev()
        .take_while(|c| matches!(c, '千' | '万' | '億' | '兆'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Some(format!("{scale}{unit}"))
}

/// Values whose unit (with its scale) differs from the unit most of the KPI's values have.
fn units(record: &Record, kpi: &Kpi, out: &mut Findings<'_>) {
    let written: Vec<(&Value, String)> =
        numeric_values(kpi).into_iter().filter_map(|v| Some((v, written_unit(v)?))).collect();
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (_, unit) in &written {
        match counts.iter_mut().find(|(u, _)| *u == unit.as_str()) {
            Some((_, n)) => *n += 1,
            None => counts.push((unit, 1)),
        }
    }
    // The most frequent unit; on a tie, the first printed.
    let Some(&(usual, _)) = counts.iter().rev().max_by_key(|(_, n)| *n) else { return };
    if counts.len() < 2 {
        return;
    }
    for (value, unit) in written.iter().filter(|(_, u)| u != usual) {
        out.push(
            Check::UnitMismatch,
            &Subject::value(record, value),
            format!(
                "{:?} is in {unit}, the other values of {:?} in {usual}",
                value.raw, kpi.indicator
            ),
            format!(
                "「{}」の単位が{unit}ですが、「{}」の他の値は{usual}です",
                value.raw, kpi.indicator
            ),
        );
    }
}

// Jumps

/// The baseline and the actuals in year order, as (Value, number), in the KPI's usual unit.
fn series(kpi: &Kpi) -> Vec<(&Value, f64)> {
    let mut actuals: Vec<&YearValue> = kpi.actuals.iter().collect();
    actuals.sort_by_key(|y| y.year);
    let values = kpi.baseline.iter().chain(actuals.into_iter().map(|y| &y.value));
    let numbered: Vec<(&Value, f64)> =
        values.filter_map(|v| Some((v, number(v)?))).filter(|(_, n)| *n > 0.0).collect();
    let units: Vec<Option<String>> = numbered.iter().map(|(v, _)| written_unit(v)).collect();
    let usual = units.iter().max_by_key(|u| units.iter().filter(|w| w == u).count()).cloned();
    numbered
        .into_iter()
        .zip(units)
        .filter(|(_, unit)| Some(unit) == usual.as_ref())
        .map(|(point, _)| point)
        .collect()
}

/// The factor between two positive numbers, ≥ 1.
fn factor(a: f64, b: f64) -> f64 {
    if a > b { a / b } else { b / a }
}

/// A value ×10 or more above (or below) both neighbours, or the last value ×10 off a run
/// of steady values before it (a scale slip in the newest year).
fn jumps(record: &Record, kpi: &Kpi, out: &mut Findings<'_>) {
    let points = series(kpi);
    for (i, &(value, n)) in points.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| points.get(j)).map(|p| p.1);
        let after = points.get(i + 1).map(|p| p.1);
        let spike = match (before, after) {
            (Some(b), Some(a)) => {
                factor(n, b) >= JUMP && factor(n, a) >= JUMP && (n > b) == (n > a)
            }
            (Some(b), None) => {
                let earlier = i.checked_sub(2).and_then(|j| points.get(j)).map(|p| p.1);
                earlier.is_some_and(|e| factor(b, e) < 2.0) && factor(n, b) >= JUMP
            }
            _ => false,
        };
        if spike {
            let near = before.unwrap_or(n);
            out.push(
                Check::MagnitudeJump,
                &Subject::value(record, value),
                format!(
                    "{:?} is ×{:.0} off the neighbouring values of {:?} (e.g. {near})",
                    value.raw,
                    factor(n, near),
                    kpi.indicator
                ),
                format!(
                    "「{}」が「{}」の前後の値(例: {near})と約{:.0}倍異なります",
                    value.raw,
                    kpi.indicator,
                    factor(n, near)
                ),
            );
        }
    }
}

// Years

/// Years out of order, given twice, or outside the period of the KPI's phase.
fn years(document: &Document, record: &Record, kpi: &Kpi, out: &mut Findings<'_>) {
    let period = kpi.phase.as_deref().and_then(|name| {
        let phase = document.metadata.phases.iter().find(|p| p.name == name)?;
        Some((phase.start?, phase.end?))
    });
    for (label, label_ja, list) in
        [("actual", "実績", &kpi.actuals), ("target", "目標", &kpi.targets)]
    {
        let mut seen: BTreeMap<i32, &YearValue> = BTreeMap::new();
        let mut latest: Option<i32> = None;
        for entry in list {
            let subject = Subject::value(record, &entry.value);
            let year = entry.year;
            if seen.insert(year, entry).is_some() {
                out.push(
                    Check::YearDuplicate,
                    &subject,
                    format!("the {label} of {year} is given twice for {:?}", kpi.indicator),
                    format!("「{}」の{year}年度{label_ja}が重複しています", kpi.indicator),
                );
            } else if latest.is_some_and(|l| year < l) {
                out.push(
                    Check::YearOrder,
                    &subject,
                    format!(
                        "the {label} of {year} comes after a later year for {:?}",
                        kpi.indicator
                    ),
                    format!("「{}」の{year}年度{label_ja}が年度順に並んでいません", kpi.indicator),
                );
            }
            latest = latest.max(Some(year));
            if let Some((start, end)) = period.filter(|(s, e)| year < *s || year > *e) {
                out.push(
                    Check::YearOutsidePeriod,
                    &subject,
                    format!(
                        "the {label} year {year} of {:?} is outside the plan period {start}–{end}",
                        kpi.indicator
                    ),
                    format!(
                        "「{}」の{label_ja}の年度{year}が計画期間({start}–{end})の外です",
                        kpi.indicator
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{document, kpi, quantity};
    use super::super::{Rules, validate};
    use super::written_unit;
    use crate::model::Record;

    fn codes(record: Record) -> Vec<(String, Option<u32>)> {
        let found = validate(&document(vec![record]), &Rules::default());
        found.into_iter().map(|f| (f.code, f.provenance.col)).collect()
    }

    // Years

    #[test]
    fn years_out_of_order_and_duplicated() {
        let kpi = kpi("k", 3, &[2020, 2022, 2021, 2022]);
        assert_eq!(
            codes(Record::Kpi(kpi)),
            [
                ("validate.year_order".to_owned(), Some(6)),
                ("validate.year_duplicate".to_owned(), Some(7))
            ]
        );
    }

    // Units and jumps

    #[test]
    fn written_units_keep_their_scale() {
        assert_eq!(written_unit(&quantity("1.2千人", 1200.0, "人", 1, 1)).as_deref(), Some("千人"));
        assert_eq!(
            written_unit(&quantity("38.8万人", 388_000.0, "人", 1, 1)).as_deref(),
            Some("万人")
        );
        assert_eq!(written_unit(&quantity("146人", 146.0, "人", 1, 1)).as_deref(), Some("人"));
    }

    #[test]
    fn a_newest_value_a_thousand_times_off_is_a_jump() {
        let mut kpi = kpi("k", 3, &[2020, 2021, 2022]);
        for (entry, (raw, n)) in
            kpi.actuals.iter_mut().zip([("17人", 17.0), ("18人", 18.0), ("18,100人", 18_100.0)])
        {
            entry.value = quantity(raw, n, "人", 3, 4);
        }
        assert_eq!(codes(Record::Kpi(kpi)), [("validate.magnitude_jump".to_owned(), Some(4))]);
    }

    #[test]
    fn steady_growth_is_no_jump() {
        let mut kpi = kpi("k", 3, &[2020, 2021, 2022, 2023]);
        for (entry, n) in kpi.actuals.iter_mut().zip([1.0, 4.0, 15.0, 60.0]) {
            entry.value = quantity("x人", n, "人", 3, 4);
        }
        assert!(codes(Record::Kpi(kpi)).is_empty());
    }
}
