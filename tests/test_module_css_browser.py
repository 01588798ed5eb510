"""A module's own stylesheet in Chromium: an imported xaringan deck's
`css/collectivite.css` styles that module's slides only, in its own deck and
in a day deck it shares with another module (load/stylesheets.py)."""

import pytest

from conftest import TESTS
from opendata_course.cli import main

DECKS = TESTS / "fixtures" / "xaringan"
BLUE = "rgb(0, 83, 159)"  # .remark-slide-content h1 { color: #00539f } in collectivite.css

pytestmark = pytest.mark.browser

STYLES = """() => [...document.querySelectorAll('main > .slide')].map(s => {
    const h = s.querySelector('h1, h2'), footer = s.querySelector('.my-footer');
    return {module: s.dataset.module || '', id: s.id,
            heading: h ? [h.tagName, getComputedStyle(h).color] : null,
            footer: footer ? getComputedStyle(footer).position : null};
})"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("css") / "projet"
    assert main(["init", str(root)]) == 0
    assert main(["import", str(DECKS / "licences.Rmd"), "--root", str(root)]) == 0
    (root / "content" / "parcours" / "mixte.yml").write_text(
        "title: Mixte\ndays:\n  - title: Jour\n    start: \"09:00\"\n    items: [premier-module, licences]\n", encoding="utf-8")
    assert main(["build", "--root", str(root)]) == 0
    return root / "_site"


def slides(browser, page_path):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(page_path.as_uri())
    page.wait_for_selector("html[data-deck-ready]", state="attached")
    found = page.evaluate(STYLES)
    context.close()
    return found


def test_the_module_deck_is_styled_by_its_stylesheet(site, browser):
    found = slides(browser, site / "modules" / "licences" / "diapos.html")
    assert found and all(s["module"] == "licences" for s in found)
    h1 = [s["heading"][1] for s in found if s["heading"] and s["heading"][0] == "H1"]
    assert h1 and all(color == BLUE for color in h1)
    footers = [s["footer"] for s in found if s["footer"]]
    assert footers and set(footers) == {"absolute"}  # .my-footer, in the layout slide's content


def test_a_day_deck_styles_that_module_s_slides_only(site, browser):
    found = slides(browser, site / "parcours" / "mixte" / "jour-1" / "diapos.html")
    ours = [s for s in found if s["module"] == "licences"]
    others = [s for s in found if s["module"] != "licences"]
    assert ours and others and all(s["module"] == "" for s in others)
    assert all(s["heading"][1] == BLUE for s in ours if s["heading"] and s["heading"][0] == "H1")
    headed = [s for s in others if s["heading"]]
    assert len(headed) >= 3 and any(s["heading"][0] == "H1" for s in headed)  # the day's title, premier-module's slides
    assert all(s["heading"][1] != BLUE for s in headed), headed
