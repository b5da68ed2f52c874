"""Rule settings: severities, tolerances and parameters, from validate/defaults.toml with
optional overrides (a TOML file of the same shape, and a per-template section).

    config = load_config()                                  # defaults
    config = load_config("beijing.toml", template="sichuan")
    config.severity("overspend"); config.tolerance("overspend"); config.param(rule, key, default)
"""
from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Config", "load_config", "DEFAULTS_PATH"]

DEFAULTS_PATH = Path(__file__).with_name("defaults.toml")
SEVERITIES = ("error", "warning", "info")


def _merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@dataclass
class Config:
    rules: dict[str, dict] = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    template: str | None = None

    def rule(self, rule_id: str) -> dict:
        return self.rules.get(rule_id, {})

    def enabled(self, rule_id: str) -> bool:
        return bool(self.rule(rule_id).get("enabled", True))

    def severity(self, rule_id: str) -> str:
        severity = str(self.rule(rule_id).get("severity", "warning")).lower()
        return severity if severity in SEVERITIES else "warning"

    def tolerance(self, rule_id: str, default: float = 0.0) -> float:
        return float(self.rule(rule_id).get("tolerance", default))

    def param(self, rule_id: str, key: str, default=None):
        return self.rule(rule_id).get(key, default)

    @property
    def low_confidence(self) -> float:
        return float(self.settings.get("low_confidence", 0.8))


def load_config(path: str | Path | None = None, template: str | None = None) -> Config:
    """Defaults, then the file at `path` (same shape), then `[templates.<template>]` of both."""
    with open(DEFAULTS_PATH, "rb") as fh:
        data = tomllib.load(fh)
    if path is not None:
        with open(path, "rb") as fh:
            data = _merge(data, tomllib.load(fh))
    if template:
        override = data.get("templates", {}).get(template)
        if override is None:
            raise KeyError(f"no template {template!r} in the validation config "
                           f"(known: {', '.join(sorted(data.get('templates', {}))) or 'none'})")
        data = _merge(data, {k: v for k, v in override.items() if k in ("rules", "settings")})
    return Config(rules=data.get("rules", {}), settings=data.get("settings", {}), template=template)
