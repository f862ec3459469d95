//! One-cell-per-line regions. Placeholder.

use crate::model::Grid;

use super::Context;

/// Recognizes a flattened region.
pub(crate) fn recognize(_ctx: &mut Context, _grid: &Grid, _start: usize) -> Option<usize> {
    None
}
