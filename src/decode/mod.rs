//! Decode stage: bytes → one [`Grid`] per sheet or text dump, with provenance on every cell.
//!
//! # What it takes and returns
//!
//! [`decode_bytes`] takes the bytes of one input and a path label, and returns a [`Decoded`]:
//! the [`SourceInfo`] (format, encoding, SHA-256, size, sheets), one [`Grid`] per sheet,
//! HTML table or text input, and non-fatal [`Diagnostic`]s. Cleaning values is left to
//! `normalize`; text cells keep their raw text, HTML and all.
//!
//! # Formats, by content
//!
//! The format comes from the bytes, never from the extension (`sniff.rs`): OLE/CFB → xls (an
//! .xls named .xlsx reads as .xls; an OLE file with an `EncryptedPackage` is a
//! password-protected workbook), a zip with `xl/workbook.xml` → xlsx/xlsm, `xl/workbook.bin` →
//! xlsb, an `OpenDocument` `mimetype`/`content.xml` → ods, any other zip is an error. Text
//! starting with `<html`/`<table`/`<!DOCTYPE` is an HTML table export, read with one grid per
//! `<table>` (`html_table.rs`). Other text is CSV, TSV or a text dump, decided by consistent
//! field counts (`text.rs`); the extension only breaks ties. NUL bytes or many control bytes
//! make a binary file, which is an error, never garbage text.
//!
//! # Workbooks
//!
//! Workbooks are read with calamine from memory (`workbook.rs`), each call inside
//! `catch_unwind`. Formula cells give their cached value. Positions are absolute and 1-based.
//! **Merged regions** are listed in [`Grid::merged`] and the anchor's value is **carried to
//! every covered cell**, which gets [`Cell::merged_from`] = the anchor's (row, col); covered
//! cells outside the sheet's used area are not filled. Number formats turn percentages into
//! [`CellContent::Percent`] and Japanese era formats into `Date { era: true }`.
//!
//! calamine 0.38 does not give all of this for every format, so two small readers of our own
//! fill the gaps; per reader:
//!
//! | format      | values   | merged regions          | percent / era dates                    |
//! |-------------|----------|-------------------------|----------------------------------------|
//! | .xlsx/.xlsm | calamine | calamine                | calamine's `worksheet_style`           |
//! | .xls        | calamine | calamine                | BIFF8 FORMAT/XF records (`xls_formats.rs`) |
//! | .ods        | calamine | `table:number-*-spanned` (`ods_styles.rs`) | `percentage` cells, era date styles (`ods_styles.rs`) |
//! | .xlsb       | calamine | none                    | none                                   |
//!
//! If one of our readers fails, the values still load and a warning diagnostic
//! (`decode.xls_formats_unreadable`, `decode.ods_styles_unreadable`) says so.
//!
//! # Text
//!
//! Encoding: a BOM, else valid (or almost valid) UTF-8, else chardetng with a `.jp` hint;
//! [`DecodeOptions::encoding`] overrides it (`encoding.rs`). Replaced malformed bytes give a
//! `decode.replaced_malformed` warning naming the line. Every line of a TSV or text dump is a
//! [`Row`] (blank lines too); CSV rows are numbered by the line where the record starts.
//! Cells holding leaked `<th>`/`<td>` fragments are split into one cell per fragment.
//!
//! A whitespace-only text file is not an error: it decodes to a grid of rows with no cells.
//! An empty file (or one holding only a BOM) is an error.
//!
//! [`Row`]: crate::model::Row
//! [`Cell::merged_from`]: crate::model::Cell::merged_from
//! [`CellContent::Percent`]: crate::model::CellContent::Percent

mod encoding;
pub mod html;
mod html_table;
mod limits;
mod numfmt;
mod ods_styles;
mod sheet;
mod sniff;
mod text;
mod workbook;
mod xls_formats;

use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::model::{Diagnostic, Grid, SheetInfo, SourceFormat, SourceInfo};

pub use encoding::{EncodingGuess, detect_encoding};
pub use html::{split_cell_fragments, to_plain_text};
pub use sniff::{Sniffed, sniff};

