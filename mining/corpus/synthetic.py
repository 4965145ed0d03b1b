"""A small deterministic generator of annual reports for the corpus tests and the benchmark.

The text is written for xxgk (it copies no real report): sentences are assembled from pools of
phrases in the genre's style, so two agencies' sections differ as real ones do, while the generator
can inject exactly what the corpus rules look for — a broken 结转 chain (X101), problems repeated
from last year (X102), a section copied from last year (X103) and a section copied from another
agency of the same year (X201). `Plan` records what was injected, so tests can check the rules
against it. Formats: txt, md, html and docx. The richer demo corpus lives in ``corpora.synth``.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from pathlib import Path

from ..keys import T3_COLUMNS

PLACES = (
    "东岭县",
    "西沅县",
    "南屏县",
    "北坪县",
    "青禾县",
    "白石县",
    "长汀区",
    "云溪区",
    "松原区",
    "枫桥县",
    "临川县",
    "安阜县",
    "柳河县",
    "石门县",
    "清溪区",
    "宁远县",
    "桂平区",
    "梅岭县",
    "丰泽区",
    "望江县",
)
DEPARTMENTS = (
    "卫生健康局",
    "市场监督管理局",
    "教育局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "住房和城乡建设局",
    "交通运输局",
    "自然资源局",
    "生态环境局",
    "农业农村局",
    "应急管理局",
    "医疗保障局",
    "统计局",
    "司法局",
    "人民政府",
)
_SELF = {"局": "我局", "人民政府": "我县", "委员会": "我委"}
_OPEN = (
    "坚持以公开为常态、不公开为例外",
    "围绕法治政府建设目标",
    "按照上级关于政务公开工作的部署",
    "紧扣年度政务公开工作要点",
    "立足部门职能",
)
_VERB = ("扎实推进", "持续深化", "稳步推进", "全面落实", "不断规范", "认真开展", "统筹推进")
_OBJ = (
    "重点领域信息公开",
    "政策解读和回应关切",
    "依申请公开办理",
    "政府信息管理",
    "政务公开平台建设",
    "基层政务公开标准化规范化",
    "公开目录动态调整",
    "决策公开和公众参与",
    "政务新媒体运维",
    "保密审查",
)
_DETAIL = (
    "明确专人负责信息发布审核",
    "建立周调度月通报制度",
    "将公开工作纳入年度绩效考核",
    "印发工作任务分解表",
    "组织业务骨干参加专题培训",
    "对栏目内容开展逐条自查",
    "完善信息发布三审机制",
    "推行办理结果回访",
    "开通线上咨询留言渠道",
    "在办事大厅设置查阅点",
    "梳理更新主动公开基本目录",
    "邀请群众代表列席会议",
)
_WHERE = ("门户网站", "政务公开专栏", "微信公众号", "政务服务大厅", "公告栏", "新闻发布会")
_PROBLEM_SUBJ = ("部分工作人员", "个别科室", "公开专栏", "政策解读", "依申请公开答复", "信息发布", "公众参与")
_PROBLEM_ISSUE = (
    "对公开工作的重要性认识不够深",
    "更新不够及时",
    "形式较为单一",
    "专业能力有待提升",
    "内容深度和广度不足",
    "规范化水平有待提高",
    "互动回应不够充分",
    "与群众需求还有差距",
    "栏目设置不够科学",
    "审核把关不够严格",
)
_PROBLEM_CAUSE = (
    "兼职人员变动频繁",
    "培训覆盖面不足",
    "工作机制不够健全",
    "统筹协调不够有力",
    "数字化手段运用不足",
    "考核督促力度不够",
)
_MEASURE = (
    "加强业务培训",
    "健全信息发布审核机制",
    "丰富解读形式",
    "优化栏目设置",
    "强化考核督促",
    "拓展公开渠道",
    "规范依申请公开办理流程",
    "加大重点领域公开力度",
)
_T3_ROWS = (
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_in", "二、上年结转政府信息公开申请数量"),
    ("disclosed", "（一）予以公开"),
    ("partial", "（二）部分公开"),
    ("withheld.third_party", "（三）不予公开 4.保护第三方合法权益"),
    ("unavailable.not_held", "（四）无法提供 1.本机关不掌握相关政府信息"),
    ("not_processed.duplicate", "（五）不予处理 2.重复申请"),
    ("other.other", "（六）其他处理 3.其他"),
    ("total", "（七）总计"),
    ("carried_out", "四、结转下年度继续办理"),
)
FORMATS = ("txt", "md", "html", "docx")


@dataclass
class Plan:
    """What the generator wrote and injected, for the tests to check the corpus rules against."""

    files: list[Path] = field(default_factory=list)
    meta: dict[str, tuple[str, int]] = field(default_factory=dict)
    """file name -> (agency as printed, year)"""
    carry_breaks: set[str] = field(default_factory=set)
    """file names whose 上年结转 differs from last year's 结转下年度 (X101)"""
    repeated_problems: set[str] = field(default_factory=set)
    repeated_sections: set[str] = field(default_factory=set)
    copied_sections: set[str] = field(default_factory=set)
    """file names whose section 一 was copied from another agency of the same year (both sides)"""


