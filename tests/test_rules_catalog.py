"""The rule catalog covers every rule a validator can emit, every rule has its defaults in
validate/defaults.toml, and the narrative / panel rules take their severity from the same
config (load_config) as the table rules."""
from __future__ import annotations

import ast
import json
import re
import tomllib
from pathlib import Path

from jixiao.extract.model import Cell, Table
from jixiao.normalize.panels import normalize_panel
from jixiao.normalize.records import NormalizedDocument, Section
from jixiao.validate.catalog import CATALOG, catalog
from jixiao.validate.config import DEFAULTS_PATH, load_config

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "corpus" / "dev" / "gold" / "seed_report.json"
RULE_ID = re.compile(r"^[a-z]+(?:_[a-z]+)*$")
# names a rule id is bound to, and calls whose string arguments name a rule
RULE_NAMES = {"rule", "RULE", "EXCEEDS"}
# call name -> how many leading positional arguments may be the rule id
RULE_CALLS = {"flag": 1, "_flag": 3, "enabled": 2, "setting": 2, "severity": 1, "tolerance": 1, "param": 1}
RULE_TABLES = {"PROJECT_RULES", "DOCUMENT_RULES", "RULE_DEFAULTS"}


def _name(node) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _strings(node) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def emitted_rule_ids() -> dict[str, set[str]]:
    """Rule ids the validators can emit, read from validate/*.py: constants bound to `rule` /
    RULE / EXCEEDS (also `rule, flags = "x", []`), `Flag(rule="x")`, a constant in the rule
    position of ctx.flag/_flag/enabled/setting/config.severity…, and the keys of the rule
    registries."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "validate").glob("*.py")):
        if path.name == "catalog.py":
            continue
        ids: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if _name(target) in RULE_NAMES and isinstance(node.value, ast.Constant):
                        ids.add(node.value.value)
                    elif _name(target) in RULE_TABLES and isinstance(node.value, ast.Dict):
                        ids.update(k.value for k in node.value.keys if isinstance(k, ast.Constant))
                    elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                        for t, v in zip(target.elts, node.value.elts):
                            if _name(t) in RULE_NAMES and isinstance(v, ast.Constant):
                                ids.add(v.value)
            elif isinstance(node, ast.AnnAssign) and _name(node.target) in RULE_TABLES and isinstance(node.value, ast.Dict):
                ids.update(k.value for k in node.value.keys if isinstance(k, ast.Constant))
            elif isinstance(node, ast.Call):
                if _name(node.func) == "Flag":
                    ids.update(v for kw in node.keywords if kw.arg == "rule" for v in _strings(kw.value))
                lead = RULE_CALLS.get(_name(node.func), 0)
                ids.update(a.value for a in node.args[:lead] if isinstance(a, ast.Constant))
        found[path.name] = {i for i in ids if isinstance(i, str) and RULE_ID.match(i)}
    return found


def test_every_rule_a_validator_can_emit_is_in_the_catalog_and_defaults():
    by_module = emitted_rule_ids()
    emitted = set().union(*by_module.values())
    # the scan must see each validator module's rules (not pass by finding nothing)
    assert {"exec_rate_mismatch", "ocr_low_confidence"} <= by_module["project_rules.py"]
    assert {"duplicate_project_conflict", "department_total_mismatch"} <= by_module["document_rules.py"]
    assert {"narrative_overspend", "grade_mismatch", "narrative_score_mismatch",
            "loss_rate_mismatch"} <= by_module["narrative.py"]
    assert {"panel_sum_mismatch", "panel_score_exceeds_weight"} <= by_module["panels.py"]
    catalog_ids = {r.id for r in CATALOG}
    assert emitted - catalog_ids == set(), "rules missing from validate/catalog.py"
    assert catalog_ids - emitted == set(), "catalog rules no validator emits"
    with open(DEFAULTS_PATH, "rb") as fh:
        defaults = tomllib.load(fh)["rules"]
    assert catalog_ids - set(defaults) == set(), "rules without a [rules.<id>] section in defaults.toml"
    for rule_id in catalog_ids:
        assert defaults[rule_id].get("severity") in ("error", "warning", "info"), rule_id


def test_catalog_entries_are_complete():
    for info in CATALOG:
        assert info.recomputes and info.tolerance and info.example, info.id
        assert (ROOT / info.module).exists(), info.id


def test_registries_match_the_catalog():
    from jixiao.validate.document_rules import DOCUMENT_RULES
    from jixiao.validate.project_rules import PROJECT_RULES
    ids = {r.id for r in CATALOG}
    assert set(PROJECT_RULES) | set(DOCUMENT_RULES) <= ids


# ---------------------------------------------------------------- one config mechanism

def _panel_doc(change=None) -> NormalizedDocument:
    panels = json.loads(GOLD.read_text(encoding="utf-8"))["panel_tables"]
    rows = [list(r) for r in next(p["rows"] for p in panels if p["kind"] == "panel_scores")]
    if change:
        change(rows)
    table = Table([Cell(r, c, t) for r, row in enumerate(rows) for c, t in enumerate(row)], len(rows), len(rows[0]))
    return NormalizedDocument(doc_id="D", panel_scores=normalize_panel(table, 8, "panel_scores"))


def _overspend_doc() -> NormalizedDocument:
    from jixiao.normalize.facts import extract_facts
    text = ("2024年工会工作者人员经费项目财政预算资金为800万元。"
            "项目总资金截止2024年12月底共支付金额为3296.17万元，超出预算部分以自筹资金支付。")
    secs = [Section(seq=0, level=3, heading="项目资金情况", path="项目资金情况", text=text, page=None)]
    doc = NormalizedDocument(doc_id="D", sections=secs)
    doc.facts = extract_facts(secs, [], "D")
    return doc


def _exceeds(rows):
    rows[3][5] = "2.5"        # an expert's score on a row whose 分值 is 2 (seed panel)


def test_narrative_and_panel_severity_come_from_load_config(tmp_path):
    from jixiao.validate import validate_document
    from jixiao.validate.narrative import check_narrative
    from jixiao.validate.panels import check_panels

    doc = _overspend_doc()
    assert [f.severity for f in check_narrative(doc, None)] == ["error"]      # defaults.toml
    assert [f.severity for f in check_narrative(doc, load_config())] == ["error"]

    region = tmp_path / "region.toml"
    region.write_text('[rules.narrative_overspend]\nseverity = "warning"\n'
                      '[rules.panel_score_exceeds_weight]\nseverity = "info"\n'
                      '[rules.panel_sum_mismatch]\nenabled = false\n', encoding="utf-8")
    config = load_config(region)
    assert [f.severity for f in check_narrative(doc, config)] == ["warning"]
    assert [f.severity for f in validate_document(doc, config) if f.rule == "narrative_overspend"] == ["warning"]

    panel = _panel_doc(_exceeds)
    default_flags = [f for f in check_panels(panel, load_config()) if f.rule == "panel_score_exceeds_weight"]
    assert default_flags and all(f.severity == "error" for f in default_flags)
    flags = check_panels(panel, config)
    assert [f.rule for f in flags] == ["panel_score_exceeds_weight"] * len(flags) and flags
    assert all(f.severity == "info" for f in flags)

    rows = {r["id"]: r for r in catalog(config)}
    assert rows["narrative_overspend"]["severity"] == "warning"
    assert rows["panel_score_exceeds_weight"]["severity"] == "info"
    assert rows["loss_rate_mismatch"]["severity"] == "error"


def test_template_override_reaches_narrative_rules(tmp_path):
    from jixiao.validate.narrative import check_narrative
    region = tmp_path / "region.toml"
    region.write_text('[templates.beijing.rules.narrative_overspend]\nseverity = "warning"\n', encoding="utf-8")
    assert [f.severity for f in check_narrative(_overspend_doc(), load_config(region, template="beijing"))] == ["warning"]
    assert [f.severity for f in check_narrative(_overspend_doc(), load_config(region))] == ["error"]
