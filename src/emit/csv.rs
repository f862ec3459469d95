//! `--format csv`: the KPI records of a document as one flat, tidy table.
//!
//! One row per observation of a KPI — its baseline, each yearly actual, target and grade,
//! the final target and the overall grade — so the same columns fit every document and a
//! batch can be concatenated, filtered in Excel, or pivoted in pandas/DuckDB
//! (`PIVOT … ON year USING first(value)`). The file starts with a UTF-8 byte-order mark so
//! Excel opens the Japanese text correctly.

use crate::model::{Document, Kpi, Location, Record, Value, YearValue};

/// The UTF-8 byte-order mark Excel needs to read a CSV file as UTF-8.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The columns, in order.
pub const CSV_COLUMNS: [&str; 20] = [
    "source",
    "kpi_id",
    "phase",
    "level",
    "section",
    "indicator",
    "departments",
    "series",
    "year",
    "fiscal",
    "raw",
    "kind",
    "value",
    "unit",
    "qualifier",
    "grade",
    "missing",
    "note",
    "provenance",
    "markers",
];

/// The BOM and the column names: the start of every CSV output.
pub fn csv_header() -> Vec<u8> {
    let mut out = UTF8_BOM.to_vec();
    out.extend_from_slice(CSV_COLUMNS.join(",").as_bytes());
    out.push(b'\n');
    out
}

/// Renders the KPI records of `document` as CSV; with `header`, [`csv_header`] comes first
/// (leave it out when appending another document to the same stream).
pub fn render_kpis(document: &Document, header: bool) -> Result<Vec<u8>, csv::Error> {
    let mut out = if header { csv_header() } else { Vec::new() };
    let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(&mut out);
    for record in &document.records {
        if let Record::Kpi(kpi) = record {
            for row in kpi_rows(&document.source.path, kpi) {
                writer.write_record(&row)?;
            }
        }
    }
    writer.flush()?;
    drop(writer);
    Ok(out)
}

/// The observations of one KPI, each a CSV row.
fn kpi_rows(source: &str, kpi: &Kpi) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut push = |series: &str, year: Option<(i32, bool)>, value: &Value| {
        rows.push(observation(source, kpi, series, year, value));
    };
    if let Some(baseline) = &kpi.baseline {
        push("baseline", None, baseline);
    }
    let yearly = [("actual", &kpi.actuals), ("target", &kpi.targets), ("progress", &kpi.progress)];
    for (series, values) in yearly {
        for YearValue { year, fiscal, value } in values {
            push(series, Some((*year, *fiscal)), value);
        }
    }
    if let Some(target) = &kpi.target {
        push("final_target", None, target);
    }
    if let Some(grade) = &kpi.grade {
        push("grade", None, grade);
    }
    if rows.is_empty() {
        rows.push(observation(source, kpi, "indicator", None, &Value::default()));
    }
    rows
}

/// One CSV row: the KPI's identity, then the observation.
fn observation(
    source: &str,
    kpi: &Kpi,
    series: &str,
    year: Option<(i32, bool)>,
    value: &Value,
) -> Vec<String> {
    let year_of_value = year.map(|(y, _)| y).or(value.year);
    let fiscal = year.map(|(_, f)| f).or(value.fiscal);
    let at = value.provenance.as_deref().unwrap_or(&kpi.common.provenance);
    vec![
        source.to_owned(),
        kpi.common.id.clone(),
        kpi.phase.clone().unwrap_or_default(),
        kpi.level.clone().unwrap_or_default(),
        kpi.common.section.clone().unwrap_or_default(),
        kpi.indicator.clone(),
        kpi.departments.join(";"),
        series.to_owned(),
        year_of_value.map(|y| y.to_string()).unwrap_or_default(),
        fiscal.map(|f| f.to_string()).unwrap_or_default(),
        value.raw.clone(),
        if value.raw.is_empty() { String::new() } else { kind_name(value) },
        value.value.map(|n| n.to_string()).unwrap_or_default(),
        value.unit.clone().unwrap_or_default(),
        value.qualifier.clone().unwrap_or_default(),
        value.grade.clone().unwrap_or_default(),
        if value.is_missing() { "true".to_owned() } else { String::new() },
        value.note.clone().unwrap_or_default(),
        location_text(at),
        kpi.common.markers.iter().map(|m| m.raw.as_str()).collect::<Vec<_>>().join(";"),
    ]
}

fn kind_name(value: &Value) -> String {
    serde_json::to_value(value.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn location_text(at: &Location) -> String {
    at.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RecordCommon, SourceFormat, SourceInfo, ValueKind};

    fn document_with(kpi: Kpi) -> Document {
        let mut doc = Document::new(SourceInfo {
            path: "r6.txt".into(),
            format: SourceFormat::Text,
            encoding: None,
            sha256: "0".repeat(64),
            bytes: 0,
            sheets: Vec::new(),
        });
        doc.records.push(Record::Kpi(kpi));
        doc
    }

    fn quantity(raw: &str, value: f64) -> Value {
        Value {
            raw: raw.into(),
            text: raw.into(),
            kind: ValueKind::Quantity,
            value: Some(value),
            unit: Some("人".into()),
            ..Value::default()
        }
    }

    #[test]
    fn one_row_per_observation_with_a_bom_and_header() {
        let kpi = Kpi {
            common: RecordCommon {
                id: "kpi-1".into(),
                provenance: Location::text_line("r6.txt".into(), 19, Some(1)),
                ..RecordCommon::default()
            },
            indicator: "創業者数(H27)".into(),
            phase: Some("第2期".into()),
            baseline: Some(quantity("57人", 57.0)),
            actuals: vec![YearValue { year: 2020, fiscal: true, value: quantity("91人", 91.0) }],
            departments: vec!["商工観光課".into()],
            ..Kpi::default()
        };
        let csv = render_kpis(&document_with(kpi), true).unwrap();
        assert!(csv.starts_with(UTF8_BOM));
        let text = String::from_utf8(csv[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("source,kpi_id,phase"));
        assert_eq!(
            lines[2],
            "r6.txt,kpi-1,第2期,,,創業者数(H27),商工観光課,actual,2020,true,91人,quantity,91,人,,,,,r6.txt:19:1,"
        );
    }

    #[test]
    fn without_header_there_is_no_bom() {
        let csv = render_kpis(&document_with(Kpi::default()), false).unwrap();
        assert!(!csv.starts_with(UTF8_BOM));
        assert_eq!(String::from_utf8(csv).unwrap().lines().count(), 1);
    }
}
