//! Validate stage: [`Document`] → [`Vec<Finding>`] for a department's filled-in sheet, before a
//! planning office merges it (issue #6).
//!
//! Takes a converted document and the office's [`Rules`]; returns the findings, each with a
//! stable code ([`Check`]), a severity, an English and a Japanese message, the offending
//! cell's provenance and raw text, the record id and the record's departments (担当課). It
//! never changes the document and never prints: the report files are rendered by
//! [`crate::emit`] (HTML, annotated .xlsx) from a [`crate::model::Report`], and the CLI writes
//! them and the terminal summary.
//!
//! The checks, one file each:
//!
//! * `values.rs` — per KPI: an actual written as prose, units or scales that disagree, a
//!   value ×10/×1000 off its neighbours, years out of order, duplicated or outside the phase.
//! * `grades.rs` — printed grades against the grade the legend gives from target, actual
//!   (and baseline), under the reading (ratio or progress) the document's own grades follow.
//! * `structure.rs` — required fields, departments outside the configured list (with a
//!   did-you-mean), duplicate KPIs / item numbers / project codes, moves to a section that
//!   does not exist, 再掲 (re-listings) that point nowhere.
//! * `previous.rs` — against the previous edition: departments that changed without a
//!   課名変更 marker.
//! * `conflicts.rs` — the same KPI printed in two places with values that disagree.
//! * `sums.rs` — totals and differences the document states (`合計` rows and columns, `増減`
//!   rows, a summary table's `5か年効果額` against the items' yearly amounts), recomputed.
//! * `approx.rs` — amounts stated in words (`約 15 億 7 千万円 (A)`) against the table they
//!   title, and `(A) + (B)` against the tables so labelled.
//! * `counts.rs` — grade-count tables against their sub-sections' rows and against the KPI
//!   records they count.
//! * `repeats.rs` — a phrase doubled inside a cell, a list item given twice, a table, row or
//!   field that repeats an earlier one.
//! * `prose.rs` — a change stated in running text (`891人→1,202人、311人増（約1.5倍）`)
//!   recomputed: the difference and the ratio must follow from the printed numbers.
//! * `narrative.rs` — an indicator's change stated in running text
//!   (`新規営農法人設立数が35法人増加`) against its KPI record's series.
//! * `budgets.rs` — budget years printed without an amount: not provided, never zero.
//! * `tables.rs` — shared by the cross-checks: printed numbers with the rounding they allow,
//!   total and difference labels, the printed tables of a document.
//! * `passthrough.rs` — every warning the earlier stages left in `diagnostics` (impossible era
//!   dates become errors): nothing they could not understand is lost silently.

mod approx;
mod budgets;
mod conflicts;
mod counts;
mod grades;
mod narrative;
mod passthrough;
mod previous;
mod prose;
mod repeats;
mod rules;
mod structure;
mod sums;
mod tables;
mod values;

use crate::model::{Document, Finding, Location, Record, Severity, TextField, Value};

pub use rules::{DEFAULT_RULES, Legend, LegendStep, Level, Reading, Rules};

/// The stage's options are the office's rules.
pub type ValidateOptions = Rules;

/// Why validation could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ValidateError {
    /// The rules file is not valid TOML or has unknown keys.
    #[error("rules file: {0}")]
    RulesSyntax(String),
    /// The rules file is valid TOML but says something impossible.
    #[error("rules file: {0}")]
    RulesInvalid(String),
}

impl ValidateError {
    /// A stable code for the error.
    pub fn code(&self) -> &'static str {
        match self {
            ValidateError::RulesSyntax(_) => "validate.rules_syntax",
            ValidateError::RulesInvalid(_) => "validate.rules_invalid",
        }
    }
}

