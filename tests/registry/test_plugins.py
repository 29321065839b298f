"""Plugins through the real entry-point machinery: distributions written into a temporary site folder.

Each test "installs" small plugins the way pip does (a package plus a ``.dist-info`` folder with
``entry_points.txt``), so ``itcriteria.load_plugins`` finds them through ``importlib.metadata`` like
the province plugins.
"""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
import textwrap
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import itcriteria
from itcriteria import hookspecs

Install = Callable[..., str]
_serial = itertools.count()

REGIME_TOML = """
id = "{id}"
province = "{province}"
status = "provisional"
title = "Bộ tiêu chí thử {id}"
ranking_policy = "{policy}"

[[legal_basis]]
decision = "1/QĐ-UBND"
date = 2019-07-23

[effective]
start = {start}
{end}

[[groups]]
id = "so"
title = "Sở, ngành"

[[criteria]]
id = "1"
title = "Tỷ lệ văn bản điện tử"
max = 10
source = "test"
provenance = "assumed"
indicator = {{ kind = "ratio", numerator = "Văn bản điện tử", denominator = "Tổng số văn bản" }}
rule = "{rule}"
"""


def regime_toml(
    regime_id: str,
    *,
    province: str = "thu",
    start: str = "2019-01-01",
    end: str | None = "2019-12-31",
    rule: str = "ratio * max_points",
    policy: str = "competition",
) -> str:
    return REGIME_TOML.format(
        id=regime_id,
        province=province,
        start=start,
        end=f"end = {end}" if end else "",
        rule=rule,
        policy=policy,
    )


PLUGIN_HEADER = """
from pathlib import Path

import itcriteria

HERE = Path(__file__).parent
"""


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Install:
    """Install a plugin distribution into a fresh folder on sys.path; returns its module name."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    created: list[str] = []

    def install_(dist: str, body: str, *, files: dict[str, str] | None = None, entry: str = "") -> str:
        module = f"itcriteria_fake_{next(_serial)}"
        package = site / module
        package.mkdir()
        (package / "empty").mkdir()  # a folder without regime files
        (package / "__init__.py").write_text(PLUGIN_HEADER + textwrap.dedent(body), encoding="utf-8")
        for name, text in (files or {}).items():
            (package / name).write_text(text, encoding="utf-8")
        info = site / f"{dist.replace('-', '_')}-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
        short = dist.removeprefix("itcriteria-")
        (info / "entry_points.txt").write_text(f"[itcriteria]\n{entry or short} = {module}\n")
        created.append(module)
        return module

    yield install_
    for module in created:
        sys.modules.pop(module, None)


REGISTER_FILES = """
@itcriteria.hookimpl
def register_regimes(register):
    register(HERE)  # the folder: every *.toml file in it
"""


def fake_names(registry: itcriteria.Registry) -> set[str]:
    return {name for name in registry.plugins if name.startswith("itcriteria-thu")}


def test_a_plugin_registers_a_regime_file_found_through_its_entry_point(install: Install) -> None:
    """A distribution's [itcriteria] entry point is loaded and the regime file it registers is usable."""
    install("itcriteria-thu", REGISTER_FILES, files={"thu-2019.toml": regime_toml("thu-2019")})
    registry = itcriteria.load_plugins(["thu"])
    assert registry.plugins == ("itcriteria", "itcriteria-thu")
    assert registry.failures == ()
    info = registry.list_regimes("thu")[0]
    assert (info.id, info.plugin, info.status) == ("thu-2019", "itcriteria-thu", "provisional")
    card = registry.get_regime("thu-2019").score(
        {
            "unit": {"id": "a", "name": "A", "group": "so"},
            "answers": {"1": {"numerator": 3, "denominator": 4}},
        }
    )
    assert card.total == Decimal("7.50")


