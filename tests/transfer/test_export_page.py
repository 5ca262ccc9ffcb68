"""The export as a download in the settings area: streamed, for whoever may configure (the matrix
shows who may not)."""

import json

from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.tickets.models import Ticket
from tests.conftest import login


def test_a_manager_downloads_the_desk_streamed_as_json_lines(client: Client, dave: User, carols_ticket: Ticket) -> None:
    page = login(client, dave).get("/manage/settings/export/")
    assert 'href="/manage/settings/export/desk.jsonl"' in page.content.decode()

    response = client.get("/manage/settings/export/desk.jsonl")

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="dispatchdesk-')
    lines = b"".join(response.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    records = [json.loads(line) for line in lines]
    assert records[0]["type"] == "header"
    tickets = [record for record in records if record["type"] == "ticket"]
    assert [ticket["fields"]["number"] for ticket in tickets] == [carols_ticket.number]
    assert tickets[0]["messages"][0]["fields"]["body"] == "<p>Since Monday the VPN disconnects.</p>"
