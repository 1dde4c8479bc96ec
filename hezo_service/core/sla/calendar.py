"""Business calendars: working intervals per weekday in one time zone, minus public holidays and
extra closed dates, or always open (24x7, real elapsed time).

Working time is laid out once per span of years as sorted UTC intervals (epoch seconds) with
prefix sums of the working seconds before each interval. Measuring window time between two
instants, or adding window time to an instant, is then two bisections: O(log intervals), no loop
over days or minutes and no I/O. The span grows on demand, up to MAX_YEAR, so every call is bounded.
"""

from __future__ import annotations

import bisect
import itertools
import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

DEFAULT_CALENDAR = "8x5"  # the business-day calendar of a plan that names none (catalogue/hezo_calendar.json)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY = 86_400
MIN_YEAR = 1971
MAX_YEAR = 2200
# Years laid out around the first instant a calendar is asked about; covers a ten-year horizon
# without a rebuild. Later requests outside the span rebuild it wider.
INITIAL_SPAN_BEFORE = 2
INITIAL_SPAN_AFTER = 12


class CalendarError(ValueError):
	"""A calendar that cannot be defined, or an instant it cannot place."""


@dataclass(frozen=True, slots=True)
class WorkingInterval:
	"""Working time on one weekday, in local seconds since midnight: [start, end)."""

	weekday: int  # 0 = Monday
	start: int
	end: int  # up to 86_400 (24:00)


def parse_time_of_day(value: time | str | int | timedelta) -> int:
	"""Seconds since midnight from a time, "HH:MM[:SS]" (24:00 allowed), seconds or a timedelta
	(what Frappe returns for Time fields)."""
	if isinstance(value, time):
		return value.hour * 3600 + value.minute * 60 + value.second
	if isinstance(value, timedelta):
		seconds = int(value.total_seconds())
	elif isinstance(value, int):
		seconds = value
	else:
		parts = str(value).strip().split(":")
		try:
			if not 2 <= len(parts) <= 3:
				raise ValueError
			hh, mm, ss = (int(float(p)) for p in [*parts, "0"][:3])
		except ValueError:
			raise CalendarError(f"invalid time of day {value!r}, expected HH:MM or HH:MM:SS") from None
		if not (0 <= mm < 60 and 0 <= ss < 60):
			raise CalendarError(f"invalid time of day {value!r}")
		seconds = hh * 3600 + mm * 60 + ss
	if not 0 <= seconds <= DAY:
		raise CalendarError(f"time of day {value!r} is outside 00:00-24:00")
	return seconds


def weekday_index(value: int | str) -> int:
	if isinstance(value, int) and 0 <= value < 7:
		return value
	name = str(value).strip().capitalize()
	if name in WEEKDAYS:
		return WEEKDAYS.index(name)
	raise CalendarError(f"invalid weekday {value!r}, expected one of {', '.join(WEEKDAYS)}")


@dataclass(frozen=True, slots=True)
class _Layout:
	"""Working intervals of the years [first_year, end_year) as UTC epoch seconds."""

	first_year: int
	end_year: int
	start_ts: int  # first instant of the span
	end_ts: int  # first instant after the span
	starts: list[int]
	ends: list[int]
	cum_before: list[int]  # working seconds from start_ts up to starts[i]
	cum_after: list[int]  # working seconds from start_ts up to ends[i]
	open_days: list[int]  # ordinals of the days that have working time
	total: int  # working seconds in the whole span

	def cumulative(self, ts: int) -> int:
		i = bisect.bisect_right(self.starts, ts) - 1
		if i < 0:
			return 0
		return self.cum_before[i] + min(ts - self.starts[i], self.ends[i] - self.starts[i])


