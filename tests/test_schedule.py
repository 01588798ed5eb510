import pytest

from opendata_course.schedule import format_clock, format_duration, lay_out, parse_clock, parse_duration


@pytest.mark.parametrize("text, minutes", [
    ("30min", 30), ("45min", 45), ("1h", 60), ("1h30", 90), ("1h30min", 90),
    ("90min", 90), ("2h", 120), ("2 h 15", 135), ("15 min", 15), ("1H05", 65),
])
def test_parse_duration(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["", "30", "1h75", "0min", "une heure", "1.5h", None, 30])
def test_invalid_durations(text):
    assert parse_duration(text) is None


@pytest.mark.parametrize("minutes, text", [(45, "45 min"), (60, "1 h"), (90, "1 h 30"), (125, "2 h 05")])
def test_format_duration(minutes, text):
    assert format_duration(minutes) == text


def test_clock_parsing_accepts_yaml_sexagesimal():
    assert parse_clock("09:00") == 540
    assert parse_clock("9h30") == 570
    assert parse_clock(570) == 570  # YAML 1.1 reads unquoted 9:30 as 570
    assert parse_clock("25:00") is None
    assert parse_clock(True) is None


def test_lay_out_chains_slots():
    slots = lay_out(540, [30, 15, 60])
    assert [(format_clock(s.start), format_clock(s.end)) for s in slots] == [
        ("09:00", "09:30"), ("09:30", "09:45"), ("09:45", "10:45"),
    ]
