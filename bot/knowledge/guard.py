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
  percentage; a percentage alone is weaker, as it is often a share of patients. Chat is terse,
  so a bare decimal ("cz: ik 3,9 👉 jullie?") counts as well when it stands next to an insurer or
  price word and a member says or is asked it; clock times and units rule a number out;
- confirming a figure in a reply ("4,20 hier ook", "idem, 3,85", "+1");
- cues towards colleagues: asking for their terms (also yes/no questions and comparisons),
  sending one's own terms around, aligning ("laten we", "niemand onder", "ik sluit me aan"),
  announcing future prices;
- collective action against an insurer: aligning plus signing, refusing, not responding to a
  request for offers, terminating together;
- market division: patients, areas, named places or institutions allocated between colleagues
  ("jij ... wij", "is voor jullie", "laat ik aan jou", hands off someone's patch, not approaching
  each other's prescribers), or agreeing who bids on a tender: abstaining, taking turns
  ("volgende ronde ben ik aan de beurt") or a cover bid ("jullie bieden hoger voor de sier");
- shutting out a newcomer.

English mixed into Dutch ("what rate did you get", "let's", "we all agreed") is covered by the
same groups.

Exclusions: bot commands; questions about the rules themselves ("mag ik ...", "wat zegt de acm
...", "... kan dat?") unless the message also carries a concrete price or asks a colleague for
theirs, and reminders about what may be discussed ("niet over je tarieven praten"); questions
about an insurer's codes, apps or contact persons; the RAO's own membership fee, costs and
purchases, and prices of suppliers everyone pays, which are not a competitive matter between
members; and public information (NZa tariffs, insurer news, premiums) that is passed on without
aligning or asking colleagues directly for their own terms.
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
    # Offers and discounts in chat wording: "geboden", "hun aanbod", "mijn afslag op de AIP".
    r"\bgeboden\b",
    r"aanbod\b",
    r"aanbieding",
    r"\bafslag\b",
    r"\bonder\w*bied",
    # English mixed in: "what rate did you get", "share our offers".
    r"\b(?:rates?|prices?|offers?|bids?|discounts?|margins?|fees?|tariffs?)\b",
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
    r"\beno\b",
    r"\bmnz\b",
    r"\bzorgverzekeraar",
    r"\bverzekeraar",
    r"\binsurers?\b",
)

# An amount that looks like a price: euros, cents, thousands ("12k"), a decimal price ("7,85"),
# a unit price ("per regel") or a bare floor/ceiling ("niet onder de 7 zitten"), where the unit
# is left out because everyone in the group knows it is euros.
# Clock times look like prices ("om 8.30", "donderdag 19.30"): excluded by a preceding time
# preposition, or by an afternoon/evening hour on the quarter written with a dot.
_NOT_A_TIME = (
    r"(?<!\bom )(?<!\btot )(?<!\brond )(?<!\bvanaf )(?<!\btussen )"
    r"(?!(?:1\d|2[0-3])\.(?:00|15|30|45)\b)"
)
EURO_AMOUNT = _rx(
    r"\d+(?:[.,]\d+)?\s*(?:euro|eur|cent)\b",
    r"\beuro\s*\d",
    r"\b\d+(?:[.,]\d+)?\s*k\b",
    # "7,85" or "4.02", but not a clock time ("om 8.30", "tot 17.00 uur", "donderdag 19.30").
    rf"{_NOT_A_TIME}\b\d+[,.]\d{{2}}\b(?![.,]\d)"
    r"(?!\s*(?:uur|u)\b)",
    r"\bper\s+(?:regel|rol|weekrol|recept|uur|review|terhandstelling|th|levering|doos)\b",
    r"\b(?:onder|boven) de \d+(?:[.,]\d+)?\b"
    r"(?!\s*(?:jaar|uur|minuten|dagen|weken|patient|recept|km))",
)
# A percentage. On its own it is weaker evidence than a euro amount: "30% van jullie patienten"
# or "85 procent van de huisartsen" is a share of a population, not a price.
PERCENT = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|procent|pct)"
    r"(?!\s+van\s+(?:de|het|alle|onze|jullie|je|jouw|mijn|hun|die|deze)\b)"
    r"(?!\s+marktaandeel)"
)

