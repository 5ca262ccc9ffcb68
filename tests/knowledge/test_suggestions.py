"""The ticket page's suggestions (decision 0051): the same answer as the plain reading of decision 0045
(rank, keep what the person may see, best five with their resolution), in few queries, never a ticket
the person may not see, and an article's change shown at once."""

from datetime import timedelta

import numpy as np
import pytest
from django.test import Client

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.knowledge import retrieval
from dispatchdesk.knowledge.models import Article, ArticleVersion, Visibility
from dispatchdesk.knowledge.selectors import (
    CANDIDATES,
    SUGGESTIONS,
    article_matches,
    shown,
    suggestions_for,
    ticket_index,
)
from dispatchdesk.knowledge.services import article_link, suggestion_index_rebuild
from dispatchdesk.knowledge.texts import question_text, resolution_of
from dispatchdesk.tickets.models import Channel, Ticket
from dispatchdesk.tickets.selectors import tickets_visible_to
from tests.conftest import login
from tests.knowledge.helpers import article, resolved_ticket

QUESTIONS = [
    ("VPN drops every hour", "Since Monday the VPN client disconnects."),
    ("Drucker druckt nicht", "Der Drucker im zweiten Stock meldet Papierstau."),
    ("Printer jams", "The printer on floor 2 jams on every page."),
]


@pytest.fixture
def desk(carol: User, erin: User, alice: User, mallory: User, bob: User) -> dict[str, list[Ticket]]:
    """Resolved tickets in Alice's group and in Mallory's (which Alice may not see), more of them than the
    panel shows, and articles: public in two languages, internal, a draft."""
    subjects = [
        ("VPN disconnects hourly", "The VPN client drops.", "Update the VPN client to 5.2."),
        ("VPN drops at night", "VPN disconnects at 2 am.", "Disable the idle timeout."),
        ("VPN slow", "The VPN is slow since the update.", "Switch to the nearer gateway."),
        ("Printer jams", "Printer on floor 2 jams.", "Open tray 2 and remove the paper."),
        ("Drucker Papierstau", "Der Drucker hat Papierstau.", "Fach 2 öffnen."),
        ("Password expired", "My password expired.", "Use the reset link."),
    ]
    made: dict[str, list[Ticket]] = {"alice": [], "mallory": []}
    for who, customer, agent in (("alice", carol, alice), ("mallory", erin, mallory)):
        for subject, description, resolution in subjects:
            made[who].append(
                resolved_ticket(
                    customer, agent, subject=subject, description=description, resolution=f"{resolution} ({who})"
                )
            )
    vpn = article(bob, title="VPN keeps disconnecting", body="<p>Install client 5.2.</p>")
    article(bob, title="VPN trennt ständig", body="<p>Client 5.2 installieren.</p>", language="de", article_id=vpn.pk)
    article(bob, title="Printer jams: tray 2", body="<p>Open tray 2.</p>")
    article(bob, title="VPN gateways (internal)", body="<p>Gateway list.</p>", public=False)
    article(bob, title="VPN draft", body="<p>Not yet.</p>", published=False)
    suggestion_index_rebuild()
    return made


def _open_ticket(carol: User, group: SkillGroup, subject: str, description: str) -> Ticket:
    return ticket_import(
        customer=carol.contact,
        subject=subject,
        description=description,
        actor=carol,
        fields={"group": group},
        channel=Channel.WEB,
    )


def _similar_plainly(user: User, ticket: Ticket) -> list[tuple[int, int, str, str]]:
    """Decision 0045 read plainly: 25 candidates, those `user` may see, the best five, their resolutions."""
    index = ticket_index()
    assert index is not None
    hits = retrieval.top(index, question_text(ticket.subject, ticket.description), limit=CANDIDATES)
    visible = set(tickets_visible_to(user).values_list("pk", flat=True))
    best = [pk for pk, _score in hits if pk != ticket.pk and pk in visible][:SUGGESTIONS]
    resolutions = resolution_of(best)
    rows = {row.pk: row for row in Ticket.objects.filter(pk__in=best)}
    return [(pk, rows[pk].number, rows[pk].subject, resolutions.get(pk, "")) for pk in best]


def _articles_plainly(text: str, language: str, *, public_only: bool) -> list[tuple[int, str]]:
    """Every article's current versions ranked afresh, read back from the database (knowledge.selectors.shown)."""
    current = {(v.article_id, v.language): v for v in ArticleVersion.objects.order_by("number")}
    versions = list(current.values())
    index = retrieval.build([f"{v.title}\n{v.title}\n{v.body}" for v in versions], [v.pk for v in versions])
    allowed = [v.article.is_public for v in versions] if public_only else None
    hits = retrieval.top(index, text, limit=SUGGESTIONS * 4, allowed=None if allowed is None else _mask(allowed))
    order: list[int] = []
    for version_id, _score in hits:
        article_id = next(v.article_id for v in versions if v.pk == version_id)
        if article_id not in order:
            order.append(article_id)
    articles = Article.objects.in_bulk(order[:SUGGESTIONS])
    return [(item.article.pk, item.title) for item in shown([articles[pk] for pk in order[:SUGGESTIONS]], language)]


