//! Number formats of .xls (BIFF8) cells, read from the `Workbook` stream ourselves.
//!
//! calamine parses the FORMAT and XF records of an .xls file but keeps them private, so its
//! values come without the format that makes 0.956 a percentage or a date an era (和暦) date.
//! This module opens the OLE container with the `cfb` crate, walks the BIFF records of the
//! workbook globals (FORMAT 0x041E: format id → code; XF 0x00E0: XF index → format id;
//! BOUNDSHEET 0x0085: sheet name and substream offset) and then each sheet substream's value
//! records (NUMBER 0x0203, RK 0x027E, MULRK 0x00BD, FORMULA 0x0006) for their (row, col, XF).
//! Each cell's format code is classified with [`numfmt::classify`]; only cells whose format is
//! not [`FormatKind::Other`] are kept. Values are left to calamine.
//!
//! Format ids without a FORMAT record are Excel built-ins. The CJK built-ins (27–36, 50–58)
//! depend on the workbook's locale; this crate reads Japanese workbooks, so they are taken
//! as their ja-JP codes (era dates for 27–29, 36, 50, 51, 54, 57, 58).
//!
//! Everything is bounded: reads use `get()` and checked arithmetic. A record cut off by the
//! end of the stream ends the scan of its part (globals or one sheet) with an
//! [`XlsFormatError`], keeping what was read before it; a well-framed record whose content is
//! malformed is reported and skipped (an XF record still counts, as `General`, so later XF
//! indices stay right). Only BIFF8 (Excel 97 and later) is read; older files keep calamine's
//! plain values.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use crate::model::Severity;

use super::limits::SheetArea;
use super::numfmt::{self, FormatKind};
use super::{DecodeErrorKind, DecodeOptions};

/// BOF: beginning of the globals or of a sheet substream.
const BOF: u16 = 0x0809;
/// EOF: end of a substream.
const EOF: u16 = 0x000A;
/// CONTINUE: more data of the previous record.
const CONTINUE: u16 = 0x003C;
/// FILEPASS: the rest of the stream is encrypted.
const FILEPASS: u16 = 0x002F;
/// FORMAT: a number-format code and its id.
const FORMAT: u16 = 0x041E;
/// XF: a cell format; its index is its position among the XF records.
const XF: u16 = 0x00E0;
/// BOUNDSHEET8: a sheet's name and the stream offset of its BOF.
const BOUNDSHEET: u16 = 0x0085;
/// NUMBER: a floating-point cell.
const NUMBER: u16 = 0x0203;
/// RK: a compressed number cell.
const RK: u16 = 0x027E;
/// MULRK: several RK cells in one row.
const MULRK: u16 = 0x00BD;
/// FORMULA: a formula cell with its cached value.
const FORMULA: u16 = 0x0006;
/// LABEL: a string cell (BIFF5 and older writers).
const LABEL: u16 = 0x0204;
/// RSTRING: a rich-text string cell.
const RSTRING: u16 = 0x00D6;
/// LABELSST: a cell holding a shared string.
const LABELSST: u16 = 0x00FD;
/// BOOLERR: a boolean or error cell.
const BOOLERR: u16 = 0x0205;
/// DIMENSIONS: the sheet's used range as the writer declares it.
const DIMENSIONS: u16 = 0x0200;
/// Cells of the largest sheet any .xls can have (65,536 rows × 256 columns).
const XLS_GRID_CELLS: u64 = 65_536 * 256;
/// The BOF version of BIFF8.
const BIFF8: u16 = 0x0600;

/// Why (part of) an .xls file's formats could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum XlsFormatError {
    /// The OLE container could not be opened.
    #[error("cannot open the OLE container: {0}")]
    Container(#[from] std::io::Error),
    /// Neither a `Workbook` nor a `Book` stream.
    #[error("no Workbook stream")]
    NoWorkbookStream,
    /// Not BIFF8 (Excel 5 or older).
    #[error("BIFF version {version:#06x} is not read (BIFF8 only)")]
    Unsupported {
        /// The BOF record's version field.
        version: u16,
    },
    /// A FILEPASS record: the workbook is encrypted.
    #[error("encrypted workbook")]
    Encrypted,
    /// The reader (or the `cfb` crate under it) panicked; caught by [`read`].
    #[error("the .xls format reader panicked")]
    Panicked,
    /// A record or string cut short.
    #[error("malformed {what} record at offset {offset}")]
    Malformed {
        /// What was being read.
        what: &'static str,
        /// The record's offset in the Workbook stream.
        offset: usize,
    },
}

