//! Hostile input (issue #8): limits, time budget, safe output paths, terminal escaping and
//! atomic output under SIGKILL. Every input is generated here; the suite runs in seconds.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;

mod common;
use predicates::prelude::*;
use sheetwash::convert::{self, ConvertOptions};
use sheetwash::decode::{DecodeOptions, decode_bytes};

fn sheetwash() -> Command {
    Command::cargo_bin("sheetwash").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

/// The error code of decoding `bytes` (named `name`) with `opts`, or `"ok"`.
fn decode_code(name: &str, bytes: &[u8], opts: &DecodeOptions) -> &'static str {
    decode_bytes(name, bytes, opts).map_or_else(|e| e.code(), |_| "ok")
}

/// A zip holding the given (name, bytes) entries, deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap();
    out.into_inner()
}

// Limits: cell length

#[test]
fn a_cell_over_max_cell_bytes_refuses_the_file_naming_it_and_the_limit() {
    let text = format!("a,{}\nb,c\n", "x".repeat(2000));
    let small = DecodeOptions { max_cell_bytes: 1000, ..DecodeOptions::default() };
    assert_eq!(decode_code("long.csv", text.as_bytes(), &small), "decode.too_large");
    assert_eq!(decode_code("long.csv", text.as_bytes(), &DecodeOptions::default()), "ok");
    let html = format!("<table><tr><td>{}</td></tr></table>", "y".repeat(2000));
    assert_eq!(decode_code("t.xls", html.as_bytes(), &small), "decode.too_large");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    std::fs::write(&path, text).unwrap();
    sheetwash().args(["convert", "--max-cell-bytes", "1000"]).arg(&path).assert().code(1).stderr(
        predicate::str::contains("long.csv").and(predicate::str::contains("max_cell_bytes")),
    );
}

#[test]
fn a_long_xlsx_cell_is_refused() {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "z".repeat(5000)).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let small = DecodeOptions { max_cell_bytes: 4096, ..DecodeOptions::default() };
    assert_eq!(decode_code("long.xlsx", &bytes, &small), "decode.too_large");
    assert_eq!(decode_code("long.xlsx", &bytes, &DecodeOptions::default()), "ok");
}

// Limits: sizes, cells, columns by flag

#[test]
fn size_cell_and_column_flags_name_file_and_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.tsv");
    std::fs::write(&path, "a\tb\tc\td\n1\t2\t3\t4\n").unwrap();
    for (flag, value, limit) in [
        ("--max-bytes", "10", "max_bytes"),
        ("--max-cells", "3", "max_cells"),
        ("--max-columns", "2", "max_columns"),
    ] {
        sheetwash()
            .args(["convert", flag, value])
            .arg(&path)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("wide.tsv").and(predicate::str::contains(limit)));
    }
    sheetwash().args(["inspect", "--max-cells", "3"]).arg(&path).assert().code(1);
    sheetwash().arg("convert").arg(&path).assert().success();
}

// Limits: a used range far larger than the content

#[test]
fn a_sheet_spanning_the_whole_grid_with_two_cells_is_refused() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "top left").unwrap();
    sheet.write_string(1_048_575, 16_383, "bottom right").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    // Without the check calamine would allocate 17 billion cells and abort the process.
    let err = decode_bytes("sparse.xlsx", &bytes, &DecodeOptions::default()).unwrap_err();
    assert_eq!(err.code(), "decode.sheet_too_sparse");
    let message = err.to_string();
    assert!(message.contains("sparse.xlsx") && message.contains("max_sheet_area"), "{message}");
}

#[test]
fn too_many_xlsx_cells_are_refused_before_a_range_is_built() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for row in 0..20 {
        sheet.write_number(row, 0, f64::from(row)).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let small = DecodeOptions { max_cells: 10, ..DecodeOptions::default() };
    assert_eq!(decode_code("many.xlsx", &bytes, &small), "decode.too_large");
}

