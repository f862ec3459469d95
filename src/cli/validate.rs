//! `sheetwash validate INPUT...`: converts each submission, runs the validate stage on it and
//! prints a summary of the findings (colored on a terminal, plain otherwise); `--report FILE`
//! (repeatable) also writes the report, in the format of its extension: the
//! `sheetwash/report/1` JSON, a self-contained HTML page, or an annotated .xlsx copy of each
//! submission; `--previous FILE` compares with the last edition. Exit status: 0 without
//! errors (warnings allowed), 1 when errors were found, 2 for an unreadable input, bad usage
//! or a report that could not be written.
//!
//! Every piece of cell text shown on the terminal is escaped first ([`escape`]): a submission
//! can hold control characters and ANSI escapes, which must never reach the terminal raw. The
//! HTML and .xlsx reports are rendered by the library ([`sheetwash::emit`]), which escapes
//! them for their own formats; this file only decides the paths and writes atomically.
//!
//! The .xlsx copy needs the decoded cells, which the converted document no longer holds, so
//! an input is decoded a second time (within the same time budget) when one is asked for.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use sheetwash::convert::{self, ConvertOptions};
use sheetwash::decode::{self, DecodeError, Decoded};
use sheetwash::emit::{self, HtmlOptions};
use sheetwash::model::{
    Document, FileReport, FileStatus, Finding, Grid, Location, Report, Severity,
};
use sheetwash::validate::{self, DEFAULT_RULES, Rules};

use super::args::ValidateArgs;
use super::convert::{decode_options, thread_pool};
use super::inputs::{self, Input};
use super::{Outcome, report_error};

/// One `--report`: where it goes and in which format.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ReportTarget {
    /// JSON on standard output (the summary moves to standard error).
    Stdout,
    /// A .json file.
    Json(PathBuf),
    /// A self-contained .html page.
    Html(PathBuf),
    /// Annotated .xlsx copies: this path for one input, `<stem>-<input>.xlsx` for several.
    Xlsx(PathBuf),
}

/// The rules in force and where they came from, for the HTML report.
struct LoadedRules {
    rules: Rules,
    source: String,
    text: String,
}

pub(crate) fn run(args: &ValidateArgs) -> Outcome {
    if args.print_default_rules {
        print!("{DEFAULT_RULES}");
        return Outcome::Clean;
    }
    let Some(loaded) = load_rules(args.rules.as_deref()) else { return Outcome::Usage };
    let Some(targets) = report_targets(&args.report) else { return Outcome::Usage };
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
    let workbooks = workbook_paths(&targets, &inputs);
    if !outputs_spare_inputs(&targets, &workbooks, &inputs) {
        return Outcome::Usage;
    }
    let Some(pool) = thread_pool(&args.jobs) else { return Outcome::Usage };
    let checked: Vec<(FileReport, Vec<String>)> = pool.install(|| {
        inputs
            .par_iter()
            .zip(&workbooks)
            .map(|(input, xlsx)| check_one(input, &opts, &loaded.rules, previous.as_ref(), xlsx))
            .collect()
    });
    let mut write_errors = Vec::new();
    let mut files = Vec::with_capacity(checked.len());
    for (file, errors) in checked {
        files.push(file);
        write_errors.extend(errors);
    }
    let report = Report::new(files);
    let to_stdout = targets.contains(&ReportTarget::Stdout);
    let color_summary =
        if to_stdout { std::io::stderr().is_terminal() } else { std::io::stdout().is_terminal() };
    let summary = summary(&report, color_summary);
    let written = write_reports(&report, &targets, &loaded, &summary);
    for error in &write_errors {
        report_error(error);
    }
    if !written || !write_errors.is_empty() || report.has_unreadable() || !walk_errors.is_empty() {
        Outcome::Usage
    } else if report.has_errors() {
        Outcome::Partial
    } else {
        Outcome::Clean
    }
}

/// The rules from `--rules`, or the defaults; `None` after reporting why the file is bad.
fn load_rules(path: Option<&Path>) -> Option<LoadedRules> {
    let Some(path) = path else {
        let (source, text) = ("既定のルール".to_owned(), DEFAULT_RULES.to_owned());
        return Some(LoadedRules { rules: Rules::default(), source, text });
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            report_error(&format!("{}: cannot read rules file: {e}", path.display()));
            return None;
        }
    };
    let rules = Rules::from_toml(&text)
        .map_err(|e| report_error(&format!("{}: {e} [{}]", path.display(), e.code())))
        .ok()?;
    Some(LoadedRules { rules, source: path.display().to_string(), text })
}

