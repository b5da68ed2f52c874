#!/usr/bin/env python3
"""Realistic variants of 项目支出绩效自评表 as DOCX (real merged cells), each with its truth.

    python scripts/make_template_variants.py [OUT_DIR] [--n 40] [--seed 20240] [--pdf K] [--check]

Variation axes are those of the templates published by 财政部 and the provinces (广东, 浙江, 江苏,
四川, 安徽, 湖南, 河南, 山东, 上海, 重庆 …): header wordings (年初预算数/年初预算, 全年预算数/调整后预算数,
全年执行数/实际支出, 分值/权重/标准分, 得分/自评得分, 年度指标值/目标值, 实际完成值/实际值, 偏差原因…/备注),
funding line labels with and without 其中：, the money unit (万元 / 元; in the 项目资金 label, in
the caption, in the headers), thousands separators, 100.00% / 95.5%, the head rows (项目名称
alone or with 主管部门 on the same row, 项目负责人/联系电话), the 年度总体目标 block (side by side,
stacked, one cell), a left 绩效指标 label or none, `(50分)` level-1 suffixes, Sichuan's
指标性质/度量单位 columns, 总分/合计 rows with or without the budget part, 自评等级 and
评价结论/存在问题/改进措施 rows, title and year placement (or no title at all).

`variants(n, seed)` returns Variant objects (spec + truth); `write_docx` writes one;
`compare(project, truth)` lists the differences, used by tests/test_template_variants.py.
"""
from __future__ import annotations

import math
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_samples import Spec, new_document, vertical_runs  # noqa: E402

# ------------------------------------------------------------------ vocabularies
H_INITIAL = ["年初预算数", "预算数", "年初预算", "年初预算数（A）"]
H_ADJUSTED = ["全年预算数", "调整后预算数", "调整预算数", "全年预算", "全年预算数（A）"]
H_EXECUTED = ["全年执行数", "实际执行数", "预算执行数", "执行数", "实际支出", "全年执行数（B）"]
H_WEIGHT = ["分值", "权重", "分数", "标准分"]
H_SCORE = ["得分", "自评得分", "评分"]
H_RATE = ["执行率", "预算执行率", "资金执行率", "执行率（B/A）"]
H_TARGET = ["年度指标值", "指标值", "目标值", "计划值"]
H_ACTUAL = ["实际完成值", "完成值", "实际值", "实际完成情况"]
H_NOTE = ["偏差原因分析及改进措施", "未完成原因分析", "偏差原因", "原因分析及改进措施", "备注"]
L_TOTAL = ["年度资金总额", "资金总额", "总额", "合计"]
L_FISCAL = ["当年财政拨款", "财政拨款", "本年财政拨款", "财政资金", "一般公共预算"]
L_CARRY = ["上年结转资金", "上年结转", "结转结余"]
L_OTHER = [("其他资金", "other"), ("自有资金", "unit"), ("单位资金", "unit"), ("社会资金", "other")]
R_DEPT = ["主管部门", "主管单位", "预算主管部门"]
R_IMPL = ["实施单位", "项目实施单位", "预算单位"]
R_GOAL = ["年度总体目标", "总体目标", "年度绩效目标", "年度目标"]
R_PLANNED = ["预期目标", "年初设定目标", "年度预期目标"]
R_ACTUAL = ["实际完成情况", "全年实际完成情况", "目标完成情况"]
R_LEAD = ["项目负责人", "负责人"]
TITLES = ["项目支出绩效自评表", "{y}年度项目支出绩效自评表", "部门项目支出绩效自评表", "{y}年项目支出绩效自评表"]
PROVINCES = ["广东省", "浙江省", "江苏省", "四川省", "安徽省", "湖南省", "河南省", "山东省", "上海市", "重庆市"]
DEPTS = ["教育厅", "卫生健康委员会", "农业农村厅", "交通运输厅", "民政厅", "人力资源和社会保障厅", "文化和旅游厅",
         "生态环境厅", "住房和城乡建设厅", "市场监督管理局"]
UNITS = ["信息中心", "项目管理办公室", "机关服务中心", "监测站", "培训中心", "综合处", "财务处", "规划发展处"]
PROJECTS = ["农村义务教育学生营养改善计划", "基层医疗卫生机构能力建设", "高标准农田建设项目", "农村公路养护补助",
            "困难群众基本生活救助", "职业技能提升行动补贴", "公共文化服务体系建设", "大气污染防治专项",
            "老旧小区改造配套资金", "食品安全抽检监测经费", "信息系统运维经费", "乡村振兴人才培训",
            "退役军人服务保障经费", "河湖长制工作经费", "公共法律服务体系建设", "中小学校舍维修改造"]
