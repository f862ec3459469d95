//! Text inputs: CSV, TSV and tab-separated text dumps (and the hand-off of HTML table
//! exports to [`super::html_table`]).
//!
//! Takes the raw bytes; decodes them ([`super::encoding`]), decides the layout by content and
//! returns one [`Grid`] with `sheet: None` and `kind: Text`.
//!
//! - CSV is read per RFC 4180 with the csv crate (quoted commas, doubled quotes, line breaks
//!   inside quotes); a row's number is the line where its record starts.
//! - TSV and text dumps: every line (CRLF, CR or LF) is a row, blank lines included; fields
//!   are split on tabs and a field's column is its 1-based tab position.
//! - Empty and whitespace-only fields are left out. A field holding leaked `<th>`/`<td>`
//!   fragments becomes one cell per fragment, all with the field's column.

use std::borrow::Cow;
use std::sync::Arc;

use crate::model::{
    Cell, CellContent, Diagnostic, FormsCache, Grid, GridKind, Location, Row, SourceFormat,
};

use super::encoding::decode_text;
use super::html::split_cell_fragments;
use super::{DecodeErrorKind, DecodeOptions, ReadOutput, html_table};

/// How much of the text the layout detection looks at.
const SAMPLE_BYTES: usize = 64 * 1024;
/// How many lines (records) of the sample the layout detection counts.
const SAMPLE_LINES: usize = 200;
/// At most this many `decode.replaced_malformed` diagnostics per file.
const MAX_REPLACED_DIAGNOSTICS: usize = 20;

/// Reads a text input.
pub(crate) fn read(
    path: &str,
    bytes: &[u8],
    opts: &DecodeOptions,
) -> Result<ReadOutput, DecodeErrorKind> {
    let decoded = decode_text(bytes, opts.encoding);
    let text: &str = &decoded.text;
    if text.is_empty() {
        return Err(DecodeErrorKind::Empty);
    }
    let file: Arc<str> = Arc::from(path);
    let diagnostics = replaced_diagnostics(&file, &decoded.replaced_lines);
    let (format, grids) = if html_table::looks_like_html(text) {
        (SourceFormat::Html, html_table::read(&file, text, opts)?)
    } else {
        let format = classify(text, extension(path).as_deref());
        let rows = match format {
            SourceFormat::Csv => csv_rows(text, opts)?,
            _ => tab_rows(text, opts)?,
        };
        (format, vec![text_grid(file, rows)])
    };
    Ok(ReadOutput { grids, diagnostics, encoding: Some(decoded.encoding), format })
}

/// One `decode.replaced_malformed` warning per affected line (capped).
fn replaced_diagnostics(file: &Arc<str>, lines: &[u32]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = lines
        .iter()
        .take(MAX_REPLACED_DIAGNOSTICS)
        .map(|&line| {
            Diagnostic::warning(
                "decode.replaced_malformed",
                format!("malformed bytes on line {line} were replaced with U+FFFD"),
                Location::text_line(file.clone(), line, None),
            )
        })
        .collect();
    if let Some(&first_left_out) = lines.get(MAX_REPLACED_DIAGNOSTICS) {
        let more = lines.len() - MAX_REPLACED_DIAGNOSTICS;
        out.push(Diagnostic::warning(
            "decode.replaced_malformed",
            format!("malformed bytes were also replaced on {more} more lines"),
            Location::text_line(file.clone(), first_left_out, None),
        ));
    }
    out
}

