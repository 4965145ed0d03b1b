"""Blank cells in text layouts: normalisation keeps what places them, the parser puts them back in place.

A tab row keeps its trailing empty fields, a one-cell-per-line table its empty cells (lines holding
a tab only), and a space-aligned table its columns (runs of spaces, at display width even where
NFKC narrows full-width brackets). The tables are the synthetic ones of test_tables_layouts.
"""

from __future__ import annotations

import pytest

from mining.normalize import display_width, normalize_text
from mining.sections import segment_sections

from .test_tables_layouts import (
    Cell,
    assert_round_trip,
    expected_cells,
    parsed,
    render,
    t2_grid,
    t3_grid,
    t3_values,
    t4_grid,
    t4_transposed,
    text_document,
)


def render_aligned(rows: list[list[Cell]], full_width: bool = True) -> str:
    """Return the rows as space-aligned columns (display width), as a fixed-width export prints them.

    A cell followed by its horizontal span copies spreads over their columns; a vertical copy prints
    as blanks. With `full_width`, brackets print full-width (（一）) as real reports type them.
    """
    fw = str.maketrans("():,", "（）：，") if full_width else {}
    texts = [[c.text.translate(fw) for c in r] for r in rows]
    n = max(len(r) for r in rows)
    spans: list[list[int]] = []  # columns each printed cell covers (0 for a copy)
    for r in rows:
        row_spans = []
        for c, cell in enumerate(r):
            if cell.spanned and c and r[c - 1].text == cell.text:
                row_spans.append(0)
                continue
            k = 1
            while c + k < len(r) and r[c + k].spanned and r[c + k].text == cell.text:
                k += 1
            row_spans.append(k)
        spans.append(row_spans)
    widths = [0] * n
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if spans[r][c] == 1 and not cell.spanned:
                widths[c] = max(widths[c], display_width(texts[r][c]))
    lines = []
    for r, row in enumerate(rows):
        parts = []
        for c, cell in enumerate(row):
            k = spans[r][c]
            if not k:
                continue
            room = sum(widths[c : c + k]) + 2 * (k - 1)
            text = "" if cell.spanned else texts[r][c]
            parts.append(text + " " * max(0, room - display_width(text)))
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


# ---------------------------------------------------------------- normalisation
def test_normalisation_keeps_table_layout_only():
    text = normalize_text("规章\t\t\t\n行政许可\t5\t\n\t\n\t自然人\n说明文字\t\n本年度  共收到申请5件。  \n")
    lines = text.split("\n")
    assert lines[0] == "规章\t\t\t"  # a tab row's empty last cells
    assert lines[1] == "行政许可\t5\t"
    assert lines[2] == "\t"  # an empty cell of the one-cell-per-line layout
    assert lines[4] == "说明文字"  # a lone tab after prose is residue
    assert lines[5] == "本年度 共收到申请5件。"  # a sentence's stray spaces shrink


def test_normalisation_keeps_space_columns_at_display_width():
    raw = "（一）予以公开      3     0\n自然人　　　　　    1     2"
    out = normalize_text(raw).split("\n")
    assert out[0].startswith("(一)予以公开")  # NFKC still applied
    for before, after in zip(raw.split("\n"), out, strict=True):
        # Every value starts in the display column it had before NFKC narrowed the brackets/spaces.
        cols_before = [display_width(before[: before.index(v)]) for v in ("3", "1") if v in before]
        cols_after = [display_width(after[: after.index(v)]) for v in ("3", "1") if v in after]
        assert cols_before == cols_after


# ---------------------------------------------------------------- blanks in place
@pytest.mark.parametrize("template", ["2021", "2019"])
def test_one_cell_per_line_with_empty_cells(template):
    vals = t3_values(template)  # placeholders include blank cells ("")
    doc = text_document(
        [
            render(t2_grid(template), "lines"),
            render(t3_grid(template, vals), "lines"),
            render(t4_grid(), "lines"),
        ]
    )
    assert "\n\t\n" in doc.text
    assert_round_trip(doc, expected_cells(template, vals))


@pytest.mark.parametrize("full_width", [True, False])
@pytest.mark.parametrize("template", ["2021", "2019"])
def test_space_aligned_columns_with_blanks(template, full_width):
    vals = t3_values(template)
    doc = text_document(
        [
            render_aligned(t2_grid(template), full_width),
            render_aligned(t3_grid(template, vals), full_width),
            render_aligned(t4_grid(), full_width),
        ]
    )
    assert not doc.grids and "\t" not in doc.text
    assert_round_trip(doc, expected_cells(template, vals))


