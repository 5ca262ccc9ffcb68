"""What agents and customers write in the demo conversations, in English and German.

Demo content, not interface text (see topics.py). Placeholders: {name} (the customer's
first name) and {agent} (the agent's first name).
"""

from dispatchdesk.demo.topics import Bilingual

APPS = ("Excel", "Teams", "DATEV", "SAP GUI", "Adobe Acrobat", "AutoCAD", "Zoom", "Slack")

GREETING: Bilingual = ("Hello {name},", "Hallo {name},")
SIGN_OFF: Bilingual = ("Best regards,\n{agent}", "Viele Grüße\n{agent}")

FIRST_RESPONSES: tuple[Bilingual, ...] = (
    (
        "thanks for your message. I'm looking into it now and will get back to you shortly.",
        "danke für Ihre Nachricht. Ich sehe mir das jetzt an und melde mich gleich wieder.",
    ),
    (
        "I have taken over your ticket and started checking our monitoring.",
        "ich habe Ihr Ticket übernommen und prüfe gerade unser Monitoring.",
    ),
    (
        "thank you, I can reproduce the problem on our side and am working on it.",
        "danke, ich kann das Problem bei uns nachvollziehen und arbeite daran.",
    ),
)

QUESTIONS: tuple[Bilingual, ...] = (
    (
        "could you send me a screenshot of the message and tell me since when it happens?",
        "können Sie mir einen Screenshot der Meldung schicken und sagen, seit wann es auftritt?",
    ),
    (
        "does this affect only you, or your colleagues as well?",
        "betrifft das nur Sie oder auch Ihre Kolleginnen und Kollegen?",
    ),
    (
        "when would be a good time for a short remote session?",
        "wann passt Ihnen eine kurze Fernwartungssitzung?",
    ),
)

CUSTOMER_ANSWERS: tuple[Bilingual, ...] = (
    ("Here is the screenshot; it started on Monday.", "Anbei der Screenshot, es fing am Montag an."),
    ("Only me, my colleagues are fine.", "Nur ich, bei den Kollegen geht alles."),
    ("Tomorrow at 10:00 would be fine.", "Morgen um 10:00 Uhr passt gut."),
    ("Three colleagues in the same room have the problem too.", "Drei Kollegen im selben Raum haben es auch."),
)

# A colleague of another hub answers while the ticket's owner is off shift (follow the sun).
HANDOVERS: tuple[Bilingual, ...] = (
    (
        "{owner} is off shift now, so I'm picking this up: thank you, I'm looking into it.",
        "{owner} ist gerade nicht im Dienst, deshalb übernehme ich: danke, ich sehe mir das an.",
    ),
    (
        "I'm covering for {owner} until their shift starts. Thanks for the details, I'm on it.",
        "Ich vertrete {owner}, bis die Schicht wieder beginnt. Danke für die Angaben, ich kümmere mich darum.",
    ),
)

LOW_RATING_COMMENTS: tuple[Bilingual, ...] = (
    ("It took far too long before anyone answered.", "Es hat viel zu lange gedauert, bis jemand geantwortet hat."),
    ("I had to explain the problem three times.", "Ich musste das Problem dreimal erklären."),
    ("The fix did not last.", "Die Lösung hat nicht lange gehalten."),
    ("Nobody told me what was going on.", "Niemand hat mir gesagt, was los ist."),
)

REOPENS: tuple[Bilingual, ...] = (
    ("Unfortunately the problem is back since this morning.", "Leider ist das Problem seit heute Morgen wieder da."),
    ("It worked for a day, now it is the same again.", "Einen Tag ging es, jetzt ist es wieder dasselbe."),
)

NOTES: tuple[str, ...] = (
    "Checked the logs: nothing obvious on our side yet.",
    "Same pattern as a ticket last week, probably the same root cause.",
    "Called the customer, they confirmed the details by phone.",
    "Waiting for the vendor's answer before we change anything.",
    "VIP customer: keep them updated at least daily.",
)
ESCALATION_NOTES: tuple[str, ...] = (
    "Needs access to the core configuration; escalating to L2.",
    "Beyond first-line scope, escalating to L2 with my findings above.",
)
REVIEW_NOTES: tuple[str, ...] = (
    "Fix prepared; please review before I roll it out.",
    "Change request drafted; needs a second pair of eyes.",
)
CLOSING: Bilingual = (
    "I'll mark this as resolved. Just reply to this message if anything is still wrong.",
    "Ich markiere das Ticket als gelöst. Antworten Sie einfach, falls noch etwas nicht stimmt.",
)
