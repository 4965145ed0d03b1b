"""Command-line inputs -> the report files to mine: folders (recursive), globs and ``@list`` files."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import XxgkError

REPORT_SUFFIXES = frozenset(
    {
        ".txt",
        ".text",
        ".md",
        ".markdown",
        ".html",
        ".htm",
        ".shtml",
        ".xhtml",
        ".docx",
        ".doc",
        ".wps",
        ".pdf",
    }
)
"""Suffixes picked up when a folder is walked (a file named explicitly is taken whatever its name)."""
_GLOB_CHARS = set("*?[")


class InputError(XxgkError):
    """An input names nothing: a missing path, a glob that matches no file, an unreadable list."""


def _walk(folder: Path, exclude: Path | None) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        # Skip hidden folders and the output folder when it lies inside the input folder.
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and (exclude is None or (here / d).resolve() != exclude)
        )
        for name in sorted(filenames):
            if not name.startswith(".") and Path(name).suffix.lower() in REPORT_SUFFIXES:
                yield str(here / name)


def _list_file(spec: str) -> Iterator[str]:
    list_path = Path(spec)
    try:
        lines = list_path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{list_path}: cannot read the file list ({exc})") from exc
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        p = Path(line)
        # A relative entry is relative to the list file, so a list travels with its folder.
        yield str(p if p.is_absolute() else list_path.parent / p)


def expand_inputs(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *, exclude: str | Path | None = None
) -> list[str]:
    """Return the files named by `inputs`, in order, each once.

    An input is a file, a folder (walked recursively for report suffixes, hidden entries skipped), a
    glob (``reports/**/*.pdf``) or ``@list.txt`` (one path per line; ``#`` comments). A missing path or
    a glob that matches nothing raises `InputError`; a missing entry of a list file is kept, so that it
    becomes an ``errors`` row instead of stopping a long run.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    excl = Path(exclude).resolve() if exclude else None
    seen: set[str] = set()
    out: list[str] = []

    def add(p: str) -> None:
        key = os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            out.append(p)

    for raw in inputs:
        spec = os.fspath(raw)
        if spec.startswith("@"):
            for p in _list_file(spec[1:]):
                add(p)
        elif Path(spec).is_dir():
            for p in _walk(Path(spec), excl):
                add(p)
        elif Path(spec).exists():
            add(spec)
        elif _GLOB_CHARS & set(spec):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                raise InputError(f"{spec}: the pattern matches no file")
            for m in matches:
                if Path(m).is_dir():
                    for p in _walk(Path(m), excl):
                        add(p)
                else:
                    add(m)
        else:
            raise InputError(f"{spec}: no such file or folder")
    return out
