"""Dutch texts of the knowledge feature: answers, suggestions, browsing, the guard."""

from __future__ import annotations

import html

from bot.texts.common import plural

CMD_ASK = "Stel een vraag over begrippen of mededinging"
CMD_ASK_SHORT = "Korte vorm van /vraag"
CMD_BROWSE = "Blader door alle onderwerpen"
CMD_GUARD = "Mededingingswacht aan of uit in de groep"
CMD_RELOAD = "Kennisbank opnieuw laden"
CMD_UNANSWERED = "Vragen die ik niet kon beantwoorden, en antwoorden met 👎"
CMD_ACMLOG = "Mededingingslog van deze groep als CSV"
SOURCE_PREFIX = "Bron"
SOURCES_PREFIX = "Bronnen"
MORE_BUTTON = "Meer"
MORE_ABOUT_BUTTON = "Meer over {title}"
MORE_HEADER = "<b>{title}</b>: meer"
MORE_SHOWN = "Die toelichting staat al in de chat, onder dit antwoord."
COMPARE_DIVIDER = "—— en ——"
GREETING_REPLY = (
    "Hoi! 👋 Ik beantwoord vragen over begrippen uit de regionale eerstelijnszorg en over wat "
    "wel en niet mag volgens de mededingingsregels. Stel gerust je vraag, bijvoorbeeld: "
    "<i>wat is een RESV</i>."
)
THANKS_REPLY = "Graag gedaan! Vraag gerust verder als je nog iets wilt weten."
BOT_HELP_REPLIES = {
    "stemmingen": "Stemmen doe je via /stemmingen: daar zie je de lopende stemmingen en peilingen.",
    "agenda": "De komende vergaderingen en deadlines staan in /agenda.",
    "help": "Wat ik allemaal kan, staat in /help. Een vraag stellen kan ook gewoon met /vraag.",
}
DISCLAIMER = "ℹ️ Dit is algemene informatie, geen juridisch advies."
VERDICT_LABELS = {"mag": "✅ Mag", "mag niet": "⛔ Mag niet", "hangt af": "⚖️ Hangt ervan af"}
SUGGEST_INTRO = "Ik weet niet zeker wat je bedoelt. Bedoel je een van deze?"
SUGGEST_INTRO_ONE = "Ik weet niet zeker wat je bedoelt. Bedoel je dit?"
NO_CONTACT_DETAILS = (
    "Contactgegevens, namen, adressen en openingstijden heb ik niet; daarvoor kun je het best "
    "op de website van de organisatie kijken."
)
CONTACT_SUGGEST_INTRO = "Wel kan ik uitleggen wat dit is:"
NONE_REPLY = (
    "Dat weet ik helaas niet; daar heb ik geen betrouwbare informatie over.\n"
    "Probeer het met andere woorden of een afkorting (bijv. <i>wat is een RESV</i>), "
    "of blader door de onderwerpen met /begrippen."
)
NONE_LEGAL_HINT = "Gaat het om een juridische vraag? Vraag het na bij de KNMP of een eigen jurist."
ASK_USAGE = "Typ je vraag achter het commando, bijvoorbeeld: <code>/vraag wat is een ROS</code>"
RELATED_BUTTON_PREFIX = "→ "
BROWSE_HEADER = "<b>Onderwerpen</b> (pagina {page} van {pages})\nKies een onderwerp:"
BROWSE_PREV = "◀ Vorige"
BROWSE_NEXT = "Volgende ▶"
UNKNOWN_ENTRY = "Dat onderwerp bestaat niet meer. Kijk bij /begrippen."


def reload_ok(terms: int, rules: int) -> str:
    return (
        f"Kennisbank opnieuw geladen: {plural(terms, 'begrip', 'begrippen')} en "
        f"{plural(rules, 'regel', 'regels')}."
    )