/// The .xls fixture with its first DIMENSIONS record (BIFF8, 14 bytes) rewritten by `patch`.
fn xls_with_dimensions(patch: impl Fn(&mut [u8])) -> Vec<u8> {
    let mut bytes = std::fs::read(fixture("workbook.xls")).unwrap();
    let at = bytes.windows(4).position(|w| w == [0x00, 0x02, 0x0E, 0x00]).unwrap();
    patch(bytes.get_mut(at + 4..at + 18).unwrap());
    bytes
}

#[test]
fn an_xls_declaring_billions_of_rows_is_refused_before_calamine_reserves_them() {
    // calamine reserves room for every declared cell when it opens an .xls: 4 billion rows
    // × 65,535 columns is an allocation no machine has, and a failed allocation aborts the
    // whole process (no panic to catch). One 14-byte record does it.
    let bytes = xls_with_dimensions(|dims| {
        dims[0..4].copy_from_slice(&0u32.to_le_bytes());
        dims[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        dims[8..10].copy_from_slice(&0u16.to_le_bytes());
        dims[10..12].copy_from_slice(&u16::MAX.to_le_bytes());
    });
    let err = decode_bytes("dims.xls", &bytes, &DecodeOptions::default()).unwrap_err();
    assert_eq!(err.code(), "decode.declared_too_large");
    assert!(err.to_string().contains("dims.xls"), "{err}");
}

#[test]
fn an_xls_whose_cells_span_the_whole_sheet_is_refused() {
    // Move the first value cell of the fixture to the last cell of the sheet (IV65536): the
    // rectangle calamine fills from A1 to there is 16.7 million cells.
    let mut bytes = std::fs::read(fixture("workbook.xls")).unwrap();
    let labelsst = bytes.windows(4).position(|w| w == [0xFD, 0x00, 0x0A, 0x00]).unwrap();
    bytes[labelsst + 4..labelsst + 8].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0x00]);
    let err = decode_bytes("far.xls", &bytes, &DecodeOptions::default()).unwrap_err();
    assert_eq!(err.code(), "decode.sheet_too_sparse", "{err}");
    assert!(err.to_string().contains("max_sheet_area"), "{err}");
}

/// The .ods fixture with `row` (a `table:table-row` element) inserted before the first row
/// of its first sheet.
fn ods_with_row(row: &str) -> Vec<u8> {
    let bytes = std::fs::read(fixture("workbook.ods")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        if name == "content.xml" {
            let text = String::from_utf8(data).unwrap();
            let at = text.find("<table:table-row").unwrap();
            data = format!("{}{row}{}", &text[..at], &text[at..]).into_bytes();
        }
        entries.push((name, data));
    }
    let borrowed: Vec<(&str, &[u8])> =
        entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    zip_of(&borrowed)
}

#[test]
fn an_ods_cell_repeated_over_a_million_rows_is_refused_before_calamine_builds_it() {
    // 200 bytes of XML that calamine would expand into 16.7 billion cells.
    let bytes = ods_with_row(
        r#"<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16000" office:value-type="float" office:value="1"/></table:table-row>"#,
    );
    let err = decode_bytes("repeat.ods", &bytes, &DecodeOptions::default()).unwrap_err();
    assert_eq!(err.code(), "decode.too_large", "{err}");
    assert!(err.to_string().contains("max_cells"), "{err}");
    // A sparse rectangle with few cells is refused by the area limit instead.
    let sparse = ods_with_row(
        r#"<table:table-row table:number-rows-repeated="900000"><table:table-cell table:number-columns-repeated="1000"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
    );
    let err = decode_bytes("sparse.ods", &sparse, &DecodeOptions::default()).unwrap_err();
    assert_eq!(err.code(), "decode.sheet_too_sparse", "{err}");
}

#[test]
fn an_ods_space_run_of_billions_is_refused_before_calamine_writes_it_out() {
    // `text:s text:c="n"` stands for n spaces, which calamine writes out one by one.
    let bytes = ods_with_row(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="3000000000"/>b</text:p></table:table-cell></table:table-row>"#,
    );
    let err = decode_bytes("spaces.ods", &bytes, &DecodeOptions::default()).unwrap_err();
    assert_eq!(err.code(), "decode.too_large", "{err}");
    assert!(err.to_string().contains("max_cell_bytes"), "{err}");
}

