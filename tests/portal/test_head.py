"""HEAD on the emailed links: mail scanners check them before the customer clicks (issue 11)."""

import urllib.request

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.services import ticket_reply
from tests.portal.test_pages import page_of, png_upload

THANKS = "Thank you: your answer is on your request"
SAME_HEADERS = ("Content-Type", "Cache-Control", "Referrer-Policy", "X-Robots-Tag")


def test_head_on_the_ticket_page_answers_like_get(client: Client, carols_ticket: Ticket) -> None:
    get = client.get(page_of(carols_ticket))
    head = client.head(page_of(carols_ticket))

    assert head.status_code == 200
    assert head.content == b""
    assert {name: head[name] for name in SAME_HEADERS} == {name: get[name] for name in SAME_HEADERS}


def test_head_on_an_unknown_key_is_a_404(client: Client, db: None) -> None:
    assert client.head("/t/not-a-real-key/").status_code == 404


def test_a_scanners_head_leaves_the_customers_notice_for_her_visit(client: Client, carols_ticket: Ticket) -> None:
    answered = client.post(f"{page_of(carols_ticket)}reply/", {"body": "It works again."})

    client.head(page_of(carols_ticket))
    page = client.get(page_of(carols_ticket))

    assert answered.status_code == 302
    assert THANKS in page.text
    assert THANKS not in client.get(page_of(carols_ticket)).text  # shown once, as before


def test_head_on_a_public_file_answers_like_get(client: Client, alice: User, carols_ticket: Ticket) -> None:
    reply = ticket_reply(ticket_id=carols_ticket.pk, author=alice, body="Photo", files=[png_upload()])
    link = f"{page_of(carols_ticket)}attachments/{reply.attachments.get().token}/"

    head = client.head(link)

    assert head.status_code == 200
    assert head["Content-Type"] == "image/png"


@pytest.mark.django_db(transaction=True)
def test_the_real_server_sends_head_without_a_body(live_server: object, carols_ticket: Ticket) -> None:
    url = f"{live_server}{page_of(carols_ticket)}"

    with urllib.request.urlopen(urllib.request.Request(url, method="HEAD")) as head:  # noqa: S310 - our own server
        status, body, length = head.status, head.read(), head.headers.get("Content-Length")
    with urllib.request.urlopen(url) as get:  # noqa: S310 - our own server
        page = get.read()

    assert status == 200
    assert body == b""
    assert length is None or int(length) == len(page)
    assert carols_ticket.subject.encode() in page
