"""The built site in Debian's Chromium, from file://, with no network."""

import pytest

from conftest import TESTS

SHOTS = TESTS / "output"
PAGES = ["index.html", "modules/donnee/index.html", "modules/donnee/formateur.html",
         "modules/donnee/diapos.html", "parcours/essai/index.html", "glossaire/index.html",
         "references/index.html", "competences/index.html", "recherche/index.html",
         "parcours/essai/jour-1/diapos.html"]


@pytest.fixture(scope="module")
def site(fixture_site):
    return fixture_site


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_everything_from_file_urls(site, browser, name):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests, failures, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failures.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / name).as_uri())
    page.wait_for_load_state("load")
    assert failures == [] and errors == []
    assert requests and all(url.startswith("file://") for url in requests)
    # The stylesheet really applied: the skip link is moved off screen.
    assert page.eval_on_selector(".skip-link", "e => e.getBoundingClientRect().bottom") <= 0
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / (name.replace("/", "_") + ".png")), full_page=True)
    page.close()


def test_keyboard_reaches_the_skip_link_first(site, browser):
    page = browser.new_page()
    page.goto((site / "modules/donnee/index.html").as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenu"
    page.close()


def test_deck_slides_are_16_by_9_and_notes_hidden(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto((site / "modules/donnee/diapos.html").as_uri())
    boxes = page.eval_on_selector_all(".slide", "els => els.map(e => [e.clientWidth, e.clientHeight])")
    assert len(boxes) == 4
    shown = [box for box in boxes if box[0] > 0]  # the slide runtime shows one at a time
    assert shown
    for width, height in shown:
        assert abs(width / height - 16 / 9) < 0.02
    assert page.is_hidden(".slide .notes")
    page.close()


def test_solution_is_hidden_until_asked(site, browser):
    page = browser.new_page()
    page.goto((site / "modules/donnee/index.html").as_uri())
    assert page.is_hidden(".solution p")
    page.click(".solution summary")
    assert page.is_visible(".solution p")
    page.close()
