"""Dutch texts for mandate votes and quick polls: shares, verdicts, vote messages, charts.

All messages are meant for HTML parse mode; callers escape user-typed fragments before they
are put into a template here.
"""

from __future__ import annotations

from bot.texts import vote_kinds as kind_texts
from bot.texts.common import plural
from bot.texts.scan import SCALE_LABELS, SCAN_INTRO

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


def turnout_line(
    voted: int, eligible: int, percent: str, unit_singular: str, unit_plural: str
) -> str:
    return f"Opkomst: {voted} van {plural(eligible, unit_singular, unit_plural)} ({percent})"


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
    "Quorum en drempel mag je weglaten (dan quorum <code>50%</code> en drempel meer dan de "
    "helft). "
    "Typ <code>| per lid</code> als elk lid apart stemt in plaats van één stem per apotheek."
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


# --- charts -----------------------------------------------------------------------------------

CHART_VOTES_AXIS = "stemmen"
CHART_NO_VOTES = "nog geen stemmen"
CHART_UNDRAWABLE = "(emoji)"  # an option of emoji only: the chart font has no emoji


def chart_level_legend(level: int) -> str:
    return f"niveau {level}"


# --- CSV export headers -----------------------------------------------------------------------

EXPORT_VOTES_HEADER = ("Tijdstip", "Namens", "Lid", "Keuze")
EXPORT_REPRESENTATION_HEADER = ("Apotheek", "AGB-code")

EXPORT_REASONS_HEADER = ("Lid", "Toelichting")
EXPORT_ROSTER_HEADER = ("Apotheek", "AGB-code", "Leden")
EXPORT_SCAN_HEADER = ("Niveau", "Stelling", "1", "2", "3", "4", "5", "Gemiddeld", "Weet niet")
EXPORT_CLOSING_HEADER = ("Tijdstip", "Door", "Oude sluiting", "Nieuwe sluiting")


def export_votes_caption(poll_id: int, events: int, secrecy: str, closed: bool = True) -> str:
    base = f"Stemming #{poll_id}: {plural(events, 'stem', 'stemmen')} (elke wijziging apart)."
    return base + kind_texts.export_votes_note(secrecy, closed)


def export_reasons_caption(poll_id: int, anonymous: bool) -> str:
    if anonymous:
        return f"Stemming #{poll_id}: toelichtingen, zonder namen."
    return f"Stemming #{poll_id}: toelichtingen bij de stemmen."


def export_representation_caption(poll_id: int, count: int) -> str:
    who = plural(count, "apotheek stemde", "apotheken stemden")
    return f"Vertegenwoordigingslijst bij stemming #{poll_id}: {who} voor."


def export_closing_caption(poll_id: int, changes: int) -> str:
    return f"Stemming #{poll_id}: sluitingstijd {changes} keer verplaatst door het bestuur."


def export_withdrawn_note(moment: str, by: str) -> str:
    who = f" door {by}" if by else ""
    return f"Ingetrokken{who} op {moment}: er is geen uitslag."


def export_scan_caption(poll_id: int) -> str:
    return f"Volwassenheidsscan #{poll_id}: verdeling en gemiddelde per stelling."


# --- the bot in the chat: polls ---------------------------------------------------------------

_KIND_TITLES = {
    "mandaat": "🗳 Mandaatstemming",
    "enkelvoudig": "📋 Peiling",
    "meerkeuze": "📋 Peiling (meerkeuze)",
}


def poll_header(kind: str, poll_id: int, question: str) -> str:
    return f"<b>{_KIND_TITLES.get(kind, 'Stemming')} #{poll_id}</b>\n{question}\n"


def scan_header(poll_id: int) -> str:
    return f"<b>📊 Volwassenheidsscan #{poll_id}</b>\n{SCAN_INTRO}\n"


def poll_ref(poll_id: int) -> str:
    return f"Stemming #{poll_id}"


def scan_ref(poll_id: int) -> str:
    return f"Scan #{poll_id}"


