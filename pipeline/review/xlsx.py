"""OUT/review.xlsx: a Flags sheet first (sorted, Chinese headers, frozen, filterable), then one
sheet per output table, then a 说明 sheet.

Text copied from documents is untrusted: a cell starting with = + - @ (or tab / CR) must never
be taken for a formula (CSV/formula injection). Every string is written as an explicit string
cell (data_type 's') and such strings also get Excel's quotePrefix style, so they stay text
even when a user edits the cell. Numbers stay numbers.
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .cells import CellIndex
from .tables import as_int, clean

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
EXCEL_MAX_TEXT = 32767
EXCEL_MAX_ROWS = 1_048_575

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_FILL = {"error": "F8D7DA", "warning": "FFF3CD", "info": "D1ECF1"}
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
HEADER_FONT = Font(bold=True)

# Flags sheet: (header, source column, width or None for automatic)
FLAG_SHEET = [
    ("序号", "_n", 6),
    ("严重程度", "_severity_label", 9),
    ("文件", "file", None),
    ("项目名称", "project_name", 28),
    ("主管部门", "competent_dept", None),
    ("实施单位", "implementing_unit", None),
    ("规则", "rule", 24),
    ("说明", "message", 60),
    ("印刷值", "stated", 14),
    ("重算值", "expected", 14),
    ("页码", "page", 6),
    ("表序号(从0起)", "table_index", 8),
    ("行(从0起)", "row", 7),
    ("列(从0起)", "col", 7),
    ("工作表", "sheet", None),
    ("单元格", "ref", 9),
    ("字段", "field", None),
    ("格式", "format", 8),
    ("severity", "severity", 9),
    ("project_id", "project_id", 20),
    ("doc_id", "doc_id", 20),
    ("文件路径", "source_path", 30),
]
INT_FLAG_COLUMNS = {"page", "table_index", "row", "col", "_n"}

# Chinese labels of contract columns, used as the header of the table sheets.
COLUMN_LABELS = {
    "doc_id": "文档ID", "source_path": "文件路径", "format": "格式", "pages": "页数",
    "status": "状态", "error": "错误信息", "project_id": "项目ID", "table_index": "表序号",
    "page_start": "起始页", "page_end": "结束页", "year": "年度", "project_name": "项目名称",
    "competent_dept": "主管部门", "implementing_unit": "实施单位",
    "budget_initial": "年初预算数(万元)", "budget_adjusted": "全年预算数(万元)",
    "executed": "全年执行数(万元)", "exec_rate_stated": "执行率(印刷)",
    "exec_rate_stated_raw": "执行率原文", "budget_weight": "预算执行分值",
    "budget_score": "预算执行得分", "total_weight_stated": "总分值(印刷)",
    "total_score_stated": "总得分(印刷)", "goal_planned": "年度总体目标·预期",
    "goal_actual": "年度总体目标·实际", "source": "资金来源", "label_raw": "原文标签",
    "seq": "序号", "level1": "一级指标", "level2": "二级指标", "level3": "三级指标",
    "target_raw": "年度指标值", "actual_raw": "实际完成值", "weight": "分值", "score": "得分",
    "deviation_note": "偏差原因分析", "level": "层级", "heading": "标题", "path": "路径",
    "text": "文字", "page": "页码", "kind": "类型", "row": "行", "col": "列",
    "row_span": "跨行", "col_span": "跨列", "x0": "x0", "top": "top", "x1": "x1", "bottom": "bottom",
    "sheet": "工作表", "ref": "单元格", "hidden": "隐藏",
    "rule": "规则", "severity": "严重程度", "message": "说明", "stated": "印刷值",
    "expected": "重算值", "value": "数值", "value_raw": "原文", "unit": "单位",
    "sentence": "句子", "section_path": "章节", "subject": "对象", "text_value": "文字值",
    "indicator_path": "指标路径", "expert": "专家", "score_raw": "得分原文",
    "is_total_row": "合计行",
    "budget_initial_raw": "年初预算数原文", "budget_adjusted_raw": "全年预算数原文",
    "executed_raw": "全年执行数原文", "budget_weight_raw": "预算执行分值原文",
    "budget_score_raw": "预算执行得分原文", "total_weight_raw": "总分值原文", "total_score_raw": "总得分原文",
    "weight_raw": "分值原文", "exec_rate_raw": "执行率原文", "project_lead": "项目负责人",
    "contact_phone": "联系电话", "conclusion": "评价结论", "problems": "存在问题", "measures": "改进措施",
    "money_unit": "原表金额单位", "unmapped_columns": "未识别的列", "file_name": "文件名",
    "file_size": "文件大小(字节)", "n_tables": "表格数", "n_projects": "自评表数", "n_flags": "标记数",
    "n_errors": "错误数", "warnings": "警告", "notes": "说明", "processed_at": "处理时间", "elapsed_s": "耗时(秒)",
    "confidence": "置信度", "operator": "比较符", "field": "字段",
}
TABLE_SHEETS = ("documents", "projects", "funding", "indicators", "facts", "panel_scores",
                "sections", "cells")


# -- safe cell writing -------------------------------------------------------------------------

def write_value(cell, value) -> None:
    """Put a value in a cell: numbers as numbers, everything else as an explicit string."""
    value = clean(value)
    if value is None:
        cell.value = None
        return
    if isinstance(value, bool):
        cell.value = value
        return
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            cell.value = None
        else:
            cell.value = value
        return
    if isinstance(value, (pd.Timestamp,)):
        cell.value = value.to_pydatetime()
        return
    if isinstance(value, (list, tuple, dict)) or hasattr(value, "tolist"):
        value = str(value.tolist() if hasattr(value, "tolist") else value)
    write_text(cell, str(value))


def plain_value(value):
    """A value ws.append() can take: None, bool, int, float (finite), or a cleaned string."""
    value = clean(value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and (math.isnan(value) or math.isinf(value)) else value
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (list, tuple, dict)) or hasattr(value, "tolist"):
        value = str(value.tolist() if hasattr(value, "tolist") else value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if len(text) > EXCEL_MAX_TEXT:
        text = text[:EXCEL_MAX_TEXT - 1] + "…"
    return text or None


def write_text(cell, text: str) -> None:
    """An untrusted string as a string cell that can never be evaluated as a formula."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if not text:
        cell.value = None
        return
    if len(text) > EXCEL_MAX_TEXT:
        text = text[:EXCEL_MAX_TEXT - 1] + "…"
    cell.value = text
    cell.data_type = "s"          # overrides openpyxl's guess of 'f' for a leading '='
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True   # Excel's own "this is text" marker; survives editing