# A bare decimal number ("ik 3,9", "menzis: 3,5 a 3,6"). In a group of pharmacists this is
# usually a price or a discount, but just as well a version number or a temperature, so it only
# counts next to an insurer or price word *and* with a member speaking or being asked (see
# assess). Units of measurement after it rule it out.
BARE_DECIMAL = re.compile(
    rf"{_NOT_A_TIME}(?<!\bversie )(?<![\d.,v])\d{{1,2}}[.,]\d{{1,2}}(?![\d.,]*\d)"
    r"(?!\s*(?:graden|mg|ml|uur|u|min\w*|km|kg|fte|jaar|dag\w*|we+k\w*|maand\w*|x)\b)"
)
# Any bare number, for aligning on a figure without unit ("dat we met z'n allen 4 willen").
BARE_NUMBER = re.compile(
    r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w.,]*\d)"
    r"(?!\s*(?:graden|mg|ml|uur|min\w*|sec\w*|dagen|weken|maanden|km|kg|stuks?|x)\b)"
)

# Confirming a colleague's figure in a reply: "4,20 hier ook", "idem, 3,85", "+1, ik zit ook op".
# Only counted right next to a number: "hier ook, de printer doet raar" is just chat.
CONFIRM = _rx(
    r"\bhier ook\b",
    r"\b(?:bij )?(?:ons|mij) ook\b",
    r"\bidem\b",
    r"\bsame\b",
    r"\b(?:het )?zelfde\b",
    r"\bidd\b",
    r"(?:^|\s)\+1\b",
    r"\bik (?:zit|ben|doe|geef|vraag) ook\b",
    r"\bis ook wat (?:wij|we|ik)\b",
)
CONFIRM_NEAR_NUMBER = re.compile(
    rf"(?:{CONFIRM.pattern})[^.?!\d]{{0,25}}\d|\d[^.?!\d]{{0,25}}(?:{CONFIRM.pattern})"
)

_PERSON = r"(?:jij|jullie|je|jou|jouw|u|iemand|iedereen|mensen|wie)"
ADDRESSEE = re.compile(r"\b(?:jij|jullie|jouw|jou)\b")
FIRST_PERSON = re.compile(r"\b(?:ik|wij|we|ons|mij|me)\b")

