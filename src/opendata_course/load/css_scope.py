"""Scope a module's CSS selectors to that module's slides.

Every selector is rewritten so that it only matches inside
`.slide[data-module="<slug>"]` (deck.html marks each slide of a module that
has a stylesheet), in the module's deck and in every day deck.

remark / xaringan name their own elements; they map onto ours:

- `.remark-slide-content` (and the slide's wrappers), `html`, `body`,
  `:root` are the slide itself: `.remark-slide-content h1` becomes
  `<slide> h1`, `.remark-slide-content.inverse` becomes `<slide>.inverse`;
- `.remark-code` is `pre code`, `.remark-inline-code` is `:not(pre) > code`;
- `.remark-slide-number` has no per-slide equivalent: the selector is dropped
  with a warning, as is any other `.remark-*` class.

A selector that does not name the slide may target the slide itself or
an element in it: remark puts a slide's classes (`class: inverse`) on
`.remark-slide-content`, so `.inverse h1` is written both
`<slide>.inverse h1` and `<slide> .inverse h1`.

Pure functions on tinycss2 tokens: no file is read here.
"""

from __future__ import annotations

from dataclasses import dataclass

import tinycss2

SLIDE_ITSELF_CLASSES = frozenset(("remark-slide-content", "remark-slide-container", "remark-slide-scaler",
                                  "remark-slide", "remark-slides-area"))
SLIDE_ITSELF_TYPES = frozenset(("html", "body"))
CODE_CLASSES = {"remark-code": ("pre", " ", "code"), "remark-inline-code": (":not(pre)", " > ", "code")}
COMBINATORS = {">": " > ", "+": " + ", "~": " ~ "}


class SelectorProblem(Exception):
    """A selector that cannot be kept: `error` when it is not a selector at all."""

    def __init__(self, message: str, error: bool = False) -> None:
        super().__init__(message)
        self.message, self.error = message, error


@dataclass
class Simple:
    kind: str  # type | universal | class | id | attribute | pseudo
    text: str  # as written back
    name: str = ""  # lower-case name of a type, class or pseudo-class


def slide_selector(slug: str) -> str:
    return f'.slide[data-module="{slug}"]'


def split_list(tokens: list) -> list[list]:
    """A selector list's selectors (top-level commas), without comments."""
    selectors: list[list] = [[]]
    for token in tokens:
        if token.type == "comment":
            continue
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def parse_selector(tokens: list) -> list:
    """Compounds (lists of Simple) alternating with combinators (' ', ' > '…)."""
    while tokens and tokens[0].type == "whitespace":
        tokens = tokens[1:]
    while tokens and tokens[-1].type == "whitespace":
        tokens = tokens[:-1]
    if not tokens:
        raise SelectorProblem("sélecteur vide", error=True)
    items: list = [[]]
    index = 0
    pending = None  # a combinator seen, waiting for its compound
    while index < len(tokens):
        token = tokens[index]
        if token.type == "whitespace":
            pending = pending or " "
            index += 1
            continue
        if token.type == "literal" and token.value in COMBINATORS:
            if pending not in (None, " ") or (not items[-1] and len(items) > 1):
                raise SelectorProblem(f"deux combinateurs à la suite : « {tokens_text(tokens)} »", error=True)
            pending = COMBINATORS[token.value]
            index += 1
            continue
        if pending is not None:
            if items[-1]:
                items.extend([pending, []])
            elif pending != " ":  # a selector starting with a combinator: relative to the slide
                items = [pending, []]
            pending = None
        simple, index = parse_simple(tokens, index)
        items[-1].append(simple)
    if pending is not None or not items[-1]:
        raise SelectorProblem(f"sélecteur incomplet : « {tokens_text(tokens)} »", error=True)
    return items


def parse_simple(tokens: list, index: int) -> tuple[Simple, int]:
    token = tokens[index]
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if token.type == "ident":
        return Simple("type", token.serialize(), token.lower_value), index + 1
    if token.type == "literal" and token.value == "*":
        return Simple("universal", "*"), index + 1
    if token.type == "literal" and token.value == "." and following is not None and following.type == "ident":
        return Simple("class", "." + following.serialize(), following.value.lower()), index + 2
    if token.type == "hash" and token.is_identifier:
        return Simple("id", token.serialize()), index + 1
    if token.type == "[] block":
        return Simple("attribute", token.serialize()), index + 1
    if token.type == "literal" and token.value == ":":
        colons = ":"
        if following is not None and following.type == "literal" and following.value == ":":
            colons, index = "::", index + 1
            following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and following.type in ("ident", "function"):
            name = following.lower_value if following.type == "ident" else following.lower_name
            return Simple("pseudo", colons + following.serialize(), colons + name), index + 2
    raise SelectorProblem(f"sélecteur invalide : « {tokens_text(tokens)} »", error=True)


