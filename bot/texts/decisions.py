"""Dutch texts for the decision register (/besluiten) and review dates of outcomes.

HTML parse mode; callers escape user-typed fragments.
"""

from __future__ import annotations

from bot.texts.common import plural

CMD_BESLUITEN = "Besluitenlijst: gesloten stemmingen met uitslag en uitkomst"


def outcome_empty(poll_id: int | None) -> str:
    number = str(poll_id) if poll_id is not None else "&lt;nr&gt;"
    return (
        f"De uitkomst ontbreekt. Bijvoorbeeld: <code>/uitkomst {number} Het bestuur tekent "
        "het RESV-plan. | evalueren 1-6-2027</code>"
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


def review_kept(day: str) -> str:
    return f"Evalueren blijft: {day} (staat in /agenda, met de nieuwe uitkomst)."


REVIEW_DROPPED = "De evaluatiedatum is vervallen; hij staat niet meer in /agenda."

OUTCOME_REPLACE_YES = "Ja, vervangen"


def outcome_replace_ask(poll_id: int, question: str, old: str, new: str, review: str) -> str:
    """`review` says what happens to the review date (may be empty)."""
    ask = (
        f"Stemming #{poll_id} heeft al een uitkomst. Vervangen?\n<i>{question}</i>\n\n"
        f"<b>Nu:</b> {old}\n<b>Nieuw:</b> {new}"
    )
    return f"{ask}\n\n{review}" if review else ask


def ask_review_new(day: str) -> str:
    return f"Evaluatiedatum wordt: {day}."


def ask_review_kept(day: str) -> str:
    return (
        f"De evaluatiedatum ({day}) blijft en krijgt de nieuwe tekst. "
        "Weghalen: zet <code>| geen evaluatie</code> achter de uitkomst."
    )


ASK_REVIEW_DROPPED = "De evaluatiedatum vervalt (ook uit /agenda)."


def previous_outcome(old: str) -> str:
    return f"Vorige uitkomst: {old}"


def outcome_replace_cancelled(poll_id: int) -> str:
    return f"Niets gewijzigd: de uitkomst van stemming #{poll_id} blijft zoals hij was."


def outcome_replaced_done(poll_id: int) -> str:
    return f"Uitkomst van stemming #{poll_id} vervangen; de nieuwe staat in de groep."


def outcome_changed_meanwhile(poll_id: int) -> str:
    return (
        f"De uitkomst van stemming #{poll_id} is intussen al gewijzigd. "
        "Stuur /uitkomst opnieuw als je hem wilt vervangen."
    )


def outcome_ask_expired(poll_id: int) -> str:
    return (
        f"Deze vraag is verlopen. Stuur /uitkomst {poll_id} opnieuw als je de uitkomst "
        "wilt vervangen."
    )


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


def register_footer(poll_id: int) -> str:
    """For the board, with the newest closed vote's number as the example."""
    return (
        f"Uitkomst toevoegen: <code>/uitkomst {poll_id} tekst | evalueren 1-6-2027</code>. "
        "Als bestand: <code>/besluiten export</code>."
    )


def row_heading(poll_id: int, kind: str, closed: str) -> str:
    return f"<b>#{poll_id} {kind}</b> · gesloten {closed}"


def outcome_line(text: str) -> str:
    return f"Uitkomst: {text}"


def review_line(day: str) -> str:
    return f"Evalueren: {day}"


EXPORT_HEADER = (
    "Nr",
    "Soort",
    "Vraag",
    "Gesloten op",
    "Uitslag",
    "Opkomst",
    "Uitkomst",
    "Evalueren op",
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
