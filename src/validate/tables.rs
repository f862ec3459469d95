//! Reading printed numbers for the cross-checks: a cell's number with the unit of its last
//! printed digit (the rounding a comparison must tolerate), the labels that name a total
//! (`合計`, `計`, `三大都市圏計`) or a difference (`増減`, `自然動態`), row labels of `table`
//! records, and the document-wide text table that holds unassigned lines (not a real table).

use crate::model::{Record, Table, Value, ValueKind};

use super::number;

/// A printed number: its value and the value of one unit of its last printed digit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Printed {
    /// The number, after sign and scale.
    pub(super) value: f64,
    /// One unit of the last printed digit, in the same scale: 1 for `1,064`, 0.1 for `12.1%`,
    /// 1000 for `45,413千円`, 1000 for `38.8万人`.
    pub(super) step: f64,
    /// True when the printed number is rounded: it has decimals or a scale (`千`, `万`). A
    /// count printed in full (`1,064人`) is exact.
    pub(super) rounded: bool,
}

impl Printed {
    /// The number of a Value when it is one (not a placeholder), with its step.
    pub(super) fn of(value: &Value) -> Option<Self> {
        let n = number(value)?;
        let step = step(value, n);
        Some(Self { value: n, step, rounded: (step - 1.0).abs() > 1e-9 })
    }

    /// The number of a Value that may be summed: not a percentage.
    pub(super) fn additive(value: &Value) -> Option<Self> {
        if is_percent(value) {
            return None;
        }
        Self::of(value)
    }
}

/// The difference a comparison of these printed numbers tolerates: one unit of the coarsest
/// last printed digit when any of them is rounded (or `scaled`, printed in a stated unit like
/// `(千円)`), else none: whole counts must add up exactly.
pub(super) fn tolerance(numbers: &[Printed], scaled: bool) -> f64 {
    if scaled || numbers.iter().any(|p| p.rounded) {
        numbers.iter().map(|p| p.step).fold(0.0, f64::max)
    } else {
        0.0
    }
}

/// True when two printed numbers are the same number within `tolerance`.
pub(super) fn same(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance + 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// True for a percentage (`12.1%`), which is never summed.
pub(super) fn is_percent(value: &Value) -> bool {
    value.kind == ValueKind::Percent
        || value.unit.as_deref() == Some("%")
        || value.text.trim_end().ends_with('%')
}

/// The first printed number of a text: `1,064` in `△1,064人`, `38.8` in `38.8万人`.
fn first_literal(text: &str) -> Option<&str> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = text.get(start..)?;
    let end =
        rest.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(rest.len());
    rest.get(..end).map(|s| s.trim_end_matches(['.', ',']))
}

/// One unit of the last printed digit of a Value whose number is `n`: 10^-decimals times the
/// scale the unit applied (`千`, `万`), read off the printed literal.
fn step(value: &Value, n: f64) -> f64 {
    let Some(literal) = first_literal(&value.text) else { return 1.0 };
    let decimals = literal.split_once('.').map_or(0, |(_, d)| d.len());
    let printed: f64 = literal.replace(',', "").parse().unwrap_or(0.0);
    let unit = 10f64.powi(-i32::try_from(decimals).unwrap_or(0));
    if printed == 0.0 || n == 0.0 {
        return unit;
    }
    // The scale is a power of ten (千 = 10^3, 万 = 10^4); rounding the logarithm removes the
    // float noise of the division.
    let scale = 10f64.powf((n.abs() / printed).log10().round());
    unit * scale
}

/// A label folded for matching: whitespace dropped, and a trailing bracketed note (`合計(人)`)
/// cut off.
pub(super) fn label_key(text: &str) -> String {
    let folded: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    match folded.find(['(', '（']) {
        Some(at) if at > 0 && folded.ends_with([')', '）']) => {
            folded.get(..at).unwrap_or(&folded).to_owned()
        }
        _ => folded,
    }
}

/// Labels that name the sum of the rows (or columns) before them.
const TOTALS: [&str; 8] = ["計", "合計", "総計", "小計", "総数", "総合計", "全体", "合計数"];

