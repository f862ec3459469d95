//! clap types mirroring the flags; checked and turned into library options by each command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turns the messy source sheets of Japanese local government into clean, typed,
/// schema-validated JSON.
#[derive(Debug, Parser)]
#[command(name = "sheetwash", version, about, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Convert workbooks, CSV/TSV files and text dumps into JSON documents.
    Convert(ConvertArgs),
    /// Show how a file is read: format, encoding, sheets, merged regions, first rows.
    Inspect(InspectArgs),
    /// Parse cell texts into typed Values, one JSON object per line.
    Value(ValueArgs),
    /// Print one of the JSON Schemas of the output (document, lineage, timeline, record, value,
    /// report).
    Schema(SchemaArgs),
    /// Match the sections, KPIs, items and projects of two editions of one plan (OLD NEW), or
    /// of the editions printed side by side in one FILE.
    Reconcile(ReconcileArgs),
    /// One series per KPI across several editions of one plan (oldest first), as JSON or CSV.
    Timeline(TimelineArgs),
    /// Check department submissions before they are merged; exit 1 when errors are found.
    Validate(ValidateArgs),
}

/// Output formats of `reconcile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LineageFormatArg {
    /// The lineage as JSON (`sheetwash/lineage/1`).
    Json,
    /// A table for review.
    Text,
}

/// Output formats of `timeline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TimelineFormatArg {
    /// The timeline as JSON (`sheetwash/timeline/1`).
    Json,
    /// One row per observation, UTF-8 with BOM.
    Csv,
}