/// The lower-case extension of a path, if any.
fn extension(path: &str) -> Option<String> {
    std::path::Path::new(path).extension().map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Decides CSV, TSV or text dump from consistent field counts over the first lines.
pub(crate) fn classify(text: &str, ext: Option<&str>) -> SourceFormat {
    let sample = prefix_at_char_boundary(text, SAMPLE_BYTES);
    let tab_counts: Vec<usize> = split_lines(sample)
        .filter(|l| !l.trim().is_empty())
        .take(SAMPLE_LINES)
        .map(|l| l.split('\t').count())
        .collect();
    let comma_counts = csv_field_counts(sample);
    let tabs = is_consistent(&tab_counts, ext == Some("tsv"));
    let commas = is_consistent(&comma_counts, ext == Some("csv"));
    match (tabs, commas) {
        (true, true) if ext == Some("csv") => SourceFormat::Csv,
        (true, _) => SourceFormat::Tsv,
        (false, true) => SourceFormat::Csv,
        (false, false) if ext == Some("csv") && comma_counts.iter().any(|&n| n > 1) => {
            SourceFormat::Csv
        }
        (false, false) if ext == Some("tsv") => SourceFormat::Tsv,
        (false, false) => SourceFormat::Text,
    }
}

/// At least two fields per line, and at least 80% of the lines share the most common count.
/// A single line counts only when the extension agrees.
fn is_consistent(counts: &[usize], ext_agrees: bool) -> bool {
    if counts.is_empty() || (counts.len() == 1 && !ext_agrees) {
        return false;
    }
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let (mode, freq) = sorted
        .chunk_by(|a, b| a == b)
        .map(|run| (run.first().copied().unwrap_or(0), run.len()))
        .max_by_key(|&(_, len)| len)
        .unwrap_or((0, 0));
    mode >= 2 && freq * 5 >= counts.len() * 4
}

/// Fields per non-blank record of a CSV sample, quotes respected (a line break inside quotes
/// does not end the record).
fn csv_field_counts(sample: &str) -> Vec<usize> {
    let mut counts = Vec::new();
    let (mut fields, mut in_quotes, mut blank) = (1usize, false, true);
    let mut prev = '\0';
    for c in sample.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => fields += 1,
            '\n' if prev == '\r' => {}
            '\n' | '\r' if !in_quotes => {
                if !blank {
                    counts.push(fields);
                }
                (fields, blank) = (1, true);
                if counts.len() >= SAMPLE_LINES {
                    return counts;
                }
            }
            _ => {}
        }
        if !c.is_whitespace() {
            blank = false;
        }
        prev = c;
    }
    if !blank {
        counts.push(fields);
    }
    counts
}

/// The longest prefix of at most `max` bytes that ends on a char boundary.
fn prefix_at_char_boundary(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or(text)
}

/// The lines of a text, split at CRLF, CR or LF; no empty last line after a final break.
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        let Some(at) = current.find(['\r', '\n']) else {
            rest = None;
            return Some(current);
        };
        let line = current.get(..at)?;
        let skip = if current.get(at..)?.starts_with("\r\n") { 2 } else { 1 };
        let next = current.get(at + skip..)?;
        rest = (!next.is_empty()).then_some(next);
        Some(line)
    })
}

/// TSV and text dumps: one row per line, fields split on tabs.
fn tab_rows(text: &str, opts: &DecodeOptions) -> Result<Vec<Row>, DecodeErrorKind> {
    let mut rows = Vec::new();
    let mut budget = CellBudget::new(opts);
    for (index, line) in split_lines(text).enumerate() {
        let number = line_number(index)?;
        let mut cells = Vec::new();
        for (field_index, field) in line.split('\t').enumerate() {
            let col = budget.column(field_index)?;
            push_field(&mut cells, col, field, &mut budget)?;
        }
        rows.push(Row { number, cells });
    }
    Ok(rows)
}

