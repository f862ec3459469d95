//! Measure rows (具体的な施策): a header of bracketed labels (`【具体的な施策】 【施策の概要】
//! 【主な取組】 【総括 (R6.3現在)】 … R5担当課 【施策名】 …`, in one row or one label per line),
//! then one row per measure holding one or two editions.
//!
//! The header's department labels (`R5担当課`) split its labels into **groups**, one per
//! edition: the first is the 第2期 sheet (with its 総括), the next the 第3期 draft. A data row
//! is read in cell order, never by index: its first cell is the name (`①企業誘致の推進`,
//! `【(1)市の魅力発信強化】`, or a `<p>` name above the 概要), its text cells are the group's
//! fields in printed order, and a department cell (or the name printed again) closes an
//! edition. Each edition becomes a `measure` record with its `phase`, in a `具体的な施策`
//! section of its own. A text cell beyond the header's labels keeps the label `(見出しなし)`
//! and is reported (`extract.header_missing`), as is an edition beyond the header's groups,
//! labelled after the usual 第3期 layout; the same measure printed again on the next row under
//! a one-group header is its 第3期 text (`extract.edition_inferred`). Bracketed edition labels
//! over text columns (`【第2期(R2-6)】`) label them.
//!
//! Inside an edition, KPI cells stacked into the text columns (`がん検診平均受診率 7.8%
//! 9,806人`) become `kpi` records ([`stacked`]); a cell right after the name that only lists
//! numbered names is kept as a `施策名` field (`extract.name_ambiguous`); a department in a
//! cell's last paragraph closes the edition. Name cells holding two names are checked at the
//! end of the document ([`super::names`]).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{
    Cell, Diagnostic, Grid, LabelledText, Location, Marker, Measure, Record, RecordCommon, Row,
};
use crate::normalize::text::fold_keep_spaces;

use super::Context;
use super::cells::{self, clean_text, split_list};
use super::edition::{cells_of, is_department, leading_marker, phase_of, plain, relisted};
use super::header::{self, Role};
use super::sections::Level;
use super::stacked::{self, Stack, ValueColumn};
use super::vocab::compact;

/// Labels that name the measure itself.
const NAME_LABELS: [&str; 2] = ["具体的な施策", "施策名"];

/// Field labels also printed without brackets (`総括(R6.3現在)`).
const FIELD_LABELS: [&str; 5] =
    ["総括", "施策の概要", "主な取組", "デジタル活用", "デジタル取組例"];

/// The label of a text cell the header has no label for.
const UNLABELLED: &str = "(見出しなし)";

/// Labels of a 第3期 edition printed without a header of its own.
const DRAFT_LABELS: [&str; 3] = ["施策の概要", "主な取組", "デジタル取組例"];

/// `【(1)市の魅力発信強化】`.
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^【\s*(\([0-9]+\))\s*(.+?)\s*】$").unwrap_or_else(|_| unreachable!())
});

/// The field labels of one edition of a header.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    /// `施策の概要`, `主な取組`, `総括` …
    pub(crate) labels: Vec<String>,
    /// `第2期`, `第3期`.
    pub(crate) phase: String,
}

