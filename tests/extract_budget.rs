//! The budget-card layout (seed 004, a regional-partnership vision): budget cards with their
//! repaired project numbers, amounts, roles and municipalities; KPI lines; and the
//! 分野 → sub-area → 施策の方向性 sections. Every expected fact was checked by hand against
//! `fixtures/004_5988e3924460ef0c.txt` (line numbers in the comments).
#![allow(clippy::unwrap_used, clippy::panic, reason = "test helpers fail loudly")]
#![allow(clippy::float_cmp, reason = "amounts are exact integers in f64")]

use std::path::Path;

use sheetwash::convert::{ConvertOptions, convert_path};
use sheetwash::model::{Budget, Diagnostic, Document, Kpi, Record, Severity, ValueKind};

const SEED: &str = "004_5988e3924460ef0c.txt";

fn convert(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    convert_path(&path, &ConvertOptions::default()).unwrap()
}

fn budgets(doc: &Document) -> Vec<&Budget> {
    doc.records
        .iter()
        .filter_map(|r| if let Record::Budget(b) = r { Some(b) } else { None })
        .collect()
}

fn kpis(doc: &Document) -> Vec<&Kpi> {
    doc.records.iter().filter_map(|r| if let Record::Kpi(k) = r { Some(k) } else { None }).collect()
}

fn budget<'a>(doc: &'a Document, name: &str) -> &'a Budget {
    budgets(doc).into_iter().find(|b| b.name == name).unwrap_or_else(|| panic!("no budget {name}"))
}

fn kpi<'a>(doc: &'a Document, indicator: &str) -> &'a Kpi {
    kpis(doc)
        .into_iter()
        .find(|k| k.indicator == indicator)
        .unwrap_or_else(|| panic!("{indicator}"))
}

fn diagnostics<'a>(doc: &'a Document, code: &str) -> Vec<&'a Diagnostic> {
    doc.diagnostics.iter().filter(|d| d.code == code).collect()
}

fn line_of(diagnostic: &Diagnostic) -> Option<u32> {
    diagnostic.provenance.as_ref().and_then(|p| p.line)
}

/// (year, value) of each amount.
fn amounts(budget: &Budget) -> Vec<(i32, f64)> {
    budget.amounts.iter().map(|a| (a.year, a.value.value.unwrap())).collect()
}

#[test]
fn twenty_two_cards_numbered_18_to_39_in_sequence() {
    let doc = convert(SEED);
    let numbers: Vec<String> = budgets(&doc).iter().map(|b| b.number.clone()).collect();
    let expected: Vec<String> = (18..=39).map(|n| n.to_string()).collect();
    assert_eq!(numbers, expected);
    let last = budgets(&doc).into_iter().last().unwrap();
    // :274 "③⑨災害対応ノウハウ共有事業" is the 39th and last project.
    assert_eq!(
        (last.name.as_str(), last.common.provenance.line),
        ("災害対応ノウハウ共有事業", Some(274))
    );
    // The name is stored without its number; ids are unique.
    assert!(budgets(&doc).iter().all(|b| !b.name.starts_with(['⑳', '②', '③'])));
    let mut ids: Vec<&str> = doc.records.iter().map(|r| r.common().id.as_str()).collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all);
}

