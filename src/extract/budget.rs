//! Budget cards of a regional-partnership vision (連携中枢都市圏ビジョン) and the headings that
//! frame them.
//!
//! A card is a numbered project title (`⑱救急医療体制等の確保事業`) followed by labelled rows:
//! 事業の目的と概要, 役割分担 (a row per party, the later ones with an empty label cell),
//! 関係市町, and 事業費 with a row of fiscal-year labels over a row of amounts. Labels are
//! compared with their spaces removed (`事業の 目的と概要`, `役割 分担`), and the cells after a
//! label are taken by content and order, never by index: some cards put their values one
//! cell further right than others.
//!
//! The headings read here are the 分野 `(3) …分野`, its sub-areas `・…に係る分野` and the
//! `施策の方向性①` headings (whose title is on the next line); the `KPI (重要業績評価指標)`
//! blocks are read by [`super::kpi_line`]. Prose under a heading is left to the caller, which
//! keeps it in the grid's `table` record.
//!
//! Project numbers run through the whole vision, as circled numbers that OCR splits (`②③`,
//! `②5` = 23, 25) or misreads (`⑳` for ㉘). The number of a card is the previous card's
//! number + 1, confirmed by a split reading; any difference from the printed number is
//! reported (`extract.number_sequence_repaired`). Amount cells are parsed as money in yen
//! (`45,413千円`; a bare `0` inherits 円), an empty year cell gives no amount and an
//! `extract.budget_year_empty` note.

use std::sync::LazyLock;

use regex::Regex;

use crate::decode::to_plain_text;
use crate::model::{
    Budget, Cell, CellContent, Diagnostic, Grid, Location, Record, Role, Row, YearValue,
};
use crate::normalize::{self, ColumnHint, ValueContext};

use super::Context;
use super::cells::{self, clean_text};
use super::kpi_line;
use super::sections::Level;
use super::vocab::{self, compact};

/// The longest text taken as the title line of a `施策の方向性` heading.
const MAX_DIRECTION_TITLE_CHARS: usize = 40;

/// `(3) 生活関連機能サービスの向上分野`.
static AREA_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(（]\s*([0-9]+)\s*[)）]\s*(\S.*分野)$").unwrap_or_else(|_| unreachable!())
});

/// `・生活機能の強化に係る分野`.
static SUB_AREA_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^・\s*(\S.*に係る分野)$").unwrap_or_else(|_| unreachable!()));

/// `施策の方向性①`, optionally with its title on the same line.
static DIRECTION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^{}\s*([①-⑳㉑-㉟㊱-㊿]|[0-9]+)\s*[:：]?\s*(.*)$", vocab::DIRECTION))
        .unwrap_or_else(|_| unreachable!())
});

/// A card title: circled or ASCII digits, then a name that does not start like a number.
static CARD_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([①-⑳㉑-㉟㊱-㊿⓪0-9]+)\s*([^0-9,.\s].*)$").unwrap_or_else(|_| unreachable!())
});

/// Recognizes, at `grid.rows[start]`, a 分野 or sub-area heading, a KPI block, a
/// `施策の方向性` heading, or a budget card, and reads it. Returns the rows consumed.
pub(crate) fn recognize(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let row = grid.rows.get(start)?;
    let (cell, _) = single_text_cell(row)?;
    let folded = cells::folded_trimmed(cell);
    if open_area(ctx, grid, row, cell, folded) {
        return Some(1);
    }
    if kpi_line::is_compact_block_label(cells::compact(cell)) {
        return kpi_line::read_block(ctx, grid, start);
    }
    if let Some(heading) = DirectionHeading::parse(folded) {
        return Some(open_direction(ctx, grid, start, heading));
    }
    let title = CardTitle::parse(folded)?;
    let (_, next) = next_filled_row(grid, start + 1)?;
    let first = *filled_cells(next).first()?;
    CardLabel::of(first)?;
    Some(read_card(ctx, grid, start, &title))
}

/// Opens a 分野 or sub-area section when the line is one. Returns whether it was.
fn open_area(ctx: &mut Context, grid: &Grid, row: &Row, cell: &Cell, text: &str) -> bool {
    let at = grid.location(row, cell);
    if let Some(captures) = AREA_HEADING.captures(text) {
        let number = captures.get(1).map(|m| format!("({})", m.as_str()));
        let title = captures.get(2).map(|m| clean_text(m.as_str()));
        ctx.sections.open(
            Level::Area,
            number.as_deref(),
            title.as_deref(),
            at,
            &mut ctx.diagnostics,
        );
        return true;
    }
    let Some(captures) = SUB_AREA_HEADING.captures(text) else { return false };
    let title = captures.get(1).map(|m| clean_text(m.as_str()));
    ctx.sections.open(Level::SubArea, None, title.as_deref(), at, &mut ctx.diagnostics);
    true
}

