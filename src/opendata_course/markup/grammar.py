"""Text-level scanning of module bodies: code fences, `:::` blocks,
`.class[…]` content classes, citations, glossary links and images.

Everything here is pure: text in, values and (line, message) pairs out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..problems import LocatedError, did_you_mean

FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
BLOCK_OPEN = re.compile(r"^ {0,3}(?P<colons>:{3,})\s*(?P<kind>\.?[\w.-]+)(?P<title>.*)$")
BLOCK_CLOSE = re.compile(r"^ {0,3}:{3,}\s*$")
BLOCK_KINDS = (
    "handout", "slides", "exercise", "solution", "note", "tip", "warning", "law", "quiz",
)
CITATION = re.compile(r"\[@(?P<ids>[\w:.-]+(?:\s*[;,]\s*@[\w:.-]+)*)\]")
TERM = re.compile(r"\[\[(?P<term>[^\[\]\|\n]+?)(?:\|(?P<label>[^\[\]\n]+?))?\]\]")  # no [ inside: linear on « [[[[ »
# No `![` in an alt, no `[` in an address, no `<` in a tag: linear on « ![![![… » or « <img <img… ».
MD_IMAGE = re.compile(r"!\[(?P<alt>(?:[^\]!]|!(?!\[))*)\]\(\s*<?(?P<src>[^)\s>\[]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_IMAGE = re.compile(r"<img\b[^<>]*?\bsrc\s*=\s*[\"'](?P<src>[^\"'<>]+)[\"'][^<>]*>", re.IGNORECASE)
HTML_ALT = re.compile(r"\balt\s*=\s*[\"'](?P<alt>[^\"']*)[\"']", re.IGNORECASE)
# url(…) in CSS, its address in double, single or no quotes: the one pattern
# that the import, the relinking of raw HTML and the offline pages read.
CSS_URL = re.compile(r"""url\(\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^)"'\s]*))\s*\)""", re.IGNORECASE)
CLASS_OPEN = re.compile(r"(?<![\w\\])\.(?P<names>[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\[")
INLINE_CODE = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")


SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # https:, mailto:, javascript:, data:, C:…
ROOT = "@@ROOT@@/"  # in converted HTML: the path to the site's root, replaced on each page


def elsewhere(address: str) -> bool:
    """An address with a scheme or a host (//): not a file of the course."""
    return address.startswith("//") or SCHEME.match(address) is not None


def css_address(match: re.Match) -> str:
    """The name of the group of a CSS_URL match that holds its address."""
    return next(name for name in ("dq", "sq", "bare") if match.group(name) is not None)


def code_mask(lines: list[str]) -> list[bool]:
    """True for each line that belongs to a fenced code block (fences included)."""
    mask = []
    fence = None
    for line in lines:
        if fence is None:
            match = FENCE.match(line)
            if match:
                fence = match.group("fence")
                mask.append(True)
                continue
            mask.append(False)
        else:
            mask.append(True)
            if closes_fence(line, fence):
                fence = None
    return mask


def unclosed_fence(lines: list[str]) -> int | None:
    """The index of the line opening a code block that is never closed."""
    fence, opened = None, 0
    for index, line in enumerate(lines):
        if fence is None:
            match = FENCE.match(line)
            if match:
                fence, opened = match.group("fence"), index
        elif closes_fence(line, fence):
            fence = None
    return opened if fence is not None else None


LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d+[.)])[ \t]")
QUOTE = re.compile(r"^(?:[ \t]*>)+")


def nesting_problem(lines: list[str], first_line: int) -> tuple[int, str] | None:
    """Lists or quotes nested deeper than MAX_NESTING levels (Markdown would
    recurse once per level)."""
    mask = code_mask(lines)
    indents: list[int] = []  # the indentation of each open list level
    for index, line in enumerate(lines):
        if mask[index] or not line.strip():
            continue
        item = LIST_ITEM.match(line)
        if item:
            indent = len(item.group("indent").expandtabs(4))
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
            if len(indents) > MAX_NESTING:
                return first_line + index, f"liste imbriquée sur plus de {MAX_NESTING} niveaux"
        elif not line.startswith((" ", "\t")):
            indents = []  # a paragraph at the margin ends the lists
        quote = QUOTE.match(line)
        if quote and quote.group(0).count(">") > MAX_NESTING:
            return first_line + index, f"citation « > » imbriquée sur plus de {MAX_NESTING} niveaux"
    return None


def closes_fence(line: str, fence: str) -> bool:
    """Whether `line` closes a code block opened with `fence` (``` or ~~~)."""
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


def prose_lines(text: str, first_line: int):
    """(file line, line) for every line outside fenced code."""
    lines = text.split("\n")
    for index, (line, in_code) in enumerate(zip(lines, code_mask(lines))):
        if not in_code:
            yield first_line + index, line


def strip_inline_code(line: str) -> str:
    """Blank out inline code spans so their content is not scanned."""
    return INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)


BACKGROUND = "(arrière-plan)"  # the alt of an image named by a url(): decoration


@dataclass(frozen=True)
class Found:
    line: int
    value: str
    extra: str = ""


