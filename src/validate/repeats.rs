//! Content printed twice where once was meant (field guide §7.3):
//!
//! * [`Check::DuplicatePhrase`]: a phrase repeated back to back inside one cell
//!   (`…の実現を目指します。します。`). The phrase must be at least [`MIN_PHRASE`] characters
//!   with a kana or kanji and no list bullet, so that `一人一人`, `なかなか` and `のびのび`
//!   (words that double by nature) and a bullet list whose spaces were folded away are not
//!   taken for slips.
//! * [`Check::DuplicateListItem`]: the same item twice in one list cell (`○男女共同参画推進幹事会`
//!   … `○男女共同参画推進幹事会`). A cell is a list when it starts with a bullet (`・`, `○` …) or
//!   holds two `○`-style bullets; items are split at the bullet outside brackets, compared with
//!   spaces and `・` dropped (`人権部落問題…` = `人権・部落問題…`), and must be at least
//!   [`MIN_ITEM`] characters.
//! * [`Check::DuplicateRow`]: a printed table that repeats an earlier one row for row; a table
//!   row equal to an earlier row of the same table; a text field of a measure equal to an
//!   earlier field of the same measure (a 総括 that copies the 施策の概要, a 第3期 draft that
//!   copies the 第2期 text). Rows and fields need [`MIN_ROW`] characters. KPI records repeated
//!   in another measure are not reported: a KPI may serve two measures.
//!
//! A text is reported at its own cell: a table cell, a measure's field, an item's yearly
//! result and a budget role each carry their provenance, and the texts that are plain strings
//! of their record (an item's 内容, a project's 事業概要 and 備考, a budget's 事業の目的と概要)
//! are found in the record's `field_provenance`. A text without a place of its own (a
//! document written before fields carried their provenance) is reported at its record.
//! Either way the message names the field.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Document, LabelledText, Location, Record, Table, TextField, Value, ValueKind};

use super::tables::{is_leftover_text, tables};
use super::{Check, Findings, Subject};

/// The shortest phrase whose back-to-back repeat is reported.
const MIN_PHRASE: usize = 3;
/// The longest phrase looked for, and the longest text searched: the search takes time
/// proportional to their product, and a cell can be long.
const MAX_PHRASE: usize = 200;
const MAX_SEARCHED: usize = 20_000;
/// The shortest list item whose repeat is reported.
const MIN_ITEM: usize = 4;
/// The shortest row or field (all its text, spaces dropped) whose repeat is reported.
const MIN_ROW: usize = 8;

/// Characters that open a list item.
const BULLETS: [char; 8] = ['・', '○', '●', '◎', '■', '□', '◇', '◆'];

/// Runs the repeat checks.
pub(super) fn check(document: &Document, out: &mut Findings<'_>) {
    for record in &document.records {
        for text in texts(record) {
            phrase(record, &text, out);
            list_items(record, &text, out);
        }
        if let Record::Measure(measure) = record {
            repeated_fields(record, &measure.fields, out);
        }
    }
    repeated_tables(document, out);
}

/// A text of a record: where it is, its text, and the field it fills.
pub(super) struct Text<'a> {
    /// Where the text was read, when it has a place of its own.
    at: Option<&'a Location>,
    /// The text (a cell's raw text; a field's text as the record keeps it).
    pub(super) body: &'a str,
    /// The field's label for messages (`総括`, `2017年度実績`); empty for a table cell.
    field: String,
}

/// The free texts of a record.
pub(super) fn texts(record: &Record) -> Vec<Text<'_>> {
    match record {
        Record::Measure(m) => {
            m.fields.iter().map(|f| field(&f.label, &f.text, f.provenance.as_deref())).collect()
        }
        Record::Item(i) => {
            let at = i.common.located(TextField::Description);
            let description = i.description.iter().map(|d| field("内容", d, at));
            let results = i
                .results
                .iter()
                .map(|r| field(&format!("{}年度実績", r.year), &r.text, r.provenance.as_deref()));
            description.chain(results).collect()
        }
        Record::Project(p) => {
            let (at, remarks_at) =
                (p.common.located(TextField::Description), p.common.located(TextField::Remarks));
            let description = p.description.iter().map(|d| field("事業概要", d, at));
            description.chain(p.remarks.iter().map(|r| field("備考", r, remarks_at))).collect()
        }
        Record::Budget(b) => {
            let at = b.common.located(TextField::Description);
            let description = b.description.iter().map(|d| field("事業の目的と概要", d, at));
            let roles = b.roles.iter().map(|r| field(&r.party, &r.text, r.provenance.as_deref()));
            description.chain(roles).collect()
        }
        Record::Table(t) => t
            .rows
            .iter()
            .flatten()
            .flatten()
            .filter(|v| v.kind == ValueKind::Text)
            .map(|v| Text { at: v.provenance.as_deref(), body: &v.raw, field: String::new() })
            .collect(),
        Record::Kpi(_) => Vec::new(),
    }
}