/// One edition of a data row.
#[derive(Debug, Default)]
struct Edition<'a> {
    name: Option<(&'a Cell, String)>,
    texts: Vec<(&'a Cell, String)>,
    departments: Vec<String>,
    /// The cell the departments were read from.
    departments_cell: Option<&'a Cell>,
    markers: Vec<Marker>,
}

/// Recognizes a measure header (one row, or a band-label row above one) and reads its rows.
pub(crate) fn recognize(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let row = grid.rows.get(start)?;
    let (groups, header_rows) = match header_groups(row) {
        Some(groups) => (groups, 1),
        None if is_band_row(row) => {
            let next = grid.rows.get(start + 1)?;
            (header_groups(next)?, 2)
        }
        None => return None,
    };
    let header_row = grid.rows.get(start + header_rows - 1)?;
    let columns = stacked::value_columns(grid, header_row);
    let rows = grid.rows.get(start + header_rows..).unwrap_or_default();
    Some(header_rows + read_block(ctx, grid, (&groups, &columns), rows))
}

/// Whether a row only holds edition labels (`第2期 (R2-6)`, `第3期 (経営戦略課作成案)`).
fn is_band_row(row: &Row) -> bool {
    let texts: Vec<&str> = cells_of(row).map(plain).collect();
    texts.len() >= 2 && texts.iter().all(|t| phase_of(t).is_some())
}

/// The label of a header cell: brackets and an as-of note removed (`【総括 (R6.3現在)】` →
/// `総括`).
fn label_of(text: &str) -> String {
    let compacted = compact(text).into_owned();
    let inner = compacted.trim_start_matches('【').trim_end_matches('】');
    let end = inner.find(['(', '（']).unwrap_or(inner.len());
    inner.get(..end).unwrap_or(inner).to_owned()
}

/// Whether a text is one of the known measure labels (【施策名】, 【施策の概要】, 総括 …).
pub(crate) fn is_known_label(text: &str) -> bool {
    let label = label_of(text);
    NAME_LABELS.contains(&label.as_str()) || FIELD_LABELS.contains(&label.as_str())
}

/// Whether a text is a measure-header label.
pub(crate) fn is_label(text: &str) -> bool {
    let trimmed = text.trim();
    (trimmed.starts_with('【') && trimmed.ends_with('】') && trimmed.chars().count() <= 20)
        || FIELD_LABELS.contains(&label_of(trimmed).as_str())
        || matches!(header::label_role(trimmed), Some((Role::Department, _)))
}

/// The label groups of a measure header row, or `None` when it is not one.
fn header_groups(row: &Row) -> Option<Vec<Group>> {
    // A measure header has a name label (具体的な施策, 施策名); a row none of whose cells
    // holds 施策 cannot have one (the labels are pieces of the cells' compact text), so it is
    // declined before its labels are split and compared.
    if !cells_of(row).any(|c| cells::key(c).contains("施策")) {
        return None;
    }
    let labels: Vec<String> = cells_of(row).flat_map(|c| split_labels(plain(c))).collect();
    groups_of(&labels)
}

/// A cell may hold several bracketed labels (`【施策の概要】 【主な取組】`).
fn split_labels(text: &str) -> Vec<String> {
    let spaced = fold_keep_spaces(text).into_owned();
    if spaced.matches('【').count() > 1 {
        spaced.split_whitespace().map(str::to_owned).collect()
    } else {
        vec![spaced]
    }
}

/// Groups labels into editions: a department label closes a group. `None` unless the labels
/// start a measure table (a name label and at least one field label).
pub(crate) fn groups_of(labels: &[String]) -> Option<Vec<Group>> {
    let names = labels.iter().filter(|l| NAME_LABELS.contains(&label_of(l).as_str())).count();
    if names == 0 || labels.len() < 2 || !labels.iter().all(|l| is_label(l) || is_kpi_label(l)) {
        return None;
    }
    let mut groups: Vec<Vec<String>> = vec![Vec::new()];
    for raw in labels {
        let label = label_of(raw);
        let is_department = matches!(header::label_role(raw), Some((Role::Department, _)));
        if is_department {
            groups.push(Vec::new());
        } else if let Some(label) = bracketed_phase(raw) {
            // `【第2期(R2-6)】` over a column: the label of that column's text.
            if let Some(group) = groups.last_mut() {
                group.push(label);
            }
        } else if !NAME_LABELS.contains(&label.as_str())
            && phase_of(raw).is_none()
            && !is_kpi_label(raw)
        {
            if let Some(group) = groups.last_mut() {
                group.push(label);
            }
        }
    }
    groups.retain(|g| !g.is_empty());
    let count = groups.len();
    let draft_only = labels.iter().any(|l| label_of(l) == "施策名") && count == 1;
    let has_results = labels.iter().any(|l| phase_of(l).as_deref() == Some("第2期"));
    Some(
        groups
            .into_iter()
            .enumerate()
            .map(|(i, labels)| {
                let retrospective =
                    i == 0 && (count > 1 || has_results || labels.iter().any(|l| l == "総括"));
                let phase = if retrospective && !draft_only { "第2期" } else { "第3期" };
                Group { labels, phase: phase.to_owned() }
            })
            .collect(),
    )
}

/// An edition label in brackets over a text column (`【第3期(R7-11)の展開】`), without its
/// brackets.
fn bracketed_phase(text: &str) -> Option<String> {
    let compacted = compact(text).into_owned();
    let inner = compacted.strip_prefix('【')?.strip_suffix('】')?;
    phase_of(inner).map(|_| inner.to_owned())
}

/// KPI labels printed in a measure header (`重要業績評価指標 (KPI)`, `R5基準値`).
fn is_kpi_label(text: &str) -> bool {
    header::label_role(text).is_some() || phase_of(text).is_some()
}

/// Reads the data rows under a header: its label groups, and the KPI value columns it names
/// for stacked KPI cells. Returns how many rows it consumed.
pub(crate) fn read_block(
    ctx: &mut Context,
    grid: &Grid,
    (groups, columns): (&[Group], &[ValueColumn]),
    rows: &[Row],
) -> usize {
    let mut consumed = 0;
    for row in rows {
        let cells: Vec<&Cell> = cells_of(row).collect();
        let separator = cells.iter().all(|c| {
            let t = plain(c);
            t.len() >= 2 && t.chars().all(|ch| ch == '-')
        });
        if cells.is_empty() || separator {
            consumed += 1;
            continue;
        }
        if cells.len() < 2 || ends_block(row) {
            break;
        }
        consumed += 1;
        read_row(ctx, grid, (groups, columns), row);
    }
    consumed
}

/// A heading, a KPI header, another measure header or an edition label row.
fn ends_block(row: &Row) -> bool {
    super::is_boundary(row)
        || super::kpi_table::is_header(row)
        || header_groups(row).is_some()
        || is_band_row(row)
        || cells_of(row).next().is_some_and(|c| {
            let t = plain(c);
            t.starts_with("施策大項目") || t.starts_with("基本目標")
        })
}

/// Splits a row into editions and records them.
fn read_row(
    ctx: &mut Context,
    grid: &Grid,
    (groups, columns): (&[Group], &[ValueColumn]),
    row: &Row,
) {
    let section = ctx.sections.open_at(Level::Policy).map(str::to_owned);
    let editions = split_editions(row, section.as_deref());
    let single = editions.len() == 1;
    for (index, edition) in editions.into_iter().enumerate() {
        let stack = stacked::in_edition(grid, row, &edition.texts, columns);
        let departments_at = edition.departments_cell.map(|c| grid.location(row, c));
        let phase = record(ctx, grid, row, edition, groups.get(index), single, stack.as_ref());
        if let (Some(stack), Some((phase, departments))) = (stack, phase) {
            stack.write(ctx, (grid, row), &phase, (&departments, departments_at.as_ref()));
        }
    }
}

/// Walks the cells in order: name, texts, department; a department or the name printed
/// again starts the next edition.
fn split_editions<'a>(row: &'a Row, section: Option<&str>) -> Vec<Edition<'a>> {
    let mut editions = vec![Edition::default()];
    let mut first_number: Option<String> = None;
    let cells: Vec<&Cell> = cells_of(row).collect();
    for (index, cell) in cells.iter().copied().enumerate() {
        let text = plain(cell);
        let Some(current) = editions.last_mut() else { break };
        if let Some((marker, rest)) = leading_marker(text, section) {
            current.markers.push(marker);
            if rest.is_empty() {
                continue;
            }
        }
        if is_department(text) || is_truncated_department(row, cell, text) {
            current.departments = split_list(text);
            current.departments_cell = Some(cell);
            editions.push(Edition::default());
            continue;
        }
        let next = cells.get(index + 1).map(|c| plain(c));
        let closes = next.is_none_or(|n| first_number.as_deref().is_some_and(|f| n.starts_with(f)));
        if let Some((body, departments)) = trailing_department(text).filter(|_| closes) {
            if current.name.is_some() && !current.texts.is_empty() {
                current.texts.push((cell, body));
                current.departments = departments;
                current.departments_cell = Some(cell);
                editions.push(Edition::default());
                continue;
            }
        }
        let repeated = first_number.as_deref().is_some_and(|n| text.starts_with(n))
            && current.name.is_some()
            && !current.texts.is_empty();
        if repeated {
            editions.push(Edition::default());
        }
        let Some(current) = editions.last_mut() else { break };
        if current.name.is_none() {
            let (name, rest) = name_and_rest(text, first_number.as_deref());
            first_number = first_number.or_else(|| number_of(&name).0);
            current.name = Some((cell, name));
            current.texts.extend(rest.map(|r| (cell, r)));
        } else {
            current.texts.push((cell, text.to_owned()));
        }
    }
    editions.retain(|e| e.name.is_some() || !e.markers.is_empty());
    editions
}

