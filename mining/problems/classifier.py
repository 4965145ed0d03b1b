"""The problem classifier: train, evaluate, save and load (skops with an explicit allow-list).

Two scikit-learn `Pipeline`s travel together in one model directory:

* ``categories.skops``: TF-IDF character 1–2-grams + one-vs-rest `LinearSVC`s, each wrapped in a
  sigmoid `CalibratedClassifierCV`, so ``scores`` are calibrated per-category probabilities;
* ``kind.skops``: TF-IDF character 1–2-grams + `LogisticRegression` over problem|measure|other,
  which backs up the structural problem-vs-measure decision of section 五.

Model files are never unpickled: `load_model` asks skops which types a file needs and refuses any
type outside `TRUSTED_TYPES`, whatever directory the file comes from.
"""

from __future__ import annotations

import csv
import hashlib
import json
import platform
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import ReadError

CATEGORIES: tuple[str, ...] = (
    "awareness",
    "staff_capacity",
    "timeliness",
    "content_depth",
    "interpretation_response",
    "application_handling",
    "platform",
    "channels_newmedia",
    "mechanisms",
    "info_management",
    "participation",
    "standardization_digital",
    "innovation",
)
"""The categories of ``../shared/spec/taxonomy.md`` in table order."""

KINDS: tuple[str, ...] = ("problem", "measure", "other")
REPO_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_DIR = REPO_ROOT / "models" / "problems"
BUNDLED_DATA = REPO_ROOT / "corpora" / "problems" / "labelled.csv"
FILES = ("categories.skops", "kind.skops", "config.json")

TRUSTED_TYPES: frozenset[str] = frozenset(
    {
        "builtins.dict",
        "builtins.str",
        "builtins.int",
        "builtins.float",
        "builtins.bool",
        "builtins.NoneType",
        "builtins.list",
        "builtins.tuple",
        "builtins.slice",
        "collections.OrderedDict",
        "numpy.dtype",
        "numpy.ndarray",
        "numpy.float64",
        "numpy.float32",
        "numpy.int64",
        "numpy.int32",
        "numpy.str_",
        "scipy.sparse._csr.csr_matrix",
        "sklearn.pipeline.Pipeline",
        "sklearn.feature_extraction.text.TfidfVectorizer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.multiclass.OneVsRestClassifier",
        "sklearn.calibration.CalibratedClassifierCV",
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._SigmoidCalibration",
        "sklearn.svm._classes.LinearSVC",
        "sklearn.linear_model._logistic.LogisticRegression",
        "sklearn.preprocessing._label.LabelBinarizer",
        "sklearn.preprocessing._label.LabelEncoder",
    }
)
"""Every type a model file may contain; anything else is refused before loading."""


class ModelError(ReadError):
    """A model directory or a labelled data file cannot be used; the message names it and why."""


@dataclass(frozen=True)
class LabelledRow:
    """One row of a labelled corpus (``text``, ``labels``, ``kind`` and optional ``split``/``group``)."""

    text: str
    labels: tuple[str, ...]
    kind: str = "problem"
    split: str = ""
    group: str = ""


@dataclass(frozen=True)
class ProblemModel:
    """A loaded classifier: both pipelines, the category order, the label threshold and its config."""

    categories: Any
    kind: Any
    labels: tuple[str, ...]
    threshold: float = 0.5
    config: dict[str, Any] = field(default_factory=dict)
    path: str = ""

    def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Return ``{category: p}`` for each text (one batched call)."""
        if not texts:
            return []
        probs = self.categories.predict_proba([clean_item(t) for t in texts])
        return [{c: round(float(p), 4) for c, p in zip(self.labels, row, strict=True)} for row in probs]

    def kinds(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Return ``{kind: p}`` (problem, measure, other) for each text."""
        if not texts:
            return []
        probs = self.kind.predict_proba([clean_item(t) for t in texts])
        order = [str(c) for c in self.kind.classes_]
        return [{k: float(p) for k, p in zip(order, row, strict=True)} for row in probs]

    def label(self, scores: dict[str, float], *, at_least_one: bool = True) -> tuple[str, ...]:
        """Return the categories whose score passes the threshold, best first (the top one if none)."""
        return labels_from_scores(scores, self.threshold, at_least_one=at_least_one)


