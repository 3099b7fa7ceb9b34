"""Benchmark ``gulfsec render``: against the floor, the obvious alternative and an older renderer.

Everything below is measured in one run, on the same plan and with the same parallelism
(``--workers``, default 2), each arm's wall time and CPU time printed with ratios to the
new renderer. CPU time (user + system of every process of an arm, kernels included, as
``getrusage`` counts the children the benchmark waits for) is what a loaded machine does not
inflate: on a shared machine, read the CPU ratios; the goals are stated on wall time, for a
quiet machine.

(new)   ``gulfsec render --force`` of this tree (a snapshot copy of the package, data,
        notebooks and plan, so that edits made while the benchmark runs change nothing) into
        a folder that holds only the checkout's last ``reports/manifest.json`` when it has
        each group's time (:func:`seed_manifest`): a nightly render's groups run longest
        first by last night's times; without it, in plan order, as a first render's do;
(floor) the exec-start floor, measured: what any renderer must do and nothing else. For each
        (notebook, parameters) group, the kernel started as jupyter_client starts it
        (``start_new_kernel``: started and answering, with the render's kernel arguments
        and figure backend), each code cell of the parameterised notebook (papermill's
        parameter cell injected) sent with ``execute_interactive`` and waited for, the kernel
        stopped; ``--workers`` groups at a time in one process's threads, in the render's
        order (longest first by the seed's times, else plan order). Outputs are received and
        dropped: nothing saved, converted, compressed or written. The cells' own
        time in the new run (papermill's per-cell durations, summed, / ``--workers``) is
        printed beside it: a bound no run reaches, as it assumes perfect packing and no
        kernel start;
(alt)   the obvious alternative on equal terms, as a cron script would do it: one
        ``papermill`` CLI call per distinct (notebook, parameters) group (the same 28
        executions as the renderer; a script running one per report would run 52), then one
        ``jupyter nbconvert --to html`` CLI call per report (language cells and solutions
        removed with TagRemovePreprocessor, ``--no-input`` for the report edition, images
        embedded), ``--workers`` calls at a time. It does less than the renderer (no Arabic
        isolation, no sanitising, no figure compression, no published notebook, no index,
        no cache), so the comparison favours it;
(base)  optional: ``gulfsec render --force`` with an older renderer, either
        ``--base-renderer REV`` (this tree with ``gulfsec/render/`` as it was at commit REV: the
        same notebooks and work, only the renderer differs) or ``--base DIR`` (a git worktree
        of another commit with its own ``make setup``, run with its own virtualenv, kernel,
        notebooks, data and plan);
(incr)  one table edited (a value in ``threat_scores.csv``) and ``gulfsec render`` without
        ``--force`` on the new (and base) output: the time and how many reports ran again;
(noop)  ``gulfsec render`` with nothing changed (median of 3);
(size)  the new output folder: total, HTML, ipynb, ``_static``.

The arms of a round run one after the other (base, new, floor, alt; ``--rounds``, default 1,
interleaves more rounds so that load hits all alike, and takes medians). The run ends with the
issue 21 goals: new within 1.3 x the floor, the alternative at least 3 x the new render, the
no-op under 0.5 s, the output under 20 MB. One round of the default plan is about three full
renders' worth of work plus the alternative (which takes about 2.5-4 times a render): from
the figures below, an estimated 6-10 minutes on the quiet 2-core machine, about 15 under a
load average of 5-10. ``--only PATTERN`` runs a reduced plan (the goals are then only
indicative).

Usage::

    .venv/bin/python benchmarks/bench_render.py                              # the goals
    .venv/bin/python benchmarks/bench_render.py --base-renderer 3c2935f      # and a base
    .venv/bin/python benchmarks/bench_render.py --only '03_*'                # a subset
    .venv/bin/python benchmarks/bench_render.py --sweep 100                  # see below

``--sweep N`` instead measures a parameter sweep of N reports on a dask.distributed
``LocalCluster`` (127.0.0.1, ``--workers`` worker processes of one thread): a plan with one
``grid`` entry over the tiny fixture notebook ``tests/fixtures/notebooks/ok.ipynb`` (a bar
chart, a table and some text; parameter ``n`` and ``scale``), rendered with ``--scheduler``;
it prints the wall time and the time per report, so that a cluster can be sized from them.

Measured 2026-12-06 23:31-23:39 UTC on the 2-core machine (load average 1.6 at the start,
nothing else running), the whole default plan (52 reports, 28 executions, 2 workers), one
round, at commit bc041fb (report pages by myst-nb's docutils renderer; report editions link
their student edition's notebook; groups longest first from the times of the last render;
``jsonschema<4.25``, so no process pays rfc3987-syntax's 1 s import; contested-term matches
remembered within a process):

=====================================  ==========  =========  ================
arm                                    wall (s)    CPU (s)    ratio
(new) gulfsec render --force           50.1        87.0       1
(floor) exec-start floor, measured     40.7        71.3       new/floor 1.23 wall, 1.22 CPU
(alt) papermill + nbconvert CLI        99.3        183.8      alt/new 1.98 wall, 2.11 CPU
(incr) one table edited                16.2                   16 of 52 reports again
(noop) nothing changed                 0.28
(size) total / HTML / ipynb / _static  17.7 / 4.0 / 10.0 / 3.1 MB
=====================================  ==========  =========  ================

The cells' own time in the new run, summed, was 70.6 s (35.3 s per worker). What bounds the
ratio to the alternative is the floor: the alternative is the floor plus one interpreter and
the imports of papermill or nbconvert per CLI call (80 calls), 99.3 / 40.7 = 2.44 times the
floor here, so no renderer that runs these 28 executions can be 3 times faster than it: that
would take 33.1 s, below the 40.7 s that starting the kernels and running the cells take. The
3-fold figure was seen once, under load (3.32 at 21:23), while every CLI call also paid
rfc3987-syntax's second of grammar building (at 19:40, quiet: alt/new 2.34). The render is
within 1.23 of the floor: what remains is converting 52 pages and the render's own start.

Earlier runs (this docstring's history in git): at 22:12 (commit 57ef686) new 60.6 s, floor
52.0 s, alt 110.0 s (1.82), no-op 0.51 s, 17.7 MB; at 19:40 (nbconvert pages, recap figures,
plan order) new 81.3 s, floor 56.9 s, alt 189.9 s, 25.2 MB; on 2026-12-02 with forked warm
kernels (removed in issue 21) new 32.4 s against an alternative of 139.3 s (4.30), 22.8 MB.
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


FLOOR_SCRIPT = r"""
import json, sys, time
from concurrent.futures import ThreadPoolExecutor
from jupyter_client.manager import start_new_kernel
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

