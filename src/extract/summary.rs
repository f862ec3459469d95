//! 総括シート (summary sheets) around the KPI blocks: sheet titles, the labelled sheet fields
//! (基本目標名, 施策の基本的方向, 施策名, 施策詳細, 交付金, 施策の総括, KPIの総括, 課題,
//! 次期総合戦略の展開), grade legends, and grade-count tables.
//!
//! Everything is recognized by its label words. Sheet fields become the sections (基本目標 →
//! 施策の基本的方向 → 施策名) and one `measure` record per sheet whose `fields` keep the
//! labelled texts in printed order. A label printed alone on its line takes the text of the
//! following lines (blank lines between are allowed) until the next label, title or table.
//! Grade legends only set the meaning of the dash grade (`集計中` or `現時点では判断が困難`)
//! for the tables of their level; count tables (`基本目標 × ○ △ × — 合計`, `施策の基本的方向 |
//! KPI数 | R1年度末の進捗度`) become `table` records.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{
    Cell, CellContent, Diagnostic, Grid, LabelledText, Location, Measure, Record, Row, Table, Value,
};
use crate::normalize::{self, ColumnHint, ValueContext};

use super::Context;
use super::cells::{self, clean_text};
use super::sections::Level;

/// What the summary-sheet recognizers remember between rows.
#[derive(Debug, Default)]
pub(crate) struct SheetState {
    /// Inside a 総括シート (after its title), where label rows are sheet fields.
    in_sheet: bool,
    /// The current sheet is a 基本目標・数値目標 sheet (no 施策 below the goal).
    goal_sheet: bool,
    /// The title of the current 基本目標.
    goal_title: Option<String>,
    /// Index in `Context::records` of the measure the sheet's fields go to.
    measure: Option<usize>,
    /// A label printed alone, waiting for its text, and the row index it was last extended at.
    pending: Option<(String, usize)>,
    /// The meaning of the dash grade per level (`KPI`, `数値目標`), from the legends.
    dash_notes: BTreeMap<&'static str, String>,
    /// The level of the last indicator or count table, which a legend below it explains.
    pub(crate) last_level: Option<&'static str>,
    /// 施策の基本的方向 names (spaces removed) and their numbers, as first printed.
    directions: Vec<(String, String)>,
}

impl SheetState {
    /// The legend's meaning of the dash grade for indicators of `level`.
    pub(crate) fn dash_note(&self, level: &str) -> Option<&str> {
        self.dash_notes.get(level).map(String::as_str)
    }
}

/// The labels of the sheet fields that hold text for the measure record.
const TEXT_LABELS: [&str; 8] = [
    "基本目標の概要",
    "施策詳細",
    "基本的方向の総括",
    "数値目標の総括",
    "施策の総括",
    "KPIの総括",
    "課題",
    "次期総合戦略の展開",
];
/// 基本目標名: the goal of the sheet.
const GOAL_NAME: &str = "基本目標名";
/// 施策の基本的方向: the direction of the sheet, or the list of directions of a goal.
const DIRECTION: &str = "施策の基本的方向";
/// 施策名: the measure of the sheet.
const MEASURE_NAME: &str = "施策名";
/// The grant-use field: a 有り/無し flag, then grant titles on the following lines.
const GRANT: &str = "現在の地方創生関連交付金の活用状況";
/// Labels printed before a table, alone on their line.
const TABLE_LABELS: [&str; 3] = ["数値目標", "KPI", "重要業績評価指標(KPI)"];

