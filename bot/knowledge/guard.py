"""Competition-law guard for group-chat messages.

Members of an RAO are competitors. When one of them asks in the group what a colleague gets from
an insurer, proposes a common minimum price or suggests splitting up a neighbourhood, the bot
should give a friendly nudge towards the relevant rule. This module only decides *whether* a
message looks like that and *which* rule fits best; wording and sending live elsewhere.

The approach is deliberately simple and explainable (keyword and regex groups over a normalised
text) instead of a trained classifier: the board must be able to read why a message was flagged,
and a false alarm in a group chat is annoying, so every signal needs a commercial anchor
(a price word, an amount of money or an insurer) before it counts.

Signals (all on lower-cased, accent-free text):
- commercial terms (tarief, prijs, marge, korting, offerte, bod, honorarium, indexatie, ...);
- insurers (cz, vgz, menzis, zilveren kruis, zz, ...);
- money: a euro amount ("8 euro", "12k", "7,85", "per regel", a bare "niet onder de 7") or a
  percentage; a percentage alone is weaker, as it is often a share of patients;
- cues towards colleagues: asking for their terms (also yes/no questions and comparisons),
  sending one's own terms around, aligning ("laten we", "niemand onder", "ik sluit me aan"),
  announcing future prices;
- collective action against an insurer: aligning plus signing, refusing, not responding to a
  request for offers, terminating together;
- market division: patients, areas or institutions allocated between colleagues ("jij ... wij",
  "is voor jullie", hands off someone's patch), or agreeing who bids on a tender;
- shutting out a newcomer.

Exclusions: bot commands; questions about the rules themselves ("mag ik ...", "wat zegt de acm
...") unless the message also carries a concrete price or asks a colleague for theirs; the
RAO's own membership fee or costs, which are not a competitive matter between members; and
public information (NZa tariffs, insurer news, premiums) that is passed on without aligning or
asking colleagues for their own terms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["GuardVerdict", "assess", "normalise"]

# Rule ids in data/rules.yaml that the guard can point to.
RULE_SHARING = "acm-tarieven-delen"
RULE_PRICE_FIXING = "acm-prijsafspraken"
RULE_FUTURE_PRICES = "acm-toekomstige-prijzen"
RULE_MARKET_DIVISION = "acm-marktverdeling"
RULE_EXCLUSION = "acm-nieuwe-apotheek-weren"
RULE_LABOUR = "acm-arbeidsmarkt"
RULE_COLLECTIVE = "acm-collectief-onderhandelen"

GUARD_RULE_IDS: frozenset[str] = frozenset(
    {
        RULE_SHARING,
        RULE_PRICE_FIXING,
        RULE_FUTURE_PRICES,
        RULE_MARKET_DIVISION,
        RULE_EXCLUSION,
        RULE_LABOUR,
        RULE_COLLECTIVE,
    }
)


@dataclass(frozen=True)
class GuardVerdict:
    """Whether a message looks like sharing or aligning commercial terms, and the best rule."""

    risky: bool
    rule: str | None


_OK = GuardVerdict(risky=False, rule=None)


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# Words for commercial terms. No leading \b on purpose: compounds such as
# "dienstverleningstarieven" or "kortingspercentage" must match too.
COMMERCIAL = _rx(
    r"tarie?f",
    r"tarie?ven",
    r"tarrie",
    r"prij[sz]",
    r"\bmarge",
    r"korting",
    r"offerte",
    r"\b(?:tegen)?bod\b",
    r"\bbieden\b",
    r"\bbied[t]?\b",
    r"\bbood\b",
    r"indexatie",
    r"vergoeding",
    r"\bbedrag",
    r"ondergrens",
    r"bovengrens",
    r"contractvoorwaarden",
    r"\bvolumes?\b",
    r"onderhandel",
    r"\w+kosten\b",
    r"\bverhoging",
    r"\bfinancieel\b",
    r"bonus",
    # Implicit prices: "niet lager gaan dan vorig jaar".
    r"\bniet (?:lager|goedkoper)\b",
    r"\b(?:minder|lager|meer|hoger) dan vorig jaar\b",
    r"\b(?:duurder|goedkoper|gratis)\b",
    r"\bverho(?:og|gen)\w*",
    r"\bverla(?:ag|gen)\w*",
    r"\bzakk?(?:en|t)?\b",
    r"\breken(?:t|en)?\b(?!\s+op\b)",
    r"\bwinst",
    r"\bverdien\w*",
    r"\bomzet",
    # Fees for pharmaceutical services ("honorarium voor de baxter") and deals on offer.
    r"honorar",
    r"\bdeals?\b",
    r"\b(?:goedkoop|duur)ste\b",
    r"\bhoud\w*\b[^.?!]{0,30}\bover\b",
)

INSURER = _rx(
    r"\bcz\b",
    r"\bvgz\b",
    r"\bmenzis\b",
    r"zilveren kruis",
    r"\bzk\b",
    r"zorg en zekerheid",
    r"\bzz\b",
    r"\bdsw\b",
    r"\bditzo\b",
    r"\ba\.?s\.?r\.?\b",
    r"\bonvz\b",
    r"\bsalland\b",
    r"\bde friesland\b",
    r"\bzorgverzekeraar",
    r"\bverzekeraar",
)

# An amount that looks like a price: euros, cents, thousands ("12k"), a decimal price ("7,85"),
# a unit price ("per regel") or a bare floor/ceiling ("niet onder de 7 zitten"), where the unit
# is left out because everyone in the group knows it is euros.
EURO_AMOUNT = _rx(
    r"\d+(?:[.,]\d+)?\s*(?:euro|eur|cent)\b",
    r"\beuro\s*\d",
    r"\b\d+(?:[.,]\d+)?\s*k\b",
    r"\b\d+,\d{2}\b",
    r"\bper\s+(?:regel|rol|weekrol|recept|uur|review|terhandstelling|th|levering|doos)\b",
    r"\b(?:onder|boven) de \d+(?:[.,]\d+)?\b"
    r"(?!\s*(?:jaar|uur|minuten|dagen|weken|patient|recept|km))",
)
# A percentage. On its own it is weaker evidence than a euro amount: "30% van jullie patienten"
# or "85 procent van de huisartsen" is a share of a population, not a price.
PERCENT = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|procent|pct)"
    r"(?!\s+van\s+(?:de|het|alle|onze|jullie|je|jouw|mijn|hun|die|deze)\b)"
)

_PERSON = r"(?:jij|jullie|je|jou|jouw|u|iemand|iedereen|mensen|wie)"
ADDRESSEE = re.compile(r"\b(?:jij|jullie|jouw|jou)\b")
FIRST_PERSON = re.compile(r"\b(?:ik|wij|we|ons|mij|me)\b")

# Asking colleagues for their terms: a question word, a verb of getting/giving/charging, and a
# person ("wat heb jij gekregen", "hoeveel krijgen jullie", "wie zit er boven ...").
ASK = _rx(
    r"\b(?:hoeveel|hoe ?veel|hoe hoog)\b",
    r"\bhoe sta(?:an|at)\b",
    r"\b(?:wat|welke?|wie)\b[^?.!]{0,60}?"
    r"\b(?:heb|hebt|hebben|heeft|krijg\w*|kreeg|gekregen|bied\w*|bood|geboden|geeft|geven|gaf"
    r"|vraag\w*|gevraagd|reken\w*|zit|zitten|betaal\w*|eis\w*|onderhandeld|afgesproken"
    r"|gehaald|ontvang\w*|is|zijn|was|waren|ken|kent|weet|weten|gehoord|verhoog\w*|houd\w*|hou)\b",
)
PERSON = re.compile(rf"\b{_PERSON}\b")

# Asking what a colleague charges or gets, even without a price word ("wat rekenen jullie ...").
PRICE_ASK = _rx(
    r"\b(?:wat|hoeveel)\b[^?.!]{0,20}?\b(?:reken\w*|vraag\w*|krijg\w*|betaal\w*)\b"
    r"[^?.!]{0,15}?\b(?:jij|jullie|je|jouw|u)\b",
    # Person first, also a third colleague: "wat hij voor de medicatiebeoordeling krijgt".
    r"\b(?:wat|hoeveel)\s+(?:jij|jullie|je|u|hij|zij|ze|iemand)\b[^?.!]{0,40}?"
    r"\b(?:reken\w*|vraagt|vragen|krijg\w*|betaal\w*|ontvang\w*)\b",
)

# Yes/no questions to colleagues about what they have, get, offer or charge ("heeft iemand al
# een bod gedaan bij zz?"). Only counted together with a price word: "hebben jullie ook last
# van die phishing mails van cz" is no request for terms. "weet iemand" is left out on purpose;
# it mostly asks for public facts ("weet iemand wanneer de z-index update komt").
YESNO_ASK = re.compile(
    r"(?:^|[.?!:]\s*)(?:heeft|hebben|heb|hebt|krijgt|krijgen|krijg|doet|doen|gaat|gaan|rekent"
    r"|rekenen|vraagt|vragen|biedt|bieden|zit|zitten)\s+(?:er\s+)?(?:al\s+)?"
    r"(?:iemand|jullie|jij|je|u|een van jullie)\b"
)

# Comparing one's own terms with colleagues' ("of ik te weinig krijg vergeleken met jullie").
COMPARE = re.compile(
    r"\b(?:vergele\w*|vergelijk\w*|naast)\b[^.?!]{0,30}\b(?:jou|jullie|jouw|anderen|de rest"
    r"|collega\w*)\b"
)

# A colleague's own commercial data, addressed directly ("jouw tarief", "jullie marge").
SECOND_PERSON_TERMS = re.compile(
    r"\b(?:jouw|je|jullie)\s+(?:\w+\s+)?"
    r"(?:tarie?f\w*|tarie?ven|prij[sz]\w*|marge\w*|korting\w*|offerte\w*|bod|ondergrens"
    r"|contract\w*|uurtarief|bedrag\w*|apotheek)\b"
)

# Sending one's own terms around, or asking others to post theirs.
SHARE = _rx(
    # "sturen" only with a member as sender or addressee: in "zilveren kruis stuurt volgende
    # week de contracten" the insurer sends, which is news rather than sharing.
    r"^stuur\w*\b",
    r"\b(?:ik|we|wij|jij|je|jullie|iemand|u|me|mij|ons)\b[^.?!]{0,20}\bstuur\w*\b",
    r"\bstuur\w*\b\s+(?:ik|we|wij|jij|je|jullie|iemand|u|me|mij|ons)\b",
    # Verbs only: "een mail van zz gehad" is not sharing.
    r"\b(?:mailen|mailt|appen|appt|whatsappen|forward\w*)\b",
    r"\bmail (?:ik|ik je|je|jullie|het|hem|ze|m)\b",
    r"\b(?:door|rond)\s?(?:sturen|zetten)\b",
    r"\b(?:kan|kun|kunnen|wil|wilt|zal|zullen)\b[^?.!]{0,60}?\b(?:delen|posten|sturen)\b",
    r"\bin de (?:groep|app|drive)\b",
    r"\bnaast de mijne\b",
    r"\bieders\b",
    r"\bvan iedereen\b",
    r"\binvullen\b",
    r"\blaten? zien\b",
    r"\blaat\b[^.?!]{0,40}\bzien\b",
    r"\b(?:zet|plaats|post|gooi|drop)\w*\b[^.?!]{0,40}\b(?:hier|online)\b",
    r"\b(?:hier|online)\b[^.?!]{0,20}\b(?:zet|plaats|post|gooi|drop)\w*\b",
)

# Aligning behaviour between competitors.
ALIGN = _rx(
    r"\blaten we\b",
    r"\bzullen we\b",
    r"\bafspreken\b",
    r"\ballemaal\b",
    r"\bmet z.?n allen\b",
    r"\bniemand\b",
    r"\bsamen\b",
    r"\bals groep\b",
    r"\bhetzelfde\b",
    r"\bdezelfde\b",
    r"\bgelijk\s+(?:trekken|zetten|houden)\b",
    r"\bgelijke\b",
    r"\bspreken\b[^.?!]{0,30}\baf\b",
    r"\bafgesproken\?",
    r"\b(?:1|een|één) lijn\b",
    r"\bniet onder\b",
    r"\bonder de \d",
    r"\bvasthouden\b",
    r"\bstaan we sterk\b",
    r"\bhopelijk ook\b",
    r"\bjullie ook\b",
    r"\bdat ook\b",
    r"\bafstemmen\b",
    r"\boptrekken\b",
    r"\bminimum\b",
    r"\bniet (?:lager|goedkoper)\b",
    r"\bgezamenlijk\w*\b",
    r"\bstandpunt\b",
    r"\bals ik (?:jou|jullie) was\b",
    r"\book niet doen\b",
    # Agreeing with or following the others: "ik sluit me aan", "we zijn het eens",
    # "doe er je voordeel mee".
    r"\bsluit\w*\s+(?:me|mij|ons|je)\s+aan\b",
    r"\b(?:het|helemaal) (?:mee )?eens\b",
    r"\bmee eens\b",
    r"\bje voordeel mee\b",
    r"\btegelijk\b",
)

# Collective bargaining against an insurer: joint bids, joint refusals to sign.
# Also the ways a boycott is written: not responding to a request for offers, not "going into"
# a deal, not getting involved with an insurer, terminating together.
COLLECTIVE = _rx(
    r"\bteken(?:en|t)\b",
    r"\baccepte\w*",
    r"\bweiger\w*",
    r"\btegenbod\b",
    r"\bstaan we sterk\b",
    r"\bniet mee in\b",
    r"\breage?er\w*\b",
    r"\buitvraag\b",
    r"\bin zee\b",
    r"\bingaan op\b",
    r"\b(?:ga|gaat|gaan)\b(?:\s+\w+){0,2}\s+in op\b",
    r"\bopzeg\w*",
    # Split verb at the end of a clause: "zeggen we allemaal het contract met onvz op?"
    r"\bzeg\w*\b(?:\s+\S+){0,8}\s+op\s*(?:[.?!,]|$)",
    r"\bboycot\w*",
    r"\bcontracter\w*",
)

# Labour market: wages and rates of locums or self-employed staff.
LABOUR = _rx(r"\bzzp", r"invalkracht", r"\buurtarief", r"\bper uur\b", r"\bsalaris", r"\bloon\b")

# Announcing one's own future prices.
FUTURE = _rx(
    r"\bvolgend jaar\b",
    r"\bper 1 januari\b",
    r"\b(?:ga|gaan|gaat)\b[^.]{0,40}\bverhog",
    r"\bverhogen\b",
)

# Market division: who serves which patients, areas or institutions.
AREA_OR_PATIENTS = _rx(
    r"patient",
    r"client",
    r"\bklant",
    r"wijk",
    # No leading \b: "woonzorgcentrum", "revalidatiecentra", "gezondheidscentrum".
    r"centr(?:um|a)\b",
    r"\blocaties?\b",
    r"\bvestiging",
    r"\bpoli(?:'?s|kliniek\w*)?\b",
    r"\bdorp\b",
    r"\bnoord",
    r"\bzuid",
    r"\boost(?:en|kant)?\b",
    r"\bwest",
    r"postcode",
    r"\bgebied",
    r"\bhuisarts",
    r"\bpraktijk",
    r"verpleeghui",
    r"verzorgingshui",
    r"\binstelling",
    r"ziekenhuis",
    r"thuiszorg",
    r"\binschrijving",
    r"\bflat\b",
    r"\bstraat\b",
    r"\bbuurt\b",
    r"\bbewoners?\b",
    r"woning",
    r"\bouderen\b",
    r"\bkern\b",
    r"\bterrein\b",
    r"kant\b",
)
PRONOUN_PAIR = _rx(
    r"\b(?:jij|jou|jullie)\b[^?!]{0,80}\b(?:wij|we|ik|ons)\b",
    r"\b(?:wij|we|ik|ons)\b[^?!]{0,80}\b(?:jij|jou|jullie)\b",
)
# A third colleague against oneself ("met pieter afgesproken dat hij de wijk noord doet en ik
# oost"). "hij" and "zij" are just as often a patient or a doctor, so this only counts when the
# message speaks of an agreement.
THIRD_PARTY_PAIR = _rx(
    r"\b(?:hij|zij)\b[^?!]{0,80}\b(?:wij|we|ik|ons)\b",
    r"\b(?:wij|we|ik|ons)\b[^?!]{0,80}\b(?:hij|zij)\b",
)
# An agreement, a promise or a reciprocal condition ("als zij dat ook niet doet").
AGREED = _rx(
    r"\bafgesproken\b",
    r"\bafspraak\b",
    r"\bafspreken\b",
    r"\bspreken\b[^.?!]{0,30}\baf\b",
    r"\bbelo(?:of|oft|ven|ofd)\b",
    r"\btoezegging\b",
    r"\bals (?:hij|zij|jij|je|jullie) (?:dat|het) ook\b",
)
ALLOCATION_VERB = _rx(
    r"\b(?:doe|doet|doen|neem|neemt|nemen|krijg|krijgt|krijgen|laat|laten|houd\w*|hou"
    r"|blijf\w*|bedien\w*|pak\w*)\b",
    r"\b(?:is|zijn) voor\b",
    r"\bde rest\b",
)
ALLOCATION = _rx(
    # "verdelen", "verdeeld", "verdeling", "indeling".
    r"\bverde(?:e?l|lin)",
    r"\bindeling\b",
    # "de rest is voor ons", but not "voor ons project": a noun after it makes it a purpose.
    r"\bvoor ons\b(?!\s+(?!(?:en|toch|dus|ok|oke|zo|houden|blijft|blijven|is|zijn)\b)[a-z])",
    r"\b(?:is|zijn|blijft|blijven) voor (?:jou|jullie|hem|haar|mij)\b",
    r"\b(?:50/50|fifty.fifty)\b",
    r"\b(?:ieder|elk) de helft\b",
    r"\btegen elkaar\b",
    r"\belkaars\b",
    r"\bvan elkaar\b",
    r"\bin de weg\b",
    r"\bblijv\w*\b[^.]{0,30}\b(?:uit|af|weg)\b",
    r"\bis van ons\b",
    r"\bons terrein\b",
    r"\bweiger",
)

# Keeping one's hands off a patch. Alone these are everyday words ("laat die patient even met
# rust"), so they only count when set against a colleague, also across sentences ("jij neemt
# ... toch? dan laat ik die locatie met rust"), against each other, or as something agreed.
HANDS_OFF = _rx(
    r"\bmet rust\b",
    r"\bniet mee bemoei\w*",
    r"\bniet aankomen\b",
    r"\bafblijven\b",
    r"\blaten (?:lopen|schieten)\b",
    # Mine versus yours: "als zij dat ook niet in de mijne doet".
    r"\b(?:de|het) mijne\b",
)

# Bid rigging on a tender or an institution: members agreeing who bids and who stays out.
# Abstaining alone ("ik schrijf niet in, te veel gedoe") is a member's own choice, so a cue
# towards the others is needed as well.
TENDER_ABSTAIN = _rx(
    r"\bschrij(?:f|ft|ven)\b[^.?!]{0,30}\bniet in\b",
    r"\bniet (?:in)?schrijven\b",
    r"\btegen elkaar\b[^.?!]{0,20}\b(?:op)?bied\w*",
    r"\b(?:op)?bied\w*\b[^.?!]{0,20}\btegen elkaar\b",
    r"\bniet (?:op)?bieden\b",
)
TENDER_OTHERS = _rx(
    r"\bde (?:rest|anderen?)\b",
    r"\bniemand\b",
    r"\belkaar\b",
    r"\ballemaal\b",
    r"\b(?:we|wij)\b",
    r"\bwie\b",
)

# Keeping competitors or newcomers out.
EXCLUDE_NEWCOMER = _rx(
    r"\bbuiten (?:ons|het) netwerk\b",
    r"\b(?:nieuwe|andere) apotheek\b[^.]{0,60}\b(?:weren|buiten|tegenhouden|vertrekt)\b",
)

# Questions about the rules themselves. "mag/mogen" only counts in question word order
# ("mag ik", "mogen we", "mag dat"): in "als wij het ziekenhuis mogen houden" it is no question.
RULE_QUESTION = _rx(
    r"^(?:en |maar |dus )?(?:mag|mogen|magge)\b",
    r"\b(?:mag|mogen|magge)\s+(?:ik|we|wij|je|jij|jullie|u|de|het|dat|dit|een|zo.?n|apotheken"
    r"|apothekers|verzekeraars|zorgverzekeraars|onze?|die)\b",
    r"\b(?:toegestaan|verboden|legaal|illegaal|wet|regels?)\b",
    r"\bkartel",
    r"\bacm\b",
    r"\bnma\b",
    r"mededinging",
    r"\bjurist",
    r"\badvocaat\b",
    r"\bzienswijze\b",
    r"\bbagatel",
    r"\bvolgbeleid\b",
    r"\bjzojp\b",
    r"\bboete",
    r"\bmandaat\b",
    r"\bis (?:het|dat) (?:erg|ok|oke|goed|een probleem)\b",
)

# A message that opens as a question about the rules. This outweighs a hypothetical amount
# ("mag het bestuur adviseren om 5 procent te vragen?"), but not a direct request for a
# colleague's terms ("mag ik jouw tarief even weten?").
RULE_QUESTION_OPENING = re.compile(
    r"^(?:en |maar |dus |vraagje:? |vraag:? )?"
    r"(?:mag|mogen|magge|is het|is dat|geldt|gelden|wat zegt|hoe zit|klopt het|kan de acm"
    r"|(?:kan|mag|moet) (?:de|ons|onze|het) (?:rao|bestuur|coop|collectief|knmp|zorgmakelaar"
    r"|makelaar))\b"
)

# Public sources: insurer news, NZa tariffs, consumer premiums. Passing on what anyone can read
# is fine, as long as the message does not also align, ask for a colleague's own terms or
# divide the market.
PUBLIC_SOURCE = _rx(
    r"\bnza\b",
    r"nieuwsbrief",
    r"\bnieuws\b",
    r"persbericht",
    r"\bkrant\b",
    r"\b(?:web)?site\b",
    r"\bportaal\b",
    r"\bbekend ?gemaakt\b",
    r"\bgepubliceerd\b",
    r"\bpremies?\b",
)

# The RAO's own fee and costs: internal matters, not competition between members.
OWN_FEE = _rx(
    r"contributie",
    r"ledenbijdrage",
    r"lidmaatschap",
    r"jaarbijdrage",
    r"\bbijdrage per lid\b",
    r"\b(?:rao|coop|cooperatie|vereniging)\b[^.?!]{0,40}\bbijdrage",
    r"\bbijdrage\b[^.?!]{0,40}\b(?:rao|coop|cooperatie|vereniging)\b",
    r"\bzaalhuur\b",
    r"\bbegroting\b",
)


def normalise(text: str) -> str:
    """Lower-case, strip accents and tidy whitespace, so that typed variants match alike."""
    decomposed = unicodedata.normalize("NFKD", text.replace("€", " euro "))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().replace("’", "'").split())


def assess(text: str) -> GuardVerdict:
    """Decide whether a group message looks like sharing or aligning commercial terms.

    Returns the most relevant rule id so the bot can link a short explanation.
    """
    raw = text.strip()
    if not raw or raw.startswith("/"):
        return _OK
    t = normalise(raw)

    price_ask = bool(PRICE_ASK.search(t))
    commercial = bool(COMMERCIAL.search(t)) or price_ask
    insurer = bool(INSURER.search(t))
    euro = bool(EURO_AMOUNT.search(t))
    money = euro or bool(PERCENT.search(t))
    anchored = commercial or insurer or money

    asks = (
        (bool(ASK.search(t)) and bool(PERSON.search(t)))
        or (commercial and bool(YESNO_ASK.search(t)))
        or bool(COMPARE.search(t))
    )
    second_person = bool(SECOND_PERSON_TERMS.search(t))
    shares = bool(SHARE.search(t))
    aligns = bool(ALIGN.search(t))
    agreed = bool(AGREED.search(t))
    colleague_pair = (
        (bool(ADDRESSEE.search(t)) and bool(FIRST_PERSON.search(t))) or "elkaar" in t or agreed
    )
    pair = bool(PRONOUN_PAIR.search(t)) or (agreed and bool(THIRD_PARTY_PAIR.search(t)))
    division = (
        bool(AREA_OR_PATIENTS.search(t))
        and (
            bool(ALLOCATION.search(t))
            or (colleague_pair and bool(HANDS_OFF.search(t)))
            or (pair and bool(ALLOCATION_VERB.search(t)))
        )
    ) or (bool(TENDER_ABSTAIN.search(t)) and bool(TENDER_OTHERS.search(t)))
    newcomer = bool(EXCLUDE_NEWCOMER.search(t))

    # A concrete price, or a direct request for a colleague's terms, outweighs rule-question
    # wording ("acm kijkt toch niet mee, wie zit onder de 8 euro").
    concrete = (money and (commercial or insurer or aligns or asks)) or (
        anchored and (second_person or (asks and (commercial or insurer)))
    )
    if RULE_QUESTION.search(t) and not concrete:
        return _OK
    if RULE_QUESTION_OPENING.search(t) and not (second_person or asks):
        return _OK
    if OWN_FEE.search(t) and not insurer:
        return _OK
    if PUBLIC_SOURCE.search(t) and not (
        aligns or second_person or asks or division or (money and ADDRESSEE.search(t))
    ):
        return _OK

    if newcomer:
        return GuardVerdict(True, RULE_EXCLUSION)
    if division:
        return GuardVerdict(True, RULE_MARKET_DIVISION)
    if not anchored:
        return _OK

    labour = bool(LABOUR.search(t))
    collective = bool(COLLECTIVE.search(t))
    if aligns and (commercial or money or (insurer and collective)):
        if labour:
            return GuardVerdict(True, RULE_LABOUR)
        if collective:
            return GuardVerdict(True, RULE_COLLECTIVE)
        return GuardVerdict(True, RULE_PRICE_FIXING)
    if (asks and (commercial or insurer)) or second_person or (shares and (commercial or insurer)):
        return GuardVerdict(True, RULE_LABOUR if labour else RULE_SHARING)
    # An amount next to a price word or insurer, or a euro amount put to colleagues directly
    # ("jullie zitten toch ook op 7 euro?"). A bare percentage to colleagues is too often a
    # share of patients or app users to count.
    if (money and (commercial or insurer)) or (euro and ADDRESSEE.search(t)):
        if FUTURE.search(t):
            return GuardVerdict(True, RULE_FUTURE_PRICES)
        return GuardVerdict(True, RULE_LABOUR if labour else RULE_SHARING)
    if commercial and FUTURE.search(t) and FIRST_PERSON.search(t):
        return GuardVerdict(True, RULE_FUTURE_PRICES)
    return _OK
