//! Checks of hostile workbooks made before calamine builds anything from them.
//!
//! - [`check_zip`]: the zip central directory of an xlsx/xlsb/ods, against
//!   [`DecodeOptions::max_unzipped_bytes`] (declared total) and
//!   [`DecodeOptions::max_zip_ratio`] (per entry), so a zip bomb is refused before a single
//!   entry is inflated.
//! - [`SheetArea`]: what a sheet will cost once calamine builds it, checked against
//!   [`DecodeOptions::max_sheet_area`], `max_cells` and `max_unzipped_bytes` before calamine
//!   allocates anything: calamine's `Range::from_sparse` allocates every cell of the
//!   rectangle from the first to the last non-empty cell, so two cells at `A1` and
//!   `XFD1048576` would ask for 17 billion cells; an .ods cell repeated over 16,384 columns
//!   and a million rows is a few bytes of XML; a long shared string is copied into every
//!   cell that uses it. xlsx and xlsb sheets are streamed here ([`check_xlsx_areas`],
//!   [`check_xlsb_areas`]); xls and ods sheets are measured by the readers of their formats
//!   and styles (`xls_formats`, `ods_styles`), which run before calamine opens those files.
//!
//! The sizes in a zip's central directory can lie; the zip crate checks each entry's CRC
//! when it is read, and the ratio limit bounds what honest-looking entries may claim. An
//! entry that lies about its size is not caught here (a known limit of this first cut).

use std::io::{Read, Seek};

use calamine::{DataRef, Reader, Xlsb, Xlsx};

use super::{DecodeErrorKind, DecodeOptions};

/// Entries smaller than this are never zip bombs, whatever their ratio (a 200-byte part
/// of zeros compresses a lot and means nothing).
const RATIO_FLOOR_BYTES: u64 = 1 << 20;

/// Checks the zip entries' declared sizes against the limits. A zip that cannot be read is
/// left to the workbook reader, which reports it.
pub(crate) fn check_zip(bytes: &[u8], opts: &DecodeOptions) -> Result<(), DecodeErrorKind> {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Ok(()) };
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(index) else { continue };
        let (size, packed) = (entry.size(), entry.compressed_size());
        total = total.saturating_add(size);
        if total > opts.max_unzipped_bytes {
            return Err(DecodeErrorKind::TooLarge {
                what: "bytes once unzipped",
                limit: "max_unzipped_bytes",
                max: opts.max_unzipped_bytes,
            });
        }
        let ratio = size / packed.max(1);
        if size > RATIO_FLOOR_BYTES && ratio > opts.max_zip_ratio {
            let entry =
                entry.name().map_or_else(|_| format!("#{index}"), std::borrow::Cow::into_owned);
            return Err(DecodeErrorKind::ZipBomb { entry, ratio, max: opts.max_zip_ratio });
        }
    }
    Ok(())
}

/// The bounding box of the non-empty cells seen so far, 0-based inclusive.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    /// First and last row.
    rows: (u32, u32),
    /// First and last column.
    cols: (u32, u32),
}

impl Bounds {
    /// The box grown to hold the block from `first` to `last` (inclusive).
    fn with(bounds: Option<Self>, first: (u32, u32), last: (u32, u32)) -> Self {
        let Some(b) = bounds else {
            return Self { rows: (first.0, last.0), cols: (first.1, last.1) };
        };
        Self {
            rows: (b.rows.0.min(first.0), b.rows.1.max(last.0)),
            cols: (b.cols.0.min(first.1), b.cols.1.max(last.1)),
        }
    }

    /// Rows and columns spanned.
    fn size(self) -> (u64, u64) {
        let span = |(first, last): (u32, u32)| u64::from(last.saturating_sub(first)) + 1;
        (span(self.rows), span(self.cols))
    }
}

/// What one sheet will cost once a workbook reader builds it: the rectangle from its first
/// to its last non-empty cell (calamine allocates every cell of it), its non-empty cells and
/// the bytes of their text, each repeat counted (an .ods cell can stand for thousands of
/// columns and rows; an .xlsx shared string is copied into every cell that uses it).
///
/// Filled while streaming a sheet's cells, before the reader allocates anything, and
/// checked with [`SheetArea::check`].
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SheetArea {
    /// The non-empty cells' bounding box.
    bounds: Option<Bounds>,
    /// Non-empty cells.
    cells: u64,
    /// Bytes of cell text.
    text_bytes: u64,
    /// Bytes of text of the longest cell.
    longest: u64,
}

impl SheetArea {
    /// Counts one non-empty cell at `at` holding `text_bytes` bytes of text.
    pub(crate) fn add_cell(&mut self, at: (u32, u32), text_bytes: u64) {
        self.add_block(at, (1, 1), text_bytes);
    }

