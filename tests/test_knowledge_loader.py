"""Knowledge files: the shipped ones are valid; every kind of problem is reported precisely."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.loader import check_knowledge, load_knowledge

GOOD = """
entries:
  - id: {id}
    kind: term
    title: {title}
    aliases: [{alias}]
    answer: Een voldoende lang antwoord over dit begrip voor de test.
    sources: [{{title: "000_026075253568e7c0.txt", section: "Bijlage"}}]
    related: [{related}]
"""


def write(tmp: Path, name: str, text: str) -> None:
    (tmp / name).write_text(text, encoding="utf-8")


def test_shipped_knowledge_is_valid_and_big_enough() -> None:
    assert check_knowledge() == []
    knowledge = load_knowledge()
    assert len(knowledge.terms) >= 70
    assert len(knowledge.rules) >= 15
    assert all(entry.sources for entry in knowledge.entries.values())


def test_problems_are_named_by_file_entry_and_field(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD.format(id="resv", title="RESV", alias="resv", related="ros"))
    write(tmp_path, "b.yaml", GOOD.format(id="resv", title="RESV 2", alias="resv", related="nope"))
    write(
        tmp_path,
        "c.yaml",
        "entries:\n  - id: ros\n    kind: rule\n    title: ROS\n    answer: te kort\n"
        "    sources: []\n    colour: red\n",
    )
    write(tmp_path, "d.yaml", "entries: [\n  - id: x\n")
    write(
        tmp_path,
        "e.yaml",
        GOOD.format(id="resv-twee", title="RESV 3", alias="RESV", related="resv"),
    )
    problems = [str(p) for p in check_knowledge(tmp_path)]
    assert "b.yaml: resv: id: duplicate id (also in a.yaml)" in problems
    assert "e.yaml: resv-twee: aliases: alias 'RESV' is also used by resv" in problems
    assert "b.yaml: resv: related: unknown entry id 'nope'" in problems
    assert any(p.startswith("c.yaml: ros: colour: ") for p in problems)
    assert any(p.startswith("c.yaml: ros: answer: ") for p in problems)
    assert any(p.startswith("c.yaml: ros: sources: ") for p in problems)
    assert any(p.startswith("d.yaml: -: line ") and "broken YAML" in p for p in problems)


def test_rule_needs_questions(tmp_path: Path) -> None:
    write(
        tmp_path,
        "r.yaml",
        "entries:\n  - id: acm-x\n    kind: rule\n    title: Regel\n"
        "    answer: Een voldoende lang antwoord over deze regel.\n"
        "    sources: [{title: ACM}]\n",
    )
    problems = [str(p) for p in check_knowledge(tmp_path)]
    assert any(p.startswith("r.yaml: acm-x: -: ") and "questions" in p for p in problems)
