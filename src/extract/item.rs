//! Action-plan items (行政経営アクションプラン 実施項目): one `item` record per block.
//!
//! A block is recognized by its labels, never by column positions:
//!
//! ```text
//! 項目番号⇥No.1⇥項目名⇥<name>⇥担当課⇥<departments>
//! 内容・目標等⇥<text>
//! 年度行動計画（及び実績）            (the label in the first or the second cell)
//! H29年度実績⇥<text>⇥…              (one row per fiscal year)
//! ```
//!
//! Each label takes the next cell that is not a label, so a missing 項目名 value stays
//! missing (and is recovered from the table of contents, [`super::toc`], with
//! `extract.name_from_toc`). A year row's remaining cells are its result text. 年次効果額
//! (yearly effect amounts) come in three shapes: a column of the year rows under a header in
//! the 年度行動計画 row; a header row followed by the amounts listed vertically after the year
//! rows (attached in order, H29 … R3); or a detached amount cell with no header at all
//! (`extract.header_missing`, the scale taken from the last header). The header's `(千円)` is
//! a scale: `99,203` becomes 99,203,000 円.
//!
//! Change markers: `（No.22再掲）` in a result is a `relisted` marker with `of: "No.22"`; an
//! `追加実施項目` heading before the block is a `new` marker.
//!
//! The other parts of an action plan (table of contents, headings, the effect summary and
//! finance tables) are read by [`super::toc`] and [`super::effect_table`]; [`recognize`] is
//! their one entry in the recognizer list.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{
    Cell, Diagnostic, Grid, Item, ItemResult, Location, Marker, MarkerKind, Record, RecordCommon,
    Row, TextField, Value, ValueKind, YearValue,
};
use crate::normalize::{self, ColumnHint, Parsed, ValueContext};

use super::Context;
use super::cells::{self, clean_text, split_list};
use super::effect_table;
use super::toc::{self, PendingNew, Toc, filled_cells};
use super::vocab;

/// What the action-plan recognizer has learned so far in one document.
#[derive(Debug, Default)]
pub(crate) struct PlanState {
    /// Set once a table of contents listing items, or an item block, was seen: only then are
    /// plain numbered lines read as headings.
    pub(crate) active: bool,
    /// The table of contents.
    pub(crate) toc: Toc,
    /// The scale of the last 年次効果額 header (`千円`) and where it was printed.
    pub(crate) effect_unit: Option<(String, Location)>,
    /// A `new` marker from an `追加実施項目` heading, for the next item.
    pub(crate) pending_new: Option<PendingNew>,
    /// The first word of the last chart title read without data (`県南10市`).
    pub(crate) last_empty_chart: Option<String>,
}

/// The action-plan recognizer: a table of contents, an item block, or — once the document
/// is known to be an action plan — a heading, an effect summary table or a finance table.
pub(crate) fn recognize(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    if let Some(rows) = toc::read_toc(ctx, grid, start) {
        return Some(rows);
    }
    if let Some(head) = Head::of(grid.rows.get(start)?) {
        ctx.plan.active = true;
        return Some(read_item(ctx, grid, start, &head));
    }
    if !ctx.plan.active {
        return None;
    }
    toc::read_body_heading(ctx, grid, start)
        .or_else(|| effect_table::read_summary(ctx, grid, start))
        .or_else(|| effect_table::read_series(ctx, grid, start))
        .or_else(|| effect_table::read_empty_chart(ctx, grid, start))
}

/// The first row of a block: 項目番号, 項目名 and 担当課 with the cells that follow them.
#[derive(Debug)]
struct Head<'a> {
    /// The row number of the head.
    row: u32,
    /// The 項目番号 label cell: where the record starts.
    label: &'a Cell,
    /// `No.18`.
    number: String,
    /// The 項目名 label cell, when printed.
    name_label: Option<&'a Cell>,
    /// The 項目名 value and its cell, when printed.
    name: Option<(&'a Cell, &'a str)>,
    /// The 担当課 value and its cell.
    departments: Option<(&'a Cell, &'a str)>,
}

static ITEM_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^No\s*\.?\s*([0-9]+)$").unwrap_or_else(|_| unreachable!()));

