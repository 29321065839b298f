"""Fixtures of the core's tests: the bundled example regime and its forms."""

from typing import Any

import pytest

import itcriteria
from itcriteria.cli.demo import example_regime, example_submissions


@pytest.fixture(scope="session")
def example() -> itcriteria.Regime:
    return example_regime()


@pytest.fixture
def example_forms() -> list[dict[str, Any]]:
    return example_submissions()