def closes_line(moment: str) -> str:
    return f"Sluit: {moment}"


def closed_line(moment: str) -> str:
    return f"Gesloten: {moment}"


def withdrawn_line(moment: str) -> str:
    return f"Ingetrokken door het bestuur: {moment}"


WITHDRAWN_NO_RESULT = "<b>Ingetrokken.</b> Er komt geen uitslag; stemmen kan niet meer."
NO_CLOSING_TIME = "Sluit: als het bestuur hem sluit (/sluit)"
NO_CLOSING_SHORT = "bij sluiting door het bestuur"


def unit_line(unit_singular: str) -> str:
    return f"Eén stem per {unit_singular}."


def rules_line(quorum: str, threshold: str) -> str:
    return f"Quorum: {quorum} · drempel: {threshold} van voor + tegen."


def own_vote_now(labels: str) -> str:
    return f"Je stem nu: <b>{labels}</b>. Tik hieronder om te wijzigen."


OWN_VOTE_NOT_YET = "Je hebt nog niet gestemd. Tik hieronder op je keuze."
MULTIPLE_HINT = "Meerkeuze: tik op meerdere opties; tik nog eens om een keuze in te trekken."
CHANGE_HINT = "Je kunt je stem tot de sluiting wijzigen."
CLOSED_SEE_RESULT = "<b>Gesloten.</b> De uitslag staat hieronder."


def turnout_plain(
    voted: int, eligible: int, percent: str, unit_singular: str, unit_plural: str
) -> str:
    """Turnout without markup, for chart subtitles."""
    return turnout_line(voted, eligible, percent, unit_singular, unit_plural)


def scan_turnout_line(complete: int, members: int) -> str:
    return f"Helemaal ingevuld: {complete} van {plural(members, 'lid', 'leden')}"


SCAN_HOW_TO = "Tik op de knop om de stellingen privé in te vullen."
SCAN_BUTTON = "Vul de scan in"
SCAN_INTERIM = "<i>Tussenstand: de scan is nog open.</i>"
SCAN_USAGE = (
    "Zo start je de volwassenheidsscan: <code>/scan</code> (sluiten doe je met /sluit) of "
    "<code>/scan vrijdag 17:00</code> met een sluitmoment."
)
SCAN_CLOSED = "Deze scan is gesloten; antwoorden tellen niet meer mee."
SCAN_NOT_MEMBER = (
    "Alleen leden op de ledenlijst doen mee aan de scan. Meld je aan met /aanmelden in de groep."
)


def scan_statement_prompt(
    poll_id: int, number: int, total: int, statement: str, current: int | None
) -> str:
    lines = [f"<b>Scan #{poll_id} · stelling {number} van {total}</b>", statement, ""]
    lines.append("1 = helemaal oneens · 3 = neutraal · 5 = helemaal eens")
    if current == 0:
        lines.append("Je gaf eerder: weet ik niet.")
    elif current is not None:
        lines.append(f"Je gaf eerder: {current} ({SCALE_LABELS[current]}).")
    return "\n".join(lines)


def scan_saved(score: int) -> str:
    if score == 0:
        return "Vastgelegd: weet ik niet (telt niet mee in het gemiddelde)."
    return f"Vastgelegd: {score} ({SCALE_LABELS[score]})."


def scan_done(poll_id: int) -> str:
    return (
        f"Klaar, dank je wel! Je antwoorden op scan #{poll_id} zijn vastgelegd. "
        f"Tot de sluiting kun je ze aanpassen via de knop in de groep."
    )


def scan_reminder(poll_id: int, closes: str | None) -> str:
    when = f" sluit {closes}" if closes else " loopt nog"
    return f"⏰ Herinnering: de volwassenheidsscan #{poll_id}{when} en je hebt hem nog niet af."


def chart_caption(poll_id: int) -> str:
    return f"Grafiek bij #{poll_id}"


def outcome_block(text: str) -> str:
    return f"<b>Uitkomst volgens het bestuur:</b>\n{text}"


