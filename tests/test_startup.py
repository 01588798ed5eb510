"""A command loads only what it uses: a build with nothing to do, or an
error of the command line, does not import WeasyPrint (half a second),
Markdown or Jinja2."""

import subprocess
import sys

from conftest import FIXTURE_COURSE

PROBE = """
import sys
from opendata_course.cli import main
main(sys.argv[1:])
heavy = sorted(name for name in ("weasyprint", "markdown", "jinja2", "pygments") if name in sys.modules)
print("HEAVY", " ".join(heavy))
"""


def test_a_build_with_nothing_to_do_imports_nothing_heavy(tmp_path):
    out = tmp_path / "site"
    command = [sys.executable, "-c", PROBE, "build", "--root", str(FIXTURE_COURSE), "--out", str(out)]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "HEAVY" in first.stdout and "weasyprint" not in first.stdout  # a real build, with no PDF asked
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "aucune source n'a changé" in again.stderr
    assert again.stdout.strip().endswith("HEAVY")


def test_the_command_ends_with_its_status_and_all_it_printed(tmp_path):
    """`python -m opendata_course` (cli.run) leaves without tearing down its
    objects: whatever it printed still reaches a pipe, and its status is
    main()'s, for a build that succeeds and for content that has errors."""
    import shutil

    out = tmp_path / "site"
    good = subprocess.run([sys.executable, "-m", "opendata_course", "build", "--root", str(FIXTURE_COURSE), "--out", str(out)],
                          capture_output=True, text=True)
    assert good.returncode == 0 and "Site construit" in good.stderr, good.stderr
    assert (out / "index.html").is_file()
    broken = tmp_path / "casse"
    shutil.copytree(FIXTURE_COURSE, broken)
    module = broken / "content" / "modules" / "licences.md"
    module.write_text(module.read_text(encoding="utf-8").replace("duration:", "durée:"), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "opendata_course", "check", "--root", str(broken)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert "licences.md:" in bad.stderr and bad.stderr.rstrip().endswith(".")
    usage = subprocess.run([sys.executable, "-m", "opendata_course", "inconnue"], capture_output=True, text=True)
    assert usage.returncode == 2


def test_only_build_and_check_without_pdf_turn_the_garbage_collector_off():
    """cli.run(): the cyclic collector is off where a build reads thousands
    of cached summaries and ends; on for PDF work (WeasyPrint leaves cycles
    by the page) and for every other command."""
    probe = ("import gc, sys\nimport opendata_course.cli as cli\n"
             "cli.main = lambda arguments: print('GC', gc.isenabled(), flush=True) or 0\n"
             "sys.argv = ['opendata-course', *sys.argv[1:]]\ncli.run()\n")
    said = {}
    for command in (["build"], ["check", "--strict"], ["build", "--pdf"], ["build", "--pd"], ["pdf", "x"], ["bundle"], ["init", "x"]):
        done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        said[" ".join(command)] = done.stdout.strip()
    assert said == {"build": "GC False", "check --strict": "GC False", "build --pdf": "GC True", "build --pd": "GC True",
                    "pdf x": "GC True", "bundle": "GC True", "init x": "GC True"}
