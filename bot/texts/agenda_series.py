"""Dutch texts of the agenda domain: recurrence rules, series starts, end times, single
occurrences, .ics import budgets and plans, and vote deadlines."""

from __future__ import annotations

# --- recurrence rules (RRULE) --------------------------------------------------------------

RULE_UNREADABLE = "De herhaling '{rule}' kan ik niet lezen."
RULE_TOO_FREQUENT = (
    "Een herhaling per {freq_nl} (FREQ={freq}) neem ik niet over: zo vaak kan ik niet "
    "herinneren. Herhalingen kunnen per dag, week, maand of jaar."
)
FREQ_WORDS = {"SECONDLY": "seconde", "MINUTELY": "minuut", "HOURLY": "uur"}
RULE_UNSUPPORTED = "Deze herhaling gebruikt onderdelen die ik niet ken ({parts})."
RULE_NEVER = "De herhaling '{rule}' valt de komende twee jaar op geen enkele datum."
RULE_TOO_SLOW = (
    "Dit agendabestand is te zwaar om door te rekenen. Exporteer een kleinere periode of "
    "minder herhalingen."
)
RULE_TOO_MANY = (
    "Deze herhaling geeft meer dan {max_count} afspraken. Kies een herhaling die minder vaak "
    "voorkomt."
)
RULE_CUSTOM = "volgens een eigen herhaling"

AGENDA_ALL_DAY = "hele dag"

# --- descriptions of rules -----------------------------------------------------------------

EVERY_DAY = "elke dag"
EVERY_WORKDAY = "elke werkdag"
EVERY_WEEK = "elke week"
EVERY_OTHER_WEEK = "om de week"
EVERY_N_WEEKS = "elke {n} weken"
EVERY_WEEKDAYS = "elke {days}"
EVERY_OTHER_WEEK_ON = "om de week op {days}"
EVERY_N_WEEKS_ON = "elke {n} weken op {days}"
EVERY_MONTH = "elke maand"
EVERY_NTH_WEEKDAY = "elke {ordinal} {day} van de maand"
EVERY_MONTHDAY = "elke maand op de {day}e"
EVERY_N_MONTHS_SUFFIX = ", om de {n} maanden"
EVERY_YEAR = "elk jaar"
EVERY_N_YEARS = "elke {n} jaar"
TIMES_SUFFIX = ", {count} keer"
UNTIL_SUFFIX = ", tot en met {day}"
ORDINAL_WORDS = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde", 5: "vijfde", -1: "laatste"}

# --- /vergadering: series start, end time, questions ---------------------------------------

SERIES_FIRST = "Eerste keer: {first}."
SERIES_FIRST_MOVED = (
    "Eerste keer: {first}. {typed} past niet bij ‘{rule}’, dus de reeks begint op de "
    "eerstvolgende datum die wel past."
)
MEETING_END_LINE = "🕘 tot {end}"
DURATION_UNREADABLE = (
    "'{text}' snap ik niet als duur. Typ bijvoorbeeld <code>/vergaderduur 90 min</code>, "
    "<code>/vergaderduur 2u</code> of <code>/vergaderduur 1u30</code>."
)
DURATION_RANGE = "Kies een duur tussen 5 minuten en 24 uur."
DURATION_CURRENT = (
    "Een vergadering zonder eindtijd duurt in deze groep {length}{default}. Met "
    "<code>tot 21:30</code> achter de begintijd geef je één vergadering een eigen eindtijd."
)
DURATION_DEFAULT_MARK = " (standaard)"
DURATION_HOW_TO_CHANGE = (
    "Het bestuur wijzigt dit met bijvoorbeeld <code>/vergaderduur 90 min</code>, of terug "
    "naar de standaard met <code>/vergaderduur standaard</code>."
)
DURATION_SET = "Ingesteld. {current}"
MEETING_END_BEFORE_START = (
    "De eindtijd {end} ligt vóór de begintijd {start}. Schrijf bijvoorbeeld "
    "<code>19:30 tot 21:30</code>."
)
MEETING_TIME_IN_TITLE = (
    "Ik lees '{moment}' als moment, maar '{time}' staat daar los achter. Zet de tijd direct "
    "bij de dag, bijvoorbeeld <code>/vergadering over 2 weken 20:00 Bestuur</code>."
)
QUESTION_ORDINAL_RULE = (
    "Wat bedoel je met ‘{phrase}’? Dat kan twee dingen zijn:\n"
    "{choices}\n"
    "Kies er een, of typ het opnieuw met ‘van de maand’ of ‘om de week’ erbij."
)
CHOICE_LINE = "{rule}, eerste keer {first}"
MEETING_DUPLICATE = (
    "Er staat al een vergadering <b>{title}</b> op {moment}. Wil je deze er nog een keer bij "
    "zetten?"
)
DUPLICATE_YES = "Ja, zet hem er nog een keer bij"
DUPLICATE_NO = "Nee, niet toevoegen"
DUPLICATE_DROPPED = "Oké, ik heb niets toegevoegd."
QUESTION_EXPIRED = "Deze vraag is verlopen of al beantwoord. Typ het commando opnieuw."

