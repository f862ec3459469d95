//! The 総括シート recognizers on seed 002 (久留米市 第1期 地方創生総合戦略の総括): per-year
//! KPI blocks, 数値目標 tables, sheet fields as measures, count and statistics tables. Every
//! fact asserted here was checked by hand against the seed text (line numbers in comments).
#![allow(clippy::unwrap_used, clippy::float_cmp, reason = "test helpers fail loudly")]

use std::path::Path;
use std::sync::LazyLock;

use sheetwash::convert::{ConvertOptions, convert_path};
use sheetwash::model::{Document, Kpi, Measure, Record, Table, Value, ValueKind, YearValue};

static DOC: LazyLock<Document> = LazyLock::new(|| {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/002_8328d9d9bf0fbedf.txt");
    convert_path(&path, &ConvertOptions::default()).unwrap()
});

fn kpis() -> Vec<&'static Kpi> {
    DOC.records.iter().filter_map(|r| if let Record::Kpi(k) = r { Some(k) } else { None }).collect()
}

fn measures() -> Vec<&'static Measure> {
    DOC.records
        .iter()
        .filter_map(|r| if let Record::Measure(m) = r { Some(m) } else { None })
        .collect()
}

fn tables() -> Vec<&'static Table> {
    DOC.records
        .iter()
        .filter_map(|r| if let Record::Table(t) = r { Some(t) } else { None })
        .collect()
}

/// The KPI record that starts on `line`.
fn kpi_at(line: u32) -> &'static Kpi {
    kpis().into_iter().find(|k| k.common.provenance.line == Some(line)).unwrap()
}

fn year(values: &[YearValue], year: i32) -> &Value {
    &values.iter().find(|v| v.year == year).unwrap().value
}

fn numbers(values: &[YearValue]) -> Vec<Option<f64>> {
    values.iter().map(|v| v.value.value).collect()
}

#[test]
fn document_still_validates() {
    let json = serde_json::to_value(&*DOC).unwrap();
    sheetwash::emit::validate_document(&json).unwrap();
}

#[test]
fn record_counts() {
    let all = kpis();
    // 69 KPIs counted at :140, plus the 耳納北麓 KPI printed on a second sheet.
    assert_eq!(all.iter().filter(|k| k.level.as_deref() == Some("KPI")).count(), 70);
    // 7 in the summary (:110–:116), 7 in the 別紙 tables, 7 on the 基本目標 sheets; and
    // written as prose under 【数値目標】, 7 on the 別紙 pages (:354–:805) and 7 on the 概要
    // page (:2155–:2192): kept beside the table rows, not deduplicated.
    assert_eq!(all.iter().filter(|k| k.level.as_deref() == Some("数値目標")).count(), 35);
    // 44 施策 sheets and 5 基本目標 sheets.
    assert_eq!(measures().len(), 49);
}

#[test]
fn yearly_goal_rows_on_the_first_sheet() {
    // :901–:905 就職率: baseline 12%, target 17%, H27…R1 rows.
    let kpi = kpi_at(901);
    assert_eq!(kpi.indicator, "市内の大学等の新卒者の市内企業への就職率を17%にする");
    assert_eq!(kpi.level.as_deref(), Some("数値目標"));
    assert_eq!(kpi.baseline.as_ref().unwrap().value, Some(12.0));
    assert_eq!(kpi.target.as_ref().unwrap().value, Some(17.0));
    assert_eq!(numbers(&kpi.targets), [Some(13.0), Some(14.0), Some(15.0), Some(16.0), Some(17.0)]);
    assert_eq!(numbers(&kpi.actuals), [Some(12.9), Some(11.2), Some(9.6), Some(10.8), Some(8.5)]);
    let grades: Vec<_> = kpi.progress.iter().map(|p| p.value.grade.as_deref().unwrap()).collect();
    assert_eq!(grades, ["△", "×", "×", "×", "×"]);
    assert_eq!(kpi.actuals.first().unwrap().year, 2015);
    assert!(kpi.actuals.iter().all(|a| a.fiscal));
    assert_eq!(kpi.grade.as_ref().unwrap().grade.as_deref(), Some("×"));
    assert_eq!(kpi.common.section.as_deref(), Some("1"));
}