impl<'a> Head<'a> {
    /// Reads the labels of a row; `None` unless it has 項目番号 followed by `No.N`.
    fn of(row: &'a Row) -> Option<Head<'a>> {
        let mut label = None;
        let mut number = None;
        let (mut name_label, mut name, mut departments) = (None, None, None);
        let mut current: Option<&str> = None;
        for cell in filled_cells(row) {
            let crate::model::CellContent::Text(raw) = &cell.content else { continue };
            if let Some(found) = label_of(cells::compact(cell)) {
                current = Some(found);
                match found {
                    vocab::ITEM_NUMBER => label = Some(cell),
                    vocab::ITEM_NAME => name_label = Some(cell),
                    _ => {}
                }
                continue;
            }
            match current.take() {
                Some(vocab::ITEM_NUMBER) => number = item_number(raw),
                Some(vocab::ITEM_NAME) => name = Some((cell, raw.as_str())),
                Some(vocab::DEPARTMENT) => departments = Some((cell, raw.as_str())),
                _ => {}
            }
        }
        Some(Head {
            row: row.number,
            label: label?,
            number: number?,
            name_label,
            name,
            departments,
        })
    }
}

/// The head label a compacted cell is, if any.
fn label_of(key: &str) -> Option<&'static str> {
    [vocab::ITEM_NUMBER, vocab::ITEM_NAME, vocab::DEPARTMENT].into_iter().find(|l| key == *l)
}

/// `No.18` from a number cell (`No.18`, `No 18`, `No．18`).
fn item_number(raw: &str) -> Option<String> {
    let folded = normalize::fold_text(raw.trim());
    let digits = ITEM_NUMBER.captures(&folded)?.get(1)?.as_str().to_owned();
    Some(format!("No.{digits}"))
}

/// Reads one item block starting at its head row; returns the rows consumed.
fn read_item(ctx: &mut Context, grid: &Grid, start: usize, head: &Head<'_>) -> usize {
    let mut block = Block::default();
    let mut last = start;
    for (index, row) in grid.rows.iter().enumerate().skip(start + 1) {
        match Line::of(row) {
            Line::Blank => continue,
            Line::Other => break,
            line => block.read(ctx, grid, row, line),
        }
        last = index;
    }
    let item = block.finish(ctx, grid, head);
    ctx.push(Record::Item(item));
    last - start + 1
}

/// A year: Gregorian year and whether it is a fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Year {
    year: i32,
    fiscal: bool,
}

