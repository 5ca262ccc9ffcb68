"""`dispatchdesk export-workload`: the desk's real history in the simulator's format, replayable as is."""

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from dispatchdesk.accounts.models import (
    AgentSkill,
    DispatchMode,
    DispatchPolicy,
    Region,
    Shift,
    Skill,
    SkillGroup,
    User,
)
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import CustomerTier
from dispatchdesk.dispatch.models import PolicyChange
from dispatchdesk.dispatch.services.rules import rules_publish
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.simulation.audit import audit_file
from dispatchdesk.simulation.compare import Comparison
from dispatchdesk.simulation.export import FALLBACK_HANDLE_S, PROFICIENCY_FACTOR, export_workload
from dispatchdesk.simulation.runner import RunResult
from dispatchdesk.simulation.simulator import Tally
from dispatchdesk.simulation.workload import load_workload, parse_workload
from dispatchdesk.sla.models import Calendar, CalendarException, OpeningHours, Policy, Target
from dispatchdesk.tickets.models import Category, Channel, Priority, Status, Ticket
from dispatchdesk.tickets.services import ticket_accept, ticket_assign, ticket_change_status
from tests.conftest import login
from tests.factories import ContactFactory, OrganisationFactory

# Wednesday 8 January 2025 to Wednesday 15 January (excluded); the epoch is Monday the 6th.
SINCE, UNTIL = date(2025, 1, 8), date(2025, 1, 15)
DAY = 86_400.0


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 1, day, hour, minute, tzinfo=UTC)


@dataclass
class Desk:
    network: Skill
    resolved: Ticket  # accepted by Alice (network 4) at 09:10, resolved at 09:40
    open: Ticket  # never touched
    before: Ticket  # created the day before the window
    after: Ticket  # created on the window's end date


def create(moment: datetime, subject: str, **options: Any) -> Ticket:
    fields = options.pop("fields", {})
    customer = options.pop("customer", None) or ContactFactory()
    options.setdefault("channel", Channel.WEB)
    with frozen_at(moment):
        return ticket_import(customer=customer, subject=subject, fields=fields, **options)


@pytest.fixture
def desk(alice: User, bob: User) -> Desk:
    network = Skill.objects.create(slug="network", name="Network")
    printers = Skill.objects.create(slug="printers", name="Printers")
    AgentSkill.objects.create(agent=alice.agent, skill=network, proficiency=4)
    vip = ContactFactory(organisation=OrganisationFactory(tier=CustomerTier.VIP))
    resolved = create(
        at(8, 9),
        "VPN drops every hour",
        description="<p>The <b>network</b> drops &amp; reconnects.</p><p>Since Monday.</p>",
        is_html=True,
        priority=Priority.URGENT,
        customer=vip,
        fields={"required_skills": [printers, network]},
    )
    with frozen_at(at(8, 9, 5)):
        ticket_assign(ticket_id=resolved.pk, agent_id=alice.pk, actor=bob)
    with frozen_at(at(8, 9, 10)):
        ticket_accept(ticket_id=resolved.pk, actor=alice)
    with frozen_at(at(8, 9, 40)):
        ticket_change_status(ticket_id=resolved.pk, to=Status.RESOLVED, actor=alice)
    category = Category.objects.create(slug="billing", name="Billing")
    return Desk(
        network=network,
        resolved=resolved,
        open=create(at(10, 14, 30), "Invoice twice", description="Charged twice.", fields={"category": category}),
        before=create(at(7, 23, 59), "Too early", description="Outside."),
        after=create(at(15, 0), "Too late", description="Outside."),
    )


def exported() -> dict[str, Any]:
    return export_workload(since=SINCE, until=UNTIL)


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def test_the_export_parses_as_a_workload_with_only_the_windows_tickets(desk: Desk) -> None:
    document = exported()

    workload = parse_workload(document)

    assert [t.id for t in workload.scenario.tickets] == [f"T{desk.resolved.number}", f"T{desk.open.number}"]
    assert document["schema_version"] == "1.0"
    assert document["events"] == []
    assert document["field"] is None
    assert document["misroute_triage_s"] == 300


def test_the_epoch_is_the_monday_before_the_window_and_the_horizon_its_end(desk: Desk) -> None:
    meta = exported()["meta"]

    assert meta["epoch"] == "2025-01-06T00:00:00Z"
    assert meta["horizon_s"] == 9 * DAY
    assert meta["warmup_s"] == 0
    assert (meta["n_tickets"], meta["n_agents"]) == (2, 2)


