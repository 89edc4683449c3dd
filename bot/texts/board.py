"""Dutch texts for the board's vote tools: closing, moving, results, reminders, turnout.

All messages are meant for HTML parse mode; callers escape user-typed fragments before they
are put into a template here.
"""

from __future__ import annotations

from bot.texts.common import plural

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


def poll_already_closed(poll_id: int, ref: str | None = None) -> str:
    """`ref` is "Stemming #3" or "Scan #3" (render.poll_ref); a vote when not given."""
    name = ref or f"Stemming #{poll_id}"
    return f"{name} is al gesloten. De uitslag zie je met /uitslag {poll_id}."


def poll_closed_elsewhere(poll_id: int) -> str:
    return f"Stemming #{poll_id} is gesloten; de uitslag staat in de groep."


def poll_posted_elsewhere(poll_id: int, org_name: str) -> str:
    return f"Geplaatst in de groep van {org_name} als stemming #{poll_id}."


# --- choosing a poll by button ----------------------------------------------------------------

_PICK_QUESTIONS = {
    "sluit": "Welke stemming wil je sluiten?",
    "opkomst": "Van welke stemming wil je de opkomst zien?",
    "export": "Welke stemming wil je exporteren?",
    "uitslag": "Van welke stemming wil je de uitslag zien?",
    "herinner": "Voor welke stemming stuur ik een herinnering?",
    "intrekken": "Welke stemming wil je intrekken?",
}


def pick_poll(command: str, open_only: bool) -> str:
    question = _PICK_QUESTIONS.get(command, "Welke stemming bedoel je?")
    if open_only:
        return f"{question} Dit zijn de open stemmingen:"
    return f"{question} Dit zijn de laatste stemmingen:"


def pick_button(poll_id: int, question: str, is_open: bool) -> str:
    state = "open" if is_open else "gesloten"
    short = question if len(question) <= 40 else question[:39] + "…"
    return f"#{poll_id} {short} ({state})"


# --- confirmations ------------------------------------------------------------------------------

CONFIRM_NO = "Nee, niets doen"
CLOSE_YES = "Ja, nu sluiten"
WITHDRAW_YES = "Ja, intrekken"
MOVE_EARLIER_YES = "Ja, eerder sluiten"


def close_ask(ref: str, question: str, scan: bool = False) -> str:
    after = "kan niemand de scan meer invullen" if scan else "kan niemand meer stemmen"
    return f"{ref} nu sluiten?\n<i>{question}</i>\nDaarna {after} en komt de uitslag in de groep."


def close_cancelled(ref: str) -> str:
    """`ref` is "Stemming #3" or "Scan #3"."""
    return f"Niets veranderd: {ref[:1].lower()}{ref[1:]} blijft open."


def closed_now(ref: str) -> str:
    return f"{ref} is gesloten; de uitslag staat in de groep."


def withdraw_ask(poll_id: int, question: str, is_open: bool, ref: str | None = None) -> str:
    """`ref` is "Stemming #3" or "Scan #3" (render.poll_ref); a vote when not given."""
    scan = ref is not None and ref.startswith("Scan")
    act, kept = ("Invullen", "antwoorden") if scan else ("Stemmen", "stemmen")
    effect = (
        f"{act} kan dan niet meer en er komt geen uitslag."
        if is_open
        else "De uitslag vervalt; hij verdwijnt uit /stemmingen."
    )
    return (
        f"{ref or f'Stemming #{poll_id}'} intrekken?\n<i>{question}</i>\n{effect} "
        f"De {kept} blijven bewaard in /export."
    )


def withdraw_cancelled(poll_id: int) -> str:
    return f"Niets veranderd: stemming #{poll_id} blijft staan."


def withdrawn_done(poll_id: int) -> str:
    return f"Stemming #{poll_id} is ingetrokken. De stemmen blijven bewaard in /export {poll_id}."


def withdrawn_notice(poll_id: int, question: str) -> str:
    return (
        f"Stemming #{poll_id} is ingetrokken door het bestuur; er komt geen uitslag.\n"
        f"<i>{question}</i>"
    )


def poll_withdrawn(poll_id: int) -> str:
    return f"Stemming #{poll_id} is ingetrokken door het bestuur; er is geen uitslag."


def move_earlier_ask(poll_id: int, current: str, new: str) -> str:
    return (
        f"Stemming #{poll_id} sluit nu {current}. Wil je hem eerder laten sluiten, "
        f"op <b>{new}</b>? Leden hebben dan minder tijd om te stemmen."
    )


