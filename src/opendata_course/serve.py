"""Live preview: build, serve on 127.0.0.1, rebuild on change.

A failed rebuild keeps the last good site in place and writes its errors
to preview-errors.js, which static/preview.js (only in pages built here)
shows over the page; the next good build removes it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .cli import collect, report
from .incremental import Cache, ModuleStore
from .write import check_output, write_site

ERRORS_SCRIPT = "preview-errors.js"


def errors_script(lines: list[str]) -> str:
    return f"window.__previewErrors = {json.dumps(lines, ensure_ascii=False)};\n"


def rebuild(root: Path, out: Path) -> bool:
    cache = Cache(root / ".cache" / "opendata-course")
    store = ModuleStore(cache)
    course, errors, warnings, files = collect(root, strict=False, preview=True, store=store)
    report(errors, warnings)
    if errors:
        heading = f"Reconstruction impossible : {len(errors)} erreur(s). Le site affiché est le dernier valide."
        if out.is_dir():
            (out / ERRORS_SCRIPT).write_text(errors_script([heading, *(e.format(root) for e in errors)]), encoding="utf-8")
        print(heading, file=sys.stderr)
        return False
    # No "inputs" in this manifest: pages built here load preview.js, so the
    # next `build` must not take them for its own.
    cache.save_manifest(out, {"files": write_site(files, out, cache.manifest(out).get("files"))})
    print(f"Site reconstruit ({len(files)} fichiers, {store.misses} module(s) recalculé(s)).", file=sys.stderr)
    return True


def serve(root: Path, out: Path, port: int) -> int:
    from livereload import Server

    check_output(out, root)
    if not rebuild(root, out):
        return 1
    server = Server()
    for folder in ("content", "templates", "static"):
        if (root / folder).exists():
            server.watch(str(root / folder), lambda: rebuild(root, out), delay=0.3)
    print(f"Aperçu sur http://127.0.0.1:{port}/ (Ctrl+C pour arrêter)", file=sys.stderr)
    server.serve(root=str(out), host="127.0.0.1", port=port, open_url_delay=None)
    return 0
