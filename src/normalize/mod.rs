//! Normalize stage: cell text → typed [`Value`] with its raw text kept.
//!
//! Takes one cell (its text, or a typed workbook cell) and what is known about its column
//! ([`ValueContext`]) and returns a [`Parsed`]: the contract's [`Value`] (output contract §1)
//! and the issues noticed. HTML is removed by [`crate::decode::html::to_plain_text`]; the
//! text is folded by [`fold_text`]; then the first reading that fits the whole cell wins:
//!
//! 1. a one-token cell: placeholder, yes/no flag, grade ([`grade`]);
//! 2. an era year, date or period ([`era`]);
//! 3. a number with its unit, qualifiers and annotations ([`measure`], [`number`], [`unit`](mod@unit));
//! 4. a compound cell split into parts ([`compound`]);
//! 5. anything else is `text`: prose is never forced into a number; a short text cell keeps
//!    the numbers beside its words in `parts` (`県平均以上 (89.1%)`).
//!
//! Record-level decisions (markers, legends, list splitting) are left to `extract`.
//!
//! [`cell_text`] gives the forms of a cell's text the recognizers compare (HTML-free, folded,
//! without white space), computed once per cell and cached on it ([`forms`]).

pub mod era;
pub mod text;

mod compound;
mod forms;
mod grade;
mod measure;
mod number;
mod qualifier;
mod scan;
mod unit;

use rust_decimal::Decimal;

use crate::decode::html::to_plain_text;
use crate::model::{CellContent, Severity, Value, ValueKind};

pub use era::{Era, era_to_gregorian, gregorian_to_era};
pub use forms::{CellText, cell_text};
pub use text::{circled_ordinal, fold_text, match_key, roman_ordinal};

use measure::Measured;
use text::{fold_keep_spaces, unify_marks};

/// A column hint: the same text means different things in different columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnHint {
    /// A numeric column (actuals, targets): `二` and dashes are placeholders.
    Numeric,
    /// A year column or header.
    Year,
    /// A grade column: `△`, `-` and `—` are grades.
    Grade,
    /// Free text: nothing is pulled out.
    Text,
}

/// What the caller knows about a cell's context.
#[derive(Debug, Clone, Copy, Default)]
pub struct ValueContext<'a> {
    /// The column's kind, when known.
    pub hint: Option<ColumnHint>,
    /// A unit inherited from a header, a unit column or a title (`千円`, `人`).
    pub unit: Option<&'a str>,
    /// The fiscal year of the row, for month/day forms without a year (`(4月1日～)`).
    pub fiscal_year: Option<i32>,
}

/// Something worth reporting about a parsed value (an era overflow, an ambiguity).
#[derive(Debug, Clone, PartialEq)]
pub struct ValueIssue {
    /// Stable code, `normalize.snake_case`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// Human-readable explanation.
    pub message: String,
}

/// A parsed value and what was noticed while parsing it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The value.
    pub value: Value,
    /// Issues noticed.
    pub issues: Vec<ValueIssue>,
}

/// Parses one cell's text.
///
/// `raw` is kept exactly; `text` is the HTML-free folded text. A cell that is empty after
/// trimming is returned as `kind: missing` (the caller decides whether to emit it: the
/// contract wants an absent key for an empty cell).
pub fn parse(raw: &str, ctx: &ValueContext<'_>) -> Parsed {
    let plain = to_plain_text(raw);
    let text = fold_text(&plain);
    let measured =
        if ctx.hint == Some(ColumnHint::Text) { None } else { classify(&plain, &text, ctx) };
    let Measured { mut value, issues } = measured.unwrap_or_default();
    raw.clone_into(&mut value.raw);
    value.text = text.into_owned();
    Parsed { value, issues }
}

/// Finds the reading that fits the whole cell; `None` for text.
fn classify(plain: &str, text: &str, ctx: &ValueContext<'_>) -> Option<Measured> {
    let t = unify_marks(text.trim());
    if t.is_empty() {
        return Some(grade::missing());
    }
    if let Some(m) = grade::parse_token(&t, ctx.hint) {
        return Some(m);
    }
    if let Some(m) = year_hinted(&t, ctx).or_else(|| era_value(&t)) {
        return Some(m);
    }
    let spaced = fold_keep_spaces(plain);
    let spaced = unify_marks(spaced.trim());
    measure::parse_measure(&spaced, ctx)
        .or_else(|| measure::parse_measure(&t, ctx))
        .or_else(|| compound::parse_compound(&spaced, ctx))
        .or_else(|| compound::parse_annotated_text(&spaced))
}

