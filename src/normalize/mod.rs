//! Normalize stage: cell text → typed [`Value`] with its raw text kept.
//!
//! STUB — being implemented.

use std::borrow::Cow;

use crate::model::{CellContent, Severity, Value};

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
pub fn parse(raw: &str, ctx: &ValueContext<'_>) -> Parsed {
    let _ = ctx;
    Parsed { value: Value::text(raw, fold_text(raw)), issues: Vec::new() }
}

/// Parses one decoded cell, using its type where the file gave one.
pub fn parse_cell(content: &CellContent, ctx: &ValueContext<'_>) -> Parsed {
    parse(&content.to_raw_text(), ctx)
}

/// Folds text for display and matching: full-width ASCII to half-width, spaces folded.
pub fn fold_text(raw: &str) -> Cow<'_, str> {
    Cow::Borrowed(raw)
}
