"""Evaluation rounds: form statuses by working days, appraisal over the self-assessment, exclusions,
groups not ranked or ranked within parent units, comparisons and quarterly years."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import itcriteria
from builders import BASE, build, leaf, ratio
from itcriteria._core.calendar import grace_end, is_working_day, working_days_late

DEADLINE = {"due": "2019-09-15", "grace_working_days": 5, "source": "test"}
GROUPS = [
    *BASE["groups"],
    {"id": "xa", "title": "UBND xã", "rank_within": "parent"},
    {"id": "llvt", "title": "Lực lượng vũ trang", "ranked": False},
]
CRITERIA = (
    leaf("1", 6, ratio(), benchmark={"ratio": "0.8"}),
    leaf("2", 4, {"kind": "yes_no", "label": "Có quy chế"}),
)


def regime(**overrides: Any) -> itcriteria.Regime:
    return build(*CRITERIA, **{"deadline": DEADLINE, "groups": GROUPS, **overrides})


def unit(uid: str, group: str = "so", parent: str | None = None) -> itcriteria.Unit:
    return itcriteria.Unit(uid, f"Đơn vị {uid}", group, parent)


def sent(
    uid: str, day: str, num: int = 8, yes: bool = True, group: str = "so", **extra: Any
) -> dict[str, Any]:
    form = {
        "unit": {"id": uid, "name": f"Đơn vị {uid}", "group": group, **extra},
        "answers": {"1": {"numerator": num, "denominator": 10}, "2": yes},
    }
    return {**form, "submitted": day} if day else form


def make_round(units: list[itcriteria.Unit], forms: list[dict[str, Any]], **extra: Any) -> itcriteria.Round:
    reg = extra.pop("regime", None) or regime()
    subs = tuple(itcriteria.Submission.from_dict(f) for f in forms)
    return itcriteria.Round(reg, tuple(units), subs, **extra)


def adjust(uid: str, cid: str, on: str = "2019-11-05", **what: Any) -> itcriteria.Adjustment:
    return itcriteria.Adjustment.from_dict(
        {"unit": uid, "criterion": cid, "reason": "kiểm tra", "by": "HĐ", "on": on, **what}
    )


# --- working days ---------------------------------------------------------------------------------


def test_the_binh_thuan_2019_grace_ends_on_20_september() -> None:
    """Due 15/9/2019 (a Sunday) with 5 working days of grace: forms are accepted until Friday 20/9."""
    assert grace_end(dt.date(2019, 9, 15), 5) == dt.date(2019, 9, 20)
    assert working_days_late(dt.date(2019, 9, 15), dt.date(2019, 9, 20)) == 5
    assert working_days_late(dt.date(2019, 9, 15), dt.date(2019, 9, 23)) == 6  # the weekend does not count


def test_tet_and_swapped_saturdays_come_from_the_holidays_library() -> None:
    """Tết 2020 (23–29/1) is skipped; Saturday 4/5/2019, worked in exchange for Monday 29/4, counts."""
    # due Monday 20/1/2020: 21 (1), 22 (2), Tết 23–29, 30 (3), 31 (4), Monday 3/2 (5)
    assert grace_end(dt.date(2020, 1, 20), 5) == dt.date(2020, 2, 3)
    # due Friday 26/4/2019: 29/4 swapped off, 30/4 and 1/5 holidays; 2/5 (1), 3/5 (2), Saturday 4/5 (3)
    assert not is_working_day(dt.date(2019, 4, 29))
    assert is_working_day(dt.date(2019, 5, 4))
    assert grace_end(dt.date(2019, 4, 26), 3) == dt.date(2019, 5, 4)
    assert grace_end(dt.date(2019, 9, 15), 0) == dt.date(2019, 9, 15)


# --- statuses and exclusions ----------------------------------------------------------------------


def test_a_form_sent_on_20_september_is_ranked_and_one_sent_on_23_september_is_not() -> None:
    """The issue's example: with forms due 15/9/2019 and 5 working days of grace, 20/9 is ranked, 23/9 not."""
    units = [unit("a"), unit("b"), unit("c"), unit("d")]
    forms = [sent("a", "14/09/2019"), sent("b", "20/09/2019", 6), sent("c", "23/09/2019", 10)]
    result = make_round(units, forms).run()
    assert [s.status for s in result.statuses] == [
        "on_time",
        "late_within_grace",
        "late_beyond_grace",
        "not_submitted",
    ]
    ranks = {row.unit: row.rank for row in result.ranking}
    assert ranks == {"a": 1, "b": 2, "c": None, "d": None}
    assert "c" not in result.cards and "d" not in result.cards  # not evaluated at all
    reason = result.row("c").reason
    assert reason is not None and "23/09/2019" in reason.vi and "6 working days" in reason.en
    assert result.row("d").reason == itcriteria.Text("không gửi phiếu", "no form sent")


