"""The course shipped in content/ must pass `check --strict` and build."""

from conftest import REPO


def test_the_bundled_course_builds_cleanly(run, tmp_path):
    status, _, err = run("check", "--strict", "--root", REPO)
    assert status == 0, err
    status, _, err = run("build", "--root", REPO, "--out", tmp_path / "site")
    assert status == 0, err
    assert (tmp_path / "site" / "index.html").is_file()
    # No internal marker (@@ROOT@@, @@step:N@@) may reach a page.
    leaks = [p.name for p in (tmp_path / "site").rglob("*.html") if "@@" in p.read_text(encoding="utf-8")]
    assert leaks == []
    assert (tmp_path / "site" / "sessions" / "agglomeration-janvier-2027" / "programme.html").is_file()
