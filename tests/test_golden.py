"""Golden HTML: the fixture course must render byte for byte as reviewed.

`make golden` (UPDATE_GOLDEN=1) rewrites tests/golden/ from the current
renderer; the diff is then reviewed like any other change.
"""

import os
import shutil

from conftest import FIXTURE_COURSE, TESTS

GOLDEN = TESTS / "golden"


def built_pages(run, out):
    status, _, err = run("build", "--root", FIXTURE_COURSE, "--out", out)
    assert status == 0, err
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.html"))}


def test_fixture_course_matches_golden_html(run, tmp_path):
    pages = built_pages(run, tmp_path / "site")
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in pages.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in sorted(GOLDEN.rglob("*.html"))}
    assert sorted(pages) == sorted(golden)
    for name, data in pages.items():
        assert data.decode() == golden[name].decode(), f"{name} differs from tests/golden/{name} (make golden to update)"


def test_same_input_gives_same_bytes(run, tmp_path):
    first = built_pages(run, tmp_path / "a")
    second = built_pages(run, tmp_path / "b")
    assert first == second


def test_every_link_and_image_is_relative_and_resolves(run, tmp_path):
    import re

    out = tmp_path / "site"
    pages = built_pages(run, out)
    for name in pages:
        html = (out / name).read_text(encoding="utf-8")
        assert "@@ROOT@@" not in html
        for url in re.findall(r'(?:href|src)="([^"#]*)(?:#[^"]*)?"', html):
            if not url or url.startswith(("http://", "https://", "mailto:")):
                continue
            assert not url.startswith("/"), f"{name}: absolute link {url}"
            target = url.split("?", 1)[0]  # a deck's ?presentateur is its own file
            assert (out / name).parent.joinpath(target).resolve().is_file(), f"{name}: broken link {url}"