class BusinessCalendar:
	"""A named calendar of working time.

	`intervals` holds (weekday, start, end) triples; a weekday may have several (a lunch break,
	split shifts). Public holidays of `holiday_country` (via the `holidays` package) and the
	`closed_dates` have no working time. `always_open` makes every instant working time: durations
	are then real elapsed time, correct across daylight-saving changes.

	Instants are aware datetimes, handled to the second (microseconds are dropped).
	"""

	def __init__(
		self,
		name: str,
		intervals: Iterable[
			tuple[int | str, time | str | int | timedelta, time | str | int | timedelta]
		] = (),
		*,
		timezone: str = "Europe/Warsaw",
		holiday_country: str | None = "PL",
		closed_dates: Iterable[date] = (),
		always_open: bool = False,
	) -> None:
		self.name = name
		try:
			self.tz = ZoneInfo(timezone)
		except Exception:
			raise CalendarError(f"calendar {name}: unknown time zone {timezone!r}") from None
		self.timezone = timezone
		self.always_open = bool(always_open)
		self.holiday_country = holiday_country or None
		self.closed_dates = frozenset(closed_dates)
		self.intervals = self._validated_intervals(intervals)
		if self.always_open and (self.intervals or self.closed_dates):
			raise CalendarError(
				f"calendar {name}: an always-open calendar has no intervals or closed dates; "
				"define 00:00-24:00 intervals instead"
			)
		if not self.always_open and not self.intervals:
			raise CalendarError(f"calendar {name} has no working time: add at least one interval")
		if self.holiday_country:
			try:
				holidays.country_holidays(self.holiday_country, years=2000)
			except NotImplementedError:
				raise CalendarError(
					f"calendar {name}: unknown holiday country {self.holiday_country!r}"
				) from None
		self._by_weekday: list[list[tuple[int, int]]] = [[] for _ in WEEKDAYS]
		for iv in self.intervals:
			self._by_weekday[iv.weekday].append((iv.start, iv.end))
		self._layout: _Layout | None = None
		self._lock = threading.Lock()

	def _validated_intervals(self, intervals: Iterable) -> tuple[WorkingInterval, ...]:
		result = []
		for weekday, start, end in intervals:
			iv = WorkingInterval(weekday_index(weekday), parse_time_of_day(start), parse_time_of_day(end))
			if iv.start >= iv.end:
				raise CalendarError(
					f"calendar {self.name}: interval on {WEEKDAYS[iv.weekday]} ends before it starts"
				)
			result.append(iv)
		result.sort(key=lambda iv: (iv.weekday, iv.start))
		for a, b in itertools.pairwise(result):
			if a.weekday == b.weekday and b.start < a.end:
				raise CalendarError(f"calendar {self.name}: intervals overlap on {WEEKDAYS[a.weekday]}")
		return tuple(result)

	def __repr__(self) -> str:
		return f"BusinessCalendar({self.name!r})"

	# -- conversions -------------------------------------------------------------------------

	@staticmethod
	def to_ts(instant: datetime) -> int:
		if instant.tzinfo is None or instant.utcoffset() is None:
			raise CalendarError("a naive datetime has no defined instant; give a time zone")
		return math.floor(instant.timestamp())

	def from_ts(self, ts: int) -> datetime:
		return datetime.fromtimestamp(ts, self.tz)

	def local_midnight_ts(self, day: date) -> int:
		return math.floor(datetime.combine(day, time(), self.tz).timestamp())

	def local_ts(self, day: date, seconds: int) -> int:
		"""The instant of local wall time `seconds` after midnight of `day` (24:00 = next midnight).
		A wall time that does not exist (the spring gap) is the moment the clocks jump."""
		day += timedelta(days=seconds // DAY)
		seconds %= DAY
		wall = datetime.combine(day, time(seconds // 3600, seconds // 60 % 60, seconds % 60), self.tz)
		first = math.floor(wall.timestamp())
		if self.from_ts(first).replace(tzinfo=None) == wall.replace(tzinfo=None):
			return first  # the wall time exists (in the autumn hour fold=0, the first occurrence)
		# A wall time in the spring gap means the first instant after the gap: the transition.
		# Bisection between the two offsets' readings, at most the gap's length apart: bounded.
		before, after = sorted((first, math.floor(wall.replace(fold=1).timestamp())))
		offset_after_gap = self.from_ts(after).utcoffset()
		while before < after:
			mid = (before + after) // 2
			if self.from_ts(mid).utcoffset() == offset_after_gap:
				after = mid
			else:
				before = mid + 1
		return after

	# -- layout ------------------------------------------------------------------------------

	def _build(self, first_year: int, end_year: int) -> _Layout:
		closed = set(self.closed_dates)
		if self.holiday_country:
			closed.update(holidays.country_holidays(self.holiday_country, years=range(first_year, end_year)))
		starts: list[int] = []
		ends: list[int] = []
		cum_before: list[int] = []
		cum_after: list[int] = []
		open_days: list[int] = []
		total = 0
		day = date(first_year, 1, 1)
		last = date(end_year, 1, 1)
		one = timedelta(days=1)
		while day < last:  # bounded: one step per day of the span
			if day not in closed and self._by_weekday[day.weekday()]:
				open_days.append(day.toordinal())
				for start, end in self._by_weekday[day.weekday()]:
					a, b = self.local_ts(day, start), self.local_ts(day, end)
					if b <= a:  # an interval swallowed by a DST gap
						continue
					if ends and a <= ends[-1]:  # contiguous with the previous one (e.g. 24:00 -> 00:00)
						total += b - ends[-1]
						ends[-1] = b
						cum_after[-1] = total
						continue
					starts.append(a)
					ends.append(b)
					cum_before.append(total)
					total += b - a
					cum_after.append(total)
			day += one
		return _Layout(
			first_year,
			end_year,
			self.local_midnight_ts(date(first_year, 1, 1)),
			self.local_midnight_ts(last),
			starts,
			ends,
			cum_before,
			cum_after,
			open_days,
			total,
		)

	def _year_of(self, ts: int) -> int:
		return datetime.fromtimestamp(ts, self.tz).year

	def _layout_covering(self, first_year: int, end_year: int) -> _Layout:
		"""A layout whose span includes [first_year, end_year), widened if needed."""
		layout = self._layout
		if layout and layout.first_year <= first_year and end_year <= layout.end_year:
			return layout
		if first_year < MIN_YEAR or end_year > MAX_YEAR + 1:
			raise CalendarError(
				f"calendar {self.name}: instants before {MIN_YEAR} or after {MAX_YEAR} are not supported"
			)
		with self._lock:
			layout = self._layout
			if layout:
				first_year = min(first_year, layout.first_year)
				end_year = max(end_year, layout.end_year)
				# widen generously so that a walk into the future rebuilds rarely
				end_year = min(MAX_YEAR + 1, max(end_year, layout.end_year + 10))
			else:
				first_year = max(MIN_YEAR, first_year - INITIAL_SPAN_BEFORE)
				end_year = min(MAX_YEAR + 1, end_year + INITIAL_SPAN_AFTER)
			self._layout = layout = self._build(first_year, end_year)
		return layout

	def _layout_for(self, *ts: int) -> _Layout:
		layout = self._layout
		if layout and layout.start_ts <= min(ts) and max(ts) < layout.end_ts:
			return layout  # the hot path: no date arithmetic
		years = [self._year_of(t) for t in ts]
		return self._layout_covering(min(years), max(years) + 1)

	# -- primitives --------------------------------------------------------------------------

	def is_open(self, instant: datetime) -> bool:
		"""Whether `instant` is working time."""
		if self.always_open:
			return True
		ts = self.to_ts(instant)
		layout = self._layout_for(ts)
		i = bisect.bisect_right(layout.starts, ts) - 1
		return i >= 0 and ts < layout.ends[i]

	def elapsed(self, start: datetime, end: datetime) -> int:
		"""Working seconds in [start, end); 0 when end is not after start."""
		a, b = self.to_ts(start), self.to_ts(end)
		if b <= a:
			return 0
		if self.always_open:
			return b - a
		layout = self._layout_for(a, b)
		return layout.cumulative(b) - layout.cumulative(a)

	def add(self, start: datetime, seconds: int | float) -> datetime:
		"""The instant at which `seconds` of working time have passed since `start`.

		Time outside working hours does not count; a due time that lands on the end of an
		interval stays there (16:00 + 1 h on an 8x5 day is 17:00, not 09:00 the next day).
		"""
		# The hot path of every clock: kept to one timestamp(), two bisections and one fromtimestamp().
		if start.tzinfo is None:
			raise CalendarError("a naive datetime has no defined instant; give a time zone")
		if seconds.__class__ is not int:
			seconds = math.ceil(seconds)
		if seconds <= 0:
			if seconds < 0:
				raise CalendarError("a duration cannot be negative")
			return self.from_ts(self.to_ts(start))
		a = math.floor(start.timestamp())
		if self.always_open:
			return datetime.fromtimestamp(a + seconds, self.tz)
		layout = self._layout
		if layout is None or not layout.start_ts <= a < layout.end_ts:
			layout = self._layout_for(a)
		while True:  # bounded: every pass widens the span by >= 10 years, up to MAX_YEAR
			starts = layout.starts
			i = bisect.bisect_right(starts, a) - 1
			target = seconds
			if i >= 0:
				target += layout.cum_before[i] + min(a - starts[i], layout.ends[i] - starts[i])
			if target <= layout.total:
				j = bisect.bisect_left(layout.cum_after, target)
				return datetime.fromtimestamp(starts[j] + target - layout.cum_before[j], self.tz)
			if layout.end_year > MAX_YEAR:
				raise CalendarError(f"calendar {self.name}: the due time falls after {MAX_YEAR}")
			layout = self._layout_covering(layout.first_year, layout.end_year + 1)

	def next_open(self, instant: datetime) -> datetime:
		"""`instant` if it is working time, else the start of the next working interval."""
		if self.always_open:
			return self.from_ts(self.to_ts(instant))
		return self.from_ts(self.to_ts(self.add(instant, 1)) - 1)  # real seconds, not wall-clock

	# -- business days -----------------------------------------------------------------------

	def is_business_day(self, day: date) -> bool:
		"""A day with working time: not a holiday, not closed, with an interval on its weekday."""
		if self.always_open:
			return True
		layout = self._layout_covering(day.year, day.year + 1)
		ordinal = day.toordinal()
		i = bisect.bisect_left(layout.open_days, ordinal)
		return i < len(layout.open_days) and layout.open_days[i] == ordinal

	def next_business_day(self, day: date) -> date:
		"""The first business day strictly after `day`."""
		if self.always_open:
			return day + timedelta(days=1)
		layout = self._layout_covering(day.year, min(day.year + 2, MAX_YEAR + 1))
		while True:  # bounded like add()
			i = bisect.bisect_right(layout.open_days, day.toordinal())
			if i < len(layout.open_days):
				return date.fromordinal(layout.open_days[i])
			if layout.end_year > MAX_YEAR:
				raise CalendarError(f"calendar {self.name}: no business day before {MAX_YEAR}")
			layout = self._layout_covering(layout.first_year, layout.end_year + 1)

	def weekly_seconds(self) -> int:
		"""Working seconds in an ordinary week (no holidays)."""
		if self.always_open:
			return 7 * DAY
		return sum(iv.end - iv.start for iv in self.intervals)


def make_calendar(
	name: str,
	weekly: Sequence[tuple[int | str, str, str]] | None = None,
	**kwargs,
) -> BusinessCalendar:
	"""Shorthand for tests and scripts: make_calendar("8x5", [(d, "09:00", "17:00") for d in range(5)])."""
	return BusinessCalendar(name, weekly or (), **kwargs)
