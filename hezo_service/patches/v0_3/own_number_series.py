"""Tickets, work orders and on-site visits each get a number series of their own (per year where the
name carries one). Their old `format:...{#####}` names drew from one series shared by every such
DocType, so a site's first ticket could be HZT-2026-00009 and numbers never restarted with the year.
Existing records keep their names: each new series starts after the highest number already used
under its prefix."""

from __future__ import annotations

import re

import frappe

# DocType -> its names, split into the series prefix and the number
NAMES = {
	"HEZO Ticket": re.compile(r"^(HZT-\d{4}-)(\d+)$"),
	"HEZO Work Order": re.compile(r"^(HZ-WO-)(\d+)$"),
	"HEZO Onsite Visit": re.compile(r"^(VIS-\d{4}-)(\d+)$"),
}


def highest_numbers() -> dict[str, int]:
	highest: dict[str, int] = {}
	for doctype, pattern in NAMES.items():
		for name in frappe.get_all(doctype, pluck="name"):
			found = pattern.match(name)
			if found:
				prefix, number = found.group(1), int(found.group(2))
				highest[prefix] = max(highest.get(prefix, 0), number)
	return highest


def execute() -> None:
	for prefix, number in highest_numbers().items():
		frappe.db.sql(
			"""insert into `tabSeries` (name, current) values (%s, %s)
			on duplicate key update current = greatest(current, values(current))""",
			(prefix, number),
		)
