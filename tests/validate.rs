//! The validate stage on a planted submission (one error per check, each at a known cell) and
//! on the five seed documents (only their genuine anomalies), and `sheetwash validate` itself.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

use sheetwash::convert::{ConvertOptions, convert_path};
use sheetwash::model::{Finding, Severity};
use sheetwash::validate::{Rules, validate};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

fn findings(name: &str, rules: &Rules) -> Vec<Finding> {
    let document = convert_path(&fixture(name), &ConvertOptions::default()).unwrap();
    validate(&document, rules)
}

fn planted_rules() -> Rules {
    let text = std::fs::read_to_string(fixture("submissions/planted.toml")).unwrap();
    Rules::from_toml(&text).unwrap()
}

/// `code@line:col` (col omitted when the finding names a whole record).
fn key(finding: &Finding) -> String {
    let at = &finding.provenance;
    let line = at.line.or(at.row).unwrap_or(0);
    match at.col {
        Some(col) => format!("{}@{line}:{col}", finding.code),
        None => format!("{}@{line}", finding.code),
    }
}

// The planted submission

#[test]
fn every_planted_error_is_found_at_its_cell_and_nothing_else() {
    let found = findings("submissions/planted.txt", &planted_rules());
    let keys: Vec<String> = found.iter().map(key).collect();
    let expected = [
        "validate.magnitude_jump@12:7", // 創業者数 R4 1,510人 between 111人 and 146人
        "validate.not_numeric@13:6",    // 新規就農者数 R3 "順調に推移"
        "validate.unknown_department@14:2", // 地域開発推課 (did you mean 地域開発推進課)
        "validate.unit_mismatch@14:7",  // 企業訪問件数 R4 1.2千人 among 人
        "validate.required_empty@15:2", // 市内求人数: no department
        "validate.duplicate_kpi@16:2",  // 民間開発による企業立地の支援件数 again in 1(1)
        "validate.required_empty@17:8", // 就職相談件数: R5 (current year) actual "-"
        "validate.relisted_dangling@18:13", // 職業訓練修了者数（再掲）: no original
        "normalize.year_overrides_header@19:4", // 100人 (H31.5.1) under H30基準値
        "validate.era_date_impossible@19:4", // H31.5.1 does not exist (令和 from 5/1)
        "normalize.year_overrides_header@20:6", // 33件 (R2) under R3実績
        "validate.year_duplicate@20:6", // … so 2020 is given twice
        "normalize.year_overrides_header@21:7", // 56人 (H29) under R4実績
        "validate.year_outside_period@21:7", // … 2017 is outside 第2期 (2020–2024)
        "validate.move_target_missing@22:2", // 9(9)へ移動: there is no section 9(9)
        "validate.grade_mismatch@23:10", // 観光案内件数 A- but 60 ÷ 100 = 60% is B
    ];
    assert_eq!(keys, expected, "{found:#?}");
}

#[test]
fn the_planted_submission_as_xlsx_gives_the_same_findings_at_the_same_cells() {
    let text = std::fs::read_to_string(fixture("submissions/planted.txt")).unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet().set_name("KPI").unwrap();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split('\t').enumerate().filter(|(_, cell)| !cell.is_empty()) {
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            sheet.write_string(r, c, cell).unwrap();
        }
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let document =
        sheetwash::convert::convert_bytes("planted.xlsx", &bytes, &ConvertOptions::default())
            .unwrap();
    let from_xlsx = validate(&document, &planted_rules());
    let from_text = findings("submissions/planted.txt", &planted_rules());
    let keys = |found: &[Finding]| found.iter().map(key).collect::<Vec<_>>();
    assert_eq!(keys(&from_xlsx), keys(&from_text), "{from_xlsx:#?}");
    let grade = from_xlsx.iter().find(|f| f.code == "validate.grade_mismatch").unwrap();
    assert_eq!(grade.provenance.cell.as_deref(), Some("J23"));
    assert_eq!(grade.provenance.sheet.as_deref(), Some("KPI"));
}

#[test]
fn planted_findings_carry_raw_text_record_and_both_languages() {
    let found = findings("submissions/planted.txt", &planted_rules());
    let by_code = |code: &str| found.iter().find(|f| f.code == code).unwrap();
    assert_eq!(by_code("validate.not_numeric").raw.as_deref(), Some("順調に推移"));
    assert_eq!(by_code("validate.unit_mismatch").raw.as_deref(), Some("1.2千人"));
    let department = by_code("validate.unknown_department");
    assert_eq!(department.raw.as_deref(), Some("地域開発推課"));
    assert!(department.message.contains("did you mean \"地域開発推進課\""), "{department:?}");
    assert!(department.message_ja.contains("地域開発推進課"), "{department:?}");
    let grade = by_code("validate.grade_mismatch");
    assert_eq!(grade.raw.as_deref(), Some("A-"));
    assert!(grade.message.contains("60 ÷ 100 = 60%"), "{grade:?}");
    for finding in &found {
        assert!(finding.record.is_some(), "{finding:?}");
        assert!(!finding.message_ja.is_empty() && finding.message != finding.message_ja);
    }
}

