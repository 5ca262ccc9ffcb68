"""Text -> category, skill and priority, learned from a desk's own labelled history (A2).

Character n-grams within words (TF-IDF) work in any language the desk receives without a
word list; one multinomial logistic regression per target gives a probability, so each
prediction carries its confidence. The live desk trains in batches (`train`), the what-if
simulator online as each ticket's real skill becomes known (`OnlineSkillLearner`); both predict
with the same `TextClassifier`.

A model is stored as an `.npz` archive read with `allow_pickle=False`: only numbers and
fixed-width strings, so loading a stored model never runs code (docs/decisions/0044).
"""

from __future__ import annotations

import io
import json
import math
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dispatchdesk.common.lazy import lazy_import

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse  # type: ignore[import-untyped]  # scipy ships no hints
    from sklearn import exceptions, linear_model, preprocessing
    from sklearn.feature_extraction import text
else:
    np = lazy_import("numpy")
    sparse = lazy_import("scipy.sparse")
    exceptions = lazy_import("sklearn.exceptions")
    linear_model = lazy_import("sklearn.linear_model")
    preprocessing = lazy_import("sklearn.preprocessing")
    text = lazy_import("sklearn.feature_extraction.text")

FORMAT = "dispatchdesk-text-classifier"
FORMAT_VERSION = 1
TARGETS = ("category", "skill", "priority")
NGRAMS = (2, 4)
MAX_FEATURES = 2**15
MIN_EXAMPLES = 40  # resolved tickets below which a desk has too little history to learn from
MIN_PER_LABEL = 3  # a label seen fewer times is not learned (it could not be told apart)
HELD_OUT_SHARE = 0.2  # the most recent fifth of the history is kept back to measure accuracy
MAX_ITER = 200
REGULARISATION = 2.0  # inverse strength (scikit-learn's C)
TOLERANCE = 1e-3  # stop when the fit improves less: plenty for ranking labels
BINARY = 2  # logistic regression keeps one row of weights for two classes
MIN_CLASSES = 2  # fewer labels than this cannot be told apart


