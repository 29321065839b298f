"""Start-up: ``itcriteria round`` of the bundled example round, in a fresh process, old code against new.

Run by hand: ``.venv/bin/python benchmarks/bench_startup.py`` (``--rounds N``, ``--baseline REV``).
The baseline is the code before issue 16's start-up work (commit ``74fe96b`` by default), extracted with
``git archive`` into a temporary folder and run through ``PYTHONPATH`` with the same interpreter and
installed libraries, so the two differ only in itcriteria's own code (and the plugins' code of that
revision). Each candidate runs once first so its bytecode is cached, then the rounds interleave
(baseline, this tree, baseline, ...) so a busy machine slows both alike. Printed: the wall-clock time
(the target, 0.35 s, is a wall time on a quiet machine) and the CPU time (user + system) of the child
process, min/median/max with ratios, and the number of modules each imported and the heavy libraries
among them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from timing import report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "plugins" / "binhthuan" / "examples"
COMMAND = ["-m", "itcriteria", "round", "binhthuan-2019-round.json"]
BASELINE = "74fe96b"  # main before lazy commands and lazy regimes
TARGET = 0.35  # seconds of wall-clock time, issue 16 target 7
HEAVY = ("openpyxl", "lxml", "sphinx", "docutils", "litestar", "uvicorn", "altair", "typst", "holidays")

#: Prints the number of modules a round imported, and which heavy libraries.
COUNT = f"""
import contextlib, io, sys
sys.argv = ["itcriteria", *{COMMAND[2:]!r}]
from itcriteria.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(sys.argv[1:])
top = {{name.split(".")[0] for name in sys.modules}}
print(len(sys.modules), " ".join(h for h in {HEAVY!r} if h in top) or "-")
"""


@contextlib.contextmanager
def baseline_tree(revision: str) -> Iterator[str]:
    """The PYTHONPATH of ``revision``'s core and plugin sources, extracted into a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="itcriteria-baseline-") as folder:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", revision, "src", "plugins"], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        plugins = sorted(str(p) for p in Path(folder, "plugins").glob("*/src"))
        yield os.pathsep.join([str(Path(folder, "src")), *plugins])


def current_tree() -> str:
    return os.pathsep.join([str(ROOT / "src"), *sorted(str(p) for p in (ROOT / "plugins").glob("*/src"))])


def run(pythonpath: str, args: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system) of ``python ARGS`` in a fresh process, and its stdout."""
    env = {**os.environ, "PYTHONPATH": pythonpath}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the first run caches the bytecode, as an install does
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], cwd=EXAMPLES, env=env, capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--baseline", default=BASELINE, help="the git revision to compare against")
    options = parser.parse_args()
    with baseline_tree(options.baseline) as old:
        trees = {f"baseline {options.baseline}": old, "this tree": current_tree()}
        outputs = {name: run(path, COMMAND)[2] for name, path in trees.items()}  # bytecode cached too
        same = len(set(outputs.values())) == 1
        wall: dict[str, list[float]] = {name: [] for name in trees}
        cpu: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(options.rounds):
            for name, path in trees.items():
                seconds, used, _ = run(path, COMMAND)
                wall[name].append(seconds)
                cpu[name].append(used)
        counts = {name: run(path, ["-c", COUNT])[2].split(maxsplit=1) for name, path in trees.items()}
    print(f"itcriteria round {COMMAND[-1]}, {options.rounds} interleaved rounds; load: {os.getloadavg()}")
    print(f"same report from both: {same}\n")
    print("wall-clock time of the process")
    print(report(wall, unit="s", limit=TARGET))
    print("\nCPU time of the process (user + system)")
    print(report(cpu, unit="s", limit=TARGET))
    print()
    for name, (count, heavy) in counts.items():
        print(f"{name:<34} {count:>5} modules imported; heavy: {heavy.strip()}")


if __name__ == "__main__":
    main()