#[test]
fn first_card_amounts_municipalities_and_provenance() {
    let doc = convert(SEED);
    let card = budget(&doc, "救急医療体制等の確保事業 (病院群輪番制)");
    assert_eq!(card.number, "18");
    assert_eq!(card.common.provenance.line, Some(24));
    assert_eq!(card.common.section.as_deref(), Some("(3)/生活機能の強化に係る分野/①"));
    // :31 "⇥⇥45,413千円⇥45,639千円⇥45,457千円⇥" under R4–R7: no R7 entry.
    assert_eq!(amounts(card), [(2022, 45_413_000.0), (2023, 45_639_000.0), (2024, 45_457_000.0)]);
    let first = &card.amounts[0];
    assert!(first.fiscal);
    assert_eq!(first.value.raw, "45,413千円");
    assert_eq!((first.value.kind, first.value.unit.as_deref()), (ValueKind::Money, Some("円")));
    let at = first.value.provenance.as_deref().unwrap();
    assert_eq!((at.line, at.col), (Some(31), Some(3)));
    // :29 "久留米市、大川市、小郡市、うきは市、大刀洗町、大木町".
    assert_eq!(
        card.municipalities,
        ["久留米市", "大川市", "小郡市", "うきは市", "大刀洗町", "大木町"]
    );
    assert!(
        card.description
            .as_deref()
            .unwrap()
            .starts_with("久留米医療圏における救急医療体制を維持し")
    );
    let parties: Vec<&str> = card.roles.iter().map(|r| r.party.as_str()).collect();
    assert_eq!(parties, ["久留米市", "連携市町"]);
    assert_eq!(card.roles[1].text, "医師会への補助による病院群輪番制の実施");
}

#[test]
fn split_circled_numbers_are_joined() {
    let doc = convert(SEED);
    // :77 "②③地域子育て支援センター事業" is 23, :103 "②5 ラジオを活用したPR事業" is 25.
    assert_eq!(budget(&doc, "地域子育て支援センター事業").number, "23");
    assert_eq!(budget(&doc, "ラジオを活用したPR事業").number, "25");
    assert_eq!(budget(&doc, "首都圏・福岡都市圏での移住促進事業").number, "31");
    let joined = diagnostics(&doc, "extract.number_split_joined");
    assert_eq!(joined.len(), 13);
    assert!(joined.iter().all(|d| d.severity == Severity::Info));
}

#[test]
fn misread_numbers_are_repaired_from_the_sequence() {
    let doc = convert(SEED);
    // :130 prints ⑳ (a second ⑳) for the 28th project.
    let card = budget(&doc, "市民活動活性化事業");
    assert_eq!((card.number.as_str(), card.common.provenance.line), ("28", Some(130)));
    let repaired = diagnostics(&doc, "extract.number_sequence_repaired");
    let at_130 = repaired.iter().find(|d| line_of(d) == Some(130)).unwrap();
    assert_eq!(at_130.message, "printed ⑳, sequence 28");
    assert_eq!(at_130.severity, Severity::Warning);
    // ⑩ ⑪ ⑫ (:50 :59 :68), ⑳ (:130), ⑲ (:156), ⑳ (:165), ⑮ (:238).
    let lines: Vec<u32> = repaired.iter().filter_map(|d| line_of(d)).collect();
    assert_eq!(lines, [50, 59, 68, 130, 156, 165, 238]);
    assert_eq!(budget(&doc, "公共交通利用促進事業").number, "29");
    assert_eq!(budget(&doc, "電力入札連携事業").number, "35");
}

#[test]
fn empty_years_get_no_entry_and_bare_zero_is_yen() {
    let doc = convert(SEED);
    // :137 "⇥⇥⇥0⇥0⇥": R4 empty, R5 = R6 = 0.
    let card = budget(&doc, "市民活動活性化事業");
    assert_eq!(amounts(card), [(2023, 0.0), (2024, 0.0)]);
    let zero = &card.amounts[0].value;
    assert_eq!(
        (zero.raw.as_str(), zero.kind, zero.unit.as_deref()),
        ("0", ValueKind::Money, Some("円"))
    );
    let empty = diagnostics(&doc, "extract.budget_year_empty");
    // Every R7 (22) and R4 of :137.
    assert_eq!(empty.len(), 23);
    let r4 = empty.iter().find(|d| line_of(d) == Some(137) && d.message.contains("R4")).unwrap();
    assert_eq!((r4.severity, r4.provenance.as_ref().unwrap().col), (Severity::Info, Some(3)));
    // A bare "0" inherits 円, reported at its cell: :84 has three of them.
    let inherited = diagnostics(&doc, "normalize.unit_inherited");
    assert_eq!(inherited.iter().filter(|d| line_of(d) == Some(84)).count(), 3);
    assert_eq!(inherited.len(), 27);
}

