"""Dutch texts of the agenda feature (agenda view, lead times, .ics import)."""

from __future__ import annotations

AGENDA_HEADER = "<b>Agenda</b> – komende {days} dagen"
AGENDA_EMPTY = "Er staat de komende {days} dagen niets in de agenda."
AGENDA_EXPECTED = "(verwacht)"
AGENDA_MORE = "… en nog {count} andere. Exporteer de agenda als .ics voor het volledige overzicht."
AGENDA_EXPECTED_NOTE = (
    "<i>(verwacht) = datum volgt uit het jaarlijkse patroon, nog niet bevestigd.</i>"
)

LEAD_EMPTY = "Geef minstens één herinnertijd, bijvoorbeeld '14d 3d 2u'."
LEAD_BAD_TOKEN = (
    "'{token}' snap ik niet als herinnertijd. Gebruik een getal met w (weken), d (dagen), "
    "u (uren) of m (minuten), bijvoorbeeld '14d 3d 2u'."
)
LEAD_ZERO = "'{token}' is geen herinnertijd: kies minstens 1 minuut van tevoren."
LEAD_TOO_FAR = "'{token}' is te ver van tevoren. Het maximum is {max_days} dagen."
LEAD_TOO_MANY = "Dat zijn te veel herinneringen. Kies er hoogstens {max_count}."

ICS_TOO_LARGE = "Dit bestand is te groot (meer dan {max_mb} MB). Exporteer een kleinere periode."
ICS_NOT_CALENDAR = (
    "Dit is geen agendabestand (.ics). Exporteer je agenda als iCalendar en probeer het opnieuw."
)
ICS_NO_EVENTS = "Er staan geen afspraken in dit agendabestand."
ICS_NONE_UPCOMING = "Er staan geen afspraken in de komende {days} dagen in dit agendabestand."
ICS_TOO_MANY = (
    "Dit bestand bevat meer dan {max_count} afspraken in de komende {days} dagen. "
    "Exporteer alleen de afspraken die je nodig hebt."
)
ICS_UNTITLED = "(zonder titel)"
ICS_ALARM = "Herinnering: {title}"


def lead_label(amount: int, unit: str) -> str:
    """Dutch words for a lead time: '14 dagen', '1 week', '2 uur', '30 minuten'."""
    if unit == "w":
        return f"{amount} {'week' if amount == 1 else 'weken'}"
    if unit == "d":
        return f"{amount} {'dag' if amount == 1 else 'dagen'}"
    if unit == "u":
        return f"{amount} uur"
    return f"{amount} {'minuut' if amount == 1 else 'minuten'}"
