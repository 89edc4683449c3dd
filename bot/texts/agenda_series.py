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

# --- single occurrences --------------------------------------------------------------------

OCCURRENCE_NOT_FOUND = "Die keer hoort niet (meer) bij deze reeks."
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

# --- vote deadlines ------------------------------------------------------------------------

DEADLINE_TITLE = "Stemming #{number} sluit: {title}"
DEADLINE_DESCRIPTION = "Stem via {link} (sluit {moment})."
