//! The normalized forms of one cell's text, computed once per cell.
//!
//! Takes a decoded [`Cell`] and returns a [`CellText`]: its raw text and the forms the
//! extract stage compares and keeps — HTML removed ([`CellText::plain`]), folded
//! ([`CellText::clean`]), folded without white space ([`CellText::key`],
//! [`CellText::compact`]) — each exactly what the uncached function returns for the raw text
//! (see the accessors), computed the first time any of them is asked for and kept in the
//! cell's [`crate::model::FormsCache`]. Parsing a cell into a Value is left to
//! [`super::parse_cell`].

use crate::decode::html::to_plain_text;
use crate::model::{Cell, CellContent, TextForms};

use super::text::{fold_text, without_white_space};

/// A cell's raw text with its cached normalized forms.
#[derive(Debug, Clone, Copy)]
pub struct CellText<'a> {
    /// The raw text: a text cell's content, or what a typed cell shows.
    raw: &'a str,
    /// The forms derived from `raw`.
    forms: &'a TextForms,
}

/// The text of a cell and its normalized forms, computed on the first call for that cell
/// and read from its cache afterwards.
pub fn cell_text(cell: &Cell) -> CellText<'_> {
    let forms = cell.forms.get_or_init(|| forms_of(&cell.content));
    let raw = match (&cell.content, &forms.raw) {
        (CellContent::Text(text), _) => text.as_str(),
        (_, Some(raw)) => raw,
        (_, None) => "",
    };
    CellText { raw, forms }
}

impl<'a> CellText<'a> {
    /// The raw text, as [`CellContent::to_raw_text`] gives it.
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// The raw text with HTML removed: [`to_plain_text`] of [`Self::raw`].
    pub fn plain(&self) -> &'a str {
        self.forms.plain.as_deref().unwrap_or(self.raw)
    }

    /// The HTML-free text folded: [`fold_text`] of [`Self::plain`], which is the `text` that
    /// [`super::parse`] gives the cell with the [`super::ColumnHint::Text`] hint.
    pub fn clean(&self) -> &'a str {
        self.forms.clean.as_deref().unwrap_or_else(|| self.plain())
    }

    /// [`Self::clean`] with every white-space character removed: the key labels are compared
    /// by when HTML may surround them.
    pub fn key(&self) -> &'a str {
        self.forms.key.as_deref().unwrap_or_else(|| self.clean())
    }

    /// The raw text (HTML left in) folded, with every white-space character removed.
    pub fn compact(&self) -> &'a str {
        self.forms.compact.as_deref().unwrap_or_else(|| self.key())
    }

    /// The raw text trimmed, then folded: [`fold_text`] of `raw.trim()`.
    pub fn folded_trimmed(&self) -> &'a str {
        self.forms.folded_trimmed.as_deref().unwrap_or_else(|| self.clean())
    }
}

/// Computes the forms of a cell's content, storing only those that differ from the form they
/// derive from.
fn forms_of(content: &CellContent) -> TextForms {
    match content {
        CellContent::Text(text) => forms_of_text(text),
        typed => {
            let raw = typed.to_raw_text();
            TextForms { raw: Some(boxed(&raw)), ..forms_of_text(&raw) }
        }
    }
}

/// The forms of a raw text (see [`TextForms`]).
fn forms_of_text(raw: &str) -> TextForms {
    let plain = to_plain_text(raw);
    let clean = fold_text(&plain);
    let key = without_white_space(&clean);
    let compact = if plain == raw {
        None
    } else {
        Some(without_white_space(&fold_text(raw)).into_owned()).filter(|c| *c != key)
    };
    let trimmed = raw.trim();
    let folded_trimmed = if trimmed.len() == raw.len() && plain == raw {
        None
    } else {
        Some(fold_text(trimmed)).filter(|folded| *folded != clean)
    };
    TextForms {
        raw: None,
        compact: compact.map(|c| boxed(&c)),
        folded_trimmed: folded_trimmed.map(|f| boxed(&f)),
        key: changed(&key, &clean),
        clean: changed(&clean, &plain),
        plain: changed(&plain, raw),
    }
}

/// A copy of `form` when it differs from `base`, else `None`.
fn changed(form: &str, base: &str) -> Option<Box<str>> {
    (form != base).then(|| boxed(form))
}

/// An owned copy of a form.
fn boxed(form: &str) -> Box<str> {
    Box::from(form)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FormsCache;
    use crate::normalize::{ColumnHint, ValueContext, parse};

    fn cell(content: CellContent) -> Cell {
        Cell { col: 1, fragment: None, content, merged_from: None, forms: FormsCache::default() }
    }

    /// What the uncached functions give for a raw text: plain, clean, key, compact,
    /// `folded_trimmed`.
    fn uncached(raw: &str) -> [String; 5] {
        let text_hint = ValueContext { hint: Some(ColumnHint::Text), ..ValueContext::default() };
        let clean = parse(raw, &text_hint).value.text;
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        [
            to_plain_text(raw).into_owned(),
            clean.clone(),
            strip(&clean),
            strip(&fold_text(raw)),
            fold_text(raw.trim()).into_owned(),
        ]
    }

    fn cached(cell: &Cell) -> [String; 5] {
        let text = cell_text(cell);
        [text.plain(), text.clean(), text.key(), text.compact(), text.folded_trimmed()]
            .map(str::to_owned)
    }

    // Text cells
    #[test]
    fn forms_match_the_uncached_functions() {
        let cases = [
            "",
            "出生数",
            "ＫＰＩ",
            "K P I",
            " R6 実績値 ",
            "\u{3000}【 総 括 シ ー ト 】\u{3000}",
            "ｶﾞｲﾄﾞ ﾞ",
            "<p>施策名</p><br>主な取組",
            "a&amp;b  c",
            "17,891人 (H27)\n",
            "line one\nline  two",
        ];
        for raw in cases {
            let cell = cell(CellContent::Text(raw.to_owned()));
            assert_eq!(cell_text(&cell).raw(), raw);
            assert_eq!(cached(&cell), uncached(raw), "{raw:?}");
            // A second call reads the cache.
            assert_eq!(cached(&cell), uncached(raw), "{raw:?}");
        }
    }

    // Typed cells
    #[test]
    fn typed_cells_use_their_shown_text() {
        for content in [CellContent::Number(1234.5), CellContent::Bool(true)] {
            let raw = content.to_raw_text();
            let cell = cell(content);
            assert_eq!(cell_text(&cell).raw(), raw);
            assert_eq!(cached(&cell), uncached(&raw));
        }
    }

    proptest::proptest! {
        // Any text: the cached forms are the uncached ones, including around HTML, white
        // space of every kind and half-width kana with their voiced marks.
        #[test]
        fn forms_match_for_any_text(raw in "([ \\t\\n\u{3000}\u{00A0}\u{2028}<>/&;pbrampｶﾞﾟｱＡ１A1aI漢字ー【】()-]|\\PC){0,24}") {
            let cell = cell(CellContent::Text(raw.clone()));
            proptest::prop_assert_eq!(cached(&cell), uncached(&raw));
        }
    }

    // Equality
    #[test]
    fn the_cache_does_not_change_equality() {
        let (read, unread) =
            (cell(CellContent::Text("ＫＰＩ".into())), cell(CellContent::Text("ＫＰＩ".into())));
        let _ = cell_text(&read);
        assert_eq!(read, unread);
        assert_eq!(read.clone(), unread);
    }
}
