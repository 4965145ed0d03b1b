"""The narrative of a report: sentences that state numbers consistent with the tables (claims).

Every number written into the text is recorded as a claim ({text, value, unit, field, ...}) where
``text`` is the exact phrase as printed, so a claim extractor can be scored against it. Claims about a
table quantity carry its canonical key in ``field``; wholes and parts, rates and their operands carry
``group`` and ``role`` so that the narrative-arithmetic rules (A101, A102) can be checked.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import lexicon, phrases
from .doc import Block

_CN = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Return `n` (0–99) in Chinese numerals as a narrative writes it (两 for a lone 2)."""
    if n == 2:
        return "两"
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("十" if tens == 1 else _CN[tens] + "十") + (_CN[ones] if ones else "")


@dataclass
class Plan:
    """What the narrative must do differently from a clean report (set by injected defects)."""

    avoid: set[str] = field(default_factory=set)
    """Table keys (and key prefixes) the narrative must not state: a defect changed them."""
    n101: str | None = None
    n102: str | None = None
    n103: bool = False
    a101: bool = False
    a102: bool = False
    stale_year: int | None = None
    foreign_business: str | None = None
    wrong_self: str | None = None
    no_fee_statement: bool = False
    empty_five: bool = False
    notes: dict[str, object] = field(default_factory=dict)
    """What the defects actually did (filled while writing), for the truth file."""


class Writer:
    """Collects claims while sentences are written."""

    def __init__(self, rng: random.Random, section: str) -> None:
        self.rng = rng
        self.section = section
        self.claims: list[dict] = []

    def num(
        self,
        label: str,
        value: int | float,
        unit: str,
        field_key: str | None = None,
        *,
        after: str = "",
        cn_ok: bool = True,
        digits: int | None = None,
        **extra: object,
    ) -> str:
        """Return ``label + number + unit + after`` and record it as a claim."""
        shown = f"{value:.{digits}f}" if digits is not None else str(value)
        if cn_ok and isinstance(value, int) and 0 < value <= 10 and self.rng.random() < 0.15:
            shown = cn_number(value)
        text = f"{label}{shown}{unit}{after}"
        claim = {"text": text, "value": value, "unit": unit, "field": field_key, "section": self.section}
        claim.update(extra)
        self.claims.append(claim)
        return text

    def none(self, text: str, *fields: str) -> str:
        """Return a negative statement (meaning zero) and record one claim per field it covers."""
        for f in fields:
            self.claims.append(
                {
                    "text": text,
                    "value": 0,
                    "unit": "件",
                    "field": f,
                    "section": self.section,
                    "negative": True,
                }
            )
        return text


def _ok(plan: Plan, key: str) -> bool:
    return not any(key == a or key.startswith(a + ".") or a.startswith(key + ".") for a in plan.avoid)


def _pct(a: int, b: int, digits: int) -> float:
    return round(100 * a / b, digits)


def _shift_pct(rng: random.Random, pct: float, digits: int) -> float:
    d = rng.choice((-1, 1)) * rng.choice((3, 4, 5, 7, 9))
    out = pct + d if 0 <= pct + d <= 100 else pct - d
    return round(out, digits)


