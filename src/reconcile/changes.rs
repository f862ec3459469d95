//! What a document states about itself: its `changes` (moves and deletions), the originals of
//! its re-listings (再掲), and which of two sections sharing a number is which.
//!
//! Takes the markers the extract stage put on sections and records and returns nothing but
//! edits of the document: `changes` filled, `from` completed on `…へ移動` markers, `original`
//! set on `relisted` markers, and an `info` diagnostic per resolved numbering collision.

use crate::model::{Change, Diagnostic, Document, Location, Marker, MarkerKind, Record};

use super::entity::strip_collision;
use super::key::name_key;

/// One move marker with what it is on.
struct MoveSeen {
    /// `section:` or `record:` plus the matching key of the name: moves of one thing group.
    group: String,
    /// The section or record id.
    id: String,
    /// The section the marker's owner sits in (numbers only, no `#2`).
    place: String,
    /// The edition of a record.
    phase: Option<String>,
    marker: Marker,
    at: Location,
}

/// Fills `changes` from the markers, links re-listings to their originals and explains
/// numbering collisions. Idempotent: `changes` is rebuilt from the markers each time.
pub fn document_changes(doc: &mut Document) {
    complete_move_sources(doc);
    let moves = moves_seen(doc);
    let mut changes = move_changes(doc, &moves);
    changes.extend(deletions(doc));
    doc.changes = changes;
    link_relistings(doc);
    explain_collisions(doc);
}

/// `2(1)へ移動` on a section or record gives no source: it is where the marker sits.
fn complete_move_sources(doc: &mut Document) {
    for section in &mut doc.sections {
        let here = section.number.clone().or_else(|| Some(strip_collision(&section.id)));
        fill_from(&mut section.markers, here.as_ref());
    }
    for record in &mut doc.records {
        let here = record.common().section.as_deref().map(top_number);
        fill_from(&mut record.common_mut().markers, here.as_ref());
    }
}

fn fill_from(markers: &mut [Marker], here: Option<&String>) {
    for marker in markers.iter_mut().filter(|m| m.kind == MarkerKind::Moved && m.from.is_none()) {
        marker.from = here.cloned();
    }
}

/// The top section number of a section id: `2(4)#2/①` → `2(4)`.
fn top_number(section: &str) -> String {
    strip_collision(section.split('/').next().unwrap_or(section))
}

/// Every move marker in the document, sections first.
fn moves_seen(doc: &Document) -> Vec<MoveSeen> {
    let mut out = Vec::new();
    for s in &doc.sections {
        let key = name_key(s.title.as_deref().unwrap_or_default()).0;
        for m in s.markers.iter().filter(|m| m.kind == MarkerKind::Moved) {
            out.push(MoveSeen {
                group: format!("section:{key}"),
                id: s.id.clone(),
                place: strip_collision(&s.id),
                phase: None,
                marker: m.clone(),
                at: s.provenance.clone(),
            });
        }
    }
    for r in &doc.records {
        let mut moves =
            r.common().markers.iter().filter(|m| m.kind == MarkerKind::Moved).peekable();
        // The key is only needed for records that moved (most did not).
        if moves.peek().is_none() {
            continue;
        }
        let key = name_key(record_name(r)).0;
        for m in moves {
            out.push(MoveSeen {
                group: format!("{}:{key}", r.type_name()),
                id: r.common().id.clone(),
                place: r.common().section.as_deref().map(top_number).unwrap_or_default(),
                phase: super::entity::record_phase(r).map(str::to_owned),
                marker: m.clone(),
                at: r.common().provenance.clone(),
            });
        }
    }
    out
}

/// The name of a record as printed.
pub(crate) fn record_name(record: &Record) -> &str {
    match record {
        Record::Kpi(k) => &k.indicator,
        Record::Item(i) => i.name.as_deref().unwrap_or_default(),
        Record::Project(p) => &p.name,
        Record::Budget(b) => &b.name,
        Record::Measure(m) => &m.title,
        Record::Table(t) => t.title.as_deref().unwrap_or_default(),
    }
}

/// One change per moved thing: the markers at the source (`…へ移動`) and at the target
/// (`…から移動`) of one move are one entry, on the source-side record.
fn move_changes(doc: &Document, moves: &[MoveSeen]) -> Vec<Change> {
    let mut done: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    let mut out = Vec::new();
    for seen in moves {
        let id = (seen.group.clone(), seen.marker.from.clone(), seen.marker.to.clone());
        if done.contains(&id) {
            continue;
        }
        done.push(id);
        let same: Vec<&MoveSeen> = moves
            .iter()
            .filter(|m| {
                m.group == seen.group
                    && m.marker.from == seen.marker.from
                    && m.marker.to == seen.marker.to
            })
            .collect();
        let source =
            same.iter().find(|m| Some(&m.place) == m.marker.from.as_ref()).copied().unwrap_or(seen);
        let target = same
            .iter()
            .find(|m| {
                m.id != source.id
                    && m.phase == source.phase
                    && Some(&m.place) == m.marker.to.as_ref()
            })
            .map(|m| m.id.clone())
            .or_else(|| section_target(doc, source));
        out.push(Change {
            kind: "moved".to_owned(),
            raw: source.marker.raw.clone(),
            record: Some(source.id.clone()),
            from: source.marker.from.clone(),
            to: source.marker.to.clone(),
            target,
            provenance: source.at.clone(),
        });
    }
    out
}

/// For a moved section, the section inside its target with the same title (`2(1)/(4)`).
fn section_target(doc: &Document, source: &MoveSeen) -> Option<String> {
    let key = source.group.strip_prefix("section:")?;
    let to = source.marker.to.as_deref()?;
    doc.sections
        .iter()
        .filter(|s| s.id != source.id && strip_collision(&s.id).starts_with(&format!("{to}/")))
        .find(|s| name_key(s.title.as_deref().unwrap_or_default()).0 == key)
        .map(|s| s.id.clone())
}

