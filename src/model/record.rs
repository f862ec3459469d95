//! [`Record`]: one element of a document's `records` (output contract §3), and the change
//! [`Marker`]s seen on it (§4).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Location, Value};

/// Fields every record has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RecordCommon {
    /// Stable within the document.
    pub id: String,
    /// The id of the section the record belongs to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub section: Option<String>,
    /// Where the record starts.
    pub provenance: Location,
    /// Change markers seen on the record.
    #[serde(default)]
    pub markers: Vec<Marker>,
    /// Where the record's plain-string fields were read, keyed by the field's JSON name (see
    /// [`TextField`]: `departments`, `description`, `remarks`, an item's `name`): the first
    /// cell of the field's text. A field that was not read from a cell (an item's name taken
    /// from the table of contents) is not listed, nor
    /// are the names that are the record's first cell (a KPI's `indicator`, a project's or
    /// budget's `name`: see `provenance`). Empty in documents written before fields carried
    /// their provenance.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub field_provenance: BTreeMap<String, Location>,
}

/// A plain-string field of a record that can have a place of its own in
/// [`RecordCommon::field_provenance`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    /// `departments` (担当課) of a KPI, item, project or measure.
    Departments,
    /// `description`: an item's 内容・目標等, a project's 事業概要, a budget's 事業の目的と概要.
    Description,
    /// `remarks`: a project's 備考.
    Remarks,
    /// `name`: an item's 項目名.
    Name,
}

impl TextField {
    /// The field's name in JSON, the key of [`RecordCommon::field_provenance`].
    pub fn json_name(self) -> &'static str {
        match self {
            TextField::Departments => "departments",
            TextField::Description => "description",
            TextField::Remarks => "remarks",
            TextField::Name => "name",
        }
    }
}

impl RecordCommon {
    /// Notes that `field` was read at `at`, the first cell of its text (replacing an earlier
    /// place, as the field's text is replaced).
    pub fn locate(&mut self, field: TextField, at: Location) {
        self.field_provenance.insert(field.json_name().to_owned(), at);
    }

    /// [`RecordCommon::locate`] for a field that may not have been read from a cell.
    #[must_use]
    pub fn with_field(mut self, field: TextField, at: Option<Location>) -> Self {
        if let Some(at) = at {
            self.locate(field, at);
        }
        self
    }

    /// Where `field` was read, when it was read from a cell of its own.
    pub fn located(&self, field: TextField) -> Option<&Location> {
        self.field_provenance.get(field.json_name())
    }
}

/// One record of a document, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[expect(
    clippy::large_enum_variant,
    reason = "records are built once and moved a few times; boxing would burden every match"
)]
pub enum Record {
    /// An indicator (KPI or 数値目標).
    Kpi(Kpi),
    /// An action-plan item.
    Item(Item),
    /// A project (事業).
    Project(Project),
    /// A budget card.
    Budget(Budget),
    /// A policy measure (施策, 具体的な施策) as labelled text.
    Measure(Measure),
    /// Any other table.
    Table(Table),
}

impl Record {
    /// The fields every record has.
    pub fn common(&self) -> &RecordCommon {
        match self {
            Record::Kpi(r) => &r.common,
            Record::Item(r) => &r.common,
            Record::Project(r) => &r.common,
            Record::Budget(r) => &r.common,
            Record::Measure(r) => &r.common,
            Record::Table(r) => &r.common,
        }
    }

    /// The fields every record has, mutably.
    pub fn common_mut(&mut self) -> &mut RecordCommon {
        match self {
            Record::Kpi(r) => &mut r.common,
            Record::Item(r) => &mut r.common,
            Record::Project(r) => &mut r.common,
            Record::Budget(r) => &mut r.common,
            Record::Measure(r) => &mut r.common,
            Record::Table(r) => &mut r.common,
        }
    }

