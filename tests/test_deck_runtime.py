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
    assert page.text_content(".deck-status") == "Diapositive 1 sur 4\u00a0: Donnée, donnée publique"  # its place, then its title
    expected = [("ArrowRight", "#definition"), ("PageDown", "#definition.1"), ("Space", "#definition.2"),
                ("ArrowRight", "#3"), ("PageUp", "#definition.2"), ("ArrowLeft", "#definition.1"),
                ("End", "#4"), ("Home", "#1"), ("ArrowLeft", "#1")]
    for key, where in expected:
        page.keyboard.press(key)
        assert hash_of(page) == where, key
    page.keyboard.press("ArrowRight")
    assert visible_slides(page) == ["definition"]
    assert page.text_content(".deck-status") == "Diapositive 2 sur 4\u00a0: Une donnée publique"
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
    # A module deck paces on the timer: its slides share the module's 30 minutes.
    assert re.fullmatch(r"En avance de \d+\u00a0min|En retard de \d+\u00a0min|Dans les temps", presenter.text_content(".presenter-pace"))
    assert presenter.text_content(".presenter-plan") == "prévu à 7\u00a0min · chrono 0\u00a0min"  # slide 2 of 4
    assert presenter.text_content(".presenter-planned") == "Durée prévue\u00a0: 30\u00a0min"
    assert presenter.is_hidden(".deck-notice")  # its audience window is there
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
    assert page.text_content(".deck-status") == "Slide 1 of 4: Donnée, donnée publique"
    page.keyboard.press("?")
    assert "Keyboard shortcuts" in page.text_content(".deck-help")
    assert page.get_attribute('[data-action="presenter"]', "aria-label") == "Presenter view"
    context.close()


# --- slides that fit: the build-time estimate (markup/fit.py) and the deck's scaling ---------

FULL = "## Une longue liste\n\n" + "\n".join(f"- point {i} : une donnée publique ouverte, réutilisable par tous" for i in range(16))
WORDY = "## Trop de mots\n\n" + " ".join(["donnée"] * 95)
LIGHT = "## Juste ce qu'il faut\n\nUne phrase courte."


def overfull_project(tmp_path):
    """The fixture course with one more module: an overfull slide, a wordy one, a light one."""
    root = make_project(tmp_path)
    head = "---\ntitle: Chargé\nduration: 15min\nobjectives:\n  - Lire\n---\n\n"
    (root / "content" / "modules" / "charge.md").write_text(head + "\n\n---\n\n".join([FULL, WORDY, LIGHT]) + "\n", encoding="utf-8")
    return root


def test_fit_estimate_follows_the_slide_layout():
    from opendata_course.markup.fit import HEIGHT, MAX_WORDS, SLACK, estimate

    light = estimate("<h2>Titre</h2>\n<p>Une phrase courte.</p>")
    assert abs(light.height - (1.92 + 0.8 + 1.4 + 0.4)) < 0.01 and light.words == 4 and not light.overfull
    items = "".join(f"<li>point {i}</li>" for i in range(8))
    assert estimate(f"<ul>{items}{items}</ul>").height > estimate(f"<ul>{items}</ul>").height + 8 * 1.4
    # Smaller type, code, tables, images and hidden content count as the deck lays them out.
    text = "<p>" + "mot " * 300 + "</p>"
    assert estimate(f'<div class="reduite">{text}</div>').height < 0.7 * estimate(text).height
    code = '<div class="highlight"><pre><code>' + "x = 1\n" * 30 + "</code></pre></div>"
    assert estimate(code).height > HEIGHT * SLACK
    rows = "".join(f"<tr><td>ligne {i}</td><td>texte</td></tr>" for i in range(16))
    assert estimate(f"<table><tbody>{rows}</tbody></table>").overfull
    assert estimate(f'<div class="handout-only">{text}</div><details class="quiz-answer"><summary>Voir</summary>{text}</details>').height < 2
    assert estimate("<p>" + "mot " * (MAX_WORDS + 1) + "</p>").overfull  # 91 words fit, but are too many