#[derive(Debug, Args)]
pub(crate) struct ReconcileArgs {
    /// OLD and NEW editions, or one FILE that prints two editions side by side.
    #[arg(required = true, num_args = 1..=2, value_name = "FILE")]
    pub(crate) inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub(crate) format: LineageFormatArg,
    /// The least confidence of a link, between 0 and 1.
    #[arg(long, default_value_t = 0.5)]
    pub(crate) threshold: f64,
    /// Text encoding of text, CSV and TSV inputs, instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub(crate) encoding: Option<String>,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

#[derive(Debug, Args)]
pub(crate) struct TimelineArgs {
    /// Editions of one plan, oldest first (a file printing several editions gives each).
    #[arg(required = true, value_name = "FILE")]
    pub(crate) inputs: Vec<PathBuf>,
    /// Write `timeline.json` or `timeline.csv` into this directory instead of standard output.
    #[arg(short, long, value_name = "DIR")]
    pub(crate) output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub(crate) format: TimelineFormatArg,
    /// Text encoding of text, CSV and TSV inputs, instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub(crate) encoding: Option<String>,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

/// Output formats of `convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// One JSON document per input.
    Json,
    /// One record per line.
    Ndjson,
    /// The KPI records as a flat table (one row per observation), UTF-8 with BOM for Excel.
    Csv,
}

#[derive(Debug, Args)]
pub(crate) struct ConvertArgs {
    /// Files or directories (searched recursively); `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub(crate) inputs: Vec<PathBuf>,
    /// Write one output file per input into this directory instead of standard output.
    #[arg(short, long, value_name = "DIR")]
    pub(crate) output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub(crate) format: FormatArg,
    /// Text encoding of text, CSV and TSV inputs (e.g. `shift_jis`, `euc-jp`, `utf-8`), instead of
    /// detecting it.
    #[arg(long, value_name = "LABEL")]
    pub(crate) encoding: Option<String>,
    /// Follow symbolic links met while walking input directories (links named on the command
    /// line are always followed).
    #[arg(long)]
    pub(crate) follow_symlinks: bool,
    /// Skip inputs converted by an earlier run into the same `-o DIR` whose content, sheetwash
    /// version and output options are unchanged (index: `DIR/.sheetwash-index.json`).
    #[arg(long, requires = "output")]
    pub(crate) incremental: bool,
    /// No progress bar and no summary line; errors are still printed.
    #[arg(short, long)]
    pub(crate) quiet: bool,
    #[command(flatten)]
    pub(crate) jobs: JobsArgs,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

/// How many inputs are worked on at once, shared by `convert` and `validate`.
#[derive(Debug, Args)]
pub(crate) struct JobsArgs {
    /// Number of threads; 0 uses every core [default: 0].
    #[arg(short, long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    pub(crate) jobs: usize,
}

/// Limits on hostile input, shared by `convert` and `inspect`; unset flags keep the library
/// defaults (`DecodeOptions`, `ConvertOptions`).
#[derive(Debug, Args)]
#[command(next_help_heading = "Limits")]
pub(crate) struct LimitArgs {
    /// Largest input file, in bytes [default: 268435456].
    #[arg(long, value_name = "N")]
    pub(crate) max_bytes: Option<u64>,
    /// Most non-empty cells in one sheet [default: 5000000].
    #[arg(long, value_name = "N")]
    pub(crate) max_cells: Option<u64>,
    /// Most columns in one row [default: 1048576].
    #[arg(long, value_name = "N")]
    pub(crate) max_columns: Option<u32>,
    /// Longest cell, in bytes; a longer cell refuses the file [default: 33554432].
    #[arg(long, value_name = "N")]
    pub(crate) max_cell_bytes: Option<u64>,
    /// Largest used range of a sheet, rows x columns [default: 10000000].
    #[arg(long, value_name = "N")]
    pub(crate) max_sheet_area: Option<u64>,
    /// Largest total unzipped size of a workbook, in bytes [default: 1073741824].
    #[arg(long, value_name = "N")]
    pub(crate) max_unzipped_bytes: Option<u64>,
    /// Largest compression ratio of one zip entry over 1 MiB [default: 200].
    #[arg(long, value_name = "N")]
    pub(crate) max_zip_ratio: Option<u64>,
    /// Deepest nesting of HTML tables [default: 64].
    #[arg(long, value_name = "N")]
    pub(crate) max_html_depth: Option<u32>,
    /// Time budget per file, in seconds (fractions allowed); 0 disables it [default: 60].
    #[arg(long, value_name = "SECS")]
    pub(crate) timeout: Option<f64>,
}

#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// The file to inspect (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
    /// How many rows of each sheet to preview.
    #[arg(long, default_value_t = 12)]
    pub(crate) rows: usize,
    /// Text encoding, instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub(crate) encoding: Option<String>,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

/// Column hints for `value --context`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ContextArg {
    /// A numeric column: dashes and `二` are placeholders.
    Numeric,
    /// A year column.
    Year,
    /// A grade column: `△`, `-`, `—` are grades.
    Grade,
    /// Free text.
    Text,
}

#[derive(Debug, Args)]
pub(crate) struct ValueArgs {
    /// Cell texts; `-` reads one cell per line from standard input.
    #[arg(required = true, value_name = "TEXT", allow_hyphen_values = true)]
    pub(crate) texts: Vec<String>,
    /// The kind of column the cells come from.
    #[arg(long, value_enum)]
    pub(crate) context: Option<ContextArg>,
    /// A unit inherited from the column header (e.g. 千円).
    #[arg(long)]
    pub(crate) unit: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// Files or directories (searched recursively); `-` reads standard input.
    #[arg(value_name = "INPUT", required_unless_present = "print_default_rules")]
    pub(crate) inputs: Vec<PathBuf>,
    /// The rules file (TOML): departments, current fiscal year, grade legends, required fields,
    /// severities.
    #[arg(long, value_name = "FILE")]
    pub(crate) rules: Option<PathBuf>,
    /// Also write the report to this file; the format follows the extension: .json (the
    /// sheetwash/report/1 JSON), .html (one self-contained page, findings grouped by
    /// department) or .xlsx (a copy of the submission, each offending cell filled and given
    /// a note, and a first sheet 検査結果 listing the findings; with several inputs, one
    /// workbook per input: `--report out/checked.xlsx` writes `out/checked-<input name>.xlsx`).
    /// `-` writes JSON to standard output and the summary to standard error. May be given
    /// more than once.
    #[arg(long, value_name = "FILE")]
    pub(crate) report: Vec<PathBuf>,
    /// The previous edition: report departments that changed without a 課名変更 marker.
    #[arg(long, value_name = "FILE")]
    pub(crate) previous: Option<PathBuf>,
    /// Print the default rules file and exit.
    #[arg(long)]
    pub(crate) print_default_rules: bool,
    /// Text encoding of text, CSV and TSV inputs, instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub(crate) encoding: Option<String>,
    #[command(flatten)]
    pub(crate) jobs: JobsArgs,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// document, lineage, timeline, record, value or report.
    #[arg(value_name = "NAME")]
    pub(crate) name: String,
}