impl XlsFormatError {
    /// A stable code for the diagnostic.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            XlsFormatError::Unsupported { .. } => "decode.xls_formats_unsupported",
            _ => "decode.xls_formats_unreadable",
        }
    }

    /// How serious it is: a known limitation (BIFF5) is worth knowing, anything else means
    /// formats the file has were left out.
    pub(crate) fn severity(&self) -> Severity {
        match self {
            XlsFormatError::Unsupported { .. } => Severity::Info,
            _ => Severity::Warning,
        }
    }
}

/// The formats found in one sheet.
#[derive(Debug, Default)]
pub(crate) struct SheetFormats {
    /// The sheet name (BOUNDSHEET order is calamine's `sheet_names()` order).
    pub(crate) name: String,
    /// The non-[`FormatKind::Other`] format of each value cell, by 0-based (row, col).
    pub(crate) cells: HashMap<(u32, u32), FormatKind>,
    /// The value cells' extent, for the limits checked before calamine reads the file.
    area: SheetArea,
    /// Rows × columns of the sheet's DIMENSIONS record, computed as calamine computes
    /// them (it reserves room for that many cells).
    declared: Option<(u64, u64)>,
}

/// The formats of a workbook, and what went wrong while reading them.
#[derive(Debug, Default)]
pub(crate) struct XlsFormats {
    /// One entry per BOUNDSHEET record, in order.
    pub(crate) sheets: Vec<SheetFormats>,
    /// Problems; the formats read before each one are kept.
    pub(crate) problems: Vec<XlsFormatError>,
    /// Why the OLE container is unsound, if it is: the `cfb` crate cannot open it (a sector
    /// chain that loops or leaves the file), or a stream claims more bytes than the whole
    /// file holds. calamine's own container reader follows such chains until memory runs
    /// out, which aborts the process, so such files never reach it.
    unsound_container: Option<String>,
}

impl XlsFormats {
    /// Refuses the workbook before calamine opens it (calamine builds every sheet when it
    /// opens an .xls) when a sheet declares dimensions larger than any .xls sheet can have
    /// — calamine would reserve memory for all of them — or its value cells are over the
    /// limits of [`SheetArea::check`]. Shared strings are not counted in the text bytes.
    pub(crate) fn check_sizes(&self, opts: &DecodeOptions) -> Result<(), DecodeErrorKind> {
        if let Some(detail) = &self.unsound_container {
            return Err(DecodeErrorKind::Truncated { detail: detail.clone() });
        }
        for sheet in &self.sheets {
            let (rows, cols) = sheet.declared.unwrap_or((0, 0));
            if rows.saturating_mul(cols) > XLS_GRID_CELLS {
                let name = sheet.name.clone();
                return Err(DecodeErrorKind::DeclaredTooLarge { sheet: name, rows, cols });
            }
            sheet.area.check(&sheet.name, opts)?;
        }
        Ok(())
    }

    /// Takes the formats of a sheet, by name, else by its position in the workbook.
    pub(crate) fn take_sheet(
        &mut self,
        index: usize,
        name: &str,
    ) -> HashMap<(u32, u32), FormatKind> {
        let by_name = self.sheets.iter().position(|s| s.name == name);
        by_name
            .or(Some(index))
            .and_then(|i| self.sheets.get_mut(i))
            .map(|s| std::mem::take(&mut s.cells))
            .unwrap_or_default()
    }
}

/// Reads the per-cell number formats of an .xls file held in memory. Keeps at most
/// `max_cells` formatted cells per sheet (decode fails later on such a sheet anyway).
///
/// # Panics
///
/// Never: a panic (none is known, but `cfb` parses untrusted data) is caught and becomes an
/// [`XlsFormatError::Panicked`] problem, so calamine's values still load.
pub(crate) fn read(bytes: &[u8], max_cells: u64) -> XlsFormats {
    let run = || read_unguarded(bytes, max_cells);
    std::panic::catch_unwind(run).unwrap_or_else(|_| XlsFormats {
        problems: vec![XlsFormatError::Panicked],
        ..XlsFormats::default()
    })
}

/// [`read`] without the panic guard.
fn read_unguarded(bytes: &[u8], max_cells: u64) -> XlsFormats {
    let mut out =
        XlsFormats { unsound_container: unsound_container(bytes), ..XlsFormats::default() };
    let stream = match workbook_stream(bytes) {
        Ok(stream) => stream,
        Err(err) => {
            out.problems.push(err);
            return out;
        }
    };
    let mut globals = read_globals(&stream);
    out.problems.append(&mut globals.problems);
    let kinds = globals.xf_kinds();
    for (name, offset) in globals.sheets {
        let mut sheet = SheetFormats { name, ..SheetFormats::default() };
        if let Err(err) = read_sheet(&stream, offset, &kinds, max_cells, &mut sheet) {
            out.problems.push(err);
        }
        out.sheets.push(sheet);
    }
    out
}