    /// The departments in charge (担当課) as printed; empty for budgets and tables, which
    /// have none.
    pub fn departments(&self) -> &[String] {
        match self {
            Record::Kpi(r) => &r.departments,
            Record::Item(r) => &r.departments,
            Record::Project(r) => &r.departments,
            Record::Measure(r) => &r.departments,
            Record::Budget(_) | Record::Table(_) => &[],
        }
    }

    /// Where the record's parts were read, in the order the record keeps them: its Values
    /// (table cells included) and its text parts (a measure's fields, an item's results, a
    /// project's KPIs, a budget's roles), then its located string fields
    /// ([`RecordCommon::field_provenance`], by field name). Parts without a place of their
    /// own are left out.
    pub fn part_locations(&self) -> Vec<&Location> {
        let mut out: Vec<Option<&Location>> = Vec::new();
        match self {
            Record::Kpi(k) => {
                out.push(value_location(k.baseline.as_ref()));
                for list in [&k.actuals, &k.targets, &k.progress] {
                    out.extend(list.iter().map(|y| value_location(Some(&y.value))));
                }
                out.extend([&k.target, &k.grade].map(|v| value_location(v.as_ref())));
            }
            Record::Item(i) => {
                out.extend(i.results.iter().map(|r| r.provenance.as_deref()));
                out.extend(i.effects.iter().map(|y| value_location(Some(&y.value))));
            }
            Record::Project(p) => {
                for kpi in &p.kpis {
                    out.push(kpi.provenance.as_deref());
                    out.extend([&kpi.target, &kpi.actual].map(|v| value_location(v.as_ref())));
                }
            }
            Record::Budget(b) => {
                out.extend(b.amounts.iter().map(|y| value_location(Some(&y.value))));
                out.extend(b.roles.iter().map(|r| r.provenance.as_deref()));
            }
            Record::Measure(m) => out.extend(m.fields.iter().map(|f| f.provenance.as_deref())),
            Record::Table(t) => {
                out.extend(t.header.iter().map(|v| v.provenance.as_deref()));
                out.extend(t.rows.iter().flatten().flatten().map(|v| v.provenance.as_deref()));
            }
        }
        out.extend(self.common().field_provenance.values().map(Some));
        out.into_iter().flatten().collect()
    }

    /// The record's `type` as written in JSON.
    pub fn type_name(&self) -> &'static str {
        match self {
            Record::Kpi(_) => "kpi",
            Record::Item(_) => "item",
            Record::Project(_) => "project",
            Record::Budget(_) => "budget",
            Record::Measure(_) => "measure",
            Record::Table(_) => "table",
        }
    }
}

/// Where a Value, if any, was read.
fn value_location(value: Option<&Value>) -> Option<&Location> {
    value?.provenance.as_deref()
}

/// A value for one year: an actual, a yearly target, a grade, an amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearValue {
    /// Gregorian year.
    pub year: i32,
    /// True for a fiscal year (年度).
    pub fiscal: bool,
    /// The value.
    pub value: Value,
}

/// An indicator: a KPI (重要業績評価指標) or a 数値目標 (numerical goal).
#[doc(alias = "重要業績評価指標")]
#[doc(alias = "数値目標")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Kpi {
    /// Common fields.
    #[serde(flatten)]
    pub common: RecordCommon,
    /// The name as printed.
    pub indicator: String,
    /// `数値目標` or `KPI`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub level: Option<String>,
    /// The plan edition (`第2期`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub phase: Option<String>,
    /// The baseline (基準値).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub baseline: Option<Value>,
    /// Yearly actuals (実績).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub actuals: Vec<YearValue>,
    /// Yearly targets, when given per year.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub targets: Vec<YearValue>,
    /// The final target (目標値).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target: Option<Value>,
    /// Yearly grades (進捗度).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub progress: Vec<YearValue>,
    /// The overall grade (評価).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub grade: Option<Value>,
    /// Departments in charge (担当課).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub departments: Vec<String>,
    /// Notes printed with the indicator (`(次回調査R1)`, `※アンケート調査3年に1回実施`), as
    /// normalized text, in printed order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
}

