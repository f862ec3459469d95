//! Shared reading helpers of the two-edition survey sheets (第2期 results beside the 第3期
//! draft): edition labels (`第3期 (R7-11)`), department cells, whole-cell change markers
//! (`削除`, `2(4)から移動`, `3(1)から一部移動`), and the cells of a row as plain text.
//!
//! Used by [`super::kpi_table`], [`super::measure`] and [`super::flattened`]; takes cell
//! text and returns small typed facts, never records.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Cell, CellContent, Diagnostic, Location, Marker, MarkerKind, Row};
use crate::normalize::{self, ValueIssue};

use super::cells;
use super::vocab::compact;

/// `第2期`, `第 3 期`: an edition label.
static PHASE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第\s*([0-9]+)\s*期").unwrap_or_else(|_| unreachable!()));

/// `2(4)から移動`, `2(1)へ移動`, `3(1)から一部移動`, optionally followed by a name.
static MOVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]+\([0-9]+\))(から|へ)(一部)?移動\s*(.*)$")
        .unwrap_or_else(|_| unreachable!())
});

/// Department suffixes (課, 室, センター …) that make a token a department name.
const DEPARTMENT_SUFFIXES: [&str; 6] = ["課", "室", "センター", "係", "局", "推進部"];

/// The edition a label names: `第3期 (R7-11) KPI` → `第3期`.
pub(crate) fn phase_of(text: &str) -> Option<String> {
    // Folding never makes a 第, so a text without one names no edition (a cheap early exit:
    // this is asked of most cells).
    if !text.contains('第') {
        return None;
    }
    let folded = normalize::fold_text(text);
    let captures = PHASE.captures(&folded)?;
    Some(format!("第{}期", captures.get(1)?.as_str()))
}

/// Whether a text is an edition label (`第3期(R7-11)の展開`, `【第2期(R2-6)】`), not a name
/// that merely mentions an edition (`活用事業数(第2期ビジョン:R4)`).
pub(crate) fn is_phase_label(text: &str) -> bool {
    /// Edition labels are short (`【第3期(R7-11)の展開】`); a title that starts with its
    /// edition (`第1期久留米市地方創生総合戦略の総括について`) is not one.
    const MAX_LABEL_CHARS: usize = 20;
    if !text.contains('第') {
        return false;
    }
    let compacted = compact(text);
    compacted.chars().count() <= MAX_LABEL_CHARS
        && compacted.trim_start_matches('【').starts_with('第')
        && phase_of(&compacted).is_some()
}

/// The plain text of a cell: HTML removed, trimmed (computed once per cell).
pub(crate) fn plain(cell: &Cell) -> &str {
    cells::plain(cell)
}

/// The readable cells of a row: no leaked `<th>`/`<td>` fragment pieces, no blank cells.
pub(crate) fn cells_of(row: &Row) -> impl Iterator<Item = &Cell> {
    row.cells
        .iter()
        .filter(|c| c.fragment.is_none_or(|f| f == 0))
        .filter(|c| !matches!(&c.content, CellContent::Text(t) if t.trim().is_empty()))
}

/// Whether every space-separated token of a cell is a department name (`健康課 長寿支援課`).
pub(crate) fn is_department(text: &str) -> bool {
    let spaced = normalize::text::fold_keep_spaces(text);
    let mut tokens = spaced.split_whitespace().peekable();
    tokens.peek().is_some()
        && tokens.all(|t| {
            t.chars().count() <= 20
                && !t.starts_with('【')
                && !t.contains(['。', '、'])
                && DEPARTMENT_SUFFIXES.iter().any(|s| t.ends_with(s))
        })
}

/// A whole-cell change marker and what follows it (`2(4)から移動 空き家…` → the marker and
/// `空き家…`). `section` is the section the record is read in (the `to` of a move into it).
pub(crate) fn leading_marker(text: &str, section: Option<&str>) -> Option<(Marker, String)> {
    if !may_start_with_marker(text) {
        return None;
    }
    read_leading_marker(text, section)
}

