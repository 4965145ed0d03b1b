"""Agency names -> a key that stays the same across years, so cross-year rules compare like with like.

A report's title names its agency as the writer felt that year: with or without the province, with
spaces, in full or abbreviated. `normalize_agency` makes one name canonical on its own; `agency_keys`
then shortens names within a corpus:

1. NFKC, then drop spaces, brackets, quotes and punctuation (「盐池县 卫生健康局」 → 「盐池县卫生健康局」).
2. Expand the abbreviations whose full form is unambiguous (卫健委 → 卫生健康委员会, 政府/政府办 → 人民政府/
   人民政府办公室 after a place, 发改委, 人社局, 住建局, 市监局, 医保局, 应急局 …). Abbreviations that name different bodies in
   different places (文旅局: 文化和旅游局 or 文化广电和旅游局; 教体局) are left alone.
3. Drop leading administrative divisions (province, city, county) while the remainder still starts
   with a place and is unique in the corpus: 「宁夏回族自治区盐池县卫生健康局」 and 「盐池县卫生健康局」 share the
   key 「盐池县卫生健康局」, but when 「北京市朝阳区…」 and 「长春市朝阳区…」 both occur, neither is shortened to
   「朝阳区…」 (the places are told apart by their disjoint prefixes). Development zones (开发区, 园区…) exist
   in many cities and are never dropped as a prefix.

Renamed bodies (卫生和计划生育委员会 → 卫生健康委员会 in the 2018 reform) are *not* merged: a reform is a
legitimate break in the 结转 chain (domain.md R3.6).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

_NOISE = re.compile(r"[\s\u3000《》<>\"'“”‘’「」『』【】\[\]()（）{}·•,，.。、:：;；!！?？*#_\-—–]+")
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("卫健委", "卫生健康委员会"),
    ("卫健局", "卫生健康局"),
    ("卫生健康委$", "卫生健康委员会"),
    ("发改委", "发展和改革委员会"),
    ("发改局", "发展和改革局"),
    ("人社局", "人力资源和社会保障局"),
    ("人社厅", "人力资源和社会保障厅"),
    ("住建局", "住房和城乡建设局"),
    ("住建厅", "住房和城乡建设厅"),
    ("市监局", "市场监督管理局"),
    ("市场监管局", "市场监督管理局"),
    ("医保局", "医疗保障局"),
    ("应急局", "应急管理局"),
    ("退役军人局", "退役军人事务局"),
)
_PLAIN_GOVERNMENT = re.compile(r"(?<!人民)政府(办公室|办)?$")
_DIVISION = re.compile(r"^(.+?(?:特别行政区|自治区|自治州|自治县|地区|省|市|州|盟|县|区|旗))")
_ZONES = ("开发区", "园区", "高新区", "示范区", "试验区", "合作区", "保税区", "社区", "景区", "工业区")
_OFFICE_WORDS = (
    "人民政府",
    "委员会",
    "局",
    "厅",
    "办公室",
    "中心",
    "委",
    "办",
    "院",
    "馆",
    "所",
    "会",
    "队",
    "站",
)


def normalize_agency(name: str | None) -> str | None:
    """Return the canonical spelling of one agency name (steps 1–2), or None for an empty name."""
    if not name:
        return None
    s = _NOISE.sub("", unicodedata.normalize("NFKC", name))
    for short, full in _ABBREVIATIONS:
        s = re.sub(short, full, s)
    # 「XX县政府」 and 「XX县人民政府」 are the same body; only rewrite after a place name.
    if _PLAIN_GOVERNMENT.search(s) and _DIVISION.match(s):
        s = _PLAIN_GOVERNMENT.sub(lambda m: "人民政府" + ("办公室" if m.group(1) else ""), s)
    return s or None


def split_divisions(name: str) -> tuple[list[str], str]:
    """Return the leading administrative divisions of `name` and the rest (「甲省乙县卫生健康局」 → [甲省, 乙县], 卫生健康局)."""
    parts: list[str] = []
    rest = name
    while True:
        m = _DIVISION.match(rest)
        # A "division" that is the whole remainder or leaves only a particle is part of the body's name.
        # Development zones exist in many cities: they belong to the body's name, never a place prefix.
        if not m or len(rest) - len(m.group(1)) < 2 or m.group(1).endswith(_ZONES):
            break
        parts.append(m.group(1))
        rest = rest[len(m.group(1)) :]
    return parts, rest


def agency_keys(names: Iterable[str | None]) -> dict[str, str]:
    """Return normalised name -> corpus key for every name (step 3 of the module docstring).

    The key of a name is its shortest suffix that keeps at least one leading division and whose
    dropped prefixes, over the whole corpus, are compatible (each one's divisions contain the other's).
    """
    canon = {n for n in (normalize_agency(x) for x in names) if n}
    splits = {n: split_divisions(n) for n in canon}
    # suffix -> the division sets dropped to reach it, for every corpus name that reaches it
    dropped: dict[str, list[frozenset[str]]] = defaultdict(list)
    for parts, rest in splits.values():
        for i in range(len(parts)):
            dropped["".join(parts[i:]) + rest].append(frozenset(parts[:i]))

    def compatible(sets: list[frozenset[str]]) -> bool:
        nonempty = [s for s in sets if s]
        return all(a <= b or b <= a for a in nonempty for b in nonempty)

    keys: dict[str, str] = {}
    for n, (parts, rest) in splits.items():
        key = n
        for i in range(1, len(parts)):
            suffix = "".join(parts[i:]) + rest
            if compatible(dropped[suffix]):
                key = suffix
            else:
                break
        keys[n] = key
    return keys


def is_body_name(name: str) -> bool:
    """Return True when `name` ends like the name of a body (局, 委员会, 人民政府…), not a sentence."""
    return name.endswith(_OFFICE_WORDS)
