"""The OCR engine (rapidocr-onnxruntime, models shipped inside the wheel; nothing downloads).

One engine per thread, created lazily. Threads per ONNX session come from
JIXIAO_OCR_THREADS (default 1); pages of one document are read side by side instead
(JIXIAO_OCR_PAGES, see extract.scan.ocr_pages), which scales better than intra-op threads.

We call the detector and the recogniser separately so that detection can run on a reduced
image (it only needs to find text lines) while recognition reads crops of the full-resolution
page, and so that single cells can be re-read without detection.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import cv2
import numpy as np

_LOCK = threading.Lock()
_THREAD = threading.local()
_DETECT_LOCK = threading.Lock()

# Recogniser input: height 48; PP-OCR pads every crop to >= 320 px wide, which makes short
# crops (one number in a cell) cost as much as a whole line. 96 keeps results identical on
# digits and CJK in our measurements and is ~2.5x faster.
REC_MIN_WIDTH = 96


@dataclass
class OcrBox:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    score: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


def threads() -> int:
    try:
        return max(1, int(os.environ.get("JIXIAO_OCR_THREADS", "1")))
    except ValueError:
        return 1


def engine():
    """This thread's engine. rapidocr's detector keeps per-call state on the instance, so
    threads reading pages at once (extract.scan.ocr_pages) each get their own (~25 MB)."""
    eng = getattr(_THREAD, "engine", None)
    if eng is None:
        with _LOCK:
            from rapidocr_onnxruntime import RapidOCR
            n = threads()
            # rapidocr copies the Global thread settings into Det/Cls/Rec (per-module keys are
            # overwritten), so they must be passed as global keys
            eng = RapidOCR(use_cls=False, max_side_len=4000, intra_op_num_threads=n,
                           inter_op_num_threads=1)
            eng.text_rec.rec_image_shape = [3, 48, REC_MIN_WIDTH]
            eng.text_rec.rec_batch_num = 1   # measured: padding a batch to its widest crop costs more than batching saves on one core
        _THREAD.engine = eng
    return eng


def detect(img: np.ndarray, det_scale: float = 1.0) -> list[np.ndarray]:
    """Text-line quadrilaterals (4x2 float arrays, full-image pixel coords)."""
    eng = engine()
    small = img
    if det_scale < 0.999:
        small = cv2.resize(img, None, fx=det_scale, fy=det_scale, interpolation=cv2.INTER_AREA)
    if small.ndim == 2:
        small = cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    with _DETECT_LOCK:  # one detection at a time per process: it is the memory peak (~280 MB)
        boxes, _ = eng.text_det(small)
    if boxes is None or len(boxes) == 0:
        return []
    return [np.asarray(b, dtype=np.float32) / det_scale for b in boxes]


def recognize(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    if not crops:
        return []
    eng = engine()
    crops = [cv2.cvtColor(c, cv2.COLOR_GRAY2BGR) if c.ndim == 2 else c for c in crops]
    res, _ = eng.text_rec(crops)
    return [(str(t), float(s)) for t, s in res]


def crop_box(img: np.ndarray, x0: float, top: float, x1: float, bottom: float,
             pad: int = 2) -> np.ndarray | None:
    h, w = img.shape[:2]
    a = max(0, int(np.floor(x0)) - pad)
    b = min(w, int(np.ceil(x1)) + pad)
    c = max(0, int(np.floor(top)) - pad)
    d = min(h, int(np.ceil(bottom)) + pad)
    if b - a < 3 or d - c < 3:
        return None
    return img[c:d, a:b]


def ocr_image(img: np.ndarray, det_scale: float = 1.0,
              quads: list[np.ndarray] | None = None) -> list[OcrBox]:
    """Detect + recognise on a (deskewed) page image; axis-aligned boxes in pixels.
    `quads`: text-line boxes already detected on this image (detection is skipped)."""
    if quads is None:
        quads = detect(img, det_scale)
    rects = []
    crops = []
    for q in quads:
        x0, top = float(q[:, 0].min()), float(q[:, 1].min())
        x1, bottom = float(q[:, 0].max()), float(q[:, 1].max())
        crop = crop_box(img, x0, top, x1, bottom, pad=1)
        if crop is None:
            continue
        rects.append((x0, top, x1, bottom))
        crops.append(crop)
    out = []
    for (x0, top, x1, bottom), (text, score) in zip(rects, recognize(crops)):
        if text.strip():
            out.append(OcrBox(x0, top, x1, bottom, text.strip(), score))
    return out
