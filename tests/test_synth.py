"""The synthetic report generator: clean reports obey every rule, each defect breaks exactly its own."""

from __future__ import annotations

import io
import json
import re

import pytest

from corpora.synth import (
    FORMATS,
    LAYOUTS,
    SINGLE_DEFECTS,
    DefectError,
    check_clean_arithmetic,
    generate_report,
)
from corpora.synth.verify import verify_report
from mining.keys import derived_sums, expected_keys


def _text(report) -> str:
    return report.data.decode(report.truth["style"]["encoding"])


@pytest.mark.parametrize("seed", range(40))
def test_clean_report_breaks_no_rule(seed: int) -> None:
    r = generate_report(seed=seed)
    assert r.truth["defects"] == []
    assert check_clean_arithmetic(r.truth) == []
    assert verify_report(r.truth, _text(r)) == set()


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_truth_tables_hold_every_printed_key_of_the_template(template: str) -> None:
    year = 2022 if template == "2021" else 2020
    r = generate_report(seed=5, year=year, template=template)
    assert set(r.truth["tables"]) == set(expected_keys(template))
    assert r.truth["meta"]["template"] == template
    # Placeholders only ever stand for zero, so blanks-as-zero arithmetic holds.
    for key in r.truth["placeholders"]:
        assert r.truth["tables"][key] is None


def test_2019_template_has_a_single_other_row_and_signed_changes() -> None:
    keys = set(generate_report(seed=3, year=2020).truth["tables"])
    assert "t3.other.total" in keys and "t3.other.other.total" not in keys
    assert "t2.procurement.amount" in keys and "t2.fee.amount" not in keys
    texts = [
        generate_report(seed=s, year=2019, fmt="txt", layout="tabs").data.decode("utf-8", "replace")
        for s in range(8)
    ]
    assert any("\t-" in t or "\t+" in t for t in texts)


def test_claims_match_the_tables_and_appear_verbatim() -> None:
    checked = 0
    for seed in range(30):
        r = generate_report(seed=seed, fmt="md")
        text = _text(r)
        derived = derived_sums(r.truth["tables"], r.truth["meta"]["template"])
        for c in r.truth["claims"]:
            assert c["text"] in text, c
            f = c["field"]
            if f and c["unit"] != "%":
                value = r.truth["tables"].get(f, derived.get(f))
                assert (value or 0) == c["value"], (seed, c)
                checked += 1
    assert checked > 60


@pytest.mark.parametrize("code", SINGLE_DEFECTS)
def test_each_defect_breaks_exactly_its_rule(code: str) -> None:
    for seed in range(12):
        r = generate_report(seed=seed, defects=(code,))
        listed = {d["code"] for d in r.truth["defects"]}
        assert listed == {code}
        assert verify_report(r.truth, _text(r)) == {code}, seed


def test_defect_changes_only_what_it_claims() -> None:
    clean = generate_report(seed=21, year=2023)
    broken = generate_report(seed=21, year=2023, defects=("T303",))
    changed = {k for k in clean.truth["tables"] if clean.truth["tables"][k] != broken.truth["tables"][k]}
    assert changed == set(broken.truth["defects"][0]["keys"])
    late = generate_report(seed=21, year=2023, defects=("L101",))
    assert late.truth["tables"] == clean.truth["tables"]
    assert late.truth["meta"]["publish_date"] > "2024-01-31"


def test_defects_that_cannot_apply_say_why() -> None:
    with pytest.raises(DefectError, match="T201"):
        generate_report(seed=1, year=2020, defects=("T201",))
    with pytest.raises(DefectError, match="X101"):
        generate_report(seed=1, defects=("X101",))
    with pytest.raises(ValueError, match="Z999"):
        generate_report(seed=1, defects=("Z999",))


def test_generation_is_deterministic() -> None:
    for fmt in FORMATS:
        a = generate_report(seed=9, fmt=fmt)
        b = generate_report(seed=9, fmt=fmt)
        assert a.data == b.data and a.truth == b.truth
    assert generate_report(seed=9).data != generate_report(seed=10).data


