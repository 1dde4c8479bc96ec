"""Scheduled work (inspections, reviews, firmware upgrades) spread over each contract year on
business days of the SLA core's calendar."""

from __future__ import annotations

from datetime import date, timedelta

from hezo_service.core.contracts.terms import ContractRuleError, contract_years
from hezo_service.core.sla.calendar import BusinessCalendar


def _business_day_near(calendar: BusinessCalendar, target: date, first: date, last: date) -> date | None:
	"""`target` if a business day, else the next one in [first, last], else the previous one."""
	if calendar.is_business_day(target):
		return target
	after = calendar.next_business_day(target)
	if after <= last:
		return after
	day = target - timedelta(days=1)
	while day >= first:
		if calendar.is_business_day(day):
			return day
		day -= timedelta(days=1)
	return None


def spread_over_year(calendar: BusinessCalendar, first: date, last: date, count: int) -> list[date]:
	"""`count` dates evenly spread over [first, last] (at 1/(count+1), 2/(count+1), ... of it), each
	moved to a business day inside the period; fewer when the period has fewer business days."""
	if count < 0:
		raise ContractRuleError("a count of scheduled work cannot be negative")
	if last < first:
		raise ContractRuleError("a period cannot end before it starts")
	span = (last - first).days + 1
	dates: list[date] = []
	for i in range(1, count + 1):
		target = first + timedelta(days=(span * i) // (count + 1))
		day = _business_day_near(calendar, min(target, last), first, last)
		if day is not None and day not in dates:
			dates.append(day)
		elif day is not None:  # two targets met on one day: the next free business day
			later = calendar.next_business_day(max(dates))
			if later <= last:
				dates.append(later)
	return sorted(dates)


def work_schedule(
	calendar: BusinessCalendar, start: date, end: date, per_year: int, not_before: date | None = None
) -> list[tuple[int, int, date]]:
	"""(contract year from 1, sequence within the year from 1, date) for a term. With `not_before` (the
	day a back-dated contract is entered), visits whose date has passed are due on the first business day
	from then on, if their contract year has not ended; visits of years already over are left out."""
	result = []
	for year_index, (first, last) in enumerate(contract_years(start, end), 1):
		for seq, day in enumerate(spread_over_year(calendar, first, last, per_year), 1):
			if not_before is not None and day < not_before:
				day = (
					not_before
					if calendar.is_business_day(not_before)
					else calendar.next_business_day(not_before)
				)
				if day > last:
					continue
			result.append((year_index, seq, day))
	return result
