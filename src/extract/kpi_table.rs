//! KPI / 数値目標 tables with edition bands: a header whose indicator columns
//! (`重要業績評価指標 (KPI)`, `第2期 KPI`, `第3期 (R7-11) 数値目標`) each open a **band** that
//! holds the value columns up to the next band (基準値, 実績, 目標値, 評価, 担当課), then one row
//! per indicator holding one record per band.
//!
//! The two halves of a row are different indicators (the 第2期 result and the 第3期 draft), so
//! each band gives its own `kpi` record with the band's `phase`. Data cells are assigned to
//! the band whose column range holds them, then to roles **by content and order** — name,
//! values in header order, grade, department — never by index; a shift against the header is
//! reported as `extract.column_realigned`. Whole-cell markers (`削除`, `2(1)へ移動`) in a band
//! become markers on the record of the band before it. Rows continue the record above when
//! they hold values without a name; cells pushed into the next band are given back
//! (`extract.column_realigned`). A header missing value columns borrows the last complete
//! layout of the same edition (reported as `extract.header_missing`). Stacked rows (one header
//! and several KPIs per cell) are read by [`stacked`].

use crate::model::{
    Cell, Diagnostic, Grid, Kpi, Location, Marker, MarkerKind, Record, RecordCommon, Row, Table,
    Value, YearValue,
};
use crate::normalize::{self, ColumnHint, ValueContext};

use super::cells::{clean_text, split_list};
use super::edition::{cells_of, is_department, leading_marker, phase_of, plain, report};
use super::header::{self, Role};
use super::sections::Level;
use super::vocab::{self, compact};
use super::{Context, stacked};

/// The role and era year a header label names.
type LabelRole = (Role, Option<i32>);

/// What a value column of a band holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SlotRole {
    /// 基準値.
    Baseline,
    /// 実績 of one year.
    Actual,
    /// 目標値.
    Target,
}

/// One value column of a band.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Slot {
    /// 1-based column of its header cell.
    pub(crate) col: u32,
    /// What it holds.
    pub(crate) role: SlotRole,
    /// The year its header names (`R2実績` → 2020).
    pub(crate) year: Option<i32>,
}

/// The value columns of a complete KPI header of one edition, and where that header is: lent
/// to a later header of the same edition that lacks them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    /// The value columns.
    pub(crate) slots: Vec<Slot>,
    /// The header row they were read from.
    pub(crate) at: Location,
}

/// One edition's part of a KPI header.
#[derive(Debug, Clone, PartialEq)]
struct Band {
    /// First column (the indicator column).
    start: u32,
    /// First column of the next band.
    end: u32,
    /// `第2期`, `第3期`.
    phase: Option<String>,
    /// `数値目標` or `KPI`.
    level: &'static str,
    /// The value columns, left to right.
    slots: Vec<Slot>,
    /// The header row the value columns were read from (for a borrowed layout, the lender).
    at: Option<Location>,
}

/// The cells of one band of one data row, classified by content.
#[derive(Debug, Default)]
struct Reading<'a> {
    name: Option<(&'a Cell, String)>,
    markers: Vec<Marker>,
    values: Vec<&'a Cell>,
    grade: Option<&'a Cell>,
    departments: Option<&'a Cell>,
    /// A header word (`R6目標値`) was written in the data row: the values follow on the
    /// next row.
    header_words: bool,
}

/// Recognizes a banded KPI header at `grid.rows[start]` and reads the rows under it.
pub(crate) fn recognize(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let row = grid.rows.get(start)?;
    if let Some(consumed) = stacked::read_row(ctx, grid, row) {
        return Some(consumed);
    }
    let mut bands = bands_of(row)?;
    for band in &mut bands {
        band.at = Some(grid.row_location(row));
    }
    let rows = grid.rows.get(start + 1..).unwrap_or_default();
    Some(1 + read_block(ctx, grid, &bands, rows))
}

/// Whether a row is a banded KPI header (used by other recognizers as a block boundary).
pub(crate) fn is_header(row: &Row) -> bool {
    bands_of(row).is_some()
}

