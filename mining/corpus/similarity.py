"""Near-duplicate text: character shingles, MinHash signatures and LSH candidate search.

Copying between reports (the same agency's previous year, another agency of the same year) is found on
the *narrative* of a section: table renderings (tab-separated or Markdown ``|`` lines) and markup
tags are dropped, punctuation and
spaces removed and every run of digits collapsed to ``0``, so that a copied paragraph whose numbers
were updated still matches. Signatures are computed with numpy (shingle hashes by a polynomial over
code points, then 2-universal multiply-shift permutations) so that hashing costs well under a
millisecond a section; the LSH index is datasketch's ``MinHashLSH``, so candidate search grows with
the number of sections, not with the number of pairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

NUM_PERM = 64
"""Permutations per signature: the Jaccard estimate has a standard error of about 0.05 at 0.8."""
SECTION_SHINGLE = 5
PROBLEM_SHINGLE = 3
MIN_NARRATIVE_CHARS = 100
"""Sections with less narrative than this (「无」, one stock sentence) are not compared."""

_SEED = 20240101
_rng = np.random.default_rng(_SEED)
_A = _rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
_POLY = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_DROP = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_TAG = re.compile(r"<[^>]{0,200}>")


def narrative_text(text: str) -> str:
    """Return the comparable narrative of a section: table lines dropped, punctuation out, digits as 0."""
    lines = [ln for ln in text.split("\n") if "\t" not in ln and not ln.lstrip().startswith("|")]
    flat = _DROP.sub("", _TAG.sub("", "".join(lines)))
    return _DIGITS.sub("0", flat)


def shingles(text: str, k: int) -> set[str]:
    """Return the set of character k-grams of `text` (the whole text when shorter than k)."""
    if len(text) <= k:
        return {text} if text else set()
    return {text[i : i + k] for i in range(len(text) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """Return |a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _shingle_hashes(text: str, k: int) -> np.ndarray:
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(cps) < k:
        k = len(cps)
    n = len(cps) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * _POLY + cps[j : j + n]
        h = h * _MIX
        h ^= h >> np.uint64(29)
    return np.unique(h)


def signature(text: str, k: int = SECTION_SHINGLE) -> tuple[np.ndarray, int]:
    """Return the MinHash signature (``NUM_PERM`` uint32) of `text`'s k-shingles and the shingle count."""
    if not text:
        return np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32), 0
    hs = _shingle_hashes(text, k)
    sig = np.empty(NUM_PERM, dtype=np.uint32)
    # Chunk the shingles so the (shingles x permutations) matrix stays small for long sections.
    best = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(0, len(hs), 4096):
            block = (hs[i : i + 4096, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
            best = np.minimum(best, block.min(axis=0))
    sig[:] = best.astype(np.uint32)
    return sig, int(len(hs))


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Return the Jaccard similarity estimated from two signatures (share of equal minima)."""
    return float(np.mean(a == b))


def signature_bytes(sig: np.ndarray) -> bytes:
    """Return the signature as little-endian bytes (the ``minhash`` column of ``signatures``)."""
    return sig.astype("<u4").tobytes()


def signature_from_bytes(raw: bytes) -> np.ndarray:
    """Return the signature stored by `signature_bytes`."""
    return np.frombuffer(raw, dtype="<u4")


def similar_pairs(
    items: Iterable[tuple[object, np.ndarray]], threshold: float = 0.8
) -> list[tuple[object, object, float]]:
    """Return ``(key_a, key_b, estimated_jaccard)`` for every pair at or above `threshold`.

    Candidates come from a MinHash LSH index (datasketch) built in one pass; each candidate pair is
    then verified on the signatures, so the cost grows with the number of items and of true near
    duplicates, not with the number of pairs.
    """
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    sigs: dict[object, np.ndarray] = {}
    out: list[tuple[object, object, float]] = []
    for key, sig in items:
        mh = LeanMinHash(seed=_SEED, hashvalues=sig.astype(np.uint64), scheme="affine32")
        for other in lsh.query(mh):
            sim = estimate_jaccard(sig, sigs[other])
            if sim >= threshold:
                out.append((other, key, sim))
        lsh.insert(key, mh, check_duplication=False)
        sigs[key] = sig
    return out