/// A label or name with HTML removed, width folded and every space dropped.
pub(crate) fn label_key(raw: &str) -> String {
    clean_text(raw).chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a row holds only blank cells.
fn is_blank(row: &Row) -> bool {
    row.cells.iter().all(|c| matches!(&c.content, CellContent::Text(t) if t.trim().is_empty()))
}

/// Sheet titles (`…総括シート`, `【 総 括 シ ー ト 】`), table labels and separator rows inside
/// sheets: they reset or mark the context and are never records.
pub(crate) fn recognize_title(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let row = grid.rows.get(start)?;
    let [cell] = row.cells.as_slice() else { return separator(ctx, row) };
    let key = cells::key(cell);
    if key.ends_with("総括シート") || key == "【総括シート】" {
        let state = &mut ctx.sheet;
        state.in_sheet = true;
        state.goal_sheet = key.contains("数値目標");
        state.pending = None;
        let open = state.measure.take();
        drop_empty_fields(ctx, open);
        return Some(1);
    }
    TABLE_LABELS.contains(&key).then_some(1)
}

/// A separator row (`-----`) inside a sheet.
fn separator(ctx: &Context, row: &Row) -> Option<usize> {
    let dashes = |c: &Cell| {
        let text = cells::raw(c);
        text.trim().len() >= 2 && text.trim().chars().all(|ch| ch == '-')
    };
    (ctx.sheet.in_sheet && !row.cells.is_empty() && row.cells.iter().all(dashes)).then_some(1)
}

/// A labelled sheet field: `label ⇥ value`, `label value` in one cell, or the label alone.
pub(crate) fn recognize_field(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let row = grid.rows.get(start)?;
    let first = row.cells.first()?;
    let key = cells::key(first);
    let (label, inline) = match key.strip_prefix(GRANT) {
        Some(rest) => (GRANT, Some(rest.to_owned()).filter(|r| !r.is_empty())),
        None => (key, None),
    };
    let is_field = label == GOAL_NAME
        || label == DIRECTION
        || label == MEASURE_NAME
        || label == GRANT
        || TEXT_LABELS.contains(&label);
    if !is_field || !ctx.sheet.in_sheet {
        return None;
    }
    let value = match inline {
        Some(inline) => Some((inline, grid.location(row, first))),
        None => after_label(grid, row),
    };
    let value = value.as_ref().map(|(text, at)| (text.as_str(), at.clone()));
    read_field(ctx, (grid, row), start, label, value);
    Some(1)
}

/// The text of the cells after a label cell, joined with spaces, and where it starts; `None`
/// when they are blank.
fn after_label(grid: &Grid, row: &Row) -> Option<(String, Location)> {
    let rest = row.cells.get(1..).unwrap_or_default();
    let joined: Vec<&str> =
        rest.iter().map(|c| cells::raw(c).trim()).filter(|r| !r.is_empty()).collect();
    (!joined.is_empty()).then(|| (joined.join(" "), text_start(grid, row, rest)))
}

/// Where the text of some cells of a row starts: the first cell holding non-blank text, else
/// the row.
fn text_start(grid: &Grid, row: &Row, candidates: &[Cell]) -> Location {
    candidates
        .iter()
        .find(|c| !cells::raw(c).trim().is_empty())
        .map_or_else(|| grid.row_location(row), |c| grid.location(row, c))
}

/// Applies one sheet field to the sections and the sheet's measure; `value` is the field's
/// text on the label's row and where it starts.
fn read_field(
    ctx: &mut Context,
    (grid, row): (&Grid, &Row),
    index: usize,
    label: &str,
    value: Option<(&str, Location)>,
) {
    ctx.sheet.pending = None;
    match (label, value) {
        (GOAL_NAME, Some((value, _))) => open_goal(ctx, grid, row, value),
        (DIRECTION, Some((value, _)))
            if !ctx.sheet.goal_sheet && single_direction(value).is_some() =>
        {
            open_direction(ctx, grid, row, value);
        }
        (MEASURE_NAME, Some((value, _))) => open_measure(ctx, grid, row, value),
        (GRANT, value) => {
            // The grant titles follow on the next lines, whether or not the flag is inline.
            let (value, at) = value.unwrap_or_else(|| ("", grid.row_location(row)));
            push_field(ctx, (grid, row), label, value, at);
            ctx.sheet.pending = Some((label.to_owned(), index));
        }
        (_, Some((value, at))) => push_field(ctx, (grid, row), label, value, at),
        (_, None) => {
            ctx.sheet.pending = Some((label.to_owned(), index));
        }
    }
}

/// Lines that continue a label printed alone (or the grant titles under the grant flag).
pub(crate) fn recognize_continuation(
    ctx: &mut Context,
    grid: &Grid,
    start: usize,
) -> Option<usize> {
    let (label, last) = ctx.sheet.pending.clone()?;
    let row = grid.rows.get(start)?;
    if is_blank(row) {
        return None;
    }
    let gap_is_blank = grid.rows.get(last + 1..start).is_some_and(|rows| rows.iter().all(is_blank));
    if !gap_is_blank {
        ctx.sheet.pending = None;
        return None;
    }
    let text: Vec<&str> = row.cells.iter().map(cells::raw).collect();
    let at = text_start(grid, row, &row.cells);
    push_field(ctx, (grid, row), &label, &text.join(" "), at);
    ctx.sheet.pending = Some((label, start));
    Some(1)
}

/// Adds text to the sheet's measure: a new field, or more text for the field just opened. `at`
/// is where the text starts; a field is located at its first text.
fn push_field(ctx: &mut Context, (grid, row): (&Grid, &Row), label: &str, raw: &str, at: Location) {
    let text = clean_text(raw).trim().to_owned();
    let index = match ctx.sheet.measure {
        Some(index) => index,
        None => new_measure(ctx, grid, row, None, ctx.sheet.goal_title.clone()),
    };
    let Some(Record::Measure(measure)) = ctx.records.get_mut(index) else { return };
    let continues = ctx.sheet.pending.as_ref().is_some_and(|(pending, _)| pending == label)
        && measure.fields.last().is_some_and(|f| f.label == label);
    match measure.fields.last_mut() {
        Some(field) if continues => {
            if !field.text.is_empty() && !text.is_empty() {
                field.text.push('\n');
            }
            if field.text.is_empty() && !text.is_empty() {
                // A grant label printed without its flag: the field starts at its first text.
                field.provenance = Some(Box::new(at));
            }
            field.text.push_str(&text);
        }
        // An empty value is an absent field, never "" (the grant label waits for its flag).
        _ if text.is_empty() && label != GRANT => {}
        _ => measure.fields.push(LabelledText::new(label, text, at)),
    }
}

/// Drops fields that stayed empty (a grant label whose flag never came) from the measure at
/// `index`.
fn drop_empty_fields(ctx: &mut Context, index: Option<usize>) {
    if let Some(Record::Measure(measure)) = index.and_then(|i| ctx.records.get_mut(i)) {
        measure.fields.retain(|f| !f.text.is_empty());
    }
}

/// A new measure record in the current section; returns its index in `ctx.records`.
fn new_measure(
    ctx: &mut Context,
    grid: &Grid,
    row: &Row,
    number: Option<String>,
    title: Option<String>,
) -> usize {
    drop_empty_fields(ctx, ctx.sheet.measure);
    let measure = Measure {
        common: ctx.common("measure", grid.row_location(row)),
        number,
        title: title.unwrap_or_else(|| "基本目標".to_owned()),
        ..Measure::default()
    };
    ctx.push(Record::Measure(measure));
    let index = ctx.records.len() - 1;
    ctx.sheet.measure = Some(index);
    index
}

static GOAL_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:基本目標)?\s*([0-9]+)\s*[:：]?\s*(.*)$").unwrap_or_else(|_| unreachable!())
});

