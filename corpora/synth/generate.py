"""`generate_report`: one synthetic annual report, its bytes in a chosen format, and its ground truth.

The content (numbers, narrative, problems) is decided first, independently of the format; then the
requested defects change exactly one thing each; then the blocks are rendered. The truth records
what a perfect parser would read back: every printed table cell (null for a placeholder), the
sections present, the claims as printed, the problems and measures of section 五, and the defects
with the rule codes of checks.md they should trigger. A report with no defects triggers no rule.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mining.keys import T3_APPLICANT_COLUMNS, T3_COLUMNS, T4_COLUMNS, T4_ROWS, t3_rows
from mining.model import SECTION_KEYS

from . import lexicon, narrative, numbers, render
from .doc import Block, Printing, T3Transposed, build_t2, build_t3, build_t3_transposed, build_t4

GENERATOR_VERSION = "1"

SINGLE_DEFECTS: tuple[str, ...] = (
    "S101",
    "S102",
    "S103",
    "S104",
    "T201",
    "T301",
    "T302",
    "T303",
    "T304",
    "T401",
    "N101",
    "N102",
    "N103",
    "A101",
    "A102",
    "C101",
    "C102",
    "C103",
    "L101",
    "L102",
    "L103",
)
CORPUS_DEFECTS: tuple[str, ...] = ("X101", "X102", "X103", "X201")
DEFECT_CODES: tuple[str, ...] = SINGLE_DEFECTS + CORPUS_DEFECTS
EXTENSIONS = {"txt": "txt", "md": "md", "html": "html", "docx": "docx", "pdf": "pdf"}


@dataclass(frozen=True)
class SynthReport:
    """A generated report: its file name and bytes, the ground truth, and how it was rendered."""

    filename: str
    data: bytes
    truth: dict
    fmt: str
    layout: str


@dataclass(frozen=True)
class Agency:
    """Who publishes a report: name, place, sector (None for government/township), self-reference."""

    name: str
    place: str
    sector: str | None
    body_kind: str
    we: str
    alt_we: str

    @property
    def business(self) -> tuple[str, ...]:
        if self.sector:
            return lexicon.SECTOR_BY_KEY[self.sector].business
        return lexicon.GOVERNMENT_BUSINESS


def describe_agency(name: str) -> Agency:
    """Return the `Agency` a name denotes (sector from its suffix; 人民政府 = government level)."""
    we, alt = lexicon.self_reference(name)
    if re.search(r"(?:乡|镇)人民政府$|街道办事处$", name):
        place = re.sub(r"人民政府$|办事处$", "", name)
        return Agency(name, place, None, "township", we, alt)
    if name.endswith("人民政府"):
        return Agency(name, name[: -len("人民政府")], None, "government", we, alt)
    for sector in lexicon.SECTORS:
        for suffix in sorted(sector.names, key=len, reverse=True):
            if name.endswith(suffix):
                return Agency(name, name[: -len(suffix)], sector.key, "department", we, alt)
    return Agency(name, name, None, "department", we, alt)


def random_place(rng: random.Random) -> str:
    """Return a generic county or district name."""
    return rng.choice(lexicon.PLACE_HEADS) + rng.choice(lexicon.PLACE_TAILS) + rng.choice("县县县区")


def random_agency(rng: random.Random, kind: str | None = None) -> Agency:
    """Return a random department (70%), county/district government or township."""
    kind = kind or rng.choices(("department", "government", "township"), weights=(70, 15, 15))[0]
    place = random_place(rng)
    if kind == "government":
        return describe_agency(place + "人民政府")
    if kind == "township":
        town = rng.choice(lexicon.TOWN_NAMES)
        return describe_agency(place + town + rng.choice(("镇人民政府", "乡人民政府", "街道办事处")))
    sector = rng.choice(lexicon.SECTORS)
    return describe_agency(place + rng.choice(sector.names))


def template_for_year(year: int) -> str:
    """Return the national template in force for a statistics year (2019 试行 for 2019–2020)."""
    return "2019" if year in (2019, 2020) else "2021"


# ----------------------------------------------------------------------------- defects on numbers


class DefectError(ValueError):
    """A defect cannot be injected into the report asked for (names the defect and why)."""


def _requirements(defects: tuple[str, ...]) -> dict[str, int]:
    need = {"min_new": 0, "min_cases": 0}
    if {"T301", "T302", "N103"} & set(defects):
        need["min_new"] = 6
    if "N102" in defects or "N101" in defects:
        need["min_new"] = max(need["min_new"], 3)
    return need


def _swap_within_group(rng: random.Random, t: dict, template: str) -> tuple[list[str], dict] | None:
    """T301: move one unit between two rows' 总计 in the same group; columns and groups still add up."""
    rows = t3_rows(template)
    groups: dict[str, list[str]] = {}
    for r in rows:
        if "." in r:
            groups.setdefault(r.split(".")[0], []).append(r)
    options = [
        (src, dst)
        for members in groups.values()
        for src in members
        for dst in members
        if src != dst and t[f"t3.{src}.total"] > 0
    ]
    if not options:
        return None
    src, dst = rng.choice(options)
    d = 1 if t[f"t3.{src}.total"] < 3 else rng.randint(1, 2)
    t[f"t3.{src}.total"] -= d
    t[f"t3.{dst}.total"] += d
    keys = [f"t3.{src}.total", f"t3.{dst}.total"]
    return keys, {"moved": d, "from": keys[0], "to": keys[1]}


