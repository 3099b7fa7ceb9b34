"""Benchmark ``gulfsec render`` against the obvious alternative, on the same plan.

(a) the obvious alternative: for every report, one ``papermill`` CLI call (project kernel, the
    notebook's folder as working directory) and one ``jupyter nbconvert --to html`` call
    (``--no-input`` for the report edition, the other language's cells and, in the student
    edition, the solutions removed with TagRemovePreprocessor), one after the other;
(b) ``gulfsec render --force`` (parallel, one execution per notebook/parameters group);
(c) ``gulfsec render`` again with nothing changed (cache hits only).

Prints each wall-clock time and the ratio a/b. Targets on a 2-core machine: a/b >= 3 and
(c) < 1 s. Output goes to a temporary folder (or ``--work DIR``); the real ``reports/`` is
never touched. The package, data, notebooks and plan are first copied into that folder and
everything runs on the copy (``PYTHONPATH``), so that edits made in the working copy while the
benchmark runs (which rightly invalidate the cache) cannot distort (c).

Usage::

    .venv/bin/python benchmarks/bench_render.py                 # the default plan
    .venv/bin/python benchmarks/bench_render.py --only '01_*'   # a subset of its reports
    .venv/bin/python benchmarks/bench_render.py --plan my.yml --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


_SNAPSHOT: Path | None = None


def snapshot(work: Path) -> Path:
    """Copy the package, data, notebooks and plans into ``work/snapshot``; return its root."""
    global _SNAPSHOT
    root = work / "snapshot"
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")
    for name in ("gulfsec", "data", "notebooks"):
        shutil.copytree(ROOT / name, root / name, ignore=ignore, dirs_exist_ok=True)
    (root / "reports").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "reports" / "plan.yml", root / "reports" / "plan.yml")
    _SNAPSHOT = root
    return root


def _env() -> dict[str, str]:
    env = os.environ.copy()
    if _SNAPSHOT is not None:  # the copied package wins over the editable install
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_SNAPSHOT), env.get("PYTHONPATH")]))
    env.setdefault("JUPYTER_PATH", str(Path(sys.prefix) / "share" / "jupyter"))
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # the inline backend, as gulfsec render uses, so that both produce the same figures
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    return env


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(), **kw)
    if proc.returncode not in (0,):
        sys.stderr.write(
            f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}\n"
        )
    return proc


def alternative(reports, work: Path) -> float:
    """(a) papermill CLI + jupyter nbconvert CLI per report, in sequence; returns seconds."""
    from gulfsec.i18n import LANGS
    from gulfsec.render.plan import LANG_TAG_PREFIX, SOLUTION_TAG

    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for r in reports:
        executed = work / f"{r.id}.ipynb"
        _run(
            [
                str(BIN / "papermill"),
                str(r.path),
                str(executed),
                "-k",
                "gulfsec",
                "--cwd",
                str(r.path.parent),
                "-y",
                json.dumps(r.parameters),
                "--execution-timeout",
                str(int(r.timeout)),
                "--no-progress-bar",
            ],
        )
        remove = [f"{LANG_TAG_PREFIX}{lang}" for lang in LANGS if lang != r.lang]
        if r.edition == "student":
            remove.append(SOLUTION_TAG)
        cmd = [
            str(BIN / "jupyter"),
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
        _run(cmd)
    return time.perf_counter() - t0


def gulfsec_render(plan: Path, out: Path, only, workers, force: bool) -> tuple[float, str]:
    cmd = [str(BIN / "gulfsec"), "render", "--plan", str(plan), "--out", str(out)]
    if only:
        cmd += ["--only", *only]
    if workers:
        cmd += ["--workers", str(workers)]
    if force:
        cmd.append("--force")
    t0 = time.perf_counter()
    proc = _run(cmd)
    seconds = time.perf_counter() - t0
    summary = (proc.stdout.strip().splitlines() or [""])[-1]
    return seconds, summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", type=Path, default=ROOT / "reports" / "plan.yml")
    parser.add_argument("--only", nargs="+", default=None, help="report ids or glob patterns")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument(
        "--work", type=Path, default=None, help="scratch folder (default: a temp dir)"
    )
    parser.add_argument("--skip-alternative", action="store_true", help="only (b) and (c)")
    parser.add_argument(
        "--no-snapshot", action="store_true", help="run on the working copy instead of a copy"
    )
    args = parser.parse_args(argv)

    from gulfsec.render.plan import load_plan

    work = args.work or Path(tempfile.mkdtemp(prefix="gulfsec-bench-"))
    if not args.no_snapshot:
        root = snapshot(work)
        if args.plan.resolve() == (ROOT / "reports" / "plan.yml").resolve():
            args.plan = root / "reports" / "plan.yml"
    plan = load_plan(args.plan)
    reports = plan.select(args.only)
    groups = len({r.group for r in reports})
    print(
        f"plan {args.plan}: {len(reports)} report(s), {groups} distinct notebook/parameters "
        f"group(s); {os.cpu_count()} core(s); scratch {work}"
    )

    a = None
    if not args.skip_alternative:
        a = alternative(reports, work / "alternative")
        print(f"(a) papermill + nbconvert CLI per report, sequential: {a:8.1f} s")
    b, summary = gulfsec_render(args.plan, work / "render", args.only, args.workers, force=True)
    print(f"(b) gulfsec render --force:                           {b:8.1f} s   [{summary}]")
    c, summary = gulfsec_render(args.plan, work / "render", args.only, args.workers, force=False)
    print(f"(c) gulfsec render, nothing changed:                  {c:8.2f} s   [{summary}]")
    if a is not None:
        print(f"a/b = {a / b:.2f} (target >= 3);  c = {c:.2f} s (target < 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
