//! Reconcile stage: change markers inside one [`Document`], and the [`Lineage`] of a plan's
//! sections, KPIs, items, projects and measures across two editions.
//!
//! * [`document_changes`] — inside one document: fills `changes` with the moves and deletions
//!   the markers state (one entry per move, however many markers print it), links each
//!   re-listing (再掲) to its original, and says which of two sections sharing a number is
//!   which. Run by the convert pipeline after extract.
//! * [`reconcile`] — two documents (last year's and this year's file), or two editions
//!   chosen by `phase`; [`reconcile_within`] — the editions printed side by side in one file
//!   (第2期 and 第3期 columns). Entities of the same kind are matched by normalized-name
//!   similarity, section or item number, department (allowing the renames of field guide
//!   §5.4), value continuity and the explicit markers; see `score` for the weights and
//!   `assign` for the one-to-one assignment. Never because two records share a row.
//! * [`timeline()`] — several editions chained link by link: one series per KPI over all years.
//!
//! Takes extracted documents; returns model types ([`Lineage`], [`Timeline`](crate::model::Timeline)). Printing and
//! schema validation are left to the CLI and `emit`.

mod assign;
mod changes;
mod departments;
mod entity;
mod key;
mod report;
mod score;
mod timeline;

pub use changes::document_changes;
pub use timeline::timeline;

use crate::model::{Document, Edition, LINEAGE_SCHEMA_ID, Lineage};

/// Options for matching two editions.
#[derive(Debug, Clone, PartialEq)]
pub struct ReconcileOptions {
    /// The least confidence of a link (default 0.5).
    pub threshold: f64,
    /// The least confidence of a second link of one entity (split / merged; default 0.75).
    pub split_threshold: f64,
    /// Take only the old document's records of this edition (`第2期`).
    pub old_phase: Option<String>,
    /// Take only the new document's records of this edition (`第3期`).
    pub new_phase: Option<String>,
}

impl Default for ReconcileOptions {
    fn default() -> Self {
        Self { threshold: 0.5, split_threshold: 0.75, old_phase: None, new_phase: None }
    }
}

impl ReconcileOptions {
    /// Sets the link threshold.
    #[must_use]
    pub fn threshold(mut self, threshold: f64) -> Self {
        self.threshold = threshold;
        self
    }

    /// Selects one edition of each document by `phase`.
    #[must_use]
    pub fn phases(mut self, old: Option<String>, new: Option<String>) -> Self {
        self.old_phase = old;
        self.new_phase = new;
        self
    }
}

/// Why editions could not be reconciled.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReconcileError {
    /// One file was given, but it does not print two editions side by side.
    #[error("{path}: holds {found} edition(s) (phase values); reconciling one file needs two")]
    NotTwoEditions {
        /// The document's path.
        path: String,
        /// How many editions it holds.
        found: usize,
    },
    /// A timeline needs at least one edition.
    #[error("no editions to put on a timeline")]
    NoEditions,
}

impl ReconcileError {
    /// A stable code for the error.
    pub fn code(&self) -> &'static str {
        match self {
            ReconcileError::NotTwoEditions { .. } => "reconcile.not_two_editions",
            ReconcileError::NoEditions => "reconcile.no_editions",
        }
    }
}

/// Matches the entities of two editions (see the module docs).
pub fn reconcile(old: &Document, new: &Document, opts: &ReconcileOptions) -> Lineage {
    let old_entities = entity::entities(old, opts.old_phase.as_deref());
    let new_entities = entity::entities(new, opts.new_phase.as_deref());
    let assignment = assign::assign(&old_entities, &new_entities, opts);
    let diagnostics = report::diagnostics(&old_entities, &new_entities, &assignment);
    Lineage {
        schema: LINEAGE_SCHEMA_ID.to_owned(),
        old: Edition { source: old.source.clone(), phase: opts.old_phase.clone() },
        new: Edition { source: new.source.clone(), phase: opts.new_phase.clone() },
        links: assignment.links,
        deleted: assignment.deleted,
        added: assignment.added,
        diagnostics,
    }
}

/// Matches the first two editions printed side by side in one document (by `phase`, in the
/// order of their numbers: 第2期 → 第3期).
pub fn reconcile_within(
    doc: &Document,
    opts: &ReconcileOptions,
) -> Result<Lineage, ReconcileError> {
    let phases = entity::phases(doc);
    let (Some(old), Some(new)) = (phases.first(), phases.get(1)) else {
        return Err(ReconcileError::NotTwoEditions {
            path: doc.source.path.clone(),
            found: phases.len(),
        });
    };
    let opts = opts.clone().phases(Some(old.clone()), Some(new.clone()));
    Ok(reconcile(doc, doc, &opts))
}

/// The editions of a document: one per `phase` when it prints several, else the whole.
pub fn editions_of(doc: &Document) -> Vec<Option<String>> {
    let phases = entity::phases(doc);
    if phases.len() >= 2 { phases.into_iter().map(Some).collect() } else { vec![None] }
}
