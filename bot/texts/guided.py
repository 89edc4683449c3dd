"""Dutch texts for the guided /mandaat and the other private conversations.

All messages are meant for HTML parse mode; callers escape user-typed fragments before they
are put into a template here.
"""

from __future__ import annotations

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
    "Welk deel van de stemgerechtigden moet stemmen (quorum)? Typ bijvoorbeeld "
    "<code>85%</code> of <code>2/3</code>, of <code>standaard</code> voor <code>50%</code>."
)
GUIDED_ASK_THRESHOLD = (
    "Welk deel van voor + tegen moet voor zijn (drempel)? Typ bijvoorbeeld <code>2/3</code> "
    "of <code>60%</code>, of <code>standaard</code> voor meer dan de helft."
)
GUIDED_SHARE_AGAIN = "Typ het aandeel dan opnieuw, met procentteken: bijvoorbeeld <code>60%</code>."


def guided_bare_number(suggestion: str) -> str:
    return (
        f"Bedoel je <code>{suggestion}</code>? Antwoord <code>ja</code>, "
        "of typ het aandeel opnieuw."
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
        f"Drempel: {threshold} van voor + tegen"
    )


GUIDED_KIND_HINT = (
    "Wat voor stemming is het? Kies hieronder de soort; standaard is bestuursmandaat."
)


CANCELLED = "Gestopt. Er is niets opgeslagen."
NOTHING_TO_CANCEL = "Er loopt geen gesprek om te stoppen."

# Command menu and /help descriptions


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
