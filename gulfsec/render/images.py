"""Lighter figures for the published reports: each PNG output re-encoded with a palette.

matplotlib writes 24-bit RGBA PNGs. A report's figures (lines, bars, heatmaps with a few dozen
cells, anti-aliased text) use far fewer than 256 distinct colours once anti-aliasing is
accounted for, so Pillow's palette quantisation (median cut, no dithering) followed by the PNG
optimiser stores them in about a third of the bytes with no difference a reader can see (the
renderer's tests compare the pixels: the largest channel difference stays small). An image
whose re-encoding would not be smaller, or that is not a PNG Pillow can read, is kept as it is.
The pixel size is never changed: the notebooks already draw their figures for a page of about
1100 px (``figure.dpi`` and sizes in :mod:`gulfsec.plotting`).
"""

from __future__ import annotations

import base64
import io
from typing import Any

#: Colours in the palette (the PNG maximum).
COLOURS = 256

_CACHE: dict[str, str] = {}


def compress_png(data: bytes) -> bytes:
    """A smaller PNG with the same pixels to the eye (palette of :data:`COLOURS` colours).

    Returns ``data`` itself when the result would not be smaller or ``data`` is unreadable.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> buf = io.BytesIO()
    >>> Image.new("RGBA", (200, 100), (255, 255, 255, 255)).save(buf, "PNG")
    >>> small = compress_png(buf.getvalue())
    >>> len(small) <= len(buf.getvalue()), Image.open(io.BytesIO(small)).size
    (True, (200, 100))
    >>> compress_png(b"not a png")
    b'not a png'
    """
    from PIL import Image

    try:
        im = Image.open(io.BytesIO(data))
        im.load()
    except Exception:
        return data
    if im.mode == "RGBA" and im.getchannel("A").getextrema() == (255, 255):
        im = im.convert("RGB")
    if im.mode not in ("RGB", "RGBA"):
        return data
    method = Image.Quantize.FASTOCTREE if im.mode == "RGBA" else Image.Quantize.MEDIANCUT
    pal = im.quantize(COLOURS, method=method, dither=Image.Dither.NONE)
    out = io.BytesIO()
    info = {k: v for k, v in im.info.items() if k == "dpi"}
    pal.save(out, "PNG", optimize=True, **info)
    small = out.getvalue()
    return small if len(small) < len(data) else data


def compress_outputs(nb: Any) -> int:
    """Re-encode every ``image/png`` output of an executed notebook in place.

    Identical figures (a recap shows a figure again) are encoded once.

    Returns
    -------
    int
        Bytes saved (base64 text).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    >>> compress_outputs(nb)
    0
    """
    saved = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data") if isinstance(out, dict) else None
            if not data or "image/png" not in data:
                continue
            text = data["image/png"]
            text = "".join(text) if isinstance(text, list) else text
            if text not in _CACHE:
                try:
                    raw = base64.b64decode(text)
                except ValueError:
                    continue
                _CACHE[text] = base64.b64encode(compress_png(raw)).decode("ascii")
            new = _CACHE[text]
            saved += len(text) - len(new)
            data["image/png"] = new
    if len(_CACHE) > 512:  # one worker renders many groups: keep memory bounded
        _CACHE.clear()
    return saved
