"""BM25 over hashed terms (knowledge.retrieval): plain numbers, checked on hand-made documents."""

import numpy as np

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
