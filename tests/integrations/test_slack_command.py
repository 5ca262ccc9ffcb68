"""`/dispatchdesk claim 10042` and `… status 10042` as Slack sends them: a form body signed with the
app's signing secret (v0), the agent found by email through a local stand-in for Slack's users.info,
the claim through the same service and permission answer as the claim button."""

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from dispatchdesk.accounts.models import AgentProfile, Presence, User
from dispatchdesk.tickets.models import Status, Ticket
from tests.local_server import Answer, LocalServer, Received

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
EMAILS = {"U-ALICE": "Alice@Example.com", "U-MALLORY": "mallory@example.com", "U-NOBODY": "nobody@example.com"}


@dataclass
class Slack:
    """Slack's users.info and a command's response_url, both on the shared local server."""

    server: LocalServer

    @property
    def asked(self) -> list[str]:
        """Who was looked up in users.info."""
        return [r.query("user") for r in self.server.received if r.route == "/api/users.info"]

    @property
    def answers(self) -> list[dict[str, Any]]:
        """What was posted to the response_url."""
        return [r.json() for r in self.server.received if r.route == "/commands/1"]


def slack_api(request: Received) -> Answer:
    user = request.query("user") if request.route == "/api/users.info" else ""
    if request.method == "POST":
        return Answer(body=b"ok")  # what a response_url answers
    authorised = request.headers["Authorization"] == "Bearer xoxb-test"
    found = {"ok": True, "user": {"id": user, "profile": {"email": EMAILS[user]}}}
    return Answer(body=json.dumps(found if authorised else {"ok": False}).encode())


@pytest.fixture
def slack(settings: Any, local_server: LocalServer) -> Slack:
    local_server.answer = slack_api
    settings.DISPATCHDESK_SLACK_SIGNING_SECRET = SECRET
    settings.DISPATCHDESK_SLACK_BOT_TOKEN = "xoxb-test"
    settings.DISPATCHDESK_SLACK_API_URL = local_server.url("/api")
    settings.DISPATCHDESK_SLACK_RESPONSE_URL_PREFIX = local_server.url("/commands/")
    return Slack(local_server)