RELOAD_FAILED = (
    "De kennisbank is <b>niet</b> opnieuw geladen; de oude blijft actief. Problemen:\n{problems}"
)
INLINE_EMPTY_TITLE = "Niets gevonden"
INLINE_EMPTY_TEXT = "Typ een begrip, bijvoorbeeld: resv, o&i, contractprofiel"
GUARD_ON = "De mededingingswacht staat <b>aan</b> in deze groep."
GUARD_OFF = "De mededingingswacht staat <b>uit</b> in deze groep."
GUARD_USAGE = (
    "Gebruik: <code>/acmwacht aan</code> of <code>uit</code> (waarschuwingen), "
    "<code>/acmwacht log aan</code> of <code>uit</code> (berichttekst in het mededingingslog) "
    "en <code>/acmwacht regel aan</code> of <code>uit</code> (mededingingsregel onder "
    "vergaderherinneringen)."
)
ON_OFF = {True: "<b>aan</b>", False: "<b>uit</b>"}
GUARD_STATUS = (
    "Mededingingswacht in deze groep:\n"
    "• waarschuwingen: {enabled}\n"
    "• berichttekst in het log (/acmlog): {log_text}\n"
    "• regel onder vergaderherinneringen: {reminder_line}"
)
GUARD_GROUP_ONLY = "De mededingingswacht werkt alleen in een groep."
GUARD_WARNING = (
    "⚠️ Even een vriendelijke waarschuwing: {signal} Dat kan in strijd zijn met de "
    "Mededingingswet.\nZie: <b>{rule}</b>"
)
# One sentence per named signal of the guard (bot/knowledge/guard_patterns.py).
GUARD_SIGNALS = {
    "prices": "dit bericht lijkt prijzen of tarieven te delen of af te stemmen tussen "
    "concurrerende apotheken.",
    "discounts_margins": "dit bericht lijkt kortingen of marges te delen of af te stemmen tussen "
    "concurrerende apotheken.",
    "market_splitting": "dit bericht lijkt patiënten, wijken of voorschrijvers te verdelen "
    "tussen concurrerende apotheken.",
    "tenders": "dit bericht lijkt af te spreken wie op een aanbesteding of project inschrijft.",
    "boycotts": "dit bericht lijkt op samen een verzekeraar of een collega buitensluiten of "
    "weigeren (een boycot).",
    "contract_terms": "dit bericht lijkt contractvoorwaarden, offertes of biedingen te delen "
    "tussen concurrerende apotheken.",
    "opening_hours": "dit bericht lijkt openingstijden af te stemmen tussen concurrerende "
    "apotheken.",
    "labour": "dit bericht lijkt lonen, uurtarieven of het werven van personeel af te stemmen "
    "tussen concurrerende apotheken.",
}
GUARD_RULE_BUTTON = "Wat mag wel en niet?"
GUARD_SIGNAL_NAMES = {
    "prices": "prijzen of tarieven",
    "discounts_margins": "kortingen of marges",
    "market_splitting": "markt- of patiëntverdeling",
    "tenders": "aanbestedingen",
    "boycotts": "boycot",
    "contract_terms": "contractvoorwaarden",
    "opening_hours": "openingstijden",
    "labour": "lonen en personeel",
}
ACMLOG_HEADER = ["tijd", "signaal", "regel", "gewaarschuwd", "tekst"]
ACMLOG_YES = "ja"
ACMLOG_NO = "nee"
ACMLOG_FILE = "mededingingslog.csv"


def acmlog_caption(count: int) -> str:
    return (
        f"Mededingingslog van deze groep: {plural(count, 'signaal', 'signalen')}. Wie iets "
        "schreef, wordt nooit bewaard; de berichttekst alleen als "
        "<code>/acmwacht log aan</code> staat."
    )


ACMLOG_EMPTY = "Het mededingingslog van deze groep is nog leeg."
REMINDER_LINE = (
    "⚖️ Denk aan de mededingingsregels: bespreek geen tarieven, kortingen, biedingen of wie "
    "welke patiënten of wijken bedient."
)

# --- ratings and the board's loop ------------------------------------------------------------
RATE_UP = "👍"
RATE_DOWN = "👎"
RATE_THANKS = "Bedankt voor je beoordeling!"
RATE_CHANGED = "Je beoordeling is aangepast."
RATE_SAME = "Dat had je al aangegeven."
UNANSWERED_HEADER = "<b>Vragen die ik niet kon beantwoorden</b> (vaakst gesteld eerst)"
UNANSWERED_LINE = "{n}. {count}× <i>{text}</i> (laatst {day})"
UNANSWERED_NONE = "Er zijn geen onbeantwoorde vragen. 🎉"
UNANSWERED_HINT = (
    "Komt een vraag vaak terug? Vraag de beheerder om een alias of een nieuw onderwerp."
)
DISLIKED_HEADER = "<b>Antwoorden met de meeste 👎</b>"
DISLIKED_LINE = "{n}. {title}: 👎 {down} · 👍 {up}"
DISLIKED_NONE = "Nog geen antwoorden met 👎."


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def reload_more(count: int) -> str:
    """Under the first fifteen problems of a failed /herlaad."""
    return f"… en nog {count}"
