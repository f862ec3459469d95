"""End-to-end benchmark: corpora of several sizes, `sheetwash convert` at 1 and 2 threads,
the Python pipeline (bench/python_pipeline.py), wall time and peak RSS of each, and the
targets of issue #7. Prints a markdown report on stdout (paste it into BENCHMARKS.md) and
progress on stderr. Run through bench/run.sh, which builds the binaries and the venv.

Peak RSS is the child's ru_maxrss from wait4(2), the number `/usr/bin/time -v` prints as
"Maximum resident set size". Threads are set with `convert --jobs N`.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time


def log(message):
    print(message, file=sys.stderr, flush=True)


def load():
    """The 1-minute load average, to print beside every figure."""
    return os.getloadavg()[0]


def measure(argv, env=None):
    """Runs argv; returns (wall seconds, peak RSS in MB, load before, load after)."""
    before = load()
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, stderr = child.communicate()
    wall = time.perf_counter() - start
    # ru_maxrss of RUSAGE_CHILDREN is the largest of the children waited for so far, so
    # every measurement runs in a fresh interpreter (see main: --one).
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode not in (0, 1):
        raise SystemExit(f"{argv[0]} exited {child.returncode}: {stderr.decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024, before, load()


def measure_isolated(argv, env=None):
    """measure() in a fresh interpreter, so ru_maxrss is this command's alone."""
    out = subprocess.run(
        [sys.executable, __file__, "--one", "--", *argv],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return tuple(float(x) for x in out)


def corpus(args, name, files, mix):
    """Generates (or reuses) a corpus; returns (dir, file count, total bytes, largest)."""
    path = os.path.join(args.work, "bench-corpus", name)
    stamp = os.path.join(path, ".done")
    if not os.path.exists(stamp):
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run(
            [args.generator, "--seed", str(args.seed), "--files", str(files), "--out", path,
             "--mix", mix],
            check=True, stdout=subprocess.DEVNULL,
        )
        open(stamp, "w").close()
    sizes = [os.path.getsize(os.path.join(path, f)) for f in os.listdir(path) if f != ".done"]
    return path, len(sizes), sum(sizes), max(sizes)


def sheetwash(args, corpus_dir, label, threads):
    out = os.path.join(args.work, "bench-out", f"{label}-t{threads}")
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ)
    command = [args.sheetwash, "convert", "--jobs", str(threads), "--quiet", corpus_dir, "-o", out]
    result = measure_isolated(command, env)
    log(f"  sheetwash {label} threads={threads}: {result[0]:.2f} s, {result[1]:.0f} MB, "
        f"load {result[2]:.2f}→{result[3]:.2f}")
    return result


def python(args, corpus_dir, label):
    out = os.path.join(args.work, "bench-out", f"{label}-python")
    cache = os.path.join(args.work, "bench-out", f"python-{label}-seed{args.seed}.txt")
    if args.reuse_python and os.path.exists(cache):
        result = tuple(float(x) for x in open(cache).read().split())
        log(f"  python {label}: {result[0]:.2f} s (reused from {cache})")
        return result
    shutil.rmtree(out, ignore_errors=True)
    script = os.path.join(os.path.dirname(__file__), "python_pipeline.py")
    result = measure_isolated([args.python, script, corpus_dir, out, args.schemas])
    with open(cache, "w") as f:
        f.write(" ".join(str(x) for x in result))
    log(f"  python {label}: {result[0]:.2f} s, {result[1]:.0f} MB, "
        f"load {result[2]:.2f}→{result[3]:.2f}")
    return result


