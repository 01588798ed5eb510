"""Live preview: build, serve on 127.0.0.1, rebuild on change.

A failed rebuild prints its errors and keeps serving the last good site
(showing them in the browser is the live-preview issue's work).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .cli import collect, report
from .write import check_output, write_site


def rebuild(root: Path, out: Path) -> bool:
    course, errors, warnings, files = collect(root, strict=False)
    report(errors, warnings)
    if errors:
        print(f"Reconstruction impossible ({len(errors)} erreur(s)) : le dernier site valide reste servi.", file=sys.stderr)
        return False
    write_site(files, out)
    print(f"Site reconstruit ({len(files)} fichiers).", file=sys.stderr)
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
