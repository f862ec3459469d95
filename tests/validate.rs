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
        "validate.unit_mismatch@14:7",  // 企業訪問件数 R4 1.2千人 among 人
        // 地域開発推課 (did you mean 地域開発推進課), at its R5担当課 cell ([10], col 11), where
        // the clerk corrects it; it was at the KPI's name (14:2) before departments carried
        // their provenance.
        "validate.unknown_department@14:11",
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
        "validate.conflicting_duplicate@27:6", // 市内求人数 again in 1(2): R3 225件, 220件 at 15:6
        "validate.duplicate_phrase@30:2", // "…支援します。します。" in the 施策の概要 cell
        "validate.duplicate_list_item@31:4", // ・創業者交流会の開催 twice in the 主な取組 cell
        "validate.duplicate_row@32:6",  // the 総括 cell copies the 施策の概要 word for word
        "validate.count_mismatch@37:3", // 1(1) counted A- 10, B 2; its KPI rows give A- 11, B 1
        "validate.sum_mismatch@39:6",   // 合計 14, but 12 + 1 = 0 + 11 + 2 + 0 = 13
        "validate.sum_mismatch@45:6",   // 増減 R5 △100, but 59,300 − 59,500 = −200
        "validate.duplicate_row@50:1",  // the 図書館 row twice
        "validate.not_provided@55:6",   // R7 empty in both budget cards: one finding
        "validate.not_provided@60:4",   // R5 empty in the second card only
        "validate.duplicate_phrase@66:2", // "…しました。しました。" in item No.1's R5 result
        "validate.narrative_arithmetic@68:1", // 100人→150人 is ×1.5, the text says 約2.0倍
        "validate.narrative_mismatch@69:1", // 職業訓練受講者数 10人 → 18人 is +8, not "18人増加"
    ];
    assert_eq!(keys, expected, "{found:#?}");
}

/// The findings about the texts of a measure's fields and an item's yearly result, by record:
/// (record, the record's first cell, the finding's cell). `place` names a location.
fn text_part_findings(
    document: &sheetwash::model::Document,
    place: impl Fn(&sheetwash::model::Location) -> String,
) -> Vec<(String, String, String)> {
    let text_checks =
        ["validate.duplicate_phrase", "validate.duplicate_list_item", "validate.duplicate_row"];
    validate(document, &planted_rules())
        .into_iter()
        .filter(|f| text_checks.contains(&f.code.as_str()))
        .filter_map(|f| {
            let id = f.record.clone()?;
            let record = document.records.iter().find(|r| r.common().id == id)?;
            let kind = record.type_name();
            (kind == "measure" || kind == "item")
                .then(|| (id, place(&record.common().provenance), place(&f.provenance)))
        })
        .collect()
}