#[test]
fn five_cell_blocks_are_read_by_content() {
    let doc = convert(SEED);
    // :103–:110: "事業の 目的と概要⇥<text>", "役割 分担⇥久留米市⇥<text>", "事業費 (各年度予算額)⇥R4…".
    let card = budget(&doc, "ラジオを活用したPR事業");
    assert!(card.description.as_deref().unwrap().starts_with("圏域住民の地域への誇りや愛着の向上"));
    assert_eq!(card.roles.len(), 2);
    assert_eq!(card.roles[0].party, "久留米市");
    assert_eq!(card.roles[0].text, "放送プログラムの調整、FM放送局との調整、事業の実施");
    assert_eq!(card.roles[1].party, "連携市町");
    assert_eq!(card.roles[1].text, "放送プログラムの調整、FM放送局との調整、事業の実施への協力");
    assert_eq!(card.municipalities.len(), 6);
    assert_eq!(amounts(card), [(2022, 3_054_000.0), (2023, 3_054_000.0), (2024, 3_054_000.0)]);
    let at = card.amounts[0].value.provenance.as_deref().unwrap();
    assert_eq!((at.line, at.col), (Some(110), Some(2)));
    // :243 lists five members, without 大木町.
    assert_eq!(budget(&doc, "電力入札連携事業").municipalities.len(), 5);
    // :127–:128 "⇥0⇥41,470千円⇥4,224千円⇥".
    assert_eq!(
        amounts(budget(&doc, "電子図書館共同運用事業")),
        [(2022, 0.0), (2023, 41_470_000.0), (2024, 4_224_000.0)]
    );
}

#[test]
fn lists_split_on_dots_spaces_and_bullets() {
    let doc = convert(SEED);
    // :64 "久留米市・うきは市・大刀洗町・大木町".
    let card = budget(&doc, "ファミリー・サポート・センター事業");
    assert_eq!(card.number, "21");
    assert_eq!(card.municipalities, ["久留米市", "うきは市", "大刀洗町", "大木町"]);
    // :133 two duties joined by a space.
    let texts = |b: &Budget, party: &str| -> Vec<String> {
        b.roles.iter().filter(|r| r.party == party).map(|r| r.text.clone()).collect()
    };
    let citizens = budget(&doc, "市民活動活性化事業");
    assert_eq!(
        texts(citizens, "久留米市"),
        [
            "市民活動サポートセンター「みんくる」の広域利用に関する調整",
            "市民活動に関する情報の共有、意見交換"
        ]
    );
    assert_eq!(texts(citizens, "連携市町"), ["市民活動に関する情報の共有、意見交換"]);
    // :259–:260 duties in a never-closed <ul>, bulleted with "・"; "企画・調整" stays whole.
    let ict = budget(&doc, "ICT活用推進事業");
    let kurume = texts(ict, "久留米市");
    assert_eq!(kurume.len(), 2);
    assert!(kurume[0].starts_with("圏域自治体全体の企画・調整及び"));
    assert_eq!(texts(ict, "連携市町")[1], "オープンデータ公開やカタログサイトの整備・運用");
    // :212 three duties.
    assert_eq!(texts(budget(&doc, "外国人が暮らしやすい圏域づくり事業"), "久留米市").len(), 3);
}

