"""`dispatchdesk import-tickets`: a CSV of tickets through the front door, all or none, every bad row named."""

from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact, Organisation
from dispatchdesk.tickets.models import Category, EventKind, Status, Ticket
from dispatchdesk.transfer.tickets_csv import tickets_import
from tests.factories import ContactFactory

HEADER = "subject,description,customer_email,customer_name,organisation,channel,priority,category,group,tags,language,created_at\n"
GOOD = HEADER + (
    "Printer jam,The printer on floor 2 jams.,new@example.com,New Person,Acme,email,2,hardware,network,printer floor-2,de,2026-11-01T09:00\n"
    '"VPN, again","It drops ""every"" hour.",known@example.com,,,web,P1,,,,,2026-11-02 10:30+00:00\n'
    "Minimal,Just this.,known@example.com,,,,,,,,,\n"
)


@pytest.fixture
def desk(root: User, network: SkillGroup) -> None:
    Category.objects.create(slug="hardware", name="Hardware")
    ContactFactory(email="known@example.com", name="Known Customer")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tickets.csv"
    path.write_text(text, encoding="utf-8")
    return path


def run(path: Path, *args: str, stderr: StringIO | None = None) -> str:
    out = StringIO()
    call_command("import-tickets", str(path), *args, stdout=out, stderr=stderr or StringIO())
    return out.getvalue()


def test_a_good_file_imports_each_ticket_as_it_was(desk: None, tmp_path: Path) -> None:
    out = run(write(tmp_path, GOOD))

    assert "3 tickets imported" in out
    printer, vpn, minimal = Ticket.objects.order_by("number")
    berlin = ZoneInfo("Europe/Berlin")
    assert printer.created_at == datetime(2026, 11, 1, 9, 0, tzinfo=berlin)
    assert (printer.priority, printer.category and printer.category.slug, printer.group and printer.group.slug) == (
        2,
        "hardware",
        "network",
    )
    assert sorted(printer.tags.values_list("name", flat=True)) == ["floor-2", "printer"]
    assert printer.language == "de"
    assert printer.customer.name == "New Person"
    assert printer.customer.organisation == Organisation.objects.get(name="Acme")
    assert vpn.subject == "VPN, again"
    assert vpn.customer.name == "Known Customer"  # a known customer is found, not renamed
    assert vpn.description == '<p>It drops "every" hour.</p>'
    assert (vpn.priority, vpn.channel, minimal.channel) == (1, "web", "web")
    assert minimal.status == Status.NEW
    # Through the front door: the created event and the first message are there, in the past.
    created = printer.timeline.get(kind=EventKind.CREATED)
    assert created.created_at == printer.created_at
    assert printer.messages.get().created_at == printer.created_at


def test_a_dry_run_checks_everything_and_saves_nothing(desk: None, tmp_path: Path) -> None:
    out = run(write(tmp_path, GOOD), "--dry-run")

    assert "Dry run: 3 tickets would be imported; nothing was saved." in out
    assert not Ticket.objects.exists()
    assert not Contact.objects.filter(email="new@example.com").exists()


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)])
def test_every_bad_row_is_named_with_its_fields_and_nothing_is_saved(
    desk: None, tmp_path: Path, dry_run: tuple[str, ...]
) -> None:
    text = HEADER + (
        "Fine,Good row.,known@example.com,,,,,,,,,\n"
        ",No subject.,known@example.com,,,,,,,,,\n"
        "Bad,Many bad cells.,not-an-email,Someone,,fax,9,nope,,,xx,tomorrow\n"
        "Stranger,Who is this?,nobody@example.com,,,,,,,,,\n"
        "Later,From the future.,known@example.com,,,,,,,,,2999-01-01T00:00\n"
        "Group,No such group.,known@example.com,,,,,,ghosts,,,\n"
    )
    err = StringIO()

    with pytest.raises(CommandError, match="5 of the rows were refused; nothing was saved"):
        run(write(tmp_path, text), *dry_run, stderr=err)

    lines = err.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "line 3, subject",
        "line 4, channel",
        "line 5, customer_name",
        "line 6, created_at",
        "line 7, group",
    ]
    for field in ("priority: 9 is not a priority", "category: there is no category", "language: xx", "created_at:"):
        assert field in lines[1]
    assert "customer_email: Enter a valid email address" in lines[1]
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"subject,body\nHi,there\n", "unknown: body; missing: customer_email, description"),
        (b"subject,description,customer_email\nHi,\xff,a@example.com\n", "not UTF-8"),
    ],
)
def test_a_file_that_is_not_a_ticket_list_is_refused(desk: None, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "tickets.csv"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        run(path)

    assert not Ticket.objects.exists()


@pytest.mark.parametrize("persona", ["dave", "alice"])
def test_only_an_administrator_imports_tickets(desk: None, persona: str, request: pytest.FixtureRequest) -> None:
    actor = request.getfixturevalue(persona)

    with pytest.raises(DomainError, match="Only"):
        tickets_import(actor=actor, data=GOOD.encode(), dry_run=False)

    assert not Ticket.objects.exists()


def test_without_an_administrator_the_command_refuses(tmp_path: Path, db: None) -> None:
    with pytest.raises(CommandError, match="no active administrator"):
        run(write(tmp_path, GOOD))

    assert not Ticket.objects.exists()
