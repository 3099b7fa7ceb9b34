"""Benchmark: `import gulfsec` and `gulfsec.load()` in a fresh process.

Measures, each in fresh interpreter processes (median of --repeat runs):

(a) `import gulfsec`                          (must stay light: no pandas, no matplotlib)
(b) `import gulfsec; gulfsec.load()`          (target: median under 0.5 s)
(c) the obvious alternative to (b): loading with frictionless, i.e.
    `frictionless.Package(datapackage.json).validate()` plus `to_pandas()` for every table
(d) `gulfsec.load_external()`                 (the extracts' descriptor only: lazy)
(e) `gulfsec.load_external()` and every extract read and checked (11 tables)
(f) the obvious alternative to (e): frictionless validate + to_pandas of data/external
(g) in one process, `gulfsec.validate()` again after a first call (the contested-term matches
    are remembered, see :mod:`gulfsec.contested`) against that first call

and prints the ratios c/b, f/e and first/again. Run: `.venv/bin/python benchmarks/bench_load.py [--repeat 7]`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
EXTERNAL = DATA / "external"

SNIPPETS = {
    "import gulfsec": "import gulfsec",
    "import gulfsec; gulfsec.load()": "import gulfsec; gulfsec.load()",
    "frictionless validate + to_pandas": (
        f"import frictionless; p = frictionless.Package({str(DATA / 'datapackage.json')!r}); "
        "r = p.validate(); assert r.valid; [res.to_pandas() for res in p.resources]"
    ),
    "import gulfsec; gulfsec.load_external()": "import gulfsec; gulfsec.load_external()",
    "load_external + read every extract": (
        "import gulfsec; e = gulfsec.load_external(); [e[n] for n in e.names]"
    ),
    "frictionless validate + to_pandas (ext)": (
        f"import frictionless; p = frictionless.Package({str(EXTERNAL / 'datapackage.json')!r}); "
        "r = p.validate(); assert r.valid; [res.to_pandas() for res in p.resources]"
    ),
}


def fresh(code: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - t0)
    return times


REPEAT_VALIDATE = """
import json, statistics, time, gulfsec
t0 = time.perf_counter(); gulfsec.validate(); first = time.perf_counter() - t0
again = []
for _ in range({n}):
    t0 = time.perf_counter(); gulfsec.validate(); again.append(time.perf_counter() - t0)
print(json.dumps([first, statistics.median(again)]))
"""


def validate_again(repeat: int) -> tuple[float, float]:
    """(first, median of later) `gulfsec.validate()` seconds, median over fresh processes."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", REPEAT_VALIDATE.format(n=repeat)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        runs.append(json.loads(out))
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    base = statistics.median(fresh("pass", args.repeat))
    print(f"python startup (subtracted from nothing below): {base:.3f} s")
    med = {}
    for label, code in SNIPPETS.items():
        t = fresh(code, args.repeat)
        med[label] = statistics.median(t)
        print(f"{label:40s} median {med[label]:.3f} s  (min {min(t):.3f}, max {max(t):.3f})")
    b = med["import gulfsec; gulfsec.load()"]
    c = med["frictionless validate + to_pandas"]
    print(f"ratio frictionless / gulfsec.load: {c / b:.1f}x")
    e = med["load_external + read every extract"]
    f = med["frictionless validate + to_pandas (ext)"]
    print(f"ratio frictionless / load_external (every extract): {f / e:.1f}x")
    first, again = validate_again(args.repeat)
    print(
        f"gulfsec.validate() in one process: first {first * 1000:.0f} ms, again "
        f"{again * 1000:.0f} ms (first / again: {first / again:.1f}x)"
    )
    print(f"load() target < 0.5 s median: {'met' if b < 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
