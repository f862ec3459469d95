//! One-cell-per-line regions: a table written one cell per line, where header tokens act as
//! field names (`第3期(R7-11) KPI`, `R11目標値`, `【施策名】`, `【施策の概要】` …) and the literal
//! token `R6担当課` closes a record; and a measure header written one label per line above
//! ordinary data rows.
//!
//! A small state machine reads the lines: an edition KPI label switches to KPI records, a
//! 【施策名】 label to measure records whose field labels follow it; a non-label line is a
//! name (it opens a record) or a value. A KPI value goes to the field named by the header
//! token right before it; a measure's values are labelled when their count matches the
//! labels. Whatever cannot be placed is left out of the record, kept in a `table` record in
//! the same section and reported as `extract.flattened_ambiguous`.

use crate::model::{
    Cell, Diagnostic, Grid, Kpi, LabelledText, Location, Marker, MarkerKind, Record, RecordCommon,
    Row, Table, Value, ValueKind,
};
use crate::normalize::{self, ColumnHint, ValueContext};

use super::Context;
use super::cells::clean_text;
use super::edition::{cells_of, is_phase_label, leading_marker, phase_of, plain, report};
use super::header::{self, Role};
use super::measure::{self, groups_of, is_label};
use super::sections::Level;
use super::vocab::{self, compact};

/// One line of the region: its row and only cell.
type Line<'a> = (&'a Row, &'a Cell, String);

/// What the lines are read as.
#[derive(Debug, Clone, PartialEq)]
enum Mode {
    /// Before any edition label.
    Idle,
    /// KPI records of an edition.
    Kpi(Option<String>),
    /// Measure records with these field labels.
    Measure(Vec<String>),
}

/// A field named by a header token: its role, its header year and the token's line.
type Field = (Role, Option<i32>, Location);

/// The record being read.
enum Open<'a> {
    /// A KPI record (index into the records) and the field the next value goes to.
    Kpi(usize, Option<Field>),
    /// A measure's name line, value lines and markers.
    Measure(Line<'a>, Vec<Line<'a>>, Vec<Marker>),
}

/// Recognizes a one-cell-per-line region starting with a header token.
pub(crate) fn recognize(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let rows = grid.rows.get(start..)?;
    let first = single(rows.first()?)?;
    if !is_token(&first.2) {
        return None;
    }
    let (lines, consumed) = run(rows);
    let texts: Vec<String> = lines.iter().map(|(_, _, t)| t.clone()).collect();
    let after = rows.get(consumed..).unwrap_or_default();
    if texts.iter().all(|t| is_label(t)) {
        if let Some(groups) = groups_of(&texts) {
            return Some(consumed + measure::read_block(ctx, grid, (&groups, &[]), after));
        }
    }
    if !names_table_fields(&texts) {
        return None;
    }
    read_lines(ctx, grid, &lines);
    Some(consumed)
}

/// Whether the lines name at least two fields, one of them a column of a KPI or measure
/// table (`R5基準値`, `R6担当課`). Labels over running text (`総括`, `主な取組`,
/// `第2期総合戦略での展開` heading prose) are not a table.
fn names_table_fields(texts: &[String]) -> bool {
    let mut tokens: Vec<&str> = texts.iter().map(String::as_str).filter(|t| is_token(t)).collect();
    tokens.sort_unstable();
    tokens.dedup();
    tokens.len() >= 2 && tokens.iter().any(|t| header::label_role(t).is_some())
}

/// The only cell of a row, with its plain text.
fn single(row: &Row) -> Option<Line<'_>> {
    let mut cells = cells_of(row);
    let cell = cells.next()?;
    cells.next().is_none().then(|| (row, cell, plain(cell).to_owned()))
}

/// A header token of these regions.
fn is_token(text: &str) -> bool {
    measure::is_known_label(text) || header::label_role(text).is_some() || is_phase_label(text)
}

/// The single-cell lines from the start, blank lines skipped, up to a row with several cells
/// or a heading. Returns the lines and how many rows they span.
fn run(rows: &[Row]) -> (Vec<Line<'_>>, usize) {
    let mut lines = Vec::new();
    let mut consumed = 0;
    for (index, row) in rows.iter().enumerate() {
        if cells_of(row).next().is_none() {
            continue;
        }
        let Some(line) = single(row) else { break };
        if super::is_boundary(row)
            || line.2.contains("施策大項目")
            || line.2.starts_with("基本目標")
        {
            break;
        }
        lines.push(line);
        consumed = index + 1;
    }
    (lines, consumed)
}

