"""OUT/review.html: one self-contained page (inline CSS and JS, images as data: URIs) with a
card per flag and filters by severity, rule and department.

For a PDF the card shows the page around the flagged cell with the cell outlined in red (the
flag's bbox, else the cell's box from the cells table); for a document without geometry
(docx) it shows the neighbouring rows of the table from the cells table, the flagged cell
marked. All document text is escaped with html.escape. The page's script also applies
filters given in the query string on load: ?severity=error,warning&rule=...&competent=...
&unit=...&q=text.
"""
from __future__ import annotations

import datetime as _dt
import html
import json
from collections import Counter
from pathlib import Path

import pandas as pd

from ..batch.runner import IMAGE_SUFFIXES
from .cells import CellIndex
from .page_images import Box, PageRenderer, to_data_uri
from .tables import as_int, as_text, clean, severity_rank

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
RULE_LABEL = {
    "exec_rate_mismatch": "执行率与执行数/预算数不符",
    "overspend": "执行数超过预算数",
    "budget_score_mismatch": "预算执行得分与执行率不符",
    "weight_sum_mismatch": "分值合计与总分不符",
    "score_sum_mismatch": "得分合计与总得分不符",
    "score_exceeds_weight": "得分超过分值",
    "funding_sum_mismatch": "资金来源合计与总额不符",
    "narrative_overspend": "正文所述支出超过预算",
    "grade_mismatch": "评价等级与得分不符",
    "panel_sum_mismatch": "专家评分合计不符",
    "missing_field": "缺少必填内容",
    "indicator_score_mismatch": "指标得分与完成比例不符",
    "target_missed_full_score": "未达指标值却得满分",
    "operator_inconsistent": "超出指标上限却按完成计分",
    "ocr_low_confidence": "扫描识别置信度低，请核对原件",
    "duplicate_project_conflict": "同一项目在多张表中数据冲突",
    "department_total_mismatch": "部门合计小于各自评表之和",
}


def rule_descriptions() -> dict[str, str]:
    """What each rule recomputes, from the validator's catalog when it is importable."""
    try:
        from jixiao.validate.catalog import CATALOG
    except Exception:  # the review must work on any output folder, even without validate/
        return {}
    return {info.id: f"{info.recomputes}（容差 tolerance: {info.tolerance}）" for info in CATALOG}


PROJECT_FIGURES = [
    ("年初预算数", "budget_initial"), ("全年预算数", "budget_adjusted"), ("全年执行数", "executed"),
    ("执行率(印刷)", "exec_rate_stated_raw"), ("预算执行分值", "budget_weight"),
    ("预算执行得分", "budget_score"), ("总分值", "total_weight_stated"), ("总得分", "total_score_stated"),
]
CONTEXT_ROWS = 2          # rows shown above and below the flagged cell (docx)
CELL_TEXT_MAX = 80


def esc(value) -> str:
    return html.escape(as_text(value), quote=True)


def flag_box(flag: dict, cell: dict | None) -> tuple[int | None, Box | None]:
    """(page, box) of the flagged cell: the flag's own bbox first, then its cell's."""
    page = as_int(flag.get("page"))
    box = Box.from_values(flag.get("x0"), flag.get("top"), flag.get("x1"), flag.get("bottom"))
    if box is None and cell is not None:
        box = Box.from_values(cell.get("x0"), cell.get("top"), cell.get("x1"), cell.get("bottom"))
        if box is not None and as_int(cell.get("page")) is not None:
            page = as_int(cell.get("page"))
    if page is None and cell is not None:
        page = as_int(cell.get("page"))
    return page, box