LEADS = ["张伟", "王芳", "李强", "刘洋", "陈静", "杨帆", "赵磊", "周敏"]
GOALS = [("完成年度建设任务，提升服务保障能力，确保资金安全规范使用。",
          "已按计划完成年度建设任务，服务保障能力明显提升，资金使用规范。"),
         ("保障项目顺利实施，覆盖目标人群，群众满意度不低于90%。",
          "项目全部实施完毕，覆盖目标人群，满意度调查结果为95%。"),
         ("按时足额发放补助资金，惠及困难群众，维护社会稳定。",
          "全年按时足额发放补助资金，受益群众生活得到改善。")]
# (level1, level2, level3, operator word (Sichuan), target value, unit, actual, note-if-short)
IND_POOL = {
    "产出指标": [
        ("数量指标", "培训人次", "≥", "500", "人次", "536"),
        ("数量指标", "完成项目数量", "=", "12", "个", "12"),
        ("数量指标", "覆盖乡镇数", "≥", "30", "个", "28"),
        ("质量指标", "验收合格率", "=", "100", "%", "100"),
        ("质量指标", "抽检合格率", "≥", "95", "%", "96.5"),
        ("时效指标", "资金拨付及时率", "=", "100", "%", "100"),
        ("时效指标", "项目完成时间", "≤", "12", "月", "12"),
        ("成本指标", "人均补助标准", "≤", "2000", "元", "2000"),
    ],
    "效益指标": [
        ("社会效益指标", "群众生活条件改善", "定性", "有效改善", "", "有效改善"),
        ("社会效益指标", "服务能力提升", "定性", "明显提升", "", "基本达成"),
        ("经济效益指标", "带动农户增收", "≥", "5", "%", "4.2"),
        ("生态效益指标", "空气质量优良天数比例", "≥", "85", "%", "87.3"),
        ("可持续影响指标", "长效管理机制建立", "定性", "建立", "", "已建立"),
    ],
    "满意度指标": [
        ("服务对象满意度指标", "受益群众满意度", "≥", "90", "%", "93"),
        ("服务对象满意度指标", "参训人员满意度", "≥", "95", "%", "92"),
    ],
}
NOTES = ["受疫情影响部分工作延后，下一步加快推进。", "部分乡镇工作滞后，已督促整改。", "资金拨付流程较长，将优化审批环节。"]


@dataclass
class Variant:
    name: str
    options: dict
    spec: Spec
    caption: list[tuple[str, int, bool]]          # (text, font size, bold) paragraphs above the table
    truth: dict
    funding: list[tuple]                          # (source, label_raw, initial, adjusted, executed) in 万元
    indicators: list[tuple]                       # (level1, level2, level3, target, actual, weight, score, note)


def _wrap(rng: random.Random, label: str, p: float = 0.35) -> str:
    """Break a header label over lines the way a narrow cell prints it."""
    if len(label) >= 4 and rng.random() < p:
        cut = rng.randint(2, len(label) - 2)
        return label[:cut] + "\n" + label[cut:]
    return label


def _money(value_wan: float, unit: str, sep: bool) -> str:
    if unit == "元":
        v = round(value_wan * 10000)
        return f"{v:,}" if sep else str(v)
    return f"{value_wan:,.2f}" if sep else f"{value_wan:.2f}"


def _rate(executed: float, adjusted: float, style: int) -> tuple[str, float]:
    frac = executed / adjusted
    if style == 0:
        text = f"{frac * 100:.2f}%"
    elif style == 1:
        text = f"{frac * 100:.1f}%".replace(".0%", "%")
    else:
        text = f"{round(frac * 100):d}%"
    return text, float(text.rstrip("%")) / 100


