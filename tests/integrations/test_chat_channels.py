"""A skill group's Slack and WeChat Work channels (X2) against a real local receiver that checks each
message against the format the service documents: Slack incoming webhooks take `text` plus Block
Kit `blocks` and answer "ok"; a WeChat Work group robot takes `{"msgtype": "markdown", "markdown":
{"content": …}}` (content ≤ 4096 bytes) at /cgi-bin/webhook/send?key=… and answers errcode 0."""

from typing import Any

import pytest

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.integrations.models import DeliveryState, Format, WebhookDelivery, WebhookEvent
from dispatchdesk.integrations.services import subscription_create
from dispatchdesk.tickets.models import Channel, Priority, Ticket
from tests.conftest import Capture
from tests.local_server import Answer, LocalServer

SLACK_BLOCKS = {"section", "context", "divider", "header", "actions", "image"}


def slack_problems(message: dict[str, Any]) -> list[str]:
    problems = [] if isinstance(message.get("text"), str) and message["text"] else ["no fallback text"]
    for block in message.get("blocks", []):
        if block.get("type") not in SLACK_BLOCKS:
            problems.append(f"unknown block {block.get('type')}")
        if block.get("type") == "section" and block["text"]["type"] not in ("mrkdwn", "plain_text"):
            problems.append("section text neither mrkdwn nor plain_text")
    return problems


def wechat_problems(path: str, message: dict[str, Any]) -> list[str]:
    problems = [] if path.startswith("/cgi-bin/webhook/send?key=") else ["not the robot's send URL"]
    if message.get("msgtype") != "markdown" or not isinstance(message.get("markdown", {}).get("content"), str):
        problems.append("not a markdown message")
    elif len(message["markdown"]["content"].encode()) > 4096:
        problems.append("content over 4096 bytes")
    return problems


@pytest.fixture
def chat(local_server: LocalServer) -> LocalServer:
    """Answers like Slack on /services/…, like a WeChat Work robot (errcode 0) on /cgi-bin/…."""
    local_server.answer = lambda request: (
        Answer(body=b"ok") if request.route.startswith("/services/") else Answer(body=b'{"errcode": 0, "errmsg": "ok"}')
    )
    return local_server


def slack_messages(chat: LocalServer) -> list[dict[str, Any]]:
    return [r.json() for r in chat.received if r.route.startswith("/services/")]


def wechat_messages(chat: LocalServer) -> list[dict[str, Any]]:
    return [r.json() for r in chat.received if r.route.startswith("/cgi-bin/")]


def problems(chat: LocalServer) -> list[str]:
    """Every message checked against the format its service documents."""
    found = [problem for message in slack_messages(chat) for problem in slack_problems(message)]
    for request in chat.received:
        if request.route.startswith("/cgi-bin/"):
            found += wechat_problems(request.path, request.json())
    return found


@pytest.fixture
def channels(root: User, network: SkillGroup, chat: LocalServer) -> None:
    # Both are on 127.0.0.1: the administrator's allowance for loopback is set on purpose.
    for fmt, path, language in (
        (Format.SLACK, "/services/T0/B0/x", "en"),
        (Format.WECHAT_WORK, "/cgi-bin/webhook/send?key=k-1", "de"),
    ):
        subscription_create(
            actor=root,
            url=chat.url(path),
            events=[WebhookEvent.TICKET_CREATED, WebhookEvent.SLA_WARNING, WebhookEvent.SLA_BREACHED],
            allow_private_network=True,
            format=fmt,
            group=network,
            language=language,
        )


def submit(carol: User, network: SkillGroup, priority: int, capture: Capture) -> Ticket:
    contact: Contact = carol.contact
    with capture(execute=True):
        return ticket_submit(
            customer=contact,
            subject="Core router <!here> down & out",
            description="Nothing works.",
            channel=Channel.WEB,
            priority=priority,
            fields={"group": network},
        )


@pytest.mark.usefixtures("immediate_tasks", "channels")
def test_a_new_p1_reaches_the_groups_slack_and_wechat_in_their_languages(
    chat: LocalServer, carol: User, network: SkillGroup, django_capture_on_commit_callbacks: Capture
) -> None:
    ticket = submit(carol, network, Priority.URGENT, django_capture_on_commit_callbacks)

    assert problems(chat) == []
    [slack] = slack_messages(chat)
    assert slack["text"] == f"New P1 ticket {ticket.number}: Core router &lt;!here&gt; down &amp; out"
    assert f"/agent/tickets/{ticket.pk}/|Open the ticket>" in slack["blocks"][1]["elements"][0]["text"]
    [wechat] = wechat_messages(chat)
    assert wechat["markdown"]["content"].startswith(f"**Neues P1-Ticket {ticket.number}: Core router")
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {DeliveryState.DELIVERED}


@pytest.mark.usefixtures("immediate_tasks", "channels")
def test_a_new_p3_is_not_announced_in_the_channels(
    chat: LocalServer, carol: User, network: SkillGroup, django_capture_on_commit_callbacks: Capture
) -> None:
    submit(carol, network, Priority.NORMAL, django_capture_on_commit_callbacks)

    assert chat.received == []
    assert not WebhookDelivery.objects.exists()


@pytest.mark.usefixtures("immediate_tasks", "channels")
def test_a_robot_that_answers_with_an_error_code_is_a_failure_tried_again(
    chat: LocalServer, carol: User, network: SkillGroup, django_capture_on_commit_callbacks: Capture
) -> None:
    chat.answer = lambda request: Answer(body=b'{"errcode": 93000, "errmsg": "ok"}')  # "invalid webhook URL"

    submit(carol, network, Priority.URGENT, django_capture_on_commit_callbacks)

    wechat = WebhookDelivery.objects.get(subscription__format=Format.WECHAT_WORK)
    assert (wechat.state, wechat.last_error) == (DeliveryState.PENDING, "ValueError: WeChat Work errcode 93000: ok")


def test_a_chat_channel_needs_a_group_and_hears_only_chat_events(root: User, network: SkillGroup) -> None:
    with pytest.raises(DomainError, match="skill group"):
        subscription_create(
            actor=root, url="https://hooks.slack.com/services/x", events=["sla.breached"], format=Format.SLACK
        )
    with pytest.raises(DomainError, match="known event"):
        subscription_create(
            actor=root,
            url="https://hooks.slack.com/services/x",
            events=["ticket.rated"],
            format=Format.SLACK,
            group=network,
        )
