//! `convert --incremental`: the index of what an earlier run into the same output directory
//! converted, so that unchanged inputs are skipped.
//!
//! # The index
//!
//! `DIR/.sheetwash-index.json` (a dot file: directory walks skip it):
//!
//! ```json
//! {
//!   "tool": "sheetwash",
//!   "version": "0.1.0",
//!   "options": "format=json encoding=auto max_bytes=268435456 …",
//!   "entries": {
//!     "a/r6.xlsx": {
//!       "input": "in/a/r6.xlsx",
//!       "sha256": "8d185e…",
//!       "output": "a/r6.xlsx.json",
//!       "records": 12
//!     }
//!   }
//! }
//! ```
//!
//! Entries are keyed by the input's path below its directory argument (its file name when
//! named directly), the path its output mirrors; `input` is the path as given, which the
//! output quotes, and `output` is relative to `DIR`.
//!
//! # When an input is skipped
//!
//! Only when its entry has the same input path, the SHA-256 of its bytes is unchanged, and
//! its output file still exists; and the index was written by the same sheetwash version
//! with the same options that shape the output (format, encoding, limits: [`fingerprint`]).
//! A different version or options discard the whole index; an unreadable or corrupt one
//! gives a warning and a full run. An input that fails is never recorded (and loses an
//! entry it had), so the next run tries it again; standard input is never skipped.
//!
//! # Writing it
//!
//! The index is written atomically, after the outputs it records: every second or every
//! 100 inputs during the run, and once at the end, so a run that is killed keeps most of what it did
//! and the next run redoes the rest. Entries of inputs not in this run are kept.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use sheetwash::decode::DecodeOptions;
use sheetwash::emit::{self, OutputFormat};

/// The index's file name inside the output directory.
pub(crate) const INDEX_FILE: &str = ".sheetwash-index.json";

/// How often the index is written during a run: after this long, or after this many inputs
/// converted since it was last written, whichever comes first.
const SAVE_EVERY: Duration = Duration::from_secs(1);
/// See [`SAVE_EVERY`].
const SAVE_AFTER: usize = 100;

/// The index file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Index {
    /// Always `sheetwash`.
    tool: String,
    /// The sheetwash version that wrote it.
    version: String,
    /// The options that shape the output ([`fingerprint`]).
    options: String,
    /// One entry per converted input, by its relative path.
    entries: BTreeMap<String, Entry>,
}

/// One converted input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// The input path as given (quoted in the output).
    pub(crate) input: String,
    /// SHA-256 of the input's bytes, lowercase hex.
    pub(crate) sha256: String,
    /// The output file, relative to the output directory.
    pub(crate) output: String,
    /// How many records the output holds.
    pub(crate) records: usize,
}

/// The options that change the output of an input, as one string: the format, the forced
/// encoding and the limits. The time budget is left out: it only decides whether an input
/// fails, and failed inputs are never recorded.
pub(crate) fn fingerprint(format: OutputFormat, decode: &DecodeOptions) -> String {
    let encoding = decode.encoding.map_or("auto", encoding_rs::Encoding::name);
    format!(
        "format={} encoding={encoding} max_bytes={} max_cells={} max_columns={} \
         max_cell_bytes={} max_sheet_area={} max_unzipped_bytes={} max_zip_ratio={} \
         max_html_depth={}",
        format.extension(),
        decode.max_bytes,
        decode.max_cells,
        decode.max_columns,
        decode.max_cell_bytes,
        decode.max_sheet_area,
        decode.max_unzipped_bytes,
        decode.max_zip_ratio,
        decode.max_html_depth,
    )
}

/// SHA-256 of the bytes, lowercase hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(bytes) {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

impl Index {
    /// An empty index for this version and these options.
    fn empty(options: &str) -> Self {
        Self {
            tool: "sheetwash".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            options: options.to_owned(),
            entries: BTreeMap::new(),
        }
    }

    /// The index in `dir` if it was written by this version with these options; else an
    /// empty one, with the warning to print when the file was unreadable or corrupt.
    pub(crate) fn load(dir: &Path, options: &str) -> (Self, Option<String>) {
        let path = dir.join(INDEX_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Self::empty(options), None);
            }
            Err(e) => return (Self::empty(options), Some(unusable(&path, &e))),
        };
        match serde_json::from_slice::<Index>(&bytes) {
            Ok(index) if index.tool == "sheetwash" => {
                let current = Self::empty(options);
                let same = index.version == current.version && index.options == current.options;
                (if same { index } else { current }, None)
            }
            Ok(_) => (Self::empty(options), Some(unusable(&path, &"not a sheetwash index"))),
            Err(e) => (Self::empty(options), Some(unusable(&path, &e))),
        }
    }

    /// The entry of an input, by its key.
    pub(crate) fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// Records a converted input.
    pub(crate) fn insert(&mut self, key: String, entry: Entry) {
        self.entries.insert(key, entry);
    }

    /// Forgets an input (it failed).
    pub(crate) fn remove(&mut self, key: &str) {
        self.entries.remove(key);
    }

    /// Writes the index into `dir`, atomically.
    pub(crate) fn save(&self, dir: &Path) -> Result<(), String> {
        let path = dir.join(INDEX_FILE);
        let mut bytes = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        bytes.push(b'\n');
        emit::write_atomic(&path, &bytes).map_err(|e| e.to_string())
    }
}

