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

EXPORT_REASONS_HEADER = ("lid", "toelichting")
EXPORT_ROSTER_HEADER = ("apotheek", "agb_code", "leden")
EXPORT_SCAN_HEADER = ("niveau", "stelling", "1", "2", "3", "4", "5", "gemiddeld")
EXPORT_CLOSING_HEADER = ("tijdstip", "door", "oude_sluiting", "nieuwe_sluiting")


def export_votes_caption(poll_id: int, events: int, secret: bool) -> str:
    word = "stem" if events == 1 else "stemmen"
    base = f"Stemming #{poll_id}: {events} {word} (elke wijziging apart)."
    if secret:
        return base + " Geheime stemming: zonder keuze."
    return base


def export_reasons_caption(poll_id: int, secret: bool) -> str:
    if secret:
        return f"Stemming #{poll_id}: toelichtingen, zonder namen (geheime stemming)."
    return f"Stemming #{poll_id}: toelichtingen bij de stemmen."


def export_representation_caption(poll_id: int, count: int) -> str:
    word = "apotheek" if count == 1 else "apotheken"
    return f"Vertegenwoordigingslijst bij stemming #{poll_id}: {count} {word} stemden voor."


def export_closing_caption(poll_id: int, changes: int) -> str:
    return f"Stemming #{poll_id}: sluitingstijd {changes} keer verplaatst door het bestuur."


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


NO_CLOSING_TIME = "Sluit: als het bestuur hem sluit (/sluit)"
NO_CLOSING_SHORT = "bij sluiting door het bestuur"


def unit_line(unit_singular: str) -> str:
    return f"Eén stem per {unit_singular}."


def rules_line(quorum: str, threshold: str) -> str:
    return f"Quorum: {quorum} · drempel: {threshold} van voor + tegen."


MULTIPLE_HINT = "Meerkeuze: tik op meerdere opties; tik nog eens om een keuze in te trekken."
SECRET_NOTE = "Geheime stemming: tot de sluiting zie je alleen de opkomst."
CHANGE_HINT = "Je kunt je stem tot de sluiting wijzigen."
CLOSED_SEE_RESULT = "<b>Gesloten.</b> De uitslag staat hieronder."


def turnout_plain(voted: int, eligible: int, percent: str, unit_plural: str) -> str:
    """Turnout without markup, for chart subtitles."""
    return f"Opkomst: {voted} van {eligible} {unit_plural} ({percent})"


def scan_turnout_line(complete: int, members: int) -> str:
    return f"Ingevuld: {complete} van {members} leden"


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
    if current is not None:
        lines.append(f"Je gaf eerder: {current} ({SCALE_LABELS[current]}).")
    return "\n".join(lines)


def scan_saved(score: int) -> str:
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
VOTE_CLOSED = "Deze stemming is gesloten. Je stem is niet meer meegeteld."
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
    labels: list[str], *, changed: bool, units: int, unit: object, poll_id: int
) -> str:
    if not labels:
        return "Je hebt je keuzes ingetrokken. Je kunt tot de sluiting opnieuw kiezen."
    choice = ", ".join(labels)
    first = (
        f"Je stem is gewijzigd in: {choice}." if changed else f"Je stem is vastgelegd: {choice}."
    )
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


# --- board tools ------------------------------------------------------------------------------

SENT_PRIVATELY = "Ik heb het je privé gestuurd."


def start_private_first(bot_username: str) -> str:
    return (
        f"Ik kan je nog geen privébericht sturen. Open eerst een gesprek met mij "
        f"(@{bot_username}), tik op Start en probeer het opnieuw."
    )


def poll_not_found(poll_id: int) -> str:
    return f"Stemming #{poll_id} ken ik niet bij jullie organisatie. Zie /stemmingen."


def poll_number_invalid(text: str) -> str:
    return f"'{text}' is geen stemmingsnummer."


