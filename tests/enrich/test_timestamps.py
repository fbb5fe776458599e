from datetime import UTC, datetime

import pytest

from veille.enrich.timestamps import parse_time

T = datetime(2024, 6, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("value", [
    "2024-06-01T10:00:00Z", "2024-06-01T12:00:00+02:00", "2024-06-01 10:00:00", "2024-06-01T10:00:00.000Z",
    1717236000, 1717236000.0, "1717236000", 1717236000000, "Sat Jun 01 10:00:00 +0000 2024",
    "Sat, 01 Jun 2024 10:00:00 GMT", "2024-06-01 06:00:00 EDT", "2024-06-01 12:00:00 CEST",
    datetime(2024, 6, 1, 10, 0),
])
def test_formats_of_real_exports(value):
    assert parse_time(value) == T


@pytest.mark.parametrize("value", ["", "yesterday", None, True, "2024-13-45", "32 Smarch 2024"])
def test_garbage_is_refused_with_the_value_named(value):
    with pytest.raises(ValueError):
        parse_time(value)
