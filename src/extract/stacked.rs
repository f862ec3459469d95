//! Stacked cells (field guide §2.5): several KPIs written into one row, each cell holding a
//! prefix — a known header label (`H30基準値`) or an indicator name — and then one value per
//! KPI, separated by spaces (`H30基準値 221人 5,930人`, `がん検診平均受診率 7.8% 9,806人`).
//!
//! Two shapes are read. A whole **stacked row** under no header ([`read_row`]): its indicator
//! cell is an edition KPI label followed by the names (`第2期 KPI 健康運動リーダー養成数
//! 認知症サポーター養成講座の受講者数`). And **stacked cells inside a measure row**
//! ([`in_edition`]): two or more text cells of one edition that each end in the same number
//! N ≥ 2 of values; their role comes from the KPI column of the measure header above them
//! (`R5基準値`, `R11目標値`), else from the header label they start with, and a header label
//! that contradicts its column is reported (`extract.column_realigned`).
//!
//! Both are transposed into N `kpi` records. A KPI whose name is not printed gets one only by
//! evidence: another KPI of the same section (else of the document) whose latest actual is
//! exactly this KPI's baseline (`extract.name_inferred`, citing that line). Without evidence
//! its values are kept in a `table` record (`extract.row_unassigned`).

use crate::model::{
    Cell, Diagnostic, Grid, Kpi, Location, Record, RecordCommon, Row, Table, Value, ValueKind,
    YearValue,
};
use crate::normalize::{self, ColumnHint, ValueContext};

use super::Context;
use super::cells::{self, clean_text};
use super::edition::{cells_of, phase_of, plain, report};
use super::header::{self, Role};
use super::kpi_table::{self, Slot, SlotRole};
use super::vocab;

/// A header label's role and era year.
type LabelRole = (Role, Option<i32>);

/// A KPI value column of a measure header (`R5基準値` over the 第3期 half of the row).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ValueColumn {
    /// 1-based column of the label.
    col: u32,
    /// Baseline, actual or target, and the label's year.
    role: LabelRole,
    /// The header row.
    at: Location,
}

/// A cell that ends in values: what precedes them and the values, one per KPI.
#[derive(Debug)]
struct StackedCell<'a> {
    cell: &'a Cell,
    /// The header label the cell starts with (`R5基準値`).
    label: Option<LabelRole>,
    /// The words before the values when they are not a header label: names.
    names: Option<String>,
    /// One token per KPI.
    values: Vec<String>,
}

/// KPIs stacked in the text cells of one edition of a measure row.
#[derive(Debug)]
pub(crate) struct Stack<'a> {
    /// The stacked cells with the role they are read as and the header naming it.
    cells: Vec<(StackedCell<'a>, LabelRole, Location)>,
    /// How many KPIs.
    count: usize,
}

// --- Stacked rows ---

/// A stacked row: every cell starts with a header label and holds one value per KPI after it
/// (`H30基準値 221人 5,930人`). Transposed into one `kpi` record per name.
pub(crate) fn read_row(ctx: &mut Context, grid: &Grid, row: &Row) -> Option<usize> {
    let (name_cell, phase, names) = cells_of(row).find_map(stacked_names)?;
    let stacked: Vec<(&Cell, LabelRole, Vec<String>)> =
        cells_of(row).filter_map(|c| labelled_cell(c, names.len())).collect();
    if stacked.len() < header::MIN_HEADER_LABELS {
        return None;
    }
    let header_at = grid.row_location(row);
    for (position, name) in names.iter().enumerate() {
        let at = grid.location(row, name_cell);
        let mut kpi = new_kpi(ctx, clean_text(name), phase.clone(), at);
        for (cell, role, tokens) in &stacked {
            let Some(token) = tokens.get(position) else { continue };
            let at = grid.location(row, cell);
            stacked_value(ctx, &mut kpi, (cell.col, *role), token, (&at, &header_at));
        }
        ctx.push(Record::Kpi(kpi));
    }
    Some(1)
}

/// A new `kpi` record of the open 施策.
fn new_kpi(ctx: &mut Context, indicator: String, phase: Option<String>, at: Location) -> Kpi {
    Kpi {
        common: RecordCommon {
            id: ctx.next_id("kpi"),
            section: kpi_table::kpi_section(ctx, "KPI"),
            provenance: at,
            ..RecordCommon::default()
        },
        indicator,
        level: Some("KPI".to_owned()),
        phase,
        ..Kpi::default()
    }
}