def test_a_plugin_registers_regime_objects_and_functions_that_rules_may_call(install: Install) -> None:
    """A registered function is usable in the rules of regime files, and regimes may be registered built."""
    install(
        "itcriteria-thu",
        """
        from decimal import Decimal

        @itcriteria.hookimpl
        def register_functions(register):
            register("half", lambda x: x / 2)

        @itcriteria.hookimpl
        def register_regimes(register):
            register(HERE / "thu-2019.toml")
            register(itcriteria.load_regime(HERE / "thu-2020.toml"))
        """,
        files={
            "thu-2019.toml": regime_toml("thu-2019", rule="half(ratio * max_points)"),
            "thu-2020.toml": regime_toml("thu-2020", start="2020-01-01", end=None),
        },
    )
    registry = itcriteria.load_plugins(["thu"])
    assert registry.failures == ()
    assert set(registry.functions) == {"half"}
    form = {
        "unit": {"id": "a", "name": "A", "group": "so"},
        "answers": {"1": {"numerator": 1, "denominator": 1}},
    }
    assert registry.get_regime("thu-2019").score(form).total == Decimal("5.00")
    assert registry.get_regime(province="thu", on=dt.date(2024, 5, 1)).id == "thu-2020"


@pytest.mark.parametrize(
    ("body", "cause"),
    [
        (
            "@itcriteria.hookimpl\ndef register_regime(register):\n    pass\n",
            "unknown hook 'register_regime'",
        ),
        (
            "@itcriteria.hookimpl\ndef register_regimes(reg):\n    pass\n",
            "register_regimes",
        ),
        ("import itcriteria_no_such_module\n", "ModuleNotFoundError"),
        (
            '@itcriteria.hookimpl\ndef register_regimes(register):\n    register(HERE / "bad.toml")\n',
            "effective.end",
        ),
        (
            '@itcriteria.hookimpl\ndef register_regimes(register):\n    register(HERE / "nottoml.toml")\n',
            "not a valid TOML file",
        ),
        (
            '@itcriteria.hookimpl\ndef register_functions(register):\n    register("min", min)\n',
            "would replace the built-in function",
        ),
        (
            '@itcriteria.hookimpl\ndef register_functions(register):\n    register("run", eval)\n',
            "which rules may not call",
        ),
        (
            "@itcriteria.hookimpl\ndef register_ranking_policies(register):\n    register('dense')\n",
            "RankingPolicy",
        ),
        (
            '@itcriteria.hookimpl\ndef register_regimes(register):\n    register(str(HERE / "empty"))\n',
            "no regime file (*.toml) in",
        ),
        (
            '@itcriteria.hookimpl\ndef register_regimes(register):\n    register(HERE / "nopolicy.toml")\n',
            "ranking_policy 'no-such-policy' is not registered",
        ),
    ],
    ids=["misspelled-hook", "wrong-argument", "import-error", "bad-heading", "not-toml", "builtin-name",
         "eval", "not-a-policy", "empty-folder", "unknown-policy"],
)  # fmt: skip
def test_a_failing_plugin_is_reported_and_the_others_stay_usable(
    install: Install, body: str, cause: str
) -> None:
    """A plugin that fails in any way (a regime file unreadable or with a bad heading included) is named
    with its distribution and cause when the plugins load; other plugins still work."""
    install(
        "itcriteria-thu-ok", REGISTER_FILES, files={"ok-2019.toml": regime_toml("ok-2019", province="ok")}
    )
    install(
        "itcriteria-thu-broken",
        body,
        files={
            "bad.toml": regime_toml("broken-2019", province="broken", end="2018-12-31"),
            "nottoml.toml": regime_toml("broken-2019", province="broken").replace(
                'status = "provisional"', 'status = "provisional'
            ),
            "nopolicy.toml": regime_toml("broken-2019", province="broken", policy="no-such-policy"),
        },
    )
    with pytest.warns(itcriteria.PluginWarning, match="itcriteria-thu-broken"):
        registry = itcriteria.load_plugins(["thu-ok", "thu-broken"])
    assert [f.plugin for f in registry.failures] == ["itcriteria-thu-broken"]
    assert cause in registry.failures[0].cause
    assert "thu-broken = itcriteria_fake_" in registry.failures[0].entry_point
    assert fake_names(registry) == {"itcriteria-thu-ok"}
    assert registry.get_regime("ok-2019").id == "ok-2019"
    assert "broken-2019" not in registry.regimes
    expected = "plugin failed to load: itcriteria-thu-broken"

    with pytest.raises(itcriteria.RegimeNotFoundError, match=expected):
        registry.get_regime("broken-2019")


