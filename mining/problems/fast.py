"""The classifier's prediction path in plain NumPy, derived from the stored scikit-learn pipelines.

scikit-learn spends most of a small ``predict_proba`` call validating its input (``check_array``, the
dataframe dispatch) once per estimator: 13 one-vs-rest calibrated LinearSVCs make that ~1 ms per call
whatever the batch size. Here the same arithmetic runs once per batch:

* `CharTfidf`: TfidfVectorizer(analyzer="char").transform re-implemented (lowercase, whitespace runs
  to one space, character n-grams, counts, sublinear tf, idf, l2) as flat arrays;
* `SigmoidOvR`: every fold's LinearSVC coefficients stacked in one dense matrix, the sigmoid
  calibrators' ``a_``/``b_`` in two vectors: one matmul, one vectorised sigmoid, folds averaged in
  the order `CalibratedClassifierCV.predict_proba` averages them;
* `LinearProba`: LogisticRegression's softmax (or binary sigmoid) over one matmul.

Two sources give the same `FastPipeline`: `from_estimator` reads a fitted in-memory Pipeline, and
`read_skops` reads a ``.skops`` file's schema (JSON) and ``.npy`` members (``allow_pickle=False``)
without importing scikit-learn or skops and without constructing any object, so loading the bundled
model needs NumPy only. Anything these classes do not reproduce exactly raises `Unsupported`, and
the caller keeps the scikit-learn path. `tests/test_problems_fast.py` checks the scores against
``Pipeline.predict_proba`` to 1e-9.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import add
from pathlib import Path
from typing import Any

import numpy as np

_WHITE_SPACES = re.compile(r"\s\s+")  # TfidfVectorizer._white_spaces


class Unsupported(Exception):
    """The estimator (or file) is not one the fast path reproduces exactly."""


# --------------------------------------------------------------------------- reading estimators


@dataclass(frozen=True)
class _Stored:
    """An object node of a skops schema: its ``module.Class`` and its state, never instantiated."""

    cls: str
    state: dict[str, Any]


def _cls(obj: Any) -> str:
    if isinstance(obj, _Stored):
        return obj.cls
    return f"{type(obj).__module__}.{type(obj).__qualname__}"


def _get(obj: Any, name: str) -> Any:
    try:
        return obj.state[name] if isinstance(obj, _Stored) else getattr(obj, name)
    except (KeyError, AttributeError) as exc:
        raise Unsupported(f"{_cls(obj)} has no {name}") from exc


def _opt(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, _Stored):
        return obj.state.get(name, default)
    return getattr(obj, name, default)


def _need(cond: bool, why: str) -> None:
    if not cond:
        raise Unsupported(why)


def _f64(x: Any) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(x, dtype=np.float64))


# --------------------------------------------------------------------------- TF-IDF


@dataclass(frozen=True)
class CharTfidf:
    """A fitted character n-gram TfidfVectorizer as a vocabulary, an idf vector and its options."""

    vocabulary: dict[str, int]
    idf: np.ndarray | None
    ngram_range: tuple[int, int]
    lowercase: bool
    binary: bool
    sublinear_tf: bool
    norm: str | None

    @property
    def n_features(self) -> int:
        """Return the number of features (the vocabulary size)."""
        return len(self.vocabulary)

    @classmethod
    def from_estimator(cls, vec: Any) -> CharTfidf:
        """Return the `CharTfidf` of a fitted (or stored) ``TfidfVectorizer``; `Unsupported` otherwise."""
        _need(_cls(vec) == "sklearn.feature_extraction.text.TfidfVectorizer", f"vectoriser {_cls(vec)}")
        _need(_get(vec, "analyzer") == "char", "analyzer is not 'char'")
        _need(_get(vec, "input") == "content", "input is not 'content'")
        for name in ("preprocessor", "tokenizer", "strip_accents"):
            _need(_opt(vec, name) is None, f"{name} is set")
        dtype = _opt(vec, "dtype")
        _need(dtype in (np.float64, "numpy.float64"), f"dtype {dtype}")
        tfidf = _get(vec, "_tfidf")
        use_idf = bool(_get(tfidf, "use_idf"))
        idf = _f64(_get(tfidf, "idf_")) if use_idf else None
        norm = _get(tfidf, "norm")
        _need(norm in (None, "l1", "l2"), f"norm {norm}")
        vocabulary = {str(k): int(v) for k, v in dict(_get(vec, "vocabulary_")).items()}
        lo, hi = (int(x) for x in _get(vec, "ngram_range"))
        _need(1 <= lo <= hi, f"ngram_range {(lo, hi)}")
        _need(idf is None or idf.shape == (len(vocabulary),), "idf does not match the vocabulary")
        return cls(
            vocabulary=vocabulary,
            idf=idf,
            ngram_range=(lo, hi),
            lowercase=bool(_get(vec, "lowercase")),
            binary=bool(_get(vec, "binary")),
            sublinear_tf=bool(_get(tfidf, "sublinear_tf")),
            norm=norm,
        )

    def _grams(self, doc: str) -> list[str]:
        lo, hi = self.ngram_range
        grams: list[str] = []
        for n in range(lo, min(hi, len(doc)) + 1):
            if n == 1:
                grams.extend(doc)
            elif n == 2:
                grams.extend(map(add, doc, doc[1:]))  # all bigrams, at C speed
            else:
                grams.extend(doc[i : i + n] for i in range(len(doc) - n + 1))
        return grams

    def transform(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the TF-IDF rows of `texts` in CSR form: ``(indptr, indices, data)``, indices sorted."""
        get = self.vocabulary.get
        ids: list[int] = []
        lengths: list[int] = []
        for text in texts:
            doc = text.lower() if self.lowercase else text
            grams = self._grams(_WHITE_SPACES.sub(" ", doc))
            ids.extend(map(get, grams, repeat(-1)))
            lengths.append(len(grams))
        n_features = len(self.vocabulary)
        feature = np.asarray(ids, dtype=np.int64)
        row = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        known = feature >= 0  # out-of-vocabulary n-grams are dropped, as CountVectorizer does
        # One sort of (row, feature) keys gives each row's features in index order and their counts.
        keys, counts = np.unique(row[known] * n_features + feature[known], return_counts=True)
        rows, idx = np.divmod(keys, n_features)
        ptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(texts)), out=ptr[1:])
        data = np.ones(len(counts)) if self.binary else counts.astype(np.float64)
        if self.sublinear_tf:
            np.log(data, data)
            data += 1.0
        if self.idf is not None:
            data *= self.idf[idx]
        if self.norm is not None and len(data):
            mass = data * data if self.norm == "l2" else np.abs(data)
            sums = np.bincount(rows, weights=mass, minlength=len(texts))
            if self.norm == "l2":
                sums = np.sqrt(sums)
            sums[sums == 0.0] = 1.0  # sklearn leaves all-zero rows as they are
            data /= sums[rows]
        return ptr, idx, data