/// The bands of a header row, or `None` when it is not a KPI header.
fn bands_of(row: &Row) -> Option<Vec<Band>> {
    let cells: Vec<&Cell> = cells_of(row).collect();
    if cells.iter().any(|c| plain(c).starts_with('【')) {
        return None;
    }
    let labelled: Vec<(&Cell, Option<LabelRole>)> =
        cells.iter().map(|c| (*c, header::cell_label_role(c))).collect();
    if labelled.iter().filter(|(_, r)| r.is_some()).count() < header::MIN_HEADER_LABELS
        || labelled.iter().any(|(_, r)| matches!(r, Some((Role::ProjectName, _))))
    {
        return None;
    }
    let mut bands: Vec<Band> = Vec::new();
    for (cell, role) in labelled {
        add_header_cell(&mut bands, cell, role);
    }
    let starts: Vec<u32> = bands.iter().skip(1).map(|b| b.start).chain([u32::MAX]).collect();
    for (band, end) in bands.iter_mut().zip(starts) {
        band.end = end;
    }
    if let Some(first) = bands.first_mut() {
        first.start = 1;
    }
    bands.iter().any(|b| !b.slots.is_empty()).then_some(bands)
}

/// Adds one header cell: an indicator column opens a band (adjacent indicator columns share
/// one), a value column joins the open band.
fn add_header_cell(bands: &mut Vec<Band>, cell: &Cell, role: Option<LabelRole>) {
    let text = plain(cell);
    let compacted = compact(text).into_owned();
    let phase = phase_of(text);
    let names_indicator = matches!(role, Some((Role::Kpi | Role::GoalIndicator, _)))
        || (phase.is_some()
            && (compacted.ends_with(vocab::KPI) || compacted.ends_with(vocab::GOAL_INDICATOR)));
    if names_indicator {
        let level = if compacted.contains(vocab::GOAL_INDICATOR) { "数値目標" } else { "KPI" };
        match bands.last_mut() {
            Some(band) if band.slots.is_empty() => {
                band.phase = band.phase.take().or(phase);
            }
            _ => {
                bands.push(Band {
                    start: cell.col,
                    end: u32::MAX,
                    phase,
                    level,
                    slots: Vec::new(),
                    at: None,
                });
            }
        }
        return;
    }
    let Some(band) = bands.last_mut() else { return };
    let slot_role = match role {
        Some((Role::Baseline, _)) => SlotRole::Baseline,
        Some((Role::Actual, _)) => SlotRole::Actual,
        Some((Role::Target, _)) => SlotRole::Target,
        _ => return,
    };
    let year = role.and_then(|(_, y)| y);
    band.slots.push(Slot { col: cell.col, role: slot_role, year });
}

/// Reads the data rows under a header until the next header, heading or single-cell row.
/// Returns how many rows it consumed.
fn read_block(ctx: &mut Context, grid: &Grid, bands: &[Band], rows: &[Row]) -> usize {
    let bands: Vec<Band> = bands.iter().map(|b| complete_layout(ctx, b)).collect();
    let mut open: Vec<Option<usize>> = vec![None; bands.len()];
    let mut consumed = 0;
    for row in rows {
        let cells: Vec<&Cell> = cells_of(row).collect();
        if cells.is_empty() || is_separator(&cells) {
            consumed += 1;
            continue;
        }
        if cells.len() < 2 || ends_block(row) {
            break;
        }
        consumed += 1;
        read_row(ctx, grid, &bands, row, &mut open);
    }
    consumed
}

/// A row every non-empty cell of which is a run of dashes (a markdown separator).
fn is_separator(cells: &[&Cell]) -> bool {
    cells.iter().all(|c| {
        let text = plain(c);
        text.len() >= 2 && text.chars().all(|ch| ch == '-')
    })
}

/// Whether a row ends a KPI block: a heading, a header, a measure header or an edition
/// label row (`第2期 (R2-6)` … `第3期 (経営戦略課作成案)`).
fn ends_block(row: &Row) -> bool {
    if super::is_boundary(row) || is_header(row) {
        return true;
    }
    let texts: Vec<&str> = cells_of(row).map(plain).collect();
    texts
        .iter()
        .any(|t| t.starts_with('【') || t.starts_with("施策大項目") || t.starts_with("基本目標"))
        || texts.iter().all(|t| phase_of(t).is_some())
}

