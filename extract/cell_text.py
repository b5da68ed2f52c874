"""Joining the pieces of one cell's text (its paragraphs, lines, rich-text runs), shared by the
DOCX, spreadsheet and HTML readers."""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def join_pieces(pieces: list[str]) -> str:
    """Join paragraph texts of one cell: no space next to CJK text, one space between Latin words."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(piece[0])):
            out += " "
        out += piece
    return out
