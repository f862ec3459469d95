//! `sheetwash inspect FILE`: what a user runs first when a file looks wrong — the detected
//! format and encoding, the sheets with their sizes and merged regions, and a grid preview.

use std::fmt::Write as _;

use std::time::Duration;

use sheetwash::convert::run_with_budget;
use sheetwash::decode::{self, DecodeOptions, Decoded};
use sheetwash::model::{Grid, GridKind, Row, Severity, a1};

use super::args::InspectArgs;
use super::convert::{decode_options, timeout};
use super::escape::escape_terminal;
use super::inputs::read_stdin;
use super::{Outcome, report_error};

/// Widest column in the preview, in display cells.
const MAX_COLUMN_WIDTH: usize = 24;

/// Runs `inspect`.
pub(crate) fn run(args: &InspectArgs) -> Outcome {
    let Some(opts) = decode_options(args.encoding.as_deref(), &args.limits) else {
        return Outcome::Usage;
    };
    let budget = match timeout(&args.limits) {
        Ok(budget) => budget,
        Err(message) => {
            report_error(&message);
            return Outcome::Usage;
        }
    };
    match read_input(args, opts, budget) {
        Ok(decoded) => {
            print!("{}", describe(&decoded, args.rows));
            Outcome::Clean
        }
        Err(message) => {
            report_error(&message);
            Outcome::Partial
        }
    }
}

/// Reads and decodes the file (or standard input) within the time budget; the error line.
fn read_input(
    args: &InspectArgs,
    opts: DecodeOptions,
    budget: Option<Duration>,
) -> Result<Decoded, String> {
    let (label, bytes) = if args.file.as_os_str() == "-" {
        let bytes = read_stdin().map_err(|e| format!("-: cannot read standard input: {e}"))?;
        ("-".to_owned(), Some(bytes))
    } else {
        (args.file.display().to_string(), None)
    };
    let path = args.file.clone();
    let work = move || match bytes {
        Some(bytes) => decode::decode_bytes("-", &bytes, &opts),
        None => decode::decode_path(&path, &opts),
    };
    let decoded = match budget {
        None => work(),
        Some(budget) => run_with_budget(budget, work).ok_or_else(|| {
            let seconds = budget.as_secs_f64();
            format!("{label}: gave up after {seconds:.3} s (time budget per file, --timeout)")
        })?,
    };
    decoded.map_err(|e| e.to_string())
}

/// The whole report as text.
fn describe(decoded: &Decoded, preview_rows: usize) -> String {
    let source = &decoded.source;
    let mut out = String::new();
    let _ = writeln!(out, "file:     {}", escape_terminal(&source.path));
    let _ = writeln!(out, "format:   {}", source.format.as_str());
    if let Some(encoding) = &source.encoding {
        let _ = writeln!(out, "encoding: {encoding}");
    }
    let _ = writeln!(out, "bytes:    {}", source.bytes);
    let _ = writeln!(out, "sha256:   {}", source.sha256);
    let _ = writeln!(out, "sheets:   {}", decoded.grids.len());
    for grid in &decoded.grids {
        out.push('\n');
        describe_grid(&mut out, grid, preview_rows);
    }
    for diagnostic in &decoded.diagnostics {
        let severity = match diagnostic.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let message = escape_terminal(&diagnostic.message);
        let _ = writeln!(out, "{severity}: {} {message}", diagnostic.code);
    }
    out
}

fn describe_grid(out: &mut String, grid: &Grid, preview_rows: usize) {
    let name = escape_terminal(grid.sheet.as_deref().unwrap_or("(text)"));
    let _ = writeln!(out, "== {name}: {} rows x {} cols", grid.height, grid.width);
    if !grid.merged.is_empty() {
        let regions: Vec<String> =
            grid.merged.iter().map(sheetwash::model::MergedRegion::to_a1).collect();
        let _ = writeln!(out, "merged:   {}", regions.join(" "));
    }
    let rows: Vec<&Row> =
        grid.rows.iter().filter(|r| !r.cells.is_empty()).take(preview_rows).collect();
    let width = rows.iter().flat_map(|r| r.cells.iter().map(|c| c.col)).max().unwrap_or(0);
    let mut table = vec![(String::new(), column_labels(grid.kind, width))];
    table.extend(rows.iter().map(|row| (row.number.to_string(), preview_cells(row, width))));
    write_table(out, &table, width as usize);
}

/// Column headers: `A B C …` for sheets, `1 2 3 …` (tab-separated fields) for text.
fn column_labels(kind: GridKind, width: u32) -> Vec<String> {
    (1..=width)
        .map(|col| match kind {
            GridKind::Sheet => a1(1, col).trim_end_matches('1').to_owned(),
            GridKind::Text => col.to_string(),
        })
        .collect()
}

/// The preview text of each column of a row; a cell covered by a merged region shows `〃`.
fn preview_cells(row: &Row, width: u32) -> Vec<String> {
    let mut cells = vec![String::new(); width as usize];
    for cell in &row.cells {
        if let Some(slot) = cells.get_mut((cell.col as usize).saturating_sub(1)) {
            if slot.is_empty() {
                let covered =
                    cell.merged_from.is_some_and(|anchor| anchor != (row.number, cell.col));
                *slot = if covered {
                    "〃".to_owned()
                } else {
                    preview_text(&cell.content.to_raw_text())
                };
            }
        }
    }
    cells
}

/// Writes labelled rows as an aligned grid.
fn write_table(out: &mut String, table: &[(String, Vec<String>)], width: usize) {
    let widths: Vec<usize> = (0..width)
        .map(|i| {
            table
                .iter()
                .map(|(_, cells)| cells.get(i).map_or(0, |c| display_width(c)))
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    for (label, cells) in table {
        let _ = write!(out, "{label:>5} |");
        for (cell, w) in cells.iter().zip(&widths) {
            let pad = w.saturating_sub(display_width(cell));
            let _ = write!(out, " {cell}{} |", " ".repeat(pad));
        }
        out.push('\n');
    }
}

/// One line of at most [`MAX_COLUMN_WIDTH`] display cells, control characters made visible.
fn preview_text(raw: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for ch in raw.chars() {
        let shown = match ch {
            '\n' | '\r' | '\t' => '⏎',
            c if c.is_control() => '�',
            c => c,
        };
        let w = char_width(shown);
        if width + w > MAX_COLUMN_WIDTH {
            out.push('…');
            break;
        }
        width += w;
        out.push(shown);
    }
    out
}

fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// East Asian wide characters take two terminal cells.
fn char_width(ch: char) -> usize {
    let c = u32::from(ch);
    let wide = (0x1100..=0x115F).contains(&c)
        || (0x2E80..=0xA4CF).contains(&c)
        || (0xAC00..=0xD7A3).contains(&c)
        || (0xF900..=0xFAFF).contains(&c)
        || (0xFE30..=0xFE4F).contains(&c)
        || (0xFF00..=0xFF60).contains(&c)
        || (0xFFE0..=0xFFE6).contains(&c)
        || (0x1F300..=0x1FAFF).contains(&c)
        || (0x20000..=0x3FFFD).contains(&c);
    if wide { 2 } else { 1 }
}
