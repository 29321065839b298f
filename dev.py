#!/usr/bin/env python3
"""Set up and run itcriteria with nothing but Python 3.11+ (standard library only).

    python3 dev.py demo [--lang en]   set up .venv, then run the Bình Thuận 2019 example round
    python3 dev.py test [PYTEST ARGS] set up .venv with the test tools, then run the whole test suite
    python3 dev.py lint               ruff (lint, format), mypy --strict, the import layers, as CI runs them
    python3 dev.py plugins [NAME ...] install each plugin alone with the core and run its own tests
    python3 dev.py docs               build the site (warnings are errors), check it in headless Chromium
    python3 dev.py office             fill forms, save them in LibreOffice Calc, check they read the same;
                                      print a form and a results workbook to PDF, check the pages

Setup makes ``.venv`` beside this file, installs the core (editable) and every plugin under
``plugins/``, plus the ``test`` dependency group of pyproject.toml for ``test``; it is skipped when
nothing it depends on has changed since the last run.
"""

from __future__ import annotations

import sys

if sys.version_info < (3, 11):
    sys.exit(f"itcriteria needs Python 3.11 or newer; this is {sys.version.split()[0]}")

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import time
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
    requirements = group_requirements(group) if group else []
    # A group may name the project's own extras ("itcriteria[publish]"): pip takes them on the
    # editable install, not as a second requirement of the same name.
    own = [r for r in requirements if r.startswith("itcriteria[")]
    extras = sorted({e.strip() for r in own for e in r[len("itcriteria[") : -1].split(",")})
    packages = ["-e", f"{ROOT}[{','.join(extras)}]" if extras else str(ROOT)]
    for plugin in plugins:
        packages += ["-e", str(plugin)]
    packages += [r for r in requirements if r not in own]
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


DOCS = ROOT / "docs"
SITE = DOCS / "_build" / "html"


def docs() -> int:
    """Build the site into docs/_build/html with warnings as errors, then open it in headless Chromium."""
    python = setup("docs")
    build = [str(python), "-m", "sphinx", "-E", "-W", "--keep-going", "-n", "-q", "-b", "html"]
    started = time.monotonic()
    if subprocess.call([*build, str(DOCS), str(SITE)], cwd=ROOT):
        print("docs: the build failed (warnings are errors)")
        return 1
    print(f"docs: built {SITE.relative_to(ROOT)} in {time.monotonic() - started:.0f} s", flush=True)
    return check_in_browser(python)


def debian_program(command: str, package: str, purpose: str) -> str:
    """A program from Debian's ``package``, installed with apt-get when missing and this runs as root."""
    found = shutil.which(command)
    if found:
        return found
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(
            f"{purpose} needs {command}: install Debian's {package} (apt-get install {package}), "
            "or run this as root on Debian to have it installed"
        )
    print(f"{purpose}: installing {package} with apt-get …", flush=True)
    quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=quiet)
    subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True, env=quiet)
    found = shutil.which(command)
    if not found:
        sys.exit(f"{purpose}: apt-get installed {package}, but no {command} command is on PATH")
    return found


def chromium() -> str:
    """Debian's Chromium, for the browser check of the site."""
    return shutil.which("chromium-browser") or debian_program("chromium", "chromium", "docs")


def office() -> int:
    """Filled forms opened and saved by LibreOffice Calc must read back to the same scores, and the
    blank form and a results workbook must print as people expect (tests/office_print.py)."""
    python = setup("test")
    debian_program("soffice", "libreoffice-calc-nogui", "office")
    print("office: filled forms through LibreOffice Calc", flush=True)
    saved = subprocess.call([str(python), str(ROOT / "tests" / "office_roundtrip.py")], cwd=ROOT)
    print("office: the blank form and a results workbook printed to PDF by LibreOffice Calc", flush=True)
    printed = subprocess.call([str(python), str(ROOT / "tests" / "office_print.py")], cwd=ROOT)
    return max(saved, printed)


