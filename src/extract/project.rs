//! Project lists (具体的事業一覧): a header with 事業名, then one row per project.
//!
//! Columns are found by their header words ([`super::header`]), never by index. The columns
//! left of the department — 数値目標, the unheaded 施策 number and name, and the 施策-level KPI
//! — apply to the rows under them until the next value, as a merged cell would. A `KPI`
//! column left of 事業名 is the 施策's KPI; one right of it is the project's. A row with no
//! project name but a KPI continues the project above (a project may have several KPIs).

use crate::model::{
    Diagnostic, Grid, Location, Project, ProjectKpi, Record, RecordCommon, Row, TextField,
};
use crate::normalize::{self, ColumnHint, ValueContext};

use super::Context;
use super::cells::{clean_text, is_ordinal, split_list, text_at};
use super::header::{self, Header, Role};
use super::markers;
use super::sections::Level;

/// What the columns left of the department say; carried down the rows.
#[derive(Debug, Default)]
struct Carried {
    goal_indicator: Option<String>,
    measure_number: Option<String>,
}

/// Recognizes a project-list header (one with 事業名) at `grid.rows[start]` and reads the
/// project rows under it. Returns how many rows it consumed, header included.
pub(crate) fn recognize(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let header = header::recognize(grid.rows.get(start)?)?;
    if !header.has(Role::ProjectName) {
        return None;
    }
    let rows = grid.rows.get(start + 1..).unwrap_or_default();
    Some(1 + read_block(ctx, grid, &header, rows))
}

/// Reads the project rows under `header`, starting at `rows[0]`. Returns how many rows it
/// consumed (it stops at the next header or heading).
fn read_block(ctx: &mut Context, grid: &Grid, header: &Header, rows: &[Row]) -> usize {
    let mut carried = Carried::default();
    let mut consumed = 0;
    for row in rows {
        if super::is_boundary(row) {
            break;
        }
        consumed += 1;
        if row.cells.len() < 2 {
            if !row.cells.is_empty() {
                ctx.keep_unread(grid, row);
            }
            continue;
        }
        read_row(ctx, grid, header, row, &mut carried);
    }
    consumed
}

fn read_row(ctx: &mut Context, grid: &Grid, header: &Header, row: &Row, carried: &mut Carried) {
    read_left_columns(ctx, grid, header, row, carried);
    let name_col = header.find(Role::ProjectName).map(|c| c.col);
    match name_col.and_then(|col| text_at(row, col)) {
        Some(name) => {
            let project = new_project(ctx, grid, header, row, name);
            ctx.push(Record::Project(project));
        }
        None => continue_project(ctx, grid, header, row),
    }
}

/// A project row: name, codes, departments, outline, KPI, remarks and markers.
fn new_project(ctx: &mut Context, grid: &Grid, header: &Header, row: &Row, name: &str) -> Project {
    let name_col = header.find(Role::ProjectName).map_or(1, |c| c.col);
    let provenance = grid.location_at(row.number, name_col, None);
    let codes = header
        .find(Role::ProjectCode)
        .and_then(|c| text_at(row, c.col))
        .map(|raw| split_codes(ctx, raw, &provenance))
        .unwrap_or_default();
    let remarks = header.find(Role::Remarks).and_then(|c| text_at(row, c.col));
    let departments = department_column(header, name_col)
        .and_then(|col| text_at(row, col))
        .map(split_list)
        .unwrap_or_default();
    Project {
        common: located_fields(
            RecordCommon {
                markers: remarks.map(markers::from_remarks).unwrap_or_default(),
                ..ctx.common("project", provenance)
            },
            (grid, row),
            header,
            name_col,
        ),
        name: clean_text(name),
        codes,
        departments,
        description: header
            .find(Role::ProjectOutline)
            .and_then(|c| text_at(row, c.col))
            .map(clean_text),
        kpis: project_kpi(grid, header, row).into_iter().collect(),
        remarks: remarks.map(clean_text),
    }
}

/// A row without a project name: its KPI belongs to the project above.
fn continue_project(ctx: &mut Context, grid: &Grid, header: &Header, row: &Row) {
    let Some(kpi) = project_kpi(grid, header, row) else {
        ctx.keep_unread(grid, row);
        return;
    };
    match ctx.records.last_mut() {
        Some(Record::Project(project)) => project.kpis.push(kpi),
        _ => ctx.keep_unread(grid, row),
    }
}

/// The project-level KPI of a row: the `KPI` column right of 事業名, with its unit, target and
/// actual.
fn project_kpi(grid: &Grid, header: &Header, row: &Row) -> Option<ProjectKpi> {
    let name_col = header.find(Role::ProjectName)?.col;
    let kpi_col = header.columns.iter().find(|c| c.role == Role::Kpi && c.col > name_col)?.col;
    let name = text_at(row, kpi_col)?;
    let unit = header.find(Role::Unit).and_then(|c| text_at(row, c.col)).map(clean_text);
    let value_at = |role| {
        let col = header.find(role)?.col;
        let raw = text_at(row, col)?;
        let ctx = ValueContext {
            hint: Some(ColumnHint::Numeric),
            unit: unit.as_deref(),
            ..ValueContext::default()
        };
        Some(normalize::parse(raw, &ctx).value.at(grid.location_at(row.number, col, None)))
    };
    Some(ProjectKpi {
        name: clean_text(name),
        unit: unit.clone(),
        target: value_at(Role::Target),
        actual: value_at(Role::Actual),
        actual_year: header.find(Role::Actual).and_then(|c| c.year),
        provenance: Some(Box::new(grid.location_at(row.number, kpi_col, None))),
    })
}