/// A labelled text field, read at `at` when it has a place of its own.
fn field<'a>(label: &str, text: &'a str, at: Option<&'a Location>) -> Text<'a> {
    Text { at, body: text, field: label.to_owned() }
}

/// Where to report a finding about a text: its own place, else its record's.
pub(super) fn subject<'a>(record: &'a Record, text: &'a Text<'_>) -> Subject<'a> {
    Subject::part(record, text.at, text.body)
}

/// " (field 総括)" for messages, or "".
fn in_field(text: &Text<'_>) -> (String, String) {
    if text.field.is_empty() {
        return (String::new(), String::new());
    }
    (format!(" (field {})", text.field), format!("({})", text.field))
}

// Phrases

/// True for a character of Japanese text (kana or kanji).
fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}')
}

/// True for a phrase whose doubling is a slip: it has a kana or kanji, more than one
/// distinct character, and no space or bullet.
fn plausible(phrase: &[char]) -> bool {
    let distinct: BTreeSet<&char> = phrase.iter().collect();
    phrase.iter().any(|c| is_japanese(*c))
        && distinct.len() > 1
        && !phrase.iter().any(|c| c.is_whitespace() || BULLETS.contains(c))
}

/// The first phrase repeated back to back in a text (the earliest, then the shortest). For
/// each length, one pass counts how many characters in a row equal the character `len`
/// further on; a run of `len` is a doubled phrase.
fn doubled_phrase(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().take(MAX_SEARCHED).collect();
    let mut best: Option<(usize, usize)> = None;
    for len in MIN_PHRASE..=(chars.len() / 2).min(MAX_PHRASE) {
        let mut run = 0;
        for (i, (a, b)) in chars.iter().zip(chars.iter().skip(len)).enumerate() {
            if a != b {
                run = 0;
                continue;
            }
            run += 1;
            let start = (i + 1).saturating_sub(len);
            if run >= len
                && best.is_none_or(|(s, _)| start < s)
                && chars.get(start..start + len).is_some_and(plausible)
            {
                best = Some((start, len));
                break;
            }
        }
    }
    let (start, len) = best?;
    chars.get(start..start + len).map(|p| p.iter().collect())
}

fn phrase(record: &Record, text: &Text<'_>, out: &mut Findings<'_>) {
    let Some(repeated) = doubled_phrase(text.body) else { return };
    let (field, field_ja) = in_field(text);
    out.push(
        Check::DuplicatePhrase,
        &subject(record, text),
        format!("{repeated:?} is printed twice in a row{field}"),
        format!("「{repeated}」が続けて2回記載されています{field_ja}"),
    );
}

// List items

/// The bullet a cell's list uses: its first character when that is a bullet, else a
/// `○`-style bullet printed at least twice.
fn bullet_of(text: &str) -> Option<char> {
    let first = text.trim_start().chars().next()?;
    if BULLETS.contains(&first) {
        return Some(first);
    }
    BULLETS.iter().skip(1).copied().find(|b| text.matches(*b).count() >= 2)
}

/// The items of a list cell, split at its bullet outside brackets.
fn list_of(text: &str) -> Vec<String> {
    let Some(bullet) = bullet_of(text) else { return Vec::new() };
    let mut items = vec![String::new()];
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '（' | '「' | '『' | '【' | '[' => depth += 1,
            ')' | '）' | '」' | '』' | '】' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if c == bullet && depth == 0 {
            items.push(String::new());
        } else if let Some(last) = items.last_mut() {
            last.push(c);
        }
    }
    items.into_iter().skip(1).collect()
}

/// An item folded for comparison: spaces, `・` and trailing separators dropped.
fn item_key(item: &str) -> String {
    item.chars()
        .filter(|c| !c.is_whitespace() && *c != '・')
        .collect::<String>()
        .trim_end_matches(['、', ',', '。'])
        .to_owned()
}

/// How many repeated items a message names.
const ITEMS_SHOWN: usize = 5;