def _inject_table_defect(rng: random.Random, code: str, t: dict, template: str, plan: narrative.Plan) -> dict:
    """Change the printed numbers for one table defect; return its truth entry."""
    if code == "T301":
        found = _swap_within_group(rng, t, template)
        if found is None:
            raise DefectError("T301: table 三 has no result sub-row with applications to move")
        keys, detail = found
        return {"code": "T301", "keys": keys, "detail": detail}
    if code == "T302":
        row = "other" if template == "2019" else "other.other"
        col = rng.choice(T3_APPLICANT_COLUMNS[:2])
        d = rng.randint(1, 3)
        for c in (col, "total"):
            t[f"t3.{row}.{c}"] += d
        plan.avoid.add("t3.other")
        return {
            "code": "T302",
            "keys": [f"t3.total.{col}", "t3.total.total"],
            "detail": {"changed": [f"t3.{row}.{col}", f"t3.{row}.total"], "by": d},
        }
    if code == "T303":
        col = rng.choice(T3_APPLICANT_COLUMNS[:2])
        d = rng.randint(1, 4)
        for c in (col, "total"):
            t[f"t3.new.{c}"] += d
        plan.avoid.add("t3.new")
        return {
            "code": "T303",
            "keys": [f"t3.new.{col}", "t3.new.total"],
            "detail": {"by": d, "columns": [col, "total"]},
        }
    if code == "T304":
        row = rng.choice(("licensing", "penalty"))
        key = f"t2.{row}.decisions"
        old = t[key]
        t[key] = -max(1, int(old)) if rng.random() < 0.5 else int(old) + 0.5
        plan.avoid.add(key)
        return {"code": "T304", "keys": [key], "detail": {"printed": t[key], "was": old}}
    if code == "T401":
        row = rng.choice(T4_ROWS)
        key = f"t4.{row}.total"
        old = t[key]
        t[key] = old + rng.randint(1, 2)
        plan.avoid.add("t4")
        return {"code": "T401", "keys": [key], "detail": {"printed": t[key], "sum": old}}
    if code == "T201":
        old = t["t2.fee.amount"]
        yuan = rng.randint(120, 860) * 10000 + rng.choice((0, 500, 2000, 6800))
        t["t2.fee.amount"] = yuan
        plan.avoid.add("t2.fee")
        return {"code": "T201", "keys": ["t2.fee.amount"], "detail": {"printed": yuan, "was_wan_yuan": old}}
    raise AssertionError(code)


# ----------------------------------------------------------------------------- headings

_TITLES = {
    "overview": ("总体情况",),
    "proactive": ("主动公开政府信息情况", "主动公开政府信息情况", "行政机关主动公开政府信息情况"),
    "requests": (
        "收到和处理政府信息公开申请情况",
        "收到和处理政府信息公开申请情况",
        "行政机关收到和处理政府信息公开申请情况",
    ),
    "review_litigation": (
        "政府信息公开行政复议、行政诉讼情况",
        "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "因政府信息公开工作被申请行政复议提起行政诉讼情况",
    ),
    "problems": (
        "存在的主要问题及改进情况",
        "政府信息公开工作存在的主要问题及改进情况",
        "存在问题及改进情况",
    ),
    "other": ("其他需要报告的事项",),
}
_CN = "一二三四五六"


