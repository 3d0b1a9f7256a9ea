"""Lectern installed as users install apps: a wheel in a fresh venv, run outside the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from bench.terminal import Terminal

ROOT = Path(__file__).resolve().parent.parent


def test_pyproject_lists_every_package() -> None:
    """The package list is explicit (seeds/ is mapped into it): a new folder must be added."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(folder.relative_to(ROOT).parts)
        for top in ("analysis", "tui")
        for folder in [ROOT / top, *(ROOT / top).rglob("*")]
        if folder.is_dir() and any(folder.glob("*.py"))
    }
    assert listed == found | {"tui.seeds"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the built wheel; its dependencies come from the test
    environment's site-packages, added after its own (a ``.pth`` file), so nothing is
    downloaded and the wheel's copy of Lectern is the one imported."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a copy: a build in the checkout leaves a build/ folder behind
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("analysis", "tui", "seeds"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run(
        [*build, "-w", str(tmp / "dist"), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp / "dist").glob("lectern-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    own = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(own, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(LECTERN_DB=str(tmp / "b.json"), LECTERN_CACHE_DIR=str(tmp / "cache"))
    return env


@pytest.mark.slow
def test_installed_wheel_analyzes_its_seeds_outside_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import tui; print(tui.__file__)"],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(installed))
    done = subprocess.run(
        [str(installed / "bin" / "lectern"), "analyze", "--json"],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (document,) = json.loads(done.stdout)
    assert document["path"].startswith(str(installed))
    assert Path(document["path"]).parent.name == "seeds"
    assert document["stats"]["sentences"] > 5


@pytest.mark.slow
def test_installed_dashboard_opens_its_seeds_outside_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    env = {"LECTERN_DB": str(tmp_path / "b.json"), "LECTERN_CACHE_DIR": str(tmp_path / "c")}
    with Terminal([str(installed / "bin" / "lectern")], env=env, cwd=tmp_path) as term:
        term.wait_for("UNITED STATES President", timeout=120)
        assert "does not exist" not in term.screen()
