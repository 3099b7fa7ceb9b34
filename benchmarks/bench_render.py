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
        and figure backend), each code cell of the parameterised
        notebook (papermill's parameter cell injected) sent with ``execute_interactive`` and
        waited for, the kernel stopped; ``--workers`` groups at a time in one process's
        threads, in the render's order (longest first by the seed's times, else plan order). Outputs are
        received and dropped: nothing saved, converted, compressed or written. The cells' own
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

Measured 2026-12-06 21:23-21:35 UTC, the whole default plan (52 reports, 28 executions, 2
workers), one round, at commit d477408 (report editions link their student edition's notebook,
no run times in published notebooks, groups longest first from the times of a render at
21:12), on the shared machine: load average 3.8 at the start, 3.5-5.4 during the run (other
sessions' tests and renders), so every wall time is inflated; read the CPU ratios:

=====================================  ==========  =========  ================
arm                                    wall (s)    CPU (s)    ratio
(new) gulfsec render --force           117.5       99.6       1
(floor) exec-start floor, measured     96.1        89.0       new/floor 1.22 wall, 1.12 CPU
(alt) papermill + nbconvert CLI        390.4       370.7      alt/new 3.32 wall, 3.72 CPU
(incr) one table edited                36.7                   16 of 52 reports again
(noop) nothing changed                 0.46
(size) total / HTML / ipynb / _static  18.7 / 4.7 / 10.0 / 3.4 MB
=====================================  ==========  =========  ================

The cells' own time in the new run, summed, was 164.1 s (115.4 s in the quieter run below: the
load). Against that run, the new render's CPU fell from 1.19 to 1.12 times the floor's and the
output from 25.2 to 18.7 MB (ipynb 15.7 to 10.0 MB); both runs' notebooks differ (the recap
figures were removed in between), and 12 report-edition notebooks are no longer written
(40 ``.ipynb`` for 52 reports). The alternative's CPU rose from 291.5 to 370.7 s: CPU time too grows under load
(two cores shared by five sessions), and each of its 80 CLI calls pays about 1 s of CPU
importing ``jsonschema``, whose optional ``rfc3987_syntax`` compiles 39 grammars, so alt/new
3.72 CPU overstates what a quiet machine gives; the integrator's run on a quiet machine decides.
Where the idle time went, measured with each execution's start and length (manifest
``execution``, to the millisecond) in a full render at load 8 (132.7 s): 3.8 s from the
command's start to the first kernel's (of which about 1.4 s of CPU importing papermill, 1 s of
it ``rfc3987_syntax``; the rest the plan, the keys, the fork), 1.1 s after the last group
(manifest and index pages); in plan order, the last group started 125.5 s into that run and
one worker was idle for its last 4.4 s. Replayed on the recorded group times, two workers finish plan order
in 127.4 s and longest first in 125.5 s (the bound, half the summed group times: 125.1 s), so
ordering buys about 2 s under that load, about 1-2 % of a run. Per execution (03, in a worker,
load 3): the kernel answers 0.56 s after the call, the cells take 4.45 s (their own time 4.44
s: 26 cells, no gap between them), the kernel is gone 0.12 s after the last cell; its
conversion (three editions) takes 0.83 s, of which 0.78 s nbconvert's ``HTMLExporter``. In
the kernel, 03's import cell costs 2.0 s of CPU, 1.48 s of it ``import seaborn`` (its
``_statistics`` imports ``scipy.stats``), which ``gulfsec.plotting`` needs for the house theme
(``seaborn.set_theme``) that every notebook's figures use: not avoidable by a lazy import.
``gulfsec.load()`` with pandas imported takes 0.06 s (validation once, 0.016 s).

Measured 2026-12-06 19:40-19:47 UTC, the whole default plan (52 reports, 28 executions, 2
workers), one round, at commit 56b606a (notebooks before the recap figures were removed),
load average 0.03 at the start, 2-3 from 19:43 (other sessions started):

