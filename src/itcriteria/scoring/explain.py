"""Explanations: how each sub-criterion was scored, rendered for people (vi/en) or as JSON-ready data."""

from __future__ import annotations

import ast
import weakref
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from .. import expressions
from .._core import LANGS, ZERO, check_lang, formats, round_to, terms
from ..model import Answer, Benchmark, Choice, Criterion, Given, Ratio, Rounding, rule_in_words, rule_inputs
from ..rules import BUILTINS
from .reading import benchmark_met

if TYPE_CHECKING:  # the regime sits above the scorer; it is seen here as a type only
    from ..regimes import Regime
    from .scorer import ScoreCard


def _explain_labels(lang: str) -> dict[str, str]:
    """The explanations' labels: the official terms from the catalogue, the sentences of their own."""
    w = terms.word
    own = {
        "vi": {
            "provisional": "TẠM THỜI: có tiêu chí chưa theo văn bản chính thức",
            "not_applicable": "không áp dụng (mẫu số bằng 0)",
            "zero": "mẫu số bằng 0: 0 điểm theo quy định",
            "full": "mẫu số bằng 0: điểm tối đa theo quy định",
            "appraised": "Hội đồng thẩm định cho điểm",
            "in_words": "cách tính",
        },
        "en": {
            "provisional": "PROVISIONAL: some criteria are not from an official text",
            "not_applicable": "not applicable (zero denominator)",
            "zero": "zero denominator: 0 points as the regime says",
            "full": "zero denominator: full points as the regime says",
            "appraised": "points set by the appraisal council",
            "in_words": "in words",
        },
    }[lang]
    return {
        **{key: terms.capital(w(key, lang)) for key in ("unit", "regime", "total", "band")},
        "no_band": w("no_band", lang),
        "ratio": w("ratio", lang),
        "rule": w("formula", lang),
        "points": w("points", lang),
        "rounded": w("rounded", lang),
        "benchmark": terms.field_name("benchmark", lang),
        "met": w("met", lang),
        "not_met": w("not_met", lang),
        "source": w("source", lang),
        "yes": w("yes", lang),
        "no": w("no", lang),
        "best": w("best_unit", lang),
        "at_most": w("at_most", lang),
        **{kind: f"{w(kind, lang)}, {w('not_official', lang)}" for kind in ("derived", "assumed")},
        **own,
    }


#: The labels of explanations by language (gap reports, plans and results files build on them).
EXPLAIN_LABELS = {lang: _explain_labels(lang) for lang in LANGS}


@attrs.frozen
class StepCall:
    """One ``steps``, ``per_item`` or ``clamp`` call a rule made: its function, its first argument as
    written (``ratio``) and the exact values of its arguments."""

    function: str
    first: str
    args: tuple[Decimal, ...]


@attrs.frozen
class LeafExplanation:
    """How one sub-criterion was scored.

    ``given`` holds the answer as the unit gave it; ``inputs`` what the rule saw (the derived ``ratio``
    among them); ``steps`` the thresholds or caps the rule hit; ``raw`` the rule's result and ``points``
    the score after the regime's rounding. ``outcome`` is ``rule``, or ``not_applicable``, ``zero`` or
    ``full`` when a zero denominator decided it. ``appraised`` is set when the appraisal council fixed
    the points (``points`` is then that value, ``raw`` what the rule gave).

    ``steps`` and ``rounding`` are text in one notation for every language (a point, at most four
    decimals in steps, every digit in ``rounding``), as JSON carries them; ``calls`` holds each step's
    function, first argument and exact values, from which the explanation text writes the steps in the
    reader's language.
    """

    criterion: Criterion
    given: Mapping[str, Given]
    evidence: str
    inputs: Mapping[str, Any]
    rule: str
    outcome: str
    steps: tuple[str, ...]
    raw: Decimal | None
    points: Decimal
    max: Decimal
    rounding: str | None
    benchmark_met: bool | None
    appraised: Decimal | None = None
    calls: tuple[StepCall, ...] = ()

    @property
    def applicable(self) -> bool:
        return self.outcome != "not_applicable"


