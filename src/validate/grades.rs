//! Printed grades against the grade the document's own legend gives (`○` ≥ 100%, `△` 70–100%,
//! `×` < 70%). The legend's ratio is either actual ÷ target or the progress from the baseline,
//! (actual − baseline) ÷ (target − baseline); with [`Reading::Auto`] the reading is the one
//! the document's grades agree with more often, and only the grades that disagree under that
//! reading are reported. Grades outside every legend (`A+`, `A-`, `B`, `C` of `000`, which
//! has no legend) and the dash grade are never checked.

use crate::model::{Document, Kpi, Record, Value};

use super::values::written_unit;
use super::{Check, Findings, Legend, Reading, Subject, number};

/// One printed grade with the numbers it can be recomputed from.
struct Graded<'a> {
    record: &'a Record,
    indicator: &'a str,
    grade: &'a Value,
    /// The grade symbol.
    symbol: &'a str,
    /// Index of the legend in the rules.
    legend: usize,
    actual: f64,
    target: f64,
    /// The baseline, when it is a number in the target's unit.
    baseline: Option<f64>,
    /// True when the final target is below the baseline (転出超過数, 待機児童数).
    lower_is_better: bool,
}

/// Reports the grades that disagree with their legend.
pub(super) fn check(document: &Document, out: &mut Findings<'_>) {
    let legends = &out.rules.legends;
    let graded: Vec<Graded<'_>> = document
        .records
        .iter()
        .filter_map(|r| if let Record::Kpi(k) = r { Some((r, k)) } else { None })
        .flat_map(|(record, kpi)| graded(record, kpi, legends))
        .collect();
    for (index, legend) in legends.iter().enumerate() {
        let mine: Vec<&Graded<'_>> = graded.iter().filter(|g| g.legend == index).collect();
        let reading = match legend.reading {
            Reading::Auto => detect(legend, &mine),
            fixed => fixed,
        };
        for g in mine {
            report(g, legend, reading, out);
        }
    }
}

