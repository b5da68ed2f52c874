"""The caption of a table in a flowing document (DOCX, HTML, a sheet's rows): the short lines
standing right before it in reading order (title, `（2024年度）`, `单位：万元`)."""
from __future__ import annotations

from .model import TableRef

CAPTION_MAX_CHARS = 60


def caption_before(blocks: list, max_lines: int = 3, max_chars: int = CAPTION_MAX_CHARS) -> list[str]:
    """Up to `max_lines` short lines before the table, in document order; a long line, an empty
    line above the caption, another table or the title line (…自评表, 评分表: the caption's
    top) ends it."""
    lines: list[str] = []
    for block in reversed(blocks):
        if isinstance(block, TableRef):
            break
        text = block.text.strip()
        if not text:
            if lines:   # an empty paragraph above the caption ends it
                break
            continue
        if len(text) > max_chars or len(lines) >= max_lines:
            break
        lines.insert(0, text)
        if "表" in text:
            break
    return lines
