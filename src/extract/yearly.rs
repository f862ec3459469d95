//! Indicator tables of 総括シート: per-year target / actual / progress blocks, and 数値目標
//! summary tables.
//!
//! Two shapes, both recognized by their header words:
//!
//! * **yearly** — `重要業績評価指標（KPI） | 基準値⇒R1目標値 | 年度 | 目標値 | 実績値 | 進捗度`
//!   (or `数値目標 | …`): one name row carrying the name, a `baseline ▼ target` cell and the
//!   first year, then continuation rows holding only a year, target, actual and grade. The
//!   year cell anchors the row: the cells left of it are the name and the `baseline ▼ target`
//!   cell (told apart by content, never by index), and target, actual and grade sit at the
//!   header's offsets right of it. Data shifted against the header is reported as
//!   `extract.column_realigned`.
//! * **flat** — `基本目標 | 数値目標 | 基準値 | R1 目標値 | 実績値 | 進捗度`: one row per 数値目標,
//!   with the 基本目標 printed only on its first row.
//!
//! Each indicator becomes one `kpi` record; its `grade` is the grade of its last year.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Cell, Diagnostic, Grid, Kpi, Record, Row, Value, ValueKind, YearValue};
use crate::normalize::{self, ColumnHint, ValueContext};

use super::Context;
use super::cells;
use super::summary;

/// The columns of an indicator table header.
#[derive(Debug, Clone, Default)]
struct Columns {
    /// `KPI` or `数値目標`.
    level: &'static str,
    /// The indicator name column.
    name: Option<u32>,
    /// 基本目標 (flat shape).
    goal: Option<u32>,
    /// 年度 (yearly shape).
    year: Option<u32>,
    /// `基準値⇒R1目標値` (yearly shape).
    spec: Option<u32>,
    /// 基準値 (flat shape).
    baseline: Option<u32>,
    /// 目標値, with the year of its era prefix (`R1 目標値`).
    target: Option<(u32, Option<i32>)>,
    /// 実績値.
    actual: Option<u32>,
    /// 進捗度 / 評価.
    grade: Option<u32>,
}

static YEAR_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:H|R|S|平成|令和)(?:[0-9]{1,2}|元))(?:年度?)?")
        .unwrap_or_else(|_| unreachable!())
});

/// A year label alone in a cell: `H27`, `R1`, `令和元年度`.
static YEAR_CELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:H|R|S|平成|令和)(?:[0-9]{1,2}|元)(?:年度?)?$")
        .unwrap_or_else(|_| unreachable!())
});

/// The Gregorian year of an era label.
fn era_year(text: &str) -> Option<i32> {
    let context = ValueContext { hint: Some(ColumnHint::Year), ..ValueContext::default() };
    normalize::parse(text, &context).value.year
}

/// Reads a header row's labels into columns; `None` unless it has a name, 目標値 and 実績値.
fn columns_of(row: &Row) -> Option<Columns> {
    let mut columns = Columns::default();
    for cell in &row.cells {
        let key = cells::key(cell);
        let col = cell.col;
        if key.starts_with("重要業績評価指標") || key == "KPI" {
            (columns.name, columns.level) = (Some(col), "KPI");
        } else if key == "数値目標" {
            (columns.name, columns.level) = (Some(col), "数値目標");
        } else if key == "基本目標" {
            columns.goal = Some(col);
        } else if key == "年度" {
            columns.year = Some(col);
        } else if key.contains("基準値") && key.contains("目標値") {
            columns.spec = Some(col);
        } else if key == "基準値" {
            columns.baseline = Some(col);
        } else if key.ends_with("目標値") {
            let year =
                YEAR_PREFIX.captures(key).and_then(|c| c.get(1)).and_then(|m| era_year(m.as_str()));
            columns.target = Some((col, year));
        } else if key == "実績値" || key == "実績" {
            columns.actual = Some(col);
        } else if key == "進捗度" || key == "評価" {
            columns.grade = Some(col);
        }
    }
    let complete = columns.name.is_some() && columns.target.is_some() && columns.actual.is_some();
    let shaped = columns.year.is_some() || columns.baseline.is_some();
    (complete && shaped).then_some(columns)
}

/// Recognizes an indicator table header and reads the table under it.
pub(crate) fn recognize(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let columns = columns_of(grid.rows.get(start)?)?;
    ctx.sheet.last_level = Some(columns.level);
    let consumed = if columns.year.is_some() {
        read_yearly(ctx, grid, &columns, start)
    } else {
        read_flat(ctx, grid, &columns, start)
    };
    Some(1 + consumed)
}

