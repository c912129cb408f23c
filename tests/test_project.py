"""Project-level checks: packaging, environment.yml in step with pyproject, notebooks committed clean,
every shipped data file under test, the README's commands are the ones CI and make run."""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "liulin_data"


def _requirement_name(req: str) -> str:
    return re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0].strip().lower().replace("_", "-")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    deps = env["dependencies"]
    assert "python=3.11" in deps
    # ends with pip: [-e .]
    assert deps[-1] == {"pip": ["-e ."]}, "environment.yml must end with `pip: [-e .]`"
    conda = {_requirement_name(d): d for d in deps if isinstance(d, str)}
    pip_only = {"manimgx-fonts-cjk"}  # on PyPI only; `-e .` installs it
    for req in _pyproject()["project"]["dependencies"]:
        name = _requirement_name(req)
        if name in pip_only:
            assert name not in conda
            continue
        assert name in conda, f"{name} is in pyproject.toml but not in environment.yml"
        assert conda[name].replace(" ", "") == req.replace(" ", ""), (
            f"version bounds differ: pyproject {req!r} vs environment.yml {conda[name]!r}"
        )
    # a package of an extra may be listed too (distributed: the scale-out tests), with the same bounds
    extras = {
        _requirement_name(r): r
        for reqs in _pyproject()["project"]["optional-dependencies"].values()
        for r in reqs
    }
    for name in sorted(set(conda) & set(extras)):
        assert conda[name].replace(" ", "") == extras[name].replace(" ", ""), (
            f"version bounds differ: pyproject {extras[name]!r} vs environment.yml {conda[name]!r}"
        )
    assert "distributed" in conda, "the scale-out tests need distributed in the conda environment too"
    extra = (
        set(conda)
        - {_requirement_name(r) for r in _pyproject()["project"]["dependencies"]}
        - set(extras)
        - {"python", "pip"}
    )
    assert not extra, f"environment.yml has packages pyproject.toml does not: {sorted(extra)}"


def test_user_named_packages_are_dependencies():
    names = {_requirement_name(r) for r in _pyproject()["project"]["dependencies"]}
    for pkg in ["jupyterlab", "pandas", "matplotlib", "ipywidgets", "papermill"]:
        assert pkg in names


def test_every_data_file_is_package_data_and_tested():
    globs = _pyproject()["tool"]["setuptools"]["package-data"]["*"]
    test_text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    files = [
        p
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".py" and p.name != "py.typed"
    ]
    assert files, "no data files shipped"
    for path in files:
        rel = path.relative_to(ROOT / "liulin_data").as_posix()
        assert any(fnmatch.fnmatch(path.name, g) for g in globs), f"{rel} is not declared as package data"
        if "templates" in path.parts:
            continue  # nbconvert template files: exercised by every rendered briefing
        assert path.name in test_text, f"no test mentions the shipped data file {path.name}"


def test_notebooks_committed_clean():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert {p.stem for p in notebooks} >= {"00_overview", "10_energy", "20_agriculture", "30_consumption"}
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert nb["metadata"]["kernelspec"]["name"] == "python3", path.name
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [] and cell.get("execution_count") is None, (
                    f"{path.name}: commit notebooks with outputs cleared"
                )
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path.name}: exactly one cell tagged 'parameters'"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make briefing" in readme
    assert re.search(r"^make test$", ci, re.M), ".ci/run must call the README's test command"


def test_import_is_light():
    code = "import sys, liulin_data; print(','.join(m for m in ('pandas','matplotlib','papermill','nbconvert') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"`import liulin_data` imported heavy modules: {out}"


def test_console_script_help():
    out = subprocess.run(
        [sys.executable, "-m", "liulin_data.apps.cli", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    for command in [
        "targets",
        "progress",
        "check",
        "template",
        "brief",
        "fonts",
        "plans",
        "plan",
        "scorecard",
    ]:
        assert command in out.stdout
    plan = subprocess.run(
        [sys.executable, "-m", "liulin_data.apps.cli", "plan", "--help"], capture_output=True, text=True
    )
    assert all(sub in plan.stdout for sub in ("export", "check", "new")), plan.stdout