/// A band whose header lacks value columns (the label row of a split header) borrows the
/// last complete layout of its edition, which is reported; a complete one is remembered.
fn complete_layout(ctx: &mut Context, band: &Band) -> Band {
    let key = band.phase.clone().unwrap_or_default();
    let known = ctx.kpi_layouts.get(&key).filter(|l| l.slots.len() > band.slots.len()).cloned();
    if let Some(layout) = known {
        if let Some(at) = band.at.clone() {
            borrowed_layout(ctx, band, &layout, at);
        }
        return Band { slots: layout.slots, at: Some(layout.at), ..band.clone() };
    }
    if let (true, Some(at)) =
        (band.slots.iter().any(|s| s.role == SlotRole::Baseline), band.at.clone())
    {
        ctx.kpi_layouts.insert(key, Layout { slots: band.slots.clone(), at });
    }
    band.clone()
}

/// Reports a header read with the value columns of an earlier header of its edition.
fn borrowed_layout(ctx: &mut Context, band: &Band, layout: &Layout, mut at: Location) {
    let edition = band.phase.as_deref().unwrap_or("KPI");
    if at.line.is_some() {
        at.col = Some(band.start);
    }
    ctx.diagnostics.push(Diagnostic::warning(
        "extract.header_missing",
        format!(
            "the {edition} {} header names {} of its {} value columns; the values under it are \
             read with the columns of the {edition} header at {}",
            band.level,
            band.slots.len(),
            layout.slots.len(),
            layout.at,
        ),
        at,
    ));
}

/// Reads one data row: one reading per band, then the records.
fn read_row(ctx: &mut Context, grid: &Grid, bands: &[Band], row: &Row, open: &mut [Option<usize>]) {
    let section = kpi_section(ctx, bands.first().map_or("KPI", |b| b.level));
    let mut readings: Vec<Reading> =
        bands.iter().map(|b| classify(row, b, section.as_deref())).collect();
    let mut created: Vec<Option<usize>> = vec![None; bands.len()];
    for (index, band) in bands.iter().enumerate() {
        let Some(reading) = readings.get_mut(index) else { continue };
        let reading = std::mem::take(reading);
        let previous = index.checked_sub(1).and_then(|i| created.get(i).copied().flatten());
        let record =
            place(ctx, grid, band, row, reading, previous, open.get(index).copied().flatten());
        if let Some(slot) = created.get_mut(index) {
            *slot = record.created;
        }
        if let Some(slot) = open.get_mut(index) {
            *slot = record.awaiting;
        }
    }
}

/// What placing one band's reading produced.
struct Placed {
    /// The record created for this band, if any.
    created: Option<usize>,
    /// A record waiting for its values on the next row.
    awaiting: Option<usize>,
}

/// Places one band's reading: a new record, markers on the record of the band before, cells
/// given back to that record, a continuation of the record above, or an unassigned row.
fn place(
    ctx: &mut Context,
    grid: &Grid,
    band: &Band,
    row: &Row,
    reading: Reading,
    previous: Option<usize>,
    awaiting: Option<usize>,
) -> Placed {
    let none = Placed { created: None, awaiting: None };
    if reading.name.is_some() {
        let header_words = reading.header_words && reading.values.is_empty();
        let index = new_record(ctx, grid, band, row, reading);
        return Placed { created: Some(index), awaiting: header_words.then_some(index) };
    }
    if !reading.markers.is_empty() {
        attach_markers(ctx, grid, row, previous, reading.markers);
        return none;
    }
    if reading.values.is_empty() && reading.grade.is_none() && reading.departments.is_none() {
        return none;
    }
    if let (Some(index), true) = (previous, band.slots.is_empty() || reading.grade.is_some()) {
        give_back(ctx, grid, row, index, &reading);
        return none;
    }
    if let Some(index) = awaiting {
        fill(ctx, grid, band, row, index, &reading, false);
        return none;
    }
    unassigned(ctx, grid, row, band, &reading);
    none
}

/// The section a KPI row belongs to: the open 施策 (or 基本目標 for 数値目標), not a measure.
pub(crate) fn kpi_section(ctx: &Context, level: &str) -> Option<String> {
    let policy = ctx.sections.open_at(Level::Policy);
    let goal = ctx.sections.open_at(Level::Goal);
    let id = if level == "数値目標" { goal.or(policy) } else { policy.or(goal) };
    id.or(ctx.sections.current_id()).map(str::to_owned)
}

