//! Text encoding: detection (BOM, UTF-8 validity, chardetng) and decoding with `encoding_rs`.
//!
//! Takes the raw bytes of a text input; returns the text, the encoding used and the lines
//! where malformed bytes were replaced with U+FFFD. Deciding CSV/TSV/text is left to
//! [`super::text`].

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};

/// How many bytes chardetng sees at most (detection is settled long before that).
const DETECTOR_WINDOW: usize = 1 << 20;
/// How many non-ASCII bytes chardetng sees at most: about eight thousand Japanese characters
/// (two bytes each in `Shift_JIS` and EUC-JP), far more than it needs to settle, and far fewer
/// than a long file holds. Detection reads only the bytes up to there, so a file whose first
/// lines are all ASCII is still judged on as much Japanese as any other.
const DETECTOR_EVIDENCE: usize = 16 * 1024;

/// The encoding chosen for a text input and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncodingGuess {
    /// The encoding.
    pub encoding: &'static Encoding,
    /// Length of the byte-order mark to skip (0 when there is none).
    pub bom_len: usize,
}

/// Chooses the encoding of a text input: a BOM first, then UTF-8 if the bytes are valid (or
/// almost valid: a few malformed sequences among many well-formed multi-byte characters), then
/// chardetng with the `.jp` hint, which tells `Shift_JIS` from `EUC-JP` and the rest.
pub fn detect_encoding(bytes: &[u8]) -> EncodingGuess {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return EncodingGuess { encoding, bom_len };
    }
    if is_mostly_utf8(bytes) {
        return EncodingGuess { encoding: UTF_8, bom_len: 0 };
    }
    let window = detector_window(bytes);
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Allow);
    detector.feed(window, window.len() == bytes.len());
    EncodingGuess { encoding: detector.guess(Some(b"jp"), Utf8Detection::Allow), bom_len: 0 }
}

/// The prefix of `bytes` chardetng is fed: up to [`DETECTOR_EVIDENCE`] non-ASCII bytes, and
/// never more than [`DETECTOR_WINDOW`] bytes.
fn detector_window(bytes: &[u8]) -> &[u8] {
    let capped = bytes.get(..bytes.len().min(DETECTOR_WINDOW)).unwrap_or(bytes);
    let end = capped
        .iter()
        .enumerate()
        .filter(|(_, b)| !b.is_ascii())
        .nth(DETECTOR_EVIDENCE - 1)
        .map_or(capped.len(), |(at, _)| at + 1);
    capped.get(..end).unwrap_or(capped)
}

/// Valid UTF-8, or UTF-8 with few malformed sequences: at least four well-formed multi-byte
/// characters per malformed sequence. Legacy Japanese encodings read as UTF-8 give mostly
/// malformed sequences, so they do not pass.
fn is_mostly_utf8(bytes: &[u8]) -> bool {
    let mut malformed = 0usize;
    let mut multibyte = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            malformed += 1;
        }
    }
    malformed == 0 || multibyte >= 4 * malformed
}

/// Decoded text with what was lost.
#[derive(Debug)]
pub(crate) struct DecodedText<'a> {
    /// The text, without a BOM.
    pub(crate) text: Cow<'a, str>,
    /// The encoding used.
    pub(crate) encoding: &'static Encoding,
    /// 1-based lines where malformed bytes were replaced (empty when none were).
    pub(crate) replaced_lines: Vec<u32>,
}

/// Decodes a text input, detecting the encoding unless `forced`.
pub(crate) fn decode_text<'a>(
    bytes: &'a [u8],
    forced: Option<&'static Encoding>,
) -> DecodedText<'a> {
    let guess = match forced {
        Some(encoding) => {
            let bom_len = Encoding::for_bom(bytes)
                .filter(|(bom_enc, _)| *bom_enc == encoding)
                .map_or(0, |(_, len)| len);
            EncodingGuess { encoding, bom_len }
        }
        None => detect_encoding(bytes),
    };
    let body = bytes.get(guess.bom_len..).unwrap_or_default();
    let (text, had_errors) = guess.encoding.decode_without_bom_handling(body);
    let replaced_lines = if had_errors { lines_with_replacements(&text) } else { Vec::new() };
    DecodedText { text, encoding: guess.encoding, replaced_lines }
}

