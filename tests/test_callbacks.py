"""Button data is built by its route only; a value that does not fit is refused, not cut."""

from __future__ import annotations

import pytest

from bot import callbacks


def test_a_value_fits_its_route_or_the_button_is_left_out() -> None:
    route = callbacks.AGENDA_SUBSCRIBE
    assert route.fits("test-planning-2027")
    assert route.data("test-planning-2027") == "agd:s:test-planning-2027"
    for value in ("twee woorden", "", "x" * 51, "é" * 50):  # the last: over 64 bytes
        assert not route.fits(value)
        with pytest.raises(ValueError):
            route.data(value)
