//! The JSON Schemas of `schemas/`, embedded at build time and compiled once.

use std::sync::OnceLock;

use jsonschema::{Registry, Validator};
use serde_json::Value as Json;

const BASE: &str = "https://schemas.sheetwash.invalid/";

/// The schema files, by the name `sheetwash schema NAME` takes.
const SCHEMAS: [(&str, &str); 6] = [
    ("document", include_str!("../../schemas/document.schema.json")),
    ("lineage", include_str!("../../schemas/lineage.schema.json")),
    ("timeline", include_str!("../../schemas/timeline.schema.json")),
    ("record", include_str!("../../schemas/record.schema.json")),
    ("value", include_str!("../../schemas/value.schema.json")),
    ("report", include_str!("../../schemas/report.schema.json")),
];

/// The names of the embedded schemas.
pub const SCHEMA_NAMES: [&str; 6] =
    ["document", "lineage", "timeline", "record", "value", "report"];

/// A document that does not fit its schema (a bug in sheetwash), or a schema that does not
/// compile (a bug in the build).
#[derive(Debug, thiserror::Error)]
#[error("output does not match the {schema} schema at {path}: {message}")]
pub struct SchemaError {
    /// Which schema.
    pub schema: &'static str,
    /// JSON pointer of the offending value (`/records/3/baseline/value`).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// The text of an embedded schema, by name (`document`, `lineage`, `timeline`, `record`,
/// `value`, `report`).
pub fn schema_text(name: &str) -> Option<&'static str> {
    SCHEMAS.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

/// Validates a serialized document against `document.schema.json`.
pub fn validate_document(document: &Json) -> Result<(), SchemaError> {
    validate_with("document", document_validator(), document)
}

/// Validates a serialized lineage against `lineage.schema.json`.
pub fn validate_lineage(lineage: &Json) -> Result<(), SchemaError> {
    static VALIDATOR: OnceLock<Result<Validator, SchemaError>> = OnceLock::new();
    validate_with("lineage", VALIDATOR.get_or_init(|| compile("lineage")), lineage)
}

/// Validates a serialized timeline against `timeline.schema.json`.
pub fn validate_timeline(timeline: &Json) -> Result<(), SchemaError> {
    static VALIDATOR: OnceLock<Result<Validator, SchemaError>> = OnceLock::new();
    validate_with("timeline", VALIDATOR.get_or_init(|| compile("timeline")), timeline)
}

/// Validates `instance` with a compiled validator, naming the first error's path.
fn validate_with(
    schema: &'static str,
    validator: &Result<Validator, SchemaError>,
    instance: &Json,
) -> Result<(), SchemaError> {
    let validator = validator.as_ref().map_err(Clone::clone)?;
    match validator.iter_errors(instance).next() {
        None => Ok(()),
        Some(error) => Err(SchemaError {
            schema,
            path: error.instance_path().to_string(),
            message: error.to_string(),
        }),
    }
}

/// Validates a serialized validation report against `report.schema.json`.
pub fn validate_report(report: &Json) -> Result<(), SchemaError> {
    static VALIDATOR: OnceLock<Result<Validator, SchemaError>> = OnceLock::new();
    validate_with("report", VALIDATOR.get_or_init(|| compile("report")), report)
}

impl Clone for SchemaError {
    fn clone(&self) -> Self {
        Self { schema: self.schema, path: self.path.clone(), message: self.message.clone() }
    }
}

fn document_validator() -> &'static Result<Validator, SchemaError> {
    static VALIDATOR: OnceLock<Result<Validator, SchemaError>> = OnceLock::new();
    VALIDATOR.get_or_init(|| compile("document"))
}

fn compile(name: &'static str) -> Result<Validator, SchemaError> {
    let broken = |message: String| SchemaError { schema: name, path: String::new(), message };
    let mut registry = Registry::new();
    let mut root = None;
    for (schema_name, text) in SCHEMAS {
        let json: Json = serde_json::from_str(text).map_err(|e| broken(e.to_string()))?;
        if schema_name == name {
            root = Some(json.clone());
        }
        let uri = format!("{BASE}{schema_name}.schema.json");
        registry = registry.add(uri, json).map_err(|e| broken(e.to_string()))?;
    }
    let registry = registry.prepare().map_err(|e| broken(e.to_string()))?;
    let root = root.ok_or_else(|| broken("no such schema".to_owned()))?;
    jsonschema::options().with_registry(&registry).build(&root).map_err(|e| broken(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_compiles() {
        for name in SCHEMA_NAMES {
            assert!(compile(name).is_ok(), "{name}: {:?}", compile(name).err());
        }
    }

    #[test]
    fn a_wrong_document_names_the_path() {
        let mut doc: Json = serde_json::json!({
            "schema": "sheetwash/document/1",
            "source": {"path": "a.txt", "format": "text", "sha256": "0".repeat(64), "bytes": 0, "sheets": []},
            "metadata": {}, "sections": [], "records": [], "changes": [], "diagnostics": []
        });
        assert!(validate_document(&doc).is_ok());
        doc["source"]["bytes"] = serde_json::json!(-1);
        let error = validate_document(&doc).unwrap_err();
        assert_eq!(error.path, "/source/bytes");
    }
}
