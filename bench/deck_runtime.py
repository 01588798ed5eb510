"""Time to interactive of the slide runtime on a 100-slide deck, in headless Chromium.

    .venv/bin/python bench/deck_runtime.py [--slides 100] [--runs 7]

Builds a throw-away course with one module of N slides (steps, notes, code,
tables, an image; one slide in ten too full, which deck.js sets smaller),
opens its diapos.html from file:// and prints figures.
Asserts nothing: compare the figures before and after a change.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from opendata_course.cli import main as cli  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e2b3b1f60000000049454e44ae426082"
)


def slide(n: int) -> str:
    kind = n % 5
    if kind == 0:
        return f"class: center, middle, inverse\nname: partie-{n}\n\n# Partie {n}\n\n???\nAnnoncer la partie {n}."
    if kind == 1:
        return (f"## Diapositive {n}\n\n- premier point\n--\n- deuxième point\n--\n- troisième point, .red[important]\n\n"
                f"???\nNotes de la diapositive {n} : insister sur le deuxième point.")
    if kind == 2:
        return (f"## Code {n}\n\n```python\ndef f(x):\n    return x * {n}\n```\n\n"
                ".footnote[Source : exemple]")
    if kind == 3:
        return (f"## Tableau {n}\n\n.pull-left[\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n]\n\n"
                f".pull-right[\n![Illustration {n}](../media/point.png)\n]")
    if n % 10 == 4:
        return f"## Trop plein {n}\n\n" + "\n".join(f"- point {i} de la diapositive {n}, assez long pour en remplir une ligne" for i in range(16))
    return f"class: middle\n\n## Texte {n}\n\n.reduite[Un paragraphe plus long pour remplir la diapositive numéro {n}, " \
           "avec quelques mots de plus.]"


def make_course(root: Path, count: int) -> None:
    content = root / "content"
    (content / "modules").mkdir(parents=True)
    (content / "media").mkdir()
    (content / "media" / "point.png").write_bytes(PNG)
    (content / "course.yml").write_text("title: Banc d'essai\n", encoding="utf-8")
    header = ("---\ntitle: Cent diapositives\nduration: 2h\nobjectives:\n  - Mesurer le diaporama\n---\n\n"
              "# Cent diapositives\n\nPremière diapositive.\n")
    body = "\n---\n".join(slide(n) for n in range(2, count + 1))
    (content / "modules" / "cent.md").write_text(header + "\n---\n" + body + "\n", encoding="utf-8")


def figures(values: list[float]) -> str:
    return f"median {statistics.median(values):7.1f} ms   min {min(values):7.1f}   max {max(values):7.1f}"


def run(count: int, runs: int, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="deck-bench-"))
    try:
        make_course(work / "course", count)
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert cli(["build", "--root", str(work / "course"), "--out", str(work / "site")]) == 0
        build_ms = (time.perf_counter() - started) * 1000
        deck = work / "site" / "modules" / "cent" / "diapos.html"
        url = deck.as_uri()
        sizes = {name: (REPO / "src" / "opendata_course" / "theme" / "static" / name).stat().st_size for name in ("deck.js", "deck.css")}
        print(f"deck: {count} slides, diapos.html {deck.stat().st_size / 1024:.0f} KiB, "
              f"deck.js {sizes['deck.js']} B + deck.css {sizes['deck.css']} B = {sum(sizes.values()) / 1024:.1f} KiB "
              f"(build {build_ms:.0f} ms)")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
            ready, script, dcl, load, nav, overview, presenter = [], [], [], [], [], [], []
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 720})
                page = context.new_page()
                page.goto(url)
                page.wait_for_selector("html[data-deck-ready]", state="attached")
                marks = page.evaluate("""() => {
                    const m = n => performance.getEntriesByName(n)[0].startTime;
                    const nav = performance.getEntriesByType('navigation')[0];
                    return [m('deck-ready'), m('deck-ready') - m('deck-start'), nav.domContentLoadedEventEnd, nav.loadEventEnd];
                }""")
                ready.append(marks[0])
                shrunk = page.evaluate("[...document.querySelectorAll('.slide-content')].filter(c => c.style.fontSize).length")
                script.append(marks[1])
                dcl.append(marks[2])
                page.wait_for_load_state("load")
                load.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
                # one step or slide further, style and layout included
                nav.append(page.evaluate("""() => new Promise(done => {
                    const t0 = performance.now();
                    for (let i = 0; i < 50; i++) deck.next();
                    requestAnimationFrame(() => done((performance.now() - t0) / 50));
                })"""))
                started = time.perf_counter()
                page.keyboard.press("o")
                page.wait_for_selector(".deck-overview[open]")
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
                overview.append((time.perf_counter() - started) * 1000)
                page.keyboard.press("Escape")
                page.wait_for_selector(".deck-overview", state="hidden")
                started = time.perf_counter()
                with page.expect_popup() as popup:
                    page.keyboard.press("p")
                popup.value.wait_for_selector("html[data-deck-ready]", state="attached")
                presenter.append((time.perf_counter() - started) * 1000)
                context.close()
            print(f"time to interactive (navigation start -> deck:ready), {runs} runs; {shrunk} slides set smaller to fit:")
            print(f"  deck ready           {figures(ready)}")
            print(f"  of which deck.js     {figures(script)}")
            print(f"  DOMContentLoaded     {figures(dcl)}")
            print(f"  load                 {figures([v for v in load if v])}")
            print(f"  next step/slide      {figures(nav)}  (average of 50, per key)")
            print(f"  overview, 1st open   {figures(overview)}  ({count} thumbnails)")
            print(f"  presenter window     {figures(presenter)}  (key p -> ready)")
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector("html[data-deck-ready]", state="attached")
            started = time.perf_counter()
            pdf = work / "deck.pdf"
            page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
            pdf_ms = (time.perf_counter() - started) * 1000
            pages = "?"
            if shutil.which("pdfinfo"):
                info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
                pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
            print(f"  print to PDF         {pdf_ms:7.1f} ms, {pages} pages")
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slides", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    options = parser.parse_args()
    run(options.slides, options.runs, options.chromium)
