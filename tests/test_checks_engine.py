"""The registry, the blank policy, selection, fingerprints and verdicts of `check_report`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mining.checks import (
    CheckConfig,
    ConfigError,
    all_rules,
    check_report,
    config_from_options,
    evaluate_equation,
    evaluate_interval,
    evaluate_sum,
    is_selected,
    load_config,
)
from mining.checks.fixtures import report_from_spec
from mining.checks.registry import RegistryError, Rule, register
from mining.model import TableCell

FIX = Path(__file__).parent / "fixtures" / "rules"


def _spec(code: str, name: str) -> dict:
    return json.loads((FIX / code / f"{name}.json").read_text(encoding="utf-8"))


def test_catalogue_holds_every_code_of_checks_md():
    codes = {r.code for r in all_rules()}
    single = "S101 S102 S103 S104 T201 T301 T302 T303 T304 T401 N101 N102 N103 A101 A102 C101 C102 C103 L101 L102 L103"
    assert set(single.split()) | {"X101", "X102", "X103", "X201"} == codes
    assert {r.code for r in all_rules() if r.scope == "corpus"} == {"X101", "X102", "X103", "X201"}
    for r in all_rules():
        assert r.explanation and "Example" in r.explanation, r.code


@pytest.mark.parametrize(
    "rule",
    [
        Rule("T1", "x", "table_arithmetic", "error", "m", "e", check=lambda ctx: None),
        Rule("T301", "dup", "table_arithmetic", "error", "m", "e", check=lambda ctx: None),
        Rule("T999", "x", "structure", "error", "m", "e", check=lambda ctx: None),
        Rule("Q101", "x", "structure", "error", "m", "e", check=lambda ctx: None),
        Rule("T998", "x", "table_arithmetic", "fatal", "m", "e", check=lambda ctx: None),
        Rule("T997", "x", "table_arithmetic", "error", "m", "", check=lambda ctx: None),
    ],
    ids=["malformed", "duplicate", "wrong-family", "unknown-prefix", "bad-severity", "no-explanation"],
)
def test_registry_refuses_bad_rules(rule):
    with pytest.raises(RegistryError):
        register(rule)


def _c(v, ph=None):
    return TableCell(key="k", value=v, raw="" if v is None else str(v), placeholder=ph)


def test_blank_policy():
    assert evaluate_sum([_c(1), _c(2)], _c(3)).verdict == "pass"
    assert evaluate_sum([_c(1), _c(2)], _c(4)).verdict == "fail"
    res = evaluate_sum([_c(1), _c(None, "blank")], _c(1))
    assert res.verdict == "pass" and res.assumed_blanks
    assert evaluate_sum([_c(1), _c(None, "blank")], _c(3)).verdict == "uncertain"
    assert evaluate_sum([_c(None, "blank"), None], _c(None, "dash")).verdict == "not_assessable"
    assert evaluate_sum([_c(None, "na"), _c(2)], _c(3)).verdict == "fail"  # 「/」 is 0, not unknown
    assert evaluate_equation([_c(3), _c(1)], [_c(2), _c(2)]).verdict == "pass"
    assert evaluate_interval([_c(1250)], 1200, 1300).verdict == "pass"
    assert evaluate_interval([_c(1190)], 1200, 1300).verdict == "fail"
    assert evaluate_interval([_c(1190)], 1200, 1300, slack=120).verdict == "uncertain"
    assert evaluate_interval([_c(1100), _c(None, "blank")], 1200, 1300).verdict == "uncertain"


def test_selection_like_ruff():
    assert is_selected("T301", ["ALL"], [])
    assert not is_selected("T301", ["ALL"], ["T3"])
    assert is_selected("T301", ["ALL", "T301"], ["T3"])  # the longer prefix wins
    assert not is_selected("N101", ["T"], [])
    assert not is_selected("T301", ["T301"], ["T301"])  # a tie goes to ignore


def test_select_and_ignore_change_verdicts_and_findings():
    report = report_from_spec(_spec("T301", "fire_row_total"))
    findings, verdicts = check_report(report, config=CheckConfig(select=("T3",), ignore=("T302", "T303")))
    assert set(verdicts) == {"T301", "T304"}
    assert {f.code for f in findings} == {"T301"}


def test_every_rule_gets_a_verdict_and_fingerprints_are_stable():
    spec = _spec("T301", "fire_row_total")
    f1, v1 = check_report(report_from_spec(spec))
    assert set(v1) == {r.code for r in all_rules() if r.scope == "report"}
    assert set(v1.values()) <= {"pass", "fail", "uncertain", "not_assessable"}
    assert v1["T301"] == "fail" and v1["T401"] == "pass"
    # the same defect further down the text (offsets move) keeps its fingerprint
    spec2 = dict(spec, text="前言。\n" * 5 + spec["text"])
    f2, _ = check_report(report_from_spec(spec2))
    fp1 = {f.fingerprint for f in f1 if f.code == "T301"}
    assert fp1 and fp1 == {f.fingerprint for f in f2 if f.code == "T301"}
    t301 = next(f for f in f1 if f.code == "T301")
    assert t301.expected == 4 and t301.actual == 5 and "t3.new.total" in t301.keys
    assert "t3.new.total=5" in t301.evidence


def test_deadlines_are_configurable():
    spec = _spec("L101", "fire_department_late")
    late = CheckConfig()
    relaxed = config_from_options({"deadlines": {"department": "02-28"}})
    assert check_report(report_from_spec(spec), config=late)[1]["L101"] == "fail"
    assert check_report(report_from_spec(spec), config=relaxed)[1]["L101"] == "pass"


def test_severity_override_from_config():
    spec = _spec("C102", "fire_mixed_self_reference")
    cfg = config_from_options({"severity": {"C102": "warning"}})
    findings, _ = check_report(report_from_spec(spec), config=cfg)
    assert {f.severity for f in findings if f.code == "C102"} == {"warning"}


def test_config_files_found_upward(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.xxgk]\nignore = ["C1"]\nfail-on = "warning"\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    cfg, path = load_config(sub)
    assert path == tmp_path / "pyproject.toml" and cfg.ignore == ("C1",) and cfg.fail_on == "warning"
    (sub / "xxgk.toml").write_text('select = ["T"]\n')
    cfg, path = load_config(sub)
    assert path == sub / "xxgk.toml" and cfg.select == ("T",)
    (sub / "xxgk.toml").write_text("select = [\n")
    with pytest.raises(ConfigError, match="xxgk.toml"):
        load_config(sub)
    with pytest.raises(ConfigError, match="deadlines"):
        config_from_options({"deadlines": {"department": "Jan 31"}})
