"""Decide a file's format from its bytes (magic numbers, zip members, markup), never from its name."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|table|p|h[1-6]|span|center|font)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body)[\s>]", re.IGNORECASE)

IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)


def sniff_format(data: bytes) -> str:
    """Return the format of `data`.

    One of ``pdf``, ``docx``, ``ole2`` (old .doc/.wps/.xls), ``ofd``, ``odt`` (OpenDocument text),
    ``odf`` (another OpenDocument file), ``xlsx``, ``pptx``, ``zip``,
    ``image:<KIND>``, ``rtf``, ``html`` or ``text`` (plain text or Markdown, decided after decoding).
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    for magic, kind in IMAGE_MAGIC:
        if data.startswith(magic) and not (kind == "BMP" and _mostly_text(head)):
            return f"image:{kind}"
    probe = data[:8192]
    if probe.startswith(b"\xef\xbb\xbf"):
        probe = probe[3:]
    if _HTML_START.match(probe) or _HTML_ANYWHERE.search(probe):
        return "html"
    return "text"


def _mostly_text(head: bytes) -> bool:
    return sum(1 for b in head if b < 9 or 13 < b < 32) < len(head) * 0.01


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        # A truncated zip: say "docx" when Word's parts show in the local headers we do have.
        return "docx" if b"word/" in data[:65536] else "zip"
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or any(n.lower().endswith("ofd.xml") for n in names):
        return "ofd"
    if "content.xml" in names and ("mimetype" in names or "META-INF/manifest.xml" in names):
        return "odt" if _odf_mimetype(data).endswith(".text") or not _odf_mimetype(data) else "odf"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if any(n.startswith("word/") for n in names) or "[Content_Types].xml" in names:
        return "docx"
    return "zip"


def _odf_mimetype(data: bytes) -> str:
    """Return the OpenDocument mimetype stored uncompressed as the zip's first member ("" if absent)."""
    if data[30:38] == b"mimetype":
        end = data.find(b"PK", 38)
        return data[38 : end if end > 0 else 38 + 80].decode("ascii", "replace").strip()
    return ""
