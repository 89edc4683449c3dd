"""`rao-bot ask`, `check-knowledge`, `guard` and `unanswered`: the knowledge tools offline."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from bot.cli_tools import inputs, report_problems
from bot.html_check import check_html
from bot.knowledge.loader import DATA_DIR, Knowledge, KnowledgeError, check_knowledge
from bot.knowledge.replies import result_reply
from bot.knowledge.search import SearchResult


def result_json(result: SearchResult) -> dict[str, Any]:
    best = result.best if result.outcome == "answer" else None
    suggestions = result.suggestions if result.outcome == "suggest" else ()
    return {
        "query": result.query,
        "outcome": result.outcome,
        "id": best.id if best else None,
        "title": best.title if best else None,
        "score": result.score,
        "suggestions": [{"id": h.id, "title": h.title} for h in suggestions],
        "intent": result.intent.kind,
        "compared": result.compared.id if result.compared else None,
    }


def _as_member_sees(knowledge: Knowledge, result: SearchResult) -> str:
    reply = result_reply(knowledge, result)
    lines = [check_html(reply.html)]
    number = 0
    for row in reply.buttons:
        for label, _ in row:
            number += 1
            lines.append(f"  [{number}] {label}")
    return "\n".join(lines)


def _load(args: argparse.Namespace) -> Knowledge | None:
    from bot.assembly import build_knowledge
    from bot.config import load_settings

    try:
        settings = load_settings(_env_file=None, knowledge_dir=args.knowledge)
        return build_knowledge(settings)
    except KnowledgeError as exc:
        print(str(exc), file=sys.stderr)
        return None


def cmd_ask(args: argparse.Namespace) -> int:
    knowledge = _load(args)
    if knowledge is None:
        return 1
    questions = inputs(args.batch, args.question, "rao-bot ask: give a question or --batch FILE")
    if questions is None:
        return 2
    for question in questions:
        result = knowledge.index.search(question)
        if args.json:
            print(json.dumps(result_json(result), ensure_ascii=False))
        else:
            print(_as_member_sees(knowledge, result))
            if len(questions) > 1:
                print("-" * 40)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    directory = Path(args.knowledge) if args.knowledge else DATA_DIR
    if report_problems(check_knowledge(directory)):
        return 1
    from bot.knowledge.loader import load_knowledge

    knowledge = load_knowledge(directory)
    synonyms = len(knowledge.index.synonyms.related)
    print(f"ok: {len(knowledge.terms)} terms, {len(knowledge.rules)} rules, {synonyms} synonyms")
    return 0


def cmd_guard(args: argparse.Namespace) -> int:
    from bot.knowledge.guard import assess

    messages = inputs(args.batch, args.message, "rao-bot guard: give a message or --batch FILE")
    if messages is None:
        return 2
    for message in messages:
        verdict = assess(message)
        if args.json or args.batch:
            payload = {
                "text": message,
                "risky": verdict.risky,
                "rule": verdict.rule,
                "signal": verdict.signal,
            }
            print(json.dumps(payload, ensure_ascii=False))
        else:
            label = "RISKY" if verdict.risky else "ok"
            print(f"{label}\t{verdict.rule or '-'}\t{verdict.signal or '-'}\t{message}")
    return 0


def cmd_unanswered(args: argparse.Namespace) -> int:
    """Every question the bot could not answer, for the operator: text, time, group or
    organisation; never who asked."""
    from bot.config import ConfigError, load_settings
    from bot.knowledge.service import KnowledgeService
    from bot.storage import Storage

    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"rao-bot: {exc}", file=sys.stderr)
        return 2
    path = Path(args.db) if args.db else settings.db
    if not path.exists():
        print(f"rao-bot unanswered: no database at {path}", file=sys.stderr)
        return 1

    async def export() -> str:
        storage = Storage(path)
        await storage.open()
        try:
            knowledge = _load(argparse.Namespace(knowledge=None))
            if knowledge is None:
                raise SystemExit(1)
            return await KnowledgeService(storage, knowledge).unanswered_export(args.format)
        finally:
            await storage.close()

    text = asyncio.run(export())
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def register_parsers(sub: Any) -> None:
    ask = sub.add_parser("ask", help="answer a question as the bot would")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--batch", help="file with one question per line")
    ask.add_argument("--knowledge", help="knowledge directory (default: the shipped one)")
    ask.set_defaults(func=cmd_ask)
    check = sub.add_parser("check-knowledge", help="validate the knowledge files")
    check.add_argument("--knowledge", help="knowledge directory (default: the shipped one)")
    check.set_defaults(func=cmd_check)
    guard = sub.add_parser("guard", help="run the competition-law guard on a message")
    guard.add_argument("message", nargs="*")
    guard.add_argument("--json", action="store_true")
    guard.add_argument("--batch", help="file with one message per line")
    guard.set_defaults(func=cmd_guard)
    unanswered = sub.add_parser(
        "unanswered", help="export the questions the bot could not answer (no asker kept)"
    )
    unanswered.add_argument("--format", choices=("csv", "json"), default="csv")
    unanswered.add_argument("--db", help="database file (default: the configured one)")
    unanswered.add_argument("--output", help="write to this file instead of standard output")
    unanswered.set_defaults(func=cmd_unanswered)
