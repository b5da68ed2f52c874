"""Normalize stage: RawDocument -> NormalizedDocument (records of docs/SCHEMA.md)."""
from __future__ import annotations

# From the checkout root this folder is also importable as plain `normalize`: a second copy of
# every class, and isinstance checks that silently fail across the two. Refuse it.
if __name__ != "jixiao.normalize":
    raise ImportError(f"import jixiao.normalize, not {__name__} (the stages live in the jixiao namespace)")

from jixiao.extract.model import RawDocument

from .records import NormalizedDocument, TableCell

__all__ = ["normalize_document"]


def normalize_document(raw: RawDocument, doc_id: str) -> NormalizedDocument:
    from .classify import classify_table
    from .cut_rows import join_cut_header
    from .facts import extract_facts
    from .ocr_correct import correct_document
    from .panels import normalize_panel
    from .sections import build_sections
    from .self_eval import normalize_self_eval
    from .split_tables import glue, split_groups

    doc = NormalizedDocument(doc_id=doc_id)
    # OCR readings checked against the document and the vocabulary before anything is mapped
    doc.ocr_corrections = len(correct_document(raw))
    raw_kinds = [classify_table(table) for table in raw.tables]
    # a 自评表 printed as two tables (split above its indicator block) is read as one
    groups = split_groups(raw, raw_kinds)
    tables = [glue([raw.tables[i] for i in group]) for group in groups]
    kinds = [raw_kinds[group[0]] for group in groups]
    # a header row a page break cut in two (年初预 / 算数) is one row again
    tables = [join_cut_header(t) if k == "self_eval" else t for t, k in zip(tables, kinds)]
    # SCHEMA: self-evaluation tables are numbered first, in document order; the rest continue.
    order = ([i for i, k in enumerate(kinds) if k == "self_eval"]
             + [i for i, k in enumerate(kinds) if k != "self_eval"])
    index_of = {i: table_index for table_index, i in enumerate(order)}
    for i in order:
        table, kind, table_index = tables[i], kinds[i], index_of[i]
        raw_i = groups[i][0]
        doc.cells += [TableCell(table_index, kind, c.row, c.col, c.row_span, c.col_span, c.text,
                                c.page, c.x0, c.top, c.x1, c.bottom, c.confidence,
                                sheet=c.sheet, ref=c.ref, hidden=c.hidden if c.sheet else None,
                                text_raw=c.text_raw, correction=c.correction)
                      for c in table.cells]
        if kind == "self_eval":
            project = normalize_self_eval(table, table_index, context=_lines_before(raw, raw_i))
            doc.projects.append(project)
            if project.unmapped_columns:
                doc.warnings.append(f"表 {table_index}: 未识别的列 unrecognised columns kept only in cells: "
                                    + ", ".join(project.unmapped_columns))
        elif kind in ("panel_scores", "indicator_system"):
            doc.panel_scores += normalize_panel(table, table_index, kind)
    doc.sections = build_sections(raw.blocks, raw.tables)
    doc.facts = extract_facts(doc.sections, doc.projects, doc_id)
    return doc


CONTEXT_LINES, CONTEXT_MAX_CHARS = 3, 60


def _lines_before(raw: RawDocument, raw_i: int) -> list[str]:
    """The short lines standing right before table raw_i in reading order (title, year line,
    `单位：万元`), in document order — what the reader's caption may have missed (a right-aligned
    unit line under the title stops a PDF caption). Stops at a long paragraph or another table."""
    from jixiao.extract.model import TableRef, TextBlock

    for k, block in enumerate(raw.blocks):
        if isinstance(block, TableRef) and block.index == raw_i:
            out: list[str] = []
            for prev in reversed(raw.blocks[:k]):
                if not isinstance(prev, TextBlock):
                    break
                text = (prev.text or "").strip()
                if not text:
                    continue
                if len(text) > CONTEXT_MAX_CHARS or len(out) >= CONTEXT_LINES:
                    break
                out.append(text)
            return list(reversed(out))
    return []
