"""Consistency checks a regime declares: validated as the regime loads, every problem at once; warned
about on a form that breaks them (never an error, the form is scored), naming both answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import itcriteria
from builders import build, form, leaf, ratio, regime_data

STAFF = [
    leaf("1", 4, ratio()),
    leaf("2", 4, ratio()),
    leaf("3", 2, {"kind": "count", "label": "Cán bộ CNTT"}, rule="per_item(count, 1, 2)"),
]
CHECKS = [
    {"same": ["1.denominator", "2.denominator"], "source": "test", "note": {"vi": "tổng số CBCCVC"}},
    {"at_most": ["3", "1.denominator"], "source": "test", "provenance": "assumed"},
]


def regime(**overrides: Any) -> itcriteria.Regime:
    return build(*STAFF, consistency=CHECKS, **overrides)


def answers(staff_1: int, staff_2: int, it_staff: int) -> dict[str, Any]:
    return {
        "1": {"numerator": 5, "denominator": staff_1},
        "2": {"numerator": 5, "denominator": staff_2},
        "3": it_staff,
    }


def test_a_consistent_form_gives_no_warning() -> None:
    """Equal totals and a bound kept: no warning."""
    the_regime = regime()
    submission = itcriteria.Submission.from_dict(form(answers(40, 40, 3)))
    assert itcriteria.consistency_warnings(the_regime, submission) == ()


def test_a_form_breaking_both_checks_is_warned_twice_in_vietnamese_and_english() -> None:
    """Different totals and an IT staff above the total are two warnings naming criterion, field and
    value of both answers; the form still scores."""
    the_regime = regime()
    submission = itcriteria.Submission.from_dict(form(answers(40, 38, 45)))
    same, bound = itcriteria.consistency_warnings(the_regime, submission)
    assert (same.kind, same.first.value, same.second.value) == ("same", 40, 38)
    assert str(same) == (
        "u1: tiêu chí 1, mẫu số “Mẫu số” = 40 khác tiêu chí 2, mẫu số “Mẫu số” = 38; "
        "hai số liệu này phải bằng nhau (tổng số CBCCVC)"
    )
    assert bound.describe("en") == (
        "u1: criterion 3, value “Cán bộ CNTT” = 45 is above criterion 1, denominator “Mẫu số” = 40, "
        "which it cannot exceed"
    )
    assert the_regime.score(submission).total > 0


def test_cells_are_named_when_given() -> None:
    """With where each answer is, the warning names both cells."""
    the_regime = regime()
    submission = itcriteria.Submission.from_dict(form(answers(40, 38, 1)))
    where = {("1", "denominator"): "f.xlsx!Phiếu!G10", ("2", "denominator"): "f.xlsx!Phiếu!G11"}
    (warning,) = itcriteria.consistency_warnings(the_regime, submission, where=where)
    assert "= 40 (f.xlsx!Phiếu!G10) khác" in str(warning) and "= 38 (f.xlsx!Phiếu!G11);" in str(warning)


def test_a_check_of_criteria_the_group_does_not_answer_does_not_apply() -> None:
    """A criterion of another group leaves its check out; a missing or non-numeric answer is left to
    reading and scoring."""
    criteria = [
        *STAFF[:2],
        leaf("3", 2, {"kind": "count", "label": "x"}, groups=["huyen"], rule="per_item(count, 1, 2)"),
    ]
    the_regime = build(*criteria, consistency=CHECKS)
    submission = itcriteria.Submission.from_dict(
        form({"1": answers(40, 40, 0)["1"], "2": answers(0, 40, 0)["2"]})
    )
    assert itcriteria.consistency_warnings(the_regime, submission) == ()
    odd = itcriteria.Submission.from_dict(
        form({"1": {"numerator": 1, "denominator": "abc"}, "2": answers(0, 9, 0)["2"]})
    )
    assert itcriteria.consistency_warnings(the_regime, odd) == ()


def test_every_problem_of_the_declarations_is_reported_at_once() -> None:
    """Unknown criterion, a parent, a yes/no, a field the indicator lacks, a lone entry, both kinds,
    no source and criteria no group answers together: one RegimeError with each at its path."""
    criteria = [
        *STAFF,
        leaf("4", 0, {"kind": "yes_no", "label": "x"}),
        leaf("5", 0, {"kind": "count", "label": "y"}, groups=["huyen"], rule="0"),
        leaf("6", 0, {"kind": "count", "label": "z"}, groups=["so"], rule="0"),
    ]
    bad = [
        {"same": ["9.denominator", "1.numerator"], "source": "t"},
        {"same": ["4", "3.denominator"], "source": "t"},
        {"same": ["1"], "source": "t"},
        {"same": ["1.numerator", "2.numerator"], "at_most": ["3", "1.numerator"], "source": "t"},
        {"at_most": ["5", "6"], "source": ""},
    ]
    with pytest.raises(itcriteria.RegimeError) as caught:
        itcriteria.regime_from_dict(regime_data(*criteria, consistency=bad))
    where = {problem.where: problem.message for problem in caught.value.problems}
    assert "no criterion '9'" in where["consistency[0].same[0]"]
    assert "is a yes_no, not a number" in where["consistency[1].same[0]"]
    assert "a count answers 3.value" in where["consistency[1].same[1]"]
    assert "at least two" in where["consistency[2].same"]
    assert "one of same" in where["consistency[3]"]
    assert "cites its source" in where["consistency[4].source"]
    assert "no unit group answers all of 5, 6" in where["consistency[4].at_most"]


def test_a_regime_without_declarations_keeps_its_file_shape_and_hash() -> None:
    """No ``consistency`` key is written for a regime without declarations (its content hash stays)."""
    plain = build(*STAFF)
    assert "consistency" not in itcriteria.regime_to_dict(plain)
    assert itcriteria.regime_to_dict(regime())["consistency"][1]["at_most"] == ["3", "1.denominator"]


def test_the_binh_thuan_2019_declarations_cite_their_source() -> None:
    """Bình Thuận 2019 declares the same total staff and computers (derived from letter 697) and the
    IT-staff bound (assumed), each with its source; the bundled police form breaks the computers one."""
    binhthuan = itcriteria.get_regime("binhthuan-2019")
    assert [c.provenance for c in binhthuan.consistency] == ["derived", "derived", "assumed"]
    assert all("697" in c.source for c in binhthuan.consistency[:2])
    examples = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples"
    result = itcriteria.load_round(examples / "binhthuan-2019-round.json").run()
    assert [(w.unit, w.first.criterion, w.second.criterion) for w in result.warnings] == [
        ("cong-an-tinh", "1.2", "1.3")
    ]