/// CSV: one row per record, numbered by the line where the record starts.
///
/// Line endings are first unified to LF: csv counts lines at `\n` only, and a line break
/// inside a quoted field should read the same whatever the file used.
fn csv_rows(text: &str, opts: &DecodeOptions) -> Result<Vec<Row>, DecodeErrorKind> {
    let text = unify_line_endings(text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut budget = CellBudget::new(opts);
    let mut record = csv::StringRecord::new();
    // The text is valid UTF-8 and reading from memory does no I/O, so the reader cannot fail;
    // should it ever, the records read so far are kept.
    while reader.read_record(&mut record).unwrap_or(false) {
        let start_line = record.position().map_or(1, csv::Position::line);
        let number = u32::try_from(start_line).map_err(|_| too_many_lines())?;
        let mut cells = Vec::new();
        for (field_index, field) in record.iter().enumerate() {
            let col = budget.column(field_index)?;
            push_field(&mut cells, col, field, &mut budget)?;
        }
        rows.push(Row { number, cells });
    }
    Ok(rows)
}

/// CRLF and CR turned into LF (borrowed when there is no CR).
fn unify_line_endings(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Counts cells and columns against the [`DecodeOptions`] limits.
struct CellBudget<'a> {
    /// The limits.
    opts: &'a DecodeOptions,
    /// Cells so far.
    cells: u64,
}

impl<'a> CellBudget<'a> {
    /// A fresh budget.
    fn new(opts: &'a DecodeOptions) -> Self {
        Self { opts, cells: 0 }
    }

    /// The 1-based column of a 0-based field index, within `max_columns`.
    fn column(&self, field_index: usize) -> Result<u32, DecodeErrorKind> {
        u32::try_from(field_index + 1)
            .ok()
            .filter(|&col| col <= self.opts.max_columns)
            .ok_or_else(|| DecodeErrorKind::too_many_columns(self.opts))
    }

    /// Counts one more cell.
    fn take(&mut self) -> Result<(), DecodeErrorKind> {
        self.cells += 1;
        if self.cells > self.opts.max_cells {
            return Err(DecodeErrorKind::too_many_cells(self.opts));
        }
        Ok(())
    }
}

/// The 1-based line number of a 0-based line index.
fn line_number(index: usize) -> Result<u32, DecodeErrorKind> {
    u32::try_from(index + 1).map_err(|_| too_many_lines())
}

/// The error for a text with more lines than a `u32` counts.
fn too_many_lines() -> DecodeErrorKind {
    DecodeErrorKind::TooLarge { what: "lines", limit: "max_bytes", max: u64::from(u32::MAX) }
}

/// Adds the cell(s) of one field: none when it is blank, one per `<th>`/`<td>` fragment when
/// it holds leaked table HTML, else one text cell with the raw field.
fn push_field(
    cells: &mut Vec<Cell>,
    col: u32,
    field: &str,
    budget: &mut CellBudget<'_>,
) -> Result<(), DecodeErrorKind> {
    if field.trim().is_empty() {
        return Ok(());
    }
    DecodeErrorKind::check_cell(field, budget.opts)?;
    let Some(pieces) = split_cell_fragments(field) else {
        budget.take()?;
        cells.push(text_cell(col, None, field.to_owned()));
        return Ok(());
    };
    for (fragment, piece) in pieces {
        budget.take()?;
        cells.push(text_cell(col, Some(fragment), piece));
    }
    Ok(())
}

/// A text cell.
fn text_cell(col: u32, fragment: Option<u16>, text: String) -> Cell {
    Cell {
        col,
        fragment,
        content: CellContent::Text(text),
        merged_from: None,
        forms: FormsCache::default(),
    }
}

/// The grid of a text input: height = last row number, width = last used column.
fn text_grid(file: Arc<str>, rows: Vec<Row>) -> Grid {
    let height = rows.last().map_or(0, |r| r.number);
    let width = rows.iter().filter_map(|r| r.cells.last()).map(|c| c.col).max().unwrap_or(0);
    Grid { file, sheet: None, kind: GridKind::Text, rows, merged: Vec::new(), height, width }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Line splitting
    #[test]
    fn lines_split_on_all_endings() {
        let lines: Vec<&str> = split_lines("a\r\nb\rc\n\nd\n").collect();
        assert_eq!(lines, ["a", "b", "c", "", "d"]);
        let lines: Vec<&str> = split_lines("  \n").collect();
        assert_eq!(lines, ["  "]);
    }

    // Layout detection
    #[test]
    fn classifies_by_content() {
        let csv = "a,b,c\n\"x,y\",2,3\n\"multi\nline\",5,6\n";
        assert_eq!(classify(csv, None), SourceFormat::Csv);
        let tsv = "a\tb\tc\n1\t2\t3\n4\t5\t6\n";
        assert_eq!(classify(tsv, Some("csv")), SourceFormat::Tsv);
        let dump = "タイトル\n\n指標\t17,891人 (H27)\t△1,064人\n担当\t経営戦略課\t\t\t市\n";
        assert_eq!(classify(dump, None), SourceFormat::Text);
        assert_eq!(classify("one,two\n", Some("csv")), SourceFormat::Csv);
        assert_eq!(classify("one,two\n", None), SourceFormat::Text);
    }

    // Rows and cells
    #[test]
    fn tab_rows_keep_positions_and_blank_lines() {
        let rows = tab_rows("a\t\tc\n\n \td\n", &DecodeOptions::default()).unwrap();
        assert_eq!(rows.len(), 3);
        let cols: Vec<u32> = rows[0].cells.iter().map(|c| c.col).collect();
        assert_eq!(cols, [1, 3]);
        assert!(rows[1].cells.is_empty());
        assert_eq!(rows[2].cells[0].col, 2);
    }

    #[test]
    fn csv_rows_start_lines() {
        let text = "a,b\r\n\"x\r\ny\",z\r\nlast,1\r\n";
        let rows = csv_rows(text, &DecodeOptions::default()).unwrap();
        let numbers: Vec<u32> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 4]);
        assert_eq!(rows[1].cells[0].content, CellContent::Text("x\ny".into()));
    }

    #[test]
    fn limits_give_errors() {
        let opts = DecodeOptions { max_cells: 2, max_columns: 3, ..DecodeOptions::default() };
        assert!(matches!(tab_rows("a\tb\tc", &opts), Err(DecodeErrorKind::TooLarge { .. })));
        assert!(matches!(tab_rows("a\t\t\tb", &opts), Err(DecodeErrorKind::TooLarge { .. })));
        assert!(tab_rows("a\t\tb", &opts).is_ok());
    }
}
