"""`opendata-course init DIR`: a new course project that checks and builds as
it is, from the wheel alone (no repository checkout)."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import REPO


def test_init_writes_a_project_that_passes_check_strict_and_builds(run, tmp_path):
    folder = tmp_path / "formation-de-la-ville"
    status, _, err = run("init", folder, "--title", 'Open data : "notre" formation', "--organisation", "Ville d'Exemple")
    assert status == 0, err
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert files == [".gitignore", "README.md", "content/course.yml", "content/glossaire.yml",
                     "content/modules/premier-module.md", "content/parcours/decouverte.yml", "content/references.yml"]
    course = yaml.safe_load((folder / "content" / "course.yml").read_text(encoding="utf-8"))
    assert course["title"] == 'Open data : "notre" formation' and course["organisation"] == "Ville d'Exemple"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert readme.startswith('# Open data : "notre" formation\n')
    for command in ("opendata-course serve", "opendata-course check", "opendata-course build", "opendata-course new module"):
        assert command in readme
    status, _, err = run("check", "--strict", "--root", folder)
    assert status == 0, err
    assert "1 modules, 1 parcours" in err
    status, _, err = run("build", "--root", folder, "--out", folder / "_site")
    assert status == 0, err
    home = (folder / "_site" / "index.html").read_text(encoding="utf-8")
    assert "Découverte" in home
    handout = (folder / "_site" / "modules" / "premier-module" / "index.html").read_text(encoding="utf-8")
    assert "Premier module" in handout and 'class="quiz"' in handout


def test_init_never_overwrites(run, tmp_path):
    folder = tmp_path / "projet"
    folder.mkdir()
    (folder / "notes.txt").write_text("à garder", encoding="utf-8")
    status, _, err = run("init", folder)
    assert status == 1
    assert "ce dossier existe et n'est pas vide" in err
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_init_title_defaults_to_the_folder_name(run, tmp_path):
    status, _, _ = run("init", tmp_path / "ma-formation_open-data")
    assert status == 0
    course = yaml.safe_load((tmp_path / "ma-formation_open-data" / "content" / "course.yml").read_text(encoding="utf-8"))
    assert course["title"] == "Ma formation open data"


@pytest.mark.parametrize("forge, path, example", [
    ("github", ".github/workflows/site.yml", "github-actions.yml"),
    ("gitlab", ".gitlab-ci.yml", "gitlab-ci.yml"),
])
def test_init_ci_is_the_documented_example(run, tmp_path, forge, path, example):
    status, _, _ = run("init", tmp_path / "p", "--ci", forge)
    assert status == 0
    assert (tmp_path / "p" / path).read_text(encoding="utf-8") == (REPO / "src" / "opendata_course" / "authoring" / "starter" / example).read_text(encoding="utf-8")


def test_wheel_alone_installs_inits_and_builds(tmp_path):
    """pip wheel, a clean venv (no system site-packages), pip install of the
    wheel with its dependencies, then init and build from another folder."""
    dist = tmp_path / "dist"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (wheel,) = dist.glob("opendata_course-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for part in ("opendata_course/theme/templates/base.html", "opendata_course/theme/static/site.css",
                 "opendata_course/authoring/starter/course.yml", "opendata_course/theme/pdf/handout.css"):
        assert part in names, part
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python, tool = venv / "bin" / "python", venv / "bin" / "opendata-course"
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    work = tmp_path / "ailleurs"
    work.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(python), "-c", "import opendata_course; print(opendata_course.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert Path(where.strip()).is_relative_to(venv)  # the wheel's copy, not the checkout
    for command in (["init", "cours", "--ci", "github"], ["check", "--strict", "--root", "cours"],
                    ["build", "--root", "cours", "--out", "cours/_site"]):
        done = subprocess.run([str(tool), *command], cwd=work, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stderr)
    site = work / "cours" / "_site"
    assert (site / "index.html").is_file() and (site / "static" / "site.css").is_file()
    assert (site / "modules" / "premier-module" / "diapos.html").is_file()
