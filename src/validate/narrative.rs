//! Figures in running text against the KPI records (field guide §8, "narrative vs sheets"): a
//! sentence that says an indicator grew or fell by an amount —
//! `新規営農法人設立数が35法人増加`, `「年間観光客数」は基準値から約100万人程度増加` — must
//! agree with that KPI's own series: the change from its baseline (or, without one, its first
//! actual) to its latest actual.
//!
//! The indicator is found by name: the same name (width and spaces folded), else the one KPI
//! whose name shares the longest ending of at least [`MIN_SHARED`] characters and more than
//! half its length with the sentence's (`集落営農法人設立数` for `新規営農法人設立数`). The
//! amount must be in the KPI's unit (`万`/`千` scales applied). It agrees when the change,
//! rounded or truncated to the amount's last printed digit, is the amount; when the name
//! matches several records (two editions), one that agrees is enough. Anything not found,
//! ambiguous or in another unit is left alone: this reads claims, it does not guess.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::model::{Document, Kpi, Record};
use crate::normalize;

use super::approx::agrees;
use super::prose::states_a_change;
use super::repeats::{subject, texts};
use super::tables::shown;
use super::{Check, Findings, number};

/// The shortest shared ending by which a sentence's name finds a KPI of another name.
const MIN_SHARED: usize = 4;

/// `<name>が|は <words> 約<amount><unit>程度の増加|減少`. The name is bracketed (`「…」`) or
/// runs back to the previous punctuation; the words between (`基準値から`) may not end in a
/// digit, so an amount is never cut out of a longer number.
static CLAIM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:「([^」]{2,40})」|([^\s、。「」()]{2,40}?))(?:が|は)",
        r"(?:[^。、]{0,12}?[^0-9,.。、])?",
        r"(約)?([0-9][0-9,]*(?:\.[0-9]+)?)(万|千)?([^\d\s、。()にと]{1,3}?)(?:程度)?の?(増加|減少)",
    ))
    .unwrap_or_else(|_| unreachable!())
});

/// A change of an indicator stated in a sentence.
#[derive(Debug, Clone, PartialEq)]
struct Claim {
    /// The clause as printed (folded), for messages.
    clause: String,
    /// The indicator's name as the sentence gives it, as a match key.
    name: String,
    /// The stated change, signed, after the scale.
    change: f64,
    /// The unit after the scale (`人`, `法人`).
    unit: String,
}

/// Runs the check on every text of every record.
pub(super) fn check(document: &Document, out: &mut Findings<'_>) {
    let kpis: Vec<&Kpi> = document
        .records
        .iter()
        .filter_map(|r| if let Record::Kpi(k) = r { Some(k) } else { None })
        .collect();
    if kpis.is_empty() {
        return;
    }
    for record in &document.records {
        for text in texts(record).into_iter().filter(|t| states_a_change(t.body)) {
            for claim in claims(&normalize::fold_text(text.body)) {
                let Some(series) = matching(&kpis, &claim) else { continue };
                let changes: Vec<(&Kpi, Change)> =
                    series.iter().filter_map(|k| Some((*k, change(k)?))).collect();
                if changes.iter().any(|(_, c)| c.agrees_with(claim.change)) {
                    continue;
                }
                let Some((kpi, first)) = changes.first() else { continue };
                let (en, ja) = first.describe(&kpi.indicator);
                let quoted = &claim.clause;
                out.push(
                    Check::NarrativeMismatch,
                    &subject(record, &text),
                    format!("the text says \"{quoted}\", but {en}"),
                    format!("本文の「{quoted}」は指標の値と合いません: {ja}"),
                );
            }
        }
    }
}

/// The claims of one (folded) text, in order.
fn claims(text: &str) -> Vec<Claim> {
    CLAIM.captures_iter(text).filter_map(|c| claim(&c)).collect()
}

/// One claim from its captures.
fn claim(captures: &Captures<'_>) -> Option<Claim> {
    let name = captures.get(1).or_else(|| captures.get(2))?.as_str();
    let digits: String = captures.get(4)?.as_str().chars().filter(|c| *c != ',').collect();
    let amount: f64 = digits.parse().ok()?;
    let scale = match captures.get(5).map(|m| m.as_str()) {
        Some("万") => 1e4,
        Some("千") => 1e3,
        _ => 1.0,
    };
    let sign = if captures.get(7)?.as_str() == "減少" { -1.0 } else { 1.0 };
    Some(Claim {
        clause: captures.get(0)?.as_str().to_owned(),
        name: normalize::match_key(name),
        change: sign * amount * scale,
        unit: captures.get(6)?.as_str().to_owned(),
    })
}

