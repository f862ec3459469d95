//! The two-edition survey sheet of seed 000 (小郡市 第3期総合戦略 調査表): KPI rows with
//! 第2期 and 第3期 bands, headings and markers, measure rows, the flattened tail and stacked
//! cells; and the robustness of the KPI table reading (reordered columns, an inserted blank
//! column, the same table as .xlsx). Facts checked by hand against the seed text.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers: a failed unwrap is a failed test"
)]

use std::path::Path;

use sheetwash::convert::{ConvertOptions, convert_bytes, convert_path};
use sheetwash::model::{Document, Kpi, MarkerKind, Measure, Record};

fn seed() -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/000_74bc9d9ecc966527.txt");
    convert_path(&path, &ConvertOptions::default()).unwrap()
}

fn kpis(doc: &Document) -> Vec<&Kpi> {
    doc.records.iter().filter_map(|r| if let Record::Kpi(k) = r { Some(k) } else { None }).collect()
}

fn measures(doc: &Document) -> Vec<&Measure> {
    doc.records
        .iter()
        .filter_map(|r| if let Record::Measure(m) = r { Some(m) } else { None })
        .collect()
}

/// The KPI record of a phase that starts on a line.
fn kpi_at<'a>(doc: &'a Document, line: u32, phase: &str) -> Option<&'a Kpi> {
    kpis(doc)
        .into_iter()
        .find(|k| k.common.provenance.line == Some(line) && k.phase.as_deref() == Some(phase))
}

fn has_diag(doc: &Document, code: &str, line: u32) -> bool {
    doc.diagnostics
        .iter()
        .any(|d| d.code == code && d.provenance.as_ref().and_then(|p| p.line) == Some(line))
}

#[test]
fn document_validates() {
    let doc = seed();
    let json = serde_json::to_value(&doc).unwrap();
    let errors = sheetwash::emit::validate_document(&json);
    assert!(errors.is_ok(), "{errors:?}");
}

#[test]
fn kpi_counts_per_phase() {
    let doc = seed();
    let count =
        |phase: &str| kpis(&doc).iter().filter(|k| k.phase.as_deref() == Some(phase)).count();
    // 32 第2期 rows (30 table rows, the two stacked KPIs of :199) and 27 第3期 (22 table rows,
    // :161 of the 第3期-only block, the two stacked in the measure row :205, and :235, :237,
    // :272 of the flattened tail).
    assert_eq!(count("第2期"), 32);
    assert_eq!(count("第3期"), 27);
    assert!(kpis(&doc).iter().all(|k| k.phase.is_some()));
}

#[test]
fn goal_indicator_with_baseline_year_and_shifted_actual() {
    let doc = seed();
    let second = kpi_at(&doc, 7, "第2期").unwrap();
    assert_eq!(second.indicator, "市内就業者数");
    assert_eq!(second.level.as_deref(), Some("数値目標"));
    assert_eq!(second.common.section.as_deref(), Some("1"));
    let baseline = second.baseline.as_ref().unwrap();
    assert_eq!(
        (baseline.value, baseline.unit.as_deref(), baseline.year),
        (Some(17891.0), Some("人"), Some(2015))
    );
    // "18,165人 (R2)" sits under R3実績: its own year wins, and that is reported.
    let r2 = second.actuals.iter().find(|a| a.value.raw == "18,165人 (R2)").unwrap();
    assert_eq!((r2.year, r2.fiscal, r2.value.value), (2020, true, Some(18165.0)));
    assert_eq!(r2.value.provenance.as_ref().unwrap().col, Some(6));
    assert!(has_diag(&doc, "normalize.year_overrides_header", 7));
    assert_eq!(second.target.as_ref().unwrap().year, Some(2024));
    assert_eq!(second.grade.as_ref().unwrap().grade.as_deref(), Some("A-"));
    assert_eq!(second.departments, ["経営戦略課"]);
    let third = kpi_at(&doc, 7, "第3期").unwrap();
    assert_eq!(third.baseline.as_ref().unwrap().raw, "18,165人 (R2)");
    assert_eq!(third.baseline.as_ref().unwrap().year, Some(2020));
    let target = third.target.as_ref().unwrap();
    assert_eq!((target.value, target.year), (Some(18500.0), Some(2025)));
    assert_eq!(third.departments, ["経営戦略課"]);
    assert!(third.grade.is_none() && third.actuals.is_empty());
    // Baseline and target sit one cell left of their headers.
    assert!(has_diag(&doc, "extract.column_realigned", 7));
}

