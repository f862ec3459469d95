//! Batch conversion (issue #7): the same bytes at any `--jobs`, the reorder window, the
//! summary line, `--incremental` and the cleanup of a killed run's temporary files.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use assert_cmd::Command;

mod common;

fn sheetwash() -> Command {
    Command::cargo_bin("sheetwash").unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every file below `dir` (the index excepted), by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if entry.file_name() != ".sheetwash-index.json" {
                out.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

/// Modification time of every output file below `dir`.
fn mtimes(dir: &Path) -> BTreeMap<PathBuf, SystemTime> {
    tree(dir)
        .into_keys()
        .map(|p| {
            let modified = std::fs::metadata(dir.join(&p)).unwrap().modified().unwrap();
            (p, modified)
        })
        .collect()
}

/// stdout, stderr without its summary line, and the summary line of a run.
fn run(args: &[&std::ffi::OsStr]) -> (Vec<u8>, String, String) {
    let output = sheetwash().args(args).output().unwrap();
    assert!(output.status.code().is_some_and(|c| c < 2), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    let mut lines: Vec<&str> = stderr.lines().collect();
    let summary = lines.pop().unwrap_or_default().to_owned();
    assert!(summary.starts_with("sheetwash: ") && summary.ends_with(" s"), "{stderr}");
    (output.stdout, lines.join("\n"), summary)
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

// The same bytes at any number of threads

#[test]
fn one_and_four_threads_write_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let (one, four) = (dir.path().join("one"), dir.path().join("four"));
    let input = fixtures();
    for format in ["json", "ndjson", "csv"] {
        let (_, errors_one, _) = run(&[
            os("convert"),
            os("-j"),
            os("1"),
            os("--format"),
            os(format),
            input.as_os_str(),
            os("-o"),
            one.join(format).as_os_str(),
        ]);
        let (_, errors_four, _) = run(&[
            os("convert"),
            os("--jobs"),
            os("4"),
            os("--format"),
            os(format),
            input.as_os_str(),
            os("-o"),
            four.join(format).as_os_str(),
        ]);
        assert_eq!(errors_one, errors_four);
    }
    let (written_one, written_four) = (tree(&one), tree(&four));
    assert!(written_one.len() > 40, "{:?}", written_one.keys());
    assert_eq!(written_one.keys().collect::<Vec<_>>(), written_four.keys().collect::<Vec<_>>());
    for (path, bytes) in &written_one {
        assert!(written_four[path] == *bytes, "{} differs", path.display());
    }
}

#[test]
fn one_and_four_threads_print_the_same_stream() {
    let input = fixtures();
    for format in ["json", "ndjson", "csv"] {
        let args = |jobs| {
            [os("convert"), os("-j"), os(jobs), os("--format"), os(format), input.as_os_str()]
        };
        let (out_one, errors_one, _) = run(&args("1"));
        let (out_four, errors_four, _) = run(&args("4"));
        assert!(out_one.len() > 100_000, "{format}");
        assert!(out_one == out_four, "{format}: standard output differs");
        assert_eq!(errors_one, errors_four, "{format}");
    }
}

#[test]
fn the_reorder_window_keeps_many_small_inputs_in_order() {
    // Many more inputs than the window (4 per thread), of uneven sizes so that they finish
    // out of order: the stream must still follow the sorted input names.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        let mut text = String::from("指標名,実績\n");
        for r in 0..=(i * 7) % 40 {
            writeln!(text, "項目{r},{}人", i * 100 + r).unwrap();
        }
        std::fs::write(dir.path().join(format!("f{i:03}.csv")), text).unwrap();
    }
    let args = |jobs| {
        [os("convert"), os("-j"), os(jobs), os("--format"), os("ndjson"), dir.path().as_os_str()]
    };
    let (one, _, summary) = run(&args("1"));
    assert!(summary.starts_with("sheetwash: 300 files, "), "{summary}");
    let (four, _, _) = run(&args("4"));
    assert!(one == four, "standard output differs between 1 and 4 threads");
    let sources: Vec<String> = String::from_utf8(four)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["source"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let mut sorted = sources.clone();
    sorted.sort();
    assert_eq!(sources, sorted);
    assert_eq!(sorted.iter().collect::<std::collections::BTreeSet<_>>().len(), 300);
}

// Progress and summary

#[test]
fn the_summary_line_counts_files_records_and_errors_and_quiet_drops_it() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("empty.csv");
    std::fs::write(&bad, b"").unwrap();
    let good = fixtures().join("003_138cb865a8138cb2.txt");
    let output = sheetwash()
        .arg("convert")
        .arg(&good)
        .arg(&bad)
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].starts_with("sheetwash: error: ") && lines[0].contains("empty.csv"));
    let summary = lines[1];
    let records = summary.strip_prefix("sheetwash: 2 files, ").unwrap().split(' ').next().unwrap();
    assert!(records.replace(',', "").parse::<u32>().unwrap() > 0, "{summary}");
    assert!(summary.contains(" records, 1 error in ") && summary.ends_with(" s"), "{summary}");
    assert!(!summary.contains("skipped"), "{summary}");

    let quiet = sheetwash().args(["convert", "-q"]).arg(&good).arg(&bad).output().unwrap();
    let stderr = String::from_utf8(quiet.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("sheetwash: error: "));
}

