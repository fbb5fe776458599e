"""Turning the time formats of real exports into UTC datetimes.

Accepted: datetime objects (naive means UTC); epoch seconds as numbers or digit strings (values
above 10^11 are taken as milliseconds, as some exports write them); ISO 8601 with or without an
offset; RFC 822 dates of RSS; the classic Twitter form `Wed Oct 10 20:19:24 +0000 2018`; and
CrowdTangle's `2021-01-06 14:55:32 EST` with a North American or European zone abbreviation.
Anything else raises ValueError naming the value.
"""

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

_ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2, "EET": 2,
    "EEST": 3, "MSK": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "IST": 5.5, "WIB": 7, "WITA": 8,
    "WIT": 9, "BRT": -3, "ART": -3, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
}
_EPOCH_MS_THRESHOLD = 10**11
_ZONE_SUFFIX = re.compile(r"^(.*\d)\s+([A-Z]{1,5})$")
_TWITTER_CLASSIC = "%a %b %d %H:%M:%S %z %Y"


def parse_time(value) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, bool):
        raise ValueError(f"not a time: {value!r}")
    if isinstance(value, (int, float)):
        return _from_epoch(value)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"not a time: {value!r}")
    text = value.strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return _from_epoch(float(text))
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
        return parse_time(parsed)
    except ValueError:
        pass
    zoned = _ZONE_SUFFIX.match(text)
    if zoned and zoned.group(2) in _ZONES:
        try:
            base = datetime.fromisoformat(zoned.group(1).replace("/", "-"))
        except ValueError:
            base = None
        if base is not None:
            offset = timezone(timedelta(hours=_ZONES[zoned.group(2)]))
            return base.replace(tzinfo=offset).astimezone(UTC)
    for attempt in (_twitter_classic, parsedate_to_datetime):
        try:
            return parse_time(attempt(text))
        except (ValueError, TypeError, IndexError):
            continue
    raise ValueError(f"unparseable time {value!r}")


def _twitter_classic(text: str) -> datetime:
    return datetime.strptime(text, _TWITTER_CLASSIC)


def _from_epoch(seconds: float) -> datetime:
    if abs(seconds) >= _EPOCH_MS_THRESHOLD:
        seconds = seconds / 1000
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"epoch time out of range: {seconds!r}") from None
