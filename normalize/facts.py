"""Figures stated in the narrative -> Fact rows a reviewer (and validate/narrative.py) can check.

What is picked up, per sentence (split on 。！？；and line ends) of each section's text, and of
its heading when the heading is itself a statement with figures:

    budget       预算资金为600万元, 批复/安排/下达 … 万元, 120万元分两批下达   value in 万元
    executed     支付金额为1520.40万元, 执行/支出/使用/拨付 … 万元       value in 万元
    exec_rate    预算执行率为100%, 完成年初预算的105.31%, 执行率达到百分之百  fraction
    total_score  综合得分 87.22 分, 自评得分100分 (not qualified by a part)   points
    sub_score    项目决策指标分值满分 10 分，综合得分 8.22 分; 考评平均分为 2.84 分
    grade        评定结论为“良”, 评价等级为优秀                          text_value 优/良/中/差
    loss_rate    失分率为 5.33%                                          fraction
    satisfaction 满意度达到 90%以上, 满意度超过九成                       fraction
    count        问卷 160 份, 样本 30 个                                 count
    department_budget / department_executed   部门年度预算总额为56万元 (no project named)

The subject is the project or indicator the sentence is about: a quoted name before 项目
(“工会工作者人员经费”项目), the words before 项目 (2024年工会工作者人员经费项目…, found with jieba),
the part a sub-score names (项目决策指标…), else what an earlier clause of the same paragraph
named, else the section heading (1、项目立项分析 -> 项目立项).

An amount printed in 元 that is almost surely 万元 (`总支出2263.81元` where the 自评表 prints
2263.81 万元) is kept as printed and marked `unit_suspect` (see unit_evidence).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from difflib import SequenceMatcher

from . import segmenter
from .records import Fact, Project, Section
from .sections import numbering_level, page_at

NUM = r"(?P<num>\d[\d,]*(?:\.\d+)?)"
# `预算资金600万，实际支出652.8万。`: 万 / 亿 without 元 at a clause's end is money too (a count
# has its measure word after it: 1.1万人次, 18.6万平方米)
MONEY = re.compile(NUM + r"\s*(?P<unit>亿元|万元|千元|元|[万亿](?=\s*(?:[，,。；;、）)]|$)))")
# `年初预算一千二百万元`, `实际支出二百八十五万元`: an amount in Chinese numerals, opening on a digit
# (数十万元, 百万元以上 are no amounts)
MONEY_CN = re.compile(r"(?<![数几上近余多])(?P<cn>[一二两三四五六七八九][零〇一二两三四五六七八九十百千万亿]*"
                      r"(?:点[零〇一二三四五六七八九]+)?)\s*(?P<unit>亿元|万元|元)")
SCORE = re.compile(r"(?P<label>自评综合得分|自评总得分|自评总分|自评得分|综合得分|综合评分|综合绩效评分|绩效评分|总得分|"
                   r"最终得分|评价得分|绩效得分|考评平均分|平均得分|平均分|得分|总分)"
                   r"\s*(?:合计|共计|总计)?\s*(?:为|是|达到|达|:|：)?\s*" + NUM + r"\s*分")
# labels of a whole's score, not of a part's (a part names itself: 决策指标综合得分8.22分)
TOTAL_LABELS = frozenset({"自评综合得分", "自评总得分", "自评总分", "综合得分", "综合评分", "综合绩效评分", "总得分",
                          "最终得分", "总分"})
# a clause that is a part's name and its points, no 得分 between (`项目决策18分`), beside a total
BARE_PART_SCORE = re.compile(r"(?:^|[：:])\s*(?P<part>[\u4e00-\u9fff]{2,8}?)\s*(?:为|:|：)?\s*" + NUM + r"\s*分\s*$")
NOTE = re.compile(r"[（(][^（）()]*[)）]")
# a change or a deduction, not a part (`较上年提高2分`, `扣3分`)
CHANGE = re.compile(r"上年|去年|同比|提高|下降|增加|减少|平均|扣|高于|低于|比|超过|不足")
# `项目决策、过程、产出、效益分别得分18分、17分、36分、16分`
RESPECTIVE = re.compile(r"(?P<names>[\u4e00-\u9fff]{2,8}?(?:[、和及与][\u4e00-\u9fff]{2,8}?)+)(?:指标)?\s*分别\s*"
                        r"(?:得分|为|得|是)?\s*(?P<nums>\d+(?:\.\d+)?\s*分(?:\s*[、和及与]\s*\d+(?:\.\d+)?\s*分)+)")
FULL_MARKS = re.compile(r"满分\s*(?:为|是)?\s*(?P<num>\d+(?:\.\d+)?)\s*分")
LOSS = re.compile(r"失分率\s*(?:为|是|:|：)?\s*" + NUM + r"\s*%")
# between a rate's name and its figure: an adverb (均 / 已 / 总体) and a verb with its 了 (达到了)
LINK = r"\s*(?:均|都|已|已经|总体|平均)?\s*(?:为|是|达到了?|达了|达|超过了?|在|:|：)?\s*"
# a percentage in figures (95%) or in words (百分之九十五, 百分之百, 百分之九十七点五)
CN_DIGITS = "零〇一二两三四五六七八九"
PERCENT = (r"(?:" + NUM + r"\s*%|百分之(?P<cn>[" + CN_DIGITS + r"十百]+(?:点[" + CN_DIGITS + r"]+)?)"
           r"|(?P<tenths>[一二三四五六七八九])成(?P<hundredths>[一二三四五六七八九](?![十百千万亿]))?)")   # 九成, 九成五
SATISFACTION = re.compile(r"(?P<label>满意度|满意率|好评率)\s*(?:调查)?(?:结果)?" + LINK + PERCENT)
# 完成(年初)预算的105.31%: a 部门决算's way of stating the 执行率 against the (initial) budget
# (资金使用率 / 预算支出率 name the 执行率 too; 设备使用率, 资金到位率 are no rates of spending)
EXEC_RATE = re.compile(r"(?P<label>执行率|(?:预算|资金|经费)(?:使用|支出|支付)率|支出进度|支付进度|(?:预算|资金)执行进度|"
                       r"完成(?:年初|全年|调整后?)?预算数?的)"
                       + LINK + PERCENT)
COUNT = re.compile(r"(?P<label>问卷|调查问卷|样本|有效问卷|回收问卷|发放问卷)[^，。；\d]{0,6}?" + NUM + r"\s*(?P<unit>份|个|人|户)")
GRADE = re.compile(r"(?P<label>结论|等级|等次|评级|评定|结果)[^，。；“”\"]{0,6}?(?:为|是|:|：)\s*"
                   r"[“\"'「『‘]?\s*(?P<grade>优秀|良好|优|良|中等|合格|中|不合格|较差|差)\s*[”\"'」』’]?"
                   r"(?![”\"'」』’]?\s*(?:[、/和及“\"「『‘]|[优良中差]))")
# the grade without a verb: after 等级/等次 directly when quoted or a two-character word (等级优秀,
# 评价等级“优”), or before 等级/等次 (属于“优”等级, 评为“良好”等次)
GRADE_BARE = re.compile(r"(?P<label>等级|等次)\s*(?:[“\"「『‘]\s*(?P<quoted>优秀|良好|优|良|中等|合格|中|不合格|较差|差)\s*[”\"」』’]"
                        r"|(?P<word>优秀|良好|中等|不合格|较差))(?![”\"'」』’]?\s*[、/和及的“\"「『‘])"
                        r"|(?:属于|评为|定为|为)\s*[“\"「『‘]?\s*(?P<before>优秀|良好|优|良|中等|合格|中|不合格|较差|差)"
                        r"\s*[”\"」』’]?\s*(?:等级|等次|档次|级)")
GRADE_NORMAL = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "合格": "中",
                "不合格": "差", "较差": "差", "差": "差"}
# 计划(总)投资 / 概算: a construction project's budget; 完成投资: what it spent
# 追加至 / 调整为 …: the budget after a change (追加 alone, an increment, is a difference)
BUDGET_WORDS = ("预算资金", "预算数", "预算", "批复", "安排", "下达", "核定", "年初", "计划投资", "总投资", "概算",
                "追加至", "追加到", "追加后", "调增至", "调减至", "调整至", "调整为", "调整后")
# 发放 / 兑付: what is paid out of a subsidy (补助金、低保金全年发放…万元)
# 决算数 / 支出决算: what a 决算 (the year's closing accounts) says was spent
EXECUTED_WORDS = ("支付金额", "支付", "实际支出", "支出", "执行数", "执行", "使用", "拨付", "结算", "花费", "累计",
                  "发放", "兑付", "完成投资", "决算数", "决算")
PART_NAME = re.compile(r"(?P<part>[\u4e00-\u9fff]{2,10}?)(?:指标|部分|方面)(?:分值|权重|满分|总分|综合得分|得分|[，,])")
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,40})[”\"」』]\s*项目")
GENERIC = {"该", "本", "此", "各", "整个", "上述", "以上", "所有", "全部", "相关", "其他", "本年", "本次", "各项"}
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n")
# A comma between a digit and three digits is a thousands separator (`1,865.4万元`), not a clause end.
CLAUSE_SPLIT = re.compile(r"，|(?<!\d),|,(?!\d{3}(?!\d))")
# A department-wide total (部门预算总额为…, 部门整体支出…): kind department_budget / department_executed.
DEPARTMENT = re.compile(r"部门|本单位|单位整体|单位全年")
DEPARTMENT_TOTAL = re.compile(r"总额|整体|合计|总计|全年|年度|全部|年初|调整后")
# `2024年部门收入预算9,865.4万元`: the department's own budget or account, named right before the amount
DEPARTMENT_MONEY = re.compile(r"(?:部门|本单位)(?:收入|支出|收支)?(?:预算|决算)(?:数|总额|资金|金额)?\s*(?:为|是|:|：)?\s*$")
DEPARTMENT_PART = re.compile(r"部门整体|单位整体|部门[（(]单位[)）]|部门决算|部门预算")
# `1.学生资助项目` under 二、部门整体支出情况: a part about one project, whose figures are not the
# department's (`重点项目` / `项目支出` name no project)
PROJECT_HEADING = re.compile(r"^(?!(?:重点|主要|其他|其它|各|部分|有关|相关|专项|具体)项目$)\S{2,30}项目$")
# `农林水支出（类）林业和草原（款）森林资源培育（项）`: a 决算 names a line of its functional
# classification; the amounts stated after it in the section are that line's, not the department's
CLASSIFICATION = re.compile(r"[（(]\s*(?:类|款|项)\s*[)）]")
# `项目全年预算数为…`: a clause about a project (not the department's 项目支出, a part of its total)
PROJECT_WORD = re.compile(r"项目(?!支出)")
# in a part of a department report, the year a sentence opens with (`2024年度“三公”经费…预算为18.6万元`)
# says when, not that the amount is the department's total (`2023年度部门收入预算` names 部门 itself)
YEAR = re.compile(r"\d{4}\s*年度?")


# jieba part-of-speech flags that end a project name read backwards from 项目
CLAUSE_WORDS = frozenset({"p", "r", "c", "u", "d"})


@functools.lru_cache(maxsize=4096)
def _tagged(clause: str) -> tuple[tuple[str, str], ...]:
    return tuple((w.word, w.flag) for w in segmenter.posseg().lcut(clause))


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def chinese_number(text: str) -> float | None:
    """百 / 九十五 / 一百 / 一千零五十 / 一亿二千 / 九十七点七五 / 八 -> the number (decimals after 点);
    None if malformed."""
    whole, _, decimals = text.partition("点")
    digit = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    small = {"十": 10, "百": 100, "千": 1000}
    value, group, pending = 0, 0, None      # group: the figure below the last 万 / 亿
    for ch in whole:
        if ch in "零〇" and pending is None:
            continue                 # 一千零五十: the 零 holds a place, no digit
        if ch in digit:
            if pending is not None:
                return None          # 九五: two digits without a unit between them
            pending = digit[ch]
        elif ch in small:
            group += (1 if pending is None else pending) * small[ch]
            pending = None
        elif ch == "亿":
            value = (value + group + (pending or 0)) * 100_000_000
            group, pending = 0, None
        elif ch == "万":            # (一亿二千万: the 万 counts what follows the 亿)
            group, pending = (group + (pending or 0)) * 10_000, None
        else:
            return None
    value += group + (pending or 0)
    if decimals:
        if any(ch not in digit for ch in decimals):
            return None
        value += float("0." + "".join(str(digit[ch]) for ch in decimals))
    return float(value)


def _amounts(clause: str) -> list[re.Match]:
    """The amounts of money in a clause, in figures or in Chinese numerals, in reading order."""
    figures = list(MONEY.finditer(clause))
    words = [m for m in MONEY_CN.finditer(clause) if chinese_number(m.group("cn")) is not None
             and not any(f.start() < m.end() and m.start() < f.end() for f in figures)]
    return sorted(figures + words, key=lambda m: m.start())


def money_amounts(text: str) -> list[tuple[int, int, float, str]]:
    """(start, end, value in 万元, printed text) of every amount of money in `text`, in order."""
    return [(m.start(), m.end(), _amount(m) * UNIT_SCALE[m.group("unit")], m.group(0)) for m in _amounts(text)
            if not (PER_UNIT_BEFORE.search(text[:m.start()]) or PER_UNIT_AFTER.match(text[m.end():]))]


def _amount(m: re.Match) -> float:
    """The figure of a MONEY or MONEY_CN match, before its unit."""
    return _num(m.group("num")) if "num" in m.re.groupindex else chinese_number(m.group("cn"))


def _percent(m: re.Match) -> float | None:
    """The fraction a PERCENT match states."""
    if m.group("num") is not None:
        return _num(m.group("num")) / 100
    if m.group("tenths"):
        digits = "一二三四五六七八九"
        return (digits.index(m.group("tenths")) + 1) / 10 + (
            (digits.index(m.group("hundredths")) + 1) / 100 if m.group("hundredths") else 0)
    value = chinese_number(m.group("cn"))
    return None if value is None else value / 100


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs, sentence ends kept; blank pieces dropped."""
    out, start = [], 0
    for piece in SENTENCE_END.split(text):
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((start + lead, piece.strip()))
        start += len(piece) + (1 if text[start + len(piece):start + len(piece) + 1] == "\n" else 0)
    return out