/// Offsets of target, actual and grade right of the year column, from the header.
fn offsets(columns: &Columns) -> [u32; 3] {
    let year = columns.year.unwrap_or(0);
    let right = |col: Option<u32>, default: u32| {
        col.and_then(|c| c.checked_sub(year)).filter(|d| *d > 0).unwrap_or(default)
    };
    [right(columns.target.map(|t| t.0), 1), right(columns.actual, 2), right(columns.grade, 3)]
}

/// The KPI being read, with what is needed to finish it.
struct Open {
    kpi: Kpi,
    last_year: Option<i32>,
}

/// Reads the name rows and year rows of a yearly block; returns the rows consumed.
fn read_yearly(ctx: &mut Context, grid: &Grid, columns: &Columns, start: usize) -> usize {
    let mut open: Option<Open> = None;
    let mut realigned = false;
    let mut index = start + 1;
    while let Some(row) = grid.rows.get(index) {
        if row.cells.is_empty() {
            let note_follows = open.is_some() && starred_note_follows(grid, index);
            if !year_row_follows(grid, index) && !note_follows {
                break;
            }
        } else if let Some(year_cell) = year_cell(row) {
            if !realigned && shifted(columns, row, year_cell) {
                realigned = true;
                ctx.diagnostics.push(Diagnostic::warning(
                    "extract.column_realigned",
                    "the indicator rows are shifted against their header; cells were assigned by content, anchored on the year cell",
                    grid.location(row, year_cell),
                ));
            }
            read_year_row(ctx, grid, columns, row, year_cell, &mut open);
        } else if is_note_row(row) {
            keep_note(ctx, grid, row, open.as_mut());
        } else {
            break;
        }
        index += 1;
    }
    finish(ctx, open);
    index - start - 1
}

/// Whether a row's year or name sits in another column than its header label.
fn shifted(columns: &Columns, row: &Row, year_cell: &Cell) -> bool {
    let name_col = row.cells.first().map(|c| c.col).filter(|c| *c < year_cell.col);
    columns.year.is_some_and(|c| c != year_cell.col)
        || name_col.zip(columns.name).is_some_and(|(data, header)| data != header)
}

/// Whether the next non-blank row after `index` is a year row.
fn year_row_follows(grid: &Grid, index: usize) -> bool {
    grid.rows
        .get(index + 1..)
        .and_then(|rows| rows.iter().find(|r| !r.cells.is_empty()))
        .is_some_and(|r| year_cell(r).is_some())
}

/// Whether a cell's text is a year label alone (`H27`, `R1`, `令和元年度`).
pub(crate) fn is_year_label(cell: &Cell) -> bool {
    YEAR_CELL.is_match(cells::key(cell))
}

/// The cell holding the row's year label.
fn year_cell(row: &Row) -> Option<&Cell> {
    row.cells.iter().find(|c| is_year_label(c))
}

/// A note under the indicator rows: `(次回調査R1)`, `※アンケート調査3年に1回実施`.
fn is_note_row(row: &Row) -> bool {
    let [cell] = row.cells.as_slice() else { return false };
    let text = cells::clean(cell);
    text.trim_start().starts_with(['※', '(', '（', '*'])
}

/// Whether the next non-blank row after `index` is a `※` note (printed after a blank line
/// under the block it explains, `※R1.7に閉館したため…`).
fn starred_note_follows(grid: &Grid, index: usize) -> bool {
    grid.rows
        .get(index + 1..)
        .and_then(|rows| rows.iter().find(|r| !r.cells.is_empty()))
        .is_some_and(|r| {
            is_note_row(r)
                && r.cells.first().is_some_and(|c| cells::clean(c).trim_start().starts_with('※'))
        })
}

/// Attaches a note row to the indicator above it (`notes`), reported as
/// `extract.lines_joined` (info); with no indicator above, keeps it for the grid's table.
fn keep_note(ctx: &mut Context, grid: &Grid, row: &Row, open: Option<&mut Open>) {
    let Some(open) = open else {
        ctx.keep_unassigned(
            grid,
            row,
            "a note row with no indicator above it; it is kept in the table",
        );
        return;
    };
    let text: Vec<&str> = row.cells.iter().map(|c| cells::clean(c).trim()).collect();
    let note = text.join(" ");
    ctx.diagnostics.push(Diagnostic::info(
        "extract.lines_joined",
        format!(
            "the note {note:?} stands under the indicator {:?}; attached to it as a note",
            open.kpi.indicator
        ),
        grid.row_location(row),
    ));
    open.kpi.notes.push(note);
}

