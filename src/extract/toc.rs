//! Action plans (行政経営アクションプラン): the table of contents (目次) and the body headings.
//!
//! The table of contents lists the chapters (`第4 実施項目`), their numbered parts
//! (`1 市民との協働`), bracketed parts (`(2) 市民参画の推進`) and the items
//! (`No.18 マイナンバーカードの普及・活用`), each line with an optional page number. It is kept
//! in [`Toc`] to recover item names printed empty in the body (`extract.name_from_toc`) and to
//! name a chapter whose body heading drops its number (`実施項目 平成29年度～令和3年度実績` is
//! `第4 実施項目`). It ends where a chapter number stops increasing (the body starts again at
//! `第1`).
//!
//! In the body the same heading shapes open sections: chapter → part → subpart. A page header
//! — the document title printed again, or the open chapter's heading printed again — is not
//! content and leaves the open parts open. A heading naming added items (`追加実施項目`) is a
//! `new` marker for the next item, not a section. The closing parts 総括, …効果額 and 附属資料
//! are unnumbered chapters.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Cell, CellContent, Diagnostic, Grid, Location, Marker, Row};
use crate::normalize::text::fold_keep_spaces;

use super::Context;
use super::cells::{self, clean_text};
use super::markers;
use super::sections::Level;
use super::vocab::{self, compact};

/// The longest title a heading line may have; longer single-cell lines are prose.
const MAX_HEADING_CHARS: usize = 40;

/// A heading of an action plan, as printed in the table of contents or the body.
#[derive(Debug, Clone, PartialEq)]
enum PlanHeading {
    /// A section heading: its level, number (`第4`, `1`, `(2)`) and title.
    Section { level: Level, number: String, title: String },
    /// An item line of the table of contents: `No.18` and its name.
    Item { number: String, name: String },
}

/// One item line of the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TocItem {
    /// `No.18`.
    pub(crate) number: String,
    /// The name as listed (normalized).
    pub(crate) name: String,
    /// The number and title of the innermost part it is listed under (`(2) 歳出の抑制`).
    pub(crate) part: Option<String>,
    /// The line it is listed on.
    pub(crate) at: Location,
}

/// The table of contents of an action plan.
#[derive(Debug, Default)]
pub(crate) struct Toc {
    /// Chapters: number (`第4`) and title (`実施項目`).
    chapters: Vec<(String, String)>,
    /// The items in order.
    items: Vec<TocItem>,
    /// Every section heading listed: level, number (`(1)`) and title.
    headings: Vec<(Level, String, String)>,
    /// The parts open while the contents are read: level and `number title`.
    open: Vec<(Level, String)>,
    /// The number of the last chapter read.
    last_chapter: u32,
}

impl Toc {
    /// The entry of an item number (`No.18`).
    pub(crate) fn item(&self, number: &str) -> Option<&TocItem> {
        self.items.iter().find(|item| item.number == number)
    }

    /// The contents title of a body heading misread by one character (`(1) 緒入の確保`, listed
    /// as `(1) 歳入の確保`): among the listed headings of the same level and number, none has
    /// the body's title and one differs from it in exactly one character.
    fn one_off_title(&self, level: Level, number: &str, title: &str) -> Option<&str> {
        let body = compact(title);
        let same_number =
            || self.headings.iter().filter(move |(l, n, _)| *l == level && n == number);
        if same_number().any(|(_, _, listed)| compact(listed) == body) {
            return None;
        }
        same_number()
            .map(|(_, _, listed)| listed.as_str())
            .find(|listed| differs_by_one_char(&compact(listed), &body))
    }

    /// The chapter whose title a body line starts with: `実施項目 平成29年度～…` → 第4 実施項目.
    fn chapter_titled(&self, line: &str) -> Option<&(String, String)> {
        let line = compact(line);
        self.chapters.iter().find(|(_, title)| line.starts_with(compact(title).as_ref()))
    }

    /// Adds one contents line; false when the line does not continue the contents.
    fn accept(&mut self, heading: PlanHeading, at: Location) -> bool {
        match heading {
            PlanHeading::Section { level: Level::Chapter, number, title } => {
                let value = number.trim_start_matches('第').parse::<u32>().unwrap_or(0);
                if value <= self.last_chapter {
                    return false;
                }
                self.last_chapter = value;
                self.open.clear();
                self.headings.push((Level::Chapter, number.clone(), title.clone()));
                self.chapters.push((number, title));
            }
            PlanHeading::Section { level, number, title } => {
                self.open.retain(|(open, _)| *open < level);
                self.open.push((level, format!("{number} {title}")));
                self.headings.push((level, number, title));
            }
            PlanHeading::Item { number, name } => {
                let part = self.open.last().map(|(_, part)| part.clone());
                self.items.push(TocItem { number, name, part, at });
            }
        }
        true
    }
}

static CHAPTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第\s*([0-9]+)\s+(\S.*)$").unwrap_or_else(|_| unreachable!()));
static PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]+)\s+(\S.*)$").unwrap_or_else(|_| unreachable!()));
static SUBPART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(\s*([0-9]+)\s*\)\s*(\S.*)$").unwrap_or_else(|_| unreachable!())
});
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^No\s*\.?\s*([0-9]+)\s+(\S.*)$").unwrap_or_else(|_| unreachable!())
});

/// Parses a heading line (full-width folded, spaces kept).
fn parse_heading(raw: &str) -> Option<PlanHeading> {
    let line = fold_keep_spaces(raw.trim());
    if let Some(c) = ITEM.captures(&line) {
        let number = format!("No.{}", c.get(1)?.as_str());
        return Some(PlanHeading::Item { number, name: clean_text(c.get(2)?.as_str()) });
    }
    let (level, captures, prefix) = [(Level::Chapter, &CHAPTER, "第"), (Level::Part, &PART, "")]
        .into_iter()
        .chain([(Level::Subpart, &SUBPART, "(")])
        .find_map(|(level, regex, prefix)| Some((level, regex.captures(&line)?, prefix)))?;
    let title = captures.get(2)?.as_str();
    if title.chars().count() > MAX_HEADING_CHARS || title.contains('。') {
        return None;
    }
    let digits = captures.get(1)?.as_str();
    let number = match prefix {
        "(" => format!("({digits})"),
        _ => format!("{prefix}{digits}"),
    };
    Some(PlanHeading::Section { level, number, title: clean_text(title) })
}

/// The non-blank cells of a row.
pub(crate) fn filled_cells(row: &Row) -> Vec<&Cell> {
    row.cells.iter().filter(|c| !cells::raw(c).trim().is_empty()).collect()
}

/// The text of a heading-like row: one text cell, optionally followed by a page number.
fn heading_text(row: &Row) -> Option<&str> {
    let cells = filled_cells(row);
    let (first, rest) = cells.split_first()?;
    let page_only = match rest {
        [] => true,
        [page] => cells::raw(page).trim().chars().all(|c| c.is_ascii_digit()),
        _ => false,
    };
    match &first.content {
        CellContent::Text(text) if page_only => Some(text.as_str()),
        _ => None,
    }
}

/// The only cell of a one-cell row, with its text.
pub(crate) fn single_text(row: &Row) -> Option<(&Cell, &str)> {
    let cells = filled_cells(row);
    let [cell] = cells.as_slice() else { return None };
    match &cell.content {
        CellContent::Text(text) => Some((*cell, text.as_str())),
        _ => None,
    }
}

/// Reads a table of contents starting at a `目次` line. Declines contents that list no items
/// (those of other document families). Returns the rows consumed.
pub(crate) fn read_toc(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let (cell, _) = single_text(grid.rows.get(start)?)?;
    if cells::compact(cell) != vocab::CONTENTS {
        return None;
    }
    let mut toc = Toc::default();
    let mut last = start;
    for (index, row) in grid.rows.iter().enumerate().skip(start + 1) {
        if filled_cells(row).is_empty() {
            continue;
        }
        let Some(heading) = heading_text(row).and_then(parse_heading) else { break };
        if !toc.accept(heading, grid.row_location(row)) {
            break;
        }
        last = index;
    }
    if toc.items.is_empty() {
        return None;
    }
    ctx.plan.toc = toc;
    ctx.plan.active = true;
    Some(last - start + 1)
}

/// A heading of the body: opens its section, skips a page header, or notes an `追加` heading.
pub(crate) fn read_body_heading(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let row = grid.rows.get(start)?;
    let (cell, raw) = single_text(row)?;
    let at = grid.location(row, cell);
    if is_page_title(grid, start, cell) {
        return Some(1);
    }
    if is_addition_heading(cells::compact(cell)) {
        let marker = markers::from_remarks(raw.trim()).into_iter().next()?;
        ctx.plan.pending_new = Some(PendingNew { marker, heading: clean_text(raw), at });
        return Some(1);
    }
    let (level, number, title) = body_section(ctx, raw, &at)?;
    if let Some(number) = number.as_deref() {
        check_against_toc(ctx, level, number, &title, &at);
    }
    let own_id = number.as_deref().unwrap_or(&title);
    if level == Level::Chapter && ctx.sections.open_at(Level::Chapter) == Some(own_id) {
        // The open chapter printed again as a page header: not content.
        return Some(1);
    }
    ctx.sections.open(level, number.as_deref(), Some(&title), at, &mut ctx.diagnostics);
    Some(1)
}

