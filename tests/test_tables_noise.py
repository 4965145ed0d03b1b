"""Tables in text that carries the noise of a printed page: page numbers, running headers, and blank
lines lost or doubled by a text export (docs/tables.md, "Page furniture and blank lines").

The tables are the synthetic ones of `test_tables_layouts` (official template labels, invented values);
only the presentation changes, so every cell must come back exactly as without the noise.
"""

from __future__ import annotations

import pytest

from mining.keys import T3_COLUMNS

from .test_tables_layouts import (
    PRE,
    T4_VALUES,
    assert_round_trip,
    expected_cells,
    parsed,
    render,
    t2_grid,
    t3_grid,
    t3_values,
    t4_grid,
    text_document,
)

TITLE = PRE.split("\n")[0]  # the report's title, repeated as the running header of every page
PAGE_MARKS = ("- 2 -", "第2页 共8页", "2/8")


def _insert_after(text: str, needle: str, extra: str, nth: int = 1) -> str:
    """Return `text` with the line(s) `extra` inserted after the `nth` line that contains `needle`."""
    lines = text.split("\n")
    hits = [i for i, ln in enumerate(lines) if needle in ln]
    assert len(hits) >= nth, needle
    at = hits[nth - 1]
    return "\n".join(lines[: at + 1] + extra.split("\n") + lines[at + 1 :])


def _tables(layout: str, template: str = "2021", vals=None, t4=T4_VALUES) -> list[str]:
    vals = vals or t3_values(template)
    return [
        render(t2_grid(template), layout),
        render(t3_grid(template, vals), layout),
        render(t4_grid(t4), layout),
    ]


# ---------------------------------------------------------------- 1. page furniture inside a table
@pytest.mark.parametrize("mark", PAGE_MARKS)
@pytest.mark.parametrize("header", [False, True])
def test_page_break_between_heading_and_tab_table_four(mark, header):
    # The page ends right after table 四's heading: its page number (and the next page's running
    # header) stand between the heading and the table. 「- 2 -」 read as a row of values shifted 四.
    tables = _tables("tab")
    furniture = mark + ("\n" + TITLE if header else "")
    tables[2] = furniture + "\n\n" + tables[2]
    vals = t3_values("2021")
    assert_round_trip(text_document(tables), expected_cells("2021", vals))


@pytest.mark.parametrize("mark", PAGE_MARKS)
def test_page_break_between_two_tab_rows(mark):
    tables = _tables("tab")
    tables[1] = _insert_after(tables[1], "本年新收", mark + "\n" + TITLE)  # inside table 三
    tables[2] = _insert_after(tables[2], "结果维持", mark)  # between table 四's header and its values
    tables[0] = _insert_after(tables[0], "规章", mark)
    vals = t3_values("2021")
    assert_round_trip(text_document(tables), expected_cells("2021", vals))


@pytest.mark.parametrize("mark", PAGE_MARKS)
@pytest.mark.parametrize("spaced", [False, True])
def test_page_break_between_two_cells_of_a_one_cell_per_line_row(mark, spaced):
    # The page number falls between the 4th and 5th value of a table 三 row (with or without blank
    # lines around it), and between the header and the values of table 四.
    vals = t3_values("2021", placeholders=("/", "—", "无"))
    t4 = [v or "0" for v in T4_VALUES]
    tables = _tables("lines", vals=vals, t4=t4)
    furniture = f"\n{mark}\n{TITLE}\n" if spaced else f"{mark}\n{TITLE}"
    row = vals["carried_in"]
    lines = tables[1].split("\n")
    at = next(i for i, ln in enumerate(lines) if "上年结转" in ln) + 6  # label, 2 label cells, 4 values
    assert lines[at] == "\t" + row[3]
    tables[1] = "\n".join(lines[: at + 1] + furniture.split("\n") + lines[at + 1 :])
    tables[2] = _insert_after(tables[2], "复议后起诉", furniture, nth=1)
    doc = text_document(tables)
    got = parsed(doc)
    assert [got[f"t3.carried_in.{c}"].raw for c in T3_COLUMNS] == row
    assert_round_trip(doc, expected_cells("2021", vals, t4))


def test_page_break_between_space_rows():
    vals = t3_values("2021", placeholders=("/", "—", "无"))
    t4 = [v or "0" for v in T4_VALUES]
    tables = _tables("space", vals=vals, t4=t4)
    tables[1] = _insert_after(tables[1], "上年结转", "- 3 -\n" + TITLE)
    tables[2] = "- 4 -\n" + tables[2]
    assert_round_trip(text_document(tables), expected_cells("2021", vals, t4))


