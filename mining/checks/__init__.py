"""The rule catalogue of checks.md run over one `Report`: findings with evidence, and verdicts.

    findings, verdicts = check_report(report, config=CheckConfig(select=("T3",)))

Rules live in `rules/` and register with `registry.rule`; the blank-cell policy is `blanks.py`;
configuration (select/ignore, deadlines, thresholds, ``[tool.xxgk]``) is `config.py`; rendering
(text, JSON, CSV, SARIF) and baselines are `output.py`.
"""

from __future__ import annotations

from . import rules as _rules  # noqa: F401  registers the catalogue (cheap: no resources are loaded)
from .blanks import Outcome, evaluate_equation, evaluate_interval, evaluate_sum
from .config import CheckConfig, ConfigError, config_from_options, is_selected, load_config
from .engine import check_report, fingerprint, rule_for
from .registry import RULES, RegistryError, Rule, all_rules, report_rules

__all__ = [
    "RULES",
    "CheckConfig",
    "ConfigError",
    "Outcome",
    "RegistryError",
    "Rule",
    "all_rules",
    "check_report",
    "config_from_options",
    "evaluate_equation",
    "evaluate_interval",
    "evaluate_sum",
    "fingerprint",
    "is_selected",
    "load_config",
    "report_rules",
    "rule_for",
]
