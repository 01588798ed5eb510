"""Durations and clock times: pure functions, minutes as integers."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d+)\s*h\s*(?P<hm>\d{1,2})?\s*(?:min)?|(?P<m>\d+)\s*(?:min|mn|minutes?))\s*$",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"^\s*(?P<h>\d{1,2})\s*[:h]\s*(?P<m>\d{2})\s*$")


MAX_MINUTES = 24 * 60  # no item, and no day, lasts more than a day


def parse_duration(value) -> int | None:
    """'30min', '1h', '1h30', '90min', '2 h 15' -> minutes; None if invalid."""
    if not isinstance(value, str):
        return None
    match = _DURATION.match(value)
    if not match:
        return None
    if match.group("m") is not None:
        minutes = int(match.group("m"))
    else:
        extra = int(match.group("hm") or 0)
        if extra >= 60:
            return None
        minutes = int(match.group("h")) * 60 + extra
    return minutes if minutes > 0 else None


def format_duration(minutes: int) -> str:
    """90 -> '1 h 30', 45 -> '45 min', 120 -> '2 h'."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def parse_clock(value) -> int | None:
    """'09:00' or '9h30' -> minutes since midnight; None if invalid.

    YAML 1.1 reads an unquoted 9:30 as the base-60 integer 570, which is
    already minutes since midnight, so integers are accepted as such.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 24 * 60 else None
    if not isinstance(value, str):
        return None
    match = _CLOCK.match(value)
    if not match:
        return None
    hours, minutes = int(match.group("h")), int(match.group("m"))
    if hours > 23 or minutes > 59:
        return None
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """540 -> '09:00'. Times past midnight wrap, which check reports anyway."""
    hours, rest = divmod(minutes % (24 * 60), 60)
    return f"{hours:02d}:{rest:02d}"


@dataclass(frozen=True)
class Slot:
    start: int
    end: int


def lay_out(start: int, durations: list[int]) -> list[Slot]:
    """Consecutive slots from a start time and a list of durations."""
    slots = []
    clock = start
    for minutes in durations:
        slots.append(Slot(clock, clock + minutes))
        clock += minutes
    return slots


def half_days(day) -> list[tuple[str, int, int]]:
    """("morning" | "afternoon", start, end) for the attendance sheet: the
    lunch splits the day; without one, the first item from noon does."""
    lunch = next((item for item in day.items if item.kind == "repas"), None)
    if lunch is not None:
        return [("morning", day.start, lunch.start), ("afternoon", lunch.end, day.end)]
    split = next((item.start for item in day.items if item.start >= 12 * 60), day.end)
    halves = [("morning", day.start, split), ("afternoon", split, day.end)]
    return [(name, start, end) for name, start, end in halves if end > start]
