"""Live preview: a failed rebuild keeps the last good site and shows its
errors over the page."""

import shutil

from conftest import FIXTURE_COURSE

from opendata_course.serve import ERRORS_SCRIPT, rebuild


def test_failed_rebuild_keeps_the_site_and_shows_errors(tmp_path, browser):
    project = tmp_path / "p"
    shutil.copytree(FIXTURE_COURSE, project)
    out = project / "_site"
    assert rebuild(project, out)
    page_file = out / "modules" / "donnee" / "index.html"
    assert "static/preview.js" in page_file.read_text(encoding="utf-8")
    good = page_file.read_bytes()

    module = project / "content" / "modules" / "donnee.md"
    module.write_text(module.read_text(encoding="utf-8").replace("duration: 30min", "duration: 3 heures"), encoding="utf-8")
    assert not rebuild(project, out)
    assert page_file.read_bytes() == good  # the last good site is still served
    assert "content/modules/donnee.md:3: durée invalide" in (out / ERRORS_SCRIPT).read_text(encoding="utf-8")

    page = browser.new_page()
    page.goto(page_file.as_uri())
    alert = page.wait_for_selector("[role=alert]")
    assert "durée invalide « 3 heures »" in alert.inner_text()
    page.close()

    module.write_text(module.read_text(encoding="utf-8").replace("duration: 3 heures", "duration: 30min"), encoding="utf-8")
    assert rebuild(project, out)
    assert not (out / ERRORS_SCRIPT).exists()


def test_a_normal_build_has_no_preview_script(run, tmp_path):
    out = tmp_path / "site"
    assert run("build", "--root", FIXTURE_COURSE, "--out", out)[0] == 0
    assert "preview.js" not in (out / "modules" / "donnee" / "index.html").read_text(encoding="utf-8")