def poll_already_closed(poll_id: int) -> str:
    return f"Stemming #{poll_id} is al gesloten. De uitslag zie je met /uitslag {poll_id}."


def poll_closed_elsewhere(poll_id: int) -> str:
    return f"Stemming #{poll_id} is gesloten; de uitslag staat in de groep."


def poll_posted_elsewhere(poll_id: int, org_name: str) -> str:
    return f"Geplaatst in de groep van {org_name} als stemming #{poll_id}."


CLOSE_USAGE = "Welke stemming wil je sluiten? Bijvoorbeeld <code>/sluit 3</code>. Zie /stemmingen."
RESULT_USAGE = "Van welke stemming wil je de uitslag? Bijvoorbeeld <code>/uitslag 3</code>."
EXPORT_USAGE = "Welke stemming wil je exporteren? Bijvoorbeeld <code>/export 3</code>."
REMIND_USAGE = (
    "Voor welke stemming stuur ik een herinnering? Bijvoorbeeld <code>/herinner 3</code>."
)
TURNOUT_USAGE = "Van welke stemming wil je de opkomst zien? Bijvoorbeeld <code>/opkomst 3</code>."
OUTCOME_USAGE = (
    "Zo voeg je de uitkomst toe: <code>/uitkomst 3 Het bestuur tekent het RESV-plan.</code>"
)


MOVE_USAGE = (
    "Zo verplaats je de sluiting van een open stemming: <code>/verleng 3 vrijdag 12:00</code>, "
    "<code>/verleng 3 15-12-2026 17:00</code> of <code>/verleng 3 over 2 dagen</code>. "
    "Eerder sluiten mag, maar niet binnen een uur. Zie /stemmingen voor de nummers."
)


def move_done(poll_id: int, moment: str) -> str:
    return f"De sluiting van stemming #{poll_id} is verplaatst naar {moment}."


def move_unchanged(moment: str) -> str:
    return f"De stemming sluit al op {moment}; er is niets veranderd."


def move_too_soon(moment: str, hours: int) -> str:
    return (
        f"Eerder sluiten kan alleen als er nog minstens {hours} uur over is, zodat iedereen "
        f"kan stemmen. {moment} is te snel; kies een later moment of sluit nu met /sluit."
    )


def outcome_while_open(poll_id: int) -> str:
    return f"Stemming #{poll_id} is nog open. Voeg de uitkomst toe na de sluiting."


def outcome_too_long(length: int, limit: int) -> str:
    return f"De uitkomst is {length} tekens lang; het maximum is {limit}."


def outcome_posted(poll_id: int, question: str, text: str) -> str:
    return f"<b>Uitkomst van stemming #{poll_id}</b>\n<i>{question}</i>\n\n{text}"


def outcome_saved(poll_id: int) -> str:
    return f"De uitkomst van stemming #{poll_id} is opgeslagen en in de groep geplaatst."


def reminder_report(poll_id: int, sent: int, problems: list[str]) -> str:
    word = "lid" if sent == 1 else "leden"
    lines = [f"Herinnering voor stemming #{poll_id} verstuurd aan {sent} {word}."]
    if problems:
        lines += ["", "<b>Deze heb ik niet kunnen bereiken:</b>"]
        lines += [f"• {problem}" for problem in problems[:60]]
        if len(problems) > 60:
            lines.append(f"… en nog {len(problems) - 60}.")
        lines += ["", "Vraag ze de bot één keer te starten, of neem zelf contact op."]
    return "\n".join(lines)


def reminders_sent(poll_id: int, sent: int) -> str:
    if sent == 0:
        return f"Iedereen heeft al gestemd bij stemming #{poll_id}; niemand te herinneren."
    word = "lid" if sent == 1 else "leden"
    return f"Herinnering voor stemming #{poll_id} verstuurd aan {sent} {word}."


