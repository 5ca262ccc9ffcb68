"""Reads of assets: a contact's assets, one asset for staff, one measure's recent series."""

from datetime import datetime, timedelta

from django.db.models import QuerySet

from dispatchdesk.accounts.models import User
from dispatchdesk.accounts.permissions import may_use_desk
from dispatchdesk.assets.models import Asset, Inspection, Reading
from dispatchdesk.common.prepared import PreparedRead

# Read on every ticket page: compiled once per process (common.prepared).
_of_contact = PreparedRead(lambda contact_id: Asset.objects.filter(customer_id=contact_id), contact_id=int)


def assets_of(contact_id: int) -> list[Asset]:
    return _of_contact.objects(contact_id=contact_id)


def asset_for(user: User, asset_id: int) -> Asset:
    """The asset for staff (any of them: assets are the customers', not a group's); else the refusal."""
    may_use_desk(user).require()
    return Asset.objects.select_related("customer", "customer__organisation").get(pk=asset_id)


def series(asset_id: int, measure: str, *, since: datetime) -> list[tuple[datetime, float]]:
    rows = Reading.objects.filter(asset_id=asset_id, measure=measure, taken_at__gte=since).order_by("taken_at")
    return list(rows.values_list("taken_at", "value"))


def inspections_of(asset_id: int) -> QuerySet[Inspection]:
    return Inspection.objects.filter(asset_id=asset_id).select_related("ticket").order_by("-opened_at")


def history_since(now: datetime, days: float) -> datetime:
    return now - timedelta(days=days)
