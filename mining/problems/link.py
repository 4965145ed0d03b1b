"""Link each improvement measure of section 五 to the problem(s) it addresses.

Two signals, both cheap: the cosine of the category score vectors (a measure about 培训 scores
``staff_capacity`` like the problem about 队伍) and the overlap of content character bigrams once
stock wording is removed. When the measures are an enumeration as long as the problems' and taking
them in order is nearly as good as the best one-to-one matching, the lists are parallel and linked
by order (reports often write 一是…二是… twice, in the same order); otherwise each measure links to
the problems similar enough to it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from .split import Piece

_STOCK = re.compile(
    r"政府信息公开|政务公开|信息公开|工作|进一步|加强|提高|提升|有待|不够|还需|仍需|需要|存在|问题|不足|我局|我委|将|推进"
    r"|[^\u4e00-\u9fff]"
)
PARALLEL_RATIO = 0.8
MIN_SIMILARITY = 0.25


def _bigrams(text: str) -> set[str]:
    rest = _STOCK.sub(" ", text)
    return {rest[i : i + 2] for i in range(len(rest) - 1) if " " not in rest[i : i + 2]}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    keys = set(a) | set(b)
    dot = sum(a.get(k, 0.0) * b.get(k, 0.0) for k in keys)
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def similarity(
    problem: Piece,
    p_scores: Sequence[dict[str, float]],
    measure: Piece,
    m_scores: Sequence[dict[str, float]],
) -> float:
    """Return how well a measure matches a problem, in [0, 1].

    ``p_scores``/``m_scores`` are the category scores of the whole item and of each of its clauses:
    a measure such as 「严格落实三审制度，及时公开意见采纳情况」 answers two problems, one per clause,
    and a problem 「…有待提升，主要原因是考核不够」 is answered by a measure about its cause.
    """
    pa, ma = _bigrams(problem.text), _bigrams(measure.text)
    overlap = len(pa & ma) / min(len(pa), len(ma)) if pa and ma else 0.0
    best = max((_cosine(a, b) for a in p_scores for b in m_scores), default=0.0)
    return 0.7 * best + 0.3 * overlap


def _best_matching(sim: list[list[float]]) -> float:
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment([[-v for v in row] for row in sim])
    return sum(sim[r][c] for r, c in zip(rows, cols, strict=True))


def link_measures(
    problems: Sequence[Piece],
    p_scores: Sequence[Sequence[dict[str, float]]],
    measures: Sequence[Piece],
    m_scores: Sequence[Sequence[dict[str, float]]],
) -> list[tuple[int, ...]]:
    """Return, for each measure, the indexes of the problems it addresses (possibly empty).

    ``p_scores[j]``/``m_scores[i]`` hold the category scores of an item and of its clauses.
    """
    links: list[tuple[int, ...]] = [() for _ in measures]
    if not problems or not measures:
        return links
    sim = [
        [similarity(p, ps, m, ms) for p, ps in zip(problems, p_scores, strict=True)]
        for m, ms in zip(measures, m_scores, strict=True)
    ]
    done: set[int] = set()
    p_runs = _runs(problems)
    for m_idx in _runs(measures).values():
        if len(m_idx) < 2:
            continue
        p_idx = next((idx for idx in p_runs.values() if len(idx) == len(m_idx)), None)
        if p_idx is None:
            continue
        block = [[sim[m][p] for p in p_idx] for m in m_idx]
        diagonal = sum(block[i][i] for i in range(len(m_idx)))
        if diagonal >= PARALLEL_RATIO * _best_matching(block):
            for m, p in zip(m_idx, p_idx, strict=True):
                links[m] = (p,)
                done.add(m)
    for m, row in enumerate(sim):
        if m in done:
            continue
        top = max(row)
        if top >= MIN_SIMILARITY:
            links[m] = tuple(p for p, v in enumerate(row) if v >= max(MIN_SIMILARITY, 0.75 * top))
    return links


def _runs(pieces: Sequence[Piece]) -> dict[int, list[int]]:
    runs: dict[int, list[int]] = {}
    for i, p in enumerate(pieces):
        if p.run >= 0:
            runs.setdefault(p.run, []).append(i)
    return runs
