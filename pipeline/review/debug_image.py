"""Draw what the PDF extractor saw on one page: cell boxes, (row, col) indices and, when the
normaliser is available, the field each cell was mapped to and the column role of every header
cell (green with its role; an unplaced header and its column in a warning colour). Like pdfplumber's
debug_tablefinder, but for the logical (stitched, merged) grid this project hands on."""
from __future__ import annotations

from pathlib import Path

CJK_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
COLOURS = [(220, 40, 40), (30, 110, 220), (20, 150, 60), (200, 120, 0), (150, 40, 180)]


def _font(size: int):
    from PIL import ImageFont
    for path in CJK_FONTS:
        if Path(path).exists():
            try:
                return ImageFont.truetype(path, size)
            except OSError:
                continue
    return ImageFont.load_default()


ROLE_COLOUR = (20, 150, 60)       # a header cell placed in a column role
UNPLACED_COLOUR = (255, 120, 0)   # a header nobody placed: its column is kept only in cells


def _projects(raw) -> list[tuple[int, object]]:
    """(table index in raw.tables, Project) for every self-evaluation table the normaliser reads;
    [] when the normaliser is not installed or fails."""
    try:
        from jixiao.normalize.classify import classify_table
        from jixiao.normalize.self_eval import normalize_self_eval
    except Exception:
        return []
    out = []
    for index, table in enumerate(raw.tables):
        try:
            if classify_table(table) == "self_eval":
                out.append((index, normalize_self_eval(table, index)))
        except Exception:
            continue
    return out


def field_names(raw, projects=None) -> dict[tuple[int, int, int], str]:
    """(table index in raw.tables, row, col) -> mapped field name, via the normaliser when it
    is installed and works; {} otherwise."""
    out: dict[tuple[int, int, int], str] = {}
    for index, project in (_projects(raw) if projects is None else projects):
        holders = [("", project)]
        holders += [(f"funding.{getattr(f, 'source', '')}.", f) for f in getattr(project, "funding", [])]
        holders += [(f"ind{getattr(i, 'seq', '')}.", i) for i in getattr(project, "indicators", [])]
        for prefix, holder in holders:
            for name, ref in (getattr(holder, "refs", None) or {}).items():
                out[(index, ref.row, ref.col)] = prefix + name
    return out


def column_roles(raw, projects=None) -> dict[tuple[int, int, int], str | None]:
    """(table index, row, col) of every header cell -> the column role it was given (None:
    unplaced)."""
    out: dict[tuple[int, int, int], str | None] = {}
    for index, project in (_projects(raw) if projects is None else projects):
        for head in getattr(project, "header_cells", []):
            out[(index, head.ref.row, head.ref.col)] = head.role
    return out


def _draw_roles(draw, table, index: int, page: int, roles: dict, scale: float, font) -> None:
    """Header cells filled by role: green with the role's name, or the warning colour with
    `未识别 unplaced`, the whole column under an unplaced header outlined in that colour."""
    width = max(2, int(1.5 * scale))
    for cell in table.cells:
        key = (index, cell.row, cell.col)
        if key not in roles or cell.page != page or cell.x0 is None:
            continue
        role = roles[key]
        colour = ROLE_COLOUR if role else UNPLACED_COLOUR
        box = [cell.x0 * scale, cell.top * scale, cell.x1 * scale, cell.bottom * scale]
        draw.rectangle(box, fill=colour + (70,), outline=colour + (255,), width=width)
        text = f"→ {role}" if role else "未识别 unplaced"
        draw.text((box[0] + 2, box[3] - font.size - 2), text, fill=colour + (255,), font=font)
        if role:
            continue
        for below in table.cells:        # the unplaced column, down to the end of the table part
            if below.row > cell.row and below.col == cell.col and below.page == page and below.x0 is not None:
                draw.rectangle([below.x0 * scale, below.top * scale, below.x1 * scale, below.bottom * scale],
                               outline=UNPLACED_COLOUR + (255,), width=width)


def _read_with_picture(path, page: int, password: str | None, scale: float):
    """(RawDocument, RGB picture of page `page` at `scale` pixels per point) of a PDF or a scan
    delivered as an image file (its frame as it was read: turned, straightened)."""
    from jixiao.extract import sniff_format
    if sniff_format(path) == "image":
        from jixiao.extract.image_reader import open_image, page_frame, page_size_pt, read_image
        raw = read_image(path)
        _check_page(raw, page)
        with open_image(path) as img:
            frame, dpi, _ = page_frame(img, page)
            w_pt, h_pt = page_size_pt(frame.width, frame.height, dpi)
            return raw, frame.resize((round(w_pt * scale), round(h_pt * scale)))
    import pypdfium2 as pdfium

    from jixiao.extract.pdf_reader import read_pdf
    raw = read_pdf(path, password=password)
    _check_page(raw, page)
    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        return raw, pdf[page - 1].render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()


def _check_page(raw, page: int) -> None:
    if not 1 <= page <= (raw.pages or 0):
        raise ValueError(f"page {page} out of range 1..{raw.pages}")


def render_debug(pdf_path, page: int, out_png, password: str | None = None, scale: float = 2.0,
                 fields: bool = True) -> tuple[int, int]:
    """Write a PNG of page `page` (1-based) of a PDF or an image scan with the detected grid
    drawn over it; returns the image size in pixels."""
    from PIL import ImageDraw

    raw, image = _read_with_picture(pdf_path, page, password, scale)
    projects = _projects(raw) if fields else []
    names = field_names(raw, projects)
    roles = column_roles(raw, projects)
    draw = ImageDraw.Draw(image, "RGBA")
    small = _font(max(9, int(5 * scale)))
    bold = _font(max(10, int(6 * scale)))
    for index, table in enumerate(raw.tables):
        colour = COLOURS[index % len(COLOURS)]
        for cell in table.cells:
            if cell.page != page or cell.x0 is None:
                continue
            box = [cell.x0 * scale, cell.top * scale, cell.x1 * scale, cell.bottom * scale]
            draw.rectangle(box, outline=colour + (255,), width=max(1, int(scale)))
            if cell.row_span > 1 or cell.col_span > 1:
                draw.rectangle(box, fill=colour + (28,))
            label = f"{cell.row},{cell.col}"
            if cell.row_span > 1 or cell.col_span > 1:
                label += f" {cell.row_span}x{cell.col_span}"
            name = names.get((index, cell.row, cell.col))
            if name:
                label += f" {name}"
            draw.text((box[0] + 2, box[1] + 1), label, fill=colour + (255,), font=small)
        for cell in table.cells:
            for piece_page, x0, top, x1, bottom in cell.continued:
                if piece_page != page:
                    continue
                box = [x0 * scale, top * scale, x1 * scale, bottom * scale]
                draw.rectangle(box, outline=colour + (160,), width=max(1, int(scale)))
                draw.text((box[0] + 2, box[1] + 1), f"cont. {cell.row},{cell.col}", fill=colour + (255,), font=small)
        _draw_roles(draw, table, index, page, roles, scale, bold)
        parts = [c for c in table.cells if c.page == page and c.x0 is not None]
        if parts:
            x0 = min(c.x0 for c in parts) * scale
            top = min(c.top for c in parts) * scale
            draw.text((x0, max(0, top - 7 * scale)),
                      f"table {index}  pages {table.page_start}-{table.page_end}  {table.n_rows}x{table.n_cols}",
                      fill=colour + (255,), font=small)
    Path(out_png).parent.mkdir(parents=True, exist_ok=True)
    image.save(out_png)
    return image.size
