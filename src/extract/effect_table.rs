//! The tables of an action plan that are not items: the effect summaries, the finance series
//! of the appendix, and chart titles left without data. Each becomes a `table` record.
//!
//! * Effect summary (`No. | 項目名 | 内容 | 5か年効果額`): the `No.` column prints a bare
//!   number (`28`) that names item `No.28`; the amounts take the scale printed at the end of
//!   the title line above (`1 収入額 約 15 億 7 千万円 (A) (千円)`).
//! * Finance series: rows of a label and N numbers with no year header. When a title above
//!   starts with a year range spanning N years (`平成19年～令和3年財政規模の推移`), the header
//!   is built from it (`extract.years_from_title`). No unit is printed, so none is applied —
//!   chart axis labels nearby (`(億円)`) describe the chart, not the numbers — and the
//!   reading is reported as `info`.
//! * A chart title followed by its unit line (`(単位:円)`) but no rows: a `table` with
//!   `rows: []` and `extract.table_without_data`.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{
    Cell, CellContent, Diagnostic, Grid, Location, PeriodBound, Record, Row, Table, Value,
    ValueKind,
};
use crate::normalize::{self, ColumnHint, ValueContext};

use super::Context;
use super::cells::{self, clean_text};
use super::item::bracketed_unit;
use super::toc::{filled_cells, single_text};
use super::vocab;

/// How many rows above a table its title may be.
const TITLE_REACH: usize = 12;
/// The fewest numbers that make a row a series without a header.
const MIN_SERIES: usize = 5;

/// An effect summary table: a header with `No.`, 項目名 and a …効果額 column, then one row
/// per item. Returns the rows consumed.
pub(crate) fn read_summary(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let head = grid.rows.get(start)?;
    let header_cells = filled_cells(head);
    let keys: Vec<String> = header_cells.iter().map(|c| cells::compact(c).to_owned()).collect();
    let number_col = keys.iter().position(|k| k.trim_end_matches('.') == "No")?;
    let amount_col = keys.iter().position(|k| k.ends_with(vocab::EFFECT))?;
    if !keys.iter().any(|k| k == vocab::ITEM_NAME) {
        return None;
    }
    let number_col = header_cells.get(number_col)?.col;
    let amount_col = header_cells.get(amount_col)?.col;
    let title = title_above(grid, start, |_| true);
    let unit = title.as_ref().and_then(|(_, raw)| bracketed_unit(raw));
    let mut rows = Vec::new();
    let mut consumed = 1;
    for row in grid.rows.iter().skip(start + 1) {
        if !is_summary_row(row, number_col) {
            break;
        }
        let columns = Columns { number_col, amount_col, unit: unit.as_deref() };
        rows.push(summary_row(ctx, grid, row, &columns));
        consumed += 1;
    }
    let header = header_cells.iter().map(|c| text_value(grid, head, c)).collect();
    let at = grid.row_location(head);
    ctx.diagnostics.push(Diagnostic::info(
        "extract.name_inferred",
        "the No. column prints bare numbers; each is read as the item number No.N".to_owned(),
        at.clone(),
    ));
    let title = title.map(|(_, raw)| clean_text(&raw));
    push_table(ctx, at, title, header, rows);
    Some(consumed)
}

/// The columns of an effect summary and the amounts' scale.
struct Columns<'a> {
    number_col: u32,
    amount_col: u32,
    unit: Option<&'a str>,
}

/// A summary row: its number cell is a bare integer.
fn is_summary_row(row: &Row, number_col: u32) -> bool {
    let cells = filled_cells(row);
    let number = cells.iter().find(|c| c.col == number_col);
    cells.len() >= 2
        && number.is_some_and(|c| {
            let text = c.content.to_raw_text();
            !text.trim().is_empty() && text.trim().chars().all(|ch| ch.is_ascii_digit())
        })
}

/// The Values of a summary row, positioned by column.
fn summary_row(
    ctx: &mut Context,
    grid: &Grid,
    row: &Row,
    columns: &Columns<'_>,
) -> Vec<Option<Value>> {
    let mut values: Vec<Option<Value>> = Vec::new();
    for cell in filled_cells(row) {
        let at = grid.location(row, cell);
        let raw = cell.content.to_raw_text();
        let value = if cell.col == columns.number_col {
            let mut value = Value::text(raw.clone(), format!("No.{}", raw.trim()));
            value.provenance = Some(Box::new(at));
            value
        } else if cell.col == columns.amount_col {
            let hint = ValueContext {
                hint: Some(ColumnHint::Numeric),
                unit: columns.unit,
                fiscal_year: None,
            };
            let parsed = normalize::parse_cell(&cell.content, &hint);
            ctx.report_issues(&parsed.issues, &at);
            parsed.value.at(at)
        } else {
            text_value(grid, row, cell)
        };
        place(&mut values, cell.col, value);
    }
    values
}

