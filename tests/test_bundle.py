"""`opendata-course bundle`: a zip that works from file:// with no network,
and holds one client's session, nothing of another's."""

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pytest

from conftest import make_project

# Another client's session in the same project: nothing of it may reach the zip.
OTHER = """title: Formation confidentielle à Villebrume
parcours: essai
dates: [2027-04-06]
lieu: Salle Zéphyrine, 12 rue des Oubliés, Villebrume
formateurs:
  - { nom: Zacharie Quenouille, role: formateur }
participants: [Ursule Pimprenelle, Théodule Galipette]
organisme: Institut Brumeux de Formation
tarif: 9 999 € pour le groupe
acces: Sur invitation.
evaluation: [Quiz.]
accessibilite: Salle accessible.
contact: secret@villebrume.example
"""
SECRETS = ("Villebrume", "Zéphyrine", "Oubliés", "Zacharie", "Quenouille", "Ursule", "Pimprenelle", "Théodule",
           "Galipette", "Brumeux", "9 999", "villebrume-2027", "confidentielle")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    from opendata_course.cli import main

    project = make_project(tmp_path_factory.mktemp("bundle"))
    (project / "content" / "sessions" / "villebrume-2027.yml").write_text(OTHER, encoding="utf-8")
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


def test_bundle_never_replaces_a_file_it_did_not_write_nor_writes_into_content(tmp_path, run):
    project = make_project(tmp_path)
    mine = tmp_path / "mesdocs" / "essai.zip"
    mine.parent.mkdir()
    mine.write_text("MON ARCHIVE PERSO", encoding="utf-8")
    status, _, err = run("bundle", "essai", "--sans-pdf", "--out", mine.parent, "--root", project)
    assert status == 1 and "ce fichier n'est pas une archive écrite par le générateur ; rien n'a été écrit" in err
    assert mine.read_text(encoding="utf-8") == "MON ARCHIVE PERSO"
    status, _, err = run("bundle", "essai", "--sans-pdf", "--out", project / "content", "--root", project)
    assert status == 1 and "refus d'écrire l'archive dans content/" in err and not list((project / "content").glob("*.zip"))
    assert run("bundle", "essai", "--sans-pdf", "--out", mine.parent, "--force", "--root", project)[0] == 0
    assert zipfile.is_zipfile(mine)


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


# ---- one client, and every link inside -------------------------------------

def entry_text(archive: zipfile.ZipFile, name: str, tmp_path: Path) -> str:
    data = archive.read(name)
    if name.endswith(".pdf"):
        path = tmp_path / "entry.pdf"
        path.write_bytes(data)
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return data.decode("utf-8", "replace")


def test_nothing_of_another_client_is_in_the_zip(bundle, tmp_path):
    archive_path, _ = bundle
    with zipfile.ZipFile(archive_path) as archive:
        names = archive.namelist()
        assert not any("villebrume" in name for name in names)
        assert not any(name.startswith("mairie-2027/parcours/deux-matinees/jour-") for name in names)  # the session's own decks only
        assert "mairie-2027/modules/donnee/index.html" in names and "mairie-2027/modules/licences/index.html" in names
        texts = {name: entry_text(archive, name, tmp_path) for name in names if not name.endswith((".png", ".woff2"))}
    for name, text in texts.items():
        squashed = " ".join(text.split())
        for secret in SECRETS:
            assert secret not in squashed, f"{secret} in {name}"
    # the search index holds the bundle's modules only
    assert any("Les licences" in text for name, text in texts.items() if name.startswith("mairie-2027/recherche/docs/"))


