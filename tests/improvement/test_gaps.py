"""Gap reports: every leaf short of its benchmark or maximum, what closing it takes in the form's own
terms, the round's most-missed criteria, and the leaf search under them (``minimal_answer``)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import itcriteria
from builders import build, form, leaf, ratio
from itcriteria.improvement.gaps import Gap, common_gaps, gaps, render_common_gaps, render_gaps
from itcriteria.improvement.improve import leaf_search, minimal_answer
from itcriteria.scoring.scorer import card_best
from itcriteria.testing import cohorts, regimes

D = Decimal
FORMS = Path(__file__).parents[2] / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-forms.json"
COUNT = {"kind": "count", "label": {"vi": "Số cuộc họp", "en": "Meetings"}}
YES_NO = {"kind": "yes_no", "label": {"vi": "Đã kết nối", "en": "Connected"}}


@pytest.fixture(scope="module")
def binhthuan() -> dict[str, itcriteria.ScoreCard]:
    regime = itcriteria.get_regime("binhthuan-2019")
    cards = regime.score_all(json.loads(FORMS.read_text(encoding="utf-8")))
    return {card.unit.id: card for card in cards}


# --- Worked by hand on binhthuan-2019 ------------------------------------------------------------------


def test_gaps_come_most_points_lost_first(binhthuan: dict[str, itcriteria.ScoreCard]) -> None:
    """Sở Tư pháp's gaps are sorted by points lost, ties in official order."""
    report = gaps(binhthuan["so-tu-phap"])
    # 4.2 steps(0.2) = 5 of 12, 4.1 0.25 × 8 = 2 of 8, 2.1 steps(0.756) = 7 of 10, 6.2 20/55 × 4 =
    # 1.4545… → 1.45, then 3.2, 5.2 and 6.1 each 2 short (in official order), …
    assert [(g.id, g.lost) for g in report.gaps[:7]] == [
        ("4.2", D("7.00")),
        ("4.1", D("6.00")),
        ("2.1", D("3.00")),
        ("6.2", D("2.55")),
        ("3.2", D("2.00")),
        ("5.2", D("2.00")),
        ("6.1", D("2.00")),
    ]
    assert report.lost == report.max_total - report.total == D("30.76")
    assert "1.4" not in {g.id for g in report.gaps}  # at full points and no benchmark: no gap


def test_to_benchmark_and_to_full_of_a_steps_ratio(binhthuan: dict[str, itcriteria.ScoreCard]) -> None:
    """4.2 at 260/1300 needs 130 more dossiers online for its 30% benchmark and 390 more for 12 points."""
    gap = gaps(binhthuan["so-tu-phap"]).gap("4.2")
    assert gap is not None and gap.points == D("5.00") and gap.benchmark_met is False
    # 30% of 1300 = 390, 390 − 260 = 130; steps(ratio, 0.5, 12, 0.3, 9, …) gives 9 at 0.3.
    assert gap.to_benchmark is not None and gap.to_benchmark.answer == itcriteria.Answer(390, 1300)
    assert gap.to_benchmark.points == D("9.00")
    # Full points at 0.5: 650/1300.
    assert gap.to_full is not None and gap.to_full.answer == itcriteria.Answer(650, 1300)
    assert gap.to_full.points == D("12.00")
    assert gap.to_benchmark.describe("en") == (
        "ratio 260/1300, benchmark 30%: 130 more “Dossiers received online” (390/1300)"
    )
    assert gap.to_benchmark.describe("vi") == (
        "tỷ lệ 260/1300, điểm chuẩn 30%: thêm 130 “Số hồ sơ tiếp nhận trực tuyến” (390/1300)"
    )
    assert gap.to_full.describe("en") == (
        "ratio 260/1300, full points 12: 390 more “Dossiers received online” (650/1300)"
    )


