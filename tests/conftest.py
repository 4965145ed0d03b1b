"""Shared fixtures: the real seed reports live in ../shared/seeds (never copied into the project)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = ROOT.parent / "shared" / "eval" / "gold"


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.*")) if SEEDS.is_dir() else []


@pytest.fixture(scope="session")
def seeds() -> list[Path]:
    paths = seed_paths()
    if not paths:
        pytest.skip(f"seed reports not found at {SEEDS}")
    return paths


def gold_for(path: Path) -> dict:
    return json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True, scope="session")
def _strict_pipeline():
    """Tests see stage failures as exceptions instead of health reasons."""
    import os

    os.environ["XXGK_STRICT"] = "1"
    yield


def same_cell(a: object, b: object) -> bool:
    """Return whether a parsed table value equals the truth's (both null, or equal numbers).

    Anything else, a missing key passed in as a marker string included, is a difference, never an error:
    a round trip reports the cell as wrong instead of failing the whole fixture.
    """
    if a is None or b is None:
        return a is None and b is None
    try:
        return abs(float(a) - float(b)) < 1e-6  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
