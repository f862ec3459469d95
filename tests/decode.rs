//! Integration tests of the decode stage: every fixture, and bad inputs built on the fly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers may fail loudly"
)]

use std::io::Write;
use std::path::{Path, PathBuf};

use sheetwash::decode::{DecodeOptions, Decoded, decode_bytes, decode_path};
use sheetwash::model::{Cell, CellContent, Grid, GridKind, MergedRegion, SourceFormat};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

fn decode(name: &str) -> Decoded {
    decode_path(&fixture(name), &DecodeOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn grid<'a>(decoded: &'a Decoded, sheet: &str) -> &'a Grid {
    decoded.grids.iter().find(|g| g.sheet.as_deref() == Some(sheet)).expect(sheet)
}

/// The cell at a 1-based row and column (the first fragment, if several).
fn cell(grid: &Grid, row: u32, col: u32) -> &Cell {
    let row = grid.rows.iter().find(|r| r.number == row).expect("row");
    row.cells.iter().find(|c| c.col == col).unwrap_or_else(|| panic!("no cell at {col}"))
}

fn text(grid: &Grid, row: u32, col: u32) -> String {
    match &cell(grid, row, col).content {
        CellContent::Text(s) => s.clone(),
        other => panic!("not text: {other:?}"),
    }
}

fn region(first_row: u32, first_col: u32, last_row: u32, last_col: u32) -> MergedRegion {
    MergedRegion { first_row, first_col, last_row, last_col }
}

// Workbooks

/// What every workbook fixture holds, whatever its format.
fn check_common_workbook(d: &Decoded) {
    assert_eq!(d.grids.len(), 2);
    assert_eq!(d.source.sheets.len(), 2);
    assert_eq!(d.source.sheets[0].name, "KPI");
    let kpi = grid(d, "KPI");
    assert_eq!(kpi.kind, GridKind::Sheet);
    assert_eq!((kpi.height, kpi.width), (5, 5));
    assert_eq!(text(kpi, 1, 1), "基本目標1 地方における安定した雇用を創出する");
    assert_eq!(text(kpi, 2, 1), "指標名");
    assert_eq!(text(kpi, 2, 2), "H30基準値");
    assert_eq!(text(kpi, 2, 3), "R2実績");
    assert_eq!(text(kpi, 2, 5), "担当課");
    assert_eq!(text(kpi, 3, 2), "17,891人 (H27)");
    assert_eq!(text(kpi, 3, 3), "△1,064人");
    assert_eq!(text(kpi, 3, 5), "経営戦略課");
    assert_eq!(text(kpi, 5, 1), "<p>取組内容</p><p>企業誘致の推進</p>");
    let dates = grid(d, "日付");
    assert_eq!(
        cell(dates, 4, 2).content,
        CellContent::Date { iso: "2024-03-31".into(), era: false }
    );
    assert_eq!(cell(dates, 5, 3).content, CellContent::Number(42.0), "cached formula value");
}

fn check_merges_carried(d: &Decoded) {
    let kpi = grid(d, "KPI");
    let mut merged = kpi.merged.clone();
    merged.sort_by_key(|m| (m.first_row, m.first_col));
    assert_eq!(merged, [region(1, 1, 1, 5), region(3, 1, 4, 1)]);
    for col in 2..=5 {
        let covered = cell(kpi, 1, col);
        assert_eq!(covered.merged_from, Some((1, 1)));
        assert_eq!(covered.content, cell(kpi, 1, 1).content);
    }
    assert_eq!(cell(kpi, 1, 1).merged_from, None);
    assert_eq!(text(kpi, 4, 1), "市内就業者数");
    assert_eq!(cell(kpi, 4, 1).merged_from, Some((3, 1)));
    let at = kpi.location(&kpi.rows[3], cell(kpi, 4, 1));
    assert_eq!(at.to_string(), format!("{}:KPI!A4", kpi.file));
    assert_eq!(at.merged_from.as_deref(), Some("A3"));
}

