"""Fast paths of the HTML reader (and the decoding it shares) give exactly what the general code gives.

Each test draws random input from the shapes that make a fast path fall back or differ, and compares
it with the general path: the slow code itself with its shortcut switched off, or a plain reference
kept here.
"""

from __future__ import annotations

import random

from mining.readers import text as _text

# ---------------------------------------------------------------- decoding
_CHARS = [
    "a", "中", "\t", "\n", "\r", " ", "\x00", "\x01", "\x08", "\x0b", "\x0e", "\x19", "\x1a", "\x1b",
    "\x1f", "\x7f", "\x80", "\x85", "\x9f", "\xa0", "\xb7", "\xc2", "é", "€", "\U00020000",
]  # fmt: skip


def test_control_characters_found_in_utf8_bytes_as_in_the_decoded_text():
    rng = random.Random(1)
    for _ in range(5000):
        text = "".join(rng.choice(_CHARS) for _ in range(rng.randint(0, 8)))
        expected = _text._CONTROLS.search(text) is None
        assert _text._utf8_without_controls(text.encode("utf-8")) == expected, repr(text)
