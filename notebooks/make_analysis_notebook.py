#!/usr/bin/env python3
"""Writes notebooks/analysis.ipynb (without outputs) from the cells below, so the notebook's
code stays reviewable as plain Python:

    python notebooks/make_analysis_notebook.py [notebooks/analysis.ipynb]

tests/test_notebook_analysis.py executes the notebook against an output folder.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]

CELLS = [
    ("md", """# 绩效自评数据分析 — analysis of a `jixiao run` output folder

Reads the Parquet tables of one output folder through the jixiao API (`jixiao.open_dataset`:
pandas DataFrames, and DuckDB SQL over the same files; contract:
`shared/SCHEMA.md`). Set `JIXIAO_OUT` to the folder (default `../out/samples`, relative to this
notebook). Figures are also saved as PNG under `$JIXIAO_OUT/analysis/`.

1. what was read (documents, projects, flags)
2. budget execution: computed `executed / budget_adjusted` against the printed 执行率
3. scores by department
4. flags by rule and severity
5. the largest discrepancies
6. one report read directly with `jixiao.read`"""),
    ("code", """import os
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager
import pandas as pd

OUT = Path(os.environ.get("JIXIAO_OUT", "../out/samples")).resolve()
assert OUT.is_dir(), f"no output folder at {OUT}: run `jixiao run DIR --out OUT` and set JIXIAO_OUT"
FIGURES = OUT / "analysis"
FIGURES.mkdir(exist_ok=True)

# a CJK font for department names, when the machine has one
cjk = [f.name for f in font_manager.fontManager.ttflist
       if any(k in f.name for k in ("CJK", "WenQuanYi", "SimHei", "Hei", "Song", "Ming"))]
if cjk:
    plt.rcParams["font.sans-serif"] = [cjk[0]] + plt.rcParams["font.sans-serif"]
plt.rcParams["axes.unicode_minus"] = False
pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 160)
print("output folder:", OUT)"""),
    ("code", """import jixiao

ds = jixiao.open_dataset(OUT)     # the output folder: each table as a DataFrame, SQL with DuckDB

def has_table(name: str) -> bool:
    return any((OUT / name).glob("*.parquet"))

REQUIRED = ("documents", "projects", "funding", "indicators", "flags")
for name in REQUIRED:
    assert has_table(name), f"{OUT / name} is missing: not a jixiao output folder?"
OPTIONAL = [name for name in ("facts", "panel_scores", "sections", "cells") if has_table(name)]

def q(sql: str) -> pd.DataFrame:
    return ds.sql(sql).df()       # every table of the folder is a view of its name

print("optional tables present:", OPTIONAL or "none")"""),
    ("md", "## 1. What was read"),
    ("code", """documents = q("SELECT format, status, count(*) AS n FROM documents GROUP BY ALL ORDER BY format, status")