/// One year row: a name row starts a new indicator; every row adds its year's values.
fn read_year_row(
    ctx: &mut Context,
    grid: &Grid,
    columns: &Columns,
    row: &Row,
    year_cell: &Cell,
    open: &mut Option<Open>,
) {
    let leading: Vec<&Cell> = row
        .cells
        .iter()
        .filter(|c| c.col < year_cell.col && !cells::raw(c).trim().is_empty())
        .collect();
    if !leading.is_empty() {
        finish(ctx, open.take());
        *open = start_indicator(ctx, grid, columns, row, &leading);
    }
    let Some(current) = open.as_mut() else {
        ctx.keep_unassigned(
            grid,
            row,
            "a year row with no indicator name above it; kept in the table",
        );
        return;
    };
    let year_value = parse_at(ctx, grid, row, year_cell, ColumnHint::Year, false);
    let Some(year) = year_value.year else { return };
    let fiscal = true; // the column is headed 年度.
    current.last_year = Some(year);
    let [target, actual, grade] = offsets(columns);
    let at = |offset: u32| row.cells.iter().find(|c| c.col == year_cell.col + offset);
    let entries =
        [(target, ColumnHint::Numeric), (actual, ColumnHint::Numeric), (grade, ColumnHint::Grade)];
    for (slot, (offset, hint)) in entries.into_iter().enumerate() {
        let Some(cell) = at(offset).filter(|c| !cells::raw(c).trim().is_empty()) else {
            continue;
        };
        let mut value = parse_at(ctx, grid, row, cell, hint, true);
        if hint == ColumnHint::Grade {
            dash_note(ctx, columns.level, &mut value);
        }
        let entry = YearValue { year, fiscal, value };
        match slot {
            0 => current.kpi.targets.push(entry),
            1 => current.kpi.actuals.push(entry),
            _ => current.kpi.progress.push(entry),
        }
    }
}

/// Gives a dash grade the meaning its legend states (`集計中`, `現時点では判断が困難`).
fn dash_note(ctx: &Context, level: &str, value: &mut Value) {
    if value.kind == ValueKind::Grade && value.grade.as_deref() == Some("—") && value.note.is_none()
    {
        value.note = ctx.sheet.dash_note(level).map(str::to_owned);
    }
}

/// Parses a cell with a hint, at its location; normalize issues become diagnostics.
fn parse_at(
    ctx: &mut Context,
    grid: &Grid,
    row: &Row,
    cell: &Cell,
    hint: ColumnHint,
    report: bool,
) -> Value {
    let context = ValueContext { hint: Some(hint), ..ValueContext::default() };
    let parsed = normalize::parse_cell(&cell.content, &context);
    let at = grid.location(row, cell);
    if report {
        ctx.report_issues(&parsed.issues, &at);
    }
    parsed.value.at(at)
}

/// A new indicator from the cells left of the year: the one holding `▼` is `baseline ▼
/// target`, the other is the name.
fn start_indicator(
    ctx: &mut Context,
    grid: &Grid,
    columns: &Columns,
    row: &Row,
    leading: &[&Cell],
) -> Option<Open> {
    let has_arrow = |c: &&&Cell| cells::raw(c).contains('▼');
    let spec = leading.iter().find(has_arrow).copied();
    let mut others = leading.iter().filter(|c| !has_arrow(c)).copied();
    let name_cell = others.next();
    let spec = spec.or_else(|| others.next());
    let Some(name_cell) = name_cell else {
        ctx.keep_unassigned(
            grid,
            row,
            "an indicator row with a baseline and target but no name; kept in the table",
        );
        return None;
    };
    let provenance = grid.location(row, name_cell);
    let (baseline, target) = spec.map(|cell| split_spec(ctx, grid, row, cell)).unwrap_or_default();
    let kpi = Kpi {
        common: ctx.common("kpi", provenance),
        indicator: cells::clean(name_cell).to_owned(),
        level: Some(columns.level.to_owned()),
        baseline,
        target,
        ..Kpi::default()
    };
    Some(Open { kpi, last_year: None })
}

