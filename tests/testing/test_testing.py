"""itcriteria.testing: its strategies draw what they promise, and check_regime finds every broken law."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

import itcriteria
from builders import build, form, leaf, parent, ratio
from itcriteria import testing
from itcriteria.exceptions import ExpressionError, ItcriteriaError
from itcriteria.expressions import ExpressionLimits, compile
from itcriteria.model.edges import edges
from itcriteria.scoring.scorer import ScoreCard
from itcriteria.testing import (
    LAWS,
    InvalidSubmission,
    LawReport,
    RegimeLawError,
    check_regime,
    cohorts,
    expressions,
    hostile_expressions,
    invalid_submissions,
    regimes,
    submissions,
)
from itcriteria.testing import laws as _testing_laws

COUNT = {"kind": "count", "label": "Số lượng"}
NUMBER = {"kind": "number", "label": "Giá trị"}
YES_NO = {"kind": "yes_no", "label": "Có"}
FEW = 50  # examples per law where a test only needs check_regime to find a plain defect
FIXED = settings(derandomize=True)  # ... in a search that goes the same way on every run
NESTED = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
SEARCH = settings(
    max_examples=5000, deadline=None, database=None, phases=[Phase.generate]
)  # found, not shrunk


def healthy() -> itcriteria.Regime:
    """A small regime of every kind that keeps every law."""
    return build(
        parent(
            "1",
            10,
            leaf("1.1", 6, ratio(), rule="steps(ratio, 0.8, 6, 0.5, 3)", benchmark={"ratio": 0.9}),
            leaf("1.2", 4, COUNT, rule="per_item(count, 1, 4)"),
        ),
        leaf("2", 5, YES_NO),
        bands=[{"id": "dat", "title": "Đạt", "min": 8}, {"id": "chua", "title": "Chưa đạt", "below": 8}],
    )


def failures(report: LawReport) -> dict[str, testing.LawFailure]:
    return {failure.law: failure for failure in report.failures}


# --- The public surface ------------------------------------------------------------------------------


def test_public_classes_show_the_testing_path() -> None:
    """Classes of itcriteria.testing show ``itcriteria.testing.X``, not a private module."""
    for name in testing.__all__:
        value = getattr(testing, name)
        if inspect.isclass(value):
            assert value.__module__ == "itcriteria.testing", name


def test_the_core_and_the_pytest_plugin_never_import_hypothesis() -> None:
    """Importing itcriteria and its pytest plugin leaves Hypothesis out; itcriteria.testing brings it in."""
    code = (
        "import sys, itcriteria, itcriteria.pytest_plugin; before = 'hypothesis' in sys.modules; "
        "import itcriteria.testing; print(before, 'hypothesis' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


# --- check_regime on regimes that keep the laws --------------------------------------------------------


def test_the_example_regime_keeps_every_law(example: itcriteria.Regime) -> None:
    """The bundled example regime keeps every law, none skipped."""
    report = check_regime(example)
    assert report.ok and report.checked == tuple(LAWS) and not report.skipped


@NESTED
@given(regimes())
def test_random_regimes_keep_every_law(regime: itcriteria.Regime) -> None:
    """Every regime regimes() draws keeps every law (bands may be absent, and that law then skipped)."""
    report = check_regime(regime, max_examples=8, raise_on_failure=False)
    assert report.ok, str(report)
    assert set(report.skipped) <= {"bands_cover_range"}


# --- check_regime on regimes that break them ------------------------------------------------------------


def test_a_rule_that_falls_as_the_ratio_rises_breaks_higher_is_better() -> None:
    """A rule scoring less for a higher ratio is caught, with a counter-example that reproduces it."""
    regime = build(leaf("1", 6, ratio(), rule="(1 - ratio) * max_points"), bands=[])
    with pytest.raises(RegimeLawError) as caught:
        check_regime(regime, max_examples=FEW, settings=FIXED)
    assert [f.law for f in caught.value.failures] == ["higher_is_better"]
    example = caught.value.failures[0].example
    raised = json.loads(json.dumps(example["forms"]))
    raised[example["unit"]]["answers"][example["criterion"]] = example["better"]
    before, after = regime.score_all(example["forms"]), regime.score_all(raised)
    assert after[example["unit"]].total < before[example["unit"]].total
    assert "counter-example" in str(caught.value) and "higher_is_better" in str(caught.value)


def test_a_criterion_declared_not_higher_is_better_may_fall() -> None:
    """``higher_is_better = false`` in a regime exempts a criterion from the monotone law, like the option."""
    falling = leaf("1", 6, ratio(), rule="(1 - ratio) * max_points", higher_is_better=False)
    rising = leaf("2", 4, ratio())
    report = check_regime(build(falling, rising, bands=[]), max_examples=FEW, settings=FIXED)
    assert report.ok
    with pytest.raises(RegimeLawError, match="criterion 2"):
        check_regime(
            build(falling, leaf("2", 4, ratio(), rule="(1 - ratio) * max_points"), bands=[]),
            max_examples=FEW,
            settings=FIXED,
            laws=["higher_is_better"],
        )


def test_a_rule_above_its_maximum_breaks_within_bounds_at_the_smallest_count() -> None:
    """per_item capped above the maximum is caught at the first count past it, the edge of its cap."""
    regime = build(
        parent("1", 10, leaf("1.1", 6, ratio()), leaf("1.2", 4, COUNT, rule="per_item(count, 1, 5)")),
        bands=[],
    )
    report = check_regime(regime, max_examples=FEW, settings=FIXED, raise_on_failure=False)
    assert list(failures(report)) == ["within_bounds"]
    failure = failures(report)["within_bounds"]
    assert "outside 0–4" in failure.message
    assert [f["answers"]["1.2"] for f in failure.example] == [5]


def test_rounding_that_pushes_a_score_past_its_maximum_breaks_within_bounds() -> None:
    """A maximum of 7.5 rounded up to whole points can score 8, which check_regime reports."""
    regime = build(
        leaf("1", "7.5", ratio()),
        bands=[],
        rounding={"places": 0, "mode": "up", "stage": "leaf"},
    )
    report = check_regime(regime, max_examples=FEW, settings=FIXED, raise_on_failure=False)
    assert "within_bounds" in failures(report)
    assert "scored 8, outside 0–7.5" in failures(report)["within_bounds"].message


def test_a_rule_that_fails_on_valid_answers_breaks_valid_forms_score() -> None:
    """A rule dividing by zero for every answer is reported once; the laws it hides are skipped, with why."""
    regime = build(leaf("1", 4, COUNT, rule="max_points / (count - count)"), bands=[])
    report = check_regime(regime, max_examples=FEW, settings=FIXED, raise_on_failure=False)
    assert list(failures(report)) == ["valid_forms_score"]
    assert "division by zero" in failures(report)["valid_forms_score"].message
    assert set(report.skipped) == set(LAWS) - {"valid_forms_score"}
    assert report.skipped["bands_cover_range"] == "the regime declares no bands"
    assert all(
        "valid_forms_score" in why for law, why in report.skipped.items() if law != "bands_cover_range"
    )


def band(low: int | None = None, below: int | None = None, name: str = "a") -> itcriteria.Band:
    return itcriteria.Band(
        name,
        itcriteria.Text(name.upper()),
        None if low is None else Decimal(low),
        None if below is None else Decimal(below),
    )


@pytest.mark.parametrize(
    ("bands", "problem", "value"),
    [
        ((band(below=4), band(5, name="b")), "totals from 4 below 5 fall in no band", Decimal(4)),
        ((band(below=6), band(5, name="b")), "bands 'a' and 'b' overlap: 5 is in both", Decimal(5)),
        ((band(1, 12),), "totals from 0 below 1 fall in no band", Decimal(0)),
        ((band(below=8),), "totals from 8 up to 10 fall in no band", Decimal(8)),
    ],
    ids=["gap", "overlap", "bottom", "top"],
)
def test_bands_with_a_gap_or_an_overlap_break_bands_cover_range(
    bands: tuple[itcriteria.Band, ...], problem: str, value: Decimal
) -> None:
    """Bands validation would refuse, set on a regime after it was built, are reported with a total missed."""
    regime = build(leaf("1", 10, ratio()), bands=[{"id": "mot", "title": "Một"}])
    object.__setattr__(regime, "bands", bands)  # as a regime built around validation might carry
    report = check_regime(regime, laws=["bands_cover_range"], raise_on_failure=False)
    failure = failures(report)["bands_cover_range"]
    assert problem in failure.message
    assert failure.example == {"group": "so", "total": value}


def test_percent_bands_are_checked_over_0_to_100() -> None:
    """Bands on the percent of the maximum are checked over 0–100, whatever the groups' maxima."""
    regime = build(
        leaf("1", 10, ratio()),
        band_basis="percent",
        bands=[{"id": "mot", "title": "Một", "below": 50}, {"id": "hai", "title": "Hai", "min": 50}],
    )
    assert check_regime(regime, laws=["bands_cover_range"], max_examples=FEW).ok
    object.__setattr__(regime, "bands", regime.bands[:1])
    report = check_regime(regime, laws=["bands_cover_range"], raise_on_failure=False)
    assert failures(report)["bands_cover_range"].example == {"percent": Decimal(50)}


