"""Dutch replies to date and time input that cannot be used (shared by votes and agenda)."""

MSG_EMPTY = "Ik mis een datum en tijd. Typ bijvoorbeeld '15-12-2026 17:00' of 'vrijdag 12:00'."
MSG_UNPARSEABLE = (
    "Ik snap '{text}' niet als moment. Typ bijvoorbeeld '15-12-2026 17:00', "
    "'15 december 17:00' of 'vrijdag 12:00'."
)
MSG_NEED_TIME = "Om hoe laat? Zet er een tijd bij, bijvoorbeeld '{text} 17:00'."
MSG_NEED_DAY = (
    "Ik mis de dag. Typ datum én tijd, bijvoorbeeld '15-12-2026 17:00' of 'morgen 17:00'."
)
MSG_BAD_TIME = "{text} is geen geldige tijd. Gebruik uren 0-23 en minuten 0-59, zoals 17:30."
MSG_BAD_MONTH = "Maand {month} bestaat niet. Gebruik 1 tot en met 12."
MSG_NO_SUCH_DAY = "{day} {month} {year} bestaat niet."
MSG_NO_SUCH_DAY_NO_YEAR = "{day} {month} bestaat niet."
MSG_WEEKDAY_MISMATCH = "{day} is een {actual}, geen {given}. Welke van de twee bedoel je?"
MSG_PAST = "{moment} ligt in het verleden. Kies een moment in de toekomst."
MSG_PART_OF_DAY = (
    "{time} en 'in de {part}' gaan niet samen. Schrijf de tijd zoals op de klok, "
    "bijvoorbeeld 20:00 voor 8 uur 's avonds."
)
MSG_DST_FOLD = (
    "{time} komt op {day} twee keer voor: dan gaat de klok een uur terug (wintertijd). "
    "Kies een andere tijd."
)
MSG_DST_GAP = (
    "{time} bestaat niet op {day}: dan gaat de klok een uur vooruit (zomertijd). "
    "Kies een andere tijd."
)
MSG_RELATIVE_TOO_FAR = "Dat is te ver weg. Kies een moment binnen {days} dagen."
MSG_RECURRENCE_UNKNOWN = (
    "Ik snap '{text}' niet als herhaling. Probeer 'elke week', 'om de week', 'elke dinsdag', "
    "'elke tweede dinsdag van de maand', 'maandelijks' of 'elke laatste vrijdag'."
)
MSG_NEED_TIME_RELATIVE = "Om hoe laat? Zet er een tijd bij, bijvoorbeeld '{text} 17:00'."
MSG_AMBIGUOUS_WEEKDAY = (
    "Met '{text}' kun je twee dagen bedoelen: {first} of {second}. Welke van de twee? "
    "Typ bijvoorbeeld 'aanstaande' of 'volgende week' ervoor, of de datum zelf."
)
