"""Every single-report rule fires on its ``fire*`` fragments and stays quiet on its ``pass*`` ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mining.checks import check_report, report_rules
from mining.checks.fixtures import report_from_spec

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
CASES = sorted(FIXTURES.glob("*/*.json"))


def test_every_report_rule_has_a_firing_and_a_passing_fixture():
    missing = []
    for r in report_rules():
        names = [p.name for p in (FIXTURES / r.code).glob("*.json")]
        if not any(n.startswith("fire") for n in names):
            missing.append(f"{r.code}: no fire*.json")
        if not any(n.startswith("pass") for n in names):
            missing.append(f"{r.code}: no pass*.json")
    assert not missing, missing


def test_fixture_folders_name_registered_rules():
    codes = {r.code for r in report_rules()}
    assert {p.name for p in FIXTURES.iterdir() if p.is_dir()} <= codes


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(path):
    spec = json.loads(path.read_text(encoding="utf-8"))
    code = path.parent.name
    findings, verdicts = check_report(report_from_spec(spec))
    mine = [f for f in findings if f.code == code]
    expect = spec["expect"]
    assert verdicts[code] == expect["verdict"], (spec["about"], mine)
    if path.name.startswith("pass"):
        assert not mine, (spec["about"], mine)
    else:
        assert mine, spec["about"]
    if "severity" in expect:
        assert {f.severity for f in mine} == {expect["severity"]}, mine
    if "count" in expect:
        assert len(mine) == expect["count"], mine
    if "message_contains" in expect:
        assert all(expect["message_contains"] in f.message for f in mine), mine
    if "checked_key" in expect:
        # the convention of arithmetic findings: keys[0] is the checked cell (the total that disagrees)
        assert expect["checked_key"] in [f.keys[0] for f in mine], mine
    for f in mine:
        assert f.family and f.message and f.fingerprint and "{" not in f.message, f


@pytest.mark.parametrize("path", [p for p in CASES if p.name.startswith("pass")], ids=lambda p: p.parent.name)
def test_clean_fixtures_raise_no_error_or_warning_from_any_rule(path):
    """A pass fixture is a clean report: no rule at all may report an error or a warning on it."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    findings, _ = check_report(report_from_spec(spec))
    loud = [(f.code, f.message) for f in findings if f.severity in ("error", "warning")]
    assert not loud, (spec["about"], loud)


@pytest.mark.parametrize("code", ["T301", "T302", "T303", "T401"])
def test_arithmetic_findings_name_the_checked_total_first(code):
    """``Finding.keys[0]`` is a total (the cell checked against its operands), never an operand."""
    paths = sorted((FIXTURES / code).glob("fire*.json")) + sorted((FIXTURES / code).glob("uncertain*.json"))
    seen = 0
    for path in paths:
        findings, _ = check_report(report_from_spec(json.loads(path.read_text(encoding="utf-8"))))
        for f in (f for f in findings if f.code == code):
            seen += 1
            first, rest = f.keys[0], f.keys[1:]
            assert first.startswith(("t3.total.", "t4.")) or first.endswith(".total"), f.keys
            assert first not in rest and rest, f.keys
    assert seen


def test_table_three_row_labels_are_printed_words_not_keys():
    from mining.checks.rules.tables import t3_label
    from mining.keys import t3_rows

    for template in ("2021", "2019"):
        for row in t3_rows(template):
            label = t3_label(row)
            assert not any(part in label for part in row.split(".") if "_" in part), (row, label)
    assert t3_label("unavailable.not_held") == "(四)无法提供 1.本机关不掌握"