def header_box(flag: dict, page: int, index: CellIndex) -> tuple[int | None, Box | None]:
    """(page, box) of the column-header row above the flagged row in the cells table (on this
    page or, for a table continued over a page break, an earlier one), for the strip on top of
    a PDF crop; (None, None) when there is none."""
    doc_id, table_index, row = flag.get("doc_id"), as_int(flag.get("table_index")), as_int(flag.get("row"))
    if row is None:
        return None, None
    header_row = index.header_row_above(doc_id, table_index, row)
    if header_row is None:
        return None, None
    cells = [(as_int(c.get("page")), c) for c in index.records(doc_id, table_index) if c["row"] == header_row]
    cells = [(p, c) for p, c in cells
             if p is not None and Box.from_values(c.get("x0"), c.get("top"), c.get("x1"), c.get("bottom"))]
    if not cells:
        return None, None
    pages = [p for p, _ in cells]
    header_page = max(set(pages), key=pages.count)
    if header_page > page:
        return None, None
    cells = [c for p, c in cells if p == header_page]
    single = [c for c in cells if (as_int(c.get("row_span")) or 1) <= 1]
    cells = single or cells   # a label merged down the rows would stretch the strip
    box = Box.from_values(min(float(c["x0"]) for c in cells), min(float(c["top"]) for c in cells),
                          max(float(c["x1"]) for c in cells), max(float(c["bottom"]) for c in cells))
    return header_page, box


def _has_pages(flag: dict, path: Path | None) -> bool:
    """A PDF, or a scan delivered as an image: page pictures can be shown."""
    fmt = as_text(flag.get("format")).lower()
    return path is not None and (path.suffix.lower() in (".pdf",) + IMAGE_SUFFIXES or "pdf" in fmt
                                 or fmt == "image")


def picture_html(flag: dict, cell: dict | None, renderer: PageRenderer | None, index: CellIndex) -> str:
    """The evidence block of a card: page crop, page thumbnail, or cell context."""
    path = renderer.resolve(clean(flag.get("source_path"))) if renderer is not None else None
    page, box = flag_box(flag, cell)
    if renderer is not None and _has_pages(flag, path) and page is not None:
        if renderer.matches(path, clean(flag.get("doc_id"))) is False:
            return (f'<p class="note">文件 {esc(path)} 与本次运行读取的文件内容不同（SHA-256 不符），'
                    f'不显示截图以免误导；请用 --source-root 指向原文件。</p>') + context_html(flag, cell, index)
        if box is not None:
            header_page, header = header_box(flag, page, index)
            image = renderer.crop(path, page, box, header=header, header_page=header_page)
            if image is not None:
                guessed = " (按印刷值在表格中查找到的单元格)" if cell is not None and cell.get("_guessed") \
                    and Box.from_values(flag.get("x0"), flag.get("top"), flag.get("x1"), flag.get("bottom")) is None else ""
                strip = ""
                if image.info.get("header_strip"):
                    strip = f"；灰线上方为该表表头（第 {header_page} 页）"
                return (f'<figure class="crop"><img alt="第 {page} 页截图" src="{to_data_uri(image)}">'
                        f'<figcaption>第 {page} 页，红框为标记的单元格{esc(guessed)}{esc(strip)}</figcaption></figure>')
        image = renderer.thumbnail(path, page)
        if image is not None:
            return (f'<figure class="page"><img alt="第 {page} 页" src="{to_data_uri(image, "JPEG")}">'
                    f'<figcaption>第 {page} 页（无单元格坐标，显示整页）</figcaption></figure>')
    context = context_html(flag, cell, index)
    if context:
        return context
    if renderer is not None and clean(flag.get("source_path")) and path is None and _has_pages(flag, Path(str(flag.get("source_path")))):
        return f'<p class="note">找不到原文件 {esc(flag.get("source_path"))}，无法显示页面截图。</p>'
    return ""


def sheet_ref(cell: dict | None) -> str:
    """`工作表「自评表」C7`: where a spreadsheet cell is found again (its cells carry the sheet
    name and A1 reference instead of a page); '' for other documents."""
    if not cell or not as_text(cell.get("sheet")):
        return ""
    ref = as_text(cell.get("ref"))
    return f"工作表「{as_text(cell.get('sheet'))}」{ref.split(':')[0] if ref else ''}"


