//! Grade-count tables against the KPI records they summarize.
//!
//! A count table has a row per section (`①ものづくりなど…`, `1 安定した雇用を創出する`) and
//! counts per grade, either as `○ 9` cells or under grade headers (`○ | △ | × | — | 合計`),
//! usually with a total (`KPI数`, `合計`). A row is bound to a section by its leading number
//! (`①`, `1`, `1(1)`), and by its title when several sections share the number. Then:
//!
//! * a row whose section has sub-sections with rows of their own must equal the sum of those
//!   rows, grade by grade ([`Check::SumMismatch`]: each 方向 table sums to its 基本目標 row);
//! * any other row must equal the KPI records of its section and sub-sections, counted by
//!   their grade (the overall `grade`, the one count tables count), each KPI series once
//!   ([`Check::CountMismatch`]). KPI records count when they carry a grade or per-year grades
//!   and are not a 数値目標 (a goal's headline number); one without a grade counts in the total
//!   only. A grade symbol is any grade a KPI record of the document uses.
//!
//! A grade printed without a count (`×` alone) is not compared, and a row whose section has no
//! graded KPI records is not checked (the sheets may be elsewhere). Each disagreeing row gives
//! one finding, at its first disagreeing cell, listing every difference.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Document, Kpi, Record, Section, Table, Value};

use super::structure::match_key;
use super::sums::grade_counts;
use super::tables::{cell, header_text, is_total_label, row_label, tables};
use super::{Check, Findings, Subject, number};

/// The level of KPI records that are a goal's headline figure, not counted as KPIs.
const GOAL_LEVEL: &str = "数値目標";

/// A grade printed in a count table: the grade, its count (`None` when printed without one)
/// and the cell.
type Counted<'a> = (String, Option<f64>, &'a Value);

/// A printed total and its cell.
type Total<'a> = Option<(f64, &'a Value)>;

/// One row of a count table.
struct CountRow<'a> {
    record: &'a Record,
    section: &'a Section,
    label: &'a Value,
    /// Per grade, the printed count and its cell.
    counts: Vec<Counted<'a>>,
    /// The printed total and its cell.
    total: Total<'a>,
}

/// Runs the count checks.
pub(super) fn check(document: &Document, out: &mut Findings<'_>) {
    let symbols = grade_symbols(document);
    if symbols.is_empty() {
        return;
    }
    let rows: Vec<CountRow<'_>> = tables(&document.records)
        .flat_map(|(record, table)| count_rows(document, record, table, &symbols))
        .collect();
    for row in &rows {
        let children: Vec<&CountRow<'_>> = rows
            .iter()
            .filter(|r| is_below(document, &r.section.id, &row.section.id))
            .filter(|r| {
                !rows.iter().any(|m| {
                    is_below(document, &r.section.id, &m.section.id)
                        && is_below(document, &m.section.id, &row.section.id)
                })
            })
            .collect();
        if children.is_empty() {
            against_records(document, row, out);
        } else {
            against_children(row, &children, out);
        }
    }
}

/// Every grade symbol a KPI record of the document uses.
fn grade_symbols(document: &Document) -> BTreeSet<&str> {
    document
        .records
        .iter()
        .filter_map(|r| if let Record::Kpi(k) = r { Some(k) } else { None })
        .flat_map(|k| k.grade.iter().chain(k.progress.iter().map(|p| &p.value)))
        .filter_map(|v| v.grade.as_deref())
        .collect()
}

/// The rows of a table that count grades for a section.
fn count_rows<'a>(
    document: &'a Document,
    record: &'a Record,
    table: &'a Table,
    symbols: &BTreeSet<&str>,
) -> Vec<CountRow<'a>> {
    let grade_columns: Vec<(usize, String)> = table
        .header
        .iter()
        .enumerate()
        .filter_map(|(col, h)| {
            let symbol = h.grade.clone().unwrap_or_else(|| h.text.trim().to_owned());
            symbols.contains(symbol.as_str()).then_some((col, symbol))
        })
        .collect();
    let total_column = (1..table.header.len()).find(|&c| is_total_label(header_text(table, c)));
    table
        .rows
        .iter()
        .filter_map(|row| {
            let label = row_label(row)?;
            let section =
                section_of(document, &label.raw).or_else(|| section_of(document, &label.text))?;
            let (counts, total) = if grade_columns.is_empty() {
                counted_cells(row, symbols)?
            } else {
                let counts = grade_columns
                    .iter()
                    .filter_map(|(col, symbol)| {
                        let value = cell(row, *col)?;
                        Some((symbol.clone(), number(value), value))
                    })
                    .collect();
                let total =
                    total_column.and_then(|c| cell(row, c)).and_then(|v| Some((number(v)?, v)));
                (counts, total)
            };
            Some(CountRow { record, section, label, counts, total })
        })
        .collect()
}

