//! The validation report for people: a self-contained HTML page ([`render_report_html`]) and
//! an annotated .xlsx copy of one submission ([`render_annotated_xlsx`]), both rendered from
//! the findings of [`crate::validate`] (the `sheetwash/report/1` JSON is written by the CLI
//! and checked by [`super::validate_report`]).
//!
//! Both take the findings as they are and return bytes; writing them is left to the caller
//! (the CLI uses [`super::write_atomic`]). What the two share lives here: the clean-up of
//! untrusted text ([`clean_text`]), the Japanese labels of severities and places, what each
//! check expects, and the grouping of findings by department.
//!
//! Every piece of text that comes from a submission (cell text, file and sheet names, and the
//! messages that quote them) goes through [`clean_text`] before it is shown, so control
//! characters and bidirectional overrides are visible escapes and can never disguise what a
//! cell holds.

mod html;
mod xlsx;

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::model::{Finding, Location, Severity};

pub use html::{HtmlOptions, render_report_html};
pub use xlsx::{FINDINGS_SHEET, render_annotated_xlsx};

/// The group of findings whose record names no department.
pub const UNKNOWN_DEPARTMENT: &str = "担当課不明";

/// `text` with every character that could disguise it made visible: C0 and C1 control
/// characters and DEL (an ANSI escape `ESC [ 3 1 m` shows as `\u{1b}[31m`), bidirectional
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069), and invisible format characters
/// (U+200B–U+200F, U+2028, U+2029, U+FEFF). Line feeds and tabs stay, since cells hold
/// several lines; a carriage return becomes a line feed (`\r\n` one line feed). Everything
/// else, Japanese included, passes through; text with nothing to change is borrowed.
pub fn clean_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '\r' || disguises(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            c if disguises(c) => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether a character must be shown as an escape (line feeds and tabs are kept).
fn disguises(ch: char) -> bool {
    (ch.is_control() && ch != '\n' && ch != '\t')
        || matches!(
            ch,
            '\u{200b}'..='\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// The Japanese name of a severity.
fn severity_ja(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "エラー",
        Severity::Warning => "警告",
        Severity::Info => "情報",
    }
}

/// The department group of a finding: its record's departments joined by `・`, or
/// [`UNKNOWN_DEPARTMENT`].
fn department_of(finding: &Finding) -> String {
    if finding.departments.iter().all(|d| d.trim().is_empty()) {
        UNKNOWN_DEPARTMENT.to_owned()
    } else {
        finding.departments.join("・")
    }
}

/// The findings grouped by department: groups in order of their first finding (findings come
/// sorted by place), [`UNKNOWN_DEPARTMENT`] last; inside a group the findings keep their order.
fn by_department(findings: &[Finding]) -> Vec<(String, Vec<&Finding>)> {
    let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
    for finding in findings {
        let name = department_of(finding);
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, list)) => list.push(finding),
            None => groups.push((name, vec![finding])),
        }
    }
    // A stable sort: only the unknown group moves.
    groups.sort_by_key(|(name, _)| name == UNKNOWN_DEPARTMENT);
    groups
}

/// Where a finding is, for people: `KPI!C12` for a sheet cell (with the merged cell that
/// holds the value), `13行 6列` for a text line, `ファイル全体` for the whole file. Not yet
/// cleaned: sheet names come from the submission.
fn place_ja(at: &Location) -> String {
    let merged = at.merged_from.as_deref().map(|m| format!("(結合セル {m})")).unwrap_or_default();
    match (&at.sheet, &at.cell, at.row, at.line) {
        (Some(sheet), Some(cell), ..) => format!("{sheet}!{cell}{merged}"),
        (Some(sheet), None, Some(row), _) => format!("{sheet}!{row}行"),
        (Some(sheet), None, None, _) => format!("{sheet}(シート全体)"),
        (None, _, _, Some(line)) => match at.col {
            Some(col) => format!("{line}行 {col}列"),
            None => format!("{line}行"),
        },
        _ => "ファイル全体".to_owned(),
    }
}

