//! Totals and differences the document states, recomputed from their parts
//! ([`Check::SumMismatch`]):
//!
//! * a total row (`合計`, `計`, `三大都市圏計`) against the rows above it (or below it, when
//!   it comes first), column by column;
//! * a total column (`合計`) against the columns before it, row by row;
//! * the count in front of grade-count cells (`12 | ○ 9 | × 3`) against their sum;
//! * a difference row (`増減`, `自然動態`): with one row above it, the change between
//!   consecutive years of that row (the header must be years in order); with two rows above
//!   it, the first minus the second (出生数 − 死亡数);
//! * a difference column (`増減`) against the two columns before it (転入 − 転出);
//! * a summary table of yearly amounts (`5か年効果額`, in the scale its title states, e.g.
//!   `(千円)`) against the sum of the yearly `effects` of the item it names (`28` = `No.28`).
//!
//! Percentages, rates and averages are never summed. Every comparison tolerates one unit of
//! the last printed digit (a 千円 amount may be off by 1,000 円). A difference is checked
//! under the sign most of its cells follow (転出 − 転入 is as good as 転入 − 転出), and not at
//! all when fewer than half of its cells agree under either sign: then the rows are not the
//! difference the label suggests. A cell found wrong by two checks is reported once.

use std::collections::BTreeMap;

use crate::model::{Document, Item, Record, Table, Value, ValueKind};

use super::tables::{
    Printed, cell, header_text, is_difference_label, is_rate_label, is_total_label, label_key,
    row_label, same, shown, tables, tolerance,
};
use super::{Check, Findings, Subject, number};

/// A row of a table: its cells, `None` where the row has no cell.
type Row = [Option<Value>];

/// Runs the sum checks.
pub(super) fn check(document: &Document, out: &mut Findings<'_>) {
    let mut found = Mismatches::default();
    for (record, table) in tables(&document.records) {
        let scaled = stated_scale(table).is_some_and(|s| s > 1.0);
        let mut at = TableAt { record, table, scaled, found: &mut found };
        at.total_rows();
        at.total_columns();
        at.count_totals();
        at.difference_rows();
        at.difference_columns();
    }
    yearly_totals(document, &mut found);
    found.report(out);
}

/// A printed total that disagrees with its parts.
struct Mismatch<'a> {
    record: &'a Record,
    cell: &'a Value,
    /// What the cell should hold.
    computed: f64,
    /// Why, in English and Japanese.
    why: String,
    why_ja: String,
}

/// The mismatches found, one per cell.
#[derive(Default)]
struct Mismatches<'a> {
    by_cell: BTreeMap<(Option<String>, u32, u32), Mismatch<'a>>,
}

impl<'a> Mismatches<'a> {
    /// Keeps the first mismatch reported at a cell.
    fn add(&mut self, mismatch: Mismatch<'a>) {
        let at = mismatch.cell.provenance.as_deref();
        let key = at.map_or((None, 0, 0), |at| {
            (
                at.sheet.as_deref().map(str::to_owned),
                at.row.or(at.line).unwrap_or(0),
                at.col.unwrap_or(0),
            )
        });
        self.by_cell.entry(key).or_insert(mismatch);
    }

    fn report(self, out: &mut Findings<'_>) {
        for m in self.by_cell.into_values() {
            let raw = &m.cell.raw;
            let computed = shown(m.computed);
            out.push(
                Check::SumMismatch,
                &Subject::value(m.record, m.cell),
                format!("{raw:?} should be {computed}: {}", m.why),
                format!("「{raw}」は{computed}になるはずです: {}", m.why_ja),
            );
        }
    }
}

/// One table being checked.
struct TableAt<'a, 'm> {
    record: &'a Record,
    table: &'a Table,
    /// True when the table states a unit scale (`(千円)`): its numbers are rounded.
    scaled: bool,
    found: &'m mut Mismatches<'a>,
}

/// The sum of printed numbers.
fn total_of(parts: &[Printed]) -> f64 {
    parts.iter().map(|p| p.value).sum()
}

/// The line (or row) a Value was read on, for messages.
fn line_of(value: &Value) -> String {
    value
        .provenance
        .as_deref()
        .and_then(|at| at.line.or(at.row))
        .map_or_else(String::new, |l| format!(":{l}"))
}

/// The label of a row for messages, or "".
fn label_of(row: &Row) -> &str {
    row_label(row).map_or("", |v| v.raw.as_str())
}

