from pathlib import Path

import pytest

from opendata_course.cli import main

TESTS = Path(__file__).parent
REPO = TESTS.parent
FIXTURE_COURSE = TESTS / "fixtures" / "course"


@pytest.fixture
def run(capsys, monkeypatch):
    """Run the CLI in a folder; return (status, stdout, stderr)."""

    def runner(*argv, cwd: Path | None = None):
        if cwd is not None:
            monkeypatch.chdir(cwd)
        status = main(list(map(str, argv)))
        out, err = capsys.readouterr()
        return status, out, err

    return runner
