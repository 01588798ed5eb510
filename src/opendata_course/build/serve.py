"""Live preview: build, serve on 127.0.0.1, rebuild on change.

A failed rebuild keeps the last good site in place and writes its errors
to preview-errors.js, which static/preview.js (only in pages built here)
shows over the page; the next good build removes it.

livereload serves the site and reloads the browser, but we watch the
inputs ourselves: its watcher looks every 0.8 s, finds at most one changed
file per watched folder at each look and rebuilds for each (a burst of
saves gives several rebuilds), then drops any reload that comes less than
2.7 s after the previous one (the page stays on an old build).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import PeriodicCallback

from .cache import WATCHED, Cache
from .pipeline import Options, make_site, write
from ..problems import report
from .write import check_output

ERRORS_SCRIPT = "preview-errors.js"
POLL = 0.05  # seconds between two looks at the inputs
QUIET = 4  # a burst of saves is over after this many looks with no change (0.2 s)


def errors_script(lines: list[str]) -> str:
    return f"window.__previewErrors = {json.dumps(lines, ensure_ascii=False)};\n"


def rebuild(root: Path, out: Path, cache: Cache | None = None) -> bool:
    """Build the preview; `cache`, kept from one rebuild to the next, holds
    the modules already read. Pages whose key did not change are taken from
    the site being served."""
    start = time.perf_counter()
    cache = cache or Cache(Path(root).resolve() / ".cache" / "opendata-course")
    manifest = cache.manifest(out)
    result = make_site(root, Options(preview=True), cache, out, manifest)
    report(result.errors, result.warnings)
    if result.errors:
        heading = f"Reconstruction impossible : {len(result.errors)} erreur(s). Le site affiché est le dernier valide."
        if out.is_dir():
            (out / ERRORS_SCRIPT).write_text(errors_script([heading, *(e.format(root) for e in result.errors)]), encoding="utf-8")
        print(heading, file=sys.stderr)
        return False
    write(result, out, cache, manifest, inputs=None)
    seconds = f"{time.perf_counter() - start:.2f}".replace(".", ",")
    print(f"Site reconstruit en {seconds} s ({len(result.files)} fichiers, {result.modules.misses} module(s) recalculé(s)).", file=sys.stderr)
    return True


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every input file (editors' hidden,
    lock and backup files left out)."""
    state = {}
    for folder in WATCHED:
        for path, _, names in os.walk(root / folder):
            for name in names:
                if not name.startswith((".", "#")) and not name.endswith("~"):
                    try:
                        stat = os.stat(os.path.join(path, name))
                    except OSError:  # deleted meanwhile: the next look sees it gone
                        continue
                    state[os.path.join(path, name)] = (stat.st_size, stat.st_mtime_ns)
    return state


class Rebuilder(Watcher):
    """livereload's watcher, replaced: rebuilds once per burst of saves,
    then reloads the browsers.

    It runs on livereload's event loop, which serves nothing while a build
    runs: no page is ever read half-written. The snapshot is taken before
    the build, so saves made during it give exactly one more build after it.
    """

    def __init__(self, root: Path, out: Path) -> None:
        super().__init__()
        self.watch(str(root))  # else livereload adds the current folder (never polled: see start)
        self.root, self.out = root, out
        self.cache = Cache(root / ".cache" / "opendata-course")
        self.built = self.seen = snapshot(root)
        self.quiet = 0

    def start(self, callback) -> bool:
        PeriodicCallback(self.tick, POLL * 1000).start()
        return True  # livereload's own polling stays off

    def tick(self) -> None:
        current = snapshot(self.root)
        if current != self.seen:  # still changing: wait for the burst to end
            self.seen, self.quiet = current, 0
            return
        self.quiet += 1
        if current != self.built and self.quiet >= QUIET:
            self.built = current
            rebuild(self.root, self.out, self.cache)
            LiveReloadHandler.reload_waiters("*")  # good or failed, show it; "*": the whole page


def serve(root: Path, out: Path, port: int) -> int:
    check_output(out, root)
    watcher = Rebuilder(root, out)
    if not rebuild(root, out, watcher.cache):
        return 1
    print(f"Aperçu sur http://127.0.0.1:{port}/ (Ctrl+C pour arrêter)", file=sys.stderr)
    Server(watcher=watcher).serve(root=str(out), host="127.0.0.1", port=port, open_url_delay=None)
    return 0
