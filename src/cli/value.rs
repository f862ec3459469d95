//! `sheetwash value TEXT...`: one Value per argument (or per stdin line) as JSON lines.

use std::io::{BufRead, Write};

use sheetwash::normalize::{self, ColumnHint, ValueContext};

use super::args::{ContextArg, ValueArgs};
use super::escape::escape_terminal;
use super::{Outcome, report_error};

pub(crate) fn run(args: &ValueArgs) -> Outcome {
    let hint = args.context.map(|c| match c {
        ContextArg::Numeric => ColumnHint::Numeric,
        ContextArg::Year => ColumnHint::Year,
        ContextArg::Grade => ColumnHint::Grade,
        ContextArg::Text => ColumnHint::Text,
    });
    let ctx = ValueContext { hint, unit: args.unit.as_deref(), fiscal_year: None };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for text in &args.texts {
        let written =
            if text == "-" { print_stdin(&mut out, &ctx) } else { print_one(&mut out, text, &ctx) };
        if written.is_err() {
            return Outcome::Clean; // closed pipe
        }
    }
    Outcome::Clean
}

fn print_stdin(out: &mut impl Write, ctx: &ValueContext<'_>) -> std::io::Result<()> {
    for line in std::io::stdin().lock().lines() {
        match line {
            Ok(line) => print_one(out, line.trim_end_matches('\r'), ctx)?,
            Err(e) => {
                report_error(&format!("-: cannot read standard input: {e}"));
                break;
            }
        }
    }
    Ok(())
}

fn print_one(out: &mut impl Write, text: &str, ctx: &ValueContext<'_>) -> std::io::Result<()> {
    let parsed = normalize::parse(text, ctx);
    for issue in &parsed.issues {
        let (text, message) = (escape_terminal(text), escape_terminal(&issue.message));
        eprintln!("sheetwash: {} {text}: {message}", issue.code);
    }
    let json = serde_json::to_string(&parsed.value).map_err(std::io::Error::other)?;
    writeln!(out, "{json}")
}