#[test]
fn validate_takes_jobs() {
    let input = fixtures().join("submissions");
    let one =
        sheetwash().args(["validate", "--report", "-", "-j", "1"]).arg(&input).output().unwrap();
    let four = sheetwash()
        .args(["validate", "--report", "-", "--jobs", "4"])
        .arg(&input)
        .output()
        .unwrap();
    assert_ne!(one.status.code(), Some(2), "{one:?}");
    assert_eq!(one.stdout, four.stdout);
}

// --incremental

/// A folder of `n` small inputs.
fn inputs(dir: &Path, n: usize) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    for i in 0..n {
        let folder = if i % 2 == 0 { input.clone() } else { input.join("sub") };
        std::fs::write(folder.join(format!("f{i}.csv")), format!("指標名,実績\n項目,{i}人\n"))
            .unwrap();
    }
    input
}

/// Runs `convert --incremental` and returns the summary line.
fn incremental(input: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec![os("convert"), os("--incremental"), input.as_os_str(), os("-o")];
    args.push(out.as_os_str());
    args.extend(extra.iter().map(|s| os(s)));
    let (_, errors, summary) = run(&args);
    assert!(errors.is_empty(), "{errors}");
    summary
}

/// Runs `convert --incremental INPUT -o OUT` and returns its whole output, whatever its status.
fn incremental_output(input: &Path, out: &Path) -> std::process::Output {
    sheetwash().args(["convert", "--incremental"]).arg(input).arg("-o").arg(out).output().unwrap()
}

#[test]
fn a_second_incremental_run_skips_every_input_and_rewrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (inputs(dir.path(), 6), dir.path().join("out"));
    let first = incremental(&input, &out, &[]);
    assert!(first.contains("6 files, 6 records, 0 errors, 0 skipped (unchanged)"), "{first}");
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(".sheetwash-index.json")).unwrap()).unwrap();
    assert_eq!(index["tool"], "sheetwash");
    assert_eq!(index["version"], env!("CARGO_PKG_VERSION"));
    let entry = &index["entries"]["sub/f1.csv"];
    assert_eq!(entry["output"], "sub/f1.csv.json");
    assert_eq!(entry["records"], 1);
    assert_eq!(entry["sha256"].as_str().unwrap().len(), 64);
    let before = mtimes(&out);
    std::thread::sleep(Duration::from_millis(20));
    let second = incremental(&input, &out, &[]);
    assert!(second.contains("6 files, 0 records, 0 errors, 6 skipped (unchanged)"), "{second}");
    assert_eq!(mtimes(&out), before, "outputs were rewritten");
}

#[test]
fn only_a_changed_input_or_a_deleted_output_is_redone() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (inputs(dir.path(), 6), dir.path().join("out"));
    incremental(&input, &out, &[]);
    std::fs::write(input.join("f2.csv"), "指標名,実績\n項目,999人\n").unwrap();
    std::fs::remove_file(out.join("sub/f3.csv.json")).unwrap();
    let before = mtimes(&out);
    std::thread::sleep(Duration::from_millis(20));
    let summary = incremental(&input, &out, &[]);
    assert!(summary.contains("6 files, 2 records, 0 errors, 4 skipped (unchanged)"), "{summary}");
    let after = mtimes(&out);
    let redone: Vec<_> =
        after.iter().filter(|(p, t)| before.get(*p) != Some(t)).map(|(p, _)| p.clone()).collect();
    assert_eq!(redone, [PathBuf::from("f2.csv.json"), PathBuf::from("sub/f3.csv.json")]);
    assert!(
        String::from_utf8(std::fs::read(out.join("f2.csv.json")).unwrap()).unwrap().contains("999")
    );
}