#[test]
fn cumulative_target_with_qualifier_and_note() {
    // :1006 "17件 ▼ 計100件以上", the KPI sheet of (3) ものづくり企業イノベーション促進事業.
    let kpi = kpi_at(1006);
    assert_eq!(kpi.indicator, "ものづくり企業支援件数");
    assert_eq!(kpi.level.as_deref(), Some("KPI"));
    let baseline = kpi.baseline.as_ref().unwrap();
    assert_eq!((baseline.value, baseline.unit.as_deref()), (Some(17.0), Some("件")));
    let target = kpi.target.as_ref().unwrap();
    assert_eq!(target.value, Some(100.0));
    assert_eq!(target.qualifier.as_deref(), Some("以上"));
    assert_eq!(target.note.as_deref(), Some("計"));
    assert_eq!(year(&kpi.actuals, 2019).value, Some(188.0));
    assert_eq!(kpi.common.section.as_deref(), Some("1/①/(3)"));
    assert_eq!(kpi.common.provenance.col, Some(2));
}

#[test]
fn revised_target_keeps_the_original() {
    // :1680 "— ▼ 60事業所 ▼ 110事業所 (H29上方修正)".
    let kpi = kpi_at(1680);
    assert!(kpi.baseline.as_ref().unwrap().is_missing());
    let target = kpi.target.as_ref().unwrap();
    assert_eq!(target.value, Some(110.0));
    assert_eq!(target.note.as_deref(), Some("H29上方修正"));
    assert_eq!(target.parts.len(), 1);
    assert_eq!(target.parts[0].label.as_deref(), Some("当初"));
    assert_eq!(target.parts[0].value, Some(60.0));
}

#[test]
fn pending_actual_is_missing_and_graded_dash() {
    // :1384 R1 row of 市内宿泊者数: target 42.7万人, actual 集計中, grade —.
    let kpi = kpi_at(1380);
    assert_eq!(year(&kpi.targets, 2019).value, Some(427_000.0));
    let actual = year(&kpi.actuals, 2019);
    assert!(actual.is_missing());
    assert_eq!(actual.raw, "集計中");
    let grade = kpi.grade.as_ref().unwrap();
    assert_eq!(grade.grade.as_deref(), Some("—"));
    assert_eq!(grade.note.as_deref(), Some("現時点では判断が困難"));
    assert_eq!(grade.provenance.as_ref().unwrap().line, Some(1384));
}

#[test]
fn dash_years_still_have_entries() {
    // :920–:924: H27–H29 are "—" in every column, R1 is 1,000人 / 100.0% / ○.
    let kpi = kpi_at(920);
    assert_eq!(kpi.targets.len(), 5);
    assert_eq!(kpi.actuals.len(), 5);
    assert!(kpi.actuals.iter().take(4).all(|a| a.value.is_missing()));
    assert_eq!(year(&kpi.targets, 2019).value, Some(1000.0));
    assert_eq!(year(&kpi.actuals, 2019).value, Some(100.0));
    assert_eq!(year(&kpi.progress, 2016).grade.as_deref(), Some("—"));
}

#[test]
fn truncated_rows_leave_absent_entries() {
    // :1815–:1819: no actual and no grade for H29–R1.
    let kpi = kpi_at(1815);
    assert_eq!(kpi.targets.len(), 5);
    assert_eq!(kpi.actuals.len(), 2);
    assert!(kpi.grade.is_none());
}

#[test]
fn the_same_kpi_on_two_sheets_is_kept_twice() {
    let twice: Vec<_> =
        kpis().into_iter().filter(|k| k.indicator == "耳納北麓エリア観光客数").collect();
    assert_eq!(twice.len(), 2);
    let lines: Vec<_> = twice.iter().map(|k| k.common.provenance.line.unwrap()).collect();
    assert_eq!(lines, [1330, 1437]);
    assert_ne!(twice[0].common.section, twice[1].common.section);
    assert_eq!(numbers(&twice[0].actuals), numbers(&twice[1].actuals));
    assert_eq!(numbers(&twice[0].targets), numbers(&twice[1].targets));
}