def test_every_text_layout_shows_the_tables() -> None:
    for layout in LAYOUTS["txt"]:
        r = generate_report(seed=4, year=2022, fmt="txt", layout=layout)
        text = _text(r)
        assert "本年新收政府信息公开申请数量" in text and "结果维持" in text
        assert re.search(r"^(?:\*\*|# )?一[、．. ]?总体情况", text, re.MULTILINE)
    cells = _text(generate_report(seed=4, year=2022, fmt="txt", layout="cells"))
    assert "\n\t自然人\n" in cells


def test_html_has_real_merged_tables_among_site_chrome() -> None:
    from lxml import html as lh

    r = generate_report(seed=2, year=2022, fmt="html", layout="cms")
    tree = lh.fromstring(r.data)
    assert len(tree.xpath("//table[.//td[@rowspan='22']]")) == 1
    assert tree.xpath("//script") and tree.xpath("//div[@class='nav']")
    assert tree.xpath("//td[br]") or b"<br/>" in r.data


def test_docx_opens_with_merged_cells() -> None:
    import docx

    r = generate_report(seed=2, year=2022, fmt="docx")
    d = docx.Document(io.BytesIO(r.data))
    assert len(d.tables) == 3
    t3 = d.tables[1]
    assert len(t3.rows) == 28 and t3.rows[5].cells[0].text == t3.rows[6].cells[0].text == "三、本年度办理结果"
    assert any("总体情况" in p.text for p in d.paragraphs)


def test_pdf_has_a_chinese_text_layer_and_page_numbers() -> None:
    import pypdfium2

    r = generate_report(seed=2, year=2022, fmt="pdf")
    pdf = pypdfium2.PdfDocument(r.data)
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert len(pages) >= 2
    joined = "".join(pages)
    assert "收到和处理政府信息公开申请情况" in joined and "(cid:" not in joined
    assert "- 1 -" in pages[0] and "- 2 -" in pages[1]


def test_truth_is_json_serialisable() -> None:
    r = generate_report(seed=8, defects=("N101",))
    again = json.loads(json.dumps(r.truth, ensure_ascii=False))
    assert again["defects"][0]["code"] == "N101"
    assert again["defects"][0]["detail"]["stated"] != again["defects"][0]["detail"]["table"]


def test_corpus_defects_need_and_use_the_other_reports() -> None:
    from corpora.synth.verify import verify_corpus

    last = generate_report(seed=31, agency="青川县人力资源和社会保障局", year=2022, filename="a_2022.txt")
    peer = generate_report(seed=32, agency="青川县统计局", year=2023, filename="b_2023.txt")
    for code in ("X101", "X102", "X103"):
        r = generate_report(
            seed=33, agency="青川县人力资源和社会保障局", defects=(code,), previous=last.truth
        )
        assert r.truth["meta"]["year"] == 2023
        assert verify_corpus([last.truth, r.truth])[r.truth["file"]] == {code}
    clean = generate_report(seed=33, agency="青川县人力资源和社会保障局", previous=last.truth)
    assert clean.truth["tables"]["t3.carried_in.total"] == (last.truth["tables"]["t3.carried_out.total"] or 0)
    assert verify_corpus([last.truth, clean.truth])[clean.truth["file"]] == set()
    copy = generate_report(seed=34, agency="青川县教育局", year=2023, defects=("X201",), peer=peer.truth)
    assert [p["text"] for p in copy.truth["problems"]] == [p["text"] for p in peer.truth["problems"]]
    assert "X201" in verify_corpus([peer.truth, copy.truth])[copy.truth["file"]]


def test_command_line_writes_a_corpus(tmp_path) -> None:
    from corpora.synth.__main__ import main

    assert main(["--out", str(tmp_path), "--n", "3", "--years", "2021-2022", "--formats", "txt,html"]) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["n_reports"] == 6
    for e in manifest["reports"]:
        assert (tmp_path / e["file"]).is_file() and (tmp_path / e["truth"]).is_file()
    assert main(["--out", str(tmp_path / "x"), "--formats", "rtf"]) == 2
