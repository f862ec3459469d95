//! The annotated .xlsx copy of one submission: what a department clerk opens to fix it.
//!
//! Takes the decoded grids of the submission (every sheet of a workbook; the one grid of a
//! text, CSV or TSV input) and its findings; returns the bytes of a new workbook
//! (`rust_xlsxwriter`):
//!
//! * first, the sheet [`FINDINGS_SHEET`] (検査結果): the file, the totals, and one row per
//!   finding (severity, code, department, a link to the cell, the raw text, the messages and
//!   what the check expects);
//! * then one sheet per grid, each cell at its original row and column (a text input's line
//!   `n`, field `m` is row `n`, column `m` of a sheet named after the file). Numbers and
//!   booleans stay numbers and booleans, everything else is the text as read, and merged
//!   regions are merged again. Each cell with a finding gets a fill (errors red, warnings
//!   yellow, info blue) and a note `[code] message_ja`, several findings one per line. A
//!   finding that names a row but no column is put on the row's first cell.
//!
//! Excel's limits hold: cells past row 1,048,576 or column 16,384 are left out and text past
//! 32,767 characters is cut (both counted on the findings sheet); sheet names are made
//! valid (at most 31 characters, none of `[]:*?/\`, no leading or trailing apostrophe,
//! unique ignoring case). The cells of the copy keep the submission's text exactly; the text
//! sheetwash writes itself (notes, the findings sheet) goes through [`clean_text`].

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Note, Url, Workbook, Worksheet};

use crate::emit::EmitError;
use crate::model::{Cell, CellContent, Finding, Grid, GridKind, Location, Severity, a1};

use super::{clean_text, department_of, disguises, expected_ja, place_ja, severity_ja};

/// The name of the first sheet, the list of findings.
pub const FINDINGS_SHEET: &str = "検査結果";

/// Excel's last row and column, 1-based.
const MAX_ROW: u32 = 1_048_576;
const MAX_COL: u32 = 16_384;
/// Excel's longest cell text, in UTF-16 code units.
const MAX_TEXT: usize = 32_767;
/// The longest note `rust_xlsxwriter` accepts (room for an author prefix), in UTF-16 units.
const MAX_NOTE: usize = 32_700;
/// Excel's limit of hyperlinks per sheet; later findings name their cell as plain text.
const MAX_LINKS: usize = 65_530;
/// Sheets with more cells than this are not auto-fitted (it measures every cell).
const AUTOFIT_CELLS: usize = 200_000;
/// The longest sheet name.
const MAX_SHEET_NAME: usize = 31;
/// Rows of the findings sheet above its table.
const TABLE_ROW: u32 = 3;

/// Builds the annotated copy of one submission; `source` is its path as given (for the
/// findings sheet and the sheet name of a text input).
///
/// # Errors
///
/// [`EmitError::Xlsx`] when `rust_xlsxwriter` refuses something (it names the cell or sheet);
/// [`EmitError::Internal`] if it panicked, which it is not known to do.
pub fn render_annotated_xlsx(
    source: &str,
    grids: &[Grid],
    findings: &[Finding],
) -> Result<Vec<u8>, EmitError> {
    crate::convert::catch_panic(|| build(source, grids, findings))
        .unwrap_or_else(|message| Err(EmitError::Internal(message)))
}

/// [`render_annotated_xlsx`] without the panic guard.
fn build(source: &str, grids: &[Grid], findings: &[Finding]) -> Result<Vec<u8>, EmitError> {
    let names = sheet_names(source, grids);
    let places: Vec<Option<Place>> = findings.iter().map(|f| place(grids, &f.provenance)).collect();
    let formats = Formats::new();
    let mut counts = Counts::default();
    let mut sheets = Vec::with_capacity(grids.len());
    for (index, (grid, name)) in grids.iter().zip(&names).enumerate() {
        let marks = marks(findings, &places, index);
        sheets.push(copy_sheet(grid, name, &marks, &formats, &mut counts)?);
    }
    let mut workbook = Workbook::new();
    workbook.push_worksheet(findings_sheet(source, findings, &places, &names, &counts, &formats)?);
    for sheet in sheets {
        workbook.push_worksheet(sheet);
    }
    Ok(workbook.save_to_buffer()?)
}

