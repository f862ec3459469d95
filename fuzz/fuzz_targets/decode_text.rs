//! Text-dump and CSV decoder: any bytes, named as a text, CSV or TSV file, decode without
//! panicking, and every row number lies inside the input's line count.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sheetwash::decode::{DecodeOptions, decode_bytes};

fuzz_target!(|data: &[u8]| {
    let opts = DecodeOptions { max_cells: 100_000, ..DecodeOptions::default() };
    for name in ["dump.txt", "table.csv", "table.tsv"] {
        if let Ok(decoded) = decode_bytes(name, data, &opts) {
            let lines = data.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
            for grid in &decoded.grids {
                for row in &grid.rows {
                    assert!(row.number as usize <= lines.max(grid.rows.len()), "row past input");
                }
            }
        }
    }
});