#[test]
fn since_year_kept_in_the_indicator() {
    let doc = seed();
    let second = kpi_at(&doc, 19, "第2期").unwrap();
    assert_eq!(second.indicator, "創業者数(H27)");
    assert_eq!(second.common.section.as_deref(), Some("1(2)"));
    assert_eq!(second.baseline.as_ref().unwrap().value, Some(57.0));
    assert_eq!(second.baseline.as_ref().unwrap().year, Some(2018));
    let years: Vec<(i32, Option<f64>)> =
        second.actuals.iter().map(|a| (a.year, a.value.value)).collect();
    assert_eq!(
        years,
        [(2020, Some(91.0)), (2021, Some(111.0)), (2022, Some(137.0)), (2023, Some(146.0))]
    );
    assert_eq!(second.target.as_ref().unwrap().value, Some(148.0));
    assert_eq!(second.grade.as_ref().unwrap().grade.as_deref(), Some("A-"));
    assert_eq!(second.departments, ["商工観光課"]);
    let third = kpi_at(&doc, 19, "第3期").unwrap();
    assert_eq!(third.baseline.as_ref().unwrap().year, Some(2023));
    assert_eq!(third.target.as_ref().unwrap().value, Some(287.0));
    assert_eq!(third.target.as_ref().unwrap().year, Some(2029));
}

#[test]
fn a_plus_grade_and_cumulative_baseline() {
    let doc = seed();
    let second = kpi_at(&doc, 45, "第2期").unwrap();
    assert_eq!(second.grade.as_ref().unwrap().grade.as_deref(), Some("A+"));
    assert_eq!(second.actuals.iter().find(|a| a.year == 2021).unwrap().value.value, Some(-69.0));
    let third = kpi_at(&doc, 45, "第3期").unwrap();
    assert_eq!(third.indicator, "人口の社会増加数(R7-11)");
    let baseline = third.baseline.as_ref().unwrap();
    assert_eq!(baseline.raw, "+1,080人(R2～R6(推計値)の累計)");
    assert_eq!(baseline.value, Some(1080.0));
    assert_eq!(third.target.as_ref().unwrap().value, Some(1520.0));
}

#[test]
fn deleted_kpis_have_no_third_edition() {
    let doc = seed();
    for line in [51, 54] {
        let second = kpi_at(&doc, line, "第2期").unwrap();
        assert!(second.common.markers.iter().any(|m| m.kind == MarkerKind::Deleted), "{line}");
        assert!(kpi_at(&doc, line, "第3期").is_none(), "{line}");
    }
    // 削減 is used like 削除.
    let reduced = kpi_at(&doc, 184, "第2期").unwrap();
    assert_eq!(reduced.common.markers[0].raw, "削減");
    assert_eq!(reduced.common.markers[0].kind, MarkerKind::Deleted);
    assert!(kpi_at(&doc, 184, "第3期").is_none());
    assert!(has_diag(&doc, "extract.delete_synonym", 184));
}

#[test]
fn moved_kpis() {
    let doc = seed();
    let third = kpi_at(&doc, 56, "第3期").unwrap();
    assert_eq!(third.indicator, "空き家バンク登録物件数(H30~)");
    let moved = &third.common.markers[0];
    assert_eq!(moved.kind, MarkerKind::Moved);
    assert_eq!((moved.from.as_deref(), moved.to.as_deref()), (Some("2(4)"), Some("2(1)")));
    assert_eq!(moved.raw, "2(4)から移動");
    // The original under 2(4) says where it went, and has no 第3期 record of its own.
    let original = kpi_at(&doc, 95, "第2期").unwrap();
    assert_eq!(original.common.section.as_deref(), Some("2(4)"));
    assert_eq!(original.common.markers[0].to.as_deref(), Some("2(1)"));
    assert!(kpi_at(&doc, 95, "第3期").is_none());
    // :95 has its baseline under 第2期 KPI and an empty H30 cell: values by order.
    assert_eq!(original.baseline.as_ref().unwrap().value, Some(2.0));
    let r3 = original.actuals.iter().find(|a| a.year == 2021).unwrap();
    assert_eq!(r3.value.value, Some(0.0));
}