/// The warning for an index that cannot be used.
fn unusable(path: &Path, why: &dyn std::fmt::Display) -> String {
    format!("{}: ignoring the incremental index ({why}); converting every input", path.display())
}

/// Whether an input is unchanged since its entry was written: same path as given, same
/// bytes, and its output still there.
pub(crate) fn is_unchanged(entry: &Entry, input: &str, sha256: &str, dir: &Path) -> bool {
    entry.input == input && entry.sha256 == sha256 && dir.join(&entry.output).is_file()
}

/// The index of a run, written as it goes ([`SAVE_EVERY`]) and at the end.
pub(crate) struct Recorder {
    /// The output directory.
    dir: PathBuf,
    /// The entries, starting from the previous run's.
    index: Index,
    /// When it was last written.
    saved: Instant,
    /// How many changes it had since.
    changes: usize,
}

impl Recorder {
    /// Starts from the previous run's index.
    pub(crate) fn new(dir: &Path, index: Index) -> Self {
        Self { dir: dir.to_path_buf(), index, saved: Instant::now(), changes: 1 }
    }

    /// Records a converted input; writes the index if it is due.
    pub(crate) fn done(&mut self, key: String, entry: Entry) -> Result<(), String> {
        if self.index.get(&key) != Some(&entry) {
            self.index.insert(key, entry);
            self.changes += 1;
        }
        self.save_if_due()
    }

    /// Forgets a failed input.
    pub(crate) fn failed(&mut self, key: &str) {
        if self.index.get(key).is_some() {
            self.index.remove(key);
            self.changes += 1;
        }
    }

    /// Writes the index if it changed and is due ([`SAVE_EVERY`]).
    fn save_if_due(&mut self) -> Result<(), String> {
        let due = self.changes >= SAVE_AFTER || self.saved.elapsed() >= SAVE_EVERY;
        if self.changes > 0 && due { self.save() } else { Ok(()) }
    }

    /// Writes the index if it changed.
    pub(crate) fn save(&mut self) -> Result<(), String> {
        if self.changes == 0 {
            return Ok(());
        }
        self.index.save(&self.dir)?;
        self.saved = Instant::now();
        self.changes = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(sha256: &str) -> Entry {
        Entry {
            input: "in/a.csv".to_owned(),
            sha256: sha256.to_owned(),
            output: "a.csv.json".to_owned(),
            records: 3,
        }
    }

    #[test]
    fn an_index_round_trips_and_other_options_discard_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut index = Index::empty("format=json");
        index.insert("a.csv".to_owned(), entry("00"));
        index.save(dir.path()).unwrap();
        let (loaded, warning) = Index::load(dir.path(), "format=json");
        assert_eq!((loaded, warning), (index, None));
        let (other, warning) = Index::load(dir.path(), "format=ndjson");
        assert!(other.entries.is_empty() && warning.is_none());
    }

    #[test]
    fn a_missing_index_is_silent_and_a_corrupt_one_warns() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Index::load(dir.path(), "o").1.is_none());
        for corrupt in [
            &b"{not json"[..],
            b"[]",
            br#"{"tool":"other","version":"1","options":"o","entries":{}}"#,
        ] {
            std::fs::write(dir.path().join(INDEX_FILE), corrupt).unwrap();
            let (index, warning) = Index::load(dir.path(), "o");
            assert!(index.entries.is_empty());
            assert!(warning.unwrap().contains(INDEX_FILE));
        }
    }

    #[test]
    fn an_input_is_unchanged_only_with_its_path_bytes_and_output() {
        let dir = tempfile::tempdir().unwrap();
        let e = entry("ab");
        assert!(!is_unchanged(&e, "in/a.csv", "ab", dir.path()), "output missing");
        std::fs::write(dir.path().join("a.csv.json"), "{}").unwrap();
        assert!(is_unchanged(&e, "in/a.csv", "ab", dir.path()));
        assert!(!is_unchanged(&e, "in/a.csv", "cd", dir.path()));
        assert!(!is_unchanged(&e, "other/a.csv", "ab", dir.path()));
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
