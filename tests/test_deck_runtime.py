"""The slide runtime (static/deck.js, static/deck.css) in Debian's Chromium, from file://.

axe-core comes from .tools/axe-core/, which `make test` installs (tests/axe.py).
"""

import re
import subprocess
from pathlib import Path

import pytest

from axe import axe_violations
from conftest import REPO, TESTS, make_project

SHOTS = TESTS / "output"
DECK = "modules/donnee/diapos.html"
DAY = "parcours/essai/jour-1/diapos.html"


def build_in(tmp_path, lang):
    """The fixture course in another UI language."""
    from opendata_course.cli import main

    root = make_project(tmp_path)
    config = root / "content" / "course.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"lang: {lang}\n", encoding="utf-8")
    assert main(["build", "--root", str(root), "--out", str(tmp_path / "site")]) == 0
    return tmp_path / "site"


@pytest.fixture(scope="module")
def site(fixture_site):
    return fixture_site


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    errors = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    yield context
    context.close()
    assert errors == []


def open_deck(context, site, name=DECK, suffix=""):
    page = context.new_page()
    page.goto((site / name).as_uri() + suffix)
    page.wait_for_selector("html[data-deck-ready]", state="attached")
    return page


def state(page):
    return page.evaluate("deck.state()")


def hash_of(page):
    return page.evaluate("location.hash")


def visible_slides(page):
    return page.eval_on_selector_all(
        "main > .slide", "els => els.filter(e => getComputedStyle(e).visibility === 'visible').map(e => e.id)")


def step_visibility(page, selector="#definition"):
    return page.eval_on_selector_all(
        f"{selector} [data-step]", "els => els.map(e => [e.dataset.step, getComputedStyle(e).visibility])")


def check_axe(page, label):
    violations = axe_violations(page, tags=None)  # every axe rule, not only the WCAG tags
    assert violations == [], f"{label}: {violations}"


def pdf_pages(path: Path) -> tuple[int, float]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups())
    return pages, width / height


def test_runtime_fits_its_budget():
    size = sum((REPO / "src" / "opendata_course" / "theme" / "static" / name).stat().st_size for name in ("deck.js", "deck.css"))
    assert size <= 40 * 1024, f"deck.js + deck.css = {size} bytes"


def test_one_slide_at_a_time_and_keys_move_through_steps_and_slides(context, site):
    page = open_deck(context, site)
    assert state(page) == {"index": 0, "step": 0, "blank": False}
    assert visible_slides(page) == ["1"]
    assert page.text_content(".deck-status") == "Diapositive 1 sur 4"
    expected = [("ArrowRight", "#definition"), ("PageDown", "#definition.1"), ("Space", "#definition.2"),
                ("ArrowRight", "#3"), ("PageUp", "#definition.2"), ("ArrowLeft", "#definition.1"),
                ("End", "#4"), ("Home", "#1"), ("ArrowLeft", "#1")]
    for key, where in expected:
        page.keyboard.press(key)
        assert hash_of(page) == where, key
    page.keyboard.press("ArrowRight")
    assert visible_slides(page) == ["definition"]
    assert page.text_content(".deck-status") == "Diapositive 2 sur 4"
    # Only the current slide is exposed to assistive technologies.
    exposed = page.eval_on_selector_all("main > .slide", "els => els.map(e => [e.id, e.inert, e.getAttribute('aria-hidden')])")
    assert exposed == [["1", True, "true"], ["definition", False, None], ["3", True, "true"], ["4", True, "true"]]
    page.close()


def test_steps_appear_one_at_a_time_and_keep_their_place(context, site):
    page = open_deck(context, site, suffix="#definition")
    assert step_visibility(page) == [["1", "hidden"], ["2", "hidden"]]
    box = page.eval_on_selector('#definition [data-step="2"]', "e => e.getBoundingClientRect().height")
    assert box > 0  # hidden, but laid out: nothing moves when it appears
    page.keyboard.press("ArrowRight")
    assert step_visibility(page) == [["1", "visible"], ["2", "hidden"]]
    page.keyboard.press("ArrowRight")
    assert step_visibility(page) == [["1", "visible"], ["2", "visible"]]
    page.keyboard.press("ArrowLeft")
    assert step_visibility(page) == [["1", "visible"], ["2", "hidden"]]
    page.close()


