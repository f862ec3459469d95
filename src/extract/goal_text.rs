//! 数値目標 written as prose under a `【数値目標】` label (the 別紙 and 概要 pages of a 総括).
//!
//! Each goal starts with a bulleted name (`- ・大都市圏への転出超過数`, `・年間観光客数：`) and
//! is followed, on the same line or the next ones, by `baseline ⇒ target` (or `→`). The
//! pieces may be spread over several lines (field guide §2.9):
//!
//! * `：650人(H24～26年度平均) ⇒` / `550人(R1年度までの5年間平均)`: the target on the next line;
//! * `12.1% ⇒ 17%` / `(H26年度) (H31年度)`: the years on their own line, baseline year first;
//! * `：平日241,724人 → 基準値滞在人口を` / `休日240,408人 維持する` / `(平成27年)`: two text
//!   columns interleaved line by line: the first token of each line is the baseline, the rest
//!   continues the target text;
//! * `市内大学等の新卒者の市内企業への就職率12.1%(H26年度) ⇒ 17%(H31年度)`: name and values
//!   on one line, split where the baseline's number starts.
//!
//! Each goal becomes a `kpi` record (level 数値目標) in the current section; a goal printed
//! over several lines is reported as `extract.lines_joined` (info), naming the lines. A goal
//! without `⇒` is kept as a name without values. These repeat 数値目標 also found in tables:
//! both are kept, each with its own provenance.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Diagnostic, Grid, Kpi, Location, Record, Row, Value, ValueKind};
use crate::normalize::text::fold_keep_spaces;
use crate::normalize::{self, ColumnHint, ValueContext};

use super::Context;
use super::cells::{self, clean_text};
use super::summary::{GOAL_TEXT_LABEL, label_key};

/// The arrows between a baseline and a target.
const ARROWS: [char; 2] = ['⇒', '→'];
/// The level of the records read here.
const LEVEL: &str = "数値目標";

/// One line of a goal: its row, its text as printed (trimmed; the values are read from it,
/// so their `raw` keeps the printed characters) and its width-folded text (for telling lines
/// apart).
struct Line<'g> {
    row: &'g Row,
    raw: String,
    text: String,
}

/// One goal being read: its name line and the lines after it.
struct Entry<'g> {
    name: Line<'g>,
    rest: Vec<Line<'g>>,
    /// A blank line followed; only a new bullet may come next.
    closed: bool,
}

impl Entry<'_> {
    /// Whether the goal has reached its `⇒` line.
    fn has_arrow(&self) -> bool {
        self.name.text.contains(ARROWS) || self.rest.iter().any(|l| l.text.contains(ARROWS))
    }

    /// Whether the goal's year line has been read.
    fn has_years(&self) -> bool {
        self.rest.iter().any(|l| is_year_line(&l.text))
    }

    /// Whether the last line ends with `⇒`, its target still to come on the next line.
    fn target_pending(&self) -> bool {
        let last = self.rest.last().unwrap_or(&self.name);
        last.text.split_once(ARROWS).is_some_and(|(_, right)| right.trim().is_empty())
    }

    /// Whether a non-bullet line continues this goal: a value line, the year line, the
    /// pending target, or a line of two interleaved columns (a value and more words).
    fn accepts(&self, text: &str) -> bool {
        if self.closed || self.has_years() {
            return false;
        }
        let value_line = text.starts_with([':', '：']) || text.contains(ARROWS);
        let interleaved =
            text.contains(char::is_whitespace) && text.contains(|c: char| c.is_ascii_digit());
        value_line
            || (self.has_arrow() && (is_year_line(text) || self.target_pending() || interleaved))
    }
}

/// The single-cell line of a row: its trimmed raw text and its text width folded with the
/// spaces kept (they separate the interleaved columns); `None` for a row of several cells.
fn line_text(row: &Row) -> Option<(String, String)> {
    let [cell] = row.cells.as_slice() else { return None };
    let raw = cells::raw(cell).trim().to_owned();
    let text = fold_keep_spaces(&raw).trim().to_owned();
    Some((raw, text))
}

/// A bulleted name line's name: `- ・名前：` → `名前`; `None` when the line has no bullet.
fn bullet_name(text: &str) -> Option<&str> {
    let dash = text.strip_prefix('-').map(str::trim_start);
    let dot = dash.unwrap_or(text).strip_prefix('・').map(str::trim_start);
    let name = dot.or(dash)?;
    Some(name.trim_end_matches([':', '：']).trim_end())
}

/// A bracketed group, in half- or full-width brackets.
static GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(（][^()（）]*[)）]").unwrap_or_else(|_| unreachable!()));

/// A line holding only bracketed groups: `(H26年度) (H31年度)`, `(平成27年)`.
fn is_year_line(text: &str) -> bool {
    text.starts_with(['(', '（']) && GROUP.replace_all(text, "").trim().is_empty()
}