/// Options for reading one input, with the limits that keep hostile input bounded.
///
/// # Limits
///
/// Every limit has a safe default and, on the command line, a flag of the same name
/// (`max_cell_bytes` ↔ `--max-cell-bytes`). Going over one refuses the whole file with a
/// [`DecodeError`] naming the file and the option; the rest of the batch goes on.
///
/// | option | default | guards against |
/// |--------|---------|----------------|
/// | `max_bytes` | 256 MiB | huge inputs |
/// | `max_cells` | 5,000,000 | sheets with millions of cells |
/// | `max_columns` | 1,048,576 | text lines with millions of fields |
/// | `max_cell_bytes` | 32 MiB | one giant cell (a text dump of a PDF can be one 20 MB line) |
/// | `max_sheet_area` | 10,000,000 | a sheet whose used range (first to last cell) is far larger than its content: calamine allocates the whole rectangle |
/// | `max_unzipped_bytes` | 1 GiB | zip bombs: the declared total size of a workbook's zip entries |
/// | `max_zip_ratio` | 200 | zip bombs: one entry over 1 MiB that expands more than this many times |
/// | `max_html_depth` | 64 | tables nested inside tables of an HTML export |
///
/// A cell longer than `max_cell_bytes` refuses the file rather than being truncated: a
/// truncated value would be silently wrong downstream, and no genuine sheet has one.
/// `max_sheet_area` is checked on the cells actually present (xlsx), not on the
/// `<dimension ref=…>` the file declares, which calamine 0.38 does not allocate from.
#[derive(Debug, Clone)]
pub struct DecodeOptions {
    /// Force this text encoding instead of detecting it (`--encoding`).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Largest input accepted, in bytes (default 256 MiB).
    pub max_bytes: u64,
    /// Most non-empty cells accepted in one sheet or text input (default 5,000,000).
    pub max_cells: u64,
    /// Most columns accepted in one row (default 1,048,576).
    pub max_columns: u32,
    /// Longest cell text accepted, in bytes of UTF-8 (default 32 MiB).
    pub max_cell_bytes: u64,
    /// Largest used range of one sheet, rows × columns from its first to its last non-empty
    /// cell (default 10,000,000).
    pub max_sheet_area: u64,
    /// Largest total uncompressed size of a workbook's zip entries, as declared in its
    /// central directory (default 1 GiB).
    pub max_unzipped_bytes: u64,
    /// Largest compression ratio of one zip entry of more than 1 MiB (default 200).
    pub max_zip_ratio: u64,
    /// Deepest nesting of `<table>`s in an HTML export (default 64).
    pub max_html_depth: u32,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self {
            encoding: None,
            max_bytes: 256 << 20,
            max_cells: 5_000_000,
            max_columns: 1 << 20,
            max_cell_bytes: 32 << 20,
            max_sheet_area: 10_000_000,
            max_unzipped_bytes: 1 << 30,
            max_zip_ratio: 200,
            max_html_depth: 64,
        }
    }
}

/// What decoding one input produced.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// Path, format, encoding, hash, size and sheets.
    pub source: SourceInfo,
    /// One grid per sheet or text dump.
    pub grids: Vec<Grid>,
    /// Non-fatal problems (replaced malformed bytes, skipped sheets, …).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why an input could not be decoded at all.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {kind}")]
pub struct DecodeError {
    /// The input path as given.
    pub path: String,
    /// What went wrong.
    pub kind: DecodeErrorKind,
}

