//! Names printed as two names in one cell with no marker (field guide §5.1, "Rename shown as
//! a concatenated name"): `②観光資源及び地域資源の活用 観光地域づくりの推進` is the old name
//! and the new one. The record keeps the printed name; the cell is reported as
//! `extract.name_ambiguous` so that `reconcile` can decide whether it is a rename.
//!
//! The recognizers hand every name cell whose text splits on one space into two plausible
//! names to [`Context`] as a [`Candidate`]; at the end of the document each is reported when
//! one of its parts is printed as a name elsewhere in the document, or when the cell starts
//! with an ordinal and its two parts are names of similar length. Conservative by design: a
//! since-year (`(H28~)`), a value, a sentence or a list item is never a second name.

use crate::model::{Diagnostic, Location, Record};
use crate::normalize::text::fold_keep_spaces;

use super::Context;
use super::cells::clean_text;

/// A name cell that reads as two names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    /// The cell text as printed (first line).
    printed: String,
    /// Whether it starts with an ordinal (`②`, `(1)`).
    numbered: bool,
    /// The two names, normalized.
    parts: [String; 2],
    /// The name cell.
    at: Location,
}

/// Each part of a two-name cell has at least this many characters.
const MIN_NAME_CHARS: usize = 4;

/// Keeps a name cell for the end-of-document check when it splits into two plausible names.
pub(crate) fn note(ctx: &mut Context, printed: &str, at: &Location) {
    let spaced = fold_keep_spaces(printed.trim()).into_owned();
    let (numbered, rest) = strip_ordinal(&spaced);
    let words: Vec<&str> = rest.split_whitespace().collect();
    let [first, second] = words.as_slice() else { return };
    if !plausible_name(first) || !plausible_name(second) {
        return;
    }
    let parts = [clean_text(first), clean_text(second)];
    let candidate = Candidate { printed: spaced.clone(), numbered, parts, at: at.clone() };
    ctx.name_candidates.push(candidate);
}

/// `②…`, `(1)…`, `【(1)…】`: whether a name starts with an ordinal, and the rest.
fn strip_ordinal(text: &str) -> (bool, &str) {
    let inner = text.trim_start_matches('【').trim_end_matches('】');
    let mut chars = inner.chars();
    if chars.next().is_some_and(|c| ('①'..='⑳').contains(&c)) {
        return (true, chars.as_str().trim_start());
    }
    let bracketed = inner.strip_prefix('(').and_then(|r| {
        let close = r.find(')')?;
        let number = r.get(..close)?;
        (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
            .then(|| r.get(close + 1..))
            .flatten()
    });
    match bracketed {
        Some(rest) => (true, rest.trim_start()),
        None => (false, inner),
    }
}

/// A word that can be a name on its own: long enough, mostly Japanese, not a bracketed note
/// (`(H28~)`), a number, a sentence, a list item or a header label.
fn plausible_name(word: &str) -> bool {
    let chars = word.chars().count();
    let cjk = word.chars().filter(|c| is_cjk(*c)).count();
    chars >= MIN_NAME_CHARS
        && cjk * 2 >= chars
        && !word.starts_with(['(', '（', '・', '○', '【', '※', '-'])
        && !word.contains(['。', '、', ':', '：'])
        && !word.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Kana or kanji.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Reports the candidates that read as two names, now that every name of the document is
/// known.
pub(crate) fn report_ambiguous(ctx: &mut Context) {
    let candidates = std::mem::take(&mut ctx.name_candidates);
    for candidate in candidates {
        let elsewhere =
            candidate.parts.iter().find_map(|part| printed_elsewhere(ctx, part, &candidate));
        if elsewhere.is_none() && !(candidate.numbered && similar_lengths(&candidate.parts)) {
            continue;
        }
        let [first, second] = &candidate.parts;
        let evidence = match &elsewhere {
            Some((part, at)) => format!("{part} is printed as a name on its own at {at}"),
            None => "the cell starts with an ordinal and both parts read as names".to_owned(),
        };
        ctx.diagnostics.push(Diagnostic::warning(
            "extract.name_ambiguous",
            format!(
                "{:?} reads as two names with no marker between them, {first} and {second} \
                 ({evidence}), perhaps an old and a new name; the name is kept as printed",
                candidate.printed
            ),
            candidate.at.clone(),
        ));
    }
}

/// Where a name part is printed as the whole name of another measure or KPI.
fn printed_elsewhere(
    ctx: &Context,
    part: &str,
    candidate: &Candidate,
) -> Option<(String, Location)> {
    ctx.records.iter().find_map(|record| {
        let (name, at) = match record {
            Record::Measure(m) => (m.title.as_str(), &m.common.provenance),
            Record::Kpi(k) => (k.indicator.as_str(), &k.common.provenance),
            _ => return None,
        };
        (name == part && *at != candidate.at).then(|| (part.to_owned(), at.clone()))
    })
}

/// Two names of similar length (neither more than twice the other).
fn similar_lengths(parts: &[String; 2]) -> bool {
    let [a, b] = parts.each_ref().map(|p| p.chars().count());
    a <= 2 * b && b <= 2 * a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_names() {
        assert!(plausible_name("観光地域づくりの推進"));
        assert!(!plausible_name("(H28~)"));
        assert!(!plausible_name("7.8%"));
        assert!(!plausible_name("・本社機能の誘致"));
        assert!(!plausible_name("推進"));
    }

    #[test]
    fn ordinals_are_stripped() {
        assert_eq!(strip_ordinal("②観光資源 観光"), (true, "観光資源 観光"));
        assert_eq!(strip_ordinal("【(1)市の魅力発信強化】"), (true, "市の魅力発信強化"));
        assert_eq!(strip_ordinal("市内就業者数"), (false, "市内就業者数"));
    }
}
