//! Format detection by content: magic bytes, zip directory entries, and a binary-data check.
//!
//! Takes the raw bytes; returns which reader gets them. Telling CSV, TSV, text and HTML apart
//! needs the decoded text and is left to [`super::text`].

use std::io::{Cursor, Read};

use crate::model::SourceFormat;

use super::DecodeErrorKind;

/// The OLE2 compound-file signature (legacy .xls, encrypted OOXML).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// The `OpenDocument` spreadsheet MIME type, as stored in the `mimetype` entry.
const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
/// How many leading bytes the binary check looks at.
const BINARY_WINDOW: usize = 8192;

/// Which reader an input goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A workbook of this format (xlsx, xlsb, xls or ods).
    Workbook(SourceFormat),
    /// Text: CSV, TSV, a text dump or an HTML table export.
    Text,
}

/// Detects the format of an input from its bytes.
///
/// # Errors
///
/// [`DecodeErrorKind::Empty`], [`DecodeErrorKind::Binary`], [`DecodeErrorKind::NotAWorkbook`]
/// (a zip without a workbook), [`DecodeErrorKind::PasswordProtected`] (an OLE file holding an
/// encrypted package) or [`DecodeErrorKind::Truncated`] (a zip whose directory is unreadable).
pub fn sniff(bytes: &[u8]) -> Result<Sniffed, DecodeErrorKind> {
    if bytes.is_empty() {
        return Err(DecodeErrorKind::Empty);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return sniff_ole(bytes);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes).map(Sniffed::Workbook);
    }
    let (has_utf16_bom, body) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, len)) => (enc != encoding_rs::UTF_8, bytes.get(len..).unwrap_or_default()),
        None => (false, bytes),
    };
    if !has_utf16_bom && looks_binary(body) {
        return Err(DecodeErrorKind::Binary);
    }
    Ok(Sniffed::Text)
}

/// An OLE compound file: an .xls, unless it holds an encrypted OOXML package.
fn sniff_ole(bytes: &[u8]) -> Result<Sniffed, DecodeErrorKind> {
    // Directory entry names are UTF-16LE; encrypted OOXML files have these two streams.
    let encrypted = ["EncryptionInfo", "EncryptedPackage"].iter().any(|name| {
        let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.windows(needle.len()).any(|w| w == needle.as_slice())
    });
    if encrypted {
        return Err(DecodeErrorKind::PasswordProtected);
    }
    Ok(Sniffed::Workbook(SourceFormat::Xls))
}

/// A zip archive: which workbook its entries make it.
fn sniff_zip(bytes: &[u8]) -> Result<SourceFormat, DecodeErrorKind> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| DecodeErrorKind::Truncated { detail: e.to_string() })?;
    let has =
        |name: &str| archive.file_names().any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)));
    if has("xl/workbook.xml") {
        return Ok(SourceFormat::Xlsx);
    }
    if has("xl/workbook.bin") {
        return Ok(SourceFormat::Xlsb);
    }
    if has("content.xml") {
        return Ok(SourceFormat::Ods);
    }
    if let Ok(mut entry) = archive.by_name("mimetype") {
        let mut mime = Vec::new();
        // A short, bounded read: the entry is a few dozen bytes.
        if (&mut entry).take(256).read_to_end(&mut mime).is_ok() && mime.trim_ascii() == ODS_MIME {
            return Ok(SourceFormat::Ods);
        }
    }
    Err(DecodeErrorKind::NotAWorkbook)
}

/// Whether the start of a (BOM-less) input is binary: a NUL byte, or more than 10% control
/// bytes other than tab, line breaks, form feed and escape (ISO-2022-JP).
pub(crate) fn looks_binary(body: &[u8]) -> bool {
    let window = body.get(..body.len().min(BINARY_WINDOW)).unwrap_or(body);
    if window.contains(&0) {
        return true;
    }
    let control = window
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f)
        .count();
    control * 10 > window.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes() {
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend_from_slice(&[0; 100]);
        assert_eq!(sniff(&ole).unwrap(), Sniffed::Workbook(SourceFormat::Xls));
        assert!(matches!(sniff(b""), Err(DecodeErrorKind::Empty)));
        assert!(matches!(sniff(b"PK\x03\x04garbage"), Err(DecodeErrorKind::Truncated { .. })));
    }

    #[test]
    fn encrypted_ole() {
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(matches!(sniff(&ole), Err(DecodeErrorKind::PasswordProtected)));
    }

    #[test]
    fn text_or_binary() {
        assert_eq!(sniff("指標名\tR2実績\n".as_bytes()).unwrap(), Sniffed::Text);
        assert_eq!(sniff(b"\xFF\xFEa\x00b\x00").unwrap(), Sniffed::Text);
        assert!(matches!(sniff(b"ab\x00cd"), Err(DecodeErrorKind::Binary)));
        assert!(matches!(sniff(&[1, 2, 3, 4, 5, b'a']), Err(DecodeErrorKind::Binary)));
        assert_eq!(sniff(b"\x1b$B$3$s\x1b(B\n").unwrap(), Sniffed::Text);
    }
}
