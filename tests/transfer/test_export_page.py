"""The export as a download in the settings area: streamed, for whoever may configure (the matrix
shows who may not)."""

import json

from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.transfer.export import desk_lines
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


def test_the_download_leaves_out_password_hashes_that_the_server_export_keeps(client: Client, dave: User) -> None:
    response = login(client, dave).get("/manage/settings/export/desk.jsonl")
    lines = b"".join(response.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    downloaded = {record["id"]: record["fields"] for record in map(json.loads, lines) if record["type"] == "user"}
    on_server = {record["id"]: record["fields"] for record in map(json.loads, desk_lines()) if record["type"] == "user"}

    assert downloaded[dave.pk]["password"].startswith("!")  # unusable: no password signs in with it
    assert on_server[dave.pk]["password"] == User.objects.get(pk=dave.pk).password
    assert downloaded[dave.pk]["password"] != on_server[dave.pk]["password"]
    assert {key: value for key, value in downloaded[dave.pk].items() if key != "password"} == {
        key: value for key, value in on_server[dave.pk].items() if key != "password"
    }