groups, workers, env, arguments = json.loads(sys.stdin.read())

def run(group):
    path, cwd, params = group
    nb = load_notebook_node(path)
    if params:
        nb = parameterize_notebook(nb, params, False, kernel_name="gulfsec")
    km, kc = start_new_kernel(
        kernel_name="gulfsec", cwd=cwd, env=env, extra_arguments=arguments
    )
    try:
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.source.strip():
                reply = kc.execute_interactive(cell.source, timeout=600, output_hook=lambda m: None)
                if reply["content"]["status"] != "ok":
                    raise SystemExit(f"floor: a cell of {path} failed")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

with ThreadPoolExecutor(workers) as pool:
    list(pool.map(run, groups))
"""


def floor(tree: Tree, plan, workers: int, order=None) -> None:
    """The exec-start floor, measured: each group's kernel started and its code cells run.

    What a renderer cannot avoid: per (notebook, parameters) group, start the kernel as
    jupyter_client does (``start_new_kernel``: started and answering, with the render's
    kernel arguments), send each code cell of
    the parameterised notebook (papermill's parameter cell injected, as in the render) with
    ``execute_interactive`` and wait for it, stop the kernel; ``workers`` groups at a time,
    in the render's order (``order``: a group's time on the seed render, longest first; plan
    order without a seed). Outputs are received and dropped: nothing is saved, converted or
    written.
    """
    groups = {}
    for r in plan.reports:
        groups.setdefault(r.group, [str(r.path), str(r.path.parent), r.run_parameters])
    from gulfsec.render.execution import KERNEL_ARGUMENTS

    if order is not None:  # the render's order: longest first by the seed's group times
        ids = {}
        for r in plan.reports:
            ids.setdefault(r.group, []).append({"id": r.id})
        groups = {
            g: groups[g]
            for g in sorted(groups, key=lambda g: order({"reports": ids[g]}), reverse=True)
        }

    env = {**tree.env, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    spec = json.dumps([list(groups.values()), workers, env, KERNEL_ARGUMENTS])
    proc = subprocess.run(
        [str(tree.bin / "python"), "-c", FLOOR_SCRIPT],
        input=spec,
        capture_output=True,
        text=True,
        env=tree.env,
    )
    if proc.returncode != 0:
        sys.stderr.write(f"[floor] failed ({proc.returncode}):\n{proc.stderr[-3000:]}\n")


def measured(fn, *args) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system of this process and every child process
    it waited for, kernels included) of ``fn(*args)``: CPU time is what a loaded machine
    does not inflate."""
    import resource

    def cpu() -> float:
        s = resource.getrusage(resource.RUSAGE_SELF)
        c = resource.getrusage(resource.RUSAGE_CHILDREN)
        return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime

    c0, t0 = cpu(), time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0, cpu() - c0


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