/// Recognizes a `【数値目標】` label and reads the goals written under it.
pub(crate) fn recognize(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let label = grid.rows.get(start)?;
    if line_text(label).is_none_or(|(_, t)| label_key(&t) != GOAL_TEXT_LABEL) {
        return None;
    }
    let (entries, consumed) = collect(grid, start + 1);
    for entry in &entries {
        read_entry(ctx, grid, entry);
    }
    Some(1 + consumed)
}

/// Groups the lines after the label into goals; returns them and the rows consumed (up to
/// the last line of the last goal).
fn collect(grid: &Grid, first: usize) -> (Vec<Entry<'_>>, usize) {
    let mut entries: Vec<Entry<'_>> = Vec::new();
    let mut consumed = 0;
    for (offset, row) in grid.rows.get(first..).unwrap_or_default().iter().enumerate() {
        if row.cells.iter().all(|c| cells::raw(c).trim().is_empty()) {
            if let Some(open) = entries.last_mut() {
                open.closed = true;
            }
            continue;
        }
        let Some((raw, text)) = line_text(row) else { break };
        if super::is_boundary(row) {
            break;
        }
        if bullet_name(&text).is_some() {
            let name = Line { row, raw, text };
            entries.push(Entry { name, rest: Vec::new(), closed: false });
        } else if let Some(open) = entries.last_mut().filter(|e| e.accepts(&text)) {
            open.rest.push(Line { row, raw, text });
        } else {
            break;
        }
        consumed = offset + 1;
    }
    (entries, consumed)
}

/// The baseline and target texts of a goal and where they were read.
#[derive(Default)]
struct Sides {
    baseline: Vec<String>,
    target: Vec<String>,
    years: Vec<String>,
    /// The line of the `⇒`, where the baseline is located.
    at: Option<u32>,
    /// The line where the target starts (the `⇒` line, or the next one).
    target_at: Option<u32>,
}

/// Makes one goal's `kpi` record.
fn read_entry(ctx: &mut Context, grid: &Grid, entry: &Entry<'_>) {
    let Some(cell) = entry.name.row.cells.first() else { return };
    let printed = &entry.name;
    let name_text = bullet_name(&printed.raw)
        .or_else(|| bullet_name(&printed.text))
        .unwrap_or(&printed.text)
        .to_owned();
    let (name, inline) = split_inline(&name_text);
    let name = clean_text(&name);
    let sides = sides(inline.as_deref(), &entry.rest, entry.name.row.number);
    let name_at = grid.location(entry.name.row, cell);
    let (baseline, target) = if sides.at.is_some() {
        let at = line_location(grid, sides.at, &name_at);
        let baseline = value(ctx, &sides.baseline, " ", sides.years.first(), &at);
        let at = line_location(grid, sides.target_at, &name_at);
        let target = value(ctx, &sides.target, "", sides.years.get(1), &at);
        (baseline, target)
    } else {
        (None, None)
    };
    if !entry.rest.is_empty() {
        report_joined(ctx, grid, entry, &name);
    }
    let kpi = Kpi {
        common: ctx.common("kpi", name_at),
        indicator: name,
        level: Some(LEVEL.to_owned()),
        baseline,
        target,
        ..Kpi::default()
    };
    ctx.push(Record::Kpi(kpi));
}

/// The location of the first cell of the row numbered `number`, or `fallback`.
fn line_location(grid: &Grid, number: Option<u32>, fallback: &Location) -> Location {
    number
        .and_then(|n| grid.rows.iter().find(|r| r.number == n))
        .and_then(|r| r.cells.first().map(|c| grid.location(r, c)))
        .unwrap_or_else(|| fallback.clone())
}

/// A name line that carries its values (`…就職率12.1%(H26年度) ⇒ 17%(H31年度)`): the name
/// ends at a `：`, or else where the baseline's number starts — the first number from which
/// the text up to the arrow reads as a value. Other names are returned whole.
fn split_inline(text: &str) -> (String, Option<String>) {
    let Some((before, _)) = text.split_once(ARROWS) else { return (text.to_owned(), None) };
    if let Some((name, values)) = text.split_once([':', '：']) {
        return (name.trim().to_owned(), Some(values.trim().to_owned()));
    }
    let context = ValueContext { hint: Some(ColumnHint::Numeric), ..ValueContext::default() };
    let mut previous = None;
    for (index, c) in before.char_indices() {
        let starts_number = c.is_ascii_digit()
            && !previous.is_some_and(|p: char| p.is_ascii_digit() || p == '.' || p == ',');
        previous = Some(c);
        if !starts_number || index == 0 {
            continue;
        }
        let (Some(name), Some(value)) = (text.get(..index), before.get(index..)) else { continue };
        if normalize::parse(value.trim(), &context).value.kind != ValueKind::Text {
            let values = text.get(index..).unwrap_or_default().trim().to_owned();
            return (name.trim().to_owned(), Some(values));
        }
    }
    (text.to_owned(), None)
}

