"""``gulfsec site``: the course as bilingual book sites and PDFs, from the rendered notebooks.

``gulfsec site [--reports DIR] [--out DIR] [--lang en ar] [--audience student instructor]
[--no-pdf] [--force] [--dry-run] [--jobs N] [--quiet]`` builds the student site in
``<out>/public/`` (a folder to copy or serve whole) and the instructor books in
``<out>/instructor/`` (Sphinx with
myst-nb and sphinx-book-theme, execution off) from the notebooks that ``gulfsec render`` already
executed (``<reports>/manifest.json``), in the order of the course guide (the plan's
``notebooks/README.md``): a landing page, one chapter per notebook with its downloads, and a
glossary. Student books contain no solution (the render's student editions have none);
instructor books keep them. Arabic books are right to left and searchable in Arabic. Every
chapter and each whole book is also printed to PDF by headless Chromium.

Outside a source checkout (``pip install gulfsec[publish]``) there are no default folders:
``--reports`` and ``--out`` are required, and the site never looks for files inside the
installed package.

Exit codes: 0 built or up to date; 1 built, but some chapter has no rendered edition (listed);
2 usage error or nothing to build (no render, unreadable course guide or notebook, a mistyped
cell tag, something students may not see in a student book), or Sphinx or Chromium failed;
3 another ``gulfsec site`` is building into the same folder; 130/143 interrupted (Sphinx is
stopped with us).

Examples
--------
>>> import argparse
>>> p = argparse.ArgumentParser()
>>> add_arguments(p)
>>> p.parse_args(["--lang", "ar", "--no-pdf"]).lang
['ar']
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gulfsec._validate import SIZE_LIMITS, size_argument

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``site`` options to an argument parser (called by :mod:`gulfsec.cli`)."""
    parser.description = (
        "Build the course site (one Sphinx book per language and audience, downloads, PDFs) "
        "from the notebooks that `gulfsec render` executed. The student site is <out>/public "
        "(publish or serve that folder whole), the instructor books <out>/instructor. Exit "
        "codes: 0 ok, 1 some chapter has no rendered edition, 2 usage error or build failure, "
        "3 another build holds the folder."
    )
    parser.add_argument(
        "--reports",
        type=Path,
        default=None,
        help="the render's output folder, with manifest.json (default: reports/ of the source "
        "checkout)",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="site folder (default: site/ of the source checkout)"
    )
    parser.add_argument("--lang", nargs="+", choices=["en", "ar"], default=["en", "ar"])
    parser.add_argument(
        "--audience",
        nargs="+",
        choices=["student", "instructor"],
        default=["student", "instructor"],
    )
    parser.add_argument("--no-pdf", action="store_true", help="do not print the PDFs")
    parser.add_argument("--force", action="store_true", help="rebuild every book and PDF")
    parser.add_argument(
        "--dry-run", action="store_true", help="only list the books that are out of date"
    )
    parser.add_argument(
        "--jobs",
        type=size_argument("jobs"),
        default=2,
        help="books and PDFs built in parallel ({} to {})".format(*SIZE_LIMITS["jobs"]),
    )
    parser.add_argument("--quiet", action="store_true", help="print only problems")


def run(args: argparse.Namespace) -> int:
    """Run ``gulfsec site`` with parsed arguments; returns the exit code (see module doc)."""
    import signal

    from gulfsec.render import checkout_root

    root = checkout_root()
    needed = {
        "--reports": (args.reports, "--reports DIR (the folder `gulfsec render` wrote into)"),
        "--out": (args.out, "--out DIR (the folder to build the site in)"),
    }
    missing = {option: how for option, (value, how) in needed.items() if value is None}
    if missing and root is None:
        print(
            f"gulfsec site: no {' and no '.join(missing)} given: this gulfsec is installed, not "
            "a source checkout, so there is no default reports/ or site/ folder; give "
            f"{' and '.join(missing.values())} (exit 2)",
            file=sys.stderr,
        )
        return 2
    reports = Path(args.reports) if args.reports is not None else root / "reports"
    out = Path(args.out) if args.out is not None else root / "site"

    from gulfsec.site.build import build_site
    from gulfsec.site.course import CourseError
    from gulfsec.site.publish import SiteLocked

    def terminated(signum, frame):
        raise SystemExit(128 + signum)  # unwinds: the build stops Sphinx and releases its lock

    try:
        previous = signal.signal(signal.SIGTERM, terminated)
    except ValueError:  # not the main thread (called from a program): its handler stays
        previous = None

    def say(line: str) -> None:
        if not args.quiet:
            print(line, flush=True)

    try:
        res = build_site(
            reports,
            out,
            langs=tuple(args.lang),
            audiences=tuple(args.audience),
            force=args.force,
            pdf=not args.no_pdf,
            jobs=args.jobs,
            dry_run=args.dry_run,
            say=say,
        )
    except SiteLocked as exc:
        print(f"gulfsec site: {exc}", file=sys.stderr)
        return 3
    except CourseError as exc:
        print(f"gulfsec site: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk, a read-only folder: the published books are whole
        where = exc.filename or out
        print(
            f"gulfsec site: cannot write {where} ({exc.strerror or exc}); the published books "
            "were not changed, or are whole pages of the last build; run again when fixed",
            file=sys.stderr,
        )
        return 2
    except SystemExit as exc:
        print("gulfsec site: terminated; Sphinx stopped, nothing half-published", file=sys.stderr)
        return int(exc.code or 143)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    for book, notebooks in sorted(res.missing.items()):
        print(
            f"gulfsec site: book {book} has no rendered edition of {', '.join(notebooks)}; "
            "render it (gulfsec render --only '<id>') and run gulfsec site again",
            file=sys.stderr,
        )
    if not res.built and not res.cached:
        print("gulfsec site: nothing to build (no rendered chapter)", file=sys.stderr)
        return 2
    if args.dry_run:
        say(f"gulfsec site: {len(res.built)} book(s) out of date, {len(res.cached)} unchanged")
        return 1 if res.missing else 0
    where = []
    if "student" in args.audience:
        public = out / "public"
        where.append(
            f"students' site {public} (publish it whole; to look at it: "
            f"python -m http.server --bind 127.0.0.1 -d {public})"
        )
    if "instructor" in args.audience:
        where.append(f"instructor books {out / 'instructor'} (never for students)")
    say(
        f"gulfsec site: {len(res.built)} book(s) built, {len(res.cached)} unchanged, "
        f"{res.pdfs} PDF(s) printed in {res.seconds:.1f} s; " + "; ".join(where)
    )
    return 1 if res.missing else 0