/// Classifies the cells of one band by content.
fn classify<'a>(row: &'a Row, band: &Band, section: Option<&str>) -> Reading<'a> {
    let mut reading = Reading::default();
    for cell in cells_of(row).filter(|c| c.col >= band.start && c.col < band.end) {
        let text = plain(cell);
        if let Some((marker, rest)) = leading_marker(text, section) {
            if !reading.markers.iter().any(|m| m.kind == marker.kind) {
                reading.markers.push(marker);
            }
            if !rest.is_empty() && reading.name.is_none() {
                reading.name = Some((cell, rest));
            }
            continue;
        }
        if header::label_role(text).is_some() {
            reading.header_words = true;
            continue;
        }
        if is_grade(text) {
            reading.grade = Some(cell);
        } else if is_department(text) {
            reading.departments = Some(cell);
        } else if reading.name.is_none() && reading.values.is_empty() && is_name(text) {
            reading.name = Some((cell, text.to_owned()));
        } else {
            reading.values.push(cell);
        }
    }
    reading
}

/// The closed grade scale of these sheets (A+ / A- / B / C, and A, D, S).
fn is_grade(text: &str) -> bool {
    let folded = normalize::fold_text(text);
    matches!(folded.trim(), "A+" | "A-" | "A" | "B" | "C" | "D" | "S")
}

/// Whether a cell reads as an indicator name rather than a value.
fn is_name(text: &str) -> bool {
    let numeric = ValueContext { hint: Some(ColumnHint::Numeric), ..ValueContext::default() };
    let parsed = normalize::parse(text, &numeric).value;
    parsed.kind == crate::model::ValueKind::Text && !text.trim_start().starts_with(['+', '△', '▲'])
}

/// A new `kpi` record for one band of a row.
fn new_record(ctx: &mut Context, grid: &Grid, band: &Band, row: &Row, reading: Reading) -> usize {
    let Some((name_cell, name)) = reading.name else { return ctx.records.len() };
    let at = grid.location(row, name_cell);
    super::names::note(ctx, &name, &at);
    let deleted_synonym = reading.markers.iter().any(|m| m.raw == "削減");
    let kpi = Kpi {
        common: RecordCommon {
            section: kpi_section(ctx, band.level),
            markers: reading.markers.clone(),
            ..ctx.common("kpi", at)
        },
        indicator: clean_text(&name),
        level: Some(band.level.to_owned()),
        phase: band.phase.clone(),
        ..Kpi::default()
    };
    let index = ctx.records.len();
    ctx.push(Record::Kpi(kpi));
    if deleted_synonym {
        delete_synonym(ctx, grid.location(row, name_cell));
    }
    let rest = Reading { name: None, markers: Vec::new(), ..reading };
    fill(ctx, grid, band, row, index, &rest, false);
    index
}

/// Reports 削減 read as 削除.
fn delete_synonym(ctx: &mut Context, at: Location) {
    ctx.diagnostics.push(Diagnostic::warning(
        "extract.delete_synonym",
        "削減 is used like 削除 (the KPI is dropped from the 第3期), not as a reduction target",
        at,
    ));
}

/// Adds markers found in a band with no name (`削除 削除 削除`, `2(1)へ移動`) to the record
/// of the band before it in the same row: the 第3期 half says what became of the 第2期 KPI.
fn attach_markers(
    ctx: &mut Context,
    grid: &Grid,
    row: &Row,
    previous: Option<usize>,
    markers: Vec<Marker>,
) {
    let at = grid.row_location(row);
    if markers.iter().any(|m| m.kind == MarkerKind::Deleted && m.raw == "削減") {
        delete_synonym(ctx, at.clone());
    }
    let target = previous.and_then(|i| ctx.records.get_mut(i));
    if let Some(Record::Kpi(kpi)) = target {
        kpi.common.markers.extend(markers);
    } else {
        ctx.diagnostics.push(Diagnostic::warning(
            "extract.row_unassigned",
            "a change marker with no indicator to attach it to",
            at,
        ));
    }
}

