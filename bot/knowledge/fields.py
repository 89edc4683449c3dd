"""One BM25 index (bm25s) per kind of field of the knowledge, on the project's Dutch tokens.

Every title and alias is a short document of its own, so is every example question, and the
answer text is one document per entry: query words count together only within one key or one
example question, and an entry's best document is its score in that field.
"""

from __future__ import annotations

from dataclasses import dataclass

import bm25s
import numpy as np
import numpy.typing as npt

BM25_PARAMS = {"k1": 1.5, "b": 0.75}

Vector = npt.NDArray[np.float32]


@dataclass
class Field:
    bm25: bm25s.BM25
    starts: npt.NDArray[np.intp] | None = None  # first document of each entry (several each)

    @classmethod
    def build(cls, docs: list[list[list[str]]]) -> Field:
        """docs[entry] is that entry's documents, each a list of tokens."""
        flat = [doc or [""] for group in docs for doc in (group or [[""]])]
        bm25 = bm25s.BM25(**BM25_PARAMS)
        bm25.index(flat or [[""]], show_progress=False)
        if all(len(group) <= 1 for group in docs):
            return cls(bm25)
        sizes = [max(1, len(group)) for group in docs]
        return cls(bm25, np.cumsum([0, *sizes[:-1]]).astype(np.intp))

    def word_scores(self, candidates: dict[str, float]) -> Vector | None:
        """Per document, the best score of the index words a query word may stand for."""
        best: Vector | None = None
        for word, weight in candidates.items():
            if word in self.bm25.vocab_dict:
                scores: Vector = weight * self.bm25.get_scores([word])
                best = scores if best is None else np.maximum(best, scores)
        return best

    def per_entry(self, doc_scores: Vector) -> Vector:
        """An entry's best document."""
        if self.starts is None:
            return doc_scores
        best: Vector = np.maximum.reduceat(doc_scores, self.starts)
        return best