#[test]
fn sections_and_section_markers() {
    let doc = seed();
    let section = |id: &str| doc.sections.iter().find(|s| s.id == id).unwrap();
    assert_eq!(section("1").title.as_deref(), Some("地方における安定した雇用を創出する"));
    assert_eq!(section("3").title.as_deref(), Some("結婚・出産・子育ての希望をかなえる"));
    assert_eq!(section("1(1)").title.as_deref(), Some("企業誘致による雇用の確保"));
    assert_eq!(section("3(1)").parent.as_deref(), Some("3"));
    assert_eq!(section("2(4)").title.as_deref(), Some("空き家の利活用"));
    assert_eq!(section("2(4)").markers[0].to.as_deref(), Some("2(1)"));
    assert_eq!(section("2(4)#2").number.as_deref(), Some("2(4)"));
    assert_eq!(section("2(4)#2").title.as_deref(), Some("文化・スポーツ振興による交流人口の増加"));
    assert_eq!(section("4(4)").markers[0].kind, MarkerKind::New);
    assert_eq!(section("4(5)").markers[0].kind, MarkerKind::New);
    assert!(has_diag(&doc, "extract.section_id_collision", 105));
    let goals = doc.sections.iter().filter(|s| s.level == "基本目標").count();
    let policies = doc.sections.iter().filter(|s| s.level == "施策").count();
    assert_eq!((goals, policies), (4, 16));
}

#[test]
fn records_spread_over_two_lines_and_cells_pushed_right() {
    let doc = seed();
    let birth = kpi_at(&doc, 127, "第2期").unwrap();
    assert_eq!(birth.indicator, "合計特殊出生率");
    let baseline = birth.baseline.as_ref().unwrap();
    assert_eq!((baseline.value, baseline.year), (Some(1.45), Some(2016)));
    assert_eq!(baseline.provenance.as_ref().unwrap().line, Some(128));
    assert_eq!(birth.grade.as_ref().unwrap().grade.as_deref(), Some("B"));
    // :127's 第3期 values have no name: kept, not guessed.
    assert!(has_diag(&doc, "extract.row_unassigned", 127));
    let children = kpi_at(&doc, 133, "第2期").unwrap();
    assert_eq!(children.indicator, "0〜4歳の人口");
    assert_eq!(children.target.as_ref().unwrap().value, Some(2400.0));
    // :143: the 第2期 target, grade and department sit in the 第3期 cells.
    let waiting = kpi_at(&doc, 143, "第2期").unwrap();
    assert_eq!(waiting.target.as_ref().unwrap().value, Some(0.0));
    assert_eq!(waiting.target.as_ref().unwrap().provenance.as_ref().unwrap().col, Some(15));
    assert_eq!(waiting.grade.as_ref().unwrap().grade.as_deref(), Some("A-"));
    assert_eq!(waiting.departments, ["保育所・幼稚園課"]);
    assert!(kpi_at(&doc, 143, "第3期").is_none());
    assert!(has_diag(&doc, "extract.column_realigned", 143));
    // :156: every value one label to the left.
    let school = kpi_at(&doc, 156, "第2期").unwrap();
    assert_eq!(school.baseline.as_ref().unwrap().raw, "3学年");
    assert_eq!(school.target.as_ref().unwrap().raw, "9学年");
    assert_eq!(school.departments, ["学校教育課"]);
    assert!(has_diag(&doc, "extract.column_realigned", 156));
}

#[test]
fn stacked_cell_transposed_into_two_kpis() {
    let doc = seed();
    let stacked: Vec<&Kpi> =
        kpis(&doc).into_iter().filter(|k| k.common.provenance.line == Some(199)).collect();
    let names: Vec<&str> = stacked.iter().map(|k| k.indicator.as_str()).collect();
    assert_eq!(names, ["健康運動リーダー養成数", "認知症サポーター養成講座の受講者数"]);
    let grades: Vec<_> =
        stacked.iter().map(|k| k.grade.as_ref().unwrap().grade.as_deref()).collect();
    assert_eq!(grades, [Some("A-"), Some("A-")]);
    assert_eq!(stacked[1].baseline.as_ref().unwrap().value, Some(5930.0));
    assert_eq!(
        stacked[1].actuals.iter().find(|a| a.year == 2023).unwrap().value.value,
        Some(9806.0)
    );
    assert_eq!(stacked[0].departments, ["健康課"]);
    assert_eq!(stacked[1].departments, ["長寿支援課"]);
    assert_eq!(stacked[0].common.section.as_deref(), Some("4(3)"));
}