def test_a_failed_plugin_contributes_nothing_from_its_earlier_hooks(install: Install) -> None:
    """Functions and policies of a plugin whose regimes fail are dropped with it."""
    install(
        "itcriteria-thu",
        """
        @itcriteria.hookimpl
        def register_functions(register):
            register("twice", lambda x: x * 2)

        @itcriteria.hookimpl
        def register_ranking_policies(register):
            register(itcriteria.RankingPolicy("thu", itcriteria.Text("Thử")))

        @itcriteria.hookimpl
        def register_regimes(register):
            raise RuntimeError("data missing")
        """,
    )
    with pytest.warns(itcriteria.PluginWarning, match="RuntimeError: data missing"):
        registry = itcriteria.load_plugins(["thu"])
    assert "twice" not in registry.functions
    assert set(registry.policies) == {"competition", "dense"}


def test_a_regime_registered_by_two_plugins_is_an_error_naming_both(install: Install) -> None:
    """The same regime id from two distributions is a PluginError naming both distributions."""
    install("itcriteria-thu-a", REGISTER_FILES, files={"x.toml": regime_toml("thu-2019")})
    install("itcriteria-thu-b", REGISTER_FILES, files={"x.toml": regime_toml("thu-2019")})
    with pytest.raises(
        itcriteria.PluginError,
        match=r"regime 'thu-2019' is registered by itcriteria-thu-a and itcriteria-thu-b",
    ):
        itcriteria.load_plugins(["thu-a", "thu-b"])


def test_overlapping_regimes_make_only_that_province_and_day_ambiguous(install: Install) -> None:
    """Two regimes of a province in force on one day: that lookup is a PluginError naming both and how to
    choose; lookups by id, on other days and of other provinces work, and the overlap is listed."""
    install(
        "itcriteria-thu",
        REGISTER_FILES,
        files={
            "a.toml": regime_toml("thu-2019", start="2019-01-01", end="2019-12-31"),
            "b.toml": regime_toml("thu-2020", start="2019-12-31", end=None),
        },
    )
    registry = itcriteria.load_plugins(["thu", "binhthuan"])
    with pytest.raises(
        itcriteria.PluginError, match=r"thu-2019 .* and thu-2020 .* in force on 31/12/2019"
    ) as caught:
        registry.get_regime(province="thu", on="31/12/2019")
    assert "itcriteria-thu" in str(caught.value) and "get_regime('thu-2019')" in str(caught.value)
    assert registry.get_regime(province="thu", on="30/12/2019").id == "thu-2019"
    assert registry.get_regime(province="thu", on="01/01/2020").id == "thu-2020"
    assert registry.get_regime("thu-2020").id == "thu-2020"
    assert registry.get_regime(province="binhthuan", on="15/09/2019").id == "binhthuan-2019"
    (overlap,) = registry.overlaps
    assert "thu-2019" in overlap and "thu-2020" in overlap and "31/12/2019" in overlap


def test_a_policy_or_function_registered_twice_is_an_error(install: Install) -> None:
    """A ranking policy id or function name offered by two plugins is a PluginError naming both."""
    body = """
    @itcriteria.hookimpl
    def register_functions(register):
        register("half", lambda x: x / 2)
    """
    install("itcriteria-thu-a", body)
    install("itcriteria-thu-b", body)
    with pytest.raises(
        itcriteria.PluginError, match="function 'half' is registered by itcriteria-thu-a and itcriteria-thu-b"
    ):
        itcriteria.load_plugins(["thu-a", "thu-b"])


