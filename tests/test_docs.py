"""The documentation is kept true: its examples run, and nothing public goes undocumented.

Every fenced block of every page runs (Python examples print what they say, console commands run, MyST
snippets build); every hook, public name and command has its entry in the reference; the tutorial shows
the example plugin's real files; the whole site builds with warnings as errors.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import click
import pytest

import itcriteria
from itcriteria import hookspecs
from itcriteria.cli.commands import cli
from itcriteria.testing import check_markdown_examples

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLE = ROOT / "examples" / "plugin"
GENERATED = (DOCS / "regimes" / "vi", DOCS / "regimes" / "en", DOCS / "_build")
PAGES = sorted(
    page for page in DOCS.rglob("*.md") if not any(page.is_relative_to(folder) for folder in GENERATED)
)
PUBLIC_MODULES = [
    "itcriteria",
    "itcriteria.exceptions",
    "itcriteria.expressions",
    "itcriteria.hookspecs",
    "itcriteria.testing",
    "itcriteria.sphinxext",
]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def sphinx_build(
    source: Path, out: Path, *, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Build ``source`` as HTML with warnings as errors and nitpicky references, in a fresh process."""
    command = [sys.executable, "-m", "sphinx", "-E", "-W", "--keep-going", "-n", "-q", "-b", "html"]
    return subprocess.run(
        [*command, str(source), str(out)], capture_output=True, text=True, encoding="utf-8", env=env
    )


def install_editable(project: Path, site: Path) -> list[Path]:
    """What ``pip install -e PROJECT`` gives a plugin: its ``src`` on the path and a .dist-info naming its
    entry points in ``site``. Returns the folders to put on PYTHONPATH."""
    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    info = site / f"{meta['name'].replace('-', '_')}-{meta['version']}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {meta['name']}\nVersion: {meta['version']}\n"
    )
    points = "".join(
        f"[{group}]\n" + "".join(f"{name} = {value}\n" for name, value in entries.items())
        for group, entries in meta.get("entry-points", {}).items()
    )
    (info / "entry_points.txt").write_text(points, encoding="utf-8")
    return [project / "src", site]


