//! Department aliases (field guide §5.4): reference data for matching only, never output.
//!
//! Records keep their department strings as printed; this table says which two strings may
//! name the same department (a spelling variant, a truncation, or a dated reorganization), so
//! that a renamed department still counts as evidence for a link.

/// Pairs of department names that may stand for the same department, with the source of the
/// rename. Symmetric for matching.
const ALIASES: [(&str, &str, &str); 21] = [
    ("こども家庭支援課", "子ども家庭支援課", "spelling"),
    ("新公共マネジメント", "新公共マネジメント推進課", "truncated"),
    ("図書館", "図書・文化課", "H29 reorganization"),
    ("総務課", "総務広報課", "R1 reorganization"),
    ("秘書広報課", "総務広報課", "R1 reorganization"),
    ("介護保険課", "長寿支援課", "R1 reorganization"),
    ("教務課", "教育総務課", "R2 reorganization"),
    ("学校給食課", "教育総務課", "R2 reorganization"),
    ("教務課", "学校教育課", "R2 reorganization"),
    ("学校給食課", "学校教育課", "R2 reorganization"),
    ("道路建設課", "都市整備課", "R3 reorganization"),
    ("建設管理課", "都市整備課", "R3 reorganization"),
    ("経営戦略課情報政策係", "経営戦略課官民連携・DX推進室", "R3 reorganization"),
    ("総務広報課", "経営戦略課", "R6 (SNS)"),
    ("経営戦略課", "新公共マネジメント推進課", "R6"),
    ("子ども育成課", "子ども家庭支援課", "R6"),
    ("健康課", "子ども家庭支援課", "R6"),
    ("子育て支援課", "子ども家庭支援課", "R6"),
    ("商工・企業立地課", "地域開発推進課", "R5"),
    ("商工・企業立地課", "商工観光課", "R5"),
    ("総務部", "経営政策部", "H30 reorganization"),
];

/// How two department lists relate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DepartmentMatch {
    /// A department name appears in both lists.
    Same(String),
    /// Two names are aliases (`old → new`, and why).
    Alias(String, String, &'static str),
    /// Both lists are given and share nothing.
    Different,
    /// One list is empty.
    Unknown,
}

/// Compares the departments of an old and a new entity.
pub(crate) fn compare(old: &[String], new: &[String]) -> DepartmentMatch {
    if old.is_empty() || new.is_empty() {
        return DepartmentMatch::Unknown;
    }
    if let Some(same) = old.iter().find(|d| new.contains(d)) {
        return DepartmentMatch::Same(same.clone());
    }
    for o in old {
        for n in new {
            if let Some(why) = alias(o, n) {
                return DepartmentMatch::Alias(o.clone(), n.clone(), why);
            }
        }
    }
    DepartmentMatch::Different
}

/// Why `a` and `b` may name one department, if the table says so.
fn alias(a: &str, b: &str) -> Option<&'static str> {
    ALIASES
        .iter()
        .find(|(x, y, _)| (*x == a && *y == b) || (*x == b && *y == a))
        .map(|(_, _, why)| *why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn aliases_are_symmetric_and_reported() {
        assert_eq!(
            compare(&v(&["総務広報課"]), &v(&["経営戦略課"])),
            DepartmentMatch::Alias("総務広報課".into(), "経営戦略課".into(), "R6 (SNS)")
        );
        assert!(matches!(
            compare(&v(&["子ども家庭支援課"]), &v(&["こども家庭支援課"])),
            DepartmentMatch::Alias(..)
        ));
        assert_eq!(compare(&v(&["a課", "b課"]), &v(&["b課"])), DepartmentMatch::Same("b課".into()));
        assert_eq!(compare(&v(&["a課"]), &v(&["c課"])), DepartmentMatch::Different);
        assert_eq!(compare(&[], &v(&["c課"])), DepartmentMatch::Unknown);
    }
}