def never_started(member: str, unit: str) -> str:
    if member == unit:
        return f"{member}: heeft de bot nooit gestart"
    return f"{member} ({unit}): heeft de bot nooit gestart"


def unreachable_unit(label: str) -> str:
    return f"{label}: geen lid met Telegram gekoppeld"


def unlinked_member(label: str) -> str:
    return f"{label}: nog niet bij de bot bekend (nooit iets gestuurd)"


def turnout_report_title(poll_id: int, question: str) -> str:
    return f"<b>Opkomst bij #{poll_id}</b>\n<i>{question}</i>"


def voted_heading(count: int) -> str:
    return f"<b>Gestemd ({count}):</b>"


def not_voted_heading(count: int) -> str:
    return f"<b>Nog niet gestemd ({count}):</b>"


NOBODY = "–"
TURNOUT_NEVER_HOW = "Wat iemand stemde, laat ik nooit zien."

NO_POLLS = "Er zijn nog geen stemmingen. Het bestuur start er een met /mandaat of /peiling."


def polls_title(org_name: str) -> str:
    return f"<b>Stemmingen van {org_name}</b>"


def poll_list_line(
    poll_id: int, kind: str, question: str, is_open: bool, closes: str | None
) -> str:
    state = ("open, sluit " + closes if closes else "open") if is_open else "gesloten"
    return f"#{poll_id} {kind}: {question} ({state})"


EDIT_USAGE = (
    "Zo wijzig je een vraag zolang er nog niet gestemd is: <code>/wijzig 3 Nieuwe vraag?</code>"
    " of voor een peiling <code>/wijzig 3 Vraag? | optie | optie</code>."
)
EDIT_SCAN = "De stellingen van de scan liggen vast; die kun je niet wijzigen."
EDIT_MANDATE_OPTIONS = "Een mandaatstemming heeft altijd Voor, Tegen en Onthouding."


def edit_locked(poll_id: int) -> str:
    return (
        f"Er is al gestemd bij #{poll_id}, dus vraag en opties liggen vast. "
        "Sluit hem en start een nieuwe als het echt anders moet."
    )


def edit_done(poll_id: int) -> str:
    return f"Stemming #{poll_id} is gewijzigd."


REASON_USAGE = "Zo licht je je stem toe: <code>/toelichting 3 Omdat …</code>"
REASON_PRIVATE_ONLY = "Stuur je toelichting in een privébericht aan mij, niet in de groep."


def reason_not_voted(poll_id: int) -> str:
    return f"Je hebt nog niet gestemd bij #{poll_id}. Stem eerst, dan kun je het toelichten."


def reason_too_long(length: int, limit: int) -> str:
    return f"Je toelichting is {length} tekens; het maximum is {limit}."


def reason_saved(poll_id: int, secret: bool) -> str:
    note = " Het bestuur ziet hem zonder je naam." if secret else ""
    return f"Dank je, je toelichting bij #{poll_id} is opgeslagen.{note}"


# --- organisations and roster ----------------------------------------------------------------

NO_ORGANISATION = (
    "Ik weet niet bij welke organisatie je hoort. Gebruik dit commando in de groep, "
    "of meld je aan met /aanmelden in de groep."
)
NO_BOARD_ORG = "Dit kan alleen het bestuur. Gebruik het commando in de groep van je organisatie."
CHOOSE_ORG = "Je bent bestuur van meer organisaties. Voor welke?"
USE_IN_GROUP = "Gebruik dit commando in de groep van die organisatie."

REGISTER_BUTTON = "Aanmelden"
REGISTER_WHERE = "Tik op /aanmelden in de groep van je organisatie; dan stuur ik je de juiste link."
REGISTER_UNKNOWN_ORG = "Die organisatie ken ik niet (meer). Vraag het bestuur om een nieuwe link."
REGISTER_NAME_EMPTY = "Ik heb de naam van je apotheek nodig. Hoe heet je apotheek?"
REGISTER_AGB_RETRY = "Stuur de AGB-code opnieuw (8 cijfers), of 'geen' als je hem niet weet."


