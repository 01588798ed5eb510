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