/// A text cell whose last paragraph is a department (`…の運用⏎生涯学習課`): the text before
/// it and the departments. Used where the cell ends an edition.
fn trailing_department(text: &str) -> Option<(String, Vec<String>)> {
    let (body, last) = text.rsplit_once('\n')?;
    let body = body.trim();
    (!body.is_empty() && is_department(last)).then(|| (body.to_owned(), split_list(last)))
}

/// The last cell of a row, short and without sentence punctuation, where a department is
/// expected: a truncated department name (`新公共マネジメント`).
fn is_truncated_department(row: &Row, cell: &Cell, text: &str) -> bool {
    let last = cells_of(row).last().is_some_and(|c| c.col == cell.col);
    last && text.chars().count() <= 12 && !text.contains(['。', '、', '・', '【'])
}

/// The name of a measure and any text after it in the same cell (a `<p>` name above the
/// 概要, or the name printed again with its 概要).
fn name_and_rest(text: &str, first_number: Option<&str>) -> (String, Option<String>) {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or_default().to_owned();
    let rest: Vec<&str> = lines.collect();
    if !rest.is_empty() {
        return (first, Some(rest.join("\n")));
    }
    let spaced = fold_keep_spaces(&first).into_owned();
    let words: Vec<&str> = spaced.splitn(2, ' ').collect();
    match (first_number, words.as_slice()) {
        (Some(_), [name, rest]) if rest.chars().count() > 20 => {
            ((*name).to_owned(), Some((*rest).to_owned()))
        }
        _ => (first, None),
    }
}