def context_html(flag: dict, cell: dict | None, index: CellIndex) -> str:
    """Rows around the flagged cell from the cells table, as an HTML table laid out on the
    table's grid (merged cells spanning into the shown rows are drawn, dimmed, so columns
    stay aligned), with the nearest header row above."""
    if cell is None:
        return ""
    row, col = as_int(cell.get("row")), as_int(cell.get("col"))
    if row is None:
        return ""
    doc_id, table_index = flag.get("doc_id"), as_int(flag.get("table_index"))
    records = index.grid(doc_id, table_index)
    if not records:
        return ""
    lo, hi = max(0, row - CONTEXT_ROWS), row + CONTEXT_ROWS
    hi = min(hi, max(r for r, _, _, _, _ in records))
    header_row = index.header_row_above(doc_id, table_index, lo)
    segments = ([(header_row, header_row)] if header_row is not None else []) + [(lo, hi)]
    if header_row is not None and header_row == lo - 1:
        segments = [(header_row, hi)]
    n_cols = max(c + cs for _, c, _, cs, _ in records)
    lines = []
    for k, (a, b) in enumerate(segments):
        if k:
            lines.append(f'<tr class="gap"><th>⋮</th><td colspan="{n_cols}"></td></tr>')
        rows: dict[int, list[tuple[int, str]]] = {r: [] for r in range(a, b + 1)}
        covered = {r: set() for r in range(a, b + 1)}
        for r0, c0, rs, cs, text in records:
            start, stop = max(r0, a), min(r0 + rs - 1, b)
            if start > stop:
                continue
            if any(cc in covered[start] for cc in range(c0, c0 + cs)):
                continue  # overlapping cells in a damaged grid: keep the first
            for r in range(start, stop + 1):
                covered[r].update(range(c0, c0 + cs))
            if len(text) > CELL_TEXT_MAX:
                text = text[:CELL_TEXT_MAX] + "…"
            classes = []
            if r0 == row and c0 == col:
                classes.append("hit")
            if r0 < a:
                classes.append("cont")      # merged cell that starts above the shown rows
            attrs = f' colspan="{cs}"' if cs > 1 else ""
            attrs += f' rowspan="{stop - start + 1}"' if stop > start else ""
            attrs += f' class="{" ".join(classes)}"' if classes else ""
            rows[start].append((c0, f"<td{attrs}>{html.escape(text)}</td>"))
        for r in range(a, b + 1):
            for c in range(n_cols):            # holes in the grid: empty cells keep columns aligned
                if c not in covered[r]:
                    rows[r].append((c, "<td></td>"))
            css = ' class="head"' if r == header_row else ""
            tds = "".join(td for _, td in sorted(rows[r], key=lambda item: item[0]))
            lines.append(f'<tr{css}><th>{r + 1}</th>{tds}</tr>')
    where = f"第 {(as_int(flag.get('table_index')) or 0) + 1} 张表，第 {row + 1} 行第 {(col or 0) + 1} 列"
    if sheet_ref(cell):
        where = f"{sheet_ref(cell)}，{where}"
    return (f'<div class="context"><div class="ctx-title">原表内容（{esc(where)}，标记的单元格加框）</div>'
            f'<table class="ctx">{"".join(lines)}</table></div>')


def figures_html(project: dict | None, open_: bool = False) -> str:
    """The project's key figures; unfolded when the card has no other evidence to show."""
    if not project:
        return ""
    cells = []
    for label, column in PROJECT_FIGURES:
        value = project.get(column)
        if clean(value) is not None:
            cells.append(f"<tr><th>{esc(label)}</th><td>{esc(value)}</td></tr>")
    if not cells:
        return ""
    return (f'<details class="figures"{" open" if open_ else ""}><summary>项目主要数据</summary>'
            f'<table>{"".join(cells)}</table></details>')


LOW_CONFIDENCE = 0.80   # as validate/defaults.toml settings.low_confidence


def ocr_note_html(flag: dict, cell: dict | None) -> str:
    """For a flag on a cell read by OCR: say when the reading was uncertain (the crop above
    shows what was printed) and when normalize corrected it (what was read, and why)."""
    if cell is None:
        return ""
    conf = cell.get("confidence")
    conf = None if conf is None or conf != conf else float(conf)
    raw, why = clean(cell.get("text_raw")), clean(cell.get("correction"))
    parts = []
    if (conf is not None and conf < LOW_CONFIDENCE) or bool(flag.get("uncertain")):
        parts.append(f"扫描识别不确定：本格读作“{esc(cell.get('text'))}”"
                     + (f"，识别置信度 {conf:.2f}" if conf is not None else "") + "，请以截图为准")
    if raw is not None:
        parts.append(f"识别原文“{esc(raw)}”已更正：{esc(why)}")
    if not parts:
        return ""
    return f'<p class="ocr-uncertain">{"；".join(parts)}。</p>'


