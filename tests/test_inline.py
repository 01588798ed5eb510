"""A deck as one self-contained HTML file (opendata_course.outputs.single_file), opened alone from
file:// in Debian's Chromium with every other request blocked."""

import base64
import re
from pathlib import Path

import pytest

from conftest import FIXTURE_COURSE
from opendata_course.outputs.single_file import single_file
from opendata_course.load.project import load_course
from opendata_course.model import OutputFile
from opendata_course.site.pages import render_site

SHOT = Path("/tmp/inline-check.png")
BASE = "https://formation.example.org/"
PNG = base64.b64decode(  # a 1×1 PNG
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


@pytest.fixture(scope="module")
def files():
    course, problems = load_course(FIXTURE_COURSE)
    return {f.path: f for f in render_site(course)}


class Offline:
    """A browser context that lets through the single file itself and records anything else."""

    def __init__(self, browser, path: Path):
        self.url = path.as_uri()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 720})
        self.context.route("**/*", self.handle)  # the context's route also covers the presenter popup
        self.context.on("weberror", lambda error: self.errors.append(str(error.error)))

    def handle(self, route):
        url = route.request.url
        if re.split(r"[?#]", url)[0] == self.url or url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, suffix=""):
        page = self.context.new_page()
        page.goto(self.url + suffix)
        page.wait_for_selector("html[data-deck-ready]", state="attached")
        return page


def write_alone(tmp_path: Path, data: bytes, name="diaporama.html") -> Path:
    """The single file in an empty folder: a relative URL left in it can find nothing."""
    path = tmp_path / "cle-usb" / name
    path.parent.mkdir()
    path.write_bytes(data)
    return path


def visible_slides(page):
    return page.eval_on_selector_all(
        "main > .slide", "els => els.filter(e => getComputedStyle(e).visibility === 'visible').map(e => e.id)")


def state(page):
    return page.evaluate("deck.state()")


def images(page):
    return page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth])")


DECKS = {
    "modules/donnee/diapos.html": 1,  # images in the deck
    "modules/licences/diapos.html": 0,
    "parcours/essai/jour-1/diapos.html": 1,
}


@pytest.mark.parametrize("name", DECKS)
def test_single_file_deck_works_alone_and_offline(browser, files, tmp_path, name):
    data = single_file(files, name)
    text = data.decode("utf-8")
    assert not re.search(r"<link[^>]*stylesheet|<script[^>]*\ssrc=", text)
    assert "static/" not in text and "media/" not in text

    offline = Offline(browser, write_alone(tmp_path, data))
    page = offline.open()
    assert page.evaluate("[...document.querySelectorAll('link[rel~=stylesheet], script[src]')].length") == 0
    # Images shown from inside the file.
    shown = images(page)
    assert len(shown) >= DECKS[name]
    assert all(complete and width > 0 for complete, width in shown), shown
    # deck.js ran and deck.css applied: one slide at a time, the bar is shown.
    assert page.evaluate("document.documentElement.classList.contains('deck-js')")
    first, second = page.eval_on_selector_all("main > .slide", "els => els.slice(0, 2).map(e => e.id)")
    assert visible_slides(page) == [first]
    assert page.eval_on_selector(".slides", "e => getComputedStyle(e).position") == "fixed"
    assert page.is_visible(".deck-bar")
    # Keyboard navigation.
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.hash !== ''")
    assert state(page)["index"] == 1
    assert page.evaluate("location.hash") == f"#{second}"
    assert visible_slides(page) == [second]
    # Presenter view: the same file with ?presentateur, in a popup.
    with page.expect_popup() as popup:
        page.keyboard.press("p")
    presenter = popup.value
    presenter.wait_for_selector("html[data-deck-ready]", state="attached")
    assert presenter.url.startswith(offline.url + "?presentateur")
    assert presenter.evaluate("document.documentElement.classList.contains('deck-presenter')")
    assert state(presenter)["index"] == 1
    assert presenter.is_visible(".presenter-notes") and presenter.is_visible(".presenter-elapsed")
    page.keyboard.press("ArrowLeft")  # the two windows stay in sync
    presenter.wait_for_function("deck.state().index === 0")
    assert all(complete and width > 0 for complete, width in images(presenter))

    assert offline.outside == []
    assert offline.errors == []
    offline.context.close()