def labels_from_scores(
    scores: dict[str, float], threshold: float, *, at_least_one: bool = True
) -> tuple[str, ...]:
    """Return the categories scoring at least `threshold`, ordered by score (the top one if none)."""
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen = [c for c, p in ranked if p >= threshold]
    if not chosen and at_least_one and ranked:
        chosen = [ranked[0][0]]
    return tuple(chosen)


_MARKER = re.compile(
    r"^\s*(?:[-*•·]\s+)?(?:\*\*)?\s*"
    r"(?:[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]|\d{1,2}\s*[、.．](?!\d)"
    r"|[①-⑳]|[一二三四五六七八九十]{1,2}是|[一二三四五六七八九十]{1,2}要|第[一二三四五六七八九十]{1,2}[,，、])?\s*"
)


def clean_item(text: str) -> str:
    """Return `text` without its list marker, Markdown emphasis and edge punctuation (model input)."""
    text = text.replace("**", "").replace("__", "")
    text = _MARKER.sub("", text, count=1)
    return text.strip().strip("。；;，,：: \t\n")


# --------------------------------------------------------------------------- data


def read_labelled(path: str | Path) -> list[LabelledRow]:
    """Return the rows of a labelled CSV (``text``, ``labels``; optional ``kind``, ``split``, ``group``).

    Raises `ModelError` naming the file and the first bad rows instead of failing later in training.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ModelError(str(path), f"cannot read labelled data: {exc.strerror or exc}") from exc
    try:
        lines = raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise ModelError(str(path), "labelled data is not UTF-8", "save the CSV as UTF-8") from exc
    reader = csv.DictReader(lines)
    columns = set(reader.fieldnames or ())
    if not {"text", "labels"} <= columns:
        raise ModelError(
            str(path),
            f"labelled data needs the columns text and labels (found: {', '.join(sorted(columns)) or 'none'})",
        )
    rows, bad = [], []
    for n, rec in enumerate(reader, start=2):
        text = (rec.get("text") or "").strip()
        labels = tuple(x.strip() for x in (rec.get("labels") or "").split(";") if x.strip())
        kind = (rec.get("kind") or "problem").strip() or "problem"
        split = (rec.get("split") or "").strip()
        if (
            not text
            or kind not in KINDS
            or (kind == "problem" and not labels)
            or split not in ("", "train", "test")
        ):
            bad.append(n)
            continue
        rows.append(LabelledRow(text, labels, kind, split, (rec.get("group") or "").strip()))
    if bad:
        shown = ", ".join(map(str, bad[:8])) + (" …" if len(bad) > 8 else "")
        raise ModelError(
            str(path),
            f"{len(bad)} bad row(s) (line {shown})",
            "each row needs text, kind in problem|measure|other, labels for a problem, split empty|train|test",
        )
    if not rows:
        raise ModelError(str(path), "labelled data has no rows")
    return rows


def data_hash(path: str | Path) -> str:
    """Return the sha256 of a data file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --------------------------------------------------------------------------- training


def _category_pipeline(n_calibration_folds: int, seed: int) -> Any:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    svc = LinearSVC(C=0.5, class_weight="balanced", random_state=seed)
    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
            (
                "clf",
                OneVsRestClassifier(
                    CalibratedClassifierCV(svc, method="sigmoid", cv=n_calibration_folds, ensemble=False)
                ),
            ),
        ]
    )


def _kind_pipeline(seed: int) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
            ("clf", LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000, random_state=seed)),
        ]
    )


def _drop_stop_words(pipe: Any) -> Any:
    """Return `pipe` without the vectoriser's ``stop_words_`` (the pruned terms: only size, no use)."""
    tfidf = pipe.named_steps["tfidf"]
    if hasattr(tfidf, "stop_words_"):
        delattr(tfidf, "stop_words_")
    return pipe


def _binarize(rows: Sequence[LabelledRow], labels: Sequence[str]) -> Any:
    import numpy as np

    index = {c: i for i, c in enumerate(labels)}
    y = np.zeros((len(rows), len(labels)), dtype=int)
    for r, row in enumerate(rows):
        for c in row.labels:
            if c in index:
                y[r, index[c]] = 1
    return y


