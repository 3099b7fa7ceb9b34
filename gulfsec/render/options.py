"""The options of ``gulfsec render`` (its argument parser; :mod:`gulfsec.cli` adds them)."""

from __future__ import annotations

import argparse
from pathlib import Path

from gulfsec._validate import SIZE_LIMITS, size_argument

__all__ = ["add_arguments"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``render`` options to an argument parser (called by :mod:`gulfsec.cli`)."""
    parser.description = (
        "Render the reports of a plan: validate it, skip unchanged reports, execute each "
        "notebook/parameters group once in parallel, write HTML and notebooks, an index and a "
        "manifest. Exit codes: 0 ok, 1 a report failed, 2 invalid plan or usage, 3 another "
        "render holds the lock, 4 the output folder cannot be written, 5 the scheduler cannot be "
        "used, 130/143 interrupted."
    )
    parser.add_argument(
        "--plan",
        type=Path,
        default=None,
        help="render plan (YAML); default: reports/plan.yml of the source checkout",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="ID",
        default=None,
        help="render only these report ids (glob patterns allowed, e.g. '01_*')",
    )
    parser.add_argument(
        "--workers",
        type=size_argument("workers"),
        default=None,
        help="parallel worker processes, {} to {} (default: one per core, at most {})".format(
            *SIZE_LIMITS["workers"], SIZE_LIMITS["workers"][1]
        ),
    )
    parser.add_argument("--force", action="store_true", help="render even unchanged reports")
    parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default: the plan file's folder)"
    )
    parser.add_argument("--quiet", action="store_true", help="print only failures and errors")
    parser.add_argument(
        "--self-contained",
        action="store_true",
        help="pages embed their stylesheet and images (default: they link the site's one "
        "stylesheet and image files under _static/)",
    )
    from gulfsec.render.cluster import scheduler_argument

    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        type=scheduler_argument,
        default=None,
        help="submit each execution to this dask.distributed scheduler (tcp://127.0.0.1:8786, "
        "or tls://HOST:PORT with Dask's TLS settings) instead of local worker processes; "
        "anyone who reaches an open scheduler runs code on its workers; needs gulfsec[cluster]",
    )
