"""Print claim-extraction throughput next to bare ``jieba.lcut`` over the same narrative text.

Synthetic reports (about 3,000 characters each, built from the labelled sentences of
corpora/claims/ under the six section headings) are processed in one run: first ``jieba.lcut`` over
each report's narrative, then the full `extract_claims` (spaCy Doc on jieba + xxgk components +
field linking). Medians of --repeat interleaved runs, one core. Two corpora: typical density (one
sentence in four states numbers, about 40 claims a report, like real reports) and dense (every
sentence does: the worst case for the field linker).

    python benchmarks/bench_claims.py [--reports 40] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402

from mining.claims import extract_claims, load_pipeline, narrative_lines  # noqa: E402
from mining.normalize import normalize_text  # noqa: E402
from mining.sections import segment_sections  # noqa: E402

# Claim-free narrative written for this benchmark, so that a report holds about as many numbers as
# real ones do (20–60), not one in every sentence.
FILLER = [
    "我局坚持以公开为常态、不公开为例外，持续深化政务公开工作。",
    "严格落实信息发布审核制度，做到先审后发、应公开尽公开。",
    "围绕群众关心关注的热点问题，及时发布权威信息，积极回应社会关切。",
    "进一步完善政府信息公开指南和目录，方便公众查询获取。",
    "加强政府信息公开专栏建设，优化栏目设置，提升检索便利度。",
    "健全依申请公开受理、审查、答复等工作流程，规范答复文书。",
    "强化工作人员业务培训，提高依法公开的意识和能力。",
    "将政务公开工作纳入年度目标考核，压实各科室工作责任。",
    "主动接受社会监督，畅通意见建议反馈渠道。",
    "加强政策解读，采用图文、问答等形式增强解读的通俗性。",
    "做好政府网站和政务新媒体的日常监测，确保信息安全。",
    "下一步，我局将进一步拓展公开渠道，丰富公开形式。",
    "存在的问题主要是公开内容的深度和广度还有待提升。",
    "部分信息更新不够及时，栏目维护的常态化机制仍需完善。",
    "持续推进基层政务公开标准化规范化建设，提升服务水平。",
    "落实保密审查制度，确保涉密信息不上网、上网信息不涉密。",
]

HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def synthetic_reports(n: int, size: int = 3000, dense: bool = False) -> list[str]:
    """Return `n` synthetic reports of about `size` characters from the labelled sentences.

    With `dense` every sentence states numbers (the worst case); otherwise one sentence in four does.
    """
    sentences = []
    for name in ("dev", "test"):
        with open(ROOT / "corpora" / "claims" / f"{name}.jsonl", encoding="utf-8") as fh:
            sentences += [json.loads(line)["text"] for line in fh]
    rng = random.Random(7)
    reports = []
    for i in range(n):
        parts = [f"某某局{2020 + i % 5}年政府信息公开工作年度报告"]
        per = size // len(HEADINGS)
        for h in HEADINGS:
            parts.append(h)
            para, length = [], 0
            while length < per:
                s = rng.choice(sentences) if dense or rng.random() < 0.25 else rng.choice(FILLER)
                para.append(s)
                length += len(s)
            parts.append("".join(para))
        reports.append(normalize_text("\n".join(parts)))
    return reports


def measure(reports: list[str], repeat: int) -> tuple[float, float, int, float]:
    """Return (jieba reports/s, extract_claims reports/s, claims, narrative chars per report)."""
    sections = [segment_sections(r) for r in reports]
    narratives = ["\n".join(r[s:e] for s, e in narrative_lines(r)) for r in reports]
    nlp = load_pipeline()  # loads jieba's dictionary too; both timings below start warm
    jieba.lcut(narratives[0])

    def time_jieba() -> float:
        t = time.perf_counter()
        for text in narratives:
            jieba.lcut(text)
        return time.perf_counter() - t

    def time_claims() -> float:
        t = time.perf_counter()
        for text, secs in zip(reports, sections, strict=True):
            extract_claims(text, secs, nlp=nlp)
        return time.perf_counter() - t

    # interleave the runs so that machine noise hits both alike
    js, cs = [], []
    for _ in range(repeat):
        js.append(time_jieba())
        cs.append(time_claims())
    n_claims = sum(len(extract_claims(t, s, nlp=nlp)) for t, s in zip(reports, sections, strict=True))
    chars = sum(len(t) for t in narratives) / len(reports)
    return len(reports) / statistics.median(js), len(reports) / statistics.median(cs), n_claims, chars


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    for dense in (False, True):
        reports = synthetic_reports(args.reports, dense=dense)
        j, c, n_claims, chars = measure(reports, args.repeat)
        label = (
            "dense (a number in every sentence)" if dense else "typical (a number in one sentence of four)"
        )
        print(
            f"{label}: {len(reports)} reports, {chars:.0f} narrative chars, {n_claims / len(reports):.0f} claims each"
        )
        print(f"  jieba.lcut        {j:8.1f} reports/s")
        print(f"  extract_claims    {c:8.1f} reports/s  ({c / j:.2f} of jieba's throughput)")


if __name__ == "__main__":
    main()
