"""Reads compiled once per process (common.prepared), fixed URLs and moment filters: what Django writes, with less work."""

from datetime import UTC, date, datetime, timedelta

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


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_moment_filters_write_what_the_date_filter_writes(language: str) -> None:
    moments = [
        datetime(2026, 3, 29, 0, 59, 59, 123456, tzinfo=UTC),  # the night the clocks go forward in Europe
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        datetime(999, 1, 2, 3, 4, tzinfo=UTC),
        datetime(2026, 12, 31, 23, 0, tzinfo=UTC),
    ]
    page = Template(
        "{% load moments %}{% for m in moments %}{{ m|short_datetime }}|{{ m|iso }}\n{% endfor %}"
        "{{ none|short_datetime }}|{{ none|iso }}|{{ day|iso }}"
    )
    django_s = Template(
        "{% for m in moments %}{{ m|date:'SHORT_DATETIME_FORMAT' }}|{{ m|date:'c' }}\n{% endfor %}"
        "{{ none|date:'SHORT_DATETIME_FORMAT' }}|{{ none|date:'c' }}|{{ day|date:'c' }}"
    )
    context = {"moments": moments, "none": None, "day": date(2026, 5, 4)}
    with translation.override(language):
        ours = page.render(Context(context))
        assert ours == django_s.render(Context(context))
    assert "29.03.2026 01:59|2026-03-29T01:59:59.123456+01:00" in ours  # the desk's zone, Europe/Berlin
