"""Print the headline numbers of the analyses for the bundled data (or a data folder).

Used by the data review (data/REVIEW.md) to compute, not guess, the numbers that move when
the data are corrected: run it on the data before and after a change and diff the output::

    .venv/bin/python tools/headline_numbers.py [DATA_FOLDER] > after.txt

Prints plain text, one number per line, in a stable order.
"""

from __future__ import annotations

import sys

import gulfsec
from gulfsec import alliances, networks, power, threats


def _networks(ds: gulfsec.Dataset) -> None:
    for label, kw in [
        ("signed default", {}),
        ("signed article-only", {"include_external": False}),
        ("signed friendly_wins", {"mixed_tie_rule": "friendly_wins"}),
        ("signed states+orgs", {"actor_kinds": ["state", "organization"]}),
        ("signed gcc-bloc", {"expand_gcc": False}),
        ("signed gcc-bloc article-only", {"expand_gcc": False, "include_external": False}),
    ]:
        S = networks.signed_graph(ds, **kw)
        r = networks.frustration_index(S)
        s = networks.balance_summary(S, r)
        print(
            f"networks[{label}]: nodes={s['nodes']} edges={s['edges']} +{s['positive']} "
            f"-{s['negative']} mixed={s['mixed']} triangles={s['triangles']} "
            f"triangle_balance={s['triangle_balance']:.4f} frustration={s['frustration']} "
            f"exact={s['exact']}"
        )
        for k, camp in enumerate(r.partition, 1):
            print(f"  camp {k}: {' '.join(sorted(camp))}")
        print(f"  frustrated: {sorted(tuple(sorted(e)) for e in r.frustrated_edges)}")
    for label, kw in [("all", {}), ("article-only", {"include_external": False})]:
        G = networks.dispute_graph(ds, **kw)
        c = networks.dispute_centrality(G)
        print(f"disputes[{label}]: edges={G.number_of_edges()}")
        print("  " + c.round(4).to_string().replace("\n", "\n  "))


def _threats(ds: gulfsec.Dataset) -> None:
    for method in threats.METHODS:
        for level in ("main", "sub"):
            r = threats.threat_ranking(ds, None, method, level)
            for tid, row in r.iterrows():
                print(
                    f"threats[{method},{level}]: {tid} severity={row['severity']:.4f} "
                    f"rank={int(row['rank'])}"
                )
    m = threats.threat_matrix(ds, None, "arithmetic")
    print("risk matrix (arithmetic):")
    print("  " + m.wide.round(4).to_string().replace("\n", "\n  "))
    for level, k in (("main", 2), ("sub", 3)):
        u = threats.rank_uncertainty(ds, 10_000, 2024, top_k=k, level=level)
        print(f"rank uncertainty ({level}, 10000 draws, seed 2024, top {k}):")
        print("  " + u.summary.round(4).to_string().replace("\n", "\n  "))


def _power(ds: gulfsec.Dataset) -> None:
    e = ds.balance_eras
    for era, row in e.iterrows():
        print(
            f"era {era}: {row['start_year']}-{row['end_year']} {row['balance_state']} "
            f"iran={row['pole_iran']} iraq={row['pole_iraq']} gcc={row['pole_gcc']} "
            f"us={row['us_presence']} {row['climate']}"
        )
    print(power.coded_transitions(e, ds.events).to_string())


def _alliances(ds: gulfsec.Dataset) -> None:
    s = alliances.scenario_summary(ds, "GCC", list(ds.scenarios.index))
    print(s.round(4).to_string())


def main(argv: list[str]) -> int:
    ds = gulfsec.load(argv[1] if len(argv) > 1 else None)
    for part in (_networks, _threats, _power, _alliances):
        print(f"== {part.__name__[1:]}")
        part(ds)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
