from __future__ import annotations

import pytest

from bot.polls.roster_csv import (
    MAX_ROWS,
    RosterCsvError,
    RosterEntry,
    looks_like_roster,
    parse_roster_csv,
    validate_agb,
    validate_username,
)
from bot.polls.rules import PollInputError
from bot.texts import roster as roster_texts


def errors_of(data: bytes) -> tuple[str, ...]:
    with pytest.raises(RosterCsvError) as info:
        parse_roster_csv(data)
    return info.value.errors


def test_dutch_excel_semicolon_with_bom() -> None:
    data = (
        "\ufeffApotheek;AGB-code;Telegram\r\n"
        "Apotheek De Linde;06 01.23 45;@linde_apo\r\n"
        "Apotheek Zuid, Utrecht;;\r\n"
        ";;\r\n"
    ).encode()
    assert parse_roster_csv(data) == [
        RosterEntry(2, "Apotheek De Linde", "06012345", ("linde_apo",)),
        RosterEntry(3, "Apotheek Zuid, Utrecht", None, ()),
    ]


def test_english_comma_header_in_other_order_with_extra_column() -> None:
    data = b"username,city,pharmacy name,agb\njan_de_apotheker,Zwolle,Noord,06000001\n"
    assert parse_roster_csv(data) == [RosterEntry(2, "Noord", "06000001", ("jan_de_apotheker",))]


def test_cp1252_fallback() -> None:
    data = "apotheek;agb\nApotheek Coöperatie Één;06000002\n".encode("cp1252")
    assert parse_roster_csv(data)[0].pharmacy == "Apotheek Coöperatie Één"


def test_utf16_with_bom_and_tabs() -> None:
    data = "naam\tagb\nWest\t06000003\n".encode("utf-16")
    assert parse_roster_csv(data) == [RosterEntry(2, "West", "06000003", ())]


def test_utf16_without_bom_is_read_too() -> None:
    data = "naam\tagb\nWest\t06000003\n".encode("utf-16-le")
    assert parse_roster_csv(data) == [RosterEntry(2, "West", "06000003", ())]


def test_a_file_without_header_is_refused() -> None:
    # Before: the first row was taken as data in the order apotheek, agb, telegram, so any
    # file (a picture decoded as cp1252) became "pharmacies".
    data = b"De Linde;06012345;linde_apo\nZuid;06012346\n"
    assert errors_of(data) == (roster_texts.ROSTER_NO_HEADER,)


PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


@pytest.mark.parametrize(
    "data",
    [
        PNG + b"rubbish\xff\xfe" + bytes(range(256)),
        bytes((i * 37 + 11) % 256 for i in range(2000)),  # "random" bytes, reproducible
        b"apotheek;agb\nDe Linde\x07;06012345\n",  # one control character is enough
        b"PK\x03\x04\x14\x00\x06\x00",  # an .xlsx workbook renamed to .csv
    ],
    ids=["png", "random", "bell", "xlsx"],
)
def test_binary_content_is_refused_as_not_text(data: bytes) -> None:
    with pytest.raises(RosterCsvError) as info:
        parse_roster_csv(data)
    assert info.value.errors == (roster_texts.ROSTER_NOT_TEXT,)
    assert info.value.message == roster_texts.ROSTER_NOT_TEXT  # said once, without "1 fout"


def test_several_usernames_in_one_cell() -> None:
    data = b"apotheek;telegram\nDe Linde;@anna_apo, https://t.me/bert_apo  @Anna_apo\n"
    assert parse_roster_csv(data)[0].usernames == ("anna_apo", "bert_apo")


def test_all_errors_are_listed_with_line_numbers() -> None:
    data = (
        b"apotheek;agb;gebruikersnaam\n"
        b"De Linde;12345;linde_apo\n"
        b"Zuid;6012345;\n"
        b";06000001;\n"
        b"Noord;06000002;@ab\n"
        b"de linde;06000003;\n"
        b"Oost;06000002;\n"
    )
    errors = errors_of(data)
    assert errors == (
        "regel 2: AGB-code '<i>12345</i>' moet 8 cijfers hebben",
        "regel 3: AGB-code '<i>6012345</i>' moet 8 cijfers hebben; mist de voorloopnul? "
        "Excel haalt die soms weg, zet de kolom dan op 'Tekst'",
        "regel 4: de naam van de apotheek ontbreekt",
        "regel 5: Telegram-gebruikersnaam '<i>@ab</i>' klopt niet: 5 tot 32 tekens, "
        "alleen letters, cijfers en _",
        "regel 6: apotheek '<i>de linde</i>' staat ook op regel 2",
        "regel 7: AGB-code 06000002 staat ook op regel 5",
    )


def test_duplicates_name_and_agb() -> None:
    data = b"apotheek;agb\nDe Linde;06000001\nDE  LINDE;06000002\nOost;06000001\n"
    assert errors_of(data) == (
        "regel 3: apotheek '<i>DE LINDE</i>' staat ook op regel 2",
        "regel 4: AGB-code 06000001 staat ook op regel 2",
    )