def _heading(rng: random.Random, key: str, sep: str, *, split: bool, digit: bool) -> str:
    n = SECTION_KEYS.index(key)
    title = rng.choice(_TITLES[key])
    num = str(n + 1) if digit else _CN[n]
    text = f"{num}{sep}{title}"
    if split and "、提起" in title:
        head, tail = text.split("、提起")
        text = f"{head}、\n提起{tail}"
    return text


# ----------------------------------------------------------------------------- the report


def _date(rng: random.Random, year: int, body_kind: str, late: bool) -> str:
    if late:
        if body_kind == "government":
            month, day = rng.choice((4, 5)), rng.randint(2, 28)
        else:
            month, day = rng.choice((2, 3, 4)), rng.randint(3, 27)
    elif body_kind == "government":
        month, day = rng.choice((1, 2, 3)), rng.randint(8, 28)
    else:
        month, day = 1, rng.randint(6, 30)
    return f"{year + 1:04d}-{month:02d}-{day:02d}"


def _cn_year(y: int) -> str:
    return "".join("〇一二三四五六七八九"[int(ch)] for ch in str(y))


def _cn_small(n: int) -> str:
    return narrative.cn_number(n).replace("两", "二")


def _sign_date(rng: random.Random, iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    if rng.random() < 0.15:
        return f"{_cn_year(y)}年{_cn_small(m)}月{_cn_small(d)}日"
    return f"{y}年{m}月{d}日"


TRANSPOSABLE: tuple[str, ...] = ("t3", "t4")
"""The tables `generate_report` can print transposed (``transpose=``)."""


def generate_report(
    *,
    seed: int,
    agency: str | None = None,
    year: int | None = None,
    template: str | None = None,
    fmt: str = "txt",
    layout: str | None = None,
    defects: tuple[str, ...] = (),
    previous: Mapping[str, Any] | None = None,
    peer: Mapping[str, Any] | None = None,
    filename: str | None = None,
    transpose: tuple[str, ...] = (),
) -> SynthReport:
    """Return one synthetic report, deterministic for a given `seed` and arguments.

    `previous` is the truth of the same agency's report of the year before (cross-year links:
    carry-over, stocks, recurring problem categories; X101/X102/X103 need it). `peer` is the truth of
    another agency's report of the same year (X201 copies its section 五). Raises `DefectError` when a
    defect cannot apply (e.g. T201 in a 2019-template report), `ValueError` for unknown arguments.

    `transpose` names the tables printed transposed (domain.md §9.2): ``t3`` (applicant types as
    rows, the result rows as columns under two or three header rows) and ``t4`` (3 rows × 5). The
    truth is the same; the default (none) leaves every other choice and byte as it was.
    """
    bad = [t for t in transpose if t not in TRANSPOSABLE]
    if bad:
        raise ValueError(f"cannot transpose {bad}; transposable tables: {', '.join(TRANSPOSABLE)}")
    defects = tuple(dict.fromkeys(defects))
    unknown = [d for d in defects if d not in DEFECT_CODES]
    if unknown:
        raise ValueError(f"unknown defect codes {unknown}; known: {', '.join(DEFECT_CODES)}")
    if fmt not in render.FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(render.FORMATS)}")
    layout = layout or render.LAYOUTS[fmt][seed % len(render.LAYOUTS[fmt])]
    if layout not in render.LAYOUTS[fmt]:
        raise ValueError(f"layout {layout!r} is not one of {fmt}'s: {', '.join(render.LAYOUTS[fmt])}")
    rng = random.Random(f"xxgk-synth:{seed}")
    kind = "department" if "C101" in defects else None
    ag = describe_agency(agency) if agency else random_agency(random.Random(f"agency:{seed}"), kind)
    if previous is not None and year is None:
        year = int(previous["meta"]["year"]) + 1
    recent_only = {"S104", "T201", "L102"} & set(defects) and template != "2019"
    year = year or rng.choice(
        (2021, 2022, 2023, 2024) if recent_only or "S104" in defects else (2019, 2020, 2021, 2022, 2023, 2024)
    )
    if "S104" in defects:
        if year < 2021:
            raise DefectError(f"S104 needs a 2021+ report year, not {year}")
        template = "2019"
    template = template or template_for_year(year)
    if template not in ("2021", "2019"):
        raise ValueError(f"template must be '2021' or '2019', not {template!r}")
    for code, need in (("T201", "2021"), ("L102", "2021")):
        if code in defects and (template != need or year < 2021):
            raise DefectError(
                f"{code} needs a 2021-template report of 2021 or later (got {template}, {year})"
            )
    if {"X101", "X102", "X103"} & set(defects) and previous is None:
        raise DefectError("X101/X102/X103 need the agency's previous report (previous=)")
    if "X201" in defects and peer is None:
        raise DefectError("X201 needs another agency's report of the same year (peer=)")
    if "S101" in defects and {"N101", "N102", "A101", "A102", "C101", "C102", "C103"} & set(defects):
        raise DefectError("S101 drops 总体情况, where the narrative defects would go")

    nrng = random.Random(f"numbers:{seed}")
    sector = lexicon.SECTOR_BY_KEY.get(ag.sector or "")
    profile = numbers.request_profile(nrng, sector, ag.body_kind)
    need = _requirements(defects)
    prev_tables = dict(previous.get("tables", {})) if previous else {}
    carried_in = None
    if previous:
        carried_in = {c: int(prev_tables.get(f"t3.carried_out.{c}") or 0) for c in T3_APPLICANT_COLUMNS}
    t: dict[str, Any] = {}
    t.update(numbers.make_t2(nrng, template, sector, ag.body_kind, prev_tables if previous else None))
    x101 = None
    if "X101" in defects:
        col = nrng.choice(T3_APPLICANT_COLUMNS[:2])
        assert carried_in is not None
        before = dict(carried_in)
        carried_in[col] += nrng.randint(1, 4)
        x101 = {"column": col, "previous_carried_out": before[col], "carried_in": carried_in[col]}
    t.update(numbers.make_t3(nrng, template, profile, carried_in=carried_in, min_new=need["min_new"]))
    n102_target = None
    if "N102" in defects:
        n102_target = nrng.choice(("t3.new.total", "t4.review.total"))
    t.update(numbers.make_t4(nrng, profile, min_cases=1 if n102_target == "t4.review.total" else 0))
    plan = narrative.Plan()
    truth_defects: list[dict] = []
    drng = random.Random(f"defects:{seed}")
    for code in defects:
        if code in ("T201", "T301", "T302", "T303", "T304", "T401"):
            truth_defects.append(_inject_table_defect(drng, code, t, template, plan))
    if x101:
        truth_defects.append(
            {
                "code": "X101",
                "keys": [f"t3.carried_in.{x101['column']}", "t3.carried_in.total"],
                "detail": x101,
            }
        )

    # Narrative defects: set the plan; the writers record what they did in plan.notes.
    n101_field = None
    if "N101" in defects:
        n101_field = "t3.new.total"
        plan.n101 = n101_field
    if "N102" in defects:
        plan.n102 = n102_target
    plan.n103 = "N103" in defects
    plan.a101 = "A101" in defects
    plan.a102 = "A102" in defects
    if "C101" in defects:
        if ag.body_kind != "department":
            raise DefectError(
                "C101 needs a department report (government and township reports cover every sector)"
            )
        others = [s for s in lexicon.SECTORS if s.key != ag.sector]
        plan.foreign_business = drng.choice(drng.choice(others).business)
    if "C102" in defects:
        plan.wrong_self = ag.alt_we
    if "C103" in defects:
        plan.stale_year = year - drng.choice((1, 1, 2))
    plan.no_fee_statement = "L102" in defects

    srng = random.Random(f"style:{seed}")
    pr = _make_printing(srng, template)
    if "t4." in pr.placeholder_scope and not any(v for k, v in t.items() if k.startswith("t4.")):
        # A table 四 of placeholders only has "no numbers" (S103 as info): keep its zeros printed.
        pr.placeholder_scope = tuple(p for p in pr.placeholder_scope if p != "t4.")
    if fmt == "pdf" and layout == "ruled":
        pr.header_breaks = True
    sep = srng.choice(("、", "、", "、", "、", " ", "．"))
    digit_six = "S102" in defects
    split_heading = srng.random() < 0.35
    sub_style = srng.choice(("heading", "heading", "inline", "plain"))
    five_style = srng.choice(("shi", "shi", "numbered", "paren", "semicolon"))
    five_split = srng.random() < 0.4
    transposed_t4 = srng.random() < 0.08 or "t4" in transpose
    t4_how: dict[str, Any] = {}
    if "t4" in transpose:
        # Its own random stream, as for 三: the option changes nothing else.
        t4rng = random.Random(f"transpose-t4:{seed}")
        t4_how = {
            "short": t4rng.random() < 0.5,
            "corner": t4rng.choice(("类别", "项目", "")),
            "bare_names": t4rng.random() < 0.4,
        }
    t3_how = None
    if "t3" in transpose:
        # Its own random stream, so that every other choice stays what it is without the option.
        trng = random.Random(f"transpose:{seed}")
        t3_how = T3Transposed(
            header_rows=trng.choice((3, 3, 2)),
            grouped=trng.random() < 0.6,
            corner=trng.choice(("申请人情况", "申请人情况", "申请人类型", "")),
        )
    bracket = "（）" if srng.random() < 0.8 else "()"
    markup = srng.choice(("", "", "", "bold", "hash"))
    encoding = srng.choices(("utf-8", "utf-8-sig", "gb18030"), weights=(80, 10, 10))[0]
    md_breaks = srng.random() < 0.5
    title_style = srng.choice(("two_lines", "one_line", "two_lines"))

    wrng = random.Random(f"words:{seed}")
    blocks: list[Block] = []
    claims: list[dict] = []
    title_text = f"{year}年{wrng.choice(('', '度'))}政府信息公开工作年度报告"
    blocks.append(
        Block("title", lines=(ag.name, title_text) if title_style == "two_lines" else (ag.name + title_text,))
    )
    phone = f"0{wrng.randint(300, 999)}-{wrng.randint(2000000, 8999999)}"
    blocks.append(
        Block(
            "p",
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和上级政务公开工作要求编制，"
            "由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
            "存在的主要问题及改进情况、其他需要报告的事项六部分组成。"
            f"本报告所列数据的统计期限为{year}年1月1日至12月31日。"
            f"本报告电子版可在{ag.place}人民政府门户网站下载。如对本报告有疑问，请与{ag.name}办公室联系（电话：{phone}）。",
        )
    )

    def h1(key: str) -> Block:
        return Block(
            "h1",
            _heading(
                wrng,
                key,
                "、" if key == "other" and digit_six else sep,
                split=split_heading,
                digit=key == "other" and digit_six,
            ),
            key=key,
        )

    sections_present: list[str] = []
    # 一、总体情况
    if "S101" not in defects:
        ov_blocks, ov_claims = narrative.write_overview(
            wrng,
            year=year,
            we=ag.we,
            body_kind=ag.body_kind,
            business=ag.business,
            template=template,
            t=t,
            plan=plan,
            sub_style=sub_style,
        )
        blocks.append(h1("overview"))
        blocks += ov_blocks
        claims += ov_claims
        sections_present.append("overview")
    else:
        truth_defects.append({"code": "S101", "keys": ["overview"], "detail": {"dropped": "overview"}})

    dropped_table = None
    if "S103" in defects:
        dropped_table = drng.choice(("t2", "t4"))
        plan.avoid.add(dropped_table)
        truth_defects.append(
            {"code": "S103", "keys": [dropped_table], "detail": {"dropped_table": dropped_table}}
        )

    # 二、主动公开
    blocks.append(h1("proactive"))
    sections_present.append("proactive")
    if dropped_table != "t2":
        blocks.append(Block("table", table=build_t2(t, template, pr, bracket=bracket)))
    # 三、依申请
    blocks.append(h1("requests"))
    sections_present.append("requests")
    t3_table = build_t3(t, template, pr) if t3_how is None else build_t3_transposed(t, template, pr, t3_how)
    blocks.append(Block("table", table=t3_table))
    note_blocks, note_claims = narrative.write_requests_note(wrng, t, plan)
    blocks += note_blocks
    claims += note_claims
    # 四、复议诉讼
    blocks.append(h1("review_litigation"))
    sections_present.append("review_litigation")
    if dropped_table != "t4":
        blocks.append(Block("table", table=build_t4(t, pr, transposed=transposed_t4, **t4_how)))
    rv_blocks, rv_claims = narrative.write_review_note(wrng, ag.we, t, plan)
    blocks += rv_blocks
    claims += rv_claims
    # 五、问题与改进
    blocks.append(h1("problems"))
    sections_present.append("problems")
    prev_problems = list(previous.get("problems", [])) if previous else None
    if "L103" in defects:
        five = narrative.FiveContent([], [], [Block("p", wrng.choice(("无。", "暂无。")))])
        truth_defects.append(
            {"code": "L103", "keys": ["problems"], "detail": {"section_text": five.blocks[0].text}}
        )
    elif "X201" in defects and peer is not None:
        # The copier adapts the self-reference (我镇 -> 我局), else the copy would also be a C102 defect.
        peer_we = lexicon.self_reference(peer["meta"]["agency"])[0]

        def adapt(text: str) -> str:
            return text.replace(peer_we, ag.we) if peer_we != ag.we else text

        five = narrative.FiveContent(
            [{**p, "text": adapt(p["text"])} for p in peer["problems"]],
            [{**i, "text": adapt(i["text"])} for i in peer["improvements"]],
            [Block(kind, adapt(text)) for kind, text in peer["texts"]["problems"]],
        )
        truth_defects.append(
            {
                "code": "X201",
                "keys": ["problems"],
                "detail": {"copied_from": peer.get("file"), "agency": peer["meta"]["agency"]},
            }
        )
    else:
        problems = narrative.pick_problems(wrng, prev_problems, repeat_one="X102" in defects)
        five = narrative.write_five(wrng, ag.we, problems, style=five_style, split=five_split)
        if "X102" in defects:
            prev_texts = {p["text"] for p in prev_problems or []}
            repeated = [p["text"] for p in problems if p["text"] in prev_texts]
            truth_defects.append({"code": "X102", "keys": ["problems"], "detail": {"repeated": repeated}})
    blocks += five.blocks
    # 六、其他
    blocks.append(h1("other"))
    sections_present.append("other")
    fee_statement = year >= 2021 or (year == 2020 and wrng.random() < 0.6)
    if "X103" in defects and previous is not None:
        other_blocks = [Block("p", text) for text in previous["texts"]["other"]]
        other_claims = [dict(c) for c in previous.get("claims", []) if c.get("section") == "other"]
        truth_defects.append(
            {"code": "X103", "keys": ["other"], "detail": {"copied_from": previous.get("file")}}
        )
    else:
        other_blocks, other_claims = narrative.write_other(
            wrng, year=year, we=ag.we, body_kind=ag.body_kind, fee_statement=fee_statement, plan=plan
        )
    blocks += other_blocks
    claims += other_claims
    if plan.no_fee_statement:
        truth_defects.append({"code": "L102", "keys": ["other"], "detail": {}})

    late = "L101" in defects
    date = _date(drng if late else wrng, year, ag.body_kind, late)
    blocks.append(Block("sign", lines=(ag.name, _sign_date(wrng, date))))
    if late:
        deadline = f"{year + 1}-03-31" if ag.body_kind == "government" else f"{year + 1}-01-31"
        truth_defects.append(
            {"code": "L101", "keys": [], "detail": {"publish_date": date, "deadline": deadline}}
        )
    if digit_six:
        truth_defects.append({"code": "S102", "keys": ["other"], "detail": {"numbering": "6、"}})
    if "S104" in defects:
        truth_defects.append({"code": "S104", "keys": [], "detail": {"template": "2019", "year": year}})

    for code, note in (
        ("N101", "n101"),
        ("N102", "n102"),
        ("N103", "n103"),
        ("A101", "a101"),
        ("A102", "a102"),
    ):
        if code in defects:
            if note not in plan.notes:
                raise DefectError(f"{code}: the narrative has no place for it in this report")
            detail = dict(plan.notes[note])  # type: ignore[arg-type]
            key = {"N101": n101_field, "N102": n102_target, "N103": "t3.granted.total"}.get(code)
            truth_defects.append({"code": code, "keys": [key] if key else [], "detail": detail})
    if "C101" in defects:
        truth_defects.append(
            {"code": "C101", "keys": [], "detail": {"phrase": plan.notes["foreign_business"]}}
        )
    if "C102" in defects:
        if "c102" not in plan.notes:
            raise DefectError("C102: the overview has a single self-reference")
        truth_defects.append({"code": "C102", "keys": [], "detail": plan.notes["c102"]})
    if "C103" in defects:
        truth_defects.append(
            {"code": "C103", "keys": [], "detail": {"written": plan.stale_year, "year": year}}
        )

    truth_tables = dict(sorted(pr.printed.items()))
    truth: dict[str, Any] = {
        "generator": GENERATOR_VERSION,
        "seed": seed,
        "file": "",
        "format": fmt,
        "layout": layout,
        "meta": {
            "agency": ag.name,
            "year": year,
            "publish_date": date,
            "template": template,
            "body_kind": ag.body_kind,
        },
        "sections": sections_present,
        "tables": truth_tables,
        "placeholders": dict(sorted(pr.placeholders.items())),
        "units": dict(sorted(pr.units.items())),
        "claims": claims,
        "problems": five.problems,
        "improvements": five.improvements,
        "defects": truth_defects,
        "injected": list(defects),
        "style": {
            "heading_sep": sep,
            "heading_markup": markup if fmt == "txt" else "",
            "heading_split": split_heading,
            "overview_subheads": sub_style,
            "five_style": five_style,
            "five_split": five_split,
            "t4_transposed": transposed_t4,
            **(
                {"t3_transposed": {"header_rows": t3_how.header_rows, "grouped": t3_how.grouped}}
                if t3_how
                else {}
            ),
            **({"t4_print": t4_how} if t4_how else {}),
            "encoding": encoding if fmt in ("txt", "md") else "utf-8",
            "placeholder": "blank" if pr.blank else pr.placeholder,
            "thousands": pr.thousands,
            "label_variants": list(pr.label_variants),
        },
        "texts": {
            "problems": [[b.kind, b.text] for b in five.blocks],
            "other": [b.text for b in other_blocks],
        },
    }
    name = filename or f"synth_{seed}_{year}.{EXTENSIONS[fmt]}"
    truth["file"] = name
    data = _render(
        blocks,
        fmt,
        layout,
        markup=markup,
        encoding=encoding,
        md_breaks=md_breaks,
        agency=ag,
        date=date,
        year=year,
    )
    return SynthReport(filename=name, data=data, truth=truth, fmt=fmt, layout=layout)


