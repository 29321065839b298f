"""Bounded form files: zip bombs, oversized CSV cells and rows, deep or long JSON are each one clear error."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

import itcriteria
from itcriteria._core import limits


@pytest.fixture(scope="module")
def regime() -> itcriteria.Regime:
    return itcriteria.get_regime("binhthuan-2019")


def message(path: Path, regime: itcriteria.Regime) -> str:
    with pytest.raises(itcriteria.SubmissionError) as caught:
        itcriteria.read_form(path, regime)
    (problem,) = caught.value.problems
    return problem.message


def test_an_xlsx_with_too_many_parts_is_refused_from_its_directory(
    tmp_path: Path, regime: itcriteria.Regime
) -> None:
    """A zip of more parts than the limit is refused before openpyxl parses anything."""
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(limits.MAX_XLSX_ENTRIES + 1):
            archive.writestr(f"x/{i}.xml", "")
    assert "parts, over the limit of 1,000" in message(path, regime)


def test_a_zip_bomb_is_refused_by_its_ratio_and_its_unpacked_size(
    tmp_path: Path, regime: itcriteria.Regime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A part unpacking to hundreds of times its size, or past the total limit, is refused fast."""
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 20_000_000)
    started = time.process_time()
    assert "times its size" in message(path, regime)
    assert time.process_time() - started < 5  # generous: the directory alone is read
    monkeypatch.setattr(limits, "MAX_XLSX_UNCOMPRESSED", 1_000_000)
    assert "unpacks to 20,000,000 bytes" in message(path, regime)


def test_csv_cells_and_rows_over_the_limits_are_refused(tmp_path: Path, regime: itcriteria.Regime) -> None:
    """A CSV cell longer than the limit, and a row with more cells than the limit, each name the row."""
    path = tmp_path / "long.csv"
    path.write_text("key,value\nunit.name," + "x" * (limits.MAX_CSV_FIELD + 1) + "\n", encoding="utf-8")
    assert message(path, regime).startswith("row 2: a cell of 100,001 characters")
    path.write_text("key,value\n" + "," * limits.MAX_CSV_COLUMNS + "\n", encoding="utf-8")
    assert message(path, regime) == "row 2: 65 cells, over the limit of 64"
    path.write_text('key,value\nunit.name,"' + "x" * 200_000 + '"\n', encoding="utf-8")
    assert "larger than field limit" in message(path, regime) or "characters" in message(path, regime)


def test_json_nesting_and_number_length_are_bounded(tmp_path: Path, regime: itcriteria.Regime) -> None:
    """JSON nested past the depth limit or with a very long number is refused before it is parsed."""
    path = tmp_path / "deep.json"
    path.write_text('{"answers": ' + "[" * 1000 + "]" * 1000 + "}", encoding="utf-8")
    assert message(path, regime) == "nested deeper than 32 levels"
    path.write_text('{"unit": {"id": "' + "[" * 40 + '", "name": "x"}}', encoding="utf-8")
    with pytest.raises(itcriteria.SubmissionError) as caught:  # brackets inside strings do not count
        itcriteria.read_form(path, regime)
    assert "nested" not in str(caught.value)
    path.write_text('{"answers": {"1.1": ' + "1" * 101 + "}}", encoding="utf-8")
    assert message(path, regime) == "a number longer than 100 characters"


def test_regime_files_are_bounded_in_size_nesting_and_criteria(tmp_path: Path) -> None:
    """A regime file too large, nested too deep, with too many or too deeply nested criteria is one error."""
    path = tmp_path / "big.toml"
    with path.open("wb") as handle:
        handle.truncate(limits.MAX_REGIME_BYTES + 1)
    with pytest.raises(itcriteria.RegimeError, match="larger than the limit"):
        itcriteria.load_regime(path)
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(itcriteria.RegimeError, match="nested deeper than 32"):
        itcriteria.load_regime(path)
    many = {"id": "x", "criteria": [{"id": str(i)} for i in range(limits.MAX_CRITERIA + 1)]}
    with pytest.raises(itcriteria.RegimeError, match="more than 5000 criteria"):
        itcriteria.regime_from_dict(many)
    deep: dict[str, object] = {"id": "1"}
    for level in range(limits.MAX_CRITERIA_DEPTH + 1):
        deep = {"id": str(level), "children": [deep]}
    with pytest.raises(itcriteria.RegimeError, match="nested deeper than 8"):
        itcriteria.regime_from_dict({"id": "x", "criteria": [deep]})
    import os

    os.mkfifo(tmp_path / "pipe.toml")
    with pytest.raises(itcriteria.RegimeError, match="not a regular file"):
        itcriteria.load_regime(tmp_path / "pipe.toml")