def _sparse_dot(ptr: np.ndarray, idx: np.ndarray, data: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Return the dense product of CSR rows and a dense (n_features, k) matrix."""
    n = len(ptr) - 1
    out = np.zeros((n, weights.shape[1]))
    if not len(data):
        return out
    contrib = data[:, None] * weights[idx]
    nonempty = np.flatnonzero(np.diff(ptr))
    # reduceat sums each row's entries in index order, as scipy's csr @ dense does.
    out[nonempty] = np.add.reduceat(contrib, ptr[nonempty], axis=0)
    return out


# --------------------------------------------------------------------------- heads


def _linear_params(est: Any, n_features: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (coef (k, F), intercept (k,)) of a fitted linear classifier."""
    name = _cls(est)
    _need(
        name in ("sklearn.svm._classes.LinearSVC", "sklearn.linear_model._logistic.LogisticRegression"),
        f"estimator {name}",
    )
    coef = np.atleast_2d(_f64(_get(est, "coef_")))
    intercept = np.atleast_1d(_f64(_get(est, "intercept_")))
    _need(coef.shape[1] == n_features, "coef_ does not match the vocabulary")
    _need(intercept.shape == (coef.shape[0],), "intercept_ does not match coef_")
    return coef, intercept


@dataclass(frozen=True)
class SigmoidOvR:
    """One-vs-rest sigmoid-calibrated linear models as one weight matrix and calibration vectors."""

    weights: np.ndarray  # (F, n_outputs * n_folds), column j * n_folds + k
    intercept: np.ndarray
    a: np.ndarray
    b: np.ndarray
    n_outputs: int
    n_folds: int
    multilabel: bool

    @classmethod
    def from_estimator(cls, ovr: Any, n_features: int) -> SigmoidOvR:
        """Return the head of a fitted ``OneVsRestClassifier(CalibratedClassifierCV(linear, sigmoid))``."""
        _need(_cls(ovr) == "sklearn.multiclass.OneVsRestClassifier", f"head {_cls(ovr)}")
        y_type = str(_get(_get(ovr, "label_binarizer_"), "y_type_"))
        cols, ints, a_s, b_s, folds = [], [], [], [], set()
        estimators = list(_get(ovr, "estimators_"))
        _need(len(estimators) >= 2, "fewer than two one-vs-rest estimators")
        for cal in estimators:
            _need(_cls(cal) == "sklearn.calibration.CalibratedClassifierCV", f"estimator {_cls(cal)}")
            parts = list(_get(cal, "calibrated_classifiers_"))
            folds.add(len(parts))
            for part in parts:
                _need(_cls(part) == "sklearn.calibration._CalibratedClassifier", f"fold {_cls(part)}")
                _need(_get(part, "method") == "sigmoid", "calibration is not sigmoid")
                classes = np.asarray(_get(part, "classes"))
                inner = _get(part, "estimator")
                _need(np.array_equal(classes, [0, 1]), "calibrated classes are not [0, 1]")
                _need(np.array_equal(np.asarray(_get(inner, "classes_")), [0, 1]), "estimator classes")
                calibrators = list(_get(part, "calibrators"))
                _need(len(calibrators) == 1, "not one calibrator per binary fold")
                sig = calibrators[0]
                _need(_cls(sig) == "sklearn.calibration._SigmoidCalibration", f"calibrator {_cls(sig)}")
                coef, intercept = _linear_params(inner, n_features)
                _need(coef.shape[0] == 1, "binary estimator with several coefficient rows")
                cols.append(coef[0])
                ints.append(intercept[0])
                a_s.append(float(_get(sig, "a_")))
                b_s.append(float(_get(sig, "b_")))
        _need(len(folds) == 1, "estimators with different numbers of calibrated folds")
        return cls(
            weights=np.ascontiguousarray(np.array(cols).T),
            intercept=np.array(ints),
            a=np.array(a_s),
            b=np.array(b_s),
            n_outputs=len(estimators),
            n_folds=folds.pop(),
            multilabel=y_type.startswith("multilabel"),
        )

    def predict_proba(self, decision: np.ndarray) -> np.ndarray:
        """Return (n, n_outputs) probabilities from the raw (n, n_outputs * n_folds) decisions."""
        with np.errstate(over="ignore"):
            # _SigmoidCalibration.predict: expit(-(a * T + b)) = 1 / (1 + exp(a * T + b))
            calibrated = 1.0 / (1.0 + np.exp(self.a * decision + self.b))
        folds = calibrated.reshape(len(decision), self.n_outputs, self.n_folds)
        proba = np.zeros((len(decision), self.n_outputs))
        for k in range(self.n_folds):  # CalibratedClassifierCV: mean_proba += proba; /= n
            proba += folds[:, :, k]
        proba /= self.n_folds
        if not self.multilabel:
            sums = proba.sum(axis=1)[:, None]
            np.divide(proba, sums, out=proba, where=sums != 0)
        return proba


@dataclass(frozen=True)
class LinearProba:
    """A fitted LogisticRegression: softmax over its classes (binary: the logistic of one score)."""

    weights: np.ndarray  # (F, k)
    intercept: np.ndarray
    classes: tuple[str, ...]

    @classmethod
    def from_estimator(cls, est: Any, n_features: int) -> LinearProba:
        """Return the head of a fitted multinomial (or binary) ``LogisticRegression``."""
        _need(_cls(est) == "sklearn.linear_model._logistic.LogisticRegression", f"head {_cls(est)}")
        _need(_opt(est, "multi_class", "deprecated") in ("deprecated", "auto", "multinomial"), "ovr")
        coef, intercept = _linear_params(est, n_features)
        classes = tuple(str(c) for c in np.asarray(_get(est, "classes_")).tolist())
        _need(len(classes) >= 2, "fewer than two classes")
        _need(coef.shape[0] == (1 if len(classes) == 2 else len(classes)), "coef_ rows vs classes")
        return cls(np.ascontiguousarray(coef.T), intercept, classes)

    def predict_proba(self, decision: np.ndarray) -> np.ndarray:
        """Return (n, n_classes) probabilities from the raw decisions."""
        if len(self.classes) == 2:
            with np.errstate(over="ignore"):
                p = 1.0 / (1.0 + np.exp(-decision[:, 0]))
            return np.vstack([1 - p, p]).T
        z = decision - decision.max(axis=1, keepdims=True)  # sklearn.utils.extmath.softmax
        np.exp(z, z)
        z /= z.sum(axis=1, keepdims=True)
        return z


@dataclass(frozen=True)
class FastPipeline:
    """A TF-IDF step and a linear head: ``predict_proba(texts)`` equals the Pipeline's."""

    tfidf: CharTfidf
    head: SigmoidOvR | LinearProba

    @property
    def n_outputs(self) -> int:
        """Return the number of columns `predict_proba` returns."""
        return self.head.n_outputs if isinstance(self.head, SigmoidOvR) else len(self.head.classes)

    @classmethod
    def from_estimator(cls, pipe: Any) -> FastPipeline:
        """Return the fast path of a fitted (or stored) Pipeline; raises `Unsupported` when there is none."""
        _need(_cls(pipe) == "sklearn.pipeline.Pipeline", f"not a Pipeline: {_cls(pipe)}")
        steps = [tuple(s) for s in _get(pipe, "steps")]
        _need(len(steps) == 2, "not a two-step Pipeline")
        _need(_opt(pipe, "transform_input") is None, "transform_input is set")
        tfidf = CharTfidf.from_estimator(steps[0][1])
        last = steps[1][1]
        if _cls(last) == "sklearn.multiclass.OneVsRestClassifier":
            return cls(tfidf, SigmoidOvR.from_estimator(last, tfidf.n_features))
        return cls(tfidf, LinearProba.from_estimator(last, tfidf.n_features))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Return the probabilities of `texts`, as ``Pipeline.predict_proba`` does."""
        ptr, idx, data = self.tfidf.transform(texts)
        decision = _sparse_dot(ptr, idx, data, self.head.weights) + self.head.intercept
        return self.head.predict_proba(decision)


# --------------------------------------------------------------------------- skops files

_LEAF_LOADERS = {"JsonNode", "NdArrayNode", "TypeNode"}


def _node(zf: zipfile.ZipFile, node: Any) -> Any:
    if not isinstance(node, dict) or "__loader__" not in node:
        raise Unsupported("schema node without a loader")
    loader = node["__loader__"]
    content = node.get("content")
    if loader == "JsonNode":
        return json.loads(content)
    if loader == "TypeNode":
        return f"{node['__module__']}.{node['__class__']}"
    if loader == "NdArrayNode":
        if node.get("type") != "numpy":
            raise Unsupported("array stored as JSON")
        arr = np.load(io.BytesIO(zf.read(node["file"])), allow_pickle=False)
        return arr if node["__class__"] == "ndarray" else arr[()]
    if loader in ("ListNode", "TupleNode"):
        items = [_node(zf, v) for v in content]
        return items if loader == "ListNode" else tuple(items)
    if loader == "DictNode":
        key_types = _node(zf, node["key_types"]) if "key_types" in node else []
        if any(t != "builtins.str" for t in key_types):
            raise Unsupported("dictionary with non-string keys")
        return {k: _node(zf, v) for k, v in content.items()}
    if loader == "ObjectNode":
        state = _node(zf, content)
        if not isinstance(state, dict):
            raise Unsupported("object state is not a dictionary")
        return _Stored(f"{node['__module__']}.{node['__class__']}", state)
    raise Unsupported(f"skops loader {loader}")


def read_skops(path: str | Path) -> FastPipeline:
    """Return the fast path of the Pipeline stored in a ``.skops`` file, reading JSON and arrays only.

    The caller checks the file's types against its allow-list first. Raises `Unsupported` when the
    file uses a construct this reader does not know (the caller then loads it with skops), and the
    zipfile/JSON errors of an unreadable file.
    """
    with zipfile.ZipFile(path) as zf:
        schema = json.loads(zf.read("schema.json"))
        if schema.get("protocol") != 2:
            raise Unsupported(f"skops protocol {schema.get('protocol')}")
        return FastPipeline.from_estimator(_node(zf, schema))


@dataclass(frozen=True)
class FastModel:
    """The fast paths of both pipelines of a `ProblemModel`."""

    categories: FastPipeline
    kind: FastPipeline

    @classmethod
    def from_estimators(cls, categories: Any, kind: Any) -> FastModel | None:
        """Return the fast paths of two fitted Pipelines, or None when either has none."""
        try:
            return cls(FastPipeline.from_estimator(categories), FastPipeline.from_estimator(kind))
        except Unsupported:
            return None
