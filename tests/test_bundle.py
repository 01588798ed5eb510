"""`opendata-course bundle`: a zip that works from file:// with no network."""

import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import make_project


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    from opendata_course.cli import main

    project = make_project(tmp_path_factory.mktemp("bundle"))
    assert main(["bundle", "mairie-2027", "--root", str(project)]) == 0
    archive = project / "_hors-ligne" / "mairie-2027.zip"
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(folder)
    return archive, folder / "mairie-2027"


def test_bundle_holds_the_site_the_pdfs_and_single_file_decks(bundle, capsys):
    archive, folder = bundle
    names = zipfile.ZipFile(archive).namelist()
    assert all(name.startswith("mairie-2027/") for name in names)
    for name in ("LISEZ-MOI.html", "sessions/mairie-2027/index.html", "sessions/mairie-2027/programme.pdf",
                 "sessions/mairie-2027/emargement.pdf", "sessions/mairie-2027/jour-2/diapos-notes.pdf",
                 "hors-ligne/jour-1.html", "hors-ligne/jour-2.html", "hors-ligne/module-licences.html",
                 "recherche/index.js", "modules/donnee/diapos.html"):
        assert (folder / name).is_file(), name
    start = (folder / "LISEZ-MOI.html").read_text(encoding="utf-8")
    assert 'href="sessions/mairie-2027/index.html"' in start and 'href="hors-ligne/jour-1.html"' in start


def test_bundle_says_where_it_wrote_and_is_reproducible(tmp_path, run):
    project = make_project(tmp_path)
    status, out, err = run("bundle", "essai", "--sans-pdf", "--root", project)
    assert status == 0, err
    archive = project / "_hors-ligne" / "essai.zip"
    assert out.strip() == str(archive) and "LISEZ-MOI.html" in err
    first = archive.read_bytes()
    assert run("bundle", "essai", "--sans-pdf", "--root", project)[0] == 0
    assert archive.read_bytes() == first


def test_bundle_refuses_an_unknown_target(tmp_path, run):
    project = make_project(tmp_path)
    status, _, err = run("bundle", "mairie", "--root", project)
    assert status == 1 and "« mairie » n'est ni une session" in err


def outside_requests(page, folder: Path) -> list[str]:
    asked = []

    def route(request_route):
        url = request_route.request.url
        inside = url.startswith(folder.as_uri() + "/")
        if not inside:
            asked.append(url)
            request_route.abort()
        else:
            request_route.continue_()

    page.route("**/*", route)
    return asked


def test_no_page_of_the_bundle_asks_for_anything_outside_it(bundle, browser):
    _, folder = bundle
    context = browser.new_context()
    page = context.new_page()
    asked = outside_requests(page, folder)
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) > 20
    for html in pages:
        page.goto(html.as_uri(), wait_until="load")
    assert asked == []
    # The search works offline too.
    page.goto((folder / "recherche" / "index.html").as_uri() + "?q=licence", wait_until="load")
    page.wait_for_selector("#resultats li", timeout=5000)
    context.close()


def test_a_single_file_deck_works_alone_with_the_network_blocked(bundle, browser, tmp_path):
    _, folder = bundle
    alone = tmp_path / "cle-usb"
    alone.mkdir()
    shutil.copy(folder / "hors-ligne" / "jour-2.html", alone / "jour-2.html")
    context = browser.new_context()
    page = context.new_page()
    asked = outside_requests(page, alone)
    page.goto((alone / "jour-2.html").as_uri(), wait_until="load")
    page.wait_for_function("document.documentElement.classList.contains('deck-js')")
    first = page.evaluate("location.hash")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"location.hash !== {first!r}")
    assert asked == []
    context.close()
