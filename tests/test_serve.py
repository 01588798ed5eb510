"""Live preview: a failed rebuild keeps the last good site and shows its
errors over the page."""

import os
import shutil
import socket
import subprocess
import sys
import threading
import time

import pytest
from conftest import FIXTURE_COURSE, make_project
from playwright.sync_api import expect

from opendata_course.build import serve
from opendata_course.build.serve import ERRORS_SCRIPT, rebuild


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
    alert = page.wait_for_selector(".preview-errors")
    assert "durée invalide « 3 heures »" in alert.inner_text()
    page.close()

    module.write_text(module.read_text(encoding="utf-8").replace("duration: 3 heures", "duration: 30min"), encoding="utf-8")
    assert rebuild(project, out)
    assert not (out / ERRORS_SCRIPT).exists()


def test_a_normal_build_has_no_preview_script(run, tmp_path):
    out = tmp_path / "site"
    assert run("build", "--root", FIXTURE_COURSE, "--out", out)[0] == 0
    assert "preview.js" not in (out / "modules" / "donnee" / "index.html").read_text(encoding="utf-8")


def test_saves_during_a_rebuild_give_one_more_rebuild(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    module = project / "content" / "modules" / "donnee.md"
    builds, reloads = [], []

    def fake_rebuild(root, out, cache=None):
        builds.append(module.read_text(encoding="utf-8"))
        if len(builds) == 1:  # three saves while the first build runs
            for text in ("a", "bb", "ccc"):
                module.write_text(text, encoding="utf-8")

    monkeypatch.setattr(serve, "rebuild", fake_rebuild)
    monkeypatch.setattr(serve, "QUIET", 1)  # a burst ends at the first look that sees no change
    builds_done = serve.Builds()
    monkeypatch.setattr(builds_done, "done", lambda: reloads.append("*"))
    watcher = serve.Rebuilder(project, tmp_path / "site", builds_done)
    watcher.tick()
    assert builds == []  # nothing changed
    module.write_text("avant", encoding="utf-8")
    for _ in range(6):
        watcher.tick()
    assert builds == ["avant", "ccc"]
    assert reloads == ["*", "*"]



def test_a_fault_in_a_rebuild_is_said_and_the_next_save_rebuilds(tmp_path, monkeypatch, capsys):
    """Seen with a symlink loop (a RuntimeError of pathlib): the watcher thread died, and the preview went stale for good."""
    project = make_project(tmp_path)
    module = project / "content" / "modules" / "donnee.md"
    site = tmp_path / "site"
    site.mkdir()
    builds = []

    def failing_then_working(root, out, cache=None):
        builds.append(module.read_text(encoding="utf-8"))
        if len(builds) == 1:
            raise RuntimeError("Symlink loop from 'boucle.md'")

    monkeypatch.setattr(serve, "rebuild", failing_then_working)
    monkeypatch.setattr(serve, "QUIET", 1)
    monkeypatch.setattr(serve, "POLL", 0.01)
    watcher = serve.Rebuilder(project, site)

    def save(text):  # whole, at once: a watcher polling every 10 ms must not see the file truncated, then written
        draft = tmp_path / "brouillon.md"
        draft.write_text(text, encoding="utf-8")
        os.replace(draft, module)

    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    thread.start()
    try:
        save("première")
        wait_for(lambda: len(builds) == 1 and (site / serve.ERRORS_SCRIPT).is_file(), "the failed rebuild", 10)
        save("seconde")
        wait_for(lambda: len(builds) == 2, "a rebuild after the fault", 10)
    finally:
        stop.set()
        thread.join(5)
    assert builds == ["première", "seconde"]
    assert "Reconstruction interrompue par une erreur interne (RuntimeError : Symlink loop" in capsys.readouterr().err
    assert "erreur interne" in (site / serve.ERRORS_SCRIPT).read_text(encoding="utf-8")


# ---- over http: `opendata-course serve` in a subprocess, a page in Chromium ----

TIMEOUT = 60  # seconds; generous, only there so that a broken server fails the test


def wait_for(predicate, what: str, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def port_answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def served(tmp_path):
    """`opendata-course serve` on a copy of the fixture course: (project, base url, log file)."""
    project = make_project(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "opendata_course", "serve", "--root", str(project), "--port", str(port)],
            stdout=output, stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        wait_for(lambda: port_answers(port) or process.poll() is not None, "the server")
        assert process.poll() is None, log.read_text(encoding="utf-8")
        yield project, f"http://127.0.0.1:{port}/", log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def rebuilds(log) -> int:
    return log.read_text(encoding="utf-8").count("Site reconstruit")


def test_a_burst_of_saves_rebuilds_once_and_the_deck_reloads_on_its_slide(served, browser):
    project, url, log = served
    page = browser.new_page()
    try:
        page.goto(url + "modules/donnee/diapos.html#3")
        # preview.js waits on /__reload: from now on a rebuild reloads the page.
        wait_for(lambda: "Navigateur connecté" in log.read_text(encoding="utf-8"), "the browser to connect")
        before = rebuilds(log)
        page.evaluate("window.__notReloaded = true")

        module = project / "content" / "modules" / "donnee.md"
        text = module.read_text(encoding="utf-8")
        for version in range(1, 6):
            module.write_text(text.replace("Texte réduit et", f"Texte réduit (version {version}) et"), encoding="utf-8")
            time.sleep(0.05)

        current = page.locator(".slide.current")
        expect(current).to_contain_text("Texte réduit (version 5) et", timeout=TIMEOUT * 1000)
        assert page.evaluate("window.__notReloaded") is None  # a real reload, not a patch of the page
        # The page shows the last save, so every rebuild of the burst is done: there was one.
        assert rebuilds(log) == before + 1, log.read_text(encoding="utf-8")
        assert page.evaluate("location.hash") == "#3"
        expect(current).to_have_id("3")
        expect(current).to_be_visible()
        expect(current.locator("h2")).to_have_text("Avec le pied de page")

        # A failed rebuild: its errors over the page, the last good site still served.
        broken = text.replace("Texte réduit et", "Texte réduit (version 5) et")
        module.write_text(broken.replace("duration: 30min", "duration: 3 heures"), encoding="utf-8")
        alert = page.locator(".preview-errors")
        expect(alert).to_contain_text("content/modules/donnee.md:3: durée invalide « 3 heures »", timeout=TIMEOUT * 1000)
        expect(alert).to_contain_text("Le site affiché est le dernier valide")
        expect(current).to_contain_text("Texte réduit (version 5) et")
        expect(current).to_have_id("3")

        # Fixed: the box is gone after the next reload.
        module.write_text(broken, encoding="utf-8")
        expect(alert).to_have_count(0, timeout=TIMEOUT * 1000)
        expect(current).to_have_id("3")
    finally:
        page.close()


def test_the_preview_answers_this_machine_only(served):
    """DNS rebinding: a page of another site whose name now points at
    127.0.0.1 sends its own Host header; it gets nothing."""
    import http.client

    project, url, log = served
    port = int(url.rsplit(":", 1)[1].strip("/"))

    def get(path, host):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, body

    assert get("/index.html", f"127.0.0.1:{port}")[0] == 200
    assert get("/index.html", f"localhost:{port}")[0] == 200
    assert get("/index.html", f"evil.example:{port}")[0] == 403
    assert get("/__reload?since=-1", f"attacker.test:{port}")[0] == 403
    status, body = get("/__reload?since=-1", f"127.0.0.1:{port}")
    assert status == 200 and body.isdigit()
    status, body = get("/%00", f"127.0.0.1:{port}")
    assert status in (400, 404) and b"Traceback" not in body
    assert "Traceback" not in log.read_text(encoding="utf-8")


@pytest.mark.parametrize("port", ["0", "65536", "-1", "http"])
def test_a_port_outside_1_to_65535_is_refused(run, port, tmp_path):
    with pytest.raises(SystemExit) as stop:
        run("serve", "--root", tmp_path, "--port", port)
    assert stop.value.code == 2