def card_html(n: int, flag: dict, project: dict | None, picture: str, description: str = "",
              cell: dict | None = None) -> str:
    severity = as_text(flag.get("severity")).lower() or "unknown"
    rule = as_text(flag.get("rule"))
    page = as_int(flag.get("page"))
    competent, unit = as_text(flag.get("competent_dept")), as_text(flag.get("implementing_unit"))
    project_name = as_text(flag.get("project_name")) or ("（文件层面）" if clean(flag.get("project_id")) is None else "（未知项目）")
    stated, expected = as_text(flag.get("stated")), as_text(flag.get("expected"))
    location = [esc(flag.get("file")) or "（未知文件）"]
    if page is not None:
        location.append(f"第 {page} 页")
    ti, row, col = as_int(flag.get("table_index")), as_int(flag.get("row")), as_int(flag.get("col"))
    if sheet_ref(cell):
        location.append(esc(sheet_ref(cell)))
    if ti is not None:
        location.append(f"第 {ti + 1} 张表" + (f" 第 {row + 1} 行" if row is not None else "")
                        + (f" 第 {col + 1} 列" if col is not None else ""))
    values = ""
    if stated or expected:
        values = (f'<div class="values"><span class="stated"><b>印刷值</b> {esc(stated) or "—"}</span>'
                  f'<span class="arrow">→</span><span class="expected"><b>重算值</b> {esc(expected) or "—"}</span></div>')
    depts = " · ".join(esc(d) for d in (competent, unit) if d)
    rule_label = RULE_LABEL.get(rule, "")
    return f"""<article class="card sev-{esc(severity)}" id="flag-{n}" data-severity="{esc(severity)}" data-rule="{esc(rule)}" data-competent="{esc(competent)}" data-unit="{esc(unit)}">
<header><span class="badge">{esc(SEVERITY_LABEL.get(severity, severity))}</span><code class="rule" title="{esc(description)}">{esc(rule)}</code><span class="rule-label">{esc(rule_label)}</span><a class="num" href="#flag-{n}">#{n}</a></header>
<h3 class="project">{html.escape(project_name)}</h3>
<div class="meta">{depts}{' · ' if depts else ''}<span class="where">{' · '.join(location)}</span></div>
<p class="message">{esc(flag.get("message"))}</p>
{values}
{picture}
{figures_html(project, open_=not picture)}
</article>"""


def documents_html(tables: dict[str, pd.DataFrame], flags: pd.DataFrame) -> str:
    documents = tables.get("documents", pd.DataFrame())
    if not len(documents) or "doc_id" not in documents.columns:
        return ""
    projects = tables.get("projects", pd.DataFrame())
    n_projects = projects["doc_id"].value_counts().to_dict() if "doc_id" in projects.columns else {}
    n_flags = flags["doc_id"].value_counts().to_dict() if len(flags) else {}
    rows = []
    for doc in documents.to_dict("records"):
        status = as_text(doc.get("status")) or "?"
        name = Path(as_text(doc.get("source_path"))).name if as_text(doc.get("source_path")) else as_text(doc.get("doc_id"))[:12]
        rows.append(
            f'<tr class="st-{esc(status)}"><td>{html.escape(name)}</td><td>{esc(doc.get("format"))}</td>'
            f'<td>{esc(doc.get("pages"))}</td><td>{esc(status)}</td><td>{n_projects.get(doc.get("doc_id"), 0)}</td>'
            f'<td>{n_flags.get(doc.get("doc_id"), 0)}</td><td class="err">{esc(doc.get("error"))}</td>'
            f'<td>{esc(doc.get("notes"))}</td></tr>')
    return ('<details id="documents" open><summary>文件（' + str(len(rows)) + '）</summary><table class="docs">'
            '<tr><th>文件</th><th>格式</th><th>页数</th><th>状态</th><th>自评表</th><th>标记</th><th>错误信息</th><th>说明</th></tr>'
            + "".join(rows) + "</table></details>")