/// Words ending in 計 that are not totals (統計 statistics, 会計 accounts, 設計 design, 集計
/// tallying, 推計 estimate, 家計, 時計, 累計 running total, 余計, 生計, 主計, 見計).
const NOT_TOTALS: [char; 12] =
    ['統', '会', '設', '集', '推', '家', '時', '累', '余', '生', '主', '見'];

/// True for a label that states a total: `合計`, `計`, `小計`, or a group name ending in 計
/// (`三大都市圏計`). `歳入総額` is not one: the rows under it list only the main items.
pub(super) fn is_total_label(text: &str) -> bool {
    let key = label_key(text);
    if TOTALS.contains(&key.as_str()) {
        return true;
    }
    let mut chars = key.chars().rev();
    chars.next() == Some('計') && chars.next().is_some_and(|c| !NOT_TOTALS.contains(&c))
}

/// True for a label that states a difference: `増減`, `差引`, `自然動態` (births − deaths),
/// `社会動態` (in − out).
pub(super) fn is_difference_label(text: &str) -> bool {
    let key = label_key(text);
    ["差", "差引", "差し引き", "純増"].contains(&key.as_str())
        || key.ends_with("増減")
        || key.ends_with("増減数")
        || key.ends_with("動態")
}

/// True for a header naming a rate or an average, whose column is never summed.
pub(super) fn is_rate_label(text: &str) -> bool {
    let key = label_key(text);
    ["率", "割合", "平均", "%", "倍"].iter().any(|w| key.contains(w))
}

/// The label of a row: its first cell, when that is text.
pub(super) fn row_label(row: &[Option<Value>]) -> Option<&Value> {
    row.first()?.as_ref().filter(|v| v.kind == ValueKind::Text && !v.text.trim().is_empty())
}

/// The text of the header cell over column `col`, or "".
pub(super) fn header_text(table: &Table, col: usize) -> &str {
    table.header.get(col).map_or("", |v| v.text.as_str())
}

/// The cell of a row at `col`, when it holds something.
pub(super) fn cell(row: &[Option<Value>], col: usize) -> Option<&Value> {
    row.get(col)?.as_ref()
}

/// True for the table the extract stage fills with the lines it could not place (its
/// provenance names the file only): prose from all over the document, not a printed table.
pub(super) fn is_leftover_text(table: &Table) -> bool {
    let at = &table.common.provenance;
    at.line.is_none() && at.row.is_none()
}

/// The printed tables of a document, with their records.
pub(super) fn tables(records: &[Record]) -> impl Iterator<Item = (&Record, &Table)> {
    records.iter().filter_map(|r| match r {
        Record::Table(t) if !is_leftover_text(t) => Some((r, t)),
        _ => None,
    })
}

/// A number for messages: no trailing `.0`, thousands left unseparated.
pub(super) fn shown(n: f64) -> String {
    let rounded = (n * 1e6).round() / 1e6;
    format!("{rounded}")
}

#[cfg(test)]
mod tests {
    use super::super::testing::quantity;
    use super::*;

    // Steps

    #[test]
    fn the_step_is_one_unit_of_the_last_printed_digit() {
        let cases = [
            ("1,064人", 1064.0, 1.0),
            ("△1,064人", -1064.0, 1.0),
            ("12.1%", 12.1, 0.1),
            ("45,413千円", 45_413_000.0, 1000.0),
            ("38.8万人", 388_000.0, 1000.0),
            ("0", 0.0, 1.0),
        ];
        for (raw, n, expected) in cases {
            let value = quantity(raw, n, "人", 1, 1);
            let printed = Printed::of(&value).unwrap();
            assert!((printed.step - expected).abs() < 1e-9, "{raw}: {}", printed.step);
        }
    }

    // Labels

    #[test]
    fn totals_and_differences_are_told_from_other_labels() {
        for total in ["合計", "合 計", "計", "小計", "三大都市圏計", "合計(人)"] {
            assert!(is_total_label(total), "{total}");
        }
        for other in ["歳入総額", "統計", "特別会計", "累計", "計画", "KPI数", "人口"]
        {
            assert!(!is_total_label(other), "{other}");
        }
        for difference in ["増減", "自然動態", "社会動態", "前年比増減", "差引"] {
            assert!(is_difference_label(difference), "{difference}");
        }
        for other in ["人口", "転入数", "増加率"] {
            assert!(!is_difference_label(other), "{other}");
        }
    }
}