=====================================  ==========  =========  ================
arm                                    wall (s)    CPU (s)    ratio
(new) gulfsec render --force           81.3        110.6      1
(floor) exec-start floor, measured     56.9        93.3       new/floor 1.43 wall, 1.19 CPU
(alt) papermill + nbconvert CLI        189.9       291.5      alt/new 2.34 wall, 2.63 CPU
(incr) one table edited                26.8                   16 of 52 reports again
(noop) nothing changed                 0.30
(size) total / HTML / ipynb / _static  25.2 / 4.5 / 15.7 / 4.5 MB
=====================================  ==========  =========  ================

The cells' own time in the new run, summed, was 115.4 s. The render used 1.19 x the floor's
CPU but kept fewer cores busy (110.6 s of CPU in 81.3 s: 1.36 cores, against the floor's
1.64): the gap to the floor on wall time is idle time, not work (the render's serial start,
about 3 s with a cold output folder; the end of the run in plan order; the time between a
kernel's start and its first cell), which is where to look next. The whole benchmark took 6.8
minutes.

Measured 2026-12-06 19:26-19:28 UTC on a reduced plan, ``--only '03_*'`` (10 reports, 6
executions, 2 workers), load average 2.4 to 3.6 (other sessions running):

=====================================  ==========  =========  ================
arm                                    wall (s)    CPU (s)    ratio to new
(new) gulfsec render --force           27.5        32.2       1
(floor) exec-start floor, measured     21.3        27.1       new/floor 1.29 wall, 1.19 CPU
(alt) papermill + nbconvert CLI        52.8        67.2       alt/new 1.92 wall, 2.09 CPU
(incr) one table edited                16.7                   10 of 10 reports again
(noop) nothing changed                 0.27
(size) total / HTML / ipynb / _static  6.8 / 0.8 / 4.2 / 1.6 MB
=====================================  ==========  =========  ================

A run three minutes earlier (the floor's kernels then kept IPython's history on disk, which the
render's do not) gave new 27.3 s wall / 28.8 s CPU, floor 22.8 / 24.0, alternative 75.5 /
67.7: the wall times moved by up to 40 % with the load, the CPU ratios by 0.01 (new/floor)
and 0.26 (alt/new). On six executions the render's fixed costs (its own imports, a worker's
first conversion) weigh more than on the whole plan's 28.

Where the render's CPU goes above the floor (cProfile and ``getrusage`` on one group of 03,
three pages, in a worker that has converted before): the kernel's own CPU is the floor's
(start 0.3 s, the notebook's imports about 1.7 s, its cells); the worker adds about 0.15 s of
message handling and 0.5-0.6 s of conversion: nbconvert's exporter about 0.07 s for a page
without code and 0.15-0.25 s for one with code (its BeautifulSoup pass about 40 %, pygments,
jinja), the figures' palette and deflate about 0.035 s per distinct figure; a worker's first
group costs about 1 s more (templates compiled, mathtext and pygments loaded). The render's
own process adds about 2.5 s once (importing papermill and nbconvert: 1 s of it is jsonschema
importing the optional ``rfc3987_syntax``, which compiles 39 grammars; the keys; the
manifest). A kernel start is 0.27 s of CPU but 0.5-0.7 s of wall (jupyter_client waiting for
the kernel to answer), in the floor as in the render. The alternative pays an interpreter,
papermill or nbconvert imports (1.5 s of CPU each) per call. A full render's 28 kernels each
import seaborn, which imports ``scipy.stats`` (0.66 s): the floor's largest fixed part.

Earlier measurements (before the floor was measured rather than computed, and before CPU
times were printed). Measured 2026-12-06 18:32-18:49 UTC, once, while six other sessions
shared the 2 cores (load average 5 to 9.5 during the base and new arms, 0.9 at the end), at commit 83d6765 (issue 21:
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
