# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

"""Free spare Serial Nos per model (Item) in the spare warehouses against the devices covered by contracts in force, the units the
HEZO Settings thresholds require, and whether the model is low (the low-stock alert's own figures)."""

from __future__ import annotations

import frappe
from frappe import _

from hezo_service.services.rma.spare_stock import stock_levels


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("Serial No", "read", throw=True)
	rows = [
		{
			"model": level.model,
			"available": level.available,
			"covered": level.covered,
			"required": level.required,
			"low": 1 if level.low else 0,
		}
		for level in stock_levels()
		if not filters.get("only_low") or level.low
	]
	columns = [
		{"fieldname": "model", "label": _("Model"), "fieldtype": "Link", "options": "Item", "width": 200},
		{"fieldname": "available", "label": _("Spare units available"), "fieldtype": "Int", "width": 150},
		{"fieldname": "covered", "label": _("Covered devices"), "fieldtype": "Int", "width": 130},
		{"fieldname": "required", "label": _("Units required"), "fieldtype": "Int", "width": 120},
		{"fieldname": "low", "label": _("Low stock"), "fieldtype": "Check", "width": 90},
	]
	return columns, rows
