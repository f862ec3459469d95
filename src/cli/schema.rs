//! `sheetwash schema NAME`: prints one of the embedded JSON Schemas.

use sheetwash::emit::{SCHEMA_NAMES, schema_text};

use super::args::SchemaArgs;
use super::{Outcome, report_error};

pub(crate) fn run(args: &SchemaArgs) -> Outcome {
    let name = args.name.trim_end_matches(".schema.json");
    let Some(text) = schema_text(name) else {
        report_error(&format!(
            "no schema named {:?}; choose one of {}",
            args.name,
            SCHEMA_NAMES.join(", ")
        ));
        return Outcome::Usage;
    };
    print!("{text}");
    Outcome::Clean
}