def _make_printing(rng: random.Random, template: str) -> Printing:
    """Return how this report prints numbers; placeholders only ever replace zeros."""
    placeholder = rng.choice(("", "", "", "", "blank", "/", "—", "无"))
    scope: tuple[str, ...] = ()
    if placeholder:
        scope = rng.choice(
            (
                ("t3.withheld.", "t3.unavailable.", "t3.not_processed.", "t3.other."),
                ("t4.",),
                ("t2.regulation.",),
                ("t3.withheld.", "t4."),
            )
        )
    return Printing(
        placeholder="" if placeholder == "blank" else placeholder,
        placeholder_scope=scope,
        blank=placeholder == "blank",
        thousands=rng.random() < 0.5,
        fee_decimals=rng.choice((0, 2, 2)),
        signed_plus=rng.random() < 0.6,
        procurement_unit=rng.choice(("元", "元", "万元")),
        header_breaks=rng.random() < 0.6,
        label_variants=tuple(
            v for v in ("next_year", "huozhe", "plain_quotes", "other_org") if rng.random() < 0.15
        ),
    )


def _render(
    blocks: list[Block],
    fmt: str,
    layout: str,
    *,
    markup: str,
    encoding: str,
    md_breaks: bool,
    agency: Agency,
    date: str,
    year: int,
) -> bytes:
    style = render.RenderStyle(markup=markup, encoding=encoding, md_breaks=md_breaks)
    if fmt in ("txt", "md"):
        text = render.render_text(blocks, fmt, layout, style)
        return text.encode(encoding)
    if fmt == "html":
        owner = f"{agency.place}人民政府"
        return render.render_html(blocks, layout, agency=agency.name, date=date, owner=owner).encode("utf-8")
    if fmt == "docx":
        return render.render_docx(blocks)
    return render.render_pdf(blocks, running_head=f"{agency.name}{year}年政府信息公开工作年度报告")


def check_clean_arithmetic(truth: Mapping[str, Any]) -> list[str]:
    """Return the table identities the truth tables break (empty for a clean report)."""
    return numbers.t3_arithmetic_errors(truth["tables"], truth["meta"]["template"])


__all__ = [
    "CORPUS_DEFECTS",
    "DEFECT_CODES",
    "SINGLE_DEFECTS",
    "Agency",
    "DefectError",
    "SynthReport",
    "T3_COLUMNS",
    "T4_COLUMNS",
    "check_clean_arithmetic",
    "describe_agency",
    "generate_report",
    "random_agency",
    "template_for_year",
]