/// The checks, each with a stable code and a default severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Check {
    /// A value that must be a number is prose.
    NotNumeric,
    /// Units or scales disagree within one KPI.
    UnitMismatch,
    /// A year's value is ×10 or more off its neighbours.
    MagnitudeJump,
    /// A required field is empty.
    RequiredEmpty,
    /// Years out of order.
    YearOrder,
    /// A year given twice.
    YearDuplicate,
    /// A year outside the plan's period.
    YearOutsidePeriod,
    /// An era date that does not exist (H31.5.1).
    EraDateImpossible,
    /// The printed grade disagrees with the legend.
    GradeMismatch,
    /// A department not in the configured list.
    UnknownDepartment,
    /// The same KPI twice in one section and phase.
    DuplicateKpi,
    /// The same item number twice.
    DuplicateItem,
    /// The same project code twice.
    DuplicateProjectCode,
    /// A move to a section that does not exist.
    MoveTargetMissing,
    /// A 再掲 whose original cannot be found.
    RelistedDangling,
    /// A department that changed since the previous edition without a 課名変更 marker.
    DepartmentChanged,
    /// The same KPI in two places with values that disagree for the same year or field.
    ConflictingDuplicate,
    /// A stated total or difference that is not what its parts give.
    SumMismatch,
    /// A grade-count table that disagrees with the KPI records it counts.
    CountMismatch,
    /// A phrase printed twice back to back inside one cell.
    DuplicatePhrase,
    /// The same item twice in one list cell.
    DuplicateListItem,
    /// A table, row or field that repeats an earlier one word for word.
    DuplicateRow,
    /// A budget year printed without an amount (not provided, never zero).
    NotProvided,
    /// A change stated in running text (`891人→1,202人、311人増（約1.5倍）`) that does not add up.
    NarrativeArithmetic,
    /// A change of an indicator stated in running text that its KPI record does not show.
    NarrativeMismatch,
}

impl Check {
    /// Every check, for documentation and tests.
    pub const ALL: [Check; 25] = [
        Check::NotNumeric,
        Check::UnitMismatch,
        Check::MagnitudeJump,
        Check::RequiredEmpty,
        Check::YearOrder,
        Check::YearDuplicate,
        Check::YearOutsidePeriod,
        Check::EraDateImpossible,
        Check::GradeMismatch,
        Check::UnknownDepartment,
        Check::DuplicateKpi,
        Check::DuplicateItem,
        Check::DuplicateProjectCode,
        Check::MoveTargetMissing,
        Check::RelistedDangling,
        Check::DepartmentChanged,
        Check::ConflictingDuplicate,
        Check::SumMismatch,
        Check::CountMismatch,
        Check::DuplicatePhrase,
        Check::DuplicateListItem,
        Check::DuplicateRow,
        Check::NotProvided,
        Check::NarrativeArithmetic,
        Check::NarrativeMismatch,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Check::NotNumeric => "validate.not_numeric",
            Check::UnitMismatch => "validate.unit_mismatch",
            Check::MagnitudeJump => "validate.magnitude_jump",
            Check::RequiredEmpty => "validate.required_empty",
            Check::YearOrder => "validate.year_order",
            Check::YearDuplicate => "validate.year_duplicate",
            Check::YearOutsidePeriod => "validate.year_outside_period",
            Check::EraDateImpossible => "validate.era_date_impossible",
            Check::GradeMismatch => "validate.grade_mismatch",
            Check::UnknownDepartment => "validate.unknown_department",
            Check::DuplicateKpi => "validate.duplicate_kpi",
            Check::DuplicateItem => "validate.duplicate_item",
            Check::DuplicateProjectCode => "validate.duplicate_project_code",
            Check::MoveTargetMissing => "validate.move_target_missing",
            Check::RelistedDangling => "validate.relisted_dangling",
            Check::DepartmentChanged => "validate.department_changed",
            Check::ConflictingDuplicate => "validate.conflicting_duplicate",
            Check::SumMismatch => "validate.sum_mismatch",
            Check::CountMismatch => "validate.count_mismatch",
            Check::DuplicatePhrase => "validate.duplicate_phrase",
            Check::DuplicateListItem => "validate.duplicate_list_item",
            Check::DuplicateRow => "validate.duplicate_row",
            Check::NotProvided => "validate.not_provided",
            Check::NarrativeArithmetic => "validate.narrative_arithmetic",
            Check::NarrativeMismatch => "validate.narrative_mismatch",
        }
    }

    /// The severity unless the rules override it.
    pub fn default_severity(self) -> Severity {
        match self {
            Check::MagnitudeJump
            | Check::YearOutsidePeriod
            | Check::RelistedDangling
            | Check::DepartmentChanged
            | Check::DuplicatePhrase
            | Check::DuplicateListItem
            | Check::NarrativeArithmetic
            | Check::NarrativeMismatch => Severity::Warning,
            Check::DuplicateRow | Check::NotProvided => Severity::Info,
            _ => Severity::Error,
        }
    }
}