/// Why the OLE container must not reach calamine (see [`XlsFormats`]), or `None`.
fn unsound_container(bytes: &[u8]) -> Option<String> {
    let file = match cfb::CompoundFile::open(Cursor::new(bytes)) {
        Ok(file) => file,
        Err(e) => return Some(format!("corrupt OLE container: {e}")),
    };
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    let mut entries = std::iter::once(file.root_entry()).chain(file.walk());
    let oversized = entries.find(|e| e.len() > size)?;
    let (path, len) = (oversized.path().display().to_string(), oversized.len());
    Some(format!("OLE stream {path:?} declares {len} bytes, more than the whole file"))
}

/// The bytes of the `Workbook` (or BIFF5 `Book`) stream.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, XlsFormatError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))?;
    let mut stream = match file.open_stream("/Workbook") {
        Ok(stream) => stream,
        Err(_) => file.open_stream("/Book").map_err(|_| XlsFormatError::NoWorkbookStream)?,
    };
    // The stream cannot be longer than the file holding it; cap the read anyway.
    let cap = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    let mut data = Vec::new();
    (&mut stream).take(cap).read_to_end(&mut data)?;
    Ok(data)
}

// Records

/// One BIFF record: type, data and where it sits in the stream.
#[derive(Debug, Clone, Copy)]
struct Record<'a> {
    /// The record type.
    typ: u16,
    /// The record data (without the 4-byte header).
    data: &'a [u8],
    /// Offset of the record header in the stream.
    offset: usize,
    /// Offset just past the record, where any CONTINUE record starts.
    end: usize,
}

/// Iterates over the records of a stream from an offset; a cut-off header or record yields
/// one error and ends the iteration.
struct Records<'a> {
    /// The whole stream.
    stream: &'a [u8],
    /// Offset of the next record header.
    pos: usize,
    /// Set after an error.
    done: bool,
}

impl<'a> Records<'a> {
    /// Records from `pos` on.
    fn new(stream: &'a [u8], pos: usize) -> Self {
        Self { stream, pos, done: false }
    }

    /// The record at `pos`, or `None` at the end of the stream.
    fn read_at(stream: &'a [u8], pos: usize) -> Option<Result<Record<'a>, XlsFormatError>> {
        let header = stream.get(pos..)?;
        if header.is_empty() {
            return None;
        }
        let malformed = XlsFormatError::Malformed { what: "record header", offset: pos };
        let (Some(typ), Some(len)) = (read_u16(header, 0), read_u16(header, 2)) else {
            return Some(Err(malformed));
        };
        let start = pos.checked_add(4)?;
        let end = start.checked_add(usize::from(len))?;
        let Some(data) = stream.get(start..end) else { return Some(Err(malformed)) };
        Some(Ok(Record { typ, data, offset: pos, end }))
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, XlsFormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = Self::read_at(self.stream, self.pos);
        match &item {
            Some(Ok(record)) => self.pos = record.end,
            _ => self.done = true,
        }
        item
    }
}

/// The data of the CONTINUE records that follow a record, in order.
fn continuations<'a>(stream: &'a [u8], record: &Record<'a>) -> impl Iterator<Item = &'a [u8]> {
    Records::new(stream, record.end)
        .map_while(Result::ok)
        .take_while(|r| r.typ == CONTINUE)
        .map(|r| r.data)
}

/// A little-endian u16 at `at`.
fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    let bytes = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([*bytes.first()?, *bytes.get(1)?]))
}

/// A little-endian u32 at `at`.
fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    let bytes: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_le_bytes(bytes))
}

// Strings

/// Reads `cch` characters starting in `data` with the `fHighByte` flag `high` (UTF-16LE when
/// set, else one byte per character: the low byte of UTF-16). A string that runs past its
/// record goes on in the next CONTINUE record, which starts with a new flag byte.
fn read_chars<'a>(
    mut data: &'a [u8],
    mut high: bool,
    cch: usize,
    mut more: impl Iterator<Item = &'a [u8]>,
) -> Option<String> {
    let mut units: Vec<u16> = Vec::with_capacity(cch.min(1 << 16));
    while units.len() < cch {
        let left = cch - units.len();
        if high {
            let pairs = data.chunks_exact(2).take(left);
            units.extend(pairs.map(|p| <[u8; 2]>::try_from(p).map_or(0, u16::from_le_bytes)));
        } else {
            units.extend(data.iter().take(left).map(|&b| u16::from(b)));
        }
        if units.len() < cch {
            let (&flags, rest) = more.next()?.split_first()?;
            high = flags & 1 != 0;
            data = rest;
        }
    }
    Some(String::from_utf16_lossy(&units))
}

