"""The SLA configuration each process keeps: an admin's edit applies to the next ticket."""

from datetime import time

from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.sla.config import service_levels
from dispatchdesk.sla.models import Calendar, OpeningHours
from tests.conftest import login
from tests.sla.desk import office, policy


def test_editing_a_calendar_in_the_admin_reaches_the_clocks_at_once(client: Client, root: User) -> None:
    calendar = office()
    made = policy(calendar)
    before = service_levels().policies[made.pk].calendar
    login(client, root)
    hours = list(OpeningHours.objects.filter(calendar=calendar).order_by("weekday"))
    form = {
        "name": calendar.name,
        "time_zone": "Europe/Berlin",
        "holiday_country": "DE",
        "holiday_subdivision": "BE",
        "hours-TOTAL_FORMS": str(len(hours)),
        "hours-INITIAL_FORMS": str(len(hours)),
        "exceptions-TOTAL_FORMS": "0",
        "exceptions-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(hours):
        form |= {
            f"hours-{index}-id": str(row.pk),
            f"hours-{index}-calendar": str(calendar.pk),
            f"hours-{index}-weekday": str(row.weekday),
            f"hours-{index}-opens": "08:00",
            f"hours-{index}-closes": "16:00",
        }

    response = client.post(f"/admin/sla/calendar/{calendar.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    after = service_levels().policies[made.pk].calendar
    assert before.weekly[0] == ((9 * 60, 18 * 60),)
    assert after.weekly[0] == ((8 * 60, 16 * 60),)
    assert after.closed_days  # Berlin's public holidays, from the holidays package
    assert Calendar.objects.get().holiday_subdivision == "BE"
    assert OpeningHours.objects.filter(opens=time(8)).count() == len(hours)
