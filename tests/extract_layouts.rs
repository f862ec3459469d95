//! Each seed yields exactly the records of its own layouts: a guard against one layout's
//! recognizer reading another document's rows (the recognizers are tried at every row of
//! every document).
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::collections::BTreeMap;
use std::path::Path;

use sheetwash::convert::{ConvertOptions, convert_path};

fn counts(name: &str) -> BTreeMap<&'static str, usize> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    let doc = convert_path(&path, &ConvertOptions::default()).unwrap();
    let mut counts = BTreeMap::new();
    for record in &doc.records {
        *counts.entry(record.type_name()).or_insert(0) += 1;
    }
    counts
}

fn expect(pairs: &[(&'static str, usize)]) -> BTreeMap<&'static str, usize> {
    pairs.iter().copied().collect()
}

#[test]
fn survey_sheet_000() {
    // 32 第2期 + 27 第3期 KPIs; measure rows per edition; unplaced and unread text.
    assert_eq!(
        counts("000_74bc9d9ecc966527.txt"),
        expect(&[("kpi", 59), ("measure", 85), ("table", 9)])
    );
}

#[test]
fn action_plan_001() {
    // No.1–No.38; 2 effect summaries, 2 finance series, 3 empty charts, the unread rows.
    assert_eq!(counts("001_1783ff5150642431.txt"), expect(&[("item", 38), ("table", 8)]));
}

#[test]
fn summary_sheets_002() {
    // 70 KPIs and 21 数値目標 from tables, plus 14 数値目標 written as prose under 【数値目標】
    // (7 on the 別紙 pages, 7 on the 概要 page); 49 sheets' texts; count, statistics and unread
    // tables. The two 都道府県 rankings and the 都市圏 table (:288, :300, :312) are
    // word-headed tables.
    assert_eq!(
        counts("002_8328d9d9bf0fbedf.txt"),
        expect(&[("kpi", 105), ("measure", 49), ("table", 15)])
    );
}

#[test]
fn project_list_003() {
    // 65 projects; 3 数値目標 and 7 施策 KPI names; the unread rows.
    assert_eq!(
        counts("003_138cb865a8138cb2.txt"),
        expect(&[("kpi", 10), ("project", 65), ("table", 1)])
    );
}

#[test]
fn budget_cards_004() {
    // Cards 18–39, 7 KPI lines, the direction descriptions.
    assert_eq!(
        counts("004_5988e3924460ef0c.txt"),
        expect(&[("budget", 22), ("kpi", 7), ("table", 1)])
    );
}
