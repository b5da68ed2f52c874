"""A sheet of paper photographed on a darker ground (a phone picture of a printed 自评表): its four
corners, and the picture straightened to the sheet alone, as a document-scanner app does.

Without this the sheet's own edges are the longest "ruling lines" in the picture: the table
finder takes the whole sheet for a table and swallows the text above the real one, and the
perspective bends the real table's rules away from the rows and columns. A scan, where the paper
fills the frame, has no such quadrilateral and is left as it is.
"""
from __future__ import annotations

import numpy as np

WORK_PX = 800            # the corners are looked for on a copy this long
MIN_AREA = 0.25          # of the frame: a smaller bright shape is not the sheet
MAX_AREA = 0.92          # above this the paper fills the frame (a scan, maybe with a dark edge)
MIN_CONTRAST = 40        # grey levels between the sheet and the ground around it


def find_sheet(gray: np.ndarray) -> np.ndarray | None:
    """The sheet's corners (4 x 2 float32, top-left, top-right, bottom-right, bottom-left, in
    the image's pixels), or None when the image is not a photographed sheet on a darker ground."""
    import cv2
    h, w = gray.shape[:2]
    scale = WORK_PX / max(h, w)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    scale = min(scale, 1.0)
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))   # print is paper too
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    sheet = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(sheet) / float(small.shape[0] * small.shape[1])
    if not MIN_AREA <= area <= MAX_AREA:
        return None
    quad = cv2.approxPolyDP(sheet, 0.02 * cv2.arcLength(sheet, True), True)
    if len(quad) != 4 or not cv2.isContourConvex(quad):
        return None
    inside = np.zeros(small.shape[:2], np.uint8)
    cv2.fillConvexPoly(inside, quad.reshape(-1, 2), 255)
    if float(small[inside > 0].mean()) - float(small[inside == 0].mean()) < MIN_CONTRAST:
        return None
    return _ordered(quad.reshape(4, 2).astype(np.float32) / scale)


def _ordered(points: np.ndarray) -> np.ndarray:
    s, d = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array([points[np.argmin(s)], points[np.argmin(d)], points[np.argmax(s)], points[np.argmax(d)]],
                    np.float32)


def straighten(image: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The sheet alone, as a rectangle as long as its longer opposite edges."""
    import cv2
    tl, tr, br, bl = corners
    width = int(round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))))
    height = int(round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)