def test_to_benchmark_of_a_proportional_ratio(binhthuan: dict[str, itcriteria.ScoreCard]) -> None:
    """4.1 at 40/160 (25%) reaches its 30% benchmark at 48/160, worth 0.3 × 8 = 2.40 points."""
    gap = gaps(binhthuan["so-tu-phap"]).gap("4.1")
    assert gap is not None and gap.to_benchmark is not None
    assert gap.to_benchmark.answer == itcriteria.Answer(48, 160)
    assert gap.to_benchmark.points == D("2.40") and gap.to_benchmark.change is not None
    assert gap.to_benchmark.change.benchmark_met is True and gap.to_benchmark.change.gain == D("0.40")


def test_counts_yes_no_and_choices_in_the_forms_terms(binhthuan: dict[str, itcriteria.ScoreCard]) -> None:
    """A count needs more items, a yes/no a yes, a choice a better level, said as the form says it."""
    report = gaps(binhthuan["truong-cao-dang"])
    reach = {g.id: (g.to_benchmark, g.to_full) for g in report.gaps}
    meetings_benchmark, meetings_full = reach["2.7"]
    # steps(count, 4, 3, 3, 2, 1, 1): 0 meetings give 0; the benchmark (≥ 4) and 3 points both need 4.
    assert meetings_benchmark is not None and meetings_benchmark.answer == itcriteria.Answer(value=4)
    assert meetings_benchmark.describe("en") == "count 0, benchmark ≥ 4: 4 more “Online meetings” (4)"
    assert meetings_full is not None and meetings_full.points == D("3.00")
    wan = reach["1.4"][1]
    assert wan is not None and wan.answer == itcriteria.Answer(value=True)
    assert wan.describe("vi") == "“Đã kết nối”: không, điểm tối đa 3: trả lời có"
    assert wan.describe("en") == "“Connected”: no, full points 3: answer yes"
    security = reach["5.2"][1]
    assert security is not None and security.answer == itcriteria.Answer(value="ap-dung")
    assert security.describe("en") == "“Status”: Not issued, full points 4: choose “Issued and applied”"
    assert security.describe("vi") == (
        "“Tình trạng”: Chưa ban hành, điểm tối đa 4: chọn “Đã ban hành và áp dụng”"
    )


def test_not_applicable_criteria_are_not_gaps(binhthuan: dict[str, itcriteria.ScoreCard]) -> None:
    """TT CNTT has no level 3-4 procedures (0/0, not applicable): 4.1 and 4.2 are not its gaps."""
    ids = {g.id for g in gaps(binhthuan["tt-cntt"]).gaps}
    assert not ids & {"4.1", "4.2"}


def test_rendered_gaps(binhthuan: dict[str, itcriteria.ScoreCard]) -> None:
    """The gap report renders the unit, its total and each gap with both goals, in vi and en."""
    en = render_gaps(gaps(binhthuan["so-tu-phap"]), "en").splitlines()
    assert en[1] == "Total: 69.24 / 100 — Average"
    assert en[4:7] == [
        "  4.2. Share of dossiers of level 3-4 procedures received online: 5.00 / 12, lost 7.00; "
        "benchmark 30%: not met",
        "      to benchmark: ratio 260/1300, benchmark 30%: 130 more “Dossiers received online” "
        "(390/1300) → 9.00 points",
        "      to full points: ratio 260/1300, full points 12: 390 more “Dossiers received online” "
        "(650/1300) → 12.00 points",
    ]
    vi = render_gaps(gaps(binhthuan["so-tu-phap"]), "vi")
    assert (
        "      đạt điểm chuẩn: tỷ lệ 40/160, điểm chuẩn 30%: "
        "thêm 8 “Số TTHC cung cấp trực tuyến mức độ 3, 4” (48/160) → 2,40 điểm"
    ) in vi.splitlines()