impl<'a> TableAt<'a, '_> {
    fn rows(&self) -> &'a [Vec<Option<Value>>] {
        &self.table.rows
    }

    /// Compares one printed total with its parts, read in one or more ways (the first is the
    /// usual one); every part must be a number. Reported when no reading adds up.
    fn compare(
        &mut self,
        total: &'a Value,
        readings: &[Vec<Option<&Value>>],
        why: (String, String),
    ) {
        let Some(stated) = Printed::additive(total) else { return };
        let mut first = None;
        for cells in readings {
            let parts: Option<Vec<Printed>> =
                cells.iter().map(|p| p.and_then(Printed::additive)).collect();
            let Some(mut parts) = parts.filter(|p| !p.is_empty()) else { continue };
            let sum = total_of(&parts);
            parts.push(stated);
            if same(stated.value, sum, tolerance(&parts, self.scaled)) {
                return;
            }
            first.get_or_insert(sum);
        }
        if let Some(sum) = first {
            let (why, why_ja) = why;
            self.found.add(Mismatch {
                record: self.record,
                cell: total,
                computed: sum,
                why,
                why_ja,
            });
        }
    }

    /// Total rows against the rows since the previous total row (or after it, when the total
    /// comes first). A grand total after subtotals may also add up every row above it that is
    /// not a total, or the subtotals and the rows after the last one. `うち` rows (of which)
    /// are never parts.
    fn total_rows(&mut self) {
        let rows = self.rows();
        let is_total = |i: usize| rows.get(i).is_some_and(|r| is_total_label(label_of(r)));
        let is_part = |i: &usize| {
            let label = label_of(rows.get(*i).map_or(&[][..], Vec::as_slice));
            !label.trim_start_matches(['(', '（', '・']).starts_with("うち")
        };
        let mut start = 0;
        for i in (0..rows.len()).filter(|&i| is_total(i)) {
            let block: Vec<usize> = if i > start {
                (start..i).filter(is_part).collect()
            } else {
                (i + 1..rows.len()).take_while(|&j| !is_total(j)).filter(is_part).collect()
            };
            let above: Vec<usize> = (0..i).filter(|&j| !is_total(j)).filter(is_part).collect();
            let subtotals: Vec<usize> =
                (0..start).filter(|&j| is_total(j)).chain(start..i).filter(is_part).collect();
            start = i + 1;
            let Some(row) = rows.get(i) else { continue };
            let label = label_of(row);
            let n = block.len();
            for col in 1..row.len() {
                if is_rate_label(header_text(self.table, col)) {
                    continue;
                }
                let Some(total) = cell(row, col) else { continue };
                let read = |parts: &[usize]| -> Vec<Option<&Value>> {
                    parts.iter().map(|&j| rows.get(j).and_then(|r| cell(r, col))).collect()
                };
                let readings = [read(&block), read(&above), read(&subtotals)];
                let why = (
                    format!("the total row {label:?} is the sum of its {n} part rows"),
                    format!("「{label}」行は{n}行の内訳の合計です"),
                );
                self.compare(total, &readings, why);
            }
        }
    }

    /// Total columns against the columns since the previous total column.
    fn total_columns(&mut self) {
        let mut start = 1;
        for col in 1..self.table.header.len() {
            let header = header_text(self.table, col);
            if !is_total_label(header) {
                continue;
            }
            let parts: Vec<usize> = (start..col)
                .filter(|&c| {
                    let h = header_text(self.table, c);
                    !is_difference_label(h) && !is_rate_label(h)
                })
                .collect();
            start = col + 1;
            if parts.is_empty() {
                continue;
            }
            let n = parts.len();
            for row in self.rows() {
                let Some(total) = cell(row, col) else { continue };
                let cells: Vec<Option<&Value>> = parts.iter().map(|&c| cell(row, c)).collect();
                let label = label_of(row);
                let why = (
                    format!(
                        "the total column {header:?} of row {label:?} is the sum of the {n} \
                         columns before it"
                    ),
                    format!("「{label}」行の「{header}」列は左の{n}列の合計です"),
                );
                self.compare(total, &[cells], why);
            }
        }
    }

    /// The count printed before grade-count cells (`12 | ○ 9 | × 3`) against their sum.
    fn count_totals(&mut self) {
        for row in self.rows() {
            let Some(first) =
                row.iter().position(|c| c.as_ref().is_some_and(|v| !grade_counts(v).is_empty()))
            else {
                continue;
            };
            let Some(total) = row.get(..first).and_then(|before| {
                before.iter().rev().flatten().find(|v| {
                    matches!(v.kind, ValueKind::Number | ValueKind::Quantity) && number(v).is_some()
                })
            }) else {
                continue;
            };
            let counts: Option<Vec<f64>> = row
                .get(first..)
                .unwrap_or(&[])
                .iter()
                .flatten()
                .flat_map(|v| grade_counts(v).into_iter().map(|(_, n)| n))
                .collect();
            let Some(counts) = counts else { continue };
            let sum: f64 = counts.iter().sum();
            if !same(number(total).unwrap_or(sum), sum, 0.0) {
                let label = label_of(row);
                self.found.add(Mismatch {
                    record: self.record,
                    cell: total,
                    computed: sum,
                    why: format!("the count of row {label:?} is the sum of its grade counts"),
                    why_ja: format!("「{label}」行の評価別の件数の合計です"),
                });
            }
        }
    }

    /// Difference rows: of consecutive years of one row, or of the two rows above.
    fn difference_rows(&mut self) {
        let rows = self.rows();
        let mut start = 0;
        for (i, row) in rows.iter().enumerate() {
            let label = label_of(row);
            if is_total_label(label) {
                start = i + 1;
                continue;
            }
            if !is_difference_label(label) {
                continue;
            }
            let operands: Vec<&Vec<Option<Value>>> = rows
                .get(start..i)
                .unwrap_or(&[])
                .iter()
                .filter(|r| r.iter().flatten().any(|v| number(v).is_some()))
                .collect();
            start = i + 1;
            match operands.as_slice() {
                [level] => self.consecutive(row, level),
                [a, b] => self.pairwise_rows(row, a, b),
                _ => {}
            }
        }
    }

    /// `diff[c] = level[c] − level[c−1]`, when the header is years in increasing order.
    fn consecutive(&mut self, diff: &'a Row, level: &'a Row) {
        let years: Vec<Option<i32>> = self.table.header.iter().skip(1).map(|h| h.year).collect();
        let increasing = years.windows(2).all(|w| matches!(w, [Some(a), Some(b)] if b > a));
        if years.len() < 2 || !increasing {
            return;
        }
        let (name, label) = (label_of(level), label_of(diff));
        let checks = (2..diff.len())
            .filter_map(|c| {
                let now = Printed::of(cell(level, c)?)?;
                let before = Printed::of(cell(level, c - 1)?)?;
                let printed = cell(diff, c)?;
                let year = header_text(self.table, c);
                let previous = header_text(self.table, c - 1);
                let why = (
                    format!("{label:?} under {year} is {name} {year} − {name} {previous}"),
                    format!("{year}の「{label}」は{name}の{year}と{previous}の差です"),
                );
                Some(Difference {
                    printed,
                    expected: now.value - before.value,
                    operands: [now, before],
                    why,
                })
            })
            .collect();
        self.judge(checks);
    }

    /// `diff[c] = a[c] − b[c]` (出生数 − 死亡数).
    fn pairwise_rows(&mut self, diff: &'a Row, a: &'a Row, b: &'a Row) {
        let (label, a_name, b_name) = (label_of(diff), label_of(a), label_of(b));
        let checks = (1..diff.len())
            .filter_map(|c| {
                let (x, y) = (Printed::of(cell(a, c)?)?, Printed::of(cell(b, c)?)?);
                let header = header_text(self.table, c);
                let why = (
                    format!("{label:?} under {header} is {a_name} − {b_name}"),
                    format!("{header}の「{label}」は{a_name}と{b_name}の差です"),
                );
                Some(Difference {
                    printed: cell(diff, c)?,
                    expected: x.value - y.value,
                    operands: [x, y],
                    why,
                })
            })
            .collect();
        self.judge(checks);
    }

    /// Difference columns: `diff = a − b` for the two numeric columns before it.
    fn difference_columns(&mut self) {
        let mut start = 1;
        for col in 1..self.table.header.len() {
            let header = header_text(self.table, col);
            if is_total_label(header) {
                start = col + 1;
            }
            if !is_difference_label(header) {
                continue;
            }
            let operands: Vec<usize> = (start..col)
                .filter(|&c| self.rows().iter().any(|r| cell(r, c).and_then(number).is_some()))
                .collect();
            start = col + 1;
            let [a, b] = operands.as_slice() else { continue };
            let (a_name, b_name) = (header_text(self.table, *a), header_text(self.table, *b));
            let checks = self
                .rows()
                .iter()
                .filter_map(|row| {
                    let (x, y) = (Printed::of(cell(row, *a)?)?, Printed::of(cell(row, *b)?)?);
                    let label = label_of(row);
                    let why = (
                        format!("{header:?} of row {label:?} is {a_name} − {b_name}"),
                        format!("「{label}」行の「{header}」は{a_name}と{b_name}の差です"),
                    );
                    Some(Difference {
                        printed: cell(row, col)?,
                        expected: x.value - y.value,
                        operands: [x, y],
                        why,
                    })
                })
                .collect();
            self.judge(checks);
        }
    }

    /// Reports the differences that disagree under the sign most of them follow; nothing
    /// when fewer than half agree under either sign.
    fn judge(&mut self, checks: Vec<Difference<'a>>) {
        let scaled = self.scaled;
        let numbered: Vec<(Difference<'a>, Printed, f64)> = checks
            .into_iter()
            .filter_map(|d| {
                let p = Printed::of(d.printed)?;
                let [x, y] = d.operands;
                let tolerance = tolerance(&[x, y, p], scaled);
                Some((d, p, tolerance))
            })
            .collect();
        let agreeing = |sign: f64| {
            numbered.iter().filter(|(d, p, t)| same(p.value, sign * d.expected, *t)).count()
        };
        let (plus, minus) = (agreeing(1.0), agreeing(-1.0));
        let sign = if plus >= minus { 1.0 } else { -1.0 };
        if plus.max(minus) * 2 < numbered.len() {
            return;
        }
        for (d, p, t) in numbered {
            let expected = sign * d.expected;
            if !same(p.value, expected, t) {
                let (why, why_ja) = d.why;
                self.found.add(Mismatch {
                    record: self.record,
                    cell: d.printed,
                    computed: expected,
                    why,
                    why_ja,
                });
            }
        }
    }
}