def test_a_parent_that_is_not_its_childrens_sum_breaks_totals_add_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """A scorer giving a parent a point more than its children is caught by totals_add_up."""
    real = vars(ScoreCard)["scores"].fget
    monkeypatch.setattr(ScoreCard, "scores", property(lambda card: {**real(card), "1": Decimal(99)}))
    report = check_regime(
        healthy(), laws=["totals_add_up"], max_examples=FEW, settings=FIXED, raise_on_failure=False
    )
    assert "criterion 1 (sum) scored 99" in failures(report)["totals_add_up"].message


def test_an_explanation_that_does_not_add_up_breaks_explanation_adds_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An explanation whose leaf points differ from its rule's result is caught by explanation_adds_up."""
    real = ScoreCard.to_dict

    def to_dict(card: ScoreCard) -> dict[str, Any]:
        data = real(card)
        data["criteria"][1]["explanation"]["raw"] = "0.5"
        return data

    monkeypatch.setattr(ScoreCard, "to_dict", to_dict)
    report = check_regime(
        healthy(), laws=["explanation_adds_up"], max_examples=FEW, settings=FIXED, raise_on_failure=False
    )
    assert "2: the rule gave 0.5" in failures(report)["explanation_adds_up"].message


def test_a_ranking_that_follows_input_order_breaks_ranking_ignores_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A ranking by position in the input instead of by total is caught by ranking_ignores_order."""

    def by_position(cards: list[ScoreCard], **_: object) -> tuple[itcriteria.RankRow, ...]:
        return tuple(
            itcriteria.RankRow(c.unit.id, c.unit.name, c.group, c.total, i) for i, c in enumerate(cards, 1)
        )

    monkeypatch.setattr(itcriteria.ranking, "rank", by_position)
    report = check_regime(
        healthy(), laws=["ranking_ignores_order"], max_examples=FEW, settings=FIXED, raise_on_failure=False
    )
    failure = failures(report)["ranking_ignores_order"]
    assert "in one order" in failure.message and sorted(failure.example["order"]) == [0, 1]


def test_an_explanation_that_changes_between_calls_breaks_scoring_is_repeatable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An explanation that is not the same twice is caught by scoring_is_repeatable."""
    real, calls = ScoreCard.explain, iter(range(10**9))
    monkeypatch.setattr(ScoreCard, "explain", lambda card, lang="vi": f"{real(card, lang)} #{next(calls)}")
    report = check_regime(
        healthy(), laws=["scoring_is_repeatable"], max_examples=FEW, settings=FIXED, raise_on_failure=False
    )
    assert "explanation differs" in failures(report)["scoring_is_repeatable"].message