/// Grades and counts from `○ 9` cells, and the count printed before them.
fn counted_cells<'a>(
    row: &'a [Option<Value>],
    symbols: &BTreeSet<&str>,
) -> Option<(Vec<Counted<'a>>, Total<'a>)> {
    let first = row.iter().position(|c| {
        c.as_ref().is_some_and(|v| grade_counts(v).iter().any(|(g, _)| symbols.contains(g)))
    })?;
    let counts: Vec<Counted<'a>> = row
        .get(first..)?
        .iter()
        .flatten()
        .flat_map(|v| grade_counts(v).into_iter().map(move |(g, n)| (g.to_owned(), n, v)))
        .filter(|(g, _, _)| symbols.contains(g.as_str()))
        .collect();
    let total = row.get(1..first)?.iter().rev().flatten().find_map(|v| Some((number(v)?, v)));
    Some((counts, total))
}

/// The leading number of a row label: `①` of `①ものづくり…`, `1` of `1 安定した…`,
/// `1(1)` of `1(1) 企業誘致…`.
fn leading_number(label: &str) -> Option<&str> {
    let label = label.trim();
    let first = label.chars().next()?;
    if ('①'..='⑳').contains(&first) || ('㉑'..='㊿').contains(&first) {
        return label.get(..first.len_utf8());
    }
    let token = label.split_whitespace().next()?;
    let numbered = token.chars().any(|c| c.is_ascii_digit())
        && token.chars().all(|c| c.is_ascii_digit() || c == '(' || c == ')');
    numbered.then_some(token)
}

/// The section a row label names: the one with its leading number, or, among several, the
/// one whose title the label contains.
fn section_of<'a>(document: &'a Document, label: &str) -> Option<&'a Section> {
    let number = leading_number(label)?;
    let candidates: Vec<&Section> =
        document.sections.iter().filter(|s| s.number.as_deref() == Some(number)).collect();
    if let [only] = candidates.as_slice() {
        return Some(only);
    }
    let key = match_key(label);
    let mut titled = candidates.into_iter().filter(|s| {
        s.title.as_deref().is_some_and(|t| !t.trim().is_empty() && key.contains(&match_key(t)))
    });
    let found = titled.next()?;
    titled.next().is_none().then_some(found)
}

/// True when section `id` lies strictly below section `above`. Sections name their parent;
/// the walk stops after as many steps as there are sections, so a cycle cannot hang it.
fn is_below(document: &Document, id: &str, above: &str) -> bool {
    let parent_of =
        |id: &str| document.sections.iter().find(|s| s.id == id).and_then(|s| s.parent.as_deref());
    let mut current = parent_of(id);
    for _ in 0..document.sections.len() {
        match current {
            None => return false,
            Some(parent) if parent == above => return true,
            Some(parent) => current = parent_of(parent),
        }
    }
    false
}

/// True when a record's section is `id` or below it.
fn in_section(document: &Document, section: Option<&str>, id: &str) -> bool {
    section.is_some_and(|s| s == id || is_below(document, s, id))
}

/// The graded KPI records of a section and its sub-sections, each series once.
fn kpis_of<'a>(document: &'a Document, id: &str) -> Vec<&'a Kpi> {
    let mut seen = BTreeSet::new();
    document
        .records
        .iter()
        .filter_map(|r| if let Record::Kpi(k) = r { Some(k) } else { None })
        .filter(|k| k.level.as_deref() != Some(GOAL_LEVEL))
        .filter(|k| k.grade.is_some() || !k.progress.is_empty())
        .filter(|k| in_section(document, k.common.section.as_deref(), id))
        .filter(|k| {
            seen.insert((k.common.section.clone(), k.phase.clone(), match_key(&k.indicator)))
        })
        .collect()
}

/// One comparison: what the table prints, what the parts give, and where to point.
struct Difference<'a> {
    grade: Option<String>,
    printed: f64,
    computed: f64,
    cell: &'a Value,
}

/// The differences between a row and the counts its parts give (per grade, and the total).
fn differences<'a>(
    row: &CountRow<'a>,
    parts: &BTreeMap<String, f64>,
    parts_total: Option<f64>,
) -> Vec<Difference<'a>> {
    let mut out = Vec::new();
    if let (Some((printed, cell)), Some(computed)) = (row.total, parts_total) {
        if (printed - computed).abs() > 1e-9 {
            out.push(Difference { grade: None, printed, computed, cell });
        }
    }
    let unknown: BTreeSet<&str> =
        row.counts.iter().filter(|c| c.1.is_none()).map(|c| c.0.as_str()).collect();
    let mut grades: Vec<&str> = row.counts.iter().map(|c| c.0.as_str()).collect();
    grades
        .extend(parts.keys().map(String::as_str).filter(|g| !row.counts.iter().any(|c| c.0 == *g)));
    for grade in grades.into_iter().filter(|g| !unknown.contains(g)) {
        let printed_cell = row.counts.iter().find(|c| c.0 == grade);
        let printed = printed_cell.and_then(|c| c.1).unwrap_or(0.0);
        let computed = parts.get(grade).copied().unwrap_or(0.0);
        if (printed - computed).abs() > 1e-9
            && !out.iter().any(|d| d.grade.as_deref() == Some(grade))
        {
            let cell = printed_cell.map_or(row.label, |c| c.2);
            out.push(Difference { grade: Some(grade.to_owned()), printed, computed, cell });
        }
    }
    out
}

