"""Search at scale: a synthetic course of N modules (bench/build.py's), built,
then its search page opened from file:// in Debian's Chromium (no network),
asked for a common word and for a rare one. Prints the index's size, how
much of it a query loaded, and the time from navigation to results shown.
It asserts nothing.

    .venv/bin/python bench/search.py                  # N = 200 and 1000
    .venv/bin/python bench/search.py --sizes 5000 --runs 3
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from build import make_course  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
QUERIES = ("donnée", "moissonnage qualité", "zorglub")


def measure(page, site: Path, query: str) -> tuple[float, float, int]:
    """Milliseconds to the results, kilobytes of the index loaded, what the page says."""
    page.goto(f"{(site / 'recherche' / 'index.html').as_uri()}?q={query}", wait_until="commit")
    page.wait_for_function("document.getElementById('resultats-statut').textContent !== ''", timeout=120_000)
    elapsed, said, sources = page.evaluate("""() => [performance.now(),
        document.getElementById('resultats-statut').textContent,
        Array.from(document.scripts).map(s => s.src).filter(s => s.includes('/recherche/'))]""")
    loaded = sum((site / "recherche" / source.split("/recherche/")[1]).stat().st_size for source in sources)
    return elapsed, loaded / 1024, said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, headless=True, args=ARGS)
        for count in args.sizes:
            with tempfile.TemporaryDirectory() as folder:
                root = Path(folder)
                make_course(root, count)
                subprocess.run([sys.executable, "-m", "opendata_course", "build", "--root", str(root)], check=True,
                               capture_output=True)
                site = root / "_site"
                index = [p for p in (site / "recherche").rglob("*.js")]
                print(f"N = {count}: index {sum(p.stat().st_size for p in index) / 2**20:.1f} MiB in {len(index)} files")
                for query in QUERIES:
                    times, loaded, said = [], 0.0, ""
                    for _ in range(args.runs):
                        context = browser.new_context()
                        context.route("http*://**", lambda route: route.abort())
                        page = context.new_page()
                        elapsed, loaded, said = measure(page, site, query)
                        times.append(elapsed)
                        context.close()
                    print(f"  {query!r:24} {statistics.median(times):7.0f} ms   {loaded:8.0f} KiB loaded   {said}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