#[test]
fn kpi_lines_become_kpi_records() {
    let doc = convert(SEED);
    // :9, :11, :14, :143, :144, :145–:146, :222/:224.
    assert_eq!(kpis(&doc).len(), 7);
    assert!(kpis(&doc).iter().all(|k| k.level.as_deref() == Some("KPI")));
    // :11 a target below the baseline; the ※ note of :12 on the baseline.
    let young = kpi(&doc, "総人口に対する年少人口割合");
    let (baseline, target) = (young.baseline.as_ref().unwrap(), young.target.as_ref().unwrap());
    assert_eq!((baseline.value, target.value), (Some(13.6), Some(13.5)));
    assert_eq!(target.raw, "**13.5**% (R7年1月)");
    assert_eq!(baseline.note.as_deref(), Some("国立社会保障・人口問題研究所推計:12.7%"));
    assert_eq!(young.common.section.as_deref(), Some("(3)/生活機能の強化に係る分野"));
    // :14 thousands scaled, years attached.
    let visitors = kpi(&doc, "観光入込客数");
    let baseline = visitors.baseline.as_ref().unwrap();
    assert_eq!(
        (baseline.value, baseline.unit.as_deref(), baseline.year),
        (Some(10_558_000.0), Some("人/年"), Some(2019))
    );
    assert_eq!(visitors.target.as_ref().unwrap().year, Some(2025));
    // :143 "- ◇鉄道乗降客数": target equal to the baseline.
    let rail = kpi(&doc, "鉄道乗降客数");
    assert_eq!(rail.baseline.as_ref().unwrap().value, rail.target.as_ref().unwrap().value);
    assert_eq!(rail.common.section.as_deref(), Some("(3)/結びつきやネットワークの強化に係る分野"));
}

#[test]
fn split_kpi_lines_are_joined() {
    let doc = convert(SEED);
    // :145 / :146 broken before the arrow.
    let movers = kpi(&doc, "圏域への転入者数");
    assert_eq!(movers.baseline.as_ref().unwrap().value, Some(19_494.0));
    let target = movers.target.as_ref().unwrap();
    assert_eq!(
        (target.value, target.provenance.as_deref().unwrap().line),
        (Some(21_400.0), Some(146))
    );
    // :222 name, :224 values.
    let staff = kpi(&doc, "講演会及び研修会への連携市町職員の延べ参加人数");
    assert_eq!(staff.common.provenance.line, Some(222));
    let baseline = staff.baseline.as_ref().unwrap();
    assert_eq!((baseline.value, baseline.unit.as_deref()), (Some(313.0), Some("人/4年")));
    assert_eq!(baseline.provenance.as_deref().unwrap().line, Some(224));
    assert_eq!(staff.target.as_ref().unwrap().value, Some(350.0));
    let joined: Vec<u32> =
        diagnostics(&doc, "extract.lines_joined").iter().filter_map(|d| line_of(d)).collect();
    assert_eq!(joined, [12, 146, 224]);
}

#[test]
fn sections_follow_the_vision_hierarchy() {
    let doc = convert(SEED);
    let levels = |level: &str| -> Vec<&str> {
        doc.sections.iter().filter(|s| s.level == level).map(|s| s.id.as_str()).collect()
    };
    assert_eq!(levels("分野"), ["(3)"]);
    assert_eq!(levels("小分野").len(), 3);
    // 施策の方向性①–③ restart in each sub-area: six directions, ids unique.
    let directions = levels("施策の方向性");
    assert_eq!(directions.len(), 6);
    assert_eq!(directions[3], "(3)/結びつきやネットワークの強化に係る分野/①");
    let first = doc.sections.iter().find(|s| s.id == directions[0]).unwrap();
    assert_eq!((first.title.as_deref(), first.provenance.line), (Some("地域医療"), Some(16)));
    assert_eq!(first.parent.as_deref(), Some("(3)/生活機能の強化に係る分野"));
    // Every card sits in its 施策の方向性: :238 ⑮ is in the last one.
    assert!(
        budgets(&doc).iter().all(|b| directions.contains(&b.common.section.as_deref().unwrap()))
    );
    assert_eq!(budget(&doc, "電力入札連携事業").common.section.as_deref(), Some(directions[5]));
    assert!(diagnostics(&doc, "extract.section_id_collision").is_empty());
}

