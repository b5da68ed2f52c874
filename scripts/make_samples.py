#!/usr/bin/env python3
"""Writes the bundled sample reports in data/samples/ from the seed report's content.

    python scripts/make_samples.py [OUT_DIR]     # default data/samples

Two templates, so the sample run shows that mapping is by label, not position:
- sample_central_2024.docx / .pdf: the central template (北京 seed report): narrative with
  numbered headings, the 7 self-evaluation tables' first, second and sixth projects (with their
  real inconsistencies: 执行率 printed `10`, 总分 90 against weights summing to 80), and the
  工会工作者人员经费 paragraph whose payments (3296.17万元) exceed the budget (800万元).
- sample_sichuan_2024.docx: the same kind of content laid out in the Sichuan template
  (调整后预算数 / 预算执行数 / 权重 / 指标性质 / 合计 row / 评价结论), amounts in 元.
The PDF is the .docx exported by LibreOffice (`soffice`), the most common kind of real PDF.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Spec:
    """A grid: rows of cell texts plus merges (r0, c0, r1, c1 inclusive)."""
    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths_cm: list[float] | None = None


def central_table(name, dept, unit, money, funding, planned, actual, indicators, totals) -> Spec:
    """The central template, 9 columns. money: (initial, adjusted, executed, weight, rate, score);
    funding: rows of (label, initial, adjusted, executed, weight, rate, score) after the total;
    indicators: (level1, level2, level3, target, actual, weight, score, note)."""
    rows = [
        ["项目名称", "", name, "", "", "", "", "", ""],
        ["主管部门", "", dept, "", "", "实施单位", unit, "", ""],
        ["项目资金\n（万元）", "", "", "年初预\n算数", "全年预\n算数", "全年\n执行数", "分值", "执行率", "得分"],
        ["", "", "年度资金总额", *money],
    ]
    rows += [["", "", *line] for line in funding]
    goal_row = len(rows)
    rows += [["年度\n总体\n目标", "预期目标", "", "", "", "实际完成情况", "", "", ""],
             ["", planned, "", "", "", actual, "", "", ""]]
    head_row = len(rows)
    rows.append(["绩效\n指标", "一级指\n标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值", "分\n值", "得\n分",
                 "偏差原因分\n析及改进\n措施"])
    first_ind = len(rows)
    rows += [["", *ind] for ind in indicators]
    rows.append(["总分", "", "", "", "", "", *totals, ""])
    last = len(rows) - 1
    merges = [(0, 0, 0, 1), (0, 2, 0, 8), (1, 0, 1, 1), (1, 2, 1, 4), (1, 6, 1, 8),
              (2, 0, goal_row - 1, 1), (goal_row, 0, goal_row + 1, 0),
              (goal_row, 1, goal_row, 4), (goal_row, 5, goal_row, 8),
              (goal_row + 1, 1, goal_row + 1, 4), (goal_row + 1, 5, goal_row + 1, 8),
              (head_row, 0, last - 1, 0), (last, 0, last, 5)]
    merges += vertical_runs(rows, first_ind, last - 1, col=1) + vertical_runs(rows, first_ind, last - 1, col=2)
    return Spec(rows, merges, [1.2, 1.4, 2.0, 2.6, 1.6, 1.6, 1.0, 1.0, 2.6])


def vertical_runs(rows, first, last, col):
    """Merge a label down over the blank cells below it (how 一级/二级指标 are printed)."""
    merges, start = [], None
    for r in range(first, last + 1):
        if rows[r][col]:
            if start is not None and r - 1 > start:
                merges.append((start, col, r - 1, col))
            start = r
    if start is not None and last > start:
        merges.append((start, col, last, col))
    return merges


def sichuan_table(name, dept, unit, money_yuan, planned, actual, indicators, conclusion) -> Spec:
    """Sichuan template, 10 columns, amounts in 元. indicators: (l1, l2, l3, op, value, unit,
    done, weight, score, reason)."""
    initial, adjusted, executed, rate, weight, score = money_yuan
    rows = [
        ["项目名称", "", name, "", "", "", "", "", "", ""],
        ["主管部门", "", dept, "", "", "实施单位", unit, "", "", ""],
        ["项目资金（元）", "", "", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", ""],
        ["", "", "总额", initial, adjusted, executed, rate, weight, score, ""],
        ["", "", "财政资金", initial, adjusted, executed, rate, "", "", ""],
        ["", "", "财政专户管理资金", "", "", "", "", "", "", ""],
        ["", "", "单位资金", "", "", "", "", "", "", ""],
        ["年度目标", "预期目标", "", "", "", "实际完成情况", "", "", "", ""],
        ["", planned, "", "", "", actual, "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"],
    ]
    first = len(rows)
    rows += [list(ind) for ind in indicators]
    total_weight = sum(float(ind[7]) for ind in indicators) + float(weight)
    total_score = sum(float(ind[8]) for ind in indicators) + float(score)
    rows.append(["合计", "", "", "", "", "", "", f"{total_weight:g}", f"{total_score:g}", ""])
    rows.append(["评价结论", conclusion, "", "", "", "", "", "", "", ""])
    rows.append(["存在问题", "部分绩效指标未细化量化。", "", "", "", "", "", "", "", ""])
    rows.append(["改进措施", "完善绩效目标设置，细化量化指标。", "", "", "", "", "", "", "", ""])
    n = len(rows)
    merges = [(0, 0, 0, 1), (0, 2, 0, 9), (1, 0, 1, 1), (1, 2, 1, 4), (1, 6, 1, 9),
              (2, 0, 6, 1), (7, 0, 8, 0), (7, 1, 7, 4), (7, 5, 7, 9), (8, 1, 8, 4), (8, 5, 8, 9),
              (n - 4, 0, n - 4, 6)]
    merges += [(r, 1, r, 9) for r in range(n - 3, n)]
    merges += vertical_runs(rows, first, n - 5, col=0) + vertical_runs(rows, first, n - 5, col=1)
    return Spec(rows, merges, [1.6, 1.6, 2.6, 1.2, 1.4, 1.2, 1.4, 1.0, 1.0, 2.2])


def add_table(doc: Document, spec: Spec) -> None:
    n_cols = len(spec.rows[0])
    table = doc.add_table(rows=len(spec.rows), cols=n_cols)
    table.style = "Table Grid"
    for r, row in enumerate(spec.rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            lines = text.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    for r0, c0, r1, c1 in spec.merges:
        keep = [table.cell(r, c).text for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]
        merged = table.cell(r0, c0).merge(table.cell(r1, c1))
        # python-docx concatenates the merged cells' paragraphs; keep only the top-left text.
        first_text = keep[0]
        for paragraph in merged.paragraphs[1:]:
            paragraph._element.getparent().remove(paragraph._element)
        lines = first_text.split("\n")
        merged.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            merged.add_paragraph(line)
        for paragraph in merged.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(9)
    if spec.widths_cm:
        for row in table.rows:
            for c, width in enumerate(spec.widths_cm):
                row.cells[c].width = Cm(width)


def heading(doc: Document, text: str, level: int) -> None:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(16 if level == 0 else 14 if level == 1 else 12)


def body(doc: Document, text: str) -> None:
    paragraph = doc.add_paragraph(text)
    paragraph.paragraph_format.first_line_indent = Pt(24)


def title(doc: Document, text: str, year: int) -> None:
    for line, size in ((text, 16), (f"（{year} 年度）", 12)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold = size == 16
        run.font.size = Pt(size)


def new_document() -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(11)
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2.0)
    return doc


DEPT = "北京市丰台区总工会"


def central_document() -> Document:
    doc = new_document()
    heading(doc, "第四部分 2024 年度部门绩效评价情况", 0)
    heading(doc, "一、项目支出绩效评价报告", 1)
    heading(doc, "（一）项目概况", 2)
    body(doc, "本项目由北京市丰台区总工会开展实施。")
    heading(doc, "（二）项目资金情况", 2)
    body(doc, "丰财政法年初批复[2024]14号，2024年工会工作者人员经费项目财政预算资金为800万元。"
              "项目总资金截止2024年12月底共支付金额为3296.17万元，超出预算部分以自筹资金支付。")
    heading(doc, "二、综合评价情况及评价结论", 1)
    body(doc, "项目决策指标分值满分 10 分，综合得分 8.22 分。经专家组评价，该项目综合得分 87.22 分，评价等级为“良”。")
    heading(doc, "三、项目支出绩效自评表", 1)
    title(doc, "项目支出绩效自评表", 2024)
    add_table(doc, central_table(
        "基层党组织党建活动经费", DEPT, "党建人事部",
        ["1.408", "1.408", "1.408", "10", "10", "10"],
        [["其中：当年财政\n拨款", "", "", "", "—", "", "—"], ["上年结转\n资金", "", "", "", "—", "", "—"],
         ["其他资金", "", "", "", "—", "", "—"]],
        "保障基层党组织正常开展党建活动，打牢基层党建工作基层，切实增强基层党组织的战斗力、凝聚力和创造力。",
        "开展党纪学习教育，组织党员干部集中学习、专题研讨，组织开展党日活动。",
        [["产出指标", "数量指标", "举办活动次数", "12", "12", "20", "20", ""],
         ["", "", "上座率", "95", "95", "15", "15", ""],
         ["", "", "支出进度", "100", "90", "20", "17", "活动半数以上多集中于下半年，保证按月足额支出。"],
         ["效益指标", "社会效益指标", "主题关注度", "—", "—", "10", "10", ""],
         ["", "", "活动参与人数", "650", "640", "15", "15", ""],
         ["满意度指标", "服务对象满意度标", "参与党员满意度", "100", "95", "10", "8",
          "根据广大党员提出的要求，尽量将活动安排的多样化。"]],
        ["90", "85"]))
    doc.add_paragraph()
    title(doc, "项目支出绩效自评表", 2024)
    add_table(doc, central_table(
        "去世离休干部遗孀补贴", DEPT, "党建人事部",
        ["0.2", "0.2", "0.2", "10", "100%", "10"],
        [["其中：当年财政\n拨款", "", "", "", "—", "", "—"], ["上年结转\n资金", "", "", "", "—", "", "—"],
         ["其他资金", "", "", "", "—", "", "—"]],
        "为去世离休干部无工作配偶发放一次性生活补贴，每人每年2000元，春节前发放到位。",
        "为去世离休干部无工作配偶发放一次性生活补贴2000元，已完成",
        [["产出指标", "数量指标", "补助个人（家庭）数量", "1", "1", "15", "15", ""],
         ["", "质量指标", "补助覆盖率", "100", "100", "15", "15", ""],
         ["", "", "补助对象合规率", "100", "100", "15", "15", ""],
         ["", "时效指标", "补助发放进度", "2024/1/1", "2024/1/1", "15", "15", ""],
         ["", "社会效益指标", "补助人群生活改善情况", "—", "—", "10", "10", ""],
         ["满意度指标", "服务对象满意度标", "受益对象满意度", "95", "95", "10", "10", ""]],
        ["90", "90"]))
    doc.add_paragraph()
    title(doc, "项目支出绩效自评表", 2024)
    add_table(doc, central_table(
        "2024 宣传活动互联网专线使用费", DEPT, "北京市丰台区职工服务中心",
        ["4.14", "4.14", "4.14", "10", "100%", "10"],
        [["其中：当年财政\n拨款", "4.14", "4.14", "4.14", "—", "100%", "—"],
         ["上年结转\n资金", "", "", "", "—", "", "—"], ["其他资金", "", "", "", "—", "", "—"]],
        "通过开通互联网专线，提升职工服务中心信息收发效率。",
        "为有序推进职工服务中心各项工作，开通互联网专线 2 条。",
        [["产出指标", "数量指标", "2 条专线", "2", "2", "20", "20", ""],
         ["", "质量指标", "网络畅通，保障各项工作顺利", "10", "10", "10", "10", ""],
         ["", "时效指标", "续费工作在 3 月底前完成", "3", "4", "20", "18", "原因：前期流程手续较多，导致支付时间滞后。"],
         ["效益指标", "社会效益指标", "提高服务职工效率", "≥90%", "≥90%", "20", "20", ""],
         ["满意度指标", "服务对象满意度标", "工作人员满意度", "≥95%", "≥95%", "10", "10", ""]],
        ["90", "88"]))
    return doc


def sichuan_document() -> Document:
    doc = new_document()
    heading(doc, "一、项目基本情况", 1)
    body(doc, "劳动争议调解联动机制案件补贴资金年初预算 200000 元，全年执行 200000 元。")
    title(doc, "项目支出绩效自评表", 2024)
    add_table(doc, sichuan_table(
        "劳动争议调解联动机制案件补贴资金", DEPT, "权益工作部",
        ("200000", "200000", "200000", "100%", "10", "10"),
        "发挥劳动争议调解六方联动+1工作机制，开展我区劳动争议调解工作。",
        "全年调解成功劳动争议案件 318 件。",
        [("产出指标", "数量指标", "调解成功劳动争议案件数", "≥", "200", "件", "318", "20", "20", ""),
         ("", "时效指标", "按季度支付补贴经费", "=", "4", "次", "4", "20", "20", ""),
         ("", "成本指标", "预算执行率", "≥", "95", "%", "100", "20", "20", ""),
         ("效益指标", "社会效益指标", "劳动关系和谐稳定", "定性", "达到预期", "", "达到预期", "20", "19",
          "调解效率有待提高"),
         ("满意度指标", "服务对象满意度指标", "调解双方满意度", "≥", "98", "%", "98", "10", "10", "")],
        "优"))
    return doc


def export_pdf(docx: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("make_samples: LibreOffice (soffice) is needed to write the sample PDF")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
                       check=True, capture_output=True, timeout=180)
    return out_dir / (docx.stem + ".pdf")


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else ROOT / "data" / "samples"
    out_dir.mkdir(parents=True, exist_ok=True)
    central = out_dir / "sample_central_2024.docx"
    central_document().save(central)
    sichuan_document().save(out_dir / "sample_sichuan_2024.docx")
    print(export_pdf(central, out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
