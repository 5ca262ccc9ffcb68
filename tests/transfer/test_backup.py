"""`dispatchdesk backup` / `restore` on SQLite (the online backup API) and PostgreSQL (pg_dump and
pg_restore in custom format): what was backed up comes back, and a desk is only replaced with --force."""

import io
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.tickets.models import Channel, Ticket
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db(transaction=True)
# How each database's backup file begins: an SQLite database, pg_dump's custom format.
MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}


def backup(path: Path) -> str:
    out = io.StringIO()
    call_command("backup", "--output", str(path), stdout=out)
    return out.getvalue()


def restore(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def a_ticket(subject: str) -> Ticket:
    customer = Contact.objects.first() or ContactFactory(email="ann@example.com")
    return ticket_import(customer=customer, subject=subject, description="Text.", channel=Channel.WEB)


def subjects() -> list[str]:
    return list(Ticket.objects.order_by("number").values_list("subject", flat=True))


def backup_then_change_then_restore(tmp_path: Path) -> None:
    """What both databases must do: the desk as it was at the backup comes back, over a changed one
    only with --force, and a refused restore changes nothing."""
    a_ticket("Before the backup")
    assert "Backed up the database" in backup(tmp_path / "desk.backup")
    a_ticket("After the backup")

    with pytest.raises(CommandError, match=r"The database is not empty.*run again with --force"):
        restore(tmp_path / "desk.backup")
    assert subjects() == ["Before the backup", "After the backup"]

    assert "Restored the database" in restore(tmp_path / "desk.backup", "--force")
    assert subjects() == ["Before the backup"]
    assert a_ticket("Going on").number == Ticket.objects.get(subject="Before the backup").number + 1


def test_backup_and_restore_of_the_database_in_use(tmp_path: Path) -> None:
    """SQLite in the default test run, PostgreSQL in `make test-postgres`."""
    backup_then_change_then_restore(tmp_path)

    assert (tmp_path / "desk.backup").read_bytes().startswith(MAGIC[connection.vendor])


def test_a_restore_into_an_empty_database_needs_no_force(tmp_path: Path) -> None:
    a_ticket("Kept")
    backup(tmp_path / "desk.backup")
    call_command("flush", "--no-input")

    restore(tmp_path / "desk.backup")

    assert subjects() == ["Kept"]


def test_a_file_that_is_not_a_backup_of_this_database_is_refused(tmp_path: Path) -> None:
    a_ticket("Untouched")
    (tmp_path / "desk.jsonl").write_text('{"type": "header"}\n')

    for args, message in (
        ((str(tmp_path / "desk.jsonl"), "--force"), "is not an SQLite database|is not a pg_dump file"),
        ((str(tmp_path / "missing.backup"), "--force"), "Cannot read"),
    ):
        with pytest.raises(CommandError, match=message):
            call_command("restore", *args, stdout=io.StringIO())

    assert subjects() == ["Untouched"]


def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    (tmp_path / "desk.backup").write_text("precious")

    with pytest.raises(CommandError, match="exists already"):
        backup(tmp_path / "desk.backup")

    assert (tmp_path / "desk.backup").read_text() == "precious"


@pytest.mark.postgres
def test_postgresql_backup_and_restore_with_pg_dump_and_pg_restore(tmp_path: Path) -> None:
    assert connection.vendor == "postgresql"
    backup_then_change_then_restore(tmp_path)

    assert (tmp_path / "desk.backup").read_bytes().startswith(b"PGDMP")
    listing = subprocess.run(  # noqa: S603 - our own file, no shell
        ["pg_restore", "--list", str(tmp_path / "desk.backup")],  # noqa: S607 - the one on PATH, as the command uses
        capture_output=True,
        text=True,
        check=True,
    )
    assert "TABLE DATA public tickets_ticket" in listing.stdout


@pytest.mark.postgres
def test_without_postgresqls_client_tools_backup_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # where no pg_dump is

    with pytest.raises(CommandError, match=r"pg_dump is not installed.*apt install postgresql-client"):
        backup(tmp_path / "desk.backup")

    assert not (tmp_path / "desk.backup").exists()
