//! `sheetwash convert`: every input to a JSON document (or NDJSON records, or CSV rows), on
//! a pool of `--jobs` threads, written in input order.
//!
//! The batch runs on [`sheetwash::batch`]: each input is read once, converted, rendered and
//! (with `-o`) written on a worker thread, then dropped; this thread receives the results in
//! input order, prints rendered output (without `-o`), error lines and progress
//! ([`progress`]), and keeps the `--incremental` index ([`incremental`]). Output is the same
//! bytes, in the same order, at any number of threads. See `sheetwash::batch` for the
//! reorder window and the memory policy.
//!
//! [`progress`]: super::progress
//! [`incremental`]: super::incremental

use std::collections::BTreeSet;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;
use std::time::{Duration, SystemTime};

use sheetwash::batch::{self, BatchOptions, Permit};
use sheetwash::convert::{self, ConvertOptions};
use sheetwash::decode::{self, DecodeOptions};
use sheetwash::emit::{self, OutputFormat};

use super::args::{ConvertArgs, FormatArg, JobsArgs, LimitArgs};
use super::incremental::{self, Entry, Index, Recorder};
use super::inputs::{self, Input};
use super::progress::Progress;
use super::{Outcome, report_error};

/// What happened to one input, as a worker hands it to the printing thread.
enum FileOutcome {
    /// Converted.
    Converted {
        /// Rendered output to print; empty when it was written to a file.
        bytes: Vec<u8>,
        /// How many records it holds.
        records: usize,
        /// Its `--incremental` index entry, by key.
        entry: Option<(String, Entry)>,
        /// The input's weight, held until `bytes` are printed.
        _permit: Option<Permit>,
    },
    /// Unchanged since the run recorded in the `--incremental` index.
    Skipped,
    /// An error line for stderr.
    Failed(String),
}

/// What every worker needs to convert an input.
struct Plan<'a> {
    /// The library options.
    opts: ConvertOptions,
    /// The output format.
    format: OutputFormat,
    /// The output directory, if any.
    output: Option<&'a Path>,
    /// The previous run's index, with `--incremental`.
    previous: Option<Index>,
}

/// How far ahead of the printing thread workers may run, per thread: rendered output waits
/// for its turn in memory, so keep it short; with `-o` a result is a few bytes.
const WINDOW_PER_THREAD_STDOUT: usize = 4;
/// See [`WINDOW_PER_THREAD_STDOUT`].
const WINDOW_PER_THREAD_FILES: usize = 64;

pub(crate) fn run(args: &ConvertArgs) -> Outcome {
    let started = SystemTime::now();
    let Some(opts) = options(args) else { return Outcome::Usage };
    let format = match args.format {
        FormatArg::Json => OutputFormat::Json,
        FormatArg::Ndjson => OutputFormat::Ndjson,
        FormatArg::Csv => OutputFormat::Csv,
    };
    let Some(pool) = thread_pool(&args.jobs) else { return Outcome::Usage };
    let (inputs, walk_errors) = inputs::expand_with(&args.inputs, args.follow_symlinks);
    let mut progress = Progress::new(inputs.len(), args.quiet, args.incremental);
    for error in &walk_errors {
        progress.error(error, false);
    }
    let output = args.output.as_deref();
    if let Some(dir) = output {
        let folders = output_folders(dir, &inputs, format);
        for error in inputs::remove_stale_temporaries(&folders, started) {
            progress.error(&error, false);
        }
    }
    let previous = output
        .filter(|_| args.incremental)
        .map(|dir| load_index(dir, &incremental::fingerprint(format, &opts.decode), &progress));
    let plan = Plan { opts, format, output, previous };
    let mut printer = Printer::new(&plan, progress, &inputs);
    if printer.start() {
        let weights: Vec<u64> = inputs.iter().map(weight).collect();
        batch::run_ordered(
            &pool,
            &weights,
            &batch_options(pool.current_num_threads(), output.is_some()),
            |index, permit| match inputs.get(index) {
                Some(input) => convert_one(input, &plan, permit),
                None => FileOutcome::Failed(format!("input {index} out of range")),
            },
            |index, result| printer.take(index, result),
        );
    }
    printer.finish(!walk_errors.is_empty())
}

/// The previous run's index in `dir`, or an empty one after a warning.
fn load_index(dir: &Path, fingerprint: &str, progress: &Progress) -> Index {
    let (index, warning) = Index::load(dir, fingerprint);
    if let Some(warning) = warning {
        progress.warning(&warning);
    }
    index
}

/// The batch options for `threads` threads, writing files (`-o`) or standard output.
fn batch_options(threads: usize, to_files: bool) -> BatchOptions {
    let per_thread = if to_files { WINDOW_PER_THREAD_FILES } else { WINDOW_PER_THREAD_STDOUT };
    BatchOptions { window: threads.saturating_mul(per_thread), ..BatchOptions::default() }
}

