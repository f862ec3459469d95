//! Expanding the command line's inputs: files, directories (recursive, sorted), and `-`;
//! and the output path of each input.
//!
//! # Hostile trees
//!
//! - Symbolic links met while walking a directory are skipped unless `--follow-symlinks`;
//!   when followed, a directory already visited (a link cycle) is not walked again. Paths
//!   named on the command line are always followed: the user chose them.
//! - An output path keeps only the normal components of the input's relative path (no `..`,
//!   no root), with control characters replaced by `_`, and [`check_inside`] refuses one
//!   whose folders inside the output directory include a symbolic link, which could take the
//!   write anywhere.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// One input to convert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Input {
    /// A file on disk; `root` is the directory argument it was found under, if any.
    File {
        /// The file.
        path: PathBuf,
        /// The directory argument it was found under, used to mirror the tree in the output.
        root: Option<PathBuf>,
    },
    /// Standard input.
    Stdin,
}

impl Input {
    /// The name used in provenance and messages.
    pub(crate) fn label(&self) -> String {
        match self {
            Input::File { path, .. } => path.display().to_string(),
            Input::Stdin => "-".to_owned(),
        }
    }
}

/// File extensions picked up when walking a directory. Files named explicitly are always
/// taken, whatever their name: the format is detected from the content.
const INPUT_EXTENSIONS: [&str; 10] =
    ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt", "htm", "html"];

/// Expands the arguments; a directory contributes its input files, sorted by path.
/// Unreadable directories are reported as errors in the returned list.
pub(crate) fn expand_with(args: &[PathBuf], follow_symlinks: bool) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut walker = Walker { follow_symlinks, ..Walker::default() };
    for arg in args {
        if arg.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if arg.is_dir() {
            walker.walk(arg);
            let mut found = std::mem::take(&mut walker.found);
            found.sort();
            inputs.extend(
                found.into_iter().map(|path| Input::File { path, root: Some(arg.clone()) }),
            );
        } else {
            inputs.push(Input::File { path: arg.clone(), root: None });
        }
    }
    (inputs, walker.errors)
}

/// A recursive directory walk.
#[derive(Default)]
struct Walker {
    /// Whether symbolic links are followed.
    follow_symlinks: bool,
    /// Input files found.
    found: Vec<PathBuf>,
    /// Error lines.
    errors: Vec<String>,
    /// Directories already walked (canonical), against link cycles.
    visited: HashSet<PathBuf>,
}

impl Walker {
    /// Adds the input files under `dir`.
    fn walk(&mut self, dir: &Path) {
        if let Ok(canonical) = dir.canonicalize() {
            if !self.visited.insert(canonical) {
                return;
            }
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.errors.push(format!("{}: cannot read directory: {e}", dir.display()));
                return;
            }
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let Ok(mut kind) = entry.file_type() else { continue };
            if kind.is_symlink() {
                if !self.follow_symlinks {
                    continue;
                }
                let Ok(meta) = std::fs::metadata(&path) else { continue };
                kind = meta.file_type();
            }
            if kind.is_dir() {
                self.walk(&path);
            } else if kind.is_file() && has_input_extension(&path) {
                self.found.push(path);
            }
        }
    }
}

fn has_input_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| INPUT_EXTENSIONS.iter().any(|known| known.eq_ignore_ascii_case(e)))
}

/// Reads all of standard input.
pub(crate) fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The output path of an input: its path below its directory argument (or its file name),
/// with `.json`/`.ndjson` appended, inside `out_dir`. Components that could leave `out_dir`
/// (`..`, roots) are dropped.
pub(crate) fn output_path(out_dir: &Path, input: &Input, extension: &str) -> PathBuf {
    let mut name = relative_name(input).into_os_string();
    name.push(".");
    name.push(extension);
    out_dir.join(name)
}