def test_common_gaps_of_the_round(binhthuan: dict[str, itcriteria.ScoreCard]) -> None:
    """Per group, the criteria most units miss come first, with the points they lost together."""
    common = common_gaps(binhthuan.values())
    departments = [c for c in common if c.group == "so-nganh"]
    first = departments[0]
    # 1.3 (benchmark 90%): 40/45, 45/55, 20/32 all below; 3 − 2.67, 3 − 2.45, 3 − 1.88 = 2.00 lost.
    assert (first.id, first.units, first.below_benchmark, first.short_of_max) == ("1.3", 3, 3, 3)
    assert first.lost == D("2.00") and first.missed_by == ("bql-kcn", "so-tu-phap", "so-tttt")
    # 4.1 is next: 2 of 3 below 30%, all 3 short, 4.80 + 6.00 + 6.40 = 17.20 lost.
    assert (departments[1].id, departments[1].missed, departments[1].lost) == ("4.1", 2, D("17.20"))
    # Groups in the regime's order; 4.1 in the public service units counts only the unit it applies to.
    assert [c.group for c in common] == sorted(
        (c.group for c in common), key=["so-nganh", "don-vi-su-nghiep", "huyen"].index
    )
    services = {c.id: c for c in common if c.group == "don-vi-su-nghiep"}
    assert services["4.1"].units == 1
    text = render_common_gaps(common, "en", itcriteria.get_regime("binhthuan-2019")).splitlines()
    assert text[3] == "Provincial departments and the industrial-parks board"
    assert text[4] == (
        "  1.3. Share of computers with licensed anti-malware: 3/3 units below benchmark 90%, "
        "3 short of full points, 2.00 points lost in all"
    )
    vi = render_common_gaps(common, "vi", itcriteria.get_regime("binhthuan-2019"))
    assert "  5.2. Quy chế bảo đảm an toàn thông tin: 2/3 đơn vị chưa đủ điểm, mất tổng cộng 4,00 điểm" in vi


def test_common_gaps_are_for_one_round(binhthuan: dict[str, itcriteria.ScoreCard]) -> None:
    """Cards of two regimes are refused, naming both; no cards give no common gaps."""
    other = build(leaf("1", 10, ratio()), bands=[]).score(form({"1": {"numerator": 1, "denominator": 2}}))
    with pytest.raises(itcriteria.ItcriteriaError, match="binhthuan-2019 mixed with test-2019"):
        common_gaps([binhthuan["so-tttt"], other])
    assert common_gaps([]) == ()


# --- Small regimes worked by hand ----------------------------------------------------------------------


def test_the_issues_example_in_both_languages() -> None:
    """Ratio 62/100 against an 80% benchmark takes 18 more documents, said with the regime's labels."""
    sent = ratio(
        numerator={"vi": "Số văn bản gửi điện tử", "en": "Documents sent electronically"},
        denominator={"vi": "Tổng số văn bản", "en": "All documents"},
    )
    regime = build(leaf("1", 10, sent, benchmark={"ratio": "0.8"}), bands=[])
    gap = gaps(regime.score(form({"1": {"numerator": 62, "denominator": 100}}))).gap("1")
    assert gap is not None and gap.to_benchmark is not None and gap.to_full is not None
    # 80% of 100 = 80 = 62 + 18, worth 0.8 × 10 = 8.00; full points at 100/100.
    assert gap.to_benchmark.describe("en") == (
        "ratio 62/100, benchmark 80%: 18 more “Documents sent electronically” (80/100)"
    )
    assert gap.to_benchmark.describe("vi") == (
        "tỷ lệ 62/100, điểm chuẩn 80%: thêm 18 “Số văn bản gửi điện tử” (80/100)"
    )
    assert (gap.points, gap.lost, gap.to_benchmark.points) == (D("6.20"), D("3.80"), D("8.00"))
    assert gap.to_full.answer == itcriteria.Answer(100, 100)


def test_a_benchmark_on_points_is_found_by_the_same_search() -> None:
    """A benchmark of 3 points on a steps rule is reached at the least count that scores 3."""
    regime = build(
        leaf("1", 5, COUNT, rule="steps(count, 10, 5, 6, 3, 2, 1)", benchmark={"points": 3}), bands=[]
    )
    gap = gaps(regime.score(form({"1": 2}))).gap("1")
    assert gap is not None and gap.benchmark_met is False and gap.to_benchmark is not None
    # 2 meetings score 1; 3 points need 6 meetings; full points 10.
    assert gap.to_benchmark.answer == itcriteria.Answer(value=6) and gap.to_benchmark.points == D("3.00")
    assert gap.to_benchmark.describe("en") == "count 2, benchmark 3 points: 4 more “Meetings” (6)"
    assert gap.to_benchmark.describe("vi") == "số lượng 2, điểm chuẩn 3 điểm: thêm 4 “Số cuộc họp” (6)"
    assert gap.to_full is not None and gap.to_full.answer == itcriteria.Answer(value=10)