/// The KPI records the claim names, in the claim's unit: every record of the same name, else
/// those of the one name with the longest shared ending; `None` when there is none or the
/// ending ties between names.
fn matching<'k>(kpis: &[&'k Kpi], claim: &Claim) -> Option<Vec<&'k Kpi>> {
    let in_unit = |k: &&&Kpi| unit_of(k).is_some_and(|u| u == claim.unit);
    let same: Vec<&Kpi> = kpis
        .iter()
        .filter(in_unit)
        .filter(|k| normalize::match_key(&k.indicator) == claim.name)
        .copied()
        .collect();
    if !same.is_empty() {
        return Some(same);
    }
    let mut best: Option<(usize, String)> = None;
    let mut tied = false;
    for kpi in kpis.iter().filter(in_unit) {
        let key = normalize::match_key(&kpi.indicator);
        let shared = shared_ending(&key, &claim.name);
        if shared < MIN_SHARED || shared * 2 <= key.chars().count() {
            continue;
        }
        match &best {
            Some((length, name)) if *length == shared && *name != key => tied = true,
            Some((length, _)) if *length >= shared => {}
            _ => (best, tied) = (Some((shared, key)), false),
        }
    }
    let (_, name) = best.filter(|_| !tied)?;
    let found: Vec<&Kpi> = kpis
        .iter()
        .filter(in_unit)
        .filter(|k| normalize::match_key(&k.indicator) == name)
        .copied()
        .collect();
    Some(found)
}

/// How many characters two names share at their ends.
fn shared_ending(a: &str, b: &str) -> usize {
    a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).count()
}

/// The unit a KPI's numbers are in: its baseline's, else its first actual's.
fn unit_of(kpi: &Kpi) -> Option<&str> {
    let baseline = kpi.baseline.as_ref().and_then(|b| b.unit.as_deref());
    baseline.or_else(|| kpi.actuals.iter().find_map(|a| a.value.unit.as_deref()))
}

/// A KPI's change over its series.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Change {
    /// The starting value and its year (`None` for the baseline).
    from: (f64, Option<i32>),
    /// The latest actual and its year.
    to: (f64, i32),
}

/// The change from a KPI's baseline (or first actual) to its latest actual.
fn change(kpi: &Kpi) -> Option<Change> {
    let mut actuals = kpi.actuals.iter().filter_map(|a| Some((number(&a.value)?, a.year)));
    let first = actuals.next()?;
    let to = actuals.next_back().unwrap_or(first);
    let from = match kpi.baseline.as_ref().and_then(number) {
        Some(baseline) => (baseline, None),
        None if to.1 != first.1 => (first.0, Some(first.1)),
        None => return None,
    };
    Some(Change { from, to })
}

impl Change {
    /// True when the stated change is this one, to its printed digits and with its sign.
    fn agrees_with(self, stated: f64) -> bool {
        let actual = self.to.0 - self.from.0;
        (actual >= 0.0) == (stated >= 0.0) && agrees(actual.abs(), stated.abs())
    }

    /// The series in words, English and Japanese.
    fn describe(self, indicator: &str) -> (String, String) {
        let (from, to, year) = (shown(self.from.0), shown(self.to.0), self.to.1);
        let difference = shown(self.to.0 - self.from.0);
        let (start_en, start_ja) = match self.from.1 {
            None => ("baseline".to_owned(), "基準値".to_owned()),
            Some(y) => (y.to_string(), format!("{y}年度")),
        };
        (
            format!("\"{indicator}\" went from {from} ({start_en}) to {to} ({year}): {difference}"),
            format!("「{indicator}」は {from}({start_ja})から {to}({year}年度)で {difference}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_in_the_guides_sentences() {
        let text = normalize::fold_text("一方で、新規営農法人設立数が35法人増加したものの");
        let found = claims(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].name.as_str(), found[0].unit.as_str()),
            ("新規営農法人設立数", "法人")
        );
        assert!((found[0].change - 35.0).abs() < 1e-9);
        let text = "・「年間観光客数」は基準値から約100万人程度増加したものの";
        let found = claims(text);
        assert_eq!(found[0].name, "年間観光客数");
        assert!((found[0].change - 1_000_000.0).abs() < 1e-9);
        assert_eq!(found[0].unit, "人");
    }

    #[test]
    fn no_claim_is_cut_out_of_a_longer_number_or_sentence() {
        // The amount 844 is the decline; 305,549 is not read as "549".
        let text = "人口は平成27年4月1日の305,549人から844人の減少となりました";
        assert!(claims(text).iter().all(|c| (c.change + 844.0).abs() < 1e-9), "{:?}", claims(text));
        assert!(claims("待機児童数は54人に増加しました").is_empty());
    }

    #[test]
    fn endings_are_shared_from_the_end() {
        assert_eq!(shared_ending("集落営農法人設立数", "新規営農法人設立数"), 7);
        assert_eq!(shared_ending("人口", "令和元年度末の人口"), 2);
    }

    #[test]
    fn a_change_agrees_to_its_printed_digits_and_sign() {
        let change = Change { from: (5_150_000.0, None), to: (6_140_000.0, 2019) };
        assert!(change.agrees_with(1_000_000.0));
        assert!(!change.agrees_with(-1_000_000.0));
        let change = Change { from: (22.0, None), to: (35.0, 2019) };
        assert!(change.agrees_with(13.0));
        assert!(!change.agrees_with(35.0));
    }
}
