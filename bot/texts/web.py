"""Dutch texts of the dashboard (the Mini App), /dashboard and /agendalink.

Texts for the web pages are plain (Jinja2 escapes them); texts for Telegram messages are HTML.
"""

from __future__ import annotations

from bot.texts import vote_kinds as kind_texts
from bot.texts.common import plural

CMD_DASHBOARD = "Open het dashboard"
CMD_AGENDALINK = "Agenda als abonnement (link)"

# --- Telegram messages (HTML) ----------------------------------------------------------------
MENU_BUTTON = "Dashboard"
DASHBOARD_OFF = "Het dashboard staat op deze bot niet aan."
DASHBOARD_PRIVATE_ONLY = "Het dashboard opent in je privégesprek met de bot: stuur daar /dashboard."
DASHBOARD_OPEN = "Open het dashboard met de knop hieronder."
DASHBOARD_PICK = "Je zit in het bestuur van meerdere organisaties. Welk dashboard wil je openen?"
DASHBOARD_BUTTON = "📊 Dashboard"
AGENDALINK_NO_ORG = "Ik weet niet voor welke organisatie: stuur /agendalink in de groep."
AGENDALINK_PICK = "Je zit in het bestuur van meerdere organisaties; stuur /agendalink in hun groep."
AGENDALINK_RENEWED = "De oude link werkt niet meer. "


def agendalink(org: str, url: str) -> str:
    return (
        f"📅 Agenda van <b>{org}</b> als abonnement:\n<code>{url}</code>\n\n"
        "Voeg deze link toe in Outlook of Google Agenda (‘agenda toevoegen via URL’); "
        "je agenda blijft dan vanzelf bij. Houd de link binnen het bestuur. "
        "Met <code>/agendalink vernieuw</code> maak je een nieuwe en werkt de oude niet meer."
    )


def agendalink_usage(word: str) -> str:
    return (
        f"Ik ken ‘{word}’ niet bij /agendalink; er is niets veranderd.\n"
        "• <code>/agendalink</code> geeft de huidige link.\n"
        "• <code>/agendalink vernieuw</code> maakt een nieuwe link; de oude werkt dan niet meer."
    )


def feed_name(org: str) -> str:
    return f"Agenda {org}"


# --- web pages (plain text) ------------------------------------------------------------------
TITLE = "RAO-dashboard"
LOADING = "Dashboard laden…"
REFRESH = "Vernieuwen"
BACK = "← Terug"
UNAUTHORIZED = "Geen geldige Telegram-gegevens. Open het dashboard opnieuw vanuit de bot."
FORBIDDEN = "Deze pagina is alleen voor het bestuur."
NOT_MEMBER = "Je bent (nog) geen lid van een organisatie bij deze bot. Meld je aan met /aanmelden."
NOT_FOUND = "Niet gevonden."
PICK_ORG = "Kies een organisatie"
OPEN_VOTES = "Lopende stemmingen"
NO_OPEN_VOTES = "Er loopt nu geen stemming."
CLOSED_VOTES = "Afgesloten stemmingen"
NO_CLOSED_VOTES = "Nog geen afgesloten stemmingen."
DECISIONS = "Besluitenlijst"
NO_DECISIONS = "Nog geen besluiten: er is nog geen stemming afgesloten."
DECISIONS_EXPORT = "Als CSV-bestand: typ /besluiten export in je privégesprek met de bot."
REVIEW_ON = "Evalueren op"
TURNOUT = "Opkomst"
QUORUM = "quorum"
NOT_VOTED = "Nog niet gestemd"
EVERYONE_VOTED = "Iedereen heeft gestemd."
SECRECY = kind_texts.secrecy_hint  # worded from records.Secrecy, as the vote card
REMIND_NOW = "Nu herinneren"
ROSTER = "Ledenlijst"
PENDING = "Aanmeldingen die wachten"
NO_PENDING = "Geen aanmeldingen die wachten."
APPROVE = "Goedkeuren"
REJECT = "Afwijzen"
PHARMACIES = "apotheken"
MEMBERS = "leden"
SCANS = "Volwassenheidsscan"
NO_SCANS = "Nog geen afgesloten scan."
LEVEL = "niveau"
RESPONDENTS = "deelnemers"
QUESTIONS = "Onbeantwoorde vragen"
NO_QUESTIONS = "Geen onbeantwoorde vragen."
DISLIKED = "Antwoorden met 👎"
NO_DISLIKED = "Geen 👎 gegeven."
AGENDA = "Agenda"
EXPORTS = "Exports"
VERDICT = "Uitslag"
OUTCOME = "Uitkomst"
CLOSED_ON = "gesloten"
CLOSES_ON = "sluit"
DETAILS = "details"
MY_VIEW = "Mijn overzicht"
VOTED_YES = "je hebt gestemd"
VOTED_NO = "je hebt nog niet gestemd"
CANNOT_VOTE = (
    "je stemt hier niet mee: ik vind je niet op de ledenlijst van deze stemming "
    "(sta je er wel op, stuur mij dan één keer /start)"
)
RECENT_RESULTS = "Recente uitslagen"
SCAN_COLUMN = "scan"


def turnout_line(voted: int, eligible: int, percent: str) -> str:
    return f"{voted} van {eligible} ({percent})"


def quorum_line(share: str, required: int, eligible: int, met: bool) -> str:
    """'quorum minstens 50 % (1 van 2 nodig): gehaald'."""
    state = "gehaald" if met else "nog niet gehaald"
    return f"quorum {share} ({required} van {eligible} nodig): {state}"


def reminded(sent: int, problems: int) -> str:
    extra = f"; {problems} niet bereikbaar" if problems else ""
    return f"Herinnering verstuurd aan {plural(sent, 'lid', 'leden')}{extra}."


REMIND_CLOSED = "Deze stemming is al gesloten."


def decided(approve: bool, label: str) -> str:
    return f"{label} is {'goedgekeurd' if approve else 'afgewezen'}; het lid krijgt bericht."


DECIDED_ALREADY = "Over deze aanmelding is al beslist."
ASKED_TIMES = "keer gevraagd"