/// Where a finding sits in the copy: the grid and the 1-based row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    grid: usize,
    row: u32,
    col: u32,
}

/// The cell of the copy a location points at, when the location names a row or line of one
/// of the grids. A cell covered by a merged region points at the region's first cell, where
/// the copy holds the value.
fn place(grids: &[Grid], at: &Location) -> Option<Place> {
    let grid = match &at.sheet {
        Some(sheet) => grids.iter().position(|g| g.sheet.as_ref() == Some(sheet))?,
        None => grids.iter().position(|g| g.kind == GridKind::Text || g.sheet.is_none())?,
    };
    let row_number = at.row.or(at.line)?;
    let row = grids
        .get(grid)
        .and_then(|g| g.rows.binary_search_by_key(&row_number, |r| r.number).ok().map(|i| (g, i)))
        .and_then(|(g, i)| g.rows.get(i));
    let col = at.col.or_else(|| row.and_then(|r| r.cells.first()).map(|c| c.col)).unwrap_or(1);
    let merged =
        row.and_then(|r| r.cells.iter().find(|c| c.col == col)).and_then(|c| c.merged_from);
    let (row, col) = merged.unwrap_or((row_number, col));
    Some(Place { grid, row, col })
}

/// What the copy shows on one cell: the most serious severity and one note line per finding.
#[derive(Debug, Default)]
struct Mark {
    severity: Option<Severity>,
    lines: Vec<String>,
}

/// The marks of one grid, by 1-based (row, column).
fn marks(
    findings: &[Finding],
    places: &[Option<Place>],
    grid: usize,
) -> BTreeMap<(u32, u32), Mark> {
    let mut marks: BTreeMap<(u32, u32), Mark> = BTreeMap::new();
    for (finding, place) in findings.iter().zip(places) {
        let Some(place) = place.filter(|p| p.grid == grid) else { continue };
        let mark = marks.entry((place.row, place.col)).or_default();
        mark.severity = mark.severity.max(Some(finding.severity));
        mark.lines.push(format!("[{}] {}", finding.code, clean_text(&finding.message_ja)));
    }
    marks
}

/// Cells left out or cut to fit Excel.
#[derive(Debug, Default)]
struct Counts {
    /// Cells past Excel's last row or column.
    skipped: u64,
    /// Texts longer than Excel's limit.
    cut: u64,
}

/// The cell formats of the report.
struct Formats {
    error: Format,
    warning: Format,
    info: Format,
    plain: Format,
    title: Format,
    header: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Self {
        let fill = |background: u32, font: u32| {
            Format::new()
                .set_background_color(Color::RGB(background))
                .set_font_color(Color::RGB(font))
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(font))
        };
        Self {
            error: fill(0x00FF_C7CE, 0x009C_0006),
            warning: fill(0x00FF_EB9C, 0x009C_5700),
            info: fill(0x00DD_EBF7, 0x001F_4E79),
            plain: Format::new(),
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0x00F3_F4F6))
                .set_border(FormatBorder::Thin),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }

    /// The fill of a severity.
    fn of(&self, severity: Option<Severity>) -> &Format {
        match severity {
            Some(Severity::Error) => &self.error,
            Some(Severity::Warning) => &self.warning,
            Some(Severity::Info) => &self.info,
            None => &self.plain,
        }
    }
}

// The copies of the submission's sheets

/// One grid as a sheet, with its marks.
fn copy_sheet(
    grid: &Grid,
    name: &str,
    marks: &BTreeMap<(u32, u32), Mark>,
    formats: &Formats,
    counts: &mut Counts,
) -> Result<Worksheet, EmitError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(name)?;
    let merges: HashMap<(u32, u32), (u32, u32)> = grid
        .merged
        .iter()
        .filter(|m| (m.first_row, m.first_col) != (m.last_row, m.last_col))
        .map(|m| ((m.first_row, m.first_col), (m.last_row, m.last_col)))
        .collect();
    let mut written = 0usize;
    let mut marked_written = HashSet::new();
    for row in &grid.rows {
        for (col, content) in row_contents(&row.cells) {
            let Some((r, c)) = excel_cell(row.number, col) else {
                counts.skipped += 1;
                continue;
            };
            let mark = marks.get(&(row.number, col));
            if mark.is_some() {
                marked_written.insert((row.number, col));
            }
            let format = formats.of(mark.and_then(|m| m.severity));
            let last = merges.get(&(row.number, col)).and_then(|&(lr, lc)| excel_cell(lr, lc));
            write_content(&mut sheet, (r, c), last, &content, format, counts)?;
            written += 1;
        }
    }
    annotate(&mut sheet, marks, &marked_written, formats, counts)?;
    if written <= AUTOFIT_CELLS {
        sheet.set_autofit_max_width(480).autofit();
    }
    Ok(sheet)
}

