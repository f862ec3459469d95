//! The HTML report: one self-contained page (inline CSS, no script, no external URL) that a
//! planning office can mail to a department or open from a shared folder.
//!
//! At the top, the totals (files, errors, warnings) and a list of the files with their
//! status; then one section per file, its findings grouped by department (担当課), one row per
//! finding: severity, code, place (sheet and A1 cell, or line and column), the cell's raw
//! text, the Japanese message (the English one smaller), and what the check expects.
//!
//! Every piece of text goes through one function, [`esc`]: [`clean_text`] makes control
//! characters and bidirectional overrides visible, then `html_escape` escapes `& < > " ' /`,
//! so a cell holding `<script>` is shown as text. A Content-Security-Policy that allows
//! nothing but the inline style is a second line of defence. The output is deterministic:
//! no timestamp unless the caller passes one ([`HtmlOptions::generated`]).

use std::fmt::Write as _;

use crate::model::{FileReport, FileStatus, Finding, Report, Severity};

use super::{by_department, clean_text, expected_ja, place_ja, severity_ja};

/// What the page shows besides the report itself.
#[derive(Debug, Clone, Default)]
pub struct HtmlOptions {
    /// When the report was made, shown as given (`2024-06-01 10:00`); `None` keeps the page
    /// byte-identical between runs.
    pub generated: Option<String>,
    /// Where the rules came from (a file name, or `既定のルール`).
    pub rules_source: Option<String>,
    /// The rules as text (the TOML file), shown folded under the summary.
    pub rules_text: Option<String>,
}

