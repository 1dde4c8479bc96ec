"""The coverage rule (`hezo_service.core.contracts.coverage`) as the database asks it: one SQL
condition and one filter set, so every query that asks "which contract covers this device on this
day" asks it the same way."""

from __future__ import annotations

from datetime import date

from hezo_service.core.contracts.coverage import COVERING_STATUSES, NOT_COVERING_STATUSES, covers, in_force

__all__ = [
	"COVERING_STATUSES",
	"NOT_COVERING_STATUSES",
	"covering_filters",
	"covering_sql",
	"covers",
	"in_force",
	"in_force_sql",
]


def in_force_sql(contract: str = "c") -> str:
	"""SQL: the contract (table alias `contract`) came into force and was not withdrawn."""
	return f"{contract}.status in ({', '.join(repr(s) for s in COVERING_STATUSES)})"


def covering_sql(contract: str = "c", on: str = "%(on)s") -> str:
	"""SQL: the contract (table alias `contract`) covers its devices on the day bound to `on`."""
	return f"{in_force_sql(contract)} and {contract}.start_date <= {on} and {contract}.end_date >= {on}"


def covering_filters(on: date | str) -> dict:
	"""`frappe.get_list` filters on HEZO Contract: the contracts covering their devices on `on`."""
	return {"status": ["in", COVERING_STATUSES], "start_date": ["<=", on], "end_date": [">=", on]}
