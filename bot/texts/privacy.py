"""Dutch texts for /mijngegevens and /vergeetmij."""

from __future__ import annotations

from bot.texts.common import plural

CMD_MY_DATA = "Alles wat de bot over jou bewaart (bestand)"
CMD_FORGET = "Je persoonsgegevens laten verwijderen"
PRIVATE_ONLY = "Dit doe ik alleen in een privégesprek met mij. Stuur me daar het commando."
MY_DATA_CAPTION = (
    "Hetzelfde, volledig en voor de computer leesbaar (JSON). Tijden daarin zijn in UTC."
)
MY_DATA_FILENAME = "mijn-gegevens.json"
FORGET_ASK = (
    "Wil je dat ik je persoonsgegevens verwijder?\n\n"
    "• Je naam, gebruikersnaam, toelichtingen en gesprekken gaan weg.\n"
    "• Je koppeling aan je apotheek in de ledenlijst vervalt; het bestuur moet je opnieuw "
    "goedkeuren als je later weer wilt stemmen. Een aanmelding die nog wacht, vervalt.\n"
    "• Stemmen van je apotheek blijven meetellen, maar zijn niet meer aan jou gekoppeld. "
    "Gesloten uitslagen veranderen niet.\n"
    "• Volmachten die jij voor een andere apotheek hebt, vervallen; wie ze gaf, hoort dat.\n\n"
    "Dit kan niet ongedaan worden gemaakt."
)
FORGET_BOARD_NOTE = (
    "\n\nWat je als bestuurslid deed (een stemming gestart, gesloten of verlengd, een lid "
    "goedgekeurd) blijft met je naam bewaard: het bestuur legt daarover verantwoording af."
)
FORGET_YES = "Ja, verwijder mijn gegevens"
FORGET_NO = "Nee, laat maar"
FORGET_DONE = "Klaar: je persoonsgegevens zijn verwijderd. Stemmen van je apotheek tellen nog mee."
FORGET_NOTHING = "Ik had geen persoonsgegevens van je opgeslagen. Er is niets veranderd."
FORGET_CANCELLED = "Oké, ik heb niets verwijderd."


# --- /mijngegevens: the readable summary (HTML; user text escaped by the caller) -------------
SUMMARY_TITLE = "<b>Wat ik over je bewaar</b> (tijden in Nederlandse tijd)"
SUMMARY_NOTHING = "Ik bewaar niets over je."
SUMMARY_FOOTER = (
    "Vragen die je mij stelt bewaar ik niet met je naam. Alles hierboven staat ook volledig in "
    "het bestand hieronder. Laten verwijderen: /vergeetmij."
)
MEMBER_STATUS = {
    "approved": "goedgekeurd",
    "pending": "aanmelding wacht op het bestuur",
    "rejected": "afgewezen of van de lijst gehaald",
}
YES, NO = "ja", "nee"


def account(name: str, started: bool) -> str:
    return f"👤 Je account: {name}; privégesprek met mij gestart: {YES if started else NO}."


def membership(org: str, pharmacy: str, status: str, since: str) -> str:
    return f"📋 Ledenlijst van {org}: {pharmacy}, {status} (sinds {since})."


def vote(poll: str, choice: str, pharmacy: str, when: str, by_proxy: bool) -> str:
    proxy = ", met volmacht" if by_proxy else ""
    return f"🗳 Je stem bij stemming {poll}: {choice} (voor {pharmacy}{proxy}; {when})."


def reason(poll: str, text: str) -> str:
    return f"💬 Je toelichting bij stemming {poll}: “{text}”."


def scan(poll: str, answered: int) -> str:
    return f"📊 Scan {poll}: je antwoorden op {plural(answered, 'stelling', 'stellingen')}."


def proxy_given(poll: str, holder: str, ended: str | None) -> str:
    end = f" (vervallen op {ended})" if ended else ""
    return f"🤝 Volmacht bij stemming {poll}: gegeven aan {holder}{end}."


def proxy_held(poll: str, grantor: str, ended: str | None) -> str:
    end = f" (vervallen op {ended})" if ended else ""
    return f"🤝 Volmacht bij stemming {poll}: gekregen van {grantor}{end}."


def electorate(poll: str, label: str) -> str:
    return f"🧾 Kiezerslijst van stemming {poll} (wie bij de start mocht stemmen): “{label}”."


def conversations(count: int) -> str:
    return f"⌨️ Een stap-voor-stap-invoer met mij die nog open staat: {count}."


def reminders(count: int) -> str:
    return f"🔔 {plural(count, 'stemherinnering', 'stemherinneringen')} privé gestuurd."


def follows(chat: str) -> str:
    return f"📅 Je krijgt de herinneringen van {chat} ook privé."


def ratings(count: int) -> str:
    return f"👍 {plural(count, 'beoordeling', 'beoordelingen')} (👍/👎) van mijn antwoorden."


def warnings(count: int) -> str:
    return f"⚠️ {plural(count, 'waarschuwing', 'waarschuwingen')} over de mededingingsregels."


BOARD_TITLE = (
    "🏛 Wat je als bestuurslid deed; dit blijft bewaard, ook na /vergeetmij, want het bestuur "
    "legt erover verantwoording af:"
)
BOARD_ACTIONS = {
    ("polls", "created_by"): "stemmingen gestart",
    ("polls", "closed_by"): "stemmingen gesloten",
    ("polls", "outcome_by"): "uitkomsten vastgelegd",
    ("polls", "withdrawn_by"): "stemmingen ingetrokken",
    ("poll_closing_changes", "changed_by"): "sluitingstijden verplaatst",
    ("members", "decided_by"): "aanmeldingen beoordeeld",
    ("pharmacies", "removed_by"): "apotheken van de lijst gehaald",
    ("roster_replacements", "user_id"): "ledenlijsten vervangen",
    ("agenda_meetings", "created_by"): "vergaderingen gepland",
    ("agenda_occurrence_changes", "created_by"): "vergaderingen gewijzigd",
    ("agenda_subscriptions", "created_by"): "agenda-abonnementen",
    ("organisation_link_codes", "created_by"): "koppelcodes gemaakt",
    ("organisation_link_codes", "used_by"): "koppelcodes gebruikt",
    ("web_feeds", "created_by"): "agendalinks gemaakt",
}


def board_action(label: str, count: int) -> str:
    return f"• {label}: {count}"


def proxy_ended_by_forget(poll_id: int, unit: str) -> str:
    return (
        f"Je volmacht bij stemming #{poll_id} voor {unit} is vervallen: degene aan wie je hem "
        "gaf, heeft de bot gevraagd zijn gegevens te verwijderen. Stem zelf, of geef een nieuwe "
        f"volmacht met /volmacht {poll_id} @naam."
    )


UNIT_SELF = "jezelf"  # a vote counted per member: for whom the member voted
UNKNOWN = "?"


def poll_label(poll_id: int, question: str | None) -> str:
    """'#3 (vraag)' the first time a poll is named in the summary, then '#3'."""
    return f"#{poll_id} ({question})" if question else f"#{poll_id}"
