"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from reference import RefCalendar

from hezo_service.core.sla.calendar import BusinessCalendar
from hezo_service.core.sla.clocks import Pause

UTC = ZoneInfo("UTC")
WARSAW = ZoneInfo("Europe/Warsaw")
EPOCH_2024 = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())
EPOCH_2031 = int(datetime(2031, 1, 1, tzinfo=UTC).timestamp())
# the nights of DST changes in the range, where off-by-an-hour bugs live
DST_NIGHTS = [
	int(datetime(y, m, d, 1, 0, tzinfo=UTC).timestamp())
	for y, m, d in [
		(2024, 3, 31),
		(2024, 10, 27),
		(2025, 3, 30),
		(2025, 10, 26),
		(2026, 3, 29),
		(2026, 10, 25),
	]
]


def _from_ts(ts: int) -> datetime:
	return datetime.fromtimestamp(ts, WARSAW)


def plus(instant: datetime, seconds: int) -> datetime:
	"""Real-time arithmetic: `aware + timedelta` in Python moves the wall clock, not the instant."""
	return _from_ts(int(instant.timestamp()) + seconds)


instants = st.one_of(
	st.integers(EPOCH_2024, EPOCH_2031),
	st.sampled_from(DST_NIGHTS).flatmap(lambda t: st.integers(t - 6 * 3600, t + 6 * 3600)),
	# around working-day boundaries: whole minutes near 09:00, 15:00, 17:00
	st.integers(EPOCH_2024 // 60, EPOCH_2031 // 60).map(lambda m: m * 60),
).map(_from_ts)

durations = st.one_of(
	st.integers(1, 3600),
	st.integers(1, 8 * 3600),
	st.integers(1, 60 * 8 * 3600),
	st.sampled_from([3600, 2 * 3600, 4 * 3600, 8 * 3600, 9 * 3600, 24 * 3600]),
)


@st.composite
def custom_calendars(draw) -> tuple[BusinessCalendar, RefCalendar]:
	"""A random calendar with several intervals on some weekdays and a few closed dates."""
	weekly: dict[int, list[tuple[int, int]]] = {}
	for weekday in range(7):
		cuts = sorted(set(draw(st.lists(st.integers(0, 96), max_size=6))))  # quarter hours
		pairs = [(a * 900, b * 900) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if b > a]
		if pairs:
			weekly[weekday] = pairs
	if not weekly:
		weekly[draw(st.integers(0, 6))] = [(8 * 3600, 16 * 3600)]
	closed = frozenset(draw(st.lists(st.dates(date(2024, 1, 1), date(2031, 12, 31)), max_size=20)))
	use_holidays = draw(st.booleans())
	engine = BusinessCalendar(
		"custom",
		[(d, a, b) for d, pairs in weekly.items() for a, b in pairs],
		holiday_country="PL" if use_holidays else None,
		closed_dates=closed,
	)
	return engine, RefCalendar(weekly, use_holidays=use_holidays, closed=closed)


@st.composite
def pause_lists(draw, start: datetime) -> list[Pause]:
	pauses = []
	for _ in range(draw(st.integers(0, 3))):
		a = plus(start, draw(st.integers(-3 * 86400, 20 * 86400)))
		if draw(st.integers(0, 9)) == 0:
			pauses.append(Pause(a))
		else:
			pauses.append(Pause(a, plus(a, draw(st.integers(0, 5 * 86400)))))
	return pauses
