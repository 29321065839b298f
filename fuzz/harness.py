"""Fuzzing the untrusted inputs: rules, regime files, forms (xlsx, csv, json) and round files.

Run by hand for minutes per target::

    .venv/bin/python fuzz/harness.py rules --seconds 180
    .venv/bin/python fuzz/harness.py all --seconds 120

Each target takes real seeds (the installed regimes' rules and files, a filled form in each format,
the example round), mutates their bytes at random (flips, inserts, deletions, repeats, splices of
other seeds and of interesting tokens) and feeds the result to the library. Its own errors
(:class:`itcriteria.ItcriteriaError`) are the expected outcome; anything else is a crash, printed
with the input and kept under ``fuzz/crashes/``. The slowest input is reported, to catch hangs.

``tests/test_fuzz.py`` runs every target for a few seconds under Hypothesis in CI, through
:func:`run_one`. The mutator is plain ``random`` (seeded), so a run is reproducible; atheris was not
chosen because it needs a compiled extension and its coverage guidance adds little on inputs that are
parsed by the standard library before the library's code sees them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import itcriteria
from itcriteria import expressions

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "plugins" / "binhthuan" / "examples"
REGIME_ID = "binhthuan-2019"
TOKENS = [
    b"(",
    b")",
    b",",
    b"[",
    b"]",
    b"{",
    b"}",
    b'"',
    b"'",
    b"=",
    b"-",
    b"+",
    b"**",
    b"9" * 30,
    b"1e999",
    b"\x00",
    b"\x1b",
    b"\n",
    b"\\",
    b"NaN",
    b"Infinity",
    b"true",
    b"null",
    b"steps(",
    b"max(",
    b"..",
    b"/etc/passwd",
    b"\xff\xfe",
    b"\xc3\xa1",
    b"[[",
    b"]]",
    b"=HYPERLINK(",
    b"__import__",
]


def mutate(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    """``data`` changed in 1 to 8 random ways."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        where = rng.randint(0, len(out))
        choice = rng.randrange(7)
        if choice == 0 and out:  # flip a byte
            out[min(where, len(out) - 1)] = rng.randrange(256)
        elif choice == 1:  # insert a token
            out[where:where] = rng.choice(TOKENS)
        elif choice == 2 and out:  # delete a run
            del out[where : where + rng.randint(1, 16)]
        elif choice == 3 and out:  # repeat a run
            run = out[where : where + rng.randint(1, 32)]
            out[where:where] = run * rng.randint(2, 20)
        elif choice == 4 and others:  # splice another seed
            other = rng.choice(others)
            start = rng.randint(0, len(other))
            out[where:where] = other[start : start + rng.randint(1, 256)]
        elif choice == 5:  # random bytes
            out[where:where] = rng.randbytes(rng.randint(1, 8))
        elif out:  # truncate
            del out[where:]
    return bytes(out)


class Target:
    """A kind of input: its seeds, and how the library reads one."""

    def __init__(self, name: str, suffix: str, seeds: list[bytes], read: Callable[[Path], object]) -> None:
        self.name, self.suffix, self.seeds, self.read = name, suffix, seeds, read


def _rule_seeds() -> list[bytes]:
    rules = {b"min(x / 0.8, 1) * max_points", b"steps(x, 10, 2, 5, 1)", b"clamp(x * 2, 0, 10)"}
    for info in itcriteria.list_regimes():
        for criterion in info.regime.walk():
            if criterion.effective_rule:
                rules.add(criterion.effective_rule.encode())
    return sorted(rules)


_RULE_INPUTS = ["x", "y", "ratio", "value", "numerator", "denominator", "max_points", "answer"]


def _read_rule(path: Path) -> object:
    text = path.read_bytes().decode("utf-8", errors="replace")
    rule = expressions.compile(text, _RULE_INPUTS)
    return rule(**dict.fromkeys(rule.names, 1))  # evaluating fails only with the library's own error


