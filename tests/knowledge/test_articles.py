"""Articles (A5): versions per language, who may publish, sanitising, files, drafts from resolutions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.knowledge.models import Article, ArticleStatus, ArticleVersion, TicketArticle, Visibility
from dispatchdesk.knowledge.selectors import article_shown, articles_found
from dispatchdesk.knowledge.services import article_draft_from_ticket, article_feedback, article_link, article_save
from dispatchdesk.tickets.models import Ticket
from tests.knowledge.helpers import article, resolved_ticket


def test_each_save_of_changed_text_adds_a_version_per_language(bob: User) -> None:
    first = article(bob, title="Reset your password", body="<p>Use the link.</p>")
    article(bob, title="Reset your password", body="<p>Use the link on the sign-in page.</p>", article_id=first.pk)
    article(bob, title="Reset your password", body="<p>Use the link on the sign-in page.</p>", article_id=first.pk)
    article(bob, title="Passwort zurücksetzen", body="<p>Den Link nutzen.</p>", language="de", article_id=first.pk)

    versions = list(ArticleVersion.objects.order_by("language", "number").values_list("language", "number"))
    assert versions == [("de", 1), ("en", 1), ("en", 2)]  # the unchanged third save added none
    assert article_shown(None, first.pk, "de").title == "Passwort zurücksetzen"
    assert "sign-in page" in article_shown(None, first.pk, "en").version.body


def test_a_reader_without_a_version_in_their_language_gets_the_default_language(bob: User) -> None:
    made = article(bob, title="Printer jams", body="<p>Open tray 2.</p>")

    assert article_shown(None, made.pk, "de").version.language == "en"


def test_article_html_is_sanitised(bob: User) -> None:
    made = article(
        bob, title="Links", body='<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:x">a</a></p>'
    )

    body = made.versions.get().body
    assert "script" not in body
    assert "onclick" not in body
    assert "javascript" not in body


def test_an_agent_writes_drafts_and_internal_articles_but_may_not_publish_for_customers(alice: User) -> None:
    internal = article(alice, title="Where the VPN logs are", body="<p>/var/log</p>", public=False)
    draft = article(alice, title="Printer jams", body="<p>Tray 2.</p>", published=False)

    with pytest.raises(DomainError) as refused:
        article(alice, title="Printer jams", body="<p>Tray 2.</p>", article_id=draft.pk)

    assert refused.value.code == "may_not_publish"
    assert internal.status == ArticleStatus.PUBLISHED
    assert internal.visibility == Visibility.INTERNAL
    assert Article.objects.get(pk=draft.pk).status == ArticleStatus.DRAFT
    assert draft.versions.count() == 1  # the refusal changed nothing


def test_an_agent_may_not_change_what_customers_read_now(alice: User, bob: User) -> None:
    published = article(bob, title="Printer jams", body="<p>Tray 2.</p>")

    with pytest.raises(DomainError):
        article(alice, title="Printer jams", body="<p>Tray 3.</p>", published=False, article_id=published.pk)

    assert Article.objects.get(pk=published.pk).is_public
    assert published.versions.count() == 1


def test_customers_may_not_write_articles(carol: User) -> None:
    with pytest.raises(DomainError):
        article(carol, title="Mine", body="<p>x</p>", public=False)
    assert not Article.objects.exists()


def test_files_follow_the_tickets_upload_rules(bob: User) -> None:
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")

    with pytest.raises(DomainError) as refused:
        article_save(
            actor=bob,
            article_id=None,
            language="en",
            title="Tool",
            body="<p>x</p>",
            category=None,
            visibility=Visibility.INTERNAL,
            published=True,
            files=[script],
        )

    assert refused.value.code == "attachment_type"
    assert not Article.objects.exists()


def test_the_help_centre_lists_only_published_public_articles(bob: User) -> None:
    article(bob, title="Public printer guide", body="<p>printer</p>")
    article(bob, title="Internal printer notes", body="<p>printer</p>", public=False)
    article(bob, title="Draft printer guide", body="<p>printer</p>", published=False)

    assert [shown.title for shown in articles_found(None, query="printer", language="en")] == ["Public printer guide"]
    assert len(articles_found(bob, query="printer", language="en")) == 3


def test_a_resolution_becomes_a_draft_internal_article(carol: User, alice: User) -> None:
    ticket = resolved_ticket(
        carol, alice, subject="VPN drops hourly", description="It drops.", resolution="Update the client to 5.2."
    )

    drafted = article_draft_from_ticket(ticket_id=ticket.pk, actor=alice)

    version = drafted.versions.get()
    assert (drafted.status, drafted.visibility, drafted.source_ticket_id) == ("draft", "internal", ticket.pk)
    assert version.title == "VPN drops hourly"
    assert "Update the client to 5.2." in version.body


def test_an_open_ticket_has_no_resolution_to_turn_into_an_article(carols_ticket: Ticket, alice: User) -> None:
    with pytest.raises(DomainError) as refused:
        article_draft_from_ticket(ticket_id=carols_ticket.pk, actor=alice)
    assert refused.value.code == "not_resolved"
    assert not Article.objects.exists()


def test_only_public_articles_are_linked_from_tickets(carols_ticket: Ticket, alice: User, bob: User) -> None:
    public = article(bob, title="Printer jams", body="<p>Tray 2.</p>")
    internal = article(bob, title="Internal", body="<p>x</p>", public=False)

    article_link(ticket_id=carols_ticket.pk, article_id=public.pk, actor=alice)
    article_link(ticket_id=carols_ticket.pk, article_id=public.pk, actor=alice)  # once is enough
    with pytest.raises(DomainError):
        article_link(ticket_id=carols_ticket.pk, article_id=internal.pk, actor=alice)

    assert list(TicketArticle.objects.values_list("article_id", flat=True)) == [public.pk]


def test_helpful_counts_go_to_public_articles_only(bob: User) -> None:
    public = article(bob, title="Printer jams", body="<p>Tray 2.</p>")
    internal = article(bob, title="Internal", body="<p>x</p>", public=False)

    article_feedback(article_id=public.pk, helpful=True)
    article_feedback(article_id=public.pk, helpful=False)
    article_feedback(article_id=public.pk, helpful=True)
    with pytest.raises(DomainError):
        article_feedback(article_id=internal.pk, helpful=True)

    public.refresh_from_db()
    assert (public.helpful_yes, public.helpful_no) == (2, 1)
    assert Article.objects.get(pk=internal.pk).helpful_yes == 0
