"""The NumPy fast path of the problem classifier gives the scikit-learn pipelines' probabilities."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mining.problems.classifier import (
    BUNDLED_DATA,
    BUNDLED_DIR,
    LazyPipeline,
    ProblemModel,
    clean_item,
    load_model,
    pipeline_of,
    read_labelled,
)
from mining.problems.fast import FastModel, FastPipeline, Unsupported, read_skops

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def test_texts():
    texts = [clean_item(r.text) for r in read_labelled(BUNDLED_DATA) if r.split == "test"]
    # Edge cases of the vectoriser: empty, whitespace runs, Latin case, out-of-vocabulary only.
    return texts + ["", "   ", "网站  栏目\n\n更新 ABC", "￥￥￥"]


def test_load_model_uses_the_fast_path_and_defers_the_pipelines(model):
    assert model.fast is not None
    assert isinstance(model.categories, LazyPipeline) and isinstance(model.kind, LazyPipeline)
    assert model.fast.categories.n_outputs == len(model.labels) == 13
    assert model.fast.kind.head.classes == ("measure", "other", "problem")


@pytest.mark.parametrize("which", ["categories", "kind"])
def test_fast_scores_equal_predict_proba_on_the_test_split(model, test_texts, which):
    pipeline = pipeline_of(getattr(model, which))
    expected = pipeline.predict_proba(test_texts)
    from_file = getattr(model.fast, which).predict_proba(test_texts)
    from_memory = FastPipeline.from_estimator(pipeline).predict_proba(test_texts)
    assert from_file.shape == expected.shape == (len(test_texts), expected.shape[1])
    assert np.abs(from_file - expected).max() < 1e-9
    assert np.abs(from_memory - expected).max() < 1e-9


def test_score_and_kinds_match_the_pipelines(model, test_texts):
    texts = test_texts[:80]
    slow = ProblemModel(pipeline_of(model.categories), pipeline_of(model.kind), model.labels, model.threshold)
    object.__setattr__(slow, "fast", None)  # force the scikit-learn path
    assert slow.score(texts) == model.score(texts)
    for a, b in zip(slow.kinds(texts), model.kinds(texts), strict=True):
        assert a.keys() == b.keys() and max(abs(a[k] - b[k]) for k in a) < 1e-9


def test_a_trained_in_memory_model_gets_a_fast_path(model):
    rebuilt = ProblemModel(pipeline_of(model.categories), pipeline_of(model.kind), model.labels)
    assert isinstance(rebuilt.fast, FastModel)


def test_unsupported_pipelines_fall_back_to_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    texts = ["网站 栏目 更新", "人员 培训 不足", "网站 检索 不便", "人员 兼职 较多"]
    word = Pipeline([("tfidf", TfidfVectorizer()), ("clf", LogisticRegression())]).fit(texts, [0, 1, 0, 1])
    with pytest.raises(Unsupported, match="analyzer"):
        FastPipeline.from_estimator(word)
    assert FastModel.from_estimators(word, word) is None
    fallback = ProblemModel(word, word, ("a", "b"))
    assert fallback.fast is None
    assert np.allclose(
        [list(s.values()) for s in fallback.score(texts)], word.predict_proba(texts), atol=1e-4
    )


def test_read_skops_reads_the_vectoriser_options():
    fast = read_skops(BUNDLED_DIR / "categories.skops")
    assert fast.tfidf.ngram_range == (1, 2) and fast.tfidf.sublinear_tf and fast.tfidf.norm == "l2"
    assert fast.head.n_folds >= 1 and fast.head.weights.shape == (
        fast.tfidf.n_features,
        13 * fast.head.n_folds,
    )


def test_cold_load_imports_neither_sklearn_nor_skops():
    code = (
        "import sys; from mining.problems import load_model; m = load_model(); m.score(['网站更新不及时']); "
        "print(sorted(x for x in ('sklearn', 'skops', 'scipy') if x in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.stdout.strip() == "[]"
