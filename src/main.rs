//! The `sheetwash` command: parses arguments and maps the outcome to an exit code.

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    cli::run()
}
