"""Normalisation and search outcomes on a small hand-made index."""

from __future__ import annotations

from bot.knowledge.normalize import normalized, tokens
from bot.knowledge.search import Searchable, SearchIndex

ITEMS = [
    Searchable("resv", "RESV (regionaal eerstelijnssamenwerkingsverband)", ("resv",), ()),
    Searchable("oi", "O&I (organisatie en infrastructuur)", ("o&i", "oeni"), ()),
    Searchable(
        "oi-regiomanagement",
        "O&I regiomanagement",
        ("regiomanagement",),
        ("wat is o&i regiomanagement",),
    ),
    Searchable(
        "hagro", "HAGRO (huisartsengroep)", ("hagro", "hagro's"), ("wie zit er in een hagro",)
    ),
    Searchable(
        "vertegenwoordigingslijst",
        "Vertegenwoordigingslijst",
        ("vertegenwoordigings lijst",),
        (),
    ),
]


def test_variants_of_o_and_i_are_alike() -> None:
    assert tokens("O&I") == tokens("o en i") == tokens("oeni") == tokens("O & I") == ("oeni",)


def test_scaffolding_and_accents_removed() -> None:
    assert normalized("Wat is een RESV eigenlijk?") == normalized("resv")
    assert normalized("Wat houdt coöperatie in?") == normalized("cooperatie")
    assert normalized("wat betekent 'hagro'") == normalized("hagro")


def test_zn_is_the_insurers_umbrella_unless_it_is_zijn() -> None:
    assert tokens("wie is ZN") == tokens("zn?") == ("zn",)
    assert tokens("mogen we met zn allen") == tokens("mogen we met z'n allen")
    assert "zn" not in tokens("iemand begon over zn tarieven")
    assert tokens("nza afk?") == tokens("nza")


def test_outcomes() -> None:
    index = SearchIndex.build(ITEMS)
    result = index.search("wat is n hagro")
    assert result.outcome == "answer" and result.best and result.best.id == "hagro"
    result = index.search("oeni regiomanagment")
    assert result.best and result.best.id == "oi-regiomanagement"
    result = index.search("vertegenwoordiginglijst")
    assert result.best and result.best.id == "vertegenwoordigingslijst"
    assert index.search("hoe laat gaat de kassa dicht").outcome == "none"
    assert index.search("").outcome == "none"
    assert index.search("???").outcome == "none"


def test_top_lists_matches_for_inline() -> None:
    index = SearchIndex.build(ITEMS)
    assert [h.id for h in index.top("resv")][:1] == ["resv"]