def _sentence(rng: random.Random, self_ref: str) -> str:
    return (
        f"{rng.choice(_OPEN)}，{self_ref}{rng.choice(_VERB)}{rng.choice(_OBJ)}，{rng.choice(_DETAIL)}，"
        f"全年通过{rng.choice(_WHERE)}发布相关信息{rng.randint(3, 400)}条，"
        f"{rng.choice(_VERB)}{rng.choice(_OBJ)}，{rng.choice(_DETAIL)}。"
    )


def _paragraphs(rng: random.Random, self_ref: str, n: int) -> list[str]:
    return [
        f"（{'一二三四五六'[i]}）" + "".join(_sentence(rng, self_ref) for _ in range(2)) for i in range(n)
    ]


def _problems(rng: random.Random) -> list[str]:
    items = []
    for _ in range(3):
        items.append(
            f"{rng.choice(_PROBLEM_SUBJ)}{rng.choice(_PROBLEM_ISSUE)}，主要原因是{rng.choice(_PROBLEM_CAUSE)}"
        )
    return items


def _t3(rng: random.Random, carried_in: int) -> dict[str, dict[str, int]]:
    t: dict[str, dict[str, int]] = {}
    cols = T3_COLUMNS[:-1]
    new = {
        c: (rng.randint(0, 12) if c in ("natural_person", "business") else rng.randint(0, 1)) for c in cols
    }
    t["new"] = new
    t["carried_in"] = {c: (carried_in if c == "natural_person" else 0) for c in cols}
    rows = (
        "disclosed",
        "partial",
        "withheld.third_party",
        "unavailable.not_held",
        "not_processed.duplicate",
        "other.other",
    )
    for r in rows:
        t[r] = dict.fromkeys(cols, 0)
    t["carried_out"] = dict.fromkeys(cols, 0)
    for c in cols:
        avail = new[c] + t["carried_in"][c]
        out = rng.randint(0, min(2, avail)) if c == "natural_person" else 0
        t["carried_out"][c] = out
        left = avail - out
        while left:
            r = rng.choice(rows[:4]) if rng.random() < 0.85 else rng.choice(rows)
            t[r][c] += 1
            left -= 1
    t["total"] = {c: sum(t[r][c] for r in rows) for c in cols}
    for r in t:
        t[r]["total"] = sum(t[r][c] for c in cols)
    return t


def _t3_lines(t: dict[str, dict[str, int]]) -> list[list[str]]:
    head = ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    return [head] + [[label] + [str(t[key][c]) for c in T3_COLUMNS] for key, label in _T3_ROWS]


