//! Header rows: which column holds what, recognized by the header words, never by index.
//!
//! A row is a header when at least [`MIN_HEADER_LABELS`] of its cells are known labels. Each
//! label becomes a [`Column`] with its [`Role`] and, for labels with an era prefix (`R6実績値`,
//! `H30基準値`), the Gregorian year the column is about.

use crate::model::{Cell, Row};
use crate::normalize::{self, ColumnHint, ValueContext};

use super::cells;
use super::vocab::{self, compact};

/// How many known labels make a row a header.
pub(crate) const MIN_HEADER_LABELS: usize = 3;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// 数値目標: the plan-level indicator.
    GoalIndicator,
    /// KPI / 重要業績評価指標: an indicator name.
    Kpi,
    /// 担当課.
    Department,
    /// 事業名.
    ProjectName,
    /// 事務事業番号.
    ProjectCode,
    /// 事業概要.
    ProjectOutline,
    /// 単位.
    Unit,
    /// 目標値.
    Target,
    /// 実績 / 実績値.
    Actual,
    /// 基準値.
    Baseline,
    /// 評価 / 進捗度.
    Grade,
    /// 備考.
    Remarks,
}

/// One recognized header cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    /// 1-based column.
    pub(crate) col: u32,
    /// What it holds.
    pub(crate) role: Role,
    /// The year named by an era prefix (`R6実績値` → 2024).
    pub(crate) year: Option<i32>,
    /// The label as printed.
    pub(crate) label: String,
}

/// A recognized header row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Header {
    /// The row's number (line or sheet row).
    pub(crate) row: u32,
    /// The recognized columns, left to right.
    pub(crate) columns: Vec<Column>,
}

impl Header {
    /// The first column with `role`.
    pub(crate) fn find(&self, role: Role) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == role)
    }

    /// Whether the header has a column with `role`.
    pub(crate) fn has(&self, role: Role) -> bool {
        self.find(role).is_some()
    }
}

/// Recognizes a header row, or `None` when too few cells are header labels.
pub(crate) fn recognize(row: &Row) -> Option<Header> {
    let columns: Vec<Column> = row.cells.iter().filter_map(column_of).collect();
    (columns.len() >= MIN_HEADER_LABELS).then_some(Header { row: row.number, columns })
}

/// The header column a text cell names, if it is a known label.
fn column_of(cell: &Cell) -> Option<Column> {
    let crate::model::CellContent::Text(raw) = &cell.content else { return None };
    let label = cells::compact(cell);
    let (year, rest) = split_year_prefix(label);
    let role = role_of(rest)?;
    Some(Column { col: cell.col, role, year, label: raw.trim().to_owned() })
}

/// The role and era year a single label names (`R6目標値` → target, 2024), for header words
/// met outside a header row (one label per line, or a label left inside a data row).
pub(crate) fn label_role(raw: &str) -> Option<(Role, Option<i32>)> {
    compact_label_role(&compact(raw.trim()))
}

/// [`label_role`] of a cell's plain text ([`super::edition::plain`]), read from the cell's
/// cached key: the compact form of its plain text (trimming does not change a compact form).
pub(crate) fn cell_label_role(cell: &Cell) -> Option<(Role, Option<i32>)> {
    compact_label_role(cells::key(cell))
}

/// [`label_role`] of a label already compacted.
fn compact_label_role(label: &str) -> Option<(Role, Option<i32>)> {
    let (year, rest) = split_year_prefix(label);
    role_of(rest).map(|role| (role, year))
}

/// The role a (compacted, year-stripped) label names.
fn role_of(label: &str) -> Option<Role> {
    let role = match label {
        vocab::GOAL_INDICATOR => Role::GoalIndicator,
        vocab::KPI => Role::Kpi,
        l if l.starts_with(vocab::KPI_LONG) => Role::Kpi,
        l if l.ends_with(vocab::DEPARTMENT) => Role::Department,
        vocab::PROJECT_NAME => Role::ProjectName,
        vocab::PROJECT_CODE => Role::ProjectCode,
        vocab::PROJECT_OUTLINE => Role::ProjectOutline,
        vocab::UNIT => Role::Unit,
        vocab::TARGET => Role::Target,
        vocab::BASELINE => Role::Baseline,
        vocab::REMARKS => Role::Remarks,
        l if vocab::ACTUAL.contains(&l) => Role::Actual,
        l if vocab::GRADE.iter().any(|g| l.starts_with(g)) => Role::Grade,
        _ => return None,
    };
    Some(role)
}

/// Splits an era-year prefix off a label: `R6実績値` → (Some(2024), `実績値`).
fn split_year_prefix(label: &str) -> (Option<i32>, &str) {
    let digits_end = label
        .char_indices()
        .skip(1)
        .find(|(_, c)| !c.is_ascii_digit() && *c != '元')
        .map_or(label.len(), |(i, _)| i);
    let (prefix, rest) = label.split_at(digits_end);
    if prefix.len() < 2 || !prefix.starts_with(['M', 'T', 'S', 'H', 'R']) {
        return (None, label);
    }
    let ctx = ValueContext { hint: Some(ColumnHint::Year), ..ValueContext::default() };
    match normalize::parse(prefix, &ctx).value.year {
        Some(year) => (Some(year), rest),
        None => (None, label),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::html::to_plain_text;
    use crate::model::{CellContent, FormsCache};

    proptest::proptest! {
        // A cell's cached role is the role of its plain text, as the recognizers read it.
        #[test]
        fn cell_role_is_the_role_of_its_plain_text(
            raw in "[ \\t\\u{3000}<>/pbR６5H30元ＫＰＩ実績値基準目標担当課単位評価]{0,14}"
        ) {
            let plain = to_plain_text(&raw).trim().to_owned();
            let cell = Cell {
                col: 1,
                fragment: None,
                content: CellContent::Text(raw),
                merged_from: None,
                forms: FormsCache::default(),
            };
            proptest::prop_assert_eq!(cell_label_role(&cell), label_role(&plain));
        }
    }
}