/// Runs the state machine over the lines.
fn read_lines(ctx: &mut Context, grid: &Grid, lines: &[Line<'_>]) {
    let mut mode = Mode::Idle;
    let mut open: Option<Open<'_>> = None;
    let mut unplaced: Vec<&Line<'_>> = Vec::new();
    for line in lines {
        let text = line.2.as_str();
        let compacted = compact(text).into_owned();
        if let Some(phase) =
            phase_of(text).filter(|_| is_phase_label(text) && compacted.ends_with(vocab::KPI))
        {
            close(ctx, grid, &mut open, &mode, &mut unplaced);
            mode = Mode::Kpi(Some(phase));
        } else if measure_name_label(text) {
            close(ctx, grid, &mut open, &mode, &mut unplaced);
            mode = Mode::Measure(Vec::new());
        } else if let Some((role, _)) = header::label_role(text) {
            let year = header::label_role(text).and_then(|(_, y)| y);
            let at = grid.location(line.0, line.1);
            token(ctx, grid, &mut open, &mode, &mut unplaced, (role, year, at));
        } else if is_label(text) || is_phase_label(text) {
            if let (Mode::Measure(labels), None) = (&mut mode, &open) {
                labels.push(label_text(text));
            }
        } else {
            content(ctx, grid, &mut open, &mode, &mut unplaced, line);
        }
    }
    close(ctx, grid, &mut open, &mode, &mut unplaced);
    flush_unplaced(ctx, grid, &unplaced);
}

/// `【施策名】` / `【具体的な施策】`.
fn measure_name_label(text: &str) -> bool {
    matches!(label_text(text).as_str(), "施策名" | "具体的な施策")
}

/// A bracketed label without brackets and as-of note.
fn label_text(text: &str) -> String {
    let compacted = compact(text).into_owned();
    let inner = compacted.trim_start_matches('【').trim_end_matches('】');
    let end = inner.find(['(', '（']).unwrap_or(inner.len());
    inner.get(..end).unwrap_or(inner).to_owned()
}

/// A header token: a department token closes the record; a value token names the field of
/// the next value.
fn token<'a>(
    ctx: &mut Context,
    grid: &Grid,
    open: &mut Option<Open<'a>>,
    mode: &Mode,
    unplaced: &mut Vec<&'a Line<'a>>,
    (role, year, at): Field,
) {
    match (role, open.as_mut()) {
        (Role::Department, _) => close(ctx, grid, open, mode, unplaced),
        (Role::Baseline | Role::Target, Some(Open::Kpi(_, field))) => {
            *field = Some((role, year, at));
        }
        _ => {}
    }
}

/// A content line: a name opens a record, a value goes to its field or is unplaced.
fn content<'a>(
    ctx: &mut Context,
    grid: &Grid,
    open: &mut Option<Open<'a>>,
    mode: &Mode,
    unplaced: &mut Vec<&'a Line<'a>>,
    line: &'a Line<'a>,
) {
    let section = ctx.sections.open_at(Level::Policy).map(str::to_owned);
    let marker = leading_marker(&line.2, section.as_deref()).filter(|(_, rest)| rest.is_empty());
    match (mode, open.as_mut()) {
        (Mode::Measure(_), Some(Open::Measure(_, values, markers))) => match marker {
            Some((marker, _)) => markers.push(marker),
            None => values.push(line.clone()),
        },
        (Mode::Measure(_), None) => {
            *open = Some(Open::Measure(line.clone(), Vec::new(), Vec::new()));
        }
        (Mode::Kpi(phase), current) if !is_value(&line.2) => {
            let _ = current;
            close(ctx, grid, open, mode, unplaced);
            let index = new_kpi(ctx, grid, line, phase.clone());
            *open = Some(Open::Kpi(index, None));
        }
        (Mode::Kpi(_), Some(Open::Kpi(index, field @ Some(_)))) => {
            let role = field.take();
            set_kpi_value(ctx, grid, *index, role, line);
        }
        _ => unplaced.push(line),
    }
}

/// Whether a line is a value rather than a name.
fn is_value(text: &str) -> bool {
    let numeric = ValueContext { hint: Some(ColumnHint::Numeric), ..ValueContext::default() };
    text.trim_start().starts_with(|c: char| c.is_ascii_digit() || "+△▲".contains(c))
        || normalize::parse(text, &numeric).value.kind != ValueKind::Text
}

/// A new `kpi` record from a name line.
fn new_kpi(ctx: &mut Context, grid: &Grid, line: &Line<'_>, phase: Option<String>) -> usize {
    let (row, cell, text) = line;
    super::names::note(ctx, text, &grid.location(row, cell));
    let kpi = Kpi {
        common: RecordCommon {
            section: policy_section(ctx),
            ..ctx.common("kpi", grid.location(row, cell))
        },
        indicator: clean_text(text),
        level: Some("KPI".to_owned()),
        phase,
        ..Kpi::default()
    };
    ctx.push(Record::Kpi(kpi));
    ctx.records.len() - 1
}

