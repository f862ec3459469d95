//! Reading cells inside recognizers: the text at a column, names and labels normalized,
//! list cells split, ordinals recognized.

use crate::model::{Cell, CellContent, Row};
use crate::normalize::{self, ColumnHint, ValueContext};

/// Splits a list cell (departments) on spaces (ASCII or ideographic) and commas, then folds
/// each item. The split comes first: folding deletes the spaces between CJK words that
/// separate the items here (field guide §2.12).
pub(crate) fn split_list(raw: &str) -> Vec<String> {
    raw.split(|c: char| c.is_whitespace() || matches!(c, '、' | ',' | '，'))
        .filter(|s| !s.is_empty())
        .map(|item| normalize::fold_text(item).into_owned())
        .collect()
}

/// The normalized text of a name or label cell.
pub(crate) fn clean_text(raw: &str) -> String {
    normalize::parse(raw, &ValueContext { hint: Some(ColumnHint::Text), ..ValueContext::default() })
        .value
        .text
}

/// The raw text of a cell (what [`CellContent::to_raw_text`] gives), borrowed.
pub(crate) fn raw(cell: &Cell) -> &str {
    normalize::cell_text(cell).raw()
}

/// The normalized text of a cell: [`clean_text`] of its raw text, computed once per cell.
pub(crate) fn clean(cell: &Cell) -> &str {
    normalize::cell_text(cell).clean()
}

/// A cell's label key: [`clean`] without white space (HTML removed, width folded), computed
/// once per cell.
pub(crate) fn key(cell: &Cell) -> &str {
    normalize::cell_text(cell).key()
}

/// A cell's raw text as [`super::vocab::compact`] gives it (folded, no white space, HTML
/// kept), computed once per cell.
pub(crate) fn compact(cell: &Cell) -> &str {
    normalize::cell_text(cell).compact()
}

/// A cell's trimmed raw text folded (`fold_text(raw.trim())`), computed once per cell.
pub(crate) fn folded_trimmed(cell: &Cell) -> &str {
    normalize::cell_text(cell).folded_trimmed()
}

/// A cell's text with HTML removed, trimmed: [`super::edition::plain`] without the copy.
pub(crate) fn plain(cell: &Cell) -> &str {
    normalize::cell_text(cell).plain().trim()
}

/// Whether `normalize::parse` may read a text as a number, quantity, percentage or amount:
/// only a text with a digit can be one (these kinds start from a numeral of ASCII digits,
/// which folding makes from full-width digits and HTML from a character reference). A cheap
/// test that skips parsing prose, never a text that would parse as a number.
pub(crate) fn may_be_number(text: &str) -> bool {
    text.contains(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '&')
}

/// The raw text of the cell at `col`, if it holds any non-blank text.
pub(crate) fn text_at(row: &Row, col: u32) -> Option<&str> {
    let cell = row.cells.iter().find(|c| c.col == col && c.fragment.is_none_or(|f| f == 0))?;
    match &cell.content {
        CellContent::Text(text) if !text.trim().is_empty() => Some(text.as_str()),
        _ => None,
    }
}

/// Circled numbers, Roman numerals, and bracketed numbers used to number measures.
pub(crate) fn is_ordinal(text: &str) -> bool {
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return ('①'..='⑳').contains(&c) || ('㉑'..='㊿').contains(&c) || ('Ⅰ'..='Ⅻ').contains(&c);
    }
    let inner = text.trim_start_matches(['(', '（']).trim_end_matches([')', '）']);
    inner.len() < text.len() && !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        assert!(is_ordinal("①"));
        assert!(is_ordinal("⑳"));
        assert!(is_ordinal("(1)"));
        assert!(is_ordinal("（2）"));
        assert!(!is_ordinal("出生数"));
        assert!(!is_ordinal("1"));
    }

    #[test]
    fn lists_split_on_spaces_and_commas() {
        assert_eq!(
            split_list("商工観光課 文化課 スポーツ振興課"),
            ["商工観光課", "文化課", "スポーツ振興課"]
        );
        assert_eq!(
            split_list("市民課、総務広報課、 関係各課"),
            ["市民課", "総務広報課", "関係各課"]
        );
    }
}
