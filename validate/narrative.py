"""Checks on the figures the narrative states (normalize/facts.py), alone and against the tables.

    narrative_overspend        paid/executed stated above the budget stated for the same subject
    grade_mismatch             stated grade (优/良/中/差) outside the band of the stated score
    narrative_score_mismatch   综合得分 in the prose vs the expert panel's overall average; a part's
                               stated score (项目决策 … 综合得分 8.22 分, 考评平均分为 2.84 分) vs the
                               sum of the panel averages of that part's rows
    loss_rate_mismatch         stated 失分率 vs (分值 − 得分) / 分值
    narrative_table_mismatch   a budget, paid/executed amount or 执行率 stated in the prose vs the same
                               figure of the project's own 自评表
    narrative_unit_suspect     an amount printed in 元 that is almost surely 万元 (normalize/facts.py
                               unit_evidence); the checks do not use its value
    narrative_sum_mismatch     amounts a sentence states as the parts of a whole (A、B，合计T; T，其中A、B)
                               vs that whole (validate/money_parts.py)

Which 自评表 a figure is about: the table its subject names (Fact.project_id); in a report with a
single 自评表, a figure whose sentence names no project is that table's (the usual 项目支出绩效
自评报告 around its one table); such an attribution makes an error a warning.

A printed value is accepted when the recomputed value rounds to it: the tolerance is half a unit
of the last printed digit (plus what the rounding of the inputs carries), or the rule's
configured tolerance when larger. Severity, tolerance, enabled and the grade bands come from the
validation config like every other rule: defaults in validate/defaults.toml ([rules.<id>]),
overridden by load_config(path, template=...); with no config the defaults are loaded.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import replace
from itertools import combinations
from functools import lru_cache

from jixiao.normalize.facts import PROJECT_HEADING, heading_subject, match_project, unit_evidence
from jixiao.normalize.panels import expert_role
from jixiao.normalize.records import Fact, NormalizedDocument, PanelScore, Project

from .flag import mark_uncertain, ERROR, Flag
from .grades import DEFAULT_BANDS, grade_for, near_band_edge, score_bands
from .money_parts import stated_money_parts
from .score_parts import stated_parts

# Only a fallback for callers that pass a bare dict without these keys: the defaults live in
# validate/defaults.toml and come through load_config() like every other rule's.
RULE_DEFAULTS = {
    "grade_mismatch": {"bands": DEFAULT_BANDS},
}


# ---------------------------------------------------------------- shared helpers

@lru_cache(maxsize=1)
def _default_config():
    from .config import load_config
    return load_config()


def setting(config, rule: str, key: str):
    """A rule parameter from the validation config (validate/defaults.toml when `config` is None;
    a bare dict of the same shape is read over the defaults)."""
    fallback = RULE_DEFAULTS.get(rule, {}).get(key)
    defaults = _default_config().rule(rule)
    if config is None:
        return defaults.get(key, fallback)
    if hasattr(config, "rule"):
        try:
            return config.rule(rule).get(key, defaults.get(key, fallback))
        except Exception:
            return defaults.get(key, fallback)
    if isinstance(config, dict):
        return config.get("rules", {}).get(rule, {}).get(key, defaults.get(key, fallback))
    return defaults.get(key, fallback)


def enabled(config, rule: str) -> bool:
    value = setting(config, rule, "enabled")
    return True if value is None else bool(value)


def half_unit(raw: str | None, percent: bool = False) -> float:
    """Half a unit of the last printed digit of the number in `raw` (`2.84` -> 0.005, `24` -> 0.5);
    as a fraction when `percent` (`5.33%` -> 0.00005)."""
    if not raw:
        return 0.0
    text = unicodedata.normalize("NFKC", raw)
    nums = re.findall(r"\d+(?:\.(\d+))?", text.replace(",", ""))
    words = re.search(r"百分之[^点]*(?:点(?P<dec>[零〇一二两三四五六七八九]+))?", text)
    tenths = re.search(r"[一二三四五六七八九]成(?P<more>[一二三四五六七八九])?", text)
    if not nums and tenths:       # 九成 (tens of percents), 九成五 (whole percents)
        unit = 0.5 if tenths.group("more") else 5.0
        return unit / 100 if percent else unit
    if not nums and not words:
        return 0.0
    if nums:
        decimals = len(nums[-1]) if nums[-1] else 0
    else:           # 百分之九十五 (whole percents), 百分之九十七点五 (one decimal)
        decimals = len(words.group("dec") or "")
    unit = 0.5 * 10 ** (-decimals)
    return unit / 100 if percent else unit


def fmt(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return text or "0"


def fmt_like(value: float, raw: str | None) -> str:
    """`value` printed with as many decimals as `raw` has (at least 2 for scores)."""
    decimals = 2
    if raw:
        m = re.findall(r"\d+(?:\.(\d+))?", unicodedata.normalize("NFKC", raw))
        if m and m[-1]:
            decimals = max(2, len(m[-1]))
    return f"{value:.{decimals}f}"


def _key(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    return re.sub(r"^\d{4}年?度?", "", text).strip("“”\"'")


def _flag(config, rule, message, stated, expected, fact: Fact | None = None, ocr: bool = False,
          **where) -> Flag:
    severity = str(setting(config, rule, "severity") or ERROR)
    if ocr:   # compared with a table read by OCR
        severity, message = mark_uncertain(severity, message)
    return Flag(rule=rule, severity=severity, message=message, uncertain=ocr,
                stated=stated, expected=expected,
                project_id=where.pop("project_id", fact.project_id if fact else None),
                page=where.pop("page", fact.page if fact else None), **where)


# ---------------------------------------------------------------- panel groups

class PanelIndex:
    """The expert panel's rows grouped by level1 / level2 / level3 name, with their weights and
    panel averages (平均分 column, or the experts' mean where no such column is printed)."""

    def __init__(self, rows: list[PanelScore]):
        self.rows = rows
        self.ocr = any(r.confidence is not None for r in rows)
        by_row: dict[tuple[int, int], list[PanelScore]] = defaultdict(list)
        for r in rows:
            by_row[(r.table_index, r.row)].append(r)
        self.items = []          # (level1, level2, level3, weight, mean, mean_raw)
        self.total_mean = None
        self.total_mean_raw = None
        self.total_page = None
        for (_, _), cells in sorted(by_row.items()):
            first = cells[0]
            means = [c for c in cells if expert_role(c.expert) == "mean" and c.score is not None]
            experts = [c.score for c in cells if expert_role(c.expert) == "expert" and c.score is not None]
            if means:
                mean, mean_raw = means[-1].score, means[-1].score_raw
            elif experts:
                mean, mean_raw = sum(experts) / len(experts), None
            else:
                mean, mean_raw = None, None
            if first.is_total_row:
                if self.total_mean is None:
                    self.total_mean, self.total_mean_raw, self.total_page = mean, mean_raw, first.page
                continue
            self.items.append((first.level1, first.level2, first.level3, first.weight, mean, mean_raw,
                               first.level1_weight if hasattr(first, "level1_weight") else None,
                               first.level2_weight if hasattr(first, "level2_weight") else None, first.page))

    def __bool__(self):
        return bool(self.items)

    def groups(self) -> dict[tuple[int, str], list[tuple]]:
        out: dict[tuple[int, str], list[tuple]] = defaultdict(list)
        for item in self.items:
            for level in (1, 2, 3):
                name = item[level - 1]
                if name:
                    out[(level, _key(name))].append(item)
        return out

    def find(self, subject: str | None, full_marks: float | None = None):
        """(level, name, items) of the group the subject names, or None when not unambiguous."""
        s = _key(subject)
        if len(s) < 2:
            return None
        groups = self.groups()
        variants = [s]
        for prefix in ("项目",):
            if s.startswith(prefix) and len(s) > len(prefix) + 1:
                variants.append(s[len(prefix):])
        for suffix in ("指标", "情况", "分析"):
            for v in list(variants):
                if v.endswith(suffix) and len(v) > len(suffix) + 1:
                    variants.append(v[:-len(suffix)])
        candidates = []
        for rank, v in enumerate(variants):
            for (level, name), items in groups.items():
                if name == v:
                    candidates.append((rank, level, name, items))
        if not candidates:
            return None
        if full_marks is not None:
            fitting = [c for c in candidates if abs(_weight(c[3]) - full_marks) < 0.01]
            if fitting:
                candidates = fitting
        best_rank = min(c[0] for c in candidates)
        candidates = [c for c in candidates if c[0] == best_rank]
        sums = {round(_mean_sum(c[3]) or -1, 6) for c in candidates}
        if len(sums) > 1:
            return None       # ambiguous: different rows would give different answers
        _, level, name, items = candidates[0]
        return level, name, items


def _weight(items) -> float:
    return sum(i[3] or 0 for i in items)


def _mean_sum(items) -> float | None:
    if any(i[4] is None for i in items):
        return None
    return sum(i[4] for i in items)


def _mean_tol(items) -> float:
    return sum(half_unit(i[5]) if i[5] else 1e-9 for i in items)


# ---------------------------------------------------------------- checks

def check_narrative(doc: NormalizedDocument, config=None) -> list[Flag]:
    flags: list[Flag] = []
    facts = doc.facts
    if enabled(config, "narrative_overspend"):
        flags += _overspend(facts, config)
    panel_rows = [p for p in doc.panel_scores if p.kind == "panel_scores"]
    if len({p.table_index for p in panel_rows}) > 1:
        panel_rows = []   # several expert panels: which one a sentence means is not known
    panel = PanelIndex(panel_rows)
    if enabled(config, "narrative_rate_mismatch"):
        flags += _stated_rates(facts, config)
        flags += _department_rates(doc, facts, config)
    if enabled(config, "grade_mismatch"):
        flags += _grades(doc, facts, panel, config)
    if enabled(config, "narrative_score_mismatch"):
        flags += _scores(doc, facts, panel, config)
    if panel and enabled(config, "loss_rate_mismatch"):
        flags += _loss_rates(facts, panel, config)
    if enabled(config, "narrative_table_mismatch"):
        flags += _table_mismatches(doc, config)
    if enabled(config, "narrative_unit_suspect"):
        flags += _unit_suspects(doc, config)
    if enabled(config, "narrative_sum_mismatch"):
        flags += _money_sums(doc, config)
    return flags


def _money_sums(doc: NormalizedDocument, config) -> list[Flag]:
    """Parts of a sum of money stated in one sentence that do not make it (validate/money_parts.py):
    an error when the parts are the whole's all (listed before 合计) or exceed it; a warning when a
    其中 list falls short of its whole (it may name only the main parts)."""
    flags = []
    extra = float(setting(config, "narrative_sum_mismatch", "tolerance") or 0.0)
    for section in doc.sections:
        for group in stated_money_parts(section.text or ""):
            total = group.total
            tol = max(extra, half_unit(total[3]) * _scale(total[3])
                      + sum(half_unit(p[3]) * _scale(p[3]) for p in group.parts))
            gap = group.sum - total[2]
            if abs(gap) <= tol:
                continue
            names = "、".join(p[3] for p in group.parts)
            flag = _flag(config, "narrative_sum_mismatch",
                         f"正文“{section.heading or '（无标题）'}”所列 {names} 合计 {fmt(group.sum, 4)} 万元，"
                         f"与同句所述总数 {total[3]}（{fmt(total[2], 4)} 万元）不一致。",
                         stated=total[3], expected=f"{fmt(group.sum, 4)}万元", page=section.page)
            if not group.listed_before and gap < 0 and flag.severity == ERROR:
                flag.severity = "warning"     # (其中 may leave parts out)
            flags.append(flag)
    return flags


def project_of(fact: Fact, doc: NormalizedDocument) -> tuple[Project | None, bool]:
    """(the 自评表 a fact is about, whether that was inferred rather than named): the table its
    subject names, else the report's only table when the sentence names no project."""
    if fact.project_id:
        for project in doc.projects:
            if doc.project_id(project) == fact.project_id:
                return project, False
    title = _own_report_title(fact, doc)
    guarded = (not fact.subject and not SEVERAL_PROJECTS.search(fact.sentence or "") and not _interim(fact))
    if title and guarded:
        # a project's own 自评报告 bound into a department report (附件1): its title names the table
        named = match_project(title, doc.projects)
        if named is not None:
            return named, False
    if (len(doc.projects) == 1 and not fact.subject and not _department_wide(fact, doc)
            and not SEVERAL_PROJECTS.search(fact.sentence or "") and not _interim(fact)):
        return doc.projects[0], True
    return None, False


SEVERAL_PROJECTS = re.compile(r"[\d一二三四五六七八九十两]+\s*个(?:子)?项目|各项目|所有项目|项目共\s*\d")
INTERIM = re.compile(r"(?<!\d)(?:[1-9]|1[01])\s*月(?:底|末|份|\s*\d{1,2}\s*日)|上半年|季度")


def _interim(fact: Fact) -> bool:
    """A paid amount or rate as of a date before the year's end (截至6月底…) is no annual figure."""
    return fact.kind in ("executed", "exec_rate") and bool(INTERIM.search(fact.sentence or ""))


DEPARTMENT_WIDE = re.compile(r"部门|单位整体|本单位|基本支出|人员经费|公用经费")


def _department_wide(fact: Fact, doc: NormalizedDocument) -> bool:
    """A figure about the whole department, not the one table's project: stated in a department
    report (its title or the sentence's section says 部门…) or in a sentence about 部门 / 基本支出."""
    titles = _own_report_title(fact, doc) or " ".join(s.heading for s in doc.sections if s.level == 0 and s.heading)
    return bool(DEPARTMENT_WIDE.search(f"{titles} {fact.section_path or ''} {fact.sentence or ''}"))


def _own_report_title(fact: Fact, doc: NormalizedDocument) -> str | None:
    """The title of the report a fact stands in, when the document binds several reports (a
    部门整体 report with a project's 自评报告 as its 附件): the level-0 heading its section path starts
    with, if that heading is one of the reports' titles. None in a document of one report."""
    titles = [s.heading for s in doc.sections if s.level == 0 and s.heading and REPORT_TITLE.search(s.heading)]
    root = (fact.section_path or "").split(" > ")[0]
    return root if len(set(titles)) > 1 and root in titles else None


REPORT_TITLE = re.compile(r"报告\s*$")


def _subject_key(fact: Fact) -> str:
    return _key(fact.subject) if fact.subject else f"§{fact.section_path or ''}"


def _overspend(facts: list[Fact], config) -> list[Flag]:
    flags = []
    budgets: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.kind == "budget" and f.value is not None and f.value > 0 and not f.unit_suspect and not _initial(f):
            budgets[_subject_key(f)].append(f)
    seen = set()
    for f in facts:
        if f.kind != "executed" or f.value is None or f.unit_suspect:
            continue
        key = _subject_key(f)
        candidates = budgets.get(key)
        if not candidates:
            continue
        # the budget stated nearest before the amount, else one its own sentence states after it
        # (`实际支出86,400元，预算80,000元`): a breakdown of the year's spending stated before any
        # budget of its subject is not held to a smaller budget stated later
        before = [b for b in candidates if b.seq < f.seq]
        after = [b for b in candidates if b.sentence == f.sentence]
        if not before and not after:
            continue
        budget = before[-1] if before else after[0]
        tol = max(float(setting(config, "narrative_overspend", "tolerance") or 0.0),
                  half_unit(f.value_raw) * _scale(f.value_raw), _budget_rounding(budget, f))
        if f.value > budget.value + tol and (key, f.seq) not in seen:
            seen.add((key, f.seq))
            ratio = f.value / budget.value
            subject = f.subject or budget.subject or _item_budgeted(budget) or "该项目"
            flags.append(_flag(
                config, "narrative_overspend",
                f"叙述称{subject}支付/执行 {fmt(f.value, 4)} 万元，超过所述预算 {fmt(budget.value, 4)} 万元，"
                f"为预算的 {ratio * 100:.1f}%（超出 {fmt(f.value - budget.value, 4)} 万元）。",
                stated=f.value_raw, expected=f"≤ {budget.value_raw}",
                fact=f, project_id=f.project_id or budget.project_id, field="executed"))
    return flags


ITEM_BUDGET = re.compile(r"([\u4e00-\u9fff“”\"]{2,16}?)(?:财政拨款)?(支出)?(?:全年|调整后)?预算(?:数|资金|金额)?"
                         r"\s*(?:为|是|:|：)?\s*$")


def _item_budgeted(budget: Fact) -> str | None:
    """The item a budget is stated for, by the words before 预算 (`公务接待费支出预算为2万元`)."""
    sentence, raw = budget.sentence or "", budget.value_raw or ""
    at = sentence.find(raw)
    clause = re.split(r"[，,；;：:。]", sentence[:at])[-1] if at >= 0 else ""
    match = ITEM_BUDGET.search(clause)
    words = re.sub(r"^(?:其中|年度|年)", "", match.group(1)) if match else ""     # (2024年度“三公”经费)
    if match and match.group(2) and len(words) < 3:
        words += match.group(2)         # 基本支出预算: the item is 基本支出
    return None if not words or words in ("项目", "年度", "本年", "全年") else words


INITIAL = re.compile(r"年初(?:预算|部门预算)?(?:资金|数|金额)?\s*(?:为|是|:|：)?\s*$")


def _initial(budget: Fact) -> bool:
    """`年初预算为4,260万元`: the budget before the year's 追加 / 调整; spending above it is what the
    adjusted budget allowed (`完成年初预算的105.93%`), no overspend."""
    sentence, raw = budget.sentence or "", budget.value_raw or ""
    at = sentence.find(raw)
    return at >= 0 and bool(INITIAL.search(sentence[:at]))


def _budget_rounding(budget: Fact, paid: Fact) -> float:
    """How far (万元) a stated budget may be from what it rounds: half a unit of its last digit,
    except for a whole number of 万元 / 元 beside a finer amount paid. Budgets are set in round
    figures: `预算为2万元，支出决算为2.35万元` overspends 2万元, not a figure up to 2.5 (an 约 before
    the budget keeps the rounding; 1.32亿元 is rounded from its 万元)."""
    own = half_unit(budget.value_raw) * _scale(budget.value_raw)
    paid_unit = half_unit(paid.value_raw) * _scale(paid.value_raw)
    raw = budget.value_raw or ""
    whole = re.fullmatch(r"[\d,]+\s*(?:万元|元)", raw.strip()) is not None
    rounded = re.search(r"(?:约|近|大约|左右)\s*" + re.escape(raw), budget.sentence or "") or \
        re.search(re.escape(raw) + r"\s*(?:左右|上下)", budget.sentence or "")
    return own if not whole or rounded or own <= paid_unit else 0.0


def _ratios_unless_one_agrees(r, budgets: list, paid: list, tol: float) -> list | None:
    """(spent / budget, spent, budget) for every pair of the stated amounts, or None when one
    pair gives the stated rate r (within tol and the amounts' rounding; spending over the
    budget against a stated 100% agrees too)."""
    ratios = [(e.value / b.value, e, b) for b in budgets for e in paid]
    if any(abs(q - r.value) <= tol + q * (_relative_rounding(e) + _relative_rounding(b))
           or (q > 1 and abs(r.value - 1) <= tol) for q, e, b in ratios):
        return None
    return ratios


def _stated_rates(facts: list[Fact], config) -> list[Flag]:
    """`预算95万元，全年执行数83.3万元，预算执行率98%`: a rate the sentence's own amounts do not
    give. Any budget of the sentence (年初 / 调整后) with any of its payments explains the rate,
    as does a rate capped at 100% over an overspend."""
    flags = []
    extra = float(setting(config, "narrative_rate_mismatch", "tolerance") or 0.0)
    for r in facts:
        if r.kind != "exec_rate" or r.value is None or r.unit_suspect or _interim(r) or not r.sentence:
            continue
        here = [f for f in facts if f.sentence == r.sentence and f.value and not f.unit_suspect]
        budgets = [f for f in here if f.kind in ("budget", "department_budget")]
        paid = [f for f in here if f.kind in ("executed", "department_executed") and not _interim(f)]
        if paid and not budgets:
            budgets = _budget_before(r, facts)
        if not budgets or not paid:
            continue
        tol = half_unit(r.value_raw, percent=True) + extra
        ratios = _ratios_unless_one_agrees(r, budgets, paid, tol)
        if ratios is None:
            continue
        before = [(q, e, b) for q, e, b in ratios if e.seq < r.seq and b.seq < r.seq] or ratios
        q, e, b = max(before, key=lambda t: (t[1].seq, t[2].seq))
        printed = re.search(r"\d+(?:\.\d+)?\s*%", r.value_raw or "")
        where = "同句" if b.sentence == r.sentence else "前句"
        flags.append(_flag(
            config, "narrative_rate_mismatch",
            f"叙述所述执行率 {printed.group() if printed else fmt(r.value * 100) + '%'} 与同句所述支出 {e.value_raw} / "
            f"{where}所述预算 {b.value_raw} = {q * 100:.2f}% 不一致。",
            stated=r.value_raw, expected=f"{q * 100:.2f}%", fact=r, field="exec_rate"))
    return flags


def _budget_before(r: Fact, facts: list[Fact]) -> list[Fact]:
    """`项目预算资金680万元，…。项目实际支出652.8万元，资金使用率98%`: a sentence stating a payment and
    its rate but no budget is measured against the budget the sentence before it states alone (no
    payment beside it), in the same section."""
    earlier = [f for f in facts if f.seq < r.seq and f.section_path == r.section_path and f.sentence != r.sentence]
    if not earlier:
        return []
    previous = earlier[-1].sentence
    stated = [f for f in earlier if f.sentence == previous]
    if any(f.kind in ("executed", "department_executed", "exec_rate") for f in stated):
        return []
    return [f for f in stated if f.kind in ("budget", "department_budget") and f.value and not f.unit_suspect
            and not _interim(f)]


DEPARTMENT_REPORT = re.compile(r"部门整体|单位整体|部门决算")
# a rate of a part of the department's spending, of another year, or of a project: not the whole's;
# nor one naming its budget (年初 / 调整后预算执行率), which may be a budget the report does not state
PART_RATE = re.compile(r"基本支出|项目支出|人员经费|公用经费|三公|其中|专项|项目|上年|去年|同比|以前年度|年初|调整|追加")
MONEY_KINDS = ("budget", "executed", "department_budget", "department_executed")


# a report on one project (…项目绩效自评报告), where 项目 is the report's own subject
PROJECT_REPORT = re.compile(r"项目.{0,12}报告$")
PROJECT_PART = re.compile(r"其中|子项目|[\d一二三四五六七八九十两]+\s*个")      # a part of the project's money
PROJECT_PART_RATE = re.compile(PROJECT_PART.pattern + r"|专项|上年|去年|同比|以前年度|年初|调整|追加")


def _lead(fact: Fact) -> str:
    """The sentence up to the end of the fact's own words (not what it says after them)."""
    sentence, raw = fact.sentence or "", fact.value_raw or ""
    at = sentence.find(raw)
    return sentence[:at + len(raw)] if at >= 0 else sentence


def _department_rates(doc: NormalizedDocument, facts: list[Fact], config) -> list[Flag]:
    """`全年预算执行率为94.12%` in a 部门整体 report, its sentence stating no amounts: the
    department's rate, which the report's own department totals (全年预算8,652.3万元，全年实际支出
    8,316.9万元) must give. A rate of a part (基本支出, 专项, a project's section) is left alone.
    Likewise a project's own report without a 自评表 (`资金执行率为98%` after `调整后预算680万，全年
    实际支出652.8万，预算执行率96%`), held to the rate stated beside its budget and spending."""
    flags = []
    extra = float(setting(config, "narrative_rate_mismatch", "tolerance") or 0.0)
    for r in facts:
        if (r.kind != "exec_rate" or r.value is None or r.subject or r.unit_suspect or _interim(r)
                or not r.sentence or SEVERAL_PROJECTS.search(r.sentence)):
            continue
        if any(f.sentence == r.sentence and f.kind in MONEY_KINDS for f in facts):
            continue        # _stated_rates checks it against its own amounts
        report = _own_report_title(r, doc)
        title = report or " ".join(s.heading for s in doc.sections if s.level == 0 and s.heading)
        heading = (r.section_path or "").split(" > ")[-1]
        department = bool(DEPARTMENT_REPORT.search(title))
        if not department and (doc.projects or not PROJECT_REPORT.search(title)):
            continue        # (a 自评表 is what a project report's rate is checked against)
        part = PART_RATE if department else PROJECT_PART_RATE
        # (what the sentence says after the rate, 未支付的是专项资金, is no part of it)
        if part.search(_lead(r)) or PROJECT_HEADING.match(heading_subject(heading) or ""):
            continue
        same = [f for f in facts if f.value and not f.unit_suspect and _own_report_title(f, doc) == report
                and (department or (not f.subject and not PROJECT_PART.search(_lead(f))))]
        budgets = [f for f in same if f.kind == ("department_budget" if department else "budget")]
        paid = [f for f in same if f.kind == ("department_executed" if department else "executed")
                and not _interim(f)]
        if not budgets or not paid:
            continue
        tol = half_unit(r.value_raw, percent=True) + extra
        ratios = _ratios_unless_one_agrees(r, budgets, paid, tol)
        if ratios is None:
            continue
        # only against the rate the report states beside those totals: without one, which budget
        # (年初 / 调整后, perhaps unstated) a bare rate is of is not known
        anchors = [(a, q, e, b) for a in same if a.kind == "exec_rate" and a.value and a.sentence != r.sentence
                   for q, e, b in ratios if e.sentence == b.sentence == a.sentence
                   and abs(q - a.value) <= half_unit(a.value_raw, percent=True) + q * (
                       _relative_rounding(e) + _relative_rounding(b))]
        if not anchors or any(abs(a.value - r.value) <= tol + half_unit(a.value_raw, percent=True)
                              for a, _, _, _ in anchors):
            continue
        a, q, e, b = anchors[0]
        printed = re.search(r"\d+(?:\.\d+)?\s*%", r.value_raw or "")
        flags.append(_flag(
            config, "narrative_rate_mismatch",
            f"叙述所述{'部门' if department else ''}执行率 {printed.group() if printed else fmt(r.value * 100) + '%'} "
            f"与报告所述{'部门' if department else ''}支出 "
            f"{e.value_raw} / 预算 {b.value_raw} = {q * 100:.2f}%（{_where(a)}“{a.value_raw}”）不一致。",
            stated=r.value_raw, expected=f"{q * 100:.2f}%", fact=r, field="exec_rate"))
    return flags


def _relative_rounding(f: Fact) -> float:
    """The rounding of a printed amount, relative to it (83.3万元: 0.05 / 83.3)."""
    return half_unit(f.value_raw) * _scale(f.value_raw) / f.value


def _scale(raw: str | None) -> float:
    """万元 per printed unit of a money text (half_unit works in printed units)."""
    if not raw:
        return 1.0
    if "亿" in raw:          # 亿元, or 亿 alone (投资1.2亿)
        return 1e4
    if "千元" in raw:
        return 0.1
    if "万元" in raw:
        return 1.0
    if "元" in raw:
        return 1e-4
    return 1.0


def _grades(doc, facts: list[Fact], panel: PanelIndex, config) -> list[Flag]:
    bands = score_bands(setting(config, "grade_mismatch", "bands") or RULE_DEFAULTS["grade_mismatch"]["bands"])
    flags = []
    totals = [f for f in facts if f.kind == "total_score" and f.value is not None]
    seen = set()     # a firm's 摘要 repeats the conclusion of its 综合评价: one contradiction, one flag
    for g in facts:
        if g.kind != "grade" or not g.text_value:
            continue
        same_sentence = [t for t in totals if t.sentence == g.sentence]
        same_subject = [t for t in totals if g.subject and _key(t.subject) == _key(g.subject)]
        score_fact = (same_sentence or same_subject or [None])[-1]
        if score_fact is not None:
            score, raw, source = score_fact.value, score_fact.value_raw, "所述综合得分"
        elif panel and panel.total_mean is not None and len(totals) <= 1:
            score, raw, source = panel.total_mean, panel.total_mean_raw, "专家评分表平均分"
            if panel.ocr:
                continue   # a grade against an OCR-read figure alone is not worth an error
        else:
            continue
        expected = grade_for(score, bands)
        if expected == g.text_value:
            continue
        # a score within rounding of a band edge is not contradicted
        tol = half_unit(raw)
        if near_band_edge(score, bands, tol):
            continue
        said = (_key(g.subject), g.text_value, round(score, 4), source)
        if said in seen:
            continue
        seen.add(said)
        flag = _flag(
            config, "grade_mismatch",
            f"叙述评定等级为“{g.text_value}”，但{source} {fmt(score)} 分按等级标准应为“{expected}”。",
            stated=g.text_value, expected=expected, fact=g, field="grade")
        if score_fact is None and flag.severity == ERROR:
            flag.severity = "warning"   # the prose states no score: which table it grades is a guess
        flags.append(flag)
    return flags


def _scores(doc: NormalizedDocument, facts: list[Fact], panel: PanelIndex, config) -> list[Flag]:
    flags = []
    extra = float(setting(config, "narrative_score_mismatch", "tolerance") or 0.0)
    totals = [f for f in facts if f.kind == "total_score" and f.value is not None]
    # A total that names a project with a 自评表 is checked against that table's 总分 得分;
    # a self-evaluation score (自评) of a project without a table is not the panel's.
    own = []    # totals checked against a 自评表 (named, or the report's only one)
    for f in totals:
        project, inferred = project_of(f, doc)
        if project is None or (inferred and panel_rows_present(doc)):
            continue        # (with an expert panel, an unnamed total is the panel's)
        own.append(f)
        if project.total_score_stated is None:
            continue
        tol = max(extra, half_unit(f.value_raw) + half_unit(project.total_score_raw))
        if abs(f.value - project.total_score_stated) > tol:
            flag = _flag(
                config, "narrative_score_mismatch",
                f"叙述“{f.subject or project.project_name}”得分为 {fmt(f.value)} 分，与其自评表总分得分 "
                f"{fmt(project.total_score_stated)} 分不一致。",
                stated=f.value_raw, expected=fmt(project.total_score_stated), fact=f, field="total_score",
                project_id=doc.project_id(project))
            if inferred and flag.severity == ERROR:
                flag.severity = "warning"
            flags.append(flag)
    flags += _repeated_totals([f for f in totals if f not in own], doc, extra, config)
    flags += _parts_against_total(facts, extra, config)
    flags += _parts_against_table(doc, facts, extra, config)
    totals = [f for f in totals if f not in own and not f.project_id and "自评" not in f.sentence]
    if panel and panel.total_mean is not None and len(totals) >= 1:
        for f in totals:
            tol = max(extra, half_unit(f.value_raw) + half_unit(panel.total_mean_raw) if panel.total_mean_raw
                      else half_unit(f.value_raw))
            if abs(f.value - panel.total_mean) > tol:
                flags.append(_flag(
                    config, "narrative_score_mismatch",
                    f"叙述综合得分为 {fmt(f.value)} 分，与专家评分表总分平均分 {fmt(panel.total_mean)} 分不一致。",
                    stated=f.value_raw, expected=fmt_like(panel.total_mean, f.value_raw), fact=f,
                    field="total_score", ocr=panel.ocr))
    for f in facts:
        if not panel or f.kind != "sub_score" or f.value is None:
            continue
        found = panel.find(f.subject, getattr(f, "full_marks", None))
        if found is None:
            continue
        level, name, items = found
        expected = _mean_sum(items)
        if expected is None:
            continue
        tol = max(extra, half_unit(f.value_raw) + _mean_tol(items))
        if abs(f.value - expected) > tol:
            flags.append(_flag(
                config, "narrative_score_mismatch",
                f"叙述“{f.subject}”得分为 {fmt(f.value)} 分，按专家评分表该部分各指标平均分合计应为 "
                f"{fmt(expected)} 分。",
                stated=f.value_raw, expected=fmt_like(expected, f.value_raw), fact=f, field="sub_score",
                ocr=panel.ocr))
    return flags


def _parts_against_total(facts: list[Fact], extra: float, config) -> list[Flag]:
    """A total stated beside its parts' scores that they do not add up to (validate/score_parts.py):
    more than the total always, less only when the parts are all of them."""
    flags = []
    for group in stated_parts(facts):
        total = group.total
        # a 评分表's points are awarded, not rounded: the coarsest printed digit is the rounding there is
        tol = max(extra, half_unit(total.value_raw) + max(half_unit(p.value_raw) for p in group.parts))
        over = group.sum - total.value
        if over > tol or (group.complete and -over > tol):
            names = " + ".join(f"{p.subject} {fmt(p.value)}" for p in group.parts)
            flags.append(_flag(
                config, "narrative_score_mismatch",
                f"叙述{_where(total)}称得分 {fmt(total.value)} 分，但同处所列各部分得分（{names}）合计 "
                f"{fmt(group.sum)} 分。",
                stated=total.value_raw, expected=fmt(group.sum), fact=total, field="total_score"))
    return flags


BUDGET_PART = re.compile(r"预算执行|资金执行|执行率")


def _table_part(project: Project, subject: str) -> tuple[float, str] | None:
    """(points, 一级指标) of the part a sub-score names in its 自评表: 预算执行 is the
    budget row's score; 产出 / 效益 / 满意度 the sum of the rows of the one 一级指标 with that word."""
    if BUDGET_PART.search(subject):
        return (project.budget_score, "预算执行") if project.budget_score is not None else None
    key = re.sub(r"(?:类)?(?:指标|部分|方面)$", "", subject)
    if len(key) < 2:
        return None
    names = {i.level1 for i in project.indicators if i.level1 and key in _key(i.level1)}
    if len(names) != 1:
        return None
    rows = [i for i in project.indicators if i.level1 in names]
    if any(i.score is None for i in rows if i.weight is not None) or not rows:
        return None
    scored = [i for i in rows if i.score is not None]
    return sum(i.score for i in scored), names.pop()


def _parts_against_table(doc: NormalizedDocument, facts: list[Fact], extra: float, config) -> list[Flag]:
    """`其中产出指标得分48分` vs the sum of the 产出指标 rows of the project's 自评表 (49): a part's score
    the prose states differently from its own table."""
    flags = []
    for f in facts:
        if f.kind != "sub_score" or f.value is None or not f.subject:
            continue
        # (a sub-score's subject is its part: the project is named, or the report's only table)
        project, inferred = project_of(replace(f, subject=None), doc)
        if project is None or (inferred and panel_rows_present(doc)):
            continue        # (with an expert panel, an unnamed part is the panel's)
        part = _table_part(project, f.subject)
        if part is None:
            continue
        points, name = part
        # the table's points are awarded as printed: only the prose's own rounding is allowed
        if abs(f.value - points) > max(extra, half_unit(f.value_raw) + 1e-9):
            flag = _flag(
                config, "narrative_score_mismatch",
                f"叙述“{f.subject}”得分为 {fmt(f.value)} 分，与其自评表“{name}”得分 {fmt(points)} 分不一致。",
                stated=f.value_raw, expected=fmt(points), fact=f, field="sub_score",
                project_id=doc.project_id(project))
            if inferred and flag.severity == ERROR:
                flag.severity = "warning"
            flags.append(flag)
    return flags


# a score of another year or another body (上年得分, 较上年提高) is no copy of this report's
OTHER_SCORE = re.compile(r"上年|去年|上一年|以前年度|往年|同比|较上|提高|下降|分别|平均|专家|各项目")


def _project_heading(fact: Fact) -> str | None:
    """The project a fact's section heading names (`2.教育信息化建设项目`), if it names one."""
    subject = heading_subject((fact.section_path or "").split(" > ")[-1]) or ""
    return subject if PROJECT_HEADING.match(subject) else None


def _repeated_totals(totals: list[Fact], doc: NormalizedDocument, extra: float, config) -> list[Flag]:
    """A report stating its total score twice, differently (摘要: 综合得分86.4分; 综合评价结论:
    84.6分), where no 自评表 decides: the later copy is flagged against the first. Copies are
    totals of one report (the same title root), the same subject, and the same kind of score (a
    self-evaluation's 自评得分 is not the evaluator's 综合得分)."""
    flags, first = [], {}
    for f in totals:
        if (OTHER_SCORE.search(f.sentence or "") or SEVERAL_PROJECTS.search(f.sentence or "")
                or len(set(re.findall(r"(\d{4})\s*年", f.sentence or ""))) > 1):
            continue        # (2023年度综合得分88分，2024年度86.4分: two years' scores)
        key = (_own_report_title(f, doc), _key(f.subject or _project_heading(f)), "自评" in (f.value_raw or ""))
        if key not in first:
            first[key] = f
            continue
        ref = first[key]
        tol = max(extra, half_unit(f.value_raw) + half_unit(ref.value_raw))
        if abs(f.value - ref.value) > tol:
            flags.append(_flag(
                config, "narrative_score_mismatch",
                f"叙述{_where(f)}称得分 {fmt(f.value)} 分，与{_where(ref)}所称 {fmt(ref.value)} 分不一致"
                f"（同一报告的总得分前后不一）。",
                stated=f.value_raw, expected=ref.value_raw, fact=f, field="total_score"))
    return flags


def _loss_rates(facts: list[Fact], panel: PanelIndex, config) -> list[Flag]:
    flags = []
    extra = float(setting(config, "loss_rate_mismatch", "tolerance") or 0.0)
    for f in facts:
        if f.kind != "loss_rate" or f.value is None:
            continue
        found = panel.find(f.subject)
        if found is None:
            continue
        _, name, items = found
        weight = _weight(items)
        if weight <= 0:
            continue
        stated_score = [s for s in facts if s.kind == "sub_score" and s.sentence == f.sentence
                        and s.value is not None and _key(s.subject) == _key(f.subject)]
        if stated_score:
            score, score_tol = stated_score[-1].value, half_unit(stated_score[-1].value_raw)
        else:
            score = _mean_sum(items)
            if score is None:
                continue
            score_tol = _mean_tol(items)
        expected = (weight - score) / weight
        tol = max(extra, half_unit(f.value_raw, percent=True) + score_tol / weight)
        if abs(f.value - expected) > tol:
            flags.append(_flag(
                config, "loss_rate_mismatch",
                f"叙述“{f.subject}”失分率为 {fmt(f.value * 100)}%，按分值 {fmt(weight)} 分、得分 {fmt(score)} 分"
                f"计算应为 {expected * 100:.2f}%。",
                stated=f.value_raw, expected=f"{expected * 100:.2f}%", fact=f, field="loss_rate",
                ocr=panel.ocr))
    return flags


def panel_rows_present(doc: NormalizedDocument) -> bool:
    return any(p.kind == "panel_scores" for p in doc.panel_scores)


# ---------------------------------------------------------------- prose vs its own 自评表

_TABLE_FIELDS = {"budget": (("budget_adjusted", "全年预算数"), ("budget_initial", "年初预算数")),
                 "executed": (("executed", "全年执行数"),)}
_KIND_NAMES = {"budget": "预算", "executed": "支出/执行数", "exec_rate": "执行率"}


def _where(fact: Fact) -> str:
    page = f"第 {fact.page} 页" if fact.page else ""
    heading = fact.section_path.split(" > ")[-1] if fact.section_path else ""
    section = f"“{heading[:24]}{'…' if len(heading) > 24 else ''}”" if heading else ""
    return f"正文{page}{section}".strip()


def _cell_where(project: Project, field: str, line_label: str | None = None) -> str:
    ref = project.refs.get(field)
    page = f"第 {ref.page} 页" if ref is not None and ref.page else ""
    row = f"第 {ref.row + 1} 行" if ref is not None else ""
    return f"自评表“{project.project_name or ''}”{page}{row}{('（' + line_label + '）') if line_label else ''}"


def _table_mismatches(doc: NormalizedDocument, config) -> list[Flag]:
    """A budget / paid amount / 执行率 in the prose that none of its 自评表's figures of that kind
    (the 年度资金总额 line or any funding line; 全年 or 年初 budget) bears out."""
    rule = "narrative_table_mismatch"
    extra = float(setting(config, rule, "tolerance") or 0.0)
    flags = []
    parts = _parts(doc, extra)
    for f in doc.facts:
        if f.kind not in ("budget", "executed", "exec_rate") or f.value is None or f.unit_suspect:
            continue
        if id(f) in parts:
            continue
        project, inferred = project_of(f, doc)
        if project is None:
            continue
        if f.kind == "exec_rate":
            found = _rates(project)
            tol_fact = half_unit(f.value_raw, percent=True)
            unit, scale = "%", 100.0
        else:
            found = _amounts(project, f.kind)
            tol_fact = half_unit(f.value_raw) * _scale(f.value_raw)
            unit, scale = "万元", 1.0
        if not found:
            continue
        if any(abs(f.value - value) <= max(extra, tol_fact + tol) for value, tol, *_ in found):
            continue
        value, _, field, label, printed = found[0]
        flag = _flag(
            config, rule,
            f"{_where(f)}所述{_KIND_NAMES[f.kind]} {fmt(f.value * scale, 4)}{unit}（“{f.value_raw}”），"
            f"与{_cell_where(project, field, label)}的{printed} {fmt(value * scale, 4)}{unit} 不一致"
            + ("（正文未点名项目，按报告唯一的自评表核对）" if inferred else "") + "。",
            stated=f.value_raw, expected=f"{fmt(value * scale, 4)}{unit}", fact=f,
            project_id=doc.project_id(project), field=field, page=_ref_page(project, field, f))
        ref = project.refs.get(field)
        if ref is not None:
            flag.table_index, flag.row, flag.col = ref.table_index, ref.row, ref.col
            flag.x0, flag.top, flag.x1, flag.bottom = ref.x0, ref.top, ref.x1, ref.bottom
        flags.append(flag)
    return flags


PART_OF = re.compile(r"其中|含|包括")      # 其中…; 全年预算数含上年结转资金186.5万元


def _parts(doc: NormalizedDocument, extra: float) -> set[int]:
    """Amounts the prose states for a part of a table's money, not its whole: one introduced by
    其中 / 含 / 包括 before it in its sentence (`其中，…丧葬补助金150万元，全年实际发放163.42万元`), and stated
    amounts of one kind that together make one of the table's figures (`中央和省级共下达9,856万元`
    … `市级财政安排2,580万元` beside a 12,436万元 table)."""
    parts = set()
    by_kind: dict[tuple, list[Fact]] = defaultdict(list)
    listed = _listed_under_part_of(doc.facts)
    for f in doc.facts:
        if f.kind not in ("budget", "executed") or f.value is None or f.unit_suspect:
            continue
        at = (f.sentence or "").find(f.value_raw or "\0")
        if (at > 0 and PART_OF.search(f.sentence[:at])) or id(f) in listed:
            parts.add(id(f))
            continue
        project, _ = project_of(f, doc)
        if project is not None:
            by_kind[(id(project), f.kind)].append(f)
    for (_, kind), facts in by_kind.items():
        project, _ = project_of(facts[0], doc)
        targets = [value for value, *_ in _amounts(project, kind)]
        candidates = [f for f in facts if not any(abs(f.value - t) <= 1e-6 for t in targets)][:8]
        for size in range(2, min(4, len(candidates)) + 1):
            for group in combinations(candidates, size):
                total = sum(f.value for f in group)
                tol = max(extra, sum(half_unit(f.value_raw) * _scale(f.value_raw) for f in group))
                if any(abs(total - t) <= tol + 1e-9 for t in targets):
                    parts.update(id(f) for f in group)
    return parts


def _listed_under_part_of(facts: list[Fact]) -> set[int]:
    """Facts of the ；-separated pieces that follow a 其中 piece in one sentence (`其中培训费预算72万元，
    实际支出75.6万元；教材资料费预算8万元，实际支出6.2万元。`): the list 其中 opens runs to the full stop,
    though the facts' sentences are cut at each ；."""
    out: set[int] = set()
    open_in, previous, goes_on = None, None, False   # section of the open 其中 list; the last piece seen
    for f in facts:
        sentence = f.sentence or ""
        if sentence != previous:
            opens = bool(PART_OF.match(sentence.lstrip("，, ")))
            goes_on = (open_in is not None and open_in == f.section_path
                       and (previous or "").rstrip().endswith(("；", ";")) and not opens)
            open_in = f.section_path if (goes_on or opens) else None
            previous = sentence
        if goes_on:
            out.add(id(f))
    return out


def _ref_page(project: Project, field: str, fact: Fact):
    ref = project.refs.get(field)
    return ref.page if ref is not None and ref.page else fact.page


def _money_tol(raw: str | None, unit: str) -> float:
    return half_unit(raw) * {"元": 1e-4, "千元": 0.1, "亿元": 1e4}.get(unit, 1.0)


def _amounts(project: Project, kind: str) -> list[tuple]:
    """(value 万元, tolerance, field, funding-line label, name) of the table's figures of a kind."""
    out = []
    for field, name in _TABLE_FIELDS[kind]:
        value = getattr(project, field)
        if value is not None:
            out.append((value, _money_tol(getattr(project, f"{field}_raw"), project.money_unit), field, None, name))
    for line in project.funding:
        for field, name in _TABLE_FIELDS[kind]:
            value = getattr(line, field)
            if value is not None and value > 0:
                out.append((value, _money_tol(getattr(line, f"{field}_raw"), project.money_unit), field,
                            line.label_raw, name))
    return out


def _rates(project: Project) -> list[tuple]:
    """(rate, tolerance, field, label, name): the printed 执行率 and executed / budget recomputed."""
    out = []
    if project.exec_rate_stated is not None:
        out.append((project.exec_rate_stated, half_unit(project.exec_rate_stated_raw, percent=True),
                    "exec_rate_stated", None, "执行率"))
    for line in [project, *project.funding]:
        executed = getattr(line, "executed", None)
        for field in ("budget_adjusted", "budget_initial"):
            budget = getattr(line, field, None)
            if executed is not None and budget:
                out.append((executed / budget, 5e-5, "exec_rate_stated" if line is project else "executed",
                            None if line is project else line.label_raw, "执行数/预算数"))
    return out


def _unit_suspects(doc: NormalizedDocument, config) -> list[Flag]:
    flags = []
    for f in doc.facts:
        if not f.unit_suspect:
            continue
        why = unit_evidence(f, doc.facts, doc.projects)
        if why is None:
            continue
        project, _ = project_of(f, doc)
        flags.append(_flag(
            config, "narrative_unit_suspect",
            f"{_where(f)}所述“{f.value_raw}”单位可疑：{why}，应为万元（未按所印元参与核对）。",
            stated=f.value_raw, expected=re.sub(r"元$", "万元", f.value_raw), fact=f,
            project_id=doc.project_id(project) if project is not None else f.project_id, field=f.kind))
    return flags