/// An `XLUnicodeString` (cch u16, flags u8, characters), continued across CONTINUE records.
fn read_unicode_string<'a>(data: &'a [u8], more: impl Iterator<Item = &'a [u8]>) -> Option<String> {
    let cch = usize::from(read_u16(data, 0)?);
    let flags = *data.get(2)?;
    read_chars(data.get(3..)?, flags & 1 != 0, cch, more)
}

/// A `ShortXLUnicodeString` (cch u8, flags u8, characters), within its record.
fn read_short_string(data: &[u8]) -> Option<String> {
    let cch = usize::from(*data.first()?);
    let flags = *data.get(1)?;
    read_chars(data.get(2..)?, flags & 1 != 0, cch, std::iter::empty())
}

// Workbook globals

/// What the globals substream says about formats and sheets.
#[derive(Debug, Default)]
struct Globals {
    /// FORMAT records: format id → code.
    formats: HashMap<u16, String>,
    /// XF records in order: the format id of each.
    xfs: Vec<u16>,
    /// BOUNDSHEET records: name and BOF offset.
    sheets: Vec<(String, usize)>,
    /// Malformed records, and the problem that ended the scan early, if any.
    problems: Vec<XlsFormatError>,
    /// The stream is older than BIFF8: its formats are not read.
    old_biff: bool,
}

impl Globals {
    /// The format kind of every XF index.
    fn xf_kinds(&self) -> Vec<FormatKind> {
        self.xfs
            .iter()
            .map(|id| match self.formats.get(id) {
                Some(code) => numfmt::classify(code),
                None => builtin_kind(*id),
            })
            .collect()
    }
}

/// Reads the globals substream up to its EOF.
fn read_globals(stream: &[u8]) -> Globals {
    let mut globals = Globals::default();
    if let Err(err) = scan_globals(stream, &mut globals) {
        globals.problems.push(err);
    }
    globals
}

/// Fills `globals` record by record; stops at the first cut-off record, an encrypted or a
/// non-BIFF8 stream.
fn scan_globals(stream: &[u8], globals: &mut Globals) -> Result<(), XlsFormatError> {
    for record in Records::new(stream, 0) {
        let record = record?;
        let content = match record.typ {
            BOF => check_version(&record).inspect_err(|_| globals.old_biff = true),
            FILEPASS => return Err(XlsFormatError::Encrypted),
            // Formats are read from BIFF8 only; sheets (for their sizes) from every version.
            FORMAT | XF if globals.old_biff => Ok(()),
            FORMAT => read_format(stream, &record).map(|(id, code)| {
                globals.formats.insert(id, code);
            }),
            XF => {
                // A malformed XF still takes its index, as General (id 0).
                let id = read_u16(record.data, 2);
                globals.xfs.push(id.unwrap_or(0));
                id.map(drop).ok_or(XlsFormatError::Malformed { what: "XF", offset: record.offset })
            }
            BOUNDSHEET => {
                read_boundsheet(&record, globals.old_biff).map(|sheet| globals.sheets.push(sheet))
            }
            EOF => return Ok(()),
            _ => Ok(()),
        };
        if let Err(err) = content {
            globals.problems.push(err);
        }
    }
    Ok(())
}

/// A FORMAT record: the format id and its code, which may go on in CONTINUE records.
fn read_format(stream: &[u8], record: &Record<'_>) -> Result<(u16, String), XlsFormatError> {
    let id = read_u16(record.data, 0);
    let code =
        record.data.get(2..).and_then(|d| read_unicode_string(d, continuations(stream, record)));
    match (id, code) {
        (Some(id), Some(code)) => Ok((id, code)),
        _ => Err(XlsFormatError::Malformed { what: "FORMAT", offset: record.offset }),
    }
}

/// Checks that a BOF record is BIFF8.
fn check_version(record: &Record<'_>) -> Result<(), XlsFormatError> {
    let version = read_u16(record.data, 0)
        .ok_or(XlsFormatError::Malformed { what: "BOF", offset: record.offset })?;
    if version == BIFF8 { Ok(()) } else { Err(XlsFormatError::Unsupported { version }) }
}

