"""The copyable example plugin (examples/plugin) works when installed, through the real machinery."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

import itcriteria

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "plugin"


def install_example(site: Path) -> None:
    """Install the example as pip would: its package, and a .dist-info naming its entry points."""
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    shutil.copytree(EXAMPLE / "src" / "itcriteria_myprovince", site / "itcriteria_myprovince")
    info = site / "itcriteria_myprovince-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: 0.1.0\n")
    points = project["entry-points"]["itcriteria"]
    (info / "entry_points.txt").write_text(
        "[itcriteria]\n" + "".join(f"{k} = {v}\n" for k, v in points.items()), encoding="utf-8"
    )


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    install_example(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop("itcriteria_myprovince", None)


def test_the_example_plugin_registers_its_regime_and_function(site: Path) -> None:
    """Installed, the example plugin's regime uses its registered function and scores."""
    registry = itcriteria.load_plugins(["myprovince"])
    assert registry.plugins == ("itcriteria", "itcriteria-myprovince")
    regime = registry.get_regime(province="myprovince", on="2024-06-01")
    card = regime.score(
        {
            "unit": {"id": "u", "name": "U", "group": "so-nganh"},
            "answers": {"1.1": {"numerator": 1, "denominator": 3}, "1.2": False, "2": 0},
        }
    )
    assert card.total == Decimal("2.00")  # 1/3 × 6 = 2.00; no signatures; no meetings


def test_the_example_plugins_own_tests_pass_when_installed(site: Path) -> None:
    """The tests shipped in the example folder pass against the installed example, as a user runs them."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE / "tests")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "11 passed" in result.stdout  # its 3 tests and the 8 laws its one-line test_laws.py collects
