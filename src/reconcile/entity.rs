//! The things reconcile matches: the sections and the `kpi`, `item`, `project` and `measure`
//! records of one edition, each with its matching key and the facts used as evidence.
//!
//! A record whose name says 再掲 is left out: it re-lists another entity and is never a
//! second item (a 再掲 inside a field only re-lists that entry, not the record).
//! `table` and `budget` records are left out too: they have no name to follow.

use crate::model::{
    Document, EntityKind, EntityRef, Kpi, Marker, MarkerKind, Record, Section, Value,
};

use super::key::name_key;

/// A number with its unit, for value continuity.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Amount {
    /// The number.
    pub(crate) value: f64,
    /// The unit (absent for a bare number).
    pub(crate) unit: Option<String>,
    /// The year it belongs to, when known.
    pub(crate) year: Option<i32>,
    /// As printed.
    pub(crate) raw: String,
}

/// One section or record of one edition, ready to be matched.
#[derive(Debug, Clone)]
pub(crate) struct Entity {
    /// The reference written into the lineage.
    pub(crate) reference: EntityRef,
    /// The matching key of its name.
    pub(crate) key: String,
    /// OCR corrections applied to build the key.
    pub(crate) corrections: Vec<String>,
    /// The number of its section (`2(4)` for the section `2(4)#2`), or its own number.
    pub(crate) place: Option<String>,
    /// Its change markers.
    pub(crate) markers: Vec<Marker>,
    /// Yearly actuals (KPIs).
    pub(crate) actuals: Vec<Amount>,
    /// The baseline (KPIs).
    pub(crate) baseline: Option<Amount>,
}

impl Entity {
    /// The first marker of a kind.
    pub(crate) fn marker(&self, kind: MarkerKind) -> Option<&Marker> {
        self.markers.iter().find(|m| m.kind == kind)
    }

    /// The latest actual with a number.
    pub(crate) fn latest_actual(&self) -> Option<&Amount> {
        self.actuals.iter().filter(|a| a.year.is_some()).max_by_key(|a| a.year)
    }
}

/// The entities of `doc`, keeping only records of `phase` when one is given (sections are
/// shared by the editions of one document and are only taken when `phase` is `None`).
pub(crate) fn entities(doc: &Document, phase: Option<&str>) -> Vec<Entity> {
    let mut out = Vec::new();
    if phase.is_none() {
        out.extend(doc.sections.iter().map(section_entity));
    }
    for record in &doc.records {
        if phase.is_some() && record_phase(record) != phase {
            continue;
        }
        match record_entity(record) {
            // A name that says 再掲 re-lists another entity: never a second item.
            Some(entity) if !entity.reference.label.contains("再掲") => out.push(entity),
            _ => {}
        }
    }
    out
}

/// The edition of a record, for the record types that have one.
pub(crate) fn record_phase(record: &Record) -> Option<&str> {
    match record {
        Record::Kpi(k) => k.phase.as_deref(),
        Record::Measure(m) => m.phase.as_deref(),
        _ => None,
    }
}

/// The editions (`phase` values) a document holds, in order of their number.
pub(crate) fn phases(doc: &Document) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for record in &doc.records {
        if let Some(phase) = record_phase(record)
            && !found.iter().any(|p| p == phase)
        {
            found.push(phase.to_owned());
        }
    }
    found.sort_by_key(|p| (phase_number(p), p.clone()));
    found
}

/// The number of an edition label (`第3期` → 3).
pub(crate) fn phase_number(phase: &str) -> Option<u32> {
    phase.chars().filter(char::is_ascii_digit).collect::<String>().parse().ok()
}

/// The entity of a section.
fn section_entity(section: &Section) -> Entity {
    let label = section.title.clone().unwrap_or_default();
    let (key, corrections) = name_key(&label);
    Entity {
        reference: EntityRef {
            kind: EntityKind::Section,
            id: section.id.clone(),
            label,
            number: section.number.clone(),
            section: section.parent.clone(),
            phase: None,
            departments: Vec::new(),
            provenance: section.provenance.clone(),
        },
        key,
        corrections,
        place: Some(section_path(section)),
        markers: section.markers.clone(),
        actuals: Vec::new(),
        baseline: None,
    }
}

/// A section's place: its number path without collision suffixes (`2(4)#2/①` → `2(4)/①`).
fn section_path(section: &Section) -> String {
    strip_collision(&section.id)
}

/// Removes `#2` collision suffixes from a section id.
pub(crate) fn strip_collision(id: &str) -> String {
    id.split('/').map(|part| part.split('#').next().unwrap_or(part)).collect::<Vec<_>>().join("/")
}

/// The entity of a record, or `None` for record types that are not matched.
fn record_entity(record: &Record) -> Option<Entity> {
    let (kind, label, number, departments) = match record {
        Record::Kpi(k) => (EntityKind::Kpi, k.indicator.clone(), None, k.departments.clone()),
        Record::Item(i) => (
            EntityKind::Item,
            i.name.clone().unwrap_or_default(),
            Some(i.number.clone()),
            i.departments.clone(),
        ),
        Record::Project(p) => {
            (EntityKind::Project, p.name.clone(), p.codes.first().cloned(), p.departments.clone())
        }
        Record::Measure(m) => {
            (EntityKind::Measure, m.title.clone(), m.number.clone(), m.departments.clone())
        }
        Record::Budget(_) | Record::Table(_) => return None,
    };
    let common = record.common();
    let (key, corrections) = name_key(&label);
    let section_place = common.section.as_deref().map(strip_collision);
    let place = match kind {
        EntityKind::Item | EntityKind::Project => number.clone().or(section_place),
        _ => section_place,
    };
    let (actuals, baseline) = match record {
        Record::Kpi(k) => kpi_amounts(k),
        _ => (Vec::new(), None),
    };
    Some(Entity {
        reference: EntityRef {
            kind,
            id: common.id.clone(),
            label,
            number,
            section: common.section.clone(),
            phase: record_phase(record).map(str::to_owned),
            departments,
            provenance: common.provenance.clone(),
        },
        key,
        corrections,
        place,
        markers: common.markers.clone(),
        actuals,
        baseline,
    })
}

/// The actuals and the baseline of a KPI as numbers.
fn kpi_amounts(kpi: &Kpi) -> (Vec<Amount>, Option<Amount>) {
    let actuals = kpi
        .actuals
        .iter()
        .filter_map(|a| amount(&a.value).map(|x| Amount { year: Some(a.year), ..x }))
        .collect();
    (actuals, kpi.baseline.as_ref().and_then(amount))
}

/// A value's number, unit and year, when it has a number.
pub(crate) fn amount(value: &Value) -> Option<Amount> {
    if value.is_missing() {
        return None;
    }
    Some(Amount {
        value: value.value?,
        unit: value.unit.clone(),
        year: value.year,
        raw: value.raw.clone(),
    })
}
