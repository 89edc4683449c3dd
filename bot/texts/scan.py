"""Dutch texts for the maturity scan.

All messages are meant for HTML parse mode; callers escape user-typed fragments before they
are put into a template here.
"""

from __future__ import annotations

from bot.texts.common import plural

# --- maturity scan ----------------------------------------------------------------------------

SCALE_LABELS = {
    0: "weet ik niet",
    1: "helemaal oneens",
    2: "oneens",
    3: "neutraal",
    4: "eens",
    5: "helemaal eens",
}

LEVEL_NAMES = {
    1: "Ad hoc / separaat",
    2: "Samenwerkende organisaties",
    3: "Regionale apothekersorganisatie",
    4: "Accountable regionale apothekersorganisatie",
}

# Statements of the scan: key -> (short label for charts, full statement). The level of each
# statement lives in bot/polls/maturity.py.
SCAN_STATEMENTS = {
    "visie": (
        "Gezamenlijke visie",
        "De apotheken in onze regio hebben een gezamenlijke visie op de farmaceutische zorg.",
    ),
    "overleg": (
        "Structureel overleg",
        "We overleggen structureel met elkaar, niet alleen als er iets speelt.",
    ),
    "afstemming": (
        "Samen optrekken",
        "We zijn ons bewust dat we samen moeten optrekken en stemmen ons werk op elkaar af.",
    ),
    "entiteit": (
        "Eén juridische entiteit",
        "We vormen samen één juridische entiteit, zoals een coöperatie of vereniging.",
    ),
    "aanspreekpunt": (
        "Eén aanspreekpunt",
        "Voor huisartsen, zorgverzekeraars en gemeenten zijn we één aanspreekpunt "
        "voor de farmaceutische zorg in de regio.",
    ),
    "doel": (
        "Gezamenlijk doel en plan",
        "We hebben een gezamenlijk doel en een plan om dat doel te halen.",
    ),
    "mandaat": (
        "Mandaat van de leden",
        "Het bestuur heeft mandaat van de leden om namens hen afspraken te maken.",
    ),
    "populatie": (
        "Populatiegerichte doelen",
        "Onze doelen zijn populatiegericht: ze gaan over de gezondheid van de inwoners "
        "van onze regio.",
    ),
    "kwaliteit_kosten": (
        "Kwaliteit én kosten",
        "We sturen samen op zowel de kwaliteit als de kosten van de farmaceutische zorg.",
    ),
    "integraal": (
        "Integrale afspraken",
        "We hebben integrale afspraken met huisartsen, zorgverzekeraars en andere partijen.",
    ),
}

SCAN_INTRO = (
    "Volwassenheidsscan: geef bij elke stelling aan hoe je die voor jullie regio ziet, "
    "van 1 (helemaal oneens) tot 5 (helemaal eens)."
)
SCAN_TITLE = "Volwassenheidsscan"
SCAN_NO_ANSWERS = "Er zijn nog geen antwoorden op de scan."
SCAN_NO_ANSWER_SHORT = "geen antwoorden"


def scan_respondents(count: int) -> str:
    return plural(count, "deelnemer", "deelnemers")


def scan_level_line(level: int, name: str) -> str:
    return f"Jullie organisatie zit op <b>niveau {level}</b>: {name}."


def scan_rule_line(cutoff: str) -> str:
    return (
        f"Een niveau is gehaald als elke stelling van dat niveau en van de lagere niveaus "
        f"gemiddeld minstens {cutoff} scoort (✅). Niveau 1 is het startpunt."
    )


def scan_level_heading(level: int, name: str) -> str:
    return f"<b>Niveau {level}: {name}</b>"


def scan_statement_line(
    text: str, mean: str, distribution: str, met: bool, unknown: int = 0
) -> str:
    mark = "✅" if met else "▫️"
    extra = f" · weet niet: {unknown}" if unknown else ""
    return f"{mark} {text}\n  gemiddeld {mean} · verdeling 1 t/m 5: {distribution}{extra}"


def scan_incomplete(count: int) -> str:
    who = plural(count, "lid vulde", "leden vulden")
    return f"{who} de scan niet helemaal in; die antwoorden tellen niet mee."


DONT_KNOW_BUTTON = "Weet ik niet"
PREVIOUS_BUTTON = "← Vorige"


SCAN_COMPARE_TITLE = "Vergelijking met de vorige scan"


def scan_level_change(before: int, after: int) -> str:
    if after > before:
        return f"Niveau gestegen: van {before} naar {after}. 🎉"
    if after < before:
        return f"Niveau gedaald: van {before} naar {after}."
    return f"Niveau gelijk gebleven: {after}."


def scan_delta_line(short: str, before: str, after: str, delta: str) -> str:
    return f"• {short}: {before} → {after} ({delta})"


SCAN_CHART_XLABEL = "gemiddelde score (1 = helemaal oneens, 5 = helemaal eens)"


def scan_chart_subtitle(respondents: int, cutoff: str, level: int) -> str:
    return (
        f"{scan_respondents(respondents)} · grens {cutoff} · niveau {level}: {LEVEL_NAMES[level]}"
    )


def scan_already_open(number: int) -> str:
    """/scan while one is open: refused, because two scans side by side split the answers
    and neither result would say how the region stands."""
    return (
        f"Er loopt al een volwassenheidsscan: #{number}. Twee scans tegelijk splitsen de "
        "antwoorden, dus ik start geen tweede.\n"
        f"Herinner wie nog niet invulde met /herinner {number}. Wil je opnieuw beginnen? "
        f"Sluit #{number} dan eerst met /sluit {number} en start daarna /scan."
    )