# --- single occurrences --------------------------------------------------------------------

OCCURRENCE_NOT_FOUND = "Die keer hoort niet (meer) bij deze reeks."
SERIES_MARK = "reeks"
CANCEL_WHICH = "Welke keer van <b>{title}</b> wil je annuleren?"
CANCEL_SCOPE_QUESTION = "<b>{title}</b> op {moment}: wat wil je annuleren?"
CANCEL_ONLY_THIS = "Alleen deze keer"
CANCEL_THIS_AND_LATER = "Deze en volgende"
CANCEL_WHOLE_SERIES = "De hele reeks"
CANCEL_DONE_ONE = (
    "Geannuleerd: <b>{title}</b> op {moment}, alleen deze keer. De rest van de reeks blijft "
    "staan; de herinneringen voor deze keer zijn ingetrokken."
)
CANCEL_DONE_LATER = (
    "Geannuleerd: <b>{title}</b> vanaf {moment}. De keren daarvoor blijven staan; de "
    "herinneringen voor de geannuleerde keren zijn ingetrokken."
)
MOVE_USAGE = (
    "Zo verplaats je één vergadering (bij een reeks alleen die keer):\n"
    "<code>/verplaats 14-01-2027 20:00</code>\n"
    "Daarna kies je welke vergadering naar dat moment gaat."
)
MOVE_CHOOSE = "Welke vergadering verplaats je naar {moment}?"
MOVE_NONE = "Er staan geen komende vergaderingen in de agenda om te verplaatsen."
MOVE_DONE = "Verplaatst: <b>{title}</b> van {old} naar {new}. De herinneringen zijn aangepast."
MOVE_DONE_ONE = (
    "Verplaatst: <b>{title}</b> van {old} naar {new}, alleen deze keer. De rest van de reeks "
    "blijft staan; de herinneringen zijn aangepast."
)
OCCURRENCE_NOT_SERIES = "Dit is geen reeks; er is maar één keer."
OCCURRENCE_MOVE_ONTO_OTHER = "Op {moment} staat al een keer van deze reeks."

# --- .ics import ---------------------------------------------------------------------------

ICS_TOO_MANY_COMPONENTS = (
    "Dit bestand bevat {count} afspraken; ik neem er hoogstens {max_count} in één keer over. "
    "Exporteer alleen de periode of de agenda die je nodig hebt."
)
ICS_SERIES_EXPANDED = (
    "De reeks '{title}' had losse extra data; die zijn als losse afspraken overgenomen."
)
ICS_REMOVED_HEADER = (
    "Deze afspraken stonden eerder in hetzelfde agendabestand maar ontbreken nu. Wil je ze "
    "annuleren?"
)
ICS_REMOVED_YES = "Ja, annuleer ze"
ICS_REMOVED_NO = "Nee, laat ze staan"
ICS_REMOVED_KEPT = "Oké, die afspraken blijven in de agenda staan."
ICS_REMOVED_DONE = "Geannuleerd ({count}): {titles}. De herinneringen zijn ingetrokken."

# --- vote deadlines ------------------------------------------------------------------------

DEADLINE_TITLE = "Stemming #{number} sluit: {title}"
DEADLINE_TITLE_AT = "Stemming #{number} sluit om {time}: {title}"
DEADLINE_LINK = "stemmen"
VOTE_LINK_INFO = (
    "<b>Stemming #{number}</b>: {question}\n"
    "Sluit {moment}. Stemmen doe je bij het stembericht in <b>{group}</b>."
)
VOTE_LINK_CLOSED = "Deze stemming is gesloten of niet (meer) voor jou te zien."
DEADLINE_DESCRIPTION = "Stem via {link} (sluit {moment})."
