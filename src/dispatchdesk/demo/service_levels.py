"""The demo's service levels, as a follow-the-sun desk sets them (docs/decisions/0017-demo-desk.md).

The desk is staffed around the clock on working days (Germany, Toronto, Kuala Lumpur) and thinly at
weekends. Standard customers' targets run on working days, around the clock (24x5, counted in
Berlin time, where the customers are); VIP customers and security incidents run 24x7, which the
weekend staff (a generalist and an L2 engineer per hub) are there for.
"""

from datetime import time

from dispatchdesk.customers.models import CustomerTier
from dispatchdesk.demo import catalogue
from dispatchdesk.sla.models import Calendar, EscalationRule, OpeningHours, Policy, Target, Trigger
from dispatchdesk.tickets.models import Category, Priority

# (first response, next response, resolution) in business minutes.
STANDARD = {  # on the 24x5 calendar: a working day is 1440 minutes
    Priority.URGENT: (30, 60, 240),
    Priority.HIGH: (60, 120, 960),
    Priority.NORMAL: (240, 480, 2880),
    Priority.LOW: (480, 960, 7200),
}
AROUND_THE_CLOCK = {  # 24x7: VIP customers, and security incidents of any customer
    Priority.URGENT: (15, 30, 240),
    Priority.HIGH: (30, 60, 480),
    Priority.NORMAL: (120, 240, 1440),
    Priority.LOW: (240, 480, 2880),
}
MIDNIGHT = time(0)  # as a closing time: the end of the day


def service_levels_create() -> None:
    weekdays = Calendar.objects.create(name="Working days, around the clock (24x5)", time_zone=catalogue.TIME_ZONE)
    OpeningHours.objects.bulk_create(
        OpeningHours(calendar=weekdays, weekday=day, opens=MIDNIGHT, closes=MIDNIGHT) for day in range(5)
    )
    always = Calendar.objects.create(name="Around the clock (24x7)", time_zone=catalogue.TIME_ZONE, always_open=True)
    standard = _policy("Standard", weekdays, STANDARD)
    vip = _policy("VIP customers", always, AROUND_THE_CLOCK, customer_tier=CustomerTier.VIP, order=10)
    # A category beats a customer tier (sla.config), so a VIP's security incident gets these targets,
    # which are the VIP ones.
    security = Category.objects.get(slug="security")
    _policy("Security incidents", always, AROUND_THE_CLOCK, category=security, order=20)
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