/// A BOUNDSHEET record: the sheet name and the offset of its BOF. Before BIFF8 the name is
/// one byte per character with no flags byte.
fn read_boundsheet(record: &Record<'_>, old_biff: bool) -> Result<(String, usize), XlsFormatError> {
    let malformed = XlsFormatError::Malformed { what: "BOUNDSHEET", offset: record.offset };
    let offset = read_u32(record.data, 0).and_then(|o| usize::try_from(o).ok());
    let name = if old_biff {
        let cch = record.data.get(6).map_or(0, |&n| usize::from(n));
        record
            .data
            .get(7..)
            .map(|d| String::from_utf8_lossy(d.get(..cch).unwrap_or(d)).into_owned())
    } else {
        record.data.get(6..).and_then(read_short_string)
    };
    match (name, offset) {
        (Some(name), Some(offset)) => Ok((name, offset)),
        _ => Err(malformed),
    }
}

/// The kind of a built-in format id (no FORMAT record), ja-JP for the CJK ids.
fn builtin_kind(id: u16) -> FormatKind {
    let plain = FormatKind::Date { era: false, time: false };
    let era = FormatKind::Date { era: true, time: false };
    match id {
        9 => FormatKind::Percent { decimals: 0 },
        10 => FormatKind::Percent { decimals: 2 },
        14..=17 | 30 | 31 | 34 | 35 | 52 | 53 | 55 | 56 => plain,
        22 => FormatKind::Date { era: false, time: true },
        18..=21 | 32 | 33 | 45..=47 => FormatKind::Time,
        27..=29 | 36 | 50 | 51 | 54 | 57 | 58 => era,
        _ => FormatKind::Other,
    }
}

// Sheets

/// Reads one sheet substream from its BOF offset to its EOF, recording each value cell's
/// format kind and extent, and the declared dimensions. Substreams nested in it (embedded
/// charts) are skipped, as calamine skips them.
fn read_sheet(
    stream: &[u8],
    offset: usize,
    kinds: &[FormatKind],
    max_cells: u64,
    sheet: &mut SheetFormats,
) -> Result<(), XlsFormatError> {
    let mut depth = 0_usize;
    let limit = usize::try_from(max_cells).unwrap_or(usize::MAX);
    for record in Records::new(stream, offset) {
        let record = record?;
        match record.typ {
            BOF => depth = depth.saturating_add(1),
            EOF if depth <= 1 => return Ok(()),
            EOF => depth -= 1,
            _ if depth > 1 => {}
            DIMENSIONS => sheet.declared = declared_size(record.data).or(sheet.declared),
            NUMBER | RK | FORMULA => {
                count_cell(&record, &mut sheet.area)?;
                cell_format(&record, kinds, &mut sheet.cells)?;
            }
            LABEL | RSTRING | LABELSST | BOOLERR => count_cell(&record, &mut sheet.area)?,
            MULRK => {
                count_mulrk(&record, &mut sheet.area)?;
                mulrk_formats(&record, kinds, &mut sheet.cells)?;
            }
            _ => {}
        }
        if sheet.cells.len() > limit || sheet.area.cells() > max_cells {
            return Ok(());
        }
    }
    Ok(())
}

/// Rows × columns of a DIMENSIONS record's range, with calamine's arithmetic: 32-bit,
/// wrapping (a first row after the last wraps to about 4 billion rows), a first column over
/// 255 or after the last taken as 0. `None` for a record of another length (calamine
/// refuses the file).
fn declared_size(data: &[u8]) -> Option<(u64, u64)> {
    let (first_row, last_row, first_col, last_col) = match data.len() {
        10 => (
            u32::from(read_u16(data, 0)?),
            u32::from(read_u16(data, 2)?),
            u32::from(read_u16(data, 4)?),
            u32::from(read_u16(data, 6)?),
        ),
        14 | 16 => (
            read_u32(data, 0)?,
            read_u32(data, 4)?,
            u32::from(read_u16(data, 8)?),
            u32::from(read_u16(data, 10)?),
        ),
        _ => return None,
    };
    let first_col = if first_col > 0xFF || last_col < first_col { 0 } else { first_col };
    let (end_row, end_col) = if last_row >= 1 && last_col >= 1 {
        (last_row - 1, last_col - 1)
    } else {
        (first_row, first_col)
    };
    let rows = end_row.wrapping_sub(first_row).wrapping_add(1);
    let cols = end_col.wrapping_sub(first_col).wrapping_add(1);
    Some((u64::from(rows), u64::from(cols)))
}

