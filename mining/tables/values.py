"""One printed table cell -> its value: a number, or ``None`` with the placeholder it printed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..normalize import compact

# Units seen written inside cells (「251000元」「12.5万元」「3件」); the longest first so 万元 wins over 元.
_UNITS = ("亿元", "万元", "元", "件", "个", "项", "条", "次", "人次", "人", "家", "%")
_NUMBER = re.compile(
    r"^(?P<sign>[+-]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<unit>"
    + "|".join(re.escape(u) for u in _UNITS)
    + r")?$"
)
_NA = frozenset({"/", "\\", "无", "不适用", "n/a", "N/A", "NA"})
_DASH = frozenset({"-", "--", "—", "——", "–", "―", "─", "一一"})


@dataclass(frozen=True)
class CellValue:
    """What a printed cell holds: ``value`` (int, float or None), its ``unit`` and ``placeholder``."""

    value: int | float | None
    unit: str | None = None
    placeholder: str | None = None
    """``blank``, ``na`` (「/」「无」) or ``dash`` (「—」「-」) when the cell printed no number."""

    @property
    def is_value(self) -> bool:
        """True for a number or a recognised placeholder (a cell that sits in a value column)."""
        return self.value is not None or self.placeholder is not None


_TEXT = CellValue(None)


@lru_cache(maxsize=8192)
def parse_value(raw: str) -> CellValue:
    """Return the value a printed cell holds; a text cell gives ``CellValue(None)`` with no placeholder.

    Thousands separators go (「1,234」), money keeps its decimals as a float, integers stay int, a
    sign is kept (2019 「本年增/减」: 「+1036」「-8」) and a unit written in the cell is returned beside
    the number as printed (「251000元」 -> 251000, ``元``): converting 元 to 万元 is a check's business.
    """
    s = compact(raw).replace("，", ",").replace("．", ".").replace("−", "-").replace("－", "-")
    if not s:
        return CellValue(None, placeholder="blank")
    if s in _NA:
        return CellValue(None, placeholder="na")
    if s in _DASH:
        return CellValue(None, placeholder="dash")
    m = _NUMBER.match(s)
    if m is None:
        return _TEXT
    digits = m.group("int").replace(",", "")
    value: int | float = float(digits + m.group("frac")) if m.group("frac") else int(digits)
    if m.group("sign") == "-":
        value = -value
    return CellValue(value, unit=m.group("unit"))
