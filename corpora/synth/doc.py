"""The format-independent document the generator builds, and the three statistics tables in it.

A report is a list of blocks (title, section headings, sub-headings, paragraphs, tables, signature);
`render.py` turns the same blocks into TXT, Markdown, HTML, DOCX or PDF. Tables are grids of cells
with rowspan/colspan exactly as the national formats print them (domain.md §2.2–2.4, §4.1), so each
renderer can show the merges its format allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mining.keys import T2_2019, T2_2021, T3_COLUMN_LABELS, T3_COLUMNS, T4_COLUMNS, T4_ROWS, t3_rows


@dataclass
class Cell:
    """One printed table cell; `key` names the canonical value it holds (None for labels)."""

    text: str
    rs: int = 1
    cs: int = 1
    head: bool = False
    key: str | None = None


@dataclass
class Table:
    """A printed table: rows of cells (spanned positions omitted, as in HTML) and its width."""

    name: str
    rows: list[list[Cell]]
    ncols: int

    def grid(self) -> list[list[Cell | None]]:
        """Return the table as a full grid; a position covered by a span holds None."""
        out: list[list[Cell | None]] = []
        taken: dict[tuple[int, int], bool] = {}
        for r, row in enumerate(self.rows):
            line: list[Cell | None] = []
            c = 0
            for cell in row:
                while taken.get((r, c)):
                    line.append(None)
                    c += 1
                line.append(cell)
                for dr in range(cell.rs):
                    for dc in range(cell.cs):
                        if dr or dc:
                            taken[(r + dr, c + dc)] = True
                c += 1
                for _ in range(cell.cs - 1):
                    line.append(None)
                    c += 1
            while c < self.ncols:
                line.append(None)
                c += 1
            out.append(line)
        return out


@dataclass
class Block:
    """A piece of the report: ``title``, ``h1`` (section heading), ``h2``, ``p``, ``table``, ``sign``."""

    kind: str
    text: str = ""
    key: str = ""
    table: Table | None = None
    lines: tuple[str, ...] = ()


@dataclass
class Printing:
    """How this report prints numbers: placeholders for zero cells, thousands separators, signs."""

    placeholder: str = ""
    """The text a zero cell gets in `placeholder_scope` ("" prints 0)."""
    placeholder_scope: tuple[str, ...] = ()
    blank: bool = False
    """Zero cells in `placeholder_scope` are left empty."""
    thousands: bool = False
    fee_decimals: int = 0
    signed_plus: bool = True
    procurement_unit: str = "元"
    header_breaks: bool = True
    label_variants: tuple[str, ...] = ()
    """Wording variants real tables use: ``next_year`` (结转下一年度), ``huozhe`` (法人或者其他组织),
    ``plain_quotes`` (三安全一稳定 without quotes), ``other_org`` (其他组织 for 其他)."""
    fee_unit_in_cell: bool = False
    """A T201 defect: the fee cell carries 「元」 although the header says 万元."""
    printed: dict[str, int | float | None] = field(default_factory=dict)
    placeholders: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)

    def _in_scope(self, key: str) -> bool:
        return any(key.startswith(p) for p in self.placeholder_scope)

    def show(self, key: str, value: int | float) -> Cell:
        """Return the cell printing `value` for `key`, recording what a reader should get back."""
        if value == 0 and (self.placeholder or self.blank) and self._in_scope(key):
            self.printed[key] = None
            self.placeholders[key] = self.placeholder
            return Cell(self.placeholder, key=key)
        if key == "t2.procurement.amount" and value:
            if self.procurement_unit == "万元":
                amount = round(value / 10000, 2)
                text = f"{plain_number(amount)}万元"
                self.printed[key] = amount
            else:
                text = f"{int(value)}元"
                self.printed[key] = int(value)
            self.units[key] = self.procurement_unit
            return Cell(text, key=key)
        if key == "t2.fee.amount":
            if self.fee_unit_in_cell:
                self.units[key] = "元"
                self.printed[key] = value
                return Cell(f"{plain_number(value)}元", key=key)
            text = f"{value:.{self.fee_decimals}f}" if value and self.fee_decimals else plain_number(value)
            if value and float(text) != value:
                text = plain_number(value)
            self.printed[key] = float(text) if "." in text else int(float(text))
            return Cell(text, key=key)
        if key.endswith(".change") and key.startswith("t2."):
            text = f"+{value}" if value > 0 and self.signed_plus else str(value)
            self.printed[key] = value
            return Cell(text, key=key)
        if isinstance(value, float) and value != int(value):
            text = plain_number(value)
        elif self.thousands and abs(value) >= 1000:
            text = f"{int(value):,}"
        else:
            text = str(int(value)) if float(value) == int(value) else plain_number(value)
        self.printed[key] = value
        return Cell(text, key=key)


def plain_number(value: int | float) -> str:
    """Return `value` as a report prints it: never in exponent form (8210000, not 8.21e+06)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _head(text: str, *, rs: int = 1, cs: int = 1) -> Cell:
    return Cell(text, rs=rs, cs=cs, head=True)