@dataclass(frozen=True, slots=True)
class Example:
    """One worked ticket: its text, its final labels per target (missing: unknown), and its weight."""

    text: str
    labels: Mapping[str, str]
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Prediction:
    label: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Head:
    """One target's linear model: per class a weight per n-gram, and an intercept."""

    classes: tuple[str, ...]
    coef: np.ndarray[Any, Any]  # (len(classes) or 1 for two classes) x features
    intercept: np.ndarray[Any, Any]

    def probabilities(self, x: sparse.csr_matrix) -> np.ndarray[Any, Any]:
        return self.from_scores(np.asarray(x @ self.coef.T).ravel() + self.intercept)

    def from_scores(self, scores: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """Class probabilities from the linear scores (softmax; a sigmoid for two classes)."""
        if len(self.classes) == BINARY:
            p = 1.0 / (1.0 + math.exp(-float(scores[0])))
            return np.array([1.0 - p, p])
        scores = scores - scores.max()
        weights = np.exp(scores)
        return np.asarray(weights / weights.sum())


class ModelFormatError(ValueError):
    """Stored bytes that are not a model this code reads; the message says why."""


@dataclass(slots=True)
class TextClassifier:
    vocabulary: tuple[str, ...]
    idf: np.ndarray[Any, Any]
    heads: dict[str, Head]
    _vectorizer: text.CountVectorizer = field(init=False, repr=False)
    _index: dict[str, int] = field(init=False, repr=False)
    _analyze: Any = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = {term: i for i, term in enumerate(self.vocabulary)}
        self._vectorizer = _counter(self._index)
        self._analyze = self._vectorizer.build_analyzer()

    def _one(self, text: str) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """One text's weighted n-grams as (indices, values): `vectors` for a single text, without
        building a matrix (a dispatcher reads one ticket at a time)."""
        counts = Counter(i for i in map(self._index.get, self._analyze(text)) if i is not None)
        if not counts:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        index = np.fromiter(counts, dtype=np.intp, count=len(counts))
        values = (np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts))) + 1.0) * self.idf[index]
        return index, values / np.linalg.norm(values)

    def _scores(self, head: Head, text: str) -> np.ndarray[Any, Any]:
        index, values = self._one(text)
        return np.asarray(head.coef[:, index] @ values + head.intercept)

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(t for t in TARGETS if t in self.heads)

    def vectors(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return _weigh(self._vectorizer.transform(texts), self.idf)

    def probabilities(self, text: str, target: str) -> dict[str, float]:
        """Every label of `target` with its probability (empty when the target was not learned)."""
        head = self.heads.get(target)
        if head is None:
            return {}
        probs = head.from_scores(self._scores(head, text))
        return {label: float(p) for label, p in zip(head.classes, probs, strict=True)}

    def predict(self, text: str) -> dict[str, Prediction]:
        """The likeliest label per learned target, with its probability."""
        out: dict[str, Prediction] = {}
        for target, head in self.heads.items():
            probs = head.from_scores(self._scores(head, text))
            best = int(np.argmax(probs))
            out[target] = Prediction(head.classes[best], float(probs[best]))
        return out

    def to_bytes(self) -> bytes:
        arrays: dict[str, np.ndarray[Any, Any]] = {
            "meta": np.array(json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "targets": self.targets})),
            "vocabulary": np.array(self.vocabulary, dtype=str),
            "idf": self.idf.astype(np.float32),
        }
        for target, head in self.heads.items():
            arrays[f"{target}.classes"] = np.array(head.classes, dtype=str)
            arrays[f"{target}.coef"] = head.coef.astype(np.float32)
            arrays[f"{target}.intercept"] = head.intercept.astype(np.float32)
        out = io.BytesIO()
        np.savez_compressed(out, **arrays)  # type: ignore[arg-type]
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> TextClassifier:
        """Read a stored model; never unpickles (object arrays are refused), checks every shape."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                meta = json.loads(str(archive["meta"]))
                if meta.get("format") != FORMAT or meta.get("version") != FORMAT_VERSION:
                    raise ModelFormatError(f"not a {FORMAT} version {FORMAT_VERSION} model")
                vocabulary = tuple(str(t) for t in archive["vocabulary"])
                idf = archive["idf"].astype(np.float64)
                heads = {t: _read_head(archive, t, len(vocabulary)) for t in meta["targets"] if t in TARGETS}
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as error:
            raise ModelFormatError(f"cannot read the model: {error}") from None
        if idf.shape != (len(vocabulary),):
            raise ModelFormatError("the model's idf does not match its vocabulary")
        return cls(vocabulary, idf, heads)


def _read_head(archive: Any, target: str, width: int) -> Head:
    classes = tuple(str(c) for c in archive[f"{target}.classes"])
    coef = archive[f"{target}.coef"].astype(np.float64)
    intercept = archive[f"{target}.intercept"].astype(np.float64)
    rows = 1 if len(classes) == BINARY else len(classes)
    if coef.shape != (rows, width) or intercept.shape != (rows,):
        raise ModelFormatError(f"the {target} weights do not match its classes")
    return Head(classes, coef, intercept)


def _counter(vocabulary: Mapping[str, int] | None = None) -> text.CountVectorizer:
    return text.CountVectorizer(
        analyzer="char_wb",
        ngram_range=NGRAMS,
        lowercase=True,
        vocabulary=vocabulary,
        max_features=None if vocabulary else MAX_FEATURES,
        dtype=np.float64,
    )


def _weigh(counts: sparse.spmatrix, idf: np.ndarray[Any, Any]) -> sparse.csr_matrix:
    """Sublinear term frequency times idf, each row scaled to length one."""
    x = sparse.csr_matrix(counts, dtype=np.float64)
    x.data = np.log(x.data) + 1.0
    return sparse.csr_matrix(preprocessing.normalize(x @ sparse.diags(idf)))


def train(examples: Sequence[Example], targets: Iterable[str] = TARGETS) -> TextClassifier:
    """Fit the vocabulary, idf and one head per target that has at least two labels to tell apart."""
    texts = [e.text for e in examples]
    counter = _counter()
    counts = sparse.csr_matrix(counter.fit_transform(texts))
    vocabulary = tuple(sorted(counter.vocabulary_, key=counter.vocabulary_.__getitem__))
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    x = _weigh(counts, idf)
    heads: dict[str, Head] = {}
    for target in targets:
        head = _fit_head(x, examples, target)
        if head is not None:
            heads[target] = head
    return TextClassifier(vocabulary, idf, heads)


def learnable_labels(examples: Iterable[Example], target: str) -> set[str]:
    seen = Counter(e.labels[target] for e in examples if e.labels.get(target))
    return {label for label, n in seen.items() if n >= MIN_PER_LABEL}


def _fit_head(x: sparse.csr_matrix, examples: Sequence[Example], target: str) -> Head | None:
    keep = learnable_labels(examples, target)
    rows = [i for i, e in enumerate(examples) if e.labels.get(target) in keep]
    if len(keep) < MIN_CLASSES:
        return None
    y = [examples[i].labels[target] for i in rows]
    weights = np.array([examples[i].weight for i in rows])
    # "sag" suits many sparse rows of unit length: ten times faster here than the default lbfgs.
    model = linear_model.LogisticRegression(
        C=REGULARISATION, tol=TOLERANCE, max_iter=MAX_ITER, solver="sag", random_state=0
    )
    with warnings.catch_warnings():  # a fit stopped at MAX_ITER still ranks labels well; held-out accuracy says
        warnings.simplefilter("ignore", exceptions.ConvergenceWarning)
        model.fit(x[rows], y, sample_weight=weights)
    return Head(tuple(str(c) for c in model.classes_), model.coef_.copy(), model.intercept_.copy())


@dataclass(frozen=True, slots=True)
class Assessment:
    """A training run: the model (None when there is too little history), why not, and how right it is."""

    model: TextClassifier | None
    reason: str  # empty when the model may be switched on
    accuracy: dict[str, float]  # per target, on the held-out most recent tickets
    trained_on: int
    held_out: int


def assess(examples: Sequence[Example], targets: Iterable[str] = TARGETS) -> Assessment:
    """Train on the older tickets, measure on the most recent ones, then ship a model trained on all.

    `examples` are oldest first. A desk with too little history gets no model and the reason.
    """
    targets = tuple(targets)
    held = max(1, round(len(examples) * HELD_OUT_SHARE))
    if len(examples) < MIN_EXAMPLES:
        reason = f"only {len(examples)} worked tickets; at least {MIN_EXAMPLES} are needed"
        return Assessment(None, reason, {}, len(examples), 0)
    older, recent = examples[:-held], examples[-held:]
    learnable = [t for t in targets if len(learnable_labels(older, t)) >= MIN_CLASSES]
    if not learnable:
        reason = f"no field has two values with at least {MIN_PER_LABEL} tickets each"
        return Assessment(None, reason, {}, len(examples), held)
    trial = train(older, learnable)
    accuracy = {t: accuracy_of(trial, recent, t) for t in trial.targets}
    return Assessment(train(examples, learnable), "", accuracy, len(older), held)


def accuracy_of(model: TextClassifier, examples: Sequence[Example], target: str) -> float:
    """Share of the examples labelled for `target` whose likeliest label is the right one."""
    labelled = [e for e in examples if e.labels.get(target)]
    if not labelled or target not in model.heads:
        return 0.0
    head = model.heads[target]
    x = model.vectors([e.text for e in labelled])
    probs = np.vstack([head.probabilities(x[i]) for i in range(x.shape[0])])
    guesses = [head.classes[i] for i in probs.argmax(axis=1)]
    right = sum(g == e.labels[target] for g, e in zip(guesses, labelled, strict=True))
    return float(right) / len(labelled)


GROWTH = 1.25  # refit once the labelled tickets grew by a quarter
MIN_NEW = 10
ONLINE_WINDOW = 3000  # the most recent worked tickets an online refit reads: bounded cost, recent wording


class OnlineSkillLearner:
    """Learns text -> skill while a desk works: each ticket is added when its real skill becomes
    known (an agent handed it back or worked it), and the model is refitted as the history grows.

    It never sees a label it was not given, so a replay cannot learn a ticket's truth early.
    """

    def __init__(self, min_examples: int = MIN_EXAMPLES) -> None:
        self.min_examples = min_examples
        self.examples: list[Example] = []
        self.model: TextClassifier | None = None
        self.learned: set[object] = set()
        self._fitted_at = 0

    def learn(self, key: object, text: str, skill: str) -> None:
        """Record a worked ticket's real skill once (later reports of the same ticket add nothing)."""
        if key in self.learned:
            return
        self.learned.add(key)
        self.examples.append(Example(text, {"skill": skill}))
        size = len(self.examples)
        if size >= self.min_examples and size >= max(self._fitted_at * GROWTH, self._fitted_at + MIN_NEW):
            model = train(self.examples[-ONLINE_WINDOW:], ("skill",))
            self.model = model if "skill" in model.heads else None
            self._fitted_at = size

    def beliefs(self, text: str) -> dict[str, float] | None:
        """Probability per skill learned so far, or None before there is a model."""
        return self.model.probabilities(text, "skill") if self.model is not None else None
