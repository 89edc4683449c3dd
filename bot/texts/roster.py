"""Dutch texts for the roster: CSV import, registration, approval and the voting unit.

All messages are meant for HTML parse mode; callers escape user-typed fragments before they
are put into a template here.
"""

from __future__ import annotations

from bot.texts.common import escape, one_or_many, plural

# --- roster CSV -------------------------------------------------------------------------------

ROSTER_FORM = (
    "Stuur een CSV-bestand met de kolommen <code>apotheek;agb;telegram</code> "
    "(AGB-code en Telegram-gebruikersnaam mogen leeg zijn)."
)
ROSTER_EMPTY = "Het bestand is leeg. " + ROSTER_FORM
ROSTER_NO_ROWS = "Het bestand heeft geen apotheken. " + ROSTER_FORM
ROSTER_NOT_TEXT = (
    "Dit is geen tekstbestand maar bijvoorbeeld een afbeelding of een Excel-werkmap. "
    "Sla de lijst in Excel op als CSV (puntkomma-gescheiden) of als Unicode-tekst. "
    "Er is niets veranderd."
)
ROSTER_NO_HEADER = (
    "Ik mis de kopregel. Zet bovenaan <code>apotheek;agb;telegram</code> "
    "(AGB-code en Telegram mogen leeg zijn). Er is niets veranderd."
)
ROSTER_NOT_ROSTER = (
    "Dit lijkt geen ledenlijst: ik zie geen kolom <code>apotheek</code>, "
    "alleen een naam. Zet bovenaan <code>apotheek;agb;telegram</code> "
    "(AGB-code en Telegram mogen leeg zijn). Er is niets veranderd."
)


def roster_too_large(limit_mb: int) -> str:
    return f"Het bestand is groter dan {limit_mb} MB. Splits het of haal overbodige kolommen weg."


def roster_too_many_rows(count: int, limit: int) -> str:
    return f"Het bestand heeft {count} regels met apotheken; het maximum is {limit}."


def roster_rejected(count: int) -> str:
    if count == 1:
        return "Ik heb de ledenlijst niet overgenomen: 1 fout. Verbeter die en stuur het opnieuw."
    return (
        f"Ik heb de ledenlijst niet overgenomen: {count} fouten. "
        "Verbeter ze en stuur het bestand opnieuw."
    )


def roster_more_errors(count: int) -> str:
    return f"… en nog {count} andere."


ROSTER_NO_NAME_COLUMN = (
    "Ik vind geen kolom met de naam van de apotheek (kop <code>apotheek</code>). " + ROSTER_FORM
)


def roster_column_twice(header: str) -> str:
    return f"regel 1: de kolom '<i>{header}</i>' staat er twee keer in"


def roster_name_missing(line: int) -> str:
    return f"regel {line}: de naam van de apotheek ontbreekt"


def roster_name_too_long(line: int, limit: int) -> str:
    return f"regel {line}: de naam van de apotheek is langer dan {limit} tekens"


def roster_name_duplicate(line: int, name: str, first_line: int) -> str:
    return f"regel {line}: apotheek '<i>{name}</i>' staat ook op regel {first_line}"


def roster_agb_duplicate(line: int, agb: str, first_line: int) -> str:
    return f"regel {line}: AGB-code {agb} staat ook op regel {first_line}"


def roster_line_error(line: int, detail: str) -> str:
    return f"regel {line}: {detail}"


def agb_wrong(text: str) -> str:
    return f"AGB-code '<i>{text}</i>' moet 8 cijfers hebben"


def agb_leading_zero(text: str) -> str:
    return (
        f"AGB-code '<i>{text}</i>' moet 8 cijfers hebben; mist de voorloopnul? "
        "Excel haalt die soms weg, zet de kolom dan op 'Tekst'"
    )


AGB_EMPTY = "Je hebt geen AGB-code gegeven. Een AGB-code heeft 8 cijfers, bijvoorbeeld 06012345."


def username_invalid(text: str) -> str:
    return (
        f"Telegram-gebruikersnaam '<i>{text}</i>' klopt niet: 5 tot 32 tekens, "
        "alleen letters, cijfers en _"
    )


