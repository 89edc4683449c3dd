"""Reading the member roster that the board sends as a CSV file.

Accepted files:

- delimiter ``;`` (Dutch Excel), ``,`` or tab, taken from the first non-empty line (``;``
  wins, then tab, then ``,``);
- encoding UTF-8 with or without BOM, UTF-16 with BOM (Excel "Unicode-tekst"), else cp1252;
- text only: a file with control characters (a picture, a spreadsheet saved as .xlsx, random
  bytes renamed to .csv) is refused before anything is read from it;
- a header row naming the columns (Dutch or English, see `_HEADER_ALIASES`; other columns are
  ignored) is required: without one, nothing tells a member list apart from any other file
  (a PNG decodes as cp1252 into plausible-looking "names");
- the header must show that the rows are pharmacies: a pharmacy column ("apotheek"), or a
  bare "naam" next to an AGB or Telegram column. "naam" alone is in every list of people
  ("naam,email" would make every person a pharmacy, counted in every quorum);
- per row: pharmacy name (required), AGB code (optional; exactly 8 digits after removing
  spaces, dots and hyphens), Telegram usernames (optional; ``@`` and ``t.me/`` are stripped;
  several may be separated by spaces or commas, for "one vote per member").

The whole file is rejected on any error, with every error listed by line number ("regel 4")
as Excel shows it, header counted as line 1. Duplicate pharmacy names (case-insensitive) or
AGB codes are errors; one username on two pharmacies is allowed (an owner of two pharmacies).
Only the 8-digit form of the AGB code is enforced: the prefix ("06" for pharmacies) is not
checked because a wrong rule would block a real roster.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from html import escape

from bot.polls.rules import PollInputError
from bot.texts import roster as roster_texts

MAX_BYTES = 1_000_000
MAX_ROWS = 5_000
MAX_NAME_CHARS = 200
MAX_LISTED_ERRORS = 25

_AGB_STRIP = re.compile(r"[\s.\-]")
_AGB = re.compile(r"^\d{8}$")
_USERNAME = re.compile(r"^[A-Za-z0-9_]{5,32}$")
_USERNAME_SPLIT = re.compile(r"[\s,]+")
_USERNAME_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?(?:t\.me/|telegram\.me/)|^@", re.I)

# Control characters other than tab and line breaks never occur in a text export of a
# spreadsheet; binary files are full of them (also after a lenient cp1252 decode).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

_FILE_PROBLEMS = frozenset(
    {roster_texts.ROSTER_NOT_TEXT, roster_texts.ROSTER_NO_HEADER, roster_texts.ROSTER_NOT_ROSTER}
)

# A name column that does not say "pharmacy": a roster only next to an AGB or Telegram column.
_GENERIC_NAMES = frozenset({"naam", "name"})

_HEADER_ALIASES = {
    "pharmacy": {
        "apotheek",
        "apotheeknaam",
        "naam apotheek",
        "apotheek naam",
        "pharmacy",
        "pharmacy name",
        *_GENERIC_NAMES,
    },
    "agb": {"agb", "agb code", "agbcode", "agb nummer", "agb nr"},
    "username": {
        "telegram",
        "gebruikersnaam",
        "telegram gebruikersnaam",
        "telegramnaam",
        "telegram naam",
        "username",
        "telegram username",
        "usernames",
        "gebruikersnamen",
    },
}


@dataclass(frozen=True)
class RosterEntry:
    line: int
    pharmacy: str
    agb: str | None
    usernames: tuple[str, ...] = ()


class RosterCsvError(PollInputError):
    """The file was rejected; `.errors` lists every problem, `.message` is the reply text."""

    def __init__(self, errors: list[str]) -> None:
        if len(errors) == 1 and errors[0] in _FILE_PROBLEMS:
            # About the whole file, not a line: said as it is, without "1 fout" above it.
            super().__init__(errors[0])
            self.errors = tuple(errors)
            return
        listed = errors[:MAX_LISTED_ERRORS]
        lines = [roster_texts.roster_rejected(len(errors)), ""]
        lines.extend(f"• {error}" for error in listed)
        if len(errors) > len(listed):
            lines.append(roster_texts.roster_more_errors(len(errors) - len(listed)))
        super().__init__("\n".join(lines))
        self.errors = tuple(errors)


def validate_agb(text: str) -> str:
    """The AGB code as 8 digits (spaces, dots, hyphens removed); `PollInputError` otherwise."""
    normal = _AGB_STRIP.sub("", text)
    if not normal:
        raise PollInputError(roster_texts.AGB_EMPTY)
    if not _AGB.match(normal):
        shown = escape(text.strip(), quote=False)
        if normal.isdigit() and len(normal) == 7:
            raise PollInputError(roster_texts.agb_leading_zero(shown))
        raise PollInputError(roster_texts.agb_wrong(shown))
    return normal


_NO_AGB_WORDS = {"geen", "nee", "niet", "onbekend", "weet ik niet", "-", "n.v.t.", "nvt"}


def parse_optional_agb(text: str) -> str | None:
    """An AGB code typed during registration, or None when the member says there is none."""
    if text.strip().lower() in _NO_AGB_WORDS:
        return None
    return validate_agb(text)


def validate_username(text: str) -> str:
    """A Telegram username without "@" (5-32 letters, digits, underscores)."""
    normal = _USERNAME_PREFIX.sub("", text.strip())
    if not _USERNAME.match(normal):
        raise PollInputError(roster_texts.username_invalid(escape(text.strip(), quote=False)))
    return normal


def parse_roster_csv(data: bytes) -> list[RosterEntry]:
    """Parse the whole roster or raise `RosterCsvError` listing every problem."""
    if len(data) > MAX_BYTES:
        raise RosterCsvError([roster_texts.roster_too_large(MAX_BYTES // 1_000_000)])
    text = _decode(data)
    if _CONTROL.search(text):
        raise RosterCsvError([roster_texts.ROSTER_NOT_TEXT])
    if not text.strip():
        raise RosterCsvError([roster_texts.ROSTER_EMPTY])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise RosterCsvError([roster_texts.roster_line_error(reader.line_num, str(exc))]) from exc

    if not rows:
        raise RosterCsvError([roster_texts.ROSTER_EMPTY])
    errors: list[str] = []
    columns = _columns(rows[0][1], errors)
    if errors:
        raise RosterCsvError(errors)
    data_rows = rows[1:]
    if not data_rows:
        raise RosterCsvError([roster_texts.ROSTER_NO_ROWS])
    if len(data_rows) > MAX_ROWS:
        raise RosterCsvError([roster_texts.roster_too_many_rows(len(data_rows), MAX_ROWS)])

    entries: list[RosterEntry] = []
    names: dict[str, int] = {}
    agbs: dict[str, int] = {}
    for line, row in data_rows:
        entry, valid = _entry(line, row, columns, errors)
        key = entry.pharmacy.casefold()
        if key and key in names:
            errors.append(
                roster_texts.roster_name_duplicate(
                    line, escape(entry.pharmacy, quote=False), names[key]
                )
            )
        elif key:
            names[key] = line
        if entry.agb is not None:
            if entry.agb in agbs:
                errors.append(roster_texts.roster_agb_duplicate(line, entry.agb, agbs[entry.agb]))
            else:
                agbs[entry.agb] = line
        if valid:
            entries.append(entry)
    if errors:
        raise RosterCsvError(errors)
    return entries


def looks_like_roster(data: bytes) -> bool:
    """Whether the file is text whose first row names a pharmacy column: a member list, as
    opposed to any other spreadsheet a member shares in the group."""
    try:
        text = _decode(data[:MAX_BYTES])
    except RosterCsvError:
        return False
    if _CONTROL.search(text):
        return False
    first = next((line for line in text.splitlines() if line.strip()), "")
    row = next(csv.reader([first], delimiter=_delimiter(first)), [])
    errors: list[str] = []
    columns = _columns(row, errors)
    return "pharmacy" in columns and roster_texts.ROSTER_NOT_ROSTER not in errors


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif _looks_utf16(data):
        encodings = ["utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"]
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterCsvError([roster_texts.ROSTER_NOT_TEXT])


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without its byte order mark: every other byte of Latin text is zero."""
    sample = data[:400]
    if len(sample) < 4:
        return False
    odd, even = sample[1::2], sample[0::2]
    return odd.count(0) == len(odd) or even.count(0) == len(even)


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    if ";" in first:
        return ";"
    if "\t" in first:
        return "\t"
    return ","