#[test]
fn direction_bound_by_name_not_printed_number() {
    // :1971 prints ⑩ for 健康で安心して暮らせる日常を守る, which is ⑪ (:705).
    let mismatch =
        DOC.diagnostics.iter().find(|d| d.code == "extract.direction_number_mismatch").unwrap();
    assert_eq!(mismatch.provenance.as_ref().unwrap().line, Some(1971));
    let kpi = kpi_at(1976);
    assert_eq!(kpi.indicator, "各種がん検診の平均受診率");
    assert_eq!(kpi.common.section.as_deref(), Some("4/⑪/(1)"));
    let direction = DOC.sections.iter().find(|s| s.id == "4/⑪").unwrap();
    assert_eq!(direction.title.as_deref(), Some("健康で安心して暮らせる日常を守る"));
    assert_eq!(direction.level, "施策の基本的方向");
    // The real ⑩ keeps its own name.
    let ten = DOC.sections.iter().find(|s| s.id == "4/⑩").unwrap();
    assert!(ten.title.as_deref().unwrap().starts_with("中心拠点と地域生活拠点"));
}

#[test]
fn sheet_fields_become_a_measure() {
    // :936–:960 (1) 産業集積推進事業.
    let measure = measures().into_iter().find(|m| m.title == "産業集積推進事業").unwrap();
    assert_eq!(measure.number.as_deref(), Some("(1)"));
    assert_eq!(measure.common.section.as_deref(), Some("1/①/(1)"));
    let labels: Vec<_> = measure.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "施策詳細",
            "現在の地方創生関連交付金の活用状況",
            "施策の総括",
            "KPIの総括",
            "課題",
            "次期総合戦略の展開"
        ]
    );
    assert_eq!(measure.fields[1].text, "無し");
    assert!(measure.fields[2].text.starts_with("平成29年12月に、藤光産業団地の入居率が100%"));
    assert!(measure.fields[4].text.starts_with("㈱資生堂の進出決定後"));
}

#[test]
fn split_fields_and_empty_values() {
    // :1396–:1402 grant flag and titles on separate lines; :1266–:1270 a label alone.
    let mice = measures().into_iter().find(|m| m.common.provenance.line == Some(1374)).unwrap();
    let grant =
        mice.fields.iter().find(|f| f.label == "現在の地方創生関連交付金の活用状況").unwrap();
    assert!(grant.text.starts_with("有り\n地域間連携による"));
    assert!(grant.text.contains("事務事業名:MICE誘致推進事業"));
    let goal2 = measures().into_iter().find(|m| m.common.provenance.line == Some(1246)).unwrap();
    let next = goal2.fields.iter().find(|f| f.label == "次期総合戦略の展開").unwrap();
    assert!(next.text.starts_with("ニーズや社会情勢等に応じた移住"));
    assert!(next.text.contains("\n新型コロナウイルス感染症"));
    // :1153 次期総合戦略の展開 with an empty value: the field is absent, never "".
    let empty = measures().into_iter().find(|m| m.common.provenance.line == Some(1138)).unwrap();
    assert!(empty.fields.iter().all(|f| f.label != "次期総合戦略の展開"));
    assert!(measures().iter().all(|m| m.fields.iter().all(|f| !f.text.is_empty())));
}

#[test]
fn goal_count_table_totals() {
    // :134–:140: 69 KPIs: 32 ○, 8 △, 25 ×, 4 —.
    let table = tables().into_iter().find(|t| t.common.provenance.line == Some(134)).unwrap();
    let header: Vec<_> = table.header.iter().map(|h| h.raw.as_str()).collect();
    assert_eq!(header, ["基本目標", "○", "△", "×", "—", "合計"]);
    let total = table.rows.last().unwrap();
    assert_eq!(total[0].as_ref().unwrap().text, "合計");
    let counts: Vec<_> = total.iter().skip(1).map(|v| v.as_ref().unwrap().value).collect();
    assert_eq!(counts, [Some(32.0), Some(8.0), Some(25.0), Some(4.0), Some(69.0)]);
}