@dataclass(frozen=True)
class References:
    """What a module's prose refers to, found in one pass over its lines."""

    citations: list[Found]
    terms: list[Found]
    images: list[Found]  # src, and alt (None for an <img> without alt, BACKGROUND for a url())
    remote: list[Found] = field(default_factory=list)  # an address out of the site that raw HTML loads, and its tag
    scripts: list[Found] = field(default_factory=list)  # links that run code or open the reader's own files


# What raw HTML loads from elsewhere (a remote <img> is an image, checked as one): nothing of it shows offline.
EMBEDDED = re.compile(r"""<(?P<tag>iframe|script|video|audio|source|track|object|embed|link)\b[^<>]*?\b(?:src|data|href)\s*=\s*["']?"""
                      r"""(?P<src>(?:https?:)?//[^\s"'<>]+)""", re.IGNORECASE)

SCRIPT_LINK = re.compile(r"""(?:\]\(\s*<?|\bhref\s*=\s*["']?)\s*(?P<src>(?:javascript|vbscript|file):[^\s)"'<>]*)""",
                         re.IGNORECASE)

# `![carte][plan]` then, on a line of its own, `[plan]: ../media/plan.png`: Markdown's reference images.
REFERENCE_IMAGE = re.compile(r"!\[(?P<alt>(?:[^\]!]|!(?!\[))*)\] ?\[(?P<label>[^\[\]]*)\]")
DEFINITION = re.compile(r"^ {0,3}\[(?P<label>[^\[\]]+)\]:\s*<?(?P<src>[^\s>]+)")


def scan_prose(text: str, first_line: int) -> References:
    citations, terms, images, remote, scripts = [], [], [], [], []
    shown, defined = [], {}  # reference images, by label; the addresses that labels stand for
    for number, line in prose_lines(text, first_line):
        if "[" not in line and "<" not in line:
            continue
        definition = DEFINITION.match(line)
        if definition:
            defined.setdefault(definition.group("label").strip().lower(), definition.group("src"))
        line = strip_inline_code(line)
        if "[@" in line:
            for match in CITATION.finditer(line):
                for ident in re.split(r"\s*[;,]\s*", match.group("ids")):
                    citations.append(Found(number, ident.lstrip("@")))
        if "[[" in line:
            terms += [Found(number, match.group("term").strip()) for match in TERM.finditer(line)]
        pictured = []
        if "![" in line:
            pictured = list(MD_IMAGE.finditer(line))
            images += [Found(number, match.group("src"), match.group("alt")) for match in pictured]
            shown += [(number, (match.group("label") or match.group("alt")).strip().lower(), match.group("alt"))
                      for match in REFERENCE_IMAGE.finditer(line)]
        if "<" in line:
            for match in HTML_IMAGE.finditer(line):
                alt = HTML_ALT.search(match.group(0))
                images.append(Found(number, match.group("src"), alt.group("alt") if alt else None))
            remote += [Found(number, match.group("src"), match.group("tag").lower()) for match in EMBEDDED.finditer(line)]
            if "url(" in line.lower():  # a style attribute's background: checked and published as an image, no alt to ask
                images += [Found(number, match.group(css_address(match)), BACKGROUND) for match in CSS_URL.finditer(line)
                           if match.group(css_address(match))]
        if ":" in line:  # a link's, not an image's: images are checked as such
            scripts += [Found(number, match.group("src")) for match in SCRIPT_LINK.finditer(line)
                        if not any(image.start() <= match.start() < image.end() for image in pictured)]
    images += [Found(number, defined[label], alt) for number, label, alt in shown if label in defined]
    return References(citations, terms, images, remote, scripts)


def check_blocks(text: str, first_line: int) -> list[tuple[int, str]]:
    """Unknown or unclosed `:::` blocks, and badly formed quizzes."""
    problems = []
    stack: list[tuple[int, str]] = []
    quiz_lines: list[str] = []
    for number, line in prose_lines(text, first_line):
        if BLOCK_CLOSE.match(line):
            if not stack:
                problems.append((number, "« ::: » fermant sans bloc ouvert"))
                continue
            opened, kind = stack.pop()
            if kind == "quiz":
                problems.extend((opened, message) for message in check_quiz(quiz_lines))
            continue
        match = BLOCK_OPEN.match(line)
        if match and len(stack) >= MAX_NESTING:
            problems.append((number, f"blocs « ::: » imbriqués sur plus de {MAX_NESTING} niveaux"))
            return problems
        if match:
            kind = match.group("kind")
            if not kind.startswith(".") and kind not in BLOCK_KINDS:
                problems.append(
                    (number, f"bloc « ::: {kind} » inconnu{did_you_mean(kind, BLOCK_KINDS)}"
                     f" ; blocs possibles : {', '.join(BLOCK_KINDS)}")
                )
            if kind == "quiz":
                quiz_lines = []
            stack.append((number, kind))
            continue
        if stack and stack[-1][1] == "quiz":
            quiz_lines.append(line)
    for opened, kind in stack:
        problems.append((opened, f"bloc « ::: {kind} » non fermé : ajoutez une ligne « ::: » avant la fin de la diapositive"))
    return problems