def register_link(org_name: str, url: str) -> str:
    return (
        f"Aanmelden als lid van {org_name} gaat privé: tik op de knop "
        f'(of <a href="{url}">deze link</a>) en beantwoord twee vragen.'
    )


def register_already(org_name: str, pharmacies: str) -> str:
    return f"Je staat al op de ledenlijst van {org_name} ({pharmacies}). Je kunt gewoon stemmen."


def register_ask_name(org_name: str, pending: bool) -> str:
    note = "Je hebt al een aanmelding lopen; deze vervangt die.\n" if pending else ""
    return (
        f"{note}Je meldt je aan bij <b>{org_name}</b>. Hoe heet je apotheek?\n"
        "(Stoppen kan met /stop.)"
    )


def register_name_too_long(limit: int) -> str:
    return f"Die naam is langer dan {limit} tekens. Hoe heet je apotheek?"


def register_ask_agb(name: str) -> str:
    return (
        f"Dank je. Wat is de AGB-code van {name}? Dat zijn 8 cijfers, bijvoorbeeld 06012345. "
        "Weet je hem niet, stuur dan 'geen'."
    )


def register_agb_mismatch(name: str) -> str:
    return (
        f"Volgens de ledenlijst heeft {name} een andere AGB-code. Controleer de code, of stuur "
        "'geen' en laat het bestuur het nakijken."
    )


def register_agb_known(agb: str, name: str) -> str:
    return f"AGB-code {agb} hoort volgens de ledenlijst bij {name}; ik meld je daarvoor aan."


def register_done(org_name: str, pharmacy: str, agb: str | None) -> str:
    code = f" (AGB {agb})" if agb else ""
    return (
        f"Je aanmelding voor {pharmacy}{code} bij {org_name} is binnen. Het bestuur keurt hem "
        "goed; daarna kun je stemmen. Je hoort het van mij."
    )


def register_notice(member: str, pharmacy: str) -> str:
    return (
        f"Nieuwe aanmelding: {member} voor {pharmacy}. Het bestuur kan hem goedkeuren via /leden."
    )


def members_title(org_name: str, pharmacies: int, unit_singular: str) -> str:
    word = "apotheek" if pharmacies == 1 else "apotheken"
    return f"<b>Ledenlijst van {org_name}</b>: {pharmacies} {word}, één stem per {unit_singular}."


def pharmacy_line(name: str, agb: str | None, members: list[str]) -> str:
    code = f" (AGB {agb})" if agb else ""
    people = ", ".join(members) if members else "<i>nog geen lid gekoppeld</i>"
    return f"• {name}{code}: {people}"


ROSTER_EMPTY_HINT = (
    "Nog leeg. Stuur een CSV-bestand met <code>apotheek;agb;telegram</code>, "
    "of laat leden zich aanmelden met /aanmelden."
)
NO_PENDING = "Geen openstaande aanmeldingen."


def pending_title(count: int) -> str:
    return f"<b>Aanmeldingen die wachten ({count}):</b>"


def pending_line(member_id: int, member: str, pharmacy: str, agb: str | None) -> str:
    code = f", AGB {agb}" if agb else ", geen AGB-code"
    return f"{member_id}. {member}: {pharmacy}{code}"


def approve_button(member_id: int) -> str:
    return f"✅ {member_id} goedkeuren"


def reject_button(member_id: int) -> str:
    return f"❌ {member_id} afwijzen"


REQUEST_UNKNOWN = "Deze aanmelding ken ik niet (meer)."
REQUEST_DECIDED = "Deze aanmelding is al afgehandeld."


def request_answer(approved: bool, label: str) -> str:
    return f"Goedgekeurd: {label}." if approved else f"Afgewezen: {label}."


