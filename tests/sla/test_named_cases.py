"""Named cases: the dates and boundaries that break SLA engines, computed through the shipped catalogue."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from hezo_service.core.sla.catalogue import shipped_catalogue
from hezo_service.core.sla.clocks import Pause, due_after, next_business_day_due, window_elapsed
from hezo_service.core.sla.timeparse import format_instant, parse_instant

CAT = shipped_catalogue()
CAL_8X5 = CAT.calendars["8x5"]
CAL_24X7 = CAT.calendars["24x7"]


def at(text: str) -> datetime:
	return parse_instant(text)


def iso(value) -> str | None:
	return format_instant(value)


# -- daylight-saving changes of 2026 (29 March, 25 October) ---------------------------------


def test_spring_change_24x7_counts_real_hours():
	# 00:30 CET + 4 real hours = 05:30 CEST (the wall clock jumps 02:00 -> 03:00)
	assert iso(CAL_24X7.add(at("2026-03-29T00:30"), 4 * 3600)) == "2026-03-29T05:30:00+02:00"
	assert CAL_24X7.elapsed(at("2026-03-29T00:00"), at("2026-03-30T00:00")) == 23 * 3600


def test_autumn_change_24x7_counts_real_hours():
	# 00:30 CEST + 4 real hours = 03:30 CET (02:00-03:00 happens twice)
	rules = CAT.rules("COCARE-PREMIER", "P1")
	assert iso(rules.delivery_due(at("2026-10-25T00:30"))) == "2026-10-25T03:30:00+01:00"
	assert CAL_24X7.elapsed(at("2026-10-25T00:00"), at("2026-10-26T00:00")) == 25 * 3600


def test_autumn_repeated_hour_means_the_first_occurrence():
	first = at("2026-10-25T02:30")
	assert iso(first) == "2026-10-25T02:30:00+02:00"
	assert iso(CAT.rules("HEZO-PLUS", "Critical").response_due(first)) == "2026-10-25T02:30:00+01:00"


def test_spring_gap_report_with_offset_is_exact():
	rules = CAT.rules("HEZO-PLUS", "Critical")
	assert iso(rules.response_due(at("2026-03-29T01:30"))) == "2026-03-29T03:30:00+02:00"
	assert iso(rules.response_due(at("2026-03-29T01:30:00Z"))) == "2026-03-29T04:30:00+02:00"


def test_8x5_day_after_a_dst_change_is_still_eight_hours():
	assert CAL_8X5.elapsed(at("2026-03-30T00:00"), at("2026-03-31T00:00")) == 8 * 3600
	assert CAL_8X5.elapsed(at("2026-10-26T00:00"), at("2026-10-27T00:00")) == 8 * 3600


# -- Polish holidays -----------------------------------------------------------------------


def test_christmas_eve_is_a_day_off_from_2025():
	rules = CAT.rules("HEZO-PLUS", "Non-critical")
	# Wednesday 23 Dec 16:30: 30 min that day, then 24, 25, 26 Dec and the weekend are off
	assert iso(rules.response_due(at("2026-12-23T16:30"))) == "2026-12-28T09:30:00+01:00"
	assert not CAL_8X5.is_business_day(at("2025-12-24").date())
	# before the 2025 law, 24 December 2024 (a Tuesday) was a working day
	assert CAL_8X5.is_business_day(at("2024-12-24").date())


def test_easter_monday():
	rules = CAT.rules("HEZO-360", "Question")  # 2 h in 8x5
	# Thursday 2 April 2026 16:00 -> 1 h that day, Friday 3 April is a working day
	assert iso(rules.response_due(at("2026-04-02T16:00"))) == "2026-04-03T10:00:00+02:00"
	# Friday 3 April 16:30 -> 30 min, then weekend and Easter Monday 6 April off
	assert iso(rules.response_due(at("2026-04-03T16:30"))) == "2026-04-07T10:30:00+02:00"


def test_corpus_christi_with_nbd_cut_off():
	rules = CAT.rules("COCARE-STANDARD", "P3")
	# Wednesday 3 June 2026, Corpus Christi is Thursday 4 June
	assert iso(rules.delivery_due(at("2026-06-03T14:59:59"))) == "2026-06-05T17:00:00+02:00"
	assert iso(rules.delivery_due(at("2026-06-03T15:00:01"))) == "2026-06-08T17:00:00+02:00"


# -- the 15:00 cut-off, to the second ------------------------------------------------------


@pytest.mark.parametrize(
	"confirmed, due",
	[
		("2026-11-24T15:00:00", "2026-11-25T17:00:00+01:00"),  # inclusive
		("2026-11-24T15:00:00.999", "2026-11-25T17:00:00+01:00"),  # to the second
		("2026-11-24T15:00:01", "2026-11-26T17:00:00+01:00"),
		("2026-11-24T00:00:00", "2026-11-25T17:00:00+01:00"),
		("2026-11-24T23:59:59", "2026-11-26T17:00:00+01:00"),
		("2026-11-27T15:00:00", "2026-11-30T17:00:00+01:00"),  # Friday -> Monday
		("2026-11-27T15:00:01", "2026-12-01T17:00:00+01:00"),  # Friday late -> Tuesday
		("2026-11-28T11:00:00", "2026-11-30T17:00:00+01:00"),  # Saturday -> first business day after
		("2026-11-29T18:00:00", "2026-11-30T17:00:00+01:00"),  # Sunday evening too
		("2026-11-11T16:00:00", "2026-11-12T17:00:00+01:00"),  # Independence Day is not a business day
	],
)
def test_nbd_cut_off(confirmed, due):
	assert iso(CAT.rules("AHB-8X5-NBD", "Critical").delivery_due(at(confirmed))) == due


def test_nbd_without_cut_off_and_nbd_ship():
	# QSP and HEZO+ state no cut-off: 16:59 on a business day is still next business day
	assert iso(CAT.rules("QSP-AHB-8X5-NBD", "Critical").delivery_due(at("2026-11-24T16:59"))) == (
		"2026-11-25T17:00:00+01:00"
	)
	basic = CAT.rules("COCARE-BASIC", "P1")
	assert basic.delivery_kind == "nbd_ship"
	assert iso(basic.delivery_due(at("2026-11-24T16:59"))) == "2026-11-25T17:00:00+01:00"


# -- year ends and far horizons ------------------------------------------------------------


def test_year_end():
	rules = CAT.rules("QSP-SOS-8X5-8H", "Critical")
	# Thursday 31 Dec 2026 16:30: 1 h -> New Year (Fri) and the weekend are off
	assert iso(rules.response_due(at("2026-12-31T16:30"))) == "2027-01-04T09:30:00+01:00"
	# 8 working hours from 31 Dec 10:00: 7 h that day, 1 h on Monday 4 Jan
	assert iso(rules.delivery_due(at("2026-12-31T10:00"))) == "2027-01-04T10:00:00+01:00"
	# Epiphany, Wednesday 6 Jan 2027
	assert iso(rules.response_due(at("2027-01-05T16:30"))) == "2027-01-07T09:30:00+01:00"


def test_ten_years_out():
	start = at("2026-11-20T09:00")
	far = at("2036-11-20T09:00")
	span = CAL_8X5.elapsed(start, far)
	assert 2400 * 8 * 3600 < span < 2600 * 8 * 3600  # about 250 working days a year
	# the first instant with that much working time is the close of the previous working day
	assert iso(CAL_8X5.add(start, span)) == "2036-11-19T17:00:00+01:00"
	assert CAL_8X5.add(start, span + 1) == far + timedelta(seconds=1)
	# Christmas Eve 2036 (a Wednesday) is still a day off
	assert iso(CAT.rules("HEZO-PLUS", "Question").response_due(at("2036-12-23T16:00"))) == (
		"2036-12-29T12:00:00+01:00"
	)


# -- clocks ---------------------------------------------------------------------------------


def test_pause_stops_the_clock_and_resume_restarts_it():
	start = at("2026-11-23T09:00")  # Monday
	pauses = [Pause(at("2026-11-23T10:00"), at("2026-11-24T12:00"))]
	# 2 h of window: 1 h before the pause, 1 h after resuming at 12:00 on Tuesday
	assert iso(due_after(CAL_8X5, start, 2 * 3600, pauses)) == "2026-11-24T13:00:00+01:00"
	assert window_elapsed(CAL_8X5, start, at("2026-11-24T13:00"), pauses) == 2 * 3600
	# an open pause leaves no due time
	assert due_after(CAL_8X5, start, 2 * 3600, [Pause(at("2026-11-23T10:00"))]) is None
	# a pause that starts after the clock runs out changes nothing
	assert (
		iso(due_after(CAL_8X5, start, 3600, [Pause(at("2026-11-23T15:00"))])) == "2026-11-23T10:00:00+01:00"
	)


def test_overlapping_pauses_count_once():
	start = at("2026-11-23T09:00")
	pauses = [
		Pause(at("2026-11-23T10:00"), at("2026-11-23T12:00")),
		Pause(at("2026-11-23T11:00"), at("2026-11-23T13:00")),
		Pause(at("2026-11-23T12:30"), None),
	]
	assert window_elapsed(CAL_8X5, start, at("2026-11-23T17:00"), pauses) == 3600
	assert window_elapsed(CAL_8X5, start, at("2026-11-23T17:00"), pauses[:2]) == 5 * 3600


def test_pause_cannot_end_before_it_starts():
	with pytest.raises(ValueError, match="pause"):
		Pause(at("2026-11-23T10:00"), at("2026-11-23T09:00"))


def test_follow_up_and_return_and_deployment():
	plus = CAT.rules("HEZO-PLUS", "Non-critical")
	assert iso(plus.follow_up_due(at("2026-11-23T16:00"))) == "2026-11-24T10:00:00+01:00"  # 2 h in 8x5
	assert CAT.rules("COCARE-BASIC", "P4").follow_up_due(at("2026-11-23T16:00")) is None
	# delivered on the 1st -> due on the 8th at 23:59:59, whatever the hour
	assert iso(plus.return_due(at("2026-12-01T23:30"))) == "2026-12-08T23:59:59+01:00"
	assert iso(plus.return_due(at("2026-03-25T08:00"))) == "2026-04-01T23:59:59+02:00"  # across DST
	hezo360 = CAT.rules("HEZO-360", "Question")
	assert iso(hezo360.deployment_due(at("2026-11-02T12:00"))) == "2026-11-09T23:59:59+01:00"
	assert iso(hezo360.deployment_due(at("2026-11-02T12:00"), onsite=True)) == "2026-11-16T23:59:59+01:00"
	assert plus.deployment_due(at("2026-11-02T12:00")) is None


def test_customer_accepted_later_date_replaces_the_due_time():
	rules = CAT.rules("HEZO-PLUS", "Critical")
	agreed = at("2026-12-02T12:00")
	assert rules.delivery_due(at("2026-11-30T10:00"), agreed=agreed) == agreed
	assert CAT.rules("HEZO-PLUS", "Question").delivery_due(at("2026-11-30T10:00"), agreed=agreed) is None


def test_delivery_hours_pause():
	rules = CAT.rules("HEZO-PLUS", "Critical")  # 8 real hours
	paused = [Pause(at("2026-11-30T12:00"), at("2026-11-30T14:00"))]
	assert iso(rules.delivery_due(at("2026-11-30T10:00"), pauses=paused)) == "2026-11-30T20:00:00+01:00"


def test_nbd_due_time_and_cut_off_are_data():
	due = next_business_day_due(CAL_8X5, at("2026-11-24T12:00"), due_time=time(12), cutoff=time(11, 30))
	assert iso(due) == "2026-11-26T12:00:00+01:00"
	assert due - at("2026-11-24T12:00") == timedelta(days=2)


def test_next_open_inside_the_repeated_autumn_hour():
	# a custom calendar open only 02:00-03:00: on 25 Oct 2026 that wall hour lasts two real hours
	from hezo_service.core.sla.calendar import BusinessCalendar

	cal = BusinessCalendar("night", [(6, "02:00", "03:00")], holiday_country=None)
	second_pass = at("2026-10-25T02:30:00+01:00")
	assert cal.is_open(second_pass)
	assert iso(cal.next_open(second_pass)) == "2026-10-25T02:30:00+01:00"
	assert cal.elapsed(at("2026-10-25T00:00"), at("2026-10-26T00:00")) == 2 * 3600


def test_pauses_inside_the_repeated_autumn_hour_are_ordered_by_real_time():
	# 02:00:01 CEST then 02:00:00 CET: the second is 59:59 later in real time, though earlier on the wall
	from datetime import timezone

	start = at("2026-10-25T02:00:01+02:00")
	end = at("2026-10-25T02:00:00+01:00")
	zone = start.astimezone(CAL_24X7.tz).tzinfo
	pause = Pause(start.astimezone(zone), end.astimezone(zone))  # one zone object: wall-clock comparisons
	assert (
		window_elapsed(CAL_24X7, at("2026-10-25T01:00"), at("2026-10-25T04:00"), [pause]) == 4 * 3600 - 3599
	)
	due = due_after(CAL_24X7, at("2026-10-25T01:00:00+02:00"), 7200, [pause])
	assert due.astimezone(timezone.utc).isoformat() == "2026-10-25T01:59:59+00:00"