/// The space-separated words of a text, width folded.
fn words_of(text: &str) -> Vec<String> {
    let text = normalize::text::fold_keep_spaces(text).into_owned();
    text.split_whitespace().map(str::to_owned).collect()
}

/// A stacked indicator cell: an edition KPI label followed by the names
/// (`第2期 KPI 健康運動リーダー養成数 認知症サポーター養成講座の受講者数`).
fn stacked_names(cell: &Cell) -> Option<(&Cell, Option<String>, Vec<String>)> {
    let words = words_of(plain(cell));
    (1..words.len()).find_map(|split| {
        let label = words.get(..split)?.concat();
        let phase = phase_of(&label)?;
        if !label.ends_with(vocab::KPI) {
            return None;
        }
        Some((cell, Some(phase), words.get(split..)?.to_vec()))
    })
}

/// A cell that starts with a known header label followed by exactly `count` values: the
/// label's role and year, and the values. The label is what is left of the last `count`
/// words, so a label with a space (`評価 (R6.4現在)`) is kept whole.
fn labelled_cell(cell: &Cell, count: usize) -> Option<(&Cell, LabelRole, Vec<String>)> {
    let words = words_of(plain(cell));
    let split = words.len().checked_sub(count).filter(|s| *s >= 1)?;
    let role = header::label_role(&words.get(..split)?.concat())?;
    Some((cell, role, words.get(split..)?.to_vec()))
}

/// One stacked value of one KPI, at the cell `at`, under the labels of the row `header_at`.
fn stacked_value(
    ctx: &mut Context,
    kpi: &mut Kpi,
    (col, (role, year)): (u32, LabelRole),
    token: &str,
    (at, header_at): (&Location, &Location),
) {
    let slot = |role| Slot { col, role, year };
    match role {
        Role::Baseline => put_value(ctx, kpi, &slot(SlotRole::Baseline), token, at, header_at),
        Role::Target => put_value(ctx, kpi, &slot(SlotRole::Target), token, at, header_at),
        Role::Actual => put_value(ctx, kpi, &slot(SlotRole::Actual), token, at, header_at),
        Role::Grade => {
            let grade = ValueContext { hint: Some(ColumnHint::Grade), ..ValueContext::default() };
            kpi.grade = Some(normalize::parse(token, &grade).value.at(at.clone()));
        }
        Role::Department if year.is_none_or(|y| kpi_department_year(kpi, y)) => {
            if kpi.departments.is_empty() {
                kpi.common.locate(crate::model::TextField::Departments, at.clone());
            }
            kpi.departments.push(token.to_owned());
        }
        _ => {}
    }
}

/// Parses a stacked value and puts it into its field, with the year of its header label.
fn put_value(
    ctx: &mut Context,
    kpi: &mut Kpi,
    slot: &Slot,
    token: &str,
    at: &Location,
    header_at: &Location,
) {
    let mut value = parse_token(ctx, token, at);
    kpi_table::header_year(ctx, &mut value, slot, Some(header_at));
    kpi_table::put(kpi, slot, value);
    kpi_table::drop_shadowed_placeholders(kpi);
}

/// A value token of a stacked cell, its issues reported at the cell.
fn parse_token(ctx: &mut Context, token: &str, at: &Location) -> Value {
    let numeric = ValueContext { hint: Some(ColumnHint::Numeric), ..ValueContext::default() };
    let parsed = normalize::parse(token, &numeric);
    report(&mut ctx.diagnostics, parsed.issues, at);
    parsed.value.at(at.clone())
}

/// Whether a department column's year belongs to the record's edition (the 第2期 results
/// name the R5 department; R6担当課 is the 第3期's).
fn kpi_department_year(kpi: &Kpi, year: i32) -> bool {
    kpi.departments.is_empty() && (kpi.phase.as_deref() != Some("第2期") || year <= 2023)
}

// --- Stacked cells inside a measure row ---

/// The KPI value columns of a measure header row (`R5基準値`, `R11目標値`).
pub(crate) fn value_columns(grid: &Grid, row: &Row) -> Vec<ValueColumn> {
    cells_of(row)
        .filter_map(|cell| {
            let role = header::cell_label_role(cell)?;
            matches!(role.0, Role::Baseline | Role::Actual | Role::Target).then(|| ValueColumn {
                col: cell.col,
                role,
                at: grid.row_location(row),
            })
        })
        .collect()
}

