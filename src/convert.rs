//! The pipeline for one input: decode → normalize → extract → reconcile (the changes a
//! document states about itself) → document.
//!
//! `convert_*` never print and never panic on user input; an input that cannot be read gives
//! an [`Error`] naming the file, and callers convert the rest of their batch.

use std::path::Path;

use crate::decode::{self, DecodeError, DecodeOptions};
use crate::extract::{self, ExtractOptions};
use crate::model::Document;
use crate::reconcile;

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
    /// A bug in sheetwash stopped this input; the batch goes on without it.
    #[error("{path}: internal error while converting ({message}); please report it with the file")]
    Internal {
        /// The input path as given.
        path: String,
        /// The panic message.
        message: String,
    },
}

impl Error {
    /// A stable code for the error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Decode(e) => e.code(),
            Error::Internal { .. } => "convert.internal",
        }
    }
}

/// Converts one input held in memory; `path` names it in provenance.
pub fn convert_bytes(path: &str, bytes: &[u8], opts: &ConvertOptions) -> Result<Document, Error> {
    isolated(path, || {
        let decoded = decode::decode_bytes(path, bytes, &opts.decode)?;
        Ok(with_changes(extract::document(decoded, &opts.extract)))
    })
}

/// Reads and converts one file.
pub fn convert_path(path: &Path, opts: &ConvertOptions) -> Result<Document, Error> {
    isolated(&path.display().to_string(), || {
        let decoded = decode::decode_path(path, &opts.decode)?;
        Ok(with_changes(extract::document(decoded, &opts.extract)))
    })
}

/// Fills the document's `changes` from its markers (see [`reconcile::document_changes`]).
fn with_changes(mut document: Document) -> Document {
    reconcile::document_changes(&mut document);
    document
}

/// Runs the pipeline of one input so that a panic — a bug, never expected on any input —
/// becomes an [`Error::Internal`] for that input instead of ending the whole batch.
fn isolated(
    path: &str,
    pipeline: impl FnOnce() -> Result<Document, Error>,
) -> Result<Document, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(pipeline)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        Err(Error::Internal { path: path.to_owned(), message })
    })
}