/// A printed difference and what it should be (before the sign is chosen).
struct Difference<'a> {
    printed: &'a Value,
    expected: f64,
    /// The operands, for the tolerance.
    operands: [Printed; 2],
    why: (String, String),
}

/// The grades a cell counts, with their counts: `○ 9` is one, `○ 2 △ 4 × 3 - 2` several. A
/// grade printed without a count (`×`) has `None`.
pub(super) fn grade_counts(value: &Value) -> Vec<(&str, Option<f64>)> {
    if let Some(grade) = value.grade.as_deref() {
        return vec![(grade, value.value.filter(|n| n.is_finite()))];
    }
    if value.parts.is_empty() || value.parts.iter().any(|p| p.grade.is_none()) {
        return Vec::new();
    }
    value
        .parts
        .iter()
        .filter_map(|p| Some((p.grade.as_deref()?, p.value.filter(|n| n.is_finite()))))
        .collect()
}

// Yearly amounts against a summary table

/// True for a header that totals years (`5か年効果額`, `合計`, `累計`).
fn totals_years(header: &str) -> bool {
    let key = label_key(header);
    ["か年", "ヵ年", "ヶ年", "カ年", "ケ年", "箇年", "合計", "累計", "総額"]
        .iter()
        .any(|w| key.contains(w))
        || is_total_label(header)
}

