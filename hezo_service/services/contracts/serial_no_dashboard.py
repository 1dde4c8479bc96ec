"""Connections of a covered device's Serial No form: its HEZO contracts (through their device rows),
tickets, RMAs (as the faulty unit) and device events (the genealogy log: replaced by / replaces,
coverage moved, returned), beside whatever ERPNext shows there."""

from __future__ import annotations

from frappe import _

CONNECTIONS = {
	"HEZO Contract": "device",  # a field of the contract's device rows (Frappe resolves the child table)
	"HEZO Ticket": "device",
	"HEZO RMA": "faulty_device",
	"HEZO Device Event": "device",
}


def get_dashboard_data(data: dict) -> dict:
	data.setdefault("fieldname", "serial_no")
	data.setdefault("non_standard_fieldnames", {}).update(CONNECTIONS)
	data.setdefault("transactions", []).extend(
		[
			{"label": _("HEZO service"), "items": ["HEZO Contract", "HEZO Ticket"]},
			{"label": _("RMA"), "items": ["HEZO RMA", "HEZO Device Event"]},
		]
	)
	return data
