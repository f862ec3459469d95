//! Headings of the survey sheets that are not one plain cell: `基本目標1 基本的方向⇥<name>
//! <description>`, `基本目標3⇥<name>`, `施策大項目1(1) <name> <description>`,
//! `施策大項目3(1)⇥<name>`, `新規 施策大項目4(4) <name>` (a `new` marker on the section), and
//! a line `2(1)へ移動` under a heading (a `moved` marker on the section).
//!
//! The title is the name up to the first space: the description that follows it in the same
//! cell is prose, and the description lines under a heading are left to the grid's table.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Grid, Row};
use crate::normalize::text::fold_keep_spaces;

use super::Context;
use super::edition::{cells_of, leading_marker, plain};
use super::sections::Level;

/// `基本目標1`, optionally followed by `基本的方向`.
static GOAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^基本目標\s*([0-9]+)\s*(?:基本的方向)?\s*$").unwrap_or_else(|_| unreachable!())
});

/// `新規 施策大項目4(4) 自治体DX・官民連携の推進 …`.
static POLICY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(新規\s*)?施策大項目\s*([0-9]+\([0-9]+\))\s*(.*)$")
        .unwrap_or_else(|_| unreachable!())
});

/// Recognizes a 基本目標 or 施策大項目 heading, or a move line under one.
pub(crate) fn recognize(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let row = grid.rows.get(start)?;
    let texts: Vec<&str> = cells_of(row).map(plain).collect();
    let first = fold_keep_spaces(texts.first()?).into_owned();
    let second = texts.get(1).map(|t| first_words(t));
    if let Some(captures) = GOAL.captures(&first) {
        let number = captures.get(1)?.as_str();
        let second = second?;
        let at = grid.row_location(row);
        ctx.sections.open(Level::Goal, Some(number), Some(&second), at, &mut ctx.diagnostics);
        return Some(1);
    }
    if let Some(captures) = POLICY.captures(&first) {
        return open_policy(ctx, grid, row, &captures, second);
    }
    move_line(ctx, &texts)
}

/// Opens a 施策大項目 section; its title is in the same cell or the next.
fn open_policy(
    ctx: &mut Context,
    grid: &Grid,
    row: &Row,
    captures: &regex::Captures<'_>,
    second: Option<String>,
) -> Option<usize> {
    let number = captures.get(2)?.as_str();
    let own = captures.get(3).map(|m| first_words(m.as_str())).filter(|t| !t.is_empty());
    let title = own.or(second);
    let at = grid.row_location(row);
    ctx.sections.open(Level::Policy, Some(number), title.as_deref(), at, &mut ctx.diagnostics);
    if let Some(new) = captures.get(1) {
        let section = ctx.sections.current_id().map(str::to_owned);
        if let Some((marker, _)) = leading_marker(new.as_str(), section.as_deref()) {
            ctx.sections.mark_current(marker);
        }
    }
    Some(1)
}

/// A line that is only a move marker (`2(1)へ移動`): a marker on the open section.
fn move_line(ctx: &mut Context, texts: &[&str]) -> Option<usize> {
    let [text] = texts else { return None };
    let section = ctx.sections.current_id().map(str::to_owned);
    let (marker, rest) = leading_marker(text, section.as_deref())?;
    if !rest.is_empty() || marker.kind != crate::model::MarkerKind::Moved {
        return None;
    }
    ctx.sections.mark_current(marker);
    Some(1)
}

/// The name at the start of a cell: the text up to the first space.
fn first_words(text: &str) -> String {
    let spaced = fold_keep_spaces(text.trim()).into_owned();
    spaced.split_whitespace().next().unwrap_or_default().to_owned()
}
