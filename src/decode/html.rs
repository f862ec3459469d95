//! HTML left inside cells (`<p>`, `<br>`, `<ul>`, `<input type="radio">`, `<th>`/`<td>`
//! fragments, entities) turned into plain text, and the small tag scanner that the HTML-table
//! reader (`html_table.rs`) shares.
//!
//! A tag is recognised only when `<` is followed by an ASCII letter or `/` and a `>` comes
//! before the next `<`, so the bracketed text of the source sheets (`<平成 29 年度～令和 3
//! 年度>`, `<22,795千円>`) stays text. Only well-formed entities with a closing `;` are decoded
//! (`M&A` stays as printed). Everything here is linear in the input.

use std::borrow::Cow;

/// One recognised tag: `<name attrs>` or `</name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tag<'a> {
    /// Byte offset of the `<`.
    pub(crate) start: usize,
    /// Byte offset just after the `>`.
    pub(crate) end: usize,
    /// The tag name as written (compare with `eq_ignore_ascii_case`).
    pub(crate) name: &'a str,
    /// `true` for `</name>`.
    pub(crate) closing: bool,
    /// Everything between the name and the `>` (attributes, a trailing `/`).
    pub(crate) attrs: &'a str,
}

impl Tag<'_> {
    /// Whether the tag's name is `name` (ASCII case-insensitive).
    pub(crate) fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// Whether the tag is a `<td>`/`<th>` (opening or closing).
    pub(crate) fn is_table_cell(&self) -> bool {
        self.is("td") || self.is("th")
    }

    /// The numeric value of an attribute such as `colspan="2"`, if present and valid.
    pub(crate) fn numeric_attr(&self, attr: &str) -> Option<u32> {
        let lower = self.attrs.to_ascii_lowercase();
        let at = lower.find(attr)?;
        let rest = lower.get(at + attr.len()..)?.trim_start();
        let rest = rest.strip_prefix('=')?.trim_start();
        let rest = rest.trim_start_matches(['"', '\'']);
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    }
}

/// Parses the tag starting at byte `at` (which must hold `<`), if it is one.
pub(crate) fn tag_at(text: &str, at: usize) -> Option<Tag<'_>> {
    let rest = text.get(at..)?;
    let after = rest.strip_prefix('<')?;
    let (closing, body) = match after.strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, after),
    };
    if !body.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    // The tag ends at the first `>`, and must end before any further `<`: this keeps the scan
    // linear and leaves text such as `a<b and c>d` alone when a `<` intervenes.
    let close = body.find(['>', '<'])?;
    if body.get(close..)?.starts_with('<') {
        return None;
    }
    let inner = body.get(..close)?;
    let name_len = inner.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(inner.len());
    let name = inner.get(..name_len)?;
    let attrs = inner.get(name_len..)?;
    let end = at + (rest.len() - body.len()) + close + 1;
    Some(Tag { start: at, end, name, closing, attrs })
}

/// Iterates over the recognised tags of `text`, in order.
pub(crate) fn tags(text: &str) -> impl Iterator<Item = Tag<'_>> {
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let rel = text.get(from..)?.find('<')?;
            let at = from + rel;
            if let Some(tag) = tag_at(text, at) {
                from = tag.end;
                return Some(tag);
            }
            from = at + 1;
        }
    })
}

/// Decodes the well-formed entity starting at byte `at` (which holds `&`): the character and
/// the entity's length in bytes.
fn entity_at(text: &str, at: usize) -> Option<(char, usize)> {
    let rest = text.get(at + 1..)?;
    // Entity names are short ASCII; look for the `;` among the next 12 bytes only.
    let semi = rest.bytes().take(12).position(|b| b == b';')?;
    let name = rest.get(..semi)?;
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => numeric_entity(name)?,
    };
    Some((c, semi + 2))
}

/// `#39` or `#x27` → the character.
fn numeric_entity(name: &str) -> Option<char> {
    let num = name.strip_prefix('#')?;
    let code = match num.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => num.parse().ok()?,
    };
    char::from_u32(code)
}

/// Whether `raw` holds anything [`to_plain_text`] would change.
fn has_markup(raw: &str) -> bool {
    raw.match_indices('<').any(|(at, _)| tag_at(raw, at).is_some())
        || raw.match_indices('&').any(|(at, _)| entity_at(raw, at).is_some())
}

/// Whether a tag starts a new line in plain text (paragraphs, breaks, list items, rows,
/// cells, radio-button bullets).
fn breaks_line(tag: &Tag<'_>) -> bool {
    const BLOCK: [&str; 17] = [
        "p", "br", "div", "ul", "ol", "li", "tr", "td", "th", "table", "input", "h1", "h2", "h3",
        "h4", "h5", "h6",
    ];
    BLOCK.iter().any(|name| tag.is(name))
}

/// The plain text of a cell that may hold HTML: tags removed, paragraphs and list items on
/// separate lines, entities decoded. Text without a tag is borrowed unchanged.
///
/// `<p>`, `<br>`, `<div>`, `<ul>`, `<li>`, `<td>`/`<th>` and `<input>` (used as a bullet
/// glyph in the source sheets) break lines; other tags (`<u>`, `<span>`, …) are dropped and
/// their text kept. Each line is trimmed and empty lines are dropped. A never-closed
/// `<ul style="list-style-type: none">` keeps its text as printed, `・`/`○` bullets included.
pub fn to_plain_text(raw: &str) -> Cow<'_, str> {
    if !has_markup(raw) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while let Some(rel) = raw.get(i..).and_then(|rest| rest.find(['<', '&'])) {
        let at = i + rel;
        out.push_str(raw.get(i..at).unwrap_or_default());
        i = at + 1;
        if let Some(tag) = tag_at(raw, at) {
            if breaks_line(&tag) {
                out.push('\n');
            }
            i = tag.end;
        } else if let Some((c, len)) = entity_at(raw, at) {
            out.push(c);
            i = at + len;
        } else {
            out.push_str(raw.get(at..=at).unwrap_or_default());
        }
    }
    out.push_str(raw.get(i..).unwrap_or_default());
    Cow::Owned(tidy_lines(&out))
}