#[test]
fn severity_overrides_apply_and_off_drops_a_code() {
    let mut rules = planted_rules();
    rules.severity.insert("validate.grade_mismatch".into(), sheetwash::validate::Level::Off);
    rules.severity.insert("validate.duplicate_kpi".into(), sheetwash::validate::Level::Warning);
    let found = findings("submissions/planted.txt", &rules);
    assert!(found.iter().all(|f| f.code != "validate.grade_mismatch"));
    let duplicate = found.iter().find(|f| f.code == "validate.duplicate_kpi").unwrap();
    assert_eq!(duplicate.severity, Severity::Warning);
}

#[test]
fn without_rules_the_office_specific_checks_stay_quiet() {
    // No department list, no current year, no legend for A+/A-/B/C.
    let found = findings("submissions/planted.txt", &Rules::default());
    for code in ["validate.unknown_department", "validate.grade_mismatch"] {
        assert!(found.iter().all(|f| f.code != code), "{code}");
    }
    assert!(!found.iter().any(|f| f.key_is("validate.required_empty@17:8")));
}

trait Key {
    fn key_is(&self, key: &str) -> bool;
}

impl Key for Finding {
    fn key_is(&self, expected: &str) -> bool {
        key(self) == expected
    }
}

// The seed documents, with the default rules: only genuine anomalies

/// The stage's own findings (`validate.*`) of a seed, as `code@line:col`.
fn own_findings(name: &str) -> Vec<String> {
    let found = findings(name, &Rules::default());
    found.iter().filter(|f| f.code.starts_with("validate.")).map(key).collect()
}

/// The passed-through warnings of a seed, counted by code.
fn passed_through(name: &str) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for finding in findings(name, &Rules::default()) {
        if !finding.code.starts_with("validate.") {
            assert_eq!(finding.severity, Severity::Warning, "{finding:?}");
            *counts.entry(finding.code).or_insert(0) += 1;
        }
    }
    counts
}

#[test]
fn seed_000_findings_are_genuine() {
    assert_eq!(
        own_findings("000_74bc9d9ecc966527.txt"),
        [
            // ふるさと納税リピーター者数: R3 and R4 actuals in 件, every other value in 人.
            "validate.unit_mismatch@54:5",
            "validate.unit_mismatch@54:6",
            // 合計特殊出生率: "1.44 (R1)" under R2実績 names 2019, before 第2期 (R2–R6).
            "validate.year_outside_period@128:4",
            // New 4(4)/4(5) KPIs printed with a name only: no 担当課.
            "validate.required_empty@235:4",
            "validate.required_empty@237:4",
            "validate.required_empty@272:4",
        ]
    );
    // A+/A-/B/C has no legend in 000 (guide §4.10(a)): no grade is checked.
}

#[test]
fn seed_002_findings_are_genuine() {
    assert_eq!(
        own_findings("002_8328d9d9bf0fbedf.txt"),
        [
            // This sheet prints no baseline; 75/80 = 94% would be △ (the × follows the 70.8%
            // baseline printed at :114).
            "validate.grade_mismatch@599:6",
            // R1 actual "100.0%" for a KPI counted in 人 (target 1,000人).
            "validate.unit_mismatch@924:6",
            // Guide §4.10(b): × where the plain rate is 82% and there is no baseline.
            "validate.grade_mismatch@1187:7",
            // Baseline 4.2万人 and target 7万人, actuals in 人: the scales disagree.
            "validate.unit_mismatch@1357:2",
            "validate.unit_mismatch@1357:2",
            // Guide §4.10(b): △ although the progress rate is 63%.
            "validate.grade_mismatch@1394:6",
            // H27 actual written as prose: "整備完了".
            "validate.not_numeric@1458:6",
            // △ for 3387/5000 = 68% (no baseline): below 70%, so × under the legend.
            "validate.grade_mismatch@1503:7",
            // Guide §4.10(b): × although both rates are at least 86%.
            "validate.grade_mismatch@1529:7",
            // 待機児童数 (lower is better, guide §4.10(b)): 78 against a target of 70 is 90%, △.
            "validate.grade_mismatch@1641:6",
            // Guide §4.10(b): △ although the progress rate is 58% and 27%.
            "validate.grade_mismatch@1850:7",
            "validate.grade_mismatch@1915:7",
            // Baseline 109万㎡, targets and actuals in %.
            "validate.unit_mismatch@1956:2",
        ]
    );
}

