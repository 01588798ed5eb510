import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from opendata_course.cli import main

TESTS = Path(__file__).parent
REPO = TESTS.parent
FIXTURE_COURSE = TESTS / "fixtures" / "course"

# "Today" for every test, so that session dates never become past: the
# loader reads the day of the build from SOURCE_DATE_EPOCH (2026-11-22).
os.environ["SOURCE_DATE_EPOCH"] = "1795305600"

# The property tests draw the same examples at every run, so that CI never
# fails on a new draw (it once drew a slide saying "_part"); to look for new
# failures: HYPOTHESIS_PROFILE=explore make test.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def make_project(tmp_path: Path) -> Path:
    """A writable copy of the fixture course."""
    project = tmp_path / "projet"
    shutil.copytree(FIXTURE_COURSE, project)
    return project



@pytest.fixture(scope="module")
def rich_site(tmp_path_factory):
    """The rich project of tests/rich_course.py, built once per test file: its site."""
    from rich_course import make_rich_project

    project = make_rich_project(tmp_path_factory.mktemp("riche"))
    out = project / "_site"
    assert main(["build", "--root", str(project), "--out", str(out)]) == 0
    return out

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


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never Playwright's own download)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: run `make test`, which installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory):
    """The fixture course, built once for the browser tests."""
    out = tmp_path_factory.mktemp("site") / "site"
    assert main(["build", "--root", str(FIXTURE_COURSE), "--out", str(out)]) == 0
    return out


PDF_FILES = {"test_pdf.py", "test_kit.py", "test_bundle.py"}


def pytest_collection_modifyitems(items):
    """`browser`: the test drives Chromium; `pdf`: it lays out PDFs with
    WeasyPrint. `make test-fast` runs the others."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        if item.path.name in PDF_FILES or "pdf" in item.name.split("_"):
            item.add_marker(pytest.mark.pdf)
