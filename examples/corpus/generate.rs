//! Generates one corpus file from the five seed dumps of `fixtures/`, deterministically from
//! `(seed, index)`: runs of the seed's blocks recombined to a drawn size, every line
//! perturbed ([`crate::perturb`]), project tables with their columns reordered or a blank
//! column added, header words varied, written as a UTF-8 text dump, a CP932 CSV or an .xlsx
//! workbook of several sheets.
//!
//! Only integer arithmetic and a PRNG of our own are used, so a seed gives the same bytes on
//! every machine and with every version of the dependencies that keeps its output format.

use std::fmt::Write as _;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::perturb::{self, Perturbation};

/// The seed dumps: a family name (used in file names) and the text.
const SEEDS: [(&str, &str); 5] = [
    ("kpi-survey", include_str!("../../fixtures/000_74bc9d9ecc966527.txt")),
    ("action-plan", include_str!("../../fixtures/001_1783ff5150642431.txt")),
    ("summary", include_str!("../../fixtures/002_8328d9d9bf0fbedf.txt")),
    ("projects", include_str!("../../fixtures/003_138cb865a8138cb2.txt")),
    ("budget", include_str!("../../fixtures/004_5988e3924460ef0c.txt")),
];

/// How many leading blocks (title, table of contents) every file of a family starts with.
const PREAMBLE_BLOCKS: usize = 3;

/// Which formats a corpus holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mix {
    /// Half text dumps, a quarter CP932 CSV, a quarter .xlsx.
    All,
    /// Text dumps only.
    Text,
    /// CP932 CSV only.
    Csv,
    /// .xlsx only.
    Xlsx,
}

impl Mix {
    /// Parses `all`, `text`, `csv` or `xlsx`.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        match name {
            "all" => Some(Self::All),
            "text" | "txt" => Some(Self::Text),
            "csv" => Some(Self::Csv),
            "xlsx" => Some(Self::Xlsx),
            _ => None,
        }
    }
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GeneratedFile {
    /// File name: `{index:05}_{family}.{ext}`.
    pub(crate) name: String,
    /// Its bytes.
    pub(crate) bytes: Vec<u8>,
}

/// A small deterministic PRNG (`SplitMix64`): the same sequence on every machine.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// An index in `0..n`.
    pub(crate) fn index(&mut self, n: usize) -> usize {
        usize::try_from(self.below(n as u64)).unwrap_or(0)
    }

    /// True with probability `percent`/100.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// Fisher–Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }
}

/// Generates file number `index` of the corpus of `seed`.
pub(crate) fn file(seed: u64, index: u64, mix: Mix) -> Result<GeneratedFile, XlsxError> {
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
    rng.next_u64();
    let format = match mix {
        Mix::All => match rng.below(4) {
            0 => Mix::Csv,
            1 => Mix::Xlsx,
            _ => Mix::Text,
        },
        other => other,
    };
    let family = rng.index(SEEDS.len());
    let (family_name, seed_text) = SEEDS.get(family).copied().unwrap_or(SEEDS[0]);
    let blocks = blocks(seed_text);
    let layout = Layout::random(&mut rng, family_name == "projects");
    let perturbation = Perturbation::random(&mut rng);
    let (ext, bytes) = match format {
        Mix::Csv => ("csv", csv_file(&blocks, &layout, &perturbation, &mut rng)),
        Mix::Xlsx => ("xlsx", xlsx_file(&blocks, &layout, &perturbation, &mut rng)?),
        Mix::All | Mix::Text => ("txt", text_file(&blocks, &layout, &perturbation, &mut rng)),
    };
    Ok(GeneratedFile { name: format!("{index:05}_{family_name}.{ext}"), bytes })
}

