"""The demo desk's knowledge base: a few articles in English and German, as a team would keep them.

Demo content, not interface text (like demo.topics): not translated through gettext.
"""

from dispatchdesk.accounts.models import User
from dispatchdesk.knowledge.models import Visibility
from dispatchdesk.knowledge.services import article_save, suggestion_index_rebuild
from dispatchdesk.tickets.models import Category

# (category slug, visibility, {language: (title, body HTML)})
ARTICLES = (
    (
        "vpn",
        Visibility.PUBLIC,
        {
            "en": (
                "VPN disconnects every hour",
                "<p>If your VPN drops every hour, your VPN profile still has the old re-key timer.</p>"
                "<ol><li>Open the VPN client and choose <em>Update profile</em>.</li>"
                "<li>Sign out and in again.</li></ol><p>If it still disconnects, write to us.</p>",
            ),
            "de": (
                "VPN trennt sich jede Stunde",
                "<p>Trennt sich Ihr VPN jede Stunde, hat Ihr VPN-Profil noch den alten Timer.</p>"
                "<ol><li>Öffnen Sie den VPN-Client und wählen Sie <em>Profil aktualisieren</em>.</li>"
                "<li>Melden Sie sich ab und wieder an.</li></ol><p>Trennt es sich weiter, schreiben Sie uns.</p>",
            ),
        },
    ),
    (
        "vpn",
        Visibility.PUBLIC,
        {
            "en": (
                "Cannot connect to the VPN after a password change",
                "<p>The VPN client may still use your old password. Clear the saved credentials in the client "
                "(<em>Settings → Accounts → Forget</em>) and connect again with the new password.</p>",
            ),
            "de": (
                "Keine VPN-Verbindung nach Passwortänderung",
                "<p>Der VPN-Client nutzt vielleicht noch Ihr altes Passwort. Löschen Sie die gespeicherten "
                "Zugangsdaten im Client und verbinden Sie sich mit dem neuen Passwort.</p>",
            ),
        },
    ),
    (
        "hardware",
        Visibility.PUBLIC,
        {
            "en": (
                "Printer shows a paper jam but no paper is stuck",
                "<p>A dirty sensor in the paper path reports a jam that is not there. Switch the printer off, "
                "open the front cover and wipe the small sensor window with a dry cloth. If the message stays, "
                "send us the printer's name so a technician can clean it.</p>",
            ),
        },
    ),
    (
        "email",
        Visibility.PUBLIC,
        {
            "en": (
                "Outlook does not receive new mail",
                "<p>When Outlook stops receiving mail while the web mail shows new messages, its local cache is "
                "usually corrupt. Close Outlook, start it with <code>outlook.exe /resetnavpane</code>, and if that "
                "does not help, ask us to rebuild your profile.</p>",
            ),
            "de": (
                "Outlook empfängt keine neuen Mails",
                "<p>Empfängt Outlook keine Mails, während die Web-Mail neue zeigt, ist meist der lokale Cache "
                "beschädigt. Schließen Sie Outlook und starten Sie es mit <code>outlook.exe /resetnavpane</code>; "
                "hilft das nicht, bauen wir Ihr Profil neu auf.</p>",
            ),
        },
    ),
    (
        "invoices",
        Visibility.PUBLIC,
        {
            "en": (
                "An invoice was charged twice",
                "<p>A second debit for the same invoice is refunded automatically within two business days. "
                "If it does not show by then, reply to your invoice email with the invoice number.</p>",
            ),
        },
    ),
    (
        "network",
        Visibility.INTERNAL,
        {
            "en": (
                "Office without internet: restart the uplink router",
                "<p>Staff only. When an office loses the internet after a firmware update, the uplink router has "
                "usually hung: restart it from the management console and pin the firmware version.</p>",
            ),
        },
    ),
)


def knowledge_create(admin: User) -> None:
    """The articles, then the suggestion index over the demo's resolved tickets (the worker's job later)."""
    categories = {category.slug: category for category in Category.objects.all()}
    for slug, visibility, texts in ARTICLES:
        article_id: int | None = None
        for language, (title, body) in texts.items():
            article_id = article_save(
                actor=admin,
                article_id=article_id,
                language=language,
                title=title,
                body=body,
                category=categories.get(slug),
                visibility=visibility,
                published=True,
            ).pk
    suggestion_index_rebuild()