def make_variant(i: int, rng: random.Random) -> Variant:
    o = {
        "year": rng.choice([2021, 2022, 2023, 2024]),
        "title": rng.choice(TITLES + [None]),
        "title_in_table": rng.random() < 0.15,
        "year_style": rng.choice(["paren", "space", "none"]),
        "unit": rng.choice(["万元", "万元", "元"]),
        "unit_place": rng.choice(["section", "caption", "header", "table_row"]),
        "spaced_title": rng.random() < 0.2,
        "two_row_ind_header": rng.random() < 0.2,
        "grade_in_total": rng.random() < 0.2,      # 总分 | 100 | 92 | 自评等级：优 on one row   # 绩效指标 over 一级|二级|三级, the other heads merged down
        "sep": rng.random() < 0.5,
        "rate_style": rng.randint(0, 2),
        "name_row": rng.choice(["alone", "with_dept", "three_rows"]),
        "lead_row": rng.random() < 0.4,
        "goal": rng.choice(["side", "side", "stacked", "single"]),
        "left_label": rng.random() < 0.6,
        "score_suffix": rng.random() < 0.3,
        "sichuan_cols": rng.random() < 0.3,
        "qizhong": rng.random() < 0.6,
        "funding_score": rng.random() < 0.85,
        "rate_before_weight": rng.random() < 0.4,
        "total_row": rng.choice(["总分", "合计", "总计", None]),
        "total_includes_budget": rng.random() < 0.6,
        "grade_row": rng.choice([None, "自评等级", "评价等级"]),
        "foot_rows": rng.random() < 0.35,
        "n_funding_sub": rng.randint(1, 3),
        "spaced": rng.random() < 0.3,             # 项 目 名 称: labels spread over a wide cell
        "colon": rng.random() < 0.2,              # 项目名称： with a colon
        "no_note": rng.random() < 0.2,            # no 偏差原因 column at all
        "extra_row": rng.random() < 0.25,         # 项目类型 / 资金性质 rows nobody maps
        "decimals": rng.random() < 0.3,           # weights and scores printed 20.00
        "inline": rng.random() < 0.25,            # 项目负责人：张伟 联系电话：… / 评价结论：… in one cell
        "rate_pct": rng.random() < 0.25,          # header 执行率（%）, values printed without %
        "goal_lines": rng.random() < 0.3,         # goals in numbered lines 1.… 2.…
        "one_budget": rng.random() < 0.15,        # 预算数 | 执行数 only (no 年初/全年 pair)
        "no_vmerge": rng.random() < 0.25,         # 一级/二级指标 printed once over blank, unmerged cells
        "ab_suffix": rng.random() < 0.2,          # 年度指标值（A） | 实际完成值（B）
        "ind_title_row": rng.random() < 0.3,      # a full-width 绩效指标 row above the indicator header
        "sec_word": rng.choice(["项目资金", "项目资金", "资金情况", "预算执行情况", "项目资金情况"]),
    }
    if o["title"] is None and o["title_in_table"]:
        o["title_in_table"] = False
    year, unit = o["year"], o["unit"]

    def lab(label: str) -> str:
        """A row label as printed: maybe spaced out, maybe with a colon."""
        if o["spaced"] and len(label) <= 4:
            label = " ".join(label)
        return label + ("：" if o["colon"] else "")

    def pts(v: float) -> str:
        return f"{v:.2f}" if o["decimals"] else f"{v:g}"

    # ---- content
    name = rng.choice(PROJECTS)
    province = rng.choice(PROVINCES)
    dept = province + rng.choice(DEPTS)
    impl = dept + rng.choice(UNITS)
    lead, phone = rng.choice(LEADS), f"0{rng.randint(10, 99)}-{rng.randint(6000000, 8999999)}"
    planned, actual = rng.choice(GOALS)
    if o["goal_lines"]:
        planned, actual = ("目标1：" + planned + "\n目标2：" + rng.choice(GOALS)[0],
                           "1." + actual + "\n2." + rng.choice(GOALS)[1])

    adjusted = round(rng.uniform(5, 3000), 2) if unit == "万元" else round(rng.uniform(5, 300), 2)
    initial = adjusted if rng.random() < 0.6 else round(adjusted * rng.uniform(0.7, 1.0), 2)
    executed = adjusted if rng.random() < 0.4 else round(adjusted * rng.uniform(0.6, 1.0), 2)
    rate_text, rate = _rate(executed, adjusted, o["rate_style"])
    if o["rate_pct"]:
        rate_text = rate_text.rstrip("%")
    b_weight = 10.0
    b_score = round(min(rate, 1.0) * b_weight, 2)
    b_score_text = f"{b_score:g}"

    # funding lines: total + sub-lines
    sub_kinds = ["fiscal", "carry", "other"][: o["n_funding_sub"]]
    carry_part = round(adjusted * 0.2, 2) if "carry" in sub_kinds and rng.random() < 0.5 else 0.0
    other_part = 0.0
    fiscal_adj = round(adjusted - carry_part - other_part, 2)
    fiscal_init = round(initial - carry_part, 2) if initial > carry_part else initial
    fiscal_exec = round(min(executed, fiscal_adj), 2)
    carry_exec = round(executed - fiscal_exec, 2)
    total_label = rng.choice(L_TOTAL)
    lines = [(total_label, "total", initial, adjusted, executed, True)]
    qz = "其中：" if o["qizhong"] else ""
    first_sub = True
    for kind in sub_kinds:
        prefix = qz if first_sub else ""
        first_sub = False
        if kind == "fiscal":
            lines.append((prefix + rng.choice(L_FISCAL), "fiscal", fiscal_init, fiscal_adj, fiscal_exec, True))
        elif kind == "carry":
            filled = carry_part > 0
            lines.append((prefix + rng.choice(L_CARRY), "carryover", carry_part if filled else None,
                          carry_part if filled else None, carry_exec if filled else None, filled))
        else:
            label, src = rng.choice(L_OTHER)
            lines.append((prefix + label, src, None, None, None, False))

    # indicators
    level1s = ["产出指标", "效益指标", "满意度指标"]
    picks: list[tuple] = []
    for l1 in level1s:
        pool = IND_POOL[l1]
        k = {"产出指标": rng.randint(2, 4), "效益指标": rng.randint(1, 3), "满意度指标": 1}[l1]
        chosen = sorted(rng.sample(range(len(pool)), k))
        # keep level2 groups together
        rows_ = sorted((pool[j] for j in chosen), key=lambda t: [x[0] for x in pool].index(t[0]))
        picks += [(l1, *row) for row in rows_]
    ind_total_weight = 100.0 - b_weight if o["funding_score"] else 100.0
    if not o["funding_score"]:
        b_weight = None
    n = len(picks)
    base = math.floor(ind_total_weight / n)
    weights = [float(base)] * n
    weights[0] += ind_total_weight - base * n
    indicators: list[tuple] = []
    for (l1, l2, l3, op, val, u, act), w in zip(picks, weights):
        if op == "定性":
            target, actual_v = val, act
        else:
            sym = "" if op == "=" else op
            target = f"{sym}{val}{u}"
            actual_v = f"{act}{u}"
        short = act != val and op != "定性" and ((op in ("≥", "=") and float(act) < float(val))
                                                   or (op == "≤" and float(act) > float(val)))
        short = short or (op == "定性" and act != val and act != "已" + val)
        score = round(w * 0.8, 1) if short else w
        note = rng.choice(NOTES) if short else None
        indicators.append((l1, l2, l3, target, actual_v, w, score, note, op, val, u, act))

    ind_weight_sum = sum(t[5] for t in indicators)
    ind_score_sum = round(sum(t[6] for t in indicators), 2)
    if o["funding_score"] and o["total_includes_budget"]:
        total_w, total_s = ind_weight_sum + b_weight, round(ind_score_sum + b_score, 2)
    else:
        total_w, total_s = ind_weight_sum, ind_score_sum

    # ---- indicator columns
    ind_fields = ["level1", "level2", "level3"]
    if o["sichuan_cols"]:
        ind_fields += ["operator", "target", "unit", "actual"]
    else:
        ind_fields += ["target", "actual"]
    ind_fields += ["weight", "score"] + ([] if o["no_note"] else ["note"])
    off = 1 if o["left_label"] else 0
    n_fund_vals = (6 if o["funding_score"] else 4) - (1 if o["one_budget"] else 0)
    n_cols = max(len(ind_fields) + off, n_fund_vals + 3)
    # the note column absorbs extra columns on the right
    ind_col = {f: off + j for j, f in enumerate(ind_fields)}
    last_f = ind_fields[-1]
    note_span = n_cols - ind_col[last_f]

    rows: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []

    def new_row() -> list[str]:
        rows.append([""] * n_cols)
        return rows[-1]

    def put(r: int, c0: int, c1: int, text: str) -> None:
        rows[r][c0] = text
        if c1 > c0:
            merges.append((r, c0, r, c1))

    unit_in_section = o["unit_place"] == "section"
    unit_in_header = o["unit_place"] == "header"
    title_text = o["title"].format(y=year) if o["title"] else None
    if title_text and o["spaced_title"]:
        title_text = title_text.replace("项目支出绩效自评表", " ".join("项目支出绩效自评表"))
    year_printed = title_text is not None and str(year) in title_text

    caption: list[tuple[str, int, bool]] = []
    if title_text and o["title_in_table"]:
        new_row()
        put(0, 0, n_cols - 1, title_text)
        if o["year_style"] != "none" and not year_printed:
            new_row()
            put(1, 0, n_cols - 1, f"（{year}年度）")
            year_printed = True
    elif title_text:
        caption.append((title_text, 16, True))
    if o["year_style"] != "none" and not year_printed:
        caption.append(("（" + f"{year}年度" + "）" if o["year_style"] == "paren" else f"{year} 年度", 12, False))
        year_printed = True
    if o["unit_place"] == "caption":
        caption.append((f"单位：{unit}", 10, False))

    if o["unit_place"] == "table_row":      # 单位：万元 in a borderless-looking first row of the grid
        r = len(rows); new_row(); put(r, 0, n_cols - 1, rng.choice(["单位：", "金额单位："]) + unit)

    # ---- head rows
    half = n_cols // 2
    l_dept, l_impl = lab(rng.choice(R_DEPT)), lab(rng.choice(R_IMPL))
    if o["name_row"] == "alone":
        r = len(rows); new_row(); put(r, 0, 1, lab("项目名称")); put(r, 2, n_cols - 1, name)
        r = len(rows); new_row(); put(r, 0, 1, l_dept); put(r, 2, half - 1, dept)
        put(r, half, half, l_impl); put(r, half + 1, n_cols - 1, impl)
    elif o["name_row"] == "with_dept":
        r = len(rows); new_row(); put(r, 0, 1, lab("项目名称")); put(r, 2, half - 1, name)
        put(r, half, half, l_dept); put(r, half + 1, n_cols - 1, dept)
        r = len(rows); new_row(); put(r, 0, 1, l_impl); put(r, 2, n_cols - 1, impl)
    else:
        for label, value in ((lab("项目名称"), name), (l_dept, dept), (l_impl, impl)):
            r = len(rows); new_row(); put(r, 0, 1, label); put(r, 2, n_cols - 1, value)
    if o["extra_row"]:
        r = len(rows); new_row(); put(r, 0, 1, lab("项目类型")); put(r, 2, half - 1, rng.choice(["经常性项目", "一次性项目"]))
        put(r, half, half, "资金性质"); put(r, half + 1, n_cols - 1, "一般公共预算资金")
    if o["lead_row"] and o["inline"]:
        r = len(rows); new_row(); put(r, 0, n_cols - 1, f"{rng.choice(R_LEAD)}：{lead}    联系电话：{phone}")
    elif o["lead_row"]:
        r = len(rows); new_row(); put(r, 0, 1, lab(rng.choice(R_LEAD))); put(r, 2, half - 1, lead)
        put(r, half, half, lab("联系电话")); put(r, half + 1, n_cols - 1, phone)

    # ---- funding block
    heads = [("budget_initial", rng.choice(H_INITIAL)), ("budget_adjusted", rng.choice(H_ADJUSTED)),
             ("executed", rng.choice(H_EXECUTED))]
    if o["one_budget"]:
        heads = [("budget_adjusted", rng.choice(["预算数", "全年预算数", "调整后预算数"])),
                 ("executed", rng.choice(H_EXECUTED))]
    tail = [("weight", rng.choice(H_WEIGHT)), ("exec_rate", rng.choice(H_RATE)), ("score", rng.choice(H_SCORE))]
    if o["rate_pct"]:
        tail[1] = ("exec_rate", tail[1][1] + "（%）")
    if o["rate_before_weight"]:
        tail = [tail[1], tail[0], tail[2]]
    if not o["funding_score"]:
        tail = [t for t in tail if t[0] == "exec_rate"]
    heads += tail
    if unit_in_header:
        heads = [(f, h + f"（{unit}）" if f in ("budget_initial", "budget_adjusted", "executed") else h)
                 for f, h in heads]
    v0 = n_cols - len(heads)                       # first value column
    sec_label = o["sec_word"] + (f"（{unit}）" if unit_in_section else "")
    fr = len(rows)
    hr = new_row()
    for j, (f, h) in enumerate(heads):
        hr[v0 + j] = _wrap(rng, h)
    hr[0] = _wrap(rng, sec_label, 0.5)
    if v0 - 1 > 2:
        merges.append((fr, 2, fr, v0 - 1))
    rate_cell = {"total": rate_text}
    for label, src, bi, ba, ex, filled in lines:
        r = len(rows); row = new_row()
        put(r, 2, v0 - 1, _wrap(rng, label + ("：" if o["colon"] and src == "total" else ""), 0.3))
        vals = {"budget_initial": _money(bi, unit, o["sep"]) if bi is not None else "",
                "budget_adjusted": _money(ba, unit, o["sep"]) if ba is not None else "",
                "executed": _money(ex, unit, o["sep"]) if ex is not None else ""}
        if src == "total":
            vals.update(exec_rate=rate_text, weight=f"{b_weight:g}" if b_weight else "", score=b_score_text)
        else:
            dash = rng.choice(["—", "", "/"])
            sub_rate = _rate(ex, ba, o["rate_style"])[0] if filled and ba else ""
            sub_rate = sub_rate.rstrip("%") if o["rate_pct"] else sub_rate
            vals.update(exec_rate=sub_rate, weight=dash, score=dash)
        for j, (f, h) in enumerate(heads):
            row[v0 + j] = vals[f]
    merges.append((fr, 0, len(rows) - 1, 1))

    # ---- goal block
    if o["goal"] == "side":
        g = len(rows); new_row(); new_row()
        put(g, 0, 0, rng.choice(R_GOAL))
        merges.append((g, 0, g + 1, 0))
        put(g, 1, half - 1, rng.choice(R_PLANNED)); put(g, half, n_cols - 1, rng.choice(R_ACTUAL))
        put(g + 1, 1, half - 1, planned); put(g + 1, half, n_cols - 1, actual)
        goal_truth = (planned, actual)
    elif o["goal"] == "stacked":
        g = len(rows); new_row(); new_row()
        put(g, 0, 0, rng.choice(R_GOAL))
        merges.append((g, 0, g + 1, 0))
        put(g, 1, 2, rng.choice(R_PLANNED)); put(g, 3, n_cols - 1, planned)
        put(g + 1, 1, 2, rng.choice(R_ACTUAL)); put(g + 1, 3, n_cols - 1, actual)
        goal_truth = (planned, actual)
    else:
        g = len(rows); new_row()
        put(g, 0, 1, lab(rng.choice(R_GOAL))); put(g, 2, n_cols - 1, planned)
        goal_truth = (planned, None)

    # ---- indicator block
    if o["ind_title_row"] and not o["left_label"]:
        r = len(rows); new_row(); put(r, 0, n_cols - 1, rng.choice(["绩效指标", "年度绩效指标完成情况", "绩效指标完成情况"]))
    ih = len(rows); hrow = new_row()
    head_text = {"level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "operator": "指标性质",
                 "unit": "度量单位", "target": rng.choice(H_TARGET), "actual": rng.choice(H_ACTUAL),
                 "weight": rng.choice(H_WEIGHT), "score": rng.choice(H_SCORE), "note": rng.choice(H_NOTE)}
    if o["ab_suffix"]:
        head_text["target"] += "（A）"
        head_text["actual"] += "（B）"
    if o["two_row_ind_header"]:
        hrow2 = new_row()
        hrow[ind_col["level1"]] = "绩效指标"
        merges.append((ih, ind_col["level1"], ih, ind_col["level3"]))
        for f in ("level1", "level2", "level3"):
            hrow2[ind_col[f]] = head_text[f]
        for f in ind_fields[3:]:
            hrow[ind_col[f]] = _wrap(rng, head_text[f], 0.3)
            end = n_cols - 1 if f == last_f else ind_col[f]
            merges.append((ih, ind_col[f], ih + 1, end))
        if o["left_label"]:
            hrow[0] = "绩效指标"
            merges.append((ih, 0, ih + 1, 0))
            o["left_label"] = "two_rows"
    else:
        for f in ind_fields:
            hrow[ind_col[f]] = _wrap(rng, head_text[f], 0.3)
        if note_span > 1:
            merges.append((ih, ind_col[last_f], ih, n_cols - 1))
        if o["left_label"]:
            hrow[0] = "绩效指标"
    first = len(rows)
    prev_l1 = prev_l2 = None
    l1_weights: dict[str, float] = {}
    for t in indicators:
        l1_weights[t[0]] = l1_weights.get(t[0], 0) + t[5]
    for t in indicators:
        l1, l2, l3, target, act, w, s, note, op, val, u, actv = t
        r = len(rows); row = new_row()
        if l1 != prev_l1:
            row[ind_col["level1"]] = f"{l1}（{l1_weights[l1]:g}分）" if o["score_suffix"] else l1
            prev_l2 = None
        if l2 != prev_l2:
            row[ind_col["level2"]] = l2
        prev_l1, prev_l2 = l1, l2
        row[ind_col["level3"]] = l3
        if o["sichuan_cols"]:
            row[ind_col["operator"]] = {"≥": "正向" if rng.random() < 0.5 else "≥", "≤": "反向" if rng.random() < 0.5 else "≤",
                                         "=": "=", "定性": "定性"}[op]
            row[ind_col["target"]] = val
            row[ind_col["unit"]] = u
            row[ind_col["actual"]] = actv
        else:
            row[ind_col["target"]] = target
            row[ind_col["actual"]] = act
        row[ind_col["weight"]] = pts(w)
        row[ind_col["score"]] = pts(s)
        if not o["no_note"]:
            row[ind_col["note"]] = note or ""
        if note_span > 1:
            merges.append((r, ind_col[last_f], r, n_cols - 1))
    last_ind = len(rows) - 1
    if not o["no_vmerge"]:
        merges += vertical_runs(rows, first, last_ind, ind_col["level1"])
        merges += vertical_runs(rows, first, last_ind, ind_col["level2"])
    if o["left_label"] == "two_rows":
        o["left_label"] = True
        merges.append((ih + 2, 0, last_ind, 0))     # the left label's header part is merged above
        rows[ih + 2][0] = ""
    elif o["left_label"]:
        merges.append((ih, 0, last_ind, 0))

    truth_total = (None, None)
    grade = "优" if total_s >= 90 else "良"
    if o["grade_in_total"] and o["total_row"] and not o["no_note"]:
        o["grade_row"] = None
    else:
        o["grade_in_total"] = False
    if o["total_row"]:
        r = len(rows); row = new_row()
        put(r, 0, ind_col["weight"] - 1, lab(o["total_row"]))
        row[ind_col["weight"]] = pts(total_w)
        row[ind_col["score"]] = pts(total_s)
        if o["grade_in_total"]:
            row[ind_col["note"]] = f"{rng.choice(['自评等级', '评价等级'])}：{grade}"
        if note_span > 1:
            merges.append((r, ind_col[last_f], r, n_cols - 1))
        truth_total = (total_w, total_s)
    if o["grade_row"]:
        r = len(rows); new_row(); put(r, 0, ind_col["weight"] - 1, lab(o["grade_row"]))
        put(r, ind_col["weight"], n_cols - 1, grade)
    foot = {}
    if o["foot_rows"]:
        foot = {"conclusion": f"项目总体完成较好，自评等级为“{grade}”。", "problems": "部分指标设置不够细化。",
                "measures": "进一步完善绩效目标，加强过程监控。"}
        for label, key in (("评价结论", "conclusion"), ("存在问题", "problems"), ("改进措施", "measures")):
            r = len(rows); new_row()
            if o["inline"]:
                put(r, 0, n_cols - 1, f"{label}：{foot[key]}")
            else:
                put(r, 0, 1, lab(label)); put(r, 2, n_cols - 1, foot[key])

    conv = (lambda v: v) if unit == "万元" else (lambda v: round(v, 6) if v is not None else None)
    truth = {
        "year": year if year_printed else None,
        "project_name": name, "competent_dept": dept, "implementing_unit": impl,
        "budget_initial": conv(initial), "budget_adjusted": conv(adjusted), "executed": conv(executed),
        "exec_rate_stated": rate, "exec_rate_stated_raw": rate_text,
        "budget_weight": b_weight, "budget_score": b_score if o["funding_score"] else None,
        "total_weight_stated": truth_total[0], "total_score_stated": truth_total[1],
        "goal_planned": goal_truth[0] and goal_truth[0].replace("\n", ""),
        "goal_actual": goal_truth[1] and goal_truth[1].replace("\n", ""),
        **foot,
    }
    if o["lead_row"]:
        truth.update(project_lead=lead, contact_phone=phone)
    if o["grade_row"] or o["grade_in_total"]:
        truth["grade"] = grade
    funding = [(src, label + ("：" if o["colon"] and src == "total" else ""), None if o["one_budget"] else bi, ba, ex)
               for label, src, bi, ba, ex, _ in lines]
    if o["one_budget"]:
        truth["budget_initial"] = None
    ind_truth = [(t[0], t[1], t[2], t[9] if o["sichuan_cols"] else t[3], t[11] if o["sichuan_cols"] else t[4],
                  t[5], t[6], None if o["no_note"] else t[7]) for t in indicators]
    return Variant(f"v{i:02d}", o, Spec(rows, merges), caption, truth, funding, ind_truth)


