"""ISO 8601 instants as people type them: with an offset they are exact; without one they are local
wall time in the calendar's zone (the first occurrence in the repeated autumn hour; a time in the
spring gap does not exist and is refused)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil import tz as dateutil_tz
from dateutil.parser import isoparse

WARSAW = ZoneInfo("Europe/Warsaw")


class TimeInputError(ValueError):
	"""A time that cannot be read, or a local time that does not exist."""


def parse_instant(text: str, zone: ZoneInfo = WARSAW) -> datetime:
	"""An aware datetime from ISO 8601 text (`2026-03-29T10:00`, `2026-03-29T08:00:00Z`, ...)."""
	if not isinstance(text, str) or not text.strip():
		raise TimeInputError("expected an ISO 8601 date and time, got nothing")
	try:
		value = isoparse(text.strip())
	except (ValueError, OverflowError):
		raise TimeInputError(f"{text!r} is not an ISO 8601 date and time (e.g. 2026-12-28T09:30)") from None
	if value.tzinfo is not None:
		return value
	local = value.replace(tzinfo=zone, fold=0)
	if not dateutil_tz.datetime_exists(local):
		raise TimeInputError(
			f"{text} does not exist in {zone.key}: the clocks jump forward that night; give an offset"
		)
	return local


def format_instant(value: datetime | None, zone: ZoneInfo = WARSAW) -> str | None:
	"""ISO 8601 in the zone with its offset, to the second: 2026-12-28T09:30:00+01:00."""
	if value is None:
		return None
	return value.astimezone(zone).replace(microsecond=0).isoformat()