def filters_html(flags: pd.DataFrame) -> str:
    severities = Counter(as_text(s).lower() or "unknown" for s in flags["severity"]) if len(flags) else Counter()
    rules = Counter(as_text(r) for r in flags["rule"]) if len(flags) else Counter()
    sev_boxes = "".join(
        f'<label class="chip sev-{esc(s)}"><input type="checkbox" name="severity" value="{esc(s)}" checked>'
        f'{esc(SEVERITY_LABEL.get(s, s))} <span class="count">{n}</span></label>'
        for s, n in sorted(severities.items(), key=lambda kv: severity_rank(kv[0])))
    rule_boxes = "".join(
        f'<label class="chip" title="{esc(RULE_LABEL.get(r, ""))}"><input type="checkbox" name="rule" value="{esc(r)}" checked>'
        f'{esc(r)} <span class="count">{n}</span></label>'
        for r, n in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0])))

    def options(column: str) -> str:
        values = sorted({as_text(v) for v in flags[column] if as_text(v)}) if len(flags) else []
        return '<option value="">全部</option>' + "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)

    return f"""<section id="filters">
<div class="row"><span class="label">严重程度</span><span id="f-severity">{sev_boxes}</span></div>
<div class="row"><span class="label">规则</span><span id="f-rule">{rule_boxes}</span>
<button type="button" id="rules-all">全选</button><button type="button" id="rules-none">全不选</button></div>
<div class="row"><label class="label" for="f-competent">主管部门</label><select id="f-competent">{options("competent_dept")}</select>
<label class="label" for="f-unit">实施单位</label><select id="f-unit">{options("implementing_unit")}</select>
<input type="search" id="f-text" placeholder="搜索项目、说明、文件…">
<button type="button" id="reset">重置</button>
<span class="shown">显示 <b id="shown-count">{len(flags)}</b> / <span id="total-count">{len(flags)}</span> 条</span></div>
</section>"""


