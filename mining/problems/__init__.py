"""Section 五: problems vs. improvement measures, their categories, links and quality flags.

`analyze_problems` cuts the section into pieces (`split.split_section`), decides for each whether it
is a problem, an improvement measure or neither from the structure first — sub-headings
(（一）存在的问题 / （二）改进措施), intro sentences (「…存在以下问题：」), turns (下一步/今后/针对…) —
and from wording when the structure says nothing (defect cues such as 不够/有待/滞后, the kind
classifier). Problems are labelled by the category classifier (`classifier.ProblemModel`); measures
are linked to the problems they address (`link.link_measures`).

Without a model (``model=None``) the same structure is used and categories come from the cue words
of taxonomy.md, so the library works before `load_model` has been called; `load_resources` always
passes the trained model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Improvement, Problem, Section
from ..normalize import compact
from .classifier import CATEGORIES, ModelError, ProblemModel, labels_from_scores, load_model
from .link import link_measures
from .split import _TURN, Piece, split_section

__all__ = [
    "CATEGORIES",
    "ModelError",
    "ProblemAnalysis",
    "ProblemModel",
    "analyze_problems",
    "cue_scores",
    "is_generic",
    "load_model",
]


@dataclass(frozen=True)
class ProblemAnalysis:
    """The items of section 五 and the section's quality flags."""

    problems: tuple[Problem, ...] = ()
    improvements: tuple[Improvement, ...] = ()
    flags: tuple[str, ...] = ()


DEFECT = re.compile(
    r"不够|不足|有待|亟待|亟需|仍需|还需|尚需|需进一步|需要进一步|需要(?:加强|丰富|提升|提高|改进|完善|拓展|深化)"
    r"|滞后|欠缺|缺乏|缺少|较少|偏少|不多|单一|不高|不强|不到位|不完善|不全面|不规范|不具体|不及时|不深|不严|不准"
    r"|不一致|不畅|不便|不佳|不明显|不均衡|不平衡|薄弱|差距|短板|瑕疵|未能|尚未|较差|较低|偏低|偏窄|较窄|参差不齐"
    r"|流于形式|淡薄|模糊|风险|压力|问题"
)
_MEASURE_START = re.compile(
    r"^(?:进一步|加强|完善|推进|推动|提升|提高|强化|持续|严格|加大|拓展|拓宽|丰富|健全|建立|落实|做好|优化|深化"
    r"|规范|着力|坚持|积极|切实|不断|认真|创新|探索|扩大|抓好|注重|聚焦|围绕|用好|发挥|配齐|组织|开展|定期|建设|打造"
    r"|畅通|做到|明确|压实|狠抓|全面|大力|继续|将|要|为)"
)
_PROBLEM_HEADING = re.compile(r"问题|不足|短板|差距")
_MEASURE_HEADING = re.compile(r"改进|措施|打算|计划|方向|整改|下一步|努力")

# Cue words per category (taxonomy.md, domain.md §8): the fallback scorer without a model.
CUES: dict[str, tuple[str, ...]] = {
    "awareness": ("意识", "重视", "认识", "理念", "观念", "思想"),
    "staff_capacity": ("兼职", "人员", "队伍", "培训", "业务能力", "专业", "人才", "素质"),
    "timeliness": ("及时", "滞后", "更新", "时效", "时限内"),
    "content_depth": ("全面", "深度", "广度", "丰富", "重点领域", "发布量", "内容单一", "数量"),
    "interpretation_response": ("解读", "回应", "热点", "舆情", "图解", "关切"),
    "application_handling": ("依申请", "答复", "申请", "时限", "会商", "复议", "诉讼"),
    "platform": ("网站", "专栏", "栏目", "检索", "集约化", "系统整合", "链接", "平台"),
    "channels_newmedia": ("形式", "渠道", "途径", "新媒体", "公众号", "短视频", "微博", "微信", "专区"),
    "mechanisms": ("机制", "制度", "程序", "考核", "审查", "监督", "保密", "属性", "流程"),
    "info_management": ("规范", "准确", "错别字", "有效性", "个人信息", "隐私"),
    "participation": ("公众参与", "征求意见", "决策", "互动", "建议提案", "意见征集"),
    "standardization_digital": ("标准化", "两化", "目录", "数字化", "智能", "数智", "信息化"),
    "innovation": ("创新", "亮点", "多样化", "多元化", "特色", "个性化"),
}

# Stock wording that names no object: what is left after removing it tells a generic item.
_STOCK = re.compile(
    r"政府信息公开|政务信息公开|政务公开|信息公开|公开|工作|我(?:局|委|办|县|市|区|镇|厅|中心|单位|们)|本(?:单位|机关|部门|级)"
    r"|还|仍然|依然|仍|也|存在|一些|一定|许多|不少|诸多|问题|不足|之处|差距|短板|方面|有待|进一步|加强|提高|提升|改进"
    r"|完善|空间|要求|相比|对照|群众|人民|期待|期望|期盼|新形势|新要求|新任务|需要|需|水平|成效|成绩|取得|虽然|虽|但是|但"
    r"|以下|主要|表现|几个|较大|较多|有所|还有|有|在|与|和|及|的|了|是|等|上|中|个|些|距离|继续|努力|今后|将|不断"
    r"|[一二三四五六七八九十]|[\d年度]|\W"
)


def is_generic(text: str) -> bool:
    """Return True when `text` holds only stock phrases (「仍存在一些不足」) and names no object."""
    rest = _STOCK.sub("", compact(text))
    return len(rest) < 4 and not any(c in text for cues in CUES.values() for c in cues)


