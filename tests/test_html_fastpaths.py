"""Fast paths of the HTML reader (and the decoding it shares) give exactly what the general code gives.

Each test draws random input from the shapes that make a fast path fall back or differ, and compares
it with the general path: the slow code itself with its shortcut switched off, or a plain reference
kept here.
"""

from __future__ import annotations

import random

from mining.readers import html as _html
from mining.readers import text as _text

# ---------------------------------------------------------------- decoding
_CHARS = [
    "a", "中", "\t", "\n", "\r", " ", "\x00", "\x01", "\x08", "\x0b", "\x0e", "\x19", "\x1a", "\x1b",
    "\x1f", "\x7f", "\x80", "\x85", "\x9f", "\xa0", "\xb7", "\xc2", "é", "€", "\U00020000",
]  # fmt: skip


def test_control_characters_found_in_utf8_bytes_as_in_the_decoded_text():
    rng = random.Random(1)
    for _ in range(5000):
        text = "".join(rng.choice(_CHARS) for _ in range(rng.randint(0, 8)))
        expected = _text._CONTROLS.search(text) is None
        assert _text.utf8_without_controls(text.encode("utf-8")) == expected, repr(text)


# ---------------------------------------------------------------- random pages
_WORDS = [
    "", " ", "\n", "\u3000", "一、总体情况", "规章", "0", "12", "发布日期：", "2024-01-20", "索引号：", "x",
    "2023年政府信息公开工作年度报告", "本年度主动公开信息126条。", "首页", "&nbsp;", "\t",
]  # fmt: skip
_BLANKS = ["", " ", "\n", "\u3000"]
_TAGS = [
    "div", "div", "div", "span", "p", "a", "h1", "h2", "td", "tr", "li", "ul", "br", "strong", "section",
    "font", "o:p", "img", "em",
]  # fmt: skip
_ATTRS = ["", "", "", ' class="content"', ' class="nav"', ' id="zoom"', ' class="article"', ' class="share"']


def _random_cell(rng: random.Random, depth: int) -> str:
    spans = rng.choice(
        ["", "", "", ' colspan="2"', ' rowspan="2"', ' rowspan="3" colspan="2"', ' colspan="x"']
    ) + rng.choice(["", "", ' style="width:20pt"', ' class="xl65" valign="top"', ' data-rowspan="3"'])
    tag = rng.choice(["td", "td", "th"])
    return f"<{tag}{spans}>{_random_content(rng, depth + 1, cell=True)}</{tag}>"


def _random_table(rng: random.Random, depth: int) -> str:
    rows = "".join(
        "<tr>" + "".join(_random_cell(rng, depth) for _ in range(rng.randint(0, 4))) + "</tr>"
        for _ in range(rng.randint(0, 4))
    )
    caption = "<caption>表一</caption>" if rng.random() < 0.2 else ""
    body = f"<tbody>{rows}</tbody>" if rng.random() < 0.5 else rows
    return f"<table{rng.choice(_ATTRS)}>{caption}{body}</table>"


def _random_content(rng: random.Random, depth: int, *, cell: bool = False) -> str:
    parts = []
    for _ in range(rng.randint(0, 2 if cell else 4)):
        roll = rng.random()
        if roll < 0.4 or depth > 4:
            parts.append(rng.choice(_WORDS))
        elif roll < 0.55 and not cell:
            parts.append(_random_table(rng, depth))
        elif roll < 0.6:
            parts.append("<br>")
        else:
            tag = rng.choice(_TAGS)
            if tag == "br":
                parts.append("<br/>")
            else:
                attrs = rng.choice(_ATTRS)
                parts.append(f"<{tag}{attrs}>{_random_content(rng, depth + 1, cell=cell)}</{tag}>")
    return "".join(parts)


def _random_page(rng: random.Random) -> str:
    head = "<head><title>某局2023年政府信息公开工作年度报告</title></head>" if rng.random() < 0.5 else ""
    wrap = rng.randint(0, 3)
    article = _random_content(rng, 0)
    for _ in range(wrap):
        article = f"<div{rng.choice(_ATTRS)}>{rng.choice(_BLANKS)}{article}</div>"
    return f"<html>{head}<body>{_random_content(rng, 2)}{article}{_random_content(rng, 3)}</body></html>"


