"""Which contract covers a device on a day: the one rule every place asks.

A contract covers its devices on every day of its term (start and end dates included) unless it
never came into force (Draft) or was withdrawn (Cancelled). Expiring only says the term ends soon,
and Renewed and Lapsed only say how a term that has ended ended: on the days of that term the
contract did cover (a ticket reported then, a device's years under a plan, two contracts overlapping
in time all count them), and after its end date no status covers."""

from __future__ import annotations

from datetime import date

CONTRACT_STATUSES = ("Draft", "Active", "Expiring", "Lapsed", "Renewed", "Cancelled")
COVERING_STATUSES = ("Active", "Expiring", "Renewed", "Lapsed")
NOT_COVERING_STATUSES = tuple(s for s in CONTRACT_STATUSES if s not in COVERING_STATUSES)


def in_force(status: str) -> bool:
	"""The contract came into force and was not withdrawn: it covers on the days of its term."""
	return status in COVERING_STATUSES


def covers(status: str, start: date, end: date, on: date) -> bool:
	"""Whether a contract with this status and term covers its devices on `on`."""
	return in_force(status) and start <= on <= end
