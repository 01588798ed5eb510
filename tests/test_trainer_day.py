"""A trainer's day with the fixture course's session `mairie-2027`, as the
trainer lives it: open the session page from file://, start the presenter
with one click, move through the morning with the keyboard while the
audience window follows, read the pacing against the clock of the day.

The browser here blocks pop-ups as a trainer's browser does (Playwright's
default launch lets every window open), so only a click opens a window.
Screenshots go to /tmp/trainer-day/.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import CHROMIUM, FIXTURE_COURSE

SHOTS = Path("/tmp/trainer-day")
PARIS = ZoneInfo("Europe/Paris")
SESSION = "sessions/mairie-2027/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from opendata_course.cli import main

    out = tmp_path_factory.mktemp("jour") / "site"
    assert main(["build", "--root", str(FIXTURE_COURSE), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def strict_browser(browser):
    """Debian's Chromium with its pop-up blocker on."""
    launched = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True, ignore_default_args=["--disable-popup-blocking"],
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    )
    yield launched
    launched.close()


@pytest.fixture
def day(strict_browser):
    """A context on the morning of 1 March 2027 in Paris, with the clock stopped at `now`."""
    context = strict_browser.new_context(viewport={"width": 1280, "height": 800}, timezone_id="Europe/Paris", locale="fr-FR")
    errors = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    context.clock.set_fixed_time(dt.datetime(2027, 3, 1, 9, 34, tzinfo=PARIS))
    yield context
    context.close()
    assert errors == []


def ready(page):
    page.wait_for_selector("html[data-deck-ready]", state="attached")
    return page


def state(page):
    return page.evaluate("deck.state()")


def follows(audience, index, step=0):
    audience.wait_for_function(f"deck.state().index === {index} && deck.state().step === {step}", timeout=5000)


def pacing(presenter):
    presenter.wait_for_timeout(1100)  # the presenter view redraws its times every second
    return presenter.text_content(".presenter-pace"), presenter.text_content(".presenter-plan")


def start_presenter(context, session_page, number):
    """Click the day's presenter link: the audience window opens, the presenter view loads in this tab."""
    with context.expect_page() as opened:
        session_page.click(f'a[href="jour-{number}/diapos.html?presentateur"]')
    audience = ready(opened.value)
    presenter = ready(session_page)
    return presenter, audience


