"""Explanations: how each sub-criterion was scored, rendered for people (vi/en) or as JSON-ready data."""

from __future__ import annotations

import ast
import weakref
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from .. import expressions
from .._core import check_lang, formats
from ..model import Answer, Choice, Criterion, Given, Ratio, Rounding, rule_inputs
from .reading import benchmark_met

if TYPE_CHECKING:  # the regime sits above the scorer; it is seen here as a type only
    from ..regimes import Regime
    from .scorer import ScoreCard

EXPLAIN_LABELS = {
    "vi": {
        "unit": "Đơn vị",
        "regime": "Bộ tiêu chí",
        "provisional": "TẠM THỜI: có tiêu chí chưa theo văn bản chính thức",
        "total": "Tổng điểm",
        "band": "Xếp loại",
        "no_band": "chưa xếp loại",
        "ratio": "tỷ lệ",
        "rule": "công thức",
        "points": "điểm",
        "rounded": "làm tròn",
        "benchmark": "điểm chuẩn",
        "met": "đạt",
        "not_met": "chưa đạt",
        "not_applicable": "không áp dụng (mẫu số bằng 0)",
        "zero": "mẫu số bằng 0: 0 điểm theo quy định",
        "full": "mẫu số bằng 0: điểm tối đa theo quy định",
        "source": "nguồn",
        "yes": "có",
        "no": "không",
        "best": "đơn vị cao nhất",
        "appraised": "Hội đồng thẩm định cho điểm",
        "derived": "suy ra, chưa có văn bản chính thức",
        "assumed": "giả định, chưa có văn bản chính thức",
    },
    "en": {
        "unit": "Unit",
        "regime": "Regime",
        "provisional": "PROVISIONAL: some criteria are not from an official text",
        "total": "Total",
        "band": "Class",
        "no_band": "no class",
        "ratio": "ratio",
        "rule": "rule",
        "points": "points",
        "rounded": "rounded",
        "benchmark": "benchmark",
        "met": "met",
        "not_met": "not met",
        "not_applicable": "not applicable (zero denominator)",
        "zero": "zero denominator: 0 points as the regime says",
        "full": "zero denominator: full points as the regime says",
        "source": "source",
        "yes": "yes",
        "no": "no",
        "best": "best unit",
        "appraised": "points set by the appraisal council",
        "derived": "derived, not from an official text",
        "assumed": "assumed, not from an official text",
    },
}


@attrs.frozen
class LeafExplanation:
    """How one sub-criterion was scored.

    ``given`` holds the answer as the unit gave it; ``inputs`` what the rule saw (the derived ``ratio``
    among them); ``steps`` the thresholds or caps the rule hit; ``raw`` the rule's result and ``points``
    the score after the regime's rounding. ``outcome`` is ``rule``, or ``not_applicable``, ``zero`` or
    ``full`` when a zero denominator decided it. ``appraised`` is set when the appraisal council fixed
    the points (``points`` is then that value, ``raw`` what the rule gave).
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
    assert criterion.indicator is not None
    applicable = points is not None
    final = points if points is not None else Decimal(0)
    if appraised is not None:
        final = appraised
    rounding = None
    if raw is not None and points is not None and raw != points:
        rounding = f"{raw} → {points}"
    steps = _steps(rule, criterion, inputs) if outcome == "rule" else ()
    met = benchmark_met(criterion.benchmark, criterion.indicator.kind, inputs, final) if applicable else None
    return LeafExplanation(
        criterion=criterion,
        given=answer.given(),
        evidence=answer.evidence,
        inputs=dict(inputs),
        rule=rule.source,
        outcome=outcome,
        steps=steps,
        raw=raw,
        points=final,
        max=criterion.max if applicable else Decimal(0),
        rounding=rounding,
        benchmark_met=met,
        appraised=appraised,
    )


_DESCRIBED = ("steps", "per_item", "clamp")


def _steps(
    rule: expressions.CompiledExpression, criterion: Criterion, inputs: Mapping[str, Any]
) -> tuple[str, ...]:
    """Describe each steps/per_item/clamp call of the rule with the values it met."""
    if not rule.functions_used.intersection(_DESCRIBED):
        return ()
    found = []
    for name, first, parts in _described_calls(rule, criterion):
        try:
            args = [part if isinstance(part, Decimal) else part(inputs) for part in parts]
        except Exception:  # a branch not taken may not evaluate (e.g. divides by zero): skip it
            continue
        found.append(_describe_call(name, first, args))
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
        found = _ANALYSED[rule] = _analyse(rule.source, rule_inputs(criterion.indicator))
    return found


def _analyse(source: str, names: tuple[str, ...]) -> _Described:
    found = []
    for node in ast.walk(ast.parse(source, mode="eval")):
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
    return lambda inputs: compiled(**inputs)


def _describe_call(name: str, first: str, args: list[Decimal]) -> str:
    x = args[0]
    if name == "steps":
        pairs = sorted(zip(args[1::2], args[2::2], strict=False), reverse=True)
        for threshold, points in pairs:
            if x >= threshold:
                return f"{first} = {format_number(x)} ≥ {format_number(threshold)} → {format_number(points)}"
        return f"{first} = {format_number(x)} < {format_number(pairs[-1][0])} → 0"
    if name == "per_item":
        each, cap = args[1], args[2]
        product = x * each
        capped = f", cap {format_number(cap)} → {format_number(min(product, cap))}" if product > cap else ""
        return f"{first} = {format_number(x)} × {format_number(each)} = {format_number(product)}{capped}"
    low, high = args[1], args[2]
    clamped = format_number(min(max(x, low), high))
    return f"clamp({first} = {format_number(x)}, {format_number(low)}, {format_number(high)}) → {clamped}"


def format_points(value: Decimal, regime: Regime) -> str:
    """Points padded to the regime's declared places (15 → 15.00); never rounded here."""
    return formats.points(value, regime.rounding.places, "en")


