"""Regime files (TOML) structured into the model with cattrs, every problem reported with its path."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .._core import RefusedInput, base_converter, leave_out, limits, problems_from, read_bounded
from ..exceptions import Problem, RegimeError
from ..model import INDICATOR_KINDS, Criterion, Indicator, LegalBasis, Period, Status, Text
from .regime import FUNCTIONS_IN_SCOPE, Regime
from .validation import criteria_problems, heading_problems


def load_regime(
    path: str | os.PathLike[str] | Traversable,
    *,
    functions: Mapping[str, Callable[..., Any]] | None = None,
) -> Regime:
    """Read and validate a regime file (TOML); raise RegimeError listing every problem with its path.

    ``path`` may also be package data (``importlib.resources.files(...) / "regime.toml"``).
    ``functions`` are extra rule functions (as plugins register them) the rules may call.
    """
    file = path if isinstance(path, Traversable) else Path(path)
    return regime_from_dict(read_regime_file(file), origin=str(file), functions=functions)


def read_regime_file(path: str | os.PathLike[str] | Traversable) -> dict[str, Any]:
    """The plain data of a regime file (TOML), read within the size and nesting limits; RegimeError
    when it cannot be read or is not TOML. Nothing of the regime is checked yet."""
    file = path if isinstance(path, Traversable) else Path(path)
    return parse_regime_text(read_regime_text(file), origin=str(file))


def read_regime_text(path: str | os.PathLike[str] | Traversable) -> str:
    """The text of a regime file, read within the size limit; RegimeError when it cannot be read."""
    file = path if isinstance(path, Traversable) else Path(path)
    try:
        if isinstance(file, Path):  # a file from anywhere: regular, and within the size limit
            return read_bounded(file, limit=limits.MAX_REGIME_BYTES, shown="").decode("utf-8")
        return file.read_text(encoding="utf-8")  # package data of an installed plugin
    except RefusedInput as err:
        raise RegimeError(str(file), [Problem("", str(err).removeprefix(": "))]) from None
    except OSError as err:
        raise RegimeError(str(file), [Problem("", f"cannot read the file: {err.strerror or err}")]) from None
    except UnicodeDecodeError as err:
        raise RegimeError(str(file), [Problem("", f"not a valid TOML file: {err}")]) from None


def parse_regime_text(text: str, *, origin: str) -> dict[str, Any]:
    """The plain data of a regime file's text, within the nesting limit; RegimeError (about
    ``origin``) when it is not TOML."""
    problem = _toml_depth_problem(text)
    if problem:
        raise RegimeError(origin, [Problem("", problem)])
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as err:
        raise RegimeError(origin, [Problem("", f"not a valid TOML file: {err}")]) from None


@attrs.frozen
class RegimeHeading:
    """What listings and lookups need of a regime, read from its file without its criteria: the fields
    of the same names of :class:`Regime`, checked as the whole regime checks them."""

    id: str
    province: str
    title: Text
    legal_basis: tuple[LegalBasis, ...]
    effective: Period
    ranking_policy: str = "competition"
    status: Status = "provisional"

    @classmethod
    def of(cls, regime: Regime) -> RegimeHeading:
        """The heading of a built regime."""
        return cls(*(getattr(regime, name) for name in _HEADING))


_HEADING = tuple(field.name for field in attrs.fields(RegimeHeading))
#: The first table of criteria: the heading of a regime file is read from the text before it.
_FIRST_CRITERION = re.compile(r"^[ \t]*\[\[[ \t]*criteria[ \t]*\]\]", re.MULTILINE)
#: A table of a heading field (``[effective]``, ``[[legal_basis]]``, ``[title]``); after the criteria,
#: the whole file is read for the heading.
_HEADING_TABLE = re.compile(
    r"^[ \t]*\[\[?[ \t]*[\"']?(?:" + "|".join(_HEADING) + r")[\"']?[ \t]*[].]", re.MULTILINE
)


def regime_heading(data: Mapping[str, Any], *, origin: str | None = None) -> RegimeHeading:
    """The heading of the regime in ``data`` (shaped like a regime file), without structuring or
    compiling its criteria; RegimeError listing every problem of the heading's fields."""
    name = str(data.get("id", "<no id>")) if isinstance(data, Mapping) else "<not a table>"
    subject = f"{name} ({origin})" if origin else name
    if not isinstance(data, Mapping):
        raise RegimeError(subject, [Problem("", "expected a table of the regime's fields")])
    try:
        heading = _converter.structure({k: data[k] for k in _HEADING if k in data}, RegimeHeading)
    except cattrs.BaseValidationError as exc:
        raise RegimeError(subject, problems_from(exc)) from None
    problems = heading_problems(heading.id, heading.province, heading.effective, heading.legal_basis)
    if problems:
        raise RegimeError(subject, problems)
    return heading


