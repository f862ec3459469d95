"""The job sheetwash does, done the way offices and analysts do it today in Python.

Reads every file of a corpus (pandas + openpyxl for .xlsx, pandas.read_csv with cp932 for
.csv, plain split on tabs for text dumps), normalizes every cell (jaconv.z2h for full-width
ASCII and digits, then unicodedata NFKC), parses numbers, percents and era years (a regex),
builds one `sheetwash/document/1` JSON document per file with one `table` record per sheet
(every non-empty cell a value object with raw text, normalized text, kind, value, year and
provenance), validates it with jsonschema against sheetwash's own schemas/, and writes it.

It does LESS than sheetwash: no layout recognition (no KPI, project, budget or item records,
no sections, no header roles, no merged-cell handling, no encoding detection: the encoding
is known per extension), and a far simpler number/era parser. Single process, as it is done
today. Prints one line: files, bytes, seconds, and how many cells and documents.

Usage: python_pipeline.py CORPUS_DIR OUT_DIR SCHEMAS_DIR
"""

import hashlib
import json
import os
import re
import sys
import time
import unicodedata

import jaconv
import jsonschema
import pandas
from referencing import Registry, Resource

BASE = "https://schemas.sheetwash.invalid/"
ERA_FIRST_YEAR = {"R": 2019, "令和": 2019, "H": 1989, "平成": 1989, "S": 1926, "昭和": 1926}
ERA = re.compile(r"^(令和|平成|昭和|R|H|S)\s*(元|\d{1,2})\s*(年度?)?$")
NUMBER = re.compile(r"^([△▲-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%|人|件|千円|円|回|社|店)?$")


def validator(schemas_dir):
    """A validator of document.schema.json with its sibling schemas registered."""
    resources = []
    root = None
    for name in sorted(os.listdir(schemas_dir)):
        if not name.endswith(".schema.json"):
            continue
        with open(os.path.join(schemas_dir, name), encoding="utf-8") as f:
            schema = json.load(f)
        resources.append((BASE + name, Resource.from_contents(schema)))
        if name == "document.schema.json":
            root = schema
    registry = Registry().with_resources(resources)
    cls = jsonschema.validators.validator_for(root)
    return cls(root, registry=registry)


def normalize(raw):
    """Full-width ASCII/digits to half-width, NFKC, whitespace collapsed."""
    text = jaconv.z2h(raw, kana=False, ascii=True, digit=True)
    text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


def value(raw, provenance):
    """One cell as a sheetwash value object."""
    text = normalize(raw)
    out = {"raw": raw, "text": text, "kind": "text", "provenance": provenance}
    era = ERA.match(text)
    if era:
        n = 1 if era.group(2) == "元" else int(era.group(2))
        out.update(kind="era_year", year=ERA_FIRST_YEAR[era.group(1)] + n - 1)
        return out
    number = NUMBER.match(text)
    if number:
        sign, digits, decimals, unit = number.groups()
        v = float(digits.replace(",", "") + ("." + decimals if decimals else ""))
        v = -v if sign else v
        if unit == "%":
            out.update(kind="percent", value=v)
        elif unit:
            out.update(kind="quantity", value=v, unit=unit)
        else:
            out.update(kind="number", value=v)
    return out


def read(path):
    """The sheets of one file as (name, rows of strings, format, encoding)."""
    if path.endswith(".xlsx"):
        frames = pandas.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl")
        return [(name, frame.values.tolist()) for name, frame in frames.items()], "xlsx", None
    if path.endswith(".csv"):
        frame = pandas.read_csv(
            path, encoding="cp932", header=None, dtype=str, keep_default_na=False
        )
        return [(os.path.basename(path), frame.values.tolist())], "csv", "Shift_JIS"
    with open(path, encoding="utf-8") as f:
        rows = [line.split("\t") for line in f.read().splitlines()]
    return [(os.path.basename(path), rows)], "text", "UTF-8"


def document(path, data, schema_validator):
    """Builds and validates the document of one file; returns it and its cell count."""
    name = os.path.basename(path)
    sheets, fmt, encoding = read(path)
    records, sheet_infos, cells = [], [], 0
    for index, (sheet, rows) in enumerate(sheets, 1):
        table_rows = []
        for r, row in enumerate(rows, 1):
            out_row = []
            for c, cell in enumerate(row, 1):
                if cell is None or (isinstance(cell, float) and cell != cell):
                    continue
                raw = str(cell)
                if not raw.strip():
                    continue
                provenance = {"file": name, "row": r, "col": c}
                if fmt == "xlsx":
                    provenance["sheet"] = str(sheet)
                out_row.append(value(raw, provenance))
            if out_row:
                table_rows.append(out_row)
                cells += len(out_row)
        width = max((len(row) for row in rows), default=0)
        sheet_infos.append({"name": str(sheet), "rows": len(rows), "cols": width})
        records.append(
            {
                "type": "table",
                "id": f"table-{index}",
                "provenance": {"file": name},
                "markers": [],
                "title": str(sheet),
                "header": [],
                "rows": table_rows,
            }
        )
    source = {
        "path": name,
        "format": fmt,
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "sheets": sheet_infos,
    }
    if encoding:
        source["encoding"] = encoding
    doc = {
        "schema": "sheetwash/document/1",
        "source": source,
        "metadata": {},
        "sections": [],
        "records": records,
        "changes": [],
        "diagnostics": [],
    }
    schema_validator.validate(doc)
    return doc, cells


def main():
    corpus, out_dir, schemas_dir = sys.argv[1:4]
    os.makedirs(out_dir, exist_ok=True)
    schema_validator = validator(schemas_dir)
    start = time.perf_counter()
    files = total_bytes = cells = 0
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        if not name.endswith((".txt", ".csv", ".xlsx")):
            continue
        with open(path, "rb") as f:
            data = f.read()
        doc, n = document(path, data, schema_validator)
        with open(os.path.join(out_dir, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=2)
        files += 1
        total_bytes += len(data)
        cells += n
    seconds = time.perf_counter() - start
    print(f"python: {files} files, {total_bytes} bytes, {cells} cells, {seconds:.2f} s")


if __name__ == "__main__":
    main()
