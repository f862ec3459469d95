//! Making untrusted text (file names, sheet names, cell text, messages quoting them) safe to
//! print on a terminal: the one function every printing path of the CLI goes through.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every character that could drive a terminal shown as a visible escape:
/// C0 and C1 control characters and DEL (so `ESC [ 2 J`, the start of every ANSI sequence,
/// prints as `\u{1b}[2J`), line breaks and tabs (`\n`, `\r`, `\t`: an error stays on one
/// line) and the bidirectional overrides that reorder what is shown (U+202A–U+202E,
/// U+2066–U+2069). Everything else, Japanese included, passes through; text with nothing
/// to escape is borrowed.
pub(crate) fn escape_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether a character must not reach the terminal as is.
fn needs_escape(ch: char) -> bool {
    ch.is_control() || matches!(ch, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_drives_a_terminal() {
        let cases = [
            ("plain 数値目標", "plain 数値目標"),
            ("\u{1b}[2J\u{1b}]0;title\u{7}", "\\u{1b}[2J\\u{1b}]0;title\\u{7}"),
            ("a\nb\r\tc", "a\\nb\\r\\tc"),
            ("\u{9b}31m", "\\u{9b}31m"),
            ("\u{7f}", "\\u{7f}"),
            ("abc\u{202e}fdp.exe", "abc\\u{202e}fdp.exe"),
        ];
        for (raw, want) in cases {
            assert_eq!(escape_terminal(raw), want, "{raw:?}");
        }
        assert!(matches!(escape_terminal("ok"), Cow::Borrowed(_)));
    }
}
