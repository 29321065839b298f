"""From an annex file to a regime: tables chosen per unit group, criteria built with their provenance,
the groups' trees merged into one regime, and the result proved to load before anything is written."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ..exceptions import ArgumentError, Problem, RegimeError
from ..regimes import regime_from_dict
from ._grids import Grid, read_grids
from ._rules import combine_of, points_indicator, translate, untranslatable_indicator
from ._table import Entry, Table, find_header, read_table
from ._toml import dumps
from ._words import slug, squash

#: The group a single-table annex is imported for when no ``--group`` is given.
DEFAULT_GROUP = ("don-vi", "Các cơ quan, đơn vị")
PLACEHOLDER_RULE = "not_translated()"


@attrs.frozen
class GroupSpec:
    """One ``--group NAME=SHEET|TABLE``: the unit group and the sheet (by name) or table (by number,
    from 1) holding its criteria; ``table`` None takes the first table with a recognisable header."""

    id: str
    title: str
    table: str | None = None

    @classmethod
    def parse(cls, text: str) -> GroupSpec:
        name, _, table = text.partition("=")
        name = name.strip()
        if not name:
            raise ArgumentError(f"--group {text!r}: give the group as NAME=SHEET or NAME=TABLE-NUMBER")
        group_id = name if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name) else slug(name)
        return cls(group_id, name, table.strip() or None)


@attrs.frozen
class Placeholder:
    criterion: str
    where: str
    text: str


@attrs.frozen
class ImportReport:
    """What the import did: rows read, the tree, rules by kind, placeholders, sum mismatches."""

    file: str
    tables: tuple[tuple[str, str, int], ...]  # (group, table, rows read)
    criteria: int
    leaves: int
    kinds: dict[str, int]
    placeholders: tuple[Placeholder, ...]
    mismatches: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def rows_read(self) -> int:
        return sum(rows for _, _, rows in self.tables)


@attrs.frozen
class AnnexImport:
    """The regime imported from an annex, its TOML text (proved to load) and the import report."""

    regime: Any  # itcriteria.Regime
    toml: str
    report: ImportReport


@attrs.frozen
class _Options:
    decision: str
    path: Path
    partial: bool


def import_annex(
    path: str | Path,
    *,
    regime_id: str,
    province: str,
    decision: str,
    date: dt.date,
    groups: tuple[GroupSpec, ...] = (),
    title: str | None = None,
    rounding: dict[str, Any] | None = None,
    partial: bool = False,
    functions: Mapping[str, Callable[..., Any]] | None = None,
) -> AnnexImport:
    """Read the annex table(s) at ``path`` (.xlsx, .docx, .csv) and build the regime they describe.

    A criterion whose rows add up to more than its maximum keeps its maximum and caps the sum
    (``combine = "capped_sum"``, marked assumed); one whose rows add up to less is an error (rows
    missing?), unless ``partial``: the table is only part of the annex, and such a criterion takes
    its rows' sum, marked assumed, with the annex's figure in its note. Both are in the report.

    Raises RegimeError naming the file, with every problem (table, row, column) at once; nothing is
    returned half-built.
    """
    file = Path(path)
    grids = read_grids(file)
    specs = groups or (GroupSpec(*DEFAULT_GROUP),)
    options = _Options(decision, file, partial)
    problems: list[Problem] = []
    trees: list[tuple[GroupSpec, Table, list[dict[str, Any]]]] = []
    kinds: dict[str, str] = {}  # criterion id -> kind of rule, once however many groups share it
    placeholders: list[Placeholder] = []
    mismatches: list[str] = []
    notes: list[str] = []
    for spec in specs:
        grid = _choose(grids, spec, file, problems)
        if grid is None:
            continue
        header = find_header(grid)
        if header is None:
            problems.append(
                Problem(
                    grid.name,
                    "no header row found: looked in the first 20 rows for columns named like STT (or TT), "
                    "Tiêu chí (or Chỉ số, Nội dung) and Điểm tối đa (or Điểm chuẩn, Tổng điểm)",
                )
            )
            continue
        table, found = read_table(grid, header)
        problems += found
        built = [
            _criterion(e, table, options, kinds, placeholders, mismatches, notes, problems)
            for e in table.top()
        ]
        if table.stated_total is not None:
            total = sum((c["max"] for c in built), Decimal(0))
            if total != table.stated_total:
                mismatches.append(
                    f"{grid.name}: the total row reads {table.stated_total}, the criteria add up to {total}"
                )
        trees.append((spec, table, built))
    if problems:
        raise RegimeError(str(file), problems)

    criteria = _merge(trees, problems)
    if problems:
        raise RegimeError(str(file), problems)
    data: dict[str, Any] = {
        "id": regime_id,
        "province": province,
        "status": "provisional",
        "title": title or f"Bộ tiêu chí theo {decision}",
        "notes": (
            f"Nhập từ {file.name} bằng itcriteria import-annex; các quy tắc do chương trình viết (derived) "
            "và các dòng chưa dịch (assumed) cần được đối chiếu với phụ lục trước khi dùng chính thức."
        ),
        "legal_basis": [{"decision": decision, "date": date}],
        "effective": {"start": date},
        "groups": [
            {
                "id": spec.id,
                "title": spec.title,
                "source": f"{decision}, {table.grid.name}",
                "provenance": "derived",
            }
            for spec, table, _ in trees
        ],
        "criteria": criteria,
    }
    rounding = rounding or _rounding_stated(trees)
    if rounding is not None:
        data["rounding"] = rounding
    text = dumps(
        data,
        header=(
            f"Regime imported by `itcriteria import-annex` from {file.name} ({decision}).",
            "Titles, numbering, maxima and scoring texts are the annex's (official); rules the importer",
            "wrote are derived, rows it could not translate are assumed placeholders (not_translated()).",
        ),
    )
    regime = regime_from_dict(tomllib.loads(text), origin=f"import of {file}", functions=functions)
    leaves = regime.leaves()
    report = ImportReport(
        file=str(file),
        tables=tuple((spec.id, table.grid.name, table.rows_read) for spec, table, _ in trees),
        criteria=sum(1 for _ in regime.walk()),
        leaves=len(leaves),
        kinds=dict(sorted(Counter(kinds.values()).items())),
        placeholders=tuple({p.criterion: p for p in placeholders}.values()),  # once, if groups share it
        mismatches=tuple(mismatches),
        notes=tuple(notes),
    )
    return AnnexImport(regime, text, report)


_ROUNDING = re.compile(
    r"lam\s*tron\s*diem\s*:\s*(\d+)\s*chu\s*so\s*thap\s*phan\s*,\s*([a-z_]+)\s*,\s*(tung\s*tieu\s*chi|tong\s*diem)"
)


def _rounding_stated(trees: list[tuple[GroupSpec, Table, list[dict[str, Any]]]]) -> dict[str, Any] | None:
    """The rounding a line above the table states ("Làm tròn điểm: 2 chữ số thập phân, half_up, từng
    tiêu chí thành phần", as ``itcriteria docs --format xlsx`` writes it), or None."""
    for _, table, _ in trees:
        above = [c for row in table.grid.rows[: table.header.row] for c in row] + list(table.grid.preamble)
        for line in above:
            found = _ROUNDING.search(squash(line))
            if found:
                stage = "leaf" if found.group(3).startswith("tung") else "total"
                return {"places": int(found.group(1)), "mode": found.group(2), "stage": stage}
    return None


def _choose(grids: tuple[Grid, ...], spec: GroupSpec, file: Path, problems: list[Problem]) -> Grid | None:
    if spec.table is None:
        for grid in grids:
            if find_header(grid) is not None:
                return grid
        return grids[0]
    wanted = squash(spec.table)
    for grid in grids:
        if squash(grid.name) == wanted:
            return grid
    number = re.fullmatch(r"(?:bang|sheet|table)?\s*(\d+)", wanted)
    if number and 1 <= int(number.group(1)) <= len(grids):
        return grids[int(number.group(1)) - 1]
    names = ", ".join(g.name for g in grids)
    problems.append(
        Problem(
            f"--group {spec.title}={spec.table}", f"{file.name} has no table {spec.table!r} (tables: {names})"
        )
    )
    return None


def _criterion(
    entry: Entry,
    table: Table,
    options: _Options,
    kinds: dict[str, str],
    placeholders: list[Placeholder],
    mismatches: list[str],
    notes: list[str],
    problems: list[Problem],
) -> dict[str, Any]:
    grid = table.grid
    at = f"{grid.name}, row {entry.row}"
    source = f"{options.decision}, {grid.name}, STT {entry.number}"
    item: dict[str, Any] = {"id": entry.id, "title": entry.title or entry.number}
    note = _note(entry)
    if entry.children:
        children = [
            _criterion(table.entries[c], table, options, kinds, placeholders, mismatches, notes, problems)
            for c in entry.children
        ]
        total = sum((c["max"] for c in children), Decimal(0))
        item["max"] = entry.max if entry.max is not None else total
        item["source"] = source
        item["provenance"] = "official"
        combine = combine_of(entry.scoring)
        if combine in ("best", "capped_sum") and entry.max is not None:
            item["combine"] = combine  # the table says how; the regime's validation checks the maxima
        elif entry.max is None:
            item["provenance"] = "derived"
            item["source"] = f"{source}; điểm tối đa là tổng các tiêu chí thành phần (bảng không ghi)"
            notes.append(f"{at}: {entry.id} has no maximum in the table; taken as its rows' sum {total}")
        elif total > entry.max:
            item["combine"] = "capped_sum"
            item["provenance"] = "assumed"
            item["source"] = (
                f"{source}; các tiêu chí thành phần cộng lại {total} điểm, vượt {entry.max}: "
                "giả định điểm được giới hạn ở mức tối đa"
            )
            mismatches.append(
                f"{at}: {entry.id} reads {entry.max} points but its rows add up to {total}; "
                'written as combine = "capped_sum" (assumed): check the annex'
            )
        elif total < entry.max and options.partial:
            item["max"] = total
            item["provenance"] = "assumed"
            item["source"] = (
                f"{source}; phụ lục ghi {entry.max} điểm, các dòng của bảng cộng lại {total}: "
                "bảng chỉ là một phần của phụ lục"
            )
            note = _join(f"Phụ lục ghi điểm tối đa {entry.max}; các dòng đã nhập cộng lại {total}.", note)
            mismatches.append(
                f"{at}: {entry.id} reads {entry.max} points but its rows add up to {total}; "
                f"written as {total} (assumed, --partial): the annex's other rows are not in the table"
            )
        elif total < entry.max:
            problems.append(
                Problem(
                    f"{at}, column {grid.column(table.header.columns['max'])} "
                    f"({table.header.names[table.header.columns['max']]})",
                    f"{entry.id} reads {entry.max} points but its rows add up to {total}; a criterion "
                    "cannot be worth more than its parts: are rows missing from the table? "
                    "(--partial imports a part of an annex)",
                )
            )
        if note:
            item["note"] = note
        item["children"] = children
        return item
    if entry.max is None:
        column = table.header.columns["max"]
        problems.append(
            Problem(
                f"{at}, column {grid.column(column)} ({table.header.names[column]})",
                f"{entry.id} has no sub-rows and no maximum",
            )
        )
        item["max"] = Decimal(0)
        return item
    item["max"] = entry.max
    text = entry.scoring
    if not text and "khong tinh diem" in squash(entry.note):
        text = entry.note
    try:
        translation = translate(text, entry.max, entry.title) if text else None
    except ValueError as err:
        column = table.header.columns.get("scoring", 0)
        problems.append(
            Problem(f"{at}, column {grid.column(column)} ({table.header.names.get(column, '')})", str(err))
        )
        translation = None
    if translation is None and not text and not table.has_scoring:
        item["indicator"] = points_indicator(entry.title, entry.max)
        item["rule"] = "value"
        kind = "points"
    elif translation is None:
        item["indicator"] = untranslatable_indicator(entry.title)
        item["rule"] = PLACEHOLDER_RULE
        item["provenance"] = "assumed"
        item["source"] = f"{source}; chưa dịch được cách tính điểm thành quy tắc (xem ghi chú)"
        placeholders.append(Placeholder(entry.id, at, text))
        if note:
            item["note"] = note
        return item
    else:
        item["indicator"] = translation.indicator
        item["rule"] = translation.rule
        kind = translation.kind
    kinds[entry.id] = kind
    item["provenance"] = "derived"
    item["source"] = f"{source}; quy tắc do itcriteria import-annex viết từ cách tính điểm (xem ghi chú)"
    if note:
        item["note"] = note
    return item


def _join(first: str, rest: str) -> str:
    return f"{first}\n{rest}" if rest else first


def _note(entry: Entry) -> str:
    parts = []
    if entry.scoring:
        parts.append(f"Cách tính điểm: {entry.scoring}")
    if entry.evidence:
        parts.append(f"Tài liệu kiểm chứng: {entry.evidence}")
    if entry.data_source:
        parts.append(f"Nguồn dữ liệu: {entry.data_source}")
    if entry.note:
        parts.append(f"Ghi chú: {entry.note}")
    return "\n".join(parts)


# --- Several groups, one regime ------------------------------------------------------------------------


def _numbering(cid: str) -> tuple[tuple[int, int | str], ...]:
    """The order of criterion numbers: 1.2 before 1.10, numbers before letters."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in cid.split("."))


def _merge(
    trees: list[tuple[GroupSpec, Table, list[dict[str, Any]]]], problems: list[Problem]
) -> list[dict[str, Any]]:
    """One criteria tree for every group: a criterion in every group's table is shared, one in some
    tables only is restricted to those groups; the same number with different content is an error."""
    if len(trees) == 1:
        return trees[0][2]
    all_groups = [spec.id for spec, _, _ in trees]
    merged: list[dict[str, Any]] = []
    seen: dict[str, tuple[dict[str, Any], list[str], str]] = {}

    def add(items: list[dict[str, Any]], into: list[dict[str, Any]], group: str, table: str) -> None:
        for item in items:
            content = {k: v for k, v in item.items() if k not in ("children", "source")}
            known = seen.get(item["id"])
            if known is None:
                copy = {k: v for k, v in item.items() if k != "children"}
                if "children" in item:
                    copy["children"] = []
                into.append(copy)
                into.sort(key=lambda node: _numbering(node["id"]))  # 3.3 of one group before 3.4 of another
                seen[item["id"]] = (copy, [group], table)
                if "children" in item:
                    add(item["children"], copy["children"], group, table)
                continue
            node, groups, first_table = known
            if {k: v for k, v in node.items() if k not in ("children", "source", "groups")} != content:
                differing = sorted(
                    k
                    for k in set(content) | set(node) - {"children", "source", "groups"}
                    if node.get(k) != content.get(k)
                )
                problems.append(
                    Problem(
                        f"{table}, STT {item['id']}",
                        f"criterion {item['id']} differs from the one in {first_table} "
                        f"({', '.join(differing)}); one regime holds one criterion per number",
                    )
                )
                continue
            groups.append(group)
            if "children" in item:
                add(item["children"], node["children"], group, table)

    for spec, table, items in trees:
        add(items, merged, spec.id, table.grid.name)
    for node, groups, _ in seen.values():
        if sorted(groups) != sorted(all_groups):
            node["groups"] = [g for g in all_groups if g in groups]
    return merged