def tokens_text(tokens: list) -> str:
    return " ".join(tinycss2.serialize(tokens).split())


def is_slide_itself(compound: list[Simple]) -> bool:
    return any((s.kind == "type" and s.name in SLIDE_ITSELF_TYPES) or (s.kind == "pseudo" and s.name == ":root")
               or (s.kind == "class" and s.name in SLIDE_ITSELF_CLASSES) for s in compound)


def compound_text(compound: list[Simple]) -> str:
    """A compound written back, remark's code classes made ours."""
    for simple in compound:
        if simple.kind == "class" and simple.name in CODE_CLASSES:
            outer, combinator, inner = CODE_CLASSES[simple.name]
            rest = "".join(s.text for s in compound if s is not simple and s.kind not in ("type", "universal"))
            return f"{outer}{combinator}{inner}{rest}"
    return "".join(s.text for s in compound)


def check_remark_classes(items: list) -> None:
    for compound in items[::2]:
        for simple in compound:
            if simple.kind != "class" or not simple.name.startswith("remark-"):
                continue
            if simple.name == "remark-slide-number":
                raise SelectorProblem("« .remark-slide-number » : les diapositives n'ont pas ici de numéro à elles, "
                                      "règle ignorée")
            if simple.name not in SLIDE_ITSELF_CLASSES and simple.name not in CODE_CLASSES:
                raise SelectorProblem(f"« .{simple.name} » : élément propre à remark, sans équivalent ici, règle ignorée")


def scope_one(tokens: list, slug: str) -> list[str]:
    """One selector's scoped forms; raises SelectorProblem."""
    items = parse_selector(tokens)
    slide = slide_selector(slug)
    if isinstance(items[0], str):  # `> p`: relative to the slide
        if items[0] in (" + ", " ~ "):
            raise SelectorProblem(f"« {tokens_text(tokens)} » viserait les diapositives voisines : règle ignorée")
        check_remark_classes(items[1:])
        return [slide + items[0] + tail_text(items[1:])]
    check_remark_classes(items)
    itself = [index for index in range(0, len(items), 2) if is_slide_itself(items[index])]
    if itself:
        last = itself[-1]
        rest = items[last + 1:]
        if rest and rest[0] in (" + ", " ~ "):
            raise SelectorProblem(f"« {tokens_text(tokens)} » viserait les diapositives voisines : règle ignorée")
        qualifiers = "".join(s.text for s in items[last] if not (
            (s.kind == "type" and s.name in SLIDE_ITSELF_TYPES) or (s.kind == "pseudo" and s.name == ":root")
            or (s.kind == "class" and s.name in SLIDE_ITSELF_CLASSES) or s.kind == "universal"))
        return [slide + qualifiers + tail_text(rest)]
    scoped = [f"{slide} {tail_text(items)}"]
    first = items[0]
    sibling = len(items) > 1 and items[1] in (" + ", " ~ ")
    typed = any(s.kind in ("type", "universal") or (s.kind == "class" and s.name in CODE_CLASSES) for s in first)
    if not typed and not sibling and not first[0].text.startswith("::"):
        scoped.append(slide + compound_text(first) + tail_text(items[1:]))
    return scoped


def tail_text(items: list) -> str:
    out = []
    for index, item in enumerate(items):
        if isinstance(item, str):
            out.append(item)
        elif index >= 2 and [s.name for s in items[index - 2] if s.kind == "type"] == ["pre"] and any(
                s.kind == "class" and s.name == "remark-code" for s in item):
            out.append("code" + "".join(s.text for s in item if s.kind not in ("type", "universal") and s.name != "remark-code"))
        else:
            out.append(compound_text(item))
    return "".join(out)


def scope_selectors(prelude: list, slug: str) -> tuple[str, list[str]]:
    """A rule's selector list, scoped: (new list or "" when nothing is
    kept, warnings). Raises SelectorProblem(error=True) for what is not a
    selector list at all."""
    kept: list[str] = []
    warnings: list[str] = []
    for tokens in split_list(prelude):
        try:
            kept.extend(scope_one(tokens, slug))
        except SelectorProblem as problem:
            if problem.error:
                raise
            warnings.append(problem.message)
    return ", ".join(dict.fromkeys(kept)), warnings


def scope(selectors: str, slug: str) -> str:
    """`scope_selectors` on a text: for tests and tools."""
    return scope_selectors(tinycss2.parse_component_value_list(selectors), slug)[0]
