//! Checks on records as wholes: required fields, departments outside the configured list,
//! duplicate KPIs, item numbers and project codes, moves to a section that does not exist,
//! and 再掲 (re-listings) whose original cannot be found.

use std::collections::BTreeMap;

use crate::model::{Document, Kpi, MarkerKind, Record, TextField, Value};

use super::{Check, Findings, Subject, record_name};

/// Runs the structural checks.
pub(super) fn check(document: &Document, out: &mut Findings<'_>) {
    required(document, out);
    departments(document, out);
    duplicates(document, out);
    moves(document, out);
    relisted(document, out);
}

/// A name folded for matching only: spaces dropped.
pub(super) fn match_key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The departments of a record, when its type has them.
fn departments_of(record: &Record) -> Option<&[String]> {
    match record {
        Record::Kpi(r) => Some(&r.departments),
        Record::Item(r) => Some(&r.departments),
        Record::Project(r) => Some(&r.departments),
        Record::Measure(r) => Some(&r.departments),
        Record::Budget(_) | Record::Table(_) => None,
    }
}

/// The ways 再掲 is printed inside a name when the extract stage left it there.
pub(super) const RELISTED_IN_NAME: [&str; 5] = ["（再掲）", "(再掲)", "《再掲》", "<再掲>", "再掲"];

/// How a record says it is a re-listing: its marker's raw text and the original it names
/// (`of`), or, when 再掲 is still part of its name, the name and the name without 再掲.
fn relisting(record: &Record) -> Option<(&str, Option<String>)> {
    if let Some(marker) = record.common().markers.iter().find(|m| m.kind == MarkerKind::Relisted) {
        return Some((&marker.raw, marker.of.clone()));
    }
    let name = record_name(record);
    let found = RELISTED_IN_NAME.iter().find(|m| name.contains(**m))?;
    let original = name.replace(found, "").trim().to_owned();
    Some((name, Some(original).filter(|o| !o.is_empty())))
}

/// True for a record that re-lists (再掲) another.
pub(super) fn is_relisted(record: &Record) -> bool {
    relisting(record).is_some()
}

// Required fields

/// Empty indicators, empty departments (in layouts that have them), and missing actuals of
/// the current fiscal year.
fn required(document: &Document, out: &mut Findings<'_>) {
    let rules = out.rules;
    let has_departments = |type_name: &str| {
        document
            .records
            .iter()
            .any(|r| r.type_name() == type_name && departments_of(r).is_some_and(|d| !d.is_empty()))
    };
    for record in &document.records {
        if let Record::Kpi(kpi) = record {
            if rules.requires("indicator") && kpi.indicator.trim().is_empty() {
                empty(out, record, "indicator", "指標名");
            }
            if let Some(year) =
                rules.current_fiscal_year.filter(|_| rules.requires("current_actual"))
            {
                current_actual(document, record, kpi, year, out);
            }
        }
        // A measure's 担当課 is often printed once for several measures, so only KPIs, items
        // and projects must name theirs.
        if rules.requires("departments")
            && !matches!(record, Record::Measure(_))
            && departments_of(record).is_some_and(<[String]>::is_empty)
            && has_departments(record.type_name())
        {
            empty(out, record, "department", "担当課");
        }
    }
}

fn empty(out: &mut Findings<'_>, record: &Record, field: &str, field_ja: &str) {
    let name = record_name(record);
    out.push(
        Check::RequiredEmpty,
        &Subject::record(record),
        format!("the {field} of {} {name:?} is empty", record.type_name()),
        format!("「{name}」の{field_ja}が空欄です"),
    );
}

/// True for a Value that stands for an empty cell: blank, or a bare dash.
fn blank(value: &Value) -> bool {
    let text = value.text.trim();
    text.is_empty() || (value.is_missing() && ["-", "—", "－", "―", "ー", "‐"].contains(&text))
}

/// The actual of the current fiscal year, for KPIs whose phase covers it.
fn current_actual(
    document: &Document,
    record: &Record,
    kpi: &Kpi,
    year: i32,
    out: &mut Findings<'_>,
) {
    let phase = kpi
        .phase
        .as_deref()
        .and_then(|name| document.metadata.phases.iter().find(|p| p.name == name));
    let covered = match phase.and_then(|p| Some((p.start?, p.end?))) {
        Some((start, end)) => (start..=end).contains(&year),
        None => !kpi.actuals.is_empty(),
    };
    if !covered {
        return;
    }
    let found = kpi.actuals.iter().find(|a| a.year == year);
    if found.is_some_and(|a| !blank(&a.value)) {
        return;
    }
    let subject = match found {
        Some(a) => Subject::value(record, &a.value),
        None => Subject::record(record),
    };
    out.push(
        Check::RequiredEmpty,
        &subject,
        format!("the actual of the current year {year} of {:?} is empty", kpi.indicator),
        format!("「{}」の今年度({year}年度)の実績が空欄です", kpi.indicator),
    );
}