/// The cells of one row to write: one per column, fragments of one cell joined by line
/// breaks, carried copies of merged values left out (the merge is made again instead).
fn row_contents(cells: &[Cell]) -> Vec<(u32, Content)> {
    let mut out: Vec<(u32, Content)> = Vec::new();
    for cell in cells.iter().filter(|c| c.merged_from.is_none()) {
        let content = Content::of(&cell.content);
        match out.last_mut() {
            Some((col, previous)) if *col == cell.col => previous.append(&content),
            _ => out.push((cell.col, content)),
        }
    }
    out
}

/// A cell's value as the copy writes it.
#[derive(Debug, Clone, PartialEq)]
enum Content {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Content {
    fn of(content: &CellContent) -> Self {
        match content {
            CellContent::Number(n) if n.is_finite() => Content::Number(*n),
            CellContent::Bool(b) => Content::Bool(*b),
            other => Content::Text(other.to_raw_text()),
        }
    }

    /// Joins another fragment of the same cell.
    fn append(&mut self, more: &Content) {
        let mut text = self.text().into_owned();
        text.push('\n');
        text.push_str(&more.text());
        *self = Content::Text(text);
    }

    fn text(&self) -> Cow<'_, str> {
        match self {
            Content::Text(t) => Cow::Borrowed(t),
            Content::Number(n) => Cow::Owned(CellContent::Number(*n).to_raw_text()),
            Content::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        }
    }
}

/// The 0-based Excel cell of a 1-based row and column, when Excel has it.
fn excel_cell(row: u32, col: u32) -> Option<(u32, u16)> {
    if row == 0 || col == 0 || row > MAX_ROW || col > MAX_COL {
        return None;
    }
    Some((row - 1, u16::try_from(col - 1).ok()?))
}

/// Writes one cell, as the first cell of a merged region when `merge_to` is given (falling
/// back to a plain cell when the merge is refused, e.g. overlapping another).
fn write_content(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    merge_to: Option<(u32, u16)>,
    content: &Content,
    format: &Format,
    counts: &mut Counts,
) -> Result<(), EmitError> {
    if let Some((last_row, last_col)) = merge_to {
        let whole = content.text();
        let text = fit(&whole, MAX_TEXT, counts);
        if sheet.merge_range(row, col, last_row, last_col, &text, format).is_ok() {
            return Ok(());
        }
    }
    match content {
        Content::Number(n) => sheet.write_number_with_format(row, col, *n, format)?,
        Content::Bool(b) => sheet.write_boolean_with_format(row, col, *b, format)?,
        Content::Text(text) => {
            sheet.write_string_with_format(row, col, fit(text, MAX_TEXT, counts), format)?
        }
    };
    Ok(())
}

/// The notes, and the fill of marked cells that hold nothing (an empty required field).
fn annotate(
    sheet: &mut Worksheet,
    marks: &BTreeMap<(u32, u32), Mark>,
    written: &HashSet<(u32, u32)>,
    formats: &Formats,
    counts: &mut Counts,
) -> Result<(), EmitError> {
    for (&(row, col), mark) in marks {
        let Some((r, c)) = excel_cell(row, col) else { continue };
        if !written.contains(&(row, col)) {
            sheet.write_blank(r, c, formats.of(mark.severity))?;
        }
        let joined = mark.lines.join("\n");
        let text = fit(&joined, MAX_NOTE, counts);
        let lines = u32::try_from(mark.lines.len()).unwrap_or(u32::MAX).min(12);
        let note = Note::new(text)
            .set_author("sheetwash")
            .add_author_prefix(false)
            .set_width(360)
            .set_height(40 + 36 * lines);
        sheet.insert_note(r, c, &note)?;
    }
    Ok(())
}

