"""Readers: any report file -> `Document`, chosen by sniffing the content, never the extension.

Placeholder until the readers land: only UTF-8 plain text is read.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..model import Document, ReadError
from ..normalize import normalize_text


def read_document(path: str | Path) -> Document:
    """Return the `Document` read from `path`; raise `ReadError` naming the file and the reason."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(str(p), f"cannot open file: {exc.strerror or exc}") from exc
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(str(p), "not UTF-8 text") from exc
    return Document(
        path=str(p),
        format="txt",
        reader="text",
        text=normalize_text(raw),
        encoding="utf-8",
        sha256=hashlib.sha256(data).hexdigest(),
    )