def _mask(values: list[bool]) -> np.ndarray:
    return np.array(values, dtype=np.bool_)


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_the_panel_answers_as_the_plain_reading_for_agent_and_dispatcher(
    who: str, request: pytest.FixtureRequest, desk: dict[str, list[Ticket]], carol: User, network: SkillGroup
) -> None:
    user: User = request.getfixturevalue(who)
    counts = []
    for subject, description in QUESTIONS:
        ticket = _open_ticket(carol, network, subject, description)
        found = suggestions_for(user, ticket)
        text = f"{ticket.subject}\n{ticket.description}"

        assert [(s.pk, s.number, s.subject, s.resolution) for s in found.similar] == _similar_plainly(user, ticket)
        assert found.similar  # each question has resolved tickets to find
        assert [(a.article.pk, a.title) for a in found.articles] == _articles_plainly(
            text, ticket.language, public_only=False
        )
        counts.append(len(found.similar))
    # The VPN question matches six resolved tickets: the dispatcher is shown five, Alice her group's three.
    assert counts[0] == (3 if who == "alice" else SUGGESTIONS)


def test_the_request_form_suggests_as_the_plain_reading(desk: dict[str, list[Ticket]]) -> None:
    for subject, description in QUESTIONS:
        text = f"{subject}\n{description}"
        for language in ("en", "de"):
            found = [(a.article.pk, a.title) for a in article_matches(text, language=language, public_only=True)]
            assert found == _articles_plainly(text, language, public_only=True)
            assert "VPN gateways (internal)" not in [title for _pk, title in found]


def test_an_agent_never_sees_a_suggestion_from_a_ticket_she_may_not_see(
    desk: dict[str, list[Ticket]], carol: User, alice: User, bob: User, network: SkillGroup
) -> None:
    hidden = {ticket.pk for ticket in desk["mallory"]}
    for subject, description in QUESTIONS:
        ticket = _open_ticket(carol, network, subject, description)

        as_alice = {s.pk for s in suggestions_for(alice, ticket).similar}
        as_bob = {s.pk for s in suggestions_for(bob, ticket).similar}

        assert as_alice
        assert not as_alice & hidden
        assert as_alice <= set(tickets_visible_to(alice).values_list("pk", flat=True))
        assert as_bob & hidden  # the dispatcher sees the whole desk: the hidden tickets do match


def test_the_panel_page_reads_in_few_queries_and_shows_links(  # noqa: PLR0917 - fixtures
    client: Client,
    desk: dict[str, list[Ticket]],
    carol: User,
    alice: User,
    network: SkillGroup,
    django_assert_max_num_queries: object,
) -> None:
    ticket = _open_ticket(carol, network, *QUESTIONS[0])
    vpn = Article.objects.get(versions__title="VPN keeps disconnecting")
    article_link(ticket_id=ticket.pk, article_id=vpn.pk, actor=alice)
    login(client, alice)
    client.get(f"/agent/tickets/{ticket.pk}/suggestions/")  # the process's copies loaded

    # session, user, profile, ticket, index build, candidates, article stamp, links, and the navbar's four
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        panel = client.get(f"/agent/tickets/{ticket.pk}/suggestions/").content.decode()

    assert "Update the VPN client to 5.2. (alice)" in panel
    assert "(mallory)" not in panel
    linked = panel[panel.index('id="linked-articles"') : panel.index('id="suggested-articles"')]
    assert "VPN keeps disconnecting" in linked


def test_an_article_change_in_another_process_shows_at_once(desk: dict[str, list[Ticket]], bob: User) -> None:
    text = "Printer jams on floor 2"
    assert "Printer jams: tray 2" in [a.title for a in article_matches(text, language="en", public_only=True)]
    printer = Article.objects.get(versions__title="Printer jams: tray 2")
    later = clock.now() + timedelta(seconds=1)

    # Writes that send no signal, as another process's would look from here: the stamp query sees them.
    Article.objects.filter(pk=printer.pk).update(visibility=Visibility.INTERNAL, updated_at=later)
    assert "Printer jams: tray 2" not in [a.title for a in article_matches(text, language="en", public_only=True)]
    ArticleVersion.objects.bulk_create(
        [ArticleVersion(article=printer, language="en", number=2, title="Printer jams: tray 3", body="<p>3</p>")]
    )
    staff = [a.title for a in article_matches(text, language="en", public_only=False)]
    assert "Printer jams: tray 3" in staff
    assert "Printer jams: tray 2" not in staff
