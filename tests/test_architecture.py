"""The architecture: the layers of subpackages, the names they give each other, and a cheap import."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import itcriteria

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(itcriteria.__file__).parent

#: The layers from the top, as pyproject.toml's import-linter contract and docs/architecture.md give them.
#: A module may import the layers below its own; the subpackages of one layer (split by |) stay apart;
#: those in parentheses are being built on other branches.
LAYERS = [
    "__main__",
    "cli",
    "service",
    "sphinxext | pytest_plugin",
    "(publish) | (annex)",
    "results",
    "rounds | books | testing",
    "registry",
    "hookspecs",
    "ranking | forms | improvement",
    "regimes",
    "scoring",
    "model | expressions",
    "rules",
    "_core",
    "exceptions | _version",
]

SUBPACKAGES = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))

#: Private attributes read outside their class, each with its reason.
PRIVATE_READS = {
    ("scoring/scorer.py", "_best"): "card_best(), the named reader, beside ScoreCard in its own module",
    ("scoring/scorer.py", "_maxes"): "card_maxes(), likewise",
    ("results/sheets.py", "_opt_close"): "XlsxWriter's own step closing a finished sheet's temporary file",
    ("", "_style"): "benchmarks/results_openpyxl.py, the old results writer as it was: openpyxl's style",
    ("rules/translator.py", "_fields"): "the public field list of Python's ast nodes",
    ("annex/_grids.py", "_tc"): "python-docx's cell element: the only way to see a merged cell repeated",
}


#: Imports of another subpackage's module, each with its reason.
MODULE_IMPORTS = {
    ("pytest_plugin.py", "testing.check"): "the pytest face of itcriteria.testing, whose __init__ is public",
}


def test_the_contract_in_pyproject_is_the_one_stated_here() -> None:
    """pyproject.toml's import-linter contract lists exactly these layers in this order."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]
    (contract,) = config["contracts"]
    assert contract["type"] == "layers" and contract["containers"] == ["itcriteria"]
    assert contract["layers"] == LAYERS


def test_every_subpackage_has_a_layer() -> None:
    """Each subpackage and top-level module of itcriteria sits in one layer of the contract."""
    named = {part.strip().strip("()") for layer in LAYERS for part in layer.split("|")}
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert set(SUBPACKAGES) | modules <= named


def test_the_layers_hold() -> None:
    """import-linter finds no import from a lower layer to a higher one, nor between siblings."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_subpackage_exports_a_sorted_all_of_real_names(name: str) -> None:
    """Each subpackage's __init__ lists what the layers above may use in a sorted __all__, none private."""
    module = importlib.import_module(f"itcriteria.{name}")
    exported = list(getattr(module, "__all__", []))
    assert exported == sorted(exported)
    assert not [n for n in exported if n.startswith("_")]
    assert all(hasattr(module, n) for n in exported)


def _imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """Each ``from`` import of the file: line, the module it names relative to itcriteria, and the names."""
    package = list(path.relative_to(PACKAGE).parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.append((node.lineno, target, [a.name for a in node.names]))
    return found


def test_subpackages_import_each_other_only_through_their_init() -> None:
    """No module imports another subpackage's modules or underscore names; only what its __init__ names."""
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        own = rel.parts[0] if len(rel.parts) > 1 else None
        for line, target, names in _imports(path):
            top = target.split(".")[0] if target else None
            if top in SUBPACKAGES and top != own:
                if target != top and (rel.as_posix(), target) not in MODULE_IMPORTS:
                    wrong.append(f"{rel}:{line} imports the module itcriteria.{target}")
                wrong += [f"{rel}:{line} imports {n} from {top}" for n in names if n.startswith("_")]
    assert wrong == [], "\n".join(wrong)


def _private_reads(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    modules = {
        a.asname or a.name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for a in n.names
    }
    return [
        (node.lineno, node.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls", *modules})
    ]


def test_no_code_or_test_reads_private_fields() -> None:
    """Nothing reads an underscore attribute of another object (regime._index, card._best, ...)."""
    wrong = []
    for folder in ("src", "tests", "plugins", "benchmarks", "examples"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for line, attr in _private_reads(path):
                key = (path.relative_to(PACKAGE).as_posix() if path.is_relative_to(PACKAGE) else "", attr)
                if key not in PRIVATE_READS:
                    wrong.append(f"{path.relative_to(ROOT)}:{line} reads .{attr}")
    assert wrong == [], "\n".join(wrong)


def test_importing_itcriteria_loads_no_heavy_dependency() -> None:
    """``import itcriteria`` loads none of openpyxl, click, holidays or Sphinx until they are used."""
    code = "import sys, itcriteria; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = {name.split(".")[0] for name in done.stdout.split()}
    assert loaded & {"openpyxl", "click", "holidays", "sphinx", "docutils", "hypothesis"} == set()


def test_tests_mirror_the_subpackages() -> None:
    """Each folder of tests/ is named after a subpackage (but the outputs' snapshots), and every
    subpackage but _core has one."""
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    folders.discard("snapshots")  # tests/test_outputs_unchanged.py's data
    assert folders <= set(SUBPACKAGES)
    assert set(SUBPACKAGES) - {"_core"} <= folders


def test_the_architecture_page_draws_every_layer() -> None:
    """docs/architecture.md names every module of every layer, in the contract's order."""
    page = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    lines = page.splitlines()
    start = lines.index("    __main__")
    end = next(i for i in range(start, len(lines)) if not lines[i].strip())
    drawing = [line.split() for line in lines[start:end]]
    names = [[part.strip() for part in layer.split("|")] for layer in LAYERS]
    assert [row[: len(layer)] for row, layer in zip(drawing, names, strict=True)] == names
