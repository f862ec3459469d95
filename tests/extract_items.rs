//! The action-plan item layout (seed `001`, 小郡市 行政経営アクションプラン): facts checked by
//! hand against the seed text.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test helpers may fail loudly")]

use std::path::Path;

use sheetwash::convert::{ConvertOptions, convert_path};
use sheetwash::model::{Document, Item, MarkerKind, Record, Severity, Table};

fn seed() -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/001_1783ff5150642431.txt");
    convert_path(&path, &ConvertOptions::default()).unwrap()
}

fn items(doc: &Document) -> Vec<&Item> {
    doc.records
        .iter()
        .filter_map(|r| if let Record::Item(i) = r { Some(i) } else { None })
        .collect()
}

fn item<'a>(doc: &'a Document, number: &str) -> &'a Item {
    items(doc).into_iter().find(|i| i.number == number).unwrap()
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.records
        .iter()
        .filter_map(|r| if let Record::Table(t) = r { Some(t) } else { None })
        .collect()
}

fn effect_values(item: &Item) -> Vec<(i32, f64)> {
    item.effects.iter().map(|e| (e.year, e.value.value.unwrap())).collect()
}

#[test]
fn thirty_eight_items_in_order() {
    let doc = seed();
    let numbers: Vec<String> = items(&doc).iter().map(|i| i.number.clone()).collect();
    let expected: Vec<String> = (1..=38).map(|n| format!("No.{n}")).collect();
    assert_eq!(numbers, expected);
    // Every item has a name (three recovered from the table of contents).
    assert!(items(&doc).iter().all(|i| i.name.is_some()));
}

#[test]
fn first_item_name_departments_and_results() {
    let doc = seed();
    let first = item(&doc, "No.1");
    assert_eq!(first.name.as_deref(), Some("協働のまちづくり推進事業の拡充"));
    assert_eq!(first.departments, ["コミュニティ推進課"]);
    assert_eq!(first.common.provenance.line, Some(184));
    assert_eq!(first.common.section.as_deref(), Some("第4/1/(1)"));
    let h29 = &first.results[0];
    assert_eq!((h29.year, h29.fiscal), (2017, true));
    assert_eq!(
        h29.text,
        "○協働のまちづくり推進事業の成果と課題の検証 ○まちづくりに関する条例整備の検討 ○まちづくり参画啓発事業の実施"
    );
    let years: Vec<i32> = first.results.iter().map(|r| r.year).collect();
    assert_eq!(years, [2017, 2018, 2019, 2020, 2021]);
    assert!(
        first.description.as_deref().unwrap().starts_with("○各小学校区の「協働のまちづくり組織」")
    );
    assert!(first.effects.is_empty());
}

#[test]
fn departments_split_on_commas_and_spaces() {
    let doc = seed();
    assert_eq!(item(&doc, "No.6").departments, ["コミュニティ推進課", "関係各課"]);
    assert_eq!(item(&doc, "No.33").departments, ["財政課", "経営戦略課", "関係各課"]);
    assert_eq!(item(&doc, "No.15").departments, ["関係各課"]);
}

#[test]
fn empty_names_come_from_the_table_of_contents() {
    let doc = seed();
    let no18 = item(&doc, "No.18");
    assert_eq!(no18.name.as_deref(), Some("マイナンバーカードの普及・活用"));
    assert_eq!(no18.departments, ["市民課", "総務広報課", "関係各課"]);
    assert_eq!(item(&doc, "No.19").name.as_deref(), Some("行政評価システムの活用"));
    assert_eq!(item(&doc, "No.20").name.as_deref(), Some("情報セキュリティ対策の実施"));
    let recovered: Vec<u32> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "extract.name_from_toc" && d.message.starts_with("No."))
        .map(|d| {
            assert_eq!(d.severity, Severity::Info);
            d.provenance.as_ref().unwrap().line.unwrap()
        })
        .collect();
    assert_eq!(recovered, [353, 362, 371]);
}