/// Cells pushed into the next band (a target, grade and department with no name, where that
/// band has no grade column) go back to the record of the band before, filling its last
/// empty value slots.
fn give_back(ctx: &mut Context, grid: &Grid, row: &Row, index: usize, reading: &Reading) {
    let Some(first) = reading.values.first().or(reading.grade.as_ref()).copied() else { return };
    ctx.diagnostics.push(Diagnostic::warning(
        "extract.column_realigned",
        "cells in the next edition's columns belong to the indicator on their left (no name of \
         their own, and a grade where that edition has none); they were given back to it",
        grid.location(row, first),
    ));
    let Some((slots, at)) = record_layout(ctx, index) else { return };
    let band = Band { slots, at: Some(at), ..Band::placeholder() };
    fill(ctx, grid, &band, row, index, reading, true);
}

impl Band {
    /// A band with no columns, for filling a record from borrowed slots.
    fn placeholder() -> Band {
        Band { start: 1, end: u32::MAX, phase: None, level: "KPI", slots: Vec::new(), at: None }
    }
}

/// The slots of a record not filled yet, from the layout of its edition, and the header
/// they come from.
fn record_layout(ctx: &Context, index: usize) -> Option<(Vec<Slot>, Location)> {
    let Some(Record::Kpi(kpi)) = ctx.records.get(index) else { return None };
    let layout = ctx.kpi_layouts.get(kpi.phase.as_deref().unwrap_or_default())?;
    let free: Vec<Slot> = layout
        .slots
        .iter()
        .filter(|s| match s.role {
            SlotRole::Baseline => kpi.baseline.is_none(),
            SlotRole::Target => kpi.target.is_none(),
            SlotRole::Actual => !kpi.actuals.iter().any(|a| Some(a.year) == s.year),
        })
        .cloned()
        .collect();
    Some((free, layout.at.clone()))
}

/// Fills a record's values, grade and departments from a reading. With `from_right`, the
/// values fill the last slots (cells given back from the next band).
fn fill(
    ctx: &mut Context,
    grid: &Grid,
    band: &Band,
    row: &Row,
    index: usize,
    reading: &Reading,
    from_right: bool,
) {
    let assigned = assign(&band.slots, &reading.values, from_right);
    if assigned.realigned && !from_right {
        if let Some(first) = reading.values.first() {
            ctx.diagnostics.push(Diagnostic::warning(
                "extract.column_realigned",
                "values sit under other headers than their own; assigned by content and order",
                grid.location(row, first),
            ));
        }
    }
    let mut parsed = Vec::new();
    for (slot, cell) in &assigned.pairs {
        let at = grid.location(row, cell);
        let value = slot_value(ctx, slot, cell, &at, band.at.as_ref());
        parsed.push((slot.clone(), value));
    }
    let grade = reading.grade.map(|cell| grade_value(ctx, grid, row, cell));
    let departments = reading.departments.map(|c| (split_list(plain(c)), grid.location(row, c)));
    for cell in &assigned.extra {
        unplaced_cell(ctx, grid, row, cell);
    }
    let Some(Record::Kpi(kpi)) = ctx.records.get_mut(index) else { return };
    for (slot, value) in parsed {
        put(kpi, &slot, value);
    }
    let dropped = drop_shadowed_placeholders(kpi);
    if grade.is_some() {
        kpi.grade = grade;
    }
    if let Some((departments, at)) = departments {
        kpi.departments = departments;
        kpi.common.locate(crate::model::TextField::Departments, at);
    }
    for (placeholder, winner) in dropped {
        note_dropped_placeholder(&mut ctx.diagnostics, &placeholder, &winner);
    }
}

/// Drops a placeholder actual (`-`) that sits at the year of a real value which names that
/// year itself (`18,165人 (R2)` under R3実績, beside `-` under R2実績): the real value wins.
/// Real values are never dropped. Sorts the actuals by year and returns each dropped
/// placeholder with the value that displaced it.
pub(crate) fn drop_shadowed_placeholders(kpi: &mut Kpi) -> Vec<(Value, Value)> {
    let owners: Vec<(i32, Value)> = kpi
        .actuals
        .iter()
        .filter(|a| !a.value.is_missing() && a.value.year == Some(a.year))
        .map(|a| (a.year, a.value.clone()))
        .collect();
    let mut dropped = Vec::new();
    kpi.actuals.retain(|a| {
        let winner = owners.iter().find(|(year, _)| *year == a.year).map(|(_, v)| v);
        match winner {
            Some(winner) if a.value.is_missing() => {
                dropped.push((a.value.clone(), winner.clone()));
                false
            }
            _ => true,
        }
    });
    kpi.actuals.sort_by_key(|a| a.year);
    dropped
}