def explain_leaf(
    regime: Regime,
    criterion: Criterion,
    rule: expressions.CompiledExpression,
    answer: Answer,
    inputs: Mapping[str, Any],
    outcome: str,
    raw: Decimal | None,
    points: Decimal | None,
    appraised: Decimal | None = None,
) -> LeafExplanation:
    indicator = criterion.indicator
    assert indicator is not None
    if points is None:  # not applicable: no points, no maximum, no verdict
        final, maximum, met = ZERO if appraised is None else appraised, ZERO, None
    else:
        final, maximum = points if appraised is None else appraised, criterion.max
        benchmark = criterion.benchmark
        met = None if benchmark is None else benchmark_met(benchmark, indicator.kind, inputs, final)
    rounding = f"{raw} → {points}" if raw is not None and points is not None and raw != points else None
    calls = _calls(rule, criterion, inputs) if outcome == "rule" else ()
    return LeafExplanation(
        criterion,
        answer.given(),
        answer.evidence,
        inputs,  # read for this explanation alone: nothing changes it afterwards, so it is not copied
        rule.source,
        outcome,
        tuple(map(_data_step, calls)) if calls else (),
        raw,
        final,
        maximum,
        rounding,
        met,
        appraised,
        calls,
    )


_DESCRIBED = ("steps", "per_item", "clamp")


def _calls(
    rule: expressions.CompiledExpression, criterion: Criterion, inputs: Mapping[str, Any]
) -> tuple[StepCall, ...]:
    """Each steps/per_item/clamp call of the rule with the values it met."""
    described = _described_calls(rule, criterion)
    return _evaluated(described, inputs) if described else ()


def _evaluated(described: _Described, inputs: Mapping[str, Any]) -> tuple[StepCall, ...]:
    """The described calls with the values their arguments take for ``inputs``."""
    found = []
    for name, first, parts in described:
        try:
            args = tuple([part if isinstance(part, Decimal) else part(inputs) for part in parts])
        except Exception:  # a branch not taken may not evaluate (e.g. divides by zero): skip it
            continue
        found.append(StepCall(name, first, args))
    return tuple(found)


_Part = Decimal | Callable[[Mapping[str, Any]], Decimal]
_Described = tuple[tuple[str, str, tuple[_Part, ...]], ...]
# Each rule's described calls, analysed once per rule (so once per regime), not once per form.
_ANALYSED: weakref.WeakKeyDictionary[expressions.CompiledExpression, _Described] = weakref.WeakKeyDictionary()


def _described_calls(rule: expressions.CompiledExpression, criterion: Criterion) -> _Described:
    """The described calls of a rule, each with its first argument's text and its arguments: a
    Decimal for an argument without inputs (computed once), else a function of the inputs."""
    found = _ANALYSED.get(rule)
    if found is None:
        assert criterion.indicator is not None
        described = rule.functions_used.intersection(_DESCRIBED)
        found = _analyse(rule.tree, rule_inputs(criterion.indicator)) if described else ()
        _ANALYSED[rule] = found
    return found


def _analyse(tree: ast.AST, names: tuple[str, ...]) -> _Described:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _DESCRIBED:
            try:
                parts = tuple(_part(arg, names) for arg in node.args)
            except Exception:  # an argument without inputs that cannot evaluate: never described
                continue
            found.append((node.func.id, ast.unparse(node.args[0]), parts))
    return tuple(found)


def _part(node: ast.expr, names: tuple[str, ...]) -> _Part:
    compiled = expressions.compile(ast.unparse(node), names)
    if not compiled.names:
        return compiled()
    if isinstance(node, ast.Name):  # an input as it is: the checked call gives back a finite Decimal

        def value(inputs: Mapping[str, Any], name: str = node.id) -> Decimal:
            given = inputs.get(name)
            return given if type(given) is Decimal and given.is_finite() else compiled(**inputs)

        return value
    if compiled.functions_used <= BUILTINS.keys():  # built-ins never change the context: call directly
        function = compiled.function

        def computed(inputs: Mapping[str, Any]) -> Decimal:
            try:
                result = function(**inputs)
            except Exception:
                result = None
            # anything else goes through the checked call, which converts it or raises as before
            return result if type(result) is Decimal and result.is_finite() else compiled(**inputs)

        return computed
    return lambda inputs: compiled(**inputs)


