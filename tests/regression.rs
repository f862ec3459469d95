//! One test per input that once misbehaved, found by fuzzing (`make fuzz`) or reported.
//! Each file lives in `fixtures/fuzz-regressions/`, named `.bin` so that converting the
//! `fixtures/` folder does not pick it up.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::path::Path;

use sheetwash::convert::{ConvertOptions, Error, convert_bytes};

fn regression(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz-regressions").join(name),
    )
    .unwrap()
}

/// Found by `make fuzz` (`convert_bytes`): an OLE container whose sector chain points past the
/// end of the file makes calamine 0.38 index out of bounds (its `cfb.rs`). The panic must stay
/// inside decode and come back as that file's clean `decode.parser_panicked` error, never an
/// internal error and never the end of the batch.
#[test]
fn fuzz_cfb_sector_past_the_end_is_a_clean_error() {
    let bytes = regression("convert_bytes-cfb-sector-out-of-range.bin");
    let opts = ConvertOptions { timeout: None, ..ConvertOptions::default() };
    let error = convert_bytes("crash.xls", &bytes, &opts).unwrap_err();
    assert!(!matches!(error, Error::Internal { .. }), "{error}");
    assert_eq!(error.code(), "decode.parser_panicked");
    assert!(error.to_string().contains("crash.xls"));
}