def _assign_split(rows: list[LabelledRow], seed: int, test_share: float = 0.25) -> list[LabelledRow]:
    """Return rows with ``split`` set: kept when given, else a grouped split stratified on the first label."""
    if all(r.split for r in rows):
        return rows
    from sklearn.model_selection import StratifiedGroupKFold

    strata = [r.labels[0] if r.labels else f"_{r.kind}" for r in rows]
    groups = [r.group or f"row{i}" for i, r in enumerate(rows)]
    n_splits = max(2, round(1 / test_share))
    folds = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    _, test_idx = next(folds.split(rows, strata, groups))
    test = set(int(i) for i in test_idx)
    return [
        LabelledRow(r.text, r.labels, r.kind, r.split or ("test" if i in test else "train"), r.group)
        for i, r in enumerate(rows)
    ]


def _min_support(rows: Sequence[LabelledRow], labels: Sequence[str]) -> tuple[str, int]:
    counts = {c: 0 for c in labels}
    for r in rows:
        for c in r.labels:
            counts[c] = counts.get(c, 0) + 1
    cat = min(counts, key=lambda c: counts[c])
    return cat, counts[cat]


def category_metrics(y_true: Any, y_pred: Any, labels: Sequence[str]) -> dict[str, Any]:
    """Return micro/macro F1 and per-category precision, recall, F1 and support."""
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, zero_division=0)
    return {
        "micro_f1": round(float(f1_score(y_true, y_pred, average="micro", zero_division=0)), 4),
        "macro_f1": round(float(f1_score(y_true, y_pred, average="macro", zero_division=0)), 4),
        "per_category": {
            c: {
                "precision": round(float(p[i]), 4),
                "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4),
                "support": int(s[i]),
            }
            for i, c in enumerate(labels)
        },
    }


def predict_labels(probs: Any, threshold: float) -> Any:
    """Return the 0/1 label matrix: scores >= threshold, and at least each row's best category."""
    import numpy as np

    pred = (probs >= threshold).astype(int)
    pred[np.arange(len(probs)), probs.argmax(axis=1)] = 1
    return pred


def evaluate(model: ProblemModel, rows: Sequence[LabelledRow]) -> dict[str, Any]:
    """Return the category metrics of `model` on the problem rows of `rows` plus the kind accuracy."""
    import numpy as np

    problems = [r for r in rows if r.kind == "problem" and r.labels]
    out: dict[str, Any] = {"n_problems": len(problems)}
    if problems:
        probs = np.array([[s[c] for c in model.labels] for s in model.score([r.text for r in problems])])
        y = _binarize(problems, model.labels)
        out.update(category_metrics(y, predict_labels(probs, model.threshold), model.labels))
        top = [model.labels[i] for i in probs.argmax(axis=1)]
        out["top1_accuracy"] = round(
            sum(t in r.labels for t, r in zip(top, problems, strict=True)) / len(problems), 4
        )
    if rows:
        kinds = model.kinds([r.text for r in rows])
        guess = [max(k, key=k.get) for k in kinds]
        out["kind_accuracy"] = round(
            sum(g == r.kind for g, r in zip(guess, rows, strict=True)) / len(rows), 4
        )
        out["n_kind"] = len(rows)
    return out


