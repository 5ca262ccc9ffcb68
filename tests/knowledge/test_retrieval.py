"""BM25 over hashed terms (knowledge.retrieval): plain numbers, checked on hand-made documents."""

import numpy as np

from dispatchdesk.demo.suggestion_questions import QUESTIONS
from dispatchdesk.demo.suggestion_recall import corpus
from dispatchdesk.knowledge import retrieval

DOCS = [
    "Printer jams on every second page",
    "VPN disconnects every hour since the update",
    "Password reset link has expired",
    "Printer toner is empty",
    "Der Drucker druckt nicht mehr",
]


def test_the_document_sharing_the_rarest_words_ranks_first() -> None:
    index = retrieval.build(DOCS, [10, 20, 30, 40, 50])

    ranked = retrieval.top(index, "my printer is jammed", limit=3)

    assert [key for key, _score in ranked] == [10, 40]  # "jam" is rarer than "printer": page 10 first


def test_inflected_words_meet_their_stem_in_english_and_german() -> None:
    index = retrieval.build(DOCS, [10, 20, 30, 40, 50])

    assert retrieval.top(index, "vpn disconnecting", limit=1)[0][0] == 20
    assert retrieval.top(index, "Drucker", limit=1)[0][0] == 50
    assert retrieval.words("the printers are jamming") == ["print", "jam"]


def test_a_query_sharing_no_word_finds_nothing_and_an_empty_index_answers_empty() -> None:
    assert retrieval.top(retrieval.build(DOCS, range(5)), "invoice address", limit=5) == []
    assert retrieval.top(retrieval.build([], []), "printer", limit=5) == []


def test_allowed_masks_documents_out() -> None:
    index = retrieval.build(DOCS, [10, 20, 30, 40, 50])
    allowed = np.array([False, True, True, True, True])

    assert [key for key, _ in retrieval.top(index, "printer jams", limit=5, allowed=allowed)] == [40]


def test_a_dumped_index_loads_with_the_same_scores() -> None:
    index = retrieval.build(DOCS, [10, 20, 30, 40, 50])

    loaded = retrieval.load(retrieval.dump(index))

    assert retrieval.top(loaded, "printer toner", limit=5) == retrieval.top(index, "printer toner", limit=5)
    assert list(loaded.keys) == [10, 20, 30, 40, 50]


def test_bm25_weights_follow_the_formula() -> None:
    index = retrieval.build(["cat cat dog", "dog"], [1, 2])
    # "cat": df 1 of 2 -> idf ln(1 + 1.5/1.5) = ln 2; tf 2, length 3, average 2
    expected = np.log(2) * 2 * (retrieval.K1 + 1) / (2 + retrieval.K1 * (1 - retrieval.B + retrieval.B * 3 / 2))

    assert abs(retrieval.scores(index, "cat")[0] - expected) < 1e-5


def _ranked_plainly(index: retrieval.Index, text: str, limit: int, allowed: np.ndarray | None = None) -> list[int]:
    """Every document with a score above zero, best first, equal scores in index order: the first `limit`."""
    found = retrieval.scores(index, text)
    if allowed is not None:
        found = np.where(allowed, found, 0)
    order = sorted((i for i in range(len(found)) if found[i] > 0), key=lambda i: (-found[i], i))
    return [int(index.keys[i]) for i in order[:limit]]


def test_top_is_the_plain_ranking_with_equal_scores_in_index_order() -> None:
    texts, _topics = corpus(tickets_per_topic=6)
    texts += texts[:40]  # the same texts again: equal scores at every cut
    index = retrieval.build(texts, range(1000, 1000 + len(texts)))
    allowed = np.arange(len(texts)) % 3 != 0

    for _topic, question in QUESTIONS:
        for limit in (1, 5, 25, len(texts) + 1):
            assert [key for key, _ in retrieval.top(index, question, limit=limit)] == _ranked_plainly(
                index, question, limit
            )
        masked = retrieval.top(index, question, limit=5, allowed=allowed)
        assert [key for key, _ in masked] == _ranked_plainly(index, question, 5, allowed)


def test_scores_are_the_sums_of_the_query_terms_columns() -> None:
    texts, _topics = corpus(tickets_per_topic=4)
    index = retrieval.build(texts, range(len(texts)))

    for _topic, question in QUESTIONS[:20]:
        summed = np.asarray(index.weights[:, retrieval.terms(question)].sum(axis=1)).ravel()
        assert np.allclose(retrieval.scores(index, question), summed, rtol=1e-5, atol=1e-6)
        assert summed.max() > 0  # the question shares words with the corpus: the comparison means something
