"""What kind of message a member typed, decided before (and steering) the lookup.

A greeting or a thanks needs a friendly word, not a competition-law suggestion; "hoe stem ik"
is about the bot, not the knowledge; "wanneer" asks for a date, "hoeveel" for a number; and
"verschil tussen X en Y" wants both X and Y. Pure functions on the text, no Telegram.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.knowledge.normalize import fold, words

IntentKind = Literal["question", "greeting", "thanks", "bot_help", "when", "how_many", "compare"]


@dataclass(frozen=True)
class Intent:
    kind: IntentKind = "question"
    command: str | None = None  # bot_help: the command that does what was asked
    subjects: tuple[str, str] | None = None  # compare: the two things compared
    permission: bool = False  # "mag ik ...", "is dat erg": a rule's verdict is asked for
    legal: bool = False  # a verdict, or competition law named ("acm", "kartel", "geldt ...")
    definition: bool = False  # "wat is ...", "hoe heet ...": a term is asked for
    contact: bool = False  # phone numbers, addresses, names: facts the knowledge never holds
    price: bool = False  # "wat kost ...": prices of things, which the knowledge does not list
    person: bool = False  # "wie heeft ...": asks for a person


QUESTION = Intent()

_GREETING = frozenset(
    [
        "hoi",
        "hallo",
        "hey",
        "hee",
        "hi",
        "hello",
        "goedemorgen",
        "goedemiddag",
        "goedenavond",
        "morgen",
        "middag",
        "avond",
        "dag",
        "daag",
        "allemaal",
        "iedereen",
        "beste",
        "collegas",
        "collega",
        "team",
        "bot",
        "gaat",
        "het",
        "goed",
        "met",
        "jou",
        "je",
    ]
)
_THANKS = frozenset(
    [
        "bedankt",
        "dank",
        "dankje",
        "dankjewel",
        "dankuwel",
        "thanks",
        "thx",
        "tnx",
        "merci",
        "top",
        "super",
        "fijn",
        "prima",
        "mooi",
        "helder",
        "duidelijk",
        "oke",
        "ok",
        "okay",
        "perfect",
        "geweldig",
        "handig",
        "je",
        "jij",
        "wel",
        "voor",
        "de",
        "hulp",
        "info",
        "antwoord",
    ]
)
# Questions about using the bot itself, and the command that answers them.
_BOT_HELP: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:hoe|waar|kan ik)\b.{0,20}\b(?:stem|stemmen|stemming\w*)\b"), "stemmingen"),
    (re.compile(r"\b(?:lopende|open) (?:stemming|peiling)\w*\b"), "stemmingen"),
    (
        re.compile(
            r"\b(?:wanneer|waar|hoe laat) is (?:de|het) (?:volgende |eerstvolgende )?"
            r"(?:vergadering|alv|ledenvergadering|bijeenkomst|overleg|bestuursvergadering)\b"
        ),
        "agenda",
    ),
    (re.compile(r"\b(?:volgende|eerstvolgende) (?:vergadering|alv|bijeenkomst)\b"), "agenda"),
    (
        re.compile(
            r"\b(?:hoe werkt (?:dit|deze bot|de bot|het)|wat kan (?:je|jij|deze bot|de bot)"
            r"|welke commando\w*|help)\s*\??$"
        ),
        "help",
    ),
]
_WHEN = re.compile(r"\b(?:wanneer|deadline\w*|uiterlijk|uiterste|datum|per wanneer)\b")
_HOW_MANY = re.compile(r"\b(?:hoeveel|hoe ?veel|aantal|hoe groot|hoe hoog)\b")
_PERMISSION = re.compile(
    r"\b(?:mag|mogen|mocht|mochten|toegestaan|verboden|verbod|erg|ok|oke|okay|boete\w*"
    r"|strafbaar|legaal|illegaal|risico|kan dat|kan het|is dat|riskant|allowed)\b"
)
_LEGAL = re.compile(
    r"\b(?:acm|nma|mededinging\w*|kartel\w*|concurren\w*|geldt|gelden|wet|wettelijk"
    r"|juridisch\w*|verbod\w*|sanctie\w*)\b"
)
_DEFINITION = re.compile(
    r"\b(?:wat (?:is|zijn|betekent|betekenen|doet|doen|houdt|houden|bedoelen)|wie (?:is|zijn)"
    r"|hoe heet|uitleg|betekenis|staat voor|afkorting)\b"
)
_CONTACT = re.compile(
    r"\b(?:telefoon\w*|e-?mail\w*|mailadres|adres|adressen|website|openingstijd\w*"
    r"|contactpersoon\w*|rekeningnummer|iban|kvk|wie (?:is|zijn) (?:de|het|onze) "
    r"(?:voorzitter|directeur|bestuur))\b"
)
# A question whether something may be done, or about agreeing it with others, names contact
# words without asking for them: "mogen we onze openingstijden op elkaar afstemmen" is
# competition law, "mogen we elkaars e-mailadressen delen" privacy. A polite request ("mag ik
# het telefoonnummer van de knmp", "mag ik de openingstijden weten") still asks for the fact.
_ALLOWED = re.compile(
    r"\b(?:mag|mogen|mocht|mochten|toegestaan|verboden|verbod|kartel\w*|acm|mededinging\w*"
    r"|strafbaar|legaal|illegaal)\b"
)
_ALIGN = re.compile(
    r"\b(?:afstemm\w*|afgestemd|afspre\w*|afspraak|afspraken|afgesproken|gelijktrekk\w*"
    r"|gelijk (?:trekken|zetten|maken|houden)|op elkaar|met elkaar|onderling|dezelfde)\b"
)
_REQUEST = re.compile(
    r"\b(?:mag|mogen) (?:ik|we|wij) (?:\w+ ){0,6}?(?:weten|hebben|krijgen|ontvangen|opvragen)\b"
    r"|^(?:\w+ )?(?:mag|mogen) (?:ik|we|wij) (?:het|de|je|jouw|jullie|uw|een) (?:\w+ )?"
    r"(?:telefoon\w*|e-?mail\w*|mailadres|adres|website|openingstijd\w*|contactpersoon\w*"
    r"|rekeningnummer|iban|kvk)\b(?: (?:van|voor|bij) [\w &/-]+)?$"
)
_PRICE = re.compile(r"\b(?:wat|hoeveel) (?:kost|kosten)\b|\b(?:prijs|kosten) van (?:een|het|de)\b")
_PERSON = re.compile(r"^(?:\w+ )?wie\b")
_COMPARE = [
    re.compile(r"\bverschil (?:tussen )?(?P<a>.+?) (?:en|of|met) (?P<b>.+?)\s*\??$"),
    re.compile(r"^(?P<a>.+?) (?:en|of) (?P<b>.+?),? wat is (?:het|t|de) verschil\b"),
    re.compile(r"^(?P<a>.+?) (?:vs\.?|versus|of|tegenover) (?P<b>.+?)\s*\??$"),
]


def detect_intent(text: str) -> Intent:
    folded = _fold_query(text)
    if not folded:
        return QUESTION
    plain = folded.replace("-", " ").split()
    if all(w in _GREETING for w in plain):
        return Intent("greeting")
    if any(w.startswith(("bedankt", "dank", "thanks")) for w in plain) and all(
        w in _THANKS or w in _GREETING for w in plain
    ):
        return Intent("thanks")
    for pattern, command in _BOT_HELP:
        if pattern.search(folded):
            return Intent("bot_help", command=command)
    kind: IntentKind = "question"
    # A comparison ends with its sentence: "verschil tussen een hagro en een zorggroep? ik moet
    # er volgende week heen" compares a hagro and a zorggroep, not "zorggroep ik moet ...".
    compared = next(
        (c for sentence in _sentences(text) if (c := _comparison(sentence)) is not None), None
    )
    if compared is not None:
        kind = "compare"
    elif _WHEN.search(folded):
        kind = "when"
    elif _HOW_MANY.search(folded):
        kind = "how_many"
    permission = _PERMISSION.search(folded) is not None
    return Intent(
        kind,
        subjects=compared,
        permission=permission,
        legal=permission or _LEGAL.search(folded) is not None,
        definition=_DEFINITION.search(folded) is not None,
        contact=asks_for_contact(folded),
        price=_PRICE.search(folded) is not None,
        person=_PERSON.search(folded) is not None,
    )


def asks_for_contact(text: str, pattern: re.Pattern[str] = _CONTACT) -> bool:
    """Contact words asked for, not named in a question about agreeing them with others or
    about what may be done with them."""
    folded = _fold_query(text)
    if pattern.search(folded) is None or _ALIGN.search(folded) is not None:
        return False
    return _REQUEST.search(folded) is not None or _ALLOWED.search(folded) is None


def _sentences(text: str) -> list[str]:
    """Sentences end at ?, !, ; and : and at a full stop before a capital ("vs. de rho" and
    "o.a." stay inside one)."""
    return [_fold_query(part) for part in re.split(r"[?!;:]+|\.\s+(?=[A-Z])", text)]


def _fold_query(text: str) -> str:
    """Lower case, no accents or apostrophes, only the characters the patterns read."""
    return " ".join(re.sub(r"[^a-z0-9&/ -]+", " ", fold(text).replace("'", "")).split())


def _comparison(folded: str) -> tuple[str, str] | None:
    """The two subjects of "verschil tussen X en Y", "X vs Y", "X of Y wat is het verschil"."""
    for number, pattern in enumerate(_COMPARE):
        cue = any(w in folded for w in ("verschil", " vs", " versus ", " tegenover "))
        if number == 2 and not cue:
            continue
        match = pattern.search(folded)
        if match is None:
            continue
        a, b = (re.sub(r"\bwat is (?:het|t|de) verschil\b", " ", match[k]) for k in ("a", "b"))
        if words(a) and words(b):
            return a.strip(), b.strip()
    return None
