//! HTML left inside cells (`<p>`, `<br>`, `<ul>`, `<input type="radio">`, `<th>`/`<td>`
//! fragments, entities) turned into plain text.
//!
//! STUB — being implemented.

use std::borrow::Cow;

/// The plain text of a cell that may hold HTML: tags removed, paragraphs and list items on
/// separate lines, entities decoded. Text without a tag is borrowed unchanged.
pub fn to_plain_text(raw: &str) -> Cow<'_, str> {
    Cow::Borrowed(raw)
}