/// `基本目標1 安定した雇用を創出する` (a sheet field) or `1 安定した…` (a table cell): opens
/// the goal, reusing the section a title page or an earlier table opened.
pub(crate) fn open_goal(ctx: &mut Context, grid: &Grid, row: &Row, raw: &str) {
    drop_empty_fields(ctx, ctx.sheet.measure);
    ctx.sheet.measure = None;
    let text = clean_text(raw);
    let Some(captures) = GOAL_VALUE.captures(text.trim()) else { return };
    let Some(number) = captures.get(1).map(|m| m.as_str().to_owned()) else { return };
    let title = captures.get(2).map(|m| m.as_str().trim().to_owned()).filter(|t| !t.is_empty());
    let at = grid.row_location(row);
    ctx.sections.close_all();
    ctx.sections.open_numbered(Level::Goal, &number, title.as_deref(), at, &mut ctx.diagnostics);
    ctx.sheet.goal_title =
        ctx.sections.open_section(Level::Goal).and_then(|s| s.title.clone()).or(title);
}

static DIRECTION_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:施策の基本的方向)?\s*([①-⑳])\s*[:：]?\s*(.+)$")
        .unwrap_or_else(|_| unreachable!())
});

/// The number and name of a value naming one direction (not a list of several).
fn single_direction(raw: &str) -> Option<(String, String)> {
    let text = clean_text(raw);
    let circled = text.chars().filter(|c| ('①'..='⑳').contains(c)).count();
    if circled != 1 {
        return None;
    }
    let captures = DIRECTION_VALUE.captures(text.trim())?;
    let number = captures.get(1)?.as_str().to_owned();
    let name = captures.get(2)?.as_str().trim().to_owned();
    Some((number, name))
}

