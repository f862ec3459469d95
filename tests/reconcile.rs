//! The reconcile stage on the edition pairs of `fixtures/editions/` (see its README for what
//! each pair contains) and on the two editions printed side by side in `000`.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::path::Path;

use sheetwash::convert::{ConvertOptions, convert_path};
use sheetwash::model::{Document, EntityKind, EvidenceKind, Lineage, LinkStatus};
use sheetwash::reconcile::{ReconcileOptions, reconcile, reconcile_within, timeline};

fn convert(path: &str) -> Document {
    convert_path(Path::new(path), &ConvertOptions::default()).unwrap()
}

fn pair(old: &str, new: &str) -> Lineage {
    let dir = "fixtures/editions";
    let lineage = reconcile(
        &convert(&format!("{dir}/{old}")),
        &convert(&format!("{dir}/{new}")),
        &ReconcileOptions::default(),
    );
    let json = serde_json::to_value(&lineage).unwrap();
    sheetwash::emit::validate_lineage(&json).unwrap();
    lineage
}

/// Every link as `(kind, old label, new label, status)`, for exact comparison.
fn links(lineage: &Lineage) -> Vec<(EntityKind, String, String, LinkStatus)> {
    let mut out: Vec<_> = lineage
        .links
        .iter()
        .map(|l| (l.old.kind, l.old.label.clone(), l.new.label.clone(), l.status))
        .collect();
    out.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    out
}

fn expect(
    rows: &[(EntityKind, &str, &str, LinkStatus)],
) -> Vec<(EntityKind, String, String, LinkStatus)> {
    let mut out: Vec<_> =
        rows.iter().map(|(k, o, n, s)| (*k, (*o).to_owned(), (*n).to_owned(), *s)).collect();
    out.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    out
}

fn labels(entries: &[sheetwash::model::Unmatched]) -> Vec<&str> {
    let mut out: Vec<&str> = entries.iter().map(|u| u.entity.label.as_str()).collect();
    out.sort_unstable();
    out
}

fn sorted<'a>(labels: &[&'a str]) -> Vec<&'a str> {
    let mut out = labels.to_vec();
    out.sort_unstable();
    out
}

/// Every link has a confidence above the threshold and in [0,1]; with exact link lists this
/// also says no false link reaches 0.5.
fn assert_confident(lineage: &Lineage) {
    for link in &lineage.links {
        assert!((0.5..=1.0).contains(&link.confidence), "{link:?}");
        assert!(!link.evidence.is_empty());
    }
}

// Pairs from 000

#[test]
fn pair_000_every_link_and_status() {
    use EntityKind::{Kpi, Section};
    use LinkStatus::{Moved, Renamed, Same};
    let lineage = pair("000-r5.txt", "000-r6.txt");
    assert_confident(&lineage);
    assert_eq!(
        links(&lineage),
        expect(&[
            (Section, "企業誘致による雇用の確保", "企業誘致による雇用の確保", Same),
            (Section, "市内商業の活性化", "市内商業の活性化", Same),
            (Section, "定住・関係人口の創出・拡大", "定住・関係人口の創出・拡大", Same),
            (
                Section,
                "「七塔ブランド」地域の特色を生かした観光振興",
                "「七塔ブランド」地域の特色を生かした観光振興",
                Same
            ),
            (Section, "安心して暮らせる住まいの整備", "安心して暮らせる住まいの整備", Same),
            (
                Section,
                "文化・スポーツ振興による交流人口の増加",
                "文化・スポーツ振興による交流人口の増加",
                Moved
            ),
            (Kpi, "民間開発による企業立地の支援件数", "民間開発による企業立地の支援件数", Same),
            (Kpi, "創業者数(H27)", "創業者数(H27)", Same),
            (Kpi, "SNSのフォロー数", "SNSのフォロー数", Same),
            (Kpi, "年間観光入込調査人数", "年間観光入込客数", Renamed),
            (
                Kpi,
                "公共下水道普及率(=処理人口/行政区域内人口)",
                "公共下水道普及率(=処理人口/行政区域内人口)",
                Same
            ),
            (Kpi, "空き家バンク登録物件数", "空き家バンク登録物件数(H30~)", Moved),
            (
                Kpi,
                "小郡運動公園及び小郡市体育館年間利用者数",
                "小郡運動公園及び小郡市体育館年間利用者数",
                Moved
            ),
            (Kpi, "図書館広域利用有効登録者数", "図書館広域利用有効登録者数", Moved),
            (Kpi, "オープンデータセット数", "オープンデータセット数", Moved),
        ])
    );
    assert_eq!(
        labels(&lineage.deleted),
        sorted(&["移住相談件数(H27)", "時代に合った地域づくり", "空き家の利活用"])
    );
    assert_eq!(
        labels(&lineage.added),
        sorted(&["ふるさと納税リピーター者数(H28~)", "自治体DX・官民連携の推進"])
    );
    let new_section = lineage.added.iter().find(|u| u.entity.kind == Section).unwrap();
    assert_eq!(new_section.marker.as_deref(), Some("新規"));
}

