"""R2-R4 against the fixture desk (tests/reports/desk.py), with the arithmetic by hand.

On top of the dashboard's desk: Bob resolves T4 again at Monday 14:00 (after Carol's reopen), files the
tickets under categories and tags, and Alice works a shift on Mondays 08:00-16:00 UTC (09:00-17:00 Berlin).

    handled in Fri 20 - Mon 23 (Alice, Network): T1, T3, T4
      resolution, calendar: T1 Fri 17:00 → Mon 11:00 = 66 h, T3 3 h, T4 10:00 → 14:00 = 4 h
      resolution, business: T1 1 h (Fri) + 2 h (Mon) = 3 h, T3 3 h, T4 4 h less an hour resolved = 3 h
      time in progress: T1 09:15-11:00, T3 10:30-12:00, T4 10:15-11:00 and 12:00-14:00 = 6 h
    first answered: T1 (64.5 h; 1.5 h in business hours), T2 (1 h), T3 (2 h), T4 (0.5 h)
    occupancy: 6 h in progress over 8 h on shift = 75 %
    reopened: T4 (1 of 3); first contact: T1, T3 (Carol never wrote again, never reopened; on T4 she did)
    CSAT: T1 rated 4, T3 rated 2 → 50 %; the low rating: T3's 2
    categories created on Mon 23: VPN T2, T4, T6; Printer T3, T5; tags outage T2, T3; billing T5
"""

from typing import Any

import pytest
from django.db.models import Count, Q

from dispatchdesk.accounts.models import Shift, SkillGroup, User
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.reports import causes, efficiency, quality
from dispatchdesk.reports.aggregate import spreads, sums
from dispatchdesk.reports.query import ReportForm, ReportQuery
from dispatchdesk.tickets.models import Category, Status, Tag
from dispatchdesk.tickets.services import ticket_accept, ticket_assign, ticket_change_status
from dispatchdesk.tickets.services.fields import ticket_update_fields
from tests.reports.desk import MONDAY, READ_AT, Desk, build_desk
from tests.sla.desk import at

HOUR = 3600.0
RATED = {"rated": Count("pk"), "satisfied": Count("pk", filter=Q(score__gte=4))}


@pytest.fixture
def desk(*, settings: Any, carol: User, alice: User, bob: User, network: SkillGroup, software: SkillGroup) -> Desk:
    settings.TIME_ZONE = "Europe/Berlin"
    desk = build_desk(carol=carol, alice=alice, bob=bob, network=network, software=software)
    with frozen_at(at(MONDAY, 14)):
        ticket_change_status(ticket_id=desk.tickets["T4"].pk, to=Status.RESOLVED, actor=alice)
        vpn = Category.objects.create(slug="vpn", name="VPN")
        printer = Category.objects.create(slug="printer", name="Printer")
        filed = {"T1": (vpn, []), "T2": (vpn, ["outage"]), "T3": (printer, ["outage"]), "T4": (vpn, [])}
        filed |= {"T5": (printer, ["billing"]), "T6": (vpn, [])}
        for name, (category, tags) in filed.items():
            ticket_update_fields(
                ticket_id=desk.tickets[name].pk, actor=bob, changes={"category": category, "tags": tags}
            )
    Shift.objects.create(agent=alice.agent, weekday=0, starts="08:00", ends="16:00")
    return desk


def ask(user: User, **params: str) -> ReportQuery:
    with frozen_at(READ_AT):
        form = ReportForm(params, user=user)
        assert form.is_valid(), form.errors
        return form.query()


def weekend_and_monday(user: User) -> ReportQuery:
    return ask(user, start="2026-11-20", end="2026-11-23")


