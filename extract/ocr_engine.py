"""The OCR engine (rapidocr-onnxruntime, models shipped inside the wheel; nothing downloads).

One engine per thread, created lazily. Threads per ONNX session come from
JIXIAO_OCR_THREADS (default 1); pages of one document are read side by side instead
(JIXIAO_OCR_PAGES, see extract.scan.ocr_pages), which scales better than intra-op threads.

We call the detector and the recogniser separately so that detection can run on a reduced
image (it only needs to find text lines) while recognition reads crops of the full-resolution
page, and so that single cells can be re-read without detection.
"""
from __future__ import annotations

import importlib.util
import os
import threading
from dataclasses import dataclass, field

import cv2
import numpy as np

from .model import UNREAD, CharRead

_LOCK = threading.Lock()
_THREAD = threading.local()
_DETECT_LOCK = threading.Lock()

# Recogniser input: height 48; PP-OCR pads every crop to >= 320 px wide, which makes short
# crops (one number in a cell) cost as much as a whole line. 96 keeps results identical on
# digits and CJK in our measurements and is ~2.5x faster.
REC_MIN_WIDTH = 96


ALT_MIN = 0.05     # another class this probable at a character's step is an alternative reading
GAP_MIN = 0.05     # a character this probable inside a run of blanks was half seen


@dataclass
class Reading:
    text: str
    score: float
    chars: list[CharRead] = field(default_factory=list)
    gap_after: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class OcrBox:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    score: float
    chars: list[CharRead] | None = None    # per character of `text` when it is the plain reading

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
                           inter_op_num_threads=1, **streamlined_models())
            eng.text_rec.rec_image_shape = [3, 48, REC_MIN_WIDTH]
            eng.text_rec.rec_batch_num = 1   # measured: padding a batch to its widest crop costs more than batching saves on one core
        _THREAD.engine = eng
    return eng


def streamlined_models() -> dict[str, str]:
    """det_model_path / rec_model_path: rapidocr's own models with their exported graphs
    simplified (extract.ocr_model: the same readings, ~25% less time on one core)."""
    from rapidocr_onnxruntime.utils import read_yaml

    from .ocr_model import streamlined_path
    package = os.path.dirname(importlib.util.find_spec("rapidocr_onnxruntime").origin)
    config = read_yaml(os.path.join(package, "config.yaml"))
    return {f"{key.lower()}_model_path": streamlined_path(os.path.join(package, config[key]["model_path"]))
            for key in ("Det", "Rec")}


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
    return [(r.text, r.score) for r in read(crops)]


def read(crops: list[np.ndarray]) -> list[Reading]:
    """The recogniser on each crop, decoded here (greedy CTC, as rapidocr does) so that every
    character keeps its probability, its step's other candidates and what was half seen in
    the blanks around it: the evidence normalize's OCR correction chooses from."""
    if not crops:
        return []
    rec = engine().text_rec
    out = []
    for crop in crops:
        img = cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR) if crop.ndim == 2 else crop
        h, w = img.shape[:2]
        ratio = max(rec.rec_image_shape[2] / rec.rec_image_shape[1], w / max(h, 1))
        batch = rec.resize_norm_img(img, ratio)[np.newaxis, :].astype(np.float32)
        probs = rec.session(batch)[0][0]
        out.append(decode(probs, rec.postprocess_op.character))
    return out


def decode(probs: np.ndarray, charset: list[str]) -> Reading:
    """Greedy CTC decoding of one (steps x classes) probability matrix; class 0 is blank."""
    best = probs.argmax(axis=1).tolist()
    cands = _candidates(probs, min(ALT_MIN, GAP_MIN))
    chars: list[CharRead] = []
    steps: list[int] = []
    gap: dict[str, float] = {}
    prev = 0
    for t, k in enumerate(best):
        if k == 0 or k == prev:
            if k == 0:
                # what else this blank step might be (not a repeat of its neighbours' characters)
                for j, p in cands.get(t, ()):
                    if j != 0 and j != prev and p >= GAP_MIN:
                        ch = charset[j]
                        gap[ch] = max(gap.get(ch, 0.0), p)
            prev = k
            continue
        alts = sorted(((charset[j] if j else "", p) for j, p in cands.get(t, ())
                       if j != k and p >= ALT_MIN), key=lambda a: -a[1])
        gap_before = sorted(((c, p) for c, p in gap.items() if c != charset[k]), key=lambda a: -a[1])
        chars.append(CharRead(charset[k], float(probs[t, k]), alts, gap_before))
        steps.append(t)
        gap = {}
        prev = k
    _mark_skipped(chars, steps)
    text = "".join(c.ch for c in chars)
    score = float(np.mean([c.p for c in chars])) if chars else 0.0
    return Reading(text, score, chars, sorted(gap.items(), key=lambda a: -a[1]))


def _candidates(probs: np.ndarray, floor: float, most: int = 4) -> dict[int, list[tuple[int, float]]]:
    """{step: [(class, probability)]}: the classes of each step at `floor` or more, at most the
    `most` most probable. The decoder looks no further than a step's four most probable classes
    and keeps only those at its thresholds; a softmax step has few classes that probable, and
    one comparison over the matrix finds them, where ranking all ~6,600 classes of every step
    (argpartition) cost as much as the rest of the decoding. (A float32 probability is >= 0.05
    in float32 exactly when it is in float64: no float32 lies between 0.05 and its float32.)"""
    likely = probs >= floor
    # the few classes likely anywhere first: np.nonzero over the whole matrix costs 8x more
    classes = np.flatnonzero(likely.any(axis=0))
    ts, at = np.nonzero(likely[:, classes])
    js = classes[at]
    out: dict[int, list[tuple[int, float]]] = {}
    for t, j, p in zip(ts.tolist(), js.tolist(), probs[ts, js].tolist()):
        out.setdefault(t, []).append((j, p))
    for t, row in out.items():
        if len(row) > most:
            out[t] = sorted(row, key=lambda jp: -jp[1])[:most]
    return out


def _mark_skipped(chars: list[CharRead], steps: list[int]) -> None:
    """CJK text is set on a fixed pitch, so the recogniser's steps between two emitted
    ideographs are about even; a gap of two pitches between two of them held a character it
    emitted nothing for (one outside its character set, like 孀). Marked as UNREAD in the
    second one's gap_before, with the gap's excess as its weight."""
    cjk = [i for i, c in enumerate(chars) if "\u3400" <= c.ch <= "\u9fff"]
    if len(cjk) < 4:
        return
    diffs = [steps[b] - steps[a] for a, b in zip(cjk, cjk[1:]) if b == a + 1]
    if len(diffs) < 3:
        return
    pitch = float(np.median(diffs))
    if pitch <= 0:
        return
    for a, b in zip(cjk, cjk[1:]):
        if b == a + 1 and steps[b] - steps[a] >= 1.7 * pitch:
            chars[b].gap_before.append((UNREAD, round(min(1.0, (steps[b] - steps[a]) / pitch - 1.0), 3)))


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
    for (x0, top, x1, bottom), r in zip(rects, read(crops)):
        if r.text.strip():
            plain = r.text == r.text.strip()
            out.append(OcrBox(x0, top, x1, bottom, r.text.strip(), r.score, r.chars if plain else None))
    return out


def charset() -> list[str]:
    """The characters the recogniser can emit (its model's character list)."""
    return [c for c in engine().text_rec.postprocess_op.character if c not in ("blank", " ")]
