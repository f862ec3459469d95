//! The human reports of `sheetwash validate` (issue #6): the HTML page, rendered for real in
//! headless Chromium (DOM and screenshot), and the annotated .xlsx copy, read back with
//! calamine and unzipped for its notes and fills.
//!
//! Chromium is Debian's `chromium` package at `/usr/bin/chromium` (`.ci/run` installs it).
//! Without it the browser test says so loudly on stderr (uncaptured, so it shows in a
//! passing run) and is skipped, unless
//! `SHEETWASH_REQUIRE_CHROMIUM=1` (set by `.ci/run` when the install worked): then a missing
//! browser fails the test. The screenshot is saved as `target/test-output/validate-report.png`.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};

use sheetwash::convert::{ConvertOptions, convert_path};
use sheetwash::model::{Finding, a1};
use sheetwash::validate::{Rules, validate};

fn sheetwash() -> Command {
    Command::cargo_bin("sheetwash").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

fn planted_rules() -> Rules {
    let text = std::fs::read_to_string(fixture("submissions/planted.toml")).unwrap();
    Rules::from_toml(&text).unwrap()
}

/// The planted findings, from the library.
fn planted_findings() -> Vec<Finding> {
    let document =
        convert_path(&fixture("submissions/planted.txt"), &ConvertOptions::default()).unwrap();
    validate(&document, &planted_rules())
}

/// What the hostile cell holds: markup, quotes, an ampersand, a right-to-left override and an
/// ANSI escape.
const HOSTILE: &str = "<script>alert(1)</script>\"'&\u{202e}\u{1b}[31m順調";

/// The planted sheet with `順調に推移` (13:6, not a number) replaced by [`HOSTILE`], in a file
/// whose name holds markup too.
fn hostile_submission(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(fixture("submissions/planted.txt")).unwrap();
    let path = dir.join("hostile<i>.txt");
    std::fs::write(&path, text.replace("順調に推移", HOSTILE)).unwrap();
    path
}

/// `target/test-output/`, created.
fn test_output() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(tmp).join("test-output");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `sheetwash validate` on the inputs with the planted rules and the reports.
fn validate_with_reports(inputs: &[&Path], reports: &[&Path]) -> std::process::Output {
    let mut command = sheetwash();
    command.arg("validate").args(inputs).arg("--rules").arg(fixture("submissions/planted.toml"));
    for report in reports {
        command.arg("--report").arg(report);
    }
    command.output().unwrap()
}

// The HTML page in Chromium

const CHROMIUM: &str = "/usr/bin/chromium";

/// The browser, or `None` after a loud banner; a failure when `SHEETWASH_REQUIRE_CHROMIUM=1`.
fn chromium() -> Option<&'static Path> {
    if Path::new(CHROMIUM).exists() {
        return Some(Path::new(CHROMIUM));
    }
    let required = std::env::var("SHEETWASH_REQUIRE_CHROMIUM").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "chromium not found at {CHROMIUM}, and SHEETWASH_REQUIRE_CHROMIUM=1 says it must be"
    );
    let rule = "=".repeat(78);
    loud(&format!(
        "\n{rule}\nSKIPPED: chromium not found at {CHROMIUM} — install Debian's chromium \
         package\n(.ci/run does). The HTML report was NOT checked in a browser.\n{rule}\n"
    ));
    None
}

