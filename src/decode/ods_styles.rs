//! What calamine's .ods reader leaves out: percentages, era (和暦) date styles and merged
//! regions, read from `styles.xml` and `content.xml` ourselves.
//!
//! Takes the bytes of an .ods file; returns, per sheet (`table:name`), the
//! [`FormatKind`] of each percentage cell and era-styled date cell, and the merged regions
//! (`table:number-columns-spanned` / `table:number-rows-spanned`), all at 0-based absolute
//! (row, col) positions counted exactly as calamine counts them: every `table:table-row`
//! advances by its `table:number-rows-repeated`, every `table:table-cell` and
//! `table:covered-table-cell` by its `table:number-columns-repeated`, with calamine's caps of
//! 1,048,576 rows and 16,384 columns. Values are left to calamine.
//!
//! A cell's data style comes from its `table:style-name`, else the row's, else the column's
//! `table:default-cell-style-name`; a cell style without `style:data-style-name` inherits it
//! from its `style:parent-style-name`. `office:value-type="percentage"` cells are percentages
//! (decimals from the `number:percentage-style`, 0 if unknown); `office:value-type="date"`
//! cells whose `number:date-style` holds `number:era`, or a `number:year` in the Japanese
//! `gengou` calendar, are era dates.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor};

use calamine::Dimensions;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use crate::model::Severity;

use super::limits::SheetArea;
use super::numfmt::FormatKind;

/// calamine's ods row cap.
const MAX_ROWS: u32 = 1_048_576;
/// calamine's ods column cap.
const MAX_COLUMNS: u32 = 16_384;
/// Deepest `style:parent-style-name` chain followed.
const MAX_STYLE_DEPTH: usize = 16;

/// Why the styles of an .ods file could not be (fully) read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum OdsStylesError {
    /// The reader (or the zip or XML crate under it) panicked; caught by [`read`].
    #[error("the .ods style reader panicked")]
    Panicked,
    /// The zip or one of its parts could not be read.
    #[error("cannot read {part}: {detail}")]
    Part {
        /// `content.xml` or `styles.xml`.
        part: &'static str,
        /// What the zip or XML reader said.
        detail: String,
    },
}

impl OdsStylesError {
    /// A stable code for the diagnostic.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            OdsStylesError::Part { .. } | OdsStylesError::Panicked => {
                "decode.ods_styles_unreadable"
            }
        }
    }

    /// How serious it is: formats or merges the file has were left out.
    pub(crate) fn severity(&self) -> Severity {
        match self {
            OdsStylesError::Part { .. } | OdsStylesError::Panicked => Severity::Warning,
        }
    }
}

/// What one sheet adds to calamine's values.
#[derive(Debug, Default)]
pub(crate) struct OdsSheet {
    /// Formats of percentage and era-date cells, by 0-based (row, col).
    pub(crate) formats: HashMap<(u32, u32), FormatKind>,
    /// Merged regions, 0-based absolute, inclusive.
    pub(crate) merged: Vec<Dimensions>,
    /// The non-empty cells' extent with every repeat counted, for the limits checked
    /// before calamine opens the file (calamine builds every sheet when it opens an .ods).
    pub(crate) area: SheetArea,
}

/// The formats and merges of every sheet, and what went wrong while reading them.
#[derive(Debug, Default)]
pub(crate) struct OdsExtras {
    /// By sheet name.
    pub(crate) sheets: HashMap<String, OdsSheet>,
    /// Problems; what was read before each one is kept.
    pub(crate) problems: Vec<OdsStylesError>,
}

/// Reads the extras of an .ods file held in memory. Keeps at most `max_cells` formatted
/// cells per sheet (decode fails later on such a sheet anyway).
///
/// # Panics
///
/// Never: a panic (none is known) is caught and becomes an [`OdsStylesError::Panicked`]
/// problem, so calamine's values still load.
pub(crate) fn read(bytes: &[u8], max_cells: u64) -> OdsExtras {
    let run = || read_unguarded(bytes, max_cells);
    std::panic::catch_unwind(run).unwrap_or_else(|_| OdsExtras {
        sheets: HashMap::new(),
        problems: vec![OdsStylesError::Panicked],
    })
}