def test_the_plain_deck_alone_would_fetch_files(browser, files, tmp_path):
    """The check above can fail: the deck as built, alone in its folder, asks for its files."""
    offline = Offline(browser, write_alone(tmp_path, files["modules/donnee/diapos.html"].data))
    page = offline.context.new_page()
    page.goto(offline.url)
    page.wait_for_load_state("load")
    assert any(url.endswith("static/deck.js") for url in offline.outside)
    assert any(url.endswith("media/schema.png") for url in offline.outside)
    offline.context.close()


def test_single_file_looks_like_the_built_deck(browser, files, fixture_site, tmp_path):
    """Same pixels as the deck of the built site, on the slide with the image."""
    name = "modules/donnee/diapos.html"
    offline = Offline(browser, write_alone(tmp_path, single_file(files, name)))
    single = offline.open("#3")
    single.wait_for_function("[...document.images].every(i => i.complete)")
    single.screenshot(path=str(SHOT))
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    built = context.new_page()
    built.goto((fixture_site / name).as_uri() + "#3")
    built.wait_for_selector("html[data-deck-ready]", state="attached")
    built.wait_for_function("[...document.images].every(i => i.complete)")
    assert single.screenshot() == built.screenshot()
    assert offline.outside == []
    context.close()
    offline.context.close()


# ---- unit tests, on small made-up sites ----

def site(texts: dict[str, str | bytes]) -> dict[str, OutputFile]:
    """A site in memory from {path: text or bytes}."""
    return {path: OutputFile(path, value.encode("utf-8") if isinstance(value, str) else value)
            for path, value in texts.items()}


DECK = "modules/m/diapos.html"


def inline(files, page=DECK, **kw) -> str:
    return single_file(files, page, **kw).decode("utf-8")


def data_png() -> str:
    return "data:image/png;base64," + base64.b64encode(PNG).decode()


