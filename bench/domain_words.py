"""Write the domain vocabulary: every content word of the source documents, stemmed.

Run: .venv/bin/python -m bench.domain_words [--sources DIR ...]
The search tells a question in the domain's own words that the knowledge lacks ("wat zegt de
KNMP over de apotheekhoudende huisarts") from an off-topic one ("dosering paracetamol") by
whether its unmatched words occur in the documents the knowledge was written from. The seeds
and the reference notes live outside the package, so their vocabulary is kept as data
(bot/knowledge/data/domain_words.txt); rerun this when a source is added.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.knowledge.lexicon import DOMAIN_WORDS_FILE
from bot.knowledge.loader import DATA_DIR
from bot.knowledge.normalize import tokens

SOURCES = [Path("/work/shared/seeds"), Path("/work/shared/reference")]
READ = ("*.txt", "*.md")
LEFT_OUT = {"README.md", "architecture-notes.md", "ptb-notes.md"}  # about the code, not domain


def vocabulary(directories: list[Path]) -> set[str]:
    words: set[str] = set()
    for directory in directories:
        for pattern in READ:
            for path in sorted(directory.glob(pattern)):
                if path.name not in LEFT_OUT:
                    text = path.read_text(encoding="utf-8", errors="replace")
                    words.update(t for t in tokens(text) if not t.isdigit() and len(t) > 1)
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", nargs="*", type=Path, default=SOURCES)
    args = parser.parse_args()
    words = vocabulary(args.sources)
    target = DATA_DIR / DOMAIN_WORDS_FILE
    header = "# Written by bench/domain_words.py from the seeds and reference notes.\n"
    target.write_text(header + "\n".join(sorted(words)) + "\n", encoding="utf-8")
    print(f"{len(words)} stemmed words written to {target}")


if __name__ == "__main__":
    main()
