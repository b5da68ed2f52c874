"""What an extractor hands on: tables as grids of cells with geometry, and text in reading order.

Nothing here knows the output schema. Geometry follows pdfplumber: PDF points, origin top-left,
(x0, top, x1, bottom). DOCX has no geometry, so those fields stay None.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator


UNREAD = "□"   # CharRead.gap_before entry: a character stood here that the recogniser did not emit


@dataclass
class CharRead:
    """One character as the OCR recogniser read it: its probability, the other readings of
    its step ('' = the step may hold no character) and characters half seen in the blanks
    before it (a glyph the recogniser nearly emitted, or cannot emit at all)."""
    ch: str
    p: float
    alts: list[tuple[str, float]] = field(default_factory=list)
    gap_before: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class OcrDetail:
    """What the OCR reader saw in one cell: the evidence a later stage checks the text with."""
    raw: str                                   # the recogniser's text, before the reader's own fixes
    # per character of Cell.text: its reading, None where the character did not come from
    # the recogniser as is (a fix, a cleaned glyph, a re-read joined from pieces)
    chars: list[CharRead | None] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)   # what the reader changed in raw, and why
    # the leading glyph compared with symbol shapes (scan_symbols): {char: match score}
    lead_shapes: dict[str, float] = field(default_factory=dict)


@dataclass
class Cell:
    """One logical cell; a merged cell is one Cell with row_span/col_span > 1 at its top-left."""
    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    page: int | None = None          # 1-based
    x0: float | None = None
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
    confidence: float | None = None  # OCR mean confidence 0..1; None for text-layer sources
    ocr: OcrDetail | None = None     # OCR cells only: the reading behind `text`
    text_raw: str | None = None      # set when a later stage corrected `text`: what was read
    correction: str | None = None    # ... and why it was corrected
    # Further boxes of this logical cell on other pages: (page, x0, top, x1, bottom) of the
    # pieces a page break cut off (a split row, a merged label running over the break).
    continued: list[tuple[int, float, float, float, float]] = field(default_factory=list)
    # Spreadsheets have no pages: a cell is found again by its sheet and A1 reference ("C7",
    # "C7:E7" for a merged range). hidden: the row or column is hidden in the workbook (kept,
    # as the printed table may not show it).
    sheet: str | None = None
    ref: str | None = None
    hidden: bool = False


@dataclass
class Table:
    """A logical table: one grid even when the printed table runs over several pages."""
    cells: list[Cell]
    n_rows: int
    n_cols: int
    page_start: int | None = None
    page_end: int | None = None
    # Text lines printed just above the table (title, "(2024 年度)"), nearest last.
    caption: list[str] = field(default_factory=list)
    sheet: str | None = None        # the worksheet it was read from (spreadsheets)
    # False for a table read from text alignment (三线表, borderless): its cell boxes follow the
    # text, so two readings of the same glyphs may place them a fraction of a point apart.
    ruled: bool = True

    def grid(self, fill_merged: bool = False) -> list[list[str]]:
        """Rows of cell text; a merged cell's text sits at its top-left slot, other slots ''
        (or its text repeated when fill_merged)."""
        rows = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.row + cell.row_span, self.n_rows)):
                for c in range(cell.col, min(cell.col + cell.col_span, self.n_cols)):
                    if (r, c) == (cell.row, cell.col) or fill_merged:
                        rows[r][c] = cell.text
        return rows

    def cell_at(self, row: int, col: int) -> Cell | None:
        """The cell covering grid slot (row, col), merged or not."""
        for cell in self.cells:
            if cell.row <= row < cell.row + cell.row_span and cell.col <= col < cell.col + cell.col_span:
                return cell
        return None

    def rows(self) -> Iterator[list[Cell]]:
        """Cells grouped by the row they start in, left to right."""
        by_row: dict[int, list[Cell]] = {}
        for cell in self.cells:
            by_row.setdefault(cell.row, []).append(cell)
        for r in range(self.n_rows):
            yield sorted(by_row.get(r, []), key=lambda c: c.col)


@dataclass
class TextBlock:
    """A paragraph (DOCX) or a line of text outside any table (PDF), in reading order."""
    text: str
    page: int | None = None
    x0: float | None = None
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
    style: str | None = None       # DOCX paragraph style name, e.g. "Heading 2"
    size: float | None = None      # font size in points where known
    bold: bool | None = None
    outline_level: int | None = None  # DOCX w:outlineLvl (0 = top), from the paragraph or its style
    # Typeface family of most of the text (DOCX east-asian font, PDF font name without subset
    # prefix and weight): 黑体 / 楷体 headings at the body size differ from the body only by it.
    font: str | None = None
    # A run-in heading: the leading text set in bold (DOCX: or in another font) while the rest of
    # the paragraph or line is not, e.g. `1.项目资金到位情况分析。` of `1.项目资金到位情况分析。2022年…`.
    lead: str | None = None
    # OCR lines: mean stroke width / ink height, and ink / area (scan_type), what `bold` is
    # decided from per document
    stroke: float | None = None
    density: float | None = None


@dataclass
class TableRef:
    """Marks where a table stands in the reading order: index into RawDocument.tables."""
    index: int
    page: int | None = None


@dataclass
class RawDocument:
    path: str
    format: str                     # pdf, docx, doc, wps, scanned-pdf, xlsx, xls, et, ods, html, mhtml, ofd, image
    pages: int | None               # None for docx, spreadsheets and HTML
    blocks: list[TextBlock | TableRef] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # Problems that did not stop extraction (a page that failed, a table half read); they
    # make the document `partial`.
    warnings: list[str] = field(default_factory=list)
    # What the reader did that a reviewer may want to know but that lost nothing (a blank page,
    # a page scanned sideways and turned upright); they leave the status `ok`.
    notes: list[str] = field(default_factory=list)
    page_sizes: list[tuple[float, float]] = field(default_factory=list)  # (width, height) per page
    glyphs_read: int = 0            # text-layer chars that did not decode, read by OCR (ocr_glyphs)

    def text_blocks(self) -> list[TextBlock]:
        return [b for b in self.blocks if isinstance(b, TextBlock)]


@dataclass
class PageContent:
    """What one page yields before tables are stitched across pages. Both the text-layer
    reader and the OCR reader produce this, so stitching and everything after is shared."""
    page: int                        # 1-based
    width: float
    height: float
    tables: list[Table] = field(default_factory=list)     # top to bottom; page_start == page_end == page
    blocks: list[TextBlock] = field(default_factory=list)  # text outside tables, reading order
    ocr: bool = False                # text came from OCR (no text layer)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)        # see RawDocument.notes
    # One-column ruled grids (full-width rows, or a framed paragraph). Their text stays in
    # `blocks`; one becomes a table part only where it carries on a table from the page before.
    boxes: list[Table] = field(default_factory=list)
