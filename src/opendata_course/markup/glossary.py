"""Finding the glossary entry a `[[terme]]` link names."""

from __future__ import annotations

from ..model import Term
from ..slugs import fold


class Glossary:
    """Finds a glossary entry from a term, synonym or acronym, ignoring
    case, accents and a final plural s/x."""

    def __init__(self, terms: dict[str, Term]) -> None:
        self.terms = terms
        self.index: dict[str, str] = {}
        for slug, term in terms.items():
            for name in (term.term, *term.synonyms, *term.acronyms):
                self.index.setdefault(fold(name), slug)
                self.index.setdefault(_singular(fold(name)), slug)

    def find(self, text: str) -> Term | None:
        key = fold(text.strip())
        slug = self.index.get(key) or self.index.get(_singular(key))
        return self.terms.get(slug) if slug else None


def _singular(folded: str) -> str:
    return " ".join(w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in folded.split())