#[test]
fn measures_per_edition() {
    let doc = seed();
    let pair: Vec<&Measure> =
        measures(&doc).into_iter().filter(|m| m.title == "企業誘致の推進").collect();
    assert_eq!(pair.len(), 2);
    assert_eq!(pair[0].phase.as_deref(), Some("第2期"));
    assert_eq!(pair[1].phase.as_deref(), Some("第3期"));
    assert_eq!(pair[0].number.as_deref(), Some("①"));
    let labels: Vec<&str> = pair[0].fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["施策の概要", "主な取組", "総括"]);
    assert!(pair[0].fields[0].text.starts_with("筑後小郡インターチェンジ周辺"));
    assert_eq!(pair[0].common.section.as_deref(), Some("1(1)/①"));
    assert!(has_diag(&doc, "extract.edition_inferred", 15));
    let section = doc.sections.iter().find(|s| s.id == "1(1)/①").unwrap();
    assert_eq!(section.level, "具体的な施策");
    // A 20-cell row: both editions, each with its departments.
    let medical: Vec<&Measure> =
        measures(&doc).into_iter().filter(|m| m.title == "医療体制の拡充").collect();
    assert_eq!(medical.len(), 2);
    assert_eq!(medical[0].departments, ["子ども育成課", "健康課"]);
    assert_eq!(medical[1].departments, ["子ども家庭支援課"]);
    assert_eq!(medical[1].fields.last().unwrap().label, "デジタル取組例");
    // 【(1)市の魅力発信強化】: a bracketed number.
    let bracketed = measures(&doc).into_iter().find(|m| m.title == "市の魅力発信強化").unwrap();
    assert_eq!(bracketed.number.as_deref(), Some("(1)"));
}

#[test]
fn flattened_tail() {
    let doc = seed();
    let online = kpi_at(&doc, 235, "第3期").unwrap();
    assert!(online.indicator.starts_with("オンライン申請が可能な手続"));
    // "61.70%" follows the name with no header token: baseline or target cannot be told.
    assert!(online.baseline.is_none() && online.target.is_none());
    assert!(has_diag(&doc, "extract.flattened_ambiguous", 236));
    // "R11目標値" between the values places "39事業".
    let partnership = kpi_at(&doc, 272, "第3期").unwrap();
    let target = partnership.target.as_ref().unwrap();
    assert_eq!((target.value, target.year), (Some(39.0), Some(2029)));
    let dx = measures(&doc).into_iter().find(|m| m.title == "自治体DXの推進").unwrap();
    let labels: Vec<&str> = dx.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["施策の概要", "主な取組", "デジタル取組例"]);
    let deleted = measures(&doc).into_iter().find(|m| m.title == "筑後田園都市推進評議会").unwrap();
    assert_eq!(deleted.phase.as_deref(), Some("第2期"));
    assert_eq!(deleted.common.markers[0].kind, MarkerKind::Deleted);
    // A header written one label per line (:82–:85) above an 11-cell row (:87).
    let housing: Vec<&Measure> =
        measures(&doc).into_iter().filter(|m| m.title == "民間住宅開発の推進").collect();
    assert_eq!(housing.len(), 2);
    assert_eq!(housing[0].fields[2].label, "総括");
}

// --- Robustness: the same KPI table with its columns moved, padded, or saved as .xlsx ---

/// The header and three data rows of the 2(1) block (:50, :52, :53, :55), as cells.
fn block() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/000_74bc9d9ecc966527.txt"),
    )
    .unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    [50, 52, 53, 55].iter().map(|n| lines[n - 1].split('\t').map(str::to_owned).collect()).collect()
}

/// The comparable facts of the KPI records of a document.
fn facts(doc: &Document) -> Vec<String> {
    kpis(doc)
        .iter()
        .map(|k| {
            let value = |v: &Option<sheetwash::model::Value>| {
                v.as_ref().map(|v| format!("{:?} {:?} {:?}", v.value, v.unit, v.year))
            };
            let actuals: Vec<String> =
                k.actuals.iter().map(|a| format!("{} {:?}", a.year, a.value.value)).collect();
            format!(
                "{} | {:?} | {:?} | {:?} | {:?} | {:?} | {:?}",
                k.indicator,
                k.phase,
                value(&k.baseline),
                actuals,
                value(&k.target),
                k.grade.as_ref().and_then(|g| g.grade.clone()),
                k.departments
            )
        })
        .collect()
}

