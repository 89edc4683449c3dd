"""Dutch texts for one pharmacy with several members (confirming a change of its vote) and for
proxies (volmachten).

HTML parse mode (callback answers: plain text, at most 200 characters); callers escape
user-typed fragments.
"""

from __future__ import annotations

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
        f"Kun je niet stemmen? Geef een collega-lid een volmacht: stuur mij privé "
        f"<code>/volmacht {poll_id} @naam</code> (hoogstens {cap} per lid)."
    )
