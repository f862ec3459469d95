//! `sheetwash timeline FILE...`: converts several editions of one plan and prints (or writes
//! into `-o DIR`) one series per KPI across all years, as JSON or CSV.

use sheetwash::convert::ConvertOptions;
use sheetwash::emit;
use sheetwash::reconcile::{self, ReconcileOptions};

use super::args::{TimelineArgs, TimelineFormatArg};
use super::convert::decode_options;
use super::reconcile::{convert_all, write_stdout};
use super::{Outcome, report_error};

pub(crate) fn run(args: &TimelineArgs) -> Outcome {
    let Some(decode) = decode_options(args.encoding.as_deref(), &args.limits) else {
        return Outcome::Usage;
    };
    let convert_opts = ConvertOptions { decode, ..ConvertOptions::default() };
    let Some(docs) = convert_all(&args.inputs, &convert_opts) else { return Outcome::Partial };
    let timeline = match reconcile::timeline(&docs, &ReconcileOptions::default()) {
        Ok(timeline) => timeline,
        Err(e) => {
            report_error(&format!("{e} [{}]", e.code()));
            return Outcome::Usage;
        }
    };
    let csv = args.format == TimelineFormatArg::Csv;
    let bytes = match emit::render_timeline(&timeline, csv) {
        Ok(bytes) => bytes,
        Err(e) => {
            report_error(&format!("{e} [{}]", e.code()));
            return Outcome::Usage;
        }
    };
    let Some(dir) = &args.output else { return write_stdout(&bytes) };
    let path = dir.join(if csv { "timeline.csv" } else { "timeline.json" });
    match emit::write_atomic(&path, &bytes) {
        Ok(()) => Outcome::Clean,
        Err(e) => {
            report_error(&e);
            Outcome::Usage
        }
    }
}