/// The kinds of [`DecodeError`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The file has no bytes (or only a byte-order mark).
    #[error("empty file")]
    Empty,
    /// The file is binary data, not text and not a known workbook.
    #[error("binary data, not a text file")]
    Binary,
    /// A zip archive without a workbook inside.
    #[error("a zip archive that is not a workbook")]
    NotAWorkbook,
    /// A workbook whose container or parts are cut off or corrupt.
    #[error("truncated or corrupt workbook ({detail})")]
    Truncated {
        /// What the reader said.
        detail: String,
    },
    /// An encrypted workbook.
    #[error("password-protected workbook")]
    PasswordProtected,
    /// The workbook reader panicked (a calamine bug, see calamine issue #481).
    #[error("the {format} reader panicked on this file")]
    ParserPanicked {
        /// The workbook format.
        format: &'static str,
    },
    /// The input is over one of the [`DecodeOptions`] limits.
    #[error("too large: more than {max} {what} (DecodeOptions::{limit})")]
    TooLarge {
        /// What was counted: `bytes`, `cells`, `columns`, `lines`.
        what: &'static str,
        /// The option that set the limit.
        limit: &'static str,
        /// The limit.
        max: u64,
    },
    /// One zip entry expands far more than any workbook part does: a zip bomb.
    #[error(
        "zip entry {entry:?} expands {ratio} times, more than {max} (DecodeOptions::max_zip_ratio)"
    )]
    ZipBomb {
        /// The entry's name inside the zip.
        entry: String,
        /// Its uncompressed size divided by its compressed size.
        ratio: u64,
        /// The limit.
        max: u64,
    },
    /// A sheet's used range is far larger than it can hold.
    #[error(
        "sheet {sheet:?} spans {rows} rows x {cols} columns for {cells} cells, more than {max} \
         cells of area (DecodeOptions::max_sheet_area)"
    )]
    SheetTooSparse {
        /// The sheet name.
        sheet: String,
        /// Rows from the first to the last non-empty cell.
        rows: u64,
        /// Columns from the first to the last non-empty cell.
        cols: u64,
        /// Non-empty cells.
        cells: u64,
        /// The limit.
        max: u64,
    },
    /// A sheet declares a used range larger than any sheet of its format can have (an .xls
    /// DIMENSIONS record past 65,536 rows × 256 columns): calamine would reserve memory for
    /// every cell of it.
    #[error(
        "sheet {sheet:?} declares {rows} rows x {cols} columns, more than an .xls sheet can hold"
    )]
    DeclaredTooLarge {
        /// The sheet name.
        sheet: String,
        /// Declared rows.
        rows: u64,
        /// Declared columns.
        cols: u64,
    },
    /// HTML tables nested deeper than the limit.
    #[error("tables nested more than {max} deep (DecodeOptions::max_html_depth)")]
    TooDeep {
        /// The limit.
        max: u32,
    },
}

impl DecodeErrorKind {
    /// A stable code for the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            DecodeErrorKind::Io(_) => "decode.io",
            DecodeErrorKind::Empty => "decode.empty",
            DecodeErrorKind::Binary => "decode.binary",
            DecodeErrorKind::NotAWorkbook => "decode.not_a_workbook",
            DecodeErrorKind::Truncated { .. } => "decode.truncated",
            DecodeErrorKind::PasswordProtected => "decode.password_protected",
            DecodeErrorKind::ParserPanicked { .. } => "decode.parser_panicked",
            DecodeErrorKind::TooLarge { .. } => "decode.too_large",
            DecodeErrorKind::ZipBomb { .. } => "decode.zip_bomb",
            DecodeErrorKind::SheetTooSparse { .. } => "decode.sheet_too_sparse",
            DecodeErrorKind::DeclaredTooLarge { .. } => "decode.declared_too_large",
            DecodeErrorKind::TooDeep { .. } => "decode.too_deep",
        }
    }

    /// The error for going over `max_cells`.
    pub(crate) fn too_many_cells(opts: &DecodeOptions) -> Self {
        DecodeErrorKind::TooLarge { what: "cells", limit: "max_cells", max: opts.max_cells }
    }

    /// The error for a cell over `max_cell_bytes`.
    pub(crate) fn cell_too_long(opts: &DecodeOptions) -> Self {
        DecodeErrorKind::TooLarge {
            what: "bytes in one cell",
            limit: "max_cell_bytes",
            max: opts.max_cell_bytes,
        }
    }

    /// Checks one cell's text against `max_cell_bytes`.
    pub(crate) fn check_cell(text: &str, opts: &DecodeOptions) -> Result<(), Self> {
        if u64::try_from(text.len()).unwrap_or(u64::MAX) > opts.max_cell_bytes {
            return Err(Self::cell_too_long(opts));
        }
        Ok(())
    }

    /// The error for going over `max_columns`.
    pub(crate) fn too_many_columns(opts: &DecodeOptions) -> Self {
        DecodeErrorKind::TooLarge {
            what: "columns",
            limit: "max_columns",
            max: u64::from(opts.max_columns),
        }
    }
}