/// The stacked KPI cells among the text cells of one measure edition: at least two cells
/// ending in the same number (at least two) of values, each with a value role (from the
/// header column above it, else from its own label), no role twice, and at most one cell of
/// names. `None` leaves the cells as text.
pub(crate) fn in_edition<'a>(
    grid: &Grid,
    row: &Row,
    texts: &[(&'a Cell, String)],
    columns: &[ValueColumn],
) -> Option<Stack<'a>> {
    let split: Vec<StackedCell<'a>> =
        texts.iter().filter_map(|(cell, text)| split_values(cell, text)).collect();
    let count = split.first()?.values.len();
    if split.len() < 2 || count < 2 || split.iter().any(|s| s.values.len() != count) {
        return None;
    }
    if split.iter().filter(|s| s.names.is_some()).count() > 1 {
        return None;
    }
    let mut cells: Vec<(StackedCell<'a>, LabelRole, Location)> = Vec::new();
    for stacked in split {
        let column = columns.iter().find(|c| c.col == stacked.cell.col);
        let (role, at) = match (column, stacked.label) {
            (Some(column), _) => (column.role, column.at.clone()),
            (None, Some(label)) => (label, grid.row_location(row)),
            (None, None) => return None,
        };
        let value_role = matches!(role.0, Role::Baseline | Role::Actual | Role::Target);
        if !value_role || cells.iter().any(|(_, r, _)| *r == role) {
            return None;
        }
        cells.push((stacked, role, at));
    }
    Some(Stack { cells, count })
}

/// A text cell that ends in two or more values after a short prefix (a header label or
/// names, not a sentence).
fn split_values<'a>(cell: &'a Cell, text: &str) -> Option<StackedCell<'a>> {
    /// Longer prefixes are prose, not a label or a name.
    const MAX_PREFIX_CHARS: usize = 60;
    let words = words_of(text);
    let first_value = words.iter().rposition(|w| !is_value_token(w)).map_or(0, |i| i + 1);
    let values = words.get(first_value..)?.to_vec();
    let prefix = words.get(..first_value)?.join(" ");
    if values.len() < 2
        || prefix.chars().count() > MAX_PREFIX_CHARS
        || prefix.contains(['。', '【', '・', '○'])
    {
        return None;
    }
    let label = header::label_role(&prefix);
    let names = (label.is_none() && !prefix.is_empty()).then_some(prefix);
    Some(StackedCell { cell, label, names, values })
}

/// Whether a word is one number, quantity, percentage or amount.
fn is_value_token(word: &str) -> bool {
    cells::may_be_number(word) && parses_as_value(word)
}

/// [`is_value_token`] without its early exit.
fn parses_as_value(word: &str) -> bool {
    let numeric = ValueContext { hint: Some(ColumnHint::Numeric), ..ValueContext::default() };
    let kind = normalize::parse(word, &numeric).value.kind;
    matches!(kind, ValueKind::Number | ValueKind::Quantity | ValueKind::Percent | ValueKind::Money)
}

