//! Change markers written in cells (備考 columns, name prefixes): 課名変更, KPI変更,
//! 事業内容変更, 事業休止, 削除, 新規, 再掲 … turned into [`Marker`]s.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Marker, MarkerKind, Record};

use super::vocab::compact;

/// A 再掲 mark in running text: `（再掲）`, `(再掲)`, `《再掲》`, `（No.22再掲）`.
static RELISTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[（(《]\s*(?:(No\s*[.．]?\s*[0-9]+)\s*)?再掲\s*[）)》]")
        .unwrap_or_else(|_| unreachable!("a literal pattern"))
});

/// A carry-over arrow that starts an entry of a list and names where the entry went
/// (`・女性農業者の活躍支援事業 →食と農の複合施設構想`). An arrow inside a phrase
/// (`職員派遣→山神水道企業団`, used as a colon) or between values (`2,934人→R1：2,676人`) is
/// not one.
static CARRIED_OVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)→\s*([^\s→・○0-9０-９][^\s→・○]{1,39})")
        .unwrap_or_else(|_| unreachable!("a literal pattern"))
});

/// The marker words and what they say, longest first so that `事業内容変更` wins over
/// shorter words inside it.
const MARKER_WORDS: [(&str, MarkerKind); 9] = [
    ("事業内容変更", MarkerKind::ContentChanged),
    ("課名変更", MarkerKind::DepartmentRenamed),
    ("KPI変更", MarkerKind::KpiChanged),
    ("事業休止", MarkerKind::Suspended),
    ("再掲", MarkerKind::Relisted),
    ("削除", MarkerKind::Deleted),
    ("削減", MarkerKind::Deleted),
    ("新規", MarkerKind::New),
    ("追加", MarkerKind::New),
];

/// The markers in a remarks cell. Several markers may share a cell, separated by spaces
/// (`課名変更 事業内容変更`); each keeps its own raw token.
pub(crate) fn from_remarks(raw: &str) -> Vec<Marker> {
    raw.split_whitespace().filter_map(marker_of_token).collect()
}

fn marker_of_token(token: &str) -> Option<Marker> {
    let compacted = compact(token);
    let (_, kind) = MARKER_WORDS.iter().find(|(word, _)| compacted.contains(word))?;
    Some(Marker {
        kind: *kind,
        raw: token.to_owned(),
        to: None,
        from: None,
        partial: None,
        of: None,
        original: None,
    })
}

/// The change markers written inside running text: every 再掲 mark (with `of` when it names
/// the original) and every carry-over arrow (`content_changed` with `to`).
pub(crate) fn in_text(text: &str) -> Vec<Marker> {
    let relisted = RELISTED.captures_iter(text).filter_map(|c| {
        let raw = c.get(0)?.as_str().to_owned();
        let digits = |n: regex::Match<'_>| {
            n.as_str().chars().filter(char::is_ascii_digit).collect::<String>()
        };
        let of = c.get(1).map(|n| format!("No.{}", digits(n)));
        Some(Marker { of, ..marker(MarkerKind::Relisted, raw) })
    });
    let carried = CARRIED_OVER.captures_iter(text).filter_map(|c| {
        let raw = c.get(0)?.as_str().trim().to_owned();
        let to = c.get(1)?.as_str().to_owned();
        Some(Marker { to: Some(to), ..marker(MarkerKind::ContentChanged, raw) })
    });
    relisted.chain(carried).collect()
}

/// Adds to every measure the markers written inside its fields' text, unless the record
/// already carries the same one (same kind, one raw text inside the other: the `再掲` a
/// recognizer read is the `(再掲)` found here).
pub(crate) fn add_text_markers(records: &mut [Record]) {
    for record in records {
        let Record::Measure(measure) = record else { continue };
        let found: Vec<Marker> = measure.fields.iter().flat_map(|f| in_text(&f.text)).collect();
        for marker in found {
            let known = measure.common.markers.iter().any(|m| {
                m.kind == marker.kind
                    && (marker.raw.contains(&m.raw) || m.raw.contains(&marker.raw))
            });
            if !known {
                measure.common.markers.push(marker);
            }
        }
    }
}

fn marker(kind: MarkerKind, raw: String) -> Marker {
    Marker { kind, raw, to: None, from: None, partial: None, of: None, original: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remarks_cells_become_markers() {
        let kinds = |raw| from_remarks(raw).iter().map(|m| m.kind).collect::<Vec<_>>();
        assert_eq!(kinds("課名変更"), [MarkerKind::DepartmentRenamed]);
        assert_eq!(
            kinds("課名変更 事業内容変更"),
            [MarkerKind::DepartmentRenamed, MarkerKind::ContentChanged]
        );
        assert_eq!(kinds("KPI変更"), [MarkerKind::KpiChanged]);
        assert_eq!(kinds("【事業休止】"), [MarkerKind::Suspended]);
        assert_eq!(from_remarks("【事業休止】")[0].raw, "【事業休止】");
        assert!(kinds("特になし").is_empty());
    }

    #[test]
    fn markers_inside_running_text() {
        // 002:1434, 000:147, 001:495, 000:41.
        let found = in_text("・地域と連携した散策ルートの魅力づくり《再掲》 ・農家レストラン");
        assert_eq!((found[0].kind, found[0].raw.as_str()), (MarkerKind::Relisted, "《再掲》"));
        assert_eq!(in_text("・子育て支援（再掲）")[0].raw, "（再掲）");
        assert_eq!(in_text("継続実施（No.22再掲）")[0].of.as_deref(), Some("No.22"));
        let carried = in_text("・女性農業者の活躍支援事業 →食と農の複合施設構想");
        assert_eq!(carried[0].kind, MarkerKind::ContentChanged);
        assert_eq!(carried[0].to.as_deref(), Some("食と農の複合施設構想"));
        // An arrow used as a colon, a from→to between values and a ⇒ sub-bullet are not.
        assert!(in_text("○職員派遣→山神水道企業団、事業説明").is_empty());
        assert!(in_text("出生数 H27：2,934人→R1：2,676人").is_empty());
        assert!(in_text("⇒市内企業や団体の取組").is_empty());
    }
}