/// The scale a table states for its bare numbers, from a bracketed unit in its title or
/// header (`(千円)`, `(単位:万円)`): the number of yen one printed unit stands for.
pub(super) fn stated_scale(table: &Table) -> Option<f64> {
    let texts =
        table.title.iter().map(String::as_str).chain(table.header.iter().map(|h| h.text.as_str()));
    for text in texts {
        for group in text.split(['(', '（']).skip(1) {
            let inside = group.split([')', '）']).next().unwrap_or("");
            let unit =
                inside.trim().trim_start_matches("単位").trim_start_matches([':', '：']).trim();
            let scale = match unit {
                "円" => 1.0,
                "千円" => 1e3,
                "万円" => 1e4,
                "百万円" => 1e6,
                "億円" => 1e8,
                _ => continue,
            };
            return Some(scale);
        }
    }
    None
}

/// The item a summary row names: its number cell (`28`, `No.28`) equals the item's number,
/// and, when the item has a name, a cell of the row prints it.
fn item_of_row<'a>(items: &[(&'a Record, &'a Item)], row: &Row) -> Option<(&'a Record, &'a Item)> {
    let first = cell(row, 0)?;
    let key: String = first
        .text
        .trim()
        .trim_start_matches("No")
        .trim_start_matches(['.', '．'])
        .trim()
        .to_owned();
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    items.iter().copied().find(|(_, item)| {
        digits(&item.number) == key
            && item.name.as_deref().is_none_or(|name| {
                row.iter().flatten().any(|v| label_key(&v.text) == label_key(name))
            })
    })
}

