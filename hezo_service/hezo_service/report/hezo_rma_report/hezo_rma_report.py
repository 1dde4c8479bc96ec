# Copyright (c) 2026, myHEZO and contributors
# For license information, please see license.txt

"""RMAs per customer and plan: turnaround (validity confirmed -> replacement delivered, real hours),
replacement delivered on time (the ticket's delivery clock), and return compliance (faulty unit back by
its due time), with overdue and chargeable units. One query through `frappe.get_list` (the user's
permissions apply); the figures come from the pure `hezo_service.core.rma.flow.summarise`."""

from __future__ import annotations

import frappe
from frappe import _

from hezo_service.core.rma.flow import RMAFacts, summarise
from hezo_service.services.common.timezone import aware, now


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	return get_columns(), rows


def get_columns() -> list[dict]:
	def col(fieldname, label, fieldtype="Int", width=110, **kw):
		return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **kw}

	return [
		col("customer", _("End customer"), "Link", 180, options="Customer"),
		col("plan", _("Plan"), "Link", 160, options="HEZO Service Plan"),
		col("rmas", _("RMAs")),
		col("delivered", _("Delivered")),
		col("delivered_on_time_percent", _("Delivered on time %"), "Percent"),
		col("avg_turnaround_hours", _("Average turnaround (h)"), "Float"),
		col("max_turnaround_hours", _("Longest turnaround (h)"), "Float"),
		col("returns_due", _("Returns due")),
		col("returned_on_time", _("Returned on time")),
		col("returned_late", _("Returned late")),
		col("overdue", _("Overdue")),
		col("chargeable", _("Chargeable")),
		col("return_compliance_percent", _("Return compliance %"), "Percent"),
	]


def get_data(filters) -> list[dict]:
	conditions = {"status": ["!=", "Cancelled"]}
	for field in ("customer", "plan"):
		if filters.get(field):
			conditions[field] = filters[field]
	if filters.get("from_date"):
		conditions["creation"] = [">=", filters.from_date]
	rmas = frappe.get_list(
		"HEZO RMA",
		filters=conditions,
		fields=[
			"customer",
			"plan",
			"ticket",
			"validity_confirmed_at",
			"delivered_at",
			"return_due",
			"return_received_at",
			"chargeable",
		],
		limit_page_length=0,
	)
	due = dict(
		frappe.get_all(
			"HEZO Ticket",
			filters={"name": ["in", [r.ticket for r in rmas] or [""]]},
			fields=["name", "delivery_due"],
			as_list=True,
		)
	)
	facts = [
		RMAFacts(
			r.customer or "",
			r.plan or "",
			aware(r.validity_confirmed_at),
			aware(r.delivered_at),
			aware(due.get(r.ticket)),
			aware(r.return_due),
			aware(r.return_received_at),
			bool(r.chargeable),
		)
		for r in rmas
	]
	return summarise(facts, now())
