"""Regime files: loading, structuring with cattrs, and whole-file validation with paths."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

import itcriteria
from builders import build, leaf, parent, ratio, regime_data
from itcriteria import RegimeError


def problems_of(excinfo: pytest.ExceptionInfo[RegimeError]) -> dict[str, str]:
    return {p.where: p.message for p in excinfo.value.problems}


def test_example_regime_loads_into_frozen_model(example: itcriteria.Regime) -> None:
    """The bundled example file becomes a Regime with typed, frozen values."""
    assert example.id == "example-2019"
    assert example.legal_basis[0].date == dt.date(2017, 12, 18)
    assert example.criterion("1.1").max == Decimal(8)
    assert example.criterion("1.1").indicator == itcriteria.Ratio(
        itcriteria.Text("Số CBCC có máy tính", "Staff with a computer"),
        itcriteria.Text("Tổng số CBCC", "All staff"),
    )
    assert example.max_points("so-nganh") == example.max_points("huyen") == Decimal(100)
    assert [c.id for c in example.leaves("huyen")][:6] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]
    assert "2.4" not in {c.id for c in example.leaves("huyen")}
    with pytest.raises(AttributeError):
        example.id = "other"  # type: ignore[misc]


def test_regime_round_trips_through_plain_data(example: itcriteria.Regime) -> None:
    """Unstructuring a regime and loading the data again gives an equal regime."""
    data = itcriteria.regime_to_dict(example)
    assert itcriteria.regime_from_dict(data) == example


def test_every_semantic_problem_is_reported_at_once_with_paths() -> None:
    """Unknown rule names, duplicate ids, uncapped children, band gaps and a wrong total are all listed."""
    data = regime_data(
        parent(
            "1",
            10,
            leaf("1.1", 6, ratio(), rule="ratoi * max_points"),
            leaf("1.2", 6, ratio()),
        ),
        leaf("1.1", 5, {"kind": "yes_no", "label": "Có"}),
        max_total=20,
        bands=[
            {"id": "tot", "title": "Tốt", "min": 8},
            {"id": "kha", "title": "Khá", "min": 4, "below": 7},
            {"id": "yeu", "title": "Yếu", "below": 5},
        ],
    )
    with pytest.raises(RegimeError) as excinfo:
        itcriteria.regime_from_dict(data)
    found = problems_of(excinfo)
    assert "unknown name 'ratoi'" in found["criteria[0].children[0].rule"]
    assert "duplicate id '1.1'" in found["criteria[1].id"]
    assert "above the max 10" in found["criteria[0].max"]
    assert "capped_sum" in found["criteria[0].max"]
    assert "stated total 20" in found["max_total"] and "(15)" in found["max_total"]
    assert "band 'kha' overlaps band 'yeu'" in found["bands[1]"]
    assert "from 7 to 8" in found["bands[0].min"]
    assert str(excinfo.value).startswith("regime test-2019: ")
    assert len(excinfo.value.problems) >= 6


def test_capped_sum_declares_the_cap() -> None:
    """Children above the parent's max are accepted when the parent declares capped_sum."""
    regime = build(
        parent("1", 10, leaf("1.1", 6, ratio()), leaf("1.2", 6, ratio()), combine="capped_sum"),
    )
    assert regime.criterion("1").combine == "capped_sum"


def test_children_below_parent_max_is_an_error() -> None:
    """A parent whose children cannot reach its max is reported, naming both numbers."""
    with pytest.raises(RegimeError) as excinfo:
        build(parent("1", 10, leaf("1.1", 6, ratio())))
    assert "add up to 6, below the max 10" in problems_of(excinfo)["criteria[0].max"]


def test_structural_errors_are_all_listed_with_paths() -> None:
    """Wrong types, unknown keys, missing fields and unknown indicator kinds are listed together."""
    data = regime_data(
        parent(
            "1",
            "ten",
            leaf("1.1", 5, ratio(extra="x")),
            leaf("1.2", 5, {"kind": "percentage", "label": "x"}),
        ),
        leaf("2", 3, {"kind": "yes_no"}),
    )
    del data["province"]
    with pytest.raises(RegimeError) as excinfo:
        itcriteria.regime_from_dict(data)
    found = problems_of(excinfo)
    assert "expected a number" in found["criteria[0].max"]
    assert "unknown field(s) extra" in found["criteria[0].children[0].indicator"]
    assert "kind 'percentage'" in found["criteria[0].children[1].indicator"]
    assert found["criteria[1].indicator.label"] == "required field missing"
    assert found["province"] == "required field missing"


def test_rule_security_is_checked_when_the_regime_loads() -> None:
    """A hostile rule is rejected at load time with the rule's path, not when a form is scored."""
    with pytest.raises(RegimeError) as excinfo:
        build(leaf("1", 10, ratio(), rule="ratio.__class__"))
    assert "criteria[0].rule" in problems_of(excinfo)