/// Writes to the real standard error: `eprintln!` output of a passing test is captured by
/// the test harness and never shown, which would make a skip silent.
fn loud(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Runs headless Chromium on a file with extra arguments, killed (with its whole process
/// group) after 60 s; returns its standard output.
fn run_chromium(browser: &Path, page: &Path, extra: &[&str]) -> String {
    let scratch = tempfile::tempdir().unwrap();
    let profile = scratch.path().join("profile");
    let stdout_path = scratch.path().join("stdout");
    let stderr_path = scratch.path().join("stderr");
    let mut child = Process::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .process_group(0)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            // The browser's helpers share its process group: end them all.
            let group = format!("-{}", child.id());
            let _ = Process::new("kill").args(["-KILL", "--", &group]).status();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.is_some(), "chromium did not finish within 60 s ({extra:?})");
    let status = status.unwrap();
    let mut stdout = String::new();
    std::fs::File::open(&stdout_path).unwrap().read_to_string(&mut stdout).unwrap();
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    assert!(status.success(), "chromium failed ({status}): {stderr}");
    stdout
}

#[test]
fn the_html_report_renders_in_chromium_with_every_planted_finding_and_no_script() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_submission(dir.path());
    let page = test_output().join("validate-report.html");
    let planted = fixture("submissions/planted.txt");
    let output = validate_with_reports(&[&planted, &hostile], &[&page]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("<script") && !html.contains('\u{1b}') && !html.contains('\u{202e}'));

    let Some(browser) = chromium() else { return };
    let dom = run_chromium(browser, &page, &["--dump-dom"]);
    // Every planted finding: its code, its place and the cell as written.
    for finding in planted_findings() {
        assert!(dom.contains(&finding.code), "{} not shown", finding.code);
        let at = &finding.provenance;
        let place = format!("{}行 {}列", at.line.unwrap(), at.col.unwrap());
        assert!(dom.contains(&place), "{place} not shown");
        if let Some(raw) = &finding.raw {
            let shown = raw.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            assert!(dom.contains(&shown), "raw {raw:?} not shown");
        }
    }
    for text in ["提出データの検査結果", "担当課: 商工観光課", "担当課: 地域開発推課", "担当課不明"]
    {
        assert!(dom.contains(text), "{text} not shown");
    }
    // The hostile cell is text: escaped markup, visible escapes, and no script element.
    assert!(!dom.to_lowercase().contains("<script"), "a script element in the DOM");
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;\"'&amp;\\u{202e}\\u{1b}[31m順調"));
    assert!(dom.contains("hostile&lt;i&gt;.txt"));
    assert!(!dom.contains('\u{1b}') && !dom.contains('\u{202e}'));

    let png = test_output().join("validate-report.png");
    let _ = std::fs::remove_file(&png);
    let shot = format!("--screenshot={}", png.display());
    run_chromium(browser, &page, &[&shot, "--window-size=1280,2000", "--hide-scrollbars"]);
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let size = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    assert_eq!((size(16), size(20)), (1280, 2000), "IHDR width and height");
    assert!(bytes.len() > 20_000, "a blank page? {} bytes", bytes.len());
    loud(&format!("screenshot: {}", png.display()));
}

// The annotated .xlsx copy

/// The cells of one sheet as text, by 0-based (row, col).
fn sheet_cells(path: &Path, sheet: &str) -> BTreeMap<(u32, u32), String> {
    let mut workbook: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut cells = BTreeMap::new();
    for (r, row) in range.rows().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !matches!(cell, Data::Empty) {
                let at = (row0 + u32::try_from(r).unwrap(), col0 + u32::try_from(c).unwrap());
                cells.insert(at, cell.to_string());
            }
        }
    }
    cells
}