def test_a_page_number_alone_is_not_a_table():
    doc = text_document(["- 2 -", "第3页 共8页", "- 4 -\n" + TITLE])
    assert parsed(doc) == {}


# ---------------------------------------------------------------- 2. rows without their blank lines
def _squeeze(text: str, keep_tabs: bool) -> str:
    """Return `text` without its blank lines (and without its lines of tabs unless `keep_tabs`)."""
    return "\n".join(ln for ln in text.split("\n") if (ln.strip() or (keep_tabs and ln)))


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_one_cell_per_line_rows_without_blank_lines(template):
    # A converter that drops the blank lines between rows: rows start at their label cells. The empty
    # cells (lines of tabs) stay, so blanks keep their place.
    vals = t3_values(template)
    tables = [_squeeze(t, keep_tabs=True) for t in _tables("lines", template, vals)]
    assert "\n\n" not in "".join(tables)
    assert_round_trip(text_document(tables), expected_cells(template, vals))


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_one_cell_per_line_rows_without_blank_lines_or_empty_cells(template):
    # Lines of tabs dropped too: every row prints all its values (no blank cell), merged label cells
    # collapse, and the rows still come from their labels.
    vals = t3_values(template, placeholders=("/", "—", "无"))
    t4 = [v or "0" for v in T4_VALUES]
    tables = [_squeeze(t, keep_tabs=False) for t in _tables("lines", template, vals, t4)]
    assert_round_trip(text_document(tables), expected_cells(template, vals, t4))


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_one_cell_per_line_with_blank_lines_doubled(template):
    # Every line break doubled (normalisation then shrinks each run to one blank line): a blank line
    # between every two cells says nothing about rows, and 「商业」/「企业」 is one cell across it.
    vals = t3_values(template)
    tables = [t.replace("\n", "\n\n") for t in _tables("lines", template, vals)]
    doc = text_document(tables)
    assert "\t商业\n\n企业" in doc.text
    assert_round_trip(doc, expected_cells(template, vals))


def test_whole_report_with_blank_lines_doubled():
    vals = t3_values("2021")
    doc = text_document(_tables("lines", vals=vals))
    doubled = type(doc)(
        path=doc.path, format=doc.format, reader=doc.reader, text=doc.text.replace("\n", "\n\n")
    )
    assert_round_trip(doubled, expected_cells("2021", vals))


def test_a_blank_last_cell_stays_in_its_row_without_blank_lines():
    # Without blank lines an empty cell between a row's values and the next label could end the row
    # or start the next one (a merged label cell printed empty): the rows' common width decides.
    vals = t3_values("2021", placeholders=())
    vals["new"][-1] = ""
    tables = [_squeeze(t, keep_tabs=True) for t in _tables("lines", vals=vals)]
    got = parsed(text_document(tables))
    assert got["t3.new.total"].placeholder == "blank"
    assert [got[f"t3.carried_in.{c}"].raw for c in T3_COLUMNS] == vals["carried_in"]


def test_header_word_wrapped_across_a_page_break():
    # Outcome words wrapped in narrow cells (「结果」/「维持」), and a page break inside the last header
    # row: 「结果」 / page number / running header / 「纠正」 is still one header cell, and 「维持」 (a
    # short line repeated near the page number) is no running header, so table 四's columns keep
    # their order.
    t4 = ["0", "1", "0", "0", "1", "2", "0", "0", "0", "2", "0", "0", "0", "1", "1"]
    tables = _tables("lines", t4=t4)
    for word in ("结果维持", "结果纠正", "其他结果", "尚未审结"):
        tables[2] = tables[2].replace("\t" + word, "\t" + word[:2] + "\n" + word[2:])
    lines = tables[2].split("\n")
    at = [i for i, ln in enumerate(lines) if ln == "纠正"][1]  # the last header row's first group
    lines[at:at] = ["- 5 -", TITLE]
    tables[2] = "\n".join(lines)
    got = parsed(text_document(tables))
    assert [got[f"t4.suit_direct.{c}"].value for c in ("upheld", "corrected", "total")] == [2, 0, 2]
    assert got["t4.review.corrected"].value == 1