/// One finding per list cell, naming the items it gives twice.
fn list_items(record: &Record, text: &Text<'_>, out: &mut Findings<'_>) {
    let mut seen = BTreeSet::new();
    let mut repeated: Vec<String> = Vec::new();
    for item in list_of(text.body) {
        let key = item_key(&item);
        if key.chars().count() >= MIN_ITEM && !seen.insert(key) {
            let item = item.trim().to_owned();
            if !repeated.contains(&item) {
                repeated.push(item);
            }
        }
    }
    if repeated.is_empty() {
        return;
    }
    let more = repeated.len().saturating_sub(ITEMS_SHOWN);
    let shown: Vec<&str> = repeated.iter().take(ITEMS_SHOWN).map(String::as_str).collect();
    let (and_more, and_more_ja) = if more > 0 {
        (format!(" and {more} more"), format!("ほか{more}件"))
    } else {
        (String::new(), String::new())
    };
    let (field, field_ja) = in_field(text);
    out.push(
        Check::DuplicateListItem,
        &subject(record, text),
        format!("list items given twice in one cell{field}: {:?}{and_more}", shown.join("; ")),
        format!(
            "同じセルに2回記載された項目があります{field_ja}:「{}」{and_more_ja}",
            shown.join("」「")
        ),
    );
}

// Rows and fields