#[test]
fn direction_count_cells_and_continuations() {
    // :503 "○ 2 △ 4 × 3 - 2" in one cell; :608 "× 6" continues :607.
    let seventh = tables().into_iter().find(|t| t.common.provenance.line == Some(500)).unwrap();
    let cell = seventh.rows[2][2].as_ref().unwrap();
    assert_eq!(cell.parts.len(), 4);
    assert_eq!(cell.parts[0].grade.as_deref(), Some("○"));
    let ninth = tables().into_iter().find(|t| t.common.provenance.line == Some(605)).unwrap();
    assert_eq!(ninth.rows.len(), 2);
    assert!(ninth.rows[1].iter().flatten().any(|v| v.raw == "× 6"));
    let first = tables().into_iter().find(|t| t.common.provenance.line == Some(374)).unwrap();
    let nine = first.rows[0][2].as_ref().unwrap();
    assert_eq!((nine.grade.as_deref(), nine.value), (Some("○"), Some(9.0)));
}

#[test]
fn population_bands_are_joined() {
    // :23–:29: H16…H23 and H24…R1 joined into one table.
    let table = tables().into_iter().find(|t| t.common.provenance.line == Some(23)).unwrap();
    assert_eq!(table.header.len(), 17);
    assert_eq!(table.header[1].year, Some(2004));
    assert_eq!(table.header[16].year, Some(2019));
    let population = &table.rows[0];
    assert_eq!(population.len(), 17);
    assert_eq!(population[16].as_ref().unwrap().value, Some(304_705.0));
    assert_eq!(population[16].as_ref().unwrap().provenance.as_ref().unwrap().line, Some(28));
    assert_eq!(table.rows[1][1].as_ref().unwrap().value, Some(-123.0));
    assert!(DOC.diagnostics.iter().any(
        |d| d.code == "extract.lines_joined" && d.provenance.as_ref().unwrap().line == Some(27)
    ));
}

#[test]
fn summary_goal_table() {
    // :112 大都市圏への転出超過: baseline 650人 (H24～H26年度平均), R1 actual 709人, ×.
    let kpi = kpi_at(112);
    assert_eq!(kpi.level.as_deref(), Some("数値目標"));
    assert_eq!(kpi.common.section.as_deref(), Some("2"));
    assert_eq!(kpi.baseline.as_ref().unwrap().value, Some(650.0));
    assert_eq!(year(&kpi.actuals, 2019).value, Some(709.0));
    assert_eq!(kpi.grade.as_ref().unwrap().grade.as_deref(), Some("×"));
}

#[test]
fn headers_titles_and_legends_are_never_records() {
    let kept = tables().into_iter().find(|t| t.header.is_empty()).unwrap();
    let texts: Vec<&str> =
        kept.rows.iter().flat_map(|r| r.iter().flatten().map(|v| v.text.as_str())).collect();
    assert!(!texts.iter().any(|t| t.ends_with("総括シート")));
    assert!(!texts.iter().any(|t| t.starts_with("○:達成できた")));
    assert!(!texts.iter().any(|t| t.contains("基準値⇒R1目標値")));
    assert!(kpis().iter().all(|k| !k.indicator.contains("重要業績評価指標")));
    // No goal section is duplicated by its title page.
    assert!(DOC.sections.iter().all(|s| !s.id.contains('#')));
}

