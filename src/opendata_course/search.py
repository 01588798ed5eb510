"""Offline French search: the index is built here and shipped as a script
(`recherche/index.js`), because pages opened from file:// cannot fetch JSON.

Tokens are folded (lower case, no accents), French stop words are dropped
and a light stemmer merges singular and plural. static/search.js applies
exactly the same normalisation to the query.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from html import unescape

from .text import fold

STOP_WORDS = frozenset("""
a au aux avec ce ces cette dans de des du elle en est et etre il ils je la le les leur leurs
lui mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son
sont sur ta te tes toi ton tu un une vos votre vous y d l c s n j m t qu est-ce
the of and to in is for on
""".split())
WORD = re.compile(r"[a-z0-9]+")
SNIPPET_CHARS = 1500  # text kept per document for result snippets (size vs context)


def stem(token: str) -> str:
    """Light French stemming: plural to singular ('licences' -> 'licence',
    'journaux' -> 'journal', 'donnees' -> 'donnee')."""
    if len(token) > 4 and token.endswith("aux"):
        return token[:-3] + "al"
    if len(token) > 3 and token[-1] in "sx" and not token.endswith("ss"):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    return [stem(word) for word in WORD.findall(fold(text).replace("œ", "oe")) if word not in STOP_WORDS]


SKIPPED = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
BREAK = re.compile(r"<(?:p|li|h[2-4]|td|th|br|div|dt|dd)\b[^>]*>", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")


def html_text(html: str) -> str:
    """The words of an HTML fragment, blocks kept apart."""
    text = TAG.sub("", BREAK.sub(" ", SKIPPED.sub("", html)))
    return " ".join(unescape(text).split())


@dataclass(frozen=True)
class Document:
    url: str  # relative to the site root
    title: str
    section: str
    text: str
    kind: str  # module | parcours | glossaire | reference
    # Tokens joined by spaces, when computed ahead (incremental builds cache
    # them): one string loads from the cache much faster than a tuple.
    words: str | None = None

    def tokenised(self) -> "Document":
        return replace(self, words=" ".join(tokens(f"{self.title} {self.section} {self.text}")))


SECTION = re.compile(r'<h2 id="(?P<id>[^"]+)">(?P<title>.*?)</h2>', re.DOTALL)


def module_documents(url: str, title: str, intro: str, html: str) -> list[Document]:
    """One document for the module's opening, then one per h2 section."""
    matches = list(SECTION.finditer(html))
    documents = [Document(url, title, "", html_text(intro + " " + html[: matches[0].start() if matches else len(html)]), "module")]
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(html)
        documents.append(Document(
            f"{url}#{match.group('id')}", title, html_text(match.group("title")),
            html_text(html[match.end():end]), "module",
        ))
    return documents


def build_index(documents: list[Document], acronyms: dict[str, str]) -> dict:
    """An inverted index {token: [document numbers]}.

    `acronyms` maps an acronym to its expansion ('RGPD' -> 'Règlement
    général…'): a document that writes either form is found by both.
    """
    expansions = [(tokens(short)[0], tokens(long)) for short, long in acronyms.items() if tokens(short) and tokens(long)]
    postings: dict[str, set[int]] = {}
    records = []
    for number, document in enumerate(documents):
        if document.words is None:
            document = document.tokenised()
        found = set(document.words.split())
        joined = f" {document.words} "
        for short, long in expansions:
            if short in found:
                found.update(long)
            elif " " + " ".join(long) + " " in joined:
                found.add(short)
        for word in found:
            postings.setdefault(word, set()).add(number)
        records.append([document.url, document.title, document.section, document.text[:SNIPPET_CHARS], document.kind])
    return {
        "docs": records,
        "index": {word: sorted(numbers) for word, numbers in sorted(postings.items())},
        "stop": sorted(STOP_WORDS),
    }


def index_script(index: dict) -> bytes:
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.SEARCH_INDEX = {data};\n".encode("utf-8")
