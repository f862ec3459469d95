//! The `sheetwash` binary: subcommands, output files, exit codes and error lines.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn sheetwash() -> Command {
    Command::cargo_bin("sheetwash").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

// Usage

#[test]
fn bad_usage_exits_2() {
    sheetwash().arg("convert").assert().code(2);
    sheetwash().arg("frobnicate").assert().code(2);
    sheetwash().args(["convert", "--format", "yaml", "x"]).assert().code(2);
    sheetwash().args(["convert", "--encoding", "klingon", "x"]).assert().code(2);
}

#[test]
fn help_exits_0() {
    sheetwash().arg("--help").assert().success().stdout(predicate::str::contains("convert"));
}

// schema

#[test]
fn schema_prints_each_schema() {
    for name in ["document", "record", "value"] {
        let out = sheetwash().args(["schema", name]).assert().success().get_output().stdout.clone();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert!(json["$id"].as_str().unwrap().ends_with(&format!("{name}.schema.json")));
    }
    sheetwash().args(["schema", "nope"]).assert().code(2).stderr(predicate::str::contains("nope"));
}

// value

#[test]
fn value_prints_one_json_object_per_argument() {
    let out =
        sheetwash().args(["value", "abc", "def"]).assert().success().get_output().stdout.clone();
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["raw"], "abc");
    assert_eq!(lines[1]["raw"], "def");
}

#[test]
fn value_reads_stdin_lines() {
    let out = sheetwash()
        .args(["value", "-"])
        .write_stdin("one\ntwo\r\nthree\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let raws: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["raw"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(raws, ["one", "two", "three"]);
}

// convert

#[test]
fn a_missing_input_fails_alone_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    sheetwash()
        .arg("convert")
        .arg(fixture("003_138cb865a8138cb2.txt"))
        .arg("no-such-file.xlsx")
        .arg("-o")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-file.xlsx"));
    assert!(dir.path().join("003_138cb865a8138cb2.txt.json").is_file());
}

#[test]
fn bad_inputs_fail_one_line_each_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.xlsx");
    std::fs::write(&empty, b"").unwrap();
    let binary = dir.path().join("binary.txt");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 1, 2, 3].repeat(64)).unwrap();
    let not_a_workbook = dir.path().join("archive.xlsx");
    std::fs::write(&not_a_workbook, b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0").unwrap();
    let out = dir.path().join("out");
    let assert = sheetwash()
        .arg("convert")
        .args([&empty, &binary, &not_a_workbook])
        .arg(fixture("004_5988e3924460ef0c.txt"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    // One line per bad file, in input order, then the run's one summary line.
    let mut lines: Vec<&str> = stderr.lines().collect();
    let summary = lines.pop().unwrap();
    assert!(
        summary.starts_with("sheetwash: 4 files, ") && summary.contains(" 3 errors "),
        "{stderr}"
    );
    assert_eq!(lines.len(), 3, "{stderr}");
    for (line, name) in lines.iter().zip(["empty.xlsx", "binary.txt", "archive.xlsx"]) {
        assert!(line.starts_with("sheetwash: error: ") && line.contains(name), "{line}");
    }
    assert!(out.join("004_5988e3924460ef0c.txt.json").is_file());
}

#[test]
fn convert_writes_a_document_per_input() {
    let dir = tempfile::tempdir().unwrap();
    sheetwash().arg("convert").arg(fixture("")).arg("-o").arg(dir.path()).assert().success();
    for seed in ["000_74bc9d9ecc966527", "001_1783ff5150642431", "004_5988e3924460ef0c"] {
        let path = dir.path().join(format!("{seed}.txt.json"));
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(doc["schema"], "sheetwash/document/1");
        assert_eq!(doc["source"]["format"], "text");
        assert_eq!(doc["source"]["encoding"], "UTF-8");
    }
    let leftovers: Vec<_> = walk(dir.path())
        .into_iter()
        .filter(|p| p.file_name().unwrap().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn ndjson_lines_are_records_with_their_source() {
    let out = sheetwash()
        .args(["convert", "--format", "ndjson"])
        .arg(fixture("003_138cb865a8138cb2.txt"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.lines().count() >= 1);
    for line in text.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(record["type"].is_string());
        assert!(record["source"].as_str().unwrap().ends_with("003_138cb865a8138cb2.txt"));
    }
}

#[test]
fn csv_is_one_table_with_one_bom_and_header() {
    let out = sheetwash()
        .args(["convert", "--format", "csv"])
        .arg(fixture("003_138cb865a8138cb2.txt"))
        .arg(fixture("004_5988e3924460ef0c.txt"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(out.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(out[3..].to_vec()).unwrap();
    assert!(text.starts_with("source,kpi_id,phase,level,section,indicator"));
    assert_eq!(text.matches("source,kpi_id").count(), 1);
    assert!(!text[3..].contains('\u{feff}'));
    assert!(
        text.lines().any(|l| l.contains("003_138cb865a8138cb2.txt") && l.contains("市内事業所数"))
    );
}

#[test]
fn stdin_is_an_input() {
    let out = sheetwash()
        .args(["convert", "-"])
        .write_stdin("指標名\tH30基準値\n創業者数\t57人\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["source"]["path"], "-");
}

// inspect

#[test]
fn inspect_shows_format_encoding_and_a_grid() {
    sheetwash()
        .arg("inspect")
        .arg(fixture("003_138cb865a8138cb2.txt"))
        .assert()
        .success()
        // 003 is a dump whose every line has the same 13 tab-separated cells: a TSV.
        .stdout(predicate::str::contains("format:   tsv"))
        .stdout(predicate::str::contains("encoding: UTF-8"))
        .stdout(predicate::str::contains("飯塚市"));
}

#[test]
fn inspect_of_a_missing_file_is_a_clean_error() {
    sheetwash()
        .args(["inspect", "missing.xls"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.xls"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