def _data_step(call: StepCall) -> str:
    """A step as the explanation data writes it, in every language: "ratio = 0.4375 ≥ 0.4 → 4"."""
    return _describe_call(call, format_number, format_number, "cap")


def _describe_call(
    call: StepCall, value: Callable[[Decimal], str], points: Callable[[Decimal], str], cap_word: str
) -> str:
    """A step in words, ``value`` writing the values the rule met and ``points`` the points it gave."""
    name, first, args = call.function, call.first, call.args
    x = args[0]
    if name == "steps":
        pairs = sorted(zip(args[1::2], args[2::2], strict=False), reverse=True)
        for threshold, given in pairs:
            if x >= threshold:
                return f"{first} = {value(x)} ≥ {value(threshold)} → {points(given)}"
        return f"{first} = {value(x)} < {value(pairs[-1][0])} → {points(Decimal(0))}"
    if name == "per_item":
        each, cap = args[1], args[2]
        product = x * each
        capped = f", {cap_word} {points(cap)} → {points(min(product, cap))}" if product > cap else ""
        return f"{first} = {value(x)} × {value(each)} = {points(product)}{capped}"
    low, high = args[1], args[2]
    clamped = value(min(max(x, low), high))
    return f"clamp({first} = {value(x)}, {value(low)}, {value(high)}) → {clamped}"


def format_points(value: Decimal, regime: Regime, lang: str = "en") -> str:
    """Points padded to the regime's declared places (15 → 15.00, ``15,00`` in Vietnamese); never
    rounded here."""
    return formats.points(value, regime.rounding.places, lang)


def format_number(value: Any) -> str:
    """A value in the explanation data's notation (a point, at most four decimals); the text people
    read writes numbers with :class:`Shown` instead."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        text = f"{value:f}"
        point = text.find(".")
        return f"{value:.4f}" if point >= 0 and len(text) - point > 5 else text
    return str(value)


#: Decimals shown of a ratio as a percentage, and of other values a rule met (a count, a best value).
RATIO_PLACES = 2
VALUE_PLACES = 4


@attrs.frozen
class Shown:
    """How an explanation, a gap report or a plan writes its numbers in ``lang`` (a decimal comma in
    Vietnamese), each kind in one format:

    - points (scores, the points a rule or a step gives) padded to the regime's ``places`` (4 → 4,00),
      rounded to them for display when they hold more;
    - a rule's result before the regime rounds it: ``places`` + 2 decimals at most (4,7273), with
      ``≈`` instead of ``=`` when digits were left out;
    - declared maxima as declared (``/ 10``), answers as the unit gave them, every digit;
    - ratios as percentages of at most :data:`RATIO_PLACES` decimals (94,55%), other values a rule met
      with at most :data:`VALUE_PLACES`.
    """

    places: int
    lang: str

    def points(self, value: Decimal) -> str:
        return formats.points(formats.for_display(value, self.places), self.places, self.lang)

    def raw(self, value: Decimal) -> str:
        """``= 4,7273`` or ``≈ 4,7273``: a rule's result, before the regime's rounding."""
        shown = formats.for_display(value, self.places + 2)
        sign = "=" if shown == value else "≈"
        return f"{sign} {formats.points(shown, self.places, self.lang)}"

    def number(self, value: object) -> str:
        """A number as given (an answer, a maximum): every digit; anything else as text."""
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return formats.number(value, self.lang)
        return str(value)

    def value(self, value: Decimal) -> str:
        return formats.number(formats.for_display(value, VALUE_PLACES), self.lang)

    def percent(self, ratio: Decimal) -> str:
        return formats.percent(ratio, self.lang, RATIO_PLACES)


# --- Rendering -------------------------------------------------------------------------------------


def render(card: ScoreCard, lang: str = "vi") -> str:
    """The scorecard as an indented tree of criteria with each leaf's explanation."""
    labels = EXPLAIN_LABELS[check_lang(lang)]
    regime = card.regime
    shown = Shown(regime.rounding.places, lang)
    unit = card.unit
    lines = [
        f"{labels['unit']}: {unit.name} ({unit.id}, {regime.group(unit.group).title.get(lang)})",
        f"{labels['regime']}: {regime.id} — {regime.title.get(lang)}",
    ]
    if regime.is_provisional:
        lines.append(f"  [{labels['provisional']}]")
    band = card.band.title.get(lang) if card.band else labels["no_band"]
    share = ""
    if regime.band_basis == "percent" and card.max_total:
        share = f" ({shown.percent(card.total / card.max_total)})"
    lines.append(
        f"{labels['total']}: {shown.points(card.total)} / {shown.number(card.max_total)}{share}"
        f" — {labels['band']}: {band}"
    )
    for top in regime.criteria:
        if top.applies_to(card.group):
            _render_node(card, top, shown, labels, 0, lines)
    return "\n".join(lines)


