"""Fixtures of the publishing tests: the example round, the year before it, pdftoppm."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs
import publishing
import pytest
from publishing import EXAMPLE, pdftoppm

import itcriteria


@pytest.fixture(scope="session")
def example_round() -> itcriteria.Round:
    return itcriteria.load_round(EXAMPLE)


@pytest.fixture(scope="session")
def example_result(example_round: itcriteria.Round) -> itcriteria.RoundResult:
    return example_round.run()


@pytest.fixture(scope="session")
def previous_result(example_round: itcriteria.Round) -> itcriteria.RoundResult:
    """The example round as the units sent it, as if it were the year before: the appraisal moved
    bql-kcn from 3rd to 2nd and so-tu-phap from 2nd to 3rd since."""
    forms = tuple(attrs.evolve(form, period="2018") for form in example_round.submissions)
    return attrs.evolve(example_round, submissions=forms, adjustments=(), period="2018").run()


@pytest.fixture(scope="session")
def rasterise() -> Callable[[Path, int, int], tuple[int, int, bytes]]:
    """Page ``page`` of a PDF at ``dpi`` as a grey image, by pdftoppm."""
    program = pdftoppm()
    return lambda pdf, page, dpi: publishing.rasterise(program, pdf, page, dpi)
