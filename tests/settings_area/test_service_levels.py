"""SLA policies and business-hours calendars in the settings area, as the clocks then read them."""

from datetime import date, time

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.sla.config import service_levels
from dispatchdesk.sla.models import Calendar, CalendarException, OpeningHours, Policy, Target


@pytest.fixture
def office(db: None) -> Calendar:
    calendar = Calendar.objects.create(name="Berlin office", time_zone="Europe/Berlin", holiday_country="DE")
    OpeningHours.objects.create(calendar=calendar, weekday=0, opens=time(8), closes=time(18))
    return calendar


def calendar_body(**changes: str) -> dict[str, str]:
    body = {"name": "Berlin office", "time_zone": "Europe/Berlin", "holiday_country": "DE", "day_0": "08:00-18:00"}
    return body | changes


def policy_body(calendar: Calendar, **changes: str) -> dict[str, str]:
    body = {"name": "Standard", "calendar": str(calendar.pk), "warning_percent": "75", "active": "on"}
    return body | {"p1_first": "15 min", "p1_resolution": "4 h", "p3_first": "4h", "p3_resolution": "2 d"} | changes


def test_the_overview_lists_policies_with_targets_and_calendars_with_hours(
    client: Client, dave: User, office: Calendar
) -> None:
    policy = Policy.objects.create(name="Standard", calendar=office)
    Target.objects.create(policy=policy, priority=1, first_response_minutes=15, resolution_minutes=240)
    client.force_login(dave)

    page = client.get("/manage/settings/service-levels/").content.decode()

    assert "15 min / 4 h" in page
    assert "Monday 08:00-18:00" in page
    assert "Berlin office" in page


def test_a_manager_creates_a_policy_and_the_clocks_use_its_targets(
    client: Client, dave: User, office: Calendar
) -> None:
    client.force_login(dave)

    response = client.post("/manage/settings/service-levels/policies/new/", policy_body(office))

    assert response.status_code == 302
    policy = Policy.objects.get(name="Standard")
    targets = {t.priority: (t.first_response_minutes, t.resolution_minutes) for t in policy.targets.all()}
    assert targets == {1: (15, 240), 3: (240, 2880)}
    view = service_levels().policy_for(category_id=None, customer_tier="standard")
    assert view is not None
    assert view.targets[3].resolution_minutes == 2880


def test_a_resolution_due_before_the_first_response_is_refused_and_nothing_saved(
    client: Client, dave: User, office: Calendar
) -> None:
    client.force_login(dave)

    response = client.post("/manage/settings/service-levels/policies/new/", policy_body(office, p1_resolution="5 min"))

    assert response.status_code == 200
    assert "resolution cannot be due before the first response" in response.content.decode()
    assert not Policy.objects.exists()


def test_a_span_that_cannot_be_read_is_shown_on_its_field(client: Client, dave: User, office: Calendar) -> None:
    client.force_login(dave)

    response = client.post("/manage/settings/service-levels/policies/new/", policy_body(office, p1_first="soon"))

    assert "Write a span such as 30 min, 4 h or 2 d." in response.content.decode()
    assert not Policy.objects.exists()


def test_a_manager_edits_hours_and_company_holidays(client: Client, dave: User, office: Calendar) -> None:
    client.force_login(dave)
    body = calendar_body(
        day_0="08:00-12:00, 13:00-17:00",
        day_5="09:00-13:00",
        exceptions="2026-12-24 Christmas Eve\n2026-12-31 09:00-13:00",
    )

    response = client.post(f"/manage/settings/service-levels/calendars/{office.pk}/", body)

    assert response.status_code == 302
    hours = list(office.hours.values_list("weekday", "opens", "closes"))
    assert hours == [(0, time(8), time(12)), (0, time(13), time(17)), (5, time(9), time(13))]
    exceptions = list(CalendarException.objects.values_list("date", "opens", "note"))
    assert exceptions == [(date(2026, 12, 24), None, "Christmas Eve"), (date(2026, 12, 31), time(9), "")]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "Unknown time zone: Mars/Olympus."),
        ({"day_1": "18:00-08:00"}, "18:00 to 08:00 closes before it opens."),
        ({"exceptions": "Christmas"}, "start each line with a date"),
        ({"holiday_country": "DEU"}, "Ensure this value has at most 2 characters"),
    ],
)
def test_a_calendar_the_clocks_could_not_use_is_refused_and_kept(
    client: Client, dave: User, office: Calendar, changes: dict[str, str], message: str
) -> None:
    client.force_login(dave)

    response = client.post(f"/manage/settings/service-levels/calendars/{office.pk}/", calendar_body(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    office.refresh_from_db()
    assert office.time_zone == "Europe/Berlin"
    assert list(office.hours.values_list("weekday", "opens", "closes")) == [(0, time(8), time(18))]


def test_the_edit_page_shows_the_calendar_as_saved(client: Client, dave: User, office: Calendar) -> None:
    CalendarException.objects.create(calendar=office, date=date(2026, 12, 24), note="Christmas Eve")
    client.force_login(dave)

    page = client.get(f"/manage/settings/service-levels/calendars/{office.pk}/").content.decode()

    assert 'value="08:00-18:00"' in page
    assert "2026-12-24 Christmas Eve" in page
