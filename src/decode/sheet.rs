//! Assembling a sheet [`Grid`] from positioned cells and merged regions, shared by the
//! workbook and HTML-table readers.
//!
//! Takes cells at absolute 1-based positions; sorts them into rows, carries each merged
//! region's anchor value to the covered cells (with `merged_from`), and computes the size.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::model::{Cell, CellContent, FormsCache, Grid, GridKind, MergedRegion, Row};

use super::{DecodeErrorKind, DecodeOptions};

/// A cell with its 1-based row.
pub(crate) type Placed = (u32, Cell);

/// Builds a sheet grid. Rows run from 1 to the last used row, empty rows included (so blank
/// separator rows stay visible, as blank lines do in text inputs).
///
/// # Errors
///
/// [`DecodeErrorKind::TooLarge`] when the cells, merged copies included, exceed `max_cells`.
pub(crate) fn build(
    file: Arc<str>,
    sheet: Arc<str>,
    mut cells: Vec<Placed>,
    merged: Vec<MergedRegion>,
    opts: &DecodeOptions,
) -> Result<Grid, DecodeErrorKind> {
    let height = cells.iter().map(|(r, _)| *r).max().unwrap_or(0);
    let width = cells.iter().map(|(_, c)| c.col).max().unwrap_or(0);
    carry_merged(&mut cells, &merged, (height, width), opts)?;
    cells.sort_by_key(|(row, cell)| (*row, cell.col, cell.fragment));
    let mut rows: Vec<Row> = (1..=height).map(|number| Row { number, cells: Vec::new() }).collect();
    for (row, cell) in cells {
        let index = usize::try_from(row.saturating_sub(1)).unwrap_or(usize::MAX);
        if let Some(target) = rows.get_mut(index) {
            target.cells.push(cell);
        }
    }
    Ok(Grid { file, sheet: Some(sheet), kind: GridKind::Sheet, rows, merged, height, width })
}

/// Copies each region's anchor value to its covered cells inside the used area.
fn carry_merged(
    cells: &mut Vec<Placed>,
    merged: &[MergedRegion],
    (height, width): (u32, u32),
    opts: &DecodeOptions,
) -> Result<(), DecodeErrorKind> {
    if merged.is_empty() {
        return Ok(());
    }
    let positions: HashMap<(u32, u32), usize> = cells
        .iter()
        .enumerate()
        .filter(|(_, (_, c))| c.fragment.is_none())
        .map(|(i, (r, c))| ((*r, c.col), i))
        .collect();
    let anchors: HashMap<(u32, u32), CellContent> = merged
        .iter()
        .filter_map(|m| {
            let anchor = (m.first_row, m.first_col);
            let (_, cell) = cells.get(*positions.get(&anchor)?)?;
            Some((anchor, cell.content.clone()))
        })
        .collect();
    let mut taken: HashSet<(u32, u32)> = cells.iter().map(|(r, c)| (*r, c.col)).collect();
    let mut count = u64::try_from(cells.len()).unwrap_or(u64::MAX);
    for region in merged {
        let Some(content) = anchors.get(&(region.first_row, region.first_col)) else { continue };
        for row in region.first_row..=region.last_row.min(height) {
            for col in region.first_col..=region.last_col.min(width) {
                if !taken.insert((row, col)) {
                    continue;
                }
                count += 1;
                if count > opts.max_cells {
                    return Err(DecodeErrorKind::too_many_cells(opts));
                }
                let from = Some((region.first_row, region.first_col));
                let cell = Cell {
                    col,
                    fragment: None,
                    content: content.clone(),
                    merged_from: from,
                    forms: FormsCache::default(),
                };
                cells.push((row, cell));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(row: u32, col: u32, s: &str) -> Placed {
        let cell = Cell {
            col,
            fragment: None,
            content: CellContent::Text(s.into()),
            merged_from: None,
            forms: FormsCache::default(),
        };
        (row, cell)
    }

    #[test]
    fn carries_anchor_values() {
        let cells = vec![text(1, 1, "見出し"), text(2, 1, "a"), text(2, 3, "c")];
        let merged = vec![MergedRegion { first_row: 1, first_col: 1, last_row: 1, last_col: 3 }];
        let grid = build("f".into(), "S".into(), cells, merged, &DecodeOptions::default()).unwrap();
        assert_eq!((grid.height, grid.width), (2, 3));
        let first = &grid.rows[0].cells;
        assert_eq!(first.len(), 3);
        assert_eq!(first[2].merged_from, Some((1, 1)));
        assert_eq!(first[2].content, CellContent::Text("見出し".into()));
        assert_eq!(first[0].merged_from, None);
    }
}