def read_heading(text: str, *, origin: str) -> RegimeHeading:
    """The heading of a regime file's text, parsing only what comes before its first ``[[criteria]]``
    table when the heading is all there (most of a file is its criteria), else the whole text.

    The part before a table line is valid TOML only if the line is no part of a string, so a part
    that does not parse sends the whole text to the parser, which reports the file's own error. A
    problem of the text after it is found when the regime is built (:func:`regime_from_text`).
    """
    first = _FIRST_CRITERION.search(text)
    data = None
    if first is not None and not _HEADING_TABLE.search(text, first.start()):
        try:
            data = parse_regime_text(text[: first.start()], origin=origin)
        except RegimeError:
            data = None
    return regime_heading(data if data is not None else parse_regime_text(text, origin=origin), origin=origin)


def regime_from_text(
    text: str,
    *,
    origin: str,
    functions: Mapping[str, Callable[..., Any]] | None = None,
    heading: RegimeHeading | None = None,
) -> Regime:
    """Build and validate the regime of a regime file's text (as :func:`load_regime` does a file);
    with ``heading``, the one :func:`read_heading` read of it, a RegimeError if the regime's differs."""
    regime = regime_from_dict(parse_regime_text(text, origin=origin), origin=origin, functions=functions)
    if heading is not None and RegimeHeading.of(regime) != heading:
        raise RegimeError(
            f"{regime.id} ({origin})",
            [Problem("", "the file's heading (id, province, dates, ...) differs from the one listed")],
        )
    return regime


def regime_from_dict(
    data: Mapping[str, Any],
    *,
    origin: str | None = None,
    functions: Mapping[str, Callable[..., Any]] | None = None,
) -> Regime:
    """Build a Regime from plain data shaped like a regime file (as parsed from TOML or JSON)."""
    name = str(data.get("id", "<no id>")) if isinstance(data, Mapping) else "<not a table>"
    subject = f"{name} ({origin})" if origin else name
    problem = _criteria_size_problem(data)
    if problem:
        raise RegimeError(subject, [Problem("criteria", problem)])
    scope = FUNCTIONS_IN_SCOPE.set(dict(functions or {}))
    try:
        return _converter.structure(data, Regime)
    except cattrs.BaseValidationError as exc:  # cattrs gathers every structural failure into one group
        semantic = _regime_error_in(exc)
        if semantic is not None:  # the fields were fine; Regime's whole-tree validation failed
            raise RegimeError(subject, semantic.problems) from None
        problems = problems_from(exc)
        raise RegimeError(subject, problems + _problems_beyond(data, problems, functions)) from None
    finally:
        FUNCTIONS_IN_SCOPE.reset(scope)


#: What the depth check reads: a basic string (escapes and all, ended by its quote or the line's end),
#: a literal string, a comment, or else a bracket, the one thing captured.
_TOML_MARKS = re.compile(r'"(?:[^"\\\n]|\\.)*["\n]?|\'[^\'\n]*[\'\n]?|#[^\n]*|([\[\]{}])', re.DOTALL)


def _toml_depth_problem(text: str) -> str | None:
    """Why ``text`` nests arrays or inline tables deeper than the limit, or None.

    One pass that skips strings and comments, each as one match; tomllib itself recurses, so a deep
    file is refused first.
    """
    depth = 0
    for bracket in _TOML_MARKS.findall(text):
        if bracket in ("[", "{"):
            depth += 1
            if depth > limits.MAX_TOML_DEPTH:
                return f"arrays or tables nested deeper than {limits.MAX_TOML_DEPTH} levels"
        elif bracket:  # a closing one; strings and comments match as ""
            depth = max(depth - 1, 0)
    return None


def _criteria_size_problem(data: object) -> str | None:
    """Why the criteria of ``data`` are too many or nested too deep, or None; counted without recursion."""
    if not isinstance(data, Mapping) or not isinstance(data.get("criteria"), list):
        return None
    stack = [(item, 1) for item in data["criteria"]]
    count = 0
    while stack:
        item, depth = stack.pop()
        count += 1
        if count > limits.MAX_CRITERIA:
            return f"more than {limits.MAX_CRITERIA} criteria"
        if depth > limits.MAX_CRITERIA_DEPTH:
            return f"criteria nested deeper than {limits.MAX_CRITERIA_DEPTH} levels"
        children = item.get("children") if isinstance(item, Mapping) else None
        if isinstance(children, list):
            stack.extend((child, depth + 1) for child in children)
    return None


