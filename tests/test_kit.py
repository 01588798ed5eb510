"""The trainer's kit on paper: `opendata-course pdf` and `build --pdf`."""

import re
import subprocess

from conftest import make_project


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.replace("\u2019", "'")  # the site's typography writes ’: the tests write '


def pdf_info(path) -> dict:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def test_pdf_command_makes_a_sessions_kit(tmp_path, run):
    project = make_project(tmp_path)
    status, out, err = run("pdf", "mairie-2027", "--root", project)
    assert status == 0, err
    base = project / "_pdf" / "sessions" / "mairie-2027"
    written = sorted(p.relative_to(base).as_posix() for p in base.rglob("*.pdf"))
    assert written == ["emargement.pdf", "jour-1/diapos-notes.pdf", "jour-1/diapos.pdf", "jour-2/diapos-notes.pdf",
                       "jour-2/diapos.pdf", "programme.pdf", "supports.pdf"]
    assert out.splitlines()[0].endswith("_pdf/sessions/mairie-2027/programme.pdf")  # says where

    programme = pdf_text(base / "programme.pdf")
    for heading in ("Modalités et délais d'accès", "Modalités d'évaluation", "Accessibilité aux personnes en situation de handicap"):
        assert heading in programme
    assert "lundi 1er mars 2027" in programme and "Licence CC-BY-SA-4.0" in programme
    pages = int(pdf_info(base / "programme.pdf")["Pages"])
    assert f"page 1 / {pages}" in programme

    attendance = pdf_info(base / "emargement.pdf")
    assert attendance["Page size"].strip().startswith("841.89 x 595")  # A4 landscape
    assert int(attendance["Pages"]) == 2  # one sheet per day
    text = pdf_text(base / "emargement.pdf")
    assert text.count("Émilie Laurent") == 2 and text.count("Signature des formateurs") == 2
    assert text.count("Alice Dupont") == 4 and text.count("Bruno Petit") == 4  # in the heading, and a box each
    assert "Licence" not in text and "page 1 / 2" in text  # an administrative form: no licence line

    assert run("build", "--root", project)[0] == 0
    slides = (project / "_site" / "sessions" / "mairie-2027" / "jour-2" / "diapos.html").read_text().count('<section class="slide')
    deck = pdf_info(base / "jour-2" / "diapos.pdf")
    assert int(deck["Pages"]) == slides
    width, height = (float(v) for v in re.findall(r"[\d.]+", deck["Page size"])[:2])
    assert abs(width / height - 16 / 9) < 0.01
    assert "mardi 2 mars 2027" in pdf_text(base / "jour-2" / "diapos.pdf")


def test_pdf_command_refuses_an_unknown_target(tmp_path, run):
    project = make_project(tmp_path)
    status, _, err = run("pdf", "licence", "--root", project)
    assert status == 1
    assert "« licence » n'est ni une session, ni un parcours, ni un module (vouliez-vous dire « licences » ?)" in err
    assert not (project / "_pdf").exists()


def test_build_with_pdf_links_the_pdfs_from_the_session_page(tmp_path, run):
    project = make_project(tmp_path)
    assert run("build", "--root", project, "--pdf")[0] == 0
    base = project / "_site" / "sessions" / "mairie-2027"
    html = (base / "index.html").read_text()
    for name in ("programme.pdf", "emargement.pdf", "supports.pdf", "jour-1/diapos.pdf", "jour-1/diapos-notes.pdf"):
        assert f'href="{name}"' in html
        assert (base / name).is_file()
    assert "Les licences" in pdf_text(base / "supports.pdf")


def test_pdf_command_takes_again_the_pdfs_it_made(tmp_path, run, monkeypatch):
    from opendata_course.outputs import pdf

    project = make_project(tmp_path)
    assert run("pdf", "mairie-2027", "--root", project)[0] == 0
    before = {p: p.read_bytes() for p in (project / "_pdf").rglob("*.pdf")}

    def no_layout(*args, **kwargs):
        raise AssertionError("laid out again")

    monkeypatch.setattr(pdf, "render_pdf", no_layout)
    status, _, err = run("pdf", "mairie-2027", "--root", project)
    assert status == 0, err
    assert "PDF : 7 repris tels quels, rien n'a changé depuis leur mise en page." in err
    assert {p: p.read_bytes() for p in (project / "_pdf").rglob("*.pdf")} == before
