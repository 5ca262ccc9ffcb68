"""Macro placeholders are plain text replacement (never template execution), and translations follow the customer."""

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.tickets.macros import macro_in_language, macro_render, macros_menu, unknown_placeholders
from dispatchdesk.tickets.models import Macro, Ticket
from dispatchdesk.tickets.services.macros import macro_save


def test_dotted_and_underscore_placeholders_are_filled(alice: User, carols_ticket: Ticket) -> None:
    macro = Macro(
        name="Hi", body="Dear {{ customer.name }}, re #{{ticket.number}} ({{ ticket_subject }}). {{ agent.name }}"
    )

    text = macro_render(macro, ticket=carols_ticket, agent=alice)

    assert text == f"Dear Carol Customer, re #{carols_ticket.number} (VPN drops every hour). Alice Agent"


def test_template_syntax_in_a_macro_is_left_as_text(alice: User, carols_ticket: Ticket) -> None:
    macro = Macro(name="Sly", body="{% load static %}{{ ticket.customer.user.password }}{{ customer.name|upper }}")

    text = macro_render(macro, ticket=carols_ticket, agent=alice)

    assert text == macro.body  # nothing was evaluated
    assert unknown_placeholders(macro.body) == ["ticket.customer.user.password"]


def test_a_macro_with_an_unknown_placeholder_is_refused(dave: User) -> None:
    with pytest.raises(DomainError, match="Unknown placeholder"):
        macro_save(actor=dave, macro_id=None, name="x", body="{{ customer.email }}", language="en", owner_id=None)

    assert not Macro.objects.exists()


def test_the_customers_language_picks_the_translation(alice: User, carols_ticket: Ticket) -> None:
    english = Macro.objects.create(name="Reset", body="Hello {{ customer.name }}", language="en")
    Macro.objects.create(name="Reset", body="Hallo {{ customer.name }}", language="de")
    carols_ticket.customer.language = "de"
    carols_ticket.customer.save()

    chosen = macro_in_language(english, ticket=carols_ticket)
    menu = macros_menu(Macro.objects.all(), ticket=carols_ticket)

    assert macro_render(chosen, ticket=carols_ticket, agent=alice) == "Hallo Carol Customer"
    assert [(m.name, m.language) for m in menu] == [("Reset", "de")]  # one entry, in her language


def test_without_a_translation_the_macro_itself_is_used(alice: User, carols_ticket: Ticket) -> None:
    english = Macro.objects.create(name="Reset", body="Hello", language="en")
    carols_ticket.customer.language = "de"
    carols_ticket.customer.save()

    assert macro_in_language(english, ticket=carols_ticket) == english


def test_insert_macro_fills_in_the_customers_language(client: Client, alice: User, carols_ticket: Ticket) -> None:
    english = Macro.objects.create(name="Reset", body="Hello {{ customer.name }}", language="en")
    Macro.objects.create(name="Reset", body="Hallo {{ customer.name }}", language="de")
    carols_ticket.customer.language = "de"
    carols_ticket.customer.save()
    client.force_login(alice)

    response = client.get(f"/agent/tickets/{carols_ticket.pk}/macros/{english.pk}/")

    assert "Hallo Carol Customer" in response.text
