//! `sheetwash convert`: every input to a JSON document (or NDJSON records), in parallel.

use std::io::Write;
use std::time::Duration;

use rayon::prelude::*;

use sheetwash::convert::{self, ConvertOptions};
use sheetwash::decode::DecodeOptions;
use sheetwash::emit::{self, OutputFormat};

use super::args::{ConvertArgs, FormatArg, LimitArgs};
use super::inputs::{self, Input};
use super::{Outcome, report_error};

/// What happened to one input.
enum FileOutcome {
    /// Rendered output, to print or already written.
    Done(Vec<u8>),
    /// An error line for stderr.
    Failed(String),
}

pub(crate) fn run(args: &ConvertArgs) -> Outcome {
    let Some(opts) = options(args) else { return Outcome::Usage };
    let format = match args.format {
        FormatArg::Json => OutputFormat::Json,
        FormatArg::Ndjson => OutputFormat::Ndjson,
        FormatArg::Csv => OutputFormat::Csv,
    };
    let (inputs, walk_errors) = inputs::expand_with(&args.inputs, args.follow_symlinks);
    for error in &walk_errors {
        report_error(error);
    }
    // CSV on standard output is one stream with one header; each CSV file has its own.
    let own_header = args.output.is_some();
    let outcomes: Vec<FileOutcome> = inputs
        .par_iter()
        .map(|input| convert_one(input, args, &opts, format, own_header))
        .collect();
    let mut failed = !walk_errors.is_empty();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if format == OutputFormat::Csv && !own_header && out.write_all(&emit::csv_header()).is_err() {
        return Outcome::Clean;
    }
    for outcome in outcomes {
        match outcome {
            FileOutcome::Done(bytes) => {
                if out.write_all(&bytes).is_err() {
                    // A closed pipe (`| head`) is not an error.
                    return Outcome::Clean;
                }
            }
            FileOutcome::Failed(message) => {
                report_error(&message);
                failed = true;
            }
        }
    }
    if failed { Outcome::Partial } else { Outcome::Clean }
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

/// Converts one input and renders (and, with `-o`, writes) its output.
fn convert_one(
    input: &Input,
    args: &ConvertArgs,
    opts: &ConvertOptions,
    format: OutputFormat,
    with_header: bool,
) -> FileOutcome {
    let document = match input {
        Input::File { path, .. } => convert::convert_path(path, opts),
        Input::Stdin => match inputs::read_stdin() {
            Ok(bytes) => convert::convert_bytes("-", &bytes, opts),
            Err(e) => return FileOutcome::Failed(format!("-: cannot read standard input: {e}")),
        },
    };
    let document = match document {
        Ok(document) => document,
        Err(e) => return FileOutcome::Failed(e.to_string()),
    };
    let bytes = match emit::render(&document, format, with_header) {
        Ok(bytes) => bytes,
        Err(e) => return FileOutcome::Failed(format!("{}: {e}", input.label())),
    };
    let Some(dir) = &args.output else { return FileOutcome::Done(bytes) };
    let path = inputs::output_path(dir, input, format.extension());
    if let Err(message) = inputs::check_inside(dir, &path) {
        return FileOutcome::Failed(message);
    }
    match emit::write_atomic(&path, &bytes) {
        Ok(()) => FileOutcome::Done(Vec::new()),
        Err(e) => FileOutcome::Failed(format!("{}: {e}", input.label())),
    }
}
