"""The output is swapped in whole: `_site` is always a complete site, even
when a build is killed; killed builds leave nothing behind; two builds at
once take turns; the spare folder a build lays out in is never written
through into the site being served."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time

import pytest

from conftest import make_project
from opendata_course.build.write import MARKER, linked_copy, output_lock, replace_site, spare_folder, write_site
from opendata_course.model import OutputFile
from test_incremental import EDITS, assert_same_as_clean, replace, tree


def test_successive_builds_lay_out_in_the_spare_folder_and_equal_clean_ones(run, tmp_path):
    project = make_project(tmp_path)
    module = project / "content" / "modules" / "licences.md"
    clean = tmp_path / "propre"
    for number in range(4):
        replace(module, "# Les licences", f"# Les licences\n\nVersion {number}.")
        before = tree(project / "_site") if (project / "_site").is_dir() else None
        spare_before = tree(spare_folder(project / "_site")) if spare_folder(project / "_site").is_dir() else None
        assert run("build", "--root", project)[0] == 0
        assert run("build", "--root", project, "--out", clean, "--clean", "--force")[0] == 0
        assert tree(project / "_site") == tree(clean)
        if before is not None:  # the site replaced is kept, untouched, as the spare
            assert tree(spare_folder(project / "_site")) == before
        if number == 1:  # the first build left a copy of itself (hard links) as the spare
            assert spare_before == before
        elif spare_before is not None:  # then, the spare is the site before the last
            assert spare_before != before


def test_leftovers_of_killed_builds_are_removed(tmp_path):
    out = tmp_path / "_site"
    for name in ("._site.abc123", "._site.old-4242", "._site.aside-77"):
        (tmp_path / name / "modules").mkdir(parents=True)
        (tmp_path / name / "modules" / "x.html").write_text("x")
    write_site([OutputFile("index.html", b"<p>un</p>")], out)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["._site.lock", "_site"]
    write_site([OutputFile("index.html", b"<p>deux</p>")], out, spare={})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["._site.lock", "._site.spare", "_site"]
    assert (out / "index.html").read_bytes() == b"<p>deux</p>"
    assert (spare_folder(out) / "index.html").read_bytes() == b"<p>un</p>"


def test_a_changed_file_is_never_written_through_a_hard_link(tmp_path):
    out = tmp_path / "_site"
    first = write_site([OutputFile("a.html", b"A1"), OutputFile("b.html", b"B")], out)
    second = write_site([OutputFile("a.html", b"A1"), OutputFile("b.html", b"B2")], out, first, None)
    # a.html of the second site is a hard link to the first's; now the third changes it
    write_site([OutputFile("a.html", b"A3"), OutputFile("b.html", b"B2")], out, second, first)
    assert (out / "a.html").read_bytes() == b"A3"
    assert (spare_folder(out) / "a.html").read_bytes() == b"A1"
    assert (spare_folder(out) / "b.html").read_bytes() == b"B2"


def test_a_first_build_leaves_a_spare_of_hard_links_that_the_next_one_lays_out_in(tmp_path):
    """After a first (or clean) build, the spare folder is the new site in
    hard links: the next build, one edit, rewrites only what changed."""
    out = tmp_path / "_site"
    files = [OutputFile("index.html", b"accueil"), *(OutputFile(f"modules/m{i}/index.html", b"m%d" % i) for i in range(5))]
    with output_lock(out):
        digests, spare = replace_site(files, out)
        assert spare is None  # no site replaced: nothing known in the spare folder
        assert linked_copy(files, out)
    for file in files:
        assert os.stat(spare_folder(out) / file.path).st_ino == os.stat(out / file.path).st_ino
    edited = [*files[:3], OutputFile("modules/m2/index.html", b"m2 bis"), *files[4:]]  # files[3]: m2
    kept = os.stat(spare_folder(out) / "modules" / "m4" / "index.html").st_ino
    with output_lock(out):
        second, spare = replace_site(edited, out, digests, digests)
    assert spare == digests  # the first site, now in the spare folder
    assert (out / "modules" / "m2" / "index.html").read_bytes() == b"m2 bis"
    assert os.stat(out / "modules" / "m4" / "index.html").st_ino == kept  # laid out in the spare: not written again
    assert (spare_folder(out) / "modules" / "m2" / "index.html").read_bytes() == b"m2"  # never written through


def test_a_clean_build_does_not_leave_the_old_site_as_spare(run, tmp_path):
    """The site replaced by a build without manifest has unknown digests:
    the spare is made again from the new site, not kept; the manifest says so."""
    from opendata_course.build.cache import Cache

    project = make_project(tmp_path)
    assert run("build", "--root", project)[0] == 0
    EDITS["module body"](project / "content")
    assert run("build", "--root", project, "--clean")[0] == 0
    manifest = Cache.of_project(project).manifest(project / "_site")
    assert manifest["spare"] == manifest["files"]
    assert tree(spare_folder(project / "_site")) == tree(project / "_site")


def test_no_spare_where_the_file_system_cannot_link(tmp_path, monkeypatch):
    """Without hard links the spare would be a second full copy: none is made."""
    out = tmp_path / "_site"
    files = [OutputFile("a.html", b"A"), OutputFile("m/b.html", b"B")]

    def refuse(*_):
        raise OSError(1, "pas de liens ici")

    monkeypatch.setattr(os, "link", refuse)
    with output_lock(out):
        replace_site(files, out)
        assert not linked_copy(files, out)
    assert not spare_folder(out).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["._site.lock", "_site"]


def test_a_build_killed_while_writing_leaves_a_manifest_that_reuses_nothing(run, tmp_path, monkeypatch):
    """The folders a build rewrites and swaps are of no known content until
    it records the new site: the manifest is emptied first."""
    from opendata_course.build import pipeline
    from opendata_course.build.cache import Cache

    project = make_project(tmp_path)
    assert run("build", "--root", project)[0] == 0
    EDITS["module body"](project / "content")

    def killed(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "replace_site", killed)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build(project, project / "_site")
    assert Cache.of_project(project).manifest(project / "_site") == {}
    monkeypatch.undo()
    assert_same_as_clean(run, project, tmp_path)


def test_two_builds_at_once_take_turns(run, tmp_path):
    project = make_project(tmp_path)
    results = []

    def build(out):
        from opendata_course.cli import main
        results.append(main(["build", "--root", str(project), "--clean"]))

    threads = [threading.Thread(target=build, args=(project / "_site",)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [0, 0]
    assert (project / "_site" / MARKER).is_file()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("._site")) in (
        ["._site.lock"], ["._site.lock", "._site.spare"])


def test_a_build_that_waited_for_another_starts_from_what_that_one_left(tmp_path):
    """A build started while another writes the same site (`serve` and
    `build` at once) waits before reading anything: the manifest it lays
    out from is the one the other left, and the text it builds is the text
    as it is then. It once read both first, then waited to write: here, it
    would have published version 3 over a text back at version 0, with
    digests of a site since replaced."""
    from opendata_course.build import pipeline
    from opendata_course.build.cache import Cache

    project = make_project(tmp_path).resolve()
    module, out = project / "content" / "modules" / "licences.md", project / "_site"
    original = module.read_text(encoding="utf-8")

    def version(number: int) -> None:
        module.write_text(original.replace("# Les licences", f"# Les licences\n\nVersion {number}."), encoding="utf-8")

    for number in (0, 1):
        version(number)
        assert not pipeline.build(project, out).errors
    results = []

    def stuck(*_):  # pipeline.write() taking the lock itself would wait for this test forever
        raise TimeoutError("pipeline.write() waits for the lock its caller holds")

    before = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(120)
    try:
        with output_lock(out):  # the build under way
            version(3)
            waiting = threading.Thread(target=lambda: results.append(pipeline.build(project, out)), daemon=True)
            waiting.start()
            time.sleep(0.5)
            cache = Cache.of_project(project)
            manifest = cache.manifest(out)
            under_way = pipeline.make_site(project, pipeline.Options(), cache, out, manifest)
            pipeline.write(under_way, out, cache, manifest, inputs=None)
            version(0)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    waiting.join(120)
    assert not waiting.is_alive()
    assert not results[0].errors and not results[0].up_to_date
    clean = tmp_path / "propre"
    assert not pipeline.build(project, clean, pipeline.Options(clean=True)).errors
    assert tree(out) == tree(clean)
    assert "Version 0." in (out / "modules" / "licences" / "index.html").read_text(encoding="utf-8")


def test_workers_forked_under_the_lock_do_not_keep_it_after_the_build_is_killed(tmp_path):
    """A build killed while its forked workers still run must not keep the
    next build waiting for them: the workers let go of the lock."""
    out = tmp_path / "_site"
    script = f"""