#[test]
fn vertical_effects_are_scaled_and_attached_in_order() {
    let doc = seed();
    let no28 = item(&doc, "No.28");
    assert_eq!(
        effect_values(no28),
        [
            (2017, 99_203_000.0),
            (2018, 29_280_000.0),
            (2019, 12_408_000.0),
            (2020, 42_457_000.0),
            (2021, 34_330_000.0)
        ]
    );
    let first = &no28.effects[0];
    assert!(first.fiscal);
    assert_eq!(first.value.raw, "99,203");
    assert_eq!(first.value.unit.as_deref(), Some("円"));
    assert_eq!(first.value.provenance.as_ref().unwrap().line, Some(456));
    assert_eq!(first.value.provenance.as_ref().unwrap().col, Some(6));
    // The five yearly amounts add up to the 5-year total of the summary table (217,678).
    let total: f64 = no28.effects.iter().map(|e| e.value.value.unwrap()).sum();
    assert!((total - 217_678_000.0).abs() < 0.5);
    assert_eq!(effect_values(item(&doc, "No.29")).len(), 5);
}

#[test]
fn inline_effects_and_category_rows() {
    let doc = seed();
    let no30 = item(&doc, "No.30");
    assert_eq!(effect_values(no30)[0], (2017, 55_507_000.0));
    assert_eq!(no30.results[0].text, "売却 ○土地開発公社買い戻し土地(若山用地)他");
    let no4 = item(&doc, "No.4");
    assert_eq!(no4.results[0].text, "H29.4.1現在 18組織 (平成23年度以降の延べ組織数)");
    // A percentage in a year row is a result, not an effect amount.
    assert!(item(&doc, "No.5").effects.is_empty());
    assert!(item(&doc, "No.33").effects.is_empty());
}

#[test]
fn headerless_effects_with_negatives_and_departments() {
    let doc = seed();
    let no35 = item(&doc, "No.35");
    let values = effect_values(no35);
    assert_eq!(values[0], (2017, 611_269_000.0));
    assert_eq!(values[1], (2018, -29_597_000.0));
    assert_eq!(values[2], (2019, -724_507_000.0));
    assert_eq!(no35.effects[1].value.raw, "▲29,597");
    let no36 = item(&doc, "No.36");
    let first = &no36.effects[0].value;
    assert_eq!(first.raw, "国保年金課 18,475");
    assert_eq!(first.value, Some(18_475_000.0));
    assert_eq!(first.label.as_deref(), Some("国保年金課"));
    let missing: Vec<u32> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "extract.header_missing")
        .map(|d| d.provenance.as_ref().unwrap().line.unwrap())
        .collect();
    assert_eq!(missing, [535, 544]);
}

#[test]
fn added_item_has_three_years_and_a_new_marker() {
    let doc = seed();
    let no38 = item(&doc, "No.38");
    let years: Vec<i32> = no38.results.iter().map(|r| r.year).collect();
    assert_eq!(years, [2019, 2020, 2021]);
    assert!(no38.effects.is_empty());
    assert_eq!(no38.common.markers.len(), 1);
    assert_eq!(no38.common.markers[0].kind, MarkerKind::New);
    assert_eq!(no38.common.markers[0].raw, "追加実施項目");
    // The section follows the table of contents: (2) 歳出の抑制, with the body heading reported.
    assert_eq!(no38.common.section.as_deref(), Some("第4/3/(2)"));
    assert!(doc.diagnostics.iter().any(|d| d.code == "extract.section_from_toc"
        && d.message.contains("追加実施項目")
        && d.provenance.as_ref().unwrap().line == Some(559)));
    assert!(
        no38.description.as_deref().unwrap().ends_with("【令和元年度実績反映時に項目として追加】")
    );
}

#[test]
fn relisted_results_name_their_original() {
    let doc = seed();
    let no31 = item(&doc, "No.31");
    assert!(!no31.common.markers.is_empty());
    assert!(no31.common.markers.iter().all(|m| m.kind == MarkerKind::Relisted));
    assert!(no31.common.markers.iter().all(|m| m.of.as_deref() == Some("No.22")));
    assert!(no31.common.markers.iter().any(|m| m.raw == "<u>（No.22再掲）</u>"));
    assert_eq!(item(&doc, "No.22").common.markers, []);
}

#[test]
fn month_day_results_inherit_the_fiscal_year() {
    let doc = seed();
    let inherited: Vec<u32> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "normalize.year_inherited")
        .map(|d| d.provenance.as_ref().unwrap().line.unwrap())
        .collect();
    assert_eq!(inherited, [318, 319, 320, 321, 322]);
    assert!(item(&doc, "No.14").results[0].text.starts_with("(4月1日~)"));
}