/// Runs every check on one document.
pub fn validate(document: &Document, rules: &Rules) -> Vec<Finding> {
    validate_with_previous(document, None, rules)
}

/// Runs every check on one document, and, given the previous edition, the checks against it.
pub fn validate_with_previous(
    document: &Document,
    previous: Option<&Document>,
    rules: &Rules,
) -> Vec<Finding> {
    let mut out = Findings { rules, list: Vec::new() };
    if let Some(previous) = previous {
        previous::check(document, previous, &mut out);
    }
    values::check(document, &mut out);
    grades::check(document, &mut out);
    structure::check(document, &mut out);
    conflicts::check(document, &mut out);
    sums::check(document, &mut out);
    approx::check(document, &mut out);
    counts::check(document, &mut out);
    repeats::check(document, &mut out);
    prose::check(document, &mut out);
    narrative::check(document, &mut out);
    budgets::check(document, &mut out);
    passthrough::check(document, &mut out);
    let mut list = out.list;
    attach_departments(document, &mut list);
    list.sort_by(|a, b| {
        position(&a.provenance).cmp(&position(&b.provenance)).then_with(|| a.code.cmp(&b.code))
    });
    list
}

/// Gives each finding the departments of its record, so reports can be split by department.
fn attach_departments(document: &Document, findings: &mut [Finding]) {
    let by_id: std::collections::HashMap<&str, &[String]> =
        document.records.iter().map(|r| (r.common().id.as_str(), r.departments())).collect();
    for finding in findings {
        if let Some(departments) = finding.record.as_deref().and_then(|id| by_id.get(id)) {
            finding.departments = departments.to_vec();
        }
    }
}

/// A sort key for a location: sheet, then row or line, then column.
fn position(at: &Location) -> (Option<&str>, u32, u32) {
    (at.sheet.as_deref(), at.row.or(at.line).unwrap_or(0), at.col.unwrap_or(0))
}

/// The findings being collected, with the rules that set their severities.
struct Findings<'a> {
    rules: &'a Rules,
    list: Vec<Finding>,
}

/// What a finding is about: its place, raw text and record.
struct Subject<'a> {
    at: &'a Location,
    raw: Option<&'a str>,
    record: Option<&'a str>,
}

impl<'a> Subject<'a> {
    /// A Value of a record: the Value's own provenance when it has one.
    fn value(record: &'a Record, value: &'a Value) -> Self {
        Self::part(record, value.provenance.as_deref(), &value.raw)
    }

    /// A part of a record read at `at` (a Value, a measure's field, an item's yearly result,
    /// a budget role, a located string field), with its text: the part's own place when it
    /// has one, else the record's first cell (a document written before parts carried their
    /// provenance, or a field not read from a cell of its own).
    fn part(record: &'a Record, at: Option<&'a Location>, raw: &'a str) -> Self {
        let common = record.common();
        Self { at: at.unwrap_or(&common.provenance), raw: Some(raw), record: Some(&common.id) }
    }

    /// A plain-string field of a record (its 担当課, 内容, 備考 …), with the text the finding
    /// is about: where the field was read (`field_provenance`), else the record's first cell.
    fn field(record: &'a Record, field: TextField, raw: &'a str) -> Self {
        Self::part(record, record.common().located(field), raw)
    }