# --- check_regime's options and report ------------------------------------------------------------------


def test_criteria_that_are_not_higher_is_better_are_left_out() -> None:
    """Naming a falling criterion, or its parent, in not_higher_is_better leaves it out of that law."""
    regime = build(parent("1", 6, leaf("1.1", 6, ratio(), rule="(1 - ratio) * max_points")), bands=[])
    assert check_regime(regime, max_examples=FEW, not_higher_is_better=["1.1"]).ok
    report = check_regime(regime, max_examples=FEW, not_higher_is_better=["1"])
    assert report.skipped == {
        "bands_cover_range": "the regime declares no bands",
        "higher_is_better": "no sub-criterion is taken as higher-is-better",
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"laws": ["within_bound"]}, "unknown laws ['within_bound']"),
        ({"not_higher_is_better": ["9"]}, "does not have: ['9']"),
        ({"max_examples": 0}, "max_examples must be a whole number >= 1"),
    ],
)
def test_bad_options_are_refused(options: dict[str, Any], message: str) -> None:
    """An unknown law, an unknown criterion or no examples is a ValueError saying so."""
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        check_regime(healthy(), **options)


def test_the_example_count_comes_from_the_argument_not_the_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    """max_examples bounds the examples of each law even when the Hypothesis settings ask for more."""
    calls = []
    law = _testing_laws.ON_FORMS["totals_add_up"]

    def counted(regime: itcriteria.Regime, forms: list[dict[str, Any]]) -> None:
        calls.append(forms)
        law(regime, forms)

    monkeypatch.setitem(_testing_laws.ON_FORMS, "totals_add_up", counted)
    check_regime(healthy(), laws=["totals_add_up"], max_examples=7, settings=settings(max_examples=1000))
    assert 1 <= len(calls) <= 7


