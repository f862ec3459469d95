use sheetwash::convert::{convert_path, ConvertOptions};
use sheetwash::model::Record;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let doc = convert_path(std::path::Path::new(&path), &ConvertOptions::default()).unwrap();
    for s in &doc.sections { println!("SEC {} {} {:?} {:?} parent={:?} markers={:?}", s.id, s.level, s.number, s.title, s.parent, s.markers.iter().map(|m| (&m.raw, &m.to, &m.from)).collect::<Vec<_>>()); }
    for r in &doc.records {
        match r {
            Record::Kpi(k) => {
                let v = |v: &Option<sheetwash::model::Value>| v.as_ref().map(|v| format!("{}[{:?}{:?} y{:?}]", v.raw, v.kind, v.value, v.year)).unwrap_or_default();
                println!("KPI {} L{:?} {:?} {:?} {} | {} | base {} | act {:?} | tgt {} | grade {} | {:?} | mk {:?}", k.common.id, k.common.provenance.line, k.common.section, k.phase, k.level.as_deref().unwrap_or(""), k.indicator, v(&k.baseline), k.actuals.iter().map(|a| format!("{}:{}", a.year, a.value.raw)).collect::<Vec<_>>(), v(&k.target), v(&k.grade), k.departments, k.common.markers.iter().map(|m| &m.raw).collect::<Vec<_>>());
            }
            Record::Measure(m) => println!("MEA {} L{:?} {:?} {:?} {:?} {} | {:?} | fields {:?} | mk {:?}", m.common.id, m.common.provenance.line, m.common.section, m.phase, m.number, m.title, m.departments, m.fields.iter().map(|f| format!("{}={}", f.label, f.text.chars().take(12).collect::<String>())).collect::<Vec<_>>(), m.common.markers.iter().map(|m| &m.raw).collect::<Vec<_>>()),
            Record::Table(t) => println!("TAB {} L{:?} {:?} rows={} first={:?}", t.common.id, t.common.provenance.line, t.common.section, t.rows.len(), t.rows.iter().map(|r| r.iter().flatten().map(|v| format!("{}@{:?}", v.raw.chars().take(15).collect::<String>(), v.provenance.as_ref().and_then(|p| p.line))).collect::<Vec<_>>()).take(80).collect::<Vec<_>>()),
            _ => {}
        }
    }
    for d in &doc.diagnostics { println!("DIAG {} {:?} {}", d.code, d.provenance.as_ref().and_then(|p| p.line), d.message.chars().take(80).collect::<String>()); }
}
