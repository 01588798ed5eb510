"""What learners use in the browser: search, quizzes, solutions, keyboard,
print, accessibility (axe-core), small screens. All from file://."""

import json
import subprocess

import pytest

from axe import axe_violations
from conftest import TESTS

SHOTS = TESTS / "output"
PAGE_TYPES = ["index.html", "modules/donnee/index.html", "modules/donnee/formateur.html",
              "parcours/essai/index.html", "glossaire/index.html", "references/index.html",
              "competences/index.html", "recherche/index.html?q=licence",
              "sessions/mairie-2027/index.html", "sessions/mairie-2027/programme.html",
              "sessions/mairie-2027/emargement.html", "sessions/mairie-2027/supports.html"]


def open_page(browser, site, name, width=1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    path, _, query = name.partition("?")
    page.goto((site / path).as_uri() + (f"?{query}" if query else ""))
    return page


def results(browser, site, query):
    page = open_page(browser, site, f"recherche/index.html?q={query}")
    titles = page.locator("#resultats li a").all_inner_texts()
    status = page.inner_text("#resultats-statut")
    page.close()
    return titles, status


@pytest.mark.parametrize("query, expected", [
    ("donnees", "Donnée, donnée publique"),  # accents folded
    ("licences", "Les licences"),  # plural finds singular
    ("RGPD", "Règlement général sur la protection des données (RGPD)"),  # acronym
    ("protection des données", "Règlement général sur la protection des données (RGPD)"),  # stop words ignored
    ("CADA", "Les licences"),  # a module that writes the acronym
    ("commission d'accès", "Les licences"),  # ... found from the expansion too
    ("publiq", "Donnée, donnée publique"),  # prefix of a word
])
def test_french_search(fixture_site, browser, query, expected):
    titles, status = results(browser, fixture_site, query)
    assert any(title.startswith(expected) for title in titles), titles
    assert "résultat" in status


def test_search_without_match_says_so(fixture_site, browser):
    titles, status = results(browser, fixture_site, "zorglub")
    assert titles == [] and status == "Aucun résultat pour « zorglub »."


def test_search_highlights_and_links_work(fixture_site, browser):
    page = open_page(browser, fixture_site, "recherche/index.html?q=odbl")
    assert page.locator("#resultats mark").first.inner_text().lower() == "odbl"
    page.locator("#resultats li a").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith("file://") and "/modules/" in page.url or "/references/" in page.url
    page.close()


def test_header_search_box_leads_to_results(fixture_site, browser):
    page = open_page(browser, fixture_site, "modules/donnee/index.html")
    page.fill("#recherche-entete", "licence")
    page.keyboard.press("Enter")
    page.wait_for_selector("#resultats li")
    assert "recherche/index.html" in page.url and page.input_value("#q") == "licence"
    page.close()


def test_quiz_feedback(fixture_site, browser):
    page = open_page(browser, fixture_site, "modules/donnee/index.html")
    quiz = page.locator(".quiz").first
    quiz.locator(".quiz-check").click()
    assert quiz.locator(".quiz-feedback").inner_text() == "Choisissez d'abord une réponse."
    quiz.locator("input").first.check()  # a wrong answer
    quiz.locator(".quiz-check").click()
    assert "pas tout à fait" in quiz.locator(".quiz-feedback").inner_text()
    assert quiz.locator("li.is-correct").count() == 1
    assert quiz.locator(".quiz-answer").get_attribute("open") is not None
    quiz.locator("input").nth(1).check()
    quiz.locator(".quiz-check").click()
    assert quiz.locator(".quiz-feedback").inner_text() == "Bonne réponse !"
    page.close()


def test_answers_are_reachable_without_javascript(fixture_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((fixture_site / "modules/donnee/index.html").as_uri())
    assert page.locator(".quiz-check").count() == 0
    page.locator(".quiz-answer summary").first.click()
    assert page.locator(".quiz-correct").first.is_visible()
    context.close()


def test_keyboard_walk_through_a_handout(fixture_site, browser):
    page = open_page(browser, fixture_site, "modules/donnee/index.html")
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("""() => { const e = document.activeElement;
            const s = getComputedStyle(e); return [e.tagName, e.className, s.outlineStyle, s.outlineWidth]; }"""))
    tags = [tag for tag, *_ in seen]
    assert seen[0][1] == "skip-link"
    assert "SUMMARY" in tags and "INPUT" in tags and "BUTTON" in tags
    # Focus is always visible: every focused element draws an outline.
    unfocused = [(tag, cls) for tag, cls, style, width in seen if tag != "BODY" and (style == "none" or width == "0px")]
    assert unfocused == []
    page.close()


def test_filters_narrow_the_catalogue(fixture_site, browser):
    page = open_page(browser, fixture_site, "index.html")
    assert page.is_visible("#filtres")
    page.select_option("#filtre-theme", "fondamentaux")
    assert page.locator(".module-card:visible").count() == 1
    assert page.inner_text(".filter-count") == "1 modules affichés sur 2."
    page.select_option("#filtre-theme", "")
    assert page.locator(".module-card:visible").count() == 2
    page.close()


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_axe_violation(fixture_site, browser, name):
    page = open_page(browser, fixture_site, name)
    assert axe_violations(page) == []
    page.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", ["index.html", "modules/donnee/index.html", "parcours/essai/index.html",
                                  "sessions/mairie-2027/index.html", "sessions/mairie-2027/emargement.html"])
def test_no_horizontal_scroll_and_screenshots(fixture_site, browser, name, width):
    page = open_page(browser, fixture_site, name, width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name.replace('/', '_')}-{width}.png"), full_page=True)
    page.close()


def test_handout_prints_cleanly_on_a4(fixture_site, browser, tmp_path):
    page = open_page(browser, fixture_site, "modules/donnee/index.html")
    pdf = tmp_path / "support.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    page.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Donnée, donnée publique" in text
    assert "Glossaire" not in text.split("Donnée, donnée publique")[0]  # no navigation before the title
    compact = "".join(text.split())
    assert "(https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000033219001)" in compact  # link URLs shown
    assert "Tout est public." in text  # solutions printed open
    (SHOTS / "support.pdf").write_bytes(pdf.read_bytes())


def test_search_js_tokenises_as_the_build_does(fixture_site, browser):
    """The same vectors as test_search.py: a query must give the tokens the
    index was made with (ligatures, compatibility forms, accents, plurals)."""
    vectors = json.loads((TESTS / "fixtures" / "search-tokens.json").read_text(encoding="utf-8"))
    page = open_page(browser, fixture_site, "recherche/index.html")
    got = page.evaluate("texts => texts.map(t => window.courseSearch.tokens(t))", [text for text, _ in vectors])
    assert got == [expected for _, expected in vectors]
