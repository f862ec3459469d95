//! Extract stage: decoded grids → a [`Document`] of records and sections.
//!
//! Layouts are recognized by their words and structure — header labels, column roles,
//! headings, repeating blocks — never by line numbers or one document's column offsets, so
//! other municipalities' files of the same family are read too. Each layout has its own
//! recognizer module; this module walks every grid in reading order, keeps the section
//! hierarchy ([`sections`]), hands a block to the recognizer whose header it sees, and keeps
//! every row no recognizer understood in a `table` record, so nothing is dropped silently.
//!
//! # Adding a layout
//!
//! A recognizer is a function in its own module with the signature of [`Recognizer`]: given
//! the grid and a row index, it either declines (`None`) or reads the block that starts there
//! into records, sections and diagnostics on the [`Context`], and returns how many rows it
//! consumed. [`RECOGNIZERS`] lists them in the order they are tried at every row.
//!
//! Recognizers so far: project lists ([`project`]); the two-edition survey sheets — their
//! headings ([`headings`]), banded KPI tables ([`kpi_table`]), measure rows ([`measure`]),
//! one-cell-per-line regions ([`flattened`]) and stacked KPI cells ([`stacked`]), with
//! two-name cells reported at the end of the document ([`names`]); 総括シート indicator
//! tables ([`yearly`]), sheet fields, legends and count tables ([`summary`]), year-headed and
//! word-headed statistics ([`series`]), 数値目標 written as prose ([`goal_text`]); budget
//! cards with their 分野 / 施策の方向性 headings and KPI lines
//! ([`budget`], [`kpi_line`]); action-plan items with their table of contents, headings
//! and effect tables ([`item`], [`toc`], [`effect_table`]). Every other row is kept, with typed
//! cells, in one `table` record per grid.

mod budget;
mod cells;
mod edition;
mod effect_table;
mod flattened;
mod goal_text;
mod header;
mod headings;
mod item;
mod kpi_line;
mod kpi_table;
mod markers;
mod measure;
mod metadata;
mod names;
mod project;
mod sections;
mod series;
mod stacked;
mod summary;
mod toc;
mod vocab;
mod yearly;

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::decode::Decoded;
use crate::model::{
    Diagnostic, Document, Grid, Kpi, Location, Record, RecordCommon, Row, Table, Value,
};
use crate::normalize::{self, ValueContext};

use sections::{Level, SectionStack};

/// Options for the extract stage.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {}

/// Builds the document of one decoded input.
pub fn document(decoded: Decoded, opts: &ExtractOptions) -> Document {
    let _ = opts;
    let mut ctx = Context { diagnostics: decoded.diagnostics, ..Context::default() };
    for grid in &decoded.grids {
        ctx.sections.close_all();
        read_grid(&mut ctx, grid);
        ctx.flush_unread(grid);
    }
    names::report_ambiguous(&mut ctx);
    markers::add_text_markers(&mut ctx.records);
    let mut document = Document::new(decoded.source);
    document.metadata = metadata::read(&decoded.grids, &ctx.records, &mut ctx.diagnostics);
    document.sections = ctx.sections.into_sections();
    document.records = ctx.records;
    document.diagnostics = ctx.diagnostics;
    document
}

/// A layout recognizer: reads the block starting at `grid.rows[start]` and returns the number
/// of rows it consumed (at least 1), or `None` when the block is not its layout.
pub(crate) type Recognizer = fn(&mut Context, &Grid, usize) -> Option<usize>;

/// The recognizers, tried in this order at every row no earlier block consumed.
const RECOGNIZERS: [Recognizer; 19] = [
    summary::recognize_title_page,
    read_heading,
    project::recognize,
    summary::recognize_title,
    summary::recognize_legend,
    summary::recognize_counts,
    yearly::recognize,
    series::recognize,
    series::recognize_labelled,
    summary::recognize_goal_by_name,
    goal_text::recognize,
    summary::recognize_field,
    summary::recognize_continuation,
    headings::recognize,
    kpi_table::recognize,
    measure::recognize,
    flattened::recognize,
    budget::recognize,
    item::recognize,
];