def test_efficiency_per_agent(desk: Desk, dave: User, alice: User) -> None:
    (row,) = efficiency.efficiency(weekend_and_monday(dave), "assignee_id")
    assert (row["key"], row["handled"]) == (alice.pk, 3)
    resolution, first = row["resolution"], row["first"]
    assert resolution["resolution_s"].median == 4 * HOUR
    assert resolution["resolution_s"].mean == pytest.approx((66 + 3 + 4) / 3 * HOUR)
    assert resolution["resolution_business_s"].median == 3 * HOUR
    assert first["first_response_s"].count == 4
    assert first["first_response_s"].median == pytest.approx(1.5 * HOUR)  # of 0.5, 1, 2, 64.5
    assert first["first_response_s"].mean == pytest.approx(68 / 4 * HOUR)
    assert first["first_response_business_s"].median == pytest.approx(1.25 * HOUR)  # of 0.5, 1, 1.5, 2
    assert row["handle_s"] == pytest.approx(6 * HOUR)
    assert (row["reassignments"], row["escalations"]) == (0, 0)


def test_occupancy_is_time_in_progress_over_time_on_shift(desk: Desk, dave: User, alice: User) -> None:
    data = efficiency.efficiency_report(weekend_and_monday(dave))
    agents = data.table("agents")
    assert agents is not None
    (row,) = list(agents.rows)
    columns = [column.key for column in agents.columns]
    assert row[columns.index("agent")] == "Alice Agent"
    assert row[columns.index("on_shift")] == 8 * HOUR
    assert row[columns.index("occupancy")] == pytest.approx(0.75)


def test_a_reassignment_is_counted_on_the_ticket_that_was_handed_on(
    desk: Desk, dave: User, bob: User, mallory: User
) -> None:
    t5 = desk.tickets["T5"]  # Software, unassigned
    with frozen_at(at(MONDAY, 14, 30)):
        ticket_assign(ticket_id=t5.pk, agent_id=mallory.pk, actor=bob)
    with frozen_at(at(MONDAY, 14, 40)):
        ticket_assign(ticket_id=t5.pk, agent_id=bob.pk, actor=bob)
        ticket_accept(ticket_id=t5.pk, actor=bob)
        ticket_change_status(ticket_id=t5.pk, to=Status.RESOLVED, actor=bob)
    rows = {row["key"]: row for row in efficiency.efficiency(weekend_and_monday(dave), "group_id")}
    assert rows[t5.group_id]["reassignments"] == 1
    assert rows[t5.group_id]["handled"] == 1


def test_quality_reopen_rate_first_contact_and_csat(desk: Desk, dave: User, network: SkillGroup) -> None:
    query = weekend_and_monday(dave)
    assert quality.resolutions(query, "group_id")[network.pk] == {"handled": 3, "reopened": 1, "first_contact": 2}
    assert quality.ratings_by_each(query, ["group_id"])[0][network.pk] == {"rated": 2, "satisfied": 1}
    trend = quality.csat_trend(query)
    assert [(day.day, rated, satisfied) for day, rated, satisfied in trend] == [
        (20, 0, 0),
        (21, 0, 0),
        (22, 0, 0),
        (23, 2, 1),
    ]
    (low,) = list(quality.low_ratings(query))
    assert low[1:5] == [desk.tickets["T3"].number, "Alice Agent", "Network", 2]


def test_causes_categories_tags_rising_and_pareto(desk: Desk, dave: User) -> None:
    monday = ask(dave, start="2026-11-23", end="2026-11-23")
    vpn, printer = Category.objects.get(slug="vpn").pk, Category.objects.get(slug="printer").pk
    assert causes.category_counts(monday) == {vpn: 3, printer: 2}
    assert causes.pareto(causes.category_counts(monday)) == [(vpn, 3, 0.6), (printer, 2, 1.0)]
    tags = causes.tag_counts(monday)
    assert sorted(tags.values()) == [1, 2]
    # Both rose by 2: the more frequent first; a topic that did not rise is left out.
    assert causes.rising({vpn: 3, printer: 2}, {vpn: 1}) == [(vpn, 3, 1), (printer, 2, 0)]
    assert causes.rising({vpn: 3}, {vpn: 3, printer: 1}) == []
    weekend = ask(dave, start="2026-11-20", end="2026-11-22")
    assert causes.category_counts(weekend) == {vpn: 1}
    assert monday.previous().start.isoformat() == "2026-11-22"