/// Opens a 施策の基本的方向, bound by its name: when the name was printed elsewhere with
/// another number, that number wins and the conflict is reported.
fn open_direction(ctx: &mut Context, grid: &Grid, row: &Row, raw: &str) {
    let Some((printed, name)) = single_direction(raw) else { return };
    let at = grid.row_location(row);
    let number = bind_direction(ctx, &printed, &name, &at);
    drop_empty_fields(ctx, ctx.sheet.measure);
    ctx.sheet.measure = None;
    ctx.sections.open_numbered(Level::Direction, &number, Some(&name), at, &mut ctx.diagnostics);
}

/// The number a direction name has elsewhere in the document (learned from count tables and
/// earlier sheets); reports `extract.direction_number_mismatch` when the printed one differs.
fn bind_direction(
    ctx: &mut Context,
    printed: &str,
    name: &str,
    at: &crate::model::Location,
) -> String {
    let key: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let known = ctx.sheet.directions.iter().find(|(n, _)| *n == key).map(|(_, num)| num.clone());
    match known {
        Some(number) if number != printed => {
            ctx.diagnostics.push(Diagnostic::warning(
                "extract.direction_number_mismatch",
                format!(
                    "施策の基本的方向 {printed} is named {name:?}, which is {number} elsewhere; bound to {number} by its name"
                ),
                at.clone(),
            ));
            number
        }
        Some(number) => number,
        None => {
            learn_direction(ctx, printed, name);
            printed.to_owned()
        }
    }
}

/// Remembers a direction's number by its name (first printing wins).
fn learn_direction(ctx: &mut Context, number: &str, name: &str) {
    let key: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    if !ctx.sheet.directions.iter().any(|(n, _)| *n == key) {
        ctx.sheet.directions.push((key, number.to_owned()));
    }
}

static MEASURE_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\([0-9]+\)|[ア-ン]\))\s*(.+)$").unwrap_or_else(|_| unreachable!())
});

static ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(?:\([0-9]+\)|[ア-ン]\))").unwrap_or_else(|_| unreachable!())
});

/// `(1) 産業集積推進事業` or a package name: opens the 施策名 section and the sheet's measure.
fn open_measure(ctx: &mut Context, grid: &Grid, row: &Row, raw: &str) {
    let text = clean_text(raw).trim().to_owned();
    // Several enumerated names in one cell (`ア)… イ)… ウ)…`) are one measure with no number.
    let several = ENUMERATOR.find_iter(&text).count() > 1;
    let (number, title) = match MEASURE_VALUE.captures(&text).filter(|_| !several) {
        Some(c) => (
            c.get(1).map(|m| m.as_str().to_owned()),
            c.get(2).map_or(text.clone(), |m| m.as_str().trim().to_owned()),
        ),
        None => (None, text.clone()),
    };
    let at = grid.row_location(row);
    let level = Level::NamedMeasure;
    match &number {
        Some(n) => ctx.sections.open_numbered(level, n, Some(&title), at, &mut ctx.diagnostics),
        None => ctx.sections.open(level, None, Some(&title), at, &mut ctx.diagnostics),
    };
    new_measure(ctx, grid, row, number, Some(title));
}

static DASH_LEGEND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)[-－—ー]?\s*[:：]\s*(集計中|現時点では判断が困難)\s*$")
        .unwrap_or_else(|_| unreachable!())
});

/// A grade legend line (`○:達成できた(100%以上) … -:集計中`, `- ：現時点では判断が困難`):
/// never a record; its dash entry sets the dash grade's meaning for the level of the table
/// above it.
pub(crate) fn recognize_legend(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let row = grid.rows.get(start)?;
    let [cell] = row.cells.as_slice() else { return None };
    let text = cells::clean(cell);
    let body = text.trim().trim_start_matches(['-', ' ']).trim_start();
    let starts_like_legend =
        body.starts_with(['○', '△', '×', ':', '：', '-', '－', '—']) || body.starts_with("現時点");
    let mentions = ["達成できた", "達成できなかった", "判断が困難", "集計中"];
    if !starts_like_legend
        || !mentions.iter().any(|m| text.contains(m))
        || text.chars().count() > 120
    {
        return None;
    }
    if let Some(meaning) = DASH_LEGEND.captures(text.trim()).and_then(|c| c.get(1)) {
        let level = ctx.sheet.last_level.unwrap_or("KPI");
        ctx.sheet.dash_notes.insert(level, meaning.as_str().to_owned());
    }
    Some(1)
}

