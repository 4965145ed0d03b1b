"""Chinese labels for the canonical table keys of `mining.keys`, and the layouts the audit page draws.

The labels are the template wording of schema.md, shortened where the page shows the key beside them.
Layouts are built from `mining.keys` so that a key renamed there is renamed here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..keys import (
    T2_2019,
    T2_2021,
    T3_COLUMN_LABELS,
    T3_COLUMNS,
    T3_GROUPS_2021,
    T4_COLUMNS,
    T4_ROWS,
    t3_rows,
)

T2_ROW_LABELS: dict[str, str] = {
    "regulation": "规章",
    "normative": "行政规范性文件",
    "licensing": "行政许可",
    "other_service": "其他对外管理服务事项",
    "penalty": "行政处罚",
    "coercion": "行政强制",
    "fee": "行政事业性收费",
    "procurement": "政府集中采购",
}
T2_COLUMN_LABELS: dict[str, str] = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "处理决定数量",
    "amount": "金额（万元）",
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "total": "对外公开总数量",
    "previous": "上一年项目数量",
    "change": "本年增/减",
    "items": "采购项目数量",
}
T3_ROW_LABELS: dict[str, str] = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "disclosed": "（一）予以公开",
    "partial": "（二）部分公开",
    "withheld.state_secret": "1.属于国家秘密",
    "withheld.prohibited": "2.其他法律行政法规禁止公开",
    "withheld.security": "3.危及“三安全一稳定”",
    "withheld.third_party": "4.保护第三方合法权益",
    "withheld.internal": "5.属于三类内部事务信息",
    "withheld.process": "6.属于四类过程性信息",
    "withheld.enforcement": "7.属于行政执法案卷",
    "withheld.inquiry": "8.属于行政查询事项",
    "unavailable.not_held": "1.本机关不掌握相关政府信息",
    "unavailable.needs_creation": "2.没有现成信息需要另行制作",
    "unavailable.unclear": "3.补正后申请内容仍不明确",
    "not_processed.petition": "1.信访举报投诉类申请",
    "not_processed.duplicate": "2.重复申请",
    "not_processed.publication": "3.要求提供公开出版物",
    "not_processed.mass": "4.无正当理由大量反复申请",
    "not_processed.confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other.no_correction": "1.申请人无正当理由逾期不补正",
    "other.no_fee": "2.申请人逾期未按收费通知要求缴纳费用",
    "other.other": "3.其他",
    "other": "（六）其他处理",
    "total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
T3_GROUP_LABELS: dict[str, str] = {
    "granted": "予以公开＋部分公开",
    "withheld": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}
T4_ROW_LABELS: dict[str, str] = {
    "review": "行政复议",
    "suit_direct": "行政诉讼·未经复议直接起诉",
    "suit_after_review": "行政诉讼·复议后起诉",
    "suit": "行政诉讼合计",
}
T4_COLUMN_LABELS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}
TABLE_TITLES: dict[str, str] = {
    "t2": "表二 主动公开政府信息情况",
    "t3": "表三 收到和处理政府信息公开申请情况",
    "t4": "表四 政府信息公开行政复议、行政诉讼情况",
}


@dataclass(frozen=True)
class LayoutRow:
    """One row of a drawn table: its key prefix, label, the columns it has, and whether it is computed."""

    key: str
    label: str
    columns: tuple[str, ...]
    derived: bool = False
    depth: int = 0


@dataclass(frozen=True)
class TableLayout:
    """How one of tables 二, 三, 四 is drawn: the column keys with labels and the rows in order."""

    table: str
    title: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[LayoutRow, ...]

    def keys(self) -> tuple[str, ...]:
        """Return every cell key the layout draws, printed and derived."""
        return tuple(f"{self.table}.{r.key}.{c}" for r in self.rows for c in r.columns)


def table_layouts(template: str | None) -> tuple[TableLayout, ...]:
    """Return the layouts of tables 二, 三 and 四 for `template` (2021 when unknown).

    Table 三 gains a computed subtotal row before each group of sub-rows and a 予以公开＋部分公开
    row, table 四 a 行政诉讼合计 row: they are the derived keys of `mining.keys.derived_sums`, drawn so
    that a claim linked to a group sum points at a cell that exists.
    """
    t2 = T2_2019 if template == "2019" else T2_2021
    t2_columns: list[str] = []
    for cols in t2.values():
        t2_columns += [c for c in cols if c not in t2_columns]
    table2 = TableLayout(
        table="t2",
        title=TABLE_TITLES["t2"],
        columns=tuple((c, T2_COLUMN_LABELS.get(c, c)) for c in t2_columns),
        rows=tuple(LayoutRow(row, T2_ROW_LABELS.get(row, row), cols) for row, cols in t2.items()),
    )

    rows3: list[LayoutRow] = []
    seen_groups: set[str] = set()
    for row in t3_rows(template):
        group = row.split(".", 1)[0] if "." in row else None
        if group in T3_GROUPS_2021 and group not in seen_groups:
            seen_groups.add(group)
            rows3.append(LayoutRow(group, T3_GROUP_LABELS[group] + "（小计）", T3_COLUMNS, derived=True))
        rows3.append(LayoutRow(row, T3_ROW_LABELS.get(row, row), T3_COLUMNS, depth=1 if group else 0))
        if row == "partial":
            rows3.append(LayoutRow("granted", T3_GROUP_LABELS["granted"], T3_COLUMNS, derived=True))
    table3 = TableLayout(
        table="t3",
        title=TABLE_TITLES["t3"],
        columns=tuple((c, T3_COLUMN_LABELS[c]) for c in T3_COLUMNS),
        rows=tuple(rows3),
    )

    rows4 = [LayoutRow(r, T4_ROW_LABELS[r], T4_COLUMNS) for r in T4_ROWS]
    rows4.append(LayoutRow("suit", T4_ROW_LABELS["suit"], T4_COLUMNS, derived=True))
    table4 = TableLayout(
        table="t4",
        title=TABLE_TITLES["t4"],
        columns=tuple((c, T4_COLUMN_LABELS[c]) for c in T4_COLUMNS),
        rows=tuple(rows4),
    )
    return (table2, table3, table4)


def key_label(key: str, template: str | None = None) -> str:
    """Return a Chinese label for a table key (``t3.new.total`` -> 「表三 一、本年新收… · 总计」)."""
    parts = key.split(".")
    if len(parts) < 3:
        return key
    table, row, col = parts[0], ".".join(parts[1:-1]), parts[-1]
    if table == "t2":
        return f"表二 {T2_ROW_LABELS.get(row, row)} · {T2_COLUMN_LABELS.get(col, col)}"
    if table == "t3":
        label = T3_ROW_LABELS.get(row) or T3_GROUP_LABELS.get(row, row)
        if row == "other" and template != "2019":
            label = T3_GROUP_LABELS["other"]
        return f"表三 {label} · {T3_COLUMN_LABELS.get(col, col)}"
    if table == "t4":
        return f"表四 {T4_ROW_LABELS.get(row, row)} · {T4_COLUMN_LABELS.get(col, col)}"
    return key