/// The number and title of a measure name: `①企業誘致の推進` → (`①`, `企業誘致の推進`);
/// `【(1)市の魅力発信強化】` → (`(1)`, `市の魅力発信強化`).
fn number_of(name: &str) -> (Option<String>, String) {
    let folded = clean_text(name);
    if let Some(captures) = BRACKETED.captures(&folded) {
        let number = captures.get(1).map(|m| m.as_str().to_owned());
        let title = captures.get(2).map_or("", |m| m.as_str()).to_owned();
        return (number, title);
    }
    let mut chars = folded.chars();
    match chars.next() {
        Some(c) if ('①'..='⑳').contains(&c) => {
            (Some(c.to_string()), chars.as_str().trim().to_owned())
        }
        _ => (None, folded.clone()),
    }
}

/// One `measure` record and its section, leaving out the text cells of `stack` (stacked KPI
/// cells). Returns the record's phase and departments.
fn record(
    ctx: &mut Context,
    grid: &Grid,
    row: &Row,
    edition: Edition,
    group: Option<&Group>,
    single: bool,
    stack: Option<&Stack<'_>>,
) -> Option<(String, Vec<String>)> {
    let (name_cell, name) = edition.name.as_ref()?;
    let at = grid.location(row, name_cell);
    super::names::note(ctx, name, &at);
    let (number, title) = number_of(name);
    let phase = edition_phase(ctx, group, single, &title, &at);
    let mut texts: Vec<&(&Cell, String)> =
        edition.texts.iter().filter(|(cell, _)| !stack.is_some_and(|s| s.holds(cell))).collect();
    let names = name_list(ctx, grid, row, &mut texts);
    let mut fields: Vec<LabelledText> = names.into_iter().collect();
    fields.extend(labelled_fields(ctx, (grid, row), group, &texts, (&phase, &at)));
    let mut markers = edition.markers;
    markers.extend(texts.iter().find_map(|(_, t)| relisted(t)));
    let draft = Draft {
        number,
        title,
        phase: phase.clone(),
        departments: edition.departments.clone(),
        departments_at: edition.departments_cell.map(|c| grid.location(row, c)),
    };
    push(ctx, at, draft, markers, fields);
    Some((phase, edition.departments))
}

/// A first text cell that only lists numbered names (`①地域医療体制の充実 ②健康づくりの推進`
/// after `②健康づくりの推進`: the measures this one is made of, or its new name) is not one of
/// the header's fields: it is taken out of `texts`, kept as a `施策名` field and reported
/// (`extract.name_ambiguous`).
fn name_list(
    ctx: &mut Context,
    grid: &Grid,
    row: &Row,
    texts: &mut Vec<&(&Cell, String)>,
) -> Option<LabelledText> {
    /// A numbered name is short; a longer token is prose.
    const MAX_NAME_CHARS: usize = 40;
    let (cell, text) = *texts.first()?;
    let spaced = fold_keep_spaces(text).into_owned();
    let names: Vec<&str> = spaced.split_whitespace().collect();
    let numbered = |name: &&str| {
        name.chars().next().is_some_and(|c| ('①'..='⑳').contains(&c))
            && name.chars().count() <= MAX_NAME_CHARS
            && !name.contains('。')
    };
    if names.len() < 2 || !names.iter().all(numbered) {
        return None;
    }
    texts.remove(0);
    let at = grid.location(row, cell);
    ctx.diagnostics.push(Diagnostic::warning(
        "extract.name_ambiguous",
        format!(
            "the cell after the measure's name lists {} numbered names ({}): merged measures or \
             a new name; kept as printed in a 施策名 field, not as the name",
            names.len(),
            names.join(" ")
        ),
        at.clone(),
    ));
    Some(LabelledText::new(NAME_LABELS[1], clean_text(text), at))
}

