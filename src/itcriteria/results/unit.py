"""One evaluated unit's sheet of a result workbook: its total, class and rank, then every criterion
it answers in the official numbering with the points, the answer given, the rule, the benchmark
verdict, what the appraisal council changed, and the source and provenance of the criterion; and the
criteria sheet, the same rows for every unit in one table to filter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

from .._core import check_lang
from ..improvement import describe_benchmark
from ..model import Criterion
from ..ranking import RankRow
from ..rounds import RoundResult, UnitStatus
from ..scoring import EXPLAIN_LABELS as _EXPLAIN
from ..scoring import ScoreCard, calculation_lines, leaf_lines
from .labels import PROVENANCE, group_title, head_lines, label, verdict
from .sheets import Book, SheetWriter

#: The columns of a unit's sheet (label key, width).
COLUMNS = (
    ("criterion", 10),
    ("title", 40),
    ("given", 36),
    ("points", 9),
    ("max", 9),
    ("benchmark", 11),
    ("benchmark_met", 11),
    ("appraised", 20),
    ("self_points", 11),
    ("calculation", 36),
    ("source", 32),
    ("provenance", 18),
)


def unit_sheet(
    book: Book,
    name: str,
    result: RoundResult,
    row: RankRow,
    status: UnitStatus,
    adjusted: Set[str],
    lang: str,
) -> None:
    """Add the sheet of ``row``'s unit; ``adjusted`` are the criteria the council has records on."""
    regime = result.regime
    card, own = result.cards[row.unit], result.self_assessed[row.unit]
    unit = card.unit
    place = row.rank if row.rank is not None else (row.reason.get(lang) if row.reason else None)
    summary = [
        (label("group", lang), group_title(regime, unit.group, lang)),
        (label("status", lang), status.describe(lang)),
        (label("total", lang), card.total),
        (label("max", lang), card.max_total),
        (label("percent", lang), row.percent),
        (label("band", lang), card.band.title.get(lang) if card.band is not None else None),
        (label("rank", lang), place),
    ]
    head = head_lines(regime, lang, f"{unit.name} ({unit.id})", result.round.period)
    widths = [width for _, width in COLUMNS]
    sheet = SheetWriter.opened(book, name, widths, places=regime.rounding.places, head=head, lines=summary)
    sheet.heading(label(key, lang) for key, _ in COLUMNS)
    for criterion in regime.walk(card.group):
        values = _criterion_row(card, own, criterion, criterion.id in adjusted, lang)
        sheet.row(values, bold=not criterion.is_leaf)


#: The criteria sheet's columns: the unit, then those of a unit's sheet that vary by unit (the
#: criterion's benchmark, source and provenance are in the unit sheets and the criteria book).
CRITERIA_COLUMNS = (
    ("unit", 20),
    ("name", 30),
    ("group", 18),
    ("criterion", 10),
    ("level", 6),
    ("title", 50),
    ("given", 30),
    ("points", 9),
    ("max", 9),
    ("lost", 9),
    ("benchmark_met", 11),
    ("appraised", 20),
    ("self_points", 11),
    ("calculation", 44),
)
# the cells of a unit sheet's row the criteria sheet takes, in its order
_TAKEN = [
    [key for key, _ in COLUMNS].index(key)
    for key in ("given", "points", "max", "benchmark_met", "appraised", "self_points", "calculation")
]


def criteria_sheet(
    book: Book,
    name: str,
    result: RoundResult,
    units: Sequence[str],
    adjusted: Mapping[str, Set[str]],
    lang: str,
    note: str | None = None,
) -> None:
    """Add the criteria sheet: a row per evaluated unit (in ranking order) and criterion (in official
    order, parents too), with filter buttons on the frozen heading row. ``note`` goes on top."""
    regime = result.regime
    head = head_lines(regime, lang, label("criteria", lang), result.round.period)
    if note is not None:
        head.append(note)
    widths = [width for _, width in CRITERIA_COLUMNS]
    sheet = SheetWriter.opened(book, name, widths, places=regime.rounding.places, head=head)
    heading_row = sheet.rows
    sheet.heading(label(key, lang) for key, _ in CRITERIA_COLUMNS)
    groups = {group.id: group.title.get(lang) for group in regime.groups}
    levels = _levels(regime.criteria)
    walks = {group: [(c, levels[c.id]) for c in regime.walk(group)] for group in groups}
    for unit in units:
        card, own = result.cards[unit], result.self_assessed[unit]
        changed = adjusted.get(unit, set())
        front = [unit, card.unit.name, groups.get(card.group, card.group)]
        for criterion, level in walks.get(card.group, ()):
            cells = _criterion_row(card, own, criterion, criterion.id in changed, lang)
            given, points, maximum, met, appraised, before, calculation = (cells[i] for i in _TAKEN)
            lost = maximum - points  # type: ignore[operator]
            values = [criterion.id, level, cells[1], given, points, maximum, lost, met, appraised, before]
            sheet.row([*front, *values, calculation], bold=not criterion.is_leaf, wrap=False)
    sheet.autofilter(heading_row, len(CRITERIA_COLUMNS))


def _levels(criteria: Sequence[Criterion], level: int = 1) -> dict[str, int]:
    """Each criterion's level in the tree: 1 for a top criterion, 2 for its children, …"""
    found: dict[str, int] = {}
    for criterion in criteria:
        found[criterion.id] = level
        found |= _levels(criterion.children, level + 1)
    return found


def _criterion_row(
    card: ScoreCard, own: ScoreCard, criterion: Criterion, adjusted: bool, lang: str
) -> list[object]:
    """A criterion's cells; the self-assessed points are shown where the appraisal changed them."""
    node = card.node(criterion.id)
    before = own.scores.get(criterion.id)
    given = calculation = appraised = None
    if criterion.is_leaf:
        leaf = card.explanation(criterion.id)
        labels = _EXPLAIN[check_lang(lang)]
        given = leaf_lines(leaf, card.regime.rounding, lang, labels)[0]  # the answer, as explained
        calculation = "\n".join(line.strip() for line in calculation_lines(leaf, card.regime.rounding, lang))
        if leaf.appraised is not None:
            appraised = label("points_set", lang)
        elif adjusted:
            appraised = label("answer_set", lang)
        elif before is not None and before != node.score:
            appraised = label("cohort", lang)  # the group's best value moved
    elif before is not None and before != node.score:
        appraised = label("changed", lang)
    return [
        criterion.id,
        criterion.title.get(lang),
        given,
        node.score,
        node.max,
        None if criterion.benchmark is None else describe_benchmark(criterion.benchmark, lang),
        verdict(node.benchmark_met, lang),
        appraised,
        before if appraised is not None else None,
        calculation,
        criterion.source or None,
        PROVENANCE[criterion.provenance].get(lang),
    ]