/// Splits `baseline ▼ target` (or `baseline ▼ original ▼ revised`). A cell without `▼` is
/// read as the target, and the missing baseline is reported.
fn split_spec(
    ctx: &mut Context,
    grid: &Grid,
    row: &Row,
    cell: &Cell,
) -> (Option<Value>, Option<Value>) {
    let raw = cell.content.to_raw_text();
    let at = grid.location(row, cell);
    let parse = |ctx: &mut Context, part: &str| -> Option<Value> {
        let part = part.trim();
        if part.is_empty() {
            return None;
        }
        let context = ValueContext { hint: Some(ColumnHint::Numeric), ..ValueContext::default() };
        let parsed = normalize::parse(part, &context);
        ctx.report_issues(&parsed.issues, &at);
        Some(parsed.value.at(at.clone()))
    };
    let parts: Vec<&str> = raw.split('▼').collect();
    match parts.as_slice() {
        [only] => {
            ctx.diagnostics.push(Diagnostic::info(
                "extract.flattened_ambiguous",
                format!("{:?} has no ▼ between baseline and target; read as the target, baseline absent", only.trim()),
                at.clone(),
            ));
            (None, parse(ctx, only))
        }
        [baseline, target] => (parse(ctx, baseline), parse(ctx, target)),
        [baseline, revised @ .., last] => {
            let mut target = parse(ctx, last);
            let originals: Vec<Value> = revised
                .iter()
                .filter_map(|p| parse(ctx, p))
                .map(|mut v| {
                    v.label = Some("当初".to_owned());
                    v
                })
                .collect();
            if let Some(target) = target.as_mut() {
                target.parts.extend(originals);
            }
            (parse(ctx, baseline), target)
        }
        [] => (None, None),
    }
}

/// Finishes an indicator: its grade is the progress grade of its last year.
fn finish(ctx: &mut Context, open: Option<Open>) {
    let Some(Open { mut kpi, last_year }) = open else { return };
    kpi.grade = last_year
        .and_then(|year| kpi.progress.iter().find(|p| p.year == year))
        .map(|p| p.value.clone());
    ctx.push(Record::Kpi(kpi));
}

/// Reads a flat 数値目標 table; returns the rows consumed. The sections it opens for its
/// 基本目標 cells are closed after it.
fn read_flat(ctx: &mut Context, grid: &Grid, columns: &Columns, start: usize) -> usize {
    let mut index = start + 1;
    while let Some(row) = grid.rows.get(index) {
        if row.cells.is_empty() || super::is_boundary(row) {
            break;
        }
        read_flat_row(ctx, grid, columns, row);
        index += 1;
    }
    ctx.sections.close_all();
    index - start - 1
}

/// One row of a flat 数値目標 table.
fn read_flat_row(ctx: &mut Context, grid: &Grid, columns: &Columns, row: &Row) {
    let cell_at = |col: Option<u32>| {
        col.and_then(|c| {
            row.cells.iter().find(|cell| cell.col == c && !cells::raw(cell).trim().is_empty())
        })
    };
    if let Some(goal) = cell_at(columns.goal) {
        summary::open_goal(ctx, grid, row, cells::raw(goal));
    }
    let Some(name) = cell_at(columns.name) else {
        ctx.keep_unread(grid, row);
        return;
    };
    let mut value_of =
        |col: Option<u32>, hint| cell_at(col).map(|c| parse_at(ctx, grid, row, c, hint, true));
    let baseline = value_of(columns.baseline, ColumnHint::Numeric);
    let target = value_of(columns.target.map(|t| t.0), ColumnHint::Numeric);
    let actual = value_of(columns.actual, ColumnHint::Numeric);
    let mut grade = value_of(columns.grade, ColumnHint::Grade);
    if let Some(grade) = grade.as_mut() {
        dash_note(ctx, columns.level, grade);
    }
    let year = columns.target.and_then(|t| t.1);
    let yearly = |value: Option<Value>| -> Vec<YearValue> {
        match (year, value) {
            (Some(year), Some(value)) => vec![YearValue { year, fiscal: true, value }],
            _ => Vec::new(),
        }
    };
    let kpi = Kpi {
        common: ctx.common("kpi", grid.location(row, name)),
        indicator: cells::clean(name).to_owned(),
        level: Some(columns.level.to_owned()),
        baseline,
        target,
        actuals: yearly(actual),
        progress: yearly(grade.clone()),
        grade,
        ..Kpi::default()
    };
    ctx.push(Record::Kpi(kpi));
}
