"""One tiny project per kind of content error: `check` must print exactly
the expected `path:line: message` lines and exit 1 (0 for warnings only)."""

import os
from pathlib import Path

import pytest

from conftest import TESTS

CASES = sorted(p for p in (TESTS / "fixtures" / "errors").iterdir() if p.is_dir())


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("content/")]


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_check_reports_each_problem_on_its_line(case: Path, run):
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    status, out, err = run("check", cwd=case)
    assert problem_lines(err) == expected
    assert "Traceback" not in err
    only_warnings = all(": attention : " in line for line in expected)
    assert status == (0 if only_warnings else 1)


def test_strict_turns_warnings_into_errors(run):
    status, _, err = run("check", "--strict", cwd=TESTS / "fixtures" / "errors" / "day-too-late")
    assert status == 1
    assert "content/parcours/p.yml:3: attention : la journée 1 finit à 18:00, après 17:30" in err


def test_github_annotations(run):
    status, out, _ = run("check", "--format", "github", cwd=TESTS / "fixtures" / "errors" / "bad-duration")
    assert status == 1
    assert out.splitlines() == [
        "::error file=content/modules/m.md,line=3::durée invalide « 1h75 » : écrivez par exemple 30min, 45min, 1h ou 1h30"
    ]


def test_build_with_errors_leaves_the_previous_site(run, tmp_path):
    out = tmp_path / "site"
    assert run("build", "--root", TESTS / "fixtures" / "course", "--out", out)[0] == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    status, _, err = run("build", "--out", out, cwd=TESTS / "fixtures" / "errors" / "bad-duration")
    assert status == 1
    assert "le site précédent n'a pas été modifié" in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_an_unreadable_shared_file_is_one_error_from_the_cache_too(run, tmp_path):
    """What references.yml gave (nothing, and that it could not be read) is
    kept in the cache: the next check still says it once, on its line."""
    import shutil

    project = tmp_path / "p"
    shutil.copytree(TESTS / "fixtures" / "errors" / "references-unreadable" / "content", project / "content")
    expected = (TESTS / "fixtures" / "errors" / "references-unreadable" / "expected.txt").read_text(encoding="utf-8").splitlines()
    for _ in range(2):
        status, _, err = run("check", cwd=project)
        assert (status, problem_lines(err)) == (1, expected)
    assert any(name.startswith("shared-") for name in os.listdir(project / ".cache" / "opendata-course" / "modules"))
    # Fixed, every citation resolves: no error is left over from the cache.
    references = project / "content" / "references.yml"
    references.write_text(references.read_text(encoding="utf-8").replace("kind: loi: numérique", "kind: loi"), encoding="utf-8")
    assert run("check", cwd=project)[0] == 0