def command(
    client: Client, slack: Slack, user_id: str, text: str, *, secret: str = SECRET, age: int = 0, response_url: str = ""
) -> Any:
    body = urlencode(
        {
            "token": "legacy",
            "team_id": "T1",
            "command": "/dispatchdesk",
            "text": text,
            "user_id": user_id,
            "user_name": "someone",
            "response_url": response_url or slack.server.url("/commands/1"),
            "trigger_id": "1.2",
        }
    )
    timestamp = str(int(time.time()) - age)
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return client.post(
        "/integrations/slack/command/",
        body,
        content_type="application/x-www-form-urlencoded",
        headers={"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature},
    )


@pytest.fixture
def agents(alice: User, mallory: User) -> None:
    User.objects.filter(pk=alice.pk).update(email="alice@example.com")
    AgentProfile.objects.filter(user=alice).update(presence=Presence.ONLINE)  # free to take work
    User.objects.filter(pk=mallory.pk).update(email="mallory@example.com")


@pytest.mark.usefixtures("agents", "immediate_tasks")
def test_an_agent_claims_a_queued_ticket_of_their_group_from_slack(
    client: Client, slack: Slack, carols_ticket: Ticket, alice: User
) -> None:
    response = command(client, slack, "U-ALICE", f"claim {carols_ticket.number}")

    assert response.status_code == 200
    assert response.json() == {"response_type": "ephemeral", "text": "Working on it…"}
    assert slack.answers == [
        {
            "response_type": "ephemeral",
            "text": f"You now hold ticket {carols_ticket.number}: VPN drops every hour",
            "replace_original": False,
        }
    ]
    carols_ticket.refresh_from_db()
    assert (carols_ticket.assignee, carols_ticket.status) == (alice, Status.IN_PROGRESS)
    assert slack.asked == ["U-ALICE"]


@pytest.mark.usefixtures("agents", "immediate_tasks")
def test_status_answers_in_the_agents_language(
    client: Client, slack: Slack, carols_ticket: Ticket, alice: User
) -> None:
    User.objects.filter(pk=alice.pk).update(language="de")

    command(client, slack, "U-ALICE", f"status #{carols_ticket.number}")

    [answer] = slack.answers
    text = answer["text"]
    assert text.startswith(f"Ticket {carols_ticket.number}: VPN drops every hour — ")
    assert "nicht zugewiesen" in text


@pytest.mark.usefixtures("agents", "immediate_tasks")
def test_an_agent_of_another_group_neither_sees_nor_claims_it(
    client: Client, slack: Slack, carols_ticket: Ticket
) -> None:
    command(client, slack, "U-MALLORY", f"claim {carols_ticket.number}")

    assert [answer["text"] for answer in slack.answers] == [f"No ticket {carols_ticket.number} that you may see."]
    carols_ticket.refresh_from_db()
    assert carols_ticket.assignee is None


@pytest.mark.usefixtures("agents", "immediate_tasks")
def test_a_slack_user_who_is_no_agent_is_told_so(client: Client, slack: Slack, carols_ticket: Ticket) -> None:
    command(client, slack, "U-NOBODY", f"claim {carols_ticket.number}")

    [answer] = slack.answers
    assert "No active Dispatchdesk agent" in answer["text"]
    carols_ticket.refresh_from_db()
    assert carols_ticket.assignee is None


@pytest.mark.usefixtures("agents", "immediate_tasks")
def test_an_unknown_command_gets_the_usage_at_once(client: Client, slack: Slack) -> None:
    assert "claim NUMBER" in command(client, slack, "U-ALICE", "close everything").json()["text"]
    assert slack.server.received == []  # nobody looked up, nothing posted later


@pytest.mark.parametrize(("secret", "age"), [("not-the-secret", 0), (SECRET, 6 * 60)])
@pytest.mark.usefixtures("agents", "immediate_tasks")
def test_a_wrongly_signed_or_stale_request_is_refused_and_changes_nothing(
    client: Client, slack: Slack, carols_ticket: Ticket, secret: str, age: int
) -> None:
    response = command(client, slack, "U-ALICE", f"claim {carols_ticket.number}", secret=secret, age=age)

    assert response.status_code == 401
    carols_ticket.refresh_from_db()
    assert carols_ticket.assignee is None
    assert slack.server.received == []  # refused before anyone was looked up


@pytest.mark.usefixtures("agents")
def test_the_command_is_acknowledged_at_once_and_answered_by_the_task(
    client: Client, slack: Slack, carols_ticket: Ticket
) -> None:
    slack.server.delay = 2  # a slow Slack API: the request must not wait for it
    started = time.monotonic()

    response = command(client, slack, "U-ALICE", f"claim {carols_ticket.number}")

    assert time.monotonic() - started < 1
    assert response.json() == {"response_type": "ephemeral", "text": "Working on it…"}
    assert slack.server.received == []  # the lookup and the claim wait for the task
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "dispatchdesk.integrations.tasks.answer_slack_command"
    assert task.args_kwargs["kwargs"]["response_url"] == slack.server.url("/commands/1")


@pytest.mark.usefixtures("agents", "immediate_tasks")
def test_a_response_url_outside_slack_is_refused_and_nothing_is_done(
    client: Client, slack: Slack, carols_ticket: Ticket
) -> None:
    response = command(
        client, slack, "U-ALICE", f"claim {carols_ticket.number}", response_url="http://169.254.169.254/"
    )

    assert response.status_code == 400
    carols_ticket.refresh_from_db()
    assert carols_ticket.assignee is None
    assert slack.server.received == []


@pytest.mark.usefixtures("agents", "immediate_tasks")
def test_a_response_url_that_answers_with_an_error_is_logged_not_retried(
    client: Client, slack: Slack, carols_ticket: Ticket, caplog: pytest.LogCaptureFixture
) -> None:
    slack.server.answer = lambda request: Answer(status=504) if request.method == "POST" else slack_api(request)

    command(client, slack, "U-ALICE", f"status {carols_ticket.number}")

    assert len(slack.answers) == 1
    assert "could not post the Slack command's answer" in caplog.text