#[test]
fn hierarchy_follows_chapters_parts_and_page_headers() {
    let doc = seed();
    let ids: Vec<&str> = doc.sections.iter().map(|s| s.id.as_str()).collect();
    assert!(ids.contains(&"第4/2/(2)"));
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len());
    // Page headers (第4 実施項目 at 215, 304, 479, 521) do not close the open part.
    assert_eq!(item(&doc, "No.4").common.section.as_deref(), Some("第4/1/(2)"));
    assert_eq!(item(&doc, "No.13").common.section.as_deref(), Some("第4/2/(1)"));
    assert_eq!(item(&doc, "No.30").common.section.as_deref(), Some("第4/3/(1)"));
    assert_eq!(item(&doc, "No.34").common.section.as_deref(), Some("第4/3/(2)"));
    let chapter = doc.sections.iter().find(|s| s.id == "第4").unwrap();
    assert_eq!(chapter.title.as_deref(), Some("実施項目"));
    assert_eq!(chapter.provenance.line, Some(178));
}

#[test]
fn effect_summary_tables() {
    let doc = seed();
    let summaries: Vec<&Table> =
        tables(&doc).into_iter().filter(|t| t.header.len() == 4 && t.rows.len() <= 5).collect();
    assert_eq!(summaries.len(), 2);
    let income = summaries[0];
    assert_eq!(income.rows.len(), 5);
    assert_eq!(income.header[3].text, "5か年効果額");
    let row28 = &income.rows[0];
    let number = row28[0].as_ref().unwrap();
    assert_eq!((number.raw.as_str(), number.text.as_str()), ("28", "No.28"));
    let amount = row28[3].as_ref().unwrap();
    assert_eq!(amount.raw, "217,678");
    assert_eq!(amount.value, Some(217_678_000.0));
    assert_eq!(amount.provenance.as_ref().unwrap().line, Some(636));
    let reduction = summaries[1];
    assert_eq!(reduction.rows.len(), 2);
    assert_eq!(reduction.rows[0][3].as_ref().unwrap().value, Some(153_924_000.0));
}

#[test]
fn finance_series_take_their_years_from_the_title() {
    let doc = seed();
    let series: Vec<&Table> = tables(&doc).into_iter().filter(|t| t.header.len() == 16).collect();
    assert_eq!(series.len(), 2);
    let revenue = series[0];
    assert_eq!(revenue.rows.len(), 5);
    let years: Vec<i32> = revenue.header[1..].iter().map(|h| h.year.unwrap()).collect();
    assert_eq!(years, (2007..=2021).collect::<Vec<_>>());
    let total = revenue.rows[0][1].as_ref().unwrap();
    assert_eq!(total.value, Some(15_977_815.0));
    // No unit is printed and the chart's (億円) is not applied.
    assert_eq!(total.unit, None);
    assert_eq!(revenue.rows[0][0].as_ref().unwrap().text, "歳入総額");
    let title_years = doc.diagnostics.iter().filter(|d| d.code == "extract.years_from_title");
    assert_eq!(title_years.count(), 2);
    assert!(doc.diagnostics.iter().any(|d| d.code == "extract.unit_inferred"
        && d.severity == Severity::Info
        && d.message.contains("千円")));
}

#[test]
fn chart_titles_without_data() {
    let doc = seed();
    let empty: Vec<&Table> = tables(&doc)
        .into_iter()
        .filter(|t| t.rows.is_empty() && t.title.as_deref().is_some_and(|t| t.contains("比較")))
        .collect();
    assert_eq!(empty.len(), 3);
    assert_eq!(empty[0].common.provenance.line, Some(682));
    // The fourth `extract.table_without_data` is No.38's empty 年次効果額 column (:563).
    let diagnostics = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "extract.table_without_data" && d.message.contains("chart"));
    assert_eq!(diagnostics.count(), 3);
}

#[test]
fn no_header_or_page_title_becomes_a_record() {
    let doc = seed();
    // 38 items, 2 summaries, 2 series, 3 empty charts and the table of unread rows.
    assert_eq!(doc.records.len(), 38 + 2 + 2 + 3 + 1);
    assert!(items(&doc).iter().all(|i| i.results.iter().all(|r| !r.text.contains("年度行動計画"))));
}