/// [`read`] without the panic guard.
fn read_unguarded(bytes: &[u8], max_cells: u64) -> OdsExtras {
    let mut out = OdsExtras::default();
    let mut styles = StyleBook::default();
    let mut parser = Parser::new(&mut styles, max_cells);
    for part in ["styles.xml", "content.xml"] {
        if let Err(detail) = read_part(bytes, part, &mut parser) {
            out.problems.push(OdsStylesError::Part { part, detail });
        }
    }
    out.sheets = parser.sheets;
    out
}

/// Streams one part of the zip through the parser.
fn read_part(bytes: &[u8], part: &'static str, parser: &mut Parser<'_>) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let file = zip.by_name(part).map_err(|e| e.to_string())?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(file));
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.check_end_names = false;
    parser.run(&mut reader).map_err(|e| e.to_string())
}

// Styles

/// A cell style: its data style and parent.
#[derive(Debug, Default, Clone)]
struct CellStyle {
    /// `style:data-style-name`.
    data_style: Option<String>,
    /// `style:parent-style-name`.
    parent: Option<String>,
}

/// Number styles and cell styles, common and automatic.
#[derive(Debug, Default)]
struct StyleBook {
    /// Data styles (`number:*-style`) by name.
    data: HashMap<String, FormatKind>,
    /// Cell styles (`style:style style:family="table-cell"`) by name.
    cells: HashMap<String, CellStyle>,
}

impl StyleBook {
    /// The format kind of a cell style, following parents.
    fn kind(&self, style: &str) -> FormatKind {
        let mut name = style;
        for _ in 0..MAX_STYLE_DEPTH {
            let Some(cell) = self.cells.get(name) else { break };
            if let Some(data) = &cell.data_style {
                return self.data.get(data).copied().unwrap_or(FormatKind::Other);
            }
            let Some(parent) = &cell.parent else { break };
            name = parent;
        }
        FormatKind::Other
    }
}

/// A data style being read.
#[derive(Debug)]
struct OpenDataStyle {
    /// The element that opened it (`number:date-style`, …), whose end tag closes it.
    element: String,
    /// Its `style:name`.
    name: String,
    /// What it shows so far.
    kind: FormatKind,
}

/// Starts a data style at a `number:*-style` element.
fn open_data_style(e: &BytesStart<'_>) -> Option<OpenDataStyle> {
    let kind = match e.name().as_ref() {
        "number:percentage-style" => FormatKind::Percent { decimals: 0 },
        "number:date-style" => FormatKind::Date { era: false, time: false },
        "number:time-style" => FormatKind::Time,
        "number:number-style"
        | "number:currency-style"
        | "number:boolean-style"
        | "number:text-style" => FormatKind::Other,
        _ => return None,
    };
    let element = e.name().as_ref().to_owned();
    Some(OpenDataStyle { element, name: attr(e, "style:name")?, kind })
}

/// Updates a data style with one of its child elements.
fn update_data_style(open: &mut OpenDataStyle, e: &BytesStart<'_>) {
    let child = e.name();
    open.kind = match (open.kind, child.as_ref()) {
        (FormatKind::Percent { .. }, "number:number") => {
            let places = attr(e, "number:decimal-places").and_then(|d| d.parse().ok());
            FormatKind::Percent { decimals: places.unwrap_or(0) }
        }
        (FormatKind::Date { time, .. }, "number:era") => FormatKind::Date { era: true, time },
        (FormatKind::Date { time, era }, "number:year") => {
            let gengou = attr(e, "number:calendar").is_some_and(|c| c == "gengou");
            FormatKind::Date { era: era || gengou, time }
        }
        (FormatKind::Date { era, .. }, "number:hours" | "number:minutes" | "number:seconds") => {
            FormatKind::Date { era, time: true }
        }
        (kind, _) => kind,
    };
}

/// A cell style at a `style:style` element of the table-cell family.
fn cell_style(e: &BytesStart<'_>) -> Option<(String, CellStyle)> {
    if attr(e, "style:family").as_deref() != Some("table-cell") {
        return None;
    }
    let style = CellStyle {
        data_style: attr(e, "style:data-style-name"),
        parent: attr(e, "style:parent-style-name"),
    };
    Some((attr(e, "style:name")?, style))
}

/// An attribute's value, entities resolved; `None` when missing or malformed.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let value = e.try_get_attribute(name).ok()??;
    value.normalized_value(XmlVersion::Implicit1_0).ok().map(std::borrow::Cow::into_owned)
}