/// A `new` marker waiting for the next item, from a heading such as `追加実施項目`.
#[derive(Debug, Clone)]
pub(crate) struct PendingNew {
    /// The marker.
    pub(crate) marker: Marker,
    /// The heading as printed (normalized).
    pub(crate) heading: String,
    /// Where the heading is.
    pub(crate) at: Location,
}

/// The level, number and title of a body heading: a numbered heading, a chapter named by its
/// contents title without its number, or an unnumbered closing part (総括, 附属資料, …効果額).
fn body_section(
    ctx: &mut Context,
    raw: &str,
    at: &Location,
) -> Option<(Level, Option<String>, String)> {
    match parse_heading(raw) {
        Some(PlanHeading::Section { level, number, title }) => {
            return Some((level, Some(number), title));
        }
        Some(PlanHeading::Item { .. }) => return None,
        None => {}
    }
    let text = clean_text(raw);
    if text.chars().count() > MAX_HEADING_CHARS || text.contains('。') {
        return None;
    }
    if let Some((number, title)) = ctx.plan.toc.chapter_titled(raw).cloned() {
        ctx.diagnostics.push(Diagnostic::info(
            "extract.name_from_toc",
            format!(
                "heading {text:?} has no number; the table of contents names it {number} {title}"
            ),
            at.clone(),
        ));
        return Some((Level::Chapter, Some(number), title));
    }
    is_closing_part(&text).then_some((Level::Chapter, None, text))
}

/// Whether two texts have the same length and differ in exactly one character.
fn differs_by_one_char(a: &str, b: &str) -> bool {
    a.chars().count() == b.chars().count()
        && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() == 1
}

/// Compares a numbered body heading with the contents entry of the same number; a title
/// differing in one character is likely misread (OCR): reported as `normalize.ocr_corrected`
/// (info). The heading keeps its printed title; the contents title is only named.
fn check_against_toc(ctx: &mut Context, level: Level, number: &str, title: &str, at: &Location) {
    let Some(listed) = ctx.plan.toc.one_off_title(level, number, title) else { return };
    let (from, to): (String, String) =
        compact(title).chars().zip(compact(listed).chars()).filter(|(x, y)| x != y).unzip();
    let message = format!(
        "heading {number} {title:?} differs from the contents entry {number} {listed:?} in one character ({from} → {to}): likely misread; the printed title is kept"
    );
    ctx.diagnostics.push(Diagnostic::info("normalize.ocr_corrected", message, at.clone()));
}

/// 総括, 附属資料 and a title ending in 効果額: the unnumbered parts after the items.
fn is_closing_part(text: &str) -> bool {
    let key = compact(text);
    vocab::CLOSING_PARTS.contains(&key.as_ref()) || key.ends_with(vocab::EFFECT)
}

/// `追加実施項目`: a heading over items added to the plan later (`key`: the line's compact
/// text).
fn is_addition_heading(key: &str) -> bool {
    key.starts_with(vocab::ADDED) && key.ends_with(vocab::ITEM) && key.chars().count() <= 10
}

/// Whether the row at `start`, whose single cell is `cell`, repeats the document title (the
/// first line) as a page header.
fn is_page_title(grid: &Grid, start: usize, cell: &Cell) -> bool {
    let first = grid.rows.iter().enumerate().find_map(|(index, row)| {
        let (title, _) = single_text(row)?;
        Some((index, title))
    });
    first.is_some_and(|(index, title)| {
        index < start && cells::compact(title) == cells::compact(cell)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_shapes() {
        let section = |raw| match parse_heading(raw) {
            Some(PlanHeading::Section { level, number, title }) => Some((level, number, title)),
            _ => None,
        };
        assert_eq!(
            section("第4 実施項目"),
            Some((Level::Chapter, "第4".into(), "実施項目".into()))
        );
        assert_eq!(
            section("1 市民との協働"),
            Some((Level::Part, "1".into(), "市民との協働".into()))
        );
        assert_eq!(
            section("（2）歳出の抑制"),
            Some((Level::Subpart, "(2)".into(), "歳出の抑制".into()))
        );
        assert_eq!(
            parse_heading("No.18 マイナンバーカードの普及・活用"),
            Some(PlanHeading::Item {
                number: "No.18".into(),
                name: "マイナンバーカードの普及・活用".into()
            })
        );
        assert_eq!(section("本市では、平成14年に策定し、取り組んできました。"), None);
        assert!(is_addition_heading("追加実施項目"));
        assert!(is_closing_part("附 屬 資 料"));
        assert!(is_closing_part("小都市行政経営アクションプランによる効果額"));
    }
}
