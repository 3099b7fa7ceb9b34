"""The pages the site writes itself: a book's landing page, glossary and ``conf.py``, the root
index. Text that comes from files (the glossary's terms and definitions, the citation, the
chapters' titles) is escaped here, where it becomes MyST (:func:`md_text`): in a page it is
text, never markup, a directive, a role, a link, an image or math.

Examples
--------
>>> print(md_text("<b>x</b> {download}`a <../s.txt>`"))
\\<b\\>x\\<\\/b\\> \\{download\\}\\`a \\<\\.\\.\\/s\\.txt\\>\\`
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path
from typing import Any

from gulfsec.i18n import isolate_ltr, label
from gulfsec.render.bidi import unmark_rtl
from gulfsec.render.html import MYST_EXTENSIONS
from gulfsec.site.course import Book, CourseError, Edition, parse_intro

HERE = Path(__file__).resolve().parent
#: The largest glossary the site reads (the project's is 32 rows, about 16 kB).
MAX_GLOSSARY_BYTES = 5_000_000
LANGS: tuple[str, ...] = ("en", "ar")
#: Every ASCII punctuation character: CommonMark (and so MyST) lets each be escaped with a
#: backslash, and an escaped one is always literal text.
_PUNCT = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def md_text(text: object) -> str:
    r"""Text from a file as MyST that shows exactly that text (one line, every markup escaped).

    Whitespace (newlines included) becomes one space, so nothing can start a block (a
    directive, a fence, a heading); every ASCII punctuation character is backslash-escaped, so
    nothing is HTML, a role, a link, an image, math, emphasis or a table cell border.

    Examples
    --------
    >>> md_text("a | b\n```{raw} html")
    'a \\| b \\`\\`\\`\\{raw\\} html'
    """
    return _PUNCT.sub(r"\\\1", " ".join(str(text).split()))


def _cell(text: str) -> str:
    """Authored text (a notebook's title, time, prerequisites) in one cell of a MyST table."""
    return " ".join(text.replace("|", "\\|").split())


def intro_of(ed: Edition) -> Any:
    """The chapter's :class:`~.course.Intro`: its title cell and the cells before the first
    section (some notebooks put prerequisites and time in a cell of their own)."""
    parts: list[str] = []
    for cell in ed.read().get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        src = unmark_rtl("".join(cell.get("source", "")))
        if not parts and not src.lstrip().startswith("# "):
            continue
        if parts and src.lstrip().startswith("## "):
            break
        parts.append(src)
        if len(parts) == 3:
            break
    return parse_intro("\n\n".join(parts))


def citation(path: Path | None) -> dict[str, Any]:
    if path is None or not path.is_file():
        return {}
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _cite_lines(cff: dict[str, Any], lang: str) -> list[str]:
    lines = []
    refs = [r for r in cff.get("references") or [] if isinstance(r, dict)]
    # the source article: the Arabic one (the other references are the published data)
    source = [r for r in refs if r.get("type") == "article" and "ar" in (r.get("languages") or [])]
    for ref in source[:1]:
        a = (ref.get("authors") or [{}])[0]
        name = f"{a.get('name-suffix', '')} {a.get('given-names', '')} {a.get('family-names', '')}"
        author = md_text(a.get("alias") if lang == "ar" and a.get("alias") else name)
        gloss = md_text((ref.get("abstract") or "").split(". ")[0].rstrip("."))
        comma = "، " if lang == "ar" else ", "
        lines.append(
            f"- {author}{comma}«{md_text(ref.get('title', ''))}»"
            + (f" (*{gloss}*)" if gloss and lang == "en" else "")
            + f"{comma}{md_text(ref.get('date-published', ''))}."
        )
    authors = ", ".join(
        md_text(a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}")
        for a in cff.get("authors") or []
        if isinstance(a, dict)
    )
    if cff.get("title"):
        year = md_text(str(cff.get("date-released", ""))[:4])
        comma = "، " if lang == "ar" else ", "
        version = label("site.cite.version", lang, version=md_text(cff.get("version", "")))
        lines.append(f"- {authors} ({year}). *{md_text(cff['title'])}*{comma}{version}.")
    return lines


def _download(sentence: str) -> str:
    """A paragraph that links a download: on screen only, since a relative link printed to
    PDF becomes the build folder's ``file://`` address (the print stylesheet hides it)."""
    return f'<p class="gulfsec-download">{sentence}</p>'


def landing_page(book: Book, intros: dict[str, Any], cff: dict[str, Any], pdf: bool = True) -> str:
    """MyST source of a book's landing page (``index.md``)."""
    lang, aud = book.lang, book.audience
    rows = []
    for ed in book.editions:
        intro = intros[ed.chapter.stem]
        title = intro.title or ed.chapter.title
        time_ = intro.time or (ed.chapter.time if lang == "en" else "")
        pre = intro.prerequisites or (ed.chapter.prerequisites if lang == "en" else "")
        rows.append(
            f"| [{_cell(title)}]({ed.chapter.stem}.ipynb) | {_cell(time_)} | {_cell(pre)} |"
        )
    chapters = "\n".join(f"{ed.chapter.stem}" for ed in book.editions)
    cite = "\n".join(_cite_lines(cff, lang)) or label("site.cite_missing", lang)
    L = lambda key, **kw: label(key, lang, **kw)  # noqa: E731
    parts = [
        f"# {L('site.title')}",
        "",
        f"*{L(f'site.book.{aud}')}*",
        "",
        f"```{{note}}\n{L(f'site.audience_note.{aud}')}\n```",
        "",
        f"**{L('site.what.head')}** {L('site.what.text')}",
        "",
        f"**{L('site.who.head')}** {L('site.who.text')}",
        "",
        f"## {L('site.chapters')}",
        "",
        f"| {L('site.col.chapter')} | {L('site.col.time')} | {L('site.col.prerequisites')} |",
        "| --- | --- | --- |",
        *rows,
        "",
        L("site.order"),
        "",
        f"## {L('site.article.head')}",
        "",
        L("site.article.text"),
        "",
        cite,
        "",
        _download(L("site.cite.file")),
        "",
        f"## {L('site.run.head')}",
        "",
        L("site.run.text"),
        "",
        "```sh\nmake setup\nmake lab\nmake dashboard NB=03 LANG=" + lang + "\n```",
        "",
        _download(L("site.pdf", pdf=f"downloads/{book.course_pdf}")) if pdf else "",
        "",
        "```{toctree}",
        ":hidden:",
        f":caption: {L('site.chapters')}",
        "",
        chapters,
        "glossary",
        "```",
        "",
    ]
    return "\n".join(parts)


def _glossary_uses(editions: list[Edition]) -> dict[str, list[Edition]]:
    uses: dict[str, list[Edition]] = {}
    for ed in editions:
        code = " ".join(
            "".join(c.get("source", ""))
            for c in ed.read().get("cells", [])
            if c.get("cell_type") == "code"
        )
        for token in set(code.replace('"', " ").replace("'", " ").split()):
            uses.setdefault(token.strip(",[]()"), []).append(ed)
    return uses


def glossary_page(book: Book, glossary_csv: Path, intros: dict[str, Any]) -> str:
    """MyST source of the glossary (a Sphinx ``glossary``) from ``data/glossary.csv``."""
    lang = book.lang
    other = "en" if lang == "ar" else "ar"
    size = glossary_csv.stat().st_size
    if size > MAX_GLOSSARY_BYTES:
        raise CourseError(
            f"{glossary_csv}: {size:,} bytes, over the glossary's ceiling of "
            f"{MAX_GLOSSARY_BYTES:,} (a glossary page is read whole)"
        )
    try:
        with open(glossary_csv, encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if isinstance(r, dict)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CourseError(f"cannot read {glossary_csv}: {exc}") from None
    uses = _glossary_uses(book.editions)
    sep = "، " if lang == "ar" else ", "
    out = [f"# {label('site.glossary', lang)}", "", label("site.glossary.intro", lang), ""]
    out += ["```{glossary}", ":sorted:", ""]
    text_of = (lambda t: md_text(isolate_ltr(t or ""))) if lang == "ar" else md_text
    for row in rows:
        term = text_of(row.get(f"term_{lang}"))
        out.append(f"{term} ({text_of(row.get(f'term_{other}'))})")
        text = text_of(row.get(f"definition_{lang}"))
        src = [s.strip() for s in (row.get("sources") or "").split(";") if s.strip()]
        if src:
            text += f" {label('site.glossary.passages', lang)} {md_text(sep.join(src))}."
        chapters = [
            f"[{md_text(intros[e.chapter.stem].title or e.chapter.title)}]({e.chapter.stem}.ipynb)"
            for e in uses.get(row.get("term_id") or "", [])
        ]
        out.append(f"  {text}")
        if chapters:
            out += ["", f"  {label('site.glossary.used_in', lang)} {sep.join(chapters)}"]
        out.append("")
    out += ["```", ""]
    return "\n".join(out)


def conf_py(book: Book, chapters_info: dict[str, Any], static: Path) -> str:
    """The book's ``conf.py`` (plain assignments of Python literals)."""
    lang = book.lang
    other = "en" if lang == "ar" else "ar"
    labels = {k: label(f"site.dl.{k}", lang) for k in ("notebook", "pdf", "data", "downloads")}
    settings: dict[str, Any] = {
        "project": label("site.title", lang),
        "author": "The gulfsec developers",
        "copyright": "the gulfsec developers; data CC BY 4.0",
        "language": lang,
        "extensions": ["myst_nb", "gulfsec.site.sphinxext"],
        "root_doc": "index",
        "exclude_patterns": ["_build", "downloads", "locale"],
        "templates_path": [str(HERE / "templates")],
        # the page's direction on its <html> tag (Sphinx's own setting for a template renderer)
        "template_bridge": "gulfsec.site.sphinxext.DirectionalTemplates",
        "html_theme": "sphinx_book_theme",
        "html_title": f"{label('site.title', lang)} · {label(f'site.book.{book.audience}', lang)}",
        "html_static_path": [str(HERE / "static"), str(static)],
        "html_css_files": ["gulfsec-site.css"],
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "html_show_sphinx": False,
        "html_last_updated_fmt": None,
        "html_context": {"default_mode": "light"},
        "html_theme_options": {
            "article_header_end": ["gulfsec-lang-switch.html", "article-header-buttons.html"],
            "use_download_button": False,
            "use_fullscreen_button": False,
            "home_page_in_toc": True,
            "show_navbar_depth": 1,
            "navigation_with_keys": False,
            "search_bar_text": label("site.search_placeholder", lang),
        },
        "locale_dirs": ["locale"],
        "gettext_auto_build": False,
        "nb_execution_mode": "off",
        "nb_ipywidgets_js": {},
        "nb_output_stderr": "show",
        "myst_enable_extensions": list(MYST_EXTENSIONS),  # the report pages' own
        "myst_heading_anchors": 3,
        "mathjax_path": "mathjax/tex-svg.js",
        "mathjax3_config": {"options": {"enableMenu": False}},
        "suppress_warnings": [
            "myst.header",
            "mystnb.unknown_mime_type",
            "misc.highlighting_failure",
        ],
        "gulfsec_book": {
            "lang": lang,
            "audience": book.audience,
            "other_lang": other,
            "other_label": label("site.lang.other", lang),
            "labels": labels,
            "chapters": chapters_info,
        },
    }
    lines = [
        '"""Sphinx configuration of one gulfsec course book (written by `gulfsec site`)."""',
        "",
    ]
    for k, v in settings.items():
        lines.append(f"{k} = {v!r}")
    return "\n".join(lines) + "\n"


def root_index(folder: Path, audience: str = "student") -> str:
    """``<folder>/index.html``: a bilingual page linking the books ``<folder>/<lang>/``."""
    items = []
    for lang in LANGS:
        if not (folder / lang / "index.html").is_file():
            continue
        d = "rtl" if lang == "ar" else "ltr"
        items.append(
            f'<li lang="{lang}" dir="{d}"><a href="{lang}/index.html">'
            f"{html.escape(label('site.title', lang))} · "
            f"{html.escape(label(f'site.book.{audience}', lang))}</a></li>"
        )
    title = f"{label('site.title', 'en')} / {label('site.title', 'ar')}"
    return (
        '<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>body{{font-family:'DejaVu Sans',"
        "system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;line-height:1.6}"
        "li{margin:.6em 0;font-size:1.2em}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><ul>{''.join(items)}</ul></body></html>\n"
    )
