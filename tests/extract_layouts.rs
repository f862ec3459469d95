//! Each seed yields exactly the records of its own layouts: a guard against one layout's
//! recognizer reading another document's rows (the recognizers are tried at every row of
//! every document). And every text part of a record (a measure's field, an item's yearly
//! result, a budget role, a project's KPI) and every plain-string field (担当課, 内容,
//! 事業概要, 備考, 事業の目的と概要, an item's 項目名) carries the cell it was read from.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::collections::BTreeMap;
use std::path::Path;

use sheetwash::convert::{ConvertOptions, convert_path};
use sheetwash::model::{Document, Location, Record, TextField};
use sheetwash::normalize::{ValueContext, parse};

fn seed(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    convert_path(&path, &ConvertOptions::default()).unwrap()
}

fn counts(name: &str) -> BTreeMap<&'static str, usize> {
    let doc = seed(name);
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

// Provenance of text parts

const SEEDS: [&str; 5] = [
    "000_74bc9d9ecc966527.txt",
    "001_1783ff5150642431.txt",
    "002_8328d9d9bf0fbedf.txt",
    "003_138cb865a8138cb2.txt",
    "004_5988e3924460ef0c.txt",
];

/// The text parts of a record: (what, text, where).
fn text_parts(record: &Record) -> Vec<(String, &str, Option<&Location>)> {
    match record {
        Record::Measure(m) => {
            { m.fields.iter().map(|f| (f.label.clone(), f.text.as_str(), f.provenance.as_deref())) }
                .collect()
        }
        Record::Item(i) => i
            .results
            .iter()
            .map(|r| (format!("{}年度実績", r.year), r.text.as_str(), r.provenance.as_deref()))
            .collect(),
        Record::Budget(b) => {
            { b.roles.iter().map(|r| (r.party.clone(), r.text.as_str(), r.provenance.as_deref())) }
                .collect()
        }
        Record::Project(p) => {
            { p.kpis.iter().map(|k| ("KPI".to_owned(), k.name.as_str(), k.provenance.as_deref())) }
                .collect()
        }
        Record::Kpi(_) | Record::Table(_) => Vec::new(),
    }
}

/// Normalized text with every space dropped, for comparing a part with its cell.
fn folded(text: &str) -> String {
    let text = parse(text, &ValueContext::default()).value.text;
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The tab-separated field `col` of line `line` of a seed (both 1-based).
fn cell_of(lines: &[&str], at: &Location) -> String {
    let (line, col) = (at.line.unwrap() as usize, at.col.unwrap() as usize);
    lines.get(line - 1).unwrap().split('\t').nth(col - 1).unwrap_or("").to_owned()
}

/// The text of a seed fixture.
fn seed_source(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name))
        .unwrap()
}

/// Asserts that the cell at `at` holds the start of `text` (a text spread over several cells
/// or lines starts with its first word); `what` names the text for the message.
fn assert_starts_at(lines: &[&str], at: &Location, text: &str, what: &str) {
    let first_word = text.split_whitespace().next().unwrap_or(text);
    let start: String = folded(first_word).chars().take(4).collect();
    let cell = folded(&cell_of(lines, at));
    assert!(cell.contains(&start), "{what} at {at}: {start:?} not in {cell:?}");
}

#[test]
fn every_text_part_of_every_seed_points_at_the_cell_its_text_starts_in() {
    let mut checked = BTreeMap::new();
    for name in SEEDS {
        let doc = seed(name);
        let source = seed_source(name);
        let lines: Vec<&str> = source.split('\n').collect();
        for record in &doc.records {
            for (what, text, at) in text_parts(record) {
                let id = &record.common().id;
                let at = at.unwrap_or_else(|| panic!("{name} {id} {what}: no provenance"));
                assert_starts_at(&lines, at, text, &format!("{name} {id} {what}"));
                *checked.entry(record.type_name()).or_insert(0) += 1;
            }
        }
    }
    let expected = [("budget", 51), ("item", 188), ("measure", 590), ("project", 61)];
    assert_eq!(checked, expected.into_iter().collect::<BTreeMap<_, _>>());
}

