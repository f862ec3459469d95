//! The value parser: any cell text under every column hint, no panic, and the raw text is
//! kept.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sheetwash::normalize::{self, ColumnHint, ValueContext};

fuzz_target!(|text: &str| {
    let hints = [None, Some(ColumnHint::Numeric), Some(ColumnHint::Year), Some(ColumnHint::Grade)];
    for hint in hints {
        for unit in [None, Some("千円")] {
            let ctx = ValueContext { hint, unit, fiscal_year: None };
            let _ = normalize::parse(text, &ctx);
        }
    }
});
