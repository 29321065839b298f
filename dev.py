#!/usr/bin/env python3
"""Set up and run itcriteria with nothing but Python 3.11+ (standard library only).

    python3 dev.py demo [--lang en]   set up .venv, then score and rank Bình Thuận 2019 example units
    python3 dev.py test [PYTEST ARGS] set up .venv with the test tools, then run the whole test suite
    python3 dev.py lint               ruff (lint and format) and mypy --strict, as CI runs them

Setup makes ``.venv`` beside this file, installs the core (editable) and every plugin under
``plugins/``, plus the ``test`` dependency group of pyproject.toml for ``test``; it is skipped when
nothing it depends on has changed since the last run.
"""

from __future__ import annotations

import sys

if sys.version_info < (3, 11):
    sys.exit(f"itcriteria needs Python 3.11 or newer; this is {sys.version.split()[0]}")

import hashlib
import os
import subprocess
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


#: The main job: the example round of Bình Thuận 2019 (plugins/binhthuan).
DEMO = ["--regime", "binhthuan-2019", "--forms", "plugins/binhthuan/examples/binhthuan-2019-forms.json"]


def group_requirements(name: str) -> list[str]:
    """The requirements of a PEP 735 dependency group, with included groups expanded."""
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8")).get("dependency-groups", {})
    result: list[str] = []
    for item in groups[name]:
        if isinstance(item, dict):
            result.extend(group_requirements(item["include-group"]))
        else:
            result.append(item)
    return result


def plugin_dirs() -> list[Path]:
    return sorted(p.parent for p in (ROOT / "plugins").glob("*/pyproject.toml"))


def setup(group: str | None) -> None:
    inputs = [ROOT / "pyproject.toml", *(d / "pyproject.toml" for d in plugin_dirs())]
    digest = hashlib.sha256(
        b"".join(p.read_bytes() for p in inputs) + f"{group}{sys.version}".encode()
    ).hexdigest()
    stamp = VENV / f".itcriteria-setup-{group or 'run'}"
    if stamp.exists() and stamp.read_text() == digest and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("setting up .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    packages = ["-e", str(ROOT)]
    for plugin in plugin_dirs():
        packages += ["-e", str(plugin)]
    if group:
        packages += group_requirements(group)
    subprocess.run([*pip, *packages], check=True)
    stamp.write_text(digest)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "lint"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "demo":
        setup(None)
        return subprocess.call([str(PYTHON), "-m", "itcriteria", "demo", *DEMO, *rest], cwd=ROOT)
    if command == "lint":
        setup("lint")
        checks = [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy", "src"]]
        return max(subprocess.call([str(PYTHON), "-m", *check], cwd=ROOT) for check in checks)
    setup("test")
    return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