/// Counts the cell of a record that starts with row and col; LABEL-like records count their
/// bytes as text.
fn count_cell(record: &Record<'_>, area: &mut SheetArea) -> Result<(), XlsFormatError> {
    let d = record.data;
    let (Some(row), Some(col)) = (read_u16(d, 0), read_u16(d, 2)) else {
        return Err(XlsFormatError::Malformed { what: "cell", offset: record.offset });
    };
    let text = if matches!(record.typ, LABEL | RSTRING) { d.len() } else { 0 };
    area.add_cell((u32::from(row), u32::from(col)), u64::try_from(text).unwrap_or(u64::MAX));
    Ok(())
}

/// Counts the cells of a MULRK record: row, first col, …, last col.
fn count_mulrk(record: &Record<'_>, area: &mut SheetArea) -> Result<(), XlsFormatError> {
    let d = record.data;
    let last = d.len().checked_sub(2).and_then(|at| read_u16(d, at));
    let (Some(row), Some(first), Some(last)) = (read_u16(d, 0), read_u16(d, 2), last) else {
        return Err(XlsFormatError::Malformed { what: "MULRK", offset: record.offset });
    };
    let width = u32::from(last.saturating_sub(first)) + 1;
    area.add_block((u32::from(row), u32::from(first)), (1, width), 0);
    Ok(())
}

/// Records the kind of the XF `xf` at (row, col), unless it is [`FormatKind::Other`].
fn put(cells: &mut HashMap<(u32, u32), FormatKind>, kinds: &[FormatKind], at: (u16, u16), xf: u16) {
    let kind = kinds.get(usize::from(xf)).copied().unwrap_or(FormatKind::Other);
    if kind != FormatKind::Other {
        cells.insert((u32::from(at.0), u32::from(at.1)), kind);
    }
}

/// NUMBER, RK and FORMULA all start with row, col, XF.
fn cell_format(
    record: &Record<'_>,
    kinds: &[FormatKind],
    cells: &mut HashMap<(u32, u32), FormatKind>,
) -> Result<(), XlsFormatError> {
    let d = record.data;
    let (Some(row), Some(col), Some(xf)) = (read_u16(d, 0), read_u16(d, 2), read_u16(d, 4)) else {
        return Err(XlsFormatError::Malformed { what: "cell", offset: record.offset });
    };
    put(cells, kinds, (row, col), xf);
    Ok(())
}

