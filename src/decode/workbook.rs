//! Workbooks (.xlsx/.xlsm, .xlsb, .xls, .ods) read with calamine from memory.
//!
//! Takes the bytes and the sniffed format; returns one sheet [`Grid`] per sheet, in workbook
//! order. Each sheet is read with `worksheet_range` (formula cells give their cached value);
//! a sheet that fails becomes a `decode.sheet_unreadable` diagnostic and the others still
//! load. Positions are converted from calamine's range-relative, 0-based indices to absolute
//! 1-based rows and columns here, once.
//!
//! What calamine 0.38 offers differs by reader, and so does the output:
//!
//! | reader | merged regions | number formats (percent, era dates) |
//! |--------|----------------|-------------------------------------|
//! | xlsx   | calamine       | calamine (`worksheet_style`)        |
//! | xls    | calamine       | our BIFF8 reader (`xls_formats.rs`) |
//! | xlsb   | no             | no                                  |
//! | ods    | our reader (`ods_styles.rs`) | our reader: `percentage` cells, era date styles |
//!
//! Where our own readers fail (a malformed record, a missing part), the values still load
//! and a `decode.xls_formats_unreadable` / `decode.ods_styles_unreadable` warning says the
//! formats may be missing.
//!
//! All calls run inside `catch_unwind`: calamine can panic on malformed files (its issue
//! #481), which becomes [`DecodeErrorKind::ParserPanicked`].

use std::collections::HashMap;
use std::fmt::Display;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use calamine::{
    Data, Dimensions, ExcelDateTime, ExcelDateTimeType, Ods, Range, Reader, StyleRange, Xls, Xlsb,
    Xlsx, open_workbook_from_rs,
};

use crate::model::{
    Cell, CellContent, Diagnostic, FormsCache, Grid, Location, MergedRegion, Severity, SourceFormat,
};

use super::numfmt::{self, FormatKind};
use super::sheet::{self, Placed};
use super::{DecodeErrorKind, DecodeOptions, ReadOutput};
use super::{limits, ods_styles, xls_formats};

/// The in-memory reader every calamine workbook is opened on.
type Source<'a> = Cursor<&'a [u8]>;

/// What one sheet needs besides its values.
#[derive(Default)]
struct SheetExtras {
    /// Merged regions, 0-based absolute.
    merged: Vec<Dimensions>,
    /// Number formats of the cells.
    formats: CellFormats,
}

/// Where a sheet's number formats come from.
#[derive(Default)]
enum CellFormats {
    /// No formats (xlsb): every cell is [`FormatKind::Other`].
    #[default]
    None,
    /// calamine's cell styles (xlsx).
    Styles(StyleRange),
    /// Kinds by 0-based absolute (row, col), from our own readers (xls, ods).
    Kinds(HashMap<(u32, u32), FormatKind>),
}

impl CellFormats {
    /// The format kind of the cell at a 0-based absolute position.
    fn kind_at(&self, pos: (u32, u32)) -> FormatKind {
        match self {
            CellFormats::None => FormatKind::Other,
            CellFormats::Styles(styles) => styles
                .get(pos)
                .and_then(|style| style.number_format.as_ref())
                .map_or(FormatKind::Other, |f| numfmt::classify(&f.format_code)),
            CellFormats::Kinds(kinds) => kinds.get(&pos).copied().unwrap_or(FormatKind::Other),
        }
    }
}

/// Reads a workbook of the given format.
pub(crate) fn read(
    path: &str,
    bytes: &[u8],
    format: SourceFormat,
    opts: &DecodeOptions,
) -> Result<ReadOutput, DecodeErrorKind> {
    let file: Arc<str> = Arc::from(path);
    if matches!(format, SourceFormat::Xlsx | SourceFormat::Xlsb | SourceFormat::Ods) {
        limits::check_zip(bytes, opts)?;
    }
    let run = || match format {
        SourceFormat::Xlsx => read_xlsx(&file, bytes, opts),
        SourceFormat::Xls => read_xls(&file, bytes, opts),
        SourceFormat::Xlsb => read_xlsb(&file, bytes, opts),
        SourceFormat::Ods => read_ods(&file, bytes, opts),
        _ => Err(DecodeErrorKind::NotAWorkbook),
    };
    let (grids, diagnostics) = catch_unwind(AssertUnwindSafe(run))
        .map_err(|_| DecodeErrorKind::ParserPanicked { format: format.as_str() })??;
    Ok(ReadOutput { grids, diagnostics, encoding: None, format })
}

