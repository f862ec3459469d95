//! HTML table exports (web systems save them under an .xls name): one sheet [`Grid`] per
//! `<table>`, `<tr>` = row, `<td>`/`<th>` = cell.
//!
//! Takes decoded text; places cells honouring `colspan`/`rowspan` (spans become
//! [`MergedRegion`]s, carried like workbook merges), and runs each cell's inner HTML through
//! [`super::html::to_plain_text`]. Grids are named `Table1`, `Table2`, … in document order.
//! Nested tables are read as tables of their own.

use std::collections::HashSet;
use std::sync::Arc;

use crate::model::{Cell, CellContent, FormsCache, Grid, MergedRegion};

use super::html::{Tag, tags, to_plain_text};
use super::sheet::{self, Placed};
use super::{DecodeErrorKind, DecodeOptions};

/// Spans larger than this are clamped (no real export spans more).
const MAX_SPAN: u32 = 1000;

/// Whether decoded text is an HTML document or table: it starts (after whitespace) with
/// `<html`, `<table` or `<!DOCTYPE`.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let head = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let head = head.get(..head.len().min(16)).unwrap_or(head);
    let head: String = head.chars().take(9).collect::<String>().to_ascii_lowercase();
    ["<html", "<table", "<!doctype"].iter().any(|p| head.starts_with(p))
}

/// One `<td>`/`<th>` as read: its raw inner HTML and spans.
#[derive(Debug)]
struct RawCell {
    /// Inner HTML.
    html: String,
    /// `colspan`, at least 1.
    colspan: u32,
    /// `rowspan`, at least 1.
    rowspan: u32,
}

/// Tables → rows → cells, as read.
type RawTable = Vec<Vec<RawCell>>;

/// Reads every `<table>` of an HTML document into a grid.
pub(crate) fn read(
    file: &Arc<str>,
    text: &str,
    opts: &DecodeOptions,
) -> Result<Vec<Grid>, DecodeErrorKind> {
    scan_tables(text, opts)?
        .into_iter()
        .enumerate()
        .map(|(i, table)| {
            let (cells, merged) = place(table, opts)?;
            let name: Arc<str> = Arc::from(format!("Table{}", i + 1));
            sheet::build(file.clone(), name, cells, merged, opts)
        })
        .collect()
}

/// The scanner's state while walking the tags.
#[derive(Default)]
struct Scanner {
    /// Finished tables.
    tables: Vec<RawTable>,
    /// The table being read.
    table: Option<RawTable>,
    /// The open cell: where its inner HTML starts, and its spans.
    cell: Option<(usize, u32, u32)>,
    /// How many `<table>`s are open.
    depth: u32,
}

impl Scanner {
    /// Ends the open cell at byte `end`.
    fn close_cell(&mut self, text: &str, end: usize) {
        let Some((start, colspan, rowspan)) = self.cell.take() else { return };
        let html = text.get(start..end).unwrap_or_default().to_owned();
        let table = self.table.get_or_insert_with(Vec::new);
        if table.is_empty() {
            table.push(Vec::new());
        }
        if let Some(row) = table.last_mut() {
            row.push(RawCell { html, colspan, rowspan });
        }
    }

    /// Handles one tag.
    fn tag(&mut self, text: &str, tag: &Tag<'_>) {
        if tag.is_table_cell() || tag.is("tr") || tag.is("table") {
            self.close_cell(text, tag.start);
        }
        if tag.is("table") {
            if let Some(done) = self.table.take() {
                self.tables.push(done);
            }
            if tag.closing {
                self.depth = self.depth.saturating_sub(1);
            } else {
                self.depth = self.depth.saturating_add(1);
                self.table = Some(Vec::new());
            }
        } else if tag.is("tr") && !tag.closing {
            self.table.get_or_insert_with(Vec::new).push(Vec::new());
        } else if tag.is_table_cell() && !tag.closing {
            let span = |name| tag.numeric_attr(name).unwrap_or(1).clamp(1, MAX_SPAN);
            self.cell = Some((tag.end, span("colspan"), span("rowspan")));
        }
    }
}

