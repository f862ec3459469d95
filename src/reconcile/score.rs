//! Evidence for one candidate link and the confidence it adds up to.
//!
//! Each piece of positive evidence has a weight between 0 and 1; they combine as independent
//! signals (noisy-OR: `1 - Π(1 - w)`), so two moderate signals make a strong one and no sum
//! exceeds 1. Doubts multiply the result: a name that is not similar (below
//! [`NAME_FLOOR`]) scales it by `similarity / NAME_FLOOR`, so that a shared section number
//! and department alone never reach the link threshold — two rows of one sheet are not one
//! KPI because they sit side by side (field guide §2.7).

use crate::model::{Evidence, EvidenceKind, MarkerKind};

use super::departments::{DepartmentMatch, compare};
use super::entity::{Amount, Entity};
use super::key::similarity;

/// Below this name similarity a name is no evidence, and the confidence is scaled down.
pub(crate) const NAME_FLOOR: f64 = 0.6;

/// Weight of equal matching keys.
const SAME_NAME: f64 = 0.8;
/// Weight of a move marker that points from one entity to the other.
const MARKER: f64 = 0.8;
/// Weight of the same section number (or item number).
const SAME_PLACE: f64 = 0.3;
/// Weight of the same department.
const SAME_DEPARTMENT: f64 = 0.2;
/// Weight of an aliased (renamed) department.
const ALIASED_DEPARTMENT: f64 = 0.15;
/// Weight of value continuity (old latest actual = new baseline, or equal actuals).
const VALUES_CONTINUE: f64 = 0.6;
/// Weight of continuity on a zero, which proves little.
const ZERO_CONTINUES: f64 = 0.2;

/// A scored candidate link.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Index of the old entity.
    pub(crate) old: usize,
    /// Index of the new entity.
    pub(crate) new: usize,
    /// The combined confidence, rounded to two decimals.
    pub(crate) confidence: f64,
    /// Why.
    pub(crate) evidence: Vec<Evidence>,
    /// Whether the matching keys are equal.
    pub(crate) same_name: bool,
    /// Whether the places (section or item numbers) are equal.
    pub(crate) same_place: bool,
}

/// Scores one pair of entities of the same kind.
pub(crate) fn score(old: &Entity, new: &Entity) -> (f64, Vec<Evidence>) {
    let mut evidence = Vec::new();
    let mut factor = name_evidence(old, new, &mut evidence);
    place_evidence(old, new, &mut evidence);
    marker_evidence(old, new, &mut evidence);
    factor *= department_evidence(old, new, &mut evidence);
    factor *= value_evidence(old, new, &mut evidence);
    let positive = evidence.iter().filter(|e| e.weight > 0.0).map(|e| e.weight);
    let combined = 1.0 - positive.fold(1.0, |rest, w| rest * (1.0 - w));
    ((combined * factor).clamp(0.0, 1.0), evidence)
}

/// Rounds a confidence to two decimals, so that output does not depend on float noise.
pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn push(evidence: &mut Vec<Evidence>, kind: EvidenceKind, detail: String, weight: f64) {
    evidence.push(Evidence { kind, detail, weight: round2(weight) });
}

/// Name similarity; returns the factor a dissimilar name applies.
fn name_evidence(old: &Entity, new: &Entity, evidence: &mut Vec<Evidence>) -> f64 {
    let sim = similarity(&old.key, &new.key);
    if old.key == new.key && !old.key.is_empty() {
        let detail = format!("same normalized name {:?}", new.key);
        push(evidence, EvidenceKind::Name, detail, SAME_NAME);
        return 1.0;
    }
    let detail = format!("{:?} ~ {:?} ({sim:.2})", old.key, new.key);
    if sim >= NAME_FLOOR {
        let weight = 0.35 + (sim - NAME_FLOOR) / (1.0 - NAME_FLOOR) * (SAME_NAME - 0.35);
        push(evidence, EvidenceKind::Name, detail, weight);
        1.0
    } else {
        push(evidence, EvidenceKind::Name, detail, 0.0);
        sim / NAME_FLOOR
    }
}

fn place_evidence(old: &Entity, new: &Entity, evidence: &mut Vec<Evidence>) {
    if let (Some(a), Some(b)) = (&old.place, &new.place)
        && a == b
    {
        push(evidence, EvidenceKind::Number, format!("same number {a}"), SAME_PLACE);
    }
}