def build_t2(
    values: Mapping[str, int | float], template: str, pr: Printing, *, bracket: str = "（）"
) -> Table:
    """Return table 二 (four stacked sub-tables in 2021, five in 2019), 4 columns wide."""
    lb, rb = bracket
    item = lambda n: _head(f"第二十条第{lb}{n}{rb}项", cs=4)  # noqa: E731
    rows: list[list[Cell]] = []
    if template == "2019":
        labels = {
            "regulation": "规章",
            "normative": "规范性文件",
            "licensing": "行政许可",
            "other_service": "其他对外管理服务事项",
            "penalty": "行政处罚",
            "coercion": "行政强制",
            "fee": "行政事业性收费",
            "procurement": "政府集中采购",
        }
        three = ("本年新制作数量", "本年新公开数量", "对外公开总数量")
        mgmt = ("上一年项目数量", "本年增/减", "处理决定数量")
        rows.append([item("一")])
        rows.append([_head("信息内容")] + [_head(h) for h in three])
        for r in ("regulation", "normative"):
            rows.append(
                [Cell(labels[r])] + [pr.show(f"t2.{r}.{c}", values[f"t2.{r}.{c}"]) for c in T2_2019[r]]
            )
        for n, group in (("五", ("licensing", "other_service")), ("六", ("penalty", "coercion"))):
            rows.append([item(n)])
            rows.append([_head("信息内容")] + [_head(h) for h in mgmt])
            for r in group:
                rows.append(
                    [Cell(labels[r])] + [pr.show(f"t2.{r}.{c}", values[f"t2.{r}.{c}"]) for c in T2_2019[r]]
                )
        rows.append([item("八")])
        rows.append([_head("信息内容"), _head("上一年项目数量"), _head("本年增/减", cs=2)])
        fee_prev, fee_change = (pr.show(f"t2.fee.{c}", values[f"t2.fee.{c}"]) for c in ("previous", "change"))
        fee_change.cs = 2
        rows.append([Cell(labels["fee"]), fee_prev, fee_change])
        rows.append([item("九")])
        rows.append([_head("信息内容"), _head("采购项目数量"), _head("采购总金额", cs=2)])
        items, amount = (
            pr.show(f"t2.procurement.{c}", values[f"t2.procurement.{c}"]) for c in ("items", "amount")
        )
        amount.cs = 2
        rows.append([Cell(labels["procurement"]), items, amount])
        return Table("t2", rows, 4)
    labels = {
        "regulation": "规章",
        "normative": "行政规范性文件",
        "licensing": "行政许可",
        "penalty": "行政处罚",
        "coercion": "行政强制",
        "fee": "行政事业性收费",
    }
    rows.append([item("一")])
    rows.append([_head("信息内容"), _head("本年制发件数"), _head("本年废止件数"), _head("现行有效件数")])
    for r in ("regulation", "normative"):
        rows.append([Cell(labels[r])] + [pr.show(f"t2.{r}.{c}", values[f"t2.{r}.{c}"]) for c in T2_2021[r]])
    for n, group in (("五", ("licensing",)), ("六", ("penalty", "coercion"))):
        rows.append([item(n)])
        rows.append([_head("信息内容"), _head("本年处理决定数量", cs=3)])
        for r in group:
            cell = pr.show(f"t2.{r}.decisions", values[f"t2.{r}.decisions"])
            cell.cs = 3
            rows.append([Cell(labels[r]), cell])
    rows.append([item("八")])
    rows.append([_head("信息内容"), _head(f"本年收费金额{lb}单位：万元{rb}", cs=3)])
    fee = pr.show("t2.fee.amount", values["t2.fee.amount"])
    fee.cs = 3
    rows.append([Cell(labels["fee"]), fee])
    return Table("t2", rows, 4)


