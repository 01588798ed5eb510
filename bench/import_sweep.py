"""Import sweep: every xaringan deck (.Rmd) under a folder, imported into a
fresh project, built, and compared with remark itself. For decks the
project may not ship (fetched from the field, kept outside the repository):
it prints a table and asserts nothing.

    make test            # installs remark-slide into .tools/remark/ once
    .venv/bin/python bench/import_sweep.py /path/to/decks [--browser]

Columns: remark's slides (shown, less the `--` continuations), ours, raw R
left on the deck's slides, slides `check` finds too tall for 1280×720 (the
fit estimate), slides given `reduite` by the import and, with --browser,
slides whose content overflows in Chromium at 1280×720.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_import_remark import remark_count  # noqa: E402  (what xaringan hands remark, and remark's count)

from opendata_course.cli import main as cli  # noqa: E402

RAW_R = re.compile(r"`r |\[R :|params\$")
OVERFLOW = """(slack) => [...document.querySelectorAll('main > .slide')].filter(s => {
    const c = s.querySelector('.slide-content'), style = getComputedStyle(s);
    c.style.fontSize = '';
    const room = s.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return c.offsetHeight / room > slack || c.scrollWidth > c.clientWidth + 1;
  }).length"""


def quiet(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli(list(args))
    return code, err.getvalue()


def sweep(decks: list[Path], browser) -> None:
    from opendata_course.markup.fit import SLACK

    print(f"{'deck':48} {'remark':>6} {'ours':>5} {'raw R':>6} {'tall':>5} {'reduite':>8} {'overflow':>9}")
    for deck in decks:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "projet"
            quiet("init", str(root))
            modules = root / "content" / "modules"
            before = set(modules.glob("*.md"))
            try:
                remark = remark_count(deck, Path(folder))
                expected = len(remark["slides"]) - remark["continued"]
            except Exception as exc:  # noqa: BLE001 - a deck remark cannot read is reported, not fatal
                expected = f"? ({type(exc).__name__})"
            code, said = quiet("import", str(deck), "--root", str(root))
            if code:
                print(f"{deck.name:48} import refused: {said.strip().splitlines()[-1] if said.strip() else code}")
                continue
            reduced = re.search(r"classe reduite\) : (\d+)", said)
            quiet("build", "--root", str(root))
            name = next(iter(set(modules.glob("*.md")) - before)).stem
            page = root / "_site" / "modules" / name / "diapos.html"
            if not page.is_file():
                print(f"{deck.name:48} {expected!s:>6}  build failed")
                continue
            sections = re.findall(r'<section class="slide[^"]*".*?</section>', page.read_text(encoding="utf-8"), re.DOTALL)
            raw = sum(1 for section in sections if RAW_R.search(section))
            _, checked = quiet("check", "--root", str(root))
            tall = checked.count("% de la hauteur")
            overflow = ""
            if browser is not None:
                tab = browser.new_page(viewport={"width": 1280, "height": 720})
                tab.goto(page.as_uri())
                tab.wait_for_selector("html[data-deck-ready]", state="attached")
                overflow = tab.evaluate(OVERFLOW, SLACK)
                tab.close()
            print(f"{deck.parent.name + '/' + deck.name:48} {expected!s:>6} {len(sections):>5} {raw:>6} {tall:>5} "
                  f"{reduced.group(1) if reduced else 0:>8} {overflow!s:>9}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--browser", action="store_true", help="count overflowing slides in Chromium too")
    args = parser.parse_args()
    decks = sorted(path for path in args.folder.rglob("*.Rmd") if "moon_reader" in path.read_text(errors="replace"))
    if not args.browser:
        sweep(decks, None)
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        sweep(decks, browser)
        browser.close()


if __name__ == "__main__":
    main()
