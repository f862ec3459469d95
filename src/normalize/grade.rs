//! Grades, placeholders and yes/no cells: cells made of one token (field guide §4.9, §4.10).
//!
//! Takes trimmed folded text with dashes unified to `-` and the column hint, and decides
//! between `grade`, `missing` and `boolean`; the dash is the hard case (a placeholder, or
//! the dash grade `—` in a grade column).

use crate::model::{Severity, Value, ValueKind};

use super::measure::Measured;
use super::scan::strip_outer_brackets;
use super::{ColumnHint, ValueIssue};

/// Placeholder words that stand for "no value".
const PLACEHOLDERS: [&str; 5] = ["集計中", "削除", "削減", "未把握", "未集計"];

/// The grade a token stands for, as stored: letter grades, ○ △ ×, and `—` for any dash.
pub(crate) fn grade_symbol(token: &str) -> Option<&'static str> {
    Some(match token {
        "A+" => "A+",
        "A" => "A",
        "A-" => "A-",
        "B" => "B",
        "C" => "C",
        "D" => "D",
        "○" => "○",
        "◯" => "◯",
        "△" => "△",
        "×" => "×",
        "-" | "ー" => "—",
        _ => return None,
    })
}

/// True for a lone dash (`-` after unifying, or the long-vowel mark `ー`).
fn is_dash(t: &str) -> bool {
    matches!(t, "-" | "ー" | "--")
}

/// Reads a one-token cell: a placeholder, a yes/no flag or a grade.
pub(crate) fn parse_token(t: &str, hint: Option<ColumnHint>) -> Option<Measured> {
    let inner = strip_outer_brackets(t);
    if is_dash(t) || (is_dash(inner) && hint == Some(ColumnHint::Grade)) {
        return Some(dash(hint));
    }
    if t == "二" && hint == Some(ColumnHint::Numeric) {
        let mut m = missing();
        m.issues.push(issue(
            "normalize.ocr_dash",
            Severity::Warning,
            "二 read as a dash (no value)",
        ));
        return Some(m);
    }
    if PLACEHOLDERS.contains(&t) || (t.ends_with("未把握") && t.chars().count() <= 20) {
        return Some(missing());
    }
    if let Some(flag) = boolean(t) {
        return Some(value(Value {
            kind: ValueKind::Boolean,
            flag: Some(flag),
            ..Value::default()
        }));
    }
    let grade = grade_symbol(t).filter(|_| t != "ー")?;
    Some(value(graded(grade)))
}

/// The value of a yes/no cell.
fn boolean(t: &str) -> Option<bool> {
    match t {
        "有り" | "有" | "あり" => Some(true),
        "無し" | "無" => Some(false),
        _ => None,
    }
}

/// A lone dash: the dash grade in a grade column, otherwise a placeholder.
fn dash(hint: Option<ColumnHint>) -> Measured {
    match hint {
        Some(ColumnHint::Grade) => value(graded("—")),
        None => {
            let mut m = missing();
            m.issues.push(issue(
                "normalize.ambiguous",
                Severity::Info,
                "a lone dash read as no value; in a grade column it is the dash grade —",
            ));
            m
        }
        Some(_) => missing(),
    }
}

/// A grade Value.
fn graded(grade: &str) -> Value {
    Value { kind: ValueKind::Grade, grade: Some(grade.to_owned()), ..Value::default() }
}

/// A placeholder.
pub(crate) fn missing() -> Measured {
    value(Value { kind: ValueKind::Missing, missing: Some(true), ..Value::default() })
}

/// A Measured without issues.
fn value(value: Value) -> Measured {
    Measured { value, issues: Vec::new() }
}

/// An issue.
pub(crate) fn issue(code: &'static str, severity: Severity, message: &str) -> ValueIssue {
    ValueIssue { code, severity, message: message.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(t: &str, hint: Option<ColumnHint>) -> Option<ValueKind> {
        parse_token(t, hint).map(|m| m.value.kind)
    }

    #[test]
    fn tokens() {
        assert_eq!(kind("-", None), Some(ValueKind::Missing));
        assert_eq!(kind("-", Some(ColumnHint::Grade)), Some(ValueKind::Grade));
        assert_eq!(kind("(-)", Some(ColumnHint::Grade)), Some(ValueKind::Grade));
        assert_eq!(kind("二", Some(ColumnHint::Numeric)), Some(ValueKind::Missing));
        assert_eq!(kind("二", None), None);
        assert_eq!(kind("集計中", None), Some(ValueKind::Missing));
        assert_eq!(kind("イベント未実施により未把握", None), Some(ValueKind::Missing));
        assert_eq!(kind("実績なし", None), None);
        assert_eq!(kind("有り", None), Some(ValueKind::Boolean));
        assert_eq!(kind("A-", None), Some(ValueKind::Grade));
        assert_eq!(kind("△", None), Some(ValueKind::Grade));
        assert_eq!(kind("ー", None), Some(ValueKind::Missing));
    }
}