def member_approved_dm(org_name: str, pharmacy: str) -> str:
    return (
        f"Goed nieuws: je staat op de ledenlijst van {org_name} voor {pharmacy}. "
        "Je kunt nu stemmen."
    )


def member_rejected_dm(org_name: str) -> str:
    return (
        f"Het bestuur van {org_name} heeft je aanmelding niet goedgekeurd. "
        "Denk je dat dit niet klopt? Neem contact op met het bestuur."
    )


CSV_NOT_BOARD = "Alleen het bestuur kan een ledenlijst sturen."
CSV_SEVERAL_ORGS = (
    "Je bent bestuur van meer organisaties. Stuur het bestand in de groep van de juiste."
)
CSV_DOWNLOAD_FAILED = "Ik kon het bestand niet ophalen. Probeer het nog eens."


def roster_agb_taken(line: int, agb: str, name: str) -> str:
    return f"regel {line}: AGB-code {agb} hoort op de ledenlijst al bij '<i>{name}</i>'"


def roster_imported(
    org_name: str, added: int, updated: int, unchanged: int, members: int, total: int
) -> str:
    return (
        f"Ledenlijst van {org_name} bijgewerkt: {added} nieuw, {updated} bijgewerkt, "
        f"{unchanged} ongewijzigd; {members} Telegram-gebruikers toegevoegd. "
        f"Er staan nu {total} apotheken op de lijst. Apotheken die niet in het bestand staan, "
        "blijven staan."
    )


UNIT_USAGE = "Kies <code>/stemwijze apotheek</code> of <code>/stemwijze lid</code>."


def unit_current(unit_singular: str) -> str:
    return f"Nu geldt: één stem per {unit_singular}. " + UNIT_USAGE


def unit_set(unit_singular: str) -> str:
    return f"Vanaf nu: één stem per {unit_singular} bij nieuwe stemmingen."


# --- linking groups to one organisation (/koppelcode, /koppel, /ontkoppel, /organisatie) -------

NOTHING_CHANGED = "Er is niets veranderd."
LINK_GROUP_ONLY = (
    "Groepen koppelen doe je in de groepen zelf: typ /koppelcode in een groep van je "
    "organisatie en daarna <code>/koppel CODE</code> in de groep die erbij moet."
)
LINK_USAGE = (
    "Gebruik: <code>/koppel CODE</code>. De code maak je met /koppelcode in een groep van de "
    "organisatie waar deze groep bij moet."
)
LINK_NOT_BOARD = "Koppelen kan alleen een beheerder van deze groep. " + NOTHING_CHANGED
UNLINK_NOT_BOARD = "Losmaken kan alleen een beheerder van deze groep. " + NOTHING_CHANGED
UNLINK_NOT_LINKED = "Deze groep hoort nog bij geen organisatie; er is niets los te maken."


def link_code_created(code: str, org_name: str, until: str) -> str:
    return (
        f"🔗 Koppelcode voor <b>{org_name}</b>: <code>{code}</code>\n"
        f"Eenmalig te gebruiken, geldig tot {until}.\n\n"
        "Volgende stap: voeg mij toe aan de andere groep en laat een beheerder daar "
        f"<code>/koppel {code}</code> typen. Die groep deelt dan de ledenlijst, stemmingen en "
        "uitslagen met deze groep."
    )


def link_unknown(code: str) -> str:
    return (
        f"De code <code>{code}</code> ken ik niet. Controleer hem, of maak een nieuwe met "
        "/koppelcode in de andere groep. " + NOTHING_CHANGED
    )


def link_expired(code: str) -> str:
    return (
        f"De code <code>{code}</code> is verlopen (een code is 24 uur geldig). Maak een nieuwe "
        "met /koppelcode in de andere groep. " + NOTHING_CHANGED
    )


def link_used(code: str) -> str:
    return (
        f"De code <code>{code}</code> is al gebruikt; een code werkt maar één keer. Maak een "
        "nieuwe met /koppelcode in de andere groep. " + NOTHING_CHANGED
    )


