"""What the demo's customers write about, and how it was fixed, in English and German.

This is demo content, not interface text, so it is not translated through gettext: a
German customer writes German whatever language the reader has chosen. Placeholders
filled per ticket: {city} {device} {app} {invoice} {amount} {time}.
"""

from dataclasses import dataclass

Bilingual = tuple[str, str]  # (English, German)


@dataclass(frozen=True, slots=True)
class Topic:
    category: str
    subject: Bilingual
    description: Bilingual
    fix: Bilingual
    channel: str = ""  # a channel this kind of ticket always arrives by (device alerts)


TOPICS = (
    Topic(
        "network",
        ("No internet in the {city} office", "Kein Internet im Büro {city}"),
        (
            "Since {time} nobody in our {city} office can reach the internet. The phones still work.",
            "Seit {time} erreicht im Büro {city} niemand mehr das Internet. Die Telefone gehen noch.",
        ),
        (
            "The uplink router in {city} had hung after a firmware update. We restarted it and pinned the firmware.",
            "Der Router in {city} hing nach einem Firmware-Update. Wir haben ihn neu gestartet und die Firmware fixiert.",
        ),
    ),
    Topic(
        "network",
        ("Network drive very slow", "Netzlaufwerk extrem langsam"),
        (
            "Opening files on the shared drive takes minutes since this morning. Other websites are fine.",
            "Dateien auf dem Netzlaufwerk zu öffnen dauert seit heute Morgen Minuten. Webseiten laden normal.",
        ),
        (
            "A backup job was saturating the link to the file server. It now runs at night only.",
            "Ein Backup-Job hat die Leitung zum Fileserver ausgelastet. Er läuft jetzt nur noch nachts.",
        ),
    ),
    Topic(
        "network",
        ("Switch {device} unreachable", "Switch {device} nicht erreichbar"),
        (
            "ALERT: host {device} did not answer 5 consecutive pings (site {city}).",
            "ALARM: Host {device} hat auf 5 Pings in Folge nicht geantwortet (Standort {city}).",
        ),
        (
            "The switch {device} lost power after a fuse tripped; power is back and the port counters are clean.",
            "Der Switch {device} hatte nach einer ausgelösten Sicherung keinen Strom; er läuft wieder fehlerfrei.",
        ),
        channel="alert",
    ),
    Topic(
        "network",
        ("Packet loss on the link to {city}", "Paketverluste auf der Leitung nach {city}"),
        (
            "ALERT: packet loss above 8 % on the WAN link of site {city} for 10 minutes.",
            "ALARM: Paketverlust über 8 % auf der WAN-Leitung am Standort {city} seit 10 Minuten.",
        ),
        (
            "The carrier replaced a faulty line card; loss has been 0 % for 24 hours.",
            "Der Provider hat eine defekte Leitungskarte getauscht; seit 24 Stunden 0 % Verlust.",
        ),
        channel="alert",
    ),
    Topic(
        "vpn",
        ("VPN disconnects every hour", "VPN trennt sich jede Stunde"),
        (
            "When I work from home the VPN drops roughly every hour and I lose my open sessions.",
            "Im Homeoffice bricht das VPN etwa stündlich ab und ich verliere meine offenen Sitzungen.",
        ),
        (
            "Your VPN profile still had the old 60-minute re-key timer. I pushed the new profile to your laptop.",
            "Ihr VPN-Profil hatte noch den alten 60-Minuten-Timer. Ich habe das neue Profil auf Ihren Laptop verteilt.",
        ),
    ),
    Topic(
        "vpn",
        ("Cannot connect to VPN after password change", "Keine VPN-Verbindung nach Passwortänderung"),
        (
            "I changed my password yesterday and since then the VPN client says 'authentication failed'.",
            "Ich habe gestern mein Passwort geändert, seitdem meldet der VPN-Client 'Authentifizierung fehlgeschlagen'.",
        ),
        (
            "The client had cached the old password. After clearing the saved credentials it connects again.",
            "Der Client hatte das alte Passwort gespeichert. Nach dem Löschen der Zugangsdaten verbindet er wieder.",
        ),
    ),
    Topic(
        "vpn",
        ("New colleague needs VPN access", "VPN-Zugang für neue Kollegin"),
        (
            "Our new colleague starts on Monday and needs VPN access and a token for the {city} office.",
            "Unsere neue Kollegin fängt am Montag an und braucht einen VPN-Zugang für das Büro {city}.",
        ),
        (
            "The account is set up and the enrolment link has been sent to her address.",
            "Der Zugang ist eingerichtet, der Aktivierungslink wurde an ihre Adresse geschickt.",
        ),
    ),
    Topic(
        "wifi",
        ("Wi-Fi keeps dropping in meeting room", "WLAN bricht im Besprechungsraum ab"),
        (
            "In the big meeting room in {city} the Wi-Fi drops several times per meeting, video calls freeze.",
            "Im großen Besprechungsraum in {city} bricht das WLAN mehrmals pro Termin ab, Videocalls frieren ein.",
        ),
        (
            "The access point there was on a crowded channel. We moved it to 5 GHz channel 44 and raised its power.",
            "Der Access Point dort lag auf einem überfüllten Kanal. Er funkt jetzt auf 5-GHz-Kanal 44 mit mehr Leistung.",
        ),
    ),
    Topic(
        "wifi",
        ("Guest Wi-Fi password not working", "Gast-WLAN-Passwort funktioniert nicht"),
        (
            "Visitors cannot log in to the guest Wi-Fi with the password on the reception card.",
            "Besucher kommen mit dem Passwort von der Empfangskarte nicht ins Gast-WLAN.",
        ),
        (
            "The weekly password rotation had not updated the reception display. New cards are printed.",
            "Die wöchentliche Passwortänderung war nicht am Empfang angekommen. Neue Karten sind gedruckt.",
        ),
    ),
    Topic(
        "hardware",
        ("Printer {device} shows paper jam", "Drucker {device} meldet Papierstau"),
        (
            "The printer {device} on the second floor reports a paper jam, but there is no paper stuck anywhere.",
            "Der Drucker {device} im zweiten Stock meldet Papierstau, aber es steckt nirgends Papier.",
        ),
        (
            "A sensor in the paper path was dirty. The technician cleaned it; the printer works again.",
            "Ein Sensor im Papierweg war verschmutzt. Der Techniker hat ihn gereinigt, der Drucker läuft wieder.",
        ),
    ),
    Topic(
        "hardware",
        ("Laptop does not start", "Laptop startet nicht mehr"),
        (
            "My laptop {device} shows a black screen after the logo. I need it for a customer meeting tomorrow.",
            "Mein Laptop {device} bleibt nach dem Logo schwarz. Ich brauche ihn morgen für einen Kundentermin.",
        ),
        (
            "A failed update broke the boot loader. We repaired it remotely; your files were not affected.",
            "Ein abgebrochenes Update hatte den Bootloader beschädigt. Wir haben ihn repariert, Ihre Dateien sind unberührt.",
        ),
    ),
    Topic(
        "hardware",
        ("Docking station: external monitors stay dark", "Dockingstation: externe Monitore bleiben schwarz"),
        (
            "Since the new docking station arrived my two monitors stay dark. The laptop screen works.",
            "Seit der neuen Dockingstation bleiben meine zwei Monitore schwarz. Der Laptop-Bildschirm geht.",
        ),
        (
            "The dock needed a firmware update and the display driver was outdated; both are updated.",
            "Die Dockingstation brauchte ein Firmware-Update und der Grafiktreiber war alt; beides ist aktualisiert.",
        ),
    ),
    Topic(
        "email",
        ("Outlook does not receive new mail", "Outlook empfängt keine neuen Mails"),
        (
            "Since {time} no new mail arrives in Outlook. Webmail shows the new messages.",
            "Seit {time} kommen in Outlook keine neuen Mails an. Im Webmail sind sie da.",
        ),
        (
            "Your local mailbox cache was corrupt. I rebuilt the profile; everything is in sync again.",
            "Ihr lokaler Postfach-Cache war beschädigt. Ich habe das Profil neu aufgebaut, alles ist synchron.",
        ),
    ),
    Topic(
        "email",
        ("Shared calendar not visible", "Gemeinsamer Kalender nicht sichtbar"),
        (
            "I can no longer see the team calendar 'Sales {city}' on my phone or in Outlook.",
            "Ich sehe den Teamkalender 'Vertrieb {city}' weder auf dem Handy noch in Outlook.",
        ),
        (
            "Your permission on the calendar had been removed by a group change. It is restored.",
            "Ihre Berechtigung auf den Kalender war durch eine Gruppenänderung entfernt worden. Sie ist wiederhergestellt.",
        ),
    ),
    Topic(
        "email",
        ("Mails to customer bounce", "Mails an Kunden kommen zurück"),
        (
            "Every mail to one of our customers comes back with '550 rejected'. It worked last week.",
            "Jede Mail an einen unserer Kunden kommt mit '550 rejected' zurück. Letzte Woche ging es noch.",
        ),
        (
            "Their server rejected us because our SPF record missed the new mail relay. The record is fixed.",
            "Deren Server hat uns abgelehnt, weil unser SPF-Eintrag das neue Relay nicht kannte. Der Eintrag ist korrigiert.",
        ),
    ),
    Topic(
        "software",
        ("{app} crashes on startup", "{app} stürzt beim Start ab"),
        (
            "{app} closes immediately after starting, without an error message. Reinstalling did not help.",
            "{app} schließt sich direkt nach dem Start ohne Fehlermeldung. Neu installieren hat nicht geholfen.",
        ),
        (
            "A broken add-in crashed {app}. I disabled it and reported it to the vendor.",
            "Ein fehlerhaftes Add-in hat {app} abstürzen lassen. Ich habe es deaktiviert und dem Hersteller gemeldet.",
        ),
    ),
    Topic(
        "software",
        ("Licence for {app} expired", "Lizenz für {app} abgelaufen"),
        (
            "{app} says my licence expired today. I need it for the quarterly report.",
            "{app} meldet, meine Lizenz sei heute abgelaufen. Ich brauche es für den Quartalsbericht.",
        ),
        (
            "Your seat was not included in the renewal. I assigned a licence from the pool; please restart {app}.",
            "Ihr Platz war bei der Verlängerung nicht dabei. Ich habe eine Lizenz aus dem Pool zugewiesen; bitte {app} neu starten.",
        ),
    ),
    Topic(
        "software",
        ("Please install {app}", "Bitte {app} installieren"),
        (
            "For a new project I need {app} on my laptop {device}. My manager has approved it.",
            "Für ein neues Projekt brauche ich {app} auf meinem Laptop {device}. Meine Chefin hat zugestimmt.",
        ),
        (
            "{app} is now available in the company portal; it installed on {device} automatically.",
            "{app} steht jetzt im Firmenportal bereit und wurde auf {device} automatisch installiert.",
        ),
    ),
    Topic(
        "crm",
        ("CRM export to Excel fails", "CRM-Export nach Excel schlägt fehl"),
        (
            "Exporting the customer list from the CRM stops at 80 % with 'timeout'. We need it for a mailing.",
            "Der Export der Kundenliste aus dem CRM bricht bei 80 % mit 'Timeout' ab. Wir brauchen ihn für ein Mailing.",
        ),
        (
            "The export hit a size limit. I raised it and sent you the file; future exports run in the background.",
            "Der Export stieß an ein Größenlimit. Ich habe es erhöht und Ihnen die Datei geschickt.",
        ),
    ),
    Topic(
        "crm",
        ("Duplicate contacts in CRM", "Doppelte Kontakte im CRM"),
        (
            "After the last import many customers appear twice in the CRM, with different phone numbers.",
            "Nach dem letzten Import stehen viele Kunden doppelt im CRM, mit unterschiedlichen Telefonnummern.",
        ),
        (
            "The import matched on name instead of email. We merged 214 duplicates and changed the import rule.",
            "Der Import hat nach Name statt E-Mail abgeglichen. Wir haben 214 Dubletten zusammengeführt.",
        ),
    ),
    Topic(
        "crm",
        ("Cannot see my sales pipeline", "Meine Vertriebspipeline ist leer"),
        (
            "My pipeline view in the CRM is empty since this morning, my colleagues still see theirs.",
            "Meine Pipeline-Ansicht im CRM ist seit heute Morgen leer, die Kollegen sehen ihre noch.",
        ),
        (
            "A saved filter on your view pointed to a closed sales region. I reset the view.",
            "Ein gespeicherter Filter zeigte auf eine geschlossene Vertriebsregion. Ich habe die Ansicht zurückgesetzt.",
        ),
    ),
    Topic(
        "invoices",
        ("Invoice {invoice} charged twice", "Rechnung {invoice} doppelt abgebucht"),
        (
            "Invoice {invoice} over {amount} EUR was debited twice from our account this month.",
            "Die Rechnung {invoice} über {amount} EUR wurde diesen Monat zweimal von unserem Konto abgebucht.",
        ),
        (
            "The second debit of {amount} EUR was a processing error; it is refunded and will show in 2-3 days.",
            "Die zweite Abbuchung über {amount} EUR war ein Fehler; sie ist erstattet und in 2-3 Tagen sichtbar.",
        ),
    ),
    Topic(
        "invoices",
        ("Wrong VAT ID on invoice {invoice}", "Falsche USt-IdNr. auf Rechnung {invoice}"),
        (
            "Invoice {invoice} shows our old VAT ID. Our accountant needs a corrected invoice.",
            "Auf der Rechnung {invoice} steht unsere alte USt-IdNr. Die Buchhaltung braucht eine korrigierte Rechnung.",
        ),
        (
            "I updated your VAT ID and issued a corrected invoice; it is attached to your customer account.",
            "Ich habe die USt-IdNr. aktualisiert und eine korrigierte Rechnung ausgestellt.",
        ),
    ),
    Topic(
        "invoices",
        ("Invoice {invoice} not received", "Rechnung {invoice} nicht erhalten"),
        (
            "We were reminded to pay invoice {invoice}, but we never received it. Please send a copy.",
            "Wir wurden an die Rechnung {invoice} erinnert, haben sie aber nie bekommen. Bitte schicken Sie eine Kopie.",
        ),
        (
            "Invoices went to a former colleague's address. I changed the billing contact and resent {invoice}.",
            "Die Rechnungen gingen an die Adresse eines ehemaligen Kollegen. Ich habe den Kontakt geändert und {invoice} erneut geschickt.",
        ),
    ),
    Topic(
        "refunds",
        ("Refund for cancelled order", "Erstattung für stornierte Bestellung"),
        (
            "We cancelled an order of {amount} EUR three weeks ago but have not been refunded yet.",
            "Wir haben vor drei Wochen eine Bestellung über {amount} EUR storniert, aber noch keine Erstattung erhalten.",
        ),
        (
            "The refund of {amount} EUR was stuck in approval. It is released and on its way to your account.",
            "Die Erstattung über {amount} EUR hing in der Freigabe. Sie ist freigegeben und unterwegs.",
        ),
    ),
    Topic(
        "refunds",
        ("Credit note for service outage", "Gutschrift wegen Ausfall"),
        (
            "After last week's outage in {city} we would like the credit promised in our contract.",
            "Nach dem Ausfall letzte Woche in {city} möchten wir die vertraglich zugesagte Gutschrift.",
        ),
        (
            "A credit note over {amount} EUR is issued and will be set off against your next invoice.",
            "Eine Gutschrift über {amount} EUR ist erstellt und wird mit der nächsten Rechnung verrechnet.",
        ),
    ),
    Topic(
        "security",
        ("Suspicious email with attachment", "Verdächtige E-Mail mit Anhang"),
        (
            "Several colleagues received an email 'Payment overdue' with a zip file. One of them opened it.",
            "Mehrere Kollegen haben eine Mail 'Zahlung überfällig' mit Zip-Datei bekommen. Einer hat sie geöffnet.",
        ),
        (
            "The attachment was malware. We isolated the affected laptop, blocked the sender and scanned all mailboxes.",
            "Der Anhang war Schadsoftware. Wir haben den Laptop isoliert, den Absender gesperrt und alle Postfächer geprüft.",
        ),
    ),
    Topic(
        "security",
        ("Unknown login from abroad", "Unbekannte Anmeldung aus dem Ausland"),
        (
            "I got a notice about a login to my account from another country at {time}. That was not me.",
            "Ich habe eine Meldung über eine Anmeldung um {time} aus dem Ausland bekommen. Das war ich nicht.",
        ),
        (
            "We ended all sessions, reset your password and enforced two-factor login for your account.",
            "Wir haben alle Sitzungen beendet, Ihr Passwort zurückgesetzt und die Zwei-Faktor-Anmeldung erzwungen.",
        ),
    ),
    Topic(
        "security",
        ("Lost laptop {device}", "Laptop {device} verloren"),
        (
            "I left my laptop {device} on the train this morning. It is encrypted, but please lock it.",
            "Ich habe heute Morgen meinen Laptop {device} im Zug liegen lassen. Er ist verschlüsselt, bitte sperren.",
        ),
        (
            "The laptop {device} is locked and will be wiped when it next goes online. A replacement is ready.",
            "Der Laptop {device} ist gesperrt und wird beim nächsten Online-Gehen gelöscht. Ein Ersatzgerät liegt bereit.",
        ),
    ),
)
