//! Arithmetic stated in running text (field guide §8, "foreign residents"): a change written
//! out in a sentence must add up.
//!
//! Two forms are read, in any text of a record (a table cell, a measure's field, an item's
//! result), after width folding:
//!
//! * `891人→1,202人、311人増（約1.5倍）`: from, to, the stated change and, optionally, the
//!   ratio. The change must be `to − from` (増/増加 positive, 減/減少 negative) and the ratio
//!   `to ÷ from`.
//! * `2,890人から、1,507人の増加（約1.5倍）`: from and the change, with a ratio. The ratio must
//!   be `(from ± change) ÷ from`.
//!
//! A stated ratio is right when `to ÷ from` rounded *or* truncated to its printed digits gives
//! it (`約` admits either); a stated change must be exact to its printed digits. From and to
//! must be in the same unit when both print one (`4.2万人→70,000人` is not compared). Every
//! disagreement is one [`Check::NarrativeArithmetic`] finding at the cell, quoting the clause.

use std::str::FromStr;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::{Document, Record};
use crate::normalize;

use super::repeats::{Text, subject, texts};
use super::{Check, Findings};

/// A number as printed: digits with thousands commas and optional decimals.
const NUMBER: &str = r"([0-9][0-9,]*(?:\.[0-9]+)?)";
/// A short unit after a number (`人`, `千人`, `法人`, `%`); empty when none is printed.
const UNIT: &str = r"(%|[^\x00-\x7F\s、。，,→()（）]{0,3}?)";
/// `増`/`増加` or `減`/`減少`, optionally preceded by `の`.
const DIRECTION: &str = r"の?(増加|増|減少|減)";
/// `(約1.5倍)`, optional.
const RATIO: &str = r"(?:\(約?([0-9]+(?:\.[0-9]+)?)倍\))?";

/// `891人→1,202人、311人増(約1.5倍)`.
static ARROW: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!("{NUMBER}{UNIT}→{NUMBER}{UNIT}[、,]\\s*{NUMBER}{UNIT}{DIRECTION}{RATIO}");
    Regex::new(&pattern).unwrap_or_else(|_| unreachable!())
});

/// `2,890人から、1,507人の増加(約1.5倍)`: only read with a ratio (without one there is
/// nothing to check).
static FROM: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!("{NUMBER}{UNIT}から[、,]?\\s*{NUMBER}{UNIT}{DIRECTION}{RATIO}");
    Regex::new(&pattern).unwrap_or_else(|_| unreachable!())
});

/// Runs the check on every text of every record.
pub(super) fn check(document: &Document, out: &mut Findings<'_>) {
    for record in &document.records {
        for text in texts(record).into_iter().filter(|t| states_a_change(t.body)) {
            let folded = normalize::fold_text(text.body);
            for claim in claims(&folded) {
                if let Some((message, message_ja)) = claim.disagreement() {
                    report(record, &text, &claim, &message, &message_ja, out);
                }
            }
        }
    }
}

/// True for a text that may state a change (`増`, `減`): the cheap test before folding and
/// searching it.
pub(super) fn states_a_change(text: &str) -> bool {
    text.contains(['増', '減'])
}

/// Adds the finding of one claim that does not add up.
fn report(
    record: &Record,
    text: &Text<'_>,
    claim: &Claim,
    message: &str,
    message_ja: &str,
    out: &mut Findings<'_>,
) {
    let quoted = &claim.clause;
    out.push(
        Check::NarrativeArithmetic,
        &subject(record, text),
        format!("the text says \"{quoted}\", but {message}"),
        format!("本文の「{quoted}」は計算と合いません: {message_ja}"),
    );
}

/// A change stated in a sentence.
#[derive(Debug, Clone, PartialEq)]
struct Claim<'t> {
    /// The clause as printed (folded), for messages.
    clause: &'t str,
    /// The value it starts from.
    from: Printed<'t>,
    /// The value it ends at, when printed.
    to: Option<Printed<'t>>,
    /// The stated change, signed by its 増/減.
    change: Printed<'t>,
    /// The stated ratio (`約1.5倍`), when printed.
    ratio: Option<Printed<'t>>,
}

/// A number, the number of decimals it was printed with, and its text.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Printed<'t> {
    value: Decimal,
    decimals: u32,
    text: &'t str,
}

impl<'t> Printed<'t> {
    /// Reads `1,202` or `1.5`.
    fn parse(text: &'t str) -> Option<Printed<'t>> {
        let digits: String = text.chars().filter(|c| *c != ',').collect();
        let value = Decimal::from_str(&digits).ok()?;
        let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len());
        Some(Printed { value, decimals: u32::try_from(decimals).ok()?, text })
    }

    /// True when `exact` rounded or truncated to this number's printed digits gives it.
    fn admits(self, exact: Decimal) -> bool {
        let rounded =
            exact.round_dp_with_strategy(self.decimals, RoundingStrategy::MidpointAwayFromZero);
        let truncated = exact.round_dp_with_strategy(self.decimals, RoundingStrategy::ToZero);
        rounded == self.value || truncated == self.value
    }
}

/// The claims of one text, in order.
fn claims(text: &str) -> Vec<Claim<'_>> {
    let mut out: Vec<Claim> = ARROW.captures_iter(text).filter_map(|c| arrow_claim(&c)).collect();
    let with_arrow: Vec<std::ops::Range<usize>> =
        ARROW.find_iter(text).map(|m| m.range()).collect();
    out.extend(
        FROM.captures_iter(text)
            .filter(|c| {
                c.get(0).is_some_and(|m| !with_arrow.iter().any(|r| r.contains(&m.start())))
            })
            .filter_map(|c| from_claim(&c)),
    );
    out
}

