//! Normalize throughput: every cell of the five seed documents (`fixtures/*.txt`), parsed
//! with [`sheetwash::normalize::parse`]. Reported as cells per second.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sheetwash::normalize::{ValueContext, fold_text, parse};

/// All non-empty tab-separated cells of the fixtures, loaded before timing.
fn cells() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .flat_map(|text| {
            text.lines()
                .flat_map(|line| line.split('\t').map(str::to_owned).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        })
        .filter(|c| !c.trim().is_empty())
        .collect()
}

fn bench(c: &mut Criterion) {
    let cells = cells();
    let ctx = ValueContext::default();
    let mut group = c.benchmark_group("normalize");
    group.throughput(Throughput::Elements(cells.len() as u64));
    group.bench_function("parse_all_seed_cells", |b| {
        b.iter(|| {
            for cell in &cells {
                black_box(parse(black_box(cell), &ctx));
            }
        });
    });
    group.bench_function("fold_all_seed_cells", |b| {
        b.iter(|| {
            for cell in &cells {
                black_box(fold_text(black_box(cell)));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
