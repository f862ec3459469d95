//! Several editions of one plan → one series per KPI across all years.
//!
//! The editions are taken in the order given (a document printing several editions gives
//! one per `phase`, oldest first); each consecutive pair is reconciled, and the KPI links
//! chain records into lineages. A lineage's key is the section number and normalized name
//! of its latest record; its observations are the baselines, actuals and targets of all its
//! records, by year, each with its edition, record and provenance.

use std::collections::BTreeMap;

use crate::model::{
    Document, Edition, EntityKind, Kpi, LinkStatus, Observation, Record, Series, SeriesName,
    TIMELINE_SCHEMA_ID, Timeline, Value,
};

use super::key::name_key;
use super::{ReconcileError, ReconcileOptions, editions_of, reconcile};

/// One KPI of one edition: the edition's index and the record.
type Member<'a> = (usize, &'a Kpi);

/// Chains the KPIs of several editions into series (see the module docs).
pub fn timeline(docs: &[Document], opts: &ReconcileOptions) -> Result<Timeline, ReconcileError> {
    let editions: Vec<(&Document, Option<String>)> =
        docs.iter().flat_map(|d| editions_of(d).into_iter().map(move |p| (d, p))).collect();
    if editions.is_empty() {
        return Err(ReconcileError::NoEditions);
    }
    let mut chains: Vec<Vec<(Member<'_>, Option<LinkStatus>)>> = Vec::new();
    let mut diagnostics = Vec::new();
    // Chain index of each KPI of the previous edition, by record id.
    let mut previous: BTreeMap<String, usize> = BTreeMap::new();
    for (index, (doc, phase)) in editions.iter().enumerate() {
        let links = match index.checked_sub(1).and_then(|p| editions.get(p)) {
            Some((old_doc, old_phase)) => {
                let opts = opts.clone().phases(old_phase.clone(), phase.clone());
                let lineage = reconcile(old_doc, doc, &opts);
                diagnostics.extend(lineage.diagnostics);
                lineage.links
            }
            None => Vec::new(),
        };
        let mut current = BTreeMap::new();
        for kpi in kpis(doc, phase.as_deref()) {
            let link =
                links.iter().find(|l| l.new.kind == EntityKind::Kpi && l.new.id == kpi.common.id);
            let chain = link.and_then(|l| previous.get(&l.old.id).copied());
            let at = match chain {
                Some(at) if chains.get(at).is_some() => at,
                _ => {
                    chains.push(Vec::new());
                    chains.len() - 1
                }
            };
            if let Some(members) = chains.get_mut(at) {
                members.push(((index, kpi), link.map(|l| l.status)));
            }
            current.insert(kpi.common.id.clone(), at);
        }
        previous = current;
    }
    let series = keyed(chains.iter().map(|c| series_of(c)).collect());
    let editions = editions
        .into_iter()
        .map(|(doc, phase)| Edition { source: doc.source.clone(), phase })
        .collect();
    Ok(Timeline { schema: TIMELINE_SCHEMA_ID.to_owned(), editions, series, diagnostics })
}

/// The KPI records of one edition.
fn kpis<'a>(doc: &'a Document, phase: Option<&'a str>) -> impl Iterator<Item = &'a Kpi> {
    doc.records.iter().filter_map(move |r| match r {
        Record::Kpi(k) if phase.is_none() || k.phase.as_deref() == phase => Some(k),
        _ => None,
    })
}

/// The series of one chain of linked KPIs.
fn series_of(chain: &[(Member<'_>, Option<LinkStatus>)]) -> Series {
    let mut years: BTreeMap<i32, Vec<Observation>> = BTreeMap::new();
    let mut undated = Vec::new();
    let mut names = Vec::new();
    for ((edition, kpi), status) in chain {
        names.push(SeriesName {
            edition: *edition,
            record: kpi.common.id.clone(),
            indicator: kpi.indicator.clone(),
            section: kpi.common.section.clone(),
            departments: kpi.departments.clone(),
            status: *status,
        });
        for (series, year, fiscal, value) in observations(kpi) {
            let observation = Observation {
                series: series.to_owned(),
                edition: *edition,
                record: kpi.common.id.clone(),
                fiscal,
                value: value.clone(),
                provenance: value.provenance.as_deref().unwrap_or(&kpi.common.provenance).clone(),
            };
            match year {
                Some(year) => years.entry(year).or_default().push(observation),
                None => undated.push(observation),
            }
        }
    }
    let key = chain.last().map_or_else(String::new, |((_, kpi), _)| {
        let place = kpi.common.section.as_deref().map(super::entity::strip_collision);
        format!("{}/{}", place.unwrap_or_default(), name_key(&kpi.indicator).0)
    });
    Series { key, names, years, undated }
}

/// The observations of a KPI: series name, year, fiscal flag and value.
fn observations(kpi: &Kpi) -> Vec<(&'static str, Option<i32>, Option<bool>, &Value)> {
    let mut out = Vec::new();
    if let Some(b) = &kpi.baseline {
        out.push(("baseline", b.year, b.fiscal, b));
    }
    out.extend(kpi.actuals.iter().map(|a| ("actual", Some(a.year), Some(a.fiscal), &a.value)));
    out.extend(kpi.targets.iter().map(|t| ("target", Some(t.year), Some(t.fiscal), &t.value)));
    if let Some(t) = &kpi.target {
        out.push(("final_target", t.year, t.fiscal, t));
    }
    out
}

/// Makes keys unique (`…#2`) in order of appearance.
fn keyed(mut series: Vec<Series>) -> Vec<Series> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for s in &mut series {
        let count = seen.entry(s.key.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            s.key = format!("{}#{count}", s.key);
        }
    }
    series
}