/// What a row inside a block is.
#[derive(Debug)]
enum Line<'a> {
    /// Empty or whitespace only.
    Blank,
    /// 内容・目標等 and its text cells.
    Description(Vec<&'a Cell>),
    /// 年度行動計画（及び実績）, with a 年次効果額 header cell when the row has one.
    ActionPlan(Option<&'a Cell>),
    /// A 年次効果額 header row of its own: the amounts follow, one per row.
    EffectHeader(&'a Cell),
    /// A year row: its label cell, the year, and the other cells.
    Year(&'a Cell, Year, Vec<&'a Cell>),
    /// A row holding a single amount.
    Amount(&'a Cell),
    /// Anything else ends the block.
    Other,
}

impl<'a> Line<'a> {
    /// Classifies a row by its labels and content.
    fn of(row: &'a Row) -> Line<'a> {
        let cells = filled_cells(row);
        let Some((first, rest)) = cells.split_first() else { return Line::Blank };
        let key = |cell: &Cell| cells::compact(cell).to_owned();
        if key(first).starts_with(vocab::ITEM_DESCRIPTION) {
            return Line::Description(rest.to_vec());
        }
        if cells.iter().any(|c| key(c).starts_with(vocab::ACTION_PLAN)) {
            return Line::ActionPlan(
                cells.iter().copied().find(|c| key(c).contains(vocab::EFFECT)),
            );
        }
        if key(first).contains(vocab::EFFECT) && rest.is_empty() {
            return Line::EffectHeader(first);
        }
        if let Some(year) = year_label(first) {
            return Line::Year(first, year, rest.to_vec());
        }
        if rest.is_empty() && amount(first, None).is_some() {
            return Line::Amount(first);
        }
        Line::Other
    }
}

/// The year of a year-row label (`H29年度実績`, `R1年度`, `令和元年度実績`).
fn year_label(cell: &Cell) -> Option<Year> {
    let raw = cell.content.to_raw_text();
    let text = normalize::fold_text(raw.trim()).into_owned();
    if !text.contains(vocab::FISCAL_YEAR) || text.chars().count() > 12 {
        return None;
    }
    let value = normalize::parse(&raw, &ValueContext::default()).value;
    match (value.kind, value.year) {
        (ValueKind::EraYear, Some(year)) => {
            Some(Year { year, fiscal: value.fiscal.unwrap_or(true) })
        }
        _ => None,
    }
}

/// A 年次効果額 header: its column and its scale unit.
#[derive(Debug, Clone)]
struct EffectHeader {
    col: u32,
    unit: Option<String>,
    /// Where the header is printed.
    at: Location,
}

static SCALE_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(]\s*(千円|百万円|万円|億円|円)\s*[)]").unwrap_or_else(|_| unreachable!())
});

/// The unit in brackets at a header or title (`年次効果額（実績） (千円)` → `千円`).
pub(crate) fn bracketed_unit(raw: &str) -> Option<String> {
    let folded = normalize::fold_text(raw);
    Some(SCALE_UNIT.captures(&folded)?.get(1)?.as_str().to_owned())
}

/// Parses an amount cell with the header's unit; `None` unless it is a number or an amount.
/// A department printed before the amount (`国保年金課 18,475`) becomes the Value's `label`.
fn amount(cell: &Cell, unit: Option<&str>) -> Option<Parsed> {
    let raw = cell.content.to_raw_text();
    let ctx = ValueContext { hint: Some(ColumnHint::Numeric), unit, fiscal_year: None };
    let parsed = normalize::parse_cell(&cell.content, &ctx);
    if is_amount(&parsed.value) {
        return Some(parsed);
    }
    let (department, number) = raw.trim().rsplit_once(' ')?;
    if !super::cells::split_list(department).iter().all(|d| is_department(d)) {
        return None;
    }
    let mut parsed = normalize::parse(number, &ctx);
    is_amount(&parsed.value).then(|| {
        parsed.value.raw = raw.clone();
        parsed.value.label = Some(clean_text(department));
        parsed
    })
}

/// A number or an amount of money with its value.
fn is_amount(value: &Value) -> bool {
    matches!(value.kind, ValueKind::Number | ValueKind::Money) && value.value.is_some()
}

impl Head<'_> {
    /// Where a labelled value of the head row (its 項目名 or 担当課) was read.
    fn cell_location(&self, grid: &Grid, value: Option<(&Cell, &str)>) -> Option<Location> {
        value.map(|(cell, _)| grid.location_at(self.row, cell.col, cell.merged_from))
    }
}

/// A department name: ends in 課, 室 or センター, or is 関係各課.
fn is_department(name: &str) -> bool {
    name.ends_with('課') || name.ends_with('室') || name.ends_with("センター")
}

/// What a block has read so far.
#[derive(Debug, Default)]
struct Block {
    description: Option<String>,
    /// Where the description starts: its first cell with text.
    description_at: Option<Location>,
    results: Vec<ItemResult>,
    effects: Vec<YearValue>,
    header: Option<EffectHeader>,
    /// Amounts listed after the year rows, with their rows, waiting to be attached.
    vertical: Vec<(Value, u32)>,
    markers: Vec<Marker>,
    /// Whether `extract.header_missing` / `extract.column_realigned` was already reported.
    reported_header: bool,
}

impl Block {
    /// Reads one row of the block.
    fn read(&mut self, ctx: &mut Context, grid: &Grid, row: &Row, line: Line<'_>) {
        match line {
            Line::Description(cells) => {
                self.note_markers(&cells);
                self.description = Some(joined_text(&cells)).filter(|t| !t.is_empty());
                self.description_at =
                    cells.iter().find(|c| has_text(c)).map(|c| grid.location(row, c));
            }
            Line::ActionPlan(Some(cell)) | Line::EffectHeader(cell) => {
                self.open_header(ctx, grid, row, cell);
            }
            Line::Year(label, year, cells) => self.read_year(ctx, grid, row, label, year, &cells),
            Line::Amount(cell) => {
                let unit = self.unit(ctx);
                if let Some(parsed) = amount(cell, unit.as_deref()) {
                    let at = grid.location(row, cell);
                    if self.header.is_none() {
                        self.report_missing_header(ctx, &at, unit.as_deref());
                    }
                    ctx.report_issues(&parsed.issues, &at);
                    self.vertical.push((parsed.value.at(at), row.number));
                }
            }
            Line::ActionPlan(None) | Line::Blank | Line::Other => {}
        }
    }

