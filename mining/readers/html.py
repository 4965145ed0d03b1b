"""HTML pages (lxml): the report's main content block, its paragraphs and its tables as cell grids.

Government CMS pages wrap a report in navigation, menus, breadcrumbs, share bars and footers. Those
are dropped by tag (nav/header/footer/aside, script/style) and by class/id words; then the main block
is found by descending from ``<body>`` into the child that holds most of the non-link text, stopping
where the text spreads over several children. Metadata lines outside that block (发布日期, 发文日期…)
and the page's report title are kept at the top so that the meta stage can still read them.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from lxml import etree

from ..model import ReadError
from ._render import TextBuilder, expand_spans
from .text import utf8_without_controls

_DROP_TAGS = {
    "script", "style", "noscript", "template", "iframe", "nav", "header", "footer", "aside", "form",
    "select", "button", "input", "textarea", "svg", "canvas", "object", "embed", "head", "map",
}  # fmt: skip
_BOILER = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|submenu|footer|foot|breadcrumbs?|crumbs?|bread|sidebar|side|banner|topbar|"
    r"top-bar|header|head|share|toolbar|pagination|pager|copyright|links?|friendlink|search|login|"
    r"position|location|dqwz|weizhi)([\s_-]|\d|$)",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "dl", "dt", "dd", "blockquote", "pre", "center", "figure", "figcaption", "address", "hr", "body",
    "tr", "caption", "font_block",
}  # fmt: skip
# Tags whose text the walkers only concatenate with their neighbours' (never a block, a line break or
# part of a table's structure). Removed from the content block before it is walked, children and text
# kept (`etree.strip_tags`, one pass in C): a Word-pasted cell 「<td><p><span>0</span></p></td>」 or
# paragraph costs a Python proxy per element, read tag by tag.
_INLINE_TAGS = (
    "span", "font", "a", "b", "strong", "i", "em", "u", "o:p", "sub", "sup", "small", "big", "s",
    "strike", "ins", "del", "label", "abbr", "acronym", "cite", "code", "kbd", "samp", "var", "q", "dfn",
    "mark", "tt", "nobr", "bdo", "bdi", "time", "data", "wbr", "img",
)  # fmt: skip
_META_LINE = re.compile(r"(发布|发文|成文|印发|公开|生成)(日期|时间)|索引号|发布机构|信息来源")
_TITLE_WORDS = re.compile(r"年度报告|年报|工作报告")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_WS = re.compile(r"\s+")


def declared_charset(data: bytes) -> str | None:
    """Return the charset a page declares in a ``<meta>`` tag of its first 4 KB, if any."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


# Plain etree elements: lxml.html's element classes cost a Python lookup per node visited. No table of
# id attributes (collect_ids): nothing looks elements up by id, and building it is 2% of the parse.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, collect_ids=False)
# The same for UTF-8 bytes: lxml hands a str to libxml2 as UTF-16 or UCS-4, which libxml2 converts
# back to UTF-8 (~6% of the parse). The given encoding overrides any <meta charset>, as for a str.
_UTF8_PARSER = etree.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, collect_ids=False, encoding="utf-8"
)