/// The percentages and dates every workbook format gives from its number formats.
fn check_formats(d: &Decoded) {
    let kpi = grid(d, "KPI");
    assert_eq!(cell(kpi, 3, 4).content, CellContent::Percent { value: 95.6, decimals: 2 });
    assert_eq!(cell(kpi, 4, 4).content, CellContent::Percent { value: 50.0, decimals: 0 });
    let dates = grid(d, "日付");
    assert_eq!(
        cell(dates, 2, 2).content,
        CellContent::Date { iso: "2019-04-01".into(), era: true }
    );
    assert_eq!(
        cell(dates, 3, 2).content,
        CellContent::Date { iso: "2019-05-01".into(), era: true }
    );
}

#[test]
fn xlsx_cells_merges_formats() {
    let d = decode("workbook.xlsx");
    assert_eq!(d.source.format, SourceFormat::Xlsx);
    assert_eq!(d.source.encoding, None);
    assert_eq!(d.source.sha256.len(), 64);
    check_common_workbook(&d);
    check_merges_carried(&d);
    check_formats(&d);
    check_bool_and_error_cells(&d);
}

/// The boolean and the error cell of the 日付 sheet, and no diagnostics.
fn check_bool_and_error_cells(d: &Decoded) {
    let dates = grid(d, "日付");
    assert_eq!(cell(dates, 5, 2).content, CellContent::Bool(true));
    assert_eq!(cell(dates, 6, 2).content, CellContent::Error("#DIV/0!".into()));
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
}

#[test]
fn xls_cells_merges_formats() {
    let d = decode("workbook.xls");
    assert_eq!(d.source.format, SourceFormat::Xls);
    check_common_workbook(&d);
    check_merges_carried(&d);
    // Number formats come from our own reader of the BIFF8 FORMAT and XF records.
    check_formats(&d);
    check_bool_and_error_cells(&d);
}

#[test]
fn ods_cells_merges_formats() {
    let d = decode("workbook.ods");
    assert_eq!(d.source.format, SourceFormat::Ods);
    check_common_workbook(&d);
    // Merged regions, percentages and era styles come from our own reader of the ODF XML.
    check_merges_carried(&d);
    check_formats(&d);
    // calamine's ods reader gives error cells as their text and booleans as numbers.
    let dates = grid(&d, "日付");
    assert_eq!(cell(dates, 6, 2).content, CellContent::Text("#DIV/0!".into()));
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
}

#[test]
fn xls_named_xlsx_reads_as_xls() {
    let d = decode("xls-named-xlsx.xlsx");
    assert_eq!(d.source.format, SourceFormat::Xls);
    check_common_workbook(&d);
}

#[test]
fn html_table_export() {
    let d = decode("html-table.xls");
    assert_eq!(d.source.format, SourceFormat::Html);
    assert_eq!(d.grids.len(), 1);
    let g = &d.grids[0];
    assert_eq!(g.sheet.as_deref(), Some("Table1"));
    assert_eq!((g.height, g.width), (4, 3));
    assert_eq!(g.merged, [region(1, 1, 1, 2), region(1, 3, 2, 3)]);
    assert_eq!(text(g, 1, 1), "事業名");
    assert_eq!(cell(g, 1, 2).merged_from, Some((1, 1)));
    assert_eq!(text(g, 2, 1), "番号");
    assert_eq!(text(g, 2, 2), "名称");
    assert_eq!(text(g, 2, 3), "担当課");
    assert_eq!(cell(g, 2, 3).merged_from, Some((1, 3)));
    assert_eq!(text(g, 3, 2), "産学官連携&創業支援");
    assert_eq!(text(g, 4, 2), "M&A支援\n事業承継");
    assert_eq!(text(g, 4, 3), "経営戦略課");
}

// Text encodings