/// MULRK: row, first col, then (XF u16, RK u32) per cell, then the last col.
fn mulrk_formats(
    record: &Record<'_>,
    kinds: &[FormatKind],
    cells: &mut HashMap<(u32, u32), FormatKind>,
) -> Result<(), XlsFormatError> {
    let d = record.data;
    let malformed = XlsFormatError::Malformed { what: "MULRK", offset: record.offset };
    let (Some(row), Some(first)) = (read_u16(d, 0), read_u16(d, 2)) else { return Err(malformed) };
    let Some(entries) = d.get(4..d.len().saturating_sub(2)) else { return Err(malformed) };
    for (col, entry) in (first..=u16::MAX).zip(entries.chunks_exact(6)) {
        let Some(xf) = read_u16(entry, 0) else { return Err(malformed) };
        put(cells, kinds, (row, col), xf);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record: header and data.
    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let len = u16::try_from(data.len()).unwrap();
        let mut out = typ.to_le_bytes().to_vec();
        out.extend(len.to_le_bytes());
        out.extend(data);
        out
    }

    // Strings

    #[test]
    fn compressed_and_utf16_strings() {
        let mut compressed = vec![5, 0, 0];
        compressed.extend(b"0.00%");
        assert_eq!(read_unicode_string(&compressed, std::iter::empty()).as_deref(), Some("0.00%"));
        let mut wide = vec![2, 0, 1];
        wide.extend("年月".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read_unicode_string(&wide, std::iter::empty()).as_deref(), Some("年月"));
        assert_eq!(read_short_string(&[3, 0, b'K', b'P', b'I']).as_deref(), Some("KPI"));
    }

    #[test]
    fn string_straddling_a_continue_record() {
        // "ge年": two compressed characters, then the rest in UTF-16 after a CONTINUE.
        let first = [3, 0, 0, b'g', b'e'];
        let mut second = vec![1];
        second.extend("年".encode_utf16().flat_map(u16::to_le_bytes));
        let s = read_unicode_string(&first, [second.as_slice()].into_iter());
        assert_eq!(s.as_deref(), Some("ge年"));
    }

    #[test]
    fn cut_strings_are_none() {
        assert_eq!(read_unicode_string(&[5, 0, 0, b'a'], std::iter::empty()), None);
        assert_eq!(read_unicode_string(&[5], std::iter::empty()), None);
        assert_eq!(read_short_string(&[]), None);
        assert_eq!(read_short_string(&[4, 1, 0x41]), None);
    }

    // Records

    #[test]
    fn records_and_continuations() {
        let mut stream = record(FORMAT, &[0xA4, 0, 4, 0, 0, b'0', b'.']);
        stream.extend(record(CONTINUE, &[0, b'0', b'%']));
        stream.extend(record(EOF, &[]));
        let records: Vec<_> = Records::new(&stream, 0).map(Result::unwrap).collect();
        assert_eq!(records.iter().map(|r| r.typ).collect::<Vec<_>>(), [FORMAT, CONTINUE, EOF]);
        let data = records[0].data.get(2..).unwrap();
        let code = read_unicode_string(data, continuations(&stream, &records[0]));
        assert_eq!(code.as_deref(), Some("0.0%"));
    }

    #[test]
    fn cut_record_is_one_error() {
        let mut stream = record(XF, &[0; 20]);
        stream.extend([0xE0, 0x00, 0x14, 0x00, 1, 2]);
        let items: Vec<_> = Records::new(&stream, 0).collect();
        assert_eq!(items.len(), 2);
        assert!(matches!(items[1], Err(XlsFormatError::Malformed { offset: 24, .. })));
    }

    #[test]
    fn globals_and_sheet() {
        let mut stream = record(BOF, &[0x00, 0x06, 0x05, 0x00]);
        let mut format = vec![0xA4, 0x00, 5, 0, 0];
        format.extend(b"0.00%");
        stream.extend(record(FORMAT, &format));
        for ifmt in [0_u16, 0xA4, 14, 28] {
            let mut xf = vec![0, 0];
            xf.extend(ifmt.to_le_bytes());
            stream.extend(record(XF, &xf));
        }
        let sheet_at = stream.len() + 4 + 11 + 4;
        let mut bound = u32::try_from(sheet_at).unwrap().to_le_bytes().to_vec();
        bound.extend([0, 0, 3, 0, b'K', b'P', b'I']);
        stream.extend(record(BOUNDSHEET, &bound));
        stream.extend(record(EOF, &[]));
        assert_eq!(stream.len(), sheet_at);
        stream.extend(record(BOF, &[0x00, 0x06, 0x10, 0x00]));
        stream.extend(record(NUMBER, &[2, 0, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        // MULRK at row 4, cols 1..=3 with XF 0, 2, 3.
        let mut mulrk = vec![4, 0, 1, 0];
        for xf in [0_u8, 2, 3] {
            mulrk.extend([xf, 0, 0, 0, 0, 0]);
        }
        mulrk.extend([3, 0]);
        stream.extend(record(MULRK, &mulrk));
        stream.extend(record(EOF, &[]));

        let globals = read_globals(&stream);
        assert!(globals.problems.is_empty(), "{:?}", globals.problems);
        assert_eq!(globals.sheets, [("KPI".to_owned(), sheet_at)]);
        let kinds = globals.xf_kinds();
        let mut sheet = SheetFormats::default();
        read_sheet(&stream, sheet_at, &kinds, 100, &mut sheet).unwrap();
        let cells = sheet.cells;
        assert_eq!(cells.get(&(2, 3)), Some(&FormatKind::Percent { decimals: 2 }));
        assert_eq!(cells.get(&(4, 1)), None, "General is not kept");
        assert_eq!(cells.get(&(4, 2)), Some(&FormatKind::Date { era: false, time: false }));
        assert_eq!(cells.get(&(4, 3)), Some(&FormatKind::Date { era: true, time: false }));
        assert_eq!(cells.len(), 3);
        assert_eq!(sheet.area.cells(), 4, "NUMBER and the three MULRK cells");
    }

    #[test]
    fn declared_sizes_follow_calamines_arithmetic() {
        let biff8 = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut d = Vec::new();
            d.extend(rf.to_le_bytes());
            d.extend(rl.to_le_bytes());
            d.extend(cf.to_le_bytes());
            d.extend(cl.to_le_bytes());
            d.extend([0, 0]);
            declared_size(&d)
        };
        assert_eq!(biff8(0, 10, 0, 3), Some((10, 3)));
        assert_eq!(biff8(0, 0, 0, 0), Some((1, 1)));
        // A first row after the last wraps around, as in calamine's 32-bit arithmetic.
        assert_eq!(biff8(5, 2, 0, 1), Some((u64::from(u32::MAX) - 2, 1)));
        assert_eq!(biff8(0, u32::MAX, 0, u16::MAX), Some((u64::from(u32::MAX), 65_535)));
        assert_eq!(declared_size(&[0; 12]), None);
    }

    #[test]
    fn malformed_format_and_xf_are_skipped() {
        let mut stream = record(BOF, &[0x00, 0x06, 0x05, 0x00]);
        stream.extend(record(FORMAT, &[0xA4, 0x00, 0xFF, 0x7F, 0, b'x']));
        stream.extend(record(XF, &[0]));
        stream.extend(record(XF, &[0, 0, 10, 0]));
        stream.extend(record(EOF, &[]));
        let globals = read_globals(&stream);
        assert_eq!(globals.problems.len(), 2, "{:?}", globals.problems);
        assert!(globals.formats.is_empty());
        assert_eq!(globals.xf_kinds(), [FormatKind::Other, FormatKind::Percent { decimals: 2 }]);
    }

    #[test]
    fn biff5_and_encrypted_are_reported() {
        let biff5 = record(BOF, &[0x00, 0x05, 0x05, 0x00]);
        assert!(matches!(
            read_globals(&biff5).problems.as_slice(),
            [XlsFormatError::Unsupported { version: 0x0500 }]
        ));
        assert_eq!(XlsFormatError::Unsupported { version: 0x0500 }.severity(), Severity::Info);
        assert_eq!(XlsFormatError::Encrypted.severity(), Severity::Warning);
        let mut encrypted = record(BOF, &[0x00, 0x06, 0x05, 0x00]);
        encrypted.extend(record(FILEPASS, &[1, 0]));
        assert!(matches!(
            read_globals(&encrypted).problems.as_slice(),
            [XlsFormatError::Encrypted]
        ));
    }

    #[test]
    fn builtin_formats() {
        assert_eq!(builtin_kind(9), FormatKind::Percent { decimals: 0 });
        assert_eq!(builtin_kind(10), FormatKind::Percent { decimals: 2 });
        assert_eq!(builtin_kind(14), FormatKind::Date { era: false, time: false });
        assert_eq!(builtin_kind(58), FormatKind::Date { era: true, time: false });
        assert_eq!(builtin_kind(0), FormatKind::Other);
    }

    // The fixture

    /// `fixtures/workbook.xls`, as `make_fixtures.py` wrote it.
    const FIXTURE: &[u8] = include_bytes!("../../fixtures/workbook.xls");

    #[test]
    fn fixture_formats() {
        let mut formats = read_unguarded(FIXTURE, 1000);
        assert!(formats.problems.is_empty(), "{:?}", formats.problems);
        let names: Vec<_> = formats.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["KPI", "日付"]);
        let kpi = formats.take_sheet(0, "KPI");
        assert_eq!(kpi.get(&(2, 3)), Some(&FormatKind::Percent { decimals: 2 }));
        assert_eq!(kpi.get(&(3, 3)), Some(&FormatKind::Percent { decimals: 0 }));
        let dates = formats.take_sheet(1, "日付");
        let era = FormatKind::Date { era: true, time: false };
        assert_eq!(dates.get(&(1, 1)), Some(&era));
        assert_eq!(dates.get(&(2, 1)), Some(&era));
        assert_eq!(dates.get(&(3, 1)), Some(&FormatKind::Date { era: false, time: false }));
    }

    #[test]
    fn truncated_or_garbled_fixture_never_panics() {
        for cut in (0..FIXTURE.len()).step_by(97) {
            let _ = read_unguarded(FIXTURE.get(..cut).unwrap(), 1000);
        }
        for at in (0..FIXTURE.len()).step_by(13) {
            let mut bytes = FIXTURE.to_vec();
            for b in bytes.iter_mut().skip(at).take(8) {
                *b ^= 0xA5;
            }
            let _ = read_unguarded(&bytes, 1000);
        }
    }

    #[test]
    fn garbage_never_panics() {
        for len in 0..64_u8 {
            let bytes: Vec<u8> = (0..len).map(|i| i.wrapping_mul(37)).collect();
            let globals = read_globals(&bytes);
            let kinds = globals.xf_kinds();
            let _ =
                read_sheet(&bytes, usize::from(len / 2), &kinds, 10, &mut SheetFormats::default());
            let _ = read_unguarded(&bytes, 10);
        }
    }
}