def test_count_and_number_need_a_rule() -> None:
    """Counts and numbers have no default rule, so a missing one is reported."""
    with pytest.raises(RegimeError) as excinfo:
        build(leaf("1", 10, {"kind": "count", "label": "Số"}))
    assert "needs a rule" in problems_of(excinfo)["criteria[0].rule"]


def test_official_status_requires_official_criteria() -> None:
    """A regime claiming official status is rejected when a criterion is derived or assumed."""
    with pytest.raises(RegimeError) as excinfo:
        build(leaf("1", 10, ratio(), provenance="assumed"), status="official")
    assert "provisional" in problems_of(excinfo)["status"]
    assert build(leaf("1", 10, ratio()), status="official").status == "official"


def test_ids_follow_dotted_numbering_of_their_parent() -> None:
    """A child's id continues its parent's numbering, and ids are dotted numbers or letters."""
    with pytest.raises(RegimeError) as excinfo:
        build(parent("1", 10, leaf("2.1", 10, ratio())), leaf("3 a", 0, ratio()))
    found = problems_of(excinfo)
    assert "does not continue" in found["criteria[0].children[0].id"]
    assert "dotted numbering" in found["criteria[1].id"]


def test_benchmarks_choice_levels_and_groups_are_checked() -> None:
    """Benchmarks fit their indicator, choice fractions lie in 0–1, groups exist."""
    levels = [{"id": "a", "title": "A", "fraction": 1}, {"id": "a", "title": "B", "fraction": 2}]
    with pytest.raises(RegimeError) as excinfo:
        build(
            leaf("1", 4, ratio(), benchmark={"ratio": 80}),
            leaf("2", 3, {"kind": "choice", "label": "Mức", "levels": levels}),
            leaf("3", 3, {"kind": "yes_no", "label": "Có"}, benchmark={"value": 1}, groups=["xa"]),
        )
    found = problems_of(excinfo)
    assert "outside 0–1" in found["criteria[0].benchmark.ratio"]
    assert "declared twice" in found["criteria[1].indicator.levels[1].id"]
    assert "outside 0–1" in found["criteria[1].indicator.levels[1].fraction"]
    assert "count or number" in found["criteria[2].benchmark.value"]
    assert "unknown unit group 'xa'" in found["criteria[2].groups"]


def test_regime_built_in_python_is_validated_too() -> None:
    """Building a Regime directly runs the same whole-tree validation as loading a file."""
    regime = build(leaf("1", 10, ratio()))
    bad = itcriteria.Criterion(
        id="1", title=itcriteria.Text("A"), max=Decimal(5), indicator=itcriteria.YesNo(itcriteria.Text("x"))
    )
    with pytest.raises(RegimeError) as excinfo:
        itcriteria.Regime(
            id=regime.id,
            province=regime.province,
            title=regime.title,
            legal_basis=regime.legal_basis,
            effective=regime.effective,
            groups=regime.groups,
            criteria=(bad, bad),
        )
    assert "duplicate id '1'" in problems_of(excinfo)["criteria[1].id"]
    assert "cites its source" in problems_of(excinfo)["criteria[0].source"]


def test_bad_toml_and_missing_files_are_regime_errors(tmp_path: Path) -> None:
    """A file that is not TOML, or not there, is a RegimeError naming the file."""
    broken = tmp_path / "broken.toml"
    broken.write_text("id = [unclosed", encoding="utf-8")
    with pytest.raises(RegimeError, match=r"(?s)broken.toml.*not a valid TOML file"):
        itcriteria.load_regime(broken)
    with pytest.raises(RegimeError, match="cannot read the file"):
        itcriteria.load_regime(tmp_path / "missing.toml")


def test_percent_bands_cover_zero_to_hundred() -> None:
    """Bands on the percent of the maximum must reach 100, whatever the points."""
    bands = [{"id": "a", "title": "A", "min": 50, "below": 90}, {"id": "b", "title": "B", "below": 50}]
    with pytest.raises(RegimeError) as excinfo:
        build(leaf("1", 10, ratio()), band_basis="percent", bands=bands)
    assert "up to 100" in problems_of(excinfo)["bands[0].below"]


def test_structural_and_rule_problems_are_reported_together() -> None:
    """A file with a type error in one criterion still gets the rule errors of the others."""
    data = regime_data(
        leaf("1", "ten", ratio()),
        leaf("2", 5, ratio(), rule="ratoi * max_points"),
        parent("3", 5, leaf("3.1", 5, {"kind": "yes_no", "label": "Có"}, rule="open('x')")),
    )
    with pytest.raises(RegimeError) as excinfo:
        itcriteria.regime_from_dict(data)
    found = problems_of(excinfo)
    assert "expected a number" in found["criteria[0].max"]
    assert "unknown name 'ratoi'" in found["criteria[1].rule"]
    assert "open" in found["criteria[2].children[0].rule"]


