//! The benchmark corpus generator (`examples/corpus/`): deterministic by seed, and its files
//! are read as the layouts they were recombined from, not only as generic tables.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

#[allow(dead_code, unreachable_pub, reason = "the example's CLI uses the rest")]
#[path = "../examples/corpus/generate.rs"]
mod generate;
#[allow(dead_code, unreachable_pub, reason = "the example's CLI uses the rest")]
#[path = "../examples/corpus/perturb.rs"]
mod perturb;

use std::collections::BTreeSet;

use generate::{GeneratedFile, Mix};
use sha2::{Digest, Sha256};
use sheetwash::convert::{ConvertOptions, convert_bytes};

fn corpus(seed: u64, mix: Mix, files: u64) -> Vec<GeneratedFile> {
    (0..files).map(|i| generate::file(seed, i, mix).unwrap()).collect()
}

fn digest(files: &[GeneratedFile]) -> String {
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(file.name.as_bytes());
        hasher.update(&file.bytes);
    }
    format!("{:x}", hasher.finalize())
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    for mix in [Mix::Text, Mix::Csv, Mix::Xlsx] {
        let first = corpus(42, mix, 3);
        assert_eq!(first, corpus(42, mix, 3), "{mix:?}");
        assert_ne!(digest(&first), digest(&corpus(43, mix, 3)), "{mix:?}");
    }
}

#[test]
fn bytes_are_the_same_on_every_machine() {
    // Golden digests: a change here means a corpus made elsewhere (or before) differs, so
    // benchmark figures are no longer comparable. Update only on purpose, and say so in
    // BENCHMARKS.md. (.xlsx is left out: its bytes also depend on rust_xlsxwriter's version.)
    assert_eq!(digest(&corpus(42, Mix::Text, 3)), GOLDEN_TEXT);
    assert_eq!(digest(&corpus(42, Mix::Csv, 3)), GOLDEN_CSV);
}

const GOLDEN_TEXT: &str = "da2d7cadc0c45b1f713c0229aac74292e5ffac0346606dd61983a1502ae143f5";
const GOLDEN_CSV: &str = "446fba1bda8c9e783a08159b6f6c1d861ff9cfb785b5af67fcf3eec38367de88";

#[test]
fn files_are_read_as_their_layouts() {
    let files = corpus(42, Mix::All, 10);
    let formats: BTreeSet<&str> = files.iter().filter_map(|f| f.name.rsplit('.').next()).collect();
    assert_eq!(formats, BTreeSet::from(["csv", "txt", "xlsx"]));
    let options = ConvertOptions { timeout: None, ..ConvertOptions::default() };
    let mut kinds = BTreeSet::new();
    for file in &files {
        let document = convert_bytes(&file.name, &file.bytes, &options).unwrap();
        kinds.extend(document.records.iter().map(sheetwash::model::Record::type_name));
    }
    for kind in ["kpi", "project", "budget", "item", "measure"] {
        assert!(kinds.contains(kind), "no {kind} record in {kinds:?}");
    }
}