// Departments

/// Departments not in the configured list, with the closest configured name.
fn departments(document: &Document, out: &mut Findings<'_>) {
    let known = &out.rules.departments;
    if known.is_empty() {
        return;
    }
    for record in &document.records {
        for name in departments_of(record).unwrap_or(&[]) {
            if known.iter().any(|k| k == name) {
                continue;
            }
            let best = known
                .iter()
                .map(|k| (strsim::normalized_levenshtein(k, name), k))
                .filter(|(score, _)| *score >= 0.5)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, k)| k.clone());
            let (hint, hint_ja) = match &best {
                Some(k) => {
                    (format!("; did you mean {k:?}?"), format!("「{k}」の誤りではありませんか?"))
                }
                None => (String::new(), String::new()),
            };
            // At the 担当課 cell, where the clerk has to correct it.
            let subject = Subject::field(record, TextField::Departments, name);
            out.push(
                Check::UnknownDepartment,
                &subject,
                format!("department {name:?} is not in the configured list{hint}"),
                format!("担当課「{name}」は登録された課の一覧にありません。{hint_ja}"),
            );
        }
    }
}

// Duplicates

/// Reports every record after the first with the same key.
fn report_repeats<'a>(
    keyed: impl Iterator<Item = (String, &'a Record, String)>,
    check: Check,
    out: &mut Findings<'_>,
) {
    let mut first: BTreeMap<String, &Record> = BTreeMap::new();
    for (key, record, shown) in keyed {
        let Some(original) = first.get(&key) else {
            first.insert(key, record);
            continue;
        };
        let at = &original.common().provenance;
        let subject = Subject { raw: Some(&shown), ..Subject::record(record) };
        out.push(
            check,
            &subject,
            format!("{shown:?} is given twice; first at {at}"),
            format!("「{shown}」が重複しています(最初は {at})"),
        );
    }
}

/// KPI rows further apart than this (in lines or rows) are not in one table.
const TABLE_GAP: u32 = 10;

/// For each record, the number of the uninterrupted run of KPI rows it belongs to: a run
/// ends at any other record, at a section heading, at another sheet, or at a gap of more
/// than [`TABLE_GAP`] lines. A report that restates its KPIs on several pages (002's overview, 別紙 and
/// 総括シート) repeats them in different runs, which is not a duplicate.
pub(super) fn table_runs(document: &Document) -> Vec<usize> {
    let line = |at: &crate::model::Location| at.line.or(at.row).unwrap_or(0);
    let headings: Vec<(Option<&str>, u32)> = document
        .sections
        .iter()
        .map(|s| (s.provenance.sheet.as_deref(), line(&s.provenance)))
        .collect();
    let mut run = 0;
    let mut previous: Option<(Option<&str>, u32)> = None;
    let mut runs = Vec::with_capacity(document.records.len());
    for record in &document.records {
        let at = &record.common().provenance;
        let here = (at.sheet.as_deref(), line(at));
        let is_kpi = matches!(record, Record::Kpi(_));
        let broken = match previous {
            None => false,
            Some(_) if !is_kpi => true,
            Some((sheet, _)) if sheet != here.0 => true,
            Some((sheet, p)) => {
                let (low, high) = (p.min(here.1), p.max(here.1));
                here.1 > p.saturating_add(TABLE_GAP)
                    || headings.iter().any(|(s, h)| *s == sheet && *h > low && *h <= high)
            }
        };
        if broken {
            run += 1;
        }
        previous = is_kpi.then_some(here);
        runs.push(run);
    }
    runs
}