    /// Counts `repeat.0` rows × `repeat.1` columns of copies of one non-empty cell starting
    /// at `first`, each holding `text_bytes` bytes of text.
    pub(crate) fn add_block(&mut self, first: (u32, u32), repeat: (u32, u32), text_bytes: u64) {
        if repeat.0 == 0 || repeat.1 == 0 {
            return;
        }
        let last = (first.0.saturating_add(repeat.0 - 1), first.1.saturating_add(repeat.1 - 1));
        self.bounds = Some(Bounds::with(self.bounds, first, last));
        let copies = u64::from(repeat.0).saturating_mul(u64::from(repeat.1));
        self.cells = self.cells.saturating_add(copies);
        self.longest = self.longest.max(text_bytes);
        self.text_bytes = self.text_bytes.saturating_add(copies.saturating_mul(text_bytes));
    }

    /// Refuses the sheet when its cells are over `max_cells`, one cell's text over
    /// `max_cell_bytes`, its rectangle over `max_sheet_area`, or its expanded text over
    /// `max_unzipped_bytes`.
    pub(crate) fn check(&self, sheet: &str, opts: &DecodeOptions) -> Result<(), DecodeErrorKind> {
        if self.cells > opts.max_cells {
            return Err(DecodeErrorKind::too_many_cells(opts));
        }
        if self.longest > opts.max_cell_bytes {
            return Err(DecodeErrorKind::cell_too_long(opts));
        }
        if self.text_bytes > opts.max_unzipped_bytes {
            return Err(DecodeErrorKind::TooLarge {
                what: "bytes of cell text once repeated cells and shared strings are expanded",
                limit: "max_unzipped_bytes",
                max: opts.max_unzipped_bytes,
            });
        }
        let Some(bounds) = self.bounds else { return Ok(()) };
        let (rows, cols) = bounds.size();
        if rows.saturating_mul(cols) > opts.max_sheet_area {
            let (sheet, cells, max) = (sheet.to_owned(), self.cells, opts.max_sheet_area);
            return Err(DecodeErrorKind::SheetTooSparse { sheet, rows, cols, cells, max });
        }
        Ok(())
    }

    /// Non-empty cells counted so far.
    pub(crate) fn cells(&self) -> u64 {
        self.cells
    }

    /// Whether the cells alone are already over `max_cells` (streaming can stop).
    fn over_cells(&self, opts: &DecodeOptions) -> bool {
        self.cells > opts.max_cells
    }
}

/// The bytes of text a cell value will hold once read.
fn text_bytes(value: &DataRef<'_>) -> u64 {
    let len = match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len(),
        DataRef::SharedString(s) => s.len(),
        _ => 0,
    };
    u64::try_from(len).unwrap_or(u64::MAX)
}

/// Streams every sheet of a calamine workbook that has `worksheet_cells_reader` (xlsx,
/// xlsb) into a [`SheetArea`] and checks it. Sheets that cannot be streamed are left to the
/// normal read, which reports them. A macro, because the two readers share no trait.
macro_rules! check_streamed_areas {
    ($wb:expr, $opts:expr) => {{
        let (wb, opts) = ($wb, $opts);
        let mut result = Ok(());
        for sheet in wb.sheet_names() {
            let Ok(mut reader) = wb.worksheet_cells_reader(&sheet) else { continue };
            let mut area = SheetArea::default();
            while let Ok(Some(cell)) = reader.next_cell() {
                let value = cell.get_value();
                if !matches!(value, DataRef::Empty) {
                    area.add_cell(cell.get_position(), text_bytes(value));
                }
                if area.over_cells(opts) {
                    break;
                }
            }
            result = area.check(&sheet, opts);
            if result.is_err() {
                break;
            }
        }
        result
    }};
}

/// Refuses an .xlsx workbook when one sheet is over the limits of [`SheetArea::check`],
/// before calamine builds any of its ranges.
pub(crate) fn check_xlsx_areas<RS: Read + Seek>(
    wb: &mut Xlsx<RS>,
    opts: &DecodeOptions,
) -> Result<(), DecodeErrorKind> {
    check_streamed_areas!(wb, opts)
}

/// [`check_xlsx_areas`] for .xlsb workbooks.
pub(crate) fn check_xlsb_areas<RS: Read + Seek>(
    wb: &mut Xlsb<RS>,
    opts: &DecodeOptions,
) -> Result<(), DecodeErrorKind> {
    check_streamed_areas!(wb, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_grow_and_measure() {
        let b = Bounds::with(None, (5, 2), (5, 2));
        let b = Bounds::with(Some(b), (0, 9), (0, 9));
        assert_eq!(b.size(), (6, 8));
    }

    #[test]
    fn unreadable_zips_are_left_to_the_reader() {
        assert!(check_zip(b"PK\x03\x04 nope", &DecodeOptions::default()).is_ok());
    }
}
