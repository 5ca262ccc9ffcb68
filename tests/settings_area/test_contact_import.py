"""The contact import page: an administrator uploads a CSV, checks it with a dry run, then imports it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.customers.models import Contact
from tests.conftest import login

URL = "/manage/settings/contacts/import/"
GOOD = b"name,email,external_id\nAnn Lee,ann@example.com,c-1\nBen Ode,ben@example.com,c-2\n"


def upload(client: Client, data: bytes, *, dry_run: bool) -> object:
    body = {"file": SimpleUploadedFile("contacts.csv", data, content_type="text/csv")}
    return client.post(URL, body | ({"dry_run": "on"} if dry_run else {}), follow=True)


def test_a_dry_run_reports_what_would_happen_and_saves_nothing(client: Client, root: User) -> None:
    response = upload(login(client, root), GOOD, dry_run=True)

    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "2 contacts would be created and 0 updated" in response.content.decode()  # type: ignore[attr-defined]
    assert not Contact.objects.exists()


def test_an_import_saves_the_contacts_and_says_how_many(client: Client, root: User) -> None:
    response = upload(login(client, root), GOOD, dry_run=False)

    assert "2 contacts created, 0 updated" in response.content.decode()  # type: ignore[attr-defined]
    assert sorted(Contact.objects.values_list("external_id", flat=True)) == ["c-1", "c-2"]


def test_bad_rows_are_listed_by_line_and_field_and_nothing_is_saved(client: Client, root: User) -> None:
    data = b"name,email,phone\nGood,good@example.com,\nBad,not-an-email,\nPhone,p@example.com,<b>1</b>\n"

    response = upload(login(client, root), data, dry_run=False)

    page = response.content.decode()  # type: ignore[attr-defined]
    assert "<td>3</td><td>email</td>" in page
    assert "<td>4</td><td>phone</td>" in page
    assert "&lt;b&gt;1&lt;/b&gt; is not a valid phone number" in page  # shown escaped, never as markup
    assert not Contact.objects.exists()


def test_a_file_with_wrong_columns_is_a_form_error(client: Client, root: User) -> None:
    response = upload(login(client, root), b"nom,courriel\nAnn,ann@example.com\n", dry_run=False)

    assert "unknown: nom, courriel" in response.content.decode()  # type: ignore[attr-defined]
    assert not Contact.objects.exists()


def test_the_tab_is_shown_to_administrators_only(client: Client, root: User, dave: User) -> None:
    assert URL in login(client, root).get("/manage/settings/").content.decode()
    assert URL not in login(client, dave).get("/manage/settings/").content.decode()
