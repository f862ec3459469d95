//! [`Lineage`]: how the sections and records of two editions of one plan correspond (output
//! contract §4), and [`Timeline`]: one series per KPI across several editions.
//!
//! Both are written by the reconcile stage; records are referred to by id plus a readable
//! label ([`EntityRef`]) so that a person can review a link without opening the documents.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Diagnostic, Location, SourceInfo, Value};

/// The `schema` tag of every lineage.
pub const LINEAGE_SCHEMA_ID: &str = "sheetwash/lineage/1";

/// The `schema` tag of every timeline.
pub const TIMELINE_SCHEMA_ID: &str = "sheetwash/timeline/1";

/// One edition of a plan: a whole document, or one `phase` of a document that prints two
/// editions side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edition {
    /// The document's source.
    #[serde(flatten)]
    pub source: SourceInfo,
    /// The edition inside the document (`第2期`), when the document holds several.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub phase: Option<String>,
}

/// What kind of thing a lineage entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A section of the hierarchy (施策大項目 2(1)).
    Section,
    /// A `kpi` record.
    Kpi,
    /// An `item` record.
    Item,
    /// A `project` record.
    Project,
    /// A `measure` record.
    Measure,
}

/// A reference to a section or record of one edition, with enough text to review it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRef {
    /// What it is.
    pub kind: EntityKind,
    /// The section or record id, unique within its document.
    pub id: String,
    /// The name as printed (indicator, item or project name, section title).
    pub label: String,
    /// The number as printed (section number, `No.18`, project code).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub number: Option<String>,
    /// The id of the section it belongs to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub section: Option<String>,
    /// The edition (`第2期`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub phase: Option<String>,
    /// Departments in charge, as printed.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub departments: Vec<String>,
    /// Where it is.
    pub provenance: Location,
}

/// How an old entity became a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// Same place, same name (after normalization).
    Same,
    /// Another section, same name.
    Moved,
    /// Same place, another name.
    Renamed,
    /// Another section and another name.
    MovedRenamed,
    /// One old entity continues as several new ones.
    Split,
    /// Several old entities continue as one new one.
    Merged,
}

impl LinkStatus {
    /// The status as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Same => "same",
            LinkStatus::Moved => "moved",
            LinkStatus::Renamed => "renamed",
            LinkStatus::MovedRenamed => "moved_renamed",
            LinkStatus::Split => "split",
            LinkStatus::Merged => "merged",
        }
    }
}

/// The kind of a piece of evidence for a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// An explicit change marker (`2(1)へ移動`, `2(4)から移動`).
    Marker,
    /// The same number (section number, item number, project code).
    Number,
    /// Name similarity of the normalized matching keys.
    Name,
    /// The same department, or a renamed one.
    Department,
    /// Values that continue (old latest actual = new baseline; equal actuals).
    Value,
}

/// One reason to believe (or doubt) a link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// What kind of evidence.
    pub kind: EvidenceKind,
    /// What was seen, in words (`"年間観光入込調査人数" ~ "年間観光入込客数" (0.70)`).
    pub detail: String,
    /// Its weight in the confidence, between 0 and 1; a negative weight lowers it.
    pub weight: f64,
}

/// A link from an old entity to a new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// The entity in the old edition.
    pub old: EntityRef,
    /// The entity in the new edition.
    pub new: EntityRef,
    /// How it changed.
    pub status: LinkStatus,
    /// How sure the link is, between 0 and 1.
    pub confidence: f64,
    /// Why.
    pub evidence: Vec<Evidence>,
}

/// The best rejected candidate of an unmatched entity, for review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Nearest {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// The confidence the link would have had.
    pub confidence: f64,
}

/// An entity with no counterpart: deleted (old) or added (new).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unmatched {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// The marker that states it (`削除`, `新規`), when one does.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub marker: Option<String>,
    /// The nearest candidate below the threshold.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nearest: Option<Nearest>,
}

/// How two editions of one plan correspond (`sheetwash reconcile`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lineage {
    /// Always [`LINEAGE_SCHEMA_ID`].
    pub schema: String,
    /// The old edition.
    pub old: Edition,
    /// The new edition.
    pub new: Edition,
    /// One-to-one links (several for split and merged), ordered by kind and old position.
    pub links: Vec<Link>,
    /// Old entities with no counterpart.
    pub deleted: Vec<Unmatched>,
    /// New entities with no counterpart.
    pub added: Vec<Unmatched>,
    /// Notes for review (aliases applied, markers contradicted, implicit KPI changes).
    #[serde(default)]
    pub diagnostics: Vec<Diagnostic>,
}

/// Where one observation of a timeline comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// `baseline`, `actual`, `target` or `final_target`.
    pub series: String,
    /// The index of the edition in [`Timeline::editions`].
    pub edition: usize,
    /// The record id in that edition's document.
    pub record: String,
    /// True for a fiscal year.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fiscal: Option<bool>,
    /// The value.
    pub value: Value,
    /// Where the value (or its record) is.
    pub provenance: Location,
}

/// The name a KPI has in one edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesName {
    /// The index of the edition in [`Timeline::editions`].
    pub edition: usize,
    /// The record id.
    pub record: String,
    /// The indicator as printed.
    pub indicator: String,
    /// The section id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub section: Option<String>,
    /// Departments in charge.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub departments: Vec<String>,
    /// How it is linked to the name before it (absent for the first).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status: Option<LinkStatus>,
}

/// One KPI across editions: its names, and its values by year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// The lineage key: section number and normalized name of its latest edition.
    pub key: String,
    /// Its names, oldest edition first.
    pub names: Vec<SeriesName>,
    /// Observations by Gregorian year (several when editions overlap).
    pub years: BTreeMap<i32, Vec<Observation>>,
    /// Observations with no year (final targets without a year).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub undated: Vec<Observation>,
}

/// One series per KPI across several editions (`sheetwash timeline`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// Always [`TIMELINE_SCHEMA_ID`].
    pub schema: String,
    /// The editions, oldest first.
    pub editions: Vec<Edition>,
    /// The series, in order of first appearance.
    pub series: Vec<Series>,
    /// Notes from reconciling consecutive editions.
    #[serde(default)]
    pub diagnostics: Vec<Diagnostic>,
}