/// A count attribute, `default` when missing or not a number; huge counts saturate (the
/// callers cap them as calamine does).
fn count_attr(e: &BytesStart<'_>, name: &str, default: u32) -> u32 {
    let count = attr(e, name).and_then(|v| v.parse::<u64>().ok());
    count.map_or(default, |n| u32::try_from(n).unwrap_or(u32::MAX))
}

// Tables

/// A run of columns sharing a default cell style.
#[derive(Debug)]
struct ColumnRun {
    /// First column, 0-based.
    first: u32,
    /// One past the last column.
    end: u32,
    /// `table:default-cell-style-name`.
    style: String,
}

/// Where the parser is inside the current `table:table`.
#[derive(Debug, Default)]
struct TableState {
    /// The sheet name.
    name: String,
    /// What was found so far.
    sheet: OdsSheet,
    /// Column default styles.
    columns: Vec<ColumnRun>,
    /// Next column of `table:table-column` elements.
    next_column: u32,
    /// First row of the current row element, 0-based.
    row: u32,
    /// Rows the current row element stands for.
    row_repeat: u32,
    /// The current row's default cell style.
    row_style: Option<String>,
    /// Next column in the current row.
    col: u32,
}

/// The streaming parser of both parts.
struct Parser<'s> {
    /// Styles read so far.
    styles: &'s mut StyleBook,
    /// The data style being read.
    data_style: Option<OpenDataStyle>,
    /// The table being read.
    table: Option<TableState>,
    /// Finished sheets.
    sheets: HashMap<String, OdsSheet>,
    /// Most formatted cells kept per sheet.
    max_cells: usize,
}

impl<'s> Parser<'s> {
    /// A parser filling `styles`.
    fn new(styles: &'s mut StyleBook, max_cells: u64) -> Self {
        let max_cells = usize::try_from(max_cells).unwrap_or(usize::MAX);
        Self { styles, data_style: None, table: None, sheets: HashMap::new(), max_cells }
    }

    /// Reads events to the end of the part.
    fn run<R: BufRead>(&mut self, reader: &mut quick_xml::Reader<R>) -> quick_xml::Result<()> {
        let mut buf = Vec::new();
        let mut skip = Vec::new();
        loop {
            match reader.read_event_into(&mut buf)? {
                Event::Start(e) => {
                    if let Some(cell) = self.start(&e) {
                        // Cell contents (paragraphs, annotations, nested tables) are only
                        // measured, as calamine skips them for positions.
                        let name = e.name().as_ref().to_owned();
                        let text = cell_text_bytes(reader, &name, &mut skip)?;
                        self.count_cell(cell, text);
                    }
                }
                Event::End(e) => self.end(e.name().as_ref()),
                Event::Eof => return Ok(()),
                _ => {}
            }
            buf.clear();
        }
    }

    /// Handles a start tag; for a cell, what the caller counts once it has measured the
    /// cell's content.
    fn start(&mut self, e: &BytesStart<'_>) -> Option<CountedCell> {
        match e.name().as_ref() {
            "table:table" => self.start_table(e),
            "table:table-column" => self.column(e),
            "table:table-row" => self.start_row(e),
            "table:table-cell" | "table:covered-table-cell" if self.table.is_some() => {
                return self.cell(e);
            }
            "style:style" => {
                if let Some((name, style)) = cell_style(e) {
                    self.styles.cells.insert(name, style);
                }
            }
            _ => match &mut self.data_style {
                Some(open) => update_data_style(open, e),
                None => self.data_style = open_data_style(e),
            },
        }
        None
    }

    /// Counts a non-empty cell, its repeats and its text in the sheet's area.
    fn count_cell(&mut self, cell: CountedCell, content_bytes: u64) {
        let Some(t) = &mut self.table else { return };
        if cell.non_empty {
            let text = cell.tag_bytes.saturating_add(content_bytes);
            t.sheet.area.add_block(cell.first, cell.repeat, text);
        }
    }

    /// Handles an end tag.
    fn end(&mut self, name: &str) {
        match name {
            "table:table" => {
                if let Some(table) = self.table.take() {
                    self.sheets.insert(table.name, table.sheet);
                }
            }
            "table:table-row" => {
                if let Some(t) = &mut self.table {
                    t.row = t.row.saturating_add(t.row_repeat);
                }
            }
            _ if self.data_style.as_ref().is_some_and(|open| open.element == name) => {
                if let Some(open) = self.data_style.take() {
                    self.styles.data.insert(open.name, open.kind);
                }
            }
            _ => {}
        }
    }

