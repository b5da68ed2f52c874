"""How many pages of one document the OCR reader reads at once (a module with no heavy imports,
so the batch runner can set it without loading OpenCV for a DOCX).

Two pages side by side scale ~1.8x on an idle multi-core machine (the ONNX runs release the GIL,
where two intra-op threads on one page give ~1.35x), but each page in flight holds its own
detection and recognition buffers: a process peaks near 700 MB instead of about 550 MB. A batch
of many documents keeps the cores busy with workers, one page at a time each (the 600 MB a worker
may use with OCR). A run of ONE document with --workers N has no other work for its cores: the
runner reads that document's pages N at a time (`pages_at_once`), in less memory than the N
workers the user allowed.
"""
from __future__ import annotations

import os
from contextlib import contextmanager

_default = 1


def page_parallelism() -> int:
    """JIXIAO_OCR_PAGES when set (the user's word wins), else what the runner chose, else 1."""
    value = os.environ.get("JIXIAO_OCR_PAGES", "")
    if value.strip():
        try:
            return max(1, int(value))
        except ValueError:
            pass
    return _default


@contextmanager
def pages_at_once(n: int):
    """Read pages `n` at a time inside the block (unless JIXIAO_OCR_PAGES says otherwise)."""
    global _default
    previous, _default = _default, max(1, int(n))
    try:
        yield
    finally:
        _default = previous