def display_width(value) -> int:
    """Approximate column width of a value: CJK characters count double."""
    text = "" if value is None else str(value)
    text = text.split("\n", 1)[0]
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def set_widths(ws, headers: list[str], rows: list[list], fixed: dict[int, int] | None = None,
               lo: int = 6, hi: int = 50, sample: int = 300) -> None:
    fixed = fixed or {}
    for j, header in enumerate(headers):
        if j in fixed:
            width = fixed[j]
        else:
            widest = max([display_width(header)] + [display_width(clean(r[j])) for r in rows[:sample]])
            width = min(hi, max(lo, widest + 2))
        ws.column_dimensions[get_column_letter(j + 1)].width = width


def finish_sheet(ws, n_columns: int, n_rows: int) -> None:
    """Frozen header row and an auto-filter over the data."""
    ws.freeze_panes = "A2"
    if n_columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(n_columns)}{max(1, n_rows + 1)}"
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=False)


# -- sheets ------------------------------------------------------------------------------------

def flags_sheet(wb: Workbook, flags: pd.DataFrame) -> None:
    ws = wb.create_sheet("Flags")
    headers = [h for h, _, _ in FLAG_SHEET]
    ws.append(headers)
    frame = flags.copy()
    frame["_n"] = range(1, len(frame) + 1)
    frame["_severity_label"] = frame["severity"].map(
        lambda s: SEVERITY_LABEL.get(str(s).lower(), s) if clean(s) is not None else None)
    rows = []
    for record in frame.to_dict("records"):
        row = []
        for _, column, _ in FLAG_SHEET:
            value = record.get(column)
            row.append(as_int(value) if column in INT_FLAG_COLUMNS else value)
        rows.append(row)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    message_col = [c for _, c, _ in FLAG_SHEET].index("message")
    for i, (row, severity) in enumerate(zip(rows, frame["severity"]), start=2):
        fill_color = SEVERITY_FILL.get(str(severity).lower())
        for j, value in enumerate(row, start=1):
            cell = ws.cell(row=i, column=j)
            write_value(cell, value)
            cell.alignment = wrap if j - 1 == message_col else top
        if fill_color:
            ws.cell(row=i, column=2).fill = PatternFill("solid", fgColor=fill_color)
    fixed = {j: w for j, (_, _, w) in enumerate(FLAG_SHEET) if w}
    set_widths(ws, headers, rows, fixed=fixed, hi=30)
    finish_sheet(ws, len(headers), len(rows))


def table_sheet(wb: Workbook, name: str, frame: pd.DataFrame, limit: int | None) -> str:
    """One sheet for one table; returns the note for the 说明 sheet."""
    ws = wb.create_sheet(safe_sheet_name(name, wb))
    columns = [str(c) for c in frame.columns]
    # two-line headers: the Chinese label for reviewers, the Parquet column name for analysts
    headers = [f"{COLUMN_LABELS[c]}\n{c}" if c in COLUMN_LABELS and COLUMN_LABELS[c] != c else c
               for c in columns]
    for j, header in enumerate(headers, start=1):
        write_text(ws.cell(row=1, column=j), header)
    total = len(frame)
    shown = frame if limit is None or total <= limit else frame.iloc[:limit]
    materialised = []
    for i, row in enumerate(shown.itertuples(index=False, name=None), start=2):
        values = [plain_value(v) for v in row]
        ws.append(values)                   # fast path; strings that could be formulas fixed below
        for j, value in enumerate(values, start=1):
            if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                write_text(ws.cell(row=i, column=j), value)
        if i - 2 < 300:
            materialised.append(row)
    set_widths(ws, [max(h.split("\n"), key=display_width) for h in headers], materialised)
    finish_sheet(ws, len(headers), len(shown))
    for cell in ws[1]:
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 32
    if len(shown) < total:
        return f"{name}: 共 {total} 行，此处仅列前 {len(shown)} 行（完整数据见 Parquet 目录 {name}/）"
    return f"{name}: {total} 行"