#[test]
fn a_long_shared_string_copied_into_many_cells_is_refused() {
    // One 30 KB shared string (Excel's cell limit is 32,767 characters) used by 400 cells:
    // 12 MB once calamine copies it into each.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let long: String = ('a'..='z').cycle().take(30_000).collect();
    for row in 0..400 {
        sheet.write_string(row, 0, &long).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let opts = DecodeOptions { max_unzipped_bytes: 10 << 20, ..DecodeOptions::default() };
    let err = decode_bytes("shared.xlsx", &bytes, &opts).unwrap_err();
    assert_eq!(err.code(), "decode.too_large", "{err}");
    assert!(err.to_string().contains("max_unzipped_bytes"), "{err}");
    // The same workbook within the default limits reads.
    assert_eq!(decode_code("shared.xlsx", &bytes, &DecodeOptions::default()), "ok");
}

// Limits: zip bombs

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    let zeros = vec![0u8; 4 << 20];
    let bomb = zip_of(&[("xl/workbook.xml", b"<workbook/>"), ("xl/sharedStrings.xml", &zeros)]);
    let err = decode_bytes("bomb.xlsx", &bomb, &DecodeOptions::default()).unwrap_err();
    assert_eq!(err.code(), "decode.zip_bomb");
    assert!(err.to_string().contains("xl/sharedStrings.xml"), "{err}");
    assert!(err.to_string().contains("max_zip_ratio"), "{err}");
}

#[test]
fn the_unzipped_total_is_limited() {
    let bytes = std::fs::read(fixture("workbook.xlsx")).unwrap();
    let small = DecodeOptions { max_unzipped_bytes: 1000, ..DecodeOptions::default() };
    assert_eq!(decode_code("workbook.xlsx", &bytes, &small), "decode.too_large");
    assert_eq!(decode_code("workbook.xlsx", &bytes, &DecodeOptions::default()), "ok");
    let ods = std::fs::read(fixture("workbook.ods")).unwrap();
    assert_eq!(decode_code("workbook.ods", &ods, &small), "decode.too_large");
}

// Limits: HTML nesting

#[test]
fn deeply_nested_html_tables_are_refused() {
    let html = format!("<table>{}<tr><td>x</td></tr>", "<tr><td><table>".repeat(100_000));
    let err = decode_bytes("deep.xls", html.as_bytes(), &DecodeOptions::default()).unwrap_err();
    assert_eq!(err.code(), "decode.too_deep");
    assert!(err.to_string().contains("max_html_depth"), "{err}");
    let shallow = format!("<table>{}<tr><td>x</td></tr>", "<tr><td><table>".repeat(3));
    assert_eq!(decode_code("ok.xls", shallow.as_bytes(), &DecodeOptions::default()), "ok");
}

#[test]
fn deeply_nested_cell_html_is_cleaned_without_recursion() {
    // 400,000 nested elements: a recursive cleaner would overflow the test thread's stack.
    let raw = format!("{}text{}", "<div><span>".repeat(200_000), "</span></div>".repeat(200_000));
    assert_eq!(sheetwash::decode::to_plain_text(&raw), "text");
}

// Limits: time budget

#[test]
fn a_file_over_its_time_budget_gives_a_timeout_and_the_batch_goes_on() {
    let opts = ConvertOptions { timeout: Some(Duration::from_nanos(1)), ..Default::default() };
    let err = convert::convert_path(&fixture("workbook.xlsx"), &opts).unwrap_err();
    assert_eq!(err.code(), "convert.timeout");
    assert!(err.to_string().contains("workbook.xlsx"), "{err}");
    let generous = ConvertOptions::default();
    assert!(convert::convert_path(&fixture("workbook.xlsx"), &generous).is_ok());

    let dir = tempfile::tempdir().unwrap();
    sheetwash()
        .args(["convert", "--timeout", "0.000000001"])
        .arg(fixture("workbook.xlsx"))
        .arg(fixture("003_138cb865a8138cb2.txt"))
        .arg("-o")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("workbook.xlsx").and(predicate::str::contains("--timeout")),
        );
    sheetwash().args(["convert", "--timeout", "-1", "x"]).assert().code(2);
}