def test_the_trainers_morning(day, site):
    SHOTS.mkdir(exist_ok=True)
    page = day.new_page()
    page.goto((site / SESSION / "index.html").as_uri())
    presenter, audience = start_presenter(day, page, 1)
    assert presenter.url.endswith("jour-1/diapos.html?presentateur")
    assert audience.url.endswith("jour-1/diapos.html")
    assert presenter.evaluate("document.documentElement.classList.contains('deck-presenter')")
    assert not audience.evaluate("document.documentElement.classList.contains('deck-presenter')")
    assert audience.evaluate("window.name").startswith("public:")
    assert presenter.is_hidden(".deck-notice")  # its audience window is there: nothing to say

    # 9:34 on the title slide: the day started at 9:00 (a pause, then the welcome, then licences).
    assert state(presenter)["index"] == 0
    assert pacing(presenter) == ("En retard de 34\u00a0min", "prévu 09:00 · il est 09:34")
    assert presenter.text_content(".presenter-planned") == "Durée prévue\u00a0: 1\u00a0h"

    # Through the morning with the keyboard; the audience window follows each key.
    presenter.keyboard.press("ArrowRight")  # the agenda
    follows(audience, 1)
    presenter.keyboard.press("PageDown")  # the pause, 9:00-9:15: a clicker's key
    follows(audience, 2)
    assert audience.text_content("main > .slide.current h2") == "Pause"
    assert pacing(presenter) == ("En retard de 34\u00a0min", "prévu 09:00 · il est 09:34")
    presenter.keyboard.press("b")  # a black screen for the audience during the break
    audience.wait_for_selector(".deck-blank", state="visible")
    presenter.keyboard.press("b")
    audience.wait_for_selector(".deck-blank", state="hidden")
    presenter.keyboard.press("Space")  # the welcome, 9:15-9:30
    follows(audience, 3)
    assert pacing(presenter) == ("En retard de 19\u00a0min", "prévu 09:15 · il est 09:34")

    # Licences, 9:30-10:00 in this session: its two slides share the half hour, 15 minutes each.
    presenter.keyboard.press("ArrowRight")
    follows(audience, 4)
    assert audience.text_content("main > .slide.current h1") == "Les licences"
    assert pacing(presenter) == ("En retard de 4\u00a0min", "prévu 09:30 · il est 09:34")
    presenter.keyboard.press("ArrowRight")
    follows(audience, 5)
    assert pacing(presenter) == ("En avance de 11\u00a0min", "prévu 09:45 · il est 09:34")
    assert presenter.text_content(".presenter-where") == "Diapositive 6 sur 6"
    assert audience.text_content(".deck-progress-n") == "6 / 6"
    presenter.screenshot(path=str(SHOTS / "presenter.png"))
    audience.screenshot(path=str(SHOTS / "audience.png"))

    # The trainer steps back from the audience window (a question from the room): the presenter follows.
    audience.keyboard.press("ArrowLeft")
    follows(presenter, 4)
    day.clock.set_fixed_time(dt.datetime(2027, 3, 1, 9, 31, tzinfo=PARIS))
    assert pacing(presenter) == ("En retard de 1\u00a0min", "prévu 09:30 · il est 09:31")

    # The next day's deck gets its own pair of windows: day 1's stay as they are.
    day.clock.set_fixed_time(dt.datetime(2027, 3, 2, 10, 12, tzinfo=PARIS))
    page2 = day.new_page()
    page2.goto((site / SESSION / "index.html").as_uri())
    presenter2, audience2 = start_presenter(day, page2, 2)
    assert len(day.pages) == 4 and audience2.evaluate("window.name") != audience.evaluate("window.name")
    assert state(audience)["index"] == 4
    # Day 2: a welcome round 9:30-9:45, licences 9:45-10:00, then donnee 10:00-10:30, whose four
    # slides share its half hour; its second slide has three steps, 2 min 30 s each.
    number = presenter2.evaluate("[...document.querySelectorAll('main > .slide')].indexOf(document.getElementById('donnee-definition')) + 1")
    for key in (*str(number), "Enter", "ArrowRight"):  # "12 then Enter" goes to slide 12; then one step
        presenter2.keyboard.press(key)
    follows(audience2, number - 1, 1)
    assert pacing(presenter2) == ("En retard de 2\u00a0min", "prévu 10:10 · il est 10:12")
    # Another day (a rehearsal): the deck paces on the timer, not on the clock.
    day.clock.set_fixed_time(dt.datetime(2027, 3, 5, 20, 0, tzinfo=PARIS))
    assert pacing(presenter2)[1].startswith("prévu à 40\u00a0min · chrono ")


def test_a_presenter_opened_without_a_click_asks_for_one(day, site):
    """A bookmark or a typed address: the browser blocks the audience window, the page says so."""
    presenter = day.new_page()
    presenter.goto((site / SESSION / "jour-1/diapos.html").as_uri() + "?presentateur")
    ready(presenter)
    notice = presenter.locator(".deck-notice")
    assert notice.is_visible()
    assert "Le navigateur a bloqué la nouvelle fenêtre" in notice.text_content()
    assert len(day.pages) == 1
    presenter.screenshot(path=str(SHOTS / "presenter-blocked.png"))
    with day.expect_page() as opened:
        notice.locator("button", has_text="Ouvrir la fenêtre du public").click()
    audience = ready(opened.value)
    assert notice.is_hidden()
    presenter.keyboard.press("ArrowRight")
    follows(audience, 1)
    # The audience window closed by mistake: the presenter view says so, and p opens it again.
    audience.close()
    presenter.wait_for_selector(".deck-notice", state="visible")
    assert "Pas de fenêtre pour le public" in notice.text_content()
    with day.expect_page() as opened:
        presenter.keyboard.press("p")
    follows(ready(opened.value), 1)


def test_a_parcours_page_starts_the_presenter_too(day, site):
    page = day.new_page()
    page.goto((site / "parcours/deux-matinees/index.html").as_uri())
    presenter, audience = start_presenter(day, page, 2)
    assert presenter.url.endswith("parcours/deux-matinees/jour-2/diapos.html?presentateur")
    presenter.keyboard.press("ArrowRight")
    follows(audience, 1)
    # A parcours has no date: its day deck paces on the clock whatever the day, within its hours.
    day.clock.set_fixed_time(dt.datetime(2027, 5, 4, 9, 40, tzinfo=PARIS))
    assert pacing(presenter) == ("En retard de 10\u00a0min", "prévu 09:30 · il est 09:40")
