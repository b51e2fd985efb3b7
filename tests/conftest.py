import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# CI draws the same examples on every run, so a commit's result does not depend on the draw: a
# property broken by one corpus in a thousand (tests/test_fuzz.py found such corpora in runs of
# 400-2,500 examples; see benchmarks/syndication/RESULTS.md) must not turn one run red and the
# next green. Hunting for such corpora is a separate, longer run: the dev profile stays random.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def seeds() -> Path:
    return SEEDS