/// One change per deletion marker on a section or record.
fn deletions(doc: &Document) -> Vec<Change> {
    let sections = doc
        .sections
        .iter()
        .map(|s| (&s.id, &s.markers, &s.provenance, Some(strip_collision(&s.id))));
    let records = doc.records.iter().map(|r| {
        let c = r.common();
        (&c.id, &c.markers, &c.provenance, c.section.as_deref().map(top_number))
    });
    let mut out = Vec::new();
    for (id, markers, at, place) in sections.chain(records) {
        for m in markers.iter().filter(|m| m.kind == MarkerKind::Deleted) {
            out.push(Change {
                kind: "deleted".to_owned(),
                raw: m.raw.clone(),
                record: Some(id.clone()),
                from: place.clone(),
                to: None,
                target: None,
                provenance: at.clone(),
            });
        }
    }
    out
}

/// Sets `original` on each `relisted` marker whose original can be found: the item numbered
/// as its `of` says, or the record of the same type (same edition first) whose text holds the
/// re-listed entry without a 再掲 mark.
fn link_relistings(doc: &mut Document) {
    let mut found = Vec::new();
    for (i, record) in doc.records.iter().enumerate() {
        for (j, marker) in record.common().markers.iter().enumerate() {
            if marker.kind == MarkerKind::Relisted
                && let Some(original) = original_of(doc, record, marker)
            {
                found.push((i, j, original));
            }
        }
    }
    for (i, j, original) in found {
        if let Some(marker) = doc.records.get_mut(i).and_then(|r| r.common_mut().markers.get_mut(j))
        {
            marker.original = Some(original);
        }
    }
}

fn original_of(doc: &Document, record: &Record, marker: &Marker) -> Option<String> {
    let own = &record.common().id;
    if let Some(number) = &marker.of {
        return doc.records.iter().find_map(|r| match r {
            Record::Item(item) if &item.number == number && &item.common.id != own => {
                Some(item.common.id.clone())
            }
            _ => None,
        });
    }
    let phrase = relisted_entry(record, &marker.raw)?;
    let own_phase = super::entity::record_phase(record);
    let candidates =
        doc.records.iter().filter(|r| &r.common().id != own && r.type_name() == record.type_name());
    let finder = memchr::memmem::Finder::new(phrase.as_bytes());
    let mut holders: Vec<&Record> = candidates.filter(|r| holds_plainly(r, &finder)).collect();
    holders.sort_by_key(|r| super::entity::record_phase(r) != own_phase);
    holders.first().map(|r| r.common().id.clone())
}

/// The texts of a record in which a re-listed entry may be written.
fn texts(record: &Record) -> Vec<&str> {
    match record {
        Record::Measure(m) => m.fields.iter().map(|f| f.text.as_str()).collect(),
        Record::Item(i) => {
            i.results.iter().map(|r| r.text.as_str()).chain(i.description.as_deref()).collect()
        }
        Record::Project(p) => p.description.iter().chain(&p.remarks).map(String::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The entry a 再掲 mark follows: `・子育て世代包括支援センター(再掲)` → the centre's name.
fn relisted_entry(record: &Record, raw: &str) -> Option<String> {
    let mark = if raw.contains('再') { raw } else { "再掲" };
    texts(record).into_iter().find_map(|text| {
        let at = text
            .find(mark)
            .or_else(|| text.find("再掲").and_then(|p| text.get(..p)?.rfind(['(', '（'])))?;
        let before = text.get(..at)?;
        let start = before
            .char_indices()
            .rfind(|(_, c)| ['・', '○', '●', '、', '。', '\n'].contains(c))
            .map_or(0, |(p, c)| p + c.len_utf8());
        let entry = before.get(start..)?.trim().trim_end_matches(['(', '（']).trim();
        (entry.chars().count() >= 3).then(|| entry.to_owned())
    })
}

/// Whether a record's text holds the phrase `phrase` looks for, not followed by a 再掲 mark.
/// The finder is built once per phrase and run over every candidate's texts.
fn holds_plainly(record: &Record, phrase: &memchr::memmem::Finder<'_>) -> bool {
    let len = phrase.needle().len();
    texts(record).into_iter().any(|text| {
        phrase.find_iter(text.as_bytes()).any(|at| {
            let after = text.get(at + len..).unwrap_or_default();
            !after.trim_start_matches(['(', '（', '《']).starts_with("再掲")
        })
    })
}

/// An `info` diagnostic for each section number used twice when one of the sections moved
/// away: that one is the old edition's, the other is the new edition's.
fn explain_collisions(doc: &mut Document) {
    let mut notes = Vec::new();
    for moved in
        doc.sections.iter().filter(|s| s.markers.iter().any(|m| m.kind == MarkerKind::Moved))
    {
        let number = strip_collision(&moved.id);
        for other in
            doc.sections.iter().filter(|s| s.id != moved.id && strip_collision(&s.id) == number)
        {
            let to = moved.markers.iter().find_map(|m| m.to.clone()).unwrap_or_default();
            let message = format!(
                "section number {number} is used twice: {} ({}) is the old edition's and moved to {to}; {} ({}) is the new edition's {number}",
                moved.id,
                moved.title.as_deref().unwrap_or_default(),
                other.id,
                other.title.as_deref().unwrap_or_default(),
            );
            notes.push(Diagnostic::info(
                "reconcile.section_collision_resolved",
                message,
                other.provenance.clone(),
            ));
        }
    }
    doc.diagnostics.extend(notes);
}