/// The page's style: readable on screen and on paper, no web fonts, no external resource.
const STYLE: &str = "
body { font-family: 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', 'Meiryo', 'IPAPGothic', sans-serif;
  margin: 1.5rem; color: #1a1a1a; line-height: 1.5; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding: .3rem .5rem; background: #eef2f7;
  border-left: .4rem solid #4a6fa5; overflow-wrap: anywhere; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 1rem; }
th, td { border: 1px solid #c8ccd2; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; white-space: nowrap; }
table.totals { width: auto; }
table.findings { table-layout: fixed; }
table.findings code { overflow-wrap: anywhere; }
table.totals td { text-align: right; min-width: 4rem; }
code { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: .85em; }
.raw { white-space: pre-wrap; overflow-wrap: anywhere; background: #fafafa; max-width: 20rem; }
.message { overflow-wrap: anywhere; }
.en { color: #555; font-size: .85em; margin-top: .2rem; }
.none { color: #888; }
.record { color: #666; font-size: .8em; }
td.place { white-space: nowrap; }
tr.error td.severity { background: #ffc7ce; color: #9c0006; font-weight: 600; }
tr.warning td.severity { background: #ffeb9c; color: #9c5700; font-weight: 600; }
tr.info td.severity { background: #ddebf7; color: #1f4e79; }
.status { font-size: .9rem; font-weight: 600; padding: .1rem .5rem; border-radius: .3rem;
  margin-left: .5rem; }
.status.ok { background: #c6efce; color: #006100; }
.status.warnings { background: #ffeb9c; color: #9c5700; }
.status.errors, .status.unreadable { background: #ffc7ce; color: #9c0006; }
pre.rules { white-space: pre-wrap; background: #fafafa; border: 1px solid #ddd; padding: .5rem; }
.meta { color: #555; font-size: .9rem; }
";

/// Renders the whole report as one HTML page.
pub fn render_report_html(report: &Report, options: &HtmlOptions) -> String {
    let mut out = String::with_capacity(16 * 1024);
    head(&mut out);
    overview(&mut out, report, options);
    for (index, file) in report.files.iter().enumerate() {
        file_section(&mut out, index + 1, file);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The one escaping function: untrusted or not, every piece of text is cleaned
/// ([`clean_text`]) and HTML-escaped, safe in element content and in quoted attributes.
fn esc(text: &str) -> String {
    html_escape::encode_safe(&clean_text(text)).into_owned()
}

/// Doctype, head (charset, CSP, style) and the start of the body.
fn head(out: &mut String) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"sheetwash validate\">\n");
    out.push_str("<title>提出データの検査結果</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<main>\n");
}

/// The title, totals, rules and the list of files.
fn overview(out: &mut String, report: &Report, options: &HtmlOptions) {
    let s = &report.summary;
    out.push_str("<header>\n<h1>提出データの検査結果</h1>\n");
    if let Some(generated) = &options.generated {
        let _ = writeln!(out, "<p class=\"meta\">作成日時: {}</p>", esc(generated));
    }
    let _ = writeln!(
        out,
        "<table class=\"totals\" id=\"totals\"><tr><th>ファイル数</th><td>{}</td></tr>\
         <tr><th>エラー</th><td>{}</td></tr><tr><th>警告</th><td>{}</td></tr></table>",
        s.files, s.errors, s.warnings
    );
    rules(out, options);
    out.push_str("</header>\n<nav>\n<h2>ファイル一覧</h2>\n<ol class=\"files\">\n");
    for (index, file) in report.files.iter().enumerate() {
        let _ = writeln!(
            out,
            "<li><a href=\"#file-{}\">{}</a> {}</li>",
            index + 1,
            esc(&file.source),
            status_badge(file.status)
        );
    }
    out.push_str("</ol>\n</nav>\n");
}

/// The rules, folded (a `<details>` element opens without script).
fn rules(out: &mut String, options: &HtmlOptions) {
    let Some(source) = &options.rules_source else { return };
    let _ = writeln!(out, "<p class=\"meta\">検査ルール: {}</p>", esc(source));
    if let Some(text) = &options.rules_text {
        let _ = writeln!(
            out,
            "<details><summary>ルールの内容</summary><pre class=\"rules\">{}</pre></details>",
            esc(text)
        );
    }
}

/// A file's status as a colored label.
fn status_badge(status: FileStatus) -> String {
    let (class, label) = match status {
        FileStatus::Ok => ("ok", "問題なし"),
        FileStatus::Warnings => ("warnings", "警告あり"),
        FileStatus::Errors => ("errors", "エラーあり"),
        FileStatus::Unreadable => ("unreadable", "読み込めません"),
    };
    format!("<span class=\"status {class}\">{label}</span>")
}

/// One file: heading with status and counts, then its findings by department.
fn file_section(out: &mut String, number: usize, file: &FileReport) {
    let count = |severity| file.findings.iter().filter(|f| f.severity == severity).count();
    let _ = writeln!(
        out,
        "<section class=\"file\" id=\"file-{number}\">\n<h2>{}{}</h2>\n\
         <p class=\"meta\">エラー {}件・警告 {}件・情報 {}件</p>",
        esc(&file.source),
        status_badge(file.status),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    if file.findings.is_empty() {
        out.push_str("<p>指摘事項はありません。</p>\n");
    }
    for (department, findings) in by_department(&file.findings) {
        let _ = writeln!(
            out,
            "<section class=\"department\">\n<h3>担当課: {}({}件)</h3>",
            esc(&department),
            findings.len()
        );
        findings_table(out, &findings);
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}

/// The table of one department's findings.
fn findings_table(out: &mut String, findings: &[&Finding]) {
    out.push_str(
        "<table class=\"findings\">\n<colgroup><col style=\"width:5rem\">\
         <col style=\"width:17rem\"><col style=\"width:7rem\"><col style=\"width:10rem\"><col>\
         <col style=\"width:14rem\"></colgroup>\n<thead><tr><th>重要度</th><th>コード</th><th>場所</th>\
         <th>記載内容</th><th>内容</th><th>期待される内容</th></tr></thead>\n<tbody>\n",
    );
    for finding in findings {
        finding_row(out, finding);
    }
    out.push_str("</tbody>\n</table>\n");
}

/// One finding as a table row.
fn finding_row(out: &mut String, finding: &Finding) {
    let class = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let record = finding
        .record
        .as_deref()
        .map(|r| format!("<div class=\"record\">{}</div>", esc(r)))
        .unwrap_or_default();
    let raw = finding.raw.as_deref().map_or_else(
        || "<td class=\"raw none\">—</td>".to_owned(),
        |raw| format!("<td class=\"raw\">{}</td>", esc(raw)),
    );
    let expected =
        expected_ja(&finding.code).map_or_else(|| "<span class=\"none\">—</span>".to_owned(), esc);
    let _ = writeln!(
        out,
        "<tr class=\"{class}\"><td class=\"severity\">{}</td><td><code>{}</code></td>\
         <td class=\"place\">{}{record}</td>{raw}<td class=\"message\"><div lang=\"ja\">{}</div>\
         <div class=\"en\" lang=\"en\">{}</div></td><td class=\"expected\">{expected}</td></tr>",
        severity_ja(finding.severity),
        esc(&finding.code),
        esc(&place_ja(&finding.provenance)),
        esc(&finding.message_ja),
        esc(&finding.message),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;

    fn hostile_report() -> Report {
        let evil = "<script>alert(1)</script>\"'&\u{202e}\u{1b}[31m";
        let finding = Finding {
            code: "validate.not_numeric".into(),
            severity: Severity::Error,
            message: format!("not a number: {evil}"),
            message_ja: format!("数値ではありません:「{evil}」"),
            provenance: Location::sheet_cell("e<vil>.xlsx".into(), "K\"PI".into(), 3, 2),
            raw: Some(evil.into()),
            record: Some("kpi-<1>".into()),
            departments: vec!["<b>課</b>".into()],
        };
        Report::new(vec![FileReport::checked("e<vil>.xlsx", vec![finding])])
    }

    #[test]
    fn every_piece_of_text_is_escaped() {
        let options = HtmlOptions {
            generated: Some("<now>".into()),
            rules_source: Some("r<ules>.toml".into()),
            rules_text: Some("departments = [\"<i>\"]".into()),
        };
        let html = render_report_html(&hostile_report(), &options);
        for raw in
            ["<script", "<vil>", "<b>", "<i>", "<now>", "<ules>", "<1>", "\u{1b}", "\u{202e}"]
        {
            assert!(!html.contains(raw), "{raw:?} left raw in:\n{html}");
        }
        for escaped in [
            "&lt;script&gt;alert(1)&lt;&#x2F;script&gt;&quot;&#x27;&amp;\\u{202e}\\u{1b}[31m",
            "e&lt;vil&gt;.xlsx",
            "K&quot;PI!B3",
            "&lt;b&gt;課&lt;&#x2F;b&gt;",
        ] {
            assert!(html.contains(escaped), "{escaped:?} missing in:\n{html}");
        }
        // Only the page's own markup: one style element, no script, no external reference.
        assert_eq!(html.matches("<style>").count(), 1);
        assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"));
    }

    #[test]
    fn the_page_is_deterministic_and_starts_as_japanese_html() {
        let report = hostile_report();
        let html = render_report_html(&report, &HtmlOptions::default());
        assert_eq!(html, render_report_html(&report, &HtmlOptions::default()));
        assert!(
            html.starts_with(
                "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">"
            )
        );
        assert!(html.contains("担当課: &lt;b&gt;課&lt;&#x2F;b&gt;(1件)"));
        assert!(html.contains("<td class=\"severity\">エラー</td>"));
        assert!(html.contains("数値(例: 25人)"));
    }

    #[test]
    fn a_file_without_findings_says_so() {
        let report = Report::new(vec![FileReport::checked("ok.txt", Vec::new())]);
        let html = render_report_html(&report, &HtmlOptions::default());
        assert!(html.contains("指摘事項はありません"));
        assert!(html.contains("<span class=\"status ok\">問題なし</span>"));
    }
}
