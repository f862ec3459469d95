//! Progress of a `convert` batch on stderr: a bar while stderr is a terminal, error lines, and
//! one summary line at the end.
//!
//! The bar (indicatif) shows files done out of the total, records written, errors, the rate
//! and the time left; it is drawn only when stderr is a terminal and `--quiet` was not given,
//! and error lines are printed above it. Otherwise stderr gets nothing but error lines. Either
//! way the run ends with one summary line, unless `--quiet`:
//!
//! ```text
//! sheetwash: 1,234 files, 56,789 records, 3 errors, 4 skipped (unchanged) in 12.3 s
//! ```
//!
//! The summary starts with `sheetwash:` and a number, never with `sheetwash: error:`, so
//! scripts counting error lines are not misled; the skipped count is shown with
//! `--incremental` only.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use super::escape::escape_terminal;
use super::report_error;

/// What a batch has done so far, and its bar if one is drawn.
pub(crate) struct Progress {
    /// The bar, when stderr is a terminal and not `--quiet`.
    bar: Option<ProgressBar>,
    /// Whether the summary line is printed.
    summary: bool,
    /// Whether the summary mentions skipped inputs (`--incremental`).
    incremental: bool,
    /// When the batch started.
    started: Instant,
    /// Inputs finished, converted or not.
    files: u64,
    /// Records written.
    records: u64,
    /// Error lines printed.
    errors: u64,
    /// Inputs skipped as unchanged.
    skipped: u64,
}

/// The bar's layout: files done/total, records, errors, rate and time left.
const TEMPLATE: &str =
    "{elapsed_precise} [{wide_bar}] {pos}/{len} files, {msg} ({rate}, ETA {eta})";

impl Progress {
    /// Starts the progress of a batch of `total` inputs.
    pub(crate) fn new(total: usize, quiet: bool, incremental: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| bar(total));
        Self::with_bar(bar, quiet, incremental)
    }

    /// The progress of a batch drawn on `bar` (none when stderr is not a terminal).
    fn with_bar(bar: Option<ProgressBar>, quiet: bool, incremental: bool) -> Self {
        Self {
            bar,
            summary: !quiet,
            incremental,
            started: Instant::now(),
            files: 0,
            records: 0,
            errors: 0,
            skipped: 0,
        }
    }

    /// Prints one error line (above the bar) and counts it; `file_failed` says whether it
    /// also finishes an input.
    pub(crate) fn error(&mut self, message: &str, file_failed: bool) {
        match &self.bar {
            Some(bar) => bar.suspend(|| report_error(&message)),
            None => report_error(&message),
        }
        self.errors += 1;
        if file_failed {
            self.finished(0);
        }
    }

    /// Prints a warning line (above the bar); it is not counted as an error.
    pub(crate) fn warning(&self, message: &str) {
        let line = format!("sheetwash: warning: {}", escape_terminal(message));
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// Counts an input converted into `records` records.
    pub(crate) fn converted(&mut self, records: usize) {
        self.finished(u64::try_from(records).unwrap_or(u64::MAX));
    }

    /// Counts an input skipped as unchanged.
    pub(crate) fn skipped(&mut self) {
        self.skipped += 1;
        self.finished(0);
    }

    /// Counts a finished input and updates the bar.
    fn finished(&mut self, records: u64) {
        self.files += 1;
        self.records = self.records.saturating_add(records);
        if let Some(bar) = &self.bar {
            bar.set_message(format!(
                "{} records, {}",
                thousands(self.records),
                plural(self.errors, "error")
            ));
            bar.inc(1);
        }
    }

    /// Clears the bar and prints the summary line.
    pub(crate) fn finish(self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.summary {
            eprintln!("sheetwash: {}", self.summary_line(self.started.elapsed()));
        }
    }

    /// The summary without its `sheetwash: ` prefix.
    fn summary_line(&self, elapsed: Duration) -> String {
        let skipped = if self.incremental {
            format!(", {} skipped (unchanged)", thousands(self.skipped))
        } else {
            String::new()
        };
        format!(
            "{}, {}, {}{skipped} in {:.1} s",
            plural(self.files, "file"),
            plural(self.records, "record"),
            plural(self.errors, "error"),
            elapsed.as_secs_f64()
        )
    }
}

/// The bar for `total` inputs, drawn on stderr.
fn bar(total: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        Some(u64::try_from(total).unwrap_or(u64::MAX)),
        ProgressDrawTarget::stderr(),
    );
    // The template is a constant and valid; a bad one would only lose the layout.
    if let Ok(style) = ProgressStyle::with_template(TEMPLATE) {
        let rate = |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            // Writing to the bar's buffer cannot fail.
            let _ = write!(w, "{:.1} files/s", state.per_sec());
        };
        bar.set_style(style.progress_chars("=> ").with_key("rate", rate));
    }
    bar.set_message("0 records, 0 errors");
    bar
}

/// `1 file`, `2 files`, with thousands separators.
fn plural(count: u64, noun: &str) -> String {
    let s = if count == 1 { "" } else { "s" };
    format!("{} {noun}{s}", thousands(count))
}

/// A count with commas every three digits: `56,789`.
fn thousands(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(incremental: bool) -> Progress {
        Progress::with_bar(None, false, incremental)
    }

    #[test]
    fn counts_have_thousands_separators() {
        for (count, text) in [(0, "0"), (999, "999"), (1000, "1,000"), (56_789, "56,789")] {
            assert_eq!(thousands(count), text);
        }
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn the_summary_counts_files_records_errors_and_skips() {
        let mut p = progress(true);
        p.converted(56_789);
        p.skipped();
        p.files += 1232;
        p.errors = 3;
        assert_eq!(
            p.summary_line(Duration::from_millis(12_340)),
            "1,234 files, 56,789 records, 3 errors, 1 skipped (unchanged) in 12.3 s"
        );
        let mut p = progress(false);
        p.converted(1);
        assert_eq!(p.summary_line(Duration::ZERO), "1 file, 1 record, 0 errors in 0.0 s");
    }
}