/// The edition of a measure: its header group's, else 第3期; a 第2期 text printed again right
/// below is the 第3期 text (`extract.edition_inferred`).
fn edition_phase(
    ctx: &mut Context,
    group: Option<&Group>,
    single: bool,
    title: &str,
    at: &Location,
) -> String {
    let phase = group.map_or("第3期", |g| g.phase.as_str()).to_owned();
    if single && repeats_previous(ctx, title, &phase) {
        ctx.diagnostics.push(Diagnostic::info(
            "extract.edition_inferred",
            format!("{title} is printed again right below its 第2期 text; read as the 第3期 text"),
            at.clone(),
        ));
        return "第3期".to_owned();
    }
    phase
}

/// The text cells of an edition labelled with its header group's labels, in order. An
/// edition beyond the header's groups (a 第3期 half printed without a header of its own) is
/// labelled after the usual 第3期 layout, and a text cell beyond the labels gets
/// `(見出しなし)`: both are reported (`extract.header_missing`). Each field is located at
/// its cell of the row; `at` (the measure's name cell) locates the reports.
fn labelled_fields(
    ctx: &mut Context,
    (grid, row): (&Grid, &Row),
    group: Option<&Group>,
    texts: &[&(&Cell, String)],
    (phase, at): (&str, &Location),
) -> Vec<LabelledText> {
    let labels: Vec<String> = match group {
        Some(g) => g.labels.clone(),
        None => DRAFT_LABELS.iter().map(|l| (*l).to_owned()).collect(),
    };
    if group.is_none() && !texts.is_empty() {
        let used = labels.iter().take(texts.len()).cloned().collect::<Vec<_>>().join(", ");
        ctx.diagnostics.push(Diagnostic::warning(
            "extract.header_missing",
            format!(
                "the {phase} half of this row has no header of its own (the header above labels \
                 one edition fewer); its {} text cell(s) are labelled {used} after the usual \
                 {phase} layout",
                texts.len()
            ),
            at.clone(),
        ));
    }
    if texts.len() > labels.len() {
        ctx.diagnostics.push(Diagnostic::warning(
            "extract.header_missing",
            format!("{} text cells but {} labels in the header", texts.len(), labels.len()),
            at.clone(),
        ));
    }
    texts
        .iter()
        .enumerate()
        .map(|(i, (cell, text))| {
            let label = labels.get(i).cloned().unwrap_or_else(|| UNLABELLED.to_owned());
            LabelledText::new(label, clean_text(text), grid.location(row, cell))
        })
        .collect()
}

/// Whether the last record is the same measure's 第2期 text (an edition pair on consecutive
/// rows with no label).
fn repeats_previous(ctx: &Context, title: &str, phase: &str) -> bool {
    phase == "第2期"
        && matches!(ctx.records.last(), Some(Record::Measure(m))
            if m.title == title && m.phase.as_deref() == Some("第2期"))
}

/// What a measure record is made of, besides its markers and fields.
pub(crate) struct Draft {
    /// `①`, `(1)`.
    pub(crate) number: Option<String>,
    /// The measure's name.
    pub(crate) title: String,
    /// The edition.
    pub(crate) phase: String,
    /// 担当課.
    pub(crate) departments: Vec<String>,
    /// Where the 担当課 was read, when from a cell.
    pub(crate) departments_at: Option<Location>,
}

/// Opens the measure's section and adds the measure record, which belongs to that section.
pub(crate) fn push(
    ctx: &mut Context,
    at: Location,
    draft: Draft,
    markers: Vec<Marker>,
    fields: Vec<LabelledText>,
) {
    let Draft { number, title, phase, departments, departments_at } = draft;
    let level = Level::Measure;
    ctx.sections.open(level, number.as_deref(), Some(&title), at.clone(), &mut ctx.diagnostics);
    let common = RecordCommon { markers, ..ctx.common("measure", at) }
        .with_field(crate::model::TextField::Departments, departments_at);
    let measure = Measure { common, number, title, phase: Some(phase), departments, fields };
    ctx.push(Record::Measure(measure));
}