def write_overview(
    rng: random.Random,
    *,
    year: int,
    we: str,
    body_kind: str,
    business: tuple[str, ...],
    template: str,
    t: Mapping[str, int | float],
    plan: Plan,
    sub_style: str,
) -> tuple[list[Block], list[dict]]:
    """Return the blocks of 一、总体情况 (after its heading) and the claims stated in them."""
    w = Writer(rng, "overview")
    blocks: list[Block] = []
    shown_year = plan.stale_year or year
    biz = "、".join(rng.sample(business, 2))
    intro = (
        f"{shown_year}年，"
        + rng.choice(phrases.OPENINGS).format(we=we)
        + "，"
        + rng.choice(phrases.FOCUS).format(biz=biz)
        + "，"
        + rng.choice(phrases.CLOSERS)
    )
    if plan.foreign_business:
        intro += f"同时，{we}扎实推进{plan.foreign_business}工作，相关政策和办理结果均及时向社会公开。"
        plan.notes["foreign_business"] = plan.foreign_business
    blocks.append(Block("p", intro))

    heads = [rng.choice(h) for h in phrases.OVERVIEW_HEADS]
    paras: list[str] = []

    # (一) 主动公开: a whole with its parts (A101), and table 二 quantities.
    kinds = rng.sample(lexicon.CONTENT_KINDS, rng.randint(2, 4))
    parts = [rng.randint(3, 120) for _ in kinds]
    whole = sum(parts)
    if plan.a101:
        wrong = whole + rng.choice((-1, 1)) * rng.randint(3, 15)
        plan.notes["a101"] = {"stated": wrong, "sum_of_parts": whole}
        whole = wrong
    platform = rng.choice(lexicon.PLATFORMS)
    s = (
        f"{we}通过{platform}等渠道"
        + w.num("主动公开政府信息", whole, "条", group="proactive_items", role="whole", cn_ok=False)
        + "，其中"
        + "、".join(
            w.num(k, v, "条", group="proactive_items", role="part", cn_ok=False)
            for k, v in zip(kinds, parts, strict=True)
        )
        + "。"
    )
    t2_bits: list[str] = []
    if template == "2019":
        if _ok(plan, "t2.normative.made") and rng.random() < 0.7:
            t2_bits.append(w.num("新制作规范性文件", int(t["t2.normative.made"]), "件", "t2.normative.made"))
        if _ok(plan, "t2.licensing.decisions") and rng.random() < 0.6:
            t2_bits.append(
                w.num("办理行政许可", int(t["t2.licensing.decisions"]), "件", "t2.licensing.decisions")
            )
    else:
        if _ok(plan, "t2.normative.issued") and rng.random() < 0.7:
            n = int(t["t2.normative.issued"])
            if n:
                t2_bits.append(w.num("制发行政规范性文件", n, "件", "t2.normative.issued"))
            else:
                t2_bits.append(w.none("未制发行政规范性文件", "t2.normative.issued"))
        if _ok(plan, "t2.licensing.decisions") and rng.random() < 0.6:
            t2_bits.append(
                w.num("作出行政许可决定", int(t["t2.licensing.decisions"]), "件", "t2.licensing.decisions")
            )
        if _ok(plan, "t2.penalty.decisions") and rng.random() < 0.5:
            t2_bits.append(
                w.num("作出行政处罚决定", int(t["t2.penalty.decisions"]), "件", "t2.penalty.decisions")
            )
    if t2_bits:
        s += "全年" + "，".join(t2_bits) + "，相关信息均按规定予以公开。"
    paras.append(s)

    # (二) 依申请公开: table 三 quantities, or the negative statement.
    new, cin = int(t["t3.new.total"]), int(t["t3.carried_in.total"])
    done, cout = int(t["t3.total.total"]), int(t["t3.carried_out.total"])
    if plan.n102 == "t3.new.total":
        s = w.none(f"本年度{we}未收到政府信息公开申请", "t3.new.total") + "。"
        plan.notes["n102"] = {"stated": 0, "table": new}
    elif new == 0 and cin == 0:
        s = w.none(f"本年度{we}未收到政府信息公开申请", "t3.new.total") + "，无上年结转申请。"
    else:
        bits = []
        if _ok(plan, "t3.new.total"):
            stated = new
            if plan.n101 == "t3.new.total":
                stated = (
                    new + rng.choice((1, 2, 3, 5))
                    if new < 3 or rng.random() < 0.5
                    else new - rng.randint(1, min(5, new))
                )
                plan.notes["n101"] = {"field": "t3.new.total", "stated": stated, "table": new}
            bits.append(
                ("全年共" if rng.random() < 0.5 else "本年度")
                + w.num("收到政府信息公开申请", stated, "件", "t3.new.total")
            )
        if cin and _ok(plan, "t3.carried_in.total"):
            bits.append(w.num("上年结转", cin, "件", "t3.carried_in.total"))
        if _ok(plan, "t3.total.total"):
            bits.append(w.num("办结", done, "件", "t3.total.total"))
        if cout and _ok(plan, "t3.carried_out.total"):
            bits.append(w.num("结转下年度继续办理", cout, "件", "t3.carried_out.total"))
        s = "，".join(bits) + "。" if bits else ""
        results = []
        for key, label in (
            ("t3.disclosed.total", "予以公开"),
            ("t3.partial.total", "部分公开"),
            ("t3.withheld.total", "不予公开"),
            ("t3.unavailable.total", "无法提供"),
            ("t3.not_processed.total", "不予处理"),
        ):
            value = _group_total(t, key)
            if value and _ok(plan, key) and rng.random() < 0.8:
                results.append(w.num(label, value, "件", key))
        if results:
            s += "在办结的申请中，" + "，".join(results) + "。"
    paras.append(s + rng.choice(("", "所有申请均在法定期限内答复。", "答复内容和程序符合条例规定。")))

    # (三) 政府信息管理: no numbers.
    paras.append("".join(rng.sample(phrases.MANAGEMENT, 2)))

    # (四) 平台建设: a rate stated with its operands (A102).
    s = "".join(rng.sample(phrases.PLATFORM_WORK, 2))
    if rng.random() < 0.8 or plan.a102:
        asked = rng.randint(40, 2500)
        answered = asked - rng.randint(0, max(1, asked // 50))
        digits = rng.choice((1, 2))
        rate = _pct(answered, asked, digits)
        if plan.a102:
            true_rate = rate
            rate = (
                _shift_pct(rng, rate, digits)
                if answered < asked
                else round(rate - rng.choice((2, 3, 4)), digits)
            )
            plan.notes["a102"] = {"stated": rate, "ratio": true_rate}
        s += (
            "全年通过网站互动栏目"
            + w.num("受理网民留言咨询", asked, "条", group="consultation", role="base", cn_ok=False)
            + "，"
            + w.num("按时回复", answered, "条", group="consultation", role="part", cn_ok=False)
            + "，"
            + w.num("按时回复率", rate, "%", group="consultation", role="rate", cn_ok=False, digits=digits)
            + "。"
        )
    paras.append(s)

    # (五) 监督保障.
    s = "".join(rng.sample(phrases.SUPERVISION, 2))
    if rng.random() < 0.6:
        sessions = rng.randint(1, 8)
        s += (
            "全年"
            + w.num("组织政务公开专题培训", sessions, "次", cn_ok=False)
            + "，"
            + w.num("参训", sessions * rng.randint(12, 60), "人次", cn_ok=False)
            + "。"
        )
    if body_kind == "government":
        s += rng.choice(phrases.GOVERNMENT_ACCOUNTABILITY)
    paras.append(s)

    numerals = "一二三四五"
    for n, (head, para) in enumerate(zip(heads, paras, strict=True)):
        if sub_style == "heading":
            blocks.append(Block("h2", f"（{numerals[n]}）{head}"))
            blocks.append(Block("p", para))
        elif sub_style == "inline":
            blocks.append(Block("p", f"（{numerals[n]}）{head}。{para}"))
        else:
            blocks.append(Block("p", para))
    if plan.wrong_self:
        _replace_second(blocks, we, plan.wrong_self, plan)
    return blocks, w.claims


def _replace_second(blocks: list[Block], we: str, wrong: str, plan: Plan) -> None:
    """Replace one self-reference after the first by the wrong one (C102): exactly one change."""
    seen = 0
    for b in blocks:
        if b.kind != "p":
            continue
        idx = b.text.find(we)
        while idx >= 0:
            seen += 1
            if seen == 2:
                b.text = b.text[:idx] + wrong + b.text[idx + len(we) :]
                plan.notes["c102"] = {"expected": we, "actual": wrong}
                return
            idx = b.text.find(we, idx + len(we))


def _group_total(t: Mapping[str, int | float], key: str) -> int:
    if key in t:
        return int(t[key])
    prefix = key[: -len(".total")] + "."
    return int(sum(v for k, v in t.items() if k.startswith(prefix) and k.endswith(".total")))


def write_requests_note(
    rng: random.Random, t: Mapping[str, int | float], plan: Plan
) -> tuple[list[Block], list[dict]]:
    """Return an optional sentence after table 三: the share granted (N103 target), without operands."""
    w = Writer(rng, "requests")
    done = int(t["t3.total.total"])
    granted = int(t["t3.disclosed.total"] + t["t3.partial.total"])
    if done <= 0 or not _ok(plan, "t3.granted.total") or not (plan.n103 or rng.random() < 0.5):
        return [], []
    digits = rng.choice((1, 2))
    pct = _pct(granted, done, digits)
    if plan.n103:
        wrong = _shift_pct(rng, pct, digits)
        plan.notes["n103"] = {"stated": wrong, "table": pct}
        pct = wrong
    text = (
        "本年度办结的申请中，"
        + w.num(
            "予以公开和部分公开的占",
            pct,
            "%",
            "t3.granted.total",
            cn_ok=False,
            digits=digits,
            base="t3.total.total",
        )
        + "。"
    )
    return [Block("p", text)], w.claims


def write_review_note(
    rng: random.Random, we: str, t: Mapping[str, int | float], plan: Plan
) -> tuple[list[Block], list[dict]]:
    """Return the sentence under table 四 (none stated, or the case counts)."""
    w = Writer(rng, "review_litigation")
    review = int(t["t4.review.total"])
    suit = int(t["t4.suit_direct.total"] + t["t4.suit_after_review.total"])
    if plan.n102 == "t4.review.total":
        plan.notes["n102"] = {"stated": 0, "table": review}
        text = w.none(
            f"本年度{we}未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
            "t4.review.total",
            "t4.suit.total",
        )
        return [Block("p", text + "。")], w.claims
    if not _ok(plan, "t4") or rng.random() < 0.35:
        return [], []
    if review == 0 and suit == 0:
        text = w.none(
            f"本年度{we}未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
            "t4.review.total",
            "t4.suit.total",
        )
        return [Block("p", text + "。")], w.claims
    bits = []
    if _ok(plan, "t4.review"):
        bits.append(
            w.num("被申请行政复议", review, "件", "t4.review.total")
            if review
            else w.none("未被申请行政复议", "t4.review.total")
        )
    if _ok(plan, "t4.suit_direct") and _ok(plan, "t4.suit_after_review"):
        bits.append(
            w.num("被提起行政诉讼", suit, "件", "t4.suit.total")
            if suit
            else w.none("未被提起行政诉讼", "t4.suit.total")
        )
    if not bits:
        return [], []
    return [Block("p", "本年度因政府信息公开工作" + "，".join(bits) + "。")], w.claims


@dataclass
class FiveContent:
    """Section 五 as generated: the problems and the measures, plus how it is laid out."""

    problems: list[dict]
    improvements: list[dict]
    blocks: list[Block]


def pick_problems(rng: random.Random, previous: list[dict] | None, *, repeat_one: bool = False) -> list[dict]:
    """Return 2–5 problems; categories partly recur from last year, phrasings never do (unless X102)."""
    n = rng.randint(2, 5)
    prev = previous or []
    prev_cats = [c for p in prev for c in p.get("labels", [])]
    used = {p.get("template") for p in prev}
    cats: list[str] = []
    for c in prev_cats:
        if len(cats) < n and c not in cats and rng.random() < 0.5:
            cats.append(c)
    while len(cats) < n:
        c = rng.choice(phrases.CATEGORIES)
        if c not in cats:
            cats.append(c)
    out = []
    for c in cats:
        choices = [i for i in range(len(phrases.PROBLEMS[c])) if f"{c}.{i}" not in used]
        i = rng.choice(choices or range(len(phrases.PROBLEMS[c])))
        out.append({"text": phrases.PROBLEMS[c][i], "labels": [c], "template": f"{c}.{i}"})
    if repeat_one and prev:
        copied = dict(rng.choice(prev))
        # The copy takes the place of one problem; categories stay distinct.
        out = [copied] + [p for p in out if p["labels"] != copied["labels"]][: len(out) - 1]
    rng.shuffle(out)
    return out


_ORD = "一二三四五六七八"


def write_five(rng: random.Random, we: str, problems: list[dict], *, style: str, split: bool) -> FiveContent:
    """Return section 五 (after its heading): problems then measures in one of the genre's layouts."""
    improvements = []
    for i, p in enumerate(problems):
        cat = p["labels"][0]
        improvements.append({"text": rng.choice(phrases.MEASURES[cat]), "addresses": [i]})
    rng.shuffle(improvements)
    blocks: list[Block] = []
    ptexts = [p["text"] for p in problems]
    mtexts = [m["text"] for m in improvements]
    lead_p = rng.choice(
        (
            "政府信息公开工作虽然取得了一定成效，但对照新形势新要求，仍存在一些不足：",
            "工作中还存在以下问题：",
            "主要问题有：",
        )
    )
    lead_m = rng.choice(
        (
            f"下一步，{we}将针对上述问题，重点做好以下工作：",
            "针对上述问题，将采取以下措施加以改进：",
            f"{we}将从以下几个方面加以改进：",
        )
    )
    if style == "shi":
        ptext = lead_p + "".join(
            f"{_ORD[i]}是{t}{'。' if i == len(ptexts) - 1 else '；'}" for i, t in enumerate(ptexts)
        )
        mtext = lead_m + "".join(
            f"{_ORD[i]}是{t}{'。' if i == len(mtexts) - 1 else '；'}" for i, t in enumerate(mtexts)
        )
        pblocks, mblocks = [Block("p", ptext)], [Block("p", mtext)]
    elif style == "numbered":
        pblocks = [Block("p", lead_p)] + [Block("p", f"{i + 1}.{t}。") for i, t in enumerate(ptexts)]
        mblocks = [Block("p", lead_m)] + [Block("p", f"{i + 1}.{t}。") for i, t in enumerate(mtexts)]
    elif style == "paren":
        pblocks = [Block("p", f"（{_ORD[i]}）{t}。") for i, t in enumerate(ptexts)]
        mblocks = [Block("p", "改进措施：")] + [Block("p", f"{i + 1}、{t}。") for i, t in enumerate(mtexts)]
    else:  # semicolon list
        pblocks = [Block("p", lead_p + "；".join(ptexts) + "。")]
        mblocks = [Block("p", lead_m + "；".join(mtexts) + "。")]
    if split and style != "paren":
        blocks.append(Block("h2", "（一）存在的主要问题"))
        blocks += pblocks
        blocks.append(Block("h2", rng.choice(("（二）改进情况", "（二）改进措施"))))
        blocks += mblocks
    else:
        blocks += pblocks + mblocks
    return FiveContent(problems, improvements, blocks)


def write_other(
    rng: random.Random, *, year: int, we: str, body_kind: str, fee_statement: bool, plan: Plan
) -> tuple[list[Block], list[dict]]:
    """Return section 六: the 信息处理费 statement, the year's tasks, proposals and innovation."""
    w = Writer(rng, "other")
    paras = []
    if fee_statement and not plan.no_fee_statement:
        if rng.random() < 0.8:
            when = rng.choice(("本年度", "全年", "报告期内"))
            form = rng.choice(
                (
                    "{when}{we}未收取信息处理费",
                    "依据《政府信息公开信息处理费管理办法》，{when}未收取信息处理费",
                    "{when}未发生收取政府信息公开信息处理费的情况",
                    "{when}{we}依申请提供政府信息，均未收取信息处理费",
                )
            )
            text = w.none(form.format(when=when, we=we), "")
            w.claims[-1].update(unit="元", field=None, topic="info_processing_fee")
            paras.append(text + "。")
        else:
            amount = rng.choice((100, 200, 300, 500, 800, 1200))
            paras.append(
                "依据《政府信息公开信息处理费管理办法》，本年度"
                + w.num("共收取信息处理费", amount, "元", cn_ok=False, topic="info_processing_fee")
                + "。"
            )
    items = rng.sample(phrases.TASK_ITEMS, rng.randint(3, 5))
    paras.append(
        rng.choice(phrases.TASK_OPENERS) + "，".join(items) + "，" + rng.choice(phrases.TASK_CLOSERS)
    )
    if body_kind != "township" and rng.random() < 0.7:
        a, b = rng.randint(0, 25), rng.randint(0, 30)
        if a + b:
            whole = w.num(
                rng.choice(("承办建议提案", "共承办建议提案", "办理建议提案")),
                a + b,
                "件",
                group="proposals",
                role="whole",
                cn_ok=False,
            )
            pa = w.num("人大代表建议", a, "件", group="proposals", role="part", cn_ok=False)
            pb = w.num("政协委员提案", b, "件", group="proposals", role="part", cn_ok=False)
            paras.append(rng.choice(phrases.PROPOSAL_FORMS).format(whole=whole, a=pa, b=pb))
    innov = rng.sample(phrases.INNOVATION_ITEMS, rng.randint(2, 3))
    paras.append(
        rng.choice(phrases.INNOVATION_OPENERS)
        + "、".join(innov)
        + "，"
        + rng.choice(phrases.INNOVATION_CLOSERS)
    )
    if rng.random() < 0.3:
        paras.append("无其他需要报告的事项。")
    return [Block("p", p) for p in paras], w.claims
