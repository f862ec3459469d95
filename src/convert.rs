//! The pipeline for one input: decode → normalize → extract → reconcile (the changes a
//! document states about itself) → document.
//!
//! `convert_*` never print and never panic on user input; an input that cannot be read gives
//! an [`Error`] naming the file, and callers convert the rest of their batch.
//!
//! # Time budget
//!
//! With [`ConvertOptions::timeout`] set (the default is 60 s), each input is converted on a
//! worker thread of its own and the caller waits at most that long. A file that takes longer
//! gives [`Error::Timeout`] and the batch goes on. Rust cannot stop a thread from outside, so
//! the abandoned work keeps running in the background until it finishes (bounded by the
//! decode limits) or the process exits; its result is dropped.
//!
//! The caller's thread only waits while the worker converts, so a pool of N threads calling
//! `convert_*` (as [`crate::batch`] does) keeps N conversions running, not 2N; only abandoned
//! work adds to them, and it keeps the input's memory until it ends.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::decode::{self, DecodeError, DecodeOptions};
use crate::extract::{self, ExtractOptions};
use crate::model::Document;
use crate::reconcile;

/// Options for converting one input.
#[derive(Debug, Clone)]
pub struct ConvertOptions {
    /// How to read the input.
    pub decode: DecodeOptions,
    /// How to recognize records.
    pub extract: ExtractOptions,
    /// The time budget of one input (default 60 s); `None` runs on the caller's thread with
    /// no budget. See the module docs.
    pub timeout: Option<Duration>,
}

impl Default for ConvertOptions {
    fn default() -> Self {
        Self {
            decode: DecodeOptions::default(),
            extract: ExtractOptions::default(),
            timeout: Some(DEFAULT_TIMEOUT),
        }
    }
}

/// The default time budget of one input.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Stack of the worker thread that converts one input: as large as a main thread's, so
/// deep but legitimate inputs do not overflow where they would not without a budget.
const WORKER_STACK_BYTES: usize = 8 << 20;

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
    /// The input took longer than its time budget ([`ConvertOptions::timeout`]).
    #[error("{path}: gave up after {seconds:.3} s (time budget per file, --timeout)")]
    Timeout {
        /// The input path as given.
        path: String,
        /// The budget, in seconds.
        seconds: f64,
    },
}

impl Error {
    /// A stable code for the error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Decode(e) => e.code(),
            Error::Internal { .. } => "convert.internal",
            Error::Timeout { .. } => "convert.timeout",
        }
    }
}

/// Converts one input held in memory; `path` names it in provenance. With a time budget,
/// the bytes are copied to the worker thread (see [`convert_owned`], which does not).
pub fn convert_bytes(path: &str, bytes: &[u8], opts: &ConvertOptions) -> Result<Document, Error> {
    let Some(budget) = opts.timeout else { return convert_bytes_here(path, bytes, opts) };
    let (label, owned, options): (String, Arc<[u8]>, _) =
        (path.to_owned(), Arc::from(bytes), opts.clone());
    with_budget(path, budget, move || convert_bytes_here(&label, &owned, &options))
}

/// [`convert_bytes`] on bytes the caller hands over — read once, e.g. to hash them as well
/// (see [`decode::read_file`]) — which move to the worker thread instead of being copied, and
/// are dropped as soon as the input is decoded.
pub fn convert_owned(path: &str, bytes: Vec<u8>, opts: &ConvertOptions) -> Result<Document, Error> {
    let Some(budget) = opts.timeout else { return convert_vec_here(path, bytes, opts) };
    let (label, options) = (path.to_owned(), opts.clone());
    with_budget(path, budget, move || convert_vec_here(&label, bytes, &options))
}

/// Reads and converts one file.
pub fn convert_path(path: &Path, opts: &ConvertOptions) -> Result<Document, Error> {
    let Some(budget) = opts.timeout else { return convert_path_here(path, opts) };
    let (owned, options): (PathBuf, _) = (path.to_path_buf(), opts.clone());
    with_budget(&path.display().to_string(), budget, move || convert_path_here(&owned, &options))
}

/// [`convert_bytes`] on the caller's thread, with no time budget.
fn convert_bytes_here(path: &str, bytes: &[u8], opts: &ConvertOptions) -> Result<Document, Error> {
    isolated(path, || {
        let decoded = decode::decode_bytes(path, bytes, &opts.decode)?;
        Ok(with_changes(extract::document(decoded, &opts.extract)))
    })
}

/// [`convert_owned`] on the caller's thread, with no time budget: the bytes are dropped
/// once decoded, before the document is built.
fn convert_vec_here(path: &str, bytes: Vec<u8>, opts: &ConvertOptions) -> Result<Document, Error> {
    isolated(path, || {
        let decoded = decode::decode_bytes(path, &bytes, &opts.decode)?;
        drop(bytes);
        Ok(with_changes(extract::document(decoded, &opts.extract)))
    })
}

/// [`convert_path`] on the caller's thread, with no time budget.
fn convert_path_here(path: &Path, opts: &ConvertOptions) -> Result<Document, Error> {
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

/// Runs `work` on a worker thread and waits at most `budget` for it; see the module docs.
fn with_budget(
    path: &str,
    budget: Duration,
    work: impl FnOnce() -> Result<Document, Error> + Send + 'static,
) -> Result<Document, Error> {
    run_with_budget(budget, work).unwrap_or_else(|| {
        Err(Error::Timeout { path: path.to_owned(), seconds: budget.as_secs_f64() })
    })
}

/// Runs `work` on a new thread and returns its result if it arrives within `budget`, else
/// `None` (the thread is left to finish on its own). `None` too if no thread can be started.
pub fn run_with_budget<T: Send + 'static>(
    budget: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (sender, receiver) = std::sync::mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("sheetwash-file".to_owned())
        .stack_size(WORKER_STACK_BYTES)
        .spawn(move || {
            // The receiver is gone when the budget ran out; the result is then dropped.
            let _ = sender.send(work());
        });
    spawned.ok()?;
    receiver.recv_timeout(budget).ok()
}

/// Runs the pipeline of one input so that a panic — a bug, never expected on any input —
/// becomes an [`Error::Internal`] for that input instead of ending the whole batch.
fn isolated(
    path: &str,
    pipeline: impl FnOnce() -> Result<Document, Error>,
) -> Result<Document, Error> {
    catch_panic(pipeline)
        .unwrap_or_else(|message| Err(Error::Internal { path: path.to_owned(), message }))
}

/// Runs `work` and returns its result, or the message of the panic that stopped it (a bug:
/// the caller turns it into that input's error rather than ending the batch).
pub(crate) fn catch_panic<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned())
    })
}
