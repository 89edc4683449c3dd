"""Dutch texts for mandate votes, quick polls, the maturity scan, rosters and exports.

All messages are meant for HTML parse mode; callers escape user-typed fragments before they
are put into a template here.
"""

from __future__ import annotations

# --- shares (quorum and threshold) ------------------------------------------------------------

SHARE_FORMS = (
    "Schrijf bijvoorbeeld <code>85%</code>, <code>0,85</code>, <code>2/3</code>, "
    "<code>meer dan 50%</code>, <code>minstens 2/3</code> of <code>de helft plus één</code>."
)
SHARE_EMPTY = "Je hebt geen getal opgegeven. " + SHARE_FORMS


def share_not_understood(text: str) -> str:
    return f"Ik begrijp '<i>{text}</i>' niet als aandeel. " + SHARE_FORMS


def share_bare_number(text: str) -> str:
    return (
        f"Bedoel je <code>{text}%</code>? Zet er een procentteken achter, "
        "dan weet ik zeker wat je bedoelt."
    )


def share_out_of_range(text: str) -> str:
    return f"'<i>{text}</i>' kan niet: een aandeel ligt tussen 0 en 100 %. " + SHARE_FORMS


def share_more_than_all(text: str) -> str:
    return f"'<i>{text}</i>' kan niet: meer dan 100 % haal je nooit. Gebruik dan <code>100%</code>."


SHARE_ZERO_NOT_ALLOWED = "Een drempel van 0 % betekent niets. Kies een aandeel boven 0 %."
SHARE_NONE = "geen quorum"
SHARE_HALF_STRICT = "meer dan de helft"
SHARE_ALL = "iedereen (100 %)"
SHARE_AT_LEAST = "minstens"
SHARE_MORE_THAN = "meer dan"

# --- tally and verdict ------------------------------------------------------------------------

MANDATE_OPTIONS = ("Voor", "Tegen", "Onthouding")

VERDICT_LINES = {
    "granted": "✅ Mandaat verleend",
    "no_eligible": "❌ Niet verleend: er zijn geen stemgerechtigden",
    "no_quorum": "❌ Niet verleend: quorum niet gehaald",
    "no_for_or_against": "❌ Niet verleend: geen stemmen voor of tegen",
    "too_few_for": "❌ Niet verleend: te weinig stemmen voor",
}

RESULT_FINAL = "Uitslag"
RESULT_INTERIM = "Tussenstand"
RESULT_NO_VOTES = "Nog geen stemmen."


def turnout_line(voted: int, eligible: int, percent: str, unit_plural: str) -> str:
    return f"Opkomst: {voted} van {eligible} {unit_plural} ({percent})"


def quorum_line(rule: str, met: bool, final: bool) -> str:
    if met:
        return f"Quorum ({rule}): gehaald"
    return f"Quorum ({rule}): niet gehaald" if final else f"Quorum ({rule}): nog niet gehaald"


def threshold_line(rule: str, voor_percent: str, met: bool, final: bool) -> str:
    state = "gehaald" if met else "niet gehaald"
    if not final:
        state = f"nu {state}"
    return f"Drempel ({rule} van voor + tegen): {voor_percent} voor, {state}"


THRESHOLD_NO_VOTES = "Drempel: nog geen stemmen voor of tegen"
ABSTAIN_NOTE = "Onthoudingen tellen mee voor het quorum, niet voor de drempel."
MULTIPLE_NOTE = "Meerkeuze: percentages zijn van het aantal stemmers."

UNIT_PHARMACY_SINGULAR = "apotheek"
UNIT_PHARMACY_PLURAL = "apotheken"
UNIT_MEMBER_SINGULAR = "lid"
UNIT_MEMBER_PLURAL = "leden"

# --- /mandaat and /peiling --------------------------------------------------------------------

MANDATE_USAGE = (
    "Zo start je een mandaatstemming:\n"
    "<code>/mandaat Geef je het bestuur mandaat voor het RESV-plan? | sluit vrijdag 17:00"
    " | quorum 85% | drempel 2/3</code>\n"
    "Quorum en drempel mag je weglaten (dan minstens 50 % en meer dan de helft). "
    "Met <code>| per lid</code> telt elke deelnemer apart in plaats van één stem per apotheek."
)

POLL_USAGE = (
    "Zo start je een peiling:\n"
    "<code>/peiling Welke avond past het best? | dinsdag | woensdag | donderdag"
    " | sluit morgen 12:00 | meerkeuze</code>\n"
    "Geef 2 tot 10 opties. Sluitmoment en <code>meerkeuze</code> zijn optioneel."
)

COMMAND_EMPTY = "Je hebt nog geen vraag gegeven."
QUESTION_EMPTY = "De vraag ontbreekt: zet die vóór de eerste <code>|</code>."


def question_too_long(length: int, limit: int) -> str:
    return f"De vraag is {length} tekens lang; het maximum is {limit}."


def part_not_understood(part: str) -> str:
    return f"Ik begrijp het stuk '<i>{part}</i>' niet."


def part_twice(keyword: str) -> str:
    return f"Je noemt <code>{keyword}</code> twee keer; geef het één keer op."


def part_empty_value(keyword: str) -> str:
    return f"Na <code>{keyword}</code> ontbreekt een waarde."


CLOSE_MISSING = "Het sluitmoment ontbreekt, bijvoorbeeld <code>| sluit vrijdag 17:00</code>."


