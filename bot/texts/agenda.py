"""Dutch texts of the agenda feature (agenda view, lead times, .ics import)."""

from __future__ import annotations

from bot.texts.common import join_words as join_words  # agenda handlers use texts.join_words
from bot.texts.common import one_or_many, plural

AGENDA_HEADER = "<b>Agenda</b> – komende {days} dagen"
AGENDA_EMPTY = "Er staat de komende {days} dagen niets in de agenda."
AGENDA_EXPECTED = "(verwacht)"
AGENDA_MORE = "… en nog {count} andere. Exporteer de agenda als .ics voor het volledige overzicht."
AGENDA_EXPECTED_NOTE = (
    "<i>(verwacht) = datum nog niet bevestigd: een streefdatum, alleen het kwartaal bekend, "
    "of afgeleid uit het jaarlijkse patroon.</i>"
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
        return plural(amount, "week", "weken")
    if unit == "d":
        return plural(amount, "dag", "dagen")
    if unit == "u":
        return f"{amount} uur"
    return plural(amount, "minuut", "minuten")


# --- commands ------------------------------------------------------------------------------

CMD_AGENDA = "Agenda van de komende 60 dagen"
CMD_ICS = "Agenda als .ics-bestand voor je eigen agenda"
CMD_FOLLOW = "Herinneringen van de groep ook privé krijgen"
CMD_UNFOLLOW = "Geen privé-herinneringen meer"
CMD_MEETING = "Vergadering toevoegen"
CMD_CANCEL = "Vergadering annuleren (ook één keer van een reeks)"
CMD_MOVE = "Eén vergadering verplaatsen"
CMD_DURATION = "Standaardduur van vergaderingen bekijken of instellen"
CMD_SUBSCRIBE = "Groep abonneren op een planning met deadlines"
CMD_UNSUBSCRIBE = "Abonnement op een planning opzeggen"
CMD_LEADS = "Herinnertijden bekijken of instellen"
USAGE_MEETING = "/vergadering <moment> [tot <eindtijd>] <titel> [| <plaats>] [| <herhaling>]"
USAGE_MOVE = "/verplaats <nieuw moment>"
USAGE_DURATION = "/vergaderduur 90 min"
USAGE_LEADS = "/herinneringen 14d 3d 2u"

# --- permissions and places ----------------------------------------------------------------

GROUP_ONLY = "Dit werkt in de groep. Typ het commando daar."
NOT_BOARD = "Alleen het bestuur (de beheerders van de groep) kan {action}. Er is niets opgeslagen."
ACTION_ADD_MEETING = "vergaderingen toevoegen"
ACTION_CANCEL_MEETING = "vergaderingen annuleren"
ACTION_MOVE_MEETING = "vergaderingen verplaatsen"
ACTION_SUBSCRIBE = "de groep op een planning abonneren"
ACTION_UNSUBSCRIBE = "abonnementen opzeggen"
ACTION_LEADS = "de herinnertijden wijzigen"
ACTION_DURATION = "de standaardduur van vergaderingen wijzigen"
ACTION_IMPORT = "afspraken uit een agendabestand importeren"
BUTTON_NOT_BOARD = "Alleen het bestuur kan dit."

# --- /vergadering --------------------------------------------------------------------------

MEETING_USAGE = (
    "Zo zet je een vergadering in de agenda:\n"
    "<code>/vergadering 12-01-2027 19:30 ALV | Apotheek De Linde</code>\n"
    "<code>/vergadering dinsdag 19:30 tot 21:30 Bestuur | online | elke tweede dinsdag "
    "van de maand</code>\n\n"
    "Eerst het moment (eventueel met 'tot' en de eindtijd), dan de titel. Plaats en herhaling "
    "mogen erachter, elk na een |."
)
MEETING_NO_MOMENT = (
    "Ik vind geen datum en tijd aan het begin. Begin met het moment, bijvoorbeeld "
    "<code>/vergadering 12-01-2027 19:30 ALV</code> of <code>/vergadering dinsdag 19:30 FTO</code>."
)
MEETING_NO_TITLE = (
    "Ik mis de titel. Zet na het moment waar de vergadering over gaat, bijvoorbeeld "
    "<code>/vergadering dinsdag 19:30 ALV</code>."
)
MEETING_TITLE_TOO_LONG = "De titel is te lang: houd het onder de {max} tekens."
MEETING_PLACE_TOO_LONG = "De plaats is te lang: houd het onder de {max} tekens."
MEETING_TOO_MANY_PARTS = (
    "Dat zijn te veel delen. Gebruik: moment en titel | plaats | herhaling, "
    "bijvoorbeeld <code>dinsdag 19:30 FTO | Zwolle | elke week</code>."
)
MEETING_TWO_PLACES = (
    "Ik zie twee plaatsen: '{first}' en '{second}'. Als het laatste deel een herhaling is, "
    "schrijf die dan zoals 'elke week' of 'elke tweede dinsdag'."
)
MEETING_TOO_FAR = "Dat is meer dan {years} jaar vooruit. Kies een datum dichterbij."
MEETING_LIMIT = (
    "Deze groep heeft al {max} vergaderingen in de agenda. Annuleer eerst oude of dubbele "
    "afspraken met /annuleer."
)
MEETING_SAVED = "Vergadering in de agenda gezet:"
MEETING_LINE_MOMENT = "📅 {moment}"
MEETING_LINE_PLACE = "📍 {place}"
MEETING_LINE_REPEAT = "🔁 {rule}, daarna {next}"
MEETING_LINE_LEADS = "⏰ Herinneringen: {leads}"
MEETING_NO_REMINDERS = "geen (alle herinnertijden liggen al in het verleden)"

# --- /annuleer -----------------------------------------------------------------------------

CANCEL_CHOOSE = "Welke vergadering wil je annuleren?"
CANCEL_CHOOSE_WITH_BUTTONS = (
    "Annuleren gaat met de knoppen hieronder; wat je achter /annuleer typte, gebruik ik niet. "
    "Welke vergadering wil je annuleren?"
)
CANCEL_CONFIRM = (
    "<b>{title}</b> op {moment} annuleren? Wie de vergadering volgt, krijgt er dan geen "
    "herinnering meer voor."
)
CANCEL_YES = "Ja, annuleren"
CANCEL_NO = "Nee, laten staan"
CANCEL_KEPT = "Niets geannuleerd; de vergadering blijft staan."
CANCEL_NONE = "Er staan geen komende vergaderingen in de agenda."
CANCEL_DONE = "Geannuleerd: <b>{title}</b> ({moment}). De herinneringen zijn ingetrokken."
CANCEL_DONE_SERIES = (
    "Geannuleerd: de reeks <b>{title}</b> ({rule}). De herinneringen zijn ingetrokken."
)
CANCEL_GONE = "Deze vergadering bestaat niet meer of is al geannuleerd."

# --- /abonneer en /opzeggen ----------------------------------------------------------------

SUBSCRIBE_CHOOSE = (
    "Op welke planning abonneer je de groep? De mijlpalen komen dan in de agenda en je krijgt "
    "er herinneringen voor."
)
SUBSCRIBE_NONE_LEFT = "De groep is al geabonneerd op alle planningen met komende data."
SUBSCRIBE_DONE = "De groep is nu geabonneerd op <b>{title}</b>."
SUBSCRIBE_ALREADY = "De groep was al geabonneerd op <b>{title}</b>."
SUBSCRIBE_NEXT = "Eerstvolgende mijlpalen:"
SUBSCRIBE_NO_FUTURE = "Let op: deze planning heeft geen komende data meer."
SUBSCRIBE_UNKNOWN = "De planning '{name}' ken ik niet. Deze kun je kiezen: {names}."
SUBSCRIBE_NONE_AVAILABLE = "Er zijn geen planningen beschikbaar. Vraag de beheerder van de bot."
UNSUBSCRIBE_CHOOSE = "Welk abonnement zeg je op?"
UNSUBSCRIBE_NONE = (
    "De groep is op geen enkele planning geabonneerd. Abonneren doe je met /abonneer."
)
UNSUBSCRIBE_DONE = (
    "Abonnement op <b>{title}</b> opgezegd. Die mijlpalen verdwijnen uit de agenda en de "
    "herinneringen."
)
UNSUBSCRIBE_NOT_SUBSCRIBED = "De groep is niet geabonneerd op '{name}'."

# --- /herinneringen ------------------------------------------------------------------------

LEADS_CURRENT = (
    "⏰ Herinneringen in deze groep: {leads}{default}.\n"
    "Bij mijlpalen: {milestone_leads}.\n"
    "Herinneringen in dagen of weken komen om 09:00 uur."
)
LEADS_HOW_TO_CHANGE = (
    "Het bestuur wijzigt dit met bijvoorbeeld <code>/herinneringen 14d 3d 2u</code>, "
    "of terug naar de standaard met <code>/herinneringen standaard</code>. "
    "<code>/herinneringen uit</code> plaatst ze niet meer in deze groep, "
    "<code>/herinneringen aan</code> weer wel."
)
LEADS_POSTING_WORDS = {"aan": True, "uit": False}
LEADS_POSTING_ON = "De herinneringen worden weer in deze groep geplaatst."
LEADS_POSTING_SET_OFF = (
    "De herinneringen worden niet meer in deze groep geplaatst. Wie /volg gebruikt, krijgt ze "
    "nog wel privé."
)
LEADS_POSTING_OFF = "In deze groep worden ze niet geplaatst (<code>/herinneringen aan</code>)."
LEADS_POSTING_SHARED = (
    "De gekoppelde groepen van de organisatie delen één agenda; elke groep kiest zelf of de "
    "herinneringen er geplaatst worden."
)
LEADS_DEFAULT_MARK = " (standaard)"
LEADS_SET = "Ingesteld. {current}"
LEADS_MILESTONES_NONE = "geen (mijlpalen krijgen alleen herinneringen in dagen of weken)"
LEADS_RESET_WORDS = ("standaard", "default", "reset")

# --- /volg en /ontvolg ---------------------------------------------------------------------

FOLLOW_DONE = "Je krijgt de herinneringen van <b>{group}</b> nu ook privé van mij."
FOLLOW_ALREADY = "Je volgt <b>{group}</b> al: de herinneringen komen ook privé."
FOLLOW_START_FIRST = (
    "Start wel eerst een privégesprek met mij, anders mag ik je niets sturen: "
    '<a href="{link}">open het gesprek</a> en tik op Start.'
)
FOLLOW_CHOOSE = "Van welke groep wil je de herinneringen privé krijgen?"
FOLLOW_NO_GROUPS = (
    "Ik zie je nog in geen enkele groep waar ik ook in zit. Typ /volg in de groep waarvan je "
    "de herinneringen privé wilt krijgen."
)
FOLLOW_ALL_DONE = "Je volgt al: {groups}. De herinneringen komen ook privé."
FOLLOW_NOT_MEMBER = "Je bent geen lid van die groep, dus je kunt die niet volgen."
UNFOLLOW_DONE = "Je krijgt de herinneringen van <b>{group}</b> niet meer privé."
UNFOLLOW_NONE = "Je volgt geen groep. Met /volg krijg je de herinneringen van een groep privé."
UNFOLLOW_CHOOSE = "Welke groep wil je niet meer volgen?"
UNFOLLOW_NOT_FOLLOWING = "Je volgde <b>{group}</b> niet."
UNKNOWN_GROUP = "de groep"

# --- /agenda en /ics -----------------------------------------------------------------------

AGENDA_PRIVATE_NONE = (
    "Ik zie je nog in geen enkele groep waar ik ook in zit. Typ /agenda in de groep van je "
    "organisatie."
)
AGENDA_CHOOSE = "Van welke groep wil je de agenda zien?"
ICS_CHOOSE = "Van welke groep wil je de agenda als .ics-bestand?"
AGENDA_NOT_MEMBER = "Je bent geen lid van die groep."
AGENDA_GROUP_HEADER = "<b>{group}</b>"


def ics_caption(group: str, count: int) -> str:
    things = plural(count, "afspraak of mijlpaal", "afspraken en mijlpalen")
    return (
        f"Agenda van <b>{group}</b>: {things}. Open het bestand om "
        f"{one_or_many(count, 'hem', 'ze')} in je eigen agenda te zetten."
    )


ICS_EMPTY = (
    "Er staan geen komende afspraken of mijlpalen in de agenda, dus er valt niets te exporteren."
)
ICS_CALENDAR_NAME = "RAO-agenda {group}"
ICS_FILE_NAME = "agenda-{slug}.ics"
ICS_IMPORTED = (
    "Agendabestand verwerkt: {created} nieuw, {updated} bijgewerkt, {unchanged} ongewijzigd."
)
ICS_IMPORTED_FIRST = "Eerstvolgende:"
ICS_IMPORT_PRIVATE = "Stuur het .ics-bestand in de groep waar de vergaderingen bij horen."
ICS_DOWNLOAD_FAILED = "Ik kon het bestand niet ophalen. Probeer het straks nog eens."
ICS_IMPORT_LIMIT = (
    "Na deze import zou de groep meer dan {max} vergaderingen hebben. Exporteer een kleinere "
    "periode of annuleer eerst oude afspraken."
)

# --- reminders -----------------------------------------------------------------------------

REMINDER_HEADER = "⏰ <b>Herinnering</b>: {title}"
REMINDER_FROM_GROUP = "Uit <b>{group}</b>"
REMINDER_WHEN = "📅 {moment} ({relative})"
REMINDER_WHEN_DAY = "📅 {day} ({relative})"
REMINDER_PLACE = "📍 {place}"
REMINDER_EXPECTED = "Deze datum is verwacht, nog niet bevestigd."
REMINDER_SOURCE = "<i>Bron: {source}</i>"
REMINDER_LATE = "<i>(later verstuurd)</i>"

# --- milestone answers in the question search ----------------------------------------------

MILESTONE_STATUS = {
    "bevestigd": "bevestigd",
    "verwacht": "verwacht, nog niet bevestigd",
}
MILESTONE_DATE = "📅 {day} – {status}"
MILESTONE_PASSED = " (al voorbij)"
MILESTONE_OTHER_YEARS = "Andere jaren:"
MILESTONE_EXPECTED_MARK = " (verwacht)"
MILESTONE_SOURCE = "<i>Bron: {source}</i>"
MILESTONE_TIP = "Herinneringen hiervoor in de groep? Het bestuur regelt dat met /abonneer."
MILESTONE_UNKNOWN = "Deze mijlpaal ken ik niet (meer)."


def duration_label(minutes: int) -> str:
    """'2 uur', '90 minuten', '1 uur en 15 minuten'."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return plural(rest, "minuut", "minuten")
    if not rest:
        return f"{hours} uur"
    if hours == 1 and rest == 30:
        return "anderhalf uur"
    return f"{hours} uur en {plural(rest, 'minuut', 'minuten')}"


def leads_phrase(labels: list[str]) -> str:
    """'14 dagen, 3 dagen en 2 uur van tevoren'."""
    return f"{join_words(labels)} van tevoren" if labels else "geen"


def relative_label(days: int, minutes: int) -> str:
    """How far away an event is: 'vandaag', 'morgen', 'over 3 dagen', 'over 2 uur'."""
    if days <= 0:
        if minutes < 1:
            return "nu"
        if minutes < 60:
            return f"over {plural(minutes, 'minuut', 'minuten')}"
        hours = round(minutes / 60)
        if hours <= 6:
            return f"over {hours} uur"
        return "vandaag"
    if days == 1:
        return "morgen"
    return f"over {days} dagen"
