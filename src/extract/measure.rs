//! Measure rows (具体的な施策). Placeholder.

use crate::model::Grid;

use super::Context;

/// Recognizes a measure header.
pub(crate) fn recognize(_ctx: &mut Context, _grid: &Grid, _start: usize) -> Option<usize> {
    None
}
