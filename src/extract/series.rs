//! Statistics tables with years as column headers (人口 / 増減 by 年度, 出生数 / 死亡数 /
//! 自然動態, 転入数 / 転出数 / 社会動態, 5-year age groups).
//!
//! A header row is a row whose cells, apart from an optional first label (`年度`, or none),
//! are all year labels; the rows under it are a label and numbers. A table printed in two
//! bands of years (`H16…H23`, then `H24…R1`, with the same row labels) is joined into one
//! `table` record, and the join is reported as `extract.lines_joined` (info).
//!
//! Tables headed by column words instead of years ([`recognize_labelled`]): a header row
//! of short words (`都道府県 | 転入数 | 転出数 | 増減`, `都市圏名 | …`) over rows of a label
//! and as many numbers. Row labels stay as printed — a rank (`1 神奈川県`), a member list
//! (`東京圏 (東京、神奈川、埼玉、千葉)`), a subtotal (`三大都市圏計`): the contract has no
//! rank or subtotal flag (field guide §3.6).

use crate::model::{Diagnostic, Grid, Record, Row, Table, Value, ValueKind};
use crate::normalize::{self, ColumnHint, ValueContext};

use super::Context;
use super::cells;
use super::header;
use super::summary::{label_key, row_values, title_above};
use super::yearly::is_year_label;

/// How many year labels make a row a year header.
const MIN_YEARS: usize = 3;

/// Whether a row is a year header: all cells but a first-column label are year labels.
fn is_year_header(row: &Row) -> bool {
    let years = row.cells.iter().filter(|c| is_year_label(c)).count();
    let others = row.cells.iter().filter(|c| !is_year_label(c));
    let only_label_left = others.clone().count() <= 1 && others.clone().all(|c| c.col == 1);
    years >= MIN_YEARS && only_label_left
}

/// Whether a row is a data row of a year table: a label in the first column, then values.
fn is_data_row(row: &Row) -> bool {
    let label_first = row.cells.first().is_some_and(|c| c.col == 1);
    label_first && row.cells.len() >= 2 && !is_year_header(row)
}

/// One band: its header Values (years) and rows (label first).
struct Band {
    header: Vec<Option<Value>>,
    rows: Vec<Vec<Option<Value>>>,
    consumed: usize,
}

/// Reads the band whose header is `grid.rows[start]`.
fn read_band(grid: &Grid, start: usize) -> Option<Band> {
    let header_row = grid.rows.get(start).filter(|r| is_year_header(r))?;
    let header = row_values(grid, header_row, Some(ColumnHint::Year));
    let mut rows = Vec::new();
    let mut consumed = 1;
    while let Some(row) = grid.rows.get(start + consumed).filter(|r| is_data_row(r)) {
        rows.push(row_values(grid, row, Some(ColumnHint::Numeric)));
        consumed += 1;
    }
    (!rows.is_empty()).then_some(Band { header, rows, consumed })
}

/// The row labels of a band, for matching bands.
fn labels(rows: &[Vec<Option<Value>>]) -> Vec<String> {
    rows.iter()
        .map(|r| r.first().cloned().flatten().map(|v| label_key(&v.raw)).unwrap_or_default())
        .collect()
}

/// Recognizes a year-headed statistics table, joining a following band with the same rows.
pub(crate) fn recognize(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let mut band = read_band(grid, start)?;
    let header_row = grid.rows.get(start)?;
    let mut consumed = band.consumed;
    loop {
        let next = (start + consumed..grid.rows.len())
            .find(|i| grid.rows.get(*i).is_some_and(|r| !r.cells.is_empty()));
        let Some(next) = next else { break };
        let Some(more) = read_band(grid, next) else { break };
        if labels(&more.rows) != labels(&band.rows) {
            break;
        }
        join(&mut band, more);
        if let Some(row) = grid.rows.get(next) {
            ctx.diagnostics.push(Diagnostic::info(
                "extract.lines_joined",
                "a second band of years with the same rows continues the table above; joined into one table",
                grid.row_location(row),
            ));
        }
        consumed = next - start + band.consumed;
    }
    let table = Table {
        common: ctx.common("table", grid.row_location(header_row)),
        title: title_above(grid, start),
        header: band.header.into_iter().flatten().collect(),
        rows: band.rows,
    };
    ctx.push(Record::Table(table));
    Some(consumed)
}

/// Appends a band's year columns to the first band (row labels are not repeated).
fn join(band: &mut Band, more: Band) {
    band.header.extend(more.header.into_iter().skip(1));
    for (row, extra) in band.rows.iter_mut().zip(more.rows) {
        row.extend(extra.into_iter().skip(1));
    }
    band.consumed = more.consumed;
}

/// How many value columns a word-headed table has at least.
const MIN_WORD_COLUMNS: usize = 2;
/// How long (in characters) a column word may be.
const MAX_WORD_CHARS: usize = 12;
/// How many data rows make a word-headed table.
const MIN_WORD_ROWS: usize = 2;

/// The width of a word header row: a first-column label and at least [`MIN_WORD_COLUMNS`]
/// short column words, in adjacent columns, none a number, a year or a KPI header label.
fn word_header_width(row: &Row) -> Option<usize> {
    let cells = &row.cells;
    let adjacent = cells.iter().zip(1u32..).all(|(c, col)| c.col == col);
    if cells.len() < MIN_WORD_COLUMNS + 1 || !adjacent || header::recognize(row).is_some() {
        return None;
    }
    let is_word = |cell: &crate::model::Cell| {
        let key = cells::key(cell);
        let chars = key.chars().count();
        (1..=MAX_WORD_CHARS).contains(&chars)
            && !key.chars().any(|c| c.is_ascii_digit())
            && !is_year_label(cell)
    };
    cells.iter().all(is_word).then_some(cells.len())
}

/// Whether a row is a label and `width - 1` numbers, in adjacent columns from the first.
fn is_number_row(row: &Row, width: usize) -> bool {
    let cells = &row.cells;
    let adjacent = cells.iter().zip(1u32..).all(|(c, col)| c.col == col);
    let Some((label, values)) = cells.split_first() else { return false };
    let context = ValueContext { hint: Some(ColumnHint::Numeric), ..ValueContext::default() };
    let numeric = |cell: &crate::model::Cell| {
        let kind = normalize::parse_cell(&cell.content, &context).value.kind;
        matches!(
            kind,
            ValueKind::Number
                | ValueKind::Quantity
                | ValueKind::Percent
                | ValueKind::Money
                | ValueKind::Missing
        )
    };
    adjacent
        && cells.len() == width
        && !numeric(label)
        && !cells::raw(label).trim().is_empty()
        && values.iter().all(numeric)
}

/// Recognizes a table headed by column words (`都道府県 | 転入数 | 転出数 | 増減`) over rows
/// of a label and numbers; row labels are kept as printed.
pub(crate) fn recognize_labelled(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let header_row = grid.rows.get(start)?;
    let width = word_header_width(header_row)?;
    let data: Vec<&Row> =
        grid.rows.get(start + 1..)?.iter().take_while(|r| is_number_row(r, width)).collect();
    if data.len() < MIN_WORD_ROWS {
        return None;
    }
    let rows = data.iter().map(|r| row_values(grid, r, Some(ColumnHint::Numeric))).collect();
    let table = Table {
        common: ctx.common("table", grid.row_location(header_row)),
        title: title_above(grid, start),
        header: row_values(grid, header_row, Some(ColumnHint::Text))
            .into_iter()
            .flatten()
            .collect(),
        rows,
    };
    ctx.push(Record::Table(table));
    Some(1 + data.len())
}
