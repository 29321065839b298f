"""The README's "Using itcriteria from another language" section runs: curl, --json and fetch."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import itcriteria

ROOT = Path(__file__).parents[2]
SECTION = (ROOT / "README.md").read_text("utf-8").split("## Using itcriteria from another language", 1)[1]
SECTION = SECTION.split("\n## ", 1)[0]
README_URL = "http://127.0.0.1:8000"


def block(language: str) -> str:
    found = re.search(rf"```{language}\n(.*?)```", SECTION, re.S)
    assert found is not None, f"no {language} block in the README section"
    return found.group(1)


def test_the_sections_commands_score_the_example_form(server: str, tmp_path: Path) -> None:
    """The shell block's commands (against the test server) and its --json line give the same total."""
    (tmp_path / "plugins").symlink_to(ROOT / "plugins", target_is_directory=True)
    lines = [line for line in block("sh").splitlines() if line.strip()]
    assert lines[0].startswith("itcriteria serve ") and lines[0].endswith(" &")
    serve = shlex.split(lines[0].removesuffix(" &"))[1:]
    assert (
        subprocess.run([sys.executable, "-m", "itcriteria", *serve, "--help"], capture_output=True).returncode
        == 0
    )
    outputs = []
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    for line in lines[1:]:
        command = line.replace(README_URL, server).replace("python3 -c", f"{shlex.quote(sys.executable)} -c")
        done = subprocess.run(
            command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, (line, done.stderr)
        outputs.append(done.stdout)
    form = json.loads((tmp_path / "form.json").read_text("utf-8"))
    total = str(itcriteria.get_regime("binhthuan-2019").score(form).total)
    over_http, over_stdin = json.loads(outputs[1]), json.loads(outputs[2])
    assert over_http["scorecard"]["total"] == over_stdin["scorecard"]["total"] == total
    node = shutil.which("node")
    assert node, "the README's fetch example needs node (python3 dev.py test installs it as root)"
    script = tmp_path / "example.mjs"
    script.write_text(block("javascript").replace(README_URL, server), encoding="utf-8")
    done = subprocess.run([node, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    regime = itcriteria.get_regime("binhthuan-2019")
    assert done.stdout.split()[0] == total and done.stdout.strip().endswith(regime.content_hash)
