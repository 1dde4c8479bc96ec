"""Calendars are refused when they are defined, never discovered by hanging."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from hezo_service.core.sla.calendar import (
	MAX_YEAR,
	BusinessCalendar,
	CalendarError,
	make_calendar,
	parse_time_of_day,
	weekday_index,
)
from hezo_service.core.sla.clocks import end_of_nth_day

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.mark.parametrize(
	"kwargs, message",
	[
		({"intervals": []}, "no working time"),
		({"intervals": [(0, "10:00", "09:00")]}, "ends before it starts"),
		({"intervals": [(0, "09:00", "12:00"), ("monday", "11:00", "13:00")]}, "overlap"),
		({"intervals": [(0, "09:00", "25:00")]}, "outside 00:00-24:00"),
		({"intervals": [(0, "9h", "10:00")]}, "invalid time of day"),
		({"intervals": [(0, "09:70", "10:00")]}, "invalid time of day"),
		({"intervals": [("Funday", "09:00", "10:00")]}, "invalid weekday"),
		({"intervals": [(0, "09:00", "10:00")], "timezone": "Mars/Olympus"}, "unknown time zone"),
		({"intervals": [(0, "09:00", "10:00")], "holiday_country": "XX"}, "unknown holiday country"),
		({"intervals": [(0, "09:00", "10:00")], "always_open": True}, "always-open"),
		({"always_open": True, "closed_dates": [date(2026, 1, 2)]}, "always-open"),
	],
)
def test_invalid_calendars_are_refused_at_definition(kwargs, message):
	with pytest.raises(CalendarError, match=message):
		BusinessCalendar("bad", **kwargs)


def test_time_of_day_forms():
	assert parse_time_of_day(time(9, 30, 5)) == 9 * 3600 + 30 * 60 + 5
	assert parse_time_of_day(timedelta(hours=17)) == 17 * 3600  # Frappe Time fields
	assert parse_time_of_day(3600) == 3600
	assert parse_time_of_day("24:00") == 86400
	assert weekday_index(6) == 6 and weekday_index(" sunday ") == 6


def test_naive_datetimes_and_negative_durations_are_refused():
	cal = make_calendar("8x5", [(d, "09:00", "17:00") for d in range(5)])
	with pytest.raises(CalendarError, match="naive"):
		cal.add(datetime(2026, 1, 5, 10), 60)
	with pytest.raises(CalendarError, match="negative"):
		cal.add(datetime(2026, 1, 5, 10, tzinfo=WARSAW), -1)
	with pytest.raises(CalendarError, match="negative"):
		end_of_nth_day(datetime(2026, 1, 5, 10, tzinfo=WARSAW), -1, WARSAW)


def test_zero_duration_and_reversed_ranges():
	cal = make_calendar("8x5", [(d, "09:00", "17:00") for d in range(5)])
	t = datetime(2026, 1, 10, 12, tzinfo=WARSAW)  # Saturday
	assert cal.add(t, 0) == t
	assert cal.elapsed(t, t - timedelta(days=3)) == 0
	assert cal.next_open(t) == datetime(2026, 1, 12, 9, tzinfo=WARSAW)
	assert repr(cal) == "BusinessCalendar('8x5')" and cal.weekly_seconds() == 40 * 3600


def test_horizon_is_bounded():
	cal = make_calendar("8x5", [(d, "09:00", "17:00") for d in range(5)])
	with pytest.raises(CalendarError, match=str(MAX_YEAR)):
		cal.add(datetime(MAX_YEAR, 12, 1, tzinfo=WARSAW), 400 * 8 * 3600)
	with pytest.raises(CalendarError, match="not supported"):
		cal.elapsed(datetime(1960, 1, 1, tzinfo=WARSAW), datetime(1961, 1, 1, tzinfo=WARSAW))
	with pytest.raises(CalendarError, match="no business day"):
		cal.next_business_day(date(MAX_YEAR, 12, 31))


def test_a_calendar_open_on_one_date_a_year_still_terminates():
	# only 29 February is ever open: long gaps, but every call is bounded
	closed = [
		date(2024, 1, 1) + timedelta(days=i)
		for i in range(0, 4000)
		if (date(2024, 1, 1) + timedelta(days=i)).month != 2
	]
	cal = BusinessCalendar(
		"rare", [(d, "09:00", "10:00") for d in range(7)], holiday_country=None, closed_dates=closed
	)
	start = datetime(2024, 1, 1, tzinfo=WARSAW)
	assert cal.add(start, 29 * 3600) == datetime(2024, 2, 29, 10, tzinfo=WARSAW)
	assert cal.next_business_day(date(2024, 3, 1)) == date(2025, 2, 1)


def test_always_open_primitives():
	cal = BusinessCalendar("24x7", always_open=True, holiday_country=None)
	t = datetime(2026, 12, 24, 23, tzinfo=WARSAW)
	assert cal.is_open(t) and cal.next_open(t) == t
	assert cal.is_business_day(date(2026, 12, 25))
	assert cal.next_business_day(date(2026, 12, 25)) == date(2026, 12, 26)
	assert cal.weekly_seconds() == 7 * 86400


def test_interval_swallowed_by_the_spring_gap_has_no_time():
	cal = BusinessCalendar("night", [(6, "02:00", "03:00"), (6, "04:00", "05:00")], holiday_country=None)
	day = datetime(2026, 3, 29, 0, tzinfo=WARSAW)
	assert cal.elapsed(day, day + timedelta(days=1)) == 3600
	# on the autumn night the same wall-clock hour lasts two real hours
	day = datetime(2026, 10, 25, 0, tzinfo=WARSAW)
	assert cal.elapsed(day, day + timedelta(days=1)) == 3 * 3600


def test_24_hour_days_join_across_midnight():
	cal = BusinessCalendar(
		"weekdays round the clock", [(d, "00:00", "24:00") for d in range(5)], holiday_country=None
	)
	friday = datetime(2026, 11, 27, 23, tzinfo=WARSAW)
	assert cal.add(datetime(2026, 11, 23, 23, tzinfo=WARSAW), 2 * 3600) == datetime(
		2026, 11, 24, 1, tzinfo=WARSAW
	)
	assert cal.add(friday, 2 * 3600) == datetime(2026, 11, 30, 1, tzinfo=WARSAW)


def test_spans_widen_on_demand_and_agree_with_small_steps():
	cal = make_calendar("8x5", [(d, "09:00", "17:00") for d in range(5)])
	start = datetime(2026, 1, 5, 9, tzinfo=WARSAW)
	thirty_years = 30 * 250 * 8 * 3600
	far = cal.add(start, thirty_years)  # past the first span: the layout widens
	assert cal.elapsed(start, far) == thirty_years
	step = cal.add(cal.add(start, thirty_years // 2), thirty_years - thirty_years // 2)
	assert step == far
	fresh = make_calendar("8x5", [(d, "09:00", "17:00") for d in range(5)])
	fresh.is_business_day(date(2026, 1, 5))
	assert fresh.next_business_day(date(2040, 12, 31)) == date(2041, 1, 2)


def test_empty_time_text_is_refused():
	from hezo_service.core.sla.timeparse import TimeInputError, parse_instant

	for text in ("", "   ", None):
		with pytest.raises(TimeInputError, match="got nothing"):
			parse_instant(text)