/// The seed's blocks: each a run of non-blank lines with the blank lines after it.
fn blocks(text: &str) -> Vec<Vec<&str>> {
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut in_blank = false;
    for line in text.split('\n') {
        let blank = line.trim().is_empty();
        if !blank && in_blank && !current.is_empty() {
            blocks.push(std::mem::take(&mut current));
        }
        in_blank = blank;
        current.push(line);
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// The lines of one recombined document: the preamble, then runs of 4–16 consecutive
/// blocks from random places, until `target_bytes` (or `target_lines`) is reached.
fn recombine<'a>(
    blocks: &[Vec<&'a str>],
    target_bytes: usize,
    target_lines: usize,
    rng: &mut Rng,
) -> Vec<&'a str> {
    let mut lines: Vec<&str> = blocks.iter().take(PREAMBLE_BLOCKS).flatten().copied().collect();
    let body = blocks.get(PREAMBLE_BLOCKS..).unwrap_or_default();
    let mut bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    while bytes < target_bytes && lines.len() < target_lines && !body.is_empty() {
        let start = rng.index(body.len());
        let run = 4 + rng.index(13);
        for block in body.iter().skip(start).take(run) {
            bytes += block.iter().map(|l| l.len() + 1).sum::<usize>();
            lines.extend(block.iter().copied());
        }
    }
    lines
}

/// Layout variations of one file.
#[derive(Debug, Clone)]
struct Layout {
    /// Project tables (13 cells a row): new order of the columns right of 事業名.
    project_columns: Option<[usize; 13]>,
    /// Project tables: a blank column inserted at this index.
    blank_column: Option<usize>,
    /// Header words: `実績値` → `実績`, `担当課` → `所管担当課`.
    header_variant: bool,
    /// .xlsx: sheets start one column to the right.
    leading_blank_column: bool,
    /// Text: CRLF line ends.
    crlf: bool,
}

impl Layout {
    fn random(rng: &mut Rng, projects: bool) -> Self {
        let project_columns = (projects && rng.chance(60)).then(|| {
            let mut order: [usize; 13] = std::array::from_fn(|i| i);
            // 事務事業番号/事業概要 and 目標値/実績値 may trade places; 事業名 stays left of
            // the project's KPI, which is what tells it from the 施策's.
            if rng.chance(50) {
                order.swap(6, 7);
            }
            if rng.chance(50) {
                order.swap(10, 11);
            }
            order
        });
        let blank_column = (projects && rng.chance(40)).then(|| 6 + rng.index(7));
        Self {
            project_columns,
            blank_column,
            header_variant: rng.chance(40),
            leading_blank_column: rng.chance(30),
            crlf: rng.chance(25),
        }
    }

    /// A line's cells, laid out.
    fn cells(&self, line: &str) -> Vec<String> {
        let mut cells: Vec<String> = line.split('\t').map(str::to_owned).collect();
        if self.header_variant && cells.iter().filter(|c| is_header_word(c)).count() >= 3 {
            for cell in &mut cells {
                *cell = header_variant(cell);
            }
        }
        if cells.len() == 13 {
            if let Some(order) = self.project_columns {
                let old = cells.clone();
                cells = order.iter().map(|&i| old.get(i).cloned().unwrap_or_default()).collect();
            }
            if let Some(at) = self.blank_column {
                cells.insert(at.min(cells.len()), String::new());
            }
        }
        cells
    }
}

fn is_header_word(cell: &str) -> bool {
    ["実績", "目標値", "基準値", "担当課", "事業名", "KPI", "評価", "単位", "備考"]
        .iter()
        .any(|w| cell.contains(w))
}

fn header_variant(cell: &str) -> String {
    if cell.ends_with("実績値") {
        cell.replace("実績値", "実績")
    } else if cell.ends_with("担当課") && !cell.contains("所管") {
        cell.replace("担当課", "所管担当課")
    } else {
        cell.to_owned()
    }
}

/// A size in bytes between 20 KB and 300 KB, skewed to the small end (median ≈ 70 KB).
fn text_size(rng: &mut Rng) -> usize {
    let a = rng.below(1001);
    let b = rng.below(1001);
    usize::try_from(20_000 + a * b * 280_000 / 1_000_000).unwrap_or(20_000)
}

/// The perturbed, laid-out rows of a recombined document.
fn rows(
    blocks: &[Vec<&str>],
    layout: &Layout,
    p: &Perturbation,
    target_bytes: usize,
    target_lines: usize,
    rng: &mut Rng,
) -> Vec<Vec<String>> {
    recombine(blocks, target_bytes, target_lines, rng)
        .into_iter()
        .map(|line| layout.cells(&perturb::line(line.trim_end_matches('\r'), p, rng)))
        .collect()
}

fn text_file(blocks: &[Vec<&str>], layout: &Layout, p: &Perturbation, rng: &mut Rng) -> Vec<u8> {
    let target = text_size(rng);
    let newline = if layout.crlf { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(target + 4096);
    for row in rows(blocks, layout, p, target, usize::MAX, rng) {
        out.push_str(&row.join("\t"));
        out.push_str(newline);
    }
    out.into_bytes()
}

/// A CSV as Excel exports one: every row padded to the widest, CRLF, CP932.
fn csv_file(blocks: &[Vec<&str>], layout: &Layout, p: &Perturbation, rng: &mut Rng) -> Vec<u8> {
    let target = text_size(rng) * 3 / 4;
    let rows = rows(blocks, layout, p, target, usize::MAX, rng);
    let width = rows.iter().map(Vec::len).max().unwrap_or(1);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for mut row in rows {
        row.resize(width, String::new());
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&row);
    }
    let utf8 = writer.into_inner().unwrap_or_default();
    let text = String::from_utf8_lossy(&utf8).replace('〜', "～").replace('−', "－");
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    bytes.into_owned()
}

/// A workbook of 2–4 sheets of 100–400 rows each; numbers as typed cells with their format.
fn xlsx_file(
    blocks: &[Vec<&str>],
    layout: &Layout,
    p: &Perturbation,
    rng: &mut Rng,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time: the same seed gives the same bytes.
    let created = ExcelDateTime::from_ymd(2024, 4, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let formats = CellFormats::new();
    let sheets = 2 + rng.below(3);
    for sheet in 1..=sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(format!("Sheet{sheet}"))?;
        let lines = 100 + rng.index(301);
        let rows = rows(blocks, layout, p, usize::MAX, lines, rng);
        write_sheet(worksheet, &rows, layout, &formats)?;
    }
    workbook.save_to_buffer()
}

/// Number formats as offices use them.
struct CellFormats {
    plain: Format,
    grouped: Format,
    decimal: Format,
    percent: Format,
    title: Format,
}

impl CellFormats {
    fn new() -> Self {
        Self {
            plain: Format::new().set_num_format("0"),
            grouped: Format::new().set_num_format("#,##0;\"△\"#,##0"),
            decimal: Format::new().set_num_format("#,##0.0;\"△\"#,##0.0"),
            percent: Format::new().set_num_format("0.0%"),
            title: Format::new().set_bold(),
        }
    }
}

fn write_sheet(
    sheet: &mut Worksheet,
    rows: &[Vec<String>],
    layout: &Layout,
    formats: &CellFormats,
) -> Result<(), XlsxError> {
    let first_col = u16::from(layout.leading_blank_column);
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(u32::MAX - 1);
        let filled: Vec<(usize, &String)> =
            row.iter().enumerate().filter(|(_, c)| !c.trim().is_empty()).collect();
        if r == 0 && filled.len() == 1 {
            if let Some((_, title)) = filled.first() {
                sheet.merge_range(0, first_col, 0, first_col + 5, title, &formats.title)?;
            }
            continue;
        }
        for (c, text) in filled {
            let col = first_col + u16::try_from(c).unwrap_or(0);
            write_cell(sheet, r, col, text, formats)?;
        }
    }
    Ok(())
}

