//! [`Document`]: what `sheetwash convert` writes for one input file (output contract §2).

use serde::{Deserialize, Serialize};

use super::{Diagnostic, Location, Marker, PeriodBound, Record};

/// The `schema` tag of every document.
pub const DOCUMENT_SCHEMA_ID: &str = "sheetwash/document/1";

/// The detected format of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// Office Open XML workbook (also .xlsm).
    Xlsx,
    /// Legacy BIFF workbook.
    Xls,
    /// Binary workbook.
    Xlsb,
    /// `OpenDocument` spreadsheet.
    Ods,
    /// An HTML table (as web systems export under an .xls name).
    Html,
    /// Comma-separated values.
    Csv,
    /// Tab-separated values.
    Tsv,
    /// A text dump (tab-separated lines of varying width).
    Text,
}

impl SourceFormat {
    /// The format's name as written in `source.format`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Xlsx => "xlsx",
            SourceFormat::Xls => "xls",
            SourceFormat::Xlsb => "xlsb",
            SourceFormat::Ods => "ods",
            SourceFormat::Html => "html",
            SourceFormat::Csv => "csv",
            SourceFormat::Tsv => "tsv",
            SourceFormat::Text => "text",
        }
    }
}

/// Size of one sheet or text dump.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetInfo {
    /// Sheet name (the file name for text inputs).
    pub name: String,
    /// Number of rows (lines).
    pub rows: u32,
    /// Number of columns (widest line).
    pub cols: u32,
}

/// What was read: path, format, encoding, hash, size, sheets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// The input path as given.
    pub path: String,
    /// The detected format.
    pub format: SourceFormat,
    /// The detected (or forced) text encoding, for text inputs (`UTF-8`, `Shift_JIS`, …).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub encoding: Option<String>,
    /// SHA-256 of the input bytes, lowercase hex.
    pub sha256: String,
    /// Size of the input in bytes.
    pub bytes: u64,
    /// The sheets, in workbook order.
    pub sheets: Vec<SheetInfo>,
}

/// A plan edition and its period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Phase {
    /// `第3期`.
    pub name: String,
    /// First year.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub start: Option<i32>,
    /// Last year.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end: Option<i32>,
}

/// An as-of date with its label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AsOf {
    /// What is as of that date (`評価`, `総括`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// `yyyy-mm`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub month: Option<String>,
    /// `yyyy-mm-dd`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<String>,
}

/// Document-level facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Metadata {
    /// The municipality.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub municipality: Option<String>,
    /// All municipalities involved (regional plans).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub municipalities: Vec<String>,
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// The plan.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub plan: Option<String>,
    /// Editions and periods.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub phases: Vec<Phase>,
    /// As-of dates.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub as_of: Vec<AsOf>,
    /// Publication date, `yyyy-mm` or `yyyy-mm-dd`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<String>,
}

/// A section of the document's hierarchy (基本目標 → 施策 → ①).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Unique within the document (`2(4)`, `2(4)#2`).
    pub id: String,
    /// `基本目標`, `施策`, `具体的な施策` …
    pub level: String,
    /// The number as printed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub number: Option<String>,
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// The parent section's id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parent: Option<String>,
    /// Change markers on the section.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub markers: Vec<Marker>,
    /// Where the heading is.
    pub provenance: Location,
}

/// A move or deletion that a document states about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// `moved` or `deleted`.
    pub kind: String,
    /// The marker as printed.
    pub raw: String,
    /// The record or section it applies to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub record: Option<String>,
    /// Source section.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub from: Option<String>,
    /// Target section.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub to: Option<String>,
    /// The record that continues it in the target section, when the document prints one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target: Option<String>,
    /// Where the marker is.
    pub provenance: Location,
}

/// One converted input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always [`DOCUMENT_SCHEMA_ID`].
    pub schema: String,
    /// What was read.
    pub source: SourceInfo,
    /// Document-level facts.
    pub metadata: Metadata,
    /// The section hierarchy.
    pub sections: Vec<Section>,
    /// The records.
    pub records: Vec<Record>,
    /// Moves and deletions stated in the document.
    pub changes: Vec<Change>,
    /// Non-fatal problems.
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// An empty document for a source.
    pub fn new(source: SourceInfo) -> Self {
        Self {
            schema: DOCUMENT_SCHEMA_ID.to_owned(),
            source,
            metadata: Metadata::default(),
            sections: Vec::new(),
            records: Vec::new(),
            changes: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

/// Keeps `PeriodBound` reachable from document code that builds phases from Values.
impl From<i32> for PeriodBound {
    fn from(year: i32) -> Self {
        PeriodBound::Year(year)
    }
}