def test_reload_and_hash_keep_the_position(context, site):
    page = open_deck(context, site)
    for key in ("ArrowRight", "ArrowRight"):
        page.keyboard.press(key)
    assert hash_of(page) == "#definition.1"
    page.reload()
    page.wait_for_selector("html[data-deck-ready]", state="attached")
    assert state(page)["index"] == 1 and state(page)["step"] == 1
    assert step_visibility(page) == [["1", "visible"], ["2", "hidden"]]
    # A position works as well as a name, with or without a step; typing a hash moves.
    page.goto((site / DECK).as_uri() + "#2.2")
    page.wait_for_selector("html[data-deck-ready]", state="attached")
    assert state(page) == {"index": 1, "step": 2, "blank": False}
    page.evaluate("location.hash = '#4'")
    page.wait_for_function("deck.state().index === 3")
    page.close()


def test_number_then_enter_jumps(context, site):
    page = open_deck(context, site)
    page.keyboard.press("3")
    assert page.is_visible(".deck-toast")
    page.keyboard.press("Enter")
    assert state(page)["index"] == 2 and hash_of(page) == "#3"
    for key in ("9", "9", "Enter"):
        page.keyboard.press(key)
    assert state(page)["index"] == 3
    page.keyboard.press("1")
    page.keyboard.press("Escape")
    page.keyboard.press("Enter")
    assert state(page)["index"] == 3
    page.close()


def test_presenter_view_stays_in_sync_both_ways(context, site):
    page = open_deck(context, site, suffix="#definition")
    with page.expect_popup() as popup:
        page.keyboard.press("p")
    presenter = popup.value
    presenter.wait_for_selector("html[data-deck-ready]", state="attached")
    presenter.set_viewport_size({"width": 1280, "height": 800})
    assert "?presentateur" in presenter.url
    assert state(presenter)["index"] == 1
    assert "Demander à la salle" in presenter.text_content(".presenter-notes")
    assert presenter.text_content(".presenter-side h2") == "Étape suivante"
    assert re.fullmatch(r"\d+:\d\d", presenter.text_content(".presenter-elapsed"))
    assert re.search(r"(En avance de \d+ min|En retard de \d+ min|Dans les temps) · Durée prévue : 30 min",
                     presenter.text_content(".presenter-pace"))
    # audience -> presenter
    page.keyboard.press("ArrowRight")
    presenter.wait_for_function("deck.state().step === 1")
    # presenter -> audience
    presenter.keyboard.press("ArrowRight")
    presenter.keyboard.press("ArrowRight")
    page.wait_for_function("deck.state().index === 2")
    assert hash_of(page) == "#3"
    assert presenter.text_content(".presenter-no-notes")
    presenter.keyboard.press("b")
    page.wait_for_selector(".deck-blank", state="visible")
    presenter.keyboard.press("b")
    page.wait_for_selector(".deck-blank", state="hidden")
    presenter.keyboard.press("ArrowLeft")
    page.wait_for_function("deck.state().index === 1 && deck.state().step === 2")
    SHOTS.mkdir(exist_ok=True)
    presenter.screenshot(path=str(SHOTS / "deck_presenter.png"))
    # The audience window reloaded finds its presenter again.
    page.reload()
    page.wait_for_selector("html[data-deck-ready]", state="attached")
    page.wait_for_timeout(1300)  # the presenter says hello every second
    presenter.keyboard.press("End")
    page.wait_for_function("deck.state().index === 3")
    page.keyboard.press("Home")
    presenter.wait_for_function("deck.state().index === 0")
    presenter.close()
    page.close()


def test_overview_jumps_and_closes(context, site):
    page = open_deck(context, site)
    page.keyboard.press("o")
    assert page.is_visible(".deck-overview")
    assert page.evaluate("document.activeElement.dataset.index") == "0"
    assert page.locator(".overview-grid .slide").count() == 4
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert not page.is_visible(".deck-overview")
    assert state(page)["index"] == 2
    page.keyboard.press("o")
    page.keyboard.press("Escape")
    page.wait_for_selector(".deck-overview", state="hidden")
    page.keyboard.press("o")
    page.click('.overview-go[data-index="1"]')
    assert state(page)["index"] == 1 and not page.is_visible(".deck-overview")
    # The thumbnails show every step and no duplicate ids.
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids))
    page.close()