def variants(n: int = 40, seed: int = 20240) -> list[Variant]:
    rng = random.Random(seed)
    return [make_variant(i, rng) for i in range(n)]


def add_table(doc, spec: Spec) -> None:
    """make_samples.add_table without its quadratic cell lookups: texts go in first (only a merged
    region's top-left slot holds text), then the merges (python-docx drops empty merged content)."""
    n_cols = len(spec.rows[0])
    table = doc.add_table(rows=len(spec.rows), cols=n_cols)
    table.style = "Table Grid"
    cells = table._cells
    for r, row in enumerate(spec.rows):
        for c, text in enumerate(row):
            cell = cells[r * n_cols + c]
            lines = text.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    for r0, c0, r1, c1 in spec.merges:
        merged = cells[r0 * n_cols + c0].merge(cells[r1 * n_cols + c1])
        paragraphs = merged.paragraphs
        keep = [p for p in paragraphs if p.text] or paragraphs[:1]
        for paragraph in paragraphs:
            if paragraph not in keep:
                paragraph._element.getparent().remove(paragraph._element)


def write_docx(variant: Variant, path: Path) -> Path:
    doc = new_document()
    for text, size, bold in variant.caption:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if size >= 12 else WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
    add_table(doc, variant.spec)
    doc.save(path)
    return path


