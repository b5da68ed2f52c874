"""Page pictures for reviewers: render a PDF page with pypdfium2 (or a scan's image frame), crop
around a cell and outline it.

Coordinates are PDF points with a top-left origin (pdfplumber's x0, top, x1, bottom), the
convention of flags and cells. Rendering is cached per (file, page), so many flags on one page
cost one render. Nothing here raises on a missing or broken file: callers get None and say so.
"""
from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

OUTLINE = (220, 20, 60)          # crimson: visible on black text and on grey table shading
DEFAULT_DPI = 120


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, top-left origin."""
    x0: float
    top: float
    x1: float
    bottom: float

    @classmethod
    def from_values(cls, x0, top, x1, bottom) -> "Box | None":
        """A Box when all four values are finite numbers and the box is not inverted, else None."""
        try:
            values = [float(v) for v in (x0, top, x1, bottom)]
        except (TypeError, ValueError):
            return None
        if any(v != v or v in (float("inf"), float("-inf")) for v in values):  # NaN / inf
            return None
        x0, top, x1, bottom = values
        if x1 < x0 or bottom < top:
            return None
        return cls(x0, top, x1, bottom)


class PageRenderer:
    """Renders pages of PDF files (including scanned PDFs) at one resolution, with a cache."""

    def __init__(self, dpi: int = DEFAULT_DPI, search_dirs: list[Path] | tuple[Path, ...] = ()):
        self.dpi = dpi
        self.search_dirs = [Path(d) for d in search_dirs]
        self._documents: dict[Path, object] = {}
        self._pages: dict[tuple[Path, int], Image.Image | None] = {}
        self._hashes: dict[Path, str] = {}
        self._unpacked = None      # TemporaryDirectory for members of zip archives, made on demand

    # -- files -------------------------------------------------------------------------------
    def resolve(self, source_path: str | None) -> Path | None:
        """The file a documents.source_path names: as given (absolute or relative to the
        working directory), else relative to each search dir, else by file name in them."""
        if not source_path:
            return None
        from jixiao.batch.archives import split_source
        in_archive = split_source(source_path)
        if in_archive is not None:
            return self._member(*in_archive)
        path = Path(source_path)
        candidates = [path]
        for base in self.search_dirs:
            candidates += [base / path, base / path.name]
        for candidate in candidates:
            try:
                if candidate.is_file():
                    return candidate.resolve()
            except OSError:
                continue
        return None

    def _member(self, archive: str, member: str) -> Path | None:
        """A member of a zip archive (documents.source_path `ARCHIVE!MEMBER`), unpacked into a
        folder of this renderer's own."""
        import tempfile

        from jixiao.batch.archives import read_member
        located = self.resolve(archive)
        data = read_member(str(located), member) if located is not None else None
        if data is None:
            return None
        if self._unpacked is None:
            self._unpacked = tempfile.TemporaryDirectory(prefix="jixiao-review-")
        target = Path(self._unpacked.name) / f"{hashlib.sha256(data).hexdigest()[:16]}{Path(member).suffix}"
        if not target.exists():
            target.write_bytes(data)
        return target

    def matches(self, path: Path, doc_id: str | None) -> bool | None:
        """Whether the file's SHA-256 is doc_id (the run's key), None when doc_id is no SHA-256.
        A file changed since the run would show a page that the flag does not describe."""
        if not doc_id or len(str(doc_id)) != 64:
            return None
        if path not in self._hashes:
            digest = hashlib.sha256()
            try:
                with open(path, "rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
                self._hashes[path] = digest.hexdigest()
            except OSError:
                self._hashes[path] = ""
        return self._hashes[path] == str(doc_id).lower()

    def _document(self, path: Path):
        if path not in self._documents:
            try:
                import pypdfium2 as pdfium
                self._documents[path] = pdfium.PdfDocument(str(path))
            except Exception:  # not a PDF, encrypted, truncated...
                self._documents[path] = ImagePages.open(path)
        return self._documents[path]

    def page_count(self, path: Path) -> int | None:
        document = self._document(path)
        return None if document is None else len(document)

    # -- rendering ---------------------------------------------------------------------------
    def page_image(self, path: Path, page: int) -> Image.Image | None:
        """Page `page` (1-based) as an RGB image at self.dpi, or None."""
        key = (path, int(page))
        if key not in self._pages:
            self._pages[key] = self._render(path, int(page))
        return self._pages[key]

    def _render(self, path: Path, page: int) -> Image.Image | None:
        document = self._document(path)
        if document is None or not 1 <= page <= len(document):
            return None
        if isinstance(document, ImagePages):
            return document.render(page, self.dpi)
        try:
            pdf_page = document[page - 1]
            bitmap = pdf_page.render(scale=self.dpi / 72)
            image = bitmap.to_pil().convert("RGB")
            pdf_page.close()
            return image
        except Exception:
            return None

    def page_size_pt(self, path: Path, page: int) -> tuple[float, float] | None:
        document = self._document(path)
        if document is None or not 1 <= page <= len(document):
            return None
        if isinstance(document, ImagePages):
            return document.size_pt(page)
        try:
            return tuple(document[page - 1].get_size())
        except Exception:
            return None

    def crop(self, path: Path, page: int, box: Box, margin_pt: float = 80.0,
             full_width: bool = True, header: Box | None = None,
             header_page: int | None = None) -> Image.Image | None:
        """The part of the page around `box`, with the box outlined.

        full_width keeps the whole page width, so the row label and the column header
        neighbourhood stay visible; vertically the crop extends margin_pt above and below.
        `header` (the table's column-header row on the same page), when it lies above the crop,
        is added as a strip on top, separated by a grey band, so the column names show; it may
        stand on an earlier page (header_page) when the table continues over a page break."""
        image = self.page_image(path, page)
        size = self.page_size_pt(path, page)
        if image is None or size is None:
            return None
        sx, sy = image.width / size[0], image.height / size[1]
        outlined = image.copy()
        outline_box(outlined, (box.x0 * sx, box.top * sy, box.x1 * sx, box.bottom * sy))
        if full_width:
            left, right = 0, image.width
        else:
            left = max(0, int((box.x0 - margin_pt) * sx))
            right = min(image.width, int((box.x1 + margin_pt) * sx) + 1)
        upper = max(0, int((box.top - margin_pt) * sy))
        lower = min(image.height, int((box.bottom + margin_pt) * sy) + 1)
        if right - left < 2 or lower - upper < 2:  # box off the page: show the whole page
            return outlined
        cropped = outlined.crop((left, upper, right, lower))
        header_page = page if header_page is None else header_page
        header_image = image if header_page == page else self.page_image(path, header_page)
        above = header_page < page or (header is not None and header.bottom * sy < upper)
        if header is not None and header_image is not None and above and header.bottom > header.top:
            limit = upper if header_page == page else header_image.height
            strip = header_image.crop((left, max(0, int((header.top - 3) * sy)), min(right, header_image.width),
                                       min(limit, int((header.bottom + 3) * sy) + 1)))
            band = 8
            combined = Image.new("RGB", (cropped.width, strip.height + band + cropped.height), (200, 204, 210))
            combined.paste(strip, (0, 0))
            combined.paste(cropped, (0, strip.height + band))
            combined.info["header_strip"] = True
            return combined
        return cropped

    def thumbnail(self, path: Path, page: int, max_width: int = 760) -> Image.Image | None:
        """The whole page, at most max_width pixels wide (for flags without a cell box)."""
        image = self.page_image(path, page)
        if image is None:
            return None
        if image.width > max_width:
            height = round(image.height * max_width / image.width)
            image = image.resize((max_width, height), Image.LANCZOS)
        return image

    def close(self) -> None:
        for document in self._documents.values():
            try:
                if document is not None:
                    document.close()
            except Exception:
                pass
        self._documents.clear()
        self._pages.clear()
        if self._unpacked is not None:
            self._unpacked.cleanup()
            self._unpacked = None

    def __enter__(self) -> "PageRenderer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class ImagePages:
    """A scan delivered as an image file (JPEG, PNG, multi-page TIFF): its frames as pages,
    sized in points as the extractor sized them (extract.image_reader.frame_dpi), so the boxes
    of cells and flags land where they were read."""

    def __init__(self, image):
        self.image = image
        self._frames: dict[int, tuple] = {}   # page -> (the frame as read, dpi): found once

    @classmethod
    def open(cls, path: Path) -> "ImagePages | None":
        try:
            from jixiao.extract.image_reader import looks_like_image, open_image
            with open(path, "rb") as handle:
                if not looks_like_image(handle.read(16)):
                    return None
            return cls(open_image(path))
        except Exception:  # unreadable: the card says there is no page picture
            return None

    def __len__(self) -> int:
        return getattr(self.image, "n_frames", 1)

    def _frame(self, page: int):
        """(the frame as the extractor read it, its dpi), or None."""
        from jixiao.extract.image_reader import page_frame
        if not 1 <= page <= len(self):
            return None
        if page not in self._frames:
            frame, dpi, _straightened = page_frame(self.image, page)
            self._frames[page] = (frame, dpi)
        return self._frames[page]

    def size_pt(self, page: int) -> tuple[float, float] | None:
        from jixiao.extract.image_reader import page_size_pt
        try:
            found = self._frame(page)
            return None if found is None else page_size_pt(found[0].width, found[0].height, found[1])
        except Exception:
            return None

    def render(self, page: int, dpi: float) -> Image.Image | None:
        try:
            found = self._frame(page)
            if found is None:
                return None
            frame, size = found[0], self.size_pt(page)
            target = (max(1, round(size[0] * dpi / 72)), max(1, round(size[1] * dpi / 72)))
            return frame.convert("RGB").resize(target, Image.LANCZOS)
        except Exception:
            return None

    def close(self) -> None:
        self._frames.clear()
        self.image.close()


def outline_box(image: Image.Image, box_px: tuple[float, float, float, float],
                color: tuple[int, int, int] = OUTLINE, width: int = 3, pad: int = 3) -> None:
    """Draw a rectangle around box_px (pixels), padded so it does not cover the cell's text."""
    x0, top, x1, bottom = box_px
    draw = ImageDraw.Draw(image)
    draw.rectangle((x0 - pad, top - pad, x1 + pad, bottom + pad), outline=color, width=width)


def to_data_uri(image: Image.Image, fmt: str = "PNG", quality: int = 75) -> str:
    """A data: URI of the image; PNG is quantised (rendered text needs few colours)."""
    buffer = io.BytesIO()
    if fmt.upper() == "PNG":
        image.convert("RGB").quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(
            buffer, format="PNG", compress_level=6)
        mime = "image/png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=quality, optimize=True)
        mime = "image/jpeg"
    return f"data:{mime};base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
