"""Lists of a portal page come a page at a time, so a page costs the same for a customer with two
tickets or three hundred: one statement per list with a LIMIT one row past the page (that row only
says there is a next page), never a count."""

from __future__ import annotations

import frappe

PAGE_SIZE = 20


def page_number(value) -> int:
	"""The page a query string asks for: 1 for anything that is not a positive number."""
	number = frappe.utils.cint(value)
	return number if number > 0 else 1


def limits(number: int, size: int = PAGE_SIZE) -> dict:
	"""`frappe.get_list` arguments for page `number`, one row more than shown."""
	return {"limit_start": (number - 1) * size, "limit_page_length": size + 1}


def cut(rows: list, number: int, size: int = PAGE_SIZE) -> tuple[list, dict]:
	"""The rows to show and where the page stands (`number`, `previous`, `next`: page numbers or
	None)."""
	more = len(rows) > size
	return rows[:size], {
		"number": number,
		"previous": number - 1 if number > 1 else None,
		"next": number + 1 if more else None,
	}