def test_the_pdfs_the_pages_link_are_in_the_zip(bundle):
    _, folder = bundle
    session = (folder / "sessions" / "mairie-2027" / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r'href="([^"]+\.pdf)"', session)
    assert len(linked) == 7
    for href in linked:
        assert (folder / "sessions" / "mairie-2027" / href).is_file(), href
    for pdf in folder.rglob("*.pdf"):  # and the PDFs do not lead to the address they were laid out under
        urls = subprocess.run(["pdfinfo", "-url", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert ".invalid" not in urls, pdf


def element_ids(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        html = path.read_text(encoding="utf-8", errors="replace")
        cache[path] = set(re.findall(r'\s(?:id|name)="([^"]+)"', html))
    return cache[path]


COLLECT = """() => {
  const urls = [];
  for (const el of document.querySelectorAll('a[href], area[href]')) urls.push(['link', el.href]);
  for (const el of document.querySelectorAll('link[href]')) urls.push(['resource', el.href]);
  for (const el of document.querySelectorAll('[src]')) urls.push(['resource', el.src]);
  for (const el of document.querySelectorAll('form[action]')) urls.push(['form', el.action]);
  return urls;
}"""


def test_every_link_of_every_page_resolves_offline(bundle, browser):
    """Each page opened from file:// with the network cut: every link, image,
    stylesheet and script it names is a file of the bundle (and its #fragment
    an element of the page it names)."""
    _, folder = bundle
    root = folder.resolve()
    context = browser.new_context()
    page = context.new_page()
    asked = outside_requests(page, folder)
    pages = sorted(root.rglob("*.html"))
    assert len(pages) > 20
    ids: dict[Path, set[str]] = {}
    broken, checked = [], 0
    for html in pages:
        page.goto(html.as_uri(), wait_until="load")
        for kind, url in page.evaluate(COLLECT):
            parts = urlsplit(url)
            if parts.scheme != "file":
                assert parts.scheme in ("http", "https", "mailto", "data", "about"), url
                continue
            target = Path(url2pathname(unquote(parts.path))).resolve()
            checked += 1
            if not target.is_relative_to(root) or not target.is_file():
                broken.append(f"{html.relative_to(root)}: {kind} {url}")
            elif parts.fragment and target.suffix == ".html" and kind == "link" \
                    and unquote(parts.fragment) not in element_ids(target, ids):
                broken.append(f"{html.relative_to(root)}: #{parts.fragment} missing in {target.relative_to(root)}")
    context.close()
    assert broken == []
    assert checked > 300 and asked == []


def test_pdfs_made_before_are_taken_again(tmp_path, run, monkeypatch):
    """`build --pdf` made them: the bundle takes them as they are, and lays out
    only those whose page changed."""
    from opendata_course.outputs import pdf

    project = make_project(tmp_path)
    assert run("build", "--root", project, "--pdf")[0] == 0
    made = project / "_site" / "sessions" / "mairie-2027" / "supports.pdf"

    def no_layout(*args, **kwargs):
        raise AssertionError("laid out again")

    with monkeypatch.context() as patch:
        patch.setattr(pdf, "render_pdf", no_layout)
        status, _, err = run("bundle", "mairie-2027", "--root", project)
        assert status == 0, err
    assert "PDF : 7 repris tels quels" in err
    archive = project / "_hors-ligne" / "mairie-2027.zip"
    with zipfile.ZipFile(archive) as opened:
        assert opened.read("mairie-2027/sessions/mairie-2027/supports.pdf") == made.read_bytes()
    # One module changes: the documents that show it are laid out again, not the others.
    module = project / "content" / "modules" / "licences.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nUn paragraphe ajouté.\n", encoding="utf-8")
    status, _, err = run("bundle", "mairie-2027", "--root", project)
    assert status == 0, err
    laid_out, kept = map(int, re.search(r"Mise en page de (\d+) PDF \((\d+) repris tels quels\)", err).groups())
    assert kept >= 2 and laid_out >= 3 and laid_out + kept == 7  # programme and attendance sheet kept
    with zipfile.ZipFile(archive) as opened:
        supports = opened.read("mairie-2027/sessions/mairie-2027/supports.pdf")
    assert supports != made.read_bytes()
    # The last bundle is a source too.
    with monkeypatch.context() as patch:
        patch.setattr(pdf, "render_pdf", no_layout)
        status, _, err = run("bundle", "mairie-2027", "--root", project)
        assert status == 0 and "PDF : 7 repris tels quels" in err


URL = re.compile(r"""\s(?:href|src|action)="([^"]*)\"""")


def unresolved(folder: Path) -> list[str]:
    """Relative links and sources of the unzipped pages that name no file of it."""
    missing = []
    for html in folder.rglob("*.html"):
        for url in URL.findall(html.read_text(encoding="utf-8")):
            path = unquote(urlsplit(url).path)
            if not path or urlsplit(url).scheme or url.startswith(("#", "//")):
                continue
            if not (html.parent / path).resolve().is_file():
                missing.append(f"{html.relative_to(folder)}: {url}")
    return missing


@pytest.mark.parametrize("target, inside, outside", [
    ("deux-matinees", ["parcours/deux-matinees/jour-2/diapos.html", "modules/licences/index.html"],
     ["sessions/", "parcours/essai/"]),
    ("donnee", ["modules/donnee/diapos.html", "hors-ligne/module-donnee.html"], ["sessions/", "parcours/deux-matinees/",
                                                                            "modules/licences/"]),
])
def test_a_parcours_or_a_module_bundle_holds_its_target_only(tmp_path, run, target, inside, outside):
    project = make_project(tmp_path)
    status, out, err = run("bundle", target, "--sans-pdf", "--root", project)
    assert status == 0, err
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(out.strip()) as archive:
        names = [name.removeprefix(f"{target}/") for name in archive.namelist()]
        archive.extractall(folder)
    for name in inside:
        assert name in names, name
    for prefix in outside:
        assert not any(name.startswith(prefix) for name in names), prefix
    assert not any(name.endswith(".pdf") for name in names)
    assert unresolved(folder / target) == []
    session = "Deux matinées à la mairie"
    assert not any(session in (folder / target / name).read_text(encoding="utf-8", errors="replace") for name in names)