fn from_text(rows: &[Vec<String>]) -> Document {
    let text: Vec<String> = rows.iter().map(|r| r.join("\t")).collect();
    convert_bytes("block.txt", text.join("\n").as_bytes(), &ConvertOptions::default()).unwrap()
}

/// Applies a column order (indices into the original row) to every row.
fn permute(rows: &[Vec<String>], order: &[usize]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| order.iter().map(|i| r.get(*i).cloned().unwrap_or_default()).collect())
        .collect()
}

#[test]
fn reference_block_reads_six_kpis() {
    let facts = facts(&from_text(&block()));
    assert_eq!(facts.len(), 6, "{facts:#?}");
    assert!(
        facts[0].starts_with(
            "SNSのフォロー数 | Some(\"第2期\") | Some(\"Some(624.0) None Some(2018)\")"
        )
    );
}

#[test]
fn reordered_columns_give_the_same_kpis() {
    let rows = block();
    let expected = facts(&from_text(&rows));
    // Within each band the indicator column stays first; the value, grade and department
    // columns come in another order (target first, actuals newest first, grade and
    // department before the values; in the 第3期 band the department first).
    let order = [0, 1, 8, 9, 7, 6, 5, 4, 3, 2, 10, 13, 11, 12];
    assert_eq!(facts(&from_text(&permute(&rows, &order))), expected);
}

#[test]
fn an_inserted_blank_column_changes_nothing() {
    let rows = block();
    let expected = facts(&from_text(&rows));
    let order = [0, 1, 99, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99, 11, 12, 13];
    assert_eq!(facts(&from_text(&permute(&rows, &order))), expected);
}

#[test]
fn the_same_table_as_xlsx_gives_the_same_kpis() {
    let rows = block();
    let expected = facts(&from_text(&rows));
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            if cell.is_empty() {
                continue;
            }
            match cell.parse::<f64>() {
                Ok(number) => sheet.write_number(r, c, number).unwrap(),
                Err(_) => sheet.write_string(r, c, cell).unwrap(),
            };
        }
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let doc = convert_bytes("block.xlsx", &bytes, &ConvertOptions::default()).unwrap();
    assert_eq!(facts(&doc), expected);
}

// --- Closing the gaps: stacked 第3期 KPIs, two-name cells, inferred labels, years ---

/// A diagnostic with `code` at a line and column.
fn diag_at<'a>(
    doc: &'a Document,
    code: &str,
    line: u32,
    col: u32,
) -> Option<&'a sheetwash::model::Diagnostic> {
    doc.diagnostics.iter().find(|d| {
        d.code == code
            && d.provenance.as_ref().is_some_and(|p| p.line == Some(line) && p.col == Some(col))
    })
}

/// Lines of the seed, 1-based, joined into a small document.
fn seed_lines(numbers: &[usize]) -> String {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/000_74bc9d9ecc966527.txt"),
    )
    .unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    numbers.iter().map(|n| lines[n - 1]).collect::<Vec<_>>().join("\n")
}

fn from_str(text: &str) -> Document {
    convert_bytes("block.txt", text.as_bytes(), &ConvertOptions::default()).unwrap()
}

