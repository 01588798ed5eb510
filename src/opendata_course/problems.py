"""Content problems, reported as `path:line: message`.

A build never stops at the first problem: every stage appends CourseError
values to a list, and the command prints them all before exiting with 1.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class CourseError:
    path: Path
    line: int
    message: str
    warning: bool = False

    def display_path(self, cwd: Path | None = None) -> str:
        cwd = Path(cwd or os.getcwd()).resolve()
        path = Path(os.path.abspath(self.path))  # a link is named, never the file it points to
        try:
            shown = path.relative_to(cwd).as_posix()
        except ValueError:
            shown = path.as_posix()
        return printable(shown)

    def format(self, cwd: Path | None = None) -> str:
        where = self.display_path(cwd)
        if self.line:
            where = f"{where}:{self.line}"
        prefix = "attention : " if self.warning else ""
        return f"{where}: {prefix}{self.message}"

    def format_github(self, level: str = "", cwd: Path | None = None) -> str:
        level = level or ("warning" if self.warning else "error")
        message = self.message.replace("%", "%25").replace("\n", "%0A")
        line = f",line={self.line}" if self.line else ""
        return f"::{level} file={self.display_path(cwd)}{line}::{message}"


class LocatedError(Exception):
    """A problem found at one line of a text, raised where it is found and
    turned into a CourseError by whoever knows the file's path."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class Problems:
    """Collects errors and warnings for one file at a time."""

    def __init__(self) -> None:
        self.items: list[CourseError] = []

    def error(self, path: Path, line: int, message: str) -> None:
        self.items.append(CourseError(Path(path), line, message))

    def warn(self, path: Path, line: int, message: str) -> None:
        self.items.append(CourseError(Path(path), line, message, warning=True))

    def extend(self, other: "Problems") -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[CourseError]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[CourseError]:
        return [p for p in self.items if p.warning]

    def sorted(self) -> list[CourseError]:
        return sorted(set(self.items), key=lambda p: (str(p.path), p.line, p.message))


def printable(text: str) -> str:
    """`text` with what a file name that is not UTF-8 (an old disk) holds
    shown as �: it can then be written to any terminal or file."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def did_you_mean(word: str, choices) -> str:
    """A French hint for a misspelt key, or an empty string."""
    import difflib

    close = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""


def report(errors, warnings, github: bool = False) -> None:
    """One line per problem: on standard error, or as GitHub annotations on standard output."""
    stream = sys.stdout if github else sys.stderr
    for level, problems in (("error", errors), ("warning", warnings)):
        for problem in problems:
            print(problem.format_github(level) if github else problem.format(), file=stream)


def summary(errors, warnings) -> str:
    """« 2 erreurs et 1 avertissement »."""
    parts = []
    if errors:
        parts.append(f"{len(errors)} erreur{'s' if len(errors) > 1 else ''}")
    if warnings:
        parts.append(f"{len(warnings)} avertissement{'s' if len(warnings) > 1 else ''}")
    return " et ".join(parts)