/// The `--report` targets by extension; `None` after reporting an unsupported one.
fn report_targets(paths: &[PathBuf]) -> Option<Vec<ReportTarget>> {
    let mut targets = Vec::with_capacity(paths.len());
    for path in paths {
        let target = report_target(path)?;
        if target == ReportTarget::Stdout && targets.contains(&ReportTarget::Stdout) {
            report_error(&"--report -: standard output can take only one report");
            return None;
        }
        targets.push(target);
    }
    Some(targets)
}

/// One `--report` path by its extension (any case).
fn report_target(path: &Path) -> Option<ReportTarget> {
    if path.as_os_str() == "-" {
        return Some(ReportTarget::Stdout);
    }
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let owned = path.to_path_buf();
    match extension.as_deref() {
        Some("json") => Some(ReportTarget::Json(owned)),
        Some("html") => Some(ReportTarget::Html(owned)),
        Some("xlsx") => Some(ReportTarget::Xlsx(owned)),
        _ => {
            report_error(&format!(
                "{}: the report format follows the extension: .json, .html or .xlsx \
                 (or - for JSON on standard output)",
                path.display()
            ));
            None
        }
    }
}

/// The .xlsx copies to write for each input: every `--report x.xlsx` as is for a single
/// input; for several, `x-<input name>.xlsx` beside it (the input's file name without its
/// extension, `stdin` for `-`; a name taken twice gets `-2`, `-3` …).
fn workbook_paths(targets: &[ReportTarget], inputs: &[Input]) -> Vec<Vec<PathBuf>> {
    let mut paths = vec![Vec::new(); inputs.len()];
    for target in targets {
        let ReportTarget::Xlsx(base) = target else { continue };
        if inputs.len() == 1 {
            for list in &mut paths {
                list.push(base.clone());
            }
            continue;
        }
        let mut used = HashSet::new();
        for (input, list) in inputs.iter().zip(&mut paths) {
            list.push(workbook_path(base, input, &mut used));
        }
    }
    paths
}

/// `x-<input name>.xlsx` for one of several inputs, not in `used` (ignoring case).
fn workbook_path(base: &Path, input: &Input, used: &mut HashSet<String>) -> PathBuf {
    let stem = base.file_stem().map_or_else(|| "report".into(), |s| s.to_string_lossy());
    let extension = base.extension().map_or_else(|| "xlsx".into(), |e| e.to_string_lossy());
    let name = match input {
        Input::Stdin => "stdin".to_owned(),
        Input::File { path, .. } => path.file_stem().map_or_else(
            || "input".to_owned(),
            |s| s.to_string_lossy().chars().map(file_name_char).collect(),
        ),
    };
    let mut candidate = format!("{stem}-{name}.{extension}");
    let mut number = 2;
    while !used.insert(candidate.to_lowercase()) {
        candidate = format!("{stem}-{name}-{number}.{extension}");
        number += 1;
    }
    base.with_file_name(candidate)
}