#[test]
fn ranking_tables_keep_their_row_labels() {
    // :288–:298 top 10 転入超過 by prefecture; the rank stays in the label.
    let first = tables().into_iter().find(|t| t.common.provenance.line == Some(288)).unwrap();
    let header: Vec<_> = first.header.iter().map(|h| h.raw.as_str()).collect();
    assert_eq!(header, ["都道府県", "転入数", "転出数", "増減"]);
    assert_eq!(first.title.as_deref(), Some("【都道府県別の人口移動(H27~R1年度)】"));
    assert_eq!(first.rows.len(), 10);
    let top = &first.rows[0];
    assert_eq!(top[0].as_ref().unwrap().raw, "1 神奈川県");
    let numbers: Vec<_> = top.iter().skip(1).map(|v| v.as_ref().unwrap().value).collect();
    assert_eq!(numbers, [Some(2246.0), Some(1294.0), Some(952.0)]);
    // :300–:310 top 10 転出超過: △ makes the balance negative.
    let second = tables().into_iter().find(|t| t.common.provenance.line == Some(300)).unwrap();
    assert_eq!(second.rows[0][0].as_ref().unwrap().raw, "1 東京都");
    assert_eq!(second.rows[0][3].as_ref().unwrap().value, Some(-1276.0));
    assert_eq!(second.rows[9][3].as_ref().unwrap().provenance.as_ref().unwrap().line, Some(310));
}

#[test]
fn metropolitan_table_keeps_members_and_subtotal_as_printed() {
    // :312–:317: 都市圏 with member lists, the subtotal 三大都市圏計, then 福岡市 (not in it).
    let table = tables().into_iter().find(|t| t.common.provenance.line == Some(312)).unwrap();
    let labels: Vec<_> = table.rows.iter().map(|r| r[0].as_ref().unwrap().raw.as_str()).collect();
    assert_eq!(
        labels,
        [
            "東京圏 (東京、神奈川、埼玉、千葉)",
            "名古屋圏 (愛知、岐阜、三重)",
            "大阪圏 (大阪、京都、兵庫、奈良)",
            "三大都市圏計",
            "福岡市"
        ]
    );
    assert!(table.rows.iter().all(|r| r[0].as_ref().unwrap().kind == ValueKind::Text));
    assert_eq!(table.rows[3][2].as_ref().unwrap().value, Some(10933.0));
    assert_eq!(table.rows[4][3].as_ref().unwrap().value, Some(-2093.0));
    // None of these rows is left in the unread table.
    let kept = tables().into_iter().find(|t| t.header.is_empty()).unwrap();
    assert!(kept.rows.iter().flatten().flatten().all(|v| v.raw != "三大都市圏計"));
}

#[test]
fn note_rows_attach_to_the_indicator_above() {
    // :1106 "(次回調査R1)" in the target column under 市内の医療・福祉・介護従事者数 (:1101).
    let census = kpi_at(1101);
    assert_eq!(census.notes, ["(次回調査R1)"]);
    // :2011 "※アンケート調査3年に1回実施" under 市民のセーフコミュニティの認知度 (:2006).
    assert_eq!(kpi_at(2006).notes, ["※アンケート調査3年に1回実施"]);
    // :2078, after a blank line, explains the reduced R1 target 8.4万人/年 of :2072–:2076.
    let shop = kpi_at(2072);
    assert_eq!(shop.indicator, "アンテナショップ年間来館者数");
    assert!(shop.notes[0].starts_with("※R1.7に閉館したため"));
    assert_eq!(year(&shop.targets, 2019).value, Some(84_000.0));
    for line in [1106, 2011, 2078] {
        assert!(DOC.diagnostics.iter().any(|d| d.code == "extract.lines_joined"
            && d.provenance.as_ref().unwrap().line == Some(line)));
        assert!(!DOC.diagnostics.iter().any(|d| d.code == "extract.row_unassigned"
            && d.provenance.as_ref().unwrap().line == Some(line)));
    }
    let kept = tables().into_iter().find(|t| t.header.is_empty()).unwrap();
    assert!(kept.rows.iter().flatten().flatten().all(|v| !v.raw.starts_with("※アンケート")));
    // Indicators without notes print no `notes` key.
    let json = serde_json::to_value(kpi_at(1006)).unwrap();
    assert!(json.get("notes").is_none());
}

