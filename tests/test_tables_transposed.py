"""Table 三 printed transposed (applicant types as rows, the result rows as columns; domain.md §9.2).

The grids are built here from the official template labels (never from a real report): the header
prints 「一、本年新收…」 … 「四、结转下年度继续办理」 across in three rows (「三、本年度办理结果」 over the
groups over the sub-rows) or two, the seven applicant types down one label column or two (the five
organisation types under a 「法人或其他组织」 cell). Each is rendered as a reader grid, tab rows, a pipe
table, one cell per line and single-spaced text, then parsed back cell by cell; a table in the
national layout must never be read as a transposed one.
"""

from __future__ import annotations

import pytest

from mining.keys import T3_COLUMN_LABELS, T3_COLUMNS, expected_keys, t3_rows
from mining.model import Document
from mining.normalize import normalize_text
from mining.sections import segment_sections
from mining.tables import parse_tables, table_blocks
from mining.tables.mapper import _positional_frame, assign_rows, is_transposed_t3
from mining.template import detect_template
from tests.test_tables_layouts import (
    HEADS,
    POST,
    PRE,
    T4_VALUES,
    Cell,
    assert_round_trip,
    expected_cells,
    grid_document,
    parsed,
    render,
    t2_grid,
    t3_grid,
    t3_labels,
    t3_values,
    t4_grid,
    t4_transposed,
    text_document,
    to_grid,
)

APPLICANTS = T3_COLUMN_LABELS


def _spanned(rows: list[list[str]]) -> list[list[Cell]]:
    """Return the text grid with merged-cell copies marked: a cell equal to its left or upper neighbour."""
    out = []
    for r, row in enumerate(rows):
        line = []
        for c, text in enumerate(row):
            copy = bool(text) and (
                (c > 0 and row[c - 1] == text) or (r > 0 and c < len(rows[r - 1]) and rows[r - 1][c] == text)
            )
            line.append(Cell(text, copy))
        out.append(line)
    return out


def t3_transposed(
    template: str,
    values: dict[str, list[str]],
    *,
    header_rows: int = 3,
    grouped: bool = True,
    corner: str = "申请人情况",
) -> list[list[Cell]]:
    """Return table 三 transposed as an expanded grid (merged cells repeated and marked)."""
    paths = t3_labels(template)
    n_label = 2 if grouped else 1
    header: list[list[str]] = []
    for h in range(header_rows):
        line = [corner] * n_label
        for _, path in paths:
            if header_rows == 2:
                path = [p for p in path if p != "三、本年度办理结果"] or path
            line.append(path[min(h, len(path) - 1)])
        header.append(line)
    body: list[list[str]] = []
    for j, col in enumerate(T3_COLUMNS):
        if not grouped:
            label = [APPLICANTS[col]]
        elif col in ("natural_person", "total"):
            label = [APPLICANTS[col]] * 2
        else:
            label = ["法人或其他组织", APPLICANTS[col]]
        body.append(label + [values[key][j] for key, _ in paths])
    rows = _spanned(header)
    body_cells = _spanned(body)
    for line in body_cells:
        for c in line[n_label:]:
            c.spanned = False  # equal neighbouring values are two printed cells, not a merge
    return rows + body_cells


def _doc(layout: str, tables: list[list[list[Cell]]]) -> Document:
    if layout == "grid":
        return grid_document(tables)
    return text_document([render(t, layout) for t in tables])


VARIANTS = [(3, True), (3, False), (2, True), (2, False)]


@pytest.mark.parametrize("template", ["2021", "2019"])
@pytest.mark.parametrize("header_rows,grouped", VARIANTS)
@pytest.mark.parametrize("layout", ["grid", "tab", "pipe", "lines"])
def test_transposed_table_three_round_trip(layout, header_rows, grouped, template):
    # Blanks and placeholders inside the table, and a thousands separator.
    vals = t3_values(template)
    t3 = t3_transposed(template, vals, header_rows=header_rows, grouped=grouped)
    doc = _doc(layout, [t2_grid(template), t3, t4_grid()])
    assert_round_trip(doc, expected_cells(template, vals))
    cells = parsed(doc)
    # The 2019 single 其他处理 row, or the three 2021 sub-rows, land on the template's keys.
    if template == "2019":
        assert cells["t3.other.research"].raw == vals["other"][2]
    else:
        assert cells["t3.other.other.research"].raw == vals["other.other"][2]
    assert detect_template(doc.text, tuple(cells.values())) == template


