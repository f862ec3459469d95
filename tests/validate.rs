//! The validate stage on a planted submission (one error per check, each at a known cell) and
//! on the five seed documents (only their genuine anomalies), and `sheetwash validate` itself.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::path::{Path, PathBuf};

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
        "validate.unit_mismatch@14:7",  // 企業訪問件数 R4 1.2千人 among 人
        "validate.unknown_department@14:2", // 地域開発推課 (did you mean 地域開発推進課)
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