/// Walks one grid: at each row the first recognizer that accepts it reads its block; rows no
/// recognizer accepts are kept for the grid's `table` record.
fn read_grid(ctx: &mut Context, grid: &Grid) {
    let mut index = 0;
    while let Some(row) = grid.rows.get(index) {
        let consumed = RECOGNIZERS.iter().find_map(|recognize| recognize(ctx, grid, index));
        if let Some(rows) = consumed {
            index += rows.max(1);
            continue;
        }
        if !row.cells.is_empty() {
            ctx.keep_unread(grid, row);
        }
        index += 1;
    }
}

/// A heading row opens its section.
fn read_heading(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let row = grid.rows.get(start)?;
    let heading = Heading::of(row)?;
    let at = grid.row_location(row);
    let number = Some(heading.number.as_str());
    ctx.sections.open(heading.level, number, heading.title.as_deref(), at, &mut ctx.diagnostics);
    Some(1)
}

/// A heading line: `基本目標Ⅰ 地域を元気にするしごとづくり`.
#[derive(Debug, Clone, PartialEq)]
struct Heading {
    level: Level,
    number: String,
    title: Option<String>,
}

static GOAL_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^基本目標\s*([0-9]+|[Ⅰ-Ⅻ]|[IVX]+)\s*[:：]?\s*(.*)$")
        .unwrap_or_else(|_| unreachable!())
});

impl Heading {
    /// The heading a row holds: a single cell that starts with a heading word and a number.
    fn of(row: &Row) -> Option<Heading> {
        let [cell] = row.cells.as_slice() else { return None };
        let crate::model::CellContent::Text(_) = &cell.content else { return None };
        let captures = GOAL_HEADING.captures(cells::folded_trimmed(cell))?;
        let number = captures.get(1)?.as_str().to_owned();
        let title = captures.get(2).map(|t| t.as_str().trim()).filter(|t| !t.is_empty());
        Some(Heading { level: Level::Goal, number, title: title.map(str::to_owned) })
    }
}

/// Whether a row ends the current block: a heading or a new header.
fn is_boundary(row: &Row) -> bool {
    Heading::of(row).is_some() || header::recognize(row).is_some()
}

/// What the recognizers share while one document is read.
#[derive(Debug, Default)]
pub(crate) struct Context {
    sections: SectionStack,
    records: Vec<Record>,
    diagnostics: Vec<Diagnostic>,
    /// Per record type, how many ids were handed out.
    counters: std::collections::BTreeMap<&'static str, usize>,
    /// (level, section, name) of the indicators already recorded.
    indicators: HashSet<(String, Option<String>, String)>,
    /// Rows of the current grid no recognizer understood, with the first column kept.
    unread: Vec<(u32, u32)>,
    /// What the 総括シート recognizers remember between rows.
    sheet: summary::SheetState,
    /// What the action-plan recognizer ([`item`]) has learned so far: its table of contents,
    /// the scale of 年次効果額, a pending 追加 marker.
    plan: item::PlanState,
    /// Per edition (`第2期`), the value columns of the last complete KPI header, lent to a
    /// header that lacks them ([`kpi_table`]).
    kpi_layouts: std::collections::BTreeMap<String, kpi_table::Layout>,
    /// The headers whose bare era labels (`H30基準値`) were already reported as fiscal years.
    fiscal_headers: std::collections::BTreeSet<String>,
    /// Names printed as two names in one cell, checked against the whole document at its end
    /// ([`names`]).
    name_candidates: Vec<names::Candidate>,
}

impl Context {
    /// The next id for a record type: `project-1`, `project-2`, …
    fn next_id(&mut self, kind: &'static str) -> String {
        let counter = self.counters.entry(kind).or_insert(0);
        *counter += 1;
        format!("{kind}-{counter}")
    }

    /// The common fields of a new record of `kind`: the next id, the innermost open section,
    /// no markers yet.
    fn common(&mut self, kind: &'static str, provenance: Location) -> RecordCommon {
        RecordCommon {
            id: self.next_id(kind),
            section: self.sections.current_id().map(str::to_owned),
            provenance,
            ..RecordCommon::default()
        }
    }

    /// Turns the issues of a parsed cell into document diagnostics at the cell.
    fn report_issues(&mut self, issues: &[normalize::ValueIssue], at: &Location) {
        for issue in issues {
            let diagnostic = Diagnostic::new(
                issue.severity,
                issue.code,
                issue.message.clone(),
                Some(at.clone()),
            );
            self.diagnostics.push(diagnostic);
        }
    }