/// `line:col` of the text part `what` of record `id` of a seed.
fn part_at(doc: &Document, id: &str, what: &str) -> String {
    let record = doc.records.iter().find(|r| r.common().id == id).unwrap();
    let parts = text_parts(record);
    let (_, _, at) = parts.iter().find(|(w, _, _)| w == what).unwrap();
    let at = at.unwrap();
    format!("{}:{}", at.line.unwrap(), at.col.unwrap())
}

#[test]
fn text_parts_are_at_their_own_cells_not_at_their_record() {
    // 000 :41: the 第3期 総括 of ①… in field [9] (col 10), "…の実現を目指します。します。".
    let doc = seed("000_74bc9d9ecc966527.txt");
    let measure = doc
        .records
        .iter()
        .find_map(|r| match r {
            Record::Measure(m)
                if m.fields.iter().any(|f| f.text.ends_with("目指します。します。")) =>
            {
                Some(m)
            }
            _ => None,
        })
        .unwrap();
    let field = measure.fields.iter().find(|f| f.text.ends_with("します。します。")).unwrap();
    let at = field.provenance.as_deref().unwrap();
    assert_eq!((at.line, at.col), (Some(41), Some(10)));
    assert_eq!(measure.common.provenance.line, Some(41));
    assert_ne!(measure.common.provenance.col, Some(10));

    // 001 No.15 (項目番号 at :324): H29 and R1 results at :327 and :329, field 2.
    let doc = seed("001_1783ff5150642431.txt");
    let no15 =
        doc.records.iter().find(|r| matches!(r, Record::Item(i) if i.number == "No.15")).unwrap();
    assert_eq!(no15.common().provenance.line, Some(324));
    let id = &no15.common().id;
    assert_eq!(part_at(&doc, id, "2017年度実績"), "327:2");
    assert_eq!(part_at(&doc, id, "2019年度実績"), "329:2");

    // 002 summary sheets: a label printed alone (次期総合戦略の展開 :1266) takes the text of
    // :1268; a 交付金 label alone (:1396) starts at its flag 有り (:1398); a flag printed on
    // the label's line sits in field 4 (:1011).
    let doc = seed("002_8328d9d9bf0fbedf.txt");
    assert_eq!(part_at(&doc, "measure-16", "次期総合戦略の展開"), "1268:1");
    assert_eq!(part_at(&doc, "measure-21", "現在の地方創生関連交付金の活用状況"), "1398:1");
    assert_eq!(part_at(&doc, "measure-5", "現在の地方創生関連交付金の活用状況"), "1011:4");

    // 003: a project's KPI name in its KPI column (the project starts at its name, col 6).
    let doc = seed("003_138cb865a8138cb2.txt");
    assert_eq!(part_at(&doc, "project-1", "KPI"), "10:9");

    // 004: the card starts at its title (:24); its 役割分担 duties at :27 and :28, field 3.
    let doc = seed("004_5988e3924460ef0c.txt");
    assert_eq!(part_at(&doc, "budget-1", "久留米市"), "27:3");
    assert_eq!(part_at(&doc, "budget-1", "連携市町"), "28:3");
}

/// The plain-string fields of a record that are read from a cell of their own: (field, its
/// text; for departments the first one).
fn string_fields(record: &Record) -> Vec<(TextField, &str)> {
    let first_department = record.departments().first().map(String::as_str);
    let mut fields: Vec<(TextField, Option<&str>)> =
        vec![(TextField::Departments, first_department)];
    match record {
        Record::Item(i) => {
            fields.push((TextField::Name, i.name.as_deref()));
            fields.push((TextField::Description, i.description.as_deref()));
        }
        Record::Project(p) => {
            fields.push((TextField::Description, p.description.as_deref()));
            fields.push((TextField::Remarks, p.remarks.as_deref()));
        }
        Record::Budget(b) => fields.push((TextField::Description, b.description.as_deref())),
        Record::Kpi(_) | Record::Measure(_) | Record::Table(_) => {}
    }
    fields.into_iter().filter_map(|(field, text)| Some((field, text?))).collect()
}

