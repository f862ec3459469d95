//! KPI lines under a `KPI (重要業績評価指標)` label:
//! `◇<name> <baseline> (<period>) → **<target>** (<period>)`.
//!
//! A line may carry a list prefix (`- ◇…`), break before the arrow (`→ **21,400**人/年 …` on
//! the next line), or have its name two lines above its values; such lines are joined (and
//! reported as `extract.lines_joined`, info). Markdown bold around the target is dropped, the
//! number inside kept. A `※…` line after a KPI is a note on its baseline. Each KPI becomes a
//! `kpi` record (level `KPI`) in the section open at the label — the sub-area whose
//! indicators they are. The block ends at the first line that is none of these.

use crate::model::{Diagnostic, Grid, Kpi, Location, Record, Value};
use crate::normalize::{self, ColumnHint, ValueContext};

use super::Context;
use super::budget::{next_filled_row, single_text_cell};
use super::cells::clean_text;
use super::vocab;

use std::sync::LazyLock;

use regex::Regex;

/// The longest label line taken as a KPI block label.
const MAX_LABEL_CHARS: usize = 24;

/// How many lines after the `◇` line may still belong to one KPI.
const MAX_CONTINUATION_LINES: usize = 2;

/// The arrows between a baseline and its target.
const ARROWS: [char; 2] = ['→', '⇒'];

/// The baseline at the end of the part before the arrow: a number with its unit, and an
/// optional bracketed period.
static BASELINE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)([△▲+]?[0-9][0-9,.]*[^\s(（]*(?:\s*[(（][^()（）]*[)）])?)\s*$")
        .unwrap_or_else(|_| unreachable!())
});

/// Whether a line is the label of a KPI block: `KPI (重要業績評価指標)` or the reverse. Takes
/// the line compacted ([`super::vocab::compact`]; a cell's cached [`super::cells::compact`]
/// form, which trimming or folding the text first does not change).
pub(crate) fn is_compact_block_label(label: &str) -> bool {
    label.chars().count() <= MAX_LABEL_CHARS
        && label.contains(vocab::KPI)
        && label.contains(vocab::KPI_LONG)
}

/// One source line of a KPI: its text without list prefix, and where it is.
struct Piece {
    text: String,
    at: Location,
}

/// Reads the KPI lines under the label at `grid.rows[start]`. Returns the rows consumed, or
/// `None` when no KPI line follows the label (then it is not this layout's label).
pub(crate) fn read_block(ctx: &mut Context, grid: &Grid, start: usize) -> Option<usize> {
    let mut index = start + 1;
    let mut consumed = None;
    let mut pending: Option<Kpi> = None;
    while let Some((at, piece)) = next_line(grid, index) {
        if piece.text.starts_with('◇') {
            let (pieces, end) = gather(grid, at, piece);
            if let Some(kpi) = pending.take() {
                ctx.push(Record::Kpi(kpi));
            }
            pending = Some(kpi_of(ctx, &pieces));
            index = end + 1;
        } else if let (Some(note), Some(kpi)) = (piece.text.strip_prefix('※'), pending.as_mut()) {
            attach_note(ctx, kpi, note.trim(), &piece.at);
            index = at + 1;
        } else {
            break;
        }
        consumed = Some(index - start);
    }
    if let Some(kpi) = pending {
        ctx.push(Record::Kpi(kpi));
    }
    consumed
}

/// The next filled line at or after `from` when it is a one-cell line, with its list prefix
/// (`- `) removed.
fn next_line(grid: &Grid, from: usize) -> Option<(usize, Piece)> {
    let (index, row) = next_filled_row(grid, from)?;
    let (cell, raw) = single_text_cell(row)?;
    let text = raw.trim().trim_start_matches(['-', ' ']).trim_start().to_owned();
    Some((index, Piece { text, at: grid.location(row, cell) }))
}

/// The lines of the KPI starting with `first` (at row `index`): the next lines join it while
/// it has no values yet or stops at its arrow. Returns the pieces and the last row's index.
fn gather(grid: &Grid, index: usize, first: Piece) -> (Vec<Piece>, usize) {
    let mut pieces = vec![first];
    let mut end = index;
    while pieces.len() <= MAX_CONTINUATION_LINES && !is_complete(&pieces) {
        let Some((at, next)) = next_line(grid, end + 1) else { break };
        let continues = !next.text.starts_with(['◇', '※'])
            && next.text.chars().any(|c| c.is_ascii_digit())
            && (next.text.starts_with(ARROWS) || !has_arrow(&pieces));
        if !continues {
            break;
        }
        pieces.push(next);
        end = at;
    }
    (pieces, end)
}