def _render(fmt: str, title: str, blocks: list[tuple[str, object]], path: Path) -> None:
    """Write `blocks` (``("h", text)``, ``("p", text)``, ``("table", rows)``) in `fmt`."""
    if fmt == "docx":
        import docx

        d = docx.Document()
        d.add_heading(title, level=1)
        for kind, val in blocks:
            if kind == "table":
                rows = val
                table = d.add_table(rows=len(rows), cols=len(rows[0]))
                for row, doc_row in zip(rows, table.rows, strict=True):
                    for cell, doc_cell in zip(row, doc_row.cells, strict=True):
                        doc_cell.text = cell
            elif kind == "h":
                d.add_heading(str(val), level=2)
            else:
                d.add_paragraph(str(val))
        d.save(str(path))
        return
    out: list[str] = []
    if fmt == "html":
        out.append(f"<html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>")
        out.append(f"<h1>{html.escape(title)}</h1>")
    elif fmt == "md":
        out.append(f"# {title}\n")
    else:
        out.append(title + "\n")
    for kind, val in blocks:
        if kind == "table":
            rows = val
            if fmt == "html":
                out.append(
                    "<table>"
                    + "".join(
                        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows
                    )
                    + "</table>"
                )
            elif fmt == "md":
                out.append("| " + " | ".join(rows[0]) + " |\n|" + "---|" * len(rows[0]))
                out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
                out.append("")
            else:
                out += ["\t".join(r) for r in rows]
        elif kind == "h":
            out.append(
                f"<h2>{html.escape(str(val))}</h2>"
                if fmt == "html"
                else (f"## {val}" if fmt == "md" else str(val))
            )
        else:
            out.append(
                f"<p>{html.escape(str(val))}</p>"
                if fmt == "html"
                else str(val) + ("\n" if fmt == "md" else "")
            )
    if fmt == "html":
        out.append("</body></html>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def generate_corpus(
    out_dir: str | Path,
    *,
    n_agencies: int = 8,
    years: tuple[int, ...] = (2022, 2023, 2024),
    formats: tuple[str, ...] = ("txt",),
    seed: int = 7,
    carry_break_rate: float = 0.2,
    repeat_problem_rate: float = 0.2,
    repeat_section_rate: float = 0.2,
    copy_rate: float = 0.15,
    limit: int | None = None,
) -> Plan:
    """Write one report per agency and year under `out_dir` and return the `Plan` of what was injected."""
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    plan = Plan()
    agencies = []
    for i in range(n_agencies):
        place = (
            PLACES[i % len(PLACES)]
            if i < len(PLACES)
            else f"{PLACES[i % len(PLACES)][:-1]}{i // len(PLACES)}县"
        )
        dept = DEPARTMENTS[(i * 7) % len(DEPARTMENTS)]
        agencies.append(place + ("" if dept == "人民政府" else "") + dept)
    state: dict[str, dict[str, object]] = {}
    count = 0
    for year in years:
        year_overviews: dict[str, list[str]] = {}
        year_names: list[str] = []
        for ai, agency in enumerate(agencies):
            if limit is not None and count >= limit:
                return plan
            arng = random.Random(f"{seed}-{ai}-{year}")
            self_ref = next((v for k, v in _SELF.items() if agency.endswith(k)), "我单位")
            prev = state.get(agency)
            fmt = formats[(ai + year) % len(formats)]
            name = f"{ai:04d}_{year}.{fmt}"
            printed = agency
            if prev is not None and arng.random() < 0.3:
                printed = (
                    "临江省" + agency
                )  # same body, province prefix this year (agency keys must merge it)
            carried_in = int(prev["carried_out"]) if prev else arng.randint(0, 2)
            if prev is not None and arng.random() < carry_break_rate:
                carried_in += arng.randint(1, 3)
                plan.carry_breaks.add(name)
            t3 = _t3(arng, carried_in)
            overview = _paragraphs(arng, self_ref, 3)
            if prev is not None and arng.random() < repeat_section_rate:
                overview = list(prev["overview"])  # type: ignore[arg-type]
                plan.repeated_sections.add(name)
            elif year_overviews and arng.random() < copy_rate:
                donor_name = year_names[arng.randrange(len(year_names))]
                donor = year_overviews[donor_name]
                overview = [p.replace(_self_of(donor_name, agencies), self_ref) for p in donor]
                plan.copied_sections |= {name, donor_name}
            problems = _problems(arng)
            if prev is not None and arng.random() < repeat_problem_rate:
                problems = list(prev["problems"])  # type: ignore[arg-type]
                plan.repeated_problems.add(name)
            blocks: list[tuple[str, object]] = [
                (
                    "p",
                    f"本报告根据《中华人民共和国政府信息公开条例》编制，统计期限为{year}年1月1日至12月31日。",
                ),
                ("h", "一、总体情况"),
                *[("p", p) for p in overview],
                ("h", "二、主动公开政府信息情况"),
                ("p", _sentence(arng, self_ref)),
                (
                    "table",
                    [
                        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                        ["规章", "0", "0", "0"],
                        ["行政规范性文件", str(arng.randint(0, 5)), "0", str(arng.randint(5, 30))],
                    ],
                ),
                ("h", "三、收到和处理政府信息公开申请情况"),
                (
                    "p",
                    f"{year}年，{self_ref}共收到政府信息公开申请{t3['new']['total']}件，均在法定期限内答复。",
                ),
                ("table", _t3_lines(t3)),
                ("h", "四、政府信息公开行政复议、行政诉讼情况"),
                (
                    "table",
                    [
                        ["行政复议结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
                        ["0", "0", "0", "0", "0"],
                    ],
                ),
                ("h", "五、存在的主要问题及改进情况"),
                (
                    "p",
                    "（一）存在的主要问题。"
                    + "；".join(f"{'一二三'[i]}是{p}" for i, p in enumerate(problems))
                    + "。",
                ),
                (
                    "p",
                    "（二）改进情况。下一步，" + self_ref + "将" + "，".join(arng.sample(_MEASURE, 3)) + "。",
                ),
                ("h", "六、其他需要报告的事项"),
                ("p", f"本年度{self_ref}未收取信息处理费。"),
                ("p", printed),
                ("p", f"{year + 1}年1月{arng.randint(10, 28)}日"),
            ]
            path = root / name
            _render(fmt, f"{printed}{year}年政府信息公开工作年度报告", blocks, path)
            plan.files.append(path)
            plan.meta[name] = (printed, year)
            state[agency] = {
                "carried_out": t3["carried_out"]["natural_person"],
                "overview": overview,
                "problems": problems,
            }
            year_overviews[name] = overview
            year_names.append(name)
            count += 1
    return plan


def _self_of(file_name: str, agencies: list[str]) -> str:
    agency = agencies[int(file_name.split("_", 1)[0])]
    return next((v for k, v in _SELF.items() if agency.endswith(k)), "我单位")
