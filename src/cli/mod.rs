//! The command line: clap types, one file per subcommand, printing and exit codes.
//!
//! Only this module prints. Exit status: 0 when everything worked, 1 when some inputs failed
//! (the others were still written), 2 for bad usage or an output that cannot be written.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod convert;
mod escape;
mod incremental;
mod inputs;
mod inspect;
mod progress;
mod reconcile;
mod schema;
mod timeline;
mod validate;
mod value;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// Exit status of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Everything worked.
    Clean,
    /// Some inputs failed; the rest was written.
    Partial,
    /// Bad usage, or output that could not be written.
    Usage,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Partial => ExitCode::from(1),
            Outcome::Usage => ExitCode::from(2),
        }
    }
}

/// Parses the command line and runs the subcommand.
pub(crate) fn run() -> ExitCode {
    // Every input runs inside `catch_unwind` (calamine can panic on malformed workbooks), and
    // a caught panic becomes that input's one error line, which carries the panic message. The
    // default hook would also print the panic and a backtrace, as if the run had crashed.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version on stdout with exit 0; usage errors exit 2.
            let _ = error.print();
            return if error.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let outcome = match cli.command {
        Command::Convert(args) => convert::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Value(args) => value::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Reconcile(args) => reconcile::run(&args),
        Command::Timeline(args) => timeline::run(&args),
        Command::Validate(args) => validate::run(&args),
    };
    outcome.into()
}

/// Prints an error line for one input on stderr, with control characters and ANSI escapes
/// from file names or cell text made visible ([`escape::escape_terminal`]).
pub(crate) fn report_error(message: &dyn std::fmt::Display) {
    let message = message.to_string();
    eprintln!("sheetwash: error: {}", escape::escape_terminal(&message));
}
