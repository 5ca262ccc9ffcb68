"""BM25 text retrieval over a fixed set of documents: plain numbers, no Django (import-linter).

Terms are hashed (scikit-learn's HashingVectorizer), so building needs no vocabulary pass and the
index is a few arrays: each document's BM25 weight per term, stored by term (CSC), so a query sums
the columns of its own terms and never touches the rest. docs/decisions/0045-knowledge-and-suggestions.md.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from dispatchdesk.common.lazy import lazy_import

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from scipy import sparse  # type: ignore[import-untyped]  # scipy ships no hints
    from sklearn.feature_extraction import text as sklearn_text
else:  # loaded by the first search (decision 0057)
    np = lazy_import("numpy")
    sparse = lazy_import("scipy.sparse")
    sklearn_text = lazy_import("sklearn.feature_extraction.text")

# 2**20 buckets: collisions among a desk's few hundred thousand distinct words stay rare.
FEATURES = 2**20
K1 = 1.2
B = 0.75

_WORD = re.compile(r"\w\w+")
# Words too common in any request to tell two apart, in the desk's languages (English, German).
# (Compared after the vectorizer took accents off, as "für" reaches words() as "fur".)
_STOP_WORDS_TEXT = (
    "is my on in to of it we me at an be or so do no as by if am us up the and for with that this have has "
    "was are not but you your our from can cannot does did any all when what how why who which there their "
    "they them then than will would should could been being into out about after again also just only very "
    "its please thanks thank hello dear regards "
    "es zu im um er du der die das und ist nicht ein eine einen einem mit von auf für bei ich sie wir ihr "
    "den dem des sich auch noch nur wie was wenn aber oder mein meine hallo danke bitte grüße"
)
STOP_WORDS = frozenset(
    "".join(part for part in unicodedata.normalize("NFKD", word) if not unicodedata.combining(part))
    for word in _STOP_WORDS_TEXT.split()
)  # without accents, as the vectorizer's strip_accents="unicode" leaves the words it is given
# Endings stripped so that "jams", "jammed" and "jamming" meet "jam" (a light stemmer for both languages).
_ENDINGS = ("ingen", "ungen", "ing", "ung", "ed", "es", "en", "er", "s", "e", "n")


SHORTEST_STEM = 3


def stem(word: str) -> str:
    """Up to two endings off ("printers" → "printer" → "print"), never below three letters."""
    for _round in range(2):
        stripped = _strip_one(word)
        if stripped == word:
            break
        word = stripped
    return word


def _strip_one(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= SHORTEST_STEM:
            word = word[: -len(ending)]
            if len(word) > SHORTEST_STEM and word[-1] == word[-2] and ending in ("ing", "ed", "er"):
                word = word[:-1]  # dropping → dropp → drop
            return word
    return word


def words(text: str) -> list[str]:
    """The terms of a text as the index knows them: lower case, no accents, no stop words, stemmed."""
    return [stem(word) for word in _WORD.findall(text) if word not in STOP_WORDS]


@cache
def _vectorizer() -> sklearn_text.HashingVectorizer:
    return sklearn_text.HashingVectorizer(
        n_features=FEATURES,
        alternate_sign=False,
        norm=None,
        strip_accents="unicode",
        lowercase=True,
        tokenizer=words,
        token_pattern=None,
        dtype=np.float32,
    )


@dataclass(frozen=True)
class Index:
    """Documents' BM25 weights (documents by hashed terms, by column) and each document's key."""

    weights: sparse.csc_array
    keys: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.keys)


def build(texts: Sequence[str], keys: Sequence[int]) -> Index:
    """The index of `texts`, each known by its key (a ticket's or an article version's id)."""
    if not texts:
        return Index(weights=sparse.csc_array((0, FEATURES), dtype=np.float32), keys=np.zeros(0, dtype=np.int64))
    counts = sparse.csr_array(_vectorizer().transform(texts))
    count = max(len(texts), 1)
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    average = float(lengths.mean()) if len(texts) else 1.0
    frequency = np.bincount(counts.indices, minlength=FEATURES)
    idf = np.log1p((count - frequency + 0.5) / (frequency + 0.5)).astype(np.float32)
    # BM25 per stored (document, term): idf * tf*(k1+1) / (tf + k1*(1 - b + b*len/avg))
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    norm = (K1 * (1 - B + B * lengths / max(average, 1.0))).astype(np.float32)
    tf = counts.data
    data = idf[counts.indices] * tf * (K1 + 1) / (tf + norm[rows])
    weights = sparse.csr_array((data, counts.indices, counts.indptr), shape=counts.shape).tocsc()
    return Index(weights=weights, keys=np.asarray(keys, dtype=np.int64))


def terms(text: str) -> NDArray[np.int32]:
    """The hashed terms of a query, each once (BM25 with a query term frequency of one)."""
    return np.unique(sparse.csr_array(_vectorizer().transform([text])).indices)


def scores(index: Index, text: str) -> NDArray[np.float32]:
    """Every document's BM25 score for `text` (0 for documents sharing no term with it)."""
    if not len(index):
        return np.zeros(0, dtype=np.float32)
    weights = index.weights
    columns = terms(text)
    # The query's columns read straight from the CSC arrays and summed per document: no matrix is built.
    spans = [slice(weights.indptr[column], weights.indptr[column + 1]) for column in columns]
    if not spans:
        return np.zeros(len(index), dtype=np.float32)
    rows = np.concatenate([weights.indices[span] for span in spans])
    data = np.concatenate([weights.data[span] for span in spans])
    return np.bincount(rows, weights=data, minlength=len(index)).astype(np.float32)


def top(index: Index, text: str, *, limit: int, allowed: NDArray[np.bool_] | None = None) -> list[tuple[int, float]]:
    """The keys of the `limit` best documents with a score above zero, best first, with their scores;
    of equal scores, the document indexed first."""
    found = scores(index, text)
    if allowed is not None:
        found = np.where(allowed, found, 0)
    if 0 < limit < len(found):
        floor = max(float(np.partition(found, len(found) - limit)[len(found) - limit]), 0.0)  # the limit-th best
        above = np.flatnonzero(found > floor)
        tied = np.flatnonzero(found == floor)[: limit - len(above)] if floor > 0 else above[:0]
        candidates = np.concatenate([above, tied])
    else:
        candidates = np.flatnonzero(found > 0)[: max(limit, 0)]
    ordered = candidates[np.argsort(-found[candidates], kind="stable")]
    return [(int(index.keys[i]), float(found[i])) for i in ordered]


def dump(index: Index) -> bytes:
    """The index as bytes, to keep in the database for every process to load."""
    buffer = io.BytesIO()
    weights = index.weights
    np.savez(buffer, data=weights.data, indices=weights.indices, indptr=weights.indptr, keys=index.keys)
    return buffer.getvalue()


def load(blob: bytes) -> Index:
    with np.load(io.BytesIO(blob), allow_pickle=False) as parts:
        keys = parts["keys"]
        weights = sparse.csc_array((parts["data"], parts["indices"], parts["indptr"]), shape=(len(keys), FEATURES))
        return Index(weights=weights, keys=keys)