/// The same KPI twice in one table (one run of KPI rows, see [`table_runs`]) of one section
/// and phase, the same item number twice, the same project code twice; re-listings (再掲)
/// are references and never duplicates.
fn duplicates(document: &Document, out: &mut Findings<'_>) {
    let records = || document.records.iter().filter(|r| !is_relisted(r));
    let runs = table_runs(document);
    let kpis = document.records.iter().zip(runs).filter_map(|(r, run)| match r {
        Record::Kpi(k) if !k.indicator.trim().is_empty() && !is_relisted(r) => {
            let key =
                format!("{run}|{:?}|{:?}|{}", k.common.section, k.phase, match_key(&k.indicator));
            Some((key, r, k.indicator.clone()))
        }
        _ => None,
    });
    report_repeats(kpis, Check::DuplicateKpi, out);
    let items = records().filter_map(|r| match r {
        Record::Item(i) => Some((match_key(&i.number), r, i.number.clone())),
        _ => None,
    });
    report_repeats(items, Check::DuplicateItem, out);
    let codes = records().flat_map(|r| match r {
        Record::Project(p) => p.codes.iter().map(|c| (match_key(c), r, c.clone())).collect(),
        _ => Vec::new(),
    });
    report_repeats(codes, Check::DuplicateProjectCode, out);
}

// Moves and re-listings

/// True when a section with this id or number exists.
fn section_exists(document: &Document, name: &str) -> bool {
    document.sections.iter().any(|s| s.id == name || s.number.as_deref() == Some(name))
}

/// Moves whose target section does not exist, on records and on section headings.
fn moves(document: &Document, out: &mut Findings<'_>) {
    for section in &document.sections {
        for marker in &section.markers {
            let Some(to) = marker.to.as_deref().filter(|_| marker.kind == MarkerKind::Moved) else {
                continue;
            };
            if section_exists(document, to) {
                continue;
            }
            let subject = Subject { at: &section.provenance, raw: Some(&marker.raw), record: None };
            out.push(
                Check::MoveTargetMissing,
                &subject,
                format!("section {} moves to {to}, which does not exist", section.id),
                format!("施策 {} の移動先 {to} が存在しません", section.id),
            );
        }
    }
    for record in &document.records {
        for marker in &record.common().markers {
            let Some(to) = marker.to.as_deref().filter(|_| marker.kind == MarkerKind::Moved) else {
                continue;
            };
            if section_exists(document, to) {
                continue;
            }
            let subject = Subject { raw: Some(&marker.raw), ..Subject::record(record) };
            out.push(
                Check::MoveTargetMissing,
                &subject,
                format!("{:?} moves to section {to}, which does not exist", marker.raw),
                format!("「{}」の移動先 {to} が存在しません", marker.raw),
            );
        }
    }
}

/// 再掲 (re-listings) whose original — the named item, or a record of the same name — is
/// missing.
fn relisted(document: &Document, out: &mut Findings<'_>) {
    for record in &document.records {
        let Some((raw, of)) = relisting(record) else { continue };
        if linked_or_inside_text(record, of.as_deref()) {
            continue;
        }
        let name = of.unwrap_or_else(|| record_name(record).to_owned());
        if !name.trim().is_empty() && names_exist(document, record, &name) {
            continue;
        }
        let subject = relisting_subject(record, raw);
        out.push(
            Check::RelistedDangling,
            &subject,
            format!("{raw:?} re-lists {name:?}, which is not found elsewhere in the document"),
            format!("「{raw}」の再掲元「{name}」が文書内に見つかりません"),
        );
    }
}

/// Where a dangling re-listing is reported: at the record's name when 再掲 is printed in
/// it (an item's 項目名 has a cell of its own), else at the record (a marker has no place
/// of its own).
fn relisting_subject<'a>(record: &'a Record, raw: &'a str) -> Subject<'a> {
    let marked = record.common().markers.iter().any(|m| m.kind == MarkerKind::Relisted);
    if marked {
        return Subject { raw: Some(raw), ..Subject::record(record) };
    }
    Subject::field(record, TextField::Name, raw)
}

/// True when the re-listing needs no check here: `reconcile` already linked it to its
/// original, or the 再掲 mark sits on an entry inside the record's text (`《再掲》` after one
/// list item of a 施策詳細) and names nothing, so there is no name to look for.
fn linked_or_inside_text(record: &Record, of: Option<&str>) -> bool {
    let markers = &record.common().markers;
    let linked = markers.iter().any(|m| m.kind == MarkerKind::Relisted && m.original.is_some());
    linked || (of.is_none() && !record_name(record).contains("再掲"))
}