def _pages(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return [_random_page(rng) for _ in range(n)]


def _tree(page: str):
    from lxml import etree

    root = etree.fromstring(page, _html._PARSER)
    body = root.find("body")
    _html._strip_boilerplate(body)
    return body


# ---------------------------------------------------------------- main block
def test_a_wrapper_weighs_what_its_only_child_weighs():
    checked = 0
    for page in _pages(11, 400):
        for node in _tree(page).iter():
            kids = [k for k in node if isinstance(k.tag, str)]
            if len(kids) == 1 and _html._wraps(node, kids[0]):
                assert _html._parts(node) == _html._parts(kids[0]), page
                checked += 1
    assert checked > 100


def test_children_parts_derived_from_the_parent_equal_the_parts_counted():
    derived = 0
    for page in _pages(16, 400):
        for node in _tree(page).iter():
            kids = [k for k in node if isinstance(k.tag, str)]
            if len(kids) < 2:
                continue
            fast = _html._kid_parts(node, _html._parts(node), kids)
            assert fast == [_html._parts(k) for k in kids], page
            derived += len(node) == len(kids)
    assert derived > 100


def test_links_and_cells_of_an_element_without_children_equal_the_ones_counted():
    leaves = 0
    for page in _pages(17, 300):
        for el in _tree(page).iter():
            if not isinstance(el.tag, str):
                continue
            counted = sum(_html._chars(a) for a in el.iter("a")), int(_html._COUNT_CELLS(el))
            assert _html._links_and_cells(el) == counted, page
            leaves += not len(el) and el.tag == "a" and counted[0] > 0
    assert leaves > 20  # links with text, the case where an element is its own link


def test_main_block_found_as_by_weighing_every_child(monkeypatch):
    for page in _pages(12, 400):
        fast = _html._main_block(_tree(page))
        with monkeypatch.context() as m:
            m.setattr(_html, "_wraps", lambda node, kid: False)
            m.setattr(_html, "_kid_parts", lambda node, parts, kids: [_html._parts(k) for k in kids])
            slow = _html._main_block(_tree(page))
        assert _path(fast) == _path(slow), page


def _path(el) -> list[int]:
    out = []
    while el.getparent() is not None:
        out.append(el.getparent().index(el))
        el = el.getparent()
    return out


# ---------------------------------------------------------------- walking the content block
def _read(page: str) -> tuple[str, list]:
    b = _html.build_html(page, "page.html")
    return b.text, [(g.rows, g.spanned, g.start, g.end, g.source) for g in b.grids]


def test_inline_tags_stripped_before_the_walk_read_as_walked(monkeypatch):
    pages = _pages(17, 600)
    assert sum("<span" in p or "<font" in p or "<o:p" in p for p in pages) > 300
    for page in pages:
        fast = _read(page)
        with monkeypatch.context() as m:
            m.setattr(_html, "_INLINE_TAGS", ())
            assert _read(page) == fast, page


def test_inline_tags_are_never_blocks_breaks_or_table_structure():
    structure = {"br", "table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption"}
    assert not set(_html._INLINE_TAGS) & (_html._BLOCK_TAGS | _html._DROP_TAGS | structure)


def _reference_grid(table) -> list[tuple[str, ...]]:
    """A data table read cell by cell as the reader once did (two `get`s a cell), expanded by the
    reference occupancy walk and normalised: what the grid of `table` must hold."""
    from mining.readers._render import _cell
    from tests.test_fast_paths import _expand_spans_reference

    cells = [
        [
            (
                _html._cell_text(td),
                _html._span(td.get("rowspan") or "1"),
                _html._span(td.get("colspan") or "1"),
            )
            for td in tr
            if td.tag in ("td", "th")
        ]
        for tr in _html._table_rows(table)
    ]
    rows, _marks = _expand_spans_reference(cells)
    return [tuple(map(_cell, row)) for row in rows]


def test_table_grids_equal_the_cells_read_one_by_one():
    from lxml import etree

    rng = random.Random(18)
    checked = 0
    for _ in range(400):
        page = f"<html><body><div>{_random_table(rng, 0)}</div></body></html>"
        grids = _html.build_html(page, "page.html").grids
        tables = [
            t
            for t in etree.fromstring(page, _html._PARSER).iter("table")
            if t.find(".//table") is None and _html._table_rows(t)
        ]
        expected = [g for g in map(_reference_grid, tables) if any(map(any, g)) and max(map(len, g)) > 1]
        assert [list(g.rows) for g in grids] == expected, page
        checked += bool(expected)
    assert checked > 100


# ---------------------------------------------------------------- normalisation
def test_nfkc_narrows_every_full_width_form_of_a_long_text():
    import unicodedata

    from mining.normalize import nfkc

    rng = random.Random(13)
    pool = [chr(c) for c in range(0xFF01, 0xFF5F)] + list("\u3000中文，。、a \u0301\u00a0")
    for _ in range(300):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 400)))
        assert nfkc(text) == unicodedata.normalize("NFKC", text), repr(text)