    /// `table:table`: a new sheet.
    fn start_table(&mut self, e: &BytesStart<'_>) {
        let name = attr(e, "table:name").unwrap_or_default();
        self.table = Some(TableState { name, ..TableState::default() });
    }

    /// `table:table-column`: column default styles.
    fn column(&mut self, e: &BytesStart<'_>) {
        let Some(t) = &mut self.table else { return };
        let repeat = count_attr(e, "table:number-columns-repeated", 1);
        let first = t.next_column;
        t.next_column = first.saturating_add(repeat).min(MAX_COLUMNS);
        // Runs are sorted, disjoint and never empty, so there are at most MAX_COLUMNS of them
        // and `column_style` can binary-search them.
        let style = attr(e, "table:default-cell-style-name").filter(|_| t.next_column > first);
        if let Some(style) = style {
            t.columns.push(ColumnRun { first, end: t.next_column, style });
        }
    }

    /// `table:table-row`: a new row element, repeats capped as calamine caps them.
    fn start_row(&mut self, e: &BytesStart<'_>) {
        let Some(t) = &mut self.table else { return };
        let repeat = count_attr(e, "table:number-rows-repeated", 1);
        t.row_repeat = repeat.min(MAX_ROWS.saturating_sub(t.row));
        t.row_style = attr(e, "table:default-cell-style-name");
        t.col = 0;
    }

    /// A cell: its format, its merge, and the columns it takes.
    fn cell(&mut self, e: &BytesStart<'_>) -> Option<CountedCell> {
        let t = self.table.as_mut()?;
        let repeat = count_attr(e, "table:number-columns-repeated", 1);
        let repeat = repeat.min(MAX_COLUMNS.saturating_sub(t.col));
        // What calamine keeps as a value: a typed value or a formula.
        let non_empty =
            attr(e, "office:value-type").is_some() || attr(e, "table:formula").is_some();
        let counted = CountedCell {
            first: (t.row, t.col),
            repeat: (t.row_repeat, repeat),
            non_empty,
            tag_bytes: u64::try_from(e.len()).unwrap_or(u64::MAX),
        };
        if e.name().as_ref() == "table:table-cell" {
            let kind = cell_kind(self.styles, t, e);
            if let Some(kind) = kind {
                record_format(t, kind, repeat, self.max_cells);
            }
            record_merge(t, e);
        }
        t.col = t.col.saturating_add(repeat);
        Some(counted)
    }
}

/// A cell as the area counts it.
#[derive(Debug, Clone, Copy)]
struct CountedCell {
    /// Its first position, 0-based.
    first: (u32, u32),
    /// Rows and columns it stands for.
    repeat: (u32, u32),
    /// Whether calamine keeps a value for it.
    non_empty: bool,
    /// Bytes of its start tag (attribute values such as `office:string-value`).
    tag_bytes: u64,
}

/// Reads a cell's content up to its end tag (the start tag is read) and returns the bytes
/// of text it holds, counting the spaces each `text:s text:c="n"` stands for (calamine
/// writes them all out).
fn cell_text_bytes<R: BufRead>(
    reader: &mut quick_xml::Reader<R>,
    name: &str,
    buf: &mut Vec<u8>,
) -> quick_xml::Result<u64> {
    let (mut depth, mut bytes) = (0_u32, 0_u64);
    loop {
        buf.clear();
        match reader.read_event_into(buf)? {
            Event::Start(e) if e.name().as_ref() == name => depth += 1,
            Event::Start(e) if e.name().as_ref() == "text:s" => {
                let spaces = attr(&e, "text:c").and_then(|v| v.parse::<u64>().ok());
                bytes = bytes.saturating_add(spaces.unwrap_or(1));
            }
            Event::End(e) if e.name().as_ref() == name => {
                if depth == 0 {
                    return Ok(bytes);
                }
                depth -= 1;
            }
            Event::Text(t) => {
                bytes = bytes.saturating_add(u64::try_from(t.len()).unwrap_or(u64::MAX));
            }
            Event::Eof => return Ok(bytes),
            _ => {}
        }
    }
}

