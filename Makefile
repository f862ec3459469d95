.PHONY: help build test bench bench-compare corpus lint fmt schema-check ci run fuzz mutants
help: ## List targets
	@awk 'BEGIN{FS=":.*## "} /^[a-z-]+:.*## /{printf "  %-13s %s\n",$$1,$$2}' $(MAKEFILE_LIST)
build: ## Release build
	cargo build --release --locked
test: ## Unit, integration, snapshot and doc tests
	cargo test --all-targets --locked && cargo test --doc --locked
bench: ## Criterion benchmarks: normalize, convert/decode per format, calamine, schema (~3 min)
	cargo bench --locked
bench-compare: ## End-to-end: 100/1,000/2,000-file corpora, 1 and 2 threads, vs Python; prints markdown
	bash bench/run.sh $(BENCH_ARGS)
SEED ?= 42
FILES ?= 1000
MIX ?= all
corpus: ## Generate a benchmark corpus: make corpus FILES=1000 SEED=42 MIX=all|text|csv|xlsx
	cargo run --release --locked --example corpus -- --seed $(SEED) --files $(FILES) --mix $(MIX) --out target/bench-corpus/$(MIX)-$(FILES)
lint: ## fmt check, clippy and docs with warnings as errors
	cargo fmt --all --check
	cargo clippy --all-targets --locked -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --document-private-items --locked
fmt: ## Format the code
	cargo fmt --all
schema-check: ## Schemas valid; every output conforms
	cargo test --locked --test schema
run: ## Convert the bundled fixtures into out/
	cargo run --release --locked -- convert fixtures/ -o out
ci: lint test ## Everything CI runs (stable toolchain only)
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := decode_text html_clean parse_value convert_bytes
fuzz: ## Run every fuzz target for FUZZ_SECONDS each (cargo-fuzz; nightly or RUSTC_BOOTSTRAP=1)
	cd fuzz && for t in $(FUZZ_TARGETS); do \
		mkdir -p work/$$t && RUSTC_BOOTSTRAP=1 cargo fuzz run $$t work/$$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 || exit 1; \
	done
mutants: ## Switch each hostile-input protection off in turn; its test must then fail
	python3 scripts/hostile-mutants.py