def test_zero_width_characters_are_removed_wherever_they_are():
    from mining.normalize import _ZERO_WIDTH, normalize_text

    rng = random.Random(14)
    pool = ["中文", "a", " ", "\n", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "（一）"]
    for _ in range(2000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert normalize_text(text) == normalize_text(_ZERO_WIDTH.sub("", text)), repr(text)
        assert not _ZERO_WIDTH.search(normalize_text(text)), repr(text)


# ---------------------------------------------------------------- parsing UTF-8 bytes
def test_utf8_bytes_parse_to_the_tree_their_text_parses_to():
    from lxml import etree

    odd = [
        '<html><head><meta charset="gbk"></head><body><p>中文（一）</p></body></html>',
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>报告</p>',
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>x</p></body></html>',
        "  <p>a\r\nb\rc</p>\x0c<td>&nbsp;&amp;</td>",
        "<p>\U00020000 ①</p><br/>",
        "",
        "   ",
        "<!-- only a comment -->",
    ]
    for page in odd + _pages(15, 200):
        fast, slow = _html._parse(page, page.encode("utf-8")), _html._parse(page, None)
        if slow is None:
            assert fast is None, page
        else:
            assert etree.tostring(fast, encoding=str) == etree.tostring(slow, encoding=str), page


# ---------------------------------------------------------------- UTF-8 pages parsed from their bytes
_ODD_BYTES = [
    b"\xff", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\xe4\xb8",
    b"\xc2", b"\x00", b"\x01", b"\x1b", b"\xc2\x85", b"\xef\xbf\xbe", b"\xef\xbb\xbf", b"\xe3\x80\x80",
    b"\xd6\xd0\xce\xc4", b"\xe4\xb8\xad\xe6\x96\x87", b"\xc2\xb7", b"\xf0\x9f\x98\x80", b" ", b"\n",
]  # fmt: skip
_PLACES = [
    "<p>{}</p>", "<p title='{}'>x</p>", "<!-- {} -->", "<script>var a='{}';</script>", "<?pi {} ?>",
    "<td>{}</td>", "<title>{}</title>", "<p {}='1'>x</p>",
]  # fmt: skip
_CHARSETS = ["", "<meta charset='utf-8'>", "<meta charset='UTF-8'>", "<meta charset=utf8>",
             "<meta charset='gbk'>", "<meta charset='latin-1'>", "<meta charset='nonsense'>"]  # fmt: skip
_STARTS = [
    b"",
    b"",
    b"\xef\xbb\xbf",
    b"<?xml version='1.0' encoding='utf-8'?>",
    b"  \n",
    b"\xe3\x80\x80",
    b"x",
]


def _document_or_error(path):
    from mining.model import ReadError
    from mining.readers import read_document

    try:
        d = read_document(path)
    except ReadError as exc:
        return "error", exc.reason
    return d.text, d.grids, d.encoding, d.warnings, d.reader


def test_utf8_pages_read_from_their_bytes_as_decoded_first(tmp_path, monkeypatch):
    """Any page the fast path takes reads exactly as when Python decodes it first (the path it
    replaced), bytes libxml2 cannot read as UTF-8 anywhere in the page included."""
    rng = random.Random(21)
    taken = 0
    for n in range(1500):
        odd = b"".join(rng.choice(_ODD_BYTES) for _ in range(rng.randint(0, 3)))
        place = rng.choice(_PLACES).replace("{}", "\x00").encode().replace(b"\x00", odd)
        pages = [_random_page(rng).encode("utf-8") for _ in range(1)]
        head = f"<head>{rng.choice(_CHARSETS)}</head>".encode()
        page = (
            rng.choice(_STARTS)
            + b"<html>"
            + head
            + pages[0].split(b"<html>", 1)[1].replace(b"<body>", b"<body>" + place, 1)
        )
        path = tmp_path / f"p{n}.html"
        path.write_bytes(page)
        fast = _document_or_error(path)
        taken += _html.build_utf8_html(page, _html.declared_charset(page)) is not None
        with monkeypatch.context() as m:
            m.setattr(_html, "build_utf8_html", lambda data, declared: None)
            slow = _document_or_error(path)
        assert fast == slow, page
    assert 100 < taken < 1400  # both ways are exercised


def test_a_page_libxml2_stops_reporting_errors_on_is_decoded_first():
    """After too many errors libxml2 reports no more, so a byte it cannot read would go unseen."""
    noisy = b"<html><body>" + b"<o:p>x</o:p><foo>" * 3000 + b"<p>\xe4\xb8\xad</p></body></html>"
    assert _html.build_utf8_html(noisy, None) is None
    quiet = b"<html><body>" + b"<p>x</p>" * 3000 + b"<p>\xe4\xb8\xad</p></body></html>"
    assert _html.build_utf8_html(quiet, None) is not None
