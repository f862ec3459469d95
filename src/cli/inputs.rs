//! Expanding the command line's inputs: files, directories (recursive, sorted), and `-`.

use std::io::Read;
use std::path::{Path, PathBuf};

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
pub(crate) fn expand(args: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if arg.is_dir() {
            let mut found = Vec::new();
            walk(arg, &mut found, &mut errors);
            found.sort();
            inputs.extend(
                found.into_iter().map(|path| Input::File { path, root: Some(arg.clone()) }),
            );
        } else {
            inputs.push(Input::File { path: arg.clone(), root: None });
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(format!("{}: cannot read directory: {e}", dir.display()));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if kind.is_dir() {
            walk(&path, found, errors);
        } else if kind.is_file() && has_input_extension(&path) {
            found.push(path);
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
            safe.push(part);
        }
    }
    let mut name = safe.into_os_string();
    name.push(".");
    name.push(extension);
    out_dir.join(name)
}

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
    }
}