/// A character of an input's name as it may appear in a file name on any system.
fn file_name_char(ch: char) -> char {
    let bad = matches!(ch, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|');
    if bad || ch.is_control() { '_' } else { ch }
}

/// False, after saying so, when a report would replace one of the inputs (`--report
/// sub.xlsx` on `sub.xlsx` would overwrite the submission with its copy).
fn outputs_spare_inputs(
    targets: &[ReportTarget],
    workbooks: &[Vec<PathBuf>],
    inputs: &[Input],
) -> bool {
    let sources: HashSet<PathBuf> = inputs
        .iter()
        .filter_map(|input| match input {
            Input::File { path, .. } => std::fs::canonicalize(path).ok(),
            Input::Stdin => None,
        })
        .collect();
    let files = targets.iter().filter_map(|t| match t {
        ReportTarget::Json(p) | ReportTarget::Html(p) => Some(p),
        ReportTarget::Stdout | ReportTarget::Xlsx(_) => None,
    });
    for out in files.chain(workbooks.iter().flatten()) {
        if std::fs::canonicalize(out).is_ok_and(|c| sources.contains(&c)) {
            report_error(&format!("{}: the report would overwrite an input", out.display()));
            return false;
        }
    }
    true
}

/// What an input's bytes are read from: its file, or the bytes already read from standard
/// input (kept for the .xlsx copy, which decodes them again).
enum Source {
    Path(PathBuf),
    Bytes(Vec<u8>),
}

/// Converts and validates one input, and writes its annotated copies to `workbooks`;
/// returns its report and the errors of those writes.
fn check_one(
    input: &Input,
    opts: &ConvertOptions,
    rules: &Rules,
    previous: Option<&Document>,
    workbooks: &[PathBuf],
) -> (FileReport, Vec<String>) {
    let label = input.label();
    let (document, source) = match input {
        Input::File { path, .. } => (convert::convert_path(path, opts), Source::Path(path.clone())),
        Input::Stdin => match inputs::read_stdin() {
            Ok(bytes) => (convert::convert_bytes("-", &bytes, opts), Source::Bytes(bytes)),
            Err(e) => {
                let why = format!("cannot read standard input: {e}");
                return (unreadable(&label, "validate.stdin", &why), Vec::new());
            }
        },
    };
    let findings = match document {
        Ok(document) => validate::validate_with_previous(&document, previous, rules),
        Err(e) => return (unreadable(&label, e.code(), &e.to_string()), Vec::new()),
    };
    let errors = if workbooks.is_empty() {
        Vec::new()
    } else {
        write_workbooks(&label, source, opts, &findings, workbooks)
    };
    (FileReport::checked(label, findings), errors)
}

/// Decodes the input again, renders its annotated copy and writes it to every path; returns
/// what went wrong, each naming the input and the output.
fn write_workbooks(
    label: &str,
    source: Source,
    opts: &ConvertOptions,
    findings: &[Finding],
    paths: &[PathBuf],
) -> Vec<String> {
    let failed = |why: String| {
        paths
            .iter()
            .map(|p| format!("{}: cannot write the .xlsx report of {label}: {why}", p.display()))
            .collect()
    };
    let grids = match decode_again(source, opts) {
        Ok(grids) => grids,
        Err(why) => return failed(why),
    };
    let bytes = match emit::render_annotated_xlsx(label, &grids, findings) {
        Ok(bytes) => bytes,
        Err(e) => return failed(format!("{e} [{}]", e.code())),
    };
    paths
        .iter()
        .filter_map(|path| emit::write_atomic(path, &bytes).err().map(|e| e.to_string()))
        .collect()
}

/// The decoded cells of an input, within the conversion's time budget.
fn decode_again(source: Source, opts: &ConvertOptions) -> Result<Vec<Grid>, String> {
    let decode_opts = opts.decode.clone();
    let work = move || -> Result<Decoded, DecodeError> {
        match source {
            Source::Path(path) => decode::decode_path(&path, &decode_opts),
            Source::Bytes(bytes) => decode::decode_bytes("-", &bytes, &decode_opts),
        }
    };
    let decoded = match opts.timeout {
        None => work(),
        Some(budget) => convert::run_with_budget(budget, work)
            .ok_or_else(|| format!("gave up after {:.3} s", budget.as_secs_f64()))?,
    };
    decoded.map(|d| d.grids).map_err(|e| e.to_string())
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
        departments: Vec::new(),
    };
    FileReport::unreadable(label, finding)
}

/// Writes the JSON and HTML reports asked for, and the summary; false after reporting a
/// failure.
fn write_reports(
    report: &Report,
    targets: &[ReportTarget],
    rules: &LoadedRules,
    summary: &str,
) -> bool {
    let needs_json =
        targets.iter().any(|t| matches!(t, ReportTarget::Stdout | ReportTarget::Json(_)));
    let json = if needs_json {
        match json_report(report) {
            Ok(json) => json,
            Err(e) => {
                report_error(&format!("cannot serialize the report: {e}"));
                return false;
            }
        }
    } else {
        Vec::new()
    };
    let mut ok = true;
    let mut html = None;
    for target in targets {
        let written = match target {
            ReportTarget::Stdout => {
                // A closed pipe (`| head`) is not an error.
                let _ = std::io::stdout().lock().write_all(&json);
                Ok(())
            }
            ReportTarget::Json(path) => emit::write_atomic(path, &json),
            ReportTarget::Html(path) => {
                let page = html.get_or_insert_with(|| html_report(report, rules));
                emit::write_atomic(path, page.as_bytes())
            }
            ReportTarget::Xlsx(_) => Ok(()),
        };
        if let Err(e) = written {
            report_error(&e);
            ok = false;
        }
    }
    let summary_out = if targets.contains(&ReportTarget::Stdout) {
        std::io::stderr().lock().write_all(summary.as_bytes())
    } else {
        std::io::stdout().lock().write_all(summary.as_bytes())
    };
    // A closed pipe is not an error.
    drop(summary_out);
    ok
}

/// The report as checked, pretty-printed JSON.
fn json_report(report: &Report) -> Result<Vec<u8>, String> {
    let json = serde_json::to_value(report).map_err(|e| e.to_string())?;
    emit::validate_report(&json).map_err(|e| e.to_string())?;
    let mut bytes = serde_json::to_vec_pretty(&json).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The HTML page, with the rules in force. No timestamp: the same inputs give the same page.
fn html_report(report: &Report, rules: &LoadedRules) -> String {
    let options = HtmlOptions {
        generated: None,
        rules_source: Some(rules.source.clone()),
        rules_text: Some(rules.text.clone()),
    };
    emit::render_report_html(report, &options)
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
