"""One generated stack per session: generation is deterministic, so sharing it is safe."""

from __future__ import annotations

import pytest

from seamguard.core.simulate import Stack, generate_stack


@pytest.fixture(scope="session")
def stack() -> Stack:
    return generate_stack(7)