/// Text folded for comparing rows: spaces dropped.
fn row_key(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Measure fields equal to an earlier field of the same measure, reported at the later one.
fn repeated_fields(record: &Record, fields: &[LabelledText], out: &mut Findings<'_>) {
    for (i, later) in fields.iter().enumerate() {
        let key = row_key(&later.text);
        if key.chars().count() < MIN_ROW {
            continue;
        }
        let earlier = fields.get(..i).unwrap_or(&[]).iter().find(|f| row_key(&f.text) == key);
        let Some(earlier) = earlier else { continue };
        let place = earlier.provenance.as_deref().map_or_else(String::new, |at| format!(" ({at})"));
        let (label, earlier) = (&later.label, &earlier.label);
        out.push(
            Check::DuplicateRow,
            &Subject::part(record, later.provenance.as_deref(), &later.text),
            format!(
                "the field {label} repeats the field {earlier}{place} of the same record word \
                 for word"
            ),
            format!("「{label}」欄が同じ施策の「{earlier}」欄{place}と同じ文面です"),
        );
    }
}

/// The text of a table row, folded, one string per cell.
fn row_keys(row: &[Option<Value>]) -> Vec<String> {
    row.iter().map(|c| c.as_ref().map_or_else(String::new, |v| row_key(&v.raw))).collect()
}

/// Tables that repeat an earlier table, and rows that repeat an earlier row of their table.
fn repeated_tables(document: &Document, out: &mut Findings<'_>) {
    let mut earlier: Vec<(&Table, Vec<Vec<String>>)> = Vec::new();
    for (record, table) in tables(&document.records) {
        let keys: Vec<Vec<String>> = table.rows.iter().map(|r| row_keys(r)).collect();
        let header: Vec<String> = table.header.iter().map(|h| row_key(&h.raw)).collect();
        let copy = earlier.iter().find(|(t, k)| {
            keys.len() >= 2
                && *k == keys
                && t.header.iter().map(|h| row_key(&h.raw)).collect::<Vec<_>>() == header
        });
        if let Some((original, _)) = copy {
            let at = &original.common.provenance;
            out.push(
                Check::DuplicateRow,
                &Subject::record(record),
                format!("this table repeats the table at {at} row for row"),
                format!("この表は {at} の表と同じ内容です"),
            );
        } else if !is_leftover_text(table) {
            repeated_rows(record, table, &keys, out);
        }
        earlier.push((table, keys));
    }
}

/// Rows equal to an earlier row of the same table.
fn repeated_rows(record: &Record, table: &Table, keys: &[Vec<String>], out: &mut Findings<'_>) {
    let mut first_of: BTreeMap<&[String], usize> = BTreeMap::new();
    for (i, (row, key)) in table.rows.iter().zip(keys).enumerate() {
        if key.iter().map(|k| k.chars().count()).sum::<usize>() < MIN_ROW {
            continue;
        }
        let first = *first_of.entry(key.as_slice()).or_insert(i);
        if first == i {
            continue;
        }
        let Some(cell) = row.iter().flatten().next() else { continue };
        let earlier = table
            .rows
            .get(first)
            .and_then(|r| r.iter().flatten().next())
            .and_then(|v| v.provenance.as_deref())
            .map_or_else(String::new, |at| format!(" at {at}"));
        out.push(
            Check::DuplicateRow,
            &Subject::value(record, cell),
            format!("this row repeats the row{earlier} of the same table"),
            format!("この行は同じ表の行{earlier}と同じ内容です"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{common, document};
    use super::super::{Rules, validate};
    use super::{doubled_phrase, list_of};
    use crate::model::{Budget, Item, LabelledText, Location, Measure, Project, Record, TextField};

    // Where a field's finding goes

    /// A measure starting at line 5 whose fields sit at 5:2 and 5:3, or nowhere.
    fn measure(located: bool) -> Record {
        let field = |label: &str, text: &str, col| {
            let at = Location::text_line("t.txt".into(), 5, Some(col));
            let mut field = LabelledText::new(label, text.to_owned(), at);
            if !located {
                field.provenance = None;
            }
            field
        };
        Record::Measure(Measure {
            common: common("m", 5),
            title: "施策".into(),
            fields: vec![
                field("施策の概要", "創業者を支援します。します。", 2),
                field("総括", "創業者を支援します。します。", 3),
            ],
            ..Measure::default()
        })
    }

    fn places(record: Record) -> Vec<(String, u32, u32)> {
        let found = validate(&document(vec![record]), &Rules::default());
        found
            .into_iter()
            .map(|f| (f.code, f.provenance.line.unwrap(), f.provenance.col.unwrap()))
            .collect()
    }

    #[test]
    fn a_field_is_reported_at_its_own_cell() {
        let (phrase, row) = ("validate.duplicate_phrase".to_owned(), "validate.duplicate_row");
        assert_eq!(
            places(measure(true)),
            [(phrase.clone(), 5, 2), (phrase, 5, 3), (row.to_owned(), 5, 3)]
        );
    }

    #[test]
    fn a_plain_string_field_is_reported_where_it_was_read() {
        // Records starting at 5:1 whose 内容, 事業概要, 備考 and 事業の目的と概要 were read at 6:2,
        // 5:8, 5:13 and 7:3; a description read nowhere stays at its record.
        let doubled = || Some("創業者を支援します。します。".to_owned());
        let at = |line, col| Some(Location::text_line("t.txt".into(), line, Some(col)));
        let item = Item {
            common: common("i", 5).with_field(TextField::Description, at(6, 2)),
            description: doubled(),
            ..Item::default()
        };
        let project = Project {
            common: common("p", 5)
                .with_field(TextField::Description, at(5, 8))
                .with_field(TextField::Remarks, at(5, 13)),
            description: doubled(),
            remarks: doubled(),
            ..Project::default()
        };
        let budget = |located| Budget {
            common: common("b", 5).with_field(TextField::Description, at(7, 3).filter(|_| located)),
            description: doubled(),
            ..Budget::default()
        };
        let phrase = |line, col| ("validate.duplicate_phrase".to_owned(), line, col);
        assert_eq!(places(Record::Item(item)), [phrase(6, 2)]);
        assert_eq!(places(Record::Project(project)), [phrase(5, 8), phrase(5, 13)]);
        assert_eq!(places(Record::Budget(budget(true))), [phrase(7, 3)]);
        assert_eq!(places(Record::Budget(budget(false))), [phrase(5, 1)]);
    }

    #[test]
    fn a_field_without_provenance_is_reported_at_its_record() {
        // A document written before fields carried their provenance.
        assert!(places(measure(false)).iter().all(|(_, line, col)| (*line, *col) == (5, 1)));
    }

    // Phrases

    #[test]
    fn a_doubled_phrase_is_found_and_doubled_words_are_not() {
        assert_eq!(
            doubled_phrase("「食と農の複合施設構想」の実現を目指します。します。").as_deref(),
            Some("します。")
        );
        for fine in [
            "市民一人一人が",
            "なかなか進まなかった",
            "健康のびのび・安心事業",
            "・アンケート調査・アンケート調査・利用実態",
            "1,1,1,1",
        ] {
            assert_eq!(doubled_phrase(fine), None, "{fine}");
        }
    }

    // Lists

    #[test]
    fn list_items_split_at_the_bullet_outside_brackets() {
        assert_eq!(
            list_of("・救急医療事業(在宅当番医制・病院群輪番制) ・食生活改善事業・予防接種事業"),
            ["救急医療事業(在宅当番医制・病院群輪番制) ", "食生活改善事業", "予防接種事業"]
        );
        assert_eq!(list_of("○幹事会○人権・部落問題会議"), ["幹事会", "人権・部落問題会議"]);
        assert!(list_of("普通の文章です。").is_empty());
    }
}