def check_in_browser(python: Path) -> int:
    """Open every page of the site, a search, a standalone book and the HTML report of the example
    round in one headless Chromium; report what did not render: a page without its title or text,
    furo's layout not applied, a criteria book without its tables (legal basis, groups, criteria) or the
    warning of a provisional regime, a search without results, a report whose tables, charts, embedded
    font or text alternatives are missing or that is wider than the window. Each regime installed must
    have its book in both languages."""
    started = time.monotonic()
    listing = (
        "import itcriteria, json; print(json.dumps({i.id: i.status for i in itcriteria.list_regimes()}))"
    )
    regimes = json.loads(
        subprocess.run([str(python), "-c", listing], capture_output=True, text=True, check=True).stdout
    )
    standalone = DOCS / "_build" / "standalone"
    standalone.mkdir(parents=True, exist_ok=True)
    book = standalone / "binhthuan-2019.html"
    subprocess.run(
        [str(python), "-m", "itcriteria", "docs", "binhthuan-2019", "--format", "html", "-o", str(book)],
        check=True,
    )
    report = standalone / "ket-qua.html"  # the round's results as a portal would post them
    subprocess.run(
        [str(python), "-m", "itcriteria", "publish", str(ROOT / DEMO[1]), "-o", str(report)], check=True
    )
    missing = [
        f"regimes/{lang}/{rid}.html"
        for rid in regimes
        for lang in ("vi", "en")
        if not (SITE / "regimes" / lang / f"{rid}.html").exists()
    ]
    pages = []
    for page in sorted(SITE.rglob("*.html")):
        relative = page.relative_to(SITE).as_posix()
        rid = page.stem if relative.startswith("regimes/") and page.stem in regimes else None
        pages.append(
            {
                "url": page.as_uri(),
                "name": relative,
                "site": True,
                "book": bool(rid),
                "provisional": bool(rid) and regimes[rid] != "official",
            }
        )
    pages.append(
        {
            "url": (SITE / "search.html").as_uri() + "?q=binhthuan",
            "name": "search for binhthuan",
            "site": True,
            "search": True,
        }
    )
    pages.append(
        {
            "url": book.as_uri(),
            "name": "itcriteria docs binhthuan-2019 --format html",
            "book": True,
            "provisional": regimes.get("binhthuan-2019") != "official",
        }
    )
    pages.append(
        {
            "url": report.as_uri(),
            "name": "itcriteria publish ROUND --format html",
            "report": True,
            "provisional": regimes.get("binhthuan-2019") != "official",
        }
    )
    probe = DOCS / "_build" / "browser-check.html"
    template = (DOCS / "_tools" / "browser-check.html").read_text(encoding="utf-8")
    probe.write_text(template.replace("PAGES", json.dumps(pages)), encoding="utf-8")
    command = [
        chromium(),
        "--headless",
        "--disable-gpu",
        "--disable-dev-shm-usage",  # containers often have a small /dev/shm
        "--allow-file-access-from-files",
        "--virtual-time-budget=120000",
        "--dump-dom",
        probe.as_uri(),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(2, "--no-sandbox")  # Chromium refuses to run as root inside its sandbox
    try:
        dom = subprocess.run(command, capture_output=True, text=True, timeout=600).stdout
    except subprocess.TimeoutExpired:
        print("docs: Chromium did not finish the browser check within 10 minutes")
        return 1
    result = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    if result is None or result.group(1) == "pending":
        print("docs: the browser check did not finish; Chromium gave:\n" + dom[-2000:])
        return 1
    problems = [
        f"{page['name']}: {problem}"
        for page in json.loads(html.unescape(result.group(1)))
        for problem in page["problems"]
    ]
    problems += [f"{name}: missing (a criteria book of an installed regime)" for name in missing]
    for problem in problems:
        print(f"docs: {problem}")
    elapsed = time.monotonic() - started
    print(
        f"docs: {len(pages)} pages opened in headless Chromium in {elapsed:.0f} s, {len(problems)} problems"
    )
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "lint", "plugins", "docs", "office"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "demo":
        setup(None)
        return subprocess.call([str(PYTHON), "-m", "itcriteria", *DEMO, *rest], cwd=ROOT)
    if command == "lint":
        setup("lint")
        modules = [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"]]
        checks = [[str(PYTHON), "-m", *check] for check in modules]
        checks.append([str(PYTHON.parent / "lint-imports"), "--no-cache"])  # the layers in pyproject.toml
        return max(subprocess.call(check, cwd=ROOT) for check in checks)
    if command == "plugins":
        return plugins_alone(rest)
    if command == "docs":
        return docs()
    if command == "office":
        return office()
    setup("test")
    # Real clients of the service's tests and of its docs examples (tests/service).
    for program, package in (("curl", "curl"), ("node", "nodejs"), ("php", "php-cli")):
        debian_program(program, package, "test")
    return subprocess.call([str(PYTHON), "-m", "pytest", *parallel(rest), *rest], cwd=ROOT)


def parallel(pytest_args: list[str]) -> list[str]:
    """pytest-xdist's options: one worker per core, a test file's tests kept on one worker (so a
    module's costly fixture, such as the generated 1,000-unit round, is built once), unless the
    arguments choose otherwise (``-n 0`` runs in this process, as ``--pdb`` needs)."""
    chosen = any(arg.startswith(("-n", "--numprocesses", "--dist")) for arg in pytest_args)
    return [] if chosen or "--pdb" in pytest_args else ["-n", "auto", "--dist", "loadfile"]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
