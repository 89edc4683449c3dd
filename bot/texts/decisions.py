"""Dutch texts for the decision register (/besluiten) and review dates of outcomes.

HTML parse mode; callers escape user-typed fragments.
"""

from __future__ import annotations

from bot.texts.common import plural

CMD_BESLUITEN = "Besluitenlijst: gesloten stemmingen met uitslag en uitkomst"

OUTCOME_EMPTY = (
    "De uitkomst ontbreekt. Bijvoorbeeld: <code>/uitkomst 3 Het bestuur tekent het "
    "RESV-plan. | evalueren 1-6-2027</code>"
)
REVIEW_TWICE = "Geef één evaluatiedatum."
REVIEW_MISSING = "Na <code>evalueren</code> ontbreekt de datum, bijvoorbeeld <code>1-6-2027</code>."


def review_invalid(detail: str) -> str:
    return f"De evaluatiedatum klopt niet. {detail}"


def review_too_early(day: str, today: bool) -> str:
    when = f"Vandaag ({day}) is te vroeg" if today else f"{day} ligt in het verleden"
    return f"De evaluatiedatum klopt niet. {when}: kies een dag vanaf morgen."


def review_added(day: str) -> str:
    return f"Evalueren: {day} (staat in /agenda, met herinnering)."


def review_title(poll_id: int, question: str) -> str:
    return f"Evaluatie besluit #{poll_id}: {question}"


def review_description(outcome: str) -> str:
    return f"Uitkomst volgens het bestuur: {outcome}\nZie /besluiten."


NO_VOTES = "Geen stemmen"
KIND_FALLBACK = {"mandaat": "Mandaatstemming", "enkelvoudig": "Peiling", "meerkeuze": "Peiling"}


def most_votes(option: str, count: int) -> str:
    return f"Meeste stemmen: {option} ({count})"


def tie(options: list[str], count: int) -> str:
    return f"Gelijk: {' en '.join(options)} ({count} elk)"


def turnout(voted: int, eligible: int, unit_singular: str, unit_plural: str) -> str:
    return f"opkomst {voted} van {plural(eligible, unit_singular, unit_plural)}"


def register_title(org: str) -> str:
    return f"<b>Besluitenlijst van {org}</b>"


NO_DECISIONS = "Er zijn nog geen gesloten stemmingen. De besluitenlijst vult zich na /sluit."
REGISTER_FOOTER = (
    "Uitkomst toevoegen: <code>/uitkomst 3 tekst | evalueren 1-6-2027</code>. "
    "Als bestand: <code>/besluiten export</code>."
)


def row_heading(poll_id: int, kind: str, closed: str) -> str:
    return f"<b>#{poll_id} {kind}</b> · gesloten {closed}"


def outcome_line(text: str) -> str:
    return f"Uitkomst: {text}"


def review_line(day: str) -> str:
    return f"Evalueren: {day}"


EXPORT_HEADER = (
    "nr",
    "soort",
    "vraag",
    "gesloten",
    "uitslag",
    "opkomst",
    "uitkomst",
    "evalueren",
)


def register_usage(word: str) -> str:
    return (
        f"Ik ken ‘{word}’ niet bij /besluiten.\n"
        "• <code>/besluiten</code> toont de besluitenlijst.\n"
        "• <code>/besluiten export</code> stuurt het bestuur de lijst als bestand."
    )


FILE_REGISTER = "besluitenlijst.csv"


def export_caption(count: int) -> str:
    return f"Besluitenlijst: {plural(count, 'besluit', 'besluiten')}."
