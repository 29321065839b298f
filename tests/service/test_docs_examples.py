"""The examples of docs/service.md ("Using itcriteria from another language") run: curl, fetch, PHP."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import itcriteria

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "docs" / "examples" / "service"
FORMS = ROOT / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-forms.json"
PAGE = (ROOT / "docs" / "service.md").read_text("utf-8")


def program(name: str) -> str:
    found = shutil.which(name)
    assert found, f"the docs examples need {name} (python3 dev.py test installs it from Debian as root)"
    return found


@pytest.fixture
def form_file(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    form: dict[str, Any] = json.loads(FORMS.read_text("utf-8"))[0]
    path = tmp_path / "form.json"
    path.write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    return path, form


def run(argv: list[str], **extra: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, **extra)


def test_the_page_shows_every_example_file() -> None:
    """Each file under docs/examples/service is included whole in the page by literalinclude."""
    for example in EXAMPLES.iterdir():
        assert f"{{literalinclude}} examples/service/{example.name}" in PAGE


def test_the_curl_example_scores_the_form(server: str, form_file: tuple[Path, dict[str, Any]]) -> None:
    """score.sh (curl) prints the scorecard of the example form, in English, with the contract."""
    path, form = form_file
    done = run(["sh", str(EXAMPLES / "score.sh"), server, str(path)])
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    regime = itcriteria.get_regime("binhthuan-2019")
    assert data["scorecard"]["total"] == str(regime.score(form).total)
    assert data["scorecard"]["regime"]["title"] == regime.title.get("en")


def test_the_fetch_example_prints_the_total_and_the_hash(
    server: str, form_file: tuple[Path, dict[str, Any]]
) -> None:
    """score.mjs (Node's fetch) prints the unit's total over its maximum and the regime's content hash."""
    path, form = form_file
    done = run([program("node"), str(EXAMPLES / "score.mjs"), server, str(path)])
    assert done.returncode == 0, done.stderr
    card = itcriteria.get_regime("binhthuan-2019").score(form)
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{card.unit.id}: {card.total} / {card.max_total} (")
    assert lines[1].endswith(card.regime.content_hash) and "itcriteria-binhthuan" in lines[1]


def test_the_fetch_example_lists_the_problems_of_a_bad_form(server: str, tmp_path: Path) -> None:
    """score.mjs on a form with an unknown criterion prints that problem and exits 1."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"unit": {"id": "x", "name": "x", "group": "huyen"}, "answers": {"99.9": 1}}))
    done = run([program("node"), str(EXAMPLES / "score.mjs"), server, str(bad)])
    assert done.returncode == 1 and "99.9" in done.stderr


def test_the_php_example_scores_through_proc_open(form_file: tuple[Path, dict[str, Any]]) -> None:
    """score.php runs itcriteria score --json through proc_open and prints the total and the hash."""
    path, form = form_file
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = run([program("php"), str(EXAMPLES / "score.php"), str(path)], env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    card = itcriteria.get_regime("binhthuan-2019").score(form)
    assert done.stdout.splitlines() == [
        f"{card.unit.id}: {card.total} / {card.max_total}",
        f"scored by itcriteria-binhthuan, {card.regime.content_hash}",
    ]