def export_pdfs(docx_paths: list[Path], out_dir: Path, timeout: int = 180) -> list[Path]:
    """All files in one soffice call, with a private profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("soffice not found")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), *map(str, docx_paths)],
                       check=True, capture_output=True, timeout=timeout)
    return [out_dir / (p.stem + ".pdf") for p in docx_paths]


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(b, float) or isinstance(a, float):
        try:
            return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))
        except (TypeError, ValueError):
            return False
    return a == b


def compare(project, variant: Variant) -> list[str]:
    """Differences between a normalised Project and the variant's truth, one line each."""
    diffs = []
    for name, want in variant.truth.items():
        got = getattr(project, name)
        if not _close(got, want):
            diffs.append(f"{name}: got {got!r}, want {want!r}")
    got_f = [(f.source, f.label_raw, f.budget_initial, f.budget_adjusted, f.executed) for f in project.funding]
    if len(got_f) != len(variant.funding) or not all(
            all(_close(a, b) for a, b in zip(g, w)) for g, w in zip(got_f, variant.funding)):
        diffs.append(f"funding: got {got_f}, want {variant.funding}")
    got_i = [(i.level1, i.level2, i.level3, i.target_raw, i.actual_raw, i.weight, i.score, i.deviation_note)
             for i in project.indicators]
    if len(got_i) != len(variant.indicators):
        diffs.append(f"indicators: got {len(got_i)} rows, want {len(variant.indicators)}: {got_i}")
    else:
        for k, (g, w) in enumerate(zip(got_i, variant.indicators)):
            if not all(_close(a, b) for a, b in zip(g, w)):
                diffs.append(f"indicator {k}: got {g}, want {w}")
    return diffs


