"""Managers set the portal's reopen window and sign-in link lifetime (issue 13); the environment is the default."""

from datetime import timedelta

from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.customers.models import PortalSettings
from dispatchdesk.customers.portal_settings import reopen_window_days, sign_in_link_minutes
from dispatchdesk.tickets.models import Status, Ticket
from dispatchdesk.tickets.permissions import may_reply
from tests.conftest import login


def test_without_a_saved_value_the_environments_default_holds(db: None) -> None:
    assert (reopen_window_days(), sign_in_link_minutes()) == (14, 30)


def test_a_manager_shortens_the_reopen_window_and_a_customers_late_answer_is_refused(
    dave: User, carol: User, carols_ticket: Ticket
) -> None:
    Ticket.objects.filter(pk=carols_ticket.pk).update(
        status=Status.RESOLVED, resolved_at=clock.now() - timedelta(days=5)
    )
    resolved = Ticket.objects.get(pk=carols_ticket.pk)
    before = bool(may_reply(carol, resolved))

    page = login(client := Client(), dave).get("/manage/settings/portal/").content.decode()
    saved = client.post("/manage/settings/portal/", {"reopen_window_days": 3, "sign_in_link_minutes": 15})

    assert 'value="14"' in page
    assert saved.status_code == 302
    assert before is True
    refusal = may_reply(carol, resolved)
    assert refusal.code == "reopen_window_passed"
    assert "more than 3 days ago" in refusal.message
    assert sign_in_link_minutes() == 15


def test_a_value_out_of_bounds_is_shown_on_the_form_and_changes_nothing(dave: User) -> None:
    client = login(Client(), dave)

    refused = client.post("/manage/settings/portal/", {"reopen_window_days": 0, "sign_in_link_minutes": 15})

    assert refused.status_code == 200
    assert "The reopen window must be between 1 and 365 days." in refused.content.decode()
    assert not PortalSettings.objects.exists()
