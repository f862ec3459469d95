//! Extract stage: decoded grids → a [`Document`] of records.
//!
//! Until the layout recognizers exist, every sheet or text dump becomes one generic `table`
//! record whose cells are normalized [`crate::model::Value`]s with their provenance, so that
//! nothing is dropped and the output already has the contract's shape.

use crate::decode::Decoded;
use crate::model::{Document, Grid, Record, RecordCommon, Table, Value};
use crate::normalize::{self, ValueContext};

/// Options for the extract stage.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {}

/// Builds the document of one decoded input.
pub fn document(decoded: Decoded, opts: &ExtractOptions) -> Document {
    let _ = opts;
    let mut document = Document::new(decoded.source);
    document.diagnostics = decoded.diagnostics;
    for (index, grid) in decoded.grids.iter().enumerate() {
        document.records.push(Record::Table(grid_table(grid, index + 1)));
    }
    document
}

/// One `table` record holding every row of a grid, empty cells as `null`.
fn grid_table(grid: &Grid, ordinal: usize) -> Table {
    let provenance = grid.location_at(1, 1, None);
    let rows = grid.rows.iter().map(|row| row_values(grid, row)).collect();
    Table {
        common: RecordCommon {
            id: format!("table-{ordinal}"),
            section: None,
            provenance: Grid::without_cell(provenance),
            markers: Vec::new(),
        },
        title: grid.sheet.as_deref().map(str::to_owned),
        header: Vec::new(),
        rows,
    }
}

/// The cells of one row as Values, positioned by column (gaps are `None`).
fn row_values(grid: &Grid, row: &crate::model::Row) -> Vec<Option<Value>> {
    let width = row.cells.iter().map(|c| c.col).max().unwrap_or(0) as usize;
    let mut values = vec![None; width];
    for cell in &row.cells {
        let parsed = normalize::parse_cell(&cell.content, &ValueContext::default());
        let value = parsed.value.at(grid.location(row, cell));
        let index = (cell.col as usize).checked_sub(1);
        if let Some(slot) = index.and_then(|i| values.get_mut(i)) {
            // A cell split into HTML fragments keeps its first fragment in place.
            if slot.is_none() {
                *slot = Some(value);
            }
        }
    }
    values
}