impl Stack<'_> {
    /// Whether a cell is one of the stacked cells.
    pub(crate) fn holds(&self, cell: &Cell) -> bool {
        self.cells.iter().any(|(s, _, _)| s.cell.col == cell.col)
    }

    /// Writes the KPIs of the stack, in the edition `phase`, with the edition's departments
    /// (one per KPI when there are as many) and the cell they were read from.
    pub(crate) fn write(
        self,
        ctx: &mut Context,
        (grid, row): (&Grid, &Row),
        phase: &str,
        (departments, departments_at): (&[String], Option<&Location>),
    ) {
        self.report_contradicted_labels(ctx, grid, row);
        let names = self.names(grid, row);
        for (position, name) in names.into_iter().enumerate() {
            let Some(mut kpi) = self.kpi(ctx, (grid, row), phase, position, name) else {
                continue;
            };
            kpi.departments = match departments.get(position) {
                Some(own) if departments.len() == self.count => vec![own.clone()],
                _ => departments.to_vec(),
            };
            if let Some(at) = departments_at {
                kpi.common.locate(crate::model::TextField::Departments, at.clone());
            }
            kpi.common.id = ctx.next_id("kpi");
            ctx.push(Record::Kpi(kpi));
        }
    }

    /// The printed name of each KPI: one per word when the names cell holds as many words as
    /// there are KPIs, else the whole prefix names the first.
    fn names(&self, grid: &Grid, row: &Row) -> Vec<Option<(String, Location)>> {
        let mut names: Vec<Option<(String, Location)>> = vec![None; self.count];
        let Some((cell, printed)) =
            self.cells.iter().find_map(|(s, _, _)| Some((s.cell, s.names.clone()?)))
        else {
            return names;
        };
        let at = grid.location(row, cell);
        let words: Vec<&str> = printed.split_whitespace().collect();
        if words.len() == self.count {
            for (slot, word) in names.iter_mut().zip(words) {
                *slot = Some((clean_text(word), at.clone()));
            }
        } else if let Some(first) = names.first_mut() {
            *first = Some((clean_text(&printed), at));
        }
        names
    }

    /// The KPI at `position`, with its name printed or recovered; `None` (its values kept in
    /// a table) when it has no name and no evidence for one.
    fn kpi(
        &self,
        ctx: &mut Context,
        (grid, row): (&Grid, &Row),
        phase: &str,
        position: usize,
        name: Option<(String, Location)>,
    ) -> Option<Kpi> {
        let first_at = grid.location(row, self.cells.first()?.0.cell);
        // The id is handed out when the record is written: a KPI kept as a table has none.
        let mut kpi = Kpi {
            common: RecordCommon {
                id: String::new(),
                section: kpi_table::kpi_section(ctx, "KPI"),
                provenance: first_at,
                ..RecordCommon::default()
            },
            level: Some("KPI".to_owned()),
            phase: Some(phase.to_owned()),
            ..Kpi::default()
        };
        for (stacked, role, header_at) in &self.cells {
            let Some(token) = stacked.values.get(position) else { continue };
            let at = grid.location(row, stacked.cell);
            stacked_value(ctx, &mut kpi, (stacked.cell.col, *role), token, (&at, header_at));
        }
        if let Some((name, at)) = name {
            kpi.indicator = name;
            kpi.common.provenance = at;
            return Some(kpi);
        }
        let section = kpi.common.section.clone();
        let Some((name, evidence)) = recovered_name(ctx, section.as_deref(), kpi.baseline.as_ref())
        else {
            self.unassigned(ctx, grid, row, position);
            return None;
        };
        name_inferred(ctx, &kpi, &name, position, &evidence, self.count);
        kpi.indicator = name;
        Some(kpi)
    }

    /// A header label written in a stacked cell that says another role than the column the
    /// cell sits under: the column is followed, and the label reported.
    fn report_contradicted_labels(&self, ctx: &mut Context, grid: &Grid, row: &Row) {
        for (stacked, role, _) in &self.cells {
            let Some(label) = stacked.label.filter(|l| l != role) else { continue };
            ctx.diagnostics.push(Diagnostic::warning(
                "extract.column_realigned",
                format!(
                    "the cell starts with the header text of a {} column{} but sits under a {} \
                     column{}; its values are read by the column",
                    role_name(label.0),
                    year_note(label.1),
                    role_name(role.0),
                    year_note(role.1),
                ),
                grid.location(row, stacked.cell),
            ));
        }
    }

    /// The values of a KPI with no name and no evidence for one: kept as a table.
    fn unassigned(&self, ctx: &mut Context, grid: &Grid, row: &Row, position: usize) {
        let values: Vec<Option<Value>> = self
            .cells
            .iter()
            .filter_map(|(s, _, _)| {
                let token = s.values.get(position)?;
                let parsed = normalize::parse(token, &ValueContext::default());
                Some(Some(parsed.value.at(grid.location(row, s.cell))))
            })
            .collect();
        let Some(Some(first)) = values.first() else { return };
        let at = first.provenance.as_deref().cloned().unwrap_or_else(|| grid.row_location(row));
        ctx.diagnostics.push(Diagnostic::warning(
            "extract.row_unassigned",
            format!(
                "KPI {} of {} stacked in these cells has no name, and no KPI elsewhere has its \
                 baseline as its latest actual; its values are kept as a table",
                position + 1,
                self.count
            ),
            at.clone(),
        ));
        let table = Table {
            common: ctx.common("table", at),
            title: None,
            header: Vec::new(),
            rows: vec![values],
        };
        ctx.push(Record::Table(table));
    }
}

/// A short English name of a value role, for messages.
fn role_name(role: Role) -> &'static str {
    match role {
        Role::Baseline => "基準値 (baseline)",
        Role::Target => "目標値 (target)",
        Role::Actual => "実績 (actual)",
        _ => "other",
    }
}