def test_every_problem_of_a_round_is_reported_at_once() -> None:
    """Unknown units, a second form, a wrong group, a missing date and a bad appraisal fail together."""
    units = [unit("a"), unit("b")]
    forms = [
        sent("a", "14/09/2019"),
        sent("a", "15/09/2019"),
        sent("b", "14/09/2019", group="huyen"),
        sent("z", "14/09/2019"),
        {**sent("b", "14/09/2019"), "submitted": None},
    ]
    bad = make_round(units, forms, adjustments=(adjust("a", "9", answer=1), adjust("q", "1", points="1")))
    with pytest.raises(itcriteria.SubmissionError) as caught:
        bad.run()
    text = str(caught.value)
    for expected in (
        "second form from a",
        "the roster puts b in 'so'",
        "'z' is not in the round's roster",
        "date the form was sent is missing",
        "9 is not a sub-criterion",
        "no form from q",
    ):
        assert expected in text


def test_without_a_deadline_every_form_sent_is_on_time() -> None:
    """A regime and round with no deadline evaluate every form; only units with no form are left out."""
    reg = build(*CRITERIA, groups=GROUPS)
    result = make_round([unit("a"), unit("b")], [sent("a", "01/12/2019")], regime=reg).run()
    assert [s.status for s in result.statuses] == ["on_time", "not_submitted"]


# --- appraisal ------------------------------------------------------------------------------------


def test_appraisal_is_recorded_over_the_self_assessment_and_corrections_are_new_records() -> None:
    """The self-assessed card keeps the unit's answer; the latest record is in force, the earlier kept."""
    first = adjust("a", "1", "2019-11-05", answer={"numerator": 5, "denominator": 10})
    correction = adjust("a", "1", "2019-11-08", answer={"numerator": 6, "denominator": 10}, evidence="BB-2")
    result = make_round(
        [unit("a"), unit("b")],
        [sent("a", "14/09/2019"), sent("b", "14/09/2019", 7)],
        adjustments=(correction, first),
    ).run()
    assert result.self_assessed["a"].node("1").score == Decimal("4.80")  # 8/10 × 6
    assert result.cards["a"].node("1").score == Decimal("3.60")  # 6/10 × 6, the correction
    assert result.self_assessed["a"].submission.answers["1"].numerator == 8
    [difference] = result.appraisal_differences()
    assert (difference.unit, difference.criterion, difference.delta) == ("a", "1", Decimal("-1.20"))
    assert difference.adjustment == correction and difference.history == (first,)
    # self-assessed a 8.80 (4.80 + 4) ahead of b 8.20 (4.20 + 4); appraised a 7.60 falls behind
    assert (result.self_assessed["a"].total, result.cards["a"].total) == (Decimal("8.80"), Decimal("7.60"))
    assert result.movements() == (("b", 2, 1), ("a", 1, 2))


def test_the_council_may_fix_points_within_the_maximum() -> None:
    """An appraisal in points replaces the rule's points, shown in the explanation; outside 0–max fails."""
    ok = make_round(
        [unit("a")], [sent("a", "14/09/2019")], adjustments=(adjust("a", "2", points="1.5"),)
    ).run()
    assert ok.cards["a"].node("2").score == Decimal("1.50")
    assert ok.cards["a"].total == Decimal("6.30")
    assert "points set by the appraisal council: 1.5" in ok.cards["a"].explain("en")
    too_many = make_round([unit("a")], [sent("a", "14/09/2019")], adjustments=(adjust("a", "2", points=5),))
    with pytest.raises(itcriteria.SubmissionError, match="5 is outside 0–4"):
        too_many.run()
    with pytest.raises(itcriteria.SubmissionError, match="not both and not neither"):
        adjust("a", "2", points=1, answer=True)