impl DecodeError {
    /// A stable code for the error kind.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

/// What one format reader returns: grids, diagnostics and (text only) the encoding.
pub(crate) struct ReadOutput {
    /// The grids.
    pub(crate) grids: Vec<Grid>,
    /// Non-fatal problems.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The text encoding, for text inputs.
    pub(crate) encoding: Option<&'static encoding_rs::Encoding>,
    /// The format, refined by the reader (text inputs: csv, tsv, text or html).
    pub(crate) format: SourceFormat,
}

/// Decodes one input held in memory. `path` names it in provenance and errors.
///
/// # Errors
///
/// A [`DecodeError`] when the input is empty, binary, over a limit, an unreadable or
/// encrypted workbook, or a zip that is not a workbook. Problems that leave the rest of the
/// file readable (a failed sheet, replaced bytes) are diagnostics instead.
///
/// # Panics
///
/// Never on input data; calamine panics are caught and reported as
/// [`DecodeErrorKind::ParserPanicked`].
pub fn decode_bytes(
    path: &str,
    bytes: &[u8],
    opts: &DecodeOptions,
) -> Result<Decoded, DecodeError> {
    let fail = |kind| DecodeError { path: path.to_owned(), kind };
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > opts.max_bytes {
        return Err(fail(DecodeErrorKind::TooLarge {
            what: "bytes",
            limit: "max_bytes",
            max: opts.max_bytes,
        }));
    }
    let sniffed = sniff(bytes).map_err(fail)?;
    let output = match sniffed {
        Sniffed::Workbook(format) => workbook::read(path, bytes, format, opts),
        Sniffed::Text => text::read(path, bytes, opts),
    }
    .map_err(fail)?;
    Ok(assemble(path, bytes, output))
}

/// Builds the [`Decoded`] from a reader's output.
fn assemble(path: &str, bytes: &[u8], output: ReadOutput) -> Decoded {
    let file_name = Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned());
    let sheets = output
        .grids
        .iter()
        .map(|g| SheetInfo {
            name: g.sheet.as_deref().map_or_else(|| file_name.clone(), str::to_owned),
            rows: g.height,
            cols: g.width,
        })
        .collect();
    let source = SourceInfo {
        path: path.to_owned(),
        format: output.format,
        encoding: output.encoding.map(|e| e.name().to_owned()),
        sha256: sha256_hex(bytes),
        bytes: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
        sheets,
    };
    Decoded { source, grids: output.grids, diagnostics: output.diagnostics }
}

/// SHA-256 of the bytes, lowercase hex.
fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// Reads and decodes one file.
///
/// # Errors
///
/// [`DecodeErrorKind::Io`] when the file cannot be read (its size is checked against
/// [`DecodeOptions::max_bytes`] before reading), else as [`decode_bytes`].
pub fn decode_path(path: &Path, opts: &DecodeOptions) -> Result<Decoded, DecodeError> {
    let bytes = read_file(path, opts)?;
    decode_bytes(&path.display().to_string(), &bytes, opts)
}

/// Reads one file for [`decode_bytes`], checking its size against
/// [`DecodeOptions::max_bytes`] before reading it.
///
/// # Errors
///
/// [`DecodeErrorKind::Io`] when the file cannot be read; [`DecodeErrorKind::TooLarge`] when it
/// is over `max_bytes`.
pub fn read_file(path: &Path, opts: &DecodeOptions) -> Result<Vec<u8>, DecodeError> {
    let fail = |kind| DecodeError { path: path.display().to_string(), kind };
    let meta = std::fs::metadata(path).map_err(|e| fail(DecodeErrorKind::Io(e)))?;
    if meta.is_file() && meta.len() > opts.max_bytes {
        return Err(fail(DecodeErrorKind::TooLarge {
            what: "bytes",
            limit: "max_bytes",
            max: opts.max_bytes,
        }));
    }
    std::fs::read(path).map_err(|e| fail(DecodeErrorKind::Io(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn error_display_is_one_line() {
        let err = DecodeError { path: "a.txt".into(), kind: DecodeErrorKind::Empty };
        assert_eq!(err.to_string(), "a.txt: empty file");
        assert_eq!(err.code(), "decode.empty");
    }
}