def move_cancelled(poll_id: int, current: str) -> str:
    return f"Niets veranderd: stemming #{poll_id} sluit nog steeds {current}."


def move_earlier_done(poll_id: int, moment: str) -> str:
    return (
        f"Stemming #{poll_id} sluit nu eerder: {moment}. Wie nog niet stemde, herinner je "
        f"met /herinner {poll_id}."
    )


NR = "&lt;nr&gt;"  # the poll number in usage texts: cannot be mistaken for a real one


def _which(question: str, command: str, tail: str = "") -> str:
    return f"{question} Zet het nummer erachter: <code>/{command} {NR}</code>.{tail}"


WITHDRAW_USAGE = _which("Welke stemming wil je intrekken?", "intrekken", " Zie /stemmingen.")
CLOSE_USAGE = _which("Welke stemming wil je sluiten?", "sluit", " Zie /stemmingen.")
RESULT_USAGE = _which("Van welke stemming wil je de uitslag?", "uitslag")
EXPORT_USAGE = _which("Welke stemming wil je exporteren?", "export")
REMIND_USAGE = _which("Voor welke stemming stuur ik een herinnering?", "herinner")
TURNOUT_USAGE = _which("Van welke stemming wil je de opkomst zien?", "opkomst")
OUTCOME_USAGE = (
    "Zo voeg je de uitkomst toe: "
    "<code>/uitkomst &lt;nr&gt; Het bestuur tekent het RESV-plan.</code> "
    "Met <code>| evalueren 1-6-2027</code> komt een evaluatiedatum in de agenda."
)


def outcome_usage_for(poll_id: int) -> str:
    return (
        f"Zet de uitkomst achter het nummer: <code>/uitkomst {poll_id} Het bestuur tekent het "
        "RESV-plan.</code> Met <code>| evalueren 1-6-2027</code> komt een evaluatiedatum in "
        "de agenda."
    )


MOVE_USAGE = (
    "Zo verplaats je de sluiting van een open stemming: "
    "<code>/verleng &lt;nr&gt; vrijdag 12:00</code>, "
    "<code>/verleng &lt;nr&gt; 15-12-2026 17:00</code> "
    "of <code>/verleng &lt;nr&gt; over 2 dagen</code>. "
    "Eerder sluiten mag, maar niet binnen een uur. Zie /stemmingen voor de nummers."
)


def move_done(poll_id: int, moment: str) -> str:
    return f"De sluiting van stemming #{poll_id} is verplaatst naar {moment}."


def move_stale(poll_id: int, moment: str) -> str:
    return (
        f"De sluiting van stemming #{poll_id} is intussen al verplaatst (nu {moment}). "
        "Ik heb niets veranderd; gebruik /verleng opnieuw als je hem toch wilt verplaatsen."
    )


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


def outcome_posted(poll_id: int, question: str, text: str, replaced: bool = False) -> str:
    heading = f"Uitkomst van stemming #{poll_id}" + (" (vervangen)" if replaced else "")
    return f"<b>{heading}</b>\n<i>{question}</i>\n\n{text}"


def outcome_saved(poll_id: int) -> str:
    return f"De uitkomst van stemming #{poll_id} is opgeslagen en in de groep geplaatst."


REPORT_BUDGET = 3500  # characters of names in one report: Telegram refuses more than 4096


def reminder_report(poll_id: int, sent: int, problems: list[str], ref: str | None = None) -> str:
    """One message, also for a large RAO where most members never started the bot: names
    until the budget, then how many more (a refused message would leave the board with
    nothing)."""
    about = (ref or f"Stemming #{poll_id}").lower()
    lines = [f"Herinnering voor {about} verstuurd aan {plural(sent, 'lid', 'leden')}."]
    if problems:
        lines += ["", "<b>Deze heb ik niet kunnen bereiken:</b>"]
        used = 0
        for shown, problem in enumerate(problems):
            line = f"• {problem}"
            if used + len(line) > REPORT_BUDGET:
                lines.append(f"… en nog {len(problems) - shown}.")
                break
            lines.append(line)
            used += len(line) + 1
        lines += ["", "Vraag ze de bot één keer te starten, of neem zelf contact op."]
    return "\n".join(lines)


