"""Every calendar primitive against the slow day-walk reference (tests/reference.py)."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st
from reference import (
	EIGHT_FIVE,
	NINE_FIVE,
	TWENTY_FOUR_SEVEN,
	ref_add,
	ref_elapsed,
	ref_is_business_day,
	ref_nbd,
)
from strategies import WARSAW, custom_calendars, durations, instants, pause_lists, plus

from hezo_service.core.sla.calendar import BusinessCalendar
from hezo_service.core.sla.catalogue import shipped_catalogue
from hezo_service.core.sla.clocks import due_after, end_of_nth_day, next_business_day_due, window_elapsed

CATALOGUE = shipped_catalogue()


def ts(value):
	"""Compare instants by their timestamp: Python's == between aware datetimes ignores `fold` within
	one zone and is never true across zones inside a repeated hour (PEP 495)."""
	return None if value is None else value.timestamp()


SHIPPED = st.sampled_from(
	[
		(CATALOGUE.calendars["8x5"], EIGHT_FIVE),
		(CATALOGUE.calendars["9x5"], NINE_FIVE),
		(CATALOGUE.calendars["24x7"], TWENTY_FOUR_SEVEN),
	]
)
CALENDARS = st.one_of(SHIPPED, custom_calendars())


@given(CALENDARS, instants, instants)
def test_elapsed_matches_reference(cals, a, b):
	engine, ref = cals
	assert engine.elapsed(a, b) == ref_elapsed(ref, a, b)


@given(CALENDARS, instants, durations)
def test_add_matches_reference(cals, start, seconds):
	engine, ref = cals
	assert ts(engine.add(start, seconds)) == ts(ref_add(ref, start, seconds))


@given(CALENDARS, instants, durations)
def test_add_is_the_first_instant_with_that_much_window_time(cals, start, seconds):
	engine, _ = cals
	due = engine.add(start, seconds)
	assert engine.elapsed(start, due) == seconds
	assert engine.elapsed(start, plus(due, -1)) == seconds - 1


@given(CALENDARS, instants, durations, durations)
def test_add_composes(cals, start, s1, s2):
	engine, _ = cals
	assert ts(engine.add(engine.add(start, s1), s2)) == ts(engine.add(start, s1 + s2))


@given(CALENDARS, instants)
def test_is_open_and_next_open(cals, t):
	engine, ref = cals
	is_open = ref_elapsed(ref, t, plus(t, 1)) == 1
	assert engine.is_open(t) == is_open
	nxt = engine.next_open(t)
	assert nxt >= t
	assert engine.is_open(nxt)
	assert engine.elapsed(t, nxt) == 0


@given(st.data(), CALENDARS, instants, durations)
def test_due_after_with_pauses_matches_reference(data, cals, start, seconds):
	engine, ref = cals
	pauses = data.draw(pause_lists(start))
	assert ts(due_after(engine, start, seconds, pauses)) == ts(ref_add(ref, start, seconds, pauses))


@given(st.data(), CALENDARS, instants, instants)
def test_window_elapsed_with_pauses_matches_reference(data, cals, a, b):
	engine, ref = cals
	pauses = data.draw(pause_lists(a))
	assert window_elapsed(engine, a, b, pauses) == ref_elapsed(ref, a, b, pauses)


@given(instants, st.sampled_from([None, "15:00:00"]))
def test_next_business_day_due_matches_reference(confirmed, cutoff):
	from datetime import time

	cut = time(15) if cutoff else None
	due = next_business_day_due(CATALOGUE.calendars["8x5"], confirmed, due_time=time(17), cutoff=cut)
	assert ts(due) == ts(ref_nbd(confirmed, cut))
	assert ref_is_business_day(due.date())


@given(instants)
def test_business_days_match_reference(t):
	cal = CATALOGUE.calendars["8x5"]
	day = t.astimezone(WARSAW).date()
	assert cal.is_business_day(day) == ref_is_business_day(day)
	nxt = cal.next_business_day(day)
	assert nxt > day and ref_is_business_day(nxt)
	assert not any(ref_is_business_day(day + timedelta(days=i)) for i in range(1, (nxt - day).days))


@given(instants, st.integers(0, 400))
def test_end_of_nth_day(t, days):
	due = end_of_nth_day(t, days, WARSAW)
	local = t.astimezone(WARSAW)
	assert due.tzinfo is WARSAW
	assert (due.date() - local.date()).days == days
	assert (due.hour, due.minute, due.second) == (23, 59, 59)


@given(custom_calendars(), instants, durations)
def test_a_fresh_calendar_gives_the_same_answers_as_a_warm_one(cals, start, seconds):
	"""The lazily widened layout must not depend on which instant was asked first."""
	engine, _ = cals
	warm = engine.add(start, seconds)
	fresh = BusinessCalendar(
		"fresh",
		[(iv.weekday, iv.start, iv.end) for iv in engine.intervals],
		holiday_country=engine.holiday_country,
		closed_dates=engine.closed_dates,
	)
	fresh.add(plus(start, 3000 * 86400), 1)  # lay out a far span first
	assert ts(fresh.add(start, seconds)) == ts(warm)
