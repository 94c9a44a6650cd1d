"""The type checker of `make lint`, enforced in CI: mypy --strict over the files [tool.mypy] lists."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None,
    reason="mypy is not installed; `pip install -e '.[test]'` brings it",
)
def test_strict_packages_type_check(repo_root: Path, tmp_path: Path):
    # The files and strictness come from pyproject.toml, so this and `make lint` agree.
    # A cache of its own: a stale or shared one must not hide an error.
    env = {**os.environ, "PYTHONPATH": str(repo_root)}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=repo_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert result.returncode == 0, result.stdout + result.stderr


IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[^\]]*\])?(?P<rest>.*)$")


def _strict_files(repo_root: Path) -> list[Path]:
    pyproject = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))
    config = pyproject["tool"]["mypy"]
    excluded = [re.compile(pattern) for pattern in config.get("exclude", [])]
    found: list[Path] = []
    for entry in config["files"]:
        path = repo_root / entry
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            relative = file.relative_to(repo_root).as_posix()
            if not any(pattern.search(relative) for pattern in excluded):
                found.append(file)
    return found


def test_type_ignores_name_a_code_and_a_reason(repo_root: Path):
    """In the strict files, a type-ignore silences one named error and says why on its line."""
    files = _strict_files(repo_root)
    assert any(f.name == "repository.py" for f in files)  # the list is really read
    bad = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            match = IGNORE.search(line)
            if match and not (match["codes"] and re.match(r"\s+#\s*\S", match["rest"])):
                bad.append(f"{file.relative_to(repo_root)}:{number}: {line.strip()}")
    assert not bad, "type-ignores without an error code and a reason:\n" + "\n".join(bad)
