//! `sheetwash reconcile OLD NEW` and `sheetwash reconcile FILE`: converts the inputs, matches
//! their editions and prints the lineage as JSON or as a review table.

use std::io::Write;
use std::path::PathBuf;

use sheetwash::convert::{self, ConvertOptions};
use sheetwash::emit;
use sheetwash::model::Document;
use sheetwash::reconcile::{self, ReconcileOptions};

use super::args::{LineageFormatArg, ReconcileArgs};
use super::convert::decode_options;
use super::{Outcome, report_error};

pub(crate) fn run(args: &ReconcileArgs) -> Outcome {
    let Some(opts) = options(args.threshold) else { return Outcome::Usage };
    let Some(decode) = decode_options(args.encoding.as_deref(), &args.limits) else {
        return Outcome::Usage;
    };
    let convert_opts = ConvertOptions { decode, ..ConvertOptions::default() };
    let Some(docs) = convert_all(&args.inputs, &convert_opts) else { return Outcome::Partial };
    let lineage = match docs.as_slice() {
        [old, new] => reconcile::reconcile(old, new, &opts),
        [doc] => match reconcile::reconcile_within(doc, &opts) {
            Ok(lineage) => lineage,
            Err(e) => {
                report_error(&format!("{e} [{}]", e.code()));
                return Outcome::Partial;
            }
        },
        _ => return Outcome::Usage,
    };
    let text = args.format == LineageFormatArg::Text;
    match emit::render_lineage(&lineage, text) {
        Ok(bytes) => write_stdout(&bytes),
        Err(e) => {
            report_error(&format!("{e} [{}]", e.code()));
            Outcome::Usage
        }
    }
}

/// Library options from the threshold flag; `None` after reporting a bad value.
pub(crate) fn options(threshold: f64) -> Option<ReconcileOptions> {
    if !(0.0..=1.0).contains(&threshold) {
        report_error(&format!("--threshold {threshold} is not between 0 and 1"));
        return None;
    }
    Some(ReconcileOptions::default().threshold(threshold))
}

/// Converts every input; `None` after reporting the inputs that failed.
pub(crate) fn convert_all(paths: &[PathBuf], opts: &ConvertOptions) -> Option<Vec<Document>> {
    let mut docs = Vec::new();
    let mut failed = false;
    for path in paths {
        match convert::convert_path(path, opts) {
            Ok(doc) => docs.push(doc),
            Err(e) => {
                report_error(&e);
                failed = true;
            }
        }
    }
    (!failed).then_some(docs)
}

/// Writes to standard output; a closed pipe is not an error.
pub(crate) fn write_stdout(bytes: &[u8]) -> Outcome {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = out.write_all(bytes).and_then(|()| out.flush());
    Outcome::Clean
}