def reminders_sent(poll_id: int, sent: int, ref: str | None = None) -> str:
    about = (ref or f"Stemming #{poll_id}").lower()
    if sent == 0:
        if about.startswith("scan"):
            return f"Iedereen heeft {about} al ingevuld; niemand te herinneren."
        return f"Iedereen heeft al gestemd bij {about}; niemand te herinneren."
    return f"Herinnering voor {about} verstuurd aan {plural(sent, 'lid', 'leden')}."


def unit_without_members(unit: str) -> str:
    return f"{unit}: nog geen lid met Telegram op de ledenlijst"


def reason_unknown(member: str) -> str:
    return f"{member} is nog niet bij de bot bekend (stuurde nooit iets)"


def reason_never_started(member: str) -> str:
    return f"{member} heeft de bot nooit gestart"


def unreached_member(reason: str) -> str:
    return reason


def unreached_unit(unit: str, reasons: list[str], reached: list[str]) -> str:
    line = f"{unit}: {'; '.join(reasons)}"
    if reached:
        line += f" (wel herinnerd: {', '.join(reached)})"
    return line


def turnout_report_title(poll_id: int, question: str) -> str:
    return f"<b>Opkomst bij #{poll_id}</b>\n<i>{question}</i>"


def voted_heading(count: int, scan: bool = False) -> str:
    return f"<b>{'Ingevuld' if scan else 'Gestemd'} ({count}):</b>"


def not_voted_heading(count: int, scan: bool = False) -> str:
    return f"<b>{'Nog niet (helemaal) ingevuld' if scan else 'Nog niet gestemd'} ({count}):</b>"


def scan_partly(answered: int, total: int) -> str:
    return f" ({answered} van {total} stellingen)"


NOBODY = "–"
TURNOUT_NEVER_HOW = "Wat iemand stemde, laat ik nooit zien."
TURNOUT_NEVER_HOW_SCAN = "Wat iemand invulde, laat ik nooit zien."

NO_POLLS = "Er zijn nog geen stemmingen. Het bestuur start er een met /mandaat of /peiling."


def polls_title(org_name: str) -> str:
    return f"<b>Stemmingen van {org_name}</b>"


OWN_VOTE_PRIVATE = "Je eigen stem zie je als je mij privé /stemmingen stuurt."


def own_vote_line(choice: str) -> str:
    return f" · jouw stem: {choice}"


OWN_VOTE_NONE = " · jouw stem: nog niet"


def own_scan_line(answered: int, total: int) -> str:
    return f" · jij: {answered} van {total} ingevuld"


def vote_here_button(poll_id: int, voted: bool, scan: bool = False) -> str:
    if scan:
        return f"Verder invullen bij #{poll_id}" if voted else f"Vul in bij #{poll_id}"
    return f"Wijzig je stem bij #{poll_id}" if voted else f"Stem bij #{poll_id}"


def poll_list_line(
    poll_id: int, kind: str, question: str, is_open: bool, closes: str | None
) -> str:
    state = ("open, sluit " + closes if closes else "open") if is_open else "gesloten"
    return f"#{poll_id} {kind}: {question} ({state})"


EDIT_USAGE = (
    "Zo wijzig je een vraag zolang er nog niet gestemd is: "
    "<code>/wijzig &lt;nr&gt; Nieuwe vraag?</code>"
    " of voor een peiling <code>/wijzig &lt;nr&gt; Vraag? | optie | optie</code>."
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


REASON_USAGE = "Zo licht je je stem toe: <code>/toelichting &lt;nr&gt; Omdat …</code>"


def reason_removed_from_group(deleted: bool, outcome: str) -> str:
    if deleted:
        first = (
            "Ik heb je toelichting uit de groep verwijderd: bij een geheime stemming hoort "
            "die alleen hier, privé."
        )
    else:
        first = (
            "Je toelichting staat nog in de groep: ik mag daar geen berichten verwijderen. "
            "Haal hem zelf weg; bij een geheime stemming hoort die alleen hier, privé."
        )
    return f"{first}\n{outcome}"


REASON_PRIVATE_ONLY = "Stuur je toelichting in een privébericht aan mij, niet in de groep."


def reason_not_voted(poll_id: int) -> str:
    return f"Je hebt nog niet gestemd bij #{poll_id}. Stem eerst, dan kun je het toelichten."


def reason_too_long(length: int, limit: int) -> str:
    return f"Je toelichting is {length} tekens; het maximum is {limit}."


def reason_saved(poll_id: int, secret: bool) -> str:
    note = " Het bestuur ziet hem zonder je naam." if secret else ""
    return f"Dank je, je toelichting bij #{poll_id} is opgeslagen.{note}"