/// The KPI rows shared by the text fixtures.
fn check_kpi_text(d: &Decoded, encoding: &str, special: (&str, &str)) {
    assert_eq!(d.source.encoding.as_deref(), Some(encoding));
    assert_eq!(d.source.format, SourceFormat::Tsv);
    let g = &d.grids[0];
    assert_eq!((g.sheet.clone(), g.kind), (None, GridKind::Text));
    assert_eq!(g.rows.len(), 9, "every line is a row");
    assert!(g.rows[1].cells.is_empty(), "blank line 2 is a row without cells");
    assert_eq!(text(g, 1, 1), "第3期まち・ひと・しごと創生総合戦略の策定に係る調査表");
    assert_eq!(text(g, 3, 1), "重要業績評価指標（KPI）");
    assert_eq!(text(g, 4, 2), "17,891人 (H27)");
    assert_eq!(text(g, 5, 2), "△1,064人");
    assert_eq!(text(g, 6, 1), format!("{}創業支援件数", special.0));
    assert_eq!(text(g, 6, 5), format!("{}まちづくり公社・商工観光課", special.1));
    assert_eq!(text(g, 9, 5), "子育て支援課");
    assert_eq!(d.source.sheets[0].rows, 9);
    assert_eq!(d.source.sheets[0].cols, 5);
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
}

#[test]
fn shift_jis_text() {
    let d = decode("sjis.txt");
    check_kpi_text(&d, "Shift_JIS", ("①", "㈱"));
    assert_eq!(d.source.sheets[0].name, "sjis.txt");
}

#[test]
fn euc_jp_text() {
    check_kpi_text(&decode("eucjp.txt"), "EUC-JP", ("(1)", "(株)"));
}

#[test]
fn utf16le_bom_text() {
    check_kpi_text(&decode("utf16le-bom.txt"), "UTF-16LE", ("①", "㈱"));
}

#[test]
fn utf8_bom_text() {
    let d = decode("utf8-bom.txt");
    check_kpi_text(&d, "UTF-8", ("①", "㈱"));
    assert!(!text(&d.grids[0], 1, 1).starts_with('\u{feff}'));
}

#[test]
fn cp932_csv_quotes_and_multiline_fields() {
    let d = decode("cp932.csv");
    assert_eq!(d.source.format, SourceFormat::Csv);
    assert_eq!(d.source.encoding.as_deref(), Some("Shift_JIS"));
    let g = &d.grids[0];
    let numbers: Vec<u32> = g.rows.iter().map(|r| r.number).collect();
    // Record 4 spans lines 4-6 (two multi-line fields), so the last record starts on line 7.
    assert_eq!(numbers, [1, 2, 3, 4, 7], "row numbers are the lines where records start");
    assert_eq!(text(g, 2, 2), "17,891人 (H27)");
    assert_eq!(text(g, 3, 4), "市民意識調査 \"満足\" 回答");
    assert_eq!(text(g, 4, 1), "創業支援件数\n（累計）");
    assert_eq!(text(g, 4, 4), "①産業振興課\n②㈱まちづくり公社");
    assert_eq!(text(g, 7, 2), "1,234千人");
    assert_eq!(g.rows[4].cells.len(), 3, "trailing empty field left out");
}

// Seeds

#[test]
fn seed_fragment_split() {
    let d = decode("000_74bc9d9ecc966527.txt");
    assert_eq!(d.source.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(d.source.format, SourceFormat::Text);
    let g = &d.grids[0];
    assert_eq!(g.rows.len(), 311);
    let row = g.rows.iter().find(|r| r.number == 18).unwrap();
    let fragments: Vec<(Option<u16>, String)> = row
        .cells
        .iter()
        .filter(|c| c.col == 11)
        .map(|c| (c.fragment, c.content.to_raw_text()))
        .collect();
    assert_eq!(fragments[0], (Some(0), "R5担当課".to_owned()));
    assert_eq!(fragments[1], (Some(1), "重要業績評価指標 (KPI)".to_owned()));
    assert_eq!(fragments[2], (Some(2), "第3期 (R7-11) KPI".to_owned()));
    assert_eq!(fragments[3], (Some(3), "R5基準値".to_owned()));
    assert_eq!(text(g, 18, 1), "重要業績評価指標 (KPI)");
    assert_eq!(cell(g, 18, 1).fragment, None);
}

#[test]
fn all_seeds_decode_cleanly() {
    for seed in [
        "000_74bc9d9ecc966527.txt",
        "001_1783ff5150642431.txt",
        "002_8328d9d9bf0fbedf.txt",
        "003_138cb865a8138cb2.txt",
        "004_5988e3924460ef0c.txt",
    ] {
        let d = decode(seed);
        assert_eq!(d.source.encoding.as_deref(), Some("UTF-8"), "{seed}");
        assert!(d.diagnostics.is_empty(), "{seed}");
        let lines = std::fs::read_to_string(fixture(seed)).unwrap().lines().count();
        assert_eq!(d.grids[0].rows.len(), lines, "{seed}");
    }
}

// Bad inputs

fn decode_temp(name: &str, bytes: &[u8]) -> Result<Decoded, sheetwash::decode::DecodeError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::File::create(&path).unwrap().write_all(bytes).unwrap();
    decode_path(&path, &DecodeOptions::default())
}

