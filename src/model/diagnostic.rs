//! Non-fatal problems found while reading a file, with a stable code and a location.

use serde::{Deserialize, Serialize};

use super::Location;

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing was lost or guessed.
    Info,
    /// Something was guessed, repaired or left out; the output should be reviewed.
    Warning,
    /// Something could not be read.
    Error,
}

/// A problem that does not stop the file: an inferred value, a skipped row, a flagged date.
///
/// `code` is stable (`stage.snake_case`, e.g. `normalize.era_overflow`); `message` may change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Stable machine-readable code, `stage.snake_case`.
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
    /// Where it was found.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub provenance: Option<Location>,
}

impl Diagnostic {
    /// A diagnostic at a location.
    pub fn new(
        severity: Severity,
        code: impl Into<String>,
        message: impl Into<String>,
        provenance: Option<Location>,
    ) -> Self {
        Self { severity, code: code.into(), message: message.into(), provenance }
    }

    /// A warning at a location.
    pub fn warning(code: impl Into<String>, message: impl Into<String>, at: Location) -> Self {
        Self::new(Severity::Warning, code, message, Some(at))
    }

    /// An informational note at a location.
    pub fn info(code: impl Into<String>, message: impl Into<String>, at: Location) -> Self {
        Self::new(Severity::Info, code, message, Some(at))
    }
}