def subject_in(clause: str) -> str | None:
    """The project a clause names: “X”项目, or the words before 项目 (2024年X项目…)."""
    match = QUOTED.search(clause)
    if match:
        return match.group(1).strip()
    if "项目" not in clause:
        return None  # no token can be 项目: no need to segment (or load jieba at all)
    tagged = _tagged(clause)
    tokens = [word for word, _ in tagged]
    for i, tok in enumerate(tokens):
        if tok != "项目":
            continue
        words: list[str] = []
        j = i - 1
        while j >= 0:
            t = tokens[j]
            if not t.strip():
                if words:
                    break
                j -= 1
                continue
            if not re.match(r"^[\u4e00-\u9fff·（）()A-Za-z]+$", t) or t in ("年", "年度", "的", "为", "对", "由",
                                                                          "是", "将", "在", "和", "及", "与"):
                break
            if t in GENERIC or tagged[j][1] in CLAUSE_WORDS:
                break     # 根据 / 按照 / 对照 (prepositions), 该 / 本 (pronouns), 和 / 及: no part of a name
            words.insert(0, t)
            j -= 1
        name = "".join(words)
        verbs_only = all(flag.startswith("v") for word, flag in tagged[j + 1:i])
        if len(name) >= 2 and name not in GENERIC and not verbs_only:     # 缺少项目…: no name
            return name
    return None