/// The 1-based lines (CRLF, CR or LF) that hold U+FFFD.
fn lines_with_replacements(text: &str) -> Vec<u32> {
    let mut lines = Vec::new();
    let mut line: u32 = 1;
    let mut prev_cr = false;
    for c in text.chars() {
        match c {
            '\n' if prev_cr => {}
            '\n' | '\r' => line = line.saturating_add(1),
            '\u{FFFD}' if lines.last() != Some(&line) => lines.push(line),
            _ => {}
        }
        prev_cr = c == '\r';
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    // BOMs
    #[test]
    fn boms_win() {
        assert_eq!(detect_encoding(b"\xEF\xBB\xBFabc").encoding, UTF_8);
        assert_eq!(detect_encoding(b"\xEF\xBB\xBFabc").bom_len, 3);
        assert_eq!(detect_encoding(b"\xFF\xFEa\x00").encoding, encoding_rs::UTF_16LE);
        assert_eq!(detect_encoding(b"\xFE\xFF\x00a").encoding, encoding_rs::UTF_16BE);
    }

    // Legacy Japanese encodings
    #[test]
    fn japanese_legacy_encodings() {
        let text = "重要業績評価指標（ＫＰＩ）\t基準値\t目標値\n市内就業者数\t18,165人\t18,500人\n\
                    担当課は経営戦略課です。①㈱\n観光入込客数の増加を目指します。\n";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        assert_eq!(detect_encoding(&sjis).encoding, encoding_rs::SHIFT_JIS);
        let plain = text.replace(['①', '㈱'], "");
        let (euc, _, _) = encoding_rs::EUC_JP.encode(&plain);
        assert_eq!(detect_encoding(&euc).encoding, encoding_rs::EUC_JP);
    }

    #[test]
    fn long_files_are_judged_on_enough_japanese_wherever_it_starts() {
        let line = "市内就業者数は18,165人となり、観光入込客数の増加を目指します。\n";
        let text = format!("{}{}", "id,name,value\n".repeat(6_000), line.repeat(2_000));
        for encoding in [encoding_rs::SHIFT_JIS, encoding_rs::EUC_JP] {
            let (bytes, _, _) = encoding.encode(&text);
            assert!(bytes.len() > 100_000);
            let window = detector_window(&bytes);
            assert!(window.len() < bytes.len(), "{}", encoding.name());
            assert_eq!(window.iter().filter(|b| !b.is_ascii()).count(), DETECTOR_EVIDENCE);
            assert_eq!(detect_encoding(&bytes).encoding, encoding);
        }
        // A short file is seen whole.
        let (short, _, _) = encoding_rs::SHIFT_JIS.encode(line);
        assert_eq!(detector_window(&short).len(), short.len());
    }

    // Almost-valid UTF-8
    #[test]
    fn a_few_bad_bytes_stay_utf8() {
        let mut bytes = "指標名\tR2実績\n市内就業者数\t17,891人\n".repeat(3).into_bytes();
        bytes.splice(19..19, [0xFF, 0xFE]);
        assert_eq!(detect_encoding(&bytes).encoding, UTF_8);
        let decoded = decode_text(&bytes, None);
        assert_eq!(decoded.replaced_lines, vec![2]);
    }

    #[test]
    fn replacement_lines_count_all_line_endings() {
        assert_eq!(lines_with_replacements("a\r\nb\rc\n\u{FFFD}"), vec![4]);
    }

    #[test]
    fn forced_encoding_wins() {
        let decoded = decode_text(b"\x82\xa0", Some(encoding_rs::SHIFT_JIS));
        assert_eq!(decoded.text, "あ");
        assert_eq!(decoded.encoding.name(), "Shift_JIS");
    }
}
