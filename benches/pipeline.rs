//! Pipeline throughput on generated corpus files (`examples/corpus/`, seed 42), loaded into
//! memory before timing:
//!
//! * `convert/{text,csv,xlsx}` — decode → normalize → extract → reconcile of one format, in
//!   bytes per second ([`sheetwash::convert::convert_bytes`], no time budget, so no thread is
//!   spawned inside the loop);
//! * `decode/{text,csv,xlsx}` — the decode stage alone, to split the time between stages;
//! * `calamine/xlsx` — calamine alone reading every sheet of the same workbooks: the baseline
//!   of the ".xlsx convert at most 1.5× calamine" target;
//! * `schema/validate_document` — [`sheetwash::emit::validate_document`] on the converted
//!   documents, in documents per second; `emit/render_json` adds serialization.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark setup fails loudly")]

#[allow(dead_code, unreachable_pub, reason = "the example's CLI uses the rest")]
#[path = "../examples/corpus/generate.rs"]
mod generate;
#[allow(dead_code, unreachable_pub, reason = "the example's CLI uses the rest")]
#[path = "../examples/corpus/perturb.rs"]
mod perturb;

use std::hint::black_box;
use std::io::Cursor;
use std::time::Duration;

use calamine::{Reader, Xlsx};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use generate::{GeneratedFile, Mix};
use sheetwash::convert::{ConvertOptions, convert_bytes};
use sheetwash::decode::{DecodeOptions, decode_bytes};
use sheetwash::emit::{OutputFormat, render, validate_document};

/// Files per format: enough to cover every seed family at several sizes.
const FILES: u64 = 8;

fn files(mix: Mix) -> Vec<GeneratedFile> {
    (0..FILES).map(|i| generate::file(42, i, mix).expect("generate")).collect()
}

fn bytes(files: &[GeneratedFile]) -> u64 {
    files.iter().map(|f| f.bytes.len() as u64).sum()
}

fn options() -> ConvertOptions {
    ConvertOptions { timeout: None, ..ConvertOptions::default() }
}

fn configure(group: &mut BenchmarkGroup<'_, WallTime>) {
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8));
}

fn convert(c: &mut Criterion) {
    let opts = options();
    let decode_opts = DecodeOptions::default();
    for (name, mix) in [("text", Mix::Text), ("csv", Mix::Csv), ("xlsx", Mix::Xlsx)] {
        let files = files(mix);
        let mut group = c.benchmark_group("convert");
        configure(&mut group);
        group.throughput(Throughput::Bytes(bytes(&files)));
        group.bench_function(name, |b| {
            b.iter(|| {
                for file in &files {
                    black_box(convert_bytes(&file.name, black_box(&file.bytes), &opts).unwrap());
                }
            });
        });
        group.finish();
        let mut group = c.benchmark_group("decode");
        configure(&mut group);
        group.throughput(Throughput::Bytes(bytes(&files)));
        group.bench_function(name, |b| {
            b.iter(|| {
                for file in &files {
                    black_box(
                        decode_bytes(&file.name, black_box(&file.bytes), &decode_opts).unwrap(),
                    );
                }
            });
        });
        group.finish();
    }
}

/// calamine alone: open each workbook from memory and read every sheet's range.
fn calamine_read(bytes: &[u8]) -> usize {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).unwrap();
    let mut cells = 0;
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).unwrap();
        cells += range.get_size().0 * range.get_size().1;
        black_box(range);
    }
    cells
}

fn calamine(c: &mut Criterion) {
    let files = files(Mix::Xlsx);
    let mut group = c.benchmark_group("calamine");
    configure(&mut group);
    group.throughput(Throughput::Bytes(bytes(&files)));
    group.bench_function("xlsx", |b| {
        b.iter(|| {
            for file in &files {
                black_box(calamine_read(black_box(&file.bytes)));
            }
        });
    });
    group.finish();
}

fn schema(c: &mut Criterion) {
    let opts = options();
    let documents: Vec<_> = [Mix::Text, Mix::Csv, Mix::Xlsx]
        .into_iter()
        .flat_map(files)
        .map(|f| convert_bytes(&f.name, &f.bytes, &opts).unwrap())
        .collect();
    let json: Vec<serde_json::Value> =
        documents.iter().map(|d| serde_json::to_value(d).unwrap()).collect();
    let mut group = c.benchmark_group("schema");
    configure(&mut group);
    group.throughput(Throughput::Elements(json.len() as u64));
    group.bench_function("validate_document", |b| {
        b.iter(|| {
            for document in &json {
                validate_document(black_box(document)).unwrap();
            }
        });
    });
    group.finish();
    let mut group = c.benchmark_group("emit");
    configure(&mut group);
    group.throughput(Throughput::Elements(documents.len() as u64));
    group.bench_function("render_json", |b| {
        b.iter(|| {
            for document in &documents {
                black_box(render(black_box(document), OutputFormat::Json, true).unwrap());
            }
        });
    });
    group.finish();
}

criterion_group!(benches, convert, calamine, schema);
criterion_main!(benches);