/// A part of the .xlsx zip as text.
fn part(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The notes of a sheet's comments part, by cell reference.
fn notes(comments: &str) -> BTreeMap<String, String> {
    comments
        .split("<comment ref=\"")
        .skip(1)
        .map(|chunk| {
            let (cell, rest) = chunk.split_once('"').unwrap();
            (cell.to_owned(), rest.split("</comment>").next().unwrap().to_owned())
        })
        .collect()
}

/// The value of attribute `name` in the first tag of `xml` that starts with `tag`.
fn attribute(xml: &str, tag: &str, name: &str) -> Option<String> {
    let start = xml.find(tag)?;
    let element = xml.get(start..)?.split('>').next()?;
    let value = element.split(&format!(" {name}=\"")).nth(1)?;
    Some(value.split('"').next()?.to_owned())
}

/// The fill color (`FFFFC7CE`) of cell `cell` of a sheet part, through styles.xml.
fn fill_of(sheet_xml: &str, styles: &str, cell: &str) -> Option<String> {
    let style: usize = attribute(sheet_xml, &format!("<c r=\"{cell}\""), "s")?.parse().ok()?;
    let xfs = styles.split("<cellXfs").nth(1)?.split("</cellXfs>").next()?;
    let xf = xfs.split("<xf ").nth(style + 1)?;
    let fill: usize = attribute(&format!("<xf {xf}"), "<xf", "fillId")?.parse().ok()?;
    let fills = styles.split("<fills").nth(1)?.split("</fills>").next()?;
    let fill = fills.split("<fill>").nth(fill + 1)?;
    attribute(fill, "<fgColor", "rgb")
}

#[test]
fn the_xlsx_copy_holds_the_cells_and_every_finding_as_a_note_and_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("planted-checked.xlsx");
    let output = validate_with_reports(&[&fixture("submissions/planted.txt")], &[&out]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let _ = std::fs::copy(&out, test_output().join("validate-report.xlsx"));

    let workbook: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(workbook.sheet_names(), ["検査結果", "planted"]);
    // The copy: each line's fields at row = line, column = field.
    let copy = sheet_cells(&out, "planted");
    assert_eq!(copy[&(12, 5)], "順調に推移");
    assert_eq!(copy[&(11, 6)], "1,510人");
    assert_eq!(copy[&(22, 9)], "A-");
    assert_eq!(copy[&(13, 10)], "地域開発推課");
    assert_eq!(copy[&(2, 0)], "第3期小郡市まち・ひと・しごと創生総合戦略の策定に係る調査表");

    let findings = planted_findings();
    // The findings sheet: one row per finding, code and a link to its cell in the copy.
    let listed = sheet_cells(&out, "検査結果");
    let rows: Vec<(String, String)> = (4..)
        .map_while(|r| Some((listed.get(&(r, 2))?.clone(), listed.get(&(r, 4))?.clone())))
        .collect();
    let expected: Vec<(String, String)> = findings
        .iter()
        .map(|f| {
            let (line, col) = (f.provenance.line.unwrap(), f.provenance.col.unwrap());
            (f.code.clone(), format!("planted!{}({line}行 {col}列)", a1(line, col)))
        })
        .collect();
    assert_eq!(rows, expected);
    let sheet1 = part(&out, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("location=\"'planted'!F13\""), "no link to F13");

    // Notes at the planted cells, fills by severity.
    let notes = notes(&part(&out, "xl/comments1.xml"));
    for finding in &findings {
        let at = &finding.provenance;
        let cell = a1(at.line.unwrap(), at.col.unwrap());
        let note = notes.get(&cell).unwrap_or_else(|| panic!("no note at {cell}"));
        assert!(note.contains(&format!("[{}]", finding.code)), "{cell}: {note}");
    }
    // A measure's field and an item's yearly result: the note is on the text's own cell,
    // not on the record's first cell (the measure's name A30, the item's 項目番号 A62).
    assert!(notes["B30"].contains("[validate.duplicate_phrase]"), "{notes:?}");
    assert!(notes["F32"].contains("[validate.duplicate_row]"), "{notes:?}");
    assert!(notes["B66"].contains("[validate.duplicate_phrase]"), "{notes:?}");
    assert!(!notes.contains_key("A30") && !notes.contains_key("A62"), "{notes:?}");
    let styles = part(&out, "xl/styles.xml");
    let sheet2 = part(&out, "xl/worksheets/sheet2.xml");
    assert_eq!(fill_of(&sheet2, &styles, "F13").as_deref(), Some("FFFFC7CE"), "error fill");
    assert_eq!(fill_of(&sheet2, &styles, "G12").as_deref(), Some("FFFFEB9C"), "warning fill");
    assert_eq!(fill_of(&sheet2, &styles, "E13"), None, "an unmarked cell");
    // An unknown department: the note and the error fill are on its 担当課 cell (K14), where
    // the clerk corrects it, not on the KPI's name (B14).
    assert!(notes["K14"].contains("[validate.unknown_department]"), "{notes:?}");
    assert!(!notes.contains_key("B14"), "{notes:?}");
    assert_eq!(fill_of(&sheet2, &styles, "K14").as_deref(), Some("FFFFC7CE"), "error fill");
}

#[test]
fn the_xlsx_copy_of_a_workbook_keeps_its_sheet_and_cells() {
    let text = std::fs::read_to_string(fixture("submissions/planted.txt")).unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.add_worksheet().set_name("表紙").unwrap().write_string(0, 0, "表紙").unwrap();
    let sheet = workbook.add_worksheet().set_name("KPI").unwrap();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split('\t').enumerate().filter(|(_, cell)| !cell.is_empty()) {
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            sheet.write_string(r, c, cell).unwrap();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("planted.xlsx");
    workbook.save(&input).unwrap();
    let out = dir.path().join("checked.xlsx");
    let output = validate_with_reports(&[&input], &[&out]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));

    let copy: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(copy.sheet_names(), ["検査結果", "表紙", "KPI"]);
    assert_eq!(sheet_cells(&out, "KPI")[&(22, 9)], "A-");
    let listed = sheet_cells(&out, "検査結果");
    assert!(listed.values().any(|v| v == "KPI!J23"), "{listed:?}");
    // The KPI sheet is the third part; its notes are in the first comments part.
    let notes = notes(&part(&out, "xl/comments1.xml"));
    assert!(notes["J23"].contains("[validate.grade_mismatch]"), "{notes:?}");
    assert!(notes["F13"].contains("[validate.not_numeric]"), "{notes:?}");
}