def _normal_header(cell: str) -> str:
    cleaned = cell.replace("\ufeff", "").strip().lower().replace("_", " ").replace("-", " ")
    return " ".join(cleaned.split())


def _columns(first_row: list[str], errors: list[str]) -> dict[str, int]:
    """Column index per field, from the header row (problems are added to `errors`)."""
    found: dict[str, int] = {}
    recognised = False
    pharmacy_named = False
    for index, cell in enumerate(first_row):
        header = _normal_header(cell)
        for field, aliases in _HEADER_ALIASES.items():
            if header in aliases:
                recognised = True
                pharmacy_named |= field == "pharmacy" and header not in _GENERIC_NAMES
                if field in found:
                    errors.append(
                        roster_texts.roster_column_twice(escape(cell.strip(), quote=False))
                    )
                else:
                    found[field] = index
    if not recognised:
        errors.append(roster_texts.ROSTER_NO_HEADER)
    elif "pharmacy" not in found:
        errors.append(roster_texts.ROSTER_NO_NAME_COLUMN)
    elif not pharmacy_named and found.keys() == {"pharmacy"}:
        errors.append(roster_texts.ROSTER_NOT_ROSTER)
    return found


def _cell(row: list[str], columns: dict[str, int], field: str) -> str:
    index = columns.get(field)
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _entry(
    line: int, row: list[str], columns: dict[str, int], errors: list[str]
) -> tuple[RosterEntry, bool]:
    """The row as far as it could be read, and whether it had no errors; the partial entry
    still takes part in the duplicate checks so that every problem is reported at once."""
    before = len(errors)
    name = " ".join(_cell(row, columns, "pharmacy").split())
    if not name:
        errors.append(roster_texts.roster_name_missing(line))
    elif len(name) > MAX_NAME_CHARS:
        errors.append(roster_texts.roster_name_too_long(line, MAX_NAME_CHARS))

    agb: str | None = None
    raw_agb = _cell(row, columns, "agb")
    if _AGB_STRIP.sub("", raw_agb):
        try:
            agb = validate_agb(raw_agb)
        except PollInputError as exc:
            errors.append(roster_texts.roster_line_error(line, exc.message))

    usernames: list[str] = []
    for raw in _USERNAME_SPLIT.split(_cell(row, columns, "username")):
        if not raw:
            continue
        try:
            username = validate_username(raw)
        except PollInputError as exc:
            errors.append(roster_texts.roster_line_error(line, exc.message))
            continue
        if username.casefold() not in (u.casefold() for u in usernames):
            usernames.append(username)

    return RosterEntry(line, name, agb, tuple(usernames)), len(errors) == before
