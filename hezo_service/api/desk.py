"""Small read-only helpers for the desk's forms (the ticket form's priority picker)."""

from __future__ import annotations

import frappe

from hezo_service.core.portal import normalise_contract_no

PRIORITY_FIELDS = (
	"priority",
	"label_pl",
	"label_en",
	"response_hours",
	"follow_up_hours",
	"delivery_kind",
	"delivery_hours",
)


@frappe.whitelist()
def plan_priorities(plan: str | None = None, contract_no: str | None = None) -> dict:
	"""The priorities of a service plan, in the plan's order. A new ticket has no plan yet (it is set
	when the ticket is accepted), so the plan may be given through the contract number instead."""
	if not plan and contract_no:
		contract = normalise_contract_no(contract_no)
		if contract and frappe.db.exists("HEZO Contract", contract):
			frappe.has_permission("HEZO Contract", "read", doc=contract, throw=True)
			plan = frappe.db.get_value("HEZO Contract", contract, "plan")
	if not plan or not frappe.db.exists("HEZO Service Plan", plan):
		return {"plan": None, "priorities": []}
	frappe.has_permission("HEZO Service Plan", "read", doc=plan, throw=True)
	rows = frappe.get_all(
		"HEZO Plan Priority",
		filters={"parenttype": "HEZO Service Plan", "parentfield": "priorities", "parent": plan},
		fields=list(PRIORITY_FIELDS),
		order_by="idx asc",
	)
	return {"plan": plan, "priorities": rows}
