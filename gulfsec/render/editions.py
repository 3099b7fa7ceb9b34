"""Editions of an executed notebook: what the reader of each edition and language may see.

An edition (``report``, ``student`` or ``instructor``; ``en`` or ``ar``) is made once, here, as
a notebook, and every published form of it is made from that notebook: the report page, the
course book's chapter and its PDF, the ``.ipynb`` a student downloads. So the two decisions that
must hold everywhere are taken in one place:

- **Which cells.** Cells tagged for another language (``lang-xx``) go; cells tagged
  ``solution`` go from every edition but ``instructor`` (their prose, code and outputs). Tags
  are read as a person means them (:func:`tag_meaning`: case, a plural, surrounding space), and
  a tag that is none of the known ones but looks like one (:func:`check_tags`: edit distance)
  is an error that names the notebook and the cell, so ``Solution``, ``solutions`` or
  ``solution `` never publish a worked answer and ``solutoin`` stops the build.
- **How it reads.** Outputs are sanitised (:func:`gulfsec.render.sanitize.sanitize_outputs`);
  in Arabic every formula, signed number, range, inline code span and inline formula is
  isolated left to right and every markdown cell is marked right to left
  (:func:`gulfsec.render.bidi.isolate_notebook`), so the edition reads right in a report page,
  a book page, a PDF and JupyterLab.

Examples
--------
>>> tag_meaning("Solution "), tag_meaning("solutions"), tag_meaning("LANG-AR")
('solution', 'solution', 'lang-ar')
>>> tag_meaning("solutoin") is None
True
"""

from __future__ import annotations

import copy
from typing import Any

from gulfsec.render.plan import EDITIONS, LANG_TAG_PREFIX, SOLUTION_TAG

__all__ = ["KNOWN_TAGS", "EditionError", "check_tags", "make_edition", "tag_meaning"]

#: Tags whose meaning the project or its tools know: the edition tags, papermill's, and the
#: cell tags of nbconvert, myst-nb and Jupyter Book (a tag near one of these is a typo).
KNOWN_TAGS: frozenset[str] = frozenset(
    {
        SOLUTION_TAG,
        f"{LANG_TAG_PREFIX}en",
        f"{LANG_TAG_PREFIX}ar",
        "parameters",
        "injected-parameters",
        "papermill-error-cell-tag",
        "raises-exception",
        "skip-execution",
        "remove-cell",
        "remove-input",
        "remove-output",
        "remove-stderr",
        "hide-cell",
        "hide-input",
        "hide-output",
        "full-width",
        "margin",
        "scroll-output",
        "scroll-input",
        "output_scroll",
    }
)
#: A tag at most this many edits from a known tag, and not one of them, is an error.
MAX_TYPO = 2


class EditionError(ValueError):
    """A notebook's cells cannot be sorted into editions (names the notebook and the cell)."""


def _norm(tag: str) -> str:
    return "-".join(str(tag).strip().casefold().replace("_", "-").split())


_KNOWN_NORM = {_norm(t): t for t in KNOWN_TAGS}


