"""Dutch texts shared by every feature: welcome, help, generic errors."""

from __future__ import annotations

import html

WELCOME_PRIVATE = (
    "Hoi {name}! Ik ben de RAO-bot van jullie regionale apothekersorganisatie.\n\n"
    "Ik beantwoord vragen over regiozorg-jargon en over wat wel en niet mag volgens de "
    "mededingingsregels (ACM). Stel je vraag gewoon hier, bijvoorbeeld: "
    "<i>wat is een RESV?</i>\n\nMet /help zie je alles wat ik kan."
)
WELCOME_GROUP = (
    "Hoi allemaal! Ik ben de RAO-bot. Stel een vraag met /vraag, of noem mij in je bericht. "
    "Met /help zie je alles wat ik kan."
)
HELP_HEADER = "<b>Wat ik kan</b>"
HELP_BOARD_HEADER = "<b>Voor het bestuur</b>"
HELP_BOARD_HINT = "Ben je bestuurslid? Typ /help in de groep van je RAO voor de bestuurscommando's."
HELP_BOARD_HINT_GROUP = "De bestuurscommando's zie je hier als je beheerder van deze groep bent."
FIRST_STEPS_BOARD = (
    "\n\n<b>Eerste stappen voor het bestuur</b>\n"
    "1. Stuur de ledenlijst als CSV-bestand in deze groep (kolommen apotheek;agb;telegram), "
    "of laat leden zich aanmelden met /aanmelden.\n"
    "2. Heeft jullie RAO meer groepen? Koppel ze met /koppelcode.\n"
    "3. Zet de volgende vergadering in de agenda, bijvoorbeeld /vergadering dinsdag 19:30 ALV.\n"
    "4. Start daarna een stemming met /mandaat of een peiling met /peiling."
)
HELP_FOOTER = "Tip: in een privégesprek met mij is elk bericht een vraag."
GENERIC_ERROR = (
    "Sorry, daar ging iets mis aan mijn kant. Probeer het zo nog eens; lukt het dan nog niet, "
    "laat het het bestuur weten."
)
NOT_ALLOWED_CHAT = (
    "Deze bot is niet ingesteld voor deze groep, dus ik ga weer weg. Wil je mij hier wel "
    "gebruiken? Vraag de beheerder van de bot om deze groep toe te voegen."
)
BOARD_ONLY = "Dit kan alleen het bestuur."
BOARD_ONLY_PRIVATE = (
    "Dit kan alleen het bestuur. Zit je in het bestuur? Typ het commando dan eerst in de groep."
)


def unknown_command(suggestion: str | None) -> str:
    guess = f" Bedoelde je /{suggestion}?" if suggestion else ""
    return f"Dat commando ken ik niet.{guess} Met /help zie je wat ik kan."


def escape(typed: str) -> str:
    """User-typed text (names, questions, titles) made safe for an HTML reply."""
    return html.escape(typed, quote=False)


def one_or_many(count: int, one: str, many: str) -> str:
    """The word that goes with `count`: Dutch takes the singular for exactly one ("1 apotheek",
    "0 apotheken"); also for verbs ("1 apotheek mag", "3 apotheken mogen")."""
    return one if count == 1 else many


def plural(count: int, one: str, many: str) -> str:
    """The count with its noun: "1 apotheek", "0 apotheken", "3 apotheken"."""
    return f"{count} {one_or_many(count, one, many)}"


def join_words(words: list[str]) -> str:
    """Dutch enumeration: 'a', 'a en b', 'a, b en c'."""
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " en " + words[-1]


def help_line(command: str, description: str) -> str:
    return f"/{command} – {html.escape(description)}"


def welcome_private(first_name: str) -> str:
    return WELCOME_PRIVATE.format(name=html.escape(first_name))


UNKNOWN_BUTTON = "Deze knop werkt niet (meer). Typ het commando gerust opnieuw."
CMD_START = "Kennismaken met de bot"
CMD_HELP = "Overzicht van wat de bot kan"
OPERATOR_ONLY = "Dit kan alleen de beheerder van de bot."