#[test]
fn stacked_kpis_in_a_measure_row() {
    let doc = seed();
    let stacked: Vec<&Kpi> = kpis(&doc)
        .into_iter()
        .filter(|k| k.common.provenance.line == Some(205) && k.phase.as_deref() == Some("第3期"))
        .collect();
    let names: Vec<&str> = stacked.iter().map(|k| k.indicator.as_str()).collect();
    assert_eq!(names, ["がん検診平均受診率", "認知症サポーター養成講座の受講者数"]);
    let values = |k: &Kpi| {
        let (b, t) = (k.baseline.as_ref().unwrap(), k.target.as_ref().unwrap());
        (b.value, b.unit.clone(), b.year, b.fiscal, t.value, t.year, t.fiscal)
    };
    let pct = Some("%".to_owned());
    assert_eq!(
        values(stacked[0]),
        (Some(7.8), pct, Some(2023), Some(true), Some(8.4), Some(2029), Some(true))
    );
    let people = Some("人".to_owned());
    assert_eq!(
        values(stacked[1]),
        (Some(9806.0), people, Some(2023), Some(true), Some(14600.0), Some(2029), Some(true))
    );
    // The target cell is the one under R11目標値 (col 11), whatever header text it starts with.
    assert_eq!(stacked[1].target.as_ref().unwrap().provenance.as_ref().unwrap().col, Some(11));
    assert_eq!(stacked[0].departments, ["健康課"]);
    assert_eq!(stacked[1].departments, ["長寿支援課"]);
    assert!(stacked.iter().all(|k| k.common.section.as_deref() == Some("4(3)")));
    assert!(stacked.iter().all(|k| k.level.as_deref() == Some("KPI")));
    // The second name is recovered from :199, and the evidence is cited.
    let inferred = diag_at(&doc, "extract.name_inferred", 205, 10).unwrap();
    assert_eq!(inferred.severity, sheetwash::model::Severity::Info);
    assert!(inferred.message.contains("000_74bc9d9ecc966527.txt:199"), "{}", inferred.message);
    // "R5基準値" written in the cell under R11目標値 is reported, not followed.
    assert!(diag_at(&doc, "extract.column_realigned", 205, 11).is_some());
    // The cells are no longer text fields of the 第3期 measure.
    let measure = measures(&doc)
        .into_iter()
        .find(|m| m.common.provenance.line == Some(205) && m.phase.as_deref() == Some("第3期"))
        .unwrap();
    assert_eq!(measure.title, "保健サービスの充実");
    assert!(measure.fields.is_empty(), "{:?}", measure.fields);
    assert_eq!(measure.departments, ["健康課", "長寿支援課"]);
}

#[test]
fn a_stacked_name_is_recovered_only_from_an_exact_latest_actual() {
    // The 4(3) heading, the stacked 第2期 row, the measure header and the stacked 第3期 row.
    let with_evidence = from_str(&seed_lines(&[196, 199, 202, 205]));
    let names: Vec<&str> = kpis(&with_evidence)
        .into_iter()
        .filter(|k| k.phase.as_deref() == Some("第3期"))
        .map(|k| k.indicator.as_str())
        .collect();
    assert_eq!(names, ["がん検診平均受診率", "認知症サポーター養成講座の受講者数"]);
    // No KPI whose latest actual is 9,806人: the name stays absent, the values a table.
    for text in [
        seed_lines(&[196, 202, 205]),
        seed_lines(&[196, 199, 202, 205]).replace("9,806人	R6目標値", "9,807人	R6目標値"),
    ] {
        let doc = from_str(&text);
        let third: Vec<&str> = kpis(&doc)
            .into_iter()
            .filter(|k| k.phase.as_deref() == Some("第3期"))
            .map(|k| k.indicator.as_str())
            .collect();
        assert_eq!(third, ["がん検診平均受診率"]);
        assert!(!doc.diagnostics.iter().any(|d| d.code == "extract.name_inferred"));
        let unassigned =
            doc.diagnostics.iter().find(|d| d.code == "extract.row_unassigned").unwrap();
        assert_eq!(unassigned.provenance.as_ref().unwrap().col, Some(10));
        let table = doc
            .records
            .iter()
            .find_map(|r| if let Record::Table(t) = r { Some(t) } else { None })
            .unwrap();
        let raws: Vec<&str> = table.rows[0].iter().flatten().map(|v| v.raw.as_str()).collect();
        assert_eq!(raws, ["9,806人", "14,600人"]);
    }
}

#[test]
fn two_names_in_one_cell_are_kept_and_reported() {
    let doc = seed();
    let renamed = measures(&doc)
        .into_iter()
        .find(|m| m.common.provenance.line == Some(72) && m.phase.as_deref() == Some("第3期"))
        .unwrap();
    // The printed name is kept (normalized text, §2.12), not split.
    assert_eq!(renamed.title, "観光資源及び地域資源の活用観光地域づくりの推進");
    let ambiguous = diag_at(&doc, "extract.name_ambiguous", 72, 8).unwrap();
    assert!(ambiguous.message.contains("観光地域づくりの推進"));
    // Conservative: names with a since-year, stacked names or list cells are not two names.
    let mut lines: Vec<u32> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "extract.name_ambiguous")
        .filter_map(|d| d.provenance.as_ref()?.line)
        .collect();
    lines.sort_unstable();
    assert_eq!(lines, [72, 208]);
    // :208[8] lists two numbered names after the 第3期 name: a 施策名 field, not the 概要.
    let health = measures(&doc)
        .into_iter()
        .find(|m| m.common.provenance.line == Some(208) && m.phase.as_deref() == Some("第3期"))
        .unwrap();
    let labels: Vec<&str> = health.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["施策名", "施策の概要", "主な取組"]);
    assert!(health.fields[1].text.starts_with("医師会"));
}