/// ` (2023)` for a label year.
fn year_note(year: Option<i32>) -> String {
    year.map_or_else(String::new, |y| format!(" ({y})"))
}

/// The name of the one KPI (same section first, else the document) whose latest actual is
/// exactly `baseline` (value, unit and, when both say one, year), with that actual's
/// location. `None` when there is none or several.
fn recovered_name(
    ctx: &Context,
    section: Option<&str>,
    baseline: Option<&Value>,
) -> Option<(String, Location)> {
    let baseline = baseline.filter(|b| !b.is_missing() && b.value.is_some())?;
    let matches: Vec<(&Kpi, &YearValue)> = ctx
        .records
        .iter()
        .filter_map(|r| if let Record::Kpi(k) = r { Some(k) } else { None })
        .filter_map(|k| Some((k, latest_actual(k)?)))
        .filter(|(_, actual)| same_value(baseline, actual))
        .collect();
    let in_section: Vec<&(&Kpi, &YearValue)> =
        matches.iter().filter(|(k, _)| k.common.section.as_deref() == section).collect();
    let pool: Vec<&(&Kpi, &YearValue)> =
        if in_section.is_empty() { matches.iter().collect() } else { in_section };
    let (kpi, actual) = pool.first()?;
    if pool.iter().any(|(k, _)| k.indicator != kpi.indicator) {
        return None;
    }
    let at = actual.value.provenance.as_deref().cloned();
    let at = at.unwrap_or_else(|| kpi.common.provenance.clone());
    Some((kpi.indicator.clone(), at))
}

/// The latest actual of a KPI that holds a value.
fn latest_actual(kpi: &Kpi) -> Option<&YearValue> {
    kpi.actuals.iter().filter(|a| !a.value.is_missing()).max_by_key(|a| a.year)
}

/// Whether an actual is exactly the baseline: value and unit, and the year when the baseline
/// names one.
fn same_value(baseline: &Value, actual: &YearValue) -> bool {
    baseline.value == actual.value.value
        && baseline.unit == actual.value.unit
        && baseline.year.is_none_or(|year| year == actual.year)
}

/// Reports a recovered KPI name with the evidence line.
fn name_inferred(
    ctx: &mut Context,
    kpi: &Kpi,
    name: &str,
    position: usize,
    evidence: &Location,
    count: usize,
) {
    let baseline = kpi.baseline.as_ref().map_or("", |b| b.raw.as_str());
    ctx.diagnostics.push(Diagnostic::info(
        "extract.name_inferred",
        format!(
            "KPI {} of {count} stacked here has no name; read as {name}, whose latest actual \
             at {evidence} is exactly {baseline}, this KPI's baseline",
            position + 1
        ),
        kpi.common.provenance.clone(),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CellContent;

    proptest::proptest! {
        // The early exit of `is_value_token` only skips words that do not parse as a value.
        #[test]
        fn a_word_without_a_digit_is_no_value(
            word in "([0-9０-９.,%円人件千万億△▲+\\-()（）約以上&#;x]|\\PC){0,10}"
        ) {
            proptest::prop_assert!(cells::may_be_number(&word) || !parses_as_value(&word));
        }
    }

    fn cell(text: &str) -> Cell {
        Cell {
            col: 1,
            fragment: None,
            content: CellContent::Text(text.to_owned()),
            merged_from: None,
            forms: crate::model::FormsCache::default(),
        }
    }

    #[test]
    fn cells_ending_in_values() {
        let named = cell("がん検診平均受診率 7.8% 9,806人");
        let split = split_values(&named, "がん検診平均受診率 7.8% 9,806人").unwrap();
        assert_eq!(split.names.as_deref(), Some("がん検診平均受診率"));
        assert_eq!(split.values, ["7.8%", "9,806人"]);
        let labelled = cell("R5基準値 8.4% 14,600人");
        let split = split_values(&labelled, "R5基準値 8.4% 14,600人").unwrap();
        assert_eq!(split.label, Some((Role::Baseline, Some(2023))));
        assert!(split.names.is_none());
        // One value, or prose before the values, is not a stacked cell.
        assert!(split_values(&named, "受診率 7.8%").is_none());
        assert!(split_values(&named, "目標を達成した。 3件 4件").is_none());
        assert!(split_values(&named, "・健康増進事業 ・予防接種事業").is_none());
    }
}
