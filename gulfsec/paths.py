"""Where the bundled data package and the source article are (`default_data_path`, `article_lines`).

Kept apart from :mod:`gulfsec.data` so that the modules :mod:`gulfsec.data` itself uses (the
contested-terms reader) can find the bundled files without importing it. :mod:`gulfsec.data`
re-exports these names.

Examples
--------
>>> from gulfsec.paths import default_data_path
>>> (default_data_path() / "datapackage.json").is_file()
True
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ARTICLE_ENV", "article_lines", "default_data_path"]

#: Environment variable that points at the article file, if it is not beside the repository.
ARTICLE_ENV = "GULFSEC_ARTICLE"
_ARTICLE_NAME = "000_251b34d883ffe071.txt"


def default_data_path() -> Path:
    """Folder of the bundled data package.

    In a source checkout (editable install) this is the repository's ``data/``; in a wheel
    install it is ``gulfsec/_data`` inside the installed package.

    Examples
    --------
    >>> (default_data_path() / "datapackage.json").is_file()
    True
    """
    here = Path(__file__).resolve().parent
    packaged = here / "_data"
    if (packaged / "datapackage.json").is_file():
        return packaged
    return here.parent / "data"


def article_lines(path: str | os.PathLike | None = None) -> list[str] | None:
    """Lines of the source article, or None when the file is not at hand.

    Looks at ``path``, then ``$GULFSEC_ARTICLE``, then ``../shared/article/`` beside the
    repository (the project's layout).

    Examples
    --------
    >>> lines = article_lines()
    >>> lines is None or lines[4].startswith("- 31")
    True
    """
    candidates: list[Path] = []
    if path is not None:
        candidates.append(Path(path))
    if os.environ.get(ARTICLE_ENV):
        candidates.append(Path(os.environ[ARTICLE_ENV]))
    root = Path(__file__).resolve().parents[1]
    candidates.append(root.parent / "shared" / "article" / _ARTICLE_NAME)
    for c in candidates:
        if c.is_file():
            return c.read_text(encoding="utf-8").splitlines()
    return None