/// A `施策の方向性①` heading.
struct DirectionHeading {
    /// `①`.
    number: String,
    /// The title when printed on the same line.
    title: Option<String>,
}

impl DirectionHeading {
    /// The heading a line holds.
    fn parse(text: &str) -> Option<DirectionHeading> {
        let captures = DIRECTION_HEADING.captures(text)?;
        let number = captures.get(1)?.as_str().to_owned();
        let title = captures.get(2).map(|m| m.as_str().trim()).filter(|t| !t.is_empty());
        Some(DirectionHeading { number, title: title.map(clean_text) })
    }
}

/// Opens a `施策の方向性` section; its title is on the heading line or the next filled line
/// (a short line that is not a sentence). Returns the rows consumed.
fn open_direction(
    ctx: &mut Context,
    grid: &Grid,
    start: usize,
    heading: DirectionHeading,
) -> usize {
    let at = grid.rows.get(start).map(|row| grid.row_location(row));
    let mut consumed = 1;
    let mut title = heading.title;
    if title.is_none() {
        if let Some((index, text)) = direction_title_line(grid, start + 1) {
            title = Some(clean_text(&text));
            consumed = index + 1 - start;
        }
    }
    let at = at.unwrap_or_else(|| Location::file(grid.file.clone()));
    let number = Some(heading.number.as_str());
    ctx.sections.open(Level::Orientation, number, title.as_deref(), at, &mut ctx.diagnostics);
    consumed
}

/// The title line under a `施策の方向性` heading: the next filled line when it is one short
/// cell that is neither a sentence nor a card title. Returns its index and text.
fn direction_title_line(grid: &Grid, from: usize) -> Option<(usize, String)> {
    let (index, row) = next_filled_row(grid, from)?;
    let (cell, _) = single_text_cell(row)?;
    let text = cells::folded_trimmed(cell).to_owned();
    let short = text.chars().count() <= MAX_DIRECTION_TITLE_CHARS;
    let sentence = text.ends_with('。');
    (short && !sentence && CardTitle::parse(&text).is_none()).then_some((index, text))
}

/// A card's title line: the printed number and the name.
struct CardTitle {
    /// The number as printed (`②③`, `⑳`).
    printed: String,
    /// How the printed number reads.
    reading: NumberReading,
    /// The name without its number.
    name: String,
}

/// How a printed project number reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberReading {
    /// One circled number or plain digits: `⑱`, `18`.
    Whole(u32),
    /// Two single digits, circled or not, that OCR split from one circled number: `②③`.
    Split(u32),
    /// Not a number this reader knows.
    Unreadable,
}

impl CardTitle {
    /// The title a line holds, if it starts with a project number.
    fn parse(text: &str) -> Option<CardTitle> {
        let captures = CARD_TITLE.captures(text)?;
        let printed = captures.get(1)?.as_str().to_owned();
        let name = clean_text(captures.get(2)?.as_str().trim());
        Some(CardTitle { reading: read_number(&printed), printed, name })
    }
}

/// Reads a printed project number.
fn read_number(printed: &str) -> NumberReading {
    if printed.chars().all(|c| c.is_ascii_digit()) {
        return printed.parse().map_or(NumberReading::Unreadable, NumberReading::Whole);
    }
    let digits: Vec<u32> = printed.chars().filter_map(digit_value).collect();
    match (printed.chars().count(), digits.as_slice()) {
        (1, _) => printed
            .chars()
            .next()
            .and_then(normalize::circled_ordinal)
            .map_or(NumberReading::Unreadable, NumberReading::Whole),
        (2, [tens, ones]) => NumberReading::Split(tens * 10 + ones),
        _ => NumberReading::Unreadable,
    }
}

/// The digit a character stands for in a split number: ASCII 0–9 or circled ⓪–⑨.
fn digit_value(c: char) -> Option<u32> {
    c.to_digit(10).or_else(|| normalize::circled_ordinal(c).filter(|n| *n <= 9))
}