def test_a_ticket_carries_what_the_dispatcher_sees_with_plain_text(desk: Desk) -> None:
    ticket = by_id(exported()["tickets"])[f"T{desk.resolved.number}"]

    assert ticket["arrival"] == 2 * DAY + 9 * 3600
    assert ticket["priority"] == "P1"
    assert ticket["customer"] == {"id": f"C{desk.resolved.customer_id}", "tier": "vip"}
    assert ticket["description"] == "The network drops & reconnects.\nSince Monday."
    assert (ticket["onsite"], ticket["location"], ticket["window"]) == (False, None, None)


def test_handle_times_are_the_observed_half_hour_scaled_from_the_resolvers_proficiency(desk: Desk) -> None:
    truth = by_id(exported()["tickets"])[f"T{desk.resolved.number}"]["truth"]

    # The first required skill by key is "network" (not "printers"); Alice holds it at level 4.
    assert truth["skill"] == "network"
    assert truth["handle_s"][3] == pytest.approx(30 * 60)
    base = 30 * 60 / PROFICIENCY_FACTOR[3]
    assert truth["handle_s"] == pytest.approx([base * f for f in PROFICIENCY_FACTOR])
    assert truth["escalation"] is None


def test_an_unresolved_ticket_takes_its_skills_mean_and_the_catalogue_learns_from_history(desk: Desk) -> None:
    document = exported()
    truth = by_id(document["tickets"])[f"T{desk.open.number}"]["truth"]
    catalog = document["skill_catalog"]

    assert (truth["skill"], truth["category"]) == ("billing", "billing")
    assert catalog["billing"] == {"mean_handle_s": FALLBACK_HANDLE_S, "cv": 0.8}
    assert truth["handle_s"][2] == pytest.approx(FALLBACK_HANDLE_S)
    assert catalog["network"]["mean_handle_s"] == pytest.approx(30 * 60 / PROFICIENCY_FACTOR[3])
    assert catalog["printers"]["mean_handle_s"] == catalog["network"]["mean_handle_s"]


def test_agents_come_with_skills_team_and_shifts_in_their_regions_time_zone(desk: Desk, alice: User, bob: User) -> None:
    profile = alice.agent
    profile.region = Region.objects.create(slug="berlin", name="Berlin", time_zone="Europe/Berlin")
    profile.capacity = 3
    profile.save()
    Shift.objects.create(agent=profile, weekday=0, starts=time(9), ends=time(17))  # Mondays, Berlin time
    Shift.objects.create(agent=profile, weekday=2, starts=time(9), ends=time(12))  # Wednesdays, two pieces
    Shift.objects.create(agent=profile, weekday=2, starts=time(12), ends=time(13))

    agents = by_id(exported()["agents"])

    mine = agents[f"A{alice.pk}"]
    assert (mine["team"], mine["skills"], mine["region"], mine["capacity"]) == ("network", {"network": 4}, "berlin", 3)
    # Berlin is UTC+1 in January; Monday 6th lies before the window, so the 13th is the only Monday.
    hour = 3600.0
    assert mine["shifts"] == [[2 * DAY + 8 * hour, 2 * DAY + 12 * hour], [7 * DAY + 8 * hour, 7 * DAY + 16 * hour]]
    assert agents[f"A{bob.pk}"]["shifts"] == [[2 * DAY, 9 * DAY]]


def test_a_window_without_tickets_is_a_valid_empty_workload(desk: Desk) -> None:
    document = export_workload(since=date(2024, 6, 1), until=date(2024, 6, 2))

    assert parse_workload(document).scenario.tickets == ()
    assert document["meta"]["epoch"] == "2024-05-27T00:00:00Z"


def test_a_window_that_ends_before_it_starts_is_refused(db: None) -> None:
    with pytest.raises(DomainError, match="must come after"):
        export_workload(since=UNTIL, until=SINCE)