#[test]
fn reference_values_keep_their_numbers_in_parts() {
    // :1719 target "県平均以上 (89.1%)": text, with the reference number as a part.
    let bullying = kpi_at(1719);
    let target = year(&bullying.targets, 2015);
    assert_eq!(target.kind, ValueKind::Text);
    assert_eq!(target.parts.len(), 1);
    assert_eq!((target.parts[0].value, target.parts[0].unit.as_deref()), (Some(89.1), Some("%")));
    assert_eq!(year(&bullying.targets, 2019).parts.len(), 0); // "県平均以上" alone
    // :1981–:1982 parenthesised reference actuals "(26.8%)", "(29.0%)" graded "—".
    let exercise = kpi_at(1981);
    let actual = year(&exercise.actuals, 2016);
    assert_eq!((actual.raw.as_str(), actual.kind), ("(29.0%)", ValueKind::Text));
    assert_eq!(actual.parts[0].value, Some(29.0));
    assert_eq!(year(&exercise.progress, 2016).grade.as_deref(), Some("—"));
    // :1380 target "10%増 (対平成26年比)": 10 %, noted as an increase.
    let stays = kpi_at(1380).target.as_ref().unwrap();
    assert_eq!((stays.parts[0].value, stays.parts[0].note.as_deref()), (Some(10.0), Some("増")));
    // :1101 target "平成30年度10%増": the era year goes with the number.
    let workers = kpi_at(1101).target.as_ref().unwrap();
    assert_eq!((workers.parts[0].value, workers.parts[0].year), (Some(10.0), Some(2018)));
}

fn joined_at(line: u32) -> &'static str {
    let diagnostic = DOC
        .diagnostics
        .iter()
        .find(|d| {
            d.code == "extract.lines_joined" && d.provenance.as_ref().unwrap().line == Some(line)
        })
        .unwrap();
    assert_eq!(diagnostic.severity, sheetwash::model::Severity::Info);
    &diagnostic.message
}

#[test]
fn prose_goal_with_target_on_the_next_line() {
    // :478–:480 "- ・大都市圏への転出超過数" / "：650人(H24～26年度平均) ⇒" / "550人(R1年度までの5年間平均)".
    let kpi = kpi_at(478);
    assert_eq!(kpi.indicator, "大都市圏への転出超過数");
    assert_eq!(kpi.level.as_deref(), Some("数値目標"));
    assert_eq!(kpi.common.section.as_deref(), Some("2"));
    let baseline = kpi.baseline.as_ref().unwrap();
    assert_eq!((baseline.value, baseline.unit.as_deref()), (Some(650.0), Some("人")));
    assert_eq!(baseline.note.as_deref(), Some("H24~26年度平均"));
    assert_eq!(baseline.provenance.as_ref().unwrap().line, Some(479));
    let target = kpi.target.as_ref().unwrap();
    assert_eq!(target.raw, "550人(R1年度までの5年間平均)");
    assert_eq!(target.value, Some(550.0));
    assert_eq!(target.provenance.as_ref().unwrap().line, Some(480));
    assert!(joined_at(478).contains("478, 479, 480"));
    // The table row of the same goal (:493) is kept too, with its own provenance.
    assert_eq!(kpi_at(493).indicator, "大都市圏への転出超過数");
}

#[test]
fn prose_goal_one_line_values() {
    // :686–:687 "- 住み続けたいと思う市民の割合" / ": 75.4%(H26年度) ⇒ 80%(H31年度)".
    let kpi = kpi_at(686);
    assert_eq!(kpi.indicator, "住み続けたいと思う市民の割合");
    assert_eq!(kpi.common.section.as_deref(), Some("4"));
    let baseline = kpi.baseline.as_ref().unwrap();
    assert_eq!(
        (baseline.value, baseline.year, baseline.fiscal),
        (Some(75.4), Some(2014), Some(true))
    );
    let target = kpi.target.as_ref().unwrap();
    assert_eq!((target.value, target.year), (Some(80.0), Some(2019)));
    // :355 name and values on one line: "…就職率12.1%(H26年度) ⇒ 17%(H31年度)".
    let inline = kpi_at(355);
    assert_eq!(inline.indicator, "市内大学等の新卒者の市内企業への就職率");
    assert_eq!(inline.baseline.as_ref().unwrap().value, Some(12.1));
    assert_eq!(inline.target.as_ref().unwrap().year, Some(2019));
    // :354 has no ⇒: a name without values.
    let named = kpi_at(354);
    assert!(named.indicator.starts_with("基準年(H26年度:16,507人)を上回る年間新規雇用者数"));
    assert!(named.baseline.is_none() && named.target.is_none());
}