/// A summary table's yearly totals (`5か年効果額` of No.28) against the sum of the item's
/// yearly `effects`.
fn yearly_totals<'a>(document: &'a Document, found: &mut Mismatches<'a>) {
    let items: Vec<(&Record, &Item)> = document
        .records
        .iter()
        .filter_map(|r| if let Record::Item(i) = r { Some((r, i)) } else { None })
        .filter(|(_, i)| !i.effects.is_empty())
        .collect();
    if items.is_empty() {
        return;
    }
    for (record, table) in tables(&document.records) {
        let scale = stated_scale(table);
        for col in (1..table.header.len()).filter(|&c| totals_years(header_text(table, c))) {
            for row in &table.rows {
                let (Some(total), Some((_, item))) = (cell(row, col), item_of_row(&items, row))
                else {
                    continue;
                };
                yearly_total(record, table, col, total, item, scale, found);
            }
        }
    }
}

/// One summary cell against the sum of one item's effects.
fn yearly_total<'a>(
    record: &'a Record,
    table: &Table,
    col: usize,
    total: &'a Value,
    item: &Item,
    scale: Option<f64>,
    found: &mut Mismatches<'a>,
) {
    let Some(stated) = Printed::additive(total) else { return };
    let Some(effects) =
        item.effects.iter().map(|e| Printed::additive(&e.value)).collect::<Option<Vec<_>>>()
    else {
        return;
    };
    let in_yen = item.effects.iter().any(|e| e.value.kind == ValueKind::Money);
    let scale = match (total.kind, scale) {
        (ValueKind::Money, _) => 1.0,
        (_, Some(scale)) => scale,
        (_, None) if !in_yen => 1.0,
        // Yen on one side, a bare number of unstated scale on the other: not comparable.
        (_, None) => return,
    };
    let sum = total_of(&effects);
    let scaled = Printed {
        value: stated.value * scale,
        step: stated.step * scale,
        rounded: stated.rounded || scale > 1.0,
    };
    let n = effects.len();
    let mut all = effects;
    all.push(scaled);
    if same(scaled.value, sum, tolerance(&all, false)) {
        return;
    }
    let header = header_text(table, col);
    let number = &item.number;
    let years = item.effects.iter().map(|e| line_of(&e.value)).collect::<Vec<_>>().join(", ");
    found.add(Mismatch {
        record,
        cell: total,
        computed: sum / scale,
        why: format!("the {header} of {number} is the sum of its {n} yearly amounts ({years})"),
        why_ja: format!("{number}の{n}年分の年次額({years})の合計({header})です"),
    });
}

#[cfg(test)]
mod tests {
    use super::super::testing::{common, document};
    use super::super::{Rules, validate};
    use crate::model::{Location, Record, Table, Value, ValueKind};

    /// A cell at `line:col`: a number when it parses as one (`△` negative), else text.
    fn value(raw: &str, line: u32, col: u32) -> Value {
        let digits = raw.replace([',', '△', '%'], "");
        let mut value = Value::text(raw, raw);
        if let Ok(n) = digits.parse::<f64>() {
            value.kind = if raw.ends_with('%') { ValueKind::Percent } else { ValueKind::Number };
            value.value = Some(if raw.starts_with('△') { -n } else { n });
        }
        value.at(Location::text_line("t.txt".into(), line, Some(col)))
    }