def test_when_no_change_reaches_the_goal_the_gap_says_so() -> None:
    """A rule that never gives full points, and a zero denominator scored 0, leave goals unreachable."""
    regime = build(
        leaf("1", 10, ratio(), rule="min(ratio * 10, 6)", benchmark={"points": 8}),
        leaf("2", 5, ratio(zero_denominator="zero")),
        bands=[],
    )
    report = gaps(
        regime.score(form({"1": {"numerator": 1, "denominator": 2}, "2": {"numerator": 0, "denominator": 0}}))
    )
    first, second = report.gap("1"), report.gap("2")
    assert first is not None and first.to_benchmark is not None and first.to_full is not None
    assert not first.to_benchmark.reachable and first.to_benchmark.answer is None
    assert first.to_full.describe("en") == "ratio 1/2, full points 10: no change of the answer reaches it"
    assert first.to_full.describe("vi") == (
        "tỷ lệ 1/2, điểm tối đa 10: không thay đổi nào của câu trả lời đạt được"
    )
    assert second is not None and second.to_full is not None and not second.to_full.reachable


def test_criteria_whose_points_may_fall_are_listed_but_not_searched() -> None:
    """A criterion with higher_is_better = false short of its max is a gap with no search."""
    regime = build(
        leaf("1", 5, COUNT, rule="max_points if count <= 2 else 0", higher_is_better=False), bands=[]
    )
    gap = gaps(regime.score(form({"1": 4}))).gap("1")
    assert gap is not None and gap.to_full is not None and not gap.to_full.searched
    assert (
        gap.to_full.describe("en")
        == "count 4, full points 5: not searched: points may fall as the answer rises"
    )
    assert minimal_answer(regime.score(form({"1": 4})), "1", lambda o: o.points == 5) is None


def test_a_number_is_raised_in_steps_fitting_its_rule() -> None:
    """A number answered 2.5 with a threshold at 3.75 is raised in hundredths, to exactly 3.75."""
    number = {"kind": "number", "label": {"vi": "Băng thông", "en": "Bandwidth"}, "unit": "Mbps", "max": 100}
    regime = build(leaf("1", 4, number, rule="steps(value, 3.75, 4, 2, 1)"), bands=[])
    gap = gaps(regime.score(form({"1": "2.5"}))).gap("1")
    assert (
        gap is not None
        and gap.to_full is not None
        and gap.to_full.answer == itcriteria.Answer(value=D("3.75"))
    )
    assert (
        gap.to_full.describe("en") == "value 2.5 Mbps, full points 4: “Bandwidth” up by 1.25 (to 3.75 Mbps)"
    )
    assert (
        gap.to_full.describe("vi")
        == "giá trị 2,5 Mbps, điểm tối đa 4: tăng “Băng thông” thêm 1,25 (lên 3,75 Mbps)"
    )


def test_minimal_answer_on_an_unbounded_count() -> None:
    """Counts have no upper bound: the search gallops, and finds 2,000,000 as readily as 2."""
    regime = build(leaf("1", 5, COUNT, rule="max_points if count >= 2000000 else 0"), bands=[])
    card = regime.score(form({"1": 3}))
    found = minimal_answer(card, "1", lambda o: o.points == 5)
    assert found is not None and found.answer == itcriteria.Answer(value=2_000_000)
    assert found.position == 2_000_000 - 3
    # An answer that already holds is its own least answer.
    assert minimal_answer(card, "1", lambda o: o.points == 0) == leaf_search(card, "1").current