def _render_node(
    card: ScoreCard, criterion: Criterion, shown: Shown, labels: dict[str, str], depth: int, lines: list[str]
) -> None:
    lang = shown.lang
    node = card.node(criterion.id)
    pad = "  " * depth
    score = f"{shown.points(node.score)} / {shown.number(node.max)}"
    head = f"{pad}{criterion.id}. {criterion.title.get(lang)}: {score}"
    if criterion.is_leaf:
        lines.append(head)
        lines.extend(
            f"{pad}    {line}"
            for line in leaf_lines(card.explanation(criterion.id), card.regime.rounding, lang, labels)
        )
        return
    if node.benchmark_met is not None and criterion.benchmark is not None:
        verdict = labels["met" if node.benchmark_met else "not_met"]
        head += f" ({labels['benchmark']} {describe_benchmark(criterion.benchmark, lang)}: {verdict})"
    if criterion.provenance != "official":  # its maximum or its place in the tree is not from the text
        head += f" [{labels[criterion.provenance]}]"
    lines.append(head)
    for child in criterion.children:
        if child.applies_to(card.group):
            _render_node(card, child, shown, labels, depth + 1, lines)


def describe_benchmark(benchmark: Benchmark, lang: str = "vi") -> str:
    """A benchmark as the annexes write it, numbers in ``lang``: "80%", "≥ 4", "2,5 điểm"."""
    if benchmark.ratio is not None:
        return formats.percent(benchmark.ratio, lang)
    if benchmark.value is not None:
        return f"≥ {formats.number(benchmark.value, lang)}"
    assert benchmark.points is not None
    return f"{formats.number(benchmark.points, lang)} {terms.word('points', lang)}"


def leaf_lines(
    leaf: LeafExplanation, rounding: Rounding, lang: str, labels: dict[str, str] | None = None
) -> list[str]:
    """One leaf's explanation as lines of text in ``lang``: the answer, the cohort's best value, the
    rule and what it gave, its steps, the rounding, the appraisal, the benchmark and the source."""
    labels = EXPLAIN_LABELS[check_lang(lang)] if labels is None else labels
    shown = Shown(rounding.places, lang)
    criterion = leaf.criterion
    indicator = criterion.indicator
    assert indicator is not None
    out = []
    if isinstance(indicator, Ratio):
        given = f"{indicator.numerator.get(lang)}: {shown.number(leaf.given.get('numerator'))}; "
        given += f"{indicator.denominator.get(lang)}: {shown.number(leaf.given.get('denominator'))}"
        if leaf.outcome == "rule":
            given += f" → {labels['ratio']} {shown.percent(leaf.inputs['ratio'])}"
        out.append(given)
    else:
        value: object = leaf.given.get("value")
        if indicator.kind == "yes_no":
            value = labels["yes"] if leaf.inputs.get("yes") else labels["no"]
        elif isinstance(indicator, Choice):
            level = indicator.level(str(value))
            value = f"{level.title.get(lang)} ({value})" if level else value
        out.append(f"{indicator.label.get(lang)}: {shown.number(value)}")
    out.extend(calculation_lines(leaf, rounding, lang, labels))
    if leaf.appraised is not None:
        out.append(f"{labels['appraised']}: {shown.points(leaf.appraised)}")
    if criterion.benchmark is not None and leaf.benchmark_met is not None:
        verdict = labels["met" if leaf.benchmark_met else "not_met"]
        out.append(f"{labels['benchmark']} {describe_benchmark(criterion.benchmark, lang)}: {verdict}")
    provenance = "" if criterion.provenance == "official" else f" [{labels[criterion.provenance]}]"
    source = criterion.source + provenance
    out.append(f"{labels['source']}: {source}")
    return out


