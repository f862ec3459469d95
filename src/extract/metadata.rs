//! Document-level facts: municipality, title, plan, editions with their periods, as-of dates
//! and the publication date.
//!
//! All of it is read from the words of the document, wherever a family of such files prints
//! them: the title is the first line near the top that names a plan (総合戦略, 計画, プラン,
//! ビジョン, 一覧, 総括, 調査表); the municipality is a line that is only a municipality name
//! (a cover), else the one the title names; editions are `第N期 (R7-11)` labels; as-of dates
//! are `評価 (R6.4現在)` labels; the publication date is a line near the top that is only a
//! year and month. A regional plan without a title of its own takes its municipalities from the
//! budget cards' 関係市町 lists.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{
    AsOf, Diagnostic, Grid, Location, Metadata, PeriodBound, Phase, Record, Value, ValueKind,
};
use crate::normalize::text::fold_keep_spaces;
use crate::normalize::{self, ValueContext};

use super::cells;

/// How many non-blank rows at the top of a document may hold its title, cover and date.
const TOP_ROWS: usize = 12;

/// Words that make a line a document title.
const TITLE_WORDS: [&str; 8] =
    ["総合戦略", "総合計画", "計画", "プラン", "ビジョン", "一覧", "総括", "調査表"];

static MUNICIPALITY: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?:^|第\d+[期次])(\p{Han}{1,4}?[市町村])"));
static MUNICIPALITY_ONLY: LazyLock<Regex> = LazyLock::new(|| compile(r"^\p{Han}{1,4}[市町村]$"));
static PLAN: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^(.*?(?:総合戦略|総合計画|アクションプラン|プラン|ビジョン|計画))"));
static EDITION_NAME: LazyLock<Regex> = LazyLock::new(|| compile(r"第\d+期"));
static EDITION: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(第\d+期)\s*[(（]([^()（）]*\d[^()（）]*)[)）]"));
static AS_OF: LazyLock<Regex> =
    LazyLock::new(|| compile(r"([\p{Han}\p{Katakana}]+)\s*[(（]([^()（）]*?現在)[)）]"));

fn compile(pattern: &str) -> Regex {
    // The patterns are literals checked by the tests below; an invalid one matches nothing.
    Regex::new(pattern)
        .unwrap_or_else(|_| Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!()))
}

/// Reads the metadata of a document from its grids and the records already extracted.
pub(crate) fn read(
    grids: &[Grid],
    records: &[Record],
    diagnostics: &mut Vec<Diagnostic>,
) -> Metadata {
    let top = top_lines(grids);
    let title = top.iter().find(|line| is_title(&line.printed));
    let mut metadata = Metadata {
        title: title.map(|line| line.printed.clone()),
        plan: title.and_then(|line| plan_of(&line.printed)),
        published: top.iter().find_map(|line| year_month_line(&line.compact)),
        ..Metadata::default()
    };
    metadata.municipality = municipality(&top, title, diagnostics);
    metadata.municipalities =
        partner_municipalities(records, metadata.municipality.is_none(), diagnostics);
    for grid in grids {
        read_labels(grid, &mut metadata);
    }
    if metadata.phases.is_empty() {
        metadata.phases = plan_period(&top, title).into_iter().collect();
    }
    metadata
}

/// A plan without `第N期 (period)` labels: its edition from the title (`第1期`) and its period
/// from a line near the top that is only a period (`<平成 29 年度～令和 3 年度>`).
fn plan_period(top: &[TopLine], title: Option<&TopLine>) -> Option<Phase> {
    let edition = title.and_then(|t| EDITION_NAME.find(&t.compact)).map(|m| m.as_str().to_owned());
    let period = top.iter().find_map(|line| {
        let inner = line
            .compact
            .trim_start_matches(['<', '〈', '(', '（'])
            .trim_end_matches(['>', '〉', ')', '）']);
        let value = normalize::parse(inner, &ValueContext::default()).value;
        (value.kind == ValueKind::Period && value.note.is_none()).then_some(value)
    });
    if edition.is_none() && period.is_none() {
        return None;
    }
    let year = |bound: Option<&PeriodBound>| match bound {
        Some(PeriodBound::Year(y)) => Some(*y),
        _ => None,
    };
    Some(Phase {
        name: edition.unwrap_or_else(|| "計画期間".to_owned()),
        start: period.as_ref().and_then(|p| year(p.start.as_ref())),
        end: period.as_ref().and_then(|p| year(p.end.as_ref().and_then(Option::as_ref))),
    })
}