def format_number(value: Any) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        text = f"{value:f}"
        if "." in text and len(text.split(".")[1]) > 4:
            text = f"{value:.4f}"
        return text
    return str(value)


# --- Rendering -------------------------------------------------------------------------------------


def render(card: ScoreCard, lang: str = "vi") -> str:
    """The scorecard as an indented tree of criteria with each leaf's explanation."""
    labels = EXPLAIN_LABELS[check_lang(lang)]
    regime = card.regime
    unit = card.unit
    lines = [
        f"{labels['unit']}: {unit.name} ({unit.id}, {regime.group(unit.group).title.get(lang)})",
        f"{labels['regime']}: {regime.id} — {regime.title.get(lang)}",
    ]
    if regime.is_provisional:
        lines.append(f"  [{labels['provisional']}]")
    band = card.band.title.get(lang) if card.band else labels["no_band"]
    total = format_points(card.total, regime)
    share = ""
    if regime.band_basis == "percent" and card.max_total:
        percent = (card.total * 100 / card.max_total).quantize(Decimal("0.01"))
        share = f" ({format_number(percent)}%)"
    lines.append(
        f"{labels['total']}: {total} / {format_number(card.max_total)}{share} — {labels['band']}: {band}"
    )
    for top in regime.criteria:
        if top.applies_to(card.group):
            _render_node(card, top, lang, labels, 0, lines)
    return "\n".join(lines)


def _render_node(
    card: ScoreCard, criterion: Criterion, lang: str, labels: dict[str, str], depth: int, lines: list[str]
) -> None:
    node = card.node(criterion.id)
    pad = "  " * depth
    score = format_points(node.score, card.regime)
    head = f"{pad}{criterion.id}. {criterion.title.get(lang)}: {score} / {format_number(node.max)}"
    if criterion.is_leaf:
        lines.append(head)
        lines.extend(
            f"{pad}    {line}"
            for line in leaf_lines(card.explanation(criterion.id), card.regime.rounding, lang, labels)
        )
        return
    if node.benchmark_met is not None and criterion.benchmark is not None:
        verdict = labels["met" if node.benchmark_met else "not_met"]
        head += f" ({labels['benchmark']} {format_number(criterion.benchmark.points)}: {verdict})"
    if criterion.provenance != "official":  # its maximum or its place in the tree is not from the text
        head += f" [{labels[criterion.provenance]}]"
    lines.append(head)
    for child in criterion.children:
        if child.applies_to(card.group):
            _render_node(card, child, lang, labels, depth + 1, lines)


def leaf_lines(leaf: LeafExplanation, rounding: Rounding, lang: str, labels: dict[str, str]) -> list[str]:
    criterion = leaf.criterion
    indicator = criterion.indicator
    assert indicator is not None
    out = []
    if isinstance(indicator, Ratio):
        given = f"{indicator.numerator.get(lang)}: {leaf.given.get('numerator')}; "
        given += f"{indicator.denominator.get(lang)}: {leaf.given.get('denominator')}"
        if leaf.outcome == "rule":
            ratio = leaf.inputs["ratio"]
            given += f" → {labels['ratio']} {format_number(ratio * 100)}%"
        out.append(given)
    else:
        value = leaf.given.get("value")
        if indicator.kind == "yes_no":
            value = labels["yes"] if leaf.inputs.get("yes") else labels["no"]
        elif isinstance(indicator, Choice):
            level = indicator.level(str(value))
            value = f"{level.title.get(lang)} ({value})" if level else value
        out.append(f"{indicator.label.get(lang)}: {value}")
    if "best" in leaf.inputs:
        out.append(f"{labels['best']}: {format_number(leaf.inputs['best'])}")
    if leaf.outcome == "rule":
        out.append(f"{labels['rule']}: {leaf.rule} = {format_number(leaf.raw)}")
        out.extend(f"  {step}" for step in leaf.steps)
    else:
        out.append(labels[leaf.outcome])
    if leaf.rounding:
        out.append(f"{labels['rounded']}: {leaf.rounding} ({rounding.describe(lang)})")
    if leaf.appraised is not None:
        out.append(f"{labels['appraised']}: {format_number(leaf.appraised)}")
    if criterion.benchmark is not None and leaf.benchmark_met is not None:
        verdict = labels["met" if leaf.benchmark_met else "not_met"]
        out.append(f"{labels['benchmark']} {criterion.benchmark.describe()}: {verdict}")
    provenance = "" if criterion.provenance == "official" else f" [{labels[criterion.provenance]}]"
    source = criterion.source + provenance
    out.append(f"{labels['source']}: {source}")
    return out


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
