//! `sheetwash validate INPUT...`: converts each submission, runs the validate stage on it and
//! prints a summary of the findings (colored on a terminal, plain otherwise); `--report FILE`
//! also writes the `sheetwash/report/1` JSON; `--previous FILE` compares with the last
//! edition. Exit status: 0 without errors (warnings
//! allowed), 1 when errors were found, 2 for an unreadable input or bad usage.
//!
//! Every piece of cell text shown on the terminal is escaped first ([`escape`]): a submission
//! can hold control characters and ANSI escapes, which must never reach the terminal raw.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::Path;

use rayon::prelude::*;

use sheetwash::convert::{self, ConvertOptions};
use sheetwash::model::{Document, FileReport, FileStatus, Finding, Location, Report, Severity};
use sheetwash::validate::{self, DEFAULT_RULES, Rules};

use super::args::ValidateArgs;
use super::convert::{decode_options, thread_pool};
use super::inputs::{self, Input};
use super::{Outcome, report_error};

/// Where the JSON report goes.
enum ReportTarget<'a> {
    /// No JSON report.
    None,
    /// JSON on standard output (the summary moves to standard error).
    Stdout,
    /// A .json file.
    File(&'a Path),
}

pub(crate) fn run(args: &ValidateArgs) -> Outcome {
    if args.print_default_rules {
        print!("{DEFAULT_RULES}");
        return Outcome::Clean;
    }
    let Some(rules) = load_rules(args.rules.as_deref()) else { return Outcome::Usage };
    let Some(target) = report_target(args.report.as_deref()) else { return Outcome::Usage };
    let Some(decode) = decode_options(args.encoding.as_deref(), &args.limits) else {
        return Outcome::Usage;
    };
    let opts = ConvertOptions { decode, ..ConvertOptions::default() };
    let previous = match &args.previous {
        None => None,
        Some(path) => match convert::convert_path(path, &opts) {
            Ok(document) => Some(document),
            Err(e) => {
                report_error(&format!("--previous: {e}"));
                return Outcome::Usage;
            }
        },
    };
    let (inputs, walk_errors) = inputs::expand_with(&args.inputs, false);
    for error in &walk_errors {
        report_error(error);
    }
    let Some(pool) = thread_pool(&args.jobs) else { return Outcome::Usage };
    let files: Vec<FileReport> = pool.install(|| {
        inputs.par_iter().map(|input| check_one(input, &opts, &rules, previous.as_ref())).collect()
    });
    let report = Report::new(files);
    let color_summary = match target {
        ReportTarget::Stdout => std::io::stderr().is_terminal(),
        _ => std::io::stdout().is_terminal(),
    };
    let summary = summary(&report, color_summary);
    if !write_report(&report, &target, &summary) {
        return Outcome::Usage;
    }
    if report.has_unreadable() || !walk_errors.is_empty() {
        Outcome::Usage
    } else if report.has_errors() {
        Outcome::Partial
    } else {
        Outcome::Clean
    }
}

/// The rules from `--rules`, or the defaults; `None` after reporting why the file is bad.
fn load_rules(path: Option<&Path>) -> Option<Rules> {
    let Some(path) = path else { return Some(Rules::default()) };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            report_error(&format!("{}: cannot read rules file: {e}", path.display()));
            return None;
        }
    };
    Rules::from_toml(&text)
        .map_err(|e| report_error(&format!("{}: {e} [{}]", path.display(), e.code())))
        .ok()
}

/// Checks the `--report` extension; `None` after reporting an unsupported one.
fn report_target(path: Option<&Path>) -> Option<ReportTarget<'_>> {
    let Some(path) = path else { return Some(ReportTarget::None) };
    if path.as_os_str() == "-" {
        return Some(ReportTarget::Stdout);
    }
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("json") => Some(ReportTarget::File(path)),
        Some("html" | "xlsx") => {
            report_error(&format!(
                "{}: HTML and .xlsx reports are not supported yet; use .json",
                path.display()
            ));
            None
        }
        _ => {
            report_error(&format!(
                "{}: the report format follows the extension: .json",
                path.display()
            ));
            None
        }
    }
}

/// Converts and validates one input.
fn check_one(
    input: &Input,
    opts: &ConvertOptions,
    rules: &Rules,
    previous: Option<&Document>,
) -> FileReport {
    let label = input.label();
    let document = match input {
        Input::File { path, .. } => convert::convert_path(path, opts),
        Input::Stdin => match inputs::read_stdin() {
            Ok(bytes) => convert::convert_bytes("-", &bytes, opts),
            Err(e) => {
                let why = format!("cannot read standard input: {e}");
                return unreadable(&label, "validate.stdin", &why);
            }
        },
    };
    match document {
        Ok(document) => {
            let findings = validate::validate_with_previous(&document, previous, rules);
            FileReport::checked(label, findings)
        }
        Err(e) => unreadable(&label, e.code(), &e.to_string()),
    }
}

