"""Cut section 五 into items: headings, intro sentences, enumerated items and plain sentences.

Agencies list problems and measures in many shapes (domain.md §8): 「一是…二是…」 inside a paragraph,
（一）/1./①/「- 」 items one per line, 「；」-separated lists after 「主要问题是：」, or plain sentences.
`split_section` finds those shapes and returns `Piece`s with offsets into the report text; it does
not decide problem vs. measure (that needs the order of headings and cues, see ``__init__``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..linewrap import logical_lines, unwrap, wrap_breaks

CN_DIGITS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Piece:
    """One unit of section 五: ``role`` is heading, intro, item (of an enumeration) or sentence."""

    start: int
    end: int
    text: str
    role: str
    run: int = -1
    """Enumeration run id shared by the items of one list (-1 for headings and free sentences)."""
    ordinal: int = 0


def _ordinal(token: str) -> int:
    token = token.strip()
    if token.isdecimal():  # not isdigit(): 「①」.isdigit() is True and int("①") fails
        return int(token)
    if token in CN_DIGITS:
        return CN_DIGITS.index(token) + 1
    if len(token) == 2 and token[0] == "十" and token[1] in CN_DIGITS:
        return 10 + CN_DIGITS.index(token[1]) + 1
    if len(token) == 1 and "①" <= token <= "⑳":
        return ord(token) - ord("①") + 1
    return 0


_CN = f"[{CN_DIGITS}]{{1,2}}"
# Inline markers: the char before must be a boundary so 「统一是」 or 「2023.」 never count.
_INLINE = re.compile(
    rf"(?:(?<=^)|(?<=[。；;：:，,！？\s*）)”」]))"
    rf"(?:(?P<shi>{_CN})[是要](?![否的])|第(?P<di>{_CN})[，,、]|[(（](?P<par>{_CN}|\d{{1,2}})[)）]|(?P<circ>[①-⑳])"
    rf"|(?P<dot>\d{{1,2}})[.、．](?!\d))"
)
_LINE_MARKER = re.compile(
    rf"^(?P<bullet>[-*•·]\s+)?(?:\*\*)?\s*"
    rf"(?:[(（](?P<par>{_CN}|\d{{1,2}})[)）]|(?P<cn>{_CN})[、.．]|(?P<dot>\d{{1,2}})[.、．](?!\d)|(?P<circ>[①-⑳]))?\s*"
)
_HEADING_WORDS = re.compile(r"问题|不足|短板|改进|措施|打算|计划|方向|整改|下一步|努力")
_SENTENCE_END = re.compile(r"[。！？!?]+[”」’』)）]*")
_TRIM = " \t\u3000*_#"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start] in _TRIM or text[start] in "，,；;"):
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the (start, end) of each sentence of ``text[start:end]`` (end punctuation included)."""
    out, pos = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        out.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return [
        se
        for se in (_trim(text, s, e) for s, e in out)
        if se[1] - se[0] > 0 and _has_words(text[se[0] : se[1]])
    ]


def _has_words(s: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fffA-Za-z]", s))


# A short sentence that says something is lacking is a problem, not a title: 「公开的信息不够全面等问题。」
_STATEMENT = re.compile(
    r"不够|有待|亟待|亟需|仍需|还需|尚需|需进一步|滞后|欠缺|缺乏|较少|偏少|单一|不高|不强|不到位|不完善|不全面"
    r"|不规范|不及时|不深入|不严格|不明显|薄弱|未能"
)


# ... and one that says what will be done is a measure: 「下一步将建立栏目更新提醒制度。」
_ACTION = re.compile(r"将(?!来)|我(?:局|委|办|厅|中心|单位|们)")


def _is_heading(s: str) -> bool:
    flat = re.sub(r"[\s*#_：:。.]", "", s)
    return (
        0 < len(flat) <= 18
        and bool(_HEADING_WORDS.search(flat))
        and not re.search(r"[，,；;]", flat)
        and not _STATEMENT.search(flat)
        and not _ACTION.search(flat)
    )


