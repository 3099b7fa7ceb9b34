"""The output folder's record: ``manifest.json``, what is on disk against it, and clean-up.

The manifest lists every report of the plan with its status, its cache key, the sources its
run used, its execution's run record (``execution``: an id shared by the editions of one run,
its start, the kernel's and the group's seconds) and the SHA-256 of each file written for it or
linked by it (``outputs``; a report edition links its student edition's notebook). A report
is trusted as rendered only when its files on disk are still those bytes
(:func:`outputs_intact`): a page emptied, truncated or overwritten after the render (by hand,
by a notebook, by a render killed between its pages and its manifest) is rendered again. Images and stylesheets under
``_static/`` are named by the SHA-256 of their bytes, so they are checked against their names.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from gulfsec.render.files import atomic_write, file_digest

MANIFEST = "manifest.json"
STAGING_PREFIX = ".staging-"

__all__ = [
    "MANIFEST",
    "STAGING_PREFIX",
    "last_group_seconds",
    "outputs_intact",
    "prune_static",
    "prune_unlisted",
    "read_manifest",
    "remove_leftovers",
    "write_manifest",
]

_ENTRY_TYPES: dict[str, type | tuple[type, ...]] = {
    "status": str,
    "seconds": (int, float),
    "rendered_at": str,
    "last_ok_at": str,
    "key": str,
    "execution_key": str,
    "error": str,
}


def _clean_entry(entry: Any) -> dict[str, Any] | None:
    """A manifest entry as far as it can be trusted (a corrupt manifest must not crash us).

    Only known fields of the right type are kept; file links are rebuilt from the id (never
    taken from the file), so a tampered manifest cannot point the index anywhere else.
    """
    from gulfsec.render.names import report_id_problem

    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        return None
    rid = entry["id"]
    if report_id_problem(rid):
        return None
    out: dict[str, Any] = dict(entry)  # other fields (sources, outputs) are checked on use
    for k, t in _ENTRY_TYPES.items():
        v = out.pop(k, None)
        if isinstance(v, t) and not isinstance(v, bool):
            out[k] = v
    if out.get("status") not in ("ok", "failed", "pending"):
        out["status"] = "pending"
    ipynb = out.pop("ipynb", None)
    for k, name in (
        ("html", f"{rid}/{rid}.html"),
        ("failed_ipynb", f"{rid}/{rid}.failed.ipynb"),
        ("last_good_html", f"{rid}/{rid}.html"),
    ):
        if out.pop(k, None):
            out[k] = name
    if ipynb:
        # its own notebook, or (a report edition) the one of another report: rebuilt from
        # that report's id as well (published.notebook_twins)
        other = ipynb.split("/")[0] if isinstance(ipynb, str) else ""
        linked = not report_id_problem(other) and ipynb == f"{other}/{other}.ipynb"
        out["ipynb"] = f"{other}/{other}.ipynb" if linked else f"{rid}/{rid}.ipynb"
    return out


def read_manifest(out: Path) -> dict[str, Any]:
    """The last manifest, cleaned (``{}`` when missing or unreadable)."""
    try:
        with open(out / MANIFEST, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    entries = data.get("reports")
    data["reports"] = [
        e for e in map(_clean_entry, entries if isinstance(entries, list) else []) if e
    ]
    cache = data.get("parameter_cache")
    data["parameter_cache"] = (
        {k: v for k, v in cache.items() if isinstance(k, str) and isinstance(v, dict)}
        if isinstance(cache, dict)
        else {}
    )
    return data


def _asset_intact(path: Path) -> bool:
    """An asset is intact when its bytes still hash to the prefix its name carries."""
    stem = path.name.split(".")[-2] if path.name.startswith("gulfsec.") else path.name.split(".")[0]
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return bool(stem) and hashlib.sha256(data).hexdigest().startswith(stem)


def outputs_intact(out: Path, entry: dict[str, Any], memo: dict[str, str] | None = None) -> bool:
    """Whether every file the manifest records for a report is on disk with its bytes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.html").write_text("page")
    >>> entry = {"outputs": {"a.html": file_digest(d / "a.html")}, "assets": []}
    >>> outputs_intact(d, entry)
    True
    >>> _ = (d / "a.html").write_text("")
    >>> outputs_intact(d, entry)
    False
    """
    recorded = entry.get("outputs")
    if not isinstance(recorded, dict) or not recorded:
        return False
    memo = {} if memo is None else memo
    for rel, digest in recorded.items():
        path = out / rel
        if not isinstance(rel, str) or path.is_symlink() or file_digest(path) != digest:
            return False
    for rel in entry.get("assets") or []:
        if not isinstance(rel, str):
            return False
        if rel not in memo:
            path = out / rel
            memo[rel] = "ok" if not path.is_symlink() and _asset_intact(path) else "bad"
        if memo[rel] != "ok":
            return False
    return True


def last_group_seconds(task: dict[str, Any], old_entries: dict[str, Any]) -> float:
    """A group's whole time on the last render (manifest ``execution.group_seconds`` of any
    of its reports), or infinity when none was recorded.

    Examples
    --------
    >>> task = {"reports": [{"id": "a"}, {"id": "b"}]}
    >>> last_group_seconds(task, {"b": {"execution": {"group_seconds": 12.5}}})
    12.5
    >>> last_group_seconds(task, {"a": {"seconds": 3}})
    inf
    """
    times = []
    for rep in task["reports"]:
        run = old_entries.get(rep["id"], {}).get("execution")
        t = run.get("group_seconds") if isinstance(run, dict) else None
        if isinstance(t, int | float) and not isinstance(t, bool) and t >= 0:
            times.append(float(t))
    return max(times) if times else float("inf")


def prune_unlisted(out: Path, old: dict[str, Any], listed: set[str]) -> list[str]:
    """Remove what the renderer wrote for reports the plan no longer lists; returns their ids.

    Only ids the last manifest records are touched (what this renderer can prove it wrote),
    only the three files it writes in a report folder (regular files, not links), and the
    folder itself only when it is then empty. A folder that is a link is never entered.
    """
    pruned = []
    for e in old.get("reports", []):
        rid = e["id"]
        if rid in listed:
            continue
        folder = out / rid
        if folder.is_symlink() or not folder.is_dir():
            continue
        removed = False
        for name in (f"{rid}.html", f"{rid}.ipynb", f"{rid}.failed.ipynb"):
            f = folder / name
            if f.is_file() and not f.is_symlink():
                f.unlink()
                removed = True
        for tmp in folder.glob(".*.tmp"):
            if tmp.is_file() and not tmp.is_symlink():
                tmp.unlink()
        try:
            folder.rmdir()
        except OSError:  # something else lives there: not ours, left alone
            pass
        if removed:
            pruned.append(rid)
    return pruned


def remove_leftovers(out: Path) -> None:
    """What a killed render left: staging folders (with kernel connection files), temp files.

    Called with the lock held, so no live render owns them. Links are removed, never followed.
    """
    for stale in out.glob(f"{STAGING_PREFIX}*"):
        if stale.is_symlink() or not stale.is_dir():
            stale.unlink(missing_ok=True)
        else:
            shutil.rmtree(stale, ignore_errors=True)
    for stale in out.glob(".*.tmp"):
        stale.unlink(missing_ok=True)
    for folder in out.iterdir():
        if folder.is_dir() and not folder.is_symlink():
            for stale in folder.glob(".*.tmp"):
                if not stale.is_dir():
                    stale.unlink(missing_ok=True)


def prune_static(out: Path, entries: list[dict[str, Any]]) -> None:
    """Remove stylesheets and images under ``_static/`` that no listed report links."""
    from gulfsec.render.html import STATIC

    static = out / STATIC
    if not static.is_dir():
        return
    keep = {a for e in entries for a in e.get("assets") or [] if isinstance(a, str)}
    for f in static.rglob("*"):
        if f.is_file() and f.relative_to(out).as_posix() not in keep:
            f.unlink(missing_ok=True)


def write_manifest(out: Path, manifest: dict[str, Any], now: str) -> None:
    """Write the manifest, then the English and Arabic index pages, each atomically."""
    from gulfsec.render.index import INDEX_FILES, render_index

    data = dict(manifest) | {"updated_at": now}
    atomic_write(out / MANIFEST, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    for lang, name in INDEX_FILES.items():
        atomic_write(out / name, render_index(manifest["reports"], lang, now))
