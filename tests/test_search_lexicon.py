"""The synonym lexicon (data, validated) and typo correction against the index vocabulary."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.lexicon import Speller, SynonymFile, read_synonyms
from bot.knowledge.loader import DATA_DIR, check_knowledge
from bot.knowledge.normalize import stem
from bot.knowledge.search import Searchable, SearchIndex


def test_shipped_lexicon_loads_and_links_seed_wording() -> None:
    synonyms, problems = read_synonyms(DATA_DIR / "synonyms.yaml")
    assert problems == []
    assert stem("wisselen") in synonyms.of(stem("overstappen"))
    assert stem("tussentijds") in synonyms.of(stem("halverwege"))
    assert stem("afslag") in synonyms.of(stem("korting"))


def test_broken_lexicon_is_reported_by_check(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        (DATA_DIR / "terms_a.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "synonyms.yaml").write_text(
        "groups:\n  - words: [marge]\n  - words: [twee woorden, korting]\n", encoding="utf-8"
    )
    problems = [str(p) for p in check_knowledge(tmp_path)]
    assert any(p.startswith("synonyms.yaml: -: groups: groups.0.words") for p in problems)
    assert any("'twee woorden' is not one content word" in p for p in problems)


def test_synonym_finds_the_entry_in_other_words() -> None:
    items = [
        Searchable("wissel", "Wisselen van apotheekcollectief", ("collectief wisselen",)),
        Searchable("profiel", "Contractprofiel", ("contractprofiel",)),
    ]
    lexicon = SynonymFile.model_validate({"groups": [{"words": ["wisselen", "overstappen"]}]})
    from bot.knowledge.lexicon import Synonyms

    index = SearchIndex.build(items, Synonyms.from_groups(lexicon.groups))
    assert index.score_all("mag ik overstappen naar een ander collectief")[0].id == "wissel"
    assert SearchIndex.build(items, Synonyms()).score_all("overstappen") == []


def test_typo_correction_against_the_vocabulary() -> None:
    speller = Speller(sorted({"contractprofiel", "vertegenwoordig", "baxter", "rol", "resv"}))
    assert "contractprofiel" in speller.corrections("contractprofeil")
    assert speller.corrections("resw") == {}  # short words: only near-exact corrections
    assert "baxter" in speller.corrections("baxterrol")  # a compound's known part
    assert set(speller.corrections("rolbaxterxyz")) <= {"rol", "baxter"}
    assert speller.is_filler("eigelijk")  # a misspelt filler word is no subject


def test_numbers_and_unknown_words_do_not_sink_a_matching_question() -> None:
    index = SearchIndex.build(
        [
            Searchable("fto", "FTO (farmacotherapeutisch overleg)", ("fto",)),
            Searchable("resv", "RESV", ("resv",)),
        ]
    )
    plain = index.rank("fto")
    chatty = index.rank("fto in 2026 met 3 huisartsen, hoe gaat dat")
    assert plain is not None and chatty is not None
    assert index.hits(chatty)[0].id == "fto"
    assert index.rank("2026") is None  # a number alone is no subject


def test_broader_words_lead_one_way_only() -> None:
    from bot.knowledge.lexicon import Synonyms

    lexicon = SynonymFile.model_validate(
        {"groups": [], "broader": [{"word": "verzekeraar", "narrower": ["menzis", "vgz"]}]}
    )
    synonyms = Synonyms.from_groups(lexicon.groups, lexicon.broader)
    assert stem("verzekeraar") in synonyms.of("menzis")  # a question about menzis ...
    assert synonyms.of(stem("verzekeraar")) == frozenset()  # ... but not the other way round
    items = [
        Searchable("onderling", "Verzekeraars onderling", ("verzekeraars onderling",)),
        Searchable("profiel", "Contractprofiel", ("contractprofiel",)),
    ]
    index = SearchIndex.build(items, synonyms)
    assert index.score_all("vertelt menzis het aan vgz")[0].id == "onderling"


def test_broken_broader_group_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        (DATA_DIR / "terms_a.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "synonyms.yaml").write_text(
        "groups: []\nbroader:\n  - word: verzekeraar\n    narrower: [zilveren kruis]\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in check_knowledge(tmp_path)]
    assert any("'zilveren kruis' is not one content word" in p for p in problems)
