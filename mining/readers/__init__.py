"""Readers: any report file -> `Document`, chosen by sniffing the content, never the extension.

============  ======  =====================================================================
content       format  reader (``Document.reader``)
============  ======  =====================================================================
text          txt     ``text``: UTF-8 / UTF-8 or UTF-16 with BOM / GB18030 (GBK) detected
Markdown      md      ``markdown``: as text; ``#`` headings and pipe tables stay in the text
HTML          html    ``lxml``: main content block, tables as grids (rowspan/colspan expanded)
DOCX          docx    ``docx-xml``: document.xml read with lxml, gridSpan/vMerge expanded
PDF           pdf     ``pypdfium2`` (text + ruling-line tables), ``pdfplumber`` as the fallback
============  ======  =====================================================================

Everything else (old binary .doc/.wps, OFD, images, scanned or encrypted PDFs, empty files, files above
the size limit) raises `ReadError` naming the file, the reason and what to do.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from pathlib import Path

from ..model import Document, ReadError
from . import docx as _docx
from . import html as _html
from . import text as _text
from .sniff import sniff_format

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
"""Files above this size are refused unread (override with ``max_bytes`` or ``XXGK_MAX_BYTES``).

A report is at most a few MB in any format; a scanned PDF with a seal maybe 20 MB. Reading a larger
file whole would cost hundreds of MB of memory in normalisation for no report.
"""

__all__ = ["DEFAULT_MAX_BYTES", "ReadError", "read_document", "sniff_format"]

_CONVERT_DOCX = "convert it to DOCX first, e.g. `libreoffice --headless --convert-to docx FILE`"


def _max_bytes(max_bytes: int | None) -> int:
    if max_bytes is not None:
        return max_bytes
    env = os.environ.get("XXGK_MAX_BYTES", "")
    return int(env) if env.isdecimal() else DEFAULT_MAX_BYTES


def _refuse(path: str, kind: str, data: bytes) -> ReadError:
    if kind == "ole2":
        what = (
            "WPS" if b"W\x00p\x00s\x00" in data[:65536] or b"WPS" in data[:65536] else "Word 97-2003 (.doc)"
        )
        return ReadError(
            path, f"old binary {what} or .wps file (OLE2 container), not readable", _CONVERT_DOCX
        )
    if kind == "rtf":
        return ReadError(path, "RTF document, not readable", _CONVERT_DOCX)
    if kind == "ofd":
        return ReadError(path, "OFD document, not readable", "export it to PDF first")
    if kind == "odt":
        return ReadError(path, "OpenDocument text (.odt), not readable", _CONVERT_DOCX)
    if kind == "odf":
        return ReadError(
            path, "OpenDocument file that is not a text document", "export the report as DOCX or PDF"
        )
    if kind in {"xlsx", "pptx"}:
        return ReadError(
            path, f"{kind.upper()} file, not a report document", "export the report as DOCX or PDF"
        )
    if kind == "zip":
        return ReadError(
            path, "ZIP archive without a Word document in it", "unpack it and read the report inside"
        )
    if kind.startswith("image:"):
        return ReadError(path, f"{kind[6:]} image, no text", "run OCR first and read the text it produces")
    return ReadError(path, f"unsupported content ({kind})")


def read_document(path: str | Path, *, max_bytes: int | None = None) -> Document:
    """Return the `Document` read from `path`; raise `ReadError` naming the file and the reason.

    The reader is chosen from the bytes: PDF and zip/OLE2 magic numbers, HTML markup, then text
    (Markdown when it uses ``#`` headings or pipe tables). Files larger than `max_bytes` (default
    `DEFAULT_MAX_BYTES`) are refused before they are read. Any failure inside a reader becomes a
    `ReadError`, so one bad file never stops a batch.
    """
    p = Path(path)
    name = str(p)
    limit = _max_bytes(max_bytes)
    try:
        if p.is_dir():
            raise ReadError(name, "is a directory, not a file")
        size = p.stat().st_size
        if size == 0:
            raise ReadError(name, "empty file (0 bytes)", "re-download it")
        if size > limit:
            raise ReadError(
                name,
                f"file is {size / 2**20:.1f} MB, above the {limit / 2**20:.0f} MB limit",
                "a report is a few MB; raise max_bytes (XXGK_MAX_BYTES) if this one really is",
            )
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(name, f"cannot open file: {exc.strerror or exc}") from exc
    kind = sniff_format(data)
    try:
        doc = _dispatch(name, kind, data)
    except ReadError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise ReadError(
            name, f"{kind} too deeply nested or too large to read ({type(exc).__name__})"
        ) from exc
    except Exception as exc:  # noqa: BLE001 - a reader bug on odd input must not crash a batch
        raise ReadError(name, f"unreadable {kind}: {type(exc).__name__}: {exc}") from exc
    return doc


def _dispatch(name: str, kind: str, data: bytes) -> Document:
    sha = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        from . import pdf as _pdf  # pdf engines load only when a PDF is read

        return _pdf.read_pdf(data, name, sha256=sha)
    if kind == "docx":
        b = _docx.build_docx(data, name)
        return Document(name, "docx", "docx-xml", b.text, tuple(b.grids), sha256=sha)
    if kind == "html":
        declared = _html.declared_charset(data)
        b, enc = _html.build_utf8_html(data, declared), "utf-8"
        if b is None:  # not plainly UTF-8: decoded (and its charset found) in Python first
            text, enc = _text.decode_text(data, name, declared=declared)
            b = _html.build_html(text, name, utf8=data if codecs.lookup(enc).name == "utf-8" else None)
        warnings = () if b.text.strip() else ("the page has no text content",)
        return Document(
            name, "html", "lxml", b.text, tuple(b.grids), encoding=enc, warnings=warnings, sha256=sha
        )
    if kind == "text":
        text, enc = _text.decode_text(data, name)
        if not text.strip():
            raise ReadError(name, "no text (only whitespace)")
        fmt, reader = ("md", "markdown") if _text.looks_like_markdown(text) else ("txt", "text")
        b = _text.build_text(text)
        return Document(name, fmt, reader, b.text, encoding=enc, sha256=sha)
    raise _refuse(name, kind, data)