def train_model(
    rows: Sequence[LabelledRow],
    *,
    seed: int = 0,
    cv_folds: int = 5,
    source: str = "",
) -> tuple[ProblemModel, dict[str, Any]]:
    """Return a model trained on the train split of `rows` and its metrics (held-out test + CV on train).

    Rows without ``split`` get one (grouped, stratified on the first label). The category pipeline
    learns from every labelled row (problems, and measures labelled with the category they address);
    it is evaluated on held-out *problems*. The label threshold is the one that maximises macro-F1 in
    cross-validation on the train split.
    """
    import numpy as np
    from sklearn.model_selection import StratifiedGroupKFold

    rows = _assign_split(list(rows), seed)
    labels = tuple(c for c in CATEGORIES if any(c in r.labels for r in rows))
    labels += tuple(sorted({c for r in rows for c in r.labels} - set(labels)))
    if len(labels) < 2:
        raise ModelError(source or "labelled data", "training needs at least two categories")
    train = [r for r in rows if r.split == "train"]
    test = [r for r in rows if r.split == "test"]
    labelled = [r for r in train if r.labels]
    cat, n = _min_support(labelled, labels)
    if n < 4:
        raise ModelError(
            source or "labelled data",
            f"category {cat!r} has {n} labelled training row(s); at least 4 are needed",
        )
    if len({r.kind for r in train}) < 2:
        raise ModelError(
            source or "labelled data", "training needs rows of at least two kinds (e.g. problem, measure)"
        )
    calib = min(3, n)
    x = [clean_item(r.text) for r in labelled]
    y = _binarize(labelled, labels)

    # Cross-validation on the train split, grouped so variants of one piece stay in one fold.
    strata = [r.labels[0] for r in labelled]
    groups = [r.group or f"row{i}" for i, r in enumerate(labelled)]
    folds = min(cv_folds, n)
    oof = np.zeros(y.shape, dtype=float)
    fold_scores = []
    if folds >= 2:
        splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
        for tr, va in splitter.split(x, strata, groups):
            if y[tr].sum(axis=0).min() < calib:
                continue
            pipe = _category_pipeline(calib, seed).fit([x[i] for i in tr], y[tr])
            oof[va] = pipe.predict_proba([x[i] for i in va])
            probs_va = oof[va]
            fold_scores.append(category_metrics(y[va], predict_labels(probs_va, 0.5), labels)["macro_f1"])
    thresholds = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
    threshold = 0.5
    cv_by_threshold: dict[str, float] = {}
    if fold_scores:
        for t in thresholds:
            cv_by_threshold[str(t)] = category_metrics(y, predict_labels(oof, t), labels)["macro_f1"]
        threshold = float(max(cv_by_threshold, key=lambda k: (cv_by_threshold[k], -abs(float(k) - 0.5))))

    categories = _drop_stop_words(_category_pipeline(calib, seed).fit(x, y))
    kind = _drop_stop_words(
        _kind_pipeline(seed).fit([clean_item(r.text) for r in train], [r.kind for r in train])
    )
    model = ProblemModel(categories=categories, kind=kind, labels=labels, threshold=threshold)
    metrics: dict[str, Any] = {
        "test": evaluate(model, test) if test else {},
        "cv": {
            "folds": len(fold_scores),
            "macro_f1_mean": round(float(np.mean(fold_scores)), 4) if fold_scores else None,
            "macro_f1_std": round(float(np.std(fold_scores)), 4) if fold_scores else None,
            "macro_f1_by_threshold": cv_by_threshold,
        },
        "threshold": threshold,
        "n_train": len(train),
        "n_test": len(test),
        "n_train_labelled": len(labelled),
    }
    return model, metrics


# --------------------------------------------------------------------------- storage


def library_versions() -> dict[str, str]:
    """Return the versions of the libraries a model file depends on."""
    import numpy
    import scipy
    import sklearn
    import skops

    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "skops": skops.__version__,
    }