#[test]
fn other_options_or_another_version_redo_every_input() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (inputs(dir.path(), 4), dir.path().join("out"));
    incremental(&input, &out, &[]);
    let summary = incremental(&input, &out, &["--max-cells", "1000"]);
    assert!(summary.contains("4 files, 4 records, 0 errors, 0 skipped"), "{summary}");
    let summary = incremental(&input, &out, &["--format", "ndjson"]);
    assert!(summary.contains("0 skipped"), "{summary}");
    incremental(&input, &out, &[]);
    let path = out.join(".sheetwash-index.json");
    let mut index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    index["version"] = "0.0.0-older".into();
    std::fs::write(&path, serde_json::to_vec(&index).unwrap()).unwrap();
    let summary = incremental(&input, &out, &[]);
    assert!(summary.contains("4 files, 4 records, 0 errors, 0 skipped"), "{summary}");
    assert!(incremental(&input, &out, &[]).contains("4 skipped"));
}

#[test]
fn a_corrupt_index_warns_and_converts_everything() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (inputs(dir.path(), 3), dir.path().join("out"));
    incremental(&input, &out, &[]);
    std::fs::write(out.join(".sheetwash-index.json"), b"{\"tool\": \"sheetwash\", \"entr").unwrap();
    let output = incremental_output(&input, &out);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("sheetwash: warning: ") && stderr.contains(".sheetwash-index.json"),
        "{stderr}"
    );
    assert!(stderr.contains("3 files, 3 records, 0 errors, 0 skipped"), "{stderr}");
    assert!(incremental(&input, &out, &[]).contains("3 skipped"));
}

#[test]
fn a_failed_input_is_never_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (inputs(dir.path(), 2), dir.path().join("out"));
    std::fs::write(input.join("bad.csv"), b"").unwrap();
    for _ in 0..2 {
        let output = incremental_output(&input, &out);
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("bad.csv"), "{stderr}");
    }
    let index =
        String::from_utf8(std::fs::read(out.join(".sheetwash-index.json")).unwrap()).unwrap();
    assert!(!index.contains("bad.csv"), "{index}");
}

#[test]
fn incremental_needs_an_output_directory() {
    sheetwash()
        .args(["convert", "--incremental"])
        .arg(fixtures().join("sjis.txt"))
        .assert()
        .code(2);
}

#[test]
fn a_killed_incremental_run_is_completed_by_the_next() {
    let (_dir, input, out) =
        common::batch_of_copies(&fixtures().join("003_138cb865a8138cb2.txt"), 200);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sheetwash"))
        .args(["convert", "--incremental", "-j", "2"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it has written its index at least once (every 100 inputs or every second).
    let index = out.join(".sheetwash-index.json");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !index.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let recorded: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&index).unwrap()).unwrap();
    let recorded = recorded["entries"].as_object().unwrap().len();
    assert!(recorded > 0, "{recorded}");
    let summary = incremental(&input, &out, &[]);
    assert!(summary.starts_with("sheetwash: 200 files, "), "{summary}");
    assert!(summary.contains(&format!(", {recorded} skipped (unchanged)")), "{summary}");
    assert!(incremental(&input, &out, &[]).contains("200 skipped"));
    let written = tree(&out);
    assert_eq!(
        written.len(),
        200,
        "{:?}",
        written.keys().filter(|p| !p.to_string_lossy().ends_with(".json")).collect::<Vec<_>>()
    );
}

// Temporary files of a killed run

#[test]
fn stale_temporary_files_are_removed_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path(), 2);
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("sub")).unwrap();
    let stale = [".sheetwash-abc.tmp", ".sheetwash-Ab3xY9.tmp", "sub/.sheetwash-q1w2e3.tmp"];
    let kept = [
        ".sheetwash-abc.tmp.keep",
        "sheetwash-abc.tmp",
        ".sheetwash-a_b.tmp",
        ".sheetwash-.tmp",
        ".sheetwash-abc.txt",
        "notes.tmp",
        "sub/.sheetwash-index.tmp.json",
    ];
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for name in stale.iter().chain(&kept) {
        let file = std::fs::File::create(out.join(name)).unwrap();
        file.set_modified(an_hour_ago).unwrap();
    }
    sheetwash().arg("convert").arg(&input).arg("-o").arg(&out).assert().success();
    for name in stale {
        assert!(!out.join(name).exists(), "{name} was left");
    }
    for name in kept {
        assert!(out.join(name).exists(), "{name} was removed");
    }
}