/// The number of the card: the previous card's number + 1, or the split reading, or (for the
/// first card) the printed number. Reports every difference from the printed number.
fn sequence_number(ctx: &mut Context, title: &CardTitle, at: &Location) -> String {
    let expected = previous_number(ctx).map(|n| n + 1);
    let printed = &title.printed;
    let number = match (title.reading, expected) {
        (NumberReading::Split(read), expected) => {
            note_split(ctx, printed, read, expected, at);
            read
        }
        (NumberReading::Whole(read), None) => read,
        (NumberReading::Whole(read), Some(sequence)) if read == sequence => read,
        (_, Some(sequence)) => {
            ctx.diagnostics.push(Diagnostic::warning(
                "extract.number_sequence_repaired",
                format!("printed {printed}, sequence {sequence}"),
                at.clone(),
            ));
            sequence
        }
        (NumberReading::Unreadable, None) => return printed.clone(),
    };
    number.to_string()
}

/// Reports a split number joined (`②③` → 23), and a break in the sequence it shows.
fn note_split(ctx: &mut Context, printed: &str, read: u32, expected: Option<u32>, at: &Location) {
    ctx.diagnostics.push(Diagnostic::info(
        "extract.number_split_joined",
        format!("printed {printed}, read as {read} (one circled number split in two)"),
        at.clone(),
    ));
    if let Some(sequence) = expected.filter(|sequence| *sequence != read) {
        ctx.diagnostics.push(Diagnostic::warning(
            "extract.number_sequence_gap",
            format!("printed {printed} reads {read}, but the previous card makes it {sequence}"),
            at.clone(),
        ));
    }
}

/// The number of the last budget card read so far.
fn previous_number(ctx: &Context) -> Option<u32> {
    ctx.records.iter().rev().find_map(|record| match record {
        Record::Budget(budget) => budget.number.parse().ok(),
        _ => None,
    })
}

/// The labels of a card's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CardLabel {
    /// 事業の目的と概要.
    Purpose,
    /// 役割分担.
    Roles,
    /// 関係市町.
    Municipalities,
    /// 事業費 (各年度予算額).
    Cost,
}

impl CardLabel {
    /// The label a cell holds, compared without spaces.
    fn of(cell: &Cell) -> Option<CardLabel> {
        let CellContent::Text(_) = &cell.content else { return None };
        let label = match cells::compact(cell) {
            vocab::CARD_PURPOSE => CardLabel::Purpose,
            vocab::CARD_ROLES => CardLabel::Roles,
            vocab::CARD_MUNICIPALITIES => CardLabel::Municipalities,
            l if l.starts_with(vocab::CARD_COST) => CardLabel::Cost,
            _ => return None,
        };
        Some(label)
    }
}

/// A fiscal-year column of the 事業費 header.
struct YearColumn {
    /// 1-based column.
    col: u32,
    /// Gregorian year.
    year: i32,
    /// True for a fiscal year.
    fiscal: bool,
    /// The label as printed (`R4`).
    label: String,
}

/// The 事業費 header: its unit and year columns.
struct CostHeader {
    /// The unit the amounts are in when they do not say (`円`, or `千円` from the label).
    unit: &'static str,
    /// The year columns, left to right.
    years: Vec<YearColumn>,
    /// Where the header row is.
    at: Location,
}

/// What a card's rows say, gathered while they are read.
#[derive(Default)]
struct CardFields {
    description: Option<String>,
    /// Where the description starts: its first cell.
    description_at: Option<Location>,
    roles: Vec<Role>,
    municipalities: Vec<String>,
    amounts: Vec<YearValue>,
    cost: Option<CostHeader>,
    amounts_read: bool,
    last: Option<CardLabel>,
}

/// What reading one row of a card did.
enum Step {
    /// The row belonged to the card; go on.
    Continue,
    /// The row was the card's last (the amounts).
    Finished,
    /// The row is not the card's; it is left to the caller.
    Stop,
}

