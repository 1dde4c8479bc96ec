"""The Customer form's Connections show its HEZO contracts, tickets, RMAs and work orders (each links its
end customer in a field named `customer`, the dashboard's default fieldname)."""

from __future__ import annotations

from frappe import _


def get_data(data: dict) -> dict:
	data.setdefault("transactions", []).append(
		{"label": _("HEZO Service"), "items": ["HEZO Contract", "HEZO Ticket", "HEZO RMA", "HEZO Work Order"]}
	)
	return data