def test_a_host_restricts_which_plugins_load_by_argument_or_environment(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the named plugins load, named by argument or $ITCRITERIA_PLUGINS; an unknown name is an error."""
    install("itcriteria-thu-a", REGISTER_FILES, files={"x.toml": regime_toml("a-2019", province="a")})
    install("itcriteria-thu-b", REGISTER_FILES, files={"x.toml": regime_toml("b-2019", province="b")})
    assert fake_names(itcriteria.load_plugins(["itcriteria-thu-a"])) == {"itcriteria-thu-a"}
    monkeypatch.setenv("ITCRITERIA_PLUGINS", "thu-b")
    assert fake_names(itcriteria.load_plugins()) == {"itcriteria-thu-b"}
    monkeypatch.setenv("ITCRITERIA_PLUGINS", "")
    assert itcriteria.load_plugins().plugins == ("itcriteria",)
    with pytest.raises(
        itcriteria.PluginError, match=r"no plugin named thu-c is installed \(installed: .*itcriteria-thu-a"
    ):
        itcriteria.load_plugins(["thu-c"])


def test_lookup_errors_list_what_is_installed(install: Install) -> None:
    """Unknown ids, provinces and days without a regime in force are errors listing what is installed."""
    install("itcriteria-thu", REGISTER_FILES, files={"x.toml": regime_toml("thu-2019")})
    registry = itcriteria.load_plugins(["thu"])
    with pytest.raises(
        itcriteria.RegimeNotFoundError, match=r"no regime 'thu-2018' is installed; installed: thu-2019"
    ):
        registry.get_regime("thu-2018")
    with pytest.raises(
        itcriteria.RegimeNotFoundError, match=r"province 'xyz' is installed \(provinces: thu\)"
    ):
        registry.get_regime(province="xyz", on="15/09/2019")
    with pytest.raises(
        itcriteria.RegimeNotFoundError, match=r"in force on 15/09/2020 \(thu-2019 01/01/2019–31/12/2019\)"
    ):
        registry.get_regime(province="thu", on="15/09/2020")
    assert registry.get_regime(province="thu", on="2019-09-15").id == "thu-2019"
    with pytest.raises(TypeError):
        registry.get_regime("thu-2019", province="thu")
    with pytest.raises(itcriteria.RegimeNotFoundError, match="no ranking policy 'nope'"):
        registry.ranking_policy("nope")


def test_a_host_may_register_a_plugin_object_without_an_entry_point() -> None:
    """``extra`` plugins go through the same hooks and checks as installed ones."""

    class Host:
        @itcriteria.hookimpl
        def register_ranking_policies(self, register: hookspecs.RegisterRankingPolicy) -> None:
            register(itcriteria.RankingPolicy("host", itcriteria.Text("Chủ"), "dense"))

    registry = itcriteria.load_plugins([], extra=[("host-app", Host())])
    assert registry.plugins == ("itcriteria", "host-app")
    assert registry.ranking_policy("host").method == "dense"


def test_the_core_registers_its_policies_through_the_same_hooks() -> None:
    """With no plugin at all, the built-in ranking policies are registered by the core as a plugin."""
    registry = itcriteria.load_plugins([])
    assert registry.plugins == ("itcriteria",)
    assert {p: registry.ranking_policy(p).method for p in ("competition", "dense")} == {
        "competition": "competition",
        "dense": "dense",
    }


def test_importing_the_library_builds_no_plugin_manager() -> None:
    """The plugin manager is built on first lookup, never at import time."""
    code = "import itcriteria, itcriteria.registry.plugins as p; print(p._default.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_every_hook_is_typed_and_documents_its_parameters() -> None:
    """Each hookspec has annotations and a docstring with a :param: line for every parameter."""
    hooks = [name for name in hookspecs.__all__ if name.startswith("register_")]
    assert hooks == ["register_functions", "register_ranking_policies", "register_regimes"]
    for name in hooks:
        function = getattr(hookspecs, name)
        params = list(function.__code__.co_varnames[: function.__code__.co_argcount])
        assert set(function.__annotations__) == {*params, "return"}
        for param in params:
            assert f":param {param}:" in function.__doc__


def test_rank_takes_a_registered_policy() -> None:
    """A ranking policy's method decides how ties are numbered."""
    totals = [{"unit": u, "group": "g", "total": t} for u, t in [("a", 9), ("b", 8), ("c", 8), ("d", 7)]]
    dense = itcriteria.load_plugins([]).ranking_policy("dense")
    assert [r.rank for r in itcriteria.rank(totals, policy=dense)] == [1, 2, 2, 3]
    assert [r.rank for r in itcriteria.rank(totals)] == [1, 2, 2, 4]
    with pytest.raises(TypeError):
        itcriteria.rank(totals, policy=dense, method="dense")


def test_a_broken_plugin_is_one_line_on_the_command_line(install: Install, tmp_path: Path) -> None:
    """``itcriteria list`` with a plugin that fails to load prints one warning line naming the plugin and
    its cause, no Python source path, and still lists the rest (issue 18)."""
    import os

    install("itcriteria-thu-broken", "raise RuntimeError('data missing')\n")
    site = tmp_path / "site"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-m", "itcriteria", "list"]
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env)
    assert done.returncode == 0, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("cảnh báo: itcriteria plugin failed to load: itcriteria-thu-broken")
    assert "RuntimeError: data missing" in line and ".py:" not in line
    assert "binhthuan-2019" in done.stdout