/// The thread pool for `--jobs`; `None` after reporting why it could not be started.
pub(crate) fn thread_pool(args: &JobsArgs) -> Option<rayon::ThreadPool> {
    batch::thread_pool(args.jobs)
        .map_err(|e| {
            let threads = batch::thread_count(args.jobs);
            report_error(&format!("cannot start {threads} threads (--jobs): {e}"));
        })
        .ok()
}

/// How much memory an input may take, for the batch's memory budget: its size; standard
/// input, of unknown size, weighs as much as the whole budget.
fn weight(input: &Input) -> u64 {
    match input {
        Input::File { path, .. } => std::fs::metadata(path).map_or(0, |m| m.len()),
        Input::Stdin => u64::MAX,
    }
}

/// The folders this run writes into: the output directory and each output's parent.
fn output_folders(dir: &Path, inputs: &[Input], format: OutputFormat) -> Vec<std::path::PathBuf> {
    let mut folders = BTreeSet::from([dir.to_path_buf()]);
    for input in inputs {
        let path = inputs::output_path(dir, input, format.extension());
        if let Some(parent) = path.parent() {
            folders.insert(parent.to_path_buf());
        }
    }
    folders.into_iter().collect()
}

/// The printing thread's side of the batch: output, errors, progress and the index.
struct Printer<'a> {
    /// The plan, for the output directory and the format.
    plan: &'a Plan<'a>,
    /// The inputs, to name one whose work panicked.
    inputs: &'a [Input],
    /// Progress and summary.
    progress: Progress,
    /// The `--incremental` index of this run.
    recorder: Option<Recorder>,
    /// Standard output.
    out: std::io::StdoutLock<'static>,
    /// Whether an input failed.
    failed: bool,
    /// Whether standard output was closed (`| head`), which ends the run quietly.
    closed: bool,
}

impl<'a> Printer<'a> {
    /// A printer for a batch.
    fn new(plan: &'a Plan<'a>, progress: Progress, inputs: &'a [Input]) -> Self {
        let recorder = plan.output.zip(plan.previous.clone()).map(|(dir, i)| Recorder::new(dir, i));
        let out = std::io::stdout().lock();
        Self { plan, inputs, progress, recorder, out, failed: false, closed: false }
    }

    /// Starts standard output: CSV on standard output is one stream with one header (each
    /// CSV file has its own). `false` when standard output is closed.
    fn start(&mut self) -> bool {
        if self.plan.format == OutputFormat::Csv && self.plan.output.is_none() {
            self.closed = self.out.write_all(&emit::csv_header()).is_err();
        }
        !self.closed
    }

    /// Handles the result of input `index`, in input order.
    fn take(
        &mut self,
        index: usize,
        result: Result<FileOutcome, batch::WorkPanicked>,
    ) -> ControlFlow<()> {
        let outcome = result.unwrap_or_else(|panicked| {
            let label = self.inputs.get(index).map_or_else(String::new, Input::label);
            FileOutcome::Failed(format!("{label}: {panicked}"))
        });
        match outcome {
            FileOutcome::Converted { bytes, records, entry, _permit } => {
                if !bytes.is_empty() && self.out.write_all(&bytes).is_err() {
                    // A closed pipe (`| head`) is not an error.
                    self.closed = true;
                    return ControlFlow::Break(());
                }
                self.progress.converted(records);
                self.record(entry);
            }
            FileOutcome::Skipped => self.progress.skipped(),
            FileOutcome::Failed(message) => {
                self.progress.error(&message, true);
                self.failed = true;
                if let (Some(recorder), Some(input)) = (&mut self.recorder, self.inputs.get(index))
                {
                    recorder.failed(&key(input));
                }
            }
        }
        ControlFlow::Continue(())
    }

    /// Adds a converted input to the index, which is written every few seconds.
    fn record(&mut self, entry: Option<(String, Entry)>) {
        let (Some(recorder), Some((key, entry))) = (&mut self.recorder, entry) else { return };
        if let Err(e) = recorder.done(key, entry) {
            self.progress.error(&format!("cannot write the incremental index: {e}"), false);
            self.failed = true;
        }
    }

    /// Ends the run: flushes standard output, writes the index, prints the summary.
    fn finish(mut self, walk_failed: bool) -> Outcome {
        if !self.closed && self.out.flush().is_err() {
            self.closed = true;
        }
        if let Some(recorder) = &mut self.recorder {
            if let Err(e) = recorder.save() {
                self.progress.error(&format!("cannot write the incremental index: {e}"), false);
                self.failed = true;
            }
        }
        self.progress.finish();
        if self.closed {
            Outcome::Clean
        } else if self.failed || walk_failed {
            Outcome::Partial
        } else {
            Outcome::Clean
        }
    }
}

/// Builds the library options from the flags; `None` after reporting a bad flag.
pub(crate) fn options(args: &ConvertArgs) -> Option<ConvertOptions> {
    let decode = decode_options(args.encoding.as_deref(), &args.limits)?;
    let timeout = timeout(&args.limits).map_err(|message| report_error(&message)).ok()?;
    Some(ConvertOptions { decode, timeout, ..ConvertOptions::default() })
}

