"""PDF export (WeasyPrint): what a reader of the PDF sees, read back with poppler-utils."""

from __future__ import annotations

import logging
import re
import shutil
import socket
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from opendata_course.outputs import pdf as pdf_module
from opendata_course.load.project import load_course
from opendata_course.outputs.pdf import KINDS, SiteFetcher, css_string, render_pdf
from opendata_course.model import OutputFile
from opendata_course.site.pages import render_site

from conftest import FIXTURE_COURSE

LICENCE = "Licence CC-BY-SA-4.0"
A4 = (595.28, 841.89)  # points


@pytest.fixture(scope="module")
def files():
    assert shutil.which("pdftotext") and shutil.which("pdfinfo"), \
        "poppler-utils is missing: run `make test`, which installs it"
    course, _ = load_course(FIXTURE_COURSE)
    return {f.path: f for f in render_site(course)}


def write(tmp_path: Path, data: bytes, name: str = "out.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def page_size(path: Path) -> tuple[float, float]:
    width, height = re.match(r"([\d.]+) x ([\d.]+) pts", info(path)["Page size"]).groups()
    return float(width), float(height)


def text(path: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.replace("\u2019", "'")  # the site's typography writes ’: the tests write '


def pages(path: Path) -> list[str]:
    return [text(path, n) for n in range(1, int(info(path)["Pages"]) + 1)]


def squash(s: str) -> str:
    return " ".join(s.split())


# ---- slides ---------------------------------------------------------------

@pytest.fixture(scope="module")
def deck(files, tmp_path_factory):
    data = render_pdf(files, "modules/donnee/diapos.html", "slides", title="Donnée, donnée publique", licence=LICENCE)
    return write(tmp_path_factory.mktemp("pdf"), data, "diapos.pdf")


def test_slides_one_16_9_page_per_slide(files, deck):
    html = files["modules/donnee/diapos.html"].data.decode()
    assert int(info(deck)["Pages"]) == html.count('<section class="slide') == 4
    width, height = page_size(deck)
    assert width / height == pytest.approx(16 / 9, rel=1e-3)
    assert width == pytest.approx(720, abs=1)  # 254 mm, as deck.css prints


def test_slides_show_titles_steps_and_footer(deck):
    slides = [squash(p) for p in pages(deck)]
    assert "Donnée, donnée publique" in slides[0]
    assert "Ce module pose les mots." in slides[0]
    # slide 2 has three steps (`--`): all of them are on its page
    assert "Une donnée publique" in slides[1]
    assert "premier point" in slides[1] and "second point" in slides[1]
    assert "Avec le pied de page" in slides[2] and "Cours d'essai" in slides[2]  # the layout's footnote
    for number, slide in enumerate(slides, 1):
        assert f"page {number} / 4" in slide
        assert LICENCE in slide
    # the notes stay off the slides; a printed deck has neither answers nor
    # controls (a dead "Voir la réponse"), only the questions
    assert "Demander à la salle" not in " ".join(slides)
    assert "Quelle licence impose le partage à l'identique" in slides[3]
    for answer in ("Voir la réponse", "Bonne réponse", "Voir la solution", "Tout est public", "redistribuer les bases"):
        assert answer not in " ".join(slides), answer


def test_slides_metadata(deck):
    assert info(deck)["Title"] == "Donnée, donnée publique"
    raw = deck.read_bytes()
    assert "CreationDate" not in info(deck)
    # the language is in the document catalogue (possibly in a compressed object stream)
    streams = [raw] + [zlib.decompress(m) for m in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.S)
                       if m[:1] == b"x"]
    assert any(b"/Lang (fr)" in s for s in streams)


def test_slides_are_deterministic(files, deck):
    again = render_pdf(files, "modules/donnee/diapos.html", "slides", title="Donnée, donnée publique", licence=LICENCE)
    assert again == deck.read_bytes()


def test_day_deck(files, tmp_path):
    page = "parcours/essai/jour-1/diapos.html"
    out = write(tmp_path, render_pdf(files, page, "slides", title="Parcours d'essai — Jour 1", licence=LICENCE))
    html = files[page].data.decode()
    assert int(info(out)["Pages"]) == html.count('<section class="slide')
    first, programme = squash(text(out, 1)), squash(text(out, 2))
    assert "Parcours d'essai" in first and "Jour 1" in first
    assert "Programme" in programme and "09:45 – 10:15" in programme and "Les licences" in programme


# ---- slides with notes ----------------------------------------------------

def test_slides_notes_put_each_slide_over_its_notes(files, tmp_path):
    out = write(tmp_path, render_pdf(files, "modules/donnee/diapos.html", "slides-notes",
                                     title="Donnée — notes", licence=LICENCE))
    width, height = page_size(out)
    assert (width, height) == pytest.approx(A4, abs=0.5)
    slides = pages(out)
    assert len(slides) == 4
    second = slides[1]
    assert "Une donnée publique" in second and "second point" in second
    assert "Demander à la salle un exemple de donnée." in squash(second)
    # below the slide, not beside or before it
    assert second.index("second point") < second.index("Demander à la salle")
    assert "page 2 / 4" in second and LICENCE in second and "Donnée — notes" in second
    assert "Demander à la salle" not in slides[0] + slides[2]


# ---- handouts and sheets ----------------------------------------------------

def test_handout_is_a_clean_a4_document(files, tmp_path):
    out = write(tmp_path, render_pdf(files, "modules/donnee/index.html", "handout",
                                     title="Support — Donnée, donnée publique", licence=LICENCE))
    assert page_size(out) == pytest.approx(A4, abs=0.5)
    every = pages(out)
    total = len(every)
    whole = squash(" ".join(every))
    assert "Donnée, donnée publique" in whole
    for number, page in enumerate(every, 1):
        assert "Support — Donnée, donnée publique" in page
        assert f"page {number} / {total}" in page
        assert LICENCE in page
    # no site around the content: header, navigation, search box, footer, pager
    for chrome in ("Rechercher", "Glossaire", "Compétences", "Site produit avec", "Module suivant", "Accueil"):
        assert chrome not in whole, chrome
    # the learner's version: questions in the text, answers and solutions in a
    # corrigé at the end only, notes never
    assert "Le RGPD encadre les données personnelles." in whole
    assert "Demander à la salle" not in whole
    corrige = next(n for n, page in enumerate(every) if "Corrigé" in page and "Bonne réponse" in page)
    questions = squash(" ".join(every[:corrige]))
    assert "Quelle licence impose le partage à l'identique ?" in questions and "Classez ces exemples." in questions
    for answer in ("Bonne réponse", "Tout est public", "redistribuer les bases", "Voir la réponse", "Voir la solution"):
        assert answer not in questions, answer
    assert f"Réponse : corrigé n° 1, page {corrige + 1}" in questions
    answers = squash(" ".join(every[corrige:]))
    assert "1. Quelle licence impose le partage à l'identique ? Bonne réponse : ODbL 1.0" in answers
    assert "L'ODbL impose de redistribuer les bases dérivées" in answers
    assert "2. Exercice — Trier des données (10 min) Tout est public." in answers


def test_sheet_programme(files, tmp_path):
    out = write(tmp_path, render_pdf(files, "parcours/essai/index.html", "sheet",
                                     title="Programme", licence=LICENCE, lang="en"))
    assert page_size(out) == pytest.approx(A4, abs=0.5)
    first = squash(text(out, 1))
    assert "Parcours d'essai" in first and "09:00 – 09:30" in first and "Tour de table" in first
    assert "page 1 / " in first and "Rechercher" not in first


ROWS = 60


def attendance_page() -> OutputFile:
    rows = "\n".join(f"<tr><td>Participant {n}</td><td>Service {n}</td><td>Signature {n}</td></tr>"
                     for n in range(1, ROWS + 1))
    html = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Émargement</title>
<link rel="stylesheet" href="../static/site.css"></head>
<body class="page"><header class="site-header"><a class="site-title" href="../index.html">Cours d'essai</a></header>
<main id="contenu"><h1>Feuille d'émargement</h1>
<table><thead><tr><th>Nom et prénom</th><th>Service</th><th>Signature matin</th></tr></thead>
<tbody>{rows}</tbody></table></main></body></html>"""
    return OutputFile("essai/emargement.html", html.encode())


def test_sheet_landscape_table_across_pages(files, tmp_path):
    site = dict(files)
    site["essai/emargement.html"] = attendance_page()
    out = write(tmp_path, render_pdf(site, "essai/emargement.html", "sheet-landscape",
                                     title="Émargement", licence=LICENCE))
    width, height = page_size(out)
    assert (height, width) == pytest.approx(A4, abs=0.5)  # A4 landscape
    every = pages(out)
    assert len(every) > 1
    for number, page in enumerate(every, 1):
        assert "Nom et prénom" in page and "Signature matin" in page  # the header on every page
        assert f"page {number} / {len(every)}" in page
    # each row whole on one page, in order, once
    seen = []
    for page in every:
        for line in page.splitlines():
            if match := re.search(r"Participant (\d+)\b", line):
                n = match[1]
                assert re.search(rf"Service {n}\b.*Signature {n}\b", line), line
                seen.append(int(n))
    assert seen == list(range(1, ROWS + 1))
    assert "Cours d'essai" not in " ".join(every)  # the site header is gone


# ---- safety -----------------------------------------------------------------

def test_remote_resources_are_never_fetched(files, tmp_path, monkeypatch, capfd):
    # a program that configured logging (as logging.basicConfig does: a handler on the
    # root logger, level WARNING) must not get WeasyPrint's complaints about the
    # refused resources on its terminal either
    terminal = logging.StreamHandler(sys.stderr)
    logging.getLogger().addHandler(terminal)
    monkeypatch.setattr(logging.getLogger(), "level", logging.WARNING)

    def no_network(*args, **kwargs):
        raise AssertionError(f"network access: {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    asked: list[str] = []
    fetch = SiteFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(SiteFetcher, "fetch", spy)
    site = dict(files)
    site["remote.html"] = OutputFile("remote.html", b"""<!DOCTYPE html><html lang="fr"><head>
<link rel="stylesheet" href="https://example.org/theme.css"><link rel="stylesheet" href="static/site.css">
<style>@import url("http://example.org/more.css"); body { background: url(//example.org/bg.png); }</style>
</head><body><main><h1>Images distantes</h1>
<p><img src="https://example.org/x.png" alt="distante"> <img src="media/schema.png" alt="locale">
<img src="../../etc/passwd" alt="hors du site"> <img src="file:///etc/hostname" alt="fichier"></p>
</main></body></html>""")
    try:
        data = render_pdf(site, "remote.html", "handout", title="Distant", licence=LICENCE)
    finally:
        logging.getLogger().removeHandler(terminal)
    out = write(tmp_path, data)
    assert "Images distantes" in text(out)
    assert "media/schema.png" in " ".join(asked) and "static/site.css" in " ".join(asked)
    assert any(url.startswith("https://example.org/") for url in asked)  # asked, and refused
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""  # WeasyPrint's complaints stay off the terminal


def test_fetcher_serves_only_the_site(files):
    def body(response):  # WeasyPrint ≥ 68: a response object; before: a dict
        return response["string"] if isinstance(response, dict) else response.read()

    fetcher = SiteFetcher(files)
    root = pdf_module.SITE_ROOT
    assert body(fetcher.fetch(root + "static/deck.css")).startswith(b"/*")
    assert body(fetcher.fetch(root + "media/schema.png"))[:4] == b"\x89PNG"
    assert body(fetcher.fetch(root + "modules/donnee/../../static/site.css")).startswith(b"/*")
    for url in ("https://example.org/x.png", "http://localhost/", "file:///etc/passwd",
                root + "../etc/passwd", root + "nope.css", "https://opendata-course.invalid.example.org/x",
                root.replace("https:", "http:") + "static/deck.css"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert body(fetcher.fetch("data:text/plain;base64,b2s=")) == b"ok"
    assert fetcher.refused[0] == "https://example.org/x.png"


def test_titles_and_licences_are_escaped(files, tmp_path):
    title = 'Il a dit "ok" \\ </style><b>gras</b> & co'
    out = write(tmp_path, render_pdf(files, "modules/licences/index.html", "handout",
                                     title=title, licence="Licence « spéciale »\nsur deux lignes"))
    first = text(out, 1)
    assert title in first
    assert "Licence « spéciale » sur deux lignes" in first
    assert css_string('a"b\\c') == '"a\\22 b\\5c c"'


def test_unknown_kind_and_page(files):
    with pytest.raises(ValueError, match="slides"):
        render_pdf(files, "modules/donnee/diapos.html", "poster", title="x", licence="y")
    with pytest.raises(KeyError):
        render_pdf(files, "modules/absent/diapos.html", "slides", title="x", licence="y")
    assert KINDS == ("slides", "slides-notes", "handout", "sheet", "sheet-landscape")


# ---- a project's own deck template -------------------------------------------

OWN_DECK = """<!DOCTYPE html>
<html lang="{{ site.lang }}"><head><meta charset="utf-8"><title>{{ deck_title }}</title>
<link rel="stylesheet" href="{{ root }}static/deck.css"></head>
<body class="deck" data-duration="{{ duration|default(0) }}">
<main class="slides">
{% for item in slides %}
<article data-steps="{{ item.slide.steps }}" id="s{{ loop.index }}" class="{{ item.slide.classes|join(' ') }} slide">
<div class="slide-content">{{ item.html|safe }}</div>
{% if item.notes %}<aside role="note" class="notes"><div>{{ item.notes|safe }}</div></aside>{% endif %}
</article>
{% endfor %}
</main>
<script src="{{ root }}static/deck.js"></script>
</body></html>
"""


def test_a_project_s_own_deck_template_keeps_the_notes_pdf_and_single_file_decks(tmp_path, run):
    """Slides are found by their classes, not by the default template's markup."""
    project = tmp_path / "p"
    shutil.copytree(FIXTURE_COURSE, project)
    (project / "templates").mkdir()
    (project / "templates" / "deck.html").write_text(OWN_DECK, encoding="utf-8")
    status, out, err = run("pdf", "donnee", "--root", project, "--out", tmp_path / "pdf")
    assert status == 0, err
    notes = tmp_path / "pdf" / "modules" / "donnee" / "diapos-notes.pdf"
    slides = pages(notes)
    assert len(slides) == 4
    second = slides[1]
    assert "second point" in second and "Demander à la salle un exemple de donnée." in squash(second)
    assert second.index("second point") < second.index("Demander à la salle")
    status, out, err = run("bundle", "donnee", "--sans-pdf", "--root", project, "--out", tmp_path / "zip")
    assert status == 0, err
    import zipfile
    with zipfile.ZipFile(out.strip()) as archive:
        single = archive.read("donnee/hors-ligne/module-donnee.html").decode("utf-8")
    assert single.count('class="notes"') == 1 and "<article" in single and "static/deck.js" not in single


# ---- answers: learners' print, trainer's print ---------------------------------

def test_session_handouts_have_a_table_of_contents_and_a_corrige_at_the_end(files, tmp_path):
    out = write(tmp_path, render_pdf(files, "sessions/mairie-2027/supports.html", "handout",
                                     title="Supports", licence=LICENCE))
    every = [squash(page) for page in pages(out)]
    # the contents, on the first page: each module's title and the page it starts on
    contents = every[0]
    entries = dict(re.findall(r"(Les licences|Donnée, donnée publique|Corrigé)[ .]+(\d+)", contents))
    assert set(entries) == {"Les licences", "Donnée, donnée publique", "Corrigé"}
    for title, number in entries.items():
        assert every[int(number) - 1].startswith(f"Supports {title}") or title in every[int(number) - 1][:80], title
    corrige = int(entries["Corrigé"]) - 1
    assert corrige == len(every) - 1
    questions = " ".join(every[:corrige])
    assert "Combien de licences la liste réglementaire prévoit-elle" in questions
    assert "Bonne réponse" not in questions and "La Licence Ouverte 2.0 et l'ODbL 1.0." not in questions
    answers = every[corrige]
    # grouped by module, numbered in the order of the document
    assert re.search(r"Les licences 1\. Combien de licences .*? Bonne réponse : Deux La Licence Ouverte 2\.0 et l'ODbL 1\.0\. "
                     r"Donnée, donnée publique 2\. Quelle licence impose", answers), answers


def test_the_trainer_s_deck_with_notes_has_the_answers_below_the_slide(files, tmp_path):
    out = write(tmp_path, render_pdf(files, "modules/donnee/diapos.html", "slides-notes",
                                     title="Donnée — notes", licence=LICENCE))
    last = pages(out)[3]
    assert "Voir la réponse" not in last and "Voir la solution" not in last
    assert last.index("Quelle licence impose") < last.index("Bonne réponse : ODbL 1.0")
    assert last.index("Classez ces exemples") < last.index("Solution") < last.index("Tout est public.")


# ---- links, licence, reuse ---------------------------------------------------------

def urls(path: Path) -> list[str]:
    out = subprocess.run(["pdfinfo", "-url", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split()[-1] for line in out.splitlines()[1:] if line.strip()]


def test_links_lead_online_or_nowhere(files, tmp_path):
    """A PDF has no site beside it: links to other pages go to base_url, or are
    plain text; never to the address the page was laid out under."""
    offline = write(tmp_path, render_pdf(files, "modules/donnee/index.html", "handout", title="x", licence=LICENCE), "a.pdf")
    found = urls(offline)
    assert found and all(url.startswith("https://") and ".invalid" not in url for url in found)
    assert not any("glossaire" in url for url in found)  # the glossary term is plain text
    online = write(tmp_path, render_pdf(files, "modules/donnee/index.html", "handout", title="x", licence=LICENCE,
                                        base_url="https://formation.example.org/cours/"), "b.pdf")
    found = urls(online)
    assert "https://formation.example.org/cours/glossaire/index.html#donnee-publique" in found
    # the address of a link into the site is not printed after it, as an outside link's is
    assert "(https://formation.example.org" not in text(online)


def test_no_licence_line_when_none_is_given(files, tmp_path):
    out = write(tmp_path, render_pdf(files, "sessions/mairie-2027/emargement.html", "sheet-landscape",
                                     title="Émargement", licence=""))
    assert "Licence" not in text(out) and "page 1 / " in text(out)


def test_a_pdf_knows_what_it_was_made_from(files):
    from opendata_course.outputs.pdf import still_current
    from opendata_course.outputs.pdf_reuse import read_stamp

    page = "modules/donnee/index.html"
    data = render_pdf(files, page, "handout", title="Support", licence=LICENCE)
    key, deps = read_stamp(data)
    assert "static/site.css" in deps and "media/schema.png" in deps and page not in deps
    assert still_current(data, files, page, "handout", title="Support", licence=LICENCE)
    # another title, another stylesheet, another image, another page: made again
    assert not still_current(data, files, page, "handout", title="Autre", licence=LICENCE)
    assert not still_current(data, files, page, "slides", title="Support", licence=LICENCE)
    for changed in ("static/site.css", "media/schema.png", page):
        other = dict(files)
        other[changed] = OutputFile(changed, files[changed].contents() + b" ")
        assert not still_current(data, other, page, "handout", title="Support", licence=LICENCE), changed
    assert read_stamp(b"%PDF-1.7 nothing here") is None and read_stamp(b"not a pdf") is None
