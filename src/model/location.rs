//! Provenance: where a cell, value, record or diagnostic came from.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Where something was read: a file and, inside it, a sheet cell or a text line.
///
/// All numbers are 1-based, like `csv::Position`. Spreadsheets give `sheet`, `row`, `col` and
/// `cell` (the A1 reference); text dumps give `line` and `col` (the tab-separated column).
/// Displayed as `r6.xlsx:KPI!C12` or `dump.txt:123:4`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Location {
    /// The input file, as given on the command line (or `-` for stdin).
    pub file: Arc<str>,
    /// The sheet name, for workbooks.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sheet: Option<Arc<str>>,
    /// 1-based row, for workbooks.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub row: Option<u32>,
    /// 1-based column (workbook column, or tab-separated field of a text line).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub col: Option<u32>,
    /// A1 reference of the cell, for workbooks (`"D12"`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cell: Option<String>,
    /// 1-based line, for text, CSV and TSV inputs.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<u32>,
    /// For a cell covered by a merged region: the A1 reference of the cell that holds the value.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub merged_from: Option<String>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(file: impl Into<Arc<str>>) -> Self {
        Self { file: file.into(), ..Self::default() }
    }

    /// A workbook cell, from its 1-based row and column.
    pub fn sheet_cell(file: Arc<str>, sheet: Arc<str>, row: u32, col: u32) -> Self {
        Self {
            file,
            sheet: Some(sheet),
            row: Some(row),
            col: Some(col),
            cell: Some(a1(row, col)),
            ..Self::default()
        }
    }

    /// A text line and, optionally, its 1-based tab-separated column.
    pub fn text_line(file: Arc<str>, line: u32, col: Option<u32>) -> Self {
        Self { file, line: Some(line), col, ..Self::default() }
    }

    /// The same place, one column further right or left (for values found by position).
    #[must_use]
    pub fn with_col(&self, col: u32) -> Self {
        let mut moved = self.clone();
        moved.col = Some(col);
        if let (Some(row), Some(_)) = (moved.row, moved.cell.as_ref()) {
            moved.cell = Some(a1(row, col));
        }
        moved
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ":{sheet}")?;
            if let Some(cell) = &self.cell {
                write!(f, "!{cell}")?;
            } else if let Some(row) = self.row {
                write!(f, "!{row}")?;
            }
            return Ok(());
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.col {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

/// The A1 reference of a 1-based row and column: `a1(12, 4) == "D12"`.
///
/// Column 0 (which no real cell has) is written as `A`.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col.max(1);
    while n > 0 {
        let rem = (n - 1) % 26;
        // rem < 26, so the addition stays inside ASCII uppercase.
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &row.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(1, 1), "A1");
        assert_eq!(a1(12, 4), "D12");
        assert_eq!(a1(3, 26), "Z3");
        assert_eq!(a1(3, 27), "AA3");
        assert_eq!(a1(7, 702), "ZZ7");
        assert_eq!(a1(7, 703), "AAA7");
        assert_eq!(a1(1, 16_384), "XFD1");
    }

    #[test]
    fn display_forms() {
        let cell = Location::sheet_cell("r6.xlsx".into(), "KPI".into(), 12, 3);
        assert_eq!(cell.to_string(), "r6.xlsx:KPI!C12");
        let line = Location::text_line("dump.txt".into(), 123, Some(4));
        assert_eq!(line.to_string(), "dump.txt:123:4");
        assert_eq!(Location::file("a.csv").to_string(), "a.csv");
    }
}
