"""The rule modules; importing this package registers every rule of checks.md."""

from . import compliance, contamination, corpus, narrative, structure, tables

__all__ = ["compliance", "contamination", "corpus", "narrative", "structure", "tables"]
