"""Live preview: build, serve on 127.0.0.1, rebuild on change, reload the page.

The standard library serves the site; static/preview.js (only in pages
built here) asks `/__reload?since=N`, which answers as soon as build N+1
is on disk, and reloads the page (a deck stays on its slide: it is in the
address). A failed rebuild keeps the last good site in place and writes its
errors to preview-errors.js, which preview.js shows over the page; the next
good build removes it.

The inputs are polled every 50 ms: one rebuild per burst of saves (quiet for
0.2 s), and saves made during a build give exactly one more build after it.
Only this machine may ask: the Host header must name 127.0.0.1 or localhost
(a page of another site that rebinds its name to 127.0.0.1 gets nothing).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..load.reader import editors_file
from ..problems import report
from .cache import WATCHED, Cache
from .pipeline import Options, make_site, write
from .write import check_output, output_lock

ERRORS_SCRIPT = "preview-errors.js"
POLL = 0.05  # seconds between two looks at the inputs
QUIET = 4  # a burst of saves is over after this many looks with no change (0.2 s)
WAIT = 25  # seconds a /__reload request waits before answering "no change"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def errors_script(lines: list[str]) -> str:
    return f"window.__previewErrors = {json.dumps(lines, ensure_ascii=False)};\n"


def rebuild(root: Path, out: Path, cache: Cache | None = None) -> bool:
    """Build the preview; `cache`, kept from one rebuild to the next, holds
    the modules already read. Pages whose key did not change are taken from
    the site being served."""
    start = time.perf_counter()
    cache = cache or Cache.of_project(root)
    with output_lock(out):  # a `build` run meanwhile writes the same site: one after the other
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
                if not editors_file(name):
                    try:
                        stat = os.stat(os.path.join(path, name))
                    except OSError:  # deleted meanwhile: the next look sees it gone
                        continue
                    state[os.path.join(path, name)] = (stat.st_size, stat.st_mtime_ns)
    return state


class Builds:
    """The number of the last build on disk, that /__reload waits on."""

    def __init__(self) -> None:
        self.number = 0
        self.changed = threading.Condition()

    def done(self) -> None:
        with self.changed:
            self.number += 1
            self.changed.notify_all()

    def after(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.number != seen, timeout)
            return self.number


class Rebuilder:
    """Rebuilds once per burst of saves, then tells the pages to reload."""

    def __init__(self, root: Path, out: Path, builds: Builds | None = None) -> None:
        self.root, self.out = root, out
        self.builds = builds or Builds()
        self.cache = Cache.of_project(root)
        self.built = self.seen = snapshot(root)
        self.quiet = 0

    def tick(self) -> None:
        current = snapshot(self.root)
        if current != self.seen:  # still changing: wait for the burst to end
            self.seen, self.quiet = current, 0
            return
        self.quiet += 1
        if current != self.built and self.quiet >= QUIET:
            self.built = current
            rebuild(self.root, self.out, self.cache)
            self.builds.done()  # good or failed, show it

    def run(self, stop: threading.Event) -> None:
        while not stop.wait(POLL):
            try:
                self.tick()
            except Exception as exc:  # a fault of ours must not end the preview: said, and the next save rebuilds
                heading = (f"Reconstruction interrompue par une erreur interne ({type(exc).__name__} : {exc}). "
                           "Le site affiché est le dernier valide ; enregistrez de nouveau pour réessayer.")
                print(heading, file=sys.stderr)
                if self.out.is_dir():
                    (self.out / ERRORS_SCRIPT).write_text(errors_script([heading]), encoding="utf-8")
                self.builds.done()


class PreviewHandler(SimpleHTTPRequestHandler):
    """The site's files, and /__reload; nothing for another host's pages."""

    builds: Builds
    port: int
    connected = False

    def do_GET(self) -> None:
        if not self.local():
            return
        url = urlsplit(self.path)
        if url.path == "/__reload":
            self.reload(url.query)
        else:
            super().do_GET()

    def do_HEAD(self) -> None:
        if self.local():
            super().do_HEAD()

    def local(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in {f"{name}:{self.port}" for name in LOCAL_HOSTS}:
            self.send_error(HTTPStatus.FORBIDDEN, "Aperçu réservé à cette machine (127.0.0.1)")
            return False
        return True

    def reload(self, query: str) -> None:
        if not PreviewHandler.connected:
            PreviewHandler.connected = True
            print("Navigateur connecté : la page se recharge à chaque reconstruction.", file=sys.stderr)
        try:
            seen = int(parse_qs(query).get("since", ["-1"])[0])
        except ValueError:
            seen = -1
        body = str(self.builds.after(seen, WAIT)).encode()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_head(self):
        try:
            return super().send_head()
        except ValueError:  # a NUL byte or another impossible path
            self.send_error(HTTPStatus.BAD_REQUEST, "Chemin invalide")
            return None

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # always the last build
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # the terminal is for the build
        pass


def serve(root: Path, out: Path, port: int) -> int:
    check_output(out, root)
    rebuilder = Rebuilder(root, out)
    if not rebuild(root, out, rebuilder.cache):
        return 1
    handler = type("Handler", (PreviewHandler,), {"builds": rebuilder.builds, "port": port})
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(out)))
    except OSError as exc:
        print(f"Port {port} indisponible : {exc.strerror} (choisissez-en un autre avec --port)", file=sys.stderr)
        return 1
    server.daemon_threads = True
    stop = threading.Event()
    watcher = threading.Thread(target=rebuilder.run, args=(stop,), daemon=True)
    watcher.start()
    print(f"Aperçu sur http://127.0.0.1:{port}/ (Ctrl+C pour arrêter)", file=sys.stderr)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
    return 0
