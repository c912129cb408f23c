"""Fixtures shared by several test modules: the shipped catalog, the shipped synthetic sample, its progress."""

from __future__ import annotations

import pytest

AS_OF = "2026-10"  # the latest month of the shipped sample


@pytest.fixture(scope="session")
def plan():
    """The shipped plan (the default), resolved as the session's door resolves it."""
    from liulin_data.plan.folder import load_plan

    return load_plan()


@pytest.fixture(scope="session")
def targets(plan):
    """The shipped catalog, context indicators included."""
    from liulin_data.plan.catalog import load_targets

    return load_targets(plan=plan)


@pytest.fixture(scope="session")
def actuals(plan, targets):
    """The shipped synthetic sample actuals, loaded as an analyst's file would be."""
    from liulin_data.inputs import load_actuals
    from liulin_data.plan.sample import sample_paths

    return load_actuals([sample_paths(plan)[0]], plan=plan, targets=targets)


@pytest.fixture(scope="session")
def prog(targets):
    """progress() over the shipped sample at AS_OF (the default plan's defaults filled in)."""
    from liulin_data.session import progress

    return progress(AS_OF, targets=targets)