# --- organisations and roster ----------------------------------------------------------------

NO_ORGANISATION = (
    "Ik weet niet bij welke organisatie je hoort. Gebruik dit commando in de groep, "
    "of meld je aan met /aanmelden in de groep."
)
NO_BOARD_ORG = "Dit kan alleen het bestuur. Gebruik het commando in de groep van je organisatie."
CHOOSE_ORG = "Je bent bestuur van meer organisaties. Voor welke?"
USE_IN_GROUP = "Gebruik dit commando in de groep van die organisatie."

REGISTER_BUTTON = "Aanmelden"
REGISTER_WHERE = "Tik op /aanmelden in de groep van je organisatie; dan stuur ik je de juiste link."
REGISTER_UNKNOWN_ORG = "Die organisatie ken ik niet (meer). Vraag het bestuur om een nieuwe link."
REGISTER_NAME_EMPTY = "Ik heb de naam van je apotheek nodig. Hoe heet je apotheek?"
REGISTER_AGB_RETRY = "Stuur de AGB-code opnieuw (8 cijfers), of 'geen' als je hem niet weet."


def register_link(org_name: str, url: str) -> str:
    return (
        f"Aanmelden als lid van {org_name} gaat privé: tik op de knop "
        f'(of <a href="{url}">deze link</a>) en beantwoord twee vragen.'
    )


def register_already(org_name: str, pharmacies: str) -> str:
    return f"Je staat al op de ledenlijst van {org_name} ({pharmacies}). Je kunt gewoon stemmen."


def register_ask_name(org_name: str, pending: bool) -> str:
    note = "Je hebt al een aanmelding lopen; deze vervangt die.\n" if pending else ""
    return (
        f"{note}Je meldt je aan bij <b>{org_name}</b>. Hoe heet je apotheek?\n"
        "(Stoppen kan met /stop.)"
    )


def register_name_too_long(limit: int) -> str:
    return f"Die naam is langer dan {limit} tekens. Hoe heet je apotheek?"


def register_ask_agb(name: str) -> str:
    return (
        f"Dank je. Wat is de AGB-code van {name}? Dat zijn 8 cijfers, bijvoorbeeld 06012345. "
        "Weet je hem niet, stuur dan 'geen'."
    )


def register_agb_mismatch(name: str) -> str:
    return (
        f"Volgens de ledenlijst heeft {name} een andere AGB-code. Controleer de code, of stuur "
        "'geen' en laat het bestuur het nakijken."
    )


def register_agb_known(agb: str, name: str) -> str:
    return f"AGB-code {agb} hoort volgens de ledenlijst bij {name}; ik meld je daarvoor aan."


def register_done(org_name: str, pharmacy: str, agb: str | None) -> str:
    code = f" (AGB {agb})" if agb else ""
    return (
        f"Je aanmelding voor {pharmacy}{code} bij {org_name} is binnen. Het bestuur keurt hem "
        "goed; daarna kun je stemmen. Je hoort het van mij."
    )


def register_notice(member: str, pharmacy: str) -> str:
    return (
        f"Nieuwe aanmelding: {member} voor {pharmacy}. Het bestuur kan hem goedkeuren via /leden."
    )


def members_title(org_name: str, pharmacies: int, unit_singular: str) -> str:
    count = plural(pharmacies, "apotheek", "apotheken")
    return f"<b>Ledenlijst van {org_name}</b>: {count}, één stem per {unit_singular}."


def pharmacy_line(name: str, agb: str | None, members: list[str]) -> str:
    code = f" (AGB {agb})" if agb else ""
    people = ", ".join(members) if members else "<i>nog geen lid gekoppeld</i>"
    return f"• {name}{code}: {people}"


ROSTER_EMPTY_HINT = (
    "Nog leeg. Stuur een CSV-bestand met <code>apotheek;agb;telegram</code>, "
    "of laat leden zich aanmelden met /aanmelden."
)
NO_PENDING = "Geen openstaande aanmeldingen."


def pending_title(count: int) -> str:
    return f"<b>Aanmeldingen die wachten ({count}):</b>"


