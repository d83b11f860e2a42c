from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.shared.printing.fake_printer import FakeNetworkPrinter


@pytest.fixture
def network_printer() -> Iterator[FakeNetworkPrinter]:
    """A listening fake network printer on 127.0.0.1, closed after the test."""
    printer = FakeNetworkPrinter()
    yield printer
    printer.close()