    /// Reports once per header that the bare era years of its labels (`H30基準値`, `R2実績`)
    /// are read as fiscal years, when a value first takes its year from one of them.
    fn assume_fiscal(&mut self, header: &Location) {
        if !self.fiscal_headers.insert(header.to_string()) {
            return;
        }
        self.diagnostics.push(Diagnostic::info(
            "normalize.fiscal_assumed",
            "this header's era-year labels (such as H30基準値) say neither 年 nor 年度: the \
             values that take their year from them are read as fiscal years",
            header.clone(),
        ));
    }

    /// Adds a record.
    fn push(&mut self, record: Record) {
        self.records.push(record);
    }

    /// Records an indicator name (a 数値目標 or 施策-level KPI printed without values) once per
    /// section.
    fn indicator(&mut self, raw: &str, level: &str, section: Option<String>, at: Location) {
        let name = cells::clean_text(raw);
        let key = (level.to_owned(), section.clone(), name.clone());
        if !self.indicators.insert(key) {
            return;
        }
        let kpi = Kpi {
            common: RecordCommon {
                id: self.next_id("kpi"),
                section,
                provenance: at,
                ..RecordCommon::default()
            },
            indicator: name,
            level: Some(level.to_owned()),
            ..Kpi::default()
        };
        self.push(Record::Kpi(kpi));
    }

    /// Keeps a row no record could take for the grid's `table` record and says why
    /// (`extract.row_unassigned`).
    fn keep_unassigned(&mut self, grid: &Grid, row: &Row, why: &str) {
        self.keep_unread(grid, row);
        let at = grid.row_location(row);
        self.diagnostics.push(Diagnostic::warning("extract.row_unassigned", why, at));
    }

    /// Keeps a whole row for the grid's `table` record.
    fn keep_unread(&mut self, grid: &Grid, row: &Row) {
        let _ = grid;
        self.unread.push((row.number, u32::MAX));
    }

    /// Keeps the cells of a row left of `before_col` for the grid's `table` record.
    fn keep_unread_cells(&mut self, grid: &Grid, row: &Row, before_col: u32) {
        let _ = grid;
        self.unread.push((row.number, before_col));
    }

    /// Turns the kept rows of a grid into one `table` record.
    fn flush_unread(&mut self, grid: &Grid) {
        let kept = std::mem::take(&mut self.unread);
        if kept.is_empty() {
            return;
        }
        let rows = kept
            .iter()
            .filter_map(|(number, before)| {
                let row = grid.rows.iter().find(|r| r.number == *number)?;
                Some(row_values(grid, row, *before))
            })
            .collect();
        let table = Table {
            common: RecordCommon {
                id: self.next_id("table"),
                section: None,
                provenance: Grid::without_cell(grid.location_at(1, 1, None)),
                ..RecordCommon::default()
            },
            title: Some(grid.sheet.as_deref().unwrap_or(&grid.file).to_owned()),
            header: Vec::new(),
            rows,
        };
        self.push(Record::Table(table));
    }
}