@pytest.mark.parametrize("template", ["2021", "2019"])
@pytest.mark.parametrize("layout", ["grid", "tab", "pipe", "lines"])
def test_transposed_table_three_and_four_together(layout, template):
    vals = t3_values(template)
    t4 = ["1", "/", "/", "1", "2"] + ["/"] * 5 + ["0", "1", "0", "", "1"]
    doc = _doc(layout, [t2_grid(template), t3_transposed(template, vals), t4_transposed(False, t4)])
    assert_round_trip(doc, expected_cells(template, vals, t4))


def test_provenance_of_a_transposed_cell():
    vals = t3_values("2021")
    doc = grid_document([t2_grid("2021"), t3_transposed("2021", vals), t4_grid()])
    c = parsed(doc)["t3.withheld.third_party.research"]
    # Row 3 (after three header rows, 自然人, 商业企业) of the grid; column: 2 label columns + the
    # 4 leaf columns before 不予公开 + 3 sub-columns before 第三方.
    assert c.source.startswith("html:table[") and c.row == 5 and c.col == 2 + 4 + 3
    assert c.row_label == "科研机构" and c.raw == vals["withheld.third_party"][2]
    text = text_document(
        [render(t, "tab") for t in (t2_grid("2021"), t3_transposed("2021", vals), t4_grid())]
    )
    c = parsed(text)["t3.carried_out.total"]
    line = text.text.split("\n")[int(c.source.split()[-1]) - 1]
    assert c.source.startswith("text:line ") and line.startswith("总计")


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_single_spaced_transposed_rows_are_read_by_count(template):
    # A flattened export: the header's long labels are not a header; each row prints every cell
    # (placeholders, no blanks), 25 values in 2021 and 23 in 2019.
    vals = t3_values(template, placeholders=("/", "—", "无"))
    doc = text_document(
        [
            render(t2_grid(template), "space"),
            render(t3_transposed(template, vals, grouped=False), "space"),
            render(t4_grid([v or "0" for v in ["2", "1", "0", "1", "4"] * 3]), "tab"),
        ]
    )
    got = parsed(doc)
    for key, row in vals.items():
        for col, raw in zip(T3_COLUMNS, row, strict=True):
            assert got[f"t3.{key}.{col}"].raw == raw, (key, col)


def test_single_spaced_row_that_lost_a_blank_is_left_out():
    vals = t3_values("2021", placeholders=("/",))
    vals["new"][2] = ""  # printed as nothing: the row is one value short
    doc = text_document(
        [
            render(t2_grid("2021"), "space"),
            render(t3_transposed("2021", vals, grouped=False), "space"),
            render(t4_grid(), "tab"),
        ]
    )
    got = parsed(doc)
    assert not any(k.startswith("t3.") and k.endswith(".research") for k in got)
    assert got["t3.new.natural_person"].raw == vals["new"][0]


def test_transposed_table_split_over_two_grids():
    vals = t3_values("2021")
    rows = t3_transposed("2021", vals)
    text = normalize_text(PRE)
    grids = []
    parts = {HEADS[0]: [t2_grid("2021")], HEADS[1]: [rows[:5], rows[5:]], HEADS[2]: [t4_grid()]}
    for head, tables in parts.items():
        text += "\n\n" + head
        for part in tables:
            text += "\n"
            start = len(text)
            text += render(part, "tab")
            grids.append(to_grid(part, start, len(text), f"html:table[{len(grids)}]"))
    text += normalize_text(POST)
    doc = Document(path="split.html", format="html", reader="lxml", text=text, grids=tuple(grids))
    assert_round_trip(doc, expected_cells("2021", vals))


@pytest.mark.parametrize("layout", ["grid", "tab"])
def test_group_label_printed_once_carries_over_its_empty_cells(layout):
    # Tab rows print a merged group label once, over empty cells. Sub-columns headed by their number
    # alone (「1.」「2.」…, narrow columns) belong to the group label above them, found by position.
    vals = t3_values("2021")
    rows = t3_transposed("2021", vals)
    for cell in rows[2]:
        if cell.text[:1].isdigit():
            cell.text = cell.text[:2]
    text = render(rows, "tab")
    assert "\t(六)其他处理\t\t\t(七)总计" in text and "\t1.\t2.\t3.\t\t" in text
    doc = _doc(layout, [t2_grid("2021"), rows, t4_grid()])
    assert_round_trip(doc, expected_cells("2021", vals))
    # Read by position (not by counting against the template order): every column named.
    block = _t3_rows_by_block(doc)[0]
    frame = _positional_frame([r for r in block if not r.region or not r.has_numbers][:3], 27)
    assert frame is not None and sorted(frame.values(), key=list(t3_rows("2021")).index) == list(
        t3_rows("2021")
    )