def test_rejection_message_counts_errors() -> None:
    with pytest.raises(RosterCsvError) as info:
        parse_roster_csv(b"apotheek;agb\nA;1\nB;2\n")
    assert info.value.message.startswith("Ik heb de ledenlijst niet overgenomen: 2 fouten.")
    assert "• regel 3: AGB-code '<i>2</i>' moet 8 cijfers hebben" in info.value.message


def test_long_error_list_is_capped_in_message() -> None:
    rows = "".join(f"A{i};1\n" for i in range(40))
    with pytest.raises(RosterCsvError) as info:
        parse_roster_csv(("apotheek;agb\n" + rows).encode())
    assert len(info.value.errors) == 40
    assert "… en nog 15 andere." in info.value.message


def test_escapes_user_text_in_errors() -> None:
    errors = errors_of(b"apotheek;agb\n<b>X</b>;<i>\n")
    assert errors == ("regel 2: AGB-code '<i>&lt;i&gt;</i>' moet 8 cijfers hebben",)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "leeg"),
        (b"\n ;; \n", "leeg"),
        (b"apotheek;agb\n", "geen apotheken"),
        (b"agb;telegram\n06000001;linde_apo\n", "geen kolom met de naam"),
        (b"apotheek;naam\nA;B\n", "staat er twee keer in"),
        (b"\x81\x8d\x8f\x90\x9d", "geen tekstbestand"),
        (b"Apotheek De Linde;06012345\n", "mis de kopregel"),
        (b"naam,email\nJan,jan@x.nl\n", "geen ledenlijst"),
        (b"Name\nJan\n", "geen ledenlijst"),
    ],
)
def test_file_level_errors(data: bytes, fragment: str) -> None:
    assert any(fragment in error for error in errors_of(data))


def test_limits() -> None:
    assert "groter dan 1 MB" in errors_of(b"a" * 1_000_001)[0]
    rows = "".join(f"Apotheek {i}\n" for i in range(MAX_ROWS + 1))
    assert "maximum is 5000" in errors_of(("apotheek\n" + rows).encode())[0]
    ok = "".join(f"Apotheek {i}\n" for i in range(MAX_ROWS))
    assert len(parse_roster_csv(("apotheek\n" + ok).encode())) == MAX_ROWS


@pytest.mark.parametrize(
    ("text", "agb"),
    [("06012345", "06012345"), (" 06.01.23.45 ", "06012345"), ("06-012345", "06012345")],
)
def test_validate_agb(text: str, agb: str) -> None:
    assert validate_agb(text) == agb


@pytest.mark.parametrize("text", ["", "  ", "0601234", "060123456", "0601234a", "AGB"])
def test_validate_agb_rejects(text: str) -> None:
    with pytest.raises(PollInputError) as info:
        validate_agb(text)
    assert "8 cijfers" in info.value.message


@pytest.mark.parametrize(
    ("text", "username"),
    [
        ("@Jan_Apo", "Jan_Apo"),
        ("jan12", "jan12"),
        ("t.me/jan_apo", "jan_apo"),
        ("x" * 32, "x" * 32),
    ],
)
def test_validate_username(text: str, username: str) -> None:
    assert validate_username(text) == username


@pytest.mark.parametrize("text", ["jan", "@jan", "jan-apo", "x" * 33, "jan apo", "jän_apo"])
def test_validate_username_rejects(text: str) -> None:
    with pytest.raises(PollInputError):
        validate_username(text)


def test_looks_like_roster() -> None:
    assert looks_like_roster(b"Apotheek;AGB\nDe Linde;06012345\n")
    assert looks_like_roster("naam\tagb\nWest\t06000003\n".encode("utf-16"))
    assert not looks_like_roster(b"datum;bedrag\n1-1;12\n")  # another spreadsheet
    assert not looks_like_roster(PNG)
    assert not looks_like_roster(b"naam;email\nJan;jan@x.nl\n")  # a list of people
    assert looks_like_roster(b"naam;telegram\nWest;apo_west\n")


def test_a_bare_name_column_is_a_roster_only_next_to_agb_or_telegram() -> None:
    assert errors_of(b"naam,email\nJan,jan@x.nl\n") == (roster_texts.ROSTER_NOT_ROSTER,)
    with pytest.raises(RosterCsvError) as info:
        parse_roster_csv(b"naam,email\nJan,jan@x.nl\n")
    assert info.value.message == roster_texts.ROSTER_NOT_ROSTER  # said once, without "1 fout"
    assert parse_roster_csv(b"naam;telegram\nWest;apo_west\n") == [
        RosterEntry(2, "West", None, ("apo_west",))
    ]
    assert parse_roster_csv(b"apotheek\nWest\n") == [RosterEntry(2, "West", None, ())]
