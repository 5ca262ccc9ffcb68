"""Alerts onto tickets (I7): one open ticket per fingerprint, counted; resolved alerts noted (and,
if the source says so, resolve their ticket); a storm of new alerts from one source onto one ticket.

A repeat of a known alert is one UPDATE, with no lock, since repeats are most of the traffic. A new
alert locks its fingerprint (a PostgreSQL advisory lock for the transaction; SQLite has one writer at
a time anyway), so two copies of it racing in open one ticket while different alerts open theirs at
once: a source's row lock here had made every new alert of a source wait for the one before it to go
through the front door. Starting a storm takes the source's row lock, so one storm ticket opens; the
count that starts it is read without a lock, so alerts arriving at the same moment as the one that
reaches the limit may still get their own tickets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from dispatchdesk.common import clock
from dispatchdesk.intake.channels.alerts.adapter import IncomingAlert
from dispatchdesk.intake.models import Alert, AlertSource
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets import workflow
from dispatchdesk.tickets.models import OPEN_STATUSES, Channel, Priority, Status, Ticket
from dispatchdesk.tickets.services.conversation import ticket_machine_note
from dispatchdesk.tickets.services.status import apply_transition


@dataclass
class Receipt:
    """What became of each alert of a payload, as the webhook answers it."""

    opened: int = 0
    repeated: int = 0
    resolved: int = 0
    ignored: int = 0
    tickets: set[int] = field(default_factory=set)


def alerts_receive(*, source: AlertSource, alerts: list[IncomingAlert]) -> Receipt:
    receipt = Receipt()
    for alert in alerts:
        if alert.firing:
            _fire(source, alert, receipt)
        else:
            _resolve(source, alert, receipt)
    return receipt


def _open_alert(source: AlertSource, fingerprint: str) -> Alert | None:
    return (
        Alert.objects.filter(source=source, fingerprint=fingerprint, ticket__status__in=OPEN_STATUSES)
        .select_related("ticket")
        .first()
    )


def _fire(source: AlertSource, alert: IncomingAlert, receipt: Receipt) -> None:
    now = clock.now()
    counted = Alert.objects.filter(
        source=source, fingerprint=alert.fingerprint, ticket__status__in=OPEN_STATUSES
    ).update(count=F("count") + 1, last_seen=now, firing=True)
    if counted:
        receipt.repeated += 1
        return
    with transaction.atomic():
        _lock_fingerprint(source, alert.fingerprint)
        known = _open_alert(source, alert.fingerprint)  # a copy may have opened it while we waited
        if known is not None:
            Alert.objects.filter(pk=known.pk).update(count=F("count") + 1, last_seen=now, firing=True)
            receipt.repeated += 1
            return
        ticket = _ticket_for_new_alert(source, alert, now)
        Alert.objects.update_or_create(
            source=source,
            fingerprint=alert.fingerprint,
            defaults={"ticket": ticket, "title": alert.title, "firing": True, "count": 1}
            | {"first_seen": now, "last_seen": now},
        )
    receipt.opened += 1
    receipt.tickets.add(ticket.pk)


def _lock_fingerprint(source: AlertSource, fingerprint: str) -> None:
    """Until the transaction ends, one new alert per source and fingerprint (two fingerprints whose
    hashes collide merely wait for each other)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [source.pk, fingerprint])


def _ticket_for_new_alert(source: AlertSource, alert: IncomingAlert, now: datetime) -> Ticket:
    """Its own ticket, through the front door; or, in a storm, the source's storm ticket."""
    storm = _storm_ticket(source, now)
    if storm is not None:
        ticket_machine_note(
            ticket_id=storm.pk,
            channel=Channel.ALERT,
            label=source.name,
            body=_("Also firing: %(title)s") % {"title": alert.title},
        )
        return storm
    return ticket_submit(
        customer=source.customer,
        subject=alert.title,
        description=alert.description or alert.title,
        channel=Channel.ALERT,
        priority=alert.priority,
    )


def _storm_ticket(source: AlertSource, now: datetime) -> Ticket | None:
    """The source's storm ticket if it is storming (its open storm ticket, or more new tickets in the
    window than its limit allows); None if the alert gets its own ticket."""
    storming = _current_storm(source, now)
    if storming is not None:
        return storming
    window = timedelta(minutes=source.storm_window_minutes)
    recent = Alert.objects.filter(source=source, first_seen__gte=now - window).values("ticket").distinct().count()
    if recent < source.storm_limit:
        return None
    # One storm ticket however many race. NO KEY: the other new alerts' rows check their reference to
    # the source as they commit (a KEY SHARE lock), which a plain FOR UPDATE would make wait on us
    # while we wait for the ticket number they hold: a deadlock.
    source = AlertSource.objects.select_for_update(no_key=True).get(pk=source.pk)
    return _current_storm(source, now) or _start_storm(source, now, window)


def _current_storm(source: AlertSource, now: datetime) -> Ticket | None:
    if source.storm_until and source.storm_until > now and source.storm_ticket_id:
        ticket = Ticket.objects.select_for_update(no_key=True).get(pk=source.storm_ticket_id)
        if ticket.status in OPEN_STATUSES:
            return ticket
    return None


def _start_storm(source: AlertSource, now: datetime, window: timedelta) -> Ticket:
    ticket = ticket_submit(
        customer=source.customer,
        subject=_("Alert storm from %(source)s") % {"source": source.name},
        description=_("More than %(limit)d new alerts within %(minutes)d minutes; the further ones are listed here.")
        % {"limit": source.storm_limit, "minutes": source.storm_window_minutes},
        channel=Channel.ALERT,
        priority=Priority.URGENT,
    )
    source.storm_ticket, source.storm_until = ticket, now + window
    source.save(update_fields=["storm_ticket", "storm_until"])
    return ticket


def _resolve(source: AlertSource, alert: IncomingAlert, receipt: Receipt) -> None:
    """Note the resolution on the alert's open ticket; resolve the ticket if configured and nothing on
    it still fires. A resolution of an alert we never opened (or already closed) changes nothing."""
    with transaction.atomic():
        known = _open_alert(source, alert.fingerprint)
        if known is None or not known.firing:
            receipt.ignored += 1
            return
        ticket = Ticket.objects.select_for_update().get(pk=known.ticket_id)
        Alert.objects.filter(pk=known.pk).update(firing=False, last_seen=clock.now())
        ticket_machine_note(
            ticket_id=ticket.pk,
            channel=Channel.ALERT,
            label=source.name,
            body=_("Resolved: %(title)s") % {"title": alert.title},
        )
        if source.resolve_tickets and not ticket.alerts.filter(firing=True).exists():
            _resolve_ticket(ticket)
    receipt.resolved += 1
    receipt.tickets.add(ticket.pk)


def _resolve_ticket(ticket: Ticket) -> None:
    """Resolve where the workflow allows it; a ticket pending acceptance waits for its agent."""
    if Status.RESOLVED in workflow.allowed_targets(ticket.status):
        apply_transition(ticket, Status.RESOLVED, actor=None, reason=_("All alerts resolved"))