@given(
    st.integers(0, 10),
    st.booleans(),
    st.integers(0, 10),
    st.booleans(),
    st.sampled_from(["1", "2"]),
    st.data(),
)
def test_an_appraisal_changes_only_its_own_criterion_and_the_totals_above(
    num: int, yes: bool, other_num: int, other_yes: bool, cid: str, data: st.DataObject
) -> None:
    """Every other criterion of the unit, and every other unit, keep their points."""
    new = (
        {"answer": {"numerator": data.draw(st.integers(0, 10)), "denominator": 10}}
        if cid == "1"
        else {"answer": data.draw(st.booleans())}
    )
    forms = [sent("a", "14/09/2019", num, yes), sent("b", "14/09/2019", other_num, other_yes)]
    result = make_round([unit("a"), unit("b")], forms, adjustments=(adjust("a", cid, **new),)).run()
    before, after = result.self_assessed["a"], result.cards["a"]
    for other in ("1", "2"):
        if other != cid:
            assert before.node(other).score == after.node(other).score
    assert after.total - before.total == after.node(cid).score - before.node(cid).score
    raised = new["answer"] >= yes if cid == "2" else new["answer"]["numerator"] >= num
    if raised:  # a better appraised answer never lowers the unit's own total
        assert after.total >= before.total
    assert result.cards["b"].scores == result.self_assessed["b"].scores


# --- ranking in a round ---------------------------------------------------------------------------


def test_groups_not_ranked_and_communes_within_their_district() -> None:
    """The armed forces are scored but not ranked; communes are ranked within their parent district."""
    units = [unit("qs", "llvt"), unit("x1", "xa", "h1"), unit("x2", "xa", "h1"), unit("x3", "xa", "h2")]
    forms = [
        sent("qs", "14/09/2019", group="llvt"),
        *(sent(u, "14/09/2019", n, group="xa") for u, n in (("x1", 5), ("x2", 9), ("x3", 2))),
    ]
    result = make_round(units, forms).run()
    rows = {row.unit: row for row in result.ranking}
    assert rows["qs"].rank is None and rows["qs"].band == "tot" and rows["qs"].reason is not None
    assert [(r.unit, r.within, r.rank) for r in result.ranking if r.group == "xa"] == [
        ("x2", "h1", 1),
        ("x1", "h1", 2),
        ("x3", "h2", 1),
    ]


def test_a_commune_with_no_district_is_an_error() -> None:
    """A group ranked within parents needs each unit's parent."""
    with pytest.raises(itcriteria.SubmissionError, match="ranked within parent units"):
        make_round([unit("x1", "xa")], [sent("x1", "14/09/2019", group="xa")]).run()


def test_tie_breaks_of_the_policy_decide_in_order_never_input_order() -> None:
    """Ties are split by the policy's tie-breaks (criterion 2, then the earlier form), else shared."""
    policy = itcriteria.RankingPolicy("t", itcriteria.Text("t"), tie_breaks=("criterion:2", "submitted"))
    rows = [
        {"unit": "late", "group": "so", "total": 9, "scores": {"2": 4}, "submitted": "2019-09-14"},
        {"unit": "early", "group": "so", "total": 9, "scores": {"2": 4}, "submitted": "2019-09-10"},
        {"unit": "more2", "group": "so", "total": 9, "scores": {"2": 5}, "submitted": "2019-09-15"},
        {"unit": "same", "group": "so", "total": 9, "scores": {"2": 4}, "submitted": "2019-09-14"},
        {"unit": "top", "group": "so", "total": 10},
    ]
    ranked = itcriteria.rank(rows, policy=policy)
    assert [(r.unit, r.rank) for r in ranked] == [
        ("top", 1),
        ("more2", 2),
        ("early", 3),
        ("late", 4),
        ("same", 4),
    ]
    ordinal = itcriteria.rank(rows, policy=attrs.evolve(policy, method="ordinal"))
    assert [r.rank for r in ordinal] == [1, 2, 3, 4, 5]
    with pytest.raises(itcriteria.SubmissionError, match="tie-break 'criterion:2'"):
        itcriteria.rank(
            [{"unit": "a", "group": "so", "total": 1}, {"unit": "b", "group": "so", "total": 1}],
            policy=policy,
        )
    with pytest.raises(ValueError, match="unknown tie-break 'age'"):
        itcriteria.RankingPolicy("x", itcriteria.Text("x"), tie_breaks=("age",))


def test_percent_basis_ranks_units_whose_maxima_differ() -> None:
    """On the percent basis 72/80 (90%) ranks above 85/100; totals from elsewhere need their max."""
    policy = itcriteria.RankingPolicy("p", itcriteria.Text("p"), basis="percent")
    rows = [
        {"unit": "a", "group": "g", "total": 85, "max": 100},
        {"unit": "b", "group": "g", "total": 72, "max": 80},
    ]
    assert [(r.unit, r.rank, r.percent) for r in itcriteria.rank(rows, policy=policy)] == [
        ("b", 1, Decimal(90)),
        ("a", 2, Decimal(85)),
    ]
    with pytest.raises(itcriteria.SubmissionError, match="ranks on the percent of each unit's maximum"):
        itcriteria.rank([{"unit": "a", "group": "g", "total": 85}], policy=policy)