/// The per-file time budget from `--timeout`: `None` for 0 (no budget); the error line for
/// a negative or non-finite value.
pub(crate) fn timeout(limits: &LimitArgs) -> Result<Option<Duration>, String> {
    let Some(seconds) = limits.timeout else { return Ok(Some(convert::DEFAULT_TIMEOUT)) };
    let budget = Duration::try_from_secs_f64(seconds)
        .map_err(|_| format!("--timeout {seconds}: not a number of seconds"))?;
    Ok((!budget.is_zero()).then_some(budget))
}

/// Decode options from an `--encoding` label and the limit flags; `None` after reporting an
/// unknown label.
pub(crate) fn decode_options(encoding: Option<&str>, limits: &LimitArgs) -> Option<DecodeOptions> {
    let mut decode = limited_options(limits);
    if let Some(label) = encoding {
        let Some(found) = encoding_rs::Encoding::for_label(label.as_bytes()) else {
            report_error(&format!("unknown encoding {label:?} (try shift_jis, euc-jp, utf-8)"));
            return None;
        };
        decode.encoding = Some(found);
    }
    Some(decode)
}

/// The default decode options with the limit flags that were given.
fn limited_options(limits: &LimitArgs) -> DecodeOptions {
    let decode = DecodeOptions::default();
    DecodeOptions {
        max_bytes: limits.max_bytes.unwrap_or(decode.max_bytes),
        max_cells: limits.max_cells.unwrap_or(decode.max_cells),
        max_columns: limits.max_columns.unwrap_or(decode.max_columns),
        max_cell_bytes: limits.max_cell_bytes.unwrap_or(decode.max_cell_bytes),
        max_sheet_area: limits.max_sheet_area.unwrap_or(decode.max_sheet_area),
        max_unzipped_bytes: limits.max_unzipped_bytes.unwrap_or(decode.max_unzipped_bytes),
        max_zip_ratio: limits.max_zip_ratio.unwrap_or(decode.max_zip_ratio),
        max_html_depth: limits.max_html_depth.unwrap_or(decode.max_html_depth),
        ..decode
    }
}

/// The key of an input in the `--incremental` index: the path its output mirrors.
fn key(input: &Input) -> String {
    inputs::relative_name(input).to_string_lossy().into_owned()
}

/// Reads one input, once: its bytes are hashed for the index and converted.
fn read(input: &Input, decode: &DecodeOptions) -> Result<Vec<u8>, String> {
    match input {
        Input::File { path, .. } => decode::read_file(path, decode).map_err(|e| e.to_string()),
        Input::Stdin => {
            inputs::read_stdin().map_err(|e| format!("-: cannot read standard input: {e}"))
        }
    }
}

/// Converts one input and renders (and, with `-o`, writes) its output; on a worker thread.
fn convert_one(input: &Input, plan: &Plan<'_>, permit: Permit) -> FileOutcome {
    let label = input.label();
    let bytes = match read(input, &plan.opts.decode) {
        Ok(bytes) => bytes,
        Err(message) => return FileOutcome::Failed(message),
    };
    // With `--incremental`: the key and hash of a file input, and whether it is unchanged.
    let indexed = match (&plan.previous, plan.output, input) {
        (Some(previous), Some(dir), Input::File { .. }) => {
            let (key, sha256) = (key(input), incremental::sha256_hex(&bytes));
            let entry = previous.get(&key);
            if entry.is_some_and(|e| incremental::is_unchanged(e, &label, &sha256, dir)) {
                return FileOutcome::Skipped;
            }
            Some((key, sha256))
        }
        _ => None,
    };
    let document = match convert::convert_owned(&label, bytes, &plan.opts) {
        Ok(document) => document,
        Err(e) => return FileOutcome::Failed(e.to_string()),
    };
    let records = document.records.len();
    // CSV on standard output is one stream with one header; each CSV file has its own.
    let rendered = emit::render(&document, plan.format, plan.output.is_some());
    drop(document);
    let bytes = match rendered {
        Ok(bytes) => bytes,
        Err(e) => return FileOutcome::Failed(format!("{label}: {e}")),
    };
    let Some(dir) = plan.output else {
        return FileOutcome::Converted { bytes, records, entry: None, _permit: Some(permit) };
    };
    let path = inputs::output_path(dir, input, plan.format.extension());
    if let Err(message) = inputs::check_inside(dir, &path) {
        return FileOutcome::Failed(message);
    }
    if let Err(e) = emit::write_atomic(&path, &bytes) {
        return FileOutcome::Failed(format!("{label}: {e}"));
    }
    drop((bytes, permit));
    let entry = indexed.map(|(key, sha256)| {
        let output = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().into_owned();
        (key, Entry { input: label, sha256, output, records })
    });
    FileOutcome::Converted { bytes: Vec::new(), records, entry, _permit: None }
}
