"""recall@5 of suggestions on the labelled questions (demo.suggestion_questions), over a corpus made from the
demo's topics: one article per topic and language, and resolved tickets rendered from each topic with
varied details. Plain retrieval, no database: the same index code the desk runs."""

from __future__ import annotations

import random
from dataclasses import dataclass

from dispatchdesk.demo.suggestion_questions import QUESTIONS
from dispatchdesk.demo.topics import TOPICS
from dispatchdesk.knowledge import retrieval

CITIES = ("Berlin", "Hamburg", "Munich", "Vienna", "Zurich", "Leipzig")
DEVICES = ("PRN-204", "SW-17", "LT-3381", "NB-0442", "SW-core-2")
APPS = ("Excel", "SAP GUI", "AutoCAD", "Teams", "Photoshop")
K = 5


@dataclass(frozen=True)
class Recall:
    articles: float  # share of questions whose topic's article is among the first K
    tickets: float  # share of questions with a ticket of their topic among the first K similar tickets
    ticket_precision: float  # share of the first K similar tickets that are of the question's topic
    questions: int
    corpus: int


def _fill(text: str, rng: random.Random) -> str:
    return text.format(
        city=rng.choice(CITIES),
        device=rng.choice(DEVICES),
        app=rng.choice(APPS),
        invoice=f"R-{rng.randint(10000, 99999)}",
        amount=rng.randint(20, 900),
        time=f"{rng.randint(7, 17)}:00",
    )


def corpus(tickets_per_topic: int, seed: int = 1) -> tuple[list[str], list[int]]:
    """Resolved tickets' texts (question and resolution, as texts.resolved_tickets_text joins them) and their topics."""
    rng = random.Random(seed)
    texts, topics = [], []
    for number, topic in enumerate(TOPICS):
        for n in range(tickets_per_topic):
            language = n % 2  # English and German alike
            texts.append(_fill(f"{topic.subject[language]}\n{topic.description[language]}\n{topic.fix[language]}", rng))
            topics.append(number)
    return texts, topics


def articles() -> tuple[list[str], list[int]]:
    """One article per topic and language: its title twice and its text (as knowledge.selectors indexes them)."""
    texts, topics = [], []
    for number, topic in enumerate(TOPICS):
        for language in (0, 1):
            title = topic.subject[language].format(city="", device="", app="", invoice="")
            texts.append(f"{title}\n{title}\n{topic.fix[language]}")
            topics.append(number)
    return texts, topics


def recall_at_5(tickets_per_topic: int = 40) -> Recall:
    ticket_texts, ticket_topics = corpus(tickets_per_topic)
    article_texts, article_topics = articles()
    ticket_index = retrieval.build(ticket_texts, range(len(ticket_texts)))
    article_index = retrieval.build(article_texts, range(len(article_texts)))
    article_hits = ticket_hits = relevant = 0
    for topic, question in QUESTIONS:
        found_articles = {article_topics[key] for key, _ in retrieval.top(article_index, question, limit=K)}
        found_tickets = [ticket_topics[key] for key, _ in retrieval.top(ticket_index, question, limit=K)]
        article_hits += topic in found_articles
        ticket_hits += topic in found_tickets
        relevant += sum(found == topic for found in found_tickets)
    count = len(QUESTIONS)
    return Recall(
        articles=article_hits / count,
        tickets=ticket_hits / count,
        ticket_precision=relevant / (count * K),
        questions=count,
        corpus=len(ticket_texts),
    )