#[test]
fn text_findings_are_at_the_field_or_result_cell_not_at_the_record() {
    // The text: line:col of the field's own cell; the record starts at its name (col 1).
    let document =
        convert_path(&fixture("submissions/planted.txt"), &ConvertOptions::default()).unwrap();
    let line_col = |at: &sheetwash::model::Location| {
        format!("{}:{}", at.line.unwrap_or(0), at.col.unwrap_or(0))
    };
    let found = text_part_findings(&document, line_col);
    let owned = |(id, record, cell): (&str, &str, &str)| (id.into(), record.into(), cell.into());
    let expected: Vec<(String, String, String)> = [
        ("measure-1", "30:1", "30:2"), // 施策の概要 【…支援します。します。】
        ("measure-2", "31:1", "31:4"), // 主な取組 ・創業者交流会の開催 twice
        ("measure-3", "32:1", "32:6"), // 総括 = 施策の概要
        ("item-1", "62:1", "66:2"),    // No.1's R5年度実績, four lines below 項目番号
    ]
    .into_iter()
    .map(owned)
    .collect();
    assert_eq!(found, expected);
    // What those cells hold in the file.
    let text = std::fs::read_to_string(fixture("submissions/planted.txt")).unwrap();
    let cell = |line: usize, col: usize| {
        text.lines().nth(line - 1).unwrap().split('\t').nth(col - 1).unwrap().to_owned()
    };
    assert!(cell(30, 2).ends_with("します。します。"));
    assert!(cell(66, 2).ends_with("しました。しました。") && cell(66, 1) == "R5年度実績");

    // The same sheet as .xlsx: the A1 cell of the field, not of the record.
    let bytes = planted_as_xlsx(&text);
    let document =
        sheetwash::convert::convert_bytes("planted.xlsx", &bytes, &ConvertOptions::default())
            .unwrap();
    let a1 = |at: &sheetwash::model::Location| {
        format!("{}!{}", at.sheet.as_deref().unwrap_or(""), at.cell.as_deref().unwrap_or(""))
    };
    let found = text_part_findings(&document, a1);
    let expected: Vec<(String, String, String)> = [
        ("measure-1", "KPI!A30", "KPI!B30"),
        ("measure-2", "KPI!A31", "KPI!D31"),
        ("measure-3", "KPI!A32", "KPI!F32"),
        ("item-1", "KPI!A62", "KPI!B66"),
    ]
    .into_iter()
    .map(owned)
    .collect();
    assert_eq!(found, expected);
}

/// The planted sheet as .xlsx: one text cell per tab-separated field, sheet `KPI`.
fn planted_as_xlsx(text: &str) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet().set_name("KPI").unwrap();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split('\t').enumerate().filter(|(_, cell)| !cell.is_empty()) {
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            sheet.write_string(r, c, cell).unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

#[test]
fn the_planted_submission_as_xlsx_gives_the_same_findings_at_the_same_cells() {
    let text = std::fs::read_to_string(fixture("submissions/planted.txt")).unwrap();
    let bytes = planted_as_xlsx(&text);
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
    // The unknown department is highlighted in its 担当課 cell (K14), not at the KPI's name
    // (B14), so the annotated workbook marks the cell to correct.
    let department = from_xlsx.iter().find(|f| f.code == "validate.unknown_department").unwrap();
    assert_eq!(department.provenance.cell.as_deref(), Some("K14"));
    assert_eq!(department.raw.as_deref(), Some("地域開発推課"));
    let line_14: Vec<&str> = text.lines().nth(13).unwrap().split('\t').collect();
    assert_eq!((line_14[1], line_14[10]), ("企業訪問件数", "地域開発推課"));
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
    let conflict = by_code("validate.conflicting_duplicate");
    assert_eq!(conflict.raw.as_deref(), Some("225件"));
    assert!(conflict.message.contains("planted.txt:15:6"), "{conflict:?}");
    assert_eq!(by_code("validate.sum_mismatch").raw.as_deref(), Some("14"));
    assert!(by_code("validate.count_mismatch").message.contains("A- 11, B 1"));
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
    // The cross-checks' codes too.
    rules.severity.insert("validate.duplicate_row".into(), sheetwash::validate::Level::Off);
    rules.severity.insert("validate.not_provided".into(), sheetwash::validate::Level::Error);
    let found = findings("submissions/planted.txt", &rules);
    assert!(found.iter().all(|f| f.code != "validate.duplicate_row"));
    let not_provided: Vec<&Finding> =
        found.iter().filter(|f| f.code == "validate.not_provided").collect();
    assert_eq!(not_provided.len(), 2);
    assert!(not_provided.iter().all(|f| f.severity == Severity::Error));
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
            // A 総括 cell that copies the 施策の概要 word for word (:23[5] = [1], :25[5] = [1]).
            // Each measure field is reported at its own cell ([n] of the guide is col n+1).
            "validate.duplicate_row@23:6",
            "validate.duplicate_row@25:6",
            // The department's 第3期 draft columns copy the 第2期 text: the pattern the guide
            // cites at :72[4]/[5] = [1]/[2] (§7.3), also at :38, :39, :40, :61, :118, :178,
            // :194.
            "validate.duplicate_row@38:5",
            "validate.duplicate_row@38:6",
            "validate.duplicate_row@39:6",
            "validate.duplicate_row@40:6",
            // Guide §7.3: "…の実現を目指します。します。" (:41[9]).
            "validate.duplicate_phrase@41:10",
            // ふるさと納税リピーター者数: R3 and R4 actuals in 件, every other value in 人.
            "validate.unit_mismatch@54:5",
            "validate.unit_mismatch@54:6",
            "validate.duplicate_row@61:6",
            "validate.duplicate_row@72:5",
            "validate.duplicate_row@72:6",
            // Guide §5.5: 空き家バンク登録物件数 moved to 2(1) (:56) but still in 2(4) (:95) with
            // R3 0件 vs 5件 and R4 1件 vs 6件.
            "validate.conflicting_duplicate@95:5",
            "validate.conflicting_duplicate@95:6",
            "validate.duplicate_row@118:5",
            // 合計特殊出生率: "1.44 (R1)" under R2実績 names 2019, before 第2期 (R2–R6).
            "validate.year_outside_period@128:4",
            // :178[6] = [1] (the 第2期 総括 copies its 施策の概要); :194[4]/[5] = [1]/[2].
            "validate.duplicate_row@178:7",
            "validate.duplicate_row@194:5",
            "validate.duplicate_row@194:6",
            // Guide §7.3: ・食生活改善事業 twice in one list (:208[10], a 第3期 field).
            "validate.duplicate_list_item@208:11",
            // New 4(4)/4(5) KPIs printed with a name only: no 担当課.
            "validate.required_empty@235:4",
            "validate.required_empty@237:4",
            "validate.required_empty@272:4",
            // Guide §7.3, identical adjacent cells in the flattened tail: :284 = :283 (デジタル
            // 取組例 copies 主な取組), :302 = :299, :309 = :306, :310 = :307 (the 第3期 cells
            // copy the 第2期 ones), and :290 = :288 the same way.
            "validate.duplicate_row@284:4",
            "validate.duplicate_row@290:4",
            "validate.duplicate_row@302:4",
            "validate.duplicate_row@309:4",
            "validate.duplicate_row@310:4",
        ]
    );
    // A+/A-/B/C has no legend in 000 (guide §4.10(a)): no grade is checked.
}