overview = q(\"\"\"
    SELECT (SELECT count(*) FROM documents) AS documents,
           (SELECT count(*) FROM documents WHERE status <> 'ok') AS documents_not_ok,
           (SELECT count(*) FROM projects) AS projects,
           (SELECT count(*) FROM indicators) AS indicator_rows,
           (SELECT count(*) FROM flags) AS flags
\"\"\")
display(overview)
display(documents)"""),
    ("md", """## 2. Budget execution

`exec_rate_computed = executed / budget_adjusted` (全年执行数 / 全年预算数) against
`exec_rate_stated` (the printed 执行率 as a fraction; a rate printed without `%`, e.g. `10`
for 10/10 points, stays 10 and shows up far right)."""),
    ("code", """rates = q(\"\"\"
    SELECT p.project_id, p.project_name, p.competent_dept, p.implementing_unit,
           p.budget_adjusted, p.executed, p.exec_rate_stated, p.exec_rate_stated_raw,
           p.executed / nullif(p.budget_adjusted, 0) AS exec_rate_computed,
           p.exec_rate_stated - p.executed / nullif(p.budget_adjusted, 0) AS rate_gap
    FROM projects p
\"\"\")
print(rates[["exec_rate_computed", "exec_rate_stated"]].describe().round(3).to_string())

fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
computed = rates["exec_rate_computed"].dropna()
stated = rates["exec_rate_stated"].dropna()
axes[0].hist(computed.clip(upper=1.5), bins=20, color="#2b6cb0")
axes[0].set_title(f"computed executed / budget_adjusted (n={len(computed)})")
axes[0].set_xlabel("execution rate (clipped at 1.5)")
axes[1].scatter(rates["exec_rate_computed"], rates["exec_rate_stated"], s=18, color="#c0392b")
axes[1].set_xscale("symlog", linthresh=1.5)
axes[1].set_yscale("symlog", linthresh=1.5)
axes[1].set_xlabel("computed")
axes[1].set_ylabel("stated (printed)")
axes[1].set_title("stated vs computed execution rate")
diagonal = [0, 0.5, 1, 1.5, 2, 5, 10, 20]
axes[1].plot(diagonal, diagonal, color="grey", lw=0.8, ls="--")
fig.tight_layout()
fig.savefig(FIGURES / "execution_rate.png", dpi=100)
plt.show()"""),
    ("md", "## 3. Scores by department (主管部门)"),
    ("code", """by_dept = q(\"\"\"
    SELECT coalesce(competent_dept, '(unknown)') AS competent_dept,
           count(*) AS projects,
           round(avg(total_score_stated), 2) AS mean_total_score,
           round(min(total_score_stated), 2) AS min_total_score,
           round(sum(budget_adjusted), 2) AS budget_adjusted_wan,
           round(sum(executed), 2) AS executed_wan,
           round(sum(executed) / nullif(sum(budget_adjusted), 0), 4) AS exec_rate
    FROM projects GROUP BY ALL ORDER BY mean_total_score DESC NULLS LAST
\"\"\")
display(by_dept)

fig, ax = plt.subplots(figsize=(8, max(2.5, 0.8 + 0.45 * len(by_dept))))
plotted = by_dept.dropna(subset=["mean_total_score"])
ax.barh(plotted["competent_dept"], plotted["mean_total_score"], color="#2f855a")
ax.set_xlabel("mean 总得分 (total_score_stated)")
ax.set_xlim(0, 100)
ax.invert_yaxis()
ax.set_title("self-evaluation score by department")
fig.tight_layout()
fig.savefig(FIGURES / "scores_by_department.png", dpi=100)
plt.show()"""),
    ("code", """# indicator scores against the printed total: sum(indicator score) + budget score vs 总分
score_check = q(\"\"\"
    WITH i AS (SELECT project_id, sum(weight) AS weight, sum(score) AS score
               FROM indicators GROUP BY project_id)
    SELECT p.project_id, p.project_name, p.total_weight_stated, p.total_score_stated,
           i.weight AS indicator_weight_sum, i.score AS indicator_score_sum,
           p.budget_weight, p.budget_score
    FROM projects p LEFT JOIN i USING (project_id)
\"\"\")
# 总分 is the indicators' sum, except on the 100-point scale where indicators + the budget part
# make exactly 100 (the validator's reading, see docs/RULES.md weight_sum_mismatch)
sc = score_check
budget_included = (sc["total_weight_stated"].round(6) == 100) & (
    (sc["indicator_weight_sum"] + sc["budget_weight"].fillna(0) - 100).abs() < 0.01)
sc["weight_gap"] = sc["total_weight_stated"] - sc["indicator_weight_sum"] - sc["budget_weight"].fillna(0).where(budget_included, 0)
sc["score_gap"] = sc["total_score_stated"] - sc["indicator_score_sum"] - sc["budget_score"].fillna(0).where(budget_included, 0)
print(f"{len(sc)} tables; printed totals that differ from the sums:")
display(sc[(sc["weight_gap"].abs() > 0.01) | (sc["score_gap"].abs() > 0.01)].drop(columns=["project_id"]))"""),
    ("md", "## 4. Flags by rule and severity"),
    ("code", """flags_by_rule = q(\"\"\"
    SELECT rule, severity, count(*) AS n FROM flags GROUP BY ALL ORDER BY n DESC, rule
\"\"\")
pivot = flags_by_rule.pivot_table(index="rule", columns="severity", values="n", aggfunc="sum", fill_value=0)
for severity in ("error", "warning", "info"):
    if severity not in pivot.columns:
        pivot[severity] = 0
pivot = pivot[["error", "warning", "info"] + [c for c in pivot.columns if c not in ("error", "warning", "info")]]
display(pivot)

fig, ax = plt.subplots(figsize=(8, max(2.5, 0.8 + 0.4 * len(pivot))))
left = None
colors = {"error": "#c0392b", "warning": "#b7791f", "info": "#2b6cb0"}
for severity in pivot.columns:
    ax.barh(pivot.index, pivot[severity], left=left, label=severity, color=colors.get(severity))
    left = pivot[severity] if left is None else left + pivot[severity]
ax.invert_yaxis()
ax.set_xlabel("flags")
ax.set_title("flags by rule")
if len(pivot):
    ax.legend()
fig.tight_layout()
fig.savefig(FIGURES / "flags_by_rule.png", dpi=100)
plt.show()

flags_by_dept = q(\"\"\"
    SELECT coalesce(p.competent_dept, '(document level)') AS competent_dept, f.severity, count(*) AS n
    FROM flags f LEFT JOIN projects p USING (project_id) GROUP BY ALL ORDER BY n DESC
\"\"\")
display(flags_by_dept)"""),
    ("md", """## 5. The largest discrepancies

Flags whose printed and recomputed values are both numbers, ranked by the absolute gap; then
the projects whose printed 执行率 is furthest from the computed one."""),
    ("code", """def number(column: str) -> str:
    # '95%' -> 0.95, '1,234.5' -> 1234.5, anything else -> NULL
    cleaned = f"replace(replace(trim({column}), ',', ''), '%', '')"
    value = f"try_cast(regexp_extract({cleaned}, '^-?[0-9]+(\\\\.[0-9]+)?$') AS DOUBLE)"
    return f"CASE WHEN ends_with(trim({column}), '%') THEN {value} / 100 ELSE {value} END"

discrepancies = q(f\"\"\"
    SELECT f.rule, f.severity, p.project_name, f.stated, f.expected,
           abs({number('f.stated')} - {number('f.expected')}) AS gap, f.page, f.message
    FROM flags f LEFT JOIN projects p USING (project_id)
    WHERE {number('f.stated')} IS NOT NULL AND {number('f.expected')} IS NOT NULL
    ORDER BY gap DESC LIMIT 15
\"\"\")
display(discrepancies)

largest_rate_gaps = (rates.dropna(subset=["rate_gap"])
                     .assign(abs_gap=lambda d: d["rate_gap"].abs())
                     .sort_values("abs_gap", ascending=False)
                     .head(15)[["project_name", "competent_dept", "budget_adjusted", "executed",
                                "exec_rate_stated_raw", "exec_rate_computed", "rate_gap"]])
display(largest_rate_gaps)"""),
    ("code", """if "facts" in OPTIONAL:
    display(q("SELECT kind, count(*) AS n, round(sum(value), 2) AS total FROM facts GROUP BY ALL ORDER BY n DESC"))
if "panel_scores" in OPTIONAL:
    display(q(\"\"\"SELECT expert, count(*) AS cells, round(sum(score), 2) AS score_sum
                 FROM panel_scores WHERE expert IS NOT NULL GROUP BY ALL ORDER BY expert\"\"\"))
print("figures:", sorted(p.name for p in FIGURES.glob("*.png")))"""),
    ("md", """## 6. One report read directly

`jixiao.read(path)` runs extract → normalize → validate on one file in this process and gives
the same tables for that document alone, without an output folder."""),
    ("code", """reachable = [Path(p) for p in ds.documents["source_path"].dropna() if Path(p).is_file()]
if reachable:
    doc = jixiao.read(reachable[0])
    print(doc)
    display(doc.flags[["rule", "severity", "stated", "expected", "page", "message"]])
else:
    print("no source file of this output folder is reachable from here")"""),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (jixiao .venv)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for kind, source in CELLS:
        nb.cells.append(new_markdown_cell(source) if kind == "md" else new_code_cell(source))
    for k, cell in enumerate(nb.cells):   # stable ids: regenerating gives the same file
        cell["id"] = f"cell-{k:02d}"
    return nb


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0]) if argv else ROOT / "notebooks" / "analysis.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(build(), str(path))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
