//! sheetwash turns the messy source sheets of Japanese local government — KPI evaluation
//! sheets, action-plan results, project lists and budget tables, as .xlsx/.xls/.ods
//! workbooks, `Shift_JIS` or UTF-8 CSV/TSV, and text dumps of PDFs — into clean, typed,
//! schema-validated JSON.
//!
//! # Pipeline
//!
//! ```text
//!  bytes ──decode──▶ Grid (cells + provenance) ──normalize──▶ Value (raw kept)
//!        ──extract──▶ Document (records, sections) ──reconcile──▶ markers, lineage
//!        ──emit──▶ JSON / NDJSON / CSV, checked against schemas/*.schema.json
//! ```
//!
//! Each stage is a module with one entry function; [`convert::convert_bytes`] runs the
//! pipeline for one input, and [`batch::run_ordered`] runs many on a thread pool, in input
//! order and within a memory budget.

pub mod batch;
pub mod convert;
pub mod decode;
pub mod emit;
pub mod extract;
pub mod model;
pub mod normalize;
pub mod reconcile;
pub mod validate;