/// One of the first lines: where it is, its text as printed (width folded, spaces kept) and
/// the same text compacted for matching (the spaces between CJK characters removed).
struct TopLine {
    at: Location,
    printed: String,
    compact: String,
}

/// The first non-blank rows of the first grid.
fn top_lines(grids: &[Grid]) -> Vec<TopLine> {
    let Some(grid) = grids.first() else { return Vec::new() };
    grid.rows
        .iter()
        .filter(|row| !row.cells.is_empty())
        .take(TOP_ROWS)
        .map(|row| {
            let text: Vec<String> = row
                .cells
                .iter()
                .map(|c| fold_keep_spaces(cells::raw(c)).trim().to_owned())
                .collect();
            let printed = text.join(" ").trim().to_owned();
            let compact = normalize::fold_text(&printed).into_owned();
            TopLine { at: grid.row_location(row), printed, compact }
        })
        .collect()
}

/// A title names a plan and is not a bracketed document number (`【資料 2 -2】`).
fn is_title(text: &str) -> bool {
    let bracketed = text.starts_with('【') && text.ends_with('】');
    !bracketed && text.chars().count() < 80 && TITLE_WORDS.iter().any(|w| text.contains(w))
}

/// The plan a title names: up to its plan word (`第3期小郡市…総合戦略の策定に係る調査表` →
/// `第3期小郡市…総合戦略`).
fn plan_of(title: &str) -> Option<String> {
    PLAN.captures(title).and_then(|c| c.get(1)).map(|m| m.as_str().trim().to_owned())
}

/// A line that is only a year and month (`令和 5 年 2 月`) or a date.
fn year_month_line(text: &str) -> Option<String> {
    let value = normalize::parse(text, &ValueContext::default()).value;
    if value.kind != ValueKind::EraDate || value.note.is_some() || value.qualifier.is_some() {
        return None;
    }
    value.date.or(value.month)
}

/// The municipality: a cover line that is only a municipality name wins over the one the
/// title names (titles are often OCR'd: 小都市 for 小郡市); a disagreement is reported.
fn municipality(
    top: &[TopLine],
    title: Option<&TopLine>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let in_title = title
        .and_then(|line| MUNICIPALITY.captures(&line.compact))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_owned());
    let cover = top.iter().find(|line| MUNICIPALITY_ONLY.is_match(&line.compact));
    let Some(TopLine { at, compact: name, .. }) = cover else { return in_title };
    if let Some(printed) = in_title.filter(|t| t != name) {
        diagnostics.push(Diagnostic::info(
            "normalize.ocr_corrected",
            format!("the title names {printed}, the cover names {name}: the cover is taken"),
            at.clone(),
        ));
    }
    Some(name.clone())
}