/// Grids and diagnostics of a workbook.
type Sheets = (Vec<Grid>, Vec<Diagnostic>);

/// .xlsx/.xlsm: merged regions and styles.
fn read_xlsx(
    file: &Arc<str>,
    bytes: &[u8],
    opts: &DecodeOptions,
) -> Result<Sheets, DecodeErrorKind> {
    let mut wb: Xlsx<Source<'_>> = open_workbook_from_rs(Cursor::new(bytes)).map_err(open_error)?;
    limits::check_xlsx_areas(&mut wb, opts)?;
    let is_1904 = wb.has_1904_epoch();
    read_sheets(&mut wb, file, opts, is_1904, |wb, _, name| SheetExtras {
        merged: wb.merge_cells_by_sheet_name(name).unwrap_or_default(),
        formats: wb.worksheet_style(name).map_or(CellFormats::None, CellFormats::Styles),
    })
}

/// .xls: merged regions from calamine, number formats from our BIFF8 reader (calamine reads
/// them but does not expose them).
fn read_xls(
    file: &Arc<str>,
    bytes: &[u8],
    opts: &DecodeOptions,
) -> Result<Sheets, DecodeErrorKind> {
    // calamine builds every sheet when it opens the file, so the sizes are checked first.
    let mut formats = xls_formats::read(bytes, opts.max_cells);
    formats.check_sizes(opts)?;
    let mut wb: Xls<Source<'_>> = open_workbook_from_rs(Cursor::new(bytes)).map_err(open_error)?;
    let is_1904 = wb.has_1904_epoch();
    let (grids, mut diagnostics) =
        read_sheets(&mut wb, file, opts, is_1904, |wb, i, name| SheetExtras {
            merged: wb.merge_cells_by_sheet_name(name).unwrap_or_default(),
            formats: CellFormats::Kinds(formats.take_sheet(i, name)),
        })?;
    let what = "number formats";
    let problems = formats.problems.iter();
    diagnostics.extend(problems.map(|p| extras_failed(file, p.severity(), p.code(), what, p)));
    Ok((grids, diagnostics))
}

/// .ods: values from calamine; percentages, era dates and merged regions from our reader of
/// the styles and spans (calamine reads none of them for ods).
fn read_ods(
    file: &Arc<str>,
    bytes: &[u8],
    opts: &DecodeOptions,
) -> Result<Sheets, DecodeErrorKind> {
    // calamine builds every sheet when it opens the file, so the sizes are checked first.
    let mut extras = ods_styles::read(bytes, opts.max_cells);
    for (name, sheet) in &extras.sheets {
        sheet.area.check(name, opts)?;
    }
    let mut wb: Ods<Source<'_>> = open_workbook_from_rs(Cursor::new(bytes)).map_err(open_error)?;
    let (grids, mut diagnostics) = read_sheets(&mut wb, file, opts, false, |_, _, name| {
        let sheet = extras.sheets.remove(name).unwrap_or_default();
        SheetExtras { merged: sheet.merged, formats: CellFormats::Kinds(sheet.formats) }
    })?;
    let what = "number formats and merged regions";
    let problems = extras.problems.iter();
    diagnostics.extend(problems.map(|p| extras_failed(file, p.severity(), p.code(), what, p)));
    Ok((grids, diagnostics))
}

/// The diagnostic for number formats or merges (`what`) that could not all be read.
fn extras_failed(
    file: &Arc<str>,
    severity: Severity,
    code: &'static str,
    what: &str,
    detail: &impl Display,
) -> Diagnostic {
    let message = format!("some {what} may be missing: {detail}");
    Diagnostic::new(severity, code, message, Some(Location::file(file.clone())))
}

/// .xlsb: values only (calamine reads neither merged regions nor number formats of xlsb).
fn read_xlsb(
    file: &Arc<str>,
    bytes: &[u8],
    opts: &DecodeOptions,
) -> Result<Sheets, DecodeErrorKind> {
    let mut wb: Xlsb<Source<'_>> = open_workbook_from_rs(Cursor::new(bytes)).map_err(open_error)?;
    limits::check_xlsb_areas(&mut wb, opts)?;
    read_sheets(&mut wb, file, opts, false, |_, _, _| SheetExtras::default())
}