def check(path: Path, variant: Variant) -> list[str]:
    """extract -> normalize one file; the differences against the truth."""
    from extract import extract_document
    from normalize import normalize_document
    doc = normalize_document(extract_document(path), "variant")
    if len(doc.projects) != 1:
        kinds = [c.kind for c in doc.cells[:1]]
        return [f"{len(doc.projects)} self-evaluation tables found (want 1; first table kind {kinds})"]
    return compare(doc.projects[0], variant)


def main(argv: list[str]) -> int:
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default=str(ROOT / "tests" / "fixtures" / "template_variants"))
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=20240)
    ap.add_argument("--pdf", type=int, default=0, help="also export the first K variants to PDF")
    ap.add_argument("--check", action="store_true", help="run extract+normalize and print differences")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    vs = variants(args.n, args.seed)
    paths = [write_docx(v, out / f"{v.name}.docx") for v in vs]
    pdfs = export_pdfs(paths[: args.pdf], out) if args.pdf else []
    if args.check:
        bad = 0
        for v, p in [*zip(vs, paths), *zip(vs, pdfs)]:
            diffs = check(p, v)
            if diffs:
                bad += 1
                print(f"== {p.name} {v.options}")
                for d in diffs:
                    print("   ", d)
        print(f"{bad} of {len(paths) + len(pdfs)} files differ")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