QUIZ_OPTION = re.compile(r"^\s*[-*+]\s+\[(?P<mark>[ xX])\]\s+(?P<text>.*)$")


def split_quiz(inner: str) -> tuple[str, list[tuple[bool, str]], str]:
    """(question, [(correct, option)], explanation): what the checker checks
    and the renderer shows; text after the options is explanation."""
    question: list[str] = []
    options: list[tuple[bool, str]] = []
    explanation: list[str] = []
    for line in inner.split("\n"):
        option = QUIZ_OPTION.match(line)
        if option:
            options.append((option.group("mark") in "xX", option.group("text").strip()))
        elif line.lstrip().startswith(">"):
            explanation.append(re.sub(r"^\s*>\s?", "", line))
        elif options and line.startswith((" ", "\t")) and line.strip():
            correct, text = options[-1]
            options[-1] = (correct, f"{text} {line.strip()}")
        elif not options:
            question.append(line)
        elif line.strip():
            explanation.append(line)
    return "\n".join(question).strip(), options, "\n".join(explanation).strip()




def check_quiz(lines: list[str]) -> list[str]:
    question, options, _ = split_quiz("\n".join(lines))
    if not options:
        return ["quiz sans réponses : écrivez-les en liste « - [ ] … », « - [x] … »"]
    if not any(correct for correct, _ in options):
        return ["quiz sans bonne réponse : cochez-en au moins une avec « - [x] »"]
    if not question:
        return ["quiz sans question : écrivez la question avant les réponses"]
    return []


class ClassSyntaxError(LocatedError):
    pass


def _matching_bracket(text: str, start: int, fence_mask: list[bool]) -> int:
    """Index of the `]` closing the `[` just before `start`, or -1.

    Inline code spans and fenced code (`fence_mask`, one flag per line of
    `text`) are skipped; escaped brackets too.
    """
    depth = 1
    index = start
    line_number = text.count("\n", 0, start)
    while index < len(text):
        char = text[index]
        if char == "\n":
            line_number += 1
            index += 1
            continue
        if line_number < len(fence_mask) and fence_mask[line_number]:
            index = text.find("\n", index)
            if index < 0:
                return -1
            continue
        if char == "\\":
            index += 2
            continue
        if char == "`":
            span = INLINE_CODE.match(text, index)
            if span:
                line_number += span.group(0).count("\n")
                index = span.end()
                continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


# remark's alignment classes are blocks (its CSS: display: block): alone on
# their line they make a div, so that `.center[![Logo](logo.png)]` centres.
BLOCK_CLASSES = {"left", "center", "right"}
MAX_NESTING = 20  # `.a[` in `.b[`…, `:::` in `:::`, lists in lists: deeper is a mistake


def expand_classes(text: str, first_line: int, depth: int = 0) -> str:
    """Rewrite remark's `.name[…]` content classes.

    A span on one line becomes `<span class="name">…</span>`; content over
    several lines becomes a `::: .name` block that the Markdown extension
    turns into a div. Nested and chained (`.a.b[`) forms are handled by
    recursion. Raises ClassSyntaxError for an unclosed bracket.
    """
    if CLASS_OPEN.search(text) is None:  # most slides have none: no need for their code mask
        return text
    out = []
    position = 0
    lines = text.split("\n")
    mask = code_mask(lines)
    while True:
        match = _next_class_open(text, position, mask)
        if match is None:
            out.append(text[position:])
            return "".join(out)
        line = first_line + text.count("\n", 0, match.start())
        if depth >= MAX_NESTING:
            raise ClassSyntaxError(f"classes « .x[ » imbriquées sur plus de {MAX_NESTING} niveaux", line)
        close = _matching_bracket(text, match.end(), mask)
        if close < 0:
            raise ClassSyntaxError(f"« .{match.group('names')}[ » jamais fermé par « ] »", line)
        classes = match.group("names").replace(".", " ")
        inner = text[match.end() : close]
        inner_line = first_line + text.count("\n", 0, match.end())
        inner = expand_classes(inner, inner_line, depth + 1)
        out.append(text[position : match.start()])
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", close)
        alone = not text[line_start : match.start()].strip() and not text[close + 1 : None if line_end < 0 else line_end].strip()
        if "\n" in inner or (alone and BLOCK_CLASSES & set(classes.split())):
            # Block form: keep the line count so later line numbers stay right.
            lead = "\n" if text[line_start : match.start()].strip() else ""
            out.append(f"{lead}::: .{classes.replace(' ', '.')}\n{inner.strip(' ')}\n:::\n")
        else:
            out.append(f'<span class="{classes}">{inner}</span>')
        position = close + 1


def _next_class_open(text: str, position: int, mask: list[bool]):
    for match in CLASS_OPEN.finditer(text, position):
        line_index = text.count("\n", 0, match.start())
        if mask[line_index]:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        prefix = text[line_start : match.start()]
        # Inside an inline code span on this line? Then it is not markup.
        if prefix.count("`") % 2 == 1:
            continue
        return match
    return None
