//! The whole convert of one in-memory file (any format, sniffed from the bytes): never an
//! `Error::Internal` (a caught panic), and every document renders and validates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sheetwash::convert::{self, ConvertOptions, Error};
use sheetwash::emit::{self, OutputFormat};

fuzz_target!(|data: &[u8]| {
    // No time budget: the fuzzer has its own (-timeout), and a worker thread per input
    // would only slow it down.
    let opts = ConvertOptions { timeout: None, ..ConvertOptions::default() };
    match convert::convert_bytes("input.xlsx", data, &opts) {
        Ok(document) => {
            if let Err(e) = emit::render(&document, OutputFormat::Json, true) {
                panic!("rendering failed: {e}");
            }
        }
        Err(e @ Error::Internal { .. }) => panic!("{e}"),
        Err(_) => {}
    }
});