def dev_commands() -> set[str]:
    """The commands ``python3 dev.py`` knows, from its usage text."""
    spec = importlib.util.spec_from_file_location("dev_for_docs", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    return set(re.findall(r"python3 dev\.py (\w+)", dev.__doc__ or ""))


def requirement_names(group: str) -> set[str]:
    names = set()
    for item in PYPROJECT["dependency-groups"][group]:
        if isinstance(item, str):
            names.add(re.split(r"[<>=\[; ]", item, maxsplit=1)[0].lower())
    return names


class Console:
    """Runs a ``console`` block's commands, one per line, in a scratch folder that sees the repository's
    ``docs``, ``examples``, ``plugins`` and ``src``. Commands run for real (``itcriteria``,
    ``python -m``, ``pytest``, ``sphinx-build``); ``pip install -e DIR`` installs DIR for the commands
    after it (as :func:`install_editable`); ``pip install NAME`` checks that NAME is something this
    project declares (an extra of itcriteria, a requirement of the docs group); ``python3 dev.py CMD``
    checks that CMD exists (CI runs those). Any other command fails: add a runner for it."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        for name in ("docs", "examples", "plugins", "src"):
            (scratch / name).symlink_to(ROOT / name, target_is_directory=True)
        self.path: list[Path] = []

    def __call__(self, block: str) -> None:
        for line in block.splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                self.run(shlex.split(line))

    def env(self) -> dict[str, str]:
        paths = [str(p) for p in self.path] + [os.environ.get("PYTHONPATH", "")]
        return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}

    def call(self, argv: list[str]) -> None:
        done = subprocess.run(
            argv,
            cwd=self.scratch,
            env=self.env(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        assert done.returncode == 0, (
            f"`{shlex.join(argv)}` exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )

    def run(self, argv: list[str]) -> None:
        program, args = argv[0], argv[1:]
        if program == "itcriteria":
            self.call([sys.executable, "-m", "itcriteria", *args])
        elif program in ("python", "python3") and args[:1] == ["dev.py"]:
            assert args[1] in dev_commands(), f"dev.py has no command {args[1]!r}"
        elif program in ("python", "python3") and args[:1] == ["-m"]:
            self.call([sys.executable, *args])
        elif program == "pytest":
            self.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args])
        elif program == "sphinx-build":
            self.call([sys.executable, "-m", "sphinx", *args])
        elif program == "pip" and args[:2] == ["install", "-e"]:
            self.path += install_editable(self.scratch / args[2], self.scratch / ".site")
        elif program == "pip" and args[:1] == ["install"]:
            for requirement in args[1:]:
                name, _, extras = requirement.partition("[")
                if name == "itcriteria":
                    extra = extras.rstrip("]")
                    assert extra in PYPROJECT["project"]["optional-dependencies"], f"no extra {extra!r}"
                else:
                    assert name.lower() in requirement_names("docs"), f"{name} is not in the docs group"
        else:
            raise AssertionError(f"no runner for `{shlex.join(argv)}`")


def build_snippet(block: str) -> None:
    """A MyST snippet (a ``markdown`` block) builds as a page of a project with the extension."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "source"
        source.mkdir()
        (source / "conf.py").write_text('extensions = ["myst_parser", "itcriteria.sphinxext"]\n')
        (source / "index.md").write_text("# Snippet\n\n" + block, encoding="utf-8")
        done = sphinx_build(source, Path(folder) / "html")
        assert done.returncode == 0, done.stderr
        assert "criteria-book-" in (Path(folder) / "html" / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def runners(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[str], object]]:
    monkeypatch.chdir(ROOT)  # Python examples name files by their path in the repository
    return {"console": Console(tmp_path), "markdown": build_snippet}


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_every_code_block_of_every_page_runs(page: Path, runners: dict[str, Callable[[str], object]]) -> None:
    """Each fenced block runs: Python prints what it says, commands succeed, MyST snippets build."""
    check_markdown_examples(page, runners=runners)


def test_a_block_without_a_runner_fails(tmp_path: Path, runners: dict[str, Callable[[str], object]]) -> None:
    """A code block in a language nothing runs, or a command the console runner does not know, fails."""
    page = tmp_path / "page.md"
    page.write_text("```ruby\nputs 1\n```\n")
    with pytest.raises(AssertionError, match="ruby block 1 has no runner"):
        check_markdown_examples(page, runners=runners)
    page.write_text("```console\nrm -rf build\n```\n")
    with pytest.raises(AssertionError, match="console block 1: no runner for `rm -rf build`"):
        check_markdown_examples(page, runners=runners)
    page.write_text("```console\nitcriteria docs nowhere-1999\n```\n")
    with pytest.raises(AssertionError, match="exited 1"):
        check_markdown_examples(page, runners=runners)


def test_fences_nest_and_myst_code_blocks_are_blocks(tmp_path: Path) -> None:
    """A longer fence holds a shorter one; ``{code-block} python`` runs as Python (options dropped);
    blocks inside other directives run; each runner gets its block's text; the count covers every block."""
    page = tmp_path / "page.md"
    page.write_text(
        "````markdown\n```{criteria-book} x\n```\n````\n\n"
        "```{code-block} python\n:caption: shown\nprint(6 * 7)  # 42\n```\n\n"
        "````{note}\n```python\nprint('inside')  # inside\n```\n````\n\n"
        "```{toctree}\npage\n```\n",
        encoding="utf-8",
    )
    seen: list[str] = []
    assert check_markdown_examples(page, runners={"markdown": seen.append}) == 3
    assert seen == ["```{criteria-book} x\n```\n"]
    assert check_markdown_examples(page) == 2  # without runners: the Python blocks only, as for a README


# --- Nothing public goes undocumented ---------------------------------------------------------------

_AUTODOC = re.compile(
    r"^\.\. (?:auto(?:class|function|data|exception|method|attribute)|py:\w+):: (\S+)", re.M
)


def documented_objects() -> Iterator[tuple[str, Any]]:
    """Each object the reference documents, with the dotted name it is documented under."""
    for page in (DOCS / "reference").glob("*.md"):
        source = page.read_text(encoding="utf-8")
        for match in _AUTODOC.finditer(source):
            name = match.group(1)
            module_option = re.match(r"\s*:module: (\S+)", source[match.end() :].split("\n", 1)[1])
            if module_option:
                name = f"{module_option.group(1)}.{name}"
            module_name, _, attribute = name.rpartition(".")
            try:
                yield name, getattr(importlib.import_module(module_name), attribute)
            except (ImportError, AttributeError):
                continue


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_every_public_name_is_in_the_reference(module_name: str) -> None:
    """Every name in a public module's ``__all__`` is documented, under that module or as the same object
    under another public module (``itcriteria.RegimeError`` as ``itcriteria.exceptions.RegimeError``)."""
    documented = dict(documented_objects())
    module = importlib.import_module(module_name)
    missing = []
    for name in module.__all__:
        value = getattr(module, name)
        same = [full for full, obj in documented.items() if full.rsplit(".", 1)[1] == name and obj is value]
        if f"{module_name}.{name}" not in documented and not same:
            missing.append(name)
    assert missing == [], f"add these names of {module_name} to docs/reference/*.md"


def hook_names(module: ModuleType) -> set[str]:
    return {name for name, value in vars(module).items() if hasattr(value, f"{hookspecs.PROJECT}_spec")}


def test_every_hook_has_its_entry_in_the_hook_reference() -> None:
    """docs/reference/hooks.md documents every hook of hookspecs.py, and every register callback."""
    source = (DOCS / "reference" / "hooks.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"autofunction:: itcriteria\.hookspecs\.(\w+)", source))
    assert hook_names(hookspecs) == {"register_functions", "register_ranking_policies", "register_regimes"}
    assert documented == hook_names(hookspecs)
    callbacks = {n for n, v in vars(hookspecs).items() if inspect.isclass(v) and n.startswith("Register")}
    assert set(re.findall(r"autoclass:: itcriteria\.hookspecs\.(Register\w+)", source)) == callbacks


def documented_commands() -> set[str]:
    """The commands documented by ``click`` directives in docs/reference/cli.md."""
    found = set()
    source = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    for module_name, attribute in re.findall(r"^\.\. click:: ([\w.]+):(\w+)", source, re.M):
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        if not isinstance(command, click.Group):
            found.add(command.name)
    return found


def test_every_command_has_its_entry_in_the_cli_reference() -> None:
    """Each subcommand of the ``itcriteria`` group is documented by its own click directive."""
    listed = set(cli.list_commands(click.Context(cli)))  # the lazily loaded commands too
    assert "docs" in listed
    assert documented_commands() == listed


def test_every_installed_regime_gets_a_page_in_each_language() -> None:
    """The site's configuration writes a criteria-book page per installed regime in Vietnamese and English."""
    spec = importlib.util.spec_from_file_location("docs_conf", DOCS / "conf.py")
    assert spec is not None and spec.loader is not None
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    pages = conf.regime_pages()
    for info in itcriteria.list_regimes():
        assert pages[f"regimes/vi/{info.id}.md"] == f"```{{criteria-book}} {info.id}\n:lang: vi\n```\n"
        assert pages[f"regimes/en/{info.id}.md"] == f"```{{criteria-book}} {info.id}\n:lang: en\n```\n"
    assert len(pages) == 2 * len(itcriteria.list_regimes())


# --- The tutorial is the example ---------------------------------------------------------------------


def literal_includes(page: Path) -> list[tuple[Path, dict[str, str]]]:
    """Each ``literalinclude`` of a page: the file and its options."""
    found = []
    text = page.read_text(encoding="utf-8")
    for match in re.finditer(r"```\{literalinclude\} (\S+)\n((?::[\w-]+:.*\n)*)```", text):
        options = dict(re.findall(r":([\w-]+): (.*)", match.group(2)))
        found.append(
            ((page.parent / match.group(1)).resolve(), {k: v.strip('"') for k, v in options.items()})
        )
    return found


def included_text(path: Path, options: dict[str, str]) -> str:
    """The part of a file ``literalinclude`` shows with start-at / end-before."""
    text = path.read_text(encoding="utf-8")
    if "start-at" in options:
        text = text[text.index(options["start-at"]) :]
    if "end-before" in options:
        text = text[: text.index(options["end-before"])]
    return text


def test_the_tutorial_shows_every_file_of_the_example_plugin_whole() -> None:
    """The plugin tutorial pulls in every code and data file of examples/plugin, and every line of each."""
    includes = literal_includes(DOCS / "plugin-tutorial.md")
    files = {
        p.resolve()
        for p in EXAMPLE.rglob("*")
        if p.is_file() and p.suffix in (".py", ".toml") and "__pycache__" not in p.parts
    }
    shown = {path for path, _ in includes}
    assert files <= shown, sorted(str(p) for p in files - shown)
    for path in files:
        pieces = "".join(included_text(p, options) for p, options in includes if p == path)
        assert pieces == path.read_text(encoding="utf-8"), f"the tutorial leaves out part of {path}"


def test_the_tutorial_builds_the_example_plugins_documentation() -> None:
    """The tutorial installs the example plugin and builds its documentation project with the directive."""
    blocks = (DOCS / "plugin-tutorial.md").read_text(encoding="utf-8")
    assert "pip install -e examples/plugin" in blocks
    assert "sphinx-build -W -n -b html docs/examples/plugin-docs" in blocks
    includes = {path for path, _ in literal_includes(DOCS / "plugin-tutorial.md")}
    project = DOCS / "examples" / "plugin-docs"
    assert {p.resolve() for p in project.iterdir() if p.is_file()} <= includes


# --- The extension on a small project -----------------------------------------------------------------


def test_the_directive_renders_books_and_language_tables(tmp_path: Path) -> None:
    """On a small project the directive gives the page its regime's title, sections with anchors and the
    book's tables, in each language; rule-language gives the functions table."""
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["myst_parser", "itcriteria.sphinxext"]\n')
    (source / "index.md").write_text(
        "# Books\n\n```{toctree}\nvi\nen\n```\n\n```{rule-language} functions\n```\n", encoding="utf-8"
    )
    (source / "vi.md").write_text("```{criteria-book} binhthuan-2020\n```\n", encoding="utf-8")
    (source / "en.md").write_text("```{criteria-book} binhthuan-2020\n:lang: en\n```\n", encoding="utf-8")
    done = sphinx_build(source, tmp_path / "html")
    assert done.returncode == 0, done.stderr
    vi = (tmp_path / "html" / "vi.html").read_text(encoding="utf-8")
    en = (tmp_path / "html" / "en.html").read_text(encoding="utf-8")
    assert "<title>Bộ tiêu chí" in vi and 'id="binhthuan-2020-criteria"' in vi and "TẠM THỜI" in vi
    assert 'id="binhthuan-2020-en-criteria"' in en and "PROVISIONAL" in en
    for kind in ("legal-basis", "groups", "criteria", "steps", "bands", "changes-changed"):
        assert f"criteria-book-{kind}" in vi and f"criteria-book-{kind}" in en, kind
    assert 'href="#binhthuan-2020-c-4-2"' in vi
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "criteria-book-functions" in index and "round_half_even" in index


def test_an_unknown_regime_or_language_fails_the_build(tmp_path: Path) -> None:
    """A directive naming a regime that is not installed, or another language, is a build error."""
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["myst_parser", "itcriteria.sphinxext"]\n')
    (source / "index.md").write_text(
        "# Books\n\n```{criteria-book} nowhere-1999\n```\n\n"
        "```{criteria-book} binhthuan-2019\n:lang: fr\n```\n",
        encoding="utf-8",
    )
    done = sphinx_build(source, tmp_path / "html")
    assert done.returncode != 0
    assert "criteria-book nowhere-1999: no regime 'nowhere-1999' is installed" in done.stderr
    assert "fr" in done.stderr and "vi" in done.stderr


# --- The whole site -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built as CI builds it (``python3 dev.py docs`` then opens it in a browser)."""
    out = tmp_path_factory.mktemp("site")
    done = sphinx_build(DOCS, out)
    assert done.returncode == 0, done.stderr
    return out


def test_the_site_builds_with_every_regime_book_and_every_public_name(site: Path) -> None:
    """The site builds with no warning; its inventory holds every public name, hook and each regime's book."""
    from sphinx.util.inventory import InventoryFile

    with (site / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    python = {name for kind, entries in inventory.items() if kind.startswith("py:") for name in entries}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            value = getattr(module, name)
            aliases = {f"{module_name}.{name}", f"{getattr(value, '__module__', '')}.{name}"}
            assert aliases & python, f"{module_name}.{name} is not in the built reference"
    labels = inventory["std:label"]
    for info in itcriteria.list_regimes():
        for lang in ("vi", "en"):
            page = site / "regimes" / lang / f"{info.id}.html"
            assert "criteria-book-criteria" in page.read_text(encoding="utf-8"), page
        assert info.id in labels and f"{info.id}-en" in labels


def test_ci_builds_and_checks_the_site() -> None:
    """``python3 dev.py docs`` exists and .ci/run calls it; the browser page it opens is there."""
    assert "docs" in dev_commands()
    assert "python3 dev.py docs" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "PAGES" in (DOCS / "_tools" / "browser-check.html").read_text(encoding="utf-8")
    assert shutil.which("sphinx-build") or importlib.util.find_spec("sphinx")