def run_export(tmp_path: Path, **options: str) -> Path:
    out = tmp_path / "history.json"
    call_command("export-workload", out=str(out), stdout=StringIO(), **options)
    return out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"since": "2025-01-15", "until": "2025-01-08"}, "must come after"),
        ({"since": "2025-01-08", "until": "2025-01-08"}, "must come after"),
        ({"since": "8.1.2025", "until": "2025-01-15"}, "--since must be a date as YYYY-MM-DD"),
        ({"since": "2025-01-08", "until": "2025-02-30"}, "--until must be a date"),
    ],
)
def test_bad_dates_are_refused_and_write_no_file(
    desk: Desk, tmp_path: Path, options: dict[str, str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        run_export(tmp_path, **options)

    assert list(tmp_path.iterdir()) == []


def test_a_missing_output_folder_is_refused(desk: Desk, tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "history.json"

    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_workload", since="2025-01-08", until="2025-01-15", out=str(out), stdout=StringIO())

    assert not out.parent.exists()


def test_without_out_the_workload_goes_to_standard_output(desk: Desk) -> None:
    stdout = StringIO()

    call_command("export_workload", since="2025-01-08", until="2025-01-15", stdout=stdout)

    assert json.loads(stdout.getvalue())["meta"]["n_tickets"] == 2


def test_the_simulator_replays_the_export_and_the_audit_finds_no_broken_rule(
    desk: Desk, alice: User, tmp_path: Path
) -> None:
    workload = run_export(tmp_path, since="2025-01-08", until="2025-01-15")
    log = tmp_path / "log.jsonl"

    call_command("simulate", str(workload), log=str(log), stdout=StringIO(), stderr=StringIO())

    audited = audit_file(load_workload(workload), log)
    assert audited.metrics["n_tickets"] == 2
    assert [str(f) for f in audited.findings] == []
    assert audited.metrics["unserved"] == 1  # the billing ticket: nobody on the desk holds that skill
    first = json.loads(log.read_text().splitlines()[0])
    assert (first["ticket"], first["agent"], first["skill"]) == (f"T{desk.resolved.number}", f"A{alice.pk}", "network")


# --- the what-if page: the same export, replayed once per policy ------------------------------------------------
WHAT_IF = "/manage/what-if/"


LIVE = ["priority-deadline", "sla-batch"]


def test_the_what_if_page_replays_each_policy_and_charts_its_share_beside_its_tail(
    desk: Desk, dave: User, client: Client
) -> None:
    login(client, dave)

    response = client.post(WHAT_IF, {"since": "2025-01-08", "until": "2025-01-15", "policies": LIVE})

    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison.policies == LIVE
    assert comparison.n_tickets == 2
    chart = comparison.chart()
    assert chart["labels"] == LIVE
    assert all(share is None or 0 <= share <= 100 for share in chart["frt_sla"] + chart["res_sla"])
    assert len(chart["wait_p99"]) == 2
    labels = [row.label for row in comparison.table()]
    assert labels.index("wait, 99th percentile") == labels.index("first response within target") + 1
    page = response.content.decode()
    assert 'id="sla-chart-data"' in page
    assert "chart.umd.min.js" in page


def test_the_what_if_page_offers_exactly_the_policies_a_group_can_use(dave: User, client: Client) -> None:
    login(client, dave)

    page = client.get(WHAT_IF).content.decode()

    offered = re.findall(r'name="policies" value="([^"]+)"', page)
    assert offered == [policy.value for policy in DispatchPolicy]
    refused = client.post(WHAT_IF, {"since": "2025-01-08", "until": "2025-01-15", "policies": ["round-robin"]})
    assert "policies" in refused.context["form"].errors


def test_the_winner_is_offered_for_publishing_and_published_on_record(
    desk: Desk, dave: User, client: Client, network: SkillGroup, software: SkillGroup
) -> None:
    software.mode = DispatchMode.QUEUE
    software.save()
    login(client, dave)
    comparison = client.post(WHAT_IF, {"since": "2025-01-08", "until": "2025-01-15", "policies": LIVE})
    offered = comparison.context["publish_form"].initial
    assert offered["policy"] == comparison.context["winner"].policy
    assert offered["groups"] == [network.pk]  # the automatic groups, not the queue

    response = client.post(
        "/manage/what-if/publish/", {"policy": "sla-batch", "groups": [network.pk], "comment": offered["comment"]}
    )

    assert response.status_code == 302
    network.refresh_from_db()
    software.refresh_from_db()
    assert (network.policy, software.policy) == (DispatchPolicy.SLA_BATCH, DispatchPolicy.PRIORITY_DEADLINE)
    change = PolicyChange.objects.get()
    assert (change.group, change.actor, change.previous, change.policy) == (
        network,
        dave,
        DispatchPolicy.PRIORITY_DEADLINE,
        DispatchPolicy.SLA_BATCH,
    )
    assert "What-if 2025-01-08 to 2025-01-15" in change.comment


def test_only_managers_publish_a_policy(bob: User, client: Client, network: SkillGroup) -> None:
    login(client, bob)

    response = client.post("/manage/what-if/publish/", {"policy": "sla-batch", "groups": [network.pk]})

    assert response.status_code == 404
    network.refresh_from_db()
    assert network.policy == DispatchPolicy.PRIORITY_DEADLINE
    assert not PolicyChange.objects.exists()


def test_the_what_if_page_refuses_a_window_too_long_and_keeps_what_was_typed(dave: User, client: Client) -> None:
    login(client, dave)

    response = client.post(WHAT_IF, {"since": "2025-01-01", "until": "2025-03-01", "policies": ["sla-batch"]})

    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert "until" in response.context["form"].errors
    assert 'value="2025-01-01"' in response.content.decode()


def test_the_what_if_page_is_not_there_for_dispatchers(bob: User, client: Client) -> None:
    login(client, bob)

    assert client.get(WHAT_IF).status_code == 404


def test_the_what_if_page_starts_with_the_last_four_weeks(dave: User, client: Client) -> None:
    login(client, dave)

    with frozen_at(datetime(2026, 12, 2, 10, tzinfo=UTC)):
        page = client.get(WHAT_IF).content.decode()

    assert 'value="2026-11-04"' in page
    assert 'value="2026-12-02"' in page


def test_the_desks_own_sla_policy_and_business_hours_are_exported(desk: Desk) -> None:
    office = Calendar.objects.create(name="Berlin office", time_zone="Europe/Berlin")
    for weekday in range(5):
        OpeningHours.objects.create(calendar=office, weekday=weekday, opens=time(9), closes=time(18))
    CalendarException.objects.create(calendar=office, date=date(2025, 1, 10), note="Company day")  # closed
    standard = Policy.objects.create(name="Standard", calendar=office)
    Target.objects.create(policy=standard, priority=3, first_response_minutes=240, resolution_minutes=1080)

    document = export_workload(since=SINCE, until=UNTIL)

    sla = document["sla_policy"]
    assert sla["clock"] == "business"
    assert sla["business_hours"] == {
        "timezone": "Europe/Berlin",
        "weekdays": [0, 1, 2, 3, 4],
        "start_h": 9.0,
        "end_h": 18.0,
        "holidays": [4],  # Friday the 10th, four days after the epoch
    }
    assert sla["targets"]["P3"] == {"first_response_s": 14_400.0, "resolution_s": 64_800.0}
    assert sla["targets"]["P1"] == {"first_response_s": 900.0, "resolution_s": 14_400.0}  # none set: the defaults
    assert "the desk's policy 'Standard'" in document["meta"]["description"]
    parse_workload(document)  # and the simulator reads it


def test_without_an_sla_policy_the_export_counts_the_calendar_clock(desk: Desk) -> None:
    document = export_workload(since=SINCE, until=UNTIL)

    assert document["sla_policy"]["clock"] == "calendar"
    assert "no SLA policy" in document["meta"]["description"]


def _result(policy: str, share: float, tail_s: float, mean_s: float = 60.0) -> RunResult:
    metrics = {"frt_sla": share, "wait_p99_s": tail_s, "wait_mean_s": mean_s}
    return RunResult(policy=policy, tally=Tally(), metrics=metrics, seconds=1.0)


def _comparison(*results: RunResult) -> Comparison:
    return Comparison(n_tickets=10, n_agents=2, rules_version=None, sla_policy=None, sla_calendar=None, results=results)


def test_the_verdict_says_why_the_winner_won_in_shares_and_tails() -> None:
    comparison = _comparison(_result("priority-deadline", 0.91, 240), _result("sla-batch", 0.94, 7_200))

    assert comparison.verdict() == (
        "sla-batch met 94% of first-response targets, priority-deadline 91%; one ticket in a hundred waited "
        "2.0 h or more with sla-batch, 4.0 min with priority-deadline."
    )


def test_on_equal_shares_the_verdict_names_the_shorter_tail() -> None:
    comparison = _comparison(_result("priority-deadline", 0.9, 240), _result("sla-batch", 0.9, 600))

    assert comparison.winner is comparison.results[0]
    assert "both met 90%" in comparison.verdict()
    assert "4.0 min or more, against 10.0 min" in comparison.verdict()


def test_the_what_if_page_measures_against_the_desks_sla_policy_and_live_rules(
    desk: Desk, dave: User, client: Client
) -> None:
    office = Calendar.objects.create(name="Berlin office", time_zone="Europe/Berlin")
    OpeningHours.objects.create(calendar=office, weekday=0, opens=time(9), closes=time(17))
    Policy.objects.create(name="Standard", calendar=office)
    live = rules_publish(rules=[], actor=dave)
    login(client, dave)

    form = client.get(WHAT_IF).context["form"]
    response = client.post(WHAT_IF, {"since": "2025-01-08", "until": "2025-01-15", "policies": LIVE})

    assert form["rules"].value() == live.pk  # the live rules unless another version is picked
    page = response.content.decode()
    assert "the SLA policy “Standard”, counted in the business hours of “Berlin office”" in page
    assert response.context["comparison"].verdict() in page


def test_when_share_and_tail_read_the_same_the_shorter_average_wait_wins() -> None:
    comparison = _comparison(
        _result("priority-deadline", 1.0, 300, mean_s=86), _result("sla-batch", 1.0, 301, mean_s=60)
    )

    assert comparison.winner is comparison.results[1]
    assert comparison.verdict().endswith("sla-batch wins on the average wait to a first response: 60 s against 86 s.")