def test_tag_counts_of_the_desk_and_of_a_group_follow_the_tags(
    desk: Desk, dave: User, bob: User, network: SkillGroup
) -> None:
    # The desk's counts come from the tags' copies, a group's from the tickets' tags: outage T2, T3 (Network),
    # billing T5 (Software). A retag moves the copies; a deleted tag takes its copies along.
    outage, billing = Tag.objects.get(name="outage").pk, Tag.objects.get(name="billing").pk
    monday = {"start": "2026-11-23", "end": "2026-11-23"}
    assert causes.tag_counts(ask(dave, **monday)) == {outage: 2, billing: 1}
    assert causes.tag_counts(ask(dave, **monday, group=str(network.pk))) == {outage: 2}
    with frozen_at(at(MONDAY, 15)):
        ticket_update_fields(ticket_id=desk.tickets["T2"].pk, actor=bob, changes={"tags": ["billing"]})
    assert causes.tag_counts(ask(dave, **monday)) == {outage: 1, billing: 2}
    assert causes.tag_counts(ask(dave, **monday, group=str(network.pk))) == {outage: 1, billing: 1}
    Tag.objects.filter(pk=billing).delete()
    assert causes.tag_counts(ask(dave, **monday)) == {outage: 1}
    assert causes.tag_counts(ask(dave, start="2026-11-20", end="2026-11-22")) == {}


def test_the_report_counts_categories_from_its_buckets_as_category_counts_does(desk: Desk, dave: User) -> None:
    # The page reads the range once (per category and day or week) and sums the buckets for the Pareto.
    vpn = Category.objects.get(slug="vpn").pk
    for days in ({"start": "2026-11-23", "end": "2026-11-23"}, {"start": "2026-11-20", "end": "2026-11-22"}):
        query = ask(dave, **days)
        assert causes.totals(causes.categories_over_time(query)) == causes.category_counts(query)
    quarter = ask(dave, preset="90")  # weekly buckets
    assert causes.totals(causes.categories_over_time(quarter)) == causes.category_counts(quarter)
    assert causes.category_counts(quarter)[vpn] == 4  # T1 (Friday) and T2, T4, T6 (Monday)


def test_medians_agree_between_the_database_and_python(desk: Desk, dave: User) -> None:
    # On PostgreSQL NumPy takes them from the values the database sends; on SQLite Python does: same numbers.
    query = weekend_and_monday(dave)
    result = spreads(query.during("resolved_at"), "group_id", ["resolution_s"])
    (spread,) = [by_field["resolution_s"] for by_field in result.values()]
    assert (spread.count, spread.median) == (3, 4 * HOUR)


def test_one_pass_per_agent_and_group_equals_one_pass_each(desk: Desk, dave: User) -> None:
    # On PostgreSQL both groupings come from one read of cells (agent x group); the rows must be those of two reads.
    query = weekend_and_monday(dave)
    by_agent, by_group = efficiency.efficiency_by(query, ["assignee_id", "group_id"])

    def keyed(rows: list[dict[str, Any]]) -> dict[Any, Any]:
        return {row["key"]: row for row in rows}

    assert keyed(by_agent) == keyed(efficiency.efficiency(query, "assignee_id"))
    assert keyed(by_group) == keyed(efficiency.efficiency(query, "group_id"))
    agents, groups = quality.resolutions_by(query, ["assignee_id", "group_id"])
    assert (agents, groups) == (quality.resolutions(query, "assignee_id"), quality.resolutions(query, "group_id"))
    agents, groups = quality.ratings_by_each(query, ["assignee_id", "group_id"])
    assert agents == sums(query.ratings(), "agent_id", **RATED)
    assert groups == sums(query.ratings(), "group_id", **RATED)
    assert groups  # something was rated: the comparison is not of two empty dicts


@pytest.mark.postgres
def test_on_postgresql_too(desk: Desk, dave: User, network: SkillGroup) -> None:
    test_efficiency_per_agent(desk, dave, User.objects.get(username="alice"))
    test_medians_agree_between_the_database_and_python(desk, dave)
    test_one_pass_per_agent_and_group_equals_one_pass_each(desk, dave)
    test_quality_reopen_rate_first_contact_and_csat(desk, dave, network)
    test_the_report_counts_categories_from_its_buckets_as_category_counts_does(desk, dave)
