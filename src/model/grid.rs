//! Decoded cells: one [`Grid`] per workbook sheet or text dump, as the decode stage read it.

use std::sync::{Arc, OnceLock};

use serde::Serialize;

use super::{Location, a1};

/// Whether a grid came from a workbook sheet or from a line-oriented text input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GridKind {
    /// A sheet of an .xlsx/.xlsm/.xlsb/.xls/.ods workbook (or an HTML table): rows and columns.
    Sheet,
    /// A text dump, CSV or TSV: one row per line (CSV records may span lines).
    Text,
}

/// One sheet or text dump: rows of cells with their positions.
///
/// Rows are in reading order; every line of a text input is a row (blank lines included, with
/// no cells), so paragraph structure survives. Empty cells are left out of [`Row::cells`]; a
/// cell's position is its [`Cell::col`], never its index in the vector.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// The input file, as named in provenance.
    pub file: Arc<str>,
    /// The sheet name (workbooks); `None` for text inputs.
    pub sheet: Option<Arc<str>>,
    /// Sheet or text.
    pub kind: GridKind,
    /// The rows, in order.
    pub rows: Vec<Row>,
    /// Merged regions of the sheet (workbooks only).
    pub merged: Vec<MergedRegion>,
    /// Number of rows (last used row, 1-based), for `source.sheets`.
    pub height: u32,
    /// Number of columns (last used column, 1-based), for `source.sheets`.
    pub width: u32,
}

/// One row of a sheet or one line (CSV record) of a text input.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based sheet row, or 1-based line where the row starts.
    pub number: u32,
    /// The non-empty cells, sorted by column.
    pub cells: Vec<Cell>,
}

/// One decoded cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// 1-based column (workbook column or tab/comma-separated field).
    pub col: u32,
    /// For a cell whose HTML held `<th>`/`<td>` fragments: 0 for the text before the first
    /// fragment, 1.. for each fragment, all sharing `col`. `None` for an ordinary cell.
    pub fragment: Option<u16>,
    /// The cell's content with its type.
    pub content: CellContent,
    /// For a cell covered by a merged region, the 1-based (row, col) of the cell that holds the
    /// value; the value was carried from there.
    pub merged_from: Option<(u32, u32)>,
    /// The normalized forms of the cell's text, computed on first use; build cells with
    /// `FormsCache::default()`. A cache, not data: cells that differ only in it are equal.
    pub forms: FormsCache,
}

/// The [`TextForms`] of one cell, computed at most once, on first use, by
/// `normalize::cell_text`.
///
/// Why a cache on the cell: the extract stage tries up to 19 recognizers at every row, and
/// each asks again for the folded, space-free or HTML-free text of the same cells (is this a
/// header word? a year label? a department?). Folding is the costliest step of that, so each
/// cell is folded once and every recognizer reads the result. It lives on the cell rather than
/// in a view built beside the grid so that every function that holds a `&Cell` — the
/// recognizers pass rows and cells around, never indices — reaches it without a new
/// parameter, and so that cells no recognizer reads (typed numbers of a workbook, say) are
/// never folded. A `OnceLock` keeps [`Grid`] `Send` and `Sync`.
///
/// The cache is filled from [`Cell::content`], which must not change afterwards: decode
/// builds cells, later stages only read them.
#[derive(Clone, Default)]
pub struct FormsCache(OnceLock<Box<TextForms>>);

impl FormsCache {
    /// The cached forms, computed by `init` on first use.
    pub(crate) fn get_or_init(&self, init: impl FnOnce() -> TextForms) -> &TextForms {
        self.0.get_or_init(|| Box::new(init()))
    }
}

impl PartialEq for FormsCache {
    /// Always equal: the cache is derived from the cell's content, which is compared instead.
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for FormsCache {
    /// Prints `FormsCache` only: what the cache holds is derived from the content.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormsCache")
    }
}

/// The normalized forms of a cell's text, as `normalize::cell_text` computes them once per
/// cell and its accessors return them. Each form is stored only where it differs from the
/// form it derives from (`None`: the same text), so a cell that needs no folding costs no
/// string at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextForms {
    /// The text of a typed cell (`CellContent::to_raw_text`); `None` for a text cell, whose
    /// raw text is its content.
    pub(crate) raw: Option<Box<str>>,
    /// The raw text with HTML removed, where that changes it.
    pub(crate) plain: Option<Box<str>>,
    /// The plain text folded (`fold_text`), where that changes it.
    pub(crate) clean: Option<Box<str>>,
    /// The folded plain text without white space, where that changes it.
    pub(crate) key: Option<Box<str>>,
    /// The raw text folded and without white space, where it differs from `key` (only when
    /// the raw text held HTML).
    pub(crate) compact: Option<Box<str>>,
    /// The trimmed raw text folded, where it differs from `clean`.
    pub(crate) folded_trimmed: Option<Box<str>>,
}

