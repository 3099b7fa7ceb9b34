"""Lighter figures for the published reports: each PNG output re-encoded with a palette.

matplotlib writes 32-bit RGBA PNGs. libimagequant (the library behind pngquant; Python binding
``imagequant``) reduces a figure to a 256-colour palette chosen perceptually, dithering only
where a gradient needs it, and the palette image is then stored as tightly as a lossless PNG
optimiser can: oxipng (Python binding ``pyoxipng``), with no row filter (the best choice for
palette images) and libdeflate at :data:`DEFLATE_LEVEL`, writes the same pixels in 7 % fewer
bytes than Pillow's encoder (1 % fewer than Pillow's ``optimize=True``, in half its time);
each distinct figure of a run is encoded once (a recap shows a figure again, and every
edition of a run shows the same figures). Looked at side by side, zoomed in, the figures
cannot be told apart, colour bars included (Pillow's own median-cut quantiser, tried first, bands the
colour bars visibly; so does a palette of fewer colours chosen by a quality target, which would
save another 12 %; the renderer's test bounds the largest channel difference). When
``imagequant`` is not installed the PNG is only re-encoded losslessly (RGB when fully opaque);
without ``pyoxipng`` Pillow's optimiser stores it. An image whose re-encoding would not be
smaller, or that is not a PNG Pillow can read, is kept as it is. The pixel size is never
changed: the notebooks already draw their figures for a page of about 1100 px (at most 1111 px
wide in the default plan). The same figure always gives the same bytes.
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
    if im.format != "PNG":
        return data
    if im.mode not in ("RGB", "RGBA"):
        return data
    opaque = im.mode == "RGB" or im.getchannel("A").getextrema() == (255, 255)
    info = {k: v for k, v in im.info.items() if k == "dpi"}
    try:
        import imagequant
    except ImportError:  # lossless only
        pal = im.convert("RGB") if opaque else im
    else:
        try:
            pal = _quantize(imagequant, im.convert("RGBA"), opaque)
        except ValueError:
            return data
    small = _deflate(pal, info)
    return small if len(small) < len(data) else data


#: libdeflate's level in oxipng (1 fastest ... 12 smallest). Measured on the 112 palette PNGs of
#: the default plan (bytes against Pillow's encoder, CPU seconds per figure): 9: 0.93, 0.01 s;
#: 10: 0.91, 0.04 s; 11: 0.89, 0.09 s; 12: 0.87, 0.19 s; Pillow's ``optimize=True``: 0.94,
#: 0.02 s; oxipng's own ``level=4``, which tries every filter: 0.87, 0.6 s. Whole renders of the
#: default plan (2 workers, one after the other): level 9 34.4, 33.9 s, 22.8 MB; 10 35.6,
#: 35.9 s, 22.5 MB; 11 39.7, 38.4 s, 22.2 MB. The render's CPU is the limit on 2 cores, and
#: each level above 9 costs 3-5 s of it per full render for 0.3 MB.
DEFLATE_LEVEL = 9


def _deflate(im: Any, info: dict[str, Any]) -> bytes:
    """``im`` as a PNG, as small as the lossless optimiser at hand makes it."""
    out = io.BytesIO()
    try:
        import oxipng
    except ImportError:
        im.save(out, "PNG", optimize=True, **info)
        return out.getvalue()
    im.save(out, "PNG", compress_level=1, **info)  # oxipng deflates it again
    return oxipng.optimize_from_memory(
        out.getvalue(),
        level=0,  # no search: the filter and the compressor are given
        filter=[oxipng.RowFilter.NoOp],
        deflate=oxipng.Deflaters.libdeflater(DEFLATE_LEVEL),
    )


#: libimagequant's speed/quality trade-off (1 best ... 10 fastest; its default is 4): 7 is
#: three times faster than 4 here with the same error (mean channel difference 0.09 of 255).
SPEED = 7
#: Dithering where a gradient needs it (0 none ... 1 full).
DITHERING = 0.5


def _quantize(imagequant: Any, rgba: Any, opaque: bool) -> Any:
    """A palette image from libimagequant (through the ``imagequant`` binding's C API)."""
    from PIL import Image

    lib, ffi = imagequant.lib, imagequant.ffi
    w, h = rgba.size
    data = rgba.tobytes()  # libimagequant keeps a pointer to it: alive until destroyed below
    attr = lib.liq_attr_create()
    img = lib.liq_image_create_rgba(attr, data, w, h, 0)
    res = ffi.new("liq_result**")
    try:
        lib.liq_set_speed(attr, SPEED)
        lib.liq_set_max_colors(attr, COLOURS)
        if lib.liq_image_quantize(img, attr, res) != lib.LIQ_OK:
            raise ValueError("libimagequant could not quantize the image")
        lib.liq_set_dithering_level(res[0], DITHERING)
        out = ffi.new("char[]", w * h)
        lib.liq_write_remapped_image(res[0], img, out, w * h)
        liq_pal = lib.liq_get_palette(res[0])  # owned by the result: copied before it goes
        entries = [(e.r, e.g, e.b, e.a) for e in liq_pal.entries[0 : liq_pal.count]]
        pixels = ffi.buffer(out, w * h)[:]
    finally:
        if res[0] != ffi.NULL:
            lib.liq_result_destroy(res[0])
        lib.liq_image_destroy(img)
        lib.liq_attr_destroy(attr)
        del data
    pal = Image.frombytes("P", (w, h), pixels, decoder_name="raw")
    if opaque:  # an opaque figure needs no alpha in its palette (no tRNS chunk)
        pal.putpalette([c for e in entries for c in e[:3]], rawmode="RGB")
    else:
        pal.putpalette([c for e in entries for c in e], rawmode="RGBA")
    return pal


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
