"""The fuzz harness in CI: every target (rules, regime files, forms in xlsx, csv and json, round files)
fed Hypothesis-chosen mutations of its seeds fails only with the library's own errors; and the crashes
the harness found stay fixed."""

from __future__ import annotations

import importlib.util
import io
import random
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import itcriteria

HARNESS = Path(__file__).parents[1] / "fuzz" / "harness.py"


def _harness() -> Any:
    spec = importlib.util.spec_from_file_location("itcriteria_fuzz_harness", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


harness = _harness()


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    folder = tmp_path_factory.mktemp("fuzz")
    return harness.targets(folder), folder


@pytest.mark.parametrize("name", ["rules", "regimes", "forms-json", "forms-csv", "forms-xlsx", "rounds"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rng=st.randoms(use_true_random=False))
def test_mutated_inputs_fail_only_with_the_librarys_errors(
    targets: tuple[dict[str, Any], Path], name: str, rng: random.Random
) -> None:
    """A mutated seed of each target is read, or refused with an ItcriteriaError: never another exception."""
    found, folder = targets
    target = found[name]
    data = harness.mutate(rng.choice(target.seeds), rng, target.seeds)
    harness.run_one(target, data, folder)


def _template(folder: Path) -> bytes:
    path = folder / "template.xlsx"
    itcriteria.write_template(itcriteria.get_regime("binhthuan-2019"), path)
    return path.read_bytes()


def _rewritten(data: bytes, part: str, content: bytes | None = None, method: int | None = None) -> bytes:
    """The workbook ``data`` with ``part`` stored uncompressed, its content replaced by ``content``
    and its compression method then patched to ``method`` (local header and directory entry)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == part:
                target.writestr(part, content or source.read(info), compress_type=zipfile.ZIP_STORED)
            else:
                target.writestr(info.filename, source.read(info))
    written = bytearray(out.getvalue())
    if method is not None:
        name = part.encode()
        local = next(
            at
            for at in range(len(written))
            if written.startswith(b"PK\x03\x04", at) and written[at + 30 : at + 30 + len(name)] == name
        )
        written[local + 8 : local + 10] = method.to_bytes(2, "little")
        central = next(
            at
            for at in range(len(written))
            if written.startswith(b"PK\x01\x02", at) and written[at + 46 : at + 46 + len(name)] == name
        )
        written[central + 10 : central + 12] = method.to_bytes(2, "little")
    return bytes(written)


@pytest.mark.parametrize(
    "damage",
    [
        {"content": b"<worksheet><sheetData><row>&&&"},  # XML not well formed: ParseError
        {"method": 99},  # a compression method zipfile does not know: NotImplementedError
    ],
)
def test_damaged_workbooks_found_by_the_fuzzer_are_submission_errors(
    tmp_path: Path, damage: dict[str, Any]
) -> None:
    """A workbook with a broken sheet part, or one packed in an unknown way, is one 'not a form' problem."""
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(_rewritten(_template(tmp_path), "xl/worksheets/sheet1.xml", **damage))
    with pytest.raises(itcriteria.SubmissionError) as caught:
        itcriteria.read_form(path, itcriteria.get_regime("binhthuan-2019"))
    (problem,) = caught.value.problems
    assert "workbook" in problem.message


def test_a_workbook_whose_compressed_data_is_corrupt_is_a_submission_error(tmp_path: Path) -> None:
    """Deflated data damaged in place (zlib.error while a sheet is read) is one 'not a form' problem."""
    data = bytearray(_template(tmp_path))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 5, start + min(info.compress_size, 400), 7):
        data[offset] ^= 0xFF
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(itcriteria.SubmissionError):
        itcriteria.read_form(path, itcriteria.get_regime("binhthuan-2019"))