// Safe paths

#[cfg(unix)]
#[test]
fn symlinks_inside_input_directories_are_followed_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (input, outside) = (dir.path().join("in"), dir.path().join("outside"));
    std::fs::create_dir_all(&input).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(input.join("a.csv"), "x,y\n1,2\n").unwrap();
    std::fs::write(outside.join("secret.csv"), "s,t\n3,4\n").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.csv"), input.join("link.csv")).unwrap();
    std::os::unix::fs::symlink(&input, input.join("loop")).unwrap();
    let out = dir.path().join("out");
    sheetwash().arg("convert").arg(&input).arg("-o").arg(&out).assert().success();
    assert!(out.join("a.csv.json").is_file());
    assert!(!out.join("link.csv.json").exists());
    let followed = dir.path().join("followed");
    sheetwash()
        .args(["convert", "--follow-symlinks"])
        .arg(&input)
        .arg("-o")
        .arg(&followed)
        .assert()
        .success();
    assert!(followed.join("link.csv.json").is_file());
    assert!(followed.join("a.csv.json").is_file());
}

#[cfg(unix)]
#[test]
fn output_through_a_symlinked_subdirectory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::write(input.join("sub/x.csv"), "x,y\n1,2\n").unwrap();
    std::fs::write(input.join("top.csv"), "x,y\n1,2\n").unwrap();
    let (out, elsewhere) = (dir.path().join("out"), dir.path().join("elsewhere"));
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("sub")).unwrap();
    sheetwash()
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("symbolic link"));
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert!(out.join("top.csv.json").is_file());
}

#[cfg(unix)]
#[test]
fn control_characters_in_names_are_sanitized_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("a\u{1b}[31mb\nc.csv"), "x,y\n1,2\n").unwrap();
    let out = dir.path().join("out");
    let assert = sheetwash().arg("convert").arg(&input).arg("-o").arg(&out).assert().success();
    assert!(!assert.get_output().stderr.contains(&0x1b));
    assert!(out.join("a_[31mb_c.csv.json").is_file());
}

// Untrusted text on the terminal

#[test]
fn error_lines_escape_control_characters_and_ansi_sequences() {
    let assert =
        sheetwash().args(["convert", "no\u{1b}[2Jsuch\u{1b}]0;pwned\u{7}.csv"]).assert().code(1);
    let stderr = assert.get_output().stderr.clone();
    assert!(!stderr.iter().any(|&b| b == 0x1b || b == 0x07), "{stderr:?}");
    let stderr = String::from_utf8(stderr).unwrap();
    assert!(stderr.contains("no\\u{1b}[2Jsuch\\u{1b}]0;pwned\\u{7}.csv"), "{stderr}");
    // The error stays on one line; the other line is the run's summary.
    let errors = stderr.lines().filter(|l| l.starts_with("sheetwash: error: ")).count();
    assert_eq!(errors, 1, "{stderr}");
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
}

#[test]
fn inspect_escapes_cell_text_and_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil\u{1b}[1m.csv");
    std::fs::write(&path, "\u{1b}[2J\u{1b}[31mred,\u{9b}1m\nb,c\n").unwrap();
    let assert = sheetwash().arg("inspect").arg(&path).assert().success();
    let stdout = assert.get_output().stdout.clone();
    assert!(!stdout.contains(&0x1b), "{}", String::from_utf8_lossy(&stdout));
    assert!(!String::from_utf8(stdout.clone()).unwrap().contains('\u{9b}'));
    assert!(String::from_utf8(stdout).unwrap().contains("evil\\u{1b}[1m.csv"));
}