def test_a_sentence_after_a_table_without_its_blank_line_is_not_a_cell():
    vals = t3_values("2021", placeholders=("/", "—", "无"))
    t4 = [v or "0" for v in T4_VALUES]
    tables = _tables("lines", vals=vals, t4=t4)
    tables[2] += "\n本年度未发生行政复议和行政诉讼案件。"  # a short sentence right under the last cell
    assert_round_trip(text_document(tables), expected_cells("2021", vals, t4))


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_transposed_table_three_one_cell_per_line_without_blank_lines(template):
    # Header rows (result labels side by side) run into the first applicant row: they are split off,
    # so the row is read with the header's columns, never by its count alone.
    from .test_tables_transposed import t3_transposed

    vals = t3_values(template)
    tables = _tables("lines", template, vals)
    tables[1] = _squeeze(render(t3_transposed(template, vals), "lines"), keep_tabs=True)
    assert_round_trip(text_document(tables), expected_cells(template, vals))


def test_transposed_row_that_lost_two_blank_cells_is_left_out_not_read_as_2019():
    # Without blank lines and lines of tabs, a 2021 applicant row with two blank cells prints 23
    # values, the count of a 2019 row: with the header split off it is checked against the header's
    # 25 columns and left out, never read in the 2019 order.
    from .test_tables_transposed import t3_transposed

    vals = t3_values("2021", placeholders=("/", "—", "无"))
    vals["new"][2] = vals["partial"][2] = ""  # the research row loses two cells
    tables = _tables("lines", "2021", vals)
    tables[1] = _squeeze(render(t3_transposed("2021", vals), "lines"), keep_tabs=False)
    got = parsed(text_document(tables))
    expected = expected_cells("2021", vals)
    research = [k for k in expected if k.startswith("t3.") and k.endswith(".research")]
    assert not any(k in got for k in research)
    others = {k: v for k, v in expected.items() if k.startswith("t3.") and k not in research}
    assert {k: (got[k].value, got[k].placeholder) for k in others if k in got} == others


# ---------------------------------------------------------------- 3. a table 三 row one cell short
@pytest.mark.parametrize("layout", ["grid", "tab", "lines"])
def test_row_one_cell_short_with_a_blank_after_its_label_reads_alike_in_every_layout(layout):
    # 「label, empty cell, six values」 where the sixth is the row's total (5+1+6+2+7 = 21): the empty
    # cell is the 自然人 cell. Tab rows placed it by the other rows' positions, shifted the values
    # left and made up a total (42); reader grids and one cell per line read the last seven cells.
    from .test_tables_layouts import Cell, grid_document

    vals = t3_values("2021", placeholders=())
    vals["partial"] = ["", "5", "1", "6", "2", "7", "21"]
    rows = t3_grid("2021", vals)
    for r in rows:
        if any("部分公开" in c.text for c in r):
            r[:] = r[:2] + [Cell("")] + r[4:]  # the label's third (merged) cell is not printed
            assert [c.text for c in r][2:] == vals["partial"]
    if layout == "grid":
        doc = grid_document([t2_grid("2021"), rows, t4_grid()])
    else:
        doc = text_document(
            [render(t2_grid("2021"), layout), render(rows, layout), render(t4_grid(), layout)]
        )
    got = parsed(doc)
    assert [got[f"t3.partial.{c}"].raw for c in T3_COLUMNS] == vals["partial"]


def test_html_table_three_rows_shifted_against_the_header_are_read_from_their_values(tmp_path):
    # Pasted without the corner's colspan: the header's 自然人 sits in column 1, while rows that print
    # a group label before their own label carry their seven values one or two columns further right.
    from mining.pipeline import analyze

    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    rows = [
        [note, "申请人情况"],
        ["", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
        ["一、本年新收政府信息公开申请数量", "5", "1", "0", "0", "0", "0", "6"],
        ["三、本年度办理结果", "（一）予以公开", "3", "1", "0", "0", "0", "0", "4"],
        ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "2", "0", "0", "0", "0", "0", "2"],
        ["", "（七）总计", "5", "1", "0", "0", "0", "0", "6", "", ""],
    ]
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    page = (
        "<html><body><p>某某县林业局2023年政府信息公开工作年度报告</p><p>一、总体情况</p><p>本年度依法公开。</p>"
        f"<p>三、收到和处理政府信息公开申请情况</p><table>{body}</table>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>无。</p></body></html>"
    )
    path = tmp_path / "shifted.html"
    path.write_text(page, encoding="utf-8")
    t = analyze(path, run_checks=False).tables
    assert (t["t3.new.natural_person"], t["t3.new.total"]) == (5, 6)
    assert (t["t3.disclosed.natural_person"], t["t3.disclosed.business"], t["t3.disclosed.total"]) == (
        3,
        1,
        4,
    )
    assert (t["t3.partial.natural_person"], t["t3.partial.total"]) == (2, 2)
    assert (t["t3.total.natural_person"], t["t3.total.total"]) == (5, 6)