#[test]
fn pair_000_evidence_marker_values_and_department_alias() {
    let lineage = pair("000-r5.txt", "000-r6.txt");
    let find = |old: &str| lineage.links.iter().find(|l| l.old.label == old).unwrap();
    let moved = find("空き家バンク登録物件数");
    assert!(
        moved
            .evidence
            .iter()
            .any(|e| e.kind == EvidenceKind::Marker && e.detail.contains("2(4)から移動"))
    );
    let renamed = find("年間観光入込調査人数");
    assert!(renamed.evidence.iter().any(|e| e.kind == EvidenceKind::Value));
    assert!(renamed.evidence.iter().any(|e| e.kind == EvidenceKind::Name && e.weight > 0.0));
    let sns = find("SNSのフォロー数");
    assert!(sns.evidence.iter().any(
        |e| e.kind == EvidenceKind::Department && e.detail.contains("総務広報課 → 経営戦略課")
    ));
    let codes: Vec<&str> = lineage.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"reconcile.department_alias"));
    assert!(codes.contains(&"reconcile.implicit_kpi_change"));
}

// Pairs from 002 and 003

#[test]
fn pair_002_every_link_and_status() {
    use EntityKind::{Kpi, Section};
    use LinkStatus::{Moved, Renamed, Same};
    let lineage = pair("002-r1.txt", "002-r2.txt");
    assert_confident(&lineage);
    assert_eq!(
        links(&lineage),
        expect(&[
            (Section, "安定した雇用を創出する", "安定した雇用を創出する", Same),
            (
                Section,
                "久留米市への新しい人の流れをつくる",
                "久留米市への新しい人の流れをつくる",
                Same
            ),
            (
                Section,
                "若い世代の結婚・出産・子育ての希望をかなえる",
                "若い世代の結婚・出産・子育ての希望をかなえる",
                Moved
            ),
            (
                Kpi,
                "基準年を上回る年間新規雇用者数を毎年創出する",
                "基準年を上回る年間新規雇用者数を毎年創出する",
                Same
            ),
            (
                Kpi,
                "市内の大学等の新卒者の市内企業への就職率",
                "市内の大学等の卒業者の市内企業への就職率",
                Renamed
            ),
            (Kpi, "年間観光客数", "年間観光客数", Same),
            (
                Kpi,
                "子育てしやすいまちだと思ふ市民の割合",
                "子育てしやすいまちだと思う市民の割合",
                Moved
            ),
        ])
    );
    assert_eq!(labels(&lineage.deleted), ["大都市圏への転出超過数"]);
    assert_eq!(
        labels(&lineage.added),
        sorted(&[
            "ワーク・ライフ・バランス推進助成制度の利用事業所数",
            "誰もが活躍できる地域社会をつくる"
        ])
    );
    assert!(
        lineage
            .diagnostics
            .iter()
            .any(|d| d.code == "normalize.ocr_corrected" && d.message.contains("思ふ → 思う"))
    );
}

#[test]
fn pair_003_projects_with_renamed_departments() {
    use EntityKind::{Kpi, Project, Section};
    use LinkStatus::{Moved, Same};
    let lineage = pair("003-r5.txt", "003-r6.txt");
    assert_confident(&lineage);
    assert_eq!(
        links(&lineage),
        expect(&[
            (Section, "地域を元気にするしごとづくり", "地域を元気にするしごとづくり", Same),
            (Section, "創業の支援", "創業の支援", Same),
            (Kpi, "市内事業所数", "市内事業所数", Same),
            (Kpi, "創業支援による創業数", "創業支援による創業数", Same),
            (Project, "新規就農者支援事業", "新規就農者支援事業", Same),
            (Project, "先端情報技術開発支援事業", "先端情報技術開発支援事業", Same),
            (
                Project,
                "新産業創出支援センター(トライバレーセンター)管理運営事業",
                "新産業創出支援センター(トライバレーセンター)管理運営事業",
                Moved
            ),
        ])
    );
    assert_eq!(labels(&lineage.deleted), ["スマートアプリコンテスト事業"]);
    assert_eq!(labels(&lineage.added), ["ロボット産業振興事業"]);
    let marked = lineage.links.iter().find(|l| l.old.label == "先端情報技術開発支援事業").unwrap();
    assert!(marked.evidence.iter().any(|e| e.detail.contains("課名変更")));
    let unmarked = lineage.links.iter().find(|l| l.old.label == "新規就農者支援事業").unwrap();
    assert!(unmarked.confidence < marked.confidence);
}