/// The error for a workbook that calamine cannot open.
fn open_error(err: impl Display) -> DecodeErrorKind {
    let detail = err.to_string();
    if detail.to_ascii_lowercase().contains("password") {
        DecodeErrorKind::PasswordProtected
    } else {
        DecodeErrorKind::Truncated { detail }
    }
}

/// Reads every sheet in workbook order. A failed sheet becomes a diagnostic, unless every
/// sheet fails, which makes the workbook unreadable.
fn read_sheets<'a, R>(
    wb: &mut R,
    file: &Arc<str>,
    opts: &DecodeOptions,
    is_1904: bool,
    mut extras: impl FnMut(&mut R, usize, &str) -> SheetExtras,
) -> Result<Sheets, DecodeErrorKind>
where
    R: Reader<Source<'a>>,
    R::Error: Display,
{
    let names = wb.sheet_names();
    let (mut grids, mut diagnostics, mut first_error) = (Vec::new(), Vec::new(), None);
    for (index, name) in names.iter().enumerate() {
        let range = match wb.worksheet_range(name) {
            Ok(range) => range,
            Err(err) => {
                let kind = open_error(&err);
                if matches!(kind, DecodeErrorKind::PasswordProtected) {
                    return Err(kind);
                }
                diagnostics.push(sheet_failed(file, name, &err));
                first_error.get_or_insert(kind);
                continue;
            }
        };
        let extra = extras(wb, index, name);
        let sheet_name: Arc<str> = Arc::from(name.as_str());
        let cells = place_cells(&range, &extra.formats, is_1904, opts)?;
        let merged = extra.merged.iter().map(to_region).collect();
        grids.push(sheet::build(file.clone(), sheet_name, cells, merged, opts)?);
    }
    match first_error {
        Some(kind) if grids.is_empty() => Err(kind),
        _ => Ok((grids, diagnostics)),
    }
}

/// The diagnostic for a sheet that could not be read.
fn sheet_failed(file: &Arc<str>, sheet: &str, err: &impl Display) -> Diagnostic {
    let mut at = Location::file(file.clone());
    at.sheet = Some(Arc::from(sheet));
    Diagnostic::warning("decode.sheet_unreadable", format!("sheet {sheet:?} skipped: {err}"), at)
}

/// A calamine merged region (0-based, absolute) as a 1-based [`MergedRegion`].
fn to_region(dim: &Dimensions) -> MergedRegion {
    MergedRegion {
        first_row: dim.start.0.saturating_add(1),
        first_col: dim.start.1.saturating_add(1),
        last_row: dim.end.0.saturating_add(1),
        last_col: dim.end.1.saturating_add(1),
    }
}

/// The non-empty cells of a range at absolute 1-based positions, typed with their formats.
fn place_cells(
    range: &Range<Data>,
    formats: &CellFormats,
    is_1904: bool,
    opts: &DecodeOptions,
) -> Result<Vec<Placed>, DecodeErrorKind> {
    let (start_row, start_col) = range.start().unwrap_or((0, 0));
    let mut cells = Vec::new();
    for (rel_row, rel_col, data) in range.used_cells() {
        let row0 = start_row.saturating_add(u32::try_from(rel_row).unwrap_or(u32::MAX));
        let col0 = start_col.saturating_add(u32::try_from(rel_col).unwrap_or(u32::MAX));
        let format = formats.kind_at((row0, col0));
        if let Data::String(text) = data {
            DecodeErrorKind::check_cell(text, opts)?;
        }
        let Some(content) = convert(data, format, is_1904) else { continue };
        if u64::try_from(cells.len()).unwrap_or(u64::MAX) >= opts.max_cells {
            return Err(DecodeErrorKind::too_many_cells(opts));
        }
        let col = col0.saturating_add(1);
        cells.push((
            row0.saturating_add(1),
            Cell { col, fragment: None, content, merged_from: None, forms: FormsCache::default() },
        ));
    }
    Ok(cells)
}

/// One calamine value as [`CellContent`]; `None` for empty cells.
fn convert(data: &Data, format: FormatKind, is_1904: bool) -> Option<CellContent> {
    Some(match data {
        Data::Empty => return None,
        Data::String(s) if s.trim().is_empty() => return None,
        Data::String(s) => CellContent::Text(s.clone()),
        Data::Int(i) => number(int_to_f64(*i), format, is_1904),
        Data::Float(f) => number(*f, format, is_1904),
        Data::Bool(b) => CellContent::Bool(*b),
        Data::DateTime(dt) => date_time(dt, format),
        Data::DateTimeIso(s) => iso_date_time(s, format),
        Data::DurationIso(s) => CellContent::Duration(s.clone()),
        Data::Error(e) => CellContent::Error(e.to_string()),
    })
}

