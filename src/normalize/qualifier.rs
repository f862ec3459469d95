//! Qualifiers and notes around a value (field guide §4.7).
//!
//! Takes the words before and after a number (`約`, `計`, `以上`, `(速報値)`, `(予定)`) and
//! records them on the [`Value`]: `qualifier` holds one qualifier, preferring a comparison
//! (`以上`, `以下`, `未満`, `超`); any other goes to `note`.

use crate::model::Value;

/// Qualifiers written before a number, with the form they are stored as.
const PREFIXES: [(&str, &str); 9] = [
    ("累計", "累計"),
    ("延べ", "延べ"),
    ("平均", "平均"),
    ("最大", "最大"),
    ("最小", "最小"),
    ("概ね", "概ね"),
    ("およそ", "約"),
    ("約", "約"),
    ("計", "計"),
];

/// Qualifiers written after a number.
const SUFFIXES: [(&str, &str); 9] = [
    ("以上", "以上"),
    ("以下", "以下"),
    ("未満", "未満"),
    ("を超える", "超"),
    ("超", "超"),
    ("見込み", "見込"),
    ("見込", "見込"),
    ("程度", "程度"),
    ("累計", "累計"),
];

/// Qualifiers that stand alone in brackets (`(速報値)`, `(累計)`).
const BRACKETED: [(&str, &str); 8] = [
    ("速報値", "速報値"),
    ("速報", "速報値"),
    ("推計値", "推計値"),
    ("推計", "推計値"),
    ("見込み", "見込"),
    ("見込", "見込"),
    ("累計", "累計"),
    ("平均", "平均"),
];

/// The comparisons, which win over any other qualifier.
const COMPARISONS: [&str; 4] = ["以上", "以下", "未満", "超"];

/// Strips one qualifier from the start of `s`, only when a number or sign follows.
pub(crate) fn strip_prefix(s: &str) -> Option<(&'static str, &str)> {
    PREFIXES.iter().find_map(|(word, q)| {
        let rest = s.strip_prefix(word)?.trim_start();
        rest.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '△' | '▲' | '+' | '-'))
            .then_some((*q, rest))
    })
}

/// Strips one qualifier from the start of `s` (after a number or unit).
pub(crate) fn strip_suffix(s: &str) -> Option<(&'static str, &str)> {
    SUFFIXES.iter().find_map(|(word, q)| s.strip_prefix(word).map(|rest| (*q, rest)))
}

/// The qualifier a bracket holds when it holds only a qualifier.
pub(crate) fn bracketed(content: &str) -> Option<&'static str> {
    BRACKETED.iter().find_map(|(word, q)| (content == *word).then_some(*q))
}

/// A qualifier word a label ends with (`年度内最大` → `年度内`, `最大`).
pub(crate) fn split_label(label: &str) -> (&str, Option<&'static str>) {
    for (word, q) in PREFIXES {
        if let Some(head) = label.strip_suffix(word) {
            return (head, Some(q));
        }
    }
    (label, None)
}

/// Records a qualifier: a comparison replaces another qualifier (which moves to `note`);
/// otherwise the first qualifier stays and later ones go to `note`.
pub(crate) fn add(value: &mut Value, q: &str) {
    match value.qualifier.take() {
        None => value.qualifier = Some(q.to_owned()),
        Some(old) if old == q => value.qualifier = Some(old),
        Some(old) if COMPARISONS.contains(&q) && !COMPARISONS.contains(&old.as_str()) => {
            value.qualifier = Some(q.to_owned());
            add_note(value, &old);
        }
        Some(old) => {
            value.qualifier = Some(old);
            add_note(value, q);
        }
    }
}

/// Appends a note (`、` between notes).
pub(crate) fn add_note(value: &mut Value, note: &str) {
    let note = note.trim();
    if note.is_empty() {
        return;
    }
    match &mut value.note {
        Some(old) => {
            old.push('、');
            old.push_str(note);
        }
        None => value.note = Some(note.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_wins() {
        let mut v = Value::default();
        add(&mut v, "計");
        add(&mut v, "以上");
        assert_eq!(v.qualifier.as_deref(), Some("以上"));
        assert_eq!(v.note.as_deref(), Some("計"));
    }

    #[test]
    fn prefixes_need_a_number() {
        assert_eq!(strip_prefix("約18億").map(|p| p.0), Some("約"));
        assert_eq!(strip_prefix("計画"), None);
        assert_eq!(split_label("年度内最大"), ("年度内", Some("最大")));
    }
}
