"""The published figures' PNGs (gulfsec.render.images): smaller, same pixels to the eye, same
bytes every time."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from gulfsec.render.images import compress_png

pytest.importorskip("imagequant")


def _figure_png(transparent: bool = False) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3), dpi=100)
    im = ax1.imshow(np.linspace(0, 1, 400).reshape(20, 20), cmap="cividis")
    fig.colorbar(im, ax=ax1)  # a gradient: what a poor palette bands
    ax2.plot(np.sin(np.linspace(0, 6, 200)), label="sin")
    ax2.set_title("A title with anti-aliased text")
    ax2.legend()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", transparent=transparent)
    plt.close(fig)
    return buf.getvalue()


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA")).astype(int)


def test_smaller_same_size_no_visible_change_and_deterministic():
    raw = _figure_png()
    small = compress_png(raw)
    assert len(small) < 0.7 * len(raw)
    a, b = _pixels(raw), _pixels(small)
    assert a.shape == b.shape
    diff = np.abs(a - b)
    assert diff.mean() < 0.5 and diff.max() <= 64  # edges of anti-aliased text only
    # the gradient itself: no band wider than what the eye misses
    assert np.abs(a[:, :, :3] - b[:, :, :3]).max(axis=2).mean() < 1.0
    assert compress_png(raw) == small  # same inputs, same bytes
    assert "transparency" not in Image.open(io.BytesIO(small)).info  # opaque stays opaque


def test_transparency_is_kept():
    raw = _figure_png(transparent=True)
    a, b = _pixels(raw), _pixels(compress_png(raw))
    assert (a[:, :, 3] == 0).any() and np.abs(a[:, :, 3] - b[:, :, 3]).mean() < 2


def test_lossless_store_same_pixels_fewer_bytes_than_pillows_encoder(monkeypatch):
    # oxipng stores the palette image losslessly: exactly the pixels of Pillow's encoding (the
    # fallback when pyoxipng is missing)
    pytest.importorskip("oxipng")
    import sys

    raw = _figure_png()
    small = compress_png(raw)
    monkeypatch.setitem(sys.modules, "oxipng", None)  # import oxipng fails: Pillow's optimiser
    pillow = compress_png(raw)
    # fewer bytes than Pillow's own encoder of the same palette image (on the default plan's
    # figures also than its optimiser, 3 % on the whole: not on every small figure)
    plain = io.BytesIO()
    Image.open(io.BytesIO(pillow)).save(plain, "PNG")
    assert len(small) < len(plain.getvalue()) and len(pillow) < len(raw)
    assert np.array_equal(_pixels(small), _pixels(pillow))
    a, b = Image.open(io.BytesIO(small)), Image.open(io.BytesIO(pillow))
    assert a.mode == b.mode == "P" and a.size == b.size
    assert a.info.get("dpi") == b.info.get("dpi") == Image.open(io.BytesIO(raw)).info.get("dpi")