def test_space_aligned_rows_with_only_blanks():
    vals = t3_values("2021")
    vals["withheld.prohibited"] = [""] * 7  # printed as its label alone
    t4 = ["", "", "1", "", "1"] + ["0"] * 5 + ["", "", "", "", ""]
    doc = text_document(
        [
            render_aligned(t2_grid("2021")),
            render_aligned(t3_grid("2021", vals)),
            render_aligned(t4_grid(t4)),
        ]
    )
    got = parsed(doc)
    assert got["t3.withheld.prohibited.total"].placeholder == "blank"
    assert got["t3.withheld.security.natural_person"].value == int(vals["withheld.security"][0])
    assert [got[f"t4.review.{c}"].value for c in ("upheld", "corrected", "other", "pending", "total")] == [
        None,
        None,
        1,
        None,
        1,
    ]
    assert_round_trip(doc, expected_cells("2021", vals, t4))


def test_tab_row_printed_empty_keeps_its_cells():
    vals = t3_values("2021")
    t2 = t2_grid("2021")
    for row in t2:
        if row[0].text == "规章":
            row[1:] = [Cell("")] * 3
    doc = text_document([render(t2, "tab"), render(t3_grid("2021", vals), "tab"), render(t4_grid(), "tab")])
    got = parsed(doc)
    assert {got[f"t2.regulation.{c}"].placeholder for c in ("issued", "repealed", "in_force")} == {"blank"}
    assert got["t2.normative.in_force"].value == 27


@pytest.mark.parametrize("layout", ["tab", "lines"])
def test_transposed_table_four_with_placeholder_rows(layout):
    vals = t3_values("2021")
    t4 = ["1", "/", "/", "1", "2"] + ["/"] * 5 + ["无"] * 5
    doc = text_document(
        [
            render(t2_grid("2021"), layout),
            render(t3_grid("2021", vals), layout),
            render(t4_transposed(False, t4), layout),
        ]
    )
    got = parsed(doc)
    assert got["t4.suit_after_review.total"].placeholder == "na"
    assert got["t4.suit_direct.upheld"].raw == "/"
    assert got["t4.review.total"].value == 2


# ---------------------------------------------------------------- sections
def test_title_year_is_not_a_numbered_heading():
    # 一、总体情况 missing: the title's 「2023年…」 is not heading 「2」, the preface not its continuation.
    text = normalize_text(
        "某县某局\n2023年政府信息公开工作年度报告\n本报告由总体情况、主动公开政府信息情况等六部分组成。\n"
        "二、主动公开政府信息情况\n内容。\n三、收到和处理政府信息公开申请情况\n内容。\n"
        "四、政府信息公开行政复议、行政诉讼情况\n内容。\n五、存在的主要问题及改进情况\n内容。\n"
        "六、其他需要报告的事项\n内容。\n"
    )
    keys = [s.key for s in segment_sections(text)]
    assert keys == ["preamble", "proactive", "requests", "review_litigation", "problems", "other"]


def test_heading_line_ending_in_tabs_is_still_a_heading():
    text = normalize_text("一、总体情况\t\t\n内容。\n二、主动公开政府信息情况\n内容。\n")
    assert [s.key for s in segment_sections(text)] == ["overview", "proactive"]


# ---------------------------------------------------------------- fast paths equal the slow ones
def test_fast_table_cell_equals_the_dataclass():
    from dataclasses import FrozenInstanceError

    from mining.model import TableCell
    from mining.tables.mapper import new_table_cell

    args = ("t3.new.total", 12, "12", "一、本年新收", 3, 9, "text:line 40", None, None)
    fast, slow = new_table_cell(*args), TableCell(*args)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    with pytest.raises(FrozenInstanceError):
        fast.value = 13  # type: ignore[misc]


def test_fast_nfkc_equals_unicodedata():
    import random
    import re
    import unicodedata

    from mining.normalize import nfkc

    rng = random.Random(3)
    pool = [chr(c) for c in [*range(0x20, 0x7F), *range(0xFF00, 0xFF70)]]
    pool += list("\u3000\u0301\u0308\u2026\u2460\u3231\u4e00\u9fa5\uac00\u1100\u1161\u00a0\ufb01\u2161（一）")
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 24)))
        # ①–⑳ are kept as list markers; everything else is exactly NFKC.
        parts = re.split("([\u2460-\u2473])", text)
        expected = "".join(
            x if re.fullmatch("[\u2460-\u2473]", x) else unicodedata.normalize("NFKC", x) for x in parts
        )
        assert nfkc(text) == expected, repr(text)


def test_display_width_matches_east_asian_width():
    import unicodedata

    assigned = (chr(c) for c in range(0x20, 0x3400, 7) if unicodedata.category(chr(c)) != "Cn")
    sample = "".join(assigned) + "测试（一）１２３　ｱ가"
    expected = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in sample)
    assert display_width(sample) == expected
