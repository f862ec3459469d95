//! Checks of hostile workbooks made before calamine builds anything from them.
//!
//! - [`check_zip`]: the zip central directory of an xlsx/xlsb/ods, against
//!   [`DecodeOptions::max_unzipped_bytes`] (declared total) and
//!   [`DecodeOptions::max_zip_ratio`] (per entry), so a zip bomb is refused before a single
//!   entry is inflated.
//! - [`check_xlsx_areas`]: each xlsx sheet's used range, streamed cell by cell, against
//!   [`DecodeOptions::max_sheet_area`] and `max_cells`: calamine's `Range::from_sparse`
//!   allocates every cell of the rectangle from the first to the last non-empty cell, so two
//!   cells at `A1` and `XFD1048576` would ask for 17 billion cells.
//!
//! The sizes in a zip's central directory can lie; the zip crate checks each entry's CRC
//! when it is read, and the ratio limit bounds what honest-looking entries may claim. An
//! entry that lies about its size is not caught here (a known limit of this first cut).

use std::io::{Read, Seek};

use calamine::{DataRef, Reader, Xlsx};

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
    /// The box grown to hold `(row, col)`.
    fn with(bounds: Option<Self>, (row, col): (u32, u32)) -> Self {
        let Some(b) = bounds else { return Self { rows: (row, row), cols: (col, col) } };
        Self {
            rows: (b.rows.0.min(row), b.rows.1.max(row)),
            cols: (b.cols.0.min(col), b.cols.1.max(col)),
        }
    }

    /// Rows and columns spanned.
    fn size(self) -> (u64, u64) {
        let span = |(first, last): (u32, u32)| u64::from(last - first) + 1;
        (span(self.rows), span(self.cols))
    }
}

/// Streams every sheet's cells and refuses the workbook when one sheet's used range is over
/// `max_sheet_area` or its cells over `max_cells`. Sheets that cannot be streamed are left
/// to the normal read, which reports them.
pub(crate) fn check_xlsx_areas<RS: Read + Seek>(
    wb: &mut Xlsx<RS>,
    opts: &DecodeOptions,
) -> Result<(), DecodeErrorKind> {
    for sheet in wb.sheet_names() {
        let Ok(mut reader) = wb.worksheet_cells_reader(&sheet) else { continue };
        let (mut bounds, mut cells) = (None, 0u64);
        while let Ok(Some(cell)) = reader.next_cell() {
            if matches!(cell.get_value(), DataRef::Empty) {
                continue;
            }
            cells += 1;
            if cells > opts.max_cells {
                return Err(DecodeErrorKind::too_many_cells(opts));
            }
            bounds = Some(Bounds::with(bounds, cell.get_position()));
        }
        let Some(bounds) = bounds else { continue };
        let (rows, cols) = bounds.size();
        if rows.saturating_mul(cols) > opts.max_sheet_area {
            let max = opts.max_sheet_area;
            return Err(DecodeErrorKind::SheetTooSparse { sheet, rows, cols, cells, max });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_grow_and_measure() {
        let b = Bounds::with(None, (5, 2));
        let b = Bounds::with(Some(b), (0, 9));
        assert_eq!(b.size(), (6, 8));
    }

    #[test]
    fn unreadable_zips_are_left_to_the_reader() {
        assert!(check_zip(b"PK\x03\x04 nope", &DecodeOptions::default()).is_ok());
    }
}
