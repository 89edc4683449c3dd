"""Turns the way members type into comparable tokens.

Members write "wat is n resv eigenlijk?", "O&I", "o en i", "oeni": the scaffolding and filler
carry no meaning for the lookup, accents and case vary, and Dutch inflection ("tarieven",
"tarief") should not matter. Everything the index stores and every query passes through here,
so both sides are treated exactly alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Spellings of the same abbreviation, replaced before tokenising (after lower-casing/accents).
_VARIANTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bo\s*(?:&|en|\+|n)\s*i\b"), " oeni "),
    (re.compile(r"\bo\s*&\s*i\b"), " oeni "),
    (re.compile(r"\b([a-z])\s*&\s*([a-z])\b"), r" \1\2 "),  # "z&z" -> "zz"
    (re.compile(r"\bfto\s*/\s*ftto\b"), " fto "),
    (re.compile(r"\bbasis\s*-\s*min\b"), " basismin "),
    (re.compile(r"\be-health\b"), " ehealth "),
    (re.compile(r"\brhoo?/rhn\b"), " rho rhn "),
    (re.compile(r"\bhuisartsenpost/hds\b"), " huisartsenpost hds "),
    # "z'n" (and a bare "zn" after a preposition or verb) is "zijn"; any other "zn" is ZN.
    (re.compile(r"\bz\s*[’'`´]\s*n\b"), " zijn "),
    (
        re.compile(r"\b(met|in|over|op|aan|voor|van|naar|bij|uit|om|heeft|had|dat|die)\s+zn\b"),
        r"\1 zijn",
    ),
]

# Question scaffolding: phrases that frame a question but say nothing about its subject.
_SCAFFOLDING = [
    r"wat (?:is|zijn|betekent|betekenen|bedoel(?:en|t) (?:ze|je|jullie|men)? ?met|houdt|houden)",
    r"wat wordt (?:er )?bedoeld met",
    r"wat (?:valt|vallen|hoort|horen) (?:er )?(?:allemaal )?(?:onder|bij)",
    r"wat (?:is|zijn) (?:eigenlijk|precies|nou|nu)",
    r"kun(?:t|nen)? (?:je|jij|u|jullie) (?:mij|me)? ?(?:uitleggen|vertellen)(?: wat)?",
    r"(?:leg|vertel) (?:eens |me |mij )*(?:uit )?(?:wat)?",
    r"weet (?:je|jij|iemand) (?:wat|hoe|of)",
    r"ik (?:wil|zou) graag weten",
    r"hoe zit (?:het|dat) (?:met|eigenlijk)",
    r"wie (?:is|zijn)",
    r"waar staat",
    r"voor staat",
    r"staat voor",
    r"in het kort",
    r"\bin\s*$",
]
_SCAFFOLDING_RE = re.compile(r"\b(?:" + "|".join(_SCAFFOLDING) + r")\b")

STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "n",
        "t",
        "s",
        "een'",
        "der",
        "den",
        "des",
        "is",
        "zijn",
        "was",
        "waren",
        "wordt",
        "worden",
        "word",
        "werd",
        "ben",
        "bent",
        "ik",
        "je",
        "jij",
        "u",
        "we",
        "wij",
        "jullie",
        "ze",
        "zij",
        "hij",
        "men",
        "mij",
        "me",
        "ons",
        "onze",
        "jou",
        "jouw",
        "mijn",
        "er",
        "daar",
        "hier",
        "dit",
        "dat",
        "deze",
        "die",
        "wat",
        "welke",
        "wie",
        "hoe",
        "waarom",
        "waar",
        "van",
        "in",
        "op",
        "aan",
        "met",
        "voor",
        "bij",
        "naar",
        "om",
        "tot",
        "uit",
        "over",
        "door",
        "als",
        "dan",
        "of",
        "en",
        "maar",
        "ook",
        "nog",
        "al",
        "eigenlijk",
        "precies",
        "nou",
        "nu",
        "even",
        "eens",
        "toch",
        "gewoon",
        "zo",
        "heel",
        "erg",
        "wel",
        "echt",
        "graag",
        "soms",
        "iets",
        "iemand",
        "ergens",
        "alles",
        "hoi",
        "hallo",
        "hey",
        "beste",
        "vraag",
        "vraagje",
        "bot",
        "please",
        "pls",
        "aub",
        "svp",
        "ff",
        "effe",
        "kan",
        "kun",
        "kunt",
        "kunnen",
        "zou",
        "zouden",
        "moet",
        "moeten",
        "mogelijk",
        "eigenlijk",
        "ofzo",
        "enzo",
        "zoiets",
        "dus",
        "hoe",
        "laat",
        "laten",
        "gaat",
        "gaan",
        "ga",
        "doen",
        "doe",
        "doet",
        "hebben",
        "heb",
        "heeft",
        "had",
        "zeggen",
        "zegt",
        "zei",
        "weten",
        "weet",
        "willen",
        "wil",
        "wilt",
        "komen",
        "komt",
        "kom",
        "staan",
        "staat",
        "zit",
        "zitten",
        "precies",
        "ongeveer",
        "misschien",
        "ook",
        "nog",
        "steeds",
        "alleen",
        "uitleg",
        "uitleggen",
        "betekenis",
        "betekent",
        "bedoeld",
        "bedoelen",
        "info",
        "informatie",
        "ermee",
        "erover",
        "eraan",
        "daarmee",
        "daarover",
        "hierover",
        "vertel",
        "vertellen",
        "zeg",
        "what",
        "is",
        "a",
        "an",
        "the",
        "exactly",
        "how",
        "does",
        "do",
        "mean",
        "means",
        "of",
        "for",
        "and",
        "can",
        "i",
        "we",
        "you",
        "about",
        "allemaal",
        "iedereen",
        "hoort",
        "horen",
        "denk",
        "denken",
        "vind",
        "vinden",
        "mensen",
        "ding",
        "dingen",
        "beetje",
        "zeker",
        "valt",
        "vallen",
        "onder",
        "vd",
        "vh",
        "mn",
        "afk",
        "afkorting",
        "qua",
        "ivm",
        "gwn",
        "gewoon",
        "gister",
        "gisteren",
        "mss",
        "misschien",
        "haha",
        "hihi",
        "idd",
        "tzt",
        "bv",
        "bijv",
        "ipv",
        "tov",
        "sorry",
        "snap",
        "snappen",
        "begrijp",
        "begrijpen",
        "nks",
        "niks",
        "niets",
        "lukt",
        "lukken",
        "want",
        "omdat",
        "he",
        "ie",
        "net",
        "hoor",
        "best",
        "leuk",
        "lijkt",
        "lijk",
        "zover",
        "vaker",
        "vaak",
        "all",
        "quick",
        "q",
        "which",
        "are",
        "there",
        "that",
        "my",
        "ok",
        "oke",
        "ja",
        "nee",
        "weer",
        "eens",
        "nogal",
        "trouwens",
        "sowieso",
        "eigenlijks",
        "überhaupt",
        "uberhaupt",
        "waarschijnlijk",
        "volgens",
        "mij",
        "jullie",
    ]
)

_stemmer = snowballstemmer.stemmer("dutch")


def fold(text: str) -> str:
    """Lower case without accents, '&' kept (it matters for 'o&i')."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_DOUBLE_VOWEL = re.compile(r"([aeou])\1")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball's Dutch stem with doubled vowels made single, so that "apotheek" and
    "apotheken" (snowball: "apotheek", "apothek") meet."""
    if len(word) <= 3 or word.isdigit():
        return word
    return _DOUBLE_VOWEL.sub(r"\1", str(_stemmer.stemWord(word)))


_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}(?:[a-z]\b)?")


def tokens(text: str, drop_scaffolding: bool = True) -> tuple[str, ...]:
    """Normalised, stemmed content tokens of `text`."""
    return tuple(stem(w) for w in words(text, drop_scaffolding))


def words(text: str, drop_scaffolding: bool = True) -> tuple[str, ...]:
    """Normalised content words of `text`, before stemming."""
    folded = fold(text)
    folded = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), folded)  # "r.a.o." -> "rao"
    for pattern, replacement in _VARIANTS:
        folded = pattern.sub(replacement, folded)
    folded = re.sub(r"[’'`´]", "", folded)
    folded = re.sub(r"[^a-z0-9]+", " ", folded)
    if drop_scaffolding:
        folded = _SCAFFOLDING_RE.sub(" ", folded)
    return tuple(w for w in folded.split() if w not in STOPWORDS)


def normalized(text: str) -> str:
    return " ".join(tokens(text))
