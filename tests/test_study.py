"""`xxgk report`: summary CSVs, PNG plots with Chinese labels, one self-contained HTML page."""

from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from cli.app import app
from mining.corpus import CorpusTables, mine
from mining.corpus.rows import finding_row, report_rows
from mining.corpus.schema import PUBLIC_TABLES
from mining.corpus.study import build_study, find_cjk_font, summarize
from mining.corpus.synthetic import generate_corpus
from mining.model import Finding, TableCell

from .test_xrules import OVERVIEW_A, OVERVIEW_B, make_report


def _tables() -> CorpusTables:
    reports = []
    for i, (agency, year) in enumerate(
        [("东岭县卫生健康局", 2023), ("西沅县民政局", 2023), ("东岭县卫生健康局", 2024)]
    ):
        r = make_report(agency, year, overview=OVERVIEW_A if i % 2 else OVERVIEW_B)
        cells = (
            TableCell("t3.new.total", 10 + i, str(10 + i)),
            TableCell("t3.disclosed.total", 6, "6"),
            TableCell("t3.partial.total", 2, "2"),
            TableCell("t3.total.total", 10, "10"),
            TableCell("t4.review.total", 4, "4"),
            TableCell("t4.review.corrected", 1, "1"),
            TableCell("t4.review.pending", 0, "0"),
        )
        f = Finding("N101", "narrative_table", "error", "narrative 12 ≠ table 10", keys=("t3.new.total",))
        reports.append(r.__class__(**{**r.__dict__, "cells": cells, "findings": (f,)}))
    rows = {t: [] for t in PUBLIC_TABLES}
    for r in reports:
        for t, rs in report_rows(r).items():
            if t in rows:
                rows[t].extend(rs)
    rows["findings"].append(finding_row(reports[0].document.sha256, reports[0].findings[0], "report"))
    frames = {t: pd.DataFrame(v) for t, v in rows.items()}
    frames["reports"]["agency_key"] = frames["reports"]["agency"]
    for t in ("errors", "claims", "improvements", "problems"):
        if frames[t].empty:
            frames[t] = pd.DataFrame(columns=["report_id", "stage", "fatal", "labels"])
    return CorpusTables(**frames)


def test_summaries_compute_rates_from_cells():
    s = summarize(_tables())
    rates = s["rates_by_year"].set_index("year")
    assert rates.loc[2023, "grant_rate"] == 16 / 20
    assert rates.loc[2024, "review_correction_rate"] == 1 / 4
    top = s["top_contradicting_agencies"]
    assert top.iloc[0]["agency_key"] == "东岭县卫生健康局" and top.iloc[0]["findings"] == 3


def test_study_writes_csv_png_and_inline_html(tmp_path):
    study = build_study(_tables(), tmp_path)
    assert study.font is not None, "no CJK font: install Debian fonts-noto-cjk (see docs/researcher-guide.md)"
    assert not study.warnings
    for path in study.plots.values():
        assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    page = open(study.html, encoding="utf-8").read()
    assert page.count("data:image/png;base64,") == len(study.plots) == 5
    assert "src='http" not in page and "矛盾最多的机关" in page
    assert pd.read_csv(study.tables["applications_by_year"])["new"].tolist() == [21, 12]


def test_cjk_font_covers_chinese_labels():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    family = find_cjk_font()
    assert family is not None
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    font = FT2Font(path)
    assert all(font.get_char_index(ord(ch)) for ch in "依申请公开数量与办理结果矛盾最多的机关")


def test_cli_mine_then_report(tmp_path):
    generate_corpus(tmp_path / "in", n_agencies=3, years=(2023, 2024))
    runner = CliRunner()
    res = runner.invoke(app, ["mine", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "2"])
    assert res.exit_code == 0, res.output
    assert "6 reports in all" in res.output
    res = runner.invoke(app, ["report", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "study" / "index.html").exists()
    res = runner.invoke(app, ["mine", str(tmp_path / "missing"), "--out", str(tmp_path / "o2")])
    assert res.exit_code == 2 and "no such file" in res.output
    assert len(mine([tmp_path / "in"], tmp_path / "out").reports) == 6