#[test]
fn labels_and_layouts_taken_from_elsewhere_are_reported() {
    let doc = seed();
    // 第3期 halves printed without a header of their own: their name cells.
    for (line, col) in [(38, 9), (39, 9), (41, 9), (72, 8), (87, 8), (88, 7), (122, 8), (214, 8)] {
        let d = diag_at(&doc, "extract.header_missing", line, col);
        assert!(d.is_some_and(|d| d.message.contains("施策の概要")), "{line}:{col}");
    }
    let digital = measures(&doc)
        .into_iter()
        .find(|m| m.common.provenance.line == Some(39) && m.phase.as_deref() == Some("第3期"))
        .unwrap();
    assert_eq!(digital.fields.last().unwrap().label, "デジタル取組例");
    // Header rows with only R6目標値 borrow the value columns of an earlier 第2期 header.
    for line in [126, 132, 142] {
        let d = diag_at(&doc, "extract.header_missing", line, 1).unwrap();
        assert!(d.message.contains("000_74bc9d9ecc966527.txt:108"), "{}", d.message);
    }
    // :202 prints edition labels over the 第2期 text columns: they label them.
    let health = measures(&doc)
        .into_iter()
        .find(|m| m.common.provenance.line == Some(205) && m.phase.as_deref() == Some("第2期"))
        .unwrap();
    let labels: Vec<&str> = health.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        labels,
        ["施策の概要", "主な取組", "第2期(R2-6)", "第3期(R7-11)の展開", "第3期(R7-11)の展開"]
    );
}

#[test]
fn a_value_naming_its_year_displaces_a_placeholder_of_that_year() {
    let doc = seed();
    let second = kpi_at(&doc, 7, "第2期").unwrap();
    let years: Vec<(i32, &str)> =
        second.actuals.iter().map(|a| (a.year, a.value.raw.as_str())).collect();
    assert_eq!(years, [(2020, "18,165人 (R2)"), (2022, "-"), (2023, "-")]);
    let overridden = diag_at(&doc, "normalize.year_overrides_header", 7, 6).unwrap();
    assert!(overridden.message.contains("dropped"), "{}", overridden.message);
    // A one-year lag with no placeholders keeps every value (:128).
    let birth = kpi_at(&doc, 127, "第2期").unwrap();
    assert_eq!(birth.actuals.len(), 4);
}

#[test]
fn header_years_are_fiscal_years_reported_once_per_header() {
    let doc = seed();
    for (line, phase) in [(19, "第2期"), (19, "第3期"), (199, "第2期"), (205, "第3期")] {
        let kpi = kpi_at(&doc, line, phase).unwrap();
        for value in [kpi.baseline.as_ref().unwrap(), kpi.target.as_ref().unwrap()] {
            assert_eq!(value.fiscal, Some(true), "{line} {phase} {}", value.raw);
        }
    }
    // The flattened tail: "R11目標値" then "39事業".
    let partnership = kpi_at(&doc, 272, "第3期").unwrap();
    assert_eq!(partnership.target.as_ref().unwrap().fiscal, Some(true));
    // One info at the header row :18, none at its data row.
    let at = |line: u32| {
        doc.diagnostics
            .iter()
            .filter(|d| d.code == "normalize.fiscal_assumed")
            .filter(|d| d.provenance.as_ref().and_then(|p| p.line) == Some(line))
            .count()
    };
    assert_eq!((at(18), at(19)), (1, 0));
    // A value with its own year keeps it and says nothing is assumed for it.
    let first = kpi_at(&doc, 7, "第2期").unwrap();
    assert_eq!(first.baseline.as_ref().unwrap().year, Some(2015));
}

#[test]
fn a_department_in_the_last_paragraph_closes_the_edition() {
    let doc = seed();
    for (line, department) in [(120, "文化財課"), (121, "生涯学習課")] {
        let first = measures(&doc)
            .into_iter()
            .find(|m| m.common.provenance.line == Some(line) && m.phase.as_deref() == Some("第2期"))
            .unwrap();
        assert_eq!(first.departments, [department], "{line}");
        assert!(first.fields.iter().all(|f| !f.text.ends_with(department)), "{line}");
    }
}