/// Splits the lines after the name into baseline pieces, target pieces and year groups.
fn sides(inline: Option<&str>, rest: &[Line<'_>], name_line: u32) -> Sides {
    let mut sides = Sides::default();
    let lines = inline.map(|t| (name_line, t.to_owned())).into_iter();
    let lines = lines.chain(rest.iter().map(|l| (l.row.number, l.raw.clone())));
    for (number, text) in lines {
        let text = text.trim_start_matches([':', '：']).trim();
        if is_year_line(text) {
            sides.years.extend(GROUP.find_iter(text).map(|m| m.as_str().to_owned()));
        } else if sides.at.is_none() {
            let Some((left, right)) = text.split_once(ARROWS) else { continue };
            sides.at = Some(number);
            push_piece(&mut sides.baseline, left);
            push_piece(&mut sides.target, right);
            sides.target_at = (!sides.target.is_empty()).then_some(number);
        } else if sides.target.is_empty() {
            push_piece(&mut sides.target, text);
            sides.target_at = Some(number);
        } else {
            // Two columns interleaved: the first token is the baseline's, the rest the target's.
            let (left, right) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
            push_piece(&mut sides.baseline, left);
            push_piece(&mut sides.target, right);
        }
    }
    sides
}

/// Adds a non-empty trimmed piece.
fn push_piece(pieces: &mut Vec<String>, piece: &str) {
    let piece = piece.trim();
    if !piece.is_empty() {
        pieces.push(piece.to_owned());
    }
}

/// The Value of one side: its pieces joined (`" "` between values, `""` inside a sentence
/// broken over lines), with its year group (`(H26年度)`) attached.
fn value(
    ctx: &mut Context,
    pieces: &[String],
    joiner: &str,
    year: Option<&String>,
    at: &Location,
) -> Option<Value> {
    if pieces.is_empty() {
        return None;
    }
    let text = pieces.join(joiner);
    let context = ValueContext { hint: Some(ColumnHint::Numeric), ..ValueContext::default() };
    let Some(year) = year else {
        let parsed = normalize::parse(&text, &context);
        ctx.report_issues(&parsed.issues, at);
        return Some(parsed.value.at(at.clone()));
    };
    let combined = format!("{text} {year}");
    let parsed = normalize::parse(&combined, &context);
    ctx.report_issues(&parsed.issues, at);
    if parsed.value.kind != ValueKind::Text {
        return Some(parsed.value.at(at.clone()));
    }
    // A compound or text value: read alone, the year group gives its reference year.
    let mut value = normalize::parse(&text, &context).value;
    let year_ctx = ValueContext { hint: Some(ColumnHint::Year), ..ValueContext::default() };
    let inner = year.trim_start_matches(['(', '（']).trim_end_matches([')', '）']);
    let era = normalize::parse(inner, &year_ctx).value;
    if era.kind == ValueKind::EraYear && value.year.is_none() {
        (value.year, value.fiscal) = (era.year, era.fiscal);
    } else if value.note.is_none() {
        value.note = Some(inner.to_owned());
    }
    (value.raw, value.text) = (combined, parsed.value.text);
    Some(value.at(at.clone()))
}

/// Reports a goal printed over several lines, naming them.
fn report_joined(ctx: &mut Context, grid: &Grid, entry: &Entry<'_>, name: &str) {
    let numbers: Vec<String> = std::iter::once(entry.name.row.number)
        .chain(entry.rest.iter().map(|l| l.row.number))
        .map(|n| n.to_string())
        .collect();
    ctx.diagnostics.push(Diagnostic::info(
        "extract.lines_joined",
        format!(
            "the 数値目標 {name:?} is printed over lines {}; its name, values and years were joined",
            numbers.join(", ")
        ),
        grid.row_location(entry.name.row),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_inline_values() {
        assert_eq!(bullet_name("- ・大都市圏への転出超過数"), Some("大都市圏への転出超過数"));
        assert_eq!(bullet_name("・年間観光客数:"), Some("年間観光客数"));
        assert_eq!(
            bullet_name("- 住み続けたいと思う市民の割合"),
            Some("住み続けたいと思う市民の割合")
        );
        assert_eq!(bullet_name(":650人"), None);
        let (name, values) =
            split_inline("市内大学等の新卒者の市内企業への就職率12.1%(H26年度) ⇒ 17%(H31年度)");
        assert_eq!(name, "市内大学等の新卒者の市内企業への就職率");
        assert_eq!(values.as_deref(), Some("12.1%(H26年度) ⇒ 17%(H31年度)"));
        assert!(is_year_line("(H26年度) (H31年度)"));
        assert!(is_year_line("(平成27年)"));
        assert!(!is_year_line("(空き家活用件数: 2件) ⇒ 10件"));
    }
}
