"""`xxgk analyze` as a user runs it: JSON keys, text summary, exit codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cli.app import app

from .conftest import seed_paths

runner = CliRunner()


def test_analyze_json_has_the_documented_keys(seeds):
    result = runner.invoke(app, ["analyze", str(seeds[0]), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    for key in ("meta", "sections", "tables", "cells_raw", "document", "claims", "problems", "findings"):
        assert key in out
    assert out["document"]["reader"]
    assert 0 <= out["document"]["health"]["score"] <= 1
    assert {s["key"] for s in out["sections"]} >= {"overview", "other"}


def test_analyze_text_summary(seeds):
    result = runner.invoke(app, ["analyze", str(seed_paths()[1])])
    assert result.exit_code == 0
    assert "agency:" in result.stdout and "sections:" in result.stdout


def test_unreadable_file_exits_2_with_one_line(tmp_path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["analyze", str(missing)])
    assert result.exit_code == 2
    assert str(missing) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