/// The result text of one year of an action-plan item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    /// Gregorian year.
    pub year: i32,
    /// True for a fiscal year.
    pub fiscal: bool,
    /// The result as printed (normalized text).
    pub text: String,
    /// Where the result was read: the first cell of its text (a result spread over several
    /// cells of its year row starts at the first). Absent in documents written before parts
    /// carried their own provenance.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub provenance: Option<Box<Location>>,
}

impl ItemResult {
    /// The result of one year, read at `at`.
    pub fn new(year: i32, fiscal: bool, text: String, at: Location) -> Self {
        Self { year, fiscal, text, provenance: Some(Box::new(at)) }
    }
}

/// An action-plan item (実施項目).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Item {
    /// Common fields.
    #[serde(flatten)]
    pub common: RecordCommon,
    /// `No.18`.
    pub number: String,
    /// 項目名.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<String>,
    /// 担当課.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub departments: Vec<String>,
    /// 内容・目標等.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// Yearly results.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub results: Vec<ItemResult>,
    /// Yearly effect amounts (年次効果額).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub effects: Vec<YearValue>,
}

/// One KPI of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ProjectKpi {
    /// The KPI name.
    pub name: String,
    /// Its unit column.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// 目標値.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target: Option<Value>,
    /// The actual.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub actual: Option<Value>,
    /// The year of the actual.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub actual_year: Option<i32>,
    /// Where the KPI's name was read. Absent in documents written before parts carried their
    /// own provenance.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub provenance: Option<Box<Location>>,
}

/// A project (事業).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Project {
    /// Common fields.
    #[serde(flatten)]
    pub common: RecordCommon,
    /// 事業名.
    pub name: String,
    /// 事務事業番号, several when several are printed.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub codes: Vec<String>,
    /// 担当課.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub departments: Vec<String>,
    /// 事業概要.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// The project's KPIs.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub kpis: Vec<ProjectKpi>,
    /// 備考.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub remarks: Option<String>,
}

/// One party's duties in a budget card (役割分担).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// Who (久留米市, 連携市町).
    pub party: String,
    /// What they do.
    pub text: String,
    /// Where the duty was read: its cell. Absent in documents written before parts carried
    /// their own provenance.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub provenance: Option<Box<Location>>,
}

impl Role {
    /// One duty of a party, read at `at`.
    pub fn new(party: String, text: String, at: Location) -> Self {
        Self { party, text, provenance: Some(Box::new(at)) }
    }
}

/// A budget card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Budget {
    /// Common fields.
    #[serde(flatten)]
    pub common: RecordCommon,
    /// The sequence number.
    pub number: String,
    /// The project name.
    pub name: String,
    /// 事業の目的と概要.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// 事業費 per year.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub amounts: Vec<YearValue>,
    /// 役割分担.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub roles: Vec<Role>,
    /// 関係市町.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub municipalities: Vec<String>,
}

/// A labelled text field of a measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelledText {
    /// The label printed above or beside it (施策の概要, 主な取組, 総括 …).
    pub label: String,
    /// The text.
    pub text: String,
    /// Where the text was read: the first cell holding it (a field continued on the lines
    /// below its first starts there). Absent in documents written before parts carried their
    /// own provenance.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub provenance: Option<Box<Location>>,
}

impl LabelledText {
    /// A field read at `at` (the first cell of its text).
    pub fn new(label: impl Into<String>, text: String, at: Location) -> Self {
        Self { label: label.into(), text, provenance: Some(Box::new(at)) }
    }
}

/// A policy measure as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Measure {
    /// Common fields.
    #[serde(flatten)]
    pub common: RecordCommon,
    /// `①`, `(1)`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub number: Option<String>,
    /// The title.
    pub title: String,
    /// The plan edition.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub phase: Option<String>,
    /// 担当課.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub departments: Vec<String>,
    /// Labelled fields in printed order.
    #[serde(default)]
    pub fields: Vec<LabelledText>,
}

