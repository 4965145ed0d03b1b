"""The blank-cell policy of domain.md §3.6, in one place: every arithmetic comparison goes through here.

A table cell is one of: a number; ``na`` (「/」 or 「无」: not applicable, counts as 0 and is recorded);
a blank (``TableCell.value is None`` with another or no placeholder: unknown); or absent (the key was not
parsed at all, treated as a blank). A comparison then ends as:

- ``not_assessable``: every operand is blank or absent (nothing to check);
- ``pass``: it holds with blanks counted as 0 (``assumed_blanks`` says so when blanks were involved);
- ``uncertain``: it fails with blanks counted as 0, but some operand was blank, so a filled-in table
  could still satisfy it (reported at ``info``, never as an error);
- ``fail``: it fails and every operand was printed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import TableCell

Operand = TableCell | int | float | None
"""A cell, a bare number (a value from a claim), or None for an absent cell."""


@dataclass(frozen=True)
class Outcome:
    """The verdict of one comparison, with the sides as computed (blanks counted as 0)."""

    verdict: str
    lhs: float | None = None
    rhs: float | None = None
    blanks: int = 0
    """How many operands were blank or absent."""

    @property
    def assumed_blanks(self) -> bool:
        return self.blanks > 0 and self.verdict == "pass"


def operand_value(op: Operand) -> float | None:
    """Return the number an operand stands for, 0 for a 「/」 placeholder, None for a blank or absent cell."""
    if op is None:
        return None
    if isinstance(op, TableCell):
        if op.value is not None:
            return op.value
        return 0 if op.placeholder == "na" else None
    return op


def _side(ops: Sequence[Operand]) -> tuple[float, int, int]:
    vals = [operand_value(o) for o in ops]
    blanks = sum(v is None for v in vals)
    return sum(v for v in vals if v is not None), blanks, len(vals) - blanks


def evaluate_equation(lhs: Sequence[Operand], rhs: Sequence[Operand], *, tol: float = 1e-6) -> Outcome:
    """Return the outcome of ``sum(lhs) == sum(rhs)`` under the blank policy."""
    left, lb, ln = _side(lhs)
    right, rb, rn = _side(rhs)
    blanks = lb + rb
    if ln + rn == 0:
        return Outcome("not_assessable", None, None, blanks)
    if math.isclose(left, right, abs_tol=tol):
        return Outcome("pass", left, right, blanks)
    return Outcome("uncertain" if blanks else "fail", left, right, blanks)


def evaluate_sum(operands: Sequence[Operand], expected: Operand, *, tol: float = 1e-6) -> Outcome:
    """Return the outcome of ``sum(operands) == expected`` (``lhs`` the sum, ``rhs`` the expected)."""
    return evaluate_equation(operands, [expected], tol=tol)


def evaluate_interval(
    operands: Sequence[Operand], low: float, high: float | None, *, slack: float = 0.0
) -> Outcome:
    """Return the outcome of ``low <= sum(operands) <= high`` (a claim's bounds against table cells).

    With blanks the table side is an interval ``[s, inf)``; a claim interval that overlaps it without
    containing it is ``uncertain``. ``slack`` widens the claim's interval for that overlap test only
    (an 「约」 may err on either side), so a value just outside a symmetric hedge is ``uncertain``.
    """
    total, blanks, known = _side(operands)
    hi = math.inf if high is None else high
    if known == 0:
        return Outcome("not_assessable", None, low, blanks)
    if low - 1e-9 <= total <= hi + 1e-9:
        return Outcome("pass", total, low, blanks)
    table_hi = math.inf if blanks else total
    wide_lo, wide_hi = low - slack, hi + slack
    if table_hi >= wide_lo and total <= wide_hi:
        return Outcome("uncertain", total, low, blanks)
    return Outcome("fail", total, low, blanks)


def combine(verdicts: Sequence[str]) -> str:
    """Return one rule's verdict from its comparisons: any fail, else any uncertain, else any pass."""
    for v in ("fail", "uncertain", "pass"):
        if v in verdicts:
            return v
    return "not_assessable"
