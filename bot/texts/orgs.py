"""Dutch texts for organisations and for linking several groups to one organisation.

All messages are meant for HTML parse mode; callers escape user-typed fragments before they
are put into a template here.
"""

from __future__ import annotations

from bot.texts.common import one_or_many, plural


def default_org_name(chat_id: int) -> str:
    """The name of a new organisation whose group has no title (stored, not HTML)."""
    return f"Groep {chat_id}"


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


def link_code_created(code: str, org_name: str, group: str, until: str) -> str:
    return (
        f"🔗 Koppelcode voor <b>{org_name}</b>: <code>{code}</code>\n"
        f"Gemaakt in de groep {group}; eenmalig te gebruiken, geldig tot {until}. "
        "Deel hem alleen met een beheerder van de andere groep.\n\n"
        "Volgende stap: voeg mij toe aan de andere groep en laat een beheerder daar "
        f"<code>/koppel {code}</code> typen. Die groep deelt dan de ledenlijst, stemmingen en "
        "uitslagen met deze groep."
    )


LINK_CODE_SENT = (
    "Ik heb je de koppelcode privé gestuurd; wie hem heeft, kan een groep aan jullie "
    "ledenlijst en stemmingen koppelen."
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


UNLINK_YES = "Ja, losmaken"
# Meetings belong to the group whose board put them in the agenda; linked groups only share
# the view. Unlinking splits the view, so it is said before and after (and to the others).
UNLINK_MEETINGS = (
    "📅 De agenda wordt ook weer apart: vergaderingen die hier zijn gezet, blijven alleen in "
    "deze groep staan; die van de andere groepen zie je hier niet meer."
)
UNLINK_NO = "Nee, niets doen"
UNLINK_CANCELLED = "Niets veranderd; deze groep blijft gekoppeld."


def unlink_ask(org_name: str) -> str:
    return (
        f"Deze groep losmaken van <b>{org_name}</b>? De ledenlijst, stemmingen en uitslagen "
        f"van {org_name} zie je hier dan niet meer.\n" + UNLINK_MEETINGS
    )


def unlinked(org_name: str) -> str:
    return (
        f"Deze groep is losgemaakt van <b>{org_name}</b>. De ledenlijst, stemmingen en uitslagen "
        f"van {org_name} zie je hier niet meer; gebruik je hier weer een functie, dan krijgt deze "
        "groep een eigen, nieuwe organisatie.\n" + UNLINK_MEETINGS
    )


def unlink_last_group(org_name: str) -> str:
    return (
        f"Deze groep is de enige groep van <b>{org_name}</b>; losmaken kan dan niet. "
        + NOTHING_CHANGED
    )


def unlinked_notice(group_title: str, org_name: str) -> str:
    return (
        f"De groep <b>{group_title}</b> is losgemaakt van <b>{org_name}</b>. De vergaderingen "
        f"die in {group_title} zijn gezet, staan niet meer in jullie agenda; die van jullie "
        f"staan niet meer in de agenda van {group_title}."
    )


def organisation_overview(
    org_name: str,
    groups: list[str],
    pharmacies: int,
    members: int,
    unit_singular: str,
) -> str:
    group_word = one_or_many(len(groups), "groep", "groepen")
    lines = [
        f"🏢 <b>{org_name}</b>",
        f"Gekoppelde {group_word} ({len(groups)}):",
        *(f"• {title}" for title in groups),
        f"Ledenlijst: {plural(pharmacies, 'apotheek', 'apotheken')}, "
        f"{plural(members, 'lid', 'leden')}; "
        f"één stem per {unit_singular}.",
    ]
    return "\n".join(lines)


THIS_GROUP = " (deze groep)"
ORGANISATION_LINK_HINT = "Nog een groep erbij? Een beheerder typt /koppelcode."


def unknown_group(chat_id: int) -> str:
    return f"Groep {chat_id}"


# --- polls shared with the other groups of the organisation -------------------------------

SHARED_VOTE_BUTTON = "Stem privé"
SHARED_SCAN_BUTTON = "Vul de scan privé in"


def shared_poll_notice(
    number: int, question: str, origin: str, closes: str | None, *, scan: bool
) -> str:
    """In the other groups of the organisation: the live message stays in `origin` only,
    because editing one message per group on every vote would hit Telegram's limits."""
    head = (
        f"📊 <b>Volwassenheidsscan #{number}</b>"
        if scan
        else f"🗳 <b>Nieuwe stemming #{number}</b>: {question}"
    )
    closing = f"Sluit: {closes}." if closes else "Sluit: als het bestuur hem sluit."
    action = (
        "Vul hem privé in met de knop hieronder."
        if scan
        else "Stem privé met de knop hieronder (staat je apotheek op de ledenlijst)."
    )
    return (
        f"{head}\n{closing}\n{action}\n"
        f"De stemknoppen en de opkomst staan alleen bij het bericht in <b>{origin}</b>; "
        "de uitslag komt ook in deze groep."
    )