/// A numeric cell as a number with its format; anything else as a string.
fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    formats: &CellFormats,
) -> Result<(), XlsxError> {
    if let Some((value, format)) = typed_number(text.trim(), formats) {
        sheet.write_number_with_format(row, col, value, format)?;
    } else {
        // Excel's limit is 32,767 characters a cell.
        let text: String = text.chars().take(32_000).collect();
        sheet.write_string(row, col, text)?;
    }
    Ok(())
}

fn typed_number<'f>(text: &str, formats: &'f CellFormats) -> Option<(f64, &'f Format)> {
    let (negative, rest) = match text.strip_prefix('△') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (percent, rest) = match rest.strip_suffix('%') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    if rest.is_empty() || !rest.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return None;
    }
    if !rest.starts_with(|c: char| c.is_ascii_digit()) || rest.ends_with([',', '.']) {
        return None;
    }
    let value: f64 = rest.replace(',', "").parse().ok()?;
    let value = if negative { -value } else { value };
    let format = if percent {
        return Some((value / 100.0, &formats.percent));
    } else if rest.contains('.') {
        &formats.decimal
    } else if rest.contains(',') || negative {
        &formats.grouped
    } else {
        &formats.plain
    };
    Some((value, format))
}

/// A summary line for a set of generated files: count and bytes per extension.
pub(crate) fn summary(files: &[(String, u64)]) -> String {
    let mut out = String::new();
    for ext in ["txt", "csv", "xlsx"] {
        let sizes: Vec<u64> =
            files.iter().filter(|(n, _)| n.ends_with(&format!(".{ext}"))).map(|f| f.1).collect();
        let total: u64 = sizes.iter().sum();
        let _ = write!(
            out,
            "{ext}: {} files, {:.1} MB (largest {} bytes); ",
            sizes.len(),
            mb(total),
            sizes.iter().max().unwrap_or(&0)
        );
    }
    out
}

#[expect(clippy::cast_precision_loss, reason = "a size for people to read")]
fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}
