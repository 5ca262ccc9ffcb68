"""The weekly report: last week's figures of the fixture desk (tests/reports/desk.py), by the dashboard's
definitions, sent once per manager and ISO week through the outbox to a real SMTP server (aiosmtpd).

Week 48 of 2026 is Monday 23 to Sunday 29 November: T2-T6 were created in it (T1 the Friday before);
T1 and T3 resolved (T4 reopened); first answered T1 after 64.5 h, T2 after 1 h, T3 after 2 h, T4 after
30 min (average 17 h, median 1.5 h); resolved T1 after 66 h and T3 after 3 h (average and median
34.5 h); 5 of 6 deadlines met (tests/reports/test_metrics.py); ratings 4 and 2: one of two satisfied.
"""

from typing import Any

import pytest

from dispatchdesk.accounts.models import Role, SkillGroup, User
from dispatchdesk.common.clock import frozen_at
from dispatchdesk.notifications.models import Kind, Notification, OutboundEmail
from dispatchdesk.reports import weekly
from dispatchdesk.reports.metrics import Scope
from dispatchdesk.reports.tasks import run_weekly_reports
from tests.conftest import Capture, Inbox
from tests.factories import UserFactory
from tests.reports.desk import Desk, build_desk
from tests.sla.desk import at

pytestmark = pytest.mark.usefixtures("immediate_tasks")

NEXT_MONDAY = at(30, 8)  # Monday 30 November, 08:00 in Berlin


@pytest.fixture
def desk(*, settings: Any, carol: User, alice: User, bob: User, network: SkillGroup, software: SkillGroup) -> Desk:
    settings.TIME_ZONE = "Europe/Berlin"
    return build_desk(carol=carol, alice=alice, bob=bob, network=network, software=software)


def plain(inbox: Inbox, index: int = -1) -> str:
    text = inbox.messages[index].get_body(preferencelist=("plain",))
    assert text is not None
    return str(text.get_content())


def test_last_week_is_the_complete_iso_week_before(desk: Desk) -> None:
    week = weekly.last_week(NEXT_MONDAY)
    assert (week.label, week.first.isoformat(), week.last.isoformat()) == ("2026-W48", "2026-11-23", "2026-11-29")
    assert weekly.last_week(at(29, 23, 59)).label == "2026-W47"  # Sunday night: W48 is not over yet
    assert week.span[0].isoformat() == "2026-11-23T00:00:00+01:00"


def test_the_weeks_figures_by_the_dashboards_definitions(desk: Desk) -> None:
    figures = weekly.week_figures(Scope(), weekly.last_week(NEXT_MONDAY))
    hour = 3600.0
    assert figures == {
        "from": "2026-11-23",
        "to": "2026-11-29",
        "new": 5,
        "resolved": 2,
        "first_response_avg_s": pytest.approx((64.5 + 1 + 2 + 0.5) * hour / 4),
        "first_response_median_s": pytest.approx(1.5 * hour),
        "resolution_avg_s": pytest.approx((66 + 3) * hour / 2),
        "resolution_median_s": pytest.approx((66 + 3) * hour / 2),
        "sla_met": 5,
        "sla_settled": 6,
        "csat_satisfied": 1,
        "csat_rated": 2,
    }


def test_each_manager_gets_it_once_per_week(
    desk: Desk, dave: User, root: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    UserFactory(username="nomail", role=Role.MANAGER, email="")
    UserFactory(username="gone", role=Role.MANAGER, is_active=False)
    with frozen_at(NEXT_MONDAY), django_capture_on_commit_callbacks(execute=True):
        assert weekly.weekly_reports_send() == 1
    assert [message["To"] for message in smtp.messages] == [dave.email]  # not the admin, nor the others
    assert "Weekly report for 23.11.2026 to 29.11.2026" in smtp.messages[0]["Subject"]
    text = plain(smtp)
    for line in (
        "New tickets: 5",
        "Resolved: 2",
        "First response: 17 hours on average, median 1 hour, 30 minutes",
        "SLA compliance: 83 % (5 of 6 deadlines met)",
        "Satisfaction (CSAT): 50 % (1 of 2 ratings 4 or 5)",
        "/manage/dashboard/",
    ):
        assert line in text
    bell = Notification.objects.get(recipient=dave, kind=Kind.WEEKLY_REPORT)
    assert bell.text == "Weekly report for 23.11.2026 to 29.11.2026: 5 new, 2 resolved"

    # The worker asks again every minute, and a second worker too: nothing more goes out.
    with frozen_at(NEXT_MONDAY.replace(hour=10)), django_capture_on_commit_callbacks(execute=True):
        assert weekly.weekly_reports_send() == 0
        run_weekly_reports.call()
    assert len(smtp.messages) == 1
    assert OutboundEmail.objects.filter(key=f"weekly_report:{dave.pk}:2026-W48").count() == 1


def test_in_the_managers_language_and_a_quiet_week(
    desk: Desk, dave: User, smtp: Inbox, django_capture_on_commit_callbacks: Capture
) -> None:
    dave.language = "de"
    dave.save(update_fields=["language"])
    with frozen_at(NEXT_MONDAY.replace(month=12, day=7)), django_capture_on_commit_callbacks(execute=True):
        assert weekly.weekly_reports_send() == 1  # week 49: nothing happened
    text = plain(smtp)
    assert "Wochenbericht" in smtp.messages[0]["Subject"]
    assert "Neue Tickets: 0" in text
    assert "keine Bewertungen" in text