CSS = """
:root{--err:#c0392b;--warn:#b7791f;--info:#2b6cb0;--bg:#f5f6f8;--line:#d9dde3}
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;background:var(--bg);color:#1f2933;font-size:14px}
header.top{background:#243447;color:#fff;padding:14px 24px}
header.top h1{margin:0;font-size:20px}
header.top p{margin:4px 0 0;opacity:.85}
.summary span{display:inline-block;margin-right:14px}
#filters{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);padding:8px 24px;box-shadow:0 1px 3px rgba(0,0,0,.06)}
#filters .row{margin:4px 0;display:flex;flex-wrap:wrap;align-items:center;gap:6px}
#filters .label{font-weight:600;margin-right:4px}
.chip{border:1px solid var(--line);border-radius:14px;padding:2px 10px;cursor:pointer;user-select:none;background:#fafbfc}
.chip input{margin:0 4px 0 0;vertical-align:middle}
.chip .count{color:#667;font-size:12px}
.chip.sev-error{border-color:var(--err)}.chip.sev-warning{border-color:var(--warn)}.chip.sev-info{border-color:var(--info)}
select,input[type=search]{padding:3px 6px;border:1px solid var(--line);border-radius:4px;max-width:260px}
button{padding:3px 10px;border:1px solid var(--line);border-radius:4px;background:#fff;cursor:pointer}
.shown{margin-left:auto;color:#445}
main{padding:12px 24px 40px}
#documents{margin:12px 24px 0;background:#fff;border:1px solid var(--line);border-radius:6px;padding:6px 12px}
#documents summary{cursor:pointer;font-weight:600}
table.docs{border-collapse:collapse;margin:6px 0;font-size:13px}
table.docs td,table.docs th{border:1px solid var(--line);padding:3px 8px;text-align:left}
tr.st-failed td{background:#fdecea}tr.st-partial td{background:#fff8e1}
.card{background:#fff;border:1px solid var(--line);border-left:6px solid #999;border-radius:6px;margin:0 0 14px;padding:10px 14px;max-width:1100px}
.card[hidden]{display:none !important}
.card.sev-error{border-left-color:var(--err)}.card.sev-warning{border-left-color:var(--warn)}.card.sev-info{border-left-color:var(--info)}
.card header{display:flex;align-items:center;gap:8px}
.badge{color:#fff;border-radius:4px;padding:1px 8px;font-size:12px;background:#777}
.sev-error .badge{background:var(--err)}.sev-warning .badge{background:var(--warn)}.sev-info .badge{background:var(--info)}
.rule{font-size:12px;background:#eef1f5;padding:1px 6px;border-radius:4px}
.rule-label{color:#556;font-size:13px}
.num{margin-left:auto;color:#99a;text-decoration:none;font-size:12px}
.card h3{margin:6px 0 2px;font-size:16px}
.meta{color:#556;font-size:12px}
.message{margin:8px 0;font-size:15px;line-height:1.5}
.values{display:flex;gap:10px;align-items:center;margin:6px 0;font-family:ui-monospace,monospace}
.values span{padding:2px 8px;border-radius:4px}
.stated{background:#fdecea}.expected{background:#e6f4ea}
figure{margin:8px 0}
figure img{max-width:100%;border:1px solid var(--line)}
figure.page img{max-width:560px}
figcaption{color:#667;font-size:12px}
.context{margin:8px 0;overflow-x:auto}
.ctx-title{color:#667;font-size:12px;margin-bottom:3px}
table.ctx{border-collapse:collapse;font-size:12px}
table.ctx td,table.ctx th{border:1px solid var(--line);padding:3px 6px;vertical-align:top;max-width:260px}
table.ctx th{color:#99a;font-weight:normal}
table.ctx tr.head td{background:#eef1f5;color:#445}
table.ctx td.cont{color:#99a;background:#fafbfc}
table.ctx tr.gap td,table.ctx tr.gap th{border:none;padding:0 6px;color:#99a}
table.ctx td.hit{outline:3px solid #dc143c;outline-offset:-2px;background:#fff5f5;font-weight:600}
details.figures{margin-top:6px;font-size:13px}
details.figures summary{cursor:pointer;color:#445}
details.figures td,details.figures th{padding:1px 8px;text-align:left}
.note{color:#a05;font-size:13px}
.ocr-uncertain{background:#fff4d6;border-left:4px dashed #d98b00;padding:4px 8px;font-size:13px}
.ocr-uncertain + figure.crop img{outline:3px dashed #d98b00}
.empty{padding:30px;color:#667}
@media print{#filters,.num,details.figures summary{display:none}body{background:#fff}
.card{break-inside:avoid;box-shadow:none}header.top{background:#fff;color:#000;border-bottom:2px solid #000}}
"""

JS = r"""
(function(){
  const cards = Array.from(document.querySelectorAll('article.card'));
  const boxes = name => Array.from(document.querySelectorAll('input[name="' + name + '"]'));
  const competent = document.getElementById('f-competent');
  const unit = document.getElementById('f-unit');
  const text = document.getElementById('f-text');
  const shown = document.getElementById('shown-count');
  function apply(){
    const sev = new Set(boxes('severity').filter(b => b.checked).map(b => b.value));
    const rules = new Set(boxes('rule').filter(b => b.checked).map(b => b.value));
    const c = competent.value, u = unit.value, q = text.value.trim().toLowerCase();
    let n = 0;
    for (const card of cards){
      const d = card.dataset;
      const ok = sev.has(d.severity) && rules.has(d.rule) && (!c || d.competent === c) &&
                 (!u || d.unit === u) && (!q || card.textContent.toLowerCase().includes(q));
      card.hidden = !ok;
      if (ok) n++;
    }
    shown.textContent = n;
    document.body.dataset.shown = n;
  }
  function fromQuery(){
    const p = new URLSearchParams(location.search);
    const list = k => p.has(k) ? new Set(p.get(k).split(',').map(s => s.trim()).filter(Boolean)) : null;
    const sev = list('severity'), rule = list('rule');
    if (sev) boxes('severity').forEach(b => b.checked = sev.has(b.value));
    if (rule) boxes('rule').forEach(b => b.checked = rule.has(b.value));
    if (p.has('competent')) competent.value = p.get('competent');
    if (p.has('unit')) unit.value = p.get('unit');
    if (p.has('q')) text.value = p.get('q');
  }
  document.getElementById('filters').addEventListener('change', apply);
  text.addEventListener('input', apply);
  document.getElementById('rules-all').addEventListener('click', () => { boxes('rule').forEach(b => b.checked = true); apply(); });
  document.getElementById('rules-none').addEventListener('click', () => { boxes('rule').forEach(b => b.checked = false); apply(); });
  document.getElementById('reset').addEventListener('click', () => {
    boxes('severity').concat(boxes('rule')).forEach(b => b.checked = true);
    competent.value = ''; unit.value = ''; text.value = ''; apply();
  });
  fromQuery();
  apply();
  document.body.dataset.ready = '1';
})();
"""