/// The open 施策 section, else the innermost one.
fn policy_section(ctx: &Context) -> Option<String> {
    ctx.sections.open_at(Level::Policy).or(ctx.sections.current_id()).map(str::to_owned)
}

/// A value line after a `R5基準値` / `R11目標値` token; without a year of its own it takes the
/// token's, as a fiscal year (reported once per token).
fn set_kpi_value(
    ctx: &mut Context,
    grid: &Grid,
    index: usize,
    field: Option<Field>,
    line: &Line<'_>,
) {
    let (row, cell, _) = line;
    let at = grid.location(row, cell);
    let numeric = ValueContext { hint: Some(ColumnHint::Numeric), ..ValueContext::default() };
    let parsed = normalize::parse_cell(&cell.content, &numeric);
    report(&mut ctx.diagnostics, parsed.issues, &at);
    let mut value = parsed.value.at(at);
    let Some((role, year, token_at)) = field else { return };
    if let (None, Some(year), false) = (value.year, year, value.is_missing()) {
        value.year = Some(year);
        value.fiscal = Some(true);
        ctx.assume_fiscal(&token_at);
    }
    let Some(Record::Kpi(kpi)) = ctx.records.get_mut(index) else { return };
    match role {
        Role::Baseline => kpi.baseline = Some(value),
        Role::Target => kpi.target = Some(value),
        _ => {}
    }
}

/// Closes the open record: a measure is written (labelled when its values match the labels).
fn close<'a>(
    ctx: &mut Context,
    grid: &Grid,
    open: &mut Option<Open<'a>>,
    mode: &Mode,
    unplaced: &mut Vec<&'a Line<'a>>,
) {
    let Some(Open::Measure(name, values, markers)) = open.take() else { return };
    let labels = match mode {
        Mode::Measure(labels) => labels.clone(),
        _ => Vec::new(),
    };
    let placed = values.len() == labels.len();
    let fields = if placed {
        labels
            .iter()
            .zip(&values)
            .map(|(label, (row, cell, text))| {
                LabelledText::new(label.clone(), clean_text(text), grid.location(row, cell))
            })
            .collect()
    } else {
        Vec::new()
    };
    write_measure(ctx, grid, &name, fields, markers);
    if !placed {
        flush_unplaced(ctx, grid, &values.iter().collect::<Vec<_>>());
    }
    let _ = unplaced;
}

/// A `measure` record and its section; a deleted measure is the 第2期 one.
fn write_measure(
    ctx: &mut Context,
    grid: &Grid,
    name: &Line<'_>,
    fields: Vec<LabelledText>,
    markers: Vec<Marker>,
) {
    let (row, cell, text) = name;
    let at = grid.location(row, cell);
    super::names::note(ctx, text, &at);
    let title = clean_text(text);
    let mut chars = title.chars();
    let (number, title) = match chars.next() {
        Some(c) if ('①'..='⑳').contains(&c) => {
            (Some(c.to_string()), chars.as_str().trim().to_owned())
        }
        _ => (None, title.clone()),
    };
    let deleted = markers.iter().any(|m| m.kind == MarkerKind::Deleted);
    let phase = if deleted { "第2期" } else { "第3期" };
    let draft = measure::Draft {
        number,
        title,
        phase: phase.to_owned(),
        departments: Vec::new(),
        departments_at: None,
    };
    measure::push(ctx, at, draft, markers, fields);
}

/// Lines that could not be placed: one `table` record and a diagnostic.
fn flush_unplaced(ctx: &mut Context, grid: &Grid, lines: &[&Line<'_>]) {
    let Some((first_row, first_cell, _)) = lines.first() else { return };
    let at: Location = grid.location(first_row, first_cell);
    ctx.diagnostics.push(Diagnostic::warning(
        "extract.flattened_ambiguous",
        format!(
            "{} line(s) of a one-cell-per-line region cannot be placed in a field",
            lines.len()
        ),
        at.clone(),
    ));
    let rows: Vec<Vec<Option<Value>>> = lines
        .iter()
        .map(|(row, cell, _)| {
            let parsed = normalize::parse_cell(&cell.content, &ValueContext::default());
            vec![Some(parsed.value.at(grid.location(row, cell)))]
        })
        .collect();
    let table = Table { common: ctx.common("table", at), title: None, header: Vec::new(), rows };
    ctx.push(Record::Table(table));
}
