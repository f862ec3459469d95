//! Every problem an earlier stage recorded as a warning (or error) in `diagnostics` becomes a
//! finding under its own code, so nothing the extract stage could not understand is lost
//! silently. Era dates past an era's end or that never existed (H31.5.1) are errors under
//! [`Check::EraDateImpossible`].

use crate::model::{Diagnostic, Document, Location, Severity};

use super::{Check, Findings, Subject};

/// Diagnostic codes that mean an era date does not exist.
const IMPOSSIBLE_DATES: [&str; 2] = ["normalize.era_overflow", "normalize.era_impossible"];

/// Passes the document's warnings through as findings.
pub(super) fn check(document: &Document, out: &mut Findings<'_>) {
    let whole_file = Location::file(document.source.path.as_str());
    for diagnostic in &document.diagnostics {
        let at = diagnostic.provenance.as_ref().unwrap_or(&whole_file);
        let record = owner(document, at);
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

/// The id of the record a location belongs to: the record starting on that line or row.
fn owner<'a>(document: &'a Document, at: &Location) -> Option<&'a str> {
    let line = at.line.or(at.row)?;
    document
        .records
        .iter()
        .map(crate::model::Record::common)
        .find(|c| {
            c.provenance.sheet == at.sheet && c.provenance.line.or(c.provenance.row) == Some(line)
        })
        .map(|c| c.id.as_str())
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