    /// A 年次効果額 header: its column and scale, remembered for headerless amounts later.
    fn open_header(&mut self, ctx: &mut Context, grid: &Grid, row: &Row, cell: &Cell) {
        let at = grid.location(row, cell);
        let unit = bracketed_unit(cells::raw(cell));
        if let Some(unit) = &unit {
            ctx.plan.effect_unit = Some((unit.clone(), at.clone()));
        }
        self.header = Some(EffectHeader { col: cell.col, unit, at });
    }

    /// The scale of this block's amounts: its header's, else the last header's.
    fn unit(&self, ctx: &Context) -> Option<String> {
        match &self.header {
            Some(header) => header.unit.clone(),
            None => ctx.plan.effect_unit.as_ref().map(|(unit, _)| unit.clone()),
        }
    }

    /// A year row: the result text, and an amount when one sits apart at the row's end.
    fn read_year(
        &mut self,
        ctx: &mut Context,
        grid: &Grid,
        row: &Row,
        label: &Cell,
        year: Year,
        cells: &[&Cell],
    ) {
        let (texts, amount_cell) = self.split_amount(cells);
        if let Some(cell) = amount_cell {
            self.read_year_amount(ctx, grid, row, cell, year);
        }
        for cell in &texts {
            inherited_month_day(ctx, grid.location(row, cell), cells::raw(cell), year);
        }
        self.note_markers(&texts);
        let Some(first) = texts.iter().find(|c| has_text(c)) else {
            ctx.diagnostics.push(Diagnostic::info(
                "extract.row_unassigned",
                "a year row with no result text".to_owned(),
                grid.location(row, label),
            ));
            return;
        };
        let (text, at) = (joined_text(&texts), grid.location(row, first));
        self.results.push(ItemResult::new(year.year, year.fiscal, text, at));
    }

