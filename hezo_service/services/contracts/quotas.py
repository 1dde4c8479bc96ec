"""Quotas per contract year (HEZO 360: 5 remote configuration changes), consumed by fulfilled tickets of
that kind; each use past the quota is flagged billable on its ticket (and billed once, see billing)."""

from __future__ import annotations

from datetime import date

import frappe
from frappe.utils import getdate, today

from hezo_service.core.contracts import contract_year
from hezo_service.core.contracts import quota_usage as usage_of

FULFILLED = ("Resolved", "Closed")


def plan_quotas(plan: str) -> list[dict]:
	return frappe.get_all(
		"HEZO Plan Quota",
		filters={"parent": plan, "parenttype": "HEZO Service Plan", "parentfield": "quotas"},
		fields=["quota_kind", "per_contract_year", "label_pl", "label_en", "over_quota_price"],
		order_by="idx",
	)


def quota_usage(contract: str, on: date | str | None = None) -> list[dict]:
	"""For the portal, the contract form and the ticket: each quota of the contract's plan in the
	contract year containing `on` (today): kind, labels, limit, used, remaining, over, the year."""
	row = frappe.db.get_value("HEZO Contract", contract, ["plan", "start_date"], as_dict=True)
	if not row:
		return []
	index, first, last = contract_year(getdate(row.start_date), getdate(on or today()))
	counts = dict(
		frappe.db.sql(
			"""select request_kind, count(*) from `tabHEZO Ticket`
			where contract = %s and quota_contract_year = %s and quota_position > 0
			group by request_kind""",
			(contract, index),
		)
	)
	result = []
	for quota in plan_quotas(row.plan):
		usage = usage_of(quota.quota_kind, quota.per_contract_year or 0, counts.get(quota.quota_kind, 0))
		result.append(
			{
				"kind": quota.quota_kind,
				"label_pl": quota.label_pl,
				"label_en": quota.label_en,
				"limit": usage.limit,
				"used": usage.used,
				"remaining": usage.remaining,
				"over": usage.over,
				"contract_year": index,
				"year_start": str(first),
				"year_end": str(last),
			}
		)
	return result


def take_quota_use(ticket) -> None:
	"""After every save of a ticket: a fulfilled ticket of a quota kind takes the next use of its
	contract year, once (a reopened and re-resolved ticket keeps its place)."""
	if (
		not ticket.request_kind
		or ticket.status not in FULFILLED
		or ticket.quota_position
		or not ticket.contract
	):
		return
	contract = frappe.db.sql(
		"select plan, start_date from `tabHEZO Contract` where name = %s for update",
		ticket.contract,
		as_dict=True,
	)
	if not contract:
		return
	quota = next((q for q in plan_quotas(contract[0].plan) if q.quota_kind == ticket.request_kind), None)
	if quota is None:
		return
	on = getdate(ticket.resolved_at or today())
	index, _first, _last = contract_year(getdate(contract[0].start_date), on)
	used = frappe.db.count(
		"HEZO Ticket",
		{
			"contract": ticket.contract,
			"request_kind": ticket.request_kind,
			"quota_contract_year": index,
			"quota_position": [">", 0],
		},
	)
	position = used + 1
	billable = usage_of(quota.quota_kind, quota.per_contract_year or 0, position).is_billable(position)
	ticket.db_set(
		{"quota_contract_year": index, "quota_position": position, "quota_billable": int(billable)},
		update_modified=False,
	)
