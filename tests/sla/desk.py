"""An office calendar and a policy for the SLA tests: Mon-Fri 09:00-18:00 in Berlin, no holidays."""

from datetime import UTC, datetime, time

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.sla.models import Calendar, OpeningHours, Policy, Target
from dispatchdesk.tickets.models import Channel, Priority, Ticket

# (first response, next response, resolution) in business minutes, per priority.
TARGETS = {
    Priority.URGENT: (30, 30, 240),
    Priority.HIGH: (60, 120, 480),
    Priority.NORMAL: (240, 240, 1080),
    Priority.LOW: (540, 540, 2700),
}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026 (Berlin is UTC+1 then), given in Berlin time."""
    return datetime(2026, 11, day, hour - 1, minute, tzinfo=UTC)


def office(name: str = "Berlin office", **options: object) -> Calendar:
    calendar = Calendar.objects.create(name=name, time_zone="Europe/Berlin", **options)
    for weekday in range(5):
        OpeningHours.objects.create(calendar=calendar, weekday=weekday, opens=time(9), closes=time(18))
    return calendar


def policy(calendar: Calendar, name: str = "Standard", scale: float = 1.0, **options: object) -> Policy:
    made = Policy.objects.create(name=name, calendar=calendar, **options)
    for priority, (first, following, resolution) in TARGETS.items():
        Target.objects.create(
            policy=made,
            priority=priority,
            first_response_minutes=int(first * scale),
            next_response_minutes=int(following * scale),
            resolution_minutes=int(resolution * scale),
        )
    return made


def open_ticket(
    moment: datetime,
    customer: Contact,
    group: SkillGroup,
    *,
    priority: int = Priority.NORMAL,
    actor: User | None = None,
) -> Ticket:
    with frozen_at(moment):
        return ticket_import(
            customer=customer,
            subject="Printer offline",
            description="The printer on floor 2 is offline.",
            priority=priority,
            actor=actor,
            fields={"group": group},
            channel=Channel.WEB,
        )
