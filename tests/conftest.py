"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.board import LocalBoard


@pytest.fixture
def board() -> Iterator[LocalBoard]:
    """A started local HTTP server; routes are set by the test, and it is closed afterwards."""
    b = LocalBoard().start()
    try:
        yield b
    finally:
        b.close()
