//! The whole convert of one in-memory file (any format, sniffed from the bytes): never an
//! `Error::Internal` (a caught panic), and every document renders and validates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sheetwash::convert::{self, ConvertOptions, Error};
use sheetwash::emit::{self, OutputFormat};

/// calamine can panic on malformed workbooks (its issue #481); decode catches that and
/// reports `decode.parser_panicked`, which is the behaviour under test. libfuzzer-sys's panic
/// hook aborts on every panic, caught or not, so it is replaced by a quiet one: a panic that
/// escapes `convert_bytes` (or the `panic!`s below) still aborts through libfuzzer-sys's own
/// `catch_unwind` and is reported as a crash.
static QUIET_CAUGHT_PANICS: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    QUIET_CAUGHT_PANICS.call_once(|| std::panic::set_hook(Box::new(|_| {})));
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
