"""The demo's incident: a burst of VPN requests in the last hour, so the surge test raises an incident for
the managers to see (A4), answered and resolved with one reply. The requests are recorded like the demo's
history (ticket_import: not dispatched, so the demo's agents keep the room its health promises) and the
test is asked as the live subscription would ask it.

Demo content, not interface text (like demo.topics): not translated through gettext.
"""

from django.db import transaction

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.customers.models import Contact
from dispatchdesk.incidents.services import incident_detect, incident_reply
from dispatchdesk.intake.services import ticket_import
from dispatchdesk.tickets.models import Category, Channel

BURST = (
    ("VPN down since ten minutes", "Der VPN-Client verbindet nicht mehr: 'gateway unreachable'."),
    ("Cannot reach the VPN gateway", "VPN says the gateway is unreachable, colleagues have the same."),
    ("VPN gateway unreachable", "Since a few minutes the VPN does not connect anymore."),
    ("VPN: connection timeout", "The VPN client times out when connecting to the gateway."),
    ("Kein VPN mehr", "Seit eben keine VPN-Verbindung, Gateway nicht erreichbar."),
    ("VPN not connecting from home office", "Gateway unreachable error in the VPN client."),
    ("VPN down for the whole team", "Nobody in our team can connect to the VPN gateway."),
)


def incident_create(admin: User) -> None:
    category = Category.objects.get(slug="vpn")
    group = SkillGroup.objects.get(slug="network")
    contacts = list(Contact.objects.filter(user__isnull=False).order_by("pk")[: len(BURST)])
    for contact, (subject, description) in zip(contacts, BURST, strict=False):
        with transaction.atomic():
            ticket = ticket_import(
                customer=contact,
                subject=subject,
                description=description,
                channel=Channel.WEB,
                fields={"category": category, "group": group},
            )
        found = incident_detect(ticket=ticket)
    if found is not None:
        # Answered and resolved with one reply, so the demo's queue keeps the few unassigned tickets its
        # health promises; the incident and its tickets stay on /agent/incidents/.
        incident_reply(
            incident_id=found.pk,
            actor=admin,
            body="The VPN gateway was restarted; please connect again. Sorry for the interruption.",
            resolve=True,
        )
