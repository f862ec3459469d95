//! [`Value`]: one normalized cell, with its raw text kept (output contract §1).

use serde::{Deserialize, Deserializer, Serialize};

use super::Location;

/// What a cell turned out to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// A bare number (`1.45`, `45413`).
    Number,
    /// A number with a unit (`17,891人`, `742ha`).
    Quantity,
    /// A percentage (`95.60%`); `value` keeps the written number.
    Percent,
    /// An amount of money, scaled to yen (`45,413千円` → 45413000 円).
    Money,
    /// An era or Western year (`H30`, `令和元年度`, `2020年度`).
    EraYear,
    /// A date or year-month (`H31.4.1`, `R6.4現在`, `令和5年2月`).
    EraDate,
    /// A span of years or months (`R7-11`, `(H28~)`, `H30.10月~R1.9月`).
    Period,
    /// An evaluation grade (`A-`, `○`, `△`, `×`, `—`).
    Grade,
    /// A yes/no cell (`有り`, `無し`).
    Boolean,
    /// A placeholder that stands for "no value" (`—`, `集計中`, `削除`).
    Missing,
    /// Anything else: text is never forced into a number.
    #[default]
    Text,
}

/// A bound of a [`ValueKind::Period`]: a Gregorian year, or a `yyyy-mm` month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PeriodBound {
    /// A Gregorian year.
    Year(i32),
    /// A year and month, `yyyy-mm`.
    Month(String),
}

/// One normalized cell: the raw text, the normalized text, and what it means.
///
/// Absent information is an absent key: every optional field is skipped when `None`.
/// `end` is the one exception: a period with an open end serializes `"end": null`, which is
/// represented as `Some(None)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Value {
    /// The cell text exactly as read.
    pub raw: String,
    /// Normalized text: full-width folded, spaces folded, HTML removed.
    pub text: String,
    /// What the cell holds.
    pub kind: ValueKind,
    /// The number after sign and scale. Whole numbers are written without a fraction
    /// (`-1064`, not `-1064.0`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        default,
        serialize_with = "whole_or_fraction"
    )]
    pub value: Option<f64>,
    /// The unit left after the scale is applied (`千円` → `円`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// Gregorian year of an era year, or the reference year attached to a value.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub year: Option<i32>,
    /// True when the year is a fiscal year (年度).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fiscal: Option<bool>,
    /// ISO date of a full date.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<String>,
    /// Year and month of a year-month form, `yyyy-mm`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub month: Option<String>,
    /// Start of a period.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub start: Option<PeriodBound>,
    /// End of a period; `Some(None)` is an open end, written `null`.
    #[serde(skip_serializing_if = "Option::is_none", default, deserialize_with = "double_option")]
    pub end: Option<Option<PeriodBound>>,
    /// What modifies the value: `以上`, `以下`, `未満`, `約`, `累計`, `計`, `速報値`, …
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub qualifier: Option<String>,
    /// An evaluation grade, as written in its scale.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub grade: Option<String>,
    /// True for a placeholder that stands for "no value".
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub missing: Option<bool>,
    /// The value of a yes/no cell.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub flag: Option<bool>,
    /// The label of a part of a compound cell (`平日`, `休日`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// A compound cell split into its parts.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub parts: Vec<Value>,
    /// Text that qualifies the value but is not a number (`R4年度までの累計`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
    /// Where the cell was read, when the value sits inside a record.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub provenance: Option<Box<Location>>,
}

/// Writes a whole number as a JSON integer and anything else as a float, so `1064.0` reads
/// `1064` to jq, `DuckDB` and pandas alike.
#[expect(clippy::ref_option, reason = "the signature serde's serialize_with requires")]
fn whole_or_fraction<S: serde::Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    /// Integers up to 2^53 are exact in an f64.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        #[expect(clippy::cast_possible_truncation, reason = "whole and within ±2^53, so exact")]
        Some(n) if n.fract() == 0.0 && n.abs() <= EXACT => serializer.serialize_i64(*n as i64),
        Some(n) => serializer.serialize_f64(*n),
        None => serializer.serialize_none(),
    }
}

#[expect(clippy::option_option, reason = "absent key vs `null` (open end) vs a bound")]
fn double_option<'de, D>(deserializer: D) -> Result<Option<Option<PeriodBound>>, D::Error>
where
    D: Deserializer<'de>,
{
    Option::<PeriodBound>::deserialize(deserializer).map(Some)
}

impl Value {
    /// A plain text Value whose normalized text is `text`.
    pub fn text(raw: impl Into<String>, text: impl Into<String>) -> Self {
        Self { raw: raw.into(), text: text.into(), kind: ValueKind::Text, ..Self::default() }
    }

    /// True for a placeholder that stands for "no value".
    pub fn is_missing(&self) -> bool {
        self.missing == Some(true)
    }

    /// The same Value with its provenance set.
    #[must_use]
    pub fn at(mut self, location: Location) -> Self {
        self.provenance = Some(Box::new(location));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_fields_are_absent_keys() {
        let value = Value::text("abc", "abc");
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, r#"{"raw":"abc","text":"abc","kind":"text"}"#);
    }

    #[test]
    fn whole_numbers_have_no_fraction() {
        let written = |n: f64| {
            let mut value = Value::text("x", "x");
            value.value = Some(n);
            serde_json::to_string(&value).unwrap()
        };
        assert!(written(-1064.0).contains(r#""value":-1064}"#));
        assert!(written(95.6).contains(r#""value":95.6}"#));
        assert!(written(2_335_000_000.0).contains(r#""value":2335000000}"#));
        assert!(written(0.0).contains(r#""value":0}"#));
    }

    #[test]
    fn open_end_is_null() {
        let value = Value {
            raw: "(H28~)".into(),
            text: "(H28~)".into(),
            kind: ValueKind::Period,
            start: Some(PeriodBound::Year(2016)),
            end: Some(None),
            ..Value::default()
        };
        let json = serde_json::to_value(&value).unwrap();
        assert_eq!(json["start"], 2016);
        assert!(json["end"].is_null());
        assert!(json.as_object().unwrap().contains_key("end"));
        let back: Value = serde_json::from_value(json).unwrap();
        assert_eq!(back, value);
    }
}