#[test]
fn every_string_field_of_every_seed_points_at_the_cell_its_text_starts_in() {
    let mut checked: BTreeMap<String, usize> = BTreeMap::new();
    let mut unplaced: BTreeMap<String, usize> = BTreeMap::new();
    for name in SEEDS {
        let doc = seed(name);
        let source = seed_source(name);
        let lines: Vec<&str> = source.split('\n').collect();
        for record in &doc.records {
            for (field, text) in string_fields(record) {
                let key = format!("{}.{}", record.type_name(), field.json_name());
                let Some(at) = record.common().located(field) else {
                    *unplaced.entry(key).or_insert(0) += 1;
                    continue;
                };
                let id = &record.common().id;
                assert_starts_at(&lines, at, text, &format!("{name} {id} {key}"));
                *checked.entry(key).or_insert(0) += 1;
            }
        }
    }
    let expected = [
        ("budget.description", 22),
        ("item.departments", 38),
        ("item.description", 38),
        ("item.name", 35),
        ("kpi.departments", 56),
        ("measure.departments", 68),
        ("project.departments", 65),
        ("project.description", 65),
        ("project.remarks", 20),
    ];
    let expected: BTreeMap<String, usize> =
        expected.into_iter().map(|(k, n)| (k.to_owned(), n)).collect();
    assert_eq!(checked, expected);
    // Only the three items of 001 whose 項目名 comes from the table of contents have no cell.
    assert_eq!(unplaced, [("item.name".to_owned(), 3)].into_iter().collect());
}

/// `line:col` where the string field `field` of record `id` of a seed was read.
fn field_at(doc: &Document, id: &str, field: TextField) -> String {
    let record = doc.records.iter().find(|r| r.common().id == id).unwrap();
    let at = record.common().located(field).unwrap();
    format!("{}:{}", at.line.unwrap(), at.col.unwrap())
}

#[test]
fn string_fields_are_at_their_own_cells_not_at_their_record() {
    // 000 :11: the 第2期 KPI 民間開発による企業立地の支援件数 starts at its name (col 2), its
    // R5担当課 地域開発推進課 is col 11; the 第3期 one starts at col 13, its R6担当課 is col 17.
    let doc = seed("000_74bc9d9ecc966527.txt");
    let on_line_11: Vec<(String, String)> = doc
        .records
        .iter()
        .filter(|r| r.common().provenance.line == Some(11))
        .map(|r| {
            let start = &r.common().provenance;
            let start = format!("{}:{}", start.line.unwrap(), start.col.unwrap());
            (start, field_at(&doc, &r.common().id, TextField::Departments))
        })
        .collect();
    let expected = [("11:2", "11:11"), ("11:13", "11:17")];
    assert_eq!(on_line_11, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));

    // 001 No.15 starts at its 項目番号 label (:324 col 1): 項目名 in col 4, 担当課 in col 6,
    // 内容・目標等 on the next line, col 2.
    let doc = seed("001_1783ff5150642431.txt");
    let no15 =
        doc.records.iter().find(|r| matches!(r, Record::Item(i) if i.number == "No.15")).unwrap();
    let id = &no15.common().id;
    assert_eq!(field_at(&doc, id, TextField::Name), "324:4");
    assert_eq!(field_at(&doc, id, TextField::Departments), "324:6");
    assert_eq!(field_at(&doc, id, TextField::Description), "325:2");

    // 003 :11: the project starts at its name (col 6); 担当課 col 5, 事業概要 col 8, 備考
    // (課名変更) col 13.
    let doc = seed("003_138cb865a8138cb2.txt");
    assert_eq!(field_at(&doc, "project-2", TextField::Departments), "11:5");
    assert_eq!(field_at(&doc, "project-2", TextField::Description), "11:8");
    assert_eq!(field_at(&doc, "project-2", TextField::Remarks), "11:13");

    // 004: the card starts at its title (:24); 事業の目的と概要 is the text of :26, col 3.
    let doc = seed("004_5988e3924460ef0c.txt");
    assert_eq!(field_at(&doc, "budget-1", TextField::Description), "26:3");
}
