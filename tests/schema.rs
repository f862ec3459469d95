//! The schemas in `schemas/` are valid draft 2020-12 schemas, `sheetwash schema` prints them,
//! and every document the converter writes for the fixtures fits them.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::path::Path;

use serde_json::Value as Json;

fn load(name: &str) -> Json {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn schemas_are_valid_draft_2020_12() {
    for name in
        ["document.schema.json", "record.schema.json", "value.schema.json", "report.schema.json"]
    {
        let schema = load(name);
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema", "{name}");
        jsonschema::meta::validate(&schema).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn embedded_schemas_are_the_files() {
    for name in sheetwash::emit::SCHEMA_NAMES {
        let embedded: Json =
            serde_json::from_str(sheetwash::emit::schema_text(name).unwrap()).unwrap();
        assert_eq!(embedded, load(&format!("{name}.schema.json")), "{name}");
    }
}

#[test]
fn every_fixture_document_fits_the_schema() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut converted = 0;
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() || path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let opts = sheetwash::convert::ConvertOptions::default();
        let Ok(document) = sheetwash::convert::convert_path(&path, &opts) else { continue };
        let json = serde_json::to_value(&document).unwrap();
        sheetwash::emit::validate_document(&json)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        converted += 1;
    }
    assert!(converted >= 5, "only {converted} fixtures converted");
}