    /// A whole record.
    fn record(record: &'a Record) -> Self {
        let common = record.common();
        Self { at: &common.provenance, raw: None, record: Some(&common.id) }
    }
}

impl Findings<'_> {
    /// Adds a finding of one of the stage's own checks.
    fn push(&mut self, check: Check, subject: &Subject<'_>, message: String, message_ja: String) {
        self.push_code(check.code(), check.default_severity(), subject, message, message_ja);
    }

    /// Adds a finding under any code, applying the rules' severity override.
    fn push_code(
        &mut self,
        code: &str,
        default: Severity,
        subject: &Subject<'_>,
        message: String,
        message_ja: String,
    ) {
        let severity = match self.rules.severity.get(code) {
            None => default,
            Some(Level::Off) => return,
            Some(Level::Error) => Severity::Error,
            Some(Level::Warning) => Severity::Warning,
            Some(Level::Info) => Severity::Info,
        };
        self.list.push(Finding {
            code: code.to_owned(),
            severity,
            message,
            message_ja,
            provenance: subject.at.clone(),
            raw: subject.raw.map(str::to_owned),
            record: subject.record.map(str::to_owned),
            departments: Vec::new(),
        });
    }
}

/// The number a Value holds, when it is a number of some kind and not a placeholder.
fn number(value: &Value) -> Option<f64> {
    use crate::model::ValueKind::{Money, Number, Percent, Quantity};
    if value.is_missing() || !matches!(value.kind, Number | Quantity | Percent | Money) {
        return None;
    }
    value.value.filter(|n| n.is_finite())
}

/// A record's name for messages (indicator, item number, project name …).
fn record_name(record: &Record) -> &str {
    match record {
        Record::Kpi(k) => &k.indicator,
        Record::Item(i) => i.name.as_deref().unwrap_or(&i.number),
        Record::Project(p) => &p.name,
        Record::Budget(b) => &b.name,
        Record::Measure(m) => &m.title,
        Record::Table(t) => t.title.as_deref().unwrap_or(""),
    }
}

/// Builders for the unit tests of the checks.
#[cfg(test)]
mod testing {
    use crate::model::{
        Document, Kpi, Location, Record, RecordCommon, SourceFormat, SourceInfo, Value, ValueKind,
        YearValue,
    };

    /// An empty text document named `t.txt`.
    pub(super) fn document(records: Vec<Record>) -> Document {
        let mut document = Document::new(SourceInfo {
            path: "t.txt".into(),
            format: SourceFormat::Text,
            encoding: None,
            sha256: "0".repeat(64),
            bytes: 0,
            sheets: Vec::new(),
        });
        document.records = records;
        document
    }

    /// Common fields of a record starting on `line`.
    pub(super) fn common(id: &str, line: u32) -> RecordCommon {
        RecordCommon {
            id: id.into(),
            provenance: Location::text_line("t.txt".into(), line, Some(1)),
            ..RecordCommon::default()
        }
    }

    /// A quantity Value at `line:col`.
    pub(super) fn quantity(raw: &str, n: f64, unit: &str, line: u32, col: u32) -> Value {
        Value {
            raw: raw.into(),
            text: raw.into(),
            kind: ValueKind::Quantity,
            value: Some(n),
            unit: Some(unit.into()),
            ..Value::default()
        }
        .at(Location::text_line("t.txt".into(), line, Some(col)))
    }

    /// A KPI with actuals for the given years.
    pub(super) fn kpi(id: &str, line: u32, years: &[i32]) -> Kpi {
        let actuals = years
            .iter()
            .zip(4u32..)
            .map(|(&year, col)| YearValue {
                year,
                fiscal: true,
                value: quantity("5件", 5.0, "件", line, col),
            })
            .collect();
        Kpi {
            common: common(id, line), indicator: format!("指標{id}"), actuals, ..Kpi::default()
        }
    }
}
