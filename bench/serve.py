"""Live preview speed: from saving a module to the reloaded page.

For each N it builds a synthetic course (make_course from bench/build.py),
starts `opendata-course serve` on it, opens a module's deck at slide 3 in
Chromium, then appends a line to that module several times, one at a time.
It prints the time from the write to the reloaded page showing the new line
(its DOMContentLoaded; median, min, max) and the median rebuild time the
server reports. It asserts nothing.

    .venv/bin/python bench/serve.py                 # N = 50 and 200
    .venv/bin/python bench/serve.py --sizes 50 200 1000 --runs 10
"""

from __future__ import annotations

import argparse
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from build import make_course  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
REBUILT = re.compile(r"Site reconstruit en (\d+,\d+) s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def wait_for(predicate, what: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.02)


def measure(browser, root: Path, runs: int) -> tuple[list[float], list[float]]:
    """(write to reloaded page, rebuild reported by the server) for each run, in seconds."""
    port = free_port()
    log = root / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen([sys.executable, "-m", "opendata_course", "serve", "--root", str(root), "--port", str(port)],
                                  stdout=output, stderr=subprocess.STDOUT, cwd=root)
    page = browser.new_page()
    try:
        text = lambda: log.read_text(encoding="utf-8")  # noqa: E731
        wait_for(lambda: answers(port) or server.poll() is not None, "the server")
        if server.poll() is not None:
            raise SystemExit(text())
        page.goto(f"http://127.0.0.1:{port}/modules/module-0003/diapos.html#3")
        target = root / "content" / "modules" / "module-0003.md"
        reloads, rebuilds = [], []
        for run in range(runs):
            # preview.js waits on /__reload: the next build reloads the page.
            page.wait_for_function("window.__previewBuild !== undefined", polling=10, timeout=60_000)
            page.evaluate("window.__stale = true")
            marker = f"Modification {run} du banc {time.time_ns()}"
            start = time.time()
            with target.open("a", encoding="utf-8") as file:
                file.write(f"\n{marker}.\n")
            page.wait_for_function("marker => !window.__stale && document.body.textContent.includes(marker)",
                                   arg=marker, polling=10, timeout=600_000)
            # When the new page was ready (DOMContentLoaded), on the same wall clock as `start`.
            shown = page.evaluate("performance.timeOrigin + performance.getEntriesByType('navigation')[0]"
                                  ".domContentLoadedEventEnd") / 1000
            reloads.append(shown - start)
            rebuilds.append(float(REBUILT.findall(text())[-1].replace(",", ".")))
        return reloads, rebuilds
    finally:
        page.close()
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--runs", type=int, default=5, help="saves measured for each N")
    args = parser.parse_args()
    print(f"{'N':>5} {'reload':>8} {'min':>8} {'max':>8} {'rebuild':>8}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        for count in args.sizes:
            with tempfile.TemporaryDirectory() as folder:
                root = Path(folder)
                make_course(root, count)
                reloads, rebuilds = measure(browser, root, args.runs)
                print(f"{count:>5} {statistics.median(reloads):>7.2f}s {min(reloads):>7.2f}s {max(reloads):>7.2f}s "
                      f"{statistics.median(rebuilds):>7.2f}s", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