/// `text` cut to `max` UTF-16 code units (ending in `…`), counting the cut.
fn fit<'a>(text: &'a str, max: usize, counts: &mut Counts) -> Cow<'a, str> {
    if text.encode_utf16().count() <= max {
        return Cow::Borrowed(text);
    }
    counts.cut += 1;
    let mut out = String::new();
    let mut units = 0;
    for ch in text.chars() {
        units += ch.len_utf16();
        if units > max - 1 {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    Cow::Owned(out)
}

// Sheet names

/// A valid, unique sheet name per grid: its own name, or for a text input the file's name
/// without extension; [`FINDINGS_SHEET`] is taken.
fn sheet_names(source: &str, grids: &[Grid]) -> Vec<String> {
    let stem = match Path::new(source).file_stem().map(|s| s.to_string_lossy()) {
        Some(stem) if source != "-" => stem.into_owned(),
        _ => "stdin".to_owned(),
    };
    let mut taken = vec![FINDINGS_SHEET.to_owned()];
    for grid in grids {
        let name = unique_sheet_name(grid.sheet.as_deref().unwrap_or(&stem), &taken);
        taken.push(name);
    }
    taken.split_off(1)
}

/// `wanted` made into a valid sheet name that is not in `taken` (ignoring case).
fn unique_sheet_name(wanted: &str, taken: &[String]) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| {
            let bad = matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\');
            if bad || c.is_control() || disguises(c) { '_' } else { c }
        })
        .collect();
    let mut base = cleaned.trim().trim_matches('\'').trim().to_owned();
    if base.is_empty() {
        "シート".clone_into(&mut base);
    }
    if base.eq_ignore_ascii_case("history") {
        base.push('_');
    }
    let is_taken = |name: &str| taken.iter().any(|t| t.to_lowercase() == name.to_lowercase());
    let mut number = 1usize;
    loop {
        let suffix = if number == 1 { String::new() } else { format!(" ({number})") };
        let head = take_utf16(&base, MAX_SHEET_NAME - suffix.len());
        let name = format!("{}{suffix}", head.trim_end_matches('\''));
        if !name.is_empty() && !is_taken(&name) {
            return name;
        }
        number += 1;
    }
}

/// The longest prefix of `text` of at most `max` UTF-16 code units.
fn take_utf16(text: &str, max: usize) -> &str {
    let mut units = 0;
    for (at, ch) in text.char_indices() {
        units += ch.len_utf16();
        if units > max {
            return text.get(..at).unwrap_or(text);
        }
    }
    text
}

/// An `internal:` link to a cell of the copy; the sheet name is quoted (`'` doubled).
fn link(sheet: &str, row: u32, col: u32) -> String {
    format!("internal:'{}'!{}", sheet.replace('\'', "''"), a1(row, col))
}

// The findings sheet

/// The column headings of the findings table.
const COLUMNS: [(&str, f64); 10] = [
    ("番号", 6.0),
    ("重要度", 8.0),
    ("コード", 34.0),
    ("担当課", 18.0),
    ("場所", 24.0),
    ("記載内容", 24.0),
    ("内容", 60.0),
    ("Message", 50.0),
    ("期待される内容", 36.0),
    ("レコード", 10.0),
];

/// The first sheet: the file, its totals, a word on what was left out, and the findings.
fn findings_sheet(
    source: &str,
    findings: &[Finding],
    places: &[Option<Place>],
    names: &[String],
    counts: &Counts,
    formats: &Formats,
) -> Result<Worksheet, EmitError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(FINDINGS_SHEET)?;
    sheet.write_string_with_format(
        0,
        0,
        format!("検査結果: {}", clean_text(source)),
        &formats.title,
    )?;
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    let totals = format!(
        "エラー {}件・警告 {}件・情報 {}件。色の付いたセルにメモで指摘内容を記載しています。",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    sheet.write_string(1, 0, totals)?;
    if counts.skipped > 0 || counts.cut > 0 {
        let left_out = format!(
            "Excelの上限を超えるため、{}セルを省略し、{}件の長い文字列を切り詰めました。",
            counts.skipped, counts.cut
        );
        sheet.write_string(2, 0, left_out)?;
    }
    for (col, (heading, width)) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(TABLE_ROW, col, heading, &formats.header)?;
        sheet.set_column_width(col, width)?;
    }
    let mut row = TABLE_ROW;
    for (number, (finding, place)) in (1u32..).zip(findings.iter().zip(places)) {
        row += 1;
        let links_left = usize::try_from(number).unwrap_or(usize::MAX) <= MAX_LINKS;
        let at = place.filter(|_| links_left).and_then(|p| Some((p, names.get(p.grid)?)));
        finding_row(&mut sheet, row, number, finding, at, formats)?;
    }
    sheet.set_freeze_panes(TABLE_ROW + 1, 0)?;
    sheet.autofilter(TABLE_ROW, 0, row, 9)?;
    Ok(sheet)
}

