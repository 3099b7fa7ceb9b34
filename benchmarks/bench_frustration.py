"""Benchmark: exact frustration index by MILP (gulfsec.networks) vs brute-force enumeration.

Run from the repository root::

    .venv/bin/python benchmarks/bench_frustration.py [--seed 0] [--nodes 30] [--density 0.3]

What it measures (wall time, best of ``--repeat`` runs):

1. ``frustration_index`` on a seeded random signed graph with ``--nodes`` nodes (target: < 2 s
   for 30 nodes), at the given edge density and half the edges negative.
2. The obvious alternative, brute force over all 2^(n-1) two-camp partitions (numpy,
   vectorised in chunks), on a smaller graph of ``--brute-nodes`` nodes drawn the same way;
   both methods must agree there. Its time is extrapolated to ``--nodes`` nodes by the factor
   2^(nodes - brute_nodes) (the enumeration is exponential, the work per partition linear in
   the number of edges, which also grows: the extrapolation is therefore a lower bound).
3. The ratio: extrapolated brute force / MILP at ``--nodes`` nodes.
"""

from __future__ import annotations

import argparse
import math
import time

import networkx as nx
import numpy as np

from gulfsec.networks import frustration_index


def random_signed_graph(n: int, density: float, seed: int) -> nx.Graph:
    """G(n, p) random graph with signs +1/-1 drawn with equal probability (seeded)."""
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(n, density, seed=int(rng.integers(1 << 31)))
    for u, v in G.edges():
        G.edges[u, v]["sign"] = int(rng.choice([-1, 1]))
    return G


def brute_force(G: nx.Graph) -> int:
    """Least number of frustrated edges over all partitions (first node fixed in camp 0)."""
    nodes = list(G)
    n = len(nodes)
    idx = {v: i for i, v in enumerate(nodes)}
    U = np.array([idx[u] for u, _ in G.edges()])
    V = np.array([idx[v] for _, v in G.edges()])
    pos = np.array([G.edges[e]["sign"] == 1 for e in G.edges()])
    best = math.inf
    total = 1 << (n - 1)
    chunk = 1 << 15
    shifts = np.arange(n - 1)
    for start in range(0, total, chunk):
        codes = np.arange(start, min(start + chunk, total), dtype=np.int64)
        bits = ((codes[:, None] >> shifts) & 1).astype(bool)
        side = np.concatenate([np.zeros((len(codes), 1), bool), bits], axis=1)
        frus = (side[:, U] == side[:, V]) != pos
        best = min(best, int(frus.sum(axis=1).min()))
    return int(best)


def best_time(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--nodes", type=int, default=30)
    p.add_argument("--density", type=float, default=0.3)
    p.add_argument("--brute-nodes", type=int, default=20)
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args(argv)

    G = random_signed_graph(a.nodes, a.density, a.seed)
    t_milp, r = best_time(lambda: frustration_index(G), a.repeat)
    print(
        f"MILP        n={a.nodes:3d} m={G.number_of_edges():4d}  index={r.index:4d}  "
        f"exact={r.exact}  time={t_milp:.3f} s  (target < 2 s)"
    )

    H = random_signed_graph(a.brute_nodes, a.density, a.seed)
    t_bf, bf = best_time(lambda: brute_force(H), 1)
    t_mh, rh = best_time(lambda: frustration_index(H), a.repeat)
    assert rh.index == bf, (rh.index, bf)
    print(
        f"brute force n={a.brute_nodes:3d} m={H.number_of_edges():4d}  index={bf:4d}  "
        f"time={t_bf:.3f} s   (MILP on the same graph: {t_mh:.3f} s, same index)"
    )
    t_bf_extra = t_bf * 2 ** (a.nodes - a.brute_nodes)
    print(
        f"brute force extrapolated to n={a.nodes}: >= {t_bf_extra:.0f} s "
        f"(x 2^{a.nodes - a.brute_nodes})"
    )
    print(f"ratio brute force / MILP at n={a.nodes}: >= {t_bf_extra / t_milp:.0f}x")
    print(f"ratio brute force / MILP at n={a.brute_nodes} (both measured): {t_bf / t_mh:.1f}x")
    return 0 if t_milp < 2.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