/// Adds to the `normalize.year_overrides_header` report of a value that it displaced a
/// placeholder of the same year.
fn note_dropped_placeholder(diagnostics: &mut [Diagnostic], placeholder: &Value, winner: &Value) {
    let column = placeholder.provenance.as_ref().map_or_else(String::new, ToString::to_string);
    let note = format!(
        "; the placeholder {:?} at {column}, dated the same year by its column, is dropped: the \
         value wins",
        placeholder.raw
    );
    let report = diagnostics.iter_mut().rev().find(|d| {
        d.code == "normalize.year_overrides_header"
            && d.provenance.as_ref() == winner.provenance.as_deref()
    });
    if let Some(report) = report {
        report.message.push_str(&note);
    }
}

/// Values paired with slots, and the cells left over.
struct Assigned<'a> {
    pairs: Vec<(Slot, &'a Cell)>,
    extra: Vec<&'a Cell>,
    realigned: bool,
}

/// Pairs values with slots in order: left-aligned (or right-aligned for cells given back);
/// when there are fewer values than slots, a value keeps the slot of its own column where
/// one is free.
fn assign<'a>(slots: &[Slot], values: &[&'a Cell], from_right: bool) -> Assigned<'a> {
    let mut pairs = Vec::new();
    let mut extra = Vec::new();
    if from_right {
        let skip = slots.len().saturating_sub(values.len());
        pairs.extend(slots.iter().skip(skip).cloned().zip(values.iter().copied()));
        extra.extend(values.iter().skip(slots.len()).copied());
        return Assigned { pairs, extra, realigned: true };
    }
    let exact = values.len() == slots.len();
    let mut next = 0;
    for cell in values {
        let own = slots.iter().position(|s| s.col == cell.col).filter(|p| *p >= next && !exact);
        let index = own.unwrap_or(next);
        match slots.get(index) {
            Some(slot) => {
                pairs.push((slot.clone(), *cell));
                next = index + 1;
            }
            None => extra.push(*cell),
        }
    }
    let realigned = pairs.iter().any(|(s, c)| s.col != c.col) || !extra.is_empty();
    Assigned { pairs, extra, realigned }
}

/// Parses a value cell for its slot, with the year rules of [`header_year`].
fn slot_value(
    ctx: &mut Context,
    slot: &Slot,
    cell: &Cell,
    at: &Location,
    header: Option<&Location>,
) -> Value {
    let numeric = ValueContext { hint: Some(ColumnHint::Numeric), ..ValueContext::default() };
    let parsed = normalize::parse_cell(&cell.content, &numeric);
    report(&mut ctx.diagnostics, parsed.issues, at);
    let mut value = parsed.value.at(at.clone());
    header_year(ctx, &mut value, slot, header);
    value
}

/// The year of a value read under a header label: a year of its own that differs from the
/// label's is reported (`normalize.year_overrides_header`); without one, a baseline or target
/// takes the label's year as a fiscal year (reported once per header, `header`), and an
/// actual gets it from its `actuals` entry.
pub(crate) fn header_year(
    ctx: &mut Context,
    value: &mut Value,
    slot: &Slot,
    header: Option<&Location>,
) {
    let own_year = value.year.or(match &value.start {
        Some(crate::model::PeriodBound::Year(y)) => Some(*y),
        _ => None,
    });
    match (own_year, slot.year) {
        (Some(own), Some(year)) if own != year => {
            let at = value.provenance.as_deref().cloned();
            ctx.diagnostics.push(Diagnostic::new(
                crate::model::Severity::Warning,
                "normalize.year_overrides_header",
                format!("the cell names its own year ({own}); the column header says {year}"),
                at,
            ));
        }
        (None, Some(year)) if !value.is_missing() => {
            if slot.role != SlotRole::Actual {
                value.year = Some(year);
                value.fiscal = Some(true);
            }
            if let Some(header) = header {
                ctx.assume_fiscal(header);
            }
        }
        _ => {}
    }
}

/// Puts a value into a record's field for its slot.
pub(crate) fn put(kpi: &mut Kpi, slot: &Slot, value: Value) {
    match slot.role {
        SlotRole::Baseline => kpi.baseline = Some(value),
        SlotRole::Target => kpi.target = Some(value),
        SlotRole::Actual => {
            let Some(header_year) = slot.year else { return };
            let year = value.year.unwrap_or(header_year);
            kpi.actuals.push(YearValue { year, fiscal: true, value });
        }
    }
}