/// A claim of the `from→to、change` form.
fn arrow_claim<'t>(captures: &Captures<'t>) -> Option<Claim<'t>> {
    let (from_unit, to_unit) = (group(captures, 2), group(captures, 4));
    if !from_unit.is_empty() && !to_unit.is_empty() && from_unit != to_unit {
        return None;
    }
    Some(Claim {
        clause: group(captures, 0),
        from: Printed::parse(group(captures, 1))?,
        to: Some(Printed::parse(group(captures, 3))?),
        change: signed(Printed::parse(group(captures, 5))?, group(captures, 7)),
        ratio: captures.get(8).and_then(|m| Printed::parse(m.as_str())),
    })
}

/// A claim of the `from から、change の増加(約R倍)` form; `None` without a ratio.
fn from_claim<'t>(captures: &Captures<'t>) -> Option<Claim<'t>> {
    let ratio = Printed::parse(captures.get(6)?.as_str())?;
    Some(Claim {
        clause: group(captures, 0),
        from: Printed::parse(group(captures, 1))?,
        to: None,
        change: signed(Printed::parse(group(captures, 3))?, group(captures, 5)),
        ratio: Some(ratio),
    })
}

/// A capture group's text, or "" when it did not take part.
fn group<'t>(captures: &Captures<'t>, index: usize) -> &'t str {
    captures.get(index).map_or("", |m| m.as_str())
}

/// The change with the sign its direction word gives.
fn signed<'t>(change: Printed<'t>, direction: &str) -> Printed<'t> {
    if direction.starts_with('減') { Printed { value: -change.value, ..change } } else { change }
}

impl Claim<'_> {
    /// What does not add up, in English and Japanese; `None` when everything does.
    fn disagreement(&self) -> Option<(String, String)> {
        let from = self.from.value;
        let to = self.to.map_or(from + self.change.value, |to| to.value);
        let from_text = self.from.text;
        let sign = if self.change.value.is_sign_negative() { '−' } else { '+' };
        let to_text = self.to.map_or_else(
            || format!("({from_text} {sign} {})", self.change.text),
            |to| to.text.to_owned(),
        );
        let mut wrong = Vec::new();
        if !self.change.admits(to - from) {
            let formula = format!("{to_text} − {from_text} = {}", to - from);
            wrong.push((formula.clone(), formula));
        }
        if let Some(ratio) = self.ratio
            && !from.is_zero()
        {
            let exact = (to / from).round_dp(2).normalize();
            if !ratio.admits(to / from) {
                let formula = format!("{to_text} ÷ {from_text}");
                wrong.push((format!("{formula} = ×{exact}"), format!("{formula} = {exact}倍")));
            }
        }
        if wrong.is_empty() {
            return None;
        }
        let (en, ja): (Vec<String>, Vec<String>) = wrong.into_iter().unzip();
        Some((en.join(" and "), ja.join("、")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        claims(&normalize::fold_text(text))
            .iter()
            .filter_map(Claim::disagreement)
            .map(|(en, _)| en)
            .collect()
    }

    #[test]
    fn the_guides_foreign_residents_sentence() {
        // field guide §8: 1,202 / 891 = 1.35, printed 約1.5倍; the other four are right.
        let text = "国籍別に見ると、ベトナム（323人→1,295人、972人増（約4.0倍））、\
                    フィリピン（891人→1,202人、311人増（約1.5倍））、\
                    ネパール（213人→338人、125人増（約1.6倍））となっています。";
        assert_eq!(problems(text), ["1,202 ÷ 891 = ×1.35"]);
    }

    #[test]
    fn a_change_from_a_starting_value_with_a_ratio() {
        let right = "平成27年度当初の2,890人から、1,507人の増加（約1.5倍）となっています。";
        assert!(problems(right).is_empty());
        let wrong = "平成27年度当初の2,890人から、1,507人の増加（約2.5倍）となっています。";
        assert_eq!(problems(wrong), ["(2,890 + 1,507) ÷ 2,890 = ×1.52"]);
    }

    #[test]
    fn a_wrong_difference_and_a_decrease() {
        assert_eq!(problems("579人→1,501人、921人増"), ["1,501 − 579 = 922"]);
        assert!(problems("1,000件→900件、100件減（約0.9倍）").is_empty());
        assert_eq!(problems("1,000件→900件、100件増"), ["900 − 1,000 = -100"]);
    }

    #[test]
    fn truncation_and_rounding_both_pass_and_units_must_agree() {
        // 1,870 / 1,000 = 1.87: 約1.8 (truncated) and 約1.9 (rounded) are both fine, 約2 too.
        for ratio in ["1.8", "1.9", "2"] {
            assert!(problems(&format!("1,000人→1,870人、870人増（約{ratio}倍）")).is_empty());
        }
        assert_eq!(problems("1,000人→1,870人、870人増（約1.7倍）"), ["1,870 ÷ 1,000 = ×1.87"]);
        assert!(problems("4.2万人→70,000人、27,000人増（約9倍）").is_empty());
        assert_eq!(problems("１，０００人→１，８２９人、８２９人増（約２．５倍）").len(), 1);
    }

    #[test]
    fn text_without_a_stated_change_gives_nothing() {
        assert!(problems("人口は304,705人となり、844人減少しました。").is_empty());
        assert!(problems("H27年度 16.8% ⇒ R1年度 17.0%").is_empty());
        assert!(problems("2,890人から増加").is_empty());
    }
}