#[test]
fn headers_are_not_records_and_prose_is_kept() {
    let doc = convert(SEED);
    let tables: Vec<_> = doc
        .records
        .iter()
        .filter_map(|r| if let Record::Table(t) = r { Some(t) } else { None })
        .collect();
    assert_eq!(tables.len(), 1);
    let kept: Vec<&str> = tables[0]
        .rows
        .iter()
        .filter_map(|row| row.first()?.as_ref())
        .map(|v| v.raw.as_str())
        .collect();
    // The direction descriptions (:22 …) and :226 "外部人材の活用方針" with :228.
    assert_eq!(kept.len(), 8);
    assert!(kept.contains(&"外部人材の活用方針"));
    assert!(
        !kept
            .iter()
            .any(|k| k.contains("KPI") || k.contains("事業費") || k.contains("施策の方向性"))
    );
    assert_eq!(doc.records.len(), 22 + 7 + 1);
}

#[test]
fn the_document_validates() {
    let doc = convert(SEED);
    sheetwash::emit::validate_document(&serde_json::to_value(&doc).unwrap()).unwrap();
}

#[test]
fn other_layouts_are_left_alone() {
    for seed in [
        "000_74bc9d9ecc966527.txt",
        "001_1783ff5150642431.txt",
        "002_8328d9d9bf0fbedf.txt",
        "003_138cb865a8138cb2.txt",
    ] {
        let doc = convert(seed);
        assert!(budgets(&doc).is_empty(), "{seed}");
        assert!(
            !doc.sections
                .iter()
                .any(|s| ["分野", "小分野", "施策の方向性"].contains(&s.level.as_str())),
            "{seed}"
        );
        // Other recognizers join lines too (002's count tables); these codes are the cards'.
        for code in ["extract.number_split_joined", "extract.budget_year_empty"] {
            assert!(diagnostics(&doc, code).is_empty(), "{seed}: {code}");
        }
    }
}

/// A synthetic card family member: values shifted against their years, a card without an
/// amounts row, and a space-separated 関係市町 list.
const SHIFTED: &str = "\
施策の方向性①\n\n地域医療\n\n\
⑤甲事業\n\
事業の目的と概要\t\t目的\n\
役割分担\t久留米市\t調整\n\
関係市町\t\t久留米市 大川市\n\
事業費 (各年度予算額)\t\tR4\tR5\tR6\n\
\t1,000千円\t2,000千円\n\n\
⑥乙事業\n\
事業の目的と概要\t\t目的\n\
事業費 (千円)\t\tR4\tR5\n\n\
⑦丙事業\n\
事業の目的と概要\t\t目的\n";

#[test]
fn shifted_amounts_are_realigned_and_cards_end_at_the_next_title() {
    let doc = sheetwash::convert::convert_bytes(
        "shifted.txt",
        SHIFTED.as_bytes(),
        &ConvertOptions::default(),
    )
    .unwrap();
    let numbers: Vec<&str> = budgets(&doc).iter().map(|b| b.number.as_str()).collect();
    assert_eq!(numbers, ["5", "6", "7"]);
    let first = budget(&doc, "甲事業");
    // The amounts sit one cell left of R4/R5: assigned in order, reported.
    assert_eq!(amounts(first), [(2022, 1_000_000.0), (2023, 2_000_000.0)]);
    assert_eq!(diagnostics(&doc, "extract.column_realigned").len(), 1);
    assert_eq!(first.municipalities, ["久留米市", "大川市"]);
    assert_eq!(first.common.section.as_deref(), Some("①"));
    // 乙事業 has a 事業費 header and no amounts row: the next title is not an amount.
    assert!(budget(&doc, "乙事業").amounts.is_empty());
    let empty = diagnostics(&doc, "extract.budget_year_empty");
    // 甲事業's R6 (:10, nothing left for it) and both years of 乙事業 (header at :14).
    let lines: Vec<u32> = empty.iter().filter_map(|d| line_of(d)).collect();
    assert_eq!(lines, [10, 14, 14]);
    assert!(diagnostics(&doc, "extract.number_sequence_repaired").is_empty());
}
