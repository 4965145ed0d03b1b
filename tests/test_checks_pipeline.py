"""End-to-end causes found by the pipeline evaluation: percentage shares linked, generator output readable."""

from __future__ import annotations

import pytest

from mining.claims import extract_claims, load_pipeline
from mining.normalize import normalize_text

synth = pytest.importorskip("corpora.synth")


def _fields(text: str, template: str | None = "2021") -> list[tuple[str, str | None]]:
    t = normalize_text(text)
    return [(c.text, c.field) for c in extract_claims(t, (), template=template, nlp=load_pipeline())]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the share's numerator is named before 占 (N103 finds its base, (七)总计)
        ("本年度办结的申请中，予以公开和部分公开的占62.5%。", [("62.5%", "t3.granted.total")]),
        ("予以公开的比例为40%。", [("40%", "t3.disclosed.total")]),
        # or it is the previous number's share
        (
            "予以公开及部分公开的共9件，占办结总量的75%。",
            [("9件", "t3.granted.total"), ("75%", "t3.granted.total")],
        ),
        (
            "收到申请30件，其中自然人申请12件，占40%。",
            [("30件", "t3.new.total"), ("12件", "t3.new.natural_person"), ("40%", "t3.new.natural_person")],
        ),
        # rates and changes are no table quantity
        ("收到申请30件，同比下降5%。", [("30件", "t3.new.total"), ("5%", None)]),
        ("全年办结申请30件，按期答复率100%。", [("30件", "t3.total.total"), ("100%", None)]),
        ("网上评议好评率96%。", [("96%", None)]),
    ],
)
def test_percentage_shares_link_to_their_numerator(text, expected):
    assert _fields(text) == expected


def test_generated_amounts_are_never_printed_in_exponent_form():
    from corpora.synth.doc import plain_number

    assert [plain_number(v) for v in (8210000, 8210000.0, 58.94, 0.5, 1234567.25)] == [
        "8210000",
        "8210000",
        "58.94",
        "0.5",
        "1234567.25",
    ]
    printed = 0
    for seed in range(1000, 1030):
        try:
            sr = synth.generate_report(seed=seed, defects=("T201",), fmt="md")
        except synth.DefectError:
            continue
        text = sr.data.decode(sr.truth["style"]["encoding"])
        assert "e+0" not in text, seed
        printed += str(sr.truth["tables"]["t2.fee.amount"]) in text
    assert printed >= 10


def test_a_copied_section_five_takes_the_copiers_self_reference():
    peer = synth.generate_report(seed=11, agency="清河县桃源镇人民政府", year=2023, fmt="txt")
    assert any("我镇" in text for _, text in peer.truth["texts"]["problems"])
    copy = synth.generate_report(
        seed=12, agency="清河县统计局", year=2023, fmt="txt", defects=("X201",), peer=peer.truth
    )
    five = " ".join(text for _, text in copy.truth["texts"]["problems"])
    assert "我镇" not in five and "我局" in five
    assert {d["code"] for d in copy.truth["defects"]} == {"X201"}
