"""The sector lexicon (``corpora/lexicon/sectors.json``) and the sector of an agency name."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_PATH = Path(__file__).resolve().parents[2] / "corpora" / "lexicon" / "sectors.json"


@dataclass(frozen=True)
class Sector:
    """One line of government business and the words that give it away."""

    key: str
    name: str
    agency_cues: tuple[str, ...]
    short_names: tuple[str, ...]
    business: tuple[str, ...]
    shared: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """Every sector plus the words that make a mention of another sector legitimate."""

    sectors: tuple[Sector, ...]
    context_words: tuple[str, ...]
    cooperation: tuple[str, ...]
    conjunctions: tuple[str, ...]

    def sector_of(self, agency: str | None) -> Sector | None:
        """Return the sector whose longest agency cue occurs in `agency`, or None (a government, unknown)."""
        if not agency:
            return None
        agency = agency.replace("人民政府", "政府")  # 人民政府 contains 民政
        best: tuple[int, Sector] | None = None
        for s in self.sectors:
            for cue in s.agency_cues:
                if cue in agency and (best is None or len(cue) > best[0]):
                    best = (len(cue), s)
        return best[1] if best else None


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Return the sector lexicon stored at `path` (the bundled one by default)."""
    data = json.loads(Path(path or LEXICON_PATH).read_text(encoding="utf-8"))
    sectors = tuple(
        Sector(
            key=key,
            name=v["name"],
            agency_cues=tuple(v["agency_cues"]),
            short_names=tuple(v.get("short_names", ())),
            business=tuple(v.get("business", ())),
            shared=tuple(v.get("shared", ())),
        )
        for key, v in data["sectors"].items()
    )
    return Lexicon(
        sectors=sectors,
        context_words=tuple(data.get("context_words", ())),
        cooperation=tuple(data.get("cooperation", ())),
        conjunctions=tuple(data.get("conjunctions", ())),
    )