# --- Regimes checked on first use ----------------------------------------------------------------------

BROKEN_RULE = "ratio * max_points + nowhere"  # a name no rule may use: found only when compiled


def install_one_broken(install: Install) -> None:
    """One plugin of two regime files: thu-2019 sound, thu-2020 with a rule that does not compile."""
    install(
        "itcriteria-thu",
        REGISTER_FILES,
        files={
            "a.toml": regime_toml("thu-2019"),
            "b.toml": regime_toml("thu-2020", start="2020-01-01", end=None, rule=BROKEN_RULE),
        },
    )


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m itcriteria ARGS`` seeing the plugins the ``install`` fixture put in tmp_path/site."""
    import os

    site = tmp_path / "site"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
        "ITCRITERIA_PLUGINS": "thu",
    }
    command = [sys.executable, "-m", "itcriteria", *args]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env, check=False)


def test_listing_reads_headings_and_compiles_no_rule(install: Install) -> None:
    """Loading the plugins lists every regime from its file's heading, none of them compiled yet; the
    first lookup compiles that one regime only, and later lookups return the same regime."""
    install_one_broken(install)
    registry = itcriteria.load_plugins(["thu"])
    assert registry.failures == ()
    infos = registry.list_regimes("thu")
    assert [(i.id, i.state, i.error) for i in infos] == [
        ("thu-2019", "unchecked", None),
        ("thu-2020", "unchecked", None),
    ]
    assert infos[1].effective == itcriteria.Period(dt.date(2020, 1, 1))
    assert infos[1].legal_basis[0].decision == "1/QĐ-UBND" and infos[1].title.vi == "Bộ tiêu chí thử thu-2020"
    regime = registry.get_regime("thu-2019")
    assert [i.state for i in infos] == ["valid", "unchecked"]
    assert registry.get_regime(province="thu", on="15/09/2019") is regime is infos[0].regime


def test_a_broken_rule_fails_only_its_own_regime_when_first_used(install: Install) -> None:
    """A regime whose rule does not compile is listed, and fails its own lookups (by id and by province
    and day) with every problem, its file and its plugin; the plugin's other regime still scores."""
    install_one_broken(install)
    registry = itcriteria.load_plugins(["thu"])
    form = {
        "unit": {"id": "a", "name": "A", "group": "so"},
        "answers": {"1": {"numerator": 1, "denominator": 2}},
    }
    assert registry.get_regime("thu-2019").score(form).total == Decimal("5.00")
    for lookup in (
        lambda: registry.get_regime("thu-2020"),
        lambda: registry.get_regime(province="thu", on="2021-01-01"),
    ):
        with pytest.raises(itcriteria.RegimeError, match=r"b\.toml, plugin itcriteria-thu") as caught:
            lookup()
        (problem,) = caught.value.problems
        assert problem.where == "criteria[0].rule" and "nowhere" in problem.message
    info = registry.regimes["thu-2020"]
    assert info.state == "broken" and info.error is not None and info.error.problems == caught.value.problems
    assert registry.regimes["thu-2019"].state == "valid"


def test_check_validates_every_regime_once_and_returns_the_broken_ones(install: Install) -> None:
    """``Registry.check()`` compiles every regime and returns the broken ones; eight threads asking for
    one regime at once get the one regime compiled once."""
    from concurrent.futures import ThreadPoolExecutor

    install_one_broken(install)
    registry = itcriteria.load_plugins(["thu"])
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda _: registry.get_regime("thu-2019"), range(8)))
    assert all(regime is got[0] for regime in got)
    (broken,) = registry.check()
    again = broken.check()
    assert broken.id == "thu-2020" and again is not None and broken.error is not None
    assert again.problems == broken.error.problems
    assert [i.state for i in registry.list_regimes()] == ["valid", "broken"]
    assert registry.get_regime("thu-2019") is got[0]


