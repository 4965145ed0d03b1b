"""Row and column labels of tables 二, 三 and 四 -> canonical key parts (domain.md §2.2-2.4, §4.1, §9.3).

Labels are matched by key phrases on the compacted text, after the item numbering (「(三)」「1.」
「一、」) and bracketed filling notes (「(区分处理的，只计这一情形…)」) are stripped, so that the
variants of real reports (「规范性文件」 for 行政规范性文件, 「结转下一年度继续办理」, quotes or none
around 三安全一稳定, shortened labels) all land on the same key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..keys import T3_GROUPS_2021
from ..normalize import compact

_CN_DIGITS = "一二三四五六七八九十"
_NUMBERING = re.compile(
    r"^(?:[(\[【]([一二三四五六七八九十\d]{1,3})[)\]】]|([一二三四五六七八九十]{1,3})[、.,]|(\d{1,2})(?:[.、,)]|(?=\D)))"
)
_NOTE = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]")
_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』《》*")


def _numeral(text: str) -> int | None:
    if text.isdecimal():
        return int(text)
    if len(text) == 1 and text in _CN_DIGITS:
        return _CN_DIGITS.index(text) + 1
    if text.startswith("十") and len(text) <= 2:
        return 10 + (_CN_DIGITS.index(text[1]) + 1 if len(text) == 2 else 0)
    return None


@lru_cache(maxsize=8192)
def split_label(label: str) -> tuple[int | None, str]:
    """Return (item number or None, core text) of a row label, numbering and bracketed notes removed."""
    s = compact(label).translate(_QUOTES)
    number = None
    m = _NUMBERING.match(s)
    if m:
        number = _numeral(next(g for g in m.groups() if g))
        s = s[m.end() :]
    # Notes may nest one level deep 「(…(…)…)」; two passes take both.
    s = _NOTE.sub("", _NOTE.sub("", s))
    return number, s.strip(".、,:：")


# ---------------------------------------------------------------- table 二
T2_ROW_PHRASES: tuple[tuple[str, str], ...] = (
    ("其他对外管理服务", "other_service"),
    ("对外管理服务", "other_service"),
    ("规范性文件", "normative"),
    ("规章", "regulation"),
    ("行政许可", "licensing"),
    ("行政处罚", "penalty"),
    ("行政强制", "coercion"),
    ("事业性收费", "fee"),
    ("政府集中采购", "procurement"),
    ("集中采购", "procurement"),
)
T2_COLUMN_PHRASES: tuple[tuple[str, str], ...] = (
    ("制发件数", "issued"),
    ("本年制发", "issued"),
    ("废止件数", "repealed"),
    ("本年废止", "repealed"),
    ("现行有效", "in_force"),
    ("新制作", "made"),
    ("新公开", "published"),
    ("公开总数", "total"),
    ("上一年项目", "previous"),
    ("上年项目", "previous"),
    ("增/减", "change"),
    ("增减", "change"),
    ("处理决定", "decisions"),
    ("收费金额", "amount"),
    ("采购项目", "items"),
    ("采购总金额", "amount"),
    ("采购金额", "amount"),
)


@lru_cache(maxsize=8192)
def match_t2_row(label: str) -> str | None:
    """Return the table 二 row key of a label (``regulation``, ``fee``, …) or None."""
    _, core = split_label(label)
    if not core or len(core) > 40:
        return None
    return next((key for phrase, key in T2_ROW_PHRASES if phrase in core), None)


@lru_cache(maxsize=8192)
def match_t2_column(header: str) -> str | None:
    """Return the table 二 column key of a header cell (``issued``, ``previous``, …) or None."""
    flat = compact(header)
    return next((key for phrase, key in T2_COLUMN_PHRASES if phrase in flat), None)


# ---------------------------------------------------------------- table 三
T3_COLUMN_PHRASES: tuple[tuple[str, str], ...] = (
    ("自然人", "natural_person"),
    ("商业", "business"),
    ("科研", "research"),
    ("公益", "social_org"),
    ("法律服务", "legal_service"),
)
_T3_OTHER_COLUMN = frozenset({"其他", "其他组织", "其它", "其它组织"})
_T3_TOTAL = frozenset({"总计", "合计", "总数", "小计"})

_T3_SUB_PHRASES: tuple[tuple[str, str, str], ...] = (
    ("国家秘密", "withheld", "state_secret"),
    ("禁止公开", "withheld", "prohibited"),
    ("三安全", "withheld", "security"),
    ("危及", "withheld", "security"),
    ("第三方", "withheld", "third_party"),
    ("内部事务", "withheld", "internal"),
    ("过程性", "withheld", "process"),
    ("执法案卷", "withheld", "enforcement"),
    ("查询事项", "withheld", "inquiry"),
    ("不掌握", "unavailable", "not_held"),
    ("另行制作", "unavailable", "needs_creation"),
    ("现成信息", "unavailable", "needs_creation"),
    ("补正后", "unavailable", "unclear"),
    ("仍不明确", "unavailable", "unclear"),
    ("信访", "not_processed", "petition"),
    ("举报投诉", "not_processed", "petition"),
    ("重复申请", "not_processed", "duplicate"),
    ("出版物", "not_processed", "publication"),
    ("大量反复", "not_processed", "mass"),
    ("重新出具", "not_processed", "confirmation"),
    ("确认或", "not_processed", "confirmation"),
    ("不补正", "other", "no_correction"),
    ("缴纳费用", "other", "no_fee"),
    ("收费通知", "other", "no_fee"),
)
_T3_LEAF_PHRASES: tuple[tuple[str, str], ...] = (
    ("本年新收", "new"),
    ("新收", "new"),
    ("上年结转", "carried_in"),
    ("结转下", "carried_out"),
    ("部分公开", "partial"),  # before 予以公开 (domain.md §9.3)
    ("予以公开", "disclosed"),
)
_T3_GROUP_PHRASES: tuple[tuple[str, str], ...] = (
    ("不予公开", "withheld"),
    ("无法提供", "unavailable"),
    ("不予处理", "not_processed"),
    ("其他处理", "other"),
)


@dataclass(frozen=True)
class T3Label:
    """What one label part of table 三 says: a leaf row, a group heading, a sub-row, or a bare number."""

    leaf: str | None = None
    group: str | None = None
    sub: str | None = None
    number: int | None = None
    bare_other: bool = False
    container: bool = False
    """「三、本年度办理结果」: the heading over every result row, never a row of its own."""


@lru_cache(maxsize=8192)
def match_t3_label(label: str) -> T3Label | None:
    """Return what a table 三 label part denotes, or None when it names nothing of table 三."""
    number, core = split_label(label)
    if not core:
        return T3Label(number=number) if number is not None else None
    for phrase, group, sub in _T3_SUB_PHRASES:
        if phrase in core:
            return T3Label(group=group, sub=sub, number=number)
    for phrase, leaf in _T3_LEAF_PHRASES:
        if phrase in core:
            return T3Label(leaf=leaf, number=number)
    for phrase, group in _T3_GROUP_PHRASES:
        if phrase in core:
            return T3Label(group=group, number=number)
    if core in _T3_TOTAL or (core.endswith("总计") and len(core) <= 4):
        return T3Label(leaf="total", number=number)
    if core in ("其他", "其它", "其他情形", "其他原因"):
        return T3Label(bare_other=True, number=number)
    if "办理结果" in core:
        return T3Label(container=True)
    if number is not None and len(core) <= 40:
        return T3Label(number=number)
    return None


@lru_cache(maxsize=8192)
def match_t3_column(header: str) -> str | None:
    """Return the table 三 column key of a header cell, or None (「法人或其他组织」 is a group, not a column)."""
    flat = compact(header)
    if not flat or "法人" in flat:
        return None
    if flat in _T3_OTHER_COLUMN:
        return "other_org"
    if flat in _T3_TOTAL:
        return "total"
    return next((key for phrase, key in T3_COLUMN_PHRASES if phrase in flat), None)


def t3_sub_at(group: str, number: int) -> str | None:
    """Return the sub-row key at 1-based position `number` of a 2021 group, or None."""
    subs = T3_GROUPS_2021.get(group, ())
    return subs[number - 1] if 1 <= number <= len(subs) else None


# ---------------------------------------------------------------- table 四
@lru_cache(maxsize=8192)
def match_t4_row(label: str) -> str | None:
    """Return the table 四 block of a (transposed) row label, or None."""
    flat = compact(label)
    if "复议后起诉" in flat or "经复议起诉" in flat or "复议后" in flat:
        return "suit_after_review"
    if "直接起诉" in flat or "未经复议" in flat:
        return "suit_direct"
    if "行政复议" in flat:
        return "review"
    return None


_T4_COLUMN_PHRASES: tuple[tuple[str, str], ...] = (
    ("维持", "upheld"),
    ("纠正", "corrected"),
    ("尚未", "pending"),
    ("未审结", "pending"),
    ("审结", "pending"),
    ("其他", "other"),
    ("总计", "total"),
    ("合计", "total"),
)


@lru_cache(maxsize=8192)
def match_t4_column(header: str) -> str | None:
    """Return the table 四 outcome column of a header cell (``upheld`` … ``total``), or None."""
    flat = compact(header)
    if len(flat) > 8:
        return None
    return next((key for phrase, key in _T4_COLUMN_PHRASES if phrase in flat), None)


# ---------------------------------------------------------------- which table a row belongs to
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "t2": (
        "第二十条",
        "信息内容",
        "制发件数",
        "废止件数",
        "现行有效",
        "处理决定数量",
        "收费金额",
        "新制作数量",
        "新公开数量",
        "公开总数量",
        "项目数量",
        "采购总金额",
        "规章",
        "规范性文件",
        "行政许可",
        "对外管理服务",
        "行政处罚",
        "行政强制",
        "事业性收费",
        "集中采购",
    ),
    "t3": (
        "勾稽",
        "申请人情况",
        "自然人",
        "商业企业",
        "法人或其他组织",
        "本年新收",
        "上年结转",
        "办理结果",
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
        "结转下",
        *(p for p, _, _ in _T3_SUB_PHRASES),
    ),
    "t4": ("行政复议", "行政诉讼", "复议后起诉", "直接起诉", "尚未审结", "结果维持", "结果纠正"),
}


@lru_cache(maxsize=8192)
def table_kind(text: str) -> str | None:
    """Return ``t2``, ``t3`` or ``t4`` when the (compacted) text of a row names that table, else None."""
    if not text:
        return None
    best, best_hits = None, 0
    for kind, words in _KIND_WORDS.items():
        hits = sum(1 for w in words if w in text)
        if hits > best_hits:
            best, best_hits = kind, hits
        elif hits and hits == best_hits:
            best = None
    return best


@lru_cache(maxsize=8192)
def is_table_label(label: str) -> bool:
    """True when `label` is a row label of table 二, 三 or 四 (used to accept one-value text rows)."""
    if match_t2_row(label) or match_t4_row(label):
        return True
    # Any table 三 label but the heading over the result rows: a label that is only a number
    # (「2.」 under a group) or 「其他」 is a row label too; the mapper finds its row from the group.
    m = match_t3_label(label)
    return m is not None and not m.container