    /// Splits off the last cell when it is an amount set apart from the text (after an empty
    /// column, or in the header's column).
    fn split_amount<'c>(&self, cells: &[&'c Cell]) -> (Vec<&'c Cell>, Option<&'c Cell>) {
        let Some((last, before)) = cells.split_last() else { return (Vec::new(), None) };
        let Some(previous) = before.last() else { return (cells.to_vec(), None) };
        let apart = last.col > previous.col + 1;
        let in_header_column = self.header.as_ref().is_some_and(|h| h.col == last.col);
        if (apart || in_header_column) && amount(last, None).is_some() {
            (before.to_vec(), Some(*last))
        } else {
            (cells.to_vec(), None)
        }
    }

    /// Reads the amount of a year row into `effects`.
    fn read_year_amount(
        &mut self,
        ctx: &mut Context,
        grid: &Grid,
        row: &Row,
        cell: &Cell,
        year: Year,
    ) {
        let at = grid.location(row, cell);
        let unit = self.unit(ctx);
        let Some(parsed) = amount(cell, unit.as_deref()) else { return };
        match &self.header {
            None => self.report_missing_header(ctx, &at, unit.as_deref()),
            Some(header) if header.col != cell.col && !self.reported_header => {
                self.reported_header = true;
                ctx.diagnostics.push(Diagnostic::warning(
                    "extract.column_realigned",
                    format!(
                        "the 年次効果額 header is in column {} but the amounts are in column {}",
                        header.col, cell.col
                    ),
                    at.clone(),
                ));
            }
            Some(_) => {}
        }
        ctx.report_issues(&parsed.issues, &at);
        let value = parsed.value.at(at);
        self.effects.push(YearValue { year: year.year, fiscal: year.fiscal, value });
    }

    /// Reports, once per block, amounts read as 年次効果額 although no header says so.
    fn report_missing_header(&mut self, ctx: &mut Context, at: &Location, unit: Option<&str>) {
        if self.reported_header {
            return;
        }
        self.reported_header = true;
        let scale = match (&ctx.plan.effect_unit, unit) {
            (Some((_, from)), Some(unit)) => {
                let line = from.line.or(from.row).unwrap_or(0);
                format!("; the scale {unit} is taken from the last 年次効果額 header (line {line})")
            }
            _ => "; no scale is known".to_owned(),
        };
        ctx.diagnostics.push(Diagnostic::warning(
            "extract.header_missing",
            format!("amounts set apart at the end of the year rows are read as 年次効果額 although no header says so{scale}"),
            at.clone(),
        ));
    }

    /// Reports a 年次効果額 header under which no amount is printed: the item has no effects.
    fn report_empty_header(&self, ctx: &mut Context, number: &str) {
        let Some(header) = self.header.as_ref().filter(|_| self.effects.is_empty()) else {
            return;
        };
        ctx.diagnostics.push(Diagnostic::info(
            "extract.table_without_data",
            format!("{number} prints a 年次効果額 header but no amount under it; the item has no effects"),
            header.at.clone(),
        ));
    }

    /// Collects the `再掲` markers written in cells.
    fn note_markers(&mut self, cells: &[&Cell]) {
        for cell in cells {
            for marker in relisted_markers(cells::raw(cell)) {
                if !self.markers.iter().any(|m| m.raw == marker.raw) {
                    self.markers.push(marker);
                }
            }
        }
    }

    /// Attaches the vertical amounts and builds the record.
    fn finish(mut self, ctx: &mut Context, grid: &Grid, head: &Head<'_>) -> Item {
        self.attach_vertical(ctx, grid);
        self.report_empty_header(ctx, &head.number);
        let provenance = grid.location_at(head.row, head.label.col, head.label.merged_from);
        let name = item_name(ctx, grid, head, &provenance);
        let mut markers = std::mem::take(&mut self.markers);
        if let Some(pending) = ctx.plan.pending_new.take() {
            report_added_heading(ctx, &head.number, &pending);
            markers.insert(0, pending.marker);
        }
        Item {
            common: RecordCommon { markers, ..ctx.common("item", provenance) }
                .with_field(TextField::Name, head.cell_location(grid, head.name))
                .with_field(TextField::Departments, head.cell_location(grid, head.departments))
                .with_field(TextField::Description, self.description_at),
            number: head.number.clone(),
            name,
            departments: head.departments.map(|(_, text)| split_list(text)).unwrap_or_default(),
            description: self.description,
            results: self.results,
            effects: self.effects,
        }
    }

    /// Attaches the amounts listed after the year rows to the years, in order; amounts left
    /// over are kept unread.
    fn attach_vertical(&mut self, ctx: &mut Context, grid: &Grid) {
        let years: Vec<Year> =
            self.results.iter().map(|r| Year { year: r.year, fiscal: r.fiscal }).collect();
        let mut years = years.into_iter();
        for (value, row_number) in std::mem::take(&mut self.vertical) {
            if let Some(year) = years.next() {
                self.effects.push(YearValue { year: year.year, fiscal: year.fiscal, value });
                continue;
            }
            let at = value.provenance.as_deref().cloned().unwrap_or_default();
            ctx.diagnostics.push(Diagnostic::warning(
                "extract.row_unassigned",
                format!(
                    "the amount {:?} has no year row left to attach to; kept as a table row",
                    value.raw
                ),
                at,
            ));
            if let Some(row) = grid.rows.iter().find(|r| r.number == row_number) {
                ctx.keep_unread(grid, row);
            }
        }
    }
}

/// The item's name: as printed, or recovered from the table of contents.
fn item_name(ctx: &mut Context, grid: &Grid, head: &Head<'_>, at: &Location) -> Option<String> {
    if let Some((_, name)) = head.name {
        return Some(clean_text(name));
    }
    let entry = ctx.plan.toc.item(&head.number)?;
    let (name, listed) = (entry.name.clone(), entry.at.clone());
    let label_at = head
        .name_label
        .map_or_else(|| at.clone(), |cell| grid.location_at(head.row, cell.col, cell.merged_from));
    let listed_line = listed.line.map_or_else(String::new, |line| format!(" (line {line})"));
    ctx.diagnostics.push(Diagnostic::info(
        "extract.name_from_toc",
        format!(
            "{} has no 項目名; the name {name:?} is taken from the table of contents{listed_line}",
            head.number
        ),
        label_at,
    ));
    Some(name)
}

