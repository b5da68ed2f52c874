"""The pictures of a saved web page, for the tables published as images in it (a portal article
that shows the 自评表 as a scan or a screenshot). Nothing is fetched: a picture is found in the
page's own package (an MHTML part, by Content-Location or Content-ID), in a data: URI, or beside
the page on disk ("save page, complete" writes them to PAGE_files/); any other address (http) is
left alone. The tables are read from the picture's bytes as a DOCX picture's are
(extract.scan.image_tables).
"""
from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

MAX_PICTURE_BYTES = 32 * 1024 * 1024
MIN_PIXELS = (192, 48)      # CSS px: 2 x 0.5 inches, as a DOCX picture (smaller ones are icons)


class PagePictures:
    """src attribute -> picture bytes, for one page."""

    def __init__(self, base_dir: str | None = None, parts: dict[str, bytes] | None = None):
        self.base_dir = base_dir
        self.parts = parts or {}

    def get(self, src: str | None) -> bytes | None:
        if not src:
            return None
        src = src.strip()
        if src.startswith("data:"):
            return _data_uri(src)
        if src in self.parts:
            return self.parts[src]
        if src.lower().startswith("cid:") and src[4:] in self.parts:
            return self.parts[src[4:]]
        return self._local(src)

    def _local(self, src: str) -> bytes | None:
        if self.base_dir is None:
            return None
        url = urlsplit(src)
        if url.scheme not in ("", "file") or url.netloc not in ("", "localhost"):
            return None                  # http(s) and the like: never fetched
        base = os.path.realpath(self.base_dir)
        path = os.path.realpath(os.path.join(base, unquote(url.path)))
        if os.path.commonpath([base, path]) != base:
            return None                  # ../../etc: only what was saved with the page
        try:
            if os.path.getsize(path) > MAX_PICTURE_BYTES:
                return None
            return Path(path).read_bytes()
        except OSError:
            return None


def _data_uri(src: str) -> bytes | None:
    head, _, body = src.partition(",")
    if ";base64" not in head.lower():
        return None
    try:
        data = base64.b64decode(body, validate=False)
    except (binascii.Error, ValueError):
        return None
    return data if len(data) <= MAX_PICTURE_BYTES else None


def shown_width_pt(width: str | None, height: str | None, data: bytes) -> float | None:
    """How wide the page shows the picture, in points, from its width and height as the page
    gives them (attribute or CSS, in px) or else its own pixels as CSS px; None when it is
    smaller than MIN_PIXELS (an icon, a logo) or not a raster picture."""
    from io import BytesIO

    from PIL import Image
    try:
        with Image.open(BytesIO(data)) as img:
            natural = img.size
    except Exception:  # noqa: BLE001 - SVG, broken bytes: no table to read
        return None
    w, h = css_px(width), css_px(height)
    if w and not h:
        h = natural[1] * w / max(natural[0], 1)
    w, h = w or natural[0], h or natural[1]
    if w < MIN_PIXELS[0] or h < MIN_PIXELS[1]:
        return None
    return w * 0.75


def css_px(value: str | None) -> float | None:
    """A length in CSS px ("794", "794px"); None for anything else (%, em, auto)."""
    try:
        v = float(str(value).strip().lower().removesuffix("px"))
    except (TypeError, ValueError):
        return None
    return v if v > 0 else None