/// Trims every line and drops the empty ones.
fn tidy_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines.join("\n")
}

/// Splits a cell whose text holds leaked `<th>`/`<td>` fragments into its pieces:
/// `(0, text before the first fragment)`, then `(n, inner text of the n-th fragment)`.
///
/// Returns `None` when the cell has no `<th>`/`<td>` tag (an ordinary cell). Pieces are the
/// trimmed **raw** text (inner tags and entities kept); empty pieces are left out but keep
/// their index, so `n` always counts fragments as written.
pub fn split_cell_fragments(raw: &str) -> Option<Vec<(u16, String)>> {
    let mut cell_tags = tags(raw).filter(|t| t.is_table_cell() || t.is("tr")).peekable();
    let first = *cell_tags.peek()?;
    let mut pieces = Vec::new();
    push_piece(&mut pieces, 0, raw.get(..first.start).unwrap_or_default());
    let mut index: u16 = 0;
    // Where the text of the current piece starts, if one is open.
    let mut open: Option<usize> = None;
    let mut last_end = first.start;
    for tag in cell_tags {
        if let Some(start) = open.take() {
            push_piece(&mut pieces, index, raw.get(start..tag.start).unwrap_or_default());
        } else if !raw.get(last_end..tag.start).unwrap_or_default().trim().is_empty() {
            // Stray text between fragments becomes a piece of its own.
            index = index.saturating_add(1);
            push_piece(&mut pieces, index, raw.get(last_end..tag.start).unwrap_or_default());
        }
        if !tag.closing && tag.is_table_cell() {
            index = index.saturating_add(1);
            open = Some(tag.end);
        }
        last_end = tag.end;
    }
    let tail = raw.get(open.unwrap_or(last_end)..).unwrap_or_default();
    if open.is_none() && !tail.trim().is_empty() {
        index = index.saturating_add(1);
    }
    push_piece(&mut pieces, index, tail);
    Some(pieces)
}

/// Adds a trimmed piece unless it is empty.
fn push_piece(pieces: &mut Vec<(u16, String)>, index: u16, text: &str) {
    let text = text.trim();
    if !text.is_empty() {
        pieces.push((index, text.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Plain text passes through, borrowed
    #[test]
    fn no_markup_is_borrowed() {
        for raw in [
            "<平成 29 年度～令和 3 年度>",
            "<22,795千円>",
            "M&A",
            "婚活バスツアー&パーティー",
            "a < b",
        ] {
            assert!(matches!(to_plain_text(raw), Cow::Borrowed(s) if s == raw), "{raw}");
        }
    }

    // Tags and entities
    #[test]
    fn cleans_cell_html() {
        let cases = [
            ("<p>一つ目</p><p>二つ目</p>", "一つ目\n二つ目"),
            ("上<br>下", "上\n下"),
            ("上<br/>下", "上\n下"),
            ("<ul><li>甲</li><li>乙</li></ul>", "甲\n乙"),
            ("<ul style=\"list-style-type: none\">・項目A ・項目B", "・項目A ・項目B"),
            ("<input type=\"radio\"/>選択肢1<input type=\"radio\"/>選択肢2", "選択肢1\n選択肢2"),
            ("取組<u>（No.22再掲）</u>", "取組（No.22再掲）"),
            ("<span style=\"x\">色</span>付き", "色付き"),
            ("A &amp; B", "A & B"),
            ("&lt;tag&gt; &quot;q&quot; &#39;s&#39; &#x41;", "<tag> \"q\" 's' A"),
            ("a&nbsp;b", "a\u{a0}b"),
            ("M&A <p>x</p>", "M&A\nx"),
            ("<p> <22,795千円> </p>", "<22,795千円>"),
            ("<p><平成 29 年度～令和 3 年度></p>", "<平成 29 年度～令和 3 年度>"),
            ("&bogus; &amp", "&bogus; &amp"),
            ("連携&amp;創業", "連携&創業"),
        ];
        for (raw, want) in cases {
            assert_eq!(to_plain_text(raw), want, "{raw}");
        }
    }

    // Fragment split
    #[test]
    fn splits_th_td_fragments() {
        let raw = "R5担当課 <th rowspan=\"2\">重要業績評価指標 (KPI)</th> <td colspan=\"2\">第3期 (R7-11) KPI</td> <td>R5基準値</td>";
        let got = split_cell_fragments(raw).unwrap();
        let want = [
            (0, "R5担当課"),
            (1, "重要業績評価指標 (KPI)"),
            (2, "第3期 (R7-11) KPI"),
            (3, "R5基準値"),
        ];
        let want: Vec<(u16, String)> = want.iter().map(|(i, s)| (*i, (*s).to_owned())).collect();
        assert_eq!(got, want);
        assert_eq!(split_cell_fragments("<p>普通</p>"), None);
        assert_eq!(
            split_cell_fragments("<td>a<td>b"),
            Some(vec![(1, "a".to_owned()), (2, "b".to_owned())])
        );
    }

    #[test]
    fn tag_attributes() {
        let tag = tag_at("<td colspan=\"3\" rowspan=2>", 0).unwrap();
        assert_eq!(tag.numeric_attr("colspan"), Some(3));
        assert_eq!(tag.numeric_attr("rowspan"), Some(2));
        assert!(tag_at("<22>", 0).is_none());
        assert!(tag_at("<a <b>", 0).is_none());
    }
}
