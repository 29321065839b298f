"""Test setup for the whole repository (core and plugins): Hypothesis profiles chosen by
HYPOTHESIS_PROFILE: "quick" locally (the default), "dev" for a deeper local search, "ci" in CI."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("quick", max_examples=25, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "quick"))
