//! From scored candidates to links: a greedy one-to-one assignment, then split and merged.
//!
//! Candidates at or above the threshold are taken best first (ties broken by position, so
//! the output is deterministic); each entity is used once. An entity left over whose best
//! candidate is taken with a confidence at or above the split threshold becomes one more link
//! of that candidate: one old linked to two new is a `split`, two old to one new a `merged`.
//! Old entities with a deletion marker (削除, 削減) are never linked.

use crate::model::{Link, LinkStatus, MarkerKind, Nearest, Unmatched};

use super::ReconcileOptions;
use super::entity::Entity;
use super::score::{Candidate, round2, score};

/// The links, deleted and added entities of two entity lists.
pub(crate) struct Assignment {
    /// The links, ordered by kind, then old position.
    pub(crate) links: Vec<Link>,
    /// Old entities with no link.
    pub(crate) deleted: Vec<Unmatched>,
    /// New entities with no link.
    pub(crate) added: Vec<Unmatched>,
}

/// Scores every pair of the same kind and assigns links.
pub(crate) fn assign(old: &[Entity], new: &[Entity], opts: &ReconcileOptions) -> Assignment {
    let candidates = candidates(old, new);
    let mut taken_old: Vec<Option<usize>> = vec![None; old.len()];
    let mut taken_new: Vec<Option<usize>> = vec![None; new.len()];
    let mut chosen: Vec<(Candidate, LinkStatus)> = Vec::new();
    for c in candidates.iter().filter(|c| c.confidence >= opts.threshold) {
        if taken_old.get(c.old).copied().flatten().is_none()
            && taken_new.get(c.new).copied().flatten().is_none()
        {
            set(&mut taken_old, c.old, chosen.len());
            set(&mut taken_new, c.new, chosen.len());
            chosen.push((c.clone(), status(c)));
        }
    }
    extend_split_merged(&candidates, opts, &mut taken_old, &mut taken_new, &mut chosen);
    chosen.sort_by_key(|(c, _)| (old.get(c.old).map(|e| e.reference.kind), c.old, c.new));
    let links = chosen.iter().filter_map(|(c, s)| link(old, new, c, *s)).collect();
    Assignment {
        links,
        deleted: unmatched(old, new, &taken_old, &candidates, true),
        added: unmatched(new, old, &taken_new, &candidates, false),
    }
}

fn set(taken: &mut [Option<usize>], at: usize, value: usize) {
    if let Some(slot) = taken.get_mut(at) {
        *slot = Some(value);
    }
}

/// Every pair of the same kind with its confidence, best first.
fn candidates(old: &[Entity], new: &[Entity]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (i, o) in old.iter().enumerate() {
        if o.marker(MarkerKind::Deleted).is_some() {
            continue;
        }
        for (j, n) in new.iter().enumerate().filter(|(_, n)| n.reference.kind == o.reference.kind) {
            let (confidence, evidence) = score(o, n);
            out.push(Candidate {
                old: i,
                new: j,
                confidence: round2(confidence),
                evidence,
                same_name: o.key == n.key,
                same_place: o.place.is_some() && o.place == n.place,
            });
        }
    }
    out.sort_by(|a, b| {
        b.confidence.total_cmp(&a.confidence).then(a.old.cmp(&b.old)).then(a.new.cmp(&b.new))
    });
    out
}

/// The status of a one-to-one link.
fn status(c: &Candidate) -> LinkStatus {
    match (c.same_place, c.same_name) {
        (true, true) => LinkStatus::Same,
        (false, true) => LinkStatus::Moved,
        (true, false) => LinkStatus::Renamed,
        (false, false) => LinkStatus::MovedRenamed,
    }
}

/// Adds a link for each leftover entity whose best candidate is taken but strong.
fn extend_split_merged(
    candidates: &[Candidate],
    opts: &ReconcileOptions,
    taken_old: &mut [Option<usize>],
    taken_new: &mut [Option<usize>],
    chosen: &mut Vec<(Candidate, LinkStatus)>,
) {
    let strong = candidates.iter().filter(|c| c.confidence >= opts.split_threshold);
    let mut extra = Vec::new();
    for c in strong {
        let old_free = taken_old.get(c.old).copied().flatten().is_none();
        let new_free = taken_new.get(c.new).copied().flatten().is_none();
        let (partner, kind) = match (old_free, new_free) {
            (true, false) => (taken_new.get(c.new).copied().flatten(), LinkStatus::Merged),
            (false, true) => (taken_old.get(c.old).copied().flatten(), LinkStatus::Split),
            _ => continue,
        };
        let Some(partner) = partner else { continue };
        if let Some(first) = chosen.get_mut(partner) {
            first.1 = kind;
        }
        let index = chosen.len() + extra.len();
        if old_free {
            set(taken_old, c.old, index);
        } else {
            set(taken_new, c.new, index);
        }
        extra.push((c.clone(), kind));
    }
    chosen.extend(extra);
}

fn link(old: &[Entity], new: &[Entity], c: &Candidate, status: LinkStatus) -> Option<Link> {
    Some(Link {
        old: old.get(c.old)?.reference.clone(),
        new: new.get(c.new)?.reference.clone(),
        status,
        confidence: c.confidence,
        evidence: c.evidence.iter().filter(|e| e.weight != 0.0).cloned().collect(),
    })
}

/// The entities left without a link, each with its marker and nearest candidate.
fn unmatched(
    entities: &[Entity],
    others: &[Entity],
    taken: &[Option<usize>],
    candidates: &[Candidate],
    is_old: bool,
) -> Vec<Unmatched> {
    let marker_kind = if is_old { MarkerKind::Deleted } else { MarkerKind::New };
    let free = |i: &usize| taken.get(*i).copied().flatten().is_none();
    (0..entities.len())
        .filter(free)
        .filter_map(|i| {
            let e = entities.get(i)?;
            let best = candidates
                .iter()
                .find(|c| if is_old { c.old == i } else { c.new == i })
                .filter(|c| c.confidence > 0.0);
            let nearest = best.and_then(|c| {
                let other = others.get(if is_old { c.new } else { c.old })?;
                let (id, label) = (other.reference.id.clone(), other.reference.label.clone());
                Some(Nearest { id, label, confidence: c.confidence })
            });
            Some(Unmatched {
                entity: e.reference.clone(),
                marker: e.marker(marker_kind).map(|m| m.raw.clone()),
                nearest,
            })
        })
        .collect()
}
