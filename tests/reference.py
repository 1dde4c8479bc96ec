"""Slow, obviously correct references for the calendar primitives: one step per calendar day,
every interval compared with plain datetime arithmetic. No prefix sums, no bisection."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

UTC = ZoneInfo("UTC")
WARSAW = ZoneInfo("Europe/Warsaw")
PL_HOLIDAYS = holidays.country_holidays("PL")
MAX_DAYS = 366 * 30


@dataclass
class RefCalendar:
	weekly: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # weekday -> [(start_s, end_s)]
	tz: ZoneInfo = WARSAW
	use_holidays: bool = True
	closed: frozenset[date] = frozenset()
	always_open: bool = False

	def is_working_day(self, day: date) -> bool:
		if self.use_holidays and day in PL_HOLIDAYS:
			return False
		return day not in self.closed and bool(self.weekly.get(day.weekday()))

	def wall(self, day: date, seconds: int) -> datetime:
		day = day + timedelta(days=seconds // 86400)
		seconds %= 86400
		naive = datetime(day.year, day.month, day.day, seconds // 3600, seconds // 60 % 60, seconds % 60)
		for _ in range(4 * 3600):  # a wall time in the spring gap: the first wall time that exists
			local = naive.replace(tzinfo=self.tz)
			if local.astimezone(UTC).astimezone(self.tz).replace(tzinfo=None) == naive:
				return local.astimezone(UTC)
			naive += timedelta(seconds=1)
		raise AssertionError("no existing wall time")

	def intervals(self, day: date) -> list[tuple[datetime, datetime]]:
		if not self.is_working_day(day):
			return []
		return [(self.wall(day, a), self.wall(day, b)) for a, b in self.weekly[day.weekday()]]


def _days_from(instant: datetime, tz: ZoneInfo):
	day = instant.astimezone(tz).date() - timedelta(days=1)
	for _ in range(MAX_DAYS):
		yield day
		day += timedelta(days=1)


def subtract(a: datetime, b: datetime, pauses) -> list[tuple[datetime, datetime]]:
	# Everything in UTC: subtracting two datetimes that share a tzinfo object is wall-clock
	# arithmetic in Python, off by an hour across a DST change.
	pieces = [(a.astimezone(UTC), b.astimezone(UTC))]
	for p in pauses:
		p_end = (p.end or datetime.max.replace(tzinfo=UTC)).astimezone(UTC)
		nxt = []
		p_start = p.start.astimezone(UTC)
		for x, y in pieces:
			if p_end <= x or p_start >= y:
				nxt.append((x, y))
				continue
			if x < p_start:
				nxt.append((x, p_start))
			if p_end < y:
				nxt.append((p_end, y))
		pieces = nxt
	return pieces


def ref_elapsed(cal: RefCalendar, a: datetime, b: datetime, pauses=()) -> int:
	a, b = a.astimezone(UTC), b.astimezone(UTC)
	if b <= a:
		return 0
	if cal.always_open:
		return sum(int((y - x).total_seconds()) for x, y in subtract(a, b, pauses))
	total = 0
	end_day = b.astimezone(cal.tz).date() + timedelta(days=1)
	for day in _days_from(a, cal.tz):
		if day > end_day:
			break
		for x, y in cal.intervals(day):
			for x2, y2 in subtract(max(x, a), min(y, b), pauses):
				if y2 > x2:
					total += int((y2 - x2).total_seconds())
	return total


def ref_add(cal: RefCalendar, start: datetime, seconds: int, pauses=()) -> datetime | None:
	"""First instant by which `seconds` (>= 1) of unpaused working time have passed since start.
	Only for seconds >= 1 (zero time is due at once by definition)."""
	start = start.astimezone(UTC)
	open_pauses = [p for p in pauses if p.end is None]
	remaining = seconds
	if cal.always_open:
		pieces = subtract(start, start + timedelta(days=MAX_DAYS), pauses)
	else:
		pieces = None
	if pieces is not None:
		for x, y in pieces:
			length = int((y - x).total_seconds())
			if remaining <= length:
				return x + timedelta(seconds=remaining)
			remaining -= length
		return None
	for day in _days_from(start, cal.tz):
		for x, y in cal.intervals(day):
			x = max(x, start)
			if y <= x:
				continue
			for x2, y2 in subtract(x, y, pauses):
				length = int((y2 - x2).total_seconds())
				if length <= 0:
					continue
				if remaining <= length:
					return x2 + timedelta(seconds=remaining)
				remaining -= length
		if open_pauses and day > min(p.start for p in open_pauses).astimezone(cal.tz).date():
			return None
	raise AssertionError("reference ran past its horizon")


def ref_is_business_day(day: date) -> bool:
	return day.weekday() < 5 and day not in PL_HOLIDAYS


def ref_nbd(confirmed: datetime, cutoff: time | None, due: time = time(17), tz=WARSAW):
	local = confirmed.astimezone(tz)
	day = local.date()
	steps = (
		2
		if ref_is_business_day(day) and cutoff is not None and local.time().replace(microsecond=0) > cutoff
		else 1
	)
	while steps:
		day += timedelta(days=1)
		if ref_is_business_day(day):
			steps -= 1
	return datetime(day.year, day.month, day.day, due.hour, due.minute, due.second, tzinfo=tz)


EIGHT_FIVE = RefCalendar({d: [(9 * 3600, 17 * 3600)] for d in range(5)})
NINE_FIVE = RefCalendar({d: [(8 * 3600, 17 * 3600)] for d in range(5)})
TWENTY_FOUR_SEVEN = RefCalendar(always_open=True, use_holidays=False)
