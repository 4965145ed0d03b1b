"""Fast paths of the readers' shared stages give exactly what the straightforward code gives.

Each test compares a fast path with a reference on random input drawn from the characters and
shapes that make the fast path fall back or differ: full-width forms, ideographic and non-breaking
spaces, tabs, line breaks, export residue, private-use marks, spans that overlap or run off the
table, lines that only look like headings. The references are the plain versions the fast paths
replaced, kept here, or the slow path itself with its shortcut switched off.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from mining.normalize import (
    _clean_line,
    _needs_line_cleaning,
    normalize_blocks,
    normalize_cell,
    normalize_text,
)
from mining.readers import _render
from mining.tables import text_grids

# ---------------------------------------------------------------- normalisation in one pass
_PIECES = [
    "一、总体情况", "本年度主动公开信息１２６条。", "（一）", "规章", "0", "12", " ", "  ", "\u3000", "\u00a0",
    "\t", "\n", "\n\n\n", "\r\n", "\r", "&nbsp;", "&nbsp", ";", "&emsp;", "[bookmark: a]", "[Bookmark:",
    "]", "\u200b", "\ufeff", "\u0301", "ｱ", "\ue000", "\ue001", "。", "x  y", "Ａ１", "\u2028", "\x1c",
]  # fmt: skip


def _random_text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, n)))


def test_normalize_blocks_equals_normalize_text_block_by_block():
    rng = random.Random(5)
    for _ in range(3000):
        blocks = [_random_text(rng, 6) for _ in range(rng.randint(0, 6))]
        assert normalize_blocks(blocks) == [normalize_text(b) for b in blocks], blocks


def test_normalize_text_skips_line_cleaning_only_when_it_changes_nothing():
    rng = random.Random(6)
    for _ in range(3000):
        text = _random_text(rng, 10)
        lines = text.split("\n")
        if not _needs_line_cleaning(text):
            assert [_clean_line(line) for line in lines] == lines, repr(text)


# ---------------------------------------------------------------- spans and grids
def _expand_spans_reference(cells, *, max_span=200):
    n_rows = len(cells)
    pending: dict[tuple[int, int], str] = {}
    rows, marks = [], []
    for r, row in enumerate(cells):
        out, mark = [], []
        for text, rowspan, colspan in row:
            while pending and (r, len(out)) in pending:
                out.append(pending.pop((r, len(out))))
                mark.append(True)
            col = len(out)
            colspan = 1 if colspan <= 1 else min(colspan, max_span)
            out += [text] * colspan
            mark += [False] + [True] * (colspan - 1)
            if rowspan > 1:
                for dr in range(1, min(rowspan, n_rows - r)):
                    for dc in range(colspan):
                        pending[(r + dr, col + dc)] = text
        for c in sorted(c for rr, c in pending if rr == r):
            while len(out) < c:
                out.append("")
                mark.append(False)
            out.append(pending.pop((r, c)))
            mark.append(True)
        rows.append(out)
        marks.append(mark)
    width = max((len(r) for r in rows), default=0)
    for out, mark in zip(rows, marks, strict=True):
        mark += [False] * (width - len(out))
        out += [""] * (width - len(out))
    return rows, marks


def _random_cells(rng: random.Random) -> list[list[tuple[str, int, int]]]:
    spans = [1, 1, 1, 1, 2, 3, 0, -1, 250]
    return [
        [(f"c{r}.{c}", rng.choice(spans), rng.choice(spans)) for c in range(rng.randint(0, 5))]
        for r in range(rng.randint(0, 7))
    ]


def _merged(cells, rng: random.Random) -> dict[int, list[tuple[int, int, int]]]:
    """The merged cells of `cells` as `expand_spans` takes them (a reader may list a span of 1, too)."""
    listed = {
        r: [(i, rs, cs) for i, (_, rs, cs) in enumerate(row) if rs != 1 or cs != 1 or rng.random() < 0.1]
        for r, row in enumerate(cells)
    }
    return {r: spans for r, spans in listed.items() if spans}


def test_expand_spans_equals_the_occupancy_walk():
    rng = random.Random(7)
    for _ in range(5000):
        cells = _random_cells(rng)
        texts = [[text for text, _, _ in row] for row in cells]
        assert _render.expand_spans(texts, _merged(cells, rng)) == _expand_spans_reference(cells), cells


def _add_grid_reference(rows: Sequence[Sequence[str]], spanned) -> tuple[str, tuple, tuple] | None:
    norm = [tuple(normalize_cell(c).replace("\t", " ") for c in row) for row in rows]
    marks = [tuple(m) for m in spanned] if spanned else [tuple(False for _ in row) for row in norm]
    width = max((len(r) for r in norm), default=0)
    if not any(c for row in norm for c in row) or width <= 1:
        return None
    norm = [r + ("",) * (width - len(r)) for r in norm]
    marks = [m + (False,) * (width - len(m)) for m in marks]
    lines = [
        "\t".join(
            "" if mark else _render.join_cell_lines(cell) for cell, mark in zip(row, mrow, strict=False)
        )
        for row, mrow in zip(norm, marks, strict=False)
    ]
    return "\n".join(lines), tuple(norm), tuple(marks)


def test_add_grid_renders_as_the_cell_by_cell_join():
    rng = random.Random(8)
    words = ["0", "规章", "本年新\n制作数量", " a \n b ", "", "\u3000", "１２", "x\ty"]
    for _ in range(2000):
        rows = [[rng.choice(words) for _ in range(rng.randint(0, 4))] for _ in range(rng.randint(0, 5))]
        spanned = None
        if rng.random() < 0.6:
            spanned = [
                [rng.random() < 0.3 for _ in range(rng.randint(0, 5))] for _ in range(rng.randint(0, 6))
            ]
        builder = _render.TextBuilder()
        builder.add_text("前言")
        grid = builder.add_grid(rows, spanned, source="test")
        expected = _add_grid_reference(rows, spanned)
        if expected is None or grid is None:
            assert grid is None and (expected is None or not builder.grids)
            continue
        rendered, norm, marks = expected
        assert builder.text[grid.start : grid.end] == rendered
        assert (grid.rows, grid.spanned) == (norm, marks)


def test_builder_normalises_paragraphs_in_order_around_grids():
    builder = _render.TextBuilder()
    for raw in ["（一）第一段", "   ", "第二段&nbsp;", ""]:
        builder.add_text(raw)
    grid = builder.add_grid([["规章", "１"], ["文件", "2"]], None, source="t")
    builder.add_text("　结尾。")
    assert builder.text == "(一)第一段\n第二段\n规章\t1\n文件\t2\n 结尾。"
    assert grid is not None and builder.text[grid.start : grid.end] == "规章\t1\n文件\t2"


# ---------------------------------------------------------------- section headings
class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


def test_heading_shortcuts_equal_the_full_test_of_every_line(monkeypatch):
    from mining import sections

    phrases = sorted({p for long, short in sections._PHRASES.values() for p in (*long, *short)})
    bits = [
        *phrases,
        "一、",
        "6、",
        "（二）",
        "## ",
        "**",
        "__",
        "\t",
        " ",
        "\u3000",
        "本年度",
        "。",
        "x",
        "2020年",
    ]
    rng = random.Random(10)
    for _ in range(400):
        lines = [
            "".join(rng.choice(bits) for _ in range(rng.randint(0, 8))) for _ in range(rng.randint(1, 12))
        ]
        text = "\n".join(lines)
        fast = sections._candidates(text)
        with monkeypatch.context() as m:
            m.setattr(sections, "_HEADING_START", _Everything())
            m.setattr(sections, "_ANY_PHRASE", type("All", (), {"search": staticmethod(lambda s: True)})())
            assert fast == sections._candidates(text), text


def test_blank_text_normalises_to_blank():
    import sys

    blanks = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert len(blanks) > 20
    for ch in blanks:
        assert not normalize_text(f"{ch}\n{ch}{ch}").strip(), repr(ch)
    builder = _render.TextBuilder()
    for ch in blanks:
        builder.add_text(ch)
    assert builder.text == ""


# ---------------------------------------------------------------- lines covered by reader grids
def _covered_kinds_reference(lines, offsets, covered) -> list[str]:
    """Each line's kind, ``skip`` when some covered span holds the line's start (tested one by one)."""
    return [
        "skip" if any(a <= pos < b for a, b in covered) else text_grids._kind(line)
        for pos, line in zip(offsets, lines, strict=True)
    ]


def test_line_offsets_and_covered_kinds_equal_the_line_by_line_walk():
    rng = random.Random(9)
    pieces = ["一、总体情况", "0\t1\t2", "\t", "", " ", "| a | b |", "规章\t5", "abc"]
    for _ in range(3000):
        lines = [rng.choice(pieces) for _ in range(rng.randint(0, 12))]
        text = "\n".join(lines)
        offsets = text_grids._line_offsets(lines)
        assert offsets == [len(text[: m.start()]) for m in re.finditer("^", text, re.MULTILINE)][: len(lines)]
        # Spans that overlap, nest, are empty, start mid-line or run off the text.
        covered = []
        for _ in range(rng.randint(0, 4)):
            a = rng.randint(-2, len(text) + 2)
            covered.append((a, a + rng.randint(0, 30)))
        got = text_grids._covered_kinds(lines, offsets, covered)
        assert got == _covered_kinds_reference(lines, offsets, covered), (lines, covered)
