//! `sheetwash schema NAME`: prints one of the embedded JSON Schemas.

use sheetwash::emit::{SCHEMA_NAMES, schema_text};

use super::args::SchemaArgs;
use super::{Outcome, report_error};

pub(crate) fn run(args: &SchemaArgs) -> Outcome {
    let name = args.name.trim_end_matches(".schema.json");
    match schema_text(name) {
        Some(text) => {
            print!("{text}");
            Outcome::Clean
        }
        None => {
            report_error(&format!(
                "no schema named {:?}; choose one of {}",
                args.name,
                SCHEMA_NAMES.join(", ")
            ));
            Outcome::Usage
        }
    }
}
