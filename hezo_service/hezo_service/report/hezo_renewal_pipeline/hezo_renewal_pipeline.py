"""Contracts ending within 30/60/90 days and not renewed yet, with their value and partner."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from hezo_service.services.contracts.coverage import covering_sql


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	days = int(filters.get("days") or 90)
	on = getdate(today())
	columns = [
		{
			"fieldname": "contract",
			"label": _("Contract"),
			"fieldtype": "Link",
			"options": "HEZO Contract",
			"width": 150,
		},
		{
			"fieldname": "customer",
			"label": _("End customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 110,
		},
		{"fieldname": "customer_name", "label": _("Customer name"), "fieldtype": "Data", "width": 180},
		{
			"fieldname": "partner",
			"label": _("Partner"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 140,
		},
		{
			"fieldname": "plan",
			"label": _("Service plan"),
			"fieldtype": "Link",
			"options": "HEZO Service Plan",
			"width": 140,
		},
		{"fieldname": "end_date", "label": _("End"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_left", "label": _("Days left"), "fieldtype": "Int", "width": 80},
		{"fieldname": "bucket", "label": _("Ends within"), "fieldtype": "Data", "width": 90},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 90},
		{
			"fieldname": "price",
			"label": _("Value"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 110,
		},
		{
			"fieldname": "currency",
			"label": _("Currency"),
			"fieldtype": "Link",
			"options": "Currency",
			"width": 70,
		},
	]
	conditions = {"on": on, "last": add_days(on, days)}
	extra = ""
	if filters.get("partner"):
		extra += " and c.partner = %(partner)s"
		conditions["partner"] = filters.partner
	rows = frappe.db.sql(
		f"""select c.name as contract, c.customer, cu.customer_name, c.partner, c.plan, c.end_date,
			datediff(c.end_date, %(on)s) as days_left, c.status, c.price, c.currency
		from `tabHEZO Contract` c join `tabCustomer` cu on cu.name = c.customer
		where {covering_sql("c", "%(on)s")} and c.renewed_to is null
			and c.end_date between %(on)s and %(last)s {extra}
		order by c.end_date, c.name""",
		conditions,
		as_dict=True,
	)
	for row in rows:
		row.bucket = "≤ 30" if row.days_left <= 30 else ("31–60" if row.days_left <= 60 else "61–90")
	chart = {
		"data": {
			"labels": ["≤ 30", "31–60", "61–90"],
			"datasets": [
				{
					"name": _("Value"),
					"values": [
						sum(r.price for r in rows if r.bucket == b) for b in ("≤ 30", "31–60", "61–90")
					],
				}
			],
		},
		"type": "bar",
	}
	return columns, rows, None, chart
