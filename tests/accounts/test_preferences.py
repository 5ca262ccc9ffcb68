"""A person's own settings: the language they read wins over the browser's, and email for notifications."""

from django.test import Client

from dispatchdesk.accounts.models import User
from tests.conftest import login


def test_the_profile_language_wins_over_the_browsers(client: Client, alice: User) -> None:
    alice.language = "de"
    alice.save()
    login(client, alice)

    page = client.get("/agent/tickets/", headers={"Accept-Language": "en"})

    assert page["Content-Language"] == "de"
    assert "Abmelden" in page.content.decode()  # "Sign out"


def test_the_language_switch_is_remembered_for_a_signed_in_user(client: Client, alice: User) -> None:
    login(client, alice)

    client.post("/i18n/setlang/", {"language": "de", "next": "/agent/tickets/"})

    alice.refresh_from_db()
    assert alice.language == "de"


def test_an_agent_turns_notification_emails_off_and_back_to_the_browsers_language(client: Client, alice: User) -> None:
    alice.language = "de"
    alice.save()
    login(client, alice)

    response = client.post("/accounts/preferences/", {"language": "", "email_notifications": ""})

    assert response["Location"] == "/accounts/preferences/"
    alice.refresh_from_db()
    assert (alice.language, alice.email_notifications) == ("", False)


def test_an_unknown_language_is_refused_and_nothing_changes(client: Client, alice: User) -> None:
    login(client, alice)

    response = client.post("/accounts/preferences/", {"language": "xx", "email_notifications": "on"})

    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    alice.refresh_from_db()
    assert alice.language == ""
