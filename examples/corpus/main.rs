//! Benchmark corpus generator: writes N realistic input files, deterministic by seed, made by
//! recombining the rows and blocks of the five seed dumps in `fixtures/` with perturbed
//! numbers, years, departments and layouts, as UTF-8 text dumps, CP932 CSV and .xlsx.
//!
//! ```text
//! cargo run --release --example corpus -- --seed 42 --files 1000 --out target/bench-corpus/1000 [--mix all|text|csv|xlsx]
//! ```
//!
//! The same `--seed`, `--files` and `--mix` give byte-identical files on every machine
//! (`tests/corpus.rs`); file `i` depends only on the seed and `i`, so a corpus of 2,000
//! files starts with the 1,000 files of the smaller one. Prints one summary line.
#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a command-line tool")]

mod generate;
mod perturb;

use std::path::PathBuf;
use std::process::ExitCode;

use generate::Mix;

/// The parsed command line.
struct Args {
    seed: u64,
    files: u64,
    out: PathBuf,
    mix: Mix,
}

fn parse_args() -> Result<Args, String> {
    let mut args =
        Args { seed: 42, files: 100, out: PathBuf::from("target/bench-corpus"), mix: Mix::All };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--seed" => args.seed = value.parse().map_err(|_| format!("--seed {value}"))?,
            "--files" => args.files = value.parse().map_err(|_| format!("--files {value}"))?,
            "--out" => args.out = PathBuf::from(value),
            "--mix" => args.mix = Mix::parse(&value).ok_or_else(|| format!("--mix {value}"))?,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(args)
}

fn run(args: &Args) -> Result<String, String> {
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let mut written = Vec::new();
    for index in 0..args.files {
        let file = generate::file(args.seed, index, args.mix).map_err(|e| e.to_string())?;
        let path = args.out.join(&file.name);
        std::fs::write(&path, &file.bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push((file.name, file.bytes.len() as u64));
    }
    Ok(generate::summary(&written))
}

fn main() -> ExitCode {
    let result = parse_args().and_then(|args| run(&args).map(|s| (args, s)));
    match result {
        Ok((args, summary)) => {
            println!("{} (seed {}): {summary}", args.out.display(), args.seed);
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("corpus: {message}");
            ExitCode::from(2)
        }
    }
}
