"""OFD (GB/T 33190) read into RawDocument through the PDF grid builder: text objects as chars,
path objects as rules, image-only pages by OCR."""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from jixiao.extract import extract_document, sniff_format
from jixiao.extract.ofd_reader import delta_list, read_ofd

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_format_fixtures as fx  # noqa: E402

NS = "http://www.ofdspec.org/2016"


def package(path: Path, page: str, template: str | None = None, doc_root: str = "Doc_0/Document.xml") -> Path:
    """A minimal OFD with one page (and optionally a template page)."""
    tpl = ('<ofd:TemplatePage ID="9" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if template else "")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("OFD.xml", f'<ofd:OFD xmlns:ofd="{NS}" Version="1.1" DocType="OFD"><ofd:DocBody>'
                   f'<ofd:DocRoot>{doc_root}</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        z.writestr("Doc_0/Document.xml", f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:PageArea>'
                   f'<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>{tpl}'
                   '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>'
                   '<ofd:Page ID="1" BaseLoc="/Doc_0/Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>')
        z.writestr("Doc_0/PublicRes.xml", f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
                   '<ofd:Font ID="1" FontName="SimSun"/><ofd:Font ID="2" FontName="SimHei" Bold="true"/>'
                   '</ofd:Fonts></ofd:Res>')
        z.writestr("Doc_0/Pages/Page_0/Content.xml", page)
        if template:
            z.writestr("Doc_0/Tpls/Tpl_0/Content.xml", template)
    return path


def text(x: float, y: float, s: str, size: float = 4.0, font: int = 1, ctm: str = "", delta: str = "") -> str:
    width = size * len(s)
    return (f'<ofd:TextObject ID="1" Boundary="{x} {y} {width} {size * 1.3}" Font="{font}" Size="{size}"'
            + (f' CTM="{ctm}"' if ctm else "") + f'><ofd:TextCode X="0" Y="{size}"'
            + (f' DeltaX="{delta}"' if delta else "") + f'>{s}</ofd:TextCode></ofd:TextObject>')


def path_obj(x: float, y: float, w: float, h: float, data: str, extra: str = "") -> str:
    return (f'<ofd:PathObject ID="2" Boundary="{x} {y} {w} {h}" {extra}><ofd:AbbreviatedData>{data}'
            '</ofd:AbbreviatedData></ofd:PathObject>')


def page(*objects: str, template: bool = False) -> str:
    tpl = '<ofd:Template TemplateID="9" ZOrder="Background"/>' if template else ""
    return (f'<ofd:Page xmlns:ofd="{NS}">{tpl}<ofd:Content><ofd:Layer ID="5">{"".join(objects)}'
            '</ofd:Layer></ofd:Content></ofd:Page>')


def test_delta_x_shorthand():
    assert delta_list("g 3 4.5 1 g 2 0.5") == [4.5, 4.5, 4.5, 1.0, 0.5, 0.5]
    assert delta_list("") == []


def test_ruled_table_from_path_objects(tmp_path):
    # a 2 x 3 grid: outer frame as one closed rectangle, inner rules as separate lines; the
    # header drawn by one text object spanning two cells with DeltaX advances (4 mm glyphs,
    # a 36 mm jump over the rule between them); a cell's text scaled by a CTM.
    frame = path_obj(20, 40, 120, 20, "M 0 0 L 120 0 L 120 20 L 0 20 C")
    rules = [path_obj(20, 50, 120, 0, "M 0 0 L 120 0"), path_obj(60, 40, 0, 20, "M 0 0 L 0 20"),
             path_obj(100, 40, 0, 20, "S 0 0 L 0 20")]
    thin_fill = path_obj(19.9, 39.9, 120.2, 0.2, "M 0 0 L 120.2 0 L 120.2 0.2 L 0 0.2 C", 'Fill="true" Stroke="false"')
    cells = [text(22, 42, "分值得分", delta="4 36 4"), text(102, 42, "备注", font=2),
             text(22, 52, "10", ctm="0.5 0 0 0.5 0 0", size=8), text(62, 52, "9.5"), text(102, 52, "无")]
    path = package(tmp_path / "t.ofd", page(frame, *rules, thin_fill, *cells,
                                            text(57.5, 30, "项目支出绩效自评表", size=5)))
    assert sniff_format(path) == "ofd"
    raw = read_ofd(path)
    assert raw.format == "ofd" and raw.pages == 1
    (table,) = raw.tables
    assert table.grid() == [["分值", "得分", "备注"], ["10", "9.5", "无"]]
    assert table.caption == ["项目支出绩效自评表"]
    cell = table.cell_at(1, 0)
    assert cell.page == 1 and cell.x0 == pytest.approx(20 * 72 / 25.4, abs=0.5)


def test_template_page_objects_are_drawn_under_the_page(tmp_path):
    template = page(text(20, 10, "某区财政局文件", size=6))
    path = package(tmp_path / "t.ofd", page(text(20, 60, "正文第一段。"), template=True), template=template)
    raw = extract_document(path)
    assert [b.text for b in raw.blocks] == ["某区财政局文件", "正文第一段。"]


def test_same_grid_as_the_pdf_it_was_converted_from(tmp_path):
    """The fixture converter writes the PDF's glyphs and rules as OFD objects; reading it back
    gives the tables and captions the PDF reader gives for the PDF."""
    from jixiao.extract.pdf_reader import read_pdf

    pdf = DEV / "06_xuanchuan-hulianwang-zhuanxian_lo.pdf"
    ofd = fx.ofd_from_pdf(pdf, tmp_path / "06.ofd")
    a, b = read_pdf(pdf), read_ofd(ofd)
    assert b.pages == a.pages and len(b.tables) == len(a.tables)
    for ta, tb in zip(a.tables, b.tables):
        assert (tb.page_start, tb.page_end) == (ta.page_start, ta.page_end)
        assert tb.caption == ta.caption
        assert [(c.row, c.col, c.row_span, c.col_span, c.page, c.text) for c in tb.cells] == \
               [(c.row, c.col, c.row_span, c.col_span, c.page, c.text) for c in ta.cells]


def test_broken_packages_are_clear_errors(tmp_path):
    from jixiao.extract.errors import CorruptDocument

    no_root = package(tmp_path / "a.ofd", page(), doc_root="")
    with pytest.raises(CorruptDocument, match="DocRoot"):
        read_ofd(no_root)
    bad = tmp_path / "b.ofd"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CorruptDocument, match="zip"):
        extract_document(bad)


@pytest.mark.ocr
def test_image_only_ofd_goes_to_ocr(tmp_path):
    pdf = DEV / "01_jiceng-dangzuzhi-dangjian_lo.pdf"
    path = fx.image_ofd(pdf, tmp_path / "scan.ofd", dpi=150, pages=[0])
    raw = read_ofd(path)
    assert raw.format == "scanned-ofd" and len(raw.tables) == 1
    table = raw.tables[0]
    texts = "".join(c.text for c in table.cells)
    assert "项目名称" in texts and "基层党组织" in texts
    assert all(c.confidence is not None for c in table.cells if c.text)