entries = st.lists(
    st.tuples(st.sampled_from(["so", "huyen"]), st.decimals(0, 10, places=1), st.booleans()),
    min_size=1,
    max_size=25,
)


@given(entries, st.randoms(use_true_random=False))
def test_rankings_of_plain_totals_are_order_free_and_banded(items: list[Any], rnd: Any) -> None:
    """Shuffled input ranks the same; excluded units get no rank; every ranked unit is in exactly one band."""
    reg = regime()
    rows = [
        {"unit": f"u{i}", "group": g, "total": t, **({"reason": "trễ hạn"} if excluded else {})}
        for i, (g, t, excluded) in enumerate(items)
    ]
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    ranked = itcriteria.rank(rows, regime=reg)
    assert ranked == itcriteria.rank(shuffled, regime=reg)
    for row in ranked:
        assert (row.rank is None) == (row.reason is not None)
        if row.rank is not None:
            assert row.total is not None
            assert sum(row.total in band for band in reg.bands) == 1
            assert row.band == next(b.id for b in reg.bands if row.total in b)
            ahead = sum(1 for r in ranked if r.group == row.group and r.rank and r.total > row.total)  # type: ignore[operator]
            assert row.rank == 1 + ahead


# --- round files, comparisons, quarterly years -----------------------------------------------------


def test_round_files_report_every_problem(tmp_path: Path) -> None:
    """An unknown field, an unreadable forms file and a bad adjustment are listed together."""
    data = {
        "regime": "binhthuan-2019",
        "units": [],
        "forms": ["nope.json"],
        "colour": 1,
        "adjustments": [{"unit": "a", "criterion": "1.1", "reason": "r", "by": "b", "on": "x", "points": 1}],
    }
    path = tmp_path / "round.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(itcriteria.SubmissionError) as caught:
        itcriteria.load_round(path)
    text = str(caught.value)
    assert "colour" in text and "nope.json" in text and "expected a date" in text


def test_comparing_rounds_gives_deltas_and_rank_movement() -> None:
    """The same units a year later: per-criterion deltas, totals and places moved."""
    units = [unit("a"), unit("b")]
    before = make_round(units, [sent("a", "14/09/2019", 9), sent("b", "14/09/2019", 5)], period="2019").run()
    after = make_round(
        units, [sent("a", "14/09/2019", 6, False), sent("b", "14/09/2019", 10)], period="2020"
    ).run()
    comparison = itcriteria.compare_rounds(before, after)
    assert comparison.regime_diff is None
    a = comparison.unit("a")
    assert (a.total_before, a.total_after, a.rank_before, a.rank_after, a.movement) == (
        Decimal("9.40"),
        Decimal("3.60"),
        1,
        2,
        -1,
    )
    assert {(c.criterion, c.delta) for c in a.criteria} == {("1", Decimal("-1.80")), ("2", Decimal("-4"))}
    assert "a" in comparison.render("en") and "1→2" in comparison.render("en")


def test_comparing_rounds_under_different_regimes_marks_changed_criteria() -> None:
    """Criteria whose definition changed carry the regime diff's change next to their delta."""
    units = [unit("a")]
    new_regime = build(leaf("1", 5, ratio()), CRITERIA[1], groups=GROUPS, id="test-2020")
    before = make_round(units, [sent("a", "14/09/2019", 10)]).run()
    after = make_round(units, [sent("a", "14/09/2019", 10)], regime=new_regime).run()
    comparison = itcriteria.compare_rounds(before, after)
    [delta] = [c for c in comparison.unit("a").criteria if c.criterion == "1"]
    assert (
        delta.delta == Decimal("-1") and delta.change is not None and delta.change.change("max") is not None
    )
    assert "max points: 6 → 5" in comparison.render("en")


def quarterly(how: str) -> itcriteria.Regime:
    return build(*CRITERIA, groups=GROUPS, cadence="quarter", year_aggregate=how)