/// Splits the document into tables of raw cells. The scan is a loop over the tags, never a
/// recursion, so deep nesting costs no stack; `max_html_depth` still refuses absurd nesting.
///
/// # Errors
///
/// [`DecodeErrorKind::TooDeep`] when `<table>`s nest deeper than `max_html_depth`, and
/// [`DecodeErrorKind::TooLarge`] for a cell over `max_cell_bytes`.
fn scan_tables(text: &str, opts: &DecodeOptions) -> Result<Vec<RawTable>, DecodeErrorKind> {
    let mut scanner = Scanner::default();
    for tag in tags(text) {
        scanner.tag(text, &tag);
        if scanner.depth > opts.max_html_depth {
            return Err(DecodeErrorKind::TooDeep { max: opts.max_html_depth });
        }
    }
    scanner.close_cell(text, text.len());
    if let Some(done) = scanner.table.take() {
        scanner.tables.push(done);
    }
    scanner.tables.retain(|t| t.iter().any(|row| !row.is_empty()));
    let cells = scanner.tables.iter().flatten().flatten();
    for cell in cells {
        DecodeErrorKind::check_cell(&cell.html, opts)?;
    }
    Ok(scanner.tables)
}

/// Gives every cell its 1-based position: each cell takes the first column of its row not
/// covered by a `rowspan` from above.
fn place(
    table: RawTable,
    opts: &DecodeOptions,
) -> Result<(Vec<Placed>, Vec<MergedRegion>), DecodeErrorKind> {
    let mut occupied: HashSet<(u32, u32)> = HashSet::new();
    let mut cells = Vec::new();
    let mut merged = Vec::new();
    for (row_index, raw_row) in (1u32..).zip(table) {
        let mut col = 1u32;
        for raw in raw_row {
            while occupied.contains(&(row_index, col)) {
                col = col.saturating_add(1);
            }
            if col > opts.max_columns {
                return Err(DecodeErrorKind::too_many_columns(opts));
            }
            let last_row = row_index.saturating_add(raw.rowspan - 1);
            let last_col = col.saturating_add(raw.colspan - 1);
            for r in row_index..=last_row {
                occupied.extend((col..=last_col).map(|c| (r, c)));
            }
            if raw.rowspan > 1 || raw.colspan > 1 {
                merged.push(MergedRegion {
                    first_row: row_index,
                    first_col: col,
                    last_row,
                    last_col,
                });
            }
            let text = to_plain_text(&raw.html);
            if !text.trim().is_empty() {
                let content = CellContent::Text(text.into_owned());
                cells.push((
                    row_index,
                    Cell {
                        col,
                        fragment: None,
                        content,
                        merged_from: None,
                        forms: FormsCache::default(),
                    },
                ));
            }
            col = last_col.saturating_add(1);
            if u64::try_from(occupied.len()).unwrap_or(u64::MAX) > opts.max_cells {
                return Err(DecodeErrorKind::too_many_cells(opts));
            }
        }
    }
    Ok((cells, merged))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_html() {
        assert!(looks_like_html("\u{feff}  <!DOCTYPE html><html>"));
        assert!(looks_like_html("<TABLE border=1>"));
        assert!(!looks_like_html("<平成 29 年度～令和 3 年度>"));
    }

    #[test]
    fn spans_are_placed_and_carried() {
        let html = "<table><tr><th colspan=2>見出し</th><th rowspan=2>担当課</th></tr>\
                    <tr><td>A&amp;B</td><td>2</td></tr></table>";
        let grids = read(&Arc::from("t.xls"), html, &DecodeOptions::default()).unwrap();
        assert_eq!(grids.len(), 1);
        let grid = &grids[0];
        assert_eq!(grid.merged.len(), 2);
        assert_eq!((grid.height, grid.width), (2, 3));
        let row2 = &grid.rows[1].cells;
        assert_eq!(row2[0].content, CellContent::Text("A&B".into()));
        assert_eq!(row2[2].merged_from, Some((1, 3)));
        assert_eq!(grid.rows[0].cells[1].merged_from, Some((1, 1)));
    }
}
