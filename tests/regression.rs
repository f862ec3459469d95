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
/// end of the file made calamine 0.38 index out of bounds (its `cfb.rs`). The container is now
/// checked with the `cfb` crate before calamine sees it, so this is that file's clean
/// "corrupt workbook" error, never an internal error and never the end of the batch.
#[test]
fn fuzz_cfb_sector_past_the_end_is_a_clean_error() {
    let bytes = regression("convert_bytes-cfb-sector-out-of-range.bin");
    let opts = ConvertOptions { timeout: None, ..ConvertOptions::default() };
    let error = convert_bytes("crash.xls", &bytes, &opts).unwrap_err();
    assert!(!matches!(error, Error::Internal { .. }), "{error}");
    assert_eq!(error.code(), "decode.truncated");
    assert!(error.to_string().contains("crash.xls"));
}

/// Found by `make fuzz` (`convert_bytes`, session 2): an 8 KB OLE container whose FAT claims
/// more sectors than the file has. calamine 0.38 followed the chain of its root entry until a
/// 4 GB allocation failed, which aborts the whole process (no panic to catch). It must be
/// refused before calamine opens it.
#[test]
fn fuzz_cfb_chain_that_never_ends_is_refused_before_calamine() {
    let bytes = regression("convert_bytes-cfb-chain-oom.bin");
    let opts = ConvertOptions { timeout: None, ..ConvertOptions::default() };
    let error = convert_bytes("oom.xls", &bytes, &opts).unwrap_err();
    assert_eq!(error.code(), "decode.truncated", "{error}");
    assert!(error.to_string().contains("oom.xls") && error.to_string().contains("OLE"), "{error}");
}