def save_model(
    model: ProblemModel,
    metrics: dict[str, Any],
    out_dir: str | Path,
    *,
    data_path: str | Path | None = None,
    card: str | None = None,
) -> Path:
    """Return `out_dir` after writing both pipelines (skops), ``config.json``, ``metrics.json`` and a card."""
    import skops.io as sio

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sio.dump(model.categories, out / "categories.skops")
    sio.dump(model.kind, out / "kind.skops")
    config = {
        "labels": list(model.labels),
        "kinds": [str(k) for k in model.kind.classes_],
        "threshold": model.threshold,
        "data": {
            "path": str(data_path) if data_path else None,
            "sha256": data_hash(data_path) if data_path else None,
        },
        "versions": library_versions(),
        "files": {name: data_hash(out / name) for name in ("categories.skops", "kind.skops")},
    }
    (out / "config.json").write_text(
        json.dumps(config, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    full = dict(metrics, data_sha256=config["data"]["sha256"], versions=config["versions"])
    (out / "metrics.json").write_text(json.dumps(full, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "MODEL_CARD.md").write_text(card or model_card(model, full, data_path), encoding="utf-8")
    return out


def model_card(model: ProblemModel, metrics: dict[str, Any], data_path: str | Path | None) -> str:
    """Return a Markdown model card describing data, intended use, metrics and limits."""
    test = metrics.get("test") or {}
    per = test.get("per_category") or {}
    lines = [
        "# Section 五 problem classifier",
        "",
        "## Model",
        "Two scikit-learn pipelines stored with skops (loaded only with an explicit trusted-type list):",
        "`categories.skops` (TF-IDF char 1-2-grams + one-vs-rest LinearSVC with sigmoid calibration,",
        "multi-label) and `kind.skops` (TF-IDF char 1-2-grams + logistic regression, problem/measure/other).",
        f"Labels: {', '.join(model.labels)}. Threshold {model.threshold} (chosen by CV macro-F1).",
        "",
        "## Data",
        f"`{data_path}` (sha256 `{metrics.get('data_sha256')}`): {metrics.get('n_train')} train rows,",
        f"{metrics.get('n_test')} test rows.",
        "",
        "## Metrics (held-out test split)",
        f"micro-F1 {test.get('micro_f1')}, macro-F1 {test.get('macro_f1')}, top-1 accuracy "
        f"{test.get('top1_accuracy')}, kind accuracy {test.get('kind_accuracy')}; CV macro-F1 on train "
        f"{(metrics.get('cv') or {}).get('macro_f1_mean')} ± {(metrics.get('cv') or {}).get('macro_f1_std')}.",
        "",
        "| category | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {c} | {m['precision']} | {m['recall']} | {m['f1']} | {m['support']} |" for c, m in per.items()
    ]
    lines += [
        "",
        "## Intended use",
        "Label the problems an agency lists in section 五 of a 政府信息公开工作年度报告 (one clause or",
        "sentence at a time) for research and auditing; tell problems from improvement measures.",
        "",
        "## Limits",
        "Trained on sentences written for this project in the genre's style, not on real reports: wording",
        "far from the genre, other languages, or whole paragraphs mixing many topics score lower. Scores",
        "are calibrated on the training distribution only. Versions: "
        + ", ".join(f"{k} {v}" for k, v in (metrics.get("versions") or {}).items())
        + ".",
        "",
    ]
    return "\n".join(lines)


def types_in(path: str | Path) -> set[str]:
    """Return every ``module.Class`` a skops file's schema names (read as JSON, nothing is run)."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        schema = json.loads(zf.read("schema.json"))
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "__class__" in node and "__module__" in node:
                found.add(f"{node['__module__']}.{node['__class__']}")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return found


def _load_skops(path: Path) -> Any:
    import skops.io as sio

    try:
        needed = sio.get_untrusted_types(file=path)
        present = types_in(path)
    except Exception as exc:  # a corrupt or foreign file: report it, never crash the batch
        raise ModelError(str(path), f"not a readable skops model file ({type(exc).__name__}: {exc})") from exc
    # skops trusts every scikit-learn estimator by default; we trust only what our pipelines use.
    refused = sorted((set(needed) | present) - TRUSTED_TYPES)
    if refused:
        raise ModelError(str(path), f"refusing to load untrusted types: {', '.join(refused)}")
    try:
        return sio.load(path, trusted=list(needed))
    except Exception as exc:
        raise ModelError(str(path), f"cannot load model ({type(exc).__name__}: {exc})") from exc


def load_model(path: str | Path | None = None) -> ProblemModel:
    """Return the classifier stored in directory `path` (the bundled ``models/problems`` when None).

    Raises `ModelError` (a `ReadError`) naming the directory when a file is missing, unreadable or
    would need a type outside `TRUSTED_TYPES`.
    """
    root = Path(path) if path is not None else BUNDLED_DIR
    if not root.is_dir():
        raise ModelError(
            str(root), "model directory not found", "train one with `xxgk train --data FILE --out DIR`"
        )
    missing = [name for name in FILES if not (root / name).is_file()]
    if missing:
        raise ModelError(str(root), f"model directory lacks {', '.join(missing)}")
    try:
        config = json.loads((root / "config.json").read_text(encoding="utf-8"))
        labels = tuple(str(x) for x in config["labels"])
        threshold = float(config.get("threshold", 0.5))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(str(root / "config.json"), f"invalid model config ({exc})") from exc
    categories = _load_skops(root / "categories.skops")
    kind = _load_skops(root / "kind.skops")
    n_out = len(getattr(categories, "classes_", labels))
    if n_out != len(labels):
        raise ModelError(str(root), f"config lists {len(labels)} labels but the model predicts {n_out}")
    return ProblemModel(categories, kind, labels, threshold, config, str(root))


def train_from_csv(
    data: str | Path, out_dir: str | Path, *, seed: int = 0
) -> tuple[ProblemModel, dict[str, Any]]:
    """Return the model and metrics trained on a labelled CSV, after writing the artifact to `out_dir`."""
    rows = read_labelled(data)
    model, metrics = train_model(rows, seed=seed, source=str(data))
    save_model(model, metrics, out_dir, data_path=data)
    return model, metrics
