//! `sheetwash reconcile`, `sheetwash timeline` and `sheetwash schema lineage` run as a binary.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use assert_cmd::Command;
use predicates::prelude::*;

fn sheetwash() -> Command {
    Command::cargo_bin("sheetwash").unwrap()
}

/// The standard output of a successful run.
fn stdout_of(args: &[&str]) -> Vec<u8> {
    sheetwash().args(args).assert().success().get_output().stdout.clone()
}

#[test]
fn reconcile_two_files_prints_a_valid_lineage() {
    let out =
        stdout_of(&["reconcile", "fixtures/editions/000-r5.txt", "fixtures/editions/000-r6.txt"]);
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["schema"], "sheetwash/lineage/1");
    sheetwash::emit::validate_lineage(&json).unwrap();
}

#[test]
fn reconcile_text_is_a_review_table() {
    sheetwash()
        .args(["reconcile", "fixtures/editions/000-r5.txt", "fixtures/editions/000-r6.txt"])
        .args(["--format", "text"])
        .assert()
        .success()
        .stdout(predicate::str::contains("STATUS"))
        .stdout(predicate::str::contains("renamed"))
        .stdout(predicate::str::contains("年間観光入込客数"))
        .stdout(predicate::str::contains("DELETED"));
}

#[test]
fn reconcile_one_file_uses_its_editions() {
    sheetwash()
        .args(["reconcile", "fixtures/000_74bc9d9ecc966527.txt", "--format", "text"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[第2期]"))
        .stdout(predicate::str::contains("marker 削除"));
    sheetwash()
        .args(["reconcile", "fixtures/editions/002-r1.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("reconcile.not_two_editions"));
}

#[test]
fn timeline_csv_has_a_bom_and_one_row_per_observation() {
    let dir = tempfile::tempdir().unwrap();
    sheetwash()
        .args(["timeline", "fixtures/editions/000-r5.txt", "fixtures/editions/000-r6.txt"])
        .args(["--format", "csv", "-o"])
        .arg(dir.path())
        .assert()
        .success();
    let bytes = std::fs::read(dir.path().join("timeline.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("key,edition,source,phase,record,indicator"));
    assert!(text.lines().any(|l| l.contains("年間観光入込客数") && l.contains(",actual,2023,")));
}

#[test]
fn timeline_json_is_valid() {
    let out =
        stdout_of(&["timeline", "fixtures/editions/002-r1.txt", "fixtures/editions/002-r2.txt"]);
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    sheetwash::emit::validate_timeline(&json).unwrap();
}

#[test]
fn schema_lineage_and_timeline_are_printed() {
    sheetwash()
        .args(["schema", "lineage"])
        .assert()
        .success()
        .stdout(predicate::str::contains("sheetwash/lineage/1"));
    sheetwash().args(["schema", "timeline"]).assert().success();
}