def heading_subject(heading: str) -> str | None:
    """`1、项目立项分析` -> `项目立项`; `（一）项目决策情况` -> `项目决策`; `2、可持续影响` -> `可持续影响`."""
    text = heading.strip()
    if text[:1] and ("⑴" <= text[0] <= "⒛" or "㈠" <= text[0] <= "㈩"):
        text = unicodedata.normalize("NFKC", text[0]) + text[1:]     # ⑴ -> (1), ㈠ -> (一)
    if numbering_level(text) is not None:
        text = re.sub(r"^(第[^部章篇节]+(部分|章|篇|节)|[（(]?\s*[\d一二三四五六七八九十]+\s*[)）]?\s*[、.．]?)\s*", "", text)
    # a run-in heading keeps the full stop that closed it (`3.满意度指标完成情况分析。`)
    text = re.sub(r"(情况分析|分析|情况|评价|说明)$", "", text.rstrip("。.；;：: ")).strip("：: ，,")
    return text or None


# `对照部门整体支出绩效评价指标，…综合评分79.5分`: the yardstick the score was given by, no part of it
YARDSTICK = re.compile(r"(?:对照|按照|根据|依据|参照)[^，。；]*$|(?:评价|绩效|考核)$")


def _part_subject(sentence: str) -> str | None:
    for match in PART_NAME.finditer(sentence):
        if not YARDSTICK.search(sentence[:match.start()] + match.group("part")):
            return match.group("part")
    return None