/// The kind to record for a cell: percentages, and dates in an era style.
fn cell_kind(styles: &StyleBook, t: &TableState, e: &BytesStart<'_>) -> Option<FormatKind> {
    // Only percentage and date cells need their style looked up.
    let value_type = attr(e, "office:value-type").filter(|v| v == "percentage" || v == "date")?;
    let style = attr(e, "table:style-name")
        .or_else(|| t.row_style.clone())
        .or_else(|| column_style(t, t.col).map(str::to_owned));
    let kind = style.map_or(FormatKind::Other, |s| styles.kind(&s));
    match (value_type.as_str(), kind) {
        ("percentage", FormatKind::Percent { decimals }) => Some(FormatKind::Percent { decimals }),
        ("percentage", _) => Some(FormatKind::Percent { decimals: 0 }),
        ("date", FormatKind::Date { era: true, time }) => {
            Some(FormatKind::Date { era: true, time })
        }
        _ => None,
    }
}

/// The default cell style of a column.
fn column_style(t: &TableState, col: u32) -> Option<&str> {
    let after = t.columns.partition_point(|c| c.end <= col);
    t.columns.get(after).filter(|c| c.first <= col).map(|c| c.style.as_str())
}

/// Records a cell's kind at every position its repeats cover, within the cap.
fn record_format(t: &mut TableState, kind: FormatKind, repeat: u32, max_cells: usize) {
    for row in t.row..t.row.saturating_add(t.row_repeat) {
        for col in t.col..t.col.saturating_add(repeat) {
            if t.sheet.formats.len() >= max_cells {
                return;
            }
            t.sheet.formats.insert((row, col), kind);
        }
    }
}