# Asking colleagues for their terms: a question word, a verb of getting/giving/charging, and a
# person ("wat heb jij gekregen", "hoeveel krijgen jullie", "wie zit er boven ...").
ASK = _rx(
    r"\b(?:hoeveel|hoe ?veel|hoe hoog|hoe laag|hoe ver)\b",
    # English: "what rate did you get", "how much do you charge".
    r"\b(?:what|how much|how low|which)\b[^?.!]{0,40}\byou\b",
    r"\bhoe sta(?:an|at)\b",
    r"\b(?:wat|welke?|wie)\b[^?.!]{0,60}?"
    r"\b(?:heb|hebt|hebben|heeft|krijg\w*|kreeg|gekregen|bied\w*|bood|geboden|geeft|geven|gaf"
    r"|vraag\w*|gevraagd|reken\w*|zit|zitten|betaal\w*|eis\w*|onderhandeld|afgesproken"
    r"|gehaald|ontvang\w*|is|zijn|was|waren|ken|kent|weet|weten|gehoord|verhoog\w*|houd\w*|hou)\b",
)
PERSON = re.compile(rf"\b(?:{_PERSON}|you)\b")

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
    r"|contract\w*|uurtarief|bedrag\w*|apotheek|aanbieding\w*|aanbod|afslag)\b"
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
    # Split verb: "vul je eigen kolom in", "vul aan met de jouwe".
    r"\bvul\w*\b[^.?!]{0,30}\b(?:in|aan)\b",
    r"\bshare\b",
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
    r"\b(?:jullie|jij) (?:toch )?ook\b",
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
    r"\bzelfde\b",
    # Agreed earlier, or proposing a common line: "heb het met Kees zo afgestemd", "dan stemmen
    # we af", "ik stel voor dat we ...", "doe mee", "dan houden we dat vast".
    r"\bafgestemd\b",
    r"\bstem\w*\b[^.?!]{0,20}\baf\b",
    r"\bstel\w*\b[^.?!]{0,15}\bvoor\b[^.?!]{0,10}\b(?:we|wij)\b",
    r"\bdoe\w* mee\b",
    r"\bhouden we (?:dat|dit|het)\b",
    # Speaking for the whole group: "de hele regio accepteert het niet", "namens alle leden".
    r"\b(?:de hele regio|alle leden)\b",
    # English: "let's", "we all agreed", "don't go below".
    r"\blet'?s\b",
    r"\bwe all\b",
    r"\bagreed\b",
    r"\b(?:go|stay) below\b",
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
    # Withholding signatures or letting an offer lapse: "geen handtekening van niemand",
    # "we laten die aanbieding met z'n allen verlopen".
    r"\bhandteken\w*",
    r"\bverlopen\b",
    # Stopping a service for an insurer's patients together.
    r"\bstop\s?zet\w*",
    r"\bniet meer (?:bedienen|leveren|bezorgen|helpen)\b",
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
    r"\bdorp(?:en|s\w*)?\b",
    r"\bgemeentes?\b",
    r"\bbezorg\w*",
    r"\broute\b",
    r"\binstroom\b",
    r"\bvoorschrijvers?\b",
    r"\bnoord",
    r"\bzuid",
    r"\boost(?:en|kant)?\b",
    r"\bwest",
    r"postcode",
    r"\bgebied",
    r"\bhuisarts",
    r"praktijk",
    r"verpleeghui",
    r"verzorgingshui",
    r"instelling",
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
    # "wie neemt Lichtenvoorde en wie Groenlo", "ieder hun eigen gemeente", "niet allebei".
    r"\bwie\b[^?.!]{0,40}\ben wie\b",
    r"\b(?:ieder|elk)\w*\s+(?:hun|zijn|z'n|haar|onze?)\s+eigen\b",
    r"\bniet allebei\b",
    r"\bniet bij elkaar\b",
    r"\bover de grens\b",
)

# Places are names the guard cannot know ("in Ootmarsum", "Haaren en Helvoirt wij"), so a
# capitalised word after a preposition or in a pair joined by "en" stands in for an area. It is
# checked on the raw text and only counts together with an allocation signal.
PLACE_NAME = _rx(
    r"\b(?:in|uit|van|rond|naar|tot)\s+[A-Z][a-z]{2,}",
    r"\b[A-Z][a-z]{2,} en (?:wie )?[A-Z][a-z]{2,}",
    r"\b[A-Z][a-z]{2,},? (?:is )?voor (?:jou|jullie|mij|ons|hem|haar)\b",
)

# Tenders, projects and insurer rounds: things members can bid on and so take turns on.
TENDER = _rx(
    r"aanbesteding",
    r"\btenders?\b",
    r"inschrij\w*",
    r"\bpercee?l",
    r"project",
    r"\bpilot",
    r"\bronde\b",
)

SINGLE_PATIENT = re.compile(
    r"\b(?:de|die|deze|een|mijn|jouw|haar|zijn)\s+(?:patient|client|klant)\b"
)

# Leaving something to a colleague: "laat ik aan jou", "dat laten ze aan ons".
LEAVE_TO = re.compile(
    r"\bla(?:at|ten)\b[^.?!]{0,40}\baan (?:jou|jullie|mij|ons|hem|haar|hun|de \w+)\b"
)

