"""Study outputs of a mined corpus: summary tables (CSV), PNG plots and one self-contained HTML page.

`build_study(tables, out_dir)` computes every summary from the corpus tables (the same numbers the
researcher guide reproduces with pandas and DuckDB) and draws it with matplotlib (Agg backend). Chinese
labels need a CJK font: `find_cjk_font` looks for Noto Sans CJK / Source Han / WenQuanYi among the
installed fonts (Debian: ``fonts-noto-cjk``); without one the plots still render, with a warning in
`Study.warnings`, because matplotlib would draw empty boxes for Chinese text.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)
_FONT_GLOBS = ("/usr/share/fonts/**/*CJK*", "/usr/share/fonts/**/wqy*", "/usr/share/fonts/**/*SourceHan*")


@dataclass(frozen=True)
class Study:
    """What `build_study` wrote: summary tables, plots, the HTML page, and warnings."""

    out_dir: str
    tables: dict[str, str] = field(default_factory=dict)
    plots: dict[str, str] = field(default_factory=dict)
    html: str = ""
    font: str | None = None
    warnings: tuple[str, ...] = ()


def _bundled_font_globs() -> tuple[str, ...]:
    """Return the glob of the Noto Sans CJK font that the project's dependencies install from PyPI.

    A fresh machine has no system CJK font; the ``cvttf-NotoSansCJK-Regular`` wheel carries one, so the
    plots render Chinese wherever xxgk is installed, without apt.
    """
    import importlib.util

    spec = importlib.util.find_spec("cvttf_NotoSansCJK_Regular")
    if spec is None or not spec.submodule_search_locations:
        return ()
    return tuple(f"{loc}/*.otf" for loc in spec.submodule_search_locations)


def find_cjk_font() -> str | None:
    """Return the family name of an installed font that covers Chinese, or None."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for fam in CJK_FAMILIES:
        if fam in names:
            return fam
    import glob

    for pattern in (*_bundled_font_globs(), *_FONT_GLOBS):
        for path in sorted(glob.glob(pattern, recursive=True)):
            try:
                font_manager.fontManager.addfont(path)
                return font_manager.FontProperties(fname=path).get_name()
            except (OSError, RuntimeError):
                continue
    return None


