//! Review notes on a lineage: OCR corrections and department aliases used in links, deleted
//! names that reappear, and KPIs replaced with no marker.

use crate::model::{Diagnostic, EntityKind, EvidenceKind, Severity};

use super::assign::Assignment;
use super::entity::Entity;

/// The diagnostics of one assignment, in a stable order.
pub(crate) fn diagnostics(old: &[Entity], new: &[Entity], a: &Assignment) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    ocr_corrections(old.iter().chain(new), &mut out);
    aliases(a, &mut out);
    reappearing_names(old, a, &mut out);
    implicit_changes(a, &mut out);
    out
}

/// One `normalize.ocr_corrected` note per entity whose key needed the OCR dictionary.
fn ocr_corrections<'a>(entities: impl Iterator<Item = &'a Entity>, out: &mut Vec<Diagnostic>) {
    for e in entities.filter(|e| !e.corrections.is_empty()) {
        let message = format!(
            "{}: matching key of {:?} read {} (the name itself is kept)",
            e.reference.id,
            e.reference.label,
            e.corrections.join(", ")
        );
        out.push(Diagnostic::info(
            "normalize.ocr_corrected",
            message,
            e.reference.provenance.clone(),
        ));
    }
}

/// One `reconcile.department_alias` note per link that relied on a renamed department.
fn aliases(a: &Assignment, out: &mut Vec<Diagnostic>) {
    for link in &a.links {
        for e in link.evidence.iter().filter(|e| e.kind == EvidenceKind::Department) {
            if e.detail.starts_with("department renamed") || e.detail.contains("課名変更") {
                let message = format!("{} → {}: {}", link.old.id, link.new.id, e.detail);
                out.push(Diagnostic::info(
                    "reconcile.department_alias",
                    message,
                    link.new.provenance.clone(),
                ));
            }
        }
    }
}

/// A warning when a name marked deleted (削除) comes back as an added entity: the marker is
/// honoured, but a person should look.
fn reappearing_names(old: &[Entity], a: &Assignment, out: &mut Vec<Diagnostic>) {
    for gone in a.deleted.iter().filter(|d| d.marker.is_some()) {
        let Some(old_entity) = old.iter().find(|e| e.reference.id == gone.entity.id) else {
            continue;
        };
        for added in &a.added {
            let (_, same) = (added.entity.kind == gone.entity.kind, added.entity.label.as_str());
            if added.entity.kind == gone.entity.kind
                && super::key::name_key(same).0 == old_entity.key
            {
                let message = format!(
                    "{} {:?} is marked {} but {} has the same name; not linked, as the marker says",
                    gone.entity.id,
                    gone.entity.label,
                    gone.marker.as_deref().unwrap_or_default(),
                    added.entity.id
                );
                out.push(Diagnostic::new(
                    Severity::Warning,
                    "reconcile.deleted_name_reappears",
                    message,
                    Some(added.entity.provenance.clone()),
                ));
            }
        }
    }
}

/// A note per section where a KPI disappeared with no 削除 marker and another appeared.
fn implicit_changes(a: &Assignment, out: &mut Vec<Diagnostic>) {
    for gone in a.deleted.iter().filter(|d| d.marker.is_none() && d.entity.kind == EntityKind::Kpi)
    {
        let Some(section) = &gone.entity.section else { continue };
        let replacements: Vec<&str> = a
            .added
            .iter()
            .filter(|n| {
                n.entity.kind == EntityKind::Kpi && n.entity.section.as_ref() == Some(section)
            })
            .map(|n| n.entity.id.as_str())
            .collect();
        if replacements.is_empty() {
            continue;
        }
        let message = format!(
            "{} {:?} in {section} has no counterpart and no 削除 marker; {} appeared there",
            gone.entity.id,
            gone.entity.label,
            replacements.join(", ")
        );
        out.push(Diagnostic::info(
            "reconcile.implicit_kpi_change",
            message,
            gone.entity.provenance.clone(),
        ));
    }
}