# Taking turns: "bij de volgende ronde ben ik aan de beurt", "2025 jij, 2026 ik", "om en om".
TURN_TAKING = _rx(
    r"\baan de beurt\b",
    r"\bom (?:en om|de beurt)\b",
    r"\bwissel\w*\b[^.?!]{0,20}\baf\b",
    r"\bafwissel\w*",
    r"\bde volgende\b[^.?!]{0,30}\b(?:jij|jou|ik|mij|wij|jullie)\b",
    r"\b20\d\d (?:jij|ik|wij|jullie)\b[^.?!]{0,10}\b20\d\d (?:jij|ik|wij|jullie)\b",
)

# Cover bids: a colleague bids higher on purpose so that the agreed member wins.
COVER_BID = _rx(
    r"\bvoor de sier\b",
    r"\bhoger(?:e)? (?:bod|prijs|offerte|inschrijving)\b",
    r"\b(?:wat|iets|net|een beetje) hoger\b",
    r"\bhoger (?:in|inschrijven|zitten)\b",
    r"\b(?:er )?net (?:er)?boven\b",
    r"\bschijnbod\b",
)

# Not soliciting a colleague's patients or prescribers: "mijn huisartsen niet benaderen",
# "niet gaan leuren bij de instellingen van de ander", "niet aanbieden aan hun".
NON_SOLICIT = _rx(
    r"\bniet (?:gaan )?(?:benaderen|leuren|werven|afpakken|overnemen|aanbieden|aan ?bieden)\b",
    r"\bniet\b[^.?!]{0,20}\b(?:benaderen|leuren|werven|afpakken)\b",
)
# Whose patch it is: the speaker's, a colleague's or each other's.
OWNERSHIP = re.compile(
    r"\b(?:mijn|ons|onze|wij|we|jouw|jullie|hun|elkaar|elkaars|de ander(?:en)?)\b"
)

# Keeping one's hands off a patch. Alone these are everyday words ("laat die patient even met
# rust"), so they only count when set against a colleague, also across sentences ("jij neemt
# ... toch? dan laat ik die locatie met rust"), against each other, or as something agreed.
HANDS_OFF = _rx(
    r"\bmet rust\b",
    r"\bniet mee bemoei\w*",
    r"\bniet aankomen\b",
    r"\bafblij\w*",
    r"\bblijf\w*\b[^.?!]{0,30}\baf\b",
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
    # Asking whether something is allowed without "mag": "of gaat dat al te ver", "... kan
    # dat?", "we zijn toch geen concurrenten", "welk % is redelijk".
    r"\b(?:gaat|is) (?:dat|dit|het) (?:al )?te ver\b",
    r"\b(?:kan|mag) dat\s*\??$",
    # Stating the rule: "dat mag niet", "mogen we echt niet".
    r"\b(?:mag|mogen)\b(?:\s+\w+)?\s+(?:echt |absoluut |gewoon )?niet\b",
    r"\bgeen concur+e?nten\b",
    r"\bwelke?\b[^?.!]{0,20}\bis redelijk\b",
)

# Talking about talking: "mag je met elkaar bespreken wat je hebt getekend", "niet in de groep
# over je tarieven praten". With rule wording and without a figure this is about the rules.
META_TALK = re.compile(
    r"\b(?:bespreken|besproken|praten|uitwisselen|delen|vertellen|zeggen|noemen)\b"
)
# Asking how to handle a situation ("begon een collega over wat hij rekent, wat moet je dan
# doen als voorzitter?") is a question about conduct, even when it reports someone's prices.
HANDLING_QUESTION = _rx(
    r"\bwat (?:moet|moeten|kan|kun) (?:je|ik|we|wij) (?:dan |daar |daarmee )?doen\b",
    r"\bhoe (?:reageer|reageren|handel|handelen)\b",
    r"\bals voorzitter\b",
)
# A colleague's terms addressed to a specific member, not the generic "je" of a rule reminder.
STRICT_SECOND_PERSON = re.compile(
    r"\b(?:jouw|jullie)\s+(?:\w+[\s-])?(?:tarie?f\w*|tarie?ven|prij[sz]\w*|marge\w*|korting\w*"
    r"|offerte\w*|bod|aanbieding\w*|aanbod|afslag|ondergrens|contract\w*|uurtarief|bedrag\w*)\b"
)

