"""The regime file reference: generated from the model, so every key a regime file may hold is in it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import attrs

import itcriteria
from itcriteria.regimes import regime_file_reference

EXAMPLE = Path(itcriteria.__file__).parent / "examples" / "example-2019.toml"


def tables() -> list[type]:
    """Every attrs class a regime file holds, from the Regime down."""
    by_name = {name: getattr(itcriteria, name) for name in itcriteria.__all__}
    models = {name: cls for name, cls in by_name.items() if isinstance(cls, type) and attrs.has(cls)}
    found: list[type] = []
    stack: list[type] = [itcriteria.Regime]
    models.pop("Text")  # text is a string or { vi, en }, said once at the top of the reference
    while stack:
        cls = stack.pop()
        if cls in found:
            continue
        found.append(cls)
        for field in attrs.fields(cls):
            if field.init and field.name != "functions":
                stack += [models[word] for word in re.findall(r"\w+", str(field.type)) if word in models]
    return found


def test_every_key_of_every_table_is_in_the_reference() -> None:
    """Each init field of each model table reachable from the Regime (plugin functions aside) has a row
    naming its key, so a new key cannot be left out of the reference."""
    reference = regime_file_reference()
    classes = tables()
    assert {itcriteria.Criterion, itcriteria.Ratio, itcriteria.Benchmark, itcriteria.Level} <= set(classes)
    for cls in classes:
        for field in attrs.fields(cls):
            if field.init and field.name != "functions":
                assert f"| `{field.alias}` |" in reference, (cls.__name__, field.alias)


def test_the_reference_shows_types_defaults_and_examples_from_the_example_regime() -> None:
    """Rows give the TOML type, required or the default, and the example regime's value."""
    reference = regime_file_reference()
    assert '| `id` | string | required | `"example-2019"` |' in reference
    assert "| `fractional` | true / false | default `false` |  |" in reference
    assert '| `zero_denominator` | one of `"error"`, `"not_applicable"`, `"zero"`, `"full"` |' in reference
    assert "| `max` | number | required | `8` |" in reference


def test_check_validates_a_regime_file_then_its_laws(tmp_path: Path) -> None:
    """``itcriteria check FILE`` says the file is valid and which laws hold (exit 0); a broken file lists
    every problem (exit 1)."""
    command = [sys.executable, "-m", "itcriteria", "check"]
    done = subprocess.run([*command, str(EXAMPLE), "--examples", "3"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "bộ tiêu chí example-2019 hợp lệ (19 tiêu chí thành phần, 2 nhóm đơn vị)" in done.stdout
    done = subprocess.run(
        [*command, str(EXAMPLE), "--examples", "3", "--lang", "en"], capture_output=True, text=True
    )
    assert "regime example-2019 is valid (19 sub-criteria, 2 groups)" in done.stdout
    assert "0 of 8 laws broken" in done.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text(EXAMPLE.read_text("utf-8").replace("max_total = 100", "max_total = 90"), "utf-8")
    done = subprocess.run([*command, str(bad)], capture_output=True, text=True)
    assert done.returncode == 1 and "stated total 90" in done.stderr
