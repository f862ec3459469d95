#!/usr/bin/env bash
# End-to-end benchmark (`make bench-compare`): builds the release binary and the corpus
# generator, makes the Python venv (pinned in bench/requirements.txt), then runs bench/run.py,
# which prints a markdown report on stdout. Extra arguments go to run.py, e.g.
#   bash bench/run.sh --sizes 100,1000 --no-python
# Corpora, outputs and the venv live in $CARGO_TARGET_DIR (default target/).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
cargo build --release --locked --bin sheetwash --example corpus >&2
# The .xlsx target is measured in memory by criterion (convert vs calamine alone, ~30 s).
cargo bench --locked --bench pipeline -- 'convert/xlsx|calamine/xlsx' >&2
venv="$target/bench-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pandas, openpyxl, jaconv, jsonschema' 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements.txt >&2
fi
exec python3 bench/run.py \
  --sheetwash "$target/release/sheetwash" \
  --generator "$target/release/examples/corpus" \
  --python "$venv/bin/python" \
  --schemas schemas \
  --work "$target" \
  "$@"
