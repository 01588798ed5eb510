"""Offline French search: the index is written as scripts (pages opened
from file:// cannot fetch JSON) that static/search.js loads as a query
needs them, so that a course of thousands of modules still opens its search
page at once:

- `recherche/index.js`: the index's table of contents (how many documents,
  which word files exist, the stop words);
- `recherche/mots/<xx>.js`: the words starting with `xx`, each with the
  documents that hold it;
- `recherche/docs/<n>.js`: the documents themselves (address, title,
  section, snippet), BLOCK by BLOCK, loaded for the results shown.

Tokens are folded (lower case, no accents), French stop words are dropped
and a light stemmer merges singular and plural. static/search.js applies
exactly the same normalisation to the query.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from typing import NamedTuple

from ..model import RenderedModule
from ..slugs import fold
from ..markup.typography import NO_BREAK_HYPHEN, apostrophes

STOP_WORDS = frozenset("""
a au aux avec ce ces cette dans de des du elle en est et etre il ils je la le les leur leurs
lui mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son
sont sur ta te tes toi ton tu un une vos votre vous y d l c s n j m t qu est-ce
the of and to in is for on
""".split())
WORD = re.compile(r"[a-z0-9]+")
SNIPPET_CHARS = 1500  # text kept per document for result snippets (size vs context)


@lru_cache(maxsize=1 << 16)  # a text's words recur: a memo is four times quicker than stemming each again
def stem(token: str) -> str:
    """Light French stemming: plural to singular ('licences' -> 'licence',
    'journaux' -> 'journal', 'donnees' -> 'donnee')."""
    if len(token) > 4 and token.endswith("aux"):
        return token[:-3] + "al"
    if len(token) > 3 and token[-1] in "sx" and not token.endswith("ss"):
        return token[:-1]
    return token


def spelt_out(folded: str) -> str:
    """The ligatures that no decomposition spells out (as search.js does)."""
    return folded.replace("œ", "oe").replace("æ", "ae")


def tokens(text: str) -> list[str]:
    return [stem(word) for word in WORD.findall(spelt_out(fold(text))) if word not in STOP_WORDS]


SKIPPED = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
BREAK = re.compile(r"<(?:p|li|h[2-4]|td|th|br|div|dt|dd)\b[^>]*>", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
IMAGE = re.compile(r'<img\b[^>]*?\balt="(?P<alt>[^"]*)"[^>]*>', re.IGNORECASE)  # a diagram's text alternative is found too


def html_text(html: str) -> str:
    """The words of an HTML fragment, blocks kept apart, images by their text
    alternative; no-break spaces and hyphens (the typesetting of converted
    HTML) as plain ones."""
    text = TAG.sub("", BREAK.sub(" ", IMAGE.sub(r" \g<alt> ", SKIPPED.sub("", html))))
    return " ".join(unescape(text).replace(NO_BREAK_HYPHEN, "-").split())


@dataclass(frozen=True)
class Document:
    url: str  # relative to the site root
    title: str
    section: str
    text: str
    kind: str  # module | parcours | glossaire | reference


SECTION = re.compile(r'<h2 id="(?P<id>[^"]+)">(?P<title>.*?)</h2>', re.DOTALL)


def module_documents(url: str, title: str, intro: str, html: str) -> list[Document]:
    """One document for the module's opening, then one per h2 section. The
    opening's text starts with its body, so that a result's snippet is a
    sentence; `intro` (subtitle, objectives, tags) follows, still searched."""
    matches = list(SECTION.finditer(html))
    opening = html_text(html[: matches[0].start() if matches else len(html)])
    documents = [Document(url, title, "", " ".join(part for part in (opening, html_text(intro)) if part), "module")]
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(html)
        documents.append(Document(
            f"{url}#{match.group('id')}", title, html_text(match.group("title")),
            html_text(html[match.end():end]), "module",
        ))
    return documents


Expansions = tuple[tuple[str, tuple[str, ...]], ...]


def expansions(acronyms: dict[str, str]) -> Expansions:
    """`acronyms` maps an acronym to its expansion ('RGPD' -> 'Règlement
    général…'), as tokens: a document that writes either form is found by both."""
    pairs = ((tokens(short), tokens(long)) for short, long in sorted(acronyms.items()))
    return tuple((short[0], tuple(long)) for short, long in pairs if short and long)


class Record(NamedTuple):
    """One document of the index, as the build keeps it with its module."""
    url: str
    title: str
    section: str
    kind: str
    words: str  # its tokens, once each, sorted, joined by spaces (acronyms and expansions added)
    titled: str  # those of its title and section: they rank it higher
    shown: str  # [url, title, section, snippet] as JSON: what a result shows, encoded once
    order: str  # where it comes among documents: by title (folded), section, address


def record(document: Document, acronyms: Expansions, french: bool = True) -> Record:
    """`french`: the text shown gets typographic apostrophes, as the course's pages do."""
    found = with_acronyms(tokens(f"{document.title} {document.section} {document.text}"), acronyms)
    # « Le Socle commun des données locales » is titled SCDL too: searching « scdl » puts it first.
    titled = with_acronyms(tokens(f"{document.title} {document.section}"), acronyms)
    typeset = apostrophes if french else str
    title, section = typeset(document.title), typeset(document.section)
    shown = compact([document.url, title, section, typeset(document.text[:SNIPPET_CHARS])])
    return Record(document.url, title, section, document.kind, " ".join(sorted(found)), " ".join(sorted(titled)), shown,
                  "\0".join((fold(title), title, section, document.url)))


def with_acronyms(words: list[str], acronyms: Expansions) -> set[str]:
    """`words`, with each acronym's expansion where the acronym is, and the acronym where its expansion is."""
    found = set(words)
    joined = f" {' '.join(words)} "
    for short, long in acronyms:
        if short in found:
            found.update(long)
        elif f" {' '.join(long)} " in joined:
            found.add(short)
    return found


BLOCK = 25  # documents per file of recherche/docs/: a page of 50 results loads at most 50 such files
IN_TITLE, OPENING = 1, 2  # flags of a posting (document number × 4 + flags)


def index_files(records: list[Record]) -> list[tuple[str, bytes]]:
    """The index's files, by path under recherche/. Documents are numbered
    in the order of their titles: equal scores are shown in that order."""
    ordered = sorted(records, key=lambda r: r.order)
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for number, doc in enumerate(ordered):
        posting = number * 4 + (OPENING if doc.kind == "module" and not doc.section else 0)
        for word in doc.words.split():
            postings[word].append(posting)
        for word in doc.titled.split():  # the title's words are among the words: flag the posting just added
            postings[word][-1] |= IN_TITLE
    shards: dict[str, dict[str, list[int]]] = {}
    for word in sorted(postings):
        shards.setdefault(word[:2], {})[word] = postings[word]
    files = [(f"mots/{key}.js", part(f"m{key}", words)) for key, words in shards.items()]
    for start in range(0, len(ordered), BLOCK):  # documents already encoded, joined
        shown = ",".join(doc.shown for doc in ordered[start:start + BLOCK])
        files.append((f"docs/{start // BLOCK}.js", f'window.SEARCH_PART("d{start // BLOCK}", [{shown}]);\n'.encode("utf-8")))
    table = {"count": len(ordered), "block": BLOCK, "words": sorted(shards), "stop": sorted(STOP_WORDS)}
    return [("index.js", f"window.SEARCH_INDEX = {compact(table)};\n".encode("utf-8")), *files]


def part(name: str, data) -> bytes:
    return f"window.SEARCH_PART({compact(name)}, {compact(data)});\n".encode("utf-8")


def compact(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def search_records(rendered: RenderedModule, acronyms, french: bool = True) -> list[Record]:
    """The search index's records of a module: its opening, then each section."""
    module = rendered.module
    intro = " ".join([module.subtitle, *module.objectives, *module.tags])
    documents = module_documents(f"modules/{module.slug}/index.html", module.title, intro, rendered.handout)
    return [record(document, acronyms, french) for document in documents]


def glossary_acronyms(glossary: dict) -> dict[str, str]:
    return {acronym: term.term for term in glossary.values() for acronym in term.acronyms}