def pending_line(member: str, pharmacy: str, agb: str | None) -> str:
    code = f", AGB {agb}" if agb else ", geen AGB-code"
    return f"• {member}: {pharmacy}{code}"


def approve_button(member: str) -> str:
    return f"✅ {member[:28]} goedkeuren"


def reject_button(member: str) -> str:
    return f"❌ {member[:28]} afwijzen"


def reject_confirm_button(member: str) -> str:
    return f"Ja, {member[:28]} afwijzen"


REJECT_BACK_BUTTON = "Nee, terug"
REJECT_ASK = "Weet je het zeker? Tik nog eens om af te wijzen."


REQUEST_GONE = (
    "Deze aanmelding is er niet meer: ingetrokken, vervangen door een nieuwe, of het lid heeft "
    "zijn gegevens laten verwijderen. Er is niets veranderd."
)
REQUEST_DECIDED = "Deze aanmelding is al afgehandeld."


def request_answer(approved: bool, label: str) -> str:
    return f"Goedgekeurd: {label}." if approved else f"Afgewezen: {label}."


def request_done_note(approved: bool, label: str, pharmacy: str) -> str:
    """Above the board's list of registrations once one of them is decided."""
    if approved:
        return f"✅ Goedgekeurd: {label} voor {pharmacy}."
    return f"❌ Afgewezen: {label} ({pharmacy})."


REQUEST_GONE_NOTE = "Een aanmelding uit dit bericht is er niet meer; er is niets mee gedaan."


def pending_elsewhere(count: int) -> str:
    waits = one_or_many(count, "wacht", "wachten")
    return f"Er {waits} nog {plural(count, 'andere aanmelding', 'andere aanmeldingen')}: /leden."


NOTHING_WAITS_HERE = "Hier wacht niets meer. Nieuwe aanmeldingen zie je met /leden."


def member_fallback(member_id: int) -> str:
    """A roster member with neither a name nor a Telegram username."""
    return f"lid {member_id}"


def member_decision_dm(approved: bool, org_name: str, pharmacy: str) -> str:
    """The private message to a member whose registration the board decided (names escaped)."""
    if approved:
        return (
            f"Goed nieuws: je staat op de ledenlijst van {escape(org_name)} voor "
            f"{escape(pharmacy)}. Je kunt nu stemmen."
        )
    return (
        f"Het bestuur van {escape(org_name)} heeft je aanmelding niet goedgekeurd. "
        "Denk je dat dit niet klopt? Neem contact op met het bestuur."
    )


CSV_NOT_BOARD = "Alleen het bestuur kan een ledenlijst sturen."
CSV_MEMBER_IN_GROUP = (
    "Dit lijkt een ledenlijst, maar alleen het bestuur kan de ledenlijst bijwerken. "
    "Er is niets veranderd."
)
CSV_EXCEL_WORKBOOK = (
    "Een Excel-werkmap (.xlsx) kan ik niet lezen. Kies in Excel 'Opslaan als' en dan "
    "CSV (puntkomma-gescheiden) of Unicode-tekst. Er is niets veranderd."
)
CSV_SEVERAL_ORGS = (
    "Je bent bestuur van meer organisaties. Stuur het bestand in de groep van de juiste."
)
CSV_DOWNLOAD_FAILED = "Ik kon het bestand niet ophalen. Probeer het nog eens."


def roster_agb_taken(line: int, agb: str, name: str) -> str:
    return f"regel {line}: AGB-code {agb} hoort op de ledenlijst al bij '<i>{name}</i>'"


def on_the_list(total: int) -> str:
    """ "Er staat nu 1 apotheek" / "Er staan nu 3 apotheken" (the rest of the sentence follows)."""
    verb = one_or_many(total, "staat", "staan")
    return f"Er {verb} nu {plural(total, 'apotheek', 'apotheken')}"