def test_minimal_answer_refuses_what_is_not_a_sub_criterion_of_the_unit() -> None:
    """Unknown ids, parents and criteria of other groups are ItcriteriaErrors naming the regime."""
    regime = build(
        {"id": "1", "title": "Nhóm", "max": 10, "source": "t", "children": [leaf("1.1", 10, ratio())]},
        leaf("2", 5, COUNT, rule="per_item(count, 1, 5)", groups=["huyen"]),
        bands=[],
    )
    card = regime.score(form({"1.1": {"numerator": 1, "denominator": 2}}))
    for cid, message in (
        ("9", "regime test-2019 has no criterion '9'"),
        ("1", "criterion 1 is scored by its sub-criteria"),
        ("2", "criterion 2 is not for unit group 'so'"),
    ):
        with pytest.raises(itcriteria.ItcriteriaError, match=message):
            minimal_answer(card, cid, lambda o: True)


# --- Properties ------------------------------------------------------------------------------------------


def rescore(
    card: itcriteria.ScoreCard, cid: str, answer: itcriteria.Answer, best: Any
) -> itcriteria.ScoreCard:
    """The card's form scored again with one answer replaced (and the cohort best it moves to)."""
    answers = {**card.submission.answers, cid: answer}
    cohort = dict(cohort) if (cohort := card_best(card)) is not None else None
    if best is not None:
        cohort = {**(cohort or {}), cid: best}
    return card.regime.score(attrs.evolve(card.submission, answers=answers), best=cohort)


def best_after(card: itcriteria.ScoreCard, cid: str, answer: itcriteria.Answer) -> Decimal | None:
    """The cohort best once ``answer`` is given: the larger of the old best and its quantity."""
    cohort = card_best(card)
    if cohort is None or cid not in cohort:
        return None
    criterion = card.regime.criterion(cid)
    assert criterion.indicator is not None
    read = leaf_search(card, cid).leaf.read(criterion, answer, [])
    assert read is not None
    quantity: Decimal = read[0][
        {"ratio": "ratio", "count": "count", "number": "value"}[criterion.indicator.kind]
    ]
    return max(cohort[cid], quantity)


@given(st.data())
def test_a_gaps_answers_reach_their_goal_and_one_step_less_does_not(data: st.DataObject) -> None:
    """Each gap's answer to the benchmark meets it when the form is scored again and the answer one
    step below does not; the same for full points; an unreachable goal is missed even at the top."""
    regime = data.draw(regimes(max_leaves=6))
    cards = regime.score_all(data.draw(cohorts(regime, max_size=3)))
    card = cards[0]
    for gap in gaps(card):
        search = leaf_search(card, gap.id)
        for reach in (gap.to_benchmark, gap.to_full):
            if reach is None:
                continue
            if reach.change is None:
                assert not search.searchable or not reaches(
                    card, gap, reach.goal, search.answer_at(search.size)
                )
                continue
            assert reaches(card, gap, reach.goal, reach.change.after)
            best = best_after(card, gap.id, reach.change.after)
            assert (
                reach.change.points_after
                == rescore(card, gap.id, reach.change.after, best).node(gap.id).score
            )
            assert not reaches(card, gap, reach.goal, search.answer_at(reach.change.position - 1))


def reaches(card: itcriteria.ScoreCard, gap: Gap, goal: str, answer: itcriteria.Answer) -> bool:
    """Whether the form scored again with ``answer`` meets the gap's benchmark or full points."""
    node = rescore(card, gap.id, answer, best_after(card, gap.id, answer)).node(gap.id)
    return node.benchmark_met is True if goal == "benchmark" else node.score >= gap.max


@given(st.data())
def test_gaps_are_sorted_by_points_lost(data: st.DataObject) -> None:
    """Gaps come most points lost first, equal losses in official order, and each is a real gap."""
    regime = data.draw(regimes(max_leaves=8))
    card = regime.score_all(data.draw(cohorts(regime, max_size=2)))[0]
    report = gaps(card)
    order = [c.id for c in regime.leaves(card.group)]
    keys = [(-g.lost, order.index(g.id)) for g in report.gaps]
    assert keys == sorted(keys)
    for gap in report.gaps:
        assert gap.points == card.scores[gap.id] and (gap.lost > 0 or gap.benchmark_met is False)