// The two editions of 000

fn kpi_link<'a>(lineage: &'a Lineage, old: &str) -> Vec<&'a sheetwash::model::Link> {
    lineage.links.iter().filter(|l| l.old.kind == EntityKind::Kpi && l.old.label == old).collect()
}

#[test]
fn within_000_honours_move_and_delete_markers() {
    let doc = convert("fixtures/000_74bc9d9ecc966527.txt");
    let lineage = reconcile_within(&doc, &ReconcileOptions::default()).unwrap();
    assert_eq!(lineage.old.phase.as_deref(), Some("第2期"));
    assert_eq!(lineage.new.phase.as_deref(), Some("第3期"));
    // 2(1)へ移動: the 2(4) record links to the 第3期 record in 2(1), on the marker.
    let moved: Vec<_> = kpi_link(&lineage, "空き家バンク登録物件数");
    let from_2_4 = moved.iter().find(|l| l.old.section.as_deref() == Some("2(4)")).unwrap();
    assert_eq!(from_2_4.new.section.as_deref(), Some("2(1)"));
    assert!(from_2_4.confidence > 0.9);
    assert!(
        from_2_4
            .evidence
            .iter()
            .any(|e| e.kind == EvidenceKind::Marker && e.detail.contains("2(1)へ移動"))
    );
    // The 第2期 copy printed in 2(1) links to the same record: two old, one new.
    assert!(moved.iter().all(|l| l.status == LinkStatus::Merged));
    // 削除 and 削減: deleted, never linked, even where the name comes back.
    for gone in [
        "移住相談件数(H27)",
        "ふるさと納税リピーター者数",
        "防災リーダー認定者数",
        "一般廃棄物の市民1人・1日当たり排出量",
    ] {
        assert!(kpi_link(&lineage, gone).is_empty(), "{gone} is linked");
        let entry = lineage.deleted.iter().find(|u| u.entity.label == gone).unwrap();
        assert!(matches!(entry.marker.as_deref(), Some("削除" | "削減")));
    }
    assert!(lineage.diagnostics.iter().any(|d| d.code == "reconcile.deleted_name_reappears"));
    // Never linked because they share a row (field guide §2.7).
    for (old, new) in [
        ("ふるさと納税寄附件数(R2)", "ふるさと納税リピーター者数(H28~)"),
        ("日本人と交流する外国人の割合", "外国人の「おごおり日本語教室」への参加割合"),
    ] {
        assert!(
            !lineage.links.iter().any(|l| l.old.label == old && l.new.label == new),
            "{old} → {new}"
        );
    }
    let renamed = kpi_link(&lineage, "年間観光入込調査人数");
    assert_eq!(renamed.len(), 1);
    assert_eq!(renamed[0].new.label, "年間観光入込客数");
    assert_eq!(renamed[0].status, LinkStatus::Renamed);
    assert_confident(&lineage);
}

#[test]
fn changes_of_000_one_entry_per_move() {
    let doc = convert("fixtures/000_74bc9d9ecc966527.txt");
    let moves: Vec<_> = doc.changes.iter().filter(|c| c.kind == "moved").collect();
    let kpi_moves: Vec<_> = moves
        .iter()
        .filter(|c| c.record.as_deref().is_some_and(|r| r.starts_with("kpi-")))
        .collect();
    assert_eq!(kpi_moves.len(), 1, "{moves:?}");
    let kpi = kpi_moves[0];
    assert_eq!(
        (kpi.raw.as_str(), kpi.from.as_deref(), kpi.to.as_deref()),
        ("2(1)へ移動", Some("2(4)"), Some("2(1)"))
    );
    let target = kpi.target.as_deref().unwrap();
    let copy = doc.records.iter().find(|r| r.common().id == target).unwrap();
    assert_eq!(copy.common().section.as_deref(), Some("2(1)"));
    let section = moves.iter().find(|c| c.record.as_deref() == Some("2(4)")).unwrap();
    assert_eq!(section.target.as_deref(), Some("2(1)/(4)"));
    assert!(moves.iter().any(|c| c.raw == "3(1)から一部移動" && c.to.as_deref() == Some("4(3)")));
    let deletions: Vec<&str> =
        doc.changes.iter().filter(|c| c.kind == "deleted").map(|c| c.raw.as_str()).collect();
    assert_eq!(deletions, ["削除", "削除", "削減", "削減", "削除"]);
    // The old 2(4) moved away; 2(4)#2 is the new edition's 2(4).
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == "reconcile.section_collision_resolved"
                && d.message.contains("2(4)#2"))
    );
    // 再掲 entries point to the measure that lists them first.
    let relisted: Vec<_> = doc
        .records
        .iter()
        .flat_map(|r| &r.common().markers)
        .filter(|m| m.raw.contains("再掲"))
        .collect();
    assert!(!relisted.is_empty());
    assert!(relisted.iter().all(|m| m.original.is_some()), "{relisted:?}");
}

