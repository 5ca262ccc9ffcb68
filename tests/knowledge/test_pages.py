"""The knowledge pages: suggestions on the ticket page, the help centre, deflection on the request forms."""

from datetime import timedelta

import pytest
from django.test import Client

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.knowledge.models import Article, SuggestionIndex, SuggestionRead, TicketArticle
from dispatchdesk.knowledge.selectors import deflection
from dispatchdesk.knowledge.services import suggestion_index_due, suggestion_index_rebuild
from dispatchdesk.knowledge.tasks import run_suggestion_sweep
from dispatchdesk.tickets.models import Priority, Ticket
from tests.conftest import login
from tests.knowledge.helpers import article, resolved_ticket


@pytest.fixture
def history(carol: User, erin: User, alice: User, mallory: User) -> dict[str, Ticket]:
    """Resolved tickets in Alice's group and in Mallory's, then the index the worker would build."""
    made = {
        "vpn": resolved_ticket(
            carol,
            alice,
            subject="VPN disconnects hourly",
            description="The VPN client drops.",
            resolution="Update the VPN client to 5.2.",
        ),
        "printer": resolved_ticket(
            carol, alice, subject="Printer offline", description="Printer on floor 2.", resolution="Power-cycle it."
        ),
        "other_group": resolved_ticket(
            erin, mallory, subject="VPN disconnects at night", description="VPN drops.", resolution="Secret fix."
        ),
    }
    suggestion_index_rebuild()
    return made


def test_the_ticket_page_suggests_similar_resolved_tickets_the_agent_may_see_and_articles(
    client: Client, carols_ticket: Ticket, alice: User, bob: User, history: dict[str, Ticket]
) -> None:
    article(bob, title="VPN keeps disconnecting", body="<p>Install client 5.2.</p>")
    login(client, alice)

    assert 'id="suggestions"' in client.get(f"/agent/tickets/{carols_ticket.pk}/").content.decode()
    panel = client.get(f"/agent/tickets/{carols_ticket.pk}/suggestions/").content.decode()

    assert f"#{history['vpn'].number}" in panel
    assert "Update the VPN client to 5.2." in panel
    assert f"#{history['other_group'].number}" not in panel  # Mallory's group: not Alice's to see
    assert "VPN keeps disconnecting" in panel
    assert "Insert link" in panel
    assert f"#{history['printer'].number}" not in panel  # shares no word with a VPN question


def test_insert_link_appends_the_help_centre_link_and_links_the_article(
    client: Client, carols_ticket: Ticket, alice: User, bob: User
) -> None:
    made = article(bob, title="VPN keeps disconnecting", body="<p>Install client 5.2.</p>")
    login(client, alice)

    field = client.post(
        f"/agent/tickets/{carols_ticket.pk}/articles/{made.pk}/insert/", {"reply-body": "Hello Carol,"}
    ).content.decode()

    assert f"Hello Carol,\n\nVPN keeps disconnecting: http://testserver/help/{made.pk}/" in field
    assert TicketArticle.objects.filter(ticket=carols_ticket, article=made).exists()


def test_an_internal_article_is_not_inserted_and_the_reply_keeps_its_text(
    client: Client, carols_ticket: Ticket, alice: User, bob: User
) -> None:
    internal = article(bob, title="Internal notes", body="<p>x</p>", public=False)
    login(client, alice)

    field = client.post(
        f"/agent/tickets/{carols_ticket.pk}/articles/{internal.pk}/insert/", {"reply-body": "Hello Carol,"}
    ).content.decode()

    assert "Hello Carol," in field
    assert "Only a published public article" in field
    assert not TicketArticle.objects.exists()


def test_an_agent_turns_a_resolution_into_a_draft_and_edits_it(
    client: Client, alice: User, history: dict[str, Ticket]
) -> None:
    login(client, alice)

    response = client.post(f"/agent/tickets/{history['vpn'].pk}/draft-article/")

    drafted = Article.objects.get()
    assert response["Location"] == f"/agent/knowledge/{drafted.pk}/edit/"
    page = client.get(response["Location"]).content.decode()
    assert "VPN disconnects hourly" in page
    assert "Update the VPN client to 5.2." in page
    saved = client.post(
        response["Location"],
        {
            "title": "VPN drops every hour",
            "language": "en",
            "body": "<p>Update to 5.2.</p>",
            "visibility": "internal",
            "published": "on",
        },
    )
    assert saved.status_code == 302
    assert drafted.versions.count() == 2


