"""Contract terms: the years a plan offers, the longest total coverage per device, contract years."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


class ContractRuleError(ValueError):
	"""A contract rule refused the input; the message says why."""


class TermError(ContractRuleError):
	"""`reason`: "not_offered" (the plan offers other terms), "over_limit" (the device's total
	coverage under the plan would pass its limit) or "invalid" (not a number of years)."""

	def __init__(self, message: str, reason: str = "invalid") -> None:
		super().__init__(message)
		self.reason = reason


def offered_terms(value: str | Iterable[int] | None) -> tuple[int, ...]:
	"""A plan's "1,2,3" (or a sequence) as sorted distinct positive ints; empty means 1 and 3 years."""
	if value is None or value == "":
		return (1, 3)
	items = value.replace(";", ",").split(",") if isinstance(value, str) else list(value)
	years = set()
	for item in items:
		text = str(item).strip()
		if not text:
			continue
		if not text.isdigit() or int(text) < 1:
			raise TermError(f"{text!r} is not a number of years")
		years.add(int(text))
	return tuple(sorted(years)) or (1, 3)


def term_end(start: date, years: int) -> date:
	"""The last day of a term of `years` starting on `start` (1 year from 2026-03-01 ends 2027-02-28;
	from 29 February 2024 the anniversary is 28 February 2025, so the term ends on the 27th)."""
	if years < 1:
		raise TermError("a term is at least one year")
	return start + relativedelta(years=years) - timedelta(days=1)


def per_device_limit(offered: Iterable[int], max_total_years: int | None) -> int | None:
	"""The plan's limit on a device's total coverage, or None. `max_total_years` limits the total only
	when it is longer than the longest term offered (HEZO+: terms of 1-3 years, 5 in total); equal to
	it (the shipped 1/3-year plans say 3) it is just the longest term and renewals go on without limit."""
	offered = tuple(offered)
	if not max_total_years or (offered and max_total_years <= max(offered)):
		return None
	return max_total_years


def check_term(years: int, offered: Iterable[int], max_total_years: int | None, prior_years: int = 0) -> None:
	"""Refuse a term the plan does not offer, or one that takes a device's total coverage past the
	plan's limit (HEZO+: at most 5 years). `prior_years`: the device's earlier years under the plan."""
	offered = tuple(offered)
	if years not in offered:
		raise TermError(
			f"this plan offers terms of {', '.join(str(y) for y in offered)} years, not {years}",
			"not_offered",
		)
	limit = per_device_limit(offered, max_total_years)
	if limit is not None and prior_years + years > limit:
		raise TermError(
			f"a {years}-year term would cover the device for {prior_years + years} years in total; "
			f"this plan allows at most {limit}",
			"over_limit",
		)


def contract_years(start: date, end: date) -> list[tuple[date, date]]:
	"""The contract years of a term: [start, start + 1 y - 1 d], ...; the last one ends with the term."""
	if end < start:
		raise ContractRuleError("a contract cannot end before it starts")
	years = []
	n = 0
	while True:
		year_start = start + relativedelta(years=n)
		if year_start > end:
			return years
		years.append((year_start, min(end, start + relativedelta(years=n + 1) - timedelta(days=1))))
		n += 1


def contract_year(start: date, on: date) -> tuple[int, date, date]:
	"""(index from 1, first day, last day) of the contract year containing `on` (for a term starting
	on `start`); days before the start belong to year 1."""
	n = max(0, relativedelta(on, start).years) if on >= start else 0
	year_start = start + relativedelta(years=n)
	if year_start > on and n > 0:  # pragma: no cover - relativedelta never overshoots
		n -= 1
		year_start = start + relativedelta(years=n)
	return n + 1, year_start, start + relativedelta(years=n + 1) - timedelta(days=1)