/// Any other table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Table {
    /// Common fields.
    #[serde(flatten)]
    pub common: RecordCommon,
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// The header cells.
    #[serde(default)]
    pub header: Vec<Value>,
    /// The rows; an empty cell is `null` so that columns stay aligned.
    #[serde(default)]
    pub rows: Vec<Vec<Option<Value>>>,
}

/// What a change marker says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerKind {
    /// 移動: moved to (or from) another section.
    Moved,
    /// 削除, 削減: deleted in the new edition.
    Deleted,
    /// 新規, 追加: new.
    New,
    /// 再掲: re-listed; a reference, not a second item.
    Relisted,
    /// 課名変更.
    DepartmentRenamed,
    /// KPI変更.
    KpiChanged,
    /// 事業内容変更.
    ContentChanged,
    /// 事業休止.
    Suspended,
}

/// A change marker seen on a record or section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marker {
    /// What it says.
    pub kind: MarkerKind,
    /// The marker as printed.
    pub raw: String,
    /// Target section of a move.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub to: Option<String>,
    /// Source section of a move.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub from: Option<String>,
    /// For a partial move (一部移動).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub partial: Option<bool>,
    /// The original of a re-listing, when named.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub of: Option<String>,
    /// The id of the record a re-listing repeats, when reconcile found it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub original: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_keeps_its_provenance_and_reads_without_it() {
        let at = Location::text_line("a.txt".into(), 30, Some(2));
        let field = LabelledText::new("総括", "本文".into(), at.clone());
        let json = serde_json::to_value(&field).unwrap();
        assert_eq!(
            json["provenance"],
            serde_json::json!({ "file": "a.txt", "line": 30, "col": 2 })
        );
        assert_eq!(serde_json::from_value::<LabelledText>(json).unwrap(), field);
        // Documents written before parts carried their provenance still read.
        let old: ItemResult =
            serde_json::from_str(r#"{"year": 2023, "fiscal": true, "text": "実施"}"#).unwrap();
        assert_eq!(old.provenance, None);
        let unplaced = serde_json::to_string(&old).unwrap();
        assert!(!unplaced.contains("provenance"), "{unplaced}");
    }

    #[test]
    fn a_string_field_keeps_its_provenance_and_reads_without_it() {
        let at = Location::text_line("a.txt".into(), 14, Some(11));
        let common = RecordCommon::default()
            .with_field(TextField::Departments, Some(at.clone()))
            .with_field(TextField::Remarks, None);
        assert_eq!(common.located(TextField::Departments), Some(&at));
        assert_eq!(common.located(TextField::Remarks), None);
        let json = serde_json::to_value(&common).unwrap();
        assert_eq!(
            json["field_provenance"],
            serde_json::json!({ "departments": { "file": "a.txt", "line": 14, "col": 11 } })
        );
        assert_eq!(serde_json::from_value::<RecordCommon>(json).unwrap(), common);
        // Without a located field there is no key, and older documents still read.
        let plain = serde_json::to_string(&RecordCommon::default()).unwrap();
        assert!(!plain.contains("field_provenance"), "{plain}");
        let old: RecordCommon = serde_json::from_str(
            r#"{"id": "kpi-1", "provenance": {"file": "a.txt", "line": 14}, "markers": []}"#,
        )
        .unwrap();
        assert!(old.field_provenance.is_empty());
    }

    #[test]
    fn part_locations_list_values_and_text_parts() {
        let at = |line| Location::text_line("a.txt".into(), line, Some(2));
        let item = Item {
            results: vec![ItemResult::new(2023, true, "実施".into(), at(9))],
            effects: vec![YearValue {
                year: 2023,
                fiscal: true,
                value: Value::text("1", "1").at(at(10)),
            }],
            common: RecordCommon::default().with_field(TextField::Description, Some(at(7))),
            ..Item::default()
        };
        let lines: Vec<Option<u32>> =
            Record::Item(item).part_locations().iter().map(|l| l.line).collect();
        assert_eq!(lines, [Some(9), Some(10), Some(7)]);
    }
}