/// The kinds of grade-count tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CountTable {
    /// 基本目標 | ○ | △ | × | — | 合計.
    ByGoal,
    /// 施策の基本的方向 | KPI数 | R1年度末の進捗度.
    ByDirection,
}

/// Which count table a header row starts, if any.
fn count_header(row: &Row) -> Option<CountTable> {
    let keys: Vec<&str> = row.cells.iter().map(cells::key).collect();
    let first = *keys.first()?;
    let has = |k: &str| keys.contains(&k);
    if first == "基本目標" && has("○") && has("×") && has("合計") {
        return Some(CountTable::ByGoal);
    }
    let kpi_count = keys.iter().any(|k| k.ends_with("KPI数"));
    (first == DIRECTION && kpi_count).then_some(CountTable::ByDirection)
}

/// A grade-count table: a `table` record with grade-count cells (`○ 9`, several pairs in
/// `parts`); a row holding only a grade cell continues the row above.
pub(crate) fn recognize_counts(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let header_row = grid.rows.get(start)?;
    let kind = count_header(header_row)?;
    let header = row_values(grid, header_row, Some(ColumnHint::Grade));
    let mut rows: Vec<Vec<Option<Value>>> = Vec::new();
    let mut consumed = 1;
    while let Some(row) = grid.rows.get(start + consumed) {
        if is_blank(row) || super::is_boundary(row) {
            break;
        }
        consumed += 1;
        let values = row_values(grid, row, Some(ColumnHint::Grade));
        let continues = row.cells.first().is_some_and(|c| c.col > 1) && !rows.is_empty();
        if continues {
            join_into_last(ctx, grid, row, &mut rows, values);
            continue;
        }
        if kind == CountTable::ByDirection {
            learn_from_label(ctx, row);
        }
        rows.push(values);
    }
    ctx.sheet.last_level = Some("KPI");
    let table = Table {
        common: ctx.common("table", grid.row_location(header_row)),
        title: title_above(grid, start),
        header: header.into_iter().flatten().collect(),
        rows,
    };
    ctx.push(Record::Table(table));
    Some(consumed)
}

/// A row that continues the row above (its label cell empty): its cells fill the empty slots
/// of the row above, or are appended.
fn join_into_last(
    ctx: &mut Context,
    grid: &Grid,
    row: &Row,
    rows: &mut [Vec<Option<Value>>],
    values: Vec<Option<Value>>,
) {
    let Some(last) = rows.last_mut() else { return };
    for (index, value) in values.into_iter().enumerate() {
        let Some(value) = value else { continue };
        match last.get_mut(index) {
            Some(slot @ None) => *slot = Some(value),
            _ => last.push(Some(value)),
        }
    }
    ctx.diagnostics.push(Diagnostic::info(
        "extract.lines_joined",
        "a count-table row continues on this line; its cells were joined to the row above",
        grid.row_location(row),
    ));
}

/// Learns a direction number and name from a count-table label (`①ものづくりなど…`).
fn learn_from_label(ctx: &mut Context, row: &Row) {
    let Some(first) = row.cells.first() else { return };
    if let Some((number, name)) = single_direction(cells::raw(first)) {
        learn_direction(ctx, &number, &name);
    }
}

/// The title printed just above a table (`【重要業績評価指標 (KPI) の実績】`, `<人口の推移…>`),
/// with only blank lines between.
pub(crate) fn title_above(grid: &Grid, start: usize) -> Option<String> {
    let above = grid.rows.get(..start)?;
    let row = above.iter().rev().find(|r| !is_blank(r))?;
    let [cell] = row.cells.as_slice() else { return None };
    let text = cells::clean(cell).trim().to_owned();
    let bracketed =
        text.starts_with(['【', '<', '＜', '《']) && text.ends_with(['】', '>', '＞', '》']);
    let label = TABLE_LABELS.contains(&label_key(&text).as_str());
    (bracketed || label).then_some(text)
}