# Defence in depth: the page may load nothing from anywhere (images are data: URIs) and run
# only its own script, identified by its hash, even if some document text escaped escaping.
CSP_TEMPLATE = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                "script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'")


def script_hash() -> str:
    import base64
    import hashlib
    return base64.b64encode(hashlib.sha256(JS.encode("utf-8")).digest()).decode("ascii")


def render_review_html(tables: dict[str, pd.DataFrame], flags: pd.DataFrame, images: bool = True,
                       dpi: int = 120, search_dirs=(), title_hint: str = "", max_images: int = 400) -> str:
    index = CellIndex(tables.get("cells", pd.DataFrame()),   # only the documents that have flags
                      doc_ids=flags["doc_id"].dropna().unique() if len(flags) else [])
    projects = tables.get("projects", pd.DataFrame())
    project_rows: dict[str, dict] = {}
    if len(projects) and "project_id" in projects.columns:
        project_rows = {r["project_id"]: r for r in projects.drop_duplicates("project_id").to_dict("records")}
    renderer = PageRenderer(dpi=dpi, search_dirs=list(search_dirs)) if images else None
    descriptions = rule_descriptions()
    cards = []
    try:
        for n, flag in enumerate(flags.to_dict("records"), start=1):
            cell = index.locate(flag)
            # page pictures for the first max_images flags (the most severe): the page stays openable
            picture = picture_html(flag, cell, renderer if n <= max_images else None, index)
            picture = ocr_note_html(flag, cell) + picture
            if renderer is not None and n > max_images and _has_pages(flag, Path(as_text(flag.get("source_path")) or ".")):
                picture += (f'<p class="note">为控制文件大小，第 {max_images} 条之后的标记不附页面截图'
                            f'（jixiao review --max-images）。</p>')
            cards.append(card_html(n, flag, project_rows.get(flag.get("project_id")), picture,
                                   descriptions.get(as_text(flag.get("rule")), ""), cell=cell))
    finally:
        if renderer is not None:
            renderer.close()
    counts = Counter(as_text(s).lower() or "unknown" for s in flags["severity"]) if len(flags) else Counter()
    summary = "".join(f'<span>{esc(SEVERITY_LABEL.get(s, s))} <b>{n}</b></span>'
                      for s, n in sorted(counts.items(), key=lambda kv: severity_rank(kv[0])))
    documents = tables.get("documents", pd.DataFrame())
    generated = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body_cards = "\n".join(cards) if cards else '<p class="empty">没有发现需要核对的问题。</p>'
    meta = json.dumps({"flags": len(flags), "documents": len(documents), "projects": len(projects)})
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP_TEMPLATE.format(script_hash=script_hash())}">
<title>绩效自评审核清单（{len(flags)} 条标记）</title>
<style>{CSS}</style></head>
<body data-flags="{len(flags)}">
<header class="top"><h1>绩效自评表审核清单</h1>
<p class="summary"><span>文件 <b>{len(documents)}</b></span><span>自评表 <b>{len(projects)}</b></span><span>标记 <b>{len(flags)}</b></span>{summary}</p>
<p>输出目录 {esc(title_hint)} · 生成于 {generated} · 每张卡片为一条标记：印刷值与重算值、页码，以及原文截图（红框为标记的单元格）</p></header>
{filters_html(flags)}
{documents_html(tables, flags)}
<main id="cards">
{body_cards}
</main>
<script type="application/json" id="review-meta">{html.escape(meta, quote=False)}</script>
<script>{JS}</script>
</body></html>
"""


def write_review_html(tables: dict[str, pd.DataFrame], flags: pd.DataFrame, path: Path, **kwargs) -> Path:
    text = render_review_html(tables, flags, **kwargs)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
