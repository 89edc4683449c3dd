"""Dutch texts for one pharmacy with several members (confirming a change of its vote) and for
proxies (volmachten).

HTML parse mode (callback answers: plain text, at most 200 characters); callers escape
user-typed fragments.
"""

from __future__ import annotations

from bot.texts.common import plural

# --- another member of the pharmacy voted already ------------------------------------------

NO_CHOICE = "geen keuze"


# Callback answer when the press waits for a confirmation in the private chat.
CONFIRM_ANSWER = (
    "Een collega van je apotheek heeft al gestemd. Bevestig de wijziging in je privéchat "
    "met mij; er is nog niets veranderd."
)


def confirm_unreachable(units: str, current: str, by: str, bot: str) -> str:
    """Callback answer (plain text) when the private question could not be delivered."""
    return (
        f"{units}: {by} stemde al {current}. Start eerst een privégesprek met @{bot} "
        "om dat te wijzigen; er is niets veranderd."
    )


def confirm_title(poll_id: int, question: str) -> str:
    return f"<b>Stemming #{poll_id}</b>\n<i>{question}</i>\n"


def confirm_line(unit: str, current: str, by: str) -> str:
    return f"Voor {unit} staat al: <b>{current}</b> (gestemd door {by})."


def confirm_question(new: str) -> str:
    return f"Wil je de stem wijzigen in <b>{new}</b>? Je collega krijgt daar bericht van."


def confirm_button(new: str) -> str:
    return f"Ja, wijzig in {new}"[:60]


KEEP_BUTTON = "Nee, laat staan"
KEPT = "Niets gewijzigd: de stem blijft staan."
CONFIRM_CHANGED_AGAIN = "De stem is intussen weer gewijzigd. Kijk hieronder opnieuw."


def confirmed(poll_id: int, new: str) -> str:
    return f"Gewijzigd: de stem van je apotheek bij stemming #{poll_id} is nu <b>{new}</b>."


def replaced_notice(poll_id: int, unit: str, by: str, old: str, new: str) -> str:
    return (
        f"Ter info: {by} heeft de stem van {unit} bij stemming #{poll_id} gewijzigd van "
        f"<b>{old}</b> in <b>{new}</b>."
    )


def proxy_ended_notice(poll_id: int, unit: str, by: str) -> str:
    return (
        f"Je volmacht voor {unit} bij stemming #{poll_id} vervalt: {by} heeft zelf gestemd. "
        "Een eigen stem gaat voor een volmacht."
    )


def counts_by_proxy(units: str) -> str:
    return f"Met volmacht telt je stem ook voor {units}."


# --- proxies (volmachten) ---------------------------------------------------------------------


def proxy_hint(poll_id: int, cap: int) -> str:
    return (
        f"Kun je niet stemmen? Geef een ander lid een volmacht: stuur mij privé "
        f"<code>/volmacht {poll_id} @naam</code> (een lid houdt er hoogstens {cap})."
    )


CMD_VOLMACHT = "Geef een collega-lid een volmacht voor één stemming (privé)"
CMD_VOLMACHTEN = "Hoeveel volmachten één lid mag hebben"
PROXY_USAGE = (
    "Zo geef je een collega-lid een volmacht voor één stemming: "
    "<code>/volmacht &lt;nr&gt; @gebruikersnaam</code>. Intrekken kan tot die persoon stemt: "
    "<code>/volmacht &lt;nr&gt; intrekken</code>. Stem je zelf, dan gaat jouw stem voor."
)
PROXY_PRIVATE_ONLY = "Regel een volmacht in een privébericht aan mij: /volmacht."


def proxy_granted(poll_id: int, holder: str, units: str) -> str:
    return (
        f"Volmacht vastgelegd: {holder} stemt bij stemming #{poll_id} voor {units}, tot je zelf "
        f"stemt. Intrekken kan tot {holder} stemt: <code>/volmacht {poll_id} intrekken</code>. "
        "Het bestuur ziet de volmacht in de export."
    )


def proxy_holder_unreachable(holder: str) -> str:
    return (
        f"Let op: {holder} heeft nog nooit met mij gepraat, dus ik kan het niet laten weten. "
        "Laat het zelf even weten."
    )


def proxy_for_holder(poll_id: int, grantor: str, units: str, question: str) -> str:
    return (
        f"{grantor} geeft je een volmacht voor {units} bij stemming #{poll_id}:\n"
        f"<b>{question}</b>\n\nJe stem telt nu ook voor {units}, tot zij zelf stemmen. "
        "Stem hieronder of in de groep."
    )


def proxy_replaced(poll_id: int, grantor: str, units: str) -> str:
    return (
        f"{grantor} heeft de volmacht voor {units} bij stemming #{poll_id} aan iemand anders "
        "gegeven. Je stem telt daar niet meer voor."
    )


def proxy_moved(poll_id: int, mover: str, units: str) -> str:
    """To the holder of a proxy that a unit-mate of the grantor gave to someone else."""
    return (
        f"{mover} (ook van {units}) heeft de volmacht voor {units} bij stemming #{poll_id} "
        "aan iemand anders gegeven. Je stem telt daar niet meer voor."
    )


def proxy_moved_grantor(poll_id: int, mover: str, units: str, old: str, new: str) -> str:
    """To the member whose proxy a unit-mate replaced."""
    return (
        f"{mover} (ook van {units}) heeft de volmacht voor {units} bij stemming #{poll_id} "
        f"aan {new} gegeven. Jouw volmacht aan {old} geldt daardoor niet meer."
    )


