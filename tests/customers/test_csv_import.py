"""`dispatchdesk import-contacts`: a CSV of contacts saved all or none, every bad line named."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dispatchdesk.accounts.models import User
from dispatchdesk.customers.models import Contact, Organisation
from tests.factories import ContactFactory

GOOD = (
    "name,email,phone,organisation,external_id,language\n"
    "Ann Lee,ann@example.com,+49 30 1234567,Acme,c-1,de\n"
    "Ben Ode,ben@example.com,,acme,,\n"
    '"Cy, Jr.",cy@example.com,+1 212 555 0100,,c-3,en\n'
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text(text, encoding="utf-8")
    return path


def run(path: Path, *args: str, stderr: StringIO | None = None) -> tuple[str, str]:
    out, err = StringIO(), stderr or StringIO()
    call_command("import-contacts", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_file_creates_contacts_and_their_organisation(tmp_path: Path, root: User) -> None:
    out, _err = run(write(tmp_path, GOOD))

    assert "3 contacts created, 0 updated" in out
    ann = Contact.objects.get(email="ann@example.com")
    assert (ann.phone, ann.external_id, ann.language) == ("+49301234567", "c-1", "de")
    assert ann.organisation == Organisation.objects.get(name="Acme")
    assert Contact.objects.get(email="ben@example.com").organisation == ann.organisation
    assert Contact.objects.get(external_id="c-3").name == "Cy, Jr."
    assert Organisation.objects.count() == 1


def test_a_second_import_updates_by_external_id_or_email(tmp_path: Path, root: User) -> None:
    run(write(tmp_path, GOOD))

    out, _err = run(
        write(tmp_path, "name,email,external_id\nAnn Renamed,ann@new.example,c-1\nBen B,BEN@example.com,\n")
    )

    assert "0 contacts created, 2 updated" in out
    assert Contact.objects.get(external_id="c-1").email == "ann@new.example"
    assert Contact.objects.get(email__iexact="ben@example.com").name == "Ben B"


def test_a_dry_run_checks_everything_and_saves_nothing(tmp_path: Path, root: User) -> None:
    out, _err = run(write(tmp_path, GOOD), "--dry-run")

    assert "3 would be created" in out
    assert not Contact.objects.exists()
    assert not Organisation.objects.exists()


def test_every_bad_line_is_named_and_nothing_is_saved(tmp_path: Path, root: User) -> None:
    ContactFactory(email="taken@example.com", external_id="other")
    text = (
        "name,email,phone,organisation,external_id,language\n"
        "Good,good@example.com,,,g-1,\n"
        ",nameless@example.com,,,,\n"
        "Bad mail,not-an-email,,,,\n"
        "Bad phone,p@example.com,12,,,\n"
        "Twin,GOOD@example.com,,,g-2,\n"
        "Lang,l@example.com,,,,fr\n"
    )

    err = StringIO()
    with pytest.raises(CommandError, match="5 of the rows were refused"):
        run(write(tmp_path, text), stderr=err)

    assert [line.split(":")[0] for line in err.getvalue().splitlines()] == [
        "line 3, name",
        "line 4, email",
        "line 5, phone",
        "line 6, email",
        "line 7, language",
    ]
    assert list(Contact.objects.values_list("email", flat=True)) == ["taken@example.com"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,mail\nAnn,ann@example.com\n", "unknown: mail; missing: email"),
        (b"name,email\nAnn,\xff@example.com\n", "not UTF-8"),
    ],
)
def test_a_file_that_is_not_a_contact_list_is_refused(tmp_path: Path, root: User, content: bytes, message: str) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        run(path)

    assert not Contact.objects.exists()


def test_without_an_administrator_the_command_refuses(tmp_path: Path, db: None) -> None:
    with pytest.raises(CommandError, match="no active administrator"):
        run(write(tmp_path, GOOD))

    assert not Contact.objects.exists()


def test_a_row_without_an_external_id_updates_by_email_and_keeps_the_contacts_id(tmp_path: Path, root: User) -> None:
    ContactFactory(email="ann@example.com", external_id="c-1", name="Ann")

    run(write(tmp_path, "name,email\nAnn Lee,ann@example.com\n"))

    assert list(Contact.objects.values_list("name", "external_id")) == [("Ann Lee", "c-1")]