/// True when another record is named (or numbered, or coded) `name`, or a section is.
fn names_exist(document: &Document, except: &Record, name: &str) -> bool {
    let key = match_key(name);
    section_exists(document, name) || document.records.iter().any(|r| {
        !std::ptr::eq(r, except)
            && (match_key(record_name(r)) == key
                || matches!(r, Record::Item(i) if match_key(&i.number) == key)
                || matches!(r, Record::Project(p) if p.codes.iter().any(|c| match_key(c) == key)))
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{common, document, kpi};
    use super::super::{Rules, validate};
    use crate::model::{Item, Location, Marker, MarkerKind, Project, Record, TextField};

    fn codes(records: Vec<Record>, rules: &Rules) -> Vec<(String, u32)> {
        let found = validate(&document(records), rules);
        found.into_iter().map(|f| (f.code, f.provenance.line.unwrap_or(0))).collect()
    }

    fn item(id: &str, line: u32, number: &str) -> Record {
        Record::Item(Item { common: common(id, line), number: number.into(), ..Item::default() })
    }

    fn project(id: &str, line: u32, codes: &[&str]) -> Record {
        Record::Project(Project {
            common: common(id, line),
            name: format!("事業{id}"),
            codes: codes.iter().map(|c| (*c).to_owned()).collect(),
            ..Project::default()
        })
    }

    // Duplicates

    #[test]
    fn duplicate_item_numbers_and_project_codes() {
        let records = vec![
            item("a", 1, "No.1"),
            item("b", 2, "No.2"),
            item("c", 3, "No. 1"),
            project("p", 4, &["411-6"]),
            project("q", 5, &["411-7", "411-6"]),
        ];
        assert_eq!(
            codes(records, &Rules::default()),
            [
                ("validate.duplicate_item".to_owned(), 3),
                ("validate.duplicate_project_code".to_owned(), 5)
            ]
        );
    }

    #[test]
    fn a_relisted_item_is_no_duplicate_and_must_point_somewhere() {
        let mut again = item("c", 3, "No.1");
        let relisted = |of: &str| Marker {
            kind: MarkerKind::Relisted,
            raw: format!("（{of}再掲）"),
            to: None,
            from: None,
            partial: None,
            original: None,
            of: Some(of.into()),
        };
        again.common_mut().markers.push(relisted("No.1"));
        let mut dangling = item("d", 4, "No.9");
        dangling.common_mut().markers.push(relisted("No.22"));
        let records = vec![item("a", 1, "No.1"), again, dangling];
        assert_eq!(
            codes(records, &Rules::default()),
            [("validate.relisted_dangling".to_owned(), 4)]
        );
    }

    // Where a field's finding goes

    /// `code@line:col` of the findings.
    fn cells(records: Vec<Record>, rules: &Rules) -> Vec<String> {
        let found = validate(&document(records), rules);
        let col = |f: &crate::model::Finding| f.provenance.col.unwrap_or(0);
        found
            .iter()
            .map(|f| format!("{}@{}:{}", f.code, f.provenance.line.unwrap(), col(f)))
            .collect()
    }

    #[test]
    fn an_unknown_department_is_at_its_cell_when_it_has_one() {
        let rules = Rules { departments: vec!["商工観光課".into()], ..Rules::default() };
        let with = |id: &str, line, located: bool| {
            let mut k = kpi(id, line, &[]);
            k.departments = vec!["商工観光果".into()];
            let at = Location::text_line("t.txt".into(), line, Some(11));
            k.common = k.common.with_field(TextField::Departments, Some(at).filter(|_| located));
            Record::Kpi(k)
        };
        assert_eq!(
            cells(vec![with("a", 1, true), with("b", 2, false)], &rules),
            ["validate.unknown_department@1:11", "validate.unknown_department@2:1"]
        );
    }

    #[test]
    fn a_dangling_relisting_in_an_items_name_is_at_the_name() {
        let mut relisting = item("a", 4, "No.9");
        if let Record::Item(i) = &mut relisting {
            i.name = Some("空き家対策(再掲)".into());
            let at = Location::text_line("t.txt".into(), 4, Some(4));
            i.common.locate(TextField::Name, at);
        }
        assert_eq!(cells(vec![relisting], &Rules::default()), ["validate.relisted_dangling@4:4"]);
    }

    // Required fields

    #[test]
    fn an_empty_indicator_is_required() {
        let mut unnamed = kpi("k", 7, &[2020]);
        unnamed.indicator = " ".into();
        assert_eq!(
            codes(vec![Record::Kpi(unnamed)], &Rules::default()),
            [("validate.required_empty".to_owned(), 7)]
        );
    }

    #[test]
    fn departments_are_only_required_where_the_layout_has_them() {
        let without = || Record::Kpi(kpi("a", 1, &[2020]));
        assert!(codes(vec![without()], &Rules::default()).is_empty());
        let mut with = kpi("b", 2, &[2020]);
        with.departments = vec!["商工観光課".into()];
        assert_eq!(
            codes(vec![without(), Record::Kpi(with)], &Rules::default()),
            [("validate.required_empty".to_owned(), 1)]
        );
    }
}