/// The 数値目標, 施策 and 施策-level KPI columns: sections and indicator records.
fn read_left_columns(
    ctx: &mut Context,
    grid: &Grid,
    header: &Header,
    row: &Row,
    carried: &mut Carried,
) {
    if let Some(goal) = header.find(Role::GoalIndicator).and_then(|c| text_at(row, c.col)) {
        carried.goal_indicator = Some(clean_text(goal));
        let at = grid.location_at(
            row.number,
            header.find(Role::GoalIndicator).map_or(1, |c| c.col),
            None,
        );
        let section = ctx.sections.open_at(Level::Goal).map(str::to_owned);
        ctx.indicator(goal, "数値目標", section, at);
    }
    read_measure(ctx, grid, header, row, carried);
    let name_col = header.find(Role::ProjectName).map_or(u32::MAX, |c| c.col);
    let measure_kpi = header.columns.iter().find(|c| c.role == Role::Kpi && c.col < name_col);
    if let Some(column) = measure_kpi {
        if let Some(name) = text_at(row, column.col) {
            let at = grid.location_at(row.number, column.col, None);
            let section = ctx.sections.current_id().map(str::to_owned);
            ctx.indicator(name, "KPI", section, at);
        }
    }
}

/// The unheaded columns between the 数値目標 and the KPI/department columns: a 施策 number
/// (①) and its name. A row whose first unheaded cell is not a number cannot be assigned.
fn read_measure(ctx: &mut Context, grid: &Grid, header: &Header, row: &Row, carried: &mut Carried) {
    let first_headed_after_goal = header
        .columns
        .iter()
        .map(|c| c.col)
        .filter(|col| header.find(Role::GoalIndicator).is_none_or(|g| *col > g.col))
        .min()
        .unwrap_or(u32::MAX);
    let goal_col = header.find(Role::GoalIndicator).map_or(0, |c| c.col);
    let unheaded: Vec<_> =
        row.cells.iter().filter(|c| c.col > goal_col && c.col < first_headed_after_goal).collect();
    let Some(first) = unheaded.first() else { return };
    let first_text = first.content.to_raw_text();
    let number = first_text.trim();
    if !is_ordinal(number) {
        ctx.diagnostics.push(Diagnostic::warning(
            "extract.row_unassigned",
            format!("the 施策 columns hold {number:?}, not a 施策 number; the row's left cells are kept as a table"),
            grid.location(row, first),
        ));
        ctx.keep_unread_cells(grid, row, first_headed_after_goal);
        return;
    }
    let title = unheaded.get(1).map(|c| c.content.to_raw_text());
    let title = title.as_deref().map(|t| clean_text(t.trim().trim_start_matches(number)));
    if carried.measure_number.as_deref() != Some(number) || title.is_some() {
        let at = grid.location(row, first);
        ctx.sections.open(Level::Policy, Some(number), title.as_deref(), at, &mut ctx.diagnostics);
        carried.measure_number = Some(number.to_owned());
    }
}

/// The department column that belongs to the projects: the last 担当課 left of 事業名.
fn department_column(header: &Header, name_col: u32) -> Option<u32> {
    header
        .columns
        .iter()
        .filter(|c| c.role == Role::Department && c.col < name_col)
        .map(|c| c.col)
        .next_back()
}

/// A project's common fields with where its 担当課, 事業概要 and 備考 were read.
fn located_fields(
    common: RecordCommon,
    (grid, row): (&Grid, &Row),
    header: &Header,
    name_col: u32,
) -> RecordCommon {
    let column = |role| header.find(role).map(|c| c.col);
    let department = department_column(header, name_col);
    common
        .with_field(TextField::Departments, text_location(grid, row, department))
        .with_field(TextField::Description, text_location(grid, row, column(Role::ProjectOutline)))
        .with_field(TextField::Remarks, text_location(grid, row, column(Role::Remarks)))
}

/// Where the text of column `col` of a row was read, when the row has text there.
fn text_location(grid: &Grid, row: &Row, col: Option<u32>) -> Option<Location> {
    let col = col?;
    text_at(row, col)?;
    Some(grid.location_at(row.number, col, None))
}

/// Splits a code cell: several codes separated by spaces; `511-22他` ("and others") keeps
/// `511-22` and is reported as open-ended.
fn split_codes(ctx: &mut Context, raw: &str, at: &crate::model::Location) -> Vec<String> {
    let mut codes = Vec::new();
    for token in normalize::fold_text(raw).split_whitespace() {
        if let Some(code) = token.strip_suffix('他') {
            ctx.diagnostics.push(Diagnostic::warning(
                "extract.code_open_ended",
                format!("code {token:?} means {code} and others; only {code} is known"),
                at.clone(),
            ));
            codes.push(code.to_owned());
        } else {
            codes.push(token.to_owned());
        }
    }
    codes
}
