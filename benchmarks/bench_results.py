"""Writing a province's results: a round of 1,000 units of binhthuan-2019 to xlsx, CSV and JSON.

Run by hand: ``.venv/bin/python benchmarks/bench_results.py``. The units' forms are the Bình Thuận
2019 example forms with their numbers varied (ratios, counts, yes/no and levels), spread over the
regime's groups; some forms are late and some answers appraised, so every sheet has rows. Prints
side-by-side figures from one run: running the round, then ``write_results`` to each format (best
of two), with the time per unit of the roster and the file's size; the gap reports, which the
workbook and the JSON both include, are timed alone for comparison. The workbook has a ranking
sheet per group, the statuses, appraisal and gap sheets, and one explanation sheet per evaluated
unit.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import tempfile
from pathlib import Path

import attrs
import timing

import itcriteria
from itcriteria.results.writing import write_results

UNITS = 1000
ROUND = Path(__file__).parents[1] / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-round.json"

timed = functools.partial(timing.timed, repeat=2)  # best of 2 runs


def varied(
    answer: itcriteria.Answer, criterion: itcriteria.Criterion, rnd: random.Random
) -> itcriteria.Answer:
    """The example answer with its numbers moved: a ratio's share and size, a count up or down, a
    yes/no or level now and then another."""
    indicator = criterion.indicator
    if isinstance(indicator, itcriteria.Ratio) and answer.denominator:
        denominator = max(1, round(int(str(answer.denominator)) * rnd.uniform(0.5, 2.0)))
        share = int(str(answer.numerator)) / int(str(answer.denominator))
        share = min(1.0, max(0.0, share + rnd.gauss(0, 0.15)))
        return attrs.evolve(answer, numerator=round(denominator * share), denominator=denominator)
    if isinstance(indicator, itcriteria.Choice) and rnd.random() < 0.3:
        return attrs.evolve(answer, value=rnd.choice(indicator.levels).id)
    if isinstance(indicator, itcriteria.YesNo) and rnd.random() < 0.2:
        return attrs.evolve(answer, value=not answer.value)
    if isinstance(indicator, itcriteria.Count) and answer.value is not None:
        return attrs.evolve(answer, value=max(0, int(str(answer.value)) + rnd.randint(-3, 3)))
    return answer


def province(count: int, seed: int = 2019) -> itcriteria.Round:
    """A round of ``count`` units made from the example round's forms, with late forms, missing
    forms and the council's adjustments."""
    example = itcriteria.load_round(ROUND)
    regime = example.regime
    templates = [form for form in example.submissions if form.unit.group in {g.id for g in regime.groups}]
    rnd = random.Random(seed)
    units, forms, adjustments = [], [], []
    for i in range(count):
        template = templates[i % len(templates)]
        unit = itcriteria.Unit(
            f"{template.unit.id}-{i:04d}", f"{template.unit.name} {i}", template.unit.group
        )
        units.append(unit)
        if i % 97 == 5:
            continue  # no form sent
        leaves = {leaf.id: leaf for leaf in regime.leaves(unit.group)}
        answers = {cid: varied(a, leaves[cid], rnd) for cid, a in template.answers.items() if cid in leaves}
        late = rnd.choice([0, 0, 0, 0, 0, 0, 0, 3, 8, 13])
        submitted = dt.date(2019, 9, 10) + dt.timedelta(days=late)
        forms.append(attrs.evolve(template, unit=unit, answers=answers, submitted=submitted))
        if i % 25 == 0 and "2.1" in answers and late < 9:
            given = answers["2.1"]
            fewer = max(0, int(str(given.numerator)) // 2)
            adjustments.append(
                itcriteria.Adjustment(
                    unit.id,
                    "2.1",
                    "Sổ theo dõi văn bản đi ghi nhận ít hơn",
                    "Hội đồng thẩm định",
                    dt.date(2019, 11, 5),
                    answer=attrs.evolve(given, numerator=fewer),
                    evidence=f"BB-TD-{i:04d}",
                )
            )
    return itcriteria.Round(regime, tuple(units), tuple(forms), tuple(adjustments), period="2019")


def main() -> None:
    round_ = province(UNITS)
    running, result = timed(round_.run)
    evaluated = len(result.cards)
    print(
        f"binhthuan-2019: {UNITS} units, {evaluated} evaluated, {len(result.round.adjustments)} adjustments, "
        f"{len(result.appraisal_differences())} appraisal differences"
    )
    print(f"  {'step':<32} {'seconds':>9} {'ms/unit':>9} {'size':>10}")
    print(f"  {'run the round':<32} {running:>9.3f} {running / UNITS * 1000:>9.2f} {'':>10}")
    gaps, _ = timed(lambda: [result.gaps(unit) for unit in result.cards])
    print(f"  {'gap reports (xlsx and json)':<32} {gaps:>9.3f} {gaps / UNITS * 1000:>9.2f} {'':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for fmt, options in (
            ("xlsx", {}),
            ("csv", {}),
            ("csv", {"decimal_comma": True}),
            ("json", {}),
        ):
            path = Path(folder) / f"ket-qua.{fmt}"
            seconds, _ = timed(lambda path=path, options=options: write_results(result, path, **options))
            size = path.stat().st_size / 1_000_000
            label = f"write_results {fmt}" + (" decimal comma" if options else "")
            print(f"  {label:<32} {seconds:>9.3f} {seconds / UNITS * 1000:>9.2f} {size:>8.1f} MB")


if __name__ == "__main__":
    main()