def cue_scores(text: str) -> dict[str, float]:
    """Return pseudo-scores from the taxonomy cue words (used only when no model is given)."""
    hits = {c: sum(text.count(w) for w in words) for c, words in CUES.items()}
    total = sum(hits.values())
    return {c: round(h / total, 4) if total else 0.0 for c, h in hits.items()}


def _heuristic_kind(text: str) -> dict[str, float]:
    if DEFECT.search(text) and not _MEASURE_START.match(text):
        return {"problem": 0.8, "measure": 0.1, "other": 0.1}
    if _MEASURE_START.match(text) or _TURN.match(text):
        return {"problem": 0.1, "measure": 0.8, "other": 0.1}
    return {"problem": 0.2, "measure": 0.2, "other": 0.6}


def _heading_mode(text: str) -> str | None:
    has_problem, has_measure = bool(_PROBLEM_HEADING.search(text)), bool(_MEASURE_HEADING.search(text))
    if has_measure and (_TURN.match(text) or not has_problem or re.search(r"针对|为此|下一步|今后", text)):
        return "measure"
    if has_problem and not has_measure:
        return "problem"
    return None


def _decide_kinds(pieces: tuple[Piece, ...], kinds: list[dict[str, float]]) -> list[str]:
    """Return problem|measure|other for each piece, reading the section top to bottom."""
    mode: str | None = None
    run_kind: dict[int, str] = {}
    out: list[str] = []
    for piece, kp in zip(pieces, kinds, strict=True):
        text = piece.text
        if piece.role in ("heading", "intro"):
            new_mode = _heading_mode(text)
            if piece.role == "intro" and new_mode is None and DEFECT.search(text):
                new_mode = "problem"
            if piece.role == "intro" and _TURN.match(text):
                new_mode = "measure"
            mode = new_mode if new_mode or piece.role == "heading" else mode
            out.append("other")
            continue
        if piece.run >= 0 and piece.run in run_kind and not _TURN.match(text):
            out.append(run_kind[piece.run])
            continue
        defect = bool(DEFECT.search(text))
        best = max(kp, key=kp.get)
        if _TURN.match(text):
            kind = "measure"
        elif mode == "problem":
            if not defect and best == "measure" and kp["measure"] > 0.5:
                kind = "measure"
            elif piece.role == "sentence" and best == "other" and kp["other"] > 0.6:
                kind = "other"
            else:
                kind = "problem"
        elif mode == "measure":
            kind = "measure"
        elif best == "problem" and defect:
            kind = "problem"
        elif best == "measure" and (_MEASURE_START.match(text) or kp["measure"] > 0.6):
            kind = "measure"
        else:
            kind = "other"
        if kind in ("problem", "measure"):
            mode = kind
        if piece.run >= 0:
            run_kind[piece.run] = kind
        out.append(kind)
    return out


def analyze_problems(
    text: str, section: Section | None, *, model: ProblemModel | None = None
) -> ProblemAnalysis:
    """Return the problems, improvements and quality flags of section 五 (``section`` may be None)."""
    if section is None:
        return ProblemAnalysis()
    body = text[section.start : section.end]
    flat = compact(body).strip("。.")
    if len(flat) < 30 or re.fullmatch(r"(?:暂?无|没有|无相关情况|不涉及)[。.]?", flat):
        return ProblemAnalysis(flags=("empty",))
    pieces = split_section(text, section.start, section.end)
    texts = [p.text for p in pieces]
    kind_scores = model.kinds(texts) if model is not None else [_heuristic_kind(t) for t in texts]
    kinds = _decide_kinds(pieces, kind_scores)
    prob_pieces = [p for p, k in zip(pieces, kinds, strict=True) if k == "problem"]
    meas_pieces = [p for p, k in zip(pieces, kinds, strict=True) if k == "measure"]
    scored = [p.text for p in prob_pieces + meas_pieces]
    scores = model.score(scored) if model is not None else [cue_scores(t) for t in scored]
    threshold = model.threshold if model is not None else 0.5
    p_scores = scores[: len(prob_pieces)]
    problems = tuple(
        Problem(p.start, p.end, p.text, labels_from_scores(s, threshold) if any(s.values()) else (), s)
        for p, s in zip(prob_pieces, p_scores, strict=True)
    )
    # Scores of each clause too: 「A有待提升，主要原因是B不够」 is answered by a measure about A or B.
    clauses = [
        [c for c in re.split(r"[，,；;。！？]", x.text) if len(c) >= 4] for x in prob_pieces + meas_pieces
    ]
    flat_clauses = [c for cs in clauses for c in cs]
    c_scores = model.score(flat_clauses) if model is not None else [cue_scores(c) for c in flat_clauses]
    per_piece, pos = [], 0
    for whole, cs in zip(scores, clauses, strict=True):
        per_piece.append([whole, *c_scores[pos : pos + len(cs)]])
        pos += len(cs)
    links = link_measures(
        prob_pieces, per_piece[: len(prob_pieces)], meas_pieces, per_piece[len(prob_pieces) :]
    )
    improvements = tuple(
        Improvement(m.start, m.end, m.text, addr) for m, addr in zip(meas_pieces, links, strict=True)
    )
    flags: list[str] = []
    specific = [not is_generic(p.text) for p in prob_pieces + meas_pieces]
    if (problems and not any(specific[: len(problems)])) or not any(specific):
        flags.append("generic")
    addressed = {i for addr in links for i in addr}
    if problems and (not improvements or not addressed):
        flags.append("no_measures")
    return ProblemAnalysis(problems, improvements, tuple(flags))
