"""Competition-law guard for group-chat messages.

Members of an RAO are competitors. When one of them asks in the group what a colleague gets from
an insurer, proposes a common minimum price or suggests splitting up a neighbourhood, the bot
should give a friendly nudge towards the relevant rule. This module only decides *whether* a
message looks like that and *which* rule fits best; wording and sending live elsewhere.

The word groups live in data/guard.yaml (see guard_patterns.py). The approach is deliberately
simple and explainable (keyword and regex groups over a normalised text) instead of a trained
classifier: the board must be able to read why a message was flagged, and a false alarm in a
group chat is annoying, so every signal needs a commercial anchor (a price word, an amount of
money or an insurer) before it counts.

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
- shutting out a newcomer;
- promises that wait for the others ("als jullie dat ook doen", "mits jij hetzelfde doet"),
  agreeing opening hours ("zaterdag allemaal om 13:00 dicht"; the out-of-hours rota passes) and
  aligning wages or not hiring each other's staff.

English mixed into Dutch ("what rate did you get", "let's", "we all agreed") is covered by the
same groups.

Exclusions: bot commands; questions about the rules themselves ("mag ik ...", "wat zegt de acm
...", "... kan dat?") unless the message also carries a concrete price or asks a colleague for
theirs, and reminders about what may be discussed ("niet over je tarieven praten"); questions
about an insurer's codes, apps or contact persons; the RAO's own membership fee, costs and
purchases, and prices of suppliers everyone pays, which are not a competitive matter between
members; public information (NZa tariffs, insurer news, premiums) that is passed on without
aligning or asking colleagues directly for their own terms; and talk about shortages, deliveries
and stock ("niet leverbaar", "kan iemand 2 doosjes lenen") without a price, insurer or aligning.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from bot.knowledge.guard_model import shipped_guard_model
from bot.knowledge.guard_patterns import WORD_SIGNALS, GuardPatterns, Signal, shipped_patterns

__all__ = ["GuardVerdict", "Signal", "assess", "by_patterns", "excluded", "normalise"]

# Rule ids in data/rules.yaml that the guard can point to.
RULE_SHARING = "acm-tarieven-delen"
RULE_PRICE_FIXING = "acm-prijsafspraken"
RULE_FUTURE_PRICES = "acm-toekomstige-prijzen"
RULE_MARKET_DIVISION = "acm-marktverdeling"
RULE_EXCLUSION = "acm-nieuwe-apotheek-weren"
RULE_LABOUR = "acm-zzp-lonen"
RULE_COLLECTIVE = "acm-collectief-onderhandelen"
RULE_BOYCOTT = "acm-samen-contract-weigeren"
RULE_OPENING_HOURS = "acm-openingstijden"

GUARD_RULE_IDS: frozenset[str] = frozenset(
    {
        RULE_SHARING,
        RULE_PRICE_FIXING,
        RULE_FUTURE_PRICES,
        RULE_MARKET_DIVISION,
        RULE_EXCLUSION,
        RULE_LABOUR,
        RULE_COLLECTIVE,
        RULE_BOYCOTT,
        RULE_OPENING_HOURS,
    }
)


@dataclass(frozen=True)
class GuardVerdict:
    """Whether a message looks like sharing or aligning commercial terms, the best rule, and
    the named signal seen (what the warning tells the member)."""

    risky: bool
    rule: str | None
    signal: Signal | None = field(default=None, compare=False)


_OK = GuardVerdict(risky=False, rule=None)
# Not risky on purpose (nothing said, a bot command, a question about the rules, public news,
# one's own fee): the fitted word model is not asked for a second opinion. Told apart from
# _OK by identity.
_EXCLUDED = GuardVerdict(risky=False, rule=None)
# Signals that follow from the rule; other rules show prices unless their own words say more.
_RULE_SIGNALS: dict[str, Signal] = {
    RULE_MARKET_DIVISION: "market_splitting",
    RULE_EXCLUSION: "boycotts",
    RULE_COLLECTIVE: "boycotts",
    RULE_BOYCOTT: "boycotts",
    # Agreeing opening hours has its own rule (acm-openingstijden); a member reading
    # "patiënten verdelen" for "allemaal zaterdag dicht" would not recognise their message.
    RULE_OPENING_HOURS: "opening_hours",
    # Wages, hourly rates of locums and not hiring each other's staff: not prices of care.
    RULE_LABOUR: "labour",
}


def _collective_rule(text: str, patterns: GuardPatterns) -> str:
    """Acting together against an insurer: refusing its contract is the boycott rule, anything
    else (negotiating, one front) the rule on negotiating together."""
    return RULE_BOYCOTT if patterns["refusal"].search(text) else RULE_COLLECTIVE


def _verdict(rule: str, text: str, patterns: GuardPatterns) -> GuardVerdict:
    signal = _RULE_SIGNALS.get(rule, "prices")
    for name in WORD_SIGNALS:
        found = patterns.signals.get(name)
        if found is not None and found.search(text) and (signal == "prices" or name == "tenders"):
            signal = name
            break
    return GuardVerdict(True, rule, signal)


def normalise(text: str) -> str:
    """Lower-case, strip accents and tidy whitespace, so that typed variants match alike."""
    decomposed = unicodedata.normalize("NFKD", text.replace("€", " euro "))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().replace("’", "'").split())


def assess(text: str) -> GuardVerdict:
    """Decide whether a group message looks like sharing or aligning commercial terms.

    Returns the most relevant rule id so the bot can link a short explanation. The patterns
    decide first; the fitted word model (guard_model.py) may add a warning they missed.
    """
    verdict = by_patterns(text)
    if excluded(verdict):
        return _OK
    if verdict.risky:
        return verdict
    model = shipped_guard_model()
    if model is None or not model.risky(text):
        return verdict
    t, patterns = normalise(text), shipped_patterns()
    return _verdict(_model_rule(t, patterns), t, patterns)


def _model_rule(t: str, P: GuardPatterns) -> str:
    """The rule for a warning the word model adds: what the message is about, by the same word
    groups the patterns use (without their conditions), sharing terms when nothing else fits."""
    if P["newcomer_subject"].search(t):
        return RULE_EXCLUSION
    if P["opening_hours"].search(t):
        return RULE_OPENING_HOURS
    if P["labour"].search(t) or P["wage"].search(t):
        return RULE_LABOUR
    if P["tender"].search(t) or P["area_or_patients"].search(t):
        return RULE_MARKET_DIVISION
    if P["shut_out"].search(t) or P["collective"].search(t):
        return _collective_rule(t, P)
    if P["future"].search(t):
        return RULE_FUTURE_PRICES
    if P["align"].search(t) or P["collective_we"].search(t):
        return RULE_PRICE_FIXING
    return RULE_SHARING


def excluded(verdict: GuardVerdict) -> bool:
    """The patterns passed the message on purpose, so no second opinion is asked."""
    return verdict is _EXCLUDED


def by_patterns(text: str) -> GuardVerdict:
    """The explainable part of the guard: word groups from data/guard.yaml."""
    raw = text.strip()
    if not raw or raw.startswith("/"):
        return _EXCLUDED  # nothing said, or a bot command
    t = normalise(raw)
    P = shipped_patterns()

    price_ask = bool(P["price_ask"].search(t))
    commercial = bool(P["commercial"].search(t)) or price_ask
    insurer = bool(P["insurer"].search(t))
    euro = bool(P["euro_amount"].search(t))
    addressee = bool(P["addressee"].search(t))
    first_person = bool(P["first_person"].search(t))
    # A figure confirmed in a reply ("4,20 hier ook", "idem, 3,85"): the reply shares terms too.
    confirms = bool(P["confirm_near_number"].search(t)) and (
        euro or bool(P["bare_decimal"].search(t)) or bool(P["percent"].search(t))
    )
    # A terse price: a bare decimal next to an insurer or price word, said by or put to a member
    # ("cz: ik 3,9 👉 jullie?"). Without a member it may be a version number ("vgz 2.1?").
    terse_price = (
        bool(P["bare_decimal"].search(t))
        and (insurer or commercial)
        and (first_person or addressee or bool(P["person"].search(t)) or confirms)
    )
    percent = bool(P["percent"].search(t))
    # A percentage with only an insurer and nobody speaking ("bouwt zk echt 25% per jaar af?")
    # is news about the insurer's policy, not a member's terms.
    if percent and not (euro or terse_price or commercial or first_person or addressee):
        percent = bool(P["person"].search(t))
    money = euro or percent or terse_price
    anchored = commercial or insurer or money

    asks = (
        (bool(P["ask"].search(t)) and bool(P["person"].search(t)))
        or (commercial and bool(P["yesno_ask"].search(t)))
        or bool(P["compare"].search(t))
    )
    # Asking colleagues about an insurer's code, app or contact person is not asking for terms.
    if asks and not (commercial or money) and P["non_terms_question"].search(t):
        asks = False
    second_person = bool(P["second_person_terms"].search(t))
    shares = bool(P["share"].search(t)) and not P["sent_to_insurer"].search(t)
    # "als jullie dat ook doen", "mits jij hetzelfde doet": a promise that waits for the others.
    reciprocal = bool(P["reciprocal"].search(t))
    aligns = bool(P["align"].search(t)) or reciprocal
    agreed = bool(P["agreed"].search(t))
    colleague_pair = (addressee and first_person) or "elkaar" in t or agreed
    pair = bool(P["pronoun_pair"].search(t)) or (agreed and bool(P["third_party_pair"].search(t)))
    tender = bool(P["tender"].search(t))
    # Anything members can divide: patients, areas, institutions, named places, tenders.
    patch = bool(P["area_or_patients"].search(t)) or bool(P["place_name"].search(raw)) or tender
    # Leaving something to a colleague or taking turns is only division for a tender or a whole
    # area: handing over one patient ("de patient laat ik aan jou over") or taking turns
    # hosting a training in a named town is ordinary collegial work.
    divisible = tender or bool(P["area_or_patients"].search(P["single_patient"].sub(" ", t)))
    division = (
        (
            patch
            and (
                bool(P["allocation"].search(t))
                or (colleague_pair and bool(P["hands_off"].search(t)))
                or (divisible and pair and bool(P["allocation_verb"].search(t)))
                or (divisible and bool(P["leave_to"].search(t)))
                or (divisible and bool(P["turn_taking"].search(t)))
                or (divisible and reciprocal and not commercial)
                or (bool(P["non_solicit"].search(t)) and bool(P["ownership"].search(t)))
            )
        )
        or (bool(P["tender_abstain"].search(t)) and bool(P["tender_others"].search(t)))
        # Cover bids: "jullie doen een hoger bod voor de sier", "net boven jou zitten".
        or (bool(P["cover_bid"].search(t)) and (tender or patch) and (addressee or first_person))
    )
    # Keeping a newcomer out of the rota, a shared service or referrals, agreed between
    # members ("die nieuwe internetapotheek houden we buiten het fto").
    newcomer = bool(P["exclude_newcomer"].search(t)) or (
        bool(P["newcomer_subject"].search(t))
        and bool(P["shut_out"].search(t))
        and bool(P["collective_we"].search(t))
    )

    # A concrete price, or a direct request for a colleague's terms, outweighs rule-question
    # wording ("acm kijkt toch niet mee, wie zit onder de 8 euro").
    # A bare percentage with aligning words only ("die 85%, geldt dat ook voor ons") is too
    # often a share of patients to outweigh rule-question wording.
    percent_only = money and not (euro or terse_price)
    concrete = (money and (commercial or insurer or asks or (aligns and not percent_only))) or (
        anchored and (second_person or (asks and (commercial or insurer)))
    )
    rule_question = bool(P["rule_question"].search(t))
    if rule_question and not concrete:
        return _EXCLUDED
    # Talking about whether one may talk ("niet in de groep over je tarieven praten, dat mag
    # niet") is about the rules unless it names a figure or a specific colleague's terms.
    talk_about_rules = (rule_question and P["meta_talk"].search(t)) or P[
        "handling_question"
    ].search(t)
    if talk_about_rules and not money and not P["strict_second_person"].search(t):
        return _EXCLUDED
    if P["rule_question_opening"].search(t) and not (second_person or asks):
        return _EXCLUDED
    # Wishing each other luck in one's own negotiation is the opposite of aligning.
    if P["own_negotiation"].search(t) and not (money or second_person or asks or division):
        return _EXCLUDED
    if P["own_fee"].search(t) and not insurer:
        return _EXCLUDED
    if P["supplier_price"].search(t) and not (aligns or insurer or second_person):
        return _EXCLUDED
    # Passing on public figures is fine; asking "iemand" for one ("weet iemand wat het
    # NZa-tarief is") is too. Asking a colleague directly for theirs is not.
    if P["public_source"].search(t) and not (
        aligns or second_person or (asks and addressee) or division or (money and addressee)
    ):
        return _EXCLUDED

    if newcomer:
        return _verdict(RULE_EXCLUSION, t, P)
    # Agreeing opening hours ("zaterdag allemaal om 13:00 dicht"); the out-of-hours rota and
    # holidays are arranged together on purpose and pass.
    if aligns and P["opening_hours"].search(t) and not P["rota"].search(t):
        return _verdict(RULE_OPENING_HOURS, t, P)
    if division:
        return _verdict(RULE_MARKET_DIVISION, t, P)
    if confirms:
        return _verdict(RULE_SHARING, t, P)
    # Not hiring each other's staff ("laten we elkaars assistenten niet overnemen").
    if P["no_poach"].search(t) and (aligns or agreed):
        return _verdict(RULE_LABOUR, t, P)
    # Aligning wages ("de salarissen onderling gelijk houden") needs no price word.
    if aligns and P["wage"].search(t) and P["labour"].search(t):
        return _verdict(RULE_LABOUR, t, P)
    # Talk about shortages, deliveries and stock ("hebben jullie ook zo'n tekort", "kan iemand
    # 2 doosjes lenen") is everyday collegial work: without a price, an insurer or aligning
    # words it is passed on purpose, so the word model (whose pronouns and fragments such as
    # "jullie" and "kort" of "tekort" lean risky) gives no second opinion either.
    quiet = (
        _EXCLUDED
        if P["supply"].search(t) and not (money or insurer or P["supply_unless"].search(t))
        else _OK
    )
    if not anchored:
        return quiet

    labour = bool(P["labour"].search(t))
    collective = bool(P["collective"].search(t))
    # Aligning on a bare figure with an insurer ("zal ik zeggen dat we met z'n allen 4 willen").
    bare_figure = insurer and bool(P["bare_number"].search(t))
    if aligns and (commercial or money or bare_figure or (insurer and collective)):
        if labour:
            return _verdict(RULE_LABOUR, t, P)
        if collective:
            return _verdict(_collective_rule(t, P), t, P)
        return _verdict(RULE_PRICE_FIXING, t, P)
    if (asks and (commercial or insurer)) or second_person or (shares and (commercial or insurer)):
        return _verdict(RULE_LABOUR if labour else RULE_SHARING, t, P)
    # An amount next to a price word or insurer, or a euro amount put to colleagues directly
    # ("jullie zitten toch ook op 7 euro?"). A bare percentage to colleagues is too often a
    # share of patients or app users to count.
    if (money and (commercial or insurer)) or (euro and addressee):
        if P["future"].search(t):
            return _verdict(RULE_FUTURE_PRICES, t, P)
        return _verdict(RULE_LABOUR if labour else RULE_SHARING, t, P)
    if commercial and P["future"].search(t) and first_person:
        return _verdict(RULE_FUTURE_PRICES, t, P)
    return _OK if commercial else quiet