def link_already(org_name: str) -> str:
    return f"Deze groep hoort al bij <b>{org_name}</b>. " + NOTHING_CHANGED


def link_has_data(current_name: str, target_name: str) -> str:
    return (
        f"Deze groep hoort al bij <b>{current_name}</b>, met een eigen ledenlijst of eigen "
        f"stemmingen. Die voeg ik niet samen met <b>{target_name}</b>. " + NOTHING_CHANGED + "\n\n"
        "Wil je toch één organisatie? Koppel dan andersom: typ hier /koppelcode en gebruik die "
        "code in de andere groep (dat kan zolang die groep nog geen leden of stemmingen heeft)."
    )


def linked(org_name: str) -> str:
    return (
        f"✅ Deze groep is nu gekoppeld aan <b>{org_name}</b>: ledenlijst, stemmingen en "
        "uitslagen zijn gedeeld. Met /organisatie zie je alle groepen."
    )


def linked_notice(group_title: str, org_name: str) -> str:
    return f"🔗 De groep <b>{group_title}</b> is nu gekoppeld aan <b>{org_name}</b>."


def unlinked(org_name: str) -> str:
    return (
        f"Deze groep is losgemaakt van <b>{org_name}</b>. De ledenlijst, stemmingen en uitslagen "
        f"van {org_name} zie je hier niet meer; gebruik je hier weer een functie, dan krijgt deze "
        "groep een eigen, nieuwe organisatie."
    )


def unlink_last_group(org_name: str) -> str:
    return (
        f"Deze groep is de enige groep van <b>{org_name}</b>; losmaken kan dan niet. "
        + NOTHING_CHANGED
    )


def unlinked_notice(group_title: str, org_name: str) -> str:
    return f"De groep <b>{group_title}</b> is losgemaakt van <b>{org_name}</b>."


def organisation_overview(
    org_name: str,
    groups: list[str],
    pharmacies: int,
    members: int,
    unit_singular: str,
) -> str:
    pharmacy_word = "apotheek" if pharmacies == 1 else "apotheken"
    member_word = "lid" if members == 1 else "leden"
    group_word = "groep" if len(groups) == 1 else "groepen"
    lines = [
        f"🏢 <b>{org_name}</b>",
        f"Gekoppelde {group_word} ({len(groups)}):",
        *(f"• {title}" for title in groups),
        f"Ledenlijst: {pharmacies} {pharmacy_word}, {members} {member_word}; "
        f"één stem per {unit_singular}.",
    ]
    return "\n".join(lines)


THIS_GROUP = " (deze groep)"
ORGANISATION_LINK_HINT = "Nog een groep erbij? Een beheerder typt /koppelcode."


def unknown_group(chat_id: int) -> str:
    return f"Groep {chat_id}"


# --- guided /mandaat and conversations ----------------------------------------------------------

GUIDED_ASK_QUESTION = (
    "Wat is de vraag aan de leden? Bijvoorbeeld: Geef je het bestuur mandaat voor het RESV-plan?"
)
GUIDED_ASK_CLOSE = (
    "Wanneer sluit de stemming? Bijvoorbeeld <code>15-12-2026 17:00</code>, "
    "<code>15 december 17:00</code> of <code>vrijdag 12:00</code>."
)
GUIDED_CLOSE_RETRY = "Stuur het sluitmoment opnieuw."
GUIDED_ASK_QUORUM = (
    "Welk deel van de stemgerechtigden moet stemmen (quorum)? Bijvoorbeeld <code>85%</code>, "
    "of 'standaard' voor minstens 50 %."
)
GUIDED_ASK_THRESHOLD = (
    "Welk deel van voor + tegen moet voor zijn (drempel)? Bijvoorbeeld <code>2/3</code>, "
    "of 'standaard' voor meer dan de helft."
)
GUIDED_POST_BUTTON = "Plaatsen"
GUIDED_STOP_BUTTON = "Annuleren"
GUIDED_USE_BUTTONS = "Tik op Plaatsen of Annuleren onder de samenvatting."
GUIDED_GONE = "Dit gesprek is al afgerond."
GUIDED_STOPPED = "Gestopt; er is niets geplaatst."
GUIDED_CLOSE_PASSED = "Het sluitmoment is inmiddels voorbij. Stuur een nieuw sluitmoment."
GUIDED_MOVED_PRIVATE = "Ik stel je de vragen privé; kijk in je gesprek met mij."


