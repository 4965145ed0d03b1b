"""Which statistics template a report uses, decided from its tables (domain.md §4.3), never its year."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import TableCell
from .normalize import compact

_SIGNALS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "缴纳费用")
_SIGNALS_2019 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "其他对外管理服务事项",
    "第二十条第(九)项",
    "政府集中采购",
    "采购总金额",
)
_SIGNALS_PRE2019 = (
    "回应解读情况",
    "举报投诉",
    "机构建设和保障经费",
    "同意公开答复数",
    "不同意公开",
    "依申请公开信息收取的费用",
    "收费及减免情况",
)
_KEYS_2019 = re.compile(
    r"^t2\.[a-z_]+\.(made|published|previous|change|items)$|^t2\.(other_service|procurement)\.|^t3\.other\.[a-z_]+$"
)
_KEYS_2021 = re.compile(
    r"^t2\.[a-z_]+\.(issued|repealed|in_force)$|^t2\.fee\.amount$|^t3\.other\.(no_correction|no_fee|other)\."
)


def detect_template(text: str, cells: Sequence[TableCell] = ()) -> str | None:
    """Return ``"2021"``, ``"2019"`` or ``"pre2019"``, or None when nothing tells.

    Parsed cell keys decide first (the 2019 table 二 columns or the single 其他处理 row against the
    2021 columns and 其他处理 sub-rows); header vocabulary in the text decides when no cell was parsed.
    """
    votes_2019 = sum(1 for c in cells if _KEYS_2019.search(c.key))
    votes_2021 = sum(1 for c in cells if _KEYS_2021.search(c.key))
    flat = compact(text)
    votes_2019 += 3 * sum(1 for s in _SIGNALS_2019 if s in flat)
    votes_2021 += 3 * sum(1 for s in _SIGNALS_2021 if s in flat)
    if votes_2019 or votes_2021:
        return "2019" if votes_2019 > votes_2021 else "2021"
    if sum(1 for s in _SIGNALS_PRE2019 if s in flat) >= 2:
        return "pre2019"
    return None