# Questions about an insurer that ask for experience or contacts, not terms: "wie heeft de
# nieuwe code al gebruikt", "wat is jullie ervaring met de app", "wie is onze contactpersoon".
NON_TERMS_QUESTION = _rx(
    r"\b(?:gebruikt|gelezen|gezien|geprobeerd|getest|werkend|ervaring\w*)\b",
    r"contactpersoon",
    r"accountmanager",
    r"\bnaam en (?:e-?)?mail\b",
)

# Prices of a supplier or agency that all members face, not a member's own terms: "die bureaus
# vragen belachelijke tarieven", "de labkoerier rekent vanaf januari 4,50 per rit".
SUPPLIER_PRICE = re.compile(
    r"\b(?:\w*bureaus?|leveranciers?|\w*koerier|groothandel|\w*partij)\b[^.?!]{0,20}"
    r"\b(?:rekent|rekenen|vraagt|vragen|kost|kosten)\b"
)

# Letters or requests addressed *to* an insurer are not sharing among members.
SENT_TO_INSURER = re.compile(
    r"\b(?:sturen|stuur\w*|mailen|mail)\b\s+(?:aan|naar)\s+(?:de\s+)?"
    r"(?:cz|vgz|menzis|zk|zz|dsw|onvz|eno|zilveren kruis|zorg en zekerheid|\w*verzekeraars?)\b"
)