/// A cell's content, typed as the file typed it.
#[derive(Debug, Clone, PartialEq)]
pub enum CellContent {
    /// Text, exactly as read (HTML and all; normalize cleans it).
    Text(String),
    /// A number cell (formula cells give their cached result).
    Number(f64),
    /// A number cell formatted as a percentage: the percent value (0.956 shown as 95.6%
    /// becomes `Percent(95.6)`) and the number of decimals the format shows.
    Percent {
        /// The percent value (not the fraction).
        value: f64,
        /// Decimals shown by the number format (`0.00%` → 2).
        decimals: u8,
    },
    /// A boolean cell.
    Bool(bool),
    /// A date cell: ISO `yyyy-mm-dd`; `era` is true when the number format was a Japanese era
    /// format (`ggge"年"m"月"d"日"`, `[$-ja-JP-x-gannen]…`).
    Date {
        /// ISO date.
        iso: String,
        /// Formatted with a Japanese era (和暦) format.
        era: bool,
    },
    /// A date-time or time cell, ISO 8601.
    DateTime(String),
    /// A duration cell, ISO 8601.
    Duration(String),
    /// A spreadsheet error value (`#DIV/0!`, `#N/A`, …).
    Error(String),
}

impl CellContent {
    /// The cell as text: what a person would read in it. Used as the `raw` of its Value.
    pub fn to_raw_text(&self) -> String {
        match self {
            CellContent::Text(s) | CellContent::DateTime(s) | CellContent::Duration(s) => s.clone(),
            CellContent::Number(n) => format_number(*n),
            CellContent::Percent { value, decimals } => {
                format!("{:.*}%", usize::from(*decimals), value)
            }
            CellContent::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            CellContent::Date { iso, .. } => iso.clone(),
            CellContent::Error(e) => e.clone(),
        }
    }
}

/// Formats a number the way a spreadsheet shows it in General format: integers without a
/// fraction, other numbers with the shortest exact representation.
pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{n:.0}") } else { n.to_string() }
}

/// A merged region of a sheet, 1-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MergedRegion {
    /// First row.
    pub first_row: u32,
    /// First column.
    pub first_col: u32,
    /// Last row.
    pub last_row: u32,
    /// Last column.
    pub last_col: u32,
}

impl MergedRegion {
    /// The region in A1 notation: `B2:D3`.
    pub fn to_a1(&self) -> String {
        format!("{}:{}", a1(self.first_row, self.first_col), a1(self.last_row, self.last_col))
    }
}

impl Grid {
    /// The provenance of a cell of this grid.
    pub fn location(&self, row: &Row, cell: &Cell) -> Location {
        self.location_at(row.number, cell.col, cell.merged_from)
    }

    /// The provenance of a row (its first column).
    pub fn row_location(&self, row: &Row) -> Location {
        match self.kind {
            GridKind::Text => Location::text_line(self.file.clone(), row.number, None),
            GridKind::Sheet => {
                let mut at = self.location_at(row.number, 1, None);
                at.col = None;
                at.cell = None;
                at
            }
        }
    }

    /// A grid-level location: file and sheet only.
    pub fn without_cell(mut at: Location) -> Location {
        at.row = None;
        at.col = None;
        at.cell = None;
        at.line = None;
        at
    }

    /// The provenance of a 1-based (row, col) position of this grid.
    pub fn location_at(&self, row: u32, col: u32, merged_from: Option<(u32, u32)>) -> Location {
        let mut at = match (&self.kind, &self.sheet) {
            (GridKind::Sheet, Some(sheet)) => {
                Location::sheet_cell(self.file.clone(), sheet.clone(), row, col)
            }
            _ => Location::text_line(self.file.clone(), row, Some(col)),
        };
        at.merged_from = merged_from.map(|(r, c)| a1(r, c));
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_text_of_typed_cells() {
        assert_eq!(CellContent::Number(45413.0).to_raw_text(), "45413");
        assert_eq!(CellContent::Number(1.45).to_raw_text(), "1.45");
        assert_eq!(CellContent::Percent { value: 95.6, decimals: 2 }.to_raw_text(), "95.60%");
        assert_eq!(CellContent::Bool(true).to_raw_text(), "TRUE");
    }

    #[test]
    fn merged_region_a1() {
        let region = MergedRegion { first_row: 2, first_col: 2, last_row: 3, last_col: 4 };
        assert_eq!(region.to_a1(), "B2:D3");
    }
}