/// Records the merged region a spanning cell starts.
fn record_merge(t: &mut TableState, e: &BytesStart<'_>) {
    let cols = count_attr(e, "table:number-columns-spanned", 1).max(1);
    let rows = count_attr(e, "table:number-rows-spanned", 1).max(1);
    if cols == 1 && rows == 1 {
        return;
    }
    let last_row = t.row.saturating_add(rows - 1);
    let last_col = t.col.saturating_add(cols - 1);
    t.sheet.merged.push(Dimensions::new((t.row, t.col), (last_row, last_col)));
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<office:document-styles><office:styles>
        <number:date-style style:name="N145"><number:year number:style="long"/><number:text>/</number:text><number:month/></number:date-style>
        <style:style style:name="Default" style:family="table-cell"/>
        </office:styles></office:document-styles>"#;

    const CONTENT: &str = r#"<office:document-content><office:automatic-styles>
        <number:percentage-style style:name="N11"><number:number number:decimal-places="2"/><number:text>%</number:text></number:percentage-style>
        <number:date-style style:name="N10045"><number:era number:calendar="gengou"/><number:year number:calendar="gengou"/></number:date-style>
        <number:date-style style:name="N2"><number:year number:calendar="gengou"/><number:month/></number:date-style>
        <style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N11"/>
        <style:style style:name="ce4" style:family="table-cell" style:data-style-name="N10045"/>
        <style:style style:name="ce5" style:family="table-cell" style:data-style-name="N145"/>
        <style:style style:name="ce6" style:family="table-cell" style:parent-style-name="ce4"/>
        <style:style style:name="ce7" style:family="table-cell" style:data-style-name="N2"/>
        </office:automatic-styles><office:body><office:spreadsheet>
        <table:table table:name="S">
        <table:table-column table:number-columns-repeated="3"/><table:table-column table:default-cell-style-name="ce2"/>
        <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="5"/></table:table-row>
        <table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="2" office:value-type="string"><text:p>見出し</text:p></table:table-cell><table:covered-table-cell/><table:table-cell/><table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50.00%</text:p></table:table-cell></table:table-row>
        <table:table-row><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell table:style-name="ce4" office:value-type="date" office:date-value="2019-04-01"/><table:table-cell table:style-name="ce5" office:value-type="date" office:date-value="2019-04-01"/><table:table-cell table:style-name="ce6" office:value-type="date" office:date-value="2019-04-01"/><table:table-cell table:style-name="ce7" office:value-type="date" office:date-value="2019-04-01"/></table:table-row>
        </table:table></office:spreadsheet></office:body></office:document-content>"#;

    #[test]
    fn positions_formats_and_merges() {
        let sheets = parse_str(STYLES, CONTENT);
        let sheet = &sheets["S"];
        assert_eq!(sheet.merged, [Dimensions::new((2, 0), (3, 1))]);
        let era = FormatKind::Date { era: true, time: false };
        assert_eq!(sheet.formats.get(&(2, 3)), Some(&FormatKind::Percent { decimals: 2 }));
        assert_eq!(sheet.formats.get(&(3, 2)), Some(&era), "era style");
        assert_eq!(sheet.formats.get(&(3, 3)), None, "plain date style");
        assert_eq!(sheet.formats.get(&(3, 4)), Some(&era), "inherited from the parent style");
        assert_eq!(sheet.formats.get(&(3, 5)), Some(&era), "gengou year");
        assert_eq!(sheet.formats.len(), 4);
    }

    #[test]
    fn default_styles_of_rows_and_columns() {
        let content = r#"<number:percentage-style style:name="P1"><number:number number:decimal-places="1"/></number:percentage-style>
            <style:style style:name="c1" style:family="table-cell" style:data-style-name="P1"/>
            <table:table table:name="D">
            <table:table-column table:number-columns-repeated="0" table:default-cell-style-name="c1"/>
            <table:table-column table:number-columns-repeated="2"/>
            <table:table-column table:number-columns-repeated="99999999999" table:default-cell-style-name="c1"/>
            <table:table-row><table:table-cell office:value-type="percentage"/><table:table-cell/><table:table-cell office:value-type="percentage"/></table:table-row>
            <table:table-row table:default-cell-style-name="c1"><table:table-cell office:value-type="percentage"/></table:table-row>
            </table:table>"#;
        let sheets = parse_str("<x/>", content);
        let formats = &sheets["D"].formats;
        assert_eq!(formats.get(&(0, 0)), Some(&FormatKind::Percent { decimals: 0 }), "no style");
        let one = FormatKind::Percent { decimals: 1 };
        assert_eq!(formats.get(&(0, 2)), Some(&one), "column default");
        assert_eq!(formats.get(&(1, 0)), Some(&one), "row default");
    }

    #[test]
    fn repeated_rows_and_cells_are_capped() {
        let content = r#"<table:table table:name="R"><table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="99999" office:value-type="percentage" office:value="1"/></table:table-row></table:table>"#;
        let sheets = parse_str("<x/>", content);
        assert_eq!(sheets["R"].formats.len(), 1000);
    }

    /// `fixtures/workbook.ods`, as `make_fixtures.py` wrote it.
    const FIXTURE: &[u8] = include_bytes!("../../fixtures/workbook.ods");

    #[test]
    fn fixture_extras() {
        let out = read_unguarded(FIXTURE, 1000);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        let kpi = &out.sheets["KPI"];
        let mut merged = kpi.merged.clone();
        merged.sort_by_key(|d| d.start);
        assert_eq!(merged, [Dimensions::new((0, 0), (0, 4)), Dimensions::new((2, 0), (3, 0))]);
        assert_eq!(kpi.formats.get(&(2, 3)), Some(&FormatKind::Percent { decimals: 2 }));
        assert_eq!(kpi.formats.get(&(3, 3)), Some(&FormatKind::Percent { decimals: 0 }));
        let dates = &out.sheets["日付"];
        let era = FormatKind::Date { era: true, time: false };
        assert_eq!(dates.formats.get(&(1, 1)), Some(&era));
        assert_eq!(dates.formats.get(&(2, 1)), Some(&era));
        assert_eq!(dates.formats.get(&(3, 1)), None, "plain date");
    }

    #[test]
    fn truncated_or_garbled_fixture_never_panics() {
        for cut in (0..FIXTURE.len()).step_by(101) {
            let _ = read_unguarded(FIXTURE.get(..cut).unwrap(), 1000);
        }
        for at in (0..FIXTURE.len()).step_by(211) {
            let mut bytes = FIXTURE.to_vec();
            for b in bytes.iter_mut().skip(at).take(4) {
                *b ^= 0x5A;
            }
            let _ = read_unguarded(&bytes, 1000);
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let out = read_unguarded(b"PK\x03\x04 not really a zip", 10);
        assert_eq!(out.problems.len(), 2);
        assert!(out.sheets.is_empty());
    }

    /// Parses a styles part and a content part given as text (for tests).
    fn parse_str(styles: &str, content: &str) -> HashMap<String, OdsSheet> {
        let mut book = StyleBook::default();
        let mut parser = Parser::new(&mut book, 1000);
        for part in [styles, content] {
            let mut reader = quick_xml::Reader::from_reader(part.as_bytes());
            reader.config_mut().expand_empty_elements = true;
            parser.run(&mut reader).unwrap();
        }
        parser.sheets
    }
}
