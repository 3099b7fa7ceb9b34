"""``gulfsec render``: scheduled, cached, parallel rendering of the notebooks into reports.

The render plan (``reports/plan.yml``, see :mod:`gulfsec.render.plan`) lists reports: a
notebook, its parameters, an edition (``report``: code hidden; ``student``: code shown; both
without the cells tagged ``solution``, the worked answers; ``instructor``: every cell) and a
title. Each report keeps only the
markdown cells of its language (cells tagged ``lang-en`` / ``lang-ar``; untagged cells stay).

``gulfsec render [--plan FILE] [--only ID ...] [--workers N] [--force] [--out DIR] [--quiet]
[--self-contained] [--scheduler ADDRESS]``

Outside a source checkout (``pip install gulfsec[publish]``) there is no default plan:
``--plan`` is required, and the renderer never looks for files inside the installed package.

1. validates the whole plan (unknown notebook or parameter, wrong type: exit 2, nothing runs);
2. takes a lock on the output folder (another render holds it: exit 3);
3. computes each report's cache key (:mod:`gulfsec.render.keys`: the notebook, its
   parameters, the package, the environment and the sources the last run used, as
   :mod:`gulfsec.provenance` recorded them) and skips reports whose key, sources and files on
   disk are unchanged (``--force`` renders all); a run where nothing changed starts no kernel;
4. executes each distinct (notebook, parameters) group once with papermill (project kernel,
   the notebook's folder as working directory, per-cell timeout) in a
   :class:`concurrent.futures.ProcessPoolExecutor` (:mod:`gulfsec.render.workers`) or on a
   dask.distributed cluster, and derives the group's editions from that one execution
   (:mod:`gulfsec.render.execution`);
5. writes ``<out>/<id>/<id>.ipynb`` and ``.html`` (or ``<id>.failed.ipynb`` on failure, leaving
   the last good HTML untouched), then ``manifest.json``, ``index.html`` and ``index.ar.html``.
   Every file is written atomically.

Nothing a plan does not list stays published: a report folder that the last manifest lists
but the plan no longer does loses the files the renderer wrote there (``<id>.html``,
``<id>.ipynb``, ``<id>.failed.ipynb``), and the folder goes if it is then empty. Files the
renderer did not write are never touched, and no link is followed out of the output folder.

Workers die with the render however it ends (even ``kill -9``; see
:mod:`gulfsec.render.workers`); the lock is held as long as the render or one of its workers
lives, and the next render removes what a killed one left (staging folder, kernel connection
files, temporary files).

Exit codes
----------
0 every selected report is up to date; 1 at least one report failed; 2 invalid plan or usage
(or the project kernel is not registered); 3 another render holds the lock on the output
folder; 4 the output folder cannot be written (read-only, disk full, no permission): the last
good reports are kept; 5 the ``--scheduler`` cannot be used (nothing answers, no Dask scheduler,
TLS missing or refused, time-out; :mod:`gulfsec.render.cluster`): nothing was submitted and the
last good reports are kept; 130 interrupted (Ctrl-C), 143 terminated (SIGTERM): kernels are
stopped and no partial file is left.

Examples
--------
>>> import argparse
>>> p = argparse.ArgumentParser()
>>> add_arguments(p)
>>> p.parse_args(["--only", "a", "b", "--workers", "2"]).only
['a', 'b']
"""

from __future__ import annotations

from gulfsec.render.lock import LOCK_FILE
from gulfsec.render.manifest import MANIFEST, STAGING_PREFIX
from gulfsec.render.options import add_arguments
from gulfsec.render.pipeline import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_SCHEDULER,
    EXIT_TERMINATED,
    EXIT_USAGE,
    KERNEL,
    checkout_root,
    default_plan,
    run,
)

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_LOCKED",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_SCHEDULER",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "KERNEL",
    "LOCK_FILE",
    "MANIFEST",
    "STAGING_PREFIX",
    "add_arguments",
    "checkout_root",
    "default_plan",
    "run",
]
