"""Synthetic 政府信息公开工作年度报告 with ground truth: `generate_report`, `generate_corpus`, `write_corpus`.

The reports are written by this project (never real report text), obey the table arithmetic of the
national templates, state numbers in the narrative consistent with the tables, and carry injected
defects on request, each recorded with the rule code of ``checks.md`` it should trigger.
"""

from .generate import (
    CORPUS_DEFECTS,
    DEFECT_CODES,
    SINGLE_DEFECTS,
    Agency,
    DefectError,
    SynthReport,
    check_clean_arithmetic,
    describe_agency,
    generate_report,
    random_agency,
    template_for_year,
)
from .render import FORMATS, LAYOUTS

__all__ = [
    "CORPUS_DEFECTS",
    "DEFECT_CODES",
    "FORMATS",
    "LAYOUTS",
    "SINGLE_DEFECTS",
    "Agency",
    "DefectError",
    "SynthReport",
    "check_clean_arithmetic",
    "describe_agency",
    "generate_report",
    "random_agency",
    "template_for_year",
]