def test_itcriteria_list_says_what_is_unchecked_and_check_shows_the_broken(
    install: Install, tmp_path: Path
) -> None:
    """``itcriteria list`` lists a plugin with a broken rule without a warning and says how many regimes are
    not checked yet; ``list --check`` shows the broken one with its problem and exits 1; ``validate``
    names the problem, the file and the plugin, and passes the plugin's sound regime."""
    install_one_broken(install)
    listed = run_cli(tmp_path, "list", "--lang", "en")
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    lines = listed.stdout.splitlines()
    assert [line.split()[0] for line in lines[:2]] == ["thu-2019", "thu-2020"]
    assert lines[2:] == [
        "not checked yet: the criteria and rules of 2 regimes are checked on first use "
        "(itcriteria list --check checks them all now)"
    ]
    checked = run_cli(tmp_path, "list", "--check", "--lang", "en")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    lines = checked.stdout.splitlines()
    assert lines[1].startswith("thu-2020 ") and "not checked" not in checked.stdout
    assert lines[2].startswith("  broken: regime thu-2020 (") and "b.toml, plugin itcriteria-thu" in lines[2]
    assert "criteria[0].rule" in lines[3] and "nowhere" in lines[3]
    vi = run_cli(tmp_path, "list", "--check")
    assert "  lỗi: regime thu-2020 (" in vi.stdout
    validated = run_cli(tmp_path, "validate", "thu-2020")
    assert validated.returncode == 1
    assert "plugin itcriteria-thu" in validated.stderr and "criteria[0].rule" in validated.stderr
    assert run_cli(tmp_path, "validate", "thu-2019").returncode == 0


def test_itcriteria_list_shows_a_province_and_day_conflict(install: Install, tmp_path: Path) -> None:
    """``itcriteria list`` prints each pair of a province's regimes in force on one day as a conflict line
    naming both regimes, their plugins and the day, in Vietnamese and in English (issue 17)."""
    install(
        "itcriteria-thu",
        REGISTER_FILES,
        files={
            "a.toml": regime_toml("thu-2019", start="2019-01-01", end="2019-12-31"),
            "b.toml": regime_toml("thu-2020", start="2019-12-31", end=None),
        },
    )
    expected = (
        "regimes thu-2019 (itcriteria-thu, 01/01/2019–31/12/2019) and thu-2020 (itcriteria-thu, "
        "31/12/2019–…) of thu are both in force on 31/12/2019"
    )
    english = run_cli(tmp_path, "list", "--lang", "en")
    assert english.returncode == 0, english.stderr
    assert f"conflict: {expected}" in english.stdout.splitlines()
    assert f"xung đột: {expected}" in run_cli(tmp_path, "list").stdout.splitlines()


def test_a_file_broken_after_its_heading_is_found_when_first_used(install: Install) -> None:
    """A regime file whose TOML breaks only in its criteria is listed from its heading and is a
    RegimeError naming the file when used; a heading table after the criteria is still read."""
    heading_last = regime_toml("thu-2020", start="2020-01-01", end=None)
    effective = heading_last[heading_last.index("[effective]") : heading_last.index("[[groups]]")]
    install(
        "itcriteria-thu",
        REGISTER_FILES,
        files={
            "a.toml": regime_toml("thu-2019").replace("max = 10", "max = "),
            "b.toml": heading_last.replace(effective, "") + "\n" + effective,
        },
    )
    registry = itcriteria.load_plugins(["thu"])
    assert registry.failures == ()
    with pytest.raises(
        itcriteria.RegimeError, match=r"(?s)a\.toml, plugin itcriteria-thu.*not a valid TOML file"
    ):
        registry.get_regime("thu-2019")
    assert registry.regimes["thu-2020"].effective == itcriteria.Period(dt.date(2020, 1, 1))
    assert registry.get_regime(province="thu", on="2024-01-01").id == "thu-2020"
