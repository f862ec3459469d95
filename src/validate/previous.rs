//! Against the previous edition (`--previous FILE`): a record whose departments changed
//! without a 課名変更 (department renamed) marker. Records are matched by type and name
//! (indicator, item number, project name), spaces ignored; the first match wins.

use crate::model::{Document, MarkerKind, Record, TextField};

use super::{Check, Findings, Subject, record_name};

/// Reports department changes that no marker explains.
pub(super) fn check(document: &Document, previous: &Document, out: &mut Findings<'_>) {
    for record in &document.records {
        let Some(now) = departments(record) else { continue };
        let Some(before) =
            previous.records.iter().find(|old| same_record(old, record)).and_then(departments)
        else {
            continue;
        };
        let renamed =
            record.common().markers.iter().any(|m| m.kind == MarkerKind::DepartmentRenamed);
        if now.is_empty() || before.is_empty() || sorted(now) == sorted(before) || renamed {
            continue;
        }
        let (was, is) = (before.join("・"), now.join("・"));
        let subject = Subject::field(record, TextField::Departments, &is);
        out.push(
            Check::DepartmentChanged,
            &subject,
            format!(
                "the department of {:?} changed from {was} to {is} without a 課名変更 marker",
                record_name(record)
            ),
            format!(
                "「{}」の担当課が{was}から{is}に変わっていますが、課名変更の記載がありません",
                record_name(record)
            ),
        );
    }
}

fn departments(record: &Record) -> Option<&[String]> {
    match record {
        Record::Kpi(r) => Some(&r.departments),
        Record::Item(r) => Some(&r.departments),
        Record::Project(r) => Some(&r.departments),
        _ => None,
    }
}

fn sorted(names: &[String]) -> Vec<&str> {
    let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
    names.sort_unstable();
    names
}

fn key(record: &Record) -> String {
    let name = match record {
        Record::Item(item) => &item.number,
        other => record_name(other),
    };
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

fn same_record(old: &Record, new: &Record) -> bool {
    old.type_name() == new.type_name() && key(old) == key(new)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{document, kpi};
    use super::super::{Rules, validate_with_previous};
    use crate::model::{Marker, MarkerKind, Record};

    fn with_department(name: &str) -> Record {
        let mut record = kpi("k", 3, &[2020]);
        record.departments = vec![name.into()];
        Record::Kpi(record)
    }

    #[test]
    fn a_changed_department_needs_a_marker() {
        let before = document(vec![with_department("総務広報課")]);
        let after = document(vec![with_department("総務課")]);
        let found = validate_with_previous(&after, Some(&before), &Rules::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, "validate.department_changed");
        assert_eq!(found[0].raw.as_deref(), Some("総務課"));
        // Without a place of its own the change is reported at the record (3:1) …
        assert_eq!((found[0].provenance.line, found[0].provenance.col), (Some(3), Some(1)));
        // … and with one, at the 担当課 cell.
        let mut located = with_department("総務課");
        let at = crate::model::Location::text_line("t.txt".into(), 3, Some(11));
        located.common_mut().locate(crate::model::TextField::Departments, at);
        let found =
            validate_with_previous(&document(vec![located]), Some(&before), &Rules::default());
        assert_eq!((found[0].provenance.line, found[0].provenance.col), (Some(3), Some(11)));

        let mut marked = with_department("総務課");
        marked.common_mut().markers.push(Marker {
            kind: MarkerKind::DepartmentRenamed,
            raw: "課名変更".into(),
            to: None,
            from: None,
            partial: None,
            original: None,
            of: None,
        });
        let after = document(vec![marked]);
        assert!(validate_with_previous(&after, Some(&before), &Rules::default()).is_empty());
    }
}