def proxy_already(poll_id: int, holder: str, units: str) -> str:
    return (
        f"Die volmacht staat al: {holder} stemt bij stemming #{poll_id} voor {units}. "
        "Er is niets veranderd."
    )


def proxy_revoked(poll_id: int, units: str, holder: str) -> str:
    return (
        f"Volmacht ingetrokken: {holder} stemt bij stemming #{poll_id} niet meer voor {units}; "
        "jullie stemmen weer zelf."
    )


def proxy_revoked_of_mate(poll_id: int, units: str, holder: str, grantor: str) -> str:
    """Revoked by a unit-mate of the member who gave it."""
    return (
        f"Volmacht ingetrokken: de volmacht die {grantor} aan {holder} gaf voor {units} bij "
        f"stemming #{poll_id} geldt niet meer; jullie stemmen weer zelf."
    )


def proxy_revoked_grantor(poll_id: int, revoker: str, units: str, holder: str) -> str:
    """To the member whose proxy a unit-mate revoked."""
    return (
        f"{revoker} (ook van {units}) heeft jouw volmacht aan {holder} bij stemming "
        f"#{poll_id} ingetrokken."
    )


def proxy_revoked_holder(poll_id: int, grantor: str, units: str) -> str:
    return (
        f"{grantor} heeft de volmacht voor {units} bij stemming #{poll_id} ingetrokken. "
        "Je stem telt daar niet meer voor."
    )


def refused_closed(poll_id: int) -> str:
    return f"Stemming #{poll_id} is gesloten; een volmacht kan daar niet meer."


def refused_old_poll(poll_id: int) -> str:
    return f"Bij stemming #{poll_id} kan geen volmacht: die begon voordat de bot volmachten kende."


REFUSED_NOT_ALLOWED = (
    "Jullie organisatie staat geen volmachten toe. Het bestuur kan dat aanzetten met "
    "<code>/volmachten max 1</code>."
)


def refused_no_seat(poll_id: int) -> str:
    return (
        f"Je stond niet op de ledenlijst toen stemming #{poll_id} begon, dus je hebt daar geen "
        "stem om over te dragen."
    )


def refused_holder_unknown(holder: str, org: str) -> str:
    return (
        f"{holder} staat niet als goedgekeurd lid op de ledenlijst van {org}. Een volmacht gaat "
        "alleen naar een ander lid."
    )


REFUSED_HOLDER_SELF = "Een volmacht aan jezelf kan niet."


def refused_same_unit(holder: str) -> str:
    return f"{holder} stemt al voor dezelfde apotheek; een volmacht is niet nodig."


def refused_voted(poll_id: int) -> str:
    return (
        f"Voor je apotheek is bij stemming #{poll_id} al gestemd, dus een volmacht verandert "
        "niets. Wil je het anders? Stem zelf."
    )


def refused_used(poll_id: int, holder: str) -> str:
    return (
        f"{holder} heeft bij stemming #{poll_id} al met je volmacht gestemd; die kun je niet meer "
        "intrekken of overdragen. Stem zelf: jouw stem vervangt die van de volmacht."
    )


def refused_cap(poll_id: int, holder: str, cap: int) -> str:
    return (
        f"{holder} heeft bij stemming #{poll_id} al {plural(cap, 'volmacht', 'volmachten')}, "
        "het maximum dat het bestuur "
        "instelde. Kies iemand anders."
    )


def refused_none(poll_id: int) -> str:
    return f"Je hebt bij stemming #{poll_id} geen volmacht gegeven."


PROXIES_NONE = "Je hebt geen volmachten bij lopende stemmingen."
PROXIES_TITLE = "<b>Je volmachten bij lopende stemmingen</b>"


def proxy_given_line(poll_id: int, unit: str, holder: str) -> str:
    return f"• #{poll_id} {unit}: gegeven aan {holder}"


def proxy_held_line(poll_id: int, unit: str, grantor: str) -> str:
    return f"• #{poll_id} {unit}: van {grantor}, jij stemt"


def cap_current(cap: int) -> str:
    if cap == 0:
        return (
            "Volmachten staan uit. Aanzetten: <code>/volmachten max 1</code> (of 2, zoals jullie "
            "statuten toestaan)."
        )
    others = plural(cap, "andere apotheek", "andere apotheken")
    return (
        f"Een lid mag bij een stemming met volmacht voor hoogstens {others} stemmen. "
        "Wijzigen: <code>/volmachten max 2</code>, uitzetten: <code>/volmachten uit</code>."
    )


def cap_set(cap: int) -> str:
    if cap == 0:
        return "Volmachten staan nu uit. Volmachten die al gegeven zijn, blijven gelden."
    return (
        f"Vastgelegd: hoogstens {plural(cap, 'volmacht', 'volmachten')} per lid per stemming. "
        "Dit geldt voor elke nieuwe volmacht, ook bij lopende stemmingen."
    )


CAP_USAGE = (
    "Schrijf bijvoorbeeld <code>/volmachten max 2</code> (0 tot 10) of "
    "<code>/volmachten uit</code>."
)


# --- export -----------------------------------------------------------------------------------

EXPORT_PROXIES_HEADER = (
    "Gegeven",
    "Apotheek",
    "Volmachtgever",
    "Gemachtigde",
    "Gebruikt",
    "Ingetrokken",
)
VIA_PROXY = " (met volmacht)"
YES = "ja"
NO = "nee"


def file_proxies(poll_id: int) -> str:
    return f"stemming-{poll_id}-volmachten.csv"


def export_proxies_caption(poll_id: int, count: int) -> str:
    given = plural(count, "volmacht", "volmachten")
    return f"Stemming #{poll_id}: {given} (ook ingetrokken en vervallen)."
