//! Lineages and timelines: validated JSON, a text table for review, and a timeline CSV.
//!
//! The text table has one line per link (status, confidence, old and new entity with their
//! section and name, evidence weights), then the deleted and added entities with the marker
//! that states them or their nearest rejected candidate, then the review notes. Names are cut
//! to a fixed display width (CJK characters count two columns) so the columns line up.

use std::fmt::Write as _;

use crate::model::{Edition, EntityRef, Lineage, Link, Timeline, Unmatched};

use super::EmitError;
use super::schema::{validate_lineage, validate_timeline};

/// The UTF-8 byte-order mark Excel needs to read a CSV file as UTF-8.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Display width of an entity column of the text table.
const ENTITY_WIDTH: usize = 46;

/// The columns of the timeline CSV, in order.
const TIMELINE_COLUMNS: [&str; 15] = [
    "key",
    "edition",
    "source",
    "phase",
    "record",
    "indicator",
    "section",
    "series",
    "year",
    "fiscal",
    "raw",
    "value",
    "unit",
    "missing",
    "provenance",
];

/// Validates a lineage and renders it as pretty JSON, or with `text` as a review table.
pub fn render_lineage(lineage: &Lineage, text: bool) -> Result<Vec<u8>, EmitError> {
    let json = serde_json::to_value(lineage)?;
    validate_lineage(&json)?;
    if text {
        return Ok(lineage_table(lineage).into_bytes());
    }
    let mut out = serde_json::to_vec_pretty(&json)?;
    out.push(b'\n');
    Ok(out)
}

/// Validates a timeline and renders it as pretty JSON, or with `csv` as [`timeline_csv`].
pub fn render_timeline(timeline: &Timeline, csv: bool) -> Result<Vec<u8>, EmitError> {
    let json = serde_json::to_value(timeline)?;
    validate_timeline(&json)?;
    if csv {
        return Ok(timeline_csv(timeline)?);
    }
    let mut out = serde_json::to_vec_pretty(&json)?;
    out.push(b'\n');
    Ok(out)
}

/// A timeline as CSV, one row per observation, UTF-8 with a BOM (see `TIMELINE_COLUMNS`).
pub fn timeline_csv(timeline: &Timeline) -> Result<Vec<u8>, csv::Error> {
    let mut out = UTF8_BOM.to_vec();
    let mut writer = csv::Writer::from_writer(&mut out);
    writer.write_record(TIMELINE_COLUMNS)?;
    for series in &timeline.series {
        let dated = series.years.iter().flat_map(|(y, obs)| obs.iter().map(move |o| (Some(*y), o)));
        for (year, o) in dated.chain(series.undated.iter().map(|o| (None, o))) {
            let edition = timeline.editions.get(o.edition);
            let name = series.names.iter().find(|n| n.edition == o.edition && n.record == o.record);
            writer.write_record([
                series.key.clone(),
                o.edition.to_string(),
                edition.map(|e| e.source.path.clone()).unwrap_or_default(),
                edition.and_then(|e| e.phase.clone()).unwrap_or_default(),
                o.record.clone(),
                name.map(|n| n.indicator.clone()).unwrap_or_default(),
                name.and_then(|n| n.section.clone()).unwrap_or_default(),
                o.series.clone(),
                year.map(|y| y.to_string()).unwrap_or_default(),
                o.fiscal.map(|f| f.to_string()).unwrap_or_default(),
                o.value.raw.clone(),
                o.value.value.map(|v| v.to_string()).unwrap_or_default(),
                o.value.unit.clone().unwrap_or_default(),
                if o.value.is_missing() { "true".to_owned() } else { String::new() },
                o.provenance.to_string(),
            ])?;
        }
    }
    writer.flush()?;
    drop(writer);
    Ok(out)
}

