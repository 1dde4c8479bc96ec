"""Clock primitives on top of a BusinessCalendar: window time with pauses, next-business-day
deadlines with an optional cut-off, and calendar-day deadlines.

Every function takes and returns aware datetimes; each loop is bounded by its input (the pauses)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hezo_service.core.sla.calendar import BusinessCalendar, CalendarError

END_OF_DAY = time(23, 59, 59)


def _utc(instant: datetime) -> datetime:
	# Comparing two datetimes of one zone compares wall clocks and ignores `fold`: inside the repeated
	# autumn hour that orders instants wrongly. Every comparison here is made in UTC.
	return instant.astimezone(timezone.utc)


@dataclass(frozen=True, slots=True)
class Pause:
	"""A stretch during which a clock does not run; `end` is None while it lasts."""

	start: datetime
	end: datetime | None = None

	def __post_init__(self) -> None:
		if self.end is not None and _utc(self.end) < _utc(self.start):
			raise CalendarError("a pause cannot end before it starts")


def merged_pauses(pauses: Iterable[Pause]) -> list[Pause]:
	"""Pauses in UTC, sorted by start with overlaps joined; an open pause swallows all after it."""
	result: list[Pause] = []
	for p in sorted((Pause(_utc(p.start), p.end and _utc(p.end)) for p in pauses), key=lambda p: p.start):
		if result and (result[-1].end is None or p.start <= result[-1].end):
			last = result[-1]
			end = None if last.end is None or p.end is None else max(last.end, p.end)
			result[-1] = Pause(last.start, end)
		else:
			result.append(p)
	return result


def due_after(
	calendar: BusinessCalendar, start: datetime, seconds: int | float, pauses: Iterable[Pause] = ()
) -> datetime | None:
	"""When `seconds` of window time have run since `start`, paused time never counting.
	None when the clock is paused (an open pause) before it runs out."""
	remaining = seconds
	current = _utc(start)
	for pause in merged_pauses(pauses):
		if pause.end is not None and pause.end <= current:
			continue
		if pause.start > current:
			available = calendar.elapsed(current, pause.start)
			if available >= remaining:
				return calendar.add(current, remaining)
			remaining -= available
		if pause.end is None:
			return None
		current = pause.end
	return calendar.add(current, remaining)


def window_elapsed(
	calendar: BusinessCalendar, start: datetime, end: datetime, pauses: Iterable[Pause] = ()
) -> int:
	"""Window seconds in [start, end) outside every pause."""
	start, end = _utc(start), _utc(end)
	total = calendar.elapsed(start, end)
	for pause in merged_pauses(pauses):
		a = max(pause.start, start)
		b = end if pause.end is None else min(pause.end, end)
		total -= calendar.elapsed(a, b)
	return total


def at_local(day: date, moment: time, tz: ZoneInfo) -> datetime:
	"""Local wall time on a day, as an aware datetime (the first occurrence in the autumn hour)."""
	return datetime.combine(day, moment, tz)


def next_business_day_due(
	business_days: BusinessCalendar,
	confirmed: datetime,
	*,
	due_time: time,
	cutoff: time | None = None,
) -> datetime:
	"""Next-business-day deadline (NBD, and NBD-S for shipping).

	Confirmed on a business day at or before the cut-off (to the second; no cut-off = any time)
	-> `due_time` on the next business day; after the cut-off -> the business day after that;
	confirmed on a day that is not a business day -> the first business day after it.
	"""
	local = confirmed.astimezone(business_days.tz).replace(microsecond=0)
	day = business_days.next_business_day(local.date())
	late = cutoff is not None and local.time() > cutoff
	if late and business_days.is_business_day(local.date()):
		day = business_days.next_business_day(day)
	return at_local(day, due_time, business_days.tz)


def end_of_nth_day(instant: datetime, days: int, tz: ZoneInfo) -> datetime:
	"""23:59:59 local time of the `days`-th calendar day after the day of `instant`
	(delivered on the 1st, 7 days -> the 8th at 23:59:59)."""
	if days < 0:
		raise CalendarError("a number of days cannot be negative")
	day = instant.astimezone(tz).date() + timedelta(days=days)
	return at_local(day, END_OF_DAY, tz)