def test_css_urls_become_data_uris_relative_to_the_css_file():
    files = site({
        DECK: '<link rel="stylesheet" href="../../static/deck.css" media="screen"><p>x</p>',
        "static/deck.css": 'a { background: url("../media/dot.png") } b { background: url(missing.png) }'
                           ' i { background: url(\'icons/i.svg\') } u { background: url(https://example.org/x.png) }',
        "media/dot.png": PNG,
        "static/icons/i.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    })
    out = inline(files)
    assert '<style media="screen">' in out and "<link" not in out
    assert f"url({data_png()})" in out
    assert "url(data:image/svg+xml;base64," in out
    assert "url(missing.png)" in out and "url(https://example.org/x.png)" in out


def test_end_of_script_inside_js_is_escaped(browser):
    files = site({
        "page.html": '<body><script src="app.js"></script><p id="after">after</p></body>',
        "app.js": 'window.s = "</script><p id=\'injected\'>"; window.t = "</SCRIPT >";',
    })
    out = inline(files, "page.html")
    assert "<script>" in out and 'src="app.js"' not in out
    assert out.count("</script") == 1 and '"<\\/script>' in out
    page = browser.new_page()
    page.set_content(out)
    assert page.evaluate("[window.s, window.t]") == ["</script><p id='injected'>", "</SCRIPT >"]
    assert page.query_selector("#injected") is None and page.query_selector("#after")
    page.close()


def test_links_go_online_with_base_url():
    files = site({DECK: (
        '<a href="../../glossaire/index.html#terme">t</a><a href="index.html">s</a>'
        '<a href="#2">f</a><a href="https://example.org/">e</a><a href="mailto:a@b.fr">m</a>'
        '<a href="diapos.html#3">same</a>')})
    out = inline(files, base_url="https://formation.example.org/cours")
    assert '<a href="https://formation.example.org/cours/glossaire/index.html#terme">t</a>' in out
    assert '<a href="https://formation.example.org/cours/modules/m/index.html">s</a>' in out
    assert '<a href="#2">f</a>' in out and '<a href="#3">same</a>' in out
    assert '<a href="https://example.org/">e</a>' in out and '<a href="mailto:a@b.fr">m</a>' in out


def test_links_lose_their_href_without_base_url():
    files = site({DECK: (
        '<a class="term" href="../../glossaire/index.html#terme" title="Définition">terme</a>'
        '<a href="#2">f</a><a href="https://example.org/">e</a>')})
    out = inline(files)
    assert '<a class="term" title="Définition">terme</a>' in out
    assert '<a href="#2">f</a>' in out and '<a href="https://example.org/">e</a>' in out


def test_real_deck_links_with_and_without_base_url(files):
    online = single_file(files, "parcours/essai/jour-1/diapos.html", base_url=BASE).decode()
    hrefs = re.findall(r'<a [^>]*href="([^"]*)"', online)
    assert f"{BASE}glossaire/index.html#donnee-publique" in hrefs
    assert all(h.startswith((BASE, "#", "https://", "http://", "mailto:")) for h in hrefs), hrefs
    alone = single_file(files, "parcours/essai/jour-1/diapos.html").decode()
    assert not [h for h in re.findall(r'<a [^>]*href="([^"]*)"', alone) if not h.startswith(("#", "http", "mailto:"))]
    assert ">donnée publique</a>" in alone  # the text stays


def test_images_srcset_video_poster_and_style_urls():
    files = site({
        DECK: (
            '<img src="../../media/dot.png" srcset="../../media/dot.png 1x, ../../media/big.png 2x" alt="">'
            '<picture><source srcset="../../media/dot.png" type="image/png"></picture>'
            '<video poster="../../media/dot.png"><source src="../../media/clip.mp4" type="video/mp4"></video>'
            '<section class="slide" style="background-image: url(&quot;../../media/fond.svg&quot;)"></section>'),
        "media/dot.png": PNG,
        "media/clip.mp4": b"\x00\x00\x00\x18ftypmp42",
        "media/fond.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    })
    out = inline(files)
    assert f'<img src="{data_png()}" srcset="{data_png()} 1x, ../../media/big.png 2x" alt="">' in out
    assert f'<source srcset="{data_png()}" type="image/png">' in out
    assert f'<video poster="{data_png()}">' in out and 'src="data:video/mp4;base64,' in out
    assert 'style="background-image: url(data:image/svg+xml;base64,' in out


def test_missing_files_are_left_alone():
    page = ('<link rel="stylesheet" href="absent.css"><script src="absent.js"></script>'
            '<img src="absent.png" alt="x"><p style="background: url(absent.png)">x</p>'
            '<img src="../../../../outside.png"><img src="/root.png"><img src="https://example.org/a.png">')
    files = site({"page.html": page})
    files["gone.js"] = OutputFile("gone.js", source=Path("/nonexistent/gone.js"))
    assert inline(files, "page.html") == page
    assert inline(site({"page.html": '<script src="gone.js"></script>'}) | {"gone.js": files["gone.js"]},
                  "page.html") == '<script src="gone.js"></script>'
    with pytest.raises(KeyError):
        single_file(files, "nowhere.html")


def test_comments_and_inline_scripts_are_not_rewritten():
    page = ('<!-- <img src="dot.png"> --><script>var s = \'<img src="dot.png">\';</script>'
            '<style>p { background: url(dot.png) }</style>')
    out = inline(site({"page.html": page, "dot.png": PNG}), "page.html")
    assert out.startswith('<!-- <img src="dot.png"> --><script>var s = \'<img src="dot.png">\';</script>')
    assert f"<style>p {{ background: url({data_png()}) }}</style>" in out