/// An integer cell value as a float (exact below 2^53, which covers spreadsheet integers).
#[expect(clippy::cast_precision_loss, reason = "spreadsheet numbers are f64 anyway")]
fn int_to_f64(i: i64) -> f64 {
    i as f64
}

/// A number, typed by its format: percent, a date serial calamine did not flag, or plain.
fn number(value: f64, format: FormatKind, is_1904: bool) -> CellContent {
    match format {
        FormatKind::Percent { decimals } => {
            CellContent::Percent { value: numfmt::percent_value(value), decimals }
        }
        FormatKind::Date { .. } | FormatKind::Time => {
            let dt = ExcelDateTime::new(value, ExcelDateTimeType::DateTime, is_1904);
            date_time(&dt, format)
        }
        FormatKind::Other => CellContent::Number(value),
    }
}

/// A date/time serial as a date, date-time, time or duration, as its format shows it.
fn date_time(dt: &ExcelDateTime, format: FormatKind) -> CellContent {
    if dt.is_duration() {
        return CellContent::Duration(iso_duration(dt.as_f64()));
    }
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    let date = format!("{y:04}-{mo:02}-{d:02}");
    let time = format!("{h:02}:{mi:02}:{s:02}");
    let serial = dt.as_f64();
    match format {
        FormatKind::Date { era, time: false } => CellContent::Date { iso: date, era },
        FormatKind::Date { time: true, .. } => CellContent::DateTime(format!("{date}T{time}")),
        FormatKind::Time => CellContent::DateTime(time),
        _ if serial.fract() == 0.0 => CellContent::Date { iso: date, era: false },
        _ if serial < 1.0 => CellContent::DateTime(time),
        _ => CellContent::DateTime(format!("{date}T{time}")),
    }
}

/// An ISO date or date-time string (ods): a plain `yyyy-mm-dd` is a date, an era date when
/// its style is an era style.
fn iso_date_time(s: &str, format: FormatKind) -> CellContent {
    let date = s.strip_suffix("T00:00:00").unwrap_or(s);
    let is_date = date.len() == 10 && date.bytes().filter(|&b| b == b'-').count() == 2;
    if is_date {
        let era = matches!(format, FormatKind::Date { era: true, .. });
        CellContent::Date { iso: date.to_owned(), era }
    } else {
        CellContent::DateTime(s.to_owned())
    }
}

/// Elapsed days as an ISO 8601 duration, whole seconds: `PT36H30M0S`.
fn iso_duration(days: f64) -> String {
    let total = (days * 86_400.0).round();
    let sign = if total < 0.0 { "-" } else { "" };
    let total = total.abs();
    let (h, m, s) = ((total / 3600.0).floor(), ((total % 3600.0) / 60.0).floor(), total % 60.0);
    format!("{sign}PT{h}H{m}M{s}S")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_by_format() {
        let dt = ExcelDateTime::new(43556.0, ExcelDateTimeType::DateTime, false);
        let era = FormatKind::Date { era: true, time: false };
        assert_eq!(date_time(&dt, era), CellContent::Date { iso: "2019-04-01".into(), era: true });
        assert_eq!(
            date_time(&dt, FormatKind::Other),
            CellContent::Date { iso: "2019-04-01".into(), era: false }
        );
        let noon = ExcelDateTime::new(43556.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            date_time(&noon, FormatKind::Other),
            CellContent::DateTime("2019-04-01T12:00:00".into())
        );
    }

    #[test]
    fn numbers_by_format() {
        assert_eq!(
            number(0.956, FormatKind::Percent { decimals: 2 }, false),
            CellContent::Percent { value: 95.6, decimals: 2 }
        );
        assert_eq!(number(3.0, FormatKind::Other, false), CellContent::Number(3.0));
        assert_eq!(
            iso_date_time("2019-05-01", FormatKind::Other),
            CellContent::Date { iso: "2019-05-01".into(), era: false }
        );
        assert_eq!(
            iso_date_time("2019-05-01T00:00:00", FormatKind::Date { era: true, time: false }),
            CellContent::Date { iso: "2019-05-01".into(), era: true }
        );
        assert_eq!(iso_duration(1.5), "PT36H0M0S");
    }
}
