"""Reads compiled once per process (common.prepared): the same objects as Django's own read, asked anew each time."""

from datetime import timedelta

import pytest
from django.db.models import QuerySet
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from dispatchdesk.common import clock
from dispatchdesk.common.prepared import PreparedRead
from dispatchdesk.tickets.models import Ticket
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def shown(ticket_id: int, since: object) -> QuerySet[Ticket]:
    return Ticket.objects.select_related("customer", "group").filter(pk=ticket_id, created_at__gte=since)


def test_a_prepared_read_gives_what_the_queryset_gives_for_each_value() -> None:
    read = PreparedRead(shown, ticket_id=int, since=type(clock.now()))
    first, second = TicketFactory(), TicketFactory()
    before, after = first.created_at - timedelta(days=1), first.created_at + timedelta(days=1)

    for ticket, since in ((first, before), (second, before), (first, after)):
        got = read.objects(ticket_id=ticket.pk, since=since)
        expected = list(shown(ticket.pk, since))
        assert [(t.pk, t.subject, t.customer.name, t.group_id) for t in got] == [
            (t.pk, t.subject, t.customer.name, t.group_id) for t in expected
        ]
    assert read.objects(ticket_id=first.pk, since=before)[0].pk == first.pk


def test_a_prepared_read_asks_the_database_every_time() -> None:
    read = PreparedRead(lambda ticket_id: Ticket.objects.filter(pk=ticket_id), ticket_id=int)
    ticket = TicketFactory(subject="Before")
    assert read.objects(ticket_id=ticket.pk)[0].subject == "Before"

    Ticket.objects.filter(pk=ticket.pk).update(subject="After")

    assert read.objects(ticket_id=ticket.pk)[0].subject == "After"


def test_a_value_the_sql_does_not_take_is_refused() -> None:
    read = PreparedRead(lambda ticket_id: Ticket.objects.all(), ticket_id=int)

    with pytest.raises(ValueError, match="ticket_id"):
        read.objects(ticket_id=1)


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_fixed_url_is_the_url_tag_s(language: str) -> None:
    with translation.override(language):
        page = Template(
            "{% load fixed_urls %}{% fixed_url 'workstation:ticket_list' %}|{% url 'workstation:ticket_list' %}"
        )
        fixed, plain = page.render(Context()).split("|")
        assert fixed == plain == reverse("workstation:ticket_list")