def mark(ok):
    return "✓" if ok else "✗"


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        wall, rss, before, after = measure(sys.argv[3:])
        print(wall, rss, before, after)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheetwash", required=True)
    parser.add_argument("--generator", required=True)
    parser.add_argument("--python", required=True, help="the venv's python")
    parser.add_argument("--schemas", required=True)
    parser.add_argument("--work", required=True, help="folder for corpora and outputs")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--sizes", default="100,1000,2000")
    parser.add_argument("--text-files", type=int, default=300)
    parser.add_argument("--no-python", action="store_true")
    parser.add_argument(
        "--reuse-python",
        action="store_true",
        help="reuse the Python figures of an earlier run on the same corpus (they take the "
        "longest and do not change with sheetwash)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for n in sizes:
        log(f"corpus of {n} files (mixed)")
        path, files, total, largest = corpus(args, str(n), n, "all")
        t1 = sheetwash(args, path, str(n), 1)
        t2 = sheetwash(args, path, str(n), 2)
        py = None if args.no_python else python(args, path, str(n))
        rows.append((n, files, total, largest, t1, t2, py))
    log(f"text-only corpus of {args.text_files} files")
    tpath, tfiles, ttotal, _ = corpus(args, f"text-{args.text_files}", args.text_files, "text")
    text1 = sheetwash(args, tpath, f"text-{args.text_files}", 1)
    text2 = sheetwash(args, tpath, f"text-{args.text_files}", 2)
    report(args, rows, (tfiles, ttotal, text1, text2))


def report(args, rows, text):
    nproc = os.cpu_count()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if
         line.startswith("model name")),
        "?",
    )
    mem = next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    print(f"Machine: {nproc} cores, {cpu}, {int(mem) / 1024 / 1024:.1f} GiB; "
          f"seed {args.seed}; {time.strftime('%Y-%m-%d %H:%M')}\n")
    print("| files | MB | largest KB | wall 1 thread (s) | wall 2 threads (s) | speed-up 1→2 | "
          "MB/s/core (1 thr) | peak RSS 1/2 thr (MB) | RSS limit (MB) | Python wall (s) | "
          "Python peak RSS (MB) | Python ÷ sheetwash 1 thr / 2 thr | load (1 min) |")
    print("|" + "---|" * 13)
    for n, files, total, largest, t1, t2, py in rows:
        limit = 2 * largest / 2**20 + 64
        py_wall = f"{py[0]:.1f}" if py else "—"
        py_rss = f"{py[1]:.0f}" if py else "—"
        ratio = f"{py[0] / t1[0]:.1f}× / {py[0] / t2[0]:.1f}×" if py else "—"
        loads = [t1[2], t1[3], t2[2], t2[3]] + ([py[2], py[3]] if py else [])
        print(f"| {files:,} | {total / 1e6:.1f} | {largest / 1024:.0f} | {t1[0]:.2f} | {t2[0]:.2f} "
              f"| {t1[0] / t2[0]:.2f}× | {total / 1e6 / t1[0]:.1f} | {t1[1]:.0f} / {t2[1]:.0f} | "
              f"{limit:.1f} | {py_wall} | {py_rss} | {ratio} | "
              f"{min(loads):.1f}–{max(loads):.1f} |")
    tfiles, ttotal, text1, text2 = text
    print(f"\nText dumps only ({tfiles} files, {ttotal / 1e6:.1f} MB): 1 thread {text1[0]:.2f} s = "
          f"{ttotal / 1e6 / text1[0]:.1f} MB/s per core; 2 threads {text2[0]:.2f} s = "
          f"{ttotal / 1e6 / text2[0]:.1f} MB/s (load {text1[2]:.1f}–{text2[3]:.1f})\n")
    n, files, total, largest, t1, t2, py = rows[-1]
    limit = 2 * largest / 2**20 + 64
    text_rate = ttotal / 1e6 / text1[0]
    speedup = t1[0] / t2[0]
    print("| target | measured | |")
    print("|---|---|---|")
    print(f"| text dumps ≥ 50 MB/s per core | {text_rate:.1f} MB/s | {mark(text_rate >= 50)} "
          f"{'' if text_rate >= 50 else f'({50 / text_rate:.1f}× short)'} |")
    print(f"| ≥ 1.8× from 1 to 2 threads ({files:,} files) | {speedup:.3f}× | "
          f"{mark(speedup >= 1.8)} |")
    print(f"| peak RSS < 2 × largest input + 64 MB ({files:,} files) | "
          f"{max(t1[1], t2[1]):.0f} MB vs {limit:.1f} MB | {mark(max(t1[1], t2[1]) < limit)} |")
    if py:
        ratio = py[0] / t1[0]
        print(f"| ≥ 30× faster than Python ({files:,} files; one process each, both on 1 core) | "
              f"{ratio:.1f}× ({py[0] / t2[0]:.1f}× with 2 threads) | {mark(ratio >= 30)} |")
    xlsx = criterion_ratio(args.work)
    if xlsx:
        convert, calamine = xlsx
        ratio = convert / calamine
        print(f"| .xlsx convert ≤ 1.5× calamine alone (criterion, same 8 workbooks) | "
              f"{convert / 1e6:.1f} ms vs {calamine / 1e6:.1f} ms = {ratio:.1f}× | "
              f"{mark(ratio <= 1.5)} |")


def criterion_ratio(work):
    """Medians (ns) of criterion's convert/xlsx and calamine/xlsx, if they were run."""
    medians = []
    for bench in ("convert", "calamine"):
        path = os.path.join(work, "criterion", bench, "xlsx", "new", "estimates.json")
        if not os.path.exists(path):
            return None
        with open(path) as f:
            medians.append(json.load(f)["median"]["point_estimate"])
    return tuple(medians)


if __name__ == "__main__":
    main()