@pytest.mark.parametrize(("how", "expected"), [("mean", "6.60"), ("sum", "19.80"), ("last", "8.80")])
def test_a_quarterly_year_aggregates_its_declared_quarters(how: str, expected: str) -> None:
    """Hà Giang style: quarters aggregated as the regime says; a unit missing a quarter is not ranked."""
    reg = quarterly(how)
    units = [unit("a"), unit("b")]
    answers = [(5, True), (0, True), (8, True)]  # totals 3 + 4, 0 + 4, 4.80 + 4; mean 19.80 / 3
    results = [
        make_round(
            units,
            [sent("a", "", n, y), *([sent("b", "", 10)] if q != 1 else [])],
            regime=reg,
            period=f"2015-Q{q + 1}",
        ).run()
        for q, (n, y) in enumerate(answers)
    ]
    year = itcriteria.aggregate_year(results)
    assert year.totals["a"] == (Decimal("7.00"), Decimal("4.00"), Decimal("8.80"))
    row_a, row_b = (next(r for r in year.ranking if r.unit == u) for u in ("a", "b"))
    assert row_a.total == Decimal(expected) and row_a.rank == 1
    assert row_b.rank is None and row_b.reason is not None and "2015-Q2" in row_b.reason.en
    assert "2015-Q1, 2015-Q2, 2015-Q3" in year.render("en")


def test_a_year_needs_quarter_rounds_of_one_quarterly_regime() -> None:
    """A yearly regime, or two rounds with the same period, cannot make a year."""
    yearly = make_round([unit("a")], [sent("a", "14/09/2019")], period="2019").run()
    with pytest.raises(itcriteria.ItcriteriaError, match="is not quarterly"):
        itcriteria.aggregate_year([yearly])
    reg = quarterly("mean")
    q1 = make_round([unit("a")], [sent("a", "")], regime=reg, period="Q1").run()
    with pytest.raises(itcriteria.ItcriteriaError, match="its own period"):
        itcriteria.aggregate_year([q1, q1])


BINHTHUAN_ROUND = Path(__file__).resolve().parents[2] / "plugins" / "binhthuan" / "examples"


def test_a_mistyped_unit_id_names_its_cell_and_the_unit_meant(tmp_path: Path) -> None:
    """A filled form whose unit id is not in the roster is reported at its file, sheet and cell, with
    the roster's unit it most resembles (issue 18)."""
    from filling import Sheet, fill, first

    from itcriteria.forms import write_template

    binhthuan = itcriteria.get_regime("binhthuan-2019")
    examples = json.loads((BINHTHUAN_ROUND / "binhthuan-2019-forms.json").read_text(encoding="utf-8"))
    path = write_template(binhthuan, tmp_path / "so-tttt.xlsx", group="so-nganh")
    sheet = Sheet(path)
    fill(sheet, binhthuan, examples[0], "vi", first, fixed=True)
    sheet.unit("unit.id").value = "so-ttt"  # a name there is not a unit id at all (issue 17)
    sheet.save()
    roster = json.loads((BINHTHUAN_ROUND / "binhthuan-2019-round.json").read_text(encoding="utf-8"))["units"]
    data = {"regime": "binhthuan-2019", "period": "2019", "units": roster, "forms": ["so-tttt.xlsx"]}
    (tmp_path / "round.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(itcriteria.SubmissionError) as excinfo:
        itcriteria.load_round(tmp_path / "round.json").run()
    (problem,) = excinfo.value.problems
    assert problem.where == sheet.where(sheet.unit("unit.id"))
    assert problem.message == (
        "unit 'so-ttt' is not in the round's roster; did you mean so-tttt (Sở Thông tin và Truyền thông)?"
    )


def test_forms_for_a_round_carry_the_roster(tmp_path: Path) -> None:
    """``template --round`` writes one form per unit of the roster, each with the unit's id, name and
    group filled in and locked, which read back as that unit (issue 18)."""
    import subprocess
    import sys

    import openpyxl
    from filling import Sheet

    round_file = BINHTHUAN_ROUND / "binhthuan-2019-round.json"
    command = [sys.executable, "-m", "itcriteria", "template", "--round", str(round_file), "-o", "phieu"]
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    units = itcriteria.load_round(round_file).units
    assert sorted(p.name for p in (tmp_path / "phieu").iterdir()) == sorted(f"{u.id}.xlsx" for u in units)
    for unit_ in units:
        sheet = Sheet(tmp_path / "phieu" / f"{unit_.id}.xlsx")
        for field, value in (("unit.id", unit_.id), ("unit.name", unit_.name)):
            assert sheet.unit(field).value == value and sheet.unit(field).protection.locked
        group = itcriteria.get_regime("binhthuan-2019").group(unit_.group).title.vi
        assert sheet.unit("unit.group").value == group
    assert isinstance(openpyxl.load_workbook(tmp_path / "phieu" / "so-tttt.xlsx"), openpyxl.Workbook)
