"""The demo's service levels: office hours in Berlin for most customers, around the clock for VIPs."""

from datetime import time

from dispatchdesk.customers.models import CustomerTier
from dispatchdesk.demo import catalogue
from dispatchdesk.sla.models import Calendar, EscalationRule, OpeningHours, Policy, Target, Trigger
from dispatchdesk.tickets.models import Priority

# (first response, next response, resolution) in business minutes.
STANDARD = {
    Priority.URGENT: (60, 60, 480),
    Priority.HIGH: (120, 240, 960),
    Priority.NORMAL: (480, 480, 2400),
    Priority.LOW: (960, 960, 4800),
}
VIP = {
    Priority.URGENT: (30, 30, 240),
    Priority.HIGH: (60, 120, 480),
    Priority.NORMAL: (240, 240, 1440),
    Priority.LOW: (480, 480, 2880),
}


def service_levels_create() -> None:
    office = Calendar.objects.create(
        name="Support hours (Berlin)", time_zone=catalogue.TIME_ZONE, holiday_country="DE", holiday_subdivision="BE"
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(calendar=office, weekday=day, opens=time(8), closes=time(18)) for day in range(5)
    )
    always = Calendar.objects.create(name="Around the clock", time_zone=catalogue.TIME_ZONE, always_open=True)
    standard = _policy("Standard", office, STANDARD)
    vip = _policy("VIP customers", always, VIP, customer_tier=CustomerTier.VIP, order=10)
    EscalationRule.objects.create(name="Warn the assignee", trigger=Trigger.AT_RISK, notify_assignee=True)
    EscalationRule.objects.create(
        name="Breach: tell the lead and the manager, raise the priority",
        trigger=Trigger.BREACHED,
        notify_assignee=True,
        notify_lead=True,
        notify_managers=True,
        raise_priority=True,
        policy=standard,
    )
    EscalationRule.objects.create(
        name="VIP breach: reassign and tell the manager",
        trigger=Trigger.BREACHED,
        notify_managers=True,
        reassign=True,
        policy=vip,
    )


def _policy(name: str, calendar: Calendar, targets: dict[Priority, tuple[int, int, int]], **options: object) -> Policy:
    policy = Policy.objects.create(name=name, calendar=calendar, **options)
    Target.objects.bulk_create(
        Target(
            policy=policy,
            priority=priority,
            first_response_minutes=first,
            next_response_minutes=following,
            resolution_minutes=resolution,
        )
        for priority, (first, following, resolution) in targets.items()
    )
    return policy
