"""`/dispatchdesk claim 10042` and `… status 10042` as Slack sends them: a form body signed with the
app's signing secret (v0), the agent found by email through a local stand-in for Slack's users.info,
the claim through the same service and permission answer as the claim button."""

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client

from dispatchdesk.accounts.models import AgentProfile, Presence, User
from dispatchdesk.tickets.models import Status, Ticket

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
EMAILS = {"U-ALICE": "Alice@Example.com", "U-MALLORY": "mallory@example.com", "U-NOBODY": "nobody@example.com"}


@pytest.fixture
def slack(settings: Any) -> Iterator[list[str]]:
    """Slack's users.info on a free local port; the list is who was looked up."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            user = parse_qs(url.query)["user"][0]
            asked.append(user)
            authorised = self.headers["Authorization"] == "Bearer xoxb-test"
            found = {"ok": True, "user": {"id": user, "profile": {"email": EMAILS[user]}}}
            answer = json.dumps(found if authorised and url.path == "/api/users.info" else {"ok": False}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.DISPATCHDESK_SLACK_SIGNING_SECRET = SECRET
    settings.DISPATCHDESK_SLACK_BOT_TOKEN = "xoxb-test"
    settings.DISPATCHDESK_SLACK_API_URL = f"http://127.0.0.1:{server.server_address[1]}/api"
    yield asked
    server.shutdown()
    server.server_close()


def command(client: Client, user_id: str, text: str, *, secret: str = SECRET, age: int = 0) -> Any:
    body = urlencode(
        {
            "token": "legacy",
            "team_id": "T1",
            "command": "/dispatchdesk",
            "text": text,
            "user_id": user_id,
            "user_name": "someone",
            "response_url": "https://hooks.slack.com/commands/1",
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


@pytest.mark.usefixtures("agents")
def test_an_agent_claims_a_queued_ticket_of_their_group_from_slack(
    client: Client, slack: list[str], carols_ticket: Ticket, alice: User
) -> None:
    response = command(client, "U-ALICE", f"claim {carols_ticket.number}")

    assert response.status_code == 200
    assert response.json() == {
        "response_type": "ephemeral",
        "text": f"You now hold ticket {carols_ticket.number}: VPN drops every hour",
    }
    carols_ticket.refresh_from_db()
    assert (carols_ticket.assignee, carols_ticket.status) == (alice, Status.IN_PROGRESS)
    assert slack == ["U-ALICE"]


@pytest.mark.usefixtures("agents")
def test_status_answers_in_the_agents_language(
    client: Client, slack: list[str], carols_ticket: Ticket, alice: User
) -> None:
    User.objects.filter(pk=alice.pk).update(language="de")

    text = command(client, "U-ALICE", f"status #{carols_ticket.number}").json()["text"]

    assert text.startswith(f"Ticket {carols_ticket.number}: VPN drops every hour — ")
    assert "nicht zugewiesen" in text


@pytest.mark.usefixtures("agents")
def test_an_agent_of_another_group_neither_sees_nor_claims_it(
    client: Client, slack: list[str], carols_ticket: Ticket
) -> None:
    response = command(client, "U-MALLORY", f"claim {carols_ticket.number}")

    assert response.json()["text"] == f"No ticket {carols_ticket.number} that you may see."
    carols_ticket.refresh_from_db()
    assert carols_ticket.assignee is None


@pytest.mark.usefixtures("agents")
def test_a_slack_user_who_is_no_agent_is_told_so(client: Client, slack: list[str], carols_ticket: Ticket) -> None:
    response = command(client, "U-NOBODY", f"claim {carols_ticket.number}")

    assert "No active Dispatchdesk agent" in response.json()["text"]
    carols_ticket.refresh_from_db()
    assert carols_ticket.assignee is None


@pytest.mark.usefixtures("agents")
def test_an_unknown_command_gets_the_usage(client: Client, slack: list[str]) -> None:
    assert "claim NUMBER" in command(client, "U-ALICE", "close everything").json()["text"]


@pytest.mark.parametrize(("secret", "age"), [("not-the-secret", 0), (SECRET, 6 * 60)])
@pytest.mark.usefixtures("agents")
def test_a_wrongly_signed_or_stale_request_is_refused_and_changes_nothing(
    client: Client, slack: list[str], carols_ticket: Ticket, secret: str, age: int
) -> None:
    response = command(client, "U-ALICE", f"claim {carols_ticket.number}", secret=secret, age=age)

    assert response.status_code == 401
    carols_ticket.refresh_from_db()
    assert carols_ticket.assignee is None
    assert slack == []  # refused before anyone was looked up