def test_the_report_lists_every_broken_law_and_the_error_is_an_assertion() -> None:
    """Two broken laws are both in one report, and RegimeLawError is an ItcriteriaError and AssertionError."""
    regime = build(
        leaf("1", 6, ratio(), rule="(1 - ratio) * max_points"),
        leaf("2", 4, COUNT, rule="per_item(count, 1, 5)"),
        bands=[],
    )
    report = check_regime(regime, max_examples=FEW, settings=FIXED, raise_on_failure=False)
    assert not report.ok and set(failures(report)) == {"within_bounds", "higher_is_better"}
    with pytest.raises(RegimeLawError) as caught:
        report.raise_for_failures()
    assert isinstance(caught.value, ItcriteriaError) and isinstance(caught.value, AssertionError)
    assert caught.value.report is report
    text = str(caught.value)
    assert "2 of 8 laws broken" in text and text.count("counter-example") == 2
    assert "skipped bands_cover_range: the regime declares no bands" in text


def test_a_derandomized_search_finds_the_same_counter_example() -> None:
    """With settings(derandomize=True) two searches give the same counter-example."""
    regime = build(leaf("1", 6, ratio(), rule="(1 - ratio) * max_points"), bands=[])
    first, second = (
        check_regime(
            regime, laws=["higher_is_better"], max_examples=FEW, settings=FIXED, raise_on_failure=False
        )
        for _ in range(2)
    )
    assert first.failures == second.failures and first.failures


# --- The strategies ------------------------------------------------------------------------------------


def _rules(regime: itcriteria.Regime) -> list[str]:
    return [c.effective_rule or "" for c in regime.leaves()]


def _kinds(regime: itcriteria.Regime) -> set[str]:
    return {c.indicator.kind for c in regime.leaves() if c.indicator is not None}


def _capped(regime: itcriteria.Regime) -> bool:
    return any(c.combine == "capped_sum" and c.max < sum(x.max for x in c.children) for c in regime.walk())