fn assert_err(result: Result<Decoded, sheetwash::decode::DecodeError>, code: &str) {
    let err = result.err().unwrap_or_else(|| panic!("expected {code}"));
    assert_eq!(err.code(), code, "{err}");
    assert!(!err.to_string().contains('\n'));
}

#[test]
fn missing_file() {
    let result = decode_path(Path::new("/nonexistent/dir/x.txt"), &DecodeOptions::default());
    assert_err(result, "decode.io");
}

#[test]
fn empty_file() {
    let result = decode_temp("empty.txt", b"");
    let err = result.as_ref().err().unwrap();
    assert!(err.to_string().ends_with("empty.txt: empty file"), "{err}");
    assert_err(result, "decode.empty");
    assert_err(decode_temp("bom.txt", b"\xEF\xBB\xBF"), "decode.empty");
}

#[test]
fn whitespace_only_is_a_grid_without_cells() {
    let d = decode_temp("ws.txt", b"  \n\t\n \r\n").unwrap();
    assert_eq!(d.grids[0].rows.len(), 3);
    assert!(d.grids[0].rows.iter().all(|r| r.cells.is_empty()));
}

#[test]
fn truncated_xlsx() {
    let bytes = std::fs::read(fixture("workbook.xlsx")).unwrap();
    assert_err(decode_temp("cut.xlsx", &bytes[..bytes.len() / 2]), "decode.truncated");
}

#[test]
fn truncated_or_garbled_xls_fails_cleanly() {
    let bytes = std::fs::read(fixture("workbook.xls")).unwrap();
    let ok_or_clean = |result: Result<Decoded, sheetwash::decode::DecodeError>| match result {
        Ok(_) => {}
        Err(err) => assert_eq!(err.code(), "decode.truncated", "{err}"),
    };
    for cut in [bytes.len() / 2, bytes.len() - 1000, bytes.len() - 1] {
        ok_or_clean(decode_bytes("cut.xls", &bytes[..cut], &DecodeOptions::default()));
    }
    // Garble the OLE directory and the records after it.
    let mut garbled = bytes.clone();
    for (i, b) in garbled.iter_mut().enumerate().skip(1536).take(1024) {
        *b ^= u8::try_from(i % 251).unwrap();
    }
    ok_or_clean(decode_bytes("garbled.xls", &garbled, &DecodeOptions::default()));
}

#[test]
fn xls_with_a_garbled_format_record_keeps_the_others() {
    let mut bytes = std::fs::read(fixture("workbook.xls")).unwrap();
    // The last FORMAT record (0x041E) of the fixture is `yyyy/m/d`: give its string a length
    // far past the end of the record.
    let at = bytes.windows(2).rposition(|w| w == [0x1E, 0x04]).unwrap();
    bytes[at + 6..at + 8].copy_from_slice(&0x7FFF_u16.to_le_bytes());
    let d = decode_bytes("garbled.xls", &bytes, &DecodeOptions::default()).unwrap();
    let codes: Vec<_> = d.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["decode.xls_formats_unreadable"]);
    assert!(d.diagnostics[0].message.contains("malformed FORMAT record"), "{:?}", d.diagnostics);
    assert_eq!(grid(&d, "KPI").merged.len(), 2);
    check_formats(&d);
}

#[test]
fn truncated_ods_fails_cleanly() {
    let bytes = std::fs::read(fixture("workbook.ods")).unwrap();
    assert_err(decode_temp("cut.ods", &bytes[..bytes.len() / 2]), "decode.truncated");
}