/// Whether the joined lines hold an arrow with something after it.
fn is_complete(pieces: &[Piece]) -> bool {
    let joined: String = pieces.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(" ");
    joined.split_once(ARROWS).is_some_and(|(_, target)| !target.trim().is_empty())
}

/// Whether any of the lines has an arrow.
fn has_arrow(pieces: &[Piece]) -> bool {
    pieces.iter().any(|p| p.text.contains(ARROWS))
}

/// Builds the KPI of the joined lines: name, baseline and target, each Value placed at the
/// line it came from.
fn kpi_of(ctx: &mut Context, pieces: &[Piece]) -> Kpi {
    let provenance = pieces.first().map_or_else(Location::default, |p| p.at.clone());
    for piece in pieces.iter().skip(1) {
        ctx.diagnostics.push(Diagnostic::info(
            "extract.lines_joined",
            format!("this line continues the KPI line above it ({provenance})"),
            piece.at.clone(),
        ));
    }
    let mut name = String::new();
    let mut baseline = None;
    let mut target = None;
    for piece in pieces {
        let (before, after) = match piece.text.split_once(ARROWS) {
            Some((before, after)) => (before, Some(after)),
            None => (piece.text.as_str(), None),
        };
        let (own_name, own_baseline) = split_baseline(before.trim_start_matches('◇'));
        if !own_name.is_empty() {
            name = if name.is_empty() { own_name } else { format!("{name} {own_name}") };
        }
        if let Some(raw) = own_baseline {
            baseline = Some(value(ctx, &raw, &piece.at));
        }
        if let Some(raw) = after.map(str::trim).filter(|t| !t.is_empty()) {
            target = Some(value(ctx, raw, &piece.at));
        }
    }
    Kpi {
        common: ctx.common("kpi", provenance),
        indicator: clean_text(&name),
        level: Some(vocab::KPI.to_owned()),
        baseline,
        target,
        ..Kpi::default()
    }
}

/// Splits the part before the arrow into the name and the baseline at its end.
fn split_baseline(text: &str) -> (String, Option<String>) {
    let text = text.trim();
    let Some(found) = BASELINE_TAIL.captures(text).and_then(|c| c.get(1)) else {
        return (text.to_owned(), None);
    };
    let name = text.get(..found.start()).unwrap_or_default().trim().to_owned();
    (name, Some(found.as_str().trim().to_owned()))
}

/// Parses a baseline or target as printed; markdown bold (`**13.5**%`) is dropped for the
/// parse and kept in `raw`.
fn value(ctx: &mut Context, raw: &str, at: &Location) -> Value {
    let unbolded = raw.replace("**", "");
    let hint = ValueContext { hint: Some(ColumnHint::Numeric), ..ValueContext::default() };
    let parsed = normalize::parse(&unbolded, &hint);
    ctx.report_issues(&parsed.issues, at);
    let mut value = parsed.value;
    raw.clone_into(&mut value.raw);
    value.at(at.clone())
}

/// A `※` line under a KPI: a note on its baseline (or on its target when it has none).
fn attach_note(ctx: &mut Context, kpi: &mut Kpi, note: &str, at: &Location) {
    let Some(value) = kpi.baseline.as_mut().or(kpi.target.as_mut()) else {
        ctx.diagnostics.push(Diagnostic::warning(
            "extract.row_unassigned",
            "a ※ note follows a KPI without values; it is not attached",
            at.clone(),
        ));
        return;
    };
    let note = clean_text(note);
    value.note = Some(match value.note.take() {
        Some(existing) => format!("{existing}; {note}"),
        None => note,
    });
    ctx.diagnostics.push(Diagnostic::info(
        "extract.lines_joined",
        format!("this ※ note is attached to the KPI {:?} above it", kpi.indicator),
        at.clone(),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baseline_is_split_from_the_name() {
        let (name, baseline) = split_baseline("病院群輪番制の運用状況 365日/年 (R2年度) ");
        assert_eq!(name, "病院群輪番制の運用状況");
        assert_eq!(baseline.as_deref(), Some("365日/年 (R2年度)"));
        let (name, baseline) = split_baseline("313人/4年 (H29~R2年)");
        assert_eq!((name.as_str(), baseline.as_deref()), ("", Some("313人/4年 (H29~R2年)")));
        let (name, baseline) = split_baseline("講演会及び研修会への連携市町職員の延べ参加人数");
        assert!(baseline.is_none() && !name.is_empty());
    }

    #[test]
    fn block_labels() {
        let is_block_label = |text: &str| is_compact_block_label(&vocab::compact(text));
        assert!(is_block_label("KPI (重要業績評価指標)"));
        assert!(is_block_label("重要業績評価指標 (KPI)"));
        assert!(!is_block_label("KPI"));
    }
}