def safe_sheet_name(name: str, wb: Workbook) -> str:
    cleaned = "".join("_" if ch in '[]:*?/\\' else ch for ch in name)[:31] or "sheet"
    candidate, k = cleaned, 2
    while candidate in wb.sheetnames:
        candidate = f"{cleaned[:28]}_{k}"
        k += 1
    return candidate


def summary_sheet(wb: Workbook, flags: pd.DataFrame) -> None:
    """汇总: flags counted by rule and severity, then by department and severity."""
    ws = wb.create_sheet("汇总")
    severities = ["error", "warning", "info"]
    frame = flags.assign(
        rule=flags["rule"].map(lambda v: clean(v) or "(无)"),
        severity=flags["severity"].map(lambda v: str(clean(v) or "").lower()),
        competent_dept=flags["competent_dept"].map(lambda v: clean(v) or "(文件层面/未知)"))
    extra = sorted(set(frame["severity"]) - set(severities))
    columns = severities + extra
    row = 1

    def block(title: str, key: str) -> None:
        nonlocal row
        headers = [title] + [SEVERITY_LABEL.get(s, s or "(无)") for s in columns] + ["合计"]
        for j, h in enumerate(headers, start=1):
            cell = ws.cell(row=row, column=j)
            write_text(cell, h)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        row += 1
        counts = frame.groupby([key, "severity"]).size().unstack(fill_value=0) if len(frame) else pd.DataFrame()
        if len(counts):
            counts = counts.reindex(columns=columns, fill_value=0)
            counts["_total"] = counts.sum(axis=1)
            counts = counts.sort_values("_total", ascending=False)
        for name, values in counts.iterrows():
            write_text(ws.cell(row=row, column=1), str(name))
            for j, value in enumerate(values.tolist(), start=2):
                ws.cell(row=row, column=j, value=int(value))
            row += 1
        row += 1

    block("规则", "rule")
    block("主管部门", "competent_dept")
    ws.column_dimensions["A"].width = 34
    for j in range(2, len(columns) + 3):
        ws.column_dimensions[get_column_letter(j)].width = 9


def with_sheet_refs(flags: pd.DataFrame, cells: pd.DataFrame | None) -> pd.DataFrame:
    """flags with the sheet name and A1 reference of each spreadsheet flag's cell (the cell
    review.html shows for it); None for other documents."""
    flags = flags.copy()
    flags["sheet"], flags["ref"] = None, None
    if cells is None or not len(flags) or "sheet" not in cells.columns:
        return flags
    held = cells[cells["sheet"].notna()]
    if not len(held):
        return flags
    index = CellIndex(held, doc_ids=flags["doc_id"])
    located = [index.locate(flag) or {} for flag in flags.to_dict("records")]
    flags["sheet"] = [cell.get("sheet") for cell in located]
    flags["ref"] = [cell.get("ref") for cell in located]
    return flags


def write_review_xlsx(tables: dict[str, pd.DataFrame], flags: pd.DataFrame, path: Path,
                      max_cells: int = 20000) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    flags_sheet(wb, with_sheet_refs(flags, tables.get("cells")))
    summary_sheet(wb, flags)
    notes = [f"Flags: {len(flags)} 条标记，按严重程度（错误、警告、提示）再按文件、项目排序",
             "汇总: 标记按规则、按主管部门分严重程度计数",
             "其余各表与 Parquet 输出一一对应；表头第一行为中文名，第二行为 Parquet 列名；金额单位均为万元"]
    order = [n for n in TABLE_SHEETS if n in tables] + [n for n in tables if n not in TABLE_SHEETS and n != "flags"]
    for name in order:
        frame = tables[name]
        if not len(frame.columns):
            notes.append(f"{name}: 输出目录中没有此表")
            continue
        if name == "cells":
            if max_cells <= 0:
                notes.append(f"cells: 共 {len(frame)} 行，未列入工作簿（见 Parquet 目录 cells/）")
                continue
            notes.append(table_sheet(wb, name, frame, limit=max_cells))
        else:
            notes.append(table_sheet(wb, name, frame, limit=EXCEL_MAX_ROWS))
    readme = wb.create_sheet("说明")
    readme["A1"] = "说明"
    for i, note in enumerate(notes, start=2):
        write_text(readme.cell(row=i, column=1), note)
    readme.column_dimensions["A"].width = 100
    readme["A1"].font = HEADER_FONT
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path