#[test]
fn seed_001_findings_are_genuine() {
    assert_eq!(
        own_findings("001_1783ff5150642431.txt"),
        [
            // Guide §7.3: 男女共同参画推進幹事会 twice in the H29 list (:327), and the
            // near-duplicate 人権部落問題… / 人権・部落問題… in the R1 list (:329): each at its
            // yearly result's cell, not at the item (No.15, :324).
            "validate.duplicate_list_item@327:2",
            "validate.duplicate_list_item@329:2",
        ]
    );
}

#[test]
fn seed_002_findings_are_genuine() {
    assert_eq!(
        own_findings("002_8328d9d9bf0fbedf.txt"),
        [
            // Guide §8 "foreign residents": フィリピン（891人→1,202人、311人増（約1.5倍））,
            // but 1,202 ÷ 891 = 1.35. The other ratios and differences of :57–:61 add up.
            "validate.narrative_arithmetic@61:1",
            // Guide §8 "narrative vs sheets": "新規営農法人設立数が35法人増加", but the sheet's
            // 集落営農法人設立数 went from 22 to 35法人 (:1163–:1167), +13. "「年間観光客数」は
            // 基準値から約100万人程度増加" (:125) holds: 515万人 → 614万人.
            "validate.narrative_mismatch@159:1",
            // Guide §3.6/§7.3: the population table :23–:29 is repeated word for word at :243.
            "validate.duplicate_row@243",
            // Guide §8 "Detail sheets vs count tables": 方向① counted ○9 ×3, the sheets give
            // ○8 ×4; 方向⑨ counted △2, the sheets give — for 不登校 and いじめ (:1718, :1723);
            // 方向⑩ counted 13 KPIs (○5), the sheets have 14 series (○4, — at :1814, and
            // :1815 without an R1 grade).
            "validate.count_mismatch@375:3",
            // This sheet prints no baseline; 75/80 = 94% would be △ (the × follows the 70.8%
            // baseline printed at :114).
            "validate.grade_mismatch@599:6",
            "validate.count_mismatch@607:4",
            "validate.count_mismatch@704:2",
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
            // Guide §8 "Same quantity in two places": the 滞在人口 休日 baseline is 239,602人
            // here but 240,408人 at :814 (and :116, :804, :2191).
            "validate.conflicting_duplicate@2051:3",
        ]
    );
}