/// A move marker on either side that names the other side's section.
fn marker_evidence(old: &Entity, new: &Entity, evidence: &mut Vec<Evidence>) {
    let within = |place: &Option<String>, target: &Option<String>| match (place, target) {
        (Some(p), Some(t)) => p == t || p.starts_with(&format!("{t}/")),
        _ => false,
    };
    let mut seen: Vec<String> = Vec::new();
    let markers = old.markers.iter().chain(&new.markers);
    for marker in markers.filter(|m| m.kind == MarkerKind::Moved) {
        let points_here = within(&new.place, &marker.to)
            && (marker.from.is_none()
                || within(&old.place, &marker.from)
                || old.place == new.place);
        if points_here && !seen.contains(&marker.raw) {
            seen.push(marker.raw.clone());
        }
    }
    if !seen.is_empty() {
        push(evidence, EvidenceKind::Marker, format!("marker {}", seen.join(", ")), MARKER);
    }
}

/// Department evidence; returns the factor a different department applies.
fn department_evidence(old: &Entity, new: &Entity, evidence: &mut Vec<Evidence>) -> f64 {
    let renamed =
        old.marker(MarkerKind::DepartmentRenamed).or(new.marker(MarkerKind::DepartmentRenamed));
    match compare(&old.reference.departments, &new.reference.departments) {
        DepartmentMatch::Same(d) => {
            push(
                evidence,
                EvidenceKind::Department,
                format!("same department {d}"),
                SAME_DEPARTMENT,
            );
            1.0
        }
        DepartmentMatch::Alias(a, b, why) => {
            let detail = format!("department renamed {a} → {b} ({why})");
            push(evidence, EvidenceKind::Department, detail, ALIASED_DEPARTMENT);
            1.0
        }
        DepartmentMatch::Different if renamed.is_some() => {
            let (a, b) = (old.reference.departments.join(" "), new.reference.departments.join(" "));
            let detail = format!("department {a} → {b} under a 課名変更 marker");
            push(evidence, EvidenceKind::Department, detail, ALIASED_DEPARTMENT);
            1.0
        }
        DepartmentMatch::Different => {
            let (a, b) = (old.reference.departments.join(" "), new.reference.departments.join(" "));
            push(
                evidence,
                EvidenceKind::Department,
                format!("departments differ: {a} / {b}"),
                -0.1,
            );
            0.9
        }
        DepartmentMatch::Unknown => 1.0,
    }
}

/// Value continuity; returns the factor disagreeing actuals apply.
fn value_evidence(old: &Entity, new: &Entity, evidence: &mut Vec<Evidence>) -> f64 {
    if let (Some(latest), Some(baseline)) = (old.latest_actual(), &new.baseline)
        && same_amount(latest, baseline)
    {
        let year = latest.year.map_or_else(String::new, |y| format!(" ({y})"));
        let detail =
            format!("old latest actual {}{year} = new baseline {}", latest.raw, baseline.raw);
        let weight = if latest.value == 0.0 { ZERO_CONTINUES } else { VALUES_CONTINUE };
        push(evidence, EvidenceKind::Value, detail, weight);
        return 1.0;
    }
    let shared: Vec<(&Amount, &Amount)> = old
        .actuals
        .iter()
        .filter_map(|a| {
            Some((a, new.actuals.iter().find(|b| b.year.is_some() && b.year == a.year)?))
        })
        .collect();
    if shared.is_empty() {
        return 1.0;
    }
    let agree = shared.iter().filter(|(a, b)| same_amount(a, b)).count();
    if agree == shared.len() {
        let nonzero = shared.iter().any(|(a, _)| a.value != 0.0);
        let detail = format!("{agree} shared year(s) of actuals agree");
        push(
            evidence,
            EvidenceKind::Value,
            detail,
            if nonzero { VALUES_CONTINUE } else { ZERO_CONTINUES },
        );
        1.0
    } else {
        let detail = format!(
            "{} of {} shared year(s) of actuals differ",
            shared.len() - agree,
            shared.len()
        );
        push(evidence, EvidenceKind::Value, detail, -0.2);
        0.8
    }
}

/// Equal numbers with compatible units (equal, or one side without a unit).
fn same_amount(a: &Amount, b: &Amount) -> bool {
    let units = match (&a.unit, &b.unit) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    units && (a.value - b.value).abs() <= f64::EPSILON * a.value.abs().max(1.0)
}
