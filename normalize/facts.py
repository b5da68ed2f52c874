"""Figures stated in the narrative -> Fact rows a reviewer (and validate/narrative.py) can check.

What is picked up, per sentence (split on 。！？；and line ends):

    budget       预算资金为800万元, 批复/安排/下达 … 万元               value in 万元
    executed     支付金额为3296.17万元, 执行/支出/使用/拨付 … 万元       value in 万元
    exec_rate    预算执行率为100%                                        fraction
    total_score  综合得分 87.22 分 (not qualified by a part: 项目决策指标…)  points
    sub_score    项目决策指标分值满分 10 分，综合得分 8.22 分; 考评平均分为 2.84 分
    grade        评定结论为“良”, 评价等级为优秀                          text_value 优/良/中/差
    loss_rate    失分率为 5.33%                                          fraction
    satisfaction 满意度达到 90%以上                                      fraction
    count        问卷 160 份, 样本 30 个                                 count
    department_budget / department_executed   部门年度预算总额为56万元 (no project named)

The subject is the project or indicator the sentence is about: a quoted name before 项目
(“工会工作者人员经费”项目), the words before 项目 (2024年工会工作者人员经费项目…, found with jieba),
the part a sub-score names (项目决策指标…), else what an earlier clause of the same paragraph
named, else the section heading (1、项目立项分析 -> 项目立项).
"""
from __future__ import annotations

import functools
import logging
import re
import unicodedata
from difflib import SequenceMatcher

from .records import Fact, Project, Section
from .sections import numbering_level, page_at

NUM = r"(?P<num>\d[\d,]*(?:\.\d+)?)"
MONEY = re.compile(NUM + r"\s*(?P<unit>亿元|万元|千元|元)")
SCORE = re.compile(r"(?P<label>综合得分|总得分|最终得分|评价得分|绩效得分|考评平均分|平均得分|平均分|得分|总分)"
                   r"\s*(?:为|是|达到|达|:|：)?\s*" + NUM + r"\s*分")
FULL_MARKS = re.compile(r"满分\s*(?:为|是)?\s*(?P<num>\d+(?:\.\d+)?)\s*分")
LOSS = re.compile(r"失分率\s*(?:为|是|:|：)?\s*" + NUM + r"\s*%")
SATISFACTION = re.compile(r"(?P<label>满意度|满意率|好评率)\s*(?:调查)?(?:结果)?\s*(?:为|是|达到|达|超过|在)?\s*" + NUM + r"\s*%")
EXEC_RATE = re.compile(r"(?P<label>执行率|支出进度|支付进度)\s*(?:为|是|达到|达|:|：)?\s*" + NUM + r"\s*%")
COUNT = re.compile(r"(?P<label>问卷|调查问卷|样本|有效问卷|回收问卷|发放问卷)[^，。；\d]{0,6}?" + NUM + r"\s*(?P<unit>份|个|人|户)")
GRADE = re.compile(r"(?P<label>结论|等级|等次|评级|评定|结果)[^，。；“”\"]{0,6}?(?:为|是|:|：)\s*"
                   r"[“\"'「『‘]?\s*(?P<grade>优秀|良好|优|良|中等|合格|中|不合格|较差|差)\s*[”\"'」』’]?"
                   r"(?!\s*[、/和及]|\s*[优良中差])")
GRADE_NORMAL = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "合格": "中",
                "不合格": "差", "较差": "差", "差": "差"}
BUDGET_WORDS = ("预算资金", "预算数", "预算", "批复", "安排", "下达", "核定", "年初")
EXECUTED_WORDS = ("支付金额", "支付", "实际支出", "支出", "执行数", "执行", "使用", "拨付", "结算", "花费", "累计")
PART_NAME = re.compile(r"(?P<part>[\u4e00-\u9fff]{2,10}?)(?:指标|部分|方面)(?:分值|权重|满分|总分|综合得分|得分|[，,])")
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,40})[”\"」』]\s*项目")
GENERIC = {"该", "本", "此", "各", "整个", "上述", "以上", "所有", "全部", "相关", "其他", "本年", "本次", "各项"}
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n")
CLAUSE_SPLIT = re.compile(r"[，,]")
# A department-wide total (部门预算总额为…, 部门整体支出…): kind department_budget / department_executed.
DEPARTMENT = re.compile(r"部门|本单位|单位整体|单位全年")
DEPARTMENT_TOTAL = re.compile(r"总额|整体|合计|总计|全年|年度|全部")


@functools.lru_cache(maxsize=1)
def _jieba():
    import jieba
    jieba.setLogLevel(logging.WARNING)
    return jieba


def _num(text: str) -> float:
    return float(text.replace(",", ""))


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
    jieba = _jieba()
    tokens = jieba.lcut(clause)
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
            if t in GENERIC:
                break
            words.insert(0, t)
            j -= 1
        name = "".join(words)
        if len(name) >= 2 and name not in GENERIC:
            return name
    return None