#[test]
fn seed_003_has_no_findings_of_its_own() {
    assert_eq!(own_findings("003_138cb865a8138cb2.txt"), Vec::<String>::new());
}

#[test]
fn seed_004_budget_years_not_provided() {
    let found = findings("004_5988e3924460ef0c.txt", &Rules::default());
    let own: Vec<&Finding> = found.iter().filter(|f| f.code.starts_with("validate.")).collect();
    let keys: Vec<String> = own.iter().map(|f| key(f)).collect();
    // Guide §3.4/§8 "Budgets": R7 is empty in all 22 cards (one finding, not 22), and R4 of
    // ⑳市民活動活性化事業 is empty (:137). Information only: not provided, never zero.
    assert_eq!(keys, ["validate.not_provided@31:6", "validate.not_provided@137:3"]);
    assert!(own.iter().all(|f| f.severity == Severity::Info), "{own:#?}");
    assert!(own[0].message.contains("R7 (2025)") && own[0].message.contains("22"), "{own:#?}");
}

// The consistent cross-checks of the field guide's §8 (✓) give nothing, and they are checked:
// one cell changed in each gives a finding at that cell.

/// The validate.* findings of a seed after `edit` changed its converted document.
fn own_findings_after(name: &str, edit: impl Fn(&mut sheetwash::model::Document)) -> Vec<String> {
    let mut document = convert_path(&fixture(name), &ConvertOptions::default()).unwrap();
    edit(&mut document);
    let found = validate(&document, &Rules::default());
    found.iter().filter(|f| f.code.starts_with("validate.")).map(key).collect()
}

/// Sets the number of the table cell read at `line:col`.
fn set_cell(document: &mut sheetwash::model::Document, line: u32, col: u32, raw: &str, n: f64) {
    use sheetwash::model::Record;
    let mut hit = false;
    for record in &mut document.records {
        let Record::Table(table) = record else { continue };
        for value in table.rows.iter_mut().flatten().flatten() {
            let at = value.provenance.as_deref().unwrap();
            if at.line == Some(line) && at.col == Some(col) {
                (value.raw, value.text, value.value) = (raw.into(), raw.into(), Some(n));
                hit = true;
            }
        }
    }
    assert!(hit, "no table cell at {line}:{col}");
}

