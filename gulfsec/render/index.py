"""The index pages of the rendered reports: ``index.html`` (English) and ``index.ar.html``.

Both list every report of the plan (both languages) with title, language, edition, notebook,
parameters, status, time taken and when it was rendered; a failure shows its error, a link to
the failed notebook and, if there is one, to the last good version. The Arabic page is
``<html lang="ar" dir="rtl">``. Plain HTML and CSS, no scripts, no external resources.
"""

from __future__ import annotations

import html
import json
from typing import Any

from gulfsec.i18n import check_lang, label

INDEX_FILES: dict[str, str] = {"en": "index.html", "ar": "index.ar.html"}

_CSS = """
body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 0; color: #222; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 20px 40px; }
h1 { font-size: 24px; margin: 8px 0; }
p.meta { color: #555; margin: 4px 0 14px; }
nav.other { float: inline-end; font-size: 15px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border-bottom: 1px solid #ddd; padding: 6px 8px; vertical-align: top; text-align: start; }
th { background: #f2f4f7; position: sticky; top: 0; }
td.num { font-variant-numeric: tabular-nums; unicode-bidi: plaintext; }
code { font-size: 13px; }
td:first-child { min-width: 14em; }
td code { overflow-wrap: anywhere; }
time { white-space: nowrap; font-size: 13px; }
.status-ok { color: #006e4f; font-weight: bold; }
.status-failed { color: #b3261e; font-weight: bold; }
.status-pending { color: #6b6b6b; }
pre.error { direction: ltr; text-align: left; white-space: pre-wrap; background: #fdf1f0;
  border-inline-start: 3px solid #b3261e; padding: 4px 8px; margin: 4px 0; max-width: 48em;
  font-size: 12px; }
.edition { white-space: nowrap; }
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _dir(lang: str) -> str:
    return "rtl" if lang == "ar" else "ltr"


def _time(iso: str) -> str:
    shown = iso.replace("T", " ").replace("+00:00", "")
    return f'<time dir="ltr" datetime="{_e(iso)}">{_e(shown)}</time>'


def _params(params: dict[str, Any], lang: str) -> str:
    if not params:
        return _e(label("render.defaults", lang))
    return "<br>".join(
        f'<code dir="ltr">{_e(k)}={_e(json.dumps(v, ensure_ascii=False))}</code>'
        for k, v in params.items()
    )


def render_index(entries: list[dict[str, Any]], lang: str, updated: str) -> str:
    """One index page in ``lang`` over the manifest ``entries`` (plan order).

    Parameters
    ----------
    entries : list of dict
        Manifest entries (``id``, ``title``, ``lang``, ``edition``, ``notebook``,
        ``parameters``, ``status``, ``seconds``, ``rendered_at``, ``error``, ``html``,
        ``failed_ipynb``, ``last_good_html``).
    lang : {"en", "ar"}
    updated : str
        When the index was written (ISO 8601, UTC).

    Returns
    -------
    str
        A complete HTML document.

    Examples
    --------
    >>> page = render_index([], "ar", "2026-01-01T00:00:00+00:00")
    >>> page.startswith('<!DOCTYPE html>\\n<html lang="ar" dir="rtl">')
    True
    """
    check_lang(lang)
    direction = _dir(lang)
    counts = {
        s: sum(1 for e in entries if e.get("status") == s) for s in ("ok", "failed", "pending")
    }
    other = "ar" if lang == "en" else "en"
    cols = (
        "title",
        "language",
        "edition",
        "notebook",
        "parameters",
        "status",
        "seconds",
        "rendered",
    )
    head = "".join(f"<th>{_e(label(f'render.col.{c}', lang))}</th>" for c in cols)
    rows = []
    for e in entries:
        rid = e["id"]
        status = e.get("status", "pending")
        if e.get("html"):
            title = (
                f'<a href="{_e(e["html"])}" hreflang="{_e(e["lang"])}" lang="{_e(e["lang"])}" '
                f'dir="{_dir(e["lang"])}">{_e(e["title"])}</a>'
            )
        else:  # a title keeps its own direction inside a page of the other language
            title = f'<span lang="{_e(e["lang"])}" dir="{_dir(e["lang"])}">{_e(e["title"])}</span>'
        title = f"<div>{title}</div>"
        links = []
        if e.get("ipynb") and status == "ok":
            links.append(
                f'<a href="{_e(e["ipynb"])}">{_e(label("render.link.notebook", lang))}</a>'
            )
        status_html = (
            f'<span class="status-{_e(status)}">{_e(label(f"render.status.{status}", lang))}</span>'
        )
        if status == "failed":
            if e.get("error"):
                status_html += f'<pre class="error">{_e(str(e["error"])[:1500])}</pre>'
            if e.get("failed_ipynb"):
                links.append(
                    f'<a href="{_e(e["failed_ipynb"])}">{_e(label("render.link.failed", lang))}</a>'
                )
            if e.get("last_good_html"):
                links.append(
                    f'<a href="{_e(e["last_good_html"])}">{_e(label("render.link.last_good", lang))}</a>'
                )
        if links:
            title += "<small>" + " · ".join(links) + "</small>"
        seconds = e.get("seconds")
        sec = f"{seconds:.1f}" if isinstance(seconds, int | float) else ""
        when = e.get("rendered_at") or ""
        cells = [
            title,
            _e(label(f"render.lang.{e['lang']}", lang)),
            '<span class="edition">'
            + _e(label("render.edition." + e["edition"], lang))
            + "</span>",
            f'<code dir="ltr">{_e(e["notebook"])}</code>',
            _params(e.get("parameters") or {}, lang),
            status_html,
            f'<span dir="ltr">{sec}</span>',
            _time(when) if when else "",
        ]
        classes = ["", "", "", "", "", "", ' class="num"', ' class="num"']
        rows.append(
            f'<tr id="{_e(rid)}">'
            + "".join(f"<td{k}>{c}</td>" for k, c in zip(classes, cells, strict=True))
            + "</tr>"
        )
    title = label("render.index.title", lang)
    summary = label("render.index.summary", lang, n=len(entries), **counts)
    updated_txt = label("render.index.updated", lang, when=_time(updated))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n"
        f'<link rel="alternate" hreflang="{other}" href="{INDEX_FILES[other]}">\n'
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f'<nav class="other"><a href="{INDEX_FILES[other]}" hreflang="{other}">'
        f"{_e(label('render.index.other', lang))}</a></nav>\n"
        f"<h1>{_e(title)}</h1>\n"
        f"<p>{_e(label('render.index.intro', lang))}</p>\n"
        f'<p class="meta">{_e(summary)} · {updated_txt}</p>\n'
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n"
        "</main>\n</body>\n</html>\n"
    )