def test_a_table_cell_measured_once_gives_the_height_flow_gives(monkeypatch):
    """Layout.table() reuses the words measured for a column to set a cell
    of text alone: the estimate must be the one flow() gives, cell by cell,
    whatever opens or fills the cell (no-break spaces, breaks, boxes, hidden
    or smaller text, nested inline markup, nothing)."""
    from opendata_course.markup import fit

    cells = ["&nbsp;&nbsp;<strong>retrait</strong> de deux espaces insécables avant un mot gras",
             "\u202f\u202fespaces fines au début", "\n  texte après un saut de ligne", "un<br>deux<br>trois",
             '<input type="checkbox"> case à cocher', 'visible <span class="notes">caché dans les notes</span> suite',
             '<em>penché <strong>et gras <code>et code</code></strong></em> fin', '<span class="reduite">plus petit</span> texte',
             "", "   ", "&nbsp;", "Un texte bien plus long qui devra passer sur plusieurs lignes dans une colonne étroite " * 2]
    tables = [f"<table><tr><td>{cell}</td></tr></table>" for cell in cells]  # a line more or less: at some widths only
    tables += ["<table>" + "".join(f"<tr><td>{first}</td><td>{other}</td></tr>" for other in cells) + "</table>"
               for first in cells]
    layout = fit.Layout(fit.Images(None))
    for html in tables:
        table = fit.parse(html).children[0]
        for width in (tenth / 10 for tenth in range(10, 410, 3)):
            quick = layout.table(table, width, 0.85)
            monkeypatch.setattr(fit, "text_alone", lambda cell: False)
            slow = layout.table(table, width, 0.85)
            monkeypatch.undo()
            assert quick == slow, (width, html[:60])


def test_fit_reads_image_sizes_from_their_headers(tmp_path):
    from opendata_course.markup.fit import IMAGE_MAX, PX, estimate
    from opendata_course.markup.images import Images, image_size

    png = (TESTS / "fixtures" / "course" / "content" / "media" / "schema.png").read_bytes()
    assert image_size(png) == tuple(int.from_bytes(png[i:i + 4], "big") for i in (16, 20))
    assert image_size(b'<svg xmlns="http://www.w3.org/2000/svg" width="960" height="400">') == (960, 400)
    assert image_size(b'<svg viewBox="0 0 300 100">') == (300, 100)
    (tmp_path / "wide.svg").write_text('<svg width="960" height="240"/>')
    (tmp_path / "tall.svg").write_text('<svg width="400" height="1600"/>')
    images = Images(tmp_path)
    assert abs(estimate('<p><img alt="" src="wide.svg"></p>', (), images).height - (240 * PX + 0.8)) < 0.01
    assert abs(estimate('<p><img alt="" src="tall.svg"></p>', (), images).height - (IMAGE_MAX + 0.8)) < 0.01


def test_check_warns_about_an_overfull_slide_on_its_first_line(run, tmp_path):
    root = overfull_project(tmp_path)
    status, _, err = run("check", "--root", root)
    assert status == 0
    lines = [line for line in err.splitlines() if "diapositive trop chargée" in line]
    text = (root / "content" / "modules" / "charge.md").read_text(encoding="utf-8").split("\n")
    first = [number for number, line in enumerate(text, 1) if line.startswith("## ")]
    assert [line.split(": attention")[0] for line in lines] == [
        f"{root / 'content' / 'modules' / 'charge.md'}:{first[0]}", f"{root / 'content' / 'modules' / 'charge.md'}:{first[1]}"]
    assert re.search(r"environ 1\d\d % de la hauteur d'un écran 1280×720", lines[0])
    assert "98 mots, 90 au plus" in lines[1]  # the heading counts too
    status, _, err = run("check", "--strict", "--root", root)
    assert status == 1


