"""Full-text search (T7, tickets.search): what it finds, for whom, kept in step with every change,
and any input at all answered with tickets or none, never a 500. Runs on SQLite and on PostgreSQL
(`make test-postgres`); the German stemming test needs PostgreSQL's dictionaries."""

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.customers.models import Contact
from dispatchdesk.customers.services import contact_update
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.tickets.models import Channel, Ticket
from dispatchdesk.tickets.selectors import TicketFilters, tickets_filtered
from dispatchdesk.tickets.services import ticket_add_note, ticket_reply
from tests.conftest import login
from tests.factories import ContactFactory


def found(user: User, query: str) -> set[int]:
    return set(tickets_filtered(user=user, filters=TicketFilters(query=query)).values_list("pk", flat=True))


@pytest.fixture
def printer(carol: User, network: SkillGroup) -> Ticket:
    contact: Contact = carol.contact
    return ticket_import(
        customer=contact,
        subject="Printers jammed on floor three",
        description="The <b>toner</b> cartridge leaks since the upgrade.",
        actor=carol,
        fields={"group": network},
        channel=Channel.WEB,
    )


def test_words_of_the_subject_description_and_customer_are_found_stemmed(bob: User, printer: Ticket) -> None:
    assert found(bob, "printer") == {printer.pk}  # "Printers", stemmed
    assert found(bob, "leaking toner") == {printer.pk}  # every word, in any form, anywhere
    assert found(bob, "Carol") == {printer.pk}  # the customer's name
    assert found(bob, "carol@customer.example") == {printer.pk}  # and email
    assert found(bob, "printer scanner") == set()  # a word that is nowhere


def test_the_number_finds_the_ticket(bob: User, printer: Ticket) -> None:
    assert found(bob, str(printer.number)) == {printer.pk}
    assert found(bob, "9" * 40) == set()  # longer than any number: no database error


def test_replies_are_found_as_they_are_written(bob: User, alice: User, printer: Ticket) -> None:
    assert found(bob, "firmware") == set()

    ticket_reply(ticket_id=printer.pk, author=alice, body="Please install the new firmware.")

    assert found(bob, "firmware") == {printer.pk}


def test_internal_notes_are_found_by_staff_only(client: Client, alice: User, carol: User, printer: Ticket) -> None:
    ticket_add_note(ticket_id=printer.pk, author=alice, body="Vendor ticket opened with Kyocera.")

    staff = login(client, alice).get("/api/tickets", {"q": "kyocera"}).json()
    customer = login(Client(), carol).get("/api/tickets", {"q": "kyocera"}).json()

    assert [t["id"] for t in staff["items"]] == [printer.pk]
    assert customer["count"] == 0


def test_a_renamed_customer_is_found_by_the_new_name(bob: User, dave: User, printer: Ticket) -> None:
    contact_update(actor=dave, contact_id=printer.customer_id, changes={"name": "Caroline Quist"})

    assert found(bob, "Quist") == {printer.pk}


def test_search_stays_within_what_the_user_may_see(mallory: User, alice: User, printer: Ticket) -> None:
    assert found(alice, "toner") == {printer.pk}
    assert found(mallory, "toner") == set()  # Software agent; the ticket is Network's


def test_the_inbox_search_box_and_a_saved_view_keep_the_words(client: Client, alice: User, printer: Ticket) -> None:
    page = login(client, alice).get("/agent/inbox/", {"q": "toner leaks"})
    saved = client.post("/agent/inbox/views/", {"name": "Toner", "query": "q=toner+leaks"})

    assert page.status_code == 200
    assert "Printers jammed on floor three" in page.text
    assert saved.status_code in {200, 302}


def test_a_deleted_ticket_leaves_the_index(bob: User, printer: Ticket) -> None:
    printer.messages.all().delete()
    printer.timeline.all().delete()
    Ticket.objects.filter(pk=printer.pk).delete()

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tickets_ticketsearch")
        assert cursor.fetchone() == (0,)


@pytest.mark.postgres
def test_german_tickets_are_stemmed_in_german(bob: User, network: SkillGroup) -> None:
    kunde = ContactFactory(name="Jörg Kunde", email="joerg@kunde.example", language="de")
    ticket = ticket_import(
        customer=kunde,
        subject="Die Drucker drucken in keinem der Häuser",
        description="Seit gestern keine Ausdrucke.",
        actor=None,
        fields={"group": network},
        channel=Channel.EMAIL,
    )

    assert found(bob, "b") == set()  # PostgreSQL's parser drops markup (SQLite's FTS5 indexes tag names)
    assert ticket.language == "de"
    assert found(bob, "Drucker") == {ticket.pk}
    assert found(bob, "Haus") == {ticket.pk}  # "Häuser", by German rules


# Characters that mean something to SQL, tsquery or FTS5, mixed with words and any other text.
SYNTAX = st.sampled_from(['"', "'", "*", "-", ":", "(", ")", "NEAR", "OR", "AND", "NOT", "^", "&", "|", "!", "<->"])
QUERIES = st.lists(st.one_of(SYNTAX, st.sampled_from(["toner", "printer", "x"]), st.text(max_size=8)), max_size=6).map(
    " ".join
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES)
def test_any_search_gives_tickets_or_none(client: Client, bob: User, printer: Ticket, query: str) -> None:
    api = login(client, bob).get("/api/tickets", {"q": query[:200]})
    page = client.get("/agent/inbox/", {"q": query[:200]})

    assert api.status_code == 200, api.content
    assert page.status_code == 200
    assert {t["id"] for t in api.json()["items"]} <= {printer.pk}


@pytest.mark.parametrize("query", ['"toner', "toner*", "NEAR(toner leaks)", "-toner", "toner:*", "(toner", "tón€r"])
def test_search_syntax_is_taken_as_words(bob: User, printer: Ticket, query: str) -> None:
    assert found(bob, query) <= {printer.pk}


def test_matches_come_newest_first_unless_another_order_is_chosen(bob: User, carol: User, network: SkillGroup) -> None:
    contact: Contact = carol.contact
    older, newer = (
        ticket_import(
            customer=contact,
            subject=f"Scanner {n} offline",
            description="It shows a red light.",
            actor=carol,
            fields={"group": network, "priority": priority},
            channel=Channel.WEB,
        )
        for n, priority in ((1, 1), (2, 4))
    )

    newest_first = tickets_filtered(user=bob, filters=TicketFilters(query="scanner"))
    by_deadline = tickets_filtered(user=bob, filters=TicketFilters(query="scanner", by_due=True))

    assert list(newest_first) == [newer, older]  # the urgent one is older: age, not priority, decides
    assert list(by_deadline) == [older, newer]  # no deadlines here: then by priority