def test_the_editor_shows_a_refused_publication_on_the_form(client: Client, alice: User) -> None:
    login(client, alice)

    page = client.post(
        "/agent/knowledge/new/",
        {"title": "Printer", "language": "en", "body": "<p>Tray 2.</p>", "visibility": "public", "published": "on"},
    )

    assert page.status_code == 200
    assert "Only dispatchers and managers may publish" in page.content.decode()
    assert not Article.objects.exists()


def test_the_help_centre_speaks_the_visitors_language_with_a_fallback(client: Client, bob: User) -> None:
    both = article(bob, title="Reset your password", body="<p>Use the link.</p>")
    article(bob, title="Passwort zurücksetzen", body="<p>Den Link nutzen.</p>", language="de", article_id=both.pk)
    article(bob, title="Printer jams", body="<p>Tray 2.</p>")
    article(bob, title="Internal notes", body="<p>x</p>", public=False)

    german = client.get("/help/", headers={"accept-language": "de"}).content.decode()

    assert "Passwort zurücksetzen" in german
    assert "Printer jams" in german
    assert "Reset your password" not in german
    assert "Internal notes" not in german


def test_an_internal_article_is_not_found_in_the_help_centre(client: Client, bob: User) -> None:
    internal = article(bob, title="Internal notes", body="<p>x</p>", public=False)

    assert client.get(f"/help/{internal.pk}/").status_code == 404


def test_was_it_helpful_counts_once_per_visit(client: Client, bob: User) -> None:
    made = article(bob, title="Printer jams", body="<p>Tray 2.</p>")

    client.post(f"/help/{made.pk}/helpful/", {"helpful": "yes"})
    client.post(f"/help/{made.pk}/helpful/", {"helpful": "yes"})

    made.refresh_from_db()
    assert made.helpful_yes == 1
    assert "Thank you for your feedback." in client.get(f"/help/{made.pk}/").content.decode()


def test_the_request_form_suggests_articles_while_the_customer_types(client: Client, bob: User) -> None:
    article(bob, title="Printer jams on every page", body="<p>Open tray 2.</p>")
    article(bob, title="Reset your password", body="<p>Use the link.</p>")

    found = client.get("/request/suggestions/", {"subject": "printer jammed", "body": ""}).content.decode()
    too_short = client.get("/request/suggestions/", {"subject": "pr", "body": ""}).content.decode()

    assert "Printer jams on every page" in found
    assert "Reset your password" not in found
    assert "?from=request" in found
    assert "Printer" not in too_short


def test_a_visit_that_reads_a_suggestion_and_sends_nothing_counts_as_abandoned(
    client: Client, carol: User, bob: User, network: SkillGroup, immediate_tasks: None
) -> None:
    made = article(bob, title="Printer jams", body="<p>Tray 2.</p>")
    other = Client()
    login(client, carol)

    client.get(f"/help/{made.pk}/?from=request")  # Carol reads it, then still writes
    client.post("/portal/new/", {"subject": "Printer jams", "body": "Still jams.", "priority": Priority.NORMAL})
    other.get(f"/help/{made.pk}/?from=request")  # a visitor reads it and goes away
    other.get(f"/help/{made.pk}/")  # reading the page again is no new read

    now = clock.now()
    assert SuggestionRead.objects.count() == 2
    figures = deflection(since=now - timedelta(hours=1), until=now + timedelta(seconds=1))
    assert (figures.visits, figures.abandoned, figures.share) == (2, 1, 0.5)


def test_the_worker_rebuilds_the_index_only_when_newer_resolutions_exist(
    carol: User, alice: User, settings: object
) -> None:
    assert not suggestion_index_due()  # nothing resolved yet
    resolved_ticket(carol, alice, subject="VPN", description="drops", resolution="update")
    assert run_suggestion_sweep.call() == 1

    assert not suggestion_index_due()  # built just now
    with clock.frozen_at(clock.now() + timedelta(hours=1)):
        assert not suggestion_index_due()  # old, but nothing newer resolved
        resolved_ticket(carol, alice, subject="Printer", description="offline", resolution="cycle power")
        assert suggestion_index_due()
        assert run_suggestion_sweep.call() == 2
    assert SuggestionIndex.objects.count() == 1  # earlier builds are dropped
