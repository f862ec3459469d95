//! Every problem an earlier stage recorded as a warning (or error) in `diagnostics` becomes a
//! finding under its own code, so nothing the extract stage could not understand is lost
//! silently. Era dates past an era's end or that never existed (H31.5.1) are errors under
//! [`Check::EraDateImpossible`]. A finding names the record of its line: the record that
//! starts there, else the one with a part read there (a measure's field on a line below the
//! measure's name, an item's yearly result, an item's 内容 or a budget's 事業の目的と概要), so
//! it carries that record's departments.

use std::collections::BTreeMap;

use crate::model::{Diagnostic, Document, Location, Severity};

use super::{Check, Findings, Subject};

/// Diagnostic codes that mean an era date does not exist.
const IMPOSSIBLE_DATES: [&str; 2] = ["normalize.era_overflow", "normalize.era_impossible"];

/// Passes the document's warnings through as findings.
pub(super) fn check(document: &Document, out: &mut Findings<'_>) {
    let whole_file = Location::file(document.source.path.as_str());
    let owners = owners(document);
    for diagnostic in &document.diagnostics {
        let at = diagnostic.provenance.as_ref().unwrap_or(&whole_file);
        let record = line_key(at).and_then(|key| owners.get(&key)).copied();
        let subject = Subject { at, raw: raw_at(document, at), record };
        if IMPOSSIBLE_DATES.contains(&diagnostic.code.as_str()) {
            let check = Check::EraDateImpossible;
            out.push(
                check,
                &subject,
                format!("a date that does not exist: {}", diagnostic.message),
                format!("存在しない和暦の日付です: {}", diagnostic.message),
            );
        } else if diagnostic.severity >= Severity::Warning {
            pass(diagnostic, &subject, out);
        }
    }
}

fn pass(diagnostic: &Diagnostic, subject: &Subject<'_>, out: &mut Findings<'_>) {
    out.push_code(
        &diagnostic.code,
        diagnostic.severity,
        subject,
        diagnostic.message.clone(),
        format!("読み取り時の警告 ({}): {}", diagnostic.code, diagnostic.message),
    );
}

/// A line of a text or a row of a sheet: where a record or a part was read.
type LineKey<'a> = (Option<&'a str>, u32);

/// The line (or row) of a location, on its sheet.
fn line_key(at: &Location) -> Option<LineKey<'_>> {
    Some((at.sheet.as_deref(), at.line.or(at.row)?))
}

/// The id of the record each line belongs to: the first record starting on it, else the
/// first record with a part (a Value, a measure's field, an item's result …) read on it.
fn owners(document: &Document) -> BTreeMap<LineKey<'_>, &str> {
    let mut owners = BTreeMap::new();
    for record in &document.records {
        if let Some(key) = line_key(&record.common().provenance) {
            owners.entry(key).or_insert(record.common().id.as_str());
        }
    }
    for record in &document.records {
        for key in record.part_locations().into_iter().filter_map(line_key) {
            owners.entry(key).or_insert(record.common().id.as_str());
        }
    }
    owners
}

/// The raw text of the Value read at exactly this place, if a KPI holds one.
fn raw_at<'a>(document: &'a Document, at: &Location) -> Option<&'a str> {
    document.records.iter().find_map(|record| {
        let crate::model::Record::Kpi(kpi) = record else { return None };
        let yearly = kpi.actuals.iter().chain(&kpi.targets).chain(&kpi.progress).map(|y| &y.value);
        let mut values =
            kpi.baseline.iter().chain(kpi.target.iter()).chain(kpi.grade.iter()).chain(yearly);
        values.find(|v| v.provenance.as_deref() == Some(at)).map(|v| v.raw.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{common, document};
    use super::super::{Rules, validate};
    use crate::model::{Diagnostic, Item, ItemResult, Location, Record};

    #[test]
    fn a_warning_on_an_items_result_line_belongs_to_the_item() {
        let at = |line| Location::text_line("t.txt".into(), line, Some(2));
        let result = ItemResult::new(2023, true, "実施した。".into(), at(9));
        let item = Item {
            common: common("item-1", 6),
            number: "No.1".into(),
            departments: vec!["商工観光課".into()],
            results: vec![result],
            ..Item::default()
        };
        let mut document = document(vec![Record::Item(item)]);
        for line in [9, 12] {
            document.diagnostics.push(Diagnostic::warning("extract.test", "a warning", at(line)));
        }
        let found = validate(&document, &Rules::default());
        let owners: Vec<(u32, Option<&str>, &[String])> = found
            .iter()
            .map(|f| (f.provenance.line.unwrap(), f.record.as_deref(), f.departments.as_slice()))
            .collect();
        let departments = ["商工観光課".to_owned()];
        assert_eq!(owners, [(9, Some("item-1"), &departments[..]), (12, None, &[][..])]);
    }
}
