"""The audit page as HTML text: escaping, CSP, links, claim colours, deadlines, safe site paths."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import os
import re
import sys
import types
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from mining.model import Claim, Document, Finding, Meta, Report, TableCell
from mining.pipeline import analyze, analyze_document
from mining.render import render_report_html, report_id, write_check_site
from mining.render.html import cell_id
from mining.render.links import MATCH, MISMATCH, UNLINKED, deadline_status, link_claims, rule_text
from mining.render.sample import HOSTILE_MARKUP, sample_report

from .conftest import seed_paths

_VOID = {"meta", "br", "input", "img", "hr", "link", "wbr", "col", "area", "base", "source"}


class _Page(HTMLParser):
    """Collects elements, ids, links, scripts and nesting errors of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: dict[str, tuple[str, dict[str, str | None]]] = {}
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if "id" in a:
            if a["id"] in self.ids:
                self.errors.append(f"duplicate id {a['id']}")
            self.ids[a["id"]] = (tag, a)
        if tag in ("script", "style"):
            self._in = tag
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._in = None
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)
        else:
            self.text.append(data)


def _parse(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    p.close()
    return p


def _sha(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()


@pytest.fixture(scope="module")
def sample() -> Report:
    return sample_report()


@pytest.fixture(scope="module")
def page(sample) -> _Page:
    return _parse(render_report_html(sample))


def test_page_is_well_formed_and_every_finding_has_an_entry(sample, page):
    assert page.errors == []
    assert page.stack == []
    for i, f in enumerate(sample.findings):
        tag, attrs = page.ids[f"finding-{i}"]
        assert tag == "li" and attrs["data-code"] == f.code


def test_page_loads_nothing_and_admits_only_its_own_style_and_script(page):
    csp = next(a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "img-src 'none'" in csp
    assert len(page.scripts) == 1 and len(page.styles) == 1
    assert _sha(page.scripts[0]) in csp and _sha(page.styles[0]) in csp
    for tag, attrs in page.elements:
        assert tag not in ("img", "link", "iframe", "object", "embed", "base")
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action"):
                assert value is not None and value.startswith("#"), (tag, name, value)


def test_evidence_links_point_at_anchors_that_exist(sample, page):
    hrefs = [a["href"][1:] for t, a in page.elements if t == "a" and a.get("href", "").startswith("#")]
    missing = {h for h in hrefs if h not in page.ids}
    assert missing == set()
    # the keys of T301 become links to the cells of row 一, the spans of N101 to narrative anchors
    t301 = next(i for i, f in enumerate(sample.findings) if f.code == "T301")
    assert page.ids[cell_id("t3.new.total")][0] == "td"
    assert "bad-error" in page.ids[cell_id("t3.new.total")][1]["class"]
    assert "operand" in page.ids[cell_id("t3.new.natural_person")][1]["class"]
    assert f"finding-{t301}" in hrefs
    n101 = next(i for i, f in enumerate(sample.findings) if f.code == "N101")
    assert page.ids[f"ev-{n101}-0"][1]["class"].startswith("ev ev-error")


def test_claims_are_coloured_by_their_comparison_with_the_table(sample, page):
    links = link_claims(sample)
    by_text = {link.claim.text: link for link in links}
    assert by_text["1386件"].status == MISMATCH and by_text["1386件"].difference == 18
    assert by_text["2件"].status == MISMATCH and by_text["2件"].table_value == 1
    assert by_text["不予公开2件"].status == MATCH  # a derived group sum
    assert by_text["未发生行政诉讼"].status == MATCH  # negative claim = 0 = t4.suit.total
    assert by_text["收费金额约0.8万元"].status == MATCH
    assert by_text["73%"].status == UNLINKED  # a rate is not compared with one cell
    assert by_text["375条"].status == UNLINKED
    drawn = [(t, a) for t, a in page.elements if "claim" in (a.get("class") or "").split() and a.get("id")]
    assert len(drawn) == len(sample.claims)
    for tag, attrs in drawn:
        if "mismatch" in attrs["class"]:
            assert tag == "a"
            target = page.ids[attrs["href"][1:]]
            assert target[0] == "td" and target[1]["data-key"] == attrs["data-key"]
            assert attrs["data-table"] != "—" and attrs["data-diff"] not in ("—", "0")


def _claim(value, *, field="t3.new.total", low=None, high=None, unit="件", approx=None, **kw):
    return Claim(
        start=0,
        end=2,
        text="xx",
        value=value,
        unit=unit,
        approx=approx,
        section="overview",
        field=field,
        low=value if low is None else low,
        high=value if high is None else high,
        **kw,
    )


def _mini(claims, cells, findings=()) -> Report:
    doc = Document(path="mini.txt", format="txt", reader="text", text="一二三四五六七八九十" * 3)
    return Report(
        document=doc,
        meta=Meta(year=2023, template="2021"),
        sections=(),
        cells=tuple(TableCell(key=k, value=v, raw=str(v)) for k, v in cells.items()),
        claims=tuple(claims),
        findings=tuple(findings),
    )


def test_hedged_intervals_money_and_rule_verdicts_decide_the_colour():
    report = _mini(
        [
            _claim(1200, low=1200, high=1300, approx="余"),
            _claim(1200, low=1200, high=1300, approx="余", field="t3.carried_in.total"),
            _claim(8000, unit="元", field="t2.fee.amount", value_yuan=8000),
            _claim(5, field="t3.carried_out.total"),
            _claim(5, field="t3.total.total"),
        ],
        {"t3.new.total": 1250, "t3.carried_in.total": 1350, "t2.fee.amount": 0.8, "t3.total.total": 5},
        [Finding(code="N101", family="narrative_table", severity="warning", message="m", spans=((0, 2),))],
    )
    # every claim spans (0, 2), so the N101 finding covers all of them: each becomes a mismatch
    assert {link.status for link in link_claims(report)} == {MISMATCH}
    report = dataclasses.replace(report, findings=())
    statuses = [link.status for link in link_claims(report)]
    assert statuses == [MATCH, MISMATCH, MATCH, UNLINKED, MATCH]


def test_deadline_depends_on_body_kind():
    dep = Meta(year=2023, body_kind="department", publish_date="2024-01-31")
    assert deadline_status(dep).status == "on_time" and deadline_status(dep).deadline == "2024-01-31"
    late = deadline_status(dataclasses.replace(dep, publish_date="2024-02-10"))
    assert late.status == "late" and late.days_late == 10
    gov = deadline_status(Meta(year=2023, body_kind="government", publish_date="2024-03-15"))
    assert gov.status == "on_time" and gov.deadline == "2024-03-31"
    assert (
        deadline_status(Meta(year=2023, body_kind="government", publish_date="2024-04-01")).status == "late"
    )
    unknown_kind = deadline_status(Meta(year=2023, publish_date="2024-02-10"))
    assert unknown_kind.status == "late" and "department deadline" in unknown_kind.note
    assert deadline_status(Meta(year=2023, body_kind="department")).status == "unknown"
    assert deadline_status(Meta(year=2023, publish_date="2023-06-01")).status == "premature"
    assert deadline_status(Meta(publish_date="2024-01-01")).status == "unknown"


def test_hostile_report_renders_as_text():
    report = sample_report(hostile=True)
    report = dataclasses.replace(
        report,
        findings=(
            *report.findings,
            Finding(
                code="<script>X</script>",
                family="x",
                severity='error" onmouseover="alert(1)',
                message=HOSTILE_MARKUP,
                keys=('t3.new.total"><script>alert(1)</script>',),
                expected="<i>",
                actual="</li></ol><script>",
            ),
        ),
        verdicts={"<b>": "<script>"},
    )
    raw = render_report_html(report)
    page = _parse(raw)
    assert page.errors == []
    assert len(page.scripts) == 1 and "__xxgk_pwned" not in page.scripts[0]
    assert not any(t in ("img", "svg") for t, _ in page.elements)
    assert not any(n.startswith("on") for _, a in page.elements for n in a)
    text = "".join(page.text)
    assert HOSTILE_MARKUP in text  # shown literally, as the report printed it
    assert "window.__xxgk_pwned=1" in text and 'onerror="window.__xxgk_pwned=2"' in text


def test_rule_explanations_come_from_the_registry_when_it_exists(monkeypatch, sample):
    fake = types.ModuleType("mining.checks.registry")
    fake.get_rule = lambda code: types.SimpleNamespace(
        code=code, name="row-total-mismatch", explanation=f"Registry text for {code} <b>."
    )
    monkeypatch.setitem(sys.modules, "mining.checks.registry", fake)
    assert rule_text("T301").source == "registry"
    raw = render_report_html(sample)
    assert "Registry text for T301 &lt;b&gt;." in raw and "row-total-mismatch" in raw
    monkeypatch.delitem(sys.modules, "mining.checks.registry")
    assert rule_text("T301").explanation  # the fallback summary


def test_odd_records_do_not_break_the_page():
    text = "三、收到和处理政府信息公开申请情况\n共收到申请5件。"
    odd = Report(
        document=Document(path="", format="txt", reader="text", text=text),
        meta=Meta(),
        sections=(),
        cells=(TableCell(key="t9.<odd>.x", value=float("nan"), raw="?"),),
        claims=(_claim(5, field="t3.new.total"), dataclasses.replace(_claim(5), start=40, end=99)),
        findings=(
            Finding(
                code="T301",
                family="t",
                severity="critical",
                message="m",
                keys=("t9.<odd>.x",),
                spans=((50, 9),),
            ),
            Finding(code="N101", family="n", severity="error", message="m", spans=((-5, 3), (3, 1000))),
        ),
    )
    page = _parse(render_report_html(odd))
    assert page.errors == []
    assert "finding-0" in page.ids and "finding-1" in page.ids
    assert page.ids[cell_id("t9.<odd>.x")][0] == "td"


def test_pipeline_report_of_synthetic_text_renders(page):
    text = (
        "某县某局2023年政府信息公开工作年度报告\n一、总体情况\n本年度新收政府信息公开申请12件。\n"
        "二、主动公开政府信息情况\n略。\n三、收到和处理政府信息公开申请情况\n略。\n"
        "四、政府信息公开行政复议、行政诉讼情况\n略。\n五、存在的主要问题及改进情况\n一是宣传不够。\n"
        "六、其他需要报告的事项\n无。\n"
    )
    report = analyze_document(Document(path="mini.txt", format="txt", reader="text", text=text))
    built = _parse(render_report_html(report))
    assert built.errors == []
    for key in ("overview", "proactive", "requests", "review_litigation", "problems", "other"):
        assert f"sec-{key}" in built.ids


@pytest.mark.parametrize("path", seed_paths()[:2], ids=lambda p: p.stem[:3])
def test_seed_pages_render(path):
    report = analyze(path)
    built = _parse(render_report_html(report))
    assert built.errors == []
    assert len([t for t, a in built.elements if t == "li" and "finding" in (a.get("class") or "")]) == len(
        report.findings
    )
    assert any(i.startswith("sec-") for i in built.ids)


def test_site_pages_stay_inside_the_folder(tmp_path):
    clean = sample_report()
    hostile = sample_report(hostile=True)
    hostile = dataclasses.replace(
        hostile, document=dataclasses.replace(hostile.document, path="../../etc/passwd", sha256="../../x")
    )
    quiet = dataclasses.replace(clean, findings=(), document=dataclasses.replace(clean.document, sha256=""))
    out = tmp_path / "site"
    out.mkdir()
    outside = tmp_path / "outside.html"
    outside.write_text("keep", encoding="utf-8")
    planted = out / f"report-{report_id(clean)}.html"
    os.symlink(outside, planted)
    written = write_check_site([quiet, clean, hostile, clean], out, failures=[("bad<b>.pdf", "not a PDF")])
    assert outside.read_text(encoding="utf-8") == "keep"
    assert not planted.is_symlink()
    names = [p.name for p in written]
    assert names[-1] == "index.html" and len(set(names)) == len(names) == 5
    for p in written:
        assert p.resolve().parent == out.resolve()
        assert re.fullmatch(r"(report-[0-9a-f]{16}(-\d+)?|index)\.html", p.name)
    index = (out / "index.html").read_text(encoding="utf-8")
    order = [m.group(1) for m in re.finditer(r'href="(report-[^"]+)"', index)]
    assert order[-1] == f"report-{report_id(quiet)}.html"  # no findings: listed last
    assert "bad&lt;b&gt;.pdf" in index and "not a PDF" in index
    assert all((out / name).is_file() for name in order)


def test_cli_analyze_writes_an_html_page(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text(
        "某市某局2023年政府信息公开工作年度报告\n一、总体情况\n本年度工作。\n六、其他需要报告的事项\n无。\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["analyze", str(src), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    built = _parse(out.read_text(encoding="utf-8"))
    assert built.errors == [] and "findings" in built.ids and "sec-overview" in built.ids


def test_page_name_ignores_the_file_name():
    a = sample_report()
    b = dataclasses.replace(a, document=dataclasses.replace(a.document, path="/elsewhere/<x>.txt"))
    assert report_id(a) == report_id(b) == a.document.sha256[:16]
    assert Path(f"report-{report_id(a)}.html").name == f"report-{report_id(a)}.html"


def test_every_in_page_link_of_a_clean_page_resolves():
    quiet = dataclasses.replace(sample_report(), findings=(), verdicts={})
    page = _parse(render_report_html(quiet))
    hrefs = {a["href"][1:] for t, a in page.elements if t == "a" and (a.get("href") or "").startswith("#")}
    assert hrefs - set(page.ids) == set()


def test_cli_check_writes_a_site_and_reports_a_broken_file(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(
        "某市某局2023年政府信息公开工作年度报告\n一、总体情况\n本年度新收政府信息公开申请3件。\n"
        "六、其他需要报告的事项\n无。\n",
        encoding="utf-8",
    )
    gone = tmp_path / "gone<x>.txt"
    out = tmp_path / "site"
    result = CliRunner().invoke(app, ["check", str(src), str(gone), "--format", "html", "-o", str(out)])
    assert result.exit_code == 2, result.output  # the missing file is an input error
    pages = sorted(p.name for p in out.iterdir())
    assert "index.html" in pages and len([p for p in pages if p.startswith("report-")]) == 1
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "gone&lt;x&gt;.txt" in index and "no such file" in index and _parse(index).errors == []
    missing = CliRunner().invoke(app, ["check", str(src), "--format", "html"])
    assert missing.exit_code == 2 and "-o DIR" in missing.output


def test_arithmetic_finding_marks_its_first_key_as_the_broken_cell():
    from mining.model import Finding
    from mining.render.html import _primary_keys

    f = Finding(
        code="T303",
        family="table_arithmetic",
        severity="error",
        message="m",
        keys=("t3.total.total", "t3.new.total", "t3.carried_in.total", "t3.carried_out.total"),
        expected=5,
        actual=0,
    )
    values = {"t3.total.total": 0, "t3.new.total": 5, "t3.carried_in.total": 0, "t3.carried_out.total": 0}
    assert _primary_keys(f, values) == {"t3.total.total"}