T3_LABELS: dict[str, str] = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "disclosed": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
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
    "other.no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other.no_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other.other": "3.其他",
    "other": "（六）其他处理",
    "total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
T3_GROUP_LABELS = {
    "withheld": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}


def build_t3(values: Mapping[str, int | float], template: str, pr: Printing) -> Table:
    """Return table 三: a 3-row header over 3 label columns and 7 applicant columns (10 wide)."""
    br = "\n" if pr.header_breaks else ""
    v = set(pr.label_variants)
    labels = dict(T3_LABELS)
    if "next_year" in v:
        labels["carried_out"] = "四、结转下一年度继续办理"
    if "plain_quotes" in v:
        labels["withheld.security"] = "3.危及三安全一稳定"
    rows: list[list[Cell]] = [
        [
            _head("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=3),
            _head("申请人情况", cs=7),
        ],
        [_head("自然人", rs=2), _head("法人或其他组织", cs=5), _head("总计", rs=2)],
        [
            _head(f"商业{br}企业"),
            _head(f"科研{br}机构"),
            _head(f"社会公益{br}组织"),
            _head(f"法律服务{br}机构"),
            _head("其他"),
        ],
    ]
    order = t3_rows(template)

    def values_of(r: str) -> list[Cell]:
        return [pr.show(f"t3.{r}.{c}", values[f"t3.{r}.{c}"]) for c in T3_COLUMNS]

    span = 22 if template != "2019" else 20
    seen_group: set[str] = set()
    for r in order:
        if r in ("new", "carried_in", "carried_out"):
            rows.append([Cell(labels[r], cs=3)] + values_of(r))
            continue
        prefix: list[Cell] = []
        if r == "disclosed":
            prefix.append(Cell("三、本年度办理结果", rs=span))
        group = r.split(".")[0] if "." in r else None
        if group:
            if group not in seen_group:
                seen_group.add(group)
                size = sum(1 for x in order if x.startswith(group + "."))
                prefix.append(Cell(T3_GROUP_LABELS[group], rs=size))
            rows.append(prefix + [Cell(labels[r])] + values_of(r))
        else:
            rows.append(prefix + [Cell(labels[r], cs=2)] + values_of(r))
    return Table("t3", rows, 10)


@dataclass(frozen=True)
class T3Transposed:
    """How a transposed table 三 prints (domain.md §9.2): applicant types down, results across."""

    header_rows: int = 3
    """3: 「三、本年度办理结果」 over the groups over the sub-rows; 2: the groups and sub-rows only."""
    grouped: bool = True
    """The five organisation types under a 「法人或其他组织」 cell spanning their rows (two label columns)."""
    corner: str = "申请人情况"


def build_t3_transposed(
    values: Mapping[str, int | float], template: str, pr: Printing, how: T3Transposed = T3Transposed()
) -> Table:
    """Return table 三 transposed: one row per applicant type, one column per result row of the template.

    The header prints the result labels across (「一、本年新收…」 … 「四、结转下年度继续办理」) in
    `how.header_rows` rows, group labels （三）… spanning their sub-columns; the values are the same
    cells as `build_t3`'s, so the truth does not change.
    """
    v = set(pr.label_variants)
    labels = dict(T3_LABELS)
    if "next_year" in v:
        labels["carried_out"] = "四、结转下一年度继续办理"
    if "plain_quotes" in v:
        labels["withheld.security"] = "3.危及三安全一稳定"
    applicants = dict(T3_COLUMN_LABELS)
    if "other_org" in v:
        applicants["other_org"] = "其他组织"
    legal = "法人或者其他组织" if "huozhe" in v else "法人或其他组织"
    order = t3_rows(template)
    results = [r for r in order if r not in ("new", "carried_in", "carried_out")]
    n_label = 2 if how.grouped else 1
    h = how.header_rows
    top: list[Cell] = [_head(how.corner, rs=h, cs=n_label)]
    top += [_head(labels[r], rs=h) for r in ("new", "carried_in")]
    if h == 3:
        top.append(_head("三、本年度办理结果", cs=len(results)))
    groups: list[Cell] = []
    subs: list[Cell] = []
    seen: set[str] = set()
    for r in results:
        group = r.split(".")[0] if "." in r else None
        if group is None:
            groups.append(_head(labels[r], rs=2))
        elif group not in seen:
            seen.add(group)
            size = sum(1 for x in results if x.startswith(group + "."))
            groups.append(_head(T3_GROUP_LABELS[group], cs=size))
        if group is not None:
            subs.append(_head(labels[r]))
    end = _head(labels["carried_out"], rs=h)
    if h == 3:
        rows: list[list[Cell]] = [top + [end], groups, subs]
    else:
        rows = [top + groups + [end], subs]
    for col in T3_COLUMNS:
        cells = [pr.show(f"t3.{r}.{col}", values[f"t3.{r}.{col}"]) for r in order]
        if not how.grouped or col in ("natural_person", "total"):
            label = [Cell(applicants[col], cs=n_label)]
        elif col == "business":
            label = [Cell(legal, rs=5), Cell(applicants[col])]
        else:
            label = [Cell(applicants[col])]
        rows.append(label + cells)
    return Table("t3", rows, n_label + len(order))


def _break(label: str, br: str) -> str:
    """Return a four-character header label broken in the middle (结果/维持), as narrow cells print it."""
    return f"{label[:2]}{br}{label[2:]}" if len(label) == 4 else label


def build_t4(
    values: Mapping[str, int | float],
    pr: Printing,
    *,
    transposed: bool = False,
    short: bool = False,
    corner: str = "类别",
    bare_names: bool = False,
) -> Table:
    """Return table 四: one row of 15 numbers under a 3-row header, or 3 rows × 5 when transposed.

    A transposed table may name its columns short (维持/纠正/其他, as derived tools print them), head
    its label column otherwise, and name the suits without 「行政诉讼」.
    """
    heads = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    if transposed:
        if short:
            heads = ("维持", "纠正", "其他", "尚未审结", "总计")
        labels = {
            "review": "行政复议",
            "suit_direct": "行政诉讼（未经复议直接起诉）",
            "suit_after_review": "行政诉讼（复议后起诉）",
        }
        if bare_names:
            labels.update(suit_direct="未经复议直接起诉", suit_after_review="复议后起诉")
        rows = [[_head(corner)] + [_head(h) for h in heads]]
        for r in T4_ROWS:
            rows.append(
                [Cell(labels[r])] + [pr.show(f"t4.{r}.{c}", values[f"t4.{r}.{c}"]) for c in T4_COLUMNS]
            )
        return Table("t4", rows, 6)
    br = "\n" if pr.header_breaks else ""
    rows = [
        [_head("行政复议", cs=5), _head("行政诉讼", cs=10)],
        [_head(_break(h, br), rs=2) for h in heads]
        + [_head("未经复议直接起诉", cs=5), _head("复议后起诉", cs=5)],
        [_head(_break(h, br)) for h in heads] * 2,
        [pr.show(f"t4.{r}.{c}", values[f"t4.{r}.{c}"]) for r in T4_ROWS for c in T4_COLUMNS],
    ]
    return Table("t4", rows, 15)