def _text(el: etree._Element) -> str:
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _drop(el: etree._Element) -> None:
    """Remove `el` and its subtree, keeping its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


@lru_cache(maxsize=4096)
def _boiler_words(words: str) -> bool:
    # Pages repeat the same class names hundreds of times (「MsoNormal」 on every cell).
    return bool(words.strip()) and _BOILER.search(words) is not None


def _is_boiler(el: etree._Element) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _DROP_TAGS:
        return True
    get = el.get
    if not _boiler_words(f"{get('class', '')} {get('id', '')} {get('role', '')}"):
        return False
    # A block named "header" that holds tables or the report title is the article itself.
    if el.find(".//table") is not None:
        return False
    text = _text(el)
    return not (_TITLE_WORDS.search(text) and len(text) < 200) or len(text) > 2000


def _strip_boilerplate(root: etree._Element) -> None:
    """Drop never-content tags and blocks named like site furniture (nav, menu, footer, share…).

    Named blocks are looked for top-down, skipping what was dropped and the inside of data tables
    (a table with no table in it): their cells are content, even one classed 「head」.
    """
    # Tags that are never content go in one C-level pass (their tails stay).
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    stack = [root]
    while stack:
        el = stack.pop()
        for k in reversed(el):
            tag = k.tag
            if not isinstance(tag, str) or (tag == "table" and k.find(".//table") is None):
                continue
            names = k.keys()  # (one call: cheaper than three tests on `k.attrib`)
            if names and ("class" in names or "id" in names or "role" in names) and _is_boiler(k):
                _drop(k)
                continue
            if len(k):
                stack.append(k)


_COUNT_CELLS = etree.XPath("count(.//td | .//th)")


def _chars(el: etree._Element) -> int:
    return len("".join(_text(el).split()))


def _links_and_cells(el: etree._Element) -> tuple[int, int]:
    if not len(el):  # (a heading, say: nothing inside to look for)
        return (_chars(el) if el.tag == "a" else 0), 0
    return sum(_chars(a) for a in el.iter("a")), int(_COUNT_CELLS(el))


def _parts(el: etree._Element) -> tuple[int, int, int]:
    """Return (characters, characters in links, table cells) that `el` holds: what `_weight_of` weighs."""
    return _chars(el), *_links_and_cells(el)


def _weight_of(parts: tuple[int, int, int]) -> int:
    """Return how much report content the `_parts` describe: characters outside links, plus table cells."""
    chars, links, cells = parts
    return max(0, chars - links) + 20 * cells


def _kid_parts(node: etree._Element, parts: tuple[int, int, int], kids: list) -> list[tuple[int, int, int]]:
    """Return the `_parts` of each of `kids`, the children of `node` (whose parts are `parts`).

    When `kids` are all of `node`'s children, the link text and cells of the one with the most text
    are what `node` holds beyond the others': counting them again would walk the largest subtree
    (usually the article) a second time. Not under a link (its own text counts as link text) nor
    beside a cell (the parent's cell count includes it).
    """
    chars = [_chars(k) for k in kids]
    derive = len(node) == len(kids) and node.tag != "a" and not any(k.tag in {"td", "th"} for k in kids)
    heaviest = chars.index(max(chars)) if derive else -1
    out: list[tuple[int, int, int]] = []
    links_left, cells_left = parts[1], parts[2]
    for n, (k, c) in enumerate(zip(kids, chars, strict=True)):
        if n == heaviest:
            out.append((c, 0, 0))  # filled in below
            continue
        links, cells = _links_and_cells(k)
        links_left, cells_left = links_left - links, cells_left - cells
        out.append((c, links, cells))
    if derive:
        out[heaviest] = (chars[heaviest], links_left, cells_left)
    return out


def _wraps(node: etree._Element, kid: etree._Element) -> bool:
    """Return True when `kid` is all `node` holds, so that both weigh the same.

    Pages nest the article in wrapper after wrapper (「<div class="article"><div class="content">」);
    weighing each wrapper again would serialise the whole page once per level. Not for a link (its
    own text counts as link text) nor for a cell (the parent's cell count includes it).
    """
    return (
        len(node) == 1
        and node.tag != "a"
        and kid.tag not in {"td", "th"}
        and not (node.text or "").strip()
        and not (kid.tail or "").strip()
    )


def _main_block(body: etree._Element) -> etree._Element:
    node, parts = body, _parts(body)
    while True:
        own = _weight_of(parts)
        kids = [k for k in node if isinstance(k.tag, str) and k.tag not in {"table", "p"}]
        if not kids or own == 0:
            return node
        if len(kids) == 1 and _wraps(node, kids[0]):
            node = kids[0]  # the same parts
            continue
        kid_parts = _kid_parts(node, parts, kids)
        weighed = [(_weight_of(p), n, k, p) for n, (k, p) in enumerate(zip(kids, kid_parts, strict=True))]
        best_weight, _, best, best_parts = max(weighed, key=lambda t: t[:2])
        if best_weight < 0.85 * own:
            return node
        node, parts = best, best_parts


def _cell_text(el: etree._Element) -> str:
    """Return a cell's text, ``<br>`` and block elements as line breaks.

    Blanks around the breaks are left in: the grid's cells go through `normalize_cell`, which
    strips every line.
    """
    n = len(el)
    if n == 0:
        return el.text or ""
    if n == 1:
        # The common shapes: 「<td><p>0</p></td>」 and Word's 「<td><p><span>0</span></p></td>」.
        # (Each .tag/.text/.tail read converts a libxml2 string: every one is read once.)
        k = el[0]
        k_tag, k_len = k.tag, len(k)
        if k_len <= 1 and k_tag != "br" and k_tag != "table":
            inner = k[0] if k_len else None
            if inner is None:
                mid = k.text or ""
            elif len(inner) == 0 and (i_tag := inner.tag) not in _BLOCK_TAGS and i_tag != "br":
                mid = (k.text or "") + (inner.text or "") + (inner.tail or "")
            else:
                mid = None
            if mid is not None:
                if k_tag in _BLOCK_TAGS:
                    mid = "\n" + mid + "\n"
                return (el.text or "") + mid + (k.tail or "")
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        tag = e.tag if isinstance(e.tag, str) else ""
        if tag == "br":
            parts.append("\n")
        elif tag in _BLOCK_TAGS or tag == "table":
            parts.append("\n")
        if e.text and tag:
            parts.append(e.text)
        for k in e:
            walk(k)
            if k.tail:
                parts.append(k.tail)
        if tag in _BLOCK_TAGS:
            parts.append("\n")

    if el.text:
        parts.append(el.text)
    for k in el:
        walk(k)
        if k.tail:
            parts.append(k.tail)
    return "".join(parts)


def _span(value: str) -> int:
    """Return the span a ``rowspan``/``colspan`` value asks for (1 when it holds no digits)."""
    if value.isdecimal():
        return int(value)
    try:
        return int(re.sub(r"\D", "", value) or 1)
    except ValueError:
        return 1


# Compiled once: Element.xpath() compiles its expression on every call (half the cost here).
_TABLE_ROWS = etree.XPath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def _table_rows(table: etree._Element) -> list[etree._Element]:
    return _TABLE_ROWS(table)


class _Walker:
    def __init__(self, builder: TextBuilder) -> None:
        self.b = builder
        self.buf: list[str] = []
        self.n_tables = 0

    def flush(self) -> None:
        if self.buf:
            self.b.add_text("".join(self.buf))
            self.buf = []

    def table(self, el: etree._Element) -> None:
        index = self.n_tables
        self.n_tables += 1
        rows = _table_rows(el)
        if el.find(".//table") is not None or not rows:
            # A layout table (it nests the real tables): read its cells as running content.
            for k in el:
                self.walk(k)
            return
        self.flush()
        texts: list[list[str]] = []
        merged: dict[int, list[tuple[int, int, int]]] = {}
        for r, tr in enumerate(rows):
            row: list[str] = []
            for td in tr.iterchildren("td", "th"):
                row.append(_cell_text(td))
                # One call lists the attribute names; two `get`s cost four times as much.
                names = td.keys()
                if names and ("rowspan" in names or "colspan" in names):
                    rowspan, colspan = td.get("rowspan"), td.get("colspan")
                    rowspan = 1 if rowspan is None else _span(rowspan)
                    colspan = 1 if colspan is None else _span(colspan)
                    if rowspan > 1 or colspan > 1:
                        merged.setdefault(r, []).append((len(row) - 1, rowspan, colspan))
            texts.append(row)
        grid_rows, spanned = expand_spans(texts, merged)
        caption = el.find("caption")
        if caption is not None:
            self.b.add_text(_text(caption))
        self.b.add_grid(grid_rows, spanned, source=f"html:table[{index}]")

    def walk(self, el: etree._Element) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            tag = ""
        if tag == "table":
            self.table(el)
            return
        if tag == "br":
            self.buf.append("\n")
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        text = el.text
        if text and tag:
            self.buf.append(text)
        for k in el:
            self.walk(k)
            tail = k.tail
            if tail:
                self.buf.append(tail)
        if block:
            self.flush()


def _with_value(el: etree._Element, line: str) -> str:
    """Return a metadata label's line with its value: 「发文日期：」 in one cell, 「2025-01-20」 in the next.

    Metadata boxes print label and value in sibling cells or spans; the label alone is widened to the
    nearest enclosing row or block whose text is still one short line.
    """
    if _META_LINE.sub("", line).strip(" :：") or el.tag in {"h1", "h2", "h3"}:
        return line
    for parent in el.iterancestors():
        wider = _WS.sub(" ", _text(parent)).strip()
        if len(wider) > 120:
            break
        if wider != line:
            return wider
    return line


def _parse(text: str, utf8: bytes | None) -> etree._Element | None:
    if utf8 is not None and not _XML_DECL.match(text):
        try:
            return etree.fromstring(utf8, _UTF8_PARSER)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            pass  # the error, if any, is reported as parsing the text reports it
    return etree.fromstring(_XML_DECL.sub("", text, count=1), _PARSER)


# What libxml2 reports when bytes are not UTF-8 (or decode to a character XML forbids), and when it
# stops reporting (after too many errors): a page with any of them is decoded by Python first.
_NOT_PLAIN_UTF8 = frozenset({"ERR_INVALID_ENCODING", "ERR_INVALID_CHAR", "ERR_RESOURCE_LIMIT"})


def build_utf8_html(data: bytes, declared: str | None) -> TextBuilder | None:
    """Return the builder of a page that is plainly UTF-8, parsed from its bytes; None for any other.

    The same page as `decode_text` then `build_html` give, without decoding the bytes in Python
    only to check that they are UTF-8 (lxml parses the bytes either way): libxml2 checks them while
    parsing. None (read the long way) when the page declares another charset, starts with anything
    but a tag (a byte-order mark, an XML declaration), holds control characters, NUL among them (the
    decoder weighs them), or libxml2 reports bytes it could not read as UTF-8 or stopped reporting
    errors.
    """
    if declared is not None:
        try:
            if codecs.lookup(declared).name != "utf-8":
                return None
        except LookupError:
            return None
    # (A byte-order mark is not a tag; a page opening with more blank than 1 KB goes the long way.)
    head = data[:1024].lstrip()
    if head[:1] != b"<" or head.startswith(b"<?xml") or not utf8_without_controls(data):  # (NUL too)
        return None
    try:
        root = etree.fromstring(data, _UTF8_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if root is None or any(e.type_name in _NOT_PLAIN_UTF8 for e in _UTF8_PARSER.error_log):
        return None
    return _build(root)


def build_html(text: str, path: str, *, utf8: bytes | None = None) -> TextBuilder:
    """Return a builder with the page's title, metadata lines and main content block in order.

    `utf8` is the page's bytes when `text` is their UTF-8 decoding: parsed as they are, the same tree.
    """
    try:
        root = _parse(text, utf8)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(path, f"HTML that lxml cannot parse: {exc}") from exc
    if root is None:
        raise ReadError(path, "HTML without any element")
    return _build(root)


def _build(root: etree._Element) -> TextBuilder:
    page_title = root.findtext(".//title") or ""
    body = root.find("body")
    if body is None:
        body = root
    _strip_boilerplate(body)
    main = _main_block(body)
    builder = TextBuilder()
    main_text: str | None = None  # serialised only when a line must be looked for in it
    # The report title and the metadata box often sit before the content block, outside it.
    if main is not body:
        ancestors = set(main.iterancestors())
        seen: set[str] = set()
        for el in body.iter("h1", "h2", "h3", "p", "div", "span", "td", "li", main.tag):
            if el is main:
                break
            if el in ancestors:
                continue
            line = _WS.sub(" ", _text(el)).strip()
            if not line or len(line) > 120 or line in seen:
                continue
            if not (
                (el.tag in {"h1", "h2", "h3"} and _TITLE_WORDS.search(line))
                or (_META_LINE.search(line) and not any(_META_LINE.search(_text(k)) for k in el))
            ):
                continue
            if main_text is None:
                main_text = _text(main)
            if line in main_text:
                continue
            line = _with_value(el, line)
            if line in seen:
                continue
            seen.add(line)
            builder.add_text(line)
    if page_title and _TITLE_WORDS.search(page_title) and not builder.text:
        title = page_title.strip()
        # Most pages print their title as a heading of the content block: found in the heading's
        # own text, it is in the block's text, which need not be serialised to tell.
        if not any(title in (h.text or "") for h in main.iter("h1", "h2", "h3")) and title not in (
            main_text if main_text is not None else _text(main)
        ):
            builder.add_text(title)
    etree.strip_tags(main, *_INLINE_TAGS)
    walker = _Walker(builder)
    walker.walk(main)
    walker.flush()
    return builder
