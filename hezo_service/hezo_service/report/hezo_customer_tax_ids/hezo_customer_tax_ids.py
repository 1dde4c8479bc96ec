# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

"""Customers the desk should know about: enabled end customers sharing a NIP (a sale naming it asks
staff to choose unless one has the contract), tax ids that are neither a NIP nor a valid EU VAT number,
and end customers with HEZO contracts but no valid NIP. Lists only; nothing is refused or rewritten."""

from __future__ import annotations

import frappe
from frappe import _

from hezo_service.services.common.customer_nips import findings

PROBLEMS = {
	"shared": "NIP shared with another end customer",
	"invalid": "Tax ID not valid (NIP or EU VAT number)",
	"no_nip": "HEZO contracts but no valid NIP",
}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("Customer", "read", throw=True)
	rows = [
		{
			"customer": f.customer,
			"customer_name": f.customer_name,
			"tax_id": f.tax_id,
			"nip": f.nip,
			"partner": 1 if f.partner else 0,
			"contracts": f.contracts,
			"problem": _(PROBLEMS[f.problem]),
			"shared_with": ", ".join(f.shared_with),
		}
		for f in findings()
		if not filters.get("problem") or f.problem == filters.problem
	]
	columns = [
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 200,
		},
		{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 200},
		{"fieldname": "tax_id", "label": _("Tax ID"), "fieldtype": "Data", "width": 150},
		{"fieldname": "nip", "label": _("NIP (HEZO)"), "fieldtype": "Data", "width": 110},
		{"fieldname": "partner", "label": _("HEZO partner"), "fieldtype": "Check", "width": 100},
		{"fieldname": "contracts", "label": _("HEZO contracts"), "fieldtype": "Int", "width": 110},
		{"fieldname": "problem", "label": _("Finding"), "fieldtype": "Data", "width": 260},
		{"fieldname": "shared_with", "label": _("Same NIP as"), "fieldtype": "Data", "width": 250},
	]
	return columns, rows
