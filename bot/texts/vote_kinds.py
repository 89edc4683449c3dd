"""Dutch texts about what a vote is and who it belongs to: its kind (purpose), who sees what
(secrecy), the electorate fixed at opening, and the verdict per kind.

HTML parse mode; callers escape user-typed fragments.
"""

from __future__ import annotations

from bot.texts.common import join_words, one_or_many, plural

# --- kinds --------------------------------------------------------------------------------

PURPOSE_TITLES = {
    "raadpleging": "Raadpleging",
    "bestuursmandaat": "Bestuursmandaat",
    "alv-voorstemming": "ALV-voorstemming",
}
PURPOSE_MEANINGS = {
    "raadpleging": "het bestuur vraagt jullie mening; de uitslag is een advies, geen besluit.",
    "bestuursmandaat": (
        "wie voor stemt, machtigt het bestuur om namens de eigen apotheek te handelen; "
        "het is geen ALV-besluit."
    ),
    "alv-voorstemming": (
        "een elektronische stem vóór de algemene ledenvergadering. Telt alleen als "
        "ALV-besluit als jullie statuten dat toestaan (BW 2:38, voor een coöperatie 2:53a)."
    ),
}


def purpose_line(title: str, meaning: str) -> str:
    return f"Soort: <b>{title}</b> – {meaning}"


def purpose_unknown(text: str) -> str:
    return (
        f"De soort '<i>{text}</i>' ken ik niet. Kies <code>raadpleging</code>, "
        "<code>bestuursmandaat</code> of <code>alv-voorstemming</code>."
    )


PURPOSE_USAGE_HINT = (
    "Met <code>| soort raadpleging</code>, <code>| soort bestuursmandaat</code> of "
    "<code>| soort alv-voorstemming</code> zeg je wat voor stemming het is."
)

# Verdict of a closed Voor/Tegen/Onthouding vote, per kind.
_VERDICT_REASONS = {
    "no_eligible": "er zijn geen stemgerechtigden",
    "no_quorum": "quorum niet gehaald",
    "no_for_or_against": "geen stemmen voor of tegen",
    "too_few_for": "te weinig stemmen voor",
}
_GRANTED = {
    "raadpleging": "✅ Positief advies: quorum en drempel gehaald",
    "bestuursmandaat": "✅ Mandaat verleend",
    "alv-voorstemming": "✅ Voorstel aangenomen",
}
_REFUSED = {
    "raadpleging": "❌ Geen positief advies",
    "bestuursmandaat": "❌ Niet verleend",
    "alv-voorstemming": "❌ Niet aangenomen",
}


def verdict_line(verdict: str, purpose: str) -> str:
    if verdict == "granted":
        return _GRANTED[purpose]
    return f"{_REFUSED[purpose]}: {_VERDICT_REASONS[verdict]}"


# --- who sees what --------------------------------------------------------------------------


def secrecy_mandate(unit_plural: str) -> str:
    return (
        f"🔒 Wie ziet wat: het bestuur ziet welke {unit_plural} voor stemden (de "
        "vertegenwoordigingslijst); de groep ziet alleen de opkomst."
    )


def secrecy_who_voted(unit_plural: str) -> str:
    return (
        f"🔒 Wie ziet wat: het bestuur ziet welke {unit_plural} stemden, niet wat; "
        "de groep ziet alleen de opkomst."
    )


SECRECY_OPEN = "👁 Wie ziet wat: iedereen ziet de tussenstand; het bestuur ziet wie wat stemde."


def secrecy_line(secrecy: str, unit_plural: str) -> str:
    """The vote card's line for a `records.Secrecy` value."""
    if secrecy == "voorlijst":
        return secrecy_mandate(unit_plural)
    if secrecy == "wie":
        return secrecy_who_voted(unit_plural)
    return SECRECY_OPEN


def secrecy_hint(secrecy: str, unit_plural: str) -> str:
    """The same answer, short (the dashboard)."""
    if secrecy == "voorlijst":
        return (
            f"het bestuur ziet welke {unit_plural} voor stemden (vertegenwoordigingslijst), "
            "niet wie tegen stemde of zich onthield"
        )
    if secrecy == "wie":
        return f"geheim: het bestuur ziet welke {unit_plural} stemden, niet wat"
    return "openbaar: het bestuur ziet wie wat stemde"


def export_votes_note(secrecy: str, closed: bool = True) -> str:
    """Why the vote export has (no) choice column; the representation list comes with the
    export only once the vote is closed."""
    if secrecy == "voorlijst":
        if not closed:
            return (
                " Zonder wat ieder stemde. Wie voor stemde, zie je in de vertegenwoordigingslijst "
                "die na de sluiting bij /export zit."
            )
        return " Zonder wat ieder stemde; wie voor stemde staat in de vertegenwoordigingslijst."
    if secrecy == "wie":
        return " Zonder keuze: het bestuur ziet wie stemde, niet wat."
    return ""


HELP_SECRECY = (
    "<b>Stemmen: wie ziet wat</b>\n"
    "• Mandaatstemming (bestuursmandaat): het bestuur ziet welke apotheken voor stemden, "
    "want de zorgverzekeraar vraagt die lijst; de groep ziet alleen de opkomst.\n"
    "• Geheime peiling of raadpleging: het bestuur ziet wie stemde, niet wat; de export "
    "geeft alleen aantallen.\n"
    "• Openbare stemming: iedereen ziet de tussenstand; het bestuur ziet wie wat stemde.\n"
    "• Volmacht: /volmacht in een privébericht aan mij."
)

# --- the electorate, fixed at opening -------------------------------------------------------


def electorate_line(count: int, unit_singular: str, unit_plural: str) -> str:
    verb = one_or_many(count, "mag", "mogen")
    return (
        f"{plural(count, unit_singular, unit_plural)} {verb} stemmen (de ledenlijst bij de start)."
    )


def import_during_vote(polls: list[tuple[int, int, str, str]]) -> str:
    """(poll number, eligible units, unit singular, unit plural) of each open vote."""
    joined = join_words(
        [f"#{number} ({plural(count, one, many)})" for number, count, one, many in polls]
    )
    word = one_or_many(len(polls), "stemming", "stemmingen")
    verb = one_or_many(len(polls), "houdt", "houden")
    return (
        f"Let op: de lopende {word} {joined} {verb} de ledenlijst van de start aan. "
        "Deze wijziging telt vanaf de volgende stemming."
    )


VOTE_NOT_IN_ELECTORATE = (
    "Je stond nog niet op de ledenlijst toen deze stemming begon, dus je kunt hier niet "
    "stemmen. Bij de volgende stemming wel."
)
VOTE_PENDING_FIXED = (
    "Je aanmelding wacht nog op goedkeuring van het bestuur. Deze stemming telt de ledenlijst "
    "van bij de start; je stemt mee vanaf de volgende."
)


# --- export of a secret quick poll: counts only ------------------------------------------------

EXPORT_COUNTS_HEADER = ("Optie", "Stemmen")
EXPORT_TURNOUT = "Opkomst"


def file_counts(poll_id: int) -> str:
    return f"stemming-{poll_id}-aantallen.csv"


def export_counts_caption(poll_id: int) -> str:
    return f"Stemming #{poll_id}: alleen aantallen per optie (geheim: niets per stemmer)."