def test_blank_screen_help_and_print_notes_toggle(context, site):
    page = open_deck(context, site)
    page.keyboard.press("b")
    assert page.is_visible(".deck-blank")
    assert page.get_attribute('[data-action="blank"]', "aria-pressed") == "true"
    page.keyboard.press("Escape")
    assert page.is_hidden(".deck-blank")
    page.keyboard.press(".")
    assert page.is_visible(".deck-blank")
    page.keyboard.press("b")
    assert page.is_hidden(".deck-blank")
    page.keyboard.press("?")
    assert page.is_visible(".deck-help")
    assert "Raccourcis clavier" in page.text_content(".deck-help")
    page.keyboard.press("Escape")
    assert page.is_hidden(".deck-help")
    page.keyboard.press("n")
    assert page.evaluate("document.documentElement.classList.contains('print-notes')")
    assert page.text_content(".deck-toast") == "Impression avec les notes"
    page.keyboard.press("n")
    assert not page.evaluate("document.documentElement.classList.contains('print-notes')")
    page.close()


def test_toolbar_buttons_and_keyboard_focus(context, site):
    page = open_deck(context, site)
    page.keyboard.press("Tab")  # the skip link to the handout
    assert page.evaluate("document.activeElement.className") == "skip-link"
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.deck-bar')"):
            break
    assert page.evaluate("document.activeElement.dataset.action") == "prev"
    page.wait_for_function("getComputedStyle(document.querySelector('.deck-bar')).opacity === '1'")  # shown when focused
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.click('[data-action="next"]')
    assert state(page)["index"] == 1
    assert page.text_content(".deck-count") == "2 / 4"
    page.close()


def test_swipe_moves(browser, site):
    context = browser.new_context(viewport={"width": 800, "height": 450}, has_touch=True)
    page = open_deck(context, site)
    swipe = """([x0, x1]) => {
      const main = document.querySelector('main');
      const touch = x => new Touch({identifier: 1, target: main, clientX: x, clientY: 200});
      main.dispatchEvent(new TouchEvent('touchstart', {touches: [touch(x0)], changedTouches: [touch(x0)], bubbles: true}));
      main.dispatchEvent(new TouchEvent('touchend', {touches: [], changedTouches: [touch(x1)], bubbles: true}));
    }"""
    page.evaluate(swipe, [600, 200])
    assert state(page)["index"] == 1
    page.evaluate(swipe, [200, 600])
    assert state(page)["index"] == 0
    context.close()


def test_without_javascript_the_slides_stay_a_list(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto((site / DECK).as_uri())
    assert len(visible_slides(page)) == 4
    assert page.is_hidden(".deck-bar")
    assert step_visibility(page) == [["1", "visible"], ["2", "visible"]]
    context.close()


@pytest.mark.parametrize("name", [DECK, DAY])
def test_print_gives_one_16_9_page_per_slide_with_every_step(context, site, tmp_path, name):
    page = open_deck(context, site, name, "#2")
    count = page.locator("main > .slide").count()
    pdf = tmp_path / "deck.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    pages, ratio = pdf_pages(pdf)
    assert pages == count
    assert abs(ratio - 16 / 9) < 0.01
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    if name == DECK:
        assert "second point" in text  # a step not yet shown on screen
        assert "Demander à la salle" not in text
    page.close()


def test_print_with_notes_puts_them_under_each_slide(context, site, tmp_path):
    page = open_deck(context, site, suffix="?notes")
    pdf = tmp_path / "notes.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    pages, ratio = pdf_pages(pdf)
    assert pages == 4
    assert abs(ratio - 210 / 297) < 0.01  # A4 portrait
    text = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Une donnée publique" in text and "Demander à la salle un exemple de donnée." in text
    page.close()


def test_axe_finds_no_violation_in_deck_overview_and_presenter(context, site):
    page = open_deck(context, site)
    page.emulate_media(reduced_motion="reduce")
    check_axe(page, "deck, slide 1")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.eval_on_selector("#definition [data-step]", "e => getComputedStyle(e).transitionDuration") == "0s"
    check_axe(page, "deck, slide 2 with hidden steps")
    page.keyboard.press("o")
    check_axe(page, "overview")
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    check_axe(page, "help")
    page.keyboard.press("Escape")
    with page.expect_popup() as popup:
        page.click('[data-action="presenter"]')
    presenter = popup.value
    presenter.wait_for_selector("html[data-deck-ready]", state="attached")
    presenter.emulate_media(reduced_motion="reduce")
    check_axe(presenter, "presenter view")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "deck_slide.png"))
    presenter.close()
    page.close()


def test_english_strings_come_from_the_course_language(browser, tmp_path):
    site = build_in(tmp_path, "en")
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = open_deck(context, site)
    assert page.text_content(".deck-status") == "Slide 1 of 4"
    page.keyboard.press("?")
    assert "Keyboard shortcuts" in page.text_content(".deck-help")
    assert page.get_attribute('[data-action="presenter"]', "aria-label") == "Presenter view"
    context.close()
