"""No script from YAML runs: text that course.yml, references.yml,
glossaire.yml, a parcours or a session brings into pages is text, on every
page where it shows (module, deck, trainer view, parcours, session, supports,
glossary, references, home), checked in Chromium."""

from __future__ import annotations

from conftest import make_project

PAYLOAD = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def poison(project) -> None:
    content = project / "content"

    def edit(name, old, new):
        path = content / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    quoted = PAYLOAD.replace('"', '\\"')
    edit("references.yml", 'short: "CRPA, art. L321-2"', f'short: "{quoted}"')
    edit("references.yml", 'title: "Open Database License (ODbL) 1.0"', f'title: "ODbL {quoted}"')
    edit("glossaire.yml", "definition: Règlement européen", f'definition: "{quoted} Règlement européen')
    edit("glossaire.yml", "traitement des données personnelles.", 'traitement des données personnelles."')
    edit("course.yml", "title: Cours d'essai", f'title: "Cours {quoted}"')
    edit("sessions/mairie-2027.yml", "lieu: Mairie, salle des mariages", f'lieu: "Mairie {quoted}"')
    edit("parcours/essai.yml", "title: ", f'title: "{quoted}" # ')


def test_no_script_from_yaml_runs_on_any_page(run, tmp_path, browser):
    project = make_project(tmp_path)
    poison(project)
    out = tmp_path / "site"
    status, _, err = run("build", "--root", project, "--out", out)
    assert status == 0, err
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 20
    for page_file in pages:
        html = page_file.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in html, page_file
        assert '<img src=x onerror' not in html, page_file
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for page_file in pages:
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate("window.__pwned") is None, page_file
        # The text itself is shown, as text.
        page.goto((out / "modules" / "donnee" / "index.html").as_uri())
        assert "<script>window.__pwned" in page.inner_text("body")
    finally:
        page.close()
    assert dialogs == []