def test_a_value_benchmark_outside_the_indicators_range_is_refused() -> None:
    """A benchmark value a number indicator cannot take (5 on 0–1) or a negative count is a regime error."""
    number = {"kind": "number", "label": "Chỉ số", "min": 0, "max": 1}
    count = {"kind": "count", "label": "Số"}
    with pytest.raises(itcriteria.RegimeError) as info:
        build(
            leaf("1", 5, number, rule="value * max_points", benchmark={"value": 5}),
            leaf("2", 5, count, rule="min(count, 5)", benchmark={"value": -1}),
        )
    assert [(p.criterion, p.field) for p in info.value.problems] == [
        ("1", "benchmark.value"),
        ("2", "benchmark.value"),
    ]


def test_higher_is_better_is_true_or_false_only() -> None:
    """A criterion's ``higher_is_better`` flag is a boolean; text or numbers are refused, not coerced."""
    with pytest.raises(
        itcriteria.RegimeError, match=r"criteria\[0\]\.higher_is_better: expected true or false"
    ):
        build(leaf("1", 5, ratio(), higher_is_better="no"))
    assert build(leaf("1", 5, ratio(), higher_is_better=False)).criterion("1").higher_is_better is False


def test_a_file_with_seven_mistakes_reports_all_seven(tmp_path: Path) -> None:
    """Structural mistakes (a benchmark given as a bare number, a misspelt provenance, an unknown key)
    no longer hide the checks that need the whole regime: a rule typo, a wrong max_total and a gap
    between bands are reported in the same error (issue 18)."""
    text = (Path(itcriteria.__file__).parent / "examples" / "example-2019.toml").read_text("utf-8")
    text = text.replace("benchmark = { ratio = 1 }", "benchmark = 0.8", 1)
    text = text.replace('rule = "ratio * max_points"', 'rule = "ratio * max_pionts"', 1)
    text = text.replace("max_total = 100", "max_total = 90", 1)
    text = text.replace("min = 70\nbelow = 85", "min = 70\nbelow = 84", 1)
    text = text.replace('  id = "1.2"\n', '  id = "1.2"\n  colour = "x"\n', 1)
    text = text.replace('provenance = "derived"', 'provenance = "derivd"', 1)
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RegimeError) as excinfo:
        itcriteria.load_regime(tmp_path / "bad.toml")
    found = [(p.where.split(" (")[0], p.message) for p in excinfo.value.problems]
    wheres = [where for where, _ in found]
    assert wheres == [
        "criteria[0].children[0].benchmark",
        "criteria[0].children[1]",
        "criteria[0].provenance",
        "criteria[0].children[0].rule",
        "max_total",
        "max_total",
        "bands[0].min",
    ]
    messages = dict(found)
    assert messages["criteria[0].children[0].benchmark"] == (
        "expected a table with ratio, points or value, got the number 0.8"
    )
    assert messages["criteria[0].provenance"] == (
        'expected one of "official", "derived", "assumed", got "derivd"'
    )
    assert messages["criteria[0].children[1]"] == "unknown field(s) colour"
    assert "unknown name 'max_pionts'" in messages["criteria[0].children[0].rule"]
    assert "stated total 90" in messages["max_total"]
    assert "between bands 'kha' and 'tot'" in messages["bands[0].min"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("benchmark", 0.8, "expected a table with ratio, points or value, got the number 0.8"),
        ("benchmark", "80%", 'expected a table with ratio, points or value, got "80%"'),
        ("indicator", True, "expected an indicator table with kind = one of"),
        ("provenance", 1, 'expected one of "official", "derived", "assumed", got the number 1'),
        ("combine", "add", 'expected one of "sum", "capped_sum", "best", got "add"'),
    ],
)
def test_messages_speak_of_the_file_not_of_python(key: str, value: object, message: str) -> None:
    """A wrong value is explained in the regime file's own terms, never as a Python error such as
    "argument of type 'float' is not iterable" (issue 18)."""
    data = regime_data(leaf("1", 10, ratio()))
    data["criteria"][0][key] = value
    with pytest.raises(RegimeError) as excinfo:
        itcriteria.regime_from_dict(data)
    (problem,) = [p for p in excinfo.value.problems if p.where == f"criteria[0].{key}"]
    assert problem.message.startswith(message)
    assert "iterable" not in problem.message and "Literal" not in problem.message


def test_the_heading_read_before_the_criteria_is_the_whole_files() -> None:
    """For every bundled regime file, the heading read from the text before its criteria (what listings
    show) equals the heading of the regime built from the whole file."""
    from itcriteria.regimes import RegimeHeading, load_regime, read_heading, read_regime_text

    root = Path(__file__).resolve().parents[2]
    files = [
        *sorted(root.glob("plugins/*/src/*/regimes/*.toml")),
        root / "src/itcriteria/examples/example-2019.toml",
    ]
    assert len(files) >= 8
    for file in files:
        text = read_regime_text(file)
        assert "[[criteria]]" in text
        assert read_heading(text, origin=str(file)) == RegimeHeading.of(load_regime(file)), file
