"""Tables 二, 三 and 四 -> canonical ``t{n}.{row}.{col}`` cells.

Placeholder until the table parser lands: returns no cells.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Document, Section, TableCell


def parse_tables(doc: Document, sections: Sequence[Section]) -> tuple[TableCell, ...]:
    """Return the canonical cells of tables 二, 三 and 四 found in `doc`."""
    return ()