/// Puts a Value at its 1-based column, padding with `None`.
fn place(values: &mut Vec<Option<Value>>, col: u32, value: Value) {
    let index = usize::try_from(col.saturating_sub(1)).unwrap_or(0);
    if values.len() <= index {
        values.resize(index + 1, None);
    }
    if let Some(slot) = values.get_mut(index) {
        *slot = Some(value);
    }
}

/// A cell as a text Value at its location.
fn text_value(grid: &Grid, row: &Row, cell: &Cell) -> Value {
    let ctx = ValueContext { hint: Some(ColumnHint::Text), ..ValueContext::default() };
    normalize::parse_cell(&cell.content, &ctx).value.at(grid.location(row, cell))
}

/// The nearest one-cell row above `start` (within [`TITLE_REACH`]) that `accept`s, with its
/// location and raw text.
fn title_above(
    grid: &Grid,
    start: usize,
    accept: impl Fn(&str) -> bool,
) -> Option<(Location, String)> {
    let first = start.saturating_sub(TITLE_REACH);
    let rows = grid.rows.get(first..start)?;
    rows.iter().rev().find_map(|row| {
        let (cell, raw) = single_text(row)?;
        accept(raw).then(|| (grid.location(row, cell), raw.to_owned()))
    })
}

/// Adds a `table` record in the current section.
fn push_table(
    ctx: &mut Context,
    at: Location,
    title: Option<String>,
    header: Vec<Value>,
    rows: Vec<Vec<Option<Value>>>,
) {
    let table = Table { common: ctx.common("table", at), title, header, rows };
    ctx.push(Record::Table(table));
}

static YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    let era = r"(?:明治|大正|昭和|平成|令和|[MTSHR])";
    Regex::new(&format!(r"^({era}\s*[0-9元]+\s*年度?\s*[~～〜]\s*{era}?\s*[0-9元]+\s*年度?)"))
        .unwrap_or_else(|_| unreachable!())
});

/// The year range a title starts with: its raw text and the period Value.
fn title_period(raw: &str) -> Option<(String, Value)> {
    let folded = normalize::fold_text(raw.trim());
    let prefix = YEAR_RANGE.captures(&folded)?.get(1)?.as_str().to_owned();
    let value = normalize::parse(&prefix, &ValueContext::default()).value;
    matches!(value.kind, ValueKind::Period).then_some((prefix, value))
}

/// The years of a period Value, first to last.
fn period_years(value: &Value) -> Option<(i32, i32)> {
    match (&value.start, &value.end) {
        (Some(PeriodBound::Year(first)), Some(Some(PeriodBound::Year(last)))) if first <= last => {
            Some((*first, *last))
        }
        _ => None,
    }
}

/// A series row: a text label and at least [`MIN_SERIES`] numbers. Returns the number cells.
fn series_numbers(row: &Row) -> Option<(&Cell, Vec<&Cell>)> {
    let cells = filled_cells(row);
    let (label, numbers) = cells.split_first()?;
    let ctx = ValueContext { hint: Some(ColumnHint::Numeric), ..ValueContext::default() };
    let is_number = |c: &&Cell| {
        let text_without_digit =
            matches!(&c.content, CellContent::Text(t) if !cells::may_be_number(t));
        !text_without_digit
            && matches!(normalize::parse_cell(&c.content, &ctx).value.kind, ValueKind::Number)
    };
    let label_is_text = !is_number(label);
    (label_is_text && numbers.len() >= MIN_SERIES && numbers.iter().all(is_number))
        .then(|| (*label, numbers.to_vec()))
}

/// A finance series without a year header: consecutive rows of a label and N numbers under a
/// title that starts with a range of N years. Returns the rows consumed.
pub(crate) fn read_series(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let first = grid.rows.get(start)?;
    let (_, numbers) = series_numbers(first)?;
    let count = numbers.len();
    let (title_at, title_raw) = title_above(grid, start, |raw| title_period(raw).is_some())?;
    let (period_raw, period) = title_period(&title_raw)?;
    let (from, to) = period_years(&period)?;
    if usize::try_from(to - from + 1).ok() != Some(count) {
        return None;
    }
    let fiscal = period_raw.contains(vocab::FISCAL_YEAR);
    let mut header = vec![period.at(title_at.clone())];
    header.extend((from..=to).map(|year| built_year(year, fiscal, &title_at)));
    let rows: Vec<&Row> = grid
        .rows
        .iter()
        .skip(start)
        .take_while(|row| series_numbers(row).is_some_and(|(_, n)| n.len() == count))
        .collect();
    let values = rows.iter().map(|row| series_row(grid, row)).collect();
    report_series(ctx, grid, start, &rows, &title_at, &period_raw);
    push_table(ctx, grid.row_location(first), Some(clean_text(&title_raw)), header, values);
    Some(rows.len())
}

