"""Benchmark the report page converter: myst-nb's docutils renderer against nbconvert's.

Measured in one process, in one run, on rendered editions (``<id>/<id>.ipynb`` in a folder
``gulfsec render`` wrote), each conversion after one warm-up call (the first call of a process
imports and compiles: printed apart), the median of ``--repeat`` calls per page:

(new) :func:`gulfsec.render.html.to_html`: myst-nb's parser and output renderer, docutils'
      HTML5 writer, MathML formulas, each figure embedded with its ``alt`` text;
(alt) nbconvert's :class:`~nbconvert.HTMLExporter` with its JupyterLab template, images
      embedded, inputs and prompts excluded for the report edition: the converter the report
      pages used before (without the project's template and the formulas drawn as images, so
      it does a little less).

Usage::

    gulfsec render --only 01_power_balance-ar-report 03_threat_matrix-ar-report \\
        05_claims_and_evidence-en-report --out /tmp/pages
    python benchmarks/bench_pages.py /tmp/pages

Output of one run (2026-12-06, 2 shared cores, load 2.6-4.3; seconds per page; the 04 page
has 14 formulas)::

    page                                      alt first  new first  alt       new       new/alt
    01_power_balance-ar-report                    0.235      0.567    0.0960    0.0660     0.69
    01_power_balance-ar-student                   0.430      0.383    0.1746    0.0902     0.52
    03_threat_matrix-ar-report                    0.121      0.063    0.0567    0.0423     0.75
    04_alliance_diversification-ar-report         0.107      0.037    0.0705    0.0416     0.59
    05_claims_and_evidence-en-report              0.090      0.033    0.0421    0.0312     0.74

After the first call of a process a page takes 0.5-0.75 of nbconvert's time. The first call
costs more (0.57 s against 0.24 s: myst-nb, myst-parser and markdown-it are imported then;
importing ``myst_nb.docutils_`` in a fresh process takes about 2.3 s, most of it nbformat's
and jsonschema's, which a render imports anyway).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path


def _nbconvert(edition: str):
    from nbconvert import HTMLExporter

    hide = edition == "report"
    return HTMLExporter(
        template_name="lab",
        embed_images=True,
        exclude_input=hide,
        exclude_input_prompt=hide,
        exclude_output_prompt=hide,
        optimistic_validation=True,  # one schema check per page, as the renderer had it
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a folder gulfsec render wrote")
    ap.add_argument("--repeat", type=int, default=5, help="timed calls per page (1-50)")
    args = ap.parse_args(argv)
    if not 1 <= args.repeat <= 50:
        ap.error(f"--repeat must be between 1 and 50, got {args.repeat}")
    import nbformat

    from gulfsec.render.html import to_html

    pages = sorted(p for p in args.folder.glob("*/*.ipynb") if not p.name.endswith(".failed.ipynb"))
    if not pages:
        ap.error(f"no rendered edition (<id>/<id>.ipynb) in {args.folder}")
    print(f"{'page':40}  alt first  new first  alt       new       new/alt")
    for path in pages:
        nb = nbformat.read(path, as_version=4)
        edition = nb.metadata.get("gulfsec", {}).get("edition") or (
            "report" if "report" in path.stem else "student"
        )
        lang = nb.metadata.get("gulfsec", {}).get("lang") or ("ar" if "-ar" in path.stem else "en")
        exporter = _nbconvert(edition)

        def alt(nb=nb, exporter=exporter):
            return exporter.from_notebook_node(nb)[0]

        def new(nb=nb, edition=edition, lang=lang, title=path.stem):
            return to_html(nb, edition, lang, title)

        row = []
        for fn in (alt, new):
            t = time.perf_counter()
            fn()
            row.append(time.perf_counter() - t)
        times = {fn: [] for fn in (alt, new)}
        for _ in range(args.repeat):
            for fn in (alt, new):  # interleaved: the same load for both
                t = time.perf_counter()
                fn()
                times[fn].append(time.perf_counter() - t)
        a, n = statistics.median(times[alt]), statistics.median(times[new])
        print(f"{path.stem:40}  {row[0]:9.3f}  {row[1]:9.3f}  {a:8.4f}  {n:8.4f}  {n / a:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
