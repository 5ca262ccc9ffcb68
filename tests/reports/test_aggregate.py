"""reports.aggregate: exact medians per key, whether the database hands over values per cell (PostgreSQL:
per agent and group together, merged per key) or Python reads them (SQLite). The suite runs on both."""

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection, transaction

from dispatchdesk.common import side_by_side as helpers
from dispatchdesk.common.side_by_side import side_by_side
from dispatchdesk.reports import efficiency
from dispatchdesk.reports.aggregate import Count, Spread, Sum, grouped, grouped_by_each
from dispatchdesk.reports.models import TicketFigures
from dispatchdesk.reports.query import ReportQuery
from tests.factories import TicketFactory

MOMENT = datetime(2026, 11, 23, 9, tzinfo=UTC)
# (agent, group, resolution_s, handle_s): agent 1 works in groups 10 and 20, so its figures come from two
# cells; the median of all its values (4.5) is neither cell's median (2 and 30) nor their mean.
ROWS = [
    (1, 10, 1.0, 5.0),
    (1, 10, 2.0, 5.0),
    (1, 10, 4.0, 5.0),
    (1, 20, 5.0, 5.0),
    (1, 20, 30.0, 5.0),
    (1, 20, 40.0, 5.0),
    (2, 20, 7.0, 1.0),
    (2, 20, None, 1.0),  # no resolution time: counted in the totals, not in the spread
]


@pytest.fixture
def figures() -> Any:
    for agent, group, resolution, handle in ROWS:
        TicketFigures.objects.create(
            ticket=TicketFactory(),
            created_at=MOMENT,
            group_id=group,
            assignee_id=agent,
            resolution_s=resolution,
            resolved_at=MOMENT,
            first_response_at=MOMENT,
            first_response_s=resolution,
            handle_s=handle,
        )
    return TicketFigures.objects.all()


@pytest.mark.django_db
def test_medians_are_exact_over_all_of_a_keys_rows(figures: Any) -> None:
    by_agent, by_group = grouped_by_each(
        figures, ["assignee_id", "group_id"], ["resolution_s"], tickets=Count("ticket_id"), handle_s=Sum("handle_s")
    )
    assert by_agent[1].spreads["resolution_s"] == Spread(6, 82.0 / 6, 4.5)  # (4 + 5) / 2
    assert by_agent[2].spreads["resolution_s"] == Spread(1, 7.0, 7.0)
    assert by_agent[2].totals == {"tickets": 2, "handle_s": 2.0}
    assert by_group[10].spreads["resolution_s"] == Spread(3, 7.0 / 3, 2.0)
    assert by_group[20].spreads["resolution_s"] == Spread(4, 82.0 / 4, 18.5)  # (7 + 30) / 2
    assert by_group[20].totals == {"tickets": 5, "handle_s": 17.0}
    one_key = grouped(figures, "group_id", ["resolution_s"], tickets=Count("ticket_id"), handle_s=Sum("handle_s"))
    assert one_key == by_group


@pytest.mark.django_db
def test_a_key_without_values_has_an_empty_spread(figures: Any) -> None:
    only_empty = figures.filter(resolution_s__isnull=True)
    (found,) = grouped(only_empty, "assignee_id", ["resolution_s"], tickets=Count("ticket_id")).values()
    assert (found.spreads["resolution_s"], found.totals) == (Spread(), {"tickets": 1})


@pytest.mark.django_db
def test_inside_a_transaction_both_run_here_one_after_the_other() -> None:
    # A second connection would not see the open transaction's rows (every test runs inside one).
    order: list[tuple[str, int]] = []

    def note(name: str) -> str:
        order.append((name, threading.get_ident()))
        return name

    assert side_by_side(lambda: note("first"), lambda: note("second")) == ("first", "second")
    assert order == [("first", threading.get_ident()), ("second", threading.get_ident())]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_second_runs_on_a_connection_of_its_own(figures: Any) -> None:
    def backend() -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return threading.get_ident(), cursor.fetchone()[0]

    assert not connection.in_atomic_block
    (here, mine), (there, theirs) = side_by_side(backend, backend)
    assert here == threading.get_ident()
    assert there != here
    assert theirs != mine
    # and it sees the committed rows, as the caller does
    count = side_by_side(figures.count, figures.count)
    assert count == (len(ROWS), len(ROWS))
    with transaction.atomic():
        assert side_by_side(backend, backend)[1][0] == threading.get_ident()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_report_read_side_by_side_equals_one_read_after_the_other(figures: Any) -> None:
    query = ReportQuery(start=MOMENT.date(), end=MOMENT.date(), preset="custom", group_ids=None)
    side_by_side_rows = efficiency.efficiency_by(query, ["assignee_id", "group_id"])
    with transaction.atomic():  # one connection, one after the other
        assert efficiency.efficiency_by(query, ["assignee_id", "group_id"]) == side_by_side_rows
    assert side_by_side_rows[0]  # not two empty reports


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_with_the_helpers_busy_or_a_small_pool_both_run_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def thread() -> int:
        return threading.get_ident()

    here = threading.get_ident()
    assert side_by_side(thread, thread)[1] != here  # the helper, with both free
    taken = [helpers._free.acquire(blocking=False) for _ in range(helpers.HELPERS)]
    try:
        assert all(taken)
        assert side_by_side(thread, thread) == (here, here)  # no queueing behind busy helpers
    finally:
        for _ in taken:
            helpers._free.release()
    options = connection.settings_dict.setdefault("OPTIONS", {})
    monkeypatch.setitem(options, "pool", {"max_size": 2 * helpers.HELPERS - 1})
    assert side_by_side(thread, thread) == (here, here)  # a pool too small to wait on a helper
    monkeypatch.setitem(options, "pool", {"max_size": 2 * helpers.HELPERS})
    assert helpers._may_use_a_helper()  # (not called: a real pool would outlive the test)