/// The path an input's output mirrors, without the output directory and extension: its path
/// below its directory argument, or its file name, keeping only normal components with
/// control characters replaced.
pub(crate) fn relative_name(input: &Input) -> PathBuf {
    let relative = match input {
        Input::Stdin => PathBuf::from("stdin"),
        Input::File { path, root: Some(root) } => {
            path.strip_prefix(root).map_or_else(|_| file_name(path), Path::to_path_buf)
        }
        Input::File { path, root: None } => file_name(path),
    };
    let mut safe = PathBuf::new();
    for component in relative.components() {
        if let std::path::Component::Normal(part) = component {
            safe.push(sanitize_name(part));
        }
    }
    safe
}

/// Removes the temporary files a killed run left in `folders` (the folders this run writes
/// into; not their subfolders): only regular files named exactly as `emit::write_atomic`
/// names them ([`emit::is_temporary_name`]) and last modified before `before` (the start of
/// this run). Returns the error lines of those that could not be removed.
///
/// [`emit::is_temporary_name`]: sheetwash::emit::is_temporary_name
pub(crate) fn remove_stale_temporaries(folders: &[PathBuf], before: SystemTime) -> Vec<String> {
    let mut errors = Vec::new();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(folder) else { continue };
        for entry in entries.flatten() {
            // `file_type` does not follow symbolic links: a link is never removed.
            let is_file = entry.file_type().is_ok_and(|kind| kind.is_file());
            if is_file && is_stale_temporary(&entry, before) {
                if let Err(e) = std::fs::remove_file(entry.path()) {
                    errors.push(format!("{}: cannot remove: {e}", entry.path().display()));
                }
            }
        }
    }
    errors
}

/// Whether a directory entry is a temporary file of `write_atomic` older than `before`.
fn is_stale_temporary(entry: &std::fs::DirEntry, before: SystemTime) -> bool {
    let name = entry.file_name();
    let Some(name) = name.to_str() else { return false };
    sheetwash::emit::is_temporary_name(name)
        && entry.metadata().and_then(|m| m.modified()).is_ok_and(|modified| modified < before)
}

/// A path component with control characters replaced by `_` (borrowed when it has none).
fn sanitize_name(part: &OsStr) -> Cow<'_, OsStr> {
    let lossy = part.to_string_lossy();
    if !lossy.chars().any(char::is_control) {
        return Cow::Borrowed(part);
    }
    let clean: String = lossy.chars().map(|c| if c.is_control() { '_' } else { c }).collect();
    Cow::Owned(OsString::from(clean))
}

/// Refuses an output path whose folders between `out_dir` and the file include a symbolic
/// link (or that is not below `out_dir` at all): writing through it could land outside.
/// The file itself may be a link: it is replaced by a rename, which does not follow it.
pub(crate) fn check_inside(out_dir: &Path, path: &Path) -> Result<(), String> {
    let outside = || format!("{}: output path leaves the output directory", path.display());
    let relative = path.strip_prefix(out_dir).map_err(|_| outside())?;
    let mut at = out_dir.to_path_buf();
    let folders = relative.parent().map(Path::components).into_iter().flatten();
    for component in folders {
        let std::path::Component::Normal(part) = component else { return Err(outside()) };
        at.push(part);
        let is_link = std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            return Err(format!(
                "{}: output folder {} is a symbolic link; refusing to write through it",
                path.display(),
                at.display()
            ));
        }
    }
    Ok(())
}

/// The file name of a path, or `input`.
fn file_name(path: &Path) -> PathBuf {
    path.file_name().map_or_else(|| PathBuf::from("input"), PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_stay_inside_the_output_directory() {
        let out = Path::new("out");
        let direct = Input::File { path: PathBuf::from("../x/r6.xlsx"), root: None };
        assert_eq!(output_path(out, &direct, "json"), Path::new("out/r6.xlsx.json"));
        let nested =
            Input::File { path: PathBuf::from("in/a/b.txt"), root: Some(PathBuf::from("in")) };
        assert_eq!(output_path(out, &nested, "ndjson"), Path::new("out/a/b.txt.ndjson"));
        assert_eq!(output_path(out, &Input::Stdin, "json"), Path::new("out/stdin.json"));
        let control = Input::File { path: PathBuf::from("a\u{1b}[2J\nb.csv"), root: None };
        assert_eq!(output_path(out, &control, "json"), Path::new("out/a_[2J_b.csv.json"));
    }
}
