"""Publishing the course (issue 18): the home page leads with the parcours,
the catalogue has its own page, sessions stay out of public pages unless
published, handouts say where to propose a change and since when they are
up to date, and programs get a sitemap and robots.txt."""

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import FIXTURE_COURSE, make_project
from rich_course import BASE_URL, REPOSITORY


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    from opendata_course.cli import main

    out = tmp_path_factory.mktemp("simple") / "site"
    assert main(["build", "--root", str(FIXTURE_COURSE), "--out", str(out)]) == 0
    return out


def read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def test_home_leads_with_the_parcours_and_links_the_catalogue(plain):
    home = read(plain, "index.html")
    main = home.split('<main id="contenu"', 1)[1]
    assert main.index("Parcours d’essai") < main.index("modules/index.html")
    assert "module-card" not in home  # the catalogue has its own page
    assert "Voir les 2\u00a0modules" in home
    catalogue = read(plain, "modules/index.html")
    assert 'id="filtres"' in catalogue and catalogue.count('class="module-card"') == 2
    listing = read(plain, "parcours/index.html")
    assert "Parcours d’essai" in listing and "Deux matinées" in listing


def test_header_navigation_is_parcours_modules_search(plain):
    home = read(plain, "index.html")
    nav = re.search(r'<nav class="site-nav".*?</nav>', home, re.DOTALL).group(0)
    assert re.findall(r">([^<>]+)</a>", nav) == ["Parcours", "Modules", "Recherche"]
    handout = read(plain, "modules/donnee/index.html")
    nav = re.search(r'<nav class="site-nav".*?</nav>', handout, re.DOTALL).group(0)
    assert 'href="../../modules/index.html" aria-current="true"' in nav  # the section the page is in


def test_sessions_are_not_public_unless_published(plain, rich_site):
    for site in (plain, rich_site):
        for name in ("index.html", "modules/index.html", "parcours/index.html", "modules/donnee/index.html"):
            page = read(site, name)
            assert "sessions/" not in page and "mairie" not in page.lower(), (site, name)
        assert '<meta name="robots" content="noindex">' in read(site, "sessions/mairie-2027/index.html")
        assert "noindex" not in read(site, "parcours/deux-matinees/index.html")
    assert "Prochaines sessions" not in read(plain, "parcours/deux-matinees/index.html")
    published = read(rich_site, "parcours/deux-matinees/index.html")
    assert "Prochaines sessions" in published and "../../sessions/mairie-2027/programme.html" in published
    assert "Prochaines sessions" not in read(rich_site, "parcours/essai/index.html")  # another parcours


def check_with_session_line(run, tmp_path, added: str) -> tuple[str, int]:
    """`check` of the fixture course with `added` as its session's last
    line: what it says (after status 1), and that line's number."""
    project = make_project(tmp_path)
    session = project / "content" / "sessions" / "mairie-2027.yml"
    session.write_text(session.read_text(encoding="utf-8") + added + "\n", encoding="utf-8")
    status, _, err = run("check", "--root", project)
    assert status == 1
    return err, len(session.read_text(encoding="utf-8").splitlines())


def test_publier_must_be_true_or_false(run, tmp_path):
    err, line = check_with_session_line(run, tmp_path, "publier: oui")
    assert f"mairie-2027.yml:{line}: « publier » vaut true" in err


def test_handout_has_an_edit_link_a_date_and_a_table_of_contents(rich_site, plain):
    page = read(rich_site, "modules/longue/index.html")
    assert f'href="{REPOSITORY}/edit/main/content/modules/longue.md"' in page
    assert "Proposer une modification" in page
    assert '<time datetime="2026-10-01">1er\u00a0octobre 2026</time>' in page
    toc = re.search(r'<nav class="handout-toc".*?</nav>', page, re.DOTALL).group(0)
    assert re.findall(r'href="#([^"]+)">([^<]+)<', toc) == [
        ("premiere-partie", "Première partie"), ("un-detail-de-la-premiere-partie", "Un détail de la première partie"),
        ("deuxieme-partie", "Deuxième partie"), ("troisieme-partie", "Troisième partie"),
        ("quatrieme-partie", "Quatrième partie")]
    assert 'class="handout-toc"' not in read(rich_site, "modules/donnee/index.html")  # short: no table of contents
    assert "Proposer une modification" not in read(plain, "modules/donnee/index.html")  # no repository named


def test_typography_of_a_handout(rich_site):
    page = read(rich_site, "modules/longue/index.html")
    assert "1\u00a0h\u00a030\u00a0: l’article\u00a0L312\u20111\u20111 du CRPA" in page
    assert "dure 15\u00a0min." in page
    assert '<span class="s2">"bonjour"</span>' in page  # code untouched


@pytest.mark.parametrize("host, url", [
    ("https://github.com/o/c", "https://github.com/o/c/edit/dev/content/modules/a.md"),
    ("https://gitlab.com/o/c", "https://gitlab.com/o/c/-/edit/dev/content/modules/a.md"),
    ("https://codeberg.org/o/c", "https://codeberg.org/o/c/_edit/dev/content/modules/a.md"),
    ("https://forge.example.org/o/c", "https://forge.example.org/o/c/blob/dev/content/modules/a.md"),
])
def test_edit_links_follow_the_forge(host, url):
    from opendata_course.model import Config
    from opendata_course.site.meta import edit_url

    assert edit_url(Config(title="x", repository=host, branch="dev"), "content/modules/a.md") == url


def test_repository_must_be_a_web_address(run, tmp_path):
    project = make_project(tmp_path)
    course = project / "content" / "course.yml"
    course.write_text(course.read_text(encoding="utf-8") + "repository: git@github.com:o/c.git\nbranch: ..\n", encoding="utf-8")
    status, _, err = run("check", "--root", project)
    assert status == 1
    assert "« git@github.com:o/c.git » : donnez l'adresse web du dépôt" in err
    assert "nom de branche invalide « .. »" in err