def regime_to_dict(regime: Regime) -> dict[str, Any]:
    """The regime as plain data in the shape of a regime file (Decimals and dates as text)."""
    data: dict[str, Any] = _converter.unstructure(regime)
    return data


def _problems_beyond(
    data: Mapping[str, Any], found: list[Problem], functions: Mapping[str, Callable[..., Any]] | None
) -> list[Problem]:
    """The problems the structural ones hide: the file is structured again without what they are
    about and checked as a whole regime (rules, sums, bands). When a wrong field cannot be left out
    (a required one, an item of a list), the criteria that structure on their own are checked instead."""
    repaired = leave_out(data, found)
    if repaired is not None:
        try:
            _converter.structure(repaired.data, Regime)
        except cattrs.BaseValidationError as exc:
            semantic = _regime_error_in(exc)
            if semantic is not None:
                return [p for p in semantic.problems if not repaired.concerns(p.where)]
        else:
            return []
    return _problems_of_sound_criteria(data, functions)


def _problems_of_sound_criteria(
    data: Mapping[str, Any], functions: Mapping[str, Callable[..., Any]] | None
) -> list[Problem]:
    """When the file does not structure as a whole, still check the criteria that do structure."""
    raw_criteria = data.get("criteria")
    raw_groups = data.get("groups")
    if not isinstance(raw_criteria, list):
        return []
    groups = (
        [g.get("id") for g in raw_groups if isinstance(g, Mapping)] if isinstance(raw_groups, list) else []
    )
    sound = []
    for i, raw in enumerate(raw_criteria):
        try:
            sound.append((f"criteria[{i}]", _converter.structure(raw, Criterion)))
        except cattrs.BaseValidationError:
            continue  # its structural problems are reported already
    return criteria_problems(sound, [g for g in groups if isinstance(g, str)], functions)


def _regime_error_in(exc: BaseException) -> RegimeError | None:
    if isinstance(exc, RegimeError):
        return exc
    for inner in getattr(exc, "exceptions", ()):
        found = _regime_error_in(inner)
        if found is not None:
            return found
    return None


def _structure_text(value: object, _: type) -> Text:
    if isinstance(value, str):
        return Text(value)
    if isinstance(value, Mapping):
        extra = set(value) - {"vi", "en"}
        if extra or not isinstance(value.get("vi"), str) or not isinstance(value.get("en", ""), str):
            raise ValueError(f'expected text or {{vi = "...", en = "..."}}, got {dict(value)!r}')
        return Text(value["vi"], value.get("en", ""))
    raise ValueError(f"expected text, got {type(value).__name__} {value!r}")


def _make_converter() -> cattrs.Converter:
    converter = base_converter()
    converter.register_structure_hook(Text, _structure_text)
    converter.register_unstructure_hook(Text, lambda t: {"vi": t.vi, "en": t.en} if t.en else t.vi)

    def structure_indicator(value: object, _: object) -> Indicator | None:
        if value is None:
            return None
        kind = value.get("kind") if isinstance(value, Mapping) else None
        if not isinstance(value, Mapping) or kind not in INDICATOR_KINDS:
            kinds = ", ".join(INDICATOR_KINDS)
            raise ValueError(f"expected an indicator table with kind = one of {kinds}; got kind {kind!r}")
        fields = {key: item for key, item in value.items() if key != "kind"}
        result: Indicator = converter.structure(fields, INDICATOR_KINDS[kind])
        return result

    def unstructure_indicator(value: Indicator | None) -> dict[str, Any] | None:
        if value is None:
            return None
        return {"kind": value.kind, **converter.unstructure(value, unstructure_as=type(value))}

    converter.register_structure_hook_func(lambda t: t == Indicator | None, structure_indicator)
    converter.register_unstructure_hook_func(lambda t: t == Indicator | None, unstructure_indicator)
    # Last, so the generated functions use the hooks above; generated on first use, not at import
    # (writing regimes is for the service and content hashes). Plugin functions are code, not file
    # content: never read from a file nor written to one.
    converter.register_structure_hook_factory(
        lambda t: t is Regime,
        lambda _: make_dict_structure_fn(
            Regime, converter, functions=override(omit=True), _cattrs_forbid_extra_keys=True
        ),
    )
    converter.register_unstructure_hook_factory(
        lambda t: t is Regime,
        lambda _: make_dict_unstructure_fn(
            Regime,
            converter,
            functions=override(omit=True),
            # left out when empty, so a regime without declarations keeps its content hash
            consistency=override(omit_if_default=True),
        ),
    )
    return converter


_converter = _make_converter()
