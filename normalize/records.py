"""Canonical records, one dataclass per output table (see docs/SCHEMA.md).

Field names equal the Parquet column names; jixiao.batch.schema holds the Arrow types.
Every parsed number keeps its printed text beside it (`*_raw`), and every value a reviewer may
need to find again keeps a pointer to its cell (`CellRef`).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CellRef:
    """Where a value was printed: table + grid slot + page/bbox (page and bbox None for docx)."""
    table_index: int
    row: int
    col: int
    page: int | None = None
    x0: float | None = None
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
    confidence: float | None = None


@dataclass
class FundingLine:
    source: str                       # total, fiscal, carryover, other, or another lower-case name
    label_raw: str
    budget_initial: float | None = None
    budget_adjusted: float | None = None
    executed: float | None = None
    budget_initial_raw: str | None = None
    budget_adjusted_raw: str | None = None
    executed_raw: str | None = None
    weight_raw: str | None = None
    exec_rate_raw: str | None = None
    score_raw: str | None = None
    row: int | None = None
    refs: dict[str, CellRef] = field(default_factory=dict)   # field name -> cell


@dataclass
class Indicator:
    seq: int
    level1: str | None = None
    level2: str | None = None
    level3: str | None = None
    target_raw: str | None = None
    actual_raw: str | None = None
    weight: float | None = None
    score: float | None = None
    deviation_note: str | None = None
    weight_raw: str | None = None
    score_raw: str | None = None
    operator: str | None = None       # =, ≥, ≤, >, < where printed or implied
    unit: str | None = None
    row: int | None = None
    # grid row of the ★ core indicator this 其中… sub-row details; a sub-row has no 分值/得分 of
    # its own and is left out of the sums
    parent_row: int | None = None
    refs: dict[str, CellRef] = field(default_factory=dict)


@dataclass
class Subtotal:
    """Points printed for a run of indicators: a 小计 row closing a 一级指标's indicators, a 一级指标
    row printing its own 分值 / 得分, or the 分值 in a 一级指标's label (产出指标（50分）); what is
    printed, and which indicators it sums (indicators[first_seq:end_seq])."""
    row: int
    label: str
    level1: str | None
    first_seq: int
    end_seq: int
    weight: float | None = None
    score: float | None = None
    weight_raw: str | None = None
    score_raw: str | None = None
    refs: dict[str, CellRef] = field(default_factory=dict)
    printed_as: str = "row"      # row: a 小计 or 一级指标 row prints the figures; label: 产出指标（50分）

    @property
    def standalone(self) -> bool:
        """A 一级指标 printing points with no indicators under it: its points are part of the 总分."""
        return self.end_seq <= self.first_seq


@dataclass(frozen=True)
class HeaderCell:
    """A header cell of a table's funding or indicator block and the column role it was given:
    a canonical field (budget_initial, weight, level3, …), `label` for the funding lines' label
    column, or None when nothing placed it (drawn in a warning colour by `jixiao debug`)."""
    block: str                        # funding, indicators
    role: str | None
    text: str
    ref: CellRef


@dataclass
class Project:
    table_index: int
    page_start: int | None = None
    page_end: int | None = None
    year: int | None = None
    project_name: str | None = None
    competent_dept: str | None = None
    implementing_unit: str | None = None
    project_lead: str | None = None
    contact_phone: str | None = None
    budget_initial: float | None = None
    budget_adjusted: float | None = None
    executed: float | None = None
    budget_initial_raw: str | None = None
    budget_adjusted_raw: str | None = None
    executed_raw: str | None = None
    exec_rate_stated: float | None = None
    exec_rate_stated_raw: str | None = None
    budget_weight: float | None = None
    budget_score: float | None = None
    budget_weight_raw: str | None = None
    budget_score_raw: str | None = None
    total_weight_stated: float | None = None
    total_score_stated: float | None = None
    total_weight_raw: str | None = None
    total_score_raw: str | None = None
    goal_planned: str | None = None
    goal_actual: str | None = None
    conclusion: str | None = None     # 评价结论 (Sichuan template)
    problems: str | None = None       # 存在问题
    measures: str | None = None       # 改进措施
    grade: str | None = None          # 自评等级 / 评价等级 row (优, 良, …) as printed
    money_unit: str = "万元"           # unit printed in the table; values are always converted to 万元
    # no unit printed, and the amounts read in 万元 reached 10 亿元: they were read as 元
    money_unit_inferred: bool = False
    funding: list[FundingLine] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    refs: dict[str, CellRef] = field(default_factory=dict)
    unmapped_columns: list[str] = field(default_factory=list)  # header labels nobody recognised
    # the indicator block has 分值 / 得分 columns; a 绩效目标自评表 that scores nothing has neither,
    # and its indicators carry no weights to add up
    scored: bool = True
    # fields still holding the template's instruction text (对照年度目标，说明…（100字以内）):
    # `goal_actual`, `indicators[2].actual_raw`; kept as printed, never read as data
    template_fields: list[str] = field(default_factory=list)
    header_cells: list[HeaderCell] = field(default_factory=list)   # not a column: for review / debug
    subtotals: list[Subtotal] = field(default_factory=list)        # not a column: 小计 rows, checked by validate


@dataclass
class Section:
    seq: int
    level: int
    heading: str
    path: str
    text: str
    page: int | None = None


@dataclass
class Fact:
    """A figure stated in the prose that a reviewer can check."""
    seq: int
    kind: str                # budget, executed, total_score, grade, loss_rate, satisfaction, count, sub_score, ...
    value: float | None      # 万元 for money, fraction for rates, points for scores
    value_raw: str
    unit: str | None
    sentence: str
    section_path: str | None = None
    page: int | None = None
    subject: str | None = None       # project or indicator named in or implied by the sentence
    project_id: str | None = None
    text_value: str | None = None    # e.g. the grade 优/良/中/差
    full_marks: float | None = None  # 满分 stated with a sub-score (项目决策指标分值满分 10 分)
    # An amount printed in 元 that is almost surely 万元 (read as 万元 it is a figure the report
    # prints elsewhere): its value is kept as printed but not trusted by the checks.
    unit_suspect: bool = False


@dataclass
class PanelScore:
    """One cell of a report-level scoring table, in long form."""
    table_index: int
    kind: str                # panel_scores or indicator_system
    row: int
    level1: str | None
    level2: str | None
    level3: str | None
    indicator_path: str
    weight: float | None
    expert: str | None       # expert name, '合计', '平均分', or None for the weight-only system table
    score: float | None
    score_raw: str | None
    is_total_row: bool = False
    page: int | None = None
    level1_weight: float | None = None   # `决策（10 分）` -> 10
    level2_weight: float | None = None
    weight_raw: str | None = None
    col: int | None = None               # grid column of the score (None for the system table)
    confidence: float | None = None      # OCR: lowest confidence of the row's weight and score cells


@dataclass
class TableCell:
    """cells table row: one extracted cell, before any mapping."""
    table_index: int
    kind: str
    row: int
    col: int
    row_span: int
    col_span: int
    text: str
    page: int | None = None
    x0: float | None = None
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
    confidence: float | None = None
    sheet: str | None = None          # spreadsheets: worksheet name ...
    ref: str | None = None            # ... and A1 reference of the cell ("C7", "C7:E7" merged)
    hidden: bool | None = None        # spreadsheets: the cell's row or column is hidden
    text_raw: str | None = None      # OCR: what was read, when normalize corrected `text`
    correction: str | None = None    # OCR: what was changed and why (normalize/ocr_correct.py)


@dataclass
class NormalizedDocument:
    doc_id: str
    projects: list[Project] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    panel_scores: list[PanelScore] = field(default_factory=list)
    cells: list[TableCell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ocr_corrections: int = 0         # OCR cell readings normalize corrected (ocr_correct.py)

    def project_id(self, project: Project) -> str:
        return f"{self.doc_id}:{project.table_index}"