fn unreadable(label: &str, code: &str, why: &str) -> FileReport {
    let finding = Finding {
        code: code.to_owned(),
        severity: Severity::Error,
        message: why.to_owned(),
        message_ja: format!("ファイルを読み込めません: {why}"),
        provenance: Location::file(label),
        raw: None,
        record: None,
    };
    FileReport::unreadable(label, finding)
}

/// Writes the JSON report (if asked for) and the summary; false after reporting a failure.
fn write_report(report: &Report, target: &ReportTarget<'_>, summary: &str) -> bool {
    let checked = serde_json::to_value(report).map_err(|e| e.to_string()).and_then(|json| {
        sheetwash::emit::validate_report(&json).map_err(|e| e.to_string())?;
        serde_json::to_vec_pretty(&json).map_err(|e| e.to_string())
    });
    let json = match checked {
        Ok(mut json) => {
            json.push(b'\n');
            json
        }
        Err(e) => {
            report_error(&format!("cannot serialize the report: {e}"));
            return false;
        }
    };
    match target {
        ReportTarget::None => {
            // A closed pipe (`| head`) is not an error.
            let _ = std::io::stdout().lock().write_all(summary.as_bytes());
        }
        ReportTarget::Stdout => {
            let _ = std::io::stdout().lock().write_all(&json);
            let _ = std::io::stderr().lock().write_all(summary.as_bytes());
        }
        ReportTarget::File(path) => {
            if let Err(e) = sheetwash::emit::write_atomic(path, &json) {
                report_error(&e);
                return false;
            }
            let _ = std::io::stdout().lock().write_all(summary.as_bytes());
        }
    }
    true
}

// The terminal summary

/// ANSI styles, used only when the summary goes to a terminal.
struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on { format!("\u{1b}[{code}m{text}\u{1b}[0m") } else { text.to_owned() }
    }
}

/// The summary: one block per file, one line per finding, and the totals.
fn summary(report: &Report, color: bool) -> String {
    let style = Style { on: color };
    let mut out = String::new();
    for file in &report.files {
        let status = match file.status {
            FileStatus::Ok => style.paint("32", "ok"),
            FileStatus::Warnings => style.paint("33", "warnings"),
            FileStatus::Errors => style.paint("31", "errors"),
            FileStatus::Unreadable => style.paint("1;31", "unreadable"),
        };
        let _ = writeln!(out, "{}: {status}", style.paint("1", &escape(&file.source)));
        for finding in &file.findings {
            finding_line(&mut out, finding, &style);
        }
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{} file{}, {} error{}, {} warning{}",
        s.files,
        plural(s.files),
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings)
    );
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One finding: severity, place, code, record, message and raw text, all escaped.
fn finding_line(out: &mut String, finding: &Finding, style: &Style) {
    let severity = match finding.severity {
        Severity::Error => style.paint("31", "error  "),
        Severity::Warning => style.paint("33", "warning"),
        Severity::Info => style.paint("36", "info   "),
    };
    let place = place(&finding.provenance);
    let _ = write!(out, "  {severity} {} {}", escape(&place), style.paint("2", &finding.code));
    if let Some(record) = &finding.record {
        let _ = write!(out, " [{}]", escape(record));
    }
    let _ = write!(out, ": {}", escape(&finding.message));
    if let Some(raw) = &finding.raw {
        let _ = write!(out, " (raw: \"{}\")", escape(raw));
    }
    out.push('\n');
}

/// A location without its file: `12:3` for text lines, `Sheet!C12` for cells.
fn place(at: &Location) -> String {
    match (&at.sheet, &at.cell, at.line, at.row) {
        (Some(sheet), Some(cell), ..) => format!("{sheet}!{cell}"),
        (Some(sheet), None, _, Some(row)) => format!("{sheet}!{row}"),
        (_, _, Some(line), _) => at.col.map_or(line.to_string(), |col| format!("{line}:{col}")),
        _ => "-".to_owned(),
    }
}

/// Text made safe for a terminal: control characters (ESC, CR, tabs, C1 controls) and
/// bidirectional or invisible format characters are shown as `\u{1b}` and the like.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if unsafe_on_terminal(ch) {
            let _ = write!(out, "{}", ch.escape_unicode());
        } else {
            out.push(ch);
        }
    }
    out
}

fn unsafe_on_terminal(ch: char) -> bool {
    ch.is_control()
        || matches!(ch, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_characters_and_bidi_overrides() {
        assert_eq!(escape("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape("x\ry\u{202E}z\u{85}"), "x\\u{d}y\\u{202e}z\\u{85}");
        assert_eq!(escape("市内就業者数 17,891人"), "市内就業者数 17,891人");
    }

    #[test]
    fn places() {
        assert_eq!(place(&Location::text_line("a.txt".into(), 12, Some(3))), "12:3");
        assert_eq!(place(&Location::sheet_cell("a".into(), "KPI".into(), 12, 3)), "KPI!C12");
        assert_eq!(place(&Location::file("a")), "-");
    }
}
