"""pdfplumber's geometry pass without its text pass.

On a table page the chars already come from pdfium (triage reads them for a few microseconds
each); what only pdfplumber gives us is the ruling geometry: lines, rects and curves in page
coordinates. pdfminer's interpreter spends most of a page's time loading fonts (parsing
embedded font programs) and laying out every glyph. This interpreter loads no fonts and
shows no text, so a page's layout holds its paths and images only, and pdfplumber's
`page.lines / rects / curves / edges` work on it as usual. About 3x faster on table pages.
"""
from __future__ import annotations

from pdfminer.pdfinterp import PDFPageInterpreter


class GeometryInterpreter(PDFPageInterpreter):
    """A pdfminer page interpreter that draws paths and images and skips all text."""

    def init_resources(self, resources) -> None:
        if resources and "Font" in resources:
            resources = {key: value for key, value in resources.items() if key != "Font"}
        super().init_resources(resources)

    # Text state and text showing: no font is loaded, nothing is drawn. Paths, the graphics
    # state stack, clipping and form XObjects go through the inherited operators unchanged.
    def do_Tf(self, fontid, fontsize) -> None:
        pass

    def do_TJ(self, seq) -> None:
        pass

    def do_Tj(self, s) -> None:
        pass

    def do__q(self, s) -> None:   # '
        pass

    def do__w(self, aw, ac, s) -> None:   # "
        pass


def load_geometry(page) -> None:
    """Give a pdfplumber page a text-free layout (before anything reads its objects)."""
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    if hasattr(page, "_layout"):
        return
    device = PDFPageAggregatorWithMarkedContent(page.pdf.rsrcmgr, pageno=page.page_number,
                                                laparams=page.pdf.laparams)
    interpreter = GeometryInterpreter(page.pdf.rsrcmgr, device)
    interpreter.process_page(page.page_obj)
    page._layout = device.get_result()