#[test]
fn seeds_001_003_004_have_no_findings_of_their_own() {
    for name in ["001_1783ff5150642431.txt", "003_138cb865a8138cb2.txt", "004_5988e3924460ef0c.txt"]
    {
        assert_eq!(own_findings(name), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn extract_warnings_are_passed_through_not_lost() {
    // Everything the extract stage could not place is in the report as a warning.
    let counts = passed_through("003_138cb865a8138cb2.txt");
    assert_eq!(counts.get("extract.row_unassigned"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("extract.code_open_ended"), Some(&1), "{counts:?}");
    let counts = passed_through("000_74bc9d9ecc966527.txt");
    assert!(counts.get("extract.header_missing").is_some_and(|n| *n > 0), "{counts:?}");
}

// The command

fn sheetwash() -> Command {
    Command::cargo_bin("sheetwash").unwrap()
}

#[test]
fn exit_status_follows_the_findings() {
    let planted = fixture("submissions/planted.txt");
    let rules = fixture("submissions/planted.toml");
    sheetwash().arg("validate").arg(&planted).arg("--rules").arg(&rules).assert().code(1);
    // 004 has warnings only.
    sheetwash().arg("validate").arg(fixture("004_5988e3924460ef0c.txt")).assert().code(0);
    sheetwash().arg("validate").arg(fixture("does-not-exist.txt")).assert().code(2);
    sheetwash()
        .args(["validate", "--rules"])
        .arg(fixture("README.md"))
        .arg(&planted)
        .assert()
        .code(2);
    let dir = tempfile::tempdir().unwrap();
    for unknown in ["report.pdf", "report", "report.xls"] {
        let path = dir.path().join(unknown);
        sheetwash()
            .arg("validate")
            .arg(&planted)
            .arg("--report")
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(".json, .html or .xlsx"));
        assert!(!path.exists());
    }
    sheetwash()
        .arg("validate")
        .arg(&planted)
        .args(["--report", "-", "--report", "-"])
        .assert()
        .code(2);
}

#[test]
fn every_report_format_follows_its_extension_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let (json, html, xlsx) =
        (dir.path().join("r.JSON"), dir.path().join("r.Html"), dir.path().join("r.XLSX"));
    sheetwash()
        .arg("validate")
        .arg(fixture("submissions/planted.txt"))
        .arg("--rules")
        .arg(fixture("submissions/planted.toml"))
        .args([OsStr::new("--report"), json.as_os_str(), OsStr::new("--report"), html.as_os_str()])
        .args([OsStr::new("--report"), xlsx.as_os_str()])
        .assert()
        .code(1);
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    sheetwash::emit::validate_report(&report).unwrap();
    let not_numeric = &report["files"][0]["findings"][1];
    assert_eq!(not_numeric["code"], "validate.not_numeric");
    assert_eq!(not_numeric["departments"], serde_json::json!(["農業振興課"]));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("validate.grade_mismatch"));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
}

#[test]
fn several_inputs_get_one_workbook_each() {
    let dir = tempfile::tempdir().unwrap();
    let planted = std::fs::read(fixture("submissions/planted.txt")).unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("planted.txt"), &planted).unwrap();
    }
    let out = dir.path().join("out").join("checked.xlsx");
    sheetwash()
        .arg("validate")
        .arg(dir.path().join("a").join("planted.txt"))
        .arg(dir.path().join("b").join("planted.txt"))
        .arg("--report")
        .arg(&out)
        .assert()
        .code(1);
    let mut written: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["checked-planted-2.xlsx", "checked-planted.xlsx"]);
}

#[test]
fn a_report_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("submission.xlsx");
    let text = std::fs::read(fixture("submissions/planted.txt")).unwrap();
    std::fs::write(&input, &text).unwrap();
    sheetwash()
        .arg("validate")
        .arg(&input)
        .arg("--report")
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("would overwrite an input"));
    assert_eq!(std::fs::read(&input).unwrap(), text);
}

#[test]
fn json_report_fits_its_schema() {
    let planted = fixture("submissions/planted.txt");
    let rules = fixture("submissions/planted.toml");
    let output = sheetwash()
        .arg("validate")
        .arg(&planted)
        .arg(fixture("missing.xlsx"))
        .arg("--rules")
        .arg(&rules)
        .args(["--report", "-"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    sheetwash::emit::validate_report(&report).unwrap();
    assert_eq!(report["schema"], "sheetwash/report/1");
    assert_eq!(report["files"][0]["status"], "errors");
    assert_eq!(report["files"][1]["status"], "unreadable");
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["errors"], 11);
    assert_eq!(report["summary"]["warnings"], 6);
    // The terminal summary went to stderr, plain (not a terminal).
    let summary = String::from_utf8(output.stderr).unwrap();
    assert!(summary.contains("validate.grade_mismatch"), "{summary}");
    assert!(!summary.contains('\u{1b}'), "{summary}");
}

#[test]
fn cell_text_never_reaches_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.txt");
    let planted = std::fs::read_to_string(fixture("submissions/planted.txt")).unwrap();
    std::fs::write(&path, planted.replace("順調に推移", "順調\u{1b}[2J\u{7}に推移")).unwrap();
    let output = sheetwash().arg("validate").arg(&path).output().unwrap();
    let summary = String::from_utf8(output.stdout).unwrap();
    assert!(summary.contains("順調\\u{1b}[2J\\u{7}に推移"), "{summary}");
    assert!(!summary.contains('\u{1b}') && !summary.contains('\u{7}'), "{summary}");
}

#[test]
fn default_rules_print_and_parse() {
    let output = sheetwash().args(["validate", "--print-default-rules"]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(Rules::from_toml(&text).unwrap(), Rules::default());
}