/// The reading most of the grades agree with; actual ÷ target on a tie.
fn detect(legend: &Legend, graded: &[&Graded<'_>]) -> Reading {
    let agreeing = |reading| {
        graded
            .iter()
            .filter(|g| {
                ratio(g, reading).and_then(|r| legend.grade_for(r)).is_some_and(|s| s == g.symbol)
            })
            .count()
    };
    if agreeing(Reading::Progress) > agreeing(Reading::Ratio) {
        Reading::Progress
    } else {
        Reading::Ratio
    }
}

/// Adds a finding when the grade differs from the legend's grade under `reading`.
fn report(g: &Graded<'_>, legend: &Legend, reading: Reading, out: &mut Findings<'_>) {
    let Some(computed) = ratio(g, reading) else { return };
    let Some(expected) = legend.grade_for(computed) else { return };
    if expected == g.symbol {
        return;
    }
    let percent = computed * 100.0;
    let formula = match (reading, g.baseline) {
        (Reading::Progress, Some(b)) if progress(g).is_some() => {
            format!("({} − {b}) ÷ ({} − {b})", g.actual, g.target)
        }
        _ if g.lower_is_better => format!("{} ÷ {}", g.target, g.actual),
        _ => format!("{} ÷ {}", g.actual, g.target),
    };
    out.push(
        Check::GradeMismatch,
        &Subject::value(g.record, g.grade),
        format!(
            "grade {} for {:?}, but {formula} = {percent:.0}% earns {expected} under the legend {}",
            g.symbol, g.indicator, legend.name
        ),
        format!(
            "「{}」の評価は{}ですが、{formula} = {percent:.0}% は凡例({})では{expected}です",
            g.indicator, g.symbol, legend.name
        ),
    );
}

/// The achievement ratio under a reading (1.0 = 100%), when it can be computed.
fn ratio(g: &Graded<'_>, reading: Reading) -> Option<f64> {
    match reading {
        // A target equal to the baseline leaves the progress undefined, not the plain ratio.
        Reading::Progress if g.baseline == Some(g.target) => None,
        Reading::Progress => progress(g).or_else(|| plain(g)),
        Reading::Ratio | Reading::Auto => plain(g),
    }
}

/// actual ÷ target, or target ÷ actual when lower is better; only for non-negative numbers.
fn plain(g: &Graded<'_>) -> Option<f64> {
    let (numerator, denominator) =
        if g.lower_is_better { (g.target, g.actual) } else { (g.actual, g.target) };
    (numerator >= 0.0 && denominator > 0.0).then(|| numerator / denominator)
}

/// (actual − baseline) ÷ (target − baseline), when the target lies on the side of the
/// baseline the KPI aims for (a yearly target below the baseline of a rising KPI is no
/// progress path).
fn progress(g: &Graded<'_>) -> Option<f64> {
    let b = g.baseline?;
    let span = g.target - b;
    let aims_up = !g.lower_is_better;
    if span == 0.0 || (span > 0.0) != aims_up {
        return None;
    }
    Some((g.actual - b) / span)
}

/// The printed grades of one KPI (per year, and the overall grade when it is not one of
/// them) with their numbers.
fn graded<'a>(record: &'a Record, kpi: &'a Kpi, legends: &[Legend]) -> Vec<Graded<'a>> {
    let target_unit = kpi.target.as_ref().filter(|t| number(t).is_some()).map(written_unit);
    let baseline = kpi
        .baseline
        .as_ref()
        .filter(|b| target_unit.is_none() || Some(written_unit(b)) == target_unit)
        .and_then(number);
    let last_yearly = kpi.targets.iter().rev().find_map(|t| number(&t.value));
    let final_target = kpi.target.as_ref().and_then(number).or(last_yearly);
    let lower_is_better = matches!((baseline, final_target), (Some(b), Some(t)) if t < b);
    let mut grades: Vec<(Option<i32>, &Value)> =
        kpi.progress.iter().map(|p| (Some(p.year), &p.value)).collect();
    if let Some(overall) = &kpi.grade {
        if !kpi.progress.iter().any(|p| p.value.provenance == overall.provenance) {
            grades.push((kpi.actuals.iter().map(|a| a.year).max(), overall));
        }
    }
    grades
        .into_iter()
        .filter_map(|(year, grade)| {
            let symbol = grade.grade.as_deref()?;
            let legend = legends.iter().position(|l| l.knows(symbol))?;
            let (actual, target) = pair(kpi, year?)?;
            Some(Graded {
                record,
                indicator: &kpi.indicator,
                grade,
                symbol,
                legend,
                actual,
                target,
                baseline,
                lower_is_better,
            })
        })
        .collect()
}

/// The actual and target of a year, when both are numbers in the same unit: the year's own
/// target when targets are given per year, else the final target.
fn pair(kpi: &Kpi, year: i32) -> Option<(f64, f64)> {
    let actual = &kpi.actuals.iter().find(|a| a.year == year)?.value;
    let target = if kpi.targets.is_empty() {
        kpi.target.as_ref()?
    } else {
        &kpi.targets.iter().find(|t| t.year == year)?.value
    };
    if written_unit(actual) != written_unit(target) {
        return None;
    }
    Some((number(actual)?, number(target)?))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{common, document, quantity};
    use super::super::{Rules, validate};
    use crate::model::{Kpi, Record, Value, ValueKind, YearValue};

    fn grade(symbol: &str, line: u32) -> Value {
        let value = Value {
            raw: symbol.into(),
            text: symbol.into(),
            kind: ValueKind::Grade,
            grade: Some(symbol.into()),
            ..Value::default()
        };
        value.at(crate::model::Location::text_line("t.txt".into(), line, Some(6)))
    }

    /// A one-year KPI: baseline, that year's target and actual, and the printed grade.
    fn graded(line: u32, baseline: f64, target: f64, actual: f64, symbol: &str) -> Record {
        let year = |value| YearValue { year: 2016, fiscal: true, value };
        Record::Kpi(Kpi {
            common: common(&format!("k{line}"), line),
            indicator: format!("指標{line}"),
            baseline: Some(quantity("b人", baseline, "人", line, 2)),
            targets: vec![year(quantity("t人", target, "人", line, 4))],
            actuals: vec![year(quantity("a人", actual, "人", line, 5))],
            progress: vec![year(grade(symbol, line))],
            ..Kpi::default()
        })
    }

    #[test]
    fn the_reading_the_grades_follow_is_found_and_only_disagreements_reported() {
        let records = vec![
            graded(1, 12.0, 13.0, 12.9, "△"), // progress 90% △, ratio 99% △
            graded(2, 12.0, 14.0, 11.2, "×"), // progress < 0 ×, ratio 80% △
            graded(3, 10.0, 20.0, 15.0, "×"), // progress 50% ×, ratio 75% △
            graded(4, 5.0, 24.0, 17.0, "△"),  // progress 63% ×, ratio 71% △
        ];
        let found = validate(&document(records), &Rules::default());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].code, "validate.grade_mismatch");
        assert_eq!(found[0].provenance.line, Some(4));
        assert!(found[0].message.contains("(17 − 5) ÷ (24 − 5) = 63%"), "{}", found[0].message);
    }

    #[test]
    fn lower_is_better_and_unlisted_grades() {
        let records = vec![
            graded(1, 650.0, 550.0, 547.0, "○"), // 転出超過数: fewer is better
            graded(2, 650.0, 550.0, 630.0, "×"),
            graded(3, 57.0, 148.0, 146.0, "A-"), // no legend for A-
            graded(4, 5.0, 10.0, 3.0, "—"),      // the dash grade is never checked
        ];
        assert!(validate(&document(records), &Rules::default()).is_empty());
    }
}
