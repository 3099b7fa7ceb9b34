"""Benchmark: the evidence work of notebook 05 (the ledger, its specification grid, the figure).

Run from the repository root::

    .venv/bin/python benchmarks/bench_evidence.py [--repeat 5]

What it measures (CPU time, ``time.process_time``, best of ``--repeat`` runs), on the bundled
data, as notebook 05 runs it (issue 19 asks the grid to fit within the notebook's render time):

1. Each step: :func:`gulfsec.evidence.prepare_inputs` (computed once for the ledger and the
   grid), :func:`~gulfsec.evidence.ledger`, :func:`~gulfsec.evidence.specification_grids`,
   :func:`~gulfsec.evidence.grid_summary`, and :func:`gulfsec.plotting.evidence.plot_grid`
   drawn to a PNG in memory; then all of them in one go.
2. The ledger's most repeated computation, the geometric mean of a ratio over a window (some
   500 calls for the ledger and its grid), as :func:`gulfsec.evidence.geometric_mean` computes
   it (on the arrays) against the obvious alternative (filtering the pandas Series); both must
   agree bit for bit on every window. The ratio: alternative / ours.

The machine's load moves CPU times by 10-20 %; compare figures from one run.
"""

from __future__ import annotations

import argparse
import io
import itertools
import time
from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import gulfsec
from gulfsec import evidence
from gulfsec.plotting import evidence as evidence_plots


def best_cpu(f: Callable[[], object], repeat: int) -> float:
    """The least CPU time of ``repeat`` calls of ``f``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        f()
        best = min(best, time.process_time() - t)
    return best


def geometric_mean_series(values: pd.Series, start: int, end: int) -> tuple[float, int]:
    """The obvious alternative: the same mean by filtering the pandas Series."""
    s = values.astype("float64")
    w = s[(s.index >= start) & (s.index <= end)]
    w = w[np.isfinite(w) & (w > 0)]
    if w.empty:
        return float("nan"), 0
    return float(np.exp(np.log(w).mean())), int(w.size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, choices=range(1, 101), metavar="1..100")
    repeat = parser.parse_args().repeat

    ds, ext = gulfsec.load(), gulfsec.load_external()
    inputs = evidence.prepare_inputs(ds, ext)
    grids = evidence.specification_grids(ds, ext, inputs=inputs)

    def figure() -> None:
        fig = evidence_plots.plot_grid(grids, "en")
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)

    def everything() -> None:
        i = evidence.prepare_inputs(ds, ext)
        evidence.ledger(ds, ext, inputs=i)
        evidence.grid_summary(evidence.specification_grids(ds, ext, inputs=i))
        figure()

    figure()  # the fonts load once per process
    steps = {
        "prepare_inputs": lambda: evidence.prepare_inputs(ds, ext),
        "ledger": lambda: evidence.ledger(ds, ext, inputs=inputs),
        "specification_grids": lambda: evidence.specification_grids(ds, ext, inputs=inputs),
        "grid_summary": lambda: evidence.grid_summary(grids),
        "plot_grid + PNG": figure,
        "all of the above": everything,
    }
    print(f"CPU seconds, best of {repeat}")
    for name, f in steps.items():
        print(f"  {name:22s} {best_cpu(f, repeat):.3f}")

    series = [r[k] for r in inputs["ratios"].values() for k in r]
    windows = list(itertools.combinations(range(1965, 2026, 3), 2))
    for s in series:
        for a, b in windows:
            ours, alt = evidence.geometric_mean(s, a, b), geometric_mean_series(s, a, b)
            both_nan = np.isnan(ours[0]) and np.isnan(alt[0])
            same = ours[1] == alt[1] and (ours[0] == alt[0] or both_nan)
            assert same, (s.name, a, b, ours, alt)
    calls = len(series) * len(windows)

    def run(f: Callable[[pd.Series, int, int], tuple[float, int]]) -> Callable[[], None]:
        return lambda: [f(s, a, b) for s in series for a, b in windows]

    ours = best_cpu(run(evidence.geometric_mean), repeat)
    alt = best_cpu(run(geometric_mean_series), repeat)
    print(f"geometric mean, {calls} windows (identical results)")
    print(f"  on the arrays (ours)   {ours:.3f}")
    print(f"  on the Series          {alt:.3f}")
    print(f"  ratio                  {alt / ours:.1f}x")


if __name__ == "__main__":
    main()