import multiprocessing, os, signal, time
from pathlib import Path
from opendata_course.build.write import output_lock
with output_lock(Path({str(out)!r})):
    pool = multiprocessing.get_context("fork").Pool(2)
    pool.map_async(time.sleep, [5, 5])
    time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGKILL)
"""
    # Not waiting for its output: the orphaned workers would hold the pipes open until they end.
    subprocess.run([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(tmp_path / "._site.lock", "a") as handle:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError while an orphaned worker holds it


def test_a_build_killed_at_any_moment_leaves_a_whole_site(tmp_path):
    """SIGKILL at random moments of builds that each rewrite the site: after
    every kill, `_site` is there and complete (its marker is written last in
    the staging folder, just before the swap)."""
    project = make_project(tmp_path)
    out = project / "_site"
    command = [sys.executable, "-m", "opendata_course", "build", "--root", str(project), "--clean", "--jobs", "1"]
    subprocess.run(command, check=True, capture_output=True)
    expected = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    rng = random.Random(7)
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    process.wait()
    whole = time.monotonic() - start
    for attempt in range(12):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.6, 1.0) * whole)  # mostly late in the build, where the swap is
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert (out / MARKER).is_file(), attempt
        assert {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} == expected, attempt
    subprocess.run(command, check=True, capture_output=True)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("._site")) == ["._site.lock", "._site.spare"]