def heading_subject(heading: str) -> str | None:
    """`1、项目立项分析` -> `项目立项`; `（一）项目决策情况` -> `项目决策`; `2、可持续影响` -> `可持续影响`."""
    text = heading.strip()
    if numbering_level(text) is not None:
        text = re.sub(r"^(第[^部章篇]+(部分|章|篇)|[（(]?\s*[\d一二三四五六七八九十]+\s*[)）]?\s*[、.．]?)\s*", "", text)
    text = re.sub(r"(情况分析|分析|情况|评价|说明)$", "", text).strip("：: ，,")
    return text or None


def _part_subject(sentence: str) -> str | None:
    match = PART_NAME.search(sentence)
    return match.group("part") if match else None


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


DIFFERENCE = re.compile(r"超出|超过|超支|结余|剩余|节余|节约|差额|减少|增加|不足|缺口|比例|占")


def _money_kind(before: str) -> str | None:
    """budget/executed from the keyword nearest before the amount (its end closest); None when
    the amount is a difference (超出预算部分 100 万元, 结余 5 万元) or a share."""
    best, best_end, best_start = None, -1, -1
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


def extract_facts(sections: list[Section], projects: list[Project], doc_id: str) -> list[Fact]:
    facts: list[Fact] = []

    def add(kind, value, raw, unit, sentence, section, offset, subject, text_value=None, **extra):
        project = match_project(subject, projects)
        fact = Fact(seq=len(facts), kind=kind, value=value, value_raw=raw, unit=unit, sentence=sentence,
                    section_path=section.path or None, page=page_at(section, offset), subject=subject,
                    project_id=f"{doc_id}:{project.table_index}" if project else None, text_value=text_value)
        for name, val in extra.items():
            if hasattr(fact, name):
                setattr(fact, name, val)
        facts.append(fact)

    for section in sections:
        section_subject = heading_subject(section.heading) if section.heading else None
        named: str | None = None            # last project named earlier in this section
        for paragraph_offset, paragraph in _paragraphs(section.text):
            for s_off, sentence in sentences(paragraph):
                offset = paragraph_offset + s_off
                part = _part_subject(sentence)
                full = FULL_MARKS.search(sentence)
                clauses = _clauses(sentence)
                for c_off, clause in clauses:
                    here = subject_in(clause)
                    if here:
                        named = here
                    subject = here or named
                    for m in MONEY.finditer(clause):
                        before = clause[:m.start()]
                        kind = _money_kind(before)
                        if kind is None:
                            continue
                        value = _num(m.group("num")) * {"亿元": 1e4, "万元": 1.0, "千元": 0.1, "元": 1e-4}[m.group("unit")]
                        if here is None and DEPARTMENT.search(before) and DEPARTMENT_TOTAL.search(before):
                            add(f"department_{kind}", value, m.group(0), "万元", sentence, section, offset, None)
                            continue
                        add(kind, value, m.group(0), "万元", sentence, section, offset, subject)
                    for m in SCORE.finditer(clause):
                        value = _num(m.group("num"))
                        label = m.group("label")
                        if label == "总分" and full is not None:
                            continue
                        lead = clause[:m.start()]
                        if label == "得分" and not re.search(r"(综合|总体|最终|整体|绩效评价|评价)\s*$", lead):
                            # 预算执行得分 10 分: the score of a part, named just before 得分
                            named_part = part or _words_before(lead) or section_subject
                            add("sub_score", value, m.group(0), "分", sentence, section, offset, named_part,
                                full_marks=_num(full.group("num")) if full else None)
                            continue
                        if part or (label in ("考评平均分", "平均得分", "平均分") and not here):
                            subj = part or section_subject
                            add("sub_score", value, m.group(0), "分", sentence, section, offset, subj,
                                full_marks=_num(full.group("num")) if full else None)
                        else:
                            add("total_score", value, m.group(0), "分", sentence, section, offset,
                                subject or None)
                    for m in LOSS.finditer(clause):
                        add("loss_rate", _num(m.group("num")) / 100, m.group(0), "%", sentence, section, offset,
                            part or section_subject)
                    for m in SATISFACTION.finditer(clause):
                        add("satisfaction", _num(m.group("num")) / 100, m.group(0), "%", sentence, section,
                            offset, subject or section_subject)
                    for m in EXEC_RATE.finditer(clause):
                        add("exec_rate", _num(m.group("num")) / 100, m.group(0), "%", sentence, section, offset,
                            subject)
                    for m in COUNT.finditer(clause):
                        add("count", _num(m.group("num")), m.group(0), m.group("unit"), sentence, section, offset,
                            subject or section_subject)
                    for m in GRADE.finditer(clause):
                        add("grade", None, m.group(0), None, sentence, section, offset, subject,
                            text_value=GRADE_NORMAL[m.group("grade")])
    return facts


def _words_before(lead: str) -> str | None:
    """The CJK words right before a label: `预算执行` from `…，预算执行`."""
    match = re.search(r"([\u4e00-\u9fff]{2,12})\s*$", lead)
    if not match:
        return None
    words = re.sub(r"^(其中|故|因此|所以|经评价|评价)", "", match.group(1))
    return words or None


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
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