def _form_seeds(folder: Path) -> dict[str, list[bytes]]:
    regime = itcriteria.get_regime(REGIME_ID)
    form = json.loads((EXAMPLES / "binhthuan-2019-forms.json").read_text("utf-8"))[0]
    form["regime"] = REGIME_ID
    as_json = json.dumps(form, ensure_ascii=False).encode()
    lines = ["key,value", f"regime,{REGIME_ID}"]
    unit = form["unit"]
    lines += [f"unit.id,{unit['id']}", f"unit.name,{unit['name']}", f"unit.group,{unit['group']}"]
    lines += ["submitted,12/09/2019", "", "criterion,numerator,denominator,value"]
    for cid, answer in form["answers"].items():
        if isinstance(answer, dict):
            cells = [str(answer.get(field, "")) for field in ("numerator", "denominator", "value")]
            lines.append(",".join([cid, *cells]))
        else:
            lines.append(f"{cid},,,{answer}")
    template = folder / "seed.xlsx"
    itcriteria.write_template(regime, template, group=unit["group"])
    return {".json": [as_json], ".csv": ["\n".join(lines).encode()], ".xlsx": [template.read_bytes()]}


def targets(folder: Path) -> dict[str, Target]:
    """Every target, with seeds written under ``folder`` where they need files."""
    regime = itcriteria.get_regime(REGIME_ID)
    regime_files = sorted((ROOT / "plugins").glob("*/src/*/regimes/*.toml"))
    forms = _form_seeds(folder)
    shutil.copy(EXAMPLES / "binhthuan-2019-forms.json", folder / "binhthuan-2019-forms.json")
    found = {
        "rules": Target("rules", ".txt", _rule_seeds(), _read_rule),
        "regimes": Target("regimes", ".toml", [f.read_bytes() for f in regime_files], itcriteria.load_regime),
        "rounds": Target(
            "rounds", ".json", [(EXAMPLES / "binhthuan-2019-round.json").read_bytes()], itcriteria.load_round
        ),
    }
    for suffix, seeds in forms.items():
        name = f"forms-{suffix[1:]}"
        found[name] = Target(name, suffix, seeds, lambda path: itcriteria.read_form(path, regime))
    return found


def run_one(target: Target, data: bytes, folder: Path) -> None:
    """Feed ``data`` to ``target``; return quietly on success or on the library's own error."""
    path = folder / f"input{target.suffix}"
    path.write_bytes(data)
    with contextlib.suppress(itcriteria.ItcriteriaError):
        target.read(path)


def fuzz(target: Target, seconds: float, seed: int, folder: Path) -> dict[str, object]:
    """Mutate and feed for ``seconds``; the figures of the run."""
    rng = random.Random(seed)
    runs = crashes = 0
    slowest = (0.0, b"")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = mutate(rng.choice(target.seeds), rng, target.seeds)
        started = time.process_time()
        try:
            run_one(target, data, folder)
        except Exception:  # a crash: anything but the library's own error
            crashes += 1
            kept = ROOT / "fuzz" / "crashes"
            kept.mkdir(exist_ok=True)
            (kept / f"{target.name}-{runs}{target.suffix}").write_bytes(data)
            print(f"CRASH in {target.name} on input {data[:200]!r}", file=sys.stderr)
            traceback.print_exc()
        spent = time.process_time() - started
        if spent > slowest[0]:
            slowest = (spent, data)
        runs += 1
    return {"target": target.name, "runs": runs, "crashes": crashes, "slowest_cpu_s": round(slowest[0], 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", help="rules, regimes, forms-json, forms-csv, forms-xlsx, rounds or all")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        found = targets(folder)
        chosen = list(found) if args.target == "all" else [args.target]
        for name in chosen:
            print(json.dumps(fuzz(found[name], args.seconds, args.seed, folder)), flush=True)


if __name__ == "__main__":
    main()
