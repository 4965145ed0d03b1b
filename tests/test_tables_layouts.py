"""Round trip of synthetic tables 二/三/四 through every layout the parser reads.

The tables are written here from the official template labels (never from a real report), rendered as
an expanded reader grid (rowspan/colspan copies marked), tab rows, pipe tables, one cell per line and
space-separated (PDF-flattened) rows, for both templates, then parsed back cell by cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mining.keys import T3_COLUMNS, T4_COLUMNS, T4_ROWS, t3_rows
from mining.model import Document, Grid
from mining.normalize import normalize_text
from mining.sections import segment_sections
from mining.tables import detect_text_grids, parse_tables, parse_value

# ---------------------------------------------------------------- the logical tables


@dataclass
class Cell:
    text: str
    spanned: bool = False


def _expected(raw: str):
    v = parse_value(raw)
    return (v.value, v.placeholder)


T3_LABELS_2021 = [
    ("new", ["一、本年新收政府信息公开申请数量"]),
    ("carried_in", ["二、上年结转政府信息公开申请数量"]),
    ("disclosed", ["三、本年度办理结果", "(一)予以公开"]),
    ("partial", ["三、本年度办理结果", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"]),
]
_SUBS = {
    "withheld": (
        "(三)不予公开",
        [
            "属于国家秘密",
            "其他法律行政法规禁止公开",
            "危及“三安全一稳定”",
            "保护第三方合法权益",
            "属于三类内部事务信息",
            "属于四类过程性信息",
            "属于行政执法案卷",
            "属于行政查询事项",
        ],
    ),
    "unavailable": (
        "(四)无法提供",
        ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
    ),
    "not_processed": (
        "(五)不予处理",
        [
            "信访举报投诉类申请",
            "重复申请",
            "要求提供公开出版物",
            "无正当理由大量反复申请",
            "要求行政机关确认或重新出具已获取信息",
        ],
    ),
    "other": (
        "(六)其他处理",
        [
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "其他",
        ],
    ),
}


def t3_labels(template: str) -> list[tuple[str, list[str]]]:
    """Return (row key, label path) in template order; a path is [top, group, sub] as printed."""
    out = list(T3_LABELS_2021)
    for group, (glabel, subs) in _SUBS.items():
        if group == "other" and template == "2019":
            out.append(("other", ["三、本年度办理结果", glabel]))
            continue
        keys = [k for k in t3_rows("2021") if k.startswith(group + ".")]
        for n, (key, sub) in enumerate(zip(keys, subs, strict=True), start=1):
            out.append((key, ["三、本年度办理结果", glabel, f"{n}.{sub}"]))
    out.append(("total", ["三、本年度办理结果", "(七)总计"]))
    out.append(("carried_out", ["四、结转下年度继续办理"]))
    assert [k for k, _ in out] == list(t3_rows(template))
    return out


def t3_values(template: str, placeholders: tuple[str, ...] = ("/", "—", "无", "")) -> dict[str, list[str]]:
    """Return printed values per row: varied numbers (so a shifted column shows) and a few placeholders."""
    out = {}
    for i, (key, _) in enumerate(t3_labels(template)):
        apps = [(3 * i + 5 * j) % 9 for j in range(6)]
        row = [str(v) for v in apps] + [str(sum(apps))]
        if i % 5 == 2 and placeholders:
            row[(i // 5) % 6] = placeholders[(i // 5) % len(placeholders)]
        out[key] = row
    out["new"][0] = "1,204"  # thousands separator
    return out


T2_2021 = [
    (
        "第二十条第(一)项",
        ["本年制发件数", "本年废止件数", "现行有效件数"],
        [("规章", "regulation", ["/", "/", "/"]), ("行政规范性文件", "normative", ["4", "1", "27"])],
    ),
    ("第二十条第(五)项", ["本年处理决定数量"], [("行政许可", "licensing", ["1,523"])]),
    (
        "第二十条第(六)项",
        ["本年处理决定数量"],
        [("行政处罚", "penalty", ["61"]), ("行政强制", "coercion", ["0"])],
    ),
    ("第二十条第(八)项", ["本年收费金额(单位:万元)"], [("行政事业性收费", "fee", ["12.3456"])]),
]
T2_2021_COLS = {
    "本年制发件数": "issued",
    "本年废止件数": "repealed",
    "现行有效件数": "in_force",
    "本年处理决定数量": "decisions",
    "本年收费金额(单位:万元)": "amount",
}
T2_2019 = [
    (
        "第二十条第(一)项",
        ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        [("规章", "regulation", ["0", "0", "0"]), ("规范性文件", "normative", ["3", "3", "41"])],
    ),
    (
        "第二十条第(五)项",
        ["上一年项目数量", "本年增/减", "处理决定数量"],
        [
            ("行政许可", "licensing", ["86", "+1036", "2,210"]),
            ("其他对外管理服务事项", "other_service", ["12", "-8", "340"]),
        ],
    ),
    (
        "第二十条第(六)项",
        ["上一年项目数量", "本年增/减", "处理决定数量"],
        [("行政处罚", "penalty", ["9", "0", "75"]), ("行政强制", "coercion", ["2", "—", "4"])],
    ),
    ("第二十条第(八)项", ["上一年项目数量", "本年增/减"], [("行政事业性收费", "fee", ["3", "-1"])]),
    (
        "第二十条第(九)项",
        ["采购项目数量", "采购总金额"],
        [("政府集中采购", "procurement", ["14", "251000元"])],
    ),
]
T2_2019_COLS = {
    "本年新制作数量": "made",
    "本年新公开数量": "published",
    "对外公开总数量": "total",
    "上一年项目数量": "previous",
    "本年增/减": "change",
    "处理决定数量": "decisions",
    "采购项目数量": "items",
    "采购总金额": "amount",
}
T4_VALUES = ["2", "1", "0", "1", "4", "0", "1", "1", "0", "2", "1", "0", "0", "", "1"]
_OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def expected_cells(template: str, t3: dict[str, list[str]], t4: list[str] = T4_VALUES) -> dict:
    exp = {}
    spec, names = (T2_2019, T2_2019_COLS) if template == "2019" else (T2_2021, T2_2021_COLS)
    for _, header, rows in spec:
        for _, key, vals in rows:
            for h, raw in zip(header, vals, strict=True):
                exp[f"t2.{key}.{names[h]}"] = _expected(raw)
    for key, vals in t3.items():
        for col, raw in zip(T3_COLUMNS, vals, strict=True):
            exp[f"t3.{key}.{col}"] = _expected(raw)
    for i, raw in enumerate(t4):
        exp[f"t4.{T4_ROWS[i // 5]}.{T4_COLUMNS[i % 5]}"] = _expected(raw)
    return exp


# ---------------------------------------------------------------- expanded grids (as a reader gives them)
def t2_grid(template: str) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for title, header, body in T2_2019 if template == "2019" else T2_2021:
        rows.append([Cell(title)] + [Cell(title, True)] * 3)
        span = 3 // len(header) if len(header) != 2 else 1
        head = [Cell("信息内容")]
        for h in header:
            head += [Cell(h)] + [Cell(h, True)] * (span - 1)
        head += [Cell(header[-1], True)] * (4 - len(head))
        rows.append(head)
        for label, _, vals in body:
            row = [Cell(label)]
            for v in vals:
                row += [Cell(v)] + [Cell(v, True)] * (span - 1)
            row += [Cell(vals[-1], True)] * (4 - len(row))
            rows.append(row)
    return rows


def t3_grid(template: str, values: dict[str, list[str]]) -> list[list[Cell]]:
    note = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
    rows = [
        [Cell(note), Cell(note, True), Cell(note, True), Cell("申请人情况")] + [Cell("申请人情况", True)] * 6,
        [Cell(note, True)] * 3
        + [Cell("自然人"), Cell("法人或其他组织")]
        + [Cell("法人或其他组织", True)] * 4
        + [Cell("总计")],
        [Cell(note, True)] * 3
        + [Cell("自然人", True)]
        + [Cell(h) for h in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")]
        + [Cell("总计", True)],
    ]
    seen: set[str] = set()
    for key, path in t3_labels(template):
        if len(path) == 1:
            label = [Cell(path[0]), Cell(path[0], True), Cell(path[0], True)]
        elif len(path) == 2:
            top = Cell(path[0], path[0] in seen)
            label = [top, Cell(path[1]), Cell(path[1], True)]
        else:
            label = [Cell(path[0], True), Cell(path[1], path[1] in seen), Cell(path[2])]
        seen.update(path)
        rows.append(label + [Cell(v) for v in values[key]])
    return rows


def t4_grid(values: list[str] = T4_VALUES) -> list[list[Cell]]:
    return [
        [Cell("行政复议")] + [Cell("行政复议", True)] * 4 + [Cell("行政诉讼")] + [Cell("行政诉讼", True)] * 9,
        [Cell(h) for h in _OUTCOMES]
        + [Cell("未经复议直接起诉")]
        + [Cell("未经复议直接起诉", True)] * 4
        + [Cell("复议后起诉")]
        + [Cell("复议后起诉", True)] * 4,
        [Cell(h, True) for h in _OUTCOMES] + [Cell(h) for h in _OUTCOMES] * 2,
        [Cell(v) for v in values],
    ]


def t4_transposed(short: bool = False, values: list[str] = T4_VALUES) -> list[list[Cell]]:
    heads = ["维持", "纠正", "其他", "尚未审结", "总计"] if short else _OUTCOMES
    names = ["行政复议", "行政诉讼(未经复议直接起诉)", "行政诉讼(复议后起诉)"]
    rows = [[Cell("项目")] + [Cell(h) for h in heads]]
    for i, name in enumerate(names):
        rows.append([Cell(name)] + [Cell(v) for v in values[5 * i : 5 * i + 5]])
    return rows


def to_grid(rows: list[list[Cell]], start: int = 0, end: int = 0, source: str = "html:table[0]") -> Grid:
    return Grid(
        rows=tuple(tuple(c.text for c in r) for r in rows),
        start=start,
        end=end,
        source=source,
        spanned=tuple(tuple(c.spanned for c in r) for r in rows),
    )


# ---------------------------------------------------------------- text renderings
def render(rows: list[list[Cell]], layout: str) -> str:
    """Return the rows as text in `layout` (spanned copies print empty, as a converter writes them)."""
    printed = [[("" if c.spanned else c.text) for c in r] for r in rows]
    if layout == "tab":
        return "\n".join("\t".join(c.replace("\n", "") for c in r) for r in printed)
    if layout == "pipe":
        width = max(len(r) for r in printed)
        lines = []
        for n, r in enumerate(printed):
            lines.append(
                "| " + " | ".join(c.replace("\n", "<br>") for c in r + [""] * (width - len(r))) + " |"
            )
            if n == 0:
                lines.append("|" + "---|" * width)
        return "\n".join(lines)
    if layout == "lines":
        # One cell per line, tab-indented, header words broken over an unindented line (商业/企业).
        out = []
        for r in printed:
            cells = []
            for c in r:
                if len(c) == 4 and c.endswith(("企业", "机构")):
                    c = c[:2] + "\n" + c[2:]
                cells.append("\t" + c)
            out.append("\n".join(cells))
        return "\n\n".join(out)
    if layout == "space":
        return "\n".join(" ".join(c for c in r if c) for r in printed)
    raise ValueError(layout)


PRE = "测试县示例局2023年政府信息公开工作年度报告\n\n一、总体情况\n本机关依法做好政府信息公开工作，公开渠道进一步拓宽。\n\n"
POST = "\n\n五、存在的主要问题及改进情况\n一是公开内容还不够丰富。\n\n六、其他需要报告的事项\n本年度未收取信息处理费。\n"
HEADS = (
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
)


def text_document(tables: list[str]) -> Document:
    body = "\n\n".join(f"{h}\n{t}" for h, t in zip(HEADS, tables, strict=True))
    return Document(path="synthetic.txt", format="txt", reader="text", text=normalize_text(PRE + body + POST))


def grid_document(
    tables: list[list[list[Cell]]], split_t3: int | None = None, repeat_header: bool = False
) -> Document:
    """Return a Document as a reader builds it: grids rendered in the text, with their offsets."""
    text = normalize_text(PRE)
    grids = []
    for head, rows in zip(HEADS, tables, strict=True):
        parts = [rows]
        if split_t3 and head.startswith("三"):
            tail = rows[split_t3:]
            parts = [rows[:split_t3], (rows[:3] + tail) if repeat_header else tail]
        text += "\n\n" + head
        for part in parts:
            text += "\n"
            start = len(text)
            text += render(part, "tab")
            grids.append(to_grid(part, start, len(text), f"html:table[{len(grids)}]"))
    text += normalize_text(POST)
    return Document(path="synthetic.html", format="html", reader="lxml", text=text, grids=tuple(grids))


def parsed(doc: Document) -> dict:
    return {c.key: c for c in parse_tables(doc, segment_sections(doc.text))}


def assert_round_trip(doc: Document, expected: dict) -> None:
    got = parsed(doc)
    wrong = {
        k: (v, (got[k].value, got[k].placeholder) if k in got else "missing")
        for k, v in expected.items()
        if k not in got or (got[k].value, got[k].placeholder) != v
    }
    assert not wrong
    assert set(got) == set(expected)


# ---------------------------------------------------------------- the round trips
@pytest.mark.parametrize("template", ["2021", "2019"])
def test_reader_grids_with_merged_cells(template):
    vals = t3_values(template)
    doc = grid_document([t2_grid(template), t3_grid(template, vals), t4_grid()])
    assert_round_trip(doc, expected_cells(template, vals))
    cells = parsed(doc)
    # Provenance: the grid's source and the cell's position in it.
    c = cells["t3.withheld.third_party.research"]
    assert c.source.startswith("html:table[") and c.col == 5 and c.row_label.endswith("保护第三方合法权益")


@pytest.mark.parametrize("template", ["2021", "2019"])
@pytest.mark.parametrize("layout", ["tab", "pipe"])
def test_tab_and_pipe_text(template, layout):
    vals = t3_values(template)
    doc = text_document(
        [
            render(t2_grid(template), layout),
            render(t3_grid(template, vals), layout),
            render(t4_grid(), layout),
        ]
    )
    assert not doc.grids
    assert_round_trip(doc, expected_cells(template, vals))


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_one_cell_per_line(template):
    # Blank cells vanish in this layout (an empty indented line is a blank line): use printed placeholders.
    vals = t3_values(template, placeholders=("/", "—", "无"))
    t4 = [v or "0" for v in T4_VALUES]
    doc = text_document(
        [
            render(t2_grid(template), "lines"),
            render(t3_grid(template, vals), "lines"),
            render(t4_grid(t4), "lines"),
        ]
    )
    assert "\t商业\n企业" in doc.text
    assert_round_trip(doc, expected_cells(template, vals, t4))


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_space_separated_pdf_lines(template):
    vals = t3_values(template, placeholders=("/", "—", "-", "无"))
    t4 = [v or "0" for v in T4_VALUES]
    # Table 四 flattened from a PDF: header words split character-column-wise, then 15 numbers.
    t4_text = (
        "行政复议 行政诉讼\n结果 结果 其他 尚未 总 未经复议直接起诉 复议后起诉\n维持 纠正 结果 审结 计\n"
        + " ".join(t4)
    )
    doc = text_document(
        [render(t2_grid(template), "space"), render(t3_grid(template, vals), "space"), t4_text]
    )
    assert_round_trip(doc, expected_cells(template, vals, t4))


@pytest.mark.parametrize("short", [False, True])
@pytest.mark.parametrize("layout", ["grid", "tab"])
def test_transposed_table_four(layout, short):
    vals = t3_values("2021")
    if layout == "grid":
        doc = grid_document([t2_grid("2021"), t3_grid("2021", vals), t4_transposed(short)])
    else:
        tables = [
            render(t2_grid("2021"), "tab"),
            render(t3_grid("2021", vals), "tab"),
            render(t4_transposed(short), "tab"),
        ]
        doc = text_document(tables)
    assert_round_trip(doc, expected_cells("2021", vals))


@pytest.mark.parametrize("repeat_header", [True, False])
def test_table_three_split_across_pages(repeat_header):
    vals = t3_values("2021")
    # Break inside group (三): the continuation grid starts without its group label.
    doc = grid_document(
        [t2_grid("2021"), t3_grid("2021", vals), t4_grid()], split_t3=9, repeat_header=repeat_header
    )
    assert len(doc.grids) == 4
    assert_round_trip(doc, expected_cells("2021", vals))


def test_tab_header_split_over_two_lines_and_ragged_label_columns():
    # A converter that drops the empty label-padding cells: rows start at different columns.
    vals = t3_values("2021", placeholders=())
    lines = [
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\t申请人情况",
        "\t自然人\t法人或其他组织\t\t\t\t\t总计",
        "\t\t商业\t科研\t社会公益\t法律服务\t其他",
        "\t\t企业\t机构\t组织\t机构",
    ]
    for key, path in t3_labels("2021"):
        lines.append("\t".join(path[-1:] if len(path) < 3 else path[-2:]) + "\t" + "\t".join(vals[key]))
    doc = text_document([render(t2_grid("2021"), "tab"), "\n".join(lines), render(t4_grid(), "tab")])
    assert_round_trip(doc, expected_cells("2021", vals))


def test_blank_cells_stay_in_place_in_grids():
    vals = t3_values("2021", placeholders=())
    vals["new"] = ["", "", "", "", "", "", "0"]  # only the 总计 column filled
    vals["carried_in"] = ["2", "", "1", "", "", "", ""]  # 总计 left blank
    doc = grid_document([t2_grid("2021"), t3_grid("2021", vals), t4_grid()])
    got = parsed(doc)
    assert got["t3.new.total"].value == 0 and got["t3.new.natural_person"].placeholder == "blank"
    assert got["t3.carried_in.research"].value == 1 and got["t3.carried_in.business"].value is None
    assert got["t3.carried_in.total"].placeholder == "blank" and got["t3.carried_in.total"].value is None


def test_a_cell_missing_from_a_tab_row_is_recovered_from_the_row_total():
    vals = t3_values("2021", placeholders=())
    lines = ["\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计"]
    for key, path in t3_labels("2021"):
        row = vals[key][:6] if key == "partial" else vals[key]
        lines.append("\t".join(([""] * 2 + path)[-3:]) + "\t" + "\t".join(row))
    doc = text_document([render(t2_grid("2021"), "tab"), "\n".join(lines), render(t4_grid(), "tab")])
    got = parsed(doc)
    cell = got["t3.partial.total"]
    assert cell.value == sum(int(v) for v in vals["partial"][:6]) and cell.raw == ""
    assert "recovered" in cell.source


def test_value_parsing():
    assert parse_value("1,234").value == 1234 and isinstance(parse_value("1,234").value, int)
    assert parse_value("12.5").value == 12.5
    assert (parse_value("+1036").value, parse_value("-8").value) == (1036, -8)
    assert (parse_value("251000元").value, parse_value("251000元").unit) == (251000, "元")
    assert parse_value("3.2万元").unit == "万元"
    for raw, kind in (("", "blank"), (" ", "blank"), ("/", "na"), ("无", "na"), ("—", "dash"), ("-", "dash")):
        v = parse_value(raw)
        assert (v.value, v.placeholder) == (None, kind), raw
    assert not parse_value("行政许可").is_value and not parse_value("1.属于国家秘密").is_value


def test_text_grids_keep_offsets_and_lines():
    doc = text_document(
        [
            render(t2_grid("2021"), "tab"),
            render(t3_grid("2021", t3_values("2021")), "lines"),
            render(t4_grid(), "pipe"),
        ]
    )
    grids = detect_text_grids(doc.text)
    assert len(grids) >= 3
    for g in grids:
        assert g.source.startswith("text:line ") and 0 <= g.start < g.end <= len(doc.text)
        assert doc.text[g.start : g.end].strip()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "没有任何表格的一段文字。\n\n二、主动公开政府信息情况\n本年度无相关数据。",
        "三、收到和处理政府信息公开申请情况\n\t\t\t\n| | |\n|---|\n\t本年新收\n\tabc\n\t∞\n\n1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
        "\x00\x01 garbage \t\t\t | | | \n" * 20,
    ],
)
def test_odd_input_never_crashes(text):
    doc = Document(path="odd.txt", format="txt", reader="text", text=normalize_text(text))
    cells = parse_tables(doc, segment_sections(doc.text))
    assert all(c.key.startswith(("t2.", "t3.", "t4.")) for c in cells)


def test_narrative_numbers_are_not_table_rows():
    doc = text_document(
        [
            "本年度主动公开信息 56 条，其中 规范性文件 3 件。",
            "共收到申请 12 件。",
            "未发生行政复议 0 件 0 件。",
        ]
    )
    assert parse_tables(doc, segment_sections(doc.text)) == ()


def test_ragged_pipe_table_is_aligned_like_tab_rows():
    # A converter that leaves out the label-padding cells writes rows of different widths.
    vals = t3_values("2021", placeholders=())
    lines = [
        "| | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        "|---|---|---|",
    ]
    for key, path in t3_labels("2021"):
        lines.append("| " + " | ".join([path[-1], *vals[key]]) + " |")
    doc = text_document([render(t2_grid("2021"), "pipe"), "\n".join(lines), render(t4_grid(), "pipe")])
    assert_round_trip(doc, expected_cells("2021", vals))


def test_one_value_narrative_line_is_not_a_row():
    doc = text_document(["本年度共发布信息 56 条,其中规范性文件 3", "说明", "无"])
    assert not any(c.key.startswith("t2.normative") for c in parse_tables(doc, segment_sections(doc.text)))


def _lines_t3(row_lines: list[str]) -> dict:
    body = "\t一、本年新收政府信息公开申请数量\n" + "\n".join(row_lines)
    doc = text_document(["\t规章\n\t0\n\t0\n\t0", body, "\t行政复议\n\n\t" + "\n\t".join("0" * 15)])
    return parsed(doc)


def test_one_cell_per_line_blank_cell_splits_the_row_and_is_put_back():
    # 「\t」 for an empty cell normalises to an empty line, which looks like a row break.
    got = _lines_t3(["\t4", "\t1", "", "\t2", "\t0", "\t0", "\t7"])
    assert [got[f"t3.new.{c}"].value for c in T3_COLUMNS] == [4, 1, None, 2, 0, 0, 7]
    assert got["t3.new.research"].placeholder == "blank"


def test_one_cell_per_line_with_blanks_in_doubt_is_left_out():
    # 5 values, 2 blanks, 2 gaps of unknown width: (1,1) is the only reading -> rebuilt.
    got = _lines_t3(["\t4", "", "\t2", "", "\t0", "\t0", "\t6"])
    assert [got[f"t3.new.{c}"].value for c in T3_COLUMNS] == [4, None, 2, None, 0, 0, 6]
    # 4 values, 3 blanks, 2 gaps: the blanks could sit (1,2) or (2,1) -> no guess.
    got = _lines_t3(["\t4", "", "\t2", "", "\t0", "\t6"])
    assert not any(k.startswith("t3.new.") for k in got)


def test_table_four_tab_row_lost_its_trailing_blanks():
    header = render(t4_grid(), "tab").split("\n")[:3]
    doc = text_document(
        [
            render(t2_grid("2021"), "tab"),
            render(t3_grid("2021", t3_values("2021")), "tab"),
            normalize_text("\n".join([*header, "1\t\t0\t0\t1\t2\t0\t0\t0\t2\t\t\t\t\t"])),
        ]
    )
    got = parsed(doc)
    assert got["t4.review.upheld"].value == 1 and got["t4.review.corrected"].placeholder == "blank"
    assert got["t4.suit_direct.total"].value == 2
    assert all(got[f"t4.suit_after_review.{c}"].placeholder == "blank" for c in T4_COLUMNS)


def test_2019_other_row_printed_empty_and_2021_heading_row():
    vals = t3_values("2019", placeholders=())
    lines = [render(t3_grid("2019", vals), "tab")]
    text = "\n".join(
        ln if "其他处理" not in ln else ln.split("\t(六)其他处理")[0] + "\t(六)其他处理"
        for ln in lines[0].split("\n")
    )
    doc = text_document([render(t2_grid("2019"), "tab"), text, render(t4_grid(), "tab")])
    got = parsed(doc)
    assert all(got[f"t3.other.{c}"].placeholder == "blank" for c in T3_COLUMNS)
    assert "t3.other.other.total" not in got


def test_lines_inside_reader_grids_are_skipped_like_a_scan_of_every_span_would():
    import random

    from mining.tables.text_grids import _covered_kinds, _kind

    rng = random.Random(11)
    for _ in range(500):
        lines = [rng.choice(["文字", "\t0\t1", "", "a\tb"]) for _ in range(rng.randint(1, 30))]
        offsets = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
        end = offsets[-1] + len(lines[-1]) + 1
        spans = [tuple(sorted(rng.sample(range(end + 1), 2))) for _ in range(rng.randint(1, 4))]
        want = [
            "skip" if any(a <= p < b for a, b in spans) else _kind(ln)
            for p, ln in zip(offsets, lines, strict=True)
        ]
        assert _covered_kinds(lines, offsets, spans) == want, (lines, spans)


def test_tab_rows_under_a_header_that_names_only_some_columns_keep_the_columns_it_names():
    # The 其他 column has no header word and is blank in every row, as is 自然人: no row prints seven
    # values, so the columns come from the header alone, which names six of them. (The whole table
    # 三 used to be lost: the column the header does not name was looked up anyway.)
    vals = t3_values("2021", placeholders=())
    lines = ["\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t\t总计"]
    for key, path in t3_labels("2021"):
        label = [path[0], ""] if len(path) == 1 else path[-2:]  # two label columns, as in the header
        row = ["", *vals[key][1:5], "", vals[key][6]]
        lines.append("\t".join(label + row))
    doc = text_document([render(t2_grid("2021"), "tab"), "\n".join(lines), render(t4_grid(), "tab")])
    got = parsed(doc)
    assert got["t3.new.business"].value == int(vals["new"][1])
    assert got["t3.disclosed.total"].value == int(vals["disclosed"][6])
    assert got["t3.new.natural_person"].placeholder == "blank"
    assert "t3.new.other_org" not in got  # no header word over it: not guessed


@pytest.mark.parametrize(
    ("label", "expected"),
    [("2.", True), ("(四)", True), ("其他", True), ("1.属于国家秘密", True), ("行政许可", True),
     ("三、本年度办理结果", False), ("本年度", False)],
)  # fmt: skip
def test_row_labels_include_bare_numbers_and_other_but_not_the_results_heading(label, expected):
    from mining.tables.labels import is_table_label

    assert is_table_label(label) is expected
