"""Readings over REST: one reading or a batch (all or nothing), for staff and integration tokens."""

from datetime import datetime

from ninja import Field, Router, Schema

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.assets.models import Measure
from dispatchdesk.assets.services import ReadingInput, Receipt, readings_record
from dispatchdesk.common.schemas import Id, StrictIn, error_responses

router = Router(tags=["assets"])


class ReadingIn(StrictIn):
    measure: Measure = Field(description="temperature, vibration, error_count or run_hours")
    value: float
    unit: str = Field("", max_length=20, description="°C, °F, K; mm/s, in/s; h, min; empty for counts")
    taken_at: datetime = Field(description="With a time zone; not in the future")


class ReadingsIn(StrictIn):
    readings: list[ReadingIn] = Field(min_length=1, max_length=5000)


class ReceiptOut(Schema):
    saved: int = Field(description="Readings recorded")
    duplicates: int = Field(description="Readings already recorded for that moment, left alone")
    inspections: list[int] = Field(description="Ids of inspection tickets these readings opened")


def _inputs(readings: list[ReadingIn]) -> list[ReadingInput]:
    return [ReadingInput(r.measure, r.value, r.unit, r.taken_at) for r in readings]


@router.post("/{asset_id}/readings", response={200: ReceiptOut, **error_responses(403, 404, body=True)})
def post_reading(request: AuthedRequest, asset_id: Id, payload: ReadingIn) -> Receipt:
    """One reading. A bad one is refused (422, `reading_invalid`) with what is wrong."""
    return readings_record(user=request.user, asset_id=asset_id, readings=_inputs([payload]))


@router.post("/{asset_id}/readings/batch", response={200: ReceiptOut, **error_responses(403, 404, body=True)})
def post_readings(request: AuthedRequest, asset_id: Id, payload: ReadingsIn) -> Receipt:
    """Up to 5000 readings, all or nothing: one bad row refuses the batch (422, `rows_invalid`, every
    row's error in `errors`)."""
    return readings_record(user=request.user, asset_id=asset_id, readings=_inputs(payload.readings))
