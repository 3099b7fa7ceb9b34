"""Benchmark ``gulfsec render``: against an older renderer, the obvious alternative and the floor.

Everything below is measured in one run, on the same plan and with the same parallelism
(``--workers``, default 2), and printed with medians and ratios:

(base)  ``gulfsec render --force`` with an older renderer, either
        ``--base-renderer REV``: this tree's package, notebooks, data and plan with
        ``gulfsec/render/`` as it was at commit REV (e.g. ``c8fc6f8``, the renderer before issue
        15): the same notebooks and the same work, only the renderer differs (the default
        comparison of the closing note); or
        ``--base DIR``: a git worktree of another commit with its own ``make setup`` (e.g.
        ``git worktree add /work/bench-base c8fc6f8 && make -C /work/bench-base setup``), run
        with that tree's own virtualenv, kernel, notebooks, data and plan (its notebooks may do
        less or more work than this tree's);
        interleaved with (new) and (alt) as base, new, alt, base, new, alt, ... so that machine
        load hits all alike (``--rounds``, default 2);
(new)   ``gulfsec render --force`` of this tree (a snapshot copy of the package, data,
        notebooks and plan, so that edits made while the benchmark runs change nothing);
(alt)   the obvious alternative on equal terms: one ``papermill`` CLI call per distinct
        (notebook, parameters) group, then one ``jupyter nbconvert --to html`` CLI call per
        report (language cells and solutions removed with TagRemovePreprocessor, ``--no-input``
        for the report edition), both run ``--workers`` at a time;
(floor) what a renderer cannot avoid (the exec-start floor): for every group a kernel start
        as jupyter_client does it (start a kernel, wait until it answers, stop it; median of
        3) plus the cells' own times in the (new) runs (papermill's per-cell durations, summed
        per execution into the manifest's ``cell_seconds``: the imports and every cell's
        compute), divided by ``--workers``;
(incr)  one table edited (a value in ``threat_scores.csv``) and ``gulfsec render`` without
        ``--force``, for base and new, against their full re-render;
(noop)  ``gulfsec render`` with nothing changed;
(size)  the output folders: total, HTML, ipynb, ``_static``.

Usage::

    .venv/bin/python benchmarks/bench_render.py --base-renderer c8fc6f8      # the comparison
    .venv/bin/python benchmarks/bench_render.py --base /work/bench-base      # commit trees
    .venv/bin/python benchmarks/bench_render.py --only '03_*'                # a subset, no base
    .venv/bin/python benchmarks/bench_render.py --sweep 100                  # see below

``--sweep N`` instead measures a parameter sweep of N reports on a dask.distributed
``LocalCluster`` (127.0.0.1, ``--workers`` worker processes of one thread): a plan with one
``grid`` entry over the tiny fixture notebook ``tests/fixtures/notebooks/ok.ipynb`` (a bar
chart, a table and some text; parameter ``n`` and ``scale``), rendered with ``--scheduler``;
it prints the wall time and the time per report, so that a cluster can be sized from them.

Measured 2026-12-06 18:32-18:49 UTC, once, while six other sessions shared the 2 cores (load
average 5 to 9.5 during the base and new arms, 0.9 at the end), at commit 83d6765 (issue 21:
no fork server, no kernel extension, a ProcessPoolExecutor, the cache keyed on the recorded
sources), ``--base-renderer 3c2935f --rounds 1``, 52 reports / 28 executions, 2 workers:

==============================================  ================  ================  ========
                                                base (3c2935f)    new (83d6765)     base/new
full render ``--force`` (s)                     108.5             175.8             0.62
one table edited, no ``--force`` (s)            16.5              22.8              0.72
nothing changed (s)                             0.38              0.29
``reports/`` total / HTML / ipynb / _static MB  22.8/4.5/14.6/3.2  23.7/4.3/14.6/4.3
==============================================  ================  ================  ========

Exec-start floor (28 kernel starts x 0.51 s + the cells' own time in the new run, 226.9 s,
imports included, / 2): 120.6 s; new / floor 1.46, base / floor 0.90 (its kernels were forked
with the imports done, which this floor counts). Alternative (papermill CLI per group, then
nbconvert CLI per report, 2 at a time): 467.2 s, 2.66 x the new render. The cells' own time
rose from 135.6 s (base) to 226.9 s (new): each kernel now imports numpy, pandas and matplotlib
itself, and a recap figure is drawn again rather than taken from a cache (which is also the
1.1 MB more under ``_static``: a redrawn figure is a new file). Under this load the ratios are
indicative only; the base and new arms did not see the same load.

Measured 2026-12-02 03:44-03:57 UTC on the quiet 2-core machine (nothing else running), at
commit 4aca481, ``--base-renderer c8fc6f8 --rounds 2``, 52 reports / 28 executions, 2 workers:

==============================================  ================  ================  ========
                                                base              new               base/new
full render ``--force``, per round (s)          70.2, 67.3        32.1, 32.7
full render, median (s)                         68.7              32.4              **2.12**
  (exec): kernels started by exec (s)                             42.3              1.62
one table edited, no ``--force`` (s)            66.2              11.6              5.69
nothing changed (s)                             0.17              0.16
``reports/`` total / HTML / ipynb / _static MB  86.1/49.7/36.3/0  22.8/4.5/14.6/3.2  3.78
==============================================  ================  ================  ========

Floor with a fresh interpreter per run (28 kernel starts x 0.58 s + the cells' own time in the
exec runs, imports included, / 2): 37.6 s; new / floor 0.86 (forked kernels skip part of what
that floor counts), base / floor 1.83. Floor with forked kernels (2 zygote starts x 1.02 s + 28
forked starts x 0.19 s + the cells' own time in the new runs, / 2): 25.4 s; new / floor 1.28:
the rest is the conversion of 52 pages (about 0.25 s of CPU each, figures' compression
included) and the messages of about 1,300 cells. Alternative (papermill CLI per group, then
nbconvert CLI per report, 2 at a time): 141.6, 137.1 s, median 139.3 s, 4.30 x the new render.
At commit e01e58e (figures at libdeflate level 10, history on disk) the same benchmark gave
base 70.2, new 36.7 s (1.91 x), 22.5 MB.

Measured earlier, 2026-12-02 01:12-01:20 UTC on a quiet moment of this 2-core machine (load
average about 2), before the kernels were forked from zygotes,
``--base-renderer c8fc6f8 --rounds 2 --skip-alternative``, 52 reports / 28 executions:
full render base 82.1, 76.6 s, new 53.0, 50.7 s: medians 79.3 and 51.9 s, **1.53 x**; one table
edited 75.3 s (base: everything again) and 17.0 s (new: 16 of 52 reports), 4.4 x; nothing
changed 0.18 and 0.20 s; floor 41.8 s (28 kernel starts x 0.62 s + the cells' own time, / 2):
new / floor 1.24, base / floor 1.90. Under load, where the old renderer's per-cell saves and
re-parses compete for the CPU, the ratio is larger (below).

Measured earlier the same day on this 2-core machine, shared with six other developers' builds and tests
(load average 7-17: every number is inflated by the load, ratios less so), default plan of 52
reports / 28 executions, ``--base-renderer c8fc6f8 --workers 2``, round 1 of 2 (the run was
stopped in round 2 for time; noop, incremental and sizes measured right after on round 1's
outputs, the new one while the base's round-2 render ran beside it):

=================================  ========  =======  ========
                                   base      new      base/new
full render ``--force`` (s)        218.6     83.2     2.63
one table edited (s)               310.6     67.6     4.6
nothing changed (s)                0.36      0.6-1.5  -
``reports/`` total (MB)            86.1      25.0     3.4
HTML / ipynb / _static (MB)        49.6 / 36.4 / 0   4.3 / 16.8 / 3.4
=================================  ========  =======  ========

floor (28 kernel starts x 0.52 s + the cells' own 109.9 s) / 2 workers = 62.2 s: new / floor
1.34, base / floor 3.5. The alternative (papermill CLI per group, then nbconvert CLI per report,
2 at a time): 577.7 s, 6.9 x the new render (each CLI call starts Python and imports
nbconvert: dozens of seconds of start-up under this load). The edit re-ran 16 of 52 reports
(notebooks 00, which tours every table, and 03), the base renderer all 52. An earlier run
(commit trees c8fc6f8 vs a8469b7, 44 reports, 2 rounds): base 320.2 s, new 142.3 s (2.25).

``--sweep 100 --workers 2`` (ok.ipynb grid, beside the base's incremental render): wall 201.4 s
= 2.0 s per report at 2 workers; per report in the worker 3.75 s median (7.9 s max); kernel
peak memory 130 MB per report. The notebooks of the default plan peak at 139-201 MB (02 the
largest) and take 4-16 s per execution (03 the longest) on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
EDIT = ("threat_scores.csv", "IRAN,likelihood,5,", "IRAN,likelihood,4,")


def snapshot(tree: Path, work: Path) -> Path:
    """Copy the package, data, notebooks and plan of ``tree`` into ``work``; return the copy."""
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")
    for name in ("gulfsec", "data", "notebooks"):
        shutil.copytree(tree / name, work / name, ignore=ignore, dirs_exist_ok=True)
    (work / "reports").mkdir(parents=True, exist_ok=True)
    shutil.copy2(tree / "reports" / "plan.yml", work / "reports" / "plan.yml")
    return work


class Tree:
    """A source tree to render: its ``gulfsec`` command, its Jupyter path, its plan."""

    def __init__(self, name: str, venv: Path, root: Path, pythonpath: Path | None = None):
        self.name = name
        self.bin = venv / "bin"
        self.root = root
        self.plan = root / "reports" / "plan.yml"
        self.env = os.environ.copy()
        self.env["JUPYTER_PATH"] = str(venv / "share" / "jupyter")
        self.env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        self.env.pop("MPLBACKEND", None)
        if pythonpath is not None:  # the snapshot wins over the editable install
            self.env["PYTHONPATH"] = str(pythonpath)

    def run(self, cmd: list[str], check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=self.env)
        if check and proc.returncode != 0:
            sys.stderr.write(f"[{self.name}] failed ({proc.returncode}): {' '.join(cmd)}\n")
            sys.stderr.write(proc.stderr[-3000:] + "\n")
        return proc

    def render(self, out: Path, *extra: str) -> float:
        cmd = [str(self.bin / "gulfsec"), "render", "--plan", str(self.plan), "--out", str(out)]
        t0 = time.perf_counter()
        self.run([*cmd, "--quiet", *extra])
        return time.perf_counter() - t0


def sizes(out: Path) -> dict[str, float]:
    """MB under ``out``: all, ``*.html`` and ``*.ipynb`` of the reports, ``_static``."""

    def mb(files) -> float:
        return round(sum(f.stat().st_size for f in files if f.is_file()) / 1e6, 1)

    return {
        "total": mb(out.rglob("*")),
        "html": mb(out.glob("*/*.html")),
        "ipynb": mb(out.glob("*/*.ipynb")),
        "static": mb((out / "_static").rglob("*")),
    }


def kernel_start_seconds(tree: Tree, n: int = 3) -> float:
    """Median time to start the project kernel and get its first reply, then stop it."""
    code = (
        "import time\n"
        "from jupyter_client.manager import start_new_kernel\n"
        "t = time.perf_counter()\n"
        "km, kc = start_new_kernel(kernel_name='gulfsec')\n"
        "kc.kernel_info(); kc.get_shell_msg(timeout=60)\n"
        "print(time.perf_counter() - t)\n"
        "kc.stop_channels(); km.shutdown_kernel(now=True)\n"
    )
    times = []
    for _ in range(n):
        proc = tree.run([str(tree.bin / "python"), "-c", code])
        times.append(float(proc.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def cell_seconds(out: Path, plan) -> float:
    """Sum over groups of the per-cell durations papermill recorded (one report per group).

    From the manifest's ``cell_seconds`` (published notebooks no longer carry papermill's
    per-cell metadata), else from the notebooks (a tree from before that change).
    """
    total = 0.0
    seen = set()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    recorded = {e["id"]: e.get("cell_seconds") for e in manifest["reports"]}
    for r in plan.reports:
        if r.group in seen or r.edition == "student":
            continue
        seen.add(r.group)
        if isinstance(recorded.get(r.id), int | float):
            total += recorded[r.id]
            continue
        nb = json.loads((out / r.id / f"{r.id}.ipynb").read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            d = cell.get("metadata", {}).get("papermill", {}).get("duration")
            if cell.get("cell_type") == "code" and isinstance(d, int | float):
                total += d
    return total


def alternative(tree: Tree, plan, work: Path, workers: int) -> float:
    """papermill CLI once per group, then nbconvert CLI once per report, ``workers`` at a time."""
    from gulfsec.i18n import LANGS
    from gulfsec.render.plan import LANG_TAG_PREFIX, SOLUTION_TAG

    work.mkdir(parents=True, exist_ok=True)
    groups: dict = {}
    for r in plan.reports:
        groups.setdefault(r.group, []).append(r)

    def execute(item):
        n, members = item
        r = members[0]
        executed = work / f"g{n:03d}.ipynb"
        params = getattr(r, "run_parameters", None) or r.parameters
        tree.run(
            [
                str(tree.bin / "papermill"),
                str(r.path),
                str(executed),
                "-k",
                "gulfsec",
                "--cwd",
                str(r.path.parent),
                "-y",
                json.dumps(params),
                "--execution-timeout",
                str(int(r.timeout)),
                "--no-progress-bar",
            ]
        )
        return [(executed, m) for m in members]

    def convert(item):
        executed, r = item
        remove = [f"{LANG_TAG_PREFIX}{lang}" for lang in LANGS if lang != r.lang]
        if r.edition == "student":
            remove.append(SOLUTION_TAG)
        cmd = [
            str(tree.bin / "jupyter"),
            "nbconvert",
            "--to",
            "html",
            str(executed),
            "--output-dir",
            str(work),
            "--output",
            r.id,
            "--TagRemovePreprocessor.enabled=True",
            f"--TagRemovePreprocessor.remove_cell_tags={json.dumps(remove)}",
            "--HTMLExporter.embed_images=True",
        ]
        if r.edition == "report":
            cmd.append("--no-input")
        tree.run(cmd)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        executed = [x for xs in pool.map(execute, enumerate(groups.values())) for x in xs]
        list(pool.map(convert, executed))
    return time.perf_counter() - t0


def _edit(data: Path, undo: bool = False) -> None:
    name, old, new = EDIT
    path = data / name
    text = path.read_text(encoding="utf-8")
    a, b = (new, old) if undo else (old, new)
    if a not in text:
        raise SystemExit(f"cannot edit {path}: {a!r} not found")
    path.write_text(text.replace(a, b, 1), encoding="utf-8")


def _med(xs: list[float]) -> float:
    return statistics.median(xs)


def compare(args) -> int:
    work = args.work or Path(tempfile.mkdtemp(prefix="gulfsec-bench-"))
    new = Tree("new", Path(sys.prefix), snapshot(ROOT, work / "new-tree"), work / "new-tree")
    base = None
    if args.base_renderer:
        root = snapshot(ROOT, work / "base-tree")
        shutil.rmtree(root / "gulfsec" / "render")
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.base_renderer, "gulfsec/render"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
        base = Tree("base", Path(sys.prefix), root, root)
    elif args.base:
        base_root = args.base.resolve()
        base = Tree("base", base_root / ".venv", snapshot(base_root, work / "base-tree"))
        base.env["PYTHONPATH"] = str(work / "base-tree")
    from gulfsec.render.plan import load_plan

    plan = load_plan(new.plan)
    only = ["--only", *args.only] if args.only else []
    w = ["--workers", str(args.workers)]
    reports = plan.select(args.only)
    n_groups = len({r.group for r in reports})
    print(
        f"plan: {len(reports)} report(s), {n_groups} execution group(s); "
        f"--workers {args.workers}; {os.cpu_count()} core(s); scratch {work}"
    )
    if args.base_renderer:
        print(
            f"base: this tree with gulfsec/render/ of {args.base_renderer}; "
            f"new: {ROOT} ({_commit(ROOT)})"
        )
    elif base is not None:
        print(f"base: {args.base} ({_commit(args.base)}); new: {ROOT} ({_commit(ROOT)})")

    times: dict[str, list[float]] = {"base": [], "new": [], "alt": []}
    floors: list[float] = []
    k_start = kernel_start_seconds(new)
    for i in range(args.rounds):
        for tree in (base, new, "alt"):
            if tree is None or (tree == "alt" and args.skip_alternative):
                continue
            if tree == "alt":
                shutil.rmtree(work / "alternative", ignore_errors=True)
                t = alternative(new, _Sub(plan, reports), work / "alternative", args.workers)
                times["alt"].append(t)
                print(f"  round {i + 1}: alt  papermill + nbconvert CLI  {t:7.1f} s", flush=True)
                continue
            out = work / f"{tree.name}-out"
            shutil.rmtree(out, ignore_errors=True)  # a cold output folder each round
            t = tree.render(out, "--force", *w, *only)
            times[tree.name].append(t)
            print(f"  round {i + 1}: {tree.name:<4} gulfsec render --force  {t:7.1f} s", flush=True)
            if tree is new:  # the exec-start floor: a kernel start per group + its cells
                cells = cell_seconds(out, _Sub(plan, reports))
                floors.append((n_groups * k_start + cells) / args.workers)

    results = {}
    for tree in (base, new):
        if tree is None:
            continue
        out = work / f"{tree.name}-out"
        noop = _med([tree.render(out, *w, *only) for _ in range(3)])
        data = tree.root / "data"
        _edit(data)
        try:
            incr = tree.render(out, *w, *only)
        finally:
            _edit(data, undo=True)
        tree.render(out, *w, *only)  # back to the unedited state
        results[tree.name] = {
            "full": _med(times[tree.name]),
            "noop": noop,
            "incr": incr,
            "sizes": sizes(out),
        }

    alt = _med(times["alt"]) if times["alt"] else None
    floor = _med(floors) if floors else None

    r = results["new"]
    print()
    print(f"{'':34}{'base':>10}{'new':>10}{'base/new':>10}")

    def row(label, key, fmt="{:10.1f}"):
        b = results.get("base", {}).get(key)
        n = r[key]
        ratio = f"{b / n:10.2f}" if b else f"{'':10}"
        print(f"{label:34}{fmt.format(b) if b else '':>10}{fmt.format(n)}{ratio}")

    row(f"full render --force, median of {args.rounds} (s)", "full")
    row("one table edited, no --force (s)", "incr")
    row("nothing changed (s)", "noop", "{:10.2f}")
    for key in ("total", "html", "ipynb", "static"):
        b = results.get("base", {}).get("sizes", {}).get(key)
        n = r["sizes"][key]
        ratio = f"{b / n:10.2f}" if b and n else f"{'':10}"
        print(f"{'size ' + key + ' (MB)':34}{b if b is not None else '':>10}{n:10.1f}{ratio}")
    print()
    print(f"per round: {', '.join(f'{k} {v}' for k, v in times.items() if v)}")
    if floor is not None:
        print(
            f"exec-start floor: ({n_groups} kernel start(s) x {k_start:.2f} s"
            f" + the cells' own time in the new runs, imports included) / {args.workers}"
            f" workers, per round: {', '.join(f'{f:.1f}' for f in floors)} s; median"
            f" {floor:.1f} s"
        )
        print(f"new full / floor = {r['full'] / floor:.2f}", end="")
        if "base" in results:
            print(f";  base full / floor = {results['base']['full'] / floor:.2f}")
        else:
            print()
    print(f"new: one table edited / full = {r['incr'] / r['full']:.2f}")
    if alt is not None:
        print(
            f"alternative (papermill CLI per group + nbconvert CLI per report, "
            f"{args.workers} at a time), median of {len(times['alt'])}: {alt:.1f} s;  "
            f"alternative/new = {alt / r['full']:.2f}"
        )
    return 0


class _Sub:
    """A plan restricted to some reports (what ``--only`` selects)."""

    def __init__(self, plan, reports):
        self.reports = reports
        self.path = plan.path


def _commit(tree: Path) -> str:
    proc = subprocess.run(
        ["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "-C", str(tree), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return proc.stdout.strip() + (" + uncommitted changes" if dirty else "")


def sweep(args) -> int:
    """A grid of ``args.sweep`` reports on a LocalCluster; time and memory per report."""
    import math

    import yaml

    work = args.work or Path(tempfile.mkdtemp(prefix="gulfsec-sweep-"))
    nbdir = work / "notebooks"
    nbdir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "tests" / "fixtures" / "notebooks" / "ok.ipynb", nbdir)
    side = math.ceil(math.sqrt(args.sweep))
    ns = list(range(2, 2 + side))
    scales = [round(1 + 0.25 * i, 2) for i in range(math.ceil(args.sweep / side))]
    plan = {
        "notebooks": "notebooks",
        "data": str(ROOT / "data"),
        "reports": [
            {
                "id": "sweep",
                "notebook": "ok.ipynb",
                "parameters": {"lang": "en"},
                "grid": {"n": ns, "scale": scales},
                "edition": "report",
                "title": "Sweep",
            }
        ],
    }
    (work / "plan.yml").write_text(yaml.safe_dump(plan, sort_keys=False), encoding="utf-8")
    from distributed import LocalCluster

    env = os.environ | {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    with LocalCluster(
        n_workers=args.workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        env=env,
    ) as cluster:
        out = work / "out"
        cmd = [str(BIN / "gulfsec"), "render", "--plan", str(work / "plan.yml"), "--out", str(out)]
        t0 = time.perf_counter()
        proc = subprocess.run(
            [*cmd, "--scheduler", cluster.scheduler_address, "--quiet"],
            capture_output=True,
            text=True,
            env=env,
        )
        wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        return 1
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]
    secs = [e["seconds"] for e in entries]
    n = len(entries)
    print(
        f"sweep: {n} reports of tests/fixtures/notebooks/ok.ipynb (grid n x scale), "
        f"LocalCluster 127.0.0.1, {args.workers} worker process(es) x 1 thread"
    )
    print(f"wall {wall:.1f} s = {wall / n:.2f} s per report at {args.workers} workers")
    print(
        f"per report (execute + convert, in the worker): median {statistics.median(secs):.2f} s, "
        f"max {max(secs):.2f} s"
    )
    print(f"output: {sizes(out)['total']:.1f} MB")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, default=None, help="worktree of the base commit")
    parser.add_argument(
        "--base-renderer", default=None, metavar="REV", help="this tree with REV's gulfsec/render"
    )
    parser.add_argument("--only", nargs="+", default=None, help="report ids or glob patterns")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved full renders each")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder")
    parser.add_argument("--skip-alternative", action="store_true")
    parser.add_argument("--sweep", type=int, default=0, help="measure a sweep of N reports")
    args = parser.parse_args(argv)
    if args.sweep:
        return sweep(args)
    return compare(args)


if __name__ == "__main__":
    sys.exit(main())
