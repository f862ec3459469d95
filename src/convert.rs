//! The pipeline for one input: decode → normalize → extract → (validated) document.
//!
//! `convert_*` never print and never panic on user input; an input that cannot be read gives
//! an [`Error`] naming the file, and callers convert the rest of their batch.

use std::path::Path;

use crate::decode::{self, DecodeError, DecodeOptions};
use crate::extract::{self, ExtractOptions};
use crate::model::Document;

/// Options for converting one input.
#[derive(Debug, Clone, Default)]
pub struct ConvertOptions {
    /// How to read the input.
    pub decode: DecodeOptions,
    /// How to recognize records.
    pub extract: ExtractOptions,
}

/// Why one input could not be converted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input could not be read.
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

impl Error {
    /// A stable code for the error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Decode(e) => e.code(),
        }
    }
}

/// Converts one input held in memory; `path` names it in provenance.
pub fn convert_bytes(path: &str, bytes: &[u8], opts: &ConvertOptions) -> Result<Document, Error> {
    let decoded = decode::decode_bytes(path, bytes, &opts.decode)?;
    Ok(extract::document(decoded, &opts.extract))
}

/// Reads and converts one file.
pub fn convert_path(path: &Path, opts: &ConvertOptions) -> Result<Document, Error> {
    let decoded = decode::decode_path(path, &opts.decode)?;
    Ok(extract::document(decoded, &opts.extract))
}
