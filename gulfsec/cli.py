"""The ``gulfsec`` command line.

``gulfsec validate [PATH]`` checks a data folder (and its ``external/`` extracts of
published data); ``gulfsec render ...`` renders reports (see :mod:`gulfsec.render`);
``gulfsec site ...`` builds the course site from them (see :mod:`gulfsec.site`). Exit codes:
0 success, 1 problems found or a report failed, 2 bad usage (e.g. an invalid render plan).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _cmd_validate(args: argparse.Namespace) -> int:
    from gulfsec.data import load, validate

    # Our checks, then Frictionless over a package that passed them.
    problems = validate(args.path, frictionless=True)
    n_ext = _check_external(args.path, problems)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(
            f"{len(problems)} problem(s) found in {args.path or 'the bundled data'}",
            file=sys.stderr,
        )
        return 1
    ds = load(args.path)
    rows = sum(len(ds[t]) for t in ds.tables)
    print(f"ok: {len(ds.tables)} tables, {rows} rows valid in {ds.path}", end="")
    print(f"; {n_ext} external extracts valid" if n_ext else "")
    return 0


def _check_external(path: str | None, problems: list) -> int:
    """Check the extracts of published data (``<data>/external``) when the folder has them.

    They are always checked for the bundled data; a user's data folder without an
    ``external/`` folder is an article package only. Returns the number of extracts checked.
    """
    from pathlib import Path

    from gulfsec.data import default_data_path
    from gulfsec.external import EXTERNAL_DIR, EXTERNAL_NAMES, validate_external

    root = (Path(path) if path else default_data_path()) / EXTERNAL_DIR
    if path is not None and not (root / "datapackage.json").is_file():
        return 0
    problems.extend(validate_external(root))
    return len(EXTERNAL_NAMES)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser (one sub-command per job).

    Examples
    --------
    >>> build_parser().parse_args(["validate", "data"]).path
    'data'
    """
    from gulfsec import __version__

    parser = argparse.ArgumentParser(
        prog="gulfsec",
        description="Gulf regional security, from one Arabic op-ed to data, analyses and reports.",
    )
    parser.add_argument("--version", action="version", version=f"gulfsec {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="validate a data folder (default: the bundled data)")
    p.add_argument("path", nargs="?", default=None, help="folder with datapackage.json")
    p.set_defaults(func=_cmd_validate)

    from gulfsec import render

    p = sub.add_parser("render", help="render the reports of a plan (cached, parallel)")
    render.add_arguments(p)
    p.set_defaults(func=render.run)

    from gulfsec import site

    p = sub.add_parser("site", help="build the course site and PDFs from the rendered notebooks")
    site.add_arguments(p)
    p.set_defaults(func=site.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``gulfsec`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
