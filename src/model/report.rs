//! [`Report`]: what `sheetwash validate` writes (output contract §5): the findings of each
//! checked file and a summary.

use serde::{Deserialize, Serialize};

use super::{Location, Severity};

/// The `schema` tag of every report.
pub const REPORT_SCHEMA_ID: &str = "sheetwash/report/1";

/// One problem found in a submission: what it is, how serious, where, and the text as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable machine-readable code (`validate.grade_mismatch`, or the code of an extract
    /// diagnostic passed through).
    pub code: String,
    /// How serious it is (after the rules' per-code overrides).
    pub severity: Severity,
    /// English explanation.
    pub message: String,
    /// Japanese explanation.
    pub message_ja: String,
    /// The exact cell or line: the offending Value's provenance, or its record's.
    pub provenance: Location,
    /// The cell text as written, when one cell is at fault.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub raw: Option<String>,
    /// The id of the record at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub record: Option<String>,
    /// The departments (担当課) of that record as the submission names them, so that a
    /// report can be split by department; empty when the record names none or there is no
    /// record.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub departments: Vec<String>,
}

/// The outcome of one input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// No findings above `info`.
    Ok,
    /// Warnings, no errors.
    Warnings,
    /// At least one error.
    Errors,
    /// The file could not be read at all.
    Unreadable,
}

/// The findings of one input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// The input path as given.
    pub source: String,
    /// The overall outcome.
    pub status: FileStatus,
    /// The findings, sorted by location then code.
    pub findings: Vec<Finding>,
}

/// Totals over all files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ReportSummary {
    /// Number of files checked.
    pub files: usize,
    /// Number of findings with severity `error` (unreadable files count one each).
    pub errors: usize,
    /// Number of findings with severity `warning`.
    pub warnings: usize,
}

/// A validation report over one or more input files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`REPORT_SCHEMA_ID`].
    pub schema: String,
    /// One entry per input, in input order.
    pub files: Vec<FileReport>,
    /// Totals.
    pub summary: ReportSummary,
}

impl FileReport {
    /// The report of a file that was read and checked; the status follows from the findings.
    pub fn checked(source: impl Into<String>, findings: Vec<Finding>) -> Self {
        let status = if findings.iter().any(|f| f.severity == Severity::Error) {
            FileStatus::Errors
        } else if findings.iter().any(|f| f.severity == Severity::Warning) {
            FileStatus::Warnings
        } else {
            FileStatus::Ok
        };
        Self { source: source.into(), status, findings }
    }

    /// The report of a file that could not be read; `finding` says why.
    pub fn unreadable(source: impl Into<String>, finding: Finding) -> Self {
        Self { source: source.into(), status: FileStatus::Unreadable, findings: vec![finding] }
    }
}

impl Report {
    /// A report over the given files, with its summary computed.
    pub fn new(files: Vec<FileReport>) -> Self {
        let mut summary = ReportSummary { files: files.len(), ..ReportSummary::default() };
        for finding in files.iter().flat_map(|f| &f.findings) {
            match finding.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => {}
            }
        }
        Self { schema: REPORT_SCHEMA_ID.to_owned(), files, summary }
    }

    /// True when any file has an error or could not be read.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }

    /// True when any file could not be read.
    pub fn has_unreadable(&self) -> bool {
        self.files.iter().any(|f| f.status == FileStatus::Unreadable)
    }
}
