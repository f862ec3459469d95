//! Emit stage: [`Document`] → JSON, NDJSON or CSV, checked against `schemas/*.schema.json`.
//!
//! # Format
//!
//! * `json` — one document per input, pretty-printed, as `sheetwash/document/1` (contract §2).
//! * `ndjson` — one record per line (contract §3), each with an added `"source"` key holding
//!   the path of its document, so lines from many inputs can be concatenated.
//! * `csv` — the KPI records as a tidy table, one row per observation (see [`render_kpis`]),
//!   UTF-8 with a byte-order mark so Excel opens it.
//!
//! `sheetwash validate` writes its report (`sheetwash/report/1`, contract §5) as JSON, as a
//! self-contained HTML page ([`render_report_html`]) and as an annotated .xlsx copy of each
//! submission ([`render_annotated_xlsx`]); see the `report` module.
//!
//! `sheetwash reconcile` writes a lineage (`sheetwash/lineage/1`) as JSON or as a text table
//! for review, and `sheetwash timeline` a timeline (`sheetwash/timeline/1`) as JSON or as a
//! CSV with one row per observation (see [`render_lineage`], [`render_timeline`]).
//!
//! Every document is validated against the embedded schemas before it is written; a failure is
//! a bug in sheetwash and is reported with the JSON path of the offending value. Files are
//! written atomically: to a temporary file in the same folder, then renamed into place.

mod csv;
mod lineage;
mod report;
mod schema;

use std::io::Write;
use std::path::Path;

pub use csv::{CSV_COLUMNS, csv_header, render_kpis};
pub use lineage::{render_lineage, render_timeline, timeline_csv};
pub use report::{
    FINDINGS_SHEET, HtmlOptions, UNKNOWN_DEPARTMENT, clean_text, render_annotated_xlsx,
    render_report_html,
};
pub use schema::{
    SCHEMA_NAMES, SchemaError, schema_text, validate_document, validate_lineage, validate_report,
    validate_timeline,
};

use crate::model::Document;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// One pretty-printed document per input.
    #[default]
    Json,
    /// One record per line.
    Ndjson,
    /// KPI observations as CSV.
    Csv,
}

impl OutputFormat {
    /// The file extension for this format.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Json => "json",
            OutputFormat::Ndjson => "ndjson",
            OutputFormat::Csv => "csv",
        }
    }
}

/// Why a document could not be emitted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmitError {
    /// The document does not fit the schema: a bug in sheetwash.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// Serialization failed.
    #[error("cannot serialize: {0}")]
    Json(#[from] serde_json::Error),
    /// CSV writing failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] ::csv::Error),
    /// The annotated .xlsx copy could not be built.
    #[error("cannot build the .xlsx report: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A bug stopped the rendering of a report (the message of the panic).
    #[error("internal error while rendering the report ({0}); please report it with the file")]
    Internal(String),
    /// Writing failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The output path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl EmitError {
    /// A stable code for the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            EmitError::Schema(_) => "emit.schema_violation",
            EmitError::Json(_) | EmitError::Csv(_) => "emit.serialize",
            EmitError::Xlsx(_) => "emit.xlsx",
            EmitError::Internal(_) => "emit.internal",
            EmitError::Io { .. } => "emit.io",
        }
    }
}

/// Validates a document and renders it in `format`, ready to be written. `with_header` says
/// whether CSV output starts with its BOM and column names (a file does; a document appended
/// to a stream after [`csv_header`] does not).
pub fn render(
    document: &Document,
    format: OutputFormat,
    with_header: bool,
) -> Result<Vec<u8>, EmitError> {
    let json = serde_json::to_value(document)?;
    validate_document(&json)?;
    match format {
        OutputFormat::Csv => Ok(render_kpis(document, with_header)?),
        OutputFormat::Json => {
            let mut out = serde_json::to_vec_pretty(&json)?;
            out.push(b'\n');
            Ok(out)
        }
        OutputFormat::Ndjson => render_ndjson(&json),
    }
}

/// One line per record, each with the document's source path added as `"source"`.
fn render_ndjson(document: &serde_json::Value) -> Result<Vec<u8>, EmitError> {
    let source = document.pointer("/source/path").cloned().unwrap_or_default();
    let mut out = Vec::new();
    for record in document["records"].as_array().into_iter().flatten() {
        let mut record = record.clone();
        if let Some(map) = record.as_object_mut() {
            map.insert("source".to_owned(), source.clone());
        }
        serde_json::to_writer(&mut out, &record)?;
        out.push(b'\n');
    }
    Ok(out)
}

/// How the temporary files of [`write_atomic`] are named: `.sheetwash-` + random letters and
/// digits + `.tmp`.
const TEMP_PREFIX: &str = ".sheetwash-";
/// See [`TEMP_PREFIX`].
const TEMP_SUFFIX: &str = ".tmp";

/// Whether a file name is one [`write_atomic`] gives its temporary files: `.sheetwash-`, 1 to
/// 16 ASCII letters or digits, `.tmp` — and nothing else, so that a run can remove the ones
/// a killed run left without touching any other file.
pub fn is_temporary_name(name: &str) -> bool {
    let Some(middle) = name.strip_prefix(TEMP_PREFIX).and_then(|n| n.strip_suffix(TEMP_SUFFIX))
    else {
        return false;
    };
    (1..=16).contains(&middle.len()) && middle.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Writes bytes to `path` atomically: a temporary file in the same folder, renamed into place.
/// A reader never sees a half-written file, and a killed run leaves no partial output.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), EmitError> {
    let io_error = |source| EmitError::Io { path: path.display().to_string(), source };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(io_error)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // Outputs are ordinary files (0666 less the umask, as `File::create` makes them), not
    // the owner-only files temporary files are by default.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(dir).map_err(io_error)?;
    temp.write_all(bytes).map_err(io_error)?;
    temp.as_file().sync_all().map_err(io_error)?;
    temp.persist(path).map_err(|e| io_error(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_outputs_get_the_mode_of_ordinary_files() {
        let dir = tempfile::tempdir().unwrap();
        let (atomic, plain) = (dir.path().join("a.json"), dir.path().join("b.json"));
        write_atomic(&atomic, b"{}").unwrap();
        std::fs::write(&plain, b"{}").unwrap();
        assert_eq!(std::fs::read(&atomic).unwrap(), b"{}");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions();
        assert_eq!(mode(&atomic), mode(&plain));
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 2, "no temporary file is left behind");
    }
}