# A message that opens as a question about the rules. This outweighs a hypothetical amount
# ("mag het bestuur adviseren om 5 procent te vragen?"), but not a direct request for a
# colleague's terms ("mag ik jouw tarief even weten?").
RULE_QUESTION_OPENING = re.compile(
    r"^(?:en |maar |dus |vraagje:? |vraag:? )?"
    # "is het een idee dat we ..." is a proposal, not a question about the rules.
    r"(?:mag|mogen|magge|is het(?! (?:een idee|niet beter|slim|handig))|is dat|geldt|gelden"
    r"|wat zegt|hoe zit|klopt het|kan de acm"
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
    # The board deciding on shared costs, and purchases the RAO makes for its members.
    r"\bbestuur\b[^.?!]{0,20}\b(?:akkoord|betaalt|koopt)\b",
    r"\bgezamenlijke (?:aankoop|inkoop|bestelling)\b",
    r"\b(?:rao|coop|cooperatie|vereniging)\b[^.?!]{0,20}\b(?:heeft een offerte|koopt|betaalt)\b",
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
    addressee = bool(ADDRESSEE.search(t))
    first_person = bool(FIRST_PERSON.search(t))
    # A figure confirmed in a reply ("4,20 hier ook", "idem, 3,85"): the reply shares terms too.
    confirms = bool(CONFIRM_NEAR_NUMBER.search(t)) and (
        euro or bool(BARE_DECIMAL.search(t)) or bool(PERCENT.search(t))
    )
    # A terse price: a bare decimal next to an insurer or price word, said by or put to a member
    # ("cz: ik 3,9 👉 jullie?"). Without a member it may be a version number ("vgz 2.1?").
    terse_price = (
        bool(BARE_DECIMAL.search(t))
        and (insurer or commercial)
        and (first_person or addressee or bool(PERSON.search(t)) or confirms)
    )
    money = euro or bool(PERCENT.search(t)) or terse_price
    anchored = commercial or insurer or money

    asks = (
        (bool(ASK.search(t)) and bool(PERSON.search(t)))
        or (commercial and bool(YESNO_ASK.search(t)))
        or bool(COMPARE.search(t))
    )
    # Asking colleagues about an insurer's code, app or contact person is not asking for terms.
    if asks and not (commercial or money) and NON_TERMS_QUESTION.search(t):
        asks = False
    second_person = bool(SECOND_PERSON_TERMS.search(t))
    shares = bool(SHARE.search(t)) and not SENT_TO_INSURER.search(t)
    aligns = bool(ALIGN.search(t))
    agreed = bool(AGREED.search(t))
    colleague_pair = (addressee and first_person) or "elkaar" in t or agreed
    pair = bool(PRONOUN_PAIR.search(t)) or (agreed and bool(THIRD_PARTY_PAIR.search(t)))
    tender = bool(TENDER.search(t))
    # Anything members can divide: patients, areas, institutions, named places, tenders.
    patch = bool(AREA_OR_PATIENTS.search(t)) or bool(PLACE_NAME.search(raw)) or tender
    # Leaving something to a colleague or taking turns is only division for a tender or a whole
    # area: handing over one patient ("de patient laat ik aan jou over") or taking turns
    # hosting a training in a named town is ordinary collegial work.
    divisible = tender or bool(AREA_OR_PATIENTS.search(SINGLE_PATIENT.sub(" ", t)))
    division = (
        (
            patch
            and (
                bool(ALLOCATION.search(t))
                or (colleague_pair and bool(HANDS_OFF.search(t)))
                or (divisible and pair and bool(ALLOCATION_VERB.search(t)))
                or (divisible and bool(LEAVE_TO.search(t)))
                or (divisible and bool(TURN_TAKING.search(t)))
                or (bool(NON_SOLICIT.search(t)) and bool(OWNERSHIP.search(t)))
            )
        )
        or (bool(TENDER_ABSTAIN.search(t)) and bool(TENDER_OTHERS.search(t)))
        # Cover bids: "jullie doen een hoger bod voor de sier", "net boven jou zitten".
        or (bool(COVER_BID.search(t)) and (tender or patch) and (addressee or first_person))
    )
    newcomer = bool(EXCLUDE_NEWCOMER.search(t))

    # A concrete price, or a direct request for a colleague's terms, outweighs rule-question
    # wording ("acm kijkt toch niet mee, wie zit onder de 8 euro").
    concrete = (money and (commercial or insurer or aligns or asks)) or (
        anchored and (second_person or (asks and (commercial or insurer)))
    )
    rule_question = bool(RULE_QUESTION.search(t))
    if rule_question and not concrete:
        return _OK
    # Talking about whether one may talk ("niet in de groep over je tarieven praten, dat mag
    # niet") is about the rules unless it names a figure or a specific colleague's terms.
    talk_about_rules = (rule_question and META_TALK.search(t)) or HANDLING_QUESTION.search(t)
    if talk_about_rules and not money and not STRICT_SECOND_PERSON.search(t):
        return _OK
    if RULE_QUESTION_OPENING.search(t) and not (second_person or asks):
        return _OK
    if OWN_FEE.search(t) and not insurer:
        return _OK
    if SUPPLIER_PRICE.search(t) and not (aligns or insurer or second_person):
        return _OK
    # Passing on public figures is fine; asking "iemand" for one ("weet iemand wat het
    # NZa-tarief is") is too. Asking a colleague directly for theirs is not.
    if PUBLIC_SOURCE.search(t) and not (
        aligns or second_person or (asks and addressee) or division or (money and addressee)
    ):
        return _OK

    if newcomer:
        return GuardVerdict(True, RULE_EXCLUSION)
    if division:
        return GuardVerdict(True, RULE_MARKET_DIVISION)
    if confirms:
        return GuardVerdict(True, RULE_SHARING)
    if not anchored:
        return _OK

    labour = bool(LABOUR.search(t))
    collective = bool(COLLECTIVE.search(t))
    # Aligning on a bare figure with an insurer ("zal ik zeggen dat we met z'n allen 4 willen").
    bare_figure = insurer and bool(BARE_NUMBER.search(t))
    if aligns and (commercial or money or bare_figure or (insurer and collective)):
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
    if (money and (commercial or insurer)) or (euro and addressee):
        if FUTURE.search(t):
            return GuardVerdict(True, RULE_FUTURE_PRICES)
        return GuardVerdict(True, RULE_LABOUR if labour else RULE_SHARING)
    if commercial and FUTURE.search(t) and first_person:
        return GuardVerdict(True, RULE_FUTURE_PRICES)
    return _OK
