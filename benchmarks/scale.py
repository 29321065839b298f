"""A province-size round generated from the Bình Thuận 2019 example round, shared by the benchmarks
and by tests/test_outputs_unchanged.py (which pins the outputs of a generated 1,000-unit round).

The units' forms are the example forms with their numbers varied (ratios, counts, yes/no and levels),
spread over the regime's groups; some forms are late, some missing and some answers appraised.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import attrs

import itcriteria

ROUND = Path(__file__).parents[1] / "plugins" / "binhthuan" / "examples" / "binhthuan-2019-round.json"


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
