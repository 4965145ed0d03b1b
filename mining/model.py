"""The records that flow through the pipeline, from a read file to findings.

Data flows one way: path -> `Document` -> `Section`s -> `TableCell`s -> `Claim`s -> `Problem`s ->
`Report` -> `Finding`s. Every record is a frozen dataclass; stages build new records instead of
mutating old ones. Key names follow ``../shared/spec/schema.md``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SECTION_KEYS: tuple[str, ...] = (
    "overview",
    "proactive",
    "requests",
    "review_litigation",
    "problems",
    "other",
)
"""The six canonical sections, in template order (``preamble`` precedes them)."""

TEMPLATES: tuple[str, ...] = ("2021", "2019", "pre2019")


class XxgkError(Exception):
    """Base class of the errors the library raises on purpose."""


class ReadError(XxgkError):
    """A file could not be read into a `Document`; the message names the file and what to do."""

    def __init__(self, path: str, reason: str, hint: str = "") -> None:
        self.path = str(path)
        self.reason = reason
        self.hint = hint
        super().__init__(f"{self.path}: {reason}" + (f" ({hint})" if hint else ""))


@dataclass(frozen=True)
class Grid:
    """A table as the reader saw it: rows of cell texts, merged cells expanded.

    ``rows`` hold normalised cell text; a line break inside a cell is kept as ``"\\n"``. A cell
    covered by a rowspan/colspan repeats the text of the merged cell, and ``spanned`` marks those
    copies (same shape as ``rows``) so that a consumer can tell a repeated label from a printed one.
    ``start``/``end`` locate the table's rendering in `Document.text`.
    """

    rows: tuple[tuple[str, ...], ...]
    start: int = 0
    end: int = 0
    source: str = ""
    page: int | None = None
    spanned: tuple[tuple[bool, ...], ...] = ()

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(frozen=True)
class Document:
    """What a reader produced from one file: normalised text, table grids and provenance.

    ``text`` is the NFKC-normalised text of the whole file with every table rendered in place as
    tab-separated lines, so section and claim offsets point into one string whatever the format.
    ``grids`` are the tables the reader recognised as such (HTML, DOCX, PDF); for plain text and
    Markdown they are detected later from the text itself.
    """

    path: str
    format: str
    reader: str
    text: str
    grids: tuple[Grid, ...] = ()
    encoding: str | None = None
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    sha256: str = ""


@dataclass(frozen=True)
class Section:
    """One of the six canonical sections (or ``preamble``), located in the normalised text."""

    key: str
    title: str
    start: int
    end: int
    heading_start: int
    numbering: str = ""
    """The numeral as printed (``六``, ``6``, ``""`` when the heading had none)."""
    irregular: bool = False
    """The numbering differs from the template (``6、`` for ``六、``, missing or out of order)."""


@dataclass(frozen=True)
class TableCell:
    """One canonical table cell with the evidence it was read from."""

    key: str
    value: int | float | None
    raw: str
    row_label: str = ""
    row: int = -1
    col: int = -1
    source: str = ""
    unit: str | None = None
    placeholder: str | None = None
    """``blank``, ``na`` (「/」 or 「无」) or ``dash`` when the printed cell held no number."""


@dataclass(frozen=True)
class Claim:
    """A quantity stated in the narrative, normalised and linked to the table key it speaks about."""

    start: int
    end: int
    text: str
    value: float
    unit: str | None
    approx: str | None
    section: str
    field: str | None = None
    low: float | None = None
    high: float | None = None
    value_yuan: float | None = None
    negative: bool = False
    """The claim is a negative statement meaning zero (「未收到政府信息公开申请」)."""
    sentence: tuple[int, int] | None = None


@dataclass(frozen=True)
class Problem:
    """A problem listed in section 五 with its predicted categories."""

    start: int
    end: int
    text: str
    labels: tuple[str, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Improvement:
    """An improvement measure of section 五 and the problems (by index) it addresses."""

    start: int
    end: int
    text: str
    addresses: tuple[int, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One broken rule, with its evidence. Immutable; ``fingerprint`` is stable across runs."""

    code: str
    family: str
    severity: str
    message: str
    keys: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    expected: Any = None
    actual: Any = None
    fingerprint: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Health:
    """How much a parse can be trusted: a score in [0, 1] and the reasons that lowered it."""

    score: float
    reasons: tuple[str, ...] = ()
    garbled_share: float = 0.0
    sections_found: int = 0
    table_cells_found: int = 0
    table_cells_expected: int = 0
    cells_unparsed: int = 0


@dataclass(frozen=True)
class Meta:
    """Who published the report, for which year, when, and in which template."""

    agency: str | None = None
    year: int | None = None
    publish_date: str | None = None
    template: str | None = None
    body_kind: str | None = None
    """``department`` or ``government`` (a 本级政府 report published by the 主管部门)."""
    title: str | None = None


@dataclass(frozen=True)
class Report:
    """Everything xxgk knows about one report; rules and formatters read only this."""

    document: Document
    meta: Meta
    sections: tuple[Section, ...]
    cells: tuple[TableCell, ...] = ()
    claims: tuple[Claim, ...] = ()
    problems: tuple[Problem, ...] = ()
    improvements: tuple[Improvement, ...] = ()
    section_flags: tuple[str, ...] = ()
    """Quality flags of section 五 (``empty``, ``generic``, ``no_measures``, ``repeated``)."""
    findings: tuple[Finding, ...] = ()
    verdicts: dict[str, str] = field(default_factory=dict)
    health: Health = field(default_factory=lambda: Health(score=0.0))

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def tables(self) -> dict[str, int | float | None]:
        """Flat ``t{n}.{row}.{col}`` -> value for every printed cell (derived sums excluded)."""
        return {c.key: c.value for c in self.cells}

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def section_text(self, key: str) -> str:
        s = self.section(key)
        return self.text[s.start : s.end] if s else ""


def to_jsonable(obj: Any) -> Any:
    """A JSON-ready copy of a record (tuples become lists, nested dataclasses become dicts)."""
    if hasattr(obj, "__dataclass_fields__"):
        obj = asdict(obj)
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    return obj