def _indicators(regime: itcriteria.Regime, name: str, value: object) -> bool:
    return any(getattr(c.indicator, name, "") == value for c in regime.leaves())


@pytest.mark.parametrize(
    ("what", "condition"),
    [
        ("every indicator kind", lambda r: _kinds(r) == {"ratio", "count", "yes_no", "choice", "number"}),
        ("a best parent", lambda r: any(c.combine == "best" for c in r.walk())),
        ("a capped sum below its children", _capped),
        ("criteria three deep", lambda r: any(c.id.count(".") == 2 for c in r.walk())),
        ("sub-criteria of one group", lambda r: any(c.groups for c in r.walk() if c.id.count(".") > 0)),
        ("criteria of some groups", lambda r: any(c.groups for c in r.criteria)),
        ("percent bands", lambda r: r.band_basis == "percent" and len(r.bands) > 2),
        ("rounding of the total", lambda r: r.rounding.stage == "total" and r.rounding.places == 0),
        ("the cohort's best", lambda r: any("best" in rule for rule in _rules(r))),
        ("steps", lambda r: any("steps" in rule for rule in _rules(r))),
        ("a zero-denominator policy", lambda r: _indicators(r, "zero_denominator", "full")),
        ("an unbounded number", lambda r: _indicators(r, "min", None)),
        ("an official regime", lambda r: r.status == "official"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_regimes_reach_every_feature(what: str, condition: Callable[[itcriteria.Regime], bool]) -> None:
    """regimes() draws regimes with each feature of the model."""
    assert condition(find(regimes(), condition, settings=SEARCH))


@given(regimes(kinds=["yes_no", "choice"], cohort_rules=False, max_leaves=3, max_groups=1))
def test_regimes_keep_to_their_arguments(regime: itcriteria.Regime) -> None:
    """regimes() keeps to the kinds, leaf count and groups asked for, and to no cohort rules when asked."""
    assert {c.indicator.kind for c in regime.leaves() if c.indicator} <= {"yes_no", "choice"}
    assert len(regime.leaves()) <= 3 and len(regime.groups) == 1
    assert not any("best" in rule for rule in _rules(regime))


def test_regimes_refuse_unknown_kinds() -> None:
    """Asking regimes() for an indicator kind that does not exist is a ValueError."""
    with pytest.raises(ValueError, match="kinds must be some of"):
        find(regimes(kinds=["percent"]), lambda r: True)


@NESTED
@given(st.data())
def test_cohorts_are_valid_forms_of_distinct_units(data: st.DataObject) -> None:
    """Every cohort drawn scores without a problem; each form answers exactly its group's sub-criteria."""
    regime = data.draw(regimes())
    forms = data.draw(cohorts(regime, max_size=3))
    cards = regime.score_all(forms)
    assert len({f["unit"]["id"] for f in forms}) == len(forms) == len(cards)
    for each in forms:
        assert set(each["answers"]) == {c.id for c in regime.leaves(each["unit"]["group"])}


def _ratio(answer: dict[str, int]) -> Decimal | None:
    return Decimal(answer["numerator"]) / answer["denominator"] if answer["denominator"] else None


EDGY = build(
    leaf(
        "1", 6, ratio(zero_denominator="zero"), rule="steps(ratio, 0.8, 6, 0.5, 3)", benchmark={"ratio": 0.9}
    ),
    leaf("2", 4, COUNT, rule="steps(count, 8, 4, 3, 1)"),
    leaf("3", 5, {**NUMBER, "max": 10}, rule="clamp(value * 2, 0, max_points)"),
    leaf("4", 2, YES_NO),
    bands=[],
)


@pytest.mark.parametrize(
    ("where", "condition"),
    [
        ("a zero numerator", lambda a: a["1"]["numerator"] == 0 and a["1"]["denominator"] > 0),
        ("numerator equal to denominator", lambda a: a["1"]["numerator"] == a["1"]["denominator"] > 0),
        ("a zero denominator", lambda a: a["1"]["denominator"] == 0),
        ("ratio just below 0.8", lambda a: _ratio(a["1"]) == Decimal("0.79")),
        ("ratio on 0.8", lambda a: _ratio(a["1"]) == Decimal("0.8")),
        ("ratio just above 0.8", lambda a: _ratio(a["1"]) == Decimal("0.81")),
        ("ratio just below the benchmark", lambda a: _ratio(a["1"]) == Decimal("0.89")),
        ("ratio just below 0.5", lambda a: _ratio(a["1"]) == Decimal("0.49")),
        ("count 7", lambda a: a["2"] in (7, {"value": 7})),
        ("count 8", lambda a: a["2"] in (8, {"value": 8})),
        ("count 9", lambda a: a["2"] in (9, {"value": 9})),
        ("count 2", lambda a: a["2"] in (2, {"value": 2})),
        ("value just below 2.5", lambda a: a["3"] == Decimal("2.49")),
        ("value on 2.5", lambda a: a["3"] == Decimal("2.5")),
        ("value just above 2.5", lambda a: a["3"] == Decimal("2.51")),
        ("value at its maximum", lambda a: a["3"] == 10),
        ("yes written có", lambda a: a["4"] == "có"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_submissions_reach_every_edge(where: str, condition: Callable[[dict[str, Any]], bool]) -> None:
    """submissions() answers on each threshold and benchmark of the rules and one step either side."""
    found = find(submissions(EDGY), lambda f: condition(f["answers"]), settings=SEARCH)
    assert EDGY.score(found).total >= 0


@pytest.mark.parametrize(
    ("rule", "indicator", "expected"),
    [
        ("steps(value / 7, 2, 1, 3, 2)", NUMBER, {"value": ("14", "21")}),
        ("clamp(count - 2, 0, max_points)", COUNT, {"count": ("2", "6")}),
        ("per_item(count, 0.5, 3)", COUNT, {"count": ("6",)}),
        ("max_points if 3 < value * 2 <= 8 else 0", NUMBER, {"value": ("1.5", "4")}),
        ("min(ratio * 55.05, max_points)", ratio(), {"ratio": ("0.072661", "0.072662")}),
        ("-value + 1 >= 0", NUMBER, {"value": ("1",)}),
        ("ratio * max_points", ratio(), {}),
    ],
)
def test_edges_are_traced_back_to_the_input(
    rule: str, indicator: dict[str, Any], expected: dict[str, Any]
) -> None:
    """Thresholds of steps, clamp, per_item, min and comparisons are traced through arithmetic to inputs."""
    regime = build(leaf("1", 4, indicator, rule=rule), bands=[])
    assert edges(regime.criterion("1")) == {k: tuple(map(Decimal, v)) for k, v in expected.items()}


def test_submissions_of_one_group() -> None:
    """submissions(regime, group) draws forms of that group only; an unknown group is a KeyError."""
    regime = build(leaf("1", 4, YES_NO), leaf("2", 4, YES_NO, groups=["huyen"]), bands=[])
    found = find(submissions(regime, "huyen"), lambda f: True, settings=SEARCH)
    assert found["unit"]["group"] == "huyen" and set(found["answers"]) == {"1", "2"}
    with pytest.raises(KeyError, match="no unit group 'xa'"):
        submissions(regime, "xa")


@NESTED
@given(st.data())
def test_invalid_submissions_are_refused_for_their_defect(data: st.DataObject) -> None:
    """Every form invalid_submissions() draws is refused with the problem it names, in any regime."""
    regime = data.draw(regimes())
    bad = data.draw(invalid_submissions(regime))
    error = bad.assert_rejected(regime)
    assert bad.matches(error)


@given(invalid_submissions(EDGY))
def test_invalid_submissions_of_one_regime_are_refused(bad: InvalidSubmission) -> None:
    """Forms with one defect are refused by regime.score_all, naming the criterion and field expected."""
    bad.assert_rejected(EDGY)


def test_assert_rejected_fails_for_a_valid_form_or_another_problem() -> None:
    """assert_rejected fails when the form is accepted, or is refused for another problem than expected."""
    fine = form({"1": {"numerator": 1, "denominator": 2}, "2": 3, "3": 1, "4": True})
    with pytest.raises(AssertionError, match="the form was accepted"):
        InvalidSubmission(fine, "1", "numerator", "nothing").assert_rejected(EDGY)
    broken = form({"1": {"numerator": 3, "denominator": 2}, "2": 3, "3": 1, "4": True})
    with pytest.raises(AssertionError, match="expected a problem at criterion 2, field value"):
        InvalidSubmission(broken, "2", "value", "wrong guess").assert_rejected(EDGY)
    assert InvalidSubmission(broken, "1", "numerator", "right").assert_rejected(EDGY)


OTHER_NAMES = ("value", "max_points")


def _refusal(source: str, limits: ExpressionLimits) -> str:
    """Why the compiler refuses ``source``, or "" when it compiles."""
    try:
        compile(source, OTHER_NAMES, limits=limits)
    except ExpressionError as err:
        return err.cause
    return ""


@given(expressions(OTHER_NAMES), hostile_expressions(OTHER_NAMES))
def test_expressions_keep_to_the_names_given(source: str, hostile: str) -> None:
    """expressions(names) uses only those inputs; hostile_expressions(names) is refused whatever they are."""
    roomy = ExpressionLimits(max_length=20_000, max_nodes=5_000, max_depth=200)
    cause = _refusal(source, roomy)
    assert not cause or cause.startswith("clamp: low "), cause  # the one check the grammar may trip
    if not cause:
        assert compile(source, OTHER_NAMES, limits=roomy).names <= set(OTHER_NAMES)
    with pytest.raises(ExpressionError):
        compile(hostile, OTHER_NAMES)


def test_law_failures_and_reports_are_frozen_values() -> None:
    """LawFailure and LawReport are frozen attrs values."""
    failure = testing.LawFailure("within_bounds", "too many points", [{"answers": {}}])
    assert attrs.has(testing.LawFailure) and attrs.has(LawReport)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        failure.law = "other"  # type: ignore[misc]
    assert str(failure) == 'within_bounds: too many points\n    counter-example: [{"answers": {}}]'


# --- Text people read ------------------------------------------------------------------------------


def test_explained_provenance_reads_the_marks_of_parents_and_leaves() -> None:
    """Each criterion's mark is read from the explanation in either language; unmarked ones are official."""
    children = (leaf("1.1", 6, ratio(), provenance="assumed"), leaf("1.2", 4, YES_NO))
    regime = build(parent("1", 10, *children, provenance="derived"), bands=[])
    card = regime.score(form({"1.1": {"numerator": 1, "denominator": 2}, "1.2": True}))
    expected = {"1": "derived", "1.1": "assumed", "1.2": "official"}
    assert testing.explained_provenance(card) == expected
    assert testing.explained_provenance(card, "vi") == expected


def test_check_markdown_examples_runs_blocks_and_names_a_wrong_line(tmp_path: Path) -> None:
    """Blocks run in order and are counted; a line not printed, or a block stating nothing, is named."""
    good = tmp_path / "good.md"
    good.write_text("```python\nx = 2\nprint(x * 3)  # 6\n```\n\n```python\nprint('a')  # a\n```\n")
    assert testing.check_markdown_examples(good) == 2
    wrong = tmp_path / "wrong.md"
    wrong.write_text("```python\nprint(1 + 1)  # 3\n```\n")
    with pytest.raises(AssertionError, match=r"python block 1 did not print '3'; it printed \['2'\]"):
        testing.check_markdown_examples(wrong)
    silent = tmp_path / "silent.md"
    silent.write_text("```python\nx = 1\n```\n")
    with pytest.raises(AssertionError, match="python block 1 states nothing it prints"):
        testing.check_markdown_examples(silent)