/// Reads the card whose title is `grid.rows[start]` and pushes its `budget` record. Returns
/// the rows consumed.
fn read_card(ctx: &mut Context, grid: &Grid, start: usize, title: &CardTitle) -> usize {
    let provenance = grid
        .rows
        .get(start)
        .and_then(|row| single_text_cell(row).map(|(cell, _)| grid.location(row, cell)))
        .unwrap_or_else(|| Location::file(grid.file.clone()));
    let number = sequence_number(ctx, title, &provenance);
    let mut fields = CardFields::default();
    let mut consumed = 1;
    let mut index = start + 1;
    while let Some(row) = grid.rows.get(index) {
        index += 1;
        if filled_cells(row).is_empty() {
            continue;
        }
        match read_card_row(ctx, grid, row, &mut fields) {
            Step::Continue => consumed = index - start,
            Step::Finished => {
                consumed = index - start;
                break;
            }
            Step::Stop => break,
        }
    }
    if let (Some(header), false) = (&fields.cost, fields.amounts_read) {
        report_missing_amounts(ctx, header);
    }
    let budget = Budget {
        common: ctx
            .common("budget", provenance)
            .with_field(crate::model::TextField::Description, fields.description_at),
        number,
        name: title.name.clone(),
        description: fields.description,
        amounts: fields.amounts,
        roles: fields.roles,
        municipalities: fields.municipalities,
    };
    ctx.push(Record::Budget(budget));
    consumed
}

/// Reads one filled row of a card into `fields`.
fn read_card_row(ctx: &mut Context, grid: &Grid, row: &Row, fields: &mut CardFields) -> Step {
    let cells = filled_cells(row);
    let Some((first, rest)) = cells.split_first() else { return Step::Continue };
    let label = CardLabel::of(first);
    let values = if label.is_some() { rest } else { cells.as_slice() };
    match (label, fields.last) {
        (Some(CardLabel::Purpose), _) => {
            fields.description = joined_text(values).map(|t| clean_text(&t));
            fields.description_at = values.first().map(|cell| grid.location(row, cell));
        }
        (Some(CardLabel::Roles), _) | (None, Some(CardLabel::Roles))
            if !starts_new_block(row, label) =>
        {
            read_roles(ctx, grid, row, values, &mut fields.roles);
        }
        (Some(CardLabel::Municipalities), _) => {
            fields.municipalities.extend(values.iter().flat_map(|c| split_names(&raw_of(c))));
        }
        (Some(CardLabel::Cost), _) => fields.cost = Some(cost_header(ctx, grid, row, first, rest)),
        (None, Some(CardLabel::Cost)) if starts_new_block(row, label) => return Step::Stop,
        (None, Some(CardLabel::Cost)) => {
            if let Some(header) = &fields.cost {
                fields.amounts = read_amounts(ctx, grid, row, values, header);
            }
            fields.amounts_read = true;
            return Step::Finished;
        }
        _ => return Step::Stop,
    }
    fields.last = label.or(fields.last);
    Step::Continue
}

/// Whether an unlabelled row is a new heading or card title rather than a continuation.
fn starts_new_block(row: &Row, label: Option<CardLabel>) -> bool {
    if label.is_some() {
        return false;
    }
    let Some((cell, _)) = single_text_cell(row) else { return false };
    let text = cells::folded_trimmed(cell);
    CardTitle::parse(text).is_some()
        || DirectionHeading::parse(text).is_some()
        || AREA_HEADING.is_match(text)
        || SUB_AREA_HEADING.is_match(text)
        || kpi_line::is_compact_block_label(cells::compact(cell))
}

/// A 役割分担 row: the party (`久留米市`, `連携市町`) and its duties, one [`Role`] per duty. A
/// row with only duties continues the party above.
fn read_roles(ctx: &mut Context, grid: &Grid, row: &Row, values: &[&Cell], roles: &mut Vec<Role>) {
    let (party, duties) = match (values, roles.last()) {
        ([party, duties @ ..], _) if !duties.is_empty() => (clean_text(&raw_of(party)), duties),
        (_, Some(previous)) => (previous.party.clone(), values),
        (_, None) => {
            ctx.diagnostics.push(Diagnostic::warning(
                "extract.row_unassigned",
                "a 役割分担 row names no party; its cells are kept as a table",
                grid.row_location(row),
            ));
            ctx.keep_unread(grid, row);
            return;
        }
    };
    for cell in duties {
        for duty in split_duties(&raw_of(cell)) {
            roles.push(Role::new(party.clone(), duty, grid.location(row, cell)));
        }
    }
}