/// [`leading_marker`] without its early exit.
fn read_leading_marker(text: &str, section: Option<&str>) -> Option<(Marker, String)> {
    let folded = normalize::fold_text(text.trim()).into_owned();
    let compacted = compact(&folded).into_owned();
    let simple = |kind, raw: &str| Marker {
        kind,
        raw: raw.to_owned(),
        to: None,
        from: None,
        partial: None,
        of: None,
        original: None,
    };
    match compacted.as_str() {
        "削除" | "削減" => {
            return Some((simple(MarkerKind::Deleted, &compacted), String::new()));
        }
        "新規" => return Some((simple(MarkerKind::New, &compacted), String::new())),
        _ => {}
    }
    let spaced = normalize::text::fold_keep_spaces(text.trim()).into_owned();
    let captures = MOVE.captures(&spaced)?;
    let number = captures.get(1)?.as_str().to_owned();
    let into_here = captures.get(2)?.as_str() == "から";
    let partial = captures.get(3).is_some();
    let rest = captures.get(4).map_or("", |m| m.as_str()).trim().to_owned();
    let raw_len = spaced.len() - captures.get(4).map_or(0, |m| m.as_str().len());
    let raw = spaced.get(..raw_len).unwrap_or(&spaced).trim().to_owned();
    let mut marker = simple(MarkerKind::Moved, &raw);
    if into_here {
        marker.from = Some(number);
        marker.to = section.map(str::to_owned);
    } else {
        marker.to = Some(number);
    }
    marker.partial = partial.then_some(true);
    Some((marker, rest))
}

/// Whether a text can hold a [`leading_marker`]: a whole-cell word needs its 削 or 新, a
/// move starts with a digit (ASCII or full-width, which folding makes ASCII). Folding never
/// makes a kanji or a digit, so this cheap test on the raw text only skips texts that cannot
/// match; it is asked of most cells.
fn may_start_with_marker(text: &str) -> bool {
    let first = text.trim().chars().next();
    first.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        || text.contains(['削', '新'])
}

/// A `relisted` marker when a text says 再掲.
pub(crate) fn relisted(text: &str) -> Option<Marker> {
    let at = text.find("再掲")?;
    let start = text.get(..at)?.rfind(['(', '（', '《']).unwrap_or(at);
    let end = text.get(at..)?.find([')', '）', '》']).map_or(at + "再掲".len(), |e| at + e + 1);
    Some(Marker {
        kind: MarkerKind::Relisted,
        raw: text.get(start..end).unwrap_or("再掲").to_owned(),
        to: None,
        from: None,
        partial: None,
        of: None,
        original: None,
    })
}

/// Turns the issues of a parsed value into diagnostics at the cell.
pub(crate) fn report(diagnostics: &mut Vec<Diagnostic>, issues: Vec<ValueIssue>, at: &Location) {
    for issue in issues {
        diagnostics.push(Diagnostic::new(
            issue.severity,
            issue.code,
            issue.message,
            Some(at.clone()),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_and_departments() {
        assert_eq!(phase_of("第3期 (R7-11) KPI").as_deref(), Some("第3期"));
        assert_eq!(phase_of("R5基準値"), None);
        assert!(is_department("健康課 長寿支援課"));
        assert!(is_department("子ども家庭支援センター"));
        assert!(!is_department("【健康課】 在宅当番医"));
        assert!(!is_department("18,500人"));
    }

    #[test]
    fn move_markers() {
        let (marker, rest) =
            leading_marker("2(4)から移動 空き家バンク登録物件数", Some("2(1)")).unwrap();
        assert_eq!(marker.kind, MarkerKind::Moved);
        assert_eq!(marker.from.as_deref(), Some("2(4)"));
        assert_eq!(marker.to.as_deref(), Some("2(1)"));
        assert_eq!(marker.raw, "2(4)から移動");
        assert_eq!(rest, "空き家バンク登録物件数");
        let (to, _) = leading_marker("2(1)へ移動", None).unwrap();
        assert_eq!(to.to.as_deref(), Some("2(1)"));
        let (partial, _) = leading_marker("3(1)から一部移動", Some("4(3)")).unwrap();
        assert_eq!(partial.partial, Some(true));
        assert!(leading_marker("市内就業者数", None).is_none());
        assert_eq!(relisted("・小児救急(再掲)").unwrap().raw, "(再掲)");
    }

    proptest::proptest! {
        // The early exit of `leading_marker` only skips texts that hold no marker.
        #[test]
        fn the_marker_early_exit_skips_only_texts_without_one(
            text in "[ \\u{3000}0-9０-９()（）削除減新規からへ一部移動第期施策ａA]{0,12}"
        ) {
            proptest::prop_assert!(
                may_start_with_marker(&text) || read_leading_marker(&text, Some("1")).is_none()
            );
        }
    }
}
