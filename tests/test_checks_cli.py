"""`xxgk check` and `xxgk rules` as a user runs them: exit codes, formats, baseline, config, broken files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from cli.app import app

runner = CliRunner()
FIX = Path(__file__).parent / "fixtures" / "rules"


def _text(code: str, name: str) -> str:
    return json.loads((FIX / code / f"{name}.json").read_text(encoding="utf-8"))["text"]


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "reports"
    (d / "sub").mkdir(parents=True)
    (d / "clean.txt").write_text(_text("L102", "pass_fee_stated"), encoding="utf-8")
    (d / "sub" / "nofee.txt").write_text(_text("L102", "fire_no_fee_statement"), encoding="utf-8")
    return d


def test_exit_codes_and_fail_on(tmp_path):
    d = _folder(tmp_path)
    r = runner.invoke(app, ["check", str(d / "clean.txt"), "--select", "L,C"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["check", str(d), "--select", "L102"])
    assert r.exit_code == 0  # a warning does not fail at the default --fail-on error
    assert "nofee.txt" in r.stdout and "L102 [warning]" in r.stdout and "| 六、其他需要报告的事项" in r.stdout
    r = runner.invoke(app, ["check", str(d), "--select", "L102", "--fail-on", "warning"])
    assert r.exit_code == 1
    r = runner.invoke(app, ["check", str(d), "--select", "L102", "--fail-on", "warning", "--exit-zero"])
    assert r.exit_code == 0
    r = runner.invoke(app, ["check", str(d), "--ignore", "L", "--fail-on", "warning", "--select", "L,C"])
    assert r.exit_code == 0 and "L102" not in r.stdout


def test_broken_file_is_an_error_line_and_the_rest_is_checked(tmp_path):
    d = _folder(tmp_path)
    (d / "broken.txt").write_bytes(b"\xff\xfe\x00garbage\xb8\xb8")
    r = runner.invoke(app, ["check", str(d), "--select", "L102"])
    assert r.exit_code == 2
    assert "broken.txt: error:" in r.stdout
    assert "nofee.txt" in r.stdout and "L102" in r.stdout
    r = runner.invoke(app, ["check", str(tmp_path / "missing.txt")])
    assert r.exit_code == 2 and "no such file" in r.stdout


def test_json_csv_and_statistics(tmp_path):
    d = _folder(tmp_path)
    r = runner.invoke(app, ["check", str(d), "--format", "json", "--select", "L1"])
    out = json.loads(r.stdout)
    assert {Path(f["path"]).name for f in out["files"]} == {"clean.txt", "nofee.txt"}
    nofee = next(f for f in out["files"] if f["path"].endswith("nofee.txt"))
    assert nofee["verdicts"]["L102"] == "fail" and nofee["findings"][0]["line"] > 1
    assert out["statistics"] == {"L102": 1}
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["check", str(d), "--format", "csv"]).stdout)))
    assert any(row["code"] == "L102" and row["fingerprint"] for row in rows)
    r = runner.invoke(app, ["check", str(d), "--statistics", "--select", "L1"])
    row = next(ln for ln in r.stdout.splitlines() if " L102 " in ln)
    assert row.split()[:2] == ["1", "1"] and "warning 1" in row and "no-fee-statement" in row
    assert r.stdout.splitlines()[-1] == "1 findings (0 error, 1 warning, 0 info) in 1 of 2 files checked"


def test_sarif_structure(tmp_path):
    d = _folder(tmp_path)
    log = json.loads(runner.invoke(app, ["check", str(d), "--format", "sarif"]).stdout)
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "T301" in ids and "X101" in ids
    res = next(r for r in run["results"] if r["ruleId"] == "L102")
    assert res["level"] == "warning" and res["message"]["text"]
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("nofee.txt")
    assert loc["region"]["charOffset"] >= 0 and loc["region"]["charLength"] > 0
    assert ids[res["ruleIndex"]] == "L102"
    # the quoted line travels with the result; an absolute path is a file URI
    assert "其他需要报告的事项" in loc["region"]["snippet"]["text"]
    assert loc["artifactLocation"]["uri"].startswith("file:///")
    rule = run["tool"]["driver"]["rules"][ids.index("L102")]
    assert (
        rule["shortDescription"]["text"] == "no fee statement" and "{" not in rule["shortDescription"]["text"]
    )


def test_baseline_suppresses_reviewed_findings(tmp_path):
    d = _folder(tmp_path)
    base = tmp_path / "baseline.json"
    r = runner.invoke(app, ["check", str(d), "--write-baseline", str(base), "--fail-on", "warning"])
    assert r.exit_code == 1 and base.is_file()
    r = runner.invoke(app, ["check", str(d), "--baseline", str(base), "--fail-on", "warning"])
    assert r.exit_code == 0, r.stdout
    assert "L102" not in r.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    r = runner.invoke(app, ["check", str(d), "--baseline", str(bad)])
    assert r.exit_code == 2 and "bad.json" in r.stderr


def test_options_from_pyproject(tmp_path, monkeypatch):
    d = _folder(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.xxgk]\nfail-on = "warning"\nselect = ["L102"]\n')
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["check", str(d)])
    assert r.exit_code == 1 and "L102" in r.stdout
    r = runner.invoke(app, ["check", str(d), "--fail-on", "error"])
    assert r.exit_code == 0


def test_rules_catalogue_and_explanation():
    r = runner.invoke(app, ["rules"])
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert (
        len(lines) == 25
        and lines[0].startswith("A101")
        and any("X201" in ln and "mine" in ln for ln in lines)
    )
    r = runner.invoke(app, ["rules", "t303"])
    assert r.exit_code == 0 and "第一项加第二项之和" in r.stdout
    # both evaluation modes, labelled, the end-to-end one first
    out = r.stdout
    assert "measured, pipeline" in out and "measured, oracle" in out
    assert out.index("measured, pipeline") < out.index("measured, oracle") and "recall" in out
    r = runner.invoke(app, ["rules", "Z999"])
    assert r.exit_code == 2
