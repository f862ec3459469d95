//! Decode stage: bytes → one [`Grid`] per sheet or text dump, with provenance on every cell.
//!
//! STUB — being implemented (format sniffing, calamine workbooks, text encodings, CSV/TSV,
//! HTML-in-cell fragments).

pub mod html;

use std::path::Path;

use crate::model::{Diagnostic, Grid, SourceInfo};

/// Options for reading one input.
#[derive(Debug, Clone, Default)]
pub struct DecodeOptions {
    /// Force this text encoding instead of detecting it (`--encoding`).
    pub encoding: Option<&'static encoding_rs::Encoding>,
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
}

impl DecodeError {
    /// A stable code for the error kind.
    pub fn code(&self) -> &'static str {
        match self.kind {
            DecodeErrorKind::Io(_) => "decode.io",
        }
    }
}

/// Decodes one input held in memory. `path` names it in provenance and errors.
pub fn decode_bytes(
    path: &str,
    bytes: &[u8],
    opts: &DecodeOptions,
) -> Result<Decoded, DecodeError> {
    let _ = (path, bytes, opts);
    todo!("decode")
}

/// Reads and decodes one file.
pub fn decode_path(path: &Path, opts: &DecodeOptions) -> Result<Decoded, DecodeError> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| DecodeError { path: label.clone(), kind: DecodeErrorKind::Io(e) })?;
    decode_bytes(&label, &bytes, opts)
}
