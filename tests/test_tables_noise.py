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