def test_sitemap_and_robots_when_the_address_is_known(rich_site, plain):
    assert not (plain / "sitemap.xml").exists() and not (plain / "robots.txt").exists()
    tree = ET.fromstring((rich_site / "sitemap.xml").read_bytes())
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {u.findtext("s:loc", namespaces=namespace): u.findtext("s:lastmod", namespaces=namespace)
            for u in tree.findall("s:url", namespace)}
    assert urls[f"{BASE_URL}/index.html"] is None
    assert urls[f"{BASE_URL}/modules/longue/index.html"] == "2026-10-01"
    assert f"{BASE_URL}/parcours/long/index.html" in urls
    assert not any("/sessions/" in url or "formateur" in url for url in urls)
    for url in urls:  # every page listed exists
        assert (rich_site / url.removeprefix(BASE_URL + "/")).is_file(), url
    robots = read(rich_site, "robots.txt")
    assert "Disallow: /formation/sessions/" in robots and f"Sitemap: {BASE_URL}/sitemap.xml" in robots


def test_not_found_page(rich_site, plain):
    assert '<base href="https://exemple.github.io/formation/">' in read(rich_site, "404.html")
    page = read(plain, "404.html")
    assert "<base" not in page and "Page introuvable" in page and 'href="modules/index.html"' in page


def test_favicon_and_dark_code_colours_ship_with_the_theme(plain):
    home = read(plain, "index.html")
    assert '<link rel="icon" href="static/favicon.svg" type="image/svg+xml">' in home
    assert ET.fromstring((plain / "static" / "favicon.svg").read_bytes()).tag.endswith("svg")
    assert 'media="screen and (prefers-color-scheme: dark)"' in home and (plain / "static" / "pygments-dark.css").is_file()



def contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        colour = colour.lstrip("#")
        colour = "".join(c * 2 for c in colour) if len(colour) == 3 else colour
        channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("sheet, backgrounds", [
    ("pygments.css", ("#f4f6fa", "#ffffff")),  # code blocks (site.css --soft, deck.css --code), and the page
    ("pygments-dark.css", ("#1d2331",)),
])
def test_every_code_colour_is_readable_on_its_background(plain, sheet, backgrounds):
    """WCAG 2.1 AA: 4.5:1 for each token colour, not only those a page happens to use today."""
    colours = set(re.findall(r"\.highlight \.\w+ \{[^}]*?(?<!-)color: (#[0-9A-Fa-f]{3,6})", read(plain, f"static/{sheet}")))
    assert len(colours) > 5
    low = sorted((round(contrast(colour, background), 2), colour, background) for colour in colours for background in backgrounds
                 if contrast(colour, background) < 4.5)
    assert low == []

# --- dates from git ------------------------------------------------------------

def git(project: Path, *args: str, date: str = "2026-11-15T10:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "A",
           "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org"}
    return subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repository(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    project = make_project(tmp_path)
    course = project / "content" / "course.yml"
    course.write_text(course.read_text(encoding="utf-8") + f"repository: {REPOSITORY}\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "premier", date="2026-10-20T10:00:00+00:00")
    licences = project / "content" / "modules" / "licences.md"
    text = licences.read_text(encoding="utf-8").replace("duration: 15min\n", "duration: 15min\nupdated: 2026-11-01\n", 1)
    licences.write_text(text + "\nUn ajout.\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "second")  # on 2026-11-15, after its updated:
    return project


def test_updated_comes_from_the_last_commit_and_check_warns_when_older(repository, run):
    status, _, err = run("check", "--root", repository)
    assert status == 0
    assert "licences.md:4: attention : « updated: 2026-11-01 » est plus ancien que la dernière modification " \
           "enregistrée par git (2026-11-15) : mettez la date à jour" in err
    # donnee says updated: 2026-11-01, after its last commit (2026-10-20): no warning.
    assert "donnee.md" not in err
    status, _, _ = run("build", "--root", repository, "--out", repository / "_site")
    assert status == 0
    page = (repository / "_site" / "modules" / "licences" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-11-15">15\u00a0novembre 2026</time>' in page
    donnee = (repository / "_site" / "modules" / "donnee" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-11-01">' in donnee  # its updated: is later than its last commit


def test_a_shallow_clone_does_not_date_every_file_by_its_one_commit(repository, tmp_path, run):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repository.as_uri(), str(clone)], check=True, capture_output=True)
    status, _, err = run("check", "--root", clone)
    assert "licences.md" not in err  # its one commit is the clone's boundary: nothing known
    status, _, _ = run("build", "--root", clone, "--out", clone / "_site")
    page = (clone / "_site" / "modules" / "licences" / "index.html").read_text(encoding="utf-8")
    assert "2026-11-15" not in page
    assert "/edit/main/content/modules/licences.md" in page


def test_no_repository_no_git(run, tmp_path):
    """Without `repository:`, git is never asked: the same pages with or without it."""
    from opendata_course.load.project import load_course

    course, problems = load_course(FIXTURE_COURSE)
    assert all(module.committed is None and module.source == "" for module in course.modules.values())


def test_public_true_says_to_write_publier(run, tmp_path):
    """`public` is the session's audience (a text): `public: true` says what to write instead."""
    err, line = check_with_session_line(run, tmp_path, "public: true")
    assert f"mairie-2027.yml:{line}: « public » est le public visé (un texte) ; pour annoncer la session sur le site, " \
           "écrivez « publier: true »" in err
    assert "booléen" not in err  # one error, not two
