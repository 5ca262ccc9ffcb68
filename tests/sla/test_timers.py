"""SLA timers on both task backends: the database queue (embedded) and RQ on Redis (scaled out).

Each test opens a ticket whose warning falls 0.6 s later in real time, lets the real worker
command run what is due, and checks the escalation happened exactly once, also when the same
timer is delivered again (a retry).
"""

import time as wall
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.core.management import call_command

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.config.rq import rq_queue
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.notifications.models import Kind, Notification
from dispatchdesk.sla.models import Calendar, EscalationRule, Policy, Target, TicketSla, Trigger
from dispatchdesk.sla.tasks import check_ticket
from dispatchdesk.tickets.models import Channel, EventKind, Priority, Ticket
from dispatchdesk.tickets.services import ticket_assign

pytestmark = pytest.mark.django_db(transaction=True)
REDIS_TEST_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied around each test


@pytest.fixture
def quick_policy(db: None) -> Policy:
    """Open 24/7; a one-minute first response, at risk after 1 % of it (0.6 s)."""
    policy = Policy.objects.create(
        name="Quick", calendar=Calendar.objects.create(name="Always", always_open=True), warning_percent=1
    )
    Target.objects.create(policy=policy, priority=Priority.NORMAL, first_response_minutes=1, resolution_minutes=60)
    EscalationRule.objects.create(name="Tell the agent", trigger=Trigger.AT_RISK, notify_assignee=True)
    return policy


@pytest.fixture
def rq_backend(settings: Any) -> Iterator[redis.Redis]:
    settings.TASKS = {"default": {"BACKEND": settings.RQ_BACKEND, "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": rq_queue(REDIS_TEST_URL)}  # as settings make it
    settings.RQ = {"WORKER_CLASS": "rq.worker.SimpleWorker"}  # in this process: it sees the test database
    connection = redis.Redis.from_url(REDIS_TEST_URL)
    connection.flushdb()
    yield connection
    connection.flushdb()


def assigned_ticket(carol: User, alice: User, bob: User, group: SkillGroup) -> Ticket:
    ticket = ticket_import(
        customer=carol.contact, subject="Down", description="All down.", fields={"group": group}, channel=Channel.WEB
    )
    ticket_assign(ticket_id=ticket.pk, agent_id=alice.pk, actor=bob)
    return ticket


def run_due_work(ticket: Ticket) -> None:
    """Wait until the ticket's warning moment has passed, then let the worker run what is due."""
    warn_at = TicketSla.objects.get(ticket=ticket).warn_at
    assert warn_at is not None
    wall.sleep(max(0.0, (warn_at - clock.now()).total_seconds()) + 0.3)
    call_command("worker", batch=True, verbosity=0)


def escalations(ticket: Ticket) -> tuple[int, int]:
    warnings = ticket.timeline.filter(kind=EventKind.SLA_WARNING).count()
    return warnings, Notification.objects.filter(ticket=ticket, kind=Kind.SLA_AT_RISK).count()


@pytest.mark.usefixtures("quick_policy")
def test_the_database_queue_fires_the_warning_timer_once(
    carol: User, alice: User, bob: User, network: SkillGroup
) -> None:
    ticket = assigned_ticket(carol, alice, bob, network)
    assert escalations(ticket) == (0, 0)  # not yet: the timer waits for its moment

    run_due_work(ticket)
    check_ticket.enqueue(ticket_id=ticket.pk)  # the same timer delivered again
    call_command("worker", batch=True, verbosity=0)

    assert escalations(ticket) == (1, 1)


@pytest.mark.postgres  # the scaled-out mode: PostgreSQL and Redis (.ci/run starts both)
@pytest.mark.usefixtures("quick_policy")
def test_rq_on_redis_fires_the_warning_timer_once(
    rq_backend: redis.Redis, carol: User, alice: User, bob: User, network: SkillGroup
) -> None:
    ticket = assigned_ticket(carol, alice, bob, network)
    assert rq_backend.zcard("rq:scheduled:default") >= 1  # the timer waits in Redis
    assert escalations(ticket) == (0, 0)

    run_due_work(ticket)
    check_ticket.enqueue(ticket_id=ticket.pk)
    call_command("worker", batch=True, verbosity=0)

    assert escalations(ticket) == (1, 1)