# --- vote buttons (callback answers: plain text, at most 200 characters) ----------------------

VOTE_UNKNOWN_POLL = "Deze stemming ken ik niet (meer)."
VOTE_UNKNOWN_OPTION = "Die keuze hoort niet bij deze stemming."


def vote_closed(poll_id: int, voted: bool) -> str:
    if voted:
        return (
            f"Stemming #{poll_id} is gesloten; deze tik telt niet meer. "
            "Je stem van vóór de sluiting telt gewoon mee."
        )
    return f"Stemming #{poll_id} is gesloten; stemmen kan niet meer."


def vote_withdrawn(poll_id: int) -> str:
    return f"Stemming #{poll_id} is ingetrokken door het bestuur; stemmen hoeft niet meer."


VOTE_PENDING = "Je aanmelding wacht nog op goedkeuring van het bestuur. Daarna kun je stemmen."
CHOICE_WITHDRAWN = "(keuzes ingetrokken)"


def vote_not_member(org_name: str) -> str:
    return (
        f"Je staat niet op de ledenlijst van {org_name}, dus je kunt hier niet stemmen. "
        "Meld je aan met /aanmelden."
    )


def vote_duplicate(labels: list[str]) -> str:
    if not labels:
        return "Je had al geen keuze; er is niets veranderd."
    return f"Je stem stond al op: {', '.join(labels)}. Er is niets veranderd."


def vote_recorded(
    labels: list[str],
    *,
    changed: bool,
    units: int,
    unit: object,
    poll_id: int,
    replaced_other: bool = False,
) -> str:
    """`replaced_other`: the vote it replaced was cast by someone else for the same pharmacy
    (a colleague or a proxy holder), so "your vote changed" would read as if they voted in
    your name."""
    if not labels:
        return "Je hebt je keuzes ingetrokken. Je kunt tot de sluiting opnieuw kiezen."
    choice = ", ".join(labels)
    if replaced_other:
        first = f"Je stem is vastgelegd: {choice}. Die vervangt de eerdere stem van een ander."
    elif changed:
        first = f"Je stem is gewijzigd in: {choice}."
    else:
        first = f"Je stem is vastgelegd: {choice}."
    extra = f" Dit geldt voor je {units} apotheken." if units > 1 else ""
    return f"{first}{extra} Je kunt tot de sluiting wijzigen."


def vote_reminder(
    poll_id: int, question: str, closes: str | None, unit_label: str, unit: object
) -> str:
    when = f"sluit {closes}" if closes else "loopt nog"
    return (
        f"⏰ Herinnering: stemming #{poll_id} {when}.\n<b>{question}</b>\n\n"
        f"Voor {unit_label} is nog niet gestemd. Je kunt hieronder direct stemmen."
    )


# --- private reminders, edited when they stop being true ----------------------------------------


def nudge_voted(poll_id: int, question: str, unit_label: str, closes: str | None) -> str:
    until = f"tot de sluiting ({closes})" if closes else "tot de sluiting"
    return (
        f"✅ Stemming #{poll_id}\n<b>{question}</b>\n\nVoor {unit_label} is gestemd. "
        f"Wijzigen kan {until} met de knoppen hieronder."
    )


def nudge_closed(poll_id: int, question: str, unit_label: str, voted: bool) -> str:
    state = (
        f"De stem voor {unit_label} telt mee." if voted else f"Voor {unit_label} is niet gestemd."
    )
    return (
        f"Stemming #{poll_id} is gesloten.\n<b>{question}</b>\n\n{state} "
        "De uitslag staat in de groep."
    )


def nudge_withdrawn(poll_id: int, question: str) -> str:
    return (
        f"Stemming #{poll_id} is ingetrokken door het bestuur; stemmen hoeft niet meer.\n"
        f"<b>{question}</b>"
    )


def nudge_scan_closed(poll_id: int) -> str:
    return f"Scan #{poll_id} is gesloten; antwoorden tellen niet meer mee."
