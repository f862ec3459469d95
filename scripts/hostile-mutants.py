#!/usr/bin/env python3
"""Checks that every protection of issue #8 has a test that fails without it.

For each mutation below (a protection switched off in the source), builds the hostile
suite, runs the tests that guard that protection and expects each of them to FAIL; then
restores the source. Run from the repository root: `python3 scripts/hostile-mutants.py`.
Takes a few minutes (one incremental build per mutation). Exit status 1 if a test still
passes with its protection off (a test that cannot fail) or a mutation no longer applies.
"""
import os
import pathlib
import subprocess
import sys

# (name, [(file, old text, new text)], [tests that must fail])
MUTATIONS = [
    ("cell length", [
        ("src/decode/mod.rs", "if u64::try_from(text.len()).unwrap_or(u64::MAX) > opts.max_cell_bytes {",
         "if false {"),
        ("src/decode/limits.rs", "if self.longest > opts.max_cell_bytes {", "if false {"),
    ], ["a_cell_over_max_cell_bytes_refuses_the_file_naming_it_and_the_limit",
        "a_long_xlsx_cell_is_refused", "an_ods_space_run_of_billions_is_refused_before_calamine_writes_it_out"]),
    ("input size", [
        ("src/decode/mod.rs", "if size > opts.max_bytes {", "if false {"),
        ("src/decode/mod.rs", "if meta.is_file() && meta.len() > opts.max_bytes {", "if false {"),
    ], ["size_cell_and_column_flags_name_file_and_limit"]),
    ("columns per row", [
        ("src/decode/text.rs", ".filter(|&col| col <= self.opts.max_columns)", ".filter(|_| true)"),
    ], ["size_cell_and_column_flags_name_file_and_limit"]),
    ("xlsx used range", [
        ("src/decode/limits.rs", "result = area.check(&sheet, opts);",
         "result = area.check(&sheet, opts).or(Ok(()));"),
    ], ["a_sheet_spanning_the_whole_grid_with_two_cells_is_refused",
        "a_long_shared_string_copied_into_many_cells_is_refused"]),
    ("xls sizes", [
        ("src/decode/workbook.rs", "formats.check_sizes(opts)?;", "let _ = formats.check_sizes(opts);"),
    ], ["an_xls_declaring_billions_of_rows_is_refused_before_calamine_reserves_them",
        "an_xls_whose_cells_span_the_whole_sheet_is_refused"]),
    ("ods sizes", [
        ("src/decode/workbook.rs", "sheet.area.check(name, opts)?;", "let _ = sheet.area.check(name, opts);"),
    ], ["an_ods_cell_repeated_over_a_million_rows_is_refused_before_calamine_builds_it",
        "an_ods_space_run_of_billions_is_refused_before_calamine_writes_it_out"]),
    ("zip bombs", [
        ("src/decode/limits.rs", "    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Ok(()) };",
         "    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Ok(()) };\n    if archive.len() < usize::MAX { return Ok(()); }"),
    ], ["a_zip_bomb_is_refused_before_it_is_inflated", "the_unzipped_total_is_limited"]),
    ("html nesting", [
        ("src/decode/html_table.rs", "if scanner.depth > opts.max_html_depth {", "if false {"),
    ], ["deeply_nested_html_tables_are_refused"]),
    ("time budget", [
        ("src/convert.rs", "receiver.recv_timeout(budget).ok()", "{ let _ = budget; receiver.recv().ok() }"),
    ], ["a_file_over_its_time_budget_gives_a_timeout_and_the_batch_goes_on"]),
    ("symlinked inputs", [
        ("src/cli/inputs.rs", "if !self.follow_symlinks {", "if false {"),
    ], ["symlinks_inside_input_directories_are_followed_only_when_asked"]),
    ("symlinked output folders", [
        ("src/cli/inputs.rs", "        if is_link {\n", "        if false && is_link {\n"),
    ], ["output_through_a_symlinked_subdirectory_is_refused"]),
    ("control characters in names", [
        ("src/cli/inputs.rs", "    if !lossy.chars().any(char::is_control) {", "    if true {"),
    ], ["control_characters_in_names_are_sanitized_and_escaped"]),
    ("terminal escaping", [
        ("src/cli/escape.rs", "    if !text.chars().any(needs_escape) {", "    if true {"),
    ], ["error_lines_escape_control_characters_and_ansi_sequences",
        "inspect_escapes_cell_text_and_file_names", "value_issue_lines_escape_the_cell_text"]),
    ("atomic output", [
        ("src/emit/mod.rs", "    std::fs::create_dir_all(dir).map_err(io_error)?;\n",
         "    std::fs::create_dir_all(dir).map_err(io_error)?;\n    if !path.as_os_str().is_empty() { return std::fs::write(path, bytes).map_err(io_error); }\n"),
    ], ["a_large_output_is_never_visible_half_written"]),
]


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    os.chdir(root)
    # Mutated code may allocate without bound: keep each test run inside 8 GB.
    limit = "ulimit -v 8000000; "
    bad = []
    for name, edits, tests in MUTATIONS:
        originals = {}
        try:
            for path, old, new in edits:
                text = originals.setdefault(path, pathlib.Path(path).read_text())
                current = pathlib.Path(path).read_text()
                if old not in current:
                    bad.append(f"{name}: mutation no longer applies to {path}")
                    raise LookupError
                pathlib.Path(path).write_text(current.replace(old, new, 1))
            build = run(["cargo", "test", "--test", "hostile", "--no-run"])
            if build.returncode != 0:
                bad.append(f"{name}: mutant does not build\n{build.stderr[-2000:]}")
                continue
            for test in tests:
                result = run(["bash", "-c", limit + f"cargo test -q --test hostile -- --exact {test}"])
                caught = result.returncode != 0
                print(f"{'caught ' if caught else 'MISSED '} {name}: {test}", flush=True)
                if not caught:
                    bad.append(f"{name}: {test} passes without the protection")
        except LookupError:
            pass
        finally:
            for path, text in originals.items():
                pathlib.Path(path).write_text(text)
    for line in bad:
        print(line, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