# ---------------------------------------------------------------- never a false transposition
def _t3_rows_by_block(doc: Document):
    secs = segment_sections(doc.text)
    rows = assign_rows(table_blocks(doc, secs), secs)["t3"]
    blocks: dict[int, list] = {}
    for r in rows:
        blocks.setdefault(id(r.block), []).append(r)
    return list(blocks.values())


@pytest.mark.parametrize("template", ["2021", "2019"])
@pytest.mark.parametrize("layout", ["grid", "tab", "pipe", "lines", "space"])
def test_a_table_in_the_national_layout_is_not_taken_for_a_transposed_one(layout, template):
    vals = t3_values(template, placeholders=("/", "—", "无"))
    normal = t3_grid(template, vals)
    # Bare 「其他」/「总计」 row labels (as some reports print them) name applicant columns too.
    for row in normal:
        if row[2].text == "3.其他":
            row[2] = Cell("其他")
        if row[1].text == "(七)总计":
            row[1:3] = [Cell("总计"), Cell("总计", True)]
    t4 = [v or "0" for v in T4_VALUES]  # single-spaced text cannot show a blank cell
    doc = _doc(layout, [t2_grid(template), normal, t4_grid(t4)])
    blocks = _t3_rows_by_block(doc)
    assert blocks and not any(is_transposed_t3(b) for b in blocks)
    assert_round_trip(doc, expected_cells(template, vals, t4))


def test_detection_needs_applicant_rows_and_result_labels_across():
    vals = t3_values("2021")
    rows = t3_transposed("2021", vals)
    blocks = _t3_rows_by_block(grid_document([t2_grid("2021"), rows, t4_grid()]))
    assert [is_transposed_t3(b) for b in blocks] == [True]
    # Without its applicant rows the header alone is not a transposed table with data.
    blocks = _t3_rows_by_block(grid_document([t2_grid("2021"), rows[:3], t4_grid()]))
    assert not any(is_transposed_t3(b) for b in blocks)


def test_health_counts_a_transposed_table_like_any_other(tmp_path):
    from mining.health import assess_health

    for template in ("2021", "2019"):
        vals = t3_values(template)
        doc = grid_document([t2_grid(template), t3_transposed(template, vals), t4_grid()])
        secs = segment_sections(doc.text)
        cells = parse_tables(doc, secs)
        health = assess_health(doc, secs, cells, template)
        assert health.table_cells_found == health.table_cells_expected == len(expected_keys(template))
        assert not any("table cells" in r or "outside the template" in r for r in health.reasons)
        # Rows left out show in health: drop the 科研机构 row.
        short = [r for r in t3_transposed(template, vals, grouped=False) if r[0].text != "科研机构"]
        doc = grid_document([t2_grid(template), short, t4_grid()])
        cells = parse_tables(doc, segment_sections(doc.text))
        health = assess_health(doc, segment_sections(doc.text), cells, template)
        missing = len(expected_keys(template)) - health.table_cells_found
        assert missing == len(t3_labels(template)), health.reasons


# ---------------------------------------------------------------- table 四 transposed, every layout
@pytest.mark.parametrize("short", [False, True])
@pytest.mark.parametrize("layout", ["grid", "tab", "pipe", "lines", "space"])
def test_transposed_table_four_in_every_layout(layout, short):
    vals = t3_values("2021", placeholders=("/", "—", "无"))
    # Placeholders, a zero row and (where the layout can print one) a blank cell.
    t4 = ["3", "/", "1", "0", "4"] + ["0"] * 5 + ["无", "1", "—", "", "1"]
    if layout == "space":
        t4[13] = "0"  # single-spaced text cannot show a blank cell
    doc = _doc(layout, [t2_grid("2021"), t3_grid("2021", vals), t4_transposed(short, t4)])
    assert_round_trip(doc, expected_cells("2021", vals, t4))
    got = parsed(doc)
    assert got["t4.suit_after_review.corrected"].value == 1 and got["t4.review.corrected"].raw == "/"