/// The grade Value of a cell.
fn grade_value(ctx: &mut Context, grid: &Grid, row: &Row, cell: &Cell) -> Value {
    let at = grid.location(row, cell);
    let hint = ValueContext { hint: Some(ColumnHint::Grade), ..ValueContext::default() };
    let parsed = normalize::parse_cell(&cell.content, &hint);
    report(&mut ctx.diagnostics, parsed.issues, &at);
    parsed.value.at(at)
}

/// A value cell no slot is left for.
fn unplaced_cell(ctx: &mut Context, grid: &Grid, row: &Row, cell: &Cell) {
    ctx.diagnostics.push(Diagnostic::warning(
        "extract.row_unassigned",
        format!("{:?} has no column left to go to; kept as a table", plain(cell)),
        grid.location(row, cell),
    ));
    push_table(ctx, grid, row, &[cell]);
}

/// A band with values but no name and nothing above to continue: kept as a table.
fn unassigned(ctx: &mut Context, grid: &Grid, row: &Row, band: &Band, reading: &Reading) {
    let cells: Vec<&Cell> =
        reading.values.iter().copied().chain(reading.grade).chain(reading.departments).collect();
    let Some(first) = cells.first() else { return };
    ctx.diagnostics.push(Diagnostic::warning(
        "extract.row_unassigned",
        format!(
            "values in the {} columns with no indicator name; kept as a table",
            band.phase.as_deref().unwrap_or("KPI")
        ),
        grid.location(row, first),
    ));
    push_table(ctx, grid, row, &cells);
}

/// A `table` record of some cells of a row, in the current section.
pub(crate) fn push_table(ctx: &mut Context, grid: &Grid, row: &Row, cells: &[&Cell]) {
    let Some(first) = cells.first() else { return };
    let values: Vec<Option<Value>> = cells
        .iter()
        .map(|c| {
            let parsed = normalize::parse_cell(&c.content, &ValueContext::default());
            Some(parsed.value.at(grid.location(row, c)))
        })
        .collect();
    let table = Table {
        common: ctx.common("table", grid.location(row, first)),
        title: None,
        header: Vec::new(),
        rows: vec![values],
    };
    ctx.push(Record::Table(table));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ValueKind;

    fn actual(year: i32, raw: &str, own_year: Option<i32>) -> YearValue {
        let missing = raw == "-";
        let value = Value {
            raw: raw.to_owned(),
            kind: if missing { ValueKind::Missing } else { ValueKind::Quantity },
            missing: missing.then_some(true),
            year: own_year,
            ..Value::default()
        };
        YearValue { year, fiscal: true, value }
    }

    fn years_after_drop(actuals: Vec<YearValue>) -> (Vec<(i32, String)>, usize) {
        let mut kpi = Kpi { actuals, ..Kpi::default() };
        let dropped = drop_shadowed_placeholders(&mut kpi);
        (kpi.actuals.iter().map(|a| (a.year, a.value.raw.clone())).collect(), dropped.len())
    }

    // --- Placeholders displaced by a value naming their year ---

    #[test]
    fn placeholder_before_or_after_the_value_is_dropped() {
        let (years, dropped) = years_after_drop(vec![
            actual(2020, "-", None),
            actual(2020, "18,165人 (R2)", Some(2020)),
            actual(2022, "-", None),
        ]);
        assert_eq!(years, [(2020, "18,165人 (R2)".to_owned()), (2022, "-".to_owned())]);
        assert_eq!(dropped, 1);
        let (years, _) =
            years_after_drop(vec![actual(2021, "5人 (R3)", Some(2021)), actual(2021, "-", None)]);
        assert_eq!(years, [(2021, "5人 (R3)".to_owned())]);
    }

    #[test]
    fn real_values_are_never_dropped() {
        // Two real values of one year, and a value dated by its column only.
        let (years, dropped) = years_after_drop(vec![
            actual(2020, "4人", None),
            actual(2020, "5人 (R2)", Some(2020)),
            actual(2021, "-", None),
            actual(2021, "6人", None),
        ]);
        assert_eq!(years.len(), 4);
        assert_eq!(dropped, 0);
    }
}