def calculation_lines(
    leaf: LeafExplanation, rounding: Rounding, lang: str, labels: dict[str, str] | None = None
) -> list[str]:
    """How a leaf's points were worked out, as lines of text in ``lang``: the cohort's best value, the
    rule and what it gave, each step (indented), or what a zero denominator gave, and the rounding.
    The middle of :func:`leaf_lines`, for a results file's calculation column."""
    labels = EXPLAIN_LABELS[check_lang(lang)] if labels is None else labels
    shown = Shown(rounding.places, lang)
    out = []
    if "best" in leaf.inputs:  # the cohort's best ratio, or its best value
        best = shown.percent if isinstance(leaf.criterion.indicator, Ratio) else shown.value
        out.append(f"{labels['best']}: {best(leaf.inputs['best'])}")
    if leaf.outcome == "rule" and leaf.raw is not None:
        out.append(
            f"{labels['in_words']}: {rule_in_words(leaf.criterion, lang)}"
        )  # the rule as the annex says it
        out.append(f"{labels['rule']}: {leaf.rule} {shown.raw(leaf.raw)}")
        out.extend(f"  {_step_text(call, shown, labels)}" for call in leaf.calls)
    else:
        out.append(labels[leaf.outcome])
    if leaf.rounding and leaf.raw is not None:
        rounded = round_to(leaf.raw, rounding.places, rounding.mode)
        out.append(f"{labels['rounded']}: {shown.points(rounded)} ({rounding.describe(lang)})")
    return out


def _step_text(call: StepCall, shown: Shown, labels: dict[str, str]) -> str:
    """A step in the reader's language: "ratio = 43,75% ≥ 40% → 4,00"; a ratio's values as percentages."""
    value = shown.percent if call.first == "ratio" else shown.value
    return _describe_call(call, value, shown.points, labels["at_most"])


def to_dict(card: ScoreCard) -> dict[str, Any]:
    """JSON-ready data of a scorecard; numbers are decimal text so nothing passes through a float."""
    regime = card.regime
    return {
        "regime": {
            "id": regime.id,
            "status": regime.status,
            "title": regime.title.vi,
            "content_hash": regime.content_hash,
        },
        "unit": attrs.asdict(card.unit),
        "period": card.submission.period,
        "submitted": card.submission.submitted.isoformat() if card.submission.submitted else None,
        "total": str(card.total),
        "max_total": str(card.max_total),
        "band": {"id": card.band.id, "title": card.band.title.vi} if card.band else None,
        "criteria": [_node_dict(card, c) for c in regime.criteria if c.applies_to(card.group)],
    }


def _node_dict(card: ScoreCard, criterion: Criterion) -> dict[str, Any]:
    node = card.node(criterion.id)
    data: dict[str, Any] = {
        "id": criterion.id,
        "title": criterion.title.vi,
        "score": str(node.score),
        "max": str(node.max),
        "benchmark_met": node.benchmark_met,
        "applicable": node.applicable,
        "source": criterion.source,
        "provenance": criterion.provenance,
    }
    if criterion.is_leaf:
        leaf = card.explanation(criterion.id)
        data["explanation"] = {
            "given": {k: _plain(v) for k, v in leaf.given.items()},
            "evidence": leaf.evidence,
            "inputs": {k: _plain(v) for k, v in leaf.inputs.items() if k != "max_points"},
            "rule": leaf.rule,
            "outcome": leaf.outcome,
            "steps": list(leaf.steps),
            "raw": None if leaf.raw is None else str(leaf.raw),
            "rounding": leaf.rounding,
        }
    else:
        data["children"] = [_node_dict(card, c) for c in criterion.children if c.applies_to(card.group)]
    return data


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Decimal) else value