def guided_intro(org_name: str) -> str:
    return (
        f"Nieuwe mandaatstemming voor <b>{org_name}</b>. Ik stel je vier korte vragen "
        f"(stoppen kan met /stop).\n\n{GUIDED_ASK_QUESTION}"
    )


def guided_start_link(url: str) -> str:
    return (
        "Ik stel je de vragen privé, maar je hebt nog geen gesprek met mij. "
        f'Tik op <a href="{url}">deze link</a> en daarna op Start.'
    )


def guided_summary(question: str, closes: str, quorum: str, threshold: str) -> str:
    return (
        f"<b>Klopt dit?</b>\n{question}\nSluit: {closes}\nQuorum: {quorum}\n"
        f"Drempel: {threshold} van voor + tegen\nDe stemming is geheim."
    )


CANCELLED = "Gestopt. Er is niets opgeslagen."
NOTHING_TO_CANCEL = "Er loopt geen gesprek om te stoppen."

# Command menu and /help descriptions
CMD_AANMELDEN = "Meld je aan als lid met je apotheek"
CMD_STEMMINGEN = "Lopende en recente stemmingen"
CMD_UITSLAG = "Uitslag van een stemming"
CMD_TOELICHTING = "Licht je stem toe (privé)"
CMD_STOP = "Stop het gesprek dat je met mij voert (aanmelden, mandaat)"
CMD_MANDAAT = "Start een mandaatstemming"
CMD_PEILING = "Start een snelle peiling"
CMD_SCAN = "Start de volwassenheidsscan"
CMD_SLUIT = "Sluit een stemming nu"
CMD_VERLENG = "Verplaats de sluiting van een open stemming"
CMD_HERINNER = "Herinner wie nog niet stemde"
CMD_OPKOMST = "Wie heeft (nog niet) gestemd"
CMD_UITKOMST = "Voeg de uitkomst toe aan een stemming"
CMD_EXPORT = "Exporteer stemmen en vertegenwoordigingslijst"
CMD_WIJZIG = "Wijzig een vraag zolang niemand stemde"
CMD_LEDEN = "Ledenlijst en aanmeldingen"
CMD_STEMWIJZE = "Eén stem per apotheek of per lid"
CMD_ORGANISATIE = "Je organisatie: naam, gekoppelde groepen en ledenlijst"
CMD_KOPPELCODE = "Code om een andere groep aan deze organisatie te koppelen"
CMD_KOPPEL = "Koppel deze groep met een code aan een organisatie"
CMD_ONTKOPPEL = "Maak deze groep los van de organisatie"


# File names of what the bot sends (members see them in their chat and downloads)
FILE_ROSTER = "ledenlijst.csv"


def file_votes(poll_id: int) -> str:
    return f"stemming-{poll_id}-stemmen.csv"


def file_reasons(poll_id: int) -> str:
    return f"stemming-{poll_id}-toelichtingen.csv"


def file_closing_changes(poll_id: int) -> str:
    return f"stemming-{poll_id}-sluitingstijd.csv"


def file_representation(poll_id: int) -> str:
    return f"vertegenwoordigingslijst-{poll_id}.csv"


def file_scan(poll_id: int) -> str:
    return f"scan-{poll_id}.csv"


def file_chart(poll_id: int) -> str:
    return f"uitslag-{poll_id}.png"
