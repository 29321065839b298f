"""The README's section on publishing: its commands run and write what they say; its pictures are
the project's own, committed under docs/."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from publishing import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Publishing the results", 1)[1].split("\n## ", 1)[0]


def test_the_readme_publish_commands_run(tmp_path: Path) -> None:
    """Each `itcriteria publish` line of the README runs in a scratch folder and writes its file."""
    block = SECTION.split("```console\n", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line.startswith("itcriteria publish ")]
    assert len(commands) == 3
    for command in commands:
        args = [str(ROOT / a) if a.startswith("plugins/") else a for a in shlex.split(command)[1:]]
        done = subprocess.run(
            [sys.executable, "-m", "itcriteria", *args], capture_output=True, text=True, cwd=tmp_path
        )
        assert done.returncode == 0, (command, done.stderr)
    assert {p.name for p in tmp_path.iterdir()} == {"ket-qua.pdf", "ket-qua.html", "annex.pdf", "bieu-do"}
    assert (tmp_path / "bieu-do" / "diem-huyen.svg").exists()


def test_the_readme_pictures_are_committed_pngs() -> None:
    """Both pictures the README shows are PNG files under docs/_static/publish/."""
    pictures = re.findall(r"!\[[^\]]+\]\((docs/_static/publish/[\w.-]+\.png)\)", SECTION)
    assert len(pictures) == 2
    for picture in pictures:
        assert (ROOT / picture).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
