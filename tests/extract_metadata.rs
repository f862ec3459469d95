//! Document metadata of the seed documents: municipality, title, plan, editions, as-of dates
//! and publication date, each checked against the seed text.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::path::Path;

use sheetwash::convert::{ConvertOptions, convert_path};
use sheetwash::model::{Document, Metadata, Phase};

fn convert(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    convert_path(&path, &ConvertOptions::default()).unwrap()
}

fn metadata(name: &str) -> Metadata {
    convert(name).metadata
}

fn phase(name: &str, start: i32, end: i32) -> Phase {
    Phase { name: name.to_owned(), start: Some(start), end: Some(end) }
}

#[test]
fn survey_sheet_000() {
    let m = metadata("000_74bc9d9ecc966527.txt");
    assert_eq!(m.municipality.as_deref(), Some("小郡市")); // 000:3
    assert_eq!(
        m.title.as_deref(),
        Some("第3期小郡市まち・ひと・しごと創生総合戦略の策定に係る調査表")
    );
    assert_eq!(m.plan.as_deref(), Some("第3期小郡市まち・ひと・しごと創生総合戦略"));
    // 第2期 (R2-6) at 000:135, 第3期 (R7-11) at 000:6.
    assert_eq!(m.phases, [phase("第2期", 2020, 2024), phase("第3期", 2025, 2029)]);
    // 評価 (R6.4現在) at 000:6 and 総括 (R6.3現在) at 000:12.
    let as_of: Vec<(&str, &str)> = m
        .as_of
        .iter()
        .map(|a| (a.label.as_deref().unwrap(), a.month.as_deref().unwrap()))
        .collect();
    assert_eq!(as_of, [("評価", "2024-04"), ("総括", "2024-03")]);
    assert_eq!(m.published, None); // 000 has no document date
}

#[test]
fn action_plan_001_takes_the_municipality_from_its_cover() {
    let doc = convert("001_1783ff5150642431.txt");
    let m = &doc.metadata;
    // The title says 小都市 (OCR, 001:3); the cover says 小 郡 市 (001:13).
    assert_eq!(m.municipality.as_deref(), Some("小郡市"));
    let note = doc.diagnostics.iter().find(|d| d.code == "normalize.ocr_corrected").unwrap();
    assert_eq!(note.provenance.as_ref().unwrap().line, Some(13));
    assert!(note.message.contains("小都市"));
    assert_eq!(m.title.as_deref(), Some("小都市行政経営アクションプラン"));
    assert_eq!(m.published.as_deref(), Some("2023-02")); // 令和 5 年 2 月, 001:11
    assert_eq!(m.phases, [phase("計画期間", 2017, 2021)]); // <平成 29 年度～令和 3 年度>, 001:7
}

#[test]
fn summary_002_and_project_list_003() {
    let m = metadata("002_8328d9d9bf0fbedf.txt");
    assert_eq!(m.municipality.as_deref(), Some("久留米市"));
    assert_eq!(m.title.as_deref(), Some("第 1 期久留米市地方創生総合戦略の総括について"));
    assert_eq!(m.phases.first().map(|p| p.name.as_str()), Some("第1期"));
    // "平成 27 年 10 月" at 002:5 is inside a sentence, not a document date.
    assert_eq!(m.published, None);

    let m = metadata("003_138cb865a8138cb2.txt");
    assert_eq!(m.municipality.as_deref(), Some("飯塚市"));
    // 【資料 2 -2】 (003:3) is a document number, not the title.
    assert_eq!(
        m.title.as_deref(),
        Some("第2次飯塚市まち・ひと・しごと創生総合戦略 具体的事業一覧")
    );
    assert_eq!(m.plan.as_deref(), Some("第2次飯塚市まち・ひと・しごと創生総合戦略"));
}

#[test]
fn regional_vision_004_has_no_title_of_its_own() {
    let doc = convert("004_5988e3924460ef0c.txt");
    let m = &doc.metadata;
    assert_eq!(m.title, None);
    assert_eq!(m.municipality, None);
    // The participants come from the 関係市町 lists (004:29), with a note saying so.
    assert_eq!(
        m.municipalities,
        ["久留米市", "大川市", "小郡市", "うきは市", "大刀洗町", "大木町"]
    );
    assert!(doc.diagnostics.iter().any(|d| d.code == "extract.municipalities_inferred"));
}
