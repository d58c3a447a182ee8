"""Fixtures for the report renderers: a fresh sample report per test."""

from __future__ import annotations

from typing import Any

import pytest

from tests.render.sample_report import sample_report


@pytest.fixture
def report() -> dict[str, Any]:
    """The realistic sample report of sample_report.py (a new copy each time)."""
    return sample_report()