/// `○ 9, × 3 (12)` for messages.
fn listed(items: &[(Option<&str>, f64)]) -> String {
    items
        .iter()
        .map(|(g, n)| match g {
            Some(g) => format!("{g} {n}"),
            None => format!("total {n}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The printed and computed sides of the differences, for messages.
fn sides(found: &[Difference<'_>]) -> (String, String) {
    let printed: Vec<(Option<&str>, f64)> =
        found.iter().map(|d| (d.grade.as_deref(), d.printed)).collect();
    let computed: Vec<(Option<&str>, f64)> =
        found.iter().map(|d| (d.grade.as_deref(), d.computed)).collect();
    (listed(&printed), listed(&computed))
}

/// A leaf row against the KPI records of its section.
fn against_records(document: &Document, row: &CountRow<'_>, out: &mut Findings<'_>) {
    let kpis = kpis_of(document, &row.section.id);
    if kpis.is_empty() {
        return;
    }
    let mut counts: BTreeMap<String, f64> = BTreeMap::new();
    for grade in kpis.iter().filter_map(|k| k.grade.as_ref()?.grade.clone()) {
        *counts.entry(grade).or_insert(0.0) += 1.0;
    }
    let total = f64::from(u32::try_from(kpis.len()).unwrap_or(u32::MAX));
    let found = differences(row, &counts, Some(total));
    let Some(first) = found.first() else { return };
    let (printed, computed) = sides(&found);
    let wrong: BTreeSet<Option<&str>> = found.iter().map(|d| d.grade.as_deref()).collect();
    let lines: Vec<String> = kpis
        .iter()
        .filter(|k| {
            wrong.contains(&k.grade.as_ref().and_then(|g| g.grade.as_deref()))
                || wrong.contains(&None)
        })
        .filter_map(|k| {
            let grade = k.grade.as_ref();
            let at = grade.and_then(|g| g.provenance.as_deref()).unwrap_or(&k.common.provenance);
            let symbol = grade.and_then(|g| g.grade.as_deref()).unwrap_or("no grade");
            Some(format!("{symbol} :{}", at.line.or(at.row)?))
        })
        .collect();
    let (section, label) = (&row.section.id, &row.label.raw);
    out.push(
        Check::CountMismatch,
        &Subject::value(row.record, first.cell),
        format!(
            "the count table gives {printed} for {label:?}; the KPI records of section \
             {section} give {computed} ({})",
            lines.join(", ")
        ),
        format!(
            "集計表の「{label}」は{printed}ですが、施策 {section} のKPIの評価を数えると{computed}です({})",
            lines.join("、")
        ),
    );
}

/// A row whose section has rows for its sub-sections, against their sum.
fn against_children(row: &CountRow<'_>, children: &[&CountRow<'_>], out: &mut Findings<'_>) {
    let mut counts: BTreeMap<String, f64> = BTreeMap::new();
    let mut unknown: BTreeSet<&str> = BTreeSet::new();
    for child in children {
        for (grade, n, _) in &child.counts {
            match n {
                Some(n) => *counts.entry(grade.clone()).or_insert(0.0) += n,
                None => {
                    unknown.insert(grade);
                }
            }
        }
    }
    counts.retain(|g, _| !unknown.contains(g.as_str()));
    let totals: Option<f64> = children.iter().map(|c| c.total.map(|t| t.0)).sum();
    let found: Vec<Difference<'_>> = differences(row, &counts, totals)
        .into_iter()
        .filter(|d| d.grade.as_deref().is_none_or(|g| !unknown.contains(g)))
        .collect();
    let Some(first) = found.first() else { return };
    let (printed, computed) = sides(&found);
    let names: Vec<&str> = children.iter().map(|c| c.label.raw.as_str()).collect();
    let label = &row.label.raw;
    out.push(
        Check::SumMismatch,
        &Subject::value(row.record, first.cell),
        format!(
            "the count table gives {printed} for {label:?}; the rows of its sub-sections add \
             up to {computed} ({})",
            names.join(", ")
        ),
        format!(
            "集計表の「{label}」は{printed}ですが、内訳の行({})の合計は{computed}です",
            names.join("、")
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::leading_number;

    #[test]
    fn leading_numbers() {
        let cases = [
            ("①ものづくりなど 頑張る企業", Some("①")),
            ("⑨ 結婚から子育て", Some("⑨")),
            ("1 安定した雇用を創出する", Some("1")),
            ("1(1) 企業誘致による雇用の確保", Some("1(1)")),
            ("合計", None),
            ("1安定した", None),
        ];
        for (label, expected) in cases {
            assert_eq!(leading_number(label), expected, "{label}");
        }
    }
}