/// A whole-cell era year, date or period.
fn era_value(t: &str) -> Option<Measured> {
    let reading = era::parse_era(t)?;
    let mut value = reading.value;
    value.qualifier = reading.qualifier.map(str::to_owned);
    value.note = reading.note;
    Some(Measured { value, issues: reading.issues })
}

/// A bare Western year (`2020`) in a year column.
fn year_hinted(t: &str, ctx: &ValueContext<'_>) -> Option<Measured> {
    if ctx.hint != Some(ColumnHint::Year) || t.len() != 4 {
        return None;
    }
    let year: i32 = t.parse().ok().filter(|y| (1868..=2100).contains(y))?;
    let value = Value {
        kind: ValueKind::EraYear,
        year: Some(year),
        fiscal: Some(true),
        ..Value::default()
    };
    let issue = grade::issue(
        "normalize.fiscal_assumed",
        Severity::Info,
        "no 年 or 年度: read as a fiscal year",
    );
    Some(Measured { value, issues: vec![issue] })
}

/// Parses one decoded cell, using its type where the file gave one.
pub fn parse_cell(content: &CellContent, ctx: &ValueContext<'_>) -> Parsed {
    let typed = match content {
        CellContent::Text(s) => return parse(s, ctx),
        CellContent::Number(n) => typed_number(*n, ctx),
        CellContent::Percent { value, .. } => Some(Value {
            kind: ValueKind::Percent,
            value: Some(*value),
            unit: Some("%".to_owned()),
            ..Value::default()
        })
        .map(|value| Measured { value, issues: Vec::new() }),
        CellContent::Bool(b) => Some(Measured {
            value: Value { kind: ValueKind::Boolean, flag: Some(*b), ..Value::default() },
            issues: Vec::new(),
        }),
        CellContent::Date { iso, .. } => Some(Measured {
            value: Value {
                kind: ValueKind::EraDate,
                date: iso.get(..10).map(str::to_owned),
                ..Value::default()
            },
            issues: Vec::new(),
        }),
        CellContent::DateTime(_) | CellContent::Duration(_) | CellContent::Error(_) => None,
    };
    let raw = content.to_raw_text();
    match typed {
        Some(Measured { mut value, issues }) => {
            value.text = fold_text(&raw).into_owned();
            value.raw = raw;
            Parsed { value, issues }
        }
        None => parse(&raw, ctx),
    }
}

/// A number cell: exact when the float is finite, with the context's unit.
fn typed_number(n: f64, ctx: &ValueContext<'_>) -> Option<Measured> {
    if ctx.hint == Some(ColumnHint::Text) {
        return None;
    }
    let exact = Decimal::try_from(n).ok()?;
    let mut m = measure::from_number(exact, ctx)?;
    if !m.issues.is_empty() || m.value.unit.is_some() {
        return Some(m);
    }
    m.value.value = Some(n);
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Value {
        parse(s, &ValueContext::default()).value
    }

    // Dispatch
    #[test]
    fn dispatch() {
        assert_eq!(p("H30").kind, ValueKind::EraYear);
        assert_eq!(p("17,891人 (H27)").kind, ValueKind::Quantity);
        assert_eq!(p("実績なし").kind, ValueKind::Text);
        assert_eq!(p("").kind, ValueKind::Missing);
        let ctx =
            ValueContext {
                hint: Some(ColumnHint::Numeric), unit: Some("千円"), fiscal_year: None
            };
        let v = parse("99,203", &ctx).value;
        assert_eq!((v.kind, v.value), (ValueKind::Money, Some(99_203_000.0)));
    }

    // Typed cells
    #[test]
    fn typed_cells() {
        let v = parse_cell(&CellContent::Number(3.5), &ValueContext::default()).value;
        assert_eq!((v.kind, v.value, v.raw.as_str()), (ValueKind::Number, Some(3.5), "3.5"));
        let v = parse_cell(&CellContent::Bool(true), &ValueContext::default()).value;
        assert_eq!(v.flag, Some(true));
    }
}
