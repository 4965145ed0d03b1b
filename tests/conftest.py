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