def close_invalid(detail: str) -> str:
    return f"Het sluitmoment klopt niet. {detail}"


def close_in_past(moment: str) -> str:
    return f"Het sluitmoment ({moment}) ligt niet in de toekomst. Kies een later moment."


def quorum_invalid(detail: str) -> str:
    return f"Het quorum klopt niet. {detail}"


def threshold_invalid(detail: str) -> str:
    return f"De drempel klopt niet. {detail}"


def too_few_options(count: int) -> str:
    if count == 0:
        return "Een peiling heeft minstens 2 opties; je gaf er geen."
    return f"Een peiling heeft minstens 2 opties; je gaf er {count}."


def too_many_options(count: int, limit: int) -> str:
    return f"Een peiling heeft hoogstens {limit} opties; je gaf er {count}."


def option_too_long(number: int, length: int, limit: int) -> str:
    return f"Optie {number} is {length} tekens lang; het maximum is {limit}."


def option_duplicate(option: str) -> str:
    return f"De optie '<i>{option}</i>' staat er twee keer in."


# --- maturity scan ----------------------------------------------------------------------------

SCALE_LABELS = {
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
    return "1 deelnemer" if count == 1 else f"{count} deelnemers"


def scan_level_line(level: int, name: str) -> str:
    return f"Jullie organisatie zit op <b>niveau {level}</b>: {name}."


def scan_rule_line(cutoff: str) -> str:
    return (
        f"Een niveau is gehaald als elke stelling van dat niveau en van de lagere niveaus "
        f"gemiddeld minstens {cutoff} scoort (✅). Niveau 1 is het startpunt."
    )


def scan_level_heading(level: int, name: str) -> str:
    return f"<b>Niveau {level}: {name}</b>"


def scan_statement_line(text: str, mean: str, distribution: str, met: bool) -> str:
    mark = "✅" if met else "▫️"
    return f"{mark} {text}\n  gemiddeld {mean} · verdeling 1 t/m 5: {distribution}"


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


# --- charts -----------------------------------------------------------------------------------

CHART_VOTES_AXIS = "stemmen"
CHART_NO_VOTES = "nog geen stemmen"


def chart_level_legend(level: int) -> str:
    return f"niveau {level}"


# --- roster CSV -------------------------------------------------------------------------------

ROSTER_FORM = (
    "Stuur een CSV-bestand met de kolommen <code>apotheek;agb;telegram</code> "
    "(AGB-code en Telegram-gebruikersnaam mogen leeg zijn)."
)
ROSTER_EMPTY = "Het bestand is leeg. " + ROSTER_FORM
ROSTER_NO_ROWS = "Het bestand heeft geen apotheken. " + ROSTER_FORM
ROSTER_UNREADABLE = (
    "Ik kan het bestand niet lezen. Sla het op als CSV (UTF-8) en probeer het opnieuw."
)


def roster_too_large(limit_mb: int) -> str:
    return f"Het bestand is groter dan {limit_mb} MB. Splits het of haal overbodige kolommen weg."


def roster_too_many_rows(count: int, limit: int) -> str:
    return f"Het bestand heeft {count} regels met apotheken; het maximum is {limit}."


def roster_rejected(count: int) -> str:
    word = "fout" if count == 1 else "fouten"
    return (
        f"Ik heb de ledenlijst niet overgenomen: {count} {word}. "
        "Verbeter ze en stuur het bestand opnieuw."
    )


def roster_more_errors(count: int) -> str:
    return f"… en nog {count} andere."


ROSTER_NO_NAME_COLUMN = (
    "Ik vind geen kolom met de naam van de apotheek (kop <code>apotheek</code>). " + ROSTER_FORM
)


def roster_column_twice(header: str) -> str:
    return f"regel 1: de kolom '<i>{header}</i>' staat er twee keer in"


def roster_name_missing(line: int) -> str:
    return f"regel {line}: de naam van de apotheek ontbreekt"


def roster_name_too_long(line: int, limit: int) -> str:
    return f"regel {line}: de naam van de apotheek is langer dan {limit} tekens"


def roster_name_duplicate(line: int, name: str, first_line: int) -> str:
    return f"regel {line}: apotheek '<i>{name}</i>' staat ook op regel {first_line}"


def roster_agb_duplicate(line: int, agb: str, first_line: int) -> str:
    return f"regel {line}: AGB-code {agb} staat ook op regel {first_line}"


def roster_line_error(line: int, detail: str) -> str:
    return f"regel {line}: {detail}"


def agb_wrong(text: str) -> str:
    return f"AGB-code '<i>{text}</i>' moet 8 cijfers hebben"


def agb_leading_zero(text: str) -> str:
    return (
        f"AGB-code '<i>{text}</i>' moet 8 cijfers hebben; mist de voorloopnul? "
        "Excel haalt die soms weg, zet de kolom dan op 'Tekst'"
    )


AGB_EMPTY = "Je hebt geen AGB-code gegeven. Een AGB-code heeft 8 cijfers, bijvoorbeeld 06012345."


def username_invalid(text: str) -> str:
    return (
        f"Telegram-gebruikersnaam '<i>{text}</i>' klopt niet: 5 tot 32 tekens, "
        "alleen letters, cijfers en _"
    )


# --- CSV export headers -----------------------------------------------------------------------

EXPORT_VOTES_HEADER = ("tijdstip", "stemeenheid", "lid", "keuze")
EXPORT_REPRESENTATION_HEADER = ("apotheek", "agb_code")
