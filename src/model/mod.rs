//! Shared types only: provenance ([`Location`]), [`Diagnostic`], decoded cells ([`Grid`]),
//! normalized cells ([`Value`]), records ([`Record`]), the output [`Document`], the
//! [`Lineage`] and [`Timeline`] of the reconcile stage and the validation [`Report`].
//!
//! Every stage imports this module and the output type of the stage before it; none of these
//! types knows how it is produced. The JSON shape of each type is the one of
//! `docs/output-contract.md` and `schemas/*.schema.json`.

mod diagnostic;
mod document;
mod grid;
mod lineage;
mod location;
mod record;
mod report;
mod value;

pub use diagnostic::{Diagnostic, Severity};
pub use document::{
    AsOf, Change, DOCUMENT_SCHEMA_ID, Document, Metadata, Phase, Section, SheetInfo, SourceFormat,
    SourceInfo,
};
pub use grid::{Cell, CellContent, FormsCache, Grid, GridKind, MergedRegion, Row, TextForms};
pub use lineage::{
    Edition, EntityKind, EntityRef, Evidence, EvidenceKind, LINEAGE_SCHEMA_ID, Lineage, Link,
    LinkStatus, Nearest, Observation, Series, SeriesName, TIMELINE_SCHEMA_ID, Timeline, Unmatched,
};
pub use location::{Location, a1};
pub use record::{
    Budget, Item, ItemResult, Kpi, LabelledText, Marker, MarkerKind, Measure, Project, ProjectKpi,
    Record, RecordCommon, Role, Table, TextField, YearValue,
};
pub use report::{FileReport, FileStatus, Finding, REPORT_SCHEMA_ID, Report, ReportSummary};
pub use value::{PeriodBound, Value, ValueKind};