def _inline_run(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """Return [(marker_start, content_start, ordinal)] of the main enumeration inside a span."""
    found: dict[str, list[tuple[int, int, int]]] = {}
    for m in _INLINE.finditer(text, start, end):
        style = m.lastgroup or ""
        found.setdefault(style, []).append((m.start(), m.end(), _ordinal(m.group(style))))
    best: list[tuple[int, int, int]] = []
    for marks in found.values():
        run: list[tuple[int, int, int]] = []
        for mark in marks:
            if mark[2] == len(run) + 1:
                run.append(mark)
        # A lone 「一是」 is a list of one; a lone 「1.」 or 「(一)」 is probably a citation or a title.
        if len(run) >= 2 or (run and marks is found.get("shi")):
            if not best or run[0][0] < best[0][0]:
                best = run
    return best


class _Builder:
    def __init__(self, text: str, wraps: dict[int, int] | None = None) -> None:
        self.text = text
        self.wraps = wraps or {}
        self.pieces: list[Piece] = []
        self.runs = 0

    def add(self, start: int, end: int, role: str, run: int = -1, ordinal: int = 0) -> None:
        start, end = _trim(self.text, start, end)
        if end > start and _has_words(self.text[start:end]):
            # the text of a piece of a hard-wrapped paragraph reads without the wraps
            self.pieces.append(
                Piece(start, end, unwrap(self.text, start, end, self.wraps), role, run, ordinal)
            )

    def new_run(self) -> int:
        self.runs += 1
        return self.runs - 1

    def free_text(self, start: int, end: int, *, before_run: bool = False) -> None:
        """Add the sentences of a span that is not an enumeration item (intros, plain sentences)."""
        sents = _sentences(self.text, start, end)
        for n, (s, e) in enumerate(sents):
            sent = self.text[s:e]
            colon = max(sent.rfind("："), sent.rfind(":"))
            if 0 < colon < len(sent) - 1 and len(sent[colon + 1 :].strip("。 ")) >= 4:
                # 「主要问题是：A；B；C。」 -> an intro and a 「；」 list.
                self.add(s, s + colon + 1, "intro")
                self.semicolon_list(s + colon + 1, e)
                continue
            last = n == len(sents) - 1
            if _is_heading(sent):
                self.add(s, e, "heading")
            elif sent.rstrip().endswith(("：", ":")) or (last and before_run and len(sent) <= 40):
                self.add(s, e, "intro")
            else:
                self.semicolon_list(s, e)

    def semicolon_list(self, start: int, end: int) -> None:
        parts, pos = [], start
        for m in re.finditer(r"[；;]", self.text[start:end]):
            parts.append((pos, start + m.end()))
            pos = start + m.end()
        parts.append((pos, end))
        parts = [p for p in parts if len(self.text[p[0] : p[1]].strip(" ；;。")) >= 4]
        if len(parts) >= 2:
            run = self.new_run()
            for i, (s, e) in enumerate(parts, start=1):
                self.add(s, e, "item", run, i)
        elif parts:
            self.add(parts[0][0], parts[0][1], "sentence")

    def inline(self, start: int, end: int, marks: list[tuple[int, int, int]]) -> None:
        self.free_text(start, marks[0][0], before_run=True)
        run = self.new_run()
        multi = False
        for i, (_, content, ordinal) in enumerate(marks):
            stop = marks[i + 1][0] if i + 1 < len(marks) else end
            sents = _sentences(self.text, content, stop)
            if i + 1 < len(marks):
                multi = multi or len(sents) > 1
                turn = _turn_in(self.text, sents)
                if turn is None:
                    self.add(content, stop, "item", run, ordinal)
                else:
                    # 「一是A不够。针对这一问题，我局将…。二是…」: each problem followed by its measure
                    self.add(content, sents[turn - 1][1], "item", run, ordinal)
                    self.free_text(sents[turn][0], stop)
                continue
            # The last item runs to the end of the paragraph only when the list's items are
            # paragraphs themselves, and never across a turn to the measures (下一步/今后…).
            take = len(sents) if multi else 1
            for k in range(1, len(sents)):
                if k >= take or _turns(self.text[sents[k][0] : sents[k][1]]):
                    take = k
                    break
            if not sents:
                continue
            self.add(content, sents[take - 1][1], "item", run, ordinal)
            if take < len(sents):
                self.free_text(sents[take][0], stop)


_TURN = re.compile(
    r"^(?:下一步|下步|在下一步|下阶段|下一阶段|今后|接下来|针对|为此|对此|在今后|未来|新的一年"
    r"|(?:20\d\d|明)年度?[，,]?\S{0,14}?(?:将|要))"
)
# A measure labelled inside an item: 「（一）解读形式单一。改进措施：丰富解读形式。」
_MEASURE_LABEL = re.compile(r"^(?:\*\*)?(?:改进|整改|下一步)?(?:措施|打算|方向|改进情况)\s*(?:\*\*)?[：:]")


def _turns(sentence: str) -> bool:
    return bool(_TURN.match(sentence) or _MEASURE_LABEL.match(sentence))


def _turn_in(text: str, sents: list[tuple[int, int]]) -> int | None:
    """Return the index of the first sentence after the first that turns to the measures, if any."""
    return next((k for k in range(1, len(sents)) if _turns(text[sents[k][0] : sents[k][1]])), None)


def split_section(text: str, start: int, end: int) -> tuple[Piece, ...]:
    """Return the pieces of ``text[start:end]`` in reading order, each with offsets into `text`."""
    b = _Builder(text, wrap_breaks(text, start, end))
    line_run: tuple[str, int, int] | None = None  # (style, run id, last ordinal)
    for line_start, line_stop in logical_lines(text, start, end):
        line = text[line_start:line_stop]
        if not line.strip() or line.startswith("\t"):
            continue
        lead = len(line) - len(line.lstrip())
        m = _LINE_MARKER.match(line, lead)
        style = next(
            (g for g in ("par", "cn", "dot", "circ") if m and m.group(g)),
            "bullet" if m and m.group("bullet") else "",
        )
        body = line_start + (m.end() if m and style else lead)
        line_end = line_start + len(line)
        if style:
            ordinal = _ordinal(m.group(style)) if style != "bullet" else (line_run[2] + 1 if line_run else 1)
            if line_run and line_run[0] == style and ordinal == line_run[2] + 1:
                line_run = (style, line_run[1], ordinal)
            elif ordinal == 1:
                line_run = (style, b.new_run(), 1)
            else:
                style = ""
        # A leading title sentence: 「（一）存在的问题。」「**改进措施**」 sets the scene, it is no item.
        first = _sentences(text, body, line_end)
        head_end = None
        if first:
            s0, e0 = first[0]
            bold = re.match(r"\s*\*\*([^*]{1,30})\*\*", text[body:line_end])
            colon = re.match(r"[^。；;，,：:]{1,18}[：:]", text[body:line_end])
            if bold and _is_heading(bold.group(1)):
                head_end = body + bold.end()
            elif colon and _is_heading(colon.group(0)):
                head_end = body + colon.end()
            elif _is_heading(text[s0:e0]) and not _INLINE.search(text, s0, e0):
                head_end = e0
        if head_end is not None:
            b.add(body, head_end, "heading")
            body = head_end
            if style:
                line_run = None
                style = ""
        marks = _inline_run(text, body, line_end)
        if marks:
            b.inline(body, line_end, marks)
            line_run = None if not style else line_run
        elif style and line_run:
            # An item line may run on into the turn to the measures: 「2.信息不够全面。今后，我局将…」.
            sents = _sentences(text, body, line_end)
            turn = _turn_in(text, sents)
            if turn is None:
                b.add(body, line_end, "item", line_run[1], line_run[2])
            else:
                b.add(body, sents[turn - 1][1], "item", line_run[1], line_run[2])
                b.free_text(sents[turn][0], line_end)
        else:
            line_run = None
            b.free_text(body, line_end)
    return tuple(b.pieces)
