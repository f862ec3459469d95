//! Snapshot of the full JSON document of every fixture, as `sheetwash convert` writes it.
//!
//! Each input is converted under its bare file name, so provenance in the snapshots does not
//! depend on where the checkout lives. Review changes with `cargo insta review`; a snapshot is
//! accepted only after reading it against its source.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use sheetwash::convert::{ConvertOptions, convert_bytes};

#[test]
fn every_fixture_converts_to_its_snapshot() {
    insta::glob!("../fixtures", "*.{txt,csv,xlsx,xls,ods}", |path| {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        let document = convert_bytes(&name, &bytes, &ConvertOptions::default()).unwrap();
        let json = serde_json::to_value(&document).unwrap();
        sheetwash::emit::validate_document(&json).unwrap();
        insta::assert_json_snapshot!(json);
    });
}
