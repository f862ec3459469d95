//! Change markers written in cells (備考 columns, name prefixes): 課名変更, KPI変更,
//! 事業内容変更, 事業休止, 削除, 新規, 再掲 … turned into [`Marker`]s.

use crate::model::{Marker, MarkerKind};

use super::vocab::compact;

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
}
