"""Benchmark: vectorised Monte-Carlo rank uncertainty (gulfsec.threats) vs a loop over draws.

Run from the repository root::

    .venv/bin/python benchmarks/bench_threats.py [--draws 10000] [--loop-draws 300] [--repeat 5]

What it measures (wall time, best of ``--repeat`` runs):

1. ``rank_uncertainty(ds, n_draws)`` with every source of uncertainty on (weights, scores,
   method), for the 4 main threats and for all 20 threats (4 main, 16 sub) (target: < 1 s for 10,000 draws).
2. The obvious alternative: a Python loop over draws that draws the same kinds of random
   inputs, builds a scores DataFrame and calls :func:`gulfsec.threats.severity` and
   :func:`gulfsec.threats.rank` once per draw. It runs ``--loop-draws`` draws and its time is
   scaled linearly to ``--draws`` (each draw costs the same, so the scaling is exact up to
   noise); the output says so.
3. The ratio loop / vectorised at ``--draws`` draws, and a sanity check that both give the same
   median ranks (they use different random streams, so only the medians are compared).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import gulfsec
from gulfsec import threats


def loop_ranks(ds, level: str, n_draws: int, seed: int, concentration: float = 50.0) -> np.ndarray:
    """The obvious implementation: one ``severity`` call per draw."""
    rng = np.random.default_rng(seed)
    scores = threats.score_matrix(ds, level)
    conf = threats.confidence_matrix(ds, level)
    spread = conf.replace(threats.CONFIDENCE_SPREAD).to_numpy(dtype=int)
    w0 = threats.default_weights(ds)
    out = np.empty((n_draws, len(scores)), dtype=int)
    for d in range(n_draws):
        w = dict(zip(w0.index, rng.dirichlet(concentration * w0.to_numpy()), strict=True))
        off = rng.integers(-spread, spread + 1)
        drawn = pd.DataFrame(
            np.clip(scores.to_numpy() + off, 0, threats.SCALE_MAX),
            index=scores.index,
            columns=scores.columns,
        )
        method = threats.METHODS[int(rng.integers(2))]
        out[d] = threats.rank(threats.severity(drawn, w, method)).to_numpy()
    return out


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--loop-draws", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    ds = gulfsec.load()
    threats.rank_uncertainty(ds, 100, args.seed)  # warm-up (imports, caches)
    print(f"gulfsec.threats.rank_uncertainty: {args.draws:,} draws, best of {args.repeat}")
    for level in ("main", "all"):
        n_t = len(threats.score_matrix(ds, level))
        t_vec = best_of(
            lambda lv=level: threats.rank_uncertainty(ds, args.draws, args.seed, level=lv),
            args.repeat,
        )
        t_loop = best_of(lambda lv=level: loop_ranks(ds, lv, args.loop_draws, args.seed), 1)
        t_loop_scaled = t_loop * args.draws / args.loop_draws
        vec = threats.rank_uncertainty(ds, args.draws, args.seed, level=level)
        lo = loop_ranks(ds, level, args.loop_draws, args.seed + 1)
        med_vec = (
            vec.summary["median_rank"].reindex(threats.score_matrix(ds, level).index).to_numpy()
        )
        med_loop = np.quantile(lo, 0.5, axis=0, method="inverted_cdf")
        agree = int((np.abs(med_vec - med_loop) <= 1).sum())
        print(f"\nlevel={level!r} ({n_t} threats x {len(ds.threat_criteria)} criteria)")
        print(
            f"  vectorised : {t_vec:8.3f} s for {args.draws:,} draws ({t_vec / args.draws * 1e6:.1f} us/draw)"
        )
        print(
            f"  loop       : {t_loop:8.3f} s for {args.loop_draws:,} draws, scaled x"
            f"{args.draws / args.loop_draws:.1f} to {args.draws:,} draws = {t_loop_scaled:.1f} s"
        )
        print(f"  ratio      : loop / vectorised = {t_loop_scaled / t_vec:,.0f}x")
        print(
            f"  target     : < 1 s for {args.draws:,} draws -> {'met' if t_vec < 1 else 'NOT met'}"
        )
        print(f"  check      : median ranks within 1 place for {agree}/{n_t} threats")


if __name__ == "__main__":
    main()