def tag_meaning(tag: str) -> str | None:
    """The known tag ``tag`` means (:data:`KNOWN_TAGS`), or None.

    Case, surrounding space, ``_`` for ``-`` and a plural ``s`` do not matter.

    Examples
    --------
    >>> tag_meaning(" SOLUTION"), tag_meaning("lang_en"), tag_meaning("hide-inputs")
    ('solution', 'lang-en', 'hide-input')
    >>> tag_meaning("exercise") is None
    True
    """
    n = _norm(tag)
    if n in _KNOWN_NORM:
        return _KNOWN_NORM[n]
    if n.endswith("s") and n[:-1] in _KNOWN_NORM:
        return _KNOWN_NORM[n[:-1]]
    return None


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def looks_like(tag: str) -> str | None:
    """The known tag an unknown ``tag`` looks like (a typo), or None.

    Examples
    --------
    >>> looks_like("solutoin"), looks_like("lang-ra"), looks_like("exercise")
    ('solution', 'lang-ar', None)
    """
    if tag_meaning(tag) is not None:
        return None
    n = _norm(tag)
    best = min(_KNOWN_NORM, key=lambda k: (_distance(n, k, MAX_TYPO), k))
    # short tags would look like anything: the typo must leave most of the word
    if _distance(n, best, MAX_TYPO) <= min(MAX_TYPO, max(0, len(best) // 3)):
        return _KNOWN_NORM[best]
    return None


def cell_tags(cell) -> set[str]:
    """The known tags of a cell, by meaning (:func:`tag_meaning`)."""
    tags = cell.get("metadata", {}).get("tags", []) or []
    if isinstance(tags, str):
        tags = [tags]
    return {m for t in tags if (m := tag_meaning(str(t))) is not None}


def check_tags(nb, name: str) -> None:
    """Raise :class:`EditionError` if a cell of ``nb`` has a tag that looks like a known one.

    Parameters
    ----------
    nb : nbformat.NotebookNode or dict
        A notebook (source or executed).
    name : str
        How to name the notebook in the message (its path).

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_markdown_cell("x", metadata={"tags": ["solutoin"]})
    >>> cell["id"] = "c1"
    >>> check_tags(nbformat.v4.new_notebook(cells=[cell]), "a.ipynb")
    Traceback (most recent call last):
    ...
    gulfsec.render.editions.EditionError: a.ipynb, cell 1 (id c1): unknown tag 'solutoin' looks like 'solution'; fix the tag (a solution cell is tagged 'solution')
    """
    for i, cell in enumerate(nb.get("cells", []), 1):
        tags = cell.get("metadata", {}).get("tags", []) or []
        for tag in [tags] if isinstance(tags, str) else tags:
            near = looks_like(str(tag))
            if near is not None:
                cid = cell.get("id")
                where = f"cell {i}" + (f" (id {cid})" if cid else "")
                raise EditionError(
                    f"{name}, {where}: unknown tag {str(tag)!r} looks like {near!r}; "
                    f"fix the tag (a solution cell is tagged {SOLUTION_TAG!r})"
                )


def make_edition(nb, edition: str, lang: str, title: str, info: dict[str, Any] | None = None):
    """Derive an edition from an executed notebook (a copy; the input is not changed).

    Keeps only the markdown/code cells of ``lang`` (cells tagged ``lang-xx`` for another
    language are removed; untagged cells stay), removes cells tagged ``remove-cell`` (notes
    for the reader of the bilingual source notebook, as myst-nb and Jupyter Book read that
    tag) from every edition, removes cells tagged ``solution`` (worked
    answers: their prose, code and outputs) from every edition but ``instructor``, marks code
    inputs hidden in the ``report`` edition, sanitises what code cells display as HTML or
    Markdown (:func:`gulfsec.render.sanitize.sanitize_outputs`) and, in Arabic, isolates
    formulas and marks the prose right to left (:func:`gulfsec.render.bidi.isolate_notebook`).
    Tags are read by :func:`tag_meaning`; a tag that looks like a known one is an error
    (:func:`check_tags`).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        Executed notebook.
    edition : {"report", "student", "instructor"}
    lang : {"en", "ar"}
    title : str
        Stored as the notebook's ``metadata.title`` (the page's ``<title>``).
    info : dict, optional
        Stored as ``metadata.gulfsec`` (report id, edition, parameters); its ``notebook``
        names the notebook in errors.

    Returns
    -------
    nbformat.NotebookNode

    Raises
    ------
    EditionError
        A tag looks like a known tag but is not one.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("hello", metadata={"tags": ["lang-en"]}),
    ...     nbformat.v4.new_markdown_cell("مرحبا", metadata={"tags": ["lang-ar"]}),
    ...     nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["Solution "]}),
    ...     nbformat.v4.new_markdown_cell("two languages", metadata={"tags": ["remove-cell"]})])
    >>> [c.source for c in make_edition(nb, "student", "ar", "T").cells]
    ['<div dir="rtl" lang="ar">\\n\\nمرحبا\\n\\n</div>']
    >>> [c.source for c in make_edition(nb, "report", "en", "T").cells]
    ['hello']
    """
    from gulfsec._validate import check_choice
    from gulfsec.i18n import LANGS, check_lang
    from gulfsec.render.bidi import isolate_notebook
    from gulfsec.render.sanitize import sanitize_outputs

    check_choice("edition", edition, EDITIONS)
    check_lang(lang)
    name = (info or {}).get("notebook") or nb.get("metadata", {}).get("papermill", {}).get(
        "input_path", "the notebook"
    )
    check_tags(nb, str(name))
    remove = {f"{LANG_TAG_PREFIX}{other}" for other in LANGS if other != lang} | {"remove-cell"}
    if edition != "instructor":  # no solution in any form outside the instructor's edition
        remove.add(SOLUTION_TAG)
    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells if not (cell_tags(c) & remove)]
    sanitize_outputs(out)
    if lang == "ar":  # formulas, signed numbers and ranges read left to right (render.bidi)
        out = isolate_notebook(out)
    if edition == "report":
        for cell in out.cells:
            if cell.cell_type == "code":
                cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    out.metadata["title"] = title
    if info is not None:
        out.metadata["gulfsec"] = info
    return out
