"""Shared test setup: Hypothesis profiles chosen by HYPOTHESIS_PROFILE ("dev" locally, "ci" in CI)."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

from typing import Any

import pytest

import itcriteria
from itcriteria._demo import example_regime, example_submissions


@pytest.fixture(scope="session")
def example() -> itcriteria.Regime:
    return example_regime()


@pytest.fixture
def example_forms() -> list[dict[str, Any]]:
    return example_submissions()
