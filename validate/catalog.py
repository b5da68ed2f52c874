"""The rule catalog: what each rule recomputes, its tolerance, its default severity and an
example message. `jixiao rules` prints it; docs/RULES.md is generated from it
(`jixiao rules --markdown`), so the two say the same."""
from __future__ import annotations

from dataclasses import dataclass

from .config import Config, load_config

__all__ = ["RuleInfo", "CATALOG", "catalog", "render_text", "render_markdown"]


@dataclass(frozen=True)
class RuleInfo:
    id: str
    scope: str          # project, document, narrative, panel
    recomputes: str
    tolerance: str
    example: str
    module: str = "validate/project_rules.py"


CATALOG: tuple[RuleInfo, ...] = (
    RuleInfo("exec_rate_mismatch", "project",
             "printed 执行率 vs 全年执行数 / 全年预算数 (年初预算数 when no 全年预算数), on the 年度资金总额 line "
             "and on every funding line that prints a rate; a rate printed without % is also read as "
             "percent points (`100` = 100%), so a bare `10` against 100% is a mismatch",
             "0.01 percentage point, or half a unit of the last printed digit (`100%` ±0.5 point)",
             "执行率印为“10”，按全年执行数/全年预算数 1.408/1.408 计算应为 100%"),
    RuleInfo("overspend", "project",
             "全年执行数 > 全年预算数 (project and each funding line)",
             "0.005 万元 (half a unit of the 2nd decimal) or half a unit of the printed figure",
             "全年执行数 12.5 万元超过全年预算数 10 万元（超出 2.5 万元）"),
    RuleInfo("budget_score_mismatch", "project",
             "预算执行 得分 vs min(执行数/预算数, 100%) × 分值 (the rate recomputed, not the printed one); and a "
             "budget line given the whole table's points (分值 = the full scale, 100, while the indicators carry "
             "分值 of their own), whatever its 得分",
             "0.01 point or half a unit of the printed score (`9` ±0.5)",
             "预算执行得分印为 6，按执行率 95% × 分值 10 应为 9.5"),
    RuleInfo("weight_sum_mismatch", "project",
             "Σ indicator 分值 vs 总分 row 分值, under the table's reading of 总分 (validate/scale.py): "
             "总分 分值 = the full scale (100) counts the budget 分值 too; 总分 + budget 分值 = 100 counts the "
             "indicators alone; a table that says neither accepts either sum, and one matching neither is "
             "reported under the reading most of the document's tables show. So indicators 100 beside a "
             "10-point budget line under 总分 100 (a scale of 110) and indicators 80 + budget 10 under 总分 90 "
             "are both flagged; the message names the reading (config total_includes_budget = auto | yes | no). "
             "Also each 小计 row closing a 一级指标, each 一级指标 row printing its own 分值 and the points of a "
             "一级 or 二级指标 label (产出指标（50分）, 数量指标（20分）) vs the 分值 of the indicators under it",
             "0.01 point or half a unit of the printed total",
             "总分只计绩效指标（总分分值 90 加预算执行分值 10 为满分 100）：指标分值合计 15+15+15+15+10+10=80，总分一栏印 90"),
    RuleInfo("score_sum_mismatch", "project",
             "Σ indicator 得分 vs 总分 row 得分, plus the budget 得分 under the reading weight_sum_mismatch "
             "uses; ★ 其中 sub-rows (no points of their own) are left out of both sums. Also each 小计 row, and "
             "each 一级指标 row printing its own 得分, vs the 得分 of the indicators under it (those rows are "
             "no indicators)",
             "0.01 point or half a unit of the printed total",
             "总分含预算执行部分（总分分值 100 为满分，含预算执行分值 10）：指标得分合计 10+10+20+10+10+10+10+10+10=100，加预算执行得分 10 为 110，总分得分印 100"),
    RuleInfo("score_exceeds_weight", "project",
             "得分 > 分值 for every indicator (quantitative or qualitative), the budget part and the 总分 row",
             "none (0)",
             "指标“受益对象满意度”（定性）得分 12 高于分值 10"),
    RuleInfo("funding_sum_mismatch", "project",
             "年度资金总额 vs Σ of its parts (财政拨款 + 上年结转 + 其他 …), per column, when at least one "
             "line prints a figure in that column; lines nested under a part by a second 其中 (财政拨款 / "
             "其中：中央补助 / 省级补助), or numbered in another style than their part (财政拨款 or 1.财政拨款 / （1）…（2）…, ①, 1、), are checked "
             "against that part, not added to the total "
             "(validate/funding_parts.py)",
             "0.005 万元 or half a unit of the printed total",
             "全年预算数：各资金来源合计 3+1=4 万元，年度资金总额印 4.14 万元"),
    RuleInfo("missing_field", "project",
             "what a reviewer would ask to have filled, one flag per blank field: 项目名称, 预算数, 全年执行数, "
             "绩效指标, 总分得分 always (config `required`); where the table prints the cell and leaves it blank: "
             "主管部门, 实施单位, the 年度资金总额 line's 执行率 and 得分, and a scored indicator's 指标值, 完成值 and "
             "得分 (config `fill_in`). Template instruction text counts as blank; a table without 分值/得分 "
             "columns is not asked for scores",
             "—",
             "指标“发放(缴纳)覆盖率”未填“实际完成值”"),
    RuleInfo("template_unfilled", "project",
             "a table whose cells still hold the template's instruction text (对照年度目标，说明…（100字以内）; "
             "patterns in normalize/label_synonyms.toml [template_text]), once per table; the text is kept as "
             "printed but read as no figure (the proportional indicator rules skip it)",
             "—",
             "自评表未按模板填写：目标完成情况、评价结论、存在问题、改进措施仍为填写说明（如“对照年度目标,说明相关任务目标的完成情况(1…”），未作为数据读取"),
    RuleInfo("indicator_score_mismatch", "project",
             "quantitative indicators (target and actual both a number, same unit): 正向 (≥ or plain) "
             "actual/target × 分值 capped at 分值; 反向 (≤) target/actual × 分值, vs the printed 得分. "
             "Skipped where the figures are no more-is-better quantity: deadlines (时效指标, or 前完成/底前/"
             "截止/时限/及时/按时 in the name or target, with no ≥/≤ printed and not a rate in %) and "
             "calendar values (`3月`, `10日`), since a ratio of month numbers is no score (3→4 would give 75%, "
             "11→12 92%); an actual that only restates the target's bound (`≥90%` / `≥90%`); different units "
             "(`95%` / `0.96`, `人` / `人次`); a magnitude word alone is no other unit: `1.25万亩` / `12000亩` and "
             "`10万元` / `100000元` compare scaled",
             "0.1 point (set 0.5 to accept scores rounded to whole points)",
             "指标“支出进度”得分印为 17，按正向比例 90/100 × 分值 20 计算应为 18"),
    RuleInfo("target_missed_full_score", "project",
             "quantitative indicator whose target was missed, yet 得分 = 分值: 正向 actual below target (or equal "
             "to a strict one: ＞95% / 大于95% / 高于95% against 95%); a "
             "deadline (时效, as above) whose actual is later than the target (a month number 4 against 3, or "
             "a date: 2023年11月15日 against 2023年10月底前; 次年1月15日 against 12月31日前, 次年 being the year after "
             "the evaluation year; a target month printed without a year falls in the table's 年度, as do 年底前 / 年内 / 当年 (its 31 December) and 上半年 (30 June), 第三季度 (its last day)); an actual above a bare zero target (1起 against 0起); "
             "an actual under the lower end of a range target (38个 against 40-50个; a duration's range is "
             "operator_inconsistent's); a qualitative target the actual negates (未达标 against 达标, 不合格 against 合格). "
             "Same skips as indicator_score_mismatch",
             "none",
             "指标“活动参与人数”实际完成值 640 未达年度指标值 650，却得满分 15"),
    RuleInfo("operator_inconsistent", "project",
             "a `≤`/`<` target whose actual is larger, yet reported as met (full marks); likewise a duration's "
             "range target (3-5个工作日, 2～4小时, or any range of a 时效 indicator not a rate) whose upper end the actual passes",
             "none",
             "指标“单位成本”指标值为“≤5”，实际完成值 6 超出上限，却按完成给满分 10"),
    RuleInfo("money_unit_suspect", "project",
             "a budget read in 万元 of 100000 or more (10 亿元): the table was probably printed in 元 "
             "without a unit label. A table that prints no unit anywhere is then read in 元 "
             "(projects.money_unit_inferred) and the flag says so",
             "threshold max_wan = 100000",
             "全年预算数按万元读为 1200000 万元，数额异常，表格可能以元为单位（应为 120 万元）"),
    RuleInfo("ocr_low_confidence", "project",
             "a number read by OCR with confidence below settings.low_confidence (0.80) (a number two "
             "readings agree on is not); error rules reading it are downgraded to warning and say so, "
             "exec_rate_mismatch and overspend are not raised on it (settings.uncertain_suppress)",
             "threshold 0.80",
             "数字“17”为识别置信度 0.62 的扫描识别结果，请核对原件"),
    RuleInfo("duplicate_project_conflict", "document",
             "the same 项目名称 (and year) printed in two tables with different 预算数/执行数/总分",
             "0.005 or half a unit of the printed figure",
             "项目“劳模服务和活动经费”在表 1 与表 4 重复出现，全年执行数分别印 20.1 和 21",
             "validate/document_rules.py"),
    RuleInfo("department_total_mismatch", "document",
             "a department total stated as a Fact (kind department_budget / department_executed) "
             "smaller than the sum of the self-evaluation tables",
             "0.005 万元 or half a unit of the printed figure",
             "正文所述部门预算合计 30 万元，小于各自评表预算之和 56.858 万元",
             "validate/document_rules.py"),
    RuleInfo("narrative_overspend", "narrative",
             "payments stated in the prose (支付/执行) larger than the budget stated for the same subject",
             "half a unit of the last printed digit of either amount (plus config tolerance, 万元)",
             "叙述称社区服务经费支付/执行 1520.4 万元，超过所述预算 600 万元，为预算的 253.4%（超出 920.4 万元）。",
             "validate/narrative.py"),
    RuleInfo("narrative_rate_mismatch", "narrative",
             "an execution rate stated in the prose (执行率, 资金使用率, 预算支出率 …) vs the payment / budget the "
             "same sentence states (any of its budgets with any of its payments; a rate capped at 100% over an "
             "overspend passes; a sentence stating no budget: the budget the sentence before states alone); in a "
             "部门整体 / 部门决算 report (or a project's report without a 自评表), a rate stated without amounts vs "
             "the rate it states beside its (department) totals",
             "half a unit of the printed rate, plus the rounding of both amounts (plus config tolerance)",
             "叙述所述执行率 98% 与同句所述支出 83.3万元 / 预算 95万元 = 87.68% 不一致。",
             "validate/narrative.py"),
    RuleInfo("grade_mismatch", "narrative",
             "the grade (优/良/中/差) stated vs the band of the stated total score (config bands: 优 ≥ 90, "
             "良 ≥ 80, 中 ≥ 60); against the panel's average alone (no score in the prose) a warning. "
             "Also each 自评表: its 自评等级 row (a word, a letter A/B/C/D read as 优/良/中/差, a word with its "
             "band 优（90分及以上）, or the one "
             "ticked box of ☑优 □良 □中 □差; validate/grades.py) vs its 总分得分 (a 总分 分值 other than 100 "
             "scaled to 100; 合格/不合格 not checked)",
             "a score within half a unit of its last digit of a band edge is not contradicted",
             "叙述评定等级为“优”，但所述综合得分 87.22 分按等级标准应为“良”。 / "
             "自评等级印为“优”，但总分得分 85 分按等级标准应为“良”",
             "validate/narrative.py"),
    RuleInfo("narrative_score_mismatch", "narrative",
             "a total score in the prose vs its project's 自评表 总分得分, or (no project named) vs the expert "
             "panel's overall average, or vs the same report's first statement of that total (摘要 vs 结论); "
             "a part's stated score vs the sum of that part's panel averages; a total stated beside its parts' "
             "scores (a 评分表 in prose) vs their sum: above it always, below it when the parts are all of them "
             "(counted, 四个方面, or a whole framework: 决策/过程/产出/效益; validate/score_parts.py); a part's stated "
             "score (产出指标得分48分, 预算执行得分) vs the rows of that 一级指标 (or the budget row) of its 自评表",
             "half a unit of the last printed digit of each side (plus config tolerance)",
             "叙述“项目决策”得分为 8.5 分，按专家评分表该部分各指标平均分合计应为 8.22 分。",
             "validate/narrative.py"),
    RuleInfo("loss_rate_mismatch", "narrative",
             "stated 失分率 vs (分值 − 得分) / 分值, 分值 from the panel rows of the part, 得分 as stated in the "
             "same sentence or the sum of the panel averages",
             "half a unit of the last printed digit of the rate plus the score's rounding over 分值",
             "叙述“项目决策”失分率为 20%，按分值 10 分、得分 8.22 分计算应为 17.80%。",
             "validate/narrative.py"),
    # ---- prose against its own 自评表 (issue #16)
    RuleInfo("narrative_table_mismatch", "narrative",
             "a budget, paid/executed amount or 执行率 stated in the prose vs its project's 自评表: the table "
             "the sentence names, or in a report with one 自评表 the sentence naming no project. Accepted when "
             "any figure of the kind matches (全年 or 年初 budget, the total or a funding line; the printed 执行率 "
             "or 执行数 / 预算数); amounts flagged as unit-suspect are not compared",
             "half a unit of the last printed digit of each side (plus config tolerance)",
             "正文第 2 页“1.执行率情况”所述执行率 97%（“执行率97%”），与自评表“安居村人畜饮水工程项目”第 3 页第 4 行的"
             "执行率 91.9% 不一致。",
             "validate/narrative.py"),
    RuleInfo("narrative_unit_suspect", "narrative",
             "an amount printed in 元 that read as 万元 equals a figure printed elsewhere (a 自评表 cell, another "
             "sentence) while as 元 it equals none, or whose 万元 reading over the stated budget is the 执行率 "
             "stated in the same sentence; its value is kept as printed and left out of the other checks",
             "half a unit of the last printed digit",
             "正文“简要概述项目资金情况”所述“2263.81元”单位可疑：按万元读为 2263.81 万元，与自评表“公共文化设施运行保障项目”"
             "全年执行数 2263.81 万元一致，应为万元。",
             "validate/narrative.py"),
    RuleInfo("narrative_sum_mismatch", "narrative",
             "amounts one sentence states as the parts of a whole vs that whole: parts listed before a 合计 / "
             "共计 / 总计 amount (中央资金…、省级资金…，合计…), or a whole and its 其中 parts (…3,286万元，其中中央资金…、"
             "省级资金…); a 其中 list short of its whole is a warning (it may name only the main parts); a list "
             "stops at a payment, difference or share (validate/money_parts.py)",
             "half a unit of the last printed digit of every amount (plus config tolerance, 万元)",
             "正文“（二）上级转移支付资金情况”所列 2,415万元、726万元、95万元 合计 3236 万元，与同句所述总数 3,286万元"
             "（3286 万元）不一致。",
             "validate/narrative.py"),
    RuleInfo("panel_sum_mismatch", "panel",
             "expert scoring table: each row's expert scores vs 合计 and 平均分; each column vs the 总分 row; "
             "row 分值 vs the 总分 row and the weight in a level label (`决策（10 分）`); an OCR-read table "
             "gives warnings",
             "half a unit of the last printed digit plus what rounding of the added values carries",
             "专家赵耀各指标得分之和为 86.5 分，与总分行所列 87 分不一致。", "validate/panels.py"),
    RuleInfo("panel_score_exceeds_weight", "panel",
             "an expert's score above the row's 分值 (an OCR-read table gives a warning)",
             "none (0)", "专家刘莉君对“资金到位率”评分 6 分，超过该指标分值 5 分。", "validate/panels.py"),
)


def catalog(config: Config | None = None) -> list[dict]:
    """The catalog rows with each rule's severity from the validation config (every rule, the
    narrative and panel ones included, has its [rules.<id>] section in validate/defaults.toml)."""
    config = config or load_config()
    rows = []
    for info in CATALOG:
        rows.append({"id": info.id, "severity": config.severity(info.id), "scope": info.scope,
                     "recomputes": info.recomputes, "tolerance": info.tolerance, "example": info.example,
                     "module": info.module})
    return rows


def render_text(config: Config | None = None) -> str:
    lines = []
    for row in catalog(config):
        lines.append(f"{row['id']}  [{row['severity']}, {row['scope']}]  ({row['module']})")
        lines.append(f"    recomputes: {row['recomputes']}")
        lines.append(f"    tolerance:  {row['tolerance']}")
        lines.append(f"    example:    {row['example']}")
        lines.append("")
    return "\n".join(lines)


def render_markdown(config: Config | None = None) -> str:
    out = ["| rule | severity | scope | what it recomputes | tolerance | example |",
           "|---|---|---|---|---|---|"]
    for row in catalog(config):
        cells = [f"`{row['id']}`", row["severity"], row["scope"], row["recomputes"], row["tolerance"], row["example"]]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out)
