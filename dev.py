#!/usr/bin/env python3
"""Set up and run itcriteria with nothing but Python 3.11+ (standard library only).

    python3 dev.py demo [--lang en]   set up .venv, then run the Bình Thuận 2019 example round
    python3 dev.py test [PYTEST ARGS] set up .venv with the test tools, then run the whole test suite
    python3 dev.py lint               ruff (lint and format) and mypy --strict, as CI runs them
    python3 dev.py plugins [NAME ...] install each plugin alone with the core and run its own tests

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
PYTHON = VENV / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")


#: The main job: the example round of Bình Thuận 2019 (plugins/binhthuan): late and missing forms,
#: the council's adjustments, a group scored but not ranked, ranks, classes and gaps.
DEMO = ["round", "plugins/binhthuan/examples/binhthuan-2019-round.json"]


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


def python_in(env: Path) -> Path:
    return env / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")


def setup(group: str | None, env: Path = VENV, plugins: list[Path] | None = None) -> Path:
    """Install the core and ``plugins`` (all by default) into ``env``, with the dependency ``group``."""
    plugins = plugin_dirs() if plugins is None else plugins
    python = python_in(env)
    inputs = [ROOT / "pyproject.toml", *(d / "pyproject.toml" for d in plugins)]
    digest = hashlib.sha256(
        b"".join(p.read_bytes() for p in inputs) + f"{group}{sys.version}".encode()
    ).hexdigest()
    stamp = env / f".itcriteria-setup-{group or 'run'}"
    if stamp.exists() and stamp.read_text() == digest and python.exists():
        return python
    if not python.exists():
        print(f"setting up {env.relative_to(ROOT)} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(env)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    packages = ["-e", str(ROOT)]
    for plugin in plugins:
        packages += ["-e", str(plugin)]
    if group:
        packages += group_requirements(group)
    subprocess.run([*pip, *packages], check=True)
    stamp.write_text(digest)
    return python


def plugins_alone(names: list[str]) -> int:
    """Install each plugin with only the core beside it, in its own environment, and run its tests."""
    failed = []
    for plugin in plugin_dirs():
        if names and plugin.name not in names:
            continue
        python = setup("test", ROOT / ".venv-plugins" / plugin.name, [plugin])
        print(f"== {plugin.name}: installed alone with the core", flush=True)
        command = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", str(plugin / "tests")]
        if subprocess.call(command, cwd=ROOT):
            failed.append(plugin.name)
    if failed:
        print(f"plugins failing on their own: {', '.join(failed)}")
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "lint", "plugins"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "demo":
        setup(None)
        return subprocess.call([str(PYTHON), "-m", "itcriteria", *DEMO, *rest], cwd=ROOT)
    if command == "lint":
        setup("lint")
        checks = [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"]]
        return max(subprocess.call([str(PYTHON), "-m", *check], cwd=ROOT) for check in checks)
    if command == "plugins":
        return plugins_alone(rest)
    setup("test")
    return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
