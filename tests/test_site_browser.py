"""What learners use in the browser: search, quizzes, solutions, keyboard,
print, accessibility (axe-core), small screens. All from file://."""

import json
import subprocess

import pytest

from axe import axe_violations
from conftest import TESTS

SHOTS = TESTS / "output"
PAGE_TYPES = ["index.html", "modules/index.html", "parcours/index.html", "404.html",
              "modules/donnee/index.html", "modules/donnee/formateur.html",
              "parcours/essai/index.html", "glossaire/index.html", "references/index.html",
              "competences/index.html", "recherche/index.html?q=licence",
              "sessions/mairie-2027/index.html", "sessions/mairie-2027/programme.html",
              "sessions/mairie-2027/emargement.html", "sessions/mairie-2027/supports.html"]


def open_page(browser, site, name, width=1280, scheme="light"):
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    path, _, query = name.partition("?")
    page.goto((site / path).as_uri() + (f"?{query}" if query else ""))
    if path.startswith("recherche/") and query:  # the index's files load after the page: wait for the answer
        page.wait_for_function("document.getElementById('resultats-statut').textContent !== ''", timeout=5000)
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
    assert titles == [] and status == "Aucun résultat pour «\u202fzorglub\u202f»."  # never a lone » at a line's start


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
    assert quiz.locator(".quiz-feedback").inner_text() == "Choisissez d’abord une réponse."
    quiz.locator("input").first.check()  # a wrong answer
    quiz.locator(".quiz-check").click()
    assert "pas tout à fait" in quiz.locator(".quiz-feedback").inner_text()
    assert quiz.locator("li.is-correct").count() == 1
    assert quiz.locator(".quiz-answer").get_attribute("open") is not None
    quiz.locator("input").nth(1).check()
    quiz.locator(".quiz-check").click()
    assert quiz.locator(".quiz-feedback").inner_text() == "Bonne réponse\u202f!"
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
    page = open_page(browser, fixture_site, "modules/index.html")
    assert page.is_visible("#filtres")
    page.select_option("#filtre-theme", "fondamentaux")
    assert page.locator(".module-card:visible").count() == 1
    assert page.inner_text(".filter-count") == "1 modules affichés sur 2."
    page.select_option("#filtre-theme", "")
    assert page.locator(".module-card:visible").count() == 2
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_axe_violation(fixture_site, browser, name, scheme):
    page = open_page(browser, fixture_site, name, scheme=scheme)
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


# --- issue 18: a learner's walk, phone and desktop, light and dark -------------