#[test]
fn document_validates() {
    let doc = seed();
    let json = serde_json::to_value(&doc).unwrap();
    sheetwash::emit::validate_document(&json).unwrap();
}

/// Another plan of the same family: labels one column to the right, the effect column at a
/// different position with no gap, 令和 years, departments separated by a space.
#[test]
fn another_plan_of_the_same_family() {
    let text = "目次\n第1 実施項目\t1\n1 財政\n(1) 歳入\nNo.1 税の収納\t1\nNo.2 未利用地の売却\t2\n\n\
                第1 実施項目\n1 財政\n(1) 歳入\n\
                \t項目番号\tNo.1\t項目名\t税の収納\t担当課\t税務課 収納課\n\
                \t内容・目標等\t収納率の向上\n\
                \t年度行動計画（及び実績）\t\t年次効果額（千円）\n\
                \tR4年度実績\t差押え\t1,200\n\
                \tR5年度実績\t継続\t△300\n\
                \n項目番号\tNo.2\t項目名\t担当課\t財政課\n年度行動計画（及び実績）\nR5年度実績\t売却\n";
    let doc =
        sheetwash::convert::convert_bytes("plan.txt", text.as_bytes(), &ConvertOptions::default())
            .unwrap();
    let first = item(&doc, "No.1");
    assert_eq!(first.name.as_deref(), Some("税の収納"));
    assert_eq!(first.departments, ["税務課", "収納課"]);
    assert_eq!(first.description.as_deref(), Some("収納率の向上"));
    assert_eq!(first.results[0].text, "差押え");
    assert_eq!(effect_values(first), [(2022, 1_200_000.0), (2023, -300_000.0)]);
    assert_eq!(first.common.section.as_deref(), Some("第1/1/(1)"));
    let second = item(&doc, "No.2");
    assert_eq!(second.name.as_deref(), Some("未利用地の売却"));
    assert_eq!(second.results[0].year, 2023);
    sheetwash::emit::validate_document(&serde_json::to_value(&doc).unwrap()).unwrap();
}

#[test]
fn effect_header_without_amounts_is_reported() {
    // :563 No.38 prints "年次効果額（実績） (千円)" but no amount under it (:564–:566).
    let doc = seed();
    assert!(item(&doc, "No.38").effects.is_empty());
    let empty: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "extract.table_without_data" && d.message.contains("年次効果額"))
        .collect();
    assert_eq!(empty.len(), 1);
    assert_eq!(empty[0].severity, Severity::Info);
    assert!(empty[0].message.contains("No.38"));
    let at = empty[0].provenance.as_ref().unwrap();
    assert_eq!((at.line, at.col), (Some(563), Some(6)));
}

#[test]
fn heading_misread_by_one_character_is_reported() {
    // :427 "(1) 緒入の確保"; the contents list "(1) 歳入の確保" (:35).
    let doc = seed();
    let misread: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "normalize.ocr_corrected" && d.message.contains("contents"))
        .collect();
    assert_eq!(misread.len(), 1);
    assert_eq!(misread[0].severity, Severity::Info);
    assert_eq!(misread[0].provenance.as_ref().unwrap().line, Some(427));
    assert!(misread[0].message.contains("緒 → 歳"));
    // The title stays as printed.
    let section = doc.sections.iter().find(|s| s.id == "第4/3/(1)").unwrap();
    assert_eq!(section.title.as_deref(), Some("緒入の確保"));
}

#[test]
fn headings_equal_to_their_contents_entry_are_not_reported() {
    // The same family: "(1) 歳人" in the body against "(1) 歳入" in the contents is reported;
    // "1 財政" printed as in the contents is not.
    let text = "目次\n第1 実施項目\t1\n1 財政\n(1) 歳入\nNo.1 税の収納\t1\n\n\
                第1 実施項目\n1 財政\n(1) 歳人\n\
                項目番号\tNo.1\t項目名\t税の収納\t担当課\t税務課\n";
    let doc =
        sheetwash::convert::convert_bytes("plan.txt", text.as_bytes(), &ConvertOptions::default())
            .unwrap();
    let misread: Vec<_> =
        doc.diagnostics.iter().filter(|d| d.code == "normalize.ocr_corrected").collect();
    assert_eq!(misread.len(), 1);
    assert!(misread[0].message.contains("人 → 入"));
}