/// The review table of a lineage.
fn lineage_table(lineage: &Lineage) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "old: {}", edition_label(&lineage.old));
    let _ = writeln!(out, "new: {}", edition_label(&lineage.new));
    let _ = writeln!(
        out,
        "{} links, {} deleted, {} added\n",
        lineage.links.len(),
        lineage.deleted.len(),
        lineage.added.len()
    );
    let header = format!(
        "{:<14} {:>4}  {}  {}  EVIDENCE",
        "STATUS",
        "CONF",
        pad("OLD", ENTITY_WIDTH),
        pad("NEW", ENTITY_WIDTH)
    );
    let _ = writeln!(out, "{header}");
    for link in &lineage.links {
        let _ = writeln!(out, "{}", link_line(link));
    }
    unmatched_block(&mut out, "DELETED (old, no counterpart)", &lineage.deleted);
    unmatched_block(&mut out, "ADDED (new, no counterpart)", &lineage.added);
    if !lineage.diagnostics.is_empty() {
        let _ = writeln!(out, "\nNOTES");
        for d in &lineage.diagnostics {
            let _ = writeln!(out, "  {}: {}", d.code, d.message);
        }
    }
    out
}

fn edition_label(edition: &Edition) -> String {
    match &edition.phase {
        Some(phase) => format!("{} [{phase}]", edition.source.path),
        None => edition.source.path.clone(),
    }
}

fn link_line(link: &Link) -> String {
    let evidence: Vec<String> =
        link.evidence.iter().map(|e| format!("{}{:+.2}", kind_name(e.kind), e.weight)).collect();
    format!(
        "{:<14} {:>4.2}  {}  {}  {}",
        link.status.as_str(),
        link.confidence,
        pad(&entity_cell(&link.old), ENTITY_WIDTH),
        pad(&entity_cell(&link.new), ENTITY_WIDTH),
        evidence.join(" ")
    )
}

fn kind_name(kind: crate::model::EvidenceKind) -> &'static str {
    use crate::model::EvidenceKind as K;
    match kind {
        K::Marker => "marker",
        K::Number => "number",
        K::Name => "name",
        K::Department => "dept",
        K::Value => "value",
    }
}

/// `kpi-23 2(2) 年間観光入込調査人数`.
fn entity_cell(e: &EntityRef) -> String {
    if e.kind == crate::model::EntityKind::Section {
        return format!("{} {}", e.id, e.label);
    }
    let numbered =
        matches!(e.kind, crate::model::EntityKind::Item | crate::model::EntityKind::Project);
    let place = if numbered {
        e.number.as_deref().or(e.section.as_deref())
    } else {
        e.section.as_deref().or(e.number.as_deref())
    };
    let place = place.unwrap_or("-");
    format!("{} {place} {}", e.id, e.label)
}

fn unmatched_block(out: &mut String, title: &str, entries: &[Unmatched]) {
    if entries.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}");
    for u in entries {
        let mut line = format!("  {}", pad(&entity_cell(&u.entity), ENTITY_WIDTH + 4));
        if let Some(marker) = &u.marker {
            let _ = write!(line, "  marker {marker}");
        }
        if let Some(n) = &u.nearest {
            let label = pad(&n.label, 30);
            let _ = write!(line, "  nearest {} {} ({:.2})", n.id, label.trim_end(), n.confidence);
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// Display width of a character: two for East Asian wide and full-width characters.
fn char_width(c: char) -> usize {
    let wide = matches!(c, '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}');
    if wide { 2 } else { 1 }
}

/// Cuts `text` to `width` display columns (marking a cut with `…`) and pads it with spaces.
fn pad(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let total: usize = text.chars().map(char_width).sum();
    for c in text.chars() {
        let w = char_width(c);
        if total > width && used + w + 1 > width {
            out.push('…');
            used += 1;
            break;
        }
        out.push(c);
        used += w;
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_cells_are_cut_and_padded_by_display_width() {
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("年間観光", 8), "年間観光");
        assert_eq!(pad("年間観光入込", 8), "年間観… ");
        assert_eq!(pad("年", 3), "年 ");
    }
}