def roster_imported(
    org_name: str, added: int, updated: int, unchanged: int, members: int, total: int
) -> str:
    return (
        f"Ledenlijst van {org_name} bijgewerkt: {added} nieuw, {updated} bijgewerkt, "
        f"{unchanged} ongewijzigd; {plural(members, 'Telegram-gebruiker', 'Telegram-gebruikers')} "
        f"toegevoegd. {on_the_list(total)} op de lijst. "
        "Apotheken die niet in het bestand staan, "
        "blijven staan (hele lijst vervangen: /leden vervang)."
    )


# --- removing pharmacies, replacing the roster ---------------------------------------------

REMOVE_BUTTON = "🗑 Apotheek van de lijst halen"
REPLACE_HINT = "Hele lijst vervangen door een nieuw bestand: /leden vervang"
REMOVE_CHOOSE = "Welke apotheek haal ik van de ledenlijst? Je krijgt eerst nog een vraag."
REMOVE_NONE = "Er staan geen apotheken op de ledenlijst."
REMOVE_NEXT_PAGE = "Volgende →"
REMOVE_GONE = "Deze apotheek staat al niet meer op de ledenlijst."
REMOVE_CANCELLED = "Niets veranderd; de apotheek blijft op de ledenlijst."
REMOVE_YES = "Ja, van de lijst halen"
CANCEL_NO = "Nee, niets doen"
REMOVED_KEEP_VOTES = "Stemmen in gesloten stemmingen blijven staan."


def remove_ask(name: str, agb: str | None, members: list[str]) -> str:
    code = f" (AGB {agb})" if agb else ""
    people = (
        f"Leden die dan niet meer voor deze apotheek stemmen: {', '.join(members)}."
        if members
        else "Er is geen lid aan gekoppeld."
    )
    return f"<b>{name}</b>{code} van de ledenlijst halen?\n{people}\n{REMOVED_KEEP_VOTES}"


def removed_done(name: str, total: int) -> str:
    return (
        f"{name} staat niet meer op de ledenlijst. {on_the_list(total)} op. " + REMOVED_KEEP_VOTES
    )


def replace_waiting(org_name: str, minutes: int) -> str:
    return (
        f"Stuur nu binnen {plural(minutes, 'minuut', 'minuten')} het nieuwe bestand voor "
        f"{org_name}. Apotheken die er niet in staan, gaan van de lijst; je ziet eerst wat er "
        "verandert."
    )


def replace_preview(
    org_name: str, added: int, updated: int, unchanged: int, removed: list[str]
) -> str:
    lines = [
        f"<b>Ledenlijst van {org_name} vervangen?</b>",
        f"Uit het bestand: {added} nieuw, {updated} bijgewerkt, {unchanged} ongewijzigd.",
        f"Deze {len(removed)} gaan van de lijst:" if len(removed) > 1 else "Deze gaat eraf:",
        *(f"• {name}" for name in removed[:50]),
    ]
    if len(removed) > 50:
        lines.append(f"… en nog {len(removed) - 50}.")
    lines.append(REMOVED_KEEP_VOTES)
    return "\n".join(lines)


REPLACE_YES = "Ja, vervangen"
REPLACE_CANCELLED = "Niets veranderd; de ledenlijst blijft zoals hij was."
REPLACE_GONE = "Dit voorstel is al afgehandeld."
REPLACE_CHANGED = (
    "De ledenlijst is intussen veranderd, dus dit voorstel klopt niet meer. Er is niets "
    "veranderd; stuur het bestand opnieuw met bijschrift <code>vervang</code>."
)


def replaced(org_name: str, added: int, updated: int, removed: int, total: int) -> str:
    return (
        f"Ledenlijst van {org_name} vervangen: {added} nieuw, {updated} bijgewerkt, "
        f"{removed} van de lijst gehaald. {on_the_list(total)} op. " + REMOVED_KEEP_VOTES
    )


UNIT_USAGE = "Kies <code>/stemwijze apotheek</code> of <code>/stemwijze lid</code>."


def unit_current(unit_singular: str) -> str:
    return f"Nu geldt: één stem per {unit_singular}. " + UNIT_USAGE


def unit_set(unit_singular: str) -> str:
    return f"Vanaf nu: één stem per {unit_singular} bij nieuwe stemmingen."