/// A year column header built from a title's range.
fn built_year(year: i32, fiscal: bool, at: &Location) -> Value {
    let suffix = if fiscal { "年度" } else { "年" };
    let mut value = Value::text(format!("{year}{suffix}"), format!("{year}{suffix}"));
    value.kind = ValueKind::EraYear;
    value.year = Some(year);
    value.fiscal = Some(fiscal);
    value.at(at.clone())
}

/// The Values of a series row, positioned by column; numbers get no unit.
fn series_row(grid: &Grid, row: &Row) -> Vec<Option<Value>> {
    let ctx = ValueContext { hint: Some(ColumnHint::Numeric), ..ValueContext::default() };
    let mut values = Vec::new();
    for (index, cell) in filled_cells(row).into_iter().enumerate() {
        let value = if index == 0 {
            text_value(grid, row, cell)
        } else {
            normalize::parse_cell(&cell.content, &ctx).value.at(grid.location(row, cell))
        };
        place(&mut values, cell.col, value);
    }
    values
}

/// The diagnostics of a series: the header built from the title, and the unit left absent.
fn report_series(
    ctx: &mut Context,
    grid: &Grid,
    start: usize,
    rows: &[&Row],
    title_at: &Location,
    period_raw: &str,
) {
    ctx.diagnostics.push(Diagnostic::warning(
        "extract.years_from_title",
        format!(
            "the rows have no year header; the columns are the years {period_raw:?} of the title"
        ),
        title_at.clone(),
    ));
    let axis = axis_label_near(grid, start, rows.len());
    let first_value = rows.first().and_then(|row| series_numbers(row)).and_then(|(_, n)| {
        let cell = n.first()?;
        Some(cell.content.to_raw_text())
    });
    let message = match (axis, first_value) {
        (Some((label, line)), Some(first)) => format!(
            "no unit is printed, so none is applied; the magnitudes ({first}) read as 千円, and the chart label {label:?} (line {line}) is not applied to them"
        ),
        _ => "no unit is printed, so none is applied".to_owned(),
    };
    let at = rows.first().map_or_else(|| title_at.clone(), |row| grid.row_location(row));
    ctx.diagnostics.push(Diagnostic::info("extract.unit_inferred", message, at));
}

/// A chart axis label (`(億円)`) within a few rows of a table: its text and row number.
fn axis_label_near(grid: &Grid, start: usize, len: usize) -> Option<(String, u32)> {
    let from = start.saturating_sub(TITLE_REACH);
    let rows = grid.rows.get(from..(start + len + TITLE_REACH).min(grid.rows.len()))?;
    let table_row = grid.rows.get(start).map_or(0, |row| row.number);
    let labels = rows.iter().filter_map(|row| {
        let (_, raw) = single_text(row)?;
        let unit = bracketed_unit(raw)?;
        let text = normalize::fold_text(raw.trim());
        (text.len() <= unit.len() + 4).then(|| (text.into_owned(), row.number))
    });
    labels.min_by_key(|(_, number)| number.abs_diff(table_row))
}

static UNIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(\s*単位\s*[:：]\s*[^)]+\)$").unwrap_or_else(|_| unreachable!())
});

/// A chart title followed by its unit line (`(単位:円)`) and no data, or a title that repeats
/// the first word of such a title and has no data either: a `table` with no rows.
pub(crate) fn read_empty_chart(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let row = grid.rows.get(start)?;
    let (cell, raw) = single_text(row)?;
    let title = clean_text(raw);
    if title.chars().count() > 40 || title.contains('。') || is_unit_line(raw) {
        return None;
    }
    let next = next_filled(grid, start + 1);
    let unit_line = next.filter(|(_, r)| single_text(r).is_some_and(|(_, t)| is_unit_line(t)));
    let first_word = raw.split_whitespace().next().unwrap_or_default().to_owned();
    let same_series = ctx.plan.last_empty_chart.as_deref() == Some(first_word.as_str());
    let after = match unit_line {
        Some((index, _)) => next_filled(grid, index + 1),
        None if same_series => next,
        None => return None,
    };
    if after.is_some_and(|(_, r)| series_numbers(r).is_some()) {
        return None;
    }
    let at = grid.location(row, cell);
    ctx.diagnostics.push(Diagnostic::warning(
        "extract.table_without_data",
        format!("the chart {title:?} has a title but no data"),
        at.clone(),
    ));
    ctx.plan.last_empty_chart = Some(first_word);
    push_table(ctx, at, Some(title), Vec::new(), Vec::new());
    Some(unit_line.map_or(1, |(index, _)| index - start + 1))
}

/// `(単位:円)`.
fn is_unit_line(raw: &str) -> bool {
    UNIT_LINE.is_match(&normalize::fold_text(raw.trim()))
}

/// The next row at or after `from` with a filled cell.
fn next_filled(grid: &Grid, from: usize) -> Option<(usize, &Row)> {
    grid.rows.iter().enumerate().skip(from).find(|(_, row)| !filled_cells(row).is_empty())
}