@pytest.mark.parametrize("layout", ["grid", "tab", "pipe", "lines"])
def test_transposed_table_four_with_columns_in_another_order(layout):
    # The header decides the columns: 总计 printed first, 尚未审结 before 其他.
    heads = ["总计", "维持", "纠正", "尚未审结", "其他"]
    names = ["行政复议", "未经复议直接起诉", "复议后起诉"]
    values = {
        "review": ["5", "2", "1", "1", "1"],
        "suit_direct": ["0"] * 5,
        "suit_after_review": ["2", "1", "", "1", ""],
    }
    rows = [[Cell("项目")] + [Cell(h) for h in heads]]
    for name, key in zip(names, values, strict=True):
        rows.append([Cell(name)] + [Cell(v) for v in values[key]])
    vals = t3_values("2021")
    doc = _doc(layout, [t2_grid("2021"), t3_grid("2021", vals), rows])
    got = parsed(doc)
    assert got["t4.review.total"].value == 5 and got["t4.review.other"].value == 1
    assert got["t4.review.pending"].value == 1 and got["t4.review.upheld"].value == 2
    assert (
        got["t4.suit_after_review.pending"].value == 1
        and got["t4.suit_after_review.other"].placeholder == "blank"
    )


@pytest.mark.parametrize("short", [False, True])
def test_space_aligned_transposed_table_four_with_rows_of_blanks(short):
    from tests.test_tables_blanks import render_aligned

    # A row whose cells are all blank prints its label alone; the suits named without 行政诉讼.
    t4 = ["", "2", "", "", "2"] + [""] * 5 + ["1", "", "", "", "1"]
    rows = t4_transposed(short, t4)
    rows[2][0] = Cell("未经复议直接起诉")
    rows[3][0] = Cell("复议后起诉")
    text = render_aligned(rows)
    assert "\n未经复议直接起诉\n" in text + "\n"
    vals = t3_values("2021")
    doc = text_document([render_aligned(t2_grid("2021")), render_aligned(t3_grid("2021", vals)), text])
    assert_round_trip(doc, expected_cells("2021", vals, t4))


@pytest.mark.parametrize("header_rows,grouped", VARIANTS)
@pytest.mark.parametrize("template", ["2021", "2019"])
def test_space_aligned_transposed_table_three(template, header_rows, grouped):
    from tests.test_tables_blanks import render_aligned

    # Fixed-width text: the header lines name the result labels side by side (however long), so the
    # values go under the header's leaf columns and a blank cell stays in place.
    vals = t3_values(template)
    assert any("" in row for row in vals.values())
    t3 = render_aligned(t3_transposed(template, vals, header_rows=header_rows, grouped=grouped))
    doc = text_document([render_aligned(t2_grid(template)), t3, render(t4_grid(), "tab")])
    assert_round_trip(doc, expected_cells(template, vals))


def test_two_columns_read_as_one_cell_leave_the_row_out():
    # A PDF reader that lost a column rule gives cells holding two values (「4 0」, 「无 无」): the
    # values cannot be placed, so those rows are left out rather than read as 40.
    vals = t3_values("2021", placeholders=("/", "无"))
    rows = t3_transposed("2021", vals, grouped=False)
    merged = []
    for r in rows:
        cells = list(r)
        if r[0].text in ("自然人", "总计"):
            cells[1:3] = [Cell(f"{cells[1].text} {cells[2].text}")]  # 一 and 二 merged
        else:
            cells[1:3] = [Cell(cells[1].text, cells[1].spanned)]
        merged.append(cells)
    doc = grid_document([t2_grid("2021"), merged, t4_grid()])
    got = parsed(doc)
    assert not any(k.startswith("t3.") and k.endswith((".natural_person", ".total")) for k in got)
    for key in ("new", "disclosed", "withheld.security"):
        assert got[f"t3.{key}.research"].raw == vals[key][2]


def test_a_number_wrapped_in_a_narrow_cell_is_one_value():
    # PDF cells of a 25-column table are narrow: 「100」 prints as 「10」 over 「0」.
    vals = t3_values("2021", placeholders=("/",))
    vals["new"] = ["100", "3", "0", "0", "0", "0", "103"]
    rows = t3_transposed("2021", vals)
    for r in rows:
        for c in r:
            if c.text in ("100", "103"):
                c.text = c.text[:2] + "\n" + c.text[2:]
    got = parsed(grid_document([t2_grid("2021"), rows, t4_grid()]))
    assert got["t3.new.natural_person"].value == 100 and got["t3.new.total"].value == 103
    assert got["t3.new.natural_person"].raw == "10\n0"