#[test]
fn zip_that_is_not_a_workbook() {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        zip.start_file("readme.txt", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(b"hello").unwrap();
        zip.finish().unwrap();
    }
    let result = decode_temp("fake.xlsx", buf.get_ref());
    let err = result.as_ref().err().unwrap();
    assert!(err.to_string().contains("a zip archive that is not a workbook"));
    assert_err(result, "decode.not_a_workbook");
}

#[test]
fn binary_named_txt() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| u8::try_from(i * 7 % 256).unwrap()).collect();
    let result = decode_temp("data.txt", &bytes);
    assert!(result.as_ref().err().unwrap().to_string().contains("binary data, not a text file"));
    assert_err(result, "decode.binary");
}

#[test]
fn invalid_utf8_in_the_middle() {
    let mut bytes = "指標名\tR2実績\n".repeat(10).into_bytes();
    let middle = "指標名\tR2実績\n".len() * 5;
    bytes.splice(middle..middle, [0xFF, 0xC0]);
    let d = decode_temp("bad.txt", &bytes).unwrap();
    assert_eq!(d.source.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(d.diagnostics.len(), 1);
    let diag = &d.diagnostics[0];
    assert_eq!(diag.code, "decode.replaced_malformed");
    assert_eq!(diag.provenance.as_ref().unwrap().line, Some(6));
    assert!(text(&d.grids[0], 6, 1).starts_with('\u{FFFD}'));
    assert_eq!(text(&d.grids[0], 7, 1), "指標名");
}

#[test]
fn hundred_thousand_columns() {
    let line: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    let d = decode_temp("wide.tsv", line.join("\t").as_bytes()).unwrap();
    let g = &d.grids[0];
    assert_eq!(g.width, 100_000);
    assert_eq!(g.rows[0].cells.len(), 100_000);
    assert_eq!(text(g, 1, 100_000), "c99999");
}

#[test]
fn twenty_megabyte_single_line() {
    let bytes = "あいうえお,12345<p>x</p>&amp;".repeat(20 << 20 >> 5).into_bytes();
    assert!(bytes.len() > 20 << 20);
    // How fast is for `make bench`; here: it reads, as one line.
    let d = decode_temp("huge.txt", &bytes).unwrap();
    assert_eq!(d.grids[0].rows.len(), 1);
}

#[test]
fn limits_are_enforced() {
    let opts = DecodeOptions { max_bytes: 10, ..DecodeOptions::default() };
    let err = decode_bytes("x.txt", b"0123456789ab", &opts).unwrap_err();
    assert_eq!(err.code(), "decode.too_large");
    assert!(err.to_string().contains("max_bytes"));
    let opts = DecodeOptions { max_cells: 3, ..DecodeOptions::default() };
    let err = decode_bytes("x.txt", b"a\tb\nc\td\n", &opts).unwrap_err();
    assert!(err.to_string().contains("max_cells"), "{err}");
}

#[test]
fn forced_encoding() {
    let bytes = std::fs::read(fixture("sjis.txt")).unwrap();
    let opts = DecodeOptions { encoding: Some(encoding_rs::SHIFT_JIS), ..DecodeOptions::default() };
    let d = decode_bytes("sjis.txt", &bytes, &opts).unwrap();
    assert_eq!(d.source.encoding.as_deref(), Some("Shift_JIS"));
}

#[test]
fn password_protected_ole() {
    // An OLE header followed by the UTF-16LE directory name of an encrypted OOXML package.
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let err = decode_bytes("secret.xlsx", &bytes, &DecodeOptions::default()).unwrap_err();
    assert_eq!(err.code(), "decode.password_protected");
    assert_eq!(err.to_string(), "secret.xlsx: password-protected workbook");
}

#[test]
fn corrupt_ole_is_a_clean_error() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(700, 0xAB);
    let err = decode_bytes("broken.xls", &bytes, &DecodeOptions::default()).unwrap_err();
    assert!(matches!(err.code(), "decode.truncated" | "decode.parser_panicked"), "{err}");
}