#[test]
fn the_consistent_cross_checks_hold_and_are_checked() {
    for name in ["001_1783ff5150642431.txt", "002_8328d9d9bf0fbedf.txt"] {
        let own = own_findings(name);
        assert!(!own.iter().any(|k| k.starts_with("validate.sum_mismatch")), "{name}: {own:?}");
    }
    let cases: [(&str, u32, u32, f64, &[&str]); 9] = [
        // 001 No.28: 99,203 + 29,280 + 12,408 + 42,457 + 34,330 = 217,678 (5か年効果額, 千円).
        // (A) still comes to 約15億7千万円: 1,571,403千円.
        // (The cells of a table titled (千円) hold yen.)
        ("001_1783ff5150642431.txt", 636, 4, 217_700_000.0, &["validate.sum_mismatch@636:4"]),
        // 001 No.32 20,000千円 less: (A) = 1,551,381千円 is no longer 約15億7千万円 (:632, at
        // the table from :635), nor is A + B = 1,809,405千円 約18億2千万円 (:630).
        (
            "001_1783ff5150642431.txt",
            640,
            4,
            1_047_629_000.0,
            &["validate.sum_mismatch@630:1", "validate.sum_mismatch@635"],
        ),
        // 002 grade counts: the 合計 of 合計 (69).
        ("002_8328d9d9bf0fbedf.txt", 140, 6, 70.0, &["validate.sum_mismatch@140:6"]),
        // 002 ○ of 基本目標 1: its 合計 (21), the ○ 合計 (32), and ①–④'s ○ (9 + 2 + 1 + 2).
        (
            "002_8328d9d9bf0fbedf.txt",
            135,
            2,
            15.0,
            &[
                "validate.sum_mismatch@135:2",
                "validate.sum_mismatch@135:6",
                "validate.sum_mismatch@140:2",
            ],
        ),
        // 002 人口 増減 H25: 305,214 − 304,831 = 383 (the second band of the joined table).
        ("002_8328d9d9bf0fbedf.txt", 29, 3, 384.0, &["validate.sum_mismatch@29:3"]),
        // 002 自然動態 R1: 2,676 − 3,287 = △611.
        ("002_8328d9d9bf0fbedf.txt", 264, 13, -612.0, &["validate.sum_mismatch@264:13"]),
        // 002 神奈川県: 2,246 − 1,294 = 952 (増減 = 転入 − 転出).
        ("002_8328d9d9bf0fbedf.txt", 289, 4, 953.0, &["validate.sum_mismatch@289:4"]),
        // 002 三大都市圏計 = the three 都市圏 above it (福岡市 below it is not a part).
        (
            "002_8328d9d9bf0fbedf.txt",
            316,
            2,
            9_483.0,
            &["validate.sum_mismatch@316:2", "validate.sum_mismatch@316:4"],
        ),
        // 002 方向② KPI数 3 = ○ 2 + - 1 = its two KPI records; 基本目標 1 counts 12 + 3 + 4 + 2.
        (
            "002_8328d9d9bf0fbedf.txt",
            376,
            2,
            4.0,
            &[
                "validate.sum_mismatch@135:6",
                "validate.count_mismatch@376:2",
                "validate.sum_mismatch@376:2",
            ],
        ),
    ];
    for (name, line, col, n, expected) in cases {
        let before = own_findings(name);
        let after = own_findings_after(name, |d| set_cell(d, line, col, &n.to_string(), n));
        let new: Vec<&String> = after.iter().filter(|k| !before.contains(k)).collect();
        assert_eq!(new, expected, "{name}:{line}:{col}");
    }
}

#[test]
fn a_narrative_change_that_holds_is_checked() {
    use sheetwash::model::Record;
    // 002 :125 "「年間観光客数」は基準値から約100万人程度増加": 515万人 → 614万人 (R1) holds.
    // With an R1 actual of 560万人 (+45万, still graded ×), the sentence no longer does.
    let name = "002_8328d9d9bf0fbedf.txt";
    let before = own_findings(name);
    let after = own_findings_after(name, |document| {
        for record in &mut document.records {
            let Record::Kpi(kpi) = record else { continue };
            if kpi.indicator != "年間観光客数" {
                continue;
            }
            for actual in kpi.actuals.iter_mut().filter(|a| a.year == 2019) {
                actual.value.value = Some(5_600_000.0);
            }
        }
    });
    let new: Vec<&String> = after.iter().filter(|k| !before.contains(k)).collect();
    assert_eq!(new, ["validate.narrative_mismatch@125:1"]);
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
    // The item's doubled phrase is placed at its result's cell (line 66, field 2).
    assert!(page.contains("66行 2列"), "no place 66行 2列 in the page");
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
    assert_eq!(report["summary"]["errors"], 15);
    assert_eq!(report["summary"]["warnings"], 11);
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
