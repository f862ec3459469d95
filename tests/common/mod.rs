//! Helpers shared by the integration tests that run whole batches.

use std::path::{Path, PathBuf};

/// A temporary folder with `in/` holding `count` copies of `sample` (`f000.txt` …) and the
/// path of an `out/` folder not yet made: the batch the kill-mid-run tests start.
pub(crate) fn batch_of_copies(
    sample: &Path,
    count: usize,
) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir_all(&input).unwrap();
    let bytes = std::fs::read(sample).unwrap();
    for i in 0..count {
        std::fs::write(input.join(format!("f{i:03}.txt")), &bytes).unwrap();
    }
    (dir, input, out)
}