/// The 事業費 header: the unit its label names (`千円`, else `円`) and its fiscal-year cells.
fn cost_header(
    ctx: &mut Context,
    grid: &Grid,
    row: &Row,
    label: &Cell,
    cells: &[&Cell],
) -> CostHeader {
    let label_text = compact(&raw_of(label)).into_owned();
    let unit =
        ["百万円", "千円", "万円"].into_iter().find(|u| label_text.contains(u)).unwrap_or("円");
    let per_fiscal_year = label_text.contains("年度");
    let year_hint = ValueContext { hint: Some(ColumnHint::Year), ..ValueContext::default() };
    let mut years = Vec::new();
    for cell in cells {
        let raw = raw_of(cell);
        let parsed = normalize::parse(&raw, &year_hint);
        let Some(year) = parsed.value.year else {
            ctx.diagnostics.push(Diagnostic::warning(
                "extract.row_unassigned",
                format!("{raw:?} in the 事業費 header is not a year; the cell is ignored"),
                grid.location(row, cell),
            ));
            continue;
        };
        // A label that says 年度 makes every bare year a fiscal year: nothing is assumed.
        let fiscal = per_fiscal_year || parsed.value.fiscal.unwrap_or(false);
        if !per_fiscal_year {
            ctx.report_issues(&parsed.issues, &grid.location(row, cell));
        }
        years.push(YearColumn { col: cell.col, year, fiscal, label: raw.trim().to_owned() });
    }
    CostHeader { unit, years, at: grid.row_location(row) }
}

/// The amounts row under a 事業費 header: each cell goes to the year above it; when the cells
/// do not sit under the years, they are assigned in order (reported). An empty year gets no
/// amount (reported as info).
fn read_amounts(
    ctx: &mut Context,
    grid: &Grid,
    row: &Row,
    cells: &[&Cell],
    header: &CostHeader,
) -> Vec<YearValue> {
    let aligned = cells.iter().all(|c| header.years.iter().any(|y| y.col == c.col));
    let placed: Vec<(&YearColumn, Option<&Cell>)> = if aligned {
        let under = |year: &YearColumn| cells.iter().find(|c| c.col == year.col).copied();
        header.years.iter().map(|year| (year, under(year))).collect()
    } else if cells.len() <= header.years.len() {
        ctx.diagnostics.push(Diagnostic::warning(
            "extract.column_realigned",
            "the amounts do not sit under their years; they are assigned to the years in order",
            grid.row_location(row),
        ));
        header.years.iter().enumerate().map(|(i, year)| (year, cells.get(i).copied())).collect()
    } else {
        ctx.diagnostics.push(Diagnostic::warning(
            "extract.row_unassigned",
            "more amounts than years under 事業費; the row is kept as a table",
            grid.row_location(row),
        ));
        ctx.keep_unread(grid, row);
        return Vec::new();
    };
    placed
        .into_iter()
        .filter_map(|(year, cell)| amount(ctx, grid, row, year, cell, header.unit))
        .collect()
}

/// A 事業費 header with no amounts row under it: every year is empty (reported as info).
fn report_missing_amounts(ctx: &mut Context, header: &CostHeader) {
    for year in &header.years {
        ctx.diagnostics.push(Diagnostic::info(
            "extract.budget_year_empty",
            format!("no amounts row under the 事業費 header: no entry for {}", year.label),
            header.at.clone(),
        ));
    }
}

/// One year's amount, or `None` (with an info diagnostic) when its cell is empty.
fn amount(
    ctx: &mut Context,
    grid: &Grid,
    row: &Row,
    year: &YearColumn,
    cell: Option<&Cell>,
    unit: &str,
) -> Option<YearValue> {
    let Some(cell) = cell else {
        ctx.diagnostics.push(Diagnostic::info(
            "extract.budget_year_empty",
            format!("no amount under {} ({}); no entry for that year", year.label, year.year),
            grid.location_at(row.number, year.col, None),
        ));
        return None;
    };
    let at = grid.location(row, cell);
    let money =
        ValueContext { hint: Some(ColumnHint::Numeric), unit: Some(unit), fiscal_year: None };
    let parsed = normalize::parse_cell(&cell.content, &money);
    ctx.report_issues(&parsed.issues, &at);
    Some(YearValue { year: year.year, fiscal: year.fiscal, value: parsed.value.at(at) })
}

/// Splits a 関係市町 list on `、`, `・`, commas and spaces.
fn split_names(raw: &str) -> Vec<String> {
    // Split before folding: folding deletes the spaces between two names.
    normalize::text::fold_keep_spaces(&to_plain_text(raw))
        .split(|c: char| c.is_whitespace() || matches!(c, '、' | '・' | ',' | '，'))
        .filter(|s| !s.is_empty())
        .map(clean_text)
        .collect()
}

