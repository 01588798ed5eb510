"""French typography for rendered pages, so that a line never starts with a
lone « ? », « 500 », « min » or « 1 » of an article number:

- the space before « ; ! ? : », inside « guillemets » and between the digit
  groups of a number (3 500) becomes non-breaking;
- a number and its unit are joined (30 min, 9 h 30, 15 %, 23 000 €), and so
  are the two ends of a time range (09:00 – 10:15 breaks after the dash only)
  and « article 14 », « n° 2016-1321 », « L. 312-1 »;
- a hyphen between digits does not break (L312-1-1, 2016-1321): U+2011;
- the apostrophe between two letters is the typographic one (l’ODbL).

Text inside code, scripts and tag attributes is left alone, and so is a
module's converted HTML, typeset once when it was converted (markup/views.py)
and marked by `typeset_already()` where a template inserts it into a page.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Shift Out / Shift In: control characters that HTML never holds.
TYPESET_OPEN, TYPESET_CLOSE = "\x0e", "\x0f"
RAW_ELEMENT = re.compile(r"<(pre|code|kbd|samp|script|style|textarea)\b.*?</\1\s*>|\x0e[^\x0f]*\x0f", re.DOTALL | re.IGNORECASE)
OUTSIDE_TAGS = r"(?![^<>]*>)"  # the next angle bracket does not close a tag
NARROW = "\u202f"  # before ; ! ? and inside guillemets
NBSP = "\u00a0"  # before :, between a number and its unit
NO_BREAK_HYPHEN = "\u2011"
APOSTROPHE = "\u2019"
UNITS = (r"min|h|s|ms|%|€|k€|M€|Md€|Mo|Ko|Go|To|Mio|Kio|Gio|km|m|cm|mm|kg|g|ha|°C|jours?|j|ans?|mois|semaines?"
         r"|heures?|minutes?|secondes?|pages?|personnes?|participants?|habitants?|agents?|communes?|modules?|diapositives?")
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# Each rule with what a text must hold for it to apply (DIGIT: a digit and
# a space): most of a page lacks it, and a substring test is far quicker
# than a regex pass.
DIGIT = "a digit, then a space"  # met where DIGIT_SPACE is found
RULES = (
    (re.compile(r" ([;!?])" + OUTSIDE_TAGS), NARROW + r"\1", (" ;", " !", " ?")),
    (re.compile(r" :(?=\s|$|<)" + OUTSIDE_TAGS), NBSP + ":", (" :",)),
    (re.compile(r"« " + OUTSIDE_TAGS), "«" + NARROW, ("« ",)),
    (re.compile(r" »" + OUTSIDE_TAGS), NARROW + "»", (" »",)),
    (re.compile(r"(\d{1,3}) (?=\d{3}(?!\d))" + OUTSIDE_TAGS), lambda m: m.group(0) if _in_number(m) else m.group(1) + NARROW, (DIGIT,)),
    # 30 min, 9 h 30, 15 %, 3 500 €: the unit stays with its number.
    (re.compile(rf"(\d)[ \u00a0](?=(?:{UNITS})(?![\w]))" + OUTSIDE_TAGS), r"\1" + NBSP, (DIGIT,)),
    (re.compile(r"(\d\u00a0h) (?=\d\d(?!\d))" + OUTSIDE_TAGS), r"\1" + NBSP, ("\u00a0h ",)),
    # 1er mars 2027, 22 novembre: the day stays with its month.
    (re.compile(rf" (?=(?:{MONTHS})\b)" + OUTSIDE_TAGS), lambda m: NBSP if _after_day(m) else m.group(0), (DIGIT, "1er ")),
    # 09:00 – 10:15: never a dash at the start of a line.
    (re.compile(r"(\d) (?=[–—-] )" + OUTSIDE_TAGS), r"\1" + NBSP, (DIGIT,)),
    # article 14, n° 2016-1321, L. 312-1: the word stays with its number.
    (re.compile(r"\b([Aa]rticles?|[Aa]rt\.|alinéa|n°|[LRDA]\.) (?=(?:[LRDA]\.?[ \u00a0]?)?\d)" + OUTSIDE_TAGS), r"\1" + NBSP,
     ("rticle", "rt.", "alinéa", "n°", "L.", "R.", "D.", "A.")),
)
DIGIT_SPACE = re.compile(r"\d[ \u00a0]")
ANY_NEED = re.compile("|".join(re.escape(need) for *_, needs in RULES for need in needs if need is not DIGIT))
# Changed only outside addresses (a URL shown as a link's text is copied as it is).
IN_WORDS = (
    (re.compile(r"-(?=\d)" + OUTSIDE_TAGS), NO_BREAK_HYPHEN, re.compile(r"\d"), ("-",)),
    (re.compile(r"(?:'|&#39;|&#x27;)(?=\w)" + OUTSIDE_TAGS), APOSTROPHE, re.compile(r"\w"), ("'", "&#")),
)
WORD_END = re.compile(r"[\s<>]")


def french_spacing(html: str) -> str:
    parts = []
    position = 0
    for raw in RAW_ELEMENT.finditer(html):
        parts += [_spaced_lines(html[position:raw.start()]), raw.group(0)]
        position = raw.end()
    parts.append(_spaced_lines(html[position:]))
    return unmarked("".join(parts))


def _spaced_lines(text: str) -> str:
    """Line by line: no rule reaches past a line's end, and the pages' own
    lines (head, navigation, footer, a deck's frame) come again and again."""
    return "\n".join(map(_spaced_line, text.split("\n")))


@lru_cache(maxsize=8192)
def _spaced_line(text: str) -> str:
    return _spaced(text)


def typesetter(lang: str):
    """How a course's HTML is typeset: French rules for a French course, else
    as written (without the marks of typeset_already())."""
    return french_spacing if lang == "fr" else unmarked


def typeset_already(html: str) -> str:
    """`html` marked as typeset: french_spacing() leaves it as it is."""
    return f"{TYPESET_OPEN}{html}{TYPESET_CLOSE}"


def unmarked(html: str) -> str:
    """A page without the marks of typeset_already() (English pages are not typeset)."""
    return html.replace(TYPESET_OPEN, "").replace(TYPESET_CLOSE, "") if TYPESET_OPEN in html else html


# The patterns start with what they look for (a digit, a letter), not with
# a lookbehind: a lookbehind first is tried at every position of the page.
def _spaced(text: str) -> str:
    digits = DIGIT_SPACE.search(text) is not None
    if digits or ANY_NEED.search(text):  # one pass tells most lines that no rule applies
        for pattern, replacement, needs in RULES:
            if any(digits if need is DIGIT else need in text for need in needs):
                text = pattern.sub(replacement, text)
    for pattern, replacement, before, needs in IN_WORDS:  # `before`: what the character before must be
        if any(need in text for need in needs):
            text = pattern.sub(lambda match: replacement if _after(match, before) and not _in_address(match) else match.group(0),
                               text)
    return text


def _after(match: re.Match, before: re.Pattern) -> bool:
    return match.start() > 0 and bool(before.match(match.string, match.start() - 1))


def _after_day(match: re.Match) -> bool:
    """« 22 novembre », « 1er mars »: a day number just before the month."""
    start, text = match.start(), match.string
    return start > 0 and (text[start - 1].isdigit() or (text.endswith("1er", 0, start) and (start < 4 or not text[start - 4].isalnum())))


def _in_number(match: re.Match) -> bool:
    """Whether the digits matched go on a longer number (12 345 678, 3,5 000)."""
    return match.start() > 0 and match.string[match.start() - 1] in "0123456789,."


def _in_address(match: re.Match) -> bool:
    """Whether the match is inside a word that looks like an address or a path."""
    text, start, end = match.string, match.start(), match.end()
    left = start
    while left > 0 and not WORD_END.match(text[left - 1]):
        left -= 1
    right = WORD_END.search(text, end)
    word = text[left:right.start() if right else len(text)]
    return "/" in word or "@" in word or word.startswith("www.")


def apostrophes(text: str) -> str:
    """Plain text (a search snippet) with typographic apostrophes."""
    return re.sub(r"(?<=\w)'(?=\w)", APOSTROPHE, text)