/// The cells of a row as Values positioned by column (gaps are `None`).
pub(crate) fn row_values(grid: &Grid, row: &Row, hint: Option<ColumnHint>) -> Vec<Option<Value>> {
    let width = row.cells.iter().map(|c| c.col).max().unwrap_or(0) as usize;
    let mut values = vec![None; width];
    for cell in &row.cells {
        if cells::raw(cell).trim().is_empty() {
            continue;
        }
        let cell_hint = if cell.col == 1 { Some(ColumnHint::Text) } else { hint };
        let context = ValueContext { hint: cell_hint, ..ValueContext::default() };
        let value =
            normalize::parse_cell(&cell.content, &context).value.at(grid.location(row, cell));
        if let Some(slot) = (cell.col as usize).checked_sub(1).and_then(|i| values.get_mut(i)) {
            *slot = Some(value);
        }
    }
    values
}

static TITLE_PAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^基本目標\s*([0-9]+)$").unwrap_or_else(|_| unreachable!()));

/// How many lines a title page spans at most (number, name over up to two lines, title).
const TITLE_PAGE_LINES: usize = 8;

/// A title page: `基本目標 1` / the goal's name (maybe over two lines) / `【 総 括 シ ー ト 】`.
/// Opens the goal with its name, reusing the section of that number, and starts a sheet.
pub(crate) fn recognize_title_page(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let row = grid.rows.get(start)?;
    let [cell] = row.cells.as_slice() else { return None };
    let key = cells::clean(cell);
    let number = TITLE_PAGE.captures(key.trim())?.get(1)?.as_str().to_owned();
    let window = grid.rows.get(start + 1..)?.iter().take(TITLE_PAGE_LINES);
    let mut name = String::new();
    for (offset, line) in window.enumerate() {
        if is_blank(line) {
            continue;
        }
        let [cell] = line.cells.as_slice() else { return None };
        let text = cells::clean(cell).trim();
        if label_key(text) == "【総括シート】" {
            let title = (!name.is_empty()).then_some(name.as_str());
            ctx.sections.close_all();
            let at = grid.row_location(row);
            ctx.sections.open_numbered(Level::Goal, &number, title, at, &mut ctx.diagnostics);
            ctx.sheet.in_sheet = true;
            return Some(offset + 2);
        }
        name.push_str(text);
    }
    None
}

/// `基本目標` alone on a line followed by the goal's name (the 別紙 pages, which print no
/// number), or the goal's name alone right above a `【数値目標】` label (the 概要 page):
/// reopens the goal section that has that name, so what follows is placed in it.
pub(crate) fn recognize_goal_by_name(
    ctx: &mut Context,
    grid: &Grid,
    start: usize,
) -> Option<usize> {
    let row = grid.rows.get(start)?;
    let [cell] = row.cells.as_slice() else { return None };
    let (consumed, name) = if cells::key(cell) == "基本目標" {
        let (offset, name_row) = next_filled(grid, start)?;
        let [name_cell] = name_row.cells.as_slice() else { return None };
        (offset + 2, cells::clean(name_cell).trim().to_owned())
    } else {
        let (_, next) = next_filled(grid, start)?;
        let [next_cell] = next.cells.as_slice() else { return None };
        if cells::key(next_cell) != GOAL_TEXT_LABEL {
            return None;
        }
        (1, cells::clean(cell).trim().to_owned())
    };
    let (_, number) = ctx.sections.find_titled(Level::Goal, &name)?;
    let number = number?;
    ctx.sections.close_all();
    let at = grid.row_location(row);
    ctx.sections.open_numbered(Level::Goal, &number, Some(&name), at, &mut ctx.diagnostics);
    ctx.sheet.in_sheet = false;
    Some(consumed)
}

/// `【数値目標】`: the label over 数値目標 written as prose ([`super::goal_text`]).
pub(crate) const GOAL_TEXT_LABEL: &str = "【数値目標】";

/// The first non-blank row after `start`, with its offset from `start + 1`.
fn next_filled(grid: &Grid, start: usize) -> Option<(usize, &Row)> {
    grid.rows.get(start + 1..)?.iter().enumerate().find(|(_, r)| !is_blank(r))
}
