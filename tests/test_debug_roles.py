"""`jixiao debug` draws the column roles the normaliser gave each header cell: placed ones in
green with their role, an unplaced header and its column in the warning colour."""
from __future__ import annotations

from PIL import Image, ImageDraw

from jixiao.extract.model import RawDocument
from jixiao.review.debug_image import ROLE_COLOUR, UNPLACED_COLOUR, _draw_roles, _font, column_roles
from test_self_eval_fixtures import make_table

ROWS = [
    ["项目名称", "<", "某项目", "<", "<", "<", "<", "<"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["^", "年度资金总额", "10", "10", "10", "10", "100%", "10"],
    ["一级指标", "二级指标", "三级指标", "指标值", "完成值", "分值", "得分", "责任科室"],
    ["产出指标", "数量指标", "培训人次", "1000", "1200", "90", "90", "办公室"],
]


def _centre(table, row, col, scale):
    cell = table.cell_at(row, col)
    return int((cell.x0 + cell.x1) / 2 * scale), int((cell.top + cell.bottom) / 2 * scale)


def _tint(pixel, colour) -> bool:
    """A white pixel under a translucent fill of `colour` moves towards it."""
    return all(abs(p - (255 + (c - 255) * 70 / 255)) < 12 for p, c in zip(pixel, colour))


def test_column_roles_and_their_colours():
    table = make_table(ROWS, ["项目支出绩效自评表"], page=1)
    raw = RawDocument(path="x.pdf", format="pdf", pages=1, tables=[table])
    roles = column_roles(raw)
    assert roles[(0, 1, 2)] == "budget_initial" and roles[(0, 3, 5)] == "weight"
    assert roles[(0, 3, 7)] is None                                   # 责任科室
    scale = 2.0
    image = Image.new("RGB", (1200, 400), "white")
    draw = ImageDraw.Draw(image, "RGBA")
    _draw_roles(draw, table, 0, 1, roles, scale, _font(12))
    x, y = _centre(table, 3, 7, scale)
    assert _tint(image.getpixel((x, y - 8)), UNPLACED_COLOUR)
    x, y = _centre(table, 3, 5, scale)
    assert _tint(image.getpixel((x, y - 8)), ROLE_COLOUR)
    cell = table.cell_at(4, 7)                                        # the unplaced column below, outlined
    assert image.getpixel((int(cell.x0 * scale) + 1, int((cell.top + cell.bottom) / 2 * scale)))[:3] == UNPLACED_COLOUR