/// Splits a 役割分担 cell into duties: on `・` / `○` bullets (a `<ul>` list) when it has them,
/// else on the spaces between two non-ASCII characters. A `・` inside a word (`企画・調整`)
/// is not a bullet. Splitting comes before the spaces are folded away.
fn split_duties(raw: &str) -> Vec<String> {
    let plain = to_plain_text(raw).replace('\n', " ");
    let spaced = normalize::text::fold_keep_spaces(&plain).into_owned();
    let chars: Vec<char> = spaced.trim().chars().collect();
    let bulleted = chars.first().is_some_and(|c| matches!(c, '・' | '○'));
    let mut duties = vec![String::new()];
    for (i, c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| chars.get(j));
        let after = chars.get(i + 1);
        let breaks = if bulleted {
            matches!(c, '・' | '○') && before.is_none_or(|b| b.is_whitespace())
        } else {
            c.is_whitespace() && [before, after].iter().all(|n| n.is_some_and(|n| !n.is_ascii()))
        };
        match duties.last_mut() {
            Some(_) if breaks => duties.push(String::new()),
            Some(current) => current.push(*c),
            None => {}
        }
    }
    duties.iter().map(|d| clean_text(d.trim())).filter(|d| !d.is_empty()).collect()
}

/// The cells of a row that hold text, in column order (the text before any `<td>` fragment).
pub(crate) fn filled_cells(row: &Row) -> Vec<&Cell> {
    row.cells
        .iter()
        .filter(|c| c.fragment.is_none_or(|f| f == 0))
        .filter(|c| !cells::raw(c).trim().is_empty())
        .collect()
}

/// The only filled cell of a row and its text, when the row has exactly one.
pub(crate) fn single_text_cell(row: &Row) -> Option<(&Cell, &str)> {
    let filled = filled_cells(row);
    let [cell] = filled.as_slice() else { return None };
    let cell: &Cell = cell;
    let CellContent::Text(text) = &cell.content else { return None };
    Some((cell, text.as_str()))
}

/// The first row at or after `from` with a filled cell, and its index.
pub(crate) fn next_filled_row(grid: &Grid, from: usize) -> Option<(usize, &Row)> {
    grid.rows.iter().enumerate().skip(from).find(|(_, row)| !filled_cells(row).is_empty())
}

/// The raw text of a cell.
fn raw_of(cell: &Cell) -> String {
    cell.content.to_raw_text()
}

/// The raw texts of several cells joined by a space, or `None` when there are none.
fn joined_text(cells: &[&Cell]) -> Option<String> {
    let texts: Vec<String> = cells.iter().map(|c| raw_of(c).trim().to_owned()).collect();
    (!texts.is_empty()).then(|| texts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Printed numbers
    #[test]
    fn printed_numbers() {
        assert_eq!(read_number("⑱"), NumberReading::Whole(18));
        assert_eq!(read_number("②③"), NumberReading::Split(23));
        assert_eq!(read_number("②5"), NumberReading::Split(25));
        assert_eq!(read_number("③⑨"), NumberReading::Split(39));
        assert_eq!(read_number("25"), NumberReading::Whole(25));
        assert_eq!(read_number("⑳⑳"), NumberReading::Unreadable);
    }

    // Titles
    #[test]
    fn titles_keep_the_name_without_the_number() {
        let title = CardTitle::parse("⑳ 市民活動活性化事業").unwrap();
        assert_eq!((title.printed.as_str(), title.name.as_str()), ("⑳", "市民活動活性化事業"));
        assert!(CardTitle::parse("45,413千円").is_none());
        assert!(CardTitle::parse("0").is_none());
    }

    // Lists
    #[test]
    fn lists_split() {
        assert_eq!(split_names("久留米市・大川市、小郡市"), ["久留米市", "大川市", "小郡市"]);
        assert_eq!(split_names("久留米市 大川市"), ["久留米市", "大川市"]);
        assert_eq!(
            split_duties("…に関する調整 市民活動に関する情報の共有、意見交換"),
            ["…に関する調整", "市民活動に関する情報の共有、意見交換"]
        );
        assert_eq!(
            split_duties(r#"<ul style="list-style-type: none"> ・企画・調整 ・運用 "#),
            ["企画・調整", "運用"]
        );
        assert_eq!(split_duties("FM 放送局との調整").len(), 1);
    }
}