def no_horizontal_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_learner_walk_home_parcours_handout_deck(rich_site, browser, width, scheme):
    """Home → parcours → handout (with its table of contents) → deck, each
    page with no axe violation, in both colour schemes, on a phone and a desktop."""
    context = browser.new_context(viewport={"width": width, "height": 740 if width < 600 else 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto((rich_site / "index.html").as_uri())
    SHOTS.mkdir(exist_ok=True)
    shot = lambda name: page.screenshot(path=str(SHOTS / f"walk-{name}-{width}-{scheme}.png"))  # noqa: E731

    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
    assert axe_violations(page) == [], "home"
    no_horizontal_scroll(page, width)
    shot("1-accueil")
    page.get_by_role("link", name="Un parcours plus long").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("parcours/long/index.html")
    assert axe_violations(page) == [], "parcours"
    no_horizontal_scroll(page, width)
    shot("2-parcours")
    page.locator(".agenda").get_by_role("link", name="Un long module", exact=True).click()
    page.wait_for_load_state("load")
    assert page.url.endswith("modules/longue/index.html")
    toc = page.locator(".handout-toc")
    assert toc.is_visible()
    opened = page.locator(".handout-toc details").get_attribute("open") is not None
    assert opened == (width >= 1152)  # beside the text on wide screens, one line to open on a phone
    assert axe_violations(page) == [], "handout"
    no_horizontal_scroll(page, width)
    shot("3-support")
    if not opened:
        page.locator(".handout-toc summary").click()
    page.locator(".handout-toc").get_by_role("link", name="Troisième partie").click()
    page.wait_for_function("location.hash === '#troisieme-partie'")
    if width >= 1152:
        assert page.evaluate("getComputedStyle(document.querySelector('.handout-toc')).position") == "sticky"
        assert toc.is_visible() and toc.bounding_box()["y"] < 900  # still in view, down the page
        page.wait_for_selector(".handout-toc a[aria-current]")
        assert page.inner_text(".handout-toc a[aria-current]") == "Troisième partie"
        shot("3b-support-sommaire")
    page.locator(".module-header").get_by_role("link", name="Diapositives").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("modules/longue/diapos.html")
    assert axe_violations(page) == [], "deck"
    shot("4-diapos")
    context.close()


def test_phone_header_is_compact_and_the_placeholder_is_not_cut(fixture_site, browser):
    page = open_page(browser, fixture_site, "modules/donnee/index.html", 360)
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 100, header  # two lines: the title, then Parcours · Modules · Recherche
    assert page.locator(".site-nav a").all_inner_texts() == ["Parcours", "Modules", "Recherche"]
    assert all(box["height"] >= 24 for box in (a.bounding_box() for a in page.locator(".site-nav a").all()))
    page.close()
    fits = """input => { const style = getComputedStyle(input); const canvas = document.createElement('canvas');
        const ctx = canvas.getContext('2d'); ctx.font = style.font;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return ctx.measureText(input.placeholder).width <= room; }"""
    for name, width, selector in (("recherche/index.html", 360, "#q"), ("index.html", 1280, "#recherche-entete")):
        page = open_page(browser, fixture_site, name, width)
        assert page.eval_on_selector(selector, fits), (name, width)
        page.close()


def test_copy_button_on_code_works_from_the_keyboard(fixture_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto((fixture_site / "modules/donnee/index.html").as_uri())
    button = page.locator(".content .copy-button").first
    assert button.inner_text() == "Copier"
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.copy-button').textContent === 'Copié'")
    assert page.evaluate("document.activeElement.className") == "copy-button"
    page.wait_for_function("[...document.querySelectorAll('[role=status]')].some(e => e.textContent === 'Copié')")
    # What was copied: paste it into a text field.
    page.evaluate("""() => { const t = document.createElement('textarea'); t.id = 'colle'; document.body.append(t); }""")
    page.focus("#colle")
    page.keyboard.press("Control+V")
    assert page.input_value("#colle") == "---\n.pas[une classe]"
    context.close()


@pytest.fixture(scope="module")
def many_results_site(tmp_path_factory):
    """60 modules that all speak of licences."""
    from opendata_course.cli import main
    from conftest import make_project

    project = make_project(tmp_path_factory.mktemp("nombreux"))
    for number in range(60):
        (project / "content" / "modules" / f"m{number:02d}.md").write_text(
            f"---\ntitle: Module {number}\nduration: 15min\nobjectives: [Choisir une licence]\n---\n\n"
            f"# Module {number}\n\nUne licence pour le module {number}.\n", encoding="utf-8")
    out = project / "_site"
    assert main(["build", "--root", str(project), "--out", str(out)]) == 0
    return out


def test_search_says_more_than_50_and_shows_more(many_results_site, browser):
    page = open_page(browser, many_results_site, "recherche/index.html?q=licence")
    page.wait_for_selector("#resultats li")
    assert page.locator("#resultats li").count() == 50
    assert page.inner_text("#resultats-statut").startswith("Plus de 50 résultats pour «\u202flicence\u202f»\u00a0: ")
    page.click("#resultats-plus")
    total = page.locator("#resultats li").count()
    assert total > 50 and page.is_hidden("#resultats-plus")
    assert page.inner_text("#resultats-statut") == f"{total} résultats pour «\u202flicence\u202f»."
    assert page.evaluate("document.activeElement.closest('li') === document.querySelectorAll('#resultats li')[50]")
    page.close()


def test_snippets_start_with_the_text(fixture_site, browser):
    page = open_page(browser, fixture_site, "recherche/index.html?q=RGPD")
    snippets = page.locator("#resultats .snippet").all_inner_texts()
    assert snippets and not any(s.startswith("RGPD ") for s in snippets), snippets
    page.close()


@pytest.mark.parametrize("query, word", [("premier", "premier"), ("crpa", "CRPA")])
def test_highlight_after_an_ellipsis_marks_the_word(fixture_site, browser, query, word):
    """« … » folds to three characters: the marks must not shift."""
    page = open_page(browser, fixture_site, f"recherche/index.html?q={query}")
    marks = page.locator("#resultats mark").all_inner_texts()
    assert marks and all(mark == word for mark in marks), marks
    page.close()


@pytest.fixture(scope="module")
def wide_site(tmp_path_factory):
    """The fixture course with what is wider than a phone: a long address in
    inline code and in the text, a table of identifiers, twelve competences."""
    from conftest import make_project
    from opendata_course.cli import main

    project = make_project(tmp_path_factory.mktemp("large"))
    content = project / "content"
    ids = [f"competence-numero-{n}" for n in range(1, 13)]
    (content / "competences.yml").write_text(
        "domains:\n  - id: juridique\n    title: Compétences juridiques\ncompetences:\n"
        + "".join(f"  - id: {i}\n    title: Savoir faire la chose numéro {n}\n    domain: juridique\n" for n, i in enumerate(ids, 1)),
        encoding="utf-8")
    module = content / "modules" / "donnee.md"
    text = module.read_text(encoding="utf-8").replace("competences: [comprendre-donnees]", f"competences: [{', '.join(ids)}]")
    columns = ["idAttribuant", "dateConvention", "montantVerse", "natureAide", "rnaBeneficiaire", "conditionsVersement"]
    text += ("\n---\n\n## Appeler l'API\n\n`https://api-adresse.data.gouv.fr/search/?q=place+de+la+mairie+exempleville&limit=1`\n\n"
             "Voir https://www.data.gouv.fr/fr/datasets/base-adresse-nationale-exempleville-decoupage-communal/ pour la suite.\n\n"
             f"| {' | '.join(columns)} |\n|{'---|' * len(columns)}\n| {' | '.join(f'`{c}`' for c in columns)} |\n\n"
             "| Jour | Lieu |\n|---|---|\n| mardi | salle 2 |\n\n"
             "- [ ] Réserver la salle\n- [x] Envoyer le programme\n")
    module.write_text(text, encoding="utf-8")
    out = project / "_site"
    assert main(["build", "--root", str(project), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("name", ["modules/donnee/index.html", "modules/donnee/formateur.html", "competences/index.html",
                                  "recherche/index.html?q=exempleville"])
def test_nothing_wider_than_a_phone(wide_site, browser, name):
    page = open_page(browser, wide_site, name, width=375)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []  # a table that scrolls can be reached from the keyboard
    page.close()


def test_a_table_that_scrolls_takes_the_focus_and_one_that_fits_does_not(wide_site, browser):
    page = open_page(browser, wide_site, "modules/donnee/index.html", width=375)
    wide, narrow = page.locator(".content table").nth(-2), page.locator(".content table").last
    assert wide.get_attribute("tabindex") == "0" and "scrolls" in wide.get_attribute("class")
    assert narrow.get_attribute("tabindex") is None and "scrolls" not in (narrow.get_attribute("class") or "")
    boxes = page.locator("li.task .task-box")
    assert boxes.count() == 2 and boxes.first.get_attribute("aria-label") == "à faire"
    page.close()