/// What a check expects to find in the cell, in Japanese, by the finding's stable code; `None`
/// for codes passed through from earlier stages, whose message says it all. The specifics
/// (the legend's grade, the suggested department, the usual unit) are in the message.
fn expected_ja(code: &str) -> Option<&'static str> {
    Some(match code {
        "validate.not_numeric" => "数値(例: 25人)。文章ではなく実績の数値を記入",
        "validate.unit_mismatch" => "同じ指標の他の値と同じ単位・桁",
        "validate.magnitude_jump" => "前後の年度と同程度の値(桁・単位の誤りがないか確認)",
        "validate.required_empty" => "空欄ではなく値を記入",
        "validate.year_order" => "年度の古い順",
        "validate.year_duplicate" => "各年度に値が1つ",
        "validate.year_outside_period" => "計画期間内の年度の値",
        "validate.era_date_impossible" => {
            "実在する和暦の日付(平成は31年4月30日まで、令和は元年5月1日から)"
        }
        "validate.grade_mismatch" => "凡例どおりの評価(計算は内容欄のとおり)",
        "validate.unknown_department" => "登録された担当課名",
        "validate.duplicate_kpi"
        | "validate.duplicate_item"
        | "validate.duplicate_project_code" => "1回だけの記載(再掲の場合は「再掲」と明記)",
        "validate.move_target_missing" => "存在する施策番号への移動",
        "validate.relisted_dangling" => "文書内にある再掲元の名称",
        "validate.department_changed" => "前回と同じ担当課、または課名変更の記載",
        "validate.conflicting_duplicate" => "同じ指標はどこでも同じ値(どちらが正しいか確認)",
        "validate.sum_mismatch" => "合計・増減が内訳の値と一致すること",
        "validate.count_mismatch" => "件数が各指標の評価の数と一致すること",
        "validate.duplicate_phrase" => "同じ語句の繰り返しがない文",
        "validate.duplicate_list_item" => "一覧の各項目は1回だけ",
        "validate.duplicate_row" => "同じ行・表の重複がないこと",
        "validate.narrative_arithmetic" => {
            "本文の増減・倍率が記載の数値から計算した値と一致すること"
        }
        "validate.narrative_mismatch" => "本文の増減が指標の基準値・実績値の差と一致すること",
        "validate.not_provided" => "各年度の金額の記入(未記入は0ではなく「未提供」として扱います)",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Cleaning

    #[test]
    fn clean_text_shows_what_could_disguise_a_cell() {
        let cases = [
            ("市内就業者数 17,891人", "市内就業者数 17,891人"),
            ("a\u{1b}[31mb", "a\\u{1b}[31mb"),
            ("x\u{7}\u{7f}\u{85}\u{9b}", "x\\u{7}\\u{7f}\\u{85}\\u{9b}"),
            ("abc\u{202e}fdp.exe", "abc\\u{202e}fdp.exe"),
            ("\u{2066}i\u{2069}\u{200b}\u{feff}", "\\u{2066}i\\u{2069}\\u{200b}\\u{feff}"),
            ("two\nlines\tand tab", "two\nlines\tand tab"),
            ("crlf\r\nand\rcr", "crlf\nand\ncr"),
            ("<script>&\"'", "<script>&\"'"),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_text(raw), want, "{raw:?}");
        }
        assert!(matches!(clean_text("ok"), Cow::Borrowed(_)));
    }

    // Places and groups

    #[test]
    fn places_in_japanese() {
        let cell = Location::sheet_cell("a.xlsx".into(), "KPI".into(), 12, 3);
        assert_eq!(place_ja(&cell), "KPI!C12");
        let merged = Location { merged_from: Some("B12".into()), ..cell };
        assert_eq!(place_ja(&merged), "KPI!C12(結合セル B12)");
        assert_eq!(place_ja(&Location::text_line("a.txt".into(), 13, Some(6))), "13行 6列");
        assert_eq!(place_ja(&Location::text_line("a.txt".into(), 13, None)), "13行");
        assert_eq!(place_ja(&Location::file("a.txt")), "ファイル全体");
    }

    fn finding(code: &str, departments: &[&str]) -> Finding {
        Finding {
            code: code.into(),
            severity: Severity::Error,
            message: "m".into(),
            message_ja: "メ".into(),
            provenance: Location::file("a.txt"),
            raw: None,
            record: None,
            departments: departments.iter().map(|d| (*d).to_owned()).collect(),
        }
    }

    #[test]
    fn groups_keep_first_appearance_and_put_the_unknown_last() {
        let findings = [
            finding("a.one", &[]),
            finding("a.two", &["商工観光課"]),
            finding("a.three", &["農業振興課", "商工観光課"]),
            finding("a.four", &["商工観光課"]),
            finding("a.five", &[""]),
        ];
        let groups = by_department(&findings);
        let shape: Vec<(&str, Vec<&str>)> = groups
            .iter()
            .map(|(name, list)| (name.as_str(), list.iter().map(|f| f.code.as_str()).collect()))
            .collect();
        assert_eq!(
            shape,
            [
                ("商工観光課", vec!["a.two", "a.four"]),
                ("農業振興課・商工観光課", vec!["a.three"]),
                (UNKNOWN_DEPARTMENT, vec!["a.one", "a.five"]),
            ]
        );
    }

    #[test]
    fn every_own_check_says_what_it_expects() {
        for check in crate::validate::Check::ALL {
            assert!(expected_ja(check.code()).is_some(), "{}", check.code());
        }
        assert_eq!(expected_ja("extract.row_unassigned"), None);
    }
}