def seed_manifest(tree: Path, plan) -> dict | None:
    """The manifest of the checkout's last render of this plan (``reports/manifest.json``), if
    it recorded each group's time: what a nightly render finds in its output folder.

    The new arm renders ``--force`` into a folder holding only this manifest, so that its
    groups run longest first as a scheduled render's do (and the floor's in the same order);
    without one, both run in plan order, as a first render does.
    """
    try:
        data = json.loads((tree / "reports" / "manifest.json").read_text(encoding="utf-8"))
        timed = {
            e["id"] for e in data["reports"] if (e.get("execution") or {}).get("group_seconds")
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return data if {r.id for r in plan.reports} <= timed else None


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

    seed = seed_manifest(ROOT, sub := _Sub(plan, reports))
    order = None
    if seed is not None:
        from gulfsec.render.manifest import last_group_seconds

        entries = {e["id"]: e for e in seed["reports"]}

        def order(task):
            return last_group_seconds(task, entries)

    print(
        "schedule: longest group first, from the group times in "
        f"{ROOT / 'reports' / 'manifest.json'} (rendered {seed.get('updated_at')})"
        if seed is not None
        else "schedule: plan order (no earlier render of this plan with group times)"
    )
    times: dict[str, list[float]] = {"base": [], "new": [], "floor": [], "alt": []}
    cpus: dict[str, list[float]] = {k: [] for k in times}
    cells: list[float] = []
    arms = [base, new, "floor", None if args.skip_alternative else "alt"]
    for i in range(args.rounds):
        for arm in arms:
            if arm is None:
                continue
            if arm == "alt":
                shutil.rmtree(work / "alternative", ignore_errors=True)
                t, c = measured(alternative, new, sub, work / "alternative", args.workers)
                what = "papermill + nbconvert CLI"
            elif arm == "floor":
                t, c = measured(floor, new, sub, args.workers, order)
                what = "exec-start floor"
            else:
                out = work / f"{arm.name}-out"
                shutil.rmtree(out, ignore_errors=True)  # a cold output folder each round
                if seed is not None and arm is new:  # only the last render's record
                    out.mkdir(parents=True)
                    (out / "manifest.json").write_text(json.dumps(seed), encoding="utf-8")
                t, c = measured(arm.render, out, "--force", *w, *only)
                what = "gulfsec render --force"
                if arm is new:
                    cells.append(cell_seconds(out, sub))
            name = arm if isinstance(arm, str) else arm.name
            times[name].append(t)
            cpus[name].append(c)
            print(
                f"  round {i + 1}: {name:<5} {what:<26} {t:7.1f} s wall {c:7.1f} s CPU", flush=True
            )

    results = {}
    for tree in (base, new):
        if tree is None:
            continue
        out = work / f"{tree.name}-out"
        noop = _med([tree.render(out, *w, *only) for _ in range(3)])
        data = tree.root / "data"
        before = _rendered_at(out)
        _edit(data)
        try:
            incr = tree.render(out, *w, *only)
            after = _rendered_at(out)
            rerun = sum(1 for k, v in after.items() if v != before.get(k))
        finally:
            _edit(data, undo=True)
        tree.render(out, *w, *only)  # back to the unedited state
        results[tree.name] = {
            "full": _med(times[tree.name]),
            "cpu": _med(cpus[tree.name]),
            "noop": noop,
            "incr": incr,
            "rerun": rerun,
            "sizes": sizes(out),
        }

    r = results["new"]
    print()
    if "base" in results:
        print(f"{'':34}{'base':>10}{'new':>10}{'base/new':>10}")

        def row(label, key, fmt="{:10.1f}"):
            b, n = results["base"][key], r[key]
            print(f"{label:34}{fmt.format(b)}{fmt.format(n)}{b / n:10.2f}")

        row(f"full render --force, median of {args.rounds} (s)", "full")
        row("  CPU seconds, all processes", "cpu")
        row("one table edited, no --force (s)", "incr")
        row("nothing changed (s)", "noop", "{:10.2f}")
        for key in ("total", "html", "ipynb", "static"):
            b, n = results["base"]["sizes"][key], r["sizes"][key]
            print(f"{'size ' + key + ' (MB)':34}{b:10.1f}{n:10.1f}{b / n if n else 0:10.2f}")
        print()

    def line(name: str, label: str) -> None:
        if times[name]:
            wall, cpu = _med(times[name]), _med(cpus[name])
            print(
                f"{label:44}{wall:8.1f} s wall{cpu:8.1f} s CPU   "
                f"ratio to new: {wall / r['full']:5.2f} wall, {cpu / r['cpu']:5.2f} CPU"
            )

    print(f"whole plan, {args.workers} worker(s), median of {args.rounds} round(s):")
    line("new", "(new)   gulfsec render --force")
    line("floor", "(floor) exec-start floor, measured")
    line("alt", "(alt)   papermill + nbconvert CLI")
    if cells:
        print(
            f"        the cells' own time in the new runs (papermill's durations), summed: "
            f"{_med(cells):.1f} s; / {args.workers} workers: {_med(cells) / args.workers:.1f} s"
        )
    print(
        f"(incr)  one table edited, no --force: {r['incr']:.1f} s, {r['rerun']} of "
        f"{len(reports)} report(s) rendered again; / full: {r['incr'] / r['full']:.2f}"
    )
    print(f"(noop)  nothing changed: {r['noop']:.2f} s")
    z = r["sizes"]
    print(
        f"(size)  output {z['total']:.1f} MB: HTML {z['html']:.1f}, ipynb {z['ipynb']:.1f}, "
        f"_static {z['static']:.1f}"
    )
    print()
    print("goals (issue 21):")
    if times["floor"]:
        ratio = r["full"] / _med(times["floor"])
        cpu_ratio = r["cpu"] / _med(cpus["floor"])
        print(
            f"  new / floor {ratio:.2f} wall, {cpu_ratio:.2f} CPU (goal <= 1.3): "
            f"{'met' if ratio <= 1.3 else 'missed'}"
        )
    if times["alt"]:
        ratio = _med(times["alt"]) / r["full"]
        cpu_ratio = _med(cpus["alt"]) / r["cpu"]
        print(
            f"  alternative / new {ratio:.2f} wall, {cpu_ratio:.2f} CPU (goal >= 3): "
            f"{'met' if ratio >= 3 else 'missed'}"
        )
        if times["floor"]:  # no renderer that runs the executions beats the floor
            bound = _med(times["alt"]) / _med(times["floor"])
            print(f"    (alternative / floor {bound:.2f}: the most any renderer could reach)")
    print(f"  no-op {r['noop']:.2f} s (goal < 0.5 s): {'met' if r['noop'] < 0.5 else 'missed'}")
    if not args.only:
        print(
            f"  output {z['total']:.1f} MB (goal < 20 MB): {'met' if z['total'] < 20 else 'missed'}"
        )
    else:
        print("  (a reduced plan, --only: the goals are for the whole default plan)")
    return 0


def _rendered_at(out: Path) -> dict[str, str | None]:
    """Each report's ``rendered_at`` in the manifest of ``out``."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {e["id"]: e.get("rendered_at") for e in manifest["reports"]}


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
    parser.add_argument("--rounds", type=int, default=1, help="interleaved full runs of each arm")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder")
    parser.add_argument("--skip-alternative", action="store_true")
    parser.add_argument("--sweep", type=int, default=0, help="measure a sweep of N reports")
    args = parser.parse_args(argv)
    if args.sweep:
        return sweep(args)
    return compare(args)


if __name__ == "__main__":
    sys.exit(main())