#[test]
fn value_issue_lines_escape_the_cell_text() {
    // U+0085 (NEL, a C1 control) is trimmed as white space by the parser, so the date still
    // parses and its issue line quotes the cell text, control character and all.
    let assert = sheetwash().args(["value", "H31.5.1\u{85}"]).assert().success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("normalize.era_overflow H31.5.1\\u{85}:"), "{stderr}");
    assert!(!stderr.contains('\u{85}'), "{stderr:?}");
    let assert = sheetwash().args(["value", "--context", "numeric", "1\u{1b}[2J2"]).assert();
    assert!(!assert.get_output().stderr.contains(&0x1b));
}

// Untrusted text in the validate reports

#[test]
fn the_html_report_holds_only_escaped_forms_of_cell_text_and_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let planted = std::fs::read_to_string(fixture("submissions/planted.txt")).unwrap();
    let evil = "<script>alert(1)</script>\"'&\u{202e}txt.exe\u{1b}[31m";
    let path = dir.path().join("evil\"<b>.txt");
    std::fs::write(&path, planted.replace("順調に推移", evil)).unwrap();
    let page = dir.path().join("report.html");
    sheetwash().arg("validate").arg(&path).arg("--report").arg(&page).assert().code(1);
    let html = std::fs::read_to_string(&page).unwrap();
    for raw in ["<script", "</script", "<b>", "\u{1b}", "\u{202e}", "\"'&"] {
        assert!(!html.contains(raw), "{raw:?} raw in the page");
    }
    let escaped =
        "&lt;script&gt;alert(1)&lt;&#x2F;script&gt;&quot;&#x27;&amp;\\u{202e}txt.exe\\u{1b}[31m";
    assert!(html.contains(&format!("<td class=\"raw\">{escaped}</td>")), "{html}");
    assert!(html.contains("evil&quot;&lt;b&gt;.txt"));
}

// Atomic output under SIGKILL

/// Every `.json` in `dir` parses; returns how many there are. Temporary files are ignored
/// (they are never named `*.json`).
fn complete_outputs(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut count = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let extension = Path::new(&name).extension().and_then(|e| e.to_str()).unwrap_or("");
        if extension == "json" {
            let bytes = std::fs::read(entry.path()).unwrap();
            let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&bytes);
            assert!(parsed.is_ok(), "half-written output {name}");
            count += 1;
        } else {
            assert!(name.starts_with(".sheetwash-") && extension == "tmp", "{name}");
        }
    }
    count
}

#[test]
fn a_batch_killed_mid_run_leaves_no_half_written_json_and_a_rerun_completes_it() {
    let (_dir, input, out) = common::batch_of_copies(&fixture("003_138cb865a8138cb2.txt"), 200);
    let bin = env!("CARGO_BIN_EXE_sheetwash");
    let mut child = std::process::Command::new(bin)
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while complete_outputs(&out) == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let written = complete_outputs(&out);
    assert!(written > 0, "nothing was written before the kill");
    sheetwash().arg("convert").arg(&input).arg("-o").arg(&out).assert().success();
    assert_eq!(complete_outputs(&out), 200);
}

#[test]
fn a_large_output_is_never_visible_half_written() {
    // An 11 MB output takes milliseconds to write: the test kills the run the moment the
    // output's name appears. Written in place, the file would exist (and be cut off) while
    // it is being written; written atomically, its name appears only once it is complete.
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("big.csv"), dir.path().join("out"));
    let mut csv = String::from("指標,R2,R3,R4,担当課\n");
    for i in 0..6_000 {
        let (people, year, minus) = (i * 37 % 99_991, i % 6 + 1, i % 997);
        writeln!(csv, "指標{i},{people},R{year}年度,△{minus},企画課").unwrap();
    }
    std::fs::write(&input, csv).unwrap();
    let target = out.join("big.csv.json");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sheetwash"))
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while !target.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_micros(100));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(target.exists(), "no output within the deadline");
    let bytes = std::fs::read(&target).unwrap();
    let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&bytes);
    assert!(parsed.is_ok(), "half-written output: {} bytes", bytes.len());
}