/// The municipalities of a regional plan: those named by the budget cards' 関係市町, in order
/// of first appearance, when the document names no municipality of its own.
fn partner_municipalities(
    records: &[Record],
    no_own_municipality: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut first_at = None;
    for record in records {
        if let Record::Budget(budget) = record {
            first_at.get_or_insert_with(|| budget.common.provenance.clone());
            for name in &budget.municipalities {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
    }
    if let (Some(at), false) = (first_at, names.is_empty()) {
        if no_own_municipality {
            diagnostics.push(Diagnostic::info(
                "extract.municipalities_inferred",
                format!(
                    "no title names a municipality; {} taken from the 関係市町 lists",
                    names.join("、")
                ),
                at,
            ));
        }
    }
    names
}

/// Edition and as-of labels anywhere in a grid: `第3期 (R7-11)`, `評価 (R6.4現在)`.
fn read_labels(grid: &Grid, metadata: &mut Metadata) {
    for row in &grid.rows {
        for cell in &row.cells {
            let raw = cells::raw(cell);
            // A character test first: a substring search prepares a searcher for every cell.
            let as_of = raw.contains('現') && raw.contains("現在");
            if !(raw.contains('期') || as_of) {
                continue;
            }
            let text = normalize::fold_text(raw);
            for captures in EDITION.captures_iter(&text) {
                if let (Some(name), Some(period)) = (captures.get(1), captures.get(2)) {
                    add_phase(metadata, name.as_str(), period.as_str());
                }
            }
            for captures in AS_OF.captures_iter(&text) {
                if let (Some(label), Some(date)) = (captures.get(1), captures.get(2)) {
                    add_as_of(metadata, label.as_str(), date.as_str());
                }
            }
        }
    }
}

fn add_phase(metadata: &mut Metadata, name: &str, period: &str) {
    if metadata.phases.iter().any(|p| p.name == name) {
        return;
    }
    let value = normalize::parse(period, &ValueContext::default()).value;
    let year = |bound: Option<&PeriodBound>| match bound {
        Some(PeriodBound::Year(y)) => Some(*y),
        _ => None,
    };
    if value.kind != ValueKind::Period {
        return;
    }
    let end = value.end.as_ref().and_then(Option::as_ref);
    metadata.phases.push(Phase {
        name: name.to_owned(),
        start: year(value.start.as_ref()),
        end: year(end),
    });
    metadata.phases.sort_by(|a, b| a.name.cmp(&b.name));
}

fn add_as_of(metadata: &mut Metadata, label: &str, date: &str) {
    let value: Value = normalize::parse(date, &ValueContext::default()).value;
    if value.kind != ValueKind::EraDate {
        return;
    }
    let entry = AsOf { label: Some(label.to_owned()), month: value.month, date: value.date };
    if !metadata.as_of.contains(&entry) {
        metadata.as_of.push(entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_compile_and_match() {
        let caps = MUNICIPALITY.captures("第3期小郡市まち・ひと・しごと創生総合戦略").unwrap();
        assert_eq!(&caps[1], "小郡市");
        let caps = MUNICIPALITY.captures("第1期久留米市地方創生総合戦略の総括について").unwrap();
        assert_eq!(&caps[1], "久留米市");
        assert!(MUNICIPALITY_ONLY.is_match("小郡市"));
        assert!(!MUNICIPALITY_ONLY.is_match("目次"));
        let caps = EDITION.captures("第3期 (R7-11) 数値目標").unwrap();
        assert_eq!((&caps[1], &caps[2]), ("第3期", "R7-11"));
        let caps = AS_OF.captures("評価 (R6.4現在)").unwrap();
        assert_eq!((&caps[1], &caps[2]), ("評価", "R6.4現在"));
        let caps = AS_OF.captures("【総括 (R6.3現在)】").unwrap();
        assert_eq!(&caps[1], "総括");
    }

    #[test]
    fn plans_end_at_their_plan_word() {
        assert_eq!(
            plan_of("第3期小郡市まち・ひと・しごと創生総合戦略の策定に係る調査表").as_deref(),
            Some("第3期小郡市まち・ひと・しごと創生総合戦略")
        );
        assert_eq!(
            plan_of("小都市行政経営アクションプラン").as_deref(),
            Some("小都市行政経営アクションプラン")
        );
    }

    #[test]
    fn titles_are_not_document_numbers() {
        assert!(!is_title("【資料 2 -2】"));
        assert!(is_title("第2次飯塚市まち・ひと・しごと創生総合戦略 具体的事業一覧"));
        assert!(!is_title("(3) 生活関連機能サービスの向上分野"));
    }
}
