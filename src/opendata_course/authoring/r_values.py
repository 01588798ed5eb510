"""The small R that xaringan decks write inline, evaluated at import.

Decks of the field build their footers and title slides with a handful of
forms: string literals, `params$event`, `paste0(…)`, `paste(…, sep = …)`,
`Sys.Date()` and `format(Sys.Date(), "%d %B %Y")`. Those are evaluated
here, with no R; anything else gives None and the importer leaves a visible
placeholder that `check` reports.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
TOKEN = re.compile(r"""\s*(?:
    (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<number>\d+(?:\.\d+)?L?)
  | (?P<name>[A-Za-z.][\w.]*(?:::[A-Za-z.][\w.]*)?)
  | (?P<punct>\[\[|\]\]|[()$,=])
)""", re.VERBOSE)
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "'": "'", "\\": "\\"}


class Unsupported(Exception):
    """R the importer does not evaluate."""


def evaluate(code: str, params: dict, today: dt.date) -> str | None:
    """The text `code` gives in R, or None when it is beyond these forms."""
    try:
        tokens = tokenize(code)
        value, rest = expression(tokens, params, today)
        if rest:
            raise Unsupported(code)
        return text(value)
    except Unsupported:
        return None


def tokenize(code: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    code = code.strip()
    while position < len(code):
        match = TOKEN.match(code, position)
        if not match or match.end() == position:
            raise Unsupported(code)
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def expression(tokens: list, params: dict, today: dt.date):
    """One expression from the front of `tokens`: (value, remaining tokens)."""
    if not tokens:
        raise Unsupported("")
    kind, value = tokens[0]
    rest = tokens[1:]
    if kind == "string":
        return unquote(value), rest
    if kind == "number":
        return value.rstrip("L"), rest
    if kind != "name":
        raise Unsupported(value)
    if value == "params":
        return parameter(rest, params)
    if rest[:1] == [("punct", "(")]:
        arguments, named, rest = call_arguments(rest[1:], params, today)
        return call(value, arguments, named, today), rest
    if value in ("TRUE", "FALSE"):
        return value, rest
    raise Unsupported(value)


def parameter(tokens: list, params: dict):
    if tokens[:1] == [("punct", "$")] and len(tokens) > 1 and tokens[1][0] == "name":
        key, rest = tokens[1][1], tokens[2:]
    elif tokens[:1] == [("punct", "[[")] and len(tokens) > 2 and tokens[1][0] == "string" and tokens[2] == ("punct", "]]"):
        key, rest = unquote(tokens[1][1]), tokens[3:]
    else:
        raise Unsupported("params")
    value = params.get(key)
    if isinstance(value, dict):  # params: {event: {value: …}} in R Markdown's long form
        value = value.get("value")
    if value is None or isinstance(value, (dict, list)):
        raise Unsupported(key)
    return value, rest


def call_arguments(tokens: list, params: dict, today: dt.date):
    arguments, named = [], {}
    if tokens[:1] == [("punct", ")")]:
        return arguments, named, tokens[1:]
    while True:
        if len(tokens) > 1 and tokens[0][0] == "name" and tokens[1] == ("punct", "="):
            name = tokens[0][1]
            value, tokens = expression(tokens[2:], params, today)
            named[name] = value
        else:
            value, tokens = expression(tokens, params, today)
            arguments.append(value)
        if tokens[:1] == [("punct", ",")]:
            tokens = tokens[1:]
        elif tokens[:1] == [("punct", ")")]:
            return arguments, named, tokens[1:]
        else:
            raise Unsupported("arguments")


def call(name: str, arguments: list, named: dict, today: dt.date):
    name = name.split("::")[-1]
    if name == "paste0":
        return "".join(text(value) for value in arguments)
    if name == "paste":
        return text(named.get("sep", " ")).join(text(value) for value in arguments)
    if name in ("Sys.Date", "today"):
        return today
    if name == "Sys.time":
        return dt.datetime.combine(today, dt.time())
    if name == "format" and arguments and isinstance(arguments[0], (dt.date, dt.datetime)):
        return strftime_fr(arguments[0], text(arguments[1] if len(arguments) > 1 else named.get("format", "%Y-%m-%d")))
    if name in ("as.character", "toString", "c") and len(arguments) == 1:
        return arguments[0]
    if name in ("toupper", "tolower") and len(arguments) == 1:
        return text(arguments[0]).upper() if name == "toupper" else text(arguments[0]).lower()
    raise Unsupported(name)


def strftime_fr(value: dt.date, pattern: str) -> str:
    """R's format() of a date, with French month and day names (the decks'
    own locale)."""
    codes = {
        "%d": f"{value.day:02d}", "%e": str(value.day), "%m": f"{value.month:02d}", "%Y": str(value.year),
        "%y": f"{value.year % 100:02d}", "%B": MONTHS[value.month - 1], "%b": MONTHS[value.month - 1][:4].rstrip("."),
        "%A": DAYS[value.weekday()], "%a": DAYS[value.weekday()][:3], "%%": "%",
    }
    return re.sub(r"%[a-zA-Z%]", lambda m: codes.get(m.group(0), m.group(0)), pattern)


def text(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def unquote(literal: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), literal[1:-1])


# --- chunks that show nothing -----------------------------------------------------

# Calls that print nothing in knitr: loading packages, settings, sourcing a script.
SILENT_CALL = re.compile(r"(?:\w+::)?(?:library|require|requireNamespace|suppressPackageStartupMessages|suppressMessages"
                         r"|suppressWarnings|source|set\.seed|options|Sys\.setenv|Sys\.setlocale|theme_set|opts_chunk\$set"
                         r"|opts_knit\$set|invisible|rm|load)\s*\(")
ASSIGNED = re.compile(r"[\w.$@\[\]\"'` ]+?\s*(?:<<?-|=(?!=))")  # x <- …, df$col <- …, x = … (not x == …)
ASSIGNED_RIGHT = re.compile(r".*->>?\s*[A-Za-z.][\w.]*\s*$", re.DOTALL)  # … -> x
GOES_ON = re.compile(r"(?:[-+*/^,|&=<>~!:]|%\S*%|\|>)\s*$")  # an operator at the end: the statement goes on
COMMENT = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|#.*""")


def prints_nothing(code: list[str]) -> bool:
    """Whether knitr shows no output for this R chunk: each statement only
    loads, sets or assigns (a conservative reading: anything else may print)."""
    statements = r_statements(code)
    return bool(statements) and all(SILENT_CALL.match(statement) or ASSIGNED.match(statement)
                                    or ASSIGNED_RIGHT.match(statement) for statement in statements)


def r_statements(code: list[str]) -> list[str]:
    """The top-level statements of R code, comments removed: a statement
    goes on while a bracket is open or a line ends on an operator."""
    statements, current, depth = [], [], 0
    for line in code:
        line = COMMENT.sub(lambda match: match.group(1) or "", line).strip()
        if not line:
            continue
        current.append(line)
        bare = COMMENT.sub(lambda match: '""' if match.group(1) else "", line)  # brackets in strings do not count
        depth += sum(bare.count(c) for c in "([{") - sum(bare.count(c) for c in ")]}")
        if depth <= 0 and not GOES_ON.search(line):
            statements.append(" ".join(current))
            current, depth = [], 0
    if current:
        statements.append(" ".join(current))
    return [statement for part in statements for statement in (s.strip() for s in part.split(";")) if statement]