/// One finding on the findings sheet; `at` is its cell in the copy, linked.
fn finding_row(
    sheet: &mut Worksheet,
    row: u32,
    number: u32,
    finding: &Finding,
    at: Option<(Place, &String)>,
    formats: &Formats,
) -> Result<(), EmitError> {
    let wrap = &formats.wrap;
    sheet.write_number(row, 0, number)?;
    sheet.write_string_with_format(
        row,
        1,
        severity_ja(finding.severity),
        formats.of(Some(finding.severity)),
    )?;
    sheet.write_string(row, 2, &finding.code)?;
    sheet.write_string(row, 3, clean_text(&department_of(finding)))?;
    let original = place_ja(&finding.provenance);
    match at {
        Some((place, name)) if excel_cell(place.row, place.col).is_some() => {
            let mut text = format!("{name}!{}", a1(place.row, place.col));
            if finding.provenance.sheet.is_none() {
                text = format!("{text}({original})");
            }
            let url = Url::new(link(name, place.row, place.col)).set_text(clean_text(&text));
            sheet.write_url(row, 4, url)?;
        }
        _ => {
            sheet.write_string(row, 4, clean_text(&original))?;
        }
    }
    let mut counts = Counts::default();
    if let Some(raw) = &finding.raw {
        sheet.write_string_with_format(
            row,
            5,
            fit(&clean_text(raw), MAX_TEXT, &mut counts),
            wrap,
        )?;
    }
    sheet.write_string_with_format(
        row,
        6,
        fit(&clean_text(&finding.message_ja), MAX_TEXT, &mut counts),
        wrap,
    )?;
    sheet.write_string_with_format(
        row,
        7,
        fit(&clean_text(&finding.message), MAX_TEXT, &mut counts),
        wrap,
    )?;
    if let Some(expected) = expected_ja(&finding.code) {
        sheet.write_string_with_format(row, 8, expected, wrap)?;
    }
    if let Some(record) = &finding.record {
        sheet.write_string(row, 9, clean_text(record))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MergedRegion, Row};

    fn text_cell(col: u32, text: &str) -> Cell {
        Cell {
            col,
            fragment: None,
            content: CellContent::Text(text.into()),
            merged_from: None,
            forms: crate::model::FormsCache::default(),
        }
    }

    fn sheet_grid(name: &str, rows: Vec<Row>) -> Grid {
        Grid {
            file: "a.xlsx".into(),
            sheet: Some(name.into()),
            kind: GridKind::Sheet,
            rows,
            merged: Vec::new(),
            height: 0,
            width: 0,
        }
    }

    // Sheet names

    #[test]
    fn sheet_names_follow_excel_rules() {
        let taken = vec![FINDINGS_SHEET.to_owned(), "KPI".to_owned()];
        let cases = [
            ("kpi", "kpi (2)"),
            ("a[b]:c*d?e/f\\g", "a_b__c_d_e_f_g"),
            ("'quoted'", "quoted"),
            ("", "シート"),
            ("History", "History_"),
            ("検査結果", "検査結果 (2)"),
            ("tab\tand\u{202e}", "tab_and_"),
            (
                "とても長いシートの名前はエクセルでは三十一文字までしか使えないのです",
                "とても長いシートの名前はエクセルでは三十一文字までしか使えない",
            ),
        ];
        for (wanted, want) in cases {
            let name = unique_sheet_name(wanted, &taken);
            assert_eq!(name, want, "{wanted:?}");
            assert!(name.encode_utf16().count() <= MAX_SHEET_NAME);
        }
        let long = "x".repeat(40);
        let taken = vec![long.get(..31).unwrap().to_owned()];
        assert_eq!(unique_sheet_name(&long, &taken), format!("{} (2)", "x".repeat(27)));
    }

    #[test]
    fn a_text_input_sheet_is_named_after_its_file() {
        let grid = Grid { sheet: None, kind: GridKind::Text, ..sheet_grid("", Vec::new()) };
        assert_eq!(sheet_names("dir/planted.txt", std::slice::from_ref(&grid)), ["planted"]);
        assert_eq!(sheet_names("-", std::slice::from_ref(&grid)), ["stdin"]);
    }

    #[test]
    fn links_quote_the_sheet() {
        assert_eq!(link("It's", 12, 3), "internal:'It''s'!C12");
    }

    // Places

    #[test]
    fn places_follow_sheets_merges_and_rows_without_a_column() {
        let mut covered = text_cell(3, "carried");
        covered.merged_from = Some((2, 2));
        let rows = vec![
            Row { number: 2, cells: vec![text_cell(2, "merged")] },
            Row { number: 3, cells: vec![covered] },
            Row { number: 5, cells: vec![text_cell(4, "first"), text_cell(6, "x")] },
        ];
        let grids = [sheet_grid("A", Vec::new()), sheet_grid("B", rows)];
        let at = |row, col| Location::sheet_cell("a.xlsx".into(), "B".into(), row, col);
        assert_eq!(place(&grids, &at(3, 3)), Some(Place { grid: 1, row: 2, col: 2 }));
        assert_eq!(place(&grids, &at(5, 6)), Some(Place { grid: 1, row: 5, col: 6 }));
        let whole_row = Location { col: None, cell: None, ..at(5, 1) };
        assert_eq!(place(&grids, &whole_row), Some(Place { grid: 1, row: 5, col: 4 }));
        let other = Location::sheet_cell("a.xlsx".into(), "C".into(), 1, 1);
        assert_eq!(place(&grids, &other), None);
        assert_eq!(place(&grids, &Location::file("a.xlsx")), None);
    }

    // Limits

    #[test]
    fn cells_past_excel_limits_are_counted_not_written() {
        assert_eq!(excel_cell(1, 1), Some((0, 0)));
        assert_eq!(excel_cell(MAX_ROW, MAX_COL), Some((MAX_ROW - 1, 16_383)));
        assert_eq!(excel_cell(MAX_ROW + 1, 1), None);
        assert_eq!(excel_cell(1, MAX_COL + 1), None);
        let mut counts = Counts::default();
        let long = "あ".repeat(MAX_TEXT + 5);
        let cut = fit(&long, MAX_TEXT, &mut counts);
        assert_eq!(cut.encode_utf16().count(), MAX_TEXT);
        assert!(cut.ends_with('…'));
        assert_eq!(counts.cut, 1);
        assert!(matches!(fit("short", MAX_TEXT, &mut counts), Cow::Borrowed(_)));
    }

    #[test]
    fn odd_grids_make_a_workbook_without_panicking() {
        let mut far = text_cell(MAX_COL + 3, "too far right");
        far.fragment = None;
        let rows = vec![
            Row { number: 1, cells: vec![text_cell(1, &"長".repeat(40_000)), far] },
            Row { number: MAX_ROW + 2, cells: vec![text_cell(1, "too far down")] },
            Row {
                number: 3,
                cells: vec![
                    Cell { fragment: Some(0), ..text_cell(2, "before") },
                    Cell { fragment: Some(1), ..text_cell(2, "fragment") },
                ],
            },
        ];
        let mut grid = sheet_grid("History", rows);
        grid.merged = vec![
            MergedRegion { first_row: 3, first_col: 2, last_row: 4, last_col: 3 },
            MergedRegion { first_row: 3, first_col: 2, last_row: 3, last_col: 2 },
            MergedRegion { first_row: 4, first_col: 3, last_row: 5, last_col: 4 },
        ];
        let finding = Finding {
            code: "validate.not_numeric".into(),
            severity: Severity::Warning,
            message: "m".into(),
            message_ja: "メ\u{1b}[31m".into(),
            provenance: Location::sheet_cell("a.xlsx".into(), "History".into(), 9, 9),
            raw: Some("\u{0}".into()),
            record: None,
            departments: Vec::new(),
        };
        let bytes = render_annotated_xlsx("a.xlsx", &[grid], &[finding]).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