/// Reports that an added item is printed under its own heading while the table of contents
/// lists it under a part; the section follows the part.
fn report_added_heading(ctx: &mut Context, number: &str, pending: &PendingNew) {
    let listed = ctx.plan.toc.item(number).and_then(|e| e.part.clone());
    let message = match listed {
        Some(part) => format!(
            "{number} is printed under the heading {:?}, but the table of contents lists it under {part:?}; its section follows the table of contents",
            pending.heading
        ),
        None => format!("{number} is printed under the heading {:?}", pending.heading),
    };
    ctx.diagnostics.push(Diagnostic::info("extract.section_from_toc", message, pending.at.clone()));
}

/// The normalized texts of cells, joined with a space.
fn joined_text(cells: &[&Cell]) -> String {
    cells
        .iter()
        .map(|c| cells::clean(c).to_owned())
        .filter(|t| !t.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a cell adds text to [`joined_text`]: the first such cell is where a text starts.
fn has_text(cell: &Cell) -> bool {
    !clean_text(&cell.content.to_raw_text()).trim().is_empty()
}

static RELISTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:<u>)?[（(]\s*(No\s*[.．]?\s*[0-9]+)\s*再掲\s*[）)](?:</u>)?")
        .unwrap_or_else(|_| unreachable!())
});

/// `（No.22再掲）` and `<u>（No.22再掲）</u>` → `relisted` markers naming the original.
fn relisted_markers(raw: &str) -> Vec<Marker> {
    RELISTED
        .captures_iter(raw)
        .filter_map(|c| {
            let of = item_number(c.get(1)?.as_str())?;
            Some(Marker {
                kind: MarkerKind::Relisted,
                raw: c.get(0)?.as_str().to_owned(),
                to: None,
                from: None,
                partial: None,
                of: Some(of),
                original: None,
            })
        })
        .collect()
}

static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(\s*([0-9]{1,2})月([0-9]{1,2})日").unwrap_or_else(|_| unreachable!())
});

/// A result that starts with a month and day but no year (`(4月1日～)`): the year comes from
/// the row's fiscal year (April–December in that year, January–March in the next).
fn inherited_month_day(ctx: &mut Context, at: Location, raw: &str, year: Year) {
    let folded = normalize::fold_text(raw.trim());
    let Some(captures) = MONTH_DAY.captures(&folded) else { return };
    let month: u32 = captures.get(1).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
    let day: u32 = captures.get(2).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
    let calendar_year = if year.fiscal && month < 4 { year.year + 1 } else { year.year };
    ctx.diagnostics.push(Diagnostic::info(
        "normalize.year_inherited",
        format!(
            "{}月{}日 has no year; read as {calendar_year:04}-{month:02}-{day:02} from the row's fiscal year {}",
            month, day, year.year
        ),
        at,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relisted_markers_name_the_original() {
        let markers = relisted_markers("継続実施 広告入りAEDの実施（No.22再掲）");
        assert_eq!(markers.len(), 1);
        assert_eq!(markers[0].of.as_deref(), Some("No.22"));
        assert_eq!(markers[0].raw, "（No.22再掲）");
        let underlined = relisted_markers("…広告掲載） <u>（No.22再掲）</u>");
        assert_eq!(underlined[0].raw, "<u>（No.22再掲）</u>");
        assert!(relisted_markers("(再掲)").is_empty());
    }

    #[test]
    fn item_numbers_and_units() {
        assert_eq!(item_number("No.18").as_deref(), Some("No.18"));
        assert_eq!(item_number("No 7").as_deref(), Some("No.7"));
        assert_eq!(item_number("18"), None);
        assert_eq!(bracketed_unit("年次効果額（実績） (千円)").as_deref(), Some("千円"));
        assert_eq!(
            bracketed_unit("1 収入額 約 15 億 7 千万円 (A) (千円)").as_deref(),
            Some("千円")
        );
        assert_eq!(bracketed_unit("年次効果額"), None);
    }
}
