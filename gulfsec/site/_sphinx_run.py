"""Run Sphinx over several books in one process (one import of Sphinx, myst-nb and the theme):
``python -m gulfsec.site._sphinx_run SPEC.json``, where the spec is a list of
``{"src", "doctrees", "warnings", "builds": [[builder, out], ...]}``. Exit status: the first
non-zero Sphinx status, or 2 on bad usage."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    """Build every book of the spec, each builder in order."""
    if len(argv) != 1:
        print("usage: python -m gulfsec.site._sphinx_run SPEC.json", file=sys.stderr)
        return 2
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    for book in spec:
        src = Path(book["src"])
        try:
            with open(book["warnings"], "w", encoding="utf-8") as log:
                for builder, out in book["builds"]:
                    with patch_docutils(src), docutils_namespace():
                        app = Sphinx(
                            src, src, out, book["doctrees"], builder, status=None, warning=log
                        )
                        app.build()
                    if app.statuscode:
                        print(f"Sphinx {builder} failed for {src}", file=sys.stderr)
                        return app.statuscode
        except OSError as exc:  # a full disk, a read-only folder: one line, not a traceback
            where = exc.filename or src
            print(f"Sphinx cannot write {where}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        except SphinxError as exc:
            print(f"Sphinx failed for {src}: {exc}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
