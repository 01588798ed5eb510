"""The CI examples for a course repository (GitHub Actions, GitLab CI),
that `init --ci` writes and docs/ci.md links to. Their commands are run
here, as written, in a project made by `init`: a course that copies them
gets a pipeline that works."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

CI = REPO / "src" / "opendata_course" / "authoring" / "starter"
INSTALL = "pip install opendata-course"  # done already here: the package under test is installed


def github_commands() -> list[str]:
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]


def gitlab_commands(job: str) -> list[str]:
    pipeline = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))
    return [*pipeline["before_script"], *pipeline[job]["script"]]


def run_commands(commands: list[str], project: Path) -> list[str]:
    """Each command in a shell in `project`, with this environment's
    opendata-course first on the PATH; the outputs."""
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "GITHUB_ACTIONS": "true"}
    outputs = []
    for command in commands:
        if command == INSTALL:
            continue
        assert shlex.split(command)[0] == "opendata-course", command
        done = subprocess.run(command, shell=True, cwd=project, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        outputs.append(done.stderr)
    return outputs


@pytest.fixture
def project(run, tmp_path):
    assert run("init", tmp_path / "cours")[0] == 0
    return tmp_path / "cours"


def test_github_workflow_checks_builds_previews_and_publishes(project):
    commands = github_commands()
    assert commands == [INSTALL, "opendata-course check --strict --format github", "opendata-course build --strict --out _site"]
    run_commands(commands, project)
    assert (project / "_site" / "index.html").is_file()
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["site"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0  # dates from git need the whole history
    uploads = {step["uses"].split("@")[0]: step for step in steps if "uses" in step}
    assert uploads["actions/upload-artifact"]["with"]["path"] == "_site/"  # the pull request's preview
    assert "pull_request" in uploads["actions/upload-artifact"]["if"]
    assert uploads["actions/upload-pages-artifact"]["with"]["path"] == "_site/"
    assert workflow["jobs"]["publier"]["needs"] == "site"
    assert workflow["jobs"]["publier"]["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_check_format_github_annotates_the_line(project):
    module = project / "content" / "modules" / "premier-module.md"
    module.write_text(module.read_text(encoding="utf-8").replace("duration: 30min", "duration: bientôt"), encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    done = subprocess.run(["opendata-course", "check", "--strict", "--format", "github"], cwd=project,
                          env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}, capture_output=True, text=True)
    assert done.returncode == 1
    assert "::error file=content/modules/premier-module.md,line=4::durée invalide « bientôt »" in done.stdout + done.stderr


@pytest.mark.parametrize("job, out", [("verifier", None), ("apercu", "_site"), ("pages", "public")])
def test_gitlab_jobs_run(project, job, out):
    run_commands(gitlab_commands(job), project)
    if out:
        assert (project / out / "index.html").is_file()
    pipeline = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))
    assert pipeline["variables"]["GIT_DEPTH"] == 0
    if job == "apercu":
        assert pipeline[job]["artifacts"]["paths"] == ["_site/"] and pipeline[job]["artifacts"]["expose_as"]
    if job == "pages":
        assert pipeline[job]["artifacts"]["paths"] == ["public"]