def test_an_overfull_slide_is_set_smaller_rather_than_clipped(browser, run, tmp_path):
    root = overfull_project(tmp_path)
    assert run("build", "--root", root, "--out", tmp_path / "site")[0] == 0
    measure = """() => [...document.querySelectorAll('main > .slide')].map(s => {
        const c = s.querySelector('.slide-content'), style = getComputedStyle(s);
        const room = s.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
        return [c.style.fontSize, c.offsetHeight <= room + 1, c.offsetHeight / room]; })"""
    for width, height in ((1280, 720), (1920, 1080), (800, 600)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = open_deck(context, tmp_path / "site", "modules/charge/diapos.html")
        page.wait_for_load_state("load")
        (full, fits, share), (_, *_), (light, *_) = page.evaluate(measure)
        assert fits and share > 0.9, (width, share)  # shrunk to fit, not much more
        assert 0.6 < float(full.removesuffix("em")) < 0.95
        assert light == ""  # a slide that fits keeps its size
        context.close()
    # The day deck of the fixture course: nothing overflows, nothing is shrunk.
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = open_deck(context, tmp_path / "site", DAY)
    assert {size for size, fits, _ in page.evaluate(measure)} == {""}
    context.close()


def test_slide_number_and_progress_bar_for_the_audience(context, site):
    page = open_deck(context, site)
    page.keyboard.press("ArrowRight")
    assert page.text_content(".deck-progress-n") == "2 / 4"
    assert page.is_visible(".deck-progress-bar")
    assert page.eval_on_selector(".deck-progress-bar", "e => e.style.width") == "50%"
    box, slide = (page.eval_on_selector(sel, "e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.bottom]; }")
                  for sel in (".deck-progress-n", "#definition"))
    assert slide[0] < box[0] < box[1] <= slide[1] and box[2] <= slide[2]  # in the slide's corner
    page.keyboard.press("c")
    assert page.is_hidden(".deck-progress") and page.text_content(".deck-toast") == "Numéro et progression masqués"
    page.keyboard.press("c")
    assert page.is_visible(".deck-progress")
    page.keyboard.press("?")
    assert "numéro de la diapositive et barre de progression" in page.text_content(".deck-help")
    page.close()


def test_each_deck_has_its_own_presenter_window(context, site):
    names = []
    for name in (DECK, "modules/licences/diapos.html"):
        page = open_deck(context, site, name)
        with page.expect_popup() as popup:
            page.keyboard.press("p")
        popup.value.wait_for_selector("html[data-deck-ready]", state="attached")
        names.append(popup.value.evaluate("window.name"))
    assert len(set(names)) == 2 and all(name.startswith("presentateur:") for name in names)
    assert len(context.pages) == 4  # two decks, two presenter windows: the second did not replace the first
    # p in a presenter view brings its audience window forward instead of doing nothing.
    presenter = context.pages[1]
    presenter.keyboard.press("p")
    assert len(context.pages) == 4
    for page in list(context.pages):
        page.close()


def test_a_blocked_window_is_said_with_a_button_to_retry(context, site):
    page = context.new_page()
    # The browser blocks the first window this page asks for.
    page.add_init_script("""(() => { const open = window.open; let blocked = 1;
        window.open = function () { return blocked-- > 0 ? null : open.apply(window, arguments); }; })()""")
    page.goto((site / DECK).as_uri())
    page.wait_for_selector("html[data-deck-ready]", state="attached")
    page.keyboard.press("p")
    notice = page.locator(".deck-notice")
    assert notice.is_visible() and notice.locator("p").get_attribute("role") == "alert"
    assert "Le navigateur a bloqué la nouvelle fenêtre" in notice.text_content()
    assert page.evaluate("document.activeElement.textContent") == "Ouvrir la vue présentateur"
    check_axe(page, "blocked-window notice")
    with page.expect_popup() as popup:
        notice.locator("button").click()
    popup.value.wait_for_selector("html[data-deck-ready]", state="attached")
    assert notice.is_hidden()
    popup.value.close()
    page.close()


def test_fit_estimate_agrees_with_the_browser_on_the_course(browser, tmp_path):
    """The calibration in markup/fit.py, kept: every module slide of the course in
    content/, measured in Chromium at 1280×720 (deck.js's shrinking undone)."""
    from opendata_course.load.project import load_course
    from opendata_course.markup.fit import HEIGHT, SLACK, estimate_module
    from opendata_course.markup.glossary import Glossary
    from opendata_course.cli import main

    assert main(["build", "--root", str(REPO), "--out", str(tmp_path / "site")]) == 0
    course, _ = load_course(REPO)
    glossary = Glossary(course.glossary)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    errors, misses = [], []
    for slug, module in course.modules.items():
        page.goto((tmp_path / "site" / "modules" / slug / "diapos.html").as_uri())
        page.wait_for_load_state("load")
        measured = page.evaluate("""() => [...document.querySelectorAll('main > .slide')].map(s => {
            const c = s.querySelector('.slide-content');
            c.style.fontSize = '';
            return c.offsetHeight / parseFloat(getComputedStyle(s).fontSize); })""")
        fits = estimate_module(module.slides, module.path.parent, course.references, glossary)
        assert len(measured) == len(fits), slug
        for index, (height, fit) in enumerate(zip(measured, fits)):
            errors.append(fit.height - height)
            if (height > HEIGHT * SLACK) != (fit.height > HEIGHT * SLACK) and abs(height / HEIGHT - SLACK) > 0.03:
                misses.append((slug, index, round(height / HEIGHT, 3), round(fit.share, 3)))
    context.close()
    within_a_line = sum(abs(error) < 1.4 for error in errors) / len(errors)
    assert within_a_line > 0.97, f"{within_a_line:.1%} of {len(errors)} slides estimated within a line"
    assert max(map(abs, errors)) < 3 * 1.4
    assert misses == []  # an overfull slide is reported, a slide that fits is not (3 % either side of the limit aside)