/// The cells of one row left of `before_col` as Values, positioned by column (gaps are
/// `None`).
fn row_values(grid: &Grid, row: &Row, before_col: u32) -> Vec<Option<Value>> {
    let cells: Vec<_> = row.cells.iter().filter(|c| c.col < before_col).collect();
    let width = cells.iter().map(|c| c.col).max().unwrap_or(0) as usize;
    let mut values = vec![None; width];
    for cell in cells {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, CellContent, GridKind, SheetInfo, SourceFormat, SourceInfo};

    /// A text grid split on tabs, as the decode stage reads a text dump.
    fn text_grid(file: &str, text: &str) -> Grid {
        let rows: Vec<Row> = text
            .split('\n')
            .enumerate()
            .map(|(i, line)| Row {
                number: u32::try_from(i + 1).unwrap(),
                cells: line
                    .split('\t')
                    .enumerate()
                    .filter(|(_, t)| !t.is_empty())
                    .map(|(j, t)| Cell {
                        col: u32::try_from(j + 1).unwrap(),
                        fragment: None,
                        content: CellContent::Text(t.to_owned()),
                        merged_from: None,
                        forms: crate::model::FormsCache::default(),
                    })
                    .collect(),
            })
            .collect();
        Grid {
            file: file.into(),
            sheet: None,
            kind: GridKind::Text,
            height: 0,
            width: 0,
            rows,
            merged: Vec::new(),
        }
    }

    fn extract_text(file: &str, text: &str) -> Document {
        let source = SourceInfo {
            path: file.to_owned(),
            format: SourceFormat::Text,
            encoding: Some("UTF-8".to_owned()),
            sha256: "0".repeat(64),
            bytes: 0,
            sheets: vec![SheetInfo { name: file.to_owned(), rows: 0, cols: 0 }],
        };
        let decoded =
            Decoded { source, grids: vec![text_grid(file, text)], diagnostics: Vec::new() };
        document(decoded, &ExtractOptions::default())
    }

    fn seed(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
        std::fs::read_to_string(path).unwrap()
    }

    fn projects(doc: &Document) -> Vec<&crate::model::Project> {
        doc.records
            .iter()
            .filter_map(|r| if let Record::Project(p) = r { Some(p) } else { None })
            .collect()
    }

    #[test]
    fn project_list_rows_become_projects() {
        let doc = extract_text("003.txt", &seed("003_138cb865a8138cb2.txt"));
        let projects = projects(&doc);
        // Every row with a 事業名 under the six repeated headers (003 has 65 of them).
        assert_eq!(projects.len(), 65);
        let first = projects[0];
        assert_eq!(first.name, "新規就農者支援事業");
        assert_eq!(first.codes, ["411-6"]);
        assert_eq!(first.departments, ["農林振興課"]);
        assert_eq!(first.kpis[0].name, "事業活用による新規就農者数");
        assert_eq!(first.kpis[0].unit.as_deref(), Some("人"));
        assert_eq!(first.kpis[0].actual_year, Some(2024));
        assert_eq!(first.common.provenance.line, Some(10));
        assert_eq!(first.common.section.as_deref(), Some("Ⅰ/①"));
    }

    #[test]
    fn several_departments_codes_and_kpis() {
        let doc = extract_text("003.txt", &seed("003_138cb865a8138cb2.txt"));
        let projects = projects(&doc);
        let by_name = |name: &str| *projects.iter().find(|p| p.name == name).unwrap();
        assert_eq!(
            by_name("交流人口活性化推進事業").departments,
            ["商工観光課", "文化課", "スポーツ振興課"]
        );
        assert_eq!(by_name("空家等流通プラットフォーム構築事業").codes, ["652-6", "432-10"]);
        assert_eq!(by_name("体験型キャリア教育事業").codes, ["511-22"]);
        let two_kpis = by_name("学力向上推進事業");
        assert_eq!(two_kpis.kpis.len(), 2);
        assert_eq!(two_kpis.kpis[1].name, "中学校標準学力分析検査の得点率");
        assert!(doc.diagnostics.iter().any(|d| d.code == "extract.code_open_ended"));
        let suspended = by_name("休日等子育て支援事業");
        assert_eq!(suspended.common.markers[0].kind, crate::model::MarkerKind::Suspended);
        assert!(suspended.kpis[0].target.is_none() && suspended.kpis[0].actual.is_none());
    }

    #[test]
    fn headings_and_measure_columns_become_sections() {
        let doc = extract_text("003.txt", &seed("003_138cb865a8138cb2.txt"));
        let ids: Vec<&str> = doc.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["Ⅰ", "Ⅰ/①", "Ⅰ/②", "Ⅰ/③", "Ⅱ", "Ⅱ/①", "Ⅲ", "Ⅲ/①", "Ⅲ/②"]);
        assert_eq!(doc.sections[1].title.as_deref(), Some("創業の支援"));
        // 003:53 has 出生数 where the 施策 number belongs: kept, not guessed.
        assert!(doc.diagnostics.iter().any(|d| d.code == "extract.row_unassigned"
            && d.provenance.as_ref().unwrap().line == Some(53)));
    }

    #[test]
    fn indicator_columns_become_kpi_records_once() {
        let doc = extract_text("003.txt", &seed("003_138cb865a8138cb2.txt"));
        let kpis: Vec<&Kpi> = doc
            .records
            .iter()
            .filter_map(|r| if let Record::Kpi(k) = r { Some(k) } else { None })
            .collect();
        let goals: Vec<&str> = kpis
            .iter()
            .filter(|k| k.level.as_deref() == Some("数値目標"))
            .map(|k| k.indicator.as_str())
            .collect();
        assert_eq!(goals, ["市内事業所数", "市内の児童・学生数", "社会増減数"]);
        assert!(
            kpis.iter().any(|k| k.indicator == "創業支援による創業数"
                && k.common.section.as_deref() == Some("Ⅰ/①"))
        );
    }
}