#[test]
fn relisted_items_point_to_the_numbered_original() {
    let doc = convert("fixtures/001_1783ff5150642431.txt");
    let marker = doc
        .records
        .iter()
        .flat_map(|r| &r.common().markers)
        .find(|m| m.of.as_deref() == Some("No.22"))
        .unwrap();
    let original = marker.original.as_deref().unwrap();
    let item = doc.records.iter().find(|r| r.common().id == original).unwrap();
    assert!(matches!(item, sheetwash::model::Record::Item(i) if i.number == "No.22"));
}

// Timeline

#[test]
fn timeline_chains_editions_into_one_series_per_kpi() {
    let docs = [convert("fixtures/editions/000-r5.txt"), convert("fixtures/editions/000-r6.txt")];
    let timeline = timeline(&docs, &ReconcileOptions::default()).unwrap();
    sheetwash::emit::validate_timeline(&serde_json::to_value(&timeline).unwrap()).unwrap();
    assert_eq!(timeline.editions.len(), 2);
    let tourism = timeline.series.iter().find(|s| s.key.ends_with("年間観光入込客数")).unwrap();
    let names: Vec<&str> = tourism.names.iter().map(|n| n.indicator.as_str()).collect();
    assert_eq!(names, ["年間観光入込調査人数", "年間観光入込客数"]);
    assert_eq!(tourism.names[1].status, Some(LinkStatus::Renamed));
    let y2023 = &tourism.years[&2023];
    assert_eq!(y2023.len(), 1);
    assert_eq!(y2023[0].value.raw, "747千人");
    assert_eq!(tourism.years[&2022].len(), 2, "both editions report R4");
    // A KPI deleted in the new edition and one added give one-edition series.
    assert!(
        timeline
            .series
            .iter()
            .any(|s| s.names.len() == 1 && s.names[0].indicator == "移住相談件数(H27)")
    );
}

#[test]
fn a_single_edition_file_cannot_be_reconciled_within() {
    let doc = convert("fixtures/editions/002-r1.txt");
    let error = reconcile_within(&doc, &ReconcileOptions::default()).unwrap_err();
    assert_eq!(error.code(), "reconcile.not_two_editions");
}

/// Markers written inside a measure's text: 002's 《再掲》 list entries are re-listings linked
/// to the measure that lists the entry first; 000's carry-over arrow says where an entry went.
#[test]
fn markers_written_inside_text() {
    use sheetwash::model::{MarkerKind, Record};
    let doc = convert("fixtures/002_8328d9d9bf0fbedf.txt");
    let relisted: Vec<_> = doc
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Measure(m) => Some(m),
            _ => None,
        })
        .flat_map(|m| m.common.markers.iter().map(move |k| (m, k)))
        .filter(|(_, k)| k.kind == MarkerKind::Relisted)
        .collect();
    // 《再掲》 at 002:1434 (みどりの里地域活性化事業) and its siblings.
    assert!(relisted.len() >= 3, "{}", relisted.len());
    assert!(relisted.iter().all(|(_, k)| k.raw == "《再掲》"));
    assert!(relisted.iter().any(|(_, k)| k.original.is_some()));

    let doc = convert("fixtures/000_74bc9d9ecc966527.txt");
    let carried = doc
        .records
        .iter()
        .flat_map(|r| r.common().markers.iter())
        .find(|m| m.kind == MarkerKind::ContentChanged)
        .unwrap();
    assert_eq!(carried.to.as_deref(), Some("食と農の複合施設構想")); // 000:41[10]
}