#[test]
fn prose_goal_years_on_their_own_line() {
    // :2157–:2159 "・…就職率：" / "12.1% ⇒ 17%" / "(H26年度) (H31年度)", under goal 1.
    let kpi = kpi_at(2157);
    assert_eq!(kpi.indicator, "市内大学等の新卒者の市内企業への就職率");
    assert_eq!(kpi.common.section.as_deref(), Some("1"));
    let baseline = kpi.baseline.as_ref().unwrap();
    assert_eq!((baseline.value, baseline.year), (Some(12.1), Some(2014)));
    let target = kpi.target.as_ref().unwrap();
    assert_eq!((target.value, target.year, target.fiscal), (Some(17.0), Some(2019), Some(true)));
    assert!(joined_at(2157).contains("2157, 2158, 2159"));
    // The bare goal names reopen their goals (:2161, :2172, :2179, :2186).
    let expected =
        [(2164, "2", 650.0), (2168, "2", 5_150_000.0), (2175, "3", 70.8), (2182, "4", 75.4)];
    for (line, section, value) in expected {
        let kpi = kpi_at(line);
        assert_eq!(kpi.common.section.as_deref(), Some(section), "line {line}");
        assert_eq!(kpi.baseline.as_ref().unwrap().value, Some(value), "line {line}");
    }
    // :2166 the target's period note, :2177 calendar years.
    assert_eq!(
        kpi_at(2164).target.as_ref().unwrap().note.as_deref(),
        Some("H31年度までの5年間平均")
    );
    assert_eq!(kpi_at(2175).baseline.as_ref().unwrap().fiscal, Some(false));
}

#[test]
fn prose_goal_with_interleaved_columns() {
    // :802–:805 "：平日241,724人 → 基準値滞在人口を" / "休日240,408人 維持する" / "(平成27年)".
    let kpi = kpi_at(802);
    assert_eq!(kpi.indicator, "久留米市の滞在人口(15歳以上80歳未満)");
    assert_eq!(kpi.common.section.as_deref(), Some("5"));
    let baseline = kpi.baseline.as_ref().unwrap();
    let labels: Vec<_> = baseline.parts.iter().map(|p| p.label.as_deref().unwrap()).collect();
    assert_eq!(labels, ["平日", "休日"]);
    assert_eq!(baseline.parts[1].value, Some(240_408.0));
    assert_eq!(baseline.year, Some(2015));
    let target = kpi.target.as_ref().unwrap();
    assert_eq!((target.text.as_str(), target.kind), ("基準値滞在人口を維持する", ValueKind::Text));
    assert!(target.year.is_none());
    assert!(joined_at(802).contains("802, 803, 804, 805"));
    // :2189–:2192: the year line gives the baseline year first, the target year second.
    let again = kpi_at(2189);
    assert_eq!(again.baseline.as_ref().unwrap().year, Some(2014));
    let target = again.target.as_ref().unwrap();
    assert_eq!((target.text.as_str(), target.year), ("基準値滞在人口を維持 (H31年)", Some(2019)));
    // None of these lines is left in the unread table.
    let kept = tables().into_iter().find(|t| t.header.is_empty()).unwrap();
    let lines: Vec<u32> = kept
        .rows
        .iter()
        .flatten()
        .flatten()
        .filter_map(|v| v.provenance.as_ref().and_then(|p| p.line))
        .collect();
    for line in [478, 479, 480, 686, 687, 802, 803, 804, 805, 2157, 2158, 2159, 2190, 2192] {
        assert!(!lines.contains(&line), "line {line} is still unread");
    }
}