# -- summaries -------------------------------------------------------------------------------------
def _cell_wide(cells: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    sub = cells[cells["key"].isin(keys)][["report_id", "key", "value"]]
    return sub.pivot_table(index="report_id", columns="key", values="value", aggfunc="first")


def summarize(tables) -> dict[str, pd.DataFrame]:
    """Return the summary tables (name -> DataFrame) of a `CorpusTables`."""
    reports, findings, problems, cells = tables.reports, tables.findings, tables.problems, tables.cells
    year = reports.set_index("report_id")["year"]
    out: dict[str, pd.DataFrame] = {}
    out["reports_by_year"] = (
        reports.groupby("year", dropna=False)
        .agg(
            reports=("report_id", "size"), agencies=("agency_key", "nunique"), mean_health=("health", "mean")
        )
        .reset_index()
    )
    f = findings.assign(year=findings["report_id"].map(year))
    out["findings_by_family_year"] = (
        f.groupby(["year", "family"], dropna=False).size().rename("findings").reset_index()
        if len(f)
        else pd.DataFrame(columns=["year", "family", "findings"])
    )
    out["findings_by_code"] = (
        findings.groupby(["code", "family", "severity"]).size().rename("findings").reset_index()
        if len(findings)
        else pd.DataFrame(columns=["code", "family", "severity", "findings"])
    )
    p = problems.assign(year=problems["report_id"].map(year))
    p = p.assign(category=p["labels"].fillna("").str.split(",")).explode("category")
    p = p[p["category"].astype(str) != ""]
    out["problem_categories_by_year"] = (
        p.groupby(["year", "category"]).size().rename("problems").reset_index()
        if len(p)
        else pd.DataFrame(columns=["year", "category", "problems"])
    )
    keys = [
        "t3.new.total",
        "t3.carried_in.total",
        "t3.disclosed.total",
        "t3.partial.total",
        "t3.total.total",
        "t3.carried_out.total",
        "t4.review.total",
        "t4.review.corrected",
        "t4.review.pending",
    ]
    wide = _cell_wide(cells, keys).reindex(columns=keys)
    wide["year"] = wide.index.map(year)
    vol = wide.groupby("year").sum(min_count=1).reset_index()
    vol.columns = ["year"] + [k.removeprefix("t3.").removeprefix("t4.").replace(".total", "") for k in keys]
    out["applications_by_year"] = vol
    rates = pd.DataFrame({"year": vol["year"]})
    handled = vol["total"].where(vol["total"] > 0)
    rates["grant_rate"] = (vol["disclosed"] + vol["partial"]) / handled
    decided = (vol["review"] - vol["review.pending"]).where(lambda s: s > 0)
    rates["review_correction_rate"] = vol["review.corrected"] / decided
    out["rates_by_year"] = rates
    contra = findings[
        findings["family"].isin(["narrative_table", "table_arithmetic", "narrative_arithmetic"])
    ]
    contra = contra.merge(reports[["report_id", "agency_key", "agency"]], on="report_id", how="left")
    contra = contra.assign(agency_key=contra["agency_key"].fillna(contra["agency"]))
    out["top_contradicting_agencies"] = (
        contra.groupby("agency_key")
        .size()
        .rename("findings")
        .sort_values(ascending=False)
        .head(15)
        .reset_index()
        if len(contra)
        else pd.DataFrame(columns=["agency_key", "findings"])
    )
    out["errors_by_stage"] = (
        tables.errors.groupby(["stage", "fatal"]).size().rename("errors").reset_index()
        if len(tables.errors)
        else pd.DataFrame(columns=["stage", "fatal", "errors"])
    )
    return out


# -- plots -----------------------------------------------------------------------------------------
def _plot(name: str, df: pd.DataFrame, out: Path, font: str | None) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if font:
        plt.rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
        plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    title = PLOT_TITLES[name]
    if df.empty or df.drop(columns=[c for c in ("year",) if c in df.columns]).dropna(how="all").empty:
        ax.text(0.5, 0.5, "无数据 (no data yet)", ha="center", va="center", fontsize=14)
        ax.set_axis_off()
    elif name == "findings_by_family_year":
        df.pivot_table(index="year", columns="family", values="findings", aggfunc="sum").plot.bar(
            ax=ax, stacked=True
        )
        ax.set_ylabel("发现问题数 findings")
    elif name == "problem_categories_by_year":
        df.pivot_table(index="year", columns="category", values="problems", aggfunc="sum").plot.bar(ax=ax)
        ax.set_ylabel("问题数 problems")
    elif name == "applications_by_year":
        cols = [c for c in ("new", "carried_in", "disclosed", "partial", "total", "carried_out") if c in df]
        labels = {
            "new": "新收申请",
            "carried_in": "上年结转",
            "disclosed": "予以公开",
            "partial": "部分公开",
            "total": "办结总计",
            "carried_out": "结转下年度",
        }
        df.set_index("year")[cols].rename(columns=labels).plot.bar(ax=ax)
        ax.set_ylabel("件 applications")
    elif name == "rates_by_year":
        df.set_index("year").rename(
            columns={
                "grant_rate": "公开率 grant rate",
                "review_correction_rate": "复议纠错率 correction rate",
            }
        ).plot(ax=ax, marker="o")
        ax.set_ylim(0, 1)
    elif name == "top_contradicting_agencies":
        df.iloc[::-1].plot.barh(x="agency_key", y="findings", ax=ax, legend=False)
        ax.set_xlabel("矛盾数 contradictions")
        ax.set_ylabel("")
    ax.set_title(title)
    fig.tight_layout()
    path = out / f"{name}.png"
    fig.savefig(path)
    plt.close(fig)
    return path


PLOT_TITLES = {
    "findings_by_family_year": "各年度发现问题（按规则族） Findings by family and year",
    "problem_categories_by_year": "存在问题类别 Problem categories by year",
    "applications_by_year": "依申请公开数量与办理结果 Application volumes and outcomes",
    "rates_by_year": "公开率与复议纠错率 Grant and correction rates",
    "top_contradicting_agencies": "矛盾最多的机关 Agencies with the most contradictions",
}


def build_study(tables, out_dir: str | Path) -> Study:
    """Write the summary CSVs, the PNG plots and ``index.html`` under `out_dir`; return what was written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    warnings: list[str] = []
    font = find_cjk_font()
    if font is None:
        warnings.append("no CJK font found (install fonts-noto-cjk): Chinese labels render as boxes")
    summaries = summarize(tables)
    csvs = {}
    for name, df in summaries.items():
        path = out / f"{name}.csv"
        df.to_csv(path, index=False, encoding="utf-8-sig")  # BOM: Excel opens Chinese CSV correctly
        csvs[name] = str(path)
    plots = {name: str(_plot(name, summaries[name], out, font)) for name in PLOT_TITLES}
    page = out / "index.html"
    page.write_text(_html(tables, summaries, plots, warnings), encoding="utf-8")
    return Study(
        out_dir=str(out), tables=csvs, plots=plots, html=str(page), font=font, warnings=tuple(warnings)
    )


def _html(tables, summaries: dict[str, pd.DataFrame], plots: dict[str, str], warnings: list[str]) -> str:
    r = tables.reports
    parts = [
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>",
        "<title>xxgk corpus study</title><style>body{font-family:'Noto Sans CJK SC',sans-serif;margin:2em;"
        "max-width:1000px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
        "padding:2px 8px;text-align:right}img{max-width:100%}</style></head><body>",
        "<h1>政府信息公开工作年度报告 语料研究 · Corpus study</h1>",
        f"<p>{len(r)} reports, {r['agency_key'].nunique()} agencies, years "
        f"{html.escape(', '.join(str(y) for y in sorted(r['year'].dropna().unique())))}; "
        f"{len(tables.findings)} findings; {len(tables.errors)} errors.</p>",
    ]
    parts += [f"<p style='color:#a00'>warning: {html.escape(w)}</p>" for w in warnings]
    for name, path in plots.items():
        data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
        parts.append(
            f"<h2>{html.escape(PLOT_TITLES[name])}</h2><img alt='{name}' src='data:image/png;base64,{data}'>"
        )
        parts.append(summaries[name].to_html(index=False, na_rep="", float_format=lambda x: f"{x:.3g}"))
    for name in ("findings_by_code", "reports_by_year", "errors_by_stage"):
        parts.append(f"<h2>{name}</h2>" + summaries[name].to_html(index=False, na_rep=""))
    parts.append("</body></html>")
    return "\n".join(parts)
