"""`dispatchdesk import` refuses what it cannot restore faithfully, names the line, and writes nothing."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from dispatchdesk.accounts.models import Skill
from dispatchdesk.customers.models import Contact, Organisation
from dispatchdesk.incidents.models import Incident
from dispatchdesk.knowledge.models import Article, SuggestionIndex
from dispatchdesk.tickets.models import Ticket
from tests.factories import ContactFactory

HEADER = {"type": "header", "format": "dispatchdesk-desk", "version": 1, "exported_at": "2026-12-01T12:00:00+00:00"}
ORGANISATION = {"type": "organisation", "id": 4, "fields": {"name": "Acme"}}
CONTACT = {"type": "contact", "id": 5, "fields": {"name": "Ann Lee", "email": "ann@example.com", "organisation_id": 4}}
TICKET = {
    "type": "ticket",
    "id": 9,
    "fields": {
        "number": 500,
        "access_key": "k" * 43,
        "subject": "Printer",
        "description": "<p>Jammed.</p>",
        "customer_id": 5,
        "channel": "web",
        "created_at": "2026-11-02T08:00:00+00:00",
        "updated_at": "2026-11-02T08:00:00+00:00",
    },
    "messages": [
        {
            "id": 20,
            "fields": {"kind": "reply", "body": "<p>Jammed.</p>", "author_contact_id": 5, "channel": "web"},
        }
    ],
    "timeline": [{"id": 30, "fields": {"kind": "created", "public": True, "data": {"channel": "web"}}}],
}

ARTICLE = {"type": "article", "id": 1, "fields": {"visibility": "public", "status": "published", "source_ticket_id": 9}}
VERSION = {
    "type": "article_version",
    "id": 2,
    "fields": {"article_id": 1, "language": "en", "number": 1, "title": "Printer jams", "body": "<p>Open it.</p>"},
}
INCIDENT = {"type": "incident", "id": 6, "fields": {"title": "Printers down", "status": "open", "detected": False}}
INCIDENT_TICKET = {"type": "incident_ticket", "id": 7, "fields": {"incident_id": 6, "ticket_id": 9}}


def write(tmp_path: Path, *records: dict[str, Any] | str) -> Path:
    path = tmp_path / "desk.jsonl"
    lines = [record if isinstance(record, str) else json.dumps(record) for record in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def run(path: Path) -> str:
    out = io.StringIO()
    call_command("import", str(path), stdout=out)
    return out.getvalue()


def nothing_written() -> bool:
    return not (Organisation.objects.exists() or Contact.objects.exists() or Ticket.objects.exists())


def changed(record: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**record, "fields": {**record["fields"], **fields}}


def test_a_small_hand_written_desk_is_imported_with_its_keys_number_and_moments(db: None, tmp_path: Path) -> None:
    out = run(write(tmp_path, HEADER, ORGANISATION, CONTACT, TICKET))

    assert "1 organisation, 1 contact, 1 ticket" in out
    ticket = Ticket.objects.get(pk=9)
    assert (ticket.number, ticket.customer_id, ticket.created_at.isoformat()) == (500, 5, "2026-11-02T08:00:00+00:00")
    assert list(ticket.messages.values_list("pk", "body")) == [(20, "<p>Jammed.</p>")]
    assert list(ticket.timeline.values_list("pk", "kind")) == [(30, "created")]


def test_a_newer_format_version_is_refused_with_a_message(db: None, tmp_path: Path) -> None:
    with pytest.raises(
        CommandError, match=r"format version 2, written by a newer Dispatchdesk; this one reads versions up to 1"
    ):
        run(write(tmp_path, {**HEADER, "version": 2}, ORGANISATION))

    assert nothing_written()


@pytest.mark.parametrize(
    ("first", "message"),
    [
        ("", "line 1: not JSON"),
        ('{"type": "contact"}', "line 1: not a Dispatchdesk desk export"),
        ('{"type": "header", "format": "dispatchdesk-desk", "version": "one"}', "must be a whole number"),
        ("[1, 2]", "line 1: a record is a JSON object"),
    ],
)
def test_a_file_without_the_header_is_refused(db: None, tmp_path: Path, first: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(write(tmp_path, first, ORGANISATION))

    assert nothing_written()


def test_a_desk_that_is_not_empty_is_refused(db: None, tmp_path: Path) -> None:
    ContactFactory(email="someone@example.com")

    with pytest.raises(CommandError, match=r"The desk is not empty \(it holds records of type .*contact"):
        run(write(tmp_path, HEADER, ORGANISATION))

    assert not Organisation.objects.filter(name="Acme").exists()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", r"line 4: not JSON"),
        ({"type": "spaceship", "id": 1, "fields": {}}, r"line 4: unknown record type 'spaceship'"),
        (changed(TICKET, priority=9), r"line 4 \(ticket\): priority: Value 9 is not a valid choice"),
        (changed(TICKET, status="lost"), r"line 4 \(ticket\): status: Value 'lost' is not a valid choice"),
        (changed(TICKET, customer_id=77), r"line 4 \(ticket\): Contact matching query does not exist"),
        (changed(TICKET, created_at="yesterday"), r"line 4 \(ticket\): created_at: .*format"),
        (changed(TICKET, colour="red"), r"line 4 \(ticket\): colour: not a field of this record"),
        (changed(TICKET, subject=""), r"line 4 \(ticket\): .*subject"),
        (changed(TICKET, number=None), r"line 4 \(ticket\): .*number"),
        ({"type": "ticket", "id": 9}, r"line 4 \(ticket\): fields is missing"),
        (changed(CONTACT, email="ANN@example.com"), r"line 4 \(contact\): .*UNIQUE|line 4 \(contact\): .*unique"),
        ({"type": "skill", "id": 1, "fields": {"slug": "no spaces allowed", "name": "X"}}, r"line 4 \(skill\): slug"),
    ],
)
def test_a_bad_record_is_refused_by_its_line_and_nothing_is_written(
    db: None, tmp_path: Path, bad: dict[str, Any] | str, message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        run(write(tmp_path, HEADER, ORGANISATION, CONTACT, bad))

    assert nothing_written()
    assert not Skill.objects.exists()


def test_a_reference_to_a_record_the_file_does_not_hold_is_refused(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="The file refers to records it does not hold"):
        run(write(tmp_path, HEADER, changed(CONTACT, organisation_id=99)))

    assert nothing_written()


def test_a_file_that_cannot_be_read_is_refused(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.jsonl")
    (tmp_path / "latin1.jsonl").write_bytes(json.dumps(HEADER).encode() + b"\n\xff\xfe\n")
    with pytest.raises(CommandError, match="not UTF-8"):
        run(tmp_path / "latin1.jsonl")


def test_export_to_a_file_it_cannot_write_is_refused_and_leaves_nothing(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export", "--output", str(tmp_path / "no" / "such" / "dir.jsonl"), stderr=io.StringIO())

    assert list(tmp_path.iterdir()) == []


def test_export_writes_to_standard_output_by_default(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    ContactFactory(email="ann@example.com")

    call_command("export", stderr=io.StringIO())

    lines = capsys.readouterr().out.splitlines()
    assert json.loads(lines[0])["type"] == "header"
    assert [json.loads(line)["fields"]["email"] for line in lines if '"contact"' in line] == ["ann@example.com"]


def test_attachments_whose_files_were_not_copied_are_counted(db: None, tmp_path: Path) -> None:
    with_file = {
        **TICKET,
        "attachments": [
            {
                "id": 40,
                "fields": {
                    "message_id": 20,
                    "file": "attachments/9/20/abc.png",
                    "token": "t" * 32,
                    "filename": "shot.png",
                    "content_type": "image/png",
                    "size": 3,
                },
            }
        ],
    }
    article_file = {
        "type": "article_file",
        "id": 3,
        "fields": {
            "article_id": 1,
            "file": "articles/1/" + "f" * 32 + ".pdf",
            "token": "f" * 32,
            "filename": "guide.pdf",
            "content_type": "application/pdf",
            "size": 5,
        },
    }
    err = io.StringIO()

    call_command(
        "import",
        str(write(tmp_path, HEADER, ORGANISATION, CONTACT, with_file, ARTICLE, article_file)),
        stdout=io.StringIO(),
        stderr=err,
    )

    assert "2 attachment and article files are not in the media directory" in err.getvalue()
    assert Ticket.objects.get(pk=9).messages.get().attachments.get().filename == "shot.png"


def test_articles_and_incidents_follow_the_tickets_they_refer_to(db: None, tmp_path: Path) -> None:
    script = changed(VERSION, body='<p onclick="steal()">Open it.</p><script>steal()</script>')

    out = run(write(tmp_path, HEADER, ORGANISATION, CONTACT, TICKET, ARTICLE, script, INCIDENT, INCIDENT_TICKET))

    assert "1 ticket, 1 article, 1 article_version, 1 incident, 1 incident_ticket" in out
    article = Article.objects.get(pk=1)
    assert article.source_ticket_id == 9
    # Sanitised again, as the form would: a file gets no more trust than a person typing.
    assert article.versions.get().body == "<p>Open it.</p>"
    assert Incident.objects.get(pk=6).links.get().ticket_id == 9
    assert "suggestion index" in out
    assert SuggestionIndex.objects.get().size == 0  # built by the import: the one ticket is not resolved


def test_a_link_to_a_ticket_the_file_does_not_hold_is_refused(db: None, tmp_path: Path) -> None:
    dangling = changed(INCIDENT_TICKET, ticket_id=99)

    with pytest.raises(CommandError, match=r"refers to records it does not hold"):
        run(write(tmp_path, HEADER, ORGANISATION, CONTACT, TICKET, INCIDENT, dangling))

    assert nothing_written()
    assert not Incident.objects.exists()
