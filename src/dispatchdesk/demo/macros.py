"""The demo desk's shared macros (canned replies), in English and German, as a team would keep them."""

from dispatchdesk.accounts.models import User
from dispatchdesk.tickets.services.macros import macro_save

# (name, language, text): the placeholders are those of tickets.models.Macro.PLACEHOLDERS.
MACROS = (
    (
        "Ask for details",
        "en",
        "Hello {{customer_name}},\n\nthank you for your request {{ticket_number}}. So that we can help quickly, "
        "could you tell us since when this happens, and send a screenshot of the error message?\n\n"
        "Kind regards\n{{agent_name}}",
    ),
    (
        "Solved, please confirm",
        "en",
        'Hello {{customer_name}},\n\nwe have fixed the cause of "{{ticket_subject}}". Please let us know if '
        "anything still does not work; otherwise the request closes by itself in a few days.\n\n"
        "Kind regards\n{{agent_name}}",
    ),
    (
        "Rückfrage: Details",
        "de",
        "Hallo {{customer_name}},\n\nvielen Dank für Ihre Anfrage {{ticket_number}}. Damit wir schnell helfen "
        "können: Seit wann tritt das auf, und können Sie uns einen Screenshot der Fehlermeldung schicken?\n\n"
        "Viele Grüße\n{{agent_name}}",
    ),
    (
        "Gelöst, bitte bestätigen",
        "de",
        "Hallo {{customer_name}},\n\nwir haben die Ursache von „{{ticket_subject}}“ behoben. Bitte melden Sie "
        "sich, falls noch etwas nicht funktioniert; sonst wird die Anfrage in einigen Tagen automatisch "
        "geschlossen.\n\nViele Grüße\n{{agent_name}}",
    ),
)


def macros_create(admin: User) -> None:
    for name, language, body in MACROS:
        macro_save(actor=admin, macro_id=None, name=name, body=body, language=language, owner_id=None)