def _last_part(text: str) -> str | None:
    """The part named last in `text` (`决策类指标得分18分、过程类指标得分17分` -> 过程类)."""
    found = [m.group("part") for m in PART_NAME.finditer(text)
             if not YARDSTICK.search(text[:m.start()] + m.group("part"))]
    return found[-1] if found else None


def _norm_name(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^\d{4}年?度?", "", text)
    return text.strip("“”\"'")


def match_project(subject: str | None, projects: list[Project]) -> Project | None:
    key = _norm_name(subject)
    if len(key) < 2:
        return None
    best, best_ratio = None, 0.0
    for project in projects:
        name = _norm_name(project.project_name)
        if not name:
            continue
        if name == key:
            return project
        if len(key) >= 4 and (key in name or name in key):
            ratio = 0.95
        else:
            ratio = SequenceMatcher(None, key, name).ratio()
        if ratio > best_ratio:
            best, best_ratio = project, ratio
    return best if best_ratio >= 0.8 else None


# 转移支付 (a transfer from a higher government) names a kind of fund, not a payment
TRANSFER = re.compile(r"转移支付")
DIFFERENCE = re.compile(r"超出|超过|超支|结余|剩余|节余|节约|差额|减少|增加|不足|缺口|比例|占|"
                        r"(?:追加|调增|调减)(?![至到后为])")


def _money_kind(before: str) -> str | None:
    """budget/executed from the keyword nearest before the amount (its end closest); None when
    the amount is a difference (超出预算部分 100 万元, 结余 5 万元) or a share."""
    best, best_end, best_start = None, -1, -1
    before = TRANSFER.sub(lambda m: "＿" * len(m.group()), before)
    for kind, words in (("budget", BUDGET_WORDS), ("executed", EXECUTED_WORDS)):
        for word in words:
            pos = before.rfind(word)
            if pos >= 0 and pos + len(word) > best_end:
                best, best_end, best_start = kind, pos + len(word), pos
    if best is None:
        return None
    if DIFFERENCE.search(before[max(0, best_start - 4):]):
        return None
    return best


AFTER_WINDOW = 8
# an amount per head, per item or per year (每人每年12元 / 每座1,000元 / 12元/人 / 12元标准)
PER_UNIT_BEFORE = re.compile(r"每[\u4e00-\u9fff]{0,5}$")
PER_UNIT_AFTER = re.compile(r"\s*(?:/|／|每|标准)")


def _money_kind_after(after: str, before: str) -> str | None:
    """budget/executed from the first keyword after the amount (`105万元分两批下达`, `50万元已支付`),
    unless what stands before makes the amount a difference or a share."""
    if DIFFERENCE.search(before[-6:]):
        return None
    best, best_pos = None, len(after) + 1
    after = TRANSFER.sub(lambda m: "＿" * len(m.group()), after)
    for kind, words in (("budget", AFTER_BUDGET_WORDS), ("executed", EXECUTED_WORDS)):
        for word in words:
            pos = after.find(word)
            if 0 <= pos < best_pos:
                best, best_pos = kind, pos
    return best


AFTER_BUDGET_WORDS = ("批复", "安排", "下达", "核定")


def _measured_next(before: str, rest: str) -> bool:
    """An amount named by its fund alone (`地方资金21,605,000.00元，实际支出20,406,312.26元，执行率
    94.45%`) is the budget the payment after it is measured against: the sentence's next amount is
    a payment and a 执行率 follows it."""
    if DIFFERENCE.search(before[-6:]) or not re.search(r"资金|经费|补助|专项", before):
        return False
    nxt = MONEY.search(rest)
    if nxt is None:
        return False
    lead = CLAUSE_SPLIT.split(rest[:nxt.start()])[-1]
    return _money_kind(lead) == "executed" and EXEC_RATE.search(rest[nxt.end():]) is not None


def extract_facts(sections: list[Section], projects: list[Project], doc_id: str) -> list[Fact]:
    facts: list[Fact] = []

    def add(kind, value, raw, unit, sentence, section, page, subject, text_value=None, **extra):
        project = match_project(subject, projects)
        fact = Fact(seq=len(facts), kind=kind, value=value, value_raw=raw, unit=unit, sentence=sentence,
                    section_path=section.path or None, page=page, subject=subject,
                    project_id=f"{doc_id}:{project.table_index}" if project else None, text_value=text_value)
        for name, val in extra.items():
            if hasattr(fact, name):
                setattr(fact, name, val)
        facts.append(fact)

    for section in sections:
        section_subject = heading_subject(section.heading) if section.heading else None
        named: str | None = None            # last project named earlier in this section
        # a part of a department-wide report (二、部门整体支出情况): its totals are the department's
        department_part = (bool(DEPARTMENT_PART.search(section.path or ""))
                           and not PROJECT_HEADING.match(section_subject or ""))
        for page, sentence in _sentences_of(section):
            if CLASSIFICATION.search(sentence):
                department_part = False
            part = _part_subject(sentence)
            full = FULL_MARKS.search(sentence)
            named_here = False          # a project named by an earlier clause of this sentence
            parts_scored: set[str] = set()   # parts whose scores earlier clauses stated
            totalled = any(m.group("label") in TOTAL_LABELS for m in SCORE.finditer(sentence))
            department_said = False     # an earlier clause stated a department total
            for c_off, clause in _clauses(sentence):
                here = subject_in(clause)
                if here:
                    named = here
                    named_here = True
                if "其中" in clause:
                    department_said = False     # the parts of a total follow 其中
                subject = here or named
                for m in _amounts(clause):
                    before = clause[:m.start()]
                    if PER_UNIT_BEFORE.search(before) or PER_UNIT_AFTER.match(clause[m.end():]):
                        continue     # 按每人每年12元标准, 328元/平方米: a rate per unit, no sum of money
                    kind = _money_kind(before)
                    if kind is None and not re.search(r"\d", clause[m.end():m.end() + AFTER_WINDOW]):
                        # 资金105万元分两批下达: the verb after the amount
                        kind = _money_kind_after(clause[m.end():m.end() + AFTER_WINDOW], before)
                    if kind is None and _measured_next(before, sentence[c_off + m.end():]):
                        kind = "budget"
                    if kind is None:
                        continue
                    value = _amount(m) * UNIT_SCALE[m.group("unit")]
                    # `部门年初预算数为5.86亿元，调整预算数为6.12亿元，决算数为5.97亿元`: the clauses after
                    # a department total, in its sentence, go on stating the department's
                    if here is None and not PROJECT_WORD.search(before) and (department_said or (
                            DEPARTMENT.search(before) and DEPARTMENT_TOTAL.search(before))
                            or DEPARTMENT_MONEY.search(before) or (
                            department_part and not named_here and DEPARTMENT_TOTAL.search(YEAR.sub("", before)))):
                        department_said = True
                        add(f"department_{kind}", value, m.group(0), "万元", sentence, section, page, None)
                        continue
                    add(kind, value, m.group(0), "万元", sentence, section, page, subject)
                respective = RESPECTIVE.search(clause)
                if respective:
                    # `决策、过程、产出、效益分别得分18分、17分、36分、16分`: the names and their scores in turn
                    names = re.split(r"[、和及与]", respective.group("names"))
                    points = re.findall(r"\d+(?:\.\d+)?(?=\s*分)", respective.group("nums"))
                    if len(names) == len(points):
                        for name, point in zip(names, points):
                            add("sub_score", _num(point), f"{name}{point}分", "分", sentence, section, page, name)
                            parts_scored.add(name)
                        clause = clause[:respective.start()] + "＿" * len(respective.group(0)) + clause[respective.end():]
                bare = BARE_PART_SCORE.search(clause) if totalled and not SCORE.search(clause) else None
                if bare and not YARDSTICK.search(bare.group("part")) and not CHANGE.search(bare.group("part")):
                    # `项目决策18分，项目过程17分，…，总分89分`: a part's score without 得分
                    add("sub_score", _num(bare.group("num")), bare.group(0).strip("：: "), "分", sentence, section,
                        page, bare.group("part"))
                    parts_scored.add(bare.group("part"))
                for m in SCORE.finditer(clause):
                    value = _num(m.group("num"))
                    label = m.group("label")
                    if label == "总分" and full is not None:
                        continue
                    lead = clause[:m.start()]
                    # `产出指标得分38分，效益指标得分27分，…`: each clause names its own part
                    # (`决策指标（满分20分）得分18分`: the note between the part and its score left out)
                    own_part = re.sub(r"^其中", "", _last_part(NOTE.sub("", clause[:m.end()])) or "") or None
                    # (a part named after the score is not its: `综合得分95分，其中产出指标得分38分`)
                    part_before = part and _part_subject(sentence[:c_off + m.end()])
                    if label in TOTAL_LABELS and own_part is None and len(parts_scored) >= 2:
                        # `…，效益指标得分26分，综合得分94分`: the total after the parts' scores
                        add("total_score", value, m.group(0), "分", sentence, section, page, subject or None)
                        continue
                    if own_part:
                        parts_scored.add(own_part)
                    # (`该项目得分97.6分`: the project as a whole, not a part named before 得分)
                    if label == "得分" and not re.search(r"(综合|总体|最终|整体|绩效评价|评价|(?:该|本|此|整个)项目)\s*$",
                                                        lead):
                        # 预算执行得分 10 分: the score of a part, named just before 得分
                        # (in a list of parts' scores, `预算执行得分9.75分` names its own part)
                        listed = _words_before(lead) if parts_scored else None
                        named_part = own_part or listed or part_before or _words_before(lead) or section_subject
                        add("sub_score", value, m.group(0), "分", sentence, section, page, named_part,
                            full_marks=_num(full.group("num")) if full else None)
                        continue
                    if part_before or (label in ("考评平均分", "平均得分", "平均分") and not here):
                        subj = part_before or section_subject
                        add("sub_score", value, m.group(0), "分", sentence, section, page, subj,
                            full_marks=_num(full.group("num")) if full else None)
                    else:   # 综合得分 / 自评得分 …: the whole project's
                        add("total_score", value, m.group(0), "分", sentence, section, page, subject or None)
                for m in LOSS.finditer(clause):
                    add("loss_rate", _num(m.group("num")) / 100, m.group(0), "%", sentence, section, page,
                        part or section_subject)
                for m in SATISFACTION.finditer(clause):
                    if _percent(m) is not None:
                        add("satisfaction", _percent(m), m.group(0), "%", sentence, section,
                            page, subject or section_subject)
                for m in EXEC_RATE.finditer(clause):
                    if _percent(m) is not None:
                        add("exec_rate", _percent(m), m.group(0), "%", sentence, section, page, subject)
                for m in COUNT.finditer(clause):
                    add("count", _num(m.group("num")), m.group(0), m.group("unit"), sentence, section, page,
                        subject or section_subject)
                graded = False
                for m in GRADE.finditer(clause):
                    graded = True
                    add("grade", None, m.group(0), None, sentence, section, page, subject,
                        text_value=GRADE_NORMAL[m.group("grade")])
                for m in ([] if graded else GRADE_BARE.finditer(clause)):
                    word = m.group("quoted") or m.group("word") or m.group("before")
                    add("grade", None, m.group(0), None, sentence, section, page, subject,
                        text_value=GRADE_NORMAL[word])
    for fact in facts:
        fact.unit_suspect = unit_evidence(fact, facts, projects) is not None
    return facts


def _sentences_of(section: Section) -> list[tuple[int | None, str]]:
    """(page, sentence) of the section's text, after those of its heading when the heading is
    itself a statement with figures (`（一）…衔接资金共下达105万元，用于实施…`)."""
    out: list[tuple[int | None, str]] = []
    heading = re.sub(r"^(第[^部章篇节]+(部分|章|篇|节)|[（(]?\s*[\d一二三四五六七八九十]+\s*[)）]?\s*[、.．]?)\s*", "",
                     (section.heading or "").strip())
    if re.search(r"\d", heading) and len(heading) > 8:
        out += [(section.page, sentence) for _, sentence in sentences(heading)]
    for paragraph_offset, paragraph in _paragraphs(section.text):
        for s_off, sentence in sentences(paragraph):
            out.append((page_at(section, paragraph_offset + s_off), sentence))
    return out


# ---------------------------------------------------------------- unit suspicion

UNIT_SCALE = {"亿元": 1e4, "万元": 1.0, "千元": 0.1, "元": 1e-4, "亿": 1e4, "万": 1.0}
RATE_IN = re.compile(r"(?:执行率|(?:预算|资金|经费)(?:使用|支出|支付)率|支出进度|支付进度|(?:预算|资金)执行进度|完成率)" + LINK + r"(?P<num>\d+(?:\.\d+)?)\s*%")


def _printed_unit(raw: str | None) -> str | None:
    match = MONEY.search(raw or "")
    return match.group("unit") if match else None


def _half(raw: str) -> float:
    """Half a unit of the last printed digit, in the printed unit."""
    digits = re.findall(r"\d+(?:\.(\d+))?", (raw or "").replace(",", ""))
    decimals = len(digits[-1]) if digits and digits[-1] else 0
    return 0.5 * 10 ** (-decimals)


def table_amounts(projects: list[Project]) -> list[tuple[float, str, Project, str]]:
    """(value in 万元, printed text, project, field) of every budget / executed figure of the tables."""
    out = []
    for project in projects:
        lines = [project, *project.funding]
        for line in lines:
            for name in ("budget_initial", "budget_adjusted", "executed"):
                value = getattr(line, name, None)
                if value is not None and value > 0:
                    out.append((value, getattr(line, f"{name}_raw", None) or "", project, name))
    return out


def unit_evidence(fact: Fact, facts: list[Fact], projects: list[Project]) -> str | None:
    """Why an amount printed in 元 is most likely 万元 (`总支出2263.81元`), or None.

    Read as 万元 it equals a figure printed elsewhere in 万元 (a 自评表 cell, another sentence)
    while as 元 it equals none; or the 执行率 stated in the same sentence is what it gives as
    万元 over a stated budget."""
    if fact.kind not in ("budget", "executed") or _printed_unit(fact.value_raw) != "元" or fact.value is None:
        return None
    number = fact.value / UNIT_SCALE["元"]          # the printed number
    tol = _half(fact.value_raw)
    refs = [(value, f"自评表“{p.project_name or ''}”{FIELD_NAMES[name]} {value:g} 万元")
            for value, raw, p, name in table_amounts(projects)]
    refs += [(f.value, f"正文“{f.value_raw}”") for f in facts
             if f is not fact and f.kind in ("budget", "executed") and f.value
             and _printed_unit(f.value_raw) in ("万元", "亿元", "万", "亿")]
    if any(abs(value - fact.value) <= 1e-9 + tol * 1e-4 for value, _ in refs):
        return None                                     # it matches as 元: nothing to doubt
    for value, where in refs:
        if abs(value - number) <= tol + 0.005:
            return f"按万元读为 {number:g} 万元，与{where}一致"
    rate = RATE_IN.search(fact.sentence or "")
    if fact.kind == "executed" and rate:
        stated = float(rate.group("num")) / 100
        rate_tol = _half(rate.group("num")) / 100
        for budget in [f for f in facts if f.kind == "budget" and f.value and not f.unit_suspect
                       and _printed_unit(f.value_raw) in ("万元", "亿元", "万", "亿")]:
            if abs(number / budget.value - stated) <= rate_tol + 1e-6:
                return (f"按万元读为 {number:g} 万元，正好是所述预算 {budget.value_raw} 的 {rate.group('num')}%"
                        f"（同句所述执行率）")
    return None


FIELD_NAMES = {"budget_initial": "年初预算数", "budget_adjusted": "全年预算数", "executed": "全年执行数"}


def _words_before(lead: str) -> str | None:
    """The CJK words right before a label: `预算执行` from `…，预算执行`."""
    match = re.search(r"([\u4e00-\u9fff]{2,12})\s*$", lead)
    if not match:
        return None
    words = re.sub(r"^(其中|故|因此|所以|经评价|评价)", "", match.group(1))
    return words or None


# `9，856万元`: a full-width comma typed (or read by OCR) as the thousands separator of an amount,
# not a clause break; the same length, so offsets into the section text hold
WIDE_THOUSANDS = re.compile(r"(?<![\d.])(\d{1,3})，(?=\d{3}(?:[,，]\d{3})*(?:\.\d+)?\s*(?:亿元|万元|千元|元))")


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    text = WIDE_THOUSANDS.sub(r"\1,", text)      # 1，234，567元: every group in one pass
    for piece in text.split("\n"):
        if piece.strip():
            out.append((pos, piece))
        pos += len(piece) + 1
    return out


def _clauses(sentence: str) -> list[tuple[int, str]]:
    """Comma-separated clauses; a money amount and its keyword stay in one clause."""
    out, pos = [], 0
    for piece in CLAUSE_SPLIT.split(sentence):
        out.append((pos, piece))
        pos += len(piece) + 1
    return out