    /// A table from tab-separated lines, the first being the header, starting on `line`.
    fn table(line: u32, lines: &[&str]) -> Record {
        let row = |text: &str, at: u32| -> Vec<Option<Value>> {
            (1u32..)
                .zip(text.split('\t'))
                .map(|(col, raw)| (!raw.is_empty()).then(|| value(raw, at, col)))
                .collect()
        };
        let (header, rows) = lines.split_first().unwrap();
        let mut header: Vec<Value> = row(header, line).into_iter().flatten().collect();
        for h in &mut header {
            if let Some(year) = h.text.strip_prefix('Y').and_then(|y| y.parse().ok()) {
                h.year = Some(year);
            }
        }
        let rows = (line + 1..).zip(rows).map(|(at, text)| row(text, at)).collect();
        Record::Table(Table { common: common("t", line), title: None, header, rows })
    }

    fn found(records: Vec<Record>) -> Vec<String> {
        let found = validate(&document(records), &Rules::default());
        found
            .into_iter()
            .map(|f| {
                format!("{}@{}:{}", f.code, f.provenance.line.unwrap(), f.provenance.col.unwrap())
            })
            .collect()
    }

    // Totals

    #[test]
    fn total_rows_and_columns_that_add_up_give_nothing() {
        let t =
            table(1, &["基本目標\t○\t×\t合計", "1\t14\t6\t20", "2\t5\t3\t8", "合計\t19\t9\t28"]);
        assert!(found(vec![t]).is_empty());
    }

    #[test]
    fn a_wrong_total_is_reported_once_at_its_cell() {
        let t =
            table(1, &["基本目標\t○\t×\t合計", "1\t14\t6\t20", "2\t5\t3\t8", "合計\t19\t9\t29"]);
        assert_eq!(found(vec![t]), ["validate.sum_mismatch@4:4"]);
    }

    #[test]
    fn a_subtotal_covers_the_rows_above_it_only() {
        let t = table(
            1,
            &[
                "都市圏\t転入数",
                "東京圏\t6,001",
                "名古屋圏\t1,154",
                "三大都市圏計\t7,155",
                "福岡市\t6,663",
            ],
        );
        assert!(found(vec![t]).is_empty());
    }

    #[test]
    fn a_grand_total_may_add_up_subtotals() {
        let rows = ["区分\t人数", "A\t1", "B\t2", "小計\t3", "C\t4", "(うちC1)\t2", "小計\t4"];
        let good = table(1, &[&rows[..], &["合計\t7"]].concat());
        assert!(found(vec![good]).is_empty());
        let bad = table(1, &[&rows[..], &["合計\t8"]].concat());
        assert_eq!(found(vec![bad]), ["validate.sum_mismatch@8:2"]);
    }

    #[test]
    fn rates_and_named_amounts_are_not_totals() {
        let named = table(1, &["項目\t額", "歳入総額\t100", "市税\t40", "地方交付税\t30"]);
        let rates = table(1, &["項目\t額\t率", "A\t10\t5%", "B\t30\t2%", "計\t40\t9%"]);
        assert!(found(vec![named, rates]).is_empty());
    }

    // Differences

    #[test]
    fn changes_between_consecutive_years() {
        let good =
            table(1, &["年度\tY2016\tY2017\tY2018", "人口\t100\t90\t95", "増減\t△3\t△10\t5"]);
        assert!(found(vec![good]).is_empty());
        let bad = table(
            1,
            &["年度\tY2016\tY2017\tY2018\tY2019", "人口\t100\t90\t95\t97", "増減\t△3\t△10\t5\t3"],
        );
        assert_eq!(found(vec![bad]), ["validate.sum_mismatch@3:5"]);
    }

    #[test]
    fn a_difference_of_two_rows_or_columns_under_either_sign() {
        let rows = table(
            1,
            &[
                "年度\tY2018\tY2019\tY2020",
                "出生数\t10\t12\t9",
                "死亡数\t15\t11\t9",
                "自然動態\t△5\t1\t1",
            ],
        );
        assert_eq!(found(vec![rows]), ["validate.sum_mismatch@4:4"]);
        let columns =
            table(1, &["県\t転入\t転出\t増減", "A\t10\t15\t5", "B\t3\t1\t△2", "C\t7\t7\t0"]);
        assert!(found(vec![columns]).is_empty());
    }

    #[test]
    fn unrelated_rows_under_a_difference_label_are_left_alone() {
        let t = table(
            1,
            &[
                "年度\tY2018\tY2019\tY2020",
                "出生数\t10\t12\t9",
                "死亡数\t15\t11\t9",
                "増減\t40\t70\t90",
            ],
        );
        assert!(found(vec![t]).is_empty());
    }
}
